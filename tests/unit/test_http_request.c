/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the HTTP/1.1 request head writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http_wire.h"

static char out[1024];

static int head(const char *url, const char *method, const char *ct,
                const char *accept, uint64_t cl, bool keep)
{
    provkit_url_t u;
    provkit_writer_t w;
    provkit_http_request_t req;
    int rc;
    assert_int_equal(provkit_url_parse(&u, url, strlen(url), NULL, 0),
                     PROVKIT_OK);
    memset(&req, 0, sizeof req);
    req.method = method;
    req.url = &u;
    req.content_type = ct;
    req.accept = accept;
    req.content_length = cl;
    req.keep_alive = keep;
    memset(out, 0, sizeof out);
    provkit_writer_init(&w, out, sizeof out);
    rc = provkit_http_write_request_head(&w, &req);
    if (rc == PROVKIT_OK) {
        rc = provkit_writer_finish(&w);
    } else {
        /* Refused before a byte was appended. */
        assert_int_equal(provkit_writer_total(&w), 0);
    }
    return rc;
}

static void test_exact_bytes(void **state)
{
    (void)state;
    assert_int_equal(head("https://api.example.com/v1/subaccount/create"
                          "?_format=xml",
                          NULL, "application/json", "application/json", 42,
                          true),
                     PROVKIT_OK);
    assert_string_equal(out,
                        "POST /v1/subaccount/create?_format=xml HTTP/1.1\r\n"
                        "Host: api.example.com\r\n"
                        "User-Agent: provkit/0.1\r\n"
                        "Accept: application/json\r\n"
                        "Content-Type: application/json\r\n"
                        "Content-Length: 42\r\n"
                        "Connection: keep-alive\r\n"
                        "\r\n");

    assert_int_equal(head("http://h:8080", "PUT", NULL, NULL, 0, false),
                     PROVKIT_OK);
    assert_string_equal(out, "PUT / HTTP/1.1\r\n"
                             "Host: h:8080\r\n"
                             "User-Agent: provkit/0.1\r\n"
                             "Accept: */*\r\n"
                             "Content-Length: 0\r\n"
                             "Connection: close\r\n"
                             "\r\n");

    assert_int_equal(head("https://[::1]:7050/RPC2?", NULL,
                          "text/xml; charset=utf-8", NULL,
                          18446744073709551615u, true),
                     PROVKIT_OK);
    assert_string_equal(out, "POST /RPC2? HTTP/1.1\r\n"
                             "Host: [::1]:7050\r\n"
                             "User-Agent: provkit/0.1\r\n"
                             "Accept: */*\r\n"
                             "Content-Type: text/xml; charset=utf-8\r\n"
                             "Content-Length: 18446744073709551615\r\n"
                             "Connection: keep-alive\r\n"
                             "\r\n");
}

/* A parameter the call adds to the endpoint's parsed URL: after its query
 * with '&', or as the query with '?'; checked like the URL's own bytes. */
