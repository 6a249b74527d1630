/*
 * provkit - create one hosted account from the command line.
 *
 *   provkit PROVIDER --url URL [--ca-file PEM] [--timeout-ms N] [--insecure]
 *           NAME=VALUE...
 *
 * Prints exactly one line, one JSON object, and exits with
 *   0 created, 1 refused by the provider, 2 invalid input or usage (nothing
 *   sent), 3 could not deliver (or a non-2xx answer that is not a provider
 *   answer), 4 outcome unknown (sent, no decodable answer).
 * See usage() for the whole contract. Built on the SDK's own writer and
 * JSON writer, so the output is escaped like every request provkit sends.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provkit/account.h"
#include "provkit/json.h"
#include "provkit/oempro.h"
#include "provkit/plesk.h"
#include "provkit/smspartner.h"
#include "provkit_mbedtls.h"
#include "provkit_posix.h"

#define DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define DEFAULT_TIMEOUT_MS 15000u

enum exit_code { EXIT_CREATED = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_UNDELIVERED = 3,
                 EXIT_UNKNOWN = 4 };

/* ---- the documented parameter names, per provider ---- */
struct param {
    const char *name;
    size_t offset; /* of a const char * in the provider's request struct */
};

#define OEM(f) offsetof(provkit_oempro_request_t, f)
static const struct param oempro_params[] = {
    {"SessionID", OEM(session_id)},
    {"APIKey", OEM(api_key)},
    {"Access", OEM(access)},
    {"ClientUsername", OEM(client_username)},
    {"ClientPassword", OEM(client_password)},
    {"ClientEmailAddress", OEM(client_email_address)},
    {"ClientName", OEM(client_name)},
    {"ClientAccountStatus", OEM(client_account_status)},
    {"ResponseFormat", OEM(response_format)},
    {"JSONPCallBack", OEM(jsonp_callback)},
};
#define PLK(f) offsetof(provkit_plesk_request_t, f)
static const struct param plesk_params[] = {
    {"AuthInfo.login", PLK(auth_login)},
    {"AuthInfo.password", PLK(auth_password)},
    {"login", PLK(login)},
    {"password", PLK(password)},
    {"firstName", PLK(first_name)},
    {"lastName", PLK(last_name)},
    {"company", PLK(company)},
    {"address", PLK(address)},
    {"email", PLK(email)},
    {"phone", PLK(phone)},
    {"fax", PLK(fax)},
    {"city", PLK(city)},
    {"zip", PLK(zip)},
    {"state", PLK(state)},
    {"country", PLK(country)},
    {"language", PLK(language)},
    {"email_language", PLK(email_language)},
};
#define SMS(f) offsetof(provkit_smspartner_request_t, f)
static const struct param sms_params[] = {
    {"apiKey", SMS(api_key)},
    {"type", SMS(type)},
    {"email", SMS(email)},
    {"isBuyer", SMS(is_buyer)},
    {"creditToAttribute", SMS(credit_to_attribute)},
    {"firstname", SMS(firstname)},
    {"lastname", SMS(lastname)},
    {"_format", SMS(format)},
};

struct provider {
    const char *name;
    const struct param *params;
    size_t nparams;
};
static const struct provider providers[] = {
    {"oempro", oempro_params, sizeof oempro_params / sizeof oempro_params[0]},
    {"plesk", plesk_params, sizeof plesk_params / sizeof plesk_params[0]},
    {"smspartner", sms_params, sizeof sms_params / sizeof sms_params[0]},
};

