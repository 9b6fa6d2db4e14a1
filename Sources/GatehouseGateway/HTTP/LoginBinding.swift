import Foundation
import GatehouseCore
import GatehouseStore
import Hummingbird

/// The login-binding cookie's content: `kind~connectionID~handle` (handle = SAML request ID or OIDC state).
struct LoginBinding: Sendable {
    let kind: String
    let connectionID: String
    let handle: String

    init?(_ value: String) {
        let parts = value.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, ["saml", "oidc"].contains(parts[0]), !parts[1].isEmpty, parts[1].count <= 64,
              parts[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
              (8...128).contains(parts[2].count),
              parts[2].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { return nil }
        kind = parts[0]
        connectionID = parts[1]
        handle = parts[2]
    }
}

/// What the gateway needs back from a consumed pending login.
struct PendingInfo: Sendable {
    let returnTo: String?
}

extension GatewayRoutes {
    func loginBinding(_ request: Request, kind: String) -> LoginBinding? {
        guard let value = HTTPSupport.cookie(request, runtime.cookies.loginName), let binding = LoginBinding(value), binding.kind == kind else {
            return nil
        }
        return binding
    }

    /// Consumes the SAML pending login (single use) named by the cookie; nil when unknown, used, expired or of
    /// another connection.
    func consumePending(_ binding: LoginBinding, kind: String) async throws(GatewayError) -> PendingInfo? {
        let row: PendingLogin?
        do { row = try await runtime.store.consumePendingLogin(id: binding.handle, now: runtime.clock.now()) } catch {
            throw GatewayError(.storeUnavailable, "pending-login lookup failed: \(error)")
        }
        guard let row, row.kind == kind, row.connectionID == binding.connectionID else { return nil }
        return PendingInfo(returnTo: row.returnTo)
    }
}
