/// A resource type (User or Group): its endpoint, core schema and extensions, and attribute-path resolution.
struct SCIMResourceType: Sendable {
    let name: String
    let endpoint: String
    let core: SCIMSchema
    let extensions: [SCIMSchema]

    static let user = SCIMResourceType(name: "User", endpoint: "/Users", core: SCIMSchemas.user, extensions: [SCIMSchemas.enterprise])
    static let group = SCIMResourceType(name: "Group", endpoint: "/Groups", core: SCIMSchemas.group, extensions: [])

    /// An attribute path resolved against the schemas: the extension that holds it (nil: core), the attribute and
    /// the sub-attribute.
    struct Resolved: Sendable {
        let extensionURN: String?
        let attribute: SCIMAttribute
        let sub: SCIMAttribute?

        /// The definition the value compares against: the sub-attribute, or `value` of a multi-valued complex one.
        var leaf: SCIMAttribute {
            if let sub { return sub }
            if attribute.type == .complex, attribute.multiValued, let v = attribute.sub("value") { return v }
            return attribute
        }
    }

    /// The extension schema whose URN is `urn` (ignoring case).
    func extensionSchema(_ urn: String) -> SCIMSchema? {
        let folded = urn.lowercased()
        return extensions.first { $0.id.lowercased() == folded }
    }

    func resolve(_ path: SCIMAttributePath, error: SCIMError.Code) throws(SCIMError) -> Resolved {
        var schemas: [(String?, [SCIMAttribute])] = []
        if let urn = path.urn?.lowercased() {
            if urn == core.id.lowercased() {
                schemas = [(nil, core.attributes + SCIMSchemas.common)]
            } else if let ext = extensionSchema(urn) {
                schemas = [(ext.id, ext.attributes)]
            } else {
                throw SCIMError(error, "unknown schema '\(path.urn!.prefix(120))' in '\(path)'; \(name) supports \(([core.id] + extensions.map(\.id)).joined(separator: ", "))")
            }
        } else {
            schemas = [(nil, core.attributes + SCIMSchemas.common)] + extensions.map { ($0.id, $0.attributes) }
        }
        let folded = path.attribute.lowercased()
        for (urn, attributes) in schemas {
            guard let attribute = attributes.first(where: { $0.name.lowercased() == folded }) else { continue }
            guard let subName = path.subAttribute else { return Resolved(extensionURN: urn, attribute: attribute, sub: nil) }
            guard attribute.type == .complex, let sub = attribute.sub(subName) else {
                throw SCIMError(error, "'\(attribute.name)' has no sub-attribute '\(subName.prefix(60))'")
            }
            return Resolved(extensionURN: urn, attribute: attribute, sub: sub)
        }
        throw SCIMError(error, "unknown attribute '\(String(describing: path).prefix(200))' for \(name)")
    }
}
