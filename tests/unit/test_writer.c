/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the bounded writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/errors.h"
#include "provider_int.h"
#include "text.h"
#include "provkit/writer.h"

#define ESCAPED(fn, in, expect)                                                \
    do {                                                                       \
        char b_[256];                                                          \
        provkit_writer_t w_;                                                   \
        provkit_writer_init(&w_, b_, sizeof b_);                               \
        fn(&w_, in, sizeof(in) - 1);                                           \
        assert_int_equal(provkit_writer_finish(&w_), PROVKIT_OK);              \
        assert_string_equal(b_, expect);                                       \
        assert_int_equal(provkit_writer_total(&w_), strlen(expect));           \
    } while (0)

static void test_raw_and_numbers(void **state)
{
    (void)state;
    char buf[96];
    provkit_writer_t w;
    provkit_writer_init(&w, buf, sizeof buf);
    provkit_w_str(&w, "n=");
    provkit_w_u64(&w, 0);
    provkit_w_char(&w, ',');
    provkit_w_u64(&w, UINT64_MAX);
    provkit_w_char(&w, ',');
    provkit_w_i64(&w, INT64_MIN);
    provkit_w_char(&w, ',');
    provkit_w_i64(&w, -1);
    provkit_w_char(&w, ',');
    provkit_w_i64(&w, INT64_MAX);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_string_equal(buf, "n=0,18446744073709551615,-9223372036854775808,-1,9223372036854775807");
}

/* Decimal printing without 64-bit division: every boundary of its
 * base-10^9 parts, against the C library's. */
static void test_u64_part_boundaries(void **state)
{
    (void)state;
    static const uint64_t v[] = {
        9u, 10u, 999999999u, 1000000000u, 1000000001u, 4294967295u, 4294967296u,
        999999999999999999u, 1000000000000000000u, 1000000000000000001u,
        1000000000000000000u * 18u + 999999999u, 10000000000000000000u,
        12345678901234567890u, UINT64_MAX - 1u,
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char buf[32], want[32];
        provkit_writer_t w;
        provkit_writer_init(&w, buf, sizeof buf);
        provkit_w_u64(&w, v[i]);
        assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
        snprintf(want, sizeof want, "%llu", (unsigned long long)v[i]);
        assert_string_equal(buf, want);
    }
    /* and a walk through every digit count */
    for (uint64_t x = 1u; x < UINT64_MAX / 3u; x = x * 3u + 7u) {
        char buf[32], want[32];
        provkit_writer_t w;
        provkit_writer_init(&w, buf, sizeof buf);
        provkit_w_u64(&w, x);
        assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
        snprintf(want, sizeof want, "%llu", (unsigned long long)x);
        assert_string_equal(buf, want);
    }
}

static void test_overflow_is_sticky_and_counts(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof buf);
    provkit_writer_t w;
    provkit_writer_init(&w, buf, 5);
    provkit_w_str(&w, "abc");
    assert_int_equal(provkit_writer_status(&w), PROVKIT_OK);
    provkit_w_str(&w, "defg"); /* needs 7, cap 5 */
    assert_int_equal(provkit_writer_status(&w), PROVKIT_ERR_BUFFER_TOO_SMALL);
    provkit_w_form(&w, "a b", 3); /* still counted after overflow */
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(provkit_writer_total(&w), 10);
    /* never past the capacity */
    assert_memory_equal(buf, "abcdexxx", 8);
}

