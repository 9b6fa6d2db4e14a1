public import Foundation

/// The pure state machine: a claim plus one check's outcome → the new claim and the events to record.
///
/// ```
/// pending ──verified──▶ verified ──failed──▶ failing ──failed after grace──▶ unverified
///    ▲ failed/unknown     │  ▲ unknown          │ ▲ failed within grace / unknown   │
///    └────────────────────┘  └──── verified ────┘ └─────────────────────────────────┘ verified ▶ verified
/// ```
/// Resolver trouble (`unknown`) never starts, advances or ends the grace period; only a definitive failed check
/// after the grace period ran out makes a domain unverified.
public enum DomainLifecycle {
    public static func apply(
        status: DomainCheckStatus, code: String, message: String, at now: Date, retryAfter: Date? = nil,
        to claim: DomainClaim, schedule: DomainSchedule = .standard
    ) -> (claim: DomainClaim, events: [DomainEvent]) {
        var c = claim
        var events: [DomainEvent] = []
        func event(_ kind: DomainEvent.Kind, _ text: String, lapses: Date? = nil) {
            events.append(DomainEvent(kind: kind, organization: c.organization, domain: c.domain, at: now, code: code, message: text, lapsesAt: lapses))
        }
        c.history.append(DomainCheckEntry(at: now, status: status, code: code, message: message))
        c.lastCheckedAt = now
        let iso = ISO8601DateFormatter()

        switch (c.state, status) {
        case (_, .unknown):
            break  // no conclusion: state and grace clock stay as they are
        case (.pending, .verified), (.unverified, .verified):
            c.state = .verified
            if c.firstVerifiedAt == nil { c.firstVerifiedAt = now }
            c.lastSuccessAt = now
            c.firstFailureAt = nil
            c.unverifiedAt = nil
            event(.verified, "\(c.domain) is verified for organization '\(c.organization)'.")
        case (.verified, .verified):
            c.lastSuccessAt = now
        case (.failing, .verified):
            let since = c.firstFailureAt.map { iso.string(from: $0) } ?? "?"
            c.state = .verified
            c.lastSuccessAt = now
            c.firstFailureAt = nil
            event(.recovered, "\(c.domain): the verification record is back (it was failing since \(since)).")
        case (.verified, .failed):
            c.state = .failing
            c.firstFailureAt = now
            let lapses = now.addingTimeInterval(schedule.gracePeriod)
            event(
                .failingStarted,
                "\(c.domain): verification check failed (\(code)); the domain stays verified until \(iso.string(from: lapses)) unless the record is restored. \(message)",
                lapses: lapses)
        case (.failing, .failed):
            let first = c.firstFailureAt ?? now
            if c.firstFailureAt == nil { c.firstFailureAt = now }
            let lapses = first.addingTimeInterval(schedule.gracePeriod)
            if now >= lapses {
                c.state = .unverified
                c.unverifiedAt = now
                event(
                    .lapsed,
                    "\(c.domain): the verification record has not matched since \(iso.string(from: first)); the grace period ended at \(iso.string(from: lapses)). Domain redirection for it has stopped. \(message)")
            } else {
                event(.stillFailing, "\(c.domain): still failing (\(code)) since \(iso.string(from: first)); lapses \(iso.string(from: lapses)).", lapses: lapses)
            }
        case (.pending, .failed), (.unverified, .failed):
            break
        }

        let interval: TimeInterval =
            switch (c.state, status) {
            case (_, .unknown): schedule.unknownRetry
            case (.verified, _): schedule.recheckInterval
            case (.failing, _): schedule.failingInterval
            case (.pending, _), (.unverified, _): schedule.pendingInterval
            }
        var next = now.addingTimeInterval(interval)
        if c.state == .failing, let first = c.firstFailureAt {
            // Check again right when the grace period ends, so the lapse is not late by a whole interval.
            next = min(next, max(first.addingTimeInterval(schedule.gracePeriod), now.addingTimeInterval(1)))
        }
        if let retryAfter, status != .verified, retryAfter > now, c.state == .pending {
            next = min(next, max(retryAfter, now.addingTimeInterval(1)))
        }
        c.nextCheckAt = next
        return (c, events)
    }

    /// Applies a whole check result.
    public static func apply(_ result: DomainCheckResult, to claim: DomainClaim, schedule: DomainSchedule = .standard)
        -> (claim: DomainClaim, events: [DomainEvent])
    {
        apply(
            status: result.status, code: result.diagnosis.code.rawValue, message: result.diagnosis.message, at: result.checkedAt,
            retryAfter: result.retryAfter, to: claim, schedule: schedule)
    }
}
