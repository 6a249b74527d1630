/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the client: one exchange over a scripted mock transport
 * with a fake clock. Built twice: unit.test_client runs every test through
 * the blocking client (provkit_client_exchange); unit.test_client_engine
 * (PROVKIT_TEST_VIA_ENGINE) runs the same tests through engine_exchange()
 * below, an event loop of the test's own that drives the client's engine
 * by its documented contract (provkit/engine.h) and never calls client.c's
 * loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/client.h"
#include "provider_int.h"
#include "text.h"

/* ---- scripted transport ------------------------------------------------ */

enum { A_DATA, A_RC, A_ZERO };

typedef struct action {
    int kind;
    const char *data;  /* A_DATA: bytes to hand out (may take several calls) */
    int32_t rc;        /* A_RC: value to return; A_DATA/send: max bytes */
} action_t;

#define MAX_ACTIONS 32
#define SENT_MAX 16384

typedef struct mock {
    uint32_t clock;
    /* connect */
    int connect_calls;
    int connect_rc[4];
    uint32_t connect_timeout;
    uint32_t connect_cost_ms; /* clock advance per connect */
    char host[PROVKIT_URL_HOST_MAX];
    uint16_t port;
    int close_calls;
    bool open;
    /* send */
    action_t send_script[MAX_ACTIONS];
    int send_n, send_i, send_calls;
    uint8_t sent[SENT_MAX];
    size_t sent_len;
    /* recv */
    action_t recv_script[MAX_ACTIONS];
    int recv_n, recv_i, recv_calls;
    size_t recv_off;
    uint32_t recv_timeouts[64];
    uint32_t send_timeouts[64];
} mock_t;

static mock_t m;

static uint32_t fake_now(void) { return m.clock; }

static int mock_connect(void *ctx, const char *host, uint16_t port,
                        uint32_t timeout_ms)
{
    int rc;
    assert_ptr_equal(ctx, &m);
    assert_false(m.open);
    rc = m.connect_rc[m.connect_calls < 4 ? m.connect_calls : 3];
    m.connect_calls++;
    m.connect_timeout = timeout_ms;
    snprintf(m.host, sizeof m.host, "%s", host);
    m.port = port;
    m.clock += m.connect_cost_ms;
    m.open = rc == PROVKIT_OK;
    return rc;
}

static int32_t mock_send(void *ctx, const uint8_t *buf, size_t len,
                         uint32_t timeout_ms)
{
    size_t take = len;
    (void)ctx;
    assert_true(m.open);
    assert_true(timeout_ms > 0);
    if (m.send_calls < 64) {
        m.send_timeouts[m.send_calls] = timeout_ms;
    }
    m.send_calls++;
    if (m.send_i < m.send_n) {
        action_t *a = &m.send_script[m.send_i++];
        if (a->kind == A_RC) {
            return a->rc;
        }
        if (a->kind == A_ZERO) {
            m.clock += timeout_ms < 100 ? timeout_ms : 100;
            return 0;
        }
        if ((size_t)a->rc < take) {
            take = (size_t)a->rc;
        }
    }
    assert_true(m.sent_len + take <= SENT_MAX);
    memcpy(m.sent + m.sent_len, buf, take);
    m.sent_len += take;
    return (int32_t)take;
}

