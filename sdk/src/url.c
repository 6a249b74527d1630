/* SPDX-License-Identifier: Apache-2.0 */
/*
 * url.c - endpoint URL splitting; see provkit/url.h for the grammar.
 */
#include <string.h>

#include "provkit/url.h"

#include "text.h"

/* DNS names are at most 253 bytes in text form; the longest IPv6 text form
 * (with an embedded IPv4 tail) is 45. */
#define HOST_NAME_MAX_LEN 253u
#define IPV6_TEXT_MAX_LEN 45u

typedef struct scheme {
    const char *name;
    size_t len;
    uint16_t port;
    bool tls;
} scheme_t;

static const scheme_t k_schemes[] = {
    { "https://", 8, 443, true },
    { "http://", 7, 80, false },
};




/* RFC 3986 unreserved: the only bytes provkit lets into a host name. */
static bool is_name_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

/* Printable ASCII, no space: path and query bytes; '#' is handled apart. */
static bool is_visible(char c)
{
    return c > 0x20 && c < 0x7f;
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool prefix_ci(const char *s, size_t n, const char *p, size_t plen)
{
    size_t i;
    if (n < plen) {
        return false;
    }
    for (i = 0; i < plen; i++) {
        if (lower(s[i]) != p[i]) {
            return false;
        }
    }
    return true;
}

/* A name made only of digits and dots is taken to be an IPv4 literal and
 * must be a plain dotted quad: "1.2.3" or "010.0.0.1" would be read
 * differently by different resolvers (inet_aton accepts octal and short
 * forms), so provkit refuses them rather than guess. */
static bool check_dotted(const char *h, size_t n)
{
    size_t i;
    size_t parts = 0;
    size_t digits = 0;
    unsigned value = 0;
    bool all_numeric = true;

    for (i = 0; i < n; i++) {
        if (!is_digit(h[i]) && h[i] != '.') {
            all_numeric = false;
            break;
        }
    }
    if (!all_numeric) {
        return true;
    }
    for (i = 0; i <= n; i++) {
        if (i == n || h[i] == '.') {
            if (digits == 0 || value > 255u) {
                return false;
            }
            parts++;
            digits = 0;
            value = 0;
            continue;
        }
        if (digits == 1 && value == 0) {
            return false; /* leading zero */
        }
        if (digits == 3) {
            return false;
        }
        value = value * 10u + (unsigned)(h[i] - '0');
        digits++;
    }
    return parts == 4;
}

static bool check_name(const char *h, size_t n)
{
    size_t i;
    if (n == 0 || n > HOST_NAME_MAX_LEN) {
        return false;
    }
    for (i = 0; i < n; i++) {
        if (!is_name_char(h[i])) {
            return false;
        }
    }
    return check_dotted(h, n);
}

/* The IPv4 tail of an IPv6 literal, after its last colon. */
static bool check_dotted_tail(const char *h, size_t n)
{
    size_t start = n;
    size_t i;
    while (start > 0 && h[start - 1] != ':') {
        start--;
    }
    for (i = start; i < n; i++) {
        if (!is_digit(h[i]) && h[i] != '.') {
            return false;
        }
    }
    return check_dotted(h + start, n - start);
}

/* Shape check: hex groups of at most four digits, 2..7 colons, at most
 * one "::", an optional dotted IPv4 tail as the last group. The transport's
 * address parser has the last word on the exact form. */
static bool check_ipv6(const char *h, size_t n)
{
    size_t i;
    size_t colons = 0;
    size_t group = 0;
    size_t doubles = 0;
    bool dotted = false;
    if (n < 2 || n > IPV6_TEXT_MAX_LEN) {
        return false;
    }
    for (i = 0; i < n; i++) {
        if (h[i] == ':') {
            if (dotted) {
                return false; /* the IPv4 tail must come last */
            }
            if (i > 0 && h[i - 1] == ':') {
                doubles++;
            }
            colons++;
            group = 0;
        } else if (h[i] == '.') {
            dotted = true;
        } else if (!is_hex(h[i]) || (++group > 4 && !dotted)) {
            return false;
        }
    }
    return colons >= 2 && colons <= 7 && doubles <= 1 &&
           (!dotted || check_dotted_tail(h, n));
}

static bool parse_port(const char *p, size_t n, uint16_t *port)
{
    uint64_t v = 0;
    if (provkit_text_u64(p, n, 65535u, &v) != PROVKIT_OK || v == 0) {
        return false;
    }
    *port = (uint16_t)v;
    return true;
}

static int parse(provkit_url_t *out, const char *url, size_t len)
{
    size_t i;
    size_t pos;
    size_t auth_end;
    size_t host_end;
    const scheme_t *sch = NULL;

    for (i = 0; i < sizeof k_schemes / sizeof k_schemes[0]; i++) {
        if (prefix_ci(url, len, k_schemes[i].name, k_schemes[i].len)) {
            sch = &k_schemes[i];
            break;
        }
    }
    if (sch == NULL) {
        return PROVKIT_ERR_URL;
    }
    out->tls = sch->tls;
    out->port = sch->port;
    pos = sch->len;

    /* One pass refuses the bytes no part of a URL may hold, so the parts
     * below only check their own grammar. */
    for (i = pos; i < len; i++) {
        if (!is_visible(url[i]) || url[i] == '#') {
            return PROVKIT_ERR_URL;
        }
        /* RFC 3986 pct-encoded: '%' HEXDIG HEXDIG, never sent malformed */
        if (url[i] == '%' && (len - i < 3 || !is_hex(url[i + 1]) || !is_hex(url[i + 2]))) {
            return PROVKIT_ERR_URL;
        }
    }

    auth_end = pos;
    while (auth_end < len && url[auth_end] != '/' && url[auth_end] != '?') {
        if (url[auth_end] == '@') {
            return PROVKIT_ERR_URL;
        }
        auth_end++;
    }

    if (pos < auth_end && url[pos] == '[') {
        host_end = pos + 1;
        while (host_end < auth_end && url[host_end] != ']') {
            host_end++;
        }
        if (host_end == auth_end) {
            return PROVKIT_ERR_URL;
        }
        out->host = url + pos + 1;
        out->host_len = host_end - pos - 1;
        out->host_ipv6 = true;
        if (!check_ipv6(out->host, out->host_len)) {
            return PROVKIT_ERR_URL;
        }
        host_end++; /* past ']' */
        if (host_end < auth_end && url[host_end] != ':') {
            return PROVKIT_ERR_URL;
        }
    } else {
        host_end = pos;
        while (host_end < auth_end && url[host_end] != ':') {
            host_end++;
        }
        out->host = url + pos;
        out->host_len = host_end - pos;
        if (!check_name(out->host, out->host_len)) {
            return PROVKIT_ERR_URL;
        }
    }
    if (host_end < auth_end &&
        !parse_port(url + host_end + 1, auth_end - host_end - 1, &out->port)) {
        return PROVKIT_ERR_URL;
    }

    pos = auth_end;
    out->path = "/";
    out->path_len = 1;
    if (pos < len && url[pos] == '/') {
        size_t end = pos;
        while (end < len && url[end] != '?') {
            end++;
        }
        out->path = url + pos;
        out->path_len = end - pos;
        pos = end;
    }
    if (pos < len) {
        /* Only '?' can be here: the authority scan stopped at '/' or '?'
         * and the path scan at '?'. */
        out->query = url + pos + 1;
        out->query_len = len - pos - 1;
    }
    return PROVKIT_OK;
}

int provkit_url_parse(provkit_url_t *out, const char *url, size_t len,
                      char *host_buf, size_t host_cap)
{
    int rc;
    if (out == NULL || url == NULL || (host_buf == NULL && host_cap != 0)) {
        return PROVKIT_ERR_ARG;
    }
    memset(out, 0, sizeof *out);
    if (host_buf != NULL && host_cap > 0) {
        host_buf[0] = '\0';
    }
    rc = parse(out, url, len);
    if (rc == PROVKIT_OK && host_buf != NULL && out->host_len >= host_cap) {
        rc = PROVKIT_ERR_BUFFER_TOO_SMALL;
    }
    if (rc != PROVKIT_OK) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    if (host_buf != NULL) {
        memcpy(host_buf, out->host, out->host_len);
        host_buf[out->host_len] = '\0';
    }
    return PROVKIT_OK;
}

uint16_t provkit_url_default_port(const provkit_url_t *u)
{
    return (u != NULL && u->tls) ? 443u : 80u;
}
