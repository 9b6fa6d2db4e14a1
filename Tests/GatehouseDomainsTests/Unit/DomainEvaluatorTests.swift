import GatehouseDomains
import Testing

@Suite struct DomainEvaluatorTests {
    let evaluator: DomainEvaluator

    init() throws {
        evaluator = DomainEvaluator(
            challenge: try challenge("example.com"),
            known: KnownTokens(previous: ["oldtoken0001"], otherOrganizations: ["othertoken0001": "org-globex"]))
    }

    func verdict(_ outcome: LookupOutcome, probes: DomainEvaluator.Probes = .init()) -> DomainEvaluator.Verdict {
        evaluator.evaluate(resolver: observation(outcome), authoritative: [], probes: probes)
    }

    @Test func verifiedNamesDomainRecordAndValue() {
        let v = verdict(records(["v=spf1 -all", expectedValue]))
        #expect(v.diagnosis.code == .verified)
        #expect(v.diagnosis.status == .verified)
        #expect(v.diagnosis.message.contains(record))
        #expect(v.diagnosis.message.contains(expectedValue))
    }

    @Test func splitStringsOfOneRecordAreConcatenated() {
        let outcome = LookupOutcome.records([FoundTXT(name: record, strings: ["gatehouse-domain-verification=test", "token0001"], ttl: 60)], cnameChain: [])
        #expect(verdict(outcome).diagnosis.code == .verified)
    }

    @Test(arguments: [
        (["gatehouse-domain-verification=nope12345"], "domain.value_mismatch"),
        (["gatehouse-domain-verification=oldtoken0001"], "domain.old_token"),
        (["gatehouse-domain-verification=othertoken0001"], "domain.foreign_token"),
        (["\"gatehouse-domain-verification=testtoken0001\""], "domain.value_quoted"),
        ([" gatehouse-domain-verification=testtoken0001\t"], "domain.value_quoted"),
        (["testtoken0001"], "domain.value_token_only"),
        (["token0001", "gatehouse-domain-verification=test"], "domain.value_split_records"),
    ])
    func nearMissesInTheRecord(values: [String], code: String) {
        let v = verdict(records(values))
        #expect(v.diagnosis.code.rawValue == code)
        #expect(v.diagnosis.status == .failed)
        #expect(v.diagnosis.message.contains("example.com"))
        #expect(v.diagnosis.message.contains(record))
        #expect(v.diagnosis.message.contains(expectedValue))
        #expect(v.found.map(\.value) == values)
    }

    @Test func foreignTokenDoesNotNameTheOtherOrganizationInTheMessage() {
        let v = verdict(records(["gatehouse-domain-verification=othertoken0001"]))
        #expect(!v.diagnosis.message.contains("org-globex"))
        #expect(v.foreignOrganization == "org-globex")
        #expect(v.remove.isEmpty)
    }

    @Test func negativeAnswers() {
        let nx = verdict(.nxdomain(negativeTTL: 60, zone: "example.com", cnameChain: []))
        #expect(nx.diagnosis.code == .nxdomain)
        #expect(nx.diagnosis.message.contains("60 s"))
        let nodata = verdict(.nodata(negativeTTL: 30, zone: "example.com", cnameChain: []))
        #expect(nodata.diagnosis.code == .nodata)
        #expect(nodata.diagnosis.status == .failed)
    }

    @Test func doubledNameAndApex() {
        let nx = LookupOutcome.nxdomain(negativeTTL: 60, zone: "example.com", cnameChain: [])
        let doubled = verdict(nx, probes: .init(doubled: ["\(record).example.com": records([expectedValue])]))
        #expect(doubled.diagnosis.code == .recordAtDoubledName)
        #expect(doubled.diagnosis.message.contains("\"_gatehouse-challenge\""))
        #expect(doubled.remove == ["\(record).example.com"])
        let apex = verdict(nx, probes: .init(apex: records([expectedValue], name: "example.com")))
        #expect(apex.diagnosis.code == .recordAtApex)
    }

    @Test func cnameChains() {
        let ok = LookupOutcome.records([FoundTXT(name: "t.other.net", strings: [expectedValue], ttl: 60)], cnameChain: ["t.other.net"])
        let v = verdict(ok)
        #expect(v.diagnosis.code == .verified)
        #expect(v.diagnosis.message.contains("CNAME"))
        let dangling = verdict(.nodata(negativeTTL: 60, zone: "other.net", cnameChain: ["t.other.net"]))
        #expect(dangling.diagnosis.code == .cnameDangling)
        #expect(dangling.diagnosis.message.contains("t.other.net"))
    }

    @Test(arguments: [
        (LookupOutcome.servfail, "domain.servfail"), (.refused, "domain.refused"), (.timeout, "domain.timeout"),
        (.unreachable, "domain.unreachable"), (.failure("boom"), "domain.resolver_error"),
    ])
    func resolverTroubleIsUnknownNeverFailed(outcome: LookupOutcome, code: String) {
        let v = verdict(outcome)
        #expect(v.diagnosis.status == .unknown)
        #expect(v.diagnosis.code.rawValue == code)
        #expect(v.diagnosis.message.contains(record))
    }

    @Test func authoritativeServersDecideAndDisagreementIsNamed() {
        let agree = evaluator.evaluate(
            resolver: observation(.nxdomain(negativeTTL: 60, zone: "example.com", cnameChain: [])),
            authoritative: [authObservation("ns1.example.com", records([expectedValue])), authObservation("ns2.example.com", records([expectedValue]))],
            probes: .init())
        #expect(agree.diagnosis.code == .resolverStale)
        #expect(agree.diagnosis.status == .verified)
        #expect(agree.diagnosis.message.contains("caches the old answer"))

        let gone = evaluator.evaluate(
            resolver: observation(records([expectedValue])),
            authoritative: [authObservation("ns1.example.com", .nxdomain(negativeTTL: 60, zone: "example.com", cnameChain: []))],
            probes: .init())
        #expect(gone.diagnosis.code == .resolverStale)
        #expect(gone.diagnosis.status == .failed)

        let disagree = evaluator.evaluate(
            resolver: observation(records([expectedValue])),
            authoritative: [authObservation("ns1.example.com", records([expectedValue])), authObservation("ns2.example.com", .nodata(negativeTTL: 60, zone: "example.com", cnameChain: []))],
            probes: .init())
        #expect(disagree.diagnosis.code == .authoritativeDisagree)
        #expect(disagree.diagnosis.status == .failed)
        #expect(disagree.diagnosis.message.contains("ns1.example.com"))
        #expect(disagree.diagnosis.message.contains("ns2.example.com"))
    }

    @Test func unreachableAuthoritativeServersFallBackToTheResolver() {
        let v = evaluator.evaluate(
            resolver: observation(records([expectedValue])),
            authoritative: [authObservation("ns1.example.com", .timeout)], probes: .init())
        #expect(v.diagnosis.code == .verified)
    }
}
