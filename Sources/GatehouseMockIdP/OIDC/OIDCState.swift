import Foundation

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
