/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - a firmware image that provisions: one account on each provider,
 * over TLS (mbedTLS 3.6, a static arena, no heap anywhere), through a modem
 * on the board's UART (modem.h). Every outcome and the image's own figures
 * go to the board's console as lines:
 *     create PROVIDER: STATUS (code N) MESSAGE
 *     fw_tls_arena_peak=N    (mbedTLS's own accounting of its arena)
 *     fw_tls_arena_blocks=N
 *     fw_stack_peak=N        (the painted stack, read back after the calls)
 * The endpoints' host and port, and the CA, come from fw_site.h, which the
 * build writes (tests/firmware/run.py points them at the simulator).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/platform.h"

#include "board/board.h"
#include "fw_site.h"
#include "modem.h"
#include "provkit/account.h"
#include "provkit_mbedtls.h"

#ifndef FW_ARENA_SIZE
#define FW_ARENA_SIZE (40u * 1024u)
#endif

/* Everything the firmware holds is here: RAM is what the linker map says. */
__attribute__((section(".arena"))) static unsigned char arena[FW_ARENA_SIZE];
static modem_t modem;
static provkit_tls_t tls;
static provkit_client_t client;
static provkit_workspace_t ws;
static provkit_account_result_t res;
static uint8_t recv_buf[1024];

/* mbedTLS's platform calloc/free before the arena is set up: nothing
 * (MBEDTLS_PLATFORM_STD_CALLOC/FREE in mbedtls_firmware_config.h), so no
 * libc allocator is ever linked. */
void *fw_no_calloc(size_t n, size_t size);
void fw_no_free(void *p);
void *fw_no_calloc(size_t n, size_t size)
{
    (void)n;
    (void)size;
    return NULL;
}
void fw_no_free(void *p) { (void)p; }

/* ---- the console: text and numbers, no stdio ---- */
static char line[200];
static size_t line_len;

static void put(const char *s)
{
    while (*s != '\0' && line_len < sizeof line - 2) {
        line[line_len++] = *s++;
    }
}

static void put_num(long v)
{
    char d[12];
    size_t n = 0;
    unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;
    if (v < 0) {
        put("-");
    }
    do {
        d[n++] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u != 0u);
    while (n > 0) {
        char c[2] = {d[--n], '\0'};
        put(c);
    }
}

static void end_line(void)
{
    line[line_len++] = '\n';
    line[line_len] = '\0';
    board_print(line);
    line_len = 0;
}

/* ---- one create per provider ---- */
static const char *status_name(int s)
{
    switch (s) {
    case PROVKIT_OK: return "created";
    case PROVKIT_ERR_PROVIDER: return "rejected";
    case PROVKIT_ERR_INVALID_FIELD: return "invalid";
    case PROVKIT_ERR_OUTCOME_UNKNOWN: return "unknown_outcome";
    default: return provkit_strerror(s);
    }
}

static int create(provkit_provider_t p, const char *path)
{
    static const provkit_account_t acct = {
        .login = "fwuser", .password = "fw-Secret-1", .email = "fw@example.com",
        .first_name = "Ann", .last_name = "Lee", .display_name = "Firmware Client",
        .company = "Acme", .address = "1 Main Street", .phone = "+1 703 555 0100",
        .city = "Herndon", .zip = "20171", .state = "Virginia", .country = "US",
    };
    /* each provider's own credentials (Oempro reads api_key before
     * session_id, SMS Partner api_key) */
    static const provkit_credentials_t creds[] = {
        [PROVKIT_PROVIDER_OEMPRO] = {.session_id = "sim-session"},
        [PROVKIT_PROVIDER_PLESK] = {.api_login = "sim-api", .api_password = "sim-secret"},
        [PROVKIT_PROVIDER_SMSPARTNER] = {.api_key = "sim-sms-key"},
    };
    static const provkit_account_options_t opt = {.sms_type = "advanced", .is_buyer = "1"};
    static char url[160];
    provkit_endpoint_t ep;

    /* https://HOST:PORT/s/fw/PATH: a simulator session of the firmware's own */
    size_t n = 0;
    const char *parts[] = {"https://", FW_SITE_HOST, ":", FW_SITE_PORT, "/s/fw", path};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        size_t l = strlen(parts[i]);
        memcpy(url + n, parts[i], l);
        n += l;
    }
    url[n] = '\0';
    if (provkit_endpoint_init(&ep, url, 30000) != PROVKIT_OK) {
        return PROVKIT_ERR_URL;
    }
    int rc = provkit_create_account(p, &client, &ep, &acct, &creds[p], &opt, &ws, &res);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    put("create ");
    put(provkit_provider_name(p));
    put(": ");
    put(status_name(o->status));
    if (o->has_code) {
        put(" (code ");
        put_num(o->code);
        put(")");
    }
    put(" ");
    put(o->message);
    end_line();
    return rc;
}

int main(void)
{
    provkit_transport_t link, secure;
    size_t used = 0, blocks = 0;
    int failed = 0;

    board_init();
    mbedtls_memory_buffer_alloc_init(arena, sizeof arena);
    modem_init(&modem, board_now_ms, &link);
    if (provkit_tls_init(&tls, &link, board_now_ms, &secure) != PROVKIT_OK ||
        provkit_tls_ca_pem(&tls, fw_site_ca, sizeof fw_site_ca) != PROVKIT_OK ||
        provkit_client_init(&client, &secure, board_now_ms, recv_buf, sizeof recv_buf) !=
            PROVKIT_OK) {
        put("setup failed: mbedTLS ");
        put_num(provkit_tls_last_error(&tls));
        end_line();
        return 1;
    }
    failed |= create(PROVKIT_PROVIDER_OEMPRO, "/api.php") != PROVKIT_OK;
    failed |= create(PROVKIT_PROVIDER_PLESK, "/RPC2") != PROVKIT_OK;
    failed |= create(PROVKIT_PROVIDER_SMSPARTNER, "/v1/subaccount/create") != PROVKIT_OK;
    provkit_client_close(&client);
    provkit_tls_free(&tls);

    mbedtls_memory_buffer_alloc_max_get(&used, &blocks);
    put("fw_tls_arena_peak=");
    put_num((long)used);
    end_line();
    put("fw_tls_arena_blocks=");
    put_num((long)blocks);
    end_line();
    put("fw_stack_peak=");
    put_num((long)(board_stack_size() - board_stack_unused()));
    end_line();
    put("fw_arena_size=");
    put_num((long)sizeof arena);
    end_line();
    put("fw_stack_size=");
    put_num((long)board_stack_size());
    end_line();
    return failed;
}
