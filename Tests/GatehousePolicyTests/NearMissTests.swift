import GatehousePolicy
import Testing

@Suite("Role mapping: near misses, ignored groups and denial codes")
struct NearMissTests {
    @Test func missingPrefixIsNamedExactly() throws {
        let result = try mapper().evaluate(claims(groups: ["engineering"]))
        #expect(result.denial?.code == "policy.no_role_match")
        #expect(
            result.nearMisses.map(\.message) == [
                "Group 'engineering' does not match required 'anthropic-engineering' format — did you mean to send it with the prefix?"
            ])
        #expect(result.nearMisses.first?.ruleID == "engineering")
        #expect(result.ignoredGroups.first?.reason == .missingPrefix)
    }

    @Test func missingPrefixWithoutAPolicyPrefix() throws {
        let result = try mapper(examplePolicy(prefix: nil)).evaluate(claims(groups: ["engineering"]))
        #expect(result.nearMisses.first?.kind == .missingPrefix)
        #expect(result.nearMisses.first?.expected == "anthropic-engineering")
    }

    @Test func unrelatedGroupWithoutPrefixIsIgnoredWithoutNearMiss() throws {
        let result = try mapper().evaluate(claims(groups: ["marketing"]))
        #expect(result.ignoredGroups.first?.reason == .missingPrefix)
        #expect(result.nearMisses.isEmpty)
    }

    @Test(arguments: ["Anthropic-Engineering", "ANTHROPIC-ENGINEERING", "anthropic-Engineering"])
    func caseMismatch(_ group: String) throws {
        let result = try mapper().evaluate(claims(groups: [group]))
        #expect(result.role == nil)
        #expect(result.nearMisses.first?.kind == .caseMismatch)
        #expect(result.nearMisses.first?.expected == "anthropic-engineering")
        #expect(result.ignoredGroups.first?.reason == .caseMismatch)
    }

    @Test func objectIDsAreRecognised() throws {
        let result = try mapper().evaluate(claims(groups: ["3f2c9a7e-1b4d-4c8e-9f0a-2d6b7e8c1a5f"]))
        #expect(result.nearMisses.first?.kind == .objectID)
        #expect(result.nearMisses.first?.message.contains("looks like an Entra object ID") == true)
        #expect(result.ignoredGroups.first?.reason == .looksLikeObjectID)
    }

    @Test func joinedStringIsFlagged() throws {
        let result = try mapper().evaluate(claims(groups: ["a,b,c"]))
        #expect(result.ignoredGroups.first?.reason == .joinedString)
        #expect(result.nearMisses.first?.kind == .joinedString)
        #expect(result.nearMisses.first?.message.contains("'a,b,c' looks like 3 groups") == true)
    }

    @Test func whitespaceIsNotSilentlyTrimmed() throws {
        let result = try mapper().evaluate(claims(groups: [" anthropic-admins "]))
        #expect(result.role == nil)
        #expect(result.nearMisses.first?.kind == .whitespace)
    }

    @Test func groupsAbsentVersusEmpty() throws {
        let m = try mapper()
        let absent = m.evaluate(claims(groups: nil))
        #expect(absent.denial?.code == "policy.groups_not_sent")
        #expect(absent.groupsClaimState == "absent")
        let empty = m.evaluate(claims(groups: []))
        #expect(empty.denial?.code == "policy.no_role_match")
        #expect(empty.groupsClaimState == "empty")
        #expect(empty.notes.contains { $0.contains("present but empty") })
    }

    @Test func groupsUnderAnotherAttributeAreHinted() throws {
        let result = try mapper().evaluate(claims(groups: nil, attributes: ["memberOf": ["anthropic-admins"]]))
        #expect(result.notes.contains { $0.contains("Groups found under attribute 'memberOf'") })
    }

    @Test func overage() throws {
        let result = try mapper().evaluate(claims(groups: nil, overage: true))
        #expect(result.denial?.code == "policy.groups_overage")
    }

    @Test func emailMissing() throws {
        #expect(try mapper().evaluate(claims(nil)).denial?.code == "policy.email_missing")
        #expect(try mapper().evaluate(claims("not-an-email")).denial?.code == "policy.email_missing")
    }

    @Test(arguments: ["a@b@example.com", "a b@example.com", "@example.com", "a@", "a\u{0}@example.com"])
    func malformedEmailsAreDenied(_ email: String) throws {
        let result = try mapper().evaluate(claims(email, groups: ["anthropic-owners"]))
        #expect(result.denial?.code == "policy.email_missing")
    }

    @Test func hugeGroupClaimIsLinear() throws {
        let groups = (0..<50_000).map { "anthropic-g\($0)" } + ["anthropic-admins"]
        let result = try mapper().evaluate(claims(groups: groups))
        #expect(result.role == .admin)
        #expect(result.ignoredGroups.count == 50_000)
    }

    @Test func emailUnverifiedByTheIdP() throws {
        #expect(try mapper().evaluate(claims(verified: false)).denial?.code == "policy.email_unverified")
    }

    @Test(arguments: ["user@pending.example", "user@elsewhere.test", "user@eu.example.com"])
    func emailDomainUnverified(_ email: String) throws {
        let result = try mapper().evaluate(claims(email, groups: ["anthropic-owners"]))
        #expect(result.role == nil)
        #expect(result.denial?.code == "policy.email_domain_unverified")
        if email.hasSuffix("eu.example.com") { #expect(result.nearMisses.first?.kind == .subdomain) }
    }

    @Test func attributeNearMisses() throws {
        let m = try mapper()
        let value = m.evaluate(claims(attributes: ["department": ["finance"]]))
        #expect(value.nearMisses.first?.kind == .attributeValueCase)
        let name = m.evaluate(claims(attributes: ["Department": ["Finance"]]))
        #expect(name.nearMisses.first?.kind == .attributeName)
    }

    @Test func resultListsReceivedAndEffectiveGroups() throws {
        let result = try mapper().evaluate(claims(groups: ["anthropic-engineering", "engineering", "anthropic-misc"]))
        #expect(result.receivedGroups == ["anthropic-engineering", "engineering", "anthropic-misc"])
        #expect(result.effectiveGroups == ["anthropic-engineering", "anthropic-misc"])
        #expect(result.ignoredGroups.map(\.value) == ["engineering", "anthropic-misc"])
    }
}
