/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xml.c - the tiny XML scanner: XML 1.0 well-formedness over UTF-8, no DTD.
 *
 * The document is in memory, so every construct is checked in one forward
 * pass with no backtracking beyond a fixed look-ahead; each loop advances
 * the position or ends, which bounds the work by the document length.
 */
#include "xml.h"

#include "text.h"

#include <string.h>

#include "provkit/writer.h"

enum { ST_PROLOG = 0, ST_CONTENT, ST_EPILOG, ST_DONE };

typedef struct range {
    uint32_t lo, hi;
} range_t;

/* XML 1.0 Char production. */
static const range_t char_ranges[] = {
    {0x9, 0xA}, {0xD, 0xD}, {0x20, 0xD7FF}, {0xE000, 0xFFFD}, {0x10000, 0x10FFFF},
};

/* XML 1.0 (5th edition) NameStartChar. */
static const range_t name_start_ranges[] = {
    {':', ':'},       {'A', 'Z'},       {'_', '_'},       {'a', 'z'},
    {0xC0, 0xD6},     {0xD8, 0xF6},     {0xF8, 0x2FF},    {0x370, 0x37D},
    {0x37F, 0x1FFF},  {0x200C, 0x200D}, {0x2070, 0x218F}, {0x2C00, 0x2FEF},
    {0x3001, 0xD7FF}, {0xF900, 0xFDCF}, {0xFDF0, 0xFFFD}, {0x10000, 0xEFFFF},
};

/* NameChar adds these to NameStartChar. */
static const range_t name_more_ranges[] = {
    {'-', '.'}, {'0', '9'}, {0xB7, 0xB7}, {0x300, 0x36F}, {0x203F, 0x2040},
};

static bool in_ranges(const range_t *r, size_t n, uint32_t cp)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (cp >= r[i].lo && cp <= r[i].hi) {
            return true;
        }
    }
    return false;
}

#define NRANGES(a) (sizeof(a) / sizeof((a)[0]))

static bool is_char(uint32_t cp)
{
    return in_ranges(char_ranges, NRANGES(char_ranges), cp);
}

static bool is_name_start(uint32_t cp)
{
    return in_ranges(name_start_ranges, NRANGES(name_start_ranges), cp);
}

static bool is_name_char(uint32_t cp)
{
    return is_name_start(cp) || in_ranges(name_more_ranges, NRANGES(name_more_ranges), cp);
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The ASCII fast path: one class byte per ASCII character, so names and
 * text are scanned a byte at a time with one table read; the Unicode rules
 * above apply only to non-ASCII bytes. */
enum { C_NAME_START = 1, C_NAME = 2, C_TEXT = 4, C_WS = 8, C_HIGH = 16 };
#define NS (C_NAME_START | C_NAME | C_TEXT)
#define NC (C_NAME | C_TEXT)
#define TX C_TEXT
#define WS (C_TEXT | C_WS)
#define HI C_HIGH
static const unsigned char byte_class[256] = {
    /* 0x00 */ 0,  0,  0,  0,  0,  0,  0,  0,  0,  WS, WS, 0,  0,  WS, 0,  0,
    /* 0x10 */ 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* ' '  */ WS, TX, TX, TX, TX, TX, 0,  TX, TX, TX, TX, TX, TX, NC, NC, TX,
    /* '0'  */ NC, NC, NC, NC, NC, NC, NC, NC, NC, NC, NS, TX, 0,  TX, TX, TX,
    /* '@'  */ TX, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS,
    /* 'P'  */ NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, TX, TX, 0,  TX, NS,
    /* '`'  */ TX, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS,
    /* 'p'  */ NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, NS, TX, TX, TX, TX, TX,
    /* 0x80-0xFF: parts of UTF-8 sequences, for the Unicode rules */
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
    HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI, HI,
};
#undef HI
#undef NS
#undef NC
#undef TX
#undef WS

static unsigned ascii_is(unsigned char b, unsigned cls)
{
    return byte_class[b] & cls;
}

static bool starts(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);

    return n >= k && memcmp(s, lit, k) == 0;
}

