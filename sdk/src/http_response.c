/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http_response.c - incremental HTTP/1.1 response reader; see
 * provkit/http.h for what it accepts and refuses.
 *
 * One byte-driven state machine covers the head, chunk-size lines and
 * trailers; only body bytes are moved in bulk. Since every state decision
 * is taken on a single byte, splitting the input differently cannot change
 * the result. Header lines are never buffered: a header name is kept only
 * as far as it could match one of the four names provkit needs, and a
 * header's end is decided when the next line starts (it may be a fold).
 */
#include <string.h>

#include "http_wire.h"

#include "text.h"

enum {
    ST_VERSION,       /* matching "HTTP/1." */
    ST_MINOR,
    ST_SP1,
    ST_CODE,
    ST_AFTER_CODE,
    ST_REASON,
    ST_STATUS_CR,
    ST_LINE_START,    /* a header line, a fold, or the blank line */
    ST_NAME,
    ST_VALUE,
    ST_VALUE_CR,
    ST_HEAD_END_CR,
    ST_BODY_LEN,
    ST_BODY_CLOSE,
    ST_CHUNK_SIZE,
    ST_CHUNK_EXT,
    ST_CHUNK_SIZE_CR,
    ST_CHUNK_DATA,
    ST_CHUNK_DATA_CR,
    ST_CHUNK_DATA_LF,
    ST_TRAILER_START,
    ST_TRAILER_LINE,
    ST_TRAILER_CR,
    ST_TRAILER_END_CR,
    ST_DONE,
    ST_COUNT
};

/* Which states read protocol lines whose size PROVKIT_HTTP_MAX_HEADER_BYTES
 * bounds; the others are body bytes, bounded by the body buffer. */
static const bool k_line_state[ST_COUNT] = {
    [ST_VERSION] = true,       [ST_MINOR] = true,
    [ST_SP1] = true,           [ST_CODE] = true,
    [ST_AFTER_CODE] = true,    [ST_REASON] = true,
    [ST_STATUS_CR] = true,     [ST_LINE_START] = true,
    [ST_NAME] = true,          [ST_VALUE] = true,
    [ST_VALUE_CR] = true,      [ST_HEAD_END_CR] = true,
    [ST_CHUNK_SIZE] = true,    [ST_CHUNK_EXT] = true,
    [ST_CHUNK_SIZE_CR] = true, [ST_CHUNK_DATA_CR] = true,
    [ST_CHUNK_DATA_LF] = true, [ST_TRAILER_START] = true,
    [ST_TRAILER_LINE] = true,  [ST_TRAILER_CR] = true,
    [ST_TRAILER_END_CR] = true,
};

enum { H_OTHER, H_CONTENT_LENGTH, H_TRANSFER_ENCODING, H_CONNECTION,
       H_CONTENT_TYPE };

typedef struct known_header {
    const char *name; /* lower case */
    uint8_t len;
    uint8_t id;
} known_header_t;

static const known_header_t k_headers[] = {
    { "content-length", 14, H_CONTENT_LENGTH },
    { "transfer-encoding", 17, H_TRANSFER_ENCODING },
    { "connection", 10, H_CONNECTION },
    { "content-type", 12, H_CONTENT_TYPE },
};

/* Value sub-states. */
enum { V_LEAD, V_DIGITS, V_TRAIL };          /* Content-Length */
enum { T_IN, T_AFTER_SPACE };                /* list elements */
enum { C_NONE, C_DIGITS, C_BWS, C_EXT };     /* chunk-size line */

static const char k_version[] = "HTTP/1.";


static bool is_space(uint8_t c) { return c == ' ' || c == '\t'; }


/* RFC 9110 tchar: ALPHA, DIGIT and !#$%&'*+-.^_`|~, one bit per ASCII
 * byte. */
static const uint32_t k_tchar[4] = {
    0x00000000u, /* 0x00-0x1F: controls */
    0x03FF6CFAu, /* 0x20-0x3F: ! # $ % & ' * + - . 0-9 */
    0xC7FFFFFEu, /* 0x40-0x5F: A-Z ^ _ */
    0x57FFFFFFu, /* 0x60-0x7F: ` a-z | ~ */
};

static bool is_tchar(uint8_t c)
{
    return c < 0x80 && ((k_tchar[c >> 5] >> (c & 31u)) & 1u) != 0;
}

