import Crypto
import Foundation
import GatehouseCore

extension IDTokenValidator {
    func checkClaims(_ token: UnverifiedIDToken, algorithm: JWSAlgorithm, nonce: String?, accessToken: String?)
        async throws(OIDCError) -> VerifiedIDToken
    {
        let claims = token.claims
        let now = clock.now().timeIntervalSince1970
        let skew = options.clockSkew.seconds

        // iss: exact.
        let iss = try requiredString(claims, "iss")
        guard iss == options.issuer else {
            throw OIDCError(.issuerMismatch, "iss is '\(iss)'; expected exactly '\(options.issuer)'")
        }
        let sub = try requiredString(claims, "sub")
        guard !sub.isEmpty else { throw OIDCError(.claimInvalid, "sub is empty; expected the user's identifier at the IdP") }

        // aud: string or array of strings, containing the client ID; azp when several audiences.
        let audience: [String]
        switch claims["aud"] {
        case .string(let s)?: audience = [s]
        case .array(let list)? where !list.isEmpty && list.allSatisfy({ $0.stringValue != nil }):
            audience = list.compactMap(\.stringValue)
        case nil: throw OIDCError(.claimMissing, "the token has no aud; expected it to contain '\(options.clientID)'")
        case let other?: throw OIDCError(.claimInvalid, "aud is a \(other.typeName); expected a string or an array of strings")
        }
        guard audience.contains(options.clientID) else {
            throw OIDCError(
                .audienceMismatch,
                "aud is \(audience.map { "'\($0)'" }.joined(separator: ", ")); expected it to contain the client ID '\(options.clientID)'")
        }
        let azp = try optionalString(claims, "azp")
        if audience.count > 1, azp == nil {
            throw OIDCError(
                .azpMismatch, "the token has \(audience.count) audiences but no azp; expected azp '\(options.clientID)'")
        }
        if let azp, azp != options.clientID {
            throw OIDCError(.azpMismatch, "azp is '\(azp)'; expected the client ID '\(options.clientID)'")
        }

        // Times.
        let exp = try requiredTime(claims, "exp")
        guard now <= exp + skew else {
            throw OIDCError(
                .expired, "the token expired at \(Self.iso(exp)); now is \(Self.iso(now)) (clock skew allowed: \(Int(skew)) s)")
        }
        let iat = try requiredTime(claims, "iat")
        guard iat <= now + skew else {
            throw OIDCError(
                .issuedInFuture,
                "iat is \(Self.iso(iat)), in the future; now is \(Self.iso(now)) (skew \(Int(skew)) s). Check the IdP's and the gateway's clocks")
        }
        if claims["nbf"] != nil {
            let nbf = try requiredTime(claims, "nbf")
            guard nbf <= now + skew else {
                throw OIDCError(
                    .notYetValid, "the token is not valid before \(Self.iso(nbf)); now is \(Self.iso(now)) (skew \(Int(skew)) s)")
            }
        }

        // nonce.
        if let nonce {
            guard let received = try optionalString(claims, "nonce") else {
                throw OIDCError(.nonceMismatch, "the token has no nonce; expected the nonce stored for this login")
            }
            guard Self.constantTimeEqual(received, nonce) else {
                throw OIDCError(
                    .nonceMismatch, "the token's nonce differs from the one stored for this login (replayed or swapped token)")
            }
        }

        // auth_time / max_age.
        var authTime: Double?
        if claims["auth_time"] != nil { authTime = try requiredTime(claims, "auth_time") }
        if let maxAge = options.maxAge {
            guard let authTime else {
                throw OIDCError(.claimMissing, "max_age was requested but the token has no auth_time")
            }
            guard now <= authTime + maxAge + skew else {
                throw OIDCError(
                    .authTooOld,
                    "the user authenticated at \(Self.iso(authTime)), more than max_age \(Int(maxAge)) s ago (now \(Self.iso(now)))")
            }
        }

        if let accessToken, let atHash = try optionalString(claims, "at_hash") {
            let expected = Self.leftHalfHash(accessToken, algorithm: algorithm)
            guard Self.constantTimeEqual(atHash, expected) else {
                throw OIDCError(.atHashMismatch, "at_hash does not match the access token returned with this ID token")
            }
        }

        let groups = try readGroups(claims)

        if let nonce, let nonceReplayCache {
            let first: Bool
            do {
                first = try await nonceReplayCache.consume("oidc-nonce:\(iss):\(nonce)", expiresAt: Date(timeIntervalSince1970: exp + skew))
            } catch {
                throw OIDCError(.nonceReplayed, "the nonce replay cache is unavailable; refusing the token (fail closed)")
            }
            guard first else {
                throw OIDCError(.nonceReplayed, "this nonce was already used by an earlier ID token; each login's nonce is single use")
            }
        }

        return VerifiedIDToken(
            issuer: iss, subject: sub, audience: audience, expiresAt: Date(timeIntervalSince1970: exp),
            issuedAt: Date(timeIntervalSince1970: iat), authTime: authTime.map { Date(timeIntervalSince1970: $0) },
            groups: groups, algorithm: algorithm, keyID: token.header.keyID, claims: claims)
    }

    // MARK: Helpers

    func requiredString(_ claims: [String: JSONValue], _ name: String) throws(OIDCError) -> String {
        guard let value = try optionalString(claims, name) else {
            throw OIDCError(.claimMissing, "the token has no \(name) claim")
        }
        return value
    }

    func optionalString(_ claims: [String: JSONValue], _ name: String) throws(OIDCError) -> String? {
        guard let value = claims[name] else { return nil }
        guard let s = value.stringValue else {
            throw OIDCError(.claimInvalid, "\(name) is a \(value.typeName); expected a string")
        }
        return s
    }

    func requiredTime(_ claims: [String: JSONValue], _ name: String) throws(OIDCError) -> Double {
        guard let value = claims[name] else { throw OIDCError(.claimMissing, "the token has no \(name) claim") }
        guard let seconds = value.numberValue, seconds >= 0, seconds < 253_402_300_800 else {
            throw OIDCError(.claimInvalid, "\(name) is a \(value.typeName); expected seconds since 1970 as a number")
        }
        return seconds
    }

    static func iso(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a.utf8, b.utf8) { diff |= x ^ y }
        return diff == 0
    }

    /// base64url of the left half of the hash of `value`, as `at_hash`/`c_hash` (OIDC Core 3.1.3.6).
    static func leftHalfHash(_ value: String, algorithm: JWSAlgorithm) -> String {
        let bytes = Array(value.utf8)
        let digest: [UInt8]
        switch algorithm.hashSize {
        case .sha256: digest = Array(SHA256.hash(data: bytes))
        case .sha384: digest = Array(SHA384.hash(data: bytes))
        case .sha512: digest = Array(SHA512.hash(data: bytes))
        }
        return Base64URL.encode(digest.prefix(digest.count / 2))
    }
}
