/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.c - one exchange as a sans-I/O state machine; see provkit/engine.h.
 *
 * The order of an exchange is chosen so that every failure that can be
 * retried happens before the first request byte leaves: URL, body and
 * head are checked by counting passes, a kept connection is probed, and a
 * new one is opened, all before SEND. From the first accepted byte on, a
 * lost exchange is "outcome unknown", never a retry.
 */
#include <string.h>

#include "provkit/client.h"
#include "provkit/engine.h"
#include "http_wire.h"

int provkit_engine_init(provkit_engine_t *e, uint8_t *window, size_t cap)
{
    if (e == NULL || window == NULL || cap == 0) {
        return PROVKIT_ERR_ARG;
    }
    memset(e, 0, sizeof *e);
    e->win = window;
    e->win_cap = cap;
    e->idle_max_ms = PROVKIT_CLIENT_IDLE_MAX_MS;
    return PROVKIT_OK;
}

void provkit_engine_set_idle_max(provkit_engine_t *e, uint32_t idle_max_ms)
{
    e->idle_max_ms = idle_max_ms;
}

provkit_engine_state_t provkit_engine_state(const provkit_engine_t *e)
{
    return (provkit_engine_state_t)e->state;
}

int provkit_engine_status(const provkit_engine_t *e)
{
    return e->state == PROVKIT_ENGINE_DONE ? e->status : PROVKIT_INCOMPLETE;
}

bool provkit_engine_kept(const provkit_engine_t *e) { return e->open && e->kept; }

const char *provkit_engine_host(const provkit_engine_t *e, uint16_t *port, bool *tls)
{
    *port = e->conn_port;
    *tls = e->conn_tls;
    return e->conn_host;
}

/* The head as the URL and the request give it. */
static void head_of(const provkit_engine_t *e, provkit_http_request_t *h)
{
    memset(h, 0, sizeof *h);
    h->method = e->req.method;
    h->url = &e->url;
    h->content_type = e->req.content_type;
    h->accept = e->req.accept;
    h->query_extra = e->req.query_extra;
    h->content_length = e->body_len;
    h->keep_alive = !e->req.close_after;
}

/* Wipe the send window as far as any window of this request filled it. */
static void wipe_window(provkit_engine_t *e)
{
    if (e->win_used) {
        provkit_zeroize(e->win, e->expected < e->win_cap ? (size_t)e->expected : e->win_cap);
        e->win_used = false;
    }
    e->win_len = 0;
}

/* The exchange is over with rc: the result, the connection's fate, and
 * the send window wiped (it held request bytes). */
static void finish(provkit_engine_t *e, int rc)
{
    e->over = true;
    e->cause = rc;
    e->status = rc != PROVKIT_OK && e->request_sent ? PROVKIT_ERR_OUTCOME_UNKNOWN : rc;
    e->kept = rc == PROVKIT_OK && e->reusable && !e->req.close_after;
    wipe_window(e);
    e->state = e->open && !e->kept ? PROVKIT_ENGINE_CLOSE : PROVKIT_ENGINE_DONE;
}

/* Measure the request: URL, head fields and body, before any I/O. */
static int measure(provkit_engine_t *e, const provkit_client_request_t *req)
{
    provkit_writer_t w;
    provkit_http_request_t h;
    int rc;

    if (req->parsed != NULL && req->parsed->host != NULL) {
        e->url = *req->parsed; /* parsed once, for the endpoint */
    } else {
        rc = provkit_url_parse(&e->url, req->url, req->url_len, NULL, 0);
        if (rc != PROVKIT_OK) {
            return rc;
        }
    }
    if (e->url.host_len >= sizeof e->conn_host) {
        return PROVKIT_ERR_URL; /* (the parser refuses such hosts already) */
    }
    e->body_len = 0;
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
        e->body_len = (uint64_t)provkit_writer_total(&w);
    }
    head_of(e, &h);
    provkit_writer_init(&w, NULL, 0);
    rc = provkit_http_write_request_head(&w, &h);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    e->expected = (uint64_t)provkit_writer_total(&w) + e->body_len;
    return PROVKIT_OK;
}

