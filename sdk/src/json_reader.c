/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON reader: jsmn tokenizes, a strict grammar scan proves the tokens.
 *
 * jsmn's strict mode checks little (it accepts `{"a"}`, `[1,]`, `[1 2]`,
 * `01`, `-`, raw control characters, bad UTF-8) and cannot tokenize a
 * top-level number. So one iterative scan of the text implements RFC 8259
 * exactly and, when given tokens, checks at every value that the next token
 * has that value's type, start, end, size and parent. A document that parses
 * is therefore one whose every token provkit reads is proven by the grammar.
 *
 * jsmn's code is compiled here, static, so libprovkit exports no jsmn_*
 * symbol that could clash with an application's own copy.
 */
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#define JSMN_STATIC
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#endif
#include <jsmn.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "json_reader.h"
#include "provkit/writer.h"

#include "text.h"

/* provkit_json_token_t has jsmn's token layout with JSMN_PARENT_LINKS but
 * for the type, which is an int where jsmn's enum may be smaller (AAPCS
 * short enums on bare-metal ARM): jsmn writes into the caller's array
 * through a cast, then each token's type is widened in place. */
#define SAME(m) (offsetof(provkit_json_token_t, m) == offsetof(jsmntok_t, m))
typedef char provkit_json_token_matches_jsmn[(sizeof(provkit_json_token_t) == sizeof(jsmntok_t) &&
                                              SAME(type) && SAME(start) && SAME(end) &&
                                              SAME(size) && SAME(parent))
                                                 ? 1
                                                 : -1];
#undef SAME

#include <limits.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * The grammar scan
 * ------------------------------------------------------------------------ */

/* What the scan expects next. */
enum expect {
    EX_VALUE,       /* any value */
    EX_FIRST_ELEM,  /* after '[': a value or ']' */
    EX_FIRST_KEY,   /* after '{': a key or '}' */
    EX_KEY,         /* after ',' in an object */
    EX_AFTER_VALUE  /* ',' or a closer, or the end at the top level */
};

typedef struct scan {
    const char *js;
    size_t len;
    size_t pos;
    const provkit_json_token_t *tok; /* NULL: validate and count only */
    size_t ntok;          /* tokens jsmn produced */
    size_t count;         /* tokens the text needs so far = next token index */
    int status;
} scan_t;

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}



static void skip_ws(scan_t *s)
{
    while (s->pos < s->len && is_ws(s->js[s->pos])) {
        s->pos++;
    }
}

static bool bad(scan_t *s, int status)
{
    s->status = status;
    return false;
}

/* Accept the token for a value [start, end) of jsmn type `type` whose parent
 * is `parent` and whose size is `size` (-1: checked later, at its close).
 * Without tokens this only counts. */
static bool take_token(scan_t *s, jsmntype_t type, size_t start, size_t end,
                       int parent, int size)
{
    if (s->tok != NULL) {
        const provkit_json_token_t *t;
        if (s->count >= s->ntok) {
            return bad(s, PROVKIT_ERR_MALFORMED);
        }
        t = &s->tok[s->count];
        if (t->type != (int)type || t->start != (int)start || t->parent != parent ||
            (size >= 0 && t->size != size) ||
            (type != JSMN_OBJECT && type != JSMN_ARRAY && t->end != (int)end)) {
            return bad(s, PROVKIT_ERR_MALFORMED);
        }
    }
    s->count++;
    return true;
}

/* A string from the opening quote at s->pos; leaves pos after the closing
 * quote and sets [*start, *end) to the contents (jsmn's token span). */
