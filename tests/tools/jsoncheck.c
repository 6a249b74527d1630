/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsoncheck - run provkit's JSON reader (jsmn plus the validation pass) over
 * files and say, per file, whether it is JSON.
 *
 *   jsoncheck FILE...
 *
 * Prints "ACCEPT path" or "REJECT path: reason" per file. Exit 0 when every
 * file was read (whatever the verdicts), 2 when one could not be read. The
 * corpus test compares the verdicts with the accept/ and reject/ folders.
 */
#include <stdio.h>

#include "json_reader.h"

#define MAX_TEXT (1024u * 1024u)
#define MAX_TOKENS 65536u

static char text[MAX_TEXT + 1];
static provkit_json_token_t tokens[MAX_TOKENS];

int main(int argc, char **argv)
{
    int rc = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: jsoncheck FILE...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        provkit_json_t doc;
        size_t n;
        int st;

        if (f == NULL) {
            fprintf(stderr, "jsoncheck: cannot open %s\n", argv[i]);
            rc = 2;
            continue;
        }
        n = fread(text, 1, sizeof text, f);
        if (ferror(f) || n > MAX_TEXT) {
            fprintf(stderr, "jsoncheck: cannot read %s (or larger than %u bytes)\n", argv[i],
                    MAX_TEXT);
            fclose(f);
            rc = 2;
            continue;
        }
        fclose(f);
        st = provkit_json_parse(&doc, text, n, tokens, MAX_TOKENS);
        if (st == PROVKIT_OK) {
            printf("ACCEPT %s\n", argv[i]);
        } else {
            printf("REJECT %s: %s at byte %zu\n", argv[i], provkit_strerror(st), doc.err_pos);
        }
    }
    return rc;
}
