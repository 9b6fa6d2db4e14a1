public import Foundation
import SQLKit

extension SQLGatehouseStore {
    public func createSCIMToken(organizationID: String, label: String, now: Date) async throws -> (SCIMToken, String) {
        let plaintext = OpaqueToken.generate(prefix: "ghscim_")
        let token = SCIMToken(
            id: UUID().uuidString.lowercased(), organizationID: organizationID, label: label,
            tokenHash: OpaqueToken.hash(plaintext), createdAt: now)
        try await run { db in
            try await db.raw("""
                INSERT INTO scim_tokens (id, org_id, label, token_hash, created_at) VALUES (\(bind: token.id),
                \(bind: token.organizationID), \(bind: token.label), \(bind: token.tokenHash),
                \(bind: Millis.from(token.createdAt)))
                """).run()
        }
        return (token, plaintext)
    }

    public func authenticateSCIMToken(_ plaintext: String, now: Date) async throws -> SCIMToken? {
        let hash = OpaqueToken.hash(plaintext)
        let now = Millis.from(now)
        return try await run { db in
            try await db.raw("""
                UPDATE scim_tokens SET last_used_at = \(bind: now) WHERE token_hash = \(bind: hash)
                AND revoked_at IS NULL RETURNING *
                """).first().map { try Self.scimToken($0) }
        }
    }

    public func revokeSCIMToken(id: String, at: Date) async throws -> Bool {
        let at = Millis.from(at)
        return try await run { db in
            try await db.raw("""
                UPDATE scim_tokens SET revoked_at = \(bind: at) WHERE id = \(bind: id) AND revoked_at IS NULL
                RETURNING id
                """).first() != nil
        }
    }

    public func scimTokens(organizationID: String) async throws -> [SCIMToken] {
        try await run { db in
            try await db.raw("SELECT * FROM scim_tokens WHERE org_id = \(bind: organizationID) ORDER BY created_at, id")
                .all().map { try Self.scimToken($0) }
        }
    }

    static func scimToken(_ row: any SQLRow) throws -> SCIMToken {
        SCIMToken(
            id: try row.string("id"), organizationID: try row.string("org_id"), label: try row.string("label"),
            tokenHash: try row.string("token_hash"), createdAt: try row.date("created_at"),
            lastUsedAt: try row.optionalDate("last_used_at"), revokedAt: try row.optionalDate("revoked_at"))
    }
}
