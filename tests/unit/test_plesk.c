/* SPDX-License-Identifier: Apache-2.0 */
/* Plesk partner10.createClient: the seed's own request and response, every
 * result code, every field rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/plesk.h"
#include "provider_int.h"
#include "text.h"
#include "seed.h"
#include "seed_plesk.h"

#define SEED "001-plesk-xml-examples.txt"

static char seed_doc[16384];


static int setup(void **state)
{
    (void)state;
    return seed_read(SEED, seed_doc, sizeof seed_doc) > 0 ? 0 : -1;
}

static void test_seed_request_field_for_field(void **state)
{
    (void)state;
    char want[8192], got[8192], body[8192];
    assert_true(seed_cut(seed_doc, "<?xml", "</methodCall>", want, sizeof want) > 0);
    provkit_plesk_request_t r = seed_plesk_request();
    provkit_writer_t w;
    provkit_writer_init(&w, body, sizeof body);
    assert_int_equal(provkit_plesk_write_body(&r, &w), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_true(seed_cut(body, "<?xml", "</methodCall>", got, sizeof got) > 0);
    assert_string_equal(got, want);

    /* counting mode gives the exact Content-Length */
    provkit_writer_t c;
    provkit_writer_init(&c, NULL, 0);
    provkit_plesk_write_body(&r, &c);
    assert_int_equal(provkit_writer_total(&c), strlen(body));
}

static void test_seed_response_decoded(void **state)
{
    (void)state;
    const char *resp = strstr(seed_doc, "Response message");
    assert_non_null(resp);
    char doc[4096];
    assert_true(seed_cut(resp, "<?xml", "</methodResponse>", doc, sizeof doc) > 0);
    strcat(doc, "</methodResponse>");
    provkit_plesk_result_t res;
    provkit_outcome_clear(&res.outcome);
    assert_int_equal(provkit_plesk_decode(doc, strlen(doc), 200, &res), PROVKIT_OK);
    assert_int_equal(res.outcome.code, 100);
    assert_int_equal(res.outcome.category, PROVKIT_CAT_CREATED);
    assert_string_equal(res.client_id, "1401588");
    assert_string_equal(res.login, "JDOE_CLIENT_LOGIN");
    assert_string_equal(res.password, "JDOE_CLIENT_PASSWORD");
    assert_string_equal(res.outcome.message,
                        "New client CLIENT_LOGIN has been successfully created");
    assert_false(res.fault);
}

static const char *answer(int code, char *buf, size_t cap)
{
    snprintf(buf, cap,
             "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>"
             "<member><name>resultDesc</name><value><string>desc %d</string></value></member>"
             "<member><name>resultCode</name><value><i4>%d</i4></value></member>"
             "</struct></value></param></params></methodResponse>",
             code, code);
    return buf;
}

static void test_every_result_code(void **state)
{
    (void)state;
    static const struct {
        int code;
        provkit_category_t cat;
        const char *field;
    } want[] = {
        {100, PROVKIT_CAT_CREATED, NULL},         {200, PROVKIT_CAT_AUTH_FAILED, NULL},
        {201, PROVKIT_CAT_DENIED, NULL},          {251, PROVKIT_CAT_EXISTS, "login"},
        {300, PROVKIT_CAT_SERVER_BUSY, NULL},     {400, PROVKIT_CAT_INVALID_FIELD, "AuthInfo"},
        {431, PROVKIT_CAT_INVALID_FIELD, "login"}, {432, PROVKIT_CAT_INVALID_FIELD, "password"},
        {433, PROVKIT_CAT_INVALID_FIELD, "firstName"},
        {434, PROVKIT_CAT_INVALID_FIELD, "lastName"},
        {435, PROVKIT_CAT_INVALID_FIELD, "company"}, {436, PROVKIT_CAT_INVALID_FIELD, "address"},
        {437, PROVKIT_CAT_INVALID_FIELD, "email"},  {438, PROVKIT_CAT_INVALID_FIELD, "phone"},
        {439, PROVKIT_CAT_INVALID_FIELD, "fax"},    {440, PROVKIT_CAT_INVALID_FIELD, "city"},
        {441, PROVKIT_CAT_INVALID_FIELD, "zip"},    {442, PROVKIT_CAT_INVALID_FIELD, "state"},
        {443, PROVKIT_CAT_INVALID_FIELD, "country"},
        {444, PROVKIT_CAT_INVALID_FIELD, "language"},
        {999, PROVKIT_CAT_OTHER, NULL}, /* undocumented: passed through */
    };
    assert_int_equal(provkit_plesk_codes_len, 20);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char buf[1024], msg[32];
        provkit_plesk_result_t res;
        provkit_outcome_clear(&res.outcome);
        answer(want[i].code, buf, sizeof buf);
        int rc = provkit_plesk_decode(buf, strlen(buf), 200, &res);
        if (rc != (want[i].code == 100 ? PROVKIT_OK : PROVKIT_ERR_PROVIDER)) {
            fail_msg("code %d: rc %d (%s)", want[i].code, rc, res.outcome.message);
        }
        assert_int_equal(res.outcome.code, want[i].code);
        assert_int_equal(res.outcome.category, want[i].cat);
        if (want[i].field) {
            assert_string_equal(res.outcome.field, want[i].field);
        } else {
            assert_null(res.outcome.field);
        }
        snprintf(msg, sizeof msg, "desc %d", want[i].code);
        assert_string_equal(res.outcome.message, msg);
    }
}

