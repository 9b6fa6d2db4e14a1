import GatehouseAudit
import Logging
import Foundation
import Hummingbird

extension GatewayRoutes {
    func addSession(_ router: Router<GatewayRequestContext>) {
        // Forward-auth for nginx `auth_request` and Traefik `forwardAuth`.
        router.get("/auth/check") { request, context in
            let identity: SessionIdentity?
            do { identity = try await currentIdentity(request) } catch {
                runtime.logger.error("auth check: store unavailable", metadata: ["request_id": .string(context.requestID)])
                runtime.metrics.authCheck(allowed: false)
                return HTTPSupport.response(503, "text/plain; charset=utf-8", "store unavailable\n")
            }
            guard let identity else {
                runtime.metrics.authCheck(allowed: false)
                let original = originalURL(request)
                let login = runtime.publicBaseURL + "/login" + (original.map { "?return_to=" + HTTPSupport.urlEncode($0) } ?? "")
                return HTTPSupport.response(401, "text/plain; charset=utf-8", "sign-in required: \(login)\n",
                                            headers: [("X-Gatehouse-Login-URL", login), ("WWW-Authenticate", "Cookie realm=\"gatehouse\"")])
            }
            runtime.metrics.authCheck(allowed: true)
            return HTTPSupport.response(200, "text/plain; charset=utf-8", "", headers: [
                ("X-Gatehouse-User", Self.headerSafe(identity.userID)), ("X-Gatehouse-Email", Self.headerSafe(identity.email)),
                ("X-Gatehouse-Workspace", Self.headerSafe(identity.organizationID)), ("X-Gatehouse-Role", Self.headerSafe(identity.role)),
            ])
        }

        router.get("/me") { request, context in
            guard let identity = try await currentIdentity(request) else {
                return HTTPSupport.json(["error": "gateway.session_invalid", "message": "not signed in"], status: 401)
            }
            let iso = ISO8601DateFormatter()
            return HTTPSupport.json([
                "user": identity.userID, "email": identity.email, "name": identity.displayName, "workspace": identity.organizationID,
                "workspace_name": identity.organizationName, "role": identity.role,
                "session": ["created_at": iso.string(from: identity.createdAt), "expires_at": iso.string(from: identity.absoluteExpiresAt)],
            ])
        }

        router.get("/logout") { request, _ in
            let (token, setCookie) = csrf.token(for: request)
            let returnTo = runtime.returnURLs.resolve(HTTPSupport.query(request)["return_to"])
            return HTTPSupport.response(200, "text/html; charset=utf-8", Pages.logoutConfirm(csrf: token, returnTo: returnTo),
                                        headers: setCookie.map { [("Set-Cookie", $0)] } ?? [])
        }

        router.post("/logout") { request, context in
            do {
                let form = try await HTTPSupport.form(request, limit: Self.formLimit)
                try csrf.check(request, form: form)
                if let token = HTTPSupport.cookie(request, runtime.cookies.sessionName) {
                    let identity = try? await runtime.sessions.identity(token: token)
                    do { try await runtime.sessions.revoke(token: token) } catch {
                        throw GatewayError(.storeUnavailable, "session revocation failed: \(error)")
                    }
                    if let identity {
                        await runtime.completer.audit(identity.organizationID, meta(request, context), actor: identity.email, action: .logout,
                                                      target: identity.userID, result: .success, code: "", details: [:])
                    }
                }
                let target = form["return_to"].flatMap { runtime.returnURLs.validate($0) } ?? "/login?logged_out=1"
                return HTTPSupport.redirect(target, cookies: [runtime.cookies.clearSession()])
            } catch {
                return refuse(error, status: status(for: error), context)
            }
        }
    }

    /// The URL the proxy was asked for: nginx `X-Original-URL`, or Traefik's `X-Forwarded-Proto/Host/Uri`; only
    /// kept when on an allowed origin.
    func originalURL(_ request: Request) -> String? {
        if let url = request.headers[.init("X-Original-URL")!] { return runtime.returnURLs.validate(url) }
        if let proto = request.headers[.init("X-Forwarded-Proto")!], let host = request.headers[.init("X-Forwarded-Host")!] {
            let uri = request.headers[.init("X-Forwarded-Uri")!] ?? "/"
            return runtime.returnURLs.validate("\(proto)://\(host)\(uri)")
        }
        return nil
    }

    /// Header values never carry control characters (a claim cannot inject a header).
    static func headerSafe(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(512).map(Character.init))
    }
}
