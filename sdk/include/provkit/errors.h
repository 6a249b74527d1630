/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/errors.h - the one status enum every provkit call returns.
 *
 * Zero is success, a positive value is a non-error progress status, and every
 * failure is negative. provkit_strerror() gives a fixed English text for each
 * value (never NULL, never allocated). A provider's own numeric code and text
 * are kept beside this status, untouched, in the provider's result struct.
 */
#ifndef PROVKIT_ERRORS_H
#define PROVKIT_ERRORS_H

#ifdef __cplusplus
extern "C" {
#endif

/** Every status provkit returns: 0 is success, the errors are negative. */
typedef enum provkit_status {
    PROVKIT_OK = 0,
    /** Incremental readers: the input so far is valid, feed more bytes. */
    PROVKIT_INCOMPLETE = 1,

    /** The caller's fault: NULL pointer, zero-size buffer, bad option. */
    PROVKIT_ERR_ARG = -1,
    /** A request field failed local validation (the field is named by the
     * provider layer); also invalid UTF-8, NUL or a character the target
     * encoding cannot carry, found by the writer's escapers. */
    PROVKIT_ERR_INVALID_FIELD = -2,
    /** A caller buffer is too small; the writer reports the bytes needed. */
    PROVKIT_ERR_BUFFER_TOO_SMALL = -3,
    /** A configured limit was exceeded (header line, header count, body
     * size, nesting depth, token count, interim responses). */
    PROVKIT_ERR_LIMIT = -4,
    /** The URL is not one provkit can use (scheme, host, port, path). */
    PROVKIT_ERR_URL = -5,
    /** Host name did not resolve. */
    PROVKIT_ERR_DNS = -6,
    /** Connect, send or receive failed at the socket level. */
    PROVKIT_ERR_NETWORK = -7,
    /** The peer closed the connection (orderly close or reset). */
    PROVKIT_ERR_CLOSED = -8,
    /** A deadline passed. */
    PROVKIT_ERR_TIMEOUT = -9,
    /** TLS handshake or record failure. */
    PROVKIT_ERR_TLS = -10,
    /** The server's certificate or host name did not verify. */
    PROVKIT_ERR_TLS_VERIFY = -11,
    /** The HTTP response violates HTTP/1.1 (bad status line, bad chunk,
     * conflicting or bad Content-Length, unsupported Transfer-Encoding). */
    PROVKIT_ERR_HTTP = -12,
    /** The server answered with a status outside 2xx and a body that is not
     * a provider answer. */
    PROVKIT_ERR_HTTP_STATUS = -13,
    /** A parser refused its input: not well-formed XML, XML-RPC, JSON. */
    PROVKIT_ERR_MALFORMED = -14,
    /** The body parsed but is not the answer the provider documents. */
    PROVKIT_ERR_PROTOCOL = -15,
    /** The provider answered and refused: see the result's code and text. */
    PROVKIT_ERR_PROVIDER = -16,
    /** The request may have reached the server and no answer came back: the
     * account may exist. provkit never resends in this state. */
    PROVKIT_ERR_OUTCOME_UNKNOWN = -17,
    /** An XML-RPC `<fault>` came back. */
    PROVKIT_ERR_FAULT = -18,
    /** A value did not fit its type (integer overflow, wrong JSON type). */
    PROVKIT_ERR_RANGE = -19,
    /** A looked-up key or member is not there. */
    PROVKIT_ERR_NOT_FOUND = -20,
    /** Feature not compiled in or not supported by this port. */
    PROVKIT_ERR_UNSUPPORTED = -21,
    /** The stream ended without the end the protocol promises (a TLS
     * connection closed without close_notify): what came before may be cut
     * short, so it is never taken as a complete answer. */
    PROVKIT_ERR_TRUNCATED = -22
} provkit_status_t;

/** Fixed text for a status; "unknown status" for a value not in the enum. */
const char *provkit_strerror(int status);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_ERRORS_H */
