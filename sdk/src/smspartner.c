/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMS Partner, POST /v1/subaccount/create: fields, codes, build, decode.
 */
#include "provkit/smspartner.h"

#include "provider_int.h"
#include "text.h"

#include <string.h>

#include "answer.h"

#if PROVKIT_WITH_SMSPARTNER /* (provkit/config.h: compiled out, this module is empty) */

#define OFF(f) (uint16_t) offsetof(provkit_smspartner_request_t, f)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- codes (seed 002 "Codice di controllo"; 10 from the seed's example) ---- */
const provkit_code_t provkit_smspartner_codes[] = {
    {200, PROVKIT_CAT_CREATED, NULL, "È andato tutto bene!"},
    {1, PROVKIT_CAT_INVALID_FIELD, "apiKey", "La chiave API è richiesta"},
    {2, PROVKIT_CAT_DENIED, NULL, "Non hai l’autorizzazione"},
    {3, PROVKIT_CAT_INVALID_FIELD, "isBuyer", "isBuyer è richiesto"},
    {4, PROVKIT_CAT_INVALID_FIELD, "type", "Il tipo è richiesto (semplice o avanzato)"},
    {5, PROVKIT_CAT_INVALID_FIELD, "type", "Il tipo di sottovoce non esiste (semplice o avanzato)"},
    {6, PROVKIT_CAT_INVALID_FIELD, "email", "L’e-mail è richiesta"},
    {7, PROVKIT_CAT_EXISTS, "email", "Con questa e-mail esiste già un account"},
    {8, PROVKIT_CAT_INVALID_FIELD, "creditToAttribute",
     "creditToAttribute deve essere maggiore di 0"},
    /* names no documented parameter: kept as sent, field unknown */
    {9, PROVKIT_CAT_INVALID_FIELD, NULL, "La scala deve essere maggiore di 0"},
    {10, PROVKIT_CAT_AUTH_FAILED, "apiKey", "Clé API incorrecte"},
};
const size_t provkit_smspartner_codes_len = COUNT(provkit_smspartner_codes);

/* ---- validation, in the server's order ---- */
static const char *const types[] = {"simple", "advanced", NULL};
static const char *const zero_one[] = {"0", "1", NULL};
static const char *const formats[] = {"json", "xml", NULL};

/* isBuyer and creditToAttribute are written as bare JSON numbers: that
 * they are numbers is the encoding's rule (checked even without
 * validation); that isBuyer is 0 or 1 and the credit above 0, the
 * provider's. The seed gives no length limits. An advanced account needs an
 * e-mail; a simple one gets a generated one. */
const provkit_field_rule_t provkit_smspartner_params[] = {
    {.name = "apiKey", .offset = OFF(api_key), .required = 1, .code = 1},
    {.name = "type", .offset = OFF(type), .required = 1, .check = provkit_check_enum,
     .code = 5, .missing_code = 4, .words = types},
    {.name = "isBuyer", .offset = OFF(is_buyer), .required = 1, .check = provkit_check_enum,
     .number = 1, .code = 3, .words = zero_one},
    {.name = "email", .offset = OFF(email), .required = PROVKIT_REQUIRED_IF,
     .aux = OFF(type), .aux_word = "advanced", .check = provkit_check_email, .code = 6},
    {.name = "creditToAttribute", .offset = OFF(credit_to_attribute),
     .check = provkit_check_positive, .number = 1, .code = 8},
    {.name = "firstname", .offset = OFF(firstname)},
    {.name = "lastname", .offset = OFF(lastname)},
    /* the seed spells the choices JSON and XML, NOTES.md json and xml */
    {.name = "_format", .offset = OFF(format), .check = provkit_check_enum_nocase,
     .words = formats},
};
const size_t provkit_smspartner_nparams = COUNT(provkit_smspartner_params);
#define rules provkit_smspartner_params

static bool given(const char *s) { return s != NULL && s[0] != '\0'; }

static int check_encoding(const provkit_smspartner_request_t *req, provkit_outcome_t *o)
{
    return provkit_check_encoding(req, rules, COUNT(rules), PROVKIT_ENC_TEXT, NULL, o);
}

int provkit_smspartner_validate(const provkit_smspartner_request_t *req, provkit_outcome_t *o)
{
    int rc = check_encoding(req, o);
    return rc != PROVKIT_OK ? rc : provkit_validate(req, rules, COUNT(rules), NULL, o);
}

