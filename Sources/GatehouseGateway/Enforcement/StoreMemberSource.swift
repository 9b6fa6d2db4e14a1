import Foundation
package import GatehousePolicy
package import GatehouseStore

/// The dry run's members from the store: every active account of the organization (JIT logins and SCIM), with its
/// current role and the claims of its last SSO login (`LoginRecord`, written by ``LoginCompleter``).
///
/// Deactivated accounts are left out: they have no access today and enforcement changes nothing for them. When the
/// organization provisions through SCIM (`scimConnected`), an account SCIM never created (no `externalId`, created by
/// JIT) counts as *not in the SCIM directory*, which the engine reports as `policy.scim_deprovisioned` (never for the
/// Primary Owner).
package struct StoreMemberSource: MemberSource {
    let store: any GatehouseStore
    let scimConnected: Bool
    let pageSize: Int

    package init(store: any GatehouseStore, scimConnected: Bool, pageSize: Int = 1_000) {
        self.store = store
        self.scimConnected = scimConnected
        self.pageSize = pageSize
    }

    package func members(ofOrg orgID: String) async throws -> [OrgMember] {
        var members: [OrgMember] = []
        var offset = 0
        while true {
            let page = try await store.users(organizationID: orgID, offset: offset, limit: pageSize)
            for user in page where user.active {
                let record = try await store.lastLogin(userID: user.id)
                let claims = record.flatMap { Self.claims(fromJSON: $0.claimsJSON) }
                var member = OrgMember(
                    email: user.email.lowercased(), name: user.displayName.isEmpty ? nil : user.displayName,
                    currentRole: Role(name: user.role), claims: claims,
                    claimsOrigin: record.map { .lastSSOLogin(at: $0.loggedInAt) },
                    scimPresent: scimConnected ? (user.source == "scim" || user.externalID != nil) : nil)
                if claims == nil { member.claimsOrigin = nil }
                members.append(member)
            }
            if page.count < pageSize { break }
            offset += page.count
        }
        return members
    }

    /// Reads `LoginRecord.claimsJSON` (``ClaimsExtractor/json(_:)``); nil when the row is unreadable, so the member
    /// is reported as never having signed in through SSO rather than guessed at.
    package static func claims(fromJSON text: String) -> LoginClaims? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return nil }
        let proto = LoginClaims.SourceProtocol(rawValue: object["protocol"] as? String ?? "") ?? .file
        var attributes: [String: [String]] = [:]
        for (key, value) in object["attributes"] as? [String: Any] ?? [:] {
            if let list = value as? [String] { attributes[key] = list } else if let one = value as? String { attributes[key] = [one] }
        }
        return LoginClaims(
            subject: object["subject"] as? String, email: object["email"] as? String,
            emailVerified: object["email_verified"] as? Bool, name: object["name"] as? String,
            groups: object["groups"] as? [String], groupIDs: object["group_ids"] as? [String] ?? [],
            groupsOverage: object["groups_overage"] as? Bool ?? false, attributes: attributes,
            source: .init(sourceProtocol: proto, vendor: object["vendor"] as? String, connectionID: object["connection"] as? String))
    }
}
