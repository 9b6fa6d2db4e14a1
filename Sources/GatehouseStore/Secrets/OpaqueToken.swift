import Crypto
import struct Foundation.Data

/// Random bearer values (session cookies, SCIM tokens) and the hash the store keys them by.
public enum OpaqueToken {
    /// 32 random bytes, base64url without padding, with an optional prefix (`ghscim_`).
    public static func generate(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// Hex SHA-256 of the token's UTF-8 bytes.
    public static func hash(_ token: String) -> String {
        var hasher = SHA256()
        var text = token
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let digest = hasher.finalize()
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 64) { out in
            digits.withUTF8Buffer { hex in
                var i = 0
                for byte in digest {
                    out[i] = hex[Int(byte >> 4)]
                    out[i + 1] = hex[Int(byte & 0x0F)]
                    i += 2
                }
            }
            return 64
        }
    }
}
