/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - a program built against an installed provkit (tests/consumer):
 * the headers, the three libraries and their version, used for real. A TLS
 * client is set up over the POSIX port, and a create that the provider's
 * rules refuse is answered locally, nothing sent. Exit 0 when all is as
 * documented.
 */
#include <stdio.h>
#include <string.h>

#include "provkit/account.h"
#include "provkit/version.h"
#include "provkit_mbedtls.h"
#include "provkit_posix.h"

static provkit_posix_tcp_t tcp;
static provkit_tls_t tls;
static provkit_client_t client;
static provkit_workspace_t ws;
static provkit_account_result_t res;
static uint8_t rx[1024];

int main(void)
{
    provkit_transport_t plain, secure;
    provkit_endpoint_t ep;
    const provkit_account_t acct = {.login = "ann", .password = "pw-Secret-1",
                                    .email = "not an address", .first_name = "Ann",
                                    .last_name = "Lee", .country = "US"};
    const provkit_credentials_t cred = {.api_key = "k"};
    const provkit_account_options_t opt = {.sms_type = "advanced", .is_buyer = "1"};

    printf("provkit %s (%d.%d.%d)\n", PROVKIT_VERSION_STRING, PROVKIT_VERSION_MAJOR,
           PROVKIT_VERSION_MINOR, PROVKIT_VERSION_PATCH);
    if (provkit_posix_tcp_init(&tcp, &plain) != PROVKIT_OK ||
        provkit_tls_init(&tls, &plain, provkit_posix_now_ms, &secure) != PROVKIT_OK ||
        provkit_client_init(&client, &secure, provkit_posix_now_ms, rx, sizeof rx) != PROVKIT_OK ||
        provkit_endpoint_init(&ep, "https://192.0.2.1/v1/subaccount/create", 1000) != PROVKIT_OK) {
        puts("set-up failed");
        return 1;
    }
    int rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &ep, &acct, &cred,
                                    &opt, &ws, &res);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    printf("create: %s, field %s, sent %d\n", provkit_strerror(rc),
           o->field != NULL ? o->field : "-", (int)o->request_sent);
    provkit_tls_free(&tls);
    return rc == PROVKIT_ERR_INVALID_FIELD && !o->request_sent && o->field != NULL &&
                   strcmp(o->field, "email") == 0
               ? 0
               : 1;
}
