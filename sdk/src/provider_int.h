/* SPDX-License-Identifier: Apache-2.0 */
/*
 * provider_int.h - internal to sdk/src: the machinery that walks the
 * providers' tables: outcome constructors, table-driven validation, the
 * answer helpers, and the one create path every provider's create call is.
 */
#ifndef PROVKIT_PROVIDER_INT_H
#define PROVKIT_PROVIDER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/provider.h"
#include "provkit/writer.h"
#include "client_int.h"
#include "xml.h"

/* Reset an outcome to "nothing happened yet". */
void provkit_outcome_clear(provkit_outcome_t *o);
/* Copy at most PROVKIT_MESSAGE_MAX-1 bytes of text, cut on a UTF-8
 * boundary, NUL-terminated. Returns true when text had to be cut. */
bool provkit_outcome_message(provkit_outcome_t *o, const char *text, size_t len);
/* Add name (static) to o->truncated, once; names past
 * PROVKIT_TRUNCATED_MAX are dropped. */
void provkit_outcome_truncated(provkit_outcome_t *o, const char *name);
/* Record a provider verdict: code, its category from table (OTHER if not
 * documented), its field, and message (the documented text when msg is
 * NULL or empty; msg_name is the answer field msg came from, listed in
 * truncated if msg is cut). A code whose category is CREATED gives status
 * PROVKIT_OK, any other PROVKIT_ERR_PROVIDER. */
void provkit_outcome_verdict(provkit_outcome_t *o, const provkit_code_t *table, size_t n,
                             int32_t code, const char *msg, size_t msg_len, const char *msg_name);

/* The field text a rule points at (NULL when not given). */
const char *provkit_rule_value(const void *req, const provkit_field_rule_t *rule);

/* Check req against rules[0..n) in table order: the provider's documented
 * rules only (presence, length in characters, format). On the first
 * failure fill o (status PROVKIT_ERR_INVALID_FIELD, local, code, field,
 * message) and return PROVKIT_ERR_INVALID_FIELD. m: NULL, or the fields
 * provkit_check_encoding measured (their characters are not counted
 * again). */
int provkit_validate(const void *req, const provkit_field_rule_t *rules, size_t n,
                     const provkit_measured_t *m, provkit_outcome_t *o);

/* What the request's encoding (provkit/writer.h) can carry, checked for
 * every given field even when validation is skipped, so that a request is
 * always well formed:
 * PROVKIT_ENC_TEXT, PROVKIT_ENC_FORM  valid UTF-8 (a JSON string or a form
 *                   carries any character; NUL cannot be in a C string);
 * PROVKIT_ENC_XML   valid UTF-8 of XML 1.0 characters only: no C0 control
 *                   but TAB, LF and CR, no U+FFFE or U+FFFF.
 * A rule with `number` set must also hold an RFC 8259 number. On the first
 * failure fill o as provkit_validate does, naming the field, and return
 * PROVKIT_ERR_INVALID_FIELD. m: NULL, or n entries that receive each given
 * field measured for enc (provkit_measure; s NULL for the others), for the
 * body writer: the one pass over each value's bytes before it is sent. */
int provkit_check_encoding(const void *req, const provkit_field_rule_t *rules, size_t n,
                           enum provkit_encoding enc, provkit_measured_t *m,
                           provkit_outcome_t *o);

/* What an answer body looks like, judged by its first bytes. */
typedef enum provkit_body_kind {
    PROVKIT_BODY_OTHER = 0, /* empty, HTML, plain text, ... */
    PROVKIT_BODY_JSON,      /* starts with { or [ after white space */
    PROVKIT_BODY_JSONP,     /* identifier then ( */
    PROVKIT_BODY_XML        /* starts with < after white space (and BOM) */
} provkit_body_kind_t;
provkit_body_kind_t provkit_body_kind(const char *body, size_t len);

/* An outcome without a provider verdict: status (a transport error, or
 * PROVKIT_ERR_OUTCOME_UNKNOWN, whose message then ends with ": the account
 * may exist"), its cause, the HTTP status (0 if no answer came) and why.
 * Returns status. The constructor the two below and the exchange use. */
int provkit_outcome_no_verdict(provkit_outcome_t *o, int status, int cause, int http_status,
                               const char *why);
/* The same with why's text followed by after's (NULL: nothing), composed in
 * the outcome's own message: no buffer on the stack. */
int provkit_outcome_no_verdict_after(provkit_outcome_t *o, int status, int cause, int http_status,
                                     const char *why, const char *after);