static bool scan_string(scan_t *s, size_t *start, size_t *end)
{
    size_t i = s->pos + 1;
    unsigned char high = 0; /* some byte >= 0x80 was seen */

    *start = i;
    while (i < s->len) {
        unsigned char c = (unsigned char)s->js[i];
        high |= c;
        if (c == '"') {
            *end = i;
            /* Escapes are ASCII, so the raw contents are UTF-8 exactly when
             * the decoded text is; ASCII needs no decoder. */
            if (high >= 0x80 &&
                provkit_utf8_check(s->js + *start, i - *start, NULL) != PROVKIT_OK) {
                s->pos = *start;
                return bad(s, PROVKIT_ERR_MALFORMED);
            }
            s->pos = i + 1;
            return true;
        }
        if (c < 0x20) {
            s->pos = i; /* RFC 8259: control characters must be escaped */
            return bad(s, PROVKIT_ERR_MALFORMED);
        }
        if (c == '\\') {
            i++;
            if (i >= s->len) {
                break;
            }
            if (s->js[i] == 'u') {
                size_t k;
                for (k = 1; k <= 4; k++) {
                    if (i + k >= s->len || hex_value(s->js[i + k]) < 0) {
                        s->pos = i;
                        return bad(s, PROVKIT_ERR_MALFORMED);
                    }
                }
                i += 4;
            } else if (strchr("\"\\/bfnrt", s->js[i]) == NULL || s->js[i] == '\0') {
                s->pos = i;
                return bad(s, PROVKIT_ERR_MALFORMED);
            }
        }
        i++;
    }
    s->pos = *start - 1;
    return bad(s, PROVKIT_ERR_MALFORMED); /* unterminated */
}

static const char *const literals[] = {"true", "false", "null"};

/* A number or literal at s->pos; sets *end. The grammar's next step checks
 * that a delimiter follows, so `truex` and `1_000` fail there. */
static bool scan_primitive(scan_t *s, size_t *end)
{
    char c = s->js[s->pos];
    size_t i;

    if (c == '-' || is_digit(c)) {
        size_t k = provkit_text_number(s->js + s->pos, s->len - s->pos);
        if (k == 0) {
            return bad(s, PROVKIT_ERR_MALFORMED);
        }
        *end = s->pos + k;
        return true;
    }
    for (i = 0; i < sizeof literals / sizeof literals[0]; i++) {
        size_t n = strlen(literals[i]);
        if (s->len - s->pos >= n && memcmp(s->js + s->pos, literals[i], n) == 0) {
            *end = s->pos + n;
            return true;
        }
    }
    return bad(s, PROVKIT_ERR_MALFORMED);
}



/*
 * The whole grammar, iteratively. The nesting is a bit stack (array or
 * object per level). With tokens, `cur` is the open container's token and
 * `vparent` the parent a value must name (the container, or the key in an
 * object); going up follows the parent links, which were each checked when
 * their token was taken. kids[] counts members per level to check sizes.
 * Every iteration consumes at least one byte, so the loop is bounded by len.
 */
