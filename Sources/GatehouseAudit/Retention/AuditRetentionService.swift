public import GatehouseCore
public import GatehouseStore
public import Logging
public import ServiceLifecycle

/// Deletes audit events older than each organization's retention, every `interval`: the server adds it to its
/// `ServiceGroup`.
///
/// The organizations are every org with events (``AuditMaintenanceStore/auditOrganizationIDs()``), so events of a
/// deleted organization still expire; `retention` maps an org to its setting (orgs it does not know: return the
/// default you want, e.g. `.forever`). Events still pending in the SIEM outbox are never deleted (the store's
/// `deleteAuditEvents` skips them). A failed run is logged and retried at the next tick; it never stops the loop.
public struct AuditRetentionService: Service {
    let store: any AuditStore & AuditMaintenanceStore
    let retention: @Sendable (String) async -> AuditRetention
    let interval: Duration
    let clock: any GatehouseClock
    let logger: Logger

    public init(
        store: any AuditStore & AuditMaintenanceStore, interval: Duration = .seconds(3600),
        clock: any GatehouseClock = SystemClock(), logger: Logger = Logger(label: "gatehouse.audit.retention"),
        retention: @escaping @Sendable (String) async -> AuditRetention
    ) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Runs once now, then every `interval` until cancelled or graceful shutdown begins.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }

    /// One pass over every organization; returns events deleted per organization (orgs with nothing to delete are
    /// omitted), or `nil` when the store did not answer. An org whose delete fails is skipped until the next pass.
    @discardableResult public func runOnce() async -> [String: Int]? {
        let organizations: [String]
        do {
            organizations = try await store.auditOrganizationIDs()
        } catch {
            logger.warning("audit retention: cannot list organizations", metadata: ["code": "\(Self.code(error))"])
            return nil
        }
        var deleted: [String: Int] = [:]
        let now = clock.now()
        for organization in organizations {
            guard let cutoff = await retention(organization).cutoff(now: now) else { continue }
            do {
                let count = try await store.deleteAuditEvents(organizationID: organization, before: cutoff)
                if count > 0 { deleted[organization] = count }
            } catch {
                logger.warning("audit retention failed", metadata: ["org": "\(organization)", "code": "\(Self.code(error))"])
            }
        }
        if !deleted.isEmpty {
            logger.info("audit retention deleted events", metadata: ["deleted": "\(deleted.values.reduce(0, +))"])
        }
        return deleted
    }

    static func code(_ error: any Error) -> String { (error as? any GatehouseError)?.code ?? "unknown" }
}
