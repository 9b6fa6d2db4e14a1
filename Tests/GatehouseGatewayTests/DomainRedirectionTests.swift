import Foundation
import GatehouseCore
import GatehouseDomains
import GatehouseGateway
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Testing

/// The domain lifecycle (DNS checks, grace period) and the gateway's domain redirection share the store: a domain
/// that passes its DNS check starts routing, one whose record is gone past the grace period stops routing.
@Suite struct DomainRedirectionTests {
    @Test func dnsLifecycleDrivesRoutingThroughTheStore() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        let states = StoreDomainStateStore(store: h.store, clock: { GatewayHarness.instant })
        // The seeded (config) claim of unverified-example.com is visible to the domain module.
        var claim = try #require(try await states.claim(domain: "unverified-example.com", organization: "example"))
        #expect(claim.state == .pending)

        // A DNS check that finds the token: verified → the gateway offers SSO for the domain.
        let resolver = StaticDNSResolver()
        resolver.set(StaticDNSResolver.txt("_gatehouse-challenge.unverified-example.com",
                                           [["gatehouse-domain-verification=\(claim.token)"]]),
                     for: DNSQuery(name: "_gatehouse-challenge.unverified-example.com", type: .txt))
        let service = DomainService(
            store: states,
            verifier: DomainVerifier(resolver: resolver, authoritative: .init(enabled: false), clock: FixedClock(GatewayHarness.instant)),
            events: InMemoryDomainEventSink())
        let (result, checked) = try await service.check(domain: "unverified-example.com", organization: "example", audience: .platformAdmin)
        #expect(result.status == .verified && checked.state == .verified)
        let routed = try await h.runtime.decide(try EmailAddress("x@unverified-example.com"))
        guard case .offerSSO = routed else { Issue.record("expected SSO to be offered, got \(routed)"); return }
        let history = try await h.store.domainChecks("unverified-example.com", organizationID: "example", limit: 10)
        #expect(history.count == 1 && history[0].outcome == "verified")

        // Past the grace period the lifecycle marks it unverified: routing stops on every instance (same store).
        claim = try #require(try await states.claim(domain: "unverified-example.com", organization: "example"))
        claim.state = .unverified
        claim.unverifiedAt = GatewayHarness.instant
        try await states.save(claim)
        let after = try await h.runtime.decide(try EmailAddress("x@unverified-example.com"))
        #expect(after == .unrouted(domain: "unverified-example.com"))
        let reread = try #require(try await states.claim(domain: "unverified-example.com", organization: "example"))
        #expect(reread.state == .unverified && reread.firstVerifiedAt != nil)
    }
}
