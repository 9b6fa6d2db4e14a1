extension EnforcementReport {
    /// A self-contained HTML page (inline CSS, no scripts, no external resources); every value is escaped.
    public func renderHTML() -> String {
        let e = HTML.escape
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>SSO enforcement dry run — \(e(orgName))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#1d1d1f}
            table{border-collapse:collapse;width:100%;font-size:.9rem}
            th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
            th{background:#f4f4f6}
            .locked_out{background:#fde8e8}.role_changes{background:#fff6dd}.break_glass{background:#e8f0fe}
            .blocker{border-left:4px solid #c62828;padding:.3rem .8rem;margin:.5rem 0;background:#fff5f5}
            .safe{color:#1b5e20}.unsafe{color:#b71c1c}
            code{font-size:.85rem}
            </style></head><body>

            """
        out += "<h1>SSO enforcement dry run: \(e(orgName)) <small>(\(e(orgID)))</small></h1>\n"
        out += "<p>Generated \(e(ISOTime.string(generatedAt))).</p>\n"
        let s = summary
        out += "<p>\(s.members) members: \(s.keepsRole) keep their role, \(s.roleChanges) change role, \(s.lockedOut) locked out, \(s.breakGlass) break-glass; \(s.ownersAbleToSignIn) owner(s) able to sign in through SSO.</p>\n"
        if blockers.isEmpty {
            out += "<h2 class=\"safe\">Safe to enforce: no blockers</h2>\n"
        } else {
            out += "<h2 class=\"unsafe\">Not safe: \(blockers.count) blocker(s)</h2>\n"
            for b in blockers {
                out += "<div class=\"blocker\"><code>\(e(b.code.description))</code>\(b.isLockout ? " <strong>lockout</strong>" : "")<br>\(e(b.message))<br><small>acknowledge as <code>\(e(b.id))</code></small></div>\n"
            }
        }
        out += "<h2>Members</h2>\n<table><thead><tr><th>Email</th><th>Name</th><th>Current</th><th>Predicted</th><th>Outcome</th><th>Reasons</th></tr></thead><tbody>\n"
        for m in members {
            let reasons = m.reasons.map { "<code>\(e($0.code))</code> \(e($0.message))" }.joined(separator: "<br>")
            out += "<tr class=\"\(m.kind.rawValue)\"><td>\(e(m.email))</td><td>\(e(m.name ?? ""))</td><td>\(e(m.currentRole?.name ?? "—"))</td><td>\(e(m.predictedRole?.name ?? "—"))</td><td>\(e(m.kind.rawValue))</td><td>\(reasons)</td></tr>\n"
        }
        out += "</tbody></table>\n</body></html>\n"
        return out
    }
}

enum HTML {
    /// Escapes text for element content and double- or single-quoted attributes.
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
