import SQLKit

extension SQLGatehouseStore {
    public func auditOrganizationIDs() async throws -> [String] {
        try await run { db in
            try await db.raw("SELECT DISTINCT org_id FROM audit_events ORDER BY org_id").all().map { try $0.string("org_id") }
        }
    }
}