static int32_t mock_recv(void *ctx, uint8_t *buf, size_t len,
                         uint32_t timeout_ms)
{
    (void)ctx;
    assert_true(m.open);
    if (m.recv_calls < 64) {
        m.recv_timeouts[m.recv_calls] = timeout_ms;
    }
    m.recv_calls++;
    if (m.recv_i < m.recv_n) {
        action_t *a = &m.recv_script[m.recv_i];
        if (a->kind == A_DATA) {
            size_t left = strlen(a->data) - m.recv_off;
            size_t n = left < len ? left : len;
            if (a->rc > 0 && (size_t)a->rc < n) {
                n = (size_t)a->rc;
            }
            memcpy(buf, a->data + m.recv_off, n);
            m.recv_off += n;
            if (m.recv_off == strlen(a->data)) {
                m.recv_i++;
                m.recv_off = 0;
            }
            return (int32_t)n;
        }
        m.recv_i++;
        if (a->kind == A_RC) {
            return a->rc;
        }
        if (a->rc > 0) {
            /* A_ZERO with a short wait, as a port with its own poll slice. */
            m.clock += (uint32_t)a->rc;
            return 0;
        }
    }
    /* A_ZERO or script exhausted: nothing arrived within the timeout. */
    m.clock += timeout_ms;
    return 0;
}

static void mock_close(void *ctx)
{
    (void)ctx;
    m.close_calls++;
    m.open = false;
}

static const provkit_transport_t k_transport = {
    mock_connect, mock_send, mock_recv, mock_close, &m,
};

static void send_push(int kind, int32_t rc)
{
    assert_true(m.send_n < MAX_ACTIONS);
    m.send_script[m.send_n].kind = kind;
    m.send_script[m.send_n].rc = rc;
    m.send_n++;
}

static void recv_push(int kind, const char *data, int32_t rc)
{
    assert_true(m.recv_n < MAX_ACTIONS);
    m.recv_script[m.recv_n].kind = kind;
    m.recv_script[m.recv_n].data = data;
    m.recv_script[m.recv_n].rc = rc;
    m.recv_n++;
}

/* ---- fixtures ---------------------------------------------------------- */

static provkit_client_t client;
static uint8_t recv_buf[128];
#define recv_buf_for_engine recv_buf
static uint8_t body_buf[256];
static provkit_http_response_t resp;

/* A body far larger than the send buffer, to prove it streams. */
#define BODY_REPEAT 40
static const char k_chunk[] = "ClientName=Jane%20Doe&ClientPassword=s3cret&";

static int body_long(void *ctx, provkit_writer_t *w)
{
    int i;
    (void)ctx;
    for (i = 0; i < BODY_REPEAT; i++) {
        provkit_w_str(w, k_chunk);
    }
    return PROVKIT_OK;
}

static int body_short(void *ctx, provkit_writer_t *w)
{
    (void)ctx;
    provkit_w_str(w, "{\"apiKey\":\"k\"}");
    return PROVKIT_OK;
}

static int body_fails(void *ctx, provkit_writer_t *w)
{
    (void)ctx;
    (void)w;
    return PROVKIT_ERR_INVALID_FIELD;
}

/* Writes more on its second call than on its first. */
static int body_grows(void *ctx, provkit_writer_t *w)
{
    int *calls = (int *)ctx;
    int i;
    int n = (*calls)++ == 0 ? 10 : 40;
    for (i = 0; i < n; i++) {
        provkit_w_str(w, k_chunk);
    }
    return PROVKIT_OK;
}

static int body_shrinks(void *ctx, provkit_writer_t *w)
{
    int *calls = (int *)ctx;
    provkit_w_str(w, (*calls)++ == 0 ? "0123456789" : "01234");
    return PROVKIT_OK;
}

static provkit_client_request_t req;

/* ---- the engine driven by hand (provkit/engine.h's loop) --------------- */

