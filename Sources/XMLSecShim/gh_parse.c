// Parsing with a hardened libxml2 configuration, element navigation, value reading and the document scan.
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include "gh_internal.h"

static pthread_once_t gh_once = PTHREAD_ONCE_INIT;
static int gh_init_status = -1;

static void gh_quiet_xmlsec(const char *file, int line, const char *func, const char *errorObject,
                            const char *errorSubject, int reason, const char *msg) {
    (void)file; (void)line; (void)func; (void)errorObject; (void)errorSubject; (void)reason; (void)msg;
}

static void gh_do_init(void) {
    xmlInitParser();
    if (xmlSecInit() < 0) return;
    if (xmlSecCheckVersion() != 1) return;
    if (xmlSecCryptoAppInit(NULL) < 0) return;
    if (xmlSecCryptoInit() < 0) return;
    xmlSecErrorsSetCallback(gh_quiet_xmlsec);
    gh_init_status = 0;
}

int gh_init(void) {
    pthread_once(&gh_once, gh_do_init);
    return gh_init_status;
}

void gh_free(void *pointer) { free(pointer); }

void gh_set_msg(char *msg, size_t len, const char *fmt, ...) {
    if (msg == NULL || len == 0) return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg, len, fmt, args);
    va_end(args);
}

// MARK: Parsing

typedef struct { int dtd; } gh_parse_state;

// Any DOCTYPE or declaration stops the parser before it is processed: no entity can be defined or expanded.
static void gh_refuse_subset(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    ((gh_parse_state *)ctxt->_private)->dtd = 1;
    xmlStopParser(ctxt);
}
static void gh_refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                             const xmlChar *system_id, xmlChar *content) {
    (void)name; (void)type; (void)public_id; (void)system_id; (void)content;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    ((gh_parse_state *)ctxt->_private)->dtd = 1;
    xmlStopParser(ctxt);
}

static int gh_depth_exceeds(xmlNodePtr root, int limit, int *max_seen) {
    // Iterative walk: no recursion on hostile input.
    int depth = 1, deepest = 1;
    xmlNodePtr node = root;
    while (node != NULL) {
        if (depth > deepest) deepest = depth;
        if (deepest > limit) { *max_seen = deepest; return 1; }
        xmlNodePtr child = gh_first_element(node);
        if (child != NULL) { node = child; depth++; continue; }
        while (node != NULL && node != root && gh_next_element(node) == NULL) { node = node->parent; depth--; }
        if (node == NULL || node == root) break;
        node = gh_next_element(node);
    }
    *max_seen = deepest;
    return 0;
}

// One parser context per thread, reused: creating a context (SAX table, stacks, a new name dictionary) costs about
// as much as parsing a small response. Reset before every parse; replaced after 10,000 parses or when its
// dictionary holds more than 20,000 names, so hostile documents cannot grow it without bound.
static pthread_key_t gh_ctxt_key;
static pthread_once_t gh_ctxt_once = PTHREAD_ONCE_INIT;
typedef struct { xmlParserCtxtPtr ctxt; unsigned uses; } gh_thread_parser;
static void gh_thread_parser_free(void *value) {
    gh_thread_parser *tp = value;
    if (tp == NULL) return;
    if (tp->ctxt != NULL) xmlFreeParserCtxt(tp->ctxt);
    free(tp);
}
static void gh_ctxt_key_init(void) { pthread_key_create(&gh_ctxt_key, gh_thread_parser_free); }

static xmlParserCtxtPtr gh_thread_ctxt(void) {
    pthread_once(&gh_ctxt_once, gh_ctxt_key_init);
    gh_thread_parser *tp = pthread_getspecific(gh_ctxt_key);
    if (tp == NULL) {
        tp = calloc(1, sizeof *tp);
        if (tp == NULL) return NULL;
        pthread_setspecific(gh_ctxt_key, tp);
    }
    if (tp->ctxt != NULL && (tp->uses >= 10000 || (tp->ctxt->dict != NULL && xmlDictSize(tp->ctxt->dict) > 20000))) {
        xmlFreeParserCtxt(tp->ctxt);
        tp->ctxt = NULL;
    }
    if (tp->ctxt == NULL) {
        tp->ctxt = xmlNewParserCtxt();
        if (tp->ctxt == NULL) return NULL;
        tp->ctxt->sax->internalSubset = gh_refuse_subset;
        tp->ctxt->sax->externalSubset = gh_refuse_subset;
        tp->ctxt->sax->entityDecl = gh_refuse_entity;
        tp->uses = 0;
    }
    tp->uses++;
    return tp->ctxt;
}

