/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xmlrpc.c - XML-RPC methodCall writer and methodResponse reader.
 *
 * The reader walks the fixed shape of a methodResponse with the XML scanner
 * and decodes wanted members straight into the caller's table; everything
 * else is skipped by the scanner, which bounds depth and work.
 */
#include "xmlrpc.h"

#include "text.h"

#include <limits.h>
#include <string.h>

#include "provkit/writer.h"
#include "xml.h"

/* ---- reader --------------------------------------------------------- */

typedef enum vtype { T_STRING, T_INT32, T_INT64, T_BOOL, T_DOUBLE, T_TEXT, T_NIL, T_OTHER } vtype_t;

/* XML-RPC value types. T_TEXT: kept as text only (no numeric meaning here);
 * T_OTHER: cannot go into any destination. */
static const struct {
    const char *name;
    vtype_t type;
} value_types[] = {
    {"string", T_STRING}, {"int", T_INT32},     {"i4", T_INT32},
    {"i8", T_INT64},      {"boolean", T_BOOL},  {"double", T_DOUBLE},
    {"dateTime.iso8601", T_TEXT}, {"nil", T_NIL}, {"base64", T_OTHER},
    {"struct", T_OTHER},  {"array", T_OTHER},
};

/* Numbers and booleans are decoded here before conversion; longer text
 * cannot be a value that fits an int64. */
#define NUM_MAX 48

typedef struct reader {
    provkit_xml_t *x;
    const char *reason;
    bool too_small;
} reader_t;

static int fail(reader_t *r, int status, const char *reason)
{
    r->reason = reason;
    return status;
}

/* Map a scanner result: keep its reason for scanner errors. */
static int scan_fail(reader_t *r, int rc)
{
    return fail(r, rc, r->x->event < 0 ? r->x->reason : "unexpected XML-RPC structure");
}

/* Next child must be the start (name != NULL) or the end (name == NULL) of
 * an element. */
static int expect(reader_t *r, const char *name)
{
    int rc = provkit_xml_next_child(r->x);

    if (rc < 0 && rc != PROVKIT_ERR_PROTOCOL) {
        return scan_fail(r, rc);
    }
    if (name == NULL ? rc != PROVKIT_XML_END
                     : (rc != PROVKIT_XML_START || !provkit_xml_name_is(r->x, name))) {
        return fail(r, PROVKIT_ERR_PROTOCOL, "unexpected XML-RPC structure");
    }
    return PROVKIT_OK;
}

/* Run a fixed sequence of expected elements (NULL = an end tag). */
static int expect_seq(reader_t *r, const char *const *seq, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int rc = expect(r, seq[i]);

        if (rc != PROVKIT_OK) {
            return rc;
        }
    }
    return PROVKIT_OK;
}


/* [+-]digits[.digits]; frac_ok says whether a fraction may appear (it must
 * then be zeros only). */
static int parse_int(reader_t *r, const char *s, size_t n, bool frac_ok, int64_t *out)
{
    size_t i = (n > 0 && (s[0] == '+' || s[0] == '-')) ? 1u : 0u;
    bool neg = i == 1 && s[0] == '-';
    size_t end = i;
    size_t digits;
    uint64_t v = 0;

    while (end < n && is_digit(s[end])) {
        end++;
    }
    digits = end - i;
    if (digits > 0 &&
        provkit_text_u64(s + i, digits, neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX,
                         &v) != PROVKIT_OK) {
        return fail(r, PROVKIT_ERR_RANGE, "integer out of range");
    }
    if (frac_ok && end < n && s[end] == '.') {
        bool nonzero = false;

        for (end++; end < n && is_digit(s[end]); end++, digits++) {
            nonzero = nonzero || s[end] != '0';
        }
        if (digits > 0 && end == n && nonzero) {
            return fail(r, PROVKIT_ERR_RANGE, "double with a fraction for an integer");
        }
    }
    if (digits == 0 || end != n) {
        return fail(r, PROVKIT_ERR_MALFORMED, "bad number");
    }
    *out = neg ? (v == 0 ? 0 : -(int64_t)(v - 1u) - 1) : (int64_t)v;
    return PROVKIT_OK;
}

