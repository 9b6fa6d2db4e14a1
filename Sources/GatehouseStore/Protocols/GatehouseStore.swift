public import GatehouseCore
public import struct Foundation.Date

/// Everything the gateway, SCIM and the audit log keep: one façade over the per-concern protocols, implemented by
/// ``SQLGatehouseStore`` for SQLite and PostgreSQL alike. It is also the SAML ``ReplayCache`` of every instance.
public protocol GatehouseStore: SessionStore, PendingLoginStore, OrganizationStore, DomainStore, DirectoryStore,
    SCIMTokenStore, AuditStore, ReplayCache, SCIMQueryStore, AuditMaintenanceStore
{
    /// Deletes replay-cache entries, pending logins and sessions that expired at or before `now`
    /// (sessions also when revoked more than an hour before `now`).
    @discardableResult func sweepExpired(now: Date) async throws -> SweepResult
    /// The schema version the database is at.
    func schemaVersion() async throws -> Int
    /// Closes the connections. Further calls fail with `store.unavailable`.
    func close() async
}
