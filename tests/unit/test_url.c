/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the endpoint URL parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/url.h"

typedef struct good {
    const char *url;
    const char *host;
    uint16_t port;
    bool tls;
    bool ipv6;
    const char *path;
    const char *query; /* NULL: none */
} good_t;

static const good_t k_good[] = {
    { "https://api.example.com/v1/subaccount/create", "api.example.com", 443,
      true, false, "/v1/subaccount/create", NULL },
    { "http://example.com", "example.com", 80, false, false, "/", NULL },
    { "HTTPS://Example.COM:7050/RPC2", "Example.COM", 7050, true, false,
      "/RPC2", NULL },
    { "https://h/api.php?_format=xml&a=b", "h", 443, true, false, "/api.php",
      "_format=xml&a=b" },
    { "https://h?x=1", "h", 443, true, false, "/", "x=1" },
    { "https://h/x?", "h", 443, true, false, "/x", "" },
    { "https://h:443/", "h", 443, true, false, "/", NULL },
    { "http://127.0.0.1:8080/a", "127.0.0.1", 8080, false, false, "/a", NULL },
    { "http://0.0.0.0/", "0.0.0.0", 80, false, false, "/", NULL },
    { "http://255.255.255.255/", "255.255.255.255", 80, false, false, "/",
      NULL },
    { "https://[::1]:8443/p", "::1", 8443, true, true, "/p", NULL },
    { "https://[2001:db8::a:b]", "2001:db8::a:b", 443, true, true, "/", NULL },
    { "https://[::ffff:192.0.2.1]/", "::ffff:192.0.2.1", 443, true, true, "/",
      NULL },
    { "http://[1:2:3:4:5:6:7:8]/", "1:2:3:4:5:6:7:8", 80, false, true, "/",
      NULL },
    { "http://[::]/", "::", 80, false, true, "/", NULL },
    { "http://h:1/", "h", 1, false, false, "/", NULL },
    { "http://h:65535/", "h", 65535, false, false, "/", NULL },
    { "http://h:00080/", "h", 80, false, false, "/", NULL },
    { "http://my_host-1.local~x/", "my_host-1.local~x", 80, false, false, "/",
      NULL },
    { "https://h/a%20b/c;d=e?q=%2F", "h", 443, true, false, "/a%20b/c;d=e",
      "q=%2F" },
    { "http://1.2.3.4.example/", "1.2.3.4.example", 80, false, false, "/",
      NULL },
};

static const char *const k_bad[] = {
    "",
    "https:",
    "https://",
    "https:///path",
    "ftp://h/",
    "https:/h/",
    "httpx://h/",
    "https//h/",
    "https://user@h/",
    "https://user:pw@h/",
    "https://h/#frag",
    "https://h/p?q#f",
    "https://h/a b",
    "https://h/a\tb",
    "https://h/\x7f",
    "https://h/\xc3\xa9",
    "https://h/\r\nX: y",
    "https://h\r\n/",
    "https://h:/",
    "https://h:0/",
    "https://h:65536/",
    "https://h:99999999999999999999/",
    "https://h:8a/",
    "https://h:-1/",
    "https://:80/",
    "https://h%2e/",
    "https://h!/",
    "https://[::1/",
    "https://[::1]x/",
    "https://[]/",
    "https://[:]/",
    "https://[fe80::1%25eth0]/",
    "https://[g::1]/",
    "https://[1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16]/",
    "https://[12345::1]/",
    "https://[1::2::3]/",
    "https://[1:2:3:4:5:6:7:8:9]/",
    "https://[::ffff:1.2.3]/",
    "https://[::ffff:1a.2.3.4]/",
    "https://[::1.2.3.4:5]/",
    "https://256.1.1.1/",
    "https://1.2.3/",
    "https://1.2.3.4.5/",
    "https://01.2.3.4/",
    "https://1..3.4/",
    "https://1.2.3.4./",
    "https://1234.2.3.4/",
    "https://12345/",
    /* malformed percent-escapes are refused, not sent as they are */
    "https://h/a%",
    "https://h/a%2",
    "https://h/a%zz",
    "https://h/%G0/x",
    "https://h/p?q=%",
    "https://h/p?q=%4",
    "https://h/p?q=1%2x",
};

