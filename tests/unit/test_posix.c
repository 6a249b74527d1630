/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_posix.c - the POSIX TCP transport against real loopback sockets.
 *
 * Each test starts a one-connection server thread on 127.0.0.1 or ::1
 * (ephemeral port). Every wait in the server is bounded, so a broken client
 * makes a test fail, never hang.
 */
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "provkit/transport.h"
#include "provkit_posix.h"

enum srv_mode {
    SRV_ECHO,  /* echo until the client closes */
    SRV_CLOSE, /* close right after accept */
    SRV_IDLE   /* read nothing, send nothing, until released */
};

struct server {
    int lfd;
    uint16_t port;
    enum srv_mode mode;
    int release[2]; /* the test writes a byte to end SRV_IDLE */
    pthread_t th;
};

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static int wait_in(int fd, int ms)
{
    struct pollfd p;
    p.fd = fd;
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, ms);
}

static void *server_main(void *arg)
{
    struct server *s = arg;
    uint8_t buf[4096];
    int fd;

    if (wait_in(s->lfd, 5000) <= 0) {
        return NULL;
    }
    fd = accept(s->lfd, NULL, NULL);
    if (fd < 0) {
        return NULL;
    }
    switch (s->mode) {
    case SRV_ECHO:
        for (;;) {
            ssize_t n;
            if (wait_in(fd, 5000) <= 0) {
                break;
            }
            n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0 || send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n) {
                break;
            }
        }
        break;
    case SRV_CLOSE:
        break;
    case SRV_IDLE:
        (void)wait_in(s->release[0], 5000);
        break;
    }
    close(fd);
    return NULL;
}

/* Listen on the loopback of family; 0 on success, -1 if the family is not
 * available here (the caller skips). */
static int server_start(struct server *s, int family, enum srv_mode mode)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int one = 1;

    memset(s, 0, sizeof *s);
    memset(&ss, 0, sizeof ss);
    s->mode = mode;
    s->lfd = socket(family, SOCK_STREAM, 0);
    if (s->lfd < 0) {
        return -1;
    }
    (void)setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *a;
    }
    if (bind(s->lfd, (struct sockaddr *)&ss, len) != 0 ||
        listen(s->lfd, 4) != 0 ||
        getsockname(s->lfd, (struct sockaddr *)&ss, &len) != 0) {
        close(s->lfd);
        return -1;
    }
    s->port = ntohs(family == AF_INET6
                        ? ((struct sockaddr_in6 *)&ss)->sin6_port
                        : ((struct sockaddr_in *)&ss)->sin_port);
    assert_int_equal(pipe(s->release), 0);
    assert_int_equal(pthread_create(&s->th, NULL, server_main, s), 0);
    return 0;
}

static void server_release(struct server *s)
{
    assert_int_equal(write(s->release[1], "x", 1), 1);
}

static void server_stop(struct server *s)
{
    if (s->mode == SRV_IDLE) {
        (void)write(s->release[1], "x", 1);
    }
    pthread_join(s->th, NULL);
    close(s->lfd);
    close(s->release[0]);
    close(s->release[1]);
}

/* Receive exactly len bytes within a couple of seconds. */
static void recv_all(provkit_transport_t *t, uint8_t *buf, size_t len)
{
    size_t got = 0;
    int i;
    for (i = 0; i < 100 && got < len; i++) {
        int32_t n = t->recv(t->ctx, buf + got, len - got, 100);
        assert_true(n >= 0);
        got += (size_t)n;
    }
    assert_int_equal(got, len);
}

static void roundtrip(int family, const char *host)
{
    struct server s;
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    static const uint8_t msg[] = "provkit says hello";
    uint8_t back[sizeof msg];

    if (server_start(&s, family, SRV_ECHO) != 0) {
        skip();
    }
    assert_int_equal(provkit_posix_tcp_init(&tcp, &t), PROVKIT_OK);
    assert_ptr_equal(t.ctx, &tcp);
    assert_int_equal(t.connect(t.ctx, host, s.port, 2000), PROVKIT_OK);
    assert_true(tcp.fd >= 0);
    assert_int_equal(t.send(t.ctx, msg, sizeof msg, 1000), (int32_t)sizeof msg);
    recv_all(&t, back, sizeof back);
    assert_memory_equal(back, msg, sizeof msg);
    t.close(t.ctx);
    assert_int_equal(tcp.fd, -1);
    server_stop(&s);
}

