/// The mock's HTML: the self-submitting POST form, the login page, error pages. Every value is escaped.
enum HTMLPages {
    static let banner = "<p style=\"background:#fee;border:1px solid #c00;padding:4px\"><b>Gatehouse mock IdP — TEST ONLY.</b> "
        + "Its keys are public (NOT FOR PRODUCTION); never trust it on a real connection.</p>"

    static func postForm(action: String, samlResponse: String, relayState: String?) -> String {
        let relay = relayState.map { "<input type=\"hidden\" name=\"RelayState\" value=\"\(XMLText.escape($0))\"/>" } ?? ""
        return """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>Continue to the service</title></head>
        <body onload="document.forms[0].submit()"><form method="post" action="\(XMLText.escape(action))">
        <input type="hidden" name="SAMLResponse" value="\(samlResponse)"/>\(relay)
        <noscript><button type="submit">Continue</button></noscript></form></body></html>
        """
    }

    static func page(_ title: String, _ body: String) -> String {
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>\(XMLText.escape(title))</title></head><body>\(banner)"
            + "<h1>\(XMLText.escape(title))</h1>\(body)</body></html>"
    }

    static func error(_ title: String, _ message: String) -> String {
        page(title, "<p id=\"error\">\(XMLText.escape(message))</p>")
    }

    static func appNotConfigured(user: String) -> String {
        error("Service not available", "This application is not configured for \(user). Ask your IdP administrator to assign the app.")
    }

    /// Pick a user (or type one) and scenarios; hidden fields carry the protocol request through.
    static func login(action: String, hidden: [String: String], users: [MockUser], scenarios: [Scenario]) -> String {
        let fields = hidden.sorted { $0.key < $1.key }
            .map { "<input type=\"hidden\" name=\"\(XMLText.escape($0.key))\" value=\"\(XMLText.escape($0.value))\"/>" }.joined()
        let userButtons = users.map { u in
            "<button type=\"submit\" name=\"user\" value=\"\(XMLText.escape(u.id))\">\(XMLText.escape(u.id))"
                + " &lt;\(XMLText.escape(u.email ?? "no email"))&gt; [\(u.state.rawValue)]</button><br/>"
        }.joined()
        let options = scenarios.map { s in
            "<option value=\"\(XMLText.escape(s.name))\">\(XMLText.escape(s.name)) — \(XMLText.escape(s.summary))</option>"
        }.joined()
        return page("Sign in to the mock IdP", """
        <form method="post" action="\(XMLText.escape(action))">\(fields)
        <label>Scenario (optional; several with +): <select name="scenario"><option value="">(none: a normal login)</option>\(options)</select></label>
        <label>or type: <input name="scenario_text" placeholder="clock.idp-ahead(90) + sign.sha1"/></label>
        <h2>Pick a user</h2>\(userButtons)
        <p><label>or type a user ID: <input name="typed_user"/></label><button type="submit">Sign in</button></p>
        </form>
        """)
    }
}
