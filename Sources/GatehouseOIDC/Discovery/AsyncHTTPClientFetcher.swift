public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// ``HTTPFetching`` over AsyncHTTPClient, with a per-request deadline and a response size cap.
public struct AsyncHTTPClientFetcher: HTTPFetching {
    let client: HTTPClient

    /// - Parameter client: an `HTTPClient` configured not to follow redirects (``makeClient()``).
    public init(client: HTTPClient) { self.client = client }

    /// A client that never follows redirects (an IdP endpoint that redirects is misconfigured or hijacked).
    /// Shut it down with `try await client.shutdown()`.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func fetch(_ request: HTTPFetchRequest) async throws -> HTTPFetchResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = request.method == .post ? .POST : .GET
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline = TimeAmount.milliseconds(Int64(request.timeout * 1000))
        let response = try await client.execute(outgoing, timeout: deadline)
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        let buffer = try await response.body.collect(upTo: request.maximumResponseSize)
        return HTTPFetchResponse(status: Int(response.status.code), headers: headers, body: Array(buffer.readableBytesView))
    }
}
