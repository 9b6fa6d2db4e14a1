public import GatehouseCore

/// Why a SAML Response, metadata document or key was refused.
///
/// ``code`` is stable API (`saml.signature_invalid`, …; all listed in docs/error-codes.md). ``reason`` tells an IT
/// admin what was expected and what arrived — fingerprints, audiences, instants — and never contains key material
/// or the whole assertion. ``description`` (what a browser page may show) is the code alone.
public struct SAMLError: GatehouseError, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            /// The response (or its base64 form) exceeds the size limit; refused before parsing.
            case inputTooLarge = "saml.input_too_large"
            /// The SAMLResponse form value is not strict base64.
            case malformedBase64 = "saml.malformed_base64"
            /// Not well-formed XML (or an unexpanded entity reference).
            case malformedXML = "saml.malformed_xml"
            /// A DOCTYPE or entity declaration: refused before it is processed (XXE, billion laughs).
            case dtdForbidden = "saml.dtd_forbidden"
            /// Elements nested deeper than the limit (64).
            case tooDeep = "saml.too_deep"
            /// The root element is not samlp:Response.
            case notAResponse = "saml.not_a_response"
            /// A required SAML element or attribute is missing or malformed (Version, ID, IssueInstant, Status, UTC instants).
            case schemaViolation = "saml.schema_violation"
            /// The IdP answered with a non-success status; its codes and message are in the reason.
            case statusNotSuccess = "saml.status_not_success"
            /// The IdP answered RequestDenied: the user is not allowed into this app at the IdP.
            case idpDenied = "saml.idp_denied"
            /// The IdP answered AuthnFailed: the user could not authenticate.
            case idpAuthnFailed = "saml.idp_authn_failed"
            /// Status Success but no assertion.
            case assertionMissing = "saml.assertion_missing"
            /// More than one assertion in the document, or not a direct child of the Response (signature wrapping).
            case assertionCount = "saml.assertion_count"
            /// Two elements share an ID value (signature wrapping).
            case duplicateID = "saml.duplicate_id"
            /// A signature the connection requires (Response, Assertion, both, either) is absent.
            case signatureMissing = "saml.signature_missing"
            /// The signed content changed after signing, or the signature is malformed.
            case signatureInvalid = "saml.signature_invalid"
            /// Signed by a key that is not in the IdP metadata; the reason names the fingerprints seen and trusted.
            case untrustedKey = "saml.untrusted_key"
            /// A ds:Signature somewhere other than directly in the Response or the Assertion.
            case signatureLocation = "saml.signature_location"
            /// The Reference is not exactly one same-document #ID of the signed element.
            case referenceInvalid = "saml.reference_invalid"
            /// A transform other than enveloped-signature and one C14N without comments.
            case transformForbidden = "saml.transform_forbidden"
            /// HMAC, MD5 or an unknown signature, digest or canonicalization algorithm.
            case algorithmForbidden = "saml.algorithm_forbidden"
            /// SHA-1 without the connection's explicit opt-in.
            case weakAlgorithm = "saml.weak_algorithm"
            /// The EncryptedAssertion could not be decrypted (wrong SP certificate, corrupted data).
            case decryptFailed = "saml.decrypt_failed"
            /// RSA PKCS#1 v1.5 key transport, or AES-CBC without opt-in.
            case encryptionAlgorithmForbidden = "saml.encryption_algorithm_forbidden"
            /// An EncryptedAssertion arrived but no SP decryption key is configured.
            case decryptionKeyMissing = "saml.decryption_key_missing"
            /// The Issuer is not the metadata entityID; both are shown.
            case issuerMismatch = "saml.issuer_mismatch"
            /// No AudienceRestriction, or one that does not name this SP entity ID; both are shown.
            case audienceMismatch = "saml.audience_mismatch"
            /// The bearer SubjectConfirmationData Recipient is not this ACS URL.
            case recipientMismatch = "saml.recipient_mismatch"
            /// The Response Destination is not this ACS URL (or missing on a signed Response).
            case destinationMismatch = "saml.destination_mismatch"
            /// No bearer SubjectConfirmation.
            case subjectConfirmationMissing = "saml.subject_confirmation_missing"
            /// NotBefore / IssueInstant is in the future beyond the clock skew; the reason says by how many seconds.
            case notYetValid = "saml.not_yet_valid"
            /// NotOnOrAfter / SessionNotOnOrAfter has passed beyond the clock skew; the reason says by how many seconds.
            case expired = "saml.expired"
            /// InResponseTo does not match this browser's pending request (or none is pending).
            case inResponseToMismatch = "saml.in_response_to_mismatch"
            /// IdP-initiated response while the connection accepts only SP-initiated logins.
            case unsolicitedResponse = "saml.unsolicited_response"
            /// This assertion ID was already used.
            case replay = "saml.replay"
            /// A condition Gatehouse does not understand (SAML requires refusing it).
            case conditionUnsupported = "saml.condition_unsupported"
            /// No AuthnStatement (required for web SSO).
            case authnStatementMissing = "saml.authn_statement_missing"
            /// No NameID (or an unsupported EncryptedID).
            case nameIDMissing = "saml.nameid_missing"
            /// A NameID or attribute value with child elements or entity references.
            case valueMalformed = "saml.value_malformed"
            /// Signed with an expired metadata certificate on a connection that refuses them.
            case certificateExpired = "saml.certificate_expired"
            /// IdP metadata that cannot be used: not an EntityDescriptor, no signing certificate, bad XML.
            case metadataInvalid = "saml.metadata_invalid"
            /// A certificate or private key that cannot be read.
            case keyInvalid = "saml.key_invalid"
        }
        let base: Base
        public var description: String { base.rawValue }

        public static let inputTooLarge = Code(base: .inputTooLarge)
        public static let malformedBase64 = Code(base: .malformedBase64)
        public static let malformedXML = Code(base: .malformedXML)
        public static let dtdForbidden = Code(base: .dtdForbidden)
        public static let tooDeep = Code(base: .tooDeep)
        public static let notAResponse = Code(base: .notAResponse)
        public static let schemaViolation = Code(base: .schemaViolation)
        public static let statusNotSuccess = Code(base: .statusNotSuccess)
        public static let idpDenied = Code(base: .idpDenied)
        public static let idpAuthnFailed = Code(base: .idpAuthnFailed)
        public static let assertionMissing = Code(base: .assertionMissing)
        public static let assertionCount = Code(base: .assertionCount)
        public static let duplicateID = Code(base: .duplicateID)
        public static let signatureMissing = Code(base: .signatureMissing)
        public static let signatureInvalid = Code(base: .signatureInvalid)
        public static let untrustedKey = Code(base: .untrustedKey)
        public static let signatureLocation = Code(base: .signatureLocation)
        public static let referenceInvalid = Code(base: .referenceInvalid)
        public static let transformForbidden = Code(base: .transformForbidden)
        public static let algorithmForbidden = Code(base: .algorithmForbidden)
        public static let weakAlgorithm = Code(base: .weakAlgorithm)
        public static let decryptFailed = Code(base: .decryptFailed)
        public static let encryptionAlgorithmForbidden = Code(base: .encryptionAlgorithmForbidden)
        public static let decryptionKeyMissing = Code(base: .decryptionKeyMissing)
        public static let issuerMismatch = Code(base: .issuerMismatch)
        public static let audienceMismatch = Code(base: .audienceMismatch)
        public static let recipientMismatch = Code(base: .recipientMismatch)
        public static let destinationMismatch = Code(base: .destinationMismatch)
        public static let subjectConfirmationMissing = Code(base: .subjectConfirmationMissing)
        public static let notYetValid = Code(base: .notYetValid)
        public static let expired = Code(base: .expired)
        public static let inResponseToMismatch = Code(base: .inResponseToMismatch)
        public static let unsolicitedResponse = Code(base: .unsolicitedResponse)
        public static let replay = Code(base: .replay)
        public static let conditionUnsupported = Code(base: .conditionUnsupported)
        public static let authnStatementMissing = Code(base: .authnStatementMissing)
        public static let nameIDMissing = Code(base: .nameIDMissing)
        public static let valueMalformed = Code(base: .valueMalformed)
        public static let certificateExpired = Code(base: .certificateExpired)
        public static let metadataInvalid = Code(base: .metadataInvalid)
        public static let keyInvalid = Code(base: .keyInvalid)

        /// Every code, for documentation and tests.
        public static var all: [String] { Base.allCases.map(\.rawValue) }
    }

    public let kind: Code
    public let reason: String
    public let file: String
    public let line: UInt

    public init(_ kind: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var code: String { kind.base.rawValue }
    public var debugDescription: String { "\(code): \(reason) [\(file):\(line)]" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}

extension SAMLError {
    static func inputTooLarge(_ r: String, file: String = #fileID, line: UInt = #line) -> Self { .init(.inputTooLarge, r, file: file, line: line) }
    static func malformedXML(_ r: String, file: String = #fileID, line: UInt = #line) -> Self { .init(.malformedXML, r, file: file, line: line) }
    static func dtdForbidden(_ r: String, file: String = #fileID, line: UInt = #line) -> Self { .init(.dtdForbidden, r, file: file, line: line) }
    static func tooDeep(_ r: String, file: String = #fileID, line: UInt = #line) -> Self { .init(.tooDeep, r, file: file, line: line) }
    static func schema(_ r: String, file: String = #fileID, line: UInt = #line) -> Self { .init(.schemaViolation, r, file: file, line: line) }
}
