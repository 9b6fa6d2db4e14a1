/// An OIDC client (relying party).
public struct OIDCClient: Sendable, Codable, Hashable {
    public var clientID: String
    public var clientSecret: String
    public var redirectURIs: [String]
    public init(clientID: String, clientSecret: String, redirectURIs: [String]) {
        self.clientID = clientID; self.clientSecret = clientSecret; self.redirectURIs = redirectURIs
    }
    enum CodingKeys: String, CodingKey {
        case clientID = "client_id", clientSecret = "client_secret", redirectURIs = "redirect_uris"
    }
}
