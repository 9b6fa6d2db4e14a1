public import Foundation
import Synchronization

/// What the gateway remembers between redirecting to the IdP and the callback: kept server-side, keyed by `state`.
public struct PendingOIDCLogin: Sendable, Hashable, Codable {
    public let state: String
    public let nonce: String
    /// The PKCE code verifier (secret until the token request).
    public let codeVerifier: String
    public let redirectURI: String
    /// Where the user goes after login (validated by the caller against its allow-list).
    public let returnTo: String?
    public let connectionID: String
    public let expiresAt: Date

    public init(
        state: String, nonce: String, codeVerifier: String, redirectURI: String, returnTo: String?, connectionID: String,
        expiresAt: Date
    ) {
        self.state = state
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.redirectURI = redirectURI
        self.returnTo = returnTo
        self.connectionID = connectionID
        self.expiresAt = expiresAt
    }
}

/// Server-side storage of pending logins, so the callback can land on another instance.
///
/// `consume` is atomic and single-use: of two callbacks with the same `state`, at most one gets the login.
/// Backends: ``InMemoryPendingOIDCLoginStore`` (CLI, tests) and the database store.
public protocol PendingOIDCLoginStore: Sendable {
    func save(_ login: PendingOIDCLogin) async throws
    /// Removes and returns the login for `state`; `nil` when unknown, already used or expired (at `now`).
    func consume(state: String, now: Date) async throws -> PendingOIDCLogin?
}

/// A process-local store. Expired entries are dropped as new ones arrive.
public final class InMemoryPendingOIDCLoginStore: PendingOIDCLoginStore {
    private let entries = Mutex<[String: PendingOIDCLogin]>([:])

    public init() {}

    public func save(_ login: PendingOIDCLogin) async throws {
        entries.withLock { entries in
            if entries.count > 10_000 {
                let now = Date()
                entries = entries.filter { $0.value.expiresAt > now }
            }
            entries[login.state] = login
        }
    }

    public func consume(state: String, now: Date) async throws -> PendingOIDCLogin? {
        guard let login = entries.withLock({ $0.removeValue(forKey: state) }) else { return nil }
        return login.expiresAt > now ? login : nil
    }
}