static void test_exact_fit(void **state)
{
    (void)state;
    char buf[4];
    provkit_writer_t w;
    provkit_writer_init(&w, buf, 4);
    provkit_w_str(&w, "abcd");
    /* full but not overflowed: no room for the NUL is not an error */
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_memory_equal(buf, "abcd", 4);
    provkit_w_char(&w, 'e');
    assert_int_equal(provkit_writer_status(&w), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(provkit_writer_total(&w), 5);
}

static void test_counting_mode(void **state)
{
    (void)state;
    provkit_writer_t w;
    provkit_writer_init(&w, NULL, 123);
    provkit_w_str(&w, "abc");
    provkit_w_form(&w, "a&b c", 5);    /* a%26b+c = 7 */
    provkit_w_xml(&w, "<\r", 2);        /* &lt;&#13; = 9 */
    provkit_w_json(&w, "\x01", 1);      /* \u0001 = 6 */
    provkit_w_i64(&w, -42);             /* 3 */
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_int_equal(provkit_writer_total(&w), 3 + 7 + 9 + 6 + 3);
}

/* The counting pass measures each field escaped in the same pass that
 * validates it: for every byte and a sample of UTF-8, in every format, the
 * count equals what a buffer receives. */
static void test_counting_matches_output(void **state)
{
    (void)state;
    static const char *const utf8[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                       "\xEF\xBF\xBD", "\xEF\xBF\xBE"};
    void (*const fns[3])(provkit_writer_t *, const char *, size_t) = {
        provkit_w_form, provkit_w_xml, provkit_w_json};
    for (int f = 0; f < 3; f++) {
        for (int c = -5; c < 128; c++) {
            char in[16];
            size_t n;
            if (c < 0) {
                n = (size_t)snprintf(in, sizeof in, "a%sz", utf8[-c - 1]);
            } else {
                in[0] = 'a';
                in[1] = (char)c;
                in[2] = ' ';
                n = 3;
            }
            char out[64];
            provkit_writer_t cw, bw;
            provkit_writer_init(&cw, NULL, 0);
            provkit_writer_init(&bw, out, sizeof out);
            fns[f](&cw, in, n);
            fns[f](&bw, in, n);
            assert_int_equal(provkit_writer_status(&cw), provkit_writer_status(&bw));
            if (provkit_writer_status(&bw) == PROVKIT_OK) {
                assert_int_equal(provkit_writer_total(&cw), provkit_writer_total(&bw));
                assert_int_equal(provkit_writer_total(&bw), bw.len);
            }
        }
    }
}

struct sink {
    char out[256];
    size_t len;
    int calls;
    int fail_at; /* call number that fails, 0 = never */
};

static int sink_flush(void *ctx, const char *data, size_t len)
{
    struct sink *s = ctx;
    s->calls++;
    if (s->fail_at != 0 && s->calls == s->fail_at) {
        return PROVKIT_ERR_NETWORK;
    }
    assert_true(s->len + len <= sizeof s->out);
    memcpy(s->out + s->len, data, len);
    s->len += len;
    return PROVKIT_OK;
}

static void test_stream_mode(void **state)
{
    (void)state;
    char small[3];
    struct sink s = {{0}, 0, 0, 0};
    provkit_writer_t w;
    provkit_writer_init_stream(&w, small, sizeof small, sink_flush, &s);
    provkit_w_str(&w, "hello ");
    provkit_w_form(&w, "wörld & co", strlen("wörld & co"));
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    const char *expect = "hello w%C3%B6rld+%26+co";
    assert_int_equal(s.len, strlen(expect));
    assert_memory_equal(s.out, expect, s.len);
    assert_int_equal(provkit_writer_total(&w), strlen(expect));
    assert_true(s.calls >= 8); /* went through a 3-byte buffer */
}

static void test_stream_flush_error_is_sticky(void **state)
{
    (void)state;
    char small[4];
    struct sink s = {{0}, 0, 0, 2};
    provkit_writer_t w;
    provkit_writer_init_stream(&w, small, sizeof small, sink_flush, &s);
    provkit_w_str(&w, "0123456789abcdef");
    assert_int_equal(provkit_writer_status(&w), PROVKIT_ERR_NETWORK);
    provkit_w_str(&w, "more");
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_ERR_NETWORK);
    assert_int_equal(s.len, 4); /* only the first flush landed */
    assert_int_equal(s.calls, 2);
}

static void test_stream_bad_args(void **state)
{
    (void)state;
    provkit_writer_t w;
    char b[4];
    provkit_writer_init_stream(&w, b, sizeof b, NULL, NULL);
    assert_int_equal(provkit_writer_status(&w), PROVKIT_ERR_ARG);
    provkit_writer_init_stream(&w, NULL, 4, sink_flush, NULL);
    assert_int_equal(provkit_writer_status(&w), PROVKIT_ERR_ARG);
    provkit_w_str(&w, "x");
    assert_int_equal(provkit_writer_total(&w), 0);
}

