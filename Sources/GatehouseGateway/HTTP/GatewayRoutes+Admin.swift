import Foundation
import GatehouseAudit
import GatehouseCore
import GatehouseSCIM
import GatehouseStore
import Hummingbird
import Logging

extension GatewayRoutes {
    /// The admin API's size cap for one audit export answer.
    static let adminExportLimit = 64 << 20

    /// `GET /admin/audit?org=ID&since=T[&until=T][&format=jsonl|csv]`: the same export as `gatehouse audit export`,
    /// for SIEM pulls. Bearer token `GATEHOUSE_ADMIN_TOKEN` (at least 16 characters); without it the route is 404.
    /// Answers are capped at 64 MiB (narrow the window or use the CLI beyond that).
    ///
    /// - Warning: the token reads every organization's audit trail (emails, IPs, admin actions). It is compared in
    ///   constant time and every refusal is logged with the source IP; keep it in the SIEM job's secret store.
    func addAdmin(_ router: Router<GatewayRequestContext>) {
        router.get("/admin/audit") { request, context in
            if let refusal = adminRefusal(request, context) { return refusal }
            let q = HTTPSupport.query(request)
            let now = runtime.clock.now()
            let org: String, since: Date, until: Date?, format: AuditExportFormat
            do {
                guard let o = q["org"], !o.isEmpty else { throw AuditError.invalidRequest("org is required (?org=ID)") }
                guard let s = q["since"] else { throw AuditError.invalidRequest("since is required (ISO 8601 or 24h, 7d, …)") }
                org = o
                since = try AuditTimeExpression.parse(s, now: now)
                until = try q["until"].map { try AuditTimeExpression.parse($0, now: now) }
                format = try AuditExportFormat(parsing: q["format"] ?? "jsonl")
            } catch let error as AuditError {
                return HTTPSupport.json(["error": error.code, "message": error.reason], status: 400)
            } catch {
                return HTTPSupport.json(["error": AuditError.Code.invalidRequest.description, "message": "bad query"], status: 400)
            }
            var body = ""
            let limit = Self.adminExportLimit
            do {
                _ = try await AuditExporter(store: runtime.store).export(organizationID: org, since: since, until: until, format: format) { chunk in
                    body += chunk
                    if body.utf8.count > limit { throw AuditError.exportTooLarge(limitBytes: limit) }
                }
            } catch let error as AuditError {
                let status = error.kind == .exportTooLarge ? 413 : 400
                return HTTPSupport.json(["error": error.code, "message": error.reason], status: status)
            } catch {
                runtime.logger.error("admin audit export failed", metadata: ["request_id": .string(context.requestID), "error": "\(error)"])
                return HTTPSupport.json(["error": GatewayError.Code.storeUnavailable.description, "message": "the store did not answer"],
                                        status: 503)
            }
            return HTTPSupport.response(200, format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson", body)
        }
    }

    /// nil when the request carries the admin bearer token; otherwise the answer: 404 when the admin API is off
    /// (no `GATEHOUSE_ADMIN_TOKEN`), 401 `gateway.admin_unauthorized` (logged with the source IP) when it is wrong.
    func adminRefusal(_ request: Request, _ context: GatewayRequestContext) -> Response? {
        guard let expected = runtime.adminToken else {
            return HTTPSupport.response(404, "text/plain; charset=utf-8", "not found\n")
        }
        let presented = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
        if RandomToken.constantTimeEquals(presented, expected) { return nil }
        let error = GatewayError(.adminUnauthorized, presented.isEmpty ? "no bearer token" : "wrong bearer token")
        runtime.logger.warning("admin API refused", metadata: [
            "code": .string(error.code), "reason": .string(error.reason), "path": .string(request.uri.path),
            "request_id": .string(context.requestID), "source_ip": .string(context.sourceIP),
        ])
        return HTTPSupport.json(["error": error.code, "message": "missing or wrong bearer token (GATEHOUSE_ADMIN_TOKEN)"],
                                status: 401, headers: [("WWW-Authenticate", "Bearer")])
    }
}

extension GatewayRoutes {
    /// `GET /admin/orgs/{org}/seats`: seats in use (active members, what SCIM deprovisioning frees) and all members.
    func addSeats(_ router: Router<GatewayRequestContext>) {
        router.get("/admin/orgs/:org/seats") { request, context in
            if let refusal = adminRefusal(request, context) { return refusal }
            guard let org = runtime.organizations[context.parameters.get("org") ?? ""] else {
                return HTTPSupport.json(["error": GatewayError.Code.connectionUnknown.description, "message": "no such organization"], status: 404)
            }
            do {
                let seats = try await runtime.scim.seats(organizationID: org.id)
                let members = try await runtime.store.countUsers(organizationID: org.id, activeOnly: false)
                return HTTPSupport.json(["org": org.id, "seats": seats, "members": members])
            } catch {
                return adminStoreFailure(error, context)
            }
        }
    }
}