/* Bytes allowed in a reason phrase, field value, extension or trailer:
 * HTAB, SP, VCHAR and obs-text; every other control byte is refused so
 * that a stray NUL or bare CR cannot hide a line end. */
static bool is_text(uint8_t c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

static uint8_t lower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c - 'A' + 'a') : c;
}

/* Forget what one head said, so a 1xx head does not leak into the final
 * one. */
static void reset_head(provkit_http_response_t *r)
{
    r->state = ST_VERSION;
    r->pos = 0;
    r->status = 0;
    r->minor = 0;
    r->head_bytes = 0;
    r->fold_ok = false;
    r->have_cl = false;
    r->have_te = false;
    r->te_bad = false;
    r->te_chunked = 0;
    r->conn_close = false;
    r->conn_keep = false;
    r->cl = 0;
    r->content_type[0] = '\0';
    r->content_type_len = 0;
    r->content_type_truncated = false;
}

void provkit_http_response_init(provkit_http_response_t *r, uint8_t *body,
                                size_t body_cap)
{
    if (r == NULL) {
        return;
    }
    memset(r, 0, sizeof *r);
    r->body = body;
    r->body_cap = body != NULL ? body_cap : 0;
    r->err = PROVKIT_INCOMPLETE;
    reset_head(r);
}

static void tok_reset(provkit_http_response_t *r)
{
    r->tok_len = 0;
    r->tok_bad = false;
    r->sub = T_IN;
}

static bool tok_is(const provkit_http_response_t *r, const char *s, size_t n)
{
    return !r->tok_bad && r->tok_len == n && memcmp(r->tok, s, n) == 0;
}

/* One element of a comma-separated list ended. Empty elements are allowed
 * by the list rule and mean nothing. */
static void tok_end(provkit_http_response_t *r)
{
    if (r->tok_len == 0 && !r->tok_bad) {
        return;
    }
    if (r->hdr == H_TRANSFER_ENCODING) {
        if (tok_is(r, "chunked", 7)) {
            if (r->te_chunked < UINT8_MAX) {
                r->te_chunked++;
            }
        } else {
            r->te_bad = true;
        }
    } else {
        if (tok_is(r, "close", 5)) {
            r->conn_close = true;
        } else if (tok_is(r, "keep-alive", 10)) {
            r->conn_keep = true;
        }
    }
    tok_reset(r);
}

static void tok_byte(provkit_http_response_t *r, uint8_t c)
{
    if (c == ',') {
        tok_end(r);
    } else if (is_space(c)) {
        if (r->tok_len > 0 || r->tok_bad) {
            r->sub = T_AFTER_SPACE;
        }
    } else if (c == ';' || r->sub == T_AFTER_SPACE ||
               r->tok_len >= sizeof r->tok) {
        /* Parameters, inner spaces or an over-long word: not a coding or
         * connection option provkit knows. */
        r->tok_bad = true;
    } else if (!r->tok_bad) {
        r->tok[r->tok_len++] = (char)lower(c);
    }
}

static void value_start(provkit_http_response_t *r)
{
    size_t i;
    r->hdr = H_OTHER;
    for (i = 0; i < sizeof k_headers / sizeof k_headers[0]; i++) {
        if (r->name_len == k_headers[i].len &&
            memcmp(r->name, k_headers[i].name, k_headers[i].len) == 0) {
            r->hdr = k_headers[i].id;
        }
    }
    r->sub = V_LEAD;
    r->cl_line = 0;
    tok_reset(r);
    if (r->hdr == H_TRANSFER_ENCODING) {
        r->have_te = true;
    } else if (r->hdr == H_CONTENT_TYPE) {
        r->content_type[0] = '\0';
        r->content_type_len = 0;
        r->content_type_truncated = false;
    }
}

