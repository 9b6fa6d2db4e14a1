public import Foundation

/// The parts of an OpenID Provider's discovery document Gatehouse uses.
public struct ProviderMetadata: Sendable, Hashable {
    public let issuer: String
    public let authorizationEndpoint: URL
    public let tokenEndpoint: URL
    public let jwksURI: URL
    public let userinfoEndpoint: URL?
    public let idTokenSigningAlgorithms: [String]
    public let codeChallengeMethods: [String]?
    public let tokenEndpointAuthMethods: [String]?

    /// Parses a discovery document and checks its `issuer` against the configured one (exact match).
    /// - Parameter allowInsecureHTTP: accept `http://` endpoints.
    ///   - Warning: For loopback tests only: over plain HTTP anyone on the path can swap the JWKS.
    public init(json: some Collection<UInt8>, expectedIssuer: String, allowInsecureHTTP: Bool = false) throws(OIDCError) {
        let object: [String: JSONValue]
        do {
            object = try StrictJSON.parseObject(json)
        } catch {
            throw OIDCError(.discoveryInvalid, "the discovery document is not a valid JSON object: \(error.message)")
        }
        func string(_ name: String) throws(OIDCError) -> String? {
            guard let value = object[name] else { return nil }
            guard let s = value.stringValue else {
                throw OIDCError(.discoveryInvalid, "discovery '\(name)' is a \(value.typeName); expected a string")
            }
            return s
        }
        func url(_ name: String, required: Bool) throws(OIDCError) -> URL? {
            guard let text = try string(name) else {
                if required { throw OIDCError(.discoveryInvalid, "the discovery document has no '\(name)'") }
                return nil
            }
            guard let u = URL(string: text), let scheme = u.scheme?.lowercased(), u.host != nil,
                scheme == "https" || (allowInsecureHTTP && scheme == "http")
            else {
                throw OIDCError(.discoveryInvalid, "discovery '\(name)' is '\(text)'; expected an absolute https URL")
            }
            return u
        }
        func strings(_ name: String) -> [String]? { object[name]?.arrayValue?.compactMap(\.stringValue) }

        guard let issuer = try string("issuer") else { throw OIDCError(.discoveryInvalid, "the discovery document has no 'issuer'") }
        guard issuer == expectedIssuer else {
            throw OIDCError(
                .discoveryIssuerMismatch,
                "the discovery document says issuer '\(issuer)'; the connection is configured for '\(expectedIssuer)'. "
                    + "They must match exactly (OpenID Connect Discovery §4.3); fix the connection's issuer URL")
        }
        self.issuer = issuer
        self.authorizationEndpoint = try url("authorization_endpoint", required: true)!
        self.tokenEndpoint = try url("token_endpoint", required: true)!
        self.jwksURI = try url("jwks_uri", required: true)!
        self.userinfoEndpoint = try url("userinfo_endpoint", required: false)
        self.idTokenSigningAlgorithms = strings("id_token_signing_alg_values_supported") ?? ["RS256"]
        self.codeChallengeMethods = strings("code_challenge_methods_supported")
        self.tokenEndpointAuthMethods = strings("token_endpoint_auth_methods_supported")
    }

    /// `{issuer}/.well-known/openid-configuration` (OpenID Connect Discovery §4).
    public static func discoveryURL(issuer: String) -> URL? {
        let trimmed = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        return URL(string: trimmed + "/.well-known/openid-configuration")
    }
}
