public import GatehouseCore
public import Foundation

/// Runs one check: asks the resolver, finds and asks the authoritative servers, probes near-miss names, and lets
/// ``DomainEvaluator`` decide.
public struct DomainVerifier: Sendable {
    /// How authoritative servers are found and reached.
    public struct AuthoritativeOptions: Sendable, Hashable {
        /// Ask the domain's authoritative servers directly (tells a stale resolver cache from a missing record).
        public var enabled: Bool
        /// Port used for authoritative servers found through NS records (53 on the internet).
        public var port: UInt16
        /// NS host name or IP address → the address and port to use instead. Tests map `ns1.gh.test` to
        /// `127.0.0.1:15355`, since they cannot use port 53.
        ///
        /// - Warning: an override sends the authoritative question to a server of your choice: with a wrong
        ///   mapping, a server that is not authoritative for the domain decides its verification.
        public var overrides: [String: DNSServer]
        /// At most this many authoritative servers are asked.
        public var maxServers: Int

        public init(enabled: Bool = true, port: UInt16 = 53, overrides: [String: DNSServer] = [:], maxServers: Int = 6) {
            self.enabled = enabled
            self.port = port
            self.overrides = Dictionary(uniqueKeysWithValues: overrides.map { (DomainName.normalize($0.key), $0.value) })
            self.maxServers = maxServers
        }
    }

    public let resolver: any DNSResolver
    public let authoritative: AuthoritativeOptions
    public let clock: any GatehouseClock
    /// Zone → authoritative servers found recently (shared by copies of this verifier).
    let zoneCache = AuthoritativeZoneCache()
    /// How long to wait before asking again after resolver trouble.
    public var unknownRetry: TimeInterval = 300

    public init(resolver: any DNSResolver, authoritative: AuthoritativeOptions = AuthoritativeOptions(), clock: any GatehouseClock = SystemClock()) {
        self.resolver = resolver
        self.authoritative = authoritative
        self.clock = clock
    }

    /// Checks one challenge. Never throws: DNS trouble is a result with status `unknown`.
    /// When the authoritative servers are asked (if ``AuthoritativeOptions/enabled``).
    public enum CrossCheck: Sendable, Hashable {
        /// Every check (claims, `domain verify`).
        case always
        /// Only when the resolver does not show the expected value: re-checks of verified domains. A record deleted
        /// after verification is then seen once the resolver's cached copy expires (its TTL) instead of at once.
        case unlessResolverVerifies
    }

