/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keepalive_race: kept TLS connections through nginx, whose
 * keepalive_timeout equals the client's idle limit, must never turn a good
 * create into "outcome unknown".
 *
 *   keepalive_race NGINX_PORT SIM_PORT CA_PEM LIMIT_MS
 *
 * Run by tests/integration/nginx/nginx_fixture.py (ctest
 * integration.nginx_keepalive), which starts nginx with
 * "keepalive_timeout LIMIT_MS ms" in front of a simulator of its own.
 *
 * Phase 1, asserted: 4 threads, each with its own client, TLS context, TCP
 * transport and simulator session, make 25 creates each (provkit_create_account,
 * the three providers among the threads) with provkit_client_set_idle_max(L).
 * Between creates a thread waits 0 ms (every 5th) or a time drawn uniformly
 * from [L-150, L+50] ms (fixed seeds: the same sequence every run). nginx
 * closes a connection L ms after its last answer; a request sent just then
 * would be lost after it may have been read. Asserted: 100 created, 0
 * outcome unknown, 0 other; both reused and newly opened connections occur
 * (else the test proves nothing); every create after a wait of at least
 * L - L/16 opened a new connection without probing the old one (the limit
 * itself replaced it), every immediate one reused; and the simulator
 * received exactly one request per create.
 *
 * Phase 2, printed only: 4 more threads at the same time, 22 creates each,
 * with the client's limit ABOVE nginx's (L + 400), waiting L-3..L+3 ms
 * (and once L+150 ms). There only the client's stale-connection probe (a
 * recv with timeout 0 just before sending) stands between the request and
 * a connection nginx is closing. Printed: what happened per wait, and what
 * the simulator received. Not asserted: a request landing in the instant
 * nginx closes is a matter of scheduling (measured over 7 runs: 10 false
 * "outcome unknown" in 560 creates near the timeout, 0 to 3 per run, none
 * of those requests reached the simulator).
 *
 * Connections are counted at the client side: a shim over the TLS
 * transport counts connects and the probes (recv with timeout 0) and what
 * they returned. nginx's own connections to the simulator are another pool.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "provkit/account.h"
#include "provider_int.h"
#include "text.h"
#include "provkit/client.h"
#include "load_ca.h"
#include "provkit_posix.h"

#define PHASE1_THREADS 4
#define PHASE1_CREATES 25
#define PHASE2_THREADS 4
#define PHASE2_CREATES 22
#define PHASE2_MAX PHASE2_CREATES
#define CREATE_TIMEOUT_MS 10000u

static unsigned nginx_port, sim_port;
static const char *ca_pem;
static uint32_t limit_ms;

/* How a create got its connection. NONE_KEPT: the client held none (the
 * first create, or the previous exchange ended it); BY_LIMIT: it held one
 * and closed it without probing, which only the idle limit does;
 * AFTER_PROBE: the probe found it closed (or not quiet). */
typedef enum { CONN_NONE_KEPT, CONN_REUSED, CONN_BY_LIMIT, CONN_AFTER_PROBE } conn_kind_t;
static const char *const k_conn_names[] = {"new (none kept)", "reused", "new (limit)",
                                           "new (probe saw close)"};

typedef struct create_log {
    uint32_t gap_ms;  /* asked-for wait since the previous create returned */
    uint32_t took_ms;
    int rc;
    int cause;
    conn_kind_t conn;
    char message[96];
} create_log_t;

typedef struct worker {
    int index;
    int phase;
    provkit_provider_t provider;
    uint32_t idle_max;
    uint32_t seed;
    int n;
    uint32_t gaps[PHASE2_MAX > PHASE1_CREATES ? PHASE2_MAX : PHASE1_CREATES];
    char session[64];

    provkit_posix_tcp_t tcp;
    provkit_transport_t tcp_vt;
    provkit_tls_t tls;
    provkit_transport_t tls_vt;
    provkit_transport_t shim;
    provkit_client_t client;
    uint8_t recv_buf[2048];
    provkit_workspace_t ws;
    provkit_account_result_t res;

    /* counted by the shim */
    int connects;
    int probes;
    int probes_not_alive;
    bool open; /* a connection is up: connected, not closed since */

    create_log_t log[PHASE2_MAX > PHASE1_CREATES ? PHASE2_MAX : PHASE1_CREATES];
    int setup_failed;
} worker_t;

static worker_t workers[PHASE1_THREADS + PHASE2_THREADS];