gh_doc *gh_doc_parse(const char *bytes, size_t length, int max_depth, int *status, char *msg, size_t msg_len) {
    *status = GH_PARSE_MALFORMED;
    if (gh_init() != 0) { gh_set_msg(msg, msg_len, "XML library initialisation failed"); return NULL; }
    if (length > (size_t)INT32_MAX) { gh_set_msg(msg, msg_len, "document too large"); return NULL; }
    xmlParserCtxtPtr ctxt = gh_thread_ctxt();
    if (ctxt == NULL) { gh_set_msg(msg, msg_len, "cannot create XML parser"); return NULL; }
    gh_parse_state state = {0};
    ctxt->_private = &state;
    // No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR, no HUGE (libxml2's own limits apply),
    // no network. NOCDATA merges CDATA into text, which c14n treats identically. The input is copied into
    // libxml2's own NUL-terminated buffer.
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)length, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                                          XML_PARSE_COMPACT);
    int well_formed = doc != NULL && ctxt->wellFormed;
    if (state.dtd) {
        *status = GH_PARSE_DTD;
        gh_set_msg(msg, msg_len, "the document contains a DOCTYPE or entity declaration, which is never accepted");
    } else if (!well_formed) {
        const xmlError *error = xmlCtxtGetLastError(ctxt);
        if (error != NULL && error->code == XML_ERR_INTERNAL_ERROR && error->message != NULL &&
            strstr(error->message, "depth") != NULL) {
            *status = GH_PARSE_TOO_DEEP;
        }
        char clean[200] = "";
        if (error != NULL && error->message != NULL) {
            snprintf(clean, sizeof clean, "%s", error->message);
            size_t n = strlen(clean);
            while (n > 0 && (clean[n - 1] == '\n' || clean[n - 1] == ' ')) clean[--n] = 0;
        }
        gh_set_msg(msg, msg_len, "not well-formed XML at line %d: %s", error ? error->line : 0,
                   clean[0] ? clean : "parse error");
    }
    ctxt->_private = NULL;
    if (state.dtd || !well_formed || doc == NULL) {
        if (doc != NULL) xmlFreeDoc(doc);
        return NULL;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root == NULL) {
        xmlFreeDoc(doc);
        *status = GH_PARSE_EMPTY;
        gh_set_msg(msg, msg_len, "the document has no root element");
        return NULL;
    }
    int seen = 0;
    if (gh_depth_exceeds(root, max_depth, &seen)) {
        xmlFreeDoc(doc);
        *status = GH_PARSE_TOO_DEEP;
        gh_set_msg(msg, msg_len, "elements are nested more than %d levels deep", max_depth);
        return NULL;
    }
    gh_doc *result = calloc(1, sizeof *result);
    if (result == NULL) { xmlFreeDoc(doc); return NULL; }
    result->doc = doc;
    *status = GH_PARSE_OK;
    return result;
}

void gh_doc_free(gh_doc *doc) {
    if (doc == NULL) return;
    xmlFreeDoc(doc->doc);
    free(doc);
}

gh_node gh_doc_root(const gh_doc *doc) { return xmlDocGetRootElement(doc->doc); }

// MARK: Navigation

xmlNodePtr gh_first_element(xmlNodePtr node) {
    for (xmlNodePtr c = node ? node->children : NULL; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE) return c;
    return NULL;
}
xmlNodePtr gh_next_element(xmlNodePtr node) {
    for (xmlNodePtr c = node ? node->next : NULL; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE) return c;
    return NULL;
}
int gh_is(xmlNodePtr node, const char *ns, const char *name) {
    return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL && node->ns->href != NULL &&
           strcmp((const char *)node->ns->href, ns) == 0 && strcmp((const char *)node->name, name) == 0;
}

gh_node gh_node_first_element_child(gh_node node) { return gh_first_element((xmlNodePtr)node); }
gh_node gh_node_next_element_sibling(gh_node node) { return gh_next_element((xmlNodePtr)node); }
gh_node gh_node_parent_element(gh_node node) {
    xmlNodePtr parent = ((xmlNodePtr)node)->parent;
    return (parent != NULL && parent->type == XML_ELEMENT_NODE) ? parent : NULL;
}
const char *gh_node_name(gh_node node) { return (const char *)((xmlNodePtr)node)->name; }
const char *gh_node_ns(gh_node node) {
    xmlNodePtr n = (xmlNodePtr)node;
    return (n->ns != NULL) ? (const char *)n->ns->href : NULL;
}
char *gh_node_attr(gh_node node, const char *name) {
    xmlChar *value = xmlGetNoNsProp((xmlNodePtr)node, (const xmlChar *)name);
    if (value == NULL) return NULL;
    char *copy = strdup((const char *)value);
    xmlFree(value);
    return copy;
}
char *gh_node_attr_ns(gh_node node, const char *name, const char *ns) {
    xmlChar *value = xmlGetNsProp((xmlNodePtr)node, (const xmlChar *)name, (const xmlChar *)ns);
    if (value == NULL) return NULL;
    char *copy = strdup((const char *)value);
    xmlFree(value);
    return copy;
}