static int value_byte(provkit_http_response_t *r, uint8_t c)
{
    switch (r->hdr) {
    case H_CONTENT_LENGTH:
        if (is_space(c)) {
            if (r->sub == V_DIGITS) {
                r->sub = V_TRAIL;
            }
            return PROVKIT_INCOMPLETE;
        }
        if (!is_digit(c) || r->sub == V_TRAIL ||
            r->cl_line > UINT64_MAX / 10u ||
            r->cl_line * 10u > UINT64_MAX - (uint64_t)(c - '0')) {
            return PROVKIT_ERR_HTTP;
        }
        r->cl_line = r->cl_line * 10u + (uint64_t)(c - '0');
        r->sub = V_DIGITS;
        return PROVKIT_INCOMPLETE;
    case H_TRANSFER_ENCODING:
    case H_CONNECTION:
        tok_byte(r, c);
        return PROVKIT_INCOMPLETE;
    case H_CONTENT_TYPE:
        if (is_space(c) && r->content_type_len == 0) {
            return PROVKIT_INCOMPLETE;
        }
        if (r->content_type_len < PROVKIT_HTTP_CONTENT_TYPE_MAX) {
            /* Kept terminated at every step, so the field is a valid
             * string even when the reader stops on an error. */
            r->content_type[r->content_type_len++] = (char)c;
            r->content_type[r->content_type_len] = '\0';
        } else {
            r->content_type_truncated = true;
        }
        return PROVKIT_INCOMPLETE;
    default:
        return PROVKIT_INCOMPLETE;
    }
}

/* The line after a header did not continue it: the value is whole. */
static int header_end(provkit_http_response_t *r)
{
    switch (r->hdr) {
    case H_CONTENT_LENGTH:
        if (r->sub == V_LEAD || (r->have_cl && r->cl != r->cl_line)) {
            return PROVKIT_ERR_HTTP;
        }
        r->have_cl = true;
        r->cl = r->cl_line;
        break;
    case H_TRANSFER_ENCODING:
        tok_end(r);
        break;
    case H_CONNECTION:
        tok_end(r);
        break;
    case H_CONTENT_TYPE:
        while (r->content_type_len > 0 &&
               is_space((uint8_t)r->content_type[r->content_type_len - 1])) {
            r->content_type_len--;
        }
        r->content_type[r->content_type_len] = '\0';
        break;
    default:
        break;
    }
    r->hdr = H_OTHER;
    return PROVKIT_INCOMPLETE;
}

static int head_end(provkit_http_response_t *r)
{
    if (r->status < 200) {
        /* 101 would hand the connection to another protocol. */
        if (r->status == 101) {
            return PROVKIT_ERR_HTTP;
        }
        if (r->interim >= PROVKIT_HTTP_MAX_INTERIM) {
            return PROVKIT_ERR_LIMIT;
        }
        r->interim++;
        reset_head(r);
        return PROVKIT_INCOMPLETE;
    }
    /* Both framings at once is the request-smuggling shape; anything but
     * exactly one "chunked" cannot be decoded without a decompressor. */
    if (r->have_te && (r->have_cl || r->te_bad || r->te_chunked != 1)) {
        return PROVKIT_ERR_HTTP;
    }
    r->keep_alive = r->minor >= 1 ? !r->conn_close
                                  : (r->conn_keep && !r->conn_close);
    if (r->status == 204 || r->status == 304) {
        return PROVKIT_OK;
    }
    if (r->have_te) {
        r->state = ST_CHUNK_SIZE;
        r->sub = C_NONE;
        r->remaining = 0;
        r->head_bytes = 0;
        return PROVKIT_INCOMPLETE;
    }
    if (r->have_cl) {
        if (r->cl > (uint64_t)r->body_cap) {
            return PROVKIT_ERR_LIMIT;
        }
        if (r->cl == 0) {
            return PROVKIT_OK;
        }
        r->remaining = r->cl;
        r->state = ST_BODY_LEN;
        return PROVKIT_INCOMPLETE;
    }
    r->keep_alive = false;
    r->state = ST_BODY_CLOSE;
    return PROVKIT_INCOMPLETE;
}

static int chunk_size_end(provkit_http_response_t *r)
{
    if (r->remaining == 0) {
        r->state = ST_TRAILER_START;
        r->head_bytes = 0;
            return PROVKIT_INCOMPLETE;
    }
    if (r->remaining > (uint64_t)(r->body_cap - r->body_len)) {
        return PROVKIT_ERR_LIMIT;
    }
    r->state = ST_CHUNK_DATA;
    return PROVKIT_INCOMPLETE;
}

static void next_chunk(provkit_http_response_t *r)
{
    r->state = ST_CHUNK_SIZE;
    r->sub = C_NONE;
    r->remaining = 0;
    r->head_bytes = 0;
}

