import Foundation

/// The readable report of one check (the CLI's default output), in the layout of the domain-verification note:
///
/// ```
/// domain.record_at_doubled_name   example.com: NOT VERIFIED
/// expected  TXT _gatehouse-challenge.example.com "gatehouse-domain-verification=3f9c…"
/// asked     127.0.0.1:15353 (resolver): NXDOMAIN, TTL 60 s
/// …
/// ```
public enum DomainReport {
    public static func render(_ r: DomainCheckResult, history: DomainHistorySummary? = nil) -> String {
        var lines: [String] = []
        let verdict =
            switch r.status {
            case .verified: "VERIFIED"
            case .failed: "NOT VERIFIED"
            case .unknown: "UNKNOWN (resolver trouble; nothing changes)"
            }
        lines.append("\(r.diagnosis.code.rawValue.padding(toLength: max(32, r.diagnosis.code.rawValue.count + 2), withPad: " ", startingAt: 0))\(r.domain): \(verdict)")
        lines.append("expected  TXT \(r.recordName) \"\(escape(r.expected))\"")
        for o in r.observations {
            let role = if case .resolver = o.role { "resolver" } else { "authoritative" }
            let ttl = o.outcome.ttl.map { ", TTL \($0) s" } ?? ""
            lines.append("asked     \(o.label) (\(role)): \(o.outcome.summary)\(ttl)")
        }
        if r.found.isEmpty {
            lines.append("found     nothing at \(r.recordName)")
        } else {
            for f in r.found {
                let split = f.strings.count > 1 ? " (\(f.strings.count) strings, joined)" : ""
                lines.append("found     TXT \(f.name) \"\(escape(f.value))\"\(split), TTL \(f.ttl) s")
            }
        }
        lines.append("why       \(r.diagnosis.message)")
        if let fix = r.fix {
            for name in fix.remove where name != r.recordName || !r.found.isEmpty {
                lines.append("remove    the TXT record at \(name)")
            }
            lines.append("fix       Type | Host | Value")
            lines.append("          \(fix.type) | \(fix.fqdn) | \(fix.value)")
            lines.append("          (if your provider appends \(fix.zone) to the host: \(fix.type) | \(fix.relativeHost) | \(fix.value))")
        }
        let iso = ISO8601DateFormatter()
        if let history {
            lines.append("history   \(history.line(formatter: iso))")
        } else {
            lines.append("checked   \(iso.string(from: r.checkedAt))")
        }
        if let retry = r.retryAfter {
            let why = r.status == .unknown ? "resolver trouble" : "cached answers expire"
            lines.append("retry     after \(iso.string(from: retry)) (\(why))")
        }
        return lines.joined(separator: "\n")
    }

    /// Shows control characters and quotes visibly, so `"abc "` and `abc` differ on screen. Long values are cut.
    public static func escape(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars.prefix(600) {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if scalar.value < 32 || scalar.value == 127 {
                    out += String(format: "\\%03d", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        if value.unicodeScalars.count > 600 { out += "…" }
        return out
    }
}
