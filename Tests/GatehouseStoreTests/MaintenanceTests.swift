import Foundation
import GatehouseCore
import Testing
@testable import GatehouseStore

extension StoreSuite {
    @Suite struct MaintenanceTests {
        @Test(arguments: StoreBackend.enabled)
        func migrationsAreVersionedAndIdempotent(backend: StoreBackend) async throws {
            try await withStore(backend, isolated: true) { (test: TestStore) async throws in
                #expect(try await test.store.schemaVersion() == SQLGatehouseStore.knownSchemaVersion)
                #expect(try await test.store.migrate().isEmpty)
                let again = try await test.secondInstance()
                #expect(try await again.schemaVersion() == SQLGatehouseStore.knownSchemaVersion)
                await again.close()
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func aNewerSchemaIsRefusedNamingBothVersions(backend: StoreBackend) async throws {
            try await withStore(backend, isolated: true) { (test: TestStore) async throws in
                try await test.store.executeRaw(
                    "INSERT INTO gatehouse_schema (version, name, applied_at) VALUES (9999, 'from the future', 0)")
                let error = await #expect(throws: StoreError.self) { try await test.secondInstance() }
                #expect(error?.code == "store.schema_too_new")
                #expect(error?.reason.contains("9999") == true)
                #expect(error?.reason.contains("(\(SQLGatehouseStore.knownSchemaVersion))") == true)
                var options = test.options
                options.migrate = false
                let readOnly = await #expect(throws: StoreError.self) {
                    try await SQLGatehouseStore.open(test.location, options: options)
                }
                #expect(readOnly?.code == "store.schema_too_new")
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func sweepDeletesExpiredRowsOnly(backend: StoreBackend) async throws {
            try await withStore(backend, isolated: true) { (test: TestStore) async throws in
                let now = Date()
                #expect(try await test.store.consume("old", expiresAt: now.addingTimeInterval(-5)))
                #expect(try await test.store.consume("live", expiresAt: now.addingTimeInterval(300)))
                try await test.store.savePendingLogin(PendingLogin(id: "p-old", kind: "saml", organizationID: "o",
                    connectionID: "c", createdAt: now, expiresAt: now.addingTimeInterval(-1)))
                try await test.store.savePendingLogin(PendingLogin(id: "p-live", kind: "saml", organizationID: "o",
                    connectionID: "c", createdAt: now, expiresAt: now.addingTimeInterval(300)))
                _ = try await test.store.createSession(token: "s-old", userID: "u", organizationID: "o",
                    now: now.addingTimeInterval(-100), idleTimeout: 10, absoluteTimeout: 50)
                _ = try await test.store.createSession(token: "s-live", userID: "u", organizationID: "o", now: now,
                    idleTimeout: 300, absoluteTimeout: 600)
                let sweeper = StoreSweeper(store: test.store, interval: .seconds(3600), clock: FixedClock(now))
                let result = try #require(await sweeper.sweepOnce())
                #expect(result == SweepResult(replayEntries: 1, pendingLogins: 1, sessions: 1))
                #expect(try await test.store.consume("live", expiresAt: now.addingTimeInterval(300)) == false)
                #expect(try await test.store.consumePendingLogin(id: "p-live", now: now) != nil)
                #expect(try await test.store.activeSession(token: "s-live", now: now) != nil)
                #expect(try await test.store.sweepExpired(now: now) == SweepResult())
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func sweeperServiceSweepsUntilCancelled() async throws {
            try await withStore(.sqlite) { (test: TestStore) async throws in
                #expect(try await test.store.consume("expired", expiresAt: Date().addingTimeInterval(-1)))
                let sweeper = StoreSweeper(store: test.store, interval: .milliseconds(20))
                let running = Task { try await sweeper.run() }
                var remaining = ["1"]
                while remaining != ["0"] {
                    remaining = try await test.store.queryStrings("SELECT COUNT(*) AS n FROM replay_cache", column: "n")
                }
                running.cancel()
                try await running.value
                #expect(remaining == ["0"])
            }
        }

        @Test func locationsParse() throws {
            #expect(try StoreLocation.parse("var/x.sqlite").engineName == "sqlite")
            #expect(try StoreLocation.parse("sqlite:/tmp/x.db").description == "sqlite:/tmp/x.db")
            let pg = try StoreLocation.parse("postgres://gh:s3cret@db.internal:5433/gatehouse")
            #expect(pg.engineName == "postgresql")
            #expect(pg.description.contains("s3cret") == false)
            #expect(throws: StoreError.invalidLocation("")) { try StoreLocation.parse("  ") }
            #expect(throws: StoreError.invalidLocation("")) { try StoreLocation.parse("postgres://") }
        }
    }
}