/* Length of the XML Char at s, or 0 if s does not start with one. */
static size_t char_len(const char *s, size_t n)
{
    uint32_t cp = 0;
    size_t k;

    if ((unsigned char)s[0] >= 0x20 && (unsigned char)s[0] < 0x80) {
        return 1;
    }
    k = provkit_text_utf8(s, n, &cp);
    return (k != 0 && is_char(cp)) ? k : 0;
}

/* Length of the Name at s[0..n), or 0 if none starts there. */
static size_t name_len(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        uint32_t cp = 0;
        size_t k;

        if (i > 0 && (byte_class[b] & C_NAME) != 0) {
            i++; /* the usual byte: ASCII, inside the name */
            continue;
        }
        if (b < 0x80u) {
            if (!ascii_is(b, i == 0 ? C_NAME_START : C_NAME)) {
                break;
            }
            i++;
            continue;
        }
        k = provkit_text_utf8(s + i, n - i, &cp);
        if (k == 0 || !(i == 0 ? is_name_start(cp) : is_name_char(cp))) {
            break;
        }
        i += k;
    }
    return i;
}

/* Value of a hex digit, or 16 for anything else. */
static unsigned digit_value(char c)
{
    if (c >= '0' && c <= '9') {
        return (unsigned)(c - '0');
    }
    if (c >= 'a' && c <= 'f') {
        return (unsigned)(c - 'a' + 10);
    }
    if (c >= 'A' && c <= 'F') {
        return (unsigned)(c - 'A' + 10);
    }
    return 16;
}

static const struct {
    const char *name;
    char c;
} predefined[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};

/* Parse the reference at s[0] == '&'. On success *used is its length and
 * *cp the character it stands for; otherwise *reason says why. */
static int parse_ref(const char *s, size_t n, size_t *used, uint32_t *cp, const char **reason)
{
    size_t i = 1;
    size_t k;

    if (i < n && s[i] == '#') {
        unsigned base = 10;
        uint32_t v = 0;
        size_t digits = 0;

        i++;
        if (i < n && s[i] == 'x') {
            base = 16;
            i++;
        }
        for (; i < n; i++, digits++) {
            unsigned d = digit_value(s[i]);

            if (d >= base) {
                break;
            }
            /* Saturate: anything above U+10FFFF is refused below anyway. */
            if (v <= 0x10FFFF) {
                v = v * base + d;
            }
        }
        if (digits == 0 || i >= n || s[i] != ';') {
            *reason = "bad character reference";
            return PROVKIT_ERR_MALFORMED;
        }
        if (!is_char(v) || (v >= 0xD800 && v <= 0xDFFF)) {
            *reason = "character reference to a non-XML character";
            return PROVKIT_ERR_MALFORMED;
        }
        *cp = v;
        *used = i + 1;
        return PROVKIT_OK;
    }
    k = name_len(s + 1, n - 1);
    if (k == 0 || 1 + k >= n || s[1 + k] != ';') {
        *reason = "bad entity reference";
        return PROVKIT_ERR_MALFORMED;
    }
    for (i = 0; i < NRANGES(predefined); i++) {
        if (strlen(predefined[i].name) == k && memcmp(predefined[i].name, s + 1, k) == 0) {
            *cp = (uint32_t)(unsigned char)predefined[i].c;
            *used = k + 2;
            return PROVKIT_OK;
        }
    }
    *reason = "undeclared entity";
    return PROVKIT_ERR_MALFORMED;
}

/* ---- scanner -------------------------------------------------------- */

static int fail(provkit_xml_t *x, int status, const char *reason)
{
    x->event = status;
    x->reason = reason;
    x->error_offset = x->pos;
    return status;
}

static const char *cur(const provkit_xml_t *x)
{
    return x->doc + x->pos;
}

static size_t left(const provkit_xml_t *x)
{
    return x->len - x->pos;
}

static bool skip_ws(provkit_xml_t *x)
{
    size_t start = x->pos, i = start;

    while (i < x->len && (byte_class[(unsigned char)x->doc[i]] & C_WS) != 0) {
        i++;
    }
    x->pos = i;
    return i != start;
}

