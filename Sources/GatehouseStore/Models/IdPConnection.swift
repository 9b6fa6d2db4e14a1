public import struct Foundation.Date

/// An organization's identity-provider connection: SAML (metadata XML) or OIDC (issuer + client).
///
/// The client secret never sits in this struct in clear: see ``ConnectionSecret``.
public struct IdPConnection: Sendable, Hashable {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable { case saml, oidc }
        let base: Base
        public static let saml = Kind(base: .saml)
        public static let oidc = Kind(base: .oidc)
        public var description: String { base.rawValue }
        init(base: Base) { self.base = base }
        init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.base = base
        }
    }

    public var id: String
    public var organizationID: String
    public var kind: Kind
    public var name: String
    /// Connection settings as JSON (allowed clock skew, signature requirement, IdP-initiated allowed, …).
    public var settingsJSON: String
    /// SAML only: the IdP's metadata document.
    public var samlMetadataXML: String?
    /// OIDC only.
    public var oidcIssuer: String?
    public var oidcClientID: String?
    /// OIDC client secret (or any connection secret): encrypted or an environment reference.
    public var secret: ConnectionSecret?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, organizationID: String, kind: Kind, name: String, settingsJSON: String = "{}",
        samlMetadataXML: String? = nil, oidcIssuer: String? = nil, oidcClientID: String? = nil,
        secret: ConnectionSecret? = nil, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.kind = kind
        self.name = name
        self.settingsJSON = settingsJSON
        self.samlMetadataXML = samlMetadataXML
        self.oidcIssuer = oidcIssuer
        self.oidcClientID = oidcClientID
        self.secret = secret
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
