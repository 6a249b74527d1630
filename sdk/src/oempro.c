/*
 * Oempro-style console, Client.Create: fields, limits, codes, build, decode.
 * Read top to bottom: the tables are the provider; the functions walk them.
 */
#include "provkit/oempro.h"

#include <string.h>

#include "provkit/xml.h"

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

/* The seed documents no length limits; codes 1-5 are the console's own. */
static const provkit_field_rule_t rules[] = {
    {"ClientName", OFF(client_name), 0, 1, PROVKIT_CHECK_TEXT, 1, 0, NULL, 0},
    {"ClientUsername", OFF(client_username), 0, 1, PROVKIT_CHECK_TEXT, 2, 0, NULL, 0},
    {"ClientPassword", OFF(client_password), 0, 1, PROVKIT_CHECK_TEXT, 3, 0, NULL, 0},
    {"ClientEmailAddress", OFF(client_email_address), 0, 1, PROVKIT_CHECK_EMAIL, 5, 4, NULL, 0},
    {"SessionID", OFF(session_id), 0, 0, PROVKIT_CHECK_TEXT, 99998, 0, NULL, 0},
    {"APIKey", OFF(api_key), 0, 0, PROVKIT_CHECK_TEXT, 99998, 0, NULL, 0},
    /* No documented code for these: refused with code 0, has_code false. */
    {"ResponseFormat", OFF(response_format), 0, 0, PROVKIT_CHECK_ENUM, 0, 0, formats, 0},
    {"JSONPCallBack", OFF(jsonp_callback), 128, 0, PROVKIT_CHECK_IDENT, 0, 0, NULL, 0},
    {"Access", OFF(access), 0, 0, PROVKIT_CHECK_ENUM, 0, 0, accesses, 0},
    {"ClientAccountStatus", OFF(client_account_status), 0, 0, PROVKIT_CHECK_ENUM, 0, 0, statuses,
     0},
};

static bool given(const char *s) { return s != NULL && s[0] != '\0'; }

int provkit_oempro_validate(const provkit_oempro_request_t *req, provkit_outcome_t *o)
{
    int rc = provkit_validate(req, rules, COUNT(rules), o);
    if (rc == PROVKIT_OK && !given(req->session_id) && !given(req->api_key)) {
        /* What the console answers to an unauthenticated call. */
        o->status = rc = PROVKIT_ERR_INVALID_FIELD;
        o->category = PROVKIT_CAT_INVALID_FIELD;
        o->local = true;
        o->has_code = true;
        o->code = 99998;
        o->field = "SessionID";
        provkit_outcome_message(o, "SessionID or APIKey is required", 31);
    }
    if (rc != PROVKIT_OK && o->code == 0) {
        o->has_code = false; /* enumerations: no code documented */
    }
    return rc;
}

/* ---- request body: the seed's parameter order ---- */
static const struct {
    const char *name;
    uint16_t offset;
} params[] = {
    {"SessionID", OFF(session_id)},
    {"APIKey", OFF(api_key)},
    {"JSONPCallBack", OFF(jsonp_callback)},
    {"Access", OFF(access)},
    {"ClientUsername", OFF(client_username)},
    {"ClientPassword", OFF(client_password)},
    {"ClientEmailAddress", OFF(client_email_address)},
    {"ClientName", OFF(client_name)},
    {"ClientAccountStatus", OFF(client_account_status)},
};

int provkit_oempro_write_body(const provkit_oempro_request_t *req, provkit_writer_t *w)
{
    const char *fmt = given(req->response_format) ? req->response_format : "JSON";
    provkit_w_str(w, "Command=Client.Create&ResponseFormat=");
    provkit_w_form(w, fmt, strlen(fmt));
    for (size_t i = 0; i < COUNT(params); i++) {
        const char *v;
        memcpy(&v, (const char *)req + params[i].offset, sizeof v);
        if (!given(v)) {
            continue;
        }
        provkit_w_char(w, '&');
        provkit_w_str(w, params[i].name);
        provkit_w_char(w, '=');
        provkit_w_form(w, v, strlen(v));
    }
    return provkit_writer_status(w);
}

