/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the exchange engine (provkit/engine.h) driven the way an
 * event loop drives it: three creates at once, one per provider, from one
 * thread, over three scripted connections that take a few bytes per send
 * and answer in small pieces, with a fake clock. (unit.test_client_engine
 * runs every client test through the engine too.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/engine.h"
#include "provkit/oempro.h"
#include "provkit/plesk.h"
#include "provkit/smspartner.h"
#include "seed_plesk.h"

/* ---- one scripted connection per engine ---- */
typedef struct conn {
    bool open;
    int connects, closes;
    size_t take;          /* bytes accepted per send call */
    char got[4096];       /* what the server received */
    size_t got_len;
    const char *answer;   /* given once the whole request is in */
    size_t answer_off;
    size_t piece;         /* answer bytes per read */
    bool silent;          /* never answers */
    int sends;            /* send calls that took bytes */
} conn_t;

/* The order in which the connections took request bytes. */
static char order[4096];
static size_t order_len;

/* The request is whole when its head is in and Content-Length body bytes
 * followed. */
static bool request_whole(const conn_t *c)
{
    const char *head_end = strstr(c->got, "\r\n\r\n");
    const char *cl = strstr(c->got, "Content-Length: ");
    if (head_end == NULL || cl == NULL) {
        return false;
    }
    size_t body = (size_t)strtoul(cl + 16, NULL, 10);
    return c->got_len == (size_t)(head_end + 4 - c->got) + body;
}

/* One step of connection k for engine e: do what it wants, once. */
static void step(provkit_engine_t *e, conn_t *c, char tag, uint32_t now)
{
    uint32_t wait = provkit_engine_poll(e, now);
    switch (provkit_engine_state(e)) {
    case PROVKIT_ENGINE_CLOSE:
        c->open = false;
        c->closes++;
        provkit_engine_closed(e);
        break;
    case PROVKIT_ENGINE_CONNECT: {
        uint16_t port;
        bool tls;
        const char *host = provkit_engine_host(e, &port, &tls);
        assert_string_equal(host, "127.0.0.1");
        assert_true(wait > 0);
        c->open = true;
        c->connects++;
        provkit_engine_connected(e, PROVKIT_OK);
        break;
    }
    case PROVKIT_ENGINE_PROBE:
        provkit_engine_received(e, NULL, 0); /* nothing to read: alive */
        break;
    case PROVKIT_ENGINE_SEND: {
        size_t len;
        const uint8_t *p = provkit_engine_send_data(e, &len);
        assert_non_null(p);
        size_t n = len < c->take ? len : c->take;
        assert_true(c->got_len + n < sizeof c->got);
        memcpy(c->got + c->got_len, p, n);
        c->got_len += n;
        c->got[c->got_len] = '\0';
        c->sends++;
        order[order_len++] = tag;
        provkit_engine_sent(e, (int32_t)n);
        break;
    }
    case PROVKIT_ENGINE_RECV: {
        assert_true(request_whole(c));
        size_t left = strlen(c->answer) - c->answer_off;
        if (c->silent || left == 0) {
            provkit_engine_received(e, NULL, 0); /* nothing yet */
            break;
        }
        uint8_t in[64];
        size_t n = left < c->piece ? left : c->piece;
        memcpy(in, c->answer + c->answer_off, n);
        c->answer_off += n;
        provkit_engine_received(e, in, (int32_t)n);
        break;
    }
    default:
        break;
    }
}

static const char k_oempro_ok[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 48\r\n\r\n"
    "{\"Success\":true,\"ErrorCode\":0,\"ClientID\":1001} ";
static const char k_plesk_ok[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 353\r\n\r\n"
    "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>"
    "<member><name>clientId</name><value>1401588</value></member>"
    "<member><name>login</name><value>jdoe</value></member>"
    "<member><name>resultCode</name><value><int>100</int></value></member>"
    "<member><name>resultDesc</name><value>created</value></member>"
    "</struct></value></param></params></methodResponse>";
static const char k_sms_ok[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 139\r\n\r\n"
    "{\"success\":true,\"code\":200,\"subaccount\":{\"email\":\"a@example.com\","
    "\"token\":\"0123456789abcdef0123456789abcdef\"},\"sendConfirmMailTo\":\"a@example.com\"}";

/* Content-Length of a canned answer is its body's length: check the
 * fixtures themselves, so a typo cannot pass for an engine bug. */
static void fix_length(char *dst, size_t cap, const char *answer)
{
    const char *body = strstr(answer, "\r\n\r\n") + 4;
    const char *cl = strstr(answer, "Content-Length: ") + 16;
    int n = snprintf(dst, cap, "%.*s%zu%s", (int)(cl - answer), answer, strlen(body),
                     strchr(cl, '\r'));
    assert_true(n > 0 && (size_t)n < cap);
}

typedef struct slot {
    provkit_engine_t e;
    uint8_t window[64]; /* small: many windows per request */
    provkit_workspace_t ws;
    conn_t c;
    char answer[1024];
} slot_t;

static slot_t slots[3];
static provkit_oempro_result_t oempro_res;
static provkit_plesk_result_t plesk_res;
static provkit_smspartner_result_t sms_res;

static provkit_endpoint_t ep_oempro, ep_plesk, ep_sms;
static provkit_oempro_request_t oempro_req;
static provkit_plesk_request_t plesk_req;
static provkit_smspartner_request_t sms_req;

static int setup(void **state)
{
    (void)state;
    memset(slots, 0, sizeof slots);
    order_len = 0;
    const char *answers[3] = {k_oempro_ok, k_plesk_ok, k_sms_ok};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(provkit_engine_init(&slots[i].e, slots[i].window, sizeof slots[i].window),
                         PROVKIT_OK);
        fix_length(slots[i].answer, sizeof slots[i].answer, answers[i]);
        slots[i].c.answer = slots[i].answer;
        slots[i].c.take = (size_t)(7 + 6 * i); /* 7, 13, 19 bytes per send */
        slots[i].c.piece = (size_t)(5 + 4 * i);
    }
    assert_int_equal(provkit_endpoint_init(&ep_oempro, "http://127.0.0.1:8080/api.php", 5000),
                     PROVKIT_OK);
    assert_int_equal(provkit_endpoint_init(&ep_plesk, "http://127.0.0.1:8081/RPC2", 5000),
                     PROVKIT_OK);
    assert_int_equal(provkit_endpoint_init(&ep_sms,
                                           "http://127.0.0.1:8082/v1/subaccount/create", 5000),
                     PROVKIT_OK);
    memset(&oempro_req, 0, sizeof oempro_req);
    oempro_req.session_id = "sess";
    oempro_req.client_name = "Jane Doe";
    oempro_req.client_username = "jdoe";
    oempro_req.client_password = "s3cret pass";
    oempro_req.client_email_address = "jdoe@example.com";
    plesk_req = seed_plesk_request();
    memset(&sms_req, 0, sizeof sms_req);
    sms_req.api_key = "key";
    sms_req.type = "advanced";
    sms_req.email = "a@example.com";
    sms_req.is_buyer = "0";
    return 0;
}

static bool all_done(void)
{
    for (int i = 0; i < 3; i++) {
        if (provkit_engine_state(&slots[i].e) != PROVKIT_ENGINE_DONE) {
            return false;
        }
    }
    return true;
}

/* Round-robin until every engine is DONE; the clock moves 1 ms a round. */
static uint32_t drive(uint32_t now)
{
    int rounds = 0;
    while (!all_done()) {
        for (int i = 0; i < 3; i++) {
            step(&slots[i].e, &slots[i].c, (char)('a' + i), now);
        }
        now++;
        assert_true(++rounds < 100000);
    }
    return now;
}

static void begin_all(uint32_t now)
{
    assert_int_equal(provkit_oempro_begin(&slots[0].e, &ep_oempro, &oempro_req, &slots[0].ws,
                                          &oempro_res, now),
                     PROVKIT_OK);
    assert_int_equal(provkit_plesk_begin(&slots[1].e, &ep_plesk, &plesk_req, &slots[1].ws,
                                         &plesk_res, now),
                     PROVKIT_OK);
    assert_int_equal(provkit_smspartner_begin(&slots[2].e, &ep_sms, &sms_req, &slots[2].ws,
                                              &sms_res, now),
                     PROVKIT_OK);
}

static void test_three_at_once(void **state)
{
    (void)state;
    uint32_t now = 0xFFFFFF00u; /* the deadline arithmetic must survive a wrap */
    begin_all(now);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(provkit_engine_status(&slots[i].e), PROVKIT_INCOMPLETE);
    }
    drive(now);

    assert_int_equal(provkit_oempro_end(&slots[0].e, &slots[0].ws, &oempro_res), PROVKIT_OK);
    assert_int_equal(provkit_plesk_end(&slots[1].e, &slots[1].ws, &plesk_res), PROVKIT_OK);
    assert_int_equal(provkit_smspartner_end(&slots[2].e, &slots[2].ws, &sms_res), PROVKIT_OK);
    assert_true(oempro_res.has_client_id);
    assert_int_equal(oempro_res.client_id, 1001);
    assert_string_equal(plesk_res.client_id, "1401588");
    assert_string_equal(plesk_res.login, "jdoe"); /* (the answer's, not the request's) */
    assert_string_equal(sms_res.token, "0123456789abcdef0123456789abcdef");

    for (int i = 0; i < 3; i++) {
        conn_t *c = &slots[i].c;
        /* each request went out once, whole, over one connection kept */
        assert_true(request_whole(c));
        assert_int_equal(c->connects, 1);
        assert_int_equal(c->closes, 0);
        assert_true(provkit_engine_kept(&slots[i].e));
        assert_true(slots[i].e.request_sent);
        assert_int_equal(slots[i].e.bytes_sent, c->got_len);
        assert_true(c->got_len > 2 * sizeof slots[i].window); /* many windows */
        /* the window is wiped: it held the request's secrets */
        for (size_t k = 0; k < sizeof slots[i].window; k++) {
            assert_int_equal(slots[i].window[k], 0);
        }
    }
    /* the bodies are the providers' own, byte for byte */
    assert_non_null(strstr(slots[0].c.got, "POST /api.php HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"));
    assert_non_null(strstr(slots[0].c.got, "ClientPassword=s3cret+pass"));
    assert_non_null(strstr(slots[1].c.got, "<methodName>partner10.createClient</methodName>"));
    assert_non_null(strstr(slots[2].c.got, "\"apiKey\":\"key\""));
    /* the three were interleaved: each took bytes between the others' */
    const char *abc = memchr(order, 'a', order_len);
    assert_non_null(abc);
    assert_true(order_len > 100);
    size_t switches = 0;
    for (size_t k = 1; k < order_len; k++) {
        switches += order[k] != order[k - 1];
    }
    assert_true(switches > order_len / 2);
}

/* The second round reuses the three kept connections (one probe each). */
static void test_kept_connections(void **state)
{
    (void)state;
    uint32_t now = 1000;
    begin_all(now);
    now = drive(now);
    for (int i = 0; i < 3; i++) {
        slots[i].c.got_len = 0;
        slots[i].c.answer_off = 0;
    }
    provkit_oempro_end(&slots[0].e, &slots[0].ws, &oempro_res);
    provkit_plesk_end(&slots[1].e, &slots[1].ws, &plesk_res);
    provkit_smspartner_end(&slots[2].e, &slots[2].ws, &sms_res);
    begin_all(now);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(provkit_engine_state(&slots[i].e), PROVKIT_ENGINE_PROBE);
    }
    drive(now);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(provkit_engine_status(&slots[i].e), PROVKIT_OK);
        assert_int_equal(slots[i].c.connects, 1);
    }
}

