/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the status enum and provkit_strerror. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/errors.h"

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(provkit_strerror(PROVKIT_OK), "success");
    assert_string_equal(provkit_strerror(PROVKIT_ERR_BUFFER_TOO_SMALL), "buffer too small");
    assert_non_null(strstr(provkit_strerror(PROVKIT_ERR_OUTCOME_UNKNOWN), "outcome unknown"));
    assert_non_null(strstr(provkit_strerror(PROVKIT_INCOMPLETE), "incomplete"));
    assert_string_equal(provkit_strerror(-1000), "unknown status");
    assert_string_equal(provkit_strerror(2), "unknown status");
    /* every code in the enum has its own text */
    for (int s = PROVKIT_OK; s >= PROVKIT_ERR_TRUNCATED; s--) {
        assert_string_not_equal(provkit_strerror(s), "unknown status");
        for (int t = s - 1; t >= PROVKIT_ERR_TRUNCATED; t--) {
            assert_string_not_equal(provkit_strerror(s), provkit_strerror(t));
        }
    }
    assert_string_equal(provkit_strerror(PROVKIT_ERR_TRUNCATED - 1), "unknown status");
}

static void test_progress_is_positive_failures_negative(void **state)
{
    (void)state;
    assert_int_equal(PROVKIT_OK, 0);
    assert_true(PROVKIT_INCOMPLETE > 0);
    /* every failure is negative and they are dense, so the text table is too */
    static const int failures[] = {
        PROVKIT_ERR_ARG, PROVKIT_ERR_INVALID_FIELD, PROVKIT_ERR_BUFFER_TOO_SMALL,
        PROVKIT_ERR_LIMIT, PROVKIT_ERR_URL, PROVKIT_ERR_DNS, PROVKIT_ERR_NETWORK,
        PROVKIT_ERR_CLOSED, PROVKIT_ERR_TIMEOUT, PROVKIT_ERR_TLS, PROVKIT_ERR_TLS_VERIFY,
        PROVKIT_ERR_HTTP, PROVKIT_ERR_HTTP_STATUS, PROVKIT_ERR_MALFORMED, PROVKIT_ERR_PROTOCOL,
        PROVKIT_ERR_PROVIDER, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_FAULT, PROVKIT_ERR_RANGE,
        PROVKIT_ERR_NOT_FOUND, PROVKIT_ERR_UNSUPPORTED, PROVKIT_ERR_TRUNCATED,
    };
    for (size_t i = 0; i < sizeof failures / sizeof failures[0]; i++) {
        assert_int_equal(failures[i], -(int)(i + 1));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_progress_is_positive_failures_negative),
    };
    return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