static char *repeat(char *buf, const char *unit, size_t times)
{
    size_t ul = strlen(unit);
    for (size_t i = 0; i < times; i++) {
        memcpy(buf + i * ul, unit, ul);
    }
    buf[times * ul] = '\0';
    return buf;
}

static void test_fault_and_non_answers(void **state)
{
    (void)state;
    static const char fault[] =
        "<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
        "<member><name>faultCode</name><value><int>-32601</int></value></member>"
        "<member><name>faultString</name><value><string>no such method &amp; co</string></value>"
        "</member></struct></value></fault></methodResponse>";
    provkit_plesk_result_t res;
    provkit_outcome_clear(&res.outcome);
    assert_int_equal(provkit_plesk_decode(fault, strlen(fault), 200, &res), PROVKIT_ERR_FAULT);
    assert_true(res.fault);
    assert_int_equal(res.outcome.code, -32601);
    assert_string_equal(res.outcome.message, "no such method & co");

    static const char html[] = "<html><body>Forbidden</body></html>";
    assert_int_equal(provkit_plesk_decode(html, strlen(html), 403, &res), PROVKIT_ERR_HTTP_STATUS);
    assert_int_equal(res.outcome.http_status, 403);
    assert_false(res.outcome.has_code);
    /* after the request went out, only a 4xx says "refused"; a 200 or 5xx
     * that is not an answer may follow a created account */
    assert_int_equal(provkit_plesk_decode(html, strlen(html), 200, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(res.outcome.cause, PROVKIT_ERR_PROTOCOL);
    static const char nocode[] =
        "<methodResponse><params><param><value><struct><member><name>clientId</name>"
        "<value>7</value></member></struct></value></param></params></methodResponse>";
    assert_int_equal(provkit_plesk_decode(nocode, strlen(nocode), 200, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_string_equal(res.client_id, ""); /* nothing of a non-answer is kept */
    static const char cut[] = "<methodResponse><params><param><value><struct>";
    assert_int_equal(provkit_plesk_decode(cut, strlen(cut), 200, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(provkit_plesk_decode("", 0, 502, &res), PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(res.outcome.cause, PROVKIT_ERR_HTTP_STATUS);
    assert_int_equal(res.outcome.http_status, 502);
    assert_int_equal(provkit_plesk_decode(html, strlen(html), 504, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    /* an answer in an encoding the scanner does not decode is not read as
     * if it were UTF-8 */
    static const char latin1[] =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodResponse><params><param><value>"
        "<struct><member><name>resultCode</name><value><int>100</int></value></member>"
        "</struct></value></param></params></methodResponse>";
    assert_int_equal(provkit_plesk_decode(latin1, strlen(latin1), 200, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_non_null(strstr(res.outcome.message, "the account may exist"));
}

/* The verdict is resultCode's: members longer than the result buffers keep
 * a prefix and are named in truncated; a created account stays created. */
static void test_long_members_never_fail_a_created(void **state)
{
    (void)state;
    static char body[4096], id[64], login[300], desc[600];
    memset(id, '9', 40);
    id[40] = '\0';
    repeat(login, "\xC3\xA9", 100); /* 200 bytes > PROVKIT_PLESK_TEXT_MAX */
    repeat(desc, "d", 500);
    snprintf(body, sizeof body,
             "\xEF\xBB\xBF<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>"
             "<member><name>clientId</name><value>%s</value></member>"
             "<member><name>login</name><value>%s</value></member>"
             "<member><name>password</name><value><string>%s</string></value></member>"
             "<member><name>resultCode</name><value><int>100</int></value></member>"
             "<member><name>resultDesc</name><value>%s</value></member>"
             "</struct></value></param></params></methodResponse>",
             id, login, login, desc);
    provkit_plesk_result_t res;
    provkit_outcome_clear(&res.outcome);
    assert_int_equal(provkit_plesk_decode(body, strlen(body), 200, &res), PROVKIT_OK);
    assert_int_equal(res.outcome.code, 100);
    assert_int_equal(res.outcome.n_truncated, 4);
    assert_string_equal(res.outcome.truncated[0], "resultDesc");
    assert_string_equal(res.outcome.truncated[1], "clientId");
    assert_string_equal(res.outcome.truncated[2], "login");
    assert_string_equal(res.outcome.truncated[3], "password");
    assert_int_equal(strlen(res.client_id), sizeof res.client_id - 1);
    assert_memory_equal(res.client_id, id, sizeof res.client_id - 1);
    /* cut on a character boundary: whole "é"s only */
    assert_true(strlen(res.login) >= sizeof res.login - 2);
    assert_int_equal(strlen(res.login) % 2, 0);
    assert_int_equal(strlen(res.password) % 2, 0);
    assert_int_equal(strlen(res.outcome.message), PROVKIT_MESSAGE_MAX - 1);

    /* a refusal keeps its code with a long text beside it */
    snprintf(body, sizeof body,
             "<methodResponse><params><param><value><struct>"
             "<member><name>resultCode</name><value><int>251</int></value></member>"
             "<member><name>resultDesc</name><value>%s</value></member>"
             "</struct></value></param></params></methodResponse>", desc);
    assert_int_equal(provkit_plesk_decode(body, strlen(body), 200, &res), PROVKIT_ERR_PROVIDER);
    assert_int_equal(res.outcome.code, 251);
    assert_int_equal(res.outcome.n_truncated, 1);
    /* a short answer after a long one lists nothing */
    char ok[1024];
    answer(100, ok, sizeof ok);
    assert_int_equal(provkit_plesk_decode(ok, strlen(ok), 200, &res), PROVKIT_OK);
    assert_int_equal(res.outcome.n_truncated, 0);
}

static int validate(provkit_plesk_request_t r, provkit_outcome_t *o)
{
    provkit_outcome_clear(o);
    return provkit_plesk_validate(&r, o);
}

static void expect_refused(provkit_plesk_request_t r, int code, const char *field)
{
    provkit_outcome_t o;
    assert_int_equal(validate(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, code);
    assert_string_equal(o.field, field);
    assert_true(o.local);
}

static void expect_ok(provkit_plesk_request_t r)
{
    provkit_outcome_t o;
    assert_int_equal(validate(r, &o), PROVKIT_OK);
}


static void test_limits_at_boundary(void **state)
{
    (void)state;
    static const struct {
        size_t offset;
        size_t max;
        int code;
        const char *name;
    } limits[] = {
        {offsetof(provkit_plesk_request_t, login), 32, 431, "login"},
        {offsetof(provkit_plesk_request_t, password), 32, 432, "password"},
        {offsetof(provkit_plesk_request_t, first_name), 64, 433, "firstName"},
        {offsetof(provkit_plesk_request_t, last_name), 64, 434, "lastName"},
        {offsetof(provkit_plesk_request_t, company), 64, 435, "company"},
        {offsetof(provkit_plesk_request_t, address), 256, 436, "address"},
        {offsetof(provkit_plesk_request_t, phone), 128, 438, "phone"},
        {offsetof(provkit_plesk_request_t, fax), 128, 439, "fax"},
        {offsetof(provkit_plesk_request_t, city), 64, 440, "city"},
        {offsetof(provkit_plesk_request_t, state), 32, 442, "state"},
        {offsetof(provkit_plesk_request_t, auth_login), 255, 400, "AuthInfo.login"},
        {offsetof(provkit_plesk_request_t, auth_password), 63, 400, "AuthInfo.password"},
    };
    static char ascii[1200], accented[1200];
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        provkit_plesk_request_t r = seed_plesk_request();
        r.auth_password = "secret";
        const char **field = (const char **)((char *)&r + limits[i].offset);
        *field = repeat(ascii, "a", limits[i].max);
        expect_ok(r);
        /* max characters of two-byte UTF-8: within the limit */
        *field = repeat(accented, "é", limits[i].max);
        expect_ok(r);
        *field = repeat(ascii, "a", limits[i].max + 1);
        expect_refused(r, limits[i].code, limits[i].name);
        *field = repeat(accented, "é", limits[i].max + 1);
        expect_refused(r, limits[i].code, limits[i].name);
    }
}

static void test_required_and_formats(void **state)
{
    (void)state;
    provkit_plesk_request_t r = seed_plesk_request();
    expect_ok(r); /* the seed's AuthInfo has no password: sent when given */
    r.auth_password = "secret";
    expect_ok(r);
    r.login = NULL; /* optional: generated by the server */
    r.password = "";
    r.fax = NULL;
    expect_ok(r);

    static const struct {
        size_t offset;
        int code;
        const char *name;
    } required[] = {
        {offsetof(provkit_plesk_request_t, first_name), 433, "firstName"},
        {offsetof(provkit_plesk_request_t, last_name), 434, "lastName"},
        {offsetof(provkit_plesk_request_t, company), 435, "company"},
        {offsetof(provkit_plesk_request_t, address), 436, "address"},
        {offsetof(provkit_plesk_request_t, email), 437, "email"},
        {offsetof(provkit_plesk_request_t, phone), 438, "phone"},
        {offsetof(provkit_plesk_request_t, city), 440, "city"},
        {offsetof(provkit_plesk_request_t, zip), 441, "zip"},
        {offsetof(provkit_plesk_request_t, state), 442, "state"},
        {offsetof(provkit_plesk_request_t, country), 443, "country"},
        {offsetof(provkit_plesk_request_t, auth_login), 400, "AuthInfo.login"},
    };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        provkit_plesk_request_t q = r;
        const char **field = (const char **)((char *)&q + required[i].offset);
        *field = NULL;
        expect_refused(q, required[i].code, required[i].name);
        *field = "";
        expect_refused(q, required[i].code, required[i].name);
    }

    /* US zip: DDDDD or DDDDD-DDDD */
    r.zip = "20171-1234";
    expect_ok(r);
    r.zip = "2017";
    expect_refused(r, 441, "zip");
    r.zip = "20171-123";
    expect_refused(r, 441, "zip");
    r.zip = "ABCDE";
    expect_refused(r, 441, "zip");
    /* elsewhere any characters, up to 16 */
    r.country = "GB";
    r.zip = "SW1A 1AA";
    expect_ok(r);
    r.zip = "1234567890123456";
    expect_ok(r);
    r.zip = "12345678901234567";
    expect_refused(r, 441, "zip");
    r.zip = "20171";

    /* country: ISO 3166-1 alpha-2, upper case */
    r.country = "us";
    expect_refused(r, 443, "country");
    r.country = "USA";
    expect_refused(r, 443, "country");
    r.country = "XX";
    expect_refused(r, 443, "country");
    r.country = "US";

    r.email = "jdoe@";
    expect_refused(r, 437, "email");
    r.email = "jdoe@example.com";
    /* email: "max chars 256", at the boundary */
    static char mail[300];
    repeat(mail, "a", 250);
    strcat(mail, "@x.com"); /* 256 */
    r.email = mail;
    expect_ok(r);
    mail[0] = '\0';
    repeat(mail, "a", 251);
    strcat(mail, "@x.com"); /* 257 */
    expect_refused(r, 437, "email");
    r.email = "jdoe@example.com";
    /* language: "max chars 2" is all the seed says */
    r.language = "e";
    expect_ok(r);
    r.language = "eng";
    expect_refused(r, 444, "language");
    r.language = "en";
    r.email_language = "eng";
    expect_refused(r, 444, "email_language");
    r.email_language = "de";
    expect_ok(r);

    /* first failure in result-code order wins */
    r.first_name = "";
    r.country = "zz";
    expect_refused(r, 433, "firstName");
}

static void test_escaping_in_body(void **state)
{
    (void)state;
    provkit_plesk_request_t r = seed_plesk_request();
    r.company = "A&B <Ltd> \"quoted\" 'single' % + = é";
    char body[8192];
    provkit_writer_t w;
    provkit_writer_init(&w, body, sizeof body);
    assert_int_equal(provkit_plesk_write_body(&r, &w), PROVKIT_OK);
    provkit_writer_finish(&w);
    assert_non_null(strstr(body, "<string>A&amp;B &lt;Ltd&gt; &quot;quoted&quot; "
                                 "&apos;single&apos; % + = é</string>"));
    r.company = "bad\x01";
    provkit_writer_init(&w, body, sizeof body);
    assert_int_equal(provkit_plesk_write_body(&r, &w), PROVKIT_ERR_INVALID_FIELD);
}

/* Every field travels as XML 1.0 text: TAB, CR and LF arrive as given (CR
 * as &#13;), other C0 controls and U+FFFE/U+FFFF are refused locally,
 * naming the field, with or without validation. */
static void test_characters_every_field(void **state)
{
    (void)state;
    static const struct {
        size_t offset;
        const char *name;
        int code;
    } fields[] = {
        {offsetof(provkit_plesk_request_t, auth_login), "AuthInfo.login", 400},
        {offsetof(provkit_plesk_request_t, auth_password), "AuthInfo.password", 400},
        {offsetof(provkit_plesk_request_t, login), "login", 431},
        {offsetof(provkit_plesk_request_t, password), "password", 432},
        {offsetof(provkit_plesk_request_t, first_name), "firstName", 433},
        {offsetof(provkit_plesk_request_t, last_name), "lastName", 434},
        {offsetof(provkit_plesk_request_t, company), "company", 435},
        {offsetof(provkit_plesk_request_t, address), "address", 436},
        {offsetof(provkit_plesk_request_t, email), "email", 437},
        {offsetof(provkit_plesk_request_t, phone), "phone", 438},
        {offsetof(provkit_plesk_request_t, fax), "fax", 439},
        {offsetof(provkit_plesk_request_t, city), "city", 440},
        {offsetof(provkit_plesk_request_t, zip), "zip", 441},
        {offsetof(provkit_plesk_request_t, state), "state", 442},
        {offsetof(provkit_plesk_request_t, country), "country", 443},
        {offsetof(provkit_plesk_request_t, language), "language", 444},
        {offsetof(provkit_plesk_request_t, email_language), "email_language", 444},
    };
    static const char *const refused[] = {"a\x01", "\x0B", "x\x1F", "\xEF\xBF\xBE", "\xEF\xBF\xBF",
                                          "\xC3"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        for (size_t k = 0; k < sizeof refused / sizeof refused[0]; k++) {
            for (int skip = 0; skip < 2; skip++) {
                provkit_plesk_request_t r = seed_plesk_request();
                r.skip_validation = skip != 0;
                *(const char **)((char *)&r + fields[i].offset) = refused[k];
                provkit_plesk_result_t res;
                /* refused before the client is touched: nothing sent */
                assert_int_equal(provkit_plesk_create(NULL, NULL, &r, NULL, &res),
                                 PROVKIT_ERR_INVALID_FIELD);
                assert_string_equal(res.outcome.field, fields[i].name);
                assert_int_equal(res.outcome.code, fields[i].code);
                assert_true(res.outcome.local);
                assert_false(res.outcome.request_sent);
            }
        }
        /* CR and LF: carried, with skip_validation (the rules may refuse
         * them in a zip or a country, the encoding does not) */
        provkit_plesk_request_t r = seed_plesk_request();
        r.skip_validation = true;
        *(const char **)((char *)&r + fields[i].offset) = "a\r\nb\tc";
        provkit_outcome_t o;
        provkit_outcome_clear(&o);
        static char body[8192];
        provkit_writer_t w;
        provkit_writer_init(&w, body, sizeof body);
        assert_int_equal(provkit_plesk_write_body(&r, &w), PROVKIT_OK);
        assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
        char want[128];
        snprintf(want, sizeof want, "<name>%s</name><value><string>a&#13;\nb\tc</string>",
                 strchr(fields[i].name, '.') ? strchr(fields[i].name, '.') + 1 : fields[i].name);
        assert_non_null(strstr(body, want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_request_field_for_field),
        cmocka_unit_test(test_seed_response_decoded),
        cmocka_unit_test(test_every_result_code),
        cmocka_unit_test(test_fault_and_non_answers),
        cmocka_unit_test(test_limits_at_boundary),
        cmocka_unit_test(test_required_and_formats),
        cmocka_unit_test(test_escaping_in_body),
        cmocka_unit_test(test_long_members_never_fail_a_created),
        cmocka_unit_test(test_characters_every_field),
    };
    return cmocka_run_group_tests_name("plesk", tests, setup, NULL);
}
