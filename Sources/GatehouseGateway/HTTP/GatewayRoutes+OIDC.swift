import Foundation
import GatehouseCore
import GatehouseOIDC
import GatehousePolicy
import Hummingbird

extension GatewayRoutes {
    func addOIDC(_ router: Router<GatewayRequestContext>) {
        router.get("/oidc/callback") { request, context in
            let query = HTTPSupport.query(request)
            guard let binding = loginBinding(request, kind: "oidc") else {
                return await oidcFailure(GatewayError(.loginNotPending, "OIDC callback without a login cookie: no OIDC login was started in this browser (or it expired)"),
                                         connection: nil, request, context)
            }
            guard let connection = runtime.oidc[binding.connectionID] else {
                return await oidcFailure(GatewayError(.connectionUnknown, "login cookie names unknown OIDC connection '\(binding.connectionID)'"),
                                         connection: nil, request, context)
            }
            // The state must be the one this browser's login created: a callback URL carried into another browser
            // (login CSRF, a pasted link) is refused before the code is redeemed.
            guard let state = query["state"], RandomToken.constantTimeEquals(state, binding.handle) else {
                return await oidcFailure(GatewayError(.loginBindingMismatch, "the callback's state does not match the login started in this browser"),
                                         connection: connection, request, context)
            }
            let result: OIDCLoginResult
            do { result = try await connection.relyingParty.finishLogin(query: query) } catch {
                return await oidcFailure(error, connection: connection, request, context)
            }
            let target = runtime.returnURLs.resolve(result.login.returnTo)
            return await finish(ClaimsExtractor.claims(from: result.idToken, connection: connection), organizationID: connection.organizationID,
                                connectionID: connection.connectionID, returnTo: target, request, context)
        }
    }

    func oidcFailure(_ error: any Error, connection: OIDCConnectionRuntime?, _ request: Request, _ context: GatewayRequestContext) async -> Response {
        let code = (error as? any GatehouseError)?.code ?? "gateway.request_malformed"
        let reason = (error as? any GatehouseError)?.reason ?? "\(error)"
        let failure = LoginFailure(code: code, reason: reason, userMessage: LoginFailure.advice(for: code),
                                   status: code == "gateway.store_unavailable" ? 503 : 403)
        await runtime.completer.fail(failure, claims: nil, organizationID: connection?.organizationID ?? "-",
                                     connectionID: connection?.connectionID ?? "-", meta: meta(request, context))
        return Pages.error(status: failure.status, title: "Sign-in failed", message: failure.userMessage, requestID: context.requestID,
                           cookies: [runtime.cookies.clearLogin()])
    }

    /// Role mapping, JIT, session; then 303 to the return URL with a fresh session cookie (rotated at every login).
    func finish(_ claims: LoginClaims, organizationID: String, connectionID: String, returnTo: String,
                _ request: Request, _ context: GatewayRequestContext) async -> Response {
        guard let organization = runtime.organizations[organizationID] else {
            return Pages.error(status: 502, title: "Sign-in failed", message: LoginFailure.advice(for: "gateway.config_invalid"),
                               requestID: context.requestID)
        }
        do {
            let success = try await runtime.completer.complete(claims, organization: organization, connectionID: connectionID,
                                                              meta: meta(request, context))
            // The old session (if any) ends: no fixation, no two sessions in one browser.
            if let old = HTTPSupport.cookie(request, runtime.cookies.sessionName) { _ = try? await runtime.sessions.revoke(token: old) }
            return HTTPSupport.redirect(returnTo, cookies: [
                runtime.cookies.session(success.sessionToken, maxAge: Int(runtime.sessions.absoluteTimeout)), runtime.cookies.clearLogin(),
            ])
        } catch {
            return Pages.error(status: error.status, title: "Sign-in failed", message: error.userMessage, requestID: context.requestID,
                               cookies: [runtime.cookies.clearLogin()])
        }
    }
}
