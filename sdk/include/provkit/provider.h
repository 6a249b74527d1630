/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/provider.h - what the three providers share, as an application
 * sees it: the outcome of a create call, the category a provider code maps
 * to, code tables, the parameter tables (what each field must be), the
 * endpoint and the workspace.
 *
 * A provider module (oempro.h, plesk.h, smspartner.h) is a set of tables plus
 * what differs. The machinery that walks the tables (validation, outcome
 * constructors, the one create path) is internal: sdk/src/provider_int.h.
 */
#ifndef PROVKIT_PROVIDER_H
#define PROVKIT_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/client.h"
#include "provkit/config.h"
#include "provkit/errors.h"
#include "provkit/http.h"
#include "provkit/json.h"
#include "provkit/url.h"
#include "provkit/writer.h"

#ifdef __cplusplus
extern "C" {
#endif


/** What a provider code means, whatever the provider. */
typedef enum provkit_category {
    PROVKIT_CAT_NONE = 0,      /**< no provider verdict (not sent, or lost) */
    PROVKIT_CAT_CREATED,       /**< the account exists now */
    PROVKIT_CAT_AUTH_FAILED,   /**< API credentials refused */
    PROVKIT_CAT_DENIED,        /**< authenticated, but not allowed */
    PROVKIT_CAT_EXISTS,        /**< login or e-mail already taken */
    PROVKIT_CAT_INVALID_FIELD, /**< a field is missing or malformed */
    PROVKIT_CAT_SERVER_BUSY,   /**< provider-side failure; try later */
    PROVKIT_CAT_OTHER          /* any other code, passed through */
} provkit_category_t;

/** Lower-case name of a category ("created", "auth_failed", ...). */
const char *provkit_category_name(provkit_category_t cat);

/** One documented code of a provider. */
typedef struct provkit_code {
    int32_t code; /**< the code */
    uint8_t category;  /**< provkit_category_t */
    const char *field; /**< documented field the code is about, or NULL */
    const char *text;  /**< the documented text */
} provkit_code_t;

/** Look code up in a table of n entries; NULL if it is not documented. */
const provkit_code_t *provkit_code_find(const provkit_code_t *table, size_t n, int32_t code);


/**
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
    int status; /**< PROVKIT_OK (created) or the error (see above) */
    provkit_category_t category; /**< what the code means */
    bool has_code; /**< code holds the provider's code */
    bool local; /**< refused here, before anything was sent */
    bool request_sent; /**< a request byte went out */
    uint8_t n_truncated; /**< entries of truncated */
    int32_t code; /**< the provider's code (or provkit's local one) */
    int http_status; /**< the answer's HTTP status, 0 if none */
    int cause; /**< the status behind status (a transport error, ...) */
    const char *field; /**< the documented field a refusal is about, or NULL */
    const char *truncated[PROVKIT_TRUNCATED_MAX]; /**< documented names of the fields that were cut */
    char message[PROVKIT_MESSAGE_MAX]; /**< the provider's text, or provkit's */
} provkit_outcome_t;

struct provkit_field_rule;
/**
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
typedef bool provkit_check_fn(const void *req, const struct provkit_field_rule *r,
                              const char *v, size_t n);
provkit_check_fn provkit_check_email;       /**< local@domain.tld, see provkit_is_email */
provkit_check_fn provkit_check_country;     /**< ISO 3166-1 alpha-2, upper case */
provkit_check_fn provkit_check_enum;        /**< one of the words in `words` (exact case) */
provkit_check_fn provkit_check_enum_nocase; /**< one of the words in `words`, any case */
provkit_check_fn provkit_check_ident;       /**< a JavaScript identifier path (JSONP name) */
provkit_check_fn provkit_check_positive;    /**< decimal number > 0: 10, 0.5, 12.50 */
provkit_check_fn provkit_check_us_zip_if;   /**< DDDDD or DDDDD-DDDD when the field at
                                               offset `aux` (the country) is `aux_word` */

/** rule.required */
enum provkit_required {
    PROVKIT_OPTIONAL = 0,     /**< may be missing */
    PROVKIT_REQUIRED = 1,     /**< missing or empty is refused */
    PROVKIT_REQUIRED_IF = 2   /**< only when the field at `aux` is `aux_word` */
};