#ifdef PROVKIT_TEST_VIA_ENGINE
static int engine_exchange(provkit_client_t *c, const provkit_client_request_t *rq,
                           provkit_http_response_t *rs)
{
    if (c == NULL || rq == NULL || rs == NULL || rq->url == NULL) {
        return PROVKIT_ERR_ARG;
    }
    const provkit_transport_t *t = c->transport;
    provkit_engine_t *e = &c->engine;
    uint8_t in[sizeof recv_buf_for_engine];
    int steps = 0;
    (void)provkit_engine_start(e, rq, rs, c->now_ms());
    while (provkit_engine_state(e) != PROVKIT_ENGINE_DONE) {
        uint32_t wait = provkit_engine_poll(e, c->now_ms());
        int32_t n;
        assert_true(++steps < 10000);
        switch (provkit_engine_state(e)) {
        case PROVKIT_ENGINE_CLOSE:
            t->close(t->ctx);
            provkit_engine_closed(e);
            break;
        case PROVKIT_ENGINE_CONNECT: {
            uint16_t port;
            bool tls;
            const char *host = provkit_engine_host(e, &port, &tls);
            provkit_engine_connected(e, t->connect(t->ctx, host, port, wait));
            break;
        }
        case PROVKIT_ENGINE_PROBE:
        case PROVKIT_ENGINE_RECV: {
            bool probe = provkit_engine_state(e) == PROVKIT_ENGINE_PROBE;
            n = t->recv(t->ctx, in, sizeof in, probe ? 0u : wait);
            if (n > (int32_t)sizeof in) {
                n = PROVKIT_ERR_NETWORK; /* a port that lies about counts */
            }
            provkit_engine_received(e, in, n);
            break;
        }
        case PROVKIT_ENGINE_SEND: {
            size_t len;
            const uint8_t *p = provkit_engine_send_data(e, &len);
            if (p != NULL) {
                assert_true(len > 0 && len <= sizeof recv_buf);
                provkit_engine_sent(e, t->send(t->ctx, p, len, wait));
            }
            break;
        }
        default: /* DONE by the poll */
            break;
        }
    }
    c->cause = e->cause;
    c->request_sent = e->request_sent;
    c->bytes_sent = e->bytes_sent;
    memset(in, 0, sizeof in);
    memset(c->recv_buf, 0, c->recv_cap); /* (the client's own buffer is unused here) */
    return provkit_engine_status(e);
}
#define EXCHANGE engine_exchange
#else
#define EXCHANGE provkit_client_exchange
#endif

static int setup(void **state)
{
    (void)state;
    memset(&m, 0, sizeof m);
    m.clock = 0xFFFFF000u; /* the deadline arithmetic must survive a wrap */
    assert_int_equal(provkit_client_init(&client, &k_transport, fake_now,
                                         recv_buf, sizeof recv_buf),
                     PROVKIT_OK);
    provkit_http_response_init(&resp, body_buf, sizeof body_buf);
    memset(&req, 0, sizeof req);
    req.url = "https://api.example.com:8443/api.php?x=1";
    req.url_len = strlen(req.url);
    req.content_type = "application/x-www-form-urlencoded";
    req.accept = "application/json";
    req.write_body = body_long;
    req.timeout_ms = 10000;
    return 0;
}

static const char k_ok[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json"
                           "\r\nContent-Length: 2\r\n\r\n{}";
static const char k_ok_close[] = "HTTP/1.1 200 OK\r\nConnection: close\r\n"
                                 "Content-Length: 2\r\n\r\nok";

/* Number of complete requests in the sent bytes. */
static int count_requests(void)
{
    int n = 0;
    size_t i;
    for (i = 0; i + 5 <= m.sent_len; i++) {
        if (memcmp(m.sent + i, "POST ", 5) == 0) {
            n++;
        }
    }
    return n;
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] != 0) {
            return false;
        }
    }
    return true;
}

/* ---- tests ------------------------------------------------------------- */