typedef struct { char *data; size_t len, cap; } gh_sbuf;
static int gh_sbuf_append(gh_sbuf *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *grown = realloc(b->data, cap);
        if (grown == NULL) return -1;
        b->data = grown; b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
    return 0;
}

static int gh_collect_text(xmlNodePtr node, int deep, gh_sbuf *buf) {
    for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
        switch (c->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (c->content != NULL && gh_sbuf_append(buf, (const char *)c->content) != 0) return -1;
            break;
        case XML_ENTITY_REF_NODE:
            return GH_TEXT_HAS_ENTITY;
        case XML_ELEMENT_NODE:
            if (!deep) return GH_TEXT_HAS_ELEMENTS;
            {
                int r = gh_collect_text(c, deep, buf);
                if (r != GH_TEXT_OK) return r;
            }
            break;
        default:  // comments and processing instructions carry no value (c14n without comments drops them)
            break;
        }
    }
    return GH_TEXT_OK;
}

int gh_node_text(gh_node node, int deep, char **out) {
    gh_sbuf buf = {0};
    *out = NULL;
    int r = gh_collect_text((xmlNodePtr)node, deep, &buf);
    if (r != GH_TEXT_OK) { free(buf.data); return r < 0 ? GH_TEXT_HAS_ENTITY : r; }
    *out = buf.data ? buf.data : strdup("");
    return GH_TEXT_OK;
}

// MARK: Scan

static int gh_cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void gh_doc_scan(const gh_doc *doc, gh_scan_result *out) {
    memset(out, 0, sizeof *out);
    size_t ids_cap = 16, ids_len = 0;
    const char **ids = malloc(ids_cap * sizeof *ids);
    xmlNodePtr root = xmlDocGetRootElement(doc->doc);
    xmlNodePtr node = root;
    int depth = 1;
    while (node != NULL) {
        if (node->type == XML_ELEMENT_NODE) {
            out->element_count++;
            if (depth > out->max_depth) out->max_depth = depth;
            if (gh_is(node, GH_NS_SAML, "Assertion")) out->assertion_count++;
            if (gh_is(node, GH_NS_SAML, "EncryptedAssertion")) out->encrypted_assertion_count++;
            if (gh_is(node, GH_NS_DSIG, "Signature")) out->signature_count++;
            for (xmlAttrPtr a = node->properties; a != NULL; a = a->next) {
                const char *n = (const char *)a->name;
                int is_id = (a->ns == NULL && (strcmp(n, "ID") == 0 || strcmp(n, "Id") == 0 || strcmp(n, "id") == 0)) ||
                            (a->ns != NULL && a->ns->href != NULL && strcmp(n, "id") == 0 &&
                             strcmp((const char *)a->ns->href, "http://www.w3.org/XML/1998/namespace") == 0);
                if (is_id && a->children != NULL && a->children->content != NULL && ids != NULL) {
                    if (ids_len == ids_cap) {
                        const char **grown = realloc(ids, (ids_cap *= 2) * sizeof *ids);
                        if (grown == NULL) { free(ids); ids = NULL; break; }
                        ids = grown;
                    }
                    ids[ids_len++] = (const char *)a->children->content;
                }
            }
        } else if (node->type == XML_ENTITY_REF_NODE) {
            out->entity_ref_count++;
        }
        // Depth-first over all node kinds below elements.
        if (node->type == XML_ELEMENT_NODE && node->children != NULL) { node = node->children; depth++; continue; }
        while (node != NULL && node != root && node->next == NULL) { node = node->parent; depth--; }
        if (node == NULL || node == root) break;
        node = node->next;
    }
    if (ids == NULL) { out->duplicate_id = 1; snprintf(out->duplicate_id_value, sizeof out->duplicate_id_value, "(out of memory)"); return; }
    if (ids_len > 1) {
        qsort(ids, ids_len, sizeof *ids, gh_cmp_str);
        for (size_t i = 1; i < ids_len; i++) {
            if (strcmp(ids[i - 1], ids[i]) == 0) {
                out->duplicate_id = 1;
                snprintf(out->duplicate_id_value, sizeof out->duplicate_id_value, "%s", ids[i]);
                break;
            }
        }
    }
    free(ids);
}
