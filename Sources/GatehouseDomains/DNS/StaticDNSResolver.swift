import Synchronization

/// A ``DNSResolver`` that answers from a table: unit tests of the verification logic, no network.
///
/// Answers can be changed between checks (`set`), so lifecycle tests can make a record disappear.
public final class StaticDNSResolver: DNSResolver {
    public let nameservers: [DNSServer]
    private let table: Mutex<[DNSQuery: DNSAnswer]>
    private let fallback: DNSAnswer

    /// - Parameter fallback: the answer to anything not in the table (default REFUSED).
    public init(
        nameservers: [DNSServer] = [DNSServer(host: "192.0.2.53")], answers: [DNSQuery: DNSAnswer] = [:],
        fallback: DNSAnswer = .response(rcode: 5, authoritative: false, answers: [], authority: [])
    ) {
        self.nameservers = nameservers
        self.table = Mutex(answers)
        self.fallback = fallback
    }

    public func set(_ answer: DNSAnswer?, for query: DNSQuery) {
        table.withLock { $0[query] = answer }
    }

    public func query(_ query: DNSQuery) async -> DNSAnswer {
        table.withLock { $0[query] } ?? fallback
    }

    // MARK: - Answer builders

    /// NOERROR with one TXT record per element of `records` (each element: that record's strings).
    public static func txt(_ name: String, _ records: [[String]], ttl: UInt32 = 300) -> DNSAnswer {
        .response(
            rcode: 0, authoritative: true,
            answers: records.map { DNSRecord(name: name, type: .txt, ttl: ttl, data: .txt($0)) }, authority: [])
    }

    /// NXDOMAIN (or NODATA with `nodata: true`) with the zone's SOA in the authority section.
    public static func negative(zone: String, soaTTL: UInt32 = 300, minimum: UInt32 = 60, nodata: Bool = false) -> DNSAnswer {
        .response(
            rcode: nodata ? 0 : 3, authoritative: true, answers: [],
            authority: [DNSRecord(name: zone, type: .soa, ttl: soaTTL, data: .soa(mname: "ns1." + zone, minimum: minimum))])
    }

    /// NOERROR with NS records for `zone`.
    public static func ns(_ zone: String, _ names: [String]) -> DNSAnswer {
        .response(rcode: 0, authoritative: true, answers: names.map { DNSRecord(name: zone, type: .ns, ttl: 300, data: .ns($0)) }, authority: [])
    }

    /// NOERROR with one A record.
    public static func a(_ name: String, _ address: String) -> DNSAnswer {
        .response(rcode: 0, authoritative: true, answers: [DNSRecord(name: name, type: .a, ttl: 300, data: .address(address))], authority: [])
    }

    public static let servfail = DNSAnswer.response(rcode: 2, authoritative: false, answers: [], authority: [])
    public static let refused = DNSAnswer.response(rcode: 5, authoritative: false, answers: [], authority: [])
}