static void usage(FILE *f)
{
    fputs(
        "usage: provkit PROVIDER --url URL [--ca-file PEM] [--timeout-ms N] [--insecure]\n"
        "               NAME=VALUE...\n"
        "\n"
        "Create one hosted account on PROVIDER and print the result as one line of JSON.\n"
        "\n"
        "PROVIDER   oempro      Oempro-style console, Command=Client.Create\n"
        "           plesk       Plesk Partner API, partner10.createClient (XML-RPC)\n"
        "           smspartner  SMS Partner, POST /v1/subaccount/create\n"
        "--url URL        the full endpoint URL: https:// or http://, host, optional\n"
        "                 :port, path (e.g. https://console.example.com/api.php,\n"
        "                 https://plesk.example.com:7050/RPC2,\n"
        "                 https://api.smspartner.fr/v1/subaccount/create)\n"
        "--ca-file PEM    the CA certificate(s) to trust for https (default: the\n"
        "                 system bundle " DEFAULT_CA_FILE ")\n"
        "--timeout-ms N   deadline for the whole exchange, connect to answer\n"
        "                 (default 15000)\n"
        "--insecure       DANGEROUS: do not verify the server's certificate or name\n"
        "--help           this text\n"
        "\n"
        "NAME=VALUE       the provider's documented parameter, by its exact name:\n"
        "  oempro      SessionID (or APIKey), Access (user|client), ClientUsername,\n"
        "              ClientPassword, ClientEmailAddress, ClientName,\n"
        "              ClientAccountStatus (Enabled|Disabled), ResponseFormat (JSON|XML),\n"
        "              JSONPCallBack\n"
        "  plesk       AuthInfo.login, AuthInfo.password, login, password, firstName,\n"
        "              lastName, company, address, email, phone, fax, city, zip, state,\n"
        "              country, language, email_language\n"
        "  smspartner  apiKey, type (simple|advanced), email, isBuyer (0|1),\n"
        "              creditToAttribute, firstname, lastname, _format (json|xml)\n"
        "  An unknown or repeated name is a usage error. Values are UTF-8 text;\n"
        "  they are checked against the provider's documented rules before sending.\n"
        "\n"
        "Output: one JSON object on stdout with\n"
        "  provider, ok (bool), status (created | invalid | rejected | http | network |\n"
        "  tls | timeout | protocol | unknown_outcome), code (the provider's code, or the\n"
        "  code it would send for a local validation failure; null if none), message,\n"
        "  field (with invalid), http_status (when an HTTP answer came), and the\n"
        "  account's fields as returned: oempro client_id; plesk client_id, login,\n"
        "  password; smspartner email, token, send_confirm_mail_to, parent_email.\n"
        "\n"
        "Exit status:\n"
        "  0  created\n"
        "  1  refused by the provider (whatever the HTTP status)\n"
        "  2  invalid input or usage: nothing was sent\n"
        "  3  could not deliver the request (network, tls, timeout before sending), or\n"
        "     a non-2xx HTTP answer that is not a provider answer (http)\n"
        "  4  outcome unknown: the request went out and no decodable answer came back\n"
        "     (timeout, unknown_outcome, protocol). The account may exist: check\n"
        "     before creating it again.\n",
        f);
}

/* ---- output: one JSON line through the SDK's own JSON writer ---- */
static int flush_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? PROVKIT_OK : PROVKIT_ERR_NETWORK;
}

struct out {
    provkit_writer_t w;
    provkit_json_writer_t jw;
    char buf[256];
};

static void out_begin(struct out *o, const char *provider)
{
    provkit_writer_init_stream(&o->w, o->buf, sizeof o->buf, flush_stdout, NULL);
    provkit_jw_init(&o->jw, &o->w);
    provkit_jw_object_begin(&o->jw);
    provkit_jw_key_str(&o->jw, "provider", provider, strlen(provider));
}

/* Text that is not valid UTF-8 (a server may send anything) is replaced
 * rather than dropping the whole line. */
static void out_str(struct out *o, const char *key, const char *s)
{
    size_t n = strlen(s);
    if (provkit_utf8_check(s, n, NULL) != PROVKIT_OK) {
        s = "(not UTF-8)";
        n = strlen(s);
    }
    provkit_jw_key_str(&o->jw, key, s, n);
}

static int out_end(struct out *o)
{
    provkit_jw_object_end(&o->jw);
    provkit_w_char(&o->w, '\n');
    int rc = provkit_jw_finish(&o->jw);
    int wrc = provkit_writer_finish(&o->w);
    fflush(stdout);
    return rc != PROVKIT_OK ? rc : wrc;
}

/* A usage error: same one-line shape, status invalid, exit 2. */
static int usage_error(const char *provider, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg != NULL ? arg : "");
    struct out o;
    out_begin(&o, provider != NULL ? provider : "");
    provkit_jw_key_bool(&o.jw, "ok", false);
    provkit_jw_key_str(&o.jw, "status", "invalid", 7);
    provkit_jw_key_null(&o.jw, "code");
    out_str(&o, "message", msg);
    provkit_jw_key_null(&o.jw, "field");
    out_end(&o);
    fprintf(stderr, "provkit: %s (provkit --help explains)\n", msg);
    return EXIT_USAGE;
}

