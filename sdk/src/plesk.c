/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Plesk Partner API, partner10.createClient: fields, limits, codes, build,
 * decode. One table drives validation and the ClientInfo struct alike.
 */
#include "provkit/plesk.h"

#include "provider_int.h"
#include "text.h"
#include "xmlrpc.h"

#include <string.h>

#if PROVKIT_WITH_PLESK /* (provkit/config.h: compiled out, this module is empty) */

#define OFF(f) (uint16_t) offsetof(provkit_plesk_request_t, f)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- result codes (seed 001 "Result Codes") ---- */
const provkit_code_t provkit_plesk_codes[] = {
    {100, PROVKIT_CAT_CREATED, NULL, "New client login has been successfully created"},
    {200, PROVKIT_CAT_AUTH_FAILED, NULL, "Authorization failed"},
    {201, PROVKIT_CAT_DENIED, NULL, "Access to this method is denied"},
    {251, PROVKIT_CAT_EXISTS, "login", "Login already exists"},
    {300, PROVKIT_CAT_SERVER_BUSY, NULL, "Internal error, please try after some time"},
    {400, PROVKIT_CAT_INVALID_FIELD, "AuthInfo", "Incorrect authorization info format"},
    {431, PROVKIT_CAT_INVALID_FIELD, "login", "Incorrect login format"},
    {432, PROVKIT_CAT_INVALID_FIELD, "password", "Incorrect password format"},
    {433, PROVKIT_CAT_INVALID_FIELD, "firstName", "Incorrect firstName format"},
    {434, PROVKIT_CAT_INVALID_FIELD, "lastName", "Incorrect lastName format"},
    {435, PROVKIT_CAT_INVALID_FIELD, "company", "Incorrect company format"},
    {436, PROVKIT_CAT_INVALID_FIELD, "address", "Incorrect address format"},
    {437, PROVKIT_CAT_INVALID_FIELD, "email", "Incorrect email format"},
    {438, PROVKIT_CAT_INVALID_FIELD, "phone", "Incorrect phone number format"},
    {439, PROVKIT_CAT_INVALID_FIELD, "fax", "Incorrect fax number format"},
    {440, PROVKIT_CAT_INVALID_FIELD, "city", "Incorrect city format"},
    {441, PROVKIT_CAT_INVALID_FIELD, "zip", "Incorrect zip format"},
    {442, PROVKIT_CAT_INVALID_FIELD, "state", "Incorrect state format"},
    {443, PROVKIT_CAT_INVALID_FIELD, "country", "Incorrect country format"},
    {444, PROVKIT_CAT_INVALID_FIELD, "language", "Incorrect language format"},
};
const size_t provkit_plesk_codes_len = COUNT(provkit_plesk_codes);

/* ---- fields: name, limit, required, check, code ---- */
#define R(n, f, max, req, chk, c) \
    {.name = n, .offset = OFF(f), .max_chars = max, .required = req, .check = chk, .code = c}
enum { AUTH = 2 }; /* the first AUTH entries are AuthInfo's, then ClientInfo's */

/* In result-code order, which is also the order checks are reported in. */
const provkit_field_rule_t provkit_plesk_params[] = {
    /* AuthInfo: the vendor documents login < 256 and password < 64
     * characters; the seed's own example sends no password, so it is sent
     * when given. */
    {.name = "AuthInfo.login", .key = "login", .offset = OFF(auth_login), .max_chars = 255,
     .required = 1, .code = 400},
    {.name = "AuthInfo.password", .key = "password", .offset = OFF(auth_password),
     .max_chars = 63, .code = 400},
    /* ClientInfo. language and email_language: "max chars 2" is all the
     * seed says. */
    R("login", login, 32, 0, NULL, 431),
    R("password", password, 32, 0, NULL, 432),
    R("firstName", first_name, 64, 1, NULL, 433),
    R("lastName", last_name, 64, 1, NULL, 434),
    R("company", company, 64, 1, NULL, 435),
    R("address", address, 256, 1, NULL, 436),
    R("email", email, 256, 1, provkit_check_email, 437),
    R("phone", phone, 128, 1, NULL, 438),
    R("fax", fax, 128, 0, NULL, 439),
    R("city", city, 64, 1, NULL, 440),
    {.name = "zip", .offset = OFF(zip), .max_chars = 16, .required = 1,
     .check = provkit_check_us_zip_if, .code = 441, .aux = OFF(country), .aux_word = "US"},
    R("state", state, 32, 1, NULL, 442),
    R("country", country, 2, 1, provkit_check_country, 443),
    R("language", language, 2, 0, NULL, 444),
    R("email_language", email_language, 2, 0, NULL, 444),
};
const size_t provkit_plesk_nparams = COUNT(provkit_plesk_params);
#define rules provkit_plesk_params

