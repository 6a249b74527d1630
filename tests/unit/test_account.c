/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for provkit_create_account(): the neutral account mapped to each
 * provider's own request (the table in account.h), checked on the bytes that
 * actually reach a mock transport, and the provider's canned answer decoded
 * into the result union.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/account.h"

/* ---- mock transport: records every byte sent, answers a canned reply ---- */

#define SENT_MAX 16384

typedef struct mock {
    uint32_t clock;
    int connect_calls, send_calls, recv_calls, close_calls;
    char host[PROVKIT_URL_HOST_MAX];
    uint16_t port;
    bool open;
    uint8_t sent[SENT_MAX + 1];
    size_t sent_len;
    /* the whole HTTP response handed out after the request; NULL: the peer
     * closes as soon as the request is in (the answer is lost) */
    const char *reply;
    size_t reply_off;
} mock_t;

static mock_t m;

static uint32_t fake_now(void) { return m.clock; }

static int mock_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    (void)timeout_ms;
    assert_false(m.open);
    m.connect_calls++;
    snprintf(m.host, sizeof m.host, "%s", host);
    m.port = port;
    m.open = true;
    return PROVKIT_OK;
}

static int32_t mock_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    (void)timeout_ms;
    assert_true(m.open);
    m.send_calls++;
    assert_true(m.sent_len + len <= SENT_MAX);
    memcpy(m.sent + m.sent_len, buf, len);
    m.sent_len += len;
    m.sent[m.sent_len] = '\0';
    return (int32_t)len;
}

static int32_t mock_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)ctx;
    assert_true(m.open);
    m.recv_calls++;
    if (m.reply == NULL) {
        return PROVKIT_ERR_CLOSED;
    }
    size_t left = strlen(m.reply) - m.reply_off;
    if (left == 0) {
        if (timeout_ms == 0) {
            return 0;
        }
        return PROVKIT_ERR_CLOSED;
    }
    size_t n = left < len ? left : len;
    memcpy(buf, m.reply + m.reply_off, n);
    m.reply_off += n;
    return (int32_t)n;
}

static void mock_close(void *ctx)
{
    (void)ctx;
    m.close_calls++;
    m.open = false;
}

static const provkit_transport_t k_transport = {mock_connect, mock_send, mock_recv, mock_close,
                                                &m};

/* ---- fixtures ------------------------------------------------------------ */

static provkit_client_t client;
static uint8_t recv_buf[256];
static provkit_workspace_t ws;
static provkit_account_result_t res;
static char reply_buf[4096];

static int setup(void **state)
{
    (void)state;
    memset(&m, 0, sizeof m);
    m.clock = 1000;
    assert_int_equal(provkit_client_init(&client, &k_transport, fake_now, recv_buf,
                                         sizeof recv_buf),
                     PROVKIT_OK);
    memset(&res, 0, sizeof res);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    provkit_client_close(&client);
    return 0;
}

/* The canned answer: status, content type, body (Content-Length computed). */
static void reply(int status, const char *ctype, const char *body)
{
    int n = snprintf(reply_buf, sizeof reply_buf,
                     "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n%s",
                     status, ctype, strlen(body), body);
    assert_true(n > 0 && (size_t)n < sizeof reply_buf);
    m.reply = reply_buf;
    m.reply_off = 0;
}

/* ---- the request that went out ------------------------------------------ */

typedef struct sent_req {
    char line[512];   /* request line */
    const char *head; /* headers (after the request line), in m.sent */
    size_t head_len;
    const char *body; /* in m.sent, NUL-terminated there */
    size_t body_len;
} sent_req_t;

/* Split m.sent into request line, headers and body; exactly one request
 * must be there, its body as long as its Content-Length says. */
static void sent_request(sent_req_t *r)
{
    const char *s = (const char *)m.sent;
    const char *eol = strstr(s, "\r\n");
    const char *end = strstr(s, "\r\n\r\n");
    assert_non_null(eol);
    assert_non_null(end);
    assert_true((size_t)(eol - s) < sizeof r->line);
    memcpy(r->line, s, (size_t)(eol - s));
    r->line[eol - s] = '\0';
    r->head = eol + 2;
    r->head_len = (size_t)(end + 2 - r->head);
    r->body = end + 4;
    r->body_len = m.sent_len - (size_t)(r->body - s);
    const char *cl = strstr(r->head, "\r\nContent-Length: ");
    assert_non_null(cl);
    assert_true(cl < end);
    assert_int_equal(strtoul(cl + 18, NULL, 10), r->body_len);
}

/* The value of header name (case as provkit writes it), or "" */
static void sent_header(const sent_req_t *r, const char *name, char *out, size_t cap)
{
    char key[64];
    snprintf(key, sizeof key, "\r\n%s: ", name);
    const char *h = strstr(r->head - 2, key);
    out[0] = '\0';
    if (h == NULL || h >= r->head + r->head_len) {
        return;
    }
    h += strlen(key);
    size_t n = (size_t)(strstr(h, "\r\n") - h);
    assert_true(n < cap);
    memcpy(out, h, n);
    out[n] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* application/x-www-form-urlencoded decoding of s[0..n) into out. */
static void form_decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            assert_true(i + 2 < n);
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            assert_true(hi >= 0 && lo >= 0);
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        assert_true(o + 1 < cap);
        out[o++] = c;
    }
    out[o] = '\0';
}

/* The form parameters of a body: names and values, decoded. */
#define FORM_MAX 24
typedef struct form {
    size_t n;
    char name[FORM_MAX][64];
    char value[FORM_MAX][600];
} form_t;

static form_t form;

static void form_parse(const char *body, size_t len, form_t *f)
{
    memset(f, 0, sizeof *f);
    size_t i = 0;
    while (i < len) {
        const char *p = body + i;
        const char *amp = memchr(p, '&', len - i);
        size_t plen = amp != NULL ? (size_t)(amp - p) : len - i;
        const char *eq = memchr(p, '=', plen);
        assert_non_null(eq);
        assert_true(f->n < FORM_MAX);
        form_decode(p, (size_t)(eq - p), f->name[f->n], sizeof f->name[0]);
        form_decode(eq + 1, plen - (size_t)(eq + 1 - p), f->value[f->n], sizeof f->value[0]);
        f->n++;
        i += plen + 1;
    }
}

