/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit_zephyr.h - the Zephyr port: a provkit transport over Zephyr's BSD
 * sockets (zsock_socket, zsock_connect, zsock_send, zsock_recv), every wait a
 * zsock_poll() on a non-blocking socket measured against k_uptime_get_32(),
 * so no call outlives its timeout_ms. Wrap it in the TLS port
 * (port/mbedtls) for https.
 *
 * Host names: resolved with zsock_getaddrinfo() when CONFIG_DNS_RESOLVER is
 * on; IP literals always (connect answers PROVKIT_ERR_DNS for a name
 * otherwise). With TLS, set the certificate's name with
 * provkit_tls_set_server_name() when connecting by address.
 *
 * Usage:
 *     static provkit_zephyr_tcp_t tcp;
 *     provkit_transport_t plain;
 *     provkit_zephyr_tcp_init(&tcp, &plain);
 *     provkit_client_init(&client, &plain, provkit_zephyr_now_ms, rx, sizeof rx);
 */
#ifndef PROVKIT_ZEPHYR_H
#define PROVKIT_ZEPHYR_H

#include <stdint.h>

#include "provkit/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The Zephyr sockets transport's state (see above). */
typedef struct provkit_zephyr_tcp {
    int fd;         /**< the socket, -1 when closed */
    int last_errno; /**< errno of the last failure, for the application's log */
} provkit_zephyr_tcp_t;

/** Set up c (closed) and point out at its functions. PROVKIT_OK, or
 * PROVKIT_ERR_ARG for NULL. */
int provkit_zephyr_tcp_init(provkit_zephyr_tcp_t *c, provkit_transport_t *out);

/** k_uptime_get_32(), as a provkit_clock_fn. */
uint32_t provkit_zephyr_now_ms(void);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_ZEPHYR_H */