static int scan_text(scan_t *s)
{
    uint8_t is_array[(PROVKIT_JSON_MAX_DEPTH + 7) / 8];
    /* members per open level, compared with jsmn's size at the close: 16
     * bits (an answer has at most PROVKIT_JSON_TOKENS tokens) */
    uint16_t kids[PROVKIT_JSON_MAX_DEPTH];
    unsigned depth = 0;
    int cur = -1;
    int vparent = -1;
    enum expect ex = EX_VALUE;

    memset(is_array, 0, sizeof is_array);
    s->status = PROVKIT_OK;
    s->count = 0;
    s->pos = 0;

    while (s->pos <= s->len) {
        size_t start;
        size_t end;
        char c;

        skip_ws(s);
        if (s->pos == s->len) {
            if (ex == EX_AFTER_VALUE && depth == 0) {
                return PROVKIT_OK;
            }
            return PROVKIT_ERR_MALFORMED; /* empty, or unclosed */
        }
        c = s->js[s->pos];

        if (ex == EX_AFTER_VALUE) {
            bool arr;
            if (depth == 0) {
                return PROVKIT_ERR_MALFORMED; /* trailing garbage */
            }
            arr = bit_get(is_array, depth - 1);
            if (c == ',') {
                ex = arr ? EX_VALUE : EX_KEY;
                vparent = cur;
                s->pos++;
                continue;
            }
            if (c != (arr ? ']' : '}')) {
                return PROVKIT_ERR_MALFORMED;
            }
            /* close: fall into the closer handling below */
        } else if ((ex == EX_FIRST_ELEM && c == ']') || (ex == EX_FIRST_KEY && c == '}')) {
            /* empty container: fall into the closer handling below */
        } else if (ex == EX_FIRST_KEY || ex == EX_KEY) {
            int key;
            if (c != '"' || !scan_string(s, &start, &end)) {
                return PROVKIT_ERR_MALFORMED;
            }
            key = (int)s->count;
            /* A key's jsmn size is 1: its value is its one child. */
            if (!take_token(s, JSMN_STRING, start, end, cur, 1)) {
                s->pos = start;
                return s->status;
            }
            kids[depth - 1]++;
            skip_ws(s);
            if (s->pos >= s->len || s->js[s->pos] != ':') {
                return PROVKIT_ERR_MALFORMED;
            }
            s->pos++;
            ex = EX_VALUE;
            vparent = key;
            continue;
        } else {
            /* EX_VALUE or EX_FIRST_ELEM with a value */
            size_t at = s->pos;
            if (depth > 0 && bit_get(is_array, depth - 1)) {
                kids[depth - 1]++;
            }
            if (c == '{' || c == '[') {
                bool arr = (c == '[');
                if (depth >= PROVKIT_JSON_MAX_DEPTH) {
                    return PROVKIT_ERR_LIMIT;
                }
                if (!take_token(s, arr ? JSMN_ARRAY : JSMN_OBJECT, at, 0, vparent, -1)) {
                    return s->status;
                }
                cur = (int)s->count - 1;
                bit_put(is_array, depth, arr);
                kids[depth] = 0;
                depth++;
                ex = arr ? EX_FIRST_ELEM : EX_FIRST_KEY;
                vparent = cur;
                s->pos++;
                continue;
            }
            if (c == '"') {
                if (!scan_string(s, &start, &end)) {
                    return s->status;
                }
                if (!take_token(s, JSMN_STRING, start, end, vparent, 0)) {
                    s->pos = at;
                    return s->status;
                }
            } else {
                if (!scan_primitive(s, &end)) {
                    return s->status;
                }
                if (!take_token(s, JSMN_PRIMITIVE, at, end, vparent, 0)) {
                    return s->status;
                }
                s->pos = end;
            }
            ex = EX_AFTER_VALUE;
            continue;
        }

        /* The closer at s->pos ends the container `cur`. */
        if (s->tok != NULL) {
            const provkit_json_token_t *t = &s->tok[cur];
            if (t->end != (int)(s->pos + 1) || t->size != kids[depth - 1]) {
                return PROVKIT_ERR_MALFORMED;
            }
            cur = t->parent;
            if (cur >= 0 && s->tok[cur].type == JSMN_STRING) {
                cur = s->tok[cur].parent; /* from the member's key up to its object */
            }
        }
        depth--;
        s->pos++;
        ex = EX_AFTER_VALUE;
    }
    return PROVKIT_ERR_MALFORMED; /* not reached: the loop returns at len */
}

int provkit_json_count(const char *js, size_t len, size_t *needed, size_t *err_pos)
{
    scan_t s;
    int rc;

    if ((js == NULL && len > 0) || needed == NULL) {
        return PROVKIT_ERR_ARG;
    }
    *needed = 0;
    if (len > (size_t)INT_MAX) {
        if (err_pos != NULL) {
            *err_pos = 0;
        }
        return PROVKIT_ERR_LIMIT; /* jsmn positions are ints */
    }
    memset(&s, 0, sizeof s);
    s.js = (js == NULL) ? "" : js;
    s.len = len;
    rc = scan_text(&s);
    if (rc != PROVKIT_OK) {
        if (err_pos != NULL) {
            *err_pos = s.pos;
        }
        return rc;
    }
    *needed = s.count;
    return PROVKIT_OK;
}

/* A text jsmn or the checking pass refused, judged by the strict grammar
 * alone (the cold path: it reads the text once more) for the status and
 * the position the caller is told; too few tokens only if the grammar
 * holds. */
static int refused(provkit_json_t *doc, const char *js, size_t len, size_t ntokens, int why)
{
    scan_t s;
    int rc = PROVKIT_ERR_LIMIT; /* (a text longer than INT_MAX: jsmn positions are ints) */
    memset(&s, 0, sizeof s);
    s.js = js != NULL ? js : "";
    s.len = len;
    if (len <= (size_t)INT_MAX) {
        rc = scan_text(&s);
    }
    doc->err_pos = rc != PROVKIT_OK ? s.pos : 0;
    if (rc == PROVKIT_OK && s.count > ntokens) {
        doc->needed = s.count;
        return PROVKIT_ERR_LIMIT;
    }
    return rc != PROVKIT_OK ? rc : why;
}

