import Foundation
import SQLKit

extension SQLGatehouseStore {
    public func createOrganization(_ org: Organization) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO organizations (id, name, settings_json, created_at, updated_at) VALUES (\(bind: org.id),
                \(bind: org.name), \(bind: org.settingsJSON), \(bind: Millis.from(org.createdAt)),
                \(bind: Millis.from(org.updatedAt)))
                """).run()
        }
    }

    public func updateOrganization(_ org: Organization) async throws {
        let found = try await run { db in
            try await db.raw("""
                UPDATE organizations SET name = \(bind: org.name), settings_json = \(bind: org.settingsJSON),
                updated_at = \(bind: Millis.from(org.updatedAt)) WHERE id = \(bind: org.id) RETURNING id
                """).first() != nil
        }
        if !found { throw StoreError.notFound("organization '\(org.id)'") }
    }

    public func organization(id: String) async throws -> Organization? {
        try await run { db in
            try await db.raw("SELECT * FROM organizations WHERE id = \(bind: id)").first().map { try Self.organization($0) }
        }
    }

    public func organizations() async throws -> [Organization] {
        try await run { db in
            try await db.raw("SELECT * FROM organizations ORDER BY id").all().map { try Self.organization($0) }
        }
    }

    public func saveRole(_ role: OrganizationRole) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO roles (org_id, name, description, rank) VALUES (\(bind: role.organizationID),
                \(bind: role.name), \(bind: role.description), \(bind: role.rank))
                ON CONFLICT (org_id, name) DO UPDATE SET description = excluded.description, rank = excluded.rank
                """).run()
        }
    }

    public func roles(organizationID: String) async throws -> [OrganizationRole] {
        try await run { db in
            try await db.raw("SELECT * FROM roles WHERE org_id = \(bind: organizationID) ORDER BY rank, name").all().map {
                OrganizationRole(organizationID: try $0.string("org_id"), name: try $0.string("name"),
                     description: try $0.string("description"), rank: try $0.int("rank"))
            }
        }
    }

    static func organization(_ row: any SQLRow) throws -> Organization {
        Organization(
            id: try row.string("id"), name: try row.string("name"), settingsJSON: try row.string("settings_json"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
