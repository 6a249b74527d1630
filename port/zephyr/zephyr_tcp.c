/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zephyr_tcp.c - the Zephyr sockets transport (see provkit_zephyr.h):
 * Zephyr's zsock_* calls, its clock and its address resolution; the
 * transport itself is port/sockets/sockets_transport.inc, shared with the
 * lwIP port.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <zephyr/kernel.h>
#include <zephyr/net/socket.h>

#include "provkit_zephyr.h"

uint32_t provkit_zephyr_now_ms(void)
{
    return k_uptime_get_32();
}

/* > 0 ready, 0 timed out, < 0 failed (errno set). */
static int wait_fd(int fd, int writing, uint32_t ms)
{
    struct zsock_pollfd p;
    p.fd = fd;
    p.events = writing ? ZSOCK_POLLOUT : ZSOCK_POLLIN;
    p.revents = 0;
    return zsock_poll(&p, 1, ms > 0x7FFFFFFFu ? 0x7FFFFFFF : (int)ms);
}

union pk_addr {
    struct sockaddr sa;
    struct sockaddr_in in4;
#if defined(CONFIG_NET_IPV6)
    struct sockaddr_in6 in6;
#endif
};

/* The address of host (a literal, or a name with CONFIG_DNS_RESOLVER). */
static int resolve(provkit_zephyr_tcp_t *c, const char *host, uint16_t port, union pk_addr *a,
                   socklen_t *len)
{
    memset(a, 0, sizeof *a);
    if (zsock_inet_pton(AF_INET, host, &a->in4.sin_addr) == 1) {
        a->in4.sin_family = AF_INET;
        a->in4.sin_port = htons(port);
        *len = (socklen_t)sizeof a->in4;
        return PROVKIT_OK;
    }
#if defined(CONFIG_NET_IPV6)
    if (zsock_inet_pton(AF_INET6, host, &a->in6.sin6_addr) == 1) {
        a->in6.sin6_family = AF_INET6;
        a->in6.sin6_port = htons(port);
        *len = (socklen_t)sizeof a->in6;
        return PROVKIT_OK;
    }
#endif
#if defined(CONFIG_DNS_RESOLVER)
    struct zsock_addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int e = zsock_getaddrinfo(host, NULL, &hints, &res);
    if (e != 0 || res == NULL || res->ai_addrlen > sizeof *a) {
        c->last_errno = e;
        if (res != NULL) {
            zsock_freeaddrinfo(res);
        }
        return PROVKIT_ERR_DNS;
    }
    memcpy(a, res->ai_addr, res->ai_addrlen);
    *len = (socklen_t)res->ai_addrlen;
    zsock_freeaddrinfo(res);
    a->in4.sin_port = htons(port); /* the same place in sockaddr_in6 */
    return PROVKIT_OK;
#else
    (void)c;
    return PROVKIT_ERR_DNS; /* a name, and no DNS resolver configured */
#endif
}

#define PK_TCP_T provkit_zephyr_tcp_t
#define PK_TCP_INIT provkit_zephyr_tcp_init
#define PK_NOW provkit_zephyr_now_ms
#define PK_SOCKET zsock_socket
#define PK_CLOSE zsock_close
#define PK_CONNECT zsock_connect
#define PK_SEND zsock_send
#define PK_RECV zsock_recv
#define PK_FCNTL zsock_fcntl
#define PK_SETSOCKOPT zsock_setsockopt
#define PK_GETSOCKOPT zsock_getsockopt
#include "../sockets/sockets_transport.inc"
