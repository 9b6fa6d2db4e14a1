public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// ``WebhookTransport`` over AsyncHTTPClient: POST with a deadline, no redirects, response body read up to a cap.
public struct AsyncHTTPClientWebhookTransport: WebhookTransport {
    let client: HTTPClient
    /// At most this much of a response body is read; the rest is dropped (default 64 KiB).
    public var maximumResponseBytes: Int

    /// - Parameter client: a client that does not follow redirects (``makeClient()``).
    public init(client: HTTPClient, maximumResponseBytes: Int = 64 << 10) {
        self.client = client
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// A client that never follows redirects (a SIEM endpoint that redirects is misconfigured or hijacked; following
    /// it would send signed events elsewhere). Shut it down with `try await client.shutdown()`.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func post(_ request: WebhookRequest) async throws -> WebhookResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let milliseconds = request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .milliseconds(max(1, milliseconds)))
        } catch {
            // A pooled keep-alive connection to a receiver that restarted fails at once; one retry on a fresh
            // connection, within the same deadline (a duplicate is allowed: delivery is at-least-once).
            let left = request.timeout - (ContinuousClock.now - started)
            guard left > .milliseconds(50) else { throw error }
            let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            response = try await client.execute(outgoing, timeout: .milliseconds(max(1, ms)))
        }
        var read = 0
        for try await chunk in response.body {
            read += chunk.readableBytes
            if read > maximumResponseBytes { break }
        }
        return WebhookResponse(status: Int(response.status.code))
    }
}
