/// One SCIM HTTP request, as the gateway's route adapter hands it over (no HTTP framework types).
///
/// ```swift
/// let response = await scim.handle(SCIMRequest(
///     method: "PATCH", path: "/Users/2819c223", rawQuery: "",
///     headers: ["Authorization": "Bearer ghscim_…", "If-Match": "W/\"3\""], body: bytes,
///     requestID: "req-1", sourceIP: "203.0.113.7", userAgent: "Azure AD SCIM"))
/// ```
public struct SCIMRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE` (any case).
    public var method: String
    /// The path after the SCIM base (`/scim/v2`), e.g. `/Users/abc` or `/ServiceProviderConfig`.
    public var path: String
    /// Decoded query parameters (`filter`, `startIndex`, `count`, `sortBy`, `sortOrder`, `attributes`, …).
    public var query: [String: String]
    /// Header names are matched ignoring case.
    public var headers: [String: String]
    public var body: [UInt8]
    public var requestID: String
    public var sourceIP: String
    public var userAgent: String

    public init(
        method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
        body: [UInt8] = [], requestID: String = "", sourceIP: String = "", userAgent: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.sourceIP = sourceIP
        self.userAgent = userAgent
    }

    /// With a raw, percent-encoded query string (`filter=userName%20eq%20%22bjensen%22&count=10`).
    public init(
        method: String, path: String, rawQuery: String, headers: [String: String] = [:], body: [UInt8] = [],
        requestID: String = "", sourceIP: String = "", userAgent: String = ""
    ) {
        self.init(
            method: method, path: path, query: Self.parseQuery(rawQuery), headers: headers, body: body,
            requestID: requestID, sourceIP: sourceIP, userAgent: userAgent)
    }

    /// The header `name`, ignoring case.
    public func header(_ name: String) -> String? {
        if let v = headers[name] { return v }
        let folded = name.lowercased()
        return headers.first { $0.key.lowercased() == folded }?.value
    }

    /// A query parameter, ignoring the case of its name (`startIndex` vs `startindex`).
    func parameter(_ name: String) -> String? {
        if let v = query[name] { return v }
        let folded = name.lowercased()
        return query.first { $0.key.lowercased() == folded }?.value
    }

    /// Splits and percent-decodes `a=b&c=d` (`+` is a space). A repeated name keeps its first value.
    public static func parseQuery(_ raw: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(kv[0])
            guard !key.isEmpty, out[key] == nil else { continue }
            out[key] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }

    static func decode(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        var u = Array(s.utf8)[...]
        while let c = u.popFirst() {
            if c == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if c == UInt8(ascii: "%"), u.count >= 2, let h = hex(u[u.startIndex]), let l = hex(u[u.startIndex + 1]) {
                bytes.append(h << 4 | l)
                u = u.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}

/// The response: status, headers (`Content-Type: application/scim+json`, `ETag`, `Location`, `WWW-Authenticate`,
/// `Retry-After`) and body.
public struct SCIMResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name` (ignoring case).
    public func header(_ name: String) -> String? {
        let folded = name.lowercased()
        return headers.first { $0.0.lowercased() == folded }?.1
    }

    static let contentType = ("Content-Type", "application/scim+json; charset=utf-8")

    static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> SCIMResponse {
        SCIMResponse(status: status, headers: [contentType] + headers, body: value.serialized())
    }

    /// The RFC 7644 §3.12 error body.
    static func error(_ e: SCIMError, headers: [(String, String)] = []) -> SCIMResponse {
        var body: [String: JSONValue] = [
            "schemas": .array([.string(SCIMSchemas.errorURN)]), "status": .string(String(e.status)),
            "detail": .string(e.reason),
        ]
        if let t = e.scimType { body["scimType"] = .string(t) }
        var h = headers
        if e.kind == .unauthorized { h.append(("WWW-Authenticate", "Bearer realm=\"gatehouse-scim\"")) }
        return json(e.status, .object(body), headers: h)
    }
}
