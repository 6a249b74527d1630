/* SPDX-License-Identifier: Apache-2.0 */
/* Oempro Client.Create: parameters encoded (and decoded back by the form
 * rules), every answer shape of NOTES.md, every code, every rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/oempro.h"
#include "provider_int.h"
#include "text.h"

static provkit_oempro_request_t sample(void)
{
    provkit_oempro_request_t r;
    memset(&r, 0, sizeof r);
    r.session_id = "yourSessionID";
    r.access = "user";
    r.client_username = "jdoe";
    r.client_password = "s3cret";
    r.client_email_address = "jdoe@example.com";
    r.client_name = "John Doe";
    r.client_account_status = "Enabled";
    return r;
}

static void body_of(const provkit_oempro_request_t *r, char *buf, size_t cap)
{
    provkit_writer_t w;
    provkit_writer_init(&w, buf, cap);
    assert_int_equal(provkit_oempro_write_body(r, &w), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
}

static void test_parameters_encoded(void **state)
{
    (void)state;
    char body[1024];
    provkit_oempro_request_t r = sample();
    body_of(&r, body, sizeof body);
    /* the seed's example, as Client.Create (NOTES.md), in its order */
    assert_string_equal(body, "Command=Client.Create&ResponseFormat=JSON&SessionID=yourSessionID"
                              "&Access=user&ClientUsername=jdoe&ClientPassword=s3cret"
                              "&ClientEmailAddress=jdoe%40example.com&ClientName=John+Doe"
                              "&ClientAccountStatus=Enabled");

    r.client_name = "A&B=C+D%E <x> \"q\" 'a' Zoé";
    r.client_password = "p&ss=w0rd?#";
    r.session_id = NULL;
    r.api_key = "key/with+plus";
    r.response_format = "XML";
    r.jsonp_callback = "cb";
    r.access = NULL;
    r.client_account_status = NULL;
    body_of(&r, body, sizeof body);
    assert_string_equal(body, "Command=Client.Create&ResponseFormat=XML&APIKey=key%2Fwith%2Bplus"
                              "&JSONPCallBack=cb&ClientUsername=jdoe&ClientPassword=p%26ss%3Dw0rd%3F%23"
                              "&ClientEmailAddress=jdoe%40example.com"
                              "&ClientName=A%26B%3DC%2BD%25E+%3Cx%3E+%22q%22+%27a%27+Zo%C3%A9");

    /* counting mode and a streaming buffer agree byte for byte */
    provkit_writer_t c;
    provkit_writer_init(&c, NULL, 0);
    provkit_oempro_write_body(&r, &c);
    assert_int_equal(provkit_writer_total(&c), strlen(body));

    /* a short buffer reports exactly what is needed */
    char small[16];
    provkit_writer_t s;
    provkit_writer_init(&s, small, sizeof small);
    assert_int_equal(provkit_oempro_write_body(&r, &s), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(provkit_writer_total(&s), strlen(body));
}

static int check(provkit_oempro_request_t r, provkit_outcome_t *o)
{
    provkit_outcome_clear(o);
    return provkit_oempro_validate(&r, o);
}

