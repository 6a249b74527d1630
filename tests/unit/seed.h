/* SPDX-License-Identifier: Apache-2.0 */
/* Test helper: read a test vector (tests/vectors: verbatim sections of the
 * provider documents, see its README) and cut out an example between two
 * markers. */
#ifndef PROVKIT_TEST_SEED_H
#define PROVKIT_TEST_SEED_H

#include <stdio.h>
#include <string.h>

/* Read tests/vectors/<name> into buf (NUL-terminated); returns its length
 * or 0. */
static inline size_t seed_read(const char *name, char *buf, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/vectors/%s", PROVKIT_TEST_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return 0;
    }
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return n;
}

/* Copy the text from the first occurrence of `from` (inclusive) up to the
 * first `to` after it (exclusive) into out, dropping the page's <em> and
 * </em> markup and the white space between tags, so that it compares with
 * a compact document. Returns the length, 0 if a marker is missing. */
static inline size_t seed_cut(const char *doc, const char *from, const char *to, char *out, size_t cap)
{
    const char *a = strstr(doc, from);
    const char *b = a ? strstr(a, to) : NULL;
    size_t n = 0;
    if (b == NULL) {
        return 0;
    }
    while (a < b && n + 1 < cap) {
        if (strncmp(a, "<em>", 4) == 0) {
            a += 4;
            continue;
        }
        if (strncmp(a, "</em>", 5) == 0) {
            a += 5;
            continue;
        }
        if (*a == '>' ) {
            out[n++] = *a++;
            const char *p = a;
            while (p < b && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
                p++;
            }
            if (p < b && *p == '<') {
                a = p; /* white space between two tags */
            }
            continue;
        }
        out[n++] = *a++;
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\n' || out[n - 1] == '\r')) {
        n--;
    }
    out[n] = '\0';
    return n;
}

#endif