static void test_happy_path(void **state)
{
    const char *head_end;
    const char *cl;
    size_t body_len = (sizeof k_chunk - 1) * BODY_REPEAT;
    char expect_cl[64];
    (void)state;
    recv_push(A_DATA, k_ok, 5); /* the answer arrives in 5-byte pieces */
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(client.cause, PROVKIT_OK);
    assert_true(client.request_sent);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.content_type, "application/json");
    assert_int_equal(resp.body_len, 2);
    assert_memory_equal(resp.body, "{}", 2);
    assert_int_equal(m.connect_calls, 1);
    assert_string_equal(m.host, "api.example.com");
    assert_int_equal(m.port, 8443);
    assert_int_equal(m.close_calls, 0); /* kept alive */

    /* The request: head, then exactly Content-Length bytes of body. */
    assert_true(body_len > sizeof recv_buf);
    assert_true(m.send_calls > 1);
    assert_int_equal(client.bytes_sent, m.sent_len);
    m.sent[m.sent_len] = 0;
    assert_memory_equal(m.sent, "POST /api.php?x=1 HTTP/1.1\r\n"
                                "Host: api.example.com:8443\r\n", 56);
    head_end = strstr((const char *)m.sent, "\r\n\r\n");
    assert_non_null(head_end);
    snprintf(expect_cl, sizeof expect_cl, "\r\nContent-Length: %zu\r\n",
             body_len);
    cl = strstr((const char *)m.sent, expect_cl);
    assert_non_null(cl);
    assert_true(cl < head_end);
    assert_non_null(strstr((const char *)m.sent, "\r\nConnection: keep-alive\r\n"));
    assert_int_equal(m.sent_len - (size_t)(head_end + 4 - (const char *)m.sent),
                     body_len);
    assert_memory_equal(head_end + 4, k_chunk, sizeof k_chunk - 1);

    /* Secrets do not stay in the client's buffers. */
    assert_true(all_zero(recv_buf, sizeof recv_buf));
    assert_true(all_zero(recv_buf, sizeof recv_buf));
}

static void test_keep_alive_reuse(void **state)
{
    (void)state;
    recv_push(A_DATA, k_ok, 0);
    recv_push(A_ZERO, NULL, 0); /* stale probe: nothing to read, alive */
    recv_push(A_DATA, k_ok, 0);
    req.write_body = body_short;
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 1);
    assert_int_equal(m.close_calls, 0);
    assert_int_equal(count_requests(), 2);
    /* The probe polls without waiting. */
    assert_int_equal(m.recv_calls, 3);
    assert_int_equal(m.recv_timeouts[1], 0);
    provkit_client_close(&client);
    assert_int_equal(m.close_calls, 1);
    provkit_client_close(&client); /* safe twice */
    assert_int_equal(m.close_calls, 1);
}

/* A kept connection idle for the limit minus its 1/16 guard is replaced
 * before sending; one idle for less is reused. Idle counts from the moment
 * the previous request's last byte went out. */
static void test_idle_limit(void **state)
{
    (void)state;
    provkit_client_set_idle_max(&client, 1600); /* window: 1600 - 100 */
    req.write_body = body_short;
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    m.clock += 1499;                 /* idle 1499 < 1500: reused */
    recv_push(A_ZERO, NULL, 0);      /* the stale probe: alive */
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 1);
    m.clock += 1500;                 /* idle 1500: replaced, nothing sent first */
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 2);
    assert_int_equal(m.close_calls, 1);
    assert_int_equal(count_requests(), 3);
}

static void test_idle_limit_default_and_off(void **state)
{
    (void)state;
    assert_int_equal(client.engine.idle_max_ms, PROVKIT_CLIENT_IDLE_MAX_MS);
    assert_true(PROVKIT_CLIENT_IDLE_MAX_MS < 5000u); /* below Apache's 5 s */
    req.write_body = body_short;
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    m.clock += PROVKIT_CLIENT_IDLE_MAX_MS - PROVKIT_CLIENT_IDLE_MAX_MS / 16u - 1u;
    recv_push(A_ZERO, NULL, 0);
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 1);
    provkit_client_set_idle_max(&client, 0); /* never reuse */
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 2);
    provkit_client_set_idle_max(NULL, 5); /* ignored, no crash */
}

static void test_connection_close_reconnects(void **state)
{
    (void)state;
    recv_push(A_DATA, k_ok_close, 0);
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.close_calls, 1);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 2);
    assert_int_equal(m.recv_calls, 2); /* no probe on a closed connection */
    assert_int_equal(count_requests(), 2);
}

