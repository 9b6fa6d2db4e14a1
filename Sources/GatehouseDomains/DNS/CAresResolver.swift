import Dispatch
internal import CResolvShim

/// The production ``DNSResolver``: c-ares sends the queries (UDP, TCP on truncation), glibc's libresolv and c-ares'
/// TXT parser decode the answers. No DNS wire format is parsed by Gatehouse itself.
///
/// Each query runs on its own channel on a Dispatch worker thread, so callers bound concurrency themselves
/// (``DomainVerifier`` asks a handful of servers per check; the benchmark limits checks in flight).
public struct CAresResolver: DNSResolver {
    public struct Options: Sendable, Hashable {
        /// Time to wait for one server's answer per try.
        public var timeout: Duration
        /// Tries per query (over all configured servers).
        public var tries: Int
        public init(timeout: Duration = .seconds(2), tries: Int = 2) {
            self.timeout = timeout
            self.tries = tries
        }
    }

    public let nameservers: [DNSServer]
    public let options: Options
    private let pool = CAresChannelPool()

    /// - Parameter nameservers: the recursive resolvers to ask (`127.0.0.1:15353` in tests). Must not be empty.
    public init(nameservers: [DNSServer], options: Options = Options()) {
        precondition(!nameservers.isEmpty, "CAresResolver needs at least one nameserver")
        self.nameservers = nameservers
        self.options = options
    }

    public func query(_ query: DNSQuery) async -> DNSAnswer {
        let servers = (query.server.map { [$0] } ?? nameservers).map(\.description).joined(separator: ",")
        let recursion = query.server == nil
        let ms = Int(options.timeout.components.seconds * 1000 + options.timeout.components.attoseconds / 1_000_000_000_000_000)
        let tries = options.tries
        let pool = self.pool
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    returning: pool.blockingQuery(
                        servers: servers, name: query.name, type: query.type, recursion: recursion,
                        timeoutMS: max(ms, 1), tries: tries))
            }
        }
    }

    static func answer(status: Int32, buffer: [UInt8], length: Int32, detail: [CChar]) -> DNSAnswer {
        let message = String(decoding: detail.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch Int(status) {
        case Int(GH_DNS_OK): break
        case Int(GH_DNS_TIMEOUT): return .timeout
        case Int(GH_DNS_CONN_REFUSED): return .unreachable
        default: return .failure(message.isEmpty ? "resolver error \(status)" : message)
        }
        return Self.decode(Array(buffer.prefix(Int(length))))
    }

    /// Decodes a response with libresolv (records) and c-ares (TXT strings).
    static func decode(_ message: [UInt8]) -> DNSAnswer {
        message.withUnsafeBufferPointer { msg -> DNSAnswer in
            let base = msg.baseAddress
            let len = Int32(msg.count)
            var rcode: Int32 = 0, aa: Int32 = 0, an: Int32 = 0, ns: Int32 = 0
            guard gh_dns_header(base, len, &rcode, &aa, &an, &ns) == 0 else {
                return .failure("the response does not parse as a DNS message")
            }
            var answers: [DNSRecord] = []
            var authority: [DNSRecord] = []
            var txtIndex: Int32 = 0
            // Scratch space for TXT strings, shared by all records of this message (a message is at most 64 KiB).
            var bytes = [UInt8](repeating: 0, count: an > 0 ? msg.count : 0)
            var lengths = [Int32](repeating: 0, count: an > 0 ? 1024 : 0)
            var rr = gh_dns_rr()
            // Bounded: a hostile server cannot make us keep more than 256 records per section.
            for index in 0..<min(an, 256) {
                guard gh_dns_record(base, len, 1, index, &rr) == 0 else { break }
                var record = Self.record(rr)
                if rr.type == 16 && rr.rr_class == 1 {
                    let strings = Self.txtStrings(base, len, txtIndex, bytes: &bytes, lengths: &lengths)
                    txtIndex += 1
                    record = DNSRecord(name: record.name, type: .txt, ttl: record.ttl, data: .txt(strings ?? []))
                }
                answers.append(record)
            }
            for index in 0..<min(ns, 256) {
                guard gh_dns_record(base, len, 2, index, &rr) == 0 else { break }
                authority.append(Self.record(rr))
            }
            return .response(rcode: Int(rcode), authoritative: aa != 0, answers: answers, authority: authority)
        }
    }

    private static func txtStrings(
        _ base: UnsafePointer<UInt8>?, _ len: Int32, _ index: Int32, bytes: inout [UInt8], lengths: inout [Int32]
    ) -> [String]? {
        let n = gh_dns_txt_strings(base, len, index, &bytes, Int32(bytes.count), &lengths, Int32(lengths.count))
        guard n >= 0 else { return nil }
        var strings: [String] = []
        var offset = 0
        for i in 0..<Int(n) {
            let l = Int(lengths[i])
            strings.append(String(decoding: bytes[offset..<offset + l], as: UTF8.self))
            offset += l
        }
        return strings
    }

    private static func record(_ rr: gh_dns_rr) -> DNSRecord {
        var rr = rr
        let owner = withUnsafeBytes(of: &rr.owner) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let target = withUnsafeBytes(of: &rr.target) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let type = DNSRecordType(rawValue: Int(rr.type))
        let data: DNSRecord.Data =
            switch type {
            case .cname: .cname(DomainName.normalize(target))
            case .ns: .ns(DomainName.normalize(target))
            case .a, .aaaa: .address(target)
            case .soa: .soa(mname: DomainName.normalize(target), minimum: rr.soa_minimum)
            default: .other
            }
        return DNSRecord(name: owner, type: type, ttl: rr.ttl, data: data)
    }
}
