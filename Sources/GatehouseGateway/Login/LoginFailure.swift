/// A refused login: the stable code and the admin's diagnosis (logs, audit) and the user's next step (browser).
package struct LoginFailure: Error, Sendable {
    package let code: String
    /// Expected vs received, for the admin only.
    package let reason: String
    /// What the person in front of the browser can do; never contains claim values, keys or internal detail.
    package let userMessage: String
    package let status: Int

    package init(code: String, reason: String, userMessage: String, status: Int = 403) {
        self.code = code
        self.reason = reason
        self.userMessage = userMessage
        self.status = status
    }

    /// The browser's advice for a code family.
    package static func advice(for code: String) -> String {
        if code.hasPrefix("policy.") {
            return "Your account is not assigned a role in this workspace. Ask your IT administrator to check your group membership."
        }
        if code.hasPrefix("saml.") || code.hasPrefix("oidc.") {
            if code.hasSuffix("expired") || code.hasSuffix("not_yet_valid") || code.hasSuffix("replay")
                || code.hasSuffix("state_mismatch") || code.hasSuffix("in_response_to_mismatch") {
                return "Your sign-in attempt expired or was already used. Start again from the sign-in page."
            }
            return "Your identity provider's answer could not be accepted. Try again; if it keeps failing, give your IT administrator the request ID below."
        }
        switch code {
        case "gateway.login_not_pending", "gateway.login_binding_mismatch":
            return "This sign-in was not started in this browser, or it took too long. Start again from the sign-in page."
        case "gateway.user_deactivated":
            return "Your account in this workspace is deactivated. Contact your IT administrator."
        case "gateway.store_unavailable":
            return "Sign-in is temporarily unavailable. Try again in a minute."
        default:
            return "Sign-in could not be completed. Give your IT administrator the request ID below."
        }
    }
}
