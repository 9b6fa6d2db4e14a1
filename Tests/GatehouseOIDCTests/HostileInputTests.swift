import Foundation
import Testing
@testable import GatehouseOIDC

/// Hostile shapes: every one is a clear error in bounded time, never a crash.
@Suite struct HostileInputTests {
    @Test(.timeLimit(.minutes(1)))
    func deeplyNestedPayloadIsBounded() async {
        let deep = String(repeating: #"{"a":"#, count: 5000) + "1" + String(repeating: "}", count: 5000)
        #expect(await Forge.outcome(Forge.rs256(deep)) == "oidc.malformed")
        let arrays = Forge.payload(["x": String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)])
        #expect(await Forge.outcome(Forge.rs256(arrays)) == "oidc.malformed")
    }

    @Test func hostileHeaders() async {
        let cases: [(String, String)] = [
            (#"{"alg":["RS256"],"kid":"rsa-1"}"#, "oidc.malformed"),
            (#"{"alg":"RS256","kid":42}"#, "oidc.malformed"),
            (#"{"alg":"RS256","kid":"rsa-1","crit":"exp"}"#, "oidc.malformed"),
            (#"{"alg":"RS256","kid":"rsa-1","x5c":"MII"}"#, "oidc.malformed"),
            (#"{"alg":"rs256","kid":"rsa-1"}"#, "oidc.alg_not_allowed"),
            (#"{"alg":"RS256 ","kid":"rsa-1"}"#, "oidc.alg_not_allowed"),
            (#"{"alg":"RS256","kid":"rsa-1\u0000"}"#, "oidc.key_unknown"),
            (#"{"alg":"RS256","kid":"../../etc/passwd"}"#, "oidc.key_unknown"),
        ]
        for (header, code) in cases {
            #expect(await Forge.outcome(Forge.token(header: header, signer: .rs(256, Forge.rsa))) == code, "\(header)")
        }
    }

    @Test func hostileClaimValues() async {
        let cases: [([String: String], String)] = [
            (["exp": "1e400"], "oidc.malformed"),  // not a finite number
            (["exp": "-1"], "oidc.claim_invalid"),
            (["exp": "99999999999999999999"], "oidc.claim_invalid"),
            (["exp": "\(Forge.t + 600).5"], "accepted"),
            (["iss": "null"], "oidc.claim_invalid"),
            (["aud": #"["\#(Forge.clientID)",7]"#], "oidc.claim_invalid"),
            (["nonce": "7"], "oidc.claim_invalid"),
            (["sub": #""user\u0000admin""#], "accepted"),
        ]
        for (overrides, code) in cases {
            #expect(await Forge.outcome(Forge.rs256(Forge.payload(overrides))) == code, "\(overrides)")
        }
    }

    @Test func manyKeysAndGarbageInTheJWKS() throws {
        var entries = (0..<500).map { #"{"kty":"RSA","kid":"junk-\#($0)","n":"AQAB","e":"AQAB"}"# }
        entries.append(Forge.ecJWK(kid: "ec-1"))
        entries.append(#""not an object""#)
        let set = try JWKSet(json: Array(#"{"keys":[\#(entries.joined(separator: ","))]}"#.utf8))
        #expect(set.keyIDs == ["ec-1"])
        #expect(set.skipped.count == 501)
    }
}
