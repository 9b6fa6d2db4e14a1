/// How a mock IdP instance is set up.
public struct MockIdPConfiguration: Sendable {
    /// Issuers and endpoint URLs derive from this, never from the request's `Host` header.
    public var publicBaseURL: String
    /// One issuer per tenant path: `/saml/{tenant}/…`, `/oidc/{tenant}/…`, each with its vendor profile.
    public var tenants: [String: VendorProfile]
    public var serviceProviders: [ServiceProvider]
    public var clients: [OIDCClient]
    /// Seeds IDs, codes and tokens: with a fixed clock the output is byte-stable (ECDSA signatures excepted).
    public var seed: UInt64?
    /// Token protecting `/admin/*`; nil leaves the admin API open (loopback test use).
    public var adminToken: String?

    public init(publicBaseURL: String = "http://127.0.0.1:8089",
                tenants: [String: VendorProfile] = ["default": .generic, "okta": .okta, "entra": .entra, "google": .google],
                serviceProviders: [ServiceProvider] = [ServiceProvider(entityID: "http://127.0.0.1:8080/saml/metadata",
                                                                       acsURL: "http://127.0.0.1:8080/saml/acs")],
                clients: [OIDCClient] = [OIDCClient(clientID: "gatehouse", clientSecret: "gatehouse-test-secret",
                                                    redirectURIs: ["http://127.0.0.1:8080/oidc/callback"])],
                seed: UInt64? = nil, adminToken: String? = nil) {
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.publicBaseURL = base
        self.tenants = tenants
        self.serviceProviders = serviceProviders
        self.clients = clients
        self.seed = seed
        self.adminToken = adminToken
    }
}
