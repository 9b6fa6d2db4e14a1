public import Foundation
internal import XMLSecShim

/// An SP-initiated `samlp:AuthnRequest`, ready for the HTTP-Redirect binding.
///
/// The gateway stores ``id`` with the browser's pending login; the response must carry it in `InResponseTo`, which
/// ties the assertion to this browser (an assertion captured from another login is refused).
public struct SAMLAuthnRequest: Sendable, Hashable {
    /// `_` + 32 hex digits from the system CSPRNG: unguessable, so an attacker cannot pre-compute `InResponseTo`.
    public let id: String
    public let issueInstant: Date
    public let spEntityID: String
    public let acsURL: String
    public let destination: String
    public let nameIDFormat: String?
    /// `ForceAuthn="true"`: the IdP must re-authenticate the user even with a live IdP session.
    public let forceAuthn: Bool

    public init(spEntityID: String, acsURL: String, destination: String, issueInstant: Date,
                nameIDFormat: String? = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", forceAuthn: Bool = false,
                id: String? = nil) {
        var generator = SystemRandomNumberGenerator()
        self.id = id ?? "_" + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        self.issueInstant = issueInstant
        self.spEntityID = spEntityID
        self.acsURL = acsURL
        self.destination = destination
        self.nameIDFormat = nameIDFormat
        self.forceAuthn = forceAuthn
    }

    /// The request document (UTF-8, no XML declaration, every value escaped).
    public var xml: String {
        let instant = SAMLTime.format(issueInstant)
        let policy = nameIDFormat.map { #"<samlp:NameIDPolicy Format="\#(SPMetadata.escape($0))" AllowCreate="true"/>"# } ?? ""
        let force = forceAuthn ? #" ForceAuthn="true""# : ""
        return #"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="\#(id)" Version="2.0" IssueInstant="\#(instant)" Destination="\#(SPMetadata.escape(destination))" AssertionConsumerServiceURL="\#(SPMetadata.escape(acsURL))" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"\#(force)><saml:Issuer>\#(SPMetadata.escape(spEntityID))</saml:Issuer>\#(policy)</samlp:AuthnRequest>"#
    }

    /// The URL to redirect the browser to: `destination?SAMLRequest=…[&RelayState=…][&SigAlg=…&Signature=…]`.
    ///
    /// With `signingKey`, the query is signed as SAML bindings §3.4.4.1 requires (RSA-SHA256 or ECDSA-SHA256 over
    /// the exact encoded query). `RelayState` longer than 80 bytes is refused by the spec; callers store the real
    /// return URL server-side and pass only an opaque handle.
    public func redirectURL(relayState: String?, signingKey: SPPrivateKey? = nil) throws(SAMLError) -> String {
        let raw = Array(xml.utf8)
        var out: UnsafeMutablePointer<UInt8>?
        var outLength = 0
        guard gh_deflate_raw(raw, raw.count, &out, &outLength) == 0, let out else {
            throw SAMLError(.valueMalformed, "the AuthnRequest could not be compressed")
        }
        let deflated = Data(bytes: out, count: outLength)
        gh_free(out)
        var query = "SAMLRequest=" + Self.formEncode(deflated.base64EncodedString())
        if let relayState {
            guard relayState.utf8.count <= 80 else {
                throw SAMLError(.valueMalformed, "RelayState is \(relayState.utf8.count) bytes; the SAML bindings allow 80")
            }
            query += "&RelayState=" + Self.formEncode(relayState)
        }
        if let signingKey {
            let algorithm: String
            switch gh_privkey_type(signingKey.handle) {
            case Int32(GH_KEY_RSA.rawValue): algorithm = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
            case Int32(GH_KEY_EC.rawValue): algorithm = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
            default: throw SAMLError(.keyInvalid, "the SP signing key is neither RSA nor EC")
            }
            query += "&SigAlg=" + Self.formEncode(algorithm)
            let signed = Array(query.utf8)
            var signature: UnsafeMutablePointer<UInt8>?
            var signatureLength = 0
            guard gh_privkey_sign_sha256(signingKey.handle, signed, signed.count, &signature, &signatureLength) == 0,
                  let signature else {
                throw SAMLError(.keyInvalid, "the SP signing key could not sign the AuthnRequest")
            }
            let bytes = Data(bytes: signature, count: signatureLength)
            gh_free(signature)
            query += "&Signature=" + Self.formEncode(bytes.base64EncodedString())
        }
        return destination + (destination.contains("?") ? "&" : "?") + query
    }

    /// RFC 3986 unreserved characters stay; everything else is percent-encoded (so `+`, `/`, `=` never survive).
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
