/// The outcome of mapping one login's claims to a role, with every reason behind it.
///
/// Feeds `gatehouse policy explain`, the dry run and the audit log. A denial is a value here, not a throw.
public struct RoleMappingResult: Hashable, Sendable {
    /// Which step decided the role.
    public enum Source: String, Hashable, Sendable {
        case rule, override, defaultRole = "default_role", primaryOwnerProtection = "primary_owner_protection", denied
    }

    /// The granted role; `nil` when denied.
    public var role: Role?
    /// Why the login is denied (`policy.no_role_match`, `policy.groups_not_sent`, …); `nil` when granted.
    public var denial: PolicyError?
    public var source: Source
    /// The role mapping alone would give, before Primary Owner protection (equals `role` otherwise).
    public var mappedRole: Role?
    /// Every rule that matched, the winner first.
    public var matched: [RuleMatch]
    /// The groups as they arrived; `nil` when the claim was absent.
    public var receivedGroups: [String]?
    /// The groups rules were evaluated against (after trimming, prefix checks, optional splitting).
    public var effectiveGroups: [String]
    public var ignoredGroups: [IgnoredGroup]
    public var nearMisses: [NearMiss]
    /// Hints that are neither near misses nor ignored groups (overage, groups under another attribute name, …).
    public var notes: [String]

    public var isGranted: Bool { role != nil }
    /// The winning rule's id, when a rule decided.
    public var winningRuleID: String? { source == .rule ? matched.first?.ruleID : nil }
}

/// A rule that matched, and what in the claims made it match.
public struct RuleMatch: Hashable, Sendable {
    public var ruleID: String
    public var role: Role
    /// `group 'anthropic-eng'`, `email domain 'example.com'`, …
    public var condition: String
    /// The claim value that matched.
    public var matchedValue: String
}

/// A group value that took no part in matching, and why.
public struct IgnoredGroup: Hashable, Sendable {
    public enum Reason: String, Hashable, Sendable {
        case missingPrefix = "missing_prefix"
        case caseMismatch = "case_mismatch"
        case looksLikeObjectID = "looks_like_object_id"
        case joinedString = "joined_string"
        case empty
        case noRule = "no_rule"
    }
    public var value: String
    public var reason: Reason
    /// Set for reasons whose message names more than the value; the common ones are built on demand.
    var storedMessage: String?

    public var message: String {
        if let storedMessage { return storedMessage }
        switch reason {
        case .noRule: return "No rule refers to group '\(value)'."
        case .empty: return "Empty group value ignored."
        default: return "Group '\(value)' ignored (\(reason.rawValue))."
        }
    }

    public init(value: String, reason: Reason, message: String? = nil) {
        self.value = value
        self.reason = reason
        self.storedMessage = message
    }
}

/// Something in the claims that almost matched a rule: the most likely cause of a wrong role.
public struct NearMiss: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case missingPrefix = "missing_prefix"
        case caseMismatch = "case_mismatch"
        case objectID = "object_id"
        case joinedString = "joined_string"
        case whitespace
        case subdomain
        case attributeName = "attribute_name"
        case attributeValueCase = "attribute_value_case"
    }
    public var kind: Kind
    public var ruleID: String?
    public var received: String
    public var expected: String
    public var message: String
}
