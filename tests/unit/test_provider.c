/* Unit tests for the shared provider machinery: codes, outcomes, rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/provider.h"

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
    {"login", offsetof(struct req, login), 4, 1, PROVKIT_CHECK_TEXT, 431, 0, NULL, 0},
    {"email", offsetof(struct req, email), 0, 1, PROVKIT_CHECK_EMAIL, 5, 4, NULL, 0},
    {"country", offsetof(struct req, country), 2, 0, PROVKIT_CHECK_COUNTRY, 443, 0, NULL, 0},
    {"language", offsetof(struct req, lang), 2, 0, PROVKIT_CHECK_LANGUAGE, 444, 0, NULL, 0},
    {"ClientAccountStatus", offsetof(struct req, status), 0, 0, PROVKIT_CHECK_ENUM, 9, 0,
     status_words, 0},
};
#define NRULES (sizeof rules / sizeof rules[0])

static int check(struct req r, provkit_outcome_t *o)
{
    provkit_outcome_clear(o);
    return provkit_validate(&r, rules, NRULES, o);
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
    r.login = "a\x01"; /* control */
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    r.login = "a\tb";
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
    r.lang = "e1";
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, 444);
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
    /* 254 bytes in all, 63 per label */
    char addr[300];
    memset(addr, 'a', 248);
    memcpy(addr + 248, "@x.com", 7); /* 254 */
    assert_true(provkit_is_email(addr, strlen(addr)));
    memset(addr, 'a', 249);
    memcpy(addr + 249, "@x.com", 7); /* 255 */
    assert_false(provkit_is_email(addr, strlen(addr)));
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

    provkit_outcome_verdict(&o, codes, 3, 100, NULL, 0);
    assert_int_equal(o.status, PROVKIT_OK);
    assert_int_equal(o.category, PROVKIT_CAT_CREATED);
    assert_string_equal(o.message, "created");

    provkit_outcome_verdict(&o, codes, 3, 431, "Bad login", 9);
    assert_int_equal(o.status, PROVKIT_ERR_PROVIDER);
    assert_string_equal(o.field, "login");
    assert_string_equal(o.message, "Bad login");

    provkit_outcome_verdict(&o, codes, 3, 12345, NULL, 0); /* passed through */
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
    provkit_outcome_message(&o, "x", 1);
    provkit_outcome_message(&o, text, sizeof text);
    size_t len = strlen(o.message);
    assert_true(len < PROVKIT_MESSAGE_MAX);
    assert_int_equal(len % 2, 0);
    provkit_outcome_message(&o, NULL, 5);
    assert_string_equal(o.message, "");
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
    };
    return cmocka_run_group_tests_name("provider", tests, NULL, NULL);
}
