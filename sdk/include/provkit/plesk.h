/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/plesk.h - Plesk Partner API, partner10.createClient (XML-RPC).
 *
 * The request is a methodCall with two struct parameters, AuthInfo and
 * ClientInfo, POSTed as text/xml to the caller's URL (the vendor's endpoint
 * listens on port 7050). Optional members are left out, never sent empty.
 * The answer is a methodResponse struct {resultCode, resultDesc, clientId,
 * login, password} (members in any order, clientId/login/password often
 * untyped, i.e. strings), or a `<fault>`.
 *
 * Fields and limits (seed 001; "max chars" counts characters, not bytes):
 *   AuthInfo.login     required, < 256      AuthInfo.password  < 64, sent
 *                                           when given (the seed's example
 *                                           has none; NOTES.md)
 *   ClientInfo:
 *   login      32 optional (generated)   password   32 optional (generated)
 *   firstName  64      lastName   64      company    64      address   256
 *   email     256 (well formed)           phone     128      fax 128 optional
 *   city       64      zip        16 (US: DDDDD or DDDDD-DDDD)
 *   state      32 (free text, e.g. "Virginia")
 *   country     2 (ISO 3166-1 alpha-2, upper case)
 *   language    2 optional               email_language  2 optional
 * Characters: every value travels as XML 1.0 text, which carries TAB, LF
 * and CR (CR written as &#13; so it survives end-of-line normalisation) and
 * no other C0 control, nor U+FFFE or U+FFFF: such a value is refused
 * locally (PROVKIT_ERR_INVALID_FIELD naming the field, nothing sent), even
 * with skip_validation. Every value must be valid UTF-8.
 * Result codes: 100 created; 200 authorization failed; 201 access denied;
 * 251 login exists; 300 internal error (try later); 400 bad AuthInfo
 * format; 431..444 the field whose format is wrong (login, password,
 * firstName, lastName, company, address, email, phone, fax, city, zip,
 * state, country, language). Others are passed through.
 */
#ifndef PROVKIT_PLESK_H
#define PROVKIT_PLESK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/provider.h"
#include "provkit/writer.h"

#ifdef __cplusplus
extern "C" {
#endif


/** All fields: NUL-terminated UTF-8, borrowed for the call; NULL or "" means
 * "not given" (and the member is not sent). */
typedef struct provkit_plesk_request {
    const char *auth_login;    /**< AuthInfo.login */
    const char *auth_password; /**< AuthInfo.password */
    const char *login;         /**< ClientInfo.login */
    const char *password; /**< password */
    const char *first_name;    /**< firstName */
    const char *last_name;     /**< lastName */
    const char *company; /**< company */
    const char *address; /**< address */
    const char *email; /**< email */
    const char *phone; /**< phone */
    const char *fax; /**< fax */
    const char *city; /**< city */
    const char *zip; /**< zip */
    const char *state; /**< state */
    const char *country; /**< country */
    const char *language; /**< language */
    const char *email_language; /**< email_language */
    bool skip_validation; /**< send what is given (encoding still checked) */
} provkit_plesk_request_t;

/** A member of the answer longer than its buffer keeps a NUL-terminated
 * prefix cut on a UTF-8 boundary and is listed in outcome.truncated by its
 * name ("clientId", "login", "password", "resultDesc", "faultString"); the
 * verdict is resultCode's all the same. */
typedef struct provkit_plesk_result {
    provkit_outcome_t outcome; /**< code = resultCode (or faultCode) */
    char client_id[32];        /**< clientId */
    char login[PROVKIT_PLESK_TEXT_MAX]; /**< the login the server returned */
    char password[PROVKIT_PLESK_TEXT_MAX]; /**< the password it returned */
    bool fault;                /**< the answer was an XML-RPC fault */
} provkit_plesk_result_t;

/** The documented codes (for tests and UIs). */
extern const provkit_code_t provkit_plesk_codes[];
extern const size_t provkit_plesk_codes_len; /**< entries of provkit_plesk_codes */
/** Every documented parameter with its rule, in result-code order:
 * AuthInfo.login, AuthInfo.password, then ClientInfo's (the CLI and the
 * unified call read these names). */
extern const provkit_field_rule_t provkit_plesk_params[];
extern const size_t provkit_plesk_nparams; /**< entries of provkit_plesk_params */

/** Check req in result-code order (400 for AuthInfo, then 431..444), after
 * the encoding rule above; PROVKIT_OK or PROVKIT_ERR_INVALID_FIELD with o
 * set. */
int provkit_plesk_validate(const provkit_plesk_request_t *req, provkit_outcome_t *o);

/** Write the methodCall to w (any writer mode); the writer's status. */
int provkit_plesk_write_body(const provkit_plesk_request_t *req, provkit_writer_t *w);

/** Decode a methodResponse or fault. Returns res->outcome.status: PROVKIT_OK
 * (resultCode 100), PROVKIT_ERR_PROVIDER (another resultCode),
 * PROVKIT_ERR_FAULT (a `<fault>`: code/message are faultCode/faultString),
 * or, when the body is not an XML-RPC answer, as provkit_outcome_not_answer
 * says (PROVKIT_ERR_HTTP_STATUS for a 4xx, else
 * PROVKIT_ERR_OUTCOME_UNKNOWN). */
int provkit_plesk_decode(const char *body, size_t len, int http_status,
                         provkit_plesk_result_t *res);

/** The whole create over c (see provkit_oempro_create for the statuses;
 * PROVKIT_ERR_FAULT for an XML-RPC fault). */
int provkit_plesk_create(provkit_client_t *c, const provkit_endpoint_t *ep,
                         const provkit_plesk_request_t *req, provkit_workspace_t *ws,
                         provkit_plesk_result_t *res);

/** The same create in two halves, for an event loop (see
 * provkit_oempro_begin). */
int provkit_plesk_begin(provkit_engine_t *e, const provkit_endpoint_t *ep,
                        const provkit_plesk_request_t *req, provkit_workspace_t *ws,
                        provkit_plesk_result_t *res, uint32_t now);
/** The second half: the answer decoded into res, once e is DONE. */
int provkit_plesk_end(provkit_engine_t *e, provkit_workspace_t *ws, provkit_plesk_result_t *res);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_PLESK_H */
