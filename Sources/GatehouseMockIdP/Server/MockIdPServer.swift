public import Hummingbird
import Foundation
import GatehouseCore
import Logging
import NIOCore
public import ServiceLifecycle

/// The mock IdP over HTTP (Hummingbird 2): SAML and OIDC endpoints per tenant, the login page, the
/// browser-free driver and the admin API. `router(for:)` is what `app.test(.router)` and the CLI both serve.
public enum MockIdPServer {
    public static func router(for idp: MockIdP) -> Router<MockIdPRequestContext> {
        let router = Router(context: MockIdPRequestContext.self)
        router.get("/") { _, _ in HTTPSupport.html(index(idp)) }
        addSAML(router, idp)
        addOIDC(router, idp)
        addDriver(router, idp)
        addAdmin(router, idp)
        return router
    }

    /// A served application on `host:port` (port 0: any free port); `onRunning` receives the bound port.
    public static func application(idp: MockIdP, host: String = "127.0.0.1", port: Int,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        // Logs go to stderr: stdout carries only the command's one JSON line.
        var logger = Logger(label: "gatehouse-mock-idp") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return Application(router: router(for: idp), configuration: .init(address: .hostname(host, port: port), serverName: "gatehouse-mock-idp"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// The served application as a service, for a `ServiceGroup` shared with other servers (`gatehouse demo`).
    public static func service(idp: MockIdP, host: String = "127.0.0.1", port: Int) -> any Service {
        application(idp: idp, host: host, port: port)
    }

    /// Serves until SIGINT/SIGTERM.
    public static func run(idp: MockIdP, host: String = "127.0.0.1", port: Int,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(idp: idp, host: host, port: port, onRunning: onRunning).runService()
    }

    static func index(_ idp: MockIdP) -> String {
        let rows = idp.configuration.tenants.sorted { $0.key < $1.key }.map { t, profile in
            "<li><b>\(XMLText.escape(t))</b> (\(profile.rawValue)): SAML metadata <code>\(XMLText.escape(idp.samlMetadataURL(t)))</code>,"
                + " OIDC issuer <code>\(XMLText.escape(idp.oidcIssuer(t)))</code></li>"
        }.joined()
        return HTMLPages.page("Gatehouse mock IdP", "<ul>\(rows)</ul><p>Admin API under <code>/admin</code>; driver under <code>/driver</code>.</p>")
    }

    /// Transport faults (`idp.5xx`, `idp.slow`, `metadata.*`, `jwks.*`) from standing scenarios.
    static func transportFault(_ idp: MockIdP, tenant: String, endpoint: String, channel: any Channel) async -> Response? {
        let (plan, refs) = idp.standingPlan(tenant: tenant)
        guard plan.faultEndpoint == nil || plan.faultEndpoint == endpoint else { return nil }
        if plan.dropConnection {
            idp.log.record(idp.clock.now(), "-", "/\(endpoint)", kind: "transport", tenant: tenant, user: nil, scenarios: refs,
                           outcome: "connection closed without an answer")
            // Close before anything is written: the client sees the connection drop, as with a dead IdP.
            try? await channel.close()
            return HTTPSupport.response(503, "text/plain", "")
        }
        if plan.delaySeconds > 0 { try? await Task.sleep(for: .seconds(plan.delaySeconds)) }
        let flapped = plan.flapProbability > 0 && idp.ids.nextUnit() < plan.flapProbability
        if let status = plan.httpStatus ?? (flapped ? 503 : nil) {
            idp.log.record(idp.clock.now(), "-", "/\(endpoint)", kind: "transport", tenant: tenant, user: nil, scenarios: refs,
                           outcome: "HTTP \(status)")
            return HTTPSupport.html(HTMLPages.error("Service unavailable", "mock IdP transport fault: HTTP \(status)"), status: status)
        }
        if plan.malformedBody {
            idp.log.record(idp.clock.now(), "-", "/\(endpoint)", kind: "transport", tenant: tenant, user: nil, scenarios: refs,
                           outcome: "malformed body")
            return HTTPSupport.response(200, endpoint == "metadata" ? "application/samlmetadata+xml" : "application/json",
                                        endpoint == "metadata" ? "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"><unclosed>" : "{\"keys\": [")
        }
        return nil
    }

    static func scenarioRefs(_ fields: [String: String]) throws -> [ScenarioRef] {
        let text = [fields["scenario"], fields["scenario_text"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "+")
        guard let refs = ScenarioRef.parseList(text) else {
            throw MockIdPError(.unknownScenario, "cannot parse scenario list \(text)")
        }
        try ScenarioEngine.validate(refs)
        return refs
    }

    static func chosenUser(_ fields: [String: String]) -> String? {
        if let typed = fields["typed_user"], !typed.isEmpty { return typed }
        if let u = fields["user"], !u.isEmpty { return u }
        return nil
    }

    static func errorResponse(_ error: any Error) -> Response {
        guard let e = error as? MockIdPError else {
            return HTTPSupport.html(HTMLPages.error("The mock IdP refused the request", "unreadable request (\(type(of: error)))"), status: 400)
        }
        let status = e.kind == .unknownUser ? 404 : 400
        return HTTPSupport.html(HTMLPages.error("The mock IdP refused the request", "\(e.code): \(e.reason)"), status: status)
    }
}
