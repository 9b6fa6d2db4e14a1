// c-ares sends the queries; libresolv (ns_initparse/ns_parserr) and c-ares' TXT parser read the answers.
#include "gh_resolv.h"

#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t gh_once = PTHREAD_ONCE_INIT;
static int gh_init_status = ARES_SUCCESS;
static void gh_library_init(void) { gh_init_status = ares_library_init(ARES_LIB_INIT_ALL); }

typedef struct {
    int done;
    int status;
    unsigned char *out;
    int out_cap;
    int *out_len;
} gh_query_state;

static void gh_callback(void *arg, int status, int timeouts, unsigned char *abuf, int alen) {
    (void)timeouts;
    gh_query_state *st = (gh_query_state *)arg;
    st->done = 1;
    st->status = status;
    if (abuf != NULL && alen > 0) {
        if (alen > st->out_cap) {
            st->status = -1000;  // too large
            return;
        }
        memcpy(st->out, abuf, (size_t)alen);
        *st->out_len = alen;
        st->status = ARES_SUCCESS;  // a response arrived; the caller reads its RCODE
    }
}

static void gh_set_detail(char *detail, int cap, const char *text) {
    if (detail != NULL && cap > 0) snprintf(detail, (size_t)cap, "%s", text);
}

struct gh_dns_channel {
    ares_channel channel;
};

gh_dns_channel *gh_dns_channel_new(const char *servers, int recursion, int timeout_ms, int tries, int *status,
                                   char *detail, int detail_cap) {
    pthread_once(&gh_once, gh_library_init);
    if (gh_init_status != ARES_SUCCESS) {
        gh_set_detail(detail, detail_cap, ares_strerror(gh_init_status));
        *status = GH_DNS_OTHER;
        return NULL;
    }
    struct ares_options opts;
    memset(&opts, 0, sizeof opts);
    // NOCHECKRESP: hand SERVFAIL/REFUSED responses to us instead of silently trying the next server.
    opts.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH | (recursion ? 0 : ARES_FLAG_NORECURSE);
    opts.timeout = timeout_ms > 0 ? timeout_ms : 2000;
    opts.tries = tries > 0 ? tries : 1;
    opts.lookups = (char *)"b";
    int optmask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_LOOKUPS;
    gh_dns_channel *ch = calloc(1, sizeof *ch);
    if (ch == NULL) {
        *status = GH_DNS_OTHER;
        gh_set_detail(detail, detail_cap, "out of memory");
        return NULL;
    }
    int rc = ares_init_options(&ch->channel, &opts, optmask);
    if (rc != ARES_SUCCESS) {
        gh_set_detail(detail, detail_cap, ares_strerror(rc));
        free(ch);
        *status = GH_DNS_OTHER;
        return NULL;
    }
    rc = ares_set_servers_ports_csv(ch->channel, servers);
    if (rc != ARES_SUCCESS) {
        gh_set_detail(detail, detail_cap, ares_strerror(rc));
        ares_destroy(ch->channel);
        free(ch);
        *status = GH_DNS_BAD_SERVERS;
        return NULL;
    }
    *status = GH_DNS_OK;
    return ch;
}

void gh_dns_channel_free(gh_dns_channel *ch) {
    if (ch == NULL) return;
    ares_destroy(ch->channel);
    free(ch);
}

int gh_dns_channel_query(gh_dns_channel *ch, const char *name, int qtype, unsigned char *out, int out_cap,
                         int *out_len, char *detail, int detail_cap) {
    *out_len = 0;
    ares_channel channel = ch->channel;
    gh_query_state st = {0, ARES_SUCCESS, out, out_cap, out_len};
    ares_query(channel, name, ns_c_in, qtype, gh_callback, &st);
    while (!st.done) {
        ares_socket_t socks[ARES_GETSOCK_MAXNUM];
        int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
        struct pollfd pfd[ARES_GETSOCK_MAXNUM];
        int n = 0;
        for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
            short ev = 0;
            if (ARES_GETSOCK_READABLE(bits, i)) ev |= POLLIN;
            if (ARES_GETSOCK_WRITABLE(bits, i)) ev |= POLLOUT;
            if (ev == 0) continue;
            pfd[n].fd = socks[i];
            pfd[n].events = ev;
            pfd[n].revents = 0;
            n++;
        }
        struct timeval tv;
        struct timeval *tvp = ares_timeout(channel, NULL, &tv);
        int wait_ms = tvp ? (int)(tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000) : 100;
        int ready = poll(pfd, (nfds_t)n, wait_ms);
        if (ready <= 0) {
            ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timeouts
            continue;
        }
        for (int i = 0; i < n; i++) {
            ares_socket_t r = (pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) ? pfd[i].fd : ARES_SOCKET_BAD;
            ares_socket_t w = (pfd[i].revents & POLLOUT) ? pfd[i].fd : ARES_SOCKET_BAD;
            if (r != ARES_SOCKET_BAD || w != ARES_SOCKET_BAD) ares_process_fd(channel, r, w);
        }
    }
    switch (st.status) {
    case ARES_SUCCESS: return GH_DNS_OK;
    case -1000: gh_set_detail(detail, detail_cap, "response larger than the buffer"); return GH_DNS_TOO_LARGE;
    case ARES_ETIMEOUT: gh_set_detail(detail, detail_cap, ares_strerror(st.status)); return GH_DNS_TIMEOUT;
    case ARES_ECONNREFUSED: gh_set_detail(detail, detail_cap, ares_strerror(st.status)); return GH_DNS_CONN_REFUSED;
    case ARES_EBADNAME: gh_set_detail(detail, detail_cap, ares_strerror(st.status)); return GH_DNS_BAD_NAME;
    default: gh_set_detail(detail, detail_cap, ares_strerror(st.status)); return GH_DNS_OTHER;
    }
}

