#ifndef GH_XML_H
#define GH_XML_H
// Gatehouse's own C surface over libxml2, libxmlsec1 and OpenSSL. Swift sees only these functions and opaque
// handles: no libxml2, xmlsec or ICU type leaves this target (see shared note xmlsec-from-swiftpm.md).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Initialises libxml2, xmlsec and OpenSSL once per process (thread-safe, idempotent). 0 on success.
int gh_init(void);

/// Frees memory returned by gh_* functions that say "caller frees".
void gh_free(void *pointer);

/// Strict base64 (standard alphabet, padding required), ASCII whitespace ignored. 0 on success; *out: caller
/// frees with gh_free.
int gh_base64_decode_buf(const char *text, size_t length, unsigned char **out, size_t *out_len);
/// The same, into `out`, which must hold length / 4 * 3 + 3 bytes. 0 on success.
int gh_base64_decode_into(const char *text, size_t length, unsigned char *out, size_t *out_len);

// MARK: Parsing

typedef struct gh_doc gh_doc;
/// An element inside a gh_doc. Borrowed: valid while its gh_doc lives.
typedef const void *gh_node;

enum gh_parse_status {
    GH_PARSE_OK = 0,
    GH_PARSE_MALFORMED = 1,  // not well-formed XML
    GH_PARSE_DTD = 2,        // a DOCTYPE / DTD / entity declaration: refused before it is processed
    GH_PARSE_TOO_DEEP = 3,   // nesting deeper than the limit
    GH_PARSE_EMPTY = 4,      // no root element
};

/// Parses `bytes` with no DTD, no entity substitution, no network access and a nesting limit.
/// Returns NULL and sets *status (and a message in msg) when the input is refused.
gh_doc *gh_doc_parse(const char *bytes, size_t length, int max_depth, int *status, char *msg, size_t msg_len);
void gh_doc_free(gh_doc *doc);
gh_node gh_doc_root(const gh_doc *doc);

// MARK: Navigation (elements only; comments, processing instructions and text are skipped)

gh_node gh_node_first_element_child(gh_node node);
gh_node gh_node_next_element_sibling(gh_node node);
gh_node gh_node_parent_element(gh_node node);
/// Local name; never NULL for an element.
const char *gh_node_name(gh_node node);
/// Namespace URI, or NULL when the element has none.
const char *gh_node_ns(gh_node node);
/// Value of the attribute `name` with no namespace, or NULL. Caller frees.
char *gh_node_attr(gh_node node, const char *name);
/// Value of the attribute `name` in namespace `ns`, or NULL. Caller frees.
char *gh_node_attr_ns(gh_node node, const char *name, const char *ns);

enum gh_text_status {
    GH_TEXT_OK = 0,
    GH_TEXT_HAS_ELEMENTS = 1,  // the element has element children: not a simple value
    GH_TEXT_HAS_ENTITY = 2,    // an unexpanded entity reference: refused
};
/// The element's value: all its text and CDATA children concatenated, comments and processing instructions
/// skipped, so `a@corp.test<!---->.evil.test` reads as the whole `a@corp.test.evil.test` that c14n signed.
/// With deep = 1, text of descendant elements is included too. *out: caller frees.
int gh_node_text(gh_node node, int deep, char **out);

// MARK: Whole-document scan (one pass; for wrapping and duplicate-ID defences)

typedef struct {
    int element_count;
    int max_depth;
    int assertion_count;       // saml:Assertion anywhere in the document
    int encrypted_assertion_count; // saml:EncryptedAssertion anywhere
    int signature_count;       // ds:Signature anywhere
    int duplicate_id;          // 1 when two elements carry the same ID / Id / id / xml:id value
    char duplicate_id_value[128];
    int entity_ref_count;      // unexpanded entity references anywhere
} gh_scan_result;
void gh_doc_scan(const gh_doc *doc, gh_scan_result *out);

// MARK: Certificates and trusted keys

typedef struct {
    char subject[256];
    char issuer[256];
    int64_t not_before;   // Unix seconds
    int64_t not_after;    // Unix seconds
    unsigned char sha256[32];
    int key_type;         // GH_KEY_RSA / GH_KEY_EC / GH_KEY_OTHER
    int key_bits;
} gh_cert_info;

enum gh_key_type { GH_KEY_OTHER = 0, GH_KEY_RSA = 1, GH_KEY_EC = 2 };

/// Parses a DER X.509 certificate. 0 on success.
int gh_cert_info_der(const unsigned char *der, size_t length, gh_cert_info *out);
/// Converts one PEM certificate to DER. *der: caller frees. 0 on success.
int gh_cert_pem_to_der(const char *pem, size_t length, unsigned char **der, size_t *der_length);

