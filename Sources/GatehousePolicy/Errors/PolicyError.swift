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
            case noRoleMatch = "policy.no_role_match"
            case groupsNotSent = "policy.groups_not_sent"
            case groupsOverage = "policy.groups_overage"
            case emailMissing = "policy.email_missing"
            case emailUnverified = "policy.email_unverified"
            case emailDomainUnverified = "policy.email_domain_unverified"
            case deniedByOverride = "policy.denied_by_override"
            // Dry-run member reasons
            case neverSignedInWithSSO = "policy.never_signed_in_with_sso"
            case connectionDisabled = "policy.connection_disabled"
            case scimDeprovisioned = "policy.scim_deprovisioned"
            // Invalid policy (thrown)
            case invalidPolicy = "policy.invalid_policy"
            case invalidMembersFile = "policy.invalid_members_file"
            case invalidClaimsFile = "policy.invalid_claims_file"
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