static int line_start(provkit_http_response_t *r, uint8_t c)
{
    int rc;
    if (is_space(c)) {
        if (!r->fold_ok) {
            return PROVKIT_ERR_HTTP;
        }
        r->state = ST_VALUE;
        return value_byte(r, ' ');
    }
    if (r->fold_ok) {
        rc = header_end(r);
        if (rc != PROVKIT_INCOMPLETE) {
            return rc;
        }
        r->fold_ok = false;
    }
    if (c == '\r') {
        r->state = ST_HEAD_END_CR;
        return PROVKIT_INCOMPLETE;
    }
    if (c == '\n') {
        return head_end(r);
    }
    if (!is_tchar(c)) {
        return PROVKIT_ERR_HTTP;
    }
    r->name[0] = (char)lower(c);
    r->name_len = 1;
    r->state = ST_NAME;
    return PROVKIT_INCOMPLETE;
}

static int reason_byte(provkit_http_response_t *r, uint8_t c)
{
    if (c == '\r') {
        r->state = ST_STATUS_CR;
    } else if (c == '\n') {
        r->state = ST_LINE_START;
    } else if (!is_text(c)) {
        return PROVKIT_ERR_HTTP;
    }
    return PROVKIT_INCOMPLETE;
}

/* After the chunk size: optional spaces (BWS), then ";ext" pieces that
 * are skipped; only the line end matters. */
static int chunk_ext_byte(provkit_http_response_t *r, uint8_t c)
{
    if (c == '\r') {
        r->state = ST_CHUNK_SIZE_CR;
    } else if (c == '\n') {
        return chunk_size_end(r);
    } else if (c == ';') {
        r->sub = C_EXT;
    } else if (r->sub == C_BWS ? !is_space(c) : !is_text(c)) {
        return PROVKIT_ERR_HTTP;
    }
    return PROVKIT_INCOMPLETE;
}

static int trailer_byte(provkit_http_response_t *r, uint8_t c)
{
    if (c == '\r') {
        r->state = ST_TRAILER_CR;
    } else if (c == '\n') {
        r->state = ST_TRAILER_START;
    } else if (!is_text(c)) {
        return PROVKIT_ERR_HTTP;
    }
    return PROVKIT_INCOMPLETE;
}

