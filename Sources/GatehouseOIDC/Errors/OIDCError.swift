public import GatehouseCore

/// Every OpenID Connect rejection: a stable `oidc.*` code plus a reason an IT admin can act on.
///
/// Codes are API (tools and dashboards match on them). The `reason` names what was expected and what arrived; it
/// never contains tokens, secrets or keys. `description` is browser-safe (the code only).
public struct OIDCError: GatehouseError, Hashable, CustomDebugStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            // Token shape
            /// The ID token is over 64 KiB; rejected before any decoding.
            case tokenTooLarge = "oidc.token_too_large"
            /// Not a 3-part compact JWS, not canonical base64url, header or payload not a JSON object, or an ill-typed header member.
            case malformed = "oidc.malformed"
            /// A JSON key appears twice in the header, payload or userinfo (parsers disagree on which copy wins).
            case duplicateJSONKey = "oidc.duplicate_json_key"
            // Header and algorithm
            /// Unsigned token (`alg: none` in any spelling).
            case algNone = "oidc.alg_none"
            /// Algorithm unknown, outside the connection's allow-list, or HMAC without the client-secret option (RS256→HS256 key confusion).
            case algNotAllowed = "oidc.alg_not_allowed"
            /// The header brings its own key (`jwk`, `jku`, `x5u`) or an `x5c` that the JWKS does not publish for that kid.
            case headerKeyRejected = "oidc.header_key_rejected"
            /// The header has `crit`: Gatehouse understands no JWS extensions.
            case critUnsupported = "oidc.crit_unsupported"
            // Keys and signature
            /// No JWKS key for the token's kid after the allowed (rate-limited) refresh; the reason names the kid and the known kids.
            case keyUnknown = "oidc.key_unknown"
            /// The JWK's kty/curve, alg, use or key_ops does not fit the token's alg.
            case keyMismatch = "oidc.key_mismatch"
            /// The signature does not verify, has the wrong length or format, or is ECDSA with r = 0 or s = 0.
            case signatureInvalid = "oidc.signature_invalid"
            /// The JWKS is not JSON, has no `keys` array, or holds no usable signing key.
            case jwksInvalid = "oidc.jwks_invalid"
            /// The JWKS could not be fetched and no earlier copy exists.
            case jwksUnavailable = "oidc.jwks_unavailable"
            // Claims
            /// A required claim is absent (iss, sub, aud, exp, iat; auth_time when max_age is requested).
            case claimMissing = "oidc.claim_missing"
            /// A claim has the wrong JSON type or an empty value.
            case claimInvalid = "oidc.claim_invalid"
            /// `iss` differs from the configured issuer (exact comparison).
            case issuerMismatch = "oidc.issuer_mismatch"
            /// `aud` does not contain the client ID.
            case audienceMismatch = "oidc.audience_mismatch"
            /// Several audiences without `azp`, or `azp` is not the client ID.
            case azpMismatch = "oidc.azp_mismatch"
            /// Past `exp` plus the clock skew (default 120 s).
            case expired = "oidc.expired"
            /// Before `nbf` minus the clock skew.
            case notYetValid = "oidc.not_yet_valid"
            /// `iat` is after now plus the clock skew.
            case issuedInFuture = "oidc.issued_in_future"
            /// The nonce is absent or differs from the one stored for this login.
            case nonceMismatch = "oidc.nonce_mismatch"
            /// The nonce was already used (replay cache), or the replay cache is unavailable (fail closed).
            case nonceReplayed = "oidc.nonce_replayed"
            /// `auth_time` is older than the requested max_age.
            case authTooOld = "oidc.auth_too_old"
            /// `at_hash` does not match the access token returned with the ID token.
            case atHashMismatch = "oidc.at_hash_mismatch"
            /// Entra ID groups overage (`_claim_names`/`hasgroups`): the reason gives the admin's fix.
            case groupsOverage = "oidc.groups_overage"
            // Discovery and flow
            /// The discovery document could not be fetched and no earlier copy exists.
            case discoveryUnavailable = "oidc.discovery_unavailable"
            /// The discovery document is not JSON, lacks an endpoint, or names a non-https endpoint.
            case discoveryInvalid = "oidc.discovery_invalid"
            /// The discovery document's `issuer` differs from the configured issuer.
            case discoveryIssuerMismatch = "oidc.discovery_issuer_mismatch"
            /// The callback's state is missing, unknown, expired or already used, or the pending-login store failed.
            case stateMismatch = "oidc.state_mismatch"
            /// The IdP answered `error=access_denied` (user cancelled or not assigned to the app).
            case idpDenied = "oidc.idp_denied"
            /// The IdP answered another `error`, or neither code nor error.
            case idpError = "oidc.idp_error"
            /// The token request failed or was refused (the reason quotes the IdP's error), or returned no id_token.
            case tokenEndpointError = "oidc.token_endpoint_error"
            /// The userinfo request failed or its `sub` differs from the ID token's.
            case userinfoError = "oidc.userinfo_error"
            /// The connection's configuration is unusable (issuer not a URL, unreadable private_key_jwt key).
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
