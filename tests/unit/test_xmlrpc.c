/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xmlrpc.c - the XML-RPC writer and reader against the Plesk seed
 * (001): the request built from its fields, the response decoded field by
 * field, faults, value types, skipping, limits and hostile values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "provkit/config.h"
#include "provkit/plesk.h"
#include "seed_plesk.h"
#include "xmlrpc.h"

/* The caller's faultString buffer in these tests. */
#define FAULT_TEXT_MAX 256

#define SEED001 PROVKIT_TEST_SOURCE_DIR "/tests/vectors/001-plesk-xml-examples.txt"

static char seed[16384];
static size_t seed_len;

/* The seed's examples with the page's <em> markup and the white space
 * between tags removed: the shape our writer must produce. */
static size_t normalise(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0;
    size_t k = 0;

    while (i < n && k + 1 < cap) {
        if (strncmp(s + i, "<em>", 4) == 0) {
            i += 4;
        } else if (strncmp(s + i, "</em>", 5) == 0) {
            i += 5;
        } else if (s[i] == '>') {
            out[k++] = s[i++];
            size_t j = i;

            while (j < n && (s[j] == ' ' || s[j] == '\n' || s[j] == '\r' || s[j] == '\t')) {
                j++;
            }
            if (j < n && s[j] == '<') {
                i = j;
            }
        } else {
            out[k++] = s[i++];
        }
    }
    out[k] = '\0';
    return k;
}

/* Extract the example ending with endtag, from its "<?xml" (the last one
 * before endtag) to the end of endtag. */
static size_t seed_block(const char *endtag, char *out, size_t cap)
{
    const char *next;
    const char *start;
    const char *end;

    if (seed_len == 0) {
        FILE *f = fopen(SEED001, "rb");

        assert_non_null(f);
        seed_len = fread(seed, 1, sizeof seed - 1, f);
        fclose(f);
        seed[seed_len] = '\0';
    }
    end = strstr(seed, endtag);
    assert_non_null(end);
    start = strstr(seed, "<?xml");
    assert_non_null(start);
    while ((next = strstr(start + 1, "<?xml")) != NULL && next < end) {
        start = next;
    }
    return normalise(start, (size_t)(end - start) + strlen(endtag), out, cap);
}

/* The seed's request, written by the Plesk body writer (the markup is its
 * own: the XML-RPC writer it used to call is gone). */
static int write_seed_request(provkit_writer_t *w)
{
    provkit_plesk_request_t r = seed_plesk_request();
    return provkit_plesk_write_body(&r, w);
}

typedef struct sink {
    char data[8192];
    size_t len;
} sink_t;

static int collect(void *ctx, const char *data, size_t len)
{
    sink_t *s = ctx;

    assert_true(s->len + len <= sizeof s->data);
    memcpy(s->data + s->len, data, len);
    s->len += len;
    return PROVKIT_OK;
}

