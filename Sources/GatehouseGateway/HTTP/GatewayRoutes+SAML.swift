import Foundation
import GatehouseCore
import GatehouseSAML
import Hummingbird

extension GatewayRoutes {
    func addSAML(_ router: Router<GatewayRequestContext>) {
        // SP-initiated only: the browser's login cookie names the pending AuthnRequest; InResponseTo must match it.
        router.post("/saml/acs") { request, context in
            let binding = loginBinding(request, kind: "saml")
            guard let binding else {
                return await samlFailure(GatewayError(.loginNotPending, "POST /saml/acs without a login cookie: no SAML login was started in this browser (or it expired)"),
                                         connection: nil, request, context)
            }
            guard let connection = runtime.saml[binding.connectionID] else {
                return await samlFailure(GatewayError(.connectionUnknown, "login cookie names unknown SAML connection '\(binding.connectionID)'"),
                                         connection: nil, request, context)
            }
            let pending: PendingInfo?
            do { pending = try await consumePending(binding, kind: "saml") } catch {
                return await samlFailure(error, connection: connection, request, context)
            }
            guard let pending else {
                return await samlFailure(GatewayError(.loginNotPending, "the SAML login \(binding.handle) named by this browser's cookie is unknown, used or expired"),
                                         connection: connection, request, context)
            }
            return await acs(request, context, connection: connection, validator: connection.spInitiated,
                             expectedRequestID: binding.handle, returnTo: pending.returnTo)
        }

        // Per-connection ACS: as above when a login is pending, else IdP-initiated if the connection allows it.
        router.post("/saml/acs/:connection") { request, context in
            guard let id = context.parameters.get("connection"), let connection = runtime.saml[id] else {
                return await samlFailure(GatewayError(.connectionUnknown, "POST \(request.uri.path): no such SAML connection"),
                                         connection: nil, request, context, status: 404)
            }
            var expected: String?
            var returnTo: String?
            if let binding = loginBinding(request, kind: "saml"), binding.connectionID == id {
                do {
                    if let pending = try await consumePending(binding, kind: "saml") {
                        expected = binding.handle
                        returnTo = pending.returnTo
                    }
                } catch {
                    return await samlFailure(error, connection: connection, request, context)
                }
            }
            return await acs(request, context, connection: connection, validator: connection.connectionACS,
                             expectedRequestID: expected, returnTo: returnTo)
        }

        router.get("/saml/metadata") { _, _ in
            let entityID = runtime.saml.values.sorted { $0.connectionID < $1.connectionID }.first?.spEntityID
                ?? runtime.publicBaseURL + "/saml/metadata"
            let xml = SPMetadata(entityID: entityID, acsURL: runtime.publicBaseURL + "/saml/acs",
                                 signingCertificate: runtime.spCertificate, encryptionCertificate: runtime.spCertificate).xml
            return HTTPSupport.response(200, "application/samlmetadata+xml", xml)
        }

        router.get("/saml/metadata/:connection") { _, context in
            guard let id = context.parameters.get("connection"), let connection = runtime.saml[id] else {
                return HTTPSupport.response(404, "text/plain; charset=utf-8", "no such SAML connection\n")
            }
            let xml = SPMetadata(entityID: connection.spEntityID, acsURL: runtime.publicBaseURL + "/saml/acs/" + id,
                                 signingCertificate: runtime.spCertificate, encryptionCertificate: runtime.spCertificate).xml
            return HTTPSupport.response(200, "application/samlmetadata+xml", xml)
        }
    }

    /// Validates the posted response with the SAML core and completes the login.
    func acs(_ request: Request, _ context: GatewayRequestContext, connection: SAMLConnectionRuntime, validator: SAMLResponseValidator,
             expectedRequestID: String?, returnTo: String?) async -> Response {
        let form: [String: String]
        do { form = try await HTTPSupport.form(request, limit: Self.acsLimit) } catch {
            return await samlFailure(error, connection: connection, request, context, status: 413)
        }
        guard let value = form["SAMLResponse"], !value.isEmpty else {
            return await samlFailure(GatewayError(.requestMalformed, "POST to the ACS without a SAMLResponse field"),
                                     connection: connection, request, context)
        }
        let assertion: VerifiedAssertion
        do {
            let response = try UnverifiedSAMLResponse(formValue: Array(value.utf8))
            assertion = try await validator.validate(response, expectedRequestID: expectedRequestID, replayCache: runtime.store,
                                                     now: runtime.clock.now())
        } catch let error as SAMLError {
            return await samlFailure(error, connection: connection, request, context)
        } catch {
            return await samlFailure(GatewayError(.storeUnavailable, "replay cache: \(error)"), connection: connection, request, context, status: 503)
        }
        // IdP-initiated: RelayState may carry a return URL; only configured origins are honoured.
        let target = returnTo ?? runtime.returnURLs.resolve(form["RelayState"])
        return await finish(ClaimsExtractor.claims(from: assertion, connection: connection), organizationID: connection.organizationID,
                            connectionID: connection.connectionID, returnTo: target, request, context)
    }

    func samlFailure(_ error: any Error, connection: SAMLConnectionRuntime?, _ request: Request, _ context: GatewayRequestContext,
                     status: Int = 403) async -> Response {
        let code = (error as? any GatehouseError)?.code ?? "gateway.request_malformed"
        let reason = (error as? any GatehouseError)?.reason ?? "\(error)"
        let failure = LoginFailure(code: code, reason: reason, userMessage: LoginFailure.advice(for: code),
                                   status: code == "gateway.store_unavailable" ? 503 : (code == "gateway.request_too_large" ? 413 : status))
        await runtime.completer.fail(failure, claims: nil, organizationID: connection?.organizationID ?? "-",
                                     connectionID: connection?.connectionID ?? "-", meta: meta(request, context))
        return Pages.error(status: failure.status, title: "Sign-in failed", message: failure.userMessage, requestID: context.requestID,
                           cookies: [runtime.cookies.clearLogin()])
    }
}