/*
 * One pass beside jsmn: jsmn tokenizes, then scan_text walks the text once,
 * checking the strict grammar between and inside the tokens and that each
 * token jsmn made is the one the grammar makes (type, span, size, parent).
 */
int provkit_json_parse(provkit_json_t *doc, const char *js, size_t len, provkit_json_token_t *tokens,
                       size_t ntokens)
{
    int rc;
    size_t root = 0;
    size_t ntok;
    scan_t s;

    if (doc == NULL) {
        return PROVKIT_ERR_ARG;
    }
    memset(doc, 0, sizeof *doc);
    doc->js = js;
    doc->len = len;
    doc->tok = tokens;
    if (tokens == NULL || (js == NULL && len > 0)) {
        return PROVKIT_ERR_ARG;
    }
    if (len > (size_t)INT_MAX || ntokens == 0) {
        return refused(doc, js, len, ntokens, PROVKIT_ERR_LIMIT); /* jsmn positions are ints */
    }

    while (root < len && is_ws(js[root])) {
        root++;
    }
    if (root == len || (js[root] != '{' && js[root] != '[' && js[root] != '"')) {
        /* A top-level number or literal: strict jsmn wants a delimiter after
         * every primitive, so the one token is made here. */
        size_t end = root;
        while (end < len && !is_ws(js[end])) {
            end++;
        }
        tokens[0].type = JSMN_PRIMITIVE;
        tokens[0].start = (int)root;
        tokens[0].end = (int)end;
        tokens[0].size = 0;
        tokens[0].parent = -1;
        ntok = 1;
    } else {
        jsmn_parser p;
        int r;
        jsmn_init(&p);
        r = jsmn_parse(&p, js, len, (jsmntok_t *)(void *)tokens,
                       ntokens > UINT_MAX ? UINT_MAX : (unsigned)ntokens);
        if (r < 0) {
            return refused(doc, js, len, ntokens,
                           r == JSMN_ERROR_NOMEM ? PROVKIT_ERR_LIMIT : PROVKIT_ERR_MALFORMED);
        }
        ntok = (size_t)r;
        for (size_t i = 0; i < ntok; i++) {
            jsmntok_t jt;
            memcpy(&jt, &tokens[i], sizeof jt);
            tokens[i].type = (int)jt.type;
        }
    }

    memset(&s, 0, sizeof s);
    s.js = js;
    s.len = len;
    s.tok = tokens;
    s.ntok = ntok;
    rc = scan_text(&s);
    if (rc != PROVKIT_OK || s.count != ntok) {
        /* jsmn accepted what the grammar does not, or made other tokens */
        return refused(doc, js, len, ntokens, PROVKIT_ERR_MALFORMED);
    }
    doc->needed = ntok;
    doc->ntok = (int)ntok;
    return PROVKIT_OK;
}

/* ------------------------------------------------------------------------
 * Helpers on a parsed document
 * ------------------------------------------------------------------------ */

static bool tok_ok(const provkit_json_t *doc, int t)
{
    return doc != NULL && doc->tok != NULL && t >= 0 && t < doc->ntok;
}

static const char *tok_text(const provkit_json_t *doc, int t, size_t *n)
{
    const provkit_json_token_t *k = &doc->tok[t];
    *n = (size_t)(k->end - k->start);
    return doc->js + k->start;
}

provkit_json_kind_t provkit_json_kind(const provkit_json_t *doc, int t)
{
    char c;

    if (!tok_ok(doc, t)) {
        return PROVKIT_JSON_INVALID;
    }
    switch (doc->tok[t].type) {
    case JSMN_OBJECT: return PROVKIT_JSON_OBJECT;
    case JSMN_ARRAY: return PROVKIT_JSON_ARRAY;
    case JSMN_STRING: return PROVKIT_JSON_STRING;
    case JSMN_PRIMITIVE:
        /* The grammar proved a primitive is a number or one literal, so its
         * first byte tells which. */
        c = doc->js[doc->tok[t].start];
        if (c == 't') {
            return PROVKIT_JSON_TRUE;
        }
        if (c == 'f') {
            return PROVKIT_JSON_FALSE;
        }
        if (c == 'n') {
            return PROVKIT_JSON_NULL;
        }
        return PROVKIT_JSON_NUMBER;
    case JSMN_UNDEFINED:
    default:
        return PROVKIT_JSON_INVALID;
    }
}

