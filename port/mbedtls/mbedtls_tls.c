/*
 * mbedtls_tls.c - TLS over any provkit transport (see provkit_mbedtls.h).
 *
 * mbedTLS never sees a socket: its bio callbacks call the inner transport
 * with whatever is left of the current operation's time, and translate the
 * contract's answers into mbedTLS's (0 = "try again" becomes WANT_READ or
 * WANT_WRITE, end of stream becomes EOF). The public functions loop on
 * WANT_* until their deadline, so every call is bounded by its timeout_ms.
 *
 * Compiles against mbedTLS 2.28 and 3.x; the differences are kept to the
 * few #if blocks below.
 */
#include <limits.h>
#include <string.h>

#include "provkit_mbedtls.h"

#include "mbedtls/net_sockets.h" /* MBEDTLS_ERR_NET_*, same names in 2.x/3.x */
#include "mbedtls/x509.h"

#if MBEDTLS_VERSION_MAJOR >= 3 && \
    (defined(MBEDTLS_USE_PSA_CRYPTO) || defined(MBEDTLS_SSL_PROTO_TLS1_3))
#include "psa/crypto.h"
#define PK_NEED_PSA_INIT 1
#else
#define PK_NEED_PSA_INIT 0
#endif

static const unsigned char pk_drbg_personalization[] = "provkit tls";

/* ---- the deadline of the operation in progress ---- */

static void op_begin(provkit_tls_t *c, uint32_t timeout_ms)
{
    c->op_start = c->now_ms();
    c->op_timeout = timeout_ms;
}

static uint32_t op_left(const provkit_tls_t *c)
{
    uint32_t elapsed = c->now_ms() - c->op_start;

    return elapsed >= c->op_timeout ? 0u : c->op_timeout - elapsed;
}

/* ---- bio callbacks: mbedTLS -> inner transport ---- */

static int bio_send(void *p, const unsigned char *buf, size_t len)
{
    provkit_tls_t *c = p;
    int32_t n = c->inner.send(c->inner.ctx, buf, len, op_left(c));

    if (n > 0) {
        return (int)n;
    }
    if (n == 0) {
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    }
    if (n == PROVKIT_ERR_CLOSED) {
        return MBEDTLS_ERR_NET_CONN_RESET;
    }
    c->inner_error = (int)n;
    return MBEDTLS_ERR_NET_SEND_FAILED;
}

static int bio_recv(void *p, unsigned char *buf, size_t len)
{
    provkit_tls_t *c = p;
    int32_t n = c->inner.recv(c->inner.ctx, buf, len, op_left(c));

    if (n > 0) {
        return (int)n;
    }
    if (n == 0) {
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    if (n == PROVKIT_ERR_CLOSED) {
        return 0; /* end of stream: mbedTLS reports CONN_EOF */
    }
    c->inner_error = (int)n;
    return MBEDTLS_ERR_NET_RECV_FAILED;
}

/* ---- mapping mbedTLS results to the contract ---- */

static int is_want(int ret)
{
    return ret == MBEDTLS_ERR_SSL_WANT_READ ||
           ret == MBEDTLS_ERR_SSL_WANT_WRITE
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
           /* TLS 1.3 (3.x): a ticket was processed, no data yet. */
           || ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET
#endif
        ;
}

static int map_error(provkit_tls_t *c, int ret)
{
    int inner = c->inner_error;

    c->inner_error = 0;
    c->last_error = ret;
    if (inner != 0) {
        return inner; /* the pipe failed: say how, not "TLS error" */
    }
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY ||
        ret == MBEDTLS_ERR_SSL_CONN_EOF || ret == MBEDTLS_ERR_NET_CONN_RESET) {
        return PROVKIT_ERR_CLOSED;
    }
    if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED ||
        ret == MBEDTLS_ERR_SSL_CA_CHAIN_REQUIRED) {
        return PROVKIT_ERR_TLS_VERIFY;
    }
    return PROVKIT_ERR_TLS;
}

/* ---- vtable ---- */

