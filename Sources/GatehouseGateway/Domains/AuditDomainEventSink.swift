package import GatehouseDomains
package import GatehouseStore
import Foundation

/// Domain lifecycle events into the audit log (and so to the org's SIEM): verified, verification failing with the
/// date it lapses, recovered, lapsed (redirection stops), ownership conflicts.
package struct AuditDomainEventSink: DomainEventSink {
    let store: any GatehouseStore
    /// Organizations with a SIEM webhook: only their events get an outbox row.
    let deliveringOrganizations: Set<String>

    package init(store: any GatehouseStore, deliveringOrganizations: Set<String> = []) {
        self.store = store
        self.deliveringOrganizations = deliveringOrganizations
    }

    package func record(_ event: DomainEvent) async {
        let action: String = switch event.kind {
        case .verified: "domain.verified"
        case .failingStarted: "domain.verification_failing"
        case .stillFailing: "domain.verification_still_failing"
        case .recovered: "domain.verification_recovered"
        case .lapsed: "domain.verification_lost"
        case .ownershipConflict: "domain.ownership_conflict"
        }
        var details: [String: String] = ["message": event.message]
        if let lapses = event.lapsesAt { details["lapses_at"] = ISO8601DateFormatter().string(from: lapses) }
        let json = (try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let failed = event.kind == .failingStarted || event.kind == .stillFailing || event.kind == .lapsed || event.kind == .ownershipConflict
        _ = try? await store.appendAuditEvent(AuditEvent(
            organizationID: event.organization, occurredAt: event.at, actor: "system:domain-checks", action: action,
            target: event.domain, result: failed ? "failure" : "success", code: event.code ?? "", detailsJSON: json), deliver: deliveringOrganizations.contains(event.organization))
    }
}
