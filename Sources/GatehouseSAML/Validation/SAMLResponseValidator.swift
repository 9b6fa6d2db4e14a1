public import GatehouseCore
public import Foundation

/// Validates SAML Responses for one connection: the only way to obtain a ``VerifiedAssertion``.
///
/// One parse, one tree: the document is parsed once, signatures are verified on that tree, and every returned
/// value is read from the nodes those signatures covered. Keys come only from the connection's metadata.
///
/// ```swift
/// let validator = try SAMLResponseValidator(policy: policy)
/// let assertion = try await validator.validate(
///     UnverifiedSAMLResponse(formValue: body), expectedRequestID: pending.requestID, replayCache: store, now: clock.now())
/// ```
public struct SAMLResponseValidator: Sendable {
    public let policy: SAMLConnectionPolicy
    let trustedKeys: TrustedKeys

    public init(policy: SAMLConnectionPolicy) throws(SAMLError) {
        self.policy = policy
        self.trustedKeys = try TrustedKeys(policy.idp.signingCertificates)
    }

    /// Full validation including one-time use: the assertion ID is consumed in `replayCache`.
    /// - Parameter expectedRequestID: the ID of the AuthnRequest this browser's login sent, or nil when none is
    ///   pending (then only IdP-initiated responses can pass, and only if the policy allows them).
    public func validate(_ response: UnverifiedSAMLResponse, expectedRequestID: String?,
                         replayCache: any ReplayCache, now: Date) async throws -> VerifiedAssertion {
        let assertion = try validateWithoutReplayCheck(response, expectedRequestID: expectedRequestID, now: now)
        let key = "saml|\(assertion.issuer)|\(assertion.assertionID)"
        guard try await replayCache.consume(key, expiresAt: assertion.notOnOrAfter.addingTimeInterval(policy.clockSkew)) else {
            throw SAMLError(.replay, "assertion ID '\(assertion.assertionID)' from \(assertion.issuer) was already used; "
                + "each assertion is accepted once (a browser re-posting the form, or a replay)")
        }
        return assertion
    }

    /// Everything but the replay check (benchmarks; callers that consume the ID themselves).
    public func validateWithoutReplayCheck(_ response: UnverifiedSAMLResponse, expectedRequestID: String?,
                                           now: Date) throws(SAMLError) -> VerifiedAssertion {
        let document = try ParsedXML(response.xml, limits: policy.limits)
        let root = document.root
        guard root.isElement("Response", in: XMLNamespace.protocol_) else {
            throw SAMLError(.notAResponse, "expected a samlp:Response, received \(root.localName) in namespace "
                + "\(root.namespace ?? "(none)")")
        }
        let scan = document.scan()
        try checkScan(scan, encryptedDone: false)
        try checkResponseHeader(root)
        try checkStatus(root)
        guard scan.assertions + scan.encryptedAssertions > 0 else {
            throw SAMLError(.assertionMissing, "the Response has status Success but contains no Assertion")
        }

        // The single assertion, as a direct child of the Response.
        let direct = root.children.filter {
            $0.isElement("Assertion", in: XMLNamespace.assertion) || $0.isElement("EncryptedAssertion", in: XMLNamespace.assertion)
        }
        guard direct.count == 1, let container = direct.first else {
            throw SAMLError(.assertionCount, "the Assertion is not a direct child of the Response")
        }

        try checkSignatureLocations(found: scan.signatures, response: root, assertion: container)

        // The Response signature covers the EncryptedAssertion as received: verify it before decrypting.
        var warnings: [String] = []
        let responseSignature = try signatureChild(of: root)
        var responseKey: Int?
        if let responseSignature {
            responseKey = try verify(document, element: root, signature: responseSignature, what: "Response", warnings: &warnings)
        }

        var assertion = container
        var encrypted = false
        if container.isElement("EncryptedAssertion", in: XMLNamespace.assertion) {
            assertion = try decrypt(document, container)
            encrypted = true
            guard assertion.isElement("Assertion", in: XMLNamespace.assertion) else {
                throw .schema("the EncryptedAssertion decrypted to \(assertion.localName), not a saml:Assertion")
            }
            let decryptedScan = document.scan()
            try checkScan(decryptedScan, encryptedDone: true)
            try checkSignatureLocations(found: decryptedScan.signatures, response: root, assertion: assertion)
        }
        let assertionSignature = try signatureChild(of: assertion)
        var assertionKey: Int?
        if let assertionSignature {
            assertionKey = try verify(document, element: assertion, signature: assertionSignature, what: "Assertion", warnings: &warnings)
        }
        guard policy.signatureRequirement.isSatisfied(responseSigned: responseKey != nil, assertionSigned: assertionKey != nil) else {
            throw SAMLError(.signatureMissing, "this connection requires the \(requirementText) to be signed; the Response "
                + "was \(responseKey != nil ? "signed" : "not signed") and the Assertion was \(assertionKey != nil ? "signed" : "not signed")")
        }
        let keyIndex = assertionKey ?? responseKey!
        let certificate = trustedKeys.certificates[keyIndex].info
        if certificate.notAfter <= now {
            if policy.rejectExpiredCertificates {
                throw SAMLError(.certificateExpired, "signed with metadata certificate \(certificate.summary), which has expired; "
                    + "this connection refuses expired certificates: the IdP admin must rotate it and you must import the new metadata")
            }
            warnings.append("signed with metadata certificate \(certificate.summary), which has expired")
        }
        return try readAssertion(assertion, response: root, responseSigned: responseKey != nil,
                                 assertionSigned: assertionKey != nil, encrypted: encrypted, certificate: certificate,
                                 expectedRequestID: expectedRequestID, now: now, warnings: warnings)
    }

    private var requirementText: String {
        switch policy.signatureRequirement.base {
        case .assertion: "Assertion"
        case .response: "Response"
        case .both: "Response and the Assertion"
        case .either: "Response or the Assertion"
        }
    }

    private func checkScan(_ scan: DocumentScan, encryptedDone: Bool) throws(SAMLError) {
        if let id = scan.duplicateID {
            throw SAMLError(.duplicateID, "the ID '\(id)' appears on more than one element; IDs must be unique (a "
                + "signature-wrapping attempt, or a broken IdP)")
        }
        if scan.entityReferences > 0 { throw .malformedXML("the document contains entity references") }
        let total = encryptedDone ? scan.assertions : scan.assertions + scan.encryptedAssertions
        if encryptedDone, scan.encryptedAssertions != 1 || scan.assertions != 1 {
            throw SAMLError(.assertionCount, "after decryption the document holds \(scan.assertions) Assertion(s) and "
                + "\(scan.encryptedAssertions) EncryptedAssertion(s); exactly one of each is expected")
        }
        if total > 1 {
            throw SAMLError(.assertionCount, "the Response holds \(total) assertions; exactly one is accepted (more is how "
                + "signature-wrapping attacks smuggle an unsigned assertion)")
        }
    }
}
