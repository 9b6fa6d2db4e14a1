// AuthnRequest reading and DEFLATE for the HTTP-Redirect binding. Reading only: the mock trusts nothing here.
#define _GNU_SOURCE
#include "mi_signer.h"
#include "gh_xml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#define MI_NS_SAMLP "urn:oasis:names:tc:SAML:2.0:protocol"
#define MI_NS_SAML "urn:oasis:names:tc:SAML:2.0:assertion"
#define MI_NS_DS "http://www.w3.org/2000/09/xmldsig#"

int mi_inflate_raw(const unsigned char *in, size_t in_len, size_t max_out, unsigned char **out, size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -15) != Z_OK) return 1;
    size_t cap = 4096;
    unsigned char *buf = malloc(cap);
    if (buf == NULL) { inflateEnd(&zs); return 1; }
    zs.next_in = (unsigned char *)in;
    zs.avail_in = (uInt)in_len;
    int rc;
    do {
        if (zs.total_out == cap) {
            if (cap >= max_out) { free(buf); inflateEnd(&zs); return 2; }
            cap *= 2;
            if (cap > max_out) cap = max_out;
            unsigned char *grown = realloc(buf, cap);
            if (grown == NULL) { free(buf); inflateEnd(&zs); return 1; }
            buf = grown;
        }
        zs.next_out = buf + zs.total_out;
        zs.avail_out = (uInt)(cap - zs.total_out);
        rc = inflate(&zs, Z_NO_FLUSH);
    } while (rc == Z_OK);
    if (rc != Z_STREAM_END) { free(buf); inflateEnd(&zs); return 3; }
    *out = buf;
    *out_len = zs.total_out;
    inflateEnd(&zs);
    return 0;
}

int mi_deflate_raw(const unsigned char *in, size_t in_len, unsigned char **out, size_t *out_len) {
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
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) { free(buf); deflateEnd(&zs); return 2; }
    *out = buf;
    *out_len = zs.total_out;
    deflateEnd(&zs);
    return 0;
}

static void mi_copy_attr(xmlNodePtr node, const char *name, char *dst, size_t cap) {
    xmlChar *v = xmlGetNoNsProp(node, BAD_CAST name);
    if (v != NULL) { snprintf(dst, cap, "%s", (const char *)v); xmlFree(v); }
}

static int mi_is(xmlNodePtr n, const char *ns, const char *name) {
    return n->type == XML_ELEMENT_NODE && n->ns != NULL && strcmp((const char *)n->ns->href, ns) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

int mi_parse_authn_request(const char *xml, size_t len, mi_authn_request *out, char *msg, size_t msg_len) {
    memset(out, 0, sizeof *out);
    if (len > 1024 * 1024) { snprintf(msg, msg_len, "AuthnRequest larger than 1 MiB"); return 1; }
    if (gh_init() != 0) { snprintf(msg, msg_len, "xml initialisation failed"); return 1; }
    if (len >= 9 && memmem(xml, len, "<!DOCTYPE", 9) != NULL) { snprintf(msg, msg_len, "DOCTYPE refused"); return 2; }
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) { snprintf(msg, msg_len, "AuthnRequest is not well-formed XML"); return 2; }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root == NULL || !mi_is(root, MI_NS_SAMLP, "AuthnRequest")) {
        snprintf(msg, msg_len, "root element is %s, expected samlp:AuthnRequest", root ? (const char *)root->name : "(none)");
        xmlFreeDoc(doc);
        return 3;
    }
    mi_copy_attr(root, "ID", out->id, sizeof out->id);
    mi_copy_attr(root, "AssertionConsumerServiceURL", out->acs_url, sizeof out->acs_url);
    mi_copy_attr(root, "Destination", out->destination, sizeof out->destination);
    mi_copy_attr(root, "ProtocolBinding", out->protocol_binding, sizeof out->protocol_binding);
    char flag[16] = {0};
    mi_copy_attr(root, "ForceAuthn", flag, sizeof flag);
    out->force_authn = strcmp(flag, "true") == 0 || strcmp(flag, "1") == 0;
    flag[0] = 0;
    mi_copy_attr(root, "IsPassive", flag, sizeof flag);
    out->is_passive = strcmp(flag, "true") == 0 || strcmp(flag, "1") == 0;
    for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
        if (mi_is(c, MI_NS_SAML, "Issuer")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t) { snprintf(out->issuer, sizeof out->issuer, "%s", (const char *)t); xmlFree(t); }
        } else if (mi_is(c, MI_NS_SAMLP, "NameIDPolicy")) {
            mi_copy_attr(c, "Format", out->name_id_format, sizeof out->name_id_format);
        } else if (mi_is(c, MI_NS_DS, "Signature")) {
            out->has_signature = 1;
        }
    }
    xmlFreeDoc(doc);
    if (out->id[0] == 0) { snprintf(msg, msg_len, "AuthnRequest has no ID attribute"); return 4; }
    return 0;
}
