public import struct Foundation.Date

/// Per-organization SCIM bearer tokens, stored as SHA-256 hashes.
public protocol SCIMTokenStore: Sendable {
    /// Creates a token and returns its record and the plaintext (shown once; never stored).
    func createSCIMToken(organizationID: String, label: String, now: Date) async throws -> (SCIMToken, String)
    /// The token's record when `plaintext` is a known, unrevoked token; marks it used.
    func authenticateSCIMToken(_ plaintext: String, now: Date) async throws -> SCIMToken?
    @discardableResult func revokeSCIMToken(id: String, at: Date) async throws -> Bool
    func scimTokens(organizationID: String) async throws -> [SCIMToken]
}
