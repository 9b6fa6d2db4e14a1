/// A JSON value, as SCIM messages are read and written. Objects keep their keys as sent; SCIM attribute names are
/// case-insensitive, so lookups go through ``subscript(ci:)``.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The member whose key equals `key` ignoring case (SCIM attribute names are case-insensitive).
    public subscript(ci key: String) -> JSONValue? {
        guard case .object(let o) = self else { return nil }
        if let v = o[key] { return v }
        let folded = key.lowercased()
        return o.first { $0.key.lowercased() == folded }?.value
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// The actual key matching `key` ignoring case.
    func key(ci key: String) -> String? {
        if self[key] != nil { return key }
        let folded = key.lowercased()
        return keys.first { $0.lowercased() == folded }
    }

    subscript(ci key: String) -> JSONValue? {
        guard let k = self.key(ci: key) else { return nil }
        return self[k]
    }

    mutating func removeValue(ci key: String) {
        while let k = self.key(ci: key) { removeValue(forKey: k) }
    }

    mutating func set(ci key: String, _ value: JSONValue) {
        removeValue(ci: key)
        self[key] = value
    }
}
