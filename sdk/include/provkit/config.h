/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/config.h - every compile-time limit and switch, in one place.
 *
 * Three ways to set them, read in this order:
 *   1. PROVKIT_CONFIG_FILE: -DPROVKIT_CONFIG_FILE='"my_provkit_config.h"'
 *      (as mbedTLS's MBEDTLS_CONFIG_FILE): a header of \#defines, included
 *      first. Build the library and the application with the same one: the
 *      limits size public structs (the workspace, the results), so a
 *      library and an application that disagree corrupt memory.
 *   2. Kconfig: CONFIG_PROVKIT_* symbols, as Zephyr and ESP-IDF generate
 *      them, are mapped below when present.
 *   3. -D on the command line, or the defaults here (each guarded by
 *      \#ifndef).
 * Limits bound work, RAM and stack; none allocates.
 */
#ifndef PROVKIT_CONFIG_H
#define PROVKIT_CONFIG_H

#if defined(PROVKIT_CONFIG_FILE)
#include PROVKIT_CONFIG_FILE
#endif
/* the configuration the library was built with (empty unless a build
 * system generated it: found first on the include path, so <>) */
#include <provkit/build_config.h>
/* ESP-IDF's Kconfig output (Zephyr's is included in every file by its build) */
#if defined(ESP_PLATFORM)
#include "sdkconfig.h"
#endif

/* ---- Kconfig (CONFIG_PROVKIT_*) ---- */
#if defined(CONFIG_PROVKIT_XML_MAX_DEPTH) && !defined(PROVKIT_XML_MAX_DEPTH)
#define PROVKIT_XML_MAX_DEPTH CONFIG_PROVKIT_XML_MAX_DEPTH
#endif
#if defined(CONFIG_PROVKIT_JSON_MAX_DEPTH) && !defined(PROVKIT_JSON_MAX_DEPTH)
#define PROVKIT_JSON_MAX_DEPTH CONFIG_PROVKIT_JSON_MAX_DEPTH
#endif
#if defined(CONFIG_PROVKIT_HTTP_MAX_HEADER_BYTES) && !defined(PROVKIT_HTTP_MAX_HEADER_BYTES)
#define PROVKIT_HTTP_MAX_HEADER_BYTES CONFIG_PROVKIT_HTTP_MAX_HEADER_BYTES
#endif
#if defined(CONFIG_PROVKIT_CLIENT_IDLE_MAX_MS) && !defined(PROVKIT_CLIENT_IDLE_MAX_MS)
#define PROVKIT_CLIENT_IDLE_MAX_MS CONFIG_PROVKIT_CLIENT_IDLE_MAX_MS
#endif
#if defined(CONFIG_PROVKIT_RESPONSE_MAX) && !defined(PROVKIT_RESPONSE_MAX)
#define PROVKIT_RESPONSE_MAX CONFIG_PROVKIT_RESPONSE_MAX
#endif
#if defined(CONFIG_PROVKIT_JSON_TOKENS) && !defined(PROVKIT_JSON_TOKENS)
#define PROVKIT_JSON_TOKENS CONFIG_PROVKIT_JSON_TOKENS
#endif
#if defined(CONFIG_PROVKIT_MESSAGE_MAX) && !defined(PROVKIT_MESSAGE_MAX)
#define PROVKIT_MESSAGE_MAX CONFIG_PROVKIT_MESSAGE_MAX
#endif
#if defined(CONFIG_PROVKIT_XML_MAX_ATTRS) && !defined(PROVKIT_XML_MAX_ATTRS)
#define PROVKIT_XML_MAX_ATTRS CONFIG_PROVKIT_XML_MAX_ATTRS
#endif
#if defined(CONFIG_PROVKIT_LOG_LEVEL) && !defined(PROVKIT_LOG_LEVEL)
#define PROVKIT_LOG_LEVEL CONFIG_PROVKIT_LOG_LEVEL
#endif
#if defined(CONFIG_PROVKIT_HTTP_MAX_INTERIM) && !defined(PROVKIT_HTTP_MAX_INTERIM)
#define PROVKIT_HTTP_MAX_INTERIM CONFIG_PROVKIT_HTTP_MAX_INTERIM
#endif
#if defined(CONFIG_PROVKIT_HTTP_CONTENT_TYPE_MAX) && !defined(PROVKIT_HTTP_CONTENT_TYPE_MAX)
#define PROVKIT_HTTP_CONTENT_TYPE_MAX CONFIG_PROVKIT_HTTP_CONTENT_TYPE_MAX
#endif
#if defined(CONFIG_PROVKIT_URL_HOST_MAX) && !defined(PROVKIT_URL_HOST_MAX)
#define PROVKIT_URL_HOST_MAX CONFIG_PROVKIT_URL_HOST_MAX
#endif
#if defined(CONFIG_PROVKIT_PARAMS_MAX) && !defined(PROVKIT_PARAMS_MAX)
#define PROVKIT_PARAMS_MAX CONFIG_PROVKIT_PARAMS_MAX
#endif
#if defined(CONFIG_PROVKIT_TRUNCATED_MAX) && !defined(PROVKIT_TRUNCATED_MAX)
#define PROVKIT_TRUNCATED_MAX CONFIG_PROVKIT_TRUNCATED_MAX
#endif
#if defined(CONFIG_PROVKIT_OEMPRO_ID_MAX) && !defined(PROVKIT_OEMPRO_ID_MAX)
#define PROVKIT_OEMPRO_ID_MAX CONFIG_PROVKIT_OEMPRO_ID_MAX
#endif
#if defined(CONFIG_PROVKIT_OEMPRO_MAX_CODES) && !defined(PROVKIT_OEMPRO_MAX_CODES)
#define PROVKIT_OEMPRO_MAX_CODES CONFIG_PROVKIT_OEMPRO_MAX_CODES
#endif
#if defined(CONFIG_PROVKIT_PLESK_TEXT_MAX) && !defined(PROVKIT_PLESK_TEXT_MAX)
#define PROVKIT_PLESK_TEXT_MAX CONFIG_PROVKIT_PLESK_TEXT_MAX
#endif
#if defined(CONFIG_PROVKIT_SMS_FIELD_MAX) && !defined(PROVKIT_SMS_FIELD_MAX)
#define PROVKIT_SMS_FIELD_MAX CONFIG_PROVKIT_SMS_FIELD_MAX
#endif
#if defined(CONFIG_PROVKIT_ACCOUNT_NAME_MAX) && !defined(PROVKIT_ACCOUNT_NAME_MAX)
#define PROVKIT_ACCOUNT_NAME_MAX CONFIG_PROVKIT_ACCOUNT_NAME_MAX
#endif
#if defined(CONFIG_PROVKIT_TLS_SERVER_NAME_MAX) && !defined(PROVKIT_TLS_SERVER_NAME_MAX)
#define PROVKIT_TLS_SERVER_NAME_MAX CONFIG_PROVKIT_TLS_SERVER_NAME_MAX
#endif

/* A Kconfig build (CONFIG_PROVKIT set) says which providers are in: a bool
 * that is n leaves its CONFIG_ symbol undefined. */
#if defined(CONFIG_PROVKIT)
#if !defined(PROVKIT_WITH_OEMPRO)
#if defined(CONFIG_PROVKIT_WITH_OEMPRO)
#define PROVKIT_WITH_OEMPRO 1
#else
#define PROVKIT_WITH_OEMPRO 0
#endif
#endif
#if !defined(PROVKIT_WITH_PLESK)
#if defined(CONFIG_PROVKIT_WITH_PLESK)
#define PROVKIT_WITH_PLESK 1
#else
#define PROVKIT_WITH_PLESK 0
#endif
#endif
#if !defined(PROVKIT_WITH_SMSPARTNER)
#if defined(CONFIG_PROVKIT_WITH_SMSPARTNER)
#define PROVKIT_WITH_SMSPARTNER 1
#else
#define PROVKIT_WITH_SMSPARTNER 0
#endif
#endif
#endif

/* ---- providers compiled in (1) or out (0) ----
 * A provider compiled out costs nothing: its module is empty, the unified
 * call answers PROVKIT_ERR_UNSUPPORTED for it, and without a JSON provider
 * (Oempro, SMS Partner) the workspace has no JSON token space. */
#ifndef PROVKIT_WITH_OEMPRO
/** 1: the Oempro provider is compiled in (Kconfig CONFIG_PROVKIT_WITH_OEMPRO). */
#define PROVKIT_WITH_OEMPRO 1
#endif
#ifndef PROVKIT_WITH_PLESK
/** 1: the Plesk provider is compiled in (Kconfig CONFIG_PROVKIT_WITH_PLESK). */
#define PROVKIT_WITH_PLESK 1
#endif
#ifndef PROVKIT_WITH_SMSPARTNER
/** 1: the SMS Partner provider is compiled in (Kconfig CONFIG_PROVKIT_WITH_SMSPARTNER). */
#define PROVKIT_WITH_SMSPARTNER 1
#endif
/** Derived: some provider answers in JSON. */
#define PROVKIT_WITH_JSON (PROVKIT_WITH_OEMPRO || PROVKIT_WITH_SMSPARTNER)

/* ---- parsers ---- */

/** XML scanner: deepest element nesting accepted (the open-tag stack holds
 * one name offset and length per level). */
#ifndef PROVKIT_XML_MAX_DEPTH
#define PROVKIT_XML_MAX_DEPTH 32
#endif

/** XML scanner: attributes per element that it can check for uniqueness; an
 * element with more is refused with PROVKIT_ERR_LIMIT. Provider answers
 * carry none, so a small bound keeps the check linear and the state small. */
#ifndef PROVKIT_XML_MAX_ATTRS
#define PROVKIT_XML_MAX_ATTRS 16
#endif

/** JSON validation pass: deepest array/object nesting accepted (the grammar
 * scan keeps one bit and one int per level: about 4 bytes of stack each). */
#ifndef PROVKIT_JSON_MAX_DEPTH
#define PROVKIT_JSON_MAX_DEPTH 64
#endif

/** HTTP response head: bytes of status line plus headers (their number is
 * not limited: they are scanned as a stream, only these bytes bound). */
#ifndef PROVKIT_HTTP_MAX_HEADER_BYTES
#define PROVKIT_HTTP_MAX_HEADER_BYTES 16384
#endif
/** 1xx interim responses skipped before giving up. */
#ifndef PROVKIT_HTTP_MAX_INTERIM
#define PROVKIT_HTTP_MAX_INTERIM 8
#endif
/** Bytes of Content-Type value kept (the rest of the header is scanned and
 * dropped). */
#ifndef PROVKIT_HTTP_CONTENT_TYPE_MAX
#define PROVKIT_HTTP_CONTENT_TYPE_MAX 64
#endif

/** A host buffer of this size holds any host provkit accepts (a DNS name is
 * at most 253 bytes; the URL parser refuses longer hosts) plus its NUL. */
#ifndef PROVKIT_URL_HOST_MAX
#define PROVKIT_URL_HOST_MAX 256
#endif

/* ---- the client ---- */

/** A kept connection is reused only while it has been idle for less than
 * this many milliseconds (minus a guard of 1/16 of it, see
 * provkit/client.h); an older one is closed and replaced before anything is
 * sent, so the request never races the server's keep-alive timer. The
 * default, 4000 ms, is below the common server defaults: 5 s for Apache
 * httpd (KeepAliveTimeout) and Node.js (keepAliveTimeout), 75 s for nginx
 * (keepalive_timeout), 120 s for IIS. Set it at or below your server's.
 * 0 turns keep-alive reuse off (every exchange opens a connection). */
#ifndef PROVKIT_CLIENT_IDLE_MAX_MS
#define PROVKIT_CLIENT_IDLE_MAX_MS 4000u
#endif

/* ---- one create call: the workspace and the outcome ---- */

/** Bytes of an answer body kept in the workspace; a longer answer is
 * PROVKIT_ERR_LIMIT. The longest documented answer, Plesk's methodResponse
 * with every member, is about 800 bytes. */
#ifndef PROVKIT_RESPONSE_MAX
#define PROVKIT_RESPONSE_MAX 2048
#endif
#if PROVKIT_RESPONSE_MAX > 65535
#error "PROVKIT_RESPONSE_MAX: at most 65535 (the XML scanner keeps 16-bit offsets)"
#endif

/** JSON tokens in the workspace (12 bytes each on a 32-bit core; only when
 * a JSON provider is compiled in). 32 suffice for every documented answer;
 * an Oempro list of n codes needs 2n more, an SMS Partner errors[] entry 4
 * more. */
#ifndef PROVKIT_JSON_TOKENS
#define PROVKIT_JSON_TOKENS 64
#endif

/** Parameters a provider may have (the measured values of one create are
 * kept in the workspace: 8 bytes each on a 32-bit core). */
#ifndef PROVKIT_PARAMS_MAX
#define PROVKIT_PARAMS_MAX 18
#endif

/** Bytes kept of a provider's message text, NUL included (longer texts are
 * cut on a UTF-8 character boundary). */
#ifndef PROVKIT_MESSAGE_MAX
#define PROVKIT_MESSAGE_MAX 160
#endif

/** Result fields that did not fit their buffers, named per outcome. */
#ifndef PROVKIT_TRUNCATED_MAX
#define PROVKIT_TRUNCATED_MAX 6
#endif

/* ---- the providers' results ---- */

/** Oempro: bytes kept of ClientID's text, NUL included. */
#ifndef PROVKIT_OEMPRO_ID_MAX
#define PROVKIT_OEMPRO_ID_MAX 32
#endif

/** Oempro: ErrorCode values kept from a list answer (the first is the
 * verdict). */
#ifndef PROVKIT_OEMPRO_MAX_CODES
#define PROVKIT_OEMPRO_MAX_CODES 8
#endif

/** Plesk: bytes kept of the returned login and password: 32 characters of
 * up to 4 UTF-8 bytes each, plus the NUL. */
#ifndef PROVKIT_PLESK_TEXT_MAX
#define PROVKIT_PLESK_TEXT_MAX 129
#endif

/** SMS Partner: bytes kept per answer text field (an e-mail address is at
 * most 254). */
#ifndef PROVKIT_SMS_FIELD_MAX
#define PROVKIT_SMS_FIELD_MAX 256
#endif

/** The unified call: bytes of the ClientName built from first and last
 * name. */
#ifndef PROVKIT_ACCOUNT_NAME_MAX
#define PROVKIT_ACCOUNT_NAME_MAX 256
#endif
#if PROVKIT_ACCOUNT_NAME_MAX > PROVKIT_RESPONSE_MAX
#error "PROVKIT_ACCOUNT_NAME_MAX: at most PROVKIT_RESPONSE_MAX (composed in the workspace)"
#endif

/* ---- logging (provkit/log.h) ---- */

#ifndef PROVKIT_LOG_LEVEL
/** The most detailed log level compiled in (provkit/log.h); 0, the
 * default, compiles logging away entirely. */
#define PROVKIT_LOG_LEVEL 0
#endif

/* ---- the mbedTLS port (port/mbedtls) ---- */

#if defined(CONFIG_PROVKIT_TLS_LEGACY) && !defined(PROVKIT_TLS_LEGACY)
#define PROVKIT_TLS_LEGACY 1
#endif
#ifndef PROVKIT_TLS_LEGACY
/** 1: offer mbedTLS's default cipher suites and curves (see
 * provkit_mbedtls.h); 0 (default): only the forward secret AEAD suites and
 * the curves of 256 bits or more. Read when the port is compiled. */
#define PROVKIT_TLS_LEGACY 0
#endif

/** Longest server name kept for SNI and verification (a DNS name is at most
 * 253 characters). */
#ifndef PROVKIT_TLS_SERVER_NAME_MAX
#define PROVKIT_TLS_SERVER_NAME_MAX 253
#endif

#endif /* PROVKIT_CONFIG_H */
