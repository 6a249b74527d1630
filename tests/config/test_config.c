/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Providers compiled in and out (provkit/config.h): built once per
 * configuration (tests/CMakeLists.txt: one provider alone, and none) against
 * a core built the same way. The unified call answers
 * PROVKIT_ERR_UNSUPPORTED for a provider compiled out, in its status and its
 * outcome, without touching the client; a provider compiled in runs (here
 * up to its local refusal, nothing sent); the workspace holds JSON tokens
 * only with a JSON provider.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/account.h"

static const struct {
    provkit_provider_t p;
    int in;
} providers[] = {
    {PROVKIT_PROVIDER_OEMPRO, PROVKIT_WITH_OEMPRO},
    {PROVKIT_PROVIDER_PLESK, PROVKIT_WITH_PLESK},
    {PROVKIT_PROVIDER_SMSPARTNER, PROVKIT_WITH_SMSPARTNER},
};

static void test_unified_call(void **state)
{
    (void)state;
    static provkit_client_t client;     /* never used: nothing is sent */
    static provkit_workspace_t ws;
    static provkit_account_result_t res;
    provkit_endpoint_t ep = {.url = "https://127.0.0.1:1/", .timeout_ms = 1000};
    provkit_account_t acct;
    memset(&acct, 0, sizeof acct); /* nothing given: every provider refuses it */
    for (size_t i = 0; i < sizeof providers / sizeof providers[0]; i++) {
        memset(&res, 0xA5, sizeof res);
        int rc = provkit_create_account(providers[i].p, &client, &ep, &acct, NULL, NULL, &ws,
                                        &res);
        const provkit_outcome_t *o = provkit_account_outcome(&res);
        assert_int_equal(res.provider, providers[i].p);
        assert_int_equal(o->status, rc);
        assert_false(o->request_sent);
        if (providers[i].in) {
            assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
            assert_true(o->local);
            assert_non_null(o->field);
        } else {
            assert_int_equal(rc, PROVKIT_ERR_UNSUPPORTED);
            assert_int_equal(o->cause, PROVKIT_ERR_UNSUPPORTED);
            assert_false(o->has_code);
            assert_non_null(strstr(o->message, "not compiled in"));
        }
    }
}

static void test_workspace(void **state)
{
    (void)state;
    provkit_workspace_t ws;
    size_t scan = sizeof ws.scan;
    size_t own = sizeof ws.scan.xml > sizeof ws.scan.measured ? sizeof ws.scan.xml
                                                               : sizeof ws.scan.measured;
    assert_true(offsetof(provkit_workspace_t, scan) >=
                offsetof(provkit_workspace_t, body) + PROVKIT_RESPONSE_MAX);
#if PROVKIT_WITH_JSON
    assert_true(scan >= PROVKIT_JSON_TOKENS * sizeof(provkit_json_token_t));
    assert_true(scan >= own);
#else
    /* no token space: the scanner's room is the XML scanner's or the
     * measured values' (padding aside) */
    assert_true(scan >= own && scan < own + sizeof(void *));
#endif
    assert_true(sizeof ws >= offsetof(provkit_workspace_t, scan) + scan);
}

/* With PROVKIT_CONFIG_FILE, its values hold for the library (what the
 * unified call answered above) and for the program (the structs). */
static void test_config_file(void **state)
{
    (void)state;
#ifdef PROVKIT_TEST_CONFIG_FILE
    assert_int_equal(PROVKIT_WITH_SMSPARTNER, 0);
    assert_int_equal(sizeof(((provkit_outcome_t *)0)->message), 96);
    assert_int_equal(sizeof(((provkit_workspace_t *)0)->body), 1024);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unified_call),
        cmocka_unit_test(test_workspace),
        cmocka_unit_test(test_config_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
