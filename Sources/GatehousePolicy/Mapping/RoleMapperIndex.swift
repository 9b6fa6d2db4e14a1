/// The rules of a ``RoleMappingPolicy`` indexed for lookup by group, prefix, ID, domain and attribute.
final class RoleMapperIndex: Sendable {
    let policy: RoleMappingPolicy
    let ranking: RoleRanking
    let domains: [String: Bool]
    let exactGroups: [String: [Int]]
    let exactGroupsLower: [String: [Int]]
    let prefixRules: [(prefix: String, index: Int)]
    let groupIDRules: [String: [Int]]
    let domainRules: [String: [Int]]
    /// Grouped by attribute name, in the order of each name's first rule (stable output).
    let attributeRules: [(name: String, rules: [(value: String, index: Int)])]
    let suffixHints: [String: Int]
    let overrides: [String: UserOverride]
    let hasGroupRules: Bool

    init(policy: RoleMappingPolicy, domains: [OrgDomain]) {
        self.policy = policy
        ranking = RoleRanking(customRoles: policy.customRoles)
        var domainMap: [String: Bool] = [:]
        for d in domains { domainMap[d.name.lowercased()] = d.verified }
        self.domains = domainMap
        let insensitive = policy.groupCase == .insensitive
        var exact: [String: [Int]] = [:], lower: [String: [Int]] = [:], prefixes: [(String, Int)] = []
        var ids: [String: [Int]] = [:], doms: [String: [Int]] = [:], attrs: [String: [(String, Int)]] = [:]
        var suffixes: [String: Int] = [:]
        for (i, rule) in policy.rules.enumerated() {
            switch rule.condition {
            case .group(let g):
                exact[insensitive ? g.lowercased() : g, default: []].append(i)
                lower[g.lowercased(), default: []].append(i)
                if let cut = g.firstIndex(where: { $0 == "-" || $0 == "_" || $0 == ":" || $0 == "/" }) {
                    let suffix = g[g.index(after: cut)...].lowercased()
                    if !suffix.isEmpty, suffixes[suffix] == nil { suffixes[suffix] = i }
                }
            case .groupPrefix(let p): prefixes.append((insensitive ? p.lowercased() : p, i))
            case .groupID(let id): ids[id.lowercased(), default: []].append(i)
            case .emailDomain(let d): doms[d.lowercased(), default: []].append(i)
            case .attribute(let name, let value):
                attrs[name, default: []].append((value, i))
            }
        }
        exactGroups = exact
        exactGroupsLower = lower
        prefixRules = prefixes.map { (prefix: $0.0, index: $0.1) }
        groupIDRules = ids
        domainRules = doms
        attributeRules = attrs.map { (name: $0.key, rules: $0.value.map { (value: $0.0, index: $0.1) }) }
            .sorted { $0.rules[0].index < $1.rules[0].index }
        suffixHints = suffixes
        var overrideMap: [String: UserOverride] = [:]
        for o in policy.overrides { overrideMap[o.email.lowercased()] = o }
        overrides = overrideMap
        hasGroupRules = policy.rules.contains { $0.isGroupRule }
    }
}
