import Foundation
import GatehouseCore
import Testing
@testable import GatehouseOIDC

@Suite struct FlowTests {
    static let metadata = try! ProviderMetadata(json: Array(DiscoveryTests.document().utf8), expectedIssuer: DiscoveryTests.issuer)

    @Test func pkceS256MatchesRFC7636AppendixB() {
        #expect(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test func authorizationRequestCarriesStateNonceAndChallenge() throws {
        let builder = AuthorizationRequestBuilder(clientID: "gatehouse-client", redirectURI: "https://gw.example.com/oidc/callback")
        let (url, login) = builder.build(metadata: Self.metadata, connectionID: "entra", returnTo: "/app", now: Forge.reference)
        let items = Dictionary(uniqueKeysWithValues: URLComponents(url: url, resolvingAgainstBaseURL: false)!.queryItems!.map { ($0.name, $0.value ?? "") })
        #expect(items["response_type"] == "code")
        #expect(items["state"] == login.state)
        #expect(items["nonce"] == login.nonce)
        #expect(items["code_challenge"] == PKCE.challenge(for: login.codeVerifier))
        #expect(items["code_challenge_method"] == "S256")
        #expect(items["scope"] == "openid email profile")
        #expect(login.state.count == 43 && login.nonce.count == 43 && login.codeVerifier.count == 43)
        let (_, second) = builder.build(metadata: Self.metadata, connectionID: "entra", returnTo: nil, now: Forge.reference)
        #expect(second.state != login.state && second.nonce != login.nonce && second.codeVerifier != login.codeVerifier)
    }

    @Test func pendingLoginsAreConsumedOnce() async throws {
        let store = InMemoryPendingOIDCLoginStore()
        let login = PendingOIDCLogin(state: "s1", nonce: "n", codeVerifier: "v", redirectURI: "r", returnTo: nil, connectionID: "c",
                                     expiresAt: Forge.reference.addingTimeInterval(600))
        try await store.save(login)
        #expect(try await store.consume(state: "s1", now: Forge.reference) == login)
        #expect(try await store.consume(state: "s1", now: Forge.reference) == nil)
        try await store.save(login)
        #expect(try await store.consume(state: "s1", now: Forge.reference.addingTimeInterval(601)) == nil)
    }

    func handler(store: any PendingOIDCLoginStore, fetcher: CannedFetcher) -> OIDCCallbackHandler {
        let discovery = OIDCDiscovery(issuer: DiscoveryTests.issuer, fetcher: fetcher, clock: Forge.clock)
        return OIDCCallbackHandler(
            discovery: discovery, store: store,
            tokens: TokenEndpointClient(fetcher: fetcher, clientID: Forge.clientID, authentication: .clientSecretBasic("s3cret")),
            validator: Forge.validator(), clock: Forge.clock)
    }

    @Test func idpErrorsBecomeClearCodes() async throws {
        let store = InMemoryPendingOIDCLoginStore()
        let h = handler(store: store, fetcher: CannedFetcher([:]))
        let login = PendingOIDCLogin(state: "s1", nonce: "n", codeVerifier: "v", redirectURI: "r", returnTo: nil, connectionID: "c",
                                     expiresAt: Forge.reference.addingTimeInterval(600))
        try await store.save(login)
        await #expect(throws: OIDCError(.idpDenied, "")) {
            try await h.handle(query: ["state": "s1", "error": "access_denied", "error_description": "AADSTS50105: user not assigned"])
        }
        #expect(try await store.consume(state: "s1", now: Forge.reference) == nil)  // the denied login is gone
        await #expect(throws: OIDCError(.idpError, "")) { try await h.handle(query: ["state": "s2", "error": "server_error"]) }
        await #expect(throws: OIDCError(.stateMismatch, "")) { try await h.handle(query: ["state": "unknown", "code": "abc"]) }
        await #expect(throws: OIDCError(.stateMismatch, "")) { try await h.handle(query: ["code": "abc"]) }
    }

    @Test func codeExchangeWithInProcessFetcher() async throws {
        let store = InMemoryPendingOIDCLoginStore()
        let login = PendingOIDCLogin(state: "s1", nonce: "n-0S6_WzA2Mj", codeVerifier: "v", redirectURI: "r", returnTo: "/app",
                                     connectionID: "c", expiresAt: Forge.reference.addingTimeInterval(600))
        try await store.save(login)
        let tokenJSON = #"{"access_token":"at","token_type":"Bearer","id_token":"\#(Forge.rs256())"}"#
        let fetcher = CannedFetcher([
            DiscoveryTests.wellKnown: [CannedFetcher.json(DiscoveryTests.document())],
            "https://idp.example.com/token": [CannedFetcher.json(tokenJSON)],
        ])
        let result = try await handler(store: store, fetcher: fetcher).handle(query: ["state": "s1", "code": "c0de"])
        #expect(result.idToken.subject == "user-42")
        #expect(result.login.returnTo == "/app")
        // Replaying the same callback fails: the state was consumed.
        await #expect(throws: OIDCError(.stateMismatch, "")) {
            try await handler(store: store, fetcher: fetcher).handle(query: ["state": "s1", "code": "c0de"])
        }
    }
}

@Suite struct RefreshServiceTests {
    /// The service fetches each connection's keys and stops when cancelled.
    @Test(.timeLimit(.minutes(1)))
    func refreshServiceFetchesAndStops() async throws {
        let keys = #"{"keys":[\#(Forge.rsaJWK(Forge.rsa, kid: "rsa-1"))]}"#
        let fetcher = CannedFetcher([
            DiscoveryTests.wellKnown: [CannedFetcher.json(DiscoveryTests.document())],
            "https://idp.example.com/keys": [CannedFetcher.json(keys, maxAge: 300)],
        ])
        let config = OIDCConnectionConfiguration(
            id: "c", issuer: DiscoveryTests.issuer, clientID: Forge.clientID, clientAuthentication: .clientSecretBasic("s"),
            redirectURI: "https://gw.example.com/oidc/callback")
        let rp = OIDCRelyingParty(configuration: config, fetcher: fetcher, store: InMemoryPendingOIDCLoginStore())
        let service = Task { try await OIDCKeyRefreshService([rp]).run() }
        let deadline = ContinuousClock.now + .seconds(20)
        while fetcher.count("https://idp.example.com/keys") < 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        service.cancel()
        _ = try? await service.value
        #expect(fetcher.count("https://idp.example.com/keys") == 1)
        #expect(await rp.keys.knownKeyIDs == ["rsa-1"])
    }
}
