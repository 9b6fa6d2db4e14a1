public import struct Foundation.Date

/// A session lookup that answers on the caller's thread without suspending: SQLite's prepared-statement reader.
///
/// The gateway's forward-auth fast path calls it on a SwiftNIO event loop, so an implementation must finish in
/// microseconds and never wait on the network; the only wait allowed is SQLite's `busy_timeout`, which WAL-mode
/// readers hit only in rare recovery cases. Its answers reflect the last commit to the database (an
/// implementation may reuse a row only while it can tell that nothing was committed since, as SQLite's
/// ``SessionIdentityCache`` does), so a revocation or a deprovisioning is seen by the very next request on every
/// instance, exactly as with ``SessionStore/activeSessionIdentity(token:now:)``, whose answers it must match.
public protocol ImmediateSessionLookup: Sendable {
    /// The session and its user when the session is active at `now`, else `nil`. Throws when the database cannot be
    /// read (the caller falls back to the asynchronous path, which reports `store.unavailable`).
    func activeSessionIdentityImmediately(token: String, now: Date) throws -> SessionIdentityRecord?
}
