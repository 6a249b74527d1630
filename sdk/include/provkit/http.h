/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/http.h - the HTTP response reader's state, which the workspace
 * (provkit/provider.h) holds. Its functions, and the request head writer,
 * are internal (sdk/src/http_wire.h): an application never calls them.
 */
#ifndef PROVKIT_HTTP_H
#define PROVKIT_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/** The states are private to http_response.c. */
typedef struct provkit_http_response {
    /** --- results, valid once feed/eof returned PROVKIT_OK --- */
    int status;          /**< final status code, 200..999 (or 1xx never) */
    int minor;           /**< the final response's HTTP minor version (1 for HTTP/1.1) */
    uint8_t *body;       /**< the caller's body buffer (set by init) */
    size_t body_cap;     /**< its capacity */
    size_t body_len;     /**< body bytes stored in body[0..body_len) */
    /** Content-Type value, NUL-terminated, surrounding spaces removed;
     * "" when absent. content_type_truncated when it was longer. */
    char content_type[PROVKIT_HTTP_CONTENT_TYPE_MAX + 1];
    size_t content_type_len; /**< its length */
    bool content_type_truncated; /**< it was longer than content_type */
    bool keep_alive;     /**< the connection may carry another request */

    /** @cond PRIVATE */
    /* --- private parser state; do not touch --- */
    int err;             /**< sticky result once not PROVKIT_INCOMPLETE */
    uint8_t state;
    uint8_t hdr;         /**< which known header the current line is */
    uint8_t sub;         /**< value sub-state (leading space, digits, ...) */
    uint8_t name_len;
    char name[18];       /**< lower-cased header name, as far as it matters */
    char tok[12];        /**< current list element (TE, Connection) */
    uint8_t tok_len;
    bool tok_bad;        /**< element too long, has parameters or spaces */
    bool fold_ok;        /**< a header line came before: a fold may follow */
    bool have_cl;
    bool cl_seen_here;   /**< this Content-Length line had digits */
    bool have_te;
    bool te_bad;
    bool conn_close;
    bool conn_keep;
    bool saw_bytes;
    uint8_t te_chunked;  /**< "chunked" elements seen */
    uint8_t interim;     /**< 1xx responses skipped */
    size_t pos;          /**< index into the version literal */
    size_t head_bytes;   /**< bytes of the current head or trailer section */
    uint64_t cl;         /**< Content-Length of this response */
    uint64_t cl_line;    /**< value on the current Content-Length line */
    uint64_t remaining;  /**< body or chunk bytes still to come */
    /** @endcond */
} provkit_http_response_t;

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_HTTP_H */
