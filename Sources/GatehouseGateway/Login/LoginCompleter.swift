import Foundation
package import GatehouseAudit
package import GatehouseCore
package import GatehousePolicy
package import GatehouseStore
package import Logging

/// What happens after a verified assertion or ID token: role mapping, JIT create/update, the login record (for the
/// dry-run check), the audit event and a new session.
package struct LoginCompleter: Sendable {
    let store: any GatehouseStore
    let sessions: SessionManager
    let clock: any GatehouseClock
    let metrics: GatewayMetrics
    let logger: Logger
    /// Every login, logout and role-change event goes through the audit module's recorder (redaction, size bounds,
    /// an outbox row only for organizations with a SIEM webhook: without a deliverer the outbox would only grow).
    let recorder: AuditRecorder

    package init(store: any GatehouseStore, sessions: SessionManager, clock: any GatehouseClock, metrics: GatewayMetrics, logger: Logger,
                 deliveringOrganizations: Set<String> = []) {
        recorder = AuditRecorder(store: store, clock: clock, delivers: { deliveringOrganizations.contains($0) })
        self.store = store
        self.sessions = sessions
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }

    package struct Success: Sendable {
        package let sessionToken: String
        package let userID: String
        package let role: String
    }

    /// Maps, provisions and starts a session; throws ``LoginFailure`` (already logged, audited and counted).
    package func complete(_ claims: LoginClaims, organization: OrganizationRuntime, connectionID: String, meta: RequestMeta) async throws(LoginFailure) -> Success {
        let proto = claims.source.sourceProtocol.rawValue
        let now = clock.now()
        do {
            let email = claims.email?.lowercased() ?? ""
            let existing = email.isEmpty ? nil : try await store.user(organizationID: organization.id, email: email)
            let current = existing.map { Role(name: $0.role) }
            let result = organization.mapper.evaluate(claims, currentRole: current)
            guard let role = result.role else {
                let denial = result.denial ?? PolicyError(.noRoleMatch, "no role")
                var reason = denial.reason
                if !result.nearMisses.isEmpty { reason += " — near misses: " + result.nearMisses.map(\.message).joined(separator: "; ") }
                throw LoginFailure(code: denial.code, reason: reason, userMessage: LoginFailure.advice(for: denial.code))
            }
            if let existing, !existing.active {
                throw LoginFailure(code: GatewayError.Code.userDeactivated.description,
                                   reason: "user \(existing.id) <\(email)> is deactivated (source \(existing.source)); SSO login refused",
                                   userMessage: LoginFailure.advice(for: "gateway.user_deactivated"))
            }
            var user: DirectoryUser
            if var found = existing {
                let previousRole = found.role
                found.role = role.name
                if let name = claims.name, !name.isEmpty { found.displayName = name }
                found.updatedAt = now
                user = try await store.updateUser(found, expectedVersion: nil)
                if previousRole != role.name {
                    await audit(organization.id, meta, actor: "system", action: .roleChange, target: user.id, result: .success, code: "",
                                details: ["from": previousRole, "to": role.name, "rule_id": result.winningRuleID ?? result.source.rawValue,
                                          "connection": connectionID])
                }
            } else {
                user = DirectoryUser(id: UUID().uuidString.lowercased(), organizationID: organization.id, externalID: nil,
                                     userName: email, email: email, displayName: claims.name ?? "", active: true, role: role.name,
                                     source: "jit", createdAt: now)
                try await store.createUser(user)
            }
            try await store.recordLogin(LoginRecord(userID: user.id, organizationID: organization.id, connectionID: connectionID,
                                                    claimsJSON: ClaimsExtractor.json(claims), loggedInAt: now))
            let token = try await sessions.start(userID: user.id, organizationID: organization.id)
            await audit(organization.id, meta, actor: email, action: .loginSuccess, target: user.id, result: .success, code: "",
                        details: ["protocol": proto, "connection": connectionID, "role": role.name,
                                  "rule": result.winningRuleID ?? result.source.rawValue])
            metrics.login(protocol: proto, result: "success", code: "")
            return Success(sessionToken: token, userID: user.id, role: role.name)
        } catch let failure as LoginFailure {
            await fail(failure, claims: claims, organizationID: organization.id, connectionID: connectionID, meta: meta)
            throw failure
        } catch {
            let failure = LoginFailure(code: GatewayError.Code.storeUnavailable.description, reason: "store error: \(error)",
                                       userMessage: LoginFailure.advice(for: "gateway.store_unavailable"), status: 503)
            await fail(failure, claims: claims, organizationID: organization.id, connectionID: connectionID, meta: meta)
            throw failure
        }
    }

    /// Records a refused login (protocol failures before claims exist call this with `claims == nil`).
    package func fail(_ failure: LoginFailure, claims: LoginClaims?, organizationID: String, connectionID: String, meta: RequestMeta) async {
        let proto = claims?.source.sourceProtocol.rawValue ?? (failure.code.hasPrefix("oidc.") ? "oidc" : "saml")
        logger.warning("login refused", metadata: [
            "code": .string(failure.code), "reason": .string(failure.reason), "org": .string(organizationID),
            "connection": .string(connectionID), "request_id": .string(meta.requestID),
        ])
        metrics.login(protocol: proto, result: "failure", code: failure.code)
        await audit(organizationID, meta, actor: claims?.email ?? "anonymous", action: .loginFailure, target: claims?.email ?? "",
                    result: .failure, code: failure.code, details: ["protocol": proto, "connection": connectionID, "reason": String(failure.reason.prefix(1000))])
    }

    package func audit(_ organizationID: String, _ meta: RequestMeta, actor: String, action: AuditAction, target: String,
                       result: AuditResult, code: String, details: [String: String]) async {
        do {
            try await recorder.record(action, organizationID: organizationID, actor: actor, target: target, result: result, code: code,
                                      details: details.mapValues { .string($0) },
                                      context: AuditContext(requestID: meta.requestID, sourceIP: meta.sourceIP, userAgent: meta.userAgent))
        } catch {
            logger.error("audit event could not be stored", metadata: ["action": .string(action.name), "error": .string("\(error)")])
        }
    }
}
