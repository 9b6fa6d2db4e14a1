import Synchronization
import struct Foundation.Date

/// Token buckets per SCIM token, in memory (per gateway instance). Time comes from the caller (the injected clock).
final class SCIMRateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var at: Date }
    private let limit: SCIMRateLimit
    private let buckets = Mutex<[String: Bucket]>([:])

    init(_ limit: SCIMRateLimit) { self.limit = limit }

    /// nil when the request may go ahead; else the seconds to wait (≥ 1).
    func take(_ key: String, now: Date) -> Int? {
        guard limit.requestsPerSecond.isFinite else { return nil }
        return buckets.withLock { buckets in
            if buckets.count > 10_000 { buckets = buckets.filter { now.timeIntervalSince($0.value.at) < 3600 } }
            var b = buckets[key] ?? Bucket(tokens: limit.burst, at: now)
            let elapsed = max(0, now.timeIntervalSince(b.at))
            b.tokens = min(limit.burst, b.tokens + elapsed * limit.requestsPerSecond)
            b.at = now
            if b.tokens >= 1 {
                b.tokens -= 1
                buckets[key] = b
                return nil
            }
            buckets[key] = b
            let wait = (1 - b.tokens) / limit.requestsPerSecond
            return max(1, Int(wait.rounded(.up)))
        }
    }
}

/// Remembers when an auth failure from a source was last audited, so a flood of bad tokens writes at most one
/// audit event per source a minute.
final class SCIMFailureThrottle: Sendable {
    private let last = Mutex<[String: Date]>([:])

    func shouldRecord(_ source: String, now: Date) -> Bool {
        last.withLock { last in
            if last.count > 10_000 { last = last.filter { now.timeIntervalSince($0.value) < 60 } }
            if let t = last[source], now.timeIntervalSince(t) < 60 { return false }
            last[source] = now
            return true
        }
    }
}