static void test_close_after_request(void **state)
{
    (void)state;
    recv_push(A_DATA, k_ok, 0);
    req.close_after = true;
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    m.sent[m.sent_len] = 0;
    assert_non_null(strstr((const char *)m.sent, "\r\nConnection: close\r\n"));
    assert_int_equal(m.close_calls, 1);
}

static void stale_case(int kind, const char *data, int32_t rc)
{
    recv_push(A_DATA, k_ok, 0);
    recv_push(kind, data, rc); /* the probe */
    recv_push(A_DATA, k_ok, 0);
    req.write_body = body_short;
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_false(client.cause);
    assert_int_equal(m.connect_calls, 2);
    assert_int_equal(m.close_calls, 1);
    assert_int_equal(count_requests(), 2); /* each request sent once */
}

static void test_stale_closed(void **state)
{
    (void)state;
    stale_case(A_RC, NULL, PROVKIT_ERR_CLOSED);
}

static void test_stale_error(void **state)
{
    (void)state;
    stale_case(A_RC, NULL, PROVKIT_ERR_NETWORK);
}

static void test_stale_unexpected_bytes(void **state)
{
    (void)state;
    stale_case(A_DATA, "HTTP/1.1 408 Request Timeout\r\n\r\n", 0);
}

static void test_partial_send_failure_not_resent(void **state)
{
    (void)state;
    send_push(A_DATA, 100);
    send_push(A_RC, PROVKIT_ERR_NETWORK);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_NETWORK);
    assert_true(client.request_sent);
    assert_int_equal(client.bytes_sent, 100);
    assert_int_equal(m.sent_len, 100);
    assert_int_equal(m.send_calls, 2);
    assert_int_equal(m.connect_calls, 1);
    assert_int_equal(m.close_calls, 1);
    assert_int_equal(count_requests(), 1);
    assert_true(all_zero(recv_buf, sizeof recv_buf));
}

static void test_send_closed_after_partial(void **state)
{
    (void)state;
    send_push(A_DATA, 1);
    send_push(A_RC, PROVKIT_ERR_CLOSED);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_CLOSED);
    assert_int_equal(m.sent_len, 1);
}

static void test_send_error_before_any_byte(void **state)
{
    (void)state;
    send_push(A_RC, PROVKIT_ERR_TLS);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_TLS);
    assert_int_equal(client.cause, PROVKIT_ERR_TLS);
    assert_false(client.request_sent);
    assert_int_equal(m.close_calls, 1);
}

static void test_send_zero_is_not_closed(void **state)
{
    (void)state;
    send_push(A_ZERO, 0);
    send_push(A_DATA, 7);
    send_push(A_ZERO, 0);
    send_push(A_ZERO, 0);
    recv_push(A_ZERO, NULL, 10);
    recv_push(A_ZERO, NULL, 10);
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(count_requests(), 1);
    assert_int_equal(client.bytes_sent, m.sent_len);
    assert_int_equal(m.recv_calls, 3);
    assert_int_equal(m.recv_timeouts[1], m.recv_timeouts[0] - 10);
}

static void test_send_timeout_before_any_byte(void **state)
{
    int i;
    (void)state;
    for (i = 0; i < MAX_ACTIONS; i++) {
        send_push(A_ZERO, 0);
    }
    req.timeout_ms = 1000;
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_TIMEOUT);
    assert_false(client.request_sent);
    assert_int_equal(m.sent_len, 0);
    assert_int_equal(m.send_calls, 10); /* 100 ms per try, 1000 ms budget */
}