/* Convert number/boolean text of value type t into f's destination. */
static int convert(reader_t *r, provkit_xmlrpc_field_t *f, vtype_t t, const char *s, size_t n)
{
    int64_t v = 0;
    int rc;

    if (f->kind == PROVKIT_XMLRPC_BOOL && (t == T_BOOL || t == T_STRING)) {
        static const struct {
            const char *text;
            bool value;
            bool bool_type; /* accepted inside <boolean> */
        } words[] = {{"0", false, true}, {"1", true, true}, {"false", false, false},
                     {"true", true, false}};
        size_t i;

        for (i = 0; i < sizeof words / sizeof words[0]; i++) {
            if ((t == T_STRING || words[i].bool_type) && strlen(words[i].text) == n &&
                memcmp(words[i].text, s, n) == 0) {
                *(bool *)f->dest = words[i].value;
                return PROVKIT_OK;
            }
        }
        return fail(r, PROVKIT_ERR_MALFORMED, "bad boolean");
    }
    if (t != T_INT32 && t != T_INT64 && t != T_DOUBLE && t != T_STRING) {
        return fail(r, PROVKIT_ERR_PROTOCOL, "value type does not fit the destination");
    }
    if (f->kind == PROVKIT_XMLRPC_BOOL && t == T_DOUBLE) {
        return fail(r, PROVKIT_ERR_PROTOCOL, "value type does not fit the destination");
    }
    rc = parse_int(r, s, n, t == T_DOUBLE, &v);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    if (t == T_INT32 && (v < INT32_MIN || v > INT32_MAX)) {
        return fail(r, PROVKIT_ERR_RANGE, "<int> outside 32 bits");
    }
    switch (f->kind) {
    case PROVKIT_XMLRPC_INT64:
        *(int64_t *)f->dest = v;
        return PROVKIT_OK;
    case PROVKIT_XMLRPC_INT32:
        if (v < INT32_MIN || v > INT32_MAX) {
            return fail(r, PROVKIT_ERR_RANGE, "integer out of range");
        }
        *(int32_t *)f->dest = (int32_t)v;
        return PROVKIT_OK;
    default: /* BOOL from an integer type */
        if (v != 0 && v != 1) {
            return fail(r, PROVKIT_ERR_RANGE, "boolean not 0 or 1");
        }
        *(bool *)f->dest = v == 1;
        return PROVKIT_OK;
    }
}

static vtype_t type_of(const provkit_xml_t *x)
{
    size_t i;

    for (i = 0; i < sizeof value_types / sizeof value_types[0]; i++) {
        if (provkit_xml_name_is(x, value_types[i].name)) {
            return value_types[i].type;
        }
    }
    return T_OTHER;
}

/* The scanner stands on <value>; decode it into f, ending on </value>
 * (num: NUM_MAX bytes of the caller's, for a number's text). */
static int read_value(reader_t *r, provkit_xmlrpc_field_t *f, char *num)
{
    bool to_string = f->kind == PROVKIT_XMLRPC_STRING;
    char *buf = to_string ? (char *)f->dest : num;
    size_t cap = to_string ? f->cap : NUM_MAX;
    size_t n = 0;
    vtype_t t = T_STRING;
    int rc = provkit_xml_text(r->x, to_string ? 0u : PROVKIT_XML_TRIM, buf, cap, &n);

    if (rc == PROVKIT_XML_START) {
        t = type_of(r->x);
        if (t == T_OTHER) {
            return fail(r, PROVKIT_ERR_PROTOCOL, "value type does not fit the destination");
        }
        rc = provkit_xml_text(r->x, to_string && t == T_STRING ? 0u : PROVKIT_XML_TRIM, buf, cap,
                              &n);
        if (rc == PROVKIT_OK || rc == PROVKIT_ERR_BUFFER_TOO_SMALL) {
            int end = expect(r, NULL);

            if (end != PROVKIT_OK) {
                return end;
            }
        }
    }
    if (rc == PROVKIT_XML_START || rc == PROVKIT_ERR_PROTOCOL) {
        return fail(r, PROVKIT_ERR_PROTOCOL, "value type does not fit the destination");
    }
    if (rc != PROVKIT_OK && rc != PROVKIT_ERR_BUFFER_TOO_SMALL) {
        return scan_fail(r, rc);
    }
    if (t == T_NIL) {
        return PROVKIT_OK;
    }
    if (to_string) {
        f->len = (uint16_t)n; /* a document is at most 65,535 bytes */
        f->present = true;
        r->too_small = r->too_small || rc != PROVKIT_OK;
        return PROVKIT_OK;
    }
    if (rc != PROVKIT_OK) {
        return fail(r, PROVKIT_ERR_RANGE, "number too long");
    }
    rc = convert(r, f, t, num, n);
    f->present = rc == PROVKIT_OK;
    return rc;
}