static void test_query_extra(void **state)
{
    (void)state;
    static const struct {
        const char *url, *extra, *line;
    } ok[] = {
        {"https://h/v1/create", "_format=xml", "POST /v1/create?_format=xml HTTP/1.1\r\n"},
        {"https://h/v1/create?a=1", "_format=xml", "POST /v1/create?a=1&_format=xml HTTP/1.1\r\n"},
        {"https://h/v1/create?", "_format=xml", "POST /v1/create?&_format=xml HTTP/1.1\r\n"},
        {"https://h", "_format=xml", "POST /?_format=xml HTTP/1.1\r\n"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        provkit_url_t u;
        provkit_writer_t w;
        provkit_http_request_t req;
        assert_int_equal(provkit_url_parse(&u, ok[i].url, strlen(ok[i].url), NULL, 0), PROVKIT_OK);
        memset(&req, 0, sizeof req);
        req.url = &u;
        req.query_extra = ok[i].extra;
        memset(out, 0, sizeof out);
        provkit_writer_init(&w, out, sizeof out);
        assert_int_equal(provkit_http_write_request_head(&w, &req), PROVKIT_OK);
        assert_memory_equal(out, ok[i].line, strlen(ok[i].line));
    }
    static const char *const bad[] = {"", "a b", "a\r\nX: 1", "a#b", "\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        provkit_url_t u;
        provkit_writer_t w;
        provkit_http_request_t req;
        assert_int_equal(provkit_url_parse(&u, "https://h/p", 11, NULL, 0), PROVKIT_OK);
        memset(&req, 0, sizeof req);
        req.url = &u;
        req.query_extra = bad[i];
        provkit_writer_init(&w, out, sizeof out);
        assert_int_equal(provkit_http_write_request_head(&w, &req), PROVKIT_ERR_URL);
        assert_int_equal(provkit_writer_total(&w), 0);
    }
}

static void test_default_ports_omitted(void **state)
{
    (void)state;
    assert_int_equal(head("https://h:443/x", NULL, NULL, NULL, 1, true),
                     PROVKIT_OK);
    assert_non_null(strstr(out, "\r\nHost: h\r\n"));
    assert_int_equal(head("http://h:80/x", NULL, NULL, NULL, 1, true),
                     PROVKIT_OK);
    assert_non_null(strstr(out, "\r\nHost: h\r\n"));
    /* Port 80 over https and 443 over http are not defaults. */
    assert_int_equal(head("https://h:80/x", NULL, NULL, NULL, 1, true),
                     PROVKIT_OK);
    assert_non_null(strstr(out, "\r\nHost: h:80\r\n"));
    assert_int_equal(head("http://[::1]:443/x", NULL, NULL, NULL, 1, true),
                     PROVKIT_OK);
    assert_non_null(strstr(out, "\r\nHost: [::1]:443\r\n"));
    assert_int_equal(head("http://[::1]/x", NULL, NULL, NULL, 1, true),
                     PROVKIT_OK);
    assert_non_null(strstr(out, "\r\nHost: [::1]\r\n"));
}

static void test_injection_refused(void **state)
{
    static const char *const bad_values[] = {
        "text/xml\r\nX-Injected: 1", "text/xml\n", "text/xml\r", "a\tb",
        " text/xml", "text/xml ", "a  b", "", "a\x7f", "a\x01", "caf\xc3\xa9",
    };
    static const char *const bad_methods[] = {
        "", "PO ST", "POST\r\n", "GET /x", "P\x01", "P(", "P\xc3\xa9",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        assert_int_equal(head("https://h/", NULL, bad_values[i], NULL, 0, true),
                         PROVKIT_ERR_ARG);
        assert_int_equal(head("https://h/", NULL, NULL, bad_values[i], 0, true),
                         PROVKIT_ERR_ARG);
    }
    for (i = 0; i < sizeof bad_methods / sizeof bad_methods[0]; i++) {
        assert_int_equal(head("https://h/", bad_methods[i], NULL, NULL, 0, true),
                         PROVKIT_ERR_ARG);
    }
    /* Odd but legal tokens pass. */
    assert_int_equal(head("https://h/", "M-SEARCH!#$%&'*+.^_`|~9", NULL, NULL,
                          0, true),
                     PROVKIT_OK);
}

/* A hand-built URL struct gets the same checks as a parsed one. */
static void test_hand_built_url(void **state)
{
    provkit_url_t u;
    provkit_http_request_t req;
    provkit_writer_t w;
    char buf[256];
    (void)state;
    memset(&req, 0, sizeof req);
    req.url = &u;

#define TRY(expect)                                                            \
    do {                                                                       \
        provkit_writer_init(&w, buf, sizeof buf);                              \
        assert_int_equal(provkit_http_write_request_head(&w, &req), expect);  \
        if ((expect) != PROVKIT_OK) {                                          \
            assert_int_equal(provkit_writer_total(&w), 0);                     \
        }                                                                      \
    } while (0)

    memset(&u, 0, sizeof u);
    u.host = "h";
    u.host_len = 1;
    u.path = "/";
    u.path_len = 1;
    u.port = 80;
    TRY(PROVKIT_OK);

    u.path = "/a\r\nX: y";
    u.path_len = strlen(u.path);
    TRY(PROVKIT_ERR_URL);
    u.path = "/a b";
    u.path_len = 4;
    TRY(PROVKIT_ERR_URL);
    u.path = "/a#b";
    TRY(PROVKIT_ERR_URL);
    u.path = "a";
    u.path_len = 1;
    TRY(PROVKIT_ERR_URL);
    u.path = NULL;
    TRY(PROVKIT_ERR_URL);
    u.path = "/";
    u.path_len = 0;
    TRY(PROVKIT_ERR_URL);
    u.path_len = 1;

    u.query = "a=1\nb";
    u.query_len = 5;
    TRY(PROVKIT_ERR_URL);
    u.query = "a=1";
    u.query_len = 3;
    TRY(PROVKIT_OK);
    u.query = NULL;
    u.query_len = 0;

    u.host = "h\r\nX: y";
    u.host_len = strlen(u.host);
    TRY(PROVKIT_ERR_URL);
    u.host = "h\0x";
    u.host_len = 3;
    TRY(PROVKIT_ERR_URL);
    u.host = "::1";
    u.host_len = 3;
    TRY(PROVKIT_ERR_URL); /* a colon is only allowed in a bracketed host */
    u.host_ipv6 = true;
    TRY(PROVKIT_OK);
    u.host = "::1]\r\n";
    u.host_len = strlen(u.host);
    TRY(PROVKIT_ERR_URL);
    u.host = "";
    u.host_len = 0;
    TRY(PROVKIT_ERR_URL);
    u.host = "h";
    u.host_len = 1;
    u.host_ipv6 = false;
    u.port = 0;
    TRY(PROVKIT_ERR_URL);
#undef TRY
}

static void test_writer_errors(void **state)
{
    provkit_url_t u;
    provkit_http_request_t req;
    provkit_writer_t w;
    char small[16];
    size_t needed;
    (void)state;
    assert_int_equal(provkit_url_parse(&u, "https://h/p", 11, NULL, 0),
                     PROVKIT_OK);
    memset(&req, 0, sizeof req);
    req.url = &u;
    req.content_length = 5;
    req.keep_alive = true;

    /* Counting mode gives the exact size; buffer mode reports overflow. */
    provkit_writer_init(&w, NULL, 0);
    assert_int_equal(provkit_http_write_request_head(&w, &req), PROVKIT_OK);
    needed = provkit_writer_total(&w);
    provkit_writer_init(&w, small, sizeof small);
    assert_int_equal(provkit_http_write_request_head(&w, &req),
                     PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(provkit_writer_total(&w), needed);

    assert_int_equal(provkit_http_write_request_head(NULL, &req),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_http_write_request_head(&w, NULL),
                     PROVKIT_ERR_ARG);
    req.url = NULL;
    assert_int_equal(provkit_http_write_request_head(&w, &req),
                     PROVKIT_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_bytes),
        cmocka_unit_test(test_query_extra),
        cmocka_unit_test(test_default_ports_omitted),
        cmocka_unit_test(test_injection_refused),
        cmocka_unit_test(test_hand_built_url),
        cmocka_unit_test(test_writer_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
