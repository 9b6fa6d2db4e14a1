public import struct Foundation.Date

/// Whether enforcement may be turned on now: refused while a blocker stands, unless each one is acknowledged.
///
/// Pure: the admin API calls ``decide(report:acknowledging:actor:at:)`` and writes ``acknowledgements`` to the
/// audit log when it turns enforcement on.
public struct EnforcementDecision: Hashable, Sendable {
    /// One acknowledged blocker, for the audit log.
    public struct Acknowledgement: Hashable, Sendable {
        public var blockerID: String
        public var code: String
        public var message: String
        public var actor: String
        public var at: Date
    }

    public var allowed: Bool
    /// Blockers that still stand (the refusal names each one).
    public var unacknowledged: [Blocker]
    public var acknowledgements: [Acknowledgement]
    /// Acknowledged IDs that match no current blocker (stale or mistyped): reported, never enough on their own.
    public var unknownAcknowledgements: [String]

    /// - Parameters:
    ///   - acknowledging: blocker IDs (`code:subject`) the admin explicitly accepts. Codes alone are not accepted:
    ///     each blocker must be named, so a new blocker of a known kind is never waved through.
    public static func decide(report: EnforcementReport, acknowledging: [String], actor: String, at: Date) -> EnforcementDecision {
        let wanted = Set(acknowledging)
        var open: [Blocker] = []
        var acks: [Acknowledgement] = []
        for blocker in report.blockers {
            if wanted.contains(blocker.id) {
                acks.append(Acknowledgement(blockerID: blocker.id, code: blocker.code.description, message: blocker.message, actor: actor, at: at))
            } else {
                open.append(blocker)
            }
        }
        let known = Set(report.blockers.map(\.id))
        let unknown = acknowledging.filter { !known.contains($0) }
        return EnforcementDecision(allowed: open.isEmpty, unacknowledged: open, acknowledgements: acks, unknownAcknowledgements: unknown)
    }
}
