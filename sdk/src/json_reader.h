/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_reader.h - internal to sdk/src: the strict JSON/JSONP reader (see
 * provkit/json.h for how it checks jsmn's tokens).
 */
#ifndef PROVKIT_JSON_READER_H
#define PROVKIT_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/errors.h"
#include "provkit/json.h"

/* ------------------------------------------------------------------------
 * Reader
 * ------------------------------------------------------------------------ */

/* A parsed document. Filled by provkit_json_parse(); read its fields, do not
 * write them. Token 0 is the root value; token indices are ints, as in jsmn. */
typedef struct provkit_json {
    const char *js;      /* the text (borrowed) */
    size_t len;          /* its length */
    const provkit_json_token_t *tok;/* the caller's tokens (borrowed) */
    int ntok;            /* tokens in use; 0 unless parse returned OK */
    size_t needed;       /* tokens the text needs (OK, or LIMIT from a short
                            token array); 0 when unknown */
    size_t err_pos;      /* MALFORMED/LIMIT: byte offset where it was found */
} provkit_json_t;

/* What a token holds, told apart beyond jsmn's PRIMITIVE. */
typedef enum provkit_json_kind {
    PROVKIT_JSON_INVALID = 0, /* not a token of this document */
    PROVKIT_JSON_OBJECT,
    PROVKIT_JSON_ARRAY,
    PROVKIT_JSON_STRING,
    PROVKIT_JSON_NUMBER,
    PROVKIT_JSON_TRUE,
    PROVKIT_JSON_FALSE,
    PROVKIT_JSON_NULL
} provkit_json_kind_t;

/* Validate js[0..len) as one RFC 8259 JSON text and count the tokens it needs
 * (one per value and per object key) into *needed, without tokenizing.
 * Returns PROVKIT_OK; PROVKIT_ERR_MALFORMED (not JSON, or not UTF-8 inside
 * strings); PROVKIT_ERR_LIMIT (nesting deeper than PROVKIT_JSON_MAX_DEPTH, or
 * len > INT_MAX, which jsmn cannot index); PROVKIT_ERR_ARG (NULL js with
 * len > 0, or NULL needed). err_pos (may be NULL) gets the byte offset of the
 * fault. Top-level scalars are valid; only space, tab, CR and LF may surround
 * the value (no BOM). Escaped lone surrogates ("\ud800") are valid grammar;
 * provkit_json_string() refuses to decode them. */
int provkit_json_count(const char *js, size_t len, size_t *needed,
                       size_t *err_pos);

/* Parse js[0..len) into tokens[0..ntokens) and validate it as in
 * provkit_json_count(); fills *doc (which borrows js and tokens). Returns
 * PROVKIT_OK (doc->ntok tokens used, doc->needed the same), or the errors of
 * provkit_json_count(), or PROVKIT_ERR_LIMIT when ntokens is too small
 * (doc->needed = the count that fits; ask provkit_json_count() first to size
 * the array exactly). On error doc->ntok is 0 and the helpers refuse it. */
int provkit_json_parse(provkit_json_t *doc, const char *js, size_t len,
                       provkit_json_token_t *tokens, size_t ntokens);

/* Kind of token t; PROVKIT_JSON_INVALID if t is out of range. */
provkit_json_kind_t provkit_json_kind(const provkit_json_t *doc, int t);

/* Index of the token after t's whole value (its subtree), i.e. t's next
 * sibling position; doc->ntok when t is the last. -1 if t is out of range. */
int provkit_json_skip(const provkit_json_t *doc, int t);

/* In object obj, the value token of the member named key (compared after
 * decoding escapes, byte for byte) into *val. Direct members only; when a key
 * repeats, the last one wins (as in JavaScript, PHP and Python). Returns
 * PROVKIT_OK, PROVKIT_ERR_NOT_FOUND, PROVKIT_ERR_RANGE (obj is not an
 * object), PROVKIT_ERR_ARG (NULL argument or obj out of range). */
int provkit_json_find(const provkit_json_t *doc, int obj, const char *key,
                      int *val);

/* Iterate the elements of array arr (or, with provkit_json_object_next, the
 * key tokens of object obj; the value of key k is k + 1). Start with
 * *it = -1; each PROVKIT_OK call moves *it to the next element;
 * PROVKIT_ERR_NOT_FOUND ends the walk. PROVKIT_ERR_RANGE if arr/obj is not
 * an array/object, PROVKIT_ERR_ARG if *it is not -1 or an element of it. */
int provkit_json_array_next(const provkit_json_t *doc, int arr, int *it);
int provkit_json_object_next(const provkit_json_t *doc, int obj, int *it);

/* Elements of an array, members of an object; -1 for other tokens. */
int provkit_json_size(const provkit_json_t *doc, int t);

/* Decode string token t (escapes, \uXXXX with surrogate pairs, to UTF-8) into
 * buf[0..cap), NUL-terminated. *len (may be NULL) gets, on PROVKIT_OK, the
 * decoded length without the NUL; on PROVKIT_ERR_BUFFER_TOO_SMALL, the
 * capacity needed (decoded length + 1). The decoded text is never longer
 * than the token, so cap = token length + 1 always fits. Returns also
 * PROVKIT_ERR_RANGE (t is not a string, or it decodes to a NUL, which a C
 * string cannot carry), PROVKIT_ERR_MALFORMED (a lone surrogate escape),
 * PROVKIT_ERR_ARG (t out of range, or buf NULL with cap > 0). On
 * BUFFER_TOO_SMALL buf holds the longest NUL-terminated prefix that fits,
 * cut on a UTF-8 character boundary; on any other error "" (cap > 0). */
int provkit_json_string(const provkit_json_t *doc, int t, char *buf,
                        size_t cap, size_t *len);

/* True when t is a string whose decoded text equals s[0..n) byte for byte
 * (the _n form) or the NUL-terminated s. False for anything else. */
bool provkit_json_streq_n(const provkit_json_t *doc, int t, const char *s,
                          size_t n);
bool provkit_json_streq(const provkit_json_t *doc, int t, const char *s);

/* Integer value of t into *out. Accepted: a JSON number with no fraction and
 * no exponent (1.0 and 1e2 are refused: an id never carries them and their
 * meaning would be a guess), or a string of exactly -?[0-9]+ with no
 * escapes, spaces or '+' (servers send ids as numeric strings). Returns
 * PROVKIT_OK, PROVKIT_ERR_RANGE (another kind or form, or outside int64_t),
 * PROVKIT_ERR_ARG. *out is unchanged on error. */
int provkit_json_int64(const provkit_json_t *doc, int t, int64_t *out);

/* Boolean value of t into *out: true/false, "true"/"false", 1/0 and "1"/"0"
 * (exactly these spellings). Returns PROVKIT_OK, PROVKIT_ERR_RANGE (any other
 * value), PROVKIT_ERR_ARG. *out is unchanged on error. */
int provkit_json_bool(const provkit_json_t *doc, int t, bool *out);

/* A scalar's text: a string decoded (as provkit_json_string), a number as
 * written ("1001", "1001.0", "12e3"). Returns as provkit_json_string
 * (BUFFER_TOO_SMALL leaves a prefix); PROVKIT_ERR_RANGE for other kinds. */
int provkit_json_text(const provkit_json_t *doc, int t, char *buf, size_t cap, size_t *len);

/* True when t is the literal null. */
bool provkit_json_is_null(const provkit_json_t *doc, int t);

/* JSONP: find the JSON inside `name(...)` or `name(...);`, with optional
 * space, tab, CR, LF around each part. name must be a JavaScript identifier
 * path: segments [A-Za-z_$][A-Za-z0-9_$]* joined by '.'. When expected is not
 * NULL, name must equal it. On PROVKIT_OK, text[*off .. *off + *n) is the
 * inner text, to give to provkit_json_parse(); nothing is copied. Returns
 * PROVKIT_ERR_MALFORMED (not a JSONP wrapper), PROVKIT_ERR_PROTOCOL (the name
 * differs from expected), PROVKIT_ERR_ARG. */
int provkit_jsonp_unwrap(const char *text, size_t len, const char *expected,
                         size_t *off, size_t *n);

#endif /* PROVKIT_JSON_READER_H */
