/* SPDX-License-Identifier: Apache-2.0 */
/*
 * baremetal.c - provkit with no OS, no heap, no sockets: the shape of a
 * firmware integration.
 *
 * The transport here is a stand-in for a modem UART: it swallows the
 * request and plays back the answer an SMS Partner server gives. Replace
 * modem_* with your driver (AT commands, an lwIP netconn, a Zephyr socket),
 * wrap it in port/mbedtls for TLS, and keep the rest as it is. Everything
 * is static: RAM use is what the linker map says.
 *
 * Host:      build/examples/baremetal            (exit 0 = created)
 * Cortex-M4: tests/bench/cross.sh links it with newlib's nosys specs and
 *            checks that no allocator is in the image.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "provkit/account.h"

/* ---- the board: a monotonic tick and a "modem" ---- */
static uint32_t ticks;
static uint32_t board_now_ms(void) { return ticks += 1; } /* a SysTick would do */

static const char modem_answer[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 162\r\n"
    "\r\n"
    "{\"success\":true,\"code\":200,\"subaccount\":{\"email\":\"kiosk@example.com\","
    "\"token\":\"t0k3n\"},\"sendConfirmMailTo\":\"kiosk@example.com\","
    "\"parent_email\":\"parent@example.com\"}";

struct modem {
    size_t sent;   /* request bytes taken */
    size_t played; /* answer bytes given back */
    int open;
};

static int modem_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    struct modem *m = ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    m->open = 1;
    m->sent = m->played = 0;
    return PROVKIT_OK;
}

static int32_t modem_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct modem *m = ctx;
    (void)buf;
    (void)timeout_ms;
    if (!m->open) {
        return PROVKIT_ERR_CLOSED;
    }
    size_t n = len > 64 ? 64 : len; /* a UART takes a little at a time */
    m->sent += n;
    return (int32_t)n;
}

static int32_t modem_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct modem *m = ctx;
    (void)timeout_ms;
    if (!m->open) {
        return PROVKIT_ERR_CLOSED;
    }
    size_t left = sizeof modem_answer - 1 - m->played;
    if (m->sent == 0 || left == 0) {
        return 0; /* nothing yet: "no progress", never "closed" */
    }
    size_t n = len < left ? len : left;
    n = n > 32 ? 32 : n;
    memcpy(buf, modem_answer + m->played, n);
    m->played += n;
    return (int32_t)n;
}

static void modem_close(void *ctx) { ((struct modem *)ctx)->open = 0; }

/* ---- provkit, all static ---- */
static struct modem modem;
static const provkit_transport_t modem_transport = {modem_connect, modem_send, modem_recv,
                                                    modem_close, &modem};
static provkit_client_t client;
static uint8_t rx[256];
static provkit_workspace_t ws;
static provkit_account_result_t result;

int main(void)
{
    /* what a person typed at the kiosk */
    static const provkit_account_t person = {
        .email = "kiosk@example.com",
        .first_name = "Zoé",
        .last_name = "Martin",
        .credit = "5",
    };
    static const provkit_credentials_t cred = {.api_key = "device-api-key"};
    static const provkit_endpoint_t ep = {
        .url = "http://api.smspartner.example/v1/subaccount/create", .timeout_ms = 5000};

    if (provkit_client_init(&client, &modem_transport, board_now_ms, rx, sizeof rx) != PROVKIT_OK) {
        return 10;
    }
    int rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &ep, &person, &cred,
                                    NULL, &ws, &result);
    provkit_client_close(&client);
    if (rc != PROVKIT_OK || strcmp(result.as.smspartner.token, "t0k3n") != 0) {
        return 1;
    }
    return 0;
}
