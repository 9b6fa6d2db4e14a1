public import struct Foundation.Date

/// One member of an organization as the dry run sees them.
public struct OrgMember: Hashable, Sendable {
    /// Where `claims` came from.
    public enum ClaimsOrigin: Hashable, Sendable {
        /// The claims of the member's last SSO login (from the store).
        case lastSSOLogin(at: Date)
        /// An IdP export (`--members`): what the IdP would send today.
        case idpExport
    }

    public var email: String
    public var name: String?
    /// The role today; `nil` for people who are not yet members (they would be created by JIT).
    public var currentRole: Role?
    /// `nil` when the member never signed in through SSO and no export lists them.
    public var claims: LoginClaims?
    public var claimsOrigin: ClaimsOrigin?
    /// Present in the SCIM directory; `nil` when SCIM is not used.
    public var scimPresent: Bool?

    public init(
        email: String, name: String? = nil, currentRole: Role? = nil, claims: LoginClaims? = nil,
        claimsOrigin: ClaimsOrigin? = nil, scimPresent: Bool? = nil
    ) {
        self.email = email
        self.name = name
        self.currentRole = currentRole
        self.claims = claims
        self.claimsOrigin = claimsOrigin ?? (claims == nil ? nil : .idpExport)
        self.scimPresent = scimPresent
    }
}

/// Where the dry run gets an org's members: the store (JIT logins, SCIM directory) or an IdP export file.
public protocol MemberSource: Sendable {
    /// All members of `orgID`, with their current role and the claims to predict from.
    func members(ofOrg orgID: String) async throws -> [OrgMember]
}

/// Members already in memory: parsed from a `--members` export (see ``MemberFileParser``) or built by tests.
public struct StaticMemberSource: MemberSource {
    public let list: [OrgMember]
    public init(_ list: [OrgMember]) { self.list = list }
    public func members(ofOrg orgID: String) async throws -> [OrgMember] { list }
}
