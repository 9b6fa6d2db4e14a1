// Certificates from metadata, the trusted key set, and base64.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "gh_internal.h"

struct gh_keyset { EVP_PKEY **keys; unsigned char (*fingerprints)[32]; int count, cap; };

int gh_base64_decode(const char *text, unsigned char **out, size_t *out_len) {
    return gh_base64_decode_buf(text, strlen(text), out, out_len);
}

int gh_base64_decode_buf(const char *text, size_t n, unsigned char **out, size_t *out_len) {
    char *clean = malloc(n + 1);
    if (clean == NULL) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
              c == '=')) { free(clean); return -1; }
        clean[m++] = c;
    }
    if (m == 0 || m % 4 != 0) { free(clean); return -1; }
    // Padding only at the very end: "=" or "==".
    for (size_t i = 0; i + 2 < m; i++) if (clean[i] == '=') { free(clean); return -1; }
    if (clean[m - 2] == '=' && clean[m - 1] != '=') { free(clean); return -1; }
    unsigned char *buf = malloc(m / 4 * 3 + 1);
    if (buf == NULL) { free(clean); return -1; }
    int len = EVP_DecodeBlock(buf, (const unsigned char *)clean, (int)m);
    if (len < 0) { free(clean); free(buf); return -1; }
    // EVP_DecodeBlock counts padding as zero bytes.
    if (clean[m - 1] == '=') len--;
    if (clean[m - 2] == '=') len--;
    free(clean);
    *out = buf;
    *out_len = (size_t)len;
    return 0;
}

static int64_t gh_asn1_time_to_unix(const ASN1_TIME *t) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    return (int64_t)timegm(&tm);
}

static void gh_fill_key_info(EVP_PKEY *key, int *type, int *bits) {
    *type = GH_KEY_OTHER;
    *bits = key ? EVP_PKEY_get_bits(key) : 0;
    if (key == NULL) return;
    if (EVP_PKEY_is_a(key, "RSA")) *type = GH_KEY_RSA;
    else if (EVP_PKEY_is_a(key, "EC")) *type = GH_KEY_EC;
}

int gh_cert_info_der(const unsigned char *der, size_t length, gh_cert_info *out) {
    memset(out, 0, sizeof *out);
    const unsigned char *p = der;
    X509 *cert = d2i_X509(NULL, &p, (long)length);
    if (cert == NULL || p != der + length) { X509_free(cert); return -1; }
    X509_NAME_oneline(X509_get_subject_name(cert), out->subject, sizeof out->subject);
    X509_NAME_oneline(X509_get_issuer_name(cert), out->issuer, sizeof out->issuer);
    out->not_before = gh_asn1_time_to_unix(X509_get0_notBefore(cert));
    out->not_after = gh_asn1_time_to_unix(X509_get0_notAfter(cert));
    unsigned int md_len = 0;
    EVP_Digest(der, length, out->sha256, &md_len, EVP_sha256(), NULL);
    EVP_PKEY *key = X509_get0_pubkey(cert);
    gh_fill_key_info(key, &out->key_type, &out->key_bits);
    X509_free(cert);
    return 0;
}

int gh_cert_pem_to_der(const char *pem, size_t length, unsigned char **der, size_t *der_length) {
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    if (bio == NULL) return -1;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (cert == NULL) return -1;
    unsigned char *buf = NULL;
    int n = i2d_X509(cert, &buf);
    X509_free(cert);
    if (n <= 0) return -1;
    *der = malloc((size_t)n);
    if (*der == NULL) { OPENSSL_free(buf); return -1; }
    memcpy(*der, buf, (size_t)n);
    OPENSSL_free(buf);
    *der_length = (size_t)n;
    return 0;
}

gh_keyset *gh_keyset_new(void) { return calloc(1, sizeof(gh_keyset)); }

int gh_keyset_add_cert_der(gh_keyset *set, const unsigned char *der, size_t length) {
    const unsigned char *p = der;
    X509 *cert = d2i_X509(NULL, &p, (long)length);
    if (cert == NULL || p != der + length) { X509_free(cert); return -1; }
    EVP_PKEY *key = X509_get_pubkey(cert);  // owned reference
    X509_free(cert);
    if (key == NULL) return -1;
    if (set->count == set->cap) {
        int cap = set->cap ? set->cap * 2 : 4;
        EVP_PKEY **grown = realloc(set->keys, (size_t)cap * sizeof *grown);
        if (grown == NULL) { EVP_PKEY_free(key); return -1; }
        set->keys = grown;
        unsigned char (*fps)[32] = realloc(set->fingerprints, (size_t)cap * sizeof *fps);
        if (fps == NULL) { EVP_PKEY_free(key); return -1; }
        set->fingerprints = fps;
        set->cap = cap;
    }
    unsigned int md_len = 0;
    EVP_Digest(der, length, set->fingerprints[set->count], &md_len, EVP_sha256(), NULL);
    set->keys[set->count] = key;
    return set->count++;
}

int gh_keyset_find_fingerprint(const gh_keyset *set, const unsigned char fingerprint[32]) {
    for (int i = 0; set && i < set->count; i++)
        if (memcmp(set->fingerprints[i], fingerprint, 32) == 0) return i;
    return -1;
}

int gh_keyset_count(const gh_keyset *set) { return set ? set->count : 0; }
EVP_PKEY *gh_keyset_key(const gh_keyset *set, int index) {
    return (set && index >= 0 && index < set->count) ? set->keys[index] : NULL;
}

void gh_keyset_free(gh_keyset *set) {
    if (set == NULL) return;
    for (int i = 0; i < set->count; i++) EVP_PKEY_free(set->keys[i]);
    free(set->keys);
    free(set->fingerprints);
    free(set);
}
