import Foundation
import GatehouseGateway
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Testing

/// `/auth/check` over real HTTP/1 connections, where ``ForwardAuthFastPath`` answers before the router: the same
/// answers as the route, revocation and deprovisioning at the next check, request order under pipelining,
/// `Connection: close`, and the cases it must leave to the route.
@Suite struct ForwardAuthFastPathTests {
    static func name(_ text: String) -> HTTPFields.Element.Name { HTTPFields.Element.Name(text)! }
    static let compared = ["Content-Type", "X-Gatehouse-User", "X-Gatehouse-Email", "X-Gatehouse-Workspace", "X-Gatehouse-Role",
                           "X-Gatehouse-Login-URL", "WWW-Authenticate", "Cache-Control", "X-Content-Type-Options", "X-Frame-Options",
                           "Referrer-Policy", "Content-Security-Policy"]

    struct Seen: Equatable {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func seen(_ r: TestResponse) -> Seen {
        Seen(status: Int(r.status.code), headers: Dictionary(uniqueKeysWithValues: compared.compactMap { key in
            r.headers[name(key)].map { (key, $0) }
        }), body: String(buffer: r.body))
    }

    /// The cases a proxy sends: signed in, no cookie, a junk cookie, and the original URL in nginx's and Traefik's
    /// headers, on and off the allowed origins.
    static let cases: [(cookie: Bool, junk: Bool, headers: [String: String])] = [
        (true, false, [:]),
        (true, false, ["X-Original-URL": "https://app.gw.test/reports?q=1"]),
        (false, false, [:]),
        (false, false, ["X-Original-URL": "https://app.gw.test/reports?q=1"]),
        (false, false, ["X-Original-URL": "https://evil.test/"]),
        (false, false, ["X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.gw.test", "X-Forwarded-Uri": "/a%20b"]),
        (false, true, [:]),
    ]

    /// Alice signed in through SAML over `client`: her browser and its session token.
    static func aliceSignedIn(_ h: GatewayHarness, _ client: any TestClientProtocol) async throws -> (Browser, String) {
        let browser = Browser(client, origin: GatewayHarness.base)
        _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
        return (browser, try #require(browser.cookies["__Host-gh_session"]))
    }

    /// A fresh gateway served on loopback and one plain TCP connection to it.
    static func withRawConnection(_ body: @escaping @Sendable (GatewayHarness, RawHTTPConnection) async throws -> Void) async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.live) { client in
            try await body(h, try RawHTTPConnection(port: try #require(client.port)))
        }
    }

    @Test func answersExactlyAsTheRoute() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        let (token, fast) = try await h.app.test(.live) { client -> (String, [Seen]) in
            let (_, token) = try await Self.aliceSignedIn(h, client)
            var fast: [Seen] = []
            let before = h.runtime.metrics.fastPathChecks
            for c in Self.cases {
                let b = Browser(client)
                if c.cookie { b.cookies["__Host-gh_session"] = token }
                if c.junk { b.cookies["__Host-gh_session"] = "NotASessionButWellFormed0123456789abcdefghi" }
                let r = try await b.request("/auth/check", headers: c.headers)
                #expect(r.headers[Self.name("X-Request-ID")]?.count == 16)
                #expect(r.headers[.date]?.hasSuffix(" GMT") == true && r.headers[.server] == "gatehouse")
                fast.append(Self.seen(r))
            }
            #expect(h.runtime.metrics.fastPathChecks == before + UInt64(Self.cases.count), "every case answered by the fast path")
            return (token, fast)
        }
        try await h.app.test(.router) { client in
            for (index, c) in Self.cases.enumerated() {
                let b = Browser(client)
                if c.cookie { b.cookies["__Host-gh_session"] = token }
                if c.junk { b.cookies["__Host-gh_session"] = "NotASessionButWellFormed0123456789abcdefghi" }
                let routed = Self.seen(try await b.request("/auth/check", headers: c.headers))
                #expect(fast[index] == routed, "case \(index)")
            }
        }
        #expect(fast[0].status == 200 && fast[0].headers["X-Gatehouse-Role"] == "admin")
        #expect(fast[2].status == 401 && fast[2].headers["X-Gatehouse-Login-URL"] == "https://gw.test/login")
        #expect(fast[3].headers["X-Gatehouse-Login-URL"] == "https://gw.test/login?return_to=https%3A%2F%2Fapp.gw.test%2Freports%3Fq%3D1")
        #expect(fast[4].headers["X-Gatehouse-Login-URL"] == "https://gw.test/login")
        #expect(fast[5].headers["X-Gatehouse-Login-URL"]?.contains("return_to=https%3A%2F%2Fapp.gw.test%2Fa") == true)
    }

