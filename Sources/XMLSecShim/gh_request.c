// SP-side helpers for the HTTP-Redirect binding: raw DEFLATE of the AuthnRequest and the detached
// RSA/ECDSA-SHA256 signature over the query string (SAML bindings §3.4.4.1).
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <openssl/evp.h>
#include "gh_internal.h"
#include "gh_xml.h"

int gh_deflate_raw(const unsigned char *in, size_t in_len, unsigned char **out, size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    if (in_len > (1u << 20)) return 2;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 1;
    size_t cap = deflateBound(&zs, (uLong)in_len);
    unsigned char *buf = malloc(cap);
    if (buf == NULL) { deflateEnd(&zs); return 1; }
    zs.next_in = (unsigned char *)in;
    zs.avail_in = (uInt)in_len;
    zs.next_out = buf;
    zs.avail_out = (uInt)cap;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) { free(buf); deflateEnd(&zs); return 1; }
    *out = buf;
    *out_len = zs.total_out;
    deflateEnd(&zs);
    return 0;
}

int gh_privkey_sign_sha256(const gh_privkey *key, const unsigned char *data, size_t length,
                           unsigned char **signature, size_t *signature_length) {
    *signature = NULL;
    *signature_length = 0;
    const gh_privkey *view = key;
    if (view == NULL || view->pkey == NULL) return 1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) return 1;
    int rc = 1;
    size_t needed = 0;
    if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, view->pkey) == 1
        && EVP_DigestSign(ctx, NULL, &needed, data, length) == 1) {
        unsigned char *buf = malloc(needed);
        if (buf != NULL && EVP_DigestSign(ctx, buf, &needed, data, length) == 1) {
            *signature = buf;
            *signature_length = needed;
            rc = 0;
        } else {
            free(buf);
        }
    }
    EVP_MD_CTX_free(ctx);
    return rc;
}

int gh_privkey_type(const gh_privkey *key) {
    const gh_privkey *view = key;
    if (view == NULL || view->pkey == NULL) return GH_KEY_OTHER;
    switch (EVP_PKEY_get_base_id(view->pkey)) {
    case EVP_PKEY_RSA: return GH_KEY_RSA;
    case EVP_PKEY_EC: return GH_KEY_EC;
    default: return GH_KEY_OTHER;
    }
}
