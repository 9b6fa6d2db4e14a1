import Foundation
import Hummingbird

extension MockIdPServer {
    /// The browser-free driver: "log in as X with scenario Y", answering with what the browser would get.
    static func addDriver(_ router: Router<MockIdPRequestContext>, _ idp: MockIdP) {
        router.post("/driver/saml/:tenant/login") { request, context in
            let tenant = context.parameters.get("tenant") ?? ""
            do {
                let f = try await fields(request)
                var authn: AuthnRequest?
                if let raw = f["SAMLRequest"] { authn = try AuthnRequest.decode(raw, deflated: f["binding"] == "redirect") }
                let r = try idp.samlLogin(tenant: tenant, userID: f["user"] ?? "", request: authn, spEntityID: f["sp"],
                                          relayState: f["RelayState"], extraScenarios: try scenarioRefs(f))
                var out: [String: Any] = ["acs_url": r.acsURL, "html": r.html, "scenarios": r.scenarios.map(\.description)]
                if r.errorPage == nil { out["saml_response"] = r.samlResponseBase64 } else { out["error_page"] = true }
                if let rs = r.relayState { out["relay_state"] = rs }
                return HTTPSupport.json(out)
            } catch { return driverError(error) }
        }
        router.post("/driver/oidc/:tenant/login") { request, context in
            let tenant = context.parameters.get("tenant") ?? ""
            do {
                let f = try await fields(request)
                switch try idp.oidcAuthorize(tenant: tenant, query: f, userID: f["user"] ?? "", extraScenarios: try scenarioRefs(f)) {
                case .redirect(let location): return HTTPSupport.json(["redirect": location])
                case .errorPage(let status, let message): return HTTPSupport.json(["error": "invalid_request", "error_description": message], status: status)
                }
            } catch { return driverError(error) }
        }
    }

    static func addAdmin(_ router: Router<MockIdPRequestContext>, _ idp: MockIdP) {
        let admin = router.group("admin").add(middleware: AdminTokenMiddleware(token: idp.configuration.adminToken))
        admin.get("users") { _, _ in HTTPSupport.json(encodable: idp.directory.all) }
        admin.put("users/:id") { request, context in
            do {
                var user = try JSONDecoder().decode(MockUser.self, from: Data(try await HTTPSupport.body(request).utf8))
                user.id = context.parameters.get("id") ?? user.id
                idp.directory.upsert(user)
                return HTTPSupport.json(encodable: user)
            } catch { return HTTPSupport.json(["error": "invalid user JSON: \(error)"], status: 400) }
        }
        admin.delete("users/:id") { _, context in
            idp.directory.remove(context.parameters.get("id") ?? "") ? HTTPSupport.json(["deleted": true]) : HTTPSupport.json(["error": "no such user"], status: 404)
        }
        admin.get("scenarios") { _, _ in HTTPSupport.json(ScenarioCatalog.all.map(catalogEntry)) }
        admin.get("scenarios/active") { _, _ in
            HTTPSupport.json(idp.scenarios.activations.map { ["id": $0.id, "scenarios": $0.scenarios.map(\.description), "scope": "\($0.scope)"] })
        }
        admin.post("scenarios") { request, _ in
            do {
                let f = try await fields(request)
                let refs = try scenarioRefs(f)
                let id = try idp.scenarios.activate(refs, scope: try parseScope(f["scope"] ?? "once"))
                return HTTPSupport.json(["id": id, "scenarios": refs.map(\.description)], status: 201)
            } catch let e as MockIdPError { return HTTPSupport.json(["error": e.code, "error_description": e.reason], status: 400) }
        }
        admin.delete("scenarios/:id") { _, context in
            idp.scenarios.deactivate(id: Int(context.parameters.get("id") ?? "") ?? -1)
            return HTTPSupport.json(["deactivated": true])
        }
        admin.post("reset") { _, _ in idp.reset(); return HTTPSupport.json(["reset": true]) }
        admin.get("log") { request, _ in HTTPSupport.json(encodable: idp.log.query(scenario: HTTPSupport.query(request)["scenario"])) }
        admin.post("sps") { request, _ in
            do {
                let sp = try JSONDecoder().decode(ServiceProvider.self, from: Data(try await HTTPSupport.body(request).utf8))
                idp.register(sp)
                return HTTPSupport.json(encodable: sp, status: 201)
            } catch { return HTTPSupport.json(["error": "invalid SP JSON: \(error)"], status: 400) }
        }
        admin.post("clients") { request, _ in
            do {
                let c = try JSONDecoder().decode(OIDCClient.self, from: Data(try await HTTPSupport.body(request).utf8))
                idp.register(c)
                return HTTPSupport.json(["client_id": c.clientID], status: 201)
            } catch { return HTTPSupport.json(["error": "invalid client JSON: \(error)"], status: 400) }
        }
        admin.post("clock") { request, _ in
            let f = (try? await fields(request)) ?? [:]
            guard let clock = idp.clock as? MockClock else { return HTTPSupport.json(["error": "clock is not adjustable"], status: 409) }
            if let s = f["advance"].flatMap(Double.init) { clock.advance(by: s) }
            return HTTPSupport.json(["now": XMLText.instant(clock.now())])
        }
    }

    static func catalogEntry(_ s: Scenario) -> [String: Any] {
        var e: [String: Any] = ["name": s.name, "protocol": s.protocolKind.rawValue, "stage": s.stage.rawValue,
                                "summary": s.summary, "expected_gateway_error": s.expectedGatewayError]
        if let p = s.defaultParameter { e["default_parameter"] = p }
        return e
    }

    /// `once`, `sticky`, `next:N`, `user:ID`.
    static func parseScope(_ text: String) throws -> ScenarioScope {
        if text == "once" { return .once }
        if text == "sticky" || text == "until-reset" { return .sticky }
        if text.hasPrefix("next:"), let n = Int(text.dropFirst(5)), n > 0 { return .next(n) }
        if text.hasPrefix("user:"), text.count > 5 { return .user(String(text.dropFirst(5))) }
        throw MockIdPError(.malformedRequest, "scope \(text) is not once, sticky, next:N or user:ID")
    }

    /// A JSON object of strings, or a urlencoded form.
    static func fields(_ request: Request) async throws -> [String: String] {
        let body = try await HTTPSupport.body(request)
        if body.hasPrefix("{"), let obj = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] {
            return obj.compactMapValues { v in (v as? String) ?? (v as? NSNumber)?.stringValue }
        }
        return HTTPSupport.parseForm(body)
    }

    static func driverError(_ error: any Error) -> Response {
        guard let e = error as? MockIdPError else { return HTTPSupport.json(["error": "server_error", "error_description": "\(error)"], status: 500) }
        return HTTPSupport.json(["error": e.code, "error_description": e.reason], status: e.kind == .unknownUser ? 404 : 400)
    }
}

/// Requires `Authorization: Bearer TOKEN` on `/admin/*` when a token is configured.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = MockIdPRequestContext
    let token: String?
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token, request.headers[.authorization] != "Bearer \(token)" {
            return HTTPSupport.json(["error": "admin token required (Authorization: Bearer …)"], status: 401)
        }
        return try await next(request, context)
    }
}