/* Check Chars up to the terminator lit (consumed). */
static int scan_until(provkit_xml_t *x, const char *lit, const char *unterminated)
{
    while (x->pos < x->len) {
        size_t k;

        if (starts(cur(x), left(x), lit)) {
            x->pos += strlen(lit);
            return PROVKIT_OK;
        }
        k = char_len(cur(x), left(x));
        if (k == 0) {
            return fail(x, PROVKIT_ERR_MALFORMED, "invalid character");
        }
        x->pos += k;
    }
    return fail(x, PROVKIT_ERR_MALFORMED, unterminated);
}

static int scan_comment(provkit_xml_t *x)
{
    x->pos += 4; /* "<!--" */
    while (x->pos < x->len) {
        size_t k;

        if (starts(cur(x), left(x), "--")) {
            if (!starts(cur(x), left(x), "-->")) {
                return fail(x, PROVKIT_ERR_MALFORMED, "'--' inside a comment");
            }
            x->pos += 3;
            return PROVKIT_OK;
        }
        k = char_len(cur(x), left(x));
        if (k == 0) {
            return fail(x, PROVKIT_ERR_MALFORMED, "invalid character");
        }
        x->pos += k;
    }
    return fail(x, PROVKIT_ERR_MALFORMED, "unterminated comment");
}

static bool valid_version(const char *v, size_t n)
{
    size_t i;

    if (n < 3 || v[0] != '1' || v[1] != '.') {
        return false;
    }
    for (i = 2; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') {
            return false;
        }
    }
    return true;
}


static bool valid_encoding(const char *v, size_t n)
{
    size_t i;

    if (n == 0 || !is_alpha(v[0])) {
        return false;
    }
    for (i = 1; i < n; i++) {
        if (!is_alpha(v[i]) && !(v[i] >= '0' && v[i] <= '9') && v[i] != '.' && v[i] != '_' &&
            v[i] != '-') {
            return false;
        }
    }
    return true;
}

/* The encodings the scanner decodes: UTF-8, and US-ASCII, its subset. */
static bool decodable_encoding(const char *v, size_t n)
{
    static const char *const names[] = {"utf-8", "us-ascii"};
    size_t i, k;

    for (k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (strlen(names[k]) != n) {
            continue;
        }
        for (i = 0; i < n && (v[i] | 0x20) == names[k][i]; i++) {
        }
        if (i == n) {
            return true;
        }
    }
    return false;
}

static bool valid_standalone(const char *v, size_t n)
{
    return (n == 3 && memcmp(v, "yes", 3) == 0) || (n == 2 && memcmp(v, "no", 2) == 0);
}

/* The declaration's pseudo-attributes, in the only order XML allows. */
static const struct {
    const char *name;
    bool (*valid)(const char *, size_t);
} decl_fields[] = {
    {"version", valid_version},
    {"encoding", valid_encoding},
    {"standalone", valid_standalone},
};

