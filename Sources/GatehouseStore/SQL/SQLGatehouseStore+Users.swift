import Foundation
import SQLKit

extension SQLGatehouseStore {
    public func createUser(_ u: DirectoryUser) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO users (id, org_id, external_id, user_name, email, display_name, active, role, source,
                attributes_json, version, created_at, updated_at) VALUES (\(bind: u.id), \(bind: u.organizationID),
                \(bind: u.externalID), \(bind: u.userName), \(bind: u.email), \(bind: u.displayName),
                \(bind: u.active ? 1 : 0 as Int64), \(bind: u.role), \(bind: u.source), \(bind: u.attributesJSON),
                \(bind: u.version), \(bind: Millis.from(u.createdAt)), \(bind: Millis.from(u.updatedAt)))
                """).run()
        }
    }

    public func updateUser(_ u: DirectoryUser, expectedVersion: Int64?) async throws -> DirectoryUser {
        let expected = expectedVersion ?? -1
        let updated = try await run { db in
            try await db.raw("""
                UPDATE users SET external_id = \(bind: u.externalID), user_name = \(bind: u.userName),
                email = \(bind: u.email), display_name = \(bind: u.displayName), active = \(bind: u.active ? 1 : 0 as Int64),
                role = \(bind: u.role), source = \(bind: u.source), attributes_json = \(bind: u.attributesJSON),
                version = version + 1, updated_at = \(bind: Millis.from(u.updatedAt))
                WHERE id = \(bind: u.id) AND (\(bind: expected) < 0 OR version = \(bind: expected))
                RETURNING *
                """).first().map { try Self.user($0) }
        }
        if let updated { return updated }
        guard let current = try await user(id: u.id) else { throw StoreError.notFound("user '\(u.id)'") }
        throw StoreError.conflict("user '\(u.id)' is at version \(current.version), expected \(expected)")
    }

    public func user(id: String) async throws -> DirectoryUser? {
        try await oneUser("SELECT * FROM users WHERE id = \(bind: id)")
    }

    public func user(organizationID: String, email: String) async throws -> DirectoryUser? {
        try await oneUser("SELECT * FROM users WHERE org_id = \(bind: organizationID) AND email = \(bind: email)")
    }

    public func user(organizationID: String, externalID: String) async throws -> DirectoryUser? {
        try await oneUser("SELECT * FROM users WHERE org_id = \(bind: organizationID) AND external_id = \(bind: externalID)")
    }

    public func user(organizationID: String, userName: String) async throws -> DirectoryUser? {
        try await oneUser("SELECT * FROM users WHERE org_id = \(bind: organizationID) AND user_name = \(bind: userName)")
    }

    public func users(organizationID: String, offset: Int, limit: Int) async throws -> [DirectoryUser] {
        try await run { db in
            try await db.raw("""
                SELECT * FROM users WHERE org_id = \(bind: organizationID) ORDER BY created_at, id
                LIMIT \(bind: Int64(limit)) OFFSET \(bind: Int64(offset))
                """).all().map { try Self.user($0) }
        }
    }

    public func countUsers(organizationID: String, activeOnly: Bool) async throws -> Int {
        let minimum: Int64 = activeOnly ? 1 : 0
        return try await run { db in
            let row = try await db.raw("""
                SELECT COUNT(*) AS n FROM users WHERE org_id = \(bind: organizationID) AND active >= \(bind: minimum)
                """).first()
            return Int(try row?.int("n") ?? 0)
        }
    }

    public func deleteUser(id: String) async throws -> Bool {
        try await run { db in
            try await db.raw("DELETE FROM users WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    private func oneUser(_ query: SQLQueryString) async throws -> DirectoryUser? {
        try await run { db in try await db.raw(query).first().map { try Self.user($0) } }
    }

    static func user(_ row: any SQLRow) throws -> DirectoryUser {
        DirectoryUser(
            id: try row.string("id"), organizationID: try row.string("org_id"),
            externalID: try row.optionalString("external_id"), userName: try row.string("user_name"),
            email: try row.string("email"), displayName: try row.string("display_name"), active: try row.bool("active"),
            role: try row.string("role"), source: try row.string("source"),
            attributesJSON: try row.string("attributes_json"), version: try row.int("version"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
