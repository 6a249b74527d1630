/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/url.h - split a provider endpoint URL into what a connection and
 * an HTTP request line need.
 *
 * Accepted: "http://" or "https://" (scheme case-insensitive), an authority
 * that is a host name (ALPHA DIGIT - . _ ~), an IPv4 literal or a bracketed
 * IPv6 literal ("[::1]", hex digits, ':' and '.'), an optional ":port"
 * (1..65535, digits only), then an optional path starting with '/' and an
 * optional "?query". Path and query may hold any printable ASCII except
 * '#'; non-ASCII must already be percent-encoded, and every '%' must start
 * a well-formed escape ('%' and two hex digits).
 *
 * Refused with PROVKIT_ERR_URL: other schemes, userinfo ("user@host": a
 * credential in a URL would be logged and sent in clear by mistake), a
 * fragment ('#': it is never sent to a server, so one in a provider URL is
 * a typo), control characters, space, DEL and non-ASCII bytes anywhere,
 * empty host, empty or out-of-range port, IPv6 zone identifiers,
 * percent-escapes in the host and malformed ones anywhere ("%", "%4",
 * "%zz").
 *
 * No allocation: the result points into the caller's string, which must
 * outlive the provkit_url_t. The host is also copied, NUL-terminated and
 * without brackets, into a caller buffer, because transport connect()
 * takes a C string.
 */
#ifndef PROVKIT_URL_H
#define PROVKIT_URL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/errors.h"

#ifdef __cplusplus
extern "C" {
#endif


/** A parsed URL: spans into the text it was parsed from. */
typedef struct provkit_url {
    const char *host;  /**< into the URL; without the IPv6 brackets */
    size_t host_len; /**< its length */
    const char *path;  /**< into the URL, or the static "/" when absent */
    size_t path_len;   /**< >= 1; the path always starts with '/' */
    const char *query; /**< into the URL after '?', NULL when there is none */
    size_t query_len;  /**< may be 0 ("/x?" has an empty query) */
    uint16_t port;     /**< explicit port, or 443 (https) / 80 (http) */
    bool tls;          /**< https */
    bool host_ipv6;    /**< host was a bracketed literal */
} provkit_url_t;

/**
 * Parse url[0..len) (no NUL needed) into *out.
 *
 * host_buf/host_cap: receives the host as a NUL-terminated string (IPv6
 * without brackets); PROVKIT_URL_HOST_MAX always suffices. host_buf may be
 * NULL (with host_cap 0) when only the spans are wanted.
 *
 * Returns PROVKIT_OK; PROVKIT_ERR_ARG if out or url is NULL; PROVKIT_ERR_URL
 * for a URL outside the grammar above; PROVKIT_ERR_BUFFER_TOO_SMALL if
 * host_buf is given and cannot hold host_len + 1 bytes. On error *out is
 * zeroed and host_buf (if given) holds "".
 */
int provkit_url_parse(provkit_url_t *out, const char *url, size_t len,
                      char *host_buf, size_t host_cap);

/** The port the scheme implies (443 for https, 80 for http); a Host header
 * carries the port only when it differs from this. */
uint16_t provkit_url_default_port(const provkit_url_t *u);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_URL_H */
