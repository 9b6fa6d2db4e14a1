import Foundation
import GatehouseSAML
import Testing

/// Every case of the attack and interop corpus: accepted ones yield exactly the expected values, rejected ones the
/// expected stable code.
@Suite struct CorpusTests {
    @Test(arguments: CorpusCase.all)
    func corpusCase(_ c: CorpusCase) async throws {
        let outcome = try await c.run()
        let acceptable = c.acceptableCodes ?? [c.expect]
        switch outcome {
        case .success(let assertion):
            #expect(acceptable.contains("accept"), "accepted, expected \(acceptable): \(c.why)")
            if let nameID = c.nameID { #expect(assertion.nameID == nameID) }
            if let attributes = c.attributes {
                for (name, values) in attributes { #expect(assertion.values(of: name) == values, "attribute \(name)") }
            }
            if c.expectWarnings == true { #expect(!assertion.warnings.isEmpty) }
        case .failure(let error):
            #expect(acceptable.contains(error.code), "got \(error.code): \(error.reason) — expected \(acceptable): \(c.why)")
            #expect(!error.reason.isEmpty)
        }
    }

    @Test func corpusCoversEveryAttackClass() {
        let names = Set(CorpusCase.all.map(\.name))
        #expect(CorpusCase.all.count >= 80)
        #expect(names.contains { $0.hasPrefix("xsw") }, "signature wrapping")
        #expect(names.contains { $0.contains("comment") }, "comment injection")
        #expect(names.contains { $0.contains("dtd") || $0.contains("xxe") }, "DTD / XXE")
        #expect(names.contains { $0.contains("hmac") }, "HMAC algorithm confusion")
        #expect(names.contains { $0.contains("encrypted") }, "encrypted assertions")
    }
}
