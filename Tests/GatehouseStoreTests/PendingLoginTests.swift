import Foundation
import Testing
@testable import GatehouseStore

extension StoreSuite {
    @Suite struct PendingLoginTests {
        func pending(_ id: String, expiresIn seconds: TimeInterval = 300) -> PendingLogin {
            PendingLogin(id: id, kind: "oidc", organizationID: "org", connectionID: "conn", nonce: "n-1",
                         pkceVerifier: "verifier-1", relayState: "relay", returnTo: "https://app.example/",
                         createdAt: Date(), expiresAt: Date().addingTimeInterval(seconds))
        }

        @Test(arguments: StoreBackend.enabled)
        func startedOnAConsumedOnBExactlyOnce(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                try await test.withSecondInstance { (other: SQLGatehouseStore) async throws in
                let login = pending(uniqueID("state"))
                try await test.store.savePendingLogin(login)
                let onB = try await other.consumePendingLogin(id: login.id, now: Date())
                let again = try await test.store.consumePendingLogin(id: login.id, now: Date())
                #expect(onB?.nonce == "n-1")
                #expect(onB?.pkceVerifier == "verifier-1")
                #expect(onB?.relayState == "relay")
                #expect(onB?.returnTo == "https://app.example/")
                #expect(onB?.organizationID == "org")
                #expect(again == nil)
                }
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func concurrentConsumersExactlyOneGetsIt(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                try await test.withSecondInstance { (other: SQLGatehouseStore) async throws in
                let stores = [test.store, other]
                let login = pending(uniqueID("request"))
                try await test.store.savePendingLogin(login)
                let got = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<16 {
                        group.addTask { try await stores[index % 2].consumePendingLogin(id: login.id, now: Date()) != nil }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(got == 1)
                }
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func expiredOrUnknownIsNil(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let login = pending(uniqueID("state"), expiresIn: -1)
                try await test.store.savePendingLogin(login)
                #expect(try await test.store.consumePendingLogin(id: login.id, now: Date()) == nil)
                #expect(try await test.store.consumePendingLogin(id: uniqueID("never"), now: Date()) == nil)
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func duplicateIDIsAConflict(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let login = pending(uniqueID("state"))
                try await test.store.savePendingLogin(login)
                let error = await #expect(throws: StoreError.self) { try await test.store.savePendingLogin(login) }
                #expect(error?.code == "store.conflict")
            }
        }
    }
}
