// EncryptedAssertion decryption with xmlsec, in place on the parsed tree.
//
// Algorithms are checked before xmlsec sees the nodes, and every key is preset on the context, so xmlsec never
// resolves a key from the message (no KeyInfo lookup, no RetrievalMethod, no remote reference): the EncryptedKey
// is decrypted with the SP's private key, the session key it yields decrypts the EncryptedData.
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/keys.h>
#include <xmlsec/xmlenc.h>
#include <xmlsec/crypto.h>
#include "gh_internal.h"


#define GH_NS_XENC11 "http://www.w3.org/2009/xmlenc11#"

gh_privkey *gh_privkey_load_pem(const char *pem, size_t length) {
    if (gh_init() != 0) return NULL;
    xmlSecKeyPtr key = xmlSecCryptoAppKeyLoadMemory((const xmlSecByte *)pem, (xmlSecSize)length,
                                                    xmlSecKeyDataFormatPem, NULL, NULL, NULL);
    ERR_clear_error();
    if (key == NULL) return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    EVP_PKEY *pkey = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    ERR_clear_error();
    gh_privkey *result = pkey ? calloc(1, sizeof *result) : NULL;
    if (result == NULL) { xmlSecKeyDestroy(key); EVP_PKEY_free(pkey); return NULL; }
    result->key = key;
    result->pkey = pkey;
    return result;
}

void gh_privkey_free(gh_privkey *key) {
    if (key == NULL) return;
    xmlSecKeyDestroy(key->key);
    EVP_PKEY_free(key->pkey);
    free(key);
}

static int gh_data_algorithm_allowed(const char *uri, int flags, int *cbc) {
    *cbc = 0;
    if (strcmp(uri, GH_NS_XENC11 "aes128-gcm") == 0 || strcmp(uri, GH_NS_XENC11 "aes192-gcm") == 0 ||
        strcmp(uri, GH_NS_XENC11 "aes256-gcm") == 0)
        return 1;
    if (strcmp(uri, GH_NS_XENC "aes128-cbc") == 0 || strcmp(uri, GH_NS_XENC "aes192-cbc") == 0 ||
        strcmp(uri, GH_NS_XENC "aes256-cbc") == 0) {
        *cbc = 1;
        return (flags & GH_DECRYPT_ALLOW_CBC) != 0;
    }
    return 0;
}

static int gh_key_algorithm_allowed(const char *uri) {
    return strcmp(uri, GH_NS_XENC "rsa-oaep-mgf1p") == 0 || strcmp(uri, GH_NS_XENC11 "rsa-oaep") == 0;
}

static char *gh_method_algorithm(xmlNodePtr parent) {
    for (xmlNodePtr c = gh_first_element(parent); c != NULL; c = gh_next_element(c))
        if (gh_is(c, GH_NS_XENC, "EncryptionMethod")) return (char *)xmlGetNoNsProp(c, (const xmlChar *)"Algorithm");
    return NULL;
}

/// xmlsec 1.2 enables every transform, embedded keys and remote references by default: switch them off.
/// Only the content ciphers Gatehouse accepts may be instantiated from the message, no key is read from it
/// (keys are preset), and no URI (remote or same-document) is followed.
static int gh_restrict(xmlSecEncCtxPtr ctx) {
    ctx->keyInfoReadCtx.maxRetrievalMethodLevel = 0;
    ctx->keyInfoReadCtx.maxEncryptedKeyLevel = 0;
    ctx->transformCtx.enabledUris = 0;
    xmlSecTransformId allowed[] = {xmlSecTransformAes128GcmId, xmlSecTransformAes192GcmId, xmlSecTransformAes256GcmId,
                                   xmlSecTransformAes128CbcId, xmlSecTransformAes192CbcId, xmlSecTransformAes256CbcId};
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
        if (xmlSecPtrListAdd(&ctx->transformCtx.enabledTransforms, (void *)allowed[i]) < 0) return -1;
    // Key data the KeyInfo reader may accept: only a symmetric AES value (never used: the key is preset).
    if (xmlSecPtrListAdd(&ctx->keyInfoReadCtx.enabledKeyData, (void *)xmlSecKeyDataAesId) < 0) return -1;
    return 0;
}

static const char *gh_oaep_digest(const char *uri) {
    if (uri == NULL || strcmp(uri, "http://www.w3.org/2000/09/xmldsig#sha1") == 0) return "SHA1";
    if (strcmp(uri, "http://www.w3.org/2001/04/xmlenc#sha256") == 0) return "SHA256";
    if (strcmp(uri, "http://www.w3.org/2001/04/xmldsig-more#sha384") == 0) return "SHA384";
    if (strcmp(uri, "http://www.w3.org/2001/04/xmlenc#sha512") == 0) return "SHA512";
    return NULL;
}
static const char *gh_mgf_digest(const char *uri) {
    if (uri == NULL || strcmp(uri, GH_NS_XENC11 "mgf1sha1") == 0) return "SHA1";
    if (strcmp(uri, GH_NS_XENC11 "mgf1sha256") == 0) return "SHA256";
    if (strcmp(uri, GH_NS_XENC11 "mgf1sha384") == 0) return "SHA384";
    if (strcmp(uri, GH_NS_XENC11 "mgf1sha512") == 0) return "SHA512";
    return NULL;
}

