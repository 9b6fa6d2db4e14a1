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
            case verified = "domain.verified"
            case resolverStale = "domain.resolver_stale"
            case nxdomain = "domain.nxdomain"
            case nodata = "domain.nodata"
            case valueMismatch = "domain.value_mismatch"
            case oldToken = "domain.old_token"
            case foreignToken = "domain.foreign_token"
            case valueQuoted = "domain.value_quoted"
            case valueTokenOnly = "domain.value_token_only"
            case valueSplitRecords = "domain.value_split_records"
            case recordAtDoubledName = "domain.record_at_doubled_name"
            case recordAtApex = "domain.record_at_apex"
            case cnameDangling = "domain.cname_dangling"
            case authoritativeDisagree = "domain.authoritative_disagree"
            case servfail = "domain.servfail"
            case timeout = "domain.timeout"
            case refused = "domain.refused"
            case unreachable = "domain.unreachable"
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