/* The value of parameter name, or NULL when it was not sent; a parameter
 * sent twice fails the test. */
static const char *form_get(const form_t *f, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->name[i], name) == 0) {
            assert_null(v);
            v = f->value[i];
        }
    }
    return v;
}

/* Occurrences of needle in the m.sent bytes. */
static int sent_count(const char *needle)
{
    int k = 0;
    const char *p = (const char *)m.sent;
    while ((p = strstr(p, needle)) != NULL) {
        k++;
        p += strlen(needle);
    }
    return k;
}

/* ---- shared inputs ---------------------------------------------------- */

static const provkit_endpoint_t k_oempro_ep = {.url = "http://console.example/api.php", .timeout_ms = 5000};
static const provkit_endpoint_t k_plesk_ep = {.url = "http://plesk.example:7050/", .timeout_ms = 5000};
static const provkit_endpoint_t k_sms_ep = {.url = "http://api.sms.example/v1/subaccount/create",
                                             .timeout_ms = 5000};

/* Every neutral field given, with characters the encodings must escape. */
static provkit_account_t full_account(void)
{
    provkit_account_t a;
    memset(&a, 0, sizeof a);
    a.login = "jdoe";
    a.password = "s3cr&t=1";
    a.email = "jane.doe@example.com";
    a.first_name = "Zoë";
    a.last_name = "O'Doe";
    a.company = "Example & Co";
    a.address = "1 Main <St>";
    a.phone = "+1 555 0100";
    a.fax = "+1 555 0101";
    a.city = "Reston";
    a.zip = "20171";
    a.state = "Virginia";
    a.country = "US";
    a.language = "en";
    a.email_language = "it";
    a.credit = "12.50";
    return a;
}

static const char k_oempro_ok[] = "{\"Success\":true,\"ErrorCode\":0,\"ClientID\":\"4321\"}";

/* ---- provider names and arguments ---------------------------------------- */

static void test_provider_name(void **state)
{
    (void)state;
    assert_string_equal(provkit_provider_name(PROVKIT_PROVIDER_OEMPRO), "oempro");
    assert_string_equal(provkit_provider_name(PROVKIT_PROVIDER_PLESK), "plesk");
    assert_string_equal(provkit_provider_name(PROVKIT_PROVIDER_SMSPARTNER), "smspartner");
    assert_null(provkit_provider_name((provkit_provider_t)3));
    assert_null(provkit_provider_name((provkit_provider_t)-1));
}

static void test_null_arguments(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, "sess", NULL};
    const provkit_provider_t p = PROVKIT_PROVIDER_OEMPRO;
    reply(200, "application/json", k_oempro_ok);
    assert_int_equal(provkit_create_account(p, NULL, &k_oempro_ep, &a, &cr, NULL, &ws, &res),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_create_account(p, &client, NULL, &a, &cr, NULL, &ws, &res),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_create_account(p, &client, &k_oempro_ep, NULL, &cr, NULL, &ws, &res),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_create_account(p, &client, &k_oempro_ep, &a, &cr, NULL, NULL, &res),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_create_account(p, &client, &k_oempro_ep, &a, &cr, NULL, &ws, NULL),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_create_account((provkit_provider_t)3, &client, &k_oempro_ep, &a, &cr,
                                            NULL, &ws, &res),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_create_account((provkit_provider_t)-1, &client, &k_oempro_ep, &a,
                                            &cr, NULL, &ws, &res),
                     PROVKIT_ERR_ARG);
    /* refused before anything: no connection, no byte */
    assert_int_equal(m.connect_calls, 0);
    assert_int_equal(m.sent_len, 0);
    /* and the same call with every argument works */
    assert_int_equal(provkit_create_account(p, &client, &k_oempro_ep, &a, &cr, NULL, &ws, &res),
                     PROVKIT_OK);
    assert_int_equal(m.connect_calls, 1);
}

/* ---- Oempro ------------------------------------------------------------- */

static void test_oempro_mapping(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    a.display_name = "Jane \"JD\" Doe";
    provkit_credentials_t cr = {"api-login", "api-pass", "sess 1", "key/2"};
    provkit_account_options_t op = {"JSON", "cb.done", "client", "Enabled", "advanced", "1",
                                    false};
    reply(200, "text/html", "cb.done({\"Success\":1,\"ErrorCode\":0,\"ClientID\":\"4321\"})");

    int rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, &cr, &op,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_OK);

    sent_req_t r;
    char hv[128];
    sent_request(&r);
    assert_string_equal(r.line, "POST /api.php HTTP/1.1");
    assert_string_equal(m.host, "console.example");
    assert_int_equal(m.port, 80);
    sent_header(&r, "Content-Type", hv, sizeof hv);
    assert_string_equal(hv, "application/x-www-form-urlencoded");

    form_parse(r.body, r.body_len, &form);
    assert_string_equal(form_get(&form, "Command"), "Client.Create");
    assert_string_equal(form_get(&form, "ResponseFormat"), "JSON");
    assert_string_equal(form_get(&form, "JSONPCallBack"), "cb.done");
    assert_string_equal(form_get(&form, "Access"), "client");
    assert_string_equal(form_get(&form, "SessionID"), "sess 1");
    assert_string_equal(form_get(&form, "APIKey"), "key/2");
    assert_string_equal(form_get(&form, "ClientUsername"), "jdoe");
    assert_string_equal(form_get(&form, "ClientPassword"), "s3cr&t=1");
    assert_string_equal(form_get(&form, "ClientEmailAddress"), "jane.doe@example.com");
    assert_string_equal(form_get(&form, "ClientName"), "Jane \"JD\" Doe");
    assert_string_equal(form_get(&form, "ClientAccountStatus"), "Enabled");
    /* nothing the console does not document: 11 parameters, no more */
    assert_int_equal(form.n, 11);
    assert_null(strstr(r.body, "Example"));
    assert_null(strstr(r.body, "api-login"));
    assert_null(strstr(r.body, "api-pass"));

    /* the result: the Oempro arm of the union, decoded from the JSONP */
    assert_int_equal(res.provider, PROVKIT_PROVIDER_OEMPRO);
    assert_true(res.as.oempro.success);
    assert_true(res.as.oempro.has_client_id);
    assert_int_equal(res.as.oempro.client_id, 4321);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_ptr_equal(o, &res.as.oempro.outcome);
    assert_int_equal(o->status, PROVKIT_OK);
    assert_int_equal(o->category, PROVKIT_CAT_CREATED);
    assert_int_equal(o->http_status, 200);
    assert_true(o->request_sent);
    assert_false(o->local);
    assert_int_equal(m.connect_calls, 1);
}

