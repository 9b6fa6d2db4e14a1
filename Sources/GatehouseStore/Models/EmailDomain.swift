public import struct Foundation.Date

/// An email domain claimed by an organization, with its verification state.
///
/// Several organizations may claim a domain; at most one may hold it `verified` (a unique index enforces it).
public struct EmailDomain: Sendable, Hashable {
    public var domain: String
    public var organizationID: String
    /// The value the org must publish (e.g. a DNS TXT record).
    public var token: String
    /// Verification state, owned by the domains module (`pending`, `verified`, `failed`, `revoked`, …).
    public var status: String
    /// Whether logins for this domain are forced through the org's IdP.
    public var enforced: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var verifiedAt: Date?
    public var lastCheckedAt: Date?
    /// The domain lifecycle's full state (GatehouseDomains `DomainClaim` as JSON; `{}` when only configured).
    public var lifecycleJSON: String = "{}"

    public init(
        domain: String, organizationID: String, token: String, status: String = "pending", enforced: Bool = false,
        createdAt: Date, updatedAt: Date? = nil, verifiedAt: Date? = nil, lastCheckedAt: Date? = nil,
        lifecycleJSON: String = "{}"
    ) {
        self.domain = domain
        self.organizationID = organizationID
        self.token = token
        self.status = status
        self.enforced = enforced
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.verifiedAt = verifiedAt
        self.lastCheckedAt = lastCheckedAt
        self.lifecycleJSON = lifecycleJSON
    }
}
