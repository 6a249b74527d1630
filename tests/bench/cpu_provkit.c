/* SPDX-License-Identifier: Apache-2.0 */
/*
 * provkit's side of tests/bench/cpu.sh: N create calls of one provider over
 * ONE kept plain-TCP connection (the POSIX port, no TLS), everything static
 * (no heap), each call checked to have created the account.
 *   cpu_provkit plesk|smspartner|oempro N URL
 * The first call connects; the others reuse the connection and run in
 * steady_calls(), a function of their own, so that callgrind can collect
 * them alone (--toggle-collect=steady_calls) for the per-function
 * breakdown. The request fields are the seeds' examples; the anchors
 * (cpu_anchor_plesk.c, cpu_anchor_json.c) send the same ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provkit/account.h"
#include "provkit_posix.h"

static provkit_posix_tcp_t tcp;
static provkit_transport_t transport;
static provkit_client_t client;
static uint8_t rx[2048];
static provkit_workspace_t ws;
static provkit_endpoint_t ep;

static const provkit_plesk_request_t plesk_req = {
    .auth_login = "API_LOGIN",
    .auth_password = "API_PASSWORD",
    .login = "CLIENT_LOGIN",
    .password = "CLIENT_PASSWORD",
    .first_name = "John",
    .last_name = "Doe",
    .company = "Example, Inc.",
    .email = "jdoe@example.com",
    .address = "Examplestreet 22",
    .phone = "703 973 2323",
    .fax = "703 943 3434",
    .city = "Example City",
    .state = "Virginia",
    .zip = "20171",
    .country = "US",
};
static const provkit_smspartner_request_t sms_req = {
    .api_key = "VOTRE_APIKEY",
    .type = "advanced",
    .email = "aaaa@bbb.ccc",
    .credit_to_attribute = "10",
    .is_buyer = "0",
    .firstname = "prenom",
    .lastname = "nom",
};
static const provkit_oempro_request_t oempro_req = {
    .session_id = "0123456789abcdef0123456789abcdef",
    .client_username = "jdoe",
    .client_password = "CLIENT_PASSWORD",
    .client_email_address = "jdoe@example.com",
    .client_name = "John Doe",
};

static provkit_plesk_result_t plesk_res;
static provkit_smspartner_result_t sms_res;
static provkit_oempro_result_t oempro_res;

static int which; /* 0 plesk, 1 smspartner, 2 oempro */

/* One create; 0 when the account was created with the answer's fields. */
static int create_once(void)
{
    switch (which) {
    case 0:
        return provkit_plesk_create(&client, &ep, &plesk_req, &ws, &plesk_res) != PROVKIT_OK ||
               strcmp(plesk_res.client_id, "1401588") != 0;
    case 1:
        return provkit_smspartner_create(&client, &ep, &sms_req, &ws, &sms_res) != PROVKIT_OK ||
               strcmp(sms_res.token, "token") != 0;
    default:
        return provkit_oempro_create(&client, &ep, &oempro_req, &ws, &oempro_res) != PROVKIT_OK ||
               oempro_res.client_id != 42;
    }
}

__attribute__((noinline)) static int steady_calls(long n)
{
    int bad = 0;
    for (long i = 0; i < n; i++) {
        bad |= create_once();
    }
    return bad;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: cpu_provkit plesk|smspartner|oempro N URL\n");
        return 2;
    }
    which = !strcmp(argv[1], "plesk") ? 0 : !strcmp(argv[1], "smspartner") ? 1
          : !strcmp(argv[1], "oempro") ? 2 : -1;
    long n = atol(argv[2]);
    if (which < 0 || n < 1) {
        fprintf(stderr, "cpu_provkit: bad provider or N\n");
        return 2;
    }
    /* the URL parsed once, as an application sets its endpoint up;
     * valgrind is slow: nothing here may time out */
    if (provkit_endpoint_init(&ep, argv[3], 60000) != PROVKIT_OK) {
        return 2;
    }
    provkit_posix_tcp_init(&tcp, &transport);
    if (provkit_client_init(&client, &transport, provkit_posix_now_ms, rx, sizeof rx) !=
        PROVKIT_OK) {
        return 2;
    }
    provkit_client_set_idle_max(&client, 600000); /* keep the one connection */
    int bad = create_once();
    bad |= steady_calls(n - 1);
    provkit_client_close(&client);
    if (bad) {
        fprintf(stderr, "cpu_provkit: a %s create did not succeed\n", argv[1]);
        return 1;
    }
    return 0;
}