/* ClientName: display_name, else "first last", else either alone. */
static void oempro_name(const char *first, const char *last, const char *display,
                        const char *want)
{
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, NULL, "key"};
    a.first_name = first;
    a.last_name = last;
    a.display_name = display;
    setup(NULL);
    reply(200, "application/json", k_oempro_ok);
    assert_int_equal(provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a,
                                            &cr, NULL, &ws, &res),
                     PROVKIT_OK);
    sent_req_t r;
    sent_request(&r);
    form_parse(r.body, r.body_len, &form);
    assert_string_equal(form_get(&form, "ClientName"), want);
    /* no separate first/last parameters */
    assert_null(form_get(&form, "firstName"));
    assert_null(form_get(&form, "ClientFirstName"));
    teardown(NULL);
}

static void test_oempro_client_name(void **state)
{
    (void)state;
    oempro_name("Jane", "Doe", NULL, "Jane Doe");
    oempro_name("Zoë", "Ñúñez", "", "Zoë Ñúñez");
    oempro_name("Jane", NULL, NULL, "Jane");
    oempro_name("Jane", "", NULL, "Jane");
    oempro_name(NULL, "Doe", NULL, "Doe");
    oempro_name("", "Doe", "", "Doe");
    oempro_name("Jane", "Doe", "JD Inc.", "JD Inc.");
    oempro_name(NULL, NULL, "Only Display", "Only Display");
}

/* "first last" past PROVKIT_ACCOUNT_NAME_MAX: refused locally (field
 * ClientName, no documented code) with nothing sent, even when validation
 * is skipped. */
static void test_oempro_client_name_refused(void **state)
{
    (void)state;
    static char first[200], last[100];
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, "sess", NULL};
    reply(200, "application/json", k_oempro_ok);

    int rc;
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    memset(first, 'f', sizeof first - 1);
    memset(last, 'l', sizeof last - 1);
    a.first_name = first; /* 199 + 1 + 99 + NUL > 256 */
    a.last_name = last;
    provkit_account_options_t op;
    memset(&op, 0, sizeof op);
    op.skip_validation = true; /* the name rule is the mapping's, not the console's */
    rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, &cr, &op, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o->status, PROVKIT_ERR_INVALID_FIELD);
    assert_string_equal(o->field, "ClientName");
    assert_false(o->has_code);
    assert_true(o->local);
    assert_false(o->request_sent);
    assert_int_equal(m.connect_calls, 0);
    assert_int_equal(m.sent_len, 0);

    /* one past the limit: 199 + 1 + 56 + NUL = 257 */
    last[56] = '\0';
    rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, &cr, &op, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(m.sent_len, 0);

    /* exactly at the limit: 199 + 1 + 55 + NUL = 256 fits */
    last[55] = '\0';
    rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, &cr, &op, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_OK);
    sent_req_t r;
    sent_request(&r);
    form_parse(r.body, r.body_len, &form);
    assert_int_equal(strlen(form_get(&form, "ClientName")), PROVKIT_ACCOUNT_NAME_MAX - 1);
}

/* No display_name, first_name or last_name: ClientName is missing, which
 * the console documents as code 1 ("Client name missing"), and which
 * provkit_oempro_validate reports as such. With skip_validation the request
 * goes out without ClientName, as for any other missing field. */
static void test_oempro_missing_name_is_code_1(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, "sess", NULL};
    a.first_name = ""; /* given as "": not given */
    a.last_name = NULL;
    reply(200, "application/json", k_oempro_ok);
    int rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, &cr, NULL,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_string_equal(o->field, "ClientName");
    assert_true(o->local);
    assert_int_equal(m.sent_len, 0);
    assert_null(strstr(o->message, "too long"));
    assert_true(o->has_code);
    assert_int_equal(o->code, 1);
    assert_int_equal(o->category, PROVKIT_CAT_INVALID_FIELD);

    provkit_account_options_t op;
    memset(&op, 0, sizeof op);
    op.skip_validation = true;
    rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, &cr, &op, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_OK);
    sent_req_t r;
    sent_request(&r);
    form_parse(r.body, r.body_len, &form);
    assert_null(form_get(&form, "ClientName"));
    assert_string_equal(form_get(&form, "ClientUsername"), "jdoe");
}

