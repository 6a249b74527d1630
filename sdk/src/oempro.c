/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Oempro-style console, Client.Create: fields, limits, codes, build, decode.
 * Read top to bottom: the tables are the provider; the functions walk them.
 */
#include "provkit/oempro.h"

#include "provider_int.h"
#include "text.h"

#include <string.h>

#include "answer.h"
#include "json_reader.h"

#if PROVKIT_WITH_OEMPRO /* (provkit/config.h: compiled out, this module is empty) */

#define OFF(f) (uint16_t) offsetof(provkit_oempro_request_t, f)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- codes (seed 000 "CODICI DI ERRORE", plus 0 = no error) ---- */
const provkit_code_t provkit_oempro_codes[] = {
    {0, PROVKIT_CAT_CREATED, NULL, "No error"},
    {1, PROVKIT_CAT_INVALID_FIELD, "ClientName", "Client name missing"},
    {2, PROVKIT_CAT_INVALID_FIELD, "ClientUsername", "Client username missing"},
    {3, PROVKIT_CAT_INVALID_FIELD, "ClientPassword", "Client password missing"},
    {4, PROVKIT_CAT_INVALID_FIELD, "ClientEmailAddress", "Client email address missing"},
    {5, PROVKIT_CAT_INVALID_FIELD, "ClientEmailAddress", "Email address format is invalid"},
    {6, PROVKIT_CAT_EXISTS, "ClientUsername", "Username already registered to another client"},
    {7, PROVKIT_CAT_EXISTS, "ClientEmailAddress",
     "Email address already registered to another client"},
    {99998, PROVKIT_CAT_AUTH_FAILED, "SessionID", "Authentication failure or session expired"},
    {99999, PROVKIT_CAT_DENIED, NULL, "Not enough privileges"},
};
const size_t provkit_oempro_codes_len = COUNT(provkit_oempro_codes);

/* ---- validation, in the console's code order ---- */
static const char *const formats[] = {"JSON", "XML", NULL};
static const char *const accesses[] = {"user", "client", NULL};
static const char *const statuses[] = {"Enabled", "Disabled", NULL};

/* The seed documents no length limits; codes 1-5 are the console's own.
 * The enumerations have no documented code: refused with code 0, has_code
 * false. The JSONPCallBack name must be one the answer can be unwrapped by. */
const provkit_field_rule_t provkit_oempro_params[] = {
    {.name = "ClientName", .offset = OFF(client_name), .required = 1, .code = 1},
    {.name = "ClientUsername", .offset = OFF(client_username), .required = 1, .code = 2},
    {.name = "ClientPassword", .offset = OFF(client_password), .required = 1, .code = 3},
    {.name = "ClientEmailAddress", .offset = OFF(client_email_address), .required = 1,
     .check = provkit_check_email, .code = 5, .missing_code = 4},
    {.name = "SessionID", .offset = OFF(session_id), .code = 99998},
    {.name = "APIKey", .offset = OFF(api_key), .code = 99998},
    {.name = "ResponseFormat", .offset = OFF(response_format), .check = provkit_check_enum,
     .words = formats},
    {.name = "JSONPCallBack", .offset = OFF(jsonp_callback), .check = provkit_check_ident},
    {.name = "Access", .offset = OFF(access), .check = provkit_check_enum, .words = accesses},
    {.name = "ClientAccountStatus", .offset = OFF(client_account_status),
     .check = provkit_check_enum, .words = statuses},
};

const size_t provkit_oempro_nparams = COUNT(provkit_oempro_params);
#define rules provkit_oempro_params

static bool given(const char *s) { return s != NULL && s[0] != '\0'; }

int provkit_oempro_validate(const provkit_oempro_request_t *req, provkit_outcome_t *o)
{
    int rc = provkit_check_encoding(req, rules, COUNT(rules), PROVKIT_ENC_FORM, NULL, o);
    return rc != PROVKIT_OK ? rc : provkit_validate(req, rules, COUNT(rules), NULL, o);
}

