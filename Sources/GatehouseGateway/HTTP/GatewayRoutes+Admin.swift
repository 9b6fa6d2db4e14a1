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
    func addAdmin(_ admin: RouterGroup<GatewayRequestContext>) {
        admin.get("audit") { request, context in
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
}

extension GatewayRoutes {
    /// `GET /admin/orgs/{org}/seats`: seats in use (active members, what SCIM deprovisioning frees) and all members.
    func addSeats(_ admin: RouterGroup<GatewayRequestContext>) {
        admin.get("orgs/:org/seats") { _, context in
            guard let org = adminOrganization(context) else { return Self.noSuchOrganization }
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

extension GatewayRoutes {
    /// The organization named by the `{org}` path parameter of an admin route.
    func adminOrganization(_ context: GatewayRequestContext) -> OrganizationRuntime? {
        runtime.organizations[context.parameters.get("org") ?? ""]
    }

    static var noSuchOrganization: Response {
        HTTPSupport.json(["error": GatewayError.Code.connectionUnknown.description, "message": "no such organization"], status: 404)
    }
}
