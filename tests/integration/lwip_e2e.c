/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lwip_e2e.c - the lwIP port (port/lwip) end to end, with Debian's lwIP
 * (liblwip-dev) running in this process: provkit's client over lwIP's
 * sockets creates accounts on the simulator, over plain HTTP and over TLS.
 *
 * lwIP has one network interface here, 10.0.0.2/24, whose own address loops
 * back inside lwIP (LWIP_NETIF_LOOPBACK): the client connects to
 * 10.0.0.2:PORT through lwIP's TCP, and a relay in this process accepts
 * there with lwIP's sockets and carries the bytes to the simulators on the
 * host's 127.0.0.1 (the TLS simulator of the "sim" fixture and the plain
 * one of "sim_plain"). No byte leaves lwIP but through the relay.
 *
 * usage: lwip_e2e TLS_PORT_FILE PLAIN_PORT_FILE CA_PEM
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lwip/netif.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"

#include "load_ca.h"
#include "provkit/account.h"
#include "provkit_lwip.h"

#define LWIP_ADDR "10.0.0.2"
#define RELAY_TLS 8443
#define RELAY_PLAIN 8080

static const char *tls_port_file, *plain_port_file, *ca_path;
static int sim_tls_port, sim_plain_port;

/* ---- lwIP: the stack and one interface that loops back to itself ---- */
static struct netif nif;

static err_t nif_output(struct netif *n, struct pbuf *p, const ip4_addr_t *a)
{
    (void)n;
    (void)p;
    (void)a;
    return ERR_OK; /* nothing leaves: only its own address is used */
}

#if LWIP_IPV6
static err_t nif_output6(struct netif *n, struct pbuf *p, const ip6_addr_t *a)
{
    (void)n;
    (void)p;
    (void)a;
    return ERR_OK;
}
#endif

static err_t nif_linkoutput(struct netif *n, struct pbuf *p)
{
    (void)n;
    (void)p;
    return ERR_OK;
}

static err_t nif_init(struct netif *n)
{
    n->name[0] = 'p';
    n->name[1] = 'k';
    n->output = nif_output;
#if LWIP_IPV6
    n->output_ip6 = nif_output6;
#endif
    n->linkoutput = nif_linkoutput;
    n->mtu = 1500;
    n->flags = NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

static void tcpip_ready(void *arg)
{
    sys_sem_signal((sys_sem_t *)arg);
}

static void lwip_up(void)
{
    sys_sem_t sem;
    ip4_addr_t ip, mask, gw;
    sys_sem_new(&sem, 0);
    tcpip_init(tcpip_ready, &sem);
    sys_sem_wait(&sem);
    sys_sem_free(&sem);
    IP4_ADDR(&ip, 10, 0, 0, 2);
    IP4_ADDR(&mask, 255, 255, 255, 0);
    IP4_ADDR(&gw, 10, 0, 0, 1);
    LOCK_TCPIP_CORE();
    netif_add(&nif, &ip, &mask, &gw, NULL, nif_init, tcpip_input);
    netif_set_default(&nif);
    netif_set_up(&nif);
    netif_set_link_up(&nif);
    UNLOCK_TCPIP_CORE();
}

/* ---- the relay: lwIP 10.0.0.2:listen <-> host 127.0.0.1:target ---- */
struct relay {
    uint16_t listen_port;
    int target_port;
    int lfd;
};

struct pipe_ends {
    int lw;   /* lwIP socket */
    int host; /* host socket */
};

/* One thread per connection moves both directions (lwIP's sockets are not
 * full duplex across threads), waiting 5 ms at a time when nothing moves. */
static void *carry(void *arg)
{
    struct pipe_ends *e = arg;
    uint8_t buf[4096];
    int lw_eof = 0, host_eof = 0;
    while (!(lw_eof && host_eof)) {
        int moved = 0;
        if (!lw_eof) {
            ssize_t n = lwip_recv(e->lw, buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) {
                if (send(e->host, buf, (size_t)n, MSG_NOSIGNAL) != n) {
                    break;
                }
                moved = 1;
            } else if (n == 0 || (errno != EWOULDBLOCK && errno != EAGAIN)) {
                lw_eof = 1;
                shutdown(e->host, SHUT_WR);
            }
        }
        if (!host_eof) {
            ssize_t n = recv(e->host, buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) {
                ssize_t off = 0;
                while (off < n) {
                    ssize_t w = lwip_send(e->lw, buf + off, (size_t)(n - off), 0);
                    if (w <= 0) {
                        goto out;
                    }
                    off += w;
                }
                moved = 1;
            } else if (n == 0 || (errno != EWOULDBLOCK && errno != EAGAIN)) {
                host_eof = 1;
                lwip_shutdown(e->lw, SHUT_WR);
            }
        }
        if (!moved) {
            struct pollfd p = {e->lw, POLLIN, 0};
            (void)lwip_poll(&p, 1, 5);
        }
    }
out:
    lwip_close(e->lw);
    close(e->host);
    free(e);
    return NULL;
}

static void *relay_main(void *arg)
{
    struct relay *r = arg;
    for (;;) {
        int lw = lwip_accept(r->lfd, NULL, NULL);
        if (lw < 0) {
            return NULL;
        }
        int host = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)r->target_port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (host < 0 || connect(host, (struct sockaddr *)&a, sizeof a) != 0) {
            lwip_close(lw);
            if (host >= 0) {
                close(host);
            }
            continue;
        }
        struct pipe_ends *e = malloc(sizeof *e);
        pthread_t th;
        e->lw = lw;
        e->host = host;
        pthread_create(&th, NULL, carry, e);
        pthread_detach(th);
    }
}

