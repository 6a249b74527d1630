/* SPDX-License-Identifier: Apache-2.0 */
/*
 * provkit - create one hosted account from the command line.
 *
 *   provkit PROVIDER --url URL [--ca-file PEM] [--timeout-ms N] [--insecure]
 *           [--no-validate] NAME=VALUE | NAME=@PATH | NAME=@- | NAME=\@VALUE ...
 *   provkit --version | --help
 *
 * Prints exactly one line, one JSON object, and exits with
 *   0 created, 1 refused by the provider, 2 invalid input or usage (nothing
 *   sent), 3 not delivered (nothing sent, or a 4xx that is not a provider
 *   answer), 4 outcome unknown (a request byte went out and no verdict that
 *   can be trusted came back: the account may exist).
 * See usage() for the whole contract. Secrets are read from files or
 * standard input (NAME=@PATH, NAME=@-), never echoed, and wiped on exit.
 * Built on the SDK's own writer and JSON writer, so the output is escaped
 * like every request provkit sends.
 */
#include <errno.h>
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provkit/account.h"
#include "provkit/url.h"
#include "provkit/json.h"
#include "provkit/version.h"
#include "provkit/oempro.h"
#include "provkit/plesk.h"
#include "provkit/smspartner.h"
#include "provkit_mbedtls.h"
#include "provkit_posix.h"

#define DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define DEFAULT_TIMEOUT_MS 15000u

enum exit_code { EXIT_CREATED = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_UNDELIVERED = 3,
                 EXIT_UNKNOWN = 4 };

/* ---- the providers: their documented parameter names come from the
 * SDK's own tables (provkit_*_params), never listed here ---- */
struct provider {
    const char *name;
    const char *what;
    const provkit_field_rule_t *params;
    const size_t *nparams;
};
static const struct provider providers[] = {
    {"oempro", "Oempro-style console, Command=Client.Create", provkit_oempro_params,
     &provkit_oempro_nparams},
    {"plesk", "Plesk Partner API, partner10.createClient (XML-RPC)", provkit_plesk_params,
     &provkit_plesk_nparams},
    {"smspartner", "SMS Partner, POST /v1/subaccount/create", provkit_smspartner_params,
     &provkit_smspartner_nparams},
};
#define NPROVIDERS (sizeof providers / sizeof providers[0])

/* "  plesk       AuthInfo.login, ...": each provider's names from its table,
 * with the words of an enumeration, wrapped at 80 columns. */
static void usage_params(FILE *f)
{
    for (size_t i = 0; i < NPROVIDERS; i++) {
        const struct provider *pv = &providers[i];
        size_t col = (size_t)fprintf(f, "  %-11s", pv->name);
        for (size_t k = 0; k < *pv->nparams; k++) {
            const provkit_field_rule_t *r = &pv->params[k];
            char item[96];
            size_t n = (size_t)snprintf(item, sizeof item, "%s", r->name);
            for (size_t w = 0; r->words != NULL && r->words[w] != NULL && n < sizeof item; w++) {
                n += (size_t)snprintf(item + n, sizeof item - n, "%s%s", w == 0 ? " (" : "|",
                                      r->words[w]);
            }
            if (r->words != NULL && n < sizeof item) {
                n += (size_t)snprintf(item + n, sizeof item - n, ")");
            }
            if (col + n + 2 > 80) {
                col = (size_t)fprintf(f, ",\n%14s", "") - 1u;
            } else if (k > 0) {
                col += (size_t)fprintf(f, ", ");
            } else {
                col += (size_t)fprintf(f, " ");
            }
            col += (size_t)fprintf(f, "%s", item);
        }
        fputc('\n', f);
    }
}

