import Crypto
import CryptoExtras
import Foundation
import GatehouseCore
@testable import GatehouseOIDC

/// Test keys and a raw token signer: headers and payloads are written as JSON text so tests can forge anything
/// (duplicate keys, `alg: none`, bad signatures). All times come from one reference instant.
enum Forge {
    static let reference = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
    static let clock = FixedClock(reference)
    static let issuer = "https://idp.example.com/tenant/v2.0"
    static let clientID = "gatehouse-client"
    static let t = 1_800_000_000

    static let rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let rsaNext = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let ec = P256.Signing.PrivateKey()
    static let ec384 = P384.Signing.PrivateKey()
    static let ed = Curve25519.Signing.PrivateKey()

    static func b64(_ bytes: some Sequence<UInt8>) -> String { Base64URL.encode(bytes) }
    static func b64(_ text: String) -> String { Base64URL.encode(Array(text.utf8)) }

    static func rsaJWK(_ key: _RSA.Signing.PrivateKey, kid: String, extra: String = "") -> String {
        let p = try! key.publicKey.getKeyPrimitives()
        return #"{"kty":"RSA","kid":"\#(kid)","n":"\#(b64(p.modulus))","e":"\#(b64(p.publicExponent))"\#(extra)}"#
    }
    static func ecJWK(kid: String, extra: String = "") -> String {
        let raw = ec.publicKey.rawRepresentation
        return #"{"kty":"EC","kid":"\#(kid)","crv":"P-256","x":"\#(b64(raw.prefix(32)))","y":"\#(b64(raw.suffix(32)))"\#(extra)}"#
    }
    static func ec384JWK(kid: String) -> String {
        let raw = ec384.publicKey.rawRepresentation
        return #"{"kty":"EC","kid":"\#(kid)","crv":"P-384","x":"\#(b64(raw.prefix(48)))","y":"\#(b64(raw.suffix(48)))"}"#
    }
    static func edJWK(kid: String) -> String {
        #"{"kty":"OKP","kid":"\#(kid)","crv":"Ed25519","x":"\#(b64(ed.publicKey.rawRepresentation))"}"#
    }
    /// The default JWKS: rsa-1 (RS256 pinned, use sig), ec-1, ec384-1, ed-1.
    static var defaultJWKSText: String {
        #"{"keys":[\#(rsaJWK(rsa, kid: "rsa-1", extra: #","use":"sig","alg":"RS256""#)),\#(rsaJWK(rsa, kid: "rsa-any")),\#(ecJWK(kid: "ec-1")),\#(ec384JWK(kid: "ec384-1")),\#(edJWK(kid: "ed-1"))]}"#
    }
    static func jwks(_ text: String = defaultJWKSText) -> JWKSet { try! JWKSet(json: Array(text.utf8)) }

    /// Claims as raw JSON members; override or add members by name.
    static func payload(_ overrides: [String: String] = [:], drop: Set<String> = []) -> String {
        var members: [(String, String)] = [
            ("iss", #""\#(issuer)""#), ("sub", #""user-42""#), ("aud", #""\#(clientID)""#), ("exp", "\(t + 600)"),
            ("iat", "\(t - 5)"), ("nonce", #""n-0S6_WzA2Mj""#), ("email", #""ada@example.com""#),
        ]
        members.removeAll { drop.contains($0.0) || overrides[$0.0] != nil }
        members += overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return "{" + members.map { #""\#($0.0)":\#($0.1)"# }.joined(separator: ",") + "}"
    }

    enum Signer { case rs(Int, _RSA.Signing.PrivateKey), ps(Int), es256, es384, eddsa, hmac(Int, [UInt8]), raw([UInt8]) }

    static func token(header: String, payload: String = payload(), signer: Signer) -> String {
        let input = b64(header) + "." + b64(payload)
        let data = Array(input.utf8)
        let sig: [UInt8]
        switch signer {
        case .rs(let bits, let key):
            let padding = _RSA.Signing.Padding.insecurePKCS1v1_5
            sig = Array(try! (bits == 256 ? key.signature(for: SHA256.hash(data: data), padding: padding)
                : bits == 384 ? key.signature(for: SHA384.hash(data: data), padding: padding)
                : key.signature(for: SHA512.hash(data: data), padding: padding)).rawRepresentation)
        case .ps(let bits):
            sig = Array(try! (bits == 256 ? rsa.signature(for: SHA256.hash(data: data), padding: .PSS)
                : rsa.signature(for: SHA512.hash(data: data), padding: .PSS)).rawRepresentation)
        case .es256: sig = Array(try! ec.signature(for: SHA256.hash(data: data)).rawRepresentation)
        case .es384: sig = Array(try! ec384.signature(for: SHA384.hash(data: data)).rawRepresentation)
        case .eddsa: sig = Array(try! ed.signature(for: data))
        case .hmac(let bits, let key):
            let k = SymmetricKey(data: key)
            sig = bits == 256 ? Array(HMAC<SHA256>.authenticationCode(for: data, using: k))
                : Array(HMAC<SHA512>.authenticationCode(for: data, using: k))
        case .raw(let bytes): sig = bytes
        }
        return input + "." + b64(sig)
    }

    static func rs256(_ payload: String = payload(), kid: String = "rsa-1", extraHeader: String = "") -> String {
        token(header: #"{"alg":"RS256","kid":"\#(kid)"\#(extraHeader)}"#, payload: payload, signer: .rs(256, rsa))
    }

    static func validator(
        _ configure: (inout IDTokenValidator.Options) -> Void = { _ in }, keys: (any JWKSProviding)? = nil,
        replay: (any ReplayCache)? = nil
    ) -> IDTokenValidator {
        var options = IDTokenValidator.Options(issuer: issuer, clientID: clientID)
        configure(&options)
        return IDTokenValidator(
            options: options, keys: keys ?? JWKSCache(initial: jwks(), clock: clock), clock: clock, nonceReplayCache: replay)
    }

    /// The error code a validation throws, or "accepted".
    static func outcome(
        _ token: String, nonce: String? = "n-0S6_WzA2Mj", accessToken: String? = nil, validator v: IDTokenValidator = validator()
    ) async -> String {
        do {
            _ = try await v.validate(compact: token, nonce: nonce, accessToken: accessToken)
            return "accepted"
        } catch {
            return error.code
        }
    }
}