/* x->pos is just past "<?xml". */
static int scan_decl(provkit_xml_t *x)
{
    size_t next_field = 0;
    size_t iter;

    for (iter = 0; iter <= NRANGES(decl_fields); iter++) {
        bool ws = skip_ws(x);
        size_t f;
        size_t vstart;
        char q;

        if (starts(cur(x), left(x), "?>")) {
            if (next_field == 0) {
                break;
            }
            x->pos += 2;
            return PROVKIT_OK;
        }
        if (!ws) {
            break;
        }
        for (f = next_field; f < NRANGES(decl_fields); f++) {
            size_t k = strlen(decl_fields[f].name);

            if (starts(cur(x), left(x), decl_fields[f].name) && k < left(x) &&
                (is_ws(x->doc[x->pos + k]) || x->doc[x->pos + k] == '=')) {
                break;
            }
        }
        if (f == NRANGES(decl_fields) || (next_field == 0 && f != 0)) {
            break;
        }
        x->pos += strlen(decl_fields[f].name);
        skip_ws(x);
        if (x->pos >= x->len || x->doc[x->pos] != '=') {
            break;
        }
        x->pos++;
        skip_ws(x);
        if (x->pos >= x->len || (x->doc[x->pos] != '"' && x->doc[x->pos] != '\'')) {
            break;
        }
        q = x->doc[x->pos++];
        vstart = x->pos;
        while (x->pos < x->len && x->doc[x->pos] != q && x->doc[x->pos] != '?' &&
               x->doc[x->pos] != '<') {
            x->pos++;
        }
        if (x->pos >= x->len || x->doc[x->pos] != q ||
            !decl_fields[f].valid(x->doc + vstart, x->pos - vstart)) {
            break;
        }
        if (f == 1 && !decodable_encoding(x->doc + vstart, x->pos - vstart)) {
            return fail(x, PROVKIT_ERR_UNSUPPORTED, "encoding other than UTF-8 or US-ASCII");
        }
        x->pos++;
        next_field = f + 1;
    }
    return fail(x, PROVKIT_ERR_MALFORMED, "bad XML declaration");
}

/* x->pos is at "<?". */
static int scan_pi(provkit_xml_t *x, size_t bom)
{
    size_t at = x->pos;
    size_t k;

    x->pos += 2;
    k = name_len(cur(x), left(x));
    if (k == 0) {
        return fail(x, PROVKIT_ERR_MALFORMED, "bad processing instruction target");
    }
    if (k == 3 && (x->doc[x->pos] | 0x20) == 'x' && (x->doc[x->pos + 1] | 0x20) == 'm' &&
        (x->doc[x->pos + 2] | 0x20) == 'l') {
        if (at != bom || memcmp(cur(x), "xml", 3) != 0) {
            return fail(x, PROVKIT_ERR_MALFORMED,
                        "XML declaration not at the start, or reserved PI target");
        }
        x->pos += 3;
        return scan_decl(x);
    }
    x->pos += k;
    if (starts(cur(x), left(x), "?>")) {
        x->pos += 2;
        return PROVKIT_OK;
    }
    if (!skip_ws(x)) {
        return fail(x, PROVKIT_ERR_MALFORMED, "bad processing instruction target");
    }
    return scan_until(x, "?>", "unterminated processing instruction");
}

/* Attribute value at the quote; references and Chars checked, '<' refused. */
static int scan_att_value(provkit_xml_t *x)
{
    char q = x->doc[x->pos++];

    while (x->pos < x->len && x->doc[x->pos] != q) {
        char c = x->doc[x->pos];
        size_t k;

        if (c == '<') {
            return fail(x, PROVKIT_ERR_MALFORMED, "'<' in an attribute value");
        }
        if (c == '&') {
            uint32_t cp;
            const char *why = "";

            if (parse_ref(cur(x), left(x), &k, &cp, &why) != PROVKIT_OK) {
                return fail(x, PROVKIT_ERR_MALFORMED, why);
            }
        } else {
            k = char_len(cur(x), left(x));
            if (k == 0) {
                return fail(x, PROVKIT_ERR_MALFORMED, "invalid character");
            }
        }
        x->pos += k;
    }
    if (x->pos >= x->len) {
        return fail(x, PROVKIT_ERR_MALFORMED, "unterminated attribute value");
    }
    x->pos++;
    return PROVKIT_OK;
}

