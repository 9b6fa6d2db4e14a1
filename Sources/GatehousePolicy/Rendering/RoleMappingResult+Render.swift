extension RoleMappingResult {
    /// `absent`, `empty` or `present`.
    public var groupsClaimState: String {
        guard let receivedGroups else { return "absent" }
        return receivedGroups.isEmpty ? "empty" : "present"
    }

    /// The explanation as JSON with stable, sorted keys (the shape is documented in docs/policy.md).
    public func renderJSON() -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("decision"); w.value(isGranted ? "granted" : "denied")
        w.key("denial")
        if let denial {
            w.beginObject()
            w.key("code"); w.value(denial.code)
            w.key("reason"); w.value(denial.reason)
            w.endObject()
        } else {
            w.null()
        }
        w.key("effectiveGroups"); w.value(effectiveGroups)
        w.key("groupsClaim"); w.value(groupsClaimState)
        w.key("ignoredGroups")
        w.beginArray()
        for g in ignoredGroups {
            w.beginObject()
            w.key("message"); w.value(g.message)
            w.key("reason"); w.value(g.reason.rawValue)
            w.key("value"); w.value(g.value)
            w.endObject()
        }
        w.endArray()
        w.key("mappedRole"); w.value(mappedRole?.name)
        w.key("matched")
        w.beginArray()
        for m in matched {
            w.beginObject()
            w.key("condition"); w.value(m.condition)
            w.key("matchedValue"); w.value(m.matchedValue)
            w.key("role"); w.value(m.role.name)
            w.key("ruleID"); w.value(m.ruleID)
            w.endObject()
        }
        w.endArray()
        w.key("nearMisses")
        w.beginArray()
        for n in nearMisses { n.writeJSON(into: &w) }
        w.endArray()
        w.key("notes"); w.value(notes)
        w.key("receivedGroups"); w.value(receivedGroups)
        w.key("role"); w.value(role?.name)
        w.key("source"); w.value(source.rawValue)
        w.endObject()
        return w.string
    }

    /// The explanation for a terminal.
    public func renderText() -> String {
        var lines: [String] = []
        if let role {
            var how = "source: \(source.rawValue)"
            if let m = matched.first, source == .rule || source == .override {
                how = "rule '\(m.ruleID)': \(m.condition) matched '\(m.matchedValue)'"
            }
            lines.append("Decision: GRANTED role '\(role.name)' (\(how))")
        } else if let denial {
            lines.append("Decision: DENIED [\(denial.code)] \(denial.reason)")
        }
        switch receivedGroups {
        case nil: lines.append("Groups received: none — the groups claim is ABSENT")
        case let groups? where groups.isEmpty: lines.append("Groups received: the claim is present but EMPTY")
        case let groups?: lines.append("Groups received (\(groups.count)): \(groups.map { "'\($0)'" }.joined(separator: ", "))")
        }
        if !effectiveGroups.isEmpty {
            lines.append("Groups evaluated (\(effectiveGroups.count)): \(effectiveGroups.joined(separator: ", "))")
        }
        lines.append("Matched rules (\(matched.count))\(matched.isEmpty ? ": none" : ":")")
        for (i, m) in matched.enumerated() {
            lines.append("  \(i == 0 && isGranted && source != .defaultRole ? "*" : "-") \(m.ruleID) → \(m.role.name): \(m.condition) matched '\(m.matchedValue)'")
        }
        if !ignoredGroups.isEmpty {
            lines.append("Ignored groups (\(ignoredGroups.count)):")
            for g in ignoredGroups { lines.append("  - '\(g.value)' [\(g.reason.rawValue)] \(g.message)") }
        }
        if !nearMisses.isEmpty {
            lines.append("Near misses (\(nearMisses.count)):")
            for n in nearMisses { lines.append("  - \(n.message)") }
        }
        if !notes.isEmpty {
            lines.append("Notes:")
            for n in notes { lines.append("  - \(n)") }
        }
        return lines.joined(separator: "\n")
    }
}
