import Crypto
import CryptoExtras

/// One public signing key from an issuer's JWKS, with the metadata that restricts its use (`alg`, `use`, `key_ops`).
public struct JWK: Sendable {
    public let keyID: String?
    /// `RSA`, `EC` or `OKP`.
    public let keyType: String
    /// The JWK's own `alg`, when it pins one.
    public let algorithm: String?
    public let use: String?
    public let keyOperations: [String]?
    /// The first `x5c` certificate, if published (a header `x5c` must equal it).
    public let x5cLeaf: String?
    let key: VerificationKey

    /// Parses one JWK object. Throws a reason string for keys that cannot be used (the set skips them).
    init(object: [String: JSONValue]) throws(OIDCError) {
        func string(_ name: String) throws(OIDCError) -> String? {
            guard let value = object[name] else { return nil }
            guard let s = value.stringValue else {
                throw OIDCError(.jwksInvalid, "JWK member '\(name)' must be a string, received a \(value.typeName)")
            }
            return s
        }
        func bytes(_ name: String) throws(OIDCError) -> [UInt8] {
            guard let text = try string(name) else { throw OIDCError(.jwksInvalid, "JWK has no '\(name)'") }
            guard let decoded = Base64URL.decode(text), !decoded.isEmpty else {
                throw OIDCError(.jwksInvalid, "JWK member '\(name)' is not unpadded base64url")
            }
            return decoded
        }
        guard let kty = try string("kty") else { throw OIDCError(.jwksInvalid, "JWK has no 'kty'") }
        keyType = kty
        keyID = try string("kid")
        algorithm = try string("alg")
        use = try string("use")
        if let ops = object["key_ops"] {
            guard let list = ops.arrayValue?.compactMap(\.stringValue) else {
                throw OIDCError(.jwksInvalid, "JWK 'key_ops' must be an array of strings")
            }
            keyOperations = list
        } else {
            keyOperations = nil
        }
        x5cLeaf = object["x5c"]?.arrayValue?.first?.stringValue
        switch kty {
        case "RSA":
            let n = try bytes("n"), e = try bytes("e")
            do {
                key = .rsa(try _RSA.Signing.PublicKey(n: n, e: e))
            } catch {
                throw OIDCError(
                    .jwksInvalid, "RSA JWK is unusable: modulus of \(n.count * 8) bits (Gatehouse needs at least 2048) or invalid exponent")
            }
        case "EC":
            let crv = try string("crv") ?? ""
            let x = try bytes("x"), y = try bytes("y")
            do {
                switch crv {
                case "P-256" where x.count == 32 && y.count == 32:
                    key = .p256(P256VerificationKey(try P256.Signing.PublicKey(rawRepresentation: x + y)))
                case "P-384" where x.count == 48 && y.count == 48:
                    key = .p384(try P384.Signing.PublicKey(rawRepresentation: x + y))
                default:
                    throw OIDCError(
                        .jwksInvalid, "EC JWK curve '\(crv)' with \(x.count)-byte coordinates is not supported (P-256, P-384)")
                }
            } catch let error as OIDCError {
                throw error
            } catch {
                throw OIDCError(.jwksInvalid, "EC JWK point is not on curve \(crv)")
            }
        case "OKP":
            let crv = try string("crv") ?? ""
            let x = try bytes("x")
            guard crv == "Ed25519", let k = try? Curve25519.Signing.PublicKey(rawRepresentation: x) else {
                throw OIDCError(.jwksInvalid, "OKP JWK curve '\(crv)' is not supported (Ed25519)")
            }
            key = .ed25519(k)
        default:
            throw OIDCError(.jwksInvalid, "JWK key type '\(kty)' is not a supported signing key type (RSA, EC, OKP)")
        }
    }

    /// Checks that this key may verify `algorithm`: `kty`/curve family, the JWK's `alg`, `use`, `key_ops`.
    func check(for algorithm: JWSAlgorithm) throws(OIDCError) {
        var label: String { keyID.map { "JWK '\($0)'" } ?? "the JWK" }
        guard key.supports(algorithm) else {
            throw OIDCError(
                .keyMismatch,
                "token alg \(algorithm) needs a \(algorithm.keyType) key\(algorithm == .es256 ? " on P-256" : algorithm == .es384 ? " on P-384" : ""); \(label) is \(key.summary)"
            )
        }
        if let pinned = self.algorithm, pinned != algorithm.name {
            throw OIDCError(.keyMismatch, "token alg \(algorithm) but \(label) is published for alg \(pinned) only")
        }
        if let use, use != "sig" {
            throw OIDCError(.keyMismatch, "\(label) has use '\(use)'; expected 'sig' for ID-token signatures")
        }
        if let ops = keyOperations, !ops.contains("verify") {
            throw OIDCError(.keyMismatch, "\(label) key_ops \(ops) does not include 'verify'")
        }
    }
}