bool provkit_smspartner_wants_xml(const provkit_smspartner_request_t *req)
{
    const char *f = req->format;
    return given(f) && (f[0] | 0x20) == 'x' && (f[1] | 0x20) == 'm' && (f[2] | 0x20) == 'l' &&
           f[3] == '\0';
}

/* ---- request body: the seed's member order, as indices into the table:
 * apiKey and type (always), then the parameters object's members ---- */
static const uint8_t nested_order[] = {3, 4, 2, 5, 6};

/* "name":"value" (escaped), or "name":number; the names are the table's
 * and the markup constant: copied as they are. */
static void member(provkit_writer_t *w, const provkit_field_rule_t *r, const char *v)
{
    size_t n = strlen(v);
    provkit_w_char(w, '"');
    provkit_w_str(w, r->name);
    if (!r->number) {
        provkit_w_lit(w, "\":\"");
        provkit_w_json(w, v, n);
        provkit_w_char(w, '"');
    } else if (provkit_json_is_number(v, n)) {
        provkit_w_lit(w, "\":");
        provkit_w_raw(w, v, n);
    } else {
        provkit_writer_fail(w, PROVKIT_ERR_INVALID_FIELD);
    }
}

int provkit_smspartner_write_body(const provkit_smspartner_request_t *req, provkit_writer_t *w)
{
    provkit_w_char(w, '{');
    member(w, &rules[0], given(req->api_key) ? req->api_key : "");
    provkit_w_char(w, ',');
    member(w, &rules[1], given(req->type) ? req->type : "");
    provkit_w_lit(w, ",\"parameters\":{");
    const char *sep = "";
    for (size_t i = 0; i < COUNT(nested_order); i++) {
        const provkit_field_rule_t *r = &rules[nested_order[i]];
        const char *v = provkit_rule_value(req, r);
        if (given(v)) {
            provkit_w_str(w, sep);
            member(w, r, v);
            sep = ",";
        }
    }
    provkit_w_lit(w, "}}");
    return provkit_writer_status(w);
}

/* ---- answer: JSON, or the positional XML list in the JSON's order ---- */
#define ROFF(f) (uint16_t) offsetof(provkit_smspartner_result_t, f)
#define TEXT(k, n, f, ...) \
    {.key = k, .name = n, .kind = PROVKIT_ANS_TEXT, .off = ROFF(f), \
     .cap = sizeof(((provkit_smspartner_result_t *)0)->f), __VA_ARGS__}
enum { A_SUCCESS, A_CODE, A_SUBACCOUNT, A_CONFIRM, A_PARENT, A_MESSAGE, A_ERRORS, /* top */
       A_EMAIL, A_TOKEN,                                                          /* subaccount */
       A_ELEMENT, A_ERROR_MESSAGE,                                                /* errors[0] */
       A_N };
static const provkit_ans_field_t answer_fields[] = {
    [A_SUCCESS] = {.key = "success", .kind = PROVKIT_ANS_BOOL, .flags = PROVKIT_ANS_REQUIRED,
                   .off = ROFF(success)},
    [A_CODE] = {.key = "code", .kind = PROVKIT_ANS_INT, .flags = PROVKIT_ANS_REQUIRED,
                .off = ROFF(outcome.code)},
    [A_SUBACCOUNT] = {.key = "subaccount", .kind = PROVKIT_ANS_OBJECT,
                      .flags = PROVKIT_ANS_ON_SUCCESS, .sub = A_EMAIL, .nsub = 2},
    [A_CONFIRM] = TEXT("sendConfirmMailTo", "sendConfirmMailTo", send_confirm_mail_to,
                       .flags = PROVKIT_ANS_ON_SUCCESS),
    [A_PARENT] = TEXT("parent_email", "parent_email", parent_email,
                      .flags = PROVKIT_ANS_ON_SUCCESS),
    [A_MESSAGE] = TEXT("message", "message", outcome.message, .flags = PROVKIT_ANS_ON_FAILURE),
    /* validation details: errors[] (or error[]) of {elementId, message} */
    [A_ERRORS] = {.key = "errors", .alt = "error", .kind = PROVKIT_ANS_FIRST,
                  .flags = PROVKIT_ANS_ON_FAILURE | PROVKIT_ANS_MAY_END, .sub = A_ELEMENT,
                  .nsub = 2},
    [A_EMAIL] = TEXT("email", "subaccount.email", email, .flags = 0),
    [A_TOKEN] = TEXT("token", "subaccount.token", token, .flags = 0),
    [A_ELEMENT] = TEXT("elementId", "errors.elementId", error_element, .flags = 0),
    [A_ERROR_MESSAGE] = TEXT("message", "message", outcome.message,
                             .flags = PROVKIT_ANS_IF_EMPTY),
};
static const provkit_answer_t answer = {
    .f = answer_fields, .n = A_EMAIL, .nall = A_N, .success = A_SUCCESS, .xml = provkit_ans_xml_entries, .root = "result",
};

