import Foundation

/// How the gateway authenticates at the token endpoint.
public struct ClientAuthentication: Sendable {
    enum Base: Sendable {
        case basic(String)
        case post(String)
    }
    let base: Base
    /// `client_secret_basic`: HTTP Basic with the form-encoded client ID and secret (RFC 6749 §2.3.1).
    public static func clientSecretBasic(_ secret: String) -> Self { Self(base: .basic(secret)) }
    /// `client_secret_post`: client ID and secret in the form body.
    public static func clientSecretPost(_ secret: String) -> Self { Self(base: .post(secret)) }
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

    public init(fetcher: any HTTPFetching, clientID: String, authentication: ClientAuthentication) {
        self.fetcher = fetcher
        self.clientID = clientID
        self.authentication = authentication
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