int gh_dns_query(const char *servers, const char *name, int qtype, int recursion, int timeout_ms, int tries,
                 unsigned char *out, int out_cap, int *out_len, char *detail, int detail_cap) {
    int status = GH_DNS_OK;
    *out_len = 0;
    gh_dns_channel *ch = gh_dns_channel_new(servers, recursion, timeout_ms, tries, &status, detail, detail_cap);
    if (ch == NULL) return status;
    int rc = gh_dns_channel_query(ch, name, qtype, out, out_cap, out_len, detail, detail_cap);
    gh_dns_channel_free(ch);
    return rc;
}

int gh_dns_header(const unsigned char *msg, int len, int *rcode, int *authoritative, int *answer_count,
                  int *authority_count) {
    ns_msg handle;
    if (ns_initparse(msg, len, &handle) != 0) return -1;
    *rcode = (int)ns_msg_getflag(handle, ns_f_rcode);
    *authoritative = (int)ns_msg_getflag(handle, ns_f_aa);
    *answer_count = (int)ns_msg_count(handle, ns_s_an);
    *authority_count = (int)ns_msg_count(handle, ns_s_ns);
    return 0;
}

int gh_dns_record(const unsigned char *msg, int len, int section, int index, gh_dns_rr *out) {
    ns_msg handle;
    ns_rr rr;
    memset(out, 0, sizeof *out);
    if (ns_initparse(msg, len, &handle) != 0) return -1;
    if (ns_parserr(&handle, section == 2 ? ns_s_ns : ns_s_an, index, &rr) != 0) return -1;
    out->type = (int)ns_rr_type(rr);
    out->rr_class = (int)ns_rr_class(rr);
    out->ttl = (unsigned int)ns_rr_ttl(rr);
    snprintf(out->owner, sizeof out->owner, "%s", ns_rr_name(rr));
    const unsigned char *rdata = ns_rr_rdata(rr);
    const unsigned char *eom = ns_msg_end(handle);
    int rdlen = (int)ns_rr_rdlen(rr);
    switch (out->type) {
    case ns_t_cname:
    case ns_t_ns:
    case ns_t_ptr:
        if (ns_name_uncompress(ns_msg_base(handle), eom, rdata, out->target, sizeof out->target) < 0) return -1;
        break;
    case ns_t_soa: {
        if (ns_name_uncompress(ns_msg_base(handle), eom, rdata, out->target, sizeof out->target) < 0) return -1;
        const unsigned char *p = rdata;
        int skip = dn_skipname(p, eom);  // MNAME
        if (skip < 0) return -1;
        p += skip;
        skip = dn_skipname(p, eom);  // RNAME
        if (skip < 0) return -1;
        p += skip;
        if (p + 20 > rdata + rdlen) return -1;  // SERIAL REFRESH RETRY EXPIRE MINIMUM
        out->soa_minimum = (unsigned int)ns_get32(p + 16);
        break;
    }
    case ns_t_a:
        if (rdlen != 4 || inet_ntop(AF_INET, rdata, out->target, sizeof out->target) == NULL) return -1;
        break;
    case ns_t_aaaa:
        if (rdlen != 16 || inet_ntop(AF_INET6, rdata, out->target, sizeof out->target) == NULL) return -1;
        break;
    default:
        break;
    }
    return 0;
}

int gh_dns_txt_strings(const unsigned char *msg, int len, int index, unsigned char *out, int out_cap,
                       int *lengths, int lengths_cap) {
    struct ares_txt_ext *list = NULL;
    int rc = ares_parse_txt_reply_ext(msg, len, &list);
    if (rc == ARES_ENODATA) return -1;
    if (rc != ARES_SUCCESS) return -1;
    int record = -1, count = 0, used = 0, result = 0;
    for (struct ares_txt_ext *t = list; t != NULL; t = t->next) {
        if (t->record_start) record++;
        if (record < index) continue;
        if (record > index) break;
        if (count >= lengths_cap || used + (int)t->length > out_cap) {
            result = -1;
            break;
        }
        memcpy(out + used, t->txt, t->length);
        used += (int)t->length;
        lengths[count++] = (int)t->length;
    }
    ares_free_data(list);
    if (result < 0 || record < index) return -1;
    return count;
}
