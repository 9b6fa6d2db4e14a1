public import struct Foundation.Date
import SQLKit

extension SQLGatehouseStore {
    /// Revoked sessions are kept this long after revocation (so "revoked" and "unknown" can be told apart in logs).
    static let revokedSessionRetentionMillis: Int64 = 3_600_000

    public func sweepExpired(now: Date) async throws -> SweepResult {
        let now = Millis.from(now)
        let revokedBefore = now - Self.revokedSessionRetentionMillis
        return try await run { db in
            let replay = try await db.raw("DELETE FROM replay_cache WHERE expires_at <= \(bind: now) RETURNING key").all()
            let pending = try await db.raw("DELETE FROM pending_logins WHERE expires_at <= \(bind: now) RETURNING id").all()
            let sessions = try await db.raw("""
                DELETE FROM sessions WHERE idle_expires_at <= \(bind: now) OR absolute_expires_at <= \(bind: now)
                OR revoked_at <= \(bind: revokedBefore) RETURNING id_hash
                """).all()
            return SweepResult(replayEntries: replay.count, pendingLogins: pending.count, sessions: sessions.count)
        }
    }
}
