import Crypto
import CryptoExtras
import Foundation
import GatehouseCore

/// `gatehouse bench oidc`: ID-token validations per second, JWKS in memory, on the calling task (one core).
///
/// Tokens look like a typical IdP's (RS256 with a 2048-bit key, ES256 on P-256, ~15 claims); each iteration runs
/// the full ``IDTokenValidator/validate(compact:nonce:accessToken:)`` path: parse, header rules, key lookup through
/// the ``JWKSCache`` actor, signature, claims.
package enum OIDCBenchmark {
    package struct Result: Sendable {
        package let algorithm: String
        package let validations: Int
        package let seconds: Double
        /// Process CPU seconds used (openssl speed counts CPU time; on a shared machine wall time undercounts).
        package let cpuSeconds: Double
        package var perSecond: Double { Double(validations) / seconds }
        package var perCPUSecond: Double { Double(validations) / max(cpuSeconds, 1e-9) }
    }

    package static let issuer = "https://login.bench.example/tenant/v2.0"

    /// Which ES256 verifier this process uses: `comb-table` (``P256CombTable``) or `swift-crypto` (the fallback).
    package static var es256Verifier: String { P256CombTable.isAvailable ? "comb-table" : "swift-crypto" }
    package static let clientID = "gatehouse-bench"

    /// Runs RS256 then ES256 for `seconds` each.
    package static func run(seconds: Double) async throws -> [Result] {
        let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let ec = P256.Signing.PrivateKey()
        let now = Date()
        let jwks = """
            {"keys":[
            {"kty":"RSA","kid":"rsa-1","use":"sig","alg":"RS256","n":"\(Base64URL.encode(rsaComponent(rsa.publicKey, \.modulus)))","e":"\(Base64URL.encode(rsaComponent(rsa.publicKey, \.publicExponent)))"},
            {"kty":"EC","kid":"ec-1","use":"sig","alg":"ES256","crv":"P-256","x":"\(Base64URL.encode(ec.publicKey.rawRepresentation.prefix(32)))","y":"\(Base64URL.encode(ec.publicKey.rawRepresentation.suffix(32)))"}
            ]}
            """
        let set = try JWKSet(json: Array(jwks.utf8))
        let validator = IDTokenValidator(
            options: .init(issuer: issuer, clientID: clientID), keys: JWKSCache(initial: set), clock: SystemClock())
        let claims = payload(now: now)
        let rsToken = try sign(header: #"{"alg":"RS256","kid":"rsa-1","typ":"JWT"}"#, payload: claims) {
            Array(try rsa.signature(for: SHA256.hash(data: $0), padding: .insecurePKCS1v1_5).rawRepresentation)
        }
        let esToken = try sign(header: #"{"alg":"ES256","kid":"ec-1","typ":"JWT"}"#, payload: claims) {
            Array(try ec.signature(for: SHA256.hash(data: $0)).rawRepresentation)
        }
        var results: [Result] = []
        for (name, token) in [("RS256", rsToken), ("ES256", esToken)] {
            _ = try await validator.validate(compact: token, nonce: "bench-nonce")  // warm-up, and proves it validates
            var count = 0
            let cpuStart = cpuTime()
            let start = ContinuousClock.now
            let deadline = start + .seconds(seconds)
            while ContinuousClock.now < deadline {
                for _ in 0..<64 { _ = try await validator.validate(compact: token, nonce: "bench-nonce") }
                count += 64
            }
            let elapsed = ContinuousClock.now - start
            let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            results.append(Result(algorithm: name, validations: count, seconds: secondsElapsed, cpuSeconds: cpuTime() - cpuStart))
        }
        return results
    }

    /// Per-stage rates (parse only, RSA and P-256 signature only, SHA-256, and swift-crypto's own P-256 verify for
    /// comparison with the comb table), to see where time goes.
    package static func breakdown(seconds: Double) async throws -> [String: Int] {
        let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let token = try sign(header: #"{"alg":"RS256","kid":"rsa-1","typ":"JWT"}"#, payload: payload(now: Date())) {
            Array(try rsa.signature(for: SHA256.hash(data: $0), padding: .insecurePKCS1v1_5).rawRepresentation)
        }
        let parsed = try UnverifiedIDToken(compact: token)
        let key = VerificationKey.rsa(rsa.publicKey)
        func rate(_ body: () throws -> Void) rethrows -> Int {
            var count = 0
            let start = ContinuousClock.now
            while ContinuousClock.now - start < .seconds(seconds) {
                for _ in 0..<64 { try body() }
                count += 64
            }
            let e = ContinuousClock.now - start
            return Int(Double(count) / (Double(e.components.seconds) + Double(e.components.attoseconds) / 1e18))
        }
        let parse = try rate { _ = try UnverifiedIDToken(compact: token) }
        let verify = try rate { _ = try key.verify(parsed.signature, over: parsed.signingInput, algorithm: .rs256) }
        let sha = rate { _ = SHA256.hash(data: parsed.signingInput) }
        let ec = P256.Signing.PrivateKey()
        let ecSignature = Array(try ec.signature(for: SHA256.hash(data: parsed.signingInput)).rawRepresentation)
        let ecKey = VerificationKey.p256(P256VerificationKey(ec.publicKey))
        let ecVerify = try rate { _ = try ecKey.verify(ecSignature, over: parsed.signingInput, algorithm: .es256) }
        let ecParsed = try P256.Signing.ECDSASignature(rawRepresentation: ecSignature)
        let ecReference = rate { _ = ec.publicKey.isValidSignature(ecParsed, for: SHA256.hash(data: parsed.signingInput)) }
        let buildStart = ContinuousClock.now
        for _ in 0..<20 { _ = P256CombTable(rawRepresentation: ec.publicKey.rawRepresentation) }
        let build = (ContinuousClock.now - buildStart) / 20
        return [
            "p256TableBuildMicroseconds": Int(build.components.attoseconds / 1_000_000_000_000) + Int(build.components.seconds) * 1_000_000,
            "parsePerSecond": parse, "rsaVerifyPerSecond": verify, "p256VerifyPerSecond": ecVerify,
            "p256VerifySwiftCryptoPerSecond": ecReference, "sha256PerSecond": sha,
        ]
    }

    static func cpuTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func rsaComponent(_ key: _RSA.Signing.PublicKey, _ path: KeyPath<_RSA.Signing.PublicKey.Primitives, Data>) -> [UInt8] {
        (try? Array(key.getKeyPrimitives()[keyPath: path])) ?? []
    }

    static func payload(now: Date) -> String {
        let t = Int(now.timeIntervalSince1970)
        return """
            {"iss":"\(issuer)","sub":"AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ","aud":"\(clientID)","exp":\(t + 3600),"iat":\(t - 10),"nbf":\(t - 10),"nonce":"bench-nonce","auth_time":\(t - 20),"email":"ada.lovelace@example.com","name":"Ada Lovelace","preferred_username":"ada@example.com","oid":"00000000-0000-0000-66f3-3332eca7ea81","tid":"9122040d-6c67-4c5b-b112-36a304b66dad","groups":["b9a1f5c2-1111-4e2b-9c3d-000000000001","b9a1f5c2-1111-4e2b-9c3d-000000000002"],"ver":"2.0"}
            """
    }

    static func sign(header: String, payload: String, _ signer: ([UInt8]) throws -> [UInt8]) throws -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(try signer(Array(input.utf8)))
    }
}