static void test_seed_request(void **state)
{
    char want[8192];
    char got[8192];
    char small[16];
    char norm[8192];
    size_t want_len = seed_block("</methodCall>", want, sizeof want);
    provkit_writer_t w;
    sink_t s;
    size_t n;
    (void)state;

    provkit_writer_init(&w, got, sizeof got);
    assert_int_equal(write_seed_request(&w), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    n = provkit_writer_total(&w);
    /* Same shape as the seed once white space between tags is ignored. */
    assert_int_equal(got[n - 1], '\n');
    assert_int_equal(normalise(got, n - 1, norm, sizeof norm), want_len);
    assert_string_equal(norm, want);
    assert_memory_equal(got, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall>", 51);
#ifdef PROVKIT_TEST_BINARY_DIR
    /* For the xml.xmlrpc.python_loads ctest: Python's own parser reads it. */
    {
        FILE *f = fopen(PROVKIT_TEST_BINARY_DIR "/tests/xmlrpc_seed_call.xml", "wb");

        if (f != NULL) {
            assert_int_equal(fwrite(got, 1, n, f), n);
            fclose(f);
        }
    }
#endif

    /* Counting mode gives the exact size; stream mode the same bytes. */
    provkit_writer_init(&w, NULL, 0);
    assert_int_equal(write_seed_request(&w), PROVKIT_OK);
    assert_int_equal(provkit_writer_total(&w), n);
    memset(&s, 0, sizeof s);
    provkit_writer_init_stream(&w, small, sizeof small, collect, &s);
    assert_int_equal(write_seed_request(&w), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    assert_int_equal(s.len, n);
    assert_memory_equal(s.data, got, n);

    /* One byte short: buffer too small, and the total says what is needed. */
    provkit_writer_init(&w, got, n);
    assert_int_equal(write_seed_request(&w), PROVKIT_OK);
    assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);
    provkit_writer_init(&w, got, n - 1);
    assert_int_equal(write_seed_request(&w), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(provkit_writer_total(&w), n);
}

/* The Plesk answer's destinations. */
typedef struct plesk {
    char client_id[16];
    char login[33];
    char password[33];
    char desc[128];
    int32_t code;
    provkit_xmlrpc_field_t f[5];
} plesk_t;

static void plesk_init(plesk_t *p)
{
    memset(p, 0, sizeof *p);
    p->f[0].name = "resultCode";
    p->f[0].kind = PROVKIT_XMLRPC_INT32;
    p->f[0].dest = &p->code;
    p->f[1].name = "resultDesc";
    p->f[1].dest = p->desc;
    p->f[1].cap = sizeof p->desc;
    p->f[2].name = "clientId";
    p->f[2].dest = p->client_id;
    p->f[2].cap = sizeof p->client_id;
    p->f[3].name = "login";
    p->f[3].dest = p->login;
    p->f[3].cap = sizeof p->login;
    p->f[4].name = "password";
    p->f[4].dest = p->password;
    p->f[4].cap = sizeof p->password;
}

static int plesk_read(const char *body, plesk_t *p, const char **reason)
{
    plesk_init(p);
    return provkit_xmlrpc_read_response(body, strlen(body), p->f, 5, NULL, reason);
}

static void test_seed_response(void **state)
{
    char body[4096];
    size_t n = seed_block("</methodResponse>", body, sizeof body);
    plesk_t p;
    const char *reason = NULL;
    size_t i;
    (void)state;

    assert_true(n > 0);
    assert_int_equal(plesk_read(body, &p, &reason), PROVKIT_OK);
    assert_string_equal(reason, "");
    for (i = 0; i < 5; i++) {
        assert_true(p.f[i].present);
    }
    assert_int_equal(p.code, 100);
    assert_string_equal(p.client_id, "1401588");
    assert_int_equal(p.f[2].len, 7);
    assert_string_equal(p.login, "JDOE_CLIENT_LOGIN");
    assert_string_equal(p.password, "JDOE_CLIENT_PASSWORD");
    assert_string_equal(p.desc, "New client CLIENT_LOGIN has been successfully created");

    /* The seed as printed, white space and all (but no <em>). */
    {
        static const char pretty[] =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse>\n  <params>\n"
            "    <param>\n      <value>\n        <struct>\n          <member>\n"
            "            <name>clientId</name>\n            <value>1401588</value>\n"
            "          </member>\n          <member>\n            <name>resultCode</name>\n"
            "            <value>\n              <int>100</int>\n            </value>\n"
            "          </member>\n        </struct>\n      </value>\n    </param>\n"
            "  </params>\n</methodResponse>\n";

        assert_int_equal(plesk_read(pretty, &p, NULL), PROVKIT_OK);
        assert_int_equal(p.code, 100);
        assert_string_equal(p.client_id, "1401588");
        assert_false(p.f[1].present);
        assert_false(p.f[3].present);
    }

    /* With the page's <em> markup left in, a value holds an unknown element. */
    {
        static const char em[] =
            "<methodResponse><params><param><value><struct><member><name>login</name>"
            "<value><em>JDOE</em></value></member></struct></value></param></params>"
            "</methodResponse>";

        assert_int_equal(plesk_read(em, &p, &reason), PROVKIT_ERR_PROTOCOL);
    }
}

#define RESP_HEAD "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>"
#define RESP_TAIL "</struct></value></param></params></methodResponse>"
#define MEMBER(n, v) "<member><name>" n "</name><value>" v "</value></member>"

static void test_member_orders(void **state)
{
    static const char *const bodies[] = {
        RESP_HEAD MEMBER("resultCode", "<int>251</int>") MEMBER("resultDesc", "Login exists")
            RESP_TAIL,
        RESP_HEAD MEMBER("resultDesc", "<string>Login exists</string>")
            MEMBER("resultCode", "<i4>251</i4>") RESP_TAIL,
        RESP_HEAD MEMBER("extra", "<struct>" MEMBER("resultCode", "<int>1</int>") "</struct>")
            MEMBER("resultDesc", "Login exists") MEMBER("resultCode", "251") RESP_TAIL,
    };
    size_t i;
    plesk_t p;
    (void)state;

    for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        assert_int_equal(plesk_read(bodies[i], &p, NULL), PROVKIT_OK);
        assert_int_equal(p.code, 251);
        assert_string_equal(p.desc, "Login exists");
        assert_true(p.f[0].present);
        assert_true(p.f[1].present);
        assert_false(p.f[2].present);
    }
}

static void test_skip_nested(void **state)
{
    static const char body[] =
        RESP_HEAD MEMBER("a", "<array><data><value><struct>" MEMBER("x", "<array><data>"
            "<value><int>1</int></value><value>t</value></data></array>") "</struct></value>"
            "<value><boolean>1</boolean></value></data></array>")
        MEMBER("b", "<base64>AAAA</base64>") MEMBER("c", "<nil/>")
        MEMBER("d", "<dateTime.iso8601>20240101T00:00:00</dateTime.iso8601>")
        MEMBER("resultCode", "<int>100</int>") RESP_TAIL;
    char doc[2048];
    size_t n = 0;
    size_t i;
    plesk_t p;
    (void)state;

    assert_int_equal(plesk_read(body, &p, NULL), PROVKIT_OK);
    assert_int_equal(p.code, 100);

    /* An unknown member nested to the scanner's limit is skipped; one level
     * more is refused with PROVKIT_ERR_LIMIT. The fixed part above the
     * member value is 7 levels deep (methodResponse ... member, value). */
    for (int extra = 0; extra < 2; extra++) {
        size_t levels = PROVKIT_XML_MAX_DEPTH - 7 + (size_t)extra;

        n = (size_t)snprintf(doc, sizeof doc, "%s<member><name>deep</name><value>", RESP_HEAD);
        for (i = 0; i < levels; i++) {
            n += (size_t)snprintf(doc + n, sizeof doc - n, "<s>");
        }
        for (i = 0; i < levels; i++) {
            n += (size_t)snprintf(doc + n, sizeof doc - n, "</s>");
        }
        (void)snprintf(doc + n, sizeof doc - n,
                       "</value></member>" MEMBER("resultCode", "<int>7</int>") "%s", RESP_TAIL);
        assert_int_equal(plesk_read(doc, &p, NULL), extra == 0 ? PROVKIT_OK : PROVKIT_ERR_LIMIT);
        if (extra == 0) {
            assert_int_equal(p.code, 7);
        }
    }
}

typedef struct typed {
    char s[16];
    int32_t i32;
    int64_t i64;
    bool b;
    provkit_xmlrpc_field_t f[4];
} typed_t;

static int read_typed(const char *value, typed_t *t, const char *member)
{
    char body[1024];
    static const char *const names[] = {"s", "i32", "i64", "b"};
    size_t i;

    memset(t, 0, sizeof *t);
    for (i = 0; i < 4; i++) {
        t->f[i].name = names[i];
    }
    t->f[0].kind = PROVKIT_XMLRPC_STRING;
    t->f[0].dest = t->s;
    t->f[0].cap = sizeof t->s;
    t->f[1].kind = PROVKIT_XMLRPC_INT32;
    t->f[1].dest = &t->i32;
    t->f[2].kind = PROVKIT_XMLRPC_INT64;
    t->f[2].dest = &t->i64;
    t->f[3].kind = PROVKIT_XMLRPC_BOOL;
    t->f[3].dest = &t->b;
    (void)snprintf(body, sizeof body, RESP_HEAD "<member><name>%s</name><value>%s</value>"
                   "</member>" RESP_TAIL, member, value);
    return provkit_xmlrpc_read_response(body, strlen(body), t->f, 4, NULL, NULL);
}

static void test_value_types(void **state)
{
    typed_t t;
    (void)state;

    /* Strings: typed, untyped (white space kept), numbers as text. */
    assert_int_equal(read_typed("<string> a b </string>", &t, "s"), PROVKIT_OK);
    assert_string_equal(t.s, " a b ");
    assert_int_equal(read_typed(" a b ", &t, "s"), PROVKIT_OK);
    assert_string_equal(t.s, " a b ");
    assert_int_equal(read_typed("", &t, "s"), PROVKIT_OK);
    assert_string_equal(t.s, "");
    assert_true(t.f[0].present);
    assert_int_equal(read_typed("<string/>", &t, "s"), PROVKIT_OK);
    assert_true(t.f[0].present);
    assert_int_equal(read_typed("\n <int> 42 </int>\n", &t, "s"), PROVKIT_OK);
    assert_string_equal(t.s, "42");
    assert_int_equal(read_typed("<double>1.5</double>", &t, "s"), PROVKIT_OK);
    assert_string_equal(t.s, "1.5");
    assert_int_equal(read_typed("<boolean>1</boolean>", &t, "s"), PROVKIT_OK);
    assert_string_equal(t.s, "1");
    assert_int_equal(read_typed("<dateTime.iso8601> 20240101T00:00 </dateTime.iso8601>", &t,
                                "s"),
                     PROVKIT_OK);
    assert_string_equal(t.s, "20240101T00:00");
    assert_int_equal(read_typed("<nil/>", &t, "s"), PROVKIT_OK);
    assert_false(t.f[0].present);
    assert_int_equal(read_typed("<base64>AA==</base64>", &t, "s"), PROVKIT_ERR_PROTOCOL);
    assert_int_equal(read_typed("<struct></struct>", &t, "s"), PROVKIT_ERR_PROTOCOL);
    assert_int_equal(read_typed("<foo>1</foo>", &t, "s"), PROVKIT_ERR_PROTOCOL);
    assert_int_equal(read_typed("<string><b/></string>", &t, "s"), PROVKIT_ERR_PROTOCOL);
    assert_int_equal(read_typed("x<string>a</string>", &t, "s"), PROVKIT_ERR_PROTOCOL);
    assert_int_equal(read_typed("<string>a</string>x", &t, "s"), PROVKIT_ERR_PROTOCOL);
    assert_int_equal(read_typed("<string>a</string><string>b</string>", &t, "s"),
                     PROVKIT_ERR_PROTOCOL);

    /* Integers. */
    assert_int_equal(read_typed("<int>-2147483648</int>", &t, "i32"), PROVKIT_OK);
    assert_int_equal(t.i32, INT32_MIN);
    assert_int_equal(read_typed("<i4>+2147483647</i4>", &t, "i32"), PROVKIT_OK);
    assert_int_equal(t.i32, INT32_MAX);
    assert_int_equal(read_typed("<int>2147483648</int>", &t, "i32"), PROVKIT_ERR_RANGE);
    assert_int_equal(read_typed("<int>2147483648</int>", &t, "i64"), PROVKIT_ERR_RANGE);
    assert_int_equal(read_typed("<i8>2147483648</i8>", &t, "i32"), PROVKIT_ERR_RANGE);
    assert_int_equal(read_typed("<i8>-9223372036854775808</i8>", &t, "i64"), PROVKIT_OK);
    assert_true(t.i64 == INT64_MIN);
    assert_int_equal(read_typed("<i8>9223372036854775807</i8>", &t, "i64"), PROVKIT_OK);
    assert_true(t.i64 == INT64_MAX);
    assert_int_equal(read_typed("<i8>9223372036854775808</i8>", &t, "i64"), PROVKIT_ERR_RANGE);
    assert_int_equal(read_typed("<i8>-9223372036854775809</i8>", &t, "i64"), PROVKIT_ERR_RANGE);
    assert_int_equal(read_typed("1401588", &t, "i64"), PROVKIT_OK);
    assert_int_equal(t.i64, 1401588);
    assert_int_equal(read_typed("<string> 77 </string>", &t, "i32"), PROVKIT_OK);
    assert_int_equal(t.i32, 77);
    assert_int_equal(read_typed("<double>100.000</double>", &t, "i32"), PROVKIT_OK);
    assert_int_equal(t.i32, 100);
    assert_int_equal(read_typed("<double>-3.</double>", &t, "i32"), PROVKIT_OK);
    assert_int_equal(t.i32, -3);
    assert_int_equal(read_typed("<double>1.5</double>", &t, "i32"), PROVKIT_ERR_RANGE);
    assert_int_equal(read_typed("<double>1e2</double>", &t, "i32"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<double>1.5x</double>", &t, "i32"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<int>1.0</int>", &t, "i32"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<int>12a</int>", &t, "i32"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<int></int>", &t, "i32"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<int>-</int>", &t, "i32"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<int>1 2</int>", &t, "i32"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("abc", &t, "i32"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<i8>5000000000</i8>", &t, "i32"), PROVKIT_ERR_RANGE);
    assert_int_equal(read_typed("<boolean>1</boolean>", &t, "i32"), PROVKIT_ERR_PROTOCOL);
    assert_int_equal(read_typed("<dateTime.iso8601>2024</dateTime.iso8601>", &t, "i32"),
                     PROVKIT_ERR_PROTOCOL);
    assert_int_equal(read_typed("<int>00000000000000000000000000000000000000000000000001</int>",
                                &t, "i32"),
                     PROVKIT_ERR_RANGE);
    assert_false(t.f[1].present);

    /* Booleans. */
    assert_int_equal(read_typed("<boolean>1</boolean>", &t, "b"), PROVKIT_OK);
    assert_true(t.b);
    assert_int_equal(read_typed("<boolean> 0 </boolean>", &t, "b"), PROVKIT_OK);
    assert_false(t.b);
    assert_true(t.f[3].present);
    assert_int_equal(read_typed("<boolean>true</boolean>", &t, "b"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<boolean>2</boolean>", &t, "b"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("true", &t, "b"), PROVKIT_OK);
    assert_true(t.b);
    assert_int_equal(read_typed("<string>false</string>", &t, "b"), PROVKIT_OK);
    assert_false(t.b);
    assert_int_equal(read_typed("yes", &t, "b"), PROVKIT_ERR_MALFORMED);
    assert_int_equal(read_typed("<int>1</int>", &t, "b"), PROVKIT_OK);
    assert_true(t.b);
    assert_int_equal(read_typed("<i4>0</i4>", &t, "b"), PROVKIT_OK);
    assert_false(t.b);
    assert_int_equal(read_typed("<int>2</int>", &t, "b"), PROVKIT_ERR_RANGE);
    assert_int_equal(read_typed("<double>1.0</double>", &t, "b"), PROVKIT_ERR_PROTOCOL);
}

static void test_string_capacity(void **state)
{
    typed_t t;
    (void)state;

    /* 15 bytes + NUL fit in 16; 16 do not, and len says what is needed. */
    assert_int_equal(read_typed("<string>123456789012345</string>", &t, "s"), PROVKIT_OK);
    assert_int_equal(t.f[0].len, 15);
    assert_string_equal(t.s, "123456789012345");
    assert_int_equal(read_typed("1234567890123456", &t, "s"), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(t.f[0].len, 16);
    assert_true(t.f[0].present);
    assert_int_equal(read_typed("<string>&#x20AC;&#x20AC;&#x20AC;&#x20AC;&#x20AC;</string>", &t,
                                "s"),
                     PROVKIT_OK);
    assert_int_equal(t.f[0].len, 15);

    /* Decoding carries on past the too-small member. */
    {
        char body[1024];
        size_t n = (size_t)snprintf(body, sizeof body, "%s<member><name>resultDesc</name><value>",
                                    RESP_HEAD);
        size_t i;

        for (i = 0; i < 128; i++) {
            body[n++] = (char)('a' + i % 26);
        }
        (void)snprintf(body + n, sizeof body - n,
                       "</value></member>" MEMBER("resultCode", "<int>300</int>") "%s", RESP_TAIL);
        plesk_t p;
        const char *reason = NULL;

        assert_int_equal(plesk_read(body, &p, &reason), PROVKIT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(p.f[1].len, 128);
        assert_int_equal(p.code, 300);
        assert_true(p.f[0].present);
        assert_string_equal(reason, "a string member did not fit");
    }
}

static void test_fault(void **state)
{
    static const char body[] =
        "<?xml version=\"1.0\"?>\n<methodResponse>\n <fault>\n  <value>\n   <struct>\n"
        "    <member><name>faultString</name><value><string>Bad &amp; worse"
        "</string></value></member>\n"
        "    <member><name>faultCode</name><value><int>-32601</int></value></member>\n"
        "   </struct>\n  </value>\n </fault>\n</methodResponse>\n";
    static const char i4[] =
        "<methodResponse><fault><value><struct><member><name>faultCode</name><value><i4>4</i4>"
        "</value></member><member><name>faultString</name><value>Too many parameters</value>"
        "</member><member><name>other</name><value><array><data/></array></value></member>"
        "</struct></value></fault></methodResponse>";
    char fault_text[FAULT_TEXT_MAX];
    provkit_xmlrpc_fault_t fault = {0, fault_text, sizeof fault_text, 0, false};
    plesk_t p;
    const char *reason = NULL;
    (void)state;

    plesk_init(&p);
    assert_int_equal(provkit_xmlrpc_read_response(body, sizeof body - 1, p.f, 5, &fault, &reason),
                     PROVKIT_ERR_FAULT);
    assert_int_equal(fault.code, -32601);
    assert_string_equal(fault.string, "Bad & worse");
    assert_int_equal(fault.string_len, 11);
    assert_false(fault.truncated);
    assert_string_equal(reason, "XML-RPC fault");
    assert_false(p.f[0].present);

    assert_int_equal(provkit_xmlrpc_read_response(i4, sizeof i4 - 1, NULL, 0, &fault, NULL),
                     PROVKIT_ERR_FAULT);
    assert_int_equal(fault.code, 4);
    assert_string_equal(fault.string, "Too many parameters");
    /* No fault struct: still reported. */
    assert_int_equal(provkit_xmlrpc_read_response(i4, sizeof i4 - 1, NULL, 0, NULL, NULL),
                     PROVKIT_ERR_FAULT);

    /* Empty fault struct: defaults. */
    {
        static const char empty[] =
            "<methodResponse><fault><value><struct/></value></fault></methodResponse>";

        assert_int_equal(provkit_xmlrpc_read_response(empty, sizeof empty - 1, NULL, 0, &fault,
                                                      NULL),
                         PROVKIT_ERR_FAULT);
        assert_int_equal(fault.code, 0);
        assert_string_equal(fault.string, "");
    }
    /* Bad fault shapes. */
    {
        static const char *const bad[] = {
            "<methodResponse><fault><value><int>1</int></value></fault></methodResponse>",
            "<methodResponse><fault><value><struct/></value><x/></fault></methodResponse>",
            ("<methodResponse><fault><value><struct><member><name>faultCode</name><value>"
             "<int>x</int></value></member></struct></value></fault></methodResponse>"),
        };
        static const int want[] = {PROVKIT_ERR_PROTOCOL, PROVKIT_ERR_PROTOCOL,
                                   PROVKIT_ERR_MALFORMED};
        size_t i;

        for (i = 0; i < 3; i++) {
            assert_int_equal(provkit_xmlrpc_read_response(bad[i], strlen(bad[i]), NULL, 0, &fault,
                                                          NULL),
                             want[i]);
        }
    }
}

static void test_fault_truncated(void **state)
{
    static const char *const lead[] = {"", "a"};
    char body[2048];
    size_t n;
    size_t i;
    size_t k;
    char fault_text[FAULT_TEXT_MAX];
    provkit_xmlrpc_fault_t fault = {0, fault_text, sizeof fault_text, 0, false};
    (void)state;

    /* e-acute pairs, after 0 or 1 ASCII byte: one of the two cuts falls
     * inside a two-byte character and must back off to its start. */
    for (k = 0; k < 2; k++) {
        n = (size_t)snprintf(body, sizeof body, "<methodResponse><fault><value><struct><member>"
                                                "<name>faultString</name><value>%s", lead[k]);
        for (i = 0; i < FAULT_TEXT_MAX; i++) {
            n += (size_t)snprintf(body + n, sizeof body - n, "\xC3\xA9");
        }
        (void)snprintf(body + n, sizeof body - n,
                       "</value></member></struct></value></fault></methodResponse>");
        assert_int_equal(provkit_xmlrpc_read_response(body, strlen(body), NULL, 0, &fault, NULL),
                         PROVKIT_ERR_FAULT);
        assert_true(fault.truncated);
        assert_int_equal(fault.string_len, strlen(fault.string));
        assert_true(fault.string_len <= FAULT_TEXT_MAX - 1);
        assert_true(fault.string_len >= FAULT_TEXT_MAX - 2);
        assert_int_equal((fault.string_len - k) % 2, 0);
        assert_int_equal((unsigned char)fault.string[fault.string_len - 1], 0xA9);
    }
}

static void test_protocol_errors(void **state)
{
    static const struct {
        const char *body;
        int want;
    } cases[] = {
        {"", PROVKIT_ERR_MALFORMED},
        {"not xml", PROVKIT_ERR_MALFORMED},
        {"<!DOCTYPE methodResponse><methodResponse/>", PROVKIT_ERR_MALFORMED},
        {"<methodCall><methodName>x</methodName></methodCall>", PROVKIT_ERR_PROTOCOL},
        {"<methodResponse/>", PROVKIT_ERR_PROTOCOL},
        {"<methodResponse>text</methodResponse>", PROVKIT_ERR_PROTOCOL},
        {"<methodResponse><params/></methodResponse>", PROVKIT_ERR_PROTOCOL},
        {"<methodResponse><params><param/></params></methodResponse>", PROVKIT_ERR_PROTOCOL},
        {"<methodResponse><params><param><value>x</value></param></params></methodResponse>",
         PROVKIT_ERR_PROTOCOL},
        {"<methodResponse><params><param><value><array><data/></array></value></param>"
         "</params></methodResponse>",
         PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD "</struct></value></param><param><value><struct/></value></param></params>"
                   "</methodResponse>",
         PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD "<value/>" RESP_TAIL, PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD "junk" RESP_TAIL, PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD "<member><value>1</value><name>resultCode</name></member>" RESP_TAIL,
         PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD "<member><name>resultCode</name></member>" RESP_TAIL, PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD "<member><name><b/></name><value>1</value></member>" RESP_TAIL,
         PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD "<member><name>x</name><value>1</value><extra/></member>" RESP_TAIL,
         PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD MEMBER("resultCode", "<int>1</int>") MEMBER("resultCode", "<int>2</int>")
             RESP_TAIL,
         PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD MEMBER("resultCode", "<struct/>") RESP_TAIL, PROVKIT_ERR_PROTOCOL},
        {RESP_HEAD MEMBER("resultCode", "<int>99999999999</int>") RESP_TAIL, PROVKIT_ERR_RANGE},
        {RESP_HEAD MEMBER("resultCode", "<int>x</int>") RESP_TAIL, PROVKIT_ERR_MALFORMED},
        {RESP_HEAD MEMBER("x", "<a><b></a>") RESP_TAIL, PROVKIT_ERR_MALFORMED},
        {RESP_HEAD MEMBER("resultDesc", "a &nbsp; b") RESP_TAIL, PROVKIT_ERR_MALFORMED},
        {RESP_HEAD MEMBER("resultDesc", "<string>a &nbsp; b</string>") RESP_TAIL,
         PROVKIT_ERR_MALFORMED},
        {RESP_HEAD MEMBER("resultCode", "1") RESP_TAIL "<x/>", PROVKIT_ERR_MALFORMED},
        {RESP_HEAD MEMBER("resultCode", "1") RESP_TAIL "<!-- ok -->\n", PROVKIT_OK},
        {RESP_HEAD "<member><name>a very long member name that is longer than the one hundred "
                   "and twenty seven bytes kept for matching member names, so it cannot match "
                   "any field</name><value>1</value></member>" RESP_TAIL,
         PROVKIT_OK},
    };
    size_t i;
    plesk_t p;
    const char *reason = NULL;
    (void)state;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = plesk_read(cases[i].body, &p, &reason);

        if (rc != cases[i].want) {
            fprintf(stderr, "case %zu: %d (%s), want %d\n", i, rc, reason, cases[i].want);
        }
        assert_int_equal(rc, cases[i].want);
        assert_non_null(reason);
    }

    /* Arguments. */
    plesk_init(&p);
    assert_int_equal(provkit_xmlrpc_read_response(NULL, 1, p.f, 5, NULL, &reason),
                     PROVKIT_ERR_ARG);
    assert_string_equal(reason, "bad argument");
    assert_int_equal(provkit_xmlrpc_read_response("x", 1, NULL, 1, NULL, NULL), PROVKIT_ERR_ARG);
    p.f[2].dest = NULL;
    assert_int_equal(provkit_xmlrpc_read_response("x", 1, p.f, 5, NULL, NULL), PROVKIT_ERR_ARG);
    p.f[2].dest = p.client_id;
    p.f[3].name = NULL;
    assert_int_equal(provkit_xmlrpc_read_response("x", 1, p.f, 5, NULL, NULL), PROVKIT_ERR_ARG);
}

/* Every proper prefix of a valid answer is refused, never accepted. */
static void test_truncated(void **state)
{
    char body[4096];
    size_t n = seed_block("</methodResponse>", body, sizeof body);
    size_t cut;
    plesk_t p;
    (void)state;

    for (cut = 0; cut < n; cut++) {
        int rc;

        plesk_init(&p);
        rc = provkit_xmlrpc_read_response(body, cut, p.f, 5, NULL, NULL);
        assert_true(rc == PROVKIT_ERR_MALFORMED || rc == PROVKIT_ERR_PROTOCOL);
    }
    plesk_init(&p);
    assert_int_equal(provkit_xmlrpc_read_response(body, n, p.f, 5, NULL, NULL), PROVKIT_OK);
}

/* Hostile values written by the XML escaper (as the Plesk body writer
 * writes a member) come back byte for byte. */
static void test_round_trip(void **state)
{
    static const char *const values[] = {
        "a&b=c+d%20e",
        "<script>\"x\" 'y'</script>",
        "line1\r\nline2\rline3\n",
        "Cl\xC3\xA9 API incorrecte \xE2\x82\xAC \xF0\x9F\x98\x80 \xC3\xBC\xC3\x9F",
        "]]> <![CDATA[ x ]]> &amp; &#65;",
        "  padded\t",
        "",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        char body[1024];
        char out[128];
        provkit_writer_t w;
        provkit_xmlrpc_field_t f;

        provkit_writer_init(&w, body, sizeof body);
        provkit_w_str(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<methodResponse><params>");
        provkit_w_str(&w, "<param><value><struct><member><name>v</name><value><string>");
        provkit_w_xml(&w, values[i], strlen(values[i]));
        provkit_w_str(&w, "</string></value></member><member><name>n</name><value><int>5</int>"
                          "</value></member></struct></value></param>");
        provkit_w_str(&w, "</params></methodResponse>");
        assert_int_equal(provkit_writer_finish(&w), PROVKIT_OK);

        memset(&f, 0, sizeof f);
        f.name = "v";
        f.kind = PROVKIT_XMLRPC_STRING;
        f.dest = out;
        f.cap = sizeof out;
        assert_int_equal(provkit_xmlrpc_read_response(body, provkit_writer_total(&w), &f, 1, NULL,
                                                      NULL),
                         PROVKIT_OK);
        assert_true(f.present);
        assert_int_equal(f.len, strlen(values[i]));
        assert_string_equal(out, values[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_request),
        cmocka_unit_test(test_seed_response),
        cmocka_unit_test(test_member_orders),
        cmocka_unit_test(test_skip_nested),
        cmocka_unit_test(test_value_types),
        cmocka_unit_test(test_string_capacity),
        cmocka_unit_test(test_fault),
        cmocka_unit_test(test_fault_truncated),
        cmocka_unit_test(test_protocol_errors),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