static void test_form_escaping(void **state)
{
    (void)state;
    ESCAPED(provkit_w_form, "AZaz09*-._", "AZaz09*-._");
    ESCAPED(provkit_w_form, "a b&c=d+e%f", "a+b%26c%3Dd%2Be%25f");
    ESCAPED(provkit_w_form, "<>\"'\r\n~/?#", "%3C%3E%22%27%0D%0A%7E%2F%3F%23");
    ESCAPED(provkit_w_form, "é€😀", "%C3%A9%E2%82%AC%F0%9F%98%80");
    ESCAPED(provkit_w_form, "", "");
}

static void test_xml_escaping(void **state)
{
    (void)state;
    ESCAPED(provkit_w_xml, "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    ESCAPED(provkit_w_xml, "l1\r\nl2\tx", "l1&#13;\nl2\tx");
    ESCAPED(provkit_w_xml, "Città ]]> end", "Città ]]&gt; end");
}

static void test_json_escaping(void **state)
{
    (void)state;
    ESCAPED(provkit_w_json, "say \"hi\" \\o/", "say \\\"hi\\\" \\\\o/");
    ESCAPED(provkit_w_json, "\x01\x1f\n\r\t\x7f", "\\u0001\\u001F\\u000A\\u000D\\u0009\\u007F");
    ESCAPED(provkit_w_json, "Clé </script>", "Clé </script>");
}

static void test_every_control_char(void **state)
{
    (void)state;
    for (unsigned c = 1; c < 0x20; c++) {
        char in[1] = {(char)c};
        char buf[16];
        provkit_writer_t w;
        provkit_writer_init(&w, buf, sizeof buf);
        provkit_w_json(&w, in, 1);
        assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
        assert_int_equal(provkit_writer_total(&w), 6);
        assert_memory_equal(buf, "\\u00", 4);

        provkit_writer_init(&w, buf, sizeof buf);
        provkit_w_xml(&w, in, 1);
        int ok = (c == '\t' || c == '\n' || c == '\r');
        assert_int_equal(provkit_writer_finish(&w), ok ? PROVKIT_OK : PROVKIT_ERR_INVALID_FIELD);

        provkit_writer_init(&w, buf, sizeof buf);
        provkit_w_form(&w, in, 1);
        assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
        assert_int_equal(provkit_writer_total(&w), 3);
    }
}

static void test_refusals_leave_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
    } bad[] = {
        {"ab\0cd", 5},          /* NUL */
        {"\xC3", 1},            /* truncated */
        {"\xC0\xAF", 2},        /* overlong '/' */
        {"\xE0\x80\xAF", 3},    /* overlong */
        {"\xED\xA0\x80", 3},    /* surrogate U+D800 */
        {"\xF4\x90\x80\x80", 4},/* > U+10FFFF */
        {"\xF5\x80\x80\x80", 4},
        {"\x80", 1},            /* lone continuation */
        {"a\xFF", 2},
        {"\xE2\x82", 2},        /* truncated euro */
    };
    void (*fns[])(provkit_writer_t *, const char *, size_t) = {provkit_w_form, provkit_w_xml,
                                                               provkit_w_json};
    for (size_t f = 0; f < 3; f++) {
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            char buf[32];
            provkit_writer_t w;
            provkit_writer_init(&w, buf, sizeof buf);
            provkit_w_str(&w, "k=");
            fns[f](&w, bad[i].s, bad[i].n);
            assert_int_equal(provkit_writer_status(&w), PROVKIT_ERR_INVALID_FIELD);
            provkit_w_str(&w, "more"); /* sticky: ignored */
            assert_int_equal(provkit_writer_finish(&w), PROVKIT_ERR_INVALID_FIELD);
            assert_int_equal(provkit_writer_total(&w), 2);
            assert_memory_equal(buf, "k=", 2);
        }
    }
}