int provkit_json_skip(const provkit_json_t *doc, int t)
{
    int end;
    int j;

    if (!tok_ok(doc, t)) {
        return -1;
    }
    /* Tokens are in text order, so t's subtree is the run of tokens that
     * start before t ends. */
    end = doc->tok[t].end;
    for (j = t + 1; j < doc->ntok && doc->tok[j].start < end; j++) {
    }
    return j;
}

int provkit_json_size(const provkit_json_t *doc, int t)
{
    if (!tok_ok(doc, t) ||
        (doc->tok[t].type != JSMN_OBJECT && doc->tok[t].type != JSMN_ARRAY)) {
        return -1;
    }
    return doc->tok[t].size;
}

static int next_child(const provkit_json_t *doc, int parent, jsmntype_t type, int *it,
                      bool object)
{
    int k;

    if (it == NULL || !tok_ok(doc, parent)) {
        return PROVKIT_ERR_ARG;
    }
    if (doc->tok[parent].type != (int)type) {
        return PROVKIT_ERR_RANGE;
    }
    if (*it == -1) {
        k = parent + 1;
    } else {
        if (!tok_ok(doc, *it) || doc->tok[*it].parent != parent) {
            return PROVKIT_ERR_ARG;
        }
        /* After a key comes its value; the next key follows the value. */
        k = provkit_json_skip(doc, object ? *it + 1 : *it);
    }
    if (k < 0 || k >= doc->ntok || doc->tok[k].parent != parent) {
        return PROVKIT_ERR_NOT_FOUND;
    }
    *it = k;
    return PROVKIT_OK;
}

int provkit_json_array_next(const provkit_json_t *doc, int arr, int *it)
{
    return next_child(doc, arr, JSMN_ARRAY, it, false);
}

int provkit_json_object_next(const provkit_json_t *doc, int obj, int *it)
{
    return next_child(doc, obj, JSMN_OBJECT, it, true);
}

/*
 * String decoding, one unit at a time: a raw byte, or one escape (a \uXXXX
 * surrogate pair is one unit). The copy and the comparison share it, so
 * they agree on every string.
 */
static int hex4(const char *p)
{
    int v = 0;
    int k;
    for (k = 0; k < 4; k++) {
        int h = hex_value(p[k]);
        if (h < 0) {
            return -1;
        }
        v = v * 16 + h;
    }
    return v;
}

static const char escape_from[] = "\"\\/bfnrt";
static const char escape_to[] = "\"\\/\b\f\n\r\t";

