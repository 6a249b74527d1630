/*
 * SMS Partner, POST /v1/subaccount/create: fields, codes, build, decode.
 */
#include "provkit/smspartner.h"

#include <string.h>

#include "provkit/xml.h"

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
    {.name = "type", .offset = OFF(type), .required = 1, .check = PROVKIT_CHECK_ENUM,
     .code = 5, .missing_code = 4, .words = types},
    {.name = "isBuyer", .offset = OFF(is_buyer), .required = 1, .check = PROVKIT_CHECK_ENUM,
     .number = 1, .code = 3, .words = zero_one},
    {.name = "email", .offset = OFF(email), .required = PROVKIT_REQUIRED_IF,
     .aux = OFF(type), .aux_word = "advanced", .check = PROVKIT_CHECK_EMAIL, .code = 6},
    {.name = "creditToAttribute", .offset = OFF(credit_to_attribute),
     .check = PROVKIT_CHECK_POSITIVE, .number = 1, .code = 8},
    {.name = "firstname", .offset = OFF(firstname)},
    {.name = "lastname", .offset = OFF(lastname)},
    /* the seed spells the choices JSON and XML, NOTES.md json and xml */
    {.name = "_format", .offset = OFF(format), .check = PROVKIT_CHECK_ENUM_NOCASE,
     .words = formats},
};
const size_t provkit_smspartner_nparams = COUNT(provkit_smspartner_params);
#define rules provkit_smspartner_params

static bool given(const char *s) { return s != NULL && s[0] != '\0'; }

static int check_encoding(const provkit_smspartner_request_t *req, provkit_outcome_t *o)
{
    return provkit_check_encoding(req, rules, COUNT(rules), PROVKIT_ENC_TEXT, o);
}

