import Foundation
import GatehouseGateway
import GatehouseStore
import Hummingbird
import HummingbirdTesting
import Testing

/// ``ForwardAuthWirePath``: its grammar (stricter than NIO's, so framing never differs), and over real sockets:
/// checks split across TCP segments, several users on one proxy connection (the cached answer is per user),
/// deferral to the route with the checks behind it held in order, leaving the wire for good on other traffic, and
/// HTTP/1.0 keep-alive.
@Suite struct ForwardAuthWirePathTests {
    typealias Wire = ForwardAuthWireRequest

    static func check(_ text: String) -> (Wire, Int)? {
        if case .check(let request, let length) = Wire.parse(text) { return (request, length) }
        return nil
    }

    static func notEligible(_ text: String) -> Bool {
        if case .notEligible = Wire.parse(text) { return true }
        return false
    }

    static func needMore(_ text: String) -> Bool {
        if case .needMore = Wire.parse(text) { return true }
        return false
    }

    @Test func acceptsThePlainChecksProxiesSend() throws {
        let nginx = "GET /auth/check HTTP/1.0\r\nHost: gw\r\nX-Original-URL: https://app/x?y=1\r\nCookie: a=1; gh=2\r\n\r\n"
        let (request, length) = try #require(Self.check(nginx + "GET /next"))
        #expect(length == nginx.utf8.count)
        #expect(request.isHTTP10 && !request.keepAlive)
        #expect(request.cookies == ["a=1; gh=2"])
        #expect(request.header("X-Original-URL") == "https://app/x?y=1")

        let traefik = "GET /auth/check?rd=1 HTTP/1.1\r\nx-forwarded-proto: https\r\nX-FORWARDED-HOST:app\r\nX-Forwarded-Uri: /a \r\n"
            + "cookie: one=1\r\nCookie:two=2\r\nX-Forwarded-Host: second\r\n\r\n"
        let (t, _) = try #require(Self.check(traefik))
        #expect(!t.isHTTP10 && t.keepAlive)
        #expect(t.header("X-Forwarded-Proto") == "https" && t.header("x-forwarded-host") == "app" && t.header("X-Forwarded-Uri") == "/a")
        #expect(t.cookies == ["one=1", "two=2"])

        #expect(try #require(Self.check("GET /auth/check HTTP/1.1\r\n\r\n")).0.keepAlive)
    }

    @Test func connectionHeaderDecidesKeepAliveAsNIODoes() throws {
        func keepAlive(_ version: String, _ connection: String?) throws -> Bool {
            let header = connection.map { "Connection: \($0)\r\n" } ?? ""
            return try #require(Self.check("GET /auth/check HTTP/\(version)\r\n\(header)\r\n")).0.keepAlive
        }
        #expect(try keepAlive("1.1", nil))
        #expect(try !keepAlive("1.1", "close"))
        #expect(try !keepAlive("1.1", "Upgrade, CLOSE"))
        #expect(try keepAlive("1.1", "keep-alive"))
        #expect(try !keepAlive("1.0", nil))
        #expect(try keepAlive("1.0", "Keep-Alive"))
        #expect(try keepAlive("1.0", "TE, keep-alive"))
    }

    /// Everything outside the strict grammar goes to NIO's parser, which then decides (and usually answers 400).
    @Test func anythingUnusualGoesToNIOsParser() {
        let cases = [
            "POST /auth/check HTTP/1.1\r\n\r\n", "HEAD /auth/check HTTP/1.1\r\n\r\n", "get /auth/check HTTP/1.1\r\n\r\n",
            "GET /auth/checks HTTP/1.1\r\n\r\n", "GET /auth/check/ HTTP/1.1\r\n\r\n", "GET /auth/check#x HTTP/1.1\r\n\r\n",
            "GET /auth/check HTTP/2.0\r\n\r\n", "GET /auth/check HTTP/1.1 \r\n\r\n", "GET  /auth/check HTTP/1.1\r\n\r\n",
            "GET /auth/check?a\u{1}b HTTP/1.1\r\n\r\n", "GET /auth/check?é HTTP/1.1\r\n\r\n",
            "GET /auth/check HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "GET /auth/check HTTP/1.1\r\ncontent-length: 5\r\n\r\nhello",
            "GET /auth/check HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET /auth/check HTTP/1.1\r\nCookie : a=1\r\n\r\n",  // space before the colon
            "GET /auth/check HTTP/1.1\r\nCookie: a=1\r\n folded\r\n\r\n",  // obs-fold
            "GET /auth/check HTTP/1.1\r\n\tCookie: a=1\r\n\r\n",
            "GET /auth/check HTTP/1.1\r\nCookie: a=1\nHost: x\r\n\r\n",  // bare LF
            "GET /auth/check HTTP/1.1\r\nCookie: a\r1\r\n\r\n",  // bare CR
            "GET /auth/check HTTP/1.1\r\nCookie: a\u{0}1\r\n\r\n", "GET /auth/check HTTP/1.1\r\nCookie: a\u{7F}\r\n\r\n",
            "GET /auth/check HTTP/1.1\r\n: empty-name\r\n\r\n", "GET /auth/check HTTP/1.1\r\nNo-Colon\r\n\r\n",
            "GET /auth/check HTTP/1.1\r\nX-Original-URL: " + String(repeating: "a", count: 9000) + "\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "\r\nGET /auth/check HTTP/1.1\r\n\r\n",
        ]
        for text in cases {
            #expect(Self.notEligible(text), "\(text.debugDescription.prefix(80))")
        }
    }

