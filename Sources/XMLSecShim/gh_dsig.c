// Strict enveloped XML-DSig verification on the already-parsed tree.
//
// Only the shape SAML uses is accepted: one Reference to "#" + the ID of the signature's parent element, the
// enveloped-signature transform and at most one (exclusive) canonicalisation without comments. Canonical bytes
// come from libxml2's C14N over that same tree (a visibility callback selects the subtree minus the Signature),
// digests and signatures are checked with OpenSSL against keys from metadata only. KeyInfo is read for
// diagnostics (the fingerprint of a certificate the message carries) and as a hint of which trusted key to try
// first; it is never a source of trust.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include "gh_internal.h"

enum { GH_KIND_RSA = 1, GH_KIND_PSS = 2, GH_KIND_ECDSA = 3 };

typedef struct { const char *uri; int kind; const char *md; int sha1; } gh_sig_alg;
typedef struct { const char *uri; const char *md; int sha1; } gh_digest_alg;

static const gh_sig_alg gh_sig_algs[] = {
    {"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", GH_KIND_RSA, "SHA256", 0},
    {"http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", GH_KIND_RSA, "SHA384", 0},
    {"http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", GH_KIND_RSA, "SHA512", 0},
    {"http://www.w3.org/2000/09/xmldsig#rsa-sha1", GH_KIND_RSA, "SHA1", 1},
    {"http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1", GH_KIND_PSS, "SHA256", 0},
    {"http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1", GH_KIND_PSS, "SHA384", 0},
    {"http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1", GH_KIND_PSS, "SHA512", 0},
    {"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", GH_KIND_ECDSA, "SHA256", 0},
    {"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384", GH_KIND_ECDSA, "SHA384", 0},
    {"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512", GH_KIND_ECDSA, "SHA512", 0},
    {"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1", GH_KIND_ECDSA, "SHA1", 1},
};
static const gh_digest_alg gh_digest_algs[] = {
    {"http://www.w3.org/2001/04/xmlenc#sha256", "SHA256", 0},
    {"http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA384", 0},
    {"http://www.w3.org/2001/04/xmlenc#sha512", "SHA512", 0},
    {"http://www.w3.org/2000/09/xmldsig#sha1", "SHA1", 1},
};

#define GH_ENVELOPED "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

// Message digests fetched once: implicit fetching on every EVP_sha256() call is measurable at 10k/s.
static pthread_once_t gh_md_once = PTHREAD_ONCE_INIT;
static EVP_MD *gh_md_sha1, *gh_md_sha256, *gh_md_sha384, *gh_md_sha512;
static void gh_md_fetch(void) {
    gh_md_sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
    gh_md_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    gh_md_sha384 = EVP_MD_fetch(NULL, "SHA384", NULL);
    gh_md_sha512 = EVP_MD_fetch(NULL, "SHA512", NULL);
}
const EVP_MD *gh_md(const char *name) {
    pthread_once(&gh_md_once, gh_md_fetch);
    if (strcmp(name, "SHA256") == 0) return gh_md_sha256;
    if (strcmp(name, "SHA384") == 0) return gh_md_sha384;
    if (strcmp(name, "SHA512") == 0) return gh_md_sha512;
    if (strcmp(name, "SHA1") == 0) return gh_md_sha1;
    return NULL;
}

/// Message-digest contexts reused per thread (reset after each use) instead of allocated per verification.
static pthread_key_t gh_mdctx_key;
static pthread_once_t gh_mdctx_once = PTHREAD_ONCE_INIT;
typedef struct { EVP_MD_CTX *digest; } gh_thread_md;
static void gh_thread_md_free(void *value) {
    gh_thread_md *t = value;
    if (t == NULL) return;
    EVP_MD_CTX_free(t->digest);
    free(t);
}
static void gh_mdctx_key_init(void) { pthread_key_create(&gh_mdctx_key, gh_thread_md_free); }
static gh_thread_md *gh_thread_md_get(void) {
    pthread_once(&gh_mdctx_once, gh_mdctx_key_init);
    gh_thread_md *t = pthread_getspecific(gh_mdctx_key);
    if (t == NULL) {
        t = calloc(1, sizeof *t);
        if (t == NULL) return NULL;
        t->digest = EVP_MD_CTX_new();
        if (t->digest == NULL) { gh_thread_md_free(t); return NULL; }
        pthread_setspecific(gh_mdctx_key, t);
    }
    return t;
}

