import Foundation
import Testing
@testable import GatehouseStore

extension StoreSuite {
    @Suite struct SessionTests {
        @Test(arguments: StoreBackend.enabled)
        func revokedOnARefusedOnBWithinOneSecond(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                try await test.withSecondInstance { (other: SQLGatehouseStore) async throws in
                let token = OpaqueToken.generate()
                let now = Date()
                _ = try await test.store.createSession(token: token, userID: "u1", organizationID: "o1", now: now,
                                                       idleTimeout: 600, absoluteTimeout: 3600)
                let beforeRevoke = try await other.activeSession(token: token, now: Date())
                #expect(beforeRevoke?.userID == "u1")
                let revokedAt = ContinuousClock.now
                #expect(try await test.store.revokeSession(token: token, at: Date()))
                var refusedAfter: Duration?
                while ContinuousClock.now - revokedAt < .seconds(1) {
                    if try await other.activeSession(token: token, now: Date()) == nil {
                        refusedAfter = ContinuousClock.now - revokedAt
                        break
                    }
                }
                #expect(refusedAfter != nil, "instance B still accepted the session 1 s after A revoked it")
                #expect(try await test.store.revokeSession(token: token, at: Date()) == false)
                }
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func idleAndAbsoluteExpiry(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let token = OpaqueToken.generate()
                let start = Date(timeIntervalSince1970: 1_900_000_000)
                let created = try await test.store.createSession(
                    token: token, userID: "u", organizationID: "o", now: start, idleTimeout: 60, absoluteTimeout: 150)
                #expect(created.idHash == OpaqueToken.hash(token))
                #expect(created.idHash != token)
                #expect(try await test.store.activeSession(token: token, now: start.addingTimeInterval(59)) != nil)
                #expect(try await test.store.activeSession(token: token, now: start.addingTimeInterval(60)) == nil)
                // Activity moves the idle expiry, never past the absolute one.
                try await test.store.touchSession(token: token, now: start.addingTimeInterval(50), idleTimeout: 60)
                #expect(try await test.store.activeSession(token: token, now: start.addingTimeInterval(100)) != nil)
                try await test.store.touchSession(token: token, now: start.addingTimeInterval(100), idleTimeout: 60)
                let late = try await test.store.activeSession(token: token, now: start.addingTimeInterval(149))
                // SQLite's prepared-statement fast path and the portable sql-kit path agree.
                let portable = try await test.store.activeSessionViaSQLKit(token: token, now: start.addingTimeInterval(149))
                #expect(late == portable)
                #expect(late?.idleExpiresAt == start.addingTimeInterval(150))
                #expect(try await test.store.activeSession(token: token, now: start.addingTimeInterval(150)) == nil)
                #expect(try await test.store.activeSession(token: OpaqueToken.generate(), now: start) == nil)
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func revokeAllSessionsOfAUser(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let user = uniqueID("user")
                let tokens = (0..<3).map { _ in OpaqueToken.generate() }
                let keep = OpaqueToken.generate()
                for token in tokens {
                    _ = try await test.store.createSession(token: token, userID: user, organizationID: "o", now: Date(),
                                                           idleTimeout: 600, absoluteTimeout: 3600)
                }
                _ = try await test.store.createSession(token: keep, userID: uniqueID("other"), organizationID: "o",
                                                       now: Date(), idleTimeout: 600, absoluteTimeout: 3600)
                #expect(try await test.store.revokeSessions(userID: user, at: Date()) == 3)
                for token in tokens { #expect(try await test.store.activeSession(token: token, now: Date()) == nil) }
                #expect(try await test.store.activeSession(token: keep, now: Date()) != nil)
            }
        }
        /// The forward-auth fast path's synchronous lookup (SQLite only) answers exactly as the asynchronous one:
        /// active, unknown, revoked, idle- and absolutely expired, and a session whose user is gone.
        @Test(arguments: StoreBackend.enabled)
        func immediateLookupAgreesWithTheAsynchronousOne(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                guard backend == .sqlite else {
                    #expect(test.store.immediateSessionLookup == nil)  // PostgreSQL: every lookup crosses the network
                    return
                }
                let lookup = try #require(test.store.immediateSessionLookup)
                let start = Date(timeIntervalSince1970: 1_900_000_000)
                let org = uniqueID("org")
                try await test.store.createOrganization(Organization(id: org, name: "Org", createdAt: start))
                let user = DirectoryUser(id: uniqueID("u"), organizationID: org, userName: "ann@acme.example",
                                         email: "ann@acme.example", displayName: "Ann", source: "jit", createdAt: start)
                try await test.store.createUser(user)
                let active = OpaqueToken.generate(), revoked = OpaqueToken.generate(), orphan = OpaqueToken.generate()
                for token in [active, revoked] {
                    _ = try await test.store.createSession(token: token, userID: user.id, organizationID: org, now: start,
                                                           idleTimeout: 60, absoluteTimeout: 150)
                }
                _ = try await test.store.createSession(token: orphan, userID: uniqueID("gone"), organizationID: org, now: start,
                                                       idleTimeout: 60, absoluteTimeout: 150)
                try await test.store.revokeSession(token: revoked, at: start)
                for token in [active, revoked, orphan, OpaqueToken.generate()] {
                    for offset in [0.0, 59, 60, 149, 150] {
                        let now = start.addingTimeInterval(offset)
                        let immediate = try lookup.activeSessionIdentityImmediately(token: token, now: now)
                        let asynchronous = try await test.store.activeSessionIdentity(token: token, now: now)
                        #expect(immediate == asynchronous, "token \(token.prefix(6)) at +\(offset) s")
                        #expect((immediate != nil) == (token == active && offset < 60), "token \(token.prefix(6)) at +\(offset) s")
                    }
                }
                #expect(try lookup.activeSessionIdentityImmediately(token: active, now: start)?.user.email == "ann@acme.example")
            }
        }
    }
}