/* x->pos is at '<' of a start tag. */
static int scan_start_tag(provkit_xml_t *x)
{
    size_t nattr = 0;
    size_t k;
    bool done = false;

    x->pos++;
    k = name_len(cur(x), left(x));
    if (k == 0) {
        return fail(x, PROVKIT_ERR_MALFORMED, "invalid element name");
    }
    if (x->depth >= PROVKIT_XML_MAX_DEPTH) {
        return fail(x, PROVKIT_ERR_LIMIT, "elements nested too deep");
    }
    x->name = cur(x);
    x->name_len = k;
    x->stack_off[x->depth] = (uint16_t)x->pos; /* init refused len > UINT16_MAX */
    x->stack_len[x->depth] = (uint16_t)k;
    x->pos += k;
    while (!done && x->pos < x->len) {
        bool ws = skip_ws(x);
        size_t i;

        if (starts(cur(x), left(x), ">")) {
            x->pos++;
            done = true;
            break;
        }
        if (starts(cur(x), left(x), "/>")) {
            x->pos += 2;
            x->pending_end = true;
            done = true;
            break;
        }
        k = name_len(cur(x), left(x));
        if (x->pos < x->len && (!ws || k == 0)) {
            return fail(x, PROVKIT_ERR_MALFORMED, "bad attribute or character in a start tag");
        }
        if (k == 0) {
            break;
        }
        for (i = 0; i < nattr; i++) {
            if (x->attr_len[i] == k && memcmp(x->doc + x->attr_off[i], cur(x), k) == 0) {
                return fail(x, PROVKIT_ERR_MALFORMED, "duplicate attribute");
            }
        }
        if (nattr == PROVKIT_XML_MAX_ATTRS) {
            return fail(x, PROVKIT_ERR_LIMIT, "too many attributes on one element");
        }
        x->attr_off[nattr] = (uint16_t)x->pos;
        x->attr_len[nattr] = (uint16_t)k;
        nattr++;
        x->pos += k;
        skip_ws(x);
        if (!starts(cur(x), left(x), "=")) {
            return fail(x, PROVKIT_ERR_MALFORMED, "attribute without '='");
        }
        x->pos++;
        skip_ws(x);
        if (!starts(cur(x), left(x), "\"") && !starts(cur(x), left(x), "'")) {
            return fail(x, PROVKIT_ERR_MALFORMED, "attribute value not quoted");
        }
        if (scan_att_value(x) != PROVKIT_OK) {
            return x->event;
        }
    }
    if (!done) {
        return fail(x, PROVKIT_ERR_MALFORMED, "unterminated start tag");
    }
    x->depth++;
    x->state = ST_CONTENT;
    x->event = PROVKIT_XML_START;
    return PROVKIT_XML_START;
}

/* x->pos is at "</". */
static int scan_end_tag(provkit_xml_t *x)
{
    size_t top = x->depth - 1;
    size_t k;

    x->pos += 2;
    /* the usual case: the start tag's name, then a byte no name goes on
     * with (memcmp, no name scan); otherwise the name rules say why not */
    k = x->stack_len[top];
    if (left(x) > k && memcmp(cur(x), x->doc + x->stack_off[top], k) == 0 &&
        (byte_class[(unsigned char)x->doc[x->pos + k]] & (C_NAME | C_HIGH)) == 0) {
        /* matched */
    } else {
        k = name_len(cur(x), left(x));
        if (k == 0) {
            return fail(x, PROVKIT_ERR_MALFORMED, "invalid end tag name");
        }
        if (k != x->stack_len[top] || memcmp(cur(x), x->doc + x->stack_off[top], k) != 0) {
            return fail(x, PROVKIT_ERR_MALFORMED, "end tag does not match start tag");
        }
    }
    x->name = cur(x);
    x->name_len = k;
    x->pos += k;
    skip_ws(x);
    if (!starts(cur(x), left(x), ">")) {
        return fail(x, PROVKIT_ERR_MALFORMED, "unterminated end tag");
    }
    x->pos++;
    x->depth = top;
    if (top == 0) {
        x->state = ST_EPILOG;
    }
    x->event = PROVKIT_XML_END;
    return PROVKIT_XML_END;
}

