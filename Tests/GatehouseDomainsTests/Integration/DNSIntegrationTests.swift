import Foundation
import GatehouseCore
import GatehouseDomains
import Testing

/// Every diagnostic against real dnsmasq servers (zone data: Tests/GatehouseDomainsTests/Zones).
@Suite(.enabled(if: DNSTestEnvironment.enabled)) struct DNSIntegrationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let domain: String
        let code: String
        let status: DomainCheckStatus
        var testDescription: String { "\(domain) → \(code)" }
    }

    static let cases: [Case] = [
        Case(domain: "ok.gh.test", code: "domain.verified", status: .verified),
        Case(domain: "multi.gh.test", code: "domain.verified", status: .verified),
        Case(domain: "split.gh.test", code: "domain.verified", status: .verified),
        Case(domain: "cname.gh.test", code: "domain.verified", status: .verified),
        Case(domain: "nx.gh.test", code: "domain.nxdomain", status: .failed),
        Case(domain: "nodata.gh.test", code: "domain.nodata", status: .failed),
        Case(domain: "wrong.gh.test", code: "domain.value_mismatch", status: .failed),
        Case(domain: "old.gh.test", code: "domain.old_token", status: .failed),
        Case(domain: "foreign.gh.test", code: "domain.foreign_token", status: .failed),
        Case(domain: "doubled.gh.test", code: "domain.record_at_doubled_name", status: .failed),
        Case(domain: "quoted.gh.test", code: "domain.value_quoted", status: .failed),
        Case(domain: "space.gh.test", code: "domain.value_quoted", status: .failed),
        Case(domain: "tokenonly.gh.test", code: "domain.value_token_only", status: .failed),
        Case(domain: "splitrec.gh.test", code: "domain.value_split_records", status: .failed),
        Case(domain: "apex.gh.test", code: "domain.record_at_apex", status: .failed),
        Case(domain: "cnamebad.gh.test", code: "domain.cname_dangling", status: .failed),
        Case(domain: "disagree.gh.test", code: "domain.authoritative_disagree", status: .failed),
    ]

    @Test(arguments: cases)
    func diagnosis(_ c: Case) async throws {
        let verifier = DomainVerifier(resolver: try DNSTestEnvironment.resolver(), authoritative: try DNSTestEnvironment.ghAuthoritative())
        let known = KnownTokens(previous: ["oldtoken0001"], otherOrganizations: ["othertoken0001": "org-globex"])
        let result = await verifier.check(try DomainChallenge(domain: c.domain, token: "testtoken0001"), known: known)
        #expect(result.diagnosis.code.rawValue == c.code, "\(result.diagnosis.message)")
        #expect(result.status == c.status)
        #expect(result.observations.count == 3, "resolver + ns1 + ns2: \(result.observations.map(\.label))")
        #expect(result.diagnosis.message.contains(c.domain))
        #expect(result.diagnosis.message.contains("_gatehouse-challenge.\(c.domain)"))
        if c.status == .failed {
            #expect(result.diagnosis.message.contains("gatehouse-domain-verification=testtoken0001"))
            #expect(result.fix?.fqdn == "_gatehouse-challenge.\(c.domain).")
            #expect(result.fix?.zone == "gh.test")
            #expect(result.retryAfter != nil)
        }
    }

    @Test func valueOver255BytesArrivesAsStringsOfOneRecord() async throws {
        let prefix = String(repeating: "v", count: 250) + "="
        let verifier = DomainVerifier(resolver: try DNSTestEnvironment.resolver(), authoritative: try DNSTestEnvironment.ghAuthoritative())
        let result = await verifier.check(try DomainChallenge(domain: "long.gh.test", token: "testtoken0001", format: .init(valuePrefix: prefix)))
        #expect(result.verified, "\(result.diagnosis.message)")
        #expect(result.found.count == 1)
        #expect(result.found.first?.strings.map(\.utf8.count) == [255, 9])
    }

    @Test func negativeTTLComesFromTheSOA() async throws {
        let verifier = DomainVerifier(resolver: try DNSTestEnvironment.resolver("GATEHOUSE_TEST_DNS_NS1"), authoritative: .init(enabled: false))
        let result = await verifier.check(try DomainChallenge(domain: "nx.gh.test", token: "testtoken0001"))
        #expect(result.observations[0].outcome.ttl == 60)  // auth-ttl 60 = SOA MINIMUM in gh.test.conf
        #expect(result.retryAfter == result.checkedAt.addingTimeInterval(60))
    }

    @Test func servfailIsUnknown() async throws {
        let verifier = DomainVerifier(resolver: try DNSTestEnvironment.resolver("GATEHOUSE_TEST_DNS_VALIDATOR"))
        let result = await verifier.check(try DomainChallenge(domain: "x.sf.test", token: "testtoken0001"))
        #expect(result.diagnosis.code == .servfail)
        #expect(result.status == .unknown)
    }

    @Test func refusedIsUnknown() async throws {
        let verifier = DomainVerifier(resolver: try DNSTestEnvironment.resolver("GATEHOUSE_TEST_DNS_NS1"))
        let result = await verifier.check(try DomainChallenge(domain: "outside.test", token: "testtoken0001"))
        #expect(result.diagnosis.code == .refused)
        #expect(result.status == .unknown)
    }

    @Test(.timeLimit(.minutes(1))) func timeoutIsUnknownAndBounded() async throws {
        let verifier = DomainVerifier(
            resolver: try DNSTestEnvironment.resolver("GATEHOUSE_TEST_DNS_BLACKHOLE", timeout: .milliseconds(300), tries: 1),
            authoritative: .init(enabled: false))
        let start = ContinuousClock.now
        let result = await verifier.check(try DomainChallenge(domain: "ok.gh.test", token: "testtoken0001"))
        #expect(result.diagnosis.code == .timeout)
        #expect(result.status == .unknown)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func unreachableIsUnknown() async throws {
        let verifier = DomainVerifier(resolver: try DNSTestEnvironment.resolver("GATEHOUSE_TEST_DNS_UNREACHABLE"), authoritative: .init(enabled: false))
        let result = await verifier.check(try DomainChallenge(domain: "ok.gh.test", token: "testtoken0001"))
        #expect(result.diagnosis.code == .unreachable)
        #expect(result.status == .unknown)
    }

    @Test func authoritativeServersAreFoundThroughNSRecords() async throws {
        let verifier = DomainVerifier(resolver: try DNSTestEnvironment.resolver(), authoritative: try DNSTestEnvironment.ghAuthoritative())
        let result = await verifier.check(try DomainChallenge(domain: "ok.gh.test", token: "testtoken0001"))
        #expect(result.observations.map(\.role) == [.resolver, .authoritative("ns1.gh.test"), .authoritative("ns2.gh.test")])
        #expect(result.zone == "gh.test")
    }

    @Test func benchmarkRecordsArePublished() async throws {
        let verifier = DomainVerifier(resolver: try DNSTestEnvironment.resolver(), authoritative: .init(enabled: false))
        for i in [0, 4_999, 9_999] {
            let result = await verifier.check(try DomainChallenge(domain: "d\(i).bench.gh.test", token: "benchtoken\(i)"))
            #expect(result.verified, "\(result.diagnosis.message)")
        }
    }
}
