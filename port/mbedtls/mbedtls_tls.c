/* SPDX-License-Identifier: Apache-2.0 */
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
#include "mbedtls/ssl_ciphersuites.h"
#include "mbedtls/x509.h"
#if defined(MBEDTLS_ERROR_C)
#include "mbedtls/error.h"
#endif

#if MBEDTLS_VERSION_MAJOR >= 3 && \
    (defined(MBEDTLS_USE_PSA_CRYPTO) || defined(MBEDTLS_SSL_PROTO_TLS1_3))
#include "psa/crypto.h"
#define PK_NEED_PSA_INIT 1
#else
#define PK_NEED_PSA_INIT 0
#endif

static const unsigned char pk_drbg_personalization[] = "provkit tls";

/* Fields of mbedtls_ssl_context read (never written) to say why a handshake
 * failed: the record that ended it. mbedTLS 3 keeps them private. */
#if MBEDTLS_VERSION_MAJOR >= 3
#define PK_SSL(ssl, field) ((ssl).MBEDTLS_PRIVATE(field))
#else
#define PK_SSL(ssl, field) ((ssl).field)
#endif

/* The server's hello named a version outside the configured range. */
#if defined(MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION)
#define PK_ERR_BAD_VERSION MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION /* 3.x */
#else
#define PK_ERR_BAD_VERSION MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION
#endif

#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
#define PK_HAVE_TLS13 1
#define PK_VERSIONS "TLS 1.2 and 1.3"
#else
#define PK_HAVE_TLS13 0
#define PK_VERSIONS "TLS 1.2"
#endif

/* mbedTLS 2.28 / 3.0-3.4 name a compiled-in curve MBEDTLS_ECP_DP_*_ENABLED;
 * 3.5+ (also with PSA-only ECC) MBEDTLS_ECP_HAVE_*. */
#if defined(MBEDTLS_ECP_DP_CURVE25519_ENABLED) || defined(MBEDTLS_ECP_HAVE_CURVE25519)
#define PK_X25519 1
#else
#define PK_X25519 0
#endif
#if defined(MBEDTLS_ECP_DP_SECP256R1_ENABLED) || defined(MBEDTLS_ECP_HAVE_SECP256R1)
#define PK_P256 1
#else
#define PK_P256 0
#endif
#if defined(MBEDTLS_ECP_DP_SECP384R1_ENABLED) || defined(MBEDTLS_ECP_HAVE_SECP384R1)
#define PK_P384 1
#else
#define PK_P384 0
#endif
#if defined(MBEDTLS_ECP_DP_SECP521R1_ENABLED) || defined(MBEDTLS_ECP_HAVE_SECP521R1)
#define PK_P521 1
#else
#define PK_P521 0
#endif
#if defined(MBEDTLS_ECP_DP_CURVE448_ENABLED) || defined(MBEDTLS_ECP_HAVE_CURVE448)
#define PK_X448 1
#else
#define PK_X448 0
#endif

#if !PROVKIT_TLS_LEGACY
/* The suites offered (see the header): forward secret and AEAD only. Ids the
 * library did not compile in are skipped by mbedTLS when it writes the
 * ClientHello, so the list needs no guards. mbedTLS keeps the pointer. */
static const int pk_ciphersuites[] = {
#if PK_HAVE_TLS13
    MBEDTLS_TLS1_3_AES_128_GCM_SHA256,
    MBEDTLS_TLS1_3_AES_256_GCM_SHA384,
    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256,
#endif
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    0
};

/* Curves of 256 bits or more, fastest first (x25519 and P-256 are the
 * usual choice of servers and the cheapest on small CPUs). Unlike suites,
 * mbedTLS 2.28 refuses a curve it did not compile in, hence the guards.
 * The list also bounds the curve of an ECDSA server certificate. */
