import Foundation
import GatehouseCore
import GatehouseDomains
import Testing

@Suite struct DomainLifecycleTests {
    let day: TimeInterval = 86_400
    var claim = DomainClaim(organization: "acme", domain: "example.com", token: token, claimedAt: reference)

    func apply(_ status: DomainCheckStatus, _ c: DomainClaim, at t: TimeInterval, code: String = "domain.x")
        -> (claim: DomainClaim, events: [DomainEvent])
    {
        DomainLifecycle.apply(status: status, code: code, message: "m", at: reference.addingTimeInterval(t), to: c)
    }

    @Test func pendingToVerifiedToFailingToUnverified() {
        var (c, e) = apply(.failed, claim, at: 0)
        #expect(c.state == .pending)
        #expect(e.isEmpty)
        #expect(c.nextCheckAt == reference.addingTimeInterval(15 * 60))
        (c, e) = apply(.verified, c, at: 600)
        #expect(c.state == .verified)
        #expect(e.map(\.kind) == [.verified])
        #expect(c.firstVerifiedAt == reference.addingTimeInterval(600))
        #expect(c.nextCheckAt == reference.addingTimeInterval(600 + day))
        (c, e) = apply(.failed, c, at: 600 + day, code: "domain.nxdomain")
        #expect(c.state == .failing)
        #expect(c.firstFailureAt == reference.addingTimeInterval(600 + day))
        #expect(e.map(\.kind) == [.failingStarted])
        #expect(e[0].isWarning)
        #expect(e[0].lapsesAt == reference.addingTimeInterval(600 + 8 * day))
        (c, e) = apply(.failed, c, at: 600 + 2 * day)
        #expect(c.state == .failing)
        #expect(e.map(\.kind) == [.stillFailing])
        (c, e) = apply(.failed, c, at: 600 + 8 * day)
        #expect(c.state == .unverified)
        #expect(e.map(\.kind) == [.lapsed])
        #expect(c.unverifiedAt == reference.addingTimeInterval(600 + 8 * day))
        #expect(c.history.count == 5)
        #expect(c.history.map(\.status) == [.failed, .verified, .failed, .failed, .failed])
        #expect(c.lastSuccessAt == reference.addingTimeInterval(600))
    }

    @Test func resolverTroubleNeverStartsOrEndsTheGraceClock() {
        var (c, _) = apply(.verified, claim, at: 0)
        var e: [DomainEvent]
        (c, e) = apply(.unknown, c, at: day)
        #expect(c.state == .verified)
        #expect(c.firstFailureAt == nil)
        #expect(e.isEmpty)
        #expect(c.nextCheckAt == reference.addingTimeInterval(day + 300))
        (c, _) = apply(.failed, c, at: 2 * day)
        (c, e) = apply(.unknown, c, at: 20 * day)
        #expect(c.state == .failing)
        #expect(c.firstFailureAt == reference.addingTimeInterval(2 * day))
        #expect(e.isEmpty)
    }

    @Test func recoveryClearsTheFailure() {
        var (c, _) = apply(.verified, claim, at: 0)
        (c, _) = apply(.failed, c, at: day)
        let (r, e) = apply(.verified, c, at: 2 * day)
        #expect(r.state == .verified)
        #expect(r.firstFailureAt == nil)
        #expect(e.map(\.kind) == [.recovered])
        #expect(r.firstVerifiedAt == reference)
    }

    @Test func failingIsRecheckedAtTheLapseInstant() {
        var (c, _) = apply(.verified, claim, at: 0)
        (c, _) = apply(.failed, c, at: day)
        (c, _) = apply(.failed, c, at: 8 * day - 600)
        #expect(c.nextCheckAt == reference.addingTimeInterval(8 * day))
    }
}

@Suite struct DomainServiceTests {
    func service(_ r: StaticDNSResolver, clock: ManualClock, store: InMemoryDomainStateStore = InMemoryDomainStateStore())
        -> (DomainService, InMemoryDomainEventSink)
    {
        let sink = InMemoryDomainEventSink()
        return (DomainService(store: store, verifier: DomainVerifier(resolver: r, clock: clock), events: sink), sink)
    }

    @Test func recordThatDisappearsRunsTheGracePeriodThenStopsRouting() async throws {
        let r = exampleResolver()
        let clock = ManualClock()
        let (svc, sink) = service(r, clock: clock)
        let claim = try await svc.claim(domain: "Example.com", organization: "acme", audience: .organizationMember)
        #expect(claim.token.count == 32)
        #expect(claim.state == .pending)
        let value = "gatehouse-domain-verification=" + claim.token
        publish(StaticDNSResolver.txt(record, [[value]]), in: r)
        var (result, c) = try await svc.check(domain: "example.com", organization: "acme")
        #expect(result.verified && c.state == .verified)
        let registry = DomainRegistry(store: svc.store)
        #expect(try await registry.routingOrganization(for: "EXAMPLE.com") == "acme")

        publish(StaticDNSResolver.negative(zone: "example.com"), in: r)
        clock.advance(86_400)
        (result, c) = try await svc.check(domain: "example.com", organization: "acme")
        #expect(result.diagnosis.code == .nxdomain && c.state == .failing)
        #expect(try await registry.routingOrganization(for: "example.com") == "acme")  // grace period

        publish(.timeout, in: r)
        clock.advance(7 * 86_400)
        (result, c) = try await svc.check(domain: "example.com", organization: "acme")
        #expect(result.status == .unknown && c.state == .failing)

        publish(StaticDNSResolver.negative(zone: "example.com"), in: r)
        (result, c) = try await svc.check(domain: "example.com", organization: "acme")
        #expect(c.state == .unverified)
        #expect(try await registry.routingOrganization(for: "example.com") == nil)
        #expect(sink.events.map(\.kind) == [.verified, .failingStarted, .lapsed])
        #expect(svc.metrics.warnings == 2)
        #expect(svc.metrics.checks(.unknown) == 1)
        #expect(svc.metrics.prometheusText().contains("gatehouse_domain_events_total{kind=\"lapsed\"} 1"))
        #expect(c.history.count == 4)
    }

