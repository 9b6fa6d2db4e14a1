import ArgumentParser
import Foundation
import GatehouseStore

/// `gatehouse bench store`: replay-cache check-and-insert/s and session lookup/s for one engine, as JSON.
///
/// Without `--database` it uses a fresh SQLite file in a temporary directory. Targets: SQLite ≥ 20,000 session
/// lookups/s on one core (`taskset -c 0`); PostgreSQL ≥ 5,000 replay inserts/s with 8 connections.
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Replay-cache inserts/s and session lookups/s (SQLite or PostgreSQL).")

    @Option(help: "SQLite file path or postgres:// URL (default: a new SQLite file in a temporary directory).")
    var database: String?

    @Option(help: "Seconds per measurement.")
    var seconds: Double = 5

    @Option(help: "Concurrent workers (and connections).")
    var connections = 8

    @Option(help: "Sessions created before the lookup phase.")
    var sessions = 10_000

    func run() async throws {
        let bench = try BenchDatabase(database, prefix: "gatehouse-bench")
        defer { bench.removeScratch() }
        let location = bench.location
        var options = StoreOptions()
        options.postgresConnections = connections
        options.sqliteConnections = connections
        let store = try await SQLGatehouseStore.open(location, options: options)
        let run = UUID().uuidString.prefix(8)
        let now = Date()

        var tokens: [String] = []
        for index in 0..<sessions {
            let token = "bench-\(run)-\(index)"
            tokens.append(token)
            _ = try await store.createSession(token: token, userID: "u\(index)", organizationID: "bench", now: now,
                                              idleTimeout: 3600, absoluteTimeout: 7200)
        }
        let frozen = tokens
        let lookups = try await measure(workers: connections, seconds: seconds) { worker, i in
            let found = try await store.activeSession(token: frozen[(worker &* 7919 &+ i) % frozen.count], now: now)
            precondition(found != nil, "bench session vanished")
        }
        // SQLite answers lookups through a prepared-statement fast path; the portable sql-kit path is measured too,
        // to show where the time goes.
        var viaSQLKit: (count: Int, rate: Double)?
        if location.engineName == "sqlite" {
            viaSQLKit = try await measure(workers: connections, seconds: seconds) { worker, i in
                let found = try await store.activeSessionViaSQLKit(
                    token: frozen[(worker &* 7919 &+ i) % frozen.count], now: now)
                precondition(found != nil, "bench session vanished")
            }
        }
        let inserts = try await measure(workers: connections, seconds: seconds) { worker, i in
            let fresh = try await store.consume("bench-\(run)-\(worker)-\(i)", expiresAt: now.addingTimeInterval(600))
            precondition(fresh, "bench replay key reported as seen")
        }
        let swept = try await store.sweepExpired(now: now.addingTimeInterval(86_400))
        await store.close()
        var report: [String: Any] = [
            "engine": location.engineName, "database": location.description, "workers": connections,
            "seconds": seconds, "sessions": sessions,
            "session_lookups": lookups.count, "session_lookups_per_s": Int(lookups.rate),
            "replay_inserts": inserts.count, "replay_inserts_per_s": Int(inserts.rate),
            "swept_after": ["replay": swept.replayEntries, "sessions": swept.sessions],
        ]
        if let viaSQLKit { report["session_lookups_sqlkit_per_s"] = Int(viaSQLKit.rate) }
        CLIOutput.printJSON(report)
    }

    /// Runs `workers` loops of `operation` for `seconds`; returns the count and operations per second.
    private func measure(
        workers: Int, seconds: Double, _ operation: @escaping @Sendable (Int, Int) async throws -> Void
    ) async throws -> (count: Int, rate: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int(seconds * 1000)))
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var done = 0
                    while clock.now < deadline {
                        try await operation(worker, done)
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = start.duration(to: clock.now)
        let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (total, Double(total) / secondsElapsed)
    }
}