static void tls_close(void *ctx)
{
    provkit_tls_t *c = ctx;

    if (c == NULL || !c->ready) {
        return;
    }
    if (c->connected) {
        /* Best effort and without waiting: close must not block, and a
         * peer that misses the alert still sees the end of the stream. */
        op_begin(c, 0);
        (void)mbedtls_ssl_close_notify(&c->ssl);
    }
    if (c->open) {
        c->inner.close(c->inner.ctx);
    }
    c->connected = 0;
    c->peer_closed = 0;
    c->open = 0;
    c->pending_write = 0;
    c->inner_error = 0;
    /* Back to a fresh session on the same config and record buffers, so a
     * kept-alive client can reconnect without re-initialising. */
    {
        int ret = mbedtls_ssl_session_reset(&c->ssl);
        if (ret != 0) {
            c->last_error = ret;
        }
    }
}

static int copy_name(provkit_tls_t *c, const char *name)
{
    size_t n = strlen(name);

    if (n == 0u || n > PROVKIT_TLS_SERVER_NAME_MAX) {
        return PROVKIT_ERR_ARG;
    }
    memcpy(c->server_name, name, n + 1u);
    return PROVKIT_OK;
}

static int tls_connect(void *ctx, const char *host, uint16_t port,
                       uint32_t timeout_ms)
{
    provkit_tls_t *c = ctx;
    uint32_t start;
    uint32_t elapsed;
    int ret;
    int rc;

    if (c == NULL || !c->ready || host == NULL || host[0] == '\0') {
        return PROVKIT_ERR_ARG;
    }
    if (!c->insecure && c->ca_count == 0u) {
        return PROVKIT_ERR_ARG; /* nothing to verify against */
    }
    start = c->now_ms();
    tls_close(c);
    c->verify_flags = 0;
    c->last_error = 0;
    if (!c->name_set && copy_name(c, host) != PROVKIT_OK) {
        return PROVKIT_ERR_ARG;
    }
    mbedtls_ssl_conf_authmode(&c->conf, c->insecure ? MBEDTLS_SSL_VERIFY_NONE
                                                    : MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&c->conf, c->ca_count > 0u ? &c->ca : NULL,
                              NULL);
    /* Sets SNI and the name the certificate is checked against. */
    ret = mbedtls_ssl_set_hostname(&c->ssl, c->server_name);
    if (ret != 0) {
        c->last_error = ret;
        return PROVKIT_ERR_TLS;
    }

    rc = c->inner.connect(c->inner.ctx, host, port, timeout_ms);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    c->open = 1;

    elapsed = c->now_ms() - start;
    op_begin(c, elapsed >= timeout_ms ? 0u : timeout_ms - elapsed);
    for (;;) {
        ret = mbedtls_ssl_handshake(&c->ssl);
        if (ret == 0) {
            break;
        }
        if (!is_want(ret)) {
            rc = map_error(c, ret);
            break;
        }
        if (op_left(c) == 0u) {
            c->last_error = ret;
            rc = PROVKIT_ERR_TIMEOUT;
            break;
        }
    }
    /* Only a verification that ran and failed is worth reporting: with the
     * DANGEROUS option mbedTLS says SKIP_VERIFY, and before the certificate
     * arrives it says "no result" (all bits set). */
    if (rc != PROVKIT_OK && !c->insecure) {
        uint32_t flags = mbedtls_ssl_get_verify_result(&c->ssl);
        c->verify_flags = flags == UINT32_MAX ? 0u : flags;
    }
    if (rc != PROVKIT_OK) {
        tls_close(c);
        return rc;
    }
    c->connected = 1;
    return PROVKIT_OK;
}

