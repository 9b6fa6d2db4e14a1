public import GatehouseCore
public import ServiceLifecycle
public import Logging

/// Deletes expired replay-cache entries, pending logins and sessions every `interval`: the server adds it to its
/// `ServiceGroup`. A failed sweep (database down) is logged and retried at the next tick; it never stops the loop.
public struct StoreSweeper: Service {
    let store: any GatehouseStore
    let interval: Duration
    let clock: any GatehouseClock
    let logger: Logger

    public init(store: any GatehouseStore, interval: Duration = .seconds(60), clock: any GatehouseClock = SystemClock(),
                logger: Logger = Logger(label: "gatehouse.store.sweeper")) {
        self.store = store
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Sweeps once now, then every `interval` until the task is cancelled or graceful shutdown begins.
    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sweepOnce()
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }

    /// One sweep; returns what it deleted, or `nil` when the store did not answer.
    @discardableResult public func sweepOnce() async -> SweepResult? {
        do {
            let result = try await store.sweepExpired(now: clock.now())
            logger.debug("swept expired rows", metadata: [
                "replay": "\(result.replayEntries)", "pending": "\(result.pendingLogins)", "sessions": "\(result.sessions)",
            ])
            return result
        } catch {
            logger.warning("sweep failed", metadata: ["code": "\((error as? StoreError)?.code ?? "unknown")"])
            return nil
        }
    }
}
