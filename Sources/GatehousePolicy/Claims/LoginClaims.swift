/// What an IdP said about a user at login, normalized for role mapping.
///
/// The SAML and OIDC paths fill it after verification; `--members` exports and `policy explain --claims`
/// fill it from files. *Absent* and *empty* groups differ: `groups == nil` means the IdP sent no groups
/// claim at all (often a missing attribute statement or claim mapping), `groups == []` means it sent the
/// claim with no values (the user is in no assigned group).
public struct LoginClaims: Hashable, Sendable {
    public enum SourceProtocol: String, Hashable, Sendable { case saml, oidc, file }

    /// Where the claims came from: protocol, IdP vendor profile (`okta`, `entra`, `google`, `generic`) and connection.
    public struct Source: Hashable, Sendable {
        public var sourceProtocol: SourceProtocol
        public var vendor: String?
        public var connectionID: String?
        public init(sourceProtocol: SourceProtocol = .file, vendor: String? = nil, connectionID: String? = nil) {
            self.sourceProtocol = sourceProtocol
            self.vendor = vendor
            self.connectionID = connectionID
        }
    }

    public var subject: String?
    public var email: String?
    /// `nil` when the IdP does not say (SAML usually); `false` is a denial.
    public var emailVerified: Bool?
    public var name: String?
    /// Group names as sent; `nil` = claim absent, `[]` = claim present and empty.
    public var groups: [String]?
    /// Group object IDs (Entra `groups` claim in ID form, SCIM group IDs).
    public var groupIDs: [String]
    /// The IdP signalled group overage (Entra `_claim_names`/`hasgroups`) instead of sending the groups.
    public var groupsOverage: Bool
    /// Other attributes, multi-valued (SAML attributes, OIDC claims flattened to strings).
    public var attributes: [String: [String]]
    public var source: Source

    public init(
        subject: String? = nil, email: String? = nil, emailVerified: Bool? = nil, name: String? = nil,
        groups: [String]? = nil, groupIDs: [String] = [], groupsOverage: Bool = false,
        attributes: [String: [String]] = [:], source: Source = Source()
    ) {
        self.subject = subject
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
        self.groups = groups
        self.groupIDs = groupIDs
        self.groupsOverage = groupsOverage
        self.attributes = attributes
        self.source = source
    }
}
