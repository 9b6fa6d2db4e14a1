import Foundation

/// A DNS server address with its port: `127.0.0.1:15353`, `[::1]:53`, or a bare address (port 53).
public struct DNSServer: Hashable, Sendable, CustomStringConvertible {
    public let host: String
    public let port: UInt16

    public init(host: String, port: UInt16 = 53) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `[IPv6]:PORT`, `HOST` or `IPv6`. Returns nil when the text is not an address of that shape.
    ///
    /// Only literal addresses are accepted (the resolver library does not look host names up for its servers).
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.count <= 64 else { return nil }
        var host = t
        var port: UInt16 = 53
        if t.hasPrefix("[") {
            guard let close = t.firstIndex(of: "]") else { return nil }
            host = String(t[t.index(after: t.startIndex)..<close])
            let rest = t[t.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = UInt16(rest.dropFirst()), p > 0 else { return nil }
                port = p
            }
        } else if t.filter({ $0 == ":" }).count == 1 {
            let parts = t.split(separator: ":", omittingEmptySubsequences: false)
            guard let p = UInt16(parts[1]), p > 0 else { return nil }
            host = String(parts[0])
            port = p
        }
        guard Self.isAddressLiteral(host) else { return nil }
        self.init(host: host, port: port)
    }

    /// `host:port`, with IPv6 in brackets: the form c-ares' server list takes.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static func isAddressLiteral(_ host: String) -> Bool {
        if host.contains(":") {
            return host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in UInt8(p) != nil && !p.isEmpty && p.count <= 3 }
    }
}
