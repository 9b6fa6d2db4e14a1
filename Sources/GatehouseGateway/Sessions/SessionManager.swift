package import Foundation
package import GatehouseCore
package import GatehouseStore

/// Sessions over the store: opaque 256-bit tokens (only their hash is stored), idle and absolute lifetimes,
/// server-side revocation that every instance sees on the next request.
package struct SessionManager: Sendable {
    let store: any GatehouseStore
    let clock: any GatehouseClock
    package let idleTimeout: TimeInterval
    package let absoluteTimeout: TimeInterval
    /// Idle expiry is pushed forward at most this often per session (one write per minute, not per request).
    package var touchInterval: TimeInterval = 60
    let organizationNames: [String: String]

    package init(store: any GatehouseStore, clock: any GatehouseClock, idleTimeout: TimeInterval, absoluteTimeout: TimeInterval,
                 organizationNames: [String: String]) {
        self.store = store
        self.clock = clock
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.organizationNames = organizationNames
    }

    /// A new session for `userID` (always a new token: rotation at login, so a planted cookie is never promoted).
    package func start(userID: String, organizationID: String) async throws -> String {
        let token = RandomToken.make()
        _ = try await store.createSession(token: token, userID: userID, organizationID: organizationID, now: clock.now(),
                                          idleTimeout: idleTimeout, absoluteTimeout: absoluteTimeout)
        return token
    }

    /// The identity behind `token`, or nil when the token is malformed, unknown, expired, revoked, or its user was
    /// deactivated or deleted since (deprovisioning takes effect on the very next request).
    package func identity(token: String) async throws -> SessionIdentity? {
        guard RandomToken.isWellFormed(token) else { return nil }
        let now = clock.now()
        guard let found = try await store.activeSessionIdentity(token: token, now: now) else { return nil }
        let session = found.session, user = found.user
        guard user.active, user.organizationID == session.organizationID else { return nil }
        if now.timeIntervalSince(session.lastSeenAt) >= touchInterval {
            try await store.touchSession(token: token, now: now, idleTimeout: idleTimeout)
        }
        return SessionIdentity(
            userID: user.id, organizationID: user.organizationID,
            organizationName: organizationNames[user.organizationID] ?? user.organizationID, email: user.email,
            displayName: user.displayName, role: user.role, createdAt: session.createdAt, absoluteExpiresAt: session.absoluteExpiresAt)
    }

    @discardableResult
    package func revoke(token: String) async throws -> Bool {
        guard RandomToken.isWellFormed(token) else { return false }
        return try await store.revokeSession(token: token, at: clock.now())
    }
}
