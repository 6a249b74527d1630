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

/* The seed documents no length limits; codes 1-5 are the console's own.
 * The enumerations have no documented code: refused with code 0, has_code
 * false. The JSONPCallBack name must be one the answer can be unwrapped by. */
const provkit_field_rule_t provkit_oempro_params[] = {
    {.name = "ClientName", .offset = OFF(client_name), .required = 1, .code = 1},
    {.name = "ClientUsername", .offset = OFF(client_username), .required = 1, .code = 2},
    {.name = "ClientPassword", .offset = OFF(client_password), .required = 1, .code = 3},
    {.name = "ClientEmailAddress", .offset = OFF(client_email_address), .required = 1,
     .check = PROVKIT_CHECK_EMAIL, .code = 5, .missing_code = 4},
    {.name = "SessionID", .offset = OFF(session_id), .code = 99998},
    {.name = "APIKey", .offset = OFF(api_key), .code = 99998},
    {.name = "ResponseFormat", .offset = OFF(response_format), .check = PROVKIT_CHECK_ENUM,
     .words = formats},
    {.name = "JSONPCallBack", .offset = OFF(jsonp_callback), .check = PROVKIT_CHECK_IDENT},
    {.name = "Access", .offset = OFF(access), .check = PROVKIT_CHECK_ENUM, .words = accesses},
    {.name = "ClientAccountStatus", .offset = OFF(client_account_status),
     .check = PROVKIT_CHECK_ENUM, .words = statuses},
};

const size_t provkit_oempro_nparams = COUNT(provkit_oempro_params);
#define rules provkit_oempro_params

static bool given(const char *s) { return s != NULL && s[0] != '\0'; }

