public import struct Foundation.TimeInterval

/// How ``AuditWebhookDeliverer`` claims and sends.
public struct AuditDeliveryOptions: Sendable {
    /// Outbox rows claimed per round (default 50).
    public var batchSize: Int
    /// How long a claim is held (default 60 s). Another instance takes over rows whose lease expired (at-least-once),
    /// so it must comfortably exceed `requestTimeout`; an event is not sent once less than `requestTimeout` of its
    /// lease is left.
    public var lease: TimeInterval
    /// Whole-request deadline per POST (default 10 s).
    public var requestTimeout: Duration
    /// Wait between rounds that found nothing due, or after the store failed (default 1 s).
    public var pollInterval: Duration
    /// Retry schedule after a failure (default 5 s doubling to 15 min, jittered).
    public var backoff: AuditBackoff

    public init(batchSize: Int = 50, lease: TimeInterval = 60, requestTimeout: Duration = .seconds(10),
                pollInterval: Duration = .seconds(1), backoff: AuditBackoff = AuditBackoff()) {
        self.batchSize = max(1, batchSize)
        self.lease = lease
        self.requestTimeout = requestTimeout
        self.pollInterval = pollInterval
        self.backoff = backoff
    }
}
