import Foundation

/// Builds, signs, tampers and encrypts one SAML Response from a `LoginPlan`.
struct SAMLResponseBuilder {
    let plan: LoginPlan
    let profile: VendorProfile
    let keys: MockKeyRing
    let now: Date
    let responseID: String
    let assertionID: String
    let sessionIndex: String

    func build() throws -> String {
        let issued = now.addingTimeInterval(plan.clockOffset)
        let inResponseTo = plan.inResponseTo.map { " InResponseTo=\"\(XMLText.escape($0))\"" } ?? ""
        let status: String
        var assertion = ""
        switch plan.denial {
        case .requestDenied?, .accessDenied?, .loginRequired?, .errorPage?:
            status = statusXML("Responder", sub: "RequestDenied", message: "The user is \(plan.user.state.rawValue) or not allowed to use this application")
        case .authnFailed?, .invalidGrant?:
            status = statusXML("Responder", sub: "AuthnFailed", message: "Authentication failed")
        case nil:
            status = statusXML("Success", sub: nil, message: nil)
            assertion = assertionXML(issued: issued, inResponseTo: inResponseTo)
        }
        var xml = """
        <samlp:Response xmlns:samlp="\(SAMLNames.protocolNS)" xmlns:saml="\(SAMLNames.assertion)" ID="\(responseID)" \
        Version="2.0" IssueInstant="\(XMLText.instant(issued))" Destination="\(XMLText.escape(plan.destination))"\(inResponseTo)>\
        <saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">\(XMLText.escape(plan.issuer))</saml:Issuer>\
        \(status)\(assertion)</samlp:Response>
        """
        // A denied login never carries an assertion; only the (optional) Response signature applies.
        let signingKey = try keys.key(plan.signingKey)
        if !assertion.isEmpty, plan.signMode == .assertion || plan.signMode == .both {
            xml = try XMLSigner.sign(xml, elementID: assertionID, key: signingKey, algorithm: plan.samlAlgorithm)
        }
        if plan.encrypt, !assertion.isEmpty {
            xml = try XMLSigner.encrypt(xml, elementID: assertionID, to: try keys.key(plan.encryptionCertKey))
        }
        if plan.signMode == .response || plan.signMode == .both {
            xml = try XMLSigner.sign(xml, elementID: responseID, key: signingKey, algorithm: plan.samlAlgorithm)
        }
        // After every signature: each signed value that changed breaks the signature covering it.
        if plan.tamper { xml = tampered(xml) }
        return xml
    }

    private func statusXML(_ code: String, sub: String?, message: String?) -> String {
        let inner = sub.map { "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:\($0)\"/>" } ?? ""
        let msg = message.map { "<samlp:StatusMessage>\(XMLText.escape($0))</samlp:StatusMessage>" } ?? ""
        let open = "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:\(code)\""
        return "<samlp:Status>\(inner.isEmpty ? open + "/>" : open + ">" + inner + "</samlp:StatusCode>")\(msg)</samlp:Status>"
    }

    private func assertionXML(issued: Date, inResponseTo: String) -> String {
        let notOnOrAfter = XMLText.instant(issued.addingTimeInterval(plan.lifetime))
        let notBefore = XMLText.instant(issued.addingTimeInterval(-60))
        let audience = plan.audiences.map { auds in
            "<saml:AudienceRestriction>" + auds.map { "<saml:Audience>\(XMLText.escape($0))</saml:Audience>" }.joined() + "</saml:AudienceRestriction>"
        } ?? ""
        return """
        <saml:Assertion xmlns:saml="\(SAMLNames.assertion)" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="\(assertionID)" Version="2.0" IssueInstant="\(XMLText.instant(issued))">\
        <saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">\(XMLText.escape(plan.issuer))</saml:Issuer>\
        <saml:Subject><saml:NameID Format="\(XMLText.escape(plan.nameIDFormat))">\(XMLText.escape(plan.subject))</saml:NameID>\
        <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData \
        NotOnOrAfter="\(notOnOrAfter)" Recipient="\(XMLText.escape(plan.recipient))"\(inResponseTo)/></saml:SubjectConfirmation></saml:Subject>\
        <saml:Conditions NotBefore="\(notBefore)" NotOnOrAfter="\(notOnOrAfter)">\(audience)</saml:Conditions>\
        <saml:AuthnStatement AuthnInstant="\(XMLText.instant(issued))" SessionIndex="\(sessionIndex)" \
        SessionNotOnOrAfter="\(XMLText.instant(issued.addingTimeInterval(plan.sessionLifetime)))"><saml:AuthnContext>\
        <saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>\
        </saml:AuthnContext></saml:AuthnStatement>\(attributeStatement())</saml:Assertion>
        """
    }

    private func attributeStatement() -> String {
        if plan.attributesNone { return "<saml:AttributeStatement/>" }
        var attributes: [(String, [String])] = []
        if let email = plan.email { attributes.append((profile.samlEmail, [email])) }
        if let g = plan.user.givenName { attributes.append((profile.samlGivenName, [g])) }
        if let f = plan.user.familyName { attributes.append((profile.samlFamilyName, [f])) }
        if let n = plan.user.name { attributes.append(("displayName", [n])) }
        if plan.groupsOverage {
            attributes.append(("http://schemas.microsoft.com/claims/groups.link",
                               ["https://graph.microsoft.com/v1.0/users/\(VendorProfile.objectID(of: plan.user.id))/getMemberObjects"]))
        } else if let groups = plan.groups {
            var values = plan.groupsAsIDs ? groups.map(VendorProfile.objectID(of:)) : groups
            if plan.groupsJoined { values = [values.joined(separator: ",")] }
            attributes.append((plan.groupsName ?? profile.samlGroups, values))
        }
        for (name, values) in plan.user.attributes.sorted(by: { $0.key < $1.key }) { attributes.append((name, values)) }
        let body = attributes.map { name, values in
            "<saml:Attribute Name=\"\(XMLText.escape(name))\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:\(name.contains(":") ? "uri" : "basic")\">"
                + values.map { "<saml:AttributeValue xsi:type=\"xs:string\">\(XMLText.escape($0))</saml:AttributeValue>" }.joined()
                + "</saml:Attribute>"
        }.joined()
        return "<saml:AttributeStatement>\(body)</saml:AttributeStatement>"
    }

    /// Changes one character of a signed value (the email, else the NameID) after signing.
    private func tampered(_ xml: String) -> String {
        let target = plan.email ?? plan.subject
        let escaped = XMLText.escape(target)
        guard let range = xml.range(of: ">\(escaped)<") else {
            return xml.replacingOccurrences(of: "PasswordProtectedTransport<", with: "PasswordProtectedTransporT<")
        }
        let changed = escaped.hasPrefix("x") ? "y" + escaped.dropFirst() : "x" + escaped.dropFirst()
        return xml.replacingCharacters(in: range, with: ">\(changed)<")
    }
}