/// Unwraps one EncryptedKey (RSA-OAEP, either URI) with the SP key, natively with OpenSSL: xmlsec 1.2 knows only
/// rsa-oaep-mgf1p. Returns an AES key for `data_algorithm`, or NULL.
static xmlSecKeyPtr gh_session_key(xmlNodePtr encrypted_key, const gh_privkey *sp, const char *data_algorithm) {
    xmlNodePtr method = NULL, cipher_value = NULL;
    for (xmlNodePtr c = gh_first_element(encrypted_key); c != NULL; c = gh_next_element(c)) {
        if (gh_is(c, GH_NS_XENC, "EncryptionMethod")) method = c;
        if (gh_is(c, GH_NS_XENC, "CipherData")) {
            for (xmlNodePtr v = gh_first_element(c); v != NULL; v = gh_next_element(v))
                if (gh_is(v, GH_NS_XENC, "CipherValue")) cipher_value = v;
        }
    }
    if (method == NULL || cipher_value == NULL) return NULL;
    char *algorithm = (char *)xmlGetNoNsProp(method, (const xmlChar *)"Algorithm");
    int mgf1p = algorithm != NULL && strcmp(algorithm, GH_NS_XENC "rsa-oaep-mgf1p") == 0;
    xmlFree(algorithm);
    char *digest_uri = NULL, *mgf_uri = NULL, *params_text = NULL;
    for (xmlNodePtr c = gh_first_element(method); c != NULL; c = gh_next_element(c)) {
        if (gh_is(c, GH_NS_DSIG, "DigestMethod")) digest_uri = (char *)xmlGetNoNsProp(c, (const xmlChar *)"Algorithm");
        else if (gh_is(c, GH_NS_XENC11, "MGF")) mgf_uri = (char *)xmlGetNoNsProp(c, (const xmlChar *)"Algorithm");
        else if (gh_is(c, GH_NS_XENC, "OAEPparams")) gh_node_text(c, 0, &params_text);
    }
    const char *oaep_md = gh_oaep_digest(digest_uri);
    const char *mgf_md = mgf1p ? "SHA1" : gh_mgf_digest(mgf_uri);
    xmlFree(digest_uri);
    xmlFree(mgf_uri);
    unsigned char *label = NULL, *cipher = NULL, *plain = NULL;
    size_t label_len = 0, cipher_len = 0, plain_len = 0;
    xmlSecKeyPtr result = NULL;
    char *cipher_text = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    if (oaep_md == NULL || mgf_md == NULL) goto done;
    if (params_text != NULL && gh_base64_decode(params_text, &label, &label_len) != 0) goto done;
    if (gh_node_text(cipher_value, 0, &cipher_text) != GH_TEXT_OK || gh_base64_decode(cipher_text, &cipher, &cipher_len) != 0) goto done;
    ctx = EVP_PKEY_CTX_new(sp->pkey, NULL);
    if (ctx == NULL || EVP_PKEY_decrypt_init(ctx) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx, gh_md(oaep_md)) != 1 || EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, gh_md(mgf_md)) != 1)
        goto done;
    if (label != NULL) {
        // set0 takes ownership of the label.
        if (EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, label, (int)label_len) != 1) goto done;
        label = NULL;
    }
    if (EVP_PKEY_decrypt(ctx, NULL, &plain_len, cipher, cipher_len) != 1) goto done;
    plain = malloc(plain_len ? plain_len : 1);
    if (plain == NULL || EVP_PKEY_decrypt(ctx, plain, &plain_len, cipher, cipher_len) != 1) goto done;
    size_t expected = strstr(data_algorithm, "128") ? 16 : strstr(data_algorithm, "192") ? 24 : 32;
    if (plain_len != expected) goto done;
    xmlSecBufferPtr buffer = xmlSecBufferCreate((xmlSecSize)plain_len);
    if (buffer != NULL && xmlSecBufferSetData(buffer, plain, (xmlSecSize)plain_len) == 0)
        result = xmlSecKeyReadBuffer(xmlSecKeyDataAesId, buffer);
    if (buffer != NULL) xmlSecBufferDestroy(buffer);
done:
    if (plain != NULL) { OPENSSL_cleanse(plain, plain_len); free(plain); }
    EVP_PKEY_CTX_free(ctx);
    free(label); free(cipher); free(cipher_text); free(params_text);
    ERR_clear_error();
    return result;
}

