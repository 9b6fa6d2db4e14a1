/// An org-level reason not to turn SSO enforcement on yet.
///
/// `id` (`code:subject`) is what an admin acknowledges to override it; see ``EnforcementDecision``.
public struct Blocker: Hashable, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Hashable, Sendable, CaseIterable {
            case adminLockedOut = "policy.admin_locked_out"
            case primaryOwnerLockedOut = "policy.primary_owner_locked_out"
            case noOwnerCanSignIn = "policy.no_owner_can_sign_in"
            case breakGlassMissing = "policy.break_glass_missing"
            case breakGlassUntested = "policy.break_glass_untested"
            case certificateExpiring = "policy.certificate_expiring"
            case singleSigningCertificate = "policy.single_signing_certificate"
            case noEnabledConnection = "policy.no_enabled_connection"
            case domainUnverified = "policy.domain_unverified"
            case domainCheckFailed = "policy.domain_check_failed"
            case scimNotConnected = "policy.scim_not_connected"
        }
        let base: Base
        public static let adminLockedOut = Code(base: .adminLockedOut)
        public static let primaryOwnerLockedOut = Code(base: .primaryOwnerLockedOut)
        public static let noOwnerCanSignIn = Code(base: .noOwnerCanSignIn)
        public static let breakGlassMissing = Code(base: .breakGlassMissing)
        public static let breakGlassUntested = Code(base: .breakGlassUntested)
        public static let certificateExpiring = Code(base: .certificateExpiring)
        public static let singleSigningCertificate = Code(base: .singleSigningCertificate)
        public static let noEnabledConnection = Code(base: .noEnabledConnection)
        public static let domainUnverified = Code(base: .domainUnverified)
        public static let domainCheckFailed = Code(base: .domainCheckFailed)
        public static let scimNotConnected = Code(base: .scimNotConnected)
        public var description: String { base.rawValue }
        package static var allCodes: [String] { Base.allCases.map(\.rawValue) }
    }

    public var code: Code
    /// What it is about: a member's email, a connection id, a certificate fingerprint, a domain, or the org id.
    public var subject: String
    /// What is wrong and what to do, for the IT admin.
    public var message: String
    /// A lockout of an Owner/Admin or of every Owner: the dry run exits 1 for these.
    public var isLockout: Bool {
        code == .adminLockedOut || code == .primaryOwnerLockedOut || code == .noOwnerCanSignIn
    }
    /// `code:subject`, the token an admin acknowledges.
    public var id: String { "\(code):\(subject)" }

    public init(_ code: Code, subject: String, message: String) {
        self.code = code
        self.subject = subject
        self.message = message
    }
}
