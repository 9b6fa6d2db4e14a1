import Logging
import Foundation
import Hummingbird

extension GatewayRoutes {
    func addLogin(_ router: Router<GatewayRequestContext>) {
        router.get("/") { request, context in
            guard let identity = try await currentIdentity(request) else {
                return HTTPSupport.redirect("/login")
            }
            let (token, setCookie) = csrf.token(for: request)
            return HTTPSupport.response(200, "text/html; charset=utf-8", Pages.workspace(identity, csrf: token),
                                        headers: setCookie.map { [("Set-Cookie", $0)] } ?? [])
        }

        router.get("/login") { request, context in
            let q = HTTPSupport.query(request)
            let returnTo = runtime.returnURLs.resolve(q["return_to"])
            let (token, setCookie) = csrf.token(for: request)
            let notice = q["logged_out"] != nil ? "You are signed out." : nil
            return HTTPSupport.response(200, "text/html; charset=utf-8",
                                        Pages.login(csrf: token, returnTo: returnTo, email: String((q["login_hint"] ?? "").prefix(320)), notice: notice),
                                        headers: setCookie.map { [("Set-Cookie", $0)] } ?? [])
        }

        // Home-realm discovery: the email's domain decides.
        router.post("/login") { request, context in
            do {
                let (form, email) = try await emailForm(request)
                let returnTo = try returnURL(form["return_to"])
                switch try await runtime.decide(email) {
                case .redirect(_, _, let connectionID):
                    return try await start(connectionID: connectionID, returnTo: returnTo, email: email)
                case .offerSSO(_, let name, let connectionIDs):
                    let labeled = connectionIDs.map { id in (id: id, label: connectionIDs.count > 1 ? (runtime.saml[id] != nil ? "SAML" : "OIDC") : "") }
                    return HTTPSupport.response(200, "text/html; charset=utf-8", Pages.offerSSO(
                        csrf: form["csrf"] ?? "", returnTo: returnTo, email: email.description, organizationName: name, connections: labeled))
                case .unrouted(let domain):
                    return HTTPSupport.response(200, "text/html; charset=utf-8", Pages.unrouted(domain: domain))
                }
            } catch {
                return refuse(error, status: status(for: error), context)
            }
        }

        // "Continue with SSO" on a verified, not enforced domain: re-derive the route; never trust the form's choice.
        router.post("/login/sso") { request, context in
            do {
                let (form, email) = try await emailForm(request)
                let returnTo = try returnURL(form["return_to"])
                switch try await runtime.decide(email) {
                case .redirect(_, _, let connectionID):
                    return try await start(connectionID: connectionID, returnTo: returnTo, email: email)
                case .offerSSO(_, _, let connectionIDs):
                    // Only a connection of the org that routes this domain; anything else falls back to its first.
                    let chosen = connectionIDs.first { $0 == form["connection"] } ?? connectionIDs[0]
                    return try await start(connectionID: chosen, returnTo: returnTo, email: email)
                case .unrouted(let domain):
                    return HTTPSupport.response(200, "text/html; charset=utf-8", Pages.unrouted(domain: domain))
                }
            } catch {
                return refuse(error, status: status(for: error), context)
            }
        }

        router.get("/signup") { request, _ in
            let (token, setCookie) = csrf.token(for: request)
            return HTTPSupport.response(200, "text/html; charset=utf-8", Pages.signup(csrf: token),
                                        headers: setCookie.map { [("Set-Cookie", $0)] } ?? [])
        }

        // Personal sign-up: refused for a verified + enforced domain, with a page naming the owning org.
        router.post("/signup") { request, context in
            do {
                let (_, email) = try await emailForm(request)
                if case .redirect(let orgID, let name, _) = try await runtime.decide(email) {
                    runtime.logger.info("personal sign-up refused", metadata: [
                        "code": .string(GatewayError.Code.domainEnforced.description), "domain": .string(email.domain), "org": .string(orgID),
                        "request_id": .string(context.requestID)])
                    return HTTPSupport.response(403, "text/html; charset=utf-8", Pages.signupRefused(domain: email.domain, organizationName: name))
                }
                return HTTPSupport.response(200, "text/html; charset=utf-8", Pages.signupAllowed(email: email.description))
            } catch {
                return refuse(error, status: status(for: error), context)
            }
        }
    }

    /// The posted form of `/login`, `/login/sso` and `/signup`, read within the size limit, CSRF-checked, and its
    /// `email` parsed: one place, so no form path can skip the CSRF check.
    func emailForm(_ request: Request) async throws -> ([String: String], EmailAddress) {
        let form = try await HTTPSupport.form(request, limit: Self.formLimit)
        try csrf.check(request, form: form)
        return (form, try EmailAddress(form["email"] ?? ""))
    }

    /// Redirects to the IdP and sets the login-binding cookie.
    func start(connectionID: String, returnTo: String, email: EmailAddress) async throws(GatewayError) -> Response {
        let (url, binding) = try await runtime.startLogin(connectionID: connectionID, returnTo: returnTo, loginHint: email.description)
        return HTTPSupport.redirect(url, cookies: [runtime.cookies.login(binding, maxAge: Int(runtime.loginLifetime))])
    }

    /// A submitted return URL: absent → `/`; present but outside the allowed origins → refused (and logged).
    func returnURL(_ candidate: String?) throws(GatewayError) -> String {
        guard let candidate, !candidate.isEmpty else { return runtime.returnURLs.fallback }
        guard let safe = runtime.returnURLs.validate(candidate) else {
            throw GatewayError(.returnURLRejected, "return URL '\(candidate.prefix(200))' is not on an allowed origin")
        }
        return safe
    }

    func status(for error: any Error) -> Int {
        guard let e = error as? GatewayError else { return 500 }
        switch e.kind {
        case .csrfFailed, .domainEnforced, .userDeactivated: return 403
        case .requestTooLarge: return 413
        case .storeUnavailable: return 503
        case .configInvalid, .noConnection, .connectionUnknown: return 502
        case .sessionInvalid: return 401
        default: return 400
        }
    }

    func refuse(_ error: any Error, status: Int, _ context: GatewayRequestContext) -> Response {
        let e = error as? GatewayError ?? GatewayError(.requestMalformed, "\(error)")
        return refuse(e, status: status, context, title: "Sign-in could not continue")
    }

    func currentIdentity(_ request: Request) async throws -> SessionIdentity? {
        guard let token = HTTPSupport.cookie(request, runtime.cookies.sessionName) else { return nil }
        do { return try await runtime.sessions.identity(token: token) } catch {
            throw GatewayError(.storeUnavailable, "session lookup failed: \(error)")
        }
    }
}