/* ---- request body: the seed's parameter order (ResponseFormat first,
 * with its default) as indices into the table ---- */
static const uint8_t body_order[] = {4, 5, 7, 8, 1, 2, 3, 0, 9};

int provkit_oempro_write_body(const provkit_oempro_request_t *req, provkit_writer_t *w)
{
    const char *fmt = given(req->response_format) ? req->response_format : "JSON";
    provkit_w_lit(w, "Command=Client.Create&ResponseFormat=");
    provkit_w_form(w, fmt, strlen(fmt));
    for (size_t i = 0; i < COUNT(body_order); i++) {
        const provkit_field_rule_t *r = &rules[body_order[i]];
        const char *v = provkit_rule_value(req, r);
        if (!given(v)) {
            continue;
        }
        provkit_w_char(w, '&');
        provkit_w_str(w, r->name);
        provkit_w_char(w, '=');
        provkit_w_form(w, v, strlen(v));
    }
    return provkit_writer_status(w);
}

/* ---- answer: JSON, JSONP or XML, the same four fields ---- */
#define ROFF(f) (uint16_t) offsetof(provkit_oempro_result_t, f)
enum { A_SUCCESS, A_CODES, A_TEXT, A_ID, A_N };
static const provkit_ans_field_t answer_fields[] = {
    [A_SUCCESS] = {.key = "Success", .kind = PROVKIT_ANS_BOOL, .off = ROFF(success)},
    /* 0, null or "" is no error; one code or a list */
    [A_CODES] = {.key = "ErrorCode", .kind = PROVKIT_ANS_CODES, .flags = PROVKIT_ANS_LIST,
                 .off = ROFF(codes), .cap = PROVKIT_OEMPRO_MAX_CODES},
    /* a string, or a list aligned with ErrorCode: the first is the verdict's */
    [A_TEXT] = {.key = "ErrorText", .name = "ErrorText", .kind = PROVKIT_ANS_TEXT,
                .flags = PROVKIT_ANS_LIST | PROVKIT_ANS_STRING | PROVKIT_ANS_IF_EMPTY,
                .off = ROFF(outcome.message), .cap = PROVKIT_MESSAGE_MAX},
    [A_ID] = {.key = "ClientID", .name = "ClientID", .kind = PROVKIT_ANS_TEXT,
              .off = ROFF(client_id_text), .cap = PROVKIT_OEMPRO_ID_MAX},
};
/* (a CODES destination's count is the size_t just before it) */
typedef char codes_follow_their_count[ROFF(codes) == ROFF(n_codes) + sizeof(size_t) ? 1 : -1];

static const provkit_answer_t answer = {
    .f = answer_fields, .n = A_N, .nall = A_N, .success = -1, .jsonp = provkit_jsonp_unwrap,
    .xml = provkit_ans_xml_elements,
};

/* Nothing of an answer that is not trusted is kept. */
static int untrusted(provkit_oempro_result_t *res, int http_status, const char *why)
{
    provkit_answer_clear(&answer, res);
    res->outcome.n_truncated = 0;
    return provkit_outcome_untrusted(&res->outcome, http_status, why);
}

