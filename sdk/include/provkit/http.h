/*
 * provkit/http.h - HTTP/1.1 on the wire: the request head writer and the
 * incremental (sans-I/O) response reader.
 *
 * Neither half touches a socket. The writer appends a request head to a
 * provkit_writer_t (buffer, counting or stream mode). The reader takes the
 * response bytes in pieces of any size and fills a caller-owned struct;
 * its result does not depend on how the bytes were split.
 */
#ifndef PROVKIT_HTTP_H
#define PROVKIT_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/errors.h"
#include "provkit/url.h"
#include "provkit/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Request head
 * ------------------------------------------------------------------------ */

/* The User-Agent every provkit request carries. */
#define PROVKIT_HTTP_USER_AGENT "provkit/0.1"

typedef struct provkit_http_request {
    /* Request method token, NUL-terminated; NULL means "POST". */
    const char *method;
    /* Target: host, port, tls (for the default port), path and query. The
     * spans are checked again here, so a hand-built provkit_url_t cannot
     * smuggle a CR/LF into the request line or the Host header. */
    const provkit_url_t *url;
    /* Header values, NUL-terminated; NULL leaves Content-Type out and
     * sends the any-type wildcard as Accept. Visible ASCII and single
     * interior spaces only (so "text/xml; charset=utf-8" is fine). */
    const char *content_type;
    const char *accept;
    /* NULL, or one more query parameter ("name=value", target characters
     * only: checked), added after the URL's own query with '&' or '?', so
     * that an endpoint keeps one parsed URL whatever the call adds. */
    const char *query_extra;
    /* Exact body size, from a counting pass of the body writer. */
    uint64_t content_length;
    /* true: "Connection: keep-alive"; false: "Connection: close". */
    bool keep_alive;
} provkit_http_request_t;

/*
 * Append the request head (request line, Host, User-Agent, Accept,
 * Content-Type, Content-Length, Connection, blank line) to w:
 *
 *   POST /path?query HTTP/1.1\r\n
 *   Host: host[:port]\r\n          (port only when not the scheme default;
 *                                   an IPv6 host in brackets)
 *   User-Agent: provkit/0.1\r\n
 *   Accept: <accept, or the wildcard any-type when NULL>\r\n
 *   Content-Type: <content_type>\r\n   (only when not NULL)
 *   Content-Length: <n>\r\n
 *   Connection: keep-alive|close\r\n
 *   \r\n
 *
 * Every field is validated before the first byte is appended, so a refused
 * request leaves w untouched: the method must be an RFC 9110 token; path
 * and query visible ASCII without '#'; the host name, IPv4 or IPv6 text as
 * provkit_url_parse accepts it; header values visible ASCII with single
 * spaces between words, no leading or trailing space, no control byte.
 *
 * Returns PROVKIT_OK, or the writer's status after appending (e.g.
 * PROVKIT_ERR_BUFFER_TOO_SMALL, a flush error); PROVKIT_ERR_ARG for NULL
 * w/req/url or a bad method or header value; PROVKIT_ERR_URL for a bad
 * host, path or query. Nothing is kept after the call.
 */
int provkit_http_write_request_head(provkit_writer_t *w,
                                    const provkit_http_request_t *req);

/* ------------------------------------------------------------------------
 * Response reader
 * ------------------------------------------------------------------------
 *
 * What it accepts:
 *   - status line "HTTP/1.<digit> NNN reason\r\n"; the reason may be empty
 *     or missing with its space; NNN is 100..999 (600-999 are unknown
 *     classes, which RFC 9110 says to treat as 5xx). A bare LF ends a line
 *     like CRLF does; a CR not followed by LF is an error.
 *   - headers of any name case and any length: they are scanned byte by
 *     byte, never buffered; only Content-Length, Transfer-Encoding,
 *     Connection and Content-Type are kept (Content-Type truncated to
 *     PROVKIT_HTTP_CONTENT_TYPE_MAX bytes; when repeated, the last wins).
 *   - obsolete line folding (a header line starting with SP or HTAB) is
 *     accepted and read as a space inside the previous header's value, as
 *     RFC 9112 section 5.2 asks of a user agent; a fold right after the
 *     status line is refused.
 *   - Content-Length: digits only, with optional surrounding whitespace; a
 *     list ("5, 5") or a value past UINT64_MAX is refused; repeated
 *     headers must agree.
 *   - Transfer-Encoding: "chunked" only (any case, may be split over
 *     several headers); any other coding, chunked twice, or
 *     Transfer-Encoding together with Content-Length is refused. Chunk
 *     extensions are skipped, trailers are scanned and dropped.
 *   - no Content-Length and no Transfer-Encoding: the body ends when the
 *     peer closes (call provkit_http_response_eof); such a connection is
 *     never reusable.
 *   - 1xx interim responses (100 Continue, 103 Early Hints, ...) are
 *     skipped, at most PROVKIT_HTTP_MAX_INTERIM of them; 101 Switching
 *     Protocols is refused (provkit never asks to upgrade). 204 and 304
 *     have no body whatever their headers say.
 *
 * Limits (each exceeded -> PROVKIT_ERR_LIMIT):
 *   - each head (status line + headers + blank line, counted per response,
 *     interim ones included) at most PROVKIT_HTTP_MAX_HEADER_BYTES bytes;
 *     the trailer section of a chunked body has the same limit (the
 *     number of header lines is not limited: headers are scanned as a
 *     stream and only the bytes of a head are bounded);
 *   - the body must fit the caller's body buffer; with Content-Length the
 *     error comes as soon as the head is read, before any body byte.
 *
 * Keep-alive: HTTP/1.1 keeps the connection unless "Connection: close";
 * HTTP/1.0 closes unless "Connection: keep-alive"; a close-delimited body
 * always closes.
 *
 * Every error is sticky: later calls return the same error.
 */