/* Character data, references and CDATA sections up to the next markup. */
static int scan_text(provkit_xml_t *x)
{
    size_t start = x->pos;
    bool blank = true;

    while (x->pos < x->len) {
        char c;
        size_t k;
        {
            /* the fast path: a run of plain ASCII text, in locals */
            const unsigned char *d = (const unsigned char *)x->doc;
            size_t i = x->pos, n = x->len;
            unsigned ws = C_WS, cls;
            while (i < n && ((cls = byte_class[d[i]]) & C_TEXT) != 0) {
                ws &= cls;
                i++;
            }
            blank = blank && ws != 0;
            x->pos = i;
            if (i == n) {
                break;
            }
            c = (char)d[i];
        }
        if (c == '<') {
            if (!starts(cur(x), left(x), "<![CDATA[")) {
                break;
            }
            x->pos += 9;
            blank = false;
            if (scan_until(x, "]]>", "unterminated CDATA section") != PROVKIT_OK) {
                return x->event;
            }
            continue;
        }
        if (c == '&') {
            uint32_t cp;
            const char *why = "";

            if (parse_ref(cur(x), left(x), &k, &cp, &why) != PROVKIT_OK) {
                return fail(x, PROVKIT_ERR_MALFORMED, why);
            }
            blank = false;
        } else if (c == ']' && starts(cur(x), left(x), "]]>")) {
            return fail(x, PROVKIT_ERR_MALFORMED, "']]>' in text");
        } else {
            k = char_len(cur(x), left(x));
            if (k == 0) {
                return fail(x, PROVKIT_ERR_MALFORMED, "invalid character");
            }
            blank = blank && is_ws(c);
        }
        x->pos += k;
    }
    x->text = x->doc + start;
    x->text_len = x->pos - start;
    x->text_blank = blank;
    x->event = PROVKIT_XML_TEXT;
    return PROVKIT_XML_TEXT;
}

void provkit_xml_init(provkit_xml_t *x, const char *doc, size_t len)
{
    if (x == NULL) {
        return;
    }
    memset(x, 0, sizeof *x);
    x->doc = doc != NULL ? doc : "";
    x->len = doc != NULL ? len : 0;
    x->reason = "";
    x->state = ST_PROLOG;
    if (x->len > UINT16_MAX) {
        /* the tag stack keeps 16-bit offsets (an answer is far smaller) */
        (void)fail(x, PROVKIT_ERR_LIMIT, "document larger than 65,535 bytes");
        return;
    }
    if (starts(x->doc, x->len, "\xEF\xBB\xBF")) {
        x->pos = 3;
    }
}

/* One step of markup or text; returns an event, PROVKIT_OK when something
 * was skipped (comment, PI, white space outside the root), or an error. */
static int step(provkit_xml_t *x)
{
    const char *s = cur(x);
    size_t n = left(x);
    size_t bom = starts(x->doc, x->len, "\xEF\xBB\xBF") ? 3 : 0;

    if (starts(s, n, "<!--")) {
        return scan_comment(x);
    }
    if (starts(s, n, "<?")) {
        return scan_pi(x, bom);
    }
    if (starts(s, n, "<!DOCTYPE")) {
        return fail(x, PROVKIT_ERR_MALFORMED, "DOCTYPE refused");
    }
    if (x->state == ST_CONTENT) {
        if (starts(s, n, "</")) {
            return scan_end_tag(x);
        }
        if (starts(s, n, "<![CDATA[") || s[0] != '<') {
            return scan_text(x);
        }
        if (starts(s, n, "<!")) {
            return fail(x, PROVKIT_ERR_MALFORMED, "markup declaration in content");
        }
        return scan_start_tag(x);
    }
    if (skip_ws(x)) {
        return PROVKIT_OK;
    }
    if (s[0] != '<' || starts(s, n, "<!") || starts(s, n, "</")) {
        return fail(x, PROVKIT_ERR_MALFORMED, "text or markup outside the root element");
    }
    if (x->state == ST_EPILOG) {
        return fail(x, PROVKIT_ERR_MALFORMED, "second root element");
    }
    return scan_start_tag(x);
}

