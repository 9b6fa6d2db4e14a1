public import struct Foundation.Date

/// An assertion whose signature, issuer, audience, recipient, times and request correlation were all checked.
///
/// Only ``SAMLResponseValidator`` creates one, and every value in it was read from the nodes a verified signature
/// covered. Handlers take this type, never ``UnverifiedSAMLResponse``.
public struct VerifiedAssertion: Sendable, Hashable {
    public let issuer: String
    public let nameID: String
    public let nameIDFormat: String?
    public let sessionIndex: String?
    public let assertionID: String
    /// Attribute values by attribute `Name`, in document order; repeated Attribute elements are merged.
    public let attributes: [(name: String, values: [String])]
    public let authnInstant: Date?
    /// When the IdP wants the SP session to end (`SessionNotOnOrAfter`), if it said.
    public let sessionNotOnOrAfter: Date?
    /// The end of the assertion's validity (Conditions / SubjectConfirmationData NotOnOrAfter).
    public let notOnOrAfter: Date
    public let inResponseTo: String?
    public let responseSigned: Bool
    public let assertionSigned: Bool
    public let encrypted: Bool
    /// The metadata certificate whose key verified the signature.
    public let signingCertificate: CertificateInfo
    /// Accepted but worth an admin's attention: SHA-1, an expired metadata certificate, …
    public let warnings: [String]

    package init(issuer: String, nameID: String, nameIDFormat: String?, sessionIndex: String?, assertionID: String,
                 attributes: [(name: String, values: [String])], authnInstant: Date?, sessionNotOnOrAfter: Date?,
                 notOnOrAfter: Date, inResponseTo: String?, responseSigned: Bool, assertionSigned: Bool,
                 encrypted: Bool, signingCertificate: CertificateInfo, warnings: [String]) {
        self.issuer = issuer
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.sessionIndex = sessionIndex
        self.assertionID = assertionID
        self.attributes = attributes
        self.authnInstant = authnInstant
        self.sessionNotOnOrAfter = sessionNotOnOrAfter
        self.notOnOrAfter = notOnOrAfter
        self.inResponseTo = inResponseTo
        self.responseSigned = responseSigned
        self.assertionSigned = assertionSigned
        self.encrypted = encrypted
        self.signingCertificate = signingCertificate
        self.warnings = warnings
    }

    /// All values of one attribute (empty when absent).
    public func values(of name: String) -> [String] {
        attributes.first { $0.name == name }?.values ?? []
    }

    public static func == (l: Self, r: Self) -> Bool { l.assertionID == r.assertionID && l.issuer == r.issuer }
    public func hash(into hasher: inout Hasher) { hasher.combine(assertionID); hasher.combine(issuer) }
}
