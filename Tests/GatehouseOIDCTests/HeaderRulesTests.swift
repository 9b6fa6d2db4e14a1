import Crypto
import CryptoExtras
import Foundation
import Testing
@testable import GatehouseOIDC

@Suite struct HeaderRulesTests {
    @Test func validRS256IsAccepted() async throws {
        let token = try await Forge.validator().validate(compact: Forge.rs256(), nonce: "n-0S6_WzA2Mj")
        #expect(token.subject == "user-42")
        #expect(token.algorithm == .rs256)
        #expect(token.keyID == "rsa-1")
        #expect(token.string("email") == "ada@example.com")
    }

    @Test(arguments: ["none", "None", "NONE"])
    func algNoneIsRejected(alg: String) async {
        let unsigned = Forge.b64(#"{"alg":"\#(alg)"}"#) + "." + Forge.b64(Forge.payload()) + "."
        #expect(await Forge.outcome(unsigned) == "oidc.alg_none")
        let withKid = Forge.token(header: #"{"alg":"\#(alg)","kid":"rsa-1"}"#, signer: .raw([]))
        #expect(await Forge.outcome(withKid) == "oidc.alg_none")
    }

    @Test func unknownAlgorithmIsRejected() async {
        let token = Forge.token(header: #"{"alg":"RS1","kid":"rsa-1"}"#, signer: .rs(256, Forge.rsa))
        #expect(await Forge.outcome(token) == "oidc.alg_not_allowed")
    }

    @Test func algorithmOutsideAllowListIsRejected() async {
        let v = Forge.validator { $0.allowedAlgorithms = [.es256] }
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "oidc.alg_not_allowed")
    }

    /// RS256 → HS256 confusion: the attacker HMACs with the RSA public key the IdP publishes.
    @Test func hs256KeyedWithTheRSAPublicKeyIsRejected() async throws {
        let pem = Array(Forge.rsa.publicKey.pemRepresentation.utf8)
        let der = Array(Forge.rsa.publicKey.derRepresentation)
        let jwkText = Array(Forge.rsaJWK(Forge.rsa, kid: "rsa-1").utf8)
        for key in [pem, der, jwkText] {
            let forged = Forge.token(header: #"{"alg":"HS256","kid":"rsa-1"}"#, signer: .hmac(256, key))
            #expect(await Forge.outcome(forged) == "oidc.alg_not_allowed")
            // Even on a connection that does use HS256 with its client secret, the public key is not the secret.
            let hmacConnection = Forge.validator {
                $0.hmacClientSecret = Array("the-real-client-secret-0123456789".utf8)
                $0.allowedAlgorithms.insert(.hs256)
            }
            #expect(await Forge.outcome(forged, validator: hmacConnection) == "oidc.signature_invalid")
        }
    }

    @Test func hs256WithTheClientSecretIsAcceptedOnlyWhenConfigured() async {
        let secret = Array("the-real-client-secret-0123456789".utf8)
        let token = Forge.token(header: #"{"alg":"HS256"}"#, signer: .hmac(256, secret))
        #expect(await Forge.outcome(token) == "oidc.alg_not_allowed")
        let secretOnly = Forge.validator { $0.hmacClientSecret = secret }  // secret set, HS256 not allowed
        #expect(await Forge.outcome(token, validator: secretOnly) == "oidc.alg_not_allowed")
        let v = Forge.validator {
            $0.hmacClientSecret = secret
            $0.allowedAlgorithms.insert(.hs256)
        }
        #expect(await Forge.outcome(token, validator: v) == "accepted")
    }

    @Test func unknownCritIsRejected() async {
        let token = Forge.rs256(extraHeader: #","crit":["exp"],"exp":1"#)
        #expect(await Forge.outcome(token) == "oidc.crit_unsupported")
        let b64 = Forge.rs256(extraHeader: #","crit":["b64"],"b64":false"#)
        #expect(await Forge.outcome(b64) == "oidc.crit_unsupported")
        let empty = Forge.rs256(extraHeader: #","crit":[]"#)
        #expect(await Forge.outcome(empty) == "oidc.malformed")
    }

    @Test func embeddedKeysAreRejected() async {
        let attacker = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        let jwk = Forge.rsaJWK(attacker, kid: "rsa-1")
        let cases = [
            #","jwk":\#(jwk)"#, #","jku":"https://attacker.example/jwks.json""#, #","x5u":"https://attacker.example/cert.pem""#,
        ]
        for extra in cases {
            let token = Forge.token(header: #"{"alg":"RS256","kid":"rsa-1"\#(extra)}"#, signer: .rs(256, attacker))
            #expect(await Forge.outcome(token) == "oidc.header_key_rejected")
            // Even correctly signed by the real key, a header that brings its own key is refused.
            #expect(await Forge.outcome(Forge.rs256(extraHeader: extra)) == "oidc.header_key_rejected")
        }
        // An embedded jwk with no kid at all (the classic "trust the embedded key" attack).
        let noKid = Forge.token(header: #"{"alg":"RS256","jwk":\#(jwk)}"#, signer: .rs(256, attacker))
        #expect(await Forge.outcome(noKid) == "oidc.header_key_rejected")
    }

    @Test func x5cMustBeTheOnePublishedInTheJWKS() async {
        let published = "MIIBpublishedcert"
        let jwks = #"{"keys":[\#(Forge.rsaJWK(Forge.rsa, kid: "rsa-1", extra: #","x5c":["\#(published)"]"#))]}"#
        let v = Forge.validator(keys: JWKSCache(initial: Forge.jwks(jwks), clock: Forge.clock))
        #expect(await Forge.outcome(Forge.rs256(extraHeader: #","x5c":["\#(published)"]"#), validator: v) == "accepted")
        #expect(await Forge.outcome(Forge.rs256(extraHeader: #","x5c":["MIIBattacker"]"#), validator: v) == "oidc.header_key_rejected")
        #expect(await Forge.outcome(Forge.rs256(extraHeader: #","x5c":["MIIBattacker"]"#)) == "oidc.header_key_rejected")
    }

    @Test func algorithmMustMatchTheJWK() async {
        // RS256 signature presented under an EC kid.
        #expect(await Forge.outcome(Forge.rs256(kid: "ec-1")) == "oidc.key_mismatch")
        // rsa-1 is pinned to RS256: PS256 under it is refused even though the key type fits.
        let ps = Forge.token(header: #"{"alg":"PS256","kid":"rsa-1"}"#, signer: .ps(256))
        #expect(await Forge.outcome(ps) == "oidc.key_mismatch")
        #expect(await Forge.outcome(Forge.token(header: #"{"alg":"PS256","kid":"rsa-any"}"#, signer: .ps(256))) == "accepted")
        // ES384 token under the P-256 key.
        let es384 = Forge.token(header: #"{"alg":"ES384","kid":"ec-1"}"#, signer: .es384)
        #expect(await Forge.outcome(es384) == "oidc.key_mismatch")
        // use: enc keys never verify signatures.
        let encJWKS = #"{"keys":[\#(Forge.rsaJWK(Forge.rsa, kid: "rsa-1", extra: #","use":"enc""#))]}"#
        let v = Forge.validator(keys: JWKSCache(initial: Forge.jwks(encJWKS), clock: Forge.clock))
        #expect(await Forge.outcome(Forge.rs256(), validator: v) == "oidc.key_mismatch")
        let opsJWKS = #"{"keys":[\#(Forge.rsaJWK(Forge.rsa, kid: "rsa-1", extra: #","key_ops":["encrypt"]"#))]}"#
        let v2 = Forge.validator(keys: JWKSCache(initial: Forge.jwks(opsJWKS), clock: Forge.clock))
        #expect(await Forge.outcome(Forge.rs256(), validator: v2) == "oidc.key_mismatch")
    }

    @Test func keyMismatchMessageNamesBothSides() async throws {
        do {
            _ = try await Forge.validator().validate(compact: Forge.rs256(kid: "ec-1"), nonce: nil)
            Issue.record("accepted")
        } catch {
            #expect(error.reason.contains("RS256"))
            #expect(error.reason.contains("EC key on P-256"))
        }
    }
}