static void test_oempro_xml_and_refusal(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, "sess", NULL};
    provkit_account_options_t op;
    memset(&op, 0, sizeof op);
    op.format = "xml"; /* the neutral option, any case: Oempro spells it XML */
    reply(200, "text/xml",
          "<?xml version=\"1.0\"?><response><Success><![CDATA[1]]></Success>"
          "<ErrorCode>0</ErrorCode><ClientID><![CDATA[77]]></ClientID></response>");
    assert_int_equal(provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a,
                                            &cr, &op, &ws, &res),
                     PROVKIT_OK);
    sent_req_t r;
    sent_request(&r);
    /* the Oempro format is a body parameter: the URL stays as given */
    assert_string_equal(r.line, "POST /api.php HTTP/1.1");
    form_parse(r.body, r.body_len, &form);
    assert_string_equal(form_get(&form, "ResponseFormat"), "XML");
    assert_null(form_get(&form, "_format"));
    assert_null(form_get(&form, "JSONPCallBack"));
    assert_null(form_get(&form, "Access"));
    assert_null(form_get(&form, "ClientAccountStatus"));
    assert_null(form_get(&form, "APIKey"));
    assert_string_equal(form_get(&form, "ClientName"), "Zoë O'Doe");
    assert_int_equal(res.as.oempro.client_id, 77);

    /* no format: ResponseFormat=JSON; a refusal maps its code */
    setup(NULL);
    reply(200, "application/json",
          "{\"Success\":false,\"ErrorCode\":6,\"ErrorText\":\"Username taken\"}");
    assert_int_equal(provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a,
                                            &cr, NULL, &ws, &res),
                     PROVKIT_ERR_PROVIDER);
    sent_request(&r);
    form_parse(r.body, r.body_len, &form);
    assert_string_equal(form_get(&form, "ResponseFormat"), "JSON");
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_int_equal(o->status, PROVKIT_ERR_PROVIDER);
    assert_int_equal(o->category, PROVKIT_CAT_EXISTS);
    assert_true(o->has_code);
    assert_int_equal(o->code, 6);
    assert_string_equal(o->field, "ClientUsername");
    assert_string_equal(o->message, "Username taken");
    assert_false(res.as.oempro.has_client_id);
}

static void test_oempro_local_refusal_and_skip(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, "sess", NULL};
    a.email = "not-an-address";
    reply(200, "application/json", k_oempro_ok);
    int rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, &cr, NULL,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_int_equal(o->code, 5);
    assert_string_equal(o->field, "ClientEmailAddress");
    assert_true(o->local);
    assert_false(o->request_sent);
    assert_int_equal(m.connect_calls, 0);
    assert_int_equal(m.sent_len, 0);

    /* no credentials at all: the seed calls SessionID optional, so the
     * request goes out and the console's 99998 is its verdict */
    rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, NULL, NULL,
                                &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD); /* the bad address still is */
    assert_int_equal(m.sent_len, 0);
    a.email = "jane.doe@example.com";
    reply(200, "application/json",
          "{\"Success\":false,\"ErrorCode\":99998,\"ErrorText\":\"Authentication failure\"}");
    rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, NULL, NULL,
                                &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_PROVIDER);
    assert_int_equal(o->code, 99998);
    assert_int_equal(o->category, PROVKIT_CAT_AUTH_FAILED);
    assert_false(o->local);
    assert_true(m.sent_len > 0);
    m.sent_len = 0;
    reply(200, "application/json", k_oempro_ok);

    /* skip_validation: the same bad address goes out as given */
    provkit_account_options_t op;
    memset(&op, 0, sizeof op);
    op.skip_validation = true;
    a.email = "not-an-address";
    rc = provkit_create_account(PROVKIT_PROVIDER_OEMPRO, &client, &k_oempro_ep, &a, &cr, &op, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_OK);
    sent_req_t r;
    sent_request(&r);
    form_parse(r.body, r.body_len, &form);
    assert_string_equal(form_get(&form, "ClientEmailAddress"), "not-an-address");
    assert_int_equal(res.as.oempro.client_id, 4321);
}

/* ---- Plesk --------------------------------------------------------------- */

#define M(n, v) "<member><name>" n "</name><value><string>" v "</string></value></member>"

static const char k_plesk_ok[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param><value><struct>"
    "<member><name>clientId</name><value>1401588</value></member>"
    "<member><name>login</name><value>JDOE_CLIENT_LOGIN</value></member>"
    "<member><name>resultCode</name><value><int>100</int></value></member>"
    "<member><name>password</name><value>JDOE_CLIENT_PASSWORD</value></member>"
    "<member><name>resultDesc</name><value>New client JDOE_CLIENT_LOGIN has been successfully "
    "created</value></member>"
    "</struct></value></param></params></methodResponse>";

/* The value of member name inside the XML-RPC body's n-th <struct> (0 =
 * AuthInfo, 1 = ClientInfo), entities left as sent; NULL when absent. */
static const char *xmlrpc_member(const char *body, int nth, const char *name, char *out,
                                 size_t cap)
{
    const char *s = body;
    for (int i = 0; i <= nth; i++) {
        s = strstr(s, "<struct>");
        assert_non_null(s);
        s += 8;
    }
    const char *end = strstr(s, "</struct>");
    assert_non_null(end);
    char key[96];
    snprintf(key, sizeof key, "<member><name>%s</name><value><string>", name);
    const char *p = strstr(s, key);
    if (p == NULL || p > end) {
        return NULL;
    }
    p += strlen(key);
    const char *q = strstr(p, "</string>");
    assert_non_null(q);
    assert_true((size_t)(q - p) < cap);
    memcpy(out, p, (size_t)(q - p));
    out[q - p] = '\0';
    /* a member is sent once */
    const char *again = strstr(q, key);
    assert_true(again == NULL || again > end);
    return out;
}

static bool holds(const void *p, size_t n, const char *secret)
{
    size_t k = strlen(secret);
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = 0; i + k <= n; i++) {
        if (memcmp(b + i, secret, k) == 0) {
            return true;
        }
    }
    return false;
}

/* After a create, no secret stays in the buffers the SDK used: not the
 * returned password in the workspace, not the sent ones in the client's send
 * and receive buffers (wiped exactly as far as data came into them). */
static void test_secrets_wiped(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {"API_LOGIN", "API_PASS_SECRET", NULL, NULL};
    reply(200, "text/xml", k_plesk_ok);
    int rc = provkit_create_account(PROVKIT_PROVIDER_PLESK, &client, &k_plesk_ep, &a, &cr, NULL,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_OK);
    assert_string_equal(res.as.plesk.password, "JDOE_CLIENT_PASSWORD"); /* the caller's copy */
    assert_false(holds(&ws, sizeof ws, "JDOE_CLIENT_PASSWORD"));
    assert_false(holds(&ws, sizeof ws, "JDOE_CLIENT_LOGIN"));
    assert_false(holds(recv_buf, sizeof recv_buf, "JDOE"));
    assert_false(holds(&client, sizeof client, "API_PASS_SECRET"));
    assert_false(holds(&client, sizeof client, "s3cr"));
    assert_true(holds(m.sent, m.sent_len, "API_PASS_SECRET")); /* it did go out */
}

