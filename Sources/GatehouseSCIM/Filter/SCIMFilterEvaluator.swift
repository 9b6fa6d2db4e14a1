/// Checks a filter against the schemas (unknown attributes, `gt` on a boolean → `scim.invalid_filter`) and
/// evaluates it against resource documents.
struct SCIMFilterEvaluator: Sendable {
    let filter: SCIMFilter
    let type: SCIMResourceType

    init(_ filter: SCIMFilter, type: SCIMResourceType) throws(SCIMError) {
        self.filter = filter
        self.type = type
        try check(filter, parent: nil)
    }

    private func check(_ f: SCIMFilter, parent: SCIMAttribute?) throws(SCIMError) {
        switch f {
        case .and(let l, let r), .or(let l, let r):
            try check(l, parent: parent)
            try check(r, parent: parent)
        case .not(let inner): try check(inner, parent: parent)
        case .compare(let path, let op, let value):
            let leaf = try resolveLeaf(path, parent: parent)
            if leaf.type == .complex && op != .pr {
                throw SCIMError(.invalidFilter, "'\(path)' is complex: compare one of its sub-attributes")
            }
            if leaf.type == .boolean, op != .eq, op != .ne, op != .pr {
                throw SCIMError(.invalidFilter, "'\(op.rawValue)' does not apply to the boolean '\(path)'")
            }
            if leaf.type == .dateTime, case .string(let t)? = value, SCIMTime.parse(t) == nil {
                throw SCIMError(.invalidFilter, "'\(t.prefix(60))' is not an RFC 3339 date-time (\(path))")
            }
            if case .bool? = value, leaf.type != .boolean {
                throw SCIMError(.invalidFilter, "'\(path)' is not a boolean")
            }
        case .valuePath(let path, let inner):
            guard parent == nil else { throw SCIMError(.invalidFilter, "nested value filter") }
            let r = try type.resolve(path, error: .invalidFilter)
            guard r.attribute.type == .complex, r.sub == nil else {
                throw SCIMError(.invalidFilter, "'\(path)' is not a complex attribute; '[…]' applies to complex attributes")
            }
            try check(inner, parent: r.attribute)
        }
    }

    private func resolveLeaf(_ path: SCIMAttributePath, parent: SCIMAttribute?) throws(SCIMError) -> SCIMAttribute {
        guard let parent else { return try type.resolve(path, error: .invalidFilter).leaf }
        guard path.urn == nil, path.subAttribute == nil, let sub = parent.sub(path.attribute) else {
            throw SCIMError(.invalidFilter, "'\(parent.name)' has no sub-attribute '\(String(describing: path).prefix(60))'")
        }
        return sub
    }

    /// Whether `document` (a resource as returned) matches.
    func matches(_ document: JSONValue) -> Bool { eval(filter, document, parent: nil, parentValue: nil) }

    private func eval(_ f: SCIMFilter, _ doc: JSONValue, parent: SCIMAttribute?, parentValue: JSONValue?) -> Bool {
        switch f {
        case .and(let l, let r): return eval(l, doc, parent: parent, parentValue: parentValue) && eval(r, doc, parent: parent, parentValue: parentValue)
        case .or(let l, let r): return eval(l, doc, parent: parent, parentValue: parentValue) || eval(r, doc, parent: parent, parentValue: parentValue)
        case .not(let inner): return !eval(inner, doc, parent: parent, parentValue: parentValue)
        case .compare(let path, let op, let literal):
            let values: [JSONValue]
            let leaf: SCIMAttribute
            if let parent, let item = parentValue {
                guard let sub = parent.sub(path.attribute) else { return false }
                leaf = sub
                values = item[ci: sub.name].map(Self.flatten) ?? []
            } else {
                guard let r = try? type.resolve(path, error: .invalidFilter) else { return false }
                leaf = r.leaf
                values = Self.values(doc, r)
            }
            return Self.compare(values, op, literal, leaf)
        case .valuePath(let path, let inner):
            guard let r = try? type.resolve(path, error: .invalidFilter) else { return false }
            let container = r.extensionURN.map { doc[ci: $0] ?? .null } ?? doc
            guard let v = container[ci: r.attribute.name] else { return false }
            let items = v.arrayValue ?? [v]
            return items.contains { eval(inner, doc, parent: r.attribute, parentValue: $0) }
        }
    }

    static func flatten(_ v: JSONValue) -> [JSONValue] { v.arrayValue ?? [v] }

    /// The values at a resolved path, flattened over multi-valued attributes.
    static func values(_ doc: JSONValue, _ r: SCIMResourceType.Resolved) -> [JSONValue] {
        let container = r.extensionURN.map { doc[ci: $0] ?? .null } ?? doc
        guard let v = container[ci: r.attribute.name] else { return [] }
        let items = flatten(v)
        if let sub = r.sub { return items.compactMap { $0[ci: sub.name] } }
        if r.attribute.type == .complex, r.attribute.multiValued { return items.compactMap { $0[ci: "value"] } }
        return items
    }

    static func compare(_ values: [JSONValue], _ op: SCIMCompareOp, _ literal: JSONValue?, _ leaf: SCIMAttribute) -> Bool {
        let present = values.filter { v in
            switch v {
            case .null: false
            case .string(let s): !s.isEmpty
            case .array(let a): !a.isEmpty
            case .object(let o): !o.isEmpty
            default: true
            }
        }
        if op == .pr { return !present.isEmpty }
        guard let literal else { return false }
        if literal.isNull { return op == .eq ? present.isEmpty : op == .ne ? !present.isEmpty : false }
        if op == .ne { return !present.contains { compareOne($0, .eq, literal, leaf) } }
        return present.contains { compareOne($0, op, literal, leaf) }
    }

    private static func compareOne(_ v: JSONValue, _ op: SCIMCompareOp, _ literal: JSONValue, _ leaf: SCIMAttribute) -> Bool {
        switch (v, literal) {
        case (.bool(let a), .bool(let b)): return op == .eq ? a == b : false
        case (.number(let a), .number(let b)):
            switch op {
            case .eq: return a == b
            case .gt: return a > b
            case .ge: return a >= b
            case .lt: return a < b
            case .le: return a <= b
            default: return false
            }
        case (.string(let x), .string(let y)) where leaf.type == .dateTime:
            guard let a = SCIMTime.parse(x), let b = SCIMTime.parse(y) else { return false }
            return compareOne(.number(Double(a)), op, .number(Double(b)), leaf)
        case (.string(var a), .string(var b)):
            if !leaf.caseExact {
                a = a.lowercased()
                b = b.lowercased()
            }
            switch op {
            case .eq: return a == b
            case .co: return a.contains(b)
            case .sw: return a.hasPrefix(b)
            case .ew: return a.hasSuffix(b)
            case .gt: return a > b
            case .ge: return a >= b
            case .lt: return a < b
            case .le: return a <= b
            default: return false
            }
        case (.number(let a), .string(let b)): return compareOne(.string(Self.text(a)), op, .string(b), leaf)
        case (.string(let a), .number(let b)):
            guard let n = Double(a) else { return false }
            return compareOne(.number(n), op, .number(b), leaf)
        default: return false
        }
    }

    static func text(_ n: Double) -> String { n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n) }
}