    @Test func incompleteHeadsWaitUpToTheLimit() {
        #expect(Self.needMore("GET /au"))
        #expect(Self.needMore("GET /auth/check HTTP/1.1\r\nCookie: a=1\r\n"))
        #expect(Self.needMore("GET /auth/check HTTP/1.1\r\nCookie: a=1\r\n\r"))
        #expect(Self.notEligible("GET /other"))
        #expect(Self.notEligible("GET /auth/check HTTP/1.1\r\nX: " + String(repeating: "a", count: Wire.maximumLength)))
    }

    // MARK: Over real sockets

    @Test func aCheckSplitAcrossSegmentsIsAnsweredOnTheWire() async throws {
        try await ForwardAuthFastPathTests.withRawConnection { h, connection in
            let before = h.runtime.metrics.wireChecks
            try await connection.send("GET /auth/ch")
            try await Task.sleep(for: .milliseconds(50))
            try await connection.send("eck HTTP/1.1\r\nHost: gw.test\r\n")
            try await Task.sleep(for: .milliseconds(50))
            try await connection.send("\r\nGET /auth/check HTTP/1.1\r\n\r\n")
            let answers = try await connection.responses(2)
            #expect(answers.map(\.status) == [401, 401])
            #expect(h.runtime.metrics.wireChecks == before + 2)
        }
    }

