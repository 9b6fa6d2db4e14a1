// Mock IdP signing and encryption with libxmlsec1 templates. See include/mi_signer.h.
#include "mi_signer.h"
#include "gh_xml.h"   // gh_init() only: libxml2/xmlsec are initialised once per process, by one owner.

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlenc.h>
#include <xmlsec/templates.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/crypto.h>

void mi_free(void *pointer) { free(pointer); }

static void mi_msg(char *msg, size_t len, const char *fmt, ...) {
    if (msg == NULL || len == 0) return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg, len, fmt, args);
    va_end(args);
}

static xmlDocPtr mi_parse(const char *xml, size_t len) {
    if (len > 16 * 1024 * 1024) return NULL;
    return xmlReadMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
}

/// Depth-first search for the element carrying ID="id"; registers the ID attribute so the reference resolves.
static xmlNodePtr mi_find_id(xmlDocPtr doc, xmlNodePtr node, const char *id) {
    for (xmlNodePtr cur = node; cur != NULL; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE) continue;
        xmlAttrPtr attr = xmlHasProp(cur, BAD_CAST "ID");
        if (attr != NULL) {
            xmlChar *value = xmlNodeListGetString(doc, attr->children, 1);
            int match = value != NULL && strcmp((const char *)value, id) == 0;
            if (value != NULL && xmlGetID(doc, value) == NULL) xmlAddID(NULL, doc, value, attr);
            xmlFree(value);
            if (match) return cur;
        }
        xmlNodePtr found = mi_find_id(doc, cur->children, id);
        if (found != NULL) return found;
    }
    return NULL;
}

static int mi_dump(xmlDocPtr doc, char **out, size_t *out_len) {
    xmlChar *buffer = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &buffer, &size, "UTF-8");
    if (buffer == NULL) return -1;
    *out = malloc((size_t)size + 1);
    if (*out == NULL) { xmlFree(buffer); return -1; }
    memcpy(*out, buffer, (size_t)size);
    (*out)[size] = 0;
    *out_len = (size_t)size;
    xmlFree(buffer);
    return 0;
}

int mi_sign_element(const char *xml, size_t xml_len, const char *key_pem, size_t key_len,
                    const char *cert_pem, size_t cert_len, const char *element_id, int alg,
                    char **out, size_t *out_len, char *msg, size_t msg_len) {
    *out = NULL;
    *out_len = 0;
    if (gh_init() != 0) { mi_msg(msg, msg_len, "xmlsec initialisation failed"); return 1; }
    xmlSecTransformId signId, digestId;
    switch (alg) {
    case MI_RSA_SHA256: signId = xmlSecTransformRsaSha256Id; digestId = xmlSecTransformSha256Id; break;
    case MI_RSA_SHA512: signId = xmlSecTransformRsaSha512Id; digestId = xmlSecTransformSha512Id; break;
    case MI_RSA_SHA1: signId = xmlSecTransformRsaSha1Id; digestId = xmlSecTransformSha1Id; break;
    case MI_ECDSA_SHA256: signId = xmlSecTransformEcdsaSha256Id; digestId = xmlSecTransformSha256Id; break;
    default: mi_msg(msg, msg_len, "unknown signature algorithm %d", alg); return 1;
    }
    xmlDocPtr doc = mi_parse(xml, xml_len);
    if (doc == NULL) { mi_msg(msg, msg_len, "document to sign is not well-formed XML"); return 2; }
    int rc = 3;
    xmlSecKeyPtr key = NULL;
    xmlSecDSigCtxPtr ctx = NULL;
    xmlNodePtr target = mi_find_id(doc, xmlDocGetRootElement(doc), element_id);
    if (target == NULL) { mi_msg(msg, msg_len, "no element with ID %s", element_id); goto done; }

    xmlNodePtr sig = xmlSecTmplSignatureCreateNsPref(doc, xmlSecTransformExclC14NId, signId, NULL, BAD_CAST "ds");
    if (sig == NULL) { mi_msg(msg, msg_len, "signature template failed"); goto done; }
    // Place the signature right after <Issuer> (SAML schema order), else as the first child.
    xmlNodePtr issuer = NULL;
    for (xmlNodePtr c = target->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE) { if (strcmp((const char *)c->name, "Issuer") == 0) issuer = c; break; }
    if (issuer != NULL) xmlAddNextSibling(issuer, sig);
    else if (target->children != NULL) xmlAddPrevSibling(target->children, sig);
    else xmlAddChild(target, sig);

    char uri[300];
    snprintf(uri, sizeof uri, "#%s", element_id);
    xmlNodePtr ref = xmlSecTmplSignatureAddReference(sig, digestId, NULL, BAD_CAST uri, NULL);
    if (ref == NULL || xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId) == NULL ||
        xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId) == NULL) {
        mi_msg(msg, msg_len, "reference template failed"); goto done;
    }
    if (cert_pem != NULL) {
        xmlNodePtr keyInfo = xmlSecTmplSignatureEnsureKeyInfo(sig, NULL);
        xmlNodePtr x509 = keyInfo ? xmlSecTmplKeyInfoAddX509Data(keyInfo) : NULL;
        if (x509 == NULL || xmlSecTmplX509DataAddCertificate(x509) == NULL) {
            mi_msg(msg, msg_len, "KeyInfo template failed"); goto done;
        }
    }
    key = xmlSecCryptoAppKeyLoadMemory((const xmlSecByte *)key_pem, (xmlSecSize)key_len, xmlSecKeyDataFormatPem,
                                       NULL, NULL, NULL);
    if (key == NULL) { mi_msg(msg, msg_len, "private key PEM could not be loaded"); goto done; }
    if (cert_pem != NULL &&
        xmlSecCryptoAppKeyCertLoadMemory(key, (const xmlSecByte *)cert_pem, (xmlSecSize)cert_len,
                                         xmlSecKeyDataFormatPem) < 0) {
        mi_msg(msg, msg_len, "certificate PEM could not be loaded"); goto done;
    }
    ctx = xmlSecDSigCtxCreate(NULL);
    if (ctx == NULL) { mi_msg(msg, msg_len, "signature context failed"); goto done; }
    ctx->signKey = key;
    key = NULL;  // owned by ctx now
    if (xmlSecDSigCtxSign(ctx, sig) < 0) { mi_msg(msg, msg_len, "xmlSecDSigCtxSign failed"); goto done; }
    if (mi_dump(doc, out, out_len) != 0) { mi_msg(msg, msg_len, "serialisation failed"); goto done; }
    rc = 0;
