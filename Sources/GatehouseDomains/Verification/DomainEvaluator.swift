import Foundation

/// The pure half of a check: from what servers answered to a verdict with a code and a message.
///
/// No I/O: ``DomainVerifier`` gathers the observations and probes; unit tests feed them directly.
public struct DomainEvaluator: Sendable {
    public let challenge: DomainChallenge
    public let known: KnownTokens

    public init(challenge: DomainChallenge, known: KnownTokens = KnownTokens()) {
        self.challenge = challenge
        self.known = known
    }

    /// Answers to the near-miss names, asked only when the record itself is not right.
    public struct Probes: Hashable, Sendable {
        /// `_gatehouse-challenge.example.com.example.com` and similar → what was there.
        public var doubled: [String: LookupOutcome]
        /// TXT at the domain itself.
        public var apex: LookupOutcome?
        public init(doubled: [String: LookupOutcome] = [:], apex: LookupOutcome? = nil) {
            self.doubled = doubled
            self.apex = apex
        }
    }

    public struct Verdict: Hashable, Sendable {
        public let diagnosis: DomainDiagnosis
        public let found: [FoundTXT]
        public let foreignOrganization: String?
        /// Names of records to delete, for the fix.
        public let remove: [String]
    }

    private var expected: String { challenge.expectedValue }
    private var record: String { challenge.recordName }
    private var domain: String { challenge.domain }

    /// - Parameters:
    ///   - resolver: the configured resolver's answer.
    ///   - authoritative: each authoritative server's answer (empty when not asked or not found).
    public func evaluate(resolver: ServerObservation, authoritative: [ServerObservation], probes: Probes) -> Verdict {
        let definitiveAuth = authoritative.filter { $0.outcome.isDefinitive }
        if let first = definitiveAuth.first {
            let prints = Set(definitiveAuth.map { fingerprint($0.outcome) })
            if prints.count > 1 {
                let answers = definitiveAuth.map { "\($0.label): \($0.outcome.summary)" }.joined(separator: "; ")
                let found = Array(Set(definitiveAuth.flatMap { $0.outcome.txt })).sorted { $0.value < $1.value }
                let message =
                    "\(domain): the authoritative nameservers disagree about TXT \(record) — \(answers). Expected \"\(expected)\". "
                    + "A change is probably still reaching every server (zone transfer or provider sync); if it persists, the servers' zone data differ. Retry after the TTL; the domain is not verified until every authoritative server answers alike."
                return Verdict(
                    diagnosis: DomainDiagnosis(code: .authoritativeDisagree, status: .failed, message: message),
                    found: found, foreignOrganization: nil, remove: [])
            }
            let base = analyse(first.outcome, source: "the authoritative nameservers", probes: probes)
            if resolver.outcome.isDefinitive, fingerprint(resolver.outcome) != fingerprint(first.outcome) {
                let ttl = resolver.outcome.ttl.map { " for up to \($0) s" } ?? ""
                let message =
                    "\(domain): your resolver \(resolver.label) answers \(resolver.outcome.summary) for TXT \(record), but the authoritative nameservers answer \(first.outcome.summary). "
                    + "The resolver still caches the old answer\(ttl); the verdict follows the authoritative servers: \(base.diagnosis.message)"
                return Verdict(
                    diagnosis: DomainDiagnosis(code: .resolverStale, status: base.diagnosis.status, message: message),
                    found: base.found, foreignOrganization: base.foreignOrganization, remove: base.remove)
            }
            return base
        }
        if resolver.outcome.isDefinitive {
            return analyse(resolver.outcome, source: "resolver \(resolver.label)", probes: probes)
        }
        return unknown(resolver: resolver, authoritative: authoritative)
    }

    // MARK: - Definitive answers

