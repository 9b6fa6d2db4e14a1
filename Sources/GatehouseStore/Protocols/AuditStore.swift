public import struct Foundation.Date
public import struct Foundation.TimeInterval

/// The audit log and its delivery outbox (at-least-once delivery to a SIEM).
public protocol AuditStore: Sendable {
    /// Appends an event and, when `deliver` is set, its outbox row, in one transaction. Returns it with its sequence.
    @discardableResult func appendAuditEvent(_ event: AuditEvent, deliver: Bool) async throws -> AuditEvent
    /// Events of an org in `[since, until)`, ordered by sequence, after `afterSequence` (for paging).
    func auditEvents(organizationID: String, since: Date, until: Date?, afterSequence: Int64, limit: Int)
        async throws -> [AuditEvent]
    /// Deletes an org's events older than `before` (retention). Undelivered events are kept.
    @discardableResult func deleteAuditEvents(organizationID: String, before: Date) async throws -> Int
    /// Leases up to `limit` due, undelivered, unleased outbox rows to `owner` until `now + lease`. Two workers never
    /// hold the same row at once; an expired lease is taken over (at-least-once).
    func claimOutbox(owner: String, limit: Int, lease: TimeInterval, now: Date) async throws -> [OutboxItem]
    /// Marks leased rows delivered (only rows still leased by `owner`). Returns how many.
    @discardableResult func markDelivered(sequences: [Int64], owner: String, now: Date) async throws -> Int
    /// Records a failed attempt: increments the attempt count, releases the lease, schedules the next attempt.
    func markFailed(sequence: Int64, owner: String, error: String, nextAttemptAt: Date) async throws
    /// Undelivered outbox rows (for metrics and tests).
    func pendingOutboxCount() async throws -> Int
}
