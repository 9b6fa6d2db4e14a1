/// A JWS signature algorithm Gatehouse can verify (RFC 7518, RFC 8037).
public struct JWSAlgorithm: Hashable, Sendable, CustomStringConvertible {
    enum Base: String, Sendable, CaseIterable {
        case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"
        case ps256 = "PS256", ps384 = "PS384", ps512 = "PS512"
        case es256 = "ES256", es384 = "ES384"
        case edDSA = "EdDSA"
        case ed25519 = "Ed25519"
        case hs256 = "HS256", hs384 = "HS384", hs512 = "HS512"
    }
    enum Family: Sendable { case rsaPKCS1, rsaPSS, ecdsa, edDSA, hmac }
    enum HashSize: Sendable { case sha256, sha384, sha512 }

    let base: Base

    public static let rs256 = Self(base: .rs256)
    public static let rs384 = Self(base: .rs384)
    public static let rs512 = Self(base: .rs512)
    public static let ps256 = Self(base: .ps256)
    public static let ps384 = Self(base: .ps384)
    public static let ps512 = Self(base: .ps512)
    public static let es256 = Self(base: .es256)
    public static let es384 = Self(base: .es384)
    public static let edDSA = Self(base: .edDSA)
    /// RFC 9864's fully-specified name for EdDSA with an Ed25519 key (the same primitive as `EdDSA` on Ed25519).
    public static let ed25519 = Self(base: .ed25519)
    /// HMAC with the connection's client secret.
    /// - Warning: Only meaningful with ``IDTokenValidator/Options/hmacClientSecret``; whoever knows the client secret
    ///   (every instance, the IdP, anyone it leaked to) can mint ID tokens.
    public static let hs256 = Self(base: .hs256)
    public static let hs384 = Self(base: .hs384)
    public static let hs512 = Self(base: .hs512)

    /// The `alg` header value.
    public var name: String { base.rawValue }
    public var description: String { base.rawValue }

    /// Parses an `alg` value exactly (case-sensitive); `nil` for anything Gatehouse does not implement.
    public init?(name: String) {
        guard let base = Base(rawValue: name) else { return nil }
        self.base = base
    }

    init(base: Base) { self.base = base }

    var family: Family {
        switch base {
        case .rs256, .rs384, .rs512: .rsaPKCS1
        case .ps256, .ps384, .ps512: .rsaPSS
        case .es256, .es384: .ecdsa
        case .edDSA, .ed25519: .edDSA
        case .hs256, .hs384, .hs512: .hmac
        }
    }

    /// The hash for the signature and for `at_hash` (EdDSA: SHA-512, as OpenID Connect uses for Ed25519).
    var hashSize: HashSize {
        switch base {
        case .rs256, .ps256, .es256, .hs256: .sha256
        case .rs384, .ps384, .es384, .hs384: .sha384
        case .rs512, .ps512, .hs512, .edDSA, .ed25519: .sha512
        }
    }

    /// The JWK `kty` this algorithm needs.
    var keyType: String {
        switch family {
        case .rsaPKCS1, .rsaPSS: "RSA"
        case .ecdsa: "EC"
        case .edDSA: "OKP"
        case .hmac: "oct"
        }
    }

    /// The default allow-list: RS256/384/512, PS256/384/512, ES256/384, EdDSA (and its RFC 9864 name Ed25519, the
    /// same primitive). No HMAC, never `none`.
    public static let defaultAllowed: Set<JWSAlgorithm> = [
        .rs256, .rs384, .rs512, .ps256, .ps384, .ps512, .es256, .es384, .edDSA, .ed25519,
    ]
}
