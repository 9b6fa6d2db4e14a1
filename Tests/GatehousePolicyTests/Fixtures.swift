import Foundation
import GatehousePolicy

/// One reference instant for every fixture (certificate expiry, break-glass tests).
let referenceNow = Date(timeIntervalSince1970: 1_795_435_200)  // 2026-11-24T12:00:00Z

let exampleDomains = [
    OrgDomain(name: "example.com", verified: true, enforced: true),
    OrgDomain(name: "pending.example", verified: false),
]

/// The policy the tables run against: one rule of every kind.
func examplePolicy(
    groupCase: GroupCaseHandling = .sensitive, prefix: String? = "anthropic-", defaultRole: Role? = nil,
    joined: JoinedGroupHandling = .flag
) -> RoleMappingPolicy {
    RoleMappingPolicy(
        rules: [
            RoleRule(id: "owners", role: .owner, condition: .group("anthropic-owners")),
            RoleRule(id: "admins", role: .admin, condition: .group("anthropic-admins")),
            RoleRule(id: "leads", role: .admin, condition: .groupPrefix("anthropic-lead-")),
            RoleRule(id: "engineering", role: .member, condition: .group("anthropic-engineering")),
            RoleRule(id: "entra-admins", role: .admin, condition: .groupID("6f1c2a9e-4b7d-4e21-9c3a-0d5e8f7a1b2c")),
            RoleRule(id: "contractors", role: .member, condition: .emailDomain("contractors.example.com")),
            RoleRule(id: "finance", role: .custom("billing"), condition: .attribute(name: "department", value: "Finance")),
        ],
        overrides: [
            UserOverride(email: "CEO@example.com", outcome: .role(.owner)),
            UserOverride(email: "gone@example.com", outcome: .deny, note: "offboarded"),
        ],
        defaultRole: defaultRole, groupCase: groupCase, requiredGroupPrefix: prefix, joinedGroups: joined,
        customRoles: [CustomRole(name: "billing", basedOn: .member, permissions: ["billing.read"])])
}

func mapper(_ policy: RoleMappingPolicy = examplePolicy(), domains: [OrgDomain] = exampleDomains) throws -> RoleMapper {
    var all = domains
    all.append(OrgDomain(name: "contractors.example.com", verified: true))
    return try RoleMapper(policy: policy, domains: all)
}

func claims(
    _ email: String? = "user@example.com", groups: [String]? = [], ids: [String] = [], overage: Bool = false,
    attributes: [String: [String]] = [:], verified: Bool? = nil, connection: String? = "saml"
) -> LoginClaims {
    LoginClaims(
        email: email, emailVerified: verified, groups: groups, groupIDs: ids, groupsOverage: overage, attributes: attributes,
        source: .init(sourceProtocol: .saml, vendor: "generic", connectionID: connection))
}

/// An org context with every blocker cleared, for tests to break one thing at a time.
func healthyContext(policy: RoleMappingPolicy = examplePolicy()) -> EnforcementContext {
    EnforcementContext(
        orgID: "example", orgName: "Example", policy: policy,
        domains: [OrgDomain(name: "example.com", verified: true, enforced: true, lastCheck: .init(at: referenceNow, succeeded: true))],
        connections: [
            ConnectionSummary(
                id: "saml", kind: .saml,
                signingCertificates: [
                    SigningCertificateInfo(fingerprint: "sha256:current", notAfter: referenceNow.addingTimeInterval(365 * 86_400)),
                    SigningCertificateInfo(fingerprint: "sha256:next", notAfter: referenceNow.addingTimeInterval(730 * 86_400)),
                ]),
            ConnectionSummary(id: "oidc", kind: .oidc),
        ],
        breakGlass: [BreakGlassAccount(email: "breakglass@example.com", lastTested: referenceNow.addingTimeInterval(-86_400))],
        scimConnected: true, now: referenceNow)
}

func member(_ email: String, _ role: Role?, groups: [String]? = [], connection: String? = "saml") -> OrgMember {
    OrgMember(email: email, currentRole: role, claims: claims(email, groups: groups, connection: connection))
}

/// Owners and admins that all keep their role.
let healthyMembers = [
    member("alice@example.com", .primaryOwner, groups: ["anthropic-owners"]),
    member("olivia@example.com", .owner, groups: ["anthropic-owners"]),
    member("adam@example.com", .admin, groups: ["anthropic-admins"]),
    member("eve@example.com", .member, groups: ["anthropic-engineering"]),
]
