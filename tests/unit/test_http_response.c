/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the incremental HTTP/1.1 response reader.
 *
 * Every vector is run twice, fed whole and fed one byte at a time, and the
 * two results must be identical (return code, status, version, body,
 * content type, keep-alive, bytes consumed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http_wire.h"

#define BODY_MAX 4096

typedef struct result {
    int rc;
    int status;
    int minor;
    size_t body_len;
    uint8_t body[BODY_MAX];
    char ct[PROVKIT_HTTP_CONTENT_TYPE_MAX + 1];
    bool ct_trunc;
    bool keep;
    size_t consumed; /* bytes used by the response */
} result_t;

/* Feed data whole (step 0) or in pieces of step bytes; call eof when the
 * input ran out and the reader still wants more and do_eof is set. */
static void run(const char *data, size_t len, size_t step, size_t body_cap,
                bool do_eof, result_t *out)
{
    static uint8_t body[BODY_MAX];
    provkit_http_response_t r;
    size_t off = 0;
    int rc = PROVKIT_INCOMPLETE;

    assert_true(body_cap <= BODY_MAX);
    memset(out, 0, sizeof *out);
    memset(body, 0xAA, sizeof body);
    provkit_http_response_init(&r, body, body_cap);
    if (len == 0) {
        size_t used = 99;
        rc = provkit_http_response_feed(&r, (const uint8_t *)data, 0, &used);
        assert_int_equal(used, 0);
    }
    while (off < len) {
        size_t n = (step == 0 || len - off < step) ? len - off : step;
        size_t used = 0;
        rc = provkit_http_response_feed(&r, (const uint8_t *)data + off, n,
                                        &used);
        assert_true(used <= n);
        out->consumed += used;
        if (rc != PROVKIT_INCOMPLETE) {
            break;
        }
        assert_int_equal(used, n);
        off += n;
    }
    if (rc == PROVKIT_INCOMPLETE && do_eof) {
        rc = provkit_http_response_eof(&r);
    }
    out->rc = rc;
    if (rc == PROVKIT_OK) {
        out->status = r.status;
        out->minor = r.minor;
        out->body_len = r.body_len;
        memcpy(out->body, body, r.body_len);
        assert_true(r.content_type_len <= PROVKIT_HTTP_CONTENT_TYPE_MAX);
        assert_int_equal(strlen(r.content_type), r.content_type_len);
        memcpy(out->ct, r.content_type, r.content_type_len + 1);
        out->ct_trunc = r.content_type_truncated;
        out->keep = r.keep_alive;
        /* Done is sticky and consumes nothing more. */
        {
            size_t used = 7;
            assert_int_equal(provkit_http_response_feed(
                                 &r, (const uint8_t *)"x", 1, &used),
                             PROVKIT_OK);
            assert_int_equal(used, 0);
            assert_int_equal(provkit_http_response_eof(&r), PROVKIT_OK);
        }
    } else if (rc < 0) {
        /* Errors are sticky. */
        size_t used = 7;
        assert_int_equal(provkit_http_response_feed(
                             &r, (const uint8_t *)"HTTP", 4, &used),
                         rc);
        assert_int_equal(provkit_http_response_eof(&r), rc);
    }
}

static void same(const result_t *a, const result_t *b)
{
    assert_int_equal(a->rc, b->rc);
    if (a->rc != PROVKIT_OK) {
        return;
    }
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->minor, b->minor);
    assert_int_equal(a->body_len, b->body_len);
    assert_memory_equal(a->body, b->body, a->body_len);
    assert_string_equal(a->ct, b->ct);
    assert_int_equal(a->ct_trunc, b->ct_trunc);
    assert_int_equal(a->keep, b->keep);
    assert_int_equal(a->consumed, b->consumed);
}

/* Run whole, byte by byte and in 7-byte pieces; all must agree. */
static void run_all(const char *data, size_t len, size_t body_cap,
                    bool do_eof, result_t *out)
{
    static result_t bytes, sevens;
    run(data, len, 0, body_cap, do_eof, out);
    run(data, len, 1, body_cap, do_eof, &bytes);
    run(data, len, 7, body_cap, do_eof, &sevens);
    same(out, &bytes);
    same(out, &sevens);
}

typedef struct vector {
    const char *name;
    const char *in;
    int rc;
    int status;
    int minor;
    const char *body;
    const char *ct;
    bool keep;
    bool eof;          /* call eof() when input runs out */
    size_t leftover;   /* bytes after the response */
    size_t body_cap;   /* 0: 256 */
} vector_t;

