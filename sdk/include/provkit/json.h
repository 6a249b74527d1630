/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/json.h - the JSON writer, and the token type of the workspace.
 * The strict JSON/JSONP reader described below is internal
 * (sdk/src/json_reader.h).
 *
 * Writer: provkit_jw_* put JSON on a provkit_writer_t (buffer, counting or
 * stream mode), placing commas and colons and escaping every string, with
 * no copy held. Nesting is tracked in a bit stack, no recursion.
 *
 * Reader: jsmn tokenizes an answer into the workspace's token array, then
 * one strict, iterative grammar scan (depth-limited by
 * PROVKIT_JSON_MAX_DEPTH) walks the text and, at every value, checks the
 * next token has exactly that type, start, end, size and parent. jsmn's strict mode alone accepts `{"a"}`, `[1,]`, `01`, raw control
 * characters and invalid UTF-8; nothing provkit reads has passed only jsmn.
 * The helpers (find a key, iterate, copy a decoded string, read an integer
 * or a boolean the way servers really send them) only work on a parsed
 * document and run in time bounded by the token count.
 *
 * Nothing is allocated, nothing is global.
 *
 * jsmn comes from libjsmn-dev. Its code is compiled, with static linkage, into
 * json_reader.c, and no provkit header includes <jsmn.h>: the token array is
 * provkit's own type (provkit_json_token_t), laid out as jsmn's token with
 * JSMN_PARENT_LINKS (json_reader.c checks that at compile time), so no
 * include order or jsmn option in an application can change the size of a
 * provkit struct. provkit exports no jsmn_* symbol.
 */
#ifndef PROVKIT_JSON_H
#define PROVKIT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/errors.h"
#include "provkit/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One token of a parsed document: what it is (an object, array, string or
 * other primitive: provkit_json_kind() tells them apart), its span of the
 * text [start, end), its children (members or elements) and the index of
 * its parent (-1 for the root). */
typedef struct provkit_json_token {
    int type; /**< token kind (provkit_json_kind()) */
    int start; /**< first byte in the text */
    int end; /**< one past the last byte */
    int size; /**< children: members or elements */
    int parent; /**< index of the parent token, -1 for the root */
} provkit_json_token_t;

/* ------------------------------------------------------------------------
 * Writer
 * ------------------------------------------------------------------------ */

/** Bytes of each bit stack: one bit per nesting level, level 0 = top. */
#define PROVKIT_JW_STACK_BYTES ((PROVKIT_JSON_MAX_DEPTH + 8) / 8)

/** JSON writer state. Plain struct for the caller to allocate (the stack is
 * fine: 2 * PROVKIT_JW_STACK_BYTES plus three words); fields are private. */
typedef struct provkit_json_writer {
    provkit_writer_t *w;   /**< borrowed; must outlive the JSON writer */
    unsigned depth;        /**< open containers */
    int status;            /**< PROVKIT_OK or the first misuse/limit error */
    uint8_t is_array[PROVKIT_JW_STACK_BYTES]; /**< bit d: level d is [ not { */
    uint8_t has_item[PROVKIT_JW_STACK_BYTES]; /**< bit d: level d has a value */
} provkit_json_writer_t;

/** Start a JSON document on w (any writer mode; w keeps its own bytes written
 * before, e.g. HTTP headers). w must outlive jw. */
void provkit_jw_init(provkit_json_writer_t *jw, provkit_writer_t *w);

/** Values where a value is expected: the top level (exactly one) or inside
 * an array. In an object, use the provkit_jw_key_* forms. Misuse (a value in
 * an object, a second top-level value, a key outside an object, a close that
 * does not match) makes provkit_jw_finish() return PROVKIT_ERR_ARG; opening
 * more than PROVKIT_JSON_MAX_DEPTH containers makes it PROVKIT_ERR_LIMIT.
 * After the first error every call is a no-op. */
void provkit_jw_object_begin(provkit_json_writer_t *jw);
void provkit_jw_array_begin(provkit_json_writer_t *jw); /**< an array as a value */
/** s[0..n) is UTF-8 text; written quoted and escaped (provkit_w_json). Invalid
 * UTF-8 or NUL makes the writer's status PROVKIT_ERR_INVALID_FIELD. s may be
 * NULL only when n is 0. */
void provkit_jw_str(provkit_json_writer_t *jw, const char *s, size_t n);
void provkit_jw_i64(provkit_json_writer_t *jw, int64_t v); /**< an integer as a value */
void provkit_jw_bool(provkit_json_writer_t *jw, bool v);   /**< true or false as a value */
void provkit_jw_null(provkit_json_writer_t *jw);           /**< null as a value */

/** Close the innermost container; it must be of that kind. */
void provkit_jw_object_end(provkit_json_writer_t *jw);
void provkit_jw_array_end(provkit_json_writer_t *jw); /**< close the innermost array */

/** Members of the innermost object. key is a NUL-terminated UTF-8 string
 * (escaped like any string); it is only read during the call. */
void provkit_jw_key_object(provkit_json_writer_t *jw, const char *key);
/** key: an array (closed with provkit_jw_array_end()) */
void provkit_jw_key_array(provkit_json_writer_t *jw, const char *key);
/** key: the string s[0..n), as provkit_jw_str() */
void provkit_jw_key_str(provkit_json_writer_t *jw, const char *key,
                        const char *s, size_t n);
/** key: an integer */
void provkit_jw_key_i64(provkit_json_writer_t *jw, const char *key, int64_t v);
/** key: true or false */
void provkit_jw_key_bool(provkit_json_writer_t *jw, const char *key, bool v);
/** True when s[0..n) is an RFC 8259 number:
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
bool provkit_json_is_number(const char *s, size_t n);

/** A number given as text, written as is (so "12.50" reaches the server as
 * written, with no float conversion): num[0..n) must match the RFC 8259
 * number grammar, else PROVKIT_ERR_INVALID_FIELD and nothing is written. */
void provkit_jw_key_number(provkit_json_writer_t *jw, const char *key, const char *num,
                           size_t n);
void provkit_jw_key_null(provkit_json_writer_t *jw, const char *key); /**< key: null */

/** The document's status: PROVKIT_ERR_ARG or PROVKIT_ERR_LIMIT for misuse as
 * above, PROVKIT_ERR_ARG also when no value or an unclosed container was
 * written; otherwise the writer's status (PROVKIT_OK,
 * PROVKIT_ERR_BUFFER_TOO_SMALL with provkit_writer_total() = bytes needed,
 * PROVKIT_ERR_INVALID_FIELD, or a flush error). Does not finish w: the
 * caller calls provkit_writer_finish() when the whole output is written. */
int provkit_jw_finish(const provkit_json_writer_t *jw);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_JSON_H */
