/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the JSON reader: parse + validation, helpers, JSONP. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "json_reader.h"

static provkit_json_token_t tok[256];

static int parse(provkit_json_t *doc, const char *text)
{
    return provkit_json_parse(doc, text, strlen(text), tok, sizeof tok / sizeof tok[0]);
}

static int member(const provkit_json_t *doc, int obj, const char *key)
{
    int v = -1;
    assert_int_equal(provkit_json_find(doc, obj, key, &v), PROVKIT_OK);
    return v;
}

static int64_t member_i64(const provkit_json_t *doc, int obj, const char *key)
{
    int64_t v = 0;
    assert_int_equal(provkit_json_int64(doc, member(doc, obj, key), &v), PROVKIT_OK);
    return v;
}

static bool member_bool(const provkit_json_t *doc, int obj, const char *key)
{
    bool v = false;
    assert_int_equal(provkit_json_bool(doc, member(doc, obj, key), &v), PROVKIT_OK);
    return v;
}

static void assert_member_str(const provkit_json_t *doc, int obj, const char *key,
                              const char *expect)
{
    char buf[128];
    size_t n = 0;
    assert_int_equal(provkit_json_string(doc, member(doc, obj, key), buf, sizeof buf, &n),
                     PROVKIT_OK);
    assert_string_equal(buf, expect);
    assert_int_equal(n, strlen(expect));
    assert_true(provkit_json_streq(doc, member(doc, obj, key), expect));
}

/* ---- seeds: SMS Partner (002) --------------------------------------- */

static void test_sms_success(void **state)
{
    (void)state;
    provkit_json_t doc;
    const char *text = "{\n  \"success\":true,\n  \"code\":200,\n  \"subaccount\": {\n"
                       "    \"email\":\"aaaa@bbb.ccc\",\n    \"token\":\"token\"\n  },\n"
                       "  \"sendConfirmMailTo\":\"aaaa@bbb.ccc\",\n"
                       "  \"parent_email\":\"emailparent@ddd.eee\"\n}\n";
    int sub;

    assert_int_equal(parse(&doc, text), PROVKIT_OK);
    assert_int_equal(doc.ntok, 15);
    assert_true(member_bool(&doc, 0, "success"));
    assert_int_equal(member_i64(&doc, 0, "code"), 200);
    sub = member(&doc, 0, "subaccount");
    assert_int_equal(provkit_json_kind(&doc, sub), PROVKIT_JSON_OBJECT);
    assert_member_str(&doc, sub, "email", "aaaa@bbb.ccc");
    assert_member_str(&doc, sub, "token", "token");
    assert_member_str(&doc, 0, "sendConfirmMailTo", "aaaa@bbb.ccc");
    assert_member_str(&doc, 0, "parent_email", "emailparent@ddd.eee");
    /* direct members only: "token" lives in subaccount, not at the top */
    int v;
    assert_int_equal(provkit_json_find(&doc, 0, "token", &v), PROVKIT_ERR_NOT_FOUND);
    assert_int_equal(provkit_json_find(&doc, 0, "message", &v), PROVKIT_ERR_NOT_FOUND);
}

static void test_sms_error(void **state)
{
    (void)state;
    provkit_json_t doc;

    assert_int_equal(parse(&doc, "{\n \"success\": false,\n \"code\": 10,\n"
                                 " \"message\": \"Cl\xc3\xa9 API incorrecte\"\n}"),
                     PROVKIT_OK);
    assert_false(member_bool(&doc, 0, "success"));
    assert_int_equal(member_i64(&doc, 0, "code"), 10);
    assert_member_str(&doc, 0, "message", "Cl\xc3\xa9 API incorrecte");
}

/* A validation error with its list of {elementId, message}. */
static void test_sms_validation_errors(void **state)
{
    (void)state;
    provkit_json_t doc;
    int errs;
    int it = -1;
    int n = 0;
    static const char *const ids[] = {"email", "isBuyer"};

    assert_int_equal(parse(&doc, "{\"success\":false,\"code\":6,\"errors\":["
                                 "{\"elementId\":\"email\",\"message\":\"L\\u2019e-mail\"},"
                                 "{\"elementId\":\"isBuyer\",\"message\":\"requis\"}]}"),
                     PROVKIT_OK);
    errs = member(&doc, 0, "errors");
    assert_int_equal(provkit_json_size(&doc, errs), 2);
    while (provkit_json_array_next(&doc, errs, &it) == PROVKIT_OK) {
        assert_true(provkit_json_streq(&doc, member(&doc, it, "elementId"), ids[n]));
        n++;
    }
    assert_int_equal(n, 2);
    assert_member_str(&doc, errs + 1, "message", "L\xe2\x80\x99" "e-mail");
}

/* ---- seeds: Oempro (000) shapes from NOTES.md ------------------------ */

