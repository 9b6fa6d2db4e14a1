public import Foundation

/// What Gatehouse trusts about an IdP, read from its SAML metadata (an `EntityDescriptor`).
public struct IdPMetadata: Sendable {
    public struct Endpoint: Sendable, Hashable, Codable {
        public let binding: String
        public let location: String
        public init(binding: String, location: String) {
            self.binding = binding
            self.location = location
        }
    }

    public let entityID: String
    /// Signing certificates (`KeyDescriptor use="signing"` or without `use`). Several = a rollover; all are trusted.
    public let signingCertificates: [SigningCertificate]
    public let singleSignOnServices: [Endpoint]
    public let singleLogoutServices: [Endpoint]
    public let nameIDFormats: [String]
    public let validUntil: Date?
    public let wantAuthnRequestsSigned: Bool

    public init(entityID: String, signingCertificates: [SigningCertificate], singleSignOnServices: [Endpoint] = [],
                singleLogoutServices: [Endpoint] = [], nameIDFormats: [String] = [], validUntil: Date? = nil,
                wantAuthnRequestsSigned: Bool = false) {
        self.entityID = entityID
        self.signingCertificates = signingCertificates
        self.singleSignOnServices = singleSignOnServices
        self.singleLogoutServices = singleLogoutServices
        self.nameIDFormats = nameIDFormats
        self.validUntil = validUntil
        self.wantAuthnRequestsSigned = wantAuthnRequestsSigned
    }

    /// The HTTP-Redirect SSO endpoint, else the HTTP-POST one.
    public var preferredSSOService: Endpoint? {
        singleSignOnServices.first { $0.binding == Self.redirectBinding }
            ?? singleSignOnServices.first { $0.binding == Self.postBinding }
    }

    public static let redirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    public static let postBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"

    /// Admin-facing problems that do not stop the import: expiring, expired or not-yet-valid certificates, a single
    /// certificate (no rollover), metadata past `validUntil`.
    public func warnings(now: Date, expiryWindow: TimeInterval = 30 * 86_400) -> [String] {
        var warnings: [String] = []
        if let validUntil, validUntil <= now {
            warnings.append("the metadata's validUntil (\(SAMLTime.format(validUntil))) has passed; fetch fresh metadata from the IdP")
        }
        for certificate in signingCertificates {
            let info = certificate.info
            if info.notBefore > now {
                warnings.append("signing certificate \(info.summary) is not valid before \(SAMLTime.format(info.notBefore)); "
                                + "the IdP published a certificate dated in the future (a clock or rollover mistake at the IdP)")
            } else if info.notAfter <= now {
                warnings.append("signing certificate \(info.summary) has expired")
            } else if info.notAfter.timeIntervalSince(now) < expiryWindow {
                let days = Int(info.notAfter.timeIntervalSince(now) / 86_400)
                warnings.append("signing certificate \(info.summary) expires in \(days) day(s); ask the IdP admin for the next certificate now")
            }
            if info.keyType == "RSA", info.keyBits < 2048 {
                warnings.append("signing certificate \(info.sha256Fingerprint) has a \(info.keyBits)-bit RSA key; keys under 2048 bits are never used")
            }
        }
        if signingCertificates.count == 1 {
            warnings.append("metadata lists a single signing certificate: a rotation at the IdP will break logins until the metadata is updated")
        }
        return warnings
    }
}
