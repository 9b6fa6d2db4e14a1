/// Names and attributes of the gateway's cookies.
///
/// - Session: `HttpOnly; Secure; SameSite=Lax; Path=/`, prefixed `__Host-` (no `Domain`, so a sibling subdomain
///   cannot set or read it). Its value is an opaque 256-bit token; the store keeps only its SHA-256.
/// - Login binding (`gh_login`): names the login this browser started (SAML request ID / OIDC state); the ACS and
///   callback refuse responses that do not match it. `SameSite=None` in secure mode, because the IdP's POST to the
///   ACS is a cross-site request and a `Lax` cookie would not come with it.
/// - CSRF (`gh_csrf`): double-submit token for the gateway's own forms, `SameSite=Strict`.
///
/// In dev mode (loopback only) the cookies lose `Secure` and the `__Host-` prefix, so plain `http://127.0.0.1`
/// works; `SameSite=None` needs `Secure`, so the login cookie falls back to `Lax` (same-site on loopback).
package struct CookiePolicy: Sendable {
    package let secure: Bool
    package let sessionName: String
    package let loginName: String
    package let csrfName: String

    package init(secure: Bool) {
        self.secure = secure
        sessionName = secure ? "__Host-gh_session" : "gh_session"
        loginName = secure ? "__Host-gh_login" : "gh_login"
        csrfName = secure ? "__Host-gh_csrf" : "gh_csrf"
    }

    package func session(_ value: String, maxAge: Int) -> String {
        cookie(sessionName, value, maxAge: maxAge, sameSite: "Lax")
    }

    package func clearSession() -> String { cookie(sessionName, "", maxAge: 0, sameSite: "Lax") }

    package func login(_ value: String, maxAge: Int = 600) -> String {
        cookie(loginName, value, maxAge: maxAge, sameSite: secure ? "None" : "Lax")
    }

    package func clearLogin() -> String { cookie(loginName, "", maxAge: 0, sameSite: secure ? "None" : "Lax") }

    package func csrf(_ value: String) -> String { cookie(csrfName, value, maxAge: 3600, sameSite: "Strict") }

    func cookie(_ name: String, _ value: String, maxAge: Int, sameSite: String) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly" + (secure ? "; Secure" : "") + "; SameSite=\(sameSite)"
    }

    /// The value of cookie `name` in a `Cookie` header (first occurrence; values are never URL-decoded). Names
    /// compare byte for byte; pairs are split at `;`, leading spaces dropped, the value is everything after the
    /// first `=` up to the next `;`. One pass over the bytes: it runs on every forward-auth check.
    package static func value(_ name: String, in headers: [String]) -> String? {
        var name = name
        return name.withUTF8 { wanted in
            for var header in headers {
                if let found = header.withUTF8({ scan($0, for: wanted) }) { return found }
            }
            return nil
        }
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, for name: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        var start = 0
        while start < count {
            var end = start
            while end < count, bytes[end] != UInt8(ascii: ";") { end += 1 }
            var first = start
            while first < end, bytes[first] == UInt8(ascii: " ") { first += 1 }
            var equals = first
            while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            if equals < end, equals - first == name.count,
                UnsafeBufferPointer(rebasing: bytes[first..<equals]).elementsEqual(name)
            {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<end]), as: UTF8.self)
            }
            start = end + 1
        }
        return nil
    }
}
