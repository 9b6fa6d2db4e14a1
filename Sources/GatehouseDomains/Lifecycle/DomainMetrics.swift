import Synchronization

/// Counters for `/metrics` (Prometheus text format). The server exposes ``prometheusText()``.
public final class DomainMetrics: Sendable {
    private struct Counts: Sendable {
        var checks: [DomainCheckStatus: Int] = [:]
        var events: [DomainEvent.Kind: Int] = [:]
    }
    private let counts = Mutex(Counts())

    public init() {}

    public func recordCheck(_ status: DomainCheckStatus) { counts.withLock { $0.checks[status, default: 0] += 1 } }
    public func recordEvent(_ kind: DomainEvent.Kind) { counts.withLock { $0.events[kind, default: 0] += 1 } }

    public func checks(_ status: DomainCheckStatus) -> Int { counts.withLock { $0.checks[status] ?? 0 } }
    public func events(_ kind: DomainEvent.Kind) -> Int { counts.withLock { $0.events[kind] ?? 0 } }
    /// Warnings sent to admins (failing started, still failing, lapsed).
    public var warnings: Int {
        counts.withLock { c in [DomainEvent.Kind.failingStarted, .stillFailing, .lapsed].reduce(0) { $0 + (c.events[$1] ?? 0) } }
    }

    public func prometheusText() -> String {
        let c = counts.withLock { $0 }
        var lines = [
            "# HELP gatehouse_domain_checks_total Domain verification checks by outcome.",
            "# TYPE gatehouse_domain_checks_total counter",
        ]
        for s in [DomainCheckStatus.verified, .failed, .unknown] {
            lines.append("gatehouse_domain_checks_total{status=\"\(s.rawValue)\"} \(c.checks[s] ?? 0)")
        }
        lines += [
            "# HELP gatehouse_domain_events_total Domain lifecycle events (failing_started, still_failing and lapsed warn admins).",
            "# TYPE gatehouse_domain_events_total counter",
        ]
        for k in [DomainEvent.Kind.verified, .failingStarted, .stillFailing, .recovered, .lapsed, .ownershipConflict] {
            let name = k.rawValue.replacingOccurrences(of: "domain.event.", with: "")
            lines.append("gatehouse_domain_events_total{kind=\"\(name)\"} \(c.events[k] ?? 0)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation
