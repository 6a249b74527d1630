/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client_int.h - internal to sdk/src: one exchange over a provkit_client_t
 * (provkit/client.h says how the client behaves).
 */
#ifndef PROVKIT_CLIENT_INT_H
#define PROVKIT_CLIENT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/client.h"
#include "provkit/writer.h"
#include "http_wire.h"

/* Writes the request body to w with the provkit_w_* appenders. Called
 * twice per exchange with identical output expected (first counting, then
 * streaming): it must not depend on state that changes between calls.
 * Returns PROVKIT_OK or a negative status, which aborts the exchange. */
typedef int (*provkit_body_fn)(void *ctx, provkit_writer_t *w);

typedef struct provkit_client_request {
    /* Endpoint URL (see provkit/url.h) and its length; borrowed for the
     * call only. */
    const char *url;
    size_t url_len;
    /* NULL, or url already parsed (provkit_endpoint_init): not parsed
     * again. */
    const provkit_url_t *parsed;
    /* Method token; NULL means "POST". */
    const char *method;
    /* NULL, or a query parameter added to the URL's (see
     * provkit_http_request_t.query_extra). */
    const char *query_extra;
    /* Header values (see provkit_http_request_t); NULL to omit / default. */
    const char *content_type;
    const char *accept;
    /* Body producer and its context; NULL write_body sends an empty body. */
    provkit_body_fn write_body;
    void *body_ctx;
    /* Deadline for the whole exchange: connect + send + receive. */
    uint32_t timeout_ms;
    /* Ask the server to close after answering ("Connection: close"). */
    bool close_after;
    /* Body fields measured already (provkit_check_encoding): both of
     * write_body's writers know them. Zero: none. */
    provkit_known_t known;
} provkit_client_request_t;

/*
 * Run one exchange. resp must have been set up with
 * provkit_http_response_init (its body buffer is kept; the reader is reset
 * here) and receives the response. See the outcome rules above for the
 * return value, c->cause and c->request_sent. Returns PROVKIT_ERR_ARG for
 * NULL pointers or a request the head writer refuses (bad method or header
 * value), before anything is sent.
 */
int provkit_client_exchange(provkit_client_t *c,
                            const provkit_client_request_t *req,
                            provkit_http_response_t *resp);

/* An event for c's log sink (provkit/log.h), built in place: the fields
 * after the level are designated initialisers. Above PROVKIT_LOG_LEVEL (0 by
 * default) it compiles to nothing. */
#if PROVKIT_LOG_LEVEL > 0
#define PROVKIT_LOG(c, lvl, ...)                                                      \
    do {                                                                              \
        if ((lvl) <= PROVKIT_LOG_LEVEL && (c) != NULL && (c)->log_fn != NULL) {        \
            provkit_log_event_t pk_event_ = {.level = (lvl), __VA_ARGS__};            \
            (c)->log_fn((c)->log_ctx, &pk_event_);                                    \
        }                                                                             \
    } while (0)
#else
#define PROVKIT_LOG(c, lvl, ...) ((void)0)
#endif

#endif /* PROVKIT_CLIENT_INT_H */
