/// Namespace URIs the SAML core reads.
enum XMLNamespace {
    static let protocol_ = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let metadata = "urn:oasis:names:tc:SAML:2.0:metadata"
    static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    static let xenc = "http://www.w3.org/2001/04/xmlenc#"
    static let xsi = "http://www.w3.org/2001/XMLSchema-instance"
}
