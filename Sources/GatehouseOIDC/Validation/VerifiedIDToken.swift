public import Foundation

/// An ID token whose signature, header and claims passed every rule of its connection.
///
/// Only ``IDTokenValidator`` can create one (the initializer is internal): handlers that take a `VerifiedIDToken`
/// cannot be handed unchecked data.
public struct VerifiedIDToken: Sendable {
    public let issuer: String
    public let subject: String
    public let audience: [String]
    public let expiresAt: Date
    public let issuedAt: Date
    public let authTime: Date?
    /// Groups from the configured claim (empty when the claim is absent).
    public let groups: [String]
    /// The algorithm and key that verified the signature.
    public let algorithm: JWSAlgorithm
    public let keyID: String?
    /// Every claim, as sent (verified).
    public let claims: [String: JSONValue]

    init(
        issuer: String, subject: String, audience: [String], expiresAt: Date, issuedAt: Date, authTime: Date?,
        groups: [String], algorithm: JWSAlgorithm, keyID: String?, claims: [String: JSONValue]
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.authTime = authTime
        self.groups = groups
        self.algorithm = algorithm
        self.keyID = keyID
        self.claims = claims
    }

    /// A string claim, e.g. `email`.
    public func string(_ name: String) -> String? { claims[name]?.stringValue }
}
