import Hummingbird
import Logging

/// Guards every route under `/admin`: the bearer token `GATEHOUSE_ADMIN_TOKEN` (compared in constant time) or no
/// answer. Registered on the route group, so an admin route added later cannot forget the check.
///
/// Without a configured token the whole API answers 404 (it does not exist); a missing or wrong token gets 401
/// `gateway.admin_unauthorized` and a log line with the source IP.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let runtime: GatewayRuntime

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let expected = runtime.adminToken else {
            return HTTPSupport.response(404, "text/plain; charset=utf-8", "not found\n")
        }
        let presented = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
        guard RandomToken.constantTimeEquals(presented, expected) else {
            let error = GatewayError(.adminUnauthorized, presented.isEmpty ? "no bearer token" : "wrong bearer token")
            runtime.logger.warning("admin API refused", metadata: [
                "code": .string(error.code), "reason": .string(error.reason), "path": .string(request.uri.path),
                "request_id": .string(context.requestID), "source_ip": .string(context.sourceIP),
            ])
            return HTTPSupport.json(["error": error.code, "message": "missing or wrong bearer token (GATEHOUSE_ADMIN_TOKEN)"],
                                    status: 401, headers: [("WWW-Authenticate", "Bearer")])
        }
        return try await next(request, context)
    }
}