/* The states are private to http_response.c. */
typedef struct provkit_http_response {
    /* --- results, valid once feed/eof returned PROVKIT_OK --- */
    int status;          /* final status code, 200..999 (or 1xx never) */
    int minor;           /* HTTP/1.<minor> of the final response */
    uint8_t *body;       /* the caller's body buffer (set by init) */
    size_t body_cap;     /* its capacity */
    size_t body_len;     /* body bytes stored in body[0..body_len) */
    /* Content-Type value, NUL-terminated, surrounding spaces removed;
     * "" when absent. content_type_truncated when it was longer. */
    char content_type[PROVKIT_HTTP_CONTENT_TYPE_MAX + 1];
    size_t content_type_len;
    bool content_type_truncated;
    bool keep_alive;     /* the connection may carry another request */

    /* --- private parser state; do not touch --- */
    int err;             /* sticky result once not PROVKIT_INCOMPLETE */
    uint8_t state;
    uint8_t hdr;         /* which known header the current line is */
    uint8_t sub;         /* value sub-state (leading space, digits, ...) */
    uint8_t name_len;
    char name[18];       /* lower-cased header name, as far as it matters */
    char tok[12];        /* current list element (TE, Connection) */
    uint8_t tok_len;
    bool tok_bad;        /* element too long, has parameters or spaces */
    bool fold_ok;        /* a header line came before: a fold may follow */
    bool have_cl;
    bool cl_seen_here;   /* this Content-Length line had digits */
    bool have_te;
    bool te_bad;
    bool conn_close;
    bool conn_keep;
    bool saw_bytes;
    uint8_t te_chunked;  /* "chunked" elements seen */
    uint8_t interim;     /* 1xx responses skipped */
    size_t pos;          /* index into the version literal */
    size_t head_bytes;   /* bytes of the current head or trailer section */
    uint64_t cl;         /* Content-Length of this response */
    uint64_t cl_line;    /* value on the current Content-Length line */
    uint64_t remaining;  /* body or chunk bytes still to come */
} provkit_http_response_t;

/*
 * Prepare r for a new response. body/body_cap: the caller's buffer that
 * will hold the body (not NUL-terminated); it must outlive r's use. body
 * may be NULL only with body_cap 0 (then any non-empty body is
 * PROVKIT_ERR_LIMIT). Calling init again reuses r for the next response
 * (e.g. provkit_http_response_init(r, r->body, r->body_cap)).
 */
void provkit_http_response_init(provkit_http_response_t *r, uint8_t *body,
                                size_t body_cap);

/*
 * Give the reader the next len bytes of the stream. *consumed (required)
 * is set to the bytes used; data may be NULL only when len is 0.
 *
 * Returns:
 *   PROVKIT_INCOMPLETE - all bytes used, the response is not complete yet;
 *   PROVKIT_OK         - the response is complete; data[*consumed..len) was
 *                        not used and belongs to whatever follows (provkit
 *                        sends one request at a time, so the client treats
 *                        such bytes as a reason to close). Further calls
 *                        return PROVKIT_OK with *consumed = 0;
 *   PROVKIT_ERR_HTTP   - the response breaks HTTP/1.1 as described above;
 *   PROVKIT_ERR_LIMIT  - a limit above was exceeded;
 *   PROVKIT_ERR_ARG    - r or consumed is NULL, or data NULL with len > 0.
 */
int provkit_http_response_feed(provkit_http_response_t *r, const uint8_t *data,
                               size_t len, size_t *consumed);

/*
 * The peer closed the connection. Returns PROVKIT_OK when that completes
 * the response (it was complete already, or its body is delimited by the
 * close); PROVKIT_ERR_CLOSED when no byte of a response had arrived;
 * PROVKIT_ERR_HTTP when the response was cut short; the sticky error if
 * one was already reported; PROVKIT_ERR_ARG for NULL r.
 */
int provkit_http_response_eof(provkit_http_response_t *r);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_HTTP_H */
