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

#include "provkit/client.h"
#include "provkit/errors.h"
#include "provkit/http.h"
#include "provkit/json.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes kept of a provider's message text (longer texts are cut on a UTF-8
 * character boundary). */
#ifndef PROVKIT_MESSAGE_MAX
#define PROVKIT_MESSAGE_MAX 160
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
 *                fault's), a transport/HTTP error, or
 *                PROVKIT_ERR_OUTCOME_UNKNOWN (see cause).
 *   category     what code means (PROVKIT_CAT_NONE when no verdict).
 *   has_code     code holds the provider's code (or, for a local refusal,
 *                the code the provider would have sent).
 *   field        documented name of the field at fault (static), or NULL.
 *   http_status  the HTTP status of the answer, 0 if none came.
 *   request_sent true once any byte of the request reached the transport.
 *   cause        for OUTCOME_UNKNOWN and HTTP errors: the underlying status
 *                (e.g. PROVKIT_ERR_TIMEOUT).
 *   message      the provider's text, or provkit's, NUL-terminated.
 */
typedef struct provkit_outcome {
    int status;
    provkit_category_t category;
    bool has_code;
    bool local;
    bool request_sent;
    int32_t code;
    int http_status;
    int cause;
    const char *field;
    char message[PROVKIT_MESSAGE_MAX];
} provkit_outcome_t;

/* Reset an outcome to "nothing happened yet". */
void provkit_outcome_clear(provkit_outcome_t *o);
/* Copy at most PROVKIT_MESSAGE_MAX-1 bytes of text, cut on a UTF-8
 * boundary, NUL-terminated. */
void provkit_outcome_message(provkit_outcome_t *o, const char *text, size_t len);
/* Record a provider verdict: code, its category from table (OTHER if not
 * documented), its field, and message (the documented text when msg is
 * NULL or empty). A code whose category is CREATED gives status PROVKIT_OK,
 * any other PROVKIT_ERR_PROVIDER. */
void provkit_outcome_verdict(provkit_outcome_t *o, const provkit_code_t *table, size_t n,
                             int32_t code, const char *msg, size_t msg_len);

/*
 * Table-driven field validation. A request struct holds its text fields as
 * `const char *` (NUL-terminated UTF-8; NULL or "" = not given). A rule
 * names one such field by its offset and says what the provider documents.
 */
enum provkit_check {
    PROVKIT_CHECK_TEXT = 0,   /* any valid UTF-8 within max_chars */
    PROVKIT_CHECK_EMAIL,      /* local@domain.tld, no spaces or controls */
    PROVKIT_CHECK_COUNTRY,    /* ISO 3166-1 alpha-2, upper case */
    PROVKIT_CHECK_LANGUAGE,   /* two ASCII letters */
    PROVKIT_CHECK_ENUM,       /* one of the words in `words` (exact case) */
    PROVKIT_CHECK_IDENT,      /* a JavaScript identifier path (JSONP name) */
    PROVKIT_CHECK_POSITIVE,   /* decimal number > 0: 10, 0.5, 12.50 */
    PROVKIT_CHECK_US_ZIP_IF   /* DDDDD or DDDDD-DDDD when the field at
                                 offset `aux` (the country) is "US" */
};

typedef struct provkit_field_rule {
    const char *name;    /* the provider's documented parameter name */
    uint16_t offset;     /* offsetof(request struct, field) */
    uint16_t max_chars;  /* 0 = no documented limit */
    uint8_t required;    /* missing or empty is refused */
    uint8_t check;       /* enum provkit_check */
    int32_t code;        /* the code the provider sends for this field */
    int32_t missing_code; /* code for a missing field (0: same as code) */
    const char *const *words; /* PROVKIT_CHECK_ENUM: NULL-terminated list */
    uint16_t aux;        /* PROVKIT_CHECK_US_ZIP_IF: offset of the country */
} provkit_field_rule_t;

/* The field text a rule points at (NULL when not given). */
const char *provkit_rule_value(const void *req, const provkit_field_rule_t *rule);

