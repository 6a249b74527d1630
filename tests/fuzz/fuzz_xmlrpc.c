/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_xmlrpc.c - libFuzzer target: the methodResponse reader over arbitrary
 * bytes, with a destination table like the Plesk provider's (small string
 * buffers so the too-small paths run too).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmlrpc.h"

/* The caller's faultString buffer in these tests. */
#define FAULT_TEXT_MAX 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char desc[8];
    char login[33];
    int32_t code = 0;
    int64_t id = 0;
    bool ok = false;
    provkit_xmlrpc_field_t f[5];
    char fault_text[FAULT_TEXT_MAX];
    provkit_xmlrpc_fault_t fault = {0, fault_text, sizeof fault_text, 0, false};
    const char *reason = NULL;
    int rc;

    memset(f, 0, sizeof f);
    f[0].name = "resultCode";
    f[0].kind = PROVKIT_XMLRPC_INT32;
    f[0].dest = &code;
    f[1].name = "resultDesc";
    f[1].kind = PROVKIT_XMLRPC_STRING;
    f[1].dest = desc;
    f[1].cap = sizeof desc;
    f[2].name = "clientId";
    f[2].kind = PROVKIT_XMLRPC_INT64;
    f[2].dest = &id;
    f[3].name = "login";
    f[3].kind = PROVKIT_XMLRPC_STRING;
    f[3].dest = login;
    f[3].cap = sizeof login;
    f[4].name = "ok";
    f[4].kind = PROVKIT_XMLRPC_BOOL;
    f[4].dest = &ok;
    rc = provkit_xmlrpc_read_response((const char *)data, size, f, 5, &fault, &reason);
    if (reason == NULL) {
        abort();
    }
    if (rc == PROVKIT_OK && f[1].present && strlen(desc) != f[1].len) {
        abort();
    }
    if (rc == PROVKIT_ERR_FAULT && strlen(fault.string) != fault.string_len) {
        abort();
    }
    return 0;
}
