import Crypto
import CryptoExtras
import Foundation
public import GatehouseCore

/// How the gateway authenticates at the token endpoint.
public struct ClientAuthentication: Sendable {
    enum AssertionKey: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }
    enum Base: Sendable {
        case basic(String)
        case post(String)
        case privateKeyJWT(AssertionKey, keyID: String?)
    }
    let base: Base
    /// `client_secret_basic`: HTTP Basic with the form-encoded client ID and secret (RFC 6749 §2.3.1).
    public static func clientSecretBasic(_ secret: String) -> Self { Self(base: .basic(secret)) }
    /// `client_secret_post`: client ID and secret in the form body.
    public static func clientSecretPost(_ secret: String) -> Self { Self(base: .post(secret)) }
    /// `private_key_jwt` (OIDC Core 9, RFC 7523): a short-lived JWT signed with the gateway's key (RSA → RS256,
    /// P-256 → ES256); the IdP holds the public key. `pem` is a PKCS#8 or traditional private key.
    public static func privateKeyJWT(pem: String, keyID: String?) throws(OIDCError) -> Self {
        if let rsa = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            return Self(base: .privateKeyJWT(.rsa(rsa), keyID: keyID))
        }
        if let ec = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            return Self(base: .privateKeyJWT(.p256(ec), keyID: keyID))
        }
        throw OIDCError(.configInvalid, "the private_key_jwt key is neither an RSA (2048+ bits) nor a P-256 private key in PEM")
    }

    /// The signed client assertion for one token request.
    static func assertion(key: AssertionKey, keyID: String?, clientID: String, audience: String, now: Date) throws -> String {
        let alg = if case .rsa = key { "RS256" } else { "ES256" }
        var header = ["alg": JSONValue.string(alg), "typ": .string("JWT")]
        if let keyID { header["kid"] = .string(keyID) }
        let iat = Int64(now.timeIntervalSince1970)
        var random = SystemRandomNumberGenerator()
        let claims: [String: JSONValue] = [
            "iss": .string(clientID), "sub": .string(clientID), "aud": .string(audience),
            "jti": .string(Base64URL.encode(randomBytes(16, using: &random))), "iat": .integer(iat), "exp": .integer(iat + 60),
        ]
        let input = Base64URL.encode(Array(JSONValue.object(header).serialized.utf8)) + "."
            + Base64URL.encode(Array(JSONValue.object(claims).serialized.utf8))
        let digest = SHA256.hash(data: Array(input.utf8))
        let signature: [UInt8] =
            switch key {
            case .rsa(let k): Array(try k.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
            case .p256(let k): Array(try k.signature(for: digest).rawRepresentation)
            }
        return input + "." + Base64URL.encode(signature)
    }
}

/// The token endpoint's answer (RFC 6749 §5.1; `id_token` required for OpenID Connect).
public struct TokenResponse: Sendable {
    public let idToken: String
    public let accessToken: String?
    public let tokenType: String?
    public let expiresIn: Double?
}

/// Exchanges an authorization code (with its PKCE verifier) for tokens, and fetches userinfo.
public struct TokenEndpointClient: Sendable {
    let fetcher: any HTTPFetching
    public let clientID: String
    let authentication: ClientAuthentication
    let clock: any GatehouseClock

    public init(
        fetcher: any HTTPFetching, clientID: String, authentication: ClientAuthentication, clock: any GatehouseClock = SystemClock()
    ) {
        self.fetcher = fetcher
        self.clientID = clientID
        self.authentication = authentication
        self.clock = clock
    }