/* Check req against rules[0..n) in table order; on the first failure fill
 * o (status PROVKIT_ERR_INVALID_FIELD, local, code, field, message) and
 * return PROVKIT_ERR_INVALID_FIELD. A field that is not valid UTF-8 or holds
 * a control character other than TAB is refused whatever the rule. */
int provkit_validate(const void *req, const provkit_field_rule_t *rules, size_t n,
                     provkit_outcome_t *o);

/* What an answer body looks like, judged by its first bytes. */
typedef enum provkit_body_kind {
    PROVKIT_BODY_OTHER = 0, /* empty, HTML, plain text, ... */
    PROVKIT_BODY_JSON,      /* starts with { or [ after white space */
    PROVKIT_BODY_JSONP,     /* identifier then ( */
    PROVKIT_BODY_XML        /* starts with < after white space (and BOM) */
} provkit_body_kind_t;
provkit_body_kind_t provkit_body_kind(const char *body, size_t len);

/* The body is not a provider answer: status PROVKIT_ERR_HTTP_STATUS when
 * http_status is outside 2xx, PROVKIT_ERR_PROTOCOL otherwise; why goes to
 * the message. Returns the status set. */
int provkit_outcome_not_answer(provkit_outcome_t *o, int http_status, const char *why);

/* Decimal integer text (optional '-', digits, surrounding XML/JSON white
 * space allowed) to int64; PROVKIT_ERR_RANGE on overflow or other text. */
int provkit_parse_i64(const char *s, size_t n, int64_t *out);
/* Boolean text as servers send it: "true"/"1" and "false"/"0"/"" (an empty
 * XML element is false); surrounding white space allowed. */
int provkit_parse_bool(const char *s, size_t n, bool *out);

/*
 * The memory one create call needs besides the client and the result: the
 * response reader, the answer body, the JSON token space and room for an
 * endpoint URL that gains a query parameter. A documented constant:
 * sizeof(provkit_workspace_t): 5,080 bytes with the defaults on x86-64.
 * Provider answers are small; a longer one is PROVKIT_ERR_LIMIT.
 */
#ifndef PROVKIT_RESPONSE_MAX
#define PROVKIT_RESPONSE_MAX 3072
#endif
#ifndef PROVKIT_JSON_TOKENS
#define PROVKIT_JSON_TOKENS 64
#endif
#ifndef PROVKIT_URL_MAX
#define PROVKIT_URL_MAX 512
#endif

typedef struct provkit_workspace {
    provkit_http_response_t resp;
    uint8_t body[PROVKIT_RESPONSE_MAX];
    jsmntok_t tokens[PROVKIT_JSON_TOKENS];
    char url[PROVKIT_URL_MAX];
} provkit_workspace_t;

/* Where and how long: the endpoint (NUL-terminated URL, borrowed) and the
 * deadline of the whole exchange. */
typedef struct provkit_endpoint {
    const char *url;
    uint32_t timeout_ms;
} provkit_endpoint_t;

/*
 * Run one exchange for a provider: POST the body write_body produces with
 * content_type/accept to ep, into ws->resp. Returns PROVKIT_OK when a whole
 * HTTP answer is in ws (o->http_status set; decode it next); otherwise o is
 * filled with what went wrong: status (the transport error when nothing was
 * sent; PROVKIT_ERR_OUTCOME_UNKNOWN when the request went out and no answer
 * came; PROVKIT_ERR_HTTP or _LIMIT when a broken answer came), cause and
 * request_sent, and that status is returned. Used by the provider modules'
 * create calls; public for ports that add a provider.
 */
int provkit_provider_exchange(provkit_client_t *c, const provkit_endpoint_t *ep,
                              const char *content_type, const char *accept,
                              provkit_body_fn write_body, void *ctx, provkit_workspace_t *ws,
                              provkit_outcome_t *o);

/* Wipe what an answer left in ws (it may hold a returned password or
 * token): every create call does this before it returns. */
void provkit_workspace_wipe(provkit_workspace_t *ws);

/* The checks on their own. */
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
