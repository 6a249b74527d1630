/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/account.h - one call for all three providers:
 * provkit_create_account() takes a provider-neutral account description,
 * maps it to the chosen provider's own request, runs that provider's create
 * call and returns one result shape.
 *
 * Field mapping (a field the provider does not document is not sent; "-"):
 * @verbatim
 *   neutral          Oempro               Plesk (ClientInfo)   SMS Partner
 *   login            ClientUsername       login                -
 *   password         ClientPassword       password             -
 *   email            ClientEmailAddress   email                parameters.email
 *   first_name       ClientName (1)       firstName            parameters.firstname
 *   last_name        ClientName (1)       lastName             parameters.lastname
 *   display_name     ClientName (1)       -                    -
 *   company          -                    company              -
 *   address          -                    address              -
 *   phone, fax       -                    phone, fax           -
 *   city, zip        -                    city, zip            -
 *   state, country   -                    state, country       -
 *   language         -                    language             -
 *   email_language   -                    email_language       -
 *   credit           -                    -                    parameters.creditToAttribute
 *   (1) ClientName is display_name when given, else "first_name last_name"
 *       (either alone when the other is empty).
 *
 *   credentials      Oempro               Plesk                SMS Partner
 *   api_login        -                    AuthInfo.login       -
 *   api_password     -                    AuthInfo.password    -
 *   session_id       SessionID            -                    -
 *   api_key          APIKey               -                    apiKey
 *
 *   options          Oempro               Plesk                SMS Partner
 *   format           ResponseFormat       -                    _format
 *   ("json"|"xml",   ("JSON"|"XML")                            ("json"|"xml")
 *    any case)
 *   jsonp_callback   JSONPCallBack        -                    -
 *   access           Access               -                    -
 *   account_status   ClientAccountStatus  -                    -
 *   sms_type         -                    -                    type (default:
 *                                                              "advanced" with an
 *                                                              e-mail, else "simple")
 *   is_buyer         -                    -                    parameters.isBuyer
 *                                                              (default "0")
 * @endverbatim
 *
 * All strings are NUL-terminated UTF-8, borrowed for the call; NULL or ""
 * is "not given".
 */
#ifndef PROVKIT_ACCOUNT_H
#define PROVKIT_ACCOUNT_H

#include <stdbool.h>

#include "provkit/config.h"
#include "provkit/oempro.h"
#include "provkit/plesk.h"
#include "provkit/provider.h"
#include "provkit/smspartner.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The provider a unified call goes to. */
typedef enum provkit_provider {
    PROVKIT_PROVIDER_OEMPRO = 0,     /**< Oempro's Client.Create */
    PROVKIT_PROVIDER_PLESK = 1,      /**< Plesk Partner API's partner10.createClient */
    PROVKIT_PROVIDER_SMSPARTNER = 2  /**< SMS Partner's POST /v1/subaccount/create */
} provkit_provider_t;

/** "oempro", "plesk", "smspartner"; NULL for a value outside the enum. */
const char *provkit_provider_name(provkit_provider_t p);

/** A provider-neutral account: see the field mapping above. */
typedef struct provkit_account {
    const char *login; /**< the account's login (Oempro ClientUsername, Plesk login) */
    const char *password; /**< its password (Oempro ClientPassword, Plesk password) */
    const char *email; /**< its e-mail address */
    const char *first_name; /**< first name (Plesk firstName, SMS Partner firstname; Oempro ClientName) */
    const char *last_name; /**< last name (Plesk lastName, SMS Partner lastname; Oempro ClientName) */
    const char *display_name; /**< Oempro's ClientName as given (else built from the names) */
    const char *company; /**< Plesk company */
    const char *address; /**< Plesk address */
    const char *phone; /**< Plesk phone */
    const char *fax; /**< Plesk fax */
    const char *city; /**< Plesk city */
    const char *zip; /**< Plesk zip */
    const char *state; /**< Plesk state */
    const char *country; /**< Plesk country (ISO 3166-1 alpha-2) */
    const char *language; /**< Plesk language */
    const char *email_language; /**< Plesk email_language */
    const char *credit; /**< SMS Partner creditToAttribute */
} provkit_account_t;

/** The provider credentials the unified call passes on. */
typedef struct provkit_credentials {
    const char *api_login; /**< Plesk AuthInfo.login */
    const char *api_password; /**< Plesk AuthInfo.password */
    const char *session_id; /**< Oempro SessionID */
    const char *api_key; /**< Oempro APIKey, SMS Partner apiKey */
} provkit_credentials_t;

/** Provider options the unified call passes on. */
typedef struct provkit_account_options {
    const char *format; /**< the answer format: "json" or "xml" (Oempro ResponseFormat, SMS Partner _format) */
    const char *jsonp_callback; /**< Oempro JSONPCallBack */
    const char *access; /**< Oempro Access */
    const char *account_status; /**< Oempro ClientAccountStatus */
    const char *sms_type; /**< SMS Partner type */
    const char *is_buyer; /**< SMS Partner parameters.isBuyer */
    bool skip_validation; /**< skip the provider's own rules (the encoding is always checked) */
} provkit_account_options_t;


/** One result shape: the provider, and its own result (each starts with the
 * provider-neutral provkit_outcome_t, which `outcome` names whatever the
 * provider; see provkit_account_outcome()). Only the providers compiled in
 * take room (provkit/config.h). */
typedef struct provkit_account_result {
    provkit_provider_t provider; /**< whose result `as` holds */
    /** The provider's own result; `outcome` is every one's first member. */
    union {
        provkit_outcome_t outcome; /**< the provider-neutral part */
#if PROVKIT_WITH_OEMPRO
        provkit_oempro_result_t oempro; /**< Oempro's */
#endif
#if PROVKIT_WITH_PLESK
        provkit_plesk_result_t plesk; /**< Plesk's */
#endif
#if PROVKIT_WITH_SMSPARTNER
        provkit_smspartner_result_t smspartner; /**< SMS Partner's */
#endif
    } as;
} provkit_account_result_t;

/** The outcome inside r, whatever the provider. */
const provkit_outcome_t *provkit_account_outcome(const provkit_account_result_t *r);

/**
 * Create acct on provider p at ep over c. cred/opt may be NULL (nothing
 * given). ws is the call's work space. Returns the outcome's status (see
 * provkit_oempro_create); PROVKIT_ERR_ARG for NULL c/ep/acct/ws/res or an
 * unknown provider; PROVKIT_ERR_UNSUPPORTED (in the outcome too, nothing
 * sent) for a provider compiled out (PROVKIT_WITH_OEMPRO, _PLESK,
 * _SMSPARTNER); PROVKIT_ERR_INVALID_FIELD with field "ClientName" when
 * first and last name do not fit PROVKIT_ACCOUNT_NAME_MAX.
 */
int provkit_create_account(provkit_provider_t p, provkit_client_t *c, const provkit_endpoint_t *ep,
                           const provkit_account_t *acct, const provkit_credentials_t *cred,
                           const provkit_account_options_t *opt, provkit_workspace_t *ws,
                           provkit_account_result_t *res);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_ACCOUNT_H */