/* The body is not a provider answer, which is why. The request went out,
 * so only a 4xx answer says it was refused before processing
 * (PROVKIT_ERR_HTTP_STATUS); any other status (2xx, 3xx, 5xx, 600-999)
 * may come after the account was created: PROVKIT_ERR_OUTCOME_UNKNOWN,
 * cause PROVKIT_ERR_PROTOCOL for 2xx and PROVKIT_ERR_HTTP_STATUS for the
 * rest, and a message saying the account may exist. Returns the status. */
int provkit_outcome_not_answer(provkit_outcome_t *o, int http_status, const char *why);

/* The body is a provider answer whose verdict cannot be trusted (it
 * contradicts itself, or its code is unreadable): whatever the HTTP status,
 * PROVKIT_ERR_OUTCOME_UNKNOWN with cause PROVKIT_ERR_PROTOCOL. Returns the
 * status. */
int provkit_outcome_untrusted(provkit_outcome_t *o, int http_status, const char *why);

/* Skip a UTF-8 byte-order mark at the start of an answer body. */
void provkit_skip_bom(const char **body, size_t *len);

/* Decimal integer text (optional '-', digits, surrounding XML/JSON white
 * space allowed) to int64; PROVKIT_ERR_RANGE on overflow or other text. */
int provkit_parse_i64(const char *s, size_t n, int64_t *out);
/* The same, also taking an integral decimal written with a zero fraction
 * ("1001.0", "1001.000"), as servers that store ids as floats send them. */
int provkit_parse_integral(const char *s, size_t n, int64_t *out);


/* The workspace's room for the XML scanner, as the scanner. */
typedef char provkit_xml_fits_workspace[sizeof(provkit_xml_t) <= sizeof(provkit_xml_space_t) ? 1
                                                                                               : -1];
static inline provkit_xml_t *provkit_ws_xml(provkit_workspace_t *ws)
{
    return (provkit_xml_t *)(void *)&ws->scan.xml;
}

/* Wipe what an answer left in ws (it may hold a returned password or
 * token): every create call does this before it returns. */
void provkit_workspace_wipe(provkit_workspace_t *ws);

/*
 * A provider as data: what the one create path needs to know of it. Its
 * result struct starts with its provkit_outcome_t.
 *   params, nparams  its parameter table (provkit_*_params)
 *   encoding         its request encoding (checked always, and each value
 *                    measured for the body writer)
 *   content_type, accept   the request's header values (accept may be NULL)
 *   write_body       the body from the request struct
 *   prepare          NULL, or a hook run after the checks that may change
 *                    the exchange: another Accept, a query parameter (SMS
 *                    Partner's _format=xml)
 *   decode           the answer in ws (body, status) into the result
 *   result_size      sizeof the result struct, cleared first
 */
typedef struct provkit_provider_desc {
    const provkit_field_rule_t *params;
    const size_t *nparams;
    enum provkit_encoding encoding;
    const char *content_type;
    const char *accept;
    provkit_body_fn write_body;
    void (*prepare)(const void *req, provkit_client_request_t *x);
    int (*decode)(provkit_workspace_t *ws, void *res);
    size_t result_size;
} provkit_provider_desc_t;


/* The one create path, in two halves for an event loop (provkit/engine.h):
 * begin clears the result, checks the encoding (and, unless
 * skip_validation, the provider's rules) and starts the exchange on e at
 * time now; it returns PROVKIT_OK when the exchange is under way, else the
 * outcome's status (nothing was sent; res says why). Once e is DONE, end
 * turns the exchange into the outcome, decodes the answer and wipes the
 * workspace; it returns the outcome's status. req and ws are used until
 * end. */
int provkit_provider_begin(const provkit_provider_desc_t *d, provkit_engine_t *e,
                           const provkit_endpoint_t *ep, const void *req, bool skip_validation,
                           provkit_workspace_t *ws, void *res, uint32_t now);
int provkit_provider_end(const provkit_provider_desc_t *d, provkit_engine_t *e,
                         provkit_workspace_t *ws, void *res);

/* The blocking create: begin, the client's loop, end. Returns the
 * outcome's status. */
int provkit_provider_create(const provkit_provider_desc_t *d, provkit_client_t *c,
                            const provkit_endpoint_t *ep, const void *req, bool skip_validation,
                            provkit_workspace_t *ws, void *res);

#endif /* PROVKIT_PROVIDER_INT_H */
