import UnixSignals
package import Hummingbird
import HummingbirdCore
import Foundation
import GatehouseCore
import Logging
package import ServiceLifecycle

/// The gateway over HTTP (Hummingbird 2). ``router(runtime:)`` is what in-process tests drive and what
/// ``application(runtime:host:port:onRunning:)`` serves.
///
/// Routes: `/login` (home-realm discovery), `/login/sso`, `/signup`, `/saml/acs[/{connection}]`,
/// `/saml/metadata[/{connection}]`, `/oidc/callback`, `/logout`, `/auth/check` (forward-auth), `/me`, `/`,
/// `/healthz`, `/metrics`, and the admin API under `/admin` (bearer `GATEHOUSE_ADMIN_TOKEN`).
public enum GatewayServer {
    package static func router(runtime: GatewayRuntime) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: GatewayMiddleware(metrics: runtime.metrics))
        let routes = GatewayRoutes(runtime: runtime)
        routes.addLogin(router)
        routes.addSAML(router)
        routes.addOIDC(router)
        routes.addSession(router)
        routes.addOps(router)
        routes.addSCIM(router)
        // Every /admin route sits behind the token check of its group.
        let admin = router.group("admin").add(middleware: AdminAuthMiddleware(runtime: runtime))
        routes.addAdmin(admin)
        routes.addEnforcement(admin)
        routes.addSeats(admin)
        return router
    }

    static let serverName = "gatehouse"

    /// The served application on `host:port` (port 0: any free port; `onRunning` receives the bound port). Each
    /// HTTP/1 connection's pipeline carries a ``ForwardAuthFastPath`` in front of the router.
    package static func application(runtime: GatewayRuntime, router: Router<GatewayRequestContext>? = nil, host: String, port: Int,
                                    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router ?? Self.router(runtime: runtime),
                    server: HTTPServerBuilder { responder in
                        GatewayHTTP1Channel(responder: responder, runtime: runtime, serverName: serverName)
                    },
                    configuration: .init(address: .hostname(host, port: port), serverName: serverName),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: runtime.logger)
    }

    /// Serves the gateway, and `alongside` services (the demo's mock IdP), until SIGINT/SIGTERM.
    package static func run(runtime: GatewayRuntime, host: String, port: Int, alongside: [any Service] = [],
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = application(runtime: runtime, host: host, port: port, onRunning: onRunning)
        let group = ServiceGroup(configuration: .init(services: [app] + alongside, gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: runtime.logger))
        try await group.run()
    }
}

/// The route handlers, grouped by concern in extensions (`GatewayRoutes+Login.swift`, …).
struct GatewayRoutes: Sendable {
    let runtime: GatewayRuntime
    var csrf: CSRFGuard { CSRFGuard(cookies: runtime.cookies, ownOrigin: runtime.ownOrigin) }

    static let formLimit = 16 << 10
    /// A base64 SAMLResponse of up to 512 KiB (the SAML core refuses larger decoded documents anyway).
    static let acsLimit = 768 << 10

    func meta(_ request: Request, _ context: GatewayRequestContext) -> RequestMeta {
        RequestMeta(requestID: context.requestID, sourceIP: context.sourceIP, userAgent: request.headers[.userAgent] ?? "")
    }

    /// Refusal page for a gateway error: generic text for the browser, the full reason in the log.
    func refuse(_ error: GatewayError, status: Int, _ context: GatewayRequestContext, title: String = "Sign-in could not continue",
                cookies: [String] = []) -> Response {
        runtime.logger.warning("request refused", metadata: [
            "code": .string(error.code), "reason": .string(error.reason), "request_id": .string(context.requestID),
        ])
        return Pages.error(status: status, title: title, message: LoginFailure.advice(for: error.code), requestID: context.requestID,
                           cookies: cookies)
    }
}