    public func check(
        _ challenge: DomainChallenge, known: KnownTokens = KnownTokens(), crossCheck: CrossCheck = .always
    ) async -> DomainCheckResult {
        let checkedAt = clock.now()
        let record = challenge.recordName
        let resolverOutcome = await lookupTXT(record, server: nil)
        let resolverObservation = ServerObservation(role: .resolver, servers: resolver.nameservers, outcome: resolverOutcome)

        var zone = resolverOutcome.zone.flatMap { DomainName.isWithin(challenge.domain, zone: $0) ? $0 : nil }
        var authObservations: [ServerObservation] = []
        let resolverVerifies = resolverOutcome.txt.contains { $0.value == challenge.expectedValue }
        if authoritative.enabled, crossCheck == .always || !resolverVerifies {
            let discovery = await discoverAuthoritative(domain: challenge.domain, hint: zone)
            zone = discovery.zone ?? zone
            authObservations = await withTaskGroup(of: (Int, ServerObservation).self) { group in
                for (i, ns) in discovery.servers.enumerated() {
                    group.addTask {
                        let outcome = await lookupTXT(record, server: ns.server)
                        return (i, ServerObservation(role: .authoritative(ns.name), servers: [ns.server], outcome: outcome))
                    }
                }
                var out: [(Int, ServerObservation)] = []
                for await o in group { out.append(o) }
                return out.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
        let evaluator = DomainEvaluator(challenge: challenge, known: known)
        var verdict = evaluator.evaluate(resolver: resolverObservation, authoritative: authObservations, probes: .init())
        let zoneName = zone ?? challenge.domain
        if verdict.diagnosis.status == .failed {
            // Ask the near-miss names of the server that decided.
            let decider = authObservations.first { $0.outcome.isDefinitive }?.servers.first
            var probes = DomainEvaluator.Probes()
            var names = [record + "." + challenge.domain]
            if zoneName != challenge.domain { names.append(record + "." + zoneName) }
            for name in names where DomainName.problem(with: name) == nil {
                probes.doubled[name] = await lookupTXT(name, server: decider)
            }
            probes.apex = await lookupTXT(challenge.domain, server: decider)
            verdict = evaluator.evaluate(resolver: resolverObservation, authoritative: authObservations, probes: probes)
        }
        let retryAfter: Date? =
            switch verdict.diagnosis.status {
            case .verified: nil
            case .unknown: checkedAt.addingTimeInterval(unknownRetry)
            case .failed:
                checkedAt.addingTimeInterval(
                    TimeInterval(([resolverOutcome.ttl] + authObservations.map(\.outcome.ttl)).compactMap { $0 }.max() ?? 0))
            }
        let fix: DomainFix? =
            verdict.diagnosis.status != .failed
            ? nil
            : DomainFix(
                type: "TXT", fqdn: record + ".", relativeHost: evaluator.relativeHost(zone: zoneName), zone: zoneName,
                value: challenge.expectedValue, remove: verdict.remove)
        return DomainCheckResult(
            domain: challenge.domain, recordName: record, expected: challenge.expectedValue, diagnosis: verdict.diagnosis,
            found: verdict.found, observations: [resolverObservation] + authObservations, checkedAt: checkedAt,
            retryAfter: retryAfter, zone: zoneName, foreignOrganization: verdict.foreignOrganization, fix: fix)
    }

    // MARK: - Lookups

    /// TXT lookup at `name`, following CNAMEs (at most 8) when the server did not.
    func lookupTXT(_ name: String, server: DNSServer?) async -> LookupOutcome {
        var chain: [String] = []
        var current = name
        var target = server
        for _ in 0..<8 {
            let answer = await resolver.query(DNSQuery(name: current, type: .txt, server: target))
            let outcome = Self.classify(answer, name: current, chain: chain)
            guard case .response(0, _, let answers, let authority) = answer else { return outcome }
            let followed = outcome.cnameChain
            let hasNegativeProof = authority.contains { $0.type == .soa }
            if let last = followed.last, outcome.txt.isEmpty, !hasNegativeProof,
                !answers.contains(where: { $0.name == last && $0.type == .txt }), followed.count > chain.count
            {
                chain = followed
                current = last
                target = nil  // the target may lie outside the zone this server is authoritative for
                continue
            }
            return outcome
        }
        return .failure("more than 8 CNAMEs from \(name)")
    }

    /// Classifies one response to a TXT question for `name`.
    static func classify(_ answer: DNSAnswer, name: String, chain: [String]) -> LookupOutcome {
        switch answer {
        case .timeout: return .timeout
        case .unreachable: return .unreachable
        case .failure(let m): return .failure(m)
        case .response(let rcode, _, let answers, let authority):
            var chain = chain
            var current = name
            var seen: Set<String> = [name]
            while let c = answers.first(where: { $0.name == current && $0.type == .cname }), case .cname(let target) = c.data,
                !seen.contains(target)
            {
                chain.append(target)
                seen.insert(target)
                current = target
            }
            let soa = authority.first { $0.type == .soa }
            let negativeTTL = soa.map { rec -> UInt32 in
                if case .soa(_, let minimum) = rec.data { return min(rec.ttl, minimum) }
                return rec.ttl
            }
            switch rcode {
            case 0:
                let txt = answers.filter { $0.name == current && $0.type == .txt }
                    .compactMap { r -> FoundTXT? in
                        if case .txt(let s) = r.data { return FoundTXT(name: r.name, strings: s, ttl: r.ttl) }
                        return nil
                    }
                if !txt.isEmpty { return .records(txt, cnameChain: chain) }
                return .nodata(negativeTTL: negativeTTL, zone: soa?.name, cnameChain: chain)
            case 3: return .nxdomain(negativeTTL: negativeTTL, zone: soa?.name, cnameChain: chain)
            case 2: return .servfail
            case 5: return .refused
            default: return .failure("response code \(rcode)")
            }
        }
    }
}
