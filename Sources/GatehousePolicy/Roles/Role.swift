/// A role in an organization: the four built-in roles or a custom role named in the policy.
///
/// Ranks decide "highest role wins": Member 100, custom roles 50 above their base (Member or Admin),
/// Admin 200, Owner 300, Primary Owner 400. The Primary Owner is never *assigned* by mapping; it is
/// a property of one account that mapping, JIT and SCIM reconciliation never demote or remove.
public struct Role: Hashable, Sendable, CustomStringConvertible {
    enum Base: Hashable, Sendable {
        case primaryOwner, owner, admin, member
        case custom(String)
    }
    let base: Base

    public static let primaryOwner = Role(base: .primaryOwner)
    public static let owner = Role(base: .owner)
    public static let admin = Role(base: .admin)
    public static let member = Role(base: .member)
    /// A custom role; its permissions and base rank live in ``CustomRole``.
    public static func custom(_ name: String) -> Role { Role(base: .custom(name)) }

    /// The configuration name: `primary_owner`, `owner`, `admin`, `member` or the custom role's name.
    public var name: String {
        switch base {
        case .primaryOwner: "primary_owner"
        case .owner: "owner"
        case .admin: "admin"
        case .member: "member"
        case .custom(let name): name
        }
    }

    /// Human name for reports: "Primary Owner", "Owner", …
    public var displayName: String {
        switch base {
        case .primaryOwner: "Primary Owner"
        case .owner: "Owner"
        case .admin: "Admin"
        case .member: "Member"
        case .custom(let name): name
        }
    }

    public var description: String { name }

    /// Owner or Primary Owner.
    public var isOwner: Bool { self == .owner || self == .primaryOwner }
    /// Admin, Owner or Primary Owner (the roles whose lockout blocks enforcement).
    public var isAdministrative: Bool { isOwner || self == .admin }
    public var isBuiltIn: Bool { if case .custom = base { false } else { true } }

    /// Parses a configuration name; anything that is not a built-in name is a custom role name.
    public init(name: String) {
        switch name {
        case "primary_owner": self = .primaryOwner
        case "owner": self = .owner
        case "admin": self = .admin
        case "member": self = .member
        default: self = .custom(name)
        }
    }

    init(base: Base) { self.base = base }
}