/* One peer never answers: only its exchange ends, at its deadline, with
 * the outcome unknown (its request went out); the others are created. */
static void test_one_silent(void **state)
{
    (void)state;
    uint32_t now = 50;
    slots[1].c.silent = true;
    begin_all(now);
    uint32_t end = drive(now);
    assert_true(end - now >= 5000); /* the silent one ran to its deadline */
    assert_int_equal(provkit_engine_status(&slots[0].e), PROVKIT_OK);
    assert_int_equal(provkit_engine_status(&slots[2].e), PROVKIT_OK);
    assert_int_equal(provkit_engine_status(&slots[1].e), PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(slots[1].e.cause, PROVKIT_ERR_TIMEOUT);
    assert_int_equal(slots[1].c.closes, 1); /* CLOSE came before DONE */
    assert_int_equal(provkit_plesk_end(&slots[1].e, &slots[1].ws, &plesk_res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_true(plesk_res.outcome.request_sent);
    assert_non_null(strstr(plesk_res.outcome.message, "the account may exist"));
}

/* Refused before any I/O: begin says why, the engine is untouched. */
static void test_refused_before_io(void **state)
{
    (void)state;
    plesk_req.email = "not an address";
    assert_int_equal(provkit_plesk_begin(&slots[1].e, &ep_plesk, &plesk_req, &slots[1].ws,
                                         &plesk_res, 0),
                     PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(plesk_res.outcome.field, "email");
    assert_int_equal(provkit_engine_state(&slots[1].e), PROVKIT_ENGINE_IDLE);
    /* end before the exchange is over is refused */
    assert_int_equal(provkit_plesk_end(&slots[1].e, &slots[1].ws, &plesk_res), PROVKIT_ERR_ARG);
}

struct align_probe {
    char c;
    uint64_t u;
};

/* The contract's edges: reports out of state are ignored; a busy engine
 * refuses a second start; a port that says it took more than it was given
 * ends the exchange; the RAM the header states. */
static void test_contract_edges(void **state)
{
    (void)state;
    provkit_engine_t *e = &slots[0].e;
    uint8_t b[1];
    assert_int_equal(provkit_engine_init(NULL, b, 1), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_engine_init(e, NULL, 1), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_engine_init(e, b, 0), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_engine_init(e, slots[0].window, sizeof slots[0].window), PROVKIT_OK);
    assert_int_equal(provkit_engine_poll(e, 0), 0); /* IDLE: nothing changes */
    provkit_engine_sent(e, 5);
    provkit_engine_received(e, NULL, 5);
    provkit_engine_connected(e, PROVKIT_OK);
    assert_int_equal(provkit_engine_state(e), PROVKIT_ENGINE_IDLE);

    assert_int_equal(provkit_oempro_begin(e, &ep_oempro, &oempro_req, &slots[0].ws, &oempro_res,
                                          0),
                     PROVKIT_OK);
    assert_int_equal(provkit_engine_state(e), PROVKIT_ENGINE_CONNECT);
    assert_int_equal(provkit_oempro_begin(e, &ep_oempro, &oempro_req, &slots[0].ws, &oempro_res,
                                          0),
                     PROVKIT_ERR_ARG); /* busy */
    provkit_engine_sent(e, 5); /* not in SEND: ignored */
    assert_int_equal(provkit_engine_poll(e, 10), 4990);
    provkit_engine_connected(e, PROVKIT_OK);
    size_t len;
    assert_non_null(provkit_engine_send_data(e, &len));
    assert_int_equal(len, sizeof slots[0].window);
    provkit_engine_sent(e, (int32_t)len + 1); /* a lying port */
    assert_int_equal(provkit_engine_state(e), PROVKIT_ENGINE_CLOSE);
    provkit_engine_closed(e);
    assert_int_equal(provkit_engine_status(e), PROVKIT_ERR_NETWORK);
    assert_false(e->request_sent);

#if PROVKIT_URL_HOST_MAX == 256
    /* provkit/engine.h states the engine's RAM; hold it to it */
    if (sizeof(void *) == 8 && sizeof(size_t) == 8) {
        assert_int_equal(sizeof(provkit_engine_t), 520);
    } else if (sizeof(void *) == 4 && offsetof(struct align_probe, u) == 8) {
        assert_int_equal(sizeof(provkit_engine_t), 432);
    }
#endif
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_three_at_once),   T(test_kept_connections), T(test_one_silent),
        T(test_refused_before_io), T(test_contract_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
