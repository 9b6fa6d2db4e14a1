// Only XMLSecShim's .c files see these headers; no Swift module imports them (ICU clash with Foundation).
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlenc.h>
#include <xmlsec/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
