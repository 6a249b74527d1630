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

static const provkit_field_rule_t rules_head[] = {
    {"apiKey", OFF(api_key), 0, 1, PROVKIT_CHECK_TEXT, 1, 0, NULL, 0},
    {"type", OFF(type), 0, 1, PROVKIT_CHECK_ENUM, 5, 4, types, 0},
    {"isBuyer", OFF(is_buyer), 0, 1, PROVKIT_CHECK_ENUM, 3, 0, zero_one, 0},
};
static const provkit_field_rule_t rules_tail[] = {
    {"email", OFF(email), 254, 0, PROVKIT_CHECK_EMAIL, 6, 0, NULL, 0},
    {"creditToAttribute", OFF(credit_to_attribute), 32, 0, PROVKIT_CHECK_POSITIVE, 8, 0, NULL, 0},
    {"firstname", OFF(firstname), 0, 0, PROVKIT_CHECK_TEXT, 0, 0, NULL, 0},
    {"lastname", OFF(lastname), 0, 0, PROVKIT_CHECK_TEXT, 0, 0, NULL, 0},
    {"_format", OFF(format), 0, 0, PROVKIT_CHECK_ENUM, 0, 0, formats, 0},
};
/* an advanced account needs an e-mail (a simple one gets a generated one) */
static const provkit_field_rule_t email_required = {
    "email", OFF(email), 254, 1, PROVKIT_CHECK_EMAIL, 6, 0, NULL, 0};

static bool given(const char *s) { return s != NULL && s[0] != '\0'; }

int provkit_smspartner_validate(const provkit_smspartner_request_t *req, provkit_outcome_t *o)
{
    int rc = provkit_validate(req, rules_head, COUNT(rules_head), o);
    if (rc == PROVKIT_OK && strcmp(req->type, "advanced") == 0) {
        rc = provkit_validate(req, &email_required, 1, o);
    }
    if (rc == PROVKIT_OK) {
        rc = provkit_validate(req, rules_tail, COUNT(rules_tail), o);
    }
    if (rc != PROVKIT_OK && o->code == 0) {
        o->has_code = false;
    }
    return rc;
}

bool provkit_smspartner_wants_xml(const provkit_smspartner_request_t *req)
{
    return given(req->format) && strcmp(req->format, "xml") == 0;
}

/* ---- request body: the seed's member order ---- */
int provkit_smspartner_write_body(const provkit_smspartner_request_t *req, provkit_writer_t *w)
{
    provkit_json_writer_t jw;
    provkit_jw_init(&jw, w);
    provkit_jw_object_begin(&jw);
    provkit_jw_key_str(&jw, "apiKey", req->api_key ? req->api_key : "",
                       req->api_key ? strlen(req->api_key) : 0);
    provkit_jw_key_str(&jw, "type", req->type ? req->type : "", req->type ? strlen(req->type) : 0);
    provkit_jw_key_object(&jw, "parameters");
    if (given(req->email)) {
        provkit_jw_key_str(&jw, "email", req->email, strlen(req->email));
    }
    if (given(req->credit_to_attribute)) {
        provkit_jw_key_number(&jw, "creditToAttribute", req->credit_to_attribute,
                              strlen(req->credit_to_attribute));
    }
    if (given(req->is_buyer)) {
        provkit_jw_key_number(&jw, "isBuyer", req->is_buyer, strlen(req->is_buyer));
    }
    if (given(req->firstname)) {
        provkit_jw_key_str(&jw, "firstname", req->firstname, strlen(req->firstname));
    }
    if (given(req->lastname)) {
        provkit_jw_key_str(&jw, "lastname", req->lastname, strlen(req->lastname));
    }
    provkit_jw_object_end(&jw);
    provkit_jw_object_end(&jw);
    int rc = provkit_jw_finish(&jw);
    return rc != PROVKIT_OK ? rc : provkit_writer_status(w);
}

/* ---- answer ---- */

static int json_copy(const provkit_json_t *doc, int obj, const char *key, char *buf, size_t cap)
{
    int v;
    buf[0] = '\0';
    if (provkit_json_find(doc, obj, key, &v) != PROVKIT_OK ||
        provkit_json_kind(doc, v) == PROVKIT_JSON_NULL) {
        return PROVKIT_OK; /* absent fields stay "" */
    }
    return provkit_json_string(doc, v, buf, cap, NULL);
}

