/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The provider-neutral create: map the neutral description to the chosen
 * provider's request (the table in account.h) and run its create call.
 */
#include "provkit/account.h"

#include "provider_int.h"
#include "text.h"

#include <string.h>

static const char *const provider_names[] = {"oempro", "plesk", "smspartner"};

const char *provkit_provider_name(provkit_provider_t p)
{
    size_t i = (size_t)p;
    return i < sizeof provider_names / sizeof provider_names[0] ? provider_names[i] : NULL;
}

const provkit_outcome_t *provkit_account_outcome(const provkit_account_result_t *r)
{
    return &r->as.outcome; /* every provider's result starts with it */
}

#if PROVKIT_WITH_OEMPRO || PROVKIT_WITH_SMSPARTNER
static bool given(const char *s) { return s != NULL && s[0] != '\0'; }
#endif

#if PROVKIT_WITH_OEMPRO
/* ClientName: display_name, else "first last" (either alone); "" when no
 * name is given (the console's rule then answers code 1); NULL only when
 * first and last do not fit buf. */
static const char *client_name(const provkit_account_t *a, char *buf, size_t cap)
{
    if (given(a->display_name)) {
        return a->display_name;
    }
    if (!given(a->first_name) || !given(a->last_name)) {
        return given(a->first_name) ? a->first_name : (given(a->last_name) ? a->last_name : "");
    }
    size_t f = strlen(a->first_name), l = strlen(a->last_name);
    if (f + 1 + l + 1 > cap) {
        return NULL;
    }
    memcpy(buf, a->first_name, f);
    buf[f] = ' ';
    memcpy(buf + f + 1, a->last_name, l + 1);
    return buf;
}

#endif

#if PROVKIT_WITH_OEMPRO || PROVKIT_WITH_SMSPARTNER
/* The neutral format option, "json" or "xml" in any case, in the spelling
 * each provider documents; anything else is passed on for its validation
 * to refuse. */
static const char *format_for(const char *fmt, bool upper)
{
    static const char *const spell[2][2] = {{"json", "xml"}, {"JSON", "XML"}};
    if (!given(fmt)) {
        return NULL;
    }
    for (size_t k = 0; k < 2; k++) {
        const char *w = spell[0][k];
        size_t i = 0;
        while (w[i] != '\0' && (fmt[i] | 0x20) == w[i]) {
            i++;
        }
        if (w[i] == '\0' && fmt[i] == '\0') {
            return spell[upper ? 1 : 0][k];
        }
    }
    return fmt;
}
#endif

#if PROVKIT_WITH_OEMPRO

static int create_oempro(provkit_client_t *c, const provkit_endpoint_t *ep,
                         const provkit_account_t *a, const provkit_credentials_t *cr,
                         const provkit_account_options_t *op, provkit_workspace_t *ws,
                         provkit_oempro_result_t *res)
{
    /* "first last" is composed in the workspace's answer buffer, which is
     * free until the request has gone out (the answer is read after it):
     * no name buffer on the stack. */
    char *name = (char *)ws->body;
    provkit_oempro_request_t r;
    memset(&r, 0, sizeof r);
    r.session_id = cr->session_id;
    r.api_key = cr->api_key;
    r.response_format = format_for(op->format, true);
    r.jsonp_callback = op->jsonp_callback;
    r.access = op->access;
    r.client_username = a->login;
    r.client_password = a->password;
    r.client_email_address = a->email;
    r.client_name = client_name(a, name, PROVKIT_ACCOUNT_NAME_MAX);
    r.client_account_status = op->account_status;
    r.skip_validation = op->skip_validation;
    if (r.client_name == NULL) {
        memset(res, 0, sizeof *res);
        provkit_outcome_clear(&res->outcome);
        res->outcome.status = PROVKIT_ERR_INVALID_FIELD;
        res->outcome.category = PROVKIT_CAT_INVALID_FIELD;
        res->outcome.local = true;
        res->outcome.field = "ClientName";
        provkit_outcome_message(&res->outcome, "ClientName is too long", 22);
        return PROVKIT_ERR_INVALID_FIELD;
    }
    size_t used = r.client_name == name ? strlen(name) + 1 : 0;
    int rc = provkit_oempro_create(c, ep, &r, ws, res);
    provkit_zeroize(name, used); /* what the answer did not overwrite */
    return rc;
}

