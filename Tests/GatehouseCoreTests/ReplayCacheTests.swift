import Foundation
import GatehouseCore
import Testing

@Suite struct ReplayCacheTests {
    @Test func secondUseIsAReplay() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let cache = InMemoryReplayCache(clock: FixedClock(now))
        #expect(try await cache.consume("a", expiresAt: now + 60))
        #expect(try await !cache.consume("a", expiresAt: now + 60))
        #expect(try await cache.consume("b", expiresAt: now + 60))
    }

    @Test func expiredEntryMayBeUsedAgain() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let cache = InMemoryReplayCache(clock: FixedClock(now))
        #expect(try await cache.consume("a", expiresAt: now - 1))
        #expect(try await cache.consume("a", expiresAt: now + 60))
    }
}
