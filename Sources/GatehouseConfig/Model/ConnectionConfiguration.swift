public import GatehousePolicy

/// An IdP connection of an organization: SAML or OIDC.
public struct ConnectionConfiguration: Hashable, Sendable {
    public enum Details: Hashable, Sendable {
        case saml(SAMLConnectionConfiguration)
        case oidc(OIDCConnectionConfiguration)
    }
    public var id: String
    /// Default `true`. A disabled connection routes nobody.
    public var enabled: Bool
    /// IdP vendor profile: `okta`, `entra`, `google` or `generic` (default).
    public var vendor: String
    public var details: Details

    public init(id: String, enabled: Bool = true, vendor: String = "generic", details: Details) {
        self.id = id
        self.enabled = enabled
        self.vendor = vendor
        self.details = details
    }

    /// What the dry run needs: id, kind, enabled, signing certificates.
    public var summary: ConnectionSummary {
        switch details {
        case .saml(let s):
            ConnectionSummary(id: id, kind: .saml, enabled: enabled, signingCertificates: s.signingCertificates)
        case .oidc:
            ConnectionSummary(id: id, kind: .oidc, enabled: enabled)
        }
    }
}

/// Which parts of a SAML response must carry a valid signature.
public struct SAMLSignatureRequirement: Hashable, Sendable, CustomStringConvertible {
    enum Base: String, Hashable, Sendable { case assertion, response, both }
    let base: Base
    /// The assertion must be signed (default; Entra's default).
    public static let assertion = SAMLSignatureRequirement(base: .assertion)
    /// The Response envelope must be signed.
    /// - Warning: an unsigned assertion inside a signed response is trusted only through the envelope; make sure
    ///   the validator reads the assertion from the signed tree (XML signature wrapping).
    public static let response = SAMLSignatureRequirement(base: .response)
    /// Both must be signed (Okta's default).
    public static let both = SAMLSignatureRequirement(base: .both)
    public var description: String { base.rawValue }
    public init?(name: String) {
        guard let base = Base(rawValue: name) else { return nil }
        self.base = base
    }
    init(base: Base) { self.base = base }
}

/// A SAML connection (`type: saml`).
public struct SAMLConnectionConfiguration: Hashable, Sendable {
    /// Path of the IdP metadata XML, relative to the config file's folder.
    public var metadataFile: String?
    public var idpEntityID: String
    /// Our entity ID at this IdP (the audience). Default: `publicBaseURL + "/saml/metadata"`, filled by the server.
    public var spEntityID: String?
    /// Default `.assertion`.
    public var signatureRequirement: SAMLSignatureRequirement
    /// Accept unsolicited responses. Default `false`.
    /// - Warning: IdP-initiated SSO has no `InResponseTo`; a stolen response can be replayed into a fresh
    ///   browser until it expires (the replay cache stops the second use only).
    public var allowIdPInitiated: Bool
    /// The attribute carrying group names. Default `groups`.
    public var groupsAttribute: String
    /// The metadata's signing certificates (fingerprint and expiry), as read by the SAML module or written here.
    public var signingCertificates: [SigningCertificateInfo]

    public init(
        metadataFile: String? = nil, idpEntityID: String, spEntityID: String? = nil,
        signatureRequirement: SAMLSignatureRequirement = .assertion, allowIdPInitiated: Bool = false,
        groupsAttribute: String = "groups", signingCertificates: [SigningCertificateInfo] = []
    ) {
        self.metadataFile = metadataFile
        self.idpEntityID = idpEntityID
        self.spEntityID = spEntityID
        self.signatureRequirement = signatureRequirement
        self.allowIdPInitiated = allowIdPInitiated
        self.groupsAttribute = groupsAttribute
        self.signingCertificates = signingCertificates
    }
}

/// An OIDC connection (`type: oidc`).
public struct OIDCConnectionConfiguration: Hashable, Sendable {
    public var issuer: String
    public var clientID: String
    /// Always a reference (`env:NAME`); literal secrets are rejected when loading.
    public var clientSecret: SecretReference?
    /// Default `[openid, email, profile]`.
    public var scopes: [String]
    /// The claim carrying groups. Default `groups`.
    public var groupsClaim: String

    public init(
        issuer: String, clientID: String, clientSecret: SecretReference? = nil,
        scopes: [String] = ["openid", "email", "profile"], groupsClaim: String = "groups"
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.groupsClaim = groupsClaim
    }
}

/// A secret that lives outside the configuration file: `env:NAME` reads environment variable `NAME`.
public struct SecretReference: Hashable, Sendable, CustomStringConvertible {
    public var environmentVariable: String
    public init(environmentVariable: String) { self.environmentVariable = environmentVariable }
    /// Shows the reference, never the value.
    public var description: String { "env:\(environmentVariable)" }

    /// The secret's value from `environment`, or `config.secret_unset` naming the variable.
    public func resolve(in environment: [String: String]) throws(ConfigError) -> String {
        guard let value = environment[environmentVariable], !value.isEmpty else {
            throw ConfigError(
                .secretUnset, keyPath: "env:\(environmentVariable)",
                "environment variable \(environmentVariable) is not set or empty; the configuration refers to it as a secret")
        }
        return value
    }
}
