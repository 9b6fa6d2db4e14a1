package import GatehouseDomains
package import Logging
import ServiceLifecycle

/// Re-checks claimed domains when they are due (the lifecycle's schedule: every 24 h by default, sooner while
/// failing), in the server's service group. The results land in the store, so domain redirection on every instance
/// follows them; resolver trouble is "unknown" and never starts a grace period.
package struct DomainRecheckService: Service {
    let service: DomainService
    let interval: Duration
    let logger: Logger

    package init(service: DomainService, interval: Duration = .seconds(60), logger: Logger) {
        self.service = service
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        while !Task.isCancelled {
            do {
                let checked = try await service.runDueChecks(limit: 10_000, concurrency: 16)
                if checked > 0 { logger.info("domain re-checks", metadata: ["checked": .stringConvertible(checked)]) }
            } catch {
                logger.error("domain re-checks failed", metadata: ["error": .string("\(error)")])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
