import Foundation

/// 256-bit random tokens from the system CSPRNG, base64url without padding (43 characters).
package enum RandomToken {
    package static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        var raw: [UInt8] = []
        raw.reserveCapacity(bytes + 7)
        while raw.count < bytes {  // 8 bytes per draw: one getrandom per word, not per byte
            withUnsafeBytes(of: generator.next()) { raw.append(contentsOf: $0) }
        }
        raw.removeLast(raw.count - bytes)
        return Data(raw).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A request ID: 64 random bits as 16 hex digits (unique enough to find a request in the logs; not a secret).
    package static func requestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next()
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Compares in time independent of where the first difference is.
    package static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// A plausible token: 16–128 base64url characters. Anything else is not looked up at all.
    package static func isWellFormed(_ token: String) -> Bool {
        (16...128).contains(token.utf8.count)
            && token.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
    }
}
