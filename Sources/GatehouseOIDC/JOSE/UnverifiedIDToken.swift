/// A compact JWS ID token that has been parsed strictly but whose signature and claims are NOT checked.
///
/// Building one already enforces the shape rules: size limit (64 KiB) before any parsing, exactly three
/// base64url parts, strict JSON without duplicate keys in header and payload. Nothing in here may be trusted; only
/// ``IDTokenValidator`` turns it into a ``VerifiedIDToken``.
public struct UnverifiedIDToken: Sendable {
    /// The largest token accepted (64 KiB); larger ones are rejected before any decoding.
    public static let maximumSize = 64 * 1024

    /// The raw `header.payload` bytes the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]
    public let header: JOSEHeader
    /// The claims set, untrusted.
    public let claims: [String: JSONValue]

    public init(compact token: String) throws(OIDCError) {
        let count = token.utf8.count
        guard count <= Self.maximumSize else {
            throw OIDCError(
                .tokenTooLarge,
                "ID token is \(count) bytes; the limit is \(Self.maximumSize) bytes. Trim the claims the IdP puts in the token")
        }
        let bytes = Array(token.utf8)
        var dots = (0, 0)
        var dotCount = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
            dotCount += 1
            if dotCount == 1 { dots.0 = index } else if dotCount == 2 { dots.1 = index } else { break }
        }
        guard dotCount == 2 else {
            throw OIDCError(
                .malformed,
                "expected a compact JWS with 3 dot-separated parts (header.payload.signature), received \(min(dotCount, 3) + 1) parts"
                    + (dotCount > 2 ? " or more (an encrypted JWE ID token is not supported)" : ""))
        }
        guard let headerBytes = bytes[0..<dots.0].withUnsafeBufferPointer({ Base64URL.decode($0) }) else {
            throw OIDCError(.malformed, "the JOSE header is not canonical unpadded base64url")
        }
        guard let payloadBytes = bytes[(dots.0 + 1)..<dots.1].withUnsafeBufferPointer({ Base64URL.decode($0) }) else {
            throw OIDCError(.malformed, "the payload is not canonical unpadded base64url")
        }
        guard let signatureBytes = bytes[(dots.1 + 1)...].withUnsafeBufferPointer({ Base64URL.decode($0) }) else {
            throw OIDCError(.malformed, "the signature is not canonical unpadded base64url")
        }
        self.header = try JOSEHeader(json: headerBytes)
        self.claims = try Self.parseJSON(payloadBytes, what: "payload")
        self.signingInput = Array(bytes[0..<dots.1])
        self.signature = signatureBytes
    }

    static func parseJSON(_ bytes: [UInt8], what: String) throws(OIDCError) -> [String: JSONValue] {
        do {
            return try StrictJSON.parseObject(bytes: bytes)
        } catch .duplicateKey(let key) {
            throw OIDCError(
                .duplicateJSONKey,
                "the \(what) contains the key '\(key)' more than once; expected each key once (parsers disagree on which copy wins)")
        } catch {
            throw OIDCError(.malformed, "the \(what) is not a JSON object: \(error.message)")
        }
    }
}
