/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A minimal firmware image for tests/bench/footprint.sh: the core, a stub
 * transport and a stub clock, and a main that makes one create call. Built
 * once per image with one of
 *   -DIMAGE_ALL         provkit_create_account() (all three providers)
 *   -DIMAGE_OEMPRO      provkit_oempro_create() only
 *   -DIMAGE_PLESK       provkit_plesk_create() only
 *   -DIMAGE_SMSPARTNER  provkit_smspartner_create() only
 * Nothing here is counted in the figures (footprint.sh sums only what the
 * core's objects bring into the image); it exists so that the linker keeps
 * exactly what that call can reach. The stubs never answer, which does not
 * matter: no code is run, the image is only measured.
 *
 * With -DIMAGE_SIZES it is instead a data-only object whose symbols' sizes
 * (arm-none-eabi-nm -S) are the sizes of the caller's structs and of the
 * workspace's members on the target. It is never linked.
 */
#include <stddef.h>
#include <stdint.h>

#include "provkit/account.h"

#if defined(IMAGE_SIZES)
/* sizeof on the target, read back with nm -S: one object per figure (a
 * member the configuration leaves out has no object: size 0). */
char size_workspace[sizeof(provkit_workspace_t)];
char size_workspace_resp[sizeof(((provkit_workspace_t *)0)->resp)];
char size_workspace_body[sizeof(((provkit_workspace_t *)0)->body)];
char size_workspace_scan[sizeof(((provkit_workspace_t *)0)->scan)];
char size_workspace_xml[sizeof(((provkit_workspace_t *)0)->scan.xml)];
#if PROVKIT_WITH_JSON
char size_workspace_tokens[sizeof(((provkit_workspace_t *)0)->scan.tokens)];
#endif
char size_client[sizeof(provkit_client_t)];
char size_engine[sizeof(provkit_engine_t)];
char size_account_result[sizeof(provkit_account_result_t)];
#if PROVKIT_WITH_PLESK
char size_plesk_result[sizeof(provkit_plesk_result_t)];
#endif
#else

static int stub_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    return PROVKIT_ERR_NETWORK;
}

static int32_t stub_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    (void)buf;
    (void)timeout_ms;
    return (int32_t)len;
}

static int32_t stub_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    (void)buf;
    (void)len;
    (void)timeout_ms;
    return PROVKIT_ERR_CLOSED;
}

static void stub_close(void *ctx) { (void)ctx; }

static uint32_t stub_now_ms(void) { return 0; }

static const provkit_transport_t transport = {stub_connect, stub_send, stub_recv, stub_close,
                                              NULL};
static provkit_client_t client;
static uint8_t rx[256];
static provkit_workspace_t ws;
static const provkit_endpoint_t ep = {.url = "http://provider.example/create", .timeout_ms = 5000};

#if defined(IMAGE_ALL)
static provkit_account_result_t result;
/* Chosen at run time, so that no provider can be dropped. */
static volatile int which = PROVKIT_PROVIDER_PLESK;
static const provkit_account_t acct = {.login = "jdoe", .email = "jdoe@example.com"};
static const provkit_credentials_t cred = {.api_login = "api", .api_password = "secret"};
#elif defined(IMAGE_OEMPRO)
static provkit_oempro_result_t result;
static const provkit_oempro_request_t req = {.session_id = "s", .client_username = "jdoe"};
#elif defined(IMAGE_PLESK)
static provkit_plesk_result_t result;
static const provkit_plesk_request_t req = {.auth_login = "api", .login = "jdoe"};
#elif defined(IMAGE_SMSPARTNER)
static provkit_smspartner_result_t result;
static const provkit_smspartner_request_t req = {.api_key = "k", .type = "advanced"};
#else
#error "define one of IMAGE_ALL, IMAGE_OEMPRO, IMAGE_PLESK, IMAGE_SMSPARTNER, IMAGE_SIZES"
#endif

int main(void)
{
    int rc;
    if (provkit_client_init(&client, &transport, stub_now_ms, rx, sizeof rx) != PROVKIT_OK) {
        return 10;
    }
#if defined(IMAGE_ALL)
    rc = provkit_create_account((provkit_provider_t)which, &client, &ep, &acct, &cred, NULL, &ws,
                                &result);
#elif defined(IMAGE_OEMPRO)
    rc = provkit_oempro_create(&client, &ep, &req, &ws, &result);
#elif defined(IMAGE_PLESK)
    rc = provkit_plesk_create(&client, &ep, &req, &ws, &result);
#elif defined(IMAGE_SMSPARTNER)
    rc = provkit_smspartner_create(&client, &ep, &req, &ws, &result);
#endif
    provkit_client_close(&client);
    return rc == PROVKIT_OK ? 0 : 1;
}
#endif