/* ---- the counting shim over the TLS transport ------------------------------ */

static int shim_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    worker_t *w = ctx;
    w->connects++;
    int rc = w->tls_vt.connect(w->tls_vt.ctx, host, port, timeout_ms);
    w->open = rc == PROVKIT_OK;
    return rc;
}

static int32_t shim_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    worker_t *w = ctx;
    return w->tls_vt.send(w->tls_vt.ctx, buf, len, timeout_ms);
}

static int32_t shim_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    worker_t *w = ctx;
    int32_t n = w->tls_vt.recv(w->tls_vt.ctx, buf, len, timeout_ms);
    /* The client's stale-connection probe is its only recv with timeout 0. */
    if (timeout_ms == 0) {
        w->probes++;
        if (n != 0) {
            w->probes_not_alive++;
        }
    }
    return n;
}

static void shim_close(void *ctx)
{
    worker_t *w = ctx;
    w->open = false;
    w->tls_vt.close(w->tls_vt.ctx);
}

/* ---- helpers ------------------------------------------------------------------ */

static uint32_t now_ms(void)
{
    return provkit_posix_now_ms();
}

static void sleep_ms(uint32_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

static const char *provider_path(provkit_provider_t p)
{
    switch (p) {
    case PROVKIT_PROVIDER_OEMPRO:
        return "/api.php";
    case PROVKIT_PROVIDER_PLESK:
        return "/RPC2";
    default:
        return "/v1/subaccount/create";
    }
}

/* GET the simulator's control API over plain HTTP with a provkit client of
 * its own; returns how many request records the session has for provider p,
 * or -1. */
static int sim_record_count(const char *session, provkit_provider_t p)
{
    static uint8_t body[1 << 20]; /* called from the main thread only */
    provkit_posix_tcp_t tcp;
    provkit_transport_t t;
    provkit_client_t c;
    uint8_t rbuf[4096];
    provkit_http_response_t resp;
    char url[256];
    int count = -1;

    snprintf(url, sizeof url, "http://127.0.0.1:%u/s/%s/_sim/requests?provider=%s", sim_port,
             session, provkit_provider_name(p));
    provkit_client_request_t req;
    memset(&req, 0, sizeof req);
    req.url = url;
    req.url_len = strlen(url);
    req.method = "GET";
    req.timeout_ms = CREATE_TIMEOUT_MS;
    req.close_after = true;
    if (provkit_posix_tcp_init(&tcp, &t) == PROVKIT_OK &&
        provkit_client_init(&c, &t, provkit_posix_now_ms, rbuf, sizeof rbuf) == PROVKIT_OK) {
        provkit_http_response_init(&resp, body, sizeof body - 1);
        int rc = provkit_client_exchange(&c, &req, &resp);
        if (rc == PROVKIT_OK && resp.status == 200) {
            /* One "seq" key per record; inside string values a quote is
             * escaped, so body text cannot fake one. */
            body[resp.body_len] = '\0';
            count = 0;
            for (const char *s = (const char *)body; (s = strstr(s, "\"seq\":")) != NULL; s++) {
                count++;
            }
        } else {
            fprintf(stderr, "sim GET %s: rc %d (%s), HTTP %d\n", url, rc, provkit_strerror(rc),
                    resp.status);
        }
        provkit_client_close(&c);
    }
    return count;
}

/* ---- one worker ---------------------------------------------------------------- */

static int worker_setup(worker_t *w)
{
    if (provkit_posix_tcp_init(&w->tcp, &w->tcp_vt) != PROVKIT_OK ||
        provkit_tls_init(&w->tls, &w->tcp_vt, provkit_posix_now_ms, &w->tls_vt) != PROVKIT_OK ||
        test_load_ca(&w->tls, ca_pem) != PROVKIT_OK) {
        return -1;
    }
    w->shim.connect = shim_connect;
    w->shim.send = shim_send;
    w->shim.recv = shim_recv;
    w->shim.close = shim_close;
    w->shim.ctx = w;
    if (provkit_client_init(&w->client, &w->shim, provkit_posix_now_ms, w->recv_buf,
                            sizeof w->recv_buf) != PROVKIT_OK) {
        return -1;
    }
    provkit_client_set_idle_max(&w->client, w->idle_max);
    return 0;
}

static void *worker_run(void *arg)
{
    worker_t *w = arg;
    char url[256];
    char login[40], email[96], password[48];

    if (worker_setup(w) != 0) {
        w->setup_failed = 1;
        return NULL;
    }
    snprintf(url, sizeof url, "https://localhost:%u/s/%s%s", nginx_port, w->session,
             provider_path(w->provider));
    provkit_endpoint_t ep;
    if (provkit_endpoint_init(&ep, url, CREATE_TIMEOUT_MS) != PROVKIT_OK) {
        fprintf(stderr, "keepalive_race: bad URL %s\n", url);
        exit(1);
    }
    provkit_credentials_t cred;
    memset(&cred, 0, sizeof cred);
    cred.session_id = "sim-session";
    cred.api_key = w->provider == PROVKIT_PROVIDER_SMSPARTNER ? "sim-sms-key" : NULL;
    cred.api_login = "sim-api";
    cred.api_password = "sim-secret";
    provkit_account_options_t opt;
    memset(&opt, 0, sizeof opt);
    opt.sms_type = "advanced";
    opt.is_buyer = "1";

    for (int k = 0; k < w->n; k++) {
        create_log_t *lg = &w->log[k];
        lg->gap_ms = w->gaps[k];
        if (k > 0) {
            sleep_ms(w->gaps[k]);
        }
        snprintf(login, sizeof login, "ka%dp%dt%dn%d", (int)getpid() % 100000, w->phase,
                 w->index, k);
        snprintf(email, sizeof email, "%s@keepalive.example.com", login);
        snprintf(password, sizeof password, "Pw-%s-x", login);
        provkit_account_t acct;
        memset(&acct, 0, sizeof acct);
        acct.login = login;
        acct.password = password;
        acct.email = email;
        acct.first_name = "Keep";
        acct.last_name = "Alive";
        acct.company = "Example";
        acct.address = "1 Loopback Road";
        acct.phone = "555 0100";
        acct.city = "Localhost";
        acct.zip = "20171";
        acct.state = "VA";
        acct.country = "US";

        int connects = w->connects, probes = w->probes;
        bool kept = w->open;
        uint32_t t0 = now_ms();
        lg->rc = provkit_create_account(w->provider, &w->client, &ep, &acct, &cred, &opt, &w->ws,
                                        &w->res);
        lg->took_ms = now_ms() - t0;
        const provkit_outcome_t *o = provkit_account_outcome(&w->res);
        lg->cause = o->cause;
        /* cut to the log's size: the outcome's message may be longer */
        size_t mlen = strnlen(o->message, sizeof lg->message - 1);
        memcpy(lg->message, o->message, mlen);
        lg->message[mlen] = '\0';
        if (w->connects == connects) {
            lg->conn = CONN_REUSED;
        } else if (!kept) {
            lg->conn = CONN_NONE_KEPT;
        } else {
            /* a probe that found the connection alive would have kept it */
            lg->conn = w->probes > probes ? CONN_AFTER_PROBE : CONN_BY_LIMIT;
        }
    }
    provkit_client_close(&w->client);
    provkit_tls_free(&w->tls);
    return NULL;
}

/* ---- phases ---------------------------------------------------------------------- */

static int failures;

static void expect(bool ok, const char *what, int thread, int k)
{
    if (!ok) {
        failures++;
        printf("FAIL: %s (thread %d, create %d)\n", what, thread, k);
    }
}

static int phase1_report(void)
{
    int created = 0, unknown = 0, other = 0, reused = 0, none_kept = 0, by_limit = 0,
        after_probe = 0, sim_total = 0;
    uint32_t max_reused_gap = 0, min_limit_gap = UINT32_MAX;
    const uint32_t window = limit_ms - limit_ms / 16u;

    for (int i = 0; i < PHASE1_THREADS; i++) {
        worker_t *w = &workers[i];
        expect(!w->setup_failed, "client set-up failed", i, -1);
        int sim = sim_record_count(w->session, w->provider);
        sim_total += sim > 0 ? sim : 0;
        expect(sim == w->n, "the simulator did not receive exactly one request per create", i, -1);
        for (int k = 0; k < w->n; k++) {
            const create_log_t *lg = &w->log[k];
            if (lg->rc == PROVKIT_OK) {
                created++;
            } else if (lg->rc == PROVKIT_ERR_OUTCOME_UNKNOWN) {
                unknown++;
                printf("  unknown: thread %d create %d gap %u ms, %s: cause %s, %s\n", i, k,
                       (unsigned)lg->gap_ms, k_conn_names[lg->conn], provkit_strerror(lg->cause),
                       lg->message);
            } else {
                other++;
                printf("  other: thread %d create %d: %s (%s)\n", i, k, provkit_strerror(lg->rc),
                       lg->message);
            }
            switch (lg->conn) {
            case CONN_REUSED:
                reused++;
                if (lg->gap_ms > max_reused_gap) {
                    max_reused_gap = lg->gap_ms;
                }
                break;
            case CONN_NONE_KEPT:
                none_kept++;
                break;
            case CONN_BY_LIMIT:
                by_limit++;
                if (lg->gap_ms < min_limit_gap) {
                    min_limit_gap = lg->gap_ms;
                }
                break;
            case CONN_AFTER_PROBE:
                after_probe++;
                break;
            }
            if (k > 0 && lg->gap_ms >= window) {
                /* idle >= gap >= window: the limit must have replaced it */
                expect(lg->conn == CONN_BY_LIMIT,
                       "a connection idle past the limit was not replaced by the limit", i, k);
            }
            if (k > 0 && lg->gap_ms == 0) {
                expect(lg->conn == CONN_REUSED, "an immediate create did not reuse", i, k);
            }
        }
    }
    const int total = PHASE1_THREADS * PHASE1_CREATES;
    printf("phase 1: client idle limit %u ms (reuse below %u ms idle) = nginx keepalive_timeout "
           "%ums, %d threads x %d creates\n",
           (unsigned)limit_ms, (unsigned)window, (unsigned)limit_ms, PHASE1_THREADS,
           PHASE1_CREATES);
    printf("  created %d/%d, unknown %d, other %d\n", created, total, unknown, other);
    printf("  reused %d, reconnected %d (replaced by the idle limit %d, after the stale probe %d),"
           " new with none kept (first creates) %d\n",
           reused, by_limit + after_probe, by_limit, after_probe, none_kept);
    printf("  longest wait that reused: %u ms; shortest wait replaced by the limit: %u ms\n",
           (unsigned)max_reused_gap, min_limit_gap == UINT32_MAX ? 0u : (unsigned)min_limit_gap);
    printf("  simulator received %d requests for %d creates\n", sim_total, total);
    expect(created == total, "not every create was created", -1, -1);
    expect(unknown == 0, "false outcome unknown", -1, -1);
    expect(other == 0, "creates failed otherwise", -1, -1);
    expect(reused > 0, "no create reused a kept connection: the test proves nothing", -1, -1);
    expect(by_limit + after_probe > 0, "no kept connection was ever replaced: the test proves nothing",
           -1, -1);
    return 0;
}

static void phase2_report(void)
{
    /* per wait offset from nginx's timeout (-3..+3 ms, and the late ones) */
    int reused[8] = {0}, probe[8] = {0}, limit[8] = {0}, none[8] = {0}, unknown[8] = {0},
        other[8] = {0};
    int attempted = 0, created = 0, n_unknown = 0, sim_total = 0;

    printf("phase 2 (printed, not asserted): client idle limit %u ms > nginx keepalive_timeout "
           "%ums, %d threads, waits of L-3..L+3 ms and L+150 ms\n",
           (unsigned)(limit_ms + 400u), (unsigned)limit_ms, PHASE2_THREADS);
    for (int i = PHASE1_THREADS; i < PHASE1_THREADS + PHASE2_THREADS; i++) {
        worker_t *w = &workers[i];
        if (w->setup_failed) {
            printf("  thread %d: client set-up failed\n", i);
            continue;
        }
        int sim = sim_record_count(w->session, w->provider);
        sim_total += sim > 0 ? sim : 0;
        attempted += w->n;
        for (int k = 0; k < w->n; k++) {
            const create_log_t *lg = &w->log[k];
            created += lg->rc == PROVKIT_OK;
            if (k == 0) {
                continue;
            }
            int b = lg->gap_ms > limit_ms + 3u ? 7 : (int)(lg->gap_ms + 3u - limit_ms);
            if (lg->rc == PROVKIT_ERR_OUTCOME_UNKNOWN) {
                unknown[b]++;
                n_unknown++;
                printf("  UNKNOWN after a wait of %u ms on a %s connection: cause %s, %s\n",
                       (unsigned)lg->gap_ms, k_conn_names[lg->conn],
                       provkit_strerror(lg->cause), lg->message);
            } else if (lg->rc != PROVKIT_OK) {
                other[b]++;
            } else if (lg->conn == CONN_REUSED) {
                reused[b]++;
            } else if (lg->conn == CONN_AFTER_PROBE) {
                probe[b]++;
            } else if (lg->conn == CONN_BY_LIMIT) {
                limit[b]++;
            } else {
                none[b]++; /* the exchange before ended the connection */
            }
        }
    }
    printf("  wait      reused  probe-saw-close  by-limit  none-kept  UNKNOWN  other\n");
    for (int b = 0; b < 8; b++) {
        char label[16];
        if (b == 7) {
            snprintf(label, sizeof label, "L+150");
        } else {
            snprintf(label, sizeof label, "L%+d", b - 3);
        }
        printf("  %-8s  %6d  %15d  %8d  %9d  %7d  %5d\n", label, reused[b], probe[b], limit[b],
               none[b], unknown[b], other[b]);
    }
    printf("  created %d/%d, unknown %d; simulator received %d requests\n", created, attempted,
           n_unknown, sim_total);
    if (n_unknown > 0) {
        printf("  %d never reached the simulator: outcome unknown although nothing was "
               "created (nginx closed the kept connection as the request arrived)\n",
               attempted - sim_total);
    }
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: keepalive_race NGINX_PORT SIM_PORT CA_PEM LIMIT_MS\n");
        return 2;
    }
    nginx_port = (unsigned)strtoul(argv[1], NULL, 10);
    sim_port = (unsigned)strtoul(argv[2], NULL, 10);
    ca_pem = argv[3];
    limit_ms = (uint32_t)strtoul(argv[4], NULL, 10);
    if (nginx_port == 0 || nginx_port > 65535 || sim_port == 0 || sim_port > 65535 ||
        limit_ms < 400 || limit_ms > 5000) {
        fprintf(stderr, "keepalive_race: bad arguments\n");
        return 2;
    }
    uint32_t t_start = now_ms();

    static const provkit_provider_t k_providers[] = {
        PROVKIT_PROVIDER_OEMPRO, PROVKIT_PROVIDER_PLESK, PROVKIT_PROVIDER_SMSPARTNER};
    for (int i = 0; i < PHASE1_THREADS; i++) {
        worker_t *w = &workers[i];
        w->index = i;
        w->phase = 1;
        w->provider = k_providers[i % 3];
        w->idle_max = limit_ms;
        w->seed = 0x9E3779B9u * (uint32_t)(i + 1);
        w->n = PHASE1_CREATES;
        snprintf(w->session, sizeof w->session, "ka%d-p1-t%d", (int)getpid(), i);
        uint32_t s = w->seed;
        for (int k = 0; k < w->n; k++) {
            /* every 5th immediately, the rest uniform in [L-150, L+50] */
            w->gaps[k] = k % 5 == 1 ? 0u : limit_ms - 150u + xorshift32(&s) % 201u;
        }
    }
    /* Phase 2: waits drawn uniformly from L-3..L+3 ms (where nginx's close
     * and the request can cross), then one well past the timeout. */
    for (int j = 0; j < PHASE2_THREADS; j++) {
        worker_t *w = &workers[PHASE1_THREADS + j];
        w->index = PHASE1_THREADS + j;
        w->phase = 2;
        w->provider = k_providers[j % 3];
        w->idle_max = limit_ms + 400u;
        w->n = PHASE2_CREATES;
        snprintf(w->session, sizeof w->session, "ka%d-p2-t%d", (int)getpid(), j);
        uint32_t s = 0x85EBCA6Bu * (uint32_t)(j + 1);
        w->gaps[0] = 0;
        for (int k = 1; k < w->n - 1; k++) {
            w->gaps[k] = limit_ms - 3u + xorshift32(&s) % 7u;
        }
        w->gaps[w->n - 1] = limit_ms + 150u;
    }

    pthread_t th[PHASE1_THREADS + PHASE2_THREADS];
    for (int i = 0; i < PHASE1_THREADS + PHASE2_THREADS; i++) {
        if (pthread_create(&th[i], NULL, worker_run, &workers[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }
    for (int i = 0; i < PHASE1_THREADS + PHASE2_THREADS; i++) {
        pthread_join(th[i], NULL);
    }

    phase1_report();
    phase2_report();
    printf("wall time %.1f s\n", (double)(now_ms() - t_start) / 1000.0);
    if (failures > 0) {
        printf("FAILED: %d check(s)\n", failures);
        return 1;
    }
    printf("OK\n");
    return 0;
}
