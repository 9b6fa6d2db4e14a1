/// One TXT record found, with its strings as published (split values arrive as several strings).
public struct FoundTXT: Hashable, Sendable, Codable {
    /// Owner name (the end of a CNAME chain when there is one).
    public let name: String
    /// The strings joined: what is compared with the expected value.
    public let value: String
    public let strings: [String]
    public let ttl: UInt32

    public init(name: String, strings: [String], ttl: UInt32) {
        self.name = name
        self.strings = strings
        self.value = strings.joined()
        self.ttl = ttl
    }
}

/// What one server said about a TXT name, classified.
public enum LookupOutcome: Hashable, Sendable {
    /// TXT records at the name (after following `cnameChain`, the names passed through).
    case records([FoundTXT], cnameChain: [String])
    /// The name does not exist. `negativeTTL` = min(SOA TTL, SOA MINIMUM) when the server sent its SOA.
    case nxdomain(negativeTTL: UInt32?, zone: String?, cnameChain: [String])
    /// The name exists but has no TXT record.
    case nodata(negativeTTL: UInt32?, zone: String?, cnameChain: [String])
    case servfail
    case refused
    case timeout
    /// Nothing listened at the address.
    case unreachable
    case failure(String)

    /// A definitive answer about the record (as opposed to resolver trouble).
    public var isDefinitive: Bool {
        switch self {
        case .records, .nxdomain, .nodata: true
        default: false
        }
    }

    public var txt: [FoundTXT] {
        if case .records(let r, _) = self { return r }
        return []
    }

    public var cnameChain: [String] {
        switch self {
        case .records(_, let c), .nxdomain(_, _, let c), .nodata(_, _, let c): c
        default: []
        }
    }

    public var zone: String? {
        switch self {
        case .nxdomain(_, let z, _), .nodata(_, let z, _): z
        default: nil
        }
    }

    /// Seconds a cache may keep this answer: the smallest TXT TTL, or the negative TTL.
    public var ttl: UInt32? {
        switch self {
        case .records(let r, _): r.map(\.ttl).min()
        case .nxdomain(let t, _, _), .nodata(let t, _, _): t
        default: nil
        }
    }

    /// Short text for the per-server table: `NXDOMAIN`, `NODATA`, `TXT "…"`, `SERVFAIL`, …
    public var summary: String {
        let chain = cnameChain.isEmpty ? "" : "CNAME " + cnameChain.joined(separator: " → ") + " → "
        switch self {
        case .records(let r, _):
            return chain + r.map { "TXT " + $0.strings.map { "\"\(DomainReport.escape($0))\"" }.joined(separator: " ") }
                .joined(separator: ", ")
        case .nxdomain: return chain + "NXDOMAIN"
        case .nodata: return chain + "NODATA"
        case .servfail: return "SERVFAIL"
        case .refused: return "REFUSED"
        case .timeout: return "TIMEOUT"
        case .unreachable: return "UNREACHABLE"
        case .failure(let m): return "ERROR (\(m))"
        }
    }
}

/// One server's answer in a check.
public struct ServerObservation: Hashable, Sendable {
    public enum Role: Hashable, Sendable {
        case resolver
        /// An authoritative server, by its NS name.
        case authoritative(String)
    }
    public let role: Role
    /// The address(es) asked.
    public let servers: [DNSServer]
    public let outcome: LookupOutcome

    public init(role: Role, servers: [DNSServer], outcome: LookupOutcome) {
        self.role = role
        self.servers = servers
        self.outcome = outcome
    }

    /// `127.0.0.1:15353` for the resolver, `ns1.example.com (127.0.0.1:15355)` for an authoritative server.
    public var label: String {
        let addresses = servers.map(\.description).joined(separator: ",")
        switch role {
        case .resolver: return addresses
        case .authoritative(let name): return "\(name) (\(addresses))"
        }
    }
}
