package import Foundation
package import GatehouseDomains
package import GatehouseStore

/// The domain module's lifecycle store over the gateway's database, so DNS re-checks (`gatehouse domain status
/// --database`, the server's scheduler) and the gateway's domain redirection read and write the same rows.
///
/// The whole ``DomainClaim`` (previous tokens, first failure, next check, history) is kept as JSON in
/// `email_domains.lifecycle_json`; `status` mirrors it for routing: `verified` while the domain is held (verified, or
/// failing inside its grace period), then `pending` or `unverified` — so domain redirection stops on every instance
/// the moment the lifecycle says the grace period is over. Each check is also appended to `domain_checks`.
package struct StoreDomainStateStore: DomainStateStore {
    let store: any GatehouseStore
    let clock: @Sendable () -> Date

    package init(store: any GatehouseStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    package func claim(domain: String, organization: String) async throws -> DomainClaim? {
        try await store.domain(domain, organizationID: organization).map(Self.claim(from:))
    }

    package func claims(domain: String) async throws -> [DomainClaim] {
        try await store.domainClaims(domain).map(Self.claim(from:))
    }

    package func allClaims() async throws -> [DomainClaim] {
        try await store.allDomains().map(Self.claim(from:))
    }

    package func dueClaims(at now: Date, limit: Int) async throws -> [DomainClaim] {
        Array(try await allClaims().filter { $0.nextCheckAt <= now }.sorted { $0.nextCheckAt < $1.nextCheckAt }.prefix(limit))
    }

    package func save(_ claim: DomainClaim) async throws {
        let now = clock()
        let json = String(decoding: try JSONEncoder.lifecycle.encode(claim), as: UTF8.self)
        let status = claim.holdsDomain ? "verified" : claim.state.rawValue
        let organization = try await store.organization(id: claim.organization)
        if organization == nil {
            try await store.createOrganization(Organization(id: claim.organization, name: claim.organization, createdAt: now))
        }
        let previous = try await store.domain(claim.domain, organizationID: claim.organization)
        var row = previous ?? EmailDomain(domain: claim.domain, organizationID: claim.organization, token: claim.token,
                                          createdAt: claim.claimedAt)
        row.token = claim.token
        row.status = status
        row.enforced = previous?.enforced ?? claim.enforced  // enforcement is the admin's setting (configuration, admin API)
        if claim.holdsDomain, previous?.status != "verified", let organization,
           EnforcementService.enforcedBySettings(organization.settingsJSON) {
            row.enforced = true  // the org turned "SSO required" on: a domain verified later is enforced too
        }
        row.verifiedAt = claim.holdsDomain ? (claim.firstVerifiedAt ?? previous?.verifiedAt) : nil
        row.lastCheckedAt = claim.lastCheckedAt
        row.lifecycleJSON = json
        row.updatedAt = now
        if previous == nil { try await store.claimDomain(row) } else { try await store.updateDomain(row) }
        for entry in claim.history where entry.at > (previous?.lastCheckedAt ?? .distantPast) {
            try await store.appendDomainCheck(DomainCheck(domain: claim.domain, organizationID: claim.organization, checkedAt: entry.at,
                                                          outcome: entry.status.rawValue, detail: "\(entry.code): \(entry.message)"))
        }
    }

    package func delete(domain: String, organization: String) async throws {
        try await store.deleteDomain(domain, organizationID: organization)
    }

    /// The stored lifecycle, or — for a domain only written by the configuration seeder — one derived from its row
    /// (due for a check at once).
    static func claim(from row: EmailDomain) -> DomainClaim {
        if row.lifecycleJSON != "{}", var claim = try? JSONDecoder.lifecycle.decode(DomainClaim.self, from: Data(row.lifecycleJSON.utf8)) {
            claim.enforced = row.enforced
            return claim
        }
        var claim = DomainClaim(organization: row.organizationID, domain: row.domain, token: row.token, enforced: row.enforced,
                                claimedAt: row.createdAt)
        if row.status == "verified" {
            claim.state = .verified
            claim.firstVerifiedAt = row.verifiedAt
            claim.lastSuccessAt = row.verifiedAt
        }
        claim.lastCheckedAt = row.lastCheckedAt
        claim.nextCheckAt = row.createdAt
        return claim
    }
}

extension JSONEncoder {
    static var lifecycle: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    static var lifecycle: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
