extension EnforcementReport {
    /// Aligned text for a terminal: one row per member, then the summary and the blockers.
    public func renderTable() -> String {
        let header = ["EMAIL", "CURRENT", "PREDICTED", "OUTCOME", "REASON"]
        var rows: [[String]] = [header]
        rows.reserveCapacity(members.count + 1)
        for m in members {
            let change: String
            switch m.kind {
            case .keepsRole: change = "keeps role"
            case .roleChanges: change = "\(m.currentRole?.name ?? "(none)") → \(m.predictedRole?.name ?? "-")"
            case .lockedOut: change = "LOCKED OUT"
            case .breakGlass: change = "break-glass"
            }
            let reason = m.reasons.first.map { "\($0.code): \($0.message)" } ?? ""
            rows.append([m.email, m.currentRole?.name ?? "-", m.predictedRole?.name ?? "-", change, reason])
        }
        var widths = Array(repeating: 0, count: header.count - 1)
        for row in rows {
            for i in 0..<widths.count { widths[i] = max(widths[i], row[i].count) }
        }
        var out = "Dry run: SSO enforcement for \(orgName) (\(orgID)) at \(ISOTime.string(generatedAt))\n\n"
        out.reserveCapacity(members.count * 120)
        for row in rows {
            for i in 0..<widths.count {
                out += row[i]
                out += String(repeating: " ", count: widths[i] - row[i].count + 2)
            }
            out += row[widths.count]
            out += "\n"
        }
        let s = summary
        out += "\n\(s.members) members: \(s.keepsRole) keep their role, \(s.roleChanges) change role, \(s.lockedOut) locked out, \(s.breakGlass) break-glass; \(s.ownersAbleToSignIn) owner(s) able to sign in through SSO.\n"
        if blockers.isEmpty {
            out += "\nNo blockers. Enforcing SSO is safe (exit 0).\n"
        } else {
            out += "\nBlockers (\(blockers.count)):\n"
            for b in blockers {
                out += "  [\(b.code)]\(b.isLockout ? " LOCKOUT" : "") \(b.message)\n"
                out += "      acknowledge as: \(b.id)\n"
            }
            out += "\nNOT SAFE: enforcement is refused until each blocker is fixed or acknowledged (exit 1).\n"
        }
        return out
    }
}
