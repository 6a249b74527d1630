/* SPDX-License-Identifier: Apache-2.0 */
/*
 * End to end: the client, through the mbedTLS transport over the POSIX TCP
 * transport, to the provider simulator on loopback TLS. One XML-RPC call
 * (Plesk) and one JSON call (SMS Partner), the second on the same
 * connection. Needs the ctest fixtures "certs" and "sim".
 *   e2e_tls PORT_FILE CA_PEM
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "provkit/plesk.h"
#include "provkit/smspartner.h"
#include "load_ca.h"
#include "provkit_posix.h"

static const char *port_file, *ca_pem;
static char base[128];

/* Counts connects of the TCP transport under TLS: proves keep-alive. */
static provkit_transport_t tcp_vt;
static int connects;
static int counting_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    connects++;
    return tcp_vt.connect(ctx, host, port, timeout_ms);
}

static provkit_posix_tcp_t tcp;
static provkit_tls_t tls;
static provkit_transport_t counted, secure;
static provkit_client_t client;
static uint8_t recv_buf[1024];
static provkit_workspace_t ws;

static int setup(void **state)
{
    (void)state;
    char port[16] = {0};
    FILE *f = fopen(port_file, "r");
    if (f == NULL || fgets(port, sizeof port, f) == NULL) {
        return -1;
    }
    fclose(f);
    port[strcspn(port, "\r\n")] = '\0';
    /* a simulator session of our own: no other test sees these accounts */
    snprintf(base, sizeof base, "https://localhost:%s/s/e2e-%ld", port, (long)getpid());
    if (provkit_posix_tcp_init(&tcp, &tcp_vt) != PROVKIT_OK) {
        return -1;
    }
    counted = tcp_vt;
    counted.connect = counting_connect;
    if (provkit_tls_init(&tls, &counted, provkit_posix_now_ms, &secure) != PROVKIT_OK ||
        test_load_ca(&tls, ca_pem) != PROVKIT_OK) {
        return -1;
    }
    return provkit_client_init(&client, &secure, provkit_posix_now_ms, recv_buf, sizeof recv_buf);
}

static int teardown(void **state)
{
    (void)state;
    provkit_client_close(&client);
    provkit_tls_free(&tls);
    return 0;
}

static void test_xmlrpc_then_json_on_one_connection(void **state)
{
    (void)state;
    char url[192];

    provkit_plesk_request_t p;
    memset(&p, 0, sizeof p);
    p.auth_login = "sim-api";
    p.auth_password = "sim-secret";
    p.login = "e2e_jdoe";
    p.password = "Secr3t & <pass>";
    p.first_name = "Zoé";
    p.last_name = "O'Hara";
    p.company = "Example, Inc.";
    p.address = "Examplestreet 22";
    p.email = "e2e.jdoe@example.com";
    p.phone = "703 973 2323";
    p.city = "Example City";
    p.state = "Virginia";
    p.zip = "20171-1234";
    p.country = "US";
    snprintf(url, sizeof url, "%s/RPC2", base);
    provkit_endpoint_t ep;
    assert_int_equal(provkit_endpoint_init(&ep, url, 10000), PROVKIT_OK);
    provkit_plesk_result_t pr;
    int rc = provkit_plesk_create(&client, &ep, &p, &ws, &pr);
    if (rc != PROVKIT_OK) {
        fail_msg("plesk: %d %s (%s)", rc, provkit_strerror(rc), pr.outcome.message);
    }
    assert_int_equal(pr.outcome.code, 100);
    assert_string_equal(pr.login, "e2e_jdoe");
    assert_true(pr.client_id[0] != '\0');
    assert_int_equal(connects, 1);

    provkit_smspartner_request_t s;
    memset(&s, 0, sizeof s);
    s.api_key = "sim-sms-key";
    s.type = "advanced";
    s.email = "e2e.sms@example.com";
    s.is_buyer = "1";
    s.credit_to_attribute = "10";
    s.firstname = "Zoé";
    snprintf(url, sizeof url, "%s/v1/subaccount/create", base);
    /* the URL's text changed: its endpoint is set up again */
    assert_int_equal(provkit_endpoint_init(&ep, url, 10000), PROVKIT_OK);
    provkit_smspartner_result_t sr;
    rc = provkit_smspartner_create(&client, &ep, &s, &ws, &sr);
    if (rc != PROVKIT_OK) {
        fail_msg("smspartner: %d %s (%s)", rc, provkit_strerror(rc), sr.outcome.message);
    }
    assert_int_equal(sr.outcome.code, 200);
    assert_string_equal(sr.email, "e2e.sms@example.com");
    assert_true(sr.token[0] != '\0');
    /* the JSON call went over the connection the XML-RPC call opened */
    assert_int_equal(connects, 1);

    /* and a refusal comes back on it too: the same e-mail again */
    rc = provkit_smspartner_create(&client, &ep, &s, &ws, &sr);
    assert_int_equal(rc, PROVKIT_ERR_PROVIDER);
    assert_int_equal(sr.outcome.code, 7);
    assert_int_equal(sr.outcome.category, PROVKIT_CAT_EXISTS);
    assert_int_equal(sr.outcome.http_status, 400);
    assert_int_equal(connects, 1);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: e2e_tls PORT_FILE CA_PEM\n");
        return 2;
    }
    port_file = argv[1];
    ca_pem = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmlrpc_then_json_on_one_connection),
    };
    return cmocka_run_group_tests_name("e2e_tls", tests, setup, teardown);
}