    public func exchange(code: String, login: PendingOIDCLogin, metadata: ProviderMetadata) async throws(OIDCError)
        -> TokenResponse
    {
        var form = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", login.redirectURI),
            ("code_verifier", login.codeVerifier),
        ]
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        switch authentication.base {
        case .basic(let secret):
            let credentials = "\(Self.formEncode(clientID)):\(Self.formEncode(secret))"
            headers.append(("Authorization", "Basic " + Data(credentials.utf8).base64EncodedString()))
        case .post(let secret):
            form += [("client_id", clientID), ("client_secret", secret)]
        case .privateKeyJWT(let key, let keyID):
            let assertion: String
            do {
                assertion = try ClientAuthentication.assertion(
                    key: key, keyID: keyID, clientID: clientID, audience: metadata.tokenEndpoint.absoluteString, now: clock.now())
            } catch {
                throw OIDCError(.configInvalid, "cannot sign the private_key_jwt client assertion: \(error)")
            }
            form += [
                ("client_id", clientID), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", assertion),
            ]
        }
        let body = form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let response: HTTPFetchResponse
        do {
            response = try await fetcher.fetch(
                HTTPFetchRequest(method: .post, url: metadata.tokenEndpoint, headers: headers, body: Array(body.utf8)))
        } catch {
            throw OIDCError(.tokenEndpointError, "POST \(metadata.tokenEndpoint.absoluteString) failed: \(error)")
        }
        let object: [String: JSONValue]
        do {
            object = try StrictJSON.parseObject(response.body)
        } catch {
            throw OIDCError(
                .tokenEndpointError,
                "the token endpoint answered HTTP \(response.status) with a body that is not a JSON object (\(error.message))")
        }
        guard response.status == 200 else {
            let code = object["error"]?.stringValue ?? "(none)"
            let description = object["error_description"]?.stringValue.map { ": \($0)" } ?? ""
            throw OIDCError(
                .tokenEndpointError,
                "the token endpoint refused the code with HTTP \(response.status), error '\(code)'\(description). "
                    + "Check the client ID, client secret, authentication method and redirect URI registered at the IdP")
        }
        guard let idToken = object["id_token"]?.stringValue else {
            throw OIDCError(.tokenEndpointError, "the token response has no id_token; is the 'openid' scope requested?")
        }
        if let type = object["token_type"]?.stringValue, type.lowercased() != "bearer" {
            throw OIDCError(.tokenEndpointError, "token_type is '\(type)'; expected 'Bearer'")
        }
        return TokenResponse(
            idToken: idToken, accessToken: object["access_token"]?.stringValue, tokenType: object["token_type"]?.stringValue,
            expiresIn: object["expires_in"]?.numberValue)
    }

    /// Userinfo claims; `sub` must equal the ID token's (OIDC Core 5.3.2).
    public func userinfo(accessToken: String, metadata: ProviderMetadata, expectedSubject: String) async throws(OIDCError)
        -> [String: JSONValue]
    {
        guard let url = metadata.userinfoEndpoint else {
            throw OIDCError(.userinfoError, "the IdP's discovery document has no userinfo_endpoint")
        }
        let response: HTTPFetchResponse
        do {
            response = try await fetcher.fetch(
                HTTPFetchRequest(url: url, headers: [("Authorization", "Bearer \(accessToken)"), ("Accept", "application/json")]))
        } catch {
            throw OIDCError(.userinfoError, "GET \(url.absoluteString) failed: \(error)")
        }
        guard response.status == 200 else {
            throw OIDCError(.userinfoError, "GET \(url.absoluteString) returned HTTP \(response.status); expected 200")
        }
        let claims: [String: JSONValue]
        do {
            claims = try StrictJSON.parseObject(response.body)
        } catch .duplicateKey(let key) {
            throw OIDCError(.duplicateJSONKey, "the userinfo response contains the key '\(key)' more than once")
        } catch {
            throw OIDCError(.userinfoError, "the userinfo response is not a JSON object: \(error.message)")
        }
        guard claims["sub"]?.stringValue == expectedSubject else {
            throw OIDCError(
                .userinfoError,
                "userinfo sub is '\(claims["sub"]?.stringValue ?? "(missing)")'; expected the ID token's sub '\(expectedSubject)'")
        }
        return claims
    }

    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