static void usage(FILE *f)
{
    fputs(
        "usage: provkit PROVIDER --url URL [--ca-file PEM] [--timeout-ms N] [--insecure]\n"
        "               [--no-validate] NAME=VALUE...\n"
        "       provkit batch PROVIDER --url URL --in ACCOUNTS.csv --out RESULTS.csv\n"
        "               [--journal FILE] [--concurrency N] [--ca-file PEM] [--timeout-ms N]\n"
        "               [--insecure] [--no-validate] [NAME=VALUE...]\n"
        "       provkit --version | --help\n"
        "\n"
        "Create one hosted account on PROVIDER and print the result as one line of JSON;\n"
        "or, with batch, one per row of ACCOUNTS.csv (see Batch below).\n"
        "\n",
        f);
    for (size_t i = 0; i < NPROVIDERS; i++) {
        fprintf(f, "%-11s%-12s%s\n", i == 0 ? "PROVIDER" : "", providers[i].name,
                providers[i].what);
    }
    fputs(
        "--url URL        the full endpoint URL: https:// or http://, host, optional\n"
        "                 :port, path (e.g. https://console.example.com/api.php,\n"
        "                 https://plesk.example.com:7050/RPC2,\n"
        "                 https://api.smspartner.fr/v1/subaccount/create)\n"
        "--ca-file PEM    the CA certificate(s) to trust for https (default: the\n"
        "                 system bundle " DEFAULT_CA_FILE ")\n"
        "--timeout-ms N   deadline for the whole exchange, connect to answer\n"
        "                 (default 15000)\n"
        "--insecure       DANGEROUS: do not verify the server's certificate or name\n"
        "--no-validate    send what is given without the provider's documented rules\n"
        "                 (the encoding is still checked: valid UTF-8; for plesk no\n"
        "                 control character but TAB, CR, LF; numbers for smspartner)\n"
        "--version        print the version and exit\n"
        "--help           this text\n"
        "\n"
        "NAME=VALUE       the provider's documented parameter, by its exact name:\n",
        f);
    usage_params(f);
    fputs(
        "  NAME=@PATH     the value is the file's contents (one trailing newline\n"
        "                 removed): use it for passwords and keys, which then never\n"
        "                 appear on a command line\n"
        "  NAME=@-        the value is standard input (once per call)\n"
        "  NAME=\\@VALUE   a literal value that starts with @\n"
        "  An unknown or repeated name is a usage error. Values are UTF-8 text,\n"
        "  checked against the provider's documented rules before sending.\n"
        "  No message ever repeats a value.\n"
        "\n"
        "Output: one JSON object on stdout with\n"
        "  provider, ok (bool), status (created | rejected | invalid | http | network |\n"
        "  tls | timeout | unknown_outcome), code (the provider's code, or the code it\n"
        "  would send for a local validation failure; null if none), message, field\n"
        "  (with invalid), http_status (when an HTTP answer came), cause (with\n"
        "  unknown_outcome: timeout | closed | truncated | network | tls | http |\n"
        "  http_status | protocol), truncated (names of answer fields too long to keep\n"
        "  whole, when any), and the account's fields as returned: oempro client_id;\n"
        "  plesk client_id, login, password; smspartner email, token,\n"
        "  send_confirm_mail_to, parent_email.\n"
        "\n"
        "Exit status:\n"
        "  0  created\n"
        "  1  rejected: the provider refused (whatever the HTTP status)\n"
        "  2  invalid input or usage: nothing was sent\n"
        "  3  not delivered: network, tls or timeout before any request byte went\n"
        "     out, or an HTTP 4xx answer that is not the provider's (http). Safe to\n"
        "     retry.\n"
        "  4  unknown_outcome: a request byte went out and no verdict that can be\n"
        "     trusted came back (the answer timed out, was cut, was a 5xx gateway or\n"
        "     error page, or contradicted itself). The account may exist: check\n"
        "     before creating it again.\n"
        "\n"
        "Batch: ACCOUNTS.csv is RFC 4180 (UTF-8; quoted fields may hold commas, quotes\n"
        "  and line breaks); its header row names the provider's parameters as above,\n"
        "  and NAME=VALUE arguments give values common to every row (NAME=@PATH for\n"
        "  secrets). An empty cell is not given. An unknown column, a parameter given\n"
        "  twice or an input that cannot be read is a usage error before anything is\n"
        "  sent. RESULTS.csv: one record per input row, in input order: row, status,\n"
        "  code, message, field, http_status and the account fields above.\n"
        "--journal FILE   (default RESULTS.csv.journal) an intent is on disk before a\n"
        "                 row's first request byte, its result after its outcome: a\n"
        "                 rerun with the same arguments skips rows that have a result\n"
        "                 and reports a row with an intent and no result as\n"
        "                 unknown_outcome, never sending it again\n"
        "--concurrency N  connections, each kept alive, 1..64 (default 4)\n"
        "  Progress goes to standard error. Exit status: 0 every row created; 1 some\n"
        "  row rejected or invalid (and none worse); 3 some row not delivered; 4 some\n"
        "  row with an unknown outcome; 2 a usage error.\n",
        f);
}

