/// Queries the audit retention service needs beyond ``AuditStore``.
public protocol AuditMaintenanceStore: Sendable {
    /// Every organization ID that has at least one audit event (including organizations since deleted), sorted.
    func auditOrganizationIDs() async throws -> [String]
}
