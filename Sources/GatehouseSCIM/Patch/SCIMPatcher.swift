/// Applies PATCH operations to a resource's attributes (canonical form; extensions nested under their URN).
enum SCIMPatcher {
    static func apply(_ ops: [SCIMPatchOperation], to attrs: inout [String: JSONValue], type: SCIMResourceType) throws(SCIMError) {
        for op in ops { try apply(op, to: &attrs, type: type) }
    }

    static func apply(_ op: SCIMPatchOperation, to attrs: inout [String: JSONValue], type: SCIMResourceType) throws(SCIMError) {
        if let ext = op.wholeExtension(type) {
            switch op.op {
            case .remove: attrs.removeValue(forKey: ext.id)
            case .add, .replace:
                guard case .object(let inner)? = op.value else { throw SCIMError(.invalidValue, "'\(ext.id)' must be an object") }
                for (k, v) in inner where k.lowercased() != "schemas" {
                    let p = SCIMPatchPath(attribute: SCIMAttributePath(urn: ext.id, attribute: k, subAttribute: nil), filter: nil, subAttribute: nil)
                    try apply(SCIMPatchOperation(op: op.op, path: p, value: v), to: &attrs, type: type)
                }
            }
            return
        }
        let r = try type.resolve(op.path.attribute, error: .invalidPath)
        if r.attribute.mutability == .readOnly || r.sub?.mutability == .readOnly {
            throw SCIMError(.mutability, "'\(op.path.attribute)' is read-only" + (r.attribute.name == "groups" ? "; change memberships through /Groups" : ""))
        }
        var container = r.extensionURN.map { attrs[$0]?.objectValue ?? [:] } ?? attrs
        var sub = r.sub
        if let name = op.path.subAttribute {
            guard let s = r.attribute.sub(name) else { throw SCIMError(.invalidPath, "'\(r.attribute.name)' has no sub-attribute '\(name)'") }
            sub = s
        }
        if let filter = op.path.filter {
            try applyFiltered(op, r.attribute, filter, sub, &container)
        } else if let sub {
            try applySub(op, r.attribute, sub, &container)
        } else {
            try applyWhole(op, r.attribute, &container)
        }
        if let urn = r.extensionURN {
            if container.isEmpty { attrs.removeValue(forKey: urn) } else { attrs[urn] = .object(container) }
        } else {
            attrs = container
        }
    }

    private static func applyWhole(_ op: SCIMPatchOperation, _ a: SCIMAttribute, _ c: inout [String: JSONValue]) throws(SCIMError) {
        switch op.op {
        case .remove:
            if a.multiValued, let v = op.value, !v.isNull, let remove = try SCIMCanonicalizer.attributeValue(v, a, context: a.name)?.arrayValue {
                let kept = (c[a.name]?.arrayValue ?? []).filter { item in !remove.contains { same(item, $0, a) } }
                c[a.name] = kept.isEmpty ? nil : .array(kept)
            } else {
                c.removeValue(forKey: a.name)
            }
        case .replace, .add:
            guard let v = op.value, let new = try SCIMCanonicalizer.attributeValue(v, a, context: a.name) else {
                if op.op == .replace { c.removeValue(forKey: a.name) }
                return
            }
            if a.multiValued {
                var items = op.op == .add ? (c[a.name]?.arrayValue ?? []) : []
                for item in new.arrayValue ?? [] {
                    if item[ci: "primary"]?.boolValue == true { items = items.map { clearPrimary($0) } }
                    if let i = items.firstIndex(where: { same($0, item, a) }) { items[i] = item } else { items.append(item) }
                }
                c[a.name] = .array(items)
            } else if a.type == .complex, case .object(var existing)? = c[a.name], case .object(let o) = new {
                for (k, v) in o { existing[k] = v }  // sub-attributes not given are kept (RFC 7644 §3.5.2.3)
                c[a.name] = .object(existing)
            } else {
                c[a.name] = new
            }
        }
    }

    private static func applySub(_ op: SCIMPatchOperation, _ a: SCIMAttribute, _ sub: SCIMAttribute, _ c: inout [String: JSONValue]) throws(SCIMError) {
        let new = try op.value.flatMap { v throws(SCIMError) in try SCIMCanonicalizer.attributeValue(v, sub, context: "\(a.name).\(sub.name)") }
        if a.multiValued {
            var items = c[a.name]?.arrayValue ?? []
            if items.isEmpty, op.op != .remove, let new { items = [.object([sub.name: new])] } else {
                items = items.map { set($0, sub.name, op.op == .remove ? nil : new) }
            }
            c[a.name] = items.isEmpty ? nil : .array(items)
        } else {
            var o = c[a.name]?.objectValue ?? [:]
            o[sub.name] = op.op == .remove ? nil : new
            c[a.name] = o.isEmpty ? nil : .object(o)
        }
    }

