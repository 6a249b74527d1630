/*
 * provkit/provider.h - what the three provider modules share: the outcome of
 * a create call, the category a provider code maps to, code tables, and the
 * table-driven field validation.
 *
 * A provider module (oempro.h, plesk.h, smspartner.h) is a set of tables plus
 * what differs: its request builder and its answer decoder. Everything here
 * is data-in, data-out: no I/O, no allocation.
 */
#ifndef PROVKIT_PROVIDER_H
#define PROVKIT_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/client.h"
#include "provkit/errors.h"
#include "provkit/http.h"
#include "provkit/json.h"
#include "provkit/writer.h"

#ifdef __cplusplus
extern "C" {
#endif


/* What a provider code means, whatever the provider. */
typedef enum provkit_category {
    PROVKIT_CAT_NONE = 0,      /* no provider verdict (not sent, or lost) */
    PROVKIT_CAT_CREATED,       /* the account exists now */
    PROVKIT_CAT_AUTH_FAILED,   /* API credentials refused */
    PROVKIT_CAT_DENIED,        /* authenticated, but not allowed */
    PROVKIT_CAT_EXISTS,        /* login or e-mail already taken */
    PROVKIT_CAT_INVALID_FIELD, /* a field is missing or malformed */
    PROVKIT_CAT_SERVER_BUSY,   /* provider-side failure; try later */
    PROVKIT_CAT_OTHER          /* any other code, passed through */
} provkit_category_t;

/* Lower-case name of a category ("created", "auth_failed", ...). */
const char *provkit_category_name(provkit_category_t cat);

/* One documented code of a provider. */
typedef struct provkit_code {
    int32_t code;
    uint8_t category;  /* provkit_category_t */
    const char *field; /* documented field the code is about, or NULL */
    const char *text;  /* the documented text */
} provkit_code_t;

/* Look code up in a table of n entries; NULL if it is not documented. */
const provkit_code_t *provkit_code_find(const provkit_code_t *table, size_t n, int32_t code);


/*
 * The outcome of one create call, provider-neutral.
 *   status       PROVKIT_OK when the account was created; otherwise why not:
 *                PROVKIT_ERR_INVALID_FIELD (refused locally, nothing sent),
 *                PROVKIT_ERR_PROVIDER (the provider said no: see code),
 *                PROVKIT_ERR_FAULT (XML-RPC fault: code/message are the
 *                fault's), PROVKIT_ERR_HTTP_STATUS (a 4xx answer that is
 *                not the provider's: refused before processing), a
 *                transport error when nothing was sent (PROVKIT_ERR_DNS,
 *                _NETWORK, _TIMEOUT, _TLS, _TLS_VERIFY, _URL), or
 *                PROVKIT_ERR_OUTCOME_UNKNOWN: a request byte went out and no
 *                verdict that can be trusted came back, so the account may
 *                exist (see cause).
 *   category     what code means (PROVKIT_CAT_NONE when no verdict).
 *   has_code     code holds the provider's code (or, for a local refusal,
 *                the code the provider would have sent).
 *   field        documented name of the field at fault (static), or NULL.
 *   http_status  the HTTP status of the answer, 0 if none came.
 *   request_sent true once any byte of the request reached the transport.
 *   cause        for OUTCOME_UNKNOWN: the underlying status, e.g.
 *                PROVKIT_ERR_TIMEOUT, _CLOSED, _TRUNCATED, _HTTP (not
 *                valid HTTP), _LIMIT, PROVKIT_ERR_HTTP_STATUS (a 5xx, 3xx
 *                or 600-999 answer without a provider verdict: a gateway's
 *                502/504 may come after the account was created),
 *                PROVKIT_ERR_PROTOCOL (a 2xx body that is not a provider
 *                answer, or a verdict that contradicts itself).
 *   truncated    the documented names (static) of the answer's fields that
 *                did not fit their result buffers, n_truncated of them:
 *                each buffer holds a NUL-terminated prefix cut on a UTF-8
 *                character boundary. A cut field never changes the verdict.
 *   message      the provider's text, or provkit's, NUL-terminated (cut to
 *                PROVKIT_MESSAGE_MAX - 1 bytes; a cut provider text is
 *                listed in truncated under its documented name).
 */
typedef struct provkit_outcome {
    int status;
    provkit_category_t category;
    bool has_code;
    bool local;
    bool request_sent;
    uint8_t n_truncated;
    int32_t code;
    int http_status;
    int cause;
    const char *field;
    const char *truncated[PROVKIT_TRUNCATED_MAX];
    char message[PROVKIT_MESSAGE_MAX];
} provkit_outcome_t;

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

/*
 * Table-driven field validation. A request struct holds its text fields as
 * `const char *` (NUL-terminated UTF-8; NULL or "" = not given). A rule
 * names one such field by its offset and says what the provider documents.
 * Tables use designated initialisers; an unset member is 0 (no limit, not
 * required, plain text, no code).
 *
 * A rule's format check is a function (NULL: any text within max_chars),
 * so an image links only the checks its providers name. It gets the whole
 * request (for a rule that depends on another field), the rule and the
 * given value, which is valid UTF-8.
 */
struct provkit_field_rule;
typedef bool provkit_check_fn(const void *req, const struct provkit_field_rule *r,
                              const char *v, size_t n);
provkit_check_fn provkit_check_email;       /* local@domain.tld, see provkit_is_email */
provkit_check_fn provkit_check_country;     /* ISO 3166-1 alpha-2, upper case */
provkit_check_fn provkit_check_enum;        /* one of the words in `words` (exact case) */
provkit_check_fn provkit_check_enum_nocase; /* one of the words in `words`, any case */
provkit_check_fn provkit_check_ident;       /* a JavaScript identifier path (JSONP name) */
provkit_check_fn provkit_check_positive;    /* decimal number > 0: 10, 0.5, 12.50 */
provkit_check_fn provkit_check_us_zip_if;   /* DDDDD or DDDDD-DDDD when the field at
                                               offset `aux` (the country) is `aux_word` */

/* rule.required */
enum provkit_required {
    PROVKIT_OPTIONAL = 0,
    PROVKIT_REQUIRED = 1,     /* missing or empty is refused */
    PROVKIT_REQUIRED_IF = 2   /* only when the field at `aux` is `aux_word` */
};

typedef struct provkit_field_rule {
    /* (members ordered by size: 36 bytes on a 32-bit core) */
    const char *name;    /* the provider's documented parameter name */
    const char *key;     /* its name on the wire when it differs (a struct
                            member, a nested JSON key), else NULL */
    provkit_check_fn *check; /* its format, or NULL */
    const char *const *words; /* provkit_check_enum*: NULL-terminated list */
    const char *aux_word;/* REQUIRED_IF, provkit_check_us_zip_if: the field
                            at `aux` must equal this for the rule to apply */
    int32_t code;        /* the code the provider sends for this field */
    int32_t missing_code; /* code for a missing field (0: same as code) */
    uint16_t offset;     /* offsetof(request struct, field) */
    uint16_t max_chars;  /* 0 = no documented limit */
    uint16_t aux;        /* see aux_word */
    uint8_t required;    /* enum provkit_required */
    uint8_t number;      /* written as a bare JSON number: an encoding rule */
} provkit_field_rule_t;

/* A provider's parameters: every documented one, once, in the order its
 * codes are reported (what the unified call and the CLI read too). */
typedef struct provkit_params {
    const provkit_field_rule_t *rule;
    size_t n;
} provkit_params_t;

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
/* Boolean text as servers send it: "true"/"1" and "false"/"0"/"" (an empty
 * XML element is false); surrounding white space allowed. */
int provkit_parse_bool(const char *s, size_t n, bool *out);


typedef struct provkit_workspace {
    provkit_http_response_t resp;
    uint8_t body[PROVKIT_RESPONSE_MAX];
#if PROVKIT_WITH_JSON
    provkit_json_token_t tokens[PROVKIT_JSON_TOKENS]; /* a JSON answer's */
#endif
} provkit_workspace_t;

/* Where and how long: the endpoint (NUL-terminated URL, borrowed) and the
 * deadline of the whole exchange. */
typedef struct provkit_endpoint {
    const char *url;
    uint32_t timeout_ms;
} provkit_endpoint_t;

/*
 * Run one exchange for a provider: POST req (its content type, accept,
 * body writer, known fields and extra query; its url and timeout are set
 * here from ep) over c, into ws->resp. Returns PROVKIT_OK when a whole
 * HTTP answer is in ws (o->http_status set; decode it next); otherwise o is
 * filled with what went wrong: status (the transport error when nothing was
 * sent; PROVKIT_ERR_OUTCOME_UNKNOWN when the request went out and no answer
 * came or a broken one did), cause and request_sent, and that status is
 * returned. Used by the one create path; public for ports that add a
 * provider.
 */
int provkit_provider_exchange(provkit_client_t *c, const provkit_endpoint_t *ep,
                              provkit_client_request_t *req, provkit_workspace_t *ws,
                              provkit_outcome_t *o);

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


/* The one create path: clear the result, check the encoding (and, unless
 * skip_validation, the provider's rules), run the exchange, decode the
 * answer, wipe the workspace. Returns the outcome's status. */
int provkit_provider_create(const provkit_provider_desc_t *d, provkit_client_t *c,
                            const provkit_endpoint_t *ep, const void *req, bool skip_validation,
                            provkit_workspace_t *ws, void *res);

/* The checks on their own. provkit_is_email: a dot-atom local part (atext
 * runs joined by single dots), '@', a domain of two or more labels of
 * letters, digits and inner hyphens (63 bytes each), ASCII only; the
 * overall length is the field's rule (max_chars), not this check's. */
bool provkit_is_email(const char *s, size_t n);
bool provkit_is_country(const char *s, size_t n);
/* A JSON number without sign or exponent whose value is above zero. */
bool provkit_is_positive_decimal(const char *s, size_t n);
/* The US zip rule: DDDDD or DDDDD-DDDD. */
bool provkit_is_us_zip(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_PROVIDER_H */
