import Foundation
import Testing
@testable import GatehouseOIDC

@Suite struct DiscoveryTests {
    static let issuer = "https://idp.example.com/tenant/v2.0"
    static let wellKnown = "https://idp.example.com/tenant/v2.0/.well-known/openid-configuration"
    static func document(issuer: String = issuer) -> String {
        #"{"issuer":"\#(issuer)","authorization_endpoint":"https://idp.example.com/authorize","token_endpoint":"https://idp.example.com/token","jwks_uri":"https://idp.example.com/keys","userinfo_endpoint":"https://idp.example.com/userinfo","id_token_signing_alg_values_supported":["RS256"],"code_challenge_methods_supported":["S256"]}"#
    }

    @Test func discoveryIsParsedAndCached() async throws {
        let fetcher = CannedFetcher([Self.wellKnown: [CannedFetcher.json(Self.document(), maxAge: 600)]])
        let clock = MovableClock(Forge.reference)
        let discovery = OIDCDiscovery(issuer: Self.issuer, fetcher: fetcher, clock: clock)
        let metadata = try await discovery.metadata()
        #expect(metadata.jwksURI.absoluteString == "https://idp.example.com/keys")
        _ = try await discovery.metadata()
        #expect(fetcher.count(Self.wellKnown) == 1)
        clock.advance(601)
        _ = try await discovery.metadata()
        #expect(fetcher.count(Self.wellKnown) == 2)
    }

    @Test func issuerMismatchIsRefused() async {
        let fetcher = CannedFetcher([Self.wellKnown: [CannedFetcher.json(Self.document(issuer: "https://evil.example.com/"))]])
        let discovery = OIDCDiscovery(issuer: Self.issuer, fetcher: fetcher, clock: MovableClock(Forge.reference))
        await #expect(throws: OIDCError(.discoveryIssuerMismatch, "")) { try await discovery.metadata() }
    }

    @Test func lastKnownGoodWhenTheIdPIsDownOrReturnsGarbage() async throws {
        let garbage = HTTPFetchResponse(status: 200, headers: [:], body: Array("<html>maintenance</html>".utf8))
        let fetcher = CannedFetcher([Self.wellKnown: [CannedFetcher.json(Self.document()), nil, garbage, CannedFetcher.json(Self.document(issuer: "https://evil.example.com/"))]])
        let clock = MovableClock(Forge.reference)
        let discovery = OIDCDiscovery(issuer: Self.issuer, fetcher: fetcher, clock: clock)
        let good = try await discovery.metadata()
        for expected in 1...3 {
            clock.advance(86_401)
            #expect(try await discovery.metadata() == good)
            #expect(await discovery.refreshFailures == expected)
        }
        #expect(await discovery.lastError?.code == "oidc.discovery_issuer_mismatch")
    }

    @Test func plainHTTPEndpointsAreRefusedByDefault() throws {
        let doc = Self.document().replacingOccurrences(of: "https://idp.example.com/keys", with: "http://idp.example.com/keys")
        #expect(throws: OIDCError(.discoveryInvalid, "")) { try ProviderMetadata(json: Array(doc.utf8), expectedIssuer: Self.issuer) }
        #expect(throws: Never.self) { try ProviderMetadata(json: Array(doc.utf8), expectedIssuer: Self.issuer, allowInsecureHTTP: true) }
    }

    @Test func jwksOverHTTPWithRotation() async throws {
        let keys1 = #"{"keys":[\#(Forge.rsaJWK(Forge.rsa, kid: "rsa-1"))]}"#
        let keys2 = #"{"keys":[\#(Forge.rsaJWK(Forge.rsaNext, kid: "rsa-2"))]}"#
        let fetcher = CannedFetcher([
            Self.wellKnown: [CannedFetcher.json(Self.document())],
            "https://idp.example.com/keys": [CannedFetcher.json(keys1, maxAge: 300), CannedFetcher.json(keys2, maxAge: 300)],
        ])
        let clock = MovableClock(Forge.reference)
        let discovery = OIDCDiscovery(issuer: Self.issuer, fetcher: fetcher, clock: clock)
        let cache = JWKSCache(source: HTTPJWKSSource(discovery: discovery, fetcher: fetcher), clock: clock)
        let v = Forge.validator(keys: cache)
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "accepted")
        let next = Forge.token(header: #"{"alg":"RS256","kid":"rsa-2"}"#, signer: .rs(256, Forge.rsaNext))
        #expect(await Forge.outcome(next, validator: v) == "accepted")
        #expect(fetcher.count("https://idp.example.com/keys") == 2)
    }

    @Test func cacheControl() {
        func age(_ value: String) -> TimeInterval? { HTTPFetchResponse(status: 200, headers: ["cache-control": value], body: []).cacheMaxAge }
        #expect(age("public, max-age=86400") == 86400)
        #expect(age("no-store") == 0)
        #expect(age("private") == nil)
    }
}
