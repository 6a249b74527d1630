/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedtls_firmware_config.h - mbedTLS 3.6 for a small Cortex-M: provkit's
 * configuration (port/mbedtls/provkit_mbedtls_config.h: a TLS 1.2 and 1.3
 * client, no file system) with what firmware changes:
 *   - no heap: MBEDTLS_MEMORY_BUFFER_ALLOC_C over a static arena that the
 *     application hands over (mbedtls_memory_buffer_alloc_init); the
 *     platform's own calloc/free are never linked (fw_no_calloc/fw_no_free
 *     stand in until the arena is set up);
 *   - no platform entropy: the board's hook, mbedtls_hardware_poll();
 *   - no clock of day: certificate validity dates are not checked (give the
 *     board an RTC and MBEDTLS_HAVE_TIME_DATE to check them);
 *   - small records: 4 KiB in, 2 KiB out (see README, Firmware: this relies
 *     on the server honouring the maximum fragment length extension, or on
 *     answers that fit, as provider answers do);
 *   - smaller tables and windows (AES and SHA, ECP), fewer PSA key slots;
 *   - no error strings, no X.509 info text (they pull in snprintf).
 * MBEDTLS_MEMORY_DEBUG keeps mbedTLS's own accounting of the arena, which
 * the firmware reads back for fw_tls_arena_peak (its error reports go
 * nowhere: MBEDTLS_PLATFORM_FPRINTF_MACRO).
 */
#ifndef PROVKIT_MBEDTLS_FIRMWARE_CONFIG_H
#define PROVKIT_MBEDTLS_FIRMWARE_CONFIG_H

#include "provkit_mbedtls_config.h"

/* ---- no heap: a static arena ---- */
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_STD_CALLOC fw_no_calloc
#define MBEDTLS_PLATFORM_STD_FREE fw_no_free
#include <stddef.h>
void *fw_no_calloc(size_t n, size_t size); /* main.c */
void fw_no_free(void *p);
#define MBEDTLS_MEMORY_DEBUG
#define MBEDTLS_PLATFORM_FPRINTF_MACRO(stream, ...) 0
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO(...) (-1)
#define MBEDTLS_PLATFORM_PRINTF_MACRO(...) 0
#define MBEDTLS_PLATFORM_EXIT_MACRO(code) for (;;) { }
#define MBEDTLS_PLATFORM_SETBUF_MACRO(stream, buf) ((void)0)

/* ---- entropy from the board ---- */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT

/* ---- no clock of day ---- */
#undef MBEDTLS_HAVE_TIME
#undef MBEDTLS_HAVE_TIME_DATE

/* ---- small records ---- */
#define MBEDTLS_SSL_IN_CONTENT_LEN 4096
#define MBEDTLS_SSL_OUT_CONTENT_LEN 2048

/* ---- size over speed ---- */
#define MBEDTLS_AES_ROM_TABLES
#define MBEDTLS_AES_FEWER_TABLES
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_SHA512_SMALLER
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_MPI_MAX_SIZE 512 /* RSA up to 4096 bits */
#define MBEDTLS_PSA_KEY_SLOT_COUNT 8
#undef MBEDTLS_ECP_NIST_OPTIM

/* ---- no text ---- */
#undef MBEDTLS_ERROR_C
#define MBEDTLS_X509_REMOVE_INFO

#endif /* PROVKIT_MBEDTLS_FIRMWARE_CONFIG_H */
