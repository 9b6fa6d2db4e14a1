import Foundation
import GatehouseConfig
import GatehouseGateway
import GatehousePolicy
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Testing

/// The dry-run check over the store and the "SSO required" switch on the admin API.
@Suite struct EnforcementAdminTests {
    static let auth: HTTPFields = [.authorization: "Bearer admin-token-0123456789", .contentType: "application/json"]

    static func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any] ?? [:]
    }

    @Test func dryRunOverTheStoreThenEnforceWithAcknowledgements() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            _ = try await h.samlLogin(Browser(client, origin: GatewayHarness.base), email: "ceo@example.com", user: "ceo")

            // The dry run reads the members (and their last claims) from the store.
            let dry = try await client.executeRequest(uri: "/admin/orgs/example/enforcement", method: .get, headers: Self.auth, body: nil)
            #expect(dry.status == .ok)
            let report = Self.json(dry)
            let members = report["members"] as? [[String: Any]] ?? []
            #expect(members.contains { $0["email"] as? String == "alice@example.com" && $0["outcome"] as? String == "keeps_role" && $0["predictedRole"] as? String == "admin" })
            #expect(members.contains { $0["email"] as? String == "ceo@example.com" && $0["predictedRole"] as? String == "owner" })
            let blockers = (report["blockers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(blockers.contains("policy.break_glass_missing:example"))
            #expect(blockers.contains { $0.hasPrefix("policy.domain_unverified:") })
            let seats = try await client.executeRequest(uri: "/admin/orgs/example/seats", method: .get, headers: Self.auth, body: nil)
            #expect(Self.json(seats)["seats"] as? Int == 2 && Self.json(seats)["members"] as? Int == 2)
            let html = try await client.executeRequest(uri: "/admin/orgs/example/enforcement?format=html", method: .get, headers: Self.auth, body: nil)
            #expect(html.status == .ok && String(buffer: html.body).contains("<html"))

            // Not enforced yet: example.com is offered SSO, not forced.
            #expect(Browser.location(try await h.submitEmail(Browser(client, origin: GatewayHarness.base), "alice@example.com")) == nil)

            // Refused while blockers stand; a code alone is not an acknowledgement.
            let refused = try await client.executeRequest(uri: "/admin/orgs/example/enforcement", method: .post, headers: Self.auth,
                                                          body: ByteBuffer(string: #"{"enforce": true, "acknowledge": ["policy.break_glass_missing"], "actor": "it@example.com"}"#))
            #expect(refused.status == .conflict)
            let refusal = Self.json(refused)
            #expect(refusal["error"] as? String == "policy.enforcement_blocked")
            #expect((refusal["unknownAcknowledgements"] as? [String]) == ["policy.break_glass_missing"])
            let open = (refusal["blockers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(Set(open) == Set(blockers))

            // Each blocker acknowledged by ID: enforcement goes on, audited, and routing follows at once.
            let body = try JSONSerialization.data(withJSONObject: ["enforce": true, "acknowledge": open, "actor": "it@example.com"])
            let on = try await client.executeRequest(uri: "/admin/orgs/example/enforcement", method: .post, headers: Self.auth,
                                                     body: ByteBuffer(bytes: Array(body)))
            #expect(on.status == .ok)
            #expect(Self.json(on)["enforced"] as? Bool == true)
            #expect(Self.json(on)["domainsChanged"] as? [String] == ["example.com"])
            let start = try await h.submitEmail(Browser(client, origin: GatewayHarness.base), "alice@example.com")
            #expect(Browser.location(start)?.hasPrefix("https://idp.test/saml/default/sso") == true)
            let events = try await h.store.auditEvents(organizationID: "example", since: .distantPast, until: nil, afterSequence: 0, limit: 1000)
            #expect(events.filter { $0.action == "enforcement.blocker_acknowledged" }.count == open.count)
            #expect(events.contains { $0.action == "enforcement.on" && $0.result == "failure" && $0.actor == "it@example.com" })
            #expect(events.contains { $0.action == "enforcement.on" && $0.result == "success" })

            // A restart (the seeder runs again) keeps what the admin turned on.
            let configuration = try GatehouseConfiguration.parse(yaml: GatewayHarness.configYAML(base: GatewayHarness.base, devMode: false, exampleEnforced: false))
            try await ConfigSeeder.seed(configuration, store: h.store, now: GatewayHarness.instant, metadata: [:])
            #expect(try await h.store.domain("example.com", organizationID: "example")?.enforced == true)

            // Off again: back to what the configuration says.
            let off = try await client.executeRequest(uri: "/admin/orgs/example/enforcement", method: .post, headers: Self.auth,
                                                      body: ByteBuffer(string: #"{"enforce": false, "actor": "it@example.com"}"#))
            #expect(off.status == .ok)
            #expect(try await h.store.domain("example.com", organizationID: "example")?.enforced == false)
            #expect(Browser.location(try await h.submitEmail(Browser(client, origin: GatewayHarness.base), "alice@example.com")) == nil)
        }
    }

    @Test func adminAPIRefusesWithoutTokenAndBadInput() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let none = try await client.executeRequest(uri: "/admin/orgs/example/enforcement", method: .get, headers: [:], body: nil)
            #expect(none.status == .unauthorized && String(buffer: none.body).contains("gateway.admin_unauthorized"))
            let post = try await client.executeRequest(uri: "/admin/orgs/example/enforcement", method: .post,
                                                       headers: [.authorization: "Bearer nope-nope-nope-nope"], body: ByteBuffer(string: #"{"enforce": true}"#))
            #expect(post.status == .unauthorized)
            #expect(try await h.store.domain("example.com", organizationID: "example")?.enforced == false)
            let unknown = try await client.executeRequest(uri: "/admin/orgs/nope/enforcement", method: .get, headers: Self.auth, body: nil)
            #expect(unknown.status == .notFound)
            for bad in ["not json", #"{"enforce": "yes"}"#, "[]", String(repeating: "x", count: 70_000)] {
                let r = try await client.executeRequest(uri: "/admin/orgs/example/enforcement", method: .post, headers: Self.auth, body: ByteBuffer(string: bad))
                #expect(r.status == .badRequest)
            }
            let format = try await client.executeRequest(uri: "/admin/orgs/example/enforcement?format=pdf", method: .get, headers: Self.auth, body: nil)
            #expect(format.status == .badRequest)
        }
    }

    /// The dry run over the store sees the domain's last DNS check and the loaded metadata's certificates.
    @Test func storeDomainCheckAndMetadataCertificatesDriveBlockers() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.store.appendDomainCheck(DomainCheck(domain: "example.com", organizationID: "example", checkedAt: GatewayHarness.instant,
                                                        outcome: "failed", detail: "domain.txt_missing: the TXT record is gone"))
        let org = try #require(h.runtime.organizations["example"])
        let certificates = h.runtime.signingCertificates(organizationID: "example")
        #expect(certificates["ex-saml"]?.isEmpty == false)
        let report = try await h.runtime.enforcement.dryRun(organization: org.configuration, certificates: certificates)
        #expect(report.blockers.contains { $0.id == "policy.domain_check_failed:example.com" })
    }

    @Test func loginClaimsRoundTripThroughTheStoreRecord() {
        let claims = LoginClaims(subject: "s-1", email: "a@example.com", emailVerified: true, name: "A", groups: [],
                                 groupIDs: ["g1"], groupsOverage: true, attributes: ["dept": ["eng", "ops"]],
                                 source: .init(sourceProtocol: .saml, vendor: "okta", connectionID: "ex-saml"))
        #expect(StoreMemberSource.claims(fromJSON: ClaimsExtractor.json(claims)) == claims)
        var absent = claims
        absent.groups = nil
        #expect(StoreMemberSource.claims(fromJSON: ClaimsExtractor.json(absent))?.groups == nil)
        #expect(StoreMemberSource.claims(fromJSON: "not json") == nil)
    }
}
