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

// Table-driven strict decoder: entries are the alphabet value + 1 (1..64), 65 for '=', 66 for ASCII whitespace,
// 0 for anything else.
static const unsigned char gh_b64[256] = {
    ['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10,
    ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19,
    ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26,
    ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35,
    ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43, ['r'] = 44,
    ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52,
    ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61,
    ['9'] = 62, ['+'] = 63, ['/'] = 64, ['='] = 65, [' '] = 66, ['\t'] = 66, ['\r'] = 66, ['\n'] = 66,
};

int gh_base64_decode_buf(const char *text, size_t n, unsigned char **out, size_t *out_len) {
    unsigned char *buf = malloc(n / 4 * 3 + 3);
    if (buf == NULL) return -1;
    size_t len = 0;
    if (gh_base64_decode_into(text, n, buf, &len) != 0) { free(buf); return -1; }
    *out = buf;
    *out_len = len;
    return 0;
}

int gh_base64_decode_into(const char *text, size_t n, unsigned char *buf, size_t *out_len) {
    const unsigned char *t = (const unsigned char *)text;
    size_t len = 0, i = 0;
    uint32_t quad = 0;
    int count = 0, padding = 0, symbols = 0;
    while (i < n) {
        // Fast path: whole quanta of plain symbols (table values 1..64), one check per four characters.
        if (count == 0 && !padding) {
            while (i + 4 <= n) {
                unsigned a = gh_b64[t[i]] - 1u, b = gh_b64[t[i + 1]] - 1u, c = gh_b64[t[i + 2]] - 1u, d = gh_b64[t[i + 3]] - 1u;
                if ((a | b | c | d) > 63u) break;
                uint32_t q = a << 18 | b << 12 | c << 6 | d;
                buf[len] = (unsigned char)(q >> 16);
                buf[len + 1] = (unsigned char)(q >> 8);
                buf[len + 2] = (unsigned char)q;
                len += 3;
                i += 4;
                symbols += 4;
            }
            if (i >= n) break;
        }
        // Slow path, one character: whitespace, padding, a quantum split by a line break, or an error.
        unsigned char v = gh_b64[t[i++]];
        if (v == 66) continue;
        if (v == 0 || (padding && v != 65)) goto fail;  // bad character, or data after padding
        symbols++;
        if (v == 65) { padding++; v = 0; if (padding > 2) goto fail; } else { v--; }
        quad = quad << 6 | v;
        if (++count == 4) {
            buf[len++] = (unsigned char)(quad >> 16);
            if (padding < 2) buf[len++] = (unsigned char)(quad >> 8);
            if (padding < 1) buf[len++] = (unsigned char)quad;
            count = 0;
            quad = 0;
        } else if (padding && count < 3) {
            goto fail;  // "=" may only stand in the last two places of a quantum
        }
    }
    if (count != 0 || symbols == 0) return -1;
    *out_len = len;
    return 0;
fail:
    return -1;
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
