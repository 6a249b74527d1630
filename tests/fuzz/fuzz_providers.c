/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_providers - libFuzzer target for the three provider answer decoders.
 *
 * Input: the first byte picks the HTTP status the answer came with (byte %
 * 12 indexes k_statuses, so the seed files start with a digit: '0' = 200,
 * '1' = 201, '4' = 400, '5' = 403, '7' = 500, '8' = 503, ...), the rest is
 * the answer body. The body goes to provkit_oempro_decode,
 * provkit_plesk_decode and provkit_smspartner_decode (the JSON decoders once
 * with a tiny token array and once with the workspace's), and after every
 * call the outcome must keep what callers rely on:
 *   - the return value is res->outcome.status;
 *   - the status is OK, PROVIDER, FAULT (Plesk only, with res->fault),
 *     HTTP_STATUS (4xx only: refused before processing) or OUTCOME_UNKNOWN
 *     (cause PROTOCOL: a 2xx that is not an answer, or a verdict that
 *     cannot be trusted, at any status; cause HTTP_STATUS: any other
 *     status without a verdict), with a message saying the account may
 *     exist;
 *   - truncated lists at most PROVKIT_TRUNCATED_MAX names, and none when
 *     there is no verdict;
 *   - outcome.http_status is the status given;
 *   - the message is NUL-terminated within PROVKIT_MESSAGE_MAX and valid
 *     UTF-8; field, when set, is a short NUL-terminated name;
 *   - OK if and only if category CREATED; PROVIDER and FAULT carry a code
 *     (but for a refusal stated without one: category OTHER, a message);
 *     a non-answer carries none and category NONE;
 *   - every string of the result is NUL-terminated within its array and
 *     valid UTF-8 (it came from a JSON/XML text);
 *   - a decode that the tiny token array could do gives the same verdict
 *     with the full array (more room never changes the answer).
 * Built with -fsanitize=fuzzer under PROVKIT_FUZZ, or with replay_main.c as a
 * plain program that ctest runs over tests/fuzz/corpus/providers.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "provkit/oempro.h"
#include "provkit/plesk.h"
#include "provkit/provider.h"
#include "provkit/smspartner.h"
#include "provkit/writer.h"
#include "provider_int.h"

#define CHECK(c) do { if (!(c)) { abort(); } } while (0)

#define SMALL_TOKENS 4

static provkit_json_token_t toks_small[SMALL_TOKENS];
static provkit_json_token_t toks_full[PROVKIT_JSON_TOKENS];

static const int k_statuses[] = {200, 201, 204, 299, 400, 403, 404, 500, 503, 302, 0, 100};

/* A byte that no decoder writes as a terminator: results start dirty so a
 * string the decoder forgot to terminate shows up. */
#define DIRT 0xA5

static void check_text(const char *s, size_t cap)
{
    const char *nul = memchr(s, '\0', cap);
    CHECK(nul != NULL);
    CHECK(provkit_utf8_check(s, (size_t)(nul - s), NULL) == PROVKIT_OK);
}

static void check_outcome(const provkit_outcome_t *o, int rc, int http_status, bool plesk)
{
    CHECK(rc == o->status);
    CHECK(o->http_status == http_status);
    CHECK(rc == PROVKIT_OK || rc == PROVKIT_ERR_PROVIDER || rc == PROVKIT_ERR_FAULT ||
          rc == PROVKIT_ERR_HTTP_STATUS || rc == PROVKIT_ERR_OUTCOME_UNKNOWN);
    CHECK(o->n_truncated <= PROVKIT_TRUNCATED_MAX);
    for (size_t i = 0; i < o->n_truncated; i++) {
        CHECK(o->truncated[i] != NULL && memchr(o->truncated[i], '\0', 64) != NULL);
    }
    if (!plesk) {
        CHECK(rc != PROVKIT_ERR_FAULT);
    }
    check_text(o->message, sizeof o->message);
    if (o->field != NULL) {
        CHECK(memchr(o->field, '\0', 64) != NULL);
    }
    CHECK(o->category >= PROVKIT_CAT_NONE && o->category <= PROVKIT_CAT_OTHER);
    CHECK((rc == PROVKIT_OK) == (o->category == PROVKIT_CAT_CREATED));
    bool two = http_status >= 200 && http_status <= 299;
    bool four = http_status >= 400 && http_status <= 499;
    switch (rc) {
    case PROVKIT_OK:
        CHECK(o->has_code);
        break;
    case PROVKIT_ERR_PROVIDER:
        /* a refusal carries its code; one stated without a code (Oempro's
         * "Success":false alone) is category OTHER and says so */
        CHECK(o->category != PROVKIT_CAT_NONE);
        CHECK(o->has_code || (o->category == PROVKIT_CAT_OTHER && o->message[0] != '\0'));
        break;
    case PROVKIT_ERR_FAULT:
        CHECK(o->has_code);
        CHECK(o->category != PROVKIT_CAT_NONE);
        break;
    case PROVKIT_ERR_HTTP_STATUS:
        CHECK(four);
        CHECK(!o->has_code && o->category == PROVKIT_CAT_NONE && o->message[0] != '\0');
        CHECK(o->n_truncated == 0);
        break;
    case PROVKIT_ERR_OUTCOME_UNKNOWN:
        CHECK(o->cause == PROVKIT_ERR_PROTOCOL ||
              (o->cause == PROVKIT_ERR_HTTP_STATUS && !two && !four));
        CHECK(!o->has_code && o->category == PROVKIT_CAT_NONE);
        CHECK(strstr(o->message, "the account may exist") != NULL);
        CHECK(o->n_truncated == 0);
        break;
    default:
        CHECK(0);
    }
    /* decoders never claim anything about sending */
    CHECK(!o->local && !o->request_sent);
}

/* Same verdict (status, code, category, message) from two decodes. */
static void check_same(const provkit_outcome_t *a, const provkit_outcome_t *b)
{
    CHECK(a->status == b->status);
    CHECK(a->category == b->category);
    CHECK(a->has_code == b->has_code);
    CHECK(!a->has_code || a->code == b->code);
    CHECK(strcmp(a->message, b->message) == 0);
}

static bool decoded(int rc)
{
    return rc != PROVKIT_ERR_OUTCOME_UNKNOWN && rc != PROVKIT_ERR_HTTP_STATUS;
}

static void run_oempro(const char *body, size_t len, int st)
{
    static provkit_oempro_result_t r[2];
    static const size_t ntok[2] = {SMALL_TOKENS, PROVKIT_JSON_TOKENS};
    provkit_json_token_t *const tok[2] = {toks_small, toks_full};
    int rc[2];
    for (int i = 0; i < 2; i++) {
        memset(&r[i], DIRT, sizeof r[i]);
        provkit_outcome_clear(&r[i].outcome);
        rc[i] = provkit_oempro_decode(body, len, st, tok[i], ntok[i], &r[i]);
        check_outcome(&r[i].outcome, rc[i], st, false);
        CHECK(r[i].n_codes <= PROVKIT_OEMPRO_MAX_CODES);
        check_text(r[i].client_id_text, sizeof r[i].client_id_text);
        if (rc[i] == PROVKIT_ERR_PROVIDER && r[i].n_codes > 0 && r[i].codes[0] != 0) {
            /* a refusal's code is the first ErrorCode */
            CHECK(r[i].outcome.code == r[i].codes[0]);
        } else if (!decoded(rc[i])) {
            CHECK(r[i].n_codes == 0 && !r[i].has_client_id && !r[i].success);
            CHECK(r[i].client_id_text[0] == '\0');
        }
        if (rc[i] == PROVKIT_OK) {
            /* created only when no ErrorCode says otherwise */
            for (size_t k = 0; k < r[i].n_codes; k++) {
                CHECK(r[i].codes[k] == 0);
            }
        }
    }
    if (decoded(rc[0])) {
        check_same(&r[0].outcome, &r[1].outcome);
        CHECK(r[0].n_codes == r[1].n_codes && r[0].has_client_id == r[1].has_client_id);
        CHECK(!r[0].has_client_id || r[0].client_id == r[1].client_id);
    }
}

static void run_plesk(const char *body, size_t len, int st)
{
    static provkit_plesk_result_t r;
    memset(&r, DIRT, sizeof r);
    provkit_outcome_clear(&r.outcome);
    int rc = provkit_plesk_decode(body, len, st, &r);
    check_outcome(&r.outcome, rc, st, true);
    CHECK(r.fault == (rc == PROVKIT_ERR_FAULT));
    check_text(r.client_id, sizeof r.client_id);
    check_text(r.login, sizeof r.login);
    check_text(r.password, sizeof r.password);
}

static void check_sms(const provkit_smspartner_result_t *r, int rc)
{
    check_text(r->email, sizeof r->email);
    check_text(r->token, sizeof r->token);
    check_text(r->send_confirm_mail_to, sizeof r->send_confirm_mail_to);
    check_text(r->parent_email, sizeof r->parent_email);
    check_text(r->error_element, sizeof r->error_element);
    CHECK(r->success == (rc == PROVKIT_OK));
    if (rc == PROVKIT_OK) {
        CHECK(r->outcome.code == 200);
    } else {
        /* nothing of an account is kept unless it was created */
        CHECK(r->email[0] == '\0' && r->token[0] == '\0' && r->parent_email[0] == '\0' &&
              r->send_confirm_mail_to[0] == '\0');
    }
}

static void run_sms(const char *body, size_t len, int st)
{
    static provkit_smspartner_result_t r[2];
    static const size_t ntok[2] = {SMALL_TOKENS, PROVKIT_JSON_TOKENS};
    provkit_json_token_t *const tok[2] = {toks_small, toks_full};
    int rc[2];
    for (int i = 0; i < 2; i++) {
        memset(&r[i], DIRT, sizeof r[i]);
        provkit_outcome_clear(&r[i].outcome);
        rc[i] = provkit_smspartner_decode(body, len, st, tok[i], ntok[i], &r[i]);
        check_outcome(&r[i].outcome, rc[i], st, false);
        check_sms(&r[i], rc[i]);
    }
    if (decoded(rc[0])) {
        check_same(&r[0].outcome, &r[1].outcome);
        CHECK(strcmp(r[0].email, r[1].email) == 0 && strcmp(r[0].token, r[1].token) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    int st = k_statuses[data[0] % (sizeof k_statuses / sizeof k_statuses[0])];
    size_t len = size - 1;
    /* an exact-size copy, so a read one past the body is a sanitizer report
     * in the replay build too (replay_main's buffer is larger) */
    char *body = malloc(len > 0 ? len : 1);
    CHECK(body != NULL);
    if (len > 0) {
        memcpy(body, data + 1, len);
    }
    run_oempro(body, len, st);
    run_plesk(body, len, st);
    run_sms(body, len, st);
    free(body);
    return 0;
}
