/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit_mbedtls.h - the TLS port: a provkit transport that runs TLS over
 * ANY other provkit transport, with mbedTLS.
 *
 * The inner transport (the POSIX socket, lwIP, a modem UART...) is reached
 * through mbedTLS's bio callbacks, so this file knows nothing of sockets.
 * The result is again a provkit_transport_t with the same contract
 * (provkit/transport.h), which the client uses unchanged.
 *
 * Secure by default: the server certificate must chain to a CA you give
 * (provkit_tls_ca_file / provkit_tls_ca_pem), its name must match the host
 * (or the name set with provkit_tls_set_server_name), SNI carries that name,
 * and TLS 1.2 is the oldest version accepted. The only way to turn
 * verification off is provkit_tls_set_insecure_skip_verify_DANGEROUS().
 *
 * Only modern cryptography by default (PROVKIT_TLS_LEGACY 0). The client
 * offers, of what the mbedTLS build has compiled in:
 *   - TLS 1.3 (mbedTLS 3.x with MBEDTLS_SSL_PROTO_TLS1_3):
 *     TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
 *     TLS_CHACHA20_POLY1305_SHA256;
 *   - TLS 1.2: ECDHE-ECDSA then ECDHE-RSA, each with AES-128-GCM-SHA256,
 *     AES-256-GCM-SHA384 and CHACHA20-POLY1305-SHA256: forward secret key
 *     exchange and AEAD records only (no static RSA or ECDH, no CBC, no
 *     finite-field DHE);
 *   - curves x25519, secp256r1, secp384r1, secp521r1, x448, in that order
 *     (256 bits or more; also the curves an ECDSA certificate may use).
 * Measured (a ClientHello of Debian's mbedTLS 2.28.3, which has no TLS 1.3):
 * suites 0xc02b 0xc02c 0xcca9 0xc02f 0xc030 0xcca8 plus the renegotiation
 * SCSV 0x00ff; supported_groups 0x1d 0x17 0x18 0x19 0x1e.
 * A server that has none of these fails the handshake with PROVKIT_ERR_TLS
 * and provkit_tls_describe says so. Build with -DPROVKIT_TLS_LEGACY=1
 * (Kconfig CONFIG_PROVKIT_TLS_LEGACY) to keep mbedTLS's default suite and
 * curve lists instead, for old servers (CBC, static RSA, smaller curves);
 * TLS 1.2 stays the minimum either way.
 *
 * Usage:
 *     static provkit_posix_tcp_t tcp;
 *     static provkit_tls_t tls;
 *     provkit_transport_t plain, t;
 *     provkit_posix_tcp_init(&tcp, &plain);
 *     provkit_tls_init(&tls, &plain, provkit_posix_now_ms, &t);
 *     provkit_tls_ca_file(&tls, "/etc/provkit/ca.pem");
 *     rc = t.connect(t.ctx, "api.example.com", 443, 10000);
 *     ... t.send / t.recv ...
 *     t.close(t.ctx);        (may connect again on the same context)
 *     provkit_tls_free(&tls);
 *
 * The vtable functions, beyond the contract:
 * connect(ctx, host, port, timeout_ms)
 *     Connects the inner transport, then runs the handshake within what is
 *     left of timeout_ms (the clock given to provkit_tls_init measures it).
 *     Returns PROVKIT_OK; the inner transport's connect error; PROVKIT_ERR_ARG
 *     when verification is on and no CA was loaded, or host is NULL, empty
 *     or longer than PROVKIT_TLS_SERVER_NAME_MAX; PROVKIT_ERR_TLS_VERIFY when
 *     the certificate or its name did not verify (see
 *     provkit_tls_verify_flags); PROVKIT_ERR_TIMEOUT when the handshake did
 *     not finish in time; PROVKIT_ERR_CLOSED if the server hung up during
 *     the handshake; PROVKIT_ERR_TLS for any other handshake failure,
 *     including a server that offers only TLS 1.1 or older, only TLS 1.3
 *     (when the library has no TLS 1.3), or none of the suites and curves
 *     offered (the mbedTLS code is kept, see provkit_tls_last_error, and
 *     provkit_tls_describe says which). On failure the inner transport
 *     is closed again.
 * send(ctx, buf, len, timeout_ms)
 *     Encrypts at most one record (up to 16 KiB of buf) and returns its
 *     plaintext length once the record is fully handed to the inner
 *     transport. 0 means the record is not out yet: call send again
 *     starting at the same bytes (the record was built from them and is
 *     finished first), offering at least as many as the record holds; the
 *     same buf and len always do, a shorter offer is PROVKIT_ERR_ARG.
 *     PROVKIT_ERR_CLOSED if the peer closed,
 *     the inner transport's error if it failed, PROVKIT_ERR_TLS otherwise.
 * recv(ctx, buf, len, timeout_ms)
 *     Returns decrypted bytes; 0 if no complete record arrived in time
 *     (timeout_ms 0 is a non-blocking poll: an idle live connection answers
 *     0, a connection the server closed answers one of the two ends below,
 *     which is how the client detects a stale kept connection);
 *     PROVKIT_ERR_CLOSED only after the server's close_notify, the one end
 *     that proves nothing was cut; PROVKIT_ERR_TRUNCATED when the stream
 *     ended (TCP end of stream or reset: the inner transport's
 *     PROVKIT_ERR_CLOSED) without close_notify, so the bytes before it may
 *     be cut short by anyone on the path and a body delimited by the close
 *     must not be taken as complete; either end is answered again on every
 *     recv after it until the next connect; PROVKIT_ERR_TLS for a bad
 *     record. Before connect, both send and recv answer
 *     PROVKIT_ERR_CLOSED.
 * close(ctx)
 *     Sends close_notify if it can go out without waiting, closes the inner
 *     transport and resets the TLS session, so the same context can connect
 *     again (keep-alive reconnects). Safe to call twice.
 *
 * Memory. mbedTLS allocates with calloc/free by default. Measured with
 * valgrind massif on x86-64, Debian's mbedTLS 2.28.3, one client handshake
 * to a P-256 ECDSA server (TLS 1.2 ECDHE-ECDSA, one CA): peak heap
 * 45,600 bytes (PROVKIT_TLS_HEAP_HINT), of which 2 x 16,717 are the record
 * buffers that mbedtls_ssl_setup() allocates in provkit_tls_init; about
 * 44 KB stays allocated while connected. MBEDTLS_SSL_IN_CONTENT_LEN /
 * MBEDTLS_SSL_OUT_CONTENT_LEN shrink the record buffers if your servers
 * allow it (max_fragment_length). To run with no system heap at all, build
 * mbedTLS with MBEDTLS_PLATFORM_MEMORY and MBEDTLS_MEMORY_BUFFER_ALLOC_C and
 * give it a static arena before provkit_tls_init (the allocator adds a
 * header to each of a few hundred blocks, hence the headroom):
 *     static unsigned char arena[PROVKIT_TLS_HEAP_HINT + 8192];
 *     mbedtls_memory_buffer_alloc_init(arena, sizeof arena);
 * provkit itself then allocates nothing; mbedTLS takes all it needs from
 * the arena. Debian's libmbedtls is built without MEMORY_BUFFER_ALLOC_C,
 * so this configuration is documented here but not exercised by the tests.
 *
 * Threads: a context is used by one thread at a time. With mbedTLS's
 * MBEDTLS_THREADING_C (Debian enables it), separate contexts in separate
 * threads are fine.
 */
#ifndef PROVKIT_MBEDTLS_H
#define PROVKIT_MBEDTLS_H

#include <stddef.h>
#include <stdint.h>

#include "mbedtls/version.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

#include "provkit/config.h"
#include "provkit/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* PROVKIT_TLS_LEGACY and PROVKIT_TLS_SERVER_NAME_MAX: see provkit/config.h. */

/** Measured peak heap, in bytes, of one client handshake (ECDHE-ECDSA P-256,
 * TLS 1.2, one CA) with Debian's mbedTLS 2.28 default configuration,
 * including the parsed CA certificate (see "Memory" above). A sizing hint
 * for a static arena, not a guarantee: RSA servers (larger keys and
 * certificates), longer chains or other configurations differ. */
#define PROVKIT_TLS_HEAP_HINT 45600u

/** One TLS connection over one inner transport. Caller-owned, statically
 * allocatable. sizeof is 40,528 bytes on x86-64 with Debian's mbedTLS
 * 2.28.3, of which 37,960 is mbedtls_entropy_context: Debian enables
 * MBEDTLS_HAVEGE_C, whose state lives inside it. An mbedTLS built without
 * HAVEGE (the usual firmware configuration) saves its 36,880 bytes,
 * leaving about 3.6 KB.
 * Its heap use is documented above.
 * The fields are the implementation's: read them only through the
 * functions below. */
typedef struct provkit_tls {
    /** @cond PRIVATE */
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_entropy_context entropy;
    mbedtls_x509_crt ca;
    provkit_transport_t inner;
    provkit_clock_fn now_ms;
    /** Deadline of the operation in progress, read by the bio callbacks. */
    uint32_t op_start;
    uint32_t op_timeout;
    /** A provkit error from the inner transport, to return it unchanged
     * instead of mbedTLS's generic I/O error. */
    int inner_error;
    int last_error;         /**< last mbedTLS error code, 0 if none */
    int end_status;         /**< 0, or how the stream ended: recv repeats it */
    uint32_t verify_flags;  /**< MBEDTLS_X509_BADCERT_* of the last handshake */
    /** What the last failed handshake showed, for provkit_tls_describe: the
     * server certificate's own flags and validity, the fatal alert the
     * server sent and the TLS version it spoke (0x0301 = TLS 1.0). */
    uint32_t leaf_flags;
    mbedtls_x509_time leaf_valid_from;
    mbedtls_x509_time leaf_valid_to;
    uint16_t peer_version;
    uint8_t leaf_seen;
    uint8_t leaf_self_signed;
    uint8_t alert;
    uint8_t alert_seen;
    size_t pending_write;   /**< plaintext length of a record not yet out */
    unsigned ca_count;      /**< certificates loaded into ca */
    uint8_t insecure;       /**< verification off, by the DANGEROUS call */
    uint8_t name_set;       /**< server_name was set explicitly */
    uint8_t connected;      /**< handshake done, close_notify owed */
    uint8_t open;           /**< inner transport connected */
    uint8_t ready;          /**< init succeeded; free releases state */
    uint8_t tls12_only;     /**< this handshake retries as TLS 1.2 without RSA-PSS */
    const uint16_t *sig_algs; /**< mbedTLS 3: the configuration's own signature algorithms */
    char server_name[PROVKIT_TLS_SERVER_NAME_MAX + 1];
    mbedtls_ssl_session session; /**< the last session, for resumption */
    uint32_t session_key;   /**< the host and port it is for */
    uint8_t resume;         /**< provkit_tls_set_resume */
    uint8_t have_session;   /**< session holds one */
    /** @endcond */
} provkit_tls_t;

/**
 * Set up ctx to run TLS over inner, and point out at its functions.
 *   ctx    context; must stay valid, at the same address, until
 *          provkit_tls_free. Calling init again without free leaks.
 *   inner  the byte transport to wrap; copied (the vtable is small), but
 *          inner->ctx must outlive ctx. Its connect/close are driven by ctx.
 *   now_ms monotonic clock measuring the handshake's and each call's time
 *          (e.g. provkit_posix_now_ms); required.
 *   out    filled with the vtable, out->ctx = ctx.
 * Verification is on and requires a CA (load one before connecting).
 * Returns PROVKIT_OK; PROVKIT_ERR_ARG for a NULL argument or an inner
 * transport with a NULL function; PROVKIT_ERR_TLS if mbedTLS could not be
 * set up (no entropy source, no memory: see provkit_tls_last_error). On
 * failure ctx holds nothing to free, but provkit_tls_free is still safe.
 */
int provkit_tls_init(provkit_tls_t *ctx, const provkit_transport_t *inner,
                     provkit_clock_fn now_ms, provkit_transport_t *out);

/**
 * Add the CA certificate(s) of a PEM or DER file to the trusted chain.
 * May be called more than once; certificates accumulate. path is only read
 * during the call. A bundle in which mbedTLS cannot parse some certificates
 * is accepted if at least one parsed (as curl does with system bundles).
 * Returns PROVKIT_OK; PROVKIT_ERR_ARG for NULL arguments, an unreadable file
 * or no usable certificate (mbedTLS code in provkit_tls_last_error).
 */
int provkit_tls_ca_file(provkit_tls_t *ctx, const char *path);

/**
 * Same, from memory. PEM must be NUL-terminated with the NUL counted in len
 * (mbedTLS parses PEM as a C string; e.g. pass sizeof of a string literal,
 * or strlen + 1); DER is taken as is. buf is only read during the call (the
 * certificates are copied). Returns as provkit_tls_ca_file; a PEM buffer
 * whose last byte is not NUL is PROVKIT_ERR_ARG.
 */
int provkit_tls_ca_pem(provkit_tls_t *ctx, const uint8_t *buf, size_t len);

/**
 * The name to send as SNI and to verify the certificate against, instead of
 * the host given to connect. Needed when connecting by IP address (mbedTLS
 * 2.x checks only DNS names, SAN dNSName or CN, so an IP literal as the
 * name fails verification even if the certificate has an iPAddress SAN),
 * and through a proxy or a transport whose "host" is not the server's name. name is copied; NULL
 * goes back to using the connect host. Takes effect at the next connect.
 * Returns PROVKIT_OK, or PROVKIT_ERR_ARG for NULL ctx, an empty name or one
 * longer than PROVKIT_TLS_SERVER_NAME_MAX.
 */
int provkit_tls_set_server_name(provkit_tls_t *ctx, const char *name);

/**
 * Resume the last TLS session on a reconnect to the same host and port
 * (on: non-zero): an abbreviated handshake, no certificate chain or key
 * exchange, when the server still holds the session (its session cache or
 * a ticket). Off by default. The session is kept in ctx (a copy of the
 * peer's certificate with MBEDTLS_SSL_KEEP_PEER_CERTIFICATE, on mbedTLS's
 * heap) until free. TLS 1.2 sessions; a TLS 1.3 connection is not resumed
 * (its tickets come after the handshake). ctx NULL is ignored.
 */
void provkit_tls_set_resume(provkit_tls_t *ctx, int on);

/**
 * Give dst the session src keeps for resumption (src's last TLS 1.2
 * handshake with resumption on), so that dst's next connect to the same
 * host and port resumes it too: N connections to one server then cost one
 * full handshake, not N. Returns PROVKIT_OK; PROVKIT_ERR_NOT_FOUND when src
 * keeps none; PROVKIT_ERR_TLS when mbedTLS cannot copy it (the session is
 * serialised through 2 KiB of stack); PROVKIT_ERR_ARG for NULL.
 */
int provkit_tls_copy_session(provkit_tls_t *dst, const provkit_tls_t *src);

/**
 * DANGEROUS: accept ANY certificate for ANY name from the next connect on.
 * Anyone on the path can then read and change the traffic, including the
 * credentials provkit sends. Only for a lab server with a throw-away
 * certificate. There is no way to switch it back on a context: free it and
 * init a new one. ctx NULL is ignored.
 */
void provkit_tls_set_insecure_skip_verify_DANGEROUS(provkit_tls_t *ctx);

/**
 * Why the last handshake's verification failed: MBEDTLS_X509_BADCERT_*
 * flags (e.g. NOT_TRUSTED, CN_MISMATCH, EXPIRED); 0 if it passed or no
 * handshake ran. mbedtls_x509_crt_verify_info() turns them into text.
 */
uint32_t provkit_tls_verify_flags(const provkit_tls_t *ctx);

/**
 * Why the last connect of ctx failed, as one English line for a person (a
 * log, the CLI's "message"): status is what connect returned. Names the
 * cause mbedTLS saw, e.g.
 *   "the server speaks no TLS version this build offers (TLS 1.2): it may
 *    require TLS 1.3; it sent the alert protocol_version (70)
 *    (mbedTLS error -0x7780)"
 *   "the server speaks no TLS version this build offers (TLS 1.2): it
 *    offers only TLS 1.1 (TLS 1.0/1.1 are refused); ..."
 *   "the server accepts none of the cipher suites or curves this build
 *    offers (...); it sent the alert handshake_failure (40) ..."
 *   "the server's certificate did not verify: not signed by a trusted CA
 *    (it is self-signed) (flags 0x8) (mbedTLS error -0x2700)"
 * with every MBEDTLS_X509_BADCERT_* flag in words ("expired (valid until
 * 2020-01-02 00:00 UTC)", "not yet valid", "issued for another host name
 * (not NAME)", ...), and the mbedTLS error code in hex when there is one.
 * It holds nothing secret (no key, no traffic). Writes at most cap bytes
 * including the NUL (a longer line is cut to cap - 1 characters); 300
 * bytes hold every line but those with many flags or a long host name.
 * Returns the length written (0 when buf is NULL or cap is 0). Valid until
 * the next connect on ctx; close does not clear it.
 */
size_t provkit_tls_describe(const provkit_tls_t *ctx, int status, char *buf,
                            size_t cap);

/**
 * The last mbedTLS error code (negative) behind a PROVKIT_ERR_TLS,
 * _TLS_VERIFY or _ARG from this context; 0 if none. For diagnostics
 * (mbedtls_strerror() if the library has MBEDTLS_ERROR_C).
 */
int provkit_tls_last_error(const provkit_tls_t *ctx);

/**
 * Close (as the vtable's close) and release all mbedTLS state and heap of
 * ctx. ctx may then be initialised again. Safe on a context whose init
 * failed, and twice. Does not free inner's context (it is the caller's).
 */
void provkit_tls_free(provkit_tls_t *ctx);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_MBEDTLS_H */
