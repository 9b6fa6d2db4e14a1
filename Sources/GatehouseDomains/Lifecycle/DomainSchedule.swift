public import Foundation

/// How often claims are checked and how long a verified domain survives a missing record.
public struct DomainSchedule: Sendable, Hashable {
    /// Re-check interval of verified domains. Default 24 h.
    public var recheckInterval: TimeInterval
    /// How long a verified domain keeps working while its record is missing. Default 7 days.
    ///
    /// - Warning: a long grace period keeps routing a domain whose owner may have changed; a zero grace period
    ///   un-verifies on the first failed check, including a provider's brief mistake.
    public var gracePeriod: TimeInterval
    /// Interval for pending claims (waiting for the admin to publish). Default 15 min.
    public var pendingInterval: TimeInterval
    /// Interval while failing, so recovery is noticed quickly. Default 1 h.
    public var failingInterval: TimeInterval
    /// Retry after resolver trouble. Default 5 min.
    public var unknownRetry: TimeInterval

    public init(
        recheckInterval: TimeInterval = 24 * 3600, gracePeriod: TimeInterval = 7 * 24 * 3600,
        pendingInterval: TimeInterval = 15 * 60, failingInterval: TimeInterval = 3600, unknownRetry: TimeInterval = 300
    ) {
        self.recheckInterval = recheckInterval
        self.gracePeriod = gracePeriod
        self.pendingInterval = pendingInterval
        self.failingInterval = failingInterval
        self.unknownRetry = unknownRetry
    }

    public static let standard = DomainSchedule()
}