/* Every value goes into XML: what XML 1.0 cannot carry is refused, named,
 * before anything is sent, with or without validation. */
static int check_encoding(const provkit_plesk_request_t *req, provkit_outcome_t *o)
{
    return provkit_check_encoding(req, rules, COUNT(rules), PROVKIT_ENC_XML, NULL, o);
}

int provkit_plesk_validate(const provkit_plesk_request_t *req, provkit_outcome_t *o)
{
    int rc = check_encoding(req, o);
    return rc != PROVKIT_OK ? rc : provkit_validate(req, rules, COUNT(rules), NULL, o);
}

/* ---- request: AuthInfo, then ClientInfo's members in the seed example's
 * order, as indices into the table ---- */
static const uint8_t body_order[] = {0, 1, AUTH, 3, 4, 5, 6, 8, 7, 9, 10, 11, 13, 12, 14, 15, 16};

/* The markup is constant and the member names are the table's: both are
 * copied as they are; only the values are escaped (and, in a create, were
 * checked and measured once already). */
int provkit_plesk_write_body(const provkit_plesk_request_t *req, provkit_writer_t *w)
{
    provkit_w_lit(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>"
                     "partner10.createClient</methodName><params><param><value><struct>");
    for (size_t i = 0; i < COUNT(body_order); i++) {
        const provkit_field_rule_t *r = &rules[body_order[i]];
        const char *v = provkit_rule_value(req, r);
        if (body_order[i] == AUTH) { /* AuthInfo ends, ClientInfo begins */
            provkit_w_lit(w, "</struct></value></param><param><value><struct>");
        }
        if (v != NULL && v[0] != '\0') {
            provkit_w_lit(w, "<member><name>");
            provkit_w_str(w, r->key != NULL ? r->key : r->name);
            provkit_w_lit(w, "</name><value><string>");
            provkit_w_xml(w, v, strlen(v));
            provkit_w_lit(w, "</string></value></member>");
        }
    }
    provkit_w_lit(w, "</struct></value></param></params></methodCall>\n");
    return provkit_writer_status(w);
}

/* ---- answer ---- */

/* A string member that did not fit keeps its prefix, cut on a character
 * boundary, and is listed by name. */
static void keep_prefix(provkit_outcome_t *o, const provkit_xmlrpc_field_t *f)
{
    if (f->present && f->len >= f->cap) {
        char *buf = (char *)f->dest;
        buf[provkit_utf8_prefix(buf, strlen(buf))] = '\0';
        provkit_outcome_truncated(o, f->name);
    }
}

