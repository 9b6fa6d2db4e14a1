/// The dry run's prediction for one member when SSO is enforced.
public struct MemberOutcome: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Signs in through SSO with the same role.
        case keepsRole = "keeps_role"
        /// Signs in through SSO with another role (or, for non-members, is created with one).
        case roleChanges = "role_changes"
        /// Cannot sign in through SSO.
        case lockedOut = "locked_out"
        /// A break-glass account: signs in without the IdP, exempt from enforcement.
        case breakGlass = "break_glass"
    }

    /// A reason with a stable code (`policy.no_role_match`, `policy.never_signed_in_with_sso`, …).
    public struct Reason: Hashable, Sendable {
        public var code: String
        public var message: String
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var email: String
    public var name: String?
    public var kind: Kind
    public var currentRole: Role?
    /// The role after enforcement; `nil` when locked out.
    public var predictedRole: Role?
    public var reasons: [Reason]
    /// The rule that decided, when one did.
    public var ruleID: String?
    public var nearMisses: [NearMiss]
}