static void test_oempro_shapes(void **state)
{
    (void)state;
    provkit_json_t doc;
    int codes;
    int texts;
    int it = -1;
    int jt = -1;
    static const int64_t want_codes[] = {1, 4};
    static const char *const want_texts[] = {"Client name missing",
                                             "Client email address missing"};

    assert_int_equal(parse(&doc, "{\"ClientID\":123,\"Success\":true,\"ErrorCode\":0,"
                                 "\"ErrorText\":\"\"}"),
                     PROVKIT_OK);
    assert_int_equal(member_i64(&doc, 0, "ClientID"), 123);
    assert_true(member_bool(&doc, 0, "Success"));
    assert_int_equal(member_i64(&doc, 0, "ErrorCode"), 0);
    assert_member_str(&doc, 0, "ErrorText", "");

    assert_int_equal(parse(&doc, "{\"ClientID\":\"456\",\"Success\":\"1\",\"ErrorCode\":\"0\"}"),
                     PROVKIT_OK);
    assert_int_equal(member_i64(&doc, 0, "ClientID"), 456);
    assert_true(member_bool(&doc, 0, "Success"));
    assert_int_equal(member_i64(&doc, 0, "ErrorCode"), 0);

    assert_int_equal(parse(&doc, "{\"Success\":1,\"ClientID\":7}"), PROVKIT_OK);
    assert_true(member_bool(&doc, 0, "Success"));

    assert_int_equal(parse(&doc, "{\"Success\":false,\"ErrorCode\":5,"
                                 "\"ErrorText\":\"Email address format is invalid\"}"),
                     PROVKIT_OK);
    assert_false(member_bool(&doc, 0, "Success"));
    assert_int_equal(provkit_json_kind(&doc, member(&doc, 0, "ErrorCode")), PROVKIT_JSON_NUMBER);
    assert_member_str(&doc, 0, "ErrorText", "Email address format is invalid");

    assert_int_equal(parse(&doc, "{\"Success\":false,\"ErrorCode\":[1,4],\"ErrorText\":["
                                 "\"Client name missing\",\"Client email address missing\"]}"),
                     PROVKIT_OK);
    codes = member(&doc, 0, "ErrorCode");
    texts = member(&doc, 0, "ErrorText");
    assert_int_equal(provkit_json_kind(&doc, codes), PROVKIT_JSON_ARRAY);
    for (int i = 0; i < 2; i++) {
        int64_t c = -1;
        assert_int_equal(provkit_json_array_next(&doc, codes, &it), PROVKIT_OK);
        assert_int_equal(provkit_json_array_next(&doc, texts, &jt), PROVKIT_OK);
        assert_int_equal(provkit_json_int64(&doc, it, &c), PROVKIT_OK);
        assert_int_equal(c, want_codes[i]);
        assert_true(provkit_json_streq(&doc, jt, want_texts[i]));
    }
    assert_int_equal(provkit_json_array_next(&doc, codes, &it), PROVKIT_ERR_NOT_FOUND);
}

/* ---- JSONP ------------------------------------------------------------ */

static void test_jsonp(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *expected;
        int rc;
        const char *inner;
    } cases[] = {
        {"cb({\"Success\":true})", NULL, PROVKIT_OK, "{\"Success\":true}"},
        {"cb({\"Success\":true});", "cb", PROVKIT_OK, "{\"Success\":true}"},
        {" \r\n jQuery1_2.$cb ( [1] ) ; \n", "jQuery1_2.$cb", PROVKIT_OK, " [1] "},
        {"_(1)", NULL, PROVKIT_OK, "1"},
        {"cb({})", "other", PROVKIT_ERR_PROTOCOL, NULL},
        {"cb({})", "c", PROVKIT_ERR_PROTOCOL, NULL},
        {"1cb({})", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"cb.({})", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"a..b({})", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"a.1b({})", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"cb{}", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"cb({}", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"cb({});x", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"cb({});;", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"cb(", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"cb(;", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"{\"a\":1}", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"   ", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"cb", NULL, PROVKIT_ERR_MALFORMED, NULL},
        {"c-b({})", NULL, PROVKIT_ERR_MALFORMED, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t off = 99;
        size_t n = 99;
        int rc = provkit_jsonp_unwrap(cases[i].text, strlen(cases[i].text), cases[i].expected,
                                      &off, &n);
        assert_int_equal(rc, cases[i].rc);
        if (rc == PROVKIT_OK) {
            assert_int_equal(n, strlen(cases[i].inner));
            assert_memory_equal(cases[i].text + off, cases[i].inner, n);
        }
    }
}

