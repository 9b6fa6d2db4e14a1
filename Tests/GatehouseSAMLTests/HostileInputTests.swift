import Foundation
import GatehouseCore
import GatehouseSAML
import Testing

/// Malformed, huge and hostile input: a clear code in bounded time and memory, never a crash.
@Suite struct HostileInputTests {
    let base = CorpusCase.named("valid-assertion-signed")

    func code(_ input: [UInt8], limits: XMLLimits = XMLLimits()) throws -> String? {
        let validator = try base.validator()
        do {
            let response = try UnverifiedSAMLResponse(formValue: input, limits: limits)
            _ = try validator.validateWithoutReplayCheck(response, expectedRequestID: base.inResponseTo, now: base.instant)
            return nil
        } catch {
            return error.code
        }
    }

    @Test(arguments: [
        ("not base64 !!!", "saml.malformed_base64"),
        ("QUJD=RA==", "saml.malformed_base64"),  // padding in the middle
        ("", "saml.malformed_base64"),
        ("<Response", "saml.malformed_xml"),
        ("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"></samlp:Respons>", "saml.malformed_xml"),
        ("<a>&undefined;</a>", "saml.malformed_xml"),
        ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>", "saml.dtd_forbidden"),
        ("<!DOCTYPE r SYSTEM \"http://127.0.0.1:1/evil.dtd\"><r/>", "saml.dtd_forbidden"),
        ("<!DOCTYPE r><r/>", "saml.dtd_forbidden"),
        ("<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\"/>", "saml.not_a_response"),
    ])
    func refused(_ input: String, _ expected: String) throws {
        #expect(try code(Array(input.utf8)) == expected)
    }

    @Test func billionLaughsIsRefusedBeforeExpansion() throws {
        var dtd = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for i in 1...9 { dtd += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">" }
        let input = dtd + "]><lolz>&lol9;</lolz>"
        #expect(try code(Array(input.utf8)) == "saml.dtd_forbidden")
    }

    @Test(.timeLimit(.minutes(1)))
    func deepNestingIsRefused() throws {
        // 200,000 levels (1.4 MB): refused by the size limit; 100,000 levels within it, by the depth limit.
        let huge = String(repeating: "<a>", count: 200_000) + String(repeating: "</a>", count: 200_000)
        #expect(try code(Array(huge.utf8)) == "saml.input_too_large")
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect(try code(Array(deep.utf8)) == "saml.too_deep")
        let limits = XMLLimits(maxBytes: 4 << 20, maxDepth: 64)
        #expect(try code(Array(deep.utf8), limits: limits) == "saml.too_deep")
        let moderate = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        #expect(try code(Array(moderate.utf8)) == "saml.too_deep")
    }

    @Test(.timeLimit(.minutes(1)))
    func hugeValuesAreRefusedBeforeParsing() throws {
        // A 2 MiB attribute value, raw and base64: refused by size before any parsing.
        let huge = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"" + String(repeating: "A", count: 2 << 20) + "\"/>"
        #expect(try code(Array(huge.utf8)) == "saml.input_too_large")
        let encoded = Array(Data(huge.utf8).base64EncodedString().utf8)
        #expect(try code(encoded) == "saml.input_too_large")
    }

    @Test func truncationAtEveryTenthByteNeverCrashesOrAccepts() throws {
        let bytes = try base.bytes()
        for end in stride(from: 0, to: bytes.count - 1, by: 10) {
            let result = try code(Array(bytes[0..<end]))
            #expect(result != nil, "a truncated response was accepted at \(end) bytes")
        }
    }

    @Test func randomBytesAreRefused() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            let length = Int.random(in: 0..<4096, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(try code(bytes) != nil)
        }
    }
}

/// A deterministic generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
