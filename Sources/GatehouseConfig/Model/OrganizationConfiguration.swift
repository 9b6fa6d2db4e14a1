public import GatehousePolicy
public import struct Foundation.Date

/// One organization (workspace): domains, IdP connections, role mapping, break-glass, SCIM, enforcement.
public struct OrganizationConfiguration: Hashable, Sendable {
    public var id: String
    public var name: String
    public var domains: [OrgDomain]
    public var connections: [ConnectionConfiguration]
    public var roleMapping: RoleMappingPolicy
    public var breakGlass: [BreakGlassAccount]
    /// SCIM deprovisioning is connected. Default `false`.
    public var scimConnected: Bool
    /// SSO is enforced for the org's verified, enforced domains. Default `false`; turn on only after a clean
    /// `gatehouse enforce --dry-run`.
    public var enforceSSO: Bool
    /// How long audit events are kept (`30d`, `90d`, `forever`, `0` = until delivered to the SIEM). Default: forever.
    public var auditRetention: String?
    /// SIEM webhook receiving every audit event (HMAC-signed; docs/audit.md). Default: none.
    public var auditWebhookURL: String?
    /// The webhook's HMAC secret, always a reference (`env:NAME`).
    public var auditWebhookSecret: SecretReference?

    public init(
        id: String, name: String, domains: [OrgDomain] = [], connections: [ConnectionConfiguration] = [],
        roleMapping: RoleMappingPolicy = RoleMappingPolicy(), breakGlass: [BreakGlassAccount] = [],
        scimConnected: Bool = false, enforceSSO: Bool = false
    ) {
        self.id = id
        self.name = name
        self.domains = domains
        self.connections = connections
        self.roleMapping = roleMapping
        self.breakGlass = breakGlass
        self.scimConnected = scimConnected
        self.enforceSSO = enforceSSO
    }

    /// The input of the dry run for this org, evaluated at `now`.
    public func enforcementContext(now: Date) -> EnforcementContext {
        EnforcementContext(
            orgID: id, orgName: name, policy: roleMapping, domains: domains,
            connections: connections.map(\.summary), breakGlass: breakGlass, scimConnected: scimConnected, now: now)
    }
}