int provkit_smspartner_validate(const provkit_smspartner_request_t *req, provkit_outcome_t *o)
{
    int rc = check_encoding(req, o);
    return rc != PROVKIT_OK ? rc : provkit_validate(req, rules, COUNT(rules), o);
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

static void member(provkit_json_writer_t *jw, const provkit_field_rule_t *r, const char *v)
{
    if (r->number) {
        provkit_jw_key_number(jw, r->name, v, strlen(v));
    } else {
        provkit_jw_key_str(jw, r->name, v, strlen(v));
    }
}

int provkit_smspartner_write_body(const provkit_smspartner_request_t *req, provkit_writer_t *w)
{
    provkit_json_writer_t jw;
    provkit_jw_init(&jw, w);
    provkit_jw_object_begin(&jw);
    member(&jw, &rules[0], given(req->api_key) ? req->api_key : "");
    member(&jw, &rules[1], given(req->type) ? req->type : "");
    provkit_jw_key_object(&jw, "parameters");
    for (size_t i = 0; i < COUNT(nested_order); i++) {
        const provkit_field_rule_t *r = &rules[nested_order[i]];
        const char *v = provkit_rule_value(req, r);
        if (given(v)) {
            member(&jw, r, v);
        }
    }
    provkit_jw_object_end(&jw);
    provkit_jw_object_end(&jw);
    int rc = provkit_jw_finish(&jw);
    return rc != PROVKIT_OK ? rc : provkit_writer_status(w);
}

/* ---- answer ---- */

/* A text that did not fit keeps its prefix, cut on a character boundary,
 * and its documented name is listed; any other failure leaves "". */
static void keep(int rc, char *buf, const char *name, provkit_outcome_t *o)
{
    if (rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
        buf[provkit_utf8_prefix(buf, strlen(buf))] = '\0';
        provkit_outcome_truncated(o, name);
    } else if (rc != PROVKIT_OK) {
        buf[0] = '\0';
    }
}

/* A field's text: a string, or a number as written (a numeric token); null,
 * absent or another kind leave "". */
static void json_copy(const provkit_json_t *doc, int obj, const char *key, const char *name,
                      char *buf, size_t cap, provkit_outcome_t *o)
{
    int v;
    buf[0] = '\0';
    if (provkit_json_find(doc, obj, key, &v) == PROVKIT_OK) {
        keep(provkit_json_text(doc, v, buf, cap, NULL), buf, name, o);
    }
}

static int decode_json(const char *js, size_t len, provkit_json_token_t *tok, size_t ntok,
                       provkit_smspartner_result_t *res, int64_t *code, char *msg, size_t cap)
{
    provkit_outcome_t *o = &res->outcome;
    provkit_json_t doc;
    int v, rc = provkit_json_parse(&doc, js, len, tok, ntok);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    if (provkit_json_kind(&doc, 0) != PROVKIT_JSON_OBJECT ||
        provkit_json_find(&doc, 0, "success", &v) != PROVKIT_OK ||
        provkit_json_bool(&doc, v, &res->success) != PROVKIT_OK ||
        provkit_json_find(&doc, 0, "code", &v) != PROVKIT_OK ||
        provkit_json_int64(&doc, v, code) != PROVKIT_OK) {
        return PROVKIT_ERR_PROTOCOL;
    }
    if (res->success) {
        if (provkit_json_find(&doc, 0, "subaccount", &v) == PROVKIT_OK &&
            provkit_json_kind(&doc, v) == PROVKIT_JSON_OBJECT) {
            json_copy(&doc, v, "email", "subaccount.email", res->email, sizeof res->email, o);
            json_copy(&doc, v, "token", "subaccount.token", res->token, sizeof res->token, o);
        }
        json_copy(&doc, 0, "sendConfirmMailTo", "sendConfirmMailTo", res->send_confirm_mail_to,
                  sizeof res->send_confirm_mail_to, o);
        json_copy(&doc, 0, "parent_email", "parent_email", res->parent_email,
                  sizeof res->parent_email, o);
        return PROVKIT_OK;
    }
    json_copy(&doc, 0, "message", "message", msg, cap, o);
    /* validation details: errors[] (or error[]) of {elementId, message} */
    if ((provkit_json_find(&doc, 0, "errors", &v) == PROVKIT_OK ||
         provkit_json_find(&doc, 0, "error", &v) == PROVKIT_OK) &&
        provkit_json_kind(&doc, v) == PROVKIT_JSON_ARRAY) {
        int it = -1;
        if (provkit_json_array_next(&doc, v, &it) == PROVKIT_OK &&
            provkit_json_kind(&doc, it) == PROVKIT_JSON_OBJECT) {
            json_copy(&doc, it, "elementId", "errors.elementId", res->error_element,
                      sizeof res->error_element, o);
            if (msg[0] == '\0') {
                json_copy(&doc, it, "message", "message", msg, cap, o);
            }
        }
    }
    return PROVKIT_OK;
}

/* The next <entry> of the list open in x, its text into buf (CDATA decoded,
 * white space around it trimmed); a text that did not fit keeps a prefix
 * and is listed under name. */
static int xml_entry(provkit_xml_t *x, char *buf, size_t cap, const char *name,
                     provkit_outcome_t *o)
{
    int ev = provkit_xml_next_child(x);
    if (ev != PROVKIT_XML_START || !provkit_xml_name_is(x, "entry")) {
        return ev < 0 ? ev : PROVKIT_ERR_PROTOCOL;
    }
    int rc = provkit_xml_text(x, PROVKIT_XML_TRIM, buf, cap, NULL);
    keep(rc, buf, name, o);
    return rc == PROVKIT_ERR_BUFFER_TOO_SMALL ? PROVKIT_OK : rc;
}

static int decode_xml(const char *doc, size_t len, provkit_smspartner_result_t *res,
                      int64_t *code, char *msg, size_t cap)
{
    provkit_outcome_t *o = &res->outcome;
    provkit_xml_t x;
    char scalar[32];
    provkit_xml_init(&x, doc, len);
    int ev = provkit_xml_next_child(&x);
    if (ev != PROVKIT_XML_START || !provkit_xml_name_is(&x, "result")) {
        return ev < 0 ? ev : PROVKIT_ERR_PROTOCOL;
    }
    /* positional: success, code, then the rest in the JSON field order */
    if (xml_entry(&x, scalar, sizeof scalar, "success", o) != PROVKIT_OK ||
        provkit_parse_bool(scalar, strlen(scalar), &res->success) != PROVKIT_OK ||
        xml_entry(&x, scalar, sizeof scalar, "code", o) != PROVKIT_OK ||
        provkit_parse_i64(scalar, strlen(scalar), code) != PROVKIT_OK) {
        return PROVKIT_ERR_PROTOCOL;
    }
    int rc;
    if (res->success) {
        /* <entry><entry>email</entry><entry>token</entry></entry> */
        ev = provkit_xml_next_child(&x);
        if (ev != PROVKIT_XML_START ||
            provkit_xml_text(&x, PROVKIT_XML_TRIM, res->email, 1, NULL) != PROVKIT_XML_START) {
            return PROVKIT_ERR_PROTOCOL;
        }
        rc = provkit_xml_text(&x, PROVKIT_XML_TRIM, res->email, sizeof res->email, NULL);
        keep(rc, res->email, "subaccount.email", o);
        rc = rc == PROVKIT_ERR_BUFFER_TOO_SMALL ? PROVKIT_OK : rc;
        if (rc == PROVKIT_OK) {
            rc = xml_entry(&x, res->token, sizeof res->token, "subaccount.token", o);
        }
        if (rc == PROVKIT_OK && provkit_xml_next_child(&x) != PROVKIT_XML_END) {
            rc = PROVKIT_ERR_PROTOCOL;
        }
        if (rc == PROVKIT_OK) {
            rc = xml_entry(&x, res->send_confirm_mail_to, sizeof res->send_confirm_mail_to,
                           "sendConfirmMailTo", o);
        }
        if (rc == PROVKIT_OK) {
            rc = xml_entry(&x, res->parent_email, sizeof res->parent_email, "parent_email", o);
        }
    } else {
        rc = xml_entry(&x, msg, cap, "message", o);
        /* an errors list may follow: <entry><entry><entry>id</entry>... */
        ev = rc == PROVKIT_OK ? provkit_xml_next_child(&x) : rc;
        if (ev == PROVKIT_XML_START) {
            if (provkit_xml_text(&x, PROVKIT_XML_TRIM, scalar, 1, NULL) == PROVKIT_XML_START &&
                provkit_xml_text(&x, PROVKIT_XML_TRIM, scalar, 1, NULL) == PROVKIT_XML_START) {
                keep(provkit_xml_text(&x, PROVKIT_XML_TRIM, res->error_element,
                                      sizeof res->error_element, NULL),
                     res->error_element, "errors.elementId", o);
            }
            /* the scanner knows its depth: climb back to <result> */
            while (x.depth > 1 && (ev = provkit_xml_next(&x)) > 0 && ev != PROVKIT_XML_EOF) {
            }
            ev = x.depth == 1 ? provkit_xml_next_child(&x) : PROVKIT_ERR_PROTOCOL;
            if (ev == PROVKIT_XML_START) {
                ev = PROVKIT_ERR_PROTOCOL; /* more than the documented entries */
            }
        }
        rc = ev == PROVKIT_XML_END ? PROVKIT_OK : (ev < 0 ? ev : PROVKIT_ERR_PROTOCOL);
        if (rc == PROVKIT_OK) {
            ev = provkit_xml_next_child(&x);
            rc = ev == PROVKIT_XML_EOF ? PROVKIT_OK : PROVKIT_ERR_PROTOCOL;
        }
        return rc;
    }
    if (rc == PROVKIT_OK && provkit_xml_next_child(&x) != PROVKIT_XML_END) {
        rc = PROVKIT_ERR_PROTOCOL;
    }
    if (rc == PROVKIT_OK && provkit_xml_next_child(&x) != PROVKIT_XML_EOF) {
        rc = PROVKIT_ERR_PROTOCOL;
    }
    return rc;
}

/* Nothing of an answer that is refused or not trusted is kept. */
static void forget(provkit_smspartner_result_t *res)
{
    res->success = false;
    res->email[0] = res->token[0] = res->send_confirm_mail_to[0] = '\0';
    res->parent_email[0] = res->error_element[0] = '\0';
    res->outcome.n_truncated = 0;
}

int provkit_smspartner_decode(const char *body, size_t len, int http_status, provkit_json_token_t *tokens,
                              size_t ntokens, provkit_smspartner_result_t *res)
{
    provkit_outcome_t *o = &res->outcome;
    char msg[2 * PROVKIT_MESSAGE_MAX];
    int64_t code = 0;
    int rc;
    forget(res);
    msg[0] = '\0';
    o->http_status = http_status;

    provkit_skip_bom(&body, &len);
    switch (provkit_body_kind(body, len)) {
    case PROVKIT_BODY_JSON:
        rc = decode_json(body, len, tokens, ntokens, res, &code, msg, sizeof msg);
        break;
    case PROVKIT_BODY_XML:
        rc = decode_xml(body, len, res, &code, msg, sizeof msg);
        break;
    default:
        return provkit_outcome_not_answer(o, http_status, "answer is neither JSON nor XML");
    }
    if (rc != PROVKIT_OK) {
        forget(res);
        return provkit_outcome_not_answer(o, http_status, rc == PROVKIT_ERR_LIMIT
                                                              ? "answer too large to decode"
                                                              : "answer is not an SMS Partner answer");
    }
    if (code < INT32_MIN || code > INT32_MAX) {
        forget(res);
        return provkit_outcome_untrusted(o, http_status, "answer code out of range");
    }
    if (res->success != (code == 200)) {
        forget(res);
        return provkit_outcome_untrusted(o, http_status, "answer success and code disagree");
    }
    provkit_outcome_verdict(o, provkit_smspartner_codes, provkit_smspartner_codes_len,
                            (int32_t)code, msg, strlen(msg), "message");
    return o->status;
}

/* ---- the whole call ---- */
static int body_fn(void *ctx, provkit_writer_t *w)
{
    return provkit_smspartner_write_body((const provkit_smspartner_request_t *)ctx, w);
}

static int decode_fn(provkit_workspace_t *ws, void *res)
{
    return provkit_smspartner_decode((const char *)ws->body, ws->resp.body_len, ws->resp.status,
                                     ws->tokens, PROVKIT_JSON_TOKENS, res);
}

/* The answer format is a query parameter of the URL: "_format=xml" added
 * to the endpoint's query (in ws->url), and XML asked for. */
static int prepare(const void *rq, provkit_workspace_t *ws, provkit_endpoint_t *at,
                   const char **accept, provkit_outcome_t *o)
{
    static const char param[] = "_format=xml";
    const char *url = at->url;
    size_t n = url != NULL ? strlen(url) : 0;
    if (url == NULL || !provkit_smspartner_wants_xml((const provkit_smspartner_request_t *)rq)) {
        return PROVKIT_OK; /* (a NULL URL is refused by the exchange) */
    }
    if (n + 1 + sizeof param > sizeof ws->url || memchr(url, '#', n) != NULL) {
        return provkit_outcome_no_verdict(o, PROVKIT_ERR_URL, PROVKIT_ERR_URL, 0,
                                          "URL too long to add _format");
    }
    memcpy(ws->url, url, n);
    ws->url[n] = memchr(url, '?', n) != NULL ? '&' : '?';
    memcpy(ws->url + n + 1, param, sizeof param);
    at->url = ws->url;
    *accept = "application/xml";
    return PROVKIT_OK;
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
