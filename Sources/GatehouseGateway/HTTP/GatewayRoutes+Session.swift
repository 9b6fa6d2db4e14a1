import GatehouseAudit
import Logging
import Foundation
import Hummingbird

extension GatewayRoutes {
    func addSession(_ router: Router<GatewayRequestContext>) {
        // Forward-auth for nginx `auth_request` and Traefik `forwardAuth`. Served HTTP/1 connections answer most of
        // these in ForwardAuthFastPath, before Hummingbird; this route answers the rest (PostgreSQL, a session due for
        // its idle-expiry write, a failed read) and in-process tests, with the same ForwardAuthAnswer.
        router.get("/auth/check") { request, context in
            let identity: SessionIdentity?
            do { identity = try await currentIdentity(request) } catch {
                runtime.logger.error("auth check: store unavailable", metadata: ["request_id": .string(context.requestID)])
                runtime.metrics.authCheck(allowed: false)
                return ForwardAuthAnswer.storeUnavailable.response
            }
            runtime.metrics.authCheck(allowed: identity != nil)
            return ForwardAuthAnswer.make(identity: identity, runtime: runtime) { name in
                HTTPFields.Element.Name(name).flatMap { request.headers[values: $0].first }
            }.response
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
}
