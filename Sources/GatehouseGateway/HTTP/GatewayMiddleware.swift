import Foundation
import Hummingbird

/// Runs around every route: assigns the request ID, adds security headers, and records latency per route.
struct GatewayMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let metrics: GatewayMetrics
    static let knownRoutes: Set<String> = [
        "/", "/login", "/login/sso", "/signup", "/logout", "/saml/acs", "/saml/metadata", "/oidc/callback", "/auth/check", "/me",
        "/healthz", "/metrics",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        context.requestID = RandomToken.requestID()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = Pages.error(status: Int(error.status.code), title: "Request refused",
                                   message: "The request could not be handled.", requestID: context.requestID)
        } catch {
            response = Pages.error(status: 500, title: "Something went wrong", message: "Try again in a minute.", requestID: context.requestID)
        }
        response.headers[.init("X-Request-ID")!] = context.requestID
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        response.headers[.init("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
        let path = request.uri.path
        let route = Self.knownRoutes.contains(path) ? path
            : path.hasPrefix("/saml/acs/") ? "/saml/acs/{connection}"
            : path.hasPrefix("/saml/metadata/") ? "/saml/metadata/{connection}"
            : path.hasPrefix("/scim/") ? "/scim" : "other"
        let elapsed = ContinuousClock.now - start
        metrics.observe(route: route, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return response
    }
}