static int32_t tls_send(void *ctx, const uint8_t *buf, size_t len,
                        uint32_t timeout_ms)
{
    provkit_tls_t *c = ctx;

    if (c == NULL || (buf == NULL && len > 0u)) {
        return PROVKIT_ERR_ARG;
    }
    if (!c->connected) {
        return PROVKIT_ERR_CLOSED;
    }
    if (len == 0u) {
        return 0;
    }
    if (c->pending_write != 0u) {
        /* mbedTLS finishes the record it built last time and then reports
         * the length it was given; anything else would be a lie about which
         * bytes went out. */
        if (len < c->pending_write) {
            return PROVKIT_ERR_ARG;
        }
        len = c->pending_write;
    }
    if (len > (size_t)INT_MAX) {
        len = (size_t)INT_MAX;
    }
    op_begin(c, timeout_ms);
    for (;;) {
        int ret = mbedtls_ssl_write(&c->ssl, buf, len);

        if (ret > 0) {
            c->pending_write = 0;
            return (int32_t)ret;
        }
        if (!is_want(ret)) {
            c->pending_write = 0;
            return (int32_t)map_error(c, ret);
        }
        if (c->pending_write == 0u) {
            /* The record holds at most one payload's worth: the caller
             * must offer those bytes again, not necessarily all of len. */
            int max = mbedtls_ssl_get_max_out_record_payload(&c->ssl);
            c->pending_write = (max > 0 && len > (size_t)max) ? (size_t)max
                                                               : len;
            len = c->pending_write;
        }
        if (op_left(c) == 0u) {
            return 0;
        }
    }
}

static int32_t tls_recv(void *ctx, uint8_t *buf, size_t len,
                        uint32_t timeout_ms)
{
    provkit_tls_t *c = ctx;

    if (c == NULL || (buf == NULL && len > 0u)) {
        return PROVKIT_ERR_ARG;
    }
    if (!c->connected) {
        return PROVKIT_ERR_CLOSED;
    }
    if (len == 0u) {
        return 0;
    }
    if (len > (size_t)INT_MAX) {
        len = (size_t)INT_MAX;
    }
    if (c->peer_closed) {
        /* After close_notify the TCP end may lag behind; a poll must not
         * turn "closed" back into "nothing yet". */
        return PROVKIT_ERR_CLOSED;
    }
    op_begin(c, timeout_ms);
    for (;;) {
        int ret = mbedtls_ssl_read(&c->ssl, buf, len);
        int rc;

        if (ret > 0) {
            return (int32_t)ret;
        }
        if (ret == 0) {
            c->last_error = MBEDTLS_ERR_SSL_CONN_EOF;
            c->peer_closed = 1;
            return PROVKIT_ERR_CLOSED;
        }
        if (!is_want(ret)) {
            rc = map_error(c, ret);
            if (rc == PROVKIT_ERR_CLOSED) {
                c->peer_closed = 1;
            }
            return (int32_t)rc;
        }
        /* With timeout 0 the inner recv has polled once: a record may be
         * half in, the rest waits for the next call. */
        if (op_left(c) == 0u) {
            return 0;
        }
    }
}

/* ---- public functions ---- */

