public import struct Foundation.Date

/// A signing certificate an IdP connection trusts, as read from its metadata by the SAML module.
public struct SigningCertificateInfo: Hashable, Sendable {
    /// `sha256:` + hex, as shown in `gatehouse saml` output.
    public var fingerprint: String
    public var notAfter: Date
    public init(fingerprint: String, notAfter: Date) {
        self.fingerprint = fingerprint
        self.notAfter = notAfter
    }
}

/// What the dry run needs to know about one IdP connection.
public struct ConnectionSummary: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case saml, oidc }
    public var id: String
    public var kind: Kind
    public var enabled: Bool
    /// SAML signing certificates from the metadata (empty for OIDC: keys rotate through JWKS).
    public var signingCertificates: [SigningCertificateInfo]
    public init(id: String, kind: Kind, enabled: Bool = true, signingCertificates: [SigningCertificateInfo] = []) {
        self.id = id
        self.kind = kind
        self.enabled = enabled
        self.signingCertificates = signingCertificates
    }
}

/// An account that can sign in without the IdP (password + second factor), for IdP outages.
public struct BreakGlassAccount: Hashable, Sendable {
    public var email: String
    /// When a break-glass sign-in last succeeded; `nil` = never tested.
    public var lastTested: Date?
    public init(email: String, lastTested: Date? = nil) {
        self.email = email.lowercased()
        self.lastTested = lastTested
    }
}

/// Everything org-level the dry run evaluates against: the mapping policy, domains, connections, break-glass
/// accounts and SCIM. Built from `GatehouseConfiguration` (or, later, the store).
public struct EnforcementContext: Sendable {
    public var orgID: String
    public var orgName: String
    public var policy: RoleMappingPolicy
    public var domains: [OrgDomain]
    public var connections: [ConnectionSummary]
    public var breakGlass: [BreakGlassAccount]
    public var scimConnected: Bool
    /// The instant certificate expiry is measured from (inject; tests fix it).
    public var now: Date
    /// A certificate expiring within this many seconds is a blocker (default 30 days).
    public var certificateWarningWindow: Double
    /// A break-glass credential last tested longer ago than this many seconds counts as untested (default 90 days).
    public var breakGlassMaxAge: Double

    public init(
        orgID: String, orgName: String, policy: RoleMappingPolicy, domains: [OrgDomain],
        connections: [ConnectionSummary], breakGlass: [BreakGlassAccount], scimConnected: Bool, now: Date,
        certificateWarningWindow: Double = 30 * 86_400, breakGlassMaxAge: Double = 90 * 86_400
    ) {
        self.orgID = orgID
        self.orgName = orgName
        self.policy = policy
        self.domains = domains
        self.connections = connections
        self.breakGlass = breakGlass
        self.scimConnected = scimConnected
        self.now = now
        self.certificateWarningWindow = certificateWarningWindow
        self.breakGlassMaxAge = breakGlassMaxAge
    }
}
