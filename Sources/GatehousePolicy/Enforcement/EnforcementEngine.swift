/// Predicts what SSO enforcement would do to every member of an organization, and what blocks turning it on.
///
/// Pure: members come from a ``MemberSource`` (or an array), time from ``EnforcementContext/now``.
/// ```swift
/// let engine = try EnforcementEngine(context: context)
/// let report = try await engine.run(source: FileMemberSource(path: "export.csv"))  // GatehouseConfig
/// report.exitStatus  // 0 safe, 1 blockers
/// ```
public struct EnforcementEngine: Sendable {
    public let context: EnforcementContext
    let mapper: RoleMapper
    let breakGlass: Set<String>
    let connections: [String: ConnectionSummary]
    let hasEnabledConnection: Bool

    public init(context: EnforcementContext) throws(PolicyError) {
        self.context = context
        mapper = try RoleMapper(policy: context.policy, domains: context.domains)
        breakGlass = Set(context.breakGlass.map(\.email))
        var map: [String: ConnectionSummary] = [:]
        for c in context.connections { map[c.id] = c }
        connections = map
        hasEnabledConnection = context.connections.contains { $0.enabled }
    }

    public func run(source: any MemberSource) async throws -> EnforcementReport {
        run(members: try await source.members(ofOrg: context.orgID))
    }

    public func run(members: [OrgMember]) -> EnforcementReport {
        var outcomes: [MemberOutcome] = []
        outcomes.reserveCapacity(members.count)
        var summary = EnforcementReport.Summary()
        var blockers: [Blocker] = []
        for member in members {
            let outcome = predict(member)
            summary.members += 1
            switch outcome.kind {
            case .keepsRole: summary.keepsRole += 1
            case .roleChanges: summary.roleChanges += 1
            case .lockedOut: summary.lockedOut += 1
            case .breakGlass: summary.breakGlass += 1
            }
            if outcome.kind != .breakGlass, outcome.predictedRole?.isOwner == true { summary.ownersAbleToSignIn += 1 }
            if outcome.kind == .lockedOut, let role = member.currentRole, role.isAdministrative {
                summary.administrativeLockouts += 1
                let because = outcome.reasons.first.map { "\($0.code): \($0.message)" } ?? "unknown"
                if role == .primaryOwner {
                    blockers.append(
                        Blocker(
                            .primaryOwnerLockedOut, subject: member.email,
                            message: "The Primary Owner \(member.email) would be locked out — \(because)"))
                } else {
                    blockers.append(
                        Blocker(
                            .adminLockedOut, subject: member.email,
                            message: "\(role.displayName) \(member.email) would be locked out — \(because)"))
                }
            }
            outcomes.append(outcome)
        }
        if summary.ownersAbleToSignIn == 0 {
            blockers.insert(
                Blocker(
                    .noOwnerCanSignIn, subject: context.orgID,
                    message: "No Owner would be able to sign in through SSO (break-glass accounts do not count: they are for IdP outages). Make sure at least one Owner has signed in through SSO and matches an owner rule."),
                at: 0)
        }
        blockers += orgBlockers()
        return EnforcementReport(
            orgID: context.orgID, orgName: context.orgName, generatedAt: context.now, members: outcomes,
            blockers: blockers, summary: summary)
    }

    /// The prediction for one member.
    public func predict(_ member: OrgMember) -> MemberOutcome {
        let email = member.email.lowercased()
        var outcome = MemberOutcome(
            email: member.email, name: member.name, kind: .lockedOut, currentRole: member.currentRole,
            predictedRole: nil, reasons: [], ruleID: nil, nearMisses: [])
        if breakGlass.contains(email) {
            outcome.kind = .breakGlass
            outcome.predictedRole = member.currentRole
            outcome.reasons = [.init(code: "policy.break_glass", message: "Break-glass account: signs in without the IdP.")]
            return outcome
        }
        if member.scimPresent == false && member.currentRole != .primaryOwner {
            outcome.reasons = [
                .init(
                    code: PolicyError.Code.scimDeprovisioned.description,
                    message: "Not in the IdP's SCIM directory (deprovisioned or never provisioned): SCIM reconciliation removes access.")
            ]
            return outcome
        }
        guard let claims = member.claims else {
            outcome.reasons = [
                .init(
                    code: PolicyError.Code.neverSignedInWithSSO.description,
                    message: "Never signed in through SSO and not in the IdP export: nothing shows the IdP would let them in with a role.")
            ]
            return outcome
        }
        if !hasEnabledConnection {
            outcome.reasons = [
                .init(code: PolicyError.Code.connectionDisabled.description, message: "The org has no enabled IdP connection.")
            ]
            return outcome
        }
        if let id = claims.source.connectionID, let connection = connections[id], !connection.enabled {
            outcome.reasons = [
                .init(
                    code: PolicyError.Code.connectionDisabled.description,
                    message: "The IdP connection '\(id)' this member signs in through is disabled.")
            ]
            return outcome
        }
        let result = mapper.evaluate(claims, currentRole: member.currentRole)
        outcome.nearMisses = result.nearMisses
        outcome.ruleID = result.winningRuleID
        guard let role = result.role else {
            let denial = result.denial ?? PolicyError(.noRoleMatch, "No role.")
            outcome.reasons = [.init(code: denial.code, message: denial.reason)]
            outcome.reasons += result.nearMisses.map { .init(code: "policy.near_miss.\($0.kind.rawValue)", message: $0.message) }
            return outcome
        }
        outcome.predictedRole = role
        outcome.kind = role == member.currentRole ? .keepsRole : .roleChanges
        outcome.reasons = [.init(code: "policy.\(result.source.rawValue)", message: describe(result))]
        if outcome.kind == .roleChanges {
            outcome.reasons += result.nearMisses.map { .init(code: "policy.near_miss.\($0.kind.rawValue)", message: $0.message) }
            if result.source == .defaultRole, claims.groups == nil {
                outcome.reasons.append(.init(code: PolicyError.Code.groupsNotSent.description, message: "The IdP sent no groups claim."))
            }
        }
        return outcome
    }

    private func describe(_ result: RoleMappingResult) -> String {
        switch result.source {
        case .rule:
            let m = result.matched[0]
            return "Rule '\(m.ruleID)' (\(m.condition)) matched '\(m.matchedValue)'."
        case .override: return "An explicit user override sets the role."
        case .defaultRole: return "No rule matched; the default role applies."
        case .primaryOwnerProtection: return result.notes.last ?? "Primary Owner protection."
        case .denied: return "Denied."
        }
    }
}
