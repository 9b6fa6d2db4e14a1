import Foundation

extension SAMLResponseValidator {
    private static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    private static let success = "urn:oasis:names:tc:SAML:2.0:status:Success"

    func checkResponseHeader(_ response: XMLElementRef) throws(SAMLError) {
        guard response.attribute("Version") == "2.0" else {
            throw .schema("the Response has Version '\(response.attribute("Version") ?? "(none)")'; SAML 2.0 is required")
        }
        guard let id = response.attribute("ID"), !id.isEmpty else { throw .schema("the Response has no ID") }
        guard let instant = response.attribute("IssueInstant"), SAMLTime.parse(instant) != nil else {
            throw .schema("the Response has no valid IssueInstant")
        }
    }

    /// A non-success status is reported with the IdP's own codes and message: it is the IdP saying no.
    func checkStatus(_ response: XMLElementRef) throws(SAMLError) {
        guard let status = response.firstChild("Status", in: XMLNamespace.protocol_),
              let top = status.firstChild("StatusCode", in: XMLNamespace.protocol_),
              let topValue = top.attribute("Value")
        else { throw .schema("the Response has no samlp:Status/StatusCode") }
        if topValue == Self.success { return }
        var codes = [topValue]
        var nested = top.firstChild("StatusCode", in: XMLNamespace.protocol_)
        while let code = nested, codes.count < 4 {
            if let value = code.attribute("Value") { codes.append(value) }
            nested = code.firstChild("StatusCode", in: XMLNamespace.protocol_)
        }
        let message = (try? status.firstChild("StatusMessage", in: XMLNamespace.protocol_)?.text(deep: true)) ?? nil
        let short = codes.map { $0.components(separatedBy: ":").last ?? $0 }
        let said = "the IdP answered \(short.joined(separator: " / "))" + (message.map { " (\"\($0.prefix(300))\")" } ?? "")
        if short.contains("RequestDenied") {
            throw SAMLError(.idpDenied, said + ": the IdP refused this user for this application; check the user is assigned to the app at the IdP")
        }
        if short.contains("AuthnFailed") {
            throw SAMLError(.idpAuthnFailed, said + ": the user could not authenticate at the IdP")
        }
        throw SAMLError(.statusNotSuccess, said)
    }

    private func instant(_ element: XMLElementRef, _ name: String, required: Bool) throws(SAMLError) -> Date? {
        guard let text = element.attribute(name) else {
            if required { throw .schema("\(element.path) has no \(name)") }
            return nil
        }
        guard let date = SAMLTime.parse(text) else { throw .schema("\(element.path)@\(name) '\(text)' is not an xs:dateTime in UTC") }
        return date
    }

    private func value(_ element: XMLElementRef) throws(SAMLError) -> String {
        do { return try element.text() } catch {
            throw SAMLError(.valueMalformed, "\(element.path) must contain text only (found \(error == .hasElements ? "child elements" : "an entity reference"))")
        }
    }

    private func checkWindow(notBefore: Date?, notOnOrAfter: Date?, now: Date, what: String) throws(SAMLError) {
        let skew = policy.clockSkew
        if let notBefore, now.addingTimeInterval(skew) < notBefore {
            throw SAMLError(.notYetValid, "\(what) is valid from \(SAMLTime.format(notBefore)) but it is \(SAMLTime.format(now)) here: "
                + "\(Int(notBefore.timeIntervalSince(now))) s early, beyond the \(Int(skew)) s clock skew allowed; check the IdP's clock (NTP)")
        }
        if let notOnOrAfter, now.addingTimeInterval(-skew) >= notOnOrAfter {
            throw SAMLError(.expired, "\(what) expired at \(SAMLTime.format(notOnOrAfter)); it is \(SAMLTime.format(now)) here, "
                + "\(Int(now.timeIntervalSince(notOnOrAfter))) s later, beyond the \(Int(skew)) s clock skew allowed")
        }
    }

