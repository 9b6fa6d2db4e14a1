import Foundation
import GatehouseCore
import Synchronization

/// What the browser would receive after a SAML login: a self-submitting POST to the SP's ACS.
public struct SAMLLoginResult: Sendable {
    public var acsURL: String
    public var samlResponse: String
    /// base64 of `samlResponse`, the `SAMLResponse` form field.
    public var samlResponseBase64: String { Data(samlResponse.utf8).base64EncodedString() }
    public var relayState: String?
    public var scenarios: [ScenarioRef]
    /// An IdP error page instead of a response (e.g. `vendor.google-app-not-configured`).
    public var errorPage: String?
    public var plan: LoginPlan

    /// The HTML form that posts the response (what a browser auto-submits).
    public var html: String { errorPage ?? HTMLPages.postForm(action: acsURL, samlResponse: samlResponseBase64, relayState: relayState) }
}

extension MockIdP {
    /// Logs `userID` in at `tenant` and builds the SAML Response, for an AuthnRequest (SP-initiated) or
    /// for `spEntityID` (IdP-initiated, unsolicited). `extraScenarios` fire for this login only, after the
    /// activated ones.
    public func samlLogin(tenant: String = "default", userID: String, request: AuthnRequest? = nil,
                          spEntityID: String? = nil, relayState: String? = nil,
                          extraScenarios: [ScenarioRef] = []) throws -> SAMLLoginResult {
        try ScenarioEngine.validate(extraScenarios)
        let profile = try profile(tenant)
        let sp = try serviceProvider(for: request, entityID: spEntityID)
        guard let user = directory.user(userID) else {
            throw MockIdPError(.unknownUser, "no user \(userID) in the mock directory")
        }
        let refs = scenarios.consume(forUser: user.id) + extraScenarios
        var plan = LoginPlan(user: user, issuer: samlEntityID(tenant), audience: sp.entityID, acsURL: sp.acsURL, profile: profile)
        plan.inResponseTo = request?.id
        // Honour the NameIDPolicy Format the SP asked for (persistent, transient, email); others get the default.
        switch request?.nameIDFormat {
        case "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"?:
            plan.nameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
            plan.subject = VendorProfile.objectID(of: user.id)
        case "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"?:
            plan.nameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
            plan.subject = ids.next(prefix: "_t")
        default:
            break
        }
        plan.relayState = relayState
        if profile == .google, request == nil { plan.inResponseTo = nil }
        if let key = sp.encryptionKey { plan.encryptionCertKey = key }
        ScenarioEngine.apply(refs, to: &plan)
        if plan.denial == .errorPage {
            log.record(clock.now(), "POST", "/saml/\(tenant)/sso", kind: "saml.sso", tenant: tenant, user: user.id,
                       scenarios: refs, outcome: "error page (never returns)")
            return SAMLLoginResult(acsURL: sp.acsURL, samlResponse: "", relayState: relayState, scenarios: refs,
                                   errorPage: HTMLPages.appNotConfigured(user: user.id), plan: plan)
        }
        if plan.replayPrevious, let previous = lastSAMLResponse.withLock({ $0[sp.entityID] }) {
            log.record(clock.now(), "POST", "/saml/\(tenant)/sso", kind: "saml.sso", tenant: tenant, user: user.id,
                       scenarios: refs, outcome: "replayed the previous response")
            return SAMLLoginResult(acsURL: sp.acsURL, samlResponse: previous, relayState: plan.relayState, scenarios: refs,
                                   errorPage: nil, plan: plan)
        }
        let builder = SAMLResponseBuilder(plan: plan, profile: profile, keys: keys, now: clock.now(),
                                          responseID: ids.next(), assertionID: ids.next(), sessionIndex: ids.next())
        let xml = try builder.build()
        lastSAMLResponse.withLock { $0[sp.entityID] = xml }
        let outcome = plan.denial.map { "status \($0.rawValue)" }
            ?? "response signed=\(plan.signMode.rawValue) key=\(plan.signingKey)\(plan.encrypt ? " encrypted" : "")"
        log.record(clock.now(), "POST", "/saml/\(tenant)/sso", kind: "saml.sso", tenant: tenant, user: user.id,
                   scenarios: refs, outcome: outcome)
        return SAMLLoginResult(acsURL: sp.acsURL, samlResponse: xml, relayState: plan.relayState, scenarios: refs,
                               errorPage: nil, plan: plan)
    }

    /// The registered SP the response goes to. Unknown entity IDs and unregistered ACS URLs are refused, as a
    /// real IdP does (it must never post an assertion to an address it was not configured with).
    func serviceProvider(for request: AuthnRequest?, entityID: String?) throws -> ServiceProvider {
        let sps = configuration.serviceProviders
        let wanted = request?.issuer ?? entityID
        guard let wanted, !wanted.isEmpty else {
            if sps.count == 1 { return sps[0] }
            throw MockIdPError(.unknownServiceProvider, "no SP entity ID given and \(sps.count) SPs are registered")
        }
        guard let sp = sps.first(where: { $0.entityID == wanted }) else {
            throw MockIdPError(.unknownServiceProvider,
                               "SP \(wanted) is not registered; registered: \(sps.map(\.entityID).joined(separator: ", "))")
        }
        if let acs = request?.acsURL, acs != sp.acsURL {
            throw MockIdPError(.unknownServiceProvider, "AssertionConsumerServiceURL \(acs) is not registered for \(wanted); expected \(sp.acsURL)")
        }
        return sp
    }

    /// SAML IdP metadata for `tenant`: the published keys (TEST ONLY), SSO endpoints for both bindings.
    public func samlMetadata(tenant: String) throws -> (plan: LoginPlan, xml: String) {
        _ = try profile(tenant)
        let (plan, refs) = standingPlan(tenant: tenant)
        var keyDescriptors = ""
        for name in plan.publishedKeys {
            guard let key = keys.keys[name] else { continue }
            keyDescriptors += "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:KeyName>\(name)</ds:KeyName><ds:X509Data>"
                + "<ds:X509Certificate>\(key.certificateBase64)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        }
        let sso = XMLText.escape(samlSSOURL(tenant))
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Gatehouse mock IdP: TEST ONLY. These keys are public; NOT FOR PRODUCTION. -->
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" \
        entityID="\(XMLText.escape(plan.issuer))"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" \
        protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\(keyDescriptors)\
        <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\
        <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>\
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\(sso)"/>\
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(sso)"/>\
        </md:IDPSSODescriptor></md:EntityDescriptor>
        """
        log.record(clock.now(), "GET", "/saml/\(tenant)/metadata", kind: "saml.metadata", tenant: tenant, user: nil,
                   scenarios: refs, outcome: "keys=\(plan.publishedKeys.joined(separator: ","))")
        return (plan, xml)
    }
}
