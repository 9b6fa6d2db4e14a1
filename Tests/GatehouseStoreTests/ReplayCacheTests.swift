import Foundation
import GatehouseCore
import Testing
@testable import GatehouseStore

extension StoreSuite {
    @Suite struct ReplayCacheTests {
        @Test(arguments: StoreBackend.enabled)
        func firstUseWinsThenReplayIsRefused(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let cache: any ReplayCache = test.store
                let key = uniqueID("assertion")
                let until = Date().addingTimeInterval(300)
                #expect(try await cache.consume(key, expiresAt: until))
                #expect(try await cache.consume(key, expiresAt: until) == false)
                #expect(try await cache.consume(uniqueID("assertion"), expiresAt: until))
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func anExpiredEntryMayBeTakenOver(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                let key = uniqueID("assertion")
                #expect(try await test.store.consume(key, expiresAt: Date().addingTimeInterval(-1)))
                #expect(try await test.store.consume(key, expiresAt: Date().addingTimeInterval(300)))
                #expect(try await test.store.consume(key, expiresAt: Date().addingTimeInterval(300)) == false)
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func consumedOnInstanceAIsRefusedOnInstanceB(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                try await test.withSecondInstance { (other: SQLGatehouseStore) async throws in
                let key = uniqueID("assertion")
                #expect(try await test.store.consume(key, expiresAt: Date().addingTimeInterval(300)))
                let onB = try await other.consume(key, expiresAt: Date().addingTimeInterval(300))
                #expect(onB == false)
                }
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func concurrentConsumersOnTwoInstancesExactlyOneWins(backend: StoreBackend) async throws {
            try await withStore(backend) { (test: TestStore) async throws in
                try await test.withSecondInstance { (other: SQLGatehouseStore) async throws in
                let stores = [test.store, other]
                for _ in 0..<5 {
                    let key = uniqueID("assertion")
                    let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                        for index in 0..<24 {
                            group.addTask {
                                try await stores[index % 2].consume(key, expiresAt: Date().addingTimeInterval(300))
                            }
                        }
                        return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                    }
                    #expect(winners == 1)
                }
                }
            }
        }
    }
}
