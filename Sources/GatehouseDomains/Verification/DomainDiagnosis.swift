/// The outcome class of one check.
public enum DomainCheckStatus: String, Sendable, Hashable, Codable {
    /// The expected value is published.
    case verified
    /// DNS answered definitively and the expected value is not there.
    case failed
    /// Resolver trouble (SERVFAIL, timeout, refused, unreachable): no conclusion, and no grace clock starts.
    case unknown
}

/// A stable `domain.*` code with the message an admin acts on.
public struct DomainDiagnosis: Hashable, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            /// The expected TXT value is published at the record name (directly or through a CNAME chain).
            case verified = "domain.verified"
            /// The resolver's answer differs from the authoritative servers' (cached old answer); the status follows the authoritative servers.
            case resolverStale = "domain.resolver_stale"
            /// The record name does not exist (NXDOMAIN); failed.
            case nxdomain = "domain.nxdomain"
            /// The record name exists but has no TXT record (NODATA); failed.
            case nodata = "domain.nodata"
            /// TXT records exist but none has the expected value; failed.
            case valueMismatch = "domain.value_mismatch"
            /// The value is an earlier token of the same organization; failed.
            case oldToken = "domain.old_token"
            /// The value is another organization's token for this domain (not named to non-admins); failed.
            case foreignToken = "domain.foreign_token"
            /// The value has literal quotes or surrounding whitespace; failed.
            case valueQuoted = "domain.value_quoted"
            /// The token was published without its `gatehouse-domain-verification=` prefix; failed.
            case valueTokenOnly = "domain.value_token_only"
            /// The value was split over several TXT records instead of strings of one record; failed.
            case valueSplitRecords = "domain.value_split_records"
            /// The value is at `<record>.<zone>` (the DNS provider appended the zone); failed.
            case recordAtDoubledName = "domain.record_at_doubled_name"
            /// The value is at the domain itself instead of the challenge name; failed.
            case recordAtApex = "domain.record_at_apex"
            /// The record name is a CNAME whose target has no TXT record; failed.
            case cnameDangling = "domain.cname_dangling"
            /// The authoritative nameservers give different answers; failed until they agree.
            case authoritativeDisagree = "domain.authoritative_disagree"
            /// The resolver answered SERVFAIL; status unknown (no grace clock).
            case servfail = "domain.servfail"
            /// No answer in time; status unknown (no grace clock).
            case timeout = "domain.timeout"
            /// The resolver refused the query; status unknown (no grace clock).
            case refused = "domain.refused"
            /// Nothing listens at the resolver's address; status unknown (no grace clock).
            case unreachable = "domain.unreachable"
            /// Any other resolver failure; status unknown (no grace clock).
            case resolverError = "domain.resolver_error"
        }
        let base: Base
        public static let verified = Code(base: .verified)
        public static let resolverStale = Code(base: .resolverStale)
        public static let nxdomain = Code(base: .nxdomain)
        public static let nodata = Code(base: .nodata)
        public static let valueMismatch = Code(base: .valueMismatch)
        public static let oldToken = Code(base: .oldToken)
        public static let foreignToken = Code(base: .foreignToken)
        public static let valueQuoted = Code(base: .valueQuoted)
        public static let valueTokenOnly = Code(base: .valueTokenOnly)
        public static let valueSplitRecords = Code(base: .valueSplitRecords)
        public static let recordAtDoubledName = Code(base: .recordAtDoubledName)
        public static let recordAtApex = Code(base: .recordAtApex)
        public static let cnameDangling = Code(base: .cnameDangling)
        public static let authoritativeDisagree = Code(base: .authoritativeDisagree)
        public static let servfail = Code(base: .servfail)
        public static let timeout = Code(base: .timeout)
        public static let refused = Code(base: .refused)
        public static let unreachable = Code(base: .unreachable)
        public static let resolverError = Code(base: .resolverError)
        /// Every code, for the docs and their test.
        public static let all: [Code] = Base.allCases.map { Code(base: $0) }
        public var rawValue: String { base.rawValue }
        public var description: String { base.rawValue }
        public init?(rawValue: String) {
            guard let b = Base(rawValue: rawValue) else { return nil }
            base = b
        }
        init(base: Base) { self.base = base }
    }

    public let code: Code
    public let status: DomainCheckStatus
    /// Names the domain, the record, the expected value and what was found.
    public let message: String

    public init(code: Code, status: DomainCheckStatus, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }
}
