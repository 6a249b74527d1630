/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lwip_tcp.c - the lwIP transport (see provkit_lwip.h): lwIP's socket
 * calls, its clock and its address resolution; the transport itself is
 * port/sockets/sockets_transport.inc, shared with the Zephyr port.
 */
#include <string.h>

#include "lwip/opt.h"
#include "lwip/def.h"
#include "lwip/errno.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"
#include "lwip/inet.h"
#if LWIP_DNS
#include "lwip/netdb.h"
#endif

#include "provkit_lwip.h"

#if !LWIP_SOCKET
#error "the lwIP port needs LWIP_SOCKET"
#endif
#if !LWIP_SOCKET_POLL && !LWIP_SOCKET_SELECT
#error "the lwIP port needs LWIP_SOCKET_POLL or LWIP_SOCKET_SELECT"
#endif

uint32_t provkit_lwip_now_ms(void)
{
    return (uint32_t)sys_now();
}

/* > 0 ready, 0 timed out, < 0 failed (errno set). */
static int wait_fd(int fd, int writing, uint32_t ms)
{
#if LWIP_SOCKET_POLL
    struct pollfd p;
    p.fd = fd;
    p.events = writing ? POLLOUT : POLLIN;
    p.revents = 0;
    return lwip_poll(&p, 1, ms > 0x7FFFFFFFu ? 0x7FFFFFFF : (int)ms);
#else
    fd_set set;
    struct timeval tv;
    FD_ZERO(&set);
    FD_SET(fd, &set);
    tv.tv_sec = (long)(ms / 1000u);
    tv.tv_usec = (long)(ms % 1000u) * 1000L;
    return lwip_select(fd + 1, writing ? NULL : &set, writing ? &set : NULL, NULL, &tv);
#endif
}

union pk_addr {
    struct sockaddr sa;
    struct sockaddr_in in4;
#if LWIP_IPV6
    struct sockaddr_in6 in6;
#endif
};

/* The address of host (a literal, or a name with LWIP_DNS) and port. */
static int resolve(provkit_lwip_tcp_t *c, const char *host, uint16_t port, union pk_addr *a,
                   socklen_t *len)
{
    memset(a, 0, sizeof *a);
    if (lwip_inet_pton(AF_INET, host, &a->in4.sin_addr) == 1) {
        a->in4.sin_family = AF_INET;
        a->in4.sin_port = lwip_htons(port);
        *len = (socklen_t)sizeof a->in4;
        return PROVKIT_OK;
    }
#if LWIP_IPV6
    if (lwip_inet_pton(AF_INET6, host, &a->in6.sin6_addr) == 1) {
        a->in6.sin6_family = AF_INET6;
        a->in6.sin6_port = lwip_htons(port);
        *len = (socklen_t)sizeof a->in6;
        return PROVKIT_OK;
    }
#endif
#if LWIP_DNS
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int e = lwip_getaddrinfo(host, NULL, &hints, &res);
    if (e != 0 || res == NULL || res->ai_addrlen > sizeof *a) {
        c->last_errno = e;
        if (res != NULL) {
            lwip_freeaddrinfo(res);
        }
        return PROVKIT_ERR_DNS;
    }
    memcpy(a, res->ai_addr, res->ai_addrlen);
    *len = (socklen_t)res->ai_addrlen;
    lwip_freeaddrinfo(res);
    a->in4.sin_port = lwip_htons(port); /* the same place in sockaddr_in6 */
    return PROVKIT_OK;
#else
    (void)c;
    return PROVKIT_ERR_DNS; /* a name, and no DNS in this lwIP */
#endif
}

#define PK_TCP_T provkit_lwip_tcp_t
#define PK_TCP_INIT provkit_lwip_tcp_init
#define PK_NOW provkit_lwip_now_ms
#define PK_SOCKET lwip_socket
#define PK_CLOSE lwip_close
#define PK_CONNECT lwip_connect
#define PK_SEND lwip_send
#define PK_RECV lwip_recv
#define PK_FCNTL lwip_fcntl
#define PK_SETSOCKOPT lwip_setsockopt
#define PK_GETSOCKOPT lwip_getsockopt
#include "../sockets/sockets_transport.inc"
