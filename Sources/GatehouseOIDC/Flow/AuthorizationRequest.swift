import Crypto
public import Foundation

/// PKCE (RFC 7636) with the S256 method only.
public struct PKCE: Sendable, Hashable {
    /// 43 characters of base64url from 32 CSPRNG bytes.
    public let verifier: String
    public var challenge: String { Self.challenge(for: verifier) }
    public let method = "S256"

    public init<R: RandomNumberGenerator>(using generator: inout R) {
        verifier = Base64URL.encode(randomBytes(32, using: &generator))
    }

    public init(verifier: String) { self.verifier = verifier }

    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
    }
}

func randomBytes<R: RandomNumberGenerator>(_ count: Int, using generator: inout R) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
}

/// Builds the authorization request (code flow + PKCE S256 + state + nonce) and the matching ``PendingOIDCLogin``.
public struct AuthorizationRequestBuilder: Sendable {
    public var clientID: String
    public var redirectURI: String
    public var scopes: [String] = ["openid", "email", "profile"]
    /// `max_age` to request; pass the same value to the validator's ``IDTokenValidator/Options/maxAge``.
    public var maxAge: Int?
    public var prompt: String?
    /// `login_hint` (e.g. the e-mail the user typed at the gateway).
    public var loginHint: String?
    /// How long the user may take at the IdP (default 10 min).
    public var lifetime: TimeInterval = 600

    public init(clientID: String, redirectURI: String) {
        self.clientID = clientID
        self.redirectURI = redirectURI
    }

    /// The URL to redirect the browser to, and the login to store before redirecting.
    ///
    /// `state`, `nonce` and the PKCE verifier are 256-bit values from `generator` (the system CSPRNG by default).
    public func build<R: RandomNumberGenerator>(
        metadata: ProviderMetadata, connectionID: String, returnTo: String?, now: Date, using generator: inout R
    ) -> (url: URL, login: PendingOIDCLogin) {
        let state = Base64URL.encode(randomBytes(32, using: &generator))
        let nonce = Base64URL.encode(randomBytes(32, using: &generator))
        let pkce = PKCE(using: &generator)
        var components = URLComponents(url: metadata.authorizationEndpoint, resolvingAgainstBaseURL: false)!
        var items = components.queryItems ?? []
        items += [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI),
            URLQueryItem(name: "scope", value: scopes.joined(separator: " ")),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "nonce", value: nonce),
            URLQueryItem(name: "code_challenge", value: pkce.challenge),
            URLQueryItem(name: "code_challenge_method", value: pkce.method),
        ]
        if let maxAge { items.append(URLQueryItem(name: "max_age", value: String(maxAge))) }
        if let prompt { items.append(URLQueryItem(name: "prompt", value: prompt)) }
        if let loginHint { items.append(URLQueryItem(name: "login_hint", value: loginHint)) }
        components.queryItems = items
        let login = PendingOIDCLogin(
            state: state, nonce: nonce, codeVerifier: pkce.verifier, redirectURI: redirectURI, returnTo: returnTo,
            connectionID: connectionID, expiresAt: now.addingTimeInterval(lifetime))
        return (components.url!, login)
    }

    public func build(metadata: ProviderMetadata, connectionID: String, returnTo: String?, now: Date) -> (
        url: URL, login: PendingOIDCLogin
    ) {
        var generator = SystemRandomNumberGenerator()
        return build(metadata: metadata, connectionID: connectionID, returnTo: returnTo, now: now, using: &generator)
    }
}
