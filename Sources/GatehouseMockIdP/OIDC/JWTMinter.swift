import Crypto
import Foundation
import _CryptoExtras

/// Mints compact JWS ID tokens with swift-crypto directly (RS256, ES256, and the broken `none` / HS256-confusion
/// forms that scenarios need). Claims are serialised with sorted keys: byte-stable for RS256 under a fixed clock.
enum JWTMinter {
    static func mint(claims: [String: any Sendable], plan: LoginPlan, keys: MockKeyRing) throws -> String {
        let key = try keys.key(plan.signingKey)
        let alg: String = switch plan.jwtAlgorithm {
        case .rs256: "RS256"
        case .es256: "ES256"
        case .none: "none"
        case .hs256WithPublicKey: "HS256"
        }
        var header: [String: String] = ["alg": alg, "typ": "JWT"]
        if plan.jwtAlgorithm != .none { header["kid"] = plan.jwtKid ?? key.name }
        let h = Base64URL.encode(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        let p = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys, .withoutEscapingSlashes]))
        let input = Data("\(h).\(p)".utf8)
        let signature: Data
        do {
            switch plan.jwtAlgorithm {
            case .rs256:
                guard key.kind == .rsa else { throw MockIdPError(.signingFailed, "RS256 needs an RSA key; \(key.name) is EC") }
                let rsa = try _RSA.Signing.PrivateKey(pemRepresentation: key.privateKeyPEM)
                signature = try rsa.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation
            case .es256:
                guard key.kind == .ec else { throw MockIdPError(.signingFailed, "ES256 needs a P-256 key; \(key.name) is RSA") }
                signature = try P256.Signing.PrivateKey(pemRepresentation: key.privateKeyPEM).signature(for: input).rawRepresentation
            case .none:
                signature = Data()
            case .hs256WithPublicKey:
                let pub: String
                if key.kind == .rsa {
                    pub = try _RSA.Signing.PrivateKey(pemRepresentation: key.privateKeyPEM).publicKey.pemRepresentation
                } else {
                    pub = try P256.Signing.PrivateKey(pemRepresentation: key.privateKeyPEM).publicKey.pemRepresentation
                }
                signature = Data(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: Data(pub.utf8))))
            }
        } catch let e as MockIdPError {
            throw e
        } catch {
            throw MockIdPError(.signingFailed, "JWT signing with \(key.name): \(error)")
        }
        var token = "\(h).\(p).\(Base64URL.encode(signature))"
        if plan.tamper {
            // Change the payload after signing: a different `sub` under the same signature.
            var tamperedClaims = claims
            tamperedClaims["sub"] = "tampered-\(claims["sub"] as? String ?? "")"
            let tp = Base64URL.encode(try JSONSerialization.data(withJSONObject: tamperedClaims, options: [.sortedKeys, .withoutEscapingSlashes]))
            token = "\(h).\(tp).\(Base64URL.encode(signature))"
        }
        return token
    }
}
