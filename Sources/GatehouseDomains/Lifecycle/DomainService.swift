import Foundation
import GatehouseCore

/// Claims, checks and the lifecycle, over a ``DomainStateStore``: what the server and the scheduler call.
public struct DomainService: Sendable {
    public let store: any DomainStateStore
    public let verifier: DomainVerifier
    public let schedule: DomainSchedule
    public let events: any DomainEventSink
    public let metrics: DomainMetrics
    public let format: DomainChallengeFormat
    /// Cross-check of already verified domains (others are always cross-checked with the authoritative servers).
    public var verifiedCrossCheck: DomainVerifier.CrossCheck = .unlessResolverVerifies

    public init(
        store: any DomainStateStore, verifier: DomainVerifier, schedule: DomainSchedule = .standard,
        events: any DomainEventSink, metrics: DomainMetrics = DomainMetrics(), format: DomainChallengeFormat = .standard
    ) {
        self.store = store
        self.verifier = verifier
        self.schedule = schedule
        self.events = events
        self.metrics = metrics
        self.format = format
    }

    /// Claims `domain` for `organization` and returns the claim with its token (an existing claim is returned as is).
    ///
    /// - Throws: ``DomainError`` `domain.ownership_conflict` when another organization holds the domain (verified or
    ///   in its grace period); `audience` decides whether the message names that organization.
    public func claim(
        domain: String, organization: String, audience: DomainError.Audience, enforced: Bool = true
    ) async throws -> DomainClaim {
        let challenge = try DomainChallenge(domain: domain, token: "placeholder", format: format)
        let name = challenge.domain
        try await ensureNotHeldByOther(domain: name, organization: organization, audience: audience)
        if let existing = try await store.claim(domain: name, organization: organization) { return existing }
        let claim = DomainClaim(organization: organization, domain: name, token: DomainToken.generate(), enforced: enforced, claimedAt: verifier.clock.now())
        try await store.save(claim)
        return claim
    }

    /// Issues a new token; the old one is remembered so a leftover record is named as such.
    public func reissueToken(domain: String, organization: String) async throws -> DomainClaim {
        guard var claim = try await store.claim(domain: DomainName.normalize(domain), organization: organization) else {
            throw DomainError.notClaimed(domain: domain, organization: organization)
        }
        claim.previousTokens.append(claim.token)
        claim.token = DomainToken.generate()
        try await store.save(claim)
        return claim
    }

    /// Checks one claim now, updates its state and history, records events and counters.
    public func check(domain: String, organization: String, audience: DomainError.Audience = .organizationMember) async throws
        -> (result: DomainCheckResult, claim: DomainClaim)
    {
        let name = DomainName.normalize(domain)
        guard let claim = try await store.claim(domain: name, organization: organization) else {
            throw DomainError.notClaimed(domain: name, organization: organization)
        }
        return try await check(claim, audience: audience)
    }

    func check(_ claim: DomainClaim, audience: DomainError.Audience) async throws -> (result: DomainCheckResult, claim: DomainClaim) {
        let others = try await store.claims(domain: claim.domain).filter { $0.organization != claim.organization }
        var known = KnownTokens(previous: Set(claim.previousTokens))
        for o in others {
            known.otherOrganizations[o.token] = o.organization
            for t in o.previousTokens { known.otherOrganizations[t] = o.organization }
        }
        let challenge = try DomainChallenge(domain: claim.domain, token: claim.token, format: format)
        let result = await verifier.check(challenge, known: known, crossCheck: claim.state == .verified ? verifiedCrossCheck : .always)
        metrics.recordCheck(result.status)
        if result.verified, !claim.holdsDomain, let holder = others.first(where: \.holdsDomain) {
            let conflict = DomainError.ownershipConflict(domain: claim.domain, owner: holder.organization, audience: audience)
            let adminReason = DomainError.ownershipConflict(domain: claim.domain, owner: holder.organization, audience: .platformAdmin).reason
            // The record is there, but the domain is taken: keep the claim pending, note the check, look again later.
            var blocked = claim
            blocked.history.append(DomainCheckEntry(at: result.checkedAt, status: .failed, code: conflict.code, message: adminReason))
            blocked.lastCheckedAt = result.checkedAt
            blocked.nextCheckAt = result.checkedAt.addingTimeInterval(schedule.recheckInterval)
            try await store.save(blocked)
            await emit(DomainEvent(
                kind: .ownershipConflict, organization: claim.organization, domain: claim.domain, at: result.checkedAt,
                code: conflict.code, message: adminReason))
            throw conflict
        }
        let (updated, newEvents) = DomainLifecycle.apply(result, to: claim, schedule: schedule)
        try await store.save(updated)
        for e in newEvents { await emit(e) }
        return (result, updated)
    }

    /// Checks every claim that is due (at most `limit`), `concurrency` at a time. Returns how many were checked.
    ///
    /// An ownership conflict of one claim is recorded in its history and does not stop the others; a store failure
    /// does (the caller retries the run).
    public func runDueChecks(limit: Int = 10_000, concurrency: Int = 16) async throws -> Int {
        let due = try await store.dueClaims(at: verifier.clock.now(), limit: limit)
        @Sendable func one(_ c: DomainClaim) async throws {
            do { _ = try await check(c, audience: .platformAdmin) } catch is DomainError {}
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = due.makeIterator()
            for _ in 0..<max(1, concurrency) {
                guard let c = iterator.next() else { break }
                group.addTask { try await one(c) }
            }
            while try await group.next() != nil {
                if let c = iterator.next() { group.addTask { try await one(c) } }
            }
        }
        return due.count
    }

    private func ensureNotHeldByOther(domain: String, organization: String, audience: DomainError.Audience) async throws {
        if let holder = try await store.claims(domain: domain).first(where: { $0.organization != organization && $0.holdsDomain }) {
            let conflict = DomainError.ownershipConflict(domain: domain, owner: holder.organization, audience: audience)
            await emit(DomainEvent(
                kind: .ownershipConflict, organization: organization, domain: domain, at: verifier.clock.now(), code: conflict.code,
                message: DomainError.ownershipConflict(domain: domain, owner: holder.organization, audience: .platformAdmin).reason))
            throw conflict
        }
    }

    private func emit(_ event: DomainEvent) async {
        metrics.recordEvent(event.kind)
        await events.record(event)
    }
}
