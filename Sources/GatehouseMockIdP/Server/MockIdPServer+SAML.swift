import Foundation
import Hummingbird

extension MockIdPServer {
    static func addSAML(_ router: Router<MockIdPRequestContext>, _ idp: MockIdP) {
        router.get("/saml/:tenant/metadata") { _, context in
            let tenant = context.parameters.get("tenant") ?? ""
            if let fault = await transportFault(idp, tenant: tenant, endpoint: "metadata", channel: context.channel) { return fault }
            do {
                return HTTPSupport.response(200, "application/samlmetadata+xml", try idp.samlMetadata(tenant: tenant).xml)
            } catch { return errorResponse(error) }
        }
        // HTTP-Redirect binding (and IdP-initiated via `sp=`): show the login page, carrying the request through.
        router.get("/saml/:tenant/sso") { request, context in
            let tenant = context.parameters.get("tenant") ?? ""
            if let fault = await transportFault(idp, tenant: tenant, endpoint: "sso", channel: context.channel) { return fault }
            var q = HTTPSupport.query(request)
            return await samlSSO(idp, tenant: tenant, fields: &q, binding: "redirect")
        }
        // HTTP-POST binding, and the login page's own submission.
        router.post("/saml/:tenant/sso") { request, context in
            let tenant = context.parameters.get("tenant") ?? ""
            if let fault = await transportFault(idp, tenant: tenant, endpoint: "sso", channel: context.channel) { return fault }
            do {
                var form = try await HTTPSupport.form(request)
                return await samlSSO(idp, tenant: tenant, fields: &form, binding: form["binding"] ?? "post")
            } catch { return errorResponse(error) }
        }
        router.get("/saml/:tenant/idp-initiated") { request, context in
            let tenant = context.parameters.get("tenant") ?? ""
            var q = HTTPSupport.query(request)
            q["binding"] = "idp-initiated"
            return await samlSSO(idp, tenant: tenant, fields: &q, binding: "idp-initiated")
        }
    }

    /// One step of SAML SSO: read the AuthnRequest (refusing bad ones as a real IdP does), then either show the
    /// login page or, once a user is chosen, answer with the self-submitting form.
    static func samlSSO(_ idp: MockIdP, tenant: String, fields: inout [String: String], binding: String) async -> Response {
        do {
            _ = try idp.profile(tenant)
            var request: AuthnRequest?
            if let raw = fields["SAMLRequest"] {
                request = try AuthnRequest.decode(raw, deflated: binding == "redirect")
                if binding == "redirect", fields["Signature"] != nil { request?.signed = true }
            } else if binding != "idp-initiated" {
                throw MockIdPError(.malformedRequest, "no SAMLRequest parameter; for IdP-initiated login use /saml/\(tenant)/idp-initiated?sp=ENTITY_ID")
            }
            // Refuse an unknown SP before showing any page.
            _ = try idp.serviceProvider(for: request, entityID: fields["sp"])
            guard let user = chosenUser(fields) else {
                var hidden = fields.filter { ["SAMLRequest", "RelayState", "sp"].contains($0.key) }
                hidden["binding"] = binding
                return HTTPSupport.html(HTMLPages.login(action: "/saml/\(tenant)/sso", hidden: hidden,
                                                        users: idp.directory.all, scenarios: ScenarioCatalog.all))
            }
            let result = try idp.samlLogin(tenant: tenant, userID: user, request: request, spEntityID: fields["sp"],
                                           relayState: fields["RelayState"], extraScenarios: try scenarioRefs(fields))
            if let page = result.errorPage { return HTTPSupport.html(page, status: 403) }
            return HTTPSupport.html(result.html)
        } catch {
            return errorResponse(error)
        }
    }
}
