/// Reads a client's resource body against the schemas: attribute names are matched ignoring case and rewritten in
/// their canonical spelling, `"True"`/`"False"` strings become booleans (Entra), a single value of a multi-valued
/// attribute becomes a one-element array, read-only attributes (`id`, `meta`, `groups`) and unknown attributes are
/// dropped, and `null` removes the attribute.
enum SCIMCanonicalizer {
    static func resource(_ body: JSONValue, type: SCIMResourceType) throws(SCIMError) -> [String: JSONValue] {
        guard case .object(let o) = body else { throw SCIMError(.invalidSyntax, "the body must be a JSON object") }
        var out: [String: JSONValue] = [:]
        for (key, value) in o {
            if key.lowercased() == "schemas" { continue }
            if let ext = type.extensionSchema(key) {
                guard case .object = value else {
                    if value.isNull { continue }
                    throw SCIMError(.invalidValue, "'\(ext.id)' must be an object")
                }
                let inner = try attributes(value, schema: ext.attributes, context: ext.id)
                if !inner.isEmpty { out[ext.id] = .object(inner) }
                continue
            }
            // A fully qualified core or extension attribute as a key (`urn:…:User:userName`).
            if key.lowercased().hasPrefix("urn:"), let path = try? SCIMFilterLexer.attributePath(key, error: .invalidPath),
                let r = try? type.resolve(path, error: .invalidPath), r.sub == nil
            {
                guard let v = try attributeValue(value, r.attribute, context: key) else { continue }
                if let urn = r.extensionURN {
                    var ext = out[urn]?.objectValue ?? [:]
                    ext[r.attribute.name] = v
                    out[urn] = .object(ext)
                } else if r.attribute.mutability != .readOnly {
                    out[r.attribute.name] = v
                }
                continue
            }
            guard let attribute = type.core.attribute(key) ?? SCIMSchemas.common.first(where: { $0.name.lowercased() == key.lowercased() })
            else { continue }
            if attribute.mutability == .readOnly || attribute.mutability == .writeOnly { continue }
            if let v = try attributeValue(value, attribute, context: attribute.name) { out[attribute.name] = v }
        }
        return out
    }

    static func attributes(_ value: JSONValue, schema: [SCIMAttribute], context: String) throws(SCIMError) -> [String: JSONValue] {
        guard case .object(let o) = value else { throw SCIMError(.invalidValue, "'\(context)' must be an object") }
        var out: [String: JSONValue] = [:]
        for (key, v) in o {
            guard let attribute = schema.first(where: { $0.name.lowercased() == key.lowercased() }) else { continue }
            if attribute.mutability == .writeOnly { continue }
            if let c = try attributeValue(v, attribute, context: "\(context).\(attribute.name)") { out[attribute.name] = c }
        }
        return out
    }

    /// The canonical value of one attribute, or nil when it is null or empty.
    static func attributeValue(_ value: JSONValue, _ a: SCIMAttribute, context: String) throws(SCIMError) -> JSONValue? {
        if value.isNull { return nil }
        if a.multiValued {
            let items = value.arrayValue ?? [value]
            var out: [JSONValue] = []
            for item in items {
                if let c = try single(item, a, context: context) { out.append(c) }
            }
            return out.isEmpty ? nil : .array(out)
        }
        if case .array(let items) = value {
            // Some clients wrap a single value in an array.
            guard items.count <= 1 else { throw SCIMError(.invalidValue, "'\(context)' is single-valued; got \(items.count) values") }
            return try items.first.flatMap { v throws(SCIMError) in try single(v, a, context: context) }
        }
        return try single(value, a, context: context)
    }

    static func single(_ value: JSONValue, _ a: SCIMAttribute, context: String) throws(SCIMError) -> JSONValue? {
        if value.isNull { return nil }
        switch a.type {
        case .complex:
            // Entra sends `manager` as a bare string: it is the `value` sub-attribute.
            if case .string = value, let v = a.sub("value") {
                return .object([v.name: value])
            }
            let o = try attributes(value, schema: a.subAttributes, context: context)
            return o.isEmpty ? nil : .object(o)
        case .boolean:
            switch value {
            case .bool: return value
            case .string(let s) where s.lowercased() == "true": return .bool(true)
            case .string(let s) where s.lowercased() == "false": return .bool(false)
            default: throw SCIMError(.invalidValue, "'\(context)' must be a boolean (true or false)")
            }
        case .integer, .decimal:
            switch value {
            case .number: return value
            case .string(let s):
                guard let n = Double(s) else { throw SCIMError(.invalidValue, "'\(context)' must be a number") }
                return .number(n)
            default: throw SCIMError(.invalidValue, "'\(context)' must be a number")
            }
        case .string, .reference, .dateTime, .binary:
            switch value {
            case .string: return value
            case .number(let n): return .string(SCIMFilterEvaluator.text(n))
            case .bool(let b): return .string(b ? "true" : "false")
            default: throw SCIMError(.invalidValue, "'\(context)' must be a string")
            }
        }
    }
}