/* Nothing of an answer that is refused or not trusted is kept. */
static void forget(provkit_smspartner_result_t *res)
{
    provkit_answer_clear(&answer, res);
    res->outcome.n_truncated = 0;
}

/* an XML answer's scanner in *x: the workspace's in a create call */
static int decode_with(provkit_xml_t *x, const char *body, size_t len, int http_status,
                       provkit_json_token_t *tokens, size_t ntokens, provkit_smspartner_result_t *res)
{
    provkit_outcome_t *o = &res->outcome;
    provkit_ans_state_t st;
    const char *why = "";
    o->http_status = http_status;
    o->n_truncated = 0;
    if (provkit_answer_decode(&answer, body, len, tokens, ntokens, x, res, &st, &why) != PROVKIT_OK) {
        forget(res);
        return provkit_outcome_not_answer(o, http_status, why);
    }
    const char *distrust = (st.range & PROVKIT_ANS_BIT(A_CODE)) != 0 ? "answer code out of range"
                           : res->success != (o->code == 200) ? "answer success and code disagree"
                                                                : NULL;
    if (distrust != NULL) {
        forget(res);
        return provkit_outcome_untrusted(o, http_status, distrust);
    }
    provkit_answer_finish(&answer, res, &st, o);
    provkit_outcome_verdict(o, provkit_smspartner_codes, provkit_smspartner_codes_len, o->code,
                            o->message, strlen(o->message), NULL);
    return o->status;
}

int provkit_smspartner_decode(const char *body, size_t len, int http_status, provkit_json_token_t *tokens,
                          size_t ntokens, provkit_smspartner_result_t *res)
{
    provkit_xml_t x;
    return decode_with(&x, body, len, http_status, tokens, ntokens, res);
}

/* ---- the whole call ---- */
static int body_fn(void *ctx, provkit_writer_t *w)
{
    return provkit_smspartner_write_body((const provkit_smspartner_request_t *)ctx, w);
}

static int decode_fn(provkit_workspace_t *ws, void *res)
{
    return decode_with(provkit_ws_xml(ws), (const char *)ws->body, ws->resp.body_len,
                       ws->resp.status, ws->scan.tokens, PROVKIT_JSON_TOKENS, (provkit_smspartner_result_t *)res);
}

/* The answer format is a query parameter: "_format=xml" added to the
 * endpoint's query, and XML asked for. */
static void prepare(const void *req, provkit_client_request_t *x)
{
    if (provkit_smspartner_wants_xml((const provkit_smspartner_request_t *)req)) {
        x->query_extra = "_format=xml";
        x->accept = "application/xml";
    }
}

static const provkit_provider_desc_t desc = {
    .params = provkit_smspartner_params,
    .nparams = &provkit_smspartner_nparams,
    .encoding = PROVKIT_ENC_TEXT,
    .content_type = "application/json",
    .accept = "application/json",
    .write_body = body_fn,
    .prepare = prepare,
    .decode = decode_fn,
    .result_size = sizeof(provkit_smspartner_result_t),
};

int provkit_smspartner_create(provkit_client_t *c, const provkit_endpoint_t *ep,
                              const provkit_smspartner_request_t *req, provkit_workspace_t *ws,
                              provkit_smspartner_result_t *res)
{
    return provkit_provider_create(&desc, c, ep, req, req->skip_validation, ws, res);
}

int provkit_smspartner_begin(provkit_engine_t *e, const provkit_endpoint_t *ep,
                             const provkit_smspartner_request_t *req, provkit_workspace_t *ws,
                             provkit_smspartner_result_t *res, uint32_t now)
{
    if (req == NULL) {
        return PROVKIT_ERR_ARG;
    }
    return provkit_provider_begin(&desc, e, ep, req, req->skip_validation, ws, res, now);
}

int provkit_smspartner_end(provkit_engine_t *e, provkit_workspace_t *ws, provkit_smspartner_result_t *res)
{
    return provkit_provider_end(&desc, e, ws, res);
}

#endif /* PROVKIT_WITH_SMSPARTNER */
