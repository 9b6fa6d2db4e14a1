import GatehousePolicy
import Logging
package import Foundation
package import GatehouseConfig
import GatehouseCore
package import GatehouseStore

/// Writes the configuration's organizations, connections and domains into the store at startup, so every instance
/// (and `gatehouse domain`, the dry run, SCIM) sees the same state.
///
/// Domains: the configuration names which org claims a domain and whether it is enforced; the verification *status*
/// in the store wins once a real DNS check has run (`lastCheckedAt` set), so a restart never re-verifies a domain
/// whose TXT record was removed.
package enum ConfigSeeder {
    package static func seed(_ configuration: GatehouseConfiguration, store: any GatehouseStore, now: Date,
                             metadata: [String: String]) async throws {
        for org in configuration.orgs {
            // Enforcement turned on through the admin API survives restarts (organization settings).
            var enforcedByAdmin = false
            if var existing = try await store.organization(id: org.id) {
                enforcedByAdmin = EnforcementService.enforcedBySettings(existing.settingsJSON)
                if existing.name != org.name {
                    existing.name = org.name
                    existing.updatedAt = now
                    try await store.updateOrganization(existing)
                }
            } else {
                try await store.createOrganization(Organization(id: org.id, name: org.name, createdAt: now))
            }
            for connection in org.connections {
                let previous = try await store.connection(id: connection.id)
                switch connection.details {
                case .saml(let s):
                    try await store.saveConnection(IdPConnection(
                        id: connection.id, organizationID: org.id, kind: .saml, name: connection.id,
                        settingsJSON: json(["vendor": connection.vendor, "idpEntityID": s.idpEntityID,
                                            "signatureRequirement": s.signatureRequirement.description,
                                            "allowIdPInitiated": s.allowIdPInitiated ? "true" : "false",
                                            "groupsAttribute": s.groupsAttribute, "enabled": connection.enabled ? "true" : "false"]),
                        samlMetadataXML: metadata[connection.id], createdAt: previous?.createdAt ?? now, updatedAt: now))
                case .oidc(let o):
                    // Only the reference (`env:NAME`) is stored, never the secret's value.
                    try await store.saveConnection(IdPConnection(
                        id: connection.id, organizationID: org.id, kind: .oidc, name: connection.id,
                        settingsJSON: json(["vendor": connection.vendor, "clientSecret": o.clientSecret?.description ?? "",
                                            "groupsClaim": o.groupsClaim, "enabled": connection.enabled ? "true" : "false"]),
                        oidcIssuer: o.issuer, oidcClientID: o.clientID, createdAt: previous?.createdAt ?? now, updatedAt: now))
                }
            }
            for domain in org.domains {
                let enforce = domain.enforced || org.enforceSSO || enforcedByAdmin
                let status = domain.verified ? "verified" : "pending"
                if var existing = try await store.domain(domain.name, organizationID: org.id) {
                    // Once a DNS check ran, its result (not the configuration's claim) decides whether it can be enforced.
                    let verified = existing.lastCheckedAt == nil ? domain.verified : existing.status == "verified"
                    existing.enforced = verified && enforce
                    if existing.lastCheckedAt == nil {
                        existing.status = status
                        existing.verifiedAt = domain.verified ? (existing.verifiedAt ?? domain.lastCheck?.at ?? now) : nil
                    }
                    existing.updatedAt = now
                    try await store.updateDomain(existing)
                } else {
                    try await store.claimDomain(EmailDomain(
                        domain: domain.name, organizationID: org.id, token: RandomToken.make(bytes: 16), status: status,
                        enforced: domain.verified && enforce, createdAt: now, verifiedAt: domain.verified ? (domain.lastCheck?.at ?? now) : nil))
                }
            }
        }
    }

    static func json(_ object: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