static void test_validation_codes(void **state)
{
    (void)state;
    provkit_outcome_t o;
    provkit_oempro_request_t r = sample();
    assert_int_equal(check(r, &o), PROVKIT_OK);

    static const struct {
        size_t off;
        int code;
        const char *field;
    } required[] = {
        {offsetof(provkit_oempro_request_t, client_name), 1, "ClientName"},
        {offsetof(provkit_oempro_request_t, client_username), 2, "ClientUsername"},
        {offsetof(provkit_oempro_request_t, client_password), 3, "ClientPassword"},
        {offsetof(provkit_oempro_request_t, client_email_address), 4, "ClientEmailAddress"},
    };
    for (size_t i = 0; i < 4; i++) {
        provkit_oempro_request_t q = sample();
        *(const char **)((char *)&q + required[i].off) = "";
        assert_int_equal(check(q, &o), PROVKIT_ERR_INVALID_FIELD);
        assert_int_equal(o.code, required[i].code);
        assert_true(o.has_code);
        assert_string_equal(o.field, required[i].field);
    }
    /* code order: name (1) is reported before e-mail (4) */
    r.client_name = NULL;
    r.client_email_address = NULL;
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, 1);

    r = sample();
    r.client_email_address = "not-an-address";
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, 5);

    /* the seed calls SessionID optional: no credential is not a local
     * refusal (the console answers 99998 if it wants one) */
    r = sample();
    r.session_id = NULL;
    assert_int_equal(check(r, &o), PROVKIT_OK);
    r.api_key = "k";
    assert_int_equal(check(r, &o), PROVKIT_OK);

    /* every control character is sent (percent-encoded): CR and LF in
     * every field */
    static const size_t text_fields[] = {
        offsetof(provkit_oempro_request_t, session_id),
        offsetof(provkit_oempro_request_t, api_key),
        offsetof(provkit_oempro_request_t, client_username),
        offsetof(provkit_oempro_request_t, client_password),
        offsetof(provkit_oempro_request_t, client_name),
    };
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
        provkit_oempro_request_t q = sample();
        *(const char **)((char *)&q + text_fields[i]) = "a\r\nb\tc\x01";
        assert_int_equal(check(q, &o), PROVKIT_OK);
        char body[1024];
        body_of(&q, body, sizeof body);
        assert_non_null(strstr(body, "=a%0D%0Ab%09c%01"));
    }
    /* an e-mail with CR or LF is not an address: code 5 */
    r = sample();
    r.client_email_address = "a@b.com\r\nX: y";
    assert_int_equal(check(r, &o), PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o.code, 5);
    /* not UTF-8: refused even without validation, naming the field */
    r = sample();
    r.client_name = "Zo\xE9";
    r.skip_validation = true;
    provkit_oempro_result_t res;
    assert_int_equal(provkit_oempro_create(NULL, NULL, &r, NULL, &res),
                     PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(res.outcome.field, "ClientName");

    /* enumerations: exact case, no documented code */
    static const struct {
        size_t off;
        const char *bad, *good, *field;
    } enums[] = {
        {offsetof(provkit_oempro_request_t, client_account_status), "enabled", "Disabled",
         "ClientAccountStatus"},
        {offsetof(provkit_oempro_request_t, response_format), "json", "XML", "ResponseFormat"},
        {offsetof(provkit_oempro_request_t, access), "User", "client", "Access"},
        {offsetof(provkit_oempro_request_t, jsonp_callback), "a(b)", "jQuery_1.cb$", "JSONPCallBack"},
    };
    for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++) {
        provkit_oempro_request_t q = sample();
        *(const char **)((char *)&q + enums[i].off) = enums[i].bad;
        assert_int_equal(check(q, &o), PROVKIT_ERR_INVALID_FIELD);
        assert_false(o.has_code);
        assert_string_equal(o.field, enums[i].field);
        *(const char **)((char *)&q + enums[i].off) = enums[i].good;
        assert_int_equal(check(q, &o), PROVKIT_OK);
    }
}

struct shape {
    const char *body;
    int status;
    int code;
    provkit_category_t cat;
    int64_t client_id; /* -1: none */
    const char *message;
};

static void run_shapes(const struct shape *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        provkit_oempro_result_t res;
        provkit_json_token_t tok[32];
        memset(&res, 0, sizeof res);
        int rc = provkit_oempro_decode(s[i].body, strlen(s[i].body), 200, tok, 32, &res);
        if (rc != s[i].status) {
            fail_msg("shape %zu: rc %d want %d (%s)", i, rc, s[i].status, res.outcome.message);
        }
        if (s[i].status == PROVKIT_OK || s[i].status == PROVKIT_ERR_PROVIDER) {
            assert_int_equal(res.outcome.code, s[i].code);
            assert_int_equal(res.outcome.category, s[i].cat);
        }
        if (s[i].status == PROVKIT_ERR_OUTCOME_UNKNOWN) {
            /* a 200 that is not a console answer, or not to be trusted */
            assert_int_equal(res.outcome.cause, PROVKIT_ERR_PROTOCOL);
            assert_int_equal(res.outcome.category, PROVKIT_CAT_NONE);
            assert_false(res.outcome.has_code);
            assert_non_null(strstr(res.outcome.message, "the account may exist"));
        }
        if (s[i].client_id >= 0) {
            assert_true(res.has_client_id);
            assert_int_equal(res.client_id, s[i].client_id);
        } else {
            assert_false(res.has_client_id);
        }
        if (s[i].message) {
            assert_string_equal(res.outcome.message, s[i].message);
        }
    }
}

