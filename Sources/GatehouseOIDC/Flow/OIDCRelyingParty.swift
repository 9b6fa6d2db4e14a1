public import Foundation
public import GatehouseCore

/// One OIDC connection as configured by an admin: what the gateway needs to run logins against one IdP.
public struct OIDCConnectionConfiguration: Sendable {
    /// Stable identifier of the connection (stored with each pending login).
    public var id: String
    /// The issuer, exactly as the IdP writes it in `iss` and in its discovery document.
    public var issuer: String
    public var clientID: String
    public var clientAuthentication: ClientAuthentication
    /// The gateway's callback URL registered at the IdP.
    public var redirectURI: String
    public var scopes: [String] = ["openid", "email", "profile"]
    /// Validation rules (algorithms, skew, groups claim, max_age …). `issuer` and `clientID` are copied from above.
    public var validation: IDTokenValidator.Options
    public var fetchUserinfo = false
    /// - Warning: Loopback tests only; over plain HTTP anyone on the path can swap the IdP's keys.
    public var allowInsecureHTTP = false

    public init(id: String, issuer: String, clientID: String, clientAuthentication: ClientAuthentication, redirectURI: String) {
        self.id = id
        self.issuer = issuer
        self.clientID = clientID
        self.clientAuthentication = clientAuthentication
        self.redirectURI = redirectURI
        self.validation = IDTokenValidator.Options(issuer: issuer, clientID: clientID)
    }
}

/// The gateway's entry point for one connection: wires discovery, the JWKS cache, the validator, the pending-login
/// store and the token client together.
///
/// ```swift
/// let rp = OIDCRelyingParty(configuration: config, fetcher: AsyncHTTPClientFetcher(client: client), store: store)
/// let url = try await rp.startLogin(returnTo: "/app")            // redirect the browser here
/// let result = try await rp.finishLogin(query: callbackQuery)    // on the callback, any instance
/// ```
public struct OIDCRelyingParty: Sendable {
    public let configuration: OIDCConnectionConfiguration
    public let discovery: OIDCDiscovery
    public let keys: JWKSCache
    public let validator: IDTokenValidator
    let store: any PendingOIDCLoginStore
    let handler: OIDCCallbackHandler
    let clock: any GatehouseClock

    public init(
        configuration: OIDCConnectionConfiguration, fetcher: any HTTPFetching, store: any PendingOIDCLoginStore,
        clock: any GatehouseClock = SystemClock(), nonceReplayCache: (any ReplayCache)? = nil
    ) {
        var options = configuration.validation
        options.issuer = configuration.issuer
        options.clientID = configuration.clientID
        self.configuration = configuration
        self.clock = clock
        self.store = store
        discovery = OIDCDiscovery(
            issuer: configuration.issuer, fetcher: fetcher, clock: clock, allowInsecureHTTP: configuration.allowInsecureHTTP)
        keys = JWKSCache(source: HTTPJWKSSource(discovery: discovery, fetcher: fetcher), clock: clock)
        validator = IDTokenValidator(options: options, keys: keys, clock: clock, nonceReplayCache: nonceReplayCache)
        var handler = OIDCCallbackHandler(
            discovery: discovery, store: store,
            tokens: TokenEndpointClient(
                fetcher: fetcher, clientID: configuration.clientID, authentication: configuration.clientAuthentication),
            validator: validator, clock: clock)
        handler.fetchUserinfo = configuration.fetchUserinfo
        self.handler = handler
    }

    /// Creates and stores a pending login; returns the IdP URL to redirect the browser to.
    public func startLogin(returnTo: String?, loginHint: String? = nil) async throws(OIDCError) -> URL {
        let metadata = try await discovery.metadata()
        var builder = AuthorizationRequestBuilder(clientID: configuration.clientID, redirectURI: configuration.redirectURI)
        builder.scopes = configuration.scopes
        builder.loginHint = loginHint
        if let maxAge = configuration.validation.maxAge { builder.maxAge = Int(maxAge) }
        let (url, login) = builder.build(metadata: metadata, connectionID: configuration.id, returnTo: returnTo, now: clock.now())
        do {
            try await store.save(login)
        } catch {
            throw OIDCError(.stateMismatch, "the pending-login store is unavailable (\(error)); cannot start the login")
        }
        return url
    }

    /// Handles the callback query (`code`/`state` or `error`).
    public func finishLogin(query: [String: String]) async throws(OIDCError) -> OIDCLoginResult {
        try await handler.handle(query: query)
    }

    /// Keeps discovery and JWKS fresh until cancelled (run it in the server's service group).
    public func runBackgroundRefresh() async {
        await keys.runBackgroundRefresh()
    }
}
