/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedtls_test_server.h - appended to provkit's mbedTLS 3.6 configuration
 * (port/mbedtls/provkit_mbedtls_config.h) in the test build only, as
 * MBEDTLS_USER_CONFIG_FILE: what the in-process TLS servers of
 * tests/unit/test_tls.c need. The server side, mbedTLS's socket helpers,
 * and a session cache (the resumption test), the legacy suites and curve that
 * the tests expect provkit's own
 * offer to refuse (static RSA, CBC, P-224), so that a refusal there comes
 * from the client and not from a server that cannot work. The client code
 * of the library is the same; a product build has none of this.
 */
#ifndef PROVKIT_MBEDTLS_TEST_SERVER_H
#define PROVKIT_MBEDTLS_TEST_SERVER_H

#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_NET_C
#define MBEDTLS_CIPHER_MODE_CBC
#define MBEDTLS_KEY_EXCHANGE_RSA_ENABLED
#define MBEDTLS_ECP_DP_SECP224R1_ENABLED
#define MBEDTLS_SHA1_C
#define MBEDTLS_SSL_CACHE_C

#endif /* PROVKIT_MBEDTLS_TEST_SERVER_H */