/* the scanner's state in *x: the workspace's in a create call */
static int decode_with(provkit_xml_t *x, const char *body, size_t len, int http_status,
                       provkit_plesk_result_t *res)
{
    provkit_outcome_t *o = &res->outcome;
    int32_t code = 0;
    /* resultDesc straight into the outcome's message */
    provkit_xmlrpc_field_t fields[] = {
        {"resultCode", PROVKIT_XMLRPC_INT32, &code, 0, 0, false},
        {"resultDesc", PROVKIT_XMLRPC_STRING, o->message, sizeof o->message, 0, false},
        {"clientId", PROVKIT_XMLRPC_STRING, res->client_id, sizeof res->client_id, 0, false},
        {"login", PROVKIT_XMLRPC_STRING, res->login, sizeof res->login, 0, false},
        {"password", PROVKIT_XMLRPC_STRING, res->password, sizeof res->password, 0, false},
    };
    /* a fault's string, like resultDesc, straight into the message */
    provkit_xmlrpc_fault_t fault = {0, o->message, sizeof o->message, 0, false};
    const char *why = "";
    res->client_id[0] = res->login[0] = res->password[0] = o->message[0] = '\0';
    res->fault = false;
    o->http_status = http_status;
    o->n_truncated = 0;

    provkit_skip_bom(&body, &len);
    if (provkit_body_kind(body, len) != PROVKIT_BODY_XML) {
        return provkit_outcome_not_answer(o, http_status, "answer is not XML-RPC");
    }
    int rc = provkit_xmlrpc_read_with(x, body, len, fields, COUNT(fields), &fault, &why);
    if (rc == PROVKIT_ERR_FAULT) {
        res->fault = true;
        o->status = PROVKIT_ERR_FAULT;
        o->category = PROVKIT_CAT_OTHER;
        o->has_code = true;
        o->code = fault.code;
        o->field = NULL;
        if (fault.truncated) {
            provkit_outcome_truncated(o, "faultString");
        }
        return o->status;
    }
    if (rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
        /* The verdict is resultCode's; a long member beside it is kept as a
         * prefix and reported, never turned into a failure. */
        rc = PROVKIT_OK;
        for (size_t i = 1; i < COUNT(fields); i++) {
            keep_prefix(o, &fields[i]);
        }
    }
    if (rc != PROVKIT_OK) {
        res->client_id[0] = res->login[0] = res->password[0] = '\0';
        o->n_truncated = 0;
        return provkit_outcome_not_answer(o, http_status, why[0] ? why : provkit_strerror(rc));
    }
    if (!fields[0].present) {
        res->client_id[0] = res->login[0] = res->password[0] = '\0';
        o->n_truncated = 0;
        return provkit_outcome_not_answer(o, http_status, "answer has no resultCode");
    }
    provkit_outcome_verdict(o, provkit_plesk_codes, provkit_plesk_codes_len, code, o->message,
                            strlen(o->message), NULL);
    return o->status;
}

int provkit_plesk_decode(const char *body, size_t len, int http_status,
                         provkit_plesk_result_t *res)
{
    provkit_xml_t x;
    return decode_with(&x, body, len, http_status, res);
}

/* ---- the whole call ---- */
static int body_fn(void *ctx, provkit_writer_t *w)
{
    return provkit_plesk_write_body((const provkit_plesk_request_t *)ctx, w);
}

static int decode_fn(provkit_workspace_t *ws, void *res)
{
    return decode_with(provkit_ws_xml(ws), (const char *)ws->body,
                       ws->resp.body_len, ws->resp.status, (provkit_plesk_result_t *)res);
}

static const provkit_provider_desc_t desc = {
    .params = provkit_plesk_params,
    .nparams = &provkit_plesk_nparams,
    .encoding = PROVKIT_ENC_XML,
    .content_type = "text/xml",
    .accept = "text/xml",
    .write_body = body_fn,
    .decode = decode_fn,
    .result_size = sizeof(provkit_plesk_result_t),
};

int provkit_plesk_create(provkit_client_t *c, const provkit_endpoint_t *ep,
                         const provkit_plesk_request_t *req, provkit_workspace_t *ws,
                         provkit_plesk_result_t *res)
{
    return provkit_provider_create(&desc, c, ep, req, req->skip_validation, ws, res);
}

int provkit_plesk_begin(provkit_engine_t *e, const provkit_endpoint_t *ep,
                        const provkit_plesk_request_t *req, provkit_workspace_t *ws,
                        provkit_plesk_result_t *res, uint32_t now)
{
    if (req == NULL) {
        return PROVKIT_ERR_ARG;
    }
    return provkit_provider_begin(&desc, e, ep, req, req->skip_validation, ws, res, now);
}

int provkit_plesk_end(provkit_engine_t *e, provkit_workspace_t *ws, provkit_plesk_result_t *res)
{
    return provkit_provider_end(&desc, e, ws, res);
}

#endif /* PROVKIT_WITH_PLESK */