static void test_jsonp_then_parse(void **state)
{
    (void)state;
    const char *text = "oempro({\"Success\":true,\"ClientID\":\"99\",\"ErrorCode\":0});\n";
    provkit_json_t doc;
    size_t off;
    size_t n;

    assert_int_equal(provkit_jsonp_unwrap(text, strlen(text), "oempro", &off, &n), PROVKIT_OK);
    assert_int_equal(provkit_json_parse(&doc, text + off, n, tok, 16), PROVKIT_OK);
    assert_int_equal(member_i64(&doc, 0, "ClientID"), 99);
    assert_int_equal(provkit_jsonp_unwrap(NULL, 1, NULL, &off, &n), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_jsonp_unwrap(text, 3, NULL, NULL, &n), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_jsonp_unwrap(text, 3, NULL, &off, NULL), PROVKIT_ERR_ARG);
}

/* ---- parse: validation ---------------------------------------------- */

static void test_rejects_what_jsmn_accepts(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"a\"}", "[ thanx ]", "[1,]", "[1 2]", "01", "[01]", "1.", "-", "[-]", "[1.]",
        "[.5]", "[1e]", "[1e+]", "[+1]", "[0x1]", "[1_000]", "[truex]", "[tru]", "[nul]",
        "[True]", "[NaN]", "[Infinity]", "{\"a\":1,}", "{,}", "[,1]", "{\"a\" 1}",
        "{\"a\"::1}", "{1:1}", "{\"a\":1 \"b\":2}", "[\"a\tb\"]", "[\"a\nb\"]",
        "[\"\x01\"]", "[\"\\x\"]", "[\"\\u12\"]", "[\"\\u12G4\"]", "[\"\\U0041\"]",
        "[\"\\", "[\"\xff\"]", "[\"\xc3\"]", "[\"\xed\xa0\x80\"]", "[\"\xc0\xaf\"]",
        "\xef\xbb\xbf[]", "[]]", "[][]", "{}x", "[\f]", "", " ", "[", "{", "]", "[\"a",
        "{\"a\":}", "{\"a\":1:2}", "[1,,2]", "['a']", "/* c */[]", "[]//", "[1]\x00",
        "{\"a\":[}", "[{]}", "nulll", "\"a\" \"b\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        provkit_json_t doc;
        size_t needed = 77;
        size_t len = strlen(bad[i]) + (strcmp(bad[i], "[1]") == 0 ? 1u : 0u);
        int rc = provkit_json_parse(&doc, bad[i], len, tok, 256);
        if (rc != PROVKIT_ERR_MALFORMED) {
            print_error("accepted or wrong error for case %zu: %s\n", i, bad[i]);
        }
        assert_int_equal(rc, PROVKIT_ERR_MALFORMED);
        assert_int_equal(doc.ntok, 0);
        assert_int_equal(provkit_json_count(bad[i], len, &needed, NULL), PROVKIT_ERR_MALFORMED);
        assert_int_equal(needed, 0);
    }
    /* a NUL is never JSON text, even after a complete value */
    provkit_json_t doc;
    assert_int_equal(provkit_json_parse(&doc, "[1]\0", 4, tok, 8), PROVKIT_ERR_MALFORMED);
    assert_int_equal(provkit_json_parse(&doc, "[\"a\0\"]", 6, tok, 8), PROVKIT_ERR_MALFORMED);
}

static void test_accepts_rfc8259(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int ntok;
    } good[] = {
        {"42", 1}, {" true ", 1}, {"false", 1}, {"null\n", 1}, {"\"x\"", 1},
        {"-0.5e-3", 1}, {"0", 1}, {"-0", 1}, {"1E+2", 1}, {"[]", 1}, {"{}", 1},
        {" [ 1 , \"a\" , null , [ ] , { } ] ", 6}, {"{\"\":0}", 3},
        {"{\"a\":{\"a\":{\"a\":[1,{\"b\":2}]}}}", 11},
        {"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"]", 2},
        {"[\"\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"]", 2},
        {"[\"\\ud800\"]", 2}, /* grammar allows lone surrogates; decode refuses */
        {"{\"a\":1,\"a\":2}", 5},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        provkit_json_t doc;
        size_t needed = 0;
        int rc = parse(&doc, good[i].text);
        if (rc != PROVKIT_OK) {
            print_error("rejected case %zu: %s\n", i, good[i].text);
        }
        assert_int_equal(rc, PROVKIT_OK);
        assert_int_equal(doc.ntok, good[i].ntok);
        assert_int_equal(doc.needed, (size_t)good[i].ntok);
        assert_int_equal(provkit_json_count(good[i].text, strlen(good[i].text), &needed, NULL),
                         PROVKIT_OK);
        assert_int_equal(needed, (size_t)good[i].ntok);
    }
}

static void test_top_level_primitive_token(void **state)
{
    (void)state;
    provkit_json_t doc;
    int64_t v = 0;

    assert_int_equal(parse(&doc, "  -123 \n"), PROVKIT_OK);
    assert_int_equal(doc.ntok, 1);
    assert_int_equal(provkit_json_kind(&doc, 0), PROVKIT_JSON_NUMBER);
    assert_int_equal(tok[0].start, 2);
    assert_int_equal(tok[0].end, 6);
    assert_int_equal(tok[0].parent, -1);
    assert_int_equal(provkit_json_int64(&doc, 0, &v), PROVKIT_OK);
    assert_int_equal(v, -123);
}

