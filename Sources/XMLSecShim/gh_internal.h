#ifndef GH_INTERNAL_H
#define GH_INTERNAL_H
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <openssl/evp.h>
#include "gh_xml.h"

struct gh_doc { xmlDocPtr doc; };

#define GH_NS_DSIG  "http://www.w3.org/2000/09/xmldsig#"
#define GH_NS_SAML  "urn:oasis:names:tc:SAML:2.0:assertion"
#define GH_NS_XENC  "http://www.w3.org/2001/04/xmlenc#"
#define GH_NS_EXC   "http://www.w3.org/2001/10/xml-exc-c14n#"

int gh_is(xmlNodePtr node, const char *ns, const char *name);
xmlNodePtr gh_first_element(xmlNodePtr node);
xmlNodePtr gh_next_element(xmlNodePtr node);
void gh_set_msg(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/// Decodes base64 ignoring XML whitespace. Returns 0 on success; *out: caller frees.
int gh_base64_decode(const char *text, unsigned char **out, size_t *out_len);
EVP_PKEY *gh_keyset_key(const gh_keyset *set, int index);
int gh_keyset_find_fingerprint(const gh_keyset *set, const unsigned char fingerprint[32]);
const EVP_MD *gh_md(const char *name);
/// The SP private key: xmlsec's key (decryption) and the OpenSSL key (signing requests). `key` is an xmlSecKeyPtr.
struct gh_privkey { void *key; EVP_PKEY *pkey; };
#endif
