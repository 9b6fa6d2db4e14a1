package import Foundation
package import GatehouseCore
package import GatehouseOIDC
package import GatehouseStore

/// The OIDC module's pending-login store over the gateway's database, so a login started on one instance can
/// finish on another. One adapter per connection (the store row also records the organization).
package struct StorePendingOIDCLogins: PendingOIDCLoginStore {
    let store: any PendingLoginStore
    let organizationID: String
    let clock: any GatehouseClock

    package init(store: any PendingLoginStore, organizationID: String, clock: any GatehouseClock) {
        self.store = store
        self.organizationID = organizationID
        
        self.clock = clock
    }

    package func save(_ login: PendingOIDCLogin) async throws {
        try await store.savePendingLogin(PendingLogin(
            id: login.state, kind: "oidc", organizationID: organizationID, connectionID: login.connectionID,
            nonce: login.nonce, pkceVerifier: login.codeVerifier, relayState: login.redirectURI, returnTo: login.returnTo,
            createdAt: clock.now(), expiresAt: login.expiresAt))
    }

    package func consume(state: String, now: Date) async throws -> PendingOIDCLogin? {
        guard let row = try await store.consumePendingLogin(id: state, now: now), row.kind == "oidc",
              let nonce = row.nonce, let verifier = row.pkceVerifier, let redirect = row.relayState else { return nil }
        return PendingOIDCLogin(state: row.id, nonce: nonce, codeVerifier: verifier, redirectURI: redirect,
                                returnTo: row.returnTo, connectionID: row.connectionID, expiresAt: row.expiresAt)
    }
}
