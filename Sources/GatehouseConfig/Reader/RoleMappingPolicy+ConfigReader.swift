import GatehousePolicy

extension RoleMappingPolicy {
    static let keys: Set<String> = [
        "groupCase", "requiredGroupPrefix", "joinedGroups", "defaultRole", "customRoles", "rules", "overrides",
    ]
    static let ruleKeys: Set<String> = ["id", "role", "group", "groupPrefix", "groupID", "emailDomain", "attribute"]

    static func read(_ node: ConfigNode) throws(ConfigError) -> RoleMappingPolicy {
        let map = try node.mapping(allowed: keys)
        var policy = RoleMappingPolicy()
        for c in try map["customRoles"]?.list() ?? [] {
            let cm = try c.mapping(allowed: ["name", "basedOn", "permissions"])
            let name = try cm.require("name", in: c).string()
            if Role(name: name).isBuiltIn { throw c.fail(.invalidValue, "'\(name)' is a built-in role name; pick another name") }
            policy.customRoles.append(
                CustomRole(
                    name: name, basedOn: Role(name: try cm["basedOn"]?.string() ?? "member"),
                    permissions: try cm["permissions"]?.stringList() ?? []))
        }
        for (i, r) in (try map["rules"]?.list() ?? []).enumerated() { policy.rules.append(try readRule(r, index: i)) }
        if policy.rules.contains(where: { if case .group = $0.condition { true } else if case .groupPrefix = $0.condition { true } else { false } }) {
            guard let n = map["groupCase"] else {
                throw ConfigError(
                    .missingKey, keyPath: node.path + ".groupCase",
                    "\(node.location): missing required key 'groupCase': group rules need an explicit choice, sensitive or insensitive")
            }
            let text = try n.string()
            guard let value = GroupCaseHandling(name: text) else {
                throw n.fail(.invalidValue, "expected sensitive or insensitive, found '\(text)'")
            }
            policy.groupCase = value
        } else if let n = map["groupCase"] {
            let text = try n.string()
            guard let value = GroupCaseHandling(name: text) else {
                throw n.fail(.invalidValue, "expected sensitive or insensitive, found '\(text)'")
            }
            policy.groupCase = value
        }
        if let n = map["requiredGroupPrefix"], !n.isNull { policy.requiredGroupPrefix = try n.string() }
        if let n = map["joinedGroups"] {
            let text = try n.string()
            guard let value = JoinedGroupHandling(name: text) else { throw n.fail(.invalidValue, "expected flag or split, found '\(text)'") }
            policy.joinedGroups = value
        }
        if let n = map["defaultRole"] {
            let text = try n.string()
            policy.defaultRole = text == "deny" ? nil : Role(name: text)
        }
        for o in try map["overrides"]?.list() ?? [] {
            let om = try o.mapping(allowed: ["email", "role", "deny", "note"])
            let email = try om.require("email", in: o).string()
            let deny = try om["deny"]?.bool() ?? false
            let role = try om["role"]?.string()
            guard deny != (role != nil) else { throw o.fail(.invalidValue, "an override needs exactly one of 'role' or 'deny: true'") }
            policy.overrides.append(
                UserOverride(email: email, outcome: role.map { .role(Role(name: $0)) } ?? .deny, note: try om["note"]?.string()))
        }
        do {
            try policy.validate()
        } catch {
            throw node.fail(.invalidValue, "\(error.reason) [\(error.code)]")
        }
        return policy
    }

    static func readRule(_ node: ConfigNode, index: Int) throws(ConfigError) -> RoleRule {
        let map = try node.mapping(allowed: ruleKeys)
        let kinds = ["group", "groupPrefix", "groupID", "emailDomain", "attribute"].filter { map[$0] != nil }
        guard kinds.count == 1 else {
            throw node.fail(
                .invalidValue,
                "a rule needs exactly one of group, groupPrefix, groupID, emailDomain, attribute; found \(kinds.isEmpty ? "none" : kinds.joined(separator: ", "))")
        }
        let condition: RoleRule.Condition
        switch kinds[0] {
        case "group": condition = .group(try map.require("group", in: node).string())
        case "groupPrefix": condition = .groupPrefix(try map.require("groupPrefix", in: node).string())
        case "groupID": condition = .groupID(try map.require("groupID", in: node).string())
        case "emailDomain": condition = .emailDomain(try map.require("emailDomain", in: node).string())
        default:
            let a = try map.require("attribute", in: node)
            let am = try a.mapping(allowed: ["name", "value"])
            condition = .attribute(name: try am.require("name", in: a).string(), value: try am.require("value", in: a).string())
        }
        return RoleRule(
            id: try map["id"]?.string() ?? "rule-\(index + 1)", role: Role(name: try map.require("role", in: node).string()),
            condition: condition)
    }
}
