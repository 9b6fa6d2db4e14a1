#ifndef MI_SIGNER_H
#define MI_SIGNER_H
// The mock IdP's own signing surface over libxmlsec1. Signing only: nothing here verifies anything, and nothing
// is shared with the gateway's verifier (XMLSecShim is used for its one-per-process gh_init() only).
// Swift sees only these functions, never a libxml2/xmlsec type (see shared note xmlsec-from-swiftpm.md).

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mi_sig_alg {
    MI_RSA_SHA256 = 0,
    MI_RSA_SHA512 = 1,
    MI_RSA_SHA1 = 2,     // with a SHA-1 digest: for the `sign.sha1` scenario only
    MI_ECDSA_SHA256 = 3,
};

/// Signs the element whose `ID` attribute equals `element_id` with an enveloped XML-DSig signature
/// (exclusive c14n, one same-document reference), placed right after the element's `Issuer` child (or first).
/// `cert_pem` (may be NULL) is embedded as `ds:X509Certificate`. Returns 0 and the whole document in *out
/// (caller frees with mi_free), or non-zero with a message in `msg`.
int mi_sign_element(const char *xml, size_t xml_len,
                    const char *key_pem, size_t key_len,
                    const char *cert_pem, size_t cert_len,
                    const char *element_id, int alg,
                    char **out, size_t *out_len, char *msg, size_t msg_len);

/// Replaces the element whose `ID` is `element_id` by an `EncryptedAssertion`-style `xenc:EncryptedData`
/// (AES-256-GCM content key, wrapped with RSA-OAEP to the certificate `cert_pem`), inside a new wrapper element
/// `wrapper_name` in namespace `wrapper_ns` (prefix `saml`). 0 on success; *out: caller frees with mi_free.
int mi_encrypt_element(const char *xml, size_t xml_len,
                       const char *cert_pem, size_t cert_len,
                       const char *element_id, const char *wrapper_ns, const char *wrapper_name,
                       char **out, size_t *out_len, char *msg, size_t msg_len);


/// Raw DEFLATE (RFC 1951) inflate, as the SAML HTTP-Redirect binding uses; refuses output above `max_out`.
/// 0 on success; *out: caller frees with mi_free.
int mi_inflate_raw(const unsigned char *in, size_t in_len, size_t max_out, unsigned char **out, size_t *out_len);
/// Raw DEFLATE compression (for building HTTP-Redirect URLs in tests and the driver). *out: caller frees.
int mi_deflate_raw(const unsigned char *in, size_t in_len, unsigned char **out, size_t *out_len);

/// What the IdP reads from an AuthnRequest. Fields are empty strings when absent.
typedef struct {
    char id[256];
    char issuer[1024];
    char acs_url[1024];
    char destination[1024];
    char protocol_binding[256];
    char name_id_format[256];
    int force_authn;
    int is_passive;
    int has_signature;
} mi_authn_request;

/// Parses an AuthnRequest (no DTD, no network, 1 MiB limit). 0 on success; else a message in msg.
int mi_parse_authn_request(const char *xml, size_t len, mi_authn_request *out, char *msg, size_t msg_len);

void mi_free(void *pointer);

#ifdef __cplusplus
}
#endif
#endif