/// C14N mode for an algorithm URI: >= 0 a libxml2 mode, -1 unknown, -2 a "with comments" variant.
static int gh_c14n_mode(const char *uri) {
    if (strcmp(uri, "http://www.w3.org/2001/10/xml-exc-c14n#") == 0) return XML_C14N_EXCLUSIVE_1_0;
    if (strcmp(uri, "http://www.w3.org/TR/2001/REC-xml-c14n-20010315") == 0) return XML_C14N_1_0;
    if (strcmp(uri, "http://www.w3.org/2006/12/xml-c14n11") == 0) return XML_C14N_1_1;
    if (strcmp(uri, "http://www.w3.org/2001/10/xml-exc-c14n#WithComments") == 0 ||
        strcmp(uri, "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments") == 0 ||
        strcmp(uri, "http://www.w3.org/2006/12/xml-c14n11#WithComments") == 0)
        return -2;
    return -1;
}

static char *gh_attr(xmlNodePtr node, const char *name) {
    return (char *)xmlGetNoNsProp(node, (const xmlChar *)name);
}

// MARK: Canonicalisation through a visibility callback

typedef struct { xmlNodePtr root; xmlNodePtr excluded; } gh_subtree;

// Visible: the node (for a namespace node, its element) is `root` or below it, and not the excluded Signature or
// below it. Comments are never visible (canonicalisation without comments).
static int gh_visible(void *user, xmlNodePtr node, xmlNodePtr parent) {
    const gh_subtree *subtree = user;
    if (node == NULL || node->type == XML_COMMENT_NODE) return 0;
    xmlNodePtr n = (node->type == XML_NAMESPACE_DECL) ? parent : node;
    for (; n != NULL; n = n->parent) {
        if (n == subtree->excluded) return 0;
        if (n == subtree->root) return 1;
        if (n->type == XML_DOCUMENT_NODE) return 0;
    }
    return 0;
}

/// A byte buffer that starts in `inline_storage` (a canonical SignedInfo is well under 2 KB) and moves to the heap
/// only when it outgrows it. Free with gh_bytes_free.
typedef struct { unsigned char *data; size_t len, cap; int failed; unsigned char inline_storage[2048]; } gh_bytes;

static void gh_bytes_free(gh_bytes *b) {
    if (b->data != b->inline_storage) free(b->data);
}

static int gh_write_bytes(void *context, const char *buffer, int len) {
    gh_bytes *b = context;
    if (len <= 0) return 0;
    if (b->data == NULL) { b->data = b->inline_storage; b->cap = sizeof b->inline_storage; }
    if (b->len + (size_t)len > b->cap) {
        size_t cap = b->cap * 2;
        while (cap < b->len + (size_t)len) cap *= 2;
        unsigned char *grown = b->data == b->inline_storage ? malloc(cap) : realloc(b->data, cap);
        if (grown == NULL) { b->failed = 1; return -1; }
        if (b->data == b->inline_storage) memcpy(grown, b->inline_storage, b->len);
        b->data = grown; b->cap = cap;
    }
    memcpy(b->data + b->len, buffer, (size_t)len);
    b->len += (size_t)len;
    return len;
}

static int gh_write_digest(void *context, const char *buffer, int len) {
    if (len > 0 && EVP_DigestUpdate((EVP_MD_CTX *)context, buffer, (size_t)len) != 1) return -1;
    return len;
}

static int gh_c14n_walk(xmlDocPtr doc, gh_subtree *subtree, int mode, xmlChar **prefixes,
                        xmlOutputWriteCallback write, void *context) {
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(write, NULL, context, NULL);
    if (out == NULL) return -1;
    int r = xmlC14NExecute(doc, gh_visible, subtree, mode, prefixes, 0, out);
    int closed = xmlOutputBufferClose(out);
    return (r < 0 || closed < 0) ? -1 : 0;
}