static void test_plesk_mapping(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    a.display_name = "Not For Plesk";
    provkit_credentials_t cr = {"API_LOGIN", "API_PASS<", "sess-not-sent", "key-not-sent"};
    provkit_account_options_t op = {"xml", "cbnot", "client", "Enabled", "simple", "1", false};
    reply(200, "text/xml", k_plesk_ok);

    int rc = provkit_create_account(PROVKIT_PROVIDER_PLESK, &client, &k_plesk_ep, &a, &cr, &op,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_OK);
    sent_req_t r;
    char hv[128];
    sent_request(&r);
    /* the Oempro/SMS options change nothing here: no _format in the URL */
    assert_string_equal(r.line, "POST / HTTP/1.1");
    assert_int_equal(m.port, 7050);
    sent_header(&r, "Content-Type", hv, sizeof hv);
    assert_string_equal(hv, "text/xml");

    /* the whole body, byte for byte: AuthInfo then ClientInfo in the seed's
     * member order, escaped, nothing else */
    static const char want[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>partner10.createClient</methodName>"
        "<params><param><value><struct>" M("login", "API_LOGIN") M("password", "API_PASS&lt;")
        "</struct></value></param><param><value><struct>"
        M("login", "jdoe") M("password", "s3cr&amp;t=1") M("firstName", "Zoë")
        M("lastName", "O&apos;Doe") M("company", "Example &amp; Co") M("email",
        "jane.doe@example.com") M("address", "1 Main &lt;St&gt;") M("phone", "+1 555 0100")
        M("fax", "+1 555 0101") M("city", "Reston") M("state", "Virginia") M("zip", "20171")
        M("country", "US") M("language", "en") M("email_language", "it")
        "</struct></value></param></params></methodCall>\n";
    char got[4096];
    char v[256];
    assert_true(r.body_len < sizeof got);
    memcpy(got, r.body, r.body_len);
    got[r.body_len] = '\0';
    /* member by member first, so a mismatch names the field */
    assert_string_equal(xmlrpc_member(got, 0, "login", v, sizeof v), "API_LOGIN");
    assert_string_equal(xmlrpc_member(got, 0, "password", v, sizeof v), "API_PASS&lt;");
    assert_string_equal(xmlrpc_member(got, 1, "login", v, sizeof v), "jdoe");
    assert_string_equal(xmlrpc_member(got, 1, "password", v, sizeof v), "s3cr&amp;t=1");
    assert_string_equal(xmlrpc_member(got, 1, "firstName", v, sizeof v), "Zoë");
    assert_string_equal(xmlrpc_member(got, 1, "lastName", v, sizeof v), "O&apos;Doe");
    assert_string_equal(xmlrpc_member(got, 1, "company", v, sizeof v), "Example &amp; Co");
    assert_string_equal(xmlrpc_member(got, 1, "address", v, sizeof v), "1 Main &lt;St&gt;");
    assert_string_equal(xmlrpc_member(got, 1, "email", v, sizeof v), "jane.doe@example.com");
    assert_string_equal(xmlrpc_member(got, 1, "phone", v, sizeof v), "+1 555 0100");
    assert_string_equal(xmlrpc_member(got, 1, "fax", v, sizeof v), "+1 555 0101");
    assert_string_equal(xmlrpc_member(got, 1, "city", v, sizeof v), "Reston");
    assert_string_equal(xmlrpc_member(got, 1, "zip", v, sizeof v), "20171");
    assert_string_equal(xmlrpc_member(got, 1, "state", v, sizeof v), "Virginia");
    assert_string_equal(xmlrpc_member(got, 1, "country", v, sizeof v), "US");
    assert_string_equal(xmlrpc_member(got, 1, "language", v, sizeof v), "en");
    assert_string_equal(xmlrpc_member(got, 1, "email_language", v, sizeof v), "it");
    assert_string_equal(got, want);
    assert_null(strstr(got, "sess-not-sent"));
    assert_null(strstr(got, "key-not-sent"));
    assert_null(strstr(got, "12.50"));
    assert_null(strstr(got, "Not For Plesk"));

    /* the Plesk arm of the union */
    assert_int_equal(res.provider, PROVKIT_PROVIDER_PLESK);
    assert_string_equal(res.as.plesk.client_id, "1401588");
    assert_string_equal(res.as.plesk.login, "JDOE_CLIENT_LOGIN");
    assert_string_equal(res.as.plesk.password, "JDOE_CLIENT_PASSWORD");
    assert_false(res.as.plesk.fault);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_ptr_equal(o, &res.as.plesk.outcome);
    assert_int_equal(o->status, PROVKIT_OK);
    assert_int_equal(o->category, PROVKIT_CAT_CREATED);
    assert_int_equal(o->code, 100);
    assert_true(o->request_sent);
}

static void test_plesk_optional_left_out_and_answers(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {"API_LOGIN", "API_PASS", NULL, NULL};
    a.login = NULL;  /* generated by the server */
    a.password = ""; /* "" is "not given" too */
    a.fax = NULL;
    a.language = NULL;
    a.email_language = NULL;
    reply(200, "text/xml",
          "<methodResponse><params><param><value><struct>"
          "<member><name>resultCode</name><value><i4>251</i4></value></member>"
          "<member><name>resultDesc</name><value><string>Login already exists</string></value>"
          "</member></struct></value></param></params></methodResponse>");
    int rc = provkit_create_account(PROVKIT_PROVIDER_PLESK, &client, &k_plesk_ep, &a, &cr, NULL,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_PROVIDER);
    sent_req_t r;
    char v[64];
    sent_request(&r);
    assert_null(xmlrpc_member(r.body, 1, "login", v, sizeof v));
    assert_null(xmlrpc_member(r.body, 1, "password", v, sizeof v));
    assert_null(xmlrpc_member(r.body, 1, "fax", v, sizeof v));
    assert_null(xmlrpc_member(r.body, 1, "language", v, sizeof v));
    assert_null(xmlrpc_member(r.body, 1, "email_language", v, sizeof v));
    assert_string_equal(xmlrpc_member(r.body, 1, "firstName", v, sizeof v), "Zoë");
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_int_equal(o->category, PROVKIT_CAT_EXISTS);
    assert_int_equal(o->code, 251);
    assert_string_equal(o->message, "Login already exists");
    assert_string_equal(res.as.plesk.client_id, "");

    /* a fault */
    setup(NULL);
    reply(200, "text/xml",
          "<methodResponse><fault><value><struct>"
          "<member><name>faultCode</name><value><int>4</int></value></member>"
          "<member><name>faultString</name><value><string>Too many parameters</string></value>"
          "</member></struct></value></fault></methodResponse>");
    rc = provkit_create_account(PROVKIT_PROVIDER_PLESK, &client, &k_plesk_ep, &a, &cr, NULL, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_ERR_FAULT);
    assert_true(res.as.plesk.fault);
    o = provkit_account_outcome(&res);
    assert_int_equal(o->status, PROVKIT_ERR_FAULT);
    assert_true(o->has_code);
    assert_int_equal(o->code, 4);
    assert_string_equal(o->message, "Too many parameters");

    /* a local refusal: US zip rule, nothing sent */
    setup(NULL);
    a.zip = "2017";
    rc = provkit_create_account(PROVKIT_PROVIDER_PLESK, &client, &k_plesk_ep, &a, &cr, NULL, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    o = provkit_account_outcome(&res);
    assert_int_equal(o->code, 441);
    assert_string_equal(o->field, "zip");
    assert_true(o->local);
    assert_int_equal(m.connect_calls, 0);
    assert_int_equal(m.sent_len, 0);

    /* no credentials: AuthInfo is required (400) */
    a.zip = "20171";
    rc = provkit_create_account(PROVKIT_PROVIDER_PLESK, &client, &k_plesk_ep, &a, NULL, NULL, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o->code, 400);
    assert_int_equal(m.sent_len, 0);

    /* skip_validation sends the zip as given */
    provkit_account_options_t op;
    memset(&op, 0, sizeof op);
    op.skip_validation = true;
    a.zip = "2017";
    reply(200, "text/xml", k_plesk_ok);
    rc = provkit_create_account(PROVKIT_PROVIDER_PLESK, &client, &k_plesk_ep, &a, &cr, &op, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_OK);
    sent_request(&r);
    assert_string_equal(xmlrpc_member(r.body, 1, "zip", v, sizeof v), "2017");
}

/* ---- SMS Partner ---------------------------------------------------------- */

static const char k_sms_ok[] =
    "{\"success\":true,\"code\":200,\"subaccount\":{\"email\":\"aaaa@bbb.ccc\",\"token\":\"tok\"},"
    "\"sendConfirmMailTo\":\"confirm@bbb.ccc\",\"parent_email\":\"emailparent@ddd.eee\"}";

static void sms_body(const char *want)
{
    sent_req_t r;
    sent_request(&r);
    char got[2048];
    assert_true(r.body_len < sizeof got);
    memcpy(got, r.body, r.body_len);
    got[r.body_len] = '\0';
    assert_string_equal(got, want);
}

static void test_sms_mapping(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    a.display_name = "Not For SMS";
    a.last_name = "Do\"e";
    provkit_credentials_t cr = {"login-not-sent", "pass-not-sent", "sess-not-sent", "KEY\\1"};
    reply(200, "application/json", k_sms_ok);
    int rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a, &cr, NULL,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_OK);
    sent_req_t r;
    char hv[128];
    sent_request(&r);
    assert_string_equal(r.line, "POST /v1/subaccount/create HTTP/1.1");
    sent_header(&r, "Content-Type", hv, sizeof hv);
    assert_string_equal(hv, "application/json");
    sent_header(&r, "Accept", hv, sizeof hv);
    assert_string_equal(hv, "application/json");
    /* with an e-mail the type defaults to advanced; isBuyer to 0; credit is
     * a number; login, password and Plesk fields are not sent */
    sms_body("{\"apiKey\":\"KEY\\\\1\",\"type\":\"advanced\",\"parameters\":{"
             "\"email\":\"jane.doe@example.com\",\"creditToAttribute\":12.50,\"isBuyer\":0,"
             "\"firstname\":\"Zoë\",\"lastname\":\"Do\\\"e\"}}");

    assert_int_equal(res.provider, PROVKIT_PROVIDER_SMSPARTNER);
    assert_true(res.as.smspartner.success);
    assert_string_equal(res.as.smspartner.email, "aaaa@bbb.ccc");
    assert_string_equal(res.as.smspartner.token, "tok");
    assert_string_equal(res.as.smspartner.send_confirm_mail_to, "confirm@bbb.ccc");
    assert_string_equal(res.as.smspartner.parent_email, "emailparent@ddd.eee");
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_ptr_equal(o, &res.as.smspartner.outcome);
    assert_int_equal(o->status, PROVKIT_OK);
    assert_int_equal(o->category, PROVKIT_CAT_CREATED);
    assert_int_equal(o->code, 200);
    assert_true(o->request_sent);
}

static void test_sms_defaults_and_options(void **state)
{
    (void)state;
    provkit_account_t a;
    memset(&a, 0, sizeof a);
    provkit_credentials_t cr = {NULL, NULL, NULL, "k"};
    provkit_account_options_t op;
    memset(&op, 0, sizeof op);

    /* no e-mail: simple; no names, no credit: only isBuyer in parameters */
    reply(200, "application/json", k_sms_ok);
    assert_int_equal(provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a,
                                            &cr, &op, &ws, &res),
                     PROVKIT_OK);
    sms_body("{\"apiKey\":\"k\",\"type\":\"simple\",\"parameters\":{\"isBuyer\":0}}");

    /* sms_type and is_buyer given: sent as given */
    setup(NULL);
    reply(200, "application/json", k_sms_ok);
    a.email = "a@b.cc";
    a.first_name = "Jane";
    op.sms_type = "simple";
    op.is_buyer = "1";
    op.format = "json";
    assert_int_equal(provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a,
                                            &cr, &op, &ws, &res),
                     PROVKIT_OK);
    sms_body("{\"apiKey\":\"k\",\"type\":\"simple\",\"parameters\":{\"email\":\"a@b.cc\","
             "\"isBuyer\":1,\"firstname\":\"Jane\"}}");
    sent_req_t r;
    sent_request(&r);
    /* _format=json is the default: the URL is left alone */
    assert_string_equal(r.line, "POST /v1/subaccount/create HTTP/1.1");

    /* advanced without an e-mail: refused locally (code 6), nothing sent */
    setup(NULL);
    reply(200, "application/json", k_sms_ok);
    a.email = NULL;
    op.sms_type = "advanced";
    int rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a, &cr, &op,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_int_equal(o->code, 6);
    assert_string_equal(o->field, "email");
    assert_true(o->local);
    assert_false(o->request_sent);
    assert_int_equal(m.connect_calls, 0);
    assert_int_equal(m.sent_len, 0);

    /* no credentials: apiKey is required (code 1), nothing sent */
    rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a, NULL, NULL,
                                &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o->code, 1);
    assert_int_equal(m.sent_len, 0);

    /* a bad isBuyer is refused (3) unless validation is skipped */
    op.sms_type = NULL;
    op.is_buyer = "2";
    rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a, &cr, &op, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_ERR_INVALID_FIELD);
    assert_int_equal(o->code, 3);
    assert_int_equal(m.sent_len, 0);
    op.skip_validation = true;
    rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a, &cr, &op, &ws,
                                &res);
    assert_int_equal(rc, PROVKIT_OK);
    sms_body("{\"apiKey\":\"k\",\"type\":\"simple\",\"parameters\":{\"isBuyer\":2,"
             "\"firstname\":\"Jane\"}}");
}

