import Foundation
import GatehouseCore
import Testing
@testable import GatehouseOIDC

@Suite struct JWKSCacheTests {
    static let oldJWKS = #"{"keys":[\#(Forge.rsaJWK(Forge.rsa, kid: "rsa-1"))]}"#
    static let rotatedJWKS = #"{"keys":[\#(Forge.rsaJWK(Forge.rsa, kid: "rsa-1")),\#(Forge.rsaJWK(Forge.rsaNext, kid: "rsa-2"))]}"#
    static func fetched(_ text: String) -> Result<FetchedJWKS, OIDCError> { .success(FetchedJWKS(set: Forge.jwks(text), maxAge: 3600)) }
    let nextToken = Forge.token(header: #"{"alg":"RS256","kid":"rsa-2"}"#, signer: .rs(256, Forge.rsaNext))

    @Test func unknownKidWithRotatedJWKSRefreshesOnce() async throws {
        let source = ScriptedJWKSSource([Self.fetched(Self.oldJWKS), Self.fetched(Self.rotatedJWKS)])
        let clock = MovableClock(Forge.reference)
        let cache = JWKSCache(source: source, clock: clock)
        let v = Forge.validator(keys: cache)
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "accepted")
        #expect(source.fetchCount == 1)
        #expect(await Forge.outcome(nextToken, validator: v) == "accepted")
        #expect(source.fetchCount == 2)
        #expect(await Forge.outcome(nextToken, validator: v) == "accepted")
        #expect(source.fetchCount == 2)
    }

    @Test func unknownKidWithoutRotationNamesTheKids() async throws {
        let source = ScriptedJWKSSource([Self.fetched(Self.oldJWKS)])
        let clock = MovableClock(Forge.reference)
        let v = Forge.validator(keys: JWKSCache(source: source, clock: clock))
        do {
            _ = try await v.validate(compact: nextToken, nonce: nil)
            Issue.record("accepted")
        } catch {
            #expect(error.code == "oidc.key_unknown")
            #expect(error.reason.contains("'rsa-2'"))
            #expect(error.reason.contains("'rsa-1'"))
        }
        // Rate limit: a flood of unknown kids costs no further fetch within the interval…
        let before = source.fetchCount
        for i in 0..<20 {
            let forged = Forge.token(header: #"{"alg":"RS256","kid":"forged-\#(i)"}"#, signer: .rs(256, Forge.rsaNext))
            #expect(await Forge.outcome(forged, validator: v) == "oidc.key_unknown")
        }
        #expect(source.fetchCount == before)
        // …and one after it.
        clock.advance(61)
        #expect(await Forge.outcome(nextToken, validator: v) == "oidc.key_unknown")
        #expect(source.fetchCount == before + 1)
    }

    @Test func fixedSetFailsAtOnce() async {
        #expect(await Forge.outcome(nextToken) == "oidc.key_unknown")
        let noKid = Forge.token(header: #"{"alg":"RS256"}"#, signer: .rs(256, Forge.rsa))
        #expect(await Forge.outcome(noKid) == "oidc.key_unknown")  // five keys: a kid is required
        let single = Forge.validator(keys: JWKSCache(initial: Forge.jwks(Self.oldJWKS)))
        #expect(await Forge.outcome(noKid, validator: single) == "accepted")
    }

    @Test func lastKnownGoodSurvivesAnOutage() async throws {
        let source = ScriptedJWKSSource([
            Self.fetched(Self.oldJWKS), .failure(OIDCError(.jwksUnavailable, "connection refused")),
        ])
        let clock = MovableClock(Forge.reference)
        let cache = JWKSCache(source: source, clock: clock)
        let v = Forge.validator(keys: cache)
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "accepted")
        clock.advance(7200)  // past the TTL: the refresh fails
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "accepted")
        #expect(await cache.refreshFailures == 1)
        #expect(await cache.lastRefreshError?.code == "oidc.jwks_unavailable")
    }

    @Test func nothingEverFetchedIsUnavailable() async {
        let source = ScriptedJWKSSource([.failure(OIDCError(.jwksUnavailable, "connection refused"))])
        let v = Forge.validator(keys: JWKSCache(source: source, clock: MovableClock(Forge.reference)))
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "oidc.jwks_unavailable")
    }

    @Test func jwksParsingSkipsUnusableKeys() throws {
        let text = #"{"keys":[{"kty":"oct","k":"c2VjcmV0"},{"kty":"RSA","kid":"short","n":"AQAB","e":"AQAB"},\#(Forge.ecJWK(kid: "ec-1")),{"kty":"EC","kid":"bad","crv":"P-256","x":"AAAA","y":"AAAA"}]}"#
        let set = try JWKSet(json: Array(text.utf8))
        #expect(set.keyIDs == ["ec-1"])
        #expect(set.skipped.count == 3)
        #expect(throws: OIDCError(.jwksInvalid, "")) { try JWKSet(json: Array(#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#.utf8)) }
        #expect(throws: OIDCError(.jwksInvalid, "")) { try JWKSet(json: Array(#"{"keys":[],"keys":[]}"#.utf8)) }
        #expect(throws: OIDCError(.jwksInvalid, "")) { try JWKSet(json: Array(#"[]"#.utf8)) }
    }
}

@Suite struct JWKSBackgroundRefreshTests {
    /// The background loop refreshes on its own when the cached set expires, and stops when cancelled.
    @Test(.timeLimit(.minutes(1)))
    func backgroundRefreshRunsAndStops() async throws {
        // No max-age from the "IdP": the cache lives defaultTTL (10 ms here), so the loop refreshes on its own.
        let source = ScriptedJWKSSource([.success(FetchedJWKS(set: Forge.jwks(JWKSCacheTests.oldJWKS), maxAge: nil))])
        var policy = JWKSCache.Policy()
        policy.minimumRefreshInterval = 0.01
        policy.minimumTTL = 0
        policy.defaultTTL = 0.01
        let cache = JWKSCache(source: source, clock: SystemClock(), policy: policy)
        let loop = Task { await cache.runBackgroundRefresh() }
        let deadline = ContinuousClock.now + .seconds(20)
        while source.fetchCount < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        loop.cancel()
        await loop.value
        #expect(await cache.refreshes >= 3)
    }
}
