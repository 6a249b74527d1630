/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xmlcheck - run the XML scanner over files: the conformance harness.
 *
 * Usage: xmlcheck FILE...
 * Prints "ACCEPT path" or "REJECT path: reason" per file. Exit 0 when every
 * file was read (a verdict is not an error), 2 when a file could not be read
 * or is larger than the buffer.
 */
#include <stdio.h>
#include <string.h>

#include "xml.h"

/* Static: the tool allocates no more than the SDK does. */
#define XMLCHECK_MAX (1024u * 1024u)
static char doc[XMLCHECK_MAX + 1];

/* Scan to the end; returns the first error or PROVKIT_XML_EOF. The loop is
 * bounded because every event consumes input. */
static int scan(provkit_xml_t *x)
{
    int ev;

    do {
        ev = provkit_xml_next(x);
    } while (ev > 0 && ev != PROVKIT_XML_EOF);
    return ev;
}

int main(int argc, char **argv)
{
    int i;
    int rc = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: xmlcheck FILE...\n");
        return 2;
    }
    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        provkit_xml_t x;
        size_t n;

        if (f == NULL) {
            fprintf(stderr, "xmlcheck: cannot open %s\n", argv[i]);
            rc = 2;
            continue;
        }
        n = fread(doc, 1, sizeof doc, f);
        if (ferror(f) || n > XMLCHECK_MAX) {
            fprintf(stderr, "xmlcheck: cannot read %s (or larger than %u bytes)\n", argv[i],
                    XMLCHECK_MAX);
            fclose(f);
            rc = 2;
            continue;
        }
        fclose(f);
        provkit_xml_init(&x, doc, n);
        if (scan(&x) == PROVKIT_XML_EOF) {
            printf("ACCEPT %s\n", argv[i]);
        } else {
            printf("REJECT %s: %s (%s, offset %lu)\n", argv[i], x.reason,
                   provkit_strerror(x.event), (unsigned long)x.error_offset);
        }
    }
    return rc;
}