    private static func applyFiltered(
        _ op: SCIMPatchOperation, _ a: SCIMAttribute, _ filter: SCIMFilter, _ sub: SCIMAttribute?, _ c: inout [String: JSONValue]
    ) throws(SCIMError) {
        guard a.type == .complex, a.multiValued else {
            throw SCIMError(.invalidPath, "'[…]' applies to multi-valued complex attributes; '\(a.name)' is not one")
        }
        try checkItemFilter(filter, a)
        var items = c[a.name]?.arrayValue ?? []
        let matched = items.indices.filter { itemMatches(filter, a, items[$0]) }
        switch (op.op, sub) {
        case (.remove, nil):
            items = items.enumerated().filter { !matched.contains($0.offset) }.map(\.element)
        case (.remove, let sub?):
            for i in matched { items[i] = set(items[i], sub.name, nil) }
        case (_, let sub?):
            let new = try op.value.flatMap { v throws(SCIMError) in try SCIMCanonicalizer.attributeValue(v, sub, context: "\(a.name).\(sub.name)") }
            if matched.isEmpty {
                guard var seed = equalities(filter, a) else {
                    throw SCIMError(.noTarget, "no value of '\(a.name)' matches the path's filter")
                }
                seed[sub.name] = new
                items.append(.object(seed))
            } else {
                for i in matched { items[i] = set(items[i], sub.name, new) }
            }
        case (_, nil):
            guard let v = op.value, let new = try SCIMCanonicalizer.single(v, a, context: a.name)?.objectValue else {
                throw SCIMError(.invalidValue, "'\(a.name)[…]' needs an object value")
            }
            if matched.isEmpty {
                guard op.op == .add || equalities(filter, a) != nil else {
                    throw SCIMError(.noTarget, "no value of '\(a.name)' matches the path's filter")
                }
                var seed = equalities(filter, a) ?? [:]
                for (k, v) in new { seed[k] = v }
                items.append(.object(seed))
            } else {
                for i in matched {
                    var o = items[i].objectValue ?? [:]
                    for (k, v) in new { o[k] = v }
                    items[i] = .object(o)
                }
            }
        }
        c[a.name] = items.isEmpty ? nil : .array(items)
    }

    /// `type eq "work" and primary eq true` → the item those equalities describe (to create it when absent).
    static func equalities(_ f: SCIMFilter, _ a: SCIMAttribute) -> [String: JSONValue]? {
        var out: [String: JSONValue] = [:]
        for c in f.conjuncts {
            guard case .compare(let p, .eq, let v?) = c, let sub = a.sub(p.attribute), p.subAttribute == nil else { return nil }
            out[sub.name] = v
        }
        return out
    }

    static func checkItemFilter(_ f: SCIMFilter, _ a: SCIMAttribute) throws(SCIMError) {
        switch f {
        case .and(let l, let r), .or(let l, let r):
            try checkItemFilter(l, a)
            try checkItemFilter(r, a)
        case .not(let i): try checkItemFilter(i, a)
        case .compare(let p, _, _):
            guard p.urn == nil, p.subAttribute == nil, a.sub(p.attribute) != nil else {
                throw SCIMError(.invalidPath, "'\(a.name)' has no sub-attribute '\(p)'")
            }
        case .valuePath: throw SCIMError(.invalidPath, "nested value filter")
        }
    }

    static func itemMatches(_ f: SCIMFilter, _ a: SCIMAttribute, _ item: JSONValue) -> Bool {
        switch f {
        case .and(let l, let r): itemMatches(l, a, item) && itemMatches(r, a, item)
        case .or(let l, let r): itemMatches(l, a, item) || itemMatches(r, a, item)
        case .not(let i): !itemMatches(i, a, item)
        case .compare(let p, let op, let v):
            if let sub = a.sub(p.attribute) {
                SCIMFilterEvaluator.compare(item[ci: sub.name].map(SCIMFilterEvaluator.flatten) ?? [], op, v, sub)
            } else { false }
        case .valuePath: false
        }
    }

    /// Two values of a multi-valued attribute are the same when their `value`s are (per the attribute's caseExact),
    /// or, without `value`, when they are equal.
    static func same(_ x: JSONValue, _ y: JSONValue, _ a: SCIMAttribute) -> Bool {
        if a.type == .complex {
            guard let vx = x[ci: "value"], let vy = y[ci: "value"] else { return x == y }
            let exact = a.sub("value")?.caseExact ?? false
            if !exact, let sx = vx.stringValue, let sy = vy.stringValue {
                return sx.lowercased() == sy.lowercased() && (x[ci: "type"] == y[ci: "type"] || x[ci: "type"] == nil || y[ci: "type"] == nil)
            }
            return vx == vy
        }
        return x == y
    }

    private static func set(_ item: JSONValue, _ key: String, _ value: JSONValue?) -> JSONValue {
        var o = item.objectValue ?? [:]
        o[key] = value
        return .object(o)
    }

    private static func clearPrimary(_ item: JSONValue) -> JSONValue {
        guard case .object(var o) = item, o["primary"] != nil else { return item }
        o["primary"] = .bool(false)
        return .object(o)
    }
}