/* The status word and exit code an outcome stands for. */
static const char *classify(const provkit_outcome_t *oc, int *code)
{
    switch (oc->status) {
    case PROVKIT_OK: *code = EXIT_CREATED; return "created";
    case PROVKIT_ERR_PROVIDER:
    case PROVKIT_ERR_FAULT: *code = EXIT_REFUSED; return "rejected";
    case PROVKIT_ERR_HTTP_STATUS: *code = EXIT_UNDELIVERED; return "http";
    case PROVKIT_ERR_PROTOCOL: *code = EXIT_UNKNOWN; return "protocol";
    case PROVKIT_ERR_OUTCOME_UNKNOWN:
        *code = EXIT_UNKNOWN;
        return oc->cause == PROVKIT_ERR_TIMEOUT ? "timeout" : "unknown_outcome";
    case PROVKIT_ERR_TIMEOUT: *code = EXIT_UNDELIVERED; return "timeout";
    case PROVKIT_ERR_TLS:
    case PROVKIT_ERR_TLS_VERIFY: *code = EXIT_UNDELIVERED; return "tls";
    case PROVKIT_ERR_DNS:
    case PROVKIT_ERR_NETWORK:
    case PROVKIT_ERR_CLOSED: *code = EXIT_UNDELIVERED; return "network";
    case PROVKIT_ERR_HTTP:
    case PROVKIT_ERR_LIMIT:
    case PROVKIT_ERR_MALFORMED:
        if (oc->request_sent) {
            *code = EXIT_UNKNOWN; /* a whole answer came, and it is not one */
            return "protocol";
        }
        break;
    default: break;
    }
    if (oc->request_sent) {
        *code = EXIT_UNKNOWN;
        return "unknown_outcome";
    }
    *code = EXIT_USAGE; /* INVALID_FIELD, URL, ARG, BUFFER_TOO_SMALL: nothing sent */
    return "invalid";
}

static void out_outcome(struct out *o, const provkit_outcome_t *oc, const char *status)
{
    provkit_jw_key_bool(&o->jw, "ok", oc->status == PROVKIT_OK);
    provkit_jw_key_str(&o->jw, "status", status, strlen(status));
    if (oc->has_code) {
        provkit_jw_key_i64(&o->jw, "code", oc->code);
    } else {
        provkit_jw_key_null(&o->jw, "code");
    }
    out_str(o, "message", oc->message);
    if (strcmp(status, "invalid") == 0) {
        if (oc->field != NULL) {
            out_str(o, "field", oc->field);
        } else {
            provkit_jw_key_null(&o->jw, "field");
        }
    }
    if (oc->http_status != 0) {
        provkit_jw_key_i64(&o->jw, "http_status", oc->http_status);
    }
}

static void out_opt(struct out *o, const char *key, const char *s)
{
    if (s[0] != '\0') {
        out_str(o, key, s);
    }
}

/* ---- the transports: TCP, and TLS over it for https ---- */
static provkit_posix_tcp_t tcp;
static provkit_tls_t tls;
static uint8_t recv_buf[2048];
static provkit_client_t client;
static provkit_workspace_t ws;

/* Prepare the client for url; message into err on failure. */
static int setup_client(const char *url, const char *ca_file, int insecure, char *err,
                        size_t cap)
{
    provkit_url_t u;
    char host[PROVKIT_URL_HOST_MAX];
    if (provkit_url_parse(&u, url, strlen(url), host, sizeof host) != PROVKIT_OK) {
        snprintf(err, cap, "unusable URL: %s", url);
        return PROVKIT_ERR_URL;
    }
    static provkit_transport_t plain, secure;
    provkit_posix_tcp_init(&tcp, &plain);
    const provkit_transport_t *t = &plain;
    if (u.tls) {
        if (provkit_tls_init(&tls, &plain, provkit_posix_now_ms, &secure) != PROVKIT_OK) {
            snprintf(err, cap, "TLS setup failed (mbedTLS %d)", provkit_tls_last_error(&tls));
            return PROVKIT_ERR_TLS;
        }
        if (insecure) {
            provkit_tls_set_insecure_skip_verify_DANGEROUS(&tls);
            fputs("provkit: --insecure: the server's certificate is NOT verified\n", stderr);
        } else if (provkit_tls_ca_file(&tls, ca_file) != PROVKIT_OK) {
            snprintf(err, cap, "cannot load CA file %s", ca_file);
            return PROVKIT_ERR_ARG;
        }
        t = &secure;
    }
    provkit_client_init(&client, t, provkit_posix_now_ms, recv_buf, sizeof recv_buf);
    return PROVKIT_OK;
}

