/// A custom role with named permissions, ranked 50 above its base role (Member or Admin).
public struct CustomRole: Hashable, Sendable {
    public var name: String
    /// `.member` or `.admin`: decides the rank and what the role can do beyond `permissions`.
    public var basedOn: Role
    public var permissions: [String]

    public init(name: String, basedOn: Role = .member, permissions: [String] = []) {
        self.name = name
        self.basedOn = basedOn
        self.permissions = permissions
    }
}

/// Ranks roles for "highest role wins".
package struct RoleRanking: Sendable {
    let custom: [String: CustomRole]

    package init(customRoles: [CustomRole]) {
        var map: [String: CustomRole] = [:]
        for role in customRoles { map[role.name] = role }
        custom = map
    }

    package func rank(_ role: Role) -> Int {
        switch role.base {
        case .primaryOwner: 400
        case .owner: 300
        case .admin: 200
        case .member: 100
        case .custom(let name): (custom[name].map { $0.basedOn == .admin ? 250 : 150 }) ?? 0
        }
    }

    package func isKnown(_ role: Role) -> Bool { role.isBuiltIn || custom[role.name] != nil }
}
