/* SPDX-License-Identifier: Apache-2.0 */
/* SMS Partner subaccount/create: the seed's JSON and XML answers (success
 * and error), the body, every code, every rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/smspartner.h"
#include "provider_int.h"
#include "text.h"
#include "seed.h"

#define SEED "002-smspartner-request-answers-errors.txt"

static char seed_doc[16384];

/* The seed's examples are one line each, ended by " |". */
static size_t example(const char *start, char *out, size_t cap)
{
    const char *a = strstr(seed_doc, start);
    assert_non_null(a);
    const char *b = strstr(a, " |\n");
    assert_non_null(b);
    size_t n = (size_t)(b - a);
    assert_true(n < cap);
    memcpy(out, a, n);
    out[n] = '\0';
    return n;
}

static int setup(void **state)
{
    (void)state;
    return seed_read(SEED, seed_doc, sizeof seed_doc) > 0 ? 0 : -1;
}

static int decode(const char *body, size_t n, int http, provkit_smspartner_result_t *res)
{
    provkit_json_token_t tok[32];
    memset(res, 0, sizeof *res);
    return provkit_smspartner_decode(body, n, http, tok, 32, res);
}

static void expect_seed_success(const provkit_smspartner_result_t *res)
{
    assert_int_equal(res->outcome.status, PROVKIT_OK);
    assert_true(res->success);
    assert_int_equal(res->outcome.code, 200);
    assert_int_equal(res->outcome.category, PROVKIT_CAT_CREATED);
    assert_string_equal(res->email, "aaaa@bbb.ccc");
    assert_string_equal(res->token, "token");
    assert_string_equal(res->send_confirm_mail_to, "aaaa@bbb.ccc");
    assert_string_equal(res->parent_email, "emailparent@ddd.eee");
}

static void expect_seed_error(const provkit_smspartner_result_t *res)
{
    assert_int_equal(res->outcome.status, PROVKIT_ERR_PROVIDER);
    assert_false(res->success);
    assert_int_equal(res->outcome.code, 10);
    assert_int_equal(res->outcome.category, PROVKIT_CAT_AUTH_FAILED);
    assert_string_equal(res->outcome.message, "Clé API incorrecte");
    assert_string_equal(res->email, "");
}

static void test_seed_json_success_and_error(void **state)
{
    (void)state;
    char body[1024];
    provkit_smspartner_result_t res;
    size_t n = example("{ \"success\":true", body, sizeof body);
    assert_int_equal(decode(body, n, 200, &res), PROVKIT_OK);
    expect_seed_success(&res);
    n = example("{ \"success\": false", body, sizeof body);
    assert_int_equal(decode(body, n, 400, &res), PROVKIT_ERR_PROVIDER);
    expect_seed_error(&res);
    assert_int_equal(res.outcome.http_status, 400);
}

static void test_seed_xml_success_and_error(void **state)
{
    (void)state;
    char body[1024];
    provkit_smspartner_result_t res;
    const char *ok = strstr(seed_doc, "<?xml");
    assert_non_null(ok);
    size_t n = example("<?xml", body, sizeof body);
    assert_int_equal(decode(body, n, 200, &res), PROVKIT_OK);
    expect_seed_success(&res);
    /* the error example is the second XML document of the page */
    const char *err = strstr(ok + 5, "<?xml");
    assert_non_null(err);
    const char *end = strstr(err, " |\n");
    n = (size_t)(end - err);
    memcpy(body, err, n);
    assert_int_equal(decode(body, n, 400, &res), PROVKIT_ERR_PROVIDER);
    expect_seed_error(&res);
}

