/// Strict base64url (RFC 4648 §5) without padding, as JWS compact serialization requires.
///
/// Rejects padding, characters outside the URL-safe alphabet, impossible lengths and non-zero trailing bits, so one
/// token has exactly one encoding (no malleable signatures or claims).
package enum Base64URL {
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for (index, c) in alphabet.enumerated() { t[Int(c)] = UInt8(index) }
        return t
    }()
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Decodes `bytes`; `nil` when they are not canonical unpadded base64url.
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = bytes.count
        if n % 4 == 1 { return nil }
        var out = [UInt8]()
        out.reserveCapacity(n * 3 / 4)
        return table.withUnsafeBufferPointer { t -> [UInt8]? in
            var i = 0
            while i + 4 <= n {
                let a = t[Int(bytes[i])], b = t[Int(bytes[i + 1])], c = t[Int(bytes[i + 2])], d = t[Int(bytes[i + 3])]
                if (a | b | c | d) & 0xC0 != 0 { return nil }
                out.append(a << 2 | b >> 4)
                out.append(b << 4 | c >> 2)
                out.append(c << 6 | d)
                i += 4
            }
            let rest = n - i
            if rest == 2 {
                let a = t[Int(bytes[i])], b = t[Int(bytes[i + 1])]
                if (a | b) & 0xC0 != 0 || b & 0x0F != 0 { return nil }
                out.append(a << 2 | b >> 4)
            } else if rest == 3 {
                let a = t[Int(bytes[i])], b = t[Int(bytes[i + 1])], c = t[Int(bytes[i + 2])]
                if (a | b | c) & 0xC0 != 0 || c & 0x03 != 0 { return nil }
                out.append(a << 2 | b >> 4)
                out.append(b << 4 | c >> 2)
            }
            return out
        }
    }

    package static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 0x3F)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(6 - bits)) & 0x3F)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