/// Canonicalises the visible subtree. libxml2 walks from `doc->children`, visiting every node of the document;
/// starting the walk at the subtree root gives the same bytes (visibility is decided by the callback, and
/// namespace and xml:* inheritance walk the real parent pointers) for a fraction of the work. Debug builds, which
/// run the test suites, canonicalise both ways and abort on any difference.
static int gh_canonicalize(xmlDocPtr doc, gh_subtree *subtree, int mode, xmlChar **prefixes,
                           xmlOutputWriteCallback write, void *context) {
    xmlDoc scoped = *doc;
    scoped.children = subtree->root;
#ifdef GH_C14N_SELF_CHECK
    gh_bytes fast = {0}, full = {0};  // large structs: debug only
    int a = gh_c14n_walk(&scoped, subtree, mode, prefixes, gh_write_bytes, &fast);
    int b = gh_c14n_walk(doc, subtree, mode, prefixes, gh_write_bytes, &full);
    if (a != b || fast.len != full.len || (fast.len && memcmp(fast.data, full.data, fast.len) != 0)) {
        fprintf(stderr, "gh_canonicalize: scoped and whole-document canonical forms differ\n");
        abort();
    }
    gh_bytes_free(&fast);
    gh_bytes_free(&full);
#endif
    return gh_c14n_walk(&scoped, subtree, mode, prefixes, write, context);
}

/// Reads the optional ec:InclusiveNamespaces PrefixList child of a c14n method element. Returns 0, or -1 when
/// the method element has any other child. *prefixes: NULL-terminated, caller frees with gh_free_prefixes.
static int gh_inclusive_prefixes(xmlNodePtr method, char **list, xmlChar ***prefixes) {
    *list = NULL;
    *prefixes = NULL;
    xmlNodePtr child = gh_first_element(method);
    if (child == NULL) return 0;
    if (!gh_is(child, GH_NS_EXC, "InclusiveNamespaces") || gh_next_element(child) != NULL) return -1;
    *list = gh_attr(child, "PrefixList");
    if (*list == NULL) return 0;
    size_t count = 0, n = strlen(*list);
    xmlChar **out = calloc(n / 2 + 2, sizeof *out);
    if (out == NULL) return -1;
    char *save = NULL;
    for (char *token = strtok_r(*list, " \t\r\n", &save); token != NULL; token = strtok_r(NULL, " \t\r\n", &save))
        out[count++] = (xmlChar *)token;
    out[count] = NULL;
    *prefixes = out;
    return 0;
}

// MARK: Signature value checks

/// Verification contexts initialised once per thread and (key, algorithm): in OpenSSL 3, EVP_DigestVerifyInit
/// fetches algorithm implementations on every call, which costs as much as a fifth of the RSA operation. A context
/// holds a reference on its key, so a cached key pointer can never be reused for another key; the cache is small
/// and evicts round-robin.
#define GH_VCACHE 8
typedef struct { EVP_PKEY *key; int kind; const char *md; EVP_PKEY_CTX *ctx; } gh_vcache_entry;
typedef struct { gh_vcache_entry entries[GH_VCACHE]; int next; } gh_vcache;
static pthread_key_t gh_vcache_key;
static pthread_once_t gh_vcache_once = PTHREAD_ONCE_INIT;
static void gh_vcache_free(void *value) {
    gh_vcache *cache = value;
    if (cache == NULL) return;
    for (int i = 0; i < GH_VCACHE; i++) EVP_PKEY_CTX_free(cache->entries[i].ctx);
    free(cache);
}
static void gh_vcache_key_init(void) { pthread_key_create(&gh_vcache_key, gh_vcache_free); }

static EVP_PKEY_CTX *gh_verify_ctx(EVP_PKEY *key, const gh_sig_alg *alg) {
    pthread_once(&gh_vcache_once, gh_vcache_key_init);
    gh_vcache *cache = pthread_getspecific(gh_vcache_key);
    if (cache == NULL) {
        cache = calloc(1, sizeof *cache);
        if (cache == NULL) return NULL;
        pthread_setspecific(gh_vcache_key, cache);
    }
    for (int i = 0; i < GH_VCACHE; i++) {
        gh_vcache_entry *e = &cache->entries[i];
        if (e->ctx != NULL && e->key == key && e->kind == alg->kind && strcmp(e->md, alg->md) == 0) return e->ctx;
    }
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    int ok = ctx != NULL && EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, gh_md(alg->md)) == 1;
    if (ok && alg->kind == GH_KIND_PSS) {
        ok = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, gh_md(alg->md)) == 1;
    } else if (ok && alg->kind == GH_KIND_RSA) {
        ok = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1;
    }
    if (!ok) { EVP_PKEY_CTX_free(ctx); ERR_clear_error(); return NULL; }
    gh_vcache_entry *slot = &cache->entries[cache->next];
    cache->next = (cache->next + 1) % GH_VCACHE;
    EVP_PKEY_CTX_free(slot->ctx);
    *slot = (gh_vcache_entry){key, alg->kind, alg->md, ctx};
    return ctx;
}

