/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h - internal to sdk/src: the one text module. Character classes and
 * bit helpers (static inline: each file keeps what it uses), and one of each
 * grammar the codecs share: UTF-8, decimal integers, JSON numbers and
 * identifier paths (text.c). Every predicate takes int so that char and
 * uint8_t callers both pass without a conversion; bytes >= 0x80 are never in
 * a class.
 */
#ifndef PROVKIT_TEXT_H
#define PROVKIT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static inline bool is_alpha(int c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
static inline bool is_alnum(int c) { return is_alpha(c) || is_digit(c); }

/* Value of a hex digit, -1 for any other byte. */
static inline int hex_value(int c)
{
    if (is_digit(c)) {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static inline bool is_hex(int c) { return hex_value(c) >= 0; }

/* Bit i of a packed bit array (the JSON nesting stacks). */
static inline bool bit_get(const uint8_t *bits, unsigned i)
{
    return (((unsigned)bits[i / 8u] >> (i % 8u)) & 1u) != 0u;
}

static inline void bit_put(uint8_t *bits, unsigned i, bool v)
{
    uint8_t mask = (uint8_t)(1u << (i % 8u));
    bits[i / 8u] = v ? (uint8_t)(bits[i / 8u] | mask) : (uint8_t)(bits[i / 8u] & (uint8_t)~mask);
}


/* ---- one of each grammar the codecs share (text.c) ---- */

/* One UTF-8 sequence at s[0..n) (RFC 3629: shortest form, no surrogates, at
 * most U+10FFFF): its length (1..4) with the code point in *cp, or 0 when
 * s does not start with one (n == 0 included). */
size_t provkit_text_utf8(const char *s, size_t n, uint32_t *cp);

/* Decimal digits s[0..n), at least one, as a value <= max into *out.
 * PROVKIT_ERR_RANGE for an empty run, another byte or a value above max. */
int provkit_text_u64(const char *s, size_t n, uint64_t max, uint64_t *out);

/* An optional '-' then decimal digits, exactly s[0..n), as int64 into *out;
 * PROVKIT_ERR_RANGE otherwise (spaces, '+', fraction, exponent, overflow). */
int provkit_text_i64(const char *s, size_t n, int64_t *out);

/* Length of the RFC 8259 number at the start of s[0..n),
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, or 0 if none starts there.
 * A number is s itself when the result is n (and n > 0). */
size_t provkit_text_number(const char *s, size_t n);

/* Length of the JavaScript identifier path at the start of s[0..n):
 * [A-Za-z_$][A-Za-z0-9_$]* segments joined by single dots (a JSONP
 * callback), or 0 if none starts there. A trailing dot is not part of it. */
size_t provkit_text_ident_path(const char *s, size_t n);

/* ---- the writer's internals and UTF-8 helpers (writer.c) ---- */
#include "provkit/writer.h"

/* Validate s[0..n) for enc as its escaper does and measure it into *m
 * (m->s = s). PROVKIT_ERR_INVALID_FIELD for text the escaper refuses;
 * PROVKIT_ERR_LIMIT for a text of 65,536 bytes or more (not measured: a
 * writer then checks it as it writes it). */
int provkit_measure(enum provkit_encoding enc, const char *s, size_t n, provkit_measured_t *m);

/* Length of the longest prefix of s[0..n) that does not end inside a UTF-8
 * sequence: where to cut valid UTF-8 text that does not fit. */
size_t provkit_utf8_prefix(const char *s, size_t n);

/* Encode code point cp as UTF-8 into out[4]; returns bytes (1..4), or 0 if
 * cp is a surrogate or above U+10FFFF. */
size_t provkit_utf8_encode(uint32_t cp, char out[4]);

#endif /* PROVKIT_TEXT_H */
