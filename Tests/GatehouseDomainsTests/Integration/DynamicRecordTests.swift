import Foundation
import GatehouseCore
import GatehouseDomains
import Testing

/// Records that change between checks: a disappearing record (grace period, history) and a resolver that still
/// caches the old answer. Serialized: they share the dynamic server's port.
@Suite(.serialized, .enabled(if: DNSTestEnvironment.enabled)) struct DynamicRecordTests {
    @Test func disappearingRecordRunsTheGracePeriodAndKeepsHistory() async throws {
        let dyn = try DynamicDNSServer()
        defer { dyn.stop() }
        let clock = ManualClock()
        let resolver = CAresResolver(nameservers: [dyn.server], options: .init(timeout: .milliseconds(500), tries: 1))
        let store = InMemoryDomainStateStore()
        let sink = InMemoryDomainEventSink()
        let service = DomainService(
            store: store,
            verifier: DomainVerifier(resolver: resolver, authoritative: .init(overrides: ["ns1.dyn.test": dyn.server]), clock: clock),
            events: sink)
        let claim = try await service.claim(domain: "grace.dyn.test", organization: "acme", audience: .organizationMember)
        let record = ("_gatehouse-challenge.grace.dyn.test", "gatehouse-domain-verification=" + claim.token)
        let registry = DomainRegistry(store: store)

        try await dyn.start(txt: [record])
        var (result, state) = try await service.check(domain: "grace.dyn.test", organization: "acme")
        #expect(result.verified, "\(result.diagnosis.message)")
        #expect(try await registry.routingOrganization(for: "grace.dyn.test") == "acme")

        try await dyn.start(txt: [])  // the record is deleted
        clock.advance(86_400)
        (result, state) = try await service.check(domain: "grace.dyn.test", organization: "acme")
        #expect(result.diagnosis.code == .nxdomain)
        #expect(state.state == .failing)
        #expect(state.firstFailureAt == clock.now())
        #expect(try await registry.routingOrganization(for: "grace.dyn.test") == "acme")

        dyn.stop()  // DNS trouble: must not advance anything
        clock.advance(7 * 86_400)
        (result, state) = try await service.check(domain: "grace.dyn.test", organization: "acme")
        #expect(result.status == .unknown)
        #expect(state.state == .failing)

        try await dyn.start(txt: [])
        (result, state) = try await service.check(domain: "grace.dyn.test", organization: "acme")
        #expect(state.state == .unverified)
        #expect(try await registry.routingOrganization(for: "grace.dyn.test") == nil)

        try await dyn.start(txt: [record])  // restored
        clock.advance(3600)
        (result, state) = try await service.check(domain: "grace.dyn.test", organization: "acme")
        #expect(state.state == .verified)
        #expect(state.history.map(\.code) == ["domain.verified", "domain.nxdomain", "domain.unreachable", "domain.nxdomain", "domain.verified"])
        #expect(state.firstVerifiedAt == reference)
        #expect(sink.events.map(\.kind) == [.verified, .failingStarted, .lapsed, .verified])
        #expect(service.metrics.warnings == 2)
    }

    @Test func resolverCachingTheOldAnswerIsToldApartFromAMissingRecord() async throws {
        let dyn = try DynamicDNSServer()
        defer { dyn.stop() }
        let resolver = try DNSTestEnvironment.resolver("GATEHOUSE_TEST_DNS_CACHING")  // caches TXT, forwards dyn.test here
        let suffix = UInt32.random(in: 0..<UInt32.max)  // fresh names: the shared resolver's cache outlives this test
        let added = "add\(suffix).dyn.test"
        let removed = "rm\(suffix).dyn.test"
        let value = "gatehouse-domain-verification=testtoken0001"
        let verifier = DomainVerifier(resolver: resolver, authoritative: .init(overrides: ["ns1.dyn.test": dyn.server]))

        try await dyn.start(txt: [("_gatehouse-challenge.\(removed)", value)])
        // Prime the resolver's cache: NXDOMAIN for `added`, the value for `removed` (both TTL 60 s).
        _ = await resolver.query(DNSQuery(name: "_gatehouse-challenge.\(added)", type: .txt))
        _ = await resolver.query(DNSQuery(name: "_gatehouse-challenge.\(removed)", type: .txt))

        try await dyn.start(txt: [("_gatehouse-challenge.\(added)", value)])
        let a = await verifier.check(try DomainChallenge(domain: added, token: "testtoken0001"))
        #expect(a.diagnosis.code == .resolverStale, "\(a.diagnosis.message)")
        #expect(a.status == .verified)
        #expect(a.observations[0].outcome.summary == "NXDOMAIN")
        #expect(a.diagnosis.message.contains("caches the old answer"))

        let r = await verifier.check(try DomainChallenge(domain: removed, token: "testtoken0001"))
        #expect(r.diagnosis.code == .resolverStale, "\(r.diagnosis.message)")
        #expect(r.status == .failed)
        #expect(r.observations[1].outcome.summary == "NXDOMAIN")
    }
}
