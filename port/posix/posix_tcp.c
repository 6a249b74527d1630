/* SPDX-License-Identifier: Apache-2.0 */
/*
 * posix_tcp.c - the TCP transport of the POSIX port (see provkit_posix.h).
 *
 * Every wait is a poll() on a non-blocking socket, measured against
 * provkit_posix_now_ms(), so a signal (EINTR) or a spurious wake-up never
 * extends a call past its deadline.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "provkit_posix.h"

#if defined(MSG_NOSIGNAL)
#define PK_SEND_FLAGS MSG_NOSIGNAL
#else
#define PK_SEND_FLAGS 0 /* SO_NOSIGPIPE is set on the socket instead */
#endif

/* Milliseconds left of timeout_ms since start, 0 once it has passed.
 * Unsigned differences keep this right across the clock's wrap. */
static uint32_t remaining_ms(uint32_t start, uint32_t timeout_ms)
{
    uint32_t elapsed = provkit_posix_now_ms() - start;

    return elapsed >= timeout_ms ? 0u : timeout_ms - elapsed;
}

/* poll() takes an int; a uint32_t timeout may not fit. */
static int poll_ms(uint32_t ms)
{
    return ms > (uint32_t)INT_MAX ? INT_MAX : (int)ms;
}

/* Wait for events on fd for at most ms. Returns > 0 ready, 0 timed out,
 * < 0 failed (errno set); EINTR is retried with the time that is left. */
static int wait_fd(int fd, short events, uint32_t ms)
{
    uint32_t start = provkit_posix_now_ms();
    uint32_t left = ms;

    for (;;) {
        struct pollfd p;
        int rc;

        p.fd = fd;
        p.events = events;
        p.revents = 0;
        rc = poll(&p, 1, poll_ms(left));
        if (rc >= 0 || errno != EINTR) {
            return rc;
        }
        left = remaining_ms(start, ms);
    }
}

static void close_fd(provkit_posix_tcp_t *c)
{
    if (c->fd >= 0) {
        /* Not retried on EINTR: on Linux and the BSDs the descriptor is
         * released even then, and a retry could close someone else's. */
        (void)close(c->fd);
        c->fd = -1;
    }
    c->ra_off = c->ra_len = 0; /* what was read ahead was this connection's */
}

static int set_socket_options(int fd)
{
    int one = 1;
    int fl = fcntl(fd, F_GETFL, 0);

    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        return -1;
    }
    /* A firmware that fork()s a helper must not hand it our connection. */
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
#if defined(SO_NOSIGPIPE)
    if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one) < 0) {
        return -1;
    }
#endif
    /* Best effort: a socket without it still works, only slower. */
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return 0;
}

/* One address: PROVKIT_OK with c->fd open, or an error with nothing open. */
static int connect_one(provkit_posix_tcp_t *c, const struct addrinfo *ai,
                       uint32_t budget_ms)
{
    int fd;
    int rc;
    int soerr = 0;
    socklen_t len = (socklen_t)sizeof soerr;

    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        c->last_errno = errno;
        return PROVKIT_ERR_NETWORK;
    }
    if (set_socket_options(fd) != 0) {
        c->last_errno = errno;
        (void)close(fd);
        return PROVKIT_ERR_NETWORK;
    }
    rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
    /* An interrupted connect carries on asynchronously (POSIX), exactly like
     * EINPROGRESS, so both are finished by waiting for writability. */
    if (rc != 0 && errno != EINPROGRESS && errno != EINTR) {
        c->last_errno = errno;
        (void)close(fd);
        return PROVKIT_ERR_NETWORK;
    }
    if (rc != 0) {
        rc = wait_fd(fd, POLLOUT, budget_ms);
        if (rc == 0) {
            c->last_errno = ETIMEDOUT;
            (void)close(fd);
            return PROVKIT_ERR_TIMEOUT;
        }
        if (rc < 0) {
            c->last_errno = errno;
            (void)close(fd);
            return PROVKIT_ERR_NETWORK;
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0) {
            soerr = errno;
        }
        if (soerr != 0) {
            c->last_errno = soerr;
            (void)close(fd);
            return PROVKIT_ERR_NETWORK;
        }
    }
    c->fd = fd;
    return PROVKIT_OK;
}

