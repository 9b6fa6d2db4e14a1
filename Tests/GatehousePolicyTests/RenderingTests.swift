import Foundation
import GatehousePolicy
import Testing

@Suite("Report rendering")
struct RenderingTests {
    func report() throws -> EnforcementReport {
        var context = healthyContext()
        context.orgName = "<Acme & \"Co\">"
        return try EnforcementEngine(context: context).run(
            members: healthyMembers + [
                member("x@example.com", .admin, groups: ["<script>alert(1)</script>", "quote\"back\\slash\ncontrol\u{01}"])
            ])
    }

    /// Every object's keys appear in sorted order, recursively.
    func keysSorted(_ text: String) -> Bool {
        // JSONSerialization loses order, so check the raw text: re-encode with sorted keys and compare.
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
            let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return false }
        let a = try? JSONSerialization.jsonObject(with: sorted)
        return (a as? NSDictionary) == (object as? NSDictionary)
    }

    @Test func jsonIsValidWithStableKeys() throws {
        let text = try report().renderJSON()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["blockers", "exitStatus", "generatedAt", "members", "org", "safe", "summary"])
        #expect(object["safe"] as? Bool == false)
        let members = try #require(object["members"] as? [[String: Any]])
        #expect(
            Set(members[0].keys) == ["currentRole", "email", "name", "nearMisses", "outcome", "predictedRole", "reasons", "ruleID"])
        #expect(keysSorted(text))
        // keys in the raw text are in sorted order for the top level
        let order = ["\"blockers\"", "\"exitStatus\"", "\"generatedAt\"", "\"members\"", "\"org\"", "\"safe\"", "\"summary\""]
        let positions = order.map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func htmlEscapesEverything() throws {
        let html = try report().renderHTML()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;Acme &amp; &quot;Co&quot;&gt;"))
        #expect(!html.contains("http://") && !html.contains("https://"), "self-contained: no external resources")
    }

    @Test func tableIsAligned() throws {
        let table = try report().renderTable()
        let lines = table.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("EMAIL") })
        let column = try #require(header.range(of: "CURRENT")).lowerBound.utf16Offset(in: header)
        for line in lines where line.hasSuffix("@example.com") == false && line.contains("@example.com  ") {
            #expect(line.utf16.count > column)
        }
        #expect(table.contains("acknowledge as: policy.admin_locked_out:x@example.com"))
    }

    @Test func explainJSON() throws {
        let result = try mapper().evaluate(claims(groups: ["engineering"]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.renderJSON().utf8)) as? [String: Any])
        #expect(object["decision"] as? String == "denied")
        #expect((object["denial"] as? [String: Any])?["code"] as? String == "policy.no_role_match")
        #expect(object["groupsClaim"] as? String == "present")
        #expect(result.renderText().contains("did you mean to send it with the prefix?"))
    }

    @Test func explainJSONAbsentGroupsIsNull() throws {
        let result = try mapper().evaluate(claims(groups: nil))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.renderJSON().utf8)) as? [String: Any])
        #expect(object["receivedGroups"] is NSNull)
        #expect(object["groupsClaim"] as? String == "absent")
    }
}
