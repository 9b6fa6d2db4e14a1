public import struct Foundation.Date

/// A login in flight: a SAML AuthnRequest (keyed by its request ID) or an OIDC authorization request (keyed by
/// `state`). Stored so the response may arrive at any instance; consumed exactly once.
public struct PendingLogin: Sendable, Hashable {
    /// The SAML request ID or the OIDC `state`.
    public var id: String
    /// `saml` or `oidc`.
    public var kind: String
    public var organizationID: String
    public var connectionID: String
    public var nonce: String?
    public var pkceVerifier: String?
    public var relayState: String?
    /// Where to send the browser afterwards (already checked against the allowed origins).
    public var returnTo: String?
    public var createdAt: Date
    public var expiresAt: Date

    public init(
        id: String, kind: String, organizationID: String, connectionID: String, nonce: String? = nil,
        pkceVerifier: String? = nil, relayState: String? = nil, returnTo: String? = nil, createdAt: Date,
        expiresAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.organizationID = organizationID
        self.connectionID = connectionID
        self.nonce = nonce
        self.pkceVerifier = pkceVerifier
        self.relayState = relayState
        self.returnTo = returnTo
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