static int decode_json(const char *js, size_t len, jsmntok_t *tok, size_t ntok,
                       provkit_smspartner_result_t *res, int64_t *code, char *msg, size_t cap)
{
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
            rc = json_copy(&doc, v, "email", res->email, sizeof res->email);
            if (rc == PROVKIT_OK) {
                rc = json_copy(&doc, v, "token", res->token, sizeof res->token);
            }
        }
        if (rc == PROVKIT_OK) {
            rc = json_copy(&doc, 0, "sendConfirmMailTo", res->send_confirm_mail_to,
                           sizeof res->send_confirm_mail_to);
        }
        if (rc == PROVKIT_OK) {
            rc = json_copy(&doc, 0, "parent_email", res->parent_email, sizeof res->parent_email);
        }
        return rc == PROVKIT_OK ? PROVKIT_OK : PROVKIT_ERR_PROTOCOL;
    }
    if (json_copy(&doc, 0, "message", msg, cap) != PROVKIT_OK) {
        msg[0] = '\0';
    }
    /* validation details: errors[] (or error[]) of {elementId, message} */
    if ((provkit_json_find(&doc, 0, "errors", &v) == PROVKIT_OK ||
         provkit_json_find(&doc, 0, "error", &v) == PROVKIT_OK) &&
        provkit_json_kind(&doc, v) == PROVKIT_JSON_ARRAY) {
        int it = -1;
        if (provkit_json_array_next(&doc, v, &it) == PROVKIT_OK &&
            provkit_json_kind(&doc, it) == PROVKIT_JSON_OBJECT) {
            if (json_copy(&doc, it, "elementId", res->error_element,
                          sizeof res->error_element) != PROVKIT_OK) {
                res->error_element[0] = '\0';
            }
            if (msg[0] == '\0' && json_copy(&doc, it, "message", msg, cap) != PROVKIT_OK) {
                msg[0] = '\0';
            }
        }
    }
    return PROVKIT_OK;
}

/* The next <entry> of the list open in x, its text into buf (CDATA decoded,
 * white space around it trimmed). */
static int xml_entry(provkit_xml_t *x, char *buf, size_t cap)
{
    int ev = provkit_xml_next_child(x);
    if (ev != PROVKIT_XML_START || !provkit_xml_name_is(x, "entry")) {
        return ev < 0 ? ev : PROVKIT_ERR_PROTOCOL;
    }
    return provkit_xml_text(x, PROVKIT_XML_TRIM, buf, cap, NULL);
}

