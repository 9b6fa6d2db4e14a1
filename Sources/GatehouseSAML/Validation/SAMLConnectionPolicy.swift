public import struct Foundation.TimeInterval

/// Everything one SAML connection decides about which responses it accepts.
public struct SAMLConnectionPolicy: Sendable {
    /// The IdP: its entityID (the only accepted Issuer) and its signing certificates (the only trusted keys).
    public var idp: IdPMetadata
    /// This SP's entity ID: the only accepted Audience.
    public var spEntityID: String
    /// This SP's Assertion Consumer Service URL: the only accepted Recipient and Destination.
    public var acsURL: String
    /// Which signatures must be present. Default ``SignatureRequirement/either``.
    public var signatureRequirement: SignatureRequirement = .either
    /// Tolerance for clock differences between IdP and SP, applied to every instant. Default 120 s.
    ///
    /// - Warning: a large skew stretches every assertion's lifetime by that much: a stolen assertion can be
    ///   replayed for that long on a gateway whose replay cache was lost.
    public var clockSkew: TimeInterval = 120
    /// Accept IdP-initiated (unsolicited) responses.
    ///
    /// - Warning: unsolicited responses carry no request correlation, so an attacker who obtains one (a leaked
    ///   URL, a malicious IdP-side app) can log a victim's browser in as the attacker (login CSRF); only the replay
    ///   cache limits reuse. Enable only when the customer needs IdP dashboard tiles.
    public var allowIdPInitiated = false
    /// Accept SHA-1 in signatures and digests (a warning is attached to every such login).
    ///
    /// - Warning: SHA-1 collisions are practical; an attacker who can get the IdP to sign chosen content may be
    ///   able to forge another assertion with the same digest.
    public var allowSHA1 = false
    /// Accept AES-CBC content encryption in EncryptedAssertions.
    ///
    /// - Warning: CBC without integrity is open to padding-oracle attacks that can decrypt assertions when error
    ///   behaviour is observable. Prefer AES-GCM.
    public var allowAESCBC = false
    /// The SP key that decrypts EncryptedAssertions. Without it, encrypted assertions are refused.
    public var decryptionKey: SPPrivateKey?
    /// Refuse responses signed with a metadata certificate past its notAfter (default: accept, with a warning;
    /// the metadata, not the certificate's dates, is what the admin chose to trust).
    public var rejectExpiredCertificates = false
    public var limits = XMLLimits()

    public init(idp: IdPMetadata, spEntityID: String, acsURL: String) {
        self.idp = idp
        self.spEntityID = spEntityID
        self.acsURL = acsURL
    }
}
