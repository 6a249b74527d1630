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

/* provkit_body_fn and provkit_client_request_t: provkit/engine.h */

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

/* Run the exchange already started on c->engine (provkit_engine_start with
 * resp) to its end, as provkit_client_exchange does after starting it. */
int provkit_client_run(provkit_client_t *c, provkit_http_response_t *resp);

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
