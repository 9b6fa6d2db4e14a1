import Foundation
import Hummingbird

extension MockIdPServer {
    static func addOIDC(_ router: Router<MockIdPRequestContext>, _ idp: MockIdP) {
        router.get("/oidc/:tenant/.well-known/openid-configuration") { _, context in
            let tenant = context.parameters.get("tenant") ?? ""
            if let fault = await transportFault(idp, tenant: tenant, endpoint: "jwks", channel: context.channel) { return fault }
            do { return HTTPSupport.oauth(try idp.oidcDiscovery(tenant: tenant).reply) } catch { return errorResponse(error) }
        }
        router.get("/oidc/:tenant/jwks") { _, context in
            let tenant = context.parameters.get("tenant") ?? ""
            if let fault = await transportFault(idp, tenant: tenant, endpoint: "jwks", channel: context.channel) { return fault }
            do { return HTTPSupport.oauth(try idp.oidcJWKS(tenant: tenant).reply) } catch { return errorResponse(error) }
        }
        router.get("/oidc/:tenant/authorize") { request, context in
            let tenant = context.parameters.get("tenant") ?? ""
            if let fault = await transportFault(idp, tenant: tenant, endpoint: "authorize", channel: context.channel) { return fault }
            return authorize(idp, tenant: tenant, fields: HTTPSupport.query(request))
        }
        router.post("/oidc/:tenant/authorize") { request, context in
            let tenant = context.parameters.get("tenant") ?? ""
            do { return authorize(idp, tenant: tenant, fields: try await HTTPSupport.form(request)) } catch { return errorResponse(error) }
        }
        router.post("/oidc/:tenant/token") { request, context in
            let tenant = context.parameters.get("tenant") ?? ""
            if let fault = await transportFault(idp, tenant: tenant, endpoint: "token", channel: context.channel) { return fault }
            do {
                let form = try await HTTPSupport.form(request)
                return HTTPSupport.oauth(idp.oidcToken(tenant: tenant, form: form, authorization: request.headers[.authorization]))
            } catch { return HTTPSupport.oauth(.error(400, "invalid_request", "unreadable body")) }
        }
        let userinfo: @Sendable (Request, MockIdPRequestContext) async throws -> Response = { request, context in
            HTTPSupport.oauth(idp.oidcUserinfo(tenant: context.parameters.get("tenant") ?? "", authorization: request.headers[.authorization]))
        }
        router.get("/oidc/:tenant/userinfo", use: userinfo)
        router.post("/oidc/:tenant/userinfo", use: userinfo)
    }

    /// Shows the login page (after checking client and redirect URI, which must never be redirected to when
    /// unknown), or completes the login when a user was chosen.
    static func authorize(_ idp: MockIdP, tenant: String, fields: [String: String]) -> Response {
        do {
            _ = try idp.profile(tenant)
            let client = idp.configuration.clients.first { $0.clientID == fields["client_id"] }
            guard let client else {
                return HTTPSupport.html(HTMLPages.error("Unknown client", "client_id \(fields["client_id"] ?? "(none)") is not registered"), status: 400)
            }
            guard let uri = fields["redirect_uri"], client.redirectURIs.contains(uri) else {
                return HTTPSupport.html(HTMLPages.error("Unregistered redirect URI",
                                                        "redirect_uri \(fields["redirect_uri"] ?? "(none)") is not registered for \(client.clientID)"), status: 400)
            }
            guard let user = chosenUser(fields) else {
                let hidden = fields.filter { !["user", "typed_user", "scenario", "scenario_text"].contains($0.key) }
                return HTTPSupport.html(HTMLPages.login(action: "/oidc/\(tenant)/authorize", hidden: hidden,
                                                        users: idp.directory.all, scenarios: ScenarioCatalog.all))
            }
            switch try idp.oidcAuthorize(tenant: tenant, query: fields, userID: user, extraScenarios: try scenarioRefs(fields)) {
            case .redirect(let location): return HTTPSupport.redirect(location)
            case .errorPage(let status, let message): return HTTPSupport.html(HTMLPages.error("Authorization refused", message), status: status)
            }
        } catch {
            return errorResponse(error)
        }
    }
}
