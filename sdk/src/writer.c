/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bounded writer: every request byte provkit produces goes through here,
 * so this is where buffer overflow and injection are stopped.
 */
#include "provkit/writer.h"

#include "text.h"

#include <string.h>

static const char hex_digits[] = "0123456789ABCDEF";

void provkit_writer_init(provkit_writer_t *w, char *buf, size_t cap)
{
    w->buf = buf;
    w->cap = (buf != NULL) ? cap : 0;
    w->len = 0;
    w->total = 0;
    w->flush = NULL;
    w->flush_ctx = NULL;
    w->status = PROVKIT_OK;
    w->known.m = NULL;
    w->known.n = 0;
    w->known.enc = 0;
    w->skip = 0;
    w->window = false;
}

void provkit_writer_init_window(provkit_writer_t *w, char *buf, size_t cap, size_t skip)
{
    provkit_writer_init(w, buf, cap);
    w->skip = skip;
    w->window = true;
}

void provkit_writer_init_stream(provkit_writer_t *w, char *buf, size_t cap,
                                provkit_flush_fn flush, void *ctx)
{
    provkit_writer_init(w, buf, cap);
    w->flush = flush;
    w->flush_ctx = ctx;
    if (buf == NULL || cap == 0 || flush == NULL) {
        w->status = PROVKIT_ERR_ARG;
    }
}

size_t provkit_writer_total(const provkit_writer_t *w) { return w->total; }

void provkit_writer_fail(provkit_writer_t *w, int status)
{
    if (w->status == PROVKIT_OK && status < 0) {
        w->status = status;
    }
}

int provkit_writer_status(const provkit_writer_t *w) { return w->status; }

static void drain(provkit_writer_t *w)
{
    if (w->len > 0 && w->status == PROVKIT_OK) {
        int rc = w->flush(w->flush_ctx, w->buf, w->len);
        if (rc < 0) {
            w->status = rc;
        }
    }
    w->len = 0;
}

int provkit_writer_finish(provkit_writer_t *w)
{
    if (w->flush != NULL) {
        drain(w);
    } else if (w->buf != NULL && w->len < w->cap) {
        w->buf[w->len] = '\0';
    }
    return w->status;
}

void provkit_w_raw(provkit_writer_t *w, const char *s, size_t n)
{
    if (w->status == PROVKIT_OK && n <= w->cap - w->len && w->skip == 0) {
        /* the usual case: it fits (counting mode never gets here: cap 0) */
        if (n > 0) {
            memcpy(w->buf + w->len, s, n);
        }
        w->len += n;
        w->total += n;
        return;
    }
    if (w->status != PROVKIT_OK && w->status != PROVKIT_ERR_BUFFER_TOO_SMALL) {
        return;
    }
    if (w->skip > 0) { /* window mode: bytes before the window are counted */
        size_t k = n < w->skip ? n : w->skip;
        w->skip -= k;
        w->total += k;
        s += k;
        n -= k;
    }
    w->total += n;
    if (w->buf == NULL || w->status != PROVKIT_OK) {
        return; /* counting, or already overflowed: keep counting only */
    }
    while (n > 0) {
        size_t room = w->cap - w->len;
        if (room == 0) {
            if (w->flush == NULL) {
                /* a full window stops the pass: the rest is for later */
                w->status = w->window ? PROVKIT_INCOMPLETE : PROVKIT_ERR_BUFFER_TOO_SMALL;
                return;
            }
            drain(w);
            if (w->status != PROVKIT_OK) {
                return;
            }
            room = w->cap;
        }
        size_t take = n < room ? n : room;
        memcpy(w->buf + w->len, s, take);
        w->len += take;
        s += take;
        n -= take;
    }
}

void provkit_w_str(provkit_writer_t *w, const char *s)
{
    provkit_w_raw(w, s, strlen(s));
}

void provkit_w_char(provkit_writer_t *w, char c) { provkit_w_raw(w, &c, 1); }

/* v / 10 and v % 10 with 32-bit operations only (no libgcc 64-bit
 * division on a 32-bit core): with v = hi * 2^32 + lo and
 * 2^32 = 429496729 * 10 + 6, v = 10 * (hi / 10 * 2^32 + r * 429496729 +
 * lo / 10) + r * 6 + lo % 10, where r = hi % 10 and r * 6 + lo % 10 < 64. */
static uint64_t div10(uint64_t v, unsigned *rem)
{
    uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;
    uint32_t r = hi % 10u, t = r * 6u + lo % 10u;
    *rem = t % 10u;
    return ((uint64_t)(hi / 10u) << 32) + (uint64_t)r * 429496729u + lo / 10u + t / 10u;
}