static void relay_start(struct relay *r)
{
    struct sockaddr_in a;
    int one = 1;
    pthread_t th;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = lwip_htons(r->listen_port);
    a.sin_addr.s_addr = inet_addr(LWIP_ADDR);
    r->lfd = lwip_socket(AF_INET, SOCK_STREAM, 0);
    assert_true(r->lfd >= 0);
    lwip_setsockopt(r->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    assert_int_equal(lwip_bind(r->lfd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(lwip_listen(r->lfd, 4), 0);
    assert_int_equal(pthread_create(&th, NULL, relay_main, r), 0);
    pthread_detach(th);
}

/* ---- provkit over lwIP ---- */
static provkit_lwip_tcp_t tcp;
static provkit_tls_t tls;
static provkit_client_t client;
static provkit_workspace_t ws;
static provkit_account_result_t res;
static uint8_t recv_buf[2048];

static const provkit_account_t account = {
    .login = "lwipuser", .password = "lw-Secret-1", .email = "lwip@example.com",
    .first_name = "Ann", .last_name = "Lee", .display_name = "lwIP Client",
    .company = "Acme", .address = "1 Main Street", .phone = "+1 703 555 0100",
    .city = "Herndon", .zip = "20171", .state = "Virginia", .country = "US",
};
static const provkit_credentials_t creds[] = {
    [PROVKIT_PROVIDER_OEMPRO] = {.session_id = "sim-session"},
    [PROVKIT_PROVIDER_PLESK] = {.api_login = "sim-api", .api_password = "sim-secret"},
    [PROVKIT_PROVIDER_SMSPARTNER] = {.api_key = "sim-sms-key"},
};
static const provkit_account_options_t opt = {.sms_type = "advanced", .is_buyer = "1"};
static const char *const paths[] = {
    [PROVKIT_PROVIDER_OEMPRO] = "/api.php",
    [PROVKIT_PROVIDER_PLESK] = "/RPC2",
    [PROVKIT_PROVIDER_SMSPARTNER] = "/v1/subaccount/create",
};

static void create(provkit_provider_t p, const char *scheme, int port)
{
    char url[200];
    provkit_endpoint_t ep;
    snprintf(url, sizeof url, "%s://" LWIP_ADDR ":%d/s/lwip-%ld%s", scheme, port,
             (long)getpid(), paths[p]);
    assert_int_equal(provkit_endpoint_init(&ep, url, 20000), PROVKIT_OK);
    int rc = provkit_create_account(p, &client, &ep, &account, &creds[p], &opt, &ws, &res);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    print_message("%s %s: status %d, %s\n", scheme, provkit_provider_name(p), o->status,
                  o->message);
    assert_int_equal(rc, PROVKIT_OK);
}

static void test_plain_http(void **state)
{
    provkit_transport_t t;
    (void)state;
    assert_int_equal(provkit_lwip_tcp_init(&tcp, &t), PROVKIT_OK);
    assert_int_equal(provkit_client_init(&client, &t, provkit_lwip_now_ms, recv_buf,
                                         sizeof recv_buf),
                     PROVKIT_OK);
    for (int p = 0; p < 3; p++) {
        create((provkit_provider_t)p, "http", RELAY_PLAIN);
    }
    provkit_client_close(&client);
    assert_int_equal(tcp.fd, -1);
}

static void test_tls(void **state)
{
    provkit_transport_t t, secure;
    (void)state;
    assert_int_equal(provkit_lwip_tcp_init(&tcp, &t), PROVKIT_OK);
    assert_int_equal(provkit_tls_init(&tls, &t, provkit_lwip_now_ms, &secure), PROVKIT_OK);
    assert_int_equal(test_load_ca(&tls, ca_path), PROVKIT_OK);
    /* by address: the certificate's name is set apart */
    assert_int_equal(provkit_tls_set_server_name(&tls, "localhost"), PROVKIT_OK);
    assert_int_equal(provkit_client_init(&client, &secure, provkit_lwip_now_ms, recv_buf,
                                         sizeof recv_buf),
                     PROVKIT_OK);
    for (int p = 0; p < 3; p++) {
        create((provkit_provider_t)p, "https", RELAY_TLS);
    }
    provkit_client_close(&client);
    provkit_tls_free(&tls);
}

/* The contract at its edges: a name without DNS, a port where nothing
 * listens, a receive that times out, a send after the peer closed. */
static void test_contract(void **state)
{
    provkit_transport_t t;
    uint8_t b[16];
    (void)state;
    assert_int_equal(provkit_lwip_tcp_init(&tcp, &t), PROVKIT_OK);
    assert_int_equal(provkit_lwip_tcp_init(NULL, &t), PROVKIT_ERR_ARG);
    assert_int_equal(t.send(t.ctx, b, sizeof b, 0), PROVKIT_ERR_CLOSED);
    assert_int_equal(t.recv(t.ctx, b, sizeof b, 0), PROVKIT_ERR_CLOSED);
    assert_int_equal(t.connect(t.ctx, "", 80, 100), PROVKIT_ERR_ARG);
#if !LWIP_DNS
    assert_int_equal(t.connect(t.ctx, "localhost", 80, 1000), PROVKIT_ERR_DNS);
#endif
    assert_int_equal(t.connect(t.ctx, LWIP_ADDR, 9, 2000), PROVKIT_ERR_NETWORK); /* RST */
    assert_int_equal(tcp.fd, -1);

    /* an idle connection: recv waits its timeout and says "nothing yet" */
    assert_int_equal(t.connect(t.ctx, LWIP_ADDR, RELAY_PLAIN, 2000), PROVKIT_OK);
    uint32_t start = provkit_lwip_now_ms();
    assert_int_equal(t.recv(t.ctx, b, sizeof b, 200), 0);
    uint32_t took = provkit_lwip_now_ms() - start;
    assert_true(took >= 150 && took < 5000);
    assert_int_equal(t.recv(t.ctx, b, sizeof b, 0), 0); /* a poll */
    assert_int_equal(t.recv(t.ctx, NULL, 4, 0), PROVKIT_ERR_ARG);
    /* a request the simulator answers and then closes on */
    static const char req[] = "GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    assert_int_equal(t.send(t.ctx, (const uint8_t *)req, sizeof req - 1, 2000),
                     (int32_t)(sizeof req - 1));
    int32_t n = 0, got = 0;
    for (int i = 0; i < 100 && n >= 0; i++) {
        n = t.recv(t.ctx, b, sizeof b, 100);
        got += n > 0 ? n : 0;
    }
    assert_true(got > 0);
    assert_int_equal(n, PROVKIT_ERR_CLOSED);
    t.close(t.ctx);
    t.close(t.ctx);
    assert_int_equal(tcp.fd, -1);
}

static int read_port(const char *path)
{
    char s[16] = {0};
    FILE *f = fopen(path, "r");
    if (f == NULL || fgets(s, sizeof s, f) == NULL) {
        return -1;
    }
    fclose(f);
    return atoi(s);
}

int main(int argc, char **argv)
{
    static struct relay tls_relay = {RELAY_TLS, 0, -1}, plain_relay = {RELAY_PLAIN, 0, -1};
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract),
        cmocka_unit_test(test_plain_http),
        cmocka_unit_test(test_tls),
    };
    if (argc != 4) {
        fprintf(stderr, "usage: lwip_e2e TLS_PORT_FILE PLAIN_PORT_FILE CA_PEM\n");
        return 2;
    }
    tls_port_file = argv[1];
    plain_port_file = argv[2];
    ca_path = argv[3];
    sim_tls_port = read_port(tls_port_file);
    sim_plain_port = read_port(plain_port_file);
    if (sim_tls_port <= 0 || sim_plain_port <= 0) {
        fprintf(stderr, "lwip_e2e: no simulator port in %s or %s\n", tls_port_file,
                plain_port_file);
        return 1;
    }
    lwip_up();
    tls_relay.target_port = sim_tls_port;
    plain_relay.target_port = sim_plain_port;
    relay_start(&tls_relay);
    relay_start(&plain_relay);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
