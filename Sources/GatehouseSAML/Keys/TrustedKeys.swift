internal import XMLSecShim

/// The public keys an IdP's signatures are checked against: only ever built from configured metadata.
///
/// Several certificates mean a rollover: every one is tried. Read-only after construction and safe to share.
// @unchecked Sendable: owns an immutable C key set; OpenSSL keys are safe for concurrent verification.
package final class TrustedKeys: @unchecked Sendable {
    let handle: OpaquePointer
    package let certificates: [SigningCertificate]

    package init(_ certificates: [SigningCertificate]) throws(SAMLError) {
        guard let handle = gh_keyset_new() else { throw SAMLError(.keyInvalid, "out of memory") }
        self.handle = handle
        self.certificates = certificates
        for certificate in certificates {
            let index = certificate.der.withUnsafeBufferPointer { gh_keyset_add_cert_der(handle, $0.baseAddress, $0.count) }
            if index < 0 {
                throw SAMLError(.keyInvalid, "the certificate \(certificate.info.sha256Fingerprint) has no usable public key")
            }
        }
    }

    deinit { gh_keyset_free(handle) }

    package var count: Int { certificates.count }
}
