/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/oempro.h - Oempro-style e-mail console, Command=Client.Create.
 *
 * The request is an application/x-www-form-urlencoded body POSTed to the
 * console's API script (the caller gives the full URL, commonly
 * https://host/api.php). The answer is JSON, JSONP (when JSONPCallBack is
 * sent) or XML (ResponseFormat=XML); the decoder recognises which by the
 * body itself, since old consoles label everything text/html.
 *
 * Documented parameters (seed 000, with seeds/NOTES.md):
 *   SessionID           string  authenticates the call (or APIKey, later
 *                               consoles); the seed calls it optional, so
 *                               neither is required (the console answers
 *                               99998 when it wants one)
 *   Command             fixed   "Client.Create" (written by provkit)
 *   ResponseFormat      enum    "JSON" (default) | "XML", exact case
 *   JSONPCallBack       string  JSONP callback name (answer is name({...}))
 *   Access              enum    "user" (default) | "client"
 *   ClientUsername      string  required (code 2)
 *   ClientPassword      string  required (code 3)
 *   ClientEmailAddress  string  required (code 4), well formed (code 5)
 *   ClientName          string  required (code 1)
 *   ClientAccountStatus enum    "Enabled" | "Disabled", sent only when set
 * Answer fields: ClientID (integer, numeric string, or an integral float
 * such as 1001.0), Success (true, 1 or "1"), ErrorCode (0, null or "" =
 * none; one number or an array), ErrorText (string or an array aligned
 * with ErrorCode).
 * The verdict: Success true with no error code is created; Success false
 * with a code is that code (rejected); an answer that contradicts itself
 * (Success true with a non-zero ErrorCode, Success false with ErrorCode 0)
 * or whose Success or ErrorCode cannot be read is not trusted: outcome
 * unknown, never created.
 * Characters: the form encoding carries any character (percent-encoded);
 * every value must be valid UTF-8, and CR, LF, TAB and other controls are
 * sent as given (%0D, %0A, ...). NUL cannot be in a C string.
 * Codes: 1-5 missing/invalid field, 6 username taken, 7 e-mail taken,
 * 99998 authentication failure or session expired, 99999 not enough
 * privileges. Any other code is passed through untouched.
 */
#ifndef PROVKIT_OEMPRO_H
#define PROVKIT_OEMPRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/json.h"
#include "provkit/provider.h"
#include "provkit/writer.h"