    func analyse(_ outcome: LookupOutcome, source: String, probes: Probes) -> Verdict {
        let chain = outcome.cnameChain
        let chainText = chain.isEmpty ? "" : " (through CNAME \(([record] + chain).joined(separator: " → ")))"
        let found = outcome.txt
        if found.contains(where: { $0.value == expected }) {
            let extra = found.count > 1 ? "; \(found.count - 1) other TXT value(s) there are ignored" : ""
            return Verdict(
                diagnosis: DomainDiagnosis(
                    code: .verified, status: .verified,
                    message: "\(domain): TXT \(record) has the expected value \"\(expected)\"\(chainText) according to \(source)\(extra)."),
                found: found, foreignOrganization: nil, remove: [])
        }
        let foundText = found.isEmpty ? "" : " Found: " + found.map { "\"\(DomainReport.escape($0.value))\"" }.joined(separator: ", ") + "."
        func fail(_ code: DomainDiagnosis.Code, _ text: String, foreign: String? = nil, remove: [String] = []) -> Verdict {
            Verdict(
                diagnosis: DomainDiagnosis(code: code, status: .failed, message: text),
                found: found, foreignOrganization: foreign, remove: remove)
        }
        let head = "\(domain): TXT \(record) does not have the expected value \"\(expected)\"\(chainText) according to \(source)."

        // Near misses in the record itself.
        if let quoted = found.first(where: { Self.unquoted($0.value) == expected }) {
            return fail(
                .valueQuoted,
                "\(head) A value differs only by literal quotes or whitespace: \"\(DomainReport.escape(quoted.value))\". Enter the value without quotes or spaces; your DNS provider adds the quoting itself.",
                remove: [record])
        }
        if found.count >= 2, found.count <= 4, Self.permutations(found.map(\.value)).contains(where: { $0.joined() == expected }) {
            return fail(
                .valueSplitRecords,
                "\(head) The value was split into \(found.count) separate TXT records; joined they give the expected value. Publish it as ONE record (a long value may hold several strings inside one record).\(foundText)",
                remove: [record])
        }
        // Near misses at other names.
        for (name, probe) in probes.doubled.sorted(by: { $0.key < $1.key }) where probe.txt.contains(where: { Self.unquoted($0.value) == expected }) {
            return fail(
                .recordAtDoubledName,
                "\(head) The expected value is at \(name) instead: your DNS provider appends the zone to the host you type. Enter the host as \"\(relativeHost(zone: Self.zoneGuess(name: name, record: record)))\" (not the full name), and delete the record at \(name).\(foundText)",
                remove: [name])
        }
        if let apex = probes.apex, apex.txt.contains(where: { Self.unquoted($0.value) == expected || $0.value == challenge.token }) {
            return fail(
                .recordAtApex,
                "\(head) The expected value is published at the domain itself (\(domain)) instead of at \(record). Create the TXT record at host \"\(challenge.format.recordLabel)\" (FQDN \(record)); the one at the apex can be removed.\(foundText)",
                remove: [domain])
        }
        if !found.isEmpty {
            if found.contains(where: { Self.unquoted($0.value) == challenge.token }) {
                return fail(
                    .valueTokenOnly,
                    "\(head) The token is there without its prefix. The value must be exactly \"\(expected)\", including \"\(challenge.format.valuePrefix)\".\(foundText)",
                    remove: [record])
            }
            let tokens = found.compactMap { f -> String? in
                let v = Self.unquoted(f.value)
                return v.hasPrefix(challenge.format.valuePrefix) ? String(v.dropFirst(challenge.format.valuePrefix.count)) : nil
            }
            if let other = tokens.first(where: { known.otherOrganizations[$0] != nil }) {
                return fail(
                    .foreignToken,
                    "\(head) The value is a verification token issued to a different organization for this domain, not yours. Replace it with your value; if someone else manages this domain, check with them first.\(foundText)",
                    foreign: known.otherOrganizations[other], remove: [])  // never advise deleting another org's record
            }
            if tokens.contains(where: { known.previous.contains($0) }) {
                return fail(
                    .oldToken,
                    "\(head) The value is an earlier token of your organization for this domain; the token was re-issued since. Replace the value with \"\(expected)\".\(foundText)",
                    remove: [record])
            }
            return fail(.valueMismatch, "\(head)\(foundText) Change the value to \"\(expected)\" (it is compared exactly, case-sensitively).")
        }
        if !chain.isEmpty {
            return fail(
                .cnameDangling,
                "\(head) \(record) is a CNAME to \(chain.last ?? "?"), which has no TXT record (\(outcome.summary)). Either publish the TXT at \(chain.last ?? "the target") or replace the CNAME with the TXT record itself.",
                remove: [])
        }
        let ttl = outcome.ttl.map { " Resolvers may cache this negative answer for \($0) s (SOA negative TTL)." } ?? ""
        if case .nxdomain = outcome {
            return fail(
                .nxdomain,
                "\(domain): the name \(record) does not exist (NXDOMAIN from \(source)). Create a TXT record there with the value \"\(expected)\".\(ttl)")
        }
        return fail(
            .nodata,
            "\(domain): the name \(record) exists but has no TXT record (NODATA from \(source)) — perhaps another type (CNAME, A) was created instead. Create a TXT record with the value \"\(expected)\".\(ttl)")
    }

