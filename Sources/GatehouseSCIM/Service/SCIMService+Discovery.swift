/// `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas` (RFC 7643 §5–7).
extension SCIMService {
    static func serviceProviderConfig(_ c: SCIMConfiguration) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig")]),
            "documentationUri": .string("https://github.com/gatehouse/gatehouse/blob/main/docs/scim.md"),
            "patch": .object(["supported": .bool(true)]),
            "bulk": .object(["supported": .bool(false), "maxOperations": .number(0), "maxPayloadSize": .number(0)]),
            "filter": .object(["supported": .bool(true), "maxResults": .number(Double(c.maxResults))]),
            "changePassword": .object(["supported": .bool(false)]),
            "sort": .object(["supported": .bool(true)]),
            "etag": .object(["supported": .bool(true)]),
            "authenticationSchemes": .array([
                .object([
                    "type": .string("oauthbearertoken"), "name": .string("OAuth Bearer Token"),
                    "description": .string("A per-organization SCIM token created in Gatehouse (Authorization: Bearer ghscim_…)."),
                    "primary": .bool(true),
                ])
            ]),
            "meta": .object([
                "resourceType": .string("ServiceProviderConfig"), "location": .string("\(c.baseURL)/ServiceProviderConfig"),
            ]),
        ])
    }

    func resourceTypeDocument(_ t: SCIMResourceType) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:ResourceType")]),
            "id": .string(t.name), "name": .string(t.name), "endpoint": .string(t.endpoint),
            "description": .string(t.core.description), "schema": .string(t.core.id),
            "schemaExtensions": .array(t.extensions.map { .object(["schema": .string($0.id), "required": .bool(false)]) }),
            "meta": .object([
                "resourceType": .string("ResourceType"), "location": .string("\(configuration.baseURL)/ResourceTypes/\(t.name)"),
            ]),
        ])
    }

    func schemaDocument(_ s: SCIMSchema) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:Schema")]),
            "id": .string(s.id), "name": .string(s.name), "description": .string(s.description),
            "attributes": .array(s.attributes.map(\.json)),
            "meta": .object(["resourceType": .string("Schema"), "location": .string("\(configuration.baseURL)/Schemas/\(s.id)")]),
        ])
    }

    static func listResponse(_ resources: [JSONValue], total: Int, startIndex: Int) -> JSONValue {
        .object([
            "schemas": .array([.string(SCIMSchemas.listURN)]), "totalResults": .number(Double(total)),
            "startIndex": .number(Double(startIndex)), "itemsPerPage": .number(Double(resources.count)),
            "Resources": .array(resources),
        ])
    }

    func resourceTypes(_ id: String?) throws(SCIMError) -> SCIMResponse {
        let all: [SCIMResourceType] = [.user, .group]
        guard let id else { return .json(200, Self.listResponse(all.map(resourceTypeDocument), total: all.count, startIndex: 1)) }
        guard let t = all.first(where: { $0.name.lowercased() == id.lowercased() }) else {
            throw SCIMError(.notFound, "no resource type '\(id.prefix(100))'; there are User and Group")
        }
        return .json(200, resourceTypeDocument(t))
    }

    func schemas(_ id: String?) throws(SCIMError) -> SCIMResponse {
        let all = [SCIMSchemas.user, SCIMSchemas.enterprise, SCIMSchemas.group]
        guard let id else { return .json(200, Self.listResponse(all.map(schemaDocument), total: all.count, startIndex: 1)) }
        guard let s = all.first(where: { $0.id.lowercased() == id.lowercased() }) else {
            throw SCIMError(.notFound, "no schema '\(id.prefix(200))'")
        }
        return .json(200, schemaDocument(s))
    }
}
