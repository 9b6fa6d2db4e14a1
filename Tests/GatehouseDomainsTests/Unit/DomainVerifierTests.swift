import Foundation
import GatehouseCore
import GatehouseDomains
import Testing

@Suite struct DomainVerifierTests {
    @Test func asksResolverAndBothAuthoritativeServers() async throws {
        let r = exampleResolver()
        publish(StaticDNSResolver.txt(record, [[expectedValue]], ttl: 120), in: r)
        let verifier = DomainVerifier(resolver: r, clock: FixedClock(reference))
        let result = await verifier.check(try challenge("example.com"))
        #expect(result.verified)
        #expect(result.observations.count == 3)
        #expect(result.observations.map(\.label) == ["192.0.2.53:53", "ns1.example.com (192.0.2.1:53)", "ns2.example.com (192.0.2.2:53)"])
        #expect(result.retryAfter == nil)
        #expect(result.fix == nil)
        #expect(result.checkedAt == reference)
    }

    @Test func recheckSkipsAuthoritativeServersOnlyWhenTheResolverConfirms() async throws {
        let r = exampleResolver()
        r.set(StaticDNSResolver.txt(record, [[expectedValue]]), for: DNSQuery(name: record, type: .txt))
        let verifier = DomainVerifier(resolver: r, clock: FixedClock(reference))
        let quick = await verifier.check(try challenge("example.com"), crossCheck: .unlessResolverVerifies)
        #expect(quick.verified)
        #expect(quick.observations.count == 1)
        publish(StaticDNSResolver.negative(zone: "example.com"), in: r)
        let full = await verifier.check(try challenge("example.com"), crossCheck: .unlessResolverVerifies)
        #expect(full.observations.count == 3)
        #expect(full.diagnosis.code == .nxdomain)
    }

    @Test func overridesReplaceAuthoritativeAddresses() async throws {
        let r = exampleResolver()
        let alt = DNSServer(host: "127.0.0.1", port: 15355)
        r.set(StaticDNSResolver.txt(record, [[expectedValue]]), for: DNSQuery(name: record, type: .txt))
        r.set(StaticDNSResolver.txt(record, [[expectedValue]]), for: DNSQuery(name: record, type: .txt, server: alt))
        r.set(StaticDNSResolver.txt(record, [[expectedValue]]), for: DNSQuery(name: record, type: .txt, server: ns2))
        let verifier = DomainVerifier(resolver: r, authoritative: .init(overrides: ["NS1.example.com.": alt]), clock: FixedClock(reference))
        let result = await verifier.check(try challenge("example.com"))
        #expect(result.observations[1].servers == [alt])
        #expect(result.verified)
    }

    @Test func negativeTTLIsTheSmallerOfSOATTLAndMinimumAndSetsRetry() async throws {
        let r = exampleResolver()
        publish(StaticDNSResolver.negative(zone: "example.com", soaTTL: 900, minimum: 120), in: r)
        let verifier = DomainVerifier(resolver: r, clock: FixedClock(reference))
        let result = await verifier.check(try challenge("example.com"))
        #expect(result.diagnosis.code == .nxdomain)
        #expect(result.observations.allSatisfy { $0.outcome.ttl == 120 })
        #expect(result.retryAfter == reference.addingTimeInterval(120))
        #expect(result.fix?.fqdn == "_gatehouse-challenge.example.com.")
        #expect(result.fix?.relativeHost == "_gatehouse-challenge")
    }

    @Test func subdomainFixIsRelativeToTheZone() async throws {
        let r = StaticDNSResolver()
        let name = "_gatehouse-challenge.eu.example.com"
        r.set(StaticDNSResolver.negative(zone: "example.com"), for: DNSQuery(name: name, type: .txt))
        let verifier = DomainVerifier(resolver: r, authoritative: .init(enabled: false), clock: FixedClock(reference))
        let result = await verifier.check(try challenge("eu.example.com"))
        #expect(result.zone == "example.com")
        #expect(result.fix?.relativeHost == "_gatehouse-challenge.eu")
    }

    @Test func doubledNameIsProbedAtTheDecidingServer() async throws {
        let r = exampleResolver()
        publish(StaticDNSResolver.negative(zone: "example.com"), in: r)
        publish(StaticDNSResolver.txt(record + ".example.com", [[expectedValue]]), at: record + ".example.com", in: r)
        let verifier = DomainVerifier(resolver: r, clock: FixedClock(reference))
        let result = await verifier.check(try challenge("example.com"))
        #expect(result.diagnosis.code == .recordAtDoubledName)
        #expect(result.fix?.remove == [record + ".example.com"])
    }