static void test_json_shapes(void **state)
{
    (void)state;
    static const struct shape shapes[] = {
        {"{\"Success\":true,\"ErrorCode\":0,\"ClientID\":42}", PROVKIT_OK, 0, PROVKIT_CAT_CREATED, 42, NULL},
        {"{\"ClientID\":\"43\",\"Success\":1,\"ErrorCode\":0}", PROVKIT_OK, 0, PROVKIT_CAT_CREATED, 43, NULL},
        {"{\"Success\":\"1\",\"ClientID\":44}", PROVKIT_OK, 0, PROVKIT_CAT_CREATED, 44, NULL},
        {"{\"Success\":false,\"ErrorCode\":6,\"ErrorText\":\"Username already registered\"}",
         PROVKIT_ERR_PROVIDER, 6, PROVKIT_CAT_EXISTS, -1, "Username already registered"},
        {"{\"Success\":false,\"ErrorCode\":[1,4]}", PROVKIT_ERR_PROVIDER, 1,
         PROVKIT_CAT_INVALID_FIELD, -1, "Client name missing"},
        {"{\"Success\":false,\"ErrorCode\":[2,3],\"ErrorText\":[\"u \\u00e9\",\"p\"]}",
         PROVKIT_ERR_PROVIDER, 2, PROVKIT_CAT_INVALID_FIELD, -1, "u é"},
        {"{\"Success\":0,\"ErrorCode\":\"99998\"}", PROVKIT_ERR_PROVIDER, 99998,
         PROVKIT_CAT_AUTH_FAILED, -1, NULL},
        {"{\"Success\":false,\"ErrorCode\":99999}", PROVKIT_ERR_PROVIDER, 99999,
         PROVKIT_CAT_DENIED, -1, "Not enough privileges"},
        {"{\"Success\":false,\"ErrorCode\":123,\"ErrorText\":\"new\"}", PROVKIT_ERR_PROVIDER, 123,
         PROVKIT_CAT_OTHER, -1, "new"},
        {"{\"Success\":false}", PROVKIT_ERR_PROVIDER, 0, PROVKIT_CAT_OTHER, -1, NULL},
        {"{\"ErrorCode\":7}", PROVKIT_ERR_PROVIDER, 7, PROVKIT_CAT_EXISTS, -1, NULL},
        {"  cb({\"Success\":true,\"ClientID\":9}); ", PROVKIT_OK, 0, PROVKIT_CAT_CREATED, 9, NULL},
        {"{}", PROVKIT_ERR_OUTCOME_UNKNOWN, 0, PROVKIT_CAT_NONE, -1, NULL},
        {"{\"Success\":\"maybe\"}", PROVKIT_ERR_OUTCOME_UNKNOWN, 0, PROVKIT_CAT_NONE, -1, NULL},
        {"{\"Success\":true", PROVKIT_ERR_OUTCOME_UNKNOWN, 0, PROVKIT_CAT_NONE, -1, NULL},
        {"[1,2]", PROVKIT_ERR_OUTCOME_UNKNOWN, 0, PROVKIT_CAT_NONE, -1, NULL},
        {"<html><body>Fatal error</body></html>", PROVKIT_ERR_OUTCOME_UNKNOWN, 0, PROVKIT_CAT_NONE, -1, NULL},
        {"", PROVKIT_ERR_OUTCOME_UNKNOWN, 0, PROVKIT_CAT_NONE, -1, NULL},
    };
    run_shapes(shapes, sizeof shapes / sizeof shapes[0]);
}

