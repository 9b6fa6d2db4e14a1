/// An issuer's JSON Web Key Set, parsed strictly: the usable signing keys by `kid`, plus the keys skipped and why.
public struct JWKSet: Sendable {
    public let keys: [JWK]
    /// Keys present in the document but unusable (unsupported type, short RSA modulus, …), with the reason.
    public let skipped: [(kid: String?, reason: String)]
    private let byID: [String: [JWK]]

    /// The `kid`s of the usable keys.
    public var keyIDs: [String] { keys.compactMap(\.keyID) }

    public init(keys: [JWK]) {
        self.keys = keys
        self.skipped = []
        self.byID = Dictionary(grouping: keys.filter { $0.keyID != nil }, by: { $0.keyID! })
    }

    /// Parses a JWKS document (`{"keys": [...]}`). Throws `oidc.jwks_invalid` when it is not a JWKS or holds no usable key.
    public init(json: some Collection<UInt8>) throws(OIDCError) {
        let object: [String: JSONValue]
        do {
            object = try StrictJSON.parseObject(json)
        } catch {
            throw OIDCError(.jwksInvalid, "the JWKS is not valid JSON: \(error.message)")
        }
        guard let list = object["keys"]?.arrayValue else {
            throw OIDCError(.jwksInvalid, "the JWKS has no 'keys' array; expected {\"keys\": [ … ]}")
        }
        var keys: [JWK] = []
        var skipped: [(kid: String?, reason: String)] = []
        for entry in list {
            guard let keyObject = entry.objectValue else {
                skipped.append((nil, "entry is a \(entry.typeName), not an object"))
                continue
            }
            do {
                keys.append(try JWK(object: keyObject))
            } catch {
                skipped.append((keyObject["kid"]?.stringValue, error.reason))
            }
        }
        guard !keys.isEmpty else {
            let why = skipped.map { "\($0.kid ?? "(no kid)"): \($0.reason)" }.joined(separator: "; ")
            throw OIDCError(.jwksInvalid, "the JWKS holds no usable signing key" + (why.isEmpty ? "" : " (\(why))"))
        }
        self.keys = keys
        self.skipped = skipped
        self.byID = Dictionary(grouping: keys.filter { $0.keyID != nil }, by: { $0.keyID! })
    }

    /// The key for a token header, or `nil` when the set has no candidate.
    ///
    /// With a `kid`: the keys with that `kid` (the first one whose type fits the algorithm, else the first one, so
    /// the caller reports the mismatch). Without a `kid`: only when the set holds exactly one key.
    func candidate(kid: String?, algorithm: JWSAlgorithm) -> JWK? {
        if let kid {
            guard let matches = byID[kid] else { return nil }
            return matches.first { $0.key.supports(algorithm) } ?? matches.first
        }
        return keys.count == 1 ? keys[0] : nil
    }
}
