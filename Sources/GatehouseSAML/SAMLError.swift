public import GatehouseCore

/// Why a SAML Response, metadata document or key was refused.
///
/// ``code`` is stable API (`saml.signature_invalid`, …; all listed in docs/error-codes.md). ``reason`` tells an IT
/// admin what was expected and what arrived — fingerprints, audiences, instants — and never contains key material
/// or the whole assertion. ``description`` (what a browser page may show) is the code alone.
public struct SAMLError: GatehouseError, Hashable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable, CaseIterable {
            case inputTooLarge = "saml.input_too_large"
            case malformedBase64 = "saml.malformed_base64"
            case malformedXML = "saml.malformed_xml"
            case dtdForbidden = "saml.dtd_forbidden"
            case tooDeep = "saml.too_deep"
            case notAResponse = "saml.not_a_response"
            case schemaViolation = "saml.schema_violation"
            case statusNotSuccess = "saml.status_not_success"
            case idpDenied = "saml.idp_denied"
            case idpAuthnFailed = "saml.idp_authn_failed"
            case assertionMissing = "saml.assertion_missing"
            case assertionCount = "saml.assertion_count"
            case duplicateID = "saml.duplicate_id"
            case signatureMissing = "saml.signature_missing"
            case signatureInvalid = "saml.signature_invalid"
            case untrustedKey = "saml.untrusted_key"
            case signatureLocation = "saml.signature_location"
            case referenceInvalid = "saml.reference_invalid"
            case transformForbidden = "saml.transform_forbidden"
            case algorithmForbidden = "saml.algorithm_forbidden"
            case weakAlgorithm = "saml.weak_algorithm"
            case decryptFailed = "saml.decrypt_failed"
            case encryptionAlgorithmForbidden = "saml.encryption_algorithm_forbidden"
            case decryptionKeyMissing = "saml.decryption_key_missing"
            case issuerMismatch = "saml.issuer_mismatch"
            case audienceMismatch = "saml.audience_mismatch"
            case recipientMismatch = "saml.recipient_mismatch"
            case destinationMismatch = "saml.destination_mismatch"
            case subjectConfirmationMissing = "saml.subject_confirmation_missing"
            case notYetValid = "saml.not_yet_valid"
            case expired = "saml.expired"
            case inResponseToMismatch = "saml.in_response_to_mismatch"
            case unsolicitedResponse = "saml.unsolicited_response"
            case replay = "saml.replay"
            case conditionUnsupported = "saml.condition_unsupported"
            case authnStatementMissing = "saml.authn_statement_missing"
            case nameIDMissing = "saml.nameid_missing"
            case valueMalformed = "saml.value_malformed"
            case certificateExpired = "saml.certificate_expired"
            case metadataInvalid = "saml.metadata_invalid"
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
