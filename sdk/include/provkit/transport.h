/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/transport.h - the port contract: how provkit moves bytes.
 *
 * A transport is a vtable plus the port's own context. The core never calls
 * a socket, a clock or a TLS library directly; it calls these. A TLS
 * transport wraps another transport (see port/mbedtls), so any byte pipe
 * (POSIX socket, lwIP, Zephyr socket, modem UART) can carry TLS.
 *
 * Contract, for every function:
 *   connect(ctx, host, port, timeout_ms)
 *       Open a connection to host:port within timeout_ms. Returns PROVKIT_OK
 *       or PROVKIT_ERR_DNS / _NETWORK / _TIMEOUT / _TLS / _TLS_VERIFY.
 *       host is NUL-terminated and only borrowed for the call (a TLS port
 *       copies what it needs for SNI and verification).
 *   send(ctx, buf, len, timeout_ms)
 *       Send up to len bytes, waiting at most timeout_ms for the first byte
 *       to be accepted. Returns the bytes taken (> 0), 0 for "no progress
 *       before the timeout, try again", or a negative status
 *       (PROVKIT_ERR_CLOSED, _NETWORK, _TLS). Never raises SIGPIPE.
 *   recv(ctx, buf, len, timeout_ms)
 *       Receive up to len bytes, waiting at most timeout_ms. Returns the bytes
 *       read (> 0), 0 for "nothing arrived before the timeout" (never means
 *       closed), PROVKIT_ERR_CLOSED when the peer closed the connection
 *       (orderly end of stream), or another negative status. timeout_ms 0
 *       polls without blocking: that is how the client checks whether a kept
 *       connection went stale.
 *   close(ctx)
 *       Close the connection if one is open; safe to call twice.
 *   now_ms: see provkit_clock_fn. It is not in the vtable because the
 *       deadline belongs to the exchange, not to the pipe.
 *
 * Ports retry EINTR themselves and never return it. Return values fit in
 * int32_t; len is clamped by the port to what it can report.
 */
#ifndef PROVKIT_TRANSPORT_H
#define PROVKIT_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "provkit/errors.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A transport: the four functions of the contract above and their context. */
typedef struct provkit_transport {
    int (*connect)(void *ctx, const char *host, uint16_t port,
                   uint32_t timeout_ms); /**< open a connection (see above) */
    int32_t (*send)(void *ctx, const uint8_t *buf, size_t len,
                    uint32_t timeout_ms); /**< send bytes */
    int32_t (*recv)(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms); /**< receive bytes */
    void (*close)(void *ctx); /**< close it; safe twice */
    void *ctx; /**< the port's own state, passed to each */
} provkit_transport_t;

/** Monotonic milliseconds; wraps at 2^32 (deadlines use unsigned
 * differences, so a wrap is harmless for timeouts under 24 days). */
typedef uint32_t (*provkit_clock_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_TRANSPORT_H */