static void test_utf8_check(void **state)
{
    (void)state;
    size_t n = 0;
    assert_int_equal(provkit_utf8_check("", 0, &n), PROVKIT_OK);
    assert_int_equal(n, 0);
    assert_int_equal(provkit_utf8_check("aé€😀", strlen("aé€😀"), &n), PROVKIT_OK);
    assert_int_equal(n, 4);
    assert_int_equal(provkit_utf8_check("\xEF\xBF\xBF\xF4\x8F\xBF\xBF", 7, &n), PROVKIT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(provkit_utf8_check("\xED\x9F\xBF", 3, NULL), PROVKIT_OK); /* U+D7FF */
    assert_int_equal(provkit_utf8_check("\xEE\x80\x80", 3, NULL), PROVKIT_OK); /* U+E000 */
    assert_int_equal(provkit_utf8_check("\xED\xBF\xBF", 3, NULL), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(provkit_utf8_check("\xF0\x8F\xBF\xBF", 4, NULL), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(provkit_utf8_check("\xC2\x41", 2, NULL), PROVKIT_ERR_INVALID_FIELD);
    /* 64 two-byte characters: 128 bytes, 64 characters */
    char name[128];
    for (size_t i = 0; i < 64; i++) {
        name[2 * i] = '\xC3';
        name[2 * i + 1] = '\xA9';
    }
    assert_int_equal(provkit_utf8_check(name, sizeof name, &n), PROVKIT_OK);
    assert_int_equal(n, 64);
}

static void test_utf8_encode(void **state)
{
    (void)state;
    char out[4];
    assert_int_equal(provkit_utf8_encode(0x41, out), 1);
    assert_memory_equal(out, "A", 1);
    assert_int_equal(provkit_utf8_encode(0x7FF, out), 2);
    assert_memory_equal(out, "\xDF\xBF", 2);
    assert_int_equal(provkit_utf8_encode(0x20AC, out), 3);
    assert_memory_equal(out, "\xE2\x82\xAC", 3);
    assert_int_equal(provkit_utf8_encode(0x1F600, out), 4);
    assert_memory_equal(out, "\xF0\x9F\x98\x80", 4);
    assert_int_equal(provkit_utf8_encode(0xD800, out), 0);
    assert_int_equal(provkit_utf8_encode(0xDFFF, out), 0);
    assert_int_equal(provkit_utf8_encode(0x110000, out), 0);
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp += 0x101) {
        size_t len = provkit_utf8_encode(cp, out);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            assert_int_equal(len, 0);
            continue;
        }
        size_t nch = 0;
        assert_int_equal(provkit_utf8_check(out, len, &nch), PROVKIT_OK);
        assert_int_equal(nch, 1);
    }
}

static void test_null_with_length_refused(void **state)
{
    (void)state;
    char buf[8];
    provkit_writer_t w;
    provkit_writer_init(&w, buf, sizeof buf);
    provkit_w_json(&w, NULL, 3);
    assert_int_equal(provkit_writer_status(&w), PROVKIT_ERR_ARG);
    provkit_writer_init(&w, buf, sizeof buf);
    provkit_w_json(&w, NULL, 0); /* empty is fine */
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
}

static void test_fail_is_first_error_wins(void **state)
{
    (void)state;
    char buf[4];
    provkit_writer_t w;
    provkit_writer_init(&w, buf, sizeof buf);
    provkit_writer_fail(&w, PROVKIT_OK); /* not a failure: ignored */
    assert_int_equal(provkit_writer_status(&w), PROVKIT_OK);
    provkit_writer_fail(&w, PROVKIT_ERR_RANGE);
    provkit_writer_fail(&w, PROVKIT_ERR_NETWORK);
    assert_int_equal(provkit_writer_status(&w), PROVKIT_ERR_RANGE);
    provkit_w_str(&w, "x");
    assert_int_equal(provkit_writer_total(&w), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raw_and_numbers),
        cmocka_unit_test(test_u64_part_boundaries),
        cmocka_unit_test(test_overflow_is_sticky_and_counts),
        cmocka_unit_test(test_exact_fit),
        cmocka_unit_test(test_counting_mode),
        cmocka_unit_test(test_counting_matches_output),
        cmocka_unit_test(test_stream_mode),
        cmocka_unit_test(test_stream_flush_error_is_sticky),
        cmocka_unit_test(test_stream_bad_args),
        cmocka_unit_test(test_form_escaping),
        cmocka_unit_test(test_xml_escaping),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_every_control_char),
        cmocka_unit_test(test_refusals_leave_nothing),
        cmocka_unit_test(test_utf8_check),
        cmocka_unit_test(test_utf8_encode),
        cmocka_unit_test(test_null_with_length_refused),
        cmocka_unit_test(test_fail_is_first_error_wins),
    };
    return cmocka_run_group_tests_name("writer", tests, NULL, NULL);
}