#endif

#if PROVKIT_WITH_PLESK
static int create_plesk(provkit_client_t *c, const provkit_endpoint_t *ep,
                        const provkit_account_t *a, const provkit_credentials_t *cr,
                        const provkit_account_options_t *op, provkit_workspace_t *ws,
                        provkit_plesk_result_t *res)
{
    provkit_plesk_request_t r;
    memset(&r, 0, sizeof r);
    r.auth_login = cr->api_login;
    r.auth_password = cr->api_password;
    r.login = a->login;
    r.password = a->password;
    r.first_name = a->first_name;
    r.last_name = a->last_name;
    r.company = a->company;
    r.address = a->address;
    r.email = a->email;
    r.phone = a->phone;
    r.fax = a->fax;
    r.city = a->city;
    r.zip = a->zip;
    r.state = a->state;
    r.country = a->country;
    r.language = a->language;
    r.email_language = a->email_language;
    r.skip_validation = op->skip_validation;
    return provkit_plesk_create(c, ep, &r, ws, res);
}

#endif

#if PROVKIT_WITH_SMSPARTNER
static int create_sms(provkit_client_t *c, const provkit_endpoint_t *ep,
                      const provkit_account_t *a, const provkit_credentials_t *cr,
                      const provkit_account_options_t *op, provkit_workspace_t *ws,
                      provkit_smspartner_result_t *res)
{
    provkit_smspartner_request_t r;
    memset(&r, 0, sizeof r);
    r.api_key = cr->api_key;
    r.type = given(op->sms_type) ? op->sms_type : (given(a->email) ? "advanced" : "simple");
    r.email = a->email;
    r.is_buyer = given(op->is_buyer) ? op->is_buyer : "0";
    r.credit_to_attribute = a->credit;
    r.firstname = a->first_name;
    r.lastname = a->last_name;
    r.format = format_for(op->format, false);
    r.skip_validation = op->skip_validation;
    return provkit_smspartner_create(c, ep, &r, ws, res);
}
#endif

int provkit_create_account(provkit_provider_t p, provkit_client_t *c, const provkit_endpoint_t *ep,
                           const provkit_account_t *acct, const provkit_credentials_t *cred,
                           const provkit_account_options_t *opt, provkit_workspace_t *ws,
                           provkit_account_result_t *res)
{
    static const provkit_credentials_t no_cred;
    static const provkit_account_options_t no_opt;
    if (c == NULL || ep == NULL || acct == NULL || ws == NULL || res == NULL ||
        provkit_provider_name(p) == NULL) {
        return PROVKIT_ERR_ARG;
    }
    cred = cred != NULL ? cred : &no_cred;
    opt = opt != NULL ? opt : &no_opt;
    res->provider = p;
    switch (p) {
#if PROVKIT_WITH_PLESK
    case PROVKIT_PROVIDER_PLESK: return create_plesk(c, ep, acct, cred, opt, ws, &res->as.plesk);
#endif
#if PROVKIT_WITH_SMSPARTNER
    case PROVKIT_PROVIDER_SMSPARTNER:
        return create_sms(c, ep, acct, cred, opt, ws, &res->as.smspartner);
#endif
#if PROVKIT_WITH_OEMPRO
    case PROVKIT_PROVIDER_OEMPRO: return create_oempro(c, ep, acct, cred, opt, ws, &res->as.oempro);
#endif
    default:
        provkit_outcome_clear(&res->as.outcome);
        return provkit_outcome_no_verdict(&res->as.outcome, PROVKIT_ERR_UNSUPPORTED,
                                          PROVKIT_ERR_UNSUPPORTED, 0,
                                          "provider not compiled in (PROVKIT_WITH_*)");
    }
}
