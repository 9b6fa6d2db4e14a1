import Foundation
internal import XMLSecShim

/// The service provider's private key, used to decrypt EncryptedAssertions addressed to it.
// @unchecked Sendable: owns an immutable xmlsec key; each decryption works on its own duplicate.
public final class SPPrivateKey: @unchecked Sendable {
    let handle: OpaquePointer

    /// Loads an unencrypted PEM private key (PKCS#8 or traditional RSA).
    public init(pem: String) throws(SAMLError) {
        guard let handle = pem.withCString({ gh_privkey_load_pem($0, strlen($0)) }) else {
            throw SAMLError(.keyInvalid, "the SP private key is not an unencrypted PEM private key")
        }
        self.handle = handle
    }

    deinit { gh_privkey_free(handle) }
}
