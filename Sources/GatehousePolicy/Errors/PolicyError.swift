public import GatehouseCore

/// A role-mapping or enforcement finding with a stable `policy.*` code.
///
/// Expected outcomes (no rule matched, groups not sent) are *carried* in results such as
/// ``RoleMappingResult/denial``, not thrown; the struct is thrown only for invalid policies
/// (a rule naming an unknown role). All codes are listed in `docs/policy.md`.
public struct PolicyError: GatehouseError, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            // Login-time denials (results of RoleMapper.evaluate)
            /// No rule matched and the org has no default role: the login is denied; near misses are named.
            case noRoleMatch = "policy.no_role_match"
            /// The groups claim is absent while the org has group rules (the IdP app does not send groups).
            case groupsNotSent = "policy.groups_not_sent"
            /// Entra ID sent an overage marker instead of groups; the fix for the admin is named.
            case groupsOverage = "policy.groups_overage"
            /// No email claim (an opaque NameID or subject only).
            case emailMissing = "policy.email_missing"
            /// The IdP marks the email as unverified.
            case emailUnverified = "policy.email_unverified"
            /// The email's domain is not verified by this org.
            case emailDomainUnverified = "policy.email_domain_unverified"
            /// An explicit user override denies this user.
            case deniedByOverride = "policy.denied_by_override"
            // Dry-run member reasons
            /// The member never signed in through SSO: the prediction has no claims to go on.
            case neverSignedInWithSSO = "policy.never_signed_in_with_sso"
            /// The org's IdP connection is disabled.
            case connectionDisabled = "policy.connection_disabled"
            /// SCIM deprovisioned the member.
            case scimDeprovisioned = "policy.scim_deprovisioned"
            // Invalid policy (thrown)
            /// The org's rules are contradictory or malformed.
            case invalidPolicy = "policy.invalid_policy"
            /// A --members export cannot be read (JSON or CSV, as documented).
            case invalidMembersFile = "policy.invalid_members_file"
            /// A --claims file cannot be read.
            case invalidClaimsFile = "policy.invalid_claims_file"
            /// Turning SSO enforcement on was refused: blockers stand that the admin did not acknowledge by ID
            /// (`code:subject`); the answer lists each one.
            case enforcementBlocked = "policy.enforcement_blocked"
        }
        let base: Base
        public static let noRoleMatch = Code(base: .noRoleMatch)
        public static let groupsNotSent = Code(base: .groupsNotSent)
        public static let groupsOverage = Code(base: .groupsOverage)
        public static let emailMissing = Code(base: .emailMissing)
        public static let emailUnverified = Code(base: .emailUnverified)
        public static let emailDomainUnverified = Code(base: .emailDomainUnverified)
        public static let deniedByOverride = Code(base: .deniedByOverride)
        public static let neverSignedInWithSSO = Code(base: .neverSignedInWithSSO)
        public static let connectionDisabled = Code(base: .connectionDisabled)
        public static let scimDeprovisioned = Code(base: .scimDeprovisioned)
        public static let invalidPolicy = Code(base: .invalidPolicy)
        public static let invalidMembersFile = Code(base: .invalidMembersFile)
        public static let invalidClaimsFile = Code(base: .invalidClaimsFile)
        public static let enforcementBlocked = Code(base: .enforcementBlocked)
        public var description: String { base.rawValue }
    }

    public let kind: Code
    /// Expected vs received, for the IT admin; never contains secrets.
    public let reason: String
    public let file: String
    public let line: UInt
    public var code: String { kind.base.rawValue }

    public init(_ kind: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind && l.reason == r.reason }
    public func hash(into h: inout Hasher) { h.combine(kind) }

    /// Every login-time and member code, for documentation and tests.
    package static var allCodes: [String] { Code.Base.allCases.map(\.rawValue) }
}
