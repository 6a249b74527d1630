/* SPDX-License-Identifier: Apache-2.0 */
/*
 * provkit_mbedtls_config.h - mbedTLS 3.6 configured for provkit's TLS port.
 *
 * Used with cmake -DPROVKIT_MBEDTLS_SOURCE=DIR (an mbedTLS 3.6 source tree,
 * tests/deps-mbedtls3.sh fetches Debian's) as MBEDTLS_CONFIG_FILE. A TLS
 * client and nothing else: TLS 1.2 and 1.3, forward-secret AEAD suites only
 * (the port's list, provkit_mbedtls.h), ECDHE on x25519, P-256 and P-384,
 * server certificates with ECDSA or RSA keys (RSA-PSS and PKCS#1 v1.5
 * signatures), X.509 from PEM or DER held in memory.
 *
 * No file system (MBEDTLS_FS_IO off, as in Zephyr's configuration): the CA
 * comes from a buffer (provkit_tls_ca_pem). A firmware build also drops the
 * platform entropy and the heap: examples/firmware has its own header that
 * includes this one and changes those.
 *
 * The options are mbedTLS's own (include/mbedtls/mbedtls_config.h documents
 * each); mbedTLS's check_config.h refuses a set that does not hold together.
 */
#ifndef PROVKIT_MBEDTLS_CONFIG_H
#define PROVKIT_MBEDTLS_CONFIG_H

/* ---- system support ---- */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME           /* certificate validity */
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_DEPRECATED_REMOVED  /* none of the deprecated APIs */

/* ---- TLS: a client, 1.2 and 1.3 ---- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE /* through middleboxes */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE     /* required by TLS 1.3 */
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_MAX_FRAGMENT_LENGTH       /* small records on small devices */
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED

/* ---- X.509 and keys ---- */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM

/* ---- symmetric crypto and hashes ---- */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA224_C   /* (mbedTLS's SHA-256 module needs it enabled with it) */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_HKDF_C

/* ---- randomness and PSA (TLS 1.3 runs its crypto through PSA) ---- */
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_PSA_CRYPTO_C

/* ---- errors in words (provkit_tls_describe, the CLI's messages) ---- */
#define MBEDTLS_ERROR_C

#endif /* PROVKIT_MBEDTLS_CONFIG_H */