static const char k_sms_xml_ok[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<result>\n  <entry>true</entry>\n"
    "  <entry>200</entry>\n  <entry>\n    <entry><![CDATA[aaaa@bbb.ccc]]></entry>\n"
    "    <entry><![CDATA[token]]></entry>\n  </entry>\n"
    "  <entry><![CDATA[aaaa@bbb.ccc]]></entry>\n"
    "  <entry><![CDATA[emailparent@ddd.eee]]></entry>\n</result>";

static void sms_xml_at_ep(const provkit_endpoint_t *ep, const char *want_line, const char *fmt);

static void sms_xml_at(const char *url, const char *want_line, const char *fmt)
{
    provkit_endpoint_t ep = {.url = url, .timeout_ms = 5000};
    sms_xml_at_ep(&ep, want_line, fmt);
    /* the same through an endpoint whose URL was parsed once */
    assert_int_equal(provkit_endpoint_init(&ep, url, 5000), PROVKIT_OK);
    assert_non_null(ep.parsed.host);
    sms_xml_at_ep(&ep, want_line, fmt);
}

static void sms_xml_at_ep(const provkit_endpoint_t *ep, const char *want_line, const char *fmt)
{
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, NULL, "k"};
    provkit_account_options_t op;
    memset(&op, 0, sizeof op);
    op.format = fmt;
    setup(NULL);
    reply(200, "application/xml", k_sms_xml_ok);
    assert_int_equal(provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, ep, &a, &cr,
                                            &op, &ws, &res),
                     PROVKIT_OK);
    sent_req_t r;
    char hv[64];
    sent_request(&r);
    assert_string_equal(r.line, want_line);
    sent_header(&r, "Accept", hv, sizeof hv);
    assert_string_equal(hv, "application/xml");
    /* _format is in the URL only, never in the JSON body */
    assert_null(strstr(r.body, "_format"));
    assert_null(strstr(r.body, "xml"));
    assert_string_equal(res.as.smspartner.email, "aaaa@bbb.ccc");
    assert_string_equal(res.as.smspartner.token, "token");
    assert_string_equal(res.as.smspartner.send_confirm_mail_to, "aaaa@bbb.ccc");
    assert_string_equal(res.as.smspartner.parent_email, "emailparent@ddd.eee");
    assert_int_equal(provkit_account_outcome(&res)->status, PROVKIT_OK);
    teardown(NULL);
}

