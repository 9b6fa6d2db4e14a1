import Foundation
import GatehouseGateway
import GatehouseMockIdP
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SecurityTests {
    @Test func openRedirectAttemptsAreRefused() async throws {
        let h = try await GatewayHarness(exampleEnforced: true)
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            for target in ["https://evil.test/", "//evil.test", "/\\evil.test", "https://app.gw.test@evil.test/", "javascript:alert(1)"] {
                let r = try await h.submitEmail(browser, "alice@example.com", returnTo: target)
                #expect(r.status == .badRequest, "\(target)")
                #expect(Browser.location(r) == nil, "\(target)")
            }
            // /login?return_to=evil falls back to "/" in the form
            let page = String(buffer: try await browser.request("/login?return_to=https%3A%2F%2Fevil.test%2F").body)
            #expect(Browser.field("return_to", in: page) == "/")
            // logout's return_to: only allowed origins
            let csrf = browser.cookies["__Host-gh_csrf"] ?? ""
            let out = try await browser.request("/logout", method: .post, form: ["csrf": csrf, "return_to": "https://evil.test/"])
            #expect(Browser.location(out) == "/login?logged_out=1")
        }
    }

    @Test func idpInitiatedRelayStateCannotRedirectOffSite() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client)
            // The connection does not allow IdP-initiated: an unsolicited response is refused at both ACS URLs.
            let unsolicited = try h.idp.samlLogin(tenant: "default", userID: "alice", spEntityID: GatewayHarness.base + "/saml/metadata")
            let r = try await browser.request("/saml/acs/ex-saml", method: .post,
                                              form: ["SAMLResponse": unsolicited.samlResponseBase64, "RelayState": "https://evil.test/"])
            #expect(r.status == .forbidden && Browser.location(r) == nil)
            let r2 = try await browser.request("/saml/acs", method: .post, form: ["SAMLResponse": unsolicited.samlResponseBase64])
            #expect(r2.status == .forbidden)
        }
    }

    @Test func sessionFixationAPlantedCookieIsNeverPromoted() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            let planted = "AttackerChosenSessionValue0123456789abcdefgh"
            browser.cookies["__Host-gh_session"] = planted
            #expect(try await browser.request("/auth/check").status == .unauthorized)
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            let issued = try #require(browser.cookies["__Host-gh_session"])
            #expect(issued != planted && issued.count == 43)
            // The attacker's value still gets nothing.
            let attacker = Browser(client)
            attacker.cookies["__Host-gh_session"] = planted
            #expect(try await attacker.request("/auth/check").status == .unauthorized)
            // A second login rotates the session: the first token stops working.
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            let rotated = try #require(browser.cookies["__Host-gh_session"])
            #expect(rotated != issued)
            let old = Browser(client)
            old.cookies["__Host-gh_session"] = issued
            #expect(try await old.request("/auth/check").status == .unauthorized)
        }
    }

    @Test func csrfOnStateChangingPosts() async throws {
        let h = try await GatewayHarness(exampleEnforced: true)
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            _ = try await browser.request("/login")
            let token = try #require(browser.cookies["__Host-gh_csrf"])
            // no token, wrong token, foreign Origin
            #expect(try await browser.request("/login", method: .post, form: ["email": "alice@example.com"]).status == .forbidden)
            #expect(try await browser.request("/login", method: .post, form: ["email": "alice@example.com", "csrf": "x" + token.dropFirst()]).status == .forbidden)
            let foreign = Browser(client, origin: "https://evil.test")
            foreign.cookies = browser.cookies
            #expect(try await foreign.request("/login", method: .post, form: ["email": "alice@example.com", "csrf": token]).status == .forbidden)
            // logout needs the token too
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            #expect(try await browser.request("/logout", method: .post, form: [:]).status == .forbidden)
            #expect(try await browser.request("/auth/check").status == .ok)
            let out = try await browser.request("/logout", method: .post, form: ["csrf": token])
            #expect(out.status == .seeOther)
        }
    }

    @Test func replayedSAMLResponseIsRefused() async throws {
        let h = try await GatewayHarness(exampleEnforced: true)
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            let start = try await h.submitEmail(browser, "alice@example.com")
            let response = try h.samlResponse(forRedirect: Browser.location(start) ?? "", user: "alice")
            let loginCookie = browser.cookies["__Host-gh_login"]
            #expect(try await browser.request("/saml/acs", method: .post, form: ["SAMLResponse": response]).status == .seeOther)
            // Same browser, same cookie, same response again.
            browser.cookies["__Host-gh_login"] = loginCookie
            let replay = try await browser.request("/saml/acs", method: .post, form: ["SAMLResponse": response])
            #expect(replay.status == .forbidden)
        }
        let events = try await h.store.auditEvents(organizationID: "example", since: .distantPast, until: nil, afterSequence: 0, limit: 50)
        #expect(events.contains { $0.action == "login.failure" && $0.code == "gateway.login_not_pending" })
    }

    @Test func aResponseForAnotherBrowsersLoginIsRefused() async throws {
        let h = try await GatewayHarness(exampleEnforced: true)
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let victim = Browser(client, origin: GatewayHarness.base)
            let attacker = Browser(client, origin: GatewayHarness.base)
            let victimStart = try await h.submitEmail(victim, "alice@example.com")
            let attackerStart = try await h.submitEmail(attacker, "alice@example.com")
            // The attacker's own valid response (InResponseTo = the attacker's request) posted in the victim's browser.
            let attackerResponse = try h.samlResponse(forRedirect: Browser.location(attackerStart) ?? "", user: "alice")
            let r = try await victim.request("/saml/acs", method: .post, form: ["SAMLResponse": attackerResponse])
            #expect(r.status == .forbidden)
            #expect(try await victim.request("/auth/check").status == .unauthorized)
            _ = victimStart
            // And with no login cookie at all.
            let fresh = Browser(client)
            let again = try h.samlResponse(forRedirect: Browser.location(attackerStart) ?? "", user: "alice")
            #expect(try await fresh.request("/saml/acs", method: .post, form: ["SAMLResponse": again]).status == .forbidden)
        }
        let events = try await h.store.auditEvents(organizationID: "example", since: .distantPast, until: nil, afterSequence: 0, limit: 50)
        #expect(events.contains { $0.action == "login.failure" && $0.code == "saml.in_response_to_mismatch" })
    }

    @Test func oidcCallbackFromAnotherBrowserIsRefused() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let victim = Browser(client, origin: GatewayHarness.base)
            let attacker = Browser(client, origin: GatewayHarness.base)
            _ = try await h.submitEmail(victim, "olga@other.test")
            let start = try await h.submitEmail(attacker, "olga@other.test")
            let callback = try h.oidcCallback(forAuthorize: Browser.location(start) ?? "", user: "olga")
            let path = String(callback.dropFirst(GatewayHarness.base.count))
            let r = try await victim.request(path)
            #expect(r.status == .forbidden)
            #expect(try await victim.request("/auth/check").status == .unauthorized)
            // The attacker's own browser still completes (its code was not redeemed by the refused attempt).
            #expect(try await attacker.request(path).status == .seeOther)
        }
    }

    @Test func deprovisionedUserIsRefusedOnTheVeryNextCheck() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            #expect(try await browser.request("/auth/check").status == .ok)
            var user = try #require(try await h.store.user(organizationID: "example", email: "alice@example.com"))
            user.active = false
            _ = try await h.store.updateUser(user, expectedVersion: nil)
            #expect(try await browser.request("/auth/check").status == .unauthorized)
            // and a new login is refused too
            let again = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            #expect(again.status == .forbidden)
        }
    }

    @Test func idleAndAbsoluteLifetimesAndLogout() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            h.clock.advance(29 * 60)
            #expect(try await browser.request("/auth/check").status == .ok)  // touches: idle window moves
            h.clock.advance(29 * 60)
            #expect(try await browser.request("/auth/check").status == .ok)
            h.clock.advance(31 * 60)
            #expect(try await browser.request("/auth/check").status == .unauthorized)  // idle
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            for _ in 0..<25 {  // active all day: the absolute lifetime (12 h) still ends it
                h.clock.advance(29 * 60)
                _ = try await browser.request("/auth/check")
            }
            #expect(try await browser.request("/auth/check").status == .unauthorized)
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            let token = try #require(browser.cookies["__Host-gh_session"])
            let csrf = try #require(browser.cookies["__Host-gh_csrf"])
            let out = try await browser.request("/logout", method: .post, form: ["csrf": csrf])
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix("__Host-gh_session=;") && $0.contains("Max-Age=0") })
            let stolen = Browser(client)
            stolen.cookies["__Host-gh_session"] = token
            #expect(try await stolen.request("/auth/check").status == .unauthorized)
        }
    }

    @Test func devModeCookiesOnLoopback() async throws {
        let h = try await GatewayHarness(base: "http://127.0.0.1:8080", devMode: true)
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let page = try await client.executeRequest(uri: "/login", method: .get, headers: [:], body: nil)
            let cookie = page.headers[values: .setCookie].first ?? ""
            #expect(cookie.hasPrefix("gh_csrf=") && !cookie.contains("Secure") && cookie.contains("HttpOnly"))
        }
    }

    @Test func hostileInputsGetBoundedAnswers() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            // oversized ACS body
            let huge = String(repeating: "A", count: 2 << 20)
            #expect(try await browser.request("/saml/acs", method: .post, form: ["SAMLResponse": huge]).status.code >= 400)
            // garbage cookies never reach the store as lookups of odd shapes
            browser.cookies["__Host-gh_session"] = "../../etc/passwd"
            #expect(try await browser.request("/auth/check").status == .unauthorized)
            browser.cookies["__Host-gh_login"] = "saml~ex-saml~" + String(repeating: "z", count: 500)
            #expect(try await browser.request("/saml/acs", method: .post, form: ["SAMLResponse": "PHg+"]).status == .forbidden)
            // malformed SAMLResponse with a valid pending login
            let start = try await h.submitEmail(browser, "olga@other.test")
            _ = start
            let unknownConnection = try await browser.request("/saml/acs/nope", method: .post, form: ["SAMLResponse": "x"])
            #expect(unknownConnection.status == .notFound)
            // header injection through return URL into the 401's login URL
            let check = try await browser.request("/auth/check", headers: ["X-Original-URL": "https://app.gw.test/a\r\nX: y"])
            #expect(check.status == .unauthorized)
        }
    }

    @Test func forwardAuthLoginURLAndOps() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let browser = Browser(client)
            let denied = try await browser.request("/auth/check", headers: ["X-Original-URL": "https://app.gw.test/reports?q=1"])
            #expect(denied.status == .unauthorized)
            #expect(denied.headers[HTTPFields.Element.Name("X-Gatehouse-Login-URL")!] == "https://gw.test/login?return_to=https%3A%2F%2Fapp.gw.test%2Freports%3Fq%3D1")
            let foreign = try await browser.request("/auth/check", headers: ["X-Original-URL": "https://evil.test/"])
            #expect(foreign.headers[HTTPFields.Element.Name("X-Gatehouse-Login-URL")!] == "https://gw.test/login")
            let me = try await browser.request("/me")
            #expect(me.status == .unauthorized)
            let health = try await browser.request("/healthz")
            #expect(health.status == .ok && String(buffer: health.body).contains("\"status\":\"ok\""))
            let metrics = String(buffer: try await browser.request("/metrics").body)
            #expect(metrics.contains("gatehouse_auth_checks_total{result=\"denied\"} 2"))
            #expect(metrics.contains("gatehouse_http_request_duration_seconds_bucket{route=\"/auth/check\""))
            let headers = try await browser.request("/login")
            #expect(headers.headers[HTTPFields.Element.Name("X-Frame-Options")!] == "DENY")
            #expect(headers.headers[HTTPFields.Element.Name("X-Request-ID")!] != nil)
            #expect(headers.headers[.cacheControl] == "no-store")
        }
    }

    @Test func spMetadataIsServed() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.router) { client in
            let r = try await client.executeRequest(uri: "/saml/metadata", method: .get, headers: [:], body: nil)
            let xml = String(buffer: r.body)
            #expect(r.status == .ok && xml.contains("entityID=\"https://gw.test/saml/metadata\"") && xml.contains("Location=\"https://gw.test/saml/acs\""))
            let per = try await client.executeRequest(uri: "/saml/metadata/ex-saml", method: .get, headers: [:], body: nil)
            #expect(String(buffer: per.body).contains("https://gw.test/saml/acs/ex-saml"))
        }
    }
}
