public import struct Foundation.Date
public import struct Foundation.TimeInterval
import SQLKit

extension SQLGatehouseStore {
    public func createSession(
        token: String, userID: String, organizationID: String, now: Date, idleTimeout: TimeInterval,
        absoluteTimeout: TimeInterval
    ) async throws -> SessionRecord {
        let record = SessionRecord(
            idHash: OpaqueToken.hash(token), userID: userID, organizationID: organizationID, createdAt: now,
            idleExpiresAt: now.addingTimeInterval(min(idleTimeout, absoluteTimeout)),
            absoluteExpiresAt: now.addingTimeInterval(absoluteTimeout))
        try await run { db in
            try await db.raw("""
                INSERT INTO sessions (id_hash, user_id, org_id, created_at, last_seen_at, idle_expires_at,
                absolute_expires_at, revoked_at) VALUES (\(bind: record.idHash), \(bind: record.userID),
                \(bind: record.organizationID), \(bind: Millis.from(record.createdAt)),
                \(bind: Millis.from(record.lastSeenAt)), \(bind: Millis.from(record.idleExpiresAt)),
                \(bind: Millis.from(record.absoluteExpiresAt)), NULL)
                """).run()
        }
        return record
    }

    public func activeSession(token: String, now: Date) async throws -> SessionRecord? {
        let record: SessionRecord?
        if let sessionReaders {
            record = try sessionReaders.session(idHash: OpaqueToken.hash(token))
        } else {
            record = try await sessionViaSQLKit(idHash: OpaqueToken.hash(token))
        }
        guard let record, record.isActive(at: now) else { return nil }
        return record
    }

    public func activeSessionIdentity(token: String, now: Date) async throws -> SessionIdentityRecord? {
        if let sessionReaders { return try sessionReaders.activeSessionIdentityImmediately(token: token, now: now) }
        guard let session = try await sessionViaSQLKit(idHash: OpaqueToken.hash(token)),
            let found = try await user(id: session.userID).map({ SessionIdentityRecord(session: session, user: $0) }),
            found.session.isActive(at: now)
        else { return nil }
        return found
    }

    public var immediateSessionLookup: (any ImmediateSessionLookup)? { sessionReaders }

    /// The portable path (PostgreSQL always; SQLite only in the benchmark's comparison).
    package func activeSessionViaSQLKit(token: String, now: Date) async throws -> SessionRecord? {
        guard let record = try await sessionViaSQLKit(idHash: OpaqueToken.hash(token)), record.isActive(at: now) else {
            return nil
        }
        return record
    }

    private func sessionViaSQLKit(idHash hash: String) async throws -> SessionRecord? {
        try await run { db in
            try await db.raw("""
                SELECT id_hash, user_id, org_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at,
                revoked_at FROM sessions WHERE id_hash = \(bind: hash)
                """).first().map { try Self.session($0) }
        }
    }

    public func touchSession(token: String, now: Date, idleTimeout: TimeInterval) async throws {
        let hash = OpaqueToken.hash(token)
        let nowMillis = Millis.from(now)
        let idle = Millis.from(now.addingTimeInterval(idleTimeout))
        try await run { db in
            try await db.raw("""
                UPDATE sessions SET last_seen_at = \(bind: nowMillis),
                idle_expires_at = CASE WHEN \(bind: idle) < absolute_expires_at THEN \(bind: idle)
                ELSE absolute_expires_at END
                WHERE id_hash = \(bind: hash) AND revoked_at IS NULL AND idle_expires_at > \(bind: nowMillis)
                """).run()
        }
    }

    public func revokeSession(token: String, at: Date) async throws -> Bool {
        let hash = OpaqueToken.hash(token)
        let at = Millis.from(at)
        return try await run { db in
            try await db.raw("""
                UPDATE sessions SET revoked_at = \(bind: at) WHERE id_hash = \(bind: hash) AND revoked_at IS NULL
                RETURNING id_hash
                """).first() != nil
        }
    }

    public func revokeSessions(userID: String, at: Date) async throws -> Int {
        let at = Millis.from(at)
        return try await run { db in
            try await db.raw("""
                UPDATE sessions SET revoked_at = \(bind: at) WHERE user_id = \(bind: userID) AND revoked_at IS NULL
                RETURNING id_hash
                """).all().count
        }
    }

    static func session(_ row: any SQLRow) throws -> SessionRecord {
        SessionRecord(
            idHash: try row.string("id_hash"), userID: try row.string("user_id"),
            organizationID: try row.string("org_id"), createdAt: try row.date("created_at"),
            lastSeenAt: try row.date("last_seen_at"), idleExpiresAt: try row.date("idle_expires_at"),
            absoluteExpiresAt: try row.date("absolute_expires_at"), revokedAt: try row.optionalDate("revoked_at"))
    }
}
