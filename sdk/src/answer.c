/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Provider answers decoded from field tables: one walk per shape (JSON
 * object, XML element per field, positional XML entries), one way to keep
 * a text. See answer.h.
 */
#include "answer.h"

#include <string.h>

#include "json_reader.h"
#include "xml.h"
#include "provkit/writer.h"
#include "text.h"

typedef struct provkit_ans_walk {
    const provkit_answer_t *a;
    char *dst;
    provkit_ans_state_t *st;
} ans_t;

static unsigned id_of(const ans_t *s, const provkit_ans_field_t *f)
{
    return (unsigned)(f - s->a->f);
}

static void mark(const ans_t *s, const provkit_ans_field_t *f, uint32_t *bits)
{
    *bits |= PROVKIT_ANS_BIT(id_of(s, f));
}

/* Does f apply, given the success read so far (false until it is read)? */
static bool applies(const ans_t *s, const provkit_ans_field_t *f)
{
    bool ok = false;
    if ((f->flags & (PROVKIT_ANS_ON_SUCCESS | PROVKIT_ANS_ON_FAILURE)) == 0) {
        return true;
    }
    if (s->a->success >= 0) {
        memcpy(&ok, s->dst + s->a->f[s->a->success].off, sizeof ok);
    }
    return (f->flags & (ok ? PROVKIT_ANS_ON_SUCCESS : PROVKIT_ANS_ON_FAILURE)) != 0;
}

/* A text read into its buffer: a cut one keeps its prefix on a character
 * boundary; any other failure leaves "". */
static void text_kept(const ans_t *s, const provkit_ans_field_t *f, int rc)
{
    char *d = s->dst + f->off;
    mark(s, f, &s->st->seen);
    if (rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
        d[provkit_utf8_prefix(d, strlen(d))] = '\0';
        mark(s, f, &s->st->cut);
    } else if (rc != PROVKIT_OK) {
        d[0] = '\0';
    }
}

