/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The answer-table engine (sdk/src/answer.c) through the two providers whose
 * answers it reads: what one walk over a JSON object decides (duplicate
 * keys, escaped keys, an alternative key, a fallback text), what the
 * verdict keeps (the other verdict's fields are dropped and wiped), how a
 * cut text is reported, and the two XML shapes (one element per field, and
 * positional <entry> lists that may end early only where the table says).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/oempro.h"
#include "provkit/smspartner.h"

static provkit_json_token_t tok[64];

static int sms(const char *body, int http, provkit_smspartner_result_t *r)
{
    memset(r, 0xA5, sizeof *r); /* whatever was there before is not read */
    return provkit_smspartner_decode(body, strlen(body), http, tok, 64, r);
}

static int oempro(const char *body, provkit_oempro_result_t *r)
{
    memset(r, 0xA5, sizeof *r);
    return provkit_oempro_decode(body, strlen(body), 200, tok, 64, r);
}

static bool listed(const provkit_outcome_t *o, const char *name)
{
    for (size_t i = 0; i < o->n_truncated; i++) {
        if (strcmp(o->truncated[i], name) == 0) {
            return true;
        }
    }
    return false;
}

/* The last duplicate of a key wins, as JSON parsers commonly do; a key
 * written with escapes is the same key. */
static void test_json_duplicates_and_escapes(void **state)
{
    (void)state;
    provkit_smspartner_result_t r;
    assert_int_equal(sms("{\"success\":true,\"code\":200,\"subaccount\":{\"email\":\"a@b.cc\","
                         "\"token\":\"t1\",\"token\":\"t2\"},\"parent_email\":\"p@q.rr\"}",
                         200, &r),
                     PROVKIT_OK);
    assert_string_equal(r.token, "t2");
    assert_string_equal(r.parent_email, "p@q.rr");
    assert_string_equal(r.send_confirm_mail_to, ""); /* absent */
    /* "\u0073uccess" is "success", "c\u006fde" is "code" */
    assert_int_equal(sms("{\"\\u0073uccess\":false,\"c\\u006fde\":7,\"message\":\"taken\"}", 400,
                         &r),
                     PROVKIT_ERR_PROVIDER);
    assert_int_equal(r.outcome.code, 7);
    assert_string_equal(r.outcome.message, "taken");
    /* a duplicate that contradicts the first is decided by the last */
    assert_int_equal(sms("{\"success\":false,\"code\":200,\"success\":true}", 200, &r), PROVKIT_OK);
}

/* errors[] is read when present, error[] only when it is not, whatever the
 * order; the first item's message fills the outcome's only when the
 * answer's own message is empty. */
static void test_json_alternative_key_and_fallback(void **state)
{
    (void)state;
    provkit_smspartner_result_t r;
    sms("{\"error\":[{\"elementId\":\"from_error\"}],\"success\":false,\"code\":6,"
        "\"errors\":[{\"elementId\":\"from_errors\",\"message\":\"m2\"}],\"message\":\"m1\"}",
        400, &r);
    assert_string_equal(r.error_element, "from_errors");
    assert_string_equal(r.outcome.message, "m1");
    sms("{\"success\":false,\"code\":6,\"error\":[{\"elementId\":\"e\",\"message\":\"m2\"}],"
        "\"message\":\"\"}",
        400, &r);
    assert_string_equal(r.error_element, "e");
    assert_string_equal(r.outcome.message, "m2");
    /* neither: the documented text of the code */
    sms("{\"success\":false,\"code\":6}", 400, &r);
    assert_string_equal(r.error_element, "");
    assert_string_equal(r.outcome.message, "L\xE2\x80\x99" "e-mail \xC3\xA8 richiesta");
}

/* The fields of the other verdict are not kept: a success carries no
 * message, a refusal no token (wiped, not only cut short). */
static void test_verdict_keeps_its_own_fields(void **state)
{
    (void)state;
    provkit_smspartner_result_t r;
    assert_int_equal(sms("{\"success\":false,\"code\":7,\"subaccount\":{\"email\":\"a@b.cc\","
                         "\"token\":\"secret\"},\"message\":\"no\"}",
                         400, &r),
                     PROVKIT_ERR_PROVIDER);
    assert_string_equal(r.token, "");
    assert_int_equal(r.token[1], 0); /* wiped */
    assert_string_equal(r.email, "");
    assert_int_equal(sms("{\"success\":true,\"code\":200,\"message\":\"ignored\","
                         "\"errors\":[{\"elementId\":\"x\"}]}",
                         200, &r),
                     PROVKIT_OK);
    assert_string_equal(r.error_element, "");
    assert_string_equal(r.outcome.message, "\xC3\x88 andato tutto bene!");
}

/* A text that does not fit keeps a prefix cut on a character boundary and
 * its documented name is listed, once; a dropped field is not listed. */
static void test_cut_texts(void **state)
{
    (void)state;
    provkit_smspartner_result_t r;
    char body[1200];
    char longtok[300];
    memset(longtok, 'x', sizeof longtok - 3);
    memcpy(longtok + sizeof longtok - 3, "\xC3\xA9", 3); /* ends in a 2-byte character */
    snprintf(body, sizeof body,
             "{\"success\":true,\"code\":200,\"subaccount\":{\"email\":\"a@b.cc\",\"token\":\"%s\"},"
             "\"message\":\"%s\"}",
             longtok, longtok);
    assert_int_equal(sms(body, 200, &r), PROVKIT_OK);
    assert_int_equal(strlen(r.token), sizeof r.token - 1);
    assert_true(listed(&r.outcome, "subaccount.token"));
    assert_false(listed(&r.outcome, "message")); /* the success drops it */
    assert_int_equal(r.outcome.n_truncated, 1);
}

/* Oempro's answer as one XML element per field: unknown elements skipped,
 * the list form of ErrorCode (every item) and ErrorText (the first text). */
static void test_xml_element_per_field(void **state)
{
    (void)state;
    provkit_oempro_result_t r;
    assert_int_equal(oempro("<response><Other><x/></Other><Success>false</Success>"
                            "<ErrorCode><i>6</i><i>7</i></ErrorCode>"
                            "<ErrorText><i></i><i>first</i><i>second</i></ErrorText></response>",
                            &r),
                     PROVKIT_ERR_PROVIDER);
    assert_int_equal(r.n_codes, 2);
    assert_int_equal(r.codes[0], 6);
    assert_int_equal(r.codes[1], 7);
    assert_string_equal(r.outcome.message, "first");
    /* a field holding elements where a value belongs is not an answer */
    assert_int_equal(oempro("<response><Success><b/></Success></response>", &r),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
}

/* SMS Partner's positional list: the entries in the table's order for the
 * verdict read first; the errors list may be left out, nothing else. */
static void test_xml_positional(void **state)
{
    (void)state;
    provkit_smspartner_result_t r;
    assert_int_equal(sms("<result><entry>false</entry><entry>7</entry><entry>taken</entry>"
                         "</result>",
                         400, &r),
                     PROVKIT_ERR_PROVIDER);
    assert_string_equal(r.outcome.message, "taken");
    /* a success without its last entry, or one entry too many: not an answer */
    assert_int_equal(sms("<result><entry>true</entry><entry>200</entry><entry><entry>a@b.cc"
                         "</entry><entry>t</entry></entry><entry>c@d.ee</entry></result>",
                         200, &r),
                     PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(sms("<result><entry>false</entry><entry>7</entry><entry>m</entry>"
                         "<entry><entry><entry>email</entry></entry></entry><entry>x</entry>"
                         "</result>",
                         400, &r),
                     PROVKIT_ERR_HTTP_STATUS);
    /* the other elements' names are not entries */
    assert_int_equal(sms("<result><item>false</item><entry>7</entry><entry>m</entry></result>",
                         400, &r),
                     PROVKIT_ERR_HTTP_STATUS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_duplicates_and_escapes),
        cmocka_unit_test(test_json_alternative_key_and_fallback),
        cmocka_unit_test(test_verdict_keeps_its_own_fields),
        cmocka_unit_test(test_cut_texts),
        cmocka_unit_test(test_xml_element_per_field),
        cmocka_unit_test(test_xml_positional),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
