/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay_main.c - run a libFuzzer target as a plain program.
 *
 * Link any tests/fuzz/fuzz_*.c with this file (instead of -fsanitize=fuzzer)
 * and pass corpus files as arguments: each file is fed once to
 * LLVMFuzzerTestOneInput, so ctest replays the seed corpora under the
 * sanitizers of an ordinary build. Exit 0 when every file was fed, 2 when a
 * file could not be read (or is larger than the replay buffer) or when no
 * file was given: a replay of nothing proves nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Corpus files are small; a static buffer keeps the harness allocation-free. */
#define REPLAY_MAX (1024u * 1024u)
static uint8_t replay_buf[REPLAY_MAX + 1];

int main(int argc, char **argv)
{
    int i;
    int rc = 0;

    if (argc < 2) {
        fprintf(stderr, "replay: no corpus file given\n");
        return 2;
    }
    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        size_t n;

        if (f == NULL) {
            fprintf(stderr, "replay: cannot open %s\n", argv[i]);
            rc = 2;
            continue;
        }
        n = fread(replay_buf, 1, sizeof replay_buf, f);
        if (ferror(f) || n > REPLAY_MAX) {
            fprintf(stderr, "replay: cannot read %s (or larger than %u bytes)\n",
                    argv[i], REPLAY_MAX);
            fclose(f);
            rc = 2;
            continue;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(replay_buf, n);
    }
    printf("replay: %d file(s)\n", argc - 1);
    return rc;
}
