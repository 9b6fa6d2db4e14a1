public import GatehouseStore

/// One method per catalogue entry, so call sites cannot misspell an action or forget a field SIEM rules rely on.
extension AuditRecorder {
    /// `login.success`: `user` signed in through `connectionID`.
    @discardableResult public func loginSucceeded(
        organizationID: String, user: String, connectionID: String, protocol proto: String, context: AuditContext
    ) async throws -> AuditEvent {
        try await record(.loginSuccess, organizationID: organizationID, actor: user, target: connectionID,
                         details: ["connection": .string(connectionID), "protocol": .string(proto)], context: context)
    }

    /// `login.failure`: a sign-in through `connectionID` was refused with `code` (e.g. `saml.audience_mismatch`).
    /// `subject` is whatever identity is known (may be empty before the assertion is verified).
    @discardableResult public func loginFailed(
        organizationID: String, subject: String, connectionID: String, code: String, context: AuditContext
    ) async throws -> AuditEvent {
        try await record(.loginFailure, organizationID: organizationID, actor: subject, target: connectionID,
                         result: .failure, code: code, details: ["connection": .string(connectionID)], context: context)
    }

    /// `logout`.
    @discardableResult public func loggedOut(organizationID: String, user: String, context: AuditContext) async throws -> AuditEvent {
        try await record(.logout, organizationID: organizationID, actor: user, target: user, context: context)
    }

    /// `session.revoke`: `actor` (an admin, `scim`, or `system`) revoked `user`'s sessions for `reason`.
    @discardableResult public func sessionRevoked(
        organizationID: String, user: String, actor: String, reason: String, sessions: Int = 1, context: AuditContext = .system
    ) async throws -> AuditEvent {
        try await record(.sessionRevoke, organizationID: organizationID, actor: actor, target: user,
                         details: ["reason": .string(reason), "sessions": .int(Int64(sessions))], context: context)
    }

    /// `role.change`: `user`'s role went from `from` to `to` because of mapping rule `ruleID` (empty for a manual change).
    @discardableResult public func roleChanged(
        organizationID: String, user: String, from: String?, to: String?, ruleID: String, actor: String = "system",
        context: AuditContext = .system
    ) async throws -> AuditEvent {
        try await record(.roleChange, organizationID: organizationID, actor: actor, target: user,
                         details: ["from": .string(from ?? ""), "to": .string(to ?? ""), "rule_id": .string(ruleID)],
                         context: context)
    }

    /// `config.change`: `actor` changed `setting` (e.g. `connection.okta`, `webhook`, `retention`); `summary` says how.
    /// Never pass secret values in `summary`; say "rotated" instead.
    @discardableResult public func configChanged(
        organizationID: String, actor: String, setting: String, summary: String, context: AuditContext
    ) async throws -> AuditEvent {
        try await record(.configChange, organizationID: organizationID, actor: actor, target: setting,
                         details: ["summary": .string(summary)], context: context)
    }

    /// `domain.verified`.
    @discardableResult public func domainVerified(organizationID: String, domain: String) async throws -> AuditEvent {
        try await record(.domainVerified, organizationID: organizationID, actor: "system", target: domain)
    }

    /// `domain.verification_lost`: re-verification failed with `code` (e.g. `domain.txt_missing`).
    @discardableResult public func domainVerificationLost(organizationID: String, domain: String, code: String) async throws -> AuditEvent {
        try await record(.domainVerificationLost, organizationID: organizationID, actor: "system", target: domain,
                         result: .failure, code: code)
    }

    /// `enforcement.on` / `enforcement.off`.
    @discardableResult public func enforcementChanged(
        organizationID: String, enabled: Bool, actor: String, context: AuditContext
    ) async throws -> AuditEvent {
        try await record(enabled ? .enforcementOn : .enforcementOff, organizationID: organizationID, actor: actor,
                         target: organizationID, context: context)
    }

    /// `enforcement.blocker_acknowledged`: `actor` enforced despite `blocker` (a `policy.*` code), affecting `affected` users.
    @discardableResult public func enforcementBlockerAcknowledged(
        organizationID: String, actor: String, blocker: String, affected: Int, context: AuditContext
    ) async throws -> AuditEvent {
        try await record(.enforcementBlockerAcknowledged, organizationID: organizationID, actor: actor,
                         target: organizationID, code: blocker, details: ["affected": .int(Int64(affected))],
                         context: context)
    }

    /// `breakglass.use`: the emergency account `account` signed in without SSO, for `reason`.
    @discardableResult public func breakGlassUsed(
        organizationID: String, account: String, reason: String, context: AuditContext
    ) async throws -> AuditEvent {
        try await record(.breakGlassUse, organizationID: organizationID, actor: account, target: account,
                         details: ["reason": .string(reason)], context: context)
    }

    /// `scim.*`: a SCIM change (`.scimUserCreate`, …) to `resource` (a user or group ID) by the token labelled `tokenLabel`;
    /// `code` is the `scim.*` error code of a `.scimFailure`.
    @discardableResult public func scimChanged(
        _ action: AuditAction, organizationID: String, resource: String, tokenLabel: String,
        code: String = "", details: [String: AuditValue] = [:], context: AuditContext
    ) async throws -> AuditEvent {
        precondition(action.name.hasPrefix("scim."), "scimChanged records scim.* actions only")
        return try await record(action, organizationID: organizationID, actor: "scim:\(tokenLabel)", target: resource,
                                result: action == .scimFailure ? .failure : .success, code: code, details: details, context: context)
    }
}
