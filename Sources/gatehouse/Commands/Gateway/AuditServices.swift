import Foundation
import GatehouseAudit
import GatehouseConfig
import GatehouseStore
import Logging
import ServiceLifecycle

/// The audit log's background services for `serve`: retention per org (`audit.retention`) and SIEM delivery per org
/// (`audit.webhook`), from the configuration. Secrets come from the environment (`env:NAME`).
enum AuditServices {
    static func make(_ configuration: GatehouseConfiguration, store: SQLGatehouseStore, environment: [String: String],
                     logger: Logger) throws -> [any Service] {
        var retention: [String: AuditRetention] = [:]
        var webhooks: [String: AuditWebhook] = [:]
        for org in configuration.orgs {
            if let text = org.auditRetention {
                do { retention[org.id] = try AuditRetention(parsing: text) } catch {
                    throw UsageError("audit.invalid_retention: org '\(org.id)': \(error)")
                }
            }
            if let url = org.auditWebhookURL, let reference = org.auditWebhookSecret {
                let secret: String
                do { secret = try reference.resolve(in: environment) } catch { throw UsageError("\(error.code): \(error.reason)") }
                guard let parsed = URL(string: url) else { throw UsageError("audit.invalid_webhook: org '\(org.id)': \(url)") }
                do {
                    webhooks[org.id] = try AuditWebhook(url: parsed, secret: secret,
                                                        allowPlainHTTP: parsed.host == "127.0.0.1" || parsed.host == "localhost")
                } catch {
                    throw UsageError("audit.invalid_webhook: org '\(org.id)': \(error)")
                }
            }
        }
        let retained = retention, hooks = webhooks
        var services: [any Service] = [
            AuditRetentionService(store: store, logger: logger) { org in retained[org] ?? .forever }
        ]
        if !hooks.isEmpty {
            services.append(AuditWebhookDeliverer(
                store: store, instanceID: ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier),
                transport: AsyncHTTPClientWebhookTransport(client: AsyncHTTPClientWebhookTransport.makeClient()), logger: logger,
                webhooks: { org in hooks[org] }))
        }
        return services
    }
}
