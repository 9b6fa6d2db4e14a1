/// The schemas this service provider supports: core User, the enterprise User extension, and Group.
enum SCIMSchemas {
    static let userURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let groupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let listURN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    static let patchURN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let searchURN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
    static let errorURN = "urn:ietf:params:scim:api:messages:2.0:Error"

    typealias A = SCIMAttribute

    private static func multi(_ name: String, _ description: String, types: [String], extra: [A] = []) -> A {
        A(name, .complex, multi: true, description, sub: [
            A("value", .string, "The value."),
            A("display", .string, "A human-readable name, primarily used for display purposes."),
            A("type", .string, "A label indicating the attribute's function.", canonical: types),
            A("primary", .boolean, "Whether this is the primary value."),
        ] + extra)
    }

    /// Attributes every resource has (RFC 7643 §3.1). Not part of the /Schemas listing of each schema.
    static let common: [A] = [
        A("id", .string, caseExact: true, mutability: .readOnly, returned: .always, uniqueness: "server",
          "Unique identifier for the SCIM resource as defined by the service provider."),
        A("externalId", .string, caseExact: true, "An identifier for the resource as defined by the provisioning client."),
        A("meta", .complex, mutability: .readOnly, "Resource metadata.", sub: [
            A("resourceType", .string, caseExact: true, mutability: .readOnly, "The name of the resource type."),
            A("created", .dateTime, mutability: .readOnly, "When the resource was added."),
            A("lastModified", .dateTime, mutability: .readOnly, "When the resource was last updated."),
            A("location", .reference, caseExact: true, mutability: .readOnly, "The URI of the resource.", refs: ["uri"]),
            A("version", .string, caseExact: true, mutability: .readOnly, "The version (ETag) of the resource."),
        ]),
    ]

    static let user = SCIMSchema(id: userURN, name: "User", description: "User Account", attributes: [
        A("userName", .string, required: true, uniqueness: "server",
          "Unique identifier for the User, typically used to sign in. Case-insensitive."),
        A("name", .complex, "The components of the user's real name.", sub: [
            A("formatted", .string, "The full name."),
            A("familyName", .string, "The family name."),
            A("givenName", .string, "The given name."),
            A("middleName", .string, "The middle name(s)."),
            A("honorificPrefix", .string, "The honorific prefix(es)."),
            A("honorificSuffix", .string, "The honorific suffix(es)."),
        ]),
        A("displayName", .string, "The name of the User, suitable for display to end-users."),
        A("nickName", .string, "The casual way to address the user."),
        A("profileUrl", .reference, "A URI to the user's online profile.", refs: ["external"]),
        A("title", .string, "The user's title."),
        A("userType", .string, "The relationship between the organization and the user."),
        A("preferredLanguage", .string, "The user's preferred written or spoken language."),
        A("locale", .string, "The user's default location."),
        A("timezone", .string, "The user's time zone (IANA)."),
        A("active", .boolean, "The user's administrative status. false deprovisions the user and ends their sessions."),
        A("password", .string, mutability: .writeOnly, returned: .never, "Not stored: Gatehouse users sign in through SSO."),
        multi("emails", "Email addresses for the user.", types: ["work", "home", "other"]),
        multi("phoneNumbers", "Phone numbers for the user.", types: ["work", "home", "mobile", "fax", "pager", "other"]),
        multi("ims", "Instant messaging addresses for the user.", types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
        multi("photos", "URLs of photos of the user.", types: ["photo", "thumbnail"]),
        A("addresses", .complex, multi: true, "A physical mailing address for this user.", sub: [
            A("formatted", .string, "The full mailing address."),
            A("streetAddress", .string, "The street address."),
            A("locality", .string, "The city or locality."),
            A("region", .string, "The state or region."),
            A("postalCode", .string, "The zip code or postal code."),
            A("country", .string, "The country name (ISO 3166-1 alpha-2)."),
            A("type", .string, "work, home or other.", canonical: ["work", "home", "other"]),
            A("primary", .boolean, "Whether this is the primary address."),
        ]),
        A("groups", .complex, multi: true, mutability: .readOnly, "Groups the user belongs to (change through /Groups).", sub: [
            A("value", .string, mutability: .readOnly, "The identifier of the group."),
            A("$ref", .reference, mutability: .readOnly, "The URI of the group.", refs: ["Group"]),
            A("display", .string, mutability: .readOnly, "The group's displayName."),
            A("type", .string, mutability: .readOnly, "direct", canonical: ["direct", "indirect"]),
        ]),
        multi("entitlements", "Entitlements of the user.", types: []),
        multi("roles", "The user's workspace role; the primary (or only) value is the role.", types: []),
        multi("x509Certificates", "X.509 certificates of the user.", types: []),
    ])

    static let enterprise = SCIMSchema(id: enterpriseURN, name: "EnterpriseUser", description: "Enterprise User", attributes: [
        A("employeeNumber", .string, "Numeric or alphanumeric identifier assigned to a person."),
        A("costCenter", .string, "Identifies the name of a cost center."),
        A("organization", .string, "Identifies the name of an organization."),
        A("division", .string, "Identifies the name of a division."),
        A("department", .string, "Identifies the name of a department."),
        A("manager", .complex, "The user's manager.", sub: [
            A("value", .string, "The id of the manager's User resource."),
            A("$ref", .reference, "The URI of the manager's User resource.", refs: ["User"]),
            A("displayName", .string, mutability: .readOnly, "The manager's displayName."),
        ]),
    ])

    static let group = SCIMSchema(id: groupURN, name: "Group", description: "Group", attributes: [
        A("displayName", .string, required: true, uniqueness: "server", "A human-readable name for the Group."),
        A("members", .complex, multi: true, "A list of members of the Group.", sub: [
            A("value", .string, caseExact: true, mutability: .immutable, "Identifier of the member of this Group."),
            A("$ref", .reference, mutability: .immutable, "The URI of the member resource.", refs: ["User"]),
            A("type", .string, mutability: .immutable, "User", canonical: ["User"]),
        ]),
    ])
}
