internal import XMLSecShim

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
    package static func decode(_ input: [UInt8]) -> [UInt8]? {
        var ok = false
        let decoded = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { buffer, count in
            var length = 0
            let status = input.withUnsafeBufferPointer { text in
                text.withMemoryRebound(to: CChar.self) { gh_base64_decode_into($0.baseAddress, $0.count, buffer.baseAddress, &length) }
            }
            ok = status == 0
            count = ok ? length : 0
        }
        return ok ? decoded : nil
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
