// Gatehouse's own DNS functions over c-ares (transport) and glibc's libresolv (message parsing).
// Swift sees only these gh_dns_* declarations; no c-ares or resolv.h type leaves this shim.
#ifndef GH_RESOLV_H
#define GH_RESOLV_H

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of gh_dns_query.
enum {
    GH_DNS_OK = 0,            ///< a response arrived (any RCODE); it is in the caller's buffer
    GH_DNS_TIMEOUT = 1,       ///< no server answered within timeout_ms * tries
    GH_DNS_CONN_REFUSED = 2,  ///< every server refused the connection (nothing listening)
    GH_DNS_BAD_SERVERS = 3,   ///< the server list was rejected (syntax)
    GH_DNS_BAD_NAME = 4,      ///< the query name was rejected
    GH_DNS_TOO_LARGE = 5,     ///< the response did not fit in the caller's buffer
    GH_DNS_OTHER = 6,         ///< any other resolver failure (see detail)
};

/// Sends one query (class IN) and waits for it (blocking, bounded by timeout_ms * tries).
///
/// servers: c-ares CSV with ports, e.g. "127.0.0.1:15353,[::1]:53". recursion: 0 to clear RD (authoritative
/// servers). On GH_DNS_OK, out holds the raw response and *out_len its length. detail (may be NULL, cap > 0)
/// receives c-ares' message for failures.
int gh_dns_query(const char *servers, const char *name, int qtype, int recursion, int timeout_ms, int tries,
                 unsigned char *out, int out_cap, int *out_len, char *detail, int detail_cap);

/// A reusable c-ares channel (its own server list and options). Use from one thread at a time.
typedef struct gh_dns_channel gh_dns_channel;

/// Creates a channel; NULL on failure with *status (GH_DNS_BAD_SERVERS or GH_DNS_OTHER) and detail set.
gh_dns_channel *gh_dns_channel_new(const char *servers, int recursion, int timeout_ms, int tries, int *status,
                                   char *detail, int detail_cap);

/// gh_dns_query on an existing channel.
int gh_dns_channel_query(gh_dns_channel *channel, const char *name, int qtype, unsigned char *out, int out_cap,
                         int *out_len, char *detail, int detail_cap);

void gh_dns_channel_free(gh_dns_channel *channel);

/// Header fields of a response. Returns 0, or -1 when the message does not parse.
int gh_dns_header(const unsigned char *msg, int len, int *rcode, int *authoritative, int *answer_count,
                  int *authority_count);

/// One resource record, as libresolv's ns_parserr reads it.
typedef struct gh_dns_rr {
    int type;
    int rr_class;
    unsigned int ttl;
    char owner[1025];
    /// CNAME/NS/PTR target, SOA mname, or the A/AAAA address in text form.
    char target[1025];
    /// SOA MINIMUM (the negative-caching TTL of RFC 2308); 0 for other types.
    unsigned int soa_minimum;
} gh_dns_rr;

/// Reads record `index` of `section` (1 answer, 2 authority). Returns 0, or -1 when it does not parse.
int gh_dns_record(const unsigned char *msg, int len, int section, int index, gh_dns_rr *out);

/// The character-strings of TXT record `index` of the answer section (counting TXT records of class IN
/// only, in message order), concatenated into out with their lengths in lengths[] (at most lengths_cap).
/// Returns the number of strings, or -1 when the message or record does not parse or does not fit.
int gh_dns_txt_strings(const unsigned char *msg, int len, int index, unsigned char *out, int out_cap,
                       int *lengths, int lengths_cap);

#ifdef __cplusplus
}
#endif
#endif
