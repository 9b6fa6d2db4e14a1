public import GatehouseCore
public import GatehouseStore
public import Logging
public import ServiceLifecycle
import Foundation

/// Delivers the audit outbox to each organization's SIEM webhook, one event per POST, at least once.
///
/// Each round claims up to `batchSize` due rows under a lease owned by `instanceID` (so any number of instances can
/// run it on one store without sending an event twice within a lease), groups them by organization, and POSTs each
/// event in sequence order (organizations in parallel). A 2xx marks it delivered; anything else (non-2xx, redirect,
/// refused, timeout) reschedules it with ``AuditBackoff`` and defers the rest of that organization's batch with the
/// same delay (a receiver that is down is not hammered). Rows that are never marked (crash, lost store) are taken
/// over by any instance when their lease expires: a restart loses nothing, and a receiver may see an event twice —
/// deduplicate on `X-Gatehouse-Event-Id`.
///
/// ```swift
/// let deliverer = AuditWebhookDeliverer(store: store, instanceID: hostname,
///                                       transport: AsyncHTTPClientWebhookTransport(client: client),
///                                       webhooks: { org in await settings.webhook(for: org) })
/// ```
public struct AuditWebhookDeliverer: Service {
    let store: any AuditStore
    let instanceID: String
    let transport: any WebhookTransport
    let webhooks: @Sendable (String) async -> AuditWebhook?
    let clock: any GatehouseClock
    let options: AuditDeliveryOptions
    let random: @Sendable () -> Double
    let logger: Logger

    /// - Parameters:
    ///   - instanceID: unique per running instance (the lease owner).
    ///   - webhooks: an organization's webhook, or `nil` when it has none (its events wait, retried at max backoff).
    ///   - random: the jitter source, `[0, 1)` (injected by tests).
    public init(
        store: any AuditStore, instanceID: String, transport: any WebhookTransport, options: AuditDeliveryOptions = .init(),
        clock: any GatehouseClock = SystemClock(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        logger: Logger = Logger(label: "gatehouse.audit.delivery"),
        webhooks: @escaping @Sendable (String) async -> AuditWebhook?
    ) {
        self.store = store
        self.instanceID = instanceID
        self.transport = transport
        self.webhooks = webhooks
        self.clock = clock
        self.options = options
        self.random = random
        self.logger = logger
    }

    /// Rounds until cancelled or graceful shutdown begins; sleeps `pollInterval` when nothing was due or the store failed.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let report: AuditDeliveryReport?
                do {
                    report = try await deliverOnce()
                } catch {
                    logger.warning("audit delivery: claim failed", metadata: ["code": "\(Self.code(error))"])
                    report = nil
                }
                if let report, report.claimed > 0, report.skipped < report.claimed { continue }
                do { try await Task.sleep(for: options.pollInterval) } catch { return }
            }
        }
    }

    /// One round: claim, send, mark. Throws only when the claim itself fails.
    @discardableResult public func deliverOnce() async throws -> AuditDeliveryReport {
        let items = try await store.claimOutbox(owner: instanceID, limit: options.batchSize, lease: options.lease,
                                                now: clock.now())
        var report = AuditDeliveryReport()
        report.claimed = items.count
        guard !items.isEmpty else { return report }
        var byOrganization: [String: [OutboxItem]] = [:]
        for item in items { byOrganization[item.event.organizationID, default: []].append(item) }
        return await withTaskGroup(of: AuditDeliveryReport.self) { group in
            for (organization, batch) in byOrganization {
                group.addTask { await deliver(batch.sorted { $0.event.sequence < $1.event.sequence }, organization: organization) }
            }
            for await partial in group { report = report + partial }
            return report
        }
    }

    /// Sends one organization's claimed events in order; after the first failure the rest are deferred.
    func deliver(_ batch: [OutboxItem], organization: String) async -> AuditDeliveryReport {
        var report = AuditDeliveryReport()
        guard let webhook = await webhooks(organization) else {
            let error = AuditError.webhookNotConfigured(organizationID: organization)
            for item in batch { await reschedule(item, error: error, delay: options.backoff.maximum, report: &report) }
            return report
        }
        var failure: (error: AuditError, delay: TimeInterval)?
        for item in batch {
            if let failure {
                await reschedule(item, error: failure.error, delay: failure.delay, report: &report)
                continue
            }
            let timeout = Double(options.requestTimeout.components.seconds)
            guard clock.now().addingTimeInterval(timeout) < item.leaseUntil else {
                report.skipped += 1
                continue
            }
            do {
                try await send(item, to: webhook)
                if try await store.markDelivered(sequences: [item.event.sequence], owner: instanceID, now: clock.now()) == 1 {
                    report.delivered += 1
                } else {
                    logger.notice("audit delivery: lease lost before marking", metadata: ["sequence": "\(item.event.sequence)"])
                }
            } catch {
                let auditError = error as? AuditError ?? .webhookUnreachable(Self.code(error))
                let delay = options.backoff.delay(afterAttempts: item.attempts, random: random())
                failure = (auditError, delay)
                logger.warning("audit delivery failed", metadata: [
                    "org": "\(organization)", "sequence": "\(item.event.sequence)", "code": "\(auditError.code)",
                    "reason": "\(auditError.reason)", "retry_in_s": "\(Int(delay))",
                ])
                await reschedule(item, error: auditError, delay: delay, report: &report)
            }
        }
        return report
    }

    /// POSTs one event; throws `audit.webhook_rejected` for a non-2xx answer, `audit.webhook_unreachable` otherwise.
    func send(_ item: OutboxItem, to webhook: AuditWebhook) async throws {
        let record = AuditExportRecord(item.event)
        let body = Array(record.jsonObject.utf8)
        let timestamp = String(Int64(clock.now().timeIntervalSince1970.rounded(.down)))
        let request = WebhookRequest(
            url: webhook.url,
            headers: [
                ("Content-Type", "application/json"),
                ("User-Agent", "Gatehouse-Audit/1"),
                ("X-Gatehouse-Event-Id", record.id),
                ("X-Gatehouse-Timestamp", timestamp),
                ("X-Gatehouse-Signature", AuditWebhookSignature.header(body: body, timestamp: timestamp, key: webhook.key)),
                ("X-Gatehouse-Delivery-Attempt", String(item.attempts + 1)),
            ],
            body: body, timeout: options.requestTimeout)
        let response: WebhookResponse
        do {
            response = try await transport.post(request)
        } catch {
            throw AuditError.webhookUnreachable(String(describing: error))
        }
        guard response.isSuccess else { throw AuditError.webhookRejected(status: response.status) }
    }

    func reschedule(_ item: OutboxItem, error: AuditError, delay: TimeInterval, report: inout AuditDeliveryReport) async {
        report.failed += 1
        do {
            try await store.markFailed(sequence: item.event.sequence, owner: instanceID, error: error.debugDescription,
                                       nextAttemptAt: clock.now().addingTimeInterval(delay))
        } catch {
            // The lease expires and the row is claimed again: nothing is lost, the backoff is just shorter.
            logger.warning("audit delivery: cannot record failure", metadata: ["code": "\(Self.code(error))"])
        }
    }

    static func code(_ error: any Error) -> String { (error as? any GatehouseError)?.code ?? String(describing: type(of: error)) }
}