/* ---- answer ---- */

/* What an answer said, whatever its encoding. */
struct answer {
    bool has_success, success, has_client_id;
    int64_t client_id;
    size_t n_codes;
    int32_t codes[PROVKIT_OEMPRO_MAX_CODES];
    char text[2 * PROVKIT_MESSAGE_MAX]; /* cut on a character boundary later */
    size_t text_len;
};

static void add_code(struct answer *a, int64_t v)
{
    if (a->n_codes < PROVKIT_OEMPRO_MAX_CODES) {
        a->codes[a->n_codes++] = (v < INT32_MIN || v > INT32_MAX) ? INT32_MIN : (int32_t)v;
    }
}

static int json_text(const provkit_json_t *doc, int t, struct answer *a)
{
    if (a->text_len != 0) {
        return PROVKIT_OK; /* the first text is the verdict's */
    }
    size_t n = 0;
    int rc = provkit_json_string(doc, t, a->text, sizeof a->text, &n);
    if (rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
        a->text[0] = '\0'; /* too long to keep: the documented text stands in */
        return PROVKIT_OK;
    }
    a->text_len = rc == PROVKIT_OK ? n : 0;
    return rc;
}

static int decode_json(const char *js, size_t len, jsmntok_t *tok, size_t ntok, struct answer *a)
{
    provkit_json_t doc;
    int rc = provkit_json_parse(&doc, js, len, tok, ntok);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    if (provkit_json_kind(&doc, 0) != PROVKIT_JSON_OBJECT) {
        return PROVKIT_ERR_PROTOCOL;
    }
    int v;
    if (provkit_json_find(&doc, 0, "Success", &v) == PROVKIT_OK) {
        if (provkit_json_bool(&doc, v, &a->success) != PROVKIT_OK) {
            return PROVKIT_ERR_PROTOCOL;
        }
        a->has_success = true;
    }
    if (provkit_json_find(&doc, 0, "ErrorCode", &v) == PROVKIT_OK) {
        int64_t c;
        if (provkit_json_kind(&doc, v) == PROVKIT_JSON_ARRAY) {
            int it = -1;
            while (provkit_json_array_next(&doc, v, &it) == PROVKIT_OK) {
                if (provkit_json_int64(&doc, it, &c) != PROVKIT_OK) {
                    return PROVKIT_ERR_PROTOCOL;
                }
                add_code(a, c);
            }
        } else if (provkit_json_int64(&doc, v, &c) == PROVKIT_OK) {
            add_code(a, c);
        } else {
            return PROVKIT_ERR_PROTOCOL;
        }
    }
    if (provkit_json_find(&doc, 0, "ErrorText", &v) == PROVKIT_OK) {
        if (provkit_json_kind(&doc, v) == PROVKIT_JSON_ARRAY) {
            int it = -1;
            if (provkit_json_array_next(&doc, v, &it) == PROVKIT_OK &&
                json_text(&doc, it, a) != PROVKIT_OK) {
                return PROVKIT_ERR_PROTOCOL;
            }
        } else if (provkit_json_kind(&doc, v) == PROVKIT_JSON_STRING) {
            if (json_text(&doc, v, a) != PROVKIT_OK) {
                return PROVKIT_ERR_PROTOCOL;
            }
        }
    }
    if (provkit_json_find(&doc, 0, "ClientID", &v) == PROVKIT_OK &&
        provkit_json_int64(&doc, v, &a->client_id) == PROVKIT_OK) {
        a->has_client_id = true;
    }
    return PROVKIT_OK;
}

/* One scalar element's text, trimmed, CDATA decoded. */
static int xml_scalar(provkit_xml_t *x, char *buf, size_t cap, size_t *n)
{
    int rc = provkit_xml_text(x, PROVKIT_XML_TRIM, buf, cap, n);
    return rc == PROVKIT_OK ? PROVKIT_OK : PROVKIT_ERR_PROTOCOL;
}

