public import Foundation

/// One outgoing HTTP request to an IdP (discovery, JWKS, token, userinfo).
public struct HTTPFetchRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST" }
    public var method: Method
    public var url: URL
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// Whole-request deadline (connect + response). Default 5 s.
    public var timeout: TimeInterval
    /// Larger responses are refused (default 1 MiB).
    public var maximumResponseSize: Int

    public init(
        method: Method = .get, url: URL, headers: [(String, String)] = [], body: [UInt8]? = nil, timeout: TimeInterval = 5,
        maximumResponseSize: Int = 1 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maximumResponseSize = maximumResponseSize
    }
}

public struct HTTPFetchResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `max-age` from `Cache-Control`, 0 for `no-store`/`no-cache`, `nil` when absent.
    public var cacheMaxAge: TimeInterval? {
        guard let header = headers["cache-control"]?.lowercased() else { return nil }
        var maxAge: TimeInterval?
        for directive in header.split(separator: ",") {
            let part = directive.trimmingCharacters(in: .whitespaces)
            if part == "no-store" || part == "no-cache" { return 0 }
            if part.hasPrefix("max-age=") { maxAge = TimeInterval(part.dropFirst("max-age=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
        }
        return maxAge
    }
}

/// The seam for all IdP HTTP traffic. ``AsyncHTTPClientFetcher`` in production; tests inject their own.
///
/// Implementations do not follow redirects and throw for transport failures and timeouts.
public protocol HTTPFetching: Sendable {
    func fetch(_ request: HTTPFetchRequest) async throws -> HTTPFetchResponse
}
