/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http_wire.h - internal to sdk/src: HTTP/1.1 on the wire, the request head
 * writer and the incremental (sans-I/O) response reader.
 *
 * Neither half touches a socket. The writer appends a request head to a
 * provkit_writer_t (buffer, counting or stream mode). The reader takes the
 * response bytes in pieces of any size and fills a caller-owned struct
 * (provkit/http.h, documented there); its result does not depend on how
 * the bytes were split.
 */
#ifndef PROVKIT_HTTP_WIRE_H
#define PROVKIT_HTTP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/errors.h"
#include "provkit/http.h"
#include "provkit/writer.h"
#include "provkit/url.h"

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

/* The same bytes without the checks, for a head that
 * provkit_http_write_request_head() accepted already (the client's counting
 * pass): its sending pass. */
void provkit_http_write_checked_head(provkit_writer_t *w, const provkit_http_request_t *req);

/* ------------------------------------------------------------------------
 * Response reader (the state: provkit/http.h)
 * ------------------------------------------------------------------------ */

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


#endif /* PROVKIT_HTTP_WIRE_H */
