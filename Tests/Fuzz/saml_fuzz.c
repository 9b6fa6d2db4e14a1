// libFuzzer harness for XMLSecShim: parse, scan, walk every element's text and attributes, and verify every
// ds:Signature found under the root or its direct children against a trusted key. Looks for crashes, hangs and
// memory errors (run under AddressSanitizer); verdicts are checked by the Swift and interop suites.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gh_xml.h"

static gh_keyset *keys;

static void load_key(void) {
    const char *path = getenv("GH_FUZZ_CERT");
    if (path == NULL) path = "certs/idp-rsa.crt.pem";
    FILE *f = fopen(path, "rb");
    keys = gh_keyset_new();
    if (f == NULL) return;
    char pem[8192];
    size_t n = fread(pem, 1, sizeof pem, f);
    fclose(f);
    unsigned char *der = NULL;
    size_t der_len = 0;
    if (gh_cert_pem_to_der(pem, n, &der, &der_len) == 0) {
        gh_keyset_add_cert_der(keys, der, der_len);
        gh_free(der);
    }
}

static void walk(gh_node node, int depth) {
    for (gh_node child = gh_node_first_element_child(node); child != NULL; child = gh_node_next_element_sibling(child)) {
        char *text = NULL;
        gh_node_text(child, depth & 1, &text);
        gh_free(text);
        gh_free(gh_node_attr(child, "ID"));
        if (depth < 8) walk(child, depth + 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int initialised;
    if (!initialised) { gh_init(); load_key(); initialised = 1; }
    if (size > (1 << 20)) return 0;
    unsigned char *decoded = NULL;
    size_t decoded_len = 0;
    if (gh_base64_decode_buf((const char *)data, size, &decoded, &decoded_len) == 0) gh_free(decoded);
    int status = 0;
    char msg[256];
    gh_doc *doc = gh_doc_parse((const char *)data, size, 64, &status, msg, sizeof msg);
    if (doc == NULL) return 0;
    gh_scan_result scan;
    gh_doc_scan(doc, &scan);
    gh_node root = gh_doc_root(doc);
    // gh_verify_enveloped needs the document: walk with it.
    for (gh_node child = gh_node_first_element_child(root); child != NULL; child = gh_node_next_element_sibling(child)) {
        const char *ns = gh_node_ns(child);
        if (ns != NULL && strcmp(ns, "http://www.w3.org/2000/09/xmldsig#") == 0 && strcmp(gh_node_name(child), "Signature") == 0) {
            gh_sig_result result;
            gh_verify_enveloped(doc, root, child, keys, 0, &result);
        }
        for (gh_node inner = gh_node_first_element_child(child); inner != NULL; inner = gh_node_next_element_sibling(inner)) {
            const char *ins = gh_node_ns(inner);
            if (ins != NULL && strcmp(ins, "http://www.w3.org/2000/09/xmldsig#") == 0 && strcmp(gh_node_name(inner), "Signature") == 0) {
                gh_sig_result result;
                gh_verify_enveloped(doc, child, inner, keys, GH_SIG_ALLOW_SHA1, &result);
            }
        }
    }
    walk(root, 0);
    gh_doc_free(doc);
    return 0;
}
