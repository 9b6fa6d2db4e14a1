import Foundation
import Crypto
import _CryptoExtras

/// One TEST-ONLY key pair of the mock IdP (from `certs/`): NOT FOR PRODUCTION, every private key is public.
public struct MockKey: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable { case rsa, ec }
    /// File stem in `certs/`, e.g. `idp-rsa`; also the JWK `kid`.
    public let name: String
    public let kind: Kind
    public let privateKeyPEM: String
    public let certificatePEM: String

    public init(name: String, privateKeyPEM: String, certificatePEM: String) throws {
        self.name = name
        self.privateKeyPEM = privateKeyPEM
        self.certificatePEM = certificatePEM
        if (try? P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM)) != nil {
            kind = .ec
        } else if (try? _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)) != nil {
            kind = .rsa
        } else {
            throw MockIdPError(.keyUnreadable, "\(name): private key is neither RSA (≥2048 bits) nor P-256 PKCS#8 PEM")
        }
    }

    /// The certificate's base64 DER body (what `ds:X509Certificate` and JWK `x5c` carry).
    public var certificateBase64: String {
        certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }

    /// The public JWK (RFC 7517) for the JWKS, with `kid`, `use` and `alg`.
    public func jwk() throws -> [String: String] {
        switch kind {
        case .rsa:
            let key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM).publicKey
            let p = try key.getKeyPrimitives()
            return ["kty": "RSA", "kid": name, "use": "sig", "alg": "RS256",
                    "n": Base64URL.encode(p.modulus), "e": Base64URL.encode(p.publicExponent)]
        case .ec:
            let raw = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM).publicKey.rawRepresentation
            return ["kty": "EC", "kid": name, "use": "sig", "alg": "ES256", "crv": "P-256",
                    "x": Base64URL.encode(raw.prefix(32)), "y": Base64URL.encode(raw.suffix(32))]
        }
    }

    /// SHA-256 of the certificate DER, hex: the fingerprint an admin compares.
    public var fingerprintSHA256: String {
        guard let der = Data(base64Encoded: certificateBase64) else { return "" }
        return SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined(separator: ":")
    }
}

/// base64url without padding (RFC 7515 §2).
enum Base64URL {
    static func encode<D: DataProtocol>(_ bytes: D) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
    static func decode(_ text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
