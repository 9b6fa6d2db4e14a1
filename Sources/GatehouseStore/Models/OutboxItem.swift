public import struct Foundation.Date

/// An audit event claimed for delivery: the event, how many attempts were made before, and the lease.
public struct OutboxItem: Sendable, Hashable {
    public var event: AuditEvent
    public var attempts: Int64
    public var leaseOwner: String
    public var leaseUntil: Date

    public init(event: AuditEvent, attempts: Int64, leaseOwner: String, leaseUntil: Date) {
        self.event = event
        self.attempts = attempts
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
    }
}
