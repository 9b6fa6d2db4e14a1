public import struct Foundation.Date

/// The wall clock that validity windows are evaluated against (`NotOnOrAfter`, `exp`, session lifetimes).
///
/// Injected everywhere a decision depends on "now", so tests and `--now` can fix the instant.
public protocol GatehouseClock: Sendable {
    func now() -> Date
}

/// The system's wall clock.
public struct SystemClock: GatehouseClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock frozen at one instant (the CLI's `--now`, and tests).
public struct FixedClock: GatehouseClock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}