int provkit_engine_start(provkit_engine_t *e, const provkit_client_request_t *req,
                         provkit_http_response_t *resp, uint32_t now)
{
    if (e == NULL || req == NULL || resp == NULL || req->url == NULL ||
        (e->state != PROVKIT_ENGINE_IDLE && e->state != PROVKIT_ENGINE_DONE)) {
        return PROVKIT_ERR_ARG;
    }
    e->req = *req;
    e->resp = resp;
    e->status = e->cause = PROVKIT_OK;
    e->request_sent = e->answered = e->reusable = e->over = false;
    e->bytes_sent = e->win_off = 0;
    e->win_len = 0;
    e->expected = 0;
    e->now = e->start_ms = now;
    provkit_http_response_init(resp, resp->body, resp->body_cap);

    int rc = measure(e, req);
    if (rc != PROVKIT_OK) {
        /* nothing was touched: a kept connection stays kept */
        e->status = e->cause = rc;
        e->over = true;
        e->state = PROVKIT_ENGINE_DONE;
        return rc;
    }
    const provkit_url_t *u = &e->url;
    bool same = e->open && e->kept && e->conn_port == u->port && e->conn_tls == u->tls &&
                strlen(e->conn_host) == u->host_len &&
                memcmp(e->conn_host, u->host, u->host_len) == 0;
    /* Too old to race the server's keep-alive timer: replace it while
     * nothing has been sent. */
    uint32_t window = e->idle_max_ms - e->idle_max_ms / 16u;
    if (same && (uint32_t)(now - e->sent_ms) >= window) {
        same = false;
    }
    e->kept = false; /* until this exchange says otherwise */
    if (same) {
        e->state = PROVKIT_ENGINE_PROBE;
        return PROVKIT_OK;
    }
    /* the host span, NUL-terminated, is the connection's from here on */
    memcpy(e->conn_host, u->host, u->host_len);
    e->conn_host[u->host_len] = '\0';
    e->conn_port = u->port;
    e->conn_tls = u->tls;
    e->state = e->open ? PROVKIT_ENGINE_CLOSE : PROVKIT_ENGINE_CONNECT;
    return PROVKIT_OK;
}

uint32_t provkit_engine_poll(provkit_engine_t *e, uint32_t now)
{
    if (e->state < PROVKIT_ENGINE_CONNECT || e->state > PROVKIT_ENGINE_RECV) {
        return 0;
    }
    e->now = now;
    /* unsigned differences keep this right across a clock wrap */
    uint32_t elapsed = (uint32_t)(now - e->start_ms);
    if (elapsed >= e->req.timeout_ms) {
        finish(e, PROVKIT_ERR_TIMEOUT);
        return 0;
    }
    return e->req.timeout_ms - elapsed;
}

void provkit_engine_closed(provkit_engine_t *e)
{
    e->open = false;
    e->kept = false;
    if (e->state == PROVKIT_ENGINE_CLOSE) {
        /* an exchange closing a stale or another connection goes on to
         * open a new one; one that is over is done */
        e->state = e->over ? PROVKIT_ENGINE_DONE : PROVKIT_ENGINE_CONNECT;
    }
}

void provkit_engine_connected(provkit_engine_t *e, int status)
{
    if (e->state != PROVKIT_ENGINE_CONNECT) {
        return;
    }
    e->open = true; /* a port may hold half-open state (a socket, a TLS session) */
    if (status != PROVKIT_OK) {
        finish(e, status < 0 ? status : PROVKIT_ERR_NETWORK);
        return;
    }
    e->state = PROVKIT_ENGINE_SEND;
}

