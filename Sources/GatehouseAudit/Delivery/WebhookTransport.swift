/// The seam for webhook HTTP traffic: ``AsyncHTTPClientWebhookTransport`` in production, tests may inject their own.
///
/// Implementations never follow redirects (a 3xx is returned as a response, i.e. a failure), bound the request by
/// its timeout, cap how much of the response body they read, and throw for transport failures.
public protocol WebhookTransport: Sendable {
    func post(_ request: WebhookRequest) async throws -> WebhookResponse
}
