/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit_lwip.h - the lwIP port: a provkit transport over lwIP's socket API
 * (lwip_socket, lwip_connect, lwip_send, lwip_recv), for firmware that runs
 * lwIP with an OS (NO_SYS 0, LWIP_SOCKET 1). Wrap it in the TLS port
 * (port/mbedtls) for https.
 *
 * Every wait is an lwip_poll() (LWIP_SOCKET_POLL) or, without it, an
 * lwip_select() (LWIP_SOCKET_SELECT) on a non-blocking socket, measured
 * against provkit_lwip_now_ms() (lwIP's sys_now()), so no call outlives its
 * timeout_ms.
 *
 * Host names: with LWIP_DNS, resolved by lwip_getaddrinfo(); without it,
 * connect takes an IP address literal only ("192.0.2.10", and "2001:db8::1"
 * with LWIP_IPV6) and answers PROVKIT_ERR_DNS for a name. With TLS, set the
 * certificate's name with provkit_tls_set_server_name() when connecting by
 * address.
 *
 * Usage:
 *     static provkit_lwip_tcp_t tcp;
 *     provkit_transport_t plain;
 *     provkit_lwip_tcp_init(&tcp, &plain);
 *     provkit_client_init(&client, &plain, provkit_lwip_now_ms, rx, sizeof rx);
 *
 * RAM: sizeof(provkit_lwip_tcp_t) is two ints; lwIP's own buffers are
 * lwIP's (its pbufs and the socket's receive window).
 */
#ifndef PROVKIT_LWIP_H
#define PROVKIT_LWIP_H

#include <stdint.h>

#include "provkit/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The lwIP transport's state (see above). */
typedef struct provkit_lwip_tcp {
    int fd;         /**< the lwIP socket, -1 when closed */
    int last_errno; /**< errno of the last failure, for the application's log */
} provkit_lwip_tcp_t;

/** Set up c (closed) and point out at its functions. PROVKIT_OK, or
 * PROVKIT_ERR_ARG for NULL. */
int provkit_lwip_tcp_init(provkit_lwip_tcp_t *c, provkit_transport_t *out);

/** lwIP's millisecond clock (sys_now()), as a provkit_clock_fn. */
uint32_t provkit_lwip_now_ms(void);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_LWIP_H */