    @Test func logoutAndDeprovisioningAreRefusedAtTheNextCheck() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.live) { client in
            let (browser, token) = try await Self.aliceSignedIn(h, client)
            let proxy = Browser(client)  // the reverse proxy replays the cookie it was given
            proxy.cookies["__Host-gh_session"] = token
            let before = h.runtime.metrics.fastPathChecks
            #expect(try await proxy.request("/auth/check").status == .ok)
            let csrf = try #require(browser.cookies["__Host-gh_csrf"])
            #expect(try await browser.request("/logout", method: .post, form: ["csrf": csrf]).status == .seeOther)
            #expect(try await proxy.request("/auth/check").status == .unauthorized)

            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            proxy.cookies["__Host-gh_session"] = try #require(browser.cookies["__Host-gh_session"])
            #expect(try await proxy.request("/auth/check").status == .ok)
            var user = try #require(try await h.store.user(organizationID: "example", email: "alice@example.com"))
            user.active = false
            _ = try await h.store.updateUser(user, expectedVersion: nil)
            #expect(try await proxy.request("/auth/check").status == .unauthorized)
            #expect(h.runtime.metrics.fastPathChecks == before + 4)
        }
    }

    @Test func theIdleExpiryWriteGoesThroughTheRoute() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.live) { client in
            let (browser, token) = try await Self.aliceSignedIn(h, client)
            let before = h.runtime.metrics.fastPathChecks
            h.clock.advance(29 * 60)  // due for the idle-expiry write (once a minute per session)
            #expect(try await browser.request("/auth/check").status == .ok)
            #expect(h.runtime.metrics.fastPathChecks == before, "the route wrote the new idle expiry")
            let touched = try #require(try await h.store.activeSession(token: token, now: h.clock.now()))
            #expect(touched.lastSeenAt == h.clock.now())
            #expect(try await browser.request("/auth/check").status == .ok)
            #expect(h.runtime.metrics.fastPathChecks == before + 1)
            h.clock.advance(29 * 60)  // still alive only because the write happened
            #expect(try await browser.request("/auth/check").status == .ok)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await Self.withRawConnection { h, connection in
            func get(_ path: String) -> String { "GET \(path) HTTP/1.1\r\nHost: gw.test\r\n\r\n" }
            // A request for the router first: the checks behind it must wait for its answer.
            try await connection.send(get("/healthz") + get("/auth/check") + get("/login") + get("/auth/check?x=1"))
            let first = try await connection.responses(4)
            #expect(first.map(\.status) == [200, 401, 200, 401])
            #expect(first[2].body.contains("<form"))
            #expect(first[1].header("X-Gatehouse-Login-URL") == "https://gw.test/login")
            // Checks first: answered at once, then the router's answer, in order.
            let before = h.runtime.metrics.fastPathChecks
            try await connection.send(get("/auth/check") + get("/auth/check") + get("/healthz") + get("/auth/check"))
            let second = try await connection.responses(4)
            #expect(second.map(\.status) == [401, 401, 200, 401])
            #expect(h.runtime.metrics.fastPathChecks >= before + 2)
            #expect(Set(second.compactMap { $0.header("X-Request-ID") }).count == 4)
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await Self.withRawConnection { h, connection in
            // nginx's auth_request default: HTTP/1.0 semantics, Connection: close.
            try await connection.send("GET /auth/check HTTP/1.1\r\nHost: gw.test\r\nConnection: close\r\n\r\n")
            let answer = try #require(try await connection.responses(1).first)
            #expect(answer.status == 401)
            #expect(answer.header("Connection")?.lowercased() == "close")
            #expect(try await connection.closedByPeer())
        }
    }

    @Test func aCheckWithABodyOrAnotherMethodGoesThroughTheRouter() async throws {
        try await Self.withRawConnection { h, connection in
            let before = h.runtime.metrics.fastPathChecks
            try await connection.send("GET /auth/check HTTP/1.1\r\nHost: gw.test\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /auth/check HTTP/1.1\r\nHost: gw.test\r\nContent-Length: 0\r\n\r\n"
                + "GET /auth/checks HTTP/1.1\r\nHost: gw.test\r\n\r\n")
            let answers = try await connection.responses(3)
            #expect(answers[0].status == 401 && answers[0].header("X-Gatehouse-Login-URL") != nil)
            #expect(answers[1].status == 404 || answers[1].status == 405)
            #expect(answers[2].status == 404)
            #expect(h.runtime.metrics.fastPathChecks == before)
        }
    }

    @Test func aStoreThatCannotBeReadIsA503NeverA200() async throws {
        let h = try await GatewayHarness()
        try await h.app.test(.live) { client in
            let browser = Browser(client, origin: GatewayHarness.base)
            _ = try await h.samlLogin(browser, email: "alice@example.com", user: "alice")
            #expect(try await browser.request("/auth/check").status == .ok)
            await h.store.close()
            let r = try await browser.request("/auth/check")
            #expect(r.status == .serviceUnavailable)
            #expect(r.headers[Self.name("X-Gatehouse-User")] == nil)
        }
    }

    @Test func metricsCountTheFastPath() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.live) { client in
            _ = try await client.executeRequest(uri: "/auth/check", method: .get, headers: [:], body: nil)
            let text = String(buffer: try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil).body)
            #expect(text.contains("gatehouse_auth_checks_fast_path_total 1"))
            #expect(text.contains("gatehouse_auth_checks_total{result=\"denied\"} 1"))
            #expect(text.contains("gatehouse_http_request_duration_seconds_count{route=\"/auth/check\"} 1"))
        }
    }

    @Test func httpDateIsIMFFixdate() {
        #expect(HTTPDate.format(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 1_800_000_000) == "Fri, 15 Jan 2027 08:00:00 GMT")
    }
}
