public import GatehouseCore
public import GatehouseStore
import struct Foundation.Date

/// What the SCIM service needs from the store (``SQLGatehouseStore`` is all of these).
public typealias SCIMServiceStore = DirectoryStore & SCIMTokenStore & SessionStore & AuditStore & SCIMQueryStore

/// A SCIM 2.0 service provider (RFC 7643/7644) over the store, with no HTTP framework: the gateway's route adapter
/// turns each request under `/scim/v2` into a ``SCIMRequest`` and writes back the ``SCIMResponse``.
///
/// ```swift
/// let scim = SCIMService(store: store, groupNameRule: SCIMGroupNamePrefix("anthropic-"),
///                        configuration: SCIMConfiguration(baseURL: "https://sso.example.com/scim/v2"))
/// let response = await scim.handle(request)
/// ```
///
/// Every request is authenticated by a per-organization bearer token (the token decides the org), rate-limited per
/// token, and every change is audited with the actor `scim:<token id>`.
///
/// - Warning: the rate limiter is per process; N gateway instances allow N times the configured rate.
public final class SCIMService: Sendable {
    let store: any SCIMServiceStore
    let groupNameRule: any SCIMGroupNameRule
    let clock: any GatehouseClock
    let configuration: SCIMConfiguration
    let limiter: SCIMRateLimiter
    let failures = SCIMFailureThrottle()

    public init(
        store: any SCIMServiceStore, groupNameRule: any SCIMGroupNameRule = SCIMAnyGroupName(),
        clock: any GatehouseClock = SystemClock(), configuration: SCIMConfiguration
    ) {
        self.store = store
        self.groupNameRule = groupNameRule
        self.clock = clock
        self.configuration = configuration
        self.limiter = SCIMRateLimiter(configuration.rateLimit)
    }

    /// Seats in use: the org's active members.
    public func seats(organizationID: String) async throws -> Int {
        try await store.countUsers(organizationID: organizationID, activeOnly: true)
    }

    /// Handles one request. Never throws: every failure is a SCIM error response.
    public func handle(_ request: SCIMRequest) async -> SCIMResponse {
        let now = clock.now()
        let token: SCIMToken
        do {
            token = try await authenticate(request, now: now)
        } catch let e as SCIMError {
            return .error(e)
        } catch {
            return .error(Self.map(error))
        }
        if let wait = limiter.take(token.id, now: now) {
            return .error(SCIMError(.rateLimited, "too many requests for this token; retry after \(wait) s"), headers: [("Retry-After", String(wait))])
        }
        let ctx = SCIMContext(token: token, request: request, now: now)
        do {
            guard request.body.count <= configuration.maxBodyBytes else {
                throw SCIMError(.payloadTooLarge, "the body is \(request.body.count) bytes; the limit is \(configuration.maxBodyBytes)")
            }
            return try await route(ctx)
        } catch let e as SCIMError {
            return .error(e)
        } catch {
            return .error(Self.map(error))
        }
    }

    private func authenticate(_ request: SCIMRequest, now: Date) async throws -> SCIMToken {
        let header = request.header("Authorization") ?? ""
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty, parts[1].utf8.count <= 512 else {
            await auditAuthFailure(request, now: now, why: header.isEmpty ? "missing bearer token" : "malformed Authorization header")
            throw SCIMError(.unauthorized, "a SCIM bearer token is required (Authorization: Bearer <token>)")
        }
        guard let token = try await store.authenticateSCIMToken(
            String(parts[1]).trimmingSpaces, now: now, touchInterval: configuration.tokenTouchInterval)
        else {
            await auditAuthFailure(request, now: now, why: "unknown or revoked token")
            throw SCIMError(.unauthorized, "the bearer token is unknown or revoked; create a new SCIM token in Gatehouse")
        }
        return token
    }

    private func auditAuthFailure(_ request: SCIMRequest, now: Date, why: String) async {
        guard failures.shouldRecord(request.sourceIP, now: now) else { return }
        let details = JSONValue.object(["reason": .string(why), "method": .string(request.method), "path": .string(String(request.path.prefix(200)))])
        _ = try? await store.appendAuditEvent(
            AuditEvent(
                organizationID: "", occurredAt: now, actor: "scim:anonymous", action: "scim.auth.failure", target: "",
                result: "failure", code: "scim.unauthorized", requestID: request.requestID, sourceIP: request.sourceIP,
                userAgent: request.userAgent, detailsJSON: String(decoding: details.serialized(), as: UTF8.self)),
            deliver: true)
    }

