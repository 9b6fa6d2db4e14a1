public import struct Foundation.TimeInterval

/// Exponential backoff with jitter for failed deliveries: after the n-th failed attempt (n = 0, 1, …) the next one
/// waits `d = min(maximum, base · 2ⁿ)`, scaled by a random factor in `[1 - jitter, 1]` so instances that failed
/// together do not retry together.
public struct AuditBackoff: Sendable, Hashable {
    public var base: TimeInterval
    public var maximum: TimeInterval
    /// The fraction of the delay that is random (default 0.5: each delay lies in `[d/2, d]`).
    public var jitter: Double

    public init(base: TimeInterval = 5, maximum: TimeInterval = 900, jitter: Double = 0.5) {
        self.base = base
        self.maximum = maximum
        self.jitter = min(1, max(0, jitter))
    }

    /// The wait before the next attempt after `attempts` earlier attempts; `random` is in `[0, 1)`.
    public func delay(afterAttempts attempts: Int64, random: Double) -> TimeInterval {
        let exponent = Double(min(max(attempts, 0), 62))
        let ceiling = min(maximum, base * pow2(exponent))
        return ceiling * (1 - jitter * min(max(random, 0), 1))
    }

    func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) {
            value *= 2
            if value * base >= maximum { break }
        }
        return value
    }
}
