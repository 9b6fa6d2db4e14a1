import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A minimal browser for the rehearsal: follows nothing by itself, keeps the gateway's cookies (only for the
/// gateway's origin), sends `Origin` on form posts as a browser does, and reads hidden form fields.
final class RehearsalBrowser: @unchecked Sendable {
    struct Page {
        let status: Int
        let headers: HTTPHeaders
        let body: String
        var location: String? { headers.first(name: "location") }
    }

    let client: HTTPClient
    let gatewayOrigin: String
    private var cookies: [String: String] = [:]

    init(client: HTTPClient, gatewayOrigin: String) {
        self.client = client
        self.gatewayOrigin = gatewayOrigin
    }

    func get(_ url: String) async throws -> Page {
        try await send(url, method: .GET, body: nil, origin: nil)
    }

    func post(_ url: String, form: [String: String], origin: String) async throws -> Page {
        try await send(url, method: .POST, body: Self.encode(form), origin: origin)
    }

    private func send(_ url: String, method: HTTPMethod, body: String?, origin: String?) async throws -> Page {
        let absolute = url.hasPrefix("/") ? gatewayOrigin + url : url
        var request = HTTPClientRequest(url: absolute)
        request.method = method
        request.headers.add(name: "User-Agent", value: "gatehouse-rehearsal")
        let toGateway = absolute.hasPrefix(gatewayOrigin + "/")
        if toGateway, !cookies.isEmpty {
            request.headers.add(name: "Cookie", value: cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            if let origin { request.headers.add(name: "Origin", value: origin) }
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 4 << 20)
        if toGateway {
            for header in response.headers[canonicalForm: "set-cookie"] { remember(String(header)) }
        }
        return Page(status: Int(response.status.code), headers: response.headers, body: String(buffer: buffer))
    }

    private func remember(_ header: String) {
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = parts.first, let eq = pair.firstIndex(of: "=") else { return }
        let name = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
        let expired = parts.dropFirst().contains { $0.lowercased() == "max-age=0" || $0.lowercased().hasPrefix("expires=thu, 01 jan 1970") }
        if expired || value.isEmpty { cookies.removeValue(forKey: name) } else { cookies[name] = value }
    }

    static func encode(_ form: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }

    /// The value of `<input … name="NAME" value="…">` (attribute order as the gateway and the mock IdP write it).
    static func field(_ name: String, in page: String) -> String? {
        guard let r = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return unescape(String(page[r.upperBound...].prefix { $0 != "\"" }))
    }

    /// The first form's `action`.
    static func formAction(in page: String) -> String? {
        guard let form = page.range(of: "<form"), let r = page.range(of: "action=\"", range: form.upperBound..<page.endIndex) else { return nil }
        return unescape(String(page[r.upperBound...].prefix { $0 != "\"" }))
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func appending(_ url: String, _ name: String, _ value: String) -> String {
        url + (url.contains("?") ? "&" : "?") + name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)
    }
}
