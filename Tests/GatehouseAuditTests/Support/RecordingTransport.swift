import GatehouseAudit
import NIOConcurrencyHelpers

/// Wraps a real transport and counts what happened: answers by status, and thrown transport errors.
final class RecordingTransport: WebhookTransport {
    let inner: any WebhookTransport
    private let outcomes = NIOLockedValueBox<[String]>([])

    init(_ inner: any WebhookTransport) { self.inner = inner }

    var log: [String] { outcomes.withLockedValue { $0 } }

    func post(_ request: WebhookRequest) async throws -> WebhookResponse {
        do {
            let response = try await inner.post(request)
            outcomes.withLockedValue { $0.append("HTTP \(response.status)") }
            return response
        } catch {
            outcomes.withLockedValue { $0.append("error") }
            throw error
        }
    }
}