    // MARK: - Resolver trouble

    func unknown(resolver: ServerObservation, authoritative: [ServerObservation]) -> Verdict {
        let code: DomainDiagnosis.Code
        let what: String
        switch resolver.outcome {
        case .servfail:
            code = .servfail
            what = "answered SERVFAIL (it could not get an answer: DNSSEC failure, broken delegation or unreachable authoritative servers)"
        case .refused:
            code = .refused
            what = "REFUSED the query (it does not serve this name for us: check the nameserver setting or its access rules)"
        case .timeout: code = .timeout; what = "did not answer in time"
        case .unreachable: code = .unreachable; what = "is not reachable (connection refused: nothing listens at that address and port)"
        case .failure(let m): code = .resolverError; what = "failed: \(m)"
        default: code = .resolverError; what = "gave no usable answer"
        }
        let auth = authoritative.isEmpty
            ? " No authoritative server could be asked."
            : " Authoritative servers: " + authoritative.map { "\($0.label): \($0.outcome.summary)" }.joined(separator: "; ") + "."
        let message =
            "\(domain): could not check TXT \(record) — resolver \(resolver.label) \(what).\(auth) Status is unknown, not failed: nothing changes for the domain; the check is retried."
        return Verdict(diagnosis: DomainDiagnosis(code: code, status: .unknown, message: message), found: [], foreignOrganization: nil, remove: [])
    }

    // MARK: - Helpers

    /// What a server said, reduced to what matters for the verdict (servers that agree give the same print).
    func fingerprint(_ outcome: LookupOutcome) -> String {
        let values = outcome.txt.map(\.value)
        if values.contains(expected) { return "match" }
        if values.isEmpty { return "absent" }
        return "values:" + values.sorted().joined(separator: "\u{0}")
    }

    /// The host to type when the provider appends `zone`.
    func relativeHost(zone: String) -> String {
        if record == zone { return "@" }
        if record.hasSuffix("." + zone) { return String(record.dropLast(zone.count + 1)) }
        return record
    }

    static func zoneGuess(name: String, record: String) -> String {
        name.hasPrefix(record + ".") ? String(name.dropFirst(record.count + 1)) : record
    }

    /// The value with surrounding whitespace and literal double quotes removed (also `"a" "b"` typed as one string).
    static func unquoted(_ value: String) -> String {
        var v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if v.contains("\"") {
            v = v.replacingOccurrences(of: "\" \"", with: "").replacingOccurrences(of: "\"", with: "")
        }
        return v.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func permutations(_ items: [String]) -> [[String]] {
        if items.count <= 1 { return [items] }
        var out: [[String]] = []
        for (i, item) in items.enumerated() {
            var rest = items
            rest.remove(at: i)
            for p in permutations(rest) { out.append([item] + p) }
        }
        return out
    }
}
