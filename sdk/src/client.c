/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client.c - one request/response exchange; see provkit/client.h.
 *
 * The order of an exchange is chosen so that every failure that can be
 * retried happens before the first request byte leaves: URL, body and
 * head are checked by counting passes, a kept connection is probed, and a
 * new one is opened, all before send() is called. From the first accepted
 * byte on, a lost exchange is "outcome unknown", never a retry.
 */
#include <string.h>

#include "client_int.h"

void provkit_zeroize(void *p, size_t n)
{
    /* memset called through a volatile pointer: the compiler cannot know
     * it is memset, so it cannot drop the call as a dead store (mbedTLS's
     * mbedtls_platform_zeroize does the same), and the library's memset
     * clears a word at a time. A local, so no static RAM holds it. */
    void *(*volatile wipe)(void *, int, size_t) = memset;
    if (n > 0) {
        wipe(p, 0, n);
    }
}

int provkit_client_init(provkit_client_t *c, const provkit_transport_t *t,
                        provkit_clock_fn now_ms, uint8_t *recv_buf,
                        size_t recv_cap)
{
    if (c == NULL || t == NULL || now_ms == NULL || recv_buf == NULL ||
        recv_cap == 0 || t->connect == NULL || t->send == NULL ||
        t->recv == NULL || t->close == NULL) {
        return PROVKIT_ERR_ARG;
    }
    memset(c, 0, sizeof *c);
    c->transport = t;
    c->now_ms = now_ms;
    c->recv_buf = recv_buf;
    c->recv_cap = recv_cap;
    c->idle_max_ms = PROVKIT_CLIENT_IDLE_MAX_MS;
    return PROVKIT_OK;
}

void provkit_client_set_idle_max(provkit_client_t *c, uint32_t idle_max_ms)
{
    if (c != NULL) {
        c->idle_max_ms = idle_max_ms;
    }
}

void provkit_client_close(provkit_client_t *c)
{
    if (c == NULL || c->transport == NULL) {
        return;
    }
    if (c->connected) {
        c->transport->close(c->transport->ctx);
    }
    c->connected = false;
    c->conn_host[0] = '\0';
}

/* Milliseconds left before the exchange's deadline; unsigned differences
 * keep this right across a clock wrap. */
static uint32_t remaining(const provkit_client_t *c)
{
    uint32_t elapsed = (uint32_t)(c->now_ms() - c->start_ms);
    return elapsed >= c->timeout_ms ? 0u : c->timeout_ms - elapsed;
}

/* Stream writer sink: hand every byte to the transport before the
 * deadline. It refuses to send past the size the counting pass measured,
 * so a body callback that is not repeatable cannot put bytes on the wire
 * beyond the Content-Length the server was promised. */
static int send_all(void *ctx, const char *data, size_t len)
{
    provkit_client_t *c = (provkit_client_t *)ctx;
    const provkit_transport_t *t = c->transport;
    size_t off = 0;

    if ((uint64_t)len > c->expected - c->bytes_sent) {
        return PROVKIT_ERR_ARG;
    }
    /* Bounded by len and by the deadline: a 0 from send() means no
     * progress within the time it was given, and that time runs out. */
    while (off < len) {
        uint32_t rem = remaining(c);
        int32_t n;
        if (rem == 0) {
            return PROVKIT_ERR_TIMEOUT;
        }
        n = t->send(t->ctx, (const uint8_t *)data + off, len - off, rem);
        if (n < 0) {
            return n;
        }
        if ((size_t)n > len - off) {
            return PROVKIT_ERR_NETWORK; /* a port that lies about counts */
        }
        if (n > 0) {
            c->request_sent = true;
            off += (size_t)n;
            c->bytes_sent += (uint64_t)n;
        }
    }
    return PROVKIT_OK;
}

/* Measure the request: validates URL, head fields and body before any
 * I/O, and yields the Content-Length. */
