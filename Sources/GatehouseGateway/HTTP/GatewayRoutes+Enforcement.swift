import Foundation
import GatehouseAudit
import GatehouseCore
import GatehousePolicy
import Hummingbird
import Logging

extension GatewayRoutes {
    /// The dry-run enforcement check and the "SSO required" switch, on the admin API (bearer `GATEHOUSE_ADMIN_TOKEN`).
    ///
    /// - `GET /admin/orgs/{org}/enforcement[?format=json|html|table]`: the dry run over the store's members (the same
    ///   report as `gatehouse enforce --dry-run`; `html` is the admin page). Status 200 either way; `safe` says it.
    /// - `POST /admin/orgs/{org}/enforcement` with JSON `{"enforce": true, "acknowledge": ["code:subject", …],
    ///   "actor": "alice@example.com"}`: runs a fresh dry run and turns enforcement on only when every blocker is
    ///   acknowledged by its ID (409 `policy.enforcement_blocked` otherwise, listing them). `{"enforce": false}` turns
    ///   it off. Every change, refusal and acknowledgement is audited before it takes effect.
    func addEnforcement(_ admin: RouterGroup<GatewayRequestContext>) {
        admin.get("orgs/:org/enforcement") { request, context in
            guard let org = adminOrganization(context) else { return Self.noSuchOrganization }
            let report: EnforcementReport
            do {
                report = try await runtime.enforcement.dryRun(organization: org.configuration,
                                                              certificates: runtime.signingCertificates(organizationID: org.id))
            } catch {
                return adminStoreFailure(error, context)
            }
            switch HTTPSupport.query(request)["format"] ?? "json" {
            case "html": return HTTPSupport.response(200, "text/html; charset=utf-8", report.renderHTML())
            case "table": return HTTPSupport.response(200, "text/plain; charset=utf-8", report.renderTable())
            case "json": return HTTPSupport.response(200, "application/json", String(decoding: report.renderJSONBytes(), as: UTF8.self))
            default:
                return HTTPSupport.json(["error": GatewayError.Code.requestMalformed.description, "message": "format must be json, html or table"], status: 400)
            }
        }
        admin.post("orgs/:org/enforcement") { request, context in
            guard let org = adminOrganization(context) else { return Self.noSuchOrganization }
            let body: [String: Any]
            do {
                let buffer = try await request.body.collect(upTo: 64 << 10)
                guard let object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else { throw GatewayError(.requestMalformed, "not an object") }
                body = object
            } catch {
                return HTTPSupport.json(["error": GatewayError.Code.requestMalformed.description,
                                         "message": "expected JSON {\"enforce\": true|false, \"acknowledge\": [\"code:subject\"], \"actor\": \"…\"} (at most 64 KiB)"], status: 400)
            }
            guard let enforce = body["enforce"] as? Bool else {
                return HTTPSupport.json(["error": GatewayError.Code.requestMalformed.description, "message": "\"enforce\" must be true or false"], status: 400)
            }
            let acknowledge = body["acknowledge"] as? [String] ?? []
            let actor = String((body["actor"] as? String ?? "admin-api").prefix(256))
            let audit = AuditContext(requestID: context.requestID, sourceIP: context.sourceIP,
                                     userAgent: request.headers[.userAgent] ?? "")
            let change: EnforcementService.Change
            do {
                change = try await runtime.enforcement.change(enable: enforce, organization: org.configuration,
                                                             certificates: runtime.signingCertificates(organizationID: org.id),
                                                             acknowledging: acknowledge, actor: actor, context: audit)
            } catch {
                return adminStoreFailure(error, context)
            }
            switch change {
            case .refused(let decision):
                runtime.logger.warning("enforcement refused", metadata: [
                    "org": .string(org.id), "actor": .string(actor), "code": .string(PolicyError.Code.enforcementBlocked.description),
                    "blockers": .string(decision.unacknowledged.map(\.id).joined(separator: ", ")),
                ])
                return HTTPSupport.json([
                    "error": PolicyError.Code.enforcementBlocked.description,
                    "message": "\(decision.unacknowledged.count) blocker(s) stand; fix them, or acknowledge each by its id to enforce anyway",
                    "blockers": decision.unacknowledged.map { ["id": $0.id, "code": $0.code.description, "subject": $0.subject,
                                                               "message": $0.message, "lockout": $0.isLockout] },
                    "unknownAcknowledgements": decision.unknownAcknowledgements,
                ], status: 409)
            case .applied(let enabled, let acknowledged, let domains):
                runtime.logger.notice("enforcement changed", metadata: [
                    "org": .string(org.id), "actor": .string(actor), "enforced": .string("\(enabled)"),
                    "acknowledged": .string(acknowledged.map(\.blockerID).joined(separator: ", ")),
                ])
                return HTTPSupport.json(["org": org.id, "enforced": enabled, "acknowledged": acknowledged.map(\.blockerID),
                                         "domainsChanged": domains])
            }
        }
    }

    func adminStoreFailure(_ error: any Error, _ context: GatewayRequestContext) -> Response {
        if let policy = error as? PolicyError {
            return HTTPSupport.json(["error": policy.code, "message": policy.reason], status: 409)
        }
        runtime.logger.error("admin API: store failure", metadata: ["request_id": .string(context.requestID), "error": "\(error)"])
        return HTTPSupport.json(["error": GatewayError.Code.storeUnavailable.description, "message": "the store did not answer; nothing was changed"],
                                status: 503)
    }
}
