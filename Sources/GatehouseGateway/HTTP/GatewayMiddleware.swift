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

    static let requestIDHeader = "X-Request-ID"
    /// `Cache-Control` of every response whose route chose none.
    static let defaultCacheControl = "no-store"
    private static let requestIDName = HTTPFields.Element.Name(requestIDHeader)!
    /// Sent with every response.
    static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"),
    ]
    private static let securityFields = securityHeaders.map { HTTPFields.Element(name: .init($0.0)!, value: $0.1) }

    /// The headers every gateway response carries: request ID, ``defaultCacheControl`` unless the route chose a
    /// cache policy, and ``securityHeaders``. (``ForwardAuthFastPath`` sends the same three from these constants.)
    static func addStandardHeaders(to headers: inout HTTPFields, requestID: String) {
        headers[requestIDName] = requestID
        if headers[.cacheControl] == nil { headers[.cacheControl] = defaultCacheControl }
        for field in securityFields { headers[field.name] = field.value }
    }

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
        Self.addStandardHeaders(to: &response.headers, requestID: context.requestID)
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