/* An endpoint set up once: its URL is parsed by provkit_endpoint_init and
 * never again; a URL provkit cannot use is refused there. */
static void test_endpoint_init(void **state)
{
    (void)state;
    provkit_endpoint_t ep;
    assert_int_equal(provkit_endpoint_init(&ep, "https://[::1]:7050/RPC2?x=1", 9000), PROVKIT_OK);
    assert_int_equal(ep.timeout_ms, 9000);
    assert_int_equal(ep.parsed.port, 7050);
    assert_true(ep.parsed.tls);
    assert_true(ep.parsed.host_ipv6);
    assert_memory_equal(ep.parsed.host, "::1", 3);
    assert_int_equal(ep.parsed.host_len, 3);
    assert_int_equal(provkit_endpoint_init(&ep, "ftp://h/", 1), PROVKIT_ERR_URL);
    assert_null(ep.parsed.host);
    assert_int_equal(provkit_endpoint_init(NULL, "http://h/", 1), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_endpoint_init(&ep, NULL, 1), PROVKIT_ERR_ARG);
}

static void test_sms_format_xml(void **state)
{
    (void)state;
    sms_xml_at("http://api.sms.example/v1/subaccount/create",
               "POST /v1/subaccount/create?_format=xml HTTP/1.1", "xml");
    sms_xml_at("http://api.sms.example/v1/subaccount/create?lang=it",
               "POST /v1/subaccount/create?lang=it&_format=xml HTTP/1.1", "XML");
    sms_xml_at("http://api.sms.example", "POST /?_format=xml HTTP/1.1", "Xml");
}

