/// What one delivery round did.
public struct AuditDeliveryReport: Sendable, Hashable {
    /// Outbox rows claimed.
    public var claimed = 0
    /// Events the receiver accepted (2xx) and that were marked delivered.
    public var delivered = 0
    /// Events rescheduled with backoff (sent and refused, or deferred after an earlier failure for the same org).
    public var failed = 0
    /// Events not sent because too little of their lease was left; they are retried when the lease expires.
    public var skipped = 0

    public init() {}

    static func + (l: Self, r: Self) -> Self {
        var out = l
        out.claimed += r.claimed
        out.delivered += r.delivered
        out.failed += r.failed
        out.skipped += r.skipped
        return out
    }
}