static void test_recv_timeout_outcome_unknown(void **state)
{
    (void)state;
    req.timeout_ms = 5000;
    m.connect_cost_ms = 1000;
    /* The script is empty: every recv waits its whole timeout for nothing. */
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_TIMEOUT);
    assert_true(client.request_sent);
    assert_int_equal(count_requests(), 1);
    assert_int_equal(m.close_calls, 1);
    /* Every call got the time that was left. */
    assert_int_equal(m.connect_timeout, 5000);
    assert_int_equal(m.send_timeouts[0], 4000);
    assert_int_equal(m.recv_calls, 1);
    assert_int_equal(m.recv_timeouts[0], 4000);
}

static void test_recv_zero_until_deadline(void **state)
{
    int i;
    (void)state;
    req.timeout_ms = 3000;
    /* Partial answer, then silence: the port returns 0 after a short wait
     * each time, and the fake clock moves on until the deadline. */
    recv_push(A_DATA, "HTTP/1.1 200 OK\r\n", 0);
    for (i = 0; i < 20; i++) {
        recv_push(A_ZERO, NULL, 0);
    }
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_TIMEOUT);
    assert_int_equal(m.recv_calls, 2); /* the first 0 used all the time */
    assert_true(all_zero(recv_buf, sizeof recv_buf));
}

static void test_connect_failure(void **state)
{
    (void)state;
    m.connect_rc[0] = PROVKIT_ERR_NETWORK;
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_NETWORK);
    assert_int_equal(client.cause, PROVKIT_ERR_NETWORK);
    assert_false(client.request_sent);
    assert_int_equal(m.send_calls, 0);

    m.connect_rc[1] = PROVKIT_ERR_DNS;
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_DNS);
    m.connect_rc[2] = 5; /* a port returning nonsense */
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_NETWORK);
    assert_int_equal(m.send_calls, 0);
}

static void test_connect_eats_deadline(void **state)
{
    (void)state;
    req.timeout_ms = 500;
    m.connect_cost_ms = 500;
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_TIMEOUT);
    assert_false(client.request_sent);
    assert_int_equal(m.send_calls, 0);

    req.timeout_ms = 0;
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_TIMEOUT);
    assert_int_equal(m.connect_calls, 1); /* no time at all: no connect */
}

static void test_malformed_response(void **state)
{
    (void)state;
    recv_push(A_DATA, "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", 0);
    /* the request went out: a broken answer leaves the outcome unknown */
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_HTTP);
    assert_true(client.request_sent);
    assert_int_equal(m.close_calls, 1);
}

static void test_body_too_large(void **state)
{
    (void)state;
    recv_push(A_DATA, "HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n", 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_LIMIT);
    assert_true(client.request_sent);
}

static void test_closed_mid_response(void **state)
{
    (void)state;
    recv_push(A_DATA, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", 0);
    recv_push(A_RC, NULL, PROVKIT_ERR_CLOSED);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    /* an answer began and was cut: truncated, not merely closed */
    assert_int_equal(client.cause, PROVKIT_ERR_TRUNCATED);
}

static void test_closed_without_answer(void **state)
{
    (void)state;
    recv_push(A_RC, NULL, PROVKIT_ERR_CLOSED);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_CLOSED);
}

static void test_recv_error(void **state)
{
    (void)state;
    recv_push(A_DATA, "HTTP/1.1 2", 0);
    recv_push(A_RC, NULL, PROVKIT_ERR_TLS);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_TLS);
    assert_int_equal(m.close_calls, 1);
}

static void test_close_delimited(void **state)
{
    (void)state;
    recv_push(A_DATA, "HTTP/1.0 200 OK\r\n\r\n<xml/>", 0);
    recv_push(A_RC, NULL, PROVKIT_ERR_CLOSED);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(resp.body_len, 6);
    assert_int_equal(m.close_calls, 1);
}

/* TLS without close_notify: a close-delimited body may be cut short, so it
 * is never taken as complete. */
static void test_close_delimited_truncated(void **state)
{
    (void)state;
    recv_push(A_DATA, "HTTP/1.0 200 OK\r\n\r\n<xml/>", 0);
    recv_push(A_RC, NULL, PROVKIT_ERR_TRUNCATED);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_TRUNCATED);
    assert_int_equal(m.close_calls, 1);
}

