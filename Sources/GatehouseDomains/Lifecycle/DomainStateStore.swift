public import struct Foundation.Date
import Synchronization

/// Persistence of claims. The in-memory store serves the CLI and tests; the database store comes with the storage
/// module.
public protocol DomainStateStore: Sendable {
    func claim(domain: String, organization: String) async throws -> DomainClaim?
    /// Every org's claim on `domain`.
    func claims(domain: String) async throws -> [DomainClaim]
    func allClaims() async throws -> [DomainClaim]
    /// Claims whose `nextCheckAt` is at or before `now`, soonest first, at most `limit`.
    func dueClaims(at now: Date, limit: Int) async throws -> [DomainClaim]
    /// Inserts or replaces the claim of (`domain`, `organization`).
    func save(_ claim: DomainClaim) async throws
    func delete(domain: String, organization: String) async throws
}

/// A process-local ``DomainStateStore``.
public final class InMemoryDomainStateStore: DomainStateStore {
    private struct Key: Hashable { let domain: String; let organization: String }
    private let storage = Mutex<[Key: DomainClaim]>([:])

    public init(_ claims: [DomainClaim] = []) {
        storage.withLock { s in for c in claims { s[Key(domain: c.domain, organization: c.organization)] = c } }
    }

    public func claim(domain: String, organization: String) async throws -> DomainClaim? {
        storage.withLock { $0[Key(domain: domain, organization: organization)] }
    }

    public func claims(domain: String) async throws -> [DomainClaim] {
        storage.withLock { s in s.values.filter { $0.domain == domain }.sorted { $0.organization < $1.organization } }
    }

    public func allClaims() async throws -> [DomainClaim] {
        storage.withLock { s in s.values.sorted { ($0.domain, $0.organization) < ($1.domain, $1.organization) } }
    }

    public func dueClaims(at now: Date, limit: Int) async throws -> [DomainClaim] {
        storage.withLock { s in Array(s.values.filter { $0.nextCheckAt <= now }.sorted { $0.nextCheckAt < $1.nextCheckAt }.prefix(limit)) }
    }

    public func save(_ claim: DomainClaim) async throws {
        storage.withLock { $0[Key(domain: claim.domain, organization: claim.organization)] = claim }
    }

    public func delete(domain: String, organization: String) async throws {
        _ = storage.withLock { $0.removeValue(forKey: Key(domain: domain, organization: organization)) }
    }
}

/// Keeps events in memory (tests, the CLI).
public final class InMemoryDomainEventSink: DomainEventSink {
    private let storage = Mutex<[DomainEvent]>([])
    public init() {}
    public func record(_ event: DomainEvent) async { storage.withLock { $0.append(event) } }
    public var events: [DomainEvent] { storage.withLock { $0 } }
}
