/// One PATCH operation (RFC 7644 §3.5.2), expanded so that it always has a path: an operation without a path whose
/// value is an object becomes one operation per key (Entra sends `{"op":"Replace","value":{"name.givenName":"B"}}`).
struct SCIMPatchOperation: Sendable {
    enum Op: String, Sendable { case add, remove, replace }
    let op: Op
    let path: SCIMPatchPath
    let value: JSONValue?

    /// Reads a `PatchOp` body and expands it. Ops are case-insensitive (`"Replace"`, `"Add"`).
    static func parse(_ body: JSONValue, type: SCIMResourceType, maxOperations: Int, limits: SCIMFilterLimits)
        throws(SCIMError) -> [SCIMPatchOperation]
    {
        guard case .object = body else { throw SCIMError(.invalidSyntax, "a PATCH body must be a JSON object") }
        if let schemas = body[ci: "schemas"]?.arrayValue,
            !schemas.contains(where: { $0.stringValue?.lowercased() == SCIMSchemas.patchURN.lowercased() })
        {
            throw SCIMError(.invalidSyntax, "a PATCH body's schemas must contain \(SCIMSchemas.patchURN)")
        }
        guard let ops = body[ci: "Operations"]?.arrayValue else {
            throw SCIMError(.invalidSyntax, "a PATCH body needs an 'Operations' array")
        }
        guard ops.count <= maxOperations else {
            throw SCIMError(.tooMany, "\(ops.count) PATCH operations; the limit is \(maxOperations) per request")
        }
        var out: [SCIMPatchOperation] = []
        for (n, raw) in ops.enumerated() {
            guard case .object = raw, let name = raw[ci: "op"]?.stringValue, let op = Op(rawValue: name.lowercased()) else {
                throw SCIMError(.invalidSyntax, "operation \(n + 1): 'op' must be add, remove or replace")
            }
            let value = raw[ci: "value"]
            if let pathText = raw[ci: "path"]?.stringValue, !pathText.isEmpty {
                out.append(SCIMPatchOperation(op: op, path: try SCIMFilterParser.parsePath(pathText, limits: limits), value: value))
                continue
            }
            guard op != .remove else { throw SCIMError(.noTarget, "operation \(n + 1): remove needs a path") }
            guard case .object(let o)? = value else {
                throw SCIMError(.invalidValue, "operation \(n + 1): without a path the value must be an object of attributes")
            }
            for (key, v) in o.sorted(by: { $0.key < $1.key }) {
                if key.lowercased() == "schemas" { continue }
                if let ext = type.extensionSchema(key) {
                    guard case .object(let inner) = v else { throw SCIMError(.invalidValue, "'\(ext.id)' must be an object") }
                    for (k2, v2) in inner.sorted(by: { $0.key < $1.key }) where k2.lowercased() != "schemas" {
                        let p = SCIMPatchPath(attribute: SCIMAttributePath(urn: ext.id, attribute: k2, subAttribute: nil), filter: nil, subAttribute: nil)
                        out.append(SCIMPatchOperation(op: op, path: p, value: v2))
                    }
                    continue
                }
                out.append(SCIMPatchOperation(op: op, path: try SCIMFilterParser.parsePath(key, limits: limits), value: v))
            }
        }
        return out
    }

    /// Whether the path names a whole extension (`urn:…:enterprise:2.0:User`), which the lexer splits as
    /// URN `urn:…:2.0` + attribute `User`.
    func wholeExtension(_ type: SCIMResourceType) -> SCIMSchema? {
        guard let urn = path.attribute.urn, path.attribute.subAttribute == nil, path.filter == nil else { return nil }
        return type.extensionSchema(urn + ":" + path.attribute.attribute)
    }
}
