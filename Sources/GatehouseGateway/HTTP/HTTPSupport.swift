import Foundation
import Hummingbird

/// Small helpers: bounded form bodies, query strings, cookies, typed responses.
enum HTTPSupport {
    static func parseForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&").prefix(64) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let key = parts.first else { continue }
            let name = decode(key)
            if out[name] == nil { out[name] = parts.count > 1 ? decode(parts[1]) : "" }  // first wins: no parameter pollution
        }
        return out
    }

    static func query(_ request: Request) -> [String: String] { parseForm(request.uri.query ?? "") }

    /// The form body, refusing more than `limit` bytes with `gateway.request_too_large`.
    static func form(_ request: Request, limit: Int) async throws(GatewayError) -> [String: String] {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return parseForm(String(buffer: buffer))
        } catch {
            throw GatewayError(.requestTooLarge, "form body above \(limit) bytes or unreadable")
        }
    }

    static func cookie(_ request: Request, _ name: String) -> String? {
        CookiePolicy.value(name, in: request.headers[values: .cookie])
    }

    static func response(_ status: Int, _ contentType: String, _ body: String, headers: [(String, String)] = []) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        for (k, v) in headers { if let name = HTTPFields.Element.Name(k) { fields.append(HTTPFields.Element(name: name, value: v)) } }
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// 303 See Other (a POST's answer is fetched with GET), plus cookies.
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        response(303, "text/plain; charset=utf-8", "", headers: [("Location", location)] + cookies.map { ("Set-Cookie", $0) })
    }

    static func json(_ object: [String: Any], status: Int = 200, headers: [(String, String)] = []) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return response(status, "application/json", String(decoding: data, as: UTF8.self), headers: headers)
    }

    static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Percent-encodes everything but RFC 3986's unreserved ASCII characters (`CharacterSet.alphanumerics` would
    /// let non-ASCII letters through).
    static func urlEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
