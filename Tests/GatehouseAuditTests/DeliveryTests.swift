import AsyncHTTPClient
import Crypto
import Foundation
import GatehouseAudit
import GatehouseCore
import GatehouseStore
import Testing

@Suite(.timeLimit(.minutes(2))) struct DeliveryTests {
    let start = Date(timeIntervalSince1970: 1_900_000_000)
    let secret = "whsec-test-0123456789"

    func record(_ store: SQLGatehouseStore, org: String = "acme", count: Int, clock: any GatehouseClock) async throws -> [Int64] {
        let recorder = AuditRecorder(store: store, clock: clock)
        var sequences: [Int64] = []
        for index in 0..<count {
            sequences.append(try await recorder.loginSucceeded(organizationID: org, user: "user\(index)", connectionID: "okta",
                                                               protocol: "saml", context: .system).sequence)
        }
        return sequences
    }

    /// Every request is correctly signed, and its Event-Id matches the body's id.
    func expectSigned(_ requests: [WebhookReceiver.Request], now: Int64) throws {
        for request in requests {
            let timestamp = try #require(request.headers["x-gatehouse-timestamp"])
            let signature = try #require(request.headers["x-gatehouse-signature"])
            #expect(AuditWebhookSignature.verify(body: request.body, timestamp: timestamp, header: signature, secret: secret, now: now))
            #expect(!AuditWebhookSignature.verify(body: request.body + [0x20], timestamp: timestamp, header: signature, secret: secret, now: now))
            #expect(!AuditWebhookSignature.verify(body: request.body, timestamp: timestamp, header: signature, secret: "wrong", now: now))
            // Manual recomputation, as a receiver in another language would do it.
            let object = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
            #expect(object["id"] as? String == request.headers["x-gatehouse-event-id"])
            #expect(request.headers["content-type"] == "application/json")
        }
    }

    func delivered(_ receiver: WebhookReceiver) -> [String] {
        receiver.received.filter { (200..<300).contains($0.status) }.compactMap { $0.headers["x-gatehouse-event-id"] }
    }

    @Test(arguments: AuditBackend.enabled)
    func failuresOutageAndRecoveryFollowTheBackoffSchedule(backend: AuditBackend) async throws {
        try await withWebhookRig { receiver, client in
        try await withAuditStore(backend) { store, _ in
            let clock = ManualClock(start)
            let sequences = try await record(store, count: 5, clock: clock)
            let transport = RecordingTransport(AsyncHTTPClientWebhookTransport(client: client))
            let webhook = try AuditWebhook(url: receiver.url, secret: secret)
            let deliverer = AuditWebhookDeliverer(
                store: store, instanceID: "instance-1", transport: transport,
                options: AuditDeliveryOptions(batchSize: 10, lease: 60, requestTimeout: .seconds(5),
                                              backoff: AuditBackoff(base: 10, maximum: 900)),
                clock: clock, random: { 0 }, webhooks: { $0 == "acme" ? webhook : nil })

            // 1. The receiver fails: the first event is tried once, the rest of the batch is deferred with it.
            receiver.respond(with: 500)
            var report = try await deliverer.deliverOnce()
            #expect(report.claimed == 5 && report.failed == 5 && report.delivered == 0)
            #expect(receiver.received.count == 1)
            #expect(receiver.received.first?.headers["x-gatehouse-event-id"] == "acme:\(sequences[0])")
            #expect(receiver.received.first?.headers["x-gatehouse-delivery-attempt"] == "1")
            // Backoff: nothing is due before start + 10 s (base · 2⁰).
            clock.set(start.addingTimeInterval(9.9))
            #expect(try await deliverer.deliverOnce().claimed == 0)

            // 2. The receiver is down (connection refused): attempt 2, backoff 20 s.
            try await receiver.stop()
            clock.set(start.addingTimeInterval(10))
            report = try await deliverer.deliverOnce()
            #expect(report.claimed == 5 && report.failed == 5)
            #expect(transport.log == ["HTTP 500", "error"])
            clock.set(start.addingTimeInterval(29.9))
            #expect(try await deliverer.deliverOnce().claimed == 0)
            #expect(try await store.pendingOutboxCount() == 5)

            // 3. Back up: everything is delivered, in order, and signed.
            try await receiver.start()
            receiver.respond(with: 200)
            clock.set(start.addingTimeInterval(30))
            report = try await deliverer.deliverOnce()
            #expect(report.claimed == 5 && report.delivered == 5 && report.failed == 0)
            #expect(delivered(receiver) == sequences.map { "acme:\($0)" })
            #expect(receiver.received.last?.headers["x-gatehouse-delivery-attempt"] == "3")
            #expect(try await store.pendingOutboxCount() == 0)
            #expect(try await deliverer.deliverOnce().claimed == 0)
            try expectSigned(receiver.received, now: Int64(start.timeIntervalSince1970) + 30)
        }
        }
    }

    @Test func serviceLoopDeliversEverythingAcrossAnOutage() async throws {
        try await withWebhookRig { receiver, client in
        try await withAuditStore(.sqlite) { store, _ in
            let sequences = try await record(store, count: 12, clock: SystemClock())
            let transport = RecordingTransport(AsyncHTTPClientWebhookTransport(client: client))
            let webhook = try AuditWebhook(url: receiver.url, secret: secret)
            let deliverer = AuditWebhookDeliverer(
                store: store, instanceID: "loop", transport: transport,
                options: AuditDeliveryOptions(batchSize: 4, lease: 30, requestTimeout: .seconds(2), pollInterval: .milliseconds(10),
                                              backoff: AuditBackoff(base: 0.02, maximum: 0.1)),
                webhooks: { _ in webhook })
            receiver.respond(with: 503)
            let task = Task { try await deliverer.run() }
            defer { task.cancel() }
            try await waitUntil { receiver.received.count >= 3 }
            try await receiver.stop()
            try await waitUntil { transport.log.filter { $0 == "error" }.count >= 2 }
            receiver.respond(with: 204)
            try await receiver.start()
            try await waitUntil { Set(delivered(receiver)).count == sequences.count }
            try await waitUntil { try await store.pendingOutboxCount() == 0 }
            task.cancel()
            try await task.value
            #expect(Set(delivered(receiver)) == Set(sequences.map { "acme:\($0)" }))
            #expect(try await store.pendingOutboxCount() == 0)
            try expectSigned(receiver.received, now: Int64(Date().timeIntervalSince1970))
        }
        }
    }

    @Test(arguments: AuditBackend.enabled)
    func twoInstancesNeverSendTheSameEventWithinALease(backend: AuditBackend) async throws {
        try await withWebhookRig { receiver, client in
        try await withAuditStore(backend) { store, location in
            let other = try await SQLGatehouseStore.open(location, options: AuditBackend.options())
            let sequences = try await record(store, count: 40, clock: SystemClock())
            let webhook = try AuditWebhook(url: receiver.url, secret: secret)
            let options = AuditDeliveryOptions(batchSize: 3, lease: 60, requestTimeout: .seconds(5), pollInterval: .milliseconds(5))
            let transport = AsyncHTTPClientWebhookTransport(client: client)
            let first = AuditWebhookDeliverer(store: store, instanceID: "instance-a", transport: transport, options: options,
                                              webhooks: { _ in webhook })
            let second = AuditWebhookDeliverer(store: other, instanceID: "instance-b", transport: transport, options: options,
                                               webhooks: { _ in webhook })
            let tasks = [Task { try await first.run() }, Task { try await second.run() }]
            do {
                try await waitUntil { Set(delivered(receiver)).count == sequences.count }
                // The receiver has every event; the deliverers mark the last ones delivered just after.
                try await waitUntil { try await store.pendingOutboxCount() == 0 }
            } catch {
                for task in tasks { task.cancel() }
                for task in tasks { try? await task.value }
                await other.close()
                throw error
            }
            for task in tasks { task.cancel() }
            for task in tasks { try await task.value }
            await other.close()
            let ids = delivered(receiver)
            #expect(ids.count == sequences.count)  // each exactly once
            #expect(Set(ids) == Set(sequences.map { "acme:\($0)" }))
            #expect(try await store.pendingOutboxCount() == 0)
        }
        }
    }

    @Test func redirectsAreNotFollowedAndMissingWebhooksWait() async throws {
        try await withWebhookRig { receiver, client in
        try await withAuditStore(.sqlite) { store, _ in
            let clock = ManualClock(start)
            _ = try await record(store, count: 1, clock: clock)
            _ = try await record(store, org: "no-webhook", count: 2, clock: clock)
            let webhook = try AuditWebhook(url: receiver.url, secret: secret)
            let deliverer = AuditWebhookDeliverer(
                store: store, instanceID: "i", transport: AsyncHTTPClientWebhookTransport(client: client),
                options: AuditDeliveryOptions(backoff: AuditBackoff(base: 10, maximum: 900)), clock: clock, random: { 0 },
                webhooks: { $0 == "acme" ? webhook : nil })
            receiver.respond(with: 302)
            let report = try await deliverer.deliverOnce()
            #expect(report.claimed == 3 && report.failed == 3 && report.delivered == 0)
            #expect(receiver.received.map(\.path) == ["/siem"])  // /elsewhere was never requested
            // The org without a webhook waits the maximum backoff; nothing is dropped.
            clock.set(start.addingTimeInterval(10))
            #expect(try await deliverer.deliverOnce().claimed == 1)
            clock.set(start.addingTimeInterval(900))
            #expect(try await deliverer.deliverOnce().claimed >= 2)
            #expect(try await store.pendingOutboxCount() == 3)
        }
        }
    }

    @Test func webhookSettingsAreValidated() throws {
        #expect(throws: AuditError.webhookInvalid("")) { try AuditWebhook(url: URL(string: "http://siem.example/x")!, secret: "s") }
        #expect(throws: AuditError.webhookInvalid("")) { try AuditWebhook(url: URL(string: "ftp://siem.example/x")!, secret: "s") }
        #expect(throws: AuditError.webhookInvalid("")) { try AuditWebhook(url: URL(string: "https://u:p@siem.example/x")!, secret: "s") }
        #expect(throws: AuditError.webhookInvalid("")) { try AuditWebhook(url: URL(string: "https://siem.example/x")!, secret: "") }
        _ = try AuditWebhook(url: URL(string: "https://siem.example/x")!, secret: "s")
        _ = try AuditWebhook(url: URL(string: "http://127.0.0.1:9/x")!, secret: "s")
        _ = try AuditWebhook(url: URL(string: "http://siem.internal/x")!, secret: "s", allowPlainHTTP: true)
    }

    @Test func signatureMatchesAnIndependentComputation() {
        // HMAC-SHA256("key", "1700000000.{}") computed with: printf '1700000000.{}' | openssl dgst -sha256 -hmac key
        let header = AuditWebhookSignature.header(body: Array("{}".utf8), timestamp: "1700000000",
                                                  key: .init(data: Array("key".utf8)))
        #expect(header == "sha256=" + Self.opensslHMAC)
        #expect(AuditWebhookSignature.verify(body: Array("{}".utf8), timestamp: "1700000000", header: header, secret: "key",
                                             now: 1_700_000_100))
        #expect(!AuditWebhookSignature.verify(body: Array("{}".utf8), timestamp: "1700000000", header: header, secret: "key",
                                              now: 1_700_000_301))  // too old: replay window
    }

    static let opensslHMAC = "9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"
}

/// A started receiver and an HTTP client, both shut down afterwards even when `body` throws.
func withWebhookRig(_ body: (WebhookReceiver, HTTPClient) async throws -> Void) async throws {
    let receiver = WebhookReceiver()
    try await receiver.start()
    let client = AsyncHTTPClientWebhookTransport.makeClient()
    do {
        try await body(receiver, client)
    } catch {
        try? await receiver.stop()
        try? await client.shutdown()
        throw error
    }
    try await receiver.stop()
    try await client.shutdown()
}

/// Polls `condition` every 10 ms for up to `seconds` (the state lives in another process's socket, so there is no
/// event to await).
func waitUntil(seconds: Double = 30, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw AuditTestError("condition not met within \(seconds) s")
}