done:
    if (ctx != NULL) xmlSecDSigCtxDestroy(ctx);
    if (key != NULL) xmlSecKeyDestroy(key);
    xmlFreeDoc(doc);
    return rc;
}

int mi_encrypt_element(const char *xml, size_t xml_len, const char *cert_pem, size_t cert_len,
                       const char *element_id, const char *wrapper_ns, const char *wrapper_name,
                       char **out, size_t *out_len, char *msg, size_t msg_len) {
    *out = NULL;
    *out_len = 0;
    if (gh_init() != 0) { mi_msg(msg, msg_len, "xmlsec initialisation failed"); return 1; }
    xmlDocPtr doc = mi_parse(xml, xml_len);
    if (doc == NULL) { mi_msg(msg, msg_len, "document to encrypt is not well-formed XML"); return 2; }
    int rc = 3;
    xmlSecKeysMngrPtr mngr = NULL;
    xmlSecEncCtxPtr ctx = NULL;
    xmlNodePtr target = mi_find_id(doc, xmlDocGetRootElement(doc), element_id);
    if (target == NULL) { mi_msg(msg, msg_len, "no element with ID %s", element_id); goto done; }

    // Wrap the target: <saml:EncryptedAssertion><target/></saml:EncryptedAssertion>, then encrypt the target.
    xmlNodePtr wrapper = xmlNewDocNode(doc, NULL, BAD_CAST wrapper_name, NULL);
    xmlNsPtr ns = xmlNewNs(wrapper, BAD_CAST wrapper_ns, BAD_CAST "saml");
    xmlSetNs(wrapper, ns);
    xmlReplaceNode(target, wrapper);
    xmlAddChild(wrapper, target);

    xmlNodePtr encData = xmlSecTmplEncDataCreate(doc, xmlSecTransformAes256GcmId, NULL, xmlSecTypeEncElement,
                                                 NULL, NULL);
    if (encData == NULL || xmlSecTmplEncDataEnsureCipherValue(encData) == NULL) {
        mi_msg(msg, msg_len, "EncryptedData template failed"); goto done;
    }
    xmlNodePtr keyInfo = xmlSecTmplEncDataEnsureKeyInfo(encData, NULL);
    xmlNodePtr encKey = keyInfo ? xmlSecTmplKeyInfoAddEncryptedKey(keyInfo, xmlSecTransformRsaOaepId, NULL, NULL, NULL)
                                : NULL;
    if (encKey == NULL || xmlSecTmplEncDataEnsureCipherValue(encKey) == NULL) {
        mi_msg(msg, msg_len, "EncryptedKey template failed"); goto done;
    }
    mngr = xmlSecKeysMngrCreate();
    if (mngr == NULL || xmlSecCryptoAppDefaultKeysMngrInit(mngr) < 0) { mi_msg(msg, msg_len, "keys manager"); goto done; }
    xmlSecKeyPtr rsa = xmlSecCryptoAppKeyLoadMemory((const xmlSecByte *)cert_pem, (xmlSecSize)cert_len,
                                                    xmlSecKeyDataFormatCertPem, NULL, NULL, NULL);
    if (rsa == NULL) { mi_msg(msg, msg_len, "SP certificate PEM could not be loaded"); goto done; }
    if (xmlSecCryptoAppDefaultKeysMngrAdoptKey(mngr, rsa) < 0) {
        xmlSecKeyDestroy(rsa); mi_msg(msg, msg_len, "keys manager adopt"); goto done;
    }
    ctx = xmlSecEncCtxCreate(mngr);
    if (ctx == NULL) { mi_msg(msg, msg_len, "encryption context failed"); goto done; }
    ctx->encKey = xmlSecKeyGenerate(xmlSecKeyDataAesId, 256, xmlSecKeyDataTypeSession);
    if (ctx->encKey == NULL) { mi_msg(msg, msg_len, "session key generation failed"); goto done; }
    if (xmlSecEncCtxXmlEncrypt(ctx, encData, target) < 0) { mi_msg(msg, msg_len, "xmlSecEncCtxXmlEncrypt failed"); goto done; }
    if (mi_dump(doc, out, out_len) != 0) { mi_msg(msg, msg_len, "serialisation failed"); goto done; }
    rc = 0;
done:
    if (ctx != NULL) xmlSecEncCtxDestroy(ctx);
    if (mngr != NULL) xmlSecKeysMngrDestroy(mngr);
    xmlFreeDoc(doc);
    return rc;
}
