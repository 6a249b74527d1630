/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/client.h - one HTTP request/response exchange over a transport,
 * with a deadline, keep-alive, and the never-create-twice rule.
 *
 * The blocking client is a thin loop over the exchange engine
 * (provkit/engine.h), which owns the policy below; an event loop drives the
 * engine itself. The request body is produced by a caller callback: once
 * on a counting writer (for the exact Content-Length), then once per
 * window into the caller's receive buffer, which is the engine's send
 * window while the request goes out (HTTP/1.1 without pipelining is one
 * direction at a time), and goes to transport->send. The request size
 * therefore does not change the RAM an exchange needs: the client struct,
 * the caller's receive buffer and the caller's response body buffer; a
 * receive buffer the size of the request sends it in one window.
 *
 * Outcome rules:
 *   - nothing sent yet (URL, body callback, stale-connection check,
 *     connect): the error itself is returned (PROVKIT_ERR_URL, _DNS,
 *     _NETWORK, _TIMEOUT, _TLS, ...) and request_sent is false; a kept
 *     connection found stale is silently replaced, since nothing was sent;
 *   - once send() accepted any byte of the request, request_sent is true,
 *     and every failure (send error, timeout, close, receive error, an
 *     answer cut short, an answer that is not valid HTTP or does not fit a
 *     limit or the body buffer) returns PROVKIT_ERR_OUTCOME_UNKNOWN with
 *     the underlying status in cause (PROVKIT_ERR_TIMEOUT; _CLOSED when the
 *     peer closed before any byte of an answer; _TRUNCATED when an answer
 *     began and was cut, or TLS ended without close_notify; _HTTP, _LIMIT,
 *     ...): the server may have acted on the request, and the client never
 *     sends it again;
 *   - PROVKIT_OK: a whole response is in the caller's response reader
 *     (status, body, content type), whatever its HTTP status code.
 * The connection is kept only when the response allows it, nothing
 * followed the response, and the request did not ask for "close"; after
 * any failure it is closed.
 *
 * Idle kept connections. A server closes a kept connection after its own
 * keep-alive timeout; a request sent just as it does so is lost after it
 * may have been read, which would make a good exchange "outcome unknown".
 * So a kept connection is reused only while it has been idle for less than
 * idle_max_ms - idle_max_ms / 16, idle counted from the moment the last
 * byte of the previous request went out (the server's timer starts later,
 * once it has answered). The 1/16 guard covers the request's transit and
 * both clocks' granularity. Older connections are closed and replaced
 * before the first byte, which is always safe. idle_max_ms starts at
 * PROVKIT_CLIENT_IDLE_MAX_MS (4000 ms: below Apache httpd's and Node.js's
 * 5 s, nginx's 75 s and IIS's 120 s); set it to your server's keep-alive
 * timeout or less with provkit_client_set_idle_max(). 0 never reuses.
 *
 * Not thread-safe per client; one exchange at a time.
 */
#ifndef PROVKIT_CLIENT_H
#define PROVKIT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/engine.h"
#include "provkit/errors.h"
#include "provkit/log.h"
#include "provkit/transport.h"

#ifdef __cplusplus
extern "C" {
#endif


/** A client: one connection, kept alive between exchanges (see above), and
 * the engine (provkit/engine.h) that runs each exchange over it. */
typedef struct provkit_client {
    /** --- set by provkit_client_init; borrowed, must outlive the client --- */
    const provkit_transport_t *transport;
    provkit_clock_fn now_ms; /**< the clock */
    uint8_t *recv_buf; /**< the receive buffer */
    size_t recv_cap; /**< its size */

    /** --- result of the last exchange --- */
    int cause;           /**< underlying status behind the return value */
    bool request_sent;   /**< some request byte reached send() */
    uint64_t bytes_sent; /**< bytes send() accepted in the last exchange */

    /** @cond PRIVATE */
    /* --- private --- */
    size_t recv_used;    /**< bytes of recv_buf that held data this exchange */
#if PROVKIT_LOG_LEVEL > 0
    provkit_log_fn *log_fn; /* provkit_client_set_log */
    void *log_ctx;
#endif
    /** @endcond */
    /** The exchange engine: the policy and the kept connection's host; its
     * send window is recv_buf. */
    provkit_engine_t engine;
} provkit_client_t;

/**
 * Prepare c. transport and now_ms are borrowed and must outlive c.
 * recv_buf/recv_cap: the request's send window, then the scratch the
 * response is read into before the reader copies the body out (any size
 * >= 1 works; 512 to 2048 is typical); it holds secrets and is wiped after
 * each exchange. Returns PROVKIT_OK or PROVKIT_ERR_ARG
 * (NULL pointer, missing transport function, recv_cap 0).
 */
int provkit_client_init(provkit_client_t *c, const provkit_transport_t *t,
                        provkit_clock_fn now_ms, uint8_t *recv_buf,
                        size_t recv_cap);


/** Reuse a kept connection only while idle for less than idle_max_ms minus
 * 1/16 of it (see "Idle kept connections"); 0 never reuses. Takes effect at
 * the next exchange. NULL c is ignored. */
void provkit_client_set_idle_max(provkit_client_t *c, uint32_t idle_max_ms);

/** Send c's events (provkit/log.h) to fn(ctx, event); NULL fn: none. With
 * PROVKIT_LOG_LEVEL 0 (the default) nothing is ever logged and this does
 * nothing. NULL c is ignored. */
void provkit_client_set_log(provkit_client_t *c, provkit_log_fn *fn, void *ctx);

/** Close a kept connection, if any (safe to call at any time). */
void provkit_client_close(provkit_client_t *c);

/** Overwrite n bytes at p with zeros in a way the compiler cannot drop as a
 * dead store (memset through a volatile function pointer, a word at a
 * time). p may be NULL when n is 0. */
void provkit_zeroize(void *p, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_CLIENT_H */