void provkit_w_u64(provkit_writer_t *w, uint64_t v)
{
    char digits[20];
    size_t i = sizeof digits;
    do {
        unsigned d;
        v = div10(v, &d);
        digits[--i] = (char)('0' + d);
    } while (v != 0);
    provkit_w_raw(w, digits + i, sizeof digits - i);
}

void provkit_w_i64(provkit_writer_t *w, int64_t v)
{
    if (v < 0) {
        provkit_w_char(w, '-');
        /* -(v + 1) + 1 avoids overflowing on INT64_MIN */
        provkit_w_u64(w, (uint64_t)(-(v + 1)) + 1u);
    } else {
        provkit_w_u64(w, (uint64_t)v);
    }
}

size_t provkit_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80u) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800u) {
        out[0] = (char)(0xC0u | (cp >> 6));
        out[1] = (char)(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp >= 0xD800u && cp <= 0xDFFFu) {
        return 0;
    }
    if (cp < 0x10000u) {
        out[0] = (char)(0xE0u | (cp >> 12));
        out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        out[2] = (char)(0x80u | (cp & 0x3Fu));
        return 3;
    }
    if (cp <= 0x10FFFFu) {
        out[0] = (char)(0xF0u | (cp >> 18));
        out[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
        out[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        out[3] = (char)(0x80u | (cp & 0x3Fu));
        return 4;
    }
    return 0;
}

/*
 * The three escapers share one shape: validate the whole field first (so a
 * refused field leaves nothing behind), then copy runs of bytes that need no
 * escaping in one raw append and escape the rest one byte at a time.
 */
enum escape_kind { ESC_FORM, ESC_XML, ESC_JSON };

/* Per ASCII byte, two bits per format (form, XML, JSON from the low bits):
 * 0 = copy as is, 1 = escape, 2 = refuse (NUL everywhere; in XML the C0
 * controls but TAB, LF and CR). Form keeps A-Z a-z 0-9 * - . _; XML escapes
 * & < > " ' and CR; JSON escapes the controls, DEL, " and \. */
static const unsigned char esc_class[128] = {
    0x2A, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x11, 0x11, 0x19, 0x19, 0x15, 0x19, 0x19,
    0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19, 0x19,
    0x01, 0x01, 0x15, 0x01, 0x01, 0x01, 0x05, 0x05, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x05, 0x01, 0x05, 0x01,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x11, 0x01, 0x01, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0x01, 0x11,
};

static int needs_escape(enum escape_kind kind, unsigned char c)
{
    return (esc_class[c] >> (2u * (unsigned)kind)) & 3;
}

/* Bytes one escaped ASCII byte becomes (escape_one writes them). */
static size_t escaped_len(enum escape_kind kind, unsigned char c)
{
    switch (kind) {
    case ESC_FORM: return c == ' ' ? 1u : 3u;
    case ESC_XML: return (c == '<' || c == '>') ? 4u : (c == '&' || c == '\r') ? 5u : 6u;
    case ESC_JSON:
    default: return (c == '"' || c == '\\') ? 2u : 6u;
    }
}

static void escape_one(provkit_writer_t *w, enum escape_kind kind, unsigned char c)
{
    char tmp[8];
    switch (kind) {
    case ESC_FORM:
        if (c == ' ') {
            provkit_w_char(w, '+');
            return;
        }
        tmp[0] = '%';
        tmp[1] = hex_digits[c >> 4];
        tmp[2] = hex_digits[c & 0x0Fu];
        provkit_w_raw(w, tmp, 3);
        return;
    case ESC_XML:
        switch (c) {
        case '&': provkit_w_raw(w, "&amp;", 5); return;
        case '<': provkit_w_raw(w, "&lt;", 4); return;
        case '>': provkit_w_raw(w, "&gt;", 4); return;
        case '"': provkit_w_raw(w, "&quot;", 6); return;
        case '\'': provkit_w_raw(w, "&apos;", 6); return;
        default: provkit_w_raw(w, "&#13;", 5); return; /* CR */
        }
    case ESC_JSON:
    default:
        if (c == '"' || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            provkit_w_raw(w, tmp, 2);
            return;
        }
        memcpy(tmp, "\\u00", 4);
        tmp[4] = hex_digits[c >> 4];
        tmp[5] = hex_digits[c & 0x0Fu];
        provkit_w_raw(w, tmp, 6);
        return;
    }
}

/* One pass validates the whole field (valid UTF-8, no byte the format
 * refuses, for XML no U+FFFE or U+FFFF) and measures it: escaped length,
 * characters, and whether it goes out as it is. */
static int measure(enum escape_kind kind, const char *s, size_t n, size_t *out, bool *plain)
{
    size_t o = 0;
    bool p = true; /* (a form's ' ' becomes '+': same length, not plain) */
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        uint32_t cp;
        size_t len;
        if (b < 0x80) {
            int esc = needs_escape(kind, b);
            if (esc == 2) {
                return PROVKIT_ERR_INVALID_FIELD;
            }
            o += esc == 0 ? 1u : escaped_len(kind, b);
            p = p && esc == 0;
            i++;
            continue;
        }
        len = provkit_text_utf8(s + i, n - i, &cp);
        if (len == 0 || (kind == ESC_XML && (cp == 0xFFFEu || cp == 0xFFFFu))) {
            return PROVKIT_ERR_INVALID_FIELD;
        }
        o += kind == ESC_FORM ? 3u * len : len; /* forms percent-encode non-ASCII */
        p = p && kind != ESC_FORM;
        i += len;
    }
    *out = o;
    *plain = p;
    return PROVKIT_OK;
}

static enum escape_kind kind_of(unsigned enc)
{
    return enc == PROVKIT_ENC_FORM ? ESC_FORM : enc == PROVKIT_ENC_XML ? ESC_XML : ESC_JSON;
}

int provkit_measure(enum provkit_encoding enc, const char *s, size_t n, provkit_measured_t *m)
{
    size_t out = 0;
    bool plain = true;
    int rc = measure(kind_of(enc), s, n, &out, &plain);
    m->s = NULL;
    if (rc == PROVKIT_OK && (n > UINT16_MAX || out > UINT16_MAX)) {
        rc = PROVKIT_ERR_LIMIT;
    }
    if (rc == PROVKIT_OK) {
        m->s = s;
        m->n = (uint16_t)n;
        m->out = (uint16_t)out;
    }
    return rc;
}

static const provkit_measured_t *known(const provkit_writer_t *w, enum escape_kind kind,
                                       const char *s, size_t n)
{
    if (w->known.m == NULL || kind_of(w->known.enc) != kind) {
        return NULL;
    }
    for (size_t i = 0; i < w->known.n; i++) {
        const provkit_measured_t *m = &w->known.m[i];
        if (m->s == s && m->n == n) {
            return m;
        }
    }
    return NULL;
}

static void escape(provkit_writer_t *w, enum escape_kind kind, const char *s, size_t n)
{
    if (w->status != PROVKIT_OK && w->status != PROVKIT_ERR_BUFFER_TOO_SMALL) {
        return;
    }
    if (n == 0) {
        return; /* also keeps NULL + 0 (undefined in C) out of the loop below */
    }
    if (s == NULL) {
        w->status = PROVKIT_ERR_ARG;
        return;
    }
    /* A field not measured before is validated whole first (so a refused
     * one leaves nothing behind) and measured: a counting writer is done
     * then, and the usual field, which needs no escaping, goes out in one
     * append. */
    const provkit_measured_t *m = known(w, kind, s, n);
    size_t out = 0;
    bool plain = true;
    if (m != NULL) {
        out = m->out;
        plain = out == n && kind != ESC_FORM; /* (a form: the loop below, for '+') */
    } else if (measure(kind, s, n, &out, &plain) != PROVKIT_OK) {
        w->status = PROVKIT_ERR_INVALID_FIELD;
        return;
    }
    if (w->buf == NULL || out <= w->skip) {
        /* counting, or before a window: the length is all that is wanted */
        w->total += out;
        w->skip -= w->buf != NULL ? out : 0u;
        return;
    }
    if (plain) {
        provkit_w_raw(w, s, n); /* nothing to escape */
        return;
    }
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* Bytes >= 0x80 are parts of validated UTF-8 sequences: copied in XML
         * and JSON, percent-encoded in forms. */
        int esc = (c < 0x80) ? needs_escape(kind, c) : (kind == ESC_FORM);
        if (esc) {
            provkit_w_raw(w, s + run, i - run);
            escape_one(w, kind, c);
            run = i + 1;
        }
    }
    provkit_w_raw(w, s + run, n - run);
}

void provkit_w_form(provkit_writer_t *w, const char *s, size_t n) { escape(w, ESC_FORM, s, n); }
void provkit_w_xml(provkit_writer_t *w, const char *s, size_t n) { escape(w, ESC_XML, s, n); }
void provkit_w_json(provkit_writer_t *w, const char *s, size_t n) { escape(w, ESC_JSON, s, n); }
