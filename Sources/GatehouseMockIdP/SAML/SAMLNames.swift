/// SAML namespace URIs.
enum SAMLNames {
    static let protocolNS = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
}