#ifdef __cplusplus
extern "C" {
#endif



/** All text fields: NUL-terminated UTF-8, borrowed for the call; NULL or ""
 * means "not given" (and the parameter is not sent). */
typedef struct provkit_oempro_request {
    const char *session_id;            /**< SessionID */
    const char *api_key;               /**< APIKey */
    const char *response_format;       /**< ResponseFormat: NULL = "JSON" */
    const char *jsonp_callback;        /**< JSONPCallBack */
    const char *access;                /**< Access */
    const char *client_username;       /**< ClientUsername */
    const char *client_password;       /**< ClientPassword */
    const char *client_email_address;  /**< ClientEmailAddress */
    const char *client_name;           /**< ClientName */
    const char *client_account_status; /**< ClientAccountStatus */
    /** true: send whatever is given, for consoles whose rules differ. The
     * encoding is still checked (invalid UTF-8 and NUL are never sent). */
    bool skip_validation;
} provkit_oempro_request_t;

/** What a Oempro create call found out. */
typedef struct provkit_oempro_result {
    /** status, category, code, message, field, http_status, ... */
    provkit_outcome_t outcome;
    bool success;          /**< Success as the console sent it */
    bool has_client_id;    /**< ClientID was an integer: client_id holds it */
    int64_t client_id;     /**< ClientID */
    /** ClientID as sent ("" when absent): a ClientID that is not an integer
     * is kept here rather than dropped; one longer than the buffer is cut
     * and listed in outcome.truncated as "ClientID". */
    char client_id_text[PROVKIT_OEMPRO_ID_MAX];
    /** Every ErrorCode of an array answer (codes[0] is outcome.code). */
    size_t n_codes;
    int32_t codes[PROVKIT_OEMPRO_MAX_CODES]; /**< ErrorCode values (the first is the verdict) */
} provkit_oempro_result_t;

/** The documented codes (for tests and UIs). */
extern const provkit_code_t provkit_oempro_codes[];
extern const size_t provkit_oempro_codes_len; /**< entries of provkit_oempro_codes */
/** Every documented parameter with its rule, in code order (the CLI and the
 * unified call read these names). */
extern const provkit_field_rule_t provkit_oempro_params[];
extern const size_t provkit_oempro_nparams; /**< entries of provkit_oempro_params */

/**
 * Check req against the documented rules, in the order of the console's
 * codes (ClientName 1, ClientUsername 2, ClientPassword 3,
 * ClientEmailAddress 4 and 5, then the enumerations ResponseFormat,
 * Access, ClientAccountStatus and the JSONPCallBack name, which have no
 * documented code: they are refused with has_code false). The encoding
 * rule (valid UTF-8) is checked too, and also when skip_validation is set.
 * Returns PROVKIT_OK or PROVKIT_ERR_INVALID_FIELD with o filled.
 */
int provkit_oempro_validate(const provkit_oempro_request_t *req, provkit_outcome_t *o);

/**
 * Write the form body (Command=Client.Create&SessionID=...&...) to w, which
 * may be counting, buffer or stream mode. Values are percent-encoded; no
 * validation beyond the encoding (call validate first). Returns the
 * writer's status.
 */
int provkit_oempro_write_body(const provkit_oempro_request_t *req, provkit_writer_t *w);

/**
 * Decode an answer body (JSON, JSONP or XML, recognised by content) into
 * res. tokens/ntokens: jsmn work space for JSON (32 suffice for every
 * documented answer; an array answer of n codes needs 2n more).
 * http_status is recorded in res->outcome.http_status.
 *
 * Returns res->outcome.status: PROVKIT_OK (created), PROVKIT_ERR_PROVIDER
 * (the console refused: code/category/message set), or, when the body is
 * not a console answer or its verdict cannot be trusted, as
 * provkit_outcome_not_answer / provkit_outcome_untrusted say
 * (PROVKIT_ERR_HTTP_STATUS for a 4xx, else PROVKIT_ERR_OUTCOME_UNKNOWN).
 */
int provkit_oempro_decode(const char *body, size_t len, int http_status, provkit_json_token_t *tokens,
                          size_t ntokens, provkit_oempro_result_t *res);

/**
 * The whole create: validate (unless req->skip_validation), POST the form
 * to ep over c, decode the answer into res. ws is the call's work space.
 * Returns res->outcome.status: PROVKIT_OK (created; res->client_id),
 * PROVKIT_ERR_INVALID_FIELD (refused locally, nothing sent),
 * PROVKIT_ERR_PROVIDER, a transport/HTTP status, or
 * PROVKIT_ERR_OUTCOME_UNKNOWN (request sent, no answer: do not retry
 * blindly, the account may exist). See provkit_outcome_t.
 */
int provkit_oempro_create(provkit_client_t *c, const provkit_endpoint_t *ep,
                          const provkit_oempro_request_t *req, provkit_workspace_t *ws,
                          provkit_oempro_result_t *res);

/**
 * The same create in two halves, for an event loop that drives the engine
 * itself (provkit/engine.h): begin validates and starts the exchange on e
 * at time now (PROVKIT_OK: under way; any other status: nothing was sent
 * and res says why); once e is DONE, end decodes the answer into res and
 * returns the status create would have. req and ws are used until end.
 */
int provkit_oempro_begin(provkit_engine_t *e, const provkit_endpoint_t *ep,
                         const provkit_oempro_request_t *req, provkit_workspace_t *ws,
                         provkit_oempro_result_t *res, uint32_t now);
/** The second half: the answer decoded into res, once e is DONE. */
int provkit_oempro_end(provkit_engine_t *e, provkit_workspace_t *ws, provkit_oempro_result_t *res);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_OEMPRO_H */