static int decode_xml(const char *doc, size_t len, struct answer *a)
{
    provkit_xml_t x;
    char buf[32]; /* scalars: a boolean, a code, an id */
    size_t n;
    provkit_xml_init(&x, doc, len);
    int ev = provkit_xml_next_child(&x);
    if (ev != PROVKIT_XML_START) {
        return ev < 0 ? ev : PROVKIT_ERR_PROTOCOL;
    }
    /* <response> (any root name) holding one element per field */
    while ((ev = provkit_xml_next_child(&x)) == PROVKIT_XML_START) {
        int rc = PROVKIT_OK;
        int64_t v;
        if (provkit_xml_name_is(&x, "Success")) {
            rc = xml_scalar(&x, buf, sizeof buf, &n);
            if (rc == PROVKIT_OK && (rc = provkit_parse_bool(buf, n, &a->success)) == PROVKIT_OK) {
                a->has_success = true;
            }
        } else if (provkit_xml_name_is(&x, "ErrorCode")) {
            rc = provkit_xml_text(&x, PROVKIT_XML_TRIM, buf, sizeof buf, &n);
            if (rc == PROVKIT_OK) {
                /* an empty element is "no error code", like 0 */
                if (n > 0 && (rc = provkit_parse_i64(buf, n, &v)) == PROVKIT_OK) {
                    add_code(a, v);
                }
            } else if (rc == PROVKIT_XML_START) {
                /* array form: one child element per code */
                do {
                    rc = xml_scalar(&x, buf, sizeof buf, &n);
                    if (rc == PROVKIT_OK && (rc = provkit_parse_i64(buf, n, &v)) == PROVKIT_OK) {
                        add_code(a, v);
                    }
                } while (rc == PROVKIT_OK && (rc = provkit_xml_next_child(&x)) == PROVKIT_XML_START);
                rc = rc == PROVKIT_XML_END ? PROVKIT_OK : PROVKIT_ERR_PROTOCOL;
            }
        } else if (provkit_xml_name_is(&x, "ErrorText") && a->text_len == 0) {
            /* the first text is the verdict's: a scalar, or the first item of
             * a list; decoded straight into the answer */
            rc = provkit_xml_text(&x, PROVKIT_XML_TRIM, a->text, sizeof a->text, &n);
            if (rc == PROVKIT_XML_START) {
                rc = provkit_xml_text(&x, PROVKIT_XML_TRIM, a->text, sizeof a->text, &n);
                if (rc == PROVKIT_OK || rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
                    int inner = rc;
                    while ((rc = provkit_xml_next_child(&x)) == PROVKIT_XML_START) {
                        if ((rc = provkit_xml_skip(&x)) != PROVKIT_OK) {
                            break;
                        }
                    }
                    rc = rc == PROVKIT_XML_END ? inner : PROVKIT_ERR_PROTOCOL;
                }
            }
            if (rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
                n = strlen(a->text); /* a prefix, cut to a character later */
                rc = PROVKIT_OK;
            }
            a->text_len = rc == PROVKIT_OK ? n : 0;
        } else if (provkit_xml_name_is(&x, "ClientID")) {
            rc = xml_scalar(&x, buf, sizeof buf, &n);
            if (rc == PROVKIT_OK && n > 0 &&
                provkit_parse_i64(buf, n, &a->client_id) == PROVKIT_OK) {
                a->has_client_id = true;
            }
        } else {
            rc = provkit_xml_skip(&x);
        }
        if (rc != PROVKIT_OK) {
            return rc < 0 ? rc : PROVKIT_ERR_PROTOCOL;
        }
    }
    if (ev != PROVKIT_XML_END) {
        return ev < 0 ? ev : PROVKIT_ERR_PROTOCOL;
    }
    /* nothing but white space and comments may follow the root */
    ev = provkit_xml_next_child(&x);
    return ev == PROVKIT_XML_EOF ? PROVKIT_OK : (ev < 0 ? ev : PROVKIT_ERR_PROTOCOL);
}