static int gh_verify_value(EVP_PKEY *key, const gh_sig_alg *alg, const unsigned char *data, size_t data_len,
                           const unsigned char *sig, size_t sig_len) {
    int ok = 0;
    unsigned char *der = NULL;
    int der_len = 0;
    if (alg->kind == GH_KIND_ECDSA) {
        // XML-DSig carries r || s, each the size of the curve; OpenSSL wants DER.
        size_t half = ((size_t)EVP_PKEY_get_bits(key) + 7) / 8;
        if (sig_len != 2 * half) return 0;
        ECDSA_SIG *ecsig = ECDSA_SIG_new();
        BIGNUM *r = BN_bin2bn(sig, (int)half, NULL), *s = BN_bin2bn(sig + half, (int)half, NULL);
        if (ecsig == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(ecsig, r, s) != 1) {
            BN_free(r); BN_free(s); ECDSA_SIG_free(ecsig);
            return 0;
        }
        der_len = i2d_ECDSA_SIG(ecsig, &der);
        ECDSA_SIG_free(ecsig);
        if (der_len <= 0) return 0;
        sig = der;
        sig_len = (size_t)der_len;
    }
    // Hash the canonical SignedInfo, then verify the signature over that digest with a cached context.
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    EVP_PKEY_CTX *ctx = gh_verify_ctx(key, alg);
    if (ctx != NULL && EVP_Digest(data, data_len, digest, &digest_len, gh_md(alg->md), NULL) == 1)
        ok = EVP_PKEY_verify(ctx, sig, sig_len, digest, digest_len) == 1;
    OPENSSL_free(der);
    ERR_clear_error();
    return ok;
}

/// Reads the first KeyInfo/X509Data/X509Certificate for diagnostics and as a hint: its SHA-256 fingerprint.
static void gh_presented_certificate(xmlNodePtr key_info, gh_sig_result *out) {
    if (key_info == NULL) return;
    for (xmlNodePtr data = gh_first_element(key_info); data != NULL; data = gh_next_element(data)) {
        if (!gh_is(data, GH_NS_DSIG, "X509Data")) continue;
        for (xmlNodePtr c = gh_first_element(data); c != NULL; c = gh_next_element(c)) {
            if (!gh_is(c, GH_NS_DSIG, "X509Certificate")) continue;
            char *text = NULL;
            unsigned char *der = NULL;
            size_t der_len = 0;
            if (gh_node_text(c, 0, &text) == GH_TEXT_OK && gh_base64_decode(text, &der, &der_len) == 0) {
                unsigned int md_len = 0;
                EVP_Digest(der, der_len, out->presented_sha256, &md_len, gh_md("SHA256"), NULL);
                out->presented_cert = 1;
            }
            free(text);
            free(der);
            return;
        }
    }
}

static int gh_key_fits(EVP_PKEY *key, int kind) {
    if (kind == GH_KIND_ECDSA) return EVP_PKEY_is_a(key, "EC");
    return EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) >= 2048;
}

// MARK: The verifier

#define FAIL(code, ...) do { out->status = (code); gh_set_msg(out->message, sizeof out->message, __VA_ARGS__); goto done; } while (0)

