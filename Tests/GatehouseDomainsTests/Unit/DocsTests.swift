import Foundation
import GatehouseDomains
import Testing

/// docs/domains.md lists every code with its meaning and fix.
@Suite struct DocsTests {
    @Test func everyCodeIsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/domains.md"), encoding: .utf8)
        for code in DomainDiagnosis.Code.all {
            #expect(docs.contains("| `\(code.rawValue)` |"), "docs/domains.md does not document \(code.rawValue)")
        }
        for code in ["domain.invalid_domain", "domain.invalid_token", "domain.invalid_nameserver", "domain.ownership_conflict", "domain.not_claimed"] {
            #expect(docs.contains("| `\(code)` |"), "docs/domains.md does not document \(code)")
        }
    }
}
