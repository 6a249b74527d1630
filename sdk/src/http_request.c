/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http_request.c - the HTTP/1.1 request head; see provkit/http.h.
 *
 * Injection dies here: every byte that goes into the request line or a
 * header is checked before anything is written, so no caller string can
 * end a line early and add a header or a second request.
 */
#include <string.h>

#include "http_wire.h"

#include "text.h"



/* RFC 9110 tchar. */
static bool is_tchar(char c)
{
    return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool is_visible(char c) { return c > 0x20 && c < 0x7f; }

static bool is_hex_or_sep(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
           c == ':' || c == '.';
}

static bool is_name_char(char c)
{
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static bool check_token(const char *s)
{
    size_t i;
    if (s[0] == '\0') {
        return false;
    }
    /* Bounded by the NUL the caller promised; a method is a short word. */
    for (i = 0; s[i] != '\0'; i++) {
        if (!is_tchar(s[i])) {
            return false;
        }
    }
    return true;
}

/* Visible ASCII words separated by single spaces. */
static bool check_value(const char *s)
{
    size_t i;
    if (s[0] == '\0' || s[0] == ' ') {
        return false;
    }
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] == ' ') {
            if (s[i + 1] == ' ' || s[i + 1] == '\0') {
                return false;
            }
        } else if (!is_visible(s[i])) {
            return false;
        }
    }
    return true;
}

static bool check_span(const char *s, size_t n, bool (*ok)(char))
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (!ok(s[i])) {
            return false;
        }
    }
    return true;
}

static bool is_target_char(char c) { return is_visible(c) && c != '#'; }

static int check_url(const provkit_url_t *u)
{
    if (u->host == NULL || u->host_len == 0 || u->path == NULL ||
        u->path_len == 0 || u->path[0] != '/' || u->port == 0) {
        return PROVKIT_ERR_URL;
    }
    if (!check_span(u->host, u->host_len,
                    u->host_ipv6 ? is_hex_or_sep : is_name_char) ||
        !check_span(u->path, u->path_len, is_target_char)) {
        return PROVKIT_ERR_URL;
    }
    if (u->query != NULL &&
        !check_span(u->query, u->query_len, is_target_char)) {
        return PROVKIT_ERR_URL;
    }
    return PROVKIT_OK;
}

/* The extra query parameter: target characters, and not empty. */
static bool check_extra(const char *q)
{
    return q == NULL || (q[0] != '\0' && check_span(q, strlen(q), is_target_char));
}

/* The head's bytes, its fields already checked. */
void provkit_http_write_checked_head(provkit_writer_t *w, const provkit_http_request_t *req)
{
    const provkit_url_t *u = req->url;
    const char *method = req->method != NULL ? req->method : "POST";

    provkit_w_str(w, method);
    provkit_w_char(w, ' ');
    provkit_w_raw(w, u->path, u->path_len);
    if (u->query != NULL) {
        provkit_w_char(w, '?');
        provkit_w_raw(w, u->query, u->query_len);
    }
    if (req->query_extra != NULL) {
        provkit_w_char(w, u->query != NULL ? '&' : '?');
        provkit_w_str(w, req->query_extra);
    }
    provkit_w_raw(w, " HTTP/1.1\r\nHost: ", 17);
    if (u->host_ipv6) {
        provkit_w_char(w, '[');
    }
    provkit_w_raw(w, u->host, u->host_len);
    if (u->host_ipv6) {
        provkit_w_char(w, ']');
    }
    if (u->port != provkit_url_default_port(u)) {
        provkit_w_char(w, ':');
        provkit_w_u64(w, u->port);
    }
    /* constant markup as literals: one append each */
    provkit_w_lit(w, "\r\nUser-Agent: " PROVKIT_HTTP_USER_AGENT "\r\nAccept: ");
    provkit_w_str(w, req->accept != NULL ? req->accept : "*/*");
    if (req->content_type != NULL) {
        provkit_w_lit(w, "\r\nContent-Type: ");
        provkit_w_str(w, req->content_type);
    }
    provkit_w_lit(w, "\r\nContent-Length: ");
    provkit_w_u64(w, req->content_length);
    if (req->keep_alive) {
        provkit_w_lit(w, "\r\nConnection: keep-alive\r\n\r\n");
    } else {
        provkit_w_lit(w, "\r\nConnection: close\r\n\r\n");
    }
}

int provkit_http_write_request_head(provkit_writer_t *w,
                                    const provkit_http_request_t *req)
{
    const provkit_url_t *u;
    const char *method;
    int rc;

    if (w == NULL || req == NULL || req->url == NULL) {
        return PROVKIT_ERR_ARG;
    }
    u = req->url;
    method = req->method != NULL ? req->method : "POST";
    if (!check_token(method) ||
        (req->content_type != NULL && !check_value(req->content_type)) ||
        (req->accept != NULL && !check_value(req->accept))) {
        return PROVKIT_ERR_ARG;
    }
    rc = check_url(u);
    if (rc == PROVKIT_OK && !check_extra(req->query_extra)) {
        rc = PROVKIT_ERR_URL;
    }
    if (rc != PROVKIT_OK) {
        return rc;
    }
    provkit_http_write_checked_head(w, req);
    return provkit_writer_status(w);
}
