public import struct Foundation.Date

/// Something an admin must hear about; the audit log records each one and `/metrics` counts them.
public struct DomainEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case verified = "domain.event.verified"
        /// A verified domain failed a definitive check: the grace period starts (warning).
        case failingStarted = "domain.event.failing_started"
        /// Still failing at a later check (warning, with the lapse date).
        case stillFailing = "domain.event.still_failing"
        case recovered = "domain.event.recovered"
        /// The grace period ran out: redirection for the domain stops.
        case lapsed = "domain.event.lapsed"
        case ownershipConflict = "domain.event.ownership_conflict"
    }
    public let kind: Kind
    public let organization: String
    public let domain: String
    public let at: Date
    /// The check's diagnosis code (`domain.nxdomain`, …) when a check caused the event.
    public let code: String?
    public let message: String
    public let lapsesAt: Date?

    public init(kind: Kind, organization: String, domain: String, at: Date, code: String?, message: String, lapsesAt: Date? = nil) {
        self.kind = kind
        self.organization = organization
        self.domain = domain
        self.at = at
        self.code = code
        self.message = message
        self.lapsesAt = lapsesAt
    }

    /// Admins are warned: failing and lapse events.
    public var isWarning: Bool { kind == .failingStarted || kind == .stillFailing || kind == .lapsed }
}

/// Receives lifecycle events (the audit log in the server; an array in tests and the CLI).
public protocol DomainEventSink: Sendable {
    func record(_ event: DomainEvent) async
}
