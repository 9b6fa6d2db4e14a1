public import GatehouseCore

/// Every OpenID Connect rejection: a stable `oidc.*` code plus a reason an IT admin can act on.
///
/// Codes are API (tools and dashboards match on them). The `reason` names what was expected and what arrived; it
/// never contains tokens, secrets or keys. `description` is browser-safe (the code only).
public struct OIDCError: GatehouseError, Hashable, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            // Token shape
            case tokenTooLarge = "oidc.token_too_large"
            case malformed = "oidc.malformed"
            case duplicateJSONKey = "oidc.duplicate_json_key"
            // Header and algorithm
            case algNone = "oidc.alg_none"
            case algNotAllowed = "oidc.alg_not_allowed"
            case headerKeyRejected = "oidc.header_key_rejected"
            case critUnsupported = "oidc.crit_unsupported"
            // Keys and signature
            case keyUnknown = "oidc.key_unknown"
            case keyMismatch = "oidc.key_mismatch"
            case signatureInvalid = "oidc.signature_invalid"
            case jwksInvalid = "oidc.jwks_invalid"
            case jwksUnavailable = "oidc.jwks_unavailable"
            // Claims
            case claimMissing = "oidc.claim_missing"
            case claimInvalid = "oidc.claim_invalid"
            case issuerMismatch = "oidc.issuer_mismatch"
            case audienceMismatch = "oidc.audience_mismatch"
            case azpMismatch = "oidc.azp_mismatch"
            case expired = "oidc.expired"
            case notYetValid = "oidc.not_yet_valid"
            case issuedInFuture = "oidc.issued_in_future"
            case nonceMismatch = "oidc.nonce_mismatch"
            case nonceReplayed = "oidc.nonce_replayed"
            case authTooOld = "oidc.auth_too_old"
            case atHashMismatch = "oidc.at_hash_mismatch"
            case groupsOverage = "oidc.groups_overage"
            // Discovery and flow
            case discoveryUnavailable = "oidc.discovery_unavailable"
            case discoveryInvalid = "oidc.discovery_invalid"
            case discoveryIssuerMismatch = "oidc.discovery_issuer_mismatch"
            case stateMismatch = "oidc.state_mismatch"
            case idpDenied = "oidc.idp_denied"
            case idpError = "oidc.idp_error"
            case tokenEndpointError = "oidc.token_endpoint_error"
            case userinfoError = "oidc.userinfo_error"
            case configInvalid = "oidc.config_invalid"
        }
        let base: Base

        public static let tokenTooLarge = Code(base: .tokenTooLarge)
        public static let malformed = Code(base: .malformed)
        public static let duplicateJSONKey = Code(base: .duplicateJSONKey)
        public static let algNone = Code(base: .algNone)
        public static let algNotAllowed = Code(base: .algNotAllowed)
        public static let headerKeyRejected = Code(base: .headerKeyRejected)
        public static let critUnsupported = Code(base: .critUnsupported)
        public static let keyUnknown = Code(base: .keyUnknown)
        public static let keyMismatch = Code(base: .keyMismatch)
        public static let signatureInvalid = Code(base: .signatureInvalid)
        public static let jwksInvalid = Code(base: .jwksInvalid)
        public static let jwksUnavailable = Code(base: .jwksUnavailable)
        public static let claimMissing = Code(base: .claimMissing)
        public static let claimInvalid = Code(base: .claimInvalid)
        public static let issuerMismatch = Code(base: .issuerMismatch)
        public static let audienceMismatch = Code(base: .audienceMismatch)
        public static let azpMismatch = Code(base: .azpMismatch)
        public static let expired = Code(base: .expired)
        public static let notYetValid = Code(base: .notYetValid)
        public static let issuedInFuture = Code(base: .issuedInFuture)
        public static let nonceMismatch = Code(base: .nonceMismatch)
        public static let nonceReplayed = Code(base: .nonceReplayed)
        public static let authTooOld = Code(base: .authTooOld)
        public static let atHashMismatch = Code(base: .atHashMismatch)
        public static let groupsOverage = Code(base: .groupsOverage)
        public static let discoveryUnavailable = Code(base: .discoveryUnavailable)
        public static let discoveryInvalid = Code(base: .discoveryInvalid)
        public static let discoveryIssuerMismatch = Code(base: .discoveryIssuerMismatch)
        public static let stateMismatch = Code(base: .stateMismatch)
        public static let idpDenied = Code(base: .idpDenied)
        public static let idpError = Code(base: .idpError)
        public static let tokenEndpointError = Code(base: .tokenEndpointError)
        public static let userinfoError = Code(base: .userinfoError)
        public static let configInvalid = Code(base: .configInvalid)

        /// Every code, for the docs page and the code-stability test.
        public static var all: [String] { Base.allCases.map(\.rawValue) }
        public var description: String { base.rawValue }
    }

    public let kind: Code
    /// Expected vs received, for the IT admin. No secrets.
    public let reason: String
    public let file: String
    public let line: UInt

    public var code: String { kind.base.rawValue }
    public var debugDescription: String { "\(code): \(reason) [\(file):\(line)]" }

    public init(_ kind: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }

    /// `oidc.key_unknown`, naming the kid that was asked for and the kids the JWKS holds.
    public static func keyUnknown(kid: String?, known: [String], refreshed: Bool, file: String = #fileID, line: UInt = #line)
        -> Self
    {
        let asked = kid.map { "'\($0)'" } ?? "(no kid in the token header)"
        let knownText = known.isEmpty ? "none" : known.sorted().map { "'\($0)'" }.joined(separator: ", ")
        let refresh =
            refreshed
            ? "after refreshing the JWKS" : "without refreshing the JWKS (refresh rate limit, or no JWKS URL configured)"
        return Self(
            .keyUnknown,
            "no signing key with kid \(asked) in the issuer's JWKS \(refresh); known kids: \(knownText). "
                + "If the IdP rotated its keys, check the connection's JWKS URL",
            file: file, line: line)
    }
}