static void test_roundtrip_ipv4(void **state)
{
    (void)state;
    roundtrip(AF_INET, "127.0.0.1");
}

static void test_roundtrip_ipv6(void **state)
{
    (void)state;
    roundtrip(AF_INET6, "::1");
}

/* "localhost" may resolve to ::1 first; the server is on 127.0.0.1 only, so
 * this also proves the walk over the resolver's addresses. */
static void test_roundtrip_localhost_name(void **state)
{
    (void)state;
    roundtrip(AF_INET, "localhost");
}

static void test_clock(void **state)
{
    uint32_t a, b;
    (void)state;
    a = provkit_posix_now_ms();
    sleep_ms(50);
    b = provkit_posix_now_ms();
    assert_true(b - a >= 45u);
    assert_true(b - a < 2000u);
}

static void test_args(void **state)
{
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    uint8_t b[4];
    (void)state;

    assert_int_equal(provkit_posix_tcp_init(NULL, &t), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_posix_tcp_init(&tcp, NULL), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_posix_tcp_init(&tcp, &t), PROVKIT_OK);
    assert_int_equal(t.connect(t.ctx, NULL, 80, 100), PROVKIT_ERR_ARG);
    assert_int_equal(t.connect(t.ctx, "", 80, 100), PROVKIT_ERR_ARG);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", 0, 100), PROVKIT_ERR_ARG);
    /* Nothing open: the pipe is closed, not an error of the caller. */
    assert_int_equal(t.send(t.ctx, b, sizeof b, 0), PROVKIT_ERR_CLOSED);
    assert_int_equal(t.recv(t.ctx, b, sizeof b, 0), PROVKIT_ERR_CLOSED);
    assert_int_equal(t.recv(t.ctx, NULL, 4, 0), PROVKIT_ERR_ARG);
    assert_int_equal(t.send(t.ctx, NULL, 4, 0), PROVKIT_ERR_ARG);
    t.close(t.ctx);
    t.close(t.ctx);
}

static void test_recv_timeout_and_poll(void **state)
{
    struct server s;
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    uint8_t b[16];
    uint32_t t0, dt;
    int32_t n = 0;
    int i;
    (void)state;

    assert_int_equal(server_start(&s, AF_INET, SRV_IDLE), 0);
    provkit_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", s.port, 2000), PROVKIT_OK);

    t0 = provkit_posix_now_ms();
    assert_int_equal(t.recv(t.ctx, b, sizeof b, 200), 0);
    dt = provkit_posix_now_ms() - t0;
    assert_true(dt >= 190u);
    assert_true(dt < 1500u);

    /* timeout 0: an idle live connection answers "nothing yet" at once. */
    t0 = provkit_posix_now_ms();
    assert_int_equal(t.recv(t.ctx, b, sizeof b, 0), 0);
    assert_int_equal(t.recv(t.ctx, b, 0, 1000), 0); /* len 0: no wait */
    assert_true(provkit_posix_now_ms() - t0 < 100u);

    /* After the peer closes, the same poll reports the stale connection. */
    server_release(&s);
    for (i = 0; i < 200; i++) {
        n = t.recv(t.ctx, b, sizeof b, 0);
        if (n != 0) {
            break;
        }
        sleep_ms(10);
    }
    assert_int_equal(n, PROVKIT_ERR_CLOSED);
    t.close(t.ctx);
    server_stop(&s);
}

static void test_peer_close(void **state)
{
    struct server s;
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    uint8_t b[16];
    (void)state;

    assert_int_equal(server_start(&s, AF_INET, SRV_CLOSE), 0);
    provkit_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", s.port, 2000), PROVKIT_OK);
    assert_int_equal(t.recv(t.ctx, b, sizeof b, 2000), PROVKIT_ERR_CLOSED);
    /* End of stream is sticky. */
    assert_int_equal(t.recv(t.ctx, b, sizeof b, 0), PROVKIT_ERR_CLOSED);
    t.close(t.ctx);
    t.close(t.ctx);
    server_stop(&s);
}

