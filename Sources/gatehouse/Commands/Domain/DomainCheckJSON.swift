import Foundation
import GatehouseDomains

/// The JSON contract of `domain verify --format json` (also one entry of `domain status --format json`).
enum DomainCheckJSON {
    static func object(_ r: DomainCheckResult, includeForeignOrganization: Bool = false) -> [String: Any] {
        let iso = ISO8601DateFormatter()
        var o: [String: Any] = [
            "domain": r.domain,
            "recordName": r.recordName,
            "expected": r.expected,
            "verified": r.verified,
            "status": r.status.rawValue,
            "found": r.found.map { ["name": $0.name, "value": $0.value, "strings": $0.strings, "ttl": Int($0.ttl)] as [String: Any] },
            "diagnosis": ["code": r.diagnosis.code.rawValue, "message": r.diagnosis.message],
            "nameservers": r.observations.map { obs -> [String: Any] in
                let role: String = if case .resolver = obs.role { "resolver" } else { "authoritative" }
                return ["server": obs.label, "role": role, "answer": obs.outcome.summary, "ttl": obs.outcome.ttl.map { Int($0) as Any } ?? NSNull()]
            },
            "checkedAt": iso.string(from: r.checkedAt),
            "zone": r.zone,
            "retryAfter": r.retryAfter.map { iso.string(from: $0) as Any } ?? NSNull(),
        ]
        if let fix = r.fix {
            o["fix"] = ["type": fix.type, "host": fix.fqdn, "hostRelativeToZone": fix.relativeHost, "zone": fix.zone, "value": fix.value, "remove": fix.remove]
        }
        if includeForeignOrganization, let org = r.foreignOrganization { o["foreignOrganization"] = org }
        return o
    }
}