/* Write the request again into the send window, from win_off on. */
static int fill(provkit_engine_t *e)
{
    provkit_writer_t w;
    provkit_http_request_t h;
    int rc;

    head_of(e, &h);
    e->win_used = true;
    provkit_writer_init_window(&w, (char *)e->win, e->win_cap, (size_t)e->win_off);
    w.known = e->req.known;
    provkit_http_write_checked_head(&w, &h); /* checked by the counting pass */
    rc = provkit_writer_status(&w);
    if (rc == PROVKIT_OK && e->req.write_body != NULL) {
        rc = e->req.write_body(e->req.body_ctx, &w);
    }
    if (rc == PROVKIT_OK || rc == PROVKIT_INCOMPLETE) {
        rc = provkit_writer_status(&w);
    }
    e->win_len = w.len;
    /* A body callback that does not give the same bytes again cannot put
     * bytes on the wire beyond the Content-Length the server was promised:
     * a full window must be one the measured request has room for, and
     * the last one must end where the measured request ends. */
    if (rc == PROVKIT_INCOMPLETE) {
        rc = e->win_off + w.len < e->expected ? PROVKIT_OK : PROVKIT_ERR_ARG;
    } else if (rc == PROVKIT_OK && (uint64_t)provkit_writer_total(&w) != e->expected) {
        rc = PROVKIT_ERR_ARG;
    }
    return rc;
}

const uint8_t *provkit_engine_send_data(provkit_engine_t *e, size_t *len)
{
    *len = 0;
    if (e->state != PROVKIT_ENGINE_SEND) {
        return NULL;
    }
    if (e->bytes_sent == e->win_off + e->win_len) {
        e->win_off = e->bytes_sent;
        e->win_len = 0;
        int rc = fill(e);
        if (rc != PROVKIT_OK) {
            finish(e, rc); /* whatever was filled is dropped, never sent */
            return NULL;
        }
    }
    size_t at = (size_t)(e->bytes_sent - e->win_off);
    *len = e->win_len - at;
    return e->win + at;
}

void provkit_engine_sent(provkit_engine_t *e, int32_t n)
{
    if (e->state != PROVKIT_ENGINE_SEND) {
        return;
    }
    if (n < 0) {
        finish(e, n);
        return;
    }
    if ((uint64_t)n > e->win_off + e->win_len - e->bytes_sent) {
        finish(e, PROVKIT_ERR_NETWORK); /* a port that lies about counts */
        return;
    }
    if (n > 0) {
        e->request_sent = true;
        e->bytes_sent += (uint64_t)n;
    }
    if (e->bytes_sent == e->expected) {
        e->sent_ms = e->now; /* the server's keep-alive timer starts later */
        wipe_window(e);
        e->win_off = e->bytes_sent;
        e->state = PROVKIT_ENGINE_RECV;
    }
}

void provkit_engine_received(provkit_engine_t *e, const uint8_t *data, int32_t n)
{
    if (e->state == PROVKIT_ENGINE_PROBE) {
        /* A server that closed an idle connection shows it as end of
         * stream (or an error); bytes nobody asked for mean the stream is
         * out of step. Only "nothing to read" means alive. */
        e->state = n == 0 ? PROVKIT_ENGINE_SEND : PROVKIT_ENGINE_CLOSE;
        return;
    }
    if (e->state != PROVKIT_ENGINE_RECV || n == 0) {
        return;
    }
    if (n == PROVKIT_ERR_CLOSED) {
        /* A response cut short by the close is a lost answer, not a
         * malformed one: closed before any byte of it, or truncated. */
        e->reusable = false;
        int rc = provkit_http_response_eof(e->resp);
        finish(e, rc == PROVKIT_OK ? PROVKIT_OK
                  : e->answered    ? PROVKIT_ERR_TRUNCATED
                                   : PROVKIT_ERR_CLOSED);
        return;
    }
    if (n < 0) {
        finish(e, n);
        return;
    }
    size_t used = 0;
    e->answered = true;
    int rc = provkit_http_response_feed(e->resp, data, (size_t)n, &used);
    if (rc == PROVKIT_INCOMPLETE) {
        return;
    }
    /* Bytes after the answer to the only request in flight mean the stream
     * cannot be trusted for the next one. */
    e->reusable = rc == PROVKIT_OK && e->resp->keep_alive && used == (size_t)n;
    finish(e, rc);
}