#if MBEDTLS_VERSION_NUMBER >= 0x03010000
#define PK_GROUPS_API 1
static const uint16_t pk_groups[] = {
#if PK_X25519
    MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
#endif
#if PK_P256
    MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
#endif
#if PK_P384
    MBEDTLS_SSL_IANA_TLS_GROUP_SECP384R1,
#endif
#if PK_P521
    MBEDTLS_SSL_IANA_TLS_GROUP_SECP521R1,
#endif
#if PK_X448
    MBEDTLS_SSL_IANA_TLS_GROUP_X448,
#endif
    MBEDTLS_SSL_IANA_TLS_GROUP_NONE
};
#elif defined(MBEDTLS_ECP_C)
#define PK_GROUPS_API 0
static const mbedtls_ecp_group_id pk_curves[] = {
#if PK_X25519
    MBEDTLS_ECP_DP_CURVE25519,
#endif
#if PK_P256
    MBEDTLS_ECP_DP_SECP256R1,
#endif
#if PK_P384
    MBEDTLS_ECP_DP_SECP384R1,
#endif
#if PK_P521
    MBEDTLS_ECP_DP_SECP521R1,
#endif
#if PK_X448
    MBEDTLS_ECP_DP_CURVE448,
#endif
    MBEDTLS_ECP_DP_NONE
};
#endif
#endif /* !PROVKIT_TLS_LEGACY */

/*
 * TLS 1.2 with an RSA certificate, from a client that also offers TLS 1.3.
 * TLS 1.3 needs RSA-PSS signatures (rsa_pss_rsae_*), so mbedTLS 3.6 offers
 * them in the ClientHello; a TLS 1.2-only server with an RSA key may then
 * sign its ServerKeyExchange with RSA-PSS (OpenSSL does), which mbedTLS's
 * TLS 1.2 code does not verify: the handshake fails with
 * MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER (-0x6600). No one list serves both
 * servers, so the port retries once, on a fresh connection, as a TLS
 * 1.2-only client that offers no RSA-PSS: no request byte has gone out, so
 * the retry is safe. It costs that server one extra handshake per new
 * connection (keep-alive amortises it).
 */
#if PK_HAVE_TLS13 && defined(MBEDTLS_SSL_PROTO_TLS1_2) && \
    defined(MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED) && MBEDTLS_VERSION_NUMBER >= 0x03020000
#define PK_TLS12_RETRY 1
static const uint16_t pk_sig_algs_tls12[] = {
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP256R1_SHA256,
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP384R1_SHA384,
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP521R1_SHA512,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA256,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA384,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA512,
    MBEDTLS_TLS1_3_SIG_NONE
};

/* The handshake failed as above: TLS 1.2 was chosen with an ECDHE-RSA
 * suite and the server's key exchange was refused as ill-formed. */
