import Foundation
import Testing
@testable import GatehouseStore

extension StoreSuite {
    /// What differs per engine: SQLite's durability settings, PostgreSQL's outage behaviour.
    @Suite struct EngineTests {
        @Test func sqliteRunsInWALWithFullSyncAndABusyTimeout() async throws {
            try await withStore(.sqlite) { (test: TestStore) async throws in
                #expect(try await test.store.queryStrings("PRAGMA journal_mode", column: "journal_mode") == ["wal"])
                // 2 = FULL: the WAL is fsynced at every commit, before the commit is acknowledged.
                #expect(try await test.store.queryStrings("PRAGMA synchronous", column: "synchronous") == ["2"])
                #expect(try await test.store.queryStrings("PRAGMA busy_timeout", column: "timeout") == ["5000"])
                #expect(try await test.store.queryStrings("PRAGMA foreign_keys", column: "foreign_keys") == ["1"])
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func unreachablePostgresFailsFastWithStoreUnavailable() async throws {
            // Nothing listens on port 1: the call must fail closed, in bounded time, not hang.
            var options = StoreBackend.testOptions()
            options.operationTimeout = .seconds(2)
            let started = ContinuousClock.now
            let error = await #expect(throws: StoreError.self) {
                try await SQLGatehouseStore.open(try .parse("postgres://gatehouse@127.0.0.1:1/gatehouse"), options: options)
            }
            #expect(error?.code == "store.unavailable")
            #expect(ContinuousClock.now - started < .seconds(10))
        }

        @Test(.timeLimit(.minutes(2)), .enabled(if: StoreBackend.postgresURL != nil || StoreBackend.isCI))
        func postgresOutageFailsClosedThenRecovers() async throws {
            let ctl = try #require(ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_CTL"],
                                   "GATEHOUSE_TEST_POSTGRES_CTL (scripts/services/postgres.sh) is needed to stop the server")
            // Its own cluster (scripts/services/postgres.sh): stopping the shared one would fail every other
            // PostgreSQL test running meanwhile.
            let url = try #require(ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_OUTAGE_URL"],
                                   "GATEHOUSE_TEST_POSTGRES_OUTAGE_URL (scripts/services/postgres.sh): the outage test's own server")
            let location = try StoreLocation.parse(url)
            let outageStore = try await SQLGatehouseStore.open(location, options: StoreBackend.testOptions())
            let outage = TestStore(location: location, options: StoreBackend.testOptions(), scratch: nil, store: outageStore)
            try await { (test: TestStore) async throws in
                let key = uniqueID("outage")
                #expect(try await test.store.consume(key, expiresAt: Date().addingTimeInterval(300)))
                try runControl(ctl, "stop")
                var restarted = false
                do {
                    let started = ContinuousClock.now
                    let error = await #expect(throws: StoreError.self) {
                        try await test.store.consume(uniqueID("outage"), expiresAt: Date().addingTimeInterval(300))
                    }
                    #expect(error?.code == "store.unavailable")
                    #expect(ContinuousClock.now - started < .seconds(10))
                    let lookup = await #expect(throws: StoreError.self) {
                        try await test.store.activeSession(token: "anything", now: Date())
                    }
                    #expect(lookup?.code == "store.unavailable")
                    try runControl(ctl, "start")
                    restarted = true
                } catch {
                    if !restarted { try? runControl(ctl, "start") }
                    throw error
                }
                // The pool reconnects by itself: the replay entry written before the outage is still there.
                var recovered: Bool?
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    if let answer = try? await test.store.consume(key, expiresAt: Date().addingTimeInterval(300)) {
                        recovered = answer
                        break
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(recovered == false, "expected the pre-outage entry to be refused as a replay after recovery")
            }(outage)
            await outage.close()
        }

        /// posix_spawn + waitpid: Foundation's `Process.waitUntilExit` never returns here once the script has
        /// started a daemon (the postmaster keeps an inherited descriptor open).
        private func runControl(_ script: String, _ action: String) throws {
            var pid: pid_t = 0
            var arguments: [UnsafeMutablePointer<CChar>?] = [strdup(script), strdup(action), nil]
            defer { arguments.forEach { free($0) } }
            let spawned = posix_spawn(&pid, script, nil, nil, &arguments, environ)
            guard spawned == 0 else { throw StoreTestError("cannot run \(script): errno \(spawned)") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let exitCode = (status >> 8) & 0xff
            if exitCode != 0 { throw StoreTestError("\(script) \(action) exited \(exitCode)") }
        }
    }
}
