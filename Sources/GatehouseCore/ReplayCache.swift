public import struct Foundation.Date
import Synchronization

/// One-time use of assertion IDs and similar tokens.
///
/// `consume` is a single atomic check-and-insert: when two gateway instances see the same assertion at the same
/// moment, exactly one call returns `true`. Backends: ``InMemoryReplayCache`` (the CLI, tests) and the store.
public protocol ReplayCache: Sendable {
    /// Records `key` until `expiresAt`. Returns `true` when the key was not seen before (first use),
    /// `false` when it is a replay. Throws when the backing store cannot answer: callers fail closed.
    func consume(_ key: String, expiresAt: Date) async throws -> Bool
}

/// A process-local replay cache. Expired entries are dropped lazily as new ones arrive.
public final class InMemoryReplayCache: ReplayCache {
    private let entries = Mutex<[String: Date]>([:])
    private let clock: any GatehouseClock

    public init(clock: any GatehouseClock = SystemClock()) { self.clock = clock }

    public func consume(_ key: String, expiresAt: Date) async throws -> Bool {
        let now = clock.now()
        return entries.withLock { entries in
            if entries.count > 10_000 { entries = entries.filter { $0.value > now } }
            if let until = entries[key], until > now { return false }
            entries[key] = expiresAt
            return true
        }
    }
}
