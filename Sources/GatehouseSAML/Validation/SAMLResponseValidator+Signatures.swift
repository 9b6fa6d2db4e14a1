import Foundation
internal import XMLSecShim

extension SAMLResponseValidator {
    /// The one ds:Signature that is a direct child of `element`, if any. Signatures anywhere else were already
    /// refused by the count check; two signatures on one element are refused here.
    func signatureChild(of element: XMLElementRef) throws(SAMLError) -> XMLElementRef? {
        let signatures = Array(element.children("Signature", in: XMLNamespace.dsig))
        guard signatures.count <= 1 else {
            throw SAMLError(.signatureLocation, "\(element.localName) carries \(signatures.count) signatures; one is accepted")
        }
        return signatures.first
    }

    /// Checks the signature count: every ds:Signature in the document must be the direct child of the Response or
    /// of the assertion that will be consumed.
    func checkSignatureLocations(found: Int, response: XMLElementRef, assertion: XMLElementRef) throws(SAMLError) {
        let expected = (try signatureChild(of: response) != nil ? 1 : 0) + (try signatureChild(of: assertion) != nil ? 1 : 0)
        guard found == expected else {
            throw SAMLError(.signatureLocation, "the document contains \(found) ds:Signature elements but only \(expected) "
                + "sit where SAML puts them (directly in the Response or the Assertion); signatures elsewhere are refused")
        }
    }

    /// Verifies an enveloped signature over `element` with the metadata keys. Returns the index of the key that
    /// verified; throws with a diagnosis otherwise.
    func verify(_ document: ParsedXML, element: XMLElementRef, signature: XMLElementRef, what: String,
                warnings: inout [String]) throws(SAMLError) -> Int {
        var result = gh_sig_result()
        let flags: Int32 = policy.allowSHA1 ? Int32(GH_SIG_ALLOW_SHA1.rawValue) : 0
        let status = gh_verify_enveloped(document.handle, element.node, signature.node, trustedKeys.handle, flags, &result)
        let detail = withUnsafeBytes(of: result.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let prefix = "\(what) signature: "
        switch UInt32(status) {
        case GH_SIG_OK.rawValue:
            if result.used_sha1 != 0 {
                warnings.append("the \(what) is signed with SHA-1, which this connection allows; ask the IdP admin to switch to SHA-256")
            }
            return Int(result.key_index)
        case GH_SIG_STRUCTURE.rawValue:
            throw SAMLError(.signatureInvalid, prefix + detail)
        case GH_SIG_ALGORITHM_FORBIDDEN.rawValue:
            throw SAMLError(.algorithmForbidden, prefix + detail)
        case GH_SIG_WEAK_ALGORITHM.rawValue:
            throw SAMLError(.weakAlgorithm, prefix + detail + "; ask the IdP admin to sign with RSA-SHA256 (or enable SHA-1 "
                + "for this connection, with a warning on every login)")
        case GH_SIG_TRANSFORM_FORBIDDEN.rawValue:
            throw SAMLError(.transformForbidden, prefix + detail)
        case GH_SIG_REFERENCE_INVALID.rawValue:
            throw SAMLError(.referenceInvalid, prefix + detail)
        case GH_SIG_DIGEST_MISMATCH.rawValue:
            throw SAMLError(.signatureInvalid, prefix + detail)
        case GH_SIG_VALUE_INVALID.rawValue, GH_SIG_NO_USABLE_KEY.rawValue:
            let trusted = trustedKeys.certificates.map { $0.info.summary }.joined(separator: "; ")
            let presented: String? = result.presented_cert != 0
                ? withUnsafeBytes(of: result.presented_sha256) { CertificateInfo.hex(Array($0)) } : nil
            if let presented, trustedKeys.certificates.contains(where: { $0.info.sha256Fingerprint == presented }),
               status == Int32(GH_SIG_VALUE_INVALID.rawValue) {
                throw SAMLError(.signatureInvalid, prefix + "the SignedInfo does not verify with the metadata certificate it names "
                    + "(SHA-256 \(presented)): the signature was altered")
            }
            let arrived = presented.map { "the message names a certificate with SHA-256 \($0), which is not in the metadata" }
                ?? "the message names no certificate"
            throw SAMLError(.untrustedKey, prefix + "\(detail). It was signed by a key this connection does not trust: "
                + "\(arrived). Trusted (from metadata): \(trusted). If the IdP rotated its certificate, import its new metadata.")
        default:
            throw SAMLError(.signatureInvalid, prefix + (detail.isEmpty ? "verification failed" : detail))
        }
    }

    /// Decrypts the EncryptedAssertion in place with the SP key and returns the decrypted element.
    func decrypt(_ document: ParsedXML, _ container: XMLElementRef) throws(SAMLError) -> XMLElementRef {
        guard let key = policy.decryptionKey else {
            throw SAMLError(.decryptionKeyMissing, "the IdP sent an EncryptedAssertion but no SP decryption key is configured "
                + "for this connection; configure the SP private key whose certificate the IdP encrypts to")
        }
        var message = [CChar](repeating: 0, count: 512)
        var out: UnsafeRawPointer?
        let flags: Int32 = policy.allowAESCBC ? Int32(GH_DECRYPT_ALLOW_CBC.rawValue) : 0
        let status = gh_decrypt_element(document.handle, container.node, key.handle, flags, &out, &message, message.count)
        let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch UInt32(status) {
        case GH_DECRYPT_OK.rawValue: return XMLElementRef(document: document, node: out)
        case GH_DECRYPT_ALGORITHM_FORBIDDEN.rawValue: throw SAMLError(.encryptionAlgorithmForbidden, detail)
        case GH_DECRYPT_STRUCTURE.rawValue: throw SAMLError(.decryptFailed, detail)
        default: throw SAMLError(.decryptFailed, detail)
        }
    }
}