static void test_trailing_bytes_not_reused(void **state)
{
    (void)state;
    recv_push(A_DATA, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n!junk", 0);
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.close_calls, 1);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 2);
}

static void test_other_host_reconnects(void **state)
{
    (void)state;
    recv_push(A_DATA, k_ok, 0);
    recv_push(A_DATA, k_ok, 0);
    recv_push(A_DATA, k_ok, 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    req.url = "https://other.example.com:8443/";
    req.url_len = strlen(req.url);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 2);
    assert_string_equal(m.host, "other.example.com");
    req.url = "https://other.example.com/";
    req.url_len = strlen(req.url);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(m.connect_calls, 3);
    assert_int_equal(m.port, 443);
    assert_int_equal(m.recv_calls, 3); /* never probed: always replaced */
}

static void test_errors_before_io(void **state)
{
    (void)state;
    req.write_body = body_fails;
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_INVALID_FIELD);
    req.write_body = body_long;
    req.url = "ftp://h/";
    req.url_len = 8;
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_URL);
    assert_int_equal(client.cause, PROVKIT_ERR_URL);
    req.url = "https://h/";
    req.url_len = 10;
    req.content_type = "a\r\nX-Evil: 1";
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_ARG);
    assert_int_equal(m.connect_calls, 0);
    assert_int_equal(m.send_calls, 0);
}

/* Gives the same body twice (the count and the first window), then more. */
static int body_changes_late(void *ctx, provkit_writer_t *w)
{
    int *calls = (int *)ctx;
    int i;
    int n = (*calls)++ < 2 ? 20 : 21;
    for (i = 0; i < n; i++) {
        provkit_w_str(w, k_chunk);
    }
    return PROVKIT_OK;
}

static void test_unrepeatable_body(void **state)
{
    int calls = 0;
    (void)state;
    /* Grows: found at a later window; never more than the measured size
     * goes on the wire, and the request is not retried. */
    req.write_body = body_grows;
    req.body_ctx = &calls;
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_ARG);
    assert_true(client.request_sent);
    assert_true(m.sent_len <= client.engine.expected);
    assert_int_equal(m.close_calls, 1);

    /* Shrinks: the short request is reported, not retried. */
    memset(&m, 0, sizeof m);
    calls = 0;
    req.write_body = body_shrinks;
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_ARG);
    assert_true(m.sent_len > 0 && m.sent_len < client.engine.expected - 5);

    /* Changes after the first window went out: found when the window that
     * should end the request does not; the windows before went out, never
     * more than the measured size, never retried. */
    memset(&m, 0, sizeof m);
    calls = 0;
    req.write_body = body_changes_late;
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_ARG);
    assert_true(client.request_sent);
    assert_true(m.sent_len >= sizeof recv_buf && m.sent_len < client.engine.expected);
    assert_int_equal(m.sent_len % sizeof recv_buf, 0); /* whole windows only */
    assert_int_equal(count_requests(), 1);
    assert_true(all_zero(recv_buf, sizeof recv_buf));
}

static void test_empty_body_and_method(void **state)
{
    (void)state;
    req.write_body = NULL;
    req.method = "PUT";
    recv_push(A_DATA, "HTTP/1.1 204 No Content\r\n\r\n", 0);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(resp.status, 204);
    m.sent[m.sent_len] = 0;
    assert_memory_equal(m.sent, "PUT /api.php?x=1 HTTP/1.1\r\n", 27);
    assert_non_null(strstr((const char *)m.sent, "\r\nContent-Length: 0\r\n"));
    assert_memory_equal(m.sent + m.sent_len - 4, "\r\n\r\n", 4);
}

