/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the JSON writer (provkit_jw_*).
 *
 * `test_json_writer --emit` prints an SMS Partner body full of hostile
 * values instead of running the tests; the json.python_readback ctest pipes
 * it into Python's json.loads and compares every value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "json_reader.h"

/* The SMS Partner body of the seed (002), built the way the provider layer
 * will: from the caller's (ptr, len) strings. */
static void sms_body(provkit_json_writer_t *jw, const char *key, const char *email,
                     const char *first, const char *last)
{
    provkit_jw_object_begin(jw);
    provkit_jw_key_str(jw, "apiKey", key, strlen(key));
    provkit_jw_key_str(jw, "type", "advanced", 8);
    provkit_jw_key_object(jw, "parameters");
    provkit_jw_key_str(jw, "email", email, strlen(email));
    provkit_jw_key_i64(jw, "creditToAttribute", 10);
    provkit_jw_key_i64(jw, "isBuyer", 0);
    provkit_jw_key_str(jw, "firstname", first, strlen(first));
    provkit_jw_key_str(jw, "lastname", last, strlen(last));
    provkit_jw_object_end(jw);
    provkit_jw_object_end(jw);
}

static const char hostile_key[] = "k&e=y+1%<>\"'\\/";
static const char hostile_email[] = "a\"b\\c@d.e\x01\x1f\x7f";
static const char hostile_first[] = "Ren\xc3\xa9" "e \xe2\x82\xac \xf0\x9f\x98\x80 \t\r\n\b\f";
static const char hostile_last[] = "O'Brien</script>&amp;%41+=";

static void test_sms_body_exact(void **state)
{
    (void)state;
    char buf[256];
    provkit_writer_t w;
    provkit_json_writer_t jw;

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, "YOUR API KEY", "aaaa@bbb.ccc", "prenom", "nom");
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_string_equal(buf,
        "{\"apiKey\":\"YOUR API KEY\",\"type\":\"advanced\",\"parameters\":"
        "{\"email\":\"aaaa@bbb.ccc\",\"creditToAttribute\":10,\"isBuyer\":0,"
        "\"firstname\":\"prenom\",\"lastname\":\"nom\"}}");
}

static void test_sms_body_hostile(void **state)
{
    (void)state;
    char buf[512];
    provkit_writer_t w;
    provkit_json_writer_t jw;

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, hostile_key, hostile_email, hostile_first, hostile_last);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_string_equal(buf,
        "{\"apiKey\":\"k&e=y+1%<>\\\"'\\\\/\",\"type\":\"advanced\",\"parameters\":"
        "{\"email\":\"a\\\"b\\\\c@d.e\\u0001\\u001F\\u007F\",\"creditToAttribute\":10,"
        "\"isBuyer\":0,\"firstname\":\"Ren\xc3\xa9" "e \xe2\x82\xac \xf0\x9f\x98\x80 "
        "\\u0009\\u000D\\u000A\\u0008\\u000C\",\"lastname\":\"O'Brien</script>&amp;%41+=\"}}");
}

/* Every control character is escaped, and the result reads back. */
static void test_every_control_char(void **state)
{
    (void)state;
    for (unsigned c = 1; c < 0x20; c++) {
        char in[3] = {'a', (char)c, 'b'};
        char buf[32];
        char expect[32];
        provkit_writer_t w;
        provkit_json_writer_t jw;
        provkit_json_t doc;
        provkit_json_token_t tok[2];
        char dec[8];

        provkit_writer_init(&w, buf, sizeof buf);
        provkit_jw_init(&jw, &w);
        provkit_jw_str(&jw, in, 3);
        assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
        assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
        snprintf(expect, sizeof expect, "\"a\\u%04X\"", c);
        expect[8] = 'b';
        expect[9] = '"';
        expect[10] = '\0';
        assert_string_equal(buf, expect);
        assert_int_equal(provkit_json_parse(&doc, buf, strlen(buf), tok, 2), PROVKIT_OK);
        assert_int_equal(provkit_json_string(&doc, 0, dec, sizeof dec, NULL), PROVKIT_OK);
        assert_memory_equal(dec, in, 3);
    }
}