static void test_xml_shapes(void **state)
{
    (void)state;
    static const struct shape shapes[] = {
        {"<?xml version=\"1.0\" encoding=\"utf-8\"?><response><Success>true</Success>"
         "<ErrorCode>0</ErrorCode><ClientID>77</ClientID></response>",
         PROVKIT_OK, 0, PROVKIT_CAT_CREATED, 77, NULL},
        {"<response>\n <Success><![CDATA[1]]></Success>\n <ClientID><![CDATA[78]]></ClientID>\n"
         "</response>\n",
         PROVKIT_OK, 0, PROVKIT_CAT_CREATED, 78, NULL},
        {"<response><Success/><ErrorCode>7</ErrorCode>"
         "<ErrorText><![CDATA[Email address already registered]]></ErrorText></response>",
         PROVKIT_ERR_PROVIDER, 7, PROVKIT_CAT_EXISTS, -1, "Email address already registered"},
        {"<response><Success></Success><ErrorCode><item>2</item><item>3</item></ErrorCode>"
         "<ErrorText><item>first &amp; one</item><item>second</item></ErrorText></response>",
         PROVKIT_ERR_PROVIDER, 2, PROVKIT_CAT_INVALID_FIELD, -1, "first & one"},
        {"<response><Success>false</Success><ErrorCode>99998</ErrorCode><Extra><a>1</a></Extra>"
         "</response>",
         PROVKIT_ERR_PROVIDER, 99998, PROVKIT_CAT_AUTH_FAILED, -1, NULL},
        {"<response><Success>perhaps</Success></response>", PROVKIT_ERR_OUTCOME_UNKNOWN, 0,
         PROVKIT_CAT_NONE, -1, NULL},
        {"<response><Success>true</Success>", PROVKIT_ERR_OUTCOME_UNKNOWN, 0, PROVKIT_CAT_NONE, -1, NULL},
        {"<!DOCTYPE x [<!ENTITY a \"b\">]><response/>", PROVKIT_ERR_OUTCOME_UNKNOWN, 0,
         PROVKIT_CAT_NONE, -1, NULL},
        {"<response><Other>1</Other></response>", PROVKIT_ERR_OUTCOME_UNKNOWN, 0, PROVKIT_CAT_NONE, -1,
         NULL},
    };
    run_shapes(shapes, sizeof shapes / sizeof shapes[0]);
}

static void test_every_code_mapped(void **state)
{
    (void)state;
    static const struct {
        int code;
        provkit_category_t cat;
        const char *field;
    } want[] = {
        {0, PROVKIT_CAT_CREATED, NULL},
        {1, PROVKIT_CAT_INVALID_FIELD, "ClientName"},
        {2, PROVKIT_CAT_INVALID_FIELD, "ClientUsername"},
        {3, PROVKIT_CAT_INVALID_FIELD, "ClientPassword"},
        {4, PROVKIT_CAT_INVALID_FIELD, "ClientEmailAddress"},
        {5, PROVKIT_CAT_INVALID_FIELD, "ClientEmailAddress"},
        {6, PROVKIT_CAT_EXISTS, "ClientUsername"},
        {7, PROVKIT_CAT_EXISTS, "ClientEmailAddress"},
        {99998, PROVKIT_CAT_AUTH_FAILED, "SessionID"},
        {99999, PROVKIT_CAT_DENIED, NULL},
    };
    assert_int_equal(provkit_oempro_codes_len, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const provkit_code_t *c =
            provkit_code_find(provkit_oempro_codes, provkit_oempro_codes_len, want[i].code);
        assert_non_null(c);
        assert_int_equal(c->category, want[i].cat);
        if (want[i].field) {
            assert_string_equal(c->field, want[i].field);
        } else {
            assert_null(c->field);
        }
    }
}