static int measure(provkit_client_t *c, const provkit_client_request_t *req,
                   provkit_url_t *u, provkit_http_request_t *h)
{
    provkit_writer_t w;
    uint64_t body_len = 0;
    int rc;

    if (req->parsed != NULL && req->parsed->host != NULL) {
        *u = *req->parsed; /* parsed once, for the endpoint */
    } else {
        rc = provkit_url_parse(u, req->url, req->url_len, NULL, 0);
        if (rc != PROVKIT_OK) {
            return rc;
        }
    }
    if (u->host_len >= sizeof c->conn_host) {
        return PROVKIT_ERR_URL; /* (the parser refuses such hosts already) */
    }
    if (req->write_body != NULL) {
        provkit_writer_init(&w, NULL, 0);
        w.known = req->known;
        rc = req->write_body(req->body_ctx, &w);
        if (rc == PROVKIT_OK) {
            rc = provkit_writer_finish(&w);
        }
        if (rc != PROVKIT_OK) {
            return rc;
        }
        body_len = (uint64_t)provkit_writer_total(&w);
    }
    memset(h, 0, sizeof *h);
    h->method = req->method;
    h->url = u;
    h->content_type = req->content_type;
    h->accept = req->accept;
    h->query_extra = req->query_extra;
    h->content_length = body_len;
    h->keep_alive = !req->close_after;
    provkit_writer_init(&w, NULL, 0);
    rc = provkit_http_write_request_head(&w, h);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    c->expected = (uint64_t)provkit_writer_total(&w) + body_len;
    return PROVKIT_OK;
}

/* The receive buffer is wiped after the exchange only as far as data came
 * into it. */
static void note_recv(provkit_client_t *c, int32_t n)
{
    size_t got = n > 0 ? ((size_t)n < c->recv_cap ? (size_t)n : c->recv_cap) : 0u;
    if (got > c->recv_used) {
        c->recv_used = got;
    }
}

/* Reuse the kept connection if it goes to the same place and is still
 * open, else open a new one. Nothing has been sent, so replacing a stale
 * connection here cannot duplicate a request. */
static int ensure_connection(provkit_client_t *c, const provkit_url_t *u)
{
    const provkit_transport_t *t = c->transport;
    uint32_t rem;
    int rc;

    if (c->connected &&
        (c->conn_port != u->port || c->conn_tls != u->tls ||
         strlen(c->conn_host) != u->host_len ||
         memcmp(c->conn_host, u->host, u->host_len) != 0)) {
        provkit_client_close(c);
    }
    if (c->connected) {
        /* Too old to race the server's keep-alive timer: replace it while
         * nothing has been sent. */
        uint32_t idle = (uint32_t)(c->now_ms() - c->sent_ms);
        uint32_t window = c->idle_max_ms - c->idle_max_ms / 16u;
        if (idle >= window) {
            provkit_client_close(c);
        }
    }
    if (c->connected) {
        /* A server that closed an idle connection shows it as end of
         * stream (or an error); bytes nobody asked for mean the stream is
         * out of step. Only "nothing to read" means alive. */
        int32_t n = t->recv(t->ctx, c->recv_buf, c->recv_cap, 0);
        note_recv(c, n);
        if (n != 0) {
            provkit_client_close(c);
        }
    }
    if (c->connected) {
        PROVKIT_LOG(c, PROVKIT_LOG_DEBUG, .name = "reuse", .host = c->conn_host,
                    .port = c->conn_port);
        return PROVKIT_OK;
    }
    rem = remaining(c);
    if (rem == 0) {
        return PROVKIT_ERR_TIMEOUT;
    }
    /* the host span, NUL-terminated, is the connection's from here on */
    memcpy(c->conn_host, u->host, u->host_len);
    c->conn_host[u->host_len] = '\0';
    rc = t->connect(t->ctx, c->conn_host, u->port, rem);
    PROVKIT_LOG(c, PROVKIT_LOG_INFO, .name = "connect", .host = c->conn_host, .port = u->port,
                .status = rc);
    if (rc != PROVKIT_OK) {
        /* A port may hold half-open state (a socket, a TLS session). */
        t->close(t->ctx);
        return rc < 0 ? rc : PROVKIT_ERR_NETWORK;
    }
    c->connected = true;
    c->conn_port = u->port;
    c->conn_tls = u->tls;
    return PROVKIT_OK;
}

static int send_request(provkit_client_t *c,
                        const provkit_client_request_t *req,
                        const provkit_http_request_t *h)
{
    provkit_writer_t w;
    int rc;

    provkit_writer_init_stream(&w, c->send_buf, sizeof c->send_buf, send_all,
                               c);
    w.known = req->known;
    provkit_http_write_checked_head(&w, h); /* checked by the counting pass */
    rc = provkit_writer_status(&w);
    if (rc == PROVKIT_OK && req->write_body != NULL) {
        rc = req->write_body(req->body_ctx, &w);
    }
    /* On failure whatever is still buffered is dropped, never sent. */
    if (rc == PROVKIT_OK) {
        rc = provkit_writer_finish(&w);
    }
    if (rc == PROVKIT_OK && c->bytes_sent != c->expected) {
        rc = PROVKIT_ERR_ARG; /* the body callback wrote less the 2nd time */
    }
    c->sent_ms = c->now_ms(); /* the server's keep-alive timer starts later */
    PROVKIT_LOG(c, PROVKIT_LOG_INFO, .name = "request_sent", .bytes = c->bytes_sent,
                .status = rc);
    return rc;
}