int gh_verify_enveloped(const gh_doc *gdoc, gh_node element_node, gh_node signature_node, const gh_keyset *keys,
                        int flags, gh_sig_result *out) {
    memset(out, 0, sizeof *out);
    out->key_index = -1;
    out->status = GH_SIG_INTERNAL;
    xmlDocPtr doc = gdoc->doc;
    xmlNodePtr element = (xmlNodePtr)element_node, signature = (xmlNodePtr)signature_node;
    char *id = NULL, *uri = NULL, *c14n_alg = NULL, *sig_alg_uri = NULL, *digest_alg_uri = NULL;
    char *si_prefix_list = NULL, *ref_prefix_list = NULL, *digest_text = NULL, *sigvalue_text = NULL;
    xmlChar **si_prefixes = NULL, **ref_prefixes = NULL;
    unsigned char *digest_value = NULL, *sig_value = NULL;
    size_t digest_value_len = 0, sig_value_len = 0;
    gh_bytes signed_info_bytes = {0};
    EVP_MD_CTX *mdctx = NULL;

    if (signature->parent != element) FAIL(GH_SIG_STRUCTURE, "the Signature is not a direct child of the signed element");

    // Signature := SignedInfo SignatureValue KeyInfo?  (no Object: nothing may hide inside a signature)
    xmlNodePtr signed_info = gh_first_element(signature);
    xmlNodePtr signature_value = gh_next_element(signed_info);
    xmlNodePtr key_info = gh_next_element(signature_value);
    if (!gh_is(signed_info, GH_NS_DSIG, "SignedInfo") || !gh_is(signature_value, GH_NS_DSIG, "SignatureValue"))
        FAIL(GH_SIG_STRUCTURE, "Signature must contain SignedInfo then SignatureValue");
    if (key_info != NULL && (!gh_is(key_info, GH_NS_DSIG, "KeyInfo") || gh_next_element(key_info) != NULL))
        FAIL(GH_SIG_STRUCTURE, "Signature contains an element other than SignedInfo, SignatureValue and KeyInfo "
                               "(ds:Object is not accepted)");

    // SignedInfo := CanonicalizationMethod SignatureMethod Reference
    xmlNodePtr c14n_method = gh_first_element(signed_info);
    xmlNodePtr sig_method = gh_next_element(c14n_method);
    xmlNodePtr reference = gh_next_element(sig_method);
    if (!gh_is(c14n_method, GH_NS_DSIG, "CanonicalizationMethod") || !gh_is(sig_method, GH_NS_DSIG, "SignatureMethod"))
        FAIL(GH_SIG_STRUCTURE, "SignedInfo must start with CanonicalizationMethod and SignatureMethod");
    if (!gh_is(reference, GH_NS_DSIG, "Reference"))
        FAIL(GH_SIG_REFERENCE_INVALID, "SignedInfo contains no Reference");
    if (gh_next_element(reference) != NULL)
        FAIL(GH_SIG_REFERENCE_INVALID, "SignedInfo contains more than one Reference; exactly one, to the signed "
                                       "element, is accepted");

    c14n_alg = gh_attr(c14n_method, "Algorithm");
    int si_mode = c14n_alg ? gh_c14n_mode(c14n_alg) : -1;
    if (si_mode == -2) FAIL(GH_SIG_TRANSFORM_FORBIDDEN, "canonicalization with comments (%s) is not accepted", c14n_alg);
    if (si_mode < 0) FAIL(GH_SIG_ALGORITHM_FORBIDDEN, "unknown canonicalization method '%s'", c14n_alg ? c14n_alg : "(none)");
    if (gh_inclusive_prefixes(c14n_method, &si_prefix_list, &si_prefixes) != 0)
        FAIL(GH_SIG_STRUCTURE, "CanonicalizationMethod has unexpected content");

    sig_alg_uri = gh_attr(sig_method, "Algorithm");
    const gh_sig_alg *sig_alg = NULL;
    for (size_t i = 0; sig_alg_uri && i < sizeof gh_sig_algs / sizeof *gh_sig_algs; i++)
        if (strcmp(sig_alg_uri, gh_sig_algs[i].uri) == 0) sig_alg = &gh_sig_algs[i];
    snprintf(out->signature_method, sizeof out->signature_method, "%s", sig_alg_uri ? sig_alg_uri : "");
    if (sig_alg == NULL)
        FAIL(GH_SIG_ALGORITHM_FORBIDDEN, "signature method '%s' is not accepted (HMAC, MD5 and unknown methods are "
             "refused; RSA-SHA256/384/512, RSA-PSS and ECDSA-SHA256/384/512 are)", sig_alg_uri ? sig_alg_uri : "(none)");
    if (gh_first_element(sig_method) != NULL) FAIL(GH_SIG_STRUCTURE, "SignatureMethod has unexpected content");
    if (sig_alg->sha1) {
        if (!(flags & GH_SIG_ALLOW_SHA1))
            FAIL(GH_SIG_WEAK_ALGORITHM, "signature method %s uses SHA-1, which this connection does not allow", sig_alg_uri);
        out->used_sha1 = 1;
    }

    // Reference: URI="#<ID of the element the signature sits in>"
    id = gh_attr(element, "ID");
    uri = gh_attr(reference, "URI");
    if (id == NULL || id[0] == 0) FAIL(GH_SIG_REFERENCE_INVALID, "the signed element has no ID attribute");
    if (uri == NULL || uri[0] != '#' || strcmp(uri + 1, id) != 0)
        FAIL(GH_SIG_REFERENCE_INVALID, "the Reference points at '%s' but the signature's parent element has ID '%s'; "
             "only a same-document reference to the enclosing element is accepted", uri ? uri : "(no URI)", id);

    // Reference := Transforms? DigestMethod DigestValue
    xmlNodePtr child = gh_first_element(reference);
    xmlNodePtr transforms = NULL;
    if (gh_is(child, GH_NS_DSIG, "Transforms")) { transforms = child; child = gh_next_element(child); }
    xmlNodePtr digest_method = child;
    xmlNodePtr digest_node = gh_next_element(digest_method);
    if (!gh_is(digest_method, GH_NS_DSIG, "DigestMethod") || !gh_is(digest_node, GH_NS_DSIG, "DigestValue") ||
        gh_next_element(digest_node) != NULL)
        FAIL(GH_SIG_STRUCTURE, "Reference must contain Transforms?, DigestMethod, DigestValue");

    int saw_enveloped = 0, ref_mode = XML_C14N_1_0, saw_c14n = 0;
    if (transforms != NULL) {
        int index = 0;
        for (xmlNodePtr t = gh_first_element(transforms); t != NULL; t = gh_next_element(t), index++) {
            if (!gh_is(t, GH_NS_DSIG, "Transform")) FAIL(GH_SIG_STRUCTURE, "Transforms contains a non-Transform element");
            char *algorithm = gh_attr(t, "Algorithm");
            if (algorithm != NULL && strcmp(algorithm, GH_ENVELOPED) == 0 && index == 0 && !saw_enveloped) {
                saw_enveloped = 1;
                xmlFree(algorithm);
                if (gh_first_element(t) != NULL) FAIL(GH_SIG_TRANSFORM_FORBIDDEN, "enveloped-signature transform has content");
                continue;
            }
            int mode = algorithm ? gh_c14n_mode(algorithm) : -1;
            if (mode >= 0 && !saw_c14n && gh_next_element(t) == NULL) {
                saw_c14n = 1;
                ref_mode = mode;
                xmlFree(algorithm);
                if (gh_inclusive_prefixes(t, &ref_prefix_list, &ref_prefixes) != 0)
                    FAIL(GH_SIG_TRANSFORM_FORBIDDEN, "canonicalization transform has unexpected content");
                continue;
            }
            snprintf(out->message, sizeof out->message, "transform '%s' at position %d is not accepted: only "
                     "enveloped-signature followed by one (exclusive) canonicalization without comments is",
                     algorithm ? algorithm : "(none)", index + 1);
            xmlFree(algorithm);
            out->status = GH_SIG_TRANSFORM_FORBIDDEN;
            goto done;
        }
    }
    if (!saw_enveloped)
        FAIL(GH_SIG_TRANSFORM_FORBIDDEN, "the Reference lacks the enveloped-signature transform");

    digest_alg_uri = gh_attr(digest_method, "Algorithm");
    const gh_digest_alg *digest_alg = NULL;
    for (size_t i = 0; digest_alg_uri && i < sizeof gh_digest_algs / sizeof *gh_digest_algs; i++)
        if (strcmp(digest_alg_uri, gh_digest_algs[i].uri) == 0) digest_alg = &gh_digest_algs[i];
    snprintf(out->digest_method, sizeof out->digest_method, "%s", digest_alg_uri ? digest_alg_uri : "");
    if (digest_alg == NULL)
        FAIL(GH_SIG_ALGORITHM_FORBIDDEN, "digest method '%s' is not accepted", digest_alg_uri ? digest_alg_uri : "(none)");
    if (digest_alg->sha1) {
        if (!(flags & GH_SIG_ALLOW_SHA1))
            FAIL(GH_SIG_WEAK_ALGORITHM, "digest method %s is SHA-1, which this connection does not allow", digest_alg_uri);
        out->used_sha1 = 1;
    }
    if (gh_node_text(digest_node, 0, &digest_text) != GH_TEXT_OK ||
        gh_base64_decode(digest_text, &digest_value, &digest_value_len) != 0)
        FAIL(GH_SIG_STRUCTURE, "DigestValue is not base64");
    if (gh_node_text(signature_value, 0, &sigvalue_text) != GH_TEXT_OK ||
        gh_base64_decode(sigvalue_text, &sig_value, &sig_value_len) != 0)
        FAIL(GH_SIG_STRUCTURE, "SignatureValue is not base64");

    // Digest of the element minus this Signature.
    gh_subtree element_tree = {element, signature};
    gh_thread_md *thread_md = gh_thread_md_get();
    mdctx = thread_md ? thread_md->digest : NULL;
    const EVP_MD *md = gh_md(digest_alg->md);
    unsigned char computed[EVP_MAX_MD_SIZE];
    unsigned int computed_len = 0;
    if (mdctx == NULL || EVP_DigestInit_ex(mdctx, md, NULL) != 1 ||
        gh_canonicalize(doc, &element_tree, ref_mode, ref_prefixes, gh_write_digest, mdctx) != 0 ||
        EVP_DigestFinal_ex(mdctx, computed, &computed_len) != 1)
        FAIL(GH_SIG_INTERNAL, "canonicalization of the signed element failed");
    if (computed_len != digest_value_len || CRYPTO_memcmp(computed, digest_value, computed_len) != 0)
        FAIL(GH_SIG_DIGEST_MISMATCH, "the digest of element ID '%s' does not match its DigestValue: the content "
             "was changed after the IdP signed it", id);

    // SignatureValue over canonical SignedInfo.
    gh_subtree signed_info_tree = {signed_info, NULL};
    if (gh_canonicalize(doc, &signed_info_tree, si_mode, si_prefixes, gh_write_bytes, &signed_info_bytes) != 0 ||
        signed_info_bytes.failed)
        FAIL(GH_SIG_INTERNAL, "canonicalization of SignedInfo failed");

    int candidates = 0, count = gh_keyset_count(keys);
    // With several trusted keys (a rollover), the certificate the message names is tried first.
    if (count > 1) gh_presented_certificate(key_info, out);
    int hinted = out->presented_cert ? gh_keyset_find_fingerprint(keys, out->presented_sha256) : -1;
    for (int pass = 0; pass < count + 1 && out->key_index < 0; pass++) {
        // The certificate named in KeyInfo, when it is a trusted one, is tried first; then every trusted key.
        int i = pass == 0 ? hinted : pass - 1;
        if (i < 0 || (pass > 0 && i == hinted)) continue;
        EVP_PKEY *key = gh_keyset_key(keys, i);
        if (key == NULL || !gh_key_fits(key, sig_alg->kind)) continue;
        candidates++;
        if (gh_verify_value(key, sig_alg, signed_info_bytes.data, signed_info_bytes.len, sig_value, sig_value_len))
            out->key_index = i;
    }
    if (out->key_index < 0 && !out->presented_cert) gh_presented_certificate(key_info, out);  // for the diagnosis
    if (out->key_index >= 0) {
        out->status = GH_SIG_OK;
    } else if (candidates == 0) {
        FAIL(GH_SIG_NO_USABLE_KEY, "metadata has no %s signing key (RSA keys must be at least 2048 bits) for "
             "signature method %s", sig_alg->kind == GH_KIND_ECDSA ? "EC" : "RSA", sig_alg_uri);
    } else {
        FAIL(GH_SIG_VALUE_INVALID, "the SignatureValue does not verify with any of the %d trusted signing key(s)",
             candidates);
    }

done:
    xmlFree(id); xmlFree(uri); xmlFree(c14n_alg); xmlFree(sig_alg_uri); xmlFree(digest_alg_uri);
    xmlFree(si_prefix_list); xmlFree(ref_prefix_list);
    free(si_prefixes); free(ref_prefixes);
    free(digest_text); free(sigvalue_text);
    free(digest_value); free(sig_value);
    gh_bytes_free(&signed_info_bytes);
    if (mdctx != NULL) EVP_MD_CTX_reset(mdctx);
    return out->status;
}
