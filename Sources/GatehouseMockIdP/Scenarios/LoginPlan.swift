public import struct Foundation.TimeInterval

/// Everything one login (or one metadata/JWKS fetch) will produce, before it is built and signed.
/// Scenarios are mutators of this plan, applied in order (so they compose).
public struct LoginPlan: Sendable {
    public enum Denial: String, Sendable {
        case requestDenied, authnFailed       // SAML non-success <Status>
        case accessDenied, loginRequired      // OIDC authorization error redirect
        case invalidGrant                     // OIDC token endpoint 400
        case errorPage                        // an IdP page that never returns (Google's app-not-configured)
    }
    public enum SignMode: String, Sendable { case none, response, assertion, both }
    public enum SAMLAlgorithm: String, Sendable { case rsaSHA256, rsaSHA512, rsaSHA1, ecdsaSHA256 }
    public enum JWTAlgorithm: String, Sendable { case rs256, es256, none, hs256WithPublicKey }

    // Directory and claims
    public var user: MockUser
    public var subject: String
    public var nameIDFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    public var email: String?
    public var emailVerified: Bool
    /// nil: no groups attribute/claim at all.
    public var groups: [String]?
    public var groupsName: String?          // overrides the profile's attribute/claim name
    public var groupsAsIDs = false
    public var groupsOverage = false
    public var groupsJoined = false
    public var attributesNone = false
    public var denial: Denial?

    // Build
    public var issuer: String
    /// nil: no audience restriction / no `aud`.
    public var audiences: [String]?
    public var recipient: String
    public var destination: String
    /// `.some(nil)` means "unsolicited" (no InResponseTo).
    public var inResponseTo: String?
    public var clockOffset: TimeInterval = 0
    public var lifetime: TimeInterval = 300
    public var sessionLifetime: TimeInterval = 8 * 3600
    public var nonce: String?
    public var state: String?
    public var relayState: String?

    // Sign and encrypt
    public var signMode: SignMode = .both
    public var samlAlgorithm: SAMLAlgorithm = .rsaSHA256
    public var jwtAlgorithm: JWTAlgorithm = .rs256
    /// Key that signs; `publishedKeys` are what metadata and JWKS announce.
    public var signingKey = "idp-rsa"
    public var publishedKeys = ["idp-rsa"]
    /// Overrides the `kid` header of the JWT.
    public var jwtKid: String?
    public var tamper = false
    public var encrypt = false
    public var encryptionCertKey = "sp-rsa"

    // Transport (server only)
    public var httpStatus: Int?
    public var delaySeconds: Double = 0
    public var malformedBody = false
    /// Which endpoints the transport fault hits: `metadata`, `jwks` (JWKS + discovery), or nil for all.
    public var faultEndpoint: String?
    /// Probability (0…1) that a request fails with 503 (`idp.flapping`), drawn from the seeded generator.
    public var flapProbability: Double = 0
    /// Close the connection without answering (`idp.down`): what a crashed, overloaded or firewalled IdP looks like.
    public var dropConnection = false
    /// Post the previous response for this SP again (`replay.same-response`).
    public var replayPrevious = false

    public init(user: MockUser, issuer: String, audience: String, acsURL: String, profile: VendorProfile) {
        self.user = user
        subject = user.email ?? user.id
        if user.email == nil { nameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" }
        email = user.email
        emailVerified = user.emailVerified
        groups = user.groups
        groupsAsIDs = profile.groupsAsIDs
        if let limit = profile.overageLimit, user.groups.count > limit { groupsOverage = true }
        self.issuer = issuer
        audiences = [audience]
        recipient = acsURL
        destination = acsURL
        switch user.state {
        case .active: break
        case .suspended, .deleted, .unassigned: denial = .requestDenied
        }
    }
}
