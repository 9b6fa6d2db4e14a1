import Foundation
import SQLKit

extension SQLGatehouseStore {
    public func createGroup(_ g: DirectoryGroup) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO groups_ (id, org_id, external_id, display_name, version, created_at, updated_at)
                VALUES (\(bind: g.id), \(bind: g.organizationID), \(bind: g.externalID), \(bind: g.displayName),
                \(bind: g.version), \(bind: Millis.from(g.createdAt)), \(bind: Millis.from(g.updatedAt)))
                """).run()
        }
    }

    public func updateGroup(_ g: DirectoryGroup, expectedVersion: Int64?) async throws -> DirectoryGroup {
        let expected = expectedVersion ?? -1
        let updated = try await run { db in
            try await db.raw("""
                UPDATE groups_ SET external_id = \(bind: g.externalID), display_name = \(bind: g.displayName),
                version = version + 1, updated_at = \(bind: Millis.from(g.updatedAt))
                WHERE id = \(bind: g.id) AND (\(bind: expected) < 0 OR version = \(bind: expected)) RETURNING *
                """).first().map { try Self.group($0) }
        }
        if let updated { return updated }
        guard let current = try await group(id: g.id) else { throw StoreError.notFound("group '\(g.id)'") }
        throw StoreError.conflict("group '\(g.id)' is at version \(current.version), expected \(expected)")
    }

    public func group(id: String) async throws -> DirectoryGroup? {
        try await run { db in
            try await db.raw("SELECT * FROM groups_ WHERE id = \(bind: id)").first().map { try Self.group($0) }
        }
    }

    public func group(organizationID: String, displayName: String) async throws -> DirectoryGroup? {
        try await run { db in
            try await db.raw("""
                SELECT * FROM groups_ WHERE org_id = \(bind: organizationID) AND display_name = \(bind: displayName)
                """).first().map { try Self.group($0) }
        }
    }

    public func groups(organizationID: String, offset: Int, limit: Int) async throws -> [DirectoryGroup] {
        try await run { db in
            try await db.raw("""
                SELECT * FROM groups_ WHERE org_id = \(bind: organizationID) ORDER BY created_at, id
                LIMIT \(bind: Int64(limit)) OFFSET \(bind: Int64(offset))
                """).all().map { try Self.group($0) }
        }
    }

    public func deleteGroup(id: String) async throws -> Bool {
        try await run { db in
            try await db.raw("DELETE FROM groups_ WHERE id = \(bind: id) RETURNING id").first() != nil
        }
    }

    public func changeMembers(groupID: String, add: [String], remove: [String]) async throws {
        try await transaction { db in
            for userID in remove {
                try await db.raw("DELETE FROM memberships WHERE group_id = \(bind: groupID) AND user_id = \(bind: userID)").run()
            }
            for userID in add {
                try await db.raw("""
                    INSERT INTO memberships (group_id, user_id) VALUES (\(bind: groupID), \(bind: userID))
                    ON CONFLICT (group_id, user_id) DO NOTHING
                    """).run()
            }
            try await db.raw("UPDATE groups_ SET version = version + 1 WHERE id = \(bind: groupID)").run()
        }
    }

    public func replaceMembers(groupID: String, userIDs: [String]) async throws {
        try await transaction { db in
            try await db.raw("DELETE FROM memberships WHERE group_id = \(bind: groupID)").run()
            for userID in Set(userIDs) {
                try await db.raw("INSERT INTO memberships (group_id, user_id) VALUES (\(bind: groupID), \(bind: userID))").run()
            }
            try await db.raw("UPDATE groups_ SET version = version + 1 WHERE id = \(bind: groupID)").run()
        }
    }

    public func memberIDs(groupID: String) async throws -> [String] {
        try await run { db in
            try await db.raw("SELECT user_id FROM memberships WHERE group_id = \(bind: groupID) ORDER BY user_id")
                .all().map { try $0.string("user_id") }
        }
    }

    public func groupIDs(userID: String) async throws -> [String] {
        try await run { db in
            try await db.raw("SELECT group_id FROM memberships WHERE user_id = \(bind: userID) ORDER BY group_id")
                .all().map { try $0.string("group_id") }
        }
    }

    public func recordLogin(_ r: LoginRecord) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO login_records (user_id, org_id, connection_id, claims_json, logged_in_at)
                VALUES (\(bind: r.userID), \(bind: r.organizationID), \(bind: r.connectionID), \(bind: r.claimsJSON),
                \(bind: Millis.from(r.loggedInAt)))
                ON CONFLICT (user_id) DO UPDATE SET org_id = excluded.org_id, connection_id = excluded.connection_id,
                claims_json = excluded.claims_json, logged_in_at = excluded.logged_in_at
                """).run()
        }
    }

    public func lastLogin(userID: String) async throws -> LoginRecord? {
        try await run { db in
            try await db.raw("SELECT * FROM login_records WHERE user_id = \(bind: userID)").first().map {
                LoginRecord(userID: try $0.string("user_id"), organizationID: try $0.string("org_id"),
                            connectionID: try $0.string("connection_id"), claimsJSON: try $0.string("claims_json"),
                            loggedInAt: try $0.date("logged_in_at"))
            }
        }
    }

    static func group(_ row: any SQLRow) throws -> DirectoryGroup {
        DirectoryGroup(
            id: try row.string("id"), organizationID: try row.string("org_id"),
            externalID: try row.optionalString("external_id"), displayName: try row.string("display_name"),
            version: try row.int("version"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