static void test_interim_and_status(void **state)
{
    (void)state;
    recv_push(A_DATA, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad\r\n"
                      "Content-Length: 5\r\n\r\n{\"e\"}", 3);
    assert_int_equal(EXCHANGE(&client, &req, &resp), PROVKIT_OK);
    assert_int_equal(resp.status, 400); /* the provider layer decides */
    assert_int_equal(resp.body_len, 5);
}

/* A port that reports more bytes than it was asked for. */
static int32_t lying_send(void *ctx, const uint8_t *buf, size_t len,
                          uint32_t timeout_ms)
{
    (void)ctx;
    (void)buf;
    (void)timeout_ms;
    return (int32_t)len + 1;
}

static int32_t lying_recv(void *ctx, uint8_t *buf, size_t len,
                          uint32_t timeout_ms)
{
    (void)ctx;
    (void)buf;
    (void)timeout_ms;
    return (int32_t)len + 1;
}

static void test_lying_port(void **state)
{
    provkit_transport_t t = k_transport;
    (void)state;
    t.send = lying_send;
    assert_int_equal(provkit_client_init(&client, &t, fake_now, recv_buf,
                                         sizeof recv_buf),
                     PROVKIT_OK);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_NETWORK);
    assert_false(client.request_sent);

    t.send = mock_send;
    t.recv = lying_recv;
    assert_int_equal(provkit_client_init(&client, &t, fake_now, recv_buf,
                                         sizeof recv_buf),
                     PROVKIT_OK);
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(client.cause, PROVKIT_ERR_NETWORK);
}

static void test_args(void **state)
{
    provkit_transport_t t = k_transport;
    provkit_client_t c;
    uint8_t b[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    (void)state;
    assert_int_equal(provkit_client_init(NULL, &t, fake_now, b, 8),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_client_init(&c, NULL, fake_now, b, 8),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_client_init(&c, &t, NULL, b, 8), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_client_init(&c, &t, fake_now, NULL, 8),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_client_init(&c, &t, fake_now, b, 0),
                     PROVKIT_ERR_ARG);
    t.close = NULL;
    assert_int_equal(provkit_client_init(&c, &t, fake_now, b, 8),
                     PROVKIT_ERR_ARG);
    assert_int_equal(EXCHANGE(NULL, &req, &resp),
                     PROVKIT_ERR_ARG);
    assert_int_equal(EXCHANGE(&client, NULL, &resp),
                     PROVKIT_ERR_ARG);
    assert_int_equal(EXCHANGE(&client, &req, NULL),
                     PROVKIT_ERR_ARG);
    req.url = NULL;
    assert_int_equal(EXCHANGE(&client, &req, &resp),
                     PROVKIT_ERR_ARG);
    provkit_client_close(NULL);
    provkit_zeroize(b, sizeof b);
    assert_true(all_zero(b, sizeof b));
    provkit_zeroize(NULL, 0);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_happy_path),
        T(test_keep_alive_reuse),
        T(test_idle_limit),
        T(test_idle_limit_default_and_off),
        T(test_connection_close_reconnects),
        T(test_close_after_request),
        T(test_stale_closed),
        T(test_stale_error),
        T(test_stale_unexpected_bytes),
        T(test_partial_send_failure_not_resent),
        T(test_send_closed_after_partial),
        T(test_send_error_before_any_byte),
        T(test_send_zero_is_not_closed),
        T(test_send_timeout_before_any_byte),
        T(test_recv_timeout_outcome_unknown),
        T(test_recv_zero_until_deadline),
        T(test_connect_failure),
        T(test_connect_eats_deadline),
        T(test_malformed_response),
        T(test_body_too_large),
        T(test_closed_mid_response),
        T(test_closed_without_answer),
        T(test_recv_error),
        T(test_close_delimited),
        T(test_close_delimited_truncated),
        T(test_trailing_bytes_not_reused),
        T(test_other_host_reconnects),
        T(test_errors_before_io),
        T(test_unrepeatable_body),
        T(test_empty_body_and_method),
        T(test_interim_and_status),
        T(test_lying_port),
        T(test_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
