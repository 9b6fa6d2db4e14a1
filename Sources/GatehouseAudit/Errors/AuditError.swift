public import GatehouseCore

/// Why an audit operation was refused or failed. Codes are API (`audit.invalid_time`, `audit.webhook_rejected`, …).
///
/// `description` is the code only; `reason` is for the IT admin (expected vs received; never a webhook secret, a
/// signature or an event's details).
public struct AuditError: GatehouseError, Hashable, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            /// A time is neither ISO 8601 (`2026-01-31T12:00:00Z`) nor a relative duration (`90m`, `24h`, `7d`, `2w`).
            case invalidTime = "audit.invalid_time"
            /// The export window is empty or inverted (`--until` not after `--since`).
            case invalidWindow = "audit.invalid_window"
            /// The export format is not `jsonl` or `csv`.
            case invalidFormat = "audit.invalid_format"
            /// A retention value is not `forever` or a whole number of days (0, 30, 90, …).
            case invalidRetention = "audit.invalid_retention"
            /// A webhook's URL or secret is unusable (not http/https, no host, plain http to a non-loopback host, empty secret).
            case webhookInvalid = "audit.webhook_invalid"
            /// The organization has no webhook configured: its events stay in the outbox and are retried (max backoff).
            case webhookNotConfigured = "audit.webhook_not_configured"
            /// The receiver answered with a non-2xx status (redirects are not followed); the event is retried with backoff.
            case webhookRejected = "audit.webhook_rejected"
            /// The receiver could not be reached (refused, DNS, TLS, timeout); the event is retried with backoff.
            case webhookUnreachable = "audit.webhook_unreachable"
            /// An export request is incomplete (no organization, no `since`).
            case invalidRequest = "audit.invalid_request"
            /// An export over the admin API would exceed its size cap: narrow the window or use `gatehouse audit export`.
            case exportTooLarge = "audit.export_too_large"
        }
        let base: Base
        public static let invalidTime = Code(base: .invalidTime)
        public static let invalidWindow = Code(base: .invalidWindow)
        public static let invalidFormat = Code(base: .invalidFormat)
        public static let invalidRetention = Code(base: .invalidRetention)
        public static let webhookInvalid = Code(base: .webhookInvalid)
        public static let webhookNotConfigured = Code(base: .webhookNotConfigured)
        public static let webhookRejected = Code(base: .webhookRejected)
        public static let webhookUnreachable = Code(base: .webhookUnreachable)
        public static let invalidRequest = Code(base: .invalidRequest)
        public static let exportTooLarge = Code(base: .exportTooLarge)
        public var description: String { base.rawValue }
    }

    public let kind: Code
    public let reason: String
    public let file: String
    public let line: UInt
    public var code: String { kind.base.rawValue }
    public var debugDescription: String { "\(code): \(reason) [\(file):\(line)]" }

    init(_ kind: Code, _ reason: String, file: String, line: UInt) {
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }

    public static func invalidTime(_ text: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.invalidTime, "'\(text.prefix(64))' is neither an ISO 8601 instant (2026-01-31T12:00:00Z) nor a duration (90m, 24h, 7d, 2w)",
             file: file, line: line)
    }
    public static func invalidWindow(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.invalidWindow, what, file: file, line: line)
    }
    public static func invalidFormat(_ text: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.invalidFormat, "export format '\(text.prefix(32))' is not jsonl or csv", file: file, line: line)
    }
    public static func invalidRetention(_ text: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.invalidRetention, "retention '\(text.prefix(32))' is not 'forever' or a whole number of days", file: file, line: line)
    }
    public static func webhookInvalid(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.webhookInvalid, what, file: file, line: line)
    }
    public static func webhookNotConfigured(organizationID: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.webhookNotConfigured, "organization '\(organizationID)' has no audit webhook configured", file: file, line: line)
    }
    public static func webhookRejected(status: Int, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.webhookRejected, "webhook answered HTTP \(status); expected 2xx", file: file, line: line)
    }
    public static func webhookUnreachable(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.webhookUnreachable, "webhook unreachable: \(what.prefix(200))", file: file, line: line)
    }
    public static func invalidRequest(_ what: String, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.invalidRequest, what, file: file, line: line)
    }
    public static func exportTooLarge(limitBytes: Int, file: String = #fileID, line: UInt = #line) -> Self {
        Self(.exportTooLarge, "the export exceeds \(limitBytes >> 20) MiB; narrow the window (since/until) or use gatehouse audit export",
             file: file, line: line)
    }
}
