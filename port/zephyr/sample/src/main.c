/* SPDX-License-Identifier: Apache-2.0 */
/*
 * provkit's Zephyr sample: one SMS Partner account over TLS, through the
 * Zephyr sockets port (port/zephyr) and the TLS port (port/mbedtls).
 * Put your CA, endpoint and API key in place of the placeholders.
 */
#include <stdio.h>

#include <zephyr/kernel.h>

#include "provkit/smspartner.h"
#include "provkit_mbedtls.h"
#include "provkit_zephyr.h"

static const unsigned char ca_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "(the CA that signs your provider's certificate)\n"
    "-----END CERTIFICATE-----\n";

static provkit_zephyr_tcp_t tcp;
static provkit_tls_t tls;
static provkit_client_t client;
static provkit_workspace_t ws;
static provkit_smspartner_result_t res;
static uint8_t rx[1024];

int main(void)
{
    provkit_transport_t plain, secure;
    provkit_endpoint_t ep;
    provkit_smspartner_request_t req = {
        .api_key = "YOUR-API-KEY",
        .type = "advanced",
        .email = "device@example.com",
        .is_buyer = "0",
    };

    provkit_zephyr_tcp_init(&tcp, &plain);
    if (provkit_tls_init(&tls, &plain, provkit_zephyr_now_ms, &secure) != PROVKIT_OK ||
        provkit_tls_ca_pem(&tls, ca_pem, sizeof ca_pem) != PROVKIT_OK) {
        printf("provkit: TLS setup failed (mbedTLS -0x%04x)\n",
               (unsigned)-provkit_tls_last_error(&tls));
        return 0;
    }
    provkit_client_init(&client, &secure, provkit_zephyr_now_ms, rx, sizeof rx);
    provkit_endpoint_init(&ep, "https://api.smspartner.example/v1/subaccount/create", 15000);
    provkit_smspartner_create(&client, &ep, &req, &ws, &res);
    printf("provkit: %s (%s)\n", res.outcome.status == PROVKIT_OK ? "created" : "not created",
           res.outcome.message);
    provkit_client_close(&client);
    provkit_tls_free(&tls);
    return 0;
}
