import Foundation
import Testing
@testable import GatehouseSCIM

@Suite("Filter parser")
struct FilterParserTests {
    func doc(_ json: String) throws -> JSONValue { try JSONParser.parse(Array(json.utf8)) }

    let bjensen = """
        {"userName":"BJensen","displayName":"Babs Jensen","active":true,"title":"Tour Guide","nickName":"Babs",
         "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@home.example","type":"home"}],
         "name":{"givenName":"Barbara","familyName":"Jensen"},"externalId":"E-1",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Tours","manager":{"value":"m-1"}},
         "meta":{"created":"2026-01-01T00:00:00.000Z","lastModified":"2026-06-01T00:00:00.000Z"}}
        """

    func matches(_ filter: String) throws -> Bool {
        let f = try SCIMFilterParser.parseFilter(filter)
        return try SCIMFilterEvaluator(f, type: .user).matches(try doc(bjensen))
    }

    @Test(arguments: [
        ("userName eq \"bjensen\"", true),  // userName is caseExact=false
        ("USERNAME EQ \"BJENSEN\"", true),  // attribute names and operators ignore case
        ("externalId eq \"e-1\"", false),  // externalId is caseExact
        ("externalId eq \"E-1\"", true),
        ("userName ne \"bjensen\"", false),
        ("displayName co \"abs J\"", true),
        ("displayName sw \"babs\"", true),
        ("displayName ew \"JENSEN\"", true),
        ("title pr", true),
        ("profileUrl pr", false),
        ("meta.lastModified gt \"2026-05-01T00:00:00Z\"", true),
        ("meta.lastModified ge \"2026-06-01T00:00:00.000Z\"", true),
        ("meta.created lt \"2026-01-01T00:00:00Z\"", false),
        ("meta.created le \"2026-01-01T00:00:00.000Z\"", true),
        ("meta.created eq \"2026-01-01T01:00:00+01:00\"", true),  // dateTime compares instants, not text
        ("active eq true", true),
        ("active eq false", false),
        ("emails[type eq \"work\" and value co \"@example.com\"]", true),
        ("emails[type eq \"home\"].value eq \"babs@home.example\"", true),
        ("emails[type eq \"work\"].value eq \"babs@home.example\"", false),
        ("emails.value eq \"BABS@home.example\"", true),
        ("emails co \"home.example\"", true),
        ("name.givenName eq \"barbara\"", true),
        ("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"bj\"", true),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"tours\"", true),
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"m-1\"", true),
        // Precedence: and binds tighter than or; not needs its operand.
        ("userName eq \"x\" or userName eq \"bjensen\" and active eq false", false),
        ("(userName eq \"x\" or userName eq \"bjensen\") and active eq true", true),
        ("userName eq \"bjensen\" or userName eq \"x\" and active eq false", true),
        ("not (userName eq \"bjensen\")", false),
        ("not (userName eq \"x\") and title pr", true),
        ("userName eq \"x\" or not (title pr) or nickName eq \"babs\"", true),
    ])
    func operators(filter: String, expected: Bool) throws {
        #expect(try matches(filter) == expected, "\(filter)")
    }

    @Test(arguments: [
        "", "userName", "userName eq", "userName zz \"x\"", "userName eq \"x", "(userName eq \"x\"", "userName eq \"x\")",
        "emails[type eq \"work\"", "emails[emails[type eq \"a\"]]", "userName eq \"x\" and", "and", "userName eq x",
        "active gt true", "unknownAttr eq \"x\"", "name eq \"x\"", "urn:foo:bar:userName eq \"x\"", "userName eq \"\\q\"",
        "userName eq \"x\" userName eq \"y\"", "1 eq 1", "userName eq \"a\" ;drop table users",
        "meta.created gt \"yesterday\"",
    ])
    func invalidFilters(filter: String) {
        #expect(throws: SCIMError(.invalidFilter, "")) {
            let f = try SCIMFilterParser.parseFilter(filter)
            _ = try SCIMFilterEvaluator(f, type: .user)
        }
    }

    @Test("hostile filters are refused quickly", .timeLimit(.minutes(1)))
    func hostile() {
        let deep = String(repeating: "(", count: 5000) + "userName eq \"x\"" + String(repeating: ")", count: 5000)
        let nots = String(repeating: "not (", count: 100) + "userName pr" + String(repeating: ")", count: 100)
        let wide = (0..<500).map { "userName eq \"u\($0)\"" }.joined(separator: " or ")
        let long = "userName eq \"" + String(repeating: "a", count: 100_000) + "\""
        let garbage = String(repeating: "[[[[", count: 1000)
        let start = Date()
        for f in [deep, nots, wide, long, garbage] {
            #expect(throws: SCIMError(.invalidFilter, "")) { _ = try SCIMFilterParser.parseFilter(f) }
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func patchPaths() throws {
        let p = try SCIMFilterParser.parsePath("emails[type eq \"work\"].value")
        #expect(p.attribute.attribute == "emails")
        #expect(p.subAttribute == "value")
        let m = try SCIMFilterParser.parsePath("members[value eq \"2819c223\"]")
        #expect(m.filter == .compare(SCIMAttributePath(urn: nil, attribute: "value"), .eq, .string("2819c223")))
        let e = try SCIMFilterParser.parsePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
        #expect(e.attribute.urn == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        #expect(e.attribute.attribute == "manager")
        #expect(throws: SCIMError(.invalidPath, "")) { try SCIMFilterParser.parsePath("emails[type eq \"work\"]value") }
        #expect(throws: SCIMError(.invalidPath, "")) { try SCIMFilterParser.parsePath("a.b.c") }
    }

    @Test func jsonParserIsBoundedAndStrict() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        for bad in [deep, "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "\"\\ud800\"", "tru", "{}x", "01x"] {
            #expect(throws: SCIMError(.invalidSyntax, "")) { _ = try JSONParser.parse(Array(bad.utf8)) }
        }
        #expect((try? JSONParser.parse(Array("{\"a\":[1,2.5,\"\\u00e9\\ud83d\\ude00\",true,null]}".utf8))) != nil)
    }
}