/* Writing into a connection the peer has closed must come back as an error,
 * not kill the process: SIGPIPE is left at its default (terminate) here. */
static void test_no_sigpipe(void **state)
{
    struct server s;
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    static uint8_t chunk[4096];
    struct sigaction sa, old;
    int32_t n = 0;
    int i;
    (void)state;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGPIPE, &sa, &old), 0);

    assert_int_equal(server_start(&s, AF_INET, SRV_CLOSE), 0);
    provkit_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", s.port, 2000), PROVKIT_OK);
    server_stop(&s); /* the server has closed its end */
    for (i = 0; i < 200; i++) {
        n = t.send(t.ctx, chunk, sizeof chunk, 100);
        if (n < 0) {
            break;
        }
        sleep_ms(5);
    }
    assert_int_equal(n, PROVKIT_ERR_CLOSED);
    assert_true(tcp.last_errno == EPIPE || tcp.last_errno == ECONNRESET);
    t.close(t.ctx);
    sigaction(SIGPIPE, &old, NULL);
}

/* A peer that reads nothing: send fills the socket buffers, then reports "no
 * progress" (0) in about the time it was given, and at once for timeout 0. */
static void test_send_timeout(void **state)
{
    struct server s;
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    static uint8_t chunk[65536];
    uint32_t t0, dt;
    int32_t n = 1;
    int i;
    (void)state;

    assert_int_equal(server_start(&s, AF_INET, SRV_IDLE), 0);
    provkit_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", s.port, 2000), PROVKIT_OK);
    for (i = 0; i < 4096 && n > 0; i++) { /* at most 256 MiB */
        n = t.send(t.ctx, chunk, sizeof chunk, 0);
    }
    assert_int_equal(n, 0);
    t0 = provkit_posix_now_ms();
    assert_int_equal(t.send(t.ctx, chunk, sizeof chunk, 150), 0);
    dt = provkit_posix_now_ms() - t0;
    assert_true(dt >= 140u);
    assert_true(dt < 1500u);
    t.close(t.ctx);
    server_stop(&s);
}

static void test_connect_refused(void **state)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    uint32_t t0;
    int fd;
    (void)state;

    /* Bound but not listening: the port is ours and refuses connections. */
    fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, len), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);

    provkit_posix_tcp_init(&tcp, &t);
    t0 = provkit_posix_now_ms();
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", ntohs(a.sin_port), 2000),
                     PROVKIT_ERR_NETWORK);
    assert_int_equal(tcp.last_errno, ECONNREFUSED);
    assert_int_equal(tcp.fd, -1);
    assert_true(provkit_posix_now_ms() - t0 < 1000u);
    t.close(t.ctx);
    close(fd);
}

/* A listener whose accept queue is full drops new SYNs (Linux, unless
 * net.ipv4.tcp_abort_on_overflow is set): the connect cannot complete and
 * must end at its deadline. Skipped where the kernel answers otherwise. */
static void test_connect_timeout(void **state)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    provkit_posix_tcp_t filler[4];
    provkit_transport_t ft[4];
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    uint32_t t0, dt;
    int lfd, rc, i, filled = 0;
    (void)state;

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(lfd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(lfd, (struct sockaddr *)&a, len), 0);
    assert_int_equal(listen(lfd, 0), 0);
    assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
    /* Fill the queue; the first connect that no longer completes tells us
     * it is full. */
    for (i = 0; i < 4; i++) {
        provkit_posix_tcp_init(&filler[i], &ft[i]);
    }
    for (i = 0; i < 4; i++) {
        if (ft[i].connect(ft[i].ctx, "127.0.0.1", ntohs(a.sin_port), 100) != PROVKIT_OK) {
            break;
        }
        filled++;
    }
    provkit_posix_tcp_init(&tcp, &t);
    t0 = provkit_posix_now_ms();
    rc = t.connect(t.ctx, "127.0.0.1", ntohs(a.sin_port), 300);
    dt = provkit_posix_now_ms() - t0;
    for (i = 0; i < 4; i++) {
        ft[i].close(ft[i].ctx);
    }
    close(lfd);
    if (filled == 4 || rc != PROVKIT_ERR_TIMEOUT) {
        skip();
    }
    assert_int_equal(tcp.fd, -1);
    assert_true(dt >= 290u);
    assert_true(dt < 1500u);
}

