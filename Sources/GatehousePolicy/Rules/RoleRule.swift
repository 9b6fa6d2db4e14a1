/// One role-mapping rule: a condition on the login's claims and the role it grants.
public struct RoleRule: Hashable, Sendable {
    /// What the rule looks at.
    public enum Condition: Hashable, Sendable {
        /// A group with exactly this name (subject to ``GroupCaseHandling``).
        case group(String)
        /// Any group whose name starts with this prefix (e.g. `anthropic-admin-`).
        case groupPrefix(String)
        /// A group object ID (e.g. an Entra GUID), compared case-insensitively.
        case groupID(String)
        /// The email's domain equals this domain (case-insensitive). The domain must also be verified.
        case emailDomain(String)
        /// An attribute has this value among its values (exact comparison).
        case attribute(name: String, value: String)
    }

    /// Stable identifier shown in explanations and reports.
    public var id: String
    public var role: Role
    public var condition: Condition

    public init(id: String, role: Role, condition: Condition) {
        self.id = id
        self.role = role
        self.condition = condition
    }

    /// `group 'anthropic-eng'`, `email domain 'example.com'`, …
    public var conditionDescription: String {
        switch condition {
        case .group(let g): "group '\(g)'"
        case .groupPrefix(let p): "group prefix '\(p)'"
        case .groupID(let id): "group ID '\(id)'"
        case .emailDomain(let d): "email domain '\(d)'"
        case .attribute(let n, let v): "attribute '\(n)' = '\(v)'"
        }
    }

    var isGroupRule: Bool {
        switch condition {
        case .group, .groupPrefix, .groupID: true
        default: false
        }
    }
}

/// An explicit per-user decision that wins over every rule (but never demotes the Primary Owner).
public struct UserOverride: Hashable, Sendable {
    public enum Outcome: Hashable, Sendable {
        case role(Role)
        case deny
    }
    /// Compared case-insensitively.
    public var email: String
    public var outcome: Outcome
    public var note: String?

    public init(email: String, outcome: Outcome, note: String? = nil) {
        self.email = email
        self.outcome = outcome
        self.note = note
    }
}
