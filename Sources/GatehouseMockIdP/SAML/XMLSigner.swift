import Foundation
import MockIdPSigner

/// Swift face of the mock's own C signer (libxmlsec1 templates; no verification code).
enum XMLSigner {
    static func sign(_ xml: String, elementID: String, key: MockKey, algorithm: LoginPlan.SAMLAlgorithm) throws -> String {
        let alg: Int32 = switch algorithm {
        case .rsaSHA256: Int32(MI_RSA_SHA256.rawValue)
        case .rsaSHA512: Int32(MI_RSA_SHA512.rawValue)
        case .rsaSHA1: Int32(MI_RSA_SHA1.rawValue)
        case .ecdsaSHA256: Int32(MI_ECDSA_SHA256.rawValue)
        }
        var out: UnsafeMutablePointer<CChar>?
        var outLen = 0
        var msg = [CChar](repeating: 0, count: 256)
        let rc = xml.withCString { x in
            key.privateKeyPEM.withCString { k in
                key.certificatePEM.withCString { c in
                    mi_sign_element(x, strlen(x), k, strlen(k), c, strlen(c), elementID, alg, &out, &outLen, &msg, msg.count)
                }
            }
        }
        return try result(rc, out, msg, what: "signing \(elementID) with \(key.name)")
    }

    static func encrypt(_ xml: String, elementID: String, to cert: MockKey) throws -> String {
        var out: UnsafeMutablePointer<CChar>?
        var outLen = 0
        var msg = [CChar](repeating: 0, count: 256)
        let rc = xml.withCString { x in
            cert.certificatePEM.withCString { c in
                mi_encrypt_element(x, strlen(x), c, strlen(c), elementID, SAMLNames.assertion, "EncryptedAssertion",
                                   &out, &outLen, &msg, msg.count)
            }
        }
        return try result(rc, out, msg, what: "encrypting \(elementID) to \(cert.name)")
    }

    private static func result(_ rc: Int32, _ out: UnsafeMutablePointer<CChar>?, _ msg: [CChar], what: String) throws -> String {
        guard rc == 0, let out else {
            throw MockIdPError(.signingFailed, "\(what): \(String(decoding: msg.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        defer { mi_free(out) }
        return String(cString: out)
    }

    static func inflate(_ data: Data, limit: Int = 1 << 20) -> Data? {
        var out: UnsafeMutablePointer<UInt8>?
        var outLen = 0
        let rc = data.withUnsafeBytes { raw in
            mi_inflate_raw(raw.bindMemory(to: UInt8.self).baseAddress, data.count, limit, &out, &outLen)
        }
        guard rc == 0, let out else { return nil }
        defer { mi_free(out) }
        return Data(bytes: out, count: outLen)
    }

    static func deflate(_ data: Data) -> Data? {
        var out: UnsafeMutablePointer<UInt8>?
        var outLen = 0
        let rc = data.withUnsafeBytes { raw in
            mi_deflate_raw(raw.bindMemory(to: UInt8.self).baseAddress, data.count, &out, &outLen)
        }
        guard rc == 0, let out else { return nil }
        defer { mi_free(out) }
        return Data(bytes: out, count: outLen)
    }
}
