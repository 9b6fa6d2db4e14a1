public import Foundation
import MockIdPSigner

/// What the mock read from an SP's AuthnRequest (HTTP-Redirect or HTTP-POST).
public struct AuthnRequest: Sendable, Hashable {
    public var id: String
    public var issuer: String
    public var acsURL: String?
    public var destination: String?
    public var nameIDFormat: String?
    public var isPassive: Bool
    public var forceAuthn: Bool
    /// A `ds:Signature` element (POST) or a `Signature` query parameter (Redirect) was present. Not verified.
    public var signed: Bool

    /// Decodes `SAMLRequest`: base64, then raw DEFLATE when `deflated` (HTTP-Redirect).
    public static func decode(_ samlRequest: String, deflated: Bool) throws -> AuthnRequest {
        let compact = samlRequest.filter { !$0.isWhitespace }
        guard compact.utf8.count <= 2 << 20, let raw = Data(base64Encoded: compact) else {
            throw MockIdPError(.malformedRequest, "SAMLRequest is not valid base64 (\(compact.utf8.count) characters)")
        }
        let xml: Data
        if deflated {
            guard let inflated = XMLSigner.inflate(raw) else {
                throw MockIdPError(.malformedRequest, "SAMLRequest is not raw DEFLATE data (HTTP-Redirect binding) or inflates above 1 MiB")
            }
            xml = inflated
        } else {
            xml = raw
        }
        return try parse(xml)
    }

    public static func parse(_ xml: Data) throws -> AuthnRequest {
        var out = mi_authn_request()
        var msg = [CChar](repeating: 0, count: 256)
        let rc = xml.withUnsafeBytes { raw in
            mi_parse_authn_request(raw.bindMemory(to: CChar.self).baseAddress, xml.count, &out, &msg, msg.count)
        }
        guard rc == 0 else {
            throw MockIdPError(.malformedRequest, "AuthnRequest refused: \(String(decoding: msg.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        func field<T>(_ tuple: T) -> String {
            withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let acs = field(out.acs_url), dest = field(out.destination), fmt = field(out.name_id_format)
        return AuthnRequest(id: field(out.id), issuer: field(out.issuer), acsURL: acs.isEmpty ? nil : acs,
                            destination: dest.isEmpty ? nil : dest, nameIDFormat: fmt.isEmpty ? nil : fmt,
                            isPassive: out.is_passive != 0, forceAuthn: out.force_authn != 0, signed: out.has_signature != 0)
    }

    /// Builds a minimal AuthnRequest (for the driver and tests): XML text.
    public static func build(id: String, issuer: String, acsURL: String, destination: String, issueInstant: Date) -> String {
        """
        <samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        ID="\(XMLText.escape(id))" Version="2.0" IssueInstant="\(XMLText.instant(issueInstant))" Destination="\(XMLText.escape(destination))" \
        AssertionConsumerServiceURL="\(XMLText.escape(acsURL))" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">\
        <saml:Issuer>\(XMLText.escape(issuer))</saml:Issuer></samlp:AuthnRequest>
        """
    }

    /// base64(DEFLATE(xml)) for an HTTP-Redirect `SAMLRequest` parameter.
    public static func redirectEncode(_ xml: String) -> String {
        (XMLSigner.deflate(Data(xml.utf8)) ?? Data()).base64EncodedString()
    }
}