static void test_http_status_and_tokens(void **state)
{
    (void)state;
    provkit_oempro_result_t res;
    provkit_json_token_t tok[4];
    memset(&res, 0, sizeof res);
    /* a hard failure with 4xx and a JSON console answer is still decoded */
    const char *hard = "{\"Success\":false,\"ErrorCode\":99999}";
    provkit_json_token_t big[32];
    assert_int_equal(provkit_oempro_decode(hard, strlen(hard), 403, big, 32, &res),
                     PROVKIT_ERR_PROVIDER);
    assert_int_equal(res.outcome.http_status, 403);
    /* a non-answer with 5xx may follow a created account: unknown */
    const char *page = "<html>Internal Server Error</html>";
    assert_int_equal(provkit_oempro_decode(page, strlen(page), 500, big, 32, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(res.outcome.cause, PROVKIT_ERR_HTTP_STATUS);
    assert_int_equal(res.outcome.http_status, 500);
    /* with 4xx it was refused before processing */
    assert_int_equal(provkit_oempro_decode(page, strlen(page), 404, big, 32, &res),
                     PROVKIT_ERR_HTTP_STATUS);
    /* too few tokens: a clear limit, not a crash */
    const char *ok = "{\"Success\":true,\"ErrorCode\":0,\"ClientID\":42}";
    assert_int_equal(provkit_oempro_decode(ok, strlen(ok), 200, tok, 4, &res),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_non_null(strstr(res.outcome.message, "token"));
}

/* The verdict is Success and ErrorCode's: an odd or oversized field beside
 * a created account never turns it into a failure, and an answer that
 * contradicts itself is never "created". */
static void test_odd_answers(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        int status;
        const char *id_text;
        int64_t id; /* -1: has_client_id false */
    } cases[] = {
        {"{\"Success\":true,\"ErrorCode\":null,\"ClientID\":1001}", PROVKIT_OK, "1001", 1001},
        {"{\"Success\":true,\"ErrorCode\":\"\",\"ClientID\":1002}", PROVKIT_OK, "1002", 1002},
        {"{\"Success\":true,\"ErrorCode\":0,\"ClientID\":1001.0}", PROVKIT_OK, "1001.0", 1001},
        {"{\"Success\":true,\"ErrorCode\":0,\"ClientID\":\"1003.00\"}", PROVKIT_OK, "1003.00",
         1003},
        {"{\"Success\":true,\"ErrorCode\":0,\"ClientID\":\"C-1004\"}", PROVKIT_OK, "C-1004", -1},
        {"{\"Success\":true,\"ErrorCode\":0,\"ClientID\":1004.5}", PROVKIT_OK, "1004.5", -1},
        {"{\"Success\":true,\"ErrorCode\":[],\"ClientID\":5}", PROVKIT_OK, "5", 5},
        {"{\"Success\":true,\"ErrorCode\":0,\"ClientID\":null}", PROVKIT_OK, "", -1},
        {"\xEF\xBB\xBF{\"Success\":true,\"ErrorCode\":0,\"ClientID\":6}", PROVKIT_OK, "6", 6},
        {"\xEF\xBB\xBF<response><Success>true</Success><ErrorCode></ErrorCode>"
         "<ClientID>1001.0</ClientID></response>", PROVKIT_OK, "1001.0", 1001},
        {"<response><Success>1</Success><ClientID><![CDATA[A7]]></ClientID></response>",
         PROVKIT_OK, "A7", -1},
        /* self-contradictory or unreadable: never created */
        {"{\"Success\":true,\"ErrorCode\":6,\"ClientID\":1}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"{\"Success\":true,\"ErrorCode\":[0,6]}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"{\"Success\":true,\"ErrorCode\":[6,0]}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"{\"Success\":false,\"ErrorCode\":0}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        /* found by fuzzing: no Success, codes "no error" then an error */
        {"{\"ErrorCode\":[0,4]}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"{\"Success\":false,\"ErrorCode\":[0,4]}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"<response><ErrorCode><item>0</item><item>4</item></ErrorCode></response>",
         PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"{\"Success\":true,\"ErrorCode\":\"abc\"}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"{\"Success\":true,\"ErrorCode\":{}}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"{\"Success\":true,\"ErrorCode\":4294967296}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"{\"Success\":\"yes\",\"ErrorCode\":0}", PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"<response><Success>true</Success><ErrorCode>7</ErrorCode></response>",
         PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
        {"<response><Success>false</Success><ErrorCode>x</ErrorCode></response>",
         PROVKIT_ERR_OUTCOME_UNKNOWN, "", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        provkit_oempro_result_t res;
        provkit_json_token_t tok[32];
        memset(&res, 0, sizeof res);
        int rc = provkit_oempro_decode(cases[i].body, strlen(cases[i].body), 200, tok, 32, &res);
        if (rc != cases[i].status) {
            fail_msg("case %zu: rc %d want %d (%s)", i, rc, cases[i].status, res.outcome.message);
        }
        assert_int_equal(res.outcome.status, rc);
        if (rc == PROVKIT_OK) {
            assert_string_equal(res.client_id_text, cases[i].id_text);
            assert_int_equal(res.has_client_id, cases[i].id >= 0);
            if (cases[i].id >= 0) {
                assert_int_equal(res.client_id, cases[i].id);
            }
            assert_int_equal(res.outcome.n_truncated, 0);
        } else {
            assert_int_equal(res.outcome.cause, PROVKIT_ERR_PROTOCOL);
            assert_false(res.has_client_id);
            assert_string_equal(res.client_id_text, "");
        }
    }
}

/* Fields longer than their buffers: a prefix cut on a character boundary,
 * named in outcome.truncated; the verdict stands. */
static void test_truncated_fields(void **state)
{
    (void)state;
    char body[1200];
    char id[80];
    char text[600];
    memset(id, '7', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    for (size_t i = 0; i + 2 < sizeof text; i += 2) {
        memcpy(text + i, "\xC3\xA9", 2);
    }
    text[sizeof text - 2] = '\0';
    snprintf(body, sizeof body, "{\"Success\":true,\"ErrorCode\":0,\"ClientID\":\"%s\"}", id);
    provkit_oempro_result_t res;
    provkit_json_token_t tok[32];
    memset(&res, 0, sizeof res);
    assert_int_equal(provkit_oempro_decode(body, strlen(body), 200, tok, 32, &res), PROVKIT_OK);
    assert_int_equal(res.outcome.n_truncated, 1);
    assert_string_equal(res.outcome.truncated[0], "ClientID");
    assert_int_equal(strlen(res.client_id_text), PROVKIT_OEMPRO_ID_MAX - 1);
    assert_false(res.has_client_id); /* a prefix is not the id */

    snprintf(body, sizeof body, "{\"Success\":false,\"ErrorCode\":6,\"ErrorText\":\"%s\"}", text);
    assert_int_equal(provkit_oempro_decode(body, strlen(body), 200, tok, 32, &res),
                     PROVKIT_ERR_PROVIDER);
    assert_int_equal(res.outcome.code, 6);
    assert_int_equal(res.outcome.n_truncated, 1);
    assert_string_equal(res.outcome.truncated[0], "ErrorText");
    assert_int_equal(strlen(res.outcome.message) % 2, 0); /* whole characters */

    snprintf(body, sizeof body,
             "<response><Success>false</Success><ErrorCode>6</ErrorCode>"
             "<ErrorText><![CDATA[%s]]></ErrorText></response>", text);
    assert_int_equal(provkit_oempro_decode(body, strlen(body), 200, tok, 32, &res),
                     PROVKIT_ERR_PROVIDER);
    assert_string_equal(res.outcome.truncated[0], "ErrorText");
    assert_int_equal(strlen(res.outcome.message) % 2, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parameters_encoded),
        cmocka_unit_test(test_validation_codes),
        cmocka_unit_test(test_json_shapes),
        cmocka_unit_test(test_xml_shapes),
        cmocka_unit_test(test_every_code_mapped),
        cmocka_unit_test(test_http_status_and_tokens),
        cmocka_unit_test(test_odd_answers),
        cmocka_unit_test(test_truncated_fields),
    };
    return cmocka_run_group_tests_name("oempro", tests, NULL, NULL);
}