/* ---- output: one JSON line through the SDK's own JSON writer ---- */

/* The message of a transport failure before sending: host, port and the
 * reason, longer than an outcome's message (see explain_transport). */
static char transport_msg[PROVKIT_URL_HOST_MAX + 512];
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

/* A usage error: same one-line shape, status invalid, exit 2. The
 * message never holds a parameter's value: callers pass names only. */
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
    case PROVKIT_ERR_OUTCOME_UNKNOWN: *code = EXIT_UNKNOWN; return "unknown_outcome";
    default: break;
    }
    if (oc->request_sent) {
        *code = EXIT_UNKNOWN; /* whatever it was, a request byte went out */
        return "unknown_outcome";
    }
    *code = EXIT_UNDELIVERED;
    switch (oc->status) {
    case PROVKIT_ERR_TIMEOUT: return "timeout";
    case PROVKIT_ERR_TLS:
    case PROVKIT_ERR_TLS_VERIFY: return "tls";
    case PROVKIT_ERR_DNS:
    case PROVKIT_ERR_NETWORK:
    case PROVKIT_ERR_CLOSED: return "network";
    default: break;
    }
    *code = EXIT_USAGE; /* INVALID_FIELD, URL, ARG, BUFFER_TOO_SMALL: nothing sent */
    return "invalid";
}

/* The cause word of an unknown outcome. */
static const char *cause_word(int cause)
{
    switch (cause) {
    case PROVKIT_ERR_TIMEOUT: return "timeout";
    case PROVKIT_ERR_CLOSED: return "closed";
    case PROVKIT_ERR_TRUNCATED: return "truncated";
    case PROVKIT_ERR_DNS:
    case PROVKIT_ERR_NETWORK: return "network";
    case PROVKIT_ERR_TLS:
    case PROVKIT_ERR_TLS_VERIFY: return "tls";
    case PROVKIT_ERR_HTTP:
    case PROVKIT_ERR_LIMIT:
    case PROVKIT_ERR_MALFORMED: return "http";
    case PROVKIT_ERR_HTTP_STATUS: return "http_status";
    case PROVKIT_ERR_PROTOCOL: return "protocol";
    default: return "other";
    }
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
    out_str(o, "message", transport_msg[0] != '\0' ? transport_msg : oc->message);
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
    if (strcmp(status, "unknown_outcome") == 0) {
        const char *w = cause_word(oc->status == PROVKIT_ERR_OUTCOME_UNKNOWN ? oc->cause
                                                                             : oc->status);
        provkit_jw_key_str(&o->jw, "cause", w, strlen(w));
    }
    if (oc->n_truncated > 0) {
        provkit_jw_key_array(&o->jw, "truncated");
        for (size_t i = 0; i < oc->n_truncated; i++) {
            provkit_jw_str(&o->jw, oc->truncated[i], strlen(oc->truncated[i]));
        }
        provkit_jw_array_end(&o->jw);
    }
}

static void out_opt(struct out *o, const char *key, const char *s)
{
    if (s[0] != '\0') {
        out_str(o, key, s);
    }
}

/* ---- values: NAME=VALUE, NAME=@PATH, NAME=@-, NAME=\@VALUE ---- */

/* Values read from files and standard input live here, and are wiped
 * before the program ends: they are the passwords and keys. */