int provkit_tls_init(provkit_tls_t *ctx, const provkit_transport_t *inner,
                     provkit_clock_fn now_ms, provkit_transport_t *out)
{
    int ret;

    if (ctx == NULL || inner == NULL || now_ms == NULL || out == NULL ||
        inner->connect == NULL || inner->send == NULL ||
        inner->recv == NULL || inner->close == NULL) {
        return PROVKIT_ERR_ARG;
    }
    memset(ctx, 0, sizeof *ctx);
    mbedtls_ssl_init(&ctx->ssl);
    mbedtls_ssl_config_init(&ctx->conf);
    mbedtls_ctr_drbg_init(&ctx->drbg);
    mbedtls_entropy_init(&ctx->entropy);
    mbedtls_x509_crt_init(&ctx->ca);
    ctx->inner = *inner;
    ctx->now_ms = now_ms;

#if PK_NEED_PSA_INIT
    if (psa_crypto_init() != PSA_SUCCESS) {
        ret = MBEDTLS_ERR_SSL_INTERNAL_ERROR;
        goto fail;
    }
#endif
    ret = mbedtls_ctr_drbg_seed(&ctx->drbg, mbedtls_entropy_func,
                                &ctx->entropy, pk_drbg_personalization,
                                sizeof pk_drbg_personalization - 1u);
    if (ret != 0) {
        goto fail;
    }
    ret = mbedtls_ssl_config_defaults(&ctx->conf, MBEDTLS_SSL_IS_CLIENT,
                                      MBEDTLS_SSL_TRANSPORT_STREAM,
                                      MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        goto fail;
    }
    mbedtls_ssl_conf_authmode(&ctx->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_rng(&ctx->conf, mbedtls_ctr_drbg_random, &ctx->drbg);
#if MBEDTLS_VERSION_NUMBER >= 0x03020000
    mbedtls_ssl_conf_min_tls_version(&ctx->conf, MBEDTLS_SSL_VERSION_TLS1_2);
#else
    mbedtls_ssl_conf_min_version(&ctx->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
#endif
    ret = mbedtls_ssl_setup(&ctx->ssl, &ctx->conf);
    if (ret != 0) {
        goto fail;
    }
    /* No recv_timeout callback: the time left is in ctx (op_left), shared
     * by send and recv, rather than in the config's read_timeout. */
    mbedtls_ssl_set_bio(&ctx->ssl, ctx, bio_send, bio_recv, NULL);
    ctx->ready = 1;

    out->connect = tls_connect;
    out->send = tls_send;
    out->recv = tls_recv;
    out->close = tls_close;
    out->ctx = ctx;
    return PROVKIT_OK;

fail:
    provkit_tls_free(ctx);
    ctx->last_error = ret;
    return PROVKIT_ERR_TLS;
}

static int ca_result(provkit_tls_t *c, int ret)
{
    /* > 0: some certificates of a bundle did not parse, at least one did. */
    if (ret < 0) {
        c->last_error = ret;
        return PROVKIT_ERR_ARG;
    }
    c->ca_count++;
    return PROVKIT_OK;
}

int provkit_tls_ca_file(provkit_tls_t *ctx, const char *path)
{
    if (ctx == NULL || path == NULL || !ctx->ready) {
        return PROVKIT_ERR_ARG;
    }
    return ca_result(ctx, mbedtls_x509_crt_parse_file(&ctx->ca, path));
}

int provkit_tls_ca_pem(provkit_tls_t *ctx, const uint8_t *buf, size_t len)
{
    if (ctx == NULL || buf == NULL || len == 0u || !ctx->ready) {
        return PROVKIT_ERR_ARG;
    }
    /* A DER certificate starts with a SEQUENCE (0x30); anything else is
     * PEM, which mbedTLS reads only as a NUL-terminated string. */
    if (buf[0] != 0x30u && buf[len - 1u] != 0u) {
        return PROVKIT_ERR_ARG;
    }
    return ca_result(ctx, mbedtls_x509_crt_parse(&ctx->ca, buf, len));
}

int provkit_tls_set_server_name(provkit_tls_t *ctx, const char *name)
{
    if (ctx == NULL) {
        return PROVKIT_ERR_ARG;
    }
    if (name == NULL) {
        ctx->name_set = 0;
        ctx->server_name[0] = '\0';
        return PROVKIT_OK;
    }
    if (copy_name(ctx, name) != PROVKIT_OK) {
        return PROVKIT_ERR_ARG;
    }
    ctx->name_set = 1;
    return PROVKIT_OK;
}

void provkit_tls_set_insecure_skip_verify_DANGEROUS(provkit_tls_t *ctx)
{
    if (ctx != NULL) {
        ctx->insecure = 1;
    }
}

uint32_t provkit_tls_verify_flags(const provkit_tls_t *ctx)
{
    return ctx != NULL ? ctx->verify_flags : 0u;
}

int provkit_tls_last_error(const provkit_tls_t *ctx)
{
    return ctx != NULL ? ctx->last_error : 0;
}

void provkit_tls_free(provkit_tls_t *ctx)
{
    if (ctx == NULL) {
        return;
    }
    tls_close(ctx);
    /* The mbedTLS free functions accept initialised-but-unused and already
     * freed structures, so this is safe after a failed init and twice. */
    mbedtls_ssl_free(&ctx->ssl);
    mbedtls_ssl_config_free(&ctx->conf);
    mbedtls_x509_crt_free(&ctx->ca);
    mbedtls_ctr_drbg_free(&ctx->drbg);
    mbedtls_entropy_free(&ctx->entropy);
    ctx->ready = 0;
    ctx->ca_count = 0;
}
