/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/log.h - what an integrator sees of an exchange, if anything.
 *
 * Compile time: PROVKIT_LOG_LEVEL (provkit/config.h, Kconfig
 * CONFIG_PROVKIT_LOG_LEVEL) is the most detailed level compiled in. At 0,
 * the default, logging compiles away entirely: no code, no strings, no
 * field in provkit_client_t. Run time: a sink set on a client with
 * provkit_client_set_log() receives each event at or below the compiled-in
 * level, as a struct (no formatting in the core, no allocation).
 *
 * The events (level, name):
 *   - PROVKIT_LOG_INFO  "connect": host, port, status (the transport's, TLS
 *                       included: PROVKIT_ERR_TLS_VERIFY, ...)
 *   - PROVKIT_LOG_DEBUG "reuse": a kept connection is used again (host, port)
 *   - PROVKIT_LOG_INFO  "request_sent": bytes (head and body), status
 *   - PROVKIT_LOG_INFO  "response": http_status, bytes of the body
 *   - PROVKIT_LOG_INFO  "outcome": status, code (the provider's, or 0), category
 *   - PROVKIT_LOG_ERROR "exchange_failed": status, cause, request_sent
 * No event carries a request field or any answer text: a password, an API
 * key or a session id never reaches the sink, whatever the level (ctest
 * unit.test_log proves it with every level compiled in).
 */
#ifndef PROVKIT_LOG_H
#define PROVKIT_LOG_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROVKIT_LOG_NONE 0  /**< nothing (the default: logging compiles away) */
#define PROVKIT_LOG_ERROR 1 /**< an exchange that failed */
#define PROVKIT_LOG_INFO 2  /**< connect, request sent, response, outcome */
#define PROVKIT_LOG_DEBUG 3 /**< and the reuse of a kept connection */

/** One event. Strings are static or the client's own, valid during the
 * call only. Fields an event does not use are 0 or NULL. */
typedef struct provkit_log_event {
    int level;           /**< PROVKIT_LOG_ERROR .. PROVKIT_LOG_DEBUG */
    const char *name;    /**< "connect", "request_sent", ... (see above) */
    const char *host;    /**< the connection's host (connect, reuse) */
    uint16_t port;       /**< its port */
    int status;          /**< a provkit status */
    int cause;           /**< exchange_failed: the status behind status */
    int http_status;     /**< response: the HTTP status */
    int32_t code;        /**< outcome: the provider's code, 0 if none */
    int category;        /**< outcome: provkit_category_t */
    uint64_t bytes;      /**< request_sent, response: bytes */
    bool request_sent;   /**< exchange_failed: a request byte went out */
} provkit_log_event_t;

/** A sink: called synchronously, from inside the call being logged. */
typedef void provkit_log_fn(void *ctx, const provkit_log_event_t *e);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_LOG_H */
