/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit_posix.h - the POSIX port: a TCP socket transport and a monotonic
 * clock.
 *
 * The transport implements the contract of provkit/transport.h over one
 * non-blocking TCP socket whose every wait is a poll() with the caller's
 * timeout, so no call blocks past the time it was given (DNS excepted, see
 * connect below). Nothing here allocates; the context is a small plain struct
 * the caller owns and may place in static storage.
 *
 * Usage:
 *     static provkit_posix_tcp_t tcp;
 *     provkit_transport_t t;
 *     provkit_posix_tcp_init(&tcp, &t);
 *     rc = t.connect(t.ctx, "example.com", 443, 5000);
 *     ... t.send / t.recv ...
 *     t.close(t.ctx);
 *
 * Behaviour of the vtable functions, beyond the contract:
 *
 * connect(ctx, host, port, timeout_ms)
 *     Resolves host with getaddrinfo(AF_UNSPEC), so IPv4 and IPv6 names and
 *     literals both work, and tries each address in the resolver's order.
 *     Each address but the last gets at most half of the time remaining, so
 *     one black-holed address (typically IPv6 on a network that does not
 *     route it) leaves time for the next; the last gets all that remains.
 *     The connect itself is non-blocking, waited for with poll() and checked
 *     with SO_ERROR; the socket stays non-blocking, has TCP_NODELAY set (the
 *     client writes whole requests, so Nagle only adds latency) and is
 *     close-on-exec. A connection already open on ctx is closed first.
 *     getaddrinfo() cannot be given a deadline: name resolution is bounded
 *     by the system resolver's own timeouts, not by timeout_ms.
 *     Returns PROVKIT_OK; PROVKIT_ERR_ARG (NULL or empty host, port 0);
 *     PROVKIT_ERR_DNS (any getaddrinfo failure; the EAI_* code is kept in
 *     ctx->last_gai_error); PROVKIT_ERR_TIMEOUT (the time ran out while
 *     connecting); PROVKIT_ERR_NETWORK (refused, unreachable, no socket; the
 *     errno is kept in ctx->last_errno).
 * send(ctx, buf, len, timeout_ms) / recv(ctx, buf, len, timeout_ms)
 *     Try the socket first and poll() only when it would block, so
 *     timeout_ms 0 is a true non-blocking attempt. EINTR is retried with the
 *     remaining time recomputed. len is clamped to INT32_MAX.
 *     Return > 0 bytes; 0 when len is 0 or nothing moved before the timeout;
 *     PROVKIT_ERR_CLOSED for end of stream (recv), for a reset or broken
 *     pipe (ECONNRESET, EPIPE: the peer is gone either way, so the client
 *     treats it like an orderly close), and when no connection is open;
 *     PROVKIT_ERR_ARG for a NULL buf with len > 0; PROVKIT_ERR_NETWORK for
 *     any other socket error (errno kept in ctx->last_errno).
 *     SIGPIPE is never raised: send uses MSG_NOSIGNAL where the system has
 *     it and the socket gets SO_NOSIGPIPE where that exists (BSD, macOS). On
 *     a system with neither, the application must ignore SIGPIPE itself.
 * close(ctx)
 *     Closes the socket if one is open; safe to call any number of times.
 *
 * Read-ahead (provkit_posix_tcp_set_readahead, off by default): a recv for
 * fewer bytes than the read-ahead buffer holds reads what the socket has,
 * up to the buffer's size, and serves later calls from it. mbedTLS reads a
 * record in two calls (its 5-byte header, then the rest), so this halves
 * the system calls per record of a TLS connection. Buffered bytes are
 * served before the socket is looked at: a caller that polls the socket
 * itself must first read until recv returns 0. Dropped at close.
 */
#ifndef PROVKIT_POSIX_H
#define PROVKIT_POSIX_H

#include <stdint.h>

#include "provkit/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One TCP connection. Caller-owned, statically allocatable; sizeof is three
 * ints (12 bytes on common ABIs). The fields are readable for diagnostics
 * and must not be written: use the functions. */
typedef struct provkit_posix_tcp {
    int fd;             /**< the socket, or -1 when no connection is open */
    int last_errno;     /**< errno of the last socket failure, 0 if none */
    int last_gai_error; /**< getaddrinfo() code of the last DNS failure */
    uint8_t *ra;        /**< read-ahead buffer, NULL: none */
    size_t ra_cap;      /**< its size */
    size_t ra_off;      /**< the first unread byte read ahead */
    size_t ra_len;      /**< the end of the bytes read ahead: ra[ra_off .. ra_len) unread */
} provkit_posix_tcp_t;

/**
 * Prepare ctx (no connection open) and point out at its functions.
 *   ctx  context to initialise; must stay valid, at the same address, for as
 *        long as out is used. Do not call on a ctx with an open connection
 *        (close it first) or the socket leaks.
 *   out  filled with the vtable and out->ctx = ctx.
 * Returns PROVKIT_OK, or PROVKIT_ERR_ARG if either pointer is NULL.
 */
int provkit_posix_tcp_init(provkit_posix_tcp_t *ctx, provkit_transport_t *out);

/** Read ahead into buf[0..cap) (see above; borrowed while ctx is used);
 * NULL or cap 0: no read-ahead. Call it with no connection open. */
void provkit_posix_tcp_set_readahead(provkit_posix_tcp_t *ctx, uint8_t *buf, size_t cap);

/**
 * Monotonic milliseconds from CLOCK_MONOTONIC, wrapping at 2^32; a
 * provkit_clock_fn for the client and for the TLS port. Never goes
 * backwards with wall-clock changes. Returns 0 only if the clock is
 * unavailable, which POSIX.1-2008 systems do not allow.
 */
uint32_t provkit_posix_now_ms(void);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_POSIX_H */