static int step(provkit_http_response_t *r, uint8_t c)
{
    int d;
    switch (r->state) {
    case ST_VERSION:
        if (c != (uint8_t)k_version[r->pos]) {
            return PROVKIT_ERR_HTTP;
        }
        if (++r->pos == sizeof k_version - 1) {
            r->state = ST_MINOR;
        }
        return PROVKIT_INCOMPLETE;
    case ST_MINOR:
        if (!is_digit(c)) {
            return PROVKIT_ERR_HTTP;
        }
        r->minor = c - '0';
        r->state = ST_SP1;
        return PROVKIT_INCOMPLETE;
    case ST_SP1:
        if (c != ' ') {
            return PROVKIT_ERR_HTTP;
        }
        r->pos = 0;
        r->state = ST_CODE;
        return PROVKIT_INCOMPLETE;
    case ST_CODE:
        if (!is_digit(c)) {
            return PROVKIT_ERR_HTTP;
        }
        r->status = r->status * 10 + (c - '0');
        if (++r->pos == 3) {
            /* 600-999 are unknown classes, which RFC 9110 (15) says to
             * treat as 5xx: the caller decides what they mean */
            if (r->status < 100) {
                return PROVKIT_ERR_HTTP;
            }
            r->state = ST_AFTER_CODE;
        }
        return PROVKIT_INCOMPLETE;
    case ST_AFTER_CODE:
        if (c == ' ') {
            r->state = ST_REASON;
            return PROVKIT_INCOMPLETE;
        }
        /* "HTTP/1.1 200\r\n": a status line without reason or space. */
        return (c == '\r' || c == '\n') ? reason_byte(r, c) : PROVKIT_ERR_HTTP;
    case ST_REASON:
        return reason_byte(r, c);
    case ST_STATUS_CR:
        if (c != '\n') {
            return PROVKIT_ERR_HTTP;
        }
        r->state = ST_LINE_START;
        return PROVKIT_INCOMPLETE;
    case ST_LINE_START:
        return line_start(r, c);
    case ST_NAME:
        if (c == ':') {
            value_start(r);
            r->state = ST_VALUE;
            return PROVKIT_INCOMPLETE;
        }
        /* Space before the colon is refused (RFC 9112 section 5.1). */
        if (!is_tchar(c)) {
            return PROVKIT_ERR_HTTP;
        }
        if (r->name_len < sizeof r->name) {
            r->name[r->name_len] = (char)lower(c);
        }
        if (r->name_len < UINT8_MAX) {
            r->name_len++;
        }
        return PROVKIT_INCOMPLETE;
    case ST_VALUE:
        if (c == '\r') {
            r->state = ST_VALUE_CR;
            return PROVKIT_INCOMPLETE;
        }
        if (c == '\n') {
            r->state = ST_LINE_START;
            r->fold_ok = true;
            return PROVKIT_INCOMPLETE;
        }
        if (!is_text(c)) {
            return PROVKIT_ERR_HTTP;
        }
        return value_byte(r, c);
    case ST_VALUE_CR:
        if (c != '\n') {
            return PROVKIT_ERR_HTTP;
        }
        r->state = ST_LINE_START;
        r->fold_ok = true;
        return PROVKIT_INCOMPLETE;
    case ST_HEAD_END_CR:
        if (c != '\n') {
            return PROVKIT_ERR_HTTP;
        }
        return head_end(r);
    case ST_CHUNK_SIZE:
        d = hex_value(c);
        if (d >= 0) {
            if (r->remaining > (UINT64_MAX >> 4)) {
                return PROVKIT_ERR_HTTP;
            }
            r->remaining = (r->remaining << 4) | (uint64_t)d;
            r->sub = C_DIGITS;
            return PROVKIT_INCOMPLETE;
        }
        if (r->sub == C_NONE) {
            return PROVKIT_ERR_HTTP;
        }
        r->state = ST_CHUNK_EXT;
        r->sub = C_BWS;
        return chunk_ext_byte(r, c);
    case ST_CHUNK_EXT:
        return chunk_ext_byte(r, c);
    case ST_CHUNK_SIZE_CR:
        if (c != '\n') {
            return PROVKIT_ERR_HTTP;
        }
        return chunk_size_end(r);
    case ST_CHUNK_DATA_CR:
        if (c == '\r') {
            r->state = ST_CHUNK_DATA_LF;
            return PROVKIT_INCOMPLETE;
        }
        if (c != '\n') {
            return PROVKIT_ERR_HTTP;
        }
        next_chunk(r);
        return PROVKIT_INCOMPLETE;
    case ST_CHUNK_DATA_LF:
        if (c != '\n') {
            return PROVKIT_ERR_HTTP;
        }
        next_chunk(r);
        return PROVKIT_INCOMPLETE;
    case ST_TRAILER_START:
        if (c == '\r') {
            r->state = ST_TRAILER_END_CR;
            return PROVKIT_INCOMPLETE;
        }
        if (c == '\n') {
            return PROVKIT_OK;
        }
        r->state = ST_TRAILER_LINE;
        return trailer_byte(r, c);
    case ST_TRAILER_LINE:
        return trailer_byte(r, c);
    case ST_TRAILER_CR:
        if (c != '\n') {
            return PROVKIT_ERR_HTTP;
        }
        r->state = ST_TRAILER_START;
        return PROVKIT_INCOMPLETE;
    case ST_TRAILER_END_CR:
        return c == '\n' ? PROVKIT_OK : PROVKIT_ERR_HTTP;
    default:
        return PROVKIT_ERR_HTTP;
    }
}

/* Body bytes: copied in bulk, never more than the buffer holds. Returns
 * the bytes taken and sets *rc when the state machine's answer changed. */
static size_t body_bytes(provkit_http_response_t *r, const uint8_t *p,
                         size_t n, int *rc)
{
    size_t take = n;
    if (r->state != ST_BODY_CLOSE && r->remaining < (uint64_t)take) {
        take = (size_t)r->remaining;
    }
    if (take > r->body_cap - r->body_len) {
        /* Only a close-delimited body gets here: the other two were
         * checked against the buffer when their size became known. */
        *rc = PROVKIT_ERR_LIMIT;
        return 0;
    }
    if (take > 0) {
        memcpy(r->body + r->body_len, p, take);
        r->body_len += take;
    }
    if (r->state == ST_BODY_CLOSE) {
        return take;
    }
    r->remaining -= take;
    if (r->remaining == 0) {
        if (r->state == ST_BODY_LEN) {
            *rc = PROVKIT_OK;
        } else {
            r->state = ST_CHUNK_DATA_CR;
        }
    }
    return take;
}

static bool is_body_state(uint8_t st)
{
    return st == ST_BODY_LEN || st == ST_BODY_CLOSE || st == ST_CHUNK_DATA;
}

