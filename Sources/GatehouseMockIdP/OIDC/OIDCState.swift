public import Foundation

/// Pending authorization codes and issued access tokens.
struct OIDCState: Sendable {
    struct PendingCode: Sendable {
        var tenant: String
        var clientID: String
        var redirectURI: String
        var codeChallenge: String?
        var plan: LoginPlan
        var scenarios: [ScenarioRef]
        var expires: Date
        var used = false
    }
    var codes: [String: PendingCode] = [:]
    /// access token → (tenant, userinfo claims as JSON)
    var accessTokens: [String: (tenant: String, userinfo: Data)] = [:]
}

/// An OAuth/OIDC endpoint's answer: status, JSON body, extra headers.
public struct OAuthReply: Sendable {
    public var status: Int
    public var body: Data
    public var headers: [String: String] = [:]
    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }

    static func error(_ status: Int, _ error: String, _ description: String, headers: [String: String] = [:]) -> OAuthReply {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": error, "error_description": description],
                                                options: [.sortedKeys])) ?? Data()
        return OAuthReply(status: status, body: body, headers: headers)
    }
    static func ok(_ object: [String: Any]) -> OAuthReply {
        OAuthReply(status: 200, body: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }
}

/// The authorization endpoint's outcome.
public enum AuthorizeOutcome: Sendable {
    /// 302 to the client's redirect URI (with `code`, or with `error`).
    case redirect(String)
    /// The request cannot be redirected (unknown client, unregistered redirect URI): an error page, 400.
    case errorPage(status: Int, message: String)
}
