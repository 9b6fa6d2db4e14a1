import Foundation
import Testing
@testable import GatehouseOIDC

@Suite struct ParsingTests {
    @Test func duplicateKeysInPayloadAreRejected() async {
        let dup = #"{"iss":"\#(Forge.issuer)","sub":"user-42","sub":"admin","aud":"\#(Forge.clientID)","exp":\#(Forge.t + 600),"iat":\#(Forge.t)}"#
        #expect(await Forge.outcome(Forge.rs256(dup), nonce: nil) == "oidc.duplicate_json_key")
        // The same key spelled with an escape is still the same key.
        let escaped = #"{"iss":"\#(Forge.issuer)","sub":"user-42","\u0073ub":"admin","aud":"\#(Forge.clientID)","exp":\#(Forge.t + 600),"iat":\#(Forge.t)}"#
        #expect(await Forge.outcome(Forge.rs256(escaped), nonce: nil) == "oidc.duplicate_json_key")
        // Nested objects too.
        #expect(await Forge.outcome(Forge.rs256(Forge.payload(["address": #"{"c":"x","c":"y"}"#])), nonce: nil) == "oidc.duplicate_json_key")
    }

    @Test func duplicateKeysInHeaderAreRejected() async {
        let token = Forge.token(header: #"{"alg":"RS256","kid":"rsa-1","alg":"none"}"#, signer: .rs(256, Forge.rsa))
        #expect(await Forge.outcome(token) == "oidc.duplicate_json_key")
        let kid = Forge.token(header: #"{"alg":"RS256","kid":"ec-1","kid":"rsa-1"}"#, signer: .rs(256, Forge.rsa))
        #expect(await Forge.outcome(kid) == "oidc.duplicate_json_key")
    }

    @Test func oversizedTokensAreRejectedBeforeParsing() async {
        let huge = String(repeating: "A", count: 64 * 1024 + 1)
        #expect(await Forge.outcome(huge) == "oidc.token_too_large")
        let bigClaim = Forge.rs256(Forge.payload(["pad": #""\#(String(repeating: "x", count: 60_000))""#]))
        #expect(await Forge.outcome(bigClaim) == "oidc.token_too_large")
    }

    @Test func malformedTokens() async {
        let good = Forge.rs256()
        let parts = good.split(separator: ".").map(String.init)
        let cases = [
            "", "abc", "a.b", "\(parts[0]).\(parts[1])", good + ".extra", good + "=",
            "\(parts[0])==.\(parts[1]).\(parts[2])", "\(parts[0]).\(parts[1]).\(parts[2])+",
            Forge.b64("not json") + "." + parts[1] + "." + parts[2],
            Forge.b64(#"["alg"]"#) + "." + parts[1] + "." + parts[2],
            parts[0] + "." + Forge.b64(#"{"a":1} trailing"#) + "." + parts[2],
            parts[0] + "." + Forge.b64(#"{"a":01}"#) + "." + parts[2],
            Forge.b64(#"{"alg":5}"#) + "." + parts[1] + "." + parts[2],
            Forge.b64(#"{"kid":"rsa-1"}"#) + "." + parts[1] + "." + parts[2],
        ]
        for token in cases {
            #expect(await Forge.outcome(token) == "oidc.malformed", "\(token.prefix(60))")
        }
    }

    @Test func strictJSON() throws {
        #expect(try StrictJSON.parse(Array(#"{"a":[1,2.5,-0,true,null,"\ud83d\ude00"]}"#.utf8)) == .object(["a": .array([.integer(1), .double(2.5), .integer(0), .bool(true), .null, .string("😀")])]))
        #expect(throws: StrictJSON.Failure.self) { try StrictJSON.parse(Array(#""\ud83d""#.utf8)) }
        #expect(throws: StrictJSON.Failure.self) { try StrictJSON.parse([0x22, 0xC3, 0x28, 0x22]) }  // invalid UTF-8
        #expect(throws: StrictJSON.Failure.self) { try StrictJSON.parse(Array("[1,]".utf8)) }
        #expect(throws: StrictJSON.Failure.self) { try StrictJSON.parse(Array("{\"a\":\"\n\"}".utf8)) }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: StrictJSON.Failure.tooDeep(32)) { try StrictJSON.parse(Array(deep.utf8)) }
    }

    @Test func base64urlIsCanonical() {
        #expect(Base64URL.decode("AQAB") == [1, 0, 1])
        #expect(Base64URL.decode("AQ") == [1])
        #expect(Base64URL.decode("AR") == nil)  // non-zero trailing bits
        #expect(Base64URL.decode("AQ==") == nil)
        #expect(Base64URL.decode("A+/B") == nil)
        #expect(Base64URL.decode("A") == nil)
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test func everyCodeIsDottedAndUnique() {
        let codes = OIDCError.Code.all
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.hasPrefix("oidc.") })
    }
}
