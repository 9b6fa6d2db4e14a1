import Foundation
import Testing
@testable import GatehouseStore

extension StoreSuite {
    @Suite struct AuditTests {
        let now = Date(timeIntervalSince1970: 1_900_000_000)

        func event(_ org: String, _ offset: Double, action: String = "login.success") -> AuditEvent {
            AuditEvent(organizationID: org, occurredAt: now.addingTimeInterval(offset), actor: "alice@acme.example",
                       action: action, target: "session", result: "success", requestID: "req-\(offset)",
                       sourceIP: "192.0.2.1", userAgent: "test")
        }

        @Test(arguments: StoreBackend.enabled)
        func appendExportAndRetention(backend: StoreBackend) async throws {
            try await withStore(backend, isolated: true) { (test: TestStore) async throws in
                let org = uniqueID("org")
                var stored: [AuditEvent] = []
                for offset in 0..<5 { stored.append(try await test.store.appendAuditEvent(event(org, Double(offset)), deliver: offset == 4)) }
                #expect(stored.map(\.sequence) == stored.map(\.sequence).sorted())
                let window = try await test.store.auditEvents(organizationID: org, since: now.addingTimeInterval(1),
                                                              until: now.addingTimeInterval(3), afterSequence: 0, limit: 100)
                #expect(window.map(\.requestID) == ["req-1.0", "req-2.0"])
                let page = try await test.store.auditEvents(organizationID: org, since: now, until: nil,
                                                            afterSequence: stored[2].sequence, limit: 1)
                #expect(page.map(\.sequence) == [stored[3].sequence])
                // Retention deletes old events but never an undelivered one.
                #expect(try await test.store.deleteAuditEvents(organizationID: org, before: now.addingTimeInterval(100)) == 4)
                let left = try await test.store.auditEvents(organizationID: org, since: .distantPast, until: nil,
                                                            afterSequence: 0, limit: 100)
                #expect(left.map(\.sequence) == [stored[4].sequence])
            }
        }

        @Test(arguments: StoreBackend.enabled)
        func outboxLeasesRetriesAndDelivery(backend: StoreBackend) async throws {
            try await withStore(backend, isolated: true) { (test: TestStore) async throws in
                try await test.withSecondInstance { (other: SQLGatehouseStore) async throws in
                let org = uniqueID("org")
                for offset in 0..<6 { try await test.store.appendAuditEvent(event(org, Double(offset)), deliver: true) }
                let later = now.addingTimeInterval(60)
                async let first = test.store.claimOutbox(owner: "w1", limit: 4, lease: 30, now: later)
                async let second = other.claimOutbox(owner: "w2", limit: 4, lease: 30, now: later)
                let (a, b) = try await (first, second)
                let claimedA = Set(a.map(\.event.sequence)), claimedB = Set(b.map(\.event.sequence))
                #expect(claimedA.isDisjoint(with: claimedB))
                #expect(claimedA.count + claimedB.count == 6)
                #expect(try await test.store.claimOutbox(owner: "w3", limit: 10, lease: 30, now: later).isEmpty)

                let failed = try #require(a.first ?? b.first)
                try await test.store.markFailed(sequence: failed.event.sequence, owner: failed.leaseOwner, error: "HTTP 503",
                                                nextAttemptAt: later.addingTimeInterval(120))
                let delivered = (a + b).filter { $0.event.sequence != failed.event.sequence }
                #expect(try await test.store.markDelivered(sequences: delivered.filter { $0.leaseOwner == "w1" }.map(\.event.sequence),
                                                           owner: "w1", now: later) == delivered.filter { $0.leaseOwner == "w1" }.count)
                // w2's lease expires: another worker takes its rows over (at-least-once).
                let takeover = try await test.store.claimOutbox(owner: "w4", limit: 10, lease: 30, now: later.addingTimeInterval(31))
                #expect(Set(takeover.map(\.event.sequence)) == Set(delivered.filter { $0.leaseOwner == "w2" }.map(\.event.sequence)))
                #expect(try await test.store.markDelivered(sequences: takeover.map(\.event.sequence), owner: "w2",
                                                           now: later) == 0)
                #expect(try await test.store.markDelivered(sequences: takeover.map(\.event.sequence), owner: "w4",
                                                           now: later) == takeover.count)
                let retry = try await test.store.claimOutbox(owner: "w5", limit: 10, lease: 30, now: later.addingTimeInterval(121))
                #expect(retry.map(\.event.sequence) == [failed.event.sequence])
                #expect(retry.first?.attempts == 1)
                #expect(try await test.store.markDelivered(sequences: [failed.event.sequence], owner: "w5", now: later) == 1)
                #expect(try await test.store.pendingOutboxCount() == 0)
                }
            }
        }
    }
}
