/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lwip_tcp.c - the lwIP transport (see provkit_lwip.h). The same contract
 * and the same shape as the POSIX port (port/posix/posix_tcp.c), over
 * lwIP's socket API.
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

static uint32_t remaining_ms(uint32_t start, uint32_t timeout_ms)
{
    uint32_t elapsed = provkit_lwip_now_ms() - start;
    return elapsed >= timeout_ms ? 0u : timeout_ms - elapsed;
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

static void close_fd(provkit_lwip_tcp_t *c)
{
    if (c->fd >= 0) {
        (void)lwip_close(c->fd);
        c->fd = -1;
    }
}

/* The address of host (a literal, or a name with LWIP_DNS) and port. */
static int resolve(provkit_lwip_tcp_t *c, const char *host, uint16_t port,
                   struct sockaddr_storage *sa, socklen_t *len)
{
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)sa;
    if (lwip_inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = lwip_htons(port);
        *len = (socklen_t)sizeof *in4;
        return PROVKIT_OK;
    }
#if LWIP_IPV6
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)sa;
    if (lwip_inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = lwip_htons(port);
        *len = (socklen_t)sizeof *in6;
        return PROVKIT_OK;
    }
#endif
#if LWIP_DNS
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int e = lwip_getaddrinfo(host, NULL, &hints, &res);
    if (e != 0 || res == NULL || res->ai_addrlen > sizeof *sa) {
        c->last_errno = e;
        if (res != NULL) {
            lwip_freeaddrinfo(res);
        }
        return PROVKIT_ERR_DNS;
    }
    memcpy(sa, res->ai_addr, res->ai_addrlen);
    *len = (socklen_t)res->ai_addrlen;
    lwip_freeaddrinfo(res);
    if (sa->ss_family == AF_INET) {
        in4->sin_port = lwip_htons(port);
    }
#if LWIP_IPV6
    else {
        in6->sin6_port = lwip_htons(port);
    }
#endif
    return PROVKIT_OK;
#else
    (void)c;
    return PROVKIT_ERR_DNS; /* a name, and no DNS in this lwIP */
#endif
}

static int tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    provkit_lwip_tcp_t *c = ctx;
    uint32_t start = provkit_lwip_now_ms();
    struct sockaddr_storage sa;
    socklen_t len = 0;
    int one = 1;

    if (c == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return PROVKIT_ERR_ARG;
    }
    close_fd(c);
    c->last_errno = 0;
    int rc = resolve(c, host, port, &sa, &len);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    int fd = lwip_socket(sa.ss_family, SOCK_STREAM, 0);
    if (fd < 0) {
        c->last_errno = errno;
        return PROVKIT_ERR_NETWORK;
    }
    if (lwip_fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
        c->last_errno = errno;
        (void)lwip_close(fd);
        return PROVKIT_ERR_NETWORK;
    }
    (void)lwip_setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (lwip_connect(fd, (struct sockaddr *)&sa, len) != 0) {
        if (errno != EINPROGRESS) {
            c->last_errno = errno;
            (void)lwip_close(fd);
            return PROVKIT_ERR_NETWORK;
        }
        int ready = wait_fd(fd, 1, remaining_ms(start, timeout_ms));
        int soerr = 0;
        socklen_t sl = (socklen_t)sizeof soerr;
        if (ready == 0) {
            c->last_errno = ETIMEDOUT;
            (void)lwip_close(fd);
            return PROVKIT_ERR_TIMEOUT;
        }
        if (ready < 0 || lwip_getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 ||
            soerr != 0) {
            c->last_errno = ready < 0 ? errno : soerr;
            (void)lwip_close(fd);
            return PROVKIT_ERR_NETWORK;
        }
    }
    c->fd = fd;
    return PROVKIT_OK;
}

/* send and recv differ only in the call and the event waited for: one of
 * obuf (send) and ibuf (recv) is used. */
static int32_t tcp_io(void *ctx, const uint8_t *obuf, uint8_t *ibuf, int sending, size_t len,
                      uint32_t timeout_ms)
{
    provkit_lwip_tcp_t *c = ctx;
    uint32_t start = provkit_lwip_now_ms();
    if (c == NULL || ((sending ? obuf == NULL : ibuf == NULL) && len > 0u)) {
        return PROVKIT_ERR_ARG;
    }
    if (c->fd < 0) {
        return PROVKIT_ERR_CLOSED;
    }
    if (len == 0u) {
        return 0;
    }
    if (len > 0x7FFFFFFFu) {
        len = 0x7FFFFFFFu;
    }
    for (;;) {
        ssize_t n = sending ? lwip_send(c->fd, obuf, len, 0) : lwip_recv(c->fd, ibuf, len, 0);
        if (n > 0) {
            return (int32_t)n;
        }
        if (n == 0) {
            return sending ? 0 : PROVKIT_ERR_CLOSED;
        }
        if (errno != EWOULDBLOCK && errno != EAGAIN && errno != EINTR) {
            c->last_errno = errno;
            return errno == ECONNRESET || errno == ENOTCONN || errno == EPIPE
                       ? PROVKIT_ERR_CLOSED
                       : PROVKIT_ERR_NETWORK;
        }
        uint32_t left = remaining_ms(start, timeout_ms);
        if (left == 0u) {
            return 0;
        }
        int ready = wait_fd(c->fd, sending, left);
        if (ready < 0) {
            c->last_errno = errno;
            return PROVKIT_ERR_NETWORK;
        }
        if (ready == 0) {
            return 0;
        }
    }
}

static int32_t tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    return tcp_io(ctx, buf, NULL, 1, len, timeout_ms);
}

static int32_t tcp_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    return tcp_io(ctx, NULL, buf, 0, len, timeout_ms);
}

static void tcp_close(void *ctx)
{
    provkit_lwip_tcp_t *c = ctx;
    if (c != NULL) {
        close_fd(c);
    }
}

int provkit_lwip_tcp_init(provkit_lwip_tcp_t *c, provkit_transport_t *out)
{
    if (c == NULL || out == NULL) {
        return PROVKIT_ERR_ARG;
    }
    c->fd = -1;
    c->last_errno = 0;
    out->connect = tcp_connect;
    out->send = tcp_send;
    out->recv = tcp_recv;
    out->close = tcp_close;
    out->ctx = c;
    return PROVKIT_OK;
}
