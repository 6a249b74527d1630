/* SPDX-License-Identifier: Apache-2.0 */
/*
 * answer.h - provider answers decoded from field tables (internal).
 *
 * A provider describes its answer as a table, the way XML-RPC structs are
 * described: for each field its key, its kind, where it goes in the result
 * and the documented name listed when its text is cut. One mechanism reads
 * the three shapes the providers send:
 *   - a JSON object (JSONP unwrapped), walked once: each member's key is
 *     matched against the table as it comes (the last duplicate wins);
 *   - an XML element holding one element per field (any root name, unknown
 *     elements skipped), in document order;
 *   - a positional XML list, <root><entry>..</entry>...</root>, the table's
 *     order being the list's.
 * Texts land in the result's own buffers, NUL-terminated; one that does not
 * fit keeps its prefix cut on a UTF-8 boundary and its name is listed in
 * outcome.truncated (the one convention of every codec).
 */
#ifndef PROVKIT_ANSWER_H
#define PROVKIT_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/json.h"
#include "provider_int.h"

/* What a field is, and what its destination (at `off` in the result) is. */
enum provkit_ans_kind {
    PROVKIT_ANS_TEXT = 0, /* char[cap]: the text (JSON: a string or a number as written) */
    PROVKIT_ANS_BOOL,     /* bool: true/false, 1/0, "1"/"0"; an empty XML element is false */
    PROVKIT_ANS_INT,      /* int32_t: a decimal integer (JSON: number or numeric string);
                             one outside int32 is 0 and marked in `range` */
    PROVKIT_ANS_CODES,    /* int32_t[cap] just after its size_t count: one code or a
                             list of them; null and "" are none */
    PROVKIT_ANS_OBJECT,   /* a JSON object or an XML list of entries: fields sub.. */
    PROVKIT_ANS_FIRST     /* a list whose first item is an OBJECT of fields sub.. */
};

/* Field flags. */
#define PROVKIT_ANS_REQUIRED 0x01u   /* absent or unreadable: not an answer */
#define PROVKIT_ANS_LIST 0x02u       /* TEXT: a list gives its first item; CODES: each item */
#define PROVKIT_ANS_STRING 0x04u     /* TEXT: a JSON string only (other kinds are ignored) */
#define PROVKIT_ANS_ON_SUCCESS 0x08u /* kept only when the answer's success is true */
#define PROVKIT_ANS_ON_FAILURE 0x10u /* kept only when it is false */
#define PROVKIT_ANS_IF_EMPTY 0x20u   /* written only while its destination is still "" */
#define PROVKIT_ANS_MAY_END 0x40u    /* positional: the list may end before this entry */

typedef struct provkit_ans_field {
    const char *key;  /* JSON member or XML element name (positional: unused) */
    const char *alt;  /* JSON: a second key, read only when `key` is absent */
    const char *name; /* documented name, listed when the text is cut */
    uint16_t off;     /* destination: offset in the result struct */
    uint16_t cap;     /* TEXT: bytes, NUL included; CODES: entries */
    uint8_t kind;     /* enum provkit_ans_kind */
    uint8_t flags;    /* PROVKIT_ANS_* */
    uint8_t sub;      /* OBJECT, FIRST: index of the first sub-field in the table */
    uint8_t nsub;     /* and how many there are */
} provkit_ans_field_t;

/* Fields per table (a state bit each). */
#define PROVKIT_ANS_MAX 32

struct provkit_ans_walk;
struct provkit_xml;
/* The XML shapes: one element per field under the root, or positional
 * <entry> elements (a function each, so that an image links the one its
 * providers use). */
typedef int provkit_ans_xml_fn(const struct provkit_ans_walk *w, struct provkit_xml *x);
provkit_ans_xml_fn provkit_ans_xml_elements, provkit_ans_xml_entries;

typedef struct provkit_answer {
    const provkit_ans_field_t *f; /* every field: the top level first, then sub-fields */
    uint8_t n;                    /* fields at the top level: f[0..n) */
    uint8_t nall;                 /* fields in all */
    int8_t success;               /* index of the BOOL the ON_* flags read, or -1 */
    /* provkit_jsonp_unwrap when a JSONP answer is read as its JSON */
    int (*jsonp)(const char *text, size_t len, const char *expected, size_t *off, size_t *n);
    provkit_ans_xml_fn *xml;      /* the XML shape */
    const char *root;             /* the XML root's name; NULL: any */
} provkit_answer_t;

/* What was found, one bit per field (its index in the table). */
typedef struct provkit_ans_state {
    uint32_t seen; /* present */
    uint32_t bad;  /* present but not readable as its kind */
    uint32_t cut;  /* text cut to fit */
    uint32_t range; /* INT: an integer outside int32 */
} provkit_ans_state_t;

/*
 * Decode body (a UTF-8 BOM skipped; JSON, JSONP when a->jsonp, or XML,
 * recognised by content) into dst, with tokens[ntokens] for a JSON answer
 * and the scanner *x for an XML one. Every destination is cleared first.
 * Returns PROVKIT_OK when the body has the answer's shape and its
 * REQUIRED fields are there and readable; otherwise an error, with *why
 * saying what (static text). Nothing is listed in o until
 * provkit_answer_finish().
 */
int provkit_answer_decode(const provkit_answer_t *a, const char *body, size_t len,
                          provkit_json_token_t *tokens, size_t ntokens, struct provkit_xml *x,
                          void *dst, provkit_ans_state_t *st, const char **why);

/* Drop the fields of the other verdict (ON_SUCCESS, ON_FAILURE), then list
 * the documented names of the cut texts kept, in table order. */
void provkit_answer_finish(const provkit_answer_t *a, void *dst, provkit_ans_state_t *st,
                           provkit_outcome_t *o);

/* Clear every destination of the table (a result that is not kept). */
void provkit_answer_clear(const provkit_answer_t *a, void *dst);

#define PROVKIT_ANS_BIT(i) ((uint32_t)1u << (i))

#endif /* PROVKIT_ANSWER_H */
