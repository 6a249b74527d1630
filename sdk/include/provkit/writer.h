/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/writer.h - the bounded writer every request is built with.
 *
 * A writer appends bytes to a caller buffer and never writes past its end.
 * Three modes, chosen at init:
 *   - buffer:   provkit_writer_init(w, buf, cap). On overflow the writer
 *               stops storing, keeps counting, and reports once, at the end,
 *               PROVKIT_ERR_BUFFER_TOO_SMALL with provkit_writer_total() =
 *               the bytes the whole output needs.
 *   - counting: provkit_writer_init(w, NULL, 0). Nothing is stored; total()
 *               is the exact size (used for Content-Length).
 *   - stream:   provkit_writer_init_stream(w, buf, cap, flush, ctx). When the
 *               buffer fills, flush(ctx, buf, len) is called and the buffer is
 *               reused, so output of any size passes through a small buffer.
 *   - window:   provkit_writer_init_window(w, buf, cap, skip). Bytes
 *               [skip, skip + cap) of the output are stored in buf; the ones
 *               before are only counted (a field measured already is skipped
 *               whole, unread). When the window is full the status becomes
 *               PROVKIT_INCOMPLETE and every appender does nothing more: the
 *               total then counts only as far as the window. So output of
 *               any size can be produced a window at a time, by writing it
 *               again (the exchange engine's send window).
 *
 * Errors are sticky: after the first failure every appender is a no-op and
 * provkit_writer_status() returns that first error. The escapers validate
 * UTF-8 and refuse (PROVKIT_ERR_INVALID_FIELD, nothing appended) text that is
 * not valid UTF-8, that holds NUL, or (XML) holds a character XML 1.0 cannot
 * carry. A refused field never leaves half of itself in the output.
 *
 * No allocation, no globals; a writer is 11 words. Not thread-safe per writer.
 */
#ifndef PROVKIT_WRITER_H
#define PROVKIT_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/errors.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Stream sink: take len bytes; return PROVKIT_OK or a negative status,
 * which becomes the writer's sticky error. */
typedef int (*provkit_flush_fn)(void *ctx, const char *data, size_t len);

/** What a request encoding carries, and how its escaper writes a field. */
enum provkit_encoding {
    PROVKIT_ENC_TEXT = 0, /**< a JSON string: valid UTF-8, controls escaped */
    PROVKIT_ENC_XML = 1,  /**< XML 1.0 character data (provkit_w_xml) */
    PROVKIT_ENC_FORM = 2  /* a form value: valid UTF-8 (provkit_w_form) */
};

/** A field validated and measured once for an encoding (provkit_measure):
 * a writer that knows it neither checks nor measures it again, so a
 * counting pass costs nothing per byte and a field that needs no escaping
 * goes out in one copy. */
typedef struct provkit_measured {
    const char *s; /**< the text, recognised by address and length */
    uint16_t n;    /**< its length in bytes */
    uint16_t out;  /**< its length once escaped (== n: it goes out as it is,
                      but for a form's spaces, which become '+') */
} provkit_measured_t;

/** The fields a writer knows: m[0..n) (entries with s NULL are unused),
 * measured for enc. */
typedef struct provkit_known {
    const provkit_measured_t *m; /**< the measured fields */
    uint8_t n; /**< how many */
    uint8_t enc; /**< enum provkit_encoding */
} provkit_known_t;

/** A bounded writer: into a buffer, counting only, or streaming through a
 * buffer to a flush callback (see above). Fields are private. */
typedef struct provkit_writer {
    char *buf;              /**< NULL in counting mode */
    size_t cap;             /**< capacity of buf */
    size_t len;             /**< bytes held in buf now */
    size_t total;           /**< bytes produced since init, stored or not */
    provkit_flush_fn flush; /**< stream mode only */
    void *flush_ctx; /**< the flush callback's context */
    int status;             /**< PROVKIT_OK or the first error */
    provkit_known_t known;  /**< fields measured already (none after init) */
    size_t skip;            /**< window mode: output bytes still to skip */
    bool window;            /**< window mode */
} provkit_writer_t;

/** Buffer mode: into buf[0..cap); with buf NULL, counting mode (nothing
 * stored, every byte counted). */
void provkit_writer_init(provkit_writer_t *w, char *buf, size_t cap);
/** Stream mode: through buf[0..cap), flush(ctx, ...) called whenever it is
 * full and at provkit_writer_finish(). */
void provkit_writer_init_stream(provkit_writer_t *w, char *buf, size_t cap,
                                provkit_flush_fn flush, void *ctx);

/** Window mode: store output bytes [skip, skip + cap) in buf[0..cap). */
void provkit_writer_init_window(provkit_writer_t *w, char *buf, size_t cap, size_t skip);

/** Bytes produced since init (stored, flushed, or only counted). */
size_t provkit_writer_total(const provkit_writer_t *w);
/** PROVKIT_OK, PROVKIT_ERR_BUFFER_TOO_SMALL, PROVKIT_ERR_INVALID_FIELD, the
 * error a flush returned, or (window mode) PROVKIT_INCOMPLETE: the window
 * is full. */
int provkit_writer_status(const provkit_writer_t *w);
/** Stream mode: flush what is buffered. Buffer mode: NUL-terminate if room is
 * left (the NUL is not counted) and return the status. */
int provkit_writer_finish(provkit_writer_t *w);

/** Record a failure found by a layer above the writer (e.g. a value out of
 * range): becomes the sticky status unless one is already set. */
void provkit_writer_fail(provkit_writer_t *w, int status);

/** Raw appenders: bytes go out as they are (s[0..n)). */
void provkit_w_raw(provkit_writer_t *w, const char *s, size_t n);
void provkit_w_str(provkit_writer_t *w, const char *s); /**< s NUL-terminated */
/** A string literal, its length known at compile time (no strlen). */
#define provkit_w_lit(w, lit) provkit_w_raw((w), "" lit, sizeof(lit) - 1u) /* NUL-terminated */
void provkit_w_char(provkit_writer_t *w, char c); /**< one byte */
void provkit_w_u64(provkit_writer_t *w, uint64_t v);     /**< decimal */
void provkit_w_i64(provkit_writer_t *w, int64_t v);      /**< decimal */

/* Escaping appenders. Each validates s[0..n) as UTF-8 first. */
/** application/x-www-form-urlencoded: A-Z a-z 0-9 * - . _ as is, space as
 * '+', every other byte as %XX (uppercase hex). */
void provkit_w_form(provkit_writer_t *w, const char *s, size_t n);
/** XML character data and attribute values: & < > " ' as entities, CR as
 * &#13; (so it survives end-of-line normalisation); TAB and LF as is; other
 * C0 controls, U+FFFE and U+FFFF are refused (XML 1.0 cannot carry them,
 * not even as character references). */
void provkit_w_xml(provkit_writer_t *w, const char *s, size_t n);
/** JSON string contents (no quotes): " and \ escaped, control characters
 * below 0x20 and DEL as `\u00XX`. */
void provkit_w_json(provkit_writer_t *w, const char *s, size_t n);

/** UTF-8 validation (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
 * Returns PROVKIT_OK and sets *nchars (may be NULL) to the number of code
 * points, or PROVKIT_ERR_INVALID_FIELD. NUL is valid here; the escapers
 * refuse it separately. */
int provkit_utf8_check(const char *s, size_t n, size_t *nchars);


#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_WRITER_H */
