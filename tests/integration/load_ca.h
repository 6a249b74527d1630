/* SPDX-License-Identifier: Apache-2.0 */
/*
 * load_ca.h - the tests' CA loading: by file where mbedTLS has a file
 * system (MBEDTLS_FS_IO, Debian's 2.28), else read here and given as a
 * buffer (provkit's mbedTLS 3.6 configuration has no file system).
 */
#ifndef PROVKIT_TEST_LOAD_CA_H
#define PROVKIT_TEST_LOAD_CA_H

#include <stdio.h>

#include "provkit_mbedtls.h"

static inline int test_load_ca(provkit_tls_t *tls, const char *path)
{
    static uint8_t pem[16384];
    int rc = provkit_tls_ca_file(tls, path);
    if (rc != PROVKIT_ERR_UNSUPPORTED) {
        return rc;
    }
    FILE *f = fopen(path, "rb");
    size_t n = f != NULL ? fread(pem, 1, sizeof pem - 1, f) : 0;
    if (f != NULL) {
        fclose(f);
    }
    pem[n] = '\0'; /* PEM is read as a string: the NUL is counted */
    return n > 0 ? provkit_tls_ca_pem(tls, pem, n + 1) : PROVKIT_ERR_ARG;
}

#endif /* PROVKIT_TEST_LOAD_CA_H */
