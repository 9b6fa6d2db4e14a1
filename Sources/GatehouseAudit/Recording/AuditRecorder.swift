public import GatehouseCore
public import GatehouseStore

/// The API the gateway, SCIM and the admin tools call to record security events.
///
/// Each event is stamped with the injected clock, its details pass the ``AuditRedactor``, and it is appended with
/// its outbox row in one transaction when the organization delivers to a SIEM (`delivers`), so a crash can never
/// leave a recorded event undelivered.
///
/// ```swift
/// let recorder = AuditRecorder(store: store, delivers: { org in await webhooks.settings(for: org) != nil })
/// try await recorder.loginFailed(organizationID: "acme", subject: "alice@acme.example", connectionID: "okta",
///                                code: "saml.audience_mismatch", context: context)
/// ```
///
/// - Warning: recording throws when the store is down (`store.unavailable`). Callers that must not proceed
///   unaudited (admin changes, break-glass) should fail closed on that error.
public struct AuditRecorder: Sendable {
    let store: any AuditStore
    let clock: any GatehouseClock
    let redactor: AuditRedactor
    let delivers: @Sendable (String) async -> Bool

    /// - Parameter delivers: whether an organization's events go to the SIEM outbox (it has a webhook). Default: all.
    public init(store: any AuditStore, clock: any GatehouseClock = SystemClock(), redactor: AuditRedactor = AuditRedactor(),
                delivers: @escaping @Sendable (String) async -> Bool = { _ in true }) {
        self.store = store
        self.clock = clock
        self.redactor = redactor
        self.delivers = delivers
    }

    /// Records one event and returns it as stored (with its sequence).
    @discardableResult
    public func record(
        _ action: AuditAction, organizationID: String, actor: String, target: String = "", result: AuditResult = .success,
        code: String = "", details: [String: AuditValue] = [:], context: AuditContext = .system
    ) async throws -> AuditEvent {
        let event = AuditEvent(
            organizationID: organizationID, occurredAt: clock.now(), actor: String(actor.prefix(256)), action: action.name,
            target: String(target.prefix(256)), result: result.rawValue, code: String(code.prefix(128)),
            requestID: String(context.requestID.prefix(128)), sourceIP: String(context.sourceIP.prefix(64)),
            userAgent: String(context.userAgent.prefix(256)), detailsJSON: redactor.json(details))
        return try await store.appendAuditEvent(event, deliver: await delivers(organizationID))
    }
}
