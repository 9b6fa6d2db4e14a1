/// The protected header of a JWS, parsed strictly. Header-supplied keys are recorded here and judged by the validator.
public struct JOSEHeader: Sendable, Hashable {
    /// The `alg` value exactly as sent (may be `none` or unknown; the validator rejects those).
    public let algorithmName: String
    public let keyID: String?
    public let type: String?
    /// `crit` entries (extensions the sender says must be understood).
    public let critical: [String]
    /// The first `x5c` certificate (standard base64), if the header carries a chain.
    public let x5cLeaf: String?
    /// Names of header parameters that carry or point to keys: `jwk`, `jku`, `x5u` (`x5c` is judged separately).
    public let keyCarryingParameters: [String]

    init(json bytes: [UInt8]) throws(OIDCError) {
        let object = try UnverifiedIDToken.parseJSON(bytes, what: "JOSE header")
        guard let alg = object["alg"] else { throw OIDCError(.malformed, "the JOSE header has no 'alg'") }
        guard let algName = alg.stringValue else {
            throw OIDCError(.malformed, "the JOSE header 'alg' must be a string, received a \(alg.typeName)")
        }
        algorithmName = algName
        keyID = try Self.optionalString(object, "kid")
        type = try Self.optionalString(object, "typ")
        if let crit = object["crit"] {
            guard let list = crit.arrayValue, !list.isEmpty, list.allSatisfy({ $0.stringValue != nil }) else {
                throw OIDCError(.malformed, "the JOSE header 'crit' must be a non-empty array of strings")
            }
            critical = list.compactMap(\.stringValue)
        } else {
            critical = []
        }
        if let x5c = object["x5c"] {
            guard let first = x5c.arrayValue?.first?.stringValue else {
                throw OIDCError(.malformed, "the JOSE header 'x5c' must be a non-empty array of base64 strings")
            }
            x5cLeaf = first
        } else {
            x5cLeaf = nil
        }
        keyCarryingParameters = ["jwk", "jku", "x5u"].filter { object[$0] != nil }
    }

    private static func optionalString(_ object: [String: JSONValue], _ key: String) throws(OIDCError) -> String? {
        guard let value = object[key] else { return nil }
        guard let s = value.stringValue else {
            throw OIDCError(.malformed, "the JOSE header '\(key)' must be a string, received a \(value.typeName)")
        }
        return s
    }
}