static const struct provider *find_provider(const char *name)
{
    for (size_t i = 0; i < sizeof providers / sizeof providers[0]; i++) {
        if (strcmp(providers[i].name, name) == 0) {
            return &providers[i];
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
    }
    if (argc < 2) {
        usage(stderr);
        return usage_error(NULL, "missing PROVIDER%s", NULL);
    }
    const struct provider *pv = find_provider(argv[1]);
    if (pv == NULL) {
        return usage_error(NULL, "unknown PROVIDER '%s' (oempro, plesk, smspartner)", argv[1]);
    }

    union {
        provkit_oempro_request_t oempro;
        provkit_plesk_request_t plesk;
        provkit_smspartner_request_t sms;
    } req;
    memset(&req, 0, sizeof req);
    const char *url = NULL, *ca_file = DEFAULT_CA_FILE;
    unsigned long timeout_ms = DEFAULT_TIMEOUT_MS;
    int insecure = 0;

    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strncmp(a, "--", 2) == 0) {
            const char *eq = strchr(a, '=');
            size_t nl = eq != NULL ? (size_t)(eq - a) : strlen(a);
            if (strncmp(a, "--insecure", nl) == 0 && nl == 10) {
                if (eq != NULL) {
                    return usage_error(pv->name, "--insecure takes no value%s", NULL);
                }
                insecure = 1;
                continue;
            }
            if (eq != NULL) {
                val = eq + 1;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                return usage_error(pv->name, "%s needs a value", a);
            }
            if (nl == 5 && strncmp(a, "--url", 5) == 0) {
                url = val;
            } else if (nl == 9 && strncmp(a, "--ca-file", 9) == 0) {
                ca_file = val;
            } else if (nl == 12 && strncmp(a, "--timeout-ms", 12) == 0) {
                char *end;
                errno = 0;
                timeout_ms = strtoul(val, &end, 10);
                if (errno != 0 || *end != '\0' || val[0] < '0' || val[0] > '9' ||
                    timeout_ms == 0 || timeout_ms > 86400000ul) {
                    return usage_error(pv->name, "--timeout-ms wants 1..86400000, not '%s'", val);
                }
            } else {
                return usage_error(pv->name, "unknown option %s", a);
            }
            continue;
        }
        const char *eq = strchr(a, '=');
        if (eq == NULL || eq == a) {
            return usage_error(pv->name, "expected NAME=VALUE, got '%s'", a);
        }
        size_t nl = (size_t)(eq - a);
        const struct param *p = NULL;
        for (size_t k = 0; k < pv->nparams; k++) {
            if (strlen(pv->params[k].name) == nl && strncmp(pv->params[k].name, a, nl) == 0) {
                p = &pv->params[k];
            }
        }
        if (p == NULL) {
            return usage_error(pv->name, "unknown parameter name in '%s'", a);
        }
        const char **slot = (const char **)(void *)((char *)&req + p->offset);
        if (*slot != NULL) {
            return usage_error(pv->name, "parameter given twice: %s", p->name);
        }
        *slot = eq + 1;
    }
    if (url == NULL) {
        return usage_error(pv->name, "--url is required%s", NULL);
    }

    char err[300];
    int rc = setup_client(url, ca_file, insecure, err, sizeof err);
    if (rc != PROVKIT_OK) {
        return usage_error(pv->name, "%s", err);
    }
    provkit_endpoint_t ep = {url, (uint32_t)timeout_ms};
    provkit_account_result_t res;
    memset(&res, 0, sizeof res);
    if (pv == &providers[0]) {
        res.provider = PROVKIT_PROVIDER_OEMPRO;
        provkit_oempro_create(&client, &ep, &req.oempro, &ws, &res.as.oempro);
    } else if (pv == &providers[1]) {
        res.provider = PROVKIT_PROVIDER_PLESK;
        provkit_plesk_create(&client, &ep, &req.plesk, &ws, &res.as.plesk);
    } else {
        res.provider = PROVKIT_PROVIDER_SMSPARTNER;
        provkit_smspartner_create(&client, &ep, &req.sms, &ws, &res.as.smspartner);
    }
    provkit_client_close(&client);

    const provkit_outcome_t *oc = provkit_account_outcome(&res);
    int code;
    const char *status = classify(oc, &code);
    struct out o;
    out_begin(&o, pv->name);
    out_outcome(&o, oc, status);
    switch (res.provider) {
    case PROVKIT_PROVIDER_OEMPRO:
        if (res.as.oempro.has_client_id) {
            provkit_jw_key_i64(&o.jw, "client_id", res.as.oempro.client_id);
        }
        break;
    case PROVKIT_PROVIDER_PLESK:
        out_opt(&o, "client_id", res.as.plesk.client_id);
        out_opt(&o, "login", res.as.plesk.login);
        out_opt(&o, "password", res.as.plesk.password);
        break;
    case PROVKIT_PROVIDER_SMSPARTNER:
        out_opt(&o, "email", res.as.smspartner.email);
        out_opt(&o, "token", res.as.smspartner.token);
        out_opt(&o, "send_confirm_mail_to", res.as.smspartner.send_confirm_mail_to);
        out_opt(&o, "parent_email", res.as.smspartner.parent_email);
        break;
    }
    out_end(&o);
    if (oc->status == PROVKIT_ERR_TLS_VERIFY) {
        fprintf(stderr, "provkit: certificate verification failed (flags 0x%x)\n",
                (unsigned)provkit_tls_verify_flags(&tls));
    }
    provkit_tls_free(&tls);
    return code;
}
