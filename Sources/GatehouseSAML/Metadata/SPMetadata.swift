/// This SP's metadata, for the customer's IdP admin to import: entity ID, ACS, and the certificates the IdP
/// should verify AuthnRequests with and encrypt assertions to.
public struct SPMetadata: Sendable {
    public var entityID: String
    public var acsURL: String
    public var signingCertificate: SigningCertificate?
    public var encryptionCertificate: SigningCertificate?
    public var nameIDFormat: String = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    public var authnRequestsSigned: Bool
    public var wantAssertionsSigned: Bool = true

    public init(entityID: String, acsURL: String, signingCertificate: SigningCertificate? = nil,
                encryptionCertificate: SigningCertificate? = nil) {
        self.entityID = entityID
        self.acsURL = acsURL
        self.signingCertificate = signingCertificate
        self.encryptionCertificate = encryptionCertificate
        self.authnRequestsSigned = signingCertificate != nil
    }

    /// The `md:EntityDescriptor` document.
    public var xml: String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="\#(Self.escape(entityID))">"#,
            #"  <md:SPSSODescriptor AuthnRequestsSigned="\#(authnRequestsSigned)" WantAssertionsSigned="\#(wantAssertionsSigned)" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">"#,
        ]
        for (use, certificate) in [("signing", signingCertificate), ("encryption", encryptionCertificate)] {
            guard let certificate else { continue }
            lines += [
                #"    <md:KeyDescriptor use="\#(use)">"#,
                "      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(Base64.encode(certificate.der))</ds:X509Certificate></ds:X509Data></ds:KeyInfo>",
            ]
            if use == "encryption" {
                lines.append(#"      <md:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/>"#)
                lines.append(#"      <md:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>"#)
            }
            lines.append("    </md:KeyDescriptor>")
        }
        lines += [
            "    <md:NameIDFormat>\(Self.escape(nameIDFormat))</md:NameIDFormat>",
            #"    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\#(Self.escape(acsURL))" index="0" isDefault="true"/>"#,
            "  </md:SPSSODescriptor>",
            "</md:EntityDescriptor>",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
