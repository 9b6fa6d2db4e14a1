/// One attribute definition of a SCIM schema (RFC 7643 §7). The same definitions drive `/Schemas`, how request
/// bodies are read (case-insensitive names, `"True"` strings for booleans), and how filters compare (`caseExact`).
struct SCIMAttribute: Sendable {
    enum Kind: String, Sendable { case string, boolean, decimal, integer, dateTime, reference, complex, binary }
    enum Mutability: String, Sendable { case readOnly, readWrite, immutable, writeOnly }
    enum Returned: String, Sendable { case always, never, `default`, request }

    let name: String
    let type: Kind
    let multiValued: Bool
    let required: Bool
    let caseExact: Bool
    let mutability: Mutability
    let returned: Returned
    let uniqueness: String
    let description: String
    let subAttributes: [SCIMAttribute]
    let canonicalValues: [String]
    let referenceTypes: [String]

    init(
        _ name: String, _ type: Kind = .string, multi: Bool = false, required: Bool = false, caseExact: Bool = false,
        mutability: Mutability = .readWrite, returned: Returned = .default, uniqueness: String = "none",
        _ description: String = "", sub: [SCIMAttribute] = [], canonical: [String] = [], refs: [String] = []
    ) {
        self.name = name
        self.type = type
        self.multiValued = multi
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.description = description.isEmpty ? name : description
        self.subAttributes = sub
        self.canonicalValues = canonical
        self.referenceTypes = refs
    }

    /// The sub-attribute named `name`, ignoring case.
    func sub(_ name: String) -> SCIMAttribute? {
        let folded = name.lowercased()
        return subAttributes.first { $0.name.lowercased() == folded }
    }

    var json: JSONValue {
        var o: [String: JSONValue] = [
            "name": .string(name), "type": .string(type.rawValue), "multiValued": .bool(multiValued),
            "description": .string(description), "required": .bool(required), "mutability": .string(mutability.rawValue),
            "returned": .string(returned.rawValue),
        ]
        if type == .string || type == .reference || type == .binary {
            o["caseExact"] = .bool(caseExact)
            o["uniqueness"] = .string(uniqueness)
        }
        if type == .string, !canonicalValues.isEmpty { o["canonicalValues"] = .array(canonicalValues.map { .string($0) }) }
        if type == .reference { o["referenceTypes"] = .array(referenceTypes.map { .string($0) }) }
        if type == .complex { o["subAttributes"] = .array(subAttributes.map(\.json)) }
        return .object(o)
    }
}

/// A SCIM schema: its URN and attributes.
struct SCIMSchema: Sendable {
    let id: String
    let name: String
    let description: String
    let attributes: [SCIMAttribute]

    func attribute(_ name: String) -> SCIMAttribute? {
        let folded = name.lowercased()
        return attributes.first { $0.name.lowercased() == folded }
    }
}
