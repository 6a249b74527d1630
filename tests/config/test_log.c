/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The logging hook (provkit/log.h), with every level compiled in
 * (PROVKIT_LOG_LEVEL 3, tests/CMakeLists.txt): each provider's create over a
 * scripted transport reports connect, request_sent, response and outcome,
 * and a kept connection's reuse; a failed exchange reports exchange_failed.
 * Whatever the level, no password, API key or session id reaches the sink:
 * every string and the raw bytes of every event are searched for the
 * secrets given, including an answer whose message echoes one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/account.h"
#include "provkit/log.h"

#if PROVKIT_LOG_LEVEL != 3
#error "test_log is built with PROVKIT_LOG_LEVEL 3"
#endif

static const char *const secrets[] = {"Pw-S3cret-7781", "KEY-4f1a-secret", "SESS-9c2e-secret",
                                      "ApiPw-0a0b-secret"};

/* ---- the sink: every event, every string in it ---- */
static char seen[8192];
static size_t seen_len;
static char names[1024];
static int events;

static void keep(const char *s)
{
    if (s == NULL) {
        return;
    }
    size_t n = strlen(s);
    if (seen_len + n + 1 < sizeof seen) {
        memcpy(seen + seen_len, s, n);
        seen_len += n;
        seen[seen_len++] = '|';
    }
}

static void sink(void *ctx, const provkit_log_event_t *e)
{
    (void)ctx;
    events++;
    assert_true(e->level >= PROVKIT_LOG_ERROR && e->level <= PROVKIT_LOG_DEBUG);
    assert_non_null(e->name);
    keep(e->name);
    keep(e->host);
    /* the raw bytes too: nothing else may point at a secret */
    if (seen_len + sizeof *e < sizeof seen) {
        memcpy(seen + seen_len, e, sizeof *e);
        seen_len += sizeof *e;
    }
    strncat(names, e->name, sizeof names - strlen(names) - 2);
    strncat(names, " ", sizeof names - strlen(names) - 1);
}

static void assert_no_secret(void)
{
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
        size_t n = strlen(secrets[i]);
        for (size_t k = 0; k + n <= seen_len; k++) {
            if (memcmp(seen + k, secrets[i], n) == 0) {
                fail_msg("secret %s reached the log sink", secrets[i]);
            }
        }
    }
}

/* ---- a scripted transport: every request gets the next answer ---- */
static const char *answer;
static size_t played;
static char sent[8192];
static size_t sent_len;
static int fail_recv; /* the peer resets the connection instead of answering */

static int t_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx, (void)host, (void)port, (void)timeout_ms;
    played = 0;
    return PROVKIT_OK;
}

static int32_t t_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx, (void)timeout_ms;
    if (sent_len + len < sizeof sent) {
        memcpy(sent + sent_len, buf, len);
        sent_len += len;
    }
    played = 0; /* a new request: the answer again */
    return (int32_t)len;
}

static int32_t t_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx, (void)timeout_ms;
    if (sent_len == 0) {
        return 0; /* nothing asked yet (a kept connection's liveness poll) */
    }
    if (fail_recv) {
        return PROVKIT_ERR_NETWORK;
    }
    size_t left = strlen(answer) - played;
    if (left == 0) {
        return 0;
    }
    size_t n = left < len ? left : len;
    memcpy(buf, answer + played, n);
    played += n;
    if (played == strlen(answer)) {
        sent_len = 0; /* answered: the next poll sees nothing */
    }
    return (int32_t)n;
}

static void t_close(void *ctx) { (void)ctx; }

static uint32_t clock_ms;
static uint32_t now_ms(void) { return clock_ms += 1; }

static const provkit_transport_t transport = {t_connect, t_send, t_recv, t_close, NULL};
static provkit_client_t client;
static provkit_workspace_t ws;
static provkit_account_result_t res;
static uint8_t rx[512];
static char http[2048];

/* an HTTP answer around body */
static const char *wrap(const char *type, const char *body)
{
    snprintf(http, sizeof http,
             "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n%s", type,
             strlen(body), body);
    return http;
}