static void test_nesting_and_values(void **state)
{
    (void)state;
    char buf[256];
    provkit_writer_t w;
    provkit_json_writer_t jw;

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    provkit_jw_object_begin(&jw);
    provkit_jw_key_array(&jw, "a");
    provkit_jw_i64(&jw, INT64_MIN);
    provkit_jw_i64(&jw, INT64_MAX);
    provkit_jw_bool(&jw, true);
    provkit_jw_bool(&jw, false);
    provkit_jw_null(&jw);
    provkit_jw_str(&jw, "", 0);
    provkit_jw_str(&jw, NULL, 0);
    provkit_jw_object_begin(&jw);
    provkit_jw_object_end(&jw);
    provkit_jw_array_begin(&jw);
    provkit_jw_array_end(&jw);
    provkit_jw_object_begin(&jw);
    provkit_jw_key_bool(&jw, "t", true);
    provkit_jw_key_bool(&jw, "f", false);
    provkit_jw_key_null(&jw, "n");
    provkit_jw_object_end(&jw);
    provkit_jw_array_end(&jw);
    provkit_jw_key_object(&jw, "e");
    provkit_jw_object_end(&jw);
    provkit_jw_key_array(&jw, "\"q\"");
    provkit_jw_array_end(&jw);
    provkit_jw_object_end(&jw);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_string_equal(buf, "{\"a\":[-9223372036854775808,9223372036854775807,true,false,"
                             "null,\"\",\"\",{},[],{\"t\":true,\"f\":false,\"n\":null}],"
                             "\"e\":{},\"\\\"q\\\"\":[]}");
}

static void test_top_level_scalars(void **state)
{
    (void)state;
    char buf[32];
    provkit_writer_t w;
    provkit_json_writer_t jw;

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    provkit_jw_i64(&jw, -7);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    provkit_writer_finish(&w);
    assert_string_equal(buf, "-7");

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    provkit_jw_str(&jw, "x", 1);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    provkit_writer_finish(&w);
    assert_string_equal(buf, "\"x\"");
}

static int collect(void *ctx, const char *data, size_t len)
{
    char *dst = ctx;
    size_t have = strlen(dst);
    memcpy(dst + have, data, len);
    dst[have + len] = '\0';
    return PROVKIT_OK;
}

/* The same document in the three writer modes: counting gives the exact
 * length, the buffer and the stream give the same bytes. */
static void test_modes_agree(void **state)
{
    (void)state;
    char buf[512];
    char small[7];
    char streamed[512] = "";
    provkit_writer_t w;
    provkit_json_writer_t jw;
    size_t counted;

    provkit_writer_init(&w, NULL, 0);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, hostile_key, hostile_email, hostile_first, hostile_last);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    counted = provkit_writer_total(&w);

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, hostile_key, hostile_email, hostile_first, hostile_last);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_int_equal(strlen(buf), counted);

    provkit_writer_init_stream(&w, small, sizeof small, collect, streamed);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, hostile_key, hostile_email, hostile_first, hostile_last);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_string_equal(streamed, buf);
    assert_int_equal(provkit_writer_total(&w), counted);
}

/* A buffer one byte short never gets written past, and the status says how
 * many bytes the body needs; exactly that many succeeds. */
static void test_overflow_reports_needed(void **state)
{
    (void)state;
    char buf[256];
    provkit_writer_t w;
    provkit_json_writer_t jw;
    size_t need;

    provkit_writer_init(&w, NULL, 0);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, "K", "a@b.c", "p", "n");
    need = provkit_writer_total(&w);

    memset(buf, 'X', sizeof buf);
    provkit_writer_init(&w, buf, need - 1);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, "K", "a@b.c", "p", "n");
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(provkit_writer_total(&w), need);
    assert_int_equal(buf[need - 1], 'X');
    assert_int_equal(buf[need], 'X');

    provkit_writer_init(&w, buf, need);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, "K", "a@b.c", "p", "n");
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    assert_int_equal(provkit_writer_total(&w), need);
}

static void test_invalid_utf8_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\0b",
    };
    static const size_t badlen[] = {1, 1, 2, 3, 4, 3};
    char buf[64];
    provkit_writer_t w;
    provkit_json_writer_t jw;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        provkit_writer_init(&w, buf, sizeof buf);
        provkit_jw_init(&jw, &w);
        provkit_jw_object_begin(&jw);
        provkit_jw_key_str(&jw, "v", bad[i], badlen[i]);
        provkit_jw_object_end(&jw);
        assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_INVALID_FIELD);
    }
    /* a key is escaped and checked like a value */
    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    provkit_jw_object_begin(&jw);
    provkit_jw_key_i64(&jw, "\xff", 1);
    provkit_jw_object_end(&jw);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_INVALID_FIELD);
}