int provkit_xml_next(provkit_xml_t *x)
{
    if (x == NULL) {
        return PROVKIT_ERR_ARG;
    }
    if (x->event < 0 || x->state == ST_DONE) {
        return x->event;
    }
    if (x->pending_end) {
        x->pending_end = false;
        x->depth--;
        x->name = x->doc + x->stack_off[x->depth];
        x->name_len = x->stack_len[x->depth];
        if (x->depth == 0) {
            x->state = ST_EPILOG;
        }
        x->event = PROVKIT_XML_END;
        return PROVKIT_XML_END;
    }
    /* Every step consumes at least one byte or returns an event or error. */
    while (x->pos < x->len) {
        int rc = step(x);

        if (rc != PROVKIT_OK) {
            return rc;
        }
    }
    if (x->state == ST_CONTENT) {
        return fail(x, PROVKIT_ERR_MALFORMED, "document ends inside an element");
    }
    if (x->state == ST_PROLOG) {
        return fail(x, PROVKIT_ERR_MALFORMED, "no root element");
    }
    x->state = ST_DONE;
    x->event = PROVKIT_XML_EOF;
    return PROVKIT_XML_EOF;
}

bool provkit_xml_name_is(const provkit_xml_t *x, const char *s)
{
    size_t k;

    if (x == NULL || s == NULL ||
        (x->event != PROVKIT_XML_START && x->event != PROVKIT_XML_END)) {
        return false;
    }
    k = strlen(s);
    return k == x->name_len && memcmp(x->name, s, k) == 0;
}

int provkit_xml_next_child(provkit_xml_t *x)
{
    int rc;

    if (x == NULL) {
        return PROVKIT_ERR_ARG;
    }
    /* Indentation before the next tag (literal white space, then '<') is
     * the blank text the loop below would skip as an event: skipped in
     * place. Only in an element's content, where such text is allowed (a
     * sticky error stays the answer). */
    if (x->state == ST_CONTENT) {
        size_t i = x->pos;
        while (i < x->len && (byte_class[(unsigned char)x->doc[i]] & C_WS) != 0) {
            i++;
        }
        if (i < x->len && x->doc[i] == '<') {
            x->pos = i;
        }
    }
    /* Blank text runs are separated by markup, so there are fewer of them
     * than bytes left. */
    do {
        rc = provkit_xml_next(x);
    } while (rc == PROVKIT_XML_TEXT && x->text_blank);
    return rc == PROVKIT_XML_TEXT ? PROVKIT_ERR_PROTOCOL : rc;
}

/* ---- text decoding -------------------------------------------------- */

/* Decoded output: stores what fits, counts everything, and remembers where
 * the last significant byte ended so trailing white space can be dropped. */
typedef struct sink {
    char *out;
    size_t cap;
    size_t len;
    size_t keep;
    bool trim;
    bool started;
} sink_t;

/* Append s[0..n) (stored as far as it fits, counted whole). trimmable:
 * its white space is literal text, dropped at the start and the end when
 * trimming; otherwise (a reference, CDATA) every byte is significant. */
static void sink_put(sink_t *k, const char *s, size_t n, bool trimmable)
{
    size_t last = n; /* bytes up to the last significant one */
    trimmable = trimmable && k->trim;
    if (trimmable) {
        while (!k->started && n > 0 && is_ws(*s)) {
            s++;
            n--;
        }
        for (last = n; last > 0 && is_ws(s[last - 1]); last--) {
        }
    }
    if (n == 0) {
        return;
    }
    if (k->out != NULL && k->len < k->cap) {
        size_t room = k->cap - k->len;
        memcpy(k->out + k->len, s, n < room ? n : room);
    }
    k->len += n;
    k->started = true;
    if (last > 0) {
        k->keep = k->len - (n - last);
    }
}

static int sink_finish(sink_t *k, size_t *out_len)
{
    if (k->trim) {
        k->len = k->keep;
    }
    if (out_len != NULL) {
        *out_len = k->len;
    }
    if (k->len < k->cap) {
        k->out[k->len] = '\0';
        return PROVKIT_OK;
    }
    if (k->cap > 0) {
        k->out[k->cap - 1] = '\0';
    }
    return PROVKIT_ERR_BUFFER_TOO_SMALL;
}

/* Copy literal text, folding CR LF and lone CR into LF: runs between CRs
 * go in one append. */
