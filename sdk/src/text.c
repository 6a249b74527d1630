/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.c - one of each grammar the codecs share (see text.h): a UTF-8
 * decoder, a decimal integer parser with overflow checks, the JSON number
 * grammar and the identifier-path grammar. The writer's public UTF-8 checks
 * are here too, on the same decoder.
 */
#include "text.h"

#include "provkit/errors.h"
#include "provkit/writer.h"

size_t provkit_text_utf8(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c;
    size_t len;
    uint32_t v, min;

    if (n == 0) {
        return 0;
    }
    c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2; v = c & 0x1Fu; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; v = c & 0x0Fu; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; v = c & 0x07u; min = 0x10000;
    } else {
        return 0; /* continuation byte, overlong lead C0/C1, or F5..FF */
    }
    if (n < len) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0u) != 0x80u) {
            return 0;
        }
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFFu || (v >= 0xD800u && v <= 0xDFFFu)) {
        return 0;
    }
    *cp = v;
    return len;
}

int provkit_text_u64(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0) {
        return PROVKIT_ERR_RANGE;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t d;
        if (!is_digit(s[i])) {
            return PROVKIT_ERR_RANGE;
        }
        d = (uint64_t)(s[i] - '0');
        /* (no 64-bit division: a libgcc routine on a 32-bit core) */
        if (v > UINT64_MAX / 10u || v * 10u > max - d) {
            return PROVKIT_ERR_RANGE;
        }
        v = v * 10u + d;
    }
    *out = v;
    return PROVKIT_OK;
}

int provkit_text_i64(const char *s, size_t n, int64_t *out)
{
    bool neg = n > 0 && s[0] == '-';
    uint64_t v;
    size_t k = neg ? 1u : 0u;
    if (provkit_text_u64(s + k, n - k, neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX,
                         &v) != PROVKIT_OK) {
        return PROVKIT_ERR_RANGE;
    }
    /* -(v - 1) - 1 reaches INT64_MIN without an out-of-range conversion */
    *out = neg ? (v == 0 ? 0 : -(int64_t)(v - 1u) - 1) : (int64_t)v;
    return PROVKIT_OK;
}

static size_t digits(const char *s, size_t n, size_t i)
{
    while (i < n && is_digit(s[i])) {
        i++;
    }
    return i;
}

size_t provkit_text_number(const char *s, size_t n)
{
    size_t i = 0, d;
    if (i < n && s[i] == '-') {
        i++;
    }
    if (i < n && s[i] == '0') {
        i++; /* no leading zeros: "01" is the number "0" and then a '1' */
    } else {
        d = digits(s, n, i);
        if (d == i) {
            return 0;
        }
        i = d;
    }
    if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
        i = digits(s, n, i + 1);
    } else if (i < n && s[i] == '.') {
        return 0; /* "1." */
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = i + 1;
        if (e < n && (s[e] == '+' || s[e] == '-')) {
            e++;
        }
        d = digits(s, n, e);
        if (d == e) {
            return 0; /* "1e", "1e+" */
        }
        i = d;
    }
    return i;
}

static bool ident_char(char c, bool first)
{
    return is_alpha(c) || c == '_' || c == '$' || (!first && is_digit(c));
}

size_t provkit_text_ident_path(const char *s, size_t n)
{
    size_t i = 0, end = 0;
    while (i < n && ident_char(s[i], true)) {
        i++;
        while (i < n && ident_char(s[i], false)) {
            i++;
        }
        end = i;
        if (i < n && s[i] == '.') {
            i++; /* a segment must follow, else the dot is not ours */
        } else {
            break;
        }
    }
    return end;
}

/* ---- the writer's public UTF-8 checks (provkit/writer.h) ---- */

int provkit_utf8_check(const char *s, size_t n, size_t *nchars)
{
    size_t count = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = provkit_text_utf8(s + i, n - i, &cp);
        if (len == 0) {
            return PROVKIT_ERR_INVALID_FIELD;
        }
        i += len;
        count++;
    }
    if (nchars != NULL) {
        *nchars = count;
    }
    return PROVKIT_OK;
}

size_t provkit_utf8_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = n;
    /* step back over continuation bytes to the lead of the last sequence */
    while (i > 0 && n - i < 3 && (p[i - 1] & 0xC0u) == 0x80u) {
        i--;
    }
    if (i > 0 && p[i - 1] >= 0xC0u) {
        size_t want = p[i - 1] >= 0xF0u ? 4u : (p[i - 1] >= 0xE0u ? 3u : 2u);
        if (n - (i - 1) < want) {
            return i - 1; /* the last character lost its tail */
        }
    }
    return n;
}