typedef void (*misuse_fn)(provkit_json_writer_t *jw);

static void m_value_in_object(provkit_json_writer_t *jw)
{
    provkit_jw_object_begin(jw);
    provkit_jw_i64(jw, 1);
    provkit_jw_object_end(jw);
}
static void m_key_at_top(provkit_json_writer_t *jw) { provkit_jw_key_i64(jw, "a", 1); }
static void m_key_in_array(provkit_json_writer_t *jw)
{
    provkit_jw_array_begin(jw);
    provkit_jw_key_str(jw, "a", "b", 1);
    provkit_jw_array_end(jw);
}
static void m_two_top_values(provkit_json_writer_t *jw)
{
    provkit_jw_object_begin(jw);
    provkit_jw_object_end(jw);
    provkit_jw_object_begin(jw);
    provkit_jw_object_end(jw);
}
static void m_wrong_close(provkit_json_writer_t *jw)
{
    provkit_jw_object_begin(jw);
    provkit_jw_array_end(jw);
}
static void m_close_nothing(provkit_json_writer_t *jw) { provkit_jw_object_end(jw); }
static void m_unclosed(provkit_json_writer_t *jw)
{
    provkit_jw_array_begin(jw);
    provkit_jw_i64(jw, 1);
}
static void m_nothing(provkit_json_writer_t *jw) { (void)jw; }
static void m_null_key(provkit_json_writer_t *jw)
{
    provkit_jw_object_begin(jw);
    provkit_jw_key_null(jw, NULL);
    provkit_jw_object_end(jw);
}
static void m_null_string(provkit_json_writer_t *jw) { provkit_jw_str(jw, NULL, 2); }

static void test_misuse(void **state)
{
    (void)state;
    static const struct {
        misuse_fn fn;
        int expect;
    } cases[] = {
        {m_value_in_object, PROVKIT_ERR_ARG}, {m_key_at_top, PROVKIT_ERR_ARG},
        {m_key_in_array, PROVKIT_ERR_ARG},    {m_two_top_values, PROVKIT_ERR_ARG},
        {m_wrong_close, PROVKIT_ERR_ARG},     {m_close_nothing, PROVKIT_ERR_ARG},
        {m_unclosed, PROVKIT_ERR_ARG},        {m_nothing, PROVKIT_ERR_ARG},
        {m_null_key, PROVKIT_ERR_ARG},        {m_null_string, PROVKIT_ERR_ARG},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        provkit_writer_t w;
        provkit_json_writer_t jw;
        provkit_writer_init(&w, buf, sizeof buf);
        provkit_jw_init(&jw, &w);
        cases[i].fn(&jw);
        assert_int_equal(provkit_jw_finish(&jw), cases[i].expect);
    }
}

/* After the first error nothing more is written. */
static void test_errors_are_sticky(void **state)
{
    (void)state;
    char buf[64];
    provkit_writer_t w;
    provkit_json_writer_t jw;
    size_t at;

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    provkit_jw_object_begin(&jw);
    provkit_jw_i64(&jw, 1); /* misuse */
    at = provkit_writer_total(&w);
    provkit_jw_key_i64(&jw, "a", 1);
    provkit_jw_key_object(&jw, "b");
    provkit_jw_array_begin(&jw);
    provkit_jw_str(&jw, "x", 1);
    provkit_jw_array_end(&jw);
    provkit_jw_object_end(&jw);
    assert_int_equal(provkit_writer_total(&w), at);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_ARG);
}

static void test_null_arguments(void **state)
{
    (void)state;
    provkit_json_writer_t jw;

    provkit_jw_init(NULL, NULL);
    provkit_jw_init(&jw, NULL);
    provkit_jw_object_begin(&jw);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_jw_finish(NULL), PROVKIT_ERR_ARG);
    provkit_jw_object_begin(NULL);
    provkit_jw_object_end(NULL);
    provkit_jw_key_i64(NULL, "a", 1);
    provkit_jw_i64(NULL, 1);
}

/* PROVKIT_JSON_MAX_DEPTH containers are written (and read back); one more is
 * a LIMIT. */
