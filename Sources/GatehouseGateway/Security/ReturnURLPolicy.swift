/// Decides where a browser may be sent after login or logout: only to the gateway itself or to configured origins.
///
/// Accepted: a path on the gateway (`/app?x=1`, not `//evil.example` or `/\evil.example`), or an absolute
/// `http(s)` URL whose origin (scheme, host, port) is exactly one of ``allowedOrigins``. Refused: other schemes
/// (`javascript:`, `data:`), user-info (`https://good.example@evil.example`), backslashes, control characters and
/// whitespace, which browsers "repair" into a different host.
public struct ReturnURLPolicy: Sendable {
    /// Lower-cased `scheme://host[:port]`, default ports removed.
    public let allowedOrigins: Set<String>
    /// Where to go when no (or no acceptable) return URL was given.
    public let fallback: String

    public init(publicBaseURL: String, allowedOrigins: [String], fallback: String = "/") {
        var origins = Set(allowedOrigins.compactMap(Self.origin(of:)))
        if let own = Self.origin(of: publicBaseURL) { origins.insert(own) }
        self.allowedOrigins = origins
        self.fallback = fallback
    }

    /// The URL if it is safe to redirect to, else `nil` (the caller logs `gateway.return_url_rejected`).
    public func validate(_ candidate: String) -> String? {
        guard !candidate.isEmpty, candidate.utf8.count <= 2048 else { return nil }
        for scalar in candidate.unicodeScalars {
            if scalar.value < 0x21 || scalar.value == 0x7F || scalar == "\\" { return nil }
            if scalar.value > 0x7E { return nil }  // non-ASCII: IDN/homoglyph tricks; percent-encode instead
        }
        if candidate.hasPrefix("/") {
            // "//host" and "/\host" are protocol-relative to browsers.
            if candidate.hasPrefix("//") { return nil }
            return candidate
        }
        guard let origin = Self.origin(of: candidate), allowedOrigins.contains(origin) else { return nil }
        return candidate
    }

    /// `validate` or the fallback.
    public func resolve(_ candidate: String?) -> String {
        candidate.flatMap(validate) ?? fallback
    }

    /// `scheme://host[:port]` of an absolute http(s) URL with no user-info, lower-cased, default port dropped.
    static func origin(of url: String) -> String? {
        let lower = url.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" } else if lower.hasPrefix("http://") { scheme = "http" } else { return nil }
        let rest = lower.dropFirst(scheme.count + 3)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("\\") else { return nil }
        var host = String(authority)
        var port: String?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            port = String(authority[authority.index(after: colon)...])
            guard let p = port, !p.isEmpty, p.allSatisfy(\.isNumber), p.count <= 5 else { return nil }
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "[" || $0 == "]" || $0 == ":" }) else {
            return nil
        }
        if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") { port = nil }
        return "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "")
    }
}
