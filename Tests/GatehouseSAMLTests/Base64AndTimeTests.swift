import Foundation
import GatehouseSAML
import Testing

@Suite struct InputDecodingTests {
    @Test func formValueWithLineBreaksDecodes() throws {
        let xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"
        let encoded = Data(xml.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn])
        let response = try UnverifiedSAMLResponse(formValue: Array(encoded.utf8))
        let validator = try CorpusCase.named("valid-assertion-signed").validator()
        // Decodes to the XML: the rejection is about the XML, not the encoding.
        #expect(throws: SAMLError(.schemaViolation, "")) {
            try validator.validateWithoutReplayCheck(response, expectedRequestID: nil, now: Date())
        }
    }

    @Test func instantsOutsideUTCAreRejectedNotGuessed() throws {
        let c = CorpusCase.named("valid-assertion-signed")
        let text = String(decoding: try c.bytes(), as: UTF8.self)
        // Without a zone designator the instant is ambiguous: schema violation, never a guess.
        let stripped = text.replacingOccurrences(of: "IssueInstant=\"2026-01-01T00:00:00Z\"", with: "IssueInstant=\"2026-01-01T00:00:00\"")
        let validator = try c.validator()
        #expect(throws: SAMLError.self) {
            try validator.validateWithoutReplayCheck(UnverifiedSAMLResponse(formValue: Array(stripped.utf8)), expectedRequestID: c.inResponseTo, now: c.instant)
        }
    }
}