    private func route(_ ctx: SCIMContext) async throws -> SCIMResponse {
        var path = ctx.request.path
        if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
        let parts = path.split(separator: "/").map(String.init)
        let method = ctx.request.method.uppercased()
        guard let first = parts.first else { throw SCIMError(.notFound, "no SCIM endpoint at '/'") }
        switch (first.lowercased(), parts.count, method) {
        case ("serviceproviderconfig", 1, "GET"): return .json(200, Self.serviceProviderConfig(configuration))
        case ("resourcetypes", _, "GET"): return try resourceTypes(parts.dropFirst().first)
        case ("schemas", _, "GET"): return try schemas(parts.dropFirst().first)
        case (".search", 1, "POST"): return try await search(ctx, types: [.user, .group], query: try listQuery(ctx, post: true))
        case ("users", 1, "GET"): return try await search(ctx, types: [.user], query: try listQuery(ctx, post: false))
        case ("users", 2, "POST") where parts[1] == ".search": return try await search(ctx, types: [.user], query: try listQuery(ctx, post: true))
        case ("users", 1, "POST"): return try await createUser(ctx)
        case ("users", 2, "GET"): return try await getUser(ctx, id: parts[1])
        case ("users", 2, "PUT"): return try await replaceUser(ctx, id: parts[1])
        case ("users", 2, "PATCH"): return try await patchUser(ctx, id: parts[1])
        case ("users", 2, "DELETE"): return try await deleteUser(ctx, id: parts[1])
        case ("groups", 1, "GET"): return try await search(ctx, types: [.group], query: try listQuery(ctx, post: false))
        case ("groups", 2, "POST") where parts[1] == ".search": return try await search(ctx, types: [.group], query: try listQuery(ctx, post: true))
        case ("groups", 1, "POST"): return try await createGroup(ctx)
        case ("groups", 2, "GET"): return try await getGroup(ctx, id: parts[1])
        case ("groups", 2, "PUT"): return try await replaceGroup(ctx, id: parts[1])
        case ("groups", 2, "PATCH"): return try await patchGroup(ctx, id: parts[1])
        case ("groups", 2, "DELETE"): return try await deleteGroup(ctx, id: parts[1])
        case ("bulk", _, _), ("me", _, _):
            throw SCIMError(.notImplemented, "/\(first) is not supported (see /ServiceProviderConfig)")
        case ("users", _, _), ("groups", _, _), ("serviceproviderconfig", _, _), ("resourcetypes", _, _), ("schemas", _, _), (".search", _, _):
            if parts.count <= 2 {
                return .json(405, .object([
                    "schemas": .array([.string(SCIMSchemas.errorURN)]), "status": .string("405"),
                    "detail": .string("\(method) is not allowed on \(path.prefix(200))"),
                ]))
            }
            throw SCIMError(.notFound, "no SCIM endpoint at '\(path.prefix(200))'")
        default:
            throw SCIMError(.notFound, "no SCIM endpoint at '\(path.prefix(200))'")
        }
    }

    /// StoreError → SCIMError.
    static func map(_ error: any Error) -> SCIMError {
        if let e = error as? SCIMError { return e }
        if let e = error as? StoreError {
            switch e.kind {
            case .conflict: return SCIMError(.uniqueness, "the change conflicts with an existing resource: \(e.reason)")
            case .notFound: return SCIMError(.notFound, e.reason)
            default: return SCIMError(.unavailable, "the directory store is unavailable (\(e.code)); nothing was changed, retry later")
            }
        }
        return SCIMError(.unavailable, "internal error; nothing was changed, retry later")
    }

    /// Reads the JSON body.
    func body(_ ctx: SCIMContext) throws(SCIMError) -> JSONValue {
        guard !ctx.request.body.isEmpty else { throw SCIMError(.invalidSyntax, "the request needs a JSON body") }
        return try JSONParser.parse(ctx.request.body)
    }

    /// `If-Match`: `*` or one of the listed ETags must be the current version (weak or strong form).
    func checkIfMatch(_ ctx: SCIMContext, version: Int64) throws(SCIMError) {
        guard let header = ctx.request.header("If-Match")?.trimmingSpaces, !header.isEmpty, header != "*" else { return }
        let tags = header.split(separator: ",").map { String($0).trimmingSpaces }
        let current = SCIMUserMapping.etag(version)
        guard tags.contains(where: { $0 == current || $0 == "\"\(version)\"" }) else {
            throw SCIMError(.preconditionFailed, "If-Match \(header.prefix(100)) does not match the current version \(current)")
        }
    }

    func audit(_ ctx: SCIMContext, _ action: String, target: String, result: String = "success", code: String = "", details: [String: JSONValue] = [:]) async {
        _ = try? await store.appendAuditEvent(
            AuditEvent(
                organizationID: ctx.org, occurredAt: ctx.now, actor: ctx.actor, action: action, target: target, result: result,
                code: code, requestID: ctx.request.requestID, sourceIP: ctx.request.sourceIP, userAgent: ctx.request.userAgent,
                detailsJSON: String(decoding: JSONValue.object(details).serialized(), as: UTF8.self)),
            deliver: true)
    }
}

/// One authenticated request.
struct SCIMContext: Sendable {
    let token: SCIMToken
    let request: SCIMRequest
    let now: Date
    var org: String { token.organizationID }
    var actor: String { "scim:\(token.id)" }
}
