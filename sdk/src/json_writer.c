/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON writer: structure (commas, colons, brackets) over the bounded writer.
 * Strings are escaped by provkit_w_json, so no field can change the shape of
 * the document; misuse of the API is caught here, before a server sees it.
 */
#include "provkit/json.h"

#include "text.h"

#include <string.h>



static void fail(provkit_json_writer_t *jw, int status)
{
    if (jw->status == PROVKIT_OK) {
        jw->status = status;
    }
}

void provkit_jw_init(provkit_json_writer_t *jw, provkit_writer_t *w)
{
    if (jw == NULL) {
        return;
    }
    memset(jw, 0, sizeof *jw);
    jw->w = w;
    jw->status = (w == NULL) ? PROVKIT_ERR_ARG : PROVKIT_OK;
}

/* Where a value may go: the empty top level, or inside an array. Writes the
 * separating comma; false (and nothing written) when the value is refused. */
static bool value_slot(provkit_json_writer_t *jw)
{
    if (jw == NULL || jw->status != PROVKIT_OK) {
        return false;
    }
    if (jw->depth > 0 && !bit_get(jw->is_array, jw->depth)) {
        fail(jw, PROVKIT_ERR_ARG); /* an object member needs a key */
        return false;
    }
    if (bit_get(jw->has_item, jw->depth)) {
        if (jw->depth == 0) {
            fail(jw, PROVKIT_ERR_ARG); /* one JSON text holds one value */
            return false;
        }
        provkit_w_char(jw->w, ',');
    }
    bit_put(jw->has_item, jw->depth, true);
    return true;
}

/* A member of the innermost object: comma, quoted escaped key, colon. */
static bool key_slot(provkit_json_writer_t *jw, const char *key)
{
    if (jw == NULL || jw->status != PROVKIT_OK) {
        return false;
    }
    if (key == NULL || jw->depth == 0 || bit_get(jw->is_array, jw->depth)) {
        fail(jw, PROVKIT_ERR_ARG);
        return false;
    }
    if (bit_get(jw->has_item, jw->depth)) {
        provkit_w_char(jw->w, ',');
    }
    bit_put(jw->has_item, jw->depth, true);
    provkit_w_char(jw->w, '"');
    provkit_w_json(jw->w, key, strlen(key));
    provkit_w_raw(jw->w, "\":", 2);
    return true;
}

static void open_container(provkit_json_writer_t *jw, bool array)
{
    if (jw->depth >= PROVKIT_JSON_MAX_DEPTH) {
        fail(jw, PROVKIT_ERR_LIMIT); /* a reader would refuse it anyway */
        return;
    }
    jw->depth++;
    bit_put(jw->is_array, jw->depth, array);
    bit_put(jw->has_item, jw->depth, false);
    provkit_w_char(jw->w, array ? '[' : '{');
}

static void close_container(provkit_json_writer_t *jw, bool array)
{
    if (jw == NULL || jw->status != PROVKIT_OK) {
        return;
    }
    if (jw->depth == 0 || bit_get(jw->is_array, jw->depth) != array) {
        fail(jw, PROVKIT_ERR_ARG);
        return;
    }
    jw->depth--;
    provkit_w_char(jw->w, array ? ']' : '}');
}

static void put_str(provkit_json_writer_t *jw, const char *s, size_t n)
{
    if (s == NULL && n == 0) {
        s = ""; /* NULL + 0 is undefined in C; the escaper would compute it */
    }
    provkit_w_char(jw->w, '"');
    provkit_w_json(jw->w, s, n);
    provkit_w_char(jw->w, '"');
}

static void put_bool(provkit_json_writer_t *jw, bool v)
{
    if (v) {
        provkit_w_raw(jw->w, "true", 4);
    } else {
        provkit_w_raw(jw->w, "false", 5);
    }
}

void provkit_jw_object_begin(provkit_json_writer_t *jw)
{
    if (value_slot(jw)) {
        open_container(jw, false);
    }
}

void provkit_jw_array_begin(provkit_json_writer_t *jw)
{
    if (value_slot(jw)) {
        open_container(jw, true);
    }
}

void provkit_jw_str(provkit_json_writer_t *jw, const char *s, size_t n)
{
    if (value_slot(jw)) {
        put_str(jw, s, n);
    }
}

void provkit_jw_i64(provkit_json_writer_t *jw, int64_t v)
{
    if (value_slot(jw)) {
        provkit_w_i64(jw->w, v);
    }
}

void provkit_jw_bool(provkit_json_writer_t *jw, bool v)
{
    if (value_slot(jw)) {
        put_bool(jw, v);
    }
}

void provkit_jw_null(provkit_json_writer_t *jw)
{
    if (value_slot(jw)) {
        provkit_w_raw(jw->w, "null", 4);
    }
}

void provkit_jw_object_end(provkit_json_writer_t *jw) { close_container(jw, false); }
void provkit_jw_array_end(provkit_json_writer_t *jw) { close_container(jw, true); }

void provkit_jw_key_object(provkit_json_writer_t *jw, const char *key)
{
    if (key_slot(jw, key)) {
        open_container(jw, false);
    }
}

void provkit_jw_key_array(provkit_json_writer_t *jw, const char *key)
{
    if (key_slot(jw, key)) {
        open_container(jw, true);
    }
}

void provkit_jw_key_str(provkit_json_writer_t *jw, const char *key, const char *s, size_t n)
{
    if (key_slot(jw, key)) {
        put_str(jw, s, n);
    }
}

void provkit_jw_key_i64(provkit_json_writer_t *jw, const char *key, int64_t v)
{
    if (key_slot(jw, key)) {
        provkit_w_i64(jw->w, v);
    }
}

bool provkit_json_is_number(const char *s, size_t n)
{
    return n > 0 && s != NULL && provkit_text_number(s, n) == n;
}

void provkit_jw_key_number(provkit_json_writer_t *jw, const char *key, const char *num, size_t n)
{
    if (jw == NULL || jw->status != PROVKIT_OK) {
        return;
    }
    if (num == NULL || !provkit_json_is_number(num, n)) {
        fail(jw, PROVKIT_ERR_INVALID_FIELD); /* checked first: nothing half-written */
        return;
    }
    if (key_slot(jw, key)) {
        provkit_w_raw(jw->w, num, n);
    }
}

void provkit_jw_key_bool(provkit_json_writer_t *jw, const char *key, bool v)
{
    if (key_slot(jw, key)) {
        put_bool(jw, v);
    }
}

void provkit_jw_key_null(provkit_json_writer_t *jw, const char *key)
{
    if (key_slot(jw, key)) {
        provkit_w_raw(jw->w, "null", 4);
    }
}

int provkit_jw_finish(const provkit_json_writer_t *jw)
{
    if (jw == NULL) {
        return PROVKIT_ERR_ARG;
    }
    if (jw->status != PROVKIT_OK) {
        return jw->status;
    }
    if (jw->depth != 0 || !bit_get(jw->has_item, 0)) {
        return PROVKIT_ERR_ARG; /* unclosed container, or no value at all */
    }
    return provkit_writer_status(jw->w);
}
