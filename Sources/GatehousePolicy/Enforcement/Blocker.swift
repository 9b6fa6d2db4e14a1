/// An org-level reason not to turn SSO enforcement on yet.
///
/// `id` (`code:subject`) is what an admin acknowledges to override it; see ``EnforcementDecision``.
public struct Blocker: Hashable, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Hashable, Sendable, CaseIterable {
            /// Enforcing would lock out an Owner or Admin.
            case adminLockedOut = "policy.admin_locked_out"
            /// Enforcing would lock out the Primary Owner.
            case primaryOwnerLockedOut = "policy.primary_owner_locked_out"
            /// After enforcing, no Owner could sign in.
            case noOwnerCanSignIn = "policy.no_owner_can_sign_in"
            /// No break-glass account is configured.
            case breakGlassMissing = "policy.break_glass_missing"
            /// The break-glass credential was never tested, or not within 90 days.
            case breakGlassUntested = "policy.break_glass_untested"
            /// The IdP signing certificate expires within 30 days.
            case certificateExpiring = "policy.certificate_expiring"
            /// The metadata lists a single signing certificate: a rotation will break logins.
            case singleSigningCertificate = "policy.single_signing_certificate"
            /// The org has no enabled IdP connection.
            case noEnabledConnection = "policy.no_enabled_connection"
            /// An org domain is unverified.
            case domainUnverified = "policy.domain_unverified"
            /// An org domain's last DNS check failed.
            case domainCheckFailed = "policy.domain_check_failed"
            /// SCIM deprovisioning is not connected: leavers keep access until their session ends.
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
