/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_xml.c - libFuzzer target: the XML scanner over arbitrary bytes.
 *
 * Scans to the end, decodes every text run (counting, then into a small
 * buffer, trimmed and not) and exercises the helpers, so ASan/UBSan see
 * every path. Invariants checked: a text run always decodes, and a decoded
 * length never exceeds the raw length.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    provkit_xml_t x;
    char out[16];
    size_t n = 0;
    size_t i;
    int ev;

    provkit_xml_init(&x, (const char *)data, size);
    /* Each event consumes input, so size + 2 events are always enough. */
    for (i = 0; i <= size + 1; i++) {
        ev = provkit_xml_next(&x);
        if (ev < 0 || ev == PROVKIT_XML_EOF) {
            break;
        }
        if (ev == PROVKIT_XML_TEXT) {
            int rc = provkit_xml_decode(x.text, x.text_len, 0, NULL, 0, &n);

            if (rc != PROVKIT_ERR_BUFFER_TOO_SMALL || n > x.text_len) {
                abort();
            }
            rc = provkit_xml_decode(x.text, x.text_len, PROVKIT_XML_TRIM, out, sizeof out, &n);
            if (rc != PROVKIT_OK && rc != PROVKIT_ERR_BUFFER_TOO_SMALL) {
                abort();
            }
        }
    }
    /* The helpers on a fresh scan: text of every element with a child walk. */
    provkit_xml_init(&x, (const char *)data, size);
    for (i = 0; i <= size + 1; i++) {
        ev = provkit_xml_next_child(&x);
        if (ev == PROVKIT_XML_START) {
            ev = provkit_xml_text(&x, PROVKIT_XML_TRIM, out, sizeof out, &n);
            if (ev == PROVKIT_XML_START && (i & 1u) != 0) {
                ev = provkit_xml_skip(&x);
            }
        }
        if ((ev < 0 && ev != PROVKIT_ERR_PROTOCOL && ev != PROVKIT_ERR_BUFFER_TOO_SMALL) ||
            ev == PROVKIT_XML_EOF) {
            break;
        }
    }
    /* Arbitrary bytes as a raw span: must never crash. */
    (void)provkit_xml_decode((const char *)data, size, 0, out, sizeof out, &n);
    return 0;
}
