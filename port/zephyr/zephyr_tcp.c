/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zephyr_tcp.c - the Zephyr sockets transport (see provkit_zephyr.h). The
 * same contract and shape as the POSIX port (port/posix/posix_tcp.c).
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

static uint32_t remaining_ms(uint32_t start, uint32_t timeout_ms)
{
    uint32_t elapsed = provkit_zephyr_now_ms() - start;
    return elapsed >= timeout_ms ? 0u : timeout_ms - elapsed;
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

static void close_fd(provkit_zephyr_tcp_t *c)
{
    if (c->fd >= 0) {
        (void)zsock_close(c->fd);
        c->fd = -1;
    }
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

static int tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    provkit_zephyr_tcp_t *c = ctx;
    uint32_t start = provkit_zephyr_now_ms();
    union pk_addr a;
    socklen_t len = 0;
    int one = 1;

    if (c == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return PROVKIT_ERR_ARG;
    }
    close_fd(c);
    c->last_errno = 0;
    int rc = resolve(c, host, port, &a, &len);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    int fd = zsock_socket(a.sa.sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (fd < 0) {
        c->last_errno = errno;
        return PROVKIT_ERR_NETWORK;
    }
    if (zsock_fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
        c->last_errno = errno;
        (void)zsock_close(fd);
        return PROVKIT_ERR_NETWORK;
    }
    (void)zsock_setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (zsock_connect(fd, &a.sa, len) != 0) {
        if (errno != EINPROGRESS) {
            c->last_errno = errno;
            (void)zsock_close(fd);
            return PROVKIT_ERR_NETWORK;
        }
        int ready = wait_fd(fd, 1, remaining_ms(start, timeout_ms));
        int soerr = 0;
        socklen_t sl = (socklen_t)sizeof soerr;
        if (ready == 0) {
            c->last_errno = ETIMEDOUT;
            (void)zsock_close(fd);
            return PROVKIT_ERR_TIMEOUT;
        }
        if (ready < 0 || zsock_getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 ||
            soerr != 0) {
            c->last_errno = ready < 0 ? errno : soerr;
            (void)zsock_close(fd);
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
    provkit_zephyr_tcp_t *c = ctx;
    uint32_t start = provkit_zephyr_now_ms();
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
        ssize_t n = sending ? zsock_send(c->fd, obuf, len, 0) : zsock_recv(c->fd, ibuf, len, 0);
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
    provkit_zephyr_tcp_t *c = ctx;
    if (c != NULL) {
        close_fd(c);
    }
}

int provkit_zephyr_tcp_init(provkit_zephyr_tcp_t *c, provkit_transport_t *out)
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
