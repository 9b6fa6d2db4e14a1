import Foundation
public import GatehouseCore

/// The result of a successful callback: the verified ID token plus what the gateway needs to continue.
public struct OIDCLoginResult: Sendable {
    public let idToken: VerifiedIDToken
    public let login: PendingOIDCLogin
    public let accessToken: String?
    /// Userinfo claims when ``OIDCCallbackHandler/fetchUserinfo`` is on.
    public let userinfo: [String: JSONValue]?
}

/// Handles the redirect back from the IdP: state → pending login (consumed once), IdP errors, code exchange, ID token
/// validation with the stored nonce and the returned access token.
public struct OIDCCallbackHandler: Sendable {
    let discovery: OIDCDiscovery
    let store: any PendingOIDCLoginStore
    let tokens: TokenEndpointClient
    let validator: IDTokenValidator
    let clock: any GatehouseClock
    public var fetchUserinfo = false

    public init(
        discovery: OIDCDiscovery, store: any PendingOIDCLoginStore, tokens: TokenEndpointClient, validator: IDTokenValidator,
        clock: any GatehouseClock = SystemClock()
    ) {
        self.discovery = discovery
        self.store = store
        self.tokens = tokens
        self.validator = validator
        self.clock = clock
    }

    /// - Parameter query: the callback's query parameters (`code`, `state`, or `error`, `error_description`).
    public func handle(query: [String: String]) async throws(OIDCError) -> OIDCLoginResult {
        guard let state = query["state"], !state.isEmpty else {
            throw OIDCError(.stateMismatch, "the callback has no state parameter; expected the state sent with the login request")
        }
        let login: PendingOIDCLogin?
        do {
            login = try await store.consume(state: state, now: clock.now())
        } catch {
            throw OIDCError(.stateMismatch, "the pending-login store is unavailable (\(error)); refusing the callback (fail closed)")
        }
        if let error = query["error"] {
            let description = query["error_description"].map { " (\($0))" } ?? ""
            if error == "access_denied" {
                throw OIDCError(
                    .idpDenied,
                    "the IdP denied the login: access_denied\(description). The user cancelled, or is not assigned to the "
                        + "application at the IdP: assign the user or group to the app there")
            }
            throw OIDCError(.idpError, "the IdP returned error '\(error)'\(description) instead of a code")
        }
        guard let login else {
            throw OIDCError(
                .stateMismatch,
                "the callback's state matches no pending login (unknown, expired, or already used); start the login again")
        }
        guard let code = query["code"], !code.isEmpty else {
            throw OIDCError(.idpError, "the callback has neither code nor error")
        }
        let metadata = try await discovery.metadata()
        let response = try await tokens.exchange(code: code, login: login, metadata: metadata)
        let token = try await validator.validate(compact: response.idToken, nonce: login.nonce, accessToken: response.accessToken)
        var userinfo: [String: JSONValue]?
        if fetchUserinfo, let accessToken = response.accessToken {
            userinfo = try await tokens.userinfo(accessToken: accessToken, metadata: metadata, expectedSubject: token.subject)
        }
        return OIDCLoginResult(idToken: token, login: login, accessToken: response.accessToken, userinfo: userinfo)
    }
}