    @Test func cnameIsFollowedThroughTheResolverWhenTheServerStops() async throws {
        let r = StaticDNSResolver()
        r.set(
            .response(rcode: 0, authoritative: true, answers: [DNSRecord(name: record, type: .cname, ttl: 60, data: .cname("v.verify.net"))], authority: []),
            for: DNSQuery(name: record, type: .txt))
        r.set(StaticDNSResolver.txt("v.verify.net", [[expectedValue]]), for: DNSQuery(name: "v.verify.net", type: .txt))
        let verifier = DomainVerifier(resolver: r, authoritative: .init(enabled: false), clock: FixedClock(reference))
        let result = await verifier.check(try challenge("example.com"))
        #expect(result.verified)
        #expect(result.observations[0].outcome.cnameChain == ["v.verify.net"])
    }

    @Test func resolverTroubleGivesUnknownAndARetry() async throws {
        let r = StaticDNSResolver(fallback: .timeout)
        let verifier = DomainVerifier(resolver: r, clock: FixedClock(reference))
        let result = await verifier.check(try challenge("example.com"))
        #expect(result.status == .unknown)
        #expect(result.diagnosis.code == .timeout)
        #expect(result.retryAfter == reference.addingTimeInterval(300))
    }

    @Test func reportHasTheCopyableFix() async throws {
        let r = exampleResolver()
        publish(StaticDNSResolver.negative(zone: "example.com"), in: r)
        let result = await DomainVerifier(resolver: r, clock: FixedClock(reference)).check(try challenge("example.com"))
        let text = DomainReport.render(result)
        #expect(text.hasPrefix("domain.nxdomain"))
        #expect(text.contains("Type | Host | Value"))
        #expect(text.contains("TXT | _gatehouse-challenge.example.com. | \(expectedValue)"))
        #expect(text.contains("TXT | _gatehouse-challenge | \(expectedValue)"))
        #expect(text.contains("retry     after"))
    }
}

@Suite struct DomainInputTests {
    @Test(arguments: [
        ("127.0.0.1:15353", "127.0.0.1", UInt16(15353)), ("10.0.0.1", "10.0.0.1", 53), ("[::1]:5353", "::1", 5353), ("::1", "::1", 53),
    ])
    func nameserverParsing(text: String, host: String, port: UInt16) {
        let s = DNSServer(parsing: text)
        #expect(s?.host == host)
        #expect(s?.port == port)
    }

    @Test(arguments: ["", "dns.google:53", "127.0.0.1:0", "127.0.0.1:99999", "1.2.3:53", "127.0.0.1:x"])
    func badNameservers(text: String) { #expect(DNSServer(parsing: text) == nil) }

    @Test(arguments: ["", "com", "exa mple.com", "a..b", "ex\"ample.com", String(repeating: "a", count: 64) + ".com", "_gatehouse-challenge.example.com"])
    func badDomains(domain: String) {
        #expect(throws: DomainError.invalidDomain("", reason: "")) { try DomainChallenge(domain: domain, token: token) }
    }

    @Test(arguments: ["short", "has space token", "quote\"token1", String(repeating: "a", count: 129)])
    func badTokens(t: String) {
        #expect(throws: DomainError.invalidToken(reason: "")) { try DomainChallenge(domain: "example.com", token: t) }
    }

    @Test func domainIsNormalised() throws {
        let c = try DomainChallenge(domain: " Example.COM. ", token: token)
        #expect(c.domain == "example.com")
        #expect(c.recordName == "_gatehouse-challenge.example.com")
        #expect(c.expectedValue == expectedValue)
        let custom = try DomainChallenge(domain: "example.com", token: token, format: .init(recordLabel: "_acme-verify", valuePrefix: "acme="))
        #expect(custom.recordName == "_acme-verify.example.com")
        #expect(custom.expectedValue == "acme=testtoken0001")
    }

    @Test func tokensAreRandomBase32() {
        let tokens = (0..<200).map { _ in DomainToken.generate() }
        #expect(Set(tokens).count == 200)
        #expect(tokens.allSatisfy { $0.count == 32 && $0.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) } })
    }
}
