public import Foundation

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