#define OK200 PROVKIT_OK, 200, 1

static const vector_t k_vectors[] = {
    /* --- framing by Content-Length --- */
    { "content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
      OK200, "hello", "", true, false, 0, 0 },
    { "cl zero", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", OK200, "",
      "", true, false, 0, 0 },
    { "cl leftover", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiEXTRA",
      OK200, "hi", "", true, false, 5, 0 },
    { "cl with spaces", "HTTP/1.1 200 OK\r\nContent-Length: \t 3 \t\r\n\r\nabc",
      OK200, "abc", "", true, false, 0, 0 },
    { "cl duplicate same",
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\nabc",
      OK200, "abc", "", true, false, 0, 0 },
    { "cl duplicate differ",
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "cl list", "HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "cl sign", "HTTP/1.1 200 OK\r\nContent-Length: +3\r\n\r\nabc",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "cl hex", "HTTP/1.1 200 OK\r\nContent-Length: 0x3\r\n\r\nabc",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "cl inner space", "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\nabc",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "cl empty", "HTTP/1.1 200 OK\r\nContent-Length:  \r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "cl max u64 too big for buffer",
      "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\n",
      PROVKIT_ERR_LIMIT, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "cl overflow",
      "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "cl truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, true, 0, 0 },
    { "cl body exactly buffer", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd",
      OK200, "abcd", "", true, false, 0, 4 },
    { "cl body one past buffer",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcde", PROVKIT_ERR_LIMIT,
      0, 0, NULL, NULL, false, false, 0, 4 },

    /* --- status line --- */
    { "empty reason", "HTTP/1.1 201 \r\nContent-Length: 0\r\n\r\n",
      PROVKIT_OK, 201, 1, "", "", true, false, 0, 0 },
    { "no reason no space", "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n",
      PROVKIT_OK, 404, 1, "", "", true, false, 0, 0 },
    { "bare LF lines", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", OK200,
      "hi", "", true, false, 0, 0 },
    { "reason with obs-text and tab",
      "HTTP/1.1 500 Erreur\tinterne \xe9\r\nContent-Length: 0\r\n\r\n",
      PROVKIT_OK, 500, 1, "", "", true, false, 0, 0 },
    { "minor 9 is 1.x", "HTTP/1.9 200 OK\r\nContent-Length: 0\r\n\r\n",
      PROVKIT_OK, 200, 9, "", "", true, false, 0, 0 },
    { "http/2 refused", "HTTP/2.0 200 OK\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0,
      NULL, NULL, false, false, 0, 0 },
    { "lower-case version", "http/1.1 200 OK\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0,
      NULL, NULL, false, false, 0, 0 },
    { "garbage", "<html>hello</html>", PROVKIT_ERR_HTTP, 0, 0, NULL, NULL,
      false, false, 0, 0 },
    { "minor not digit", "HTTP/1.x 200 OK\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0,
      NULL, NULL, false, false, 0, 0 },
    { "two-digit minor", "HTTP/1.10 200 OK\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0,
      NULL, NULL, false, false, 0, 0 },
    { "two spaces", "HTTP/1.1  200 OK\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0, NULL,
      NULL, false, false, 0, 0 },
    { "status two digits", "HTTP/1.1 20 OK\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0,
      NULL, NULL, false, false, 0, 0 },
    { "status four digits", "HTTP/1.1 2000 OK\r\n\r\n", PROVKIT_ERR_HTTP, 0,
      0, NULL, NULL, false, false, 0, 0 },
    /* 600-999: unknown classes the caller treats as 5xx (RFC 9110) */
    { "status 600", "HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n", PROVKIT_OK, 600, 1,
      "", "", true, false, 0, 0 },
    { "status 999", "HTTP/1.1 999 X\r\nContent-Length: 0\r\n\r\n", PROVKIT_OK, 999, 1,
      "", "", true, false, 0, 0 },
    { "status 099", "HTTP/1.1 099 X\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0, NULL,
      NULL, false, false, 0, 0 },
    { "NUL in reason", "HTTP/1.1 200 O\0K\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0,
      NULL, NULL, false, false, 0, 0 },
    { "bare CR in status", "HTTP/1.1 200 OK\rX\n\r\n", PROVKIT_ERR_HTTP, 0,
      0, NULL, NULL, false, false, 0, 0 },

    /* --- headers --- */
    { "header case and content type",
      "HTTP/1.1 200 OK\r\nCONTENT-TYPE:   application/json; charset=utf-8  "
      "\r\ncOnTeNt-LeNgTh: 2\r\n\r\n{}",
      OK200, "{}", "application/json; charset=utf-8", true, false, 0, 0 },
    { "content type last wins",
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Type: text/xml"
      "\r\nContent-Length: 0\r\n\r\n",
      OK200, "", "text/xml", true, false, 0, 0 },
    { "long unknown header",
      "HTTP/1.1 200 OK\r\nX-Very-Long-Header-Name-That-Goes-On-And-On: "
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "\r\nContent-Length: 1\r\n\r\nz",
      OK200, "z", "", true, false, 0, 0 },
    { "name prefix of known is other",
      "HTTP/1.1 200 OK\r\nContent-Lengthy: 7\r\nContent-Length: 1\r\n\r\nz",
      OK200, "z", "", true, false, 0, 0 },
    { "known name with suffix is other",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding-X: gzip\r\nContent-Length: 1\r\n"
      "\r\nz",
      OK200, "z", "", true, false, 0, 0 },
    { "empty header value",
      "HTTP/1.1 200 OK\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n", OK200, "",
      "", true, false, 0, 0 },
    { "space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nz",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "no colon", "HTTP/1.1 200 OK\r\nContent-Length\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "line starting with colon", "HTTP/1.1 200 OK\r\n: x\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "control char in value", "HTTP/1.1 200 OK\r\nX-A: a\x01b\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "bare CR in value", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "bare CR at head end", "HTTP/1.1 200 OK\r\nX-A: a\r\n\rX",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "folded content type",
      "HTTP/1.1 200 OK\r\nContent-Type: text/xml;\r\n charset=utf-8\r\n"
      "Content-Length: 0\r\n\r\n",
      OK200, "", "text/xml; charset=utf-8", true, false, 0, 0 },
    { "folded connection close",
      "HTTP/1.1 200 OK\r\nConnection: foo,\r\n\tclose\r\nContent-Length: 0"
      "\r\n\r\n",
      OK200, "", "", false, false, 0, 0 },
    { "folded content length",
      "HTTP/1.1 200 OK\r\nContent-Length:\r\n 2\r\n\r\nhi", OK200, "hi", "",
      true, false, 0, 0 },
    { "fold after status line refused",
      "HTTP/1.1 200 OK\r\n X-A: b\r\n\r\n", PROVKIT_ERR_HTTP, 0, 0, NULL,
      NULL, false, false, 0, 0 },

    /* --- keep-alive --- */
    { "1.1 close", "HTTP/1.1 200 OK\r\nConnection: close\r\n"
                   "Content-Length: 0\r\n\r\n",
      OK200, "", "", false, false, 0, 0 },
    { "1.1 Close list", "HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\n"
                        "Content-Length: 0\r\n\r\n",
      OK200, "", "", false, false, 0, 0 },
    { "1.1 close-ish token", "HTTP/1.1 200 OK\r\nConnection: closed\r\n"
                             "Content-Length: 0\r\n\r\n",
      OK200, "", "", true, false, 0, 0 },
    { "1.1 close with param", "HTTP/1.1 200 OK\r\nConnection: close;x=1\r\n"
                              "Content-Length: 0\r\n\r\n",
      OK200, "", "", true, false, 0, 0 },
    { "1.1 two words", "HTTP/1.1 200 OK\r\nConnection: close now\r\n"
                       "Content-Length: 0\r\n\r\n",
      OK200, "", "", true, false, 0, 0 },
    { "1.1 very long option", "HTTP/1.1 200 OK\r\nConnection: "
                              "close-close-close-close, ,\r\n"
                              "Content-Length: 0\r\n\r\n",
      OK200, "", "", true, false, 0, 0 },
    { "1.0 default close", "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx",
      PROVKIT_OK, 200, 0, "x", "", false, false, 0, 0 },
    { "1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n"
                        "Content-Length: 1\r\n\r\nx",
      PROVKIT_OK, 200, 0, "x", "", true, false, 0, 0 },
    { "1.0 keep-alive and close", "HTTP/1.0 200 OK\r\nConnection: keep-alive"
                                  "\r\nConnection: close\r\n"
                                  "Content-Length: 1\r\n\r\nx",
      PROVKIT_OK, 200, 0, "x", "", false, false, 0, 0 },

    /* --- close-delimited --- */
    { "close delimited 1.1", "HTTP/1.1 200 OK\r\nContent-Type: text/plain"
                             "\r\n\r\nuntil the end",
      OK200, "until the end", "text/plain", false, true, 0, 0 },
    { "close delimited 1.0", "HTTP/1.0 200 OK\r\n\r\nold", PROVKIT_OK, 200, 0,
      "old", "", false, true, 0, 0 },
    { "close delimited empty", "HTTP/1.0 200 OK\r\n\r\n", PROVKIT_OK, 200, 0,
      "", "", false, true, 0, 0 },
    { "close delimited exactly buffer", "HTTP/1.1 200 OK\r\n\r\nabcd", OK200,
      "abcd", "", false, true, 0, 4 },
    { "close delimited one past buffer", "HTTP/1.1 200 OK\r\n\r\nabcde",
      PROVKIT_ERR_LIMIT, 0, 0, NULL, NULL, false, true, 0, 4 },
    { "close delimited no eof", "HTTP/1.1 200 OK\r\n\r\nabc",
      PROVKIT_INCOMPLETE, 0, 0, NULL, NULL, false, false, 0, 0 },

    /* --- no body --- */
    { "204 ignores cl", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"
                        "HTTP/",
      PROVKIT_OK, 204, 1, "", "", true, false, 5, 0 },
    { "304", "HTTP/1.1 304 Not Modified\r\n\r\n", PROVKIT_OK, 304, 1, "", "",
      true, false, 0, 0 },

    /* --- interim responses --- */
    { "100 continue", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                      "Content-Length: 2\r\n\r\nok",
      OK200, "ok", "", true, false, 0, 0 },
    { "103 with headers then 1.0",
      "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\nContent-Length: 9\r\n"
      "Connection: close\r\nContent-Type: x/y\r\n\r\n"
      "HTTP/1.0 201 Created\r\nConnection: keep-alive\r\n"
      "Content-Length: 1\r\n\r\n!",
      PROVKIT_OK, 201, 0, "!", "", true, false, 0, 0 },
    { "101 refused", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "interim then close", "HTTP/1.1 100 Continue\r\n\r\n", PROVKIT_ERR_HTTP,
      0, 0, NULL, NULL, false, true, 0, 0 },

    /* --- chunked --- */
    { "chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
      OK200, "hello world", "", true, false, 0, 0 },
    { "chunked hex sizes and leftover",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
      "A\r\n0123456789\r\n0a\r\nabcdefghij\r\n00\r\n\r\nNEXT",
      OK200, "0123456789abcdefghij", "", true, false, 4, 0 },
    { "chunked extensions and trailers",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3;name=value;q=\"a b\"\r\nabc\r\n2 ; x\r\nde\r\n0;last\r\n"
      "X-Checksum: 123\r\nX-Other: y\r\n\r\n",
      OK200, "abcde", "", true, false, 0, 0 },
    { "chunked bare LF", "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n"
                         "2\nab\n0\n\n",
      OK200, "ab", "", true, false, 0, 0 },
    { "chunked trailer bare LF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                                 "chunked\r\n\r\n1\r\na\r\n0\r\nT: 1\n\r\n",
      OK200, "a", "", true, false, 0, 0 },
    { "chunked te list with empties",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: , chunked ,\r\n\r\n0\r\n\r\n",
      OK200, "", "", true, false, 0, 0 },
    { "chunked exactly buffer",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n",
      OK200, "abcd", "", true, false, 0, 4 },
    { "chunked one past buffer",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n",
      PROVKIT_ERR_LIMIT, 0, 0, NULL, NULL, false, false, 0, 4 },
    { "chunk size missing", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                            "\r\n\r\n\r\nab\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk size not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                            "\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk size negative", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                             "\r\n\r\n-1\r\nab\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk size space digit", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                                "chunked\r\n\r\n1 2\r\nab\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk size overflow", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                             "\r\n\r\n10000000000000000\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk size max u64", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                            "\r\n\r\nffffffffffffffff\r\n",
      PROVKIT_ERR_LIMIT, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk data no CRLF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                            "\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk data CR without LF", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                                  "chunked\r\n\r\n2\r\nab\rX0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk size bare CR", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                            "\r\n\r\n2\rXab\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunk ext control", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                           "\r\n\r\n2;a\x01\r\nab\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "trailer control", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                         "\r\n\r\n0\r\nX: \x01\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "trailer bare CR", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                         "\r\n\r\n0\r\nX: 1\rY\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "trailer end bare CR", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                             "\r\n\r\n0\r\n\rY",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "chunked truncated", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                           "\r\n\r\n5\r\nhel",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, true, 0, 0 },
    { "chunked missing last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                                    "chunked\r\n\r\n1\r\na\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, true, 0, 0 },

    /* --- transfer-encoding refusals --- */
    { "te and cl", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "te gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "te gzip, chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, "
                          "chunked\r\n\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "te chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "te chunked with param", "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                               "chunked;q=1\r\n\r\n0\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "te empty", "HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },
    { "te identity", "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n",
      PROVKIT_ERR_HTTP, 0, 0, NULL, NULL, false, false, 0, 0 },

    /* --- eof cases --- */
    { "nothing then eof", "", PROVKIT_ERR_CLOSED, 0, 0, NULL, NULL, false,
      true, 0, 0 },
    { "partial head then eof", "HTTP/1.1 200 O", PROVKIT_ERR_HTTP, 0, 0, NULL,
      NULL, false, true, 0, 0 },
};

static void test_vectors(void **state)
{
    static result_t res;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof k_vectors / sizeof k_vectors[0]; i++) {
        const vector_t *v = &k_vectors[i];
        size_t len = strlen(v->in);
        /* The NUL vector carries its NUL inside the literal. */
        if (strcmp(v->name, "NUL in reason") == 0) {
            len = sizeof "HTTP/1.1 200 O\0K\r\n\r\n" - 1;
        }
        print_message("vector: %s\n", v->name);
        run_all(v->in, len, v->body_cap != 0 ? v->body_cap : 256, v->eof,
                &res);
        assert_int_equal(res.rc, v->rc);
        if (v->rc != PROVKIT_OK) {
            continue;
        }
        assert_int_equal(res.status, v->status);
        assert_int_equal(res.minor, v->minor);
        assert_int_equal(res.body_len, strlen(v->body));
        assert_memory_equal(res.body, v->body, res.body_len);
        assert_string_equal(res.ct, v->ct);
        assert_int_equal(res.keep, v->keep);
        assert_int_equal(len - res.consumed, v->leftover);
    }
}

/* Build "HTTP/1.1 200 OK\r\n" + headers padded so the head is exactly
 * head_len bytes, with nheaders header lines. */
static size_t build_head(char *out, size_t cap, size_t head_len,
                         size_t nheaders)
{
    static const char status[] = "HTTP/1.1 200 OK\r\n";
    static const char last[] = "Content-Length: 0\r\n";
    size_t n = 0;
    size_t i;
    size_t fixed = (sizeof status - 1) + (sizeof last - 1) + 2;
    assert_true(nheaders >= 1);
    /* Every filler header "X: \r\n" is 5 bytes before padding. */
    assert_true(head_len >= fixed + (nheaders - 1) * 5);
    assert_true(head_len < cap);
    memcpy(out, status, sizeof status - 1);
    n = sizeof status - 1;
    for (i = 0; i + 1 < nheaders; i++) {
        size_t pad = 0;
        if (i == 0) {
            pad = head_len - fixed - (nheaders - 1) * 5;
        }
        memcpy(out + n, "X: ", 3);
        n += 3;
        memset(out + n, 'v', pad);
        n += pad;
        memcpy(out + n, "\r\n", 2);
        n += 2;
    }
    if (nheaders == 1) {
        /* Pad inside the one header with spaces, which OWS allows. */
        size_t pad = head_len - fixed;
        memcpy(out + n, "Content-Length:", 15);
        n += 15;
        memset(out + n, ' ', pad + 1);
        n += pad + 1;
        memcpy(out + n, "0\r\n", 3);
        n += 3;
    } else {
        memcpy(out + n, last, sizeof last - 1);
        n += sizeof last - 1;
    }
    memcpy(out + n, "\r\n", 2);
    n += 2;
    assert_int_equal(n, head_len);
    return n;
}

static char big[PROVKIT_HTTP_MAX_HEADER_BYTES * 2 + 64];

static void test_head_bytes_limit(void **state)
{
    static result_t res;
    size_t n;
    (void)state;
    n = build_head(big, sizeof big, PROVKIT_HTTP_MAX_HEADER_BYTES, 2);
    run_all(big, n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
    assert_int_equal(res.consumed, n);

    n = build_head(big, sizeof big, PROVKIT_HTTP_MAX_HEADER_BYTES + 1, 2);
    run_all(big, n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_ERR_LIMIT);

    /* One header line as long as the whole limit allows. */
    n = build_head(big, sizeof big, PROVKIT_HTTP_MAX_HEADER_BYTES, 1);
    run_all(big, n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
    n = build_head(big, sizeof big, PROVKIT_HTTP_MAX_HEADER_BYTES + 1, 1);
    run_all(big, n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_ERR_LIMIT);
}

/* Headers are scanned as a stream: their number is not limited, only the
 * bytes of the head are (a proxy that adds 100 lines is not an error). */
static void test_header_count_unlimited(void **state)
{
    static result_t res;
    size_t n;
    size_t min_len = 17 + 19 + 2;
    size_t lines = (PROVKIT_HTTP_MAX_HEADER_BYTES - min_len) / 5; /* all fit */
    (void)state;
    n = build_head(big, sizeof big, min_len + (lines - 1) * 5, lines);
    assert_true(lines > 3000);
    run_all(big, n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
    n = build_head(big, sizeof big, min_len + 100 * 5, 101);
    run_all(big, n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
    /* the same lines one byte over the head's bytes: the limit */
    n = build_head(big, sizeof big, PROVKIT_HTTP_MAX_HEADER_BYTES + 1, lines);
    run_all(big, n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_ERR_LIMIT);
}

static void test_interim_limit(void **state)
{
    static result_t res;
    static const char interim[] = "HTTP/1.1 100 Continue\r\n\r\n";
    static const char final[] = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n!";
    size_t n = 0;
    size_t i;
    (void)state;
    for (i = 0; i < PROVKIT_HTTP_MAX_INTERIM; i++) {
        memcpy(big + n, interim, sizeof interim - 1);
        n += sizeof interim - 1;
    }
    memcpy(big + n, final, sizeof final - 1);
    run_all(big, n + sizeof final - 1, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
    assert_int_equal(res.status, 200);
    assert_int_equal(res.body_len, 1);

    memcpy(big + n, interim, sizeof interim - 1);
    n += sizeof interim - 1;
    memcpy(big + n, final, sizeof final - 1);
    run_all(big, n + sizeof final - 1, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_ERR_LIMIT);
}

/* The limit counts each head on its own: interim heads do not use up the
 * final head's budget. */
static void test_head_limit_per_response(void **state)
{
    static result_t res;
    static const char interim[] = "HTTP/1.1 100 Continue\r\n\r\n";
    size_t n;
    (void)state;
    memcpy(big, interim, sizeof interim - 1);
    n = build_head(big + sizeof interim - 1, sizeof big - sizeof interim,
                   PROVKIT_HTTP_MAX_HEADER_BYTES, 2);
    run_all(big, n + sizeof interim - 1, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
}

static void test_trailer_limits(void **state)
{
    static result_t res;
    static const char head[] =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
    size_t n = sizeof head - 1;
    size_t i;
    (void)state;
    memcpy(big, head, n);
    /* A trailer section exactly at the byte limit: "T:vvv...\r\n" + "\r\n". */
    memcpy(big + n, "T:", 2);
    memset(big + n + 2, 'v', PROVKIT_HTTP_MAX_HEADER_BYTES - 6);
    memcpy(big + n + PROVKIT_HTTP_MAX_HEADER_BYTES - 4, "\r\n\r\n", 4);
    run_all(big, n + PROVKIT_HTTP_MAX_HEADER_BYTES, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
    memcpy(big + n, "T:v", 3);
    memset(big + n + 3, 'v', PROVKIT_HTTP_MAX_HEADER_BYTES - 6);
    memcpy(big + n + PROVKIT_HTTP_MAX_HEADER_BYTES - 3, "\r\n\r\n", 4);
    run_all(big, n + PROVKIT_HTTP_MAX_HEADER_BYTES + 1, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_ERR_LIMIT);

    /* Trailer lines are not counted either: 500 of them pass. */
    for (i = 0; i < 500; i++) {
        memcpy(big + n + i * 5, "T:1\r\n", 5);
    }
    memcpy(big + n + i * 5, "\r\n", 2);
    run_all(big, n + i * 5 + 2, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);

    /* A chunk-size line (extensions) is bounded too. */
    memcpy(big, head, n - 3);
    n -= 3;
    memcpy(big + n, "1;", 2);
    memset(big + n + 2, 'e', PROVKIT_HTTP_MAX_HEADER_BYTES);
    run_all(big, n + 2 + PROVKIT_HTTP_MAX_HEADER_BYTES, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_ERR_LIMIT);
}

static void test_content_type_truncation(void **state)
{
    static result_t res;
    char in[512];
    char ct[PROVKIT_HTTP_CONTENT_TYPE_MAX + 2];
    int n;
    (void)state;
    memset(ct, 'c', sizeof ct - 1);
    ct[PROVKIT_HTTP_CONTENT_TYPE_MAX] = '\0';
    n = snprintf(in, sizeof in,
                 "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
                 "Content-Length: 0\r\n\r\n", ct);
    run_all(in, (size_t)n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
    assert_string_equal(res.ct, ct);
    assert_false(res.ct_trunc);

    ct[PROVKIT_HTTP_CONTENT_TYPE_MAX] = 'd';
    ct[PROVKIT_HTTP_CONTENT_TYPE_MAX + 1] = '\0';
    n = snprintf(in, sizeof in,
                 "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
                 "Content-Length: 0\r\n\r\n", ct);
    run_all(in, (size_t)n, 16, false, &res);
    assert_int_equal(res.rc, PROVKIT_OK);
    ct[PROVKIT_HTTP_CONTENT_TYPE_MAX] = '\0';
    assert_string_equal(res.ct, ct);
    assert_true(res.ct_trunc);
}

static void test_args(void **state)
{
    provkit_http_response_t r;
    uint8_t body[4];
    size_t used = 5;
    (void)state;
    provkit_http_response_init(NULL, body, sizeof body);
    provkit_http_response_init(&r, body, sizeof body);
    assert_int_equal(provkit_http_response_feed(NULL, body, 1, &used),
                     PROVKIT_ERR_ARG);
    assert_int_equal(used, 0);
    assert_int_equal(provkit_http_response_feed(&r, body, 1, NULL),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_http_response_feed(&r, NULL, 1, &used),
                     PROVKIT_ERR_ARG);
    assert_int_equal(provkit_http_response_feed(&r, NULL, 0, &used),
                     PROVKIT_INCOMPLETE);
    assert_int_equal(provkit_http_response_eof(NULL), PROVKIT_ERR_ARG);
    /* A NULL body buffer means capacity 0. */
    provkit_http_response_init(&r, NULL, 100);
    assert_int_equal(r.body_cap, 0);
    assert_int_equal(
        provkit_http_response_feed(
            &r, (const uint8_t *)"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n",
            38, &used),
        PROVKIT_ERR_LIMIT);
}

/* init() with the struct's own buffer readies it for the next response on
 * a kept connection, as the client does. */
static void test_reuse(void **state)
{
    static const char two[] = "HTTP/1.1 200 OK\r\nContent-Type: a/b\r\n"
                              "Content-Length: 1\r\n\r\nA"
                              "HTTP/1.1 404 NF\r\nContent-Length: 2\r\n\r\nBC";
    provkit_http_response_t r;
    uint8_t body[8];
    size_t used;
    (void)state;
    provkit_http_response_init(&r, body, sizeof body);
    assert_int_equal(provkit_http_response_feed(&r, (const uint8_t *)two,
                                                sizeof two - 1, &used),
                     PROVKIT_OK);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "a/b");
    provkit_http_response_init(&r, r.body, r.body_cap);
    assert_int_equal(provkit_http_response_feed(&r, (const uint8_t *)two + used,
                                                sizeof two - 1 - used, &used),
                     PROVKIT_OK);
    assert_int_equal(r.status, 404);
    assert_string_equal(r.content_type, "");
    assert_int_equal(r.body_len, 2);
    assert_memory_equal(r.body, "BC", 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_head_bytes_limit),
        cmocka_unit_test(test_header_count_unlimited),
        cmocka_unit_test(test_interim_limit),
        cmocka_unit_test(test_head_limit_per_response),
        cmocka_unit_test(test_trailer_limits),
        cmocka_unit_test(test_content_type_truncation),
        cmocka_unit_test(test_args),
        cmocka_unit_test(test_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
