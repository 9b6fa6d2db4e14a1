import Foundation
import GatehouseConfig
import GatehouseGateway
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Testing

/// The admin API's audit export and the audit configuration keys.
@Suite struct AdminAuditTests {
    @Test func auditExportOverHTTP() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            _ = try await h.samlLogin(browser, email: "bob@example.com", user: "bob")
            let uri = "/admin/audit?org=example&since=2020-01-01T00:00:00Z"
            let ok = try await client.executeRequest(uri: uri, method: .get, headers: [.authorization: "Bearer admin-token-0123456789"], body: nil)
            let lines = String(buffer: ok.body).split(separator: "\n")
            #expect(ok.status == .ok && ok.headers[.contentType] == "application/x-ndjson")
            #expect(lines.contains { $0.contains("\"action\":\"login.success\"") && $0.contains("alice@example.com") })
            #expect(lines.contains { $0.contains("\"action\":\"login.failure\"") && $0.contains("policy.") })
            #expect(!String(buffer: ok.body).contains("SAMLResponse"))
            // No SIEM webhook configured for the org: its events are kept but never queued for delivery.
            #expect(try await h.store.pendingOutboxCount() == 0)
            let csv = try await client.executeRequest(uri: uri + "&format=csv", method: .get,
                                                      headers: [.authorization: "Bearer admin-token-0123456789"], body: nil)
            #expect(csv.status == .ok && String(buffer: csv.body).hasPrefix("time,"))
            let denied = try await client.executeRequest(uri: uri, method: .get, headers: [.authorization: "Bearer wrong-token-0123456789"], body: nil)
            #expect(denied.status == .unauthorized)
            let none = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
            #expect(none.status == .unauthorized)
            let bad = try await client.executeRequest(uri: "/admin/audit?org=example&since=yesterday-ish", method: .get,
                                                      headers: [.authorization: "Bearer admin-token-0123456789"], body: nil)
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("audit.invalid_time"))
            let noOrg = try await client.executeRequest(uri: "/admin/audit?since=24h", method: .get,
                                                        headers: [.authorization: "Bearer admin-token-0123456789"], body: nil)
            #expect(noOrg.status == .badRequest && String(buffer: noOrg.body).contains("audit.invalid_request"))
            #expect(String(buffer: denied.body).contains("gateway.admin_unauthorized"))
        }
    }

    @Test func auditConfigurationKeys() throws {
        let yaml = """
        orgs:
          - id: acme
            name: Acme
            audit:
              retention: 90d
              webhook: { url: "https://siem.acme.example/gatehouse", secret: "env:ACME_SIEM_SECRET" }
        """
        let org = try #require(try GatehouseConfiguration.parse(yaml: yaml).org("acme"))
        #expect(org.auditRetention == "90d" && org.auditWebhookURL == "https://siem.acme.example/gatehouse")
        #expect(org.auditWebhookSecret?.environmentVariable == "ACME_SIEM_SECRET")
        for bad in ["retention: weekly", "webhook: { url: \"http://siem.example/x\", secret: \"env:X\" }",
                    "webhook: { url: \"https://siem.example/x\", secret: \"literal-secret\" }"] {
            #expect(throws: (any Error).self) {
                _ = try GatehouseConfiguration.parse(yaml: "orgs:\n  - id: acme\n    audit:\n      \(bad)\n")
            }
        }
    }
}
