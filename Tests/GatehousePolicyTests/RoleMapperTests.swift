import GatehousePolicy
import Testing

@Suite("Role mapping: every rule kind")
struct RoleMapperRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let claims: LoginClaims
        let role: Role?
        let rule: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "exact group", claims: claims(groups: ["anthropic-engineering"]), role: .member, rule: "engineering"),
        Case(name: "group prefix rule", claims: claims(groups: ["anthropic-lead-platform"]), role: .admin, rule: "leads"),
        Case(name: "group ID in groupIDs", claims: claims(groups: nil, ids: ["6F1C2A9E-4B7D-4E21-9C3A-0D5E8F7A1B2C"]), role: .admin, rule: "entra-admins"),
        Case(name: "group ID sent as a group name", claims: claims(groups: ["6f1c2a9e-4b7d-4e21-9c3a-0d5e8f7a1b2c"]), role: .admin, rule: "entra-admins"),
        Case(name: "email domain", claims: claims("x@contractors.example.com", groups: nil), role: .member, rule: "contractors"),
        Case(name: "attribute equality", claims: claims(attributes: ["department": ["Sales", "Finance"]]), role: .custom("billing"), rule: "finance"),
        Case(name: "highest role wins", claims: claims(groups: ["anthropic-engineering", "anthropic-admins", "anthropic-owners"]), role: .owner, rule: "owners"),
        Case(name: "custom role ranks above member", claims: claims(groups: ["anthropic-engineering"], attributes: ["department": ["Finance"]]), role: .custom("billing"), rule: "finance"),
        Case(name: "override grants", claims: claims("ceo@EXAMPLE.com", groups: []), role: .owner, rule: nil),
    ]

    @Test(arguments: cases)
    func grants(_ c: Case) throws {
        let result = try mapper().evaluate(c.claims)
        #expect(result.role == c.role)
        #expect(result.denial == nil)
        if let rule = c.rule { #expect(result.winningRuleID == rule) }
    }

    @Test func overrideWinsAndIsReported() throws {
        let result = try mapper().evaluate(claims("ceo@example.com", groups: ["anthropic-engineering"]))
        #expect(result.source == .override)
        #expect(result.matched.first?.condition == "user override")
    }

    @Test func overrideDenies() throws {
        let result = try mapper().evaluate(claims("gone@example.com", groups: ["anthropic-owners"]))
        #expect(result.role == nil)
        #expect(result.denial?.code == "policy.denied_by_override")
        #expect(result.denial?.reason.contains("offboarded") == true)
    }

    @Test func defaultRoleAppliesWhenNothingMatches() throws {
        let result = try mapper(examplePolicy(defaultRole: .member)).evaluate(claims(groups: ["anthropic-unknown"]))
        #expect(result.role == .member)
        #expect(result.source == .defaultRole)
    }

    @Test func denyWhenNothingMatches() throws {
        let result = try mapper().evaluate(claims(groups: ["anthropic-unknown"]))
        #expect(result.role == nil)
        #expect(result.denial?.code == "policy.no_role_match")
        #expect(result.ignoredGroups.map(\.reason) == [.noRule])
    }

    @Test func caseInsensitiveMatchesWhenChosen() throws {
        let result = try mapper(examplePolicy(groupCase: .insensitive)).evaluate(claims(groups: ["Anthropic-Engineering"]))
        #expect(result.role == .member)
        #expect(result.nearMisses.isEmpty)
    }

    @Test func joinedGroupsSplitWhenChosen() throws {
        let result = try mapper(examplePolicy(joined: .split)).evaluate(claims(groups: ["anthropic-engineering,anthropic-admins"]))
        #expect(result.role == .admin)
        #expect(result.effectiveGroups == ["anthropic-engineering", "anthropic-admins"])
    }

    @Test func primaryOwnerIsNeverDemoted() throws {
        let m = try mapper()
        for groups in [[], ["anthropic-engineering"], ["Anthropic-Owners"]] as [[String]] {
            let result = m.evaluate(claims("alice@example.com", groups: groups), currentRole: .primaryOwner)
            #expect(result.role == .primaryOwner)
            #expect(result.source == .primaryOwnerProtection)
        }
        let denied = m.evaluate(claims("gone@example.com", groups: []), currentRole: .primaryOwner)
        #expect(denied.role == .primaryOwner)
    }

    @Test func primaryOwnerStillNeedsAnIdentity() throws {
        let result = try mapper().evaluate(claims(nil, groups: ["anthropic-owners"]), currentRole: .primaryOwner)
        #expect(result.role == nil)
        #expect(result.denial?.code == "policy.email_missing")
    }

    @Test func invalidPoliciesAreRejected() {
        let grantsPrimary = RoleMappingPolicy(rules: [RoleRule(id: "x", role: .primaryOwner, condition: .group("g"))])
        #expect(throws: PolicyError.self) { try RoleMapper(policy: grantsPrimary, domains: []) }
        let unknownRole = RoleMappingPolicy(rules: [RoleRule(id: "x", role: .custom("ghost"), condition: .group("g"))])
        #expect(throws: PolicyError.self) { try RoleMapper(policy: unknownRole, domains: []) }
        let duplicate = RoleMappingPolicy(rules: [
            RoleRule(id: "x", role: .member, condition: .group("a")), RoleRule(id: "x", role: .member, condition: .group("b")),
        ])
        #expect(throws: PolicyError.self) { try RoleMapper(policy: duplicate, domains: []) }
    }
}
