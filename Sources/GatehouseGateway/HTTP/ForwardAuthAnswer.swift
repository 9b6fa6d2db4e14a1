import Hummingbird

/// What `GET /auth/check` answers, built in one place for the Hummingbird route and for ``ForwardAuthFastPath``
/// (same status, headers and body either way).
///
/// - 200 with `X-Gatehouse-User`, `-Email`, `-Workspace`, `-Role` for a valid session;
/// - 401 with `X-Gatehouse-Login-URL` (the login page, with `return_to` when the proxy's original URL is on an
///   allowed origin) and `WWW-Authenticate`, otherwise;
/// - 503 when the store cannot be read (fail closed: never a 200 without a session read).
struct ForwardAuthAnswer {
    var status: Int
    /// Route-specific headers; the standard ones (``GatewayMiddleware/addStandardHeaders(to:requestID:)``) are added
    /// by whoever sends the answer.
    var headers: [(String, String)]
    var body: String

    static let plainText = "text/plain; charset=utf-8"

    /// - Parameter header: the request's first header value by (case-insensitive) name.
    static func make(identity: SessionIdentity?, runtime: GatewayRuntime, header: (String) -> String?) -> ForwardAuthAnswer {
        guard let identity else {
            let original = originalURL(runtime: runtime, header: header)
            let login = runtime.publicBaseURL + "/login" + (original.map { "?return_to=" + HTTPSupport.urlEncode($0) } ?? "")
            return ForwardAuthAnswer(status: 401, headers: [
                ("Content-Type", plainText), ("X-Gatehouse-Login-URL", login), ("WWW-Authenticate", "Cookie realm=\"gatehouse\""),
            ], body: "sign-in required: \(login)\n")
        }
        return ForwardAuthAnswer(status: 200, headers: [
            ("Content-Type", plainText), ("X-Gatehouse-User", headerSafe(identity.userID)), ("X-Gatehouse-Email", headerSafe(identity.email)),
            ("X-Gatehouse-Workspace", headerSafe(identity.organizationID)), ("X-Gatehouse-Role", headerSafe(identity.role)),
        ], body: "")
    }

    /// Every header the fast paths send with this answer, in order: the route's own, then what the router path adds
    /// (``GatewayMiddleware``'s request ID, cache policy and security headers; NIO's `Content-Length`; Hummingbird's
    /// `Date` and `Server`) and the `Connection` header the request's keep-alive calls for.
    func allHeaders(requestID: String, date: String, serverName: String, keepAlive: Bool, isHTTP10: Bool) -> [(String, String)] {
        var all = headers
        all.reserveCapacity(headers.count + 11)
        all.append((GatewayMiddleware.requestIDHeader, requestID))
        all.append(("Cache-Control", GatewayMiddleware.defaultCacheControl))
        all.append(contentsOf: GatewayMiddleware.securityHeaders)
        all.append(("Content-Length", String(body.utf8.count)))
        all.append(("Date", date))
        all.append(("Server", serverName))
        if !keepAlive {
            all.append(("Connection", "close"))
        } else if isHTTP10 {
            all.append(("Connection", "keep-alive"))
        }
        return all
    }

    /// The session read both fast paths make, from the request's `Cookie` header values: no session cookie is
    /// `.none`; `.deferred` means the route must answer (see ``SessionManager/identityImmediately(token:)``).
    static func immediateIdentity(cookieHeaders: [String], runtime: GatewayRuntime) -> SessionManager.ImmediateIdentity {
        guard let token = CookiePolicy.value(runtime.cookies.sessionName, in: cookieHeaders) else { return .none }
        return runtime.sessions.identityImmediately(token: token)
    }

    static var storeUnavailable: ForwardAuthAnswer {
        ForwardAuthAnswer(status: 503, headers: [("Content-Type", plainText)], body: "store unavailable\n")
    }

    /// As a Hummingbird response (the route).
    var response: Response {
        HTTPSupport.response(status, Self.plainText, body, headers: headers.filter { $0.0 != "Content-Type" })
    }

    /// The URL the proxy was asked for: nginx `X-Original-URL`, or Traefik's `X-Forwarded-Proto/Host/Uri`; only
    /// kept when on an allowed origin.
    static func originalURL(runtime: GatewayRuntime, header: (String) -> String?) -> String? {
        if let url = header("X-Original-URL") { return runtime.returnURLs.validate(url) }
        if let proto = header("X-Forwarded-Proto"), let host = header("X-Forwarded-Host") {
            let uri = header("X-Forwarded-Uri") ?? "/"
            return runtime.returnURLs.validate("\(proto)://\(host)\(uri)")
        }
        return nil
    }

    /// Header values never carry control characters (a claim cannot inject a header).
    static func headerSafe(_ value: String) -> String {
        if value.utf8.count <= 512, value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) { return value }
        return String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(512).map(Character.init))
    }
}
