import Foundation
import Testing
@testable import GatehouseStore

/// SQLite's session-identity cache: valid only while the database is unchanged (the wal-index header in `-shm`),
/// so a commit by this process, another store instance, or another process with another SQLite build is seen by
/// the very next lookup.
extension StoreSuite {
    @Suite struct SessionCacheTests {
        let start = Date(timeIntervalSince1970: 1_900_000_000)

        struct Fixture {
            let test: TestStore
            let path: String
            let userID: String
            let token: String
            var readers: SQLiteSessionReaders { test.store.sessionReaders! }
        }

        func fixture(_ test: TestStore) async throws -> Fixture {
            guard case .sqlite(let path) = test.location.base else { throw StoreTestError("SQLite only") }
            let org = uniqueID("org")
            try await test.store.createOrganization(Organization(id: org, name: "Org", createdAt: start))
            let user = DirectoryUser(id: uniqueID("u"), organizationID: org, userName: "ann@acme.example",
                                     email: "ann@acme.example", displayName: "Ann", source: "jit", createdAt: start)
            try await test.store.createUser(user)
            let token = OpaqueToken.generate()
            _ = try await test.store.createSession(token: token, userID: user.id, organizationID: org, now: start,
                                                   idleTimeout: 3600, absoluteTimeout: 7200)
            return Fixture(test: test, path: path, userID: user.id, token: token)
        }

        @Test func theChangeCounterMovesOnEveryCommitAndOnlyThen() async throws {
            try await withStore(.sqlite) { test in
                let f = try await fixture(test)
                let counter = try #require(SQLiteChangeCounter(databasePath: f.path))
                let before = try #require(counter.current())
                _ = try await test.store.activeSession(token: f.token, now: start)  // a read
                #expect(counter.current() == before)
                try await test.store.touchSession(token: f.token, now: start.addingTimeInterval(1), idleTimeout: 3600)
                let after = try #require(counter.current())
                #expect(after != before)
                try await test.store.touchSession(token: f.token, now: start.addingTimeInterval(2), idleTimeout: 3600)
                #expect(counter.current() != after)
                counter.unmap()
                #expect(counter.current() == nil)
            }
        }

        @Test func repeatedLookupsReadTheDatabaseOnceUntilACommit() async throws {
            try await withStore(.sqlite) { test in
                let f = try await fixture(test)
                let reads = f.readers.databaseReads
                for _ in 0..<5 { #expect(try f.readers.activeSessionIdentityImmediately(token: f.token, now: start) != nil) }
                #expect(f.readers.databaseReads == reads + 1)
                // Expiry is judged at each use, not when cached.
                #expect(try f.readers.activeSessionIdentityImmediately(token: f.token, now: start.addingTimeInterval(3600)) == nil)
                // Any commit, even to an unrelated table, sends the next lookup to the database.
                try await test.store.createOrganization(Organization(id: uniqueID("org"), name: "Other", createdAt: start))
                #expect(try f.readers.activeSessionIdentityImmediately(token: f.token, now: start) != nil)
                #expect(f.readers.databaseReads == reads + 2)
                // Unknown tokens are never cached.
                let unknown = OpaqueToken.generate()
                for _ in 0..<3 { #expect(try f.readers.activeSessionIdentityImmediately(token: unknown, now: start) == nil) }
                #expect(f.readers.databaseReads == reads + 5)
            }
        }

        @Test func aRevocationByAnotherInstanceIsSeenAtTheNextLookup() async throws {
            try await withStore(.sqlite) { test in
                let f = try await fixture(test)
                #expect(try f.readers.activeSessionIdentityImmediately(token: f.token, now: start) != nil)
                let other = try await test.secondInstance()
                #expect(try await other.revokeSession(token: f.token, at: start))
                await other.close()
                #expect(try f.readers.activeSessionIdentityImmediately(token: f.token, now: start) == nil)
            }
        }

        /// Another process, with Debian's libsqlite3 (through Python), deactivates the user and then revokes the
        /// session while this process holds both in its cache.
        @Test func aChangeByAnotherProcessIsSeenAtTheNextLookup() async throws {
            try await withStore(.sqlite) { test in
                let f = try await fixture(test)
                let warm = try #require(try f.readers.activeSessionIdentityImmediately(token: f.token, now: start))
                #expect(warm.user.active)
                try runPython(f.path, "UPDATE users SET active = 0 WHERE id = ?", f.userID)
                let cached = try #require(try f.readers.activeSessionIdentityImmediately(token: f.token, now: start))
                #expect(cached.user.active == false)
                try runPython(f.path, "UPDATE sessions SET revoked_at = 1 WHERE user_id = ?", f.userID)
                #expect(try f.readers.activeSessionIdentityImmediately(token: f.token, now: start) == nil)
            }
        }

        func runPython(_ path: String, _ sql: String, _ parameter: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1], timeout=5)
                db.execute(sys.argv[2], (sys.argv[3],))
                db.commit()
                db.close()
                """, path, sql, parameter]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw StoreTestError("python3 sqlite3 exited \(process.terminationStatus)") }
        }
    }
}
