/// How group names are compared. There is no silent default in configuration: each org states it.
public struct GroupCaseHandling: Hashable, Sendable, CustomStringConvertible {
    enum Base: String, Hashable, Sendable { case sensitive, insensitive }
    let base: Base
    /// `Anthropic-Engineering` does not match `anthropic-engineering`; the mismatch is reported as a near miss.
    public static let sensitive = GroupCaseHandling(base: .sensitive)
    /// Names are compared after lowercasing.
    /// - Warning: two IdP groups that differ only in case (`Admins`, `admins`) then grant the same role; use it
    ///   only when the IdP treats names case-insensitively (Entra, Google).
    public static let insensitive = GroupCaseHandling(base: .insensitive)
    public var description: String { base.rawValue }
    public init?(name: String) {
        guard let base = Base(rawValue: name) else { return nil }
        self.base = base
    }
    init(base: Base) { self.base = base }
}

/// What to do with a group value that looks like several names joined into one string (`"a,b,c"`).
public struct JoinedGroupHandling: Hashable, Sendable, CustomStringConvertible {
    enum Base: String, Hashable, Sendable { case flag, split }
    let base: Base
    /// Ignore the value and report it (default): the IdP should send one value per group.
    public static let flag = JoinedGroupHandling(base: .flag)
    /// Split on `,` and `;` and use each part.
    /// - Warning: a group whose real name contains a comma is then read as several groups, which can grant a
    ///   role the IdP never meant; only for IdPs known to join values.
    public static let split = JoinedGroupHandling(base: .split)
    public var description: String { base.rawValue }
    public init?(name: String) {
        guard let base = Base(rawValue: name) else { return nil }
        self.base = base
    }
    init(base: Base) { self.base = base }
}

/// An organization's role-mapping policy: rules, overrides, and what happens when nothing matches.
public struct RoleMappingPolicy: Hashable, Sendable {
    public var rules: [RoleRule]
    public var overrides: [UserOverride]
    /// The role given when no rule matches; `nil` denies the login (`policy.no_role_match`).
    public var defaultRole: Role?
    public var groupCase: GroupCaseHandling
    /// When set, group names without this prefix are ignored (and named as near misses when the prefixed name
    /// is used by a rule).
    public var requiredGroupPrefix: String?
    public var joinedGroups: JoinedGroupHandling
    public var customRoles: [CustomRole]

    public init(
        rules: [RoleRule] = [], overrides: [UserOverride] = [], defaultRole: Role? = nil,
        groupCase: GroupCaseHandling = .sensitive, requiredGroupPrefix: String? = nil,
        joinedGroups: JoinedGroupHandling = .flag, customRoles: [CustomRole] = []
    ) {
        self.rules = rules
        self.overrides = overrides
        self.defaultRole = defaultRole
        self.groupCase = groupCase
        self.requiredGroupPrefix = requiredGroupPrefix
        self.joinedGroups = joinedGroups
        self.customRoles = customRoles
    }

    /// Checks the policy itself: unknown roles, duplicate rule IDs, rules that grant Primary Owner.
    public func validate() throws(PolicyError) {
        let ranking = RoleRanking(customRoles: customRoles)
        var seen = Set<String>()
        for rule in rules {
            if !seen.insert(rule.id).inserted {
                throw PolicyError(.invalidPolicy, "rule id '\(rule.id)' is used twice; rule ids must be unique")
            }
            try Self.checkAssignable(rule.role, ranking, what: "rule '\(rule.id)'")
        }
        for override in overrides {
            if case .role(let role) = override.outcome {
                try Self.checkAssignable(role, ranking, what: "override for '\(override.email)'")
            }
        }
        if let defaultRole { try Self.checkAssignable(defaultRole, ranking, what: "defaultRole") }
        for custom in customRoles where custom.basedOn != .member && custom.basedOn != .admin {
            throw PolicyError(
                .invalidPolicy, "custom role '\(custom.name)' is based on '\(custom.basedOn)'; expected 'member' or 'admin'")
        }
    }

    private static func checkAssignable(_ role: Role, _ ranking: RoleRanking, what: String) throws(PolicyError) {
        if role == .primaryOwner {
            throw PolicyError(
                .invalidPolicy,
                "\(what) grants primary_owner; the Primary Owner is one designated account and is never assigned by mapping")
        }
        if !ranking.isKnown(role) {
            throw PolicyError(
                .invalidPolicy,
                "\(what) grants unknown role '\(role.name)'; expected owner, admin, member or a custom role defined in customRoles")
        }
    }
}
