public import Foundation

/// Where a claimed domain stands.
public enum DomainState: String, Sendable, Hashable, Codable {
    /// Claimed, record not seen yet.
    case pending
    /// The record was found at the last definitive check.
    case verified
    /// Verified before, the record is missing now; the grace period runs (redirection continues).
    case failing
    /// The grace period ran out (or verification was never reached again): redirection for it stops.
    case unverified
}

/// One check in a claim's history.
public struct DomainCheckEntry: Sendable, Hashable, Codable {
    public let at: Date
    public let status: DomainCheckStatus
    public let code: String
    public let message: String
    public init(at: Date, status: DomainCheckStatus, code: String, message: String) {
        self.at = at
        self.status = status
        self.code = code
        self.message = message
    }
}

/// An organization's claim on a domain, its state and its history.
public struct DomainClaim: Sendable, Hashable, Codable {
    public let organization: String
    public let domain: String
    /// The current token. Tokens are not secret (they are published in DNS) but are unguessable.
    public var token: String
    /// Tokens issued earlier for this claim (to name an old record precisely).
    public var previousTokens: [String]
    /// Whether verified status drives the gateway's domain redirection for this org.
    public var enforced: Bool
    public var state: DomainState
    public let claimedAt: Date
    public var firstVerifiedAt: Date?
    public var lastSuccessAt: Date?
    /// First failed check of the current failing streak (the "when did it break" answer). Nil when not failing.
    public var firstFailureAt: Date?
    public var lastCheckedAt: Date?
    public var nextCheckAt: Date
    public var unverifiedAt: Date?
    /// Every check's outcome, oldest first.
    public var history: [DomainCheckEntry]

    public init(organization: String, domain: String, token: String, enforced: Bool = true, claimedAt: Date) {
        self.organization = organization
        self.domain = domain
        self.token = token
        self.previousTokens = []
        self.enforced = enforced
        self.state = .pending
        self.claimedAt = claimedAt
        self.nextCheckAt = claimedAt
        self.history = []
    }

    /// Verified or still inside the grace period: the org holds the domain.
    public var holdsDomain: Bool { state == .verified || state == .failing }
}

/// A one-line history for reports.
public struct DomainHistorySummary: Sendable, Hashable {
    public let claim: DomainClaim
    public let gracePeriod: TimeInterval

    public init(claim: DomainClaim, gracePeriod: TimeInterval) {
        self.claim = claim
        self.gracePeriod = gracePeriod
    }

    public var lapsesAt: Date? { claim.firstFailureAt.map { $0.addingTimeInterval(gracePeriod) } }

    public func line(formatter: ISO8601DateFormatter) -> String {
        func f(_ d: Date?) -> String { d.map { formatter.string(from: $0) } ?? "never" }
        var parts = ["state \(claim.state.rawValue)", "checked \(f(claim.lastCheckedAt))", "first verified \(f(claim.firstVerifiedAt))",
                     "last success \(f(claim.lastSuccessAt))"]
        if let first = claim.firstFailureAt { parts.append("failing since \(f(first))"); parts.append("lapses \(f(lapsesAt))") }
        if let u = claim.unverifiedAt { parts.append("unverified since \(f(u))") }
        parts.append("next check \(f(claim.nextCheckAt))")
        parts.append("\(claim.history.count) check(s) recorded")
        return parts.joined(separator: "; ")
    }
}