/* One code: appended while there is room; outside int32 it is unreadable. */
static void add_code(const ans_t *s, const provkit_ans_field_t *f, int64_t v)
{
    size_t n;
    memcpy(&n, s->dst + f->off - sizeof n, sizeof n);
    if (v < INT32_MIN || v > INT32_MAX) {
        mark(s, f, &s->st->bad);
    } else if (n < f->cap) {
        int32_t c = (int32_t)v;
        memcpy(s->dst + f->off + n * sizeof c, &c, sizeof c);
        n++;
        memcpy(s->dst + f->off - sizeof n, &n, sizeof n);
    }
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* A scalar's text (BOOL, INT, CODES) into its destination. XML text may
 * have white space around it (and an empty element is false); JSON text is
 * a token's, exactly: true/false, 1/0 as a number or a string. */
static void scalar(const ans_t *s, const provkit_ans_field_t *f, const char *t, size_t n,
                   bool xml)
{
    int64_t v = 0;
    int rc = PROVKIT_OK;
    while (xml && n > 0 && is_ws(*t)) {
        t++;
        n--;
    }
    while (xml && n > 0 && is_ws(t[n - 1])) {
        n--;
    }
    mark(s, f, &s->st->seen);
    if (f->kind == PROVKIT_ANS_BOOL) {
        bool yes = (n == 4 && memcmp(t, "true", 4) == 0) || (n == 1 && t[0] == '1');
        if (!yes && !(n == 5 && memcmp(t, "false", 5) == 0) && !(n == 1 && t[0] == '0') &&
            !(xml && n == 0)) {
            rc = PROVKIT_ERR_RANGE;
        }
        memcpy(s->dst + f->off, &yes, sizeof yes);
    } else if (f->kind == PROVKIT_ANS_CODES && n == 0) {
        return; /* "" is no code */
    } else if ((rc = provkit_text_i64(t, n, &v)) == PROVKIT_OK) {
        if (f->kind == PROVKIT_ANS_CODES) {
            add_code(s, f, v);
        } else {
            int32_t c = v < INT32_MIN || v > INT32_MAX ? 0 : (int32_t)v;
            memcpy(s->dst + f->off, &c, sizeof c);
            if (v != c) {
                mark(s, f, &s->st->range);
            }
        }
    }
    if (rc != PROVKIT_OK) {
        mark(s, f, &s->st->bad);
    }
}

/* ---- JSON ---- */

static bool key_is(const provkit_json_t *doc, int t, const char *key)
{
    const provkit_json_token_t *k = &doc->tok[t];
    size_t n = (size_t)(k->end - k->start), kl = strlen(key);
    const char *p = doc->js + k->start;
    char dec[32]; /* longer than any key a table names */
    size_t dn = 0;
    if (n == kl && memcmp(p, key, kl) == 0) {
        return true;
    }
    /* an escaped key ("\u0053uccess") compares as decoded */
    return memchr(p, '\\', n) != NULL &&
           provkit_json_string(doc, t, dec, sizeof dec, &dn) == PROVKIT_OK && dn == kl &&
           memcmp(dec, key, kl) == 0;
}

static void json_object(const ans_t *s, const provkit_json_t *doc, int obj,
                        const provkit_ans_field_t *fs, size_t n);

/* A BOOL, an INT or one code, from the token's text (null: no code). */
static void json_scalar(const ans_t *s, const provkit_json_t *doc, int t,
                        const provkit_ans_field_t *f)
{
    if (f->kind == PROVKIT_ANS_CODES && provkit_json_kind(doc, t) == PROVKIT_JSON_NULL) {
        mark(s, f, &s->st->seen);
        return;
    }
    scalar(s, f, doc->js + doc->tok[t].start, (size_t)(doc->tok[t].end - doc->tok[t].start),
           false);
}

static void json_value(const ans_t *s, const provkit_json_t *doc, int t,
                       const provkit_ans_field_t *f)
{
    char *d = s->dst + f->off;
    provkit_json_kind_t k = provkit_json_kind(doc, t);
    int it = -1;

    switch (f->kind) {
    case PROVKIT_ANS_TEXT:
        if ((f->flags & PROVKIT_ANS_IF_EMPTY) != 0 && d[0] != '\0') {
            return;
        }
        if (k == PROVKIT_JSON_ARRAY && (f->flags & PROVKIT_ANS_LIST) != 0) {
            if (provkit_json_array_next(doc, t, &it) != PROVKIT_OK) {
                return;
            }
            t = it;
            k = provkit_json_kind(doc, t);
        }
        if ((f->flags & PROVKIT_ANS_STRING) != 0 && k != PROVKIT_JSON_STRING) {
            return;
        }
        text_kept(s, f, provkit_json_text(doc, t, d, f->cap, NULL));
        return;
    case PROVKIT_ANS_BOOL:
    case PROVKIT_ANS_INT:
        json_scalar(s, doc, t, f);
        return;
    case PROVKIT_ANS_CODES:
        mark(s, f, &s->st->seen);
        if (k == PROVKIT_JSON_ARRAY && (f->flags & PROVKIT_ANS_LIST) != 0) {
            while (provkit_json_array_next(doc, t, &it) == PROVKIT_OK) {
                json_scalar(s, doc, it, f);
            }
        } else {
            json_scalar(s, doc, t, f);
        }
        return;
    case PROVKIT_ANS_FIRST:
        if (k != PROVKIT_JSON_ARRAY || provkit_json_array_next(doc, t, &it) != PROVKIT_OK) {
            return;
        }
        t = it;
        k = provkit_json_kind(doc, t);
        /* fall through */
    default: /* PROVKIT_ANS_OBJECT */
        if (k == PROVKIT_JSON_OBJECT) {
            mark(s, f, &s->st->seen);
            json_object(s, doc, t, s->a->f + f->sub, f->nsub);
        }
        return;
    }
}

/* Walk obj's members once, keeping each field's value token (the last
 * duplicate wins; `alt` only while `key` has not come), then read them in
 * table order. */
static void json_object(const ans_t *s, const provkit_json_t *doc, int obj,
                        const provkit_ans_field_t *fs, size_t n)
{
    int at[PROVKIT_ANS_MAX];
    uint32_t primary = 0;
    for (size_t i = 0; i < n; i++) {
        at[i] = -1;
    }
    for (int k = obj + 1; k > 0 && k < doc->ntok && doc->tok[k].parent == obj;
         k = provkit_json_skip(doc, k + 1)) {
        for (size_t i = 0; i < n; i++) {
            if (key_is(doc, k, fs[i].key)) {
                at[i] = k + 1;
                primary |= PROVKIT_ANS_BIT(i);
                break;
            }
            if (fs[i].alt != NULL && (primary & PROVKIT_ANS_BIT(i)) == 0 &&
                key_is(doc, k, fs[i].alt)) {
                at[i] = k + 1;
                break;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (at[i] >= 0) {
            json_value(s, doc, at[i], &fs[i]);
        }
    }
}

/* ---- XML ---- */

/* The element just started, as f: a text, a scalar, or (list) the items. */
static int xml_value(const ans_t *s, provkit_xml_t *x, const provkit_ans_field_t *f, bool item)
{
    char buf[32];
    char *d = f->kind == PROVKIT_ANS_TEXT ? s->dst + f->off : buf;
    size_t cap = f->kind == PROVKIT_ANS_TEXT ? f->cap : sizeof buf;
    size_t n = 0;
    int rc;

    if (f->kind == PROVKIT_ANS_TEXT && (f->flags & PROVKIT_ANS_IF_EMPTY) != 0 && d[0] != '\0') {
        return provkit_xml_skip(x);
    }
    rc = provkit_xml_text(x, PROVKIT_XML_TRIM, d, cap, &n);
    if (rc == PROVKIT_XML_START && !item && (f->flags & PROVKIT_ANS_LIST) != 0) {
        /* the list form: one child element per item, the first one open */
        do {
            rc = xml_value(s, x, f, true);
        } while (rc == PROVKIT_OK && (rc = provkit_xml_next_child(x)) == PROVKIT_XML_START);
        return rc == PROVKIT_XML_END ? PROVKIT_OK : rc;
    }
    if (rc != PROVKIT_OK && rc != PROVKIT_ERR_BUFFER_TOO_SMALL) {
        return rc; /* an error, or children where a value was wanted */
    }
    if (f->kind == PROVKIT_ANS_TEXT) {
        text_kept(s, f, rc);
    } else if (rc != PROVKIT_OK) {
        mark(s, f, &s->st->seen);
        mark(s, f, &s->st->bad);
    } else {
        scalar(s, f, buf, n, true);
    }
    return PROVKIT_OK;
}

/* An element of one element per field: its children by name, in document
 * order, unknown ones skipped; then its end. */
int provkit_ans_xml_elements(const ans_t *s, provkit_xml_t *x)
{
    const provkit_ans_field_t *fs = s->a->f;
    size_t n = s->a->n;
    int ev;
    while ((ev = provkit_xml_next_child(x)) == PROVKIT_XML_START) {
        const provkit_ans_field_t *f = NULL;
        for (size_t i = 0; i < n && f == NULL; i++) {
            f = provkit_xml_name_is(x, fs[i].key) ? &fs[i] : NULL;
        }
        int rc = f != NULL ? xml_value(s, x, f, false) : provkit_xml_skip(x);
        if (rc != PROVKIT_OK) {
            return rc;
        }
    }
    return ev == PROVKIT_XML_END ? PROVKIT_OK : ev;
}

/* A list whose first item's entries are fs: read what matches, leniently;
 * then the rest of the list is skipped. */
static int xml_first(const ans_t *s, provkit_xml_t *x, const provkit_ans_field_t *fs, size_t n)
{
    size_t outer = x->depth - 1;
    if (provkit_xml_text(x, 0, NULL, 0, NULL) == PROVKIT_XML_START &&
        provkit_xml_text(x, 0, NULL, 0, NULL) == PROVKIT_XML_START) {
        for (size_t i = 0; i < n; i++) {
            if ((i > 0 && provkit_xml_next_child(x) != PROVKIT_XML_START) ||
                xml_value(s, x, &fs[i], true) != PROVKIT_OK) {
                break;
            }
        }
    }
    while (x->depth > outer && x->event > 0 && x->event != PROVKIT_XML_EOF) {
        (void)provkit_xml_next(x);
    }
    return x->event < 0 ? x->event : PROVKIT_OK;
}

/* The entries of a positional list, in table order (fields of the other
 * verdict left out); open: the first entry has started already. */
static int xml_entries(const ans_t *s, provkit_xml_t *x, const provkit_ans_field_t *fs, size_t n,
                       bool open)
{
    size_t i = 0;
    for (;;) {
        int ev = open ? x->event : provkit_xml_next_child(x);
        int rc;
        open = false;
        while (i < n && !applies(s, &fs[i])) {
            i++;
        }
        if (ev != PROVKIT_XML_START) {
            while (i < n && (!applies(s, &fs[i]) || (fs[i].flags & PROVKIT_ANS_MAY_END) != 0)) {
                i++;
            }
            return ev == PROVKIT_XML_END && i == n ? PROVKIT_OK
                                                   : (ev < 0 ? ev : PROVKIT_ERR_PROTOCOL);
        }
        if (i == n || !provkit_xml_name_is(x, "entry")) {
            return PROVKIT_ERR_PROTOCOL; /* more than the documented entries */
        }
        const provkit_ans_field_t *f = &fs[i++];
        if (f->kind == PROVKIT_ANS_FIRST) {
            rc = xml_first(s, x, s->a->f + f->sub, f->nsub);
        } else if (f->kind == PROVKIT_ANS_OBJECT) {
            rc = provkit_xml_text(x, 0, NULL, 0, NULL);
            rc = rc == PROVKIT_XML_START ? xml_entries(s, x, s->a->f + f->sub, f->nsub, true)
                                         : (rc < 0 ? rc : PROVKIT_ERR_PROTOCOL);
        } else {
            rc = xml_value(s, x, f, false);
        }
        if (rc != PROVKIT_OK) {
            return rc;
        }
        mark(s, f, &s->st->seen);
    }
}

int provkit_ans_xml_entries(const ans_t *s, provkit_xml_t *x)
{
    return xml_entries(s, x, s->a->f, s->a->n, false);
}

static int decode_xml(const ans_t *s, provkit_xml_t *x, const char *doc, size_t len)
{
    const provkit_answer_t *a = s->a;
    provkit_xml_init(x, doc, len);
    int rc = provkit_xml_next_child(x);
    if (rc != PROVKIT_XML_START || (a->root != NULL && !provkit_xml_name_is(x, a->root))) {
        return rc < 0 ? rc : PROVKIT_ERR_PROTOCOL;
    }
    rc = a->xml(s, x);
    if (rc == PROVKIT_OK) {
        /* nothing but white space, comments and PIs may follow the root */
        rc = provkit_xml_next_child(x);
        rc = rc == PROVKIT_XML_EOF ? PROVKIT_OK : rc;
    }
    return rc > 0 ? PROVKIT_ERR_PROTOCOL : rc; /* an event where another was due */
}

/* ---- the whole answer ---- */

void provkit_answer_clear(const provkit_answer_t *a, void *dst)
{
    char *d = (char *)dst;
    for (size_t i = 0; i < a->nall; i++) {
        const provkit_ans_field_t *f = &a->f[i];
        size_t zero = 0;
        switch (f->kind) {
        case PROVKIT_ANS_TEXT:
            d[f->off] = '\0';
            break;
        case PROVKIT_ANS_BOOL:
            d[f->off] = 0;
            break;
        case PROVKIT_ANS_INT:
            memset(d + f->off, 0, sizeof(int32_t));
            break;
        case PROVKIT_ANS_CODES:
            memcpy(d + f->off - sizeof zero, &zero, sizeof zero);
            break;
        default:
            break;
        }
    }
}

int provkit_answer_decode(const provkit_answer_t *a, const char *body, size_t len,
                          provkit_json_token_t *tokens, size_t ntokens, provkit_xml_t *x,
                          void *dst, provkit_ans_state_t *st, const char **why)
{
    ans_t s = {a, (char *)dst, st};
    provkit_json_t doc;
    size_t off = 0;
    int rc;
    memset(st, 0, sizeof *st);
    provkit_answer_clear(a, dst);
    provkit_skip_bom(&body, &len);
    provkit_body_kind_t kind = provkit_body_kind(body, len);
    if (kind == PROVKIT_BODY_JSONP && a->jsonp != NULL &&
        a->jsonp(body, len, NULL, &off, &len) == PROVKIT_OK) {
        body += off;
        kind = PROVKIT_BODY_JSON;
    }
    if (kind == PROVKIT_BODY_JSON) {
        rc = provkit_json_parse(&doc, body, len, tokens, ntokens);
        if (rc == PROVKIT_OK && provkit_json_kind(&doc, 0) != PROVKIT_JSON_OBJECT) {
            rc = PROVKIT_ERR_PROTOCOL;
        }
        if (rc == PROVKIT_OK) {
            json_object(&s, &doc, 0, a->f, a->n);
        }
    } else if (kind == PROVKIT_BODY_XML) {
        rc = decode_xml(&s, x, body, len);
    } else {
        *why = "answer is neither JSON nor XML";
        return PROVKIT_ERR_PROTOCOL;
    }
    for (size_t i = 0; rc == PROVKIT_OK && i < a->nall; i++) {
        uint32_t b = PROVKIT_ANS_BIT(i);
        if ((a->f[i].flags & PROVKIT_ANS_REQUIRED) != 0 && ((st->seen & b) == 0 || (st->bad & b) != 0)) {
            rc = PROVKIT_ERR_PROTOCOL;
        }
    }
    if (rc != PROVKIT_OK) {
        *why = rc != PROVKIT_ERR_LIMIT ? "answer is not the provider's answer"
                                       : "answer too large (JSON tokens or XML nesting)";
    }
    return rc;
}

/* Fields of the other verdict (or inside one) are dropped, texts wiped;
 * the cut texts kept are listed. */
static void finish_fields(const ans_t *s, const provkit_ans_field_t *fs, size_t n,
                          provkit_outcome_t *o, bool drop)
{
    for (size_t i = 0; i < n; i++) {
        const provkit_ans_field_t *f = &fs[i];
        bool gone = drop || !applies(s, f);
        if (f->kind == PROVKIT_ANS_OBJECT || f->kind == PROVKIT_ANS_FIRST) {
            finish_fields(s, s->a->f + f->sub, f->nsub, o, gone);
        } else if (gone) {
            if (f->kind == PROVKIT_ANS_TEXT) {
                provkit_zeroize(s->dst + f->off, f->cap);
            }
        } else if ((s->st->cut & PROVKIT_ANS_BIT(id_of(s, f))) != 0) {
            provkit_outcome_truncated(o, f->name);
        }
    }
}

void provkit_answer_finish(const provkit_answer_t *a, void *dst, provkit_ans_state_t *st,
                           provkit_outcome_t *o)
{
    ans_t s = {a, (char *)dst, st};
    finish_fields(&s, a->f, a->n, o, false);
}
