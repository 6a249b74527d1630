/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_http.c - libFuzzer target for the HTTP/1.1 response reader.
 *
 * The first input byte picks the body buffer size; the rest is the
 * response stream. It is read three ways (whole, one byte at a time, and
 * split in two at a point taken from the input) and, when the stream runs
 * out with the reader still waiting, finished with eof(). The three
 * results must be identical, and the reader must never claim more than
 * its buffers hold; any difference aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_wire.h"

#define BODY_MAX 1024

typedef struct outcome {
    int rc;
    size_t consumed;
    provkit_http_response_t r;
    uint8_t body[BODY_MAX];
} outcome_t;

static void check(int cond)
{
    if (!cond) {
        abort();
    }
}

/* Feed data in pieces of at most step bytes (0: all at once), except that
 * a split point (when not 0) ends the first piece. */
static void read_stream(outcome_t *o, size_t cap, const uint8_t *data,
                        size_t len, size_t step, size_t split)
{
    size_t off = 0;
    int rc = PROVKIT_INCOMPLETE;

    memset(o, 0, sizeof *o);
    provkit_http_response_init(&o->r, o->body, cap);
    while (off < len) {
        size_t n = len - off;
        size_t used = 0;
        if (step != 0 && n > step) {
            n = step;
        }
        if (split != 0 && off < split && off + n > split) {
            n = split - off;
        }
        rc = provkit_http_response_feed(&o->r, data + off, n, &used);
        check(used <= n);
        o->consumed += used;
        if (rc != PROVKIT_INCOMPLETE) {
            break;
        }
        check(used == n);
        off += n;
    }
    if (rc == PROVKIT_INCOMPLETE) {
        rc = provkit_http_response_eof(&o->r);
    }
    check(rc == PROVKIT_OK || rc == PROVKIT_ERR_HTTP ||
          rc == PROVKIT_ERR_LIMIT || rc == PROVKIT_ERR_CLOSED);
    check(o->r.body_len <= cap);
    check(o->r.content_type_len <= PROVKIT_HTTP_CONTENT_TYPE_MAX);
    check(o->r.content_type[o->r.content_type_len] == '\0');
    o->rc = rc;
}

static void same(const outcome_t *a, const outcome_t *b)
{
    check(a->rc == b->rc);
    if (a->rc != PROVKIT_OK) {
        return;
    }
    check(a->consumed == b->consumed);
    check(a->r.status == b->r.status && a->r.minor == b->r.minor);
    /* http.h: a final status is 200..999 (600-999 are read, the caller
     * decides what they mean) */
    check(a->r.status >= 200 && a->r.status <= 999);
    check(a->r.body_len == b->r.body_len);
    check(memcmp(a->body, b->body, a->r.body_len) == 0);
    check(strcmp(a->r.content_type, b->r.content_type) == 0);
    check(a->r.content_type_truncated == b->r.content_type_truncated);
    check(a->r.keep_alive == b->r.keep_alive);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static outcome_t whole, bytes, halves;
    size_t cap;
    if (size < 1) {
        return 0;
    }
    cap = (size_t)data[0] * 4u;
    data++;
    size--;
    read_stream(&whole, cap, data, size, 0, 0);
    read_stream(&bytes, cap, data, size, 1, 0);
    read_stream(&halves, cap, data, size, 0, size > 1 ? size / 2 : 0);
    same(&whole, &bytes);
    same(&whole, &halves);
    return 0;
}
