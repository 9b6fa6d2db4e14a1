import Crypto
public import GatehouseCore

/// Validates ID tokens for one connection: header rules, key selection, signature, then claims.
///
/// ```swift
/// let validator = IDTokenValidator(options: .init(issuer: "https://login.example.com/", clientID: "gatehouse"),
///                                  keys: JWKSCache(initial: jwks))
/// let token = try await validator.validate(compact: idToken, nonce: pending.nonce)
/// ```
public struct IDTokenValidator: Sendable {
    public let options: Options
    let keys: any JWKSProviding
    let clock: any GatehouseClock
    let nonceReplayCache: (any ReplayCache)?

    /// - Parameter nonceReplayCache: when given, each nonce is accepted once (until the token expires).
    public init(
        options: Options, keys: any JWKSProviding, clock: any GatehouseClock = SystemClock(),
        nonceReplayCache: (any ReplayCache)? = nil
    ) {
        self.options = options
        self.keys = keys
        self.clock = clock
        self.nonceReplayCache = nonceReplayCache
    }

    /// Parses and validates a compact ID token.
    /// - Parameters:
    ///   - nonce: the nonce stored for this login; the token's `nonce` must equal it. `nil` only outside a login
    ///     flow (the CLI without `--nonce`).
    ///   - accessToken: the access token returned with the ID token; `at_hash`, when present, must match it.
    public func validate(compact: String, nonce: String?, accessToken: String? = nil) async throws(OIDCError)
        -> VerifiedIDToken
    {
        try await validate(try UnverifiedIDToken(compact: compact), nonce: nonce, accessToken: accessToken)
    }

    public func validate(_ token: UnverifiedIDToken, nonce: String?, accessToken: String? = nil) async throws(OIDCError)
        -> VerifiedIDToken
    {
        let algorithm = try checkHeader(token.header)
        try await checkSignature(token, algorithm: algorithm)
        return try await checkClaims(token, algorithm: algorithm, nonce: nonce, accessToken: accessToken)
    }

    /// Header rules: no `none`, allow-list, HMAC only with the client secret, no unknown `crit`, no header keys.
    func checkHeader(_ header: JOSEHeader) throws(OIDCError) -> JWSAlgorithm {
        var allowedList: String { options.allowedAlgorithms.map(\.name).sorted().joined(separator: ", ") }
        if header.algorithmName.lowercased() == "none" {
            throw OIDCError(
                .algNone, "the token is unsigned (alg '\(header.algorithmName)'); expected a signature with one of \(allowedList)")
        }
        guard let algorithm = JWSAlgorithm(name: header.algorithmName) else {
            throw OIDCError(
                .algNotAllowed, "alg '\(header.algorithmName)' is not supported; this connection accepts \(allowedList)")
        }
        if algorithm.family == .hmac, options.hmacClientSecret == nil {
            throw OIDCError(
                .algNotAllowed,
                "alg \(algorithm) (HMAC) is accepted only when the connection validates ID tokens with its client secret, "
                    + "and this one does not; it accepts \(allowedList). An HMAC token keyed with a public key is a forgery")
        }
        guard options.allowedAlgorithms.contains(algorithm) else {
            throw OIDCError(
                .algNotAllowed,
                "alg \(algorithm) is not in this connection's allow-list (\(allowedList)); add it only if the IdP signs with it")
        }
        if !header.critical.isEmpty {
            throw OIDCError(
                .critUnsupported,
                "the header marks \(header.critical.map { "'\($0)'" }.joined(separator: ", ")) as critical; Gatehouse understands no JWS extensions")
        }
        if !header.keyCarryingParameters.isEmpty {
            throw OIDCError(
                .headerKeyRejected,
                "the header carries its own key (\(header.keyCarryingParameters.joined(separator: ", "))); keys come only from the issuer's JWKS")
        }
        return algorithm
    }

    func checkSignature(_ token: UnverifiedIDToken, algorithm: JWSAlgorithm) async throws(OIDCError) {
        let header = token.header
        if algorithm.family == .hmac {
            if header.x5cLeaf != nil {
                throw OIDCError(.headerKeyRejected, "the header carries an x5c chain on an HMAC token")
            }
            guard let secret = options.hmacClientSecret, hmacValid(token, algorithm: algorithm, secret: secret) else {
                throw OIDCError(
                    .signatureInvalid, "the \(algorithm) signature does not verify with the connection's client secret")
            }
            return
        }
        let jwk = try await keys.key(kid: header.keyID, algorithm: algorithm)
        try jwk.check(for: algorithm)
        if let leaf = header.x5cLeaf, leaf != jwk.x5cLeaf {
            throw OIDCError(
                .headerKeyRejected,
                "the header carries an x5c certificate that is not the one published for kid '\(jwk.keyID ?? "")' in the JWKS")
        }
        guard try jwk.key.verify(token.signature, over: token.signingInput, algorithm: algorithm) else {
            throw OIDCError(
                .signatureInvalid,
                "the \(algorithm) signature does not verify with JWK '\(jwk.keyID ?? "(no kid)")' from the issuer's JWKS: "
                    + "the token was altered or signed by another key")
        }
    }

    private func hmacValid(_ token: UnverifiedIDToken, algorithm: JWSAlgorithm, secret: [UInt8]) -> Bool {
        let key = SymmetricKey(data: secret)
        switch algorithm.hashSize {
        case .sha256:
            return HMAC<SHA256>.isValidAuthenticationCode(token.signature, authenticating: token.signingInput, using: key)
        case .sha384:
            return HMAC<SHA384>.isValidAuthenticationCode(token.signature, authenticating: token.signingInput, using: key)
        case .sha512:
            return HMAC<SHA512>.isValidAuthenticationCode(token.signature, authenticating: token.signingInput, using: key)
        }
    }
}