static int tcp_connect(void *ctx, const char *host, uint16_t port,
                       uint32_t timeout_ms)
{
    provkit_posix_tcp_t *c = ctx;
    uint32_t start = provkit_posix_now_ms();
    struct addrinfo hints;
    struct addrinfo *res = NULL;
    const struct addrinfo *ai;
    char service[6];
    int rc = PROVKIT_ERR_NETWORK;
    unsigned p = port;
    int i;

    if (c == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return PROVKIT_ERR_ARG;
    }
    close_fd(c);
    c->last_errno = 0;
    c->last_gai_error = 0;

    /* Decimal port without snprintf: five digits at most. */
    for (i = 4; i >= 0; i--) {
        service[i] = (char)('0' + p % 10u);
        p /= 10u;
    }
    service[5] = '\0';

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    /* No AI_ADDRCONFIG: glibc ignores loopback when deciding whether a family
     * is configured, which would make "::1" fail on an IPv4-only host. */
    hints.ai_flags = AI_NUMERICSERV;
    i = getaddrinfo(host, service, &hints, &res);
    if (i != 0) {
        c->last_gai_error = i;
        if (i == EAI_SYSTEM) {
            c->last_errno = errno;
        }
        return PROVKIT_ERR_DNS;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        uint32_t left = remaining_ms(start, timeout_ms);
        uint32_t budget = ai->ai_next != NULL ? left / 2u : left;

        if (left == 0u && ai != res) {
            break;
        }
        rc = connect_one(c, ai, budget);
        if (rc == PROVKIT_OK) {
            break;
        }
    }
    freeaddrinfo(res);
    if (rc != PROVKIT_OK && remaining_ms(start, timeout_ms) == 0u) {
        rc = PROVKIT_ERR_TIMEOUT;
    }
    return rc;
}

static int map_errno(provkit_posix_tcp_t *c, int e)
{
    c->last_errno = e;
    if (e == ECONNRESET || e == EPIPE) {
        return PROVKIT_ERR_CLOSED;
    }
    return PROVKIT_ERR_NETWORK;
}

/*
 * send and recv differ only in the call and the event polled for: one of
 * obuf (send) and ibuf (recv) is used. A 0 from recv() is the peer's
 * orderly close; a 0 from send() cannot happen for len > 0.
 */
static int32_t tcp_io(void *ctx, const uint8_t *obuf, uint8_t *ibuf, bool sending, size_t len,
                      uint32_t timeout_ms)
{
    provkit_posix_tcp_t *c = ctx;
    uint32_t start = provkit_posix_now_ms();

    if (c == NULL || ((sending ? obuf == NULL : ibuf == NULL) && len > 0u)) {
        return PROVKIT_ERR_ARG;
    }
    if (c->fd < 0) {
        return PROVKIT_ERR_CLOSED;
    }
    if (len == 0u) {
        return 0;
    }
    if (len > (size_t)INT32_MAX) {
        len = (size_t)INT32_MAX;
    }
    for (;;) {
        ssize_t n = sending ? send(c->fd, obuf, len, PK_SEND_FLAGS) : recv(c->fd, ibuf, len, 0);
        uint32_t left;
        int rc;

        if (n > 0) {
            return (int32_t)n;
        }
        if (n == 0) {
            return sending ? 0 : PROVKIT_ERR_CLOSED;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            return map_errno(c, errno);
        }
        left = remaining_ms(start, timeout_ms);
        if (left == 0u) {
            return 0;
        }
        rc = wait_fd(c->fd, sending ? POLLOUT : POLLIN, left);
        if (rc == 0) {
            return 0;
        }
        if (rc < 0) {
            return map_errno(c, errno);
        }
        /* Ready, or POLLERR/POLLHUP: the next call reports which. */
    }
}

static int32_t tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    return tcp_io(ctx, buf, NULL, true, len, timeout_ms);
}

static int32_t tcp_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    provkit_posix_tcp_t *c = ctx;
    if (c == NULL || c->ra == NULL || len == 0u || buf == NULL) {
        return tcp_io(ctx, NULL, buf, false, len, timeout_ms);
    }
    if (c->ra_off == c->ra_len) {
        if (len >= c->ra_cap) {
            return tcp_io(ctx, NULL, buf, false, len, timeout_ms); /* no gain */
        }
        int32_t n = tcp_io(ctx, NULL, c->ra, false, c->ra_cap, timeout_ms);
        if (n <= 0) {
            return n;
        }
        c->ra_off = 0;
        c->ra_len = (size_t)n;
    }
    size_t k = c->ra_len - c->ra_off < len ? c->ra_len - c->ra_off : len;
    memcpy(buf, c->ra + c->ra_off, k);
    c->ra_off += k;
    return (int32_t)k;
}

void provkit_posix_tcp_set_readahead(provkit_posix_tcp_t *ctx, uint8_t *buf, size_t cap)
{
    if (ctx != NULL) {
        ctx->ra = cap > 0u ? buf : NULL;
        ctx->ra_cap = buf != NULL ? cap : 0u;
        ctx->ra_off = ctx->ra_len = 0;
    }
}

static void tcp_close(void *ctx)
{
    if (ctx != NULL) {
        close_fd(ctx);
    }
}

int provkit_posix_tcp_init(provkit_posix_tcp_t *ctx, provkit_transport_t *out)
{
    if (ctx == NULL || out == NULL) {
        return PROVKIT_ERR_ARG;
    }
    ctx->fd = -1;
    ctx->last_errno = 0;
    ctx->last_gai_error = 0;
    ctx->ra = NULL;
    ctx->ra_cap = ctx->ra_off = ctx->ra_len = 0;
    out->connect = tcp_connect;
    out->send = tcp_send;
    out->recv = tcp_recv;
    out->close = tcp_close;
    out->ctx = ctx;
    return PROVKIT_OK;
}