static int needs_tls12_retry(const provkit_tls_t *c, int ret)
{
    /* the suite the server chose (the session is still being negotiated) */
    const mbedtls_ssl_session *n = PK_SSL(c->ssl, session_negotiate);
    int suite = n != NULL ? n->MBEDTLS_PRIVATE(ciphersuite) : 0;
    return ret == MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER && !c->tls12_only &&
           mbedtls_ssl_get_version_number(&c->ssl) == MBEDTLS_SSL_VERSION_TLS1_2 &&
           (suite == MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ||
            suite == MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ||
            suite == MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
}

/* The next handshake as a TLS 1.2-only client without RSA-PSS (on), or as
 * configured (off). Takes effect at the session reset that follows. */
static void tls12_only(provkit_tls_t *c, int on)
{
    mbedtls_ssl_conf_max_tls_version(&c->conf, on ? MBEDTLS_SSL_VERSION_TLS1_2
                                                  : MBEDTLS_SSL_VERSION_TLS1_3);
    mbedtls_ssl_conf_sig_algs(&c->conf, on ? pk_sig_algs_tls12 : c->sig_algs);
    c->tls12_only = (uint8_t)on;
}
#else
#define PK_TLS12_RETRY 0
#endif

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
    c->end_status = 0;
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

/* Called by mbedTLS for each certificate of the chain, the server's own
 * last (depth 0): keep what provkit_tls_describe says about it. */
static int verify_cb(void *p, mbedtls_x509_crt *crt, int depth,
                     uint32_t *flags)
{
    provkit_tls_t *c = p;

    if (depth == 0) {
        c->leaf_flags = *flags;
        c->leaf_valid_from = crt->valid_from;
        c->leaf_valid_to = crt->valid_to;
        c->leaf_self_signed =
            crt->issuer_raw.len == crt->subject_raw.len &&
            crt->issuer_raw.p != NULL && crt->subject_raw.p != NULL &&
            memcmp(crt->issuer_raw.p, crt->subject_raw.p,
                   crt->issuer_raw.len) == 0;
        c->leaf_seen = 1;
    }
    return 0; /* keep mbedTLS's verdict */
}

/* After a failed handshake, before the session is reset: the fatal alert
 * the server sent, if that is what ended it, and the TLS version the server
 * spoke (in its hello, or in the record that carried its alert). */
static void note_failure(provkit_tls_t *c, int ret)
{
    const mbedtls_ssl_context *ssl = &c->ssl;
    const unsigned char *hdr = PK_SSL(*ssl, in_hdr);
    const unsigned char *msg = PK_SSL(*ssl, in_msg);

    if (ret == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE &&
        PK_SSL(*ssl, in_msgtype) == MBEDTLS_SSL_MSG_ALERT &&
        PK_SSL(*ssl, in_msglen) >= 2u && msg != NULL) {
        c->alert = msg[1];
        c->alert_seen = 1;
    }
#if MBEDTLS_VERSION_MAJOR < 3
    if (ret == PK_ERR_BAD_VERSION &&
        ssl->major_ver == MBEDTLS_SSL_MAJOR_VERSION_3) {
        /* The hello's version, which mbedTLS refused. */
        c->peer_version = (uint16_t)(0x0300u | (unsigned)ssl->minor_ver);
        return;
    }
#endif
    if ((c->alert_seen || ret == PK_ERR_BAD_VERSION) && hdr != NULL) {
        c->peer_version = (uint16_t)((unsigned)hdr[1] << 8 | hdr[2]);
    }
}

/* Connect the inner transport and run one handshake, within what is left
 * of timeout_ms since start. *ret: mbedTLS's last result. */
static int handshake(provkit_tls_t *c, const char *host, uint16_t port, uint32_t timeout_ms,
                     uint32_t start, int *ret)
{
    uint32_t elapsed;
    int rc;

    /* what provkit_tls_describe says is of the last attempt */
    c->verify_flags = 0;
    c->last_error = 0;
    c->leaf_flags = 0;
    c->leaf_seen = 0;
    c->leaf_self_signed = 0;
    c->alert = 0;
    c->alert_seen = 0;
    c->peer_version = 0;
    *ret = 0;
    elapsed = c->now_ms() - start;
    rc = c->inner.connect(c->inner.ctx, host, port,
                          elapsed >= timeout_ms ? 0u : timeout_ms - elapsed);
    if (rc != PROVKIT_OK) {
        return rc;
    }
    c->open = 1;

    elapsed = c->now_ms() - start;
    op_begin(c, elapsed >= timeout_ms ? 0u : timeout_ms - elapsed);
    for (;;) {
        *ret = mbedtls_ssl_handshake(&c->ssl);
        if (*ret == 0) {
            return PROVKIT_OK;
        }
        if (!is_want(*ret)) {
            note_failure(c, *ret);
            rc = map_error(c, *ret);
            break;
        }
        if (op_left(c) == 0u) {
            c->last_error = *ret;
            rc = PROVKIT_ERR_TIMEOUT;
            break;
        }
    }
    /* Only a verification that ran and failed is worth reporting: with the
     * DANGEROUS option mbedTLS says SKIP_VERIFY, and before the certificate
     * arrives it says "no result" (all bits set). */
    if (!c->insecure) {
        uint32_t flags = mbedtls_ssl_get_verify_result(&c->ssl);
        c->verify_flags = flags == UINT32_MAX ? 0u : flags;
    }
    return rc;
}

/* Which server a session is for: FNV-1a of the name and the port. */
static uint32_t session_key(const char *name, uint16_t port)
{
    uint32_t h = 2166136261u ^ port;
    for (; *name != '\0'; name++) {
        h = (h ^ (uint8_t)*name) * 16777619u;
    }
    return h;
}

/* Keep the session just negotiated (TLS 1.2) for the next connect. */
static int save_session(provkit_tls_t *c)
{
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    if (mbedtls_ssl_get_version_number(&c->ssl) != MBEDTLS_SSL_VERSION_TLS1_2) {
        return 0;
    }
#endif
    mbedtls_ssl_session_free(&c->session);
    mbedtls_ssl_session_init(&c->session);
    c->have_session = mbedtls_ssl_get_session(&c->ssl, &c->session) == 0;
    return c->have_session;
}

static int tls_connect(void *ctx, const char *host, uint16_t port,
                       uint32_t timeout_ms)
{
    provkit_tls_t *c = ctx;
    uint32_t start;
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

    uint32_t key = session_key(c->server_name, port);
    if (c->resume && c->have_session && c->session_key == key) {
        /* a failure here only means a full handshake */
        (void)mbedtls_ssl_set_session(&c->ssl, &c->session);
    }
    for (;;) {
        rc = handshake(c, host, port, timeout_ms, start, &ret);
#if PK_TLS12_RETRY
        if (rc == PROVKIT_ERR_TLS && needs_tls12_retry(c, ret)) {
            tls12_only(c, 1);
            tls_close(c); /* the session reset takes the TLS 1.2 settings */
            continue;
        }
        if (c->tls12_only) {
            /* back to TLS 1.2 and 1.3 from the next connection on */
            tls12_only(c, 0);
        }
#endif
        break;
    }
    if (rc != PROVKIT_OK) {
        tls_close(c);
        return rc;
    }
    c->connected = 1;
    if (c->resume && save_session(c)) {
        c->session_key = key;
    }
    return PROVKIT_OK;
}

int provkit_tls_copy_session(provkit_tls_t *dst, const provkit_tls_t *src)
{
    unsigned char buf[2048];
    size_t len = 0;
    if (dst == NULL || src == NULL) {
        return PROVKIT_ERR_ARG;
    }
    if (!src->have_session) {
        return PROVKIT_ERR_NOT_FOUND;
    }
    int rc = PROVKIT_ERR_TLS;
    mbedtls_ssl_session_free(&dst->session);
    mbedtls_ssl_session_init(&dst->session);
    dst->have_session = 0;
    if (mbedtls_ssl_session_save(&src->session, buf, sizeof buf, &len) == 0 &&
        mbedtls_ssl_session_load(&dst->session, buf, len) == 0) {
        dst->have_session = 1;
        dst->session_key = src->session_key;
        rc = PROVKIT_OK;
    }
    mbedtls_platform_zeroize(buf, sizeof buf); /* a session holds its master secret */
    return rc;
}

void provkit_tls_set_resume(provkit_tls_t *ctx, int on)
{
    if (ctx != NULL) {
        ctx->resume = on != 0;
    }
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
    if (c->end_status != 0) {
        /* After the end the TCP stream may lag behind; a poll must not
         * turn "closed" back into "nothing yet", nor one end into another. */
        return c->end_status;
    }
    op_begin(c, timeout_ms);
    for (;;) {
        int ret = mbedtls_ssl_read(&c->ssl, buf, len);
        int rc;

        if (ret > 0) {
            return (int32_t)ret;
        }
        if (ret == 0 || ret == MBEDTLS_ERR_SSL_CONN_EOF ||
            ret == MBEDTLS_ERR_NET_CONN_RESET) {
            /* The stream ended (or was reset) without close_notify: what
             * came before may be cut short, by the server or by anyone on
             * the path. mbedTLS turns CONN_EOF into 0 here. */
            c->inner_error = 0;
            c->last_error = MBEDTLS_ERR_SSL_CONN_EOF;
            c->end_status = PROVKIT_ERR_TRUNCATED;
            return PROVKIT_ERR_TRUNCATED;
        }
        if (!is_want(ret)) {
            rc = map_error(c, ret);
            if (rc == PROVKIT_ERR_CLOSED) {
                c->end_status = PROVKIT_ERR_CLOSED; /* close_notify */
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
    mbedtls_ssl_session_init(&ctx->session);
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
#if PK_TLS12_RETRY
    ctx->sig_algs = ctx->conf.MBEDTLS_PRIVATE(sig_algs); /* mbedTLS's defaults */
#endif
    mbedtls_ssl_conf_authmode(&ctx->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_rng(&ctx->conf, mbedtls_ctr_drbg_random, &ctx->drbg);
#if MBEDTLS_VERSION_NUMBER >= 0x03020000
    mbedtls_ssl_conf_min_tls_version(&ctx->conf, MBEDTLS_SSL_VERSION_TLS1_2);
#else
    mbedtls_ssl_conf_min_version(&ctx->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
#endif
#if !PROVKIT_TLS_LEGACY
    mbedtls_ssl_conf_ciphersuites(&ctx->conf, pk_ciphersuites);
#if PK_GROUPS_API
    mbedtls_ssl_conf_groups(&ctx->conf, pk_groups);
#elif defined(MBEDTLS_ECP_C)
    mbedtls_ssl_conf_curves(&ctx->conf, pk_curves);
#endif
#endif
    mbedtls_ssl_conf_verify(&ctx->conf, verify_cb, ctx);
#if defined(MBEDTLS_SSL_MAX_FRAGMENT_LENGTH) && defined(MBEDTLS_SSL_IN_CONTENT_LEN) && \
    MBEDTLS_SSL_IN_CONTENT_LEN < 16384
    /* Records smaller than TLS's 16 KiB (a firmware configuration): ask the
     * server for fragments that fit (TLS 1.2's maximum fragment length). */
    (void)mbedtls_ssl_conf_max_frag_len(&ctx->conf,
                                        MBEDTLS_SSL_IN_CONTENT_LEN >= 4096 ? MBEDTLS_SSL_MAX_FRAG_LEN_4096
                                        : MBEDTLS_SSL_IN_CONTENT_LEN >= 2048 ? MBEDTLS_SSL_MAX_FRAG_LEN_2048
                                        : MBEDTLS_SSL_IN_CONTENT_LEN >= 1024 ? MBEDTLS_SSL_MAX_FRAG_LEN_1024
                                                                             : MBEDTLS_SSL_MAX_FRAG_LEN_512);
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
#if defined(MBEDTLS_FS_IO)
    return ca_result(ctx, mbedtls_x509_crt_parse_file(&ctx->ca, path));
#else
    return PROVKIT_ERR_UNSUPPORTED; /* no file system: provkit_tls_ca_pem */
#endif
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

/* ---- provkit_tls_describe: why the last handshake failed, in words ---- */

/* A bounded line: appends stop at cap - 1, the text stays NUL-terminated. */
struct line {
    char *buf;
    size_t cap;
    size_t len;
};

static void put(struct line *l, const char *s)
{
    while (*s != '\0' && l->len + 1u < l->cap) {
        l->buf[l->len++] = *s++;
    }
    l->buf[l->len] = '\0';
}

static void put_num(struct line *l, unsigned long v, unsigned base,
                    unsigned min_digits)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[24];
    size_t n = 0;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v != 0u && n < sizeof tmp - 1u);
    while (n < min_digits && n < sizeof tmp - 1u) {
        tmp[n++] = '0';
    }
    {
        char out[24];
        size_t i;
        for (i = 0; i < n; i++) {
            out[i] = tmp[n - 1u - i];
        }
        out[n] = '\0';
        put(l, out);
    }
}

/* mbedTLS codes are negative; written as mbedTLS's tools do: -0x2700. */
static void put_mbedtls_code(struct line *l, int code)
{
    put(l, code < 0 ? "mbedTLS error -0x" : "mbedTLS error 0x");
    put_num(l, code < 0 ? (unsigned long)-(long)code : (unsigned long)code,
            16u, 4u);
}

static void put_time(struct line *l, const mbedtls_x509_time *t)
{
    put_num(l, (unsigned long)(t->year > 0 ? t->year : 0), 10u, 4u);
    put(l, "-");
    put_num(l, (unsigned long)(t->mon > 0 ? t->mon : 0), 10u, 2u);
    put(l, "-");
    put_num(l, (unsigned long)(t->day > 0 ? t->day : 0), 10u, 2u);
    put(l, " ");
    put_num(l, (unsigned long)(t->hour > 0 ? t->hour : 0), 10u, 2u);
    put(l, ":");
    put_num(l, (unsigned long)(t->min > 0 ? t->min : 0), 10u, 2u);
    put(l, " UTC");
}

/* TLS 1.0 is 0x0301: "TLS 1.0"; SSL 3.0 0x0300. */
static void put_version(struct line *l, uint16_t v)
{
    if (v == 0x0300u) {
        put(l, "SSL 3.0");
        return;
    }
    put(l, "TLS 1.");
    put_num(l, (unsigned long)((v & 0xffu) - 1u), 10u, 1u);
}

/* Every MBEDTLS_X509_BADCERT_* / BADCRL_* flag, in words. */
static const struct {
    uint32_t flag;
    const char *words;
} pk_badcert[] = {
    { MBEDTLS_X509_BADCERT_NOT_TRUSTED, "not signed by a trusted CA" },
    { MBEDTLS_X509_BADCERT_EXPIRED, "expired" },
    { MBEDTLS_X509_BADCERT_FUTURE, "not yet valid" },
    { MBEDTLS_X509_BADCERT_CN_MISMATCH, "issued for another host name" },
    { MBEDTLS_X509_BADCERT_REVOKED, "revoked" },
    { MBEDTLS_X509_BADCERT_MISSING, "missing (the server sent none)" },
    { MBEDTLS_X509_BADCERT_KEY_USAGE, "not for this use (key usage)" },
    { MBEDTLS_X509_BADCERT_EXT_KEY_USAGE,
      "not for TLS servers (extended key usage)" },
    { MBEDTLS_X509_BADCERT_NS_CERT_TYPE, "not for this use (Netscape type)" },
    { MBEDTLS_X509_BADCERT_BAD_MD, "signed with a refused hash" },
    { MBEDTLS_X509_BADCERT_BAD_PK, "signed with a refused key type" },
    { MBEDTLS_X509_BADCERT_BAD_KEY,
      "has a refused key (curve or RSA size)" },
    { MBEDTLS_X509_BADCERT_SKIP_VERIFY, "not verified" },
    { MBEDTLS_X509_BADCERT_OTHER, "refused (other reason)" },
    { MBEDTLS_X509_BADCRL_NOT_TRUSTED, "CRL not signed by a trusted CA" },
    { MBEDTLS_X509_BADCRL_EXPIRED, "CRL expired" },
    { MBEDTLS_X509_BADCRL_FUTURE, "CRL not yet valid" },
    { MBEDTLS_X509_BADCRL_BAD_MD, "CRL signed with a refused hash" },
    { MBEDTLS_X509_BADCRL_BAD_PK, "CRL signed with a refused key type" },
    { MBEDTLS_X509_BADCRL_BAD_KEY, "CRL signed with a refused key" },
};

/* Alerts a server ends a handshake with (RFC 8446 6.2, RFC 5246 7.2). */
static const struct {
    uint8_t code;
    const char *name;
} pk_alerts[] = {
    { 10, "unexpected_message" }, { 20, "bad_record_mac" },
    { 22, "record_overflow" }, { 40, "handshake_failure" },
    { 42, "bad_certificate" }, { 43, "unsupported_certificate" },
    { 44, "certificate_revoked" }, { 45, "certificate_expired" },
    { 46, "certificate_unknown" }, { 47, "illegal_parameter" },
    { 48, "unknown_ca" }, { 49, "access_denied" }, { 50, "decode_error" },
    { 51, "decrypt_error" }, { 70, "protocol_version" },
    { 71, "insufficient_security" }, { 80, "internal_error" },
    { 86, "inappropriate_fallback" }, { 90, "user_canceled" },
    { 109, "missing_extension" }, { 110, "unsupported_extension" },
    { 112, "unrecognized_name" }, { 116, "certificate_required" },
    { 120, "no_application_protocol" },
};

static void put_alert(struct line *l, uint8_t code)
{
    size_t i;

    for (i = 0; i < sizeof pk_alerts / sizeof pk_alerts[0]; i++) {
        if (pk_alerts[i].code == code) {
            put(l, pk_alerts[i].name);
            put(l, " ");
            break;
        }
    }
    put(l, "(");
    put_num(l, code, 10u, 1u);
    put(l, ")");
}

static void describe_verify(struct line *l, const provkit_tls_t *c)
{
    uint32_t flags = c->verify_flags;
    uint32_t known = 0;
    const char *sep = "";
    size_t i;

    if (flags == 0u) {
        put(l, c->last_error == MBEDTLS_ERR_SSL_CA_CHAIN_REQUIRED
                   ? "no CA certificate to verify the server against"
                   : "the server's certificate did not verify");
        return;
    }
    put(l, "the server's certificate did not verify: ");
    for (i = 0; i < sizeof pk_badcert / sizeof pk_badcert[0]; i++) {
        uint32_t f = pk_badcert[i].flag;
        if ((flags & f) == 0u) {
            continue;
        }
        known |= f;
        put(l, sep);
        put(l, pk_badcert[i].words);
        sep = ", ";
        if (f == MBEDTLS_X509_BADCERT_NOT_TRUSTED && c->leaf_seen &&
            c->leaf_self_signed) {
            put(l, " (it is self-signed)");
        } else if (f == MBEDTLS_X509_BADCERT_EXPIRED && c->leaf_seen &&
                   (c->leaf_flags & f) != 0u) {
            put(l, " (valid until ");
            put_time(l, &c->leaf_valid_to);
            put(l, ")");
        } else if (f == MBEDTLS_X509_BADCERT_FUTURE && c->leaf_seen &&
                   (c->leaf_flags & f) != 0u) {
            put(l, " (valid from ");
            put_time(l, &c->leaf_valid_from);
            put(l, ")");
        } else if (f == MBEDTLS_X509_BADCERT_CN_MISMATCH) {
            put(l, " (not ");
            put(l, c->server_name);
            put(l, ")");
        }
    }
    if ((flags & ~known) != 0u) {
        put(l, sep);
        put(l, "other flags 0x");
        put_num(l, (unsigned long)(flags & ~known), 16u, 1u);
    }
    put(l, " (flags 0x");
    put_num(l, (unsigned long)flags, 16u, 1u);
    put(l, ")");
}

static void describe_tls(struct line *l, const provkit_tls_t *c)
{
    int err = c->last_error;
    uint16_t v = c->peer_version;
    int old = v >= 0x0300u && v < 0x0303u;
    int refused_hello = err == PK_ERR_BAD_VERSION;
    /* handshake_failure / insufficient_security come after the server chose
     * its version, so their record's version is the server's choice; a
     * protocol_version alert may be sent before (Go writes it as TLS 1.0). */
    int no_suite = c->alert_seen && (c->alert == 40u || c->alert == 71u);
    int no_version = c->alert_seen && c->alert == 70u;

    if ((no_suite && old) || refused_hello || no_version) {
        put(l, "the server speaks no TLS version this build offers ("
               PK_VERSIONS ")");
        if ((refused_hello || no_suite) && old) {
            put(l, ": it offers only ");
            put_version(l, v);
            put(l, " (TLS 1.0/1.1 are refused)");
        } else if (no_version) {
            put(l, PK_HAVE_TLS13 ? ": it may speak only TLS 1.0/1.1"
                   : old ? ": it may require TLS 1.3, or speak only TLS 1.0/1.1"
                         : ": it may require TLS 1.3");
            if (old) {
                /* a hint, not proof: some servers write every alert as 1.0 */
                put(l, " (its alert came in a ");
                put_version(l, v);
                put(l, " record)");
            }
        }
        if (c->alert_seen) {
            put(l, "; it sent the alert ");
            put_alert(l, c->alert);
        }
        return;
    }
    if (no_suite) {
        put(l, "the server accepts none of the cipher suites or curves this "
               "build offers (");
#if PROVKIT_TLS_LEGACY
        put(l, "mbedTLS's defaults");
#else
        put(l, "ECDHE with AES-GCM or ChaCha20-Poly1305, curves of 256 bits "
               "or more; PROVKIT_TLS_LEGACY widens this");
#endif
        put(l, "); it sent the alert ");
        put_alert(l, c->alert);
        return;
    }
    if (c->alert_seen) {
        put(l, "the server refused the TLS handshake with the alert ");
        put_alert(l, c->alert);
        return;
    }
    put(l, "the TLS handshake failed");
#if defined(MBEDTLS_ERROR_C)
    if (err != 0) {
        char text[96];
        mbedtls_strerror(err, text, sizeof text);
        put(l, ": ");
        put(l, text);
    }
#endif
}

size_t provkit_tls_describe(const provkit_tls_t *ctx, int status, char *buf,
                            size_t cap)
{
    struct line l;

    if (buf == NULL || cap == 0u) {
        return 0;
    }
    l.buf = buf;
    l.cap = cap;
    l.len = 0;
    buf[0] = '\0';
    if (ctx == NULL) {
        put(&l, "no TLS context");
        return l.len;
    }
    switch (status) {
    case PROVKIT_OK:
        put(&l, "the TLS handshake succeeded");
        return l.len;
    case PROVKIT_ERR_TLS_VERIFY:
        describe_verify(&l, ctx);
        break;
    case PROVKIT_ERR_TLS:
        describe_tls(&l, ctx);
        break;
    case PROVKIT_ERR_TIMEOUT:
        put(&l, "the TLS handshake did not finish in time");
        break;
    case PROVKIT_ERR_CLOSED:
        put(&l, "the server closed the connection during the TLS handshake");
        break;
    case PROVKIT_ERR_ARG:
        put(&l, !ctx->insecure && ctx->ca_count == 0u
                    ? "no CA certificate loaded to verify the server against"
                    : "bad TLS argument (host name empty or too long, or "
                      "an unreadable CA)");
        break;
    default: /* the inner transport's own failure */
        put(&l, "the connection failed under TLS: ");
        put(&l, provkit_strerror(status));
        break;
    }
    if (ctx->last_error != 0) {
        put(&l, " (");
        put_mbedtls_code(&l, ctx->last_error);
        put(&l, ")");
    }
    return l.len;
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
    mbedtls_ssl_session_free(&ctx->session);
    ctx->have_session = 0;
    mbedtls_ctr_drbg_free(&ctx->drbg);
    mbedtls_entropy_free(&ctx->entropy);
    ctx->ready = 0;
    ctx->ca_count = 0;
}