int provkit_oempro_validate(const provkit_oempro_request_t *req, provkit_outcome_t *o)
{
    int rc = provkit_check_encoding(req, rules, COUNT(rules), PROVKIT_ENC_TEXT, o);
    return rc != PROVKIT_OK ? rc : provkit_validate(req, rules, COUNT(rules), o);
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

/* ---- answer ---- */

/* What an answer said, whatever its encoding. */
struct answer {
    bool has_success, success;
    bool unreadable; /* Success or ErrorCode present but not readable */
    size_t n_codes;
    int32_t codes[PROVKIT_OEMPRO_MAX_CODES];
    char text[2 * PROVKIT_MESSAGE_MAX]; /* the verdict's ErrorText */
    size_t text_len;
    bool text_cut;
    char id[PROVKIT_OEMPRO_ID_MAX]; /* ClientID as sent */
    bool id_cut;
};

static void add_code(struct answer *a, int64_t v)
{
    if (v < INT32_MIN || v > INT32_MAX) {
        a->unreadable = true;
    } else if (a->n_codes < PROVKIT_OEMPRO_MAX_CODES) {
        a->codes[a->n_codes++] = (int32_t)v;
    }
}

/* A text read into buf that may not have fit: keep its prefix. */
static size_t kept(int rc, char *buf, size_t n, bool *cut)
{
    if (rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
        *cut = true;
        return strlen(buf);
    }
    if (rc != PROVKIT_OK) {
        buf[0] = '\0';
        return 0;
    }
    return n;
}

/* ---- JSON ---- */

/* One ErrorCode: a number or numeric string; null and "" mean none. */
static void json_code(const provkit_json_t *doc, int t, struct answer *a)
{
    int64_t c;
    if (provkit_json_is_null(doc, t) || provkit_json_streq(doc, t, "")) {
        return;
    }
    if (provkit_json_int64(doc, t, &c) == PROVKIT_OK) {
        add_code(a, c);
    } else {
        a->unreadable = true;
    }
}

static void json_text(const provkit_json_t *doc, int t, struct answer *a)
{
    size_t n = 0;
    if (a->text_len == 0 && provkit_json_kind(doc, t) == PROVKIT_JSON_STRING) {
        int rc = provkit_json_string(doc, t, a->text, sizeof a->text, &n);
        a->text_len = kept(rc, a->text, n, &a->text_cut);
    }
}

static int decode_json(const char *js, size_t len, provkit_json_token_t *tok, size_t ntok, struct answer *a)
{
    provkit_json_t doc;
    int v, it = -1;
    int rc = provkit_json_parse(&doc, js, len, tok, ntok);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    if (provkit_json_kind(&doc, 0) != PROVKIT_JSON_OBJECT) {
        return PROVKIT_ERR_PROTOCOL;
    }
    if (provkit_json_find(&doc, 0, "Success", &v) == PROVKIT_OK) {
        a->has_success = true;
        a->unreadable |= provkit_json_bool(&doc, v, &a->success) != PROVKIT_OK;
    }
    if (provkit_json_find(&doc, 0, "ErrorCode", &v) == PROVKIT_OK) {
        if (provkit_json_kind(&doc, v) != PROVKIT_JSON_ARRAY) {
            json_code(&doc, v, a);
        }
        while (provkit_json_array_next(&doc, v, &it) == PROVKIT_OK) {
            json_code(&doc, it, a);
        }
    }
    if (provkit_json_find(&doc, 0, "ErrorText", &v) == PROVKIT_OK) {
        /* a string, or an array aligned with ErrorCode: the first is the
         * verdict's */
        it = -1;
        json_text(&doc, provkit_json_array_next(&doc, v, &it) == PROVKIT_OK ? it : v, a);
    }
    if (provkit_json_find(&doc, 0, "ClientID", &v) == PROVKIT_OK) {
        size_t n = 0;
        (void)kept(provkit_json_text(&doc, v, a->id, sizeof a->id, &n), a->id, n, &a->id_cut);
    }
    return PROVKIT_OK;
}

/* ---- XML: <response> (any root name) holding one element per field ---- */

/* An element's text into buf (trimmed, CDATA decoded); a prefix that did
 * not fit is cut on a character boundary. Returns the scanner's status:
 * PROVKIT_OK (or BUFFER_TOO_SMALL, the prefix kept), PROVKIT_XML_START when
 * the element holds children (the array form), or an error. */
static int xml_text(provkit_xml_t *x, char *buf, size_t cap, size_t *n)
{
    int rc = provkit_xml_text(x, PROVKIT_XML_TRIM, buf, cap, n);
    if (rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
        buf[provkit_utf8_prefix(buf, strlen(buf))] = '\0';
    }
    return rc;
}

/* One ErrorCode element's text: a number; "" means none. */
static int xml_code(provkit_xml_t *x, struct answer *a)
{
    char buf[32];
    size_t n = 0;
    int64_t v;
    int rc = xml_text(x, buf, sizeof buf, &n);
    if (rc == PROVKIT_OK && n == 0) {
        return PROVKIT_OK;
    }
    if (rc == PROVKIT_OK && provkit_parse_i64(buf, n, &v) == PROVKIT_OK) {
        add_code(a, v);
        return PROVKIT_OK;
    }
    if (rc == PROVKIT_OK || rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
        a->unreadable = true;
        return PROVKIT_OK;
    }
    return rc;
}

/* An ErrorCode or ErrorText element (or one item of either's array form):
 * PROVKIT_XML_START when it holds children instead of text. */
static int xml_item(provkit_xml_t *x, struct answer *a, bool codes)
{
    size_t n = 0;
    int rc;
    if (codes) {
        return xml_code(x, a);
    }
    if (a->text_len != 0) {
        return provkit_xml_skip(x); /* the first text is the verdict's */
    }
    rc = xml_text(x, a->text, sizeof a->text, &n);
    a->text_len = kept(rc, a->text, n, &a->text_cut);
    return rc == PROVKIT_ERR_BUFFER_TOO_SMALL ? PROVKIT_OK : rc;
}

/* A scalar, or the array form: one child element per item. */
static int xml_field(provkit_xml_t *x, struct answer *a, bool codes)
{
    int rc = xml_item(x, a, codes);
    if (rc != PROVKIT_XML_START) {
        return rc;
    }
    do {
        rc = xml_item(x, a, codes);
    } while (rc == PROVKIT_OK && (rc = provkit_xml_next_child(x)) == PROVKIT_XML_START);
    return rc == PROVKIT_XML_END ? PROVKIT_OK : (rc < 0 ? rc : PROVKIT_ERR_PROTOCOL);
}

static int decode_xml(const char *doc, size_t len, struct answer *a)
{
    provkit_xml_t x;
    char buf[32]; /* Success */
    size_t n = 0;
    provkit_xml_init(&x, doc, len);
    int ev = provkit_xml_next_child(&x);
    if (ev != PROVKIT_XML_START) {
        return ev < 0 ? ev : PROVKIT_ERR_PROTOCOL;
    }
    while ((ev = provkit_xml_next_child(&x)) == PROVKIT_XML_START) {
        int rc;
        bool codes = provkit_xml_name_is(&x, "ErrorCode");
        if (provkit_xml_name_is(&x, "Success")) {
            rc = xml_text(&x, buf, sizeof buf, &n);
            a->has_success = true;
            a->unreadable |= rc != PROVKIT_OK || provkit_parse_bool(buf, n, &a->success) != PROVKIT_OK;
            rc = rc == PROVKIT_ERR_BUFFER_TOO_SMALL ? PROVKIT_OK : rc;
        } else if (codes || provkit_xml_name_is(&x, "ErrorText")) {
            rc = xml_field(&x, a, codes);
        } else if (provkit_xml_name_is(&x, "ClientID")) {
            rc = xml_text(&x, a->id, sizeof a->id, &n);
            (void)kept(rc, a->id, n, &a->id_cut);
            rc = rc == PROVKIT_ERR_BUFFER_TOO_SMALL ? PROVKIT_OK : rc;
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

/* ---- the verdict ---- */
static int verdict(const struct answer *a, int http_status, provkit_oempro_result_t *res)
{
    provkit_outcome_t *o = &res->outcome;
    int32_t code = a->n_codes > 0 ? a->codes[0] : 0;
    bool any_error = false;
    for (size_t i = 0; i < a->n_codes; i++) {
        any_error |= a->codes[i] != 0;
    }

    if (!a->has_success && a->n_codes == 0 && !a->unreadable) {
        return provkit_outcome_not_answer(o, http_status, "answer has neither Success nor ErrorCode");
    }
    if (a->unreadable) {
        return provkit_outcome_untrusted(o, http_status, "answer's Success or ErrorCode is unreadable");
    }
    if (a->has_success && a->success && any_error) {
        return provkit_outcome_untrusted(o, http_status, "answer says Success with an ErrorCode");
    }
    if (code == 0 && any_error) {
        return provkit_outcome_untrusted(o, http_status, "answer's ErrorCodes say 0 and an error");
    }
    if (a->has_success && !a->success && a->n_codes > 0 && code == 0) {
        return provkit_outcome_untrusted(o, http_status, "answer says no Success with ErrorCode 0");
    }
    res->success = a->success;
    res->n_codes = a->n_codes;
    memcpy(res->codes, a->codes, sizeof a->codes);
    if (a->text_cut) {
        provkit_outcome_truncated(o, "ErrorText");
    }
    provkit_outcome_verdict(o, provkit_oempro_codes, provkit_oempro_codes_len, code, a->text,
                            a->text_len, "ErrorText");
    if (a->has_success && !a->success && a->n_codes == 0) {
        /* "Success":false without a code: refused, reason unstated */
        o->status = PROVKIT_ERR_PROVIDER;
        o->category = PROVKIT_CAT_OTHER;
        o->has_code = false;
        if (a->text_len == 0) {
            provkit_outcome_message(o, "refused without an error code", 29);
        }
    }
    /* ClientID, as sent and as an integer when it is one */
    memcpy(res->client_id_text, a->id, sizeof a->id);
    res->has_client_id =
        a->id[0] != '\0' && !a->id_cut &&
        provkit_parse_integral(a->id, strlen(a->id), &res->client_id) == PROVKIT_OK;
    if (a->id_cut) {
        provkit_outcome_truncated(o, "ClientID");
    }
    return o->status;
}

int provkit_oempro_decode(const char *body, size_t len, int http_status, provkit_json_token_t *tokens,
                          size_t ntokens, provkit_oempro_result_t *res)
{
    provkit_outcome_t *o = &res->outcome;
    struct answer a;
    memset(&a, 0, sizeof a);
    res->success = false;
    res->has_client_id = false;
    res->client_id = 0;
    res->client_id_text[0] = '\0';
    res->n_codes = 0;
    o->http_status = http_status;
    o->n_truncated = 0;

    provkit_skip_bom(&body, &len);
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
    return verdict(&a, http_status, res);
}

/* ---- the whole call ---- */
static int body_fn(void *ctx, provkit_writer_t *w)
{
    return provkit_oempro_write_body((const provkit_oempro_request_t *)ctx, w);
}

static int decode_fn(provkit_workspace_t *ws, void *res)
{
    return provkit_oempro_decode((const char *)ws->body, ws->resp.body_len, ws->resp.status,
                                 ws->tokens, PROVKIT_JSON_TOKENS, res);
}

static const provkit_provider_desc_t desc = {
    .params = provkit_oempro_params,
    .nparams = &provkit_oempro_nparams,
    .encoding = PROVKIT_ENC_TEXT,
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
