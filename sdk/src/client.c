/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client.c - the blocking client: one loop over the exchange engine
 * (engine.c holds the policy; see provkit/client.h and provkit/engine.h).
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
    /* the receive buffer is the send window too: one way at a time */
    return provkit_engine_init(&c->engine, recv_buf, recv_cap);
}

void provkit_client_set_idle_max(provkit_client_t *c, uint32_t idle_max_ms)
{
    if (c != NULL) {
        provkit_engine_set_idle_max(&c->engine, idle_max_ms);
    }
}

void provkit_client_close(provkit_client_t *c)
{
    if (c == NULL || c->transport == NULL) {
        return;
    }
    if (c->engine.open) {
        c->transport->close(c->transport->ctx);
    }
    provkit_engine_closed(&c->engine);
}

/* Read what the engine wants into recv_buf, waiting at most wait ms, and
 * hand it over. The receive buffer is wiped after the exchange only as far
 * as data came into it. */
static void receive(provkit_client_t *c, provkit_engine_t *e, uint32_t wait)
{
    const provkit_transport_t *t = c->transport;
    int32_t n = t->recv(t->ctx, c->recv_buf, c->recv_cap, wait);
    if (n > 0 && (size_t)n > c->recv_cap) {
        n = PROVKIT_ERR_NETWORK; /* a port that lies about counts */
    }
    if (n > 0 && (size_t)n > c->recv_used) {
        c->recv_used = (size_t)n;
    }
    provkit_engine_received(e, c->recv_buf, n);
}

/* Run the started exchange to its end. Bounded by the deadline: every pass
 * either ends the exchange or spends time in the transport, and the engine
 * ends it when the time is up. */
static int run(provkit_client_t *c)
{
    provkit_engine_t *e = &c->engine;
    const provkit_transport_t *t = c->transport;

    for (;;) {
        uint32_t wait = provkit_engine_poll(e, c->now_ms());
        switch (provkit_engine_state(e)) {
        case PROVKIT_ENGINE_CLOSE:
            provkit_client_close(c);
            break;
        case PROVKIT_ENGINE_CONNECT: {
            uint16_t port;
            bool tls;
            const char *host = provkit_engine_host(e, &port, &tls);
            int rc = t->connect(t->ctx, host, port, wait);
            PROVKIT_LOG(c, PROVKIT_LOG_INFO, .name = "connect", .host = host, .port = port,
                        .status = rc);
            provkit_engine_connected(e, rc);
            break;
        }
        case PROVKIT_ENGINE_PROBE:
            receive(c, e, 0);
            if (provkit_engine_state(e) == PROVKIT_ENGINE_SEND) {
                PROVKIT_LOG(c, PROVKIT_LOG_DEBUG, .name = "reuse", .host = e->conn_host,
                            .port = e->conn_port);
            }
            break;
        case PROVKIT_ENGINE_SEND: {
            size_t len;
            const uint8_t *p = provkit_engine_send_data(e, &len);
            if (p != NULL) {
                provkit_engine_sent(e, t->send(t->ctx, p, len, wait));
            }
            if (provkit_engine_state(e) != PROVKIT_ENGINE_SEND) {
                PROVKIT_LOG(c, PROVKIT_LOG_INFO, .name = "request_sent", .bytes = e->bytes_sent,
                            .status = e->status);
            }
            break;
        }
        case PROVKIT_ENGINE_RECV:
            receive(c, e, wait);
            break;
        default: /* DONE */
            return e->status;
        }
    }
}

int provkit_client_run(provkit_client_t *c, provkit_http_response_t *resp)
{
    provkit_engine_t *e = &c->engine;
    int ret = run(c);
    c->cause = e->cause;
    c->request_sent = e->request_sent;
    c->bytes_sent = e->bytes_sent;
    if (ret == PROVKIT_OK) {
        PROVKIT_LOG(c, PROVKIT_LOG_INFO, .name = "response", .http_status = resp->status,
                    .bytes = resp->body_len);
    } else {
        PROVKIT_LOG(c, PROVKIT_LOG_ERROR, .name = "exchange_failed", .status = ret,
                    .cause = e->cause, .request_sent = e->request_sent);
    }
    (void)resp;
    provkit_zeroize(c->recv_buf, c->recv_used);
    c->recv_used = 0;
    return ret;
}

int provkit_client_exchange(provkit_client_t *c,
                            const provkit_client_request_t *req,
                            provkit_http_response_t *resp)
{
    if (c == NULL || c->transport == NULL || req == NULL || resp == NULL ||
        req->url == NULL) {
        return PROVKIT_ERR_ARG;
    }
    (void)provkit_engine_start(&c->engine, req, resp, c->now_ms());
    /* (a request that cannot be sent leaves the engine DONE at once) */
    return provkit_client_run(c, resp);
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