/* The error offset points at the fault. */
static void test_error_position(void **state)
{
    (void)state;
    provkit_json_t doc;
    size_t pos = 0;
    size_t needed;

    assert_int_equal(parse(&doc, "{\"a\":1,\"b\":tru}"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(doc.err_pos, 11);
    assert_int_equal(provkit_json_count("[1,\x01]", 5, &needed, &pos), PROVKIT_ERR_MALFORMED);
    assert_int_equal(pos, 3);
    assert_int_equal(parse(&doc, "[\"ab\x01\"]"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(doc.err_pos, 4);
}

/* Exactly enough tokens parses; one fewer is a LIMIT that says how many. */
static void test_token_limit(void **state)
{
    (void)state;
    const char *text = "{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}";
    provkit_json_t doc;
    size_t needed = 0;
    int v;

    assert_int_equal(provkit_json_count(text, strlen(text), &needed, NULL), PROVKIT_OK);
    assert_int_equal(needed, 10);
    assert_int_equal(provkit_json_parse(&doc, text, strlen(text), tok, 10), PROVKIT_OK);
    assert_int_equal(doc.ntok, 10);
    assert_int_equal(provkit_json_parse(&doc, text, strlen(text), tok, 9), PROVKIT_ERR_LIMIT);
    assert_int_equal(doc.needed, 10);
    assert_int_equal(doc.ntok, 0);
    /* a failed document is refused by every helper */
    assert_int_equal(provkit_json_find(&doc, 0, "a", &v), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_kind(&doc, 0), PROVKIT_JSON_INVALID);
    assert_int_equal(provkit_json_parse(&doc, "7", 1, tok, 0), PROVKIT_ERR_LIMIT);
    assert_int_equal(provkit_json_parse(&doc, "7", 1, tok, 1), PROVKIT_OK);
}

static void nest(char *buf, int depth, bool object)
{
    size_t at = 0;
    for (int i = 0; i < depth; i++) {
        if (object) {
            memcpy(buf + at, "{\"k\":", 5);
            at += 5;
        } else {
            buf[at++] = '[';
        }
    }
    buf[at++] = '0';
    for (int i = 0; i < depth; i++) {
        buf[at++] = object ? '}' : ']';
    }
    buf[at] = '\0';
}

static void test_depth_limit(void **state)
{
    (void)state;
    char buf[8 * (PROVKIT_JSON_MAX_DEPTH + 2)];
    provkit_json_t doc;
    size_t needed;

    nest(buf, PROVKIT_JSON_MAX_DEPTH, false);
    assert_int_equal(parse(&doc, buf), PROVKIT_OK);
    assert_int_equal(doc.ntok, PROVKIT_JSON_MAX_DEPTH + 1);
    nest(buf, PROVKIT_JSON_MAX_DEPTH + 1, false);
    assert_int_equal(parse(&doc, buf), PROVKIT_ERR_LIMIT);
    assert_int_equal(doc.err_pos, PROVKIT_JSON_MAX_DEPTH);
    nest(buf, PROVKIT_JSON_MAX_DEPTH, true);
    assert_int_equal(parse(&doc, buf), PROVKIT_OK);
    assert_int_equal(doc.ntok, 2 * PROVKIT_JSON_MAX_DEPTH + 1);
    nest(buf, PROVKIT_JSON_MAX_DEPTH + 1, true);
    assert_int_equal(provkit_json_count(buf, strlen(buf), &needed, NULL), PROVKIT_ERR_LIMIT);
}

static void test_parse_arguments(void **state)
{
    (void)state;
    provkit_json_t doc;
    size_t needed;
    size_t pos = 5;

    assert_int_equal(provkit_json_parse(NULL, "1", 1, tok, 1), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_parse(&doc, "1", 1, NULL, 1), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_parse(&doc, NULL, 1, tok, 1), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_parse(&doc, NULL, 0, tok, 1), PROVKIT_ERR_MALFORMED);
    assert_int_equal(provkit_json_count("1", 1, NULL, NULL), PROVKIT_ERR_ARG);
    /* jsmn indexes with int: longer texts are refused before being read */
    assert_int_equal(provkit_json_count("1", (size_t)INT_MAX + 1u, &needed, &pos),
                     PROVKIT_ERR_LIMIT);
    assert_int_equal(pos, 0);
    assert_int_equal(provkit_json_parse(&doc, "1", (size_t)INT_MAX + 1u, tok, 1),
                     PROVKIT_ERR_LIMIT);
}

/* ---- helpers ---------------------------------------------------------- */

static void test_kind_skip_size(void **state)
{
    (void)state;
    provkit_json_t doc;
    static const provkit_json_kind_t kinds[] = {
        PROVKIT_JSON_ARRAY,  PROVKIT_JSON_OBJECT, PROVKIT_JSON_STRING, PROVKIT_JSON_ARRAY,
        PROVKIT_JSON_NUMBER, PROVKIT_JSON_TRUE,   PROVKIT_JSON_FALSE,  PROVKIT_JSON_NULL,
        PROVKIT_JSON_STRING,
    };
    assert_int_equal(parse(&doc, "[{\"k\":[1,true]},false,null,\"s\"]"), PROVKIT_OK);
    assert_int_equal(doc.ntok, 9);
    for (int t = 0; t < 9; t++) {
        assert_int_equal(provkit_json_kind(&doc, t), kinds[t]);
    }
    assert_int_equal(provkit_json_kind(&doc, 9), PROVKIT_JSON_INVALID);
    assert_int_equal(provkit_json_kind(&doc, -1), PROVKIT_JSON_INVALID);
    assert_int_equal(provkit_json_kind(NULL, 0), PROVKIT_JSON_INVALID);
    assert_int_equal(provkit_json_skip(&doc, 0), 9);
    assert_int_equal(provkit_json_skip(&doc, 1), 6);
    assert_int_equal(provkit_json_skip(&doc, 2), 3); /* a key: next is its value */
    assert_int_equal(provkit_json_skip(&doc, 3), 6);
    assert_int_equal(provkit_json_skip(&doc, 8), 9);
    assert_int_equal(provkit_json_skip(&doc, 9), -1);
    assert_int_equal(provkit_json_size(&doc, 0), 4);
    assert_int_equal(provkit_json_size(&doc, 1), 1);
    assert_int_equal(provkit_json_size(&doc, 3), 2);
    assert_int_equal(provkit_json_size(&doc, 4), -1);
    assert_int_equal(provkit_json_size(&doc, 99), -1);
    assert_true(provkit_json_is_null(&doc, 7));
    assert_false(provkit_json_is_null(&doc, 6));
    assert_false(provkit_json_is_null(&doc, 99));
}

static void test_find(void **state)
{
    (void)state;
    provkit_json_t doc;
    int v = -5;

    /* the nested "x" values and the array before the key must be skipped */
    assert_int_equal(parse(&doc, "{\"n\":{\"x\":1,\"y\":{\"x\":2}},\"l\":[{\"x\":3},\"x\"],"
                                 "\"x\":4,\"e\\u0301\":5,\"x\":6,\"\":7}"),
                     PROVKIT_OK);
    assert_int_equal(member_i64(&doc, 0, "x"), 6); /* last duplicate wins */
    assert_int_equal(member_i64(&doc, 0, "e\xcc\x81"), 5);
    assert_int_equal(member_i64(&doc, 0, ""), 7);
    assert_int_equal(member_i64(&doc, member(&doc, 0, "n"), "x"), 1);
    assert_int_equal(provkit_json_find(&doc, 0, "y", &v), PROVKIT_ERR_NOT_FOUND);
    assert_int_equal(provkit_json_find(&doc, 0, "e", &v), PROVKIT_ERR_NOT_FOUND);
    assert_int_equal(provkit_json_find(&doc, 0, "xx", &v), PROVKIT_ERR_NOT_FOUND);
    assert_int_equal(v, -5);
    assert_int_equal(provkit_json_find(&doc, member(&doc, 0, "l"), "x", &v), PROVKIT_ERR_RANGE);
    assert_int_equal(provkit_json_find(&doc, 1, "x", &v), PROVKIT_ERR_RANGE); /* a key */
    assert_int_equal(provkit_json_find(&doc, 99, "x", &v), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_find(&doc, 0, NULL, &v), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_find(&doc, 0, "x", NULL), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_find(NULL, 0, "x", &v), PROVKIT_ERR_ARG);

    assert_int_equal(parse(&doc, "{}"), PROVKIT_OK);
    assert_int_equal(provkit_json_find(&doc, 0, "x", &v), PROVKIT_ERR_NOT_FOUND);
    assert_int_equal(parse(&doc, "[{},{\"a\":1}]"), PROVKIT_OK);
    assert_int_equal(provkit_json_find(&doc, 1, "a", &v), PROVKIT_ERR_NOT_FOUND);
}

static void test_iterate(void **state)
{
    (void)state;
    provkit_json_t doc;
    int it = -1;
    int n = 0;
    static const char *const keys[] = {"a", "b", "c"};

    assert_int_equal(parse(&doc, "{\"a\":[[1],{\"z\":[2]}],\"b\":{},\"c\":[]}"), PROVKIT_OK);
    while (provkit_json_object_next(&doc, 0, &it) == PROVKIT_OK) {
        assert_true(provkit_json_streq(&doc, it, keys[n]));
        n++;
    }
    assert_int_equal(n, 3);
    it = -1;
    n = 0;
    while (provkit_json_array_next(&doc, 2, &it) == PROVKIT_OK) {
        n++;
    }
    assert_int_equal(n, 2);
    it = -1;
    assert_int_equal(provkit_json_array_next(&doc, member(&doc, 0, "c"), &it),
                     PROVKIT_ERR_NOT_FOUND);
    it = -1;
    assert_int_equal(provkit_json_object_next(&doc, member(&doc, 0, "b"), &it),
                     PROVKIT_ERR_NOT_FOUND);
    it = -1;
    assert_int_equal(provkit_json_array_next(&doc, 0, &it), PROVKIT_ERR_RANGE);
    assert_int_equal(provkit_json_object_next(&doc, 2, &it), PROVKIT_ERR_RANGE);
    it = 3; /* [1], an element of the array, not of the object */
    assert_int_equal(provkit_json_object_next(&doc, 0, &it), PROVKIT_ERR_ARG);
    it = 2; /* a value, not a key */
    assert_int_equal(provkit_json_object_next(&doc, 0, &it), PROVKIT_ERR_ARG);
    it = 500;
    assert_int_equal(provkit_json_array_next(&doc, 2, &it), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_array_next(&doc, 2, NULL), PROVKIT_ERR_ARG);
}

static void test_string_decode(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *expect;
    } cases[] = {
        {"[\"plain\"]", "plain"},
        {"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", "\"\\/\b\f\n\r\t"},
        {"[\"\\u0041\\u00e9\\u00E9\\u20ac\"]", "A\xc3\xa9\xc3\xa9\xe2\x82\xac"},
        {"[\"\\ud83d\\ude00\"]", "\xf0\x9f\x98\x80"},
        {"[\"\\uD834\\uDD1E x\"]", "\xf0\x9d\x84\x9e x"},
        {"[\"\\udbff\\udfff\"]", "\xf4\x8f\xbf\xbf"},
        {"[\"\\u0001\\u007f\"]", "\x01\x7f"},
        {"[\"\xc3\xa9\"]", "\xc3\xa9"},
        {"[\"\"]", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        provkit_json_t doc;
        char buf[64];
        size_t n = 0;
        assert_int_equal(parse(&doc, cases[i].json), PROVKIT_OK);
        assert_int_equal(provkit_json_string(&doc, 1, buf, sizeof buf, &n), PROVKIT_OK);
        assert_string_equal(buf, cases[i].expect);
        assert_int_equal(n, strlen(cases[i].expect));
        assert_true(provkit_json_streq(&doc, 1, cases[i].expect));
    }
}

static void test_string_refused(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int rc;
    } cases[] = {
        {"[\"\\ud800\"]", PROVKIT_ERR_MALFORMED},         /* lone high */
        {"[\"\\udc00\"]", PROVKIT_ERR_MALFORMED},         /* lone low */
        {"[\"\\ud800x\"]", PROVKIT_ERR_MALFORMED},        /* high then text */
        {"[\"\\ud800\\n\"]", PROVKIT_ERR_MALFORMED},      /* high then escape */
        {"[\"\\ud800\\u0041\"]", PROVKIT_ERR_MALFORMED},  /* high then BMP */
        {"[\"\\ud800\\ud800\"]", PROVKIT_ERR_MALFORMED},  /* high then high */
        {"[\"\\udfff\\ud800\"]", PROVKIT_ERR_MALFORMED},  /* reversed */
        {"[\"a\\u0000b\"]", PROVKIT_ERR_RANGE},           /* NUL */
        {"[1]", PROVKIT_ERR_RANGE},                       /* not a string */
        {"[null]", PROVKIT_ERR_RANGE},
        {"[[]]", PROVKIT_ERR_RANGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        provkit_json_t doc;
        char buf[16] = "junk";
        size_t n = 77;
        assert_int_equal(parse(&doc, cases[i].json), PROVKIT_OK);
        assert_int_equal(provkit_json_string(&doc, 1, buf, sizeof buf, &n), cases[i].rc);
        assert_string_equal(buf, "");
        assert_int_equal(n, 77);
        assert_false(provkit_json_streq(&doc, 1, ""));
    }
}

/* cap = length + 1 fits; one less is BUFFER_TOO_SMALL with the size needed. */
static void test_string_buffer_boundaries(void **state)
{
    (void)state;
    provkit_json_t doc;
    char buf[16];
    size_t n = 0;

    assert_int_equal(parse(&doc, "[\"ab\\u00e9\\ud83d\\ude00\"]"), PROVKIT_OK); /* 8 bytes */
    memset(buf, 'X', sizeof buf);
    assert_int_equal(provkit_json_string(&doc, 1, buf, 9, &n), PROVKIT_OK);
    assert_int_equal(n, 8);
    assert_string_equal(buf, "ab\xc3\xa9\xf0\x9f\x98\x80");
    assert_int_equal(buf[9], 'X');
    memset(buf, 'X', sizeof buf);
    /* too small: the longest prefix of whole characters, terminated */
    assert_int_equal(provkit_json_string(&doc, 1, buf, 8, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 9);
    assert_string_equal(buf, "ab\xc3\xa9");
    assert_int_equal(buf[8], 'X');
    assert_int_equal(provkit_json_string(&doc, 1, buf, 5, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 9);
    assert_string_equal(buf, "ab\xc3\xa9");
    assert_int_equal(provkit_json_string(&doc, 1, buf, 4, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_string_equal(buf, "ab");
    /* raw UTF-8 in the text is cut on a character boundary too */
    assert_int_equal(parse(&doc, "[\"a\xc3\xa9\xc3\xa9\"]"), PROVKIT_OK);
    assert_int_equal(provkit_json_string(&doc, 1, buf, 5, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_string_equal(buf, "a\xc3\xa9");
    assert_int_equal(parse(&doc, "[\"ab\\u00e9\\ud83d\\ude00\"]"), PROVKIT_OK);
    assert_int_equal(provkit_json_string(&doc, 1, NULL, 0, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 9);
    assert_int_equal(provkit_json_string(&doc, 1, buf, 9, NULL), PROVKIT_OK);
    assert_int_equal(provkit_json_string(&doc, 1, buf, 1, NULL), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(provkit_json_string(&doc, 1, NULL, 4, &n), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_string(&doc, 7, buf, 9, &n), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_string(NULL, 0, buf, 9, &n), PROVKIT_ERR_ARG);

    assert_int_equal(parse(&doc, "\"\""), PROVKIT_OK);
    assert_int_equal(provkit_json_string(&doc, 0, buf, 1, &n), PROVKIT_OK);
    assert_int_equal(n, 0);
    assert_int_equal(provkit_json_string(&doc, 0, NULL, 0, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 1);

    /* provkit_json_text: strings decoded, numbers as written */
    assert_int_equal(parse(&doc, "[\"x\\u00e9\",1001.0,-7,true,null]"), PROVKIT_OK);
    assert_int_equal(provkit_json_text(&doc, 1, buf, sizeof buf, &n), PROVKIT_OK);
    assert_string_equal(buf, "x\xc3\xa9");
    assert_int_equal(provkit_json_text(&doc, 2, buf, sizeof buf, &n), PROVKIT_OK);
    assert_string_equal(buf, "1001.0");
    assert_int_equal(n, 6);
    assert_int_equal(provkit_json_text(&doc, 2, buf, 4, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_string_equal(buf, "100");
    assert_int_equal(n, 7);
    assert_int_equal(provkit_json_text(&doc, 3, buf, sizeof buf, &n), PROVKIT_OK);
    assert_string_equal(buf, "-7");
    assert_int_equal(provkit_json_text(&doc, 4, buf, sizeof buf, &n), PROVKIT_ERR_RANGE);
    assert_int_equal(provkit_json_text(&doc, 5, buf, sizeof buf, &n), PROVKIT_ERR_RANGE);
    assert_int_equal(provkit_json_text(&doc, 2, NULL, 3, &n), PROVKIT_ERR_ARG);
}

static void test_streq(void **state)
{
    (void)state;
    provkit_json_t doc;

    assert_int_equal(parse(&doc, "[\"Cl\\u00e9\",7,\"a\\u0000b\"]"), PROVKIT_OK);
    assert_true(provkit_json_streq(&doc, 1, "Cl\xc3\xa9"));
    assert_false(provkit_json_streq(&doc, 1, "Cl"));
    assert_false(provkit_json_streq(&doc, 1, "Cl\xc3\xa9!"));
    assert_false(provkit_json_streq(&doc, 1, "Cl\xc3\xa8"));
    assert_false(provkit_json_streq(&doc, 1, "Cl\\u00e9"));
    assert_false(provkit_json_streq(&doc, 1, NULL));
    assert_false(provkit_json_streq(&doc, 2, "7"));
    assert_false(provkit_json_streq_n(&doc, 3, "a\0b", 3)); /* NUL never decodes */
    assert_false(provkit_json_streq_n(&doc, 1, NULL, 2));
    assert_false(provkit_json_streq(&doc, 9, ""));
}

static void test_int64(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int rc;
        int64_t v;
    } cases[] = {
        {"9223372036854775807", PROVKIT_OK, INT64_MAX},
        {"-9223372036854775808", PROVKIT_OK, INT64_MIN},
        {"9223372036854775808", PROVKIT_ERR_RANGE, 0},
        {"-9223372036854775809", PROVKIT_ERR_RANGE, 0},
        {"99999999999999999999", PROVKIT_ERR_RANGE, 0},
        {"\"9223372036854775807\"", PROVKIT_OK, INT64_MAX},
        {"\"-9223372036854775808\"", PROVKIT_OK, INT64_MIN},
        {"\"9223372036854775808\"", PROVKIT_ERR_RANGE, 0},
        {"\"-9223372036854775809\"", PROVKIT_ERR_RANGE, 0},
        {"0", PROVKIT_OK, 0},
        {"-0", PROVKIT_OK, 0},
        {"99998", PROVKIT_OK, 99998},
        {"\"123\"", PROVKIT_OK, 123},
        {"\"-5\"", PROVKIT_OK, -5},
        {"\"007\"", PROVKIT_OK, 7},
        {"1.0", PROVKIT_ERR_RANGE, 0},
        {"1e2", PROVKIT_ERR_RANGE, 0},
        {"-1E0", PROVKIT_ERR_RANGE, 0},
        {"\"\"", PROVKIT_ERR_RANGE, 0},
        {"\"-\"", PROVKIT_ERR_RANGE, 0},
        {"\"+1\"", PROVKIT_ERR_RANGE, 0},
        {"\" 1\"", PROVKIT_ERR_RANGE, 0},
        {"\"12a\"", PROVKIT_ERR_RANGE, 0},
        {"\"1.5\"", PROVKIT_ERR_RANGE, 0},
        {"\"\\u0031\"", PROVKIT_ERR_RANGE, 0},
        {"true", PROVKIT_ERR_RANGE, 0},
        {"null", PROVKIT_ERR_RANGE, 0},
        {"[1]", PROVKIT_ERR_RANGE, 0},
        {"{}", PROVKIT_ERR_RANGE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        provkit_json_t doc;
        int64_t v = 4242;
        assert_int_equal(parse(&doc, cases[i].json), PROVKIT_OK);
        assert_int_equal(provkit_json_int64(&doc, 0, &v), cases[i].rc);
        assert_true(v == (cases[i].rc == PROVKIT_OK ? cases[i].v : 4242));
    }
    provkit_json_t doc;
    int64_t v;
    assert_int_equal(parse(&doc, "1"), PROVKIT_OK);
    assert_int_equal(provkit_json_int64(&doc, 0, NULL), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_int64(&doc, 1, &v), PROVKIT_ERR_ARG);
}

static void test_bool(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int rc;
        bool v;
    } cases[] = {
        {"true", PROVKIT_OK, true},       {"false", PROVKIT_OK, false},
        {"\"true\"", PROVKIT_OK, true},   {"\"false\"", PROVKIT_OK, false},
        {"1", PROVKIT_OK, true},          {"0", PROVKIT_OK, false},
        {"\"1\"", PROVKIT_OK, true},      {"\"0\"", PROVKIT_OK, false},
        {"2", PROVKIT_ERR_RANGE, false},  {"1.0", PROVKIT_ERR_RANGE, false},
        {"-0", PROVKIT_ERR_RANGE, false}, {"\"TRUE\"", PROVKIT_ERR_RANGE, false},
        {"\"yes\"", PROVKIT_ERR_RANGE, false}, {"\"\"", PROVKIT_ERR_RANGE, false},
        {"\"truex\"", PROVKIT_ERR_RANGE, false}, {"null", PROVKIT_ERR_RANGE, false},
        {"[true]", PROVKIT_ERR_RANGE, false}, {"{}", PROVKIT_ERR_RANGE, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        provkit_json_t doc;
        bool v = true;
        bool unchanged_marker = true;
        assert_int_equal(parse(&doc, cases[i].json), PROVKIT_OK);
        assert_int_equal(provkit_json_bool(&doc, 0, &v), cases[i].rc);
        assert_true(v == (cases[i].rc == PROVKIT_OK ? cases[i].v : unchanged_marker));
    }
    provkit_json_t doc;
    bool v;
    assert_int_equal(parse(&doc, "true"), PROVKIT_OK);
    assert_int_equal(provkit_json_bool(&doc, 0, NULL), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_json_bool(&doc, 1, &v), PROVKIT_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sms_success),
        cmocka_unit_test(test_sms_error),
        cmocka_unit_test(test_sms_validation_errors),
        cmocka_unit_test(test_oempro_shapes),
        cmocka_unit_test(test_jsonp),
        cmocka_unit_test(test_jsonp_then_parse),
        cmocka_unit_test(test_rejects_what_jsmn_accepts),
        cmocka_unit_test(test_accepts_rfc8259),
        cmocka_unit_test(test_top_level_primitive_token),
        cmocka_unit_test(test_error_position),
        cmocka_unit_test(test_token_limit),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_parse_arguments),
        cmocka_unit_test(test_kind_skip_size),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_iterate),
        cmocka_unit_test(test_string_decode),
        cmocka_unit_test(test_string_refused),
        cmocka_unit_test(test_string_buffer_boundaries),
        cmocka_unit_test(test_streq),
        cmocka_unit_test(test_int64),
        cmocka_unit_test(test_bool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