int gh_decrypt_element(gh_doc *gdoc, gh_node container_node, const gh_privkey *sp, int flags, gh_node *out_element,
                       char *msg, size_t msg_len) {
    (void)gdoc;
    *out_element = NULL;
    xmlNodePtr container = (xmlNodePtr)container_node;
    xmlNodePtr data = NULL;
    int data_count = 0;
    for (xmlNodePtr c = gh_first_element(container); c != NULL; c = gh_next_element(c))
        if (gh_is(c, GH_NS_XENC, "EncryptedData")) { data = c; data_count++; }
    if (data_count != 1) {
        gh_set_msg(msg, msg_len, "EncryptedAssertion must contain exactly one xenc:EncryptedData (found %d)", data_count);
        return GH_DECRYPT_STRUCTURE;
    }
    char *type = (char *)xmlGetNoNsProp(data, (const xmlChar *)"Type");
    int is_element = type != NULL && strcmp(type, GH_NS_XENC "Element") == 0;
    xmlFree(type);
    if (!is_element) {
        gh_set_msg(msg, msg_len, "EncryptedData Type must be %sElement", GH_NS_XENC);
        return GH_DECRYPT_STRUCTURE;
    }
    char *data_algorithm = gh_method_algorithm(data);
    int cbc = 0;
    if (data_algorithm == NULL || !gh_data_algorithm_allowed(data_algorithm, flags, &cbc)) {
        gh_set_msg(msg, msg_len, "content encryption '%s' is not accepted%s", data_algorithm ? data_algorithm : "(none)",
                   cbc ? " (AES-CBC needs the connection's explicit opt-in; AES-GCM is preferred)"
                       : " (AES-128/192/256-GCM are)");
        xmlFree(data_algorithm);
        return GH_DECRYPT_ALGORITHM_FORBIDDEN;
    }

    // Candidate EncryptedKeys: inside EncryptedData/KeyInfo, or siblings of EncryptedData in the container.
    xmlNodePtr keys[8];
    int key_count = 0;
    for (xmlNodePtr c = gh_first_element(data); c != NULL; c = gh_next_element(c)) {
        if (!gh_is(c, GH_NS_DSIG, "KeyInfo")) continue;
        for (xmlNodePtr k = gh_first_element(c); k != NULL && key_count < 8; k = gh_next_element(k))
            if (gh_is(k, GH_NS_XENC, "EncryptedKey")) keys[key_count++] = k;
    }
    for (xmlNodePtr c = gh_first_element(container); c != NULL && key_count < 8; c = gh_next_element(c))
        if (gh_is(c, GH_NS_XENC, "EncryptedKey")) keys[key_count++] = c;
    if (key_count == 0) {
        gh_set_msg(msg, msg_len, "no xenc:EncryptedKey found for the EncryptedData");
        xmlFree(data_algorithm);
        return GH_DECRYPT_STRUCTURE;
    }

    xmlSecKeyPtr session = NULL;
    int forbidden = 0;
    char forbidden_uri[160] = "";
    for (int i = 0; i < key_count && session == NULL; i++) {
        char *key_algorithm = gh_method_algorithm(keys[i]);
        if (key_algorithm == NULL || !gh_key_algorithm_allowed(key_algorithm)) {
            forbidden = 1;
            snprintf(forbidden_uri, sizeof forbidden_uri, "%s", key_algorithm ? key_algorithm : "(none)");
        } else {
            session = gh_session_key(keys[i], sp, data_algorithm);
        }
        xmlFree(key_algorithm);
    }
    xmlFree(data_algorithm);
    if (session == NULL) {
        if (forbidden) {
            gh_set_msg(msg, msg_len, "key transport '%s' is not accepted (RSA-OAEP is; RSA PKCS#1 v1.5 is refused)",
                       forbidden_uri);
            return GH_DECRYPT_ALGORITHM_FORBIDDEN;
        }
        gh_set_msg(msg, msg_len, "the EncryptedKey could not be decrypted with the SP's private key: the IdP "
                                 "probably encrypts to another SP certificate");
        return GH_DECRYPT_FAILED;
    }

    xmlSecEncCtxPtr ctx = xmlSecEncCtxCreate(NULL);
    if (ctx == NULL) { xmlSecKeyDestroy(session); return GH_DECRYPT_FAILED; }
    if (gh_restrict(ctx) != 0) { xmlSecEncCtxDestroy(ctx); xmlSecKeyDestroy(session); return GH_DECRYPT_FAILED; }
    ctx->encKey = session;  // owned by ctx from here
    int r = xmlSecEncCtxDecrypt(ctx, data);
    int replaced = ctx->resultReplaced;
    xmlSecEncCtxDestroy(ctx);
    ERR_clear_error();
    if (r < 0 || !replaced) {
        gh_set_msg(msg, msg_len, "the EncryptedData could not be decrypted (corrupted, or not XML)");
        return GH_DECRYPT_FAILED;
    }
    // The decrypted element now stands where EncryptedData stood.
    xmlNodePtr found = NULL;
    int elements = 0;
    for (xmlNodePtr c = gh_first_element(container); c != NULL; c = gh_next_element(c)) {
        if (gh_is(c, GH_NS_XENC, "EncryptedKey")) continue;
        found = c;
        elements++;
    }
    if (elements != 1) {
        gh_set_msg(msg, msg_len, "decryption produced %d elements; exactly one Assertion is expected", elements);
        return GH_DECRYPT_STRUCTURE;
    }
    *out_element = found;
    return GH_DECRYPT_OK;
}