static void sink_literal(sink_t *k, const char *s, size_t n, bool trimmable)
{
    while (n > 0) {
        const char *cr = memchr(s, '\r', n);
        size_t run = cr != NULL ? (size_t)(cr - s) : n;
        sink_put(k, s, run, trimmable);
        if (cr == NULL) {
            return;
        }
        sink_put(k, "\n", 1, trimmable);
        run += (run + 1 < n && s[run + 1] == '\n') ? 2u : 1u;
        s += run;
        n -= run;
    }
}

static int sink_decode(sink_t *k, const char *raw, size_t n)
{
    size_t i = 0;

    while (i < n) {
        const char *s = raw + i;
        size_t m = n - i;

        if (starts(s, m, "<![CDATA[")) {
            size_t j;

            for (j = 9; j < m && !starts(s + j, m - j, "]]>"); j++) {
            }
            if (j >= m) {
                return PROVKIT_ERR_MALFORMED;
            }
            sink_literal(k, s + 9, j - 9, false);
            i += j + 3;
        } else if (s[0] == '<') {
            return PROVKIT_ERR_MALFORMED;
        } else if (s[0] == '&') {
            uint32_t cp = 0;
            size_t used = 0;
            char enc[4];
            const char *why = "";

            if (parse_ref(s, m, &used, &cp, &why) != PROVKIT_OK) {
                return PROVKIT_ERR_MALFORMED;
            }
            sink_put(k, enc, provkit_utf8_encode(cp, enc), false);
            i += used;
        } else {
            size_t j = 1;

            /* A run up to the next markup character goes in one call. */
            while (j < m && s[j] != '<' && s[j] != '&') {
                j++;
            }
            sink_literal(k, s, j, true);
            i += j;
        }
    }
    return PROVKIT_OK;
}

int provkit_xml_decode(const char *raw, size_t n, unsigned flags, char *out, size_t cap,
                       size_t *out_len)
{
    sink_t k;
    int rc;

    if ((raw == NULL && n > 0) || (out == NULL && cap > 0)) {
        return PROVKIT_ERR_ARG;
    }
    memset(&k, 0, sizeof k);
    k.out = out;
    k.cap = cap;
    k.trim = (flags & PROVKIT_XML_TRIM) != 0;
    rc = sink_decode(&k, raw, n);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    return sink_finish(&k, out_len);
}

int provkit_xml_text(provkit_xml_t *x, unsigned flags, char *out, size_t cap, size_t *out_len)
{
    sink_t k;
    bool blank = true;
    size_t outer;

    if (x == NULL || x->event != PROVKIT_XML_START || (out == NULL && cap > 0)) {
        return PROVKIT_ERR_ARG;
    }
    memset(&k, 0, sizeof k);
    k.out = out;
    k.cap = cap;
    k.trim = (flags & PROVKIT_XML_TRIM) != 0;
    outer = x->depth - 1;
    /* Bounded: each event consumes part of the document. */
    for (;;) {
        int rc = provkit_xml_next(x);

        if (rc < 0 || rc == PROVKIT_XML_START) {
            /* whatever text was decoded so far is no value: leave "" rather
             * than an unterminated prefix */
            if (cap > 0) {
                out[0] = '\0';
            }
            if (rc < 0) {
                return rc;
            }
            return blank ? PROVKIT_XML_START : PROVKIT_ERR_PROTOCOL;
        }
        if (rc == PROVKIT_XML_END && x->depth == outer) {
            return sink_finish(&k, out_len);
        }
        if (rc == PROVKIT_XML_TEXT) {
            blank = blank && x->text_blank;
            /* The scanner checked this span: it decodes without error. */
            (void)sink_decode(&k, x->text, x->text_len);
        }
    }
}

int provkit_xml_skip(provkit_xml_t *x)
{
    size_t outer;

    if (x == NULL || x->event != PROVKIT_XML_START) {
        return PROVKIT_ERR_ARG;
    }
    outer = x->depth - 1;
    for (;;) {
        int rc = provkit_xml_next(x);

        if (rc < 0) {
            return rc;
        }
        if (rc == PROVKIT_XML_END && x->depth == outer) {
            return PROVKIT_OK;
        }
    }
}
