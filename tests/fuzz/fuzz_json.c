/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_json - libFuzzer target for the JSON reader and writer.
 *
 * Beyond "no crash, no sanitizer report", it checks what callers rely on:
 * count and parse agree; a parse that succeeds yields tokens inside the text
 * whose helpers keep their contracts; one token fewer than needed is a
 * LIMIT; every string that decodes round-trips through the writer and back;
 * any input written as a JSON string by the writer reads back byte for byte.
 * Built with -fsanitize=fuzzer under PROVKIT_FUZZ, or with replay_main.c as a
 * plain program that ctest runs over the corpus.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"

#define FUZZ_TOKENS 512
#define FUZZ_TEXT 4096

static provkit_json_token_t toks[FUZZ_TOKENS];
static provkit_json_token_t toks2[8];
static char dec[FUZZ_TEXT + 1];
/* a control character is written as \u00XX: six bytes for one */
static char out[6 * FUZZ_TEXT + 64];
static char dec2[FUZZ_TEXT + 1];

#define CHECK(c) do { if (!(c)) { abort(); } } while (0)

/* A decoded string written back as a JSON string must parse to itself. */
static void roundtrip(const char *s, size_t n)
{
    provkit_writer_t w;
    provkit_json_writer_t jw;
    provkit_json_t d;
    size_t m = 0;
    int rc;

    provkit_writer_init(&w, out, sizeof out);
    provkit_jw_init(&jw, &w);
    provkit_jw_str(&jw, s, n);
    rc = provkit_jw_finish(&jw);
    if (memchr(s, 0, n) != NULL || provkit_utf8_check(s, n, NULL) != PROVKIT_OK) {
        CHECK(rc == PROVKIT_ERR_INVALID_FIELD);
        return;
    }
    CHECK(rc == PROVKIT_OK);
    CHECK(provkit_json_parse(&d, out, provkit_writer_total(&w), toks2, 8) == PROVKIT_OK);
    CHECK(d.ntok == 1 && provkit_json_kind(&d, 0) == PROVKIT_JSON_STRING);
    CHECK(provkit_json_string(&d, 0, dec2, sizeof dec2, &m) == PROVKIT_OK);
    CHECK(m == n && memcmp(dec2, s, n) == 0);
    CHECK(provkit_json_streq_n(&d, 0, s, n));
}

static void walk(const provkit_json_t *doc)
{
    for (int t = 0; t < doc->ntok; t++) {
        const provkit_json_token_t *k = &doc->tok[t];
        provkit_json_kind_t kind = provkit_json_kind(doc, t);
        int next = provkit_json_skip(doc, t);
        int64_t v;
        bool b;

        CHECK(k->start >= 0 && k->end >= k->start && (size_t)k->end <= doc->len);
        CHECK(kind != PROVKIT_JSON_INVALID);
        CHECK(next > t && next <= doc->ntok);
        (void)provkit_json_int64(doc, t, &v);
        (void)provkit_json_bool(doc, t, &b);
        if (kind == PROVKIT_JSON_STRING && (size_t)(k->end - k->start) <= FUZZ_TEXT) {
            size_t n = 0;
            int rc = provkit_json_string(doc, t, dec, sizeof dec, &n);
            CHECK(rc == PROVKIT_OK || rc == PROVKIT_ERR_RANGE || rc == PROVKIT_ERR_MALFORMED);
            if (rc == PROVKIT_OK) {
                CHECK(n <= (size_t)(k->end - k->start) && dec[n] == '\0');
                CHECK(provkit_utf8_check(dec, n, NULL) == PROVKIT_OK);
                CHECK(provkit_json_streq_n(doc, t, dec, n));
                roundtrip(dec, n);
            }
        }
        if (kind == PROVKIT_JSON_ARRAY || kind == PROVKIT_JSON_OBJECT) {
            bool obj = (kind == PROVKIT_JSON_OBJECT);
            int it = -1;
            int seen = 0;
            while ((obj ? provkit_json_object_next(doc, t, &it)
                        : provkit_json_array_next(doc, t, &it)) == PROVKIT_OK) {
                CHECK(++seen <= provkit_json_size(doc, t));
                if (obj && (size_t)(doc->tok[it].end - doc->tok[it].start) <= FUZZ_TEXT &&
                    provkit_json_string(doc, it, dec, sizeof dec, NULL) == PROVKIT_OK) {
                    int val = -1;
                    CHECK(provkit_json_find(doc, t, dec, &val) == PROVKIT_OK);
                    CHECK(val >= it + 1); /* the last duplicate wins */
                }
            }
            CHECK(seen == provkit_json_size(doc, t));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *js = (const char *)data;
    provkit_json_t doc;
    size_t needed = 0;
    size_t off = 0;
    size_t n = 0;
    int rc_count = provkit_json_count(js, size, &needed, NULL);
    int rc = provkit_json_parse(&doc, js, size, toks, FUZZ_TOKENS);

    if (rc_count != PROVKIT_OK || needed <= FUZZ_TOKENS) {
        CHECK(rc == rc_count);
    } else {
        CHECK(rc == PROVKIT_ERR_LIMIT);
    }
    if (rc == PROVKIT_OK) {
        CHECK((size_t)doc.ntok == needed && doc.needed == needed);
        walk(&doc);
        if (needed > 1) {
            provkit_json_t d2;
            CHECK(provkit_json_parse(&d2, js, size, toks, needed - 1) == PROVKIT_ERR_LIMIT);
            CHECK(d2.ntok == 0 && provkit_json_kind(&d2, 0) == PROVKIT_JSON_INVALID);
        }
    }
    if (provkit_jsonp_unwrap(js, size, NULL, &off, &n) == PROVKIT_OK) {
        CHECK(off + n < size);
        (void)provkit_json_parse(&doc, js + off, n, toks, FUZZ_TOKENS);
    }
    if (size <= FUZZ_TEXT) {
        roundtrip(js, size);
    }
    return 0;
}
