import Foundation
import GatehouseGateway
import GatehouseMockIdP
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct LoginFlowTests {
    @Test func samlLoginLandsOnTheWorkspaceWithTheMappedRole() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            let acs = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            #expect(acs.status == .seeOther)
            #expect(Browser.location(acs) == "/")
            let cookie = acs.headers[values: .setCookie].first { $0.hasPrefix("__Host-gh_session=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain="))
            let home = try await browser.request("/")
            let page = String(buffer: home.body)
            #expect(home.status == .ok && page.contains("id=\"workspace\">Example<") && page.contains("id=\"role\">admin<"))
            let check = try await browser.request("/auth/check")
            #expect(check.status == .ok)
            #expect(check.headers[HTTPFields.Element.Name("X-Gatehouse-Email")!] == "alice@example.com")
            #expect(check.headers[HTTPFields.Element.Name("X-Gatehouse-Workspace")!] == "example")
            #expect(check.headers[HTTPFields.Element.Name("X-Gatehouse-Role")!] == "admin")
            let me = try await browser.request("/me")
            #expect(String(buffer: me.body).contains("\"role\":\"admin\""))
        }
        let user = try #require(try await h.store.user(organizationID: "example", email: "alice@example.com"))
        #expect(user.role == "admin" && user.source == "jit")
        let login = try #require(try await h.store.lastLogin(userID: user.id))
        #expect(login.connectionID == "ex-saml" && login.claimsJSON.contains("anthropic-admins"))
        let events = try await h.store.auditEvents(organizationID: "example", since: .distantPast, until: nil, afterSequence: 0, limit: 50)
        #expect(events.contains { $0.action == "login.success" && $0.actor == "alice@example.com" })
    }

    @Test func oidcLoginThroughTheMockIdP() async throws {
        let h = try await GatewayHarness(oidcFirst: true)
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            let start = try await h.submitEmail(browser, "olga@other.test", returnTo: "https://app.gw.test/dashboard")
            #expect(start.status == .seeOther)
            let authorize = try #require(Browser.location(start))
            #expect(authorize.hasPrefix("https://idp.test/oidc/default/authorize"))
            #expect(Browser.query(authorize)["code_challenge_method"] == "S256")
            let callback = try h.oidcCallback(forAuthorize: authorize, user: "olga")
            let path = String(callback.dropFirst(GatewayHarness.base.count))
            let done = try await browser.request(path)
            #expect(done.status == .seeOther)
            #expect(Browser.location(done) == "https://app.gw.test/dashboard")
            let check = try await browser.request("/auth/check")
            #expect(check.status == .ok && check.headers[HTTPFields.Element.Name("X-Gatehouse-Workspace")!] == "other")
            #expect(check.headers[HTTPFields.Element.Name("X-Gatehouse-Role")!] == "member")
        }
    }

    @Test func brokenGroupClaimGivesAClearRefusalAndTheAdminSeesTheNearMiss() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            let acs = try await h.samlLogin(browser, email: "bob@example.com", user: "bob")
            #expect(acs.status == .forbidden)
            let page = String(buffer: acs.body)
            #expect(page.contains("not assigned a role") && page.contains("request-id"))
            #expect(!page.contains("engineering"))  // the browser never sees claim values
            #expect(try await browser.request("/auth/check").status == .unauthorized)
        }
        let events = try await h.store.auditEvents(organizationID: "example", since: .distantPast, until: nil, afterSequence: 0, limit: 50)
        let failure = try #require(events.first { $0.action == "login.failure" })
        #expect(failure.code.hasPrefix("policy.") && failure.detailsJSON.contains("anthropic-engineering"))
    }

    @Test func homeRealmDiscoveryRoutesByDomainState() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            // verified + enforced (other.test): straight to the IdP, no other path offered
            let enforced = try await h.submitEmail(browser, "olga@other.test")
            #expect(enforced.status == .seeOther && Browser.location(enforced)?.hasPrefix("https://idp.test/") == true)
            // verified, not enforced: SSO offered on a page
            let offered = try await h.submitEmail(browser, "alice@Example.COM")
            #expect(offered.status == .ok && String(buffer: offered.body).contains("Continue with Example SSO"))
            // unverified and unknown: never routed
            for email in ["x@unverified-example.com", "x@nobody.test", "x@sub.example.com", "x@example.com.evil.test"] {
                let r = try await h.submitEmail(browser, email)
                #expect(r.status == .ok && Browser.location(r) == nil, "\(email)")
                #expect(String(buffer: r.body).contains("No single sign-on"), "\(email)")
            }
            let bad = try await h.submitEmail(browser, "not-an-email")
            #expect(bad.status == .badRequest)
        }
    }

    @Test func personalSignUpWithAnEnforcedDomainIsRefusedNamingTheOrg() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            let page = try await browser.request("/signup")
            let csrf = Browser.csrf(in: String(buffer: page.body)) ?? ""
            let refused = try await browser.request("/signup", method: .post, form: ["email": "new@other.test", "csrf": csrf])
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("Other Corp"))
            let allowed = try await browser.request("/signup", method: .post, form: ["email": "new@example.com", "csrf": csrf])
            #expect(allowed.status == .ok)
        }
    }

    @Test func twoOrganizationsCannotRouteOneDomain() async throws {
        let yaml = GatewayHarness.configYAML(base: GatewayHarness.base, devMode: false, exampleEnforced: false, extra: """
          - id: squatter
            name: Squatter
            domains:
              - { name: example.com, verified: true }
        """)
        // The configuration reader already refuses it …
        #expect(throws: (any Error).self) { _ = try GatehouseConfigurationLoader.parse(yaml) }
        // … and the gateway refuses a configuration built in code that does it anyway.
        var configuration = try GatehouseConfigurationLoader.parse(
            GatewayHarness.configYAML(base: GatewayHarness.base, devMode: false, exampleEnforced: false))
        configuration.orgs.append(OrganizationConfiguration(id: "squatter", name: "Squatter",
                                                            domains: [OrgDomain(name: "example.com", verified: true)]))
        let store = try await SQLGatehouseStore.open(.sqlite(path: FileManager.default.temporaryDirectory.appendingPathComponent("gh-\(UUID()).sqlite").path))
        defer { Task { await store.close() } }
        #expect(throws: GatewayError.self) {
            _ = try GatewayRuntime(configuration: configuration, metadata: [:], environment: ["GW_TEST_SECRET": "x"], store: store,
                                   fetcher: MockIdPFetcher(idp: MockIdP(keys: GatewayHarness.keys)), logger: .init(label: "t"))
        }
    }

    @Test func demoModeNeedsLoopback() async throws {
        let configuration = try GatehouseConfigurationLoader.parse(
            GatewayHarness.configYAML(base: "http://gw.example.net", devMode: true, exampleEnforced: false))
        let store = try await SQLGatehouseStore.open(.sqlite(path: FileManager.default.temporaryDirectory.appendingPathComponent("gh-\(UUID()).sqlite").path))
        defer { Task { await store.close() } }
        #expect(throws: GatewayError.self) {
            _ = try GatewayRuntime(configuration: configuration, metadata: [:], environment: [:], store: store,
                                   fetcher: MockIdPFetcher(idp: MockIdP(keys: GatewayHarness.keys)), logger: .init(label: "t"))
        }
    }
}

import GatehouseConfig
import GatehousePolicy

enum GatehouseConfigurationLoader {
    static func parse(_ yaml: String) throws -> GatehouseConfiguration { try GatehouseConfiguration.parse(yaml: yaml) }
}
