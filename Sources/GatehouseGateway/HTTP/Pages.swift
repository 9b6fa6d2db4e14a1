import Hummingbird

/// The gateway's HTML. Every interpolated value is escaped; no page contains scripts, claim values from a refused
/// login, keys or internal errors. Error pages carry the request ID so an admin can find the full diagnosis.
enum Pages {
    static func layout(_ title: String, _ body: String) -> String {
        let e = HTTPSupport.escapeHTML
        return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title)) · Gatehouse</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}
        .card{border:1px solid #ddd;border-radius:10px;padding:1.5rem}button{font-size:1rem;padding:.5rem 1rem}
        input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box;margin:.5rem 0}.muted{color:#666;font-size:.9rem}
        code{background:#f4f4f4;padding:0 .2rem}</style></head>
        <body><main class="card"><h1>\(e(title))</h1>\(body)</main></body></html>
        """
    }

    static func html(_ status: Int = 200, _ title: String, _ body: String, cookies: [String] = []) -> Response {
        HTTPSupport.response(status, "text/html; charset=utf-8", layout(title, body), headers: cookies.map { ("Set-Cookie", $0) })
    }

    static func error(status: Int, title: String, message: String, requestID: String, cookies: [String] = []) -> Response {
        let e = HTTPSupport.escapeHTML
        return html(status, title, """
        <p id="message">\(e(message))</p>
        <p class="muted">Request ID: <code id="request-id">\(e(requestID))</code></p>
        <p><a href="/login">Back to sign-in</a></p>
        """, cookies: cookies)
    }

    static func login(csrf: String, returnTo: String, email: String = "", notice: String? = nil) -> String {
        let e = HTTPSupport.escapeHTML
        let note = notice.map { "<p id=\"notice\">\(e($0))</p>" } ?? ""
        return layout("Sign in", """
        \(note)<form method="post" action="/login">
        <input type="hidden" name="csrf" value="\(e(csrf))"><input type="hidden" name="return_to" value="\(e(returnTo))">
        <label for="email">Work email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="\(e(email))">
        <button id="continue" type="submit">Continue</button></form>
        <p class="muted">Your email's domain decides where you sign in.</p>
        """)
    }

    static func offerSSO(csrf: String, returnTo: String, email: String, organizationName: String, connections: [(id: String, label: String)]) -> String {
        let e = HTTPSupport.escapeHTML
        let buttons = connections.map { c in
            """
            <form method="post" action="/login/sso">
            <input type="hidden" name="csrf" value="\(e(csrf))"><input type="hidden" name="return_to" value="\(e(returnTo))">
            <input type="hidden" name="email" value="\(e(email))"><input type="hidden" name="connection" value="\(e(c.id))">
            <button id="sso-\(e(c.id))" type="submit">Continue with \(e(organizationName)) SSO\(c.label.isEmpty ? "" : " (\(e(c.label)))")</button></form>
            """
        }.joined()
        return layout("Sign in to \(organizationName)", """
        <p>\(e(organizationName)) uses single sign-on for <b>\(e(email))</b>.</p>\(buttons)
        <p class="muted">SSO is not yet required for this domain; the application's own sign-in remains available.</p>
        """)
    }

    static func unrouted(domain: String) -> String {
        let e = HTTPSupport.escapeHTML
        return layout("No single sign-on for this domain", """
        <p id="message">No organization has verified <b>\(e(domain))</b>, so there is no company sign-in to send you to.</p>
        <p>Check the address for typos, or use the application's own sign-in. If your company uses SSO, your IT
        administrator needs to verify the domain first.</p><p><a href="/login">Try another address</a></p>
        """)
    }

    static func signup(csrf: String) -> String {
        let e = HTTPSupport.escapeHTML
        return layout("Create a personal account", """
        <form method="post" action="/signup"><input type="hidden" name="csrf" value="\(e(csrf))">
        <label for="email">Email</label><input id="email" name="email" type="email" required>
        <button id="signup" type="submit">Continue</button></form>
        """)
    }

    static func signupRefused(domain: String, organizationName: String) -> String {
        let e = HTTPSupport.escapeHTML
        return layout("This address belongs to \(organizationName)", """
        <p id="message"><b>\(e(domain))</b> is managed by <b>\(e(organizationName))</b>, which requires single sign-on.
        A personal account with this address cannot be created.</p>
        <p><a href="/login">Sign in with \(e(organizationName)) SSO</a>, or use a personal email address.</p>
        """)
    }

    static func signupAllowed(email: String) -> String {
        let e = HTTPSupport.escapeHTML
        return layout("Personal sign-up", """
        <p id="message">No organization requires single sign-on for <b>\(e(email))</b>; personal sign-up continues in the application.</p>
        """)
    }

    static func workspace(_ identity: SessionIdentity, csrf: String) -> String {
        let e = HTTPSupport.escapeHTML
        return layout("Signed in", """
        <p>Workspace: <b id="workspace">\(e(identity.organizationName))</b></p>
        <p>User: <b id="email">\(e(identity.email))</b></p>
        <p>Role: <b id="role">\(e(identity.role))</b></p>
        <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(e(csrf))">
        <button id="logout" type="submit">Sign out</button></form>
        """)
    }

    static func logoutConfirm(csrf: String, returnTo: String) -> String {
        let e = HTTPSupport.escapeHTML
        return layout("Sign out", """
        <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(e(csrf))">
        <input type="hidden" name="return_to" value="\(e(returnTo))"><button id="logout" type="submit">Sign out</button></form>
        """)
    }
}