static char value_store[65536];
static size_t value_used;

/* Read all of f into the store as one NUL-terminated value, one trailing
 * newline (LF or CRLF) removed. Returns NULL with *why set on failure. */
static const char *read_value(FILE *f, const char **why)
{
    size_t start = value_used;
    size_t n = 0;
    for (;;) {
        size_t room = sizeof value_store - 1 - start - n;
        if (room == 0) {
            *why = "is longer than 64 KiB";
            return NULL;
        }
        size_t got = fread(value_store + start + n, 1, room, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    if (ferror(f)) {
        *why = "could not be read";
        return NULL;
    }
    if (memchr(value_store + start, '\0', n) != NULL) {
        *why = "holds a NUL byte";
        return NULL;
    }
    if (n > 0 && value_store[start + n - 1] == '\n') {
        n--;
        if (n > 0 && value_store[start + n - 1] == '\r') {
            n--;
        }
    }
    value_store[start + n] = '\0';
    value_used = start + n + 1;
    return value_store + start;
}

/* The value an argument's text after '=' stands for. */
static const char *resolve_value(const char *v, int *stdin_used, const char **why)
{
    if (v[0] == '\\' && v[1] == '@') {
        return v + 1; /* a literal that starts with @ */
    }
    if (v[0] != '@') {
        return v;
    }
    if (strcmp(v, "@-") == 0) {
        if (*stdin_used) {
            *why = "reads standard input, which another parameter already read";
            return NULL;
        }
        *stdin_used = 1;
        return read_value(stdin, why);
    }
    FILE *f = fopen(v + 1, "rb");
    if (f == NULL) {
        *why = "names a file that cannot be opened";
        return NULL;
    }
    const char *r = read_value(f, why);
    fclose(f);
    return r;
}

/* Edit distance of two short names, case-insensitive, for "did you mean". */
static size_t distance(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    size_t row[64];
    if (an >= 63 || bn >= 63) {
        return 99;
    }
    for (size_t j = 0; j <= bn; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= an; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t up = row[j];
            int same = (a[i - 1] | 0x20) == (b[j - 1] | 0x20);
            size_t best = diag + (same ? 0u : 1u);
            if (up + 1 < best) {
                best = up + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            diag = up;
            row[j] = best;
        }
    }
    return row[bn];
}

/* ---- the transports: TCP, and TLS over it for https ---- */
static provkit_posix_tcp_t tcp;
static provkit_tls_t tls;
static uint8_t recv_buf[2048];
static provkit_client_t client;
static provkit_workspace_t ws;
static char url_host[PROVKIT_URL_HOST_MAX];
static uint16_t url_port;

/* The CA bundle: read by mbedTLS where it has a file system
 * (MBEDTLS_FS_IO), or read here and given as a buffer where it has none
 * (provkit's own mbedTLS 3.6 configuration). */
static int load_ca_into(provkit_tls_t *into, const char *path)
{
    int rc = provkit_tls_ca_file(into, path);
    if (rc != PROVKIT_ERR_UNSUPPORTED) {
        return rc;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return PROVKIT_ERR_ARG;
    }
    size_t cap = 0, n = 0;
    uint8_t *pem = NULL;
    for (;;) {
        if (n + 1 >= cap) {
            uint8_t *more = realloc(pem, cap = cap * 2 + 65536);
            if (more == NULL) {
                break;
            }
            pem = more;
        }
        size_t got = fread(pem + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    fclose(f);
    rc = PROVKIT_ERR_ARG;
    if (pem != NULL && n > 0) {
        pem[n] = 0; /* PEM is parsed as a string: the NUL is counted */
        rc = provkit_tls_ca_pem(into, pem, n + 1);
    }
    free(pem);
    return rc;
}

static int load_ca(const char *path) { return load_ca_into(&tls, path); }

/* Prepare the client for url; message into err on failure. */
static int setup_client(const char *url, const char *ca_file, int insecure, char *err,
                        size_t cap)
{
    provkit_url_t u;
    if (provkit_url_parse(&u, url, strlen(url), url_host, sizeof url_host) != PROVKIT_OK) {
        snprintf(err, cap, "--url is not a URL provkit can use (http:// or https://, a host, "
                           "an optional port, a path with valid %%XX escapes)");
        return PROVKIT_ERR_URL;
    }
    url_port = u.port;
    static provkit_transport_t plain, secure;
    provkit_posix_tcp_init(&tcp, &plain);
    const provkit_transport_t *t = &plain;
    if (u.tls) {
        if (provkit_tls_init(&tls, &plain, provkit_posix_now_ms, &secure) != PROVKIT_OK) {
            snprintf(err, cap, "TLS setup failed (mbedTLS -0x%04x)",
                     (unsigned)-provkit_tls_last_error(&tls));
            return PROVKIT_ERR_TLS;
        }
        if (insecure) {
            provkit_tls_set_insecure_skip_verify_DANGEROUS(&tls);
            fputs("provkit: --insecure: the server's certificate is NOT verified\n", stderr);
        } else if (load_ca(ca_file) != PROVKIT_OK) {
            snprintf(err, cap, "cannot load CA file %s", ca_file);
            return PROVKIT_ERR_ARG;
        }
        t = &secure;
    }
    provkit_client_init(&client, t, provkit_posix_now_ms, recv_buf, sizeof recv_buf);
    return PROVKIT_OK;
}

/* A transport failure before anything was sent names the host, the port
 * and the system's (or the TLS port's) reason (transport_msg). */

static void explain_into(const provkit_outcome_t *oc, unsigned long timeout_ms,
                         const provkit_posix_tcp_t *tc, provkit_tls_t *tl, char *msg, size_t cap)
{
    switch (oc->status) {
    case PROVKIT_ERR_DNS:
        snprintf(msg, cap, "cannot resolve %s: %s", url_host,
                 tc->last_gai_error == EAI_SYSTEM ? strerror(tc->last_errno)
                                                  : gai_strerror(tc->last_gai_error));
        break;
    case PROVKIT_ERR_NETWORK:
    case PROVKIT_ERR_CLOSED:
        snprintf(msg, cap, "cannot connect to %s port %u: %s", url_host, (unsigned)url_port,
                 tc->last_errno != 0 ? strerror(tc->last_errno) : "connection closed");
        break;
    case PROVKIT_ERR_TIMEOUT:
        snprintf(msg, cap, "no connection to %s port %u within %lu ms", url_host,
                 (unsigned)url_port, timeout_ms);
        break;
    case PROVKIT_ERR_TLS:
    case PROVKIT_ERR_TLS_VERIFY: {
        char why[320];
        provkit_tls_describe(tl, oc->status, why, sizeof why);
        snprintf(msg, cap, "TLS with %s port %u failed: %s", url_host, (unsigned)url_port, why);
        break;
    }
    default:
        return;
    }
}

static void explain_transport(const provkit_outcome_t *oc, unsigned long timeout_ms)
{
    explain_into(oc, timeout_ms, &tcp, &tls, transport_msg, sizeof transport_msg);
}

static const struct provider *find_provider(const char *name)
{
    for (size_t i = 0; i < NPROVIDERS; i++) {
        if (strcmp(providers[i].name, name) == 0) {
            return &providers[i];
        }
    }
    return NULL;
}

union request {
    provkit_oempro_request_t oempro;
    provkit_plesk_request_t plesk;
    provkit_smspartner_request_t sms;
};

struct options {
    const char *url;
    const char *ca_file;
    unsigned long timeout_ms;
    int insecure;
    int no_validate;
};

/* One NAME=VALUE argument (argv[i]) into req: PROVKIT_OK, or a usage
 * error already printed (its exit code in *exit_code). */
static int set_param(const struct provider *pv, const char *a, int i, union request *req,
                     int *stdin_used, int *exit_code)
{
    const char *eq = strchr(a, '=');
    if (eq == NULL || eq == a) {
        char where[32];
        snprintf(where, sizeof where, "%d", i);
        /* the argument itself may be a secret typed without its name */
        *exit_code = usage_error(pv->name, "argument %s is not NAME=VALUE", where);
        return PROVKIT_ERR_ARG;
    }
    size_t nl = (size_t)(eq - a);
    const provkit_field_rule_t *p = NULL;
    const provkit_field_rule_t *near = NULL;
    size_t best = 4; /* suggest only names within 3 edits */
    for (size_t k = 0; k < *pv->nparams; k++) {
        const char *pn = pv->params[k].name;
        if (strlen(pn) == nl && strncmp(pn, a, nl) == 0) {
            p = &pv->params[k];
        }
        size_t d = distance(a, nl, pn);
        if (d < best) {
            best = d;
            near = &pv->params[k];
        }
    }
    if (p == NULL) {
        char msg[200];
        snprintf(msg, sizeof msg, "unknown parameter %.*s%s%s", (int)(nl < 64 ? nl : 64), a,
                 near != NULL ? "; did you mean " : "", near != NULL ? near->name : "");
        *exit_code = usage_error(pv->name, "%s", msg);
        return PROVKIT_ERR_ARG;
    }
    const char **slot = (const char **)(void *)((char *)req + p->offset);
    if (*slot != NULL) {
        *exit_code = usage_error(pv->name, "parameter given twice: %s", p->name);
        return PROVKIT_ERR_ARG;
    }
    const char *why = NULL;
    *slot = resolve_value(eq + 1, stdin_used, &why);
    if (*slot == NULL) {
        char msg[200];
        snprintf(msg, sizeof msg, "the value of %s %s", p->name, why);
        *exit_code = usage_error(pv->name, "%s", msg);
        return PROVKIT_ERR_ARG;
    }
    return PROVKIT_OK;
}

/* Parse argv[2..] into opt and req; PROVKIT_OK or a usage error already
 * printed (its exit code in *exit_code). */
static int parse_args(const struct provider *pv, int argc, char **argv, struct options *opt,
                      union request *req, int *exit_code)
{
    int stdin_used = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strncmp(a, "--", 2) == 0) {
            const char *eq = strchr(a, '=');
            size_t nl = eq != NULL ? (size_t)(eq - a) : strlen(a);
            if ((nl == 10 && strncmp(a, "--insecure", 10) == 0) ||
                (nl == 13 && strncmp(a, "--no-validate", 13) == 0)) {
                if (eq != NULL) {
                    *exit_code = usage_error(pv->name, "%.13s takes no value", a);
                    return PROVKIT_ERR_ARG;
                }
                *(nl == 10 ? &opt->insecure : &opt->no_validate) = 1;
                continue;
            }
            if (eq != NULL) {
                val = eq + 1;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                *exit_code = usage_error(pv->name, "%s needs a value", a);
                return PROVKIT_ERR_ARG;
            }
            if (nl == 5 && strncmp(a, "--url", 5) == 0) {
                opt->url = val;
            } else if (nl == 9 && strncmp(a, "--ca-file", 9) == 0) {
                opt->ca_file = val;
            } else if (nl == 12 && strncmp(a, "--timeout-ms", 12) == 0) {
                char *end;
                errno = 0;
                opt->timeout_ms = strtoul(val, &end, 10);
                if (errno != 0 || *end != '\0' || val[0] < '0' || val[0] > '9' ||
                    opt->timeout_ms == 0 || opt->timeout_ms > 86400000ul) {
                    *exit_code = usage_error(pv->name, "--timeout-ms wants 1..86400000%s", NULL);
                    return PROVKIT_ERR_ARG;
                }
            } else {
                char name[40];
                snprintf(name, sizeof name, "%.*s", (int)(nl < 32 ? nl : 32), a);
                *exit_code = usage_error(pv->name, "unknown option %s", name);
                return PROVKIT_ERR_ARG;
            }
            continue;
        }
        if (set_param(pv, a, i, req, &stdin_used, exit_code) != PROVKIT_OK) {
            return PROVKIT_ERR_ARG;
        }
    }
    if (opt->url == NULL) {
        *exit_code = usage_error(pv->name, "--url is required%s", NULL);
        return PROVKIT_ERR_ARG;
    }
    return PROVKIT_OK;
}

static void out_account(struct out *o, const provkit_account_result_t *res)
{
    switch (res->provider) {
    case PROVKIT_PROVIDER_OEMPRO:
        if (res->as.oempro.has_client_id) {
            provkit_jw_key_i64(&o->jw, "client_id", res->as.oempro.client_id);
        } else {
            /* a ClientID that is not an integer is shown as sent */
            out_opt(o, "client_id", res->as.oempro.client_id_text);
        }
        break;
    case PROVKIT_PROVIDER_PLESK:
        out_opt(o, "client_id", res->as.plesk.client_id);
        out_opt(o, "login", res->as.plesk.login);
        out_opt(o, "password", res->as.plesk.password);
        break;
    case PROVKIT_PROVIDER_SMSPARTNER:
        out_opt(o, "email", res->as.smspartner.email);
        out_opt(o, "token", res->as.smspartner.token);
        out_opt(o, "send_confirm_mail_to", res->as.smspartner.send_confirm_mail_to);
        out_opt(o, "parent_email", res->as.smspartner.parent_email);
        break;
    }
}

#include "batch.inc"

static int run(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("provkit %s\n", PROVKIT_VERSION_STRING);
            return 0;
        }
    }
    if (argc >= 2 && strcmp(argv[1], "batch") == 0) {
        return run_batch(argc, argv);
    }
    if (argc < 2) {
        usage(stderr);
        return usage_error(NULL, "missing PROVIDER%s", NULL);
    }
    const struct provider *pv = find_provider(argv[1]);
    if (pv == NULL) {
        return usage_error(NULL, "unknown PROVIDER %.32s (oempro, plesk, smspartner)", argv[1]);
    }

    static union request req;
    memset(&req, 0, sizeof req);
    struct options opt = {NULL, DEFAULT_CA_FILE, DEFAULT_TIMEOUT_MS, 0, 0};
    int code = EXIT_USAGE;
    if (parse_args(pv, argc, argv, &opt, &req, &code) != PROVKIT_OK) {
        return code;
    }

    char err[300];
    int rc = setup_client(opt.url, opt.ca_file, opt.insecure, err, sizeof err);
    if (rc != PROVKIT_OK) {
        return usage_error(pv->name, "%s", err);
    }
    provkit_endpoint_t ep;
    (void)provkit_endpoint_init(&ep, opt.url, (uint32_t)opt.timeout_ms); /* (checked by setup_client) */
    static provkit_account_result_t res;
    memset(&res, 0, sizeof res);
    if (pv == &providers[0]) {
        res.provider = PROVKIT_PROVIDER_OEMPRO;
        req.oempro.skip_validation = opt.no_validate != 0;
        provkit_oempro_create(&client, &ep, &req.oempro, &ws, &res.as.oempro);
    } else if (pv == &providers[1]) {
        res.provider = PROVKIT_PROVIDER_PLESK;
        req.plesk.skip_validation = opt.no_validate != 0;
        provkit_plesk_create(&client, &ep, &req.plesk, &ws, &res.as.plesk);
    } else {
        res.provider = PROVKIT_PROVIDER_SMSPARTNER;
        req.sms.skip_validation = opt.no_validate != 0;
        provkit_smspartner_create(&client, &ep, &req.sms, &ws, &res.as.smspartner);
    }
    provkit_client_close(&client);

    const provkit_outcome_t *oc = provkit_account_outcome(&res);
    if (!oc->request_sent) {
        explain_transport(oc, opt.timeout_ms);
    }
    const char *status = classify(oc, &code);
    struct out o;
    out_begin(&o, pv->name);
    out_outcome(&o, oc, status);
    out_account(&o, &res);
    out_end(&o);
    provkit_zeroize(&res, sizeof res); /* a returned password */
    provkit_tls_free(&tls);
    return code;
}

int main(int argc, char **argv)
{
    int code = run(argc, argv);
    provkit_zeroize(value_store, sizeof value_store);
    return code;
}