static int decode_xml(const char *doc, size_t len, provkit_smspartner_result_t *res,
                      int64_t *code, char *msg, size_t cap)
{
    provkit_xml_t x;
    char scalar[32];
    provkit_xml_init(&x, doc, len);
    int ev = provkit_xml_next_child(&x);
    if (ev != PROVKIT_XML_START || !provkit_xml_name_is(&x, "result")) {
        return ev < 0 ? ev : PROVKIT_ERR_PROTOCOL;
    }
    /* positional: success, code, then the rest in the JSON field order */
    if (xml_entry(&x, scalar, sizeof scalar) != PROVKIT_OK ||
        provkit_parse_bool(scalar, strlen(scalar), &res->success) != PROVKIT_OK ||
        xml_entry(&x, scalar, sizeof scalar) != PROVKIT_OK ||
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
        if (rc == PROVKIT_OK) {
            rc = xml_entry(&x, res->token, sizeof res->token);
        }
        if (rc == PROVKIT_OK && provkit_xml_next_child(&x) != PROVKIT_XML_END) {
            rc = PROVKIT_ERR_PROTOCOL;
        }
        if (rc == PROVKIT_OK) {
            rc = xml_entry(&x, res->send_confirm_mail_to, sizeof res->send_confirm_mail_to);
        }
        if (rc == PROVKIT_OK) {
            rc = xml_entry(&x, res->parent_email, sizeof res->parent_email);
        }
    } else {
        rc = xml_entry(&x, msg, cap);
        if (rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
            rc = PROVKIT_OK; /* keep the prefix */
        }
        /* an errors list may follow: <entry><entry><entry>id</entry>... */
        ev = rc == PROVKIT_OK ? provkit_xml_next_child(&x) : rc;
        if (ev == PROVKIT_XML_START) {
            if (provkit_xml_text(&x, PROVKIT_XML_TRIM, scalar, 1, NULL) == PROVKIT_XML_START &&
                provkit_xml_text(&x, PROVKIT_XML_TRIM, scalar, 1, NULL) == PROVKIT_XML_START &&
                provkit_xml_text(&x, PROVKIT_XML_TRIM, res->error_element,
                                 sizeof res->error_element, NULL) != PROVKIT_OK) {
                res->error_element[0] = '\0';
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

int provkit_smspartner_decode(const char *body, size_t len, int http_status, jsmntok_t *tokens,
                              size_t ntokens, provkit_smspartner_result_t *res)
{
    provkit_outcome_t *o = &res->outcome;
    char msg[2 * PROVKIT_MESSAGE_MAX];
    int64_t code = 0;
    int rc;
    res->success = false;
    res->email[0] = res->token[0] = res->send_confirm_mail_to[0] = res->parent_email[0] = '\0';
    res->error_element[0] = '\0';
    msg[0] = '\0';
    o->http_status = http_status;

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
        /* nothing of a refused answer is kept */
        res->success = false;
        res->email[0] = res->token[0] = res->send_confirm_mail_to[0] = '\0';
        res->parent_email[0] = res->error_element[0] = '\0';
        return provkit_outcome_not_answer(o, http_status, rc == PROVKIT_ERR_LIMIT
                                                              ? "answer too large to decode"
                                                              : "answer is not an SMS Partner answer");
    }
    if (code < INT32_MIN || code > INT32_MAX) {
        return provkit_outcome_not_answer(o, http_status, "answer code out of range");
    }
    if (res->success != (code == 200)) {
        /* success and code disagree: trust neither */
        res->success = false;
        return provkit_outcome_not_answer(o, http_status, "answer success and code disagree");
    }
    provkit_outcome_verdict(o, provkit_smspartner_codes, provkit_smspartner_codes_len,
                            (int32_t)code, msg, strlen(msg));
    return o->status;
}

/* ---- the whole call ---- */
static int body_fn(void *ctx, provkit_writer_t *w)
{
    return provkit_smspartner_write_body((const provkit_smspartner_request_t *)ctx, w);
}

int provkit_smspartner_create(provkit_client_t *c, const provkit_endpoint_t *ep,
                              const provkit_smspartner_request_t *req, provkit_workspace_t *ws,
                              provkit_smspartner_result_t *res)
{
    memset(res, 0, sizeof *res);
    provkit_outcome_clear(&res->outcome);
    if (!req->skip_validation && provkit_smspartner_validate(req, &res->outcome) != PROVKIT_OK) {
        return res->outcome.status;
    }
    provkit_endpoint_t at = *ep;
    bool xml = provkit_smspartner_wants_xml(req);
    if (xml) {
        /* the answer format is a query parameter of the URL */
        size_t n = ep->url != NULL ? strlen(ep->url) : 0;
        static const char param[] = "_format=xml";
        if (n + 1 + sizeof param > sizeof ws->url || memchr(ep->url, '#', n) != NULL) {
            res->outcome.status = PROVKIT_ERR_URL;
            provkit_outcome_message(&res->outcome, "URL too long to add _format", 27);
            return PROVKIT_ERR_URL;
        }
        memcpy(ws->url, ep->url, n);
        ws->url[n] = memchr(ep->url, '?', n) != NULL ? '&' : '?';
        memcpy(ws->url + n + 1, param, sizeof param);
        at.url = ws->url;
    }
    int rc = provkit_provider_exchange(c, &at, "application/json",
                                       xml ? "application/xml" : "application/json", body_fn,
                                       (void *)(uintptr_t)req, ws, &res->outcome);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    rc = provkit_smspartner_decode((const char *)ws->body, ws->resp.body_len, ws->resp.status,
                                     ws->tokens, PROVKIT_JSON_TOKENS, res);
    provkit_workspace_wipe(ws);
    return rc;
}