    func readAssertion(_ assertion: XMLElementRef, response: XMLElementRef, responseSigned: Bool, assertionSigned: Bool,
                       encrypted: Bool, certificate: CertificateInfo, expectedRequestID: String?, now: Date,
                       warnings: [String]) throws(SAMLError) -> VerifiedAssertion {
        let ns = XMLNamespace.assertion
        guard assertion.attribute("Version") == "2.0" else { throw .schema("the Assertion's Version is not 2.0") }
        guard let assertionID = assertion.attribute("ID"), !assertionID.isEmpty else { throw .schema("the Assertion has no ID") }
        let issueInstant = try instant(assertion, "IssueInstant", required: true)
        try checkWindow(notBefore: issueInstant, notOnOrAfter: nil, now: now, what: "the Assertion (IssueInstant)")

        // Issuer: the assertion's (signed) one, and the Response's when present.
        guard let issuerElement = assertion.firstChild("Issuer", in: ns) else { throw .schema("the Assertion has no Issuer") }
        let issuer = try value(issuerElement).trimmedASCII
        let expectedIssuer = policy.idp.entityID
        guard issuer == expectedIssuer else {
            throw SAMLError(.issuerMismatch, "the Assertion's Issuer is '\(issuer)' but this connection's IdP metadata has entityID '\(expectedIssuer)'")
        }
        if let responseIssuer = response.firstChild("Issuer", in: ns) {
            let text = try value(responseIssuer).trimmedASCII
            guard text == expectedIssuer else {
                throw SAMLError(.issuerMismatch, "the Response's Issuer is '\(text)' but this connection's IdP metadata has entityID '\(expectedIssuer)'")
            }
        }

        // Destination (Response level).
        if let destination = response.attribute("Destination") {
            guard destination == policy.acsURL else {
                throw SAMLError(.destinationMismatch, "the Response's Destination is '\(destination)' but this SP's ACS URL is '\(policy.acsURL)'")
            }
        } else if responseSigned {
            throw SAMLError(.destinationMismatch, "the Response is signed but has no Destination; the ACS URL '\(policy.acsURL)' is required")
        }

        // Request correlation.
        let responseInResponseTo = response.attribute("InResponseTo")
        try checkInResponseTo(responseInResponseTo, expected: expectedRequestID, where: "Response")

        // Subject: NameID and a bearer confirmation for this ACS.
        guard let subject = assertion.firstChild("Subject", in: ns) else { throw SAMLError(.nameIDMissing, "the Assertion has no Subject") }
        guard let nameIDElement = subject.firstChild("NameID", in: ns) else {
            let encryptedID = subject.firstChild("EncryptedID", in: ns) != nil
            throw SAMLError(.nameIDMissing, encryptedID ? "the Subject carries an EncryptedID, which is not supported; ask the IdP to send a plain NameID"
                : "the Subject has no NameID")
        }
        // Surrounding whitespace (pretty-printing IdPs) is not part of the identifier.
        let nameID = try value(nameIDElement).trimmedASCII
        guard !nameID.isEmpty else { throw SAMLError(.nameIDMissing, "the NameID is empty") }
        let confirmationEnd = try checkSubjectConfirmation(subject, expectedRequestID: expectedRequestID,
                                                           responseInResponseTo: responseInResponseTo, now: now)

        // Conditions.
        guard let conditions = assertion.firstChild("Conditions", in: ns) else {
            throw SAMLError(.audienceMismatch, "the Assertion has no Conditions, so no AudienceRestriction; it must name '\(policy.spEntityID)'")
        }
        let conditionsEnd = try checkConditions(conditions, now: now)

        // Authentication statement.
        guard let authn = assertion.firstChild("AuthnStatement", in: ns) else {
            throw SAMLError(.authnStatementMissing, "the Assertion has no AuthnStatement; web SSO needs one")
        }
        let sessionNotOnOrAfter = try instant(authn, "SessionNotOnOrAfter", required: false)
        if let sessionNotOnOrAfter, now.addingTimeInterval(-policy.clockSkew) >= sessionNotOnOrAfter {
            throw SAMLError(.expired, "the IdP session ended at \(SAMLTime.format(sessionNotOnOrAfter)) (SessionNotOnOrAfter)")
        }
        let attributes = try readAttributes(assertion)
        let ends = [confirmationEnd, conditionsEnd].compactMap { $0 }
        return VerifiedAssertion(
            issuer: issuer, nameID: nameID, nameIDFormat: nameIDElement.attribute("Format"),
            sessionIndex: authn.attribute("SessionIndex"), assertionID: assertionID, attributes: attributes,
            authnInstant: try instant(authn, "AuthnInstant", required: false), sessionNotOnOrAfter: sessionNotOnOrAfter,
            notOnOrAfter: ends.min() ?? now.addingTimeInterval(300), inResponseTo: expectedRequestID,
            responseSigned: responseSigned, assertionSigned: assertionSigned, encrypted: encrypted,
            signingCertificate: certificate, warnings: warnings)
    }

    private func checkInResponseTo(_ received: String?, expected: String?, where place: String) throws(SAMLError) {
        guard let received else { return }
        if let expected {
            guard received == expected else {
                throw SAMLError(.inResponseToMismatch, "the \(place) answers request '\(received)' but this browser's login sent request '\(expected)'")
            }
        } else {
            throw SAMLError(.inResponseToMismatch, "the \(place) answers request '\(received)' but no login request is pending for this browser "
                + "(it expired, was already used, or was started in another browser)")
        }
    }