static void test_error_details(void **state)
{
    (void)state;
    provkit_smspartner_result_t res;
    static const char j[] = "{\"success\":false,\"code\":6,\"message\":\"L\\u2019e-mail è richiesta\","
                            "\"errors\":[{\"elementId\":\"parameters.email\",\"message\":\"x\"}]}";
    assert_int_equal(decode(j, strlen(j), 400, &res), PROVKIT_ERR_PROVIDER);
    assert_int_equal(res.outcome.code, 6);
    assert_string_equal(res.outcome.field, "email");
    assert_string_equal(res.error_element, "parameters.email");
    assert_string_equal(res.outcome.message, "L’e-mail è richiesta");
    static const char j2[] = "{\"success\":false,\"code\":8,"
                             "\"error\":[{\"elementId\":\"creditToAttribute\",\"message\":\"m\"}]}";
    assert_int_equal(decode(j2, strlen(j2), 400, &res), PROVKIT_ERR_PROVIDER);
    assert_string_equal(res.error_element, "creditToAttribute");
    assert_string_equal(res.outcome.message, "m"); /* from errors[0] when no message */
    static const char x[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<result>\n  <entry>false</entry>\n"
        "  <entry>3</entry>\n  <entry>\n    <![CDATA[isBuyer è richiesto]]>\n  </entry>\n"
        "  <entry>\n    <entry>\n      <entry><![CDATA[parameters.isBuyer]]></entry>\n"
        "      <entry><![CDATA[isBuyer è richiesto]]></entry>\n    </entry>\n  </entry>\n"
        "</result>\n";
    assert_int_equal(decode(x, strlen(x), 400, &res), PROVKIT_ERR_PROVIDER);
    assert_int_equal(res.outcome.code, 3);
    assert_string_equal(res.error_element, "parameters.isBuyer");
    assert_string_equal(res.outcome.message, "isBuyer è richiesto");
}

static void test_every_code(void **state)
{
    (void)state;
    static const struct {
        int code;
        provkit_category_t cat;
        const char *field;
    } want[] = {
        {200, PROVKIT_CAT_CREATED, NULL},
        {1, PROVKIT_CAT_INVALID_FIELD, "apiKey"},
        {2, PROVKIT_CAT_DENIED, NULL},
        {3, PROVKIT_CAT_INVALID_FIELD, "isBuyer"},
        {4, PROVKIT_CAT_INVALID_FIELD, "type"},
        {5, PROVKIT_CAT_INVALID_FIELD, "type"},
        {6, PROVKIT_CAT_INVALID_FIELD, "email"},
        {7, PROVKIT_CAT_EXISTS, "email"},
        {8, PROVKIT_CAT_INVALID_FIELD, "creditToAttribute"},
        {9, PROVKIT_CAT_INVALID_FIELD, NULL},
        {10, PROVKIT_CAT_AUTH_FAILED, "apiKey"},
        {77, PROVKIT_CAT_OTHER, NULL},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char body[256];
        provkit_smspartner_result_t res;
        int ok = want[i].code == 200;
        snprintf(body, sizeof body,
                 ok ? "{\"success\":true,\"code\":200,\"subaccount\":{\"email\":\"a@b.cc\","
                      "\"token\":\"t\"},\"sendConfirmMailTo\":\"a@b.cc\",\"parent_email\":\"p@b.cc\"}"
                    : "{\"success\":false,\"code\":%d,\"message\":\"as sent\"}",
                 want[i].code);
        assert_int_equal(decode(body, strlen(body), ok ? 200 : 400, &res),
                         ok ? PROVKIT_OK : PROVKIT_ERR_PROVIDER);
        assert_int_equal(res.outcome.code, want[i].code);
        assert_int_equal(res.outcome.category, want[i].cat);
        if (want[i].field) {
            assert_string_equal(res.outcome.field, want[i].field);
        } else {
            assert_null(res.outcome.field);
        }
        if (!ok) {
            assert_string_equal(res.outcome.message, "as sent"); /* kept as sent */
        }
    }
}

static void test_non_answers(void **state)
{
    (void)state;
    provkit_smspartner_result_t res;
    static const char *const bodies[] = {
        "{\"success\":true,\"code\":7}",       /* success and code disagree */
        "{\"success\":false,\"code\":200}",
        "{\"code\":200}",                        /* no success */
        "{\"success\":true}",                    /* no code */
        "{\"success\":\"yes\",\"code\":200}",
        "{\"success\":false,\"code\":99999999999}",
        "<result><entry>true</entry></result>", /* cut short */
        "<result><entry>maybe</entry><entry>200</entry></result>",
        "<other/>",
        ("<result><entry>false</entry><entry>5</entry><entry>m</entry><entry>x</entry>"
         "<entry>y</entry></result>"),
        "plain text",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        /* after the request went out, a 200 without a trustworthy verdict
         * may follow a created account */
        int rc = decode(bodies[i], strlen(bodies[i]), 200, &res);
        if (rc != PROVKIT_ERR_OUTCOME_UNKNOWN) {
            fail_msg("body %zu: rc %d", i, rc);
        }
        assert_int_equal(res.outcome.cause, PROVKIT_ERR_PROTOCOL);
        assert_false(res.success);
        assert_int_equal(res.outcome.category, PROVKIT_CAT_NONE);
    }
    assert_int_equal(decode("<html>502 Bad Gateway</html>", 28, 502, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(res.outcome.cause, PROVKIT_ERR_HTTP_STATUS);
    assert_int_equal(res.outcome.http_status, 502);
    /* a 4xx without a verdict: refused before processing */
    assert_int_equal(decode("<html>Bad Request</html>", 24, 400, &res), PROVKIT_ERR_HTTP_STATUS);
    /* a verdict that contradicts itself is not trusted, whatever the status */
    static const char contra[] = "{\"success\":true,\"code\":7}";
    assert_int_equal(decode(contra, strlen(contra), 400, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
}

/* Found by fuzzing: a code out of range with success true was refused but
 * left success true and the account fields in the result. */
static void test_out_of_range_code_keeps_nothing(void **state)
{
    (void)state;
    provkit_smspartner_result_t res;
    static const char body[] = "{\"success\":true,\"code\":4294967496,\"subaccount\":"
                               "{\"email\":\"a@b.cc\",\"token\":\"t\"},\"parent_email\":\"p@b.cc\"}";
    assert_int_equal(decode(body, strlen(body), 200, &res), PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_false(res.success);
    assert_string_equal(res.email, "");
    assert_string_equal(res.token, "");
    assert_string_equal(res.parent_email, "");
    assert_int_equal(res.outcome.n_truncated, 0);
    static const char bare[] = "{\"success\":true,\"code\":4294967496}";
    assert_int_equal(decode(bare, strlen(bare), 200, &res), PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_false(res.success);
}

/* The verdict is success and code's: an odd or oversized field beside a
 * created account never turns it into a failure. */
static void test_odd_fields_keep_created(void **state)
{
    (void)state;
    provkit_smspartner_result_t res;
    static char body[2048], big[400];
    memset(big, 'e', 300);
    memcpy(big + 300, "@example.com", 13);
    /* a numeric token, a 312-byte e-mail, a BOM */
    snprintf(body, sizeof body,
             "\xEF\xBB\xBF{\"success\":true,\"code\":200,\"subaccount\":{\"email\":\"%s\","
             "\"token\":123456789012},\"sendConfirmMailTo\":null,\"parent_email\":\"p@b.cc\"}",
             big);
    assert_int_equal(decode(body, strlen(body), 200, &res), PROVKIT_OK);
    assert_true(res.success);
    assert_string_equal(res.token, "123456789012");
    assert_int_equal(strlen(res.email), PROVKIT_SMS_FIELD_MAX - 1);
    assert_memory_equal(res.email, big, PROVKIT_SMS_FIELD_MAX - 1);
    assert_string_equal(res.send_confirm_mail_to, "");
    assert_string_equal(res.parent_email, "p@b.cc");
    assert_int_equal(res.outcome.n_truncated, 1);
    assert_string_equal(res.outcome.truncated[0], "subaccount.email");
    /* the same in XML, every field long */
    snprintf(body, sizeof body,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><result><entry>true</entry>"
             "<entry>200</entry><entry><entry><![CDATA[%s]]></entry><entry>%s</entry></entry>"
             "<entry>%s</entry><entry>%s</entry></result>",
             big, big, big, big);
    assert_int_equal(decode(body, strlen(body), 200, &res), PROVKIT_OK);
    assert_int_equal(res.outcome.n_truncated, 4);
    assert_string_equal(res.outcome.truncated[0], "subaccount.email");
    assert_string_equal(res.outcome.truncated[1], "subaccount.token");
    assert_string_equal(res.outcome.truncated[2], "sendConfirmMailTo");
    assert_string_equal(res.outcome.truncated[3], "parent_email");
    assert_int_equal(strlen(res.parent_email), PROVKIT_SMS_FIELD_MAX - 1);
    /* a long message beside a refusal: the code stands, the text is cut */
    snprintf(body, sizeof body, "{\"success\":false,\"code\":7,\"message\":\"%s\"}", big);
    assert_int_equal(decode(body, strlen(body), 400, &res), PROVKIT_ERR_PROVIDER);
    assert_int_equal(res.outcome.code, 7);
    assert_int_equal(res.outcome.n_truncated, 1);
    assert_string_equal(res.outcome.truncated[0], "message");
}

static provkit_smspartner_request_t seed_request(void)
{
    provkit_smspartner_request_t r;
    memset(&r, 0, sizeof r);
    r.api_key = "YOUR API KEY";
    r.type = "advanced";
    r.email = "aaaa@bbb.ccc";
    r.credit_to_attribute = "10";
    r.is_buyer = "0";
    r.firstname = "prenom";
    r.lastname = "nom";
    return r;
}

static void test_body_is_the_seeds(void **state)
{
    (void)state;
    char body[512];
    provkit_smspartner_request_t r = seed_request();
    provkit_writer_t w;
    provkit_writer_init(&w, body, sizeof body);
    assert_int_equal(provkit_smspartner_write_body(&r, &w), PROVKIT_OK);
    provkit_writer_finish(&w);
    /* the curl example of the seed, byte for byte but for the key */
    assert_string_equal(body, "{\"apiKey\":\"YOUR API KEY\",\"type\":\"advanced\",\"parameters\":"
                              "{\"email\":\"aaaa@bbb.ccc\",\"creditToAttribute\":10,\"isBuyer\":0,"
                              "\"firstname\":\"prenom\",\"lastname\":\"nom\"}}");
    r.email = NULL;
    r.type = "simple";
    r.credit_to_attribute = "12.50";
    r.firstname = "Zoé \"Z\" \\ </x>";
    r.lastname = NULL;
    provkit_writer_init(&w, body, sizeof body);
    assert_int_equal(provkit_smspartner_write_body(&r, &w), PROVKIT_OK);
    provkit_writer_finish(&w);
    assert_string_equal(body, "{\"apiKey\":\"YOUR API KEY\",\"type\":\"simple\",\"parameters\":"
                              "{\"creditToAttribute\":12.50,\"isBuyer\":0,"
                              "\"firstname\":\"Zoé \\\"Z\\\" \\\\ </x>\"}}");
    r.credit_to_attribute = "1e"; /* not a number: never written */
    provkit_writer_init(&w, body, sizeof body);
    assert_int_equal(provkit_smspartner_write_body(&r, &w), PROVKIT_ERR_INVALID_FIELD);
    assert_false(provkit_smspartner_wants_xml(&r));
    r.format = "xml";
    assert_true(provkit_smspartner_wants_xml(&r));
}

static void expect(provkit_smspartner_request_t r, int status, int code, const char *field)
{
    provkit_outcome_t o;
    provkit_outcome_clear(&o);
    assert_int_equal(provkit_smspartner_validate(&r, &o), status);
    if (status != PROVKIT_OK) {
        assert_int_equal(o.has_code, code != 0);
        if (code != 0) {
            assert_int_equal(o.code, code);
        }
        assert_string_equal(o.field, field);
    }
}

static void test_rules(void **state)
{
    (void)state;
    provkit_smspartner_request_t r = seed_request();
    expect(r, PROVKIT_OK, 0, NULL);
    r.api_key = "";
    expect(r, PROVKIT_ERR_INVALID_FIELD, 1, "apiKey");
    r = seed_request();
    r.type = NULL;
    expect(r, PROVKIT_ERR_INVALID_FIELD, 4, "type");
    r.type = "Advanced";
    expect(r, PROVKIT_ERR_INVALID_FIELD, 5, "type");
    r = seed_request();
    r.is_buyer = NULL;
    expect(r, PROVKIT_ERR_INVALID_FIELD, 3, "isBuyer");
    r.is_buyer = "2";
    expect(r, PROVKIT_ERR_INVALID_FIELD, 3, "isBuyer");
    r.is_buyer = "1";
    expect(r, PROVKIT_OK, 0, NULL);
    r.email = NULL; /* advanced needs one */
    expect(r, PROVKIT_ERR_INVALID_FIELD, 6, "email");
    r.type = "simple"; /* generated by the server */
    expect(r, PROVKIT_OK, 0, NULL);
    r.email = "no-at-sign";
    expect(r, PROVKIT_ERR_INVALID_FIELD, 6, "email");
    r = seed_request();
    static const char *const bad_credit[] = {"0", "0.00", "-1", "abc", "1.", ".5", "01", "1e3"};
    for (size_t i = 0; i < sizeof bad_credit / sizeof bad_credit[0]; i++) {
        r.credit_to_attribute = bad_credit[i];
        expect(r, PROVKIT_ERR_INVALID_FIELD, 8, "creditToAttribute");
    }
    static const char *const good_credit[] = {"1", "0.01", "12.50", "100000"};
    for (size_t i = 0; i < sizeof good_credit / sizeof good_credit[0]; i++) {
        r.credit_to_attribute = good_credit[i];
        expect(r, PROVKIT_OK, 0, NULL);
    }
    /* _format: the seed writes JSON and XML, the notes json and xml */
    static const char *const formats[] = {"XML", "xml", "Xml", "JSON", "json"};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        r.format = formats[i];
        expect(r, PROVKIT_OK, 0, NULL);
        assert_int_equal(provkit_smspartner_wants_xml(&r), formats[i][0] == 'X' || formats[i][0] == 'x');
    }
    r.format = "yaml"; /* no documented code */
    expect(r, PROVKIT_ERR_INVALID_FIELD, 0, "_format");
    r.format = "xml";
    expect(r, PROVKIT_OK, 0, NULL);
    /* no documented length: a long e-mail and a long credit pass */
    static char mail[400];
    memset(mail, 'm', 300);
    memcpy(mail + 300, "@example.com", 13);
    r.email = mail;
    r.credit_to_attribute = "1000000000000000000000000000000000.5";
    expect(r, PROVKIT_OK, 0, NULL);
    r = seed_request();
    /* CR and LF in every text field: carried by JSON, escaped */
    static const size_t text[] = {offsetof(provkit_smspartner_request_t, api_key),
                                  offsetof(provkit_smspartner_request_t, firstname),
                                  offsetof(provkit_smspartner_request_t, lastname)};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        provkit_smspartner_request_t q = seed_request();
        *(const char **)((char *)&q + text[i]) = "a\r\nb\x01";
        expect(q, PROVKIT_OK, 0, NULL);
        char body[512];
        provkit_writer_t w;
        provkit_writer_init(&w, body, sizeof body);
        assert_int_equal(provkit_smspartner_write_body(&q, &w), PROVKIT_OK);
        provkit_writer_finish(&w);
        assert_non_null(strstr(body, "\"a\\u000D\\u000Ab\\u0001\""));
    }
    /* in the others the provider's rule refuses them */
    r.email = "a@b.cc\r\n";
    expect(r, PROVKIT_ERR_INVALID_FIELD, 6, "email");
    r = seed_request();
    r.type = "simple\n";
    expect(r, PROVKIT_ERR_INVALID_FIELD, 5, "type");
    /* isBuyer and creditToAttribute are bare numbers: even without
     * validation, a non-number is refused naming the field */
    r = seed_request();
    r.is_buyer = "0\n";
    r.skip_validation = true;
    provkit_smspartner_result_t res;
    assert_int_equal(provkit_smspartner_create(NULL, NULL, &r, NULL, &res),
                     PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(res.outcome.field, "isBuyer");
    r = seed_request();
    r.skip_validation = true;
    r.credit_to_attribute = "ten";
    assert_int_equal(provkit_smspartner_create(NULL, NULL, &r, NULL, &res),
                     PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(res.outcome.field, "creditToAttribute");
    assert_false(res.outcome.request_sent);
    r = seed_request();
    /* server order: type (4/5) before isBuyer (3) */
    r.type = "bogus";
    r.is_buyer = NULL;
    expect(r, PROVKIT_ERR_INVALID_FIELD, 5, "type");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_json_success_and_error),
        cmocka_unit_test(test_seed_xml_success_and_error),
        cmocka_unit_test(test_error_details),
        cmocka_unit_test(test_every_code),
        cmocka_unit_test(test_non_answers),
        cmocka_unit_test(test_out_of_range_code_keeps_nothing),
        cmocka_unit_test(test_odd_fields_keep_created),
        cmocka_unit_test(test_body_is_the_seeds),
        cmocka_unit_test(test_rules),
    };
    return cmocka_run_group_tests_name("smspartner", tests, setup, NULL);
}
