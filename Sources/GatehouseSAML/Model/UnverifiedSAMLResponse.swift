/// A SAML Response as it arrived: bytes nobody has checked yet.
///
/// Only ``SAMLResponseValidator`` turns it into a ``VerifiedAssertion``; nothing else can read values from it.
public struct UnverifiedSAMLResponse: Sendable {
    package let xml: [UInt8]

    /// From the `SAMLResponse` form value as a browser posts it: base64, line breaks and spaces tolerated.
    /// A value that starts with `<` is taken as raw XML (for tooling and the CLI).
    public init(formValue: [UInt8], limits: XMLLimits = XMLLimits()) throws(SAMLError) {
        let start = formValue.firstIndex { !Self.isSpace($0) } ?? formValue.endIndex
        if start < formValue.endIndex, formValue[start] == UInt8(ascii: "<") {
            guard formValue.count <= limits.maxBytes else {
                throw .inputTooLarge("the SAMLResponse is \(formValue.count) bytes; the limit is \(limits.maxBytes)")
            }
            xml = formValue
            return
        }
        // Reject oversized input before decoding it.
        guard formValue.count <= limits.maxBytes / 3 * 4 + 4096 else {
            throw .inputTooLarge("the SAMLResponse form value is \(formValue.count) bytes; decoded it would exceed the "
                + "\(limits.maxBytes)-byte limit")
        }
        guard let decoded = Base64.decode(formValue) else {
            throw SAMLError(.malformedBase64, "the SAMLResponse value is not valid base64 (HTTP-POST binding)")
        }
        guard decoded.count <= limits.maxBytes else {
            throw .inputTooLarge("the decoded SAMLResponse is \(decoded.count) bytes; the limit is \(limits.maxBytes)")
        }
        xml = decoded
    }

    /// From a decoded XML document.
    public init(xml: [UInt8]) { self.xml = xml }

    static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
}

/// Strict base64 (RFC 4648, standard alphabet, padding required), ignoring ASCII whitespace.
package enum Base64 {
    private static let table: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    package static func decode(_ input: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var quad: UInt32 = 0, n = 0, padding = 0
        for c in input {
            if UnverifiedSAMLResponse.isSpace(c) { continue }
            if c == UInt8(ascii: "=") { padding += 1; quad <<= 6; n += 1 }
            else {
                let v = table[Int(c)]
                guard v >= 0, padding == 0 else { return nil }
                quad = quad << 6 | UInt32(v)
                n += 1
            }
            if n == 4 {
                guard padding <= 2 else { return nil }
                out.append(UInt8(truncatingIfNeeded: quad >> 16))
                if padding < 2 { out.append(UInt8(truncatingIfNeeded: quad >> 8)) }
                if padding < 1 { out.append(UInt8(truncatingIfNeeded: quad)) }
                if padding > 0 { n = -1000 }  // nothing may follow padding
                else { n = 0 }
                quad = 0
            }
        }
        guard n == 0 || n == -1000, !out.isEmpty else { return nil }
        return out
    }

    package static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(v >> 18 & 63)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], alphabet[Int(v & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let v = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out += [alphabet[Int(v >> 18 & 63)], alphabet[Int(v >> 12 & 63)]]
            out += rest == 2 ? [alphabet[Int(v >> 6 & 63)], UInt8(ascii: "=")] : [UInt8(ascii: "="), UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
