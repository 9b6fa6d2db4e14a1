package import Foundation
package import GatehouseAudit
package import GatehouseConfig
package import GatehouseCore
package import GatehousePolicy
package import GatehouseSAML
package import GatehouseStore

/// The dry-run enforcement check over the live store, and the switch that turns "SSO required" on or off.
///
/// The dry run reads the members from the store (``StoreMemberSource``), the domains' real verification state (the
/// DNS checks' results, not the configuration's claim) and the signing certificates from the IdP metadata actually
/// loaded. Turning enforcement on is refused while any blocker stands unless each blocker's ID is acknowledged;
/// every change and every acknowledgement is audited before it takes effect (no audit, no change: fail closed).
package struct EnforcementService: Sendable {
    let store: any GatehouseStore
    let recorder: AuditRecorder
    let clock: any GatehouseClock

    package init(store: any GatehouseStore, clock: any GatehouseClock, delivers: @escaping @Sendable (String) async -> Bool) {
        self.store = store
        self.clock = clock
        recorder = AuditRecorder(store: store, clock: clock, delivers: delivers)
    }

    /// What happened to a request to change enforcement.
    package enum Change: Sendable {
        /// Enforcement is now on (or off); `acknowledged` blockers were waved through by the admin, audited.
        case applied(enabled: Bool, acknowledged: [EnforcementDecision.Acknowledgement], domains: [String])
        /// Refused: these blockers stand and were not acknowledged by ID.
        case refused(EnforcementDecision)
    }

    /// The org-level facts the engine evaluates, from the configuration (policy, connections, break-glass, SCIM) and
    /// the store (domains, last DNS check). `certificates` maps a SAML connection ID to the signing certificates of
    /// its loaded metadata, used where the configuration lists no `signingCertificates` for the connection.
    package func context(organization org: OrganizationConfiguration, certificates: [String: [SigningCertificateInfo]],
                         now: Date) async throws -> EnforcementContext {
        var context = Self.configurationOnlyContext(organization: org, certificates: certificates, now: now)
        var domains: [OrgDomain] = []
        for row in try await store.domains(organizationID: org.id) {
            let last = try await store.domainChecks(row.domain, organizationID: org.id, limit: 1).first
            let check = last.map { OrgDomain.Check(at: $0.checkedAt, succeeded: $0.outcome == "verified", detail: $0.detail) }
            domains.append(OrgDomain(name: row.domain, verified: row.status == "verified", enforced: row.enforced, lastCheck: check))
        }
        // Domains only in the configuration (never seeded) still count, as the configuration states them.
        for configured in org.domains where !domains.contains(where: { $0.name == configured.name }) {
            domains.append(configured)
        }
        context.domains = domains
        return context
    }

    /// The dry run for `org`: every active member of the store, or `source` when given (an IdP export).
    /// The engine for `org` with the configuration's view only (no store): domains as configured.
    package static func configurationOnlyContext(organization org: OrganizationConfiguration,
                                                 certificates: [String: [SigningCertificateInfo]], now: Date) -> EnforcementContext {
        var context = org.enforcementContext(now: now)
        context.connections = context.connections.map { summary in
            var s = summary
            if s.signingCertificates.isEmpty, let loaded = certificates[s.id] { s.signingCertificates = loaded }
            return s
        }
        return context
    }

    package func dryRun(organization org: OrganizationConfiguration, certificates: [String: [SigningCertificateInfo]],
                        source: (any MemberSource)? = nil, now: Date? = nil) async throws -> EnforcementReport {
        let engine = try EnforcementEngine(context: try await context(organization: org, certificates: certificates, now: now ?? clock.now()))
        return try await engine.run(source: source ?? StoreMemberSource(store: store, scimConnected: org.scimConnected))
    }

    /// Turns enforcement on (after a fresh dry run; refused unless every blocker is acknowledged by ID) or off.
    ///
    /// On: the org's verified domains become enforced (routing reads the store, so every instance follows at its
    /// next request) and the organization's settings record it, so a restart keeps it. Off: the domains return to
    /// what the configuration says (`domains[].enforced`, `enforceSSO`).
    package func change(enable: Bool, organization org: OrganizationConfiguration, certificates: [String: [SigningCertificateInfo]],
                        acknowledging: [String], actor: String, context audit: AuditContext) async throws -> Change {
        let now = clock.now()
        var acknowledged: [EnforcementDecision.Acknowledgement] = []
        if enable {
            let report = try await dryRun(organization: org, certificates: certificates, now: now)
            let decision = EnforcementDecision.decide(report: report, acknowledging: acknowledging, actor: actor, at: now)
            guard decision.allowed else {
                try await recorder.record(.enforcementOn, organizationID: org.id, actor: actor, target: org.id, result: .failure,
                                          code: decision.unacknowledged.first?.code.description ?? "",
                                          details: ["refused": .string(decision.unacknowledged.map(\.id).joined(separator: ", "))],
                                          context: audit)
                return .refused(decision)
            }
            // A member-lockout blocker (`…_locked_out`) waved through affects everyone the dry run saw locked out.
            let lockedOut = report.members.filter { $0.kind == .lockedOut }.count
            for ack in decision.acknowledgements {
                try await recorder.enforcementBlockerAcknowledged(organizationID: org.id, actor: actor, blocker: ack.code,
                                                                  affected: ack.code.hasSuffix("locked_out") ? lockedOut : 0, context: audit)
            }
            acknowledged = decision.acknowledgements
        }
        try await recorder.enforcementChanged(organizationID: org.id, enabled: enable, actor: actor, context: audit)
        var changed: [String] = []
        let configured = Dictionary(org.domains.map { ($0.name, $0.enforced || org.enforceSSO) }, uniquingKeysWith: { $0 || $1 })
        for var row in try await store.domains(organizationID: org.id) {
            let target = row.status == "verified" && (enable || configured[row.domain] == true)
            if row.enforced != target {
                row.enforced = target
                row.updatedAt = now
                try await store.updateDomain(row)
                changed.append(row.domain)
            }
        }
        if var organization = try await store.organization(id: org.id) {
            organization.settingsJSON = Self.settings(organization.settingsJSON, enforce: enable, actor: actor, at: now)
            organization.updatedAt = now
            try await store.updateOrganization(organization)
        }
        return .applied(enabled: enable, acknowledged: acknowledged, domains: changed)
    }

    /// Whether enforcement was turned on through the admin API (organization settings `enforceSSO`).
    package static func enforcedBySettings(_ settingsJSON: String) -> Bool {
        ((try? JSONSerialization.jsonObject(with: Data(settingsJSON.utf8))) as? [String: Any])?["enforceSSO"] as? Bool ?? false
    }

    static func settings(_ json: String, enforce: Bool, actor: String, at: Date) -> String {
        var object = ((try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]) ?? [:]
        object["enforceSSO"] = enforce
        object["enforcementChangedBy"] = actor
        object["enforcementChangedAt"] = ISO8601DateFormatter().string(from: at)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Signing certificates of each SAML connection's metadata file (connection ID → XML), for the CLI's dry run.
    /// Unreadable metadata yields no entry (the configuration's `signingCertificates` then count).
    package static func certificates(metadata: [String: String], organization org: OrganizationConfiguration) -> [String: [SigningCertificateInfo]] {
        var out: [String: [SigningCertificateInfo]] = [:]
        for connection in org.connections {
            guard case .saml(let settings) = connection.details, let xml = metadata[connection.id],
                  let parsed = try? IdPMetadata(xml: Array(xml.utf8), entityID: settings.idpEntityID) else { continue }
            out[connection.id] = parsed.signingCertificates.map(SigningCertificateInfo.init(metadataCertificate:))
        }
        return out
    }
}

extension SigningCertificateInfo {
    /// A metadata certificate as the dry run sees it: `sha256:` + lowercase hex (no colons), and its expiry.
    package init(metadataCertificate certificate: SigningCertificate) {
        self.init(fingerprint: "sha256:" + certificate.info.sha256Fingerprint.replacingOccurrences(of: ":", with: "").lowercased(),
                  notAfter: certificate.info.notAfter)
    }
}
