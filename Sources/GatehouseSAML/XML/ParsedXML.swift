internal import XMLSecShim

/// Limits applied before and while parsing untrusted XML.
public struct XMLLimits: Sendable {
    /// Largest document accepted, in bytes (after base64 decoding).
    public var maxBytes: Int
    /// Deepest element nesting accepted (libxml2's own hard limit is 256).
    public var maxDepth: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }
}

/// One parsed XML document: the single tree that is verified and then read.
///
/// Parsed by libxml2 with no DTD (a DOCTYPE stops the parser), no entity expansion, no network access and a depth
/// limit. The class owns the C document and frees it in `deinit`.
// @unchecked Sendable: owns a C tree; Gatehouse never mutates it from two threads (decryption happens inside
// one validation, before the tree is shared).
package final class ParsedXML: @unchecked Sendable {
    let handle: OpaquePointer

    package init(_ bytes: [UInt8], limits: XMLLimits = XMLLimits()) throws(SAMLError) {
        guard bytes.count <= limits.maxBytes else {
            throw .inputTooLarge("the document is \(bytes.count) bytes; the limit is \(limits.maxBytes)")
        }
        var status: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                gh_doc_parse(pointer, buffer.count, Int32(limits.maxDepth), &status, &message, message.count)
            }
        }
        guard let doc else {
            let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            switch Int(status) {
            case Int(GH_PARSE_DTD.rawValue): throw .dtdForbidden(detail)
            case Int(GH_PARSE_TOO_DEEP.rawValue): throw .tooDeep(detail)
            default: throw .malformedXML(detail)
            }
        }
        handle = doc
    }

    deinit { gh_doc_free(handle) }

    package var root: XMLElementRef { XMLElementRef(document: self, node: gh_doc_root(handle)) }

    /// One pass over every node: counts and duplicate IDs for the wrapping defences.
    package func scan() -> DocumentScan {
        var result = gh_scan_result()
        gh_doc_scan(handle, &result)
        let duplicate: String? = result.duplicate_id != 0
            ? withUnsafeBytes(of: result.duplicate_id_value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            : nil
        return DocumentScan(
            assertions: Int(result.assertion_count),
            encryptedAssertions: Int(result.encrypted_assertion_count),
            signatures: Int(result.signature_count),
            duplicateID: duplicate,
            entityReferences: Int(result.entity_ref_count)
        )
    }
}

/// What one pass over a document found.
package struct DocumentScan: Sendable {
    package let assertions: Int
    package let encryptedAssertions: Int
    package let signatures: Int
    package let duplicateID: String?
    package let entityReferences: Int
}
