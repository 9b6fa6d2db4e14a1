extension RoleMapper {
    /// Walks the groups as they arrived: matches group rules and records every ignored value and near miss.
    func inspectGroups(
        _ claims: LoginClaims, into result: inout RoleMappingResult, matches: inout [(match: RuleMatch, index: Int)]
    ) {
        for id in claims.groupIDs {
            if let hits = groupIDRules[id.lowercased()] { add(hits, value: id, to: &matches) }
        }
        guard let groups = claims.groups else {
            if claims.groupsOverage {
                result.notes.append(
                    "The IdP signalled group overage (the user is in more groups than fit in the token/assertion) and sent no group names.")
            } else if hasGroupRules {
                result.notes.append("The groups claim is absent: the IdP sent no groups attribute or claim at all.")
                for name in GroupShape.alternativeGroupAttributes {
                    if let values = claims.attributes[name], !values.isEmpty {
                        result.notes.append(
                            "Groups found under attribute '\(name)' (\(values.count) value\(values.count == 1 ? "" : "s")): set the connection's groups attribute to '\(name)'.")
                        break
                    }
                }
            }
            return
        }
        if groups.isEmpty {
            result.notes.append("The groups claim is present but empty: the user is in no group the IdP sends to this app.")
        }
        if claims.groupsOverage {
            result.notes.append("The IdP signalled group overage; the groups received may be incomplete.")
        }
        for raw in groups {
            if GroupShape.looksJoined(raw) {
                let parts = GroupShape.splitJoined(raw)
                if policy.joinedGroups == .split {
                    result.notes.append("Group value '\(raw)' was split into \(parts.count) groups (joinedGroups: split).")
                    for part in parts { inspectGroup(part, into: &result, matches: &matches) }
                } else if parts.count > 1 {
                    let message =
                        "Group value '\(raw)' looks like \(parts.count) groups joined into one string; the IdP should send one value per group (or set joinedGroups: split)."
                    result.ignoredGroups.append(IgnoredGroup(value: raw, reason: .joinedString, message: message))
                    result.nearMisses.append(
                        NearMiss(kind: .joinedString, ruleID: nil, received: raw, expected: parts.joined(separator: " | "), message: message))
                } else {
                    inspectGroup(raw, into: &result, matches: &matches)
                }
            } else {
                inspectGroup(raw, into: &result, matches: &matches)
            }
        }
    }

    private func inspectGroup(
        _ value: String, into result: inout RoleMappingResult, matches: inout [(match: RuleMatch, index: Int)]
    ) {
        let trimmed = GroupShape.trimmed(value)
        if trimmed.isEmpty {
            result.ignoredGroups.append(IgnoredGroup(value: value, reason: .empty))
            return
        }
        if trimmed != value {
            let message =
                "Group '\(value)' has leading or trailing whitespace and is ignored; the IdP should send '\(trimmed)'."
            result.ignoredGroups.append(IgnoredGroup(value: value, reason: .noRule, message: message))
            result.nearMisses.append(NearMiss(kind: .whitespace, ruleID: nil, received: value, expected: trimmed, message: message))
            return
        }
        if GroupShape.looksLikeObjectID(value) {
            if let hits = groupIDRules[value.lowercased()] {
                add(hits, value: value, to: &matches)
                return
            }
            let message =
                "Group '\(value)' looks like an Entra object ID, not a group name: configure the IdP to emit group names (e.g. cloud-only group display names / sAMAccountName), or add a groupID rule for this ID."
            result.ignoredGroups.append(IgnoredGroup(value: value, reason: .looksLikeObjectID, message: message))
            result.nearMisses.append(NearMiss(kind: .objectID, ruleID: nil, received: value, expected: "a group name", message: message))
            return
        }
        if let prefix = policy.requiredGroupPrefix, !fold(value).hasPrefix(fold(prefix)) {
            if reportCaseMismatch(value, into: &result) { return }
            if let rule = exactGroupsLower[(prefix + value).lowercased()]?.first {
                reportMissingPrefix(value, rule: rule, into: &result)
                return
            }
            result.ignoredGroups.append(
                IgnoredGroup(
                    value: value, reason: .missingPrefix,
                    message: "Group '\(value)' lacks the required prefix '\(prefix)' and is ignored."))
            return
        }
        result.effectiveGroups.append(value)
        let key = fold(value)
        var hit = false
        if let hits = exactGroups[key] {
            add(hits, value: value, to: &matches)
            hit = true
        }
        for rule in prefixRules where key.hasPrefix(rule.prefix) {
            add([rule.index], value: value, to: &matches)
            hit = true
        }
        if hit { return }
        if reportCaseMismatch(value, into: &result) { return }
        if policy.requiredGroupPrefix == nil, let rule = suffixHints[GroupShape.lowercased(value)] {
            reportMissingPrefix(value, rule: rule, into: &result)
            return
        }
        result.ignoredGroups.append(
            IgnoredGroup(value: value, reason: .noRule))
    }

    /// Sensitive comparison only: the value equals a rule's group except for letter case.
    private func reportCaseMismatch(_ value: String, into result: inout RoleMappingResult) -> Bool {
        guard policy.groupCase == .sensitive, let rule = exactGroupsLower[GroupShape.lowercased(value)]?.first,
            case .group(let expected) = policy.rules[rule].condition
        else { return false }
        let message =
            "Group '\(value)' differs only in letter case from '\(expected)' (rule '\(policy.rules[rule].id)'); this org compares group names case-sensitively — fix the name in the IdP or set groupCase: insensitive."
        result.ignoredGroups.append(IgnoredGroup(value: value, reason: .caseMismatch, message: message))
        result.nearMisses.append(
            NearMiss(kind: .caseMismatch, ruleID: policy.rules[rule].id, received: value, expected: expected, message: message))
        return true
    }

    private func reportMissingPrefix(_ value: String, rule: Int, into result: inout RoleMappingResult) {
        guard case .group(let expected) = policy.rules[rule].condition else { return }
        let message = "Group '\(value)' does not match required '\(expected)' format — did you mean to send it with the prefix?"
        result.ignoredGroups.append(IgnoredGroup(value: value, reason: .missingPrefix, message: message))
        result.nearMisses.append(
            NearMiss(kind: .missingPrefix, ruleID: policy.rules[rule].id, received: value, expected: expected, message: message))
    }

    func add(_ hits: [Int], value: String, to matches: inout [(match: RuleMatch, index: Int)]) {
        for i in hits where !matches.contains(where: { $0.index == i }) {
            let rule = policy.rules[i]
            matches.append((RuleMatch(ruleID: rule.id, role: rule.role, condition: rule.conditionDescription, matchedValue: value), i))
        }
    }
}
