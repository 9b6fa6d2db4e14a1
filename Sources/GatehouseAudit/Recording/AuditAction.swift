/// The stable catalogue of audit action names. Names are API: SIEM rules match on them; see docs/audit.md.
///
/// ```swift
/// try await recorder.record(.loginFailure, organizationID: "acme", actor: "alice@acme.example", code: "saml.audience_mismatch")
/// ```
public struct AuditAction: Hashable, Sendable, CustomStringConvertible {
    /// The dotted name stored in the event (`login.success`).
    public let name: String
    public var description: String { name }

    init(_ name: String) { self.name = name }

    /// A user signed in (SAML or OIDC); details carry the connection.
    public static let loginSuccess = Self("login.success")
    /// A sign-in was refused; `code` carries the error code, details the connection.
    public static let loginFailure = Self("login.failure")
    /// A user signed out.
    public static let logout = Self("logout")
    /// A session was revoked (by an admin, SCIM deactivation, or a role change).
    public static let sessionRevoke = Self("session.revoke")
    /// A user's role changed; details carry `from`, `to` and the `rule_id` that caused it.
    public static let roleChange = Self("role.change")
    /// An admin changed the organization's configuration (connections, mappings, webhook, retention).
    public static let configChange = Self("config.change")
    /// A domain's DNS verification succeeded.
    public static let domainVerified = Self("domain.verified")
    /// A verified domain failed re-verification (its TXT record is gone or changed).
    public static let domainVerificationLost = Self("domain.verification_lost")
    /// SSO enforcement was switched on.
    public static let enforcementOn = Self("enforcement.on")
    /// SSO enforcement was switched off.
    public static let enforcementOff = Self("enforcement.off")
    /// An admin acknowledged an enforcement blocker (e.g. users without a role) and enforced anyway.
    public static let enforcementBlockerAcknowledged = Self("enforcement.blocker_acknowledged")
    /// A break-glass (non-SSO emergency) account was used.
    public static let breakGlassUse = Self("breakglass.use")
    /// SCIM created a user.
    public static let scimUserCreate = Self("scim.user.create")
    /// SCIM replaced or patched a user.
    public static let scimUserUpdate = Self("scim.user.update")
    /// SCIM deactivated a user (`active: false`).
    public static let scimUserDeactivate = Self("scim.user.deactivate")
    /// SCIM deleted a user.
    public static let scimUserDelete = Self("scim.user.delete")
    /// SCIM created a group.
    public static let scimGroupCreate = Self("scim.group.create")
    /// SCIM renamed a group or changed its members.
    public static let scimGroupUpdate = Self("scim.group.update")
    /// SCIM deleted a group.
    public static let scimGroupDelete = Self("scim.group.delete")
    /// A SCIM request was refused (bad token, invalid value); `code` carries the `scim.*` code.
    public static let scimFailure = Self("scim.failure")

    /// Every action above, in catalogue order (docs/audit.md lists the same).
    public static let catalogue: [Self] = [
        .loginSuccess, .loginFailure, .logout, .sessionRevoke, .roleChange, .configChange, .domainVerified,
        .domainVerificationLost, .enforcementOn, .enforcementOff, .enforcementBlockerAcknowledged, .breakGlassUse,
        .scimUserCreate, .scimUserUpdate, .scimUserDeactivate, .scimUserDelete, .scimGroupCreate, .scimGroupUpdate,
        .scimGroupDelete, .scimFailure,
    ]
}
