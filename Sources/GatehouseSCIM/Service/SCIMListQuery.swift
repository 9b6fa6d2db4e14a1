/// The parameters of a list or search (RFC 7644 §3.4.2–3.4.3).
struct SCIMListQuery: Sendable {
    var filter: SCIMFilter?
    var sortBy: SCIMAttributePath?
    var ascending = true
    var startIndex = 1
    var count: Int
    var projection: SCIMProjection
}

/// `attributes` / `excludedAttributes`.
struct SCIMProjection: Sendable {
    var attributes: [SCIMAttributePath] = []
    var excluded: [SCIMAttributePath] = []

    init(attributes: [String], excluded: [String]) throws(SCIMError) {
        for a in attributes where !a.trimmingSpaces.isEmpty {
            self.attributes.append(try SCIMFilterLexer.attributePath(a.trimmingSpaces, error: .invalidValue))
        }
        for a in excluded where !a.trimmingSpaces.isEmpty {
            self.excluded.append(try SCIMFilterLexer.attributePath(a.trimmingSpaces, error: .invalidValue))
        }
    }

    init() {}

    static func list(_ s: String?) -> [String] { s.map { $0.split(separator: ",").map(String.init) } ?? [] }

    /// Whether the response includes `attribute` (so `groups`/`members` are worth loading).
    func wants(_ attribute: String) -> Bool {
        let a = attribute.lowercased()
        if !attributes.isEmpty { return attributes.contains { $0.attribute.lowercased() == a && $0.urn == nil || ($0.urn ?? "").lowercased().hasSuffix(":\(a)") } }
        return !excluded.contains { $0.attribute.lowercased() == a && $0.subAttribute == nil }
    }

    func apply(_ doc: JSONValue, type: SCIMResourceType) -> JSONValue {
        guard case .object(let o) = doc, !(attributes.isEmpty && excluded.isEmpty) else { return doc }
        var out: [String: JSONValue]
        if attributes.isEmpty {
            out = o
        } else {
            out = ["schemas": o["schemas"] ?? .null, "id": o["id"] ?? .null]
            for p in attributes {
                guard let r = try? type.resolve(p, error: .invalidValue) else { continue }
                copy(r, from: o, into: &out)
            }
        }
        for p in excluded {
            guard let r = try? type.resolve(p, error: .invalidValue), r.attribute.returned != .always, r.attribute.name != "id" else { continue }
            if let urn = r.extensionURN {
                guard var ext = out[urn]?.objectValue else { continue }
                remove(r, from: &ext)
                out[urn] = ext.isEmpty ? nil : .object(ext)
            } else {
                remove(r, from: &out)
            }
        }
        return .object(out)
    }

    private func copy(_ r: SCIMResourceType.Resolved, from o: [String: JSONValue], into out: inout [String: JSONValue]) {
        let source = r.extensionURN.map { o[$0]?.objectValue ?? [:] } ?? o
        guard let v = source[r.attribute.name] else { return }
        var target = r.extensionURN.map { out[$0]?.objectValue ?? [:] } ?? out
        if let sub = r.sub {
            if case .array(let items) = v {
                let prior = target[r.attribute.name]?.arrayValue ?? []
                target[r.attribute.name] = .array(items.enumerated().map { i, item in
                    var x = i < prior.count ? (prior[i].objectValue ?? [:]) : [:]
                    x[sub.name] = item[ci: sub.name]
                    return .object(x)
                })
            } else if let sv = v[ci: sub.name] {
                var x = target[r.attribute.name]?.objectValue ?? [:]
                x[sub.name] = sv
                target[r.attribute.name] = .object(x)
            }
        } else {
            target[r.attribute.name] = v
        }
        if let urn = r.extensionURN { out[urn] = .object(target) } else { out = target }
    }

    private func remove(_ r: SCIMResourceType.Resolved, from o: inout [String: JSONValue]) {
        guard let sub = r.sub else { o.removeValue(forKey: r.attribute.name); return }
        switch o[r.attribute.name] {
        case .array(let items)?: o[r.attribute.name] = .array(items.map { i in
                var x = i.objectValue ?? [:]
                x.removeValue(forKey: sub.name)
                return .object(x)
            })
        case .object(var x)?:
            x.removeValue(forKey: sub.name)
            o[r.attribute.name] = .object(x)
        default: break
        }
    }
}
