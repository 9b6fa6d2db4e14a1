public import Foundation
internal import XMLSecShim

/// What an administrator needs to know about a signing certificate: who, until when, and its fingerprint.
public struct CertificateInfo: Sendable, Hashable, Codable {
    public let subject: String
    public let issuer: String
    public let notBefore: Date
    public let notAfter: Date
    /// SHA-256 of the DER certificate, lowercase hex with colons (what `openssl x509 -fingerprint -sha256` prints).
    public let sha256Fingerprint: String
    public let keyType: String
    public let keyBits: Int

    /// Reads a DER certificate.
    public init(der: [UInt8]) throws(SAMLError) {
        var info = gh_cert_info()
        let status = der.withUnsafeBufferPointer { gh_cert_info_der($0.baseAddress, $0.count, &info) }
        guard status == 0 else { throw SAMLError(.keyInvalid, "the certificate is not a readable DER X.509 certificate") }
        subject = withUnsafeBytes(of: info.subject) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        issuer = withUnsafeBytes(of: info.issuer) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        notBefore = Date(timeIntervalSince1970: TimeInterval(info.not_before))
        notAfter = Date(timeIntervalSince1970: TimeInterval(info.not_after))
        sha256Fingerprint = withUnsafeBytes(of: info.sha256) { Self.hex(Array($0)) }
        keyType = info.key_type == Int32(GH_KEY_RSA.rawValue) ? "RSA" : info.key_type == Int32(GH_KEY_EC.rawValue) ? "EC" : "other"
        keyBits = Int(info.key_bits)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined(separator: ":")
    }

    /// "SHA-256 ab:cd:… (CN=…, valid until 2026-05-01T00:00:00Z)"
    public var summary: String {
        "SHA-256 \(sha256Fingerprint) (\(subject), valid until \(SAMLTime.format(notAfter)))"
    }
}

/// A signing certificate from metadata: its DER bytes and what they say.
public struct SigningCertificate: Sendable, Hashable {
    public let der: [UInt8]
    public let info: CertificateInfo

    public init(der: [UInt8]) throws(SAMLError) {
        self.der = der
        self.info = try CertificateInfo(der: der)
    }

    /// Reads one PEM certificate.
    public init(pem: String) throws(SAMLError) {
        var out: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = pem.withCString { gh_cert_pem_to_der($0, strlen($0), &out, &length) }
        guard status == 0, let out else { throw SAMLError(.keyInvalid, "not a PEM certificate") }
        defer { gh_free(out) }
        try self.init(der: Array(UnsafeBufferPointer(start: out, count: length)))
    }
}