int provkit_http_response_feed(provkit_http_response_t *r, const uint8_t *data,
                               size_t len, size_t *consumed)
{
    size_t i = 0;
    int rc = PROVKIT_INCOMPLETE;

    if (consumed != NULL) {
        *consumed = 0;
    }
    if (r == NULL || consumed == NULL || (data == NULL && len > 0)) {
        return PROVKIT_ERR_ARG;
    }
    if (r->err != PROVKIT_INCOMPLETE) {
        return r->err;
    }
    if (len > 0) {
        r->saw_bytes = true;
    }
    while (i < len && rc == PROVKIT_INCOMPLETE) {
        if (is_body_state(r->state)) {
            i += body_bytes(r, data + i, len - i, &rc);
            continue;
        }
        /* A status line whole in this piece: "HTTP/1.D NNN" at once (the
         * bytes step() would take one by one, with the same checks). */
        if (r->state == ST_VERSION && r->pos == 0 && len - i >= 12 &&
            memcmp(data + i, k_version, sizeof k_version - 1) == 0 && is_digit(data[i + 7]) &&
            data[i + 8] == ' ' && is_digit(data[i + 9]) && is_digit(data[i + 10]) &&
            is_digit(data[i + 11]) && 12 <= PROVKIT_HTTP_MAX_HEADER_BYTES - r->head_bytes) {
            r->minor = data[i + 7] - '0';
            r->status = (data[i + 9] - '0') * 100 + (data[i + 10] - '0') * 10 + (data[i + 11] - '0');
            if (r->status < 100) {
                rc = PROVKIT_ERR_HTTP;
                break;
            }
            r->head_bytes += 12;
            r->state = ST_AFTER_CODE;
            i += 12;
            continue;
        }
        /* Runs of bytes that only need checking (a reason phrase, the
         * value of a header provkit does not read) or copying (a header
         * name, a Content-Type value) go at stream speed; the head's limit
         * is checked per run. */
        if (r->state == ST_REASON || (r->state == ST_VALUE && r->hdr == H_OTHER) ||
            r->state == ST_NAME ||
            (r->state == ST_VALUE && r->hdr == H_CONTENT_TYPE && r->content_type_len > 0)) {
            size_t j = i;
            if (r->state == ST_NAME) {
                while (j < len && is_tchar(data[j])) {
                    if (r->name_len < sizeof r->name) {
                        r->name[r->name_len] = (char)lower(data[j]);
                    }
                    if (r->name_len < UINT8_MAX) {
                        r->name_len++;
                    }
                    j++;
                }
            } else {
                while (j < len && is_text(data[j])) {
                    j++;
                }
                if (r->state == ST_VALUE && r->hdr == H_CONTENT_TYPE) {
                    /* as value_byte would, a byte at a time */
                    size_t room = PROVKIT_HTTP_CONTENT_TYPE_MAX - r->content_type_len;
                    size_t take = j - i < room ? j - i : room;
                    memcpy(r->content_type + r->content_type_len, data + i, take);
                    r->content_type_len += take;
                    r->content_type[r->content_type_len] = '\0';
                    r->content_type_truncated = r->content_type_truncated || take < j - i;
                }
            }
            if (j > i) {
                if (j - i > PROVKIT_HTTP_MAX_HEADER_BYTES - r->head_bytes) {
                    rc = PROVKIT_ERR_LIMIT;
                    break;
                }
                r->head_bytes += j - i;
                i = j;
                continue;
            }
        }
        if (k_line_state[r->state] &&
            ++r->head_bytes > PROVKIT_HTTP_MAX_HEADER_BYTES) {
            rc = PROVKIT_ERR_LIMIT;
            break;
        }
        rc = step(r, data[i]);
        i++;
    }
    *consumed = i;
    if (rc == PROVKIT_OK) {
        r->state = ST_DONE;
    }
    r->err = rc;
    return rc;
}

int provkit_http_response_eof(provkit_http_response_t *r)
{
    if (r == NULL) {
        return PROVKIT_ERR_ARG;
    }
    if (r->err != PROVKIT_INCOMPLETE) {
        return r->err;
    }
    if (r->state == ST_BODY_CLOSE) {
        r->state = ST_DONE;
        r->err = PROVKIT_OK;
    } else {
        r->err = r->saw_bytes ? PROVKIT_ERR_HTTP : PROVKIT_ERR_CLOSED;
    }
    return r->err;
}