/* Read until the reader has a whole response. Returns PROVKIT_OK with
 * *reusable set, or the error. */
static int receive(provkit_client_t *c, provkit_http_response_t *resp,
                   bool *reusable)
{
    const provkit_transport_t *t = c->transport;
    bool answered = false; /* some byte of an answer came */

    provkit_http_response_init(resp, resp->body, resp->body_cap);
    /* Bounded by the deadline: every pass either ends the exchange or
     * spends time in recv(). */
    for (;;) {
        uint32_t rem = remaining(c);
        int32_t n;
        size_t used = 0;
        int rc;

        if (rem == 0) {
            return PROVKIT_ERR_TIMEOUT;
        }
        n = t->recv(t->ctx, c->recv_buf, c->recv_cap, rem);
        note_recv(c, n);
        if (n == 0) {
            continue;
        }
        if (n == PROVKIT_ERR_CLOSED) {
            rc = provkit_http_response_eof(resp);
            *reusable = false;
            /* A response cut short by the close is a lost answer, not a
             * malformed one: closed before any byte of it, or truncated. */
            if (rc == PROVKIT_OK) {
                return PROVKIT_OK;
            }
            return answered ? PROVKIT_ERR_TRUNCATED : PROVKIT_ERR_CLOSED;
        }
        if (n < 0) {
            return n;
        }
        if ((size_t)n > c->recv_cap) {
            return PROVKIT_ERR_NETWORK;
        }
        answered = true;
        rc = provkit_http_response_feed(resp, c->recv_buf, (size_t)n, &used);
        if (rc == PROVKIT_INCOMPLETE) {
            continue;
        }
        if (rc == PROVKIT_OK) {
            /* Bytes after the answer to the only request in flight mean the
             * stream cannot be trusted for the next one. */
            *reusable = resp->keep_alive && used == (size_t)n;
            return PROVKIT_OK;
        }
        return rc;
    }
}

int provkit_client_exchange(provkit_client_t *c,
                            const provkit_client_request_t *req,
                            provkit_http_response_t *resp)
{
    provkit_url_t u;
    provkit_http_request_t h;
    bool reusable = false;
    int rc;
    int ret;

    if (c == NULL || c->transport == NULL || req == NULL || resp == NULL ||
        req->url == NULL) {
        return PROVKIT_ERR_ARG;
    }
    c->cause = PROVKIT_OK;
    c->request_sent = false;
    c->bytes_sent = 0;
    c->expected = 0;
    c->start_ms = c->now_ms();
    c->timeout_ms = req->timeout_ms;

    rc = measure(c, req, &u, &h);
    if (rc == PROVKIT_OK) {
        rc = ensure_connection(c, &u);
    }
    if (rc == PROVKIT_OK) {
        rc = send_request(c, req, &h);
    }
    if (rc == PROVKIT_OK) {
        rc = receive(c, resp, &reusable);
    }

    c->cause = rc;
    ret = rc;
    if (rc != PROVKIT_OK && c->request_sent) {
        /* Whatever went wrong, the server may have read the request. */
        ret = PROVKIT_ERR_OUTCOME_UNKNOWN;
    }
    if (rc == PROVKIT_OK) {
        PROVKIT_LOG(c, PROVKIT_LOG_INFO, .name = "response", .http_status = resp->status,
                    .bytes = resp->body_len);
    } else {
        PROVKIT_LOG(c, PROVKIT_LOG_ERROR, .name = "exchange_failed", .status = ret, .cause = rc,
                    .request_sent = c->request_sent);
    }
    if (rc != PROVKIT_OK || !reusable || req->close_after) {
        provkit_client_close(c);
    }
    /* wipe exactly what held data: the request streamed through at most
     * its own length of send_buf, answers came into recv_used bytes */
    provkit_zeroize(c->send_buf, c->expected < sizeof c->send_buf ? (size_t)c->expected
                                                                   : sizeof c->send_buf);
    provkit_zeroize(c->recv_buf, c->recv_used);
    c->recv_used = 0;
    return ret;
}

void provkit_client_set_log(provkit_client_t *c, provkit_log_fn *fn, void *ctx)
{
#if PROVKIT_LOG_LEVEL > 0
    if (c != NULL) {
        c->log_fn = fn;
        c->log_ctx = ctx;
    }
#else
    (void)c;
    (void)fn;
    (void)ctx;
#endif
}
