public import GatehouseCore

/// Why the gateway refused a browser or proxy request, with a stable `gateway.*` code.
///
/// Protocol failures keep their own codes (`saml.*`, `oidc.*`, `policy.*`); these codes cover what happens around
/// them: the browser's login state, sessions, return URLs, CSRF and configuration. Browser pages show only a generic
/// message and the request ID; ``reason`` goes to the log and the audit trail.
public struct GatewayError: GatehouseError, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            /// The email address typed at `/login` is not an address (no `@`, empty domain, control characters).
            case emailInvalid = "gateway.email_invalid"
            /// No organization has verified the email's domain: the user is never routed to any org's IdP.
            case domainUnrouted = "gateway.domain_unrouted"
            /// The domain is verified and SSO-enforced by an organization: personal sign-up with it is refused.
            case domainEnforced = "gateway.domain_enforced"
            /// The organization routing this domain has no enabled IdP connection.
            case noConnection = "gateway.no_connection"
            /// The named organization or connection does not exist (or is disabled).
            case connectionUnknown = "gateway.connection_unknown"
            /// A SAML response or OIDC callback arrived without a login started in this browser (no or unknown
            /// login cookie): a response captured from another browser, a stale tab, or an unsolicited post.
            case loginNotPending = "gateway.login_not_pending"
            /// The OIDC `state` (or SAML `InResponseTo`) belongs to a login started in a different browser.
            case loginBindingMismatch = "gateway.login_binding_mismatch"
            /// A `return_to` or `RelayState` URL points outside the configured origins (open-redirect attempt).
            case returnURLRejected = "gateway.return_url_rejected"
            /// A state-changing POST without a valid CSRF token, or from a foreign `Origin`.
            case csrfFailed = "gateway.csrf_failed"
            /// The user exists in the workspace but was deactivated (SCIM or admin): login refused.
            case userDeactivated = "gateway.user_deactivated"
            /// No valid session cookie (absent, unknown, expired, revoked).
            case sessionInvalid = "gateway.session_invalid"
            /// The request body exceeds the limit for this endpoint.
            case requestTooLarge = "gateway.request_too_large"
            /// A required form field is missing or malformed.
            case requestMalformed = "gateway.request_malformed"
            /// The store did not answer (PostgreSQL down, disk full): the gateway fails closed.
            case storeUnavailable = "gateway.store_unavailable"
            /// The configuration cannot be served: two organizations route the same domain, a connection's metadata
            /// is missing, a secret is unset.
            case configInvalid = "gateway.config_invalid"
            /// The admin API (`/admin/*`) was called without the bearer token `GATEHOUSE_ADMIN_TOKEN`, or with a wrong one.
            case adminUnauthorized = "gateway.admin_unauthorized"
        }
        let base: Base
        public static let emailInvalid = Code(base: .emailInvalid)
        public static let domainUnrouted = Code(base: .domainUnrouted)
        public static let domainEnforced = Code(base: .domainEnforced)
        public static let noConnection = Code(base: .noConnection)
        public static let connectionUnknown = Code(base: .connectionUnknown)
        public static let loginNotPending = Code(base: .loginNotPending)
        public static let loginBindingMismatch = Code(base: .loginBindingMismatch)
        public static let returnURLRejected = Code(base: .returnURLRejected)
        public static let csrfFailed = Code(base: .csrfFailed)
        public static let userDeactivated = Code(base: .userDeactivated)
        public static let sessionInvalid = Code(base: .sessionInvalid)
        public static let requestTooLarge = Code(base: .requestTooLarge)
        public static let requestMalformed = Code(base: .requestMalformed)
        public static let storeUnavailable = Code(base: .storeUnavailable)
        public static let configInvalid = Code(base: .configInvalid)
        public static let adminUnauthorized = Code(base: .adminUnauthorized)
        public var description: String { base.rawValue }
    }

    public let kind: Code
    /// Expected vs received, for the IT admin; never contains secrets, cookies or whole assertions.
    public let reason: String
    public var code: String { kind.base.rawValue }

    public init(_ kind: Code, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// Every code, for documentation and tests.
    package static var allCodes: [String] { Code.Base.allCases.map(\.rawValue) }
}
