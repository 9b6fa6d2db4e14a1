public import struct Foundation.URL

/// One webhook POST: URL, headers, body and a whole-request deadline.
public struct WebhookRequest: Sendable {
    public var url: URL
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Connect + response deadline.
    public var timeout: Duration

    public init(url: URL, headers: [(String, String)], body: [UInt8], timeout: Duration) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
