/// Maps a login's claims to a role under one organization's ``RoleMappingPolicy``. Pure and reusable: build it
/// once per policy (it indexes the rules) and call ``evaluate(_:currentRole:)`` per login or per member.
///
/// ```swift
/// let mapper = try RoleMapper(policy: policy, domains: [OrgDomain(name: "example.com", verified: true)])
/// let result = mapper.evaluate(claims, currentRole: .admin)
/// result.role          // .admin, or nil with result.denial?.code == "policy.no_role_match"
/// result.nearMisses    // "Group 'engineering' does not match required 'anthropic-engineering' format — …"
/// ```
public struct RoleMapper: Sendable {
    /// The indexed rules, shared by reference: evaluating copies no dictionaries.
    let index: RoleMapperIndex

    public var policy: RoleMappingPolicy { index.policy }
    var ranking: RoleRanking { index.ranking }
    var domains: [String: Bool] { index.domains }
    var exactGroups: [String: [Int]] { index.exactGroups }
    var exactGroupsLower: [String: [Int]] { index.exactGroupsLower }
    var prefixRules: [(prefix: String, index: Int)] { index.prefixRules }
    var groupIDRules: [String: [Int]] { index.groupIDRules }
    var domainRules: [String: [Int]] { index.domainRules }
    var attributeRules: [(name: String, rules: [(value: String, index: Int)])] { index.attributeRules }
    var suffixHints: [String: Int] { index.suffixHints }
    var overrides: [String: UserOverride] { index.overrides }
    var hasGroupRules: Bool { index.hasGroupRules }

    public init(policy: RoleMappingPolicy, domains: [OrgDomain]) throws(PolicyError) {
        try policy.validate()
        index = RoleMapperIndex(policy: policy, domains: domains)
    }

    /// Evaluates one login. `currentRole` is the member's role today: it only matters for the Primary Owner,
    /// who keeps that role whatever the rules say (identity failures such as a missing email still deny).
    public func evaluate(_ claims: LoginClaims, currentRole: Role? = nil) -> RoleMappingResult {
        var result = RoleMappingResult(
            role: nil, denial: nil, source: .denied, mappedRole: nil, matched: [],
            receivedGroups: claims.groups, effectiveGroups: [], ignoredGroups: [], nearMisses: [], notes: [])
        var matches: [(match: RuleMatch, index: Int)] = []
        inspectGroups(claims, into: &result, matches: &matches)
        let identity = checkIdentity(claims, into: &result)
        if let denial = identity.denial {
            result.denial = denial
            return result
        }
        let email = identity.email
        if let override = overrides[email] {
            switch override.outcome {
            case .role(let role):
                result.matched = [RuleMatch(ruleID: "override:\(email)", role: role, condition: "user override", matchedValue: email)]
                grant(role, source: .override, into: &result)
            case .deny:
                result.denial = PolicyError(
                    .deniedByOverride,
                    "An explicit user override denies '\(email)'" + (override.note.map { " (\($0))" } ?? ""))
            }
            return protectPrimaryOwner(result, currentRole: currentRole)
        }
        matchDomainAndAttributes(claims, domain: identity.domain, into: &result, matches: &matches)
        if matches.count > 1 {
            let ranking = index.ranking
            matches.sort { a, b in
                let ra = ranking.rank(a.match.role), rb = ranking.rank(b.match.role)
                return ra != rb ? ra > rb : a.index < b.index
            }
        }
        result.matched = matches.map(\.match)
        if let best = matches.first {
            grant(best.match.role, source: .rule, into: &result)
        } else if let defaultRole = policy.defaultRole {
            result.notes.append("No rule matched; the org's default role '\(defaultRole.name)' applies.")
            grant(defaultRole, source: .defaultRole, into: &result)
        } else {
            result.denial = noMatchDenial(claims, result)
        }
        return protectPrimaryOwner(result, currentRole: currentRole)
    }

    private func grant(_ role: Role, source: RoleMappingResult.Source, into result: inout RoleMappingResult) {
        result.role = role
        result.mappedRole = role
        result.source = source
    }

    private func protectPrimaryOwner(_ result: RoleMappingResult, currentRole: Role?) -> RoleMappingResult {
        guard currentRole == .primaryOwner else { return result }
        var protected = result
        let mapped = result.role.map { "role '\($0.name)'" } ?? "a denial (\(result.denial?.code ?? "?"))"
        protected.notes.append(
            "Mapping alone gives \(mapped); the Primary Owner is never demoted or removed by mapping, JIT or SCIM, so the role stays primary_owner.")
        protected.role = .primaryOwner
        protected.denial = nil
        protected.source = .primaryOwnerProtection
        return protected
    }

    func fold(_ s: String) -> String { policy.groupCase == .insensitive ? GroupShape.lowercased(s) : s }
}
