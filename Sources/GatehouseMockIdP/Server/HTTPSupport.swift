import Foundation
import Hummingbird

/// Small HTTP helpers: form/query parsing and typed responses.
enum HTTPSupport {
    /// `application/x-www-form-urlencoded` (and query strings): `+` is a space, then percent-decoding.
    static func parseForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let key = parts.first else { continue }
            out[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }

    static func query(_ request: Request) -> [String: String] { parseForm(request.uri.query ?? "") }

    static func body(_ request: Request) async throws -> String {
        let buffer = try await request.body.collect(upTo: 2 << 20)
        return String(buffer: buffer)
    }

    static func form(_ request: Request) async throws -> [String: String] { parseForm(try await body(request)) }

    static func response(_ status: Int, _ contentType: String, _ body: String, headers: [String: String] = [:]) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        fields[.cacheControl] = "no-store"
        for (k, v) in headers { if let name = HTTPFields.Element.Name(k) { fields[name] = v } }
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func html(_ body: String, status: Int = 200) -> Response { response(status, "text/html; charset=utf-8", body) }

    static func json(_ object: Any, status: Int = 200) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return response(status, "application/json", String(decoding: data, as: UTF8.self))
    }

    static func json<T: Encodable>(encodable value: T, status: Int = 200) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return response(status, "application/json", String(decoding: data, as: UTF8.self))
    }

    static func oauth(_ reply: OAuthReply) -> Response {
        response(reply.status, "application/json", String(decoding: reply.body, as: UTF8.self), headers: reply.headers)
    }

    static func redirect(_ location: String) -> Response {
        response(302, "text/plain", "", headers: ["Location": location])
    }
}
