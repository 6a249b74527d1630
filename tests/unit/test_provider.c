/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the shared provider machinery: codes, outcomes, rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/provider.h"
#include "provider_int.h"
#include "text.h"
#include "provkit/writer.h"

static const provkit_code_t codes[] = {
    {100, PROVKIT_CAT_CREATED, NULL, "created"},
    {200, PROVKIT_CAT_AUTH_FAILED, NULL, "Authorization failed"},
    {431, PROVKIT_CAT_INVALID_FIELD, "login", "Incorrect login format"},
};

struct req {
    const char *login;
    const char *email;
    const char *country;
    const char *lang;
    const char *status;
};

static const char *const status_words[] = {"Enabled", "Disabled", NULL};

static const provkit_field_rule_t rules[] = {
    {.name = "login", .offset = offsetof(struct req, login), .max_chars = 4, .required = 1,
     .code = 431},
    {.name = "email", .offset = offsetof(struct req, email), .required = 1,
     .check = provkit_check_email, .code = 5, .missing_code = 4},
    {.name = "country", .offset = offsetof(struct req, country), .max_chars = 2,
     .check = provkit_check_country, .code = 443},
    {.name = "language", .offset = offsetof(struct req, lang), .max_chars = 2, .code = 444},
    {.name = "ClientAccountStatus", .offset = offsetof(struct req, status),
     .check = provkit_check_enum, .code = 9, .words = status_words},
};
#define NRULES (sizeof rules / sizeof rules[0])

static int check(struct req r, provkit_outcome_t *o)
{
    provkit_outcome_clear(o);
    return provkit_validate(&r, rules, NRULES, NULL, o);
}

static void test_valid(void **state)
{
    (void)state;
    provkit_outcome_t o;
    struct req r = {"jdoé", "j@example.com", "US", "en", "Enabled"};
    assert_int_equal(check(r, &o), PROVKIT_OK);
    assert_int_equal(o.status, PROVKIT_OK);
    assert_false(o.has_code);
    struct req opt = {"j", "j@example.com", NULL, "", NULL};
    assert_int_equal(check(opt, &o), PROVKIT_OK);
}

static void test_refusals_name_field_and_code(void **state)
{
    (void)state;
    provkit_outcome_t o;
    struct req r = {NULL, "j@example.com", NULL, NULL, NULL};
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(o.field, "login");
    assert_int_equal(o.code, 431);
    assert_true(o.local);
    assert_int_equal(o.category, PROVKIT_CAT_INVALID_FIELD);
    assert_string_equal(o.message, "login is required");

    r.login = "abcde"; /* 5 > 4 */
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(o.message, "login is too long");
    r.login = "éééé"; /* 4 characters, 8 bytes: fits */
    assert_int_equal(check(r, &o), PROVKIT_OK);
    r.login = "\xC3"; /* truncated UTF-8 */
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(o.message, "login is not valid UTF-8");
    r.login = "a\x01"; /* a control: no document refuses it (the encoding may) */
    assert_int_equal(check(r, &o), PROVKIT_OK);
    r.login = "a\tb";
    assert_int_equal(check(r, &o), PROVKIT_OK);
    r.login = "a\r\nb";
    assert_int_equal(check(r, &o), PROVKIT_OK);

    r.email = ""; /* missing_code differs from the format code */
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, 4);
    r.email = "nope";
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, 5);
    assert_string_equal(o.field, "email");
    r.email = "a@b.co";

    r.country = "us";
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, 443);
    r.country = "USA";
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    r.country = "XX";
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    r.country = "FR";
    r.lang = "eng"; /* "max chars 2" is all Plesk documents */
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, 444);
    r.lang = "e1";
    assert_int_equal(check(r, &o), PROVKIT_OK);
    r.lang = "EN";
    r.status = "enabled";
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(o.field, "ClientAccountStatus");
    r.status = "Disabled";
    assert_int_equal(check(r, &o), PROVKIT_OK);
}

static void test_countries(void **state)
{
    (void)state;
    static const char *const good[] = {"AD", "AX", "BQ", "CW", "GB", "SS", "SX", "US", "ZW", "FR",
                                       "IT", "DE", "XK" /* not ISO: below */};
    for (size_t i = 0; i + 1 < sizeof good / sizeof good[0]; i++) {
        assert_true(provkit_is_country(good[i], 2));
    }
    static const char *const bad[] = {"XK", "UK", "EU", "AA", "ZZ", "us", "Us", "U1", "U"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(provkit_is_country(bad[i], strlen(bad[i])));
    }
    size_t count = 0;
    for (char a = 'A'; a <= 'Z'; a++) {
        for (char b = 'A'; b <= 'Z'; b++) {
            char c[2] = {a, b};
            count += provkit_is_country(c, 2);
        }
    }
    assert_int_equal(count, 249);
}