/* Member names longer than this cannot match a field; they are skipped. */
#define NAME_MAX_BYTES 24

/* The scanner stands on <struct>; decode members until </struct>. */
static int read_struct(reader_t *r, provkit_xmlrpc_field_t *fields, size_t nfields)
{
    /* Each member consumes part of the body, so this is bounded. */
    /* the member's name, then (a number's) value: one buffer, in turn */
    char buf[NUM_MAX > NAME_MAX_BYTES ? NUM_MAX : NAME_MAX_BYTES];
    for (;;) {
        size_t n = 0;
        size_t i;
        provkit_xmlrpc_field_t *f = NULL;
        int rc = provkit_xml_next_child(r->x);

        if (rc == PROVKIT_XML_END) {
            return PROVKIT_OK;
        }
        if (rc < 0 && rc != PROVKIT_ERR_PROTOCOL) {
            return scan_fail(r, rc);
        }
        if (rc != PROVKIT_XML_START || !provkit_xml_name_is(r->x, "member")) {
            return fail(r, PROVKIT_ERR_PROTOCOL, "unexpected XML-RPC structure");
        }
        rc = expect(r, "name");
        if (rc != PROVKIT_OK) {
            return rc;
        }
        rc = provkit_xml_text(r->x, 0, buf, NAME_MAX_BYTES, &n);
        if (rc != PROVKIT_OK && rc != PROVKIT_ERR_BUFFER_TOO_SMALL) {
            return rc < 0 && rc != PROVKIT_ERR_PROTOCOL
                       ? scan_fail(r, rc)
                       : fail(r, PROVKIT_ERR_PROTOCOL, "member name is not text");
        }
        for (i = 0; rc == PROVKIT_OK && i < nfields; i++) {
            if (strlen(fields[i].name) == n && memcmp(fields[i].name, buf, n) == 0) {
                f = &fields[i];
                break;
            }
        }
        rc = expect(r, "value");
        if (rc != PROVKIT_OK) {
            return rc;
        }
        if (f == NULL) {
            rc = provkit_xml_skip(r->x);
            if (rc != PROVKIT_OK) {
                return scan_fail(r, rc);
            }
        } else {
            if (f->present) {
                return fail(r, PROVKIT_ERR_PROTOCOL, "member named twice");
            }
            rc = read_value(r, f, buf);
            if (rc != PROVKIT_OK) {
                return rc;
            }
        }
        rc = expect(r, NULL);
        if (rc != PROVKIT_OK) {
            return rc;
        }
    }
}

