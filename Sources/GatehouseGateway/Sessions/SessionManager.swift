package import Foundation
package import GatehouseCore
package import GatehouseStore

/// Sessions over the store: opaque 256-bit tokens (only their hash is stored), idle and absolute lifetimes,
/// server-side revocation that every instance sees on the next request (the store's only cache is invalidated by
/// any commit to the database; see ``ImmediateSessionLookup``).
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
        guard let identity = identity(of: found) else { return nil }
        if now.timeIntervalSince(found.session.lastSeenAt) >= touchInterval {
            try await store.touchSession(token: token, now: now, idleTimeout: idleTimeout)
        }
        return identity
    }

    /// What ``identity(token:)`` would answer, computed without suspending, or ``ImmediateIdentity/deferred``
    /// when that needs the asynchronous path: the engine cannot answer on this thread (PostgreSQL), the read failed
    /// (the asynchronous path reports it), or the session is due for its idle-expiry write. Same store read, same
    /// rules: this is an optimisation of the forward-auth hot path, never a second policy.
    package func identityImmediately(token: String) -> ImmediateIdentity {
        guard RandomToken.isWellFormed(token) else { return .none }
        guard let lookup = store.immediateSessionLookup else { return .deferred }
        let now = clock.now()
        let found: SessionIdentityRecord?
        do { found = try lookup.activeSessionIdentityImmediately(token: token, now: now) } catch { return .deferred }
        guard let found, let identity = identity(of: found) else { return .none }
        if now.timeIntervalSince(found.session.lastSeenAt) >= touchInterval { return .deferred }
        return .identity(identity)
    }

    /// The answer of ``identityImmediately(token:)``.
    package enum ImmediateIdentity: Sendable, Equatable {
        case identity(SessionIdentity)
        /// No valid session (malformed, unknown, expired, revoked, user inactive or gone).
        case none
        /// Ask ``identity(token:)``.
        case deferred
    }

    private func identity(of found: SessionIdentityRecord) -> SessionIdentity? {
        let session = found.session, user = found.user
        guard user.active, user.organizationID == session.organizationID else { return nil }
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