static void test_good(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof k_good / sizeof k_good[0]; i++) {
        const good_t *g = &k_good[i];
        provkit_url_t u;
        char host[PROVKIT_URL_HOST_MAX];
        print_message("url: %s\n", g->url);
        assert_int_equal(provkit_url_parse(&u, g->url, strlen(g->url), host,
                                           sizeof host),
                         PROVKIT_OK);
        assert_string_equal(host, g->host);
        assert_int_equal(u.host_len, strlen(g->host));
        assert_memory_equal(u.host, g->host, u.host_len);
        assert_int_equal(u.port, g->port);
        assert_int_equal(u.tls, g->tls);
        assert_int_equal(u.host_ipv6, g->ipv6);
        assert_int_equal(u.path_len, strlen(g->path));
        assert_memory_equal(u.path, g->path, u.path_len);
        if (g->query == NULL) {
            assert_null(u.query);
            assert_int_equal(u.query_len, 0);
        } else {
            assert_non_null(u.query);
            assert_int_equal(u.query_len, strlen(g->query));
            assert_memory_equal(u.query, g->query, u.query_len);
        }
        assert_int_equal(provkit_url_default_port(&u), g->tls ? 443 : 80);
    }
}

static void test_bad(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof k_bad / sizeof k_bad[0]; i++) {
        provkit_url_t u;
        char host[PROVKIT_URL_HOST_MAX];
        memset(&u, 0x5a, sizeof u);
        memcpy(host, "junk", 5);
        print_message("bad url: %s\n", k_bad[i]);
        assert_int_equal(provkit_url_parse(&u, k_bad[i], strlen(k_bad[i]),
                                           host, sizeof host),
                         PROVKIT_ERR_URL);
        assert_string_equal(host, "");
        assert_null(u.host);
        assert_int_equal(u.port, 0);
    }
}

static void test_nul_inside(void **state)
{
    static const char url[] = "https://h/a\0b";
    provkit_url_t u;
    (void)state;
    assert_int_equal(provkit_url_parse(&u, url, sizeof url - 1, NULL, 0),
                     PROVKIT_ERR_URL);
    /* len bounds the parse: the bytes after it are not looked at. */
    assert_int_equal(provkit_url_parse(&u, url, 11, NULL, 0), PROVKIT_OK);
    assert_int_equal(u.path_len, 2);
}

static void test_host_buffer(void **state)
{
    char name[300];
    char url[320];
    char host[PROVKIT_URL_HOST_MAX];
    provkit_url_t u;
    (void)state;
    /* 253 is the longest name accepted, and fits PROVKIT_URL_HOST_MAX. */
    memset(name, 'a', 253);
    name[253] = '\0';
    strcpy(url, "https://");
    strcat(url, name);
    assert_int_equal(provkit_url_parse(&u, url, strlen(url), host, sizeof host),
                     PROVKIT_OK);
    assert_int_equal(strlen(host), 253);
    strcat(url, "a");
    assert_int_equal(provkit_url_parse(&u, url, strlen(url), host, sizeof host),
                     PROVKIT_ERR_URL);

    /* The host buffer needs host_len + 1. */
    assert_int_equal(provkit_url_parse(&u, "http://abcd/", 12, host, 5),
                     PROVKIT_OK);
    assert_string_equal(host, "abcd");
    assert_int_equal(provkit_url_parse(&u, "http://abcd/", 12, host, 4),
                     PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_string_equal(host, "");
    assert_null(u.host);
    /* Without a host buffer only the spans are filled. */
    assert_int_equal(provkit_url_parse(&u, "http://abcd/", 12, NULL, 0),
                     PROVKIT_OK);
    assert_int_equal(u.host_len, 4);
}

static void test_args(void **state)
{
    provkit_url_t u;
    char host[8];
    (void)state;
    assert_int_equal(provkit_url_parse(NULL, "http://h/", 9, host, sizeof host),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_url_parse(&u, NULL, 9, host, sizeof host),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_url_parse(&u, "http://h/", 9, NULL, 8),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_url_parse(&u, "http://h/", 9, host, 0),
                     PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(provkit_url_default_port(NULL), 80);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_nul_inside),
        cmocka_unit_test(test_host_buffer),
        cmocka_unit_test(test_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