static int read_fault(reader_t *r, provkit_xmlrpc_fault_t *fault)
{
    static const char *const head[] = {"value", "struct"};
    static const char *const tail[] = {NULL, NULL, NULL};
    provkit_xmlrpc_fault_t local = {0, NULL, 0, 0, false};
    provkit_xmlrpc_fault_t *out = fault != NULL ? fault : &local;
    char none[1];
    provkit_xmlrpc_field_t f[2];
    int rc;

    if (out->string == NULL || out->cap == 0) {
        out->string = none; /* read, not kept */
        out->cap = sizeof none;
    }
    out->code = 0;
    out->string[0] = '\0';
    out->string_len = 0;
    out->truncated = false;
    memset(f, 0, sizeof f);
    f[0].name = "faultCode";
    f[0].kind = PROVKIT_XMLRPC_INT32;
    f[0].dest = &out->code;
    f[1].name = "faultString";
    f[1].kind = PROVKIT_XMLRPC_STRING;
    f[1].dest = out->string;
    f[1].cap = (uint16_t)(out->cap < 0xFFFFu ? out->cap : 0xFFFFu);
    rc = expect_seq(r, head, 2);
    if (rc == PROVKIT_OK) {
        rc = read_struct(r, f, 2);
    }
    if (rc == PROVKIT_OK) {
        /* </value></fault></methodResponse> */
        rc = expect_seq(r, tail, 3);
    }
    if (out->string == none) {
        out->string = NULL;
        out->cap = 0;
    }
    if (rc != PROVKIT_OK) {
        return rc;
    }
    out->string_len = out->string != NULL ? f[1].len : 0;
    if (out->string != NULL && f[1].len >= out->cap) {
        out->truncated = true;
        out->string_len = provkit_utf8_prefix(out->string, out->cap - 1);
        out->string[out->string_len] = '\0';
    }
    return fail(r, PROVKIT_ERR_FAULT, "XML-RPC fault");
}

static int read_response(reader_t *r, provkit_xmlrpc_field_t *fields, size_t nfields,
                         provkit_xmlrpc_fault_t *fault)
{
    static const char *const params_head[] = {"param", "value", "struct"};
    /* </value></param></params></methodResponse>: a second param fails here. */
    static const char *const params_tail[] = {NULL, NULL, NULL, NULL};
    int rc = expect(r, "methodResponse");

    if (rc != PROVKIT_OK) {
        return rc;
    }
    rc = provkit_xml_next_child(r->x);
    if (rc == PROVKIT_XML_START && provkit_xml_name_is(r->x, "fault")) {
        rc = read_fault(r, fault);
    } else if (rc == PROVKIT_XML_START && provkit_xml_name_is(r->x, "params")) {
        rc = expect_seq(r, params_head, 3);
        if (rc == PROVKIT_OK) {
            rc = read_struct(r, fields, nfields);
        }
        if (rc == PROVKIT_OK) {
            rc = expect_seq(r, params_tail, 4);
        }
    } else if (rc < 0 && rc != PROVKIT_ERR_PROTOCOL) {
        return scan_fail(r, rc);
    } else {
        return fail(r, PROVKIT_ERR_PROTOCOL, "methodResponse without params or fault");
    }
    if (rc != PROVKIT_OK && rc != PROVKIT_ERR_FAULT) {
        return rc;
    }
    /* Nothing but comments and white space may follow. */
    {
        int end = provkit_xml_next(r->x);

        if (end != PROVKIT_XML_EOF) {
            return scan_fail(r, end);
        }
    }
    if (rc == PROVKIT_OK && r->too_small) {
        return fail(r, PROVKIT_ERR_BUFFER_TOO_SMALL, "a string member did not fit");
    }
    return rc;
}

int provkit_xmlrpc_read_with(provkit_xml_t *x, const char *body, size_t len,
                             provkit_xmlrpc_field_t *fields, size_t nfields,
                             provkit_xmlrpc_fault_t *fault, const char **reason)
{
    reader_t r;
    size_t i;
    int rc;

    if (reason != NULL) {
        *reason = "bad argument";
    }
    if ((body == NULL && len > 0) || (fields == NULL && nfields > 0)) {
        return PROVKIT_ERR_ARG;
    }
    for (i = 0; i < nfields; i++) {
        if (fields[i].name == NULL || fields[i].dest == NULL) {
            return PROVKIT_ERR_ARG;
        }
        fields[i].present = false;
        fields[i].len = 0;
    }
    memset(&r, 0, sizeof r);
    r.x = x;
    r.reason = "";
    provkit_xml_init(x, body, len);
    rc = read_response(&r, fields, nfields, fault);
    if (reason != NULL) {
        *reason = r.reason;
    }
    return rc;
}

int provkit_xmlrpc_read_response(const char *body, size_t len, provkit_xmlrpc_field_t *fields,
                                 size_t nfields, provkit_xmlrpc_fault_t *fault,
                                 const char **reason)
{
    provkit_xml_t x;
    return provkit_xmlrpc_read_with(&x, body, len, fields, nfields, fault, reason);
}