static int create(provkit_provider_t p)
{
    static const char *const urls[] = {"https://oempro.example/api.php",
                                       "https://plesk.example:8443/RPC2",
                                       "https://sms.example/v1/subaccount/create"};
    const provkit_account_t acct = {
        .login = "ann", .password = secrets[0], .email = "ann@example.com",
        .first_name = "Ann", .last_name = "Lee", .company = "Acme", .address = "1 Main St",
        .phone = "+1 703 555 0100", .city = "Herndon", .zip = "20171", .state = "Virginia",
        .country = "US"};
    const provkit_credentials_t cred = {.api_login = "reseller", .api_password = secrets[3],
                                        .session_id = secrets[2], .api_key = secrets[1]};
    const provkit_credentials_t *c = &cred;
    provkit_credentials_t oempro = {.session_id = secrets[2]};
    if (p == PROVKIT_PROVIDER_OEMPRO) {
        c = &oempro; /* Oempro reads the API key first */
    }
    const provkit_account_options_t opt = {.is_buyer = "1"};
    provkit_endpoint_t ep;
    assert_int_equal(provkit_endpoint_init(&ep, urls[p], 5000), PROVKIT_OK);
    return provkit_create_account(p, &client, &ep, &acct, c, &opt, &ws, &res);
}

static int setup(void **state)
{
    (void)state;
    seen_len = 0;
    names[0] = '\0';
    events = 0;
    sent_len = 0;
    fail_recv = 0;
    provkit_client_init(&client, &transport, now_ms, rx, sizeof rx);
    provkit_client_set_log(&client, sink, NULL);
    return 0;
}

static void test_every_provider(void **state)
{
    (void)state;
    answer = wrap("application/json", "{\"Success\":true,\"ErrorCode\":0,\"ClientID\":17}");
    assert_int_equal(create(PROVKIT_PROVIDER_OEMPRO), PROVKIT_OK);
    assert_string_equal(names, "connect request_sent response outcome ");
    answer = wrap("text/xml",
                  "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>"
                  "<member><name>resultCode</name><value><int>100</int></value></member>"
                  "<member><name>resultDesc</name><value>ok</value></member>"
                  "<member><name>clientId</name><value>5</value></member>"
                  "</struct></value></param></params></methodResponse>");
    names[0] = '\0';
    assert_int_equal(create(PROVKIT_PROVIDER_PLESK), PROVKIT_OK);
    /* another host: a new connection */
    assert_string_equal(names, "connect request_sent response outcome ");
    /* an answer that echoes the API key in its message */
    answer = wrap("application/json",
                  "{\"success\":false,\"code\":10,\"message\":\"apiKey KEY-4f1a-secret is "
                  "not valid\"}");
    names[0] = '\0';
    int rc = create(PROVKIT_PROVIDER_SMSPARTNER);
    assert_int_equal(rc, PROVKIT_ERR_PROVIDER);
    assert_non_null(strstr(res.as.outcome.message, secrets[1])); /* it is in the outcome */
    assert_string_equal(names, "connect request_sent response outcome ");
    /* the same host again: the kept connection */
    names[0] = '\0';
    rc = create(PROVKIT_PROVIDER_SMSPARTNER);
    assert_int_equal(rc, PROVKIT_ERR_PROVIDER);
    assert_string_equal(names, "reuse request_sent response outcome ");
    assert_true(events >= 16);
    assert_no_secret();
}

static void test_failed_exchange(void **state)
{
    (void)state;
    answer = wrap("application/json", "{}");
    fail_recv = 1;
    assert_int_equal(create(PROVKIT_PROVIDER_SMSPARTNER), PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_string_equal(names, "connect request_sent exchange_failed outcome ");
    assert_no_secret();
}

static void test_local_refusal_and_no_sink(void **state)
{
    (void)state;
    provkit_endpoint_t ep;
    const provkit_account_t bad = {.email = "not an address", .password = secrets[0]};
    const provkit_credentials_t cred = {.api_key = secrets[1]};
    assert_int_equal(provkit_endpoint_init(&ep, "https://sms.example/x", 1000), PROVKIT_OK);
    assert_int_equal(provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &ep, &bad,
                                            &cred, NULL, &ws, &res),
                     PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(names, "outcome "); /* refused here: nothing else happened */
    assert_no_secret();
    provkit_client_set_log(&client, NULL, NULL);
    events = 0;
    answer = wrap("application/json", "{}");
    (void)create(PROVKIT_PROVIDER_SMSPARTNER);
    assert_int_equal(events, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_every_provider, setup),
        cmocka_unit_test_setup(test_failed_exchange, setup),
        cmocka_unit_test_setup(test_local_refusal_and_no_sink, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