    /// A proxy multiplexes many users over few upstream connections: the per-connection cached answer must be the
    /// current request's user, and a logout in between must show at once.
    @Test func severalUsersOnOneConnectionEachGetTheirOwnAnswer() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.live) { client in
            let alice = Browser(client, origin: GatewayHarness.base)
            _ = try await h.samlLogin(alice, email: "alice@example.com", user: "alice")
            let bob = Browser(client, origin: GatewayHarness.base)
            _ = try await h.samlLogin(bob, email: "ceo@example.com", user: "ceo")
            let aliceToken = try #require(alice.cookies["__Host-gh_session"])
            let bobToken = try #require(bob.cookies["__Host-gh_session"])
            let connection = try RawHTTPConnection(port: try #require(client.port))
            func check(_ token: String?) -> String {
                "GET /auth/check HTTP/1.1\r\nHost: gw.test\r\n" + (token.map { "Cookie: __Host-gh_session=\($0)\r\n" } ?? "") + "\r\n"
            }
            let before = h.runtime.metrics.wireChecks
            try await connection.send(check(aliceToken) + check(bobToken) + check(aliceToken) + check(nil) + check(bobToken))
            let answers = try await connection.responses(5)
            #expect(answers.map(\.status) == [200, 200, 200, 401, 200])
            #expect(answers.map { $0.header("X-Gatehouse-Email") } == ["alice@example.com", "ceo@example.com", "alice@example.com", nil, "ceo@example.com"])
            #expect(Set(answers.compactMap { $0.header("X-Request-ID") }).count == 5)
            #expect(h.runtime.metrics.wireChecks == before + 5)

            let csrf = try #require(alice.cookies["__Host-gh_csrf"])
            #expect(try await alice.request("/logout", method: .post, form: ["csrf": csrf]).status == .seeOther)
            try await connection.send(check(aliceToken) + check(bobToken))
            let after = try await connection.responses(2)
            #expect(after.map(\.status) == [401, 200])
            #expect(after[0].header("X-Gatehouse-User") == nil)
        }
    }

    /// The once-a-minute idle write goes through the route; the checks pipelined behind it wait and come out after
    /// it, in order, and the connection stays on the wire.
    @Test func aDeferredCheckHoldsTheChecksBehindIt() async throws {
        let h = try await GatewayHarness()
        defer { h.closeLater() }
        try await h.app.test(.live) { client in
            let (_, token) = try await ForwardAuthFastPathTests.aliceSignedIn(h, client)
            let connection = try RawHTTPConnection(port: try #require(client.port))
            let check = "GET /auth/check HTTP/1.1\r\nHost: gw.test\r\nCookie: __Host-gh_session=\(token)\r\n\r\n"
            h.clock.advance(29 * 60)
            let before = h.runtime.metrics.wireChecks
            try await connection.send(check + check + "GET /auth/check HTTP/1.1\r\nHost: gw.test\r\n\r\n" + check)
            let answers = try await connection.responses(4)
            #expect(answers.map(\.status) == [200, 200, 401, 200])
            #expect(h.runtime.metrics.wireChecks == before + 3, "the first went to the route, the rest stayed on the wire")
            let touched = try #require(try await h.store.activeSession(token: token, now: h.clock.now()))
            #expect(touched.lastSeenAt == h.clock.now())
            try await connection.send(check)
            #expect(try await connection.responses(1).first?.status == 200)
            #expect(h.runtime.metrics.wireChecks == before + 4)
        }
    }

    /// Other traffic on the connection sends it to NIO's parser for good; checks there are still answered before
    /// the router (by ``ForwardAuthFastPath``), in order.
    @Test func otherTrafficLeavesTheWireForGood() async throws {
        try await ForwardAuthFastPathTests.withRawConnection { h, connection in
            let check = "GET /auth/check HTTP/1.1\r\nHost: gw.test\r\n\r\n"
            let wireBefore = h.runtime.metrics.wireChecks, fastBefore = h.runtime.metrics.fastPathChecks
            try await connection.send(check + "GET /healthz HTTP/1.1\r\nHost: gw.test\r\n\r\n" + check)
            #expect(try await connection.responses(3).map(\.status) == [401, 200, 401])
            try await connection.send(check)
            #expect(try await connection.responses(1).first?.status == 401)
            #expect(h.runtime.metrics.wireChecks == wireBefore + 1)
            #expect(h.runtime.metrics.fastPathChecks >= fastBefore + 2)
        }
    }

    @Test func malformedHeadsGetNIOsAnswerNotTheWires() async throws {
        try await ForwardAuthFastPathTests.withRawConnection { h, connection in
            let before = h.runtime.metrics.fastPathChecks
            try await connection.send("GET /auth/check HTTP/1.1\r\nHost: gw.test\r\nCookie : __Host-gh_session=x\r\n\r\n")
            let answer = try #require(try await connection.responses(1).first)
            #expect(answer.status == 400)
            #expect(h.runtime.metrics.fastPathChecks == before)
        }
    }

    @Test func http10KeepAliveIsHonoured() async throws {
        try await ForwardAuthFastPathTests.withRawConnection { h, connection in
            let check = "GET /auth/check HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
            try await connection.send(check + check)
            let answers = try await connection.responses(2)
            #expect(answers.map(\.status) == [401, 401])
            #expect(answers.allSatisfy { $0.header("Connection")?.lowercased() == "keep-alive" })
            try await connection.send("GET /auth/check HTTP/1.0\r\n\r\n")
            #expect(try await connection.responses(1).first?.header("Connection")?.lowercased() == "close")
            #expect(try await connection.closedByPeer())
        }
    }
}

extension ForwardAuthWirePathTests {
    /// A head trickled in piece by piece: resuming the search finds the same end as one full scan.
    @Test func resumedSearchFindsTheSameEnd() throws {
        let text = "GET /auth/check HTTP/1.1\r\nHost: gw\r\nCookie: a=1\r\n\r\nGET"
        let bytes = Array(text.utf8)
        var searched = 0
        var found: Int?
        for end in 1...bytes.count {
            let result = bytes[0..<end].withUnsafeBytes { Wire.parse($0, searchFrom: searched) }
            switch result {
            case .needMore: searched = end
            case .check(_, let length): found = length
            case .notEligible: Issue.record("refused at \(end) bytes")
            }
            if found != nil { break }
        }
        #expect(found == text.utf8.count - 3)
    }
}