static void test_depth_limit(void **state)
{
    (void)state;
    char buf[2 * PROVKIT_JSON_MAX_DEPTH + 8];
    provkit_json_token_t tok[PROVKIT_JSON_MAX_DEPTH];
    provkit_writer_t w;
    provkit_json_writer_t jw;
    provkit_json_t doc;

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    for (int i = 0; i < PROVKIT_JSON_MAX_DEPTH; i++) {
        provkit_jw_array_begin(&jw);
    }
    for (int i = 0; i < PROVKIT_JSON_MAX_DEPTH; i++) {
        provkit_jw_array_end(&jw);
    }
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_int_equal(strlen(buf), 2 * PROVKIT_JSON_MAX_DEPTH);
    assert_int_equal(provkit_json_parse(&doc, buf, strlen(buf), tok, PROVKIT_JSON_MAX_DEPTH),
                     PROVKIT_OK);

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    provkit_jw_object_begin(&jw);
    for (int i = 1; i < PROVKIT_JSON_MAX_DEPTH; i++) {
        provkit_jw_key_object(&jw, "k");
    }
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_ARG); /* unclosed, not over */
    provkit_jw_key_array(&jw, "k");
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_LIMIT);
}

/* A number given as text goes out as written, only if it is a JSON number. */
static void test_key_number(void **state)
{
    (void)state;
    static const char *const good[] = {"10", "12.50", "-0", "0.5", "1e5", "-1E-2", "3.0e+10"};
    static const char *const bad[] = {"", "01", "1.", ".5", "+1", "1e", "1e+", "-", "NaN",
                                      " 1", "1 ", "0x10", "1,5", "--1"};
    char buf[64];
    char expect[64];
    provkit_writer_t w;
    provkit_json_writer_t jw;

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        provkit_writer_init(&w, buf, sizeof buf);
        provkit_jw_init(&jw, &w);
        provkit_jw_object_begin(&jw);
        provkit_jw_key_number(&jw, "n", good[i], strlen(good[i]));
        provkit_jw_object_end(&jw);
        assert_int_equal(provkit_jw_finish(&jw), PROVKIT_OK);
        provkit_writer_finish(&w);
        snprintf(expect, sizeof expect, "{\"n\":%s}", good[i]);
        assert_string_equal(buf, expect);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        provkit_writer_init(&w, buf, sizeof buf);
        provkit_jw_init(&jw, &w);
        provkit_jw_object_begin(&jw);
        provkit_jw_key_number(&jw, "n", bad[i], strlen(bad[i]));
        assert_int_equal(provkit_writer_total(&w), 1); /* nothing half-written */
        provkit_jw_object_end(&jw);
        assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_INVALID_FIELD);
    }
    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    provkit_jw_object_begin(&jw);
    provkit_jw_key_number(&jw, "n", NULL, 0);
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_INVALID_FIELD);
    provkit_jw_key_number(NULL, "n", "1", 1);
    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    provkit_jw_key_number(&jw, "n", "1", 1); /* no object open */
    assert_int_equal(provkit_jw_finish(&jw), PROVKIT_ERR_ARG);
}

static int emit(void)
{
    char buf[512];
    provkit_writer_t w;
    provkit_json_writer_t jw;

    provkit_writer_init(&w, buf, sizeof buf);
    provkit_jw_init(&jw, &w);
    sms_body(&jw, hostile_key, hostile_email, hostile_first, hostile_last);
    if (provkit_jw_finish(&jw) != PROVKIT_OK || provkit_writer_finish(&w) != PROVKIT_OK) {
        return 1;
    }
    fwrite(buf, 1, provkit_writer_total(&w), stdout);
    /* What each value must read back as, in document order, as hex. */
    {
        const char *const values[] = {hostile_key, "advanced", hostile_email, "10", "0",
                                      hostile_first, hostile_last};
        putchar('\n');
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
            for (const char *c = values[i]; *c != '\0'; c++) {
                printf("%02x", (unsigned)(unsigned char)*c);
            }
            putchar(' ');
        }
        putchar('\n');
    }
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sms_body_exact),
        cmocka_unit_test(test_sms_body_hostile),
        cmocka_unit_test(test_every_control_char),
        cmocka_unit_test(test_nesting_and_values),
        cmocka_unit_test(test_top_level_scalars),
        cmocka_unit_test(test_modes_agree),
        cmocka_unit_test(test_overflow_reports_needed),
        cmocka_unit_test(test_invalid_utf8_refused),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_errors_are_sticky),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_key_number),
    };
    if (argc == 2 && strcmp(argv[1], "--emit") == 0) {
        return emit();
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
