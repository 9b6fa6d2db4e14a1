import Foundation
import Testing
@testable import GatehouseOIDC

@Suite struct SignatureTests {
    @Test func everyDefaultAlgorithmVerifies() async {
        let cases: [(String, String, Forge.Signer)] = [
            ("RS256", "rsa-any", .rs(256, Forge.rsa)), ("RS384", "rsa-any", .rs(384, Forge.rsa)),
            ("RS512", "rsa-any", .rs(512, Forge.rsa)), ("PS256", "rsa-any", .ps(256)), ("PS512", "rsa-any", .ps(512)),
            ("ES256", "ec-1", .es256), ("ES384", "ec384-1", .es384), ("EdDSA", "ed-1", .eddsa),
            ("Ed25519", "ed-1", .eddsa),
        ]
        for (alg, kid, signer) in cases {
            let token = Forge.token(header: #"{"alg":"\#(alg)","kid":"\#(kid)"}"#, signer: signer)
            #expect(await Forge.outcome(token) == "accepted", "\(alg)")
        }
    }

    @Test func tamperedPayloadIsRejected() async {
        let token = Forge.rs256()
        let parts = token.split(separator: ".")
        let evil = Forge.b64(Forge.payload(["sub": #""admin""#]))
        #expect(await Forge.outcome("\(parts[0]).\(evil).\(parts[2])") == "oidc.signature_invalid")
        let es = Forge.token(header: #"{"alg":"ES256","kid":"ec-1"}"#, signer: .es256).split(separator: ".")
        #expect(await Forge.outcome("\(es[0]).\(evil).\(es[2])") == "oidc.signature_invalid")
    }

    @Test func signedByAnotherKeyIsRejected() async {
        let token = Forge.token(header: #"{"alg":"RS256","kid":"rsa-1"}"#, signer: .rs(256, Forge.rsaNext))
        #expect(await Forge.outcome(token) == "oidc.signature_invalid")
    }

    /// CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
    @Test func es256WithZeroRAndSIsRejected() async {
        let zero = Forge.token(header: #"{"alg":"ES256","kid":"ec-1"}"#, signer: .raw([UInt8](repeating: 0, count: 64)))
        #expect(await Forge.outcome(zero) == "oidc.signature_invalid")
        let zeroR = Forge.token(header: #"{"alg":"ES256","kid":"ec-1"}"#, signer: .raw([UInt8](repeating: 0, count: 32) + [UInt8](repeating: 1, count: 32)))
        #expect(await Forge.outcome(zeroR) == "oidc.signature_invalid")
        // r = s = n (the group order) is equally invalid.
        let n: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                          0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51]
        #expect(await Forge.outcome(Forge.token(header: #"{"alg":"ES256","kid":"ec-1"}"#, signer: .raw(n + n))) == "oidc.signature_invalid")
        // DER-encoded signatures are not JWS signatures.
        #expect(await Forge.outcome(Forge.token(header: #"{"alg":"ES256","kid":"ec-1"}"#, signer: .raw([0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]))) == "oidc.signature_invalid")
    }

    @Test func truncatedOrEmptySignaturesAreRejected() async {
        #expect(await Forge.outcome(Forge.token(header: #"{"alg":"RS256","kid":"rsa-1"}"#, signer: .raw([]))) == "oidc.signature_invalid")
        #expect(await Forge.outcome(Forge.token(header: #"{"alg":"EdDSA","kid":"ed-1"}"#, signer: .raw([1, 2, 3]))) == "oidc.signature_invalid")
    }
}
