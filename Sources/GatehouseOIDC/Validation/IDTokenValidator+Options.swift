public import Foundation

/// How far token times may be off the gateway's clock.
public struct ClockSkew: Sendable, Hashable {
    public let seconds: TimeInterval
    /// The default allowance, 120 s.
    public static let `default` = ClockSkew.seconds(120)
    /// - Warning: Each second of skew lets an expired token live a second longer; above a few minutes, a stolen
    ///   token stays usable well past the lifetime the IdP gave it.
    public static func seconds(_ value: TimeInterval) -> ClockSkew { ClockSkew(seconds: max(0, value)) }
}

extension IDTokenValidator {
    /// One connection's validation rules. The issuer and client ID are required; everything else has a safe default.
    public struct Options: Sendable {
        /// The exact `iss` value (compared byte for byte, trailing slash included).
        public var issuer: String
        /// The client ID: `aud` must contain it; `azp` must equal it.
        public var clientID: String
        /// Accepted `alg` values. Default: RS256/384/512, PS256/384/512, ES256/384, EdDSA.
        /// - Warning: Adding HS256/384/512 has no effect unless ``hmacClientSecret`` is set; never add an algorithm
        ///   the IdP does not use, each one is attack surface.
        public var allowedAlgorithms: Set<JWSAlgorithm> = JWSAlgorithm.defaultAllowed
        /// Default 120 s.
        public var clockSkew: ClockSkew = .default
        /// The client secret, when this connection validates HS256/384/512 ID tokens with it.
        /// - Warning: With HMAC anyone holding the client secret can mint ID tokens for any user. Use only for IdPs
        ///   that cannot sign asymmetrically, and add the HS algorithm to ``allowedAlgorithms`` explicitly.
        public var hmacClientSecret: [UInt8]?
        /// `max_age` sent in the authorization request: when set, `auth_time` is required and checked.
        public var maxAge: TimeInterval?
        /// The claim holding group names or IDs (`groups` by default; `nil` to ignore groups).
        public var groupsClaim: String? = "groups"

        public init(issuer: String, clientID: String) {
            self.issuer = issuer
            self.clientID = clientID
        }
    }
}