static void test_sms_error_answer(void **state)
{
    (void)state;
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, NULL, "wrong"};
    reply(400, "application/json",
          "{\"success\":false,\"code\":10,\"message\":\"Cl\xC3\xA9 API incorrecte\"}");
    int rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a, &cr, NULL,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_PROVIDER);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_int_equal(o->status, PROVKIT_ERR_PROVIDER);
    assert_int_equal(o->category, PROVKIT_CAT_AUTH_FAILED);
    assert_int_equal(o->code, 10);
    assert_int_equal(o->http_status, 400);
    assert_string_equal(o->message, "Cl\xC3\xA9 API incorrecte");
    assert_false(res.as.smspartner.success);
    assert_string_equal(res.as.smspartner.email, "");
    assert_string_equal(res.as.smspartner.token, "");
}

/* ---- the answer lost after sending ------------------------------------- */

static void lost_answer(provkit_provider_t p, const provkit_endpoint_t *ep, const char *marker)
{
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {"API_LOGIN", "API_PASS", "sess", "key"};
    setup(NULL);
    m.reply = NULL; /* the peer closes once the request is in */
    int rc = provkit_create_account(p, &client, ep, &a, &cr, NULL, &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_OUTCOME_UNKNOWN);
    const provkit_outcome_t *o = provkit_account_outcome(&res);
    assert_int_equal(o->status, PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_true(o->request_sent);
    assert_int_equal(o->category, PROVKIT_CAT_NONE);
    assert_false(o->has_code);
    assert_int_equal(o->http_status, 0);
    assert_int_not_equal(o->cause, PROVKIT_OK);
    assert_non_null(strstr(o->message, "the account may exist"));
    /* sent exactly once: one connection, one request line, one body */
    assert_int_equal(m.connect_calls, 1);
    assert_int_equal(sent_count(" HTTP/1.1\r\n"), 1);
    assert_int_equal(sent_count(marker), 1);
    sent_req_t r;
    sent_request(&r); /* and it was whole: body length = Content-Length */
    teardown(NULL);
}

static void test_outcome_unknown(void **state)
{
    (void)state;
    lost_answer(PROVKIT_PROVIDER_OEMPRO, &k_oempro_ep, "Command=Client.Create");
    lost_answer(PROVKIT_PROVIDER_PLESK, &k_plesk_ep, "partner10.createClient");
    lost_answer(PROVKIT_PROVIDER_SMSPARTNER, &k_sms_ep, "\"apiKey\"");
}

/* ---- regressions found by tests/fuzz/fuzz_providers (fixed in a01a0eb) ---- */

/* An <entry> holding text longer than the result field and then a child
 * element is not an answer (a 200 that is not an answer: outcome unknown),
 * but the result's text fields must still be NUL-terminated strings. */
static void test_sms_xml_bad_answer_leaves_strings_terminated(void **state)
{
    (void)state;
    static char body[1024];
    char text[301];
    memset(text, 'a', 300);
    text[300] = '\0';
    snprintf(body, sizeof body,
             "<result><entry>true</entry><entry>200</entry><entry><entry>a@b.cc</entry>"
             "<entry>tok</entry></entry><entry>%s<x/></entry><entry>p@d.ee</entry></result>",
             text);
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {NULL, NULL, NULL, "k"};
    provkit_account_options_t op;
    memset(&op, 0, sizeof op);
    op.format = "xml";
    reply(200, "application/xml", body);
    int rc = provkit_create_account(PROVKIT_PROVIDER_SMSPARTNER, &client, &k_sms_ep, &a, &cr, &op,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(provkit_account_outcome(&res)->cause, PROVKIT_ERR_PROTOCOL);
    const provkit_smspartner_result_t *s = &res.as.smspartner;
    assert_false(s->success);
    assert_non_null(memchr(s->email, '\0', sizeof s->email));
    assert_non_null(memchr(s->token, '\0', sizeof s->token));
    assert_non_null(memchr(s->parent_email, '\0', sizeof s->parent_email));
    assert_non_null(memchr(s->send_confirm_mail_to, '\0', sizeof s->send_confirm_mail_to));
}

static void test_plesk_bad_answer_leaves_strings_terminated(void **state)
{
    (void)state;
    static char body[1024];
    char text[301];
    memset(text, 'a', 300);
    text[300] = '\0';
    snprintf(body, sizeof body,
             "<methodResponse><params><param><value><struct>"
             "<member><name>resultCode</name><value><int>100</int></value></member>"
             "<member><name>login</name><value>%s<x/></value></member>"
             "</struct></value></param></params></methodResponse>",
             text);
    provkit_account_t a = full_account();
    provkit_credentials_t cr = {"API_LOGIN", "API_PASS", NULL, NULL};
    reply(200, "text/xml", body);
    int rc = provkit_create_account(PROVKIT_PROVIDER_PLESK, &client, &k_plesk_ep, &a, &cr, NULL,
                                    &ws, &res);
    assert_int_equal(rc, PROVKIT_ERR_OUTCOME_UNKNOWN);
    assert_int_equal(provkit_account_outcome(&res)->cause, PROVKIT_ERR_PROTOCOL);
    const provkit_plesk_result_t *p = &res.as.plesk;
    assert_non_null(memchr(p->client_id, '\0', sizeof p->client_id));
    assert_non_null(memchr(p->login, '\0', sizeof p->login));
    assert_non_null(memchr(p->password, '\0', sizeof p->password));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_provider_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_null_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oempro_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oempro_client_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oempro_client_name_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oempro_missing_name_is_code_1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oempro_xml_and_refusal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oempro_local_refusal_and_skip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plesk_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secrets_wiped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plesk_optional_left_out_and_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sms_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sms_defaults_and_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sms_format_xml, setup, teardown),
        cmocka_unit_test(test_endpoint_init),
        cmocka_unit_test_setup_teardown(test_sms_error_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outcome_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sms_xml_bad_answer_leaves_strings_terminated, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_plesk_bad_answer_leaves_strings_terminated, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("account", tests, NULL, NULL);
}
