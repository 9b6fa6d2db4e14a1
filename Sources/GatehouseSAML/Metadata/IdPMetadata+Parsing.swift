import Foundation

extension IdPMetadata {
    /// Reads IdP metadata: an `EntityDescriptor`, or an `EntitiesDescriptor` holding one (or the one whose entityID
    /// is `entityID`). Parsed with the same hardened parser as responses (no DTD, no entities, limits).
    ///
    /// - Warning: metadata is the trust anchor. Load it only from a source the admin configured (a file, or an
    ///   HTTPS URL they entered); a metadata document taken from anywhere else lets its author sign in as anyone.
    public init(xml: [UInt8], entityID wanted: String? = nil, limits: XMLLimits = XMLLimits(maxBytes: 8 << 20, maxDepth: 64)) throws(SAMLError) {
        let document: ParsedXML
        do { document = try ParsedXML(xml, limits: limits) } catch { throw SAMLError(.metadataInvalid, "metadata: \(error.reason)") }
        let root = document.root
        let md = XMLNamespace.metadata
        var candidates: [XMLElementRef]
        if root.isElement("EntityDescriptor", in: md) {
            candidates = [root]
        } else if root.isElement("EntitiesDescriptor", in: md) {
            candidates = []
            var queue = Array(root.children)
            while !queue.isEmpty {
                let element = queue.removeFirst()
                if element.isElement("EntityDescriptor", in: md) { candidates.append(element) }
                else if element.isElement("EntitiesDescriptor", in: md) { queue += element.children }
            }
        } else {
            throw SAMLError(.metadataInvalid, "expected md:EntityDescriptor or md:EntitiesDescriptor, found \(root.localName) in \(root.namespace ?? "no namespace")")
        }
        candidates = candidates.filter { $0.firstChild("IDPSSODescriptor", in: md) != nil }
        if let wanted { candidates = candidates.filter { $0.attribute("entityID") == wanted } }
        guard candidates.count == 1, let entity = candidates.first else {
            throw SAMLError(.metadataInvalid, candidates.isEmpty
                ? "no EntityDescriptor with an IDPSSODescriptor\(wanted.map { " and entityID '\($0)'" } ?? "") found"
                : "\(candidates.count) IdP entities found; name the one to use by its entityID")
        }
        guard let entityID = entity.attribute("entityID"), !entityID.isEmpty else {
            throw SAMLError(.metadataInvalid, "the EntityDescriptor has no entityID")
        }
        let idp = entity.firstChild("IDPSSODescriptor", in: md)!

        var certificates: [SigningCertificate] = []
        for keyDescriptor in idp.children("KeyDescriptor", in: md) {
            let use = keyDescriptor.attribute("use")
            guard use == nil || use == "signing" else { continue }
            guard let keyInfo = keyDescriptor.firstChild("KeyInfo", in: XMLNamespace.dsig) else { continue }
            for x509Data in keyInfo.children("X509Data", in: XMLNamespace.dsig) {
                for element in x509Data.children("X509Certificate", in: XMLNamespace.dsig) {
                    guard let text = try? element.text(), let der = Base64.decode(Array(text.utf8)) else {
                        throw SAMLError(.metadataInvalid, "an X509Certificate in the IdP's KeyDescriptor is not base64")
                    }
                    let certificate: SigningCertificate
                    do { certificate = try SigningCertificate(der: der) } catch {
                        throw SAMLError(.metadataInvalid, "an X509Certificate in the IdP's KeyDescriptor is not a DER certificate")
                    }
                    if !certificates.contains(certificate) { certificates.append(certificate) }
                }
            }
        }
        guard !certificates.isEmpty else {
            throw SAMLError(.metadataInvalid, "the IDPSSODescriptor of \(entityID) lists no signing certificate: nothing could be trusted")
        }
        func endpoints(_ name: String) -> [Endpoint] {
            var result: [Endpoint] = []
            for element in idp.children(name, in: md) {
                guard let binding = element.attribute("Binding"), let location = element.attribute("Location") else { continue }
                result.append(Endpoint(binding: binding, location: location))
            }
            return result
        }
        var formats: [String] = []
        for element in idp.children("NameIDFormat", in: md) { if let text = try? element.text() { formats.append(text.trimmedASCII) } }
        let validUntil = (entity.attribute("validUntil") ?? root.attribute("validUntil")).flatMap(SAMLTime.parse)
        self.init(entityID: entityID, signingCertificates: certificates, singleSignOnServices: endpoints("SingleSignOnService"),
                  singleLogoutServices: endpoints("SingleLogoutService"), nameIDFormats: formats, validUntil: validUntil,
                  wantAuthnRequestsSigned: idp.attribute("WantAuthnRequestsSigned") == "true")
    }
}
