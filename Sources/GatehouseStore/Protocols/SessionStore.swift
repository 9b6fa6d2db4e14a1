public import struct Foundation.Date
public import struct Foundation.TimeInterval

/// Sessions keyed by the hash of their opaque token.
///
/// A revocation is visible to every instance sharing the database at its next lookup. SQLite's identity lookup
/// keeps a cache whose entries are used only while the database is unchanged since they were read (any commit, by
/// any process, invalidates them; ``ImmediateSessionLookup``), and never longer than 500 ms. Any other cache must
/// be as strict: revocation within 1 s is a requirement.
public protocol SessionStore: Sendable {
    /// Stores a new session for `token` (a fresh ``OpaqueToken``; the store keeps only its hash).
    func createSession(token: String, userID: String, organizationID: String, now: Date,
                       idleTimeout: TimeInterval, absoluteTimeout: TimeInterval) async throws -> SessionRecord
    /// The session when it is active at `now` (not revoked, not idle- or absolutely expired), else `nil`.
    func activeSession(token: String, now: Date) async throws -> SessionRecord?
    /// ``activeSession(token:now:)`` and the session's user in one lookup (forward-auth's hot path); `nil` when the
    /// session is not active or its user no longer exists.
    func activeSessionIdentity(token: String, now: Date) async throws -> SessionIdentityRecord?
    /// Records activity: moves `lastSeenAt` and the idle expiry (never past the absolute expiry).
    func touchSession(token: String, now: Date, idleTimeout: TimeInterval) async throws
    /// Revokes one session. Returns `false` when it did not exist or was already revoked.
    @discardableResult func revokeSession(token: String, at: Date) async throws -> Bool
    /// Revokes every session of a user (deprovisioning). Returns how many were revoked.
    @discardableResult func revokeSessions(userID: String, at: Date) async throws -> Int
    /// The same lookup as ``activeSessionIdentity(token:now:)`` without suspending, when the engine can answer
    /// on the caller's thread (SQLite); `nil` otherwise (PostgreSQL: every lookup goes through the network).
    var immediateSessionLookup: (any ImmediateSessionLookup)? { get }
}

extension SessionStore {
    public var immediateSessionLookup: (any ImmediateSessionLookup)? { nil }
}
