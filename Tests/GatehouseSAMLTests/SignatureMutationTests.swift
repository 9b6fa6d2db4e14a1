import Foundation
import GatehouseCore
import GatehouseSAML
import Testing

/// A one-character change anywhere inside signed content must be refused.
@Suite struct SignatureMutationTests {
    /// Changes every letter and digit inside the signed Assertion (text and attribute values, element names) one
    /// at a time. Each mutant must be refused; none may be accepted.
    @Test(arguments: ["valid-assertion-signed", "valid-response-signed"])
    func everyCharacterOfSignedContentMatters(_ name: String) throws {
        let c = CorpusCase.named(name)
        let validator = try c.validator()
        let bytes = try c.bytes()
        let text = String(decoding: bytes, as: UTF8.self)
        let signedStart = name.contains("response")
            ? text.range(of: "<samlp:Response")!.lowerBound : text.range(of: "<saml:Assertion")!.lowerBound
        let signedEnd = name.contains("response")
            ? text.range(of: "</samlp:Response>")!.upperBound : text.range(of: "</saml:Assertion>")!.upperBound
        let startOffset = text.utf8.distance(from: text.startIndex, to: signedStart)
        let endOffset = text.utf8.distance(from: text.startIndex, to: signedEnd)
        // Not signed content: the enveloped ds:Signature itself (its KeyInfo is never trusted; SignatureValue
        // tampering has corpus cases of its own) and namespace declarations (exclusive c14n drops unused ones).
        var excluded: [Range<Int>] = []
        func offsets(_ range: Range<String.Index>) -> Range<Int> {
            text.utf8.distance(from: text.startIndex, to: range.lowerBound)..<text.utf8.distance(from: text.startIndex, to: range.upperBound)
        }
        var searchStart = text.startIndex
        while let open = text.range(of: "<ds:Signature", range: searchStart..<text.endIndex),
              let close = text.range(of: "</ds:Signature>", range: open.upperBound..<text.endIndex) {
            excluded.append(offsets(open.lowerBound..<close.upperBound))
            searchStart = close.upperBound
        }
        let declaration = try Regex(#"xmlns(:[A-Za-z0-9_.-]+)?="[^"]*""#)
        for match in text.matches(of: declaration) { excluded.append(offsets(match.range)) }
        var mutants = 0
        var accepted: [Int] = []
        for offset in startOffset..<endOffset where !excluded.contains(where: { $0.contains(offset) }) {
            let byte = bytes[offset]
            let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            guard isAlphanumeric else { continue }
            var mutant = bytes
            mutant[offset] = byte == UInt8(ascii: "z") ? UInt8(ascii: "y") : (byte == UInt8(ascii: "9") ? UInt8(ascii: "8") : byte + 1)
            mutants += 1
            if (try? validator.validateWithoutReplayCheck(UnverifiedSAMLResponse(formValue: mutant),
                                                          expectedRequestID: c.inResponseTo, now: c.instant)) != nil {
                accepted.append(offset)
            }
        }
        #expect(mutants > 1000)
        #expect(accepted.isEmpty, "mutants accepted at byte offsets \(accepted.prefix(20))")
    }

    @Test func aSecondUseOfTheSameAssertionIsAReplay() async throws {
        let c = CorpusCase.named("valid-assertion-signed")
        let validator = try c.validator()
        let cache = InMemoryReplayCache(clock: FixedClock(c.instant))
        let response = try UnverifiedSAMLResponse(formValue: try c.bytes())
        _ = try await validator.validate(response, expectedRequestID: c.inResponseTo, replayCache: cache, now: c.instant)
        await #expect(throws: SAMLError(.replay, "")) {
            try await validator.validate(response, expectedRequestID: c.inResponseTo, replayCache: cache, now: c.instant)
        }
    }

    @Test func requirementsAreEnforcedPerConnection() throws {
        let c = CorpusCase.named("valid-assertion-signed")
        let response = try UnverifiedSAMLResponse(formValue: try c.bytes())
        for (requirement, accepted) in [(SignatureRequirement.assertion, true), (.either, true), (.response, false), (.both, false)] {
            let validator = try c.validator(requirement: requirement)
            let result = try? validator.validateWithoutReplayCheck(response, expectedRequestID: c.inResponseTo, now: c.instant)
            #expect((result != nil) == accepted, "requirement \(requirement)")
        }
    }
}
