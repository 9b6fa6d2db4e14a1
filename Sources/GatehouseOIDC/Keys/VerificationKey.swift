import Crypto
import CryptoExtras

/// A public key ready to verify signatures, built once per JWKS fetch (swift-crypto / BoringSSL underneath; P-256
/// through a per-key comb table, see ``P256VerificationKey``).
enum VerificationKey: Sendable {
    case rsa(_RSA.Signing.PublicKey)
    case p256(P256VerificationKey)
    case p384(P384.Signing.PublicKey)
    case ed25519(Curve25519.Signing.PublicKey)

    func supports(_ algorithm: JWSAlgorithm) -> Bool {
        switch (self, algorithm.family) {
        case (.rsa, .rsaPKCS1), (.rsa, .rsaPSS): true
        case (.p256, .ecdsa): algorithm == .es256
        case (.p384, .ecdsa): algorithm == .es384
        case (.ed25519, .edDSA): true
        default: false
        }
    }

    var summary: String {
        switch self {
        case .rsa(let k): "an RSA key (\(k.keySizeInBits) bits)"
        case .p256: "an EC key on P-256"
        case .p384: "an EC key on P-384"
        case .ed25519: "an OKP Ed25519 key"
        }
    }

    /// Verifies `signature` over `input`. The caller has already checked ``supports(_:)``.
    func verify(_ signature: [UInt8], over input: [UInt8], algorithm: JWSAlgorithm) throws(OIDCError) -> Bool {
        switch self {
        case .rsa(let key):
            let padding: _RSA.Signing.Padding = algorithm.family == .rsaPSS ? .PSS : .insecurePKCS1v1_5
            guard signature.count * 8 == key.keySizeInBits else {
                throw OIDCError(
                    .signatureInvalid,
                    "RSA signature is \(signature.count) bytes; expected \(key.keySizeInBits / 8) for this \(key.keySizeInBits)-bit key")
            }
            let sig = _RSA.Signing.RSASignature(rawRepresentation: signature)
            switch algorithm.hashSize {
            case .sha256: return key.isValidSignature(sig, for: SHA256.hash(data: input), padding: padding)
            case .sha384: return key.isValidSignature(sig, for: SHA384.hash(data: input), padding: padding)
            case .sha512: return key.isValidSignature(sig, for: SHA512.hash(data: input), padding: padding)
            }
        case .p256(let key):
            try Self.checkECDSA(signature, coordinateSize: 32, curve: "P-256")
            return key.isValidSignature(signature, over: input)
        case .p384(let key):
            try Self.checkECDSA(signature, coordinateSize: 48, curve: "P-384")
            guard let sig = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(sig, for: SHA384.hash(data: input))
        case .ed25519(let key):
            guard signature.count == 64 else {
                throw OIDCError(.signatureInvalid, "EdDSA signature is \(signature.count) bytes; expected 64")
            }
            return key.isValidSignature(signature, for: input)
        }
    }

    /// JWS ECDSA signatures are `r || s`, fixed width; r or s equal to zero is never valid (CVE-2022-21449 class).
    private static func checkECDSA(_ signature: [UInt8], coordinateSize: Int, curve: String) throws(OIDCError) {
        guard signature.count == 2 * coordinateSize else {
            throw OIDCError(
                .signatureInvalid,
                "ECDSA \(curve) signature is \(signature.count) bytes; expected \(2 * coordinateSize) (r || s, not DER)")
        }
        let r = signature[0..<coordinateSize], s = signature[coordinateSize...]
        if r.allSatisfy({ $0 == 0 }) || s.allSatisfy({ $0 == 0 }) {
            throw OIDCError(.signatureInvalid, "ECDSA \(curve) signature has r = 0 or s = 0, which is never valid")
        }
    }
}