/* an XML answer's scanner in *x: the workspace's in a create call */
static int decode_with(provkit_xml_t *x, const char *body, size_t len, int http_status,
                       provkit_json_token_t *tokens, size_t ntokens, provkit_oempro_result_t *res)
{
    provkit_outcome_t *o = &res->outcome;
    provkit_ans_state_t st;
    const char *why = "";
    res->has_client_id = false;
    res->client_id = 0;
    o->http_status = http_status;
    o->n_truncated = 0;
    if (provkit_answer_decode(&answer, body, len, tokens, ntokens, x, res, &st, &why) != PROVKIT_OK) {
        provkit_answer_clear(&answer, res);
        return provkit_outcome_not_answer(o, http_status, why);
    }
    bool has_success = (st.seen & PROVKIT_ANS_BIT(A_SUCCESS)) != 0;
    int32_t code = res->n_codes > 0 ? res->codes[0] : 0;
    bool any_error = false;
    for (size_t i = 0; i < res->n_codes; i++) {
        any_error |= res->codes[i] != 0;
    }
    if (!has_success && res->n_codes == 0 && st.bad == 0) {
        provkit_answer_clear(&answer, res);
        return provkit_outcome_not_answer(o, http_status, "answer has neither Success nor ErrorCode");
    }
    if (st.bad != 0) {
        return untrusted(res, http_status, "answer's Success or ErrorCode is unreadable");
    }
    if (has_success && res->success && any_error) {
        return untrusted(res, http_status, "answer says Success with an ErrorCode");
    }
    if (code == 0 && any_error) {
        return untrusted(res, http_status, "answer's ErrorCodes say 0 and an error");
    }
    if (has_success && !res->success && res->n_codes > 0 && code == 0) {
        return untrusted(res, http_status, "answer says no Success with ErrorCode 0");
    }
    bool has_text = o->message[0] != '\0';
    provkit_answer_finish(&answer, res, &st, o);
    provkit_outcome_verdict(o, provkit_oempro_codes, provkit_oempro_codes_len, code, o->message,
                            strlen(o->message), NULL);
    if (has_success && !res->success && res->n_codes == 0) {
        /* "Success":false without a code: refused, reason unstated */
        o->status = PROVKIT_ERR_PROVIDER;
        o->category = PROVKIT_CAT_OTHER;
        o->has_code = false;
        if (!has_text) {
            provkit_outcome_message(o, "refused without an error code", 29);
        }
    }
    /* ClientID, as sent and as an integer when it is one */
    res->has_client_id =
        res->client_id_text[0] != '\0' && (st.cut & PROVKIT_ANS_BIT(A_ID)) == 0 &&
        provkit_parse_integral(res->client_id_text, strlen(res->client_id_text),
                               &res->client_id) == PROVKIT_OK;
    return o->status;
}

int provkit_oempro_decode(const char *body, size_t len, int http_status, provkit_json_token_t *tokens,
                          size_t ntokens, provkit_oempro_result_t *res)
{
    provkit_xml_t x;
    return decode_with(&x, body, len, http_status, tokens, ntokens, res);
}

/* ---- the whole call ---- */
static int body_fn(void *ctx, provkit_writer_t *w)
{
    return provkit_oempro_write_body((const provkit_oempro_request_t *)ctx, w);
}

static int decode_fn(provkit_workspace_t *ws, void *res)
{
    return decode_with(provkit_ws_xml(ws), (const char *)ws->body, ws->resp.body_len,
                       ws->resp.status, ws->scan.tokens, PROVKIT_JSON_TOKENS, (provkit_oempro_result_t *)res);
}

static const provkit_provider_desc_t desc = {
    .params = provkit_oempro_params,
    .nparams = &provkit_oempro_nparams,
    .encoding = PROVKIT_ENC_FORM,
    .content_type = "application/x-www-form-urlencoded",
    .write_body = body_fn,
    .decode = decode_fn,
    .result_size = sizeof(provkit_oempro_result_t),
};

int provkit_oempro_create(provkit_client_t *c, const provkit_endpoint_t *ep,
                          const provkit_oempro_request_t *req, provkit_workspace_t *ws,
                          provkit_oempro_result_t *res)
{
    return provkit_provider_create(&desc, c, ep, req, req->skip_validation, ws, res);
}

int provkit_oempro_begin(provkit_engine_t *e, const provkit_endpoint_t *ep,
                         const provkit_oempro_request_t *req, provkit_workspace_t *ws,
                         provkit_oempro_result_t *res, uint32_t now)
{
    if (req == NULL) {
        return PROVKIT_ERR_ARG;
    }
    return provkit_provider_begin(&desc, e, ep, req, req->skip_validation, ws, res, now);
}

int provkit_oempro_end(provkit_engine_t *e, provkit_workspace_t *ws, provkit_oempro_result_t *res)
{
    return provkit_provider_end(&desc, e, ws, res);
}

#endif /* PROVKIT_WITH_OEMPRO */
