public import struct Foundation.Date
public import struct Foundation.TimeInterval
import SQLKit

extension SQLGatehouseStore {
    public func appendAuditEvent(_ e: AuditEvent, deliver: Bool) async throws -> AuditEvent {
        let at = Millis.from(e.occurredAt)
        let sequence = try await transaction { db in
            let row = try await db.raw("""
                INSERT INTO audit_events (org_id, occurred_at, actor, action, target, result, code, request_id,
                source_ip, user_agent, details_json) VALUES (\(bind: e.organizationID), \(bind: at), \(bind: e.actor),
                \(bind: e.action), \(bind: e.target), \(bind: e.result), \(bind: e.code), \(bind: e.requestID),
                \(bind: e.sourceIP), \(bind: e.userAgent), \(bind: e.detailsJSON)) RETURNING seq
                """).first()
            guard let sequence = try row?.int("seq") else { throw StoreError.queryFailed("INSERT audit_events returned no seq") }
            if deliver {
                try await db.raw("""
                    INSERT INTO audit_outbox (seq, attempts, next_attempt_at) VALUES (\(bind: sequence), 0, \(bind: at))
                    """).run()
            }
            return sequence
        }
        var stored = e
        stored.sequence = sequence
        return stored
    }

    public func auditEvents(
        organizationID: String, since: Date, until: Date?, afterSequence: Int64, limit: Int
    ) async throws -> [AuditEvent] {
        let since = Millis.from(since)
        let until = until.map(Millis.from) ?? Int64.max
        return try await run { db in
            try await db.raw("""
                SELECT * FROM audit_events WHERE org_id = \(bind: organizationID) AND occurred_at >= \(bind: since)
                AND occurred_at < \(bind: until) AND seq > \(bind: afterSequence) ORDER BY seq
                LIMIT \(bind: Int64(limit))
                """).all().map { try Self.auditEvent($0) }
        }
    }

    public func deleteAuditEvents(organizationID: String, before: Date) async throws -> Int {
        let before = Millis.from(before)
        return try await run { db in
            try await db.raw("""
                DELETE FROM audit_events WHERE org_id = \(bind: organizationID) AND occurred_at < \(bind: before)
                AND seq NOT IN (SELECT seq FROM audit_outbox WHERE delivered_at IS NULL) RETURNING seq
                """).all().count
        }
    }

    public func claimOutbox(owner: String, limit: Int, lease: TimeInterval, now: Date) async throws -> [OutboxItem] {
        let nowMillis = Millis.from(now)
        let until = Millis.from(now.addingTimeInterval(lease))
        let skipLocked = engine.skipLockedClause
        return try await run { db in
            // The outer WHERE repeats the conditions so PostgreSQL re-checks them on a row another claimer just
            // leased (READ COMMITTED re-evaluation): two workers never both get it.
            let claimed = try await db.raw("""
                UPDATE audit_outbox SET lease_owner = \(bind: owner), lease_until = \(bind: until)
                WHERE seq IN (SELECT seq FROM audit_outbox WHERE delivered_at IS NULL
                    AND next_attempt_at <= \(bind: nowMillis)
                    AND (lease_until IS NULL OR lease_until <= \(bind: nowMillis)) ORDER BY seq LIMIT \(bind: Int64(limit))
                    \(unsafeRaw: skipLocked))
                AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until <= \(bind: nowMillis))
                RETURNING seq, attempts
                """).all()
            guard !claimed.isEmpty else { return [] }
            var attempts: [Int64: Int64] = [:]
            for row in claimed { attempts[try row.int("seq")] = try row.int("attempts") }
            let events = try await db.raw("""
                SELECT * FROM audit_events WHERE seq IN (\(binds: Array(attempts.keys))) ORDER BY seq
                """).all().map { try Self.auditEvent($0) }
            return events.map {
                OutboxItem(event: $0, attempts: attempts[$0.sequence] ?? 0, leaseOwner: owner, leaseUntil: Millis.date(until))
            }
        }
    }

    public func markDelivered(sequences: [Int64], owner: String, now: Date) async throws -> Int {
        guard !sequences.isEmpty else { return 0 }
        let now = Millis.from(now)
        return try await run { db in
            try await db.raw("""
                UPDATE audit_outbox SET delivered_at = \(bind: now), lease_owner = NULL, lease_until = NULL,
                attempts = attempts + 1 WHERE seq IN (\(binds: sequences)) AND lease_owner = \(bind: owner)
                AND delivered_at IS NULL RETURNING seq
                """).all().count
        }
    }

    public func markFailed(sequence: Int64, owner: String, error: String, nextAttemptAt: Date) async throws {
        let next = Millis.from(nextAttemptAt)
        try await run { db in
            try await db.raw("""
                UPDATE audit_outbox SET attempts = attempts + 1, next_attempt_at = \(bind: next),
                lease_owner = NULL, lease_until = NULL, last_error = \(bind: String(error.prefix(500)))
                WHERE seq = \(bind: sequence) AND lease_owner = \(bind: owner) AND delivered_at IS NULL
                """).run()
        }
    }

    public func pendingOutboxCount() async throws -> Int {
        try await run { db in
            Int(try await db.raw("SELECT COUNT(*) AS n FROM audit_outbox WHERE delivered_at IS NULL").first()?.int("n") ?? 0)
        }
    }

    static func auditEvent(_ row: any SQLRow) throws -> AuditEvent {
        AuditEvent(
            sequence: try row.int("seq"), organizationID: try row.string("org_id"),
            occurredAt: try row.date("occurred_at"), actor: try row.string("actor"), action: try row.string("action"),
            target: try row.string("target"), result: try row.string("result"), code: try row.string("code"),
            requestID: try row.string("request_id"), sourceIP: try row.string("source_ip"),
            userAgent: try row.string("user_agent"), detailsJSON: try row.string("details_json"))
    }
}
