/// Record types Gatehouse asks for.
public struct DNSRecordType: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let a = DNSRecordType(rawValue: 1)
    public static let ns = DNSRecordType(rawValue: 2)
    public static let cname = DNSRecordType(rawValue: 5)
    public static let soa = DNSRecordType(rawValue: 6)
    public static let txt = DNSRecordType(rawValue: 16)
    public static let aaaa = DNSRecordType(rawValue: 28)
    public var description: String {
        switch rawValue {
        case 1: "A"
        case 2: "NS"
        case 5: "CNAME"
        case 6: "SOA"
        case 16: "TXT"
        case 28: "AAAA"
        default: "TYPE\(rawValue)"
        }
    }
}

/// One resource record of a response, already decoded by the resolver library.
public struct DNSRecord: Hashable, Sendable {
    public enum Data: Hashable, Sendable {
        /// The character-strings of one TXT record, in order (a value over 255 bytes arrives split).
        case txt([String])
        case cname(String)
        case ns(String)
        case address(String)
        /// SOA: the primary server and the MINIMUM field (negative-caching TTL, RFC 2308).
        case soa(mname: String, minimum: UInt32)
        case other
    }

    /// Owner name, lowercased, without the trailing dot.
    public let name: String
    public let type: DNSRecordType
    public let ttl: UInt32
    public let data: Data

    public init(name: String, type: DNSRecordType, ttl: UInt32, data: Data) {
        self.name = DomainName.normalize(name)
        self.type = type
        self.ttl = ttl
        self.data = data
    }

    /// TXT helper: the record's strings joined, the value a verifier compares (RFC 7208 §3.3 style).
    public var txtValue: String? {
        if case .txt(let strings) = data { return strings.joined() }
        return nil
    }
}

/// What came back for one question from one server.
public enum DNSAnswer: Hashable, Sendable {
    /// A response arrived. `rcode` 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, …
    case response(rcode: Int, authoritative: Bool, answers: [DNSRecord], authority: [DNSRecord])
    /// No server answered in time.
    case timeout
    /// Nothing listens at the server's address (connection refused / port unreachable).
    case unreachable
    /// Any other resolver failure; the text is the library's message.
    case failure(String)
}

/// The question and where to send it.
public struct DNSQuery: Hashable, Sendable {
    public let name: String
    public let type: DNSRecordType
    /// `nil`: the configured (recursive) nameservers. Otherwise exactly this server, without recursion.
    public let server: DNSServer?

    public init(name: String, type: DNSRecordType, server: DNSServer? = nil) {
        self.name = DomainName.normalize(name)
        self.type = type
        self.server = server
    }
}

/// The seam between the pure verification logic and the network.
///
/// ``CAresResolver`` talks to real servers; ``StaticDNSResolver`` answers from a table (unit tests).
public protocol DNSResolver: Sendable {
    /// The configured nameservers, for reports.
    var nameservers: [DNSServer] { get }
    func query(_ query: DNSQuery) async -> DNSAnswer
}