/// A set of trusted public keys, read-only once built; safe to share between threads.
typedef struct gh_keyset gh_keyset;
gh_keyset *gh_keyset_new(void);
/// Adds the public key of a DER certificate. Returns its index, or -1 when the certificate cannot be read.
int gh_keyset_add_cert_der(gh_keyset *set, const unsigned char *der, size_t length);
int gh_keyset_count(const gh_keyset *set);
void gh_keyset_free(gh_keyset *set);

// MARK: Enveloped XML-DSig verification on the parsed tree

enum gh_sig_status {
    GH_SIG_OK = 0,
    GH_SIG_STRUCTURE = 1,            // Signature/SignedInfo/Reference not shaped as XML-DSig requires
    GH_SIG_ALGORITHM_FORBIDDEN = 2,  // HMAC, MD5, unknown signature/digest/c14n algorithm
    GH_SIG_WEAK_ALGORITHM = 3,       // SHA-1 without opt-in
    GH_SIG_TRANSFORM_FORBIDDEN = 4,  // anything but enveloped-signature and (exclusive) c14n without comments
    GH_SIG_REFERENCE_INVALID = 5,    // not exactly one Reference to "#" + the parent element's ID
    GH_SIG_DIGEST_MISMATCH = 6,      // the signed element changed after signing
    GH_SIG_VALUE_INVALID = 7,        // SignatureValue does not verify with any trusted key
    GH_SIG_NO_USABLE_KEY = 8,        // no trusted key of the algorithm's type
    GH_SIG_INTERNAL = 9,
};

enum gh_sig_flags { GH_SIG_ALLOW_SHA1 = 1 };

typedef struct {
    int status;
    int used_sha1;                      // 1 when SHA-1 was accepted under GH_SIG_ALLOW_SHA1
    int key_index;                      // index of the trusted key that verified, or -1
    int presented_cert;                 // 1 when KeyInfo carried an X509Certificate (never trusted; for diagnostics)
    unsigned char presented_sha256[32]; // its SHA-256 fingerprint
    char signature_method[128];
    char digest_method[128];
    char message[512];                  // detail for the administrator
} gh_sig_result;

/// Verifies `signature` (a ds:Signature that is a direct child of `element`) as an enveloped signature over
/// `element`, using only keys from `keys`. Never reads keys from the message.
int gh_verify_enveloped(const gh_doc *doc, gh_node element, gh_node signature, const gh_keyset *keys, int flags,
                        gh_sig_result *out);

// MARK: Decryption (xmlsec)

typedef struct gh_privkey gh_privkey;
/// Loads an unencrypted PEM private key (PKCS#8 or traditional). NULL on failure.
gh_privkey *gh_privkey_load_pem(const char *pem, size_t length);
void gh_privkey_free(gh_privkey *key);

enum gh_decrypt_status {
    GH_DECRYPT_OK = 0,
    GH_DECRYPT_STRUCTURE = 1,            // EncryptedData/EncryptedKey missing or shaped wrongly
    GH_DECRYPT_ALGORITHM_FORBIDDEN = 2,  // rsa-1_5, AES-CBC without opt-in, unknown
    GH_DECRYPT_FAILED = 3,               // wrong key, corrupted data, or content that is not XML
};
enum gh_decrypt_flags { GH_DECRYPT_ALLOW_CBC = 1 };

/// Decrypts `encrypted_assertion` (saml:EncryptedAssertion) in place with the SP's key: the decrypted element
/// replaces the xenc:EncryptedData in the same tree. *out_element: the decrypted element.
int gh_decrypt_element(gh_doc *doc, gh_node encrypted_assertion, const gh_privkey *key, int flags,
                       gh_node *out_element, char *msg, size_t msg_len);

// MARK: SP requests (HTTP-Redirect binding)

/// Raw DEFLATE (RFC 1951, no zlib header) of at most 1 MiB. 0 on success; *out is freed with gh_free.
int gh_deflate_raw(const unsigned char *in, size_t in_len, unsigned char **out, size_t *out_len);
/// SHA-256 signature (RSA PKCS#1 v1.5 or ECDSA DER) over `data` with the SP key. 0 on success; freed with gh_free.
int gh_privkey_sign_sha256(const gh_privkey *key, const unsigned char *data, size_t length,
                           unsigned char **signature, size_t *signature_length);
/// The key's type (enum gh_key_type).
int gh_privkey_type(const gh_privkey *key);

#ifdef __cplusplus
}
#endif
#endif
