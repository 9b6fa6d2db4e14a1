import Hummingbird

/// CSRF protection for the gateway's own state-changing POSTs (`/login`, `/login/sso`, `/signup`, `/logout`):
/// a double-submit token (the `gh_csrf` cookie, `SameSite=Strict`, must equal the form's `csrf` field) and, when
/// the browser sends one, an `Origin` header equal to the gateway's own origin.
///
/// The SAML ACS is deliberately not covered: the IdP's POST is cross-site by design; it is protected by the
/// signature, the login-binding cookie and `InResponseTo`.
struct CSRFGuard {
    let cookies: CookiePolicy
    let ownOrigin: String

    /// The browser's token, or a new one (then `setCookie` must be sent with the page).
    func token(for request: Request) -> (token: String, setCookie: String?) {
        if let existing = HTTPSupport.cookie(request, cookies.csrfName), RandomToken.isWellFormed(existing) {
            return (existing, nil)
        }
        let fresh = RandomToken.make()
        return (fresh, cookies.csrf(fresh))
    }

    func check(_ request: Request, form: [String: String]) throws(GatewayError) {
        if let origin = request.headers[.origin], origin.lowercased() != ownOrigin {
            throw GatewayError(.csrfFailed, "POST \(request.uri.path) from foreign Origin '\(origin.prefix(100))' (expected \(ownOrigin))")
        }
        guard let cookie = HTTPSupport.cookie(request, cookies.csrfName), RandomToken.isWellFormed(cookie),
              let field = form["csrf"], RandomToken.constantTimeEquals(cookie, field) else {
            throw GatewayError(.csrfFailed, "POST \(request.uri.path) without a matching CSRF token (cookie and form field differ or are missing)")
        }
    }
}