/** One documented parameter of a provider and its rules. */
typedef struct provkit_field_rule {
    /** (members ordered by size: 36 bytes on a 32-bit core) */
    const char *name;    /**< the provider's documented parameter name */
    const char *key;     /**< its name on the wire when it differs (a struct
                            member, a nested JSON key), else NULL */
    provkit_check_fn *check; /**< its format, or NULL */
    const char *const *words; /**< provkit_check_enum*: NULL-terminated list */
    const char *aux_word;/**< REQUIRED_IF, provkit_check_us_zip_if: the field
                            at `aux` must equal this for the rule to apply */
    int32_t code;        /**< the code the provider sends for this field */
    int32_t missing_code; /**< code for a missing field (0: same as code) */
    uint16_t offset;     /**< offsetof(request struct, field) */
    uint16_t max_chars;  /**< 0 = no documented limit */
    uint16_t aux;        /**< see aux_word */
    uint8_t required;    /**< enum provkit_required */
    uint8_t number;      /**< written as a bare JSON number: an encoding rule */
} provkit_field_rule_t;

/** A provider's parameters: every documented one, once, in the order its
 * codes are reported (what the unified call and the CLI read too). */
typedef struct provkit_params {
    const provkit_field_rule_t *rule; /**< the rules, one per parameter */
    size_t n; /**< how many */
} provkit_params_t;

/** Room for the XML scanner while an XML answer is read: the scanner is
 * private (fourteen words, and two 16-bit offsets per open element and per
 * attribute); provider_call.c checks at compile time that it fits. */
typedef struct provkit_xml_space {
    /** @cond PRIVATE */
    void *word[14];
    uint16_t off[2 * (PROVKIT_XML_MAX_DEPTH + PROVKIT_XML_MAX_ATTRS)];
    /** @endcond */
} provkit_xml_space_t;

/**
 * The memory one create call needs besides the client and the result: the
 * response reader, the answer body (PROVKIT_RESPONSE_MAX), and one room
 * used in turn: while the request goes out, each value's measured length;
 * then the answer's scanner, the XML scanner's state or, when a JSON
 * provider is compiled in, the JSON token space (PROVKIT_JSON_TOKENS). A
 * documented constant, sizeof(provkit_workspace_t); the request is never
 * held (it streams through the client), so long fields need no more. What
 * lives here is not on the stack, so a create call's stack stays small
 * (README: Footprint).
 */
typedef struct provkit_workspace {
    provkit_http_response_t resp; /**< the HTTP response reader */
    uint8_t body[PROVKIT_RESPONSE_MAX]; /**< the answer's body */
    union {
        provkit_measured_t measured[PROVKIT_PARAMS_MAX]; /**< the request's values */
        provkit_xml_space_t xml; /**< an XML answer's scanner */
#if PROVKIT_WITH_JSON
        provkit_json_token_t tokens[PROVKIT_JSON_TOKENS]; /**< a JSON answer's tokens */
#endif
    } scan; /**< used in turn (see above) */
} provkit_workspace_t;

/** Where and how long: the endpoint (NUL-terminated URL, borrowed for the
 * endpoint's life) and the deadline of the whole exchange. Set it up with
 * provkit_endpoint_init(), which parses the URL once: no create call parses
 * it again. An endpoint written as {url, timeout_ms} works too (parsed is
 * then zero), at the cost of a parse per call. */
typedef struct provkit_endpoint {
    const char *url; /**< the URL, NUL-terminated, borrowed */
    uint32_t timeout_ms; /**< the whole exchange's deadline */
    provkit_url_t parsed; /**< spans into url; host NULL: not parsed */
} provkit_endpoint_t;

/** ep = {url, timeout_ms} with url parsed (provkit/url.h's grammar).
 * PROVKIT_OK; PROVKIT_ERR_URL for a URL provkit cannot use (ep->parsed is
 * then zero); PROVKIT_ERR_ARG for NULL ep or url. The parsed spans point
 * into url: its text must not change while ep is used. To point ep at
 * another URL, or after rewriting the text in place, call it again. */
int provkit_endpoint_init(provkit_endpoint_t *ep, const char *url, uint32_t timeout_ms);

/** The checks on their own. provkit_is_email: a dot-atom local part (atext
 * runs joined by single dots), '@', a domain of two or more labels of
 * letters, digits and inner hyphens (63 bytes each), ASCII only; the
 * overall length is the field's rule (max_chars), not this check's. */
bool provkit_is_email(const char *s, size_t n);
/** An ISO 3166-1 alpha-2 country code (upper case). */
bool provkit_is_country(const char *s, size_t n);
/** A JSON number without sign or exponent whose value is above zero. */
bool provkit_is_positive_decimal(const char *s, size_t n);
/** The US zip rule: DDDDD or DDDDD-DDDD. */
bool provkit_is_us_zip(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_PROVIDER_H */