static int decode_unit(const char *p, size_t n, size_t *i, char out[4], size_t *outn)
{
    size_t at = *i;
    const char *e;
    int hi;
    int lo;
    uint32_t cp;

    if (p[at] != '\\') {
        out[0] = p[at];
        *outn = 1;
        *i = at + 1;
        return PROVKIT_OK;
    }
    if (at + 1 >= n) {
        return PROVKIT_ERR_MALFORMED;
    }
    if (p[at + 1] != 'u') {
        e = strchr(escape_from, p[at + 1]);
        if (e == NULL || p[at + 1] == '\0') {
            return PROVKIT_ERR_MALFORMED;
        }
        out[0] = escape_to[e - escape_from];
        *outn = 1;
        *i = at + 2;
        return PROVKIT_OK;
    }
    if (n - at < 6 || (hi = hex4(p + at + 2)) < 0) {
        return PROVKIT_ERR_MALFORMED;
    }
    at += 6;
    cp = (uint32_t)hi;
    if (hi >= 0xDC00 && hi <= 0xDFFF) {
        return PROVKIT_ERR_MALFORMED; /* a low surrogate cannot come first */
    }
    if (hi >= 0xD800 && hi <= 0xDBFF) {
        if (n - at < 6 || p[at] != '\\' || p[at + 1] != 'u' ||
            (lo = hex4(p + at + 2)) < 0xDC00 || lo > 0xDFFF) {
            return PROVKIT_ERR_MALFORMED; /* a high surrogate needs its low half */
        }
        cp = 0x10000u + (((uint32_t)hi - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
        at += 6;
    }
    if (cp == 0) {
        return PROVKIT_ERR_RANGE; /* a C string cannot carry NUL */
    }
    *outn = provkit_utf8_encode(cp, out);
    if (*outn == 0) {
        return PROVKIT_ERR_MALFORMED;
    }
    *i = at;
    return PROVKIT_OK;
}

int provkit_json_string(const provkit_json_t *doc, int t, char *buf, size_t cap, size_t *len)
{
    const char *p;
    size_t n;
    size_t i = 0;
    size_t out = 0;
    size_t kept = 0;
    int rc = PROVKIT_OK;

    if (buf == NULL && cap > 0) {
        return PROVKIT_ERR_ARG;
    }
    if (cap > 0) {
        buf[0] = '\0';
    }
    if (!tok_ok(doc, t)) {
        return PROVKIT_ERR_ARG;
    }
    if (doc->tok[t].type != JSMN_STRING) {
        return PROVKIT_ERR_RANGE;
    }
    p = tok_text(doc, t, &n);
    if (memchr(p, '\\', n) == NULL) {
        /* no escape: the text is the token's bytes, checked by the parse */
        i = n;
        kept = out = n;
        if (n < cap) {
            memcpy(buf, p, n);
        } else if (cap > 0) {
            memcpy(buf, p, cap - 1);
            kept = cap - 1;
        }
    }
    while (i < n) {
        char u[4];
        size_t un = 0;
        rc = decode_unit(p, n, &i, u, &un);
        if (rc != PROVKIT_OK) {
            if (cap > 0) {
                buf[0] = '\0';
            }
            return rc;
        }
        if (out + un < cap) {
            memcpy(buf + out, u, un);
            kept = out + un;
        }
        out += un;
    }
    if (out >= cap) {
        if (cap > 0) {
            /* a prefix, cut on a character boundary */
            buf[provkit_utf8_prefix(buf, kept)] = '\0';
        }
        if (len != NULL) {
            *len = out + 1;
        }
        return PROVKIT_ERR_BUFFER_TOO_SMALL;
    }
    buf[out] = '\0';
    if (len != NULL) {
        *len = out;
    }
    return PROVKIT_OK;
}

int provkit_json_text(const provkit_json_t *doc, int t, char *buf, size_t cap, size_t *len)
{
    const char *p;
    size_t n;

    if (provkit_json_kind(doc, t) != PROVKIT_JSON_NUMBER) {
        return provkit_json_string(doc, t, buf, cap, len);
    }
    if (buf == NULL && cap > 0) {
        return PROVKIT_ERR_ARG;
    }
    p = tok_text(doc, t, &n); /* a number is ASCII: any cut is a boundary */
    if (n >= cap) {
        if (cap > 0) {
            memcpy(buf, p, cap - 1);
            buf[cap - 1] = '\0';
        }
        if (len != NULL) {
            *len = n + 1;
        }
        return PROVKIT_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    if (len != NULL) {
        *len = n;
    }
    return PROVKIT_OK;
}

bool provkit_json_streq_n(const provkit_json_t *doc, int t, const char *s, size_t sn)
{
    const char *p;
    size_t n;
    size_t i = 0;
    size_t at = 0;

    if (!tok_ok(doc, t) || doc->tok[t].type != JSMN_STRING || (s == NULL && sn > 0)) {
        return false;
    }
    p = tok_text(doc, t, &n);
    while (i < n) {
        char u[4];
        size_t un = 0;
        if (decode_unit(p, n, &i, u, &un) != PROVKIT_OK || sn - at < un ||
            memcmp(s + at, u, un) != 0) {
            return false;
        }
        at += un;
    }
    return at == sn;
}

bool provkit_json_streq(const provkit_json_t *doc, int t, const char *s)
{
    return s != NULL && provkit_json_streq_n(doc, t, s, strlen(s));
}

int provkit_json_find(const provkit_json_t *doc, int obj, const char *key, int *val)
{
    int it = -1;
    int found = -1;
    int rc;
    int guard;

    if (key == NULL || val == NULL) {
        return PROVKIT_ERR_ARG;
    }
    /* Each step moves forward by at least one token. */
    for (guard = 0; guard <= (doc != NULL ? doc->ntok : 0); guard++) {
        rc = provkit_json_object_next(doc, obj, &it);
        if (rc == PROVKIT_ERR_NOT_FOUND) {
            break;
        }
        if (rc != PROVKIT_OK) {
            return rc;
        }
        if (provkit_json_streq(doc, it, key)) {
            found = it + 1; /* keep looking: the last duplicate wins */
        }
    }
    if (found < 0) {
        return PROVKIT_ERR_NOT_FOUND;
    }
    *val = found;
    return PROVKIT_OK;
}

int provkit_json_int64(const provkit_json_t *doc, int t, int64_t *out)
{
    const char *p;
    size_t n;
    provkit_json_kind_t k = provkit_json_kind(doc, t);

    if (out == NULL || k == PROVKIT_JSON_INVALID) {
        return PROVKIT_ERR_ARG;
    }
    if (k != PROVKIT_JSON_NUMBER && k != PROVKIT_JSON_STRING) {
        return PROVKIT_ERR_RANGE;
    }
    p = tok_text(doc, t, &n);
    return provkit_text_i64(p, n, out);
}

/* Every spelling of a boolean servers are known to send. */
static const struct {
    jsmntype_t type;
    const char *text;
    bool value;
} bool_forms[] = {
    {JSMN_PRIMITIVE, "true", true},  {JSMN_PRIMITIVE, "false", false},
    {JSMN_PRIMITIVE, "1", true},     {JSMN_PRIMITIVE, "0", false},
    {JSMN_STRING, "true", true},     {JSMN_STRING, "false", false},
    {JSMN_STRING, "1", true},        {JSMN_STRING, "0", false},
};

int provkit_json_bool(const provkit_json_t *doc, int t, bool *out)
{
    const char *p;
    size_t n;
    size_t i;

    if (out == NULL || !tok_ok(doc, t)) {
        return PROVKIT_ERR_ARG;
    }
    p = tok_text(doc, t, &n);
    for (i = 0; i < sizeof bool_forms / sizeof bool_forms[0]; i++) {
        if ((int)bool_forms[i].type == doc->tok[t].type && strlen(bool_forms[i].text) == n &&
            memcmp(bool_forms[i].text, p, n) == 0) {
            *out = bool_forms[i].value;
            return PROVKIT_OK;
        }
    }
    return PROVKIT_ERR_RANGE;
}

bool provkit_json_is_null(const provkit_json_t *doc, int t)
{
    return provkit_json_kind(doc, t) == PROVKIT_JSON_NULL;
}

/* ------------------------------------------------------------------------
 * JSONP
 * ------------------------------------------------------------------------ */

int provkit_jsonp_unwrap(const char *text, size_t len, const char *expected, size_t *off,
                         size_t *n)
{
    size_t i = 0;
    size_t name;
    size_t name_end;
    size_t inner;
    size_t e = len;

    if ((text == NULL && len > 0) || off == NULL || n == NULL) {
        return PROVKIT_ERR_ARG;
    }
    while (i < len && is_ws(text[i])) {
        i++;
    }
    name = i;
    i += provkit_text_ident_path(text + i, len - i); /* segment ('.' segment)* */
    if (i == name) {
        return PROVKIT_ERR_MALFORMED;
    }
    name_end = i;
    while (i < len && is_ws(text[i])) {
        i++;
    }
    if (i >= len || text[i] != '(') {
        return PROVKIT_ERR_MALFORMED;
    }
    inner = i + 1;
    while (e > inner && is_ws(text[e - 1])) {
        e--;
    }
    if (e > inner && text[e - 1] == ';') {
        e--;
        while (e > inner && is_ws(text[e - 1])) {
            e--;
        }
    }
    if (e <= inner || text[e - 1] != ')') {
        return PROVKIT_ERR_MALFORMED;
    }
    if (expected != NULL &&
        (strlen(expected) != name_end - name || memcmp(expected, text + name, name_end - name) != 0)) {
        return PROVKIT_ERR_PROTOCOL;
    }
    *off = inner;
    *n = e - 1 - inner;
    return PROVKIT_OK;
}