    @Test func ownershipConflictHasTwoMessageVariants() async throws {
        let r = exampleResolver()
        let (svc, sink) = service(r, clock: ManualClock())
        let acme = try await svc.claim(domain: "example.com", organization: "acme", audience: .organizationMember)
        _ = try await svc.claim(domain: "example.com", organization: "globex", audience: .organizationMember)  // pending: allowed
        publish(StaticDNSResolver.txt(record, [["gatehouse-domain-verification=" + acme.token]]), in: r)
        _ = try await svc.check(domain: "example.com", organization: "acme")

        do {
            _ = try await svc.claim(domain: "example.com", organization: "initech", audience: .organizationMember)
            Issue.record("claim by another org must fail")
        } catch let e as DomainError {
            #expect(e.code == "domain.ownership_conflict")
            #expect(!e.reason.contains("acme"))
            #expect(e.reason.contains("example.com"))
        }
        do {
            _ = try await svc.claim(domain: "example.com", organization: "initech", audience: .platformAdmin)
            Issue.record("claim by another org must fail")
        } catch let e as DomainError {
            #expect(e.reason.contains("'acme'"))
        }
        // globex publishes acme's token: named as another org's token; even a matching record could not take over.
        let (result, _) = try await svc.check(domain: "example.com", organization: "globex")
        #expect(result.diagnosis.code == .foreignToken)
        #expect(result.foreignOrganization == "acme")
        #expect(sink.events.filter { $0.kind == .ownershipConflict }.count == 2)
    }

    @Test func conflictInAScheduledRunIsRecordedAndDoesNotStopTheOthers() async throws {
        let r = exampleResolver()
        let clock = ManualClock()
        let (svc, _) = service(r, clock: clock)
        let acme = try await svc.claim(domain: "example.com", organization: "acme", audience: .platformAdmin)
        let globex = try await svc.claim(domain: "example.com", organization: "globex", audience: .platformAdmin)
        _ = try await svc.claim(domain: "other.example.com", organization: "initech", audience: .platformAdmin)
        publish(StaticDNSResolver.txt(record, [["gatehouse-domain-verification=" + acme.token]]), in: r)
        _ = try await svc.check(domain: "example.com", organization: "acme")
        // globex publishes its value too (two records); acme holds the domain.
        publish(StaticDNSResolver.txt(record, [["gatehouse-domain-verification=" + acme.token], ["gatehouse-domain-verification=" + globex.token]]), in: r)
        clock.advance(3600)
        #expect(try await svc.runDueChecks(concurrency: 2) == 2)  // globex and initech (acme is not due)
        let g = try #require(try await svc.store.claim(domain: "example.com", organization: "globex"))
        #expect(g.state == .pending)
        #expect(g.history.last?.code == "domain.ownership_conflict")
        #expect(g.nextCheckAt > clock.now())
        let i = try #require(try await svc.store.claim(domain: "other.example.com", organization: "initech"))
        #expect(i.history.count == 1)
    }

    @Test func reissuedTokenNamesTheOldRecord() async throws {
        let r = exampleResolver()
        let (svc, _) = service(r, clock: ManualClock())
        let first = try await svc.claim(domain: "example.com", organization: "acme", audience: .organizationMember)
        let second = try await svc.reissueToken(domain: "example.com", organization: "acme")
        #expect(second.token != first.token)
        publish(StaticDNSResolver.txt(record, [["gatehouse-domain-verification=" + first.token]]), in: r)
        let (result, _) = try await svc.check(domain: "example.com", organization: "acme")
        #expect(result.diagnosis.code == .oldToken)
    }

    @Test func unenforcedDomainsDoNotRoute() async throws {
        let r = exampleResolver()
        let (svc, _) = service(r, clock: ManualClock())
        let c = try await svc.claim(domain: "example.com", organization: "acme", audience: .platformAdmin, enforced: false)
        publish(StaticDNSResolver.txt(record, [["gatehouse-domain-verification=" + c.token]]), in: r)
        _ = try await svc.check(domain: "example.com", organization: "acme")
        #expect(try await DomainRegistry(store: svc.store).routingOrganization(for: "example.com") == nil)
    }

    @Test func dueChecksRunWithBoundedConcurrency() async throws {
        let r = exampleResolver()
        let clock = ManualClock()
        let (svc, _) = service(r, clock: clock)
        for i in 0..<50 { _ = try await svc.claim(domain: "d\(i).example.com", organization: "o\(i)", audience: .platformAdmin) }
        #expect(try await svc.runDueChecks(concurrency: 4) == 50)
        #expect(svc.metrics.checks(.unknown) == 50)  // the static resolver refuses everything
        #expect(try await svc.runDueChecks(concurrency: 4) == 0)  // next checks are scheduled later
    }

    @Test func checkingAnUnclaimedDomainFails() async throws {
        let (svc, _) = service(exampleResolver(), clock: ManualClock())
        await #expect(throws: DomainError.notClaimed(domain: "", organization: "")) {
            _ = try await svc.check(domain: "example.com", organization: "acme")
        }
    }
}
