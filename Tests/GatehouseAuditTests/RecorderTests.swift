import Foundation
import GatehouseAudit
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct RecorderTests {
    let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test func everyCatalogueEntryIsRecordedWithItsFields() async throws {
        try await withAuditStore(.sqlite) { store, _ in
            let recorder = AuditRecorder(store: store, clock: FixedClock(now), delivers: { $0 == "acme" })
            let context = AuditContext(requestID: "req-1", sourceIP: "203.0.113.9", userAgent: String(repeating: "u", count: 999))
            try await recorder.loginSucceeded(organizationID: "acme", user: "alice", connectionID: "okta", protocol: "oidc", context: context)
            try await recorder.loginFailed(organizationID: "acme", subject: "", connectionID: "adfs", code: "saml.signature_invalid", context: context)
            try await recorder.loggedOut(organizationID: "acme", user: "alice", context: context)
            try await recorder.sessionRevoked(organizationID: "acme", user: "bob", actor: "admin@acme.example", reason: "offboarding", sessions: 3)
            let role = try await recorder.roleChanged(organizationID: "acme", user: "bob", from: "viewer", to: "admin", ruleID: "rule-7")
            try await recorder.configChanged(organizationID: "acme", actor: "admin", setting: "webhook", summary: "secret rotated", context: context)
            try await recorder.domainVerified(organizationID: "acme", domain: "acme.example")
            try await recorder.domainVerificationLost(organizationID: "acme", domain: "acme.example", code: "domain.txt_missing")
            try await recorder.enforcementChanged(organizationID: "acme", enabled: true, actor: "admin", context: context)
            try await recorder.enforcementChanged(organizationID: "acme", enabled: false, actor: "admin", context: context)
            try await recorder.enforcementBlockerAcknowledged(organizationID: "acme", actor: "admin", blocker: "policy.no_role_match", affected: 4, context: context)
            try await recorder.breakGlassUsed(organizationID: "acme", account: "breakglass-1", reason: "IdP outage", context: context)
            try await recorder.scimChanged(.scimUserDeactivate, organizationID: "acme", resource: "user-9", tokenLabel: "okta-scim",
                                           details: ["bearer_token": "secret-value", "active": false], context: context)
            try await recorder.scimChanged(.scimFailure, organizationID: "other", resource: "user-9", tokenLabel: "okta-scim",
                                           code: "scim.invalid_value", context: .system)

            let events = try await store.auditEvents(organizationID: "acme", since: .distantPast, until: nil, afterSequence: 0, limit: 100)
            #expect(events.map(\.action) == [
                "login.success", "login.failure", "logout", "session.revoke", "role.change", "config.change", "domain.verified",
                "domain.verification_lost", "enforcement.on", "enforcement.off", "enforcement.blocker_acknowledged",
                "breakglass.use", "scim.user.deactivate",
            ])
            #expect(events.allSatisfy { $0.occurredAt == now })
            #expect(events[1].result == "failure" && events[1].code == "saml.signature_invalid")
            #expect(events[1].detailsJSON == #"{"connection":"adfs"}"#)
            #expect(events[0].userAgent.count == 256 && events[0].sourceIP == "203.0.113.9" && events[0].requestID == "req-1")
            #expect(role.detailsJSON == #"{"from":"viewer","rule_id":"rule-7","to":"admin"}"#)
            #expect(events[10].code == "policy.no_role_match")
            #expect(!events[12].detailsJSON.contains("secret-value"))
            #expect(events[12].actor == "scim:okta-scim")
            // Only "acme" delivers to a SIEM: its 13 events are in the outbox, "other"'s one is not.
            #expect(try await store.pendingOutboxCount() == 13)
            let other = try await store.auditEvents(organizationID: "other", since: .distantPast, until: nil, afterSequence: 0, limit: 10)
            #expect(other.map(\.result) == ["failure"])
            #expect(other.map(\.code) == ["scim.invalid_value"])
        }
    }
}
