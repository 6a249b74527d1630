/*
 * provkit/config.h - every compile-time limit, in one place.
 *
 * Each default is guarded by #ifndef: override with -D, or through Kconfig
 * (CONFIG_PROVKIT_* symbols are mapped here when present, as Zephyr and
 * ESP-IDF generate them). Limits bound work and stack; none allocates.
 */
#ifndef PROVKIT_CONFIG_H
#define PROVKIT_CONFIG_H

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
#if defined(CONFIG_PROVKIT_SEND_BUF_SIZE) && !defined(PROVKIT_SEND_BUF_SIZE)
#define PROVKIT_SEND_BUF_SIZE CONFIG_PROVKIT_SEND_BUF_SIZE
#endif
/* Defaults of these live beside their structs (provider.h, xml.h). */
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

/* XML scanner: deepest element nesting accepted (the open-tag stack holds
 * one name offset and length per level). */
#ifndef PROVKIT_XML_MAX_DEPTH
#define PROVKIT_XML_MAX_DEPTH 32
#endif

/* JSON validation pass: deepest array/object nesting accepted (the grammar
 * scan keeps one bit and one int per level: about 4 bytes of stack each). */
#ifndef PROVKIT_JSON_MAX_DEPTH
#define PROVKIT_JSON_MAX_DEPTH 64
#endif

/* HTTP response head: bytes of status line plus headers (their number is
 * not limited: they are scanned as a stream, only these bytes bound). */
#ifndef PROVKIT_HTTP_MAX_HEADER_BYTES
#define PROVKIT_HTTP_MAX_HEADER_BYTES 16384
#endif
/* 1xx interim responses skipped before giving up. */
#ifndef PROVKIT_HTTP_MAX_INTERIM
#define PROVKIT_HTTP_MAX_INTERIM 8
#endif
/* Bytes of Content-Type value kept (the rest of the header is scanned and
 * dropped). */
#ifndef PROVKIT_HTTP_CONTENT_TYPE_MAX
#define PROVKIT_HTTP_CONTENT_TYPE_MAX 64
#endif

/* Client: the buffer a request streams through on its way to the
 * transport. The request size does not change the RAM a call needs. */
#ifndef PROVKIT_SEND_BUF_SIZE
#define PROVKIT_SEND_BUF_SIZE 512
#endif

/* Client: a kept connection is reused only while it has been idle for
 * less than this many milliseconds (minus a guard of 1/16 of it, see
 * provkit/client.h); an older one is closed and replaced before anything is
 * sent, so the request never races the server's keep-alive timer. The
 * default, 4000 ms, is below the common server defaults: 5 s for Apache
 * httpd (KeepAliveTimeout) and Node.js (keepAliveTimeout), 75 s for nginx
 * (keepalive_timeout), 120 s for IIS. Set it at or below your server's.
 * 0 turns keep-alive reuse off (every exchange opens a connection). */
#ifndef PROVKIT_CLIENT_IDLE_MAX_MS
#define PROVKIT_CLIENT_IDLE_MAX_MS 4000u
#endif

#endif /* PROVKIT_CONFIG_H */