int provkit_oempro_decode(const char *body, size_t len, int http_status, jsmntok_t *tokens,
                          size_t ntokens, provkit_oempro_result_t *res)
{
    provkit_outcome_t *o = &res->outcome;
    struct answer a;
    memset(&a, 0, sizeof a);
    res->success = false;
    res->has_client_id = false;
    res->client_id = 0;
    res->n_codes = 0;
    o->http_status = http_status;

    int rc;
    switch (provkit_body_kind(body, len)) {
    case PROVKIT_BODY_JSON:
        rc = decode_json(body, len, tokens, ntokens, &a);
        break;
    case PROVKIT_BODY_JSONP: {
        size_t off = 0, n = 0;
        rc = provkit_jsonp_unwrap(body, len, NULL, &off, &n);
        if (rc == PROVKIT_OK) {
            rc = decode_json(body + off, n, tokens, ntokens, &a);
        }
        break;
    }
    case PROVKIT_BODY_XML:
        rc = decode_xml(body, len, &a);
        break;
    default:
        return provkit_outcome_not_answer(o, http_status, "answer is neither JSON nor XML");
    }
    if (rc == PROVKIT_ERR_LIMIT) {
        return provkit_outcome_not_answer(o, http_status, "answer too large for the token space");
    }
    if (rc != PROVKIT_OK) {
        return provkit_outcome_not_answer(o, http_status, "answer is not a console answer");
    }
    if (!a.has_success && a.n_codes == 0) {
        return provkit_outcome_not_answer(o, http_status, "answer has neither Success nor ErrorCode");
    }

    res->success = a.success;
    res->has_client_id = a.has_client_id;
    res->client_id = a.client_id;
    res->n_codes = a.n_codes;
    memcpy(res->codes, a.codes, sizeof a.codes);

    int32_t code = a.n_codes > 0 ? a.codes[0] : 0;
    if (a.has_success ? a.success : code == 0) {
        /* Success is the console's verdict; ErrorCode 0 agrees with it. */
        provkit_outcome_verdict(o, provkit_oempro_codes, provkit_oempro_codes_len, 0, a.text,
                                a.text_len);
    } else if (code == 0) {
        /* "Success":false without a code: refused, reason unstated */
        provkit_outcome_verdict(o, provkit_oempro_codes, provkit_oempro_codes_len, 0, a.text,
                                a.text_len);
        o->status = PROVKIT_ERR_PROVIDER;
        o->category = PROVKIT_CAT_OTHER;
        if (a.text_len == 0) {
            provkit_outcome_message(o, "refused without an error code", 29);
        }
    } else {
        provkit_outcome_verdict(o, provkit_oempro_codes, provkit_oempro_codes_len, code, a.text,
                                a.text_len);
    }
    return o->status;
}

/* ---- the whole call ---- */
static int body_fn(void *ctx, provkit_writer_t *w)
{
    return provkit_oempro_write_body((const provkit_oempro_request_t *)ctx, w);
}

int provkit_oempro_create(provkit_client_t *c, const provkit_endpoint_t *ep,
                          const provkit_oempro_request_t *req, provkit_workspace_t *ws,
                          provkit_oempro_result_t *res)
{
    memset(res, 0, sizeof *res);
    provkit_outcome_clear(&res->outcome);
    if (!req->skip_validation && provkit_oempro_validate(req, &res->outcome) != PROVKIT_OK) {
        return res->outcome.status;
    }
    int rc = provkit_provider_exchange(c, ep, "application/x-www-form-urlencoded", NULL, body_fn,
                                       (void *)(uintptr_t)req, ws, &res->outcome);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    rc = provkit_oempro_decode((const char *)ws->body, ws->resp.body_len, ws->resp.status,
                                 ws->tokens, PROVKIT_JSON_TOKENS, res);
    provkit_workspace_wipe(ws);
    return rc;
}