    /// Returns the NotOnOrAfter of the bearer confirmation that passed.
    private func checkSubjectConfirmation(_ subject: XMLElementRef, expectedRequestID: String?, responseInResponseTo: String?,
                                          now: Date) throws(SAMLError) -> Date? {
        let bearers = Array(subject.children("SubjectConfirmation", in: XMLNamespace.assertion).filter { $0.attribute("Method") == Self.bearer })
        guard !bearers.isEmpty else {
            throw SAMLError(.subjectConfirmationMissing, "the Subject has no SubjectConfirmation with Method \(Self.bearer)")
        }
        var firstFailure: SAMLError?
        for bearer in bearers {
            do throws(SAMLError) {
                guard let data = bearer.firstChild("SubjectConfirmationData", in: XMLNamespace.assertion) else {
                    throw SAMLError(.subjectConfirmationMissing, "the bearer SubjectConfirmation has no SubjectConfirmationData")
                }
                guard let recipient = data.attribute("Recipient") else {
                    throw SAMLError(.recipientMismatch, "the bearer SubjectConfirmationData has no Recipient; it must be '\(policy.acsURL)'")
                }
                guard recipient == policy.acsURL else {
                    throw SAMLError(.recipientMismatch, "the assertion is addressed to Recipient '\(recipient)' but this SP's ACS URL is '\(policy.acsURL)'")
                }
                guard let notOnOrAfter = try instant(data, "NotOnOrAfter", required: false) else {
                    throw .schema("the bearer SubjectConfirmationData has no NotOnOrAfter")
                }
                try checkWindow(notBefore: try instant(data, "NotBefore", required: false), notOnOrAfter: notOnOrAfter,
                                now: now, what: "the bearer SubjectConfirmationData")
                let inResponseTo = data.attribute("InResponseTo")
                try checkInResponseTo(inResponseTo, expected: expectedRequestID, where: "assertion")
                if inResponseTo == nil, responseInResponseTo == nil {
                    if let expectedRequestID, !policy.allowIdPInitiated {
                        throw SAMLError(.inResponseToMismatch, "the assertion does not answer request '\(expectedRequestID)' (no InResponseTo): "
                            + "it was started at the IdP, and this connection does not accept IdP-initiated logins")
                    }
                    if !policy.allowIdPInitiated {
                        throw SAMLError(.unsolicitedResponse, "the response is unsolicited (IdP-initiated, no InResponseTo) and this connection "
                            + "accepts only logins started at the SP; enable IdP-initiated login for it if the customer uses IdP dashboard tiles")
                    }
                } else if inResponseTo == nil, expectedRequestID != nil {
                    throw SAMLError(.inResponseToMismatch, "the bearer SubjectConfirmationData has no InResponseTo; expected '\(expectedRequestID!)'")
                }
                return notOnOrAfter
            } catch {
                if firstFailure == nil { firstFailure = error }
            }
        }
        throw firstFailure!
    }

    /// Returns Conditions' NotOnOrAfter.
    private func checkConditions(_ conditions: XMLElementRef, now: Date) throws(SAMLError) -> Date? {
        let notOnOrAfter = try instant(conditions, "NotOnOrAfter", required: false)
        try checkWindow(notBefore: try instant(conditions, "NotBefore", required: false), notOnOrAfter: notOnOrAfter,
                        now: now, what: "the Assertion (Conditions)")
        var restrictions = 0
        for condition in conditions.children {
            if condition.isElement("AudienceRestriction", in: XMLNamespace.assertion) {
                restrictions += 1
                var audiences: [String] = []
                for audience in condition.children("Audience", in: XMLNamespace.assertion) {
                    audiences.append(try value(audience).trimmedASCII)
                }
                guard audiences.contains(policy.spEntityID) else {
                    throw SAMLError(.audienceMismatch, "the assertion is for audience \(audiences.map { "'\($0)'" }.joined(separator: ", ")) "
                        + "but this SP's entity ID is '\(policy.spEntityID)'; the IdP app's Audience/Entity ID setting must match it exactly")
                }
            } else if condition.isElement("OneTimeUse", in: XMLNamespace.assertion)
                        || condition.isElement("ProxyRestriction", in: XMLNamespace.assertion) {
                continue  // one-time use is enforced for every assertion; Gatehouse never proxies assertions on
            } else {
                throw SAMLError(.conditionUnsupported, "the Conditions contain \(condition.localName), which Gatehouse does not "
                    + "understand; SAML requires refusing an assertion with an unknown condition")
            }
        }
        guard restrictions > 0 else {
            throw SAMLError(.audienceMismatch, "the assertion has no AudienceRestriction; it must name '\(policy.spEntityID)'")
        }
        return notOnOrAfter
    }

    private func readAttributes(_ assertion: XMLElementRef) throws(SAMLError) -> [(name: String, values: [String])] {
        var result: [(name: String, values: [String])] = []
        var index: [String: Int] = [:]
        for statement in assertion.children("AttributeStatement", in: XMLNamespace.assertion) {
            for attribute in statement.children("Attribute", in: XMLNamespace.assertion) {
                guard let name = attribute.attribute("Name"), !name.isEmpty else { throw .schema("an Attribute has no Name") }
                var values: [String] = []
                for element in attribute.children("AttributeValue", in: XMLNamespace.assertion) {
                    if element.attribute("nil", namespace: XMLNamespace.xsi) == "true" { continue }
                    do { values.append(try element.text(deep: true)) } catch {
                        throw SAMLError(.valueMalformed, "attribute '\(name)' has a value with an entity reference")
                    }
                }
                if let i = index[name] { result[i].values += values } else {
                    index[name] = result.count
                    result.append((name, values))
                }
            }
        }
        return result
    }
}