static void test_us_zip(void **state)
{
    (void)state;
    assert_true(provkit_is_us_zip("20171", 5));
    assert_true(provkit_is_us_zip("20171-1234", 10));
    assert_false(provkit_is_us_zip("2017", 4));
    assert_false(provkit_is_us_zip("20171-123", 9));
    assert_false(provkit_is_us_zip("201711234", 9));
    assert_false(provkit_is_us_zip("20171 1234", 10));
    assert_false(provkit_is_us_zip("2017a", 5));
    assert_false(provkit_is_us_zip("20171-12a4", 10));
}

static void test_email(void **state)
{
    (void)state;
    static const char *const good[] = {"jdoe@example.com", "a.b+c@sub.example.fr",
                                       "x@a-b.io", "o'hara@example.museum", "1@2.xn--p1ai1a"};
    for (size_t i = 0; i < 4; i++) {
        assert_true(provkit_is_email(good[i], strlen(good[i])));
    }
    static const char *const bad[] = {"", "@example.com", "a@", "a@b", "a@b.", "a@.b.com",
                                      "a..b@example.com", ".a@example.com", "a.@example.com",
                                      "a b@example.com", "a@exa mple.com", "a@@example.com",
                                      "a@-x.com", "a@x-.com", "a@x..com", "a@x.com.",
                                      "é@example.com", "a@exämple.com", "a\"b@example.com"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(provkit_is_email(bad[i], strlen(bad[i])));
    }
    /* no overall cap here (Plesk documents 256 characters, the others
     * none: the field's rule says); 63 bytes per label */
    char addr[300];
    memset(addr, 'a', 250);
    memcpy(addr + 250, "@x.com", 7); /* 256 */
    assert_true(provkit_is_email(addr, strlen(addr)));
    memcpy(addr, "a@", 2);
    memset(addr + 2, 'b', 63);
    memcpy(addr + 65, ".com", 5);
    assert_true(provkit_is_email(addr, strlen(addr)));
    memset(addr + 2, 'b', 64);
    memcpy(addr + 66, ".com", 5);
    assert_false(provkit_is_email(addr, strlen(addr)));
    assert_true(provkit_is_email("a@x.c", 5)); /* as the servers do: no TLD rule */
}

static void test_codes_and_verdicts(void **state)
{
    (void)state;
    provkit_outcome_t o;
    provkit_outcome_clear(&o);
    assert_null(provkit_code_find(codes, 3, 999));
    assert_int_equal(provkit_code_find(codes, 3, 431)->category, PROVKIT_CAT_INVALID_FIELD);

    provkit_outcome_verdict(&o, codes, 3, 100, NULL, 0, "desc");
    assert_int_equal(o.status, PROVKIT_OK);
    assert_int_equal(o.category, PROVKIT_CAT_CREATED);
    assert_string_equal(o.message, "created");

    provkit_outcome_verdict(&o, codes, 3, 431, "Bad login", 9, "desc");
    assert_int_equal(o.n_truncated, 0);
    assert_int_equal(o.status, PROVKIT_ERR_PROVIDER);
    assert_string_equal(o.field, "login");
    assert_string_equal(o.message, "Bad login");

    provkit_outcome_verdict(&o, codes, 3, 12345, NULL, 0, "desc"); /* passed through */
    assert_int_equal(o.category, PROVKIT_CAT_OTHER);
    assert_int_equal(o.code, 12345);
    assert_null(o.field);
    assert_string_equal(o.message, "");

    assert_string_equal(provkit_category_name(PROVKIT_CAT_EXISTS), "exists");
    assert_string_equal(provkit_category_name(PROVKIT_CAT_SERVER_BUSY), "server_busy");
    assert_string_equal(provkit_category_name((provkit_category_t)99), "other");
}

static void test_message_cut_on_char_boundary(void **state)
{
    (void)state;
    provkit_outcome_t o;
    char text[400];
    for (size_t i = 0; i < sizeof text; i += 2) {
        text[i] = '\xC3';
        text[i + 1] = '\xA9';
    }
    assert_false(provkit_outcome_message(&o, "x", 1));
    assert_true(provkit_outcome_message(&o, text, sizeof text));
    size_t len = strlen(o.message);
    assert_true(len < PROVKIT_MESSAGE_MAX);
    assert_true(len >= PROVKIT_MESSAGE_MAX - 2);
    assert_int_equal(len % 2, 0);
    assert_false(provkit_outcome_message(&o, NULL, 5));
    assert_string_equal(o.message, "");

    /* a provider text that is cut is listed under its answer field's name */
    provkit_outcome_clear(&o);
    provkit_outcome_verdict(&o, codes, 3, 431, text, sizeof text, "resultDesc");
    assert_int_equal(o.status, PROVKIT_ERR_PROVIDER);
    assert_int_equal(o.n_truncated, 1);
    assert_string_equal(o.truncated[0], "resultDesc");
}

