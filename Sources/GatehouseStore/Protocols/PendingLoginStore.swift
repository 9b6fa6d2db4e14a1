public import struct Foundation.Date

/// Logins in flight (SAML AuthnRequest IDs, OIDC state) shared by every instance.
public protocol PendingLoginStore: Sendable {
    /// Stores a pending login. A second one with the same ID is a `store.conflict`.
    func savePendingLogin(_ login: PendingLogin) async throws
    /// Atomically removes and returns the pending login (one `DELETE … RETURNING`): exactly one caller across all
    /// instances gets it. Returns `nil` when unknown, already consumed, or expired at `now`.
    func consumePendingLogin(id: String, now: Date) async throws -> PendingLogin?
}
