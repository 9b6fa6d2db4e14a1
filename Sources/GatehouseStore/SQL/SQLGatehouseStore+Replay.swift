public import struct Foundation.Date
import SQLKit

extension SQLGatehouseStore {
    /// One statement, atomic on both engines: insert the key, or take over an entry that has expired; `RETURNING`
    /// yields a row only for the caller whose write happened, so among concurrent callers exactly one gets `true`.
    public func consume(_ key: String, expiresAt: Date) async throws -> Bool {
        let expires = Millis.from(expiresAt)
        let now = Millis.now()
        return try await run { db in
            let row = try await db.raw("""
                INSERT INTO replay_cache (key, expires_at) VALUES (\(bind: key), \(bind: expires))
                ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
                WHERE replay_cache.expires_at <= \(bind: now)
                RETURNING key
                """).first()
            return row != nil
        }
    }
}