static void test_dns_failure(void **state)
{
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    (void)state;

    provkit_posix_tcp_init(&tcp, &t);
    /* .invalid never resolves (RFC 6761); a host without a working resolver
     * fails the lookup too, which is the same answer. */
    assert_int_equal(t.connect(t.ctx, "nonexistent.invalid", 80, 2000),
                     PROVKIT_ERR_DNS);
    assert_true(tcp.last_gai_error != 0);
    assert_int_equal(tcp.fd, -1);
}

/* Reconnecting an open context closes the old connection first. */
static void test_reconnect(void **state)
{
    struct server s1, s2;
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    uint8_t b[4];
    (void)state;

    assert_int_equal(server_start(&s1, AF_INET, SRV_ECHO), 0);
    assert_int_equal(server_start(&s2, AF_INET, SRV_ECHO), 0);
    provkit_posix_tcp_init(&tcp, &t);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", s1.port, 2000), PROVKIT_OK);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", s2.port, 2000), PROVKIT_OK);
    assert_int_equal(t.send(t.ctx, (const uint8_t *)"ping", 4, 1000), 4);
    recv_all(&t, b, 4);
    assert_memory_equal(b, "ping", 4);
    t.close(t.ctx);
    server_stop(&s1); /* its echo loop ended when the first connection closed */
    server_stop(&s2);
}

/* Read-ahead: small reads (mbedTLS's 5-byte record headers) are served
 * from one bigger read, in order, then from the socket again; a close
 * drops what was read ahead; reads as big as the buffer go straight to the
 * socket. */
static void test_readahead(void **state)
{
    struct server s;
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    uint8_t ra[16];
    uint8_t b[64];
    static const uint8_t msg[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    (void)state;

    assert_int_equal(server_start(&s, AF_INET, SRV_ECHO), 0);
    provkit_posix_tcp_init(&tcp, &t);
    provkit_posix_tcp_set_readahead(&tcp, ra, sizeof ra);
    provkit_posix_tcp_set_readahead(NULL, ra, 1); /* ignored */
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", s.port, 2000), PROVKIT_OK);
    assert_int_equal(t.send(t.ctx, msg, sizeof msg - 1, 1000), (int32_t)sizeof msg - 1);
    size_t got = 0;
    for (int i = 0; i < 200 && got < sizeof msg - 1; i++) {
        int32_t n = t.recv(t.ctx, b + got, 5, 100); /* 5 at a time */
        assert_true(n >= 0 && n <= 5);
        got += (size_t)n;
        assert_true(tcp.ra_len <= sizeof ra);
    }
    assert_int_equal(got, sizeof msg - 1);
    assert_memory_equal(b, msg, sizeof msg - 1);
    assert_int_equal(t.recv(t.ctx, b, 5, 0), 0); /* all served, nothing left */
    /* a read the buffer's size or more bypasses it */
    assert_int_equal(t.send(t.ctx, msg, 20, 1000), 20);
    recv_all(&t, b, 20);
    assert_memory_equal(b, msg, 20);
    /* bytes read ahead do not survive the connection */
    assert_int_equal(t.send(t.ctx, msg, 10, 1000), 10);
    assert_int_equal(t.recv(t.ctx, b, 2, 1000), 2);
    t.close(t.ctx);
    assert_int_equal(tcp.ra_off, tcp.ra_len);
    assert_int_equal(t.recv(t.ctx, b, 2, 0), PROVKIT_ERR_CLOSED);
    server_stop(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readahead),
        cmocka_unit_test(test_clock),
        cmocka_unit_test(test_args),
        cmocka_unit_test(test_roundtrip_ipv4),
        cmocka_unit_test(test_roundtrip_ipv6),
        cmocka_unit_test(test_roundtrip_localhost_name),
        cmocka_unit_test(test_recv_timeout_and_poll),
        cmocka_unit_test(test_peer_close),
        cmocka_unit_test(test_no_sigpipe),
        cmocka_unit_test(test_send_timeout),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_connect_timeout),
        cmocka_unit_test(test_dns_failure),
        cmocka_unit_test(test_reconnect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
