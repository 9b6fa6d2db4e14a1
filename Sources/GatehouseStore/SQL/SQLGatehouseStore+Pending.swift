public import struct Foundation.Date
import SQLKit

extension SQLGatehouseStore {
    public func savePendingLogin(_ login: PendingLogin) async throws {
        try await run { db in
            try await db.raw("""
                INSERT INTO pending_logins (id, kind, org_id, connection_id, nonce, pkce_verifier, relay_state,
                return_to, created_at, expires_at) VALUES (\(bind: login.id), \(bind: login.kind),
                \(bind: login.organizationID), \(bind: login.connectionID), \(bind: login.nonce),
                \(bind: login.pkceVerifier), \(bind: login.relayState), \(bind: login.returnTo),
                \(bind: Millis.from(login.createdAt)), \(bind: Millis.from(login.expiresAt)))
                """).run()
        }
    }

    public func consumePendingLogin(id: String, now: Date) async throws -> PendingLogin? {
        let row = try await run { db in
            try await db.raw("""
                DELETE FROM pending_logins WHERE id = \(bind: id)
                RETURNING id, kind, org_id, connection_id, nonce, pkce_verifier, relay_state, return_to,
                created_at, expires_at
                """).first().map { try Self.pendingLogin($0) }
        }
        guard let row, row.expiresAt > now else { return nil }
        return row
    }

    static func pendingLogin(_ row: any SQLRow) throws -> PendingLogin {
        PendingLogin(
            id: try row.string("id"), kind: try row.string("kind"), organizationID: try row.string("org_id"),
            connectionID: try row.string("connection_id"), nonce: try row.optionalString("nonce"),
            pkceVerifier: try row.optionalString("pkce_verifier"), relayState: try row.optionalString("relay_state"),
            returnTo: try row.optionalString("return_to"), createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"))
    }
}
