import Foundation
import GatehouseAudit
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct RetentionTests {
    let now = Date(timeIntervalSince1970: 1_900_000_000)
    let day: TimeInterval = 86_400

    func append(_ store: SQLGatehouseStore, _ org: String, ago: TimeInterval, deliver: Bool) async throws -> Int64 {
        try await store.appendAuditEvent(AuditEvent(organizationID: org, occurredAt: now.addingTimeInterval(-ago),
                                                    actor: "alice", action: "login.success"), deliver: deliver).sequence
    }

    func remaining(_ store: SQLGatehouseStore, _ org: String) async throws -> [Int64] {
        try await store.auditEvents(organizationID: org, since: .distantPast, until: nil, afterSequence: 0, limit: 1000)
            .map(\.sequence)
    }

    @Test(arguments: AuditBackend.enabled)
    func perOrganizationRetentionKeepsUndelivered(backend: AuditBackend) async throws {
        try await withAuditStore(backend) { store, _ in
            let oldA = try await append(store, "org-a", ago: 40 * day, deliver: false)
            let oldPendingA = try await append(store, "org-a", ago: 40 * day, deliver: true)
            let recentA = try await append(store, "org-a", ago: 10 * day, deliver: false)
            let oldB = try await append(store, "org-b", ago: 400 * day, deliver: false)
            let nowC = try await append(store, "org-c", ago: 1, deliver: false)
            let pendingC = try await append(store, "org-c", ago: 1, deliver: true)
            let deletedOrg = try await append(store, "org-gone", ago: 100 * day, deliver: false)
            _ = (oldA, nowC, deletedOrg)

            let settings: [String: AuditRetention] = ["org-a": .days(30), "org-b": .forever, "org-c": .deleteAfterDelivery]
            let service = AuditRetentionService(store: store, clock: FixedClock(now)) { settings[$0] ?? .days(90) }
            let deleted = try #require(await service.runOnce())
            #expect(deleted == ["org-a": 1, "org-c": 1, "org-gone": 1])
            #expect(try await remaining(store, "org-a") == [oldPendingA, recentA])
            #expect(try await remaining(store, "org-b") == [oldB])
            #expect(try await remaining(store, "org-c") == [pendingC])
            #expect(try await store.auditOrganizationIDs() == ["org-a", "org-b", "org-c"])

            // Once delivered, the old event goes at the next run; so does org-c's (0 days = nothing kept after delivery).
            let claimed = try await store.claimOutbox(owner: "w", limit: 10, lease: 30, now: now)
            #expect(Set(claimed.map(\.event.sequence)) == [oldPendingA, pendingC])
            #expect(try await store.markDelivered(sequences: claimed.map(\.event.sequence), owner: "w", now: now) == 2)
            #expect(await service.runOnce() == ["org-a": 1, "org-c": 1])
            #expect(try await remaining(store, "org-a") == [recentA])
            #expect(try await remaining(store, "org-c") == [])
            #expect(try await store.pendingOutboxCount() == 0)
            #expect(await service.runOnce() == [:])
        }
    }

    @Test func serviceRunsUntilCancelled() async throws {
        try await withAuditStore(.sqlite) { store, _ in
            _ = try await append(store, "org-a", ago: 40 * day, deliver: false)
            let service = AuditRetentionService(store: store, interval: .milliseconds(20), clock: FixedClock(now)) { _ in .days(30) }
            let task = Task { try await service.run() }
            var left = try await remaining(store, "org-a")
            for _ in 0..<250 where !left.isEmpty {
                try await Task.sleep(for: .milliseconds(20))
                left = try await remaining(store, "org-a")
            }
            task.cancel()
            try await task.value
            #expect(left.isEmpty)
        }
    }
}