static void test_truncated_list(void **state)
{
    (void)state;
    provkit_outcome_t o;
    provkit_outcome_clear(&o);
    assert_int_equal(o.n_truncated, 0);
    provkit_outcome_truncated(&o, "clientId");
    provkit_outcome_truncated(&o, "login");
    provkit_outcome_truncated(&o, "clientId"); /* once */
    assert_int_equal(o.n_truncated, 2);
    assert_string_equal(o.truncated[0], "clientId");
    assert_string_equal(o.truncated[1], "login");
    static const char *const many[] = {"a", "b", "c", "d", "e", "f", "g"};
    for (size_t i = 0; i < 7; i++) {
        provkit_outcome_truncated(&o, many[i]);
    }
    assert_int_equal(o.n_truncated, PROVKIT_TRUNCATED_MAX);
}

/* Once the request went out, only a 4xx without a provider verdict says it
 * was refused; any other status may follow a created account. */
static void test_not_answer_by_status(void **state)
{
    (void)state;
    static const struct {
        int http;
        int status;
        int cause;
    } cases[] = {
        {400, PROVKIT_ERR_HTTP_STATUS, PROVKIT_ERR_HTTP_STATUS},
        {404, PROVKIT_ERR_HTTP_STATUS, PROVKIT_ERR_HTTP_STATUS},
        {499, PROVKIT_ERR_HTTP_STATUS, PROVKIT_ERR_HTTP_STATUS},
        {200, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_PROTOCOL},
        {299, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_PROTOCOL},
        {303, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_HTTP_STATUS},
        {500, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_HTTP_STATUS},
        {502, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_HTTP_STATUS},
        {504, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_HTTP_STATUS},
        {600, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_HTTP_STATUS},
        {999, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_HTTP_STATUS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        provkit_outcome_t o;
        provkit_outcome_clear(&o);
        assert_int_equal(provkit_outcome_not_answer(&o, cases[i].http, "a gateway page"),
                         cases[i].status);
        assert_int_equal(o.status, cases[i].status);
        assert_int_equal(o.cause, cases[i].cause);
        assert_int_equal(o.http_status, cases[i].http);
        assert_false(o.has_code);
        assert_int_equal(o.category, PROVKIT_CAT_NONE);
        assert_non_null(strstr(o.message, "a gateway page"));
        if (cases[i].status == PROVKIT_ERR_OUTCOME_UNKNOWN) {
            assert_non_null(strstr(o.message, "the account may exist"));
        }
    }
    /* a verdict that cannot be trusted is unknown whatever the status */
    provkit_outcome_t o;
    provkit_outcome_clear(&o);
    assert_int_equal(provkit_outcome_untrusted(&o, 400, "success and code disagree"),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(o.cause, PROVKIT_ERR_PROTOCOL);
    assert_non_null(strstr(o.message, "the account may exist"));
    /* a long reason still ends with what it means */
    char why[400];
    memset(why, 'w', sizeof why - 1);
    why[sizeof why - 1] = '\0';
    provkit_outcome_not_answer(&o, 502, why);
    assert_true(strlen(o.message) < PROVKIT_MESSAGE_MAX);
    assert_non_null(strstr(o.message, "the account may exist"));
}

struct enc_req {
    const char *a;
    const char *n;
};

static void test_encoding_rules(void **state)
{
    (void)state;
    static const provkit_field_rule_t enc[] = {
        {.name = "a", .offset = offsetof(struct enc_req, a)},
        {.name = "n", .offset = offsetof(struct enc_req, n), .number = 1, .code = 8},
    };
    provkit_outcome_t o;
    struct enc_req r = {"tab\t cr\r lf\n \x01 \x7F \xC2\x85 \xEF\xBF\xBE", "12.50"};
    provkit_outcome_clear(&o);
    /* a form or a JSON string carries every character */
    assert_int_equal(provkit_check_encoding(&r, enc, 2, PROVKIT_ENC_TEXT, NULL, &o), PROVKIT_OK);
    /* XML 1.0 carries TAB, CR and LF, not the other C0 controls nor U+FFFE/FFFF */
    assert_int_equal(provkit_check_encoding(&r, enc, 2, PROVKIT_ENC_XML, NULL, &o),
                     PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(o.field, "a");
    assert_true(o.local);
    static const char *const xml_bad[] = {"\x01", "x\x1F", "\x0B", "\x0C", "\xEF\xBF\xBE",
                                          "\xEF\xBF\xBF", "\xC3", "\xED\xA0\x80"};
    for (size_t i = 0; i < sizeof xml_bad / sizeof xml_bad[0]; i++) {
        r.a = xml_bad[i];
        assert_int_equal(provkit_check_encoding(&r, enc, 2, PROVKIT_ENC_XML, NULL, &o),
                         PROVKIT_ERR_INVALID_FIELD);
    }
    static const char *const xml_good[] = {"\t\r\n", "\x7F", "\xC2\x80", "\xEF\xBF\xBD",
                                           "\xF0\x9F\x98\x80"};
    for (size_t i = 0; i < sizeof xml_good / sizeof xml_good[0]; i++) {
        r.a = xml_good[i];
        assert_int_equal(provkit_check_encoding(&r, enc, 2, PROVKIT_ENC_XML, NULL, &o), PROVKIT_OK);
    }
    r.a = "\xC3"; /* not UTF-8: no encoding carries it */
    assert_int_equal(provkit_check_encoding(&r, enc, 2, PROVKIT_ENC_TEXT, NULL, &o),
                     PROVKIT_ERR_INVALID_FIELD);
    r.a = "ok";
    r.n = "1e3";
    assert_int_equal(provkit_check_encoding(&r, enc, 2, PROVKIT_ENC_TEXT, NULL, &o), PROVKIT_OK);
    r.n = "ten"; /* written as a bare JSON number: must be one */
    assert_int_equal(provkit_check_encoding(&r, enc, 2, PROVKIT_ENC_TEXT, NULL, &o),
                     PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(o.field, "n");
    assert_int_equal(o.code, 8);
}

/* Each value is measured as its encoding writes it, in the pass that
 * checks it: what the body writer's two passes then use instead of the
 * bytes. The figures are the escapers' own output, written out here. */
static void test_encoding_measures(void **state)
{
    (void)state;
    static const provkit_field_rule_t enc[] = {
        {.name = "a", .offset = offsetof(struct enc_req, a)},
        {.name = "n", .offset = offsetof(struct enc_req, n)},
    };
    static const struct {
        enum provkit_encoding enc;
        const char *a;
        const char *written; /* by the encoding's escaper */
        bool plain;
    } cases[] = {
        {PROVKIT_ENC_TEXT, "plain \xC3\xA9", "plain \xC3\xA9", true},
        {PROVKIT_ENC_TEXT, "q\"b\\\x01", "q\\\"b\\\\\\u0001", false},
        {PROVKIT_ENC_XML, "a<b&c\r\xE2\x82\xAC", "a&lt;b&amp;c&#13;\xE2\x82\xAC", false},
        {PROVKIT_ENC_XML, "plain", "plain", true},
        {PROVKIT_ENC_FORM, "a b", "a+b", false},
        {PROVKIT_ENC_FORM, "az09-._*", "az09-._*", true},
        {PROVKIT_ENC_FORM, "\xC3\xA9&=", "%C3%A9%26%3D", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        provkit_measured_t m[2];
        provkit_outcome_t o;
        struct enc_req r = {cases[i].a, NULL};
        char out[64];
        provkit_writer_t w;
        provkit_outcome_clear(&o);
        assert_int_equal(provkit_check_encoding(&r, enc, 2, cases[i].enc, m, &o), PROVKIT_OK);
        assert_ptr_equal(m[0].s, cases[i].a);
        assert_int_equal(m[0].n, strlen(cases[i].a));
        assert_int_equal(m[0].out, strlen(cases[i].written));
        /* same length out: no escaping (a form's space aside, which becomes '+') */
        assert_int_equal(m[0].out == m[0].n, cases[i].plain || strchr(cases[i].a, ' ') != NULL);
        assert_null(m[1].s); /* not given */
        /* a writer that knows the field writes it exactly as one that does not */
        provkit_writer_init(&w, out, sizeof out);
        w.known = (provkit_known_t){m, 2, (uint8_t)cases[i].enc};
        if (cases[i].enc == PROVKIT_ENC_FORM) {
            provkit_w_form(&w, r.a, strlen(r.a));
        } else if (cases[i].enc == PROVKIT_ENC_XML) {
            provkit_w_xml(&w, r.a, strlen(r.a));
        } else {
            provkit_w_json(&w, r.a, strlen(r.a));
        }
        assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
        assert_string_equal(out, cases[i].written);
    }
    /* a limit counts characters of a measured field as of any other */
    static const provkit_field_rule_t lim[] = {
        {.name = "a", .offset = offsetof(struct enc_req, a), .max_chars = 3},
        {.name = "n", .offset = offsetof(struct enc_req, n), .max_chars = 2},
    };
    provkit_measured_t m[2];
    provkit_outcome_t o;
    struct enc_req r = {"\xC3\xA9t\xC3\xA9", "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"};
    provkit_outcome_clear(&o);
    assert_int_equal(provkit_check_encoding(&r, lim, 2, PROVKIT_ENC_XML, m, &o), PROVKIT_OK);
    assert_int_equal(provkit_validate(&r, lim, 2, m, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(o.field, "n"); /* 3 characters, 9 bytes: over 2 */
    assert_string_equal(o.message, "n is too long");
    r.n = "\xE2\x82\xAC\xE2\x82\xAC"; /* 2 characters, 6 bytes */
    provkit_outcome_clear(&o);
    assert_int_equal(provkit_check_encoding(&r, lim, 2, PROVKIT_ENC_XML, m, &o), PROVKIT_OK);
    assert_int_equal(provkit_validate(&r, lim, 2, m, &o), PROVKIT_OK);
}

/* A counting writer takes a known field's length from its measure and
 * touches none of its bytes; another address or length is measured anew. */
static void test_known_field_is_not_measured_again(void **state)
{
    (void)state;
    const char *v = "abc";
    provkit_measured_t m = {v, 3, 1000};
    provkit_writer_t w;
    provkit_writer_init(&w, NULL, 0);
    w.known = (provkit_known_t){&m, 1, PROVKIT_ENC_TEXT};
    provkit_w_json(&w, v, 3);
    assert_int_equal(provkit_writer_total(&w), 1000); /* the (deliberately wrong) measure */
    provkit_w_json(&w, v, 2);                          /* another length: measured */
    assert_int_equal(provkit_writer_total(&w), 1002);
    provkit_w_xml(&w, v, 3); /* another encoding: measured */
    assert_int_equal(provkit_writer_total(&w), 1005);
}

static void test_integral_and_prefix(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(provkit_parse_integral("1001", 4, &v), PROVKIT_OK);
    assert_int_equal(v, 1001);
    assert_int_equal(provkit_parse_integral("1001.0", 6, &v), PROVKIT_OK);
    assert_int_equal(v, 1001);
    assert_int_equal(provkit_parse_integral(" 1001.000 ", 10, &v), PROVKIT_OK);
    assert_int_equal(provkit_parse_integral("-7.0", 4, &v), PROVKIT_OK);
    assert_int_equal(v, -7);
    static const char *const bad[] = {"1001.5", "1001.", ".0", "1e3", "abc", "", "1.0.0", "-.0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(provkit_parse_integral(bad[i], strlen(bad[i]), &v), PROVKIT_ERR_RANGE);
    }
    const char *s = "ab\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    assert_int_equal(provkit_utf8_prefix(s, 2), 2);
    assert_int_equal(provkit_utf8_prefix(s, 3), 2);
    assert_int_equal(provkit_utf8_prefix(s, 4), 4);
    assert_int_equal(provkit_utf8_prefix(s, 5), 4);
    assert_int_equal(provkit_utf8_prefix(s, 6), 4);
    assert_int_equal(provkit_utf8_prefix(s, 7), 7);
    assert_int_equal(provkit_utf8_prefix(s, 10), 7);
    assert_int_equal(provkit_utf8_prefix(s, 11), 11);
    assert_int_equal(provkit_utf8_prefix(s, 0), 0);
    const char *bom = "\xEF\xBB\xBF{}";
    size_t n = 5;
    provkit_skip_bom(&bom, &n);
    assert_int_equal(n, 2);
    assert_memory_equal(bom, "{}", 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_refusals_name_field_and_code),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_us_zip),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_codes_and_verdicts),
        cmocka_unit_test(test_message_cut_on_char_boundary),
        cmocka_unit_test(test_truncated_list),
        cmocka_unit_test(test_not_answer_by_status),
        cmocka_unit_test(test_encoding_rules),
        cmocka_unit_test(test_encoding_measures),
        cmocka_unit_test(test_known_field_is_not_measured_again),
        cmocka_unit_test(test_integral_and_prefix),
    };
    return cmocka_run_group_tests_name("provider", tests, NULL, NULL);
}
