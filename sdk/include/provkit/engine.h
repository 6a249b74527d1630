/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/engine.h - one HTTP exchange as a sans-I/O state machine: the
 * engine decides, the caller moves the bytes.
 *
 * The engine never calls a socket, a TLS library or a clock. The caller
 * asks it what it wants (provkit_engine_state()), does that with whatever
 * I/O it has (blocking calls, a poll() loop, lwIP's raw callbacks, a modem
 * driven by interrupts) and reports back. So one thread can drive any
 * number of exchanges at once, one engine per connection, and the
 * blocking client (provkit/client.h) is a thin loop over one engine.
 *
 * The engine owns the whole policy of an exchange, the same for every
 * caller:
 *   - everything that can fail before a byte leaves is checked first: the
 *     URL, the head, and the body (a counting pass gives Content-Length);
 *   - a kept connection is reused only to the same host, port and scheme,
 *     while younger than the idle limit (provkit/client.h: "Idle kept
 *     connections"), and only when a look at it without waiting finds
 *     nothing to read (PROBE); otherwise it is closed and replaced, which is
 *     safe because nothing has been sent;
 *   - once any request byte was accepted, every failure is
 *     PROVKIT_ERR_OUTCOME_UNKNOWN and the request is never sent again;
 *   - one deadline covers connect, send and receive;
 *   - the connection is kept only when the answer allows it, nothing
 *     followed the answer and the request did not ask for "close".
 *
 * The loop (client.c, the blocking client, is a whole one):
 * @verbatim
 *   provkit_engine_start(e, &req, &resp, now)
 *   until state is DONE:
 *     wait = provkit_engine_poll(e, now)   // the time; 0: deadline passed
 *     CLOSE    close the connection; provkit_engine_closed(e)
 *     CONNECT  open provkit_engine_host(e) : port (TLS when tls) within
 *              wait ms; provkit_engine_connected(e, status)
 *     PROBE    read the kept connection WITHOUT waiting;
 *              provkit_engine_received(e, data, n): n bytes, 0 for
 *              "nothing to read", or the negative status
 *     SEND     p = provkit_engine_send_data(e, &len); send up to len bytes
 *              within wait ms; provkit_engine_sent(e, n): bytes taken,
 *              0 for none yet, or the negative status
 *     RECV     read within wait ms; provkit_engine_received(e, data, n)
 *              (PROVKIT_ERR_CLOSED for the peer's orderly close)
 *   DONE: provkit_engine_status(e); the response is in resp
 * @endverbatim
 * "now" is the caller's monotonic clock in milliseconds (provkit_clock_fn);
 * the deadline is checked at every poll, so a caller must poll before each
 * wait. Every report is accepted in its own state only; in another one it
 * is ignored. Hand over all the bytes one read gave in one report: bytes
 * after the answer are how a stream out of step is seen.
 *
 * The send window is the caller's buffer (provkit_engine_init), rebuilt
 * from the body callback as it drains: the request is never held whole,
 * and the body callback runs once to count and once per window (it must
 * give the same bytes each time; when it does not, the exchange ends with
 * PROVKIT_ERR_ARG, an outcome unknown once bytes went out). The window is
 * the engine's from SEND's first provkit_engine_send_data() to the last
 * byte sent, and wiped then (it held request bytes, secrets among them):
 * HTTP/1.1 without pipelining goes one way at a time, so the caller may
 * read the answer into the same buffer. A window the size of the request
 * writes it once; a smaller one writes the bytes before each window again
 * (counted, not stored).
 *
 * RAM: sizeof(provkit_engine_t) and the window, no allocation, nothing
 * static. With PROVKIT_URL_HOST_MAX 256 (the default) the engine is 432
 * bytes on Cortex-M4 (tests/bench/footprint.sh: engine_ram) and 520 on
 * x86-64 (unit.test_engine checks both figures): the host of the
 * connection and about 30 words of state. Besides it an exchange needs
 * only the window and the caller's response reader and body buffer
 * (provkit/http.h).
 *
 * Not thread-safe per engine; engines share nothing.
 */
#ifndef PROVKIT_ENGINE_H
#define PROVKIT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/errors.h"
#include "provkit/http.h"
#include "provkit/url.h"
#include "provkit/writer.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Writes the request body to w with the provkit_w_* appenders; called to
 * count it, then once per send window, with identical output expected: it
 * must not depend on state that changes between calls. Returns PROVKIT_OK
 * or a negative status, which aborts the exchange. */
typedef int (*provkit_body_fn)(void *ctx, provkit_writer_t *w);

/** One request. The engine keeps a copy; what it points to (url, the
 * strings, body_ctx and what the body callback reads) is borrowed until
 * the exchange is DONE. */
typedef struct provkit_client_request {
    const char *url; /**< endpoint URL (provkit/url.h) */
    size_t url_len; /**< its length */
    const provkit_url_t *parsed; /**< NULL, or url parsed already (provkit_endpoint_init) */
    const char *method; /**< method token; NULL means "POST" */
    const char *query_extra; /**< NULL, or "name=value" added to the URL's query */
    const char *content_type; /**< Content-Type; NULL leaves it out */
    const char *accept; /**< Accept; NULL sends the any-type wildcard */
    provkit_body_fn write_body; /**< body producer; NULL: an empty body */
    void *body_ctx; /**< its context */
    uint32_t timeout_ms; /**< deadline of the whole exchange: connect + send + receive */
    bool close_after; /**< ask the server to close after answering ("Connection: close") */
    provkit_known_t known; /**< body fields measured already (zero: none) */
} provkit_client_request_t;

/** What the engine wants next. */
typedef enum provkit_engine_state {
    PROVKIT_ENGINE_IDLE = 0, /**< no exchange: provkit_engine_start() */
    PROVKIT_ENGINE_CLOSE,    /**< close the connection, then provkit_engine_closed() */
    PROVKIT_ENGINE_CONNECT,  /**< open a connection, then provkit_engine_connected() */
    PROVKIT_ENGINE_PROBE,    /**< look at the kept connection without waiting */
    PROVKIT_ENGINE_SEND,     /**< send provkit_engine_send_data(), then provkit_engine_sent() */
    PROVKIT_ENGINE_RECV,     /**< receive, then provkit_engine_received() */
    PROVKIT_ENGINE_DONE      /**< over: provkit_engine_status() */
} provkit_engine_state_t;

/** One exchange's engine, and the connection it keeps between exchanges. */
typedef struct provkit_engine {
    /** --- result, valid in DONE --- */
    int status; /**< PROVKIT_OK, the error before any byte was sent, or PROVKIT_ERR_OUTCOME_UNKNOWN */
    int cause; /**< underlying status behind status */
    bool request_sent; /**< some request byte was accepted */
    uint64_t bytes_sent; /**< request bytes accepted */

    /** @cond PRIVATE */
    uint8_t state;
    bool open;       /* the port holds a connection (or a half-open one) */
    bool kept;       /* ... that may carry the next request */
    bool answered;   /* some byte of an answer came */
    bool reusable;   /* the answer allows the connection to be kept */
    bool over;       /* the exchange has its result */
    bool win_used;   /* the window holds request bytes */
    bool conn_tls;
    uint16_t conn_port;
    uint32_t now;
    uint32_t start_ms;
    uint32_t idle_max_ms;
    uint32_t sent_ms; /* when the kept connection's last request went out */
    uint64_t expected; /* head + body bytes */
    uint64_t body_len;
    uint64_t win_off;  /* request offset of send_buf[0] */
    size_t win_len;    /* bytes of the request in send_buf */
    provkit_http_response_t *resp;
    provkit_client_request_t req;
    provkit_url_t url;
    char conn_host[PROVKIT_URL_HOST_MAX]; /* NUL-terminated */
    uint8_t *win;      /* the caller's window buffer */
    size_t win_cap;    /* its size */
    /** @endcond */
} provkit_engine_t;

/** An idle engine with no connection, idle limit PROVKIT_CLIENT_IDLE_MAX_MS,
 * and window[0..cap) as its send window (borrowed for the engine's life;
 * see above). Returns PROVKIT_OK, or PROVKIT_ERR_ARG for NULL e or window,
 * or cap 0. */
int provkit_engine_init(provkit_engine_t *e, uint8_t *window, size_t cap);

/** The idle limit of a kept connection (provkit/client.h); 0 never reuses. */
void provkit_engine_set_idle_max(provkit_engine_t *e, uint32_t idle_max_ms);

/**
 * Start an exchange of req at time now; the answer goes into resp, set up
 * with provkit_http_response_init() (its body buffer is kept, the reader is
 * reset). Measures the request first: a URL, head or body that cannot be
 * sent ends the exchange here (state DONE, nothing sent, the connection
 * kept as it was) and its status is returned. Returns PROVKIT_OK when the
 * exchange is under way; PROVKIT_ERR_ARG for NULL pointers or an engine
 * whose exchange is not over.
 */
int provkit_engine_start(provkit_engine_t *e, const provkit_client_request_t *req,
                         provkit_http_response_t *resp, uint32_t now);

/** What the engine wants (see the loop above). */
provkit_engine_state_t provkit_engine_state(const provkit_engine_t *e);

/** Tell the engine the time. In CONNECT, PROBE, SEND and RECV: returns the
 * milliseconds the caller may wait for its I/O; 0 when the deadline has
 * passed, and the engine has then ended the exchange (PROVKIT_ERR_TIMEOUT;
 * outcome unknown once a byte went out). In the other states: 0, and
 * nothing changes. */
uint32_t provkit_engine_poll(provkit_engine_t *e, uint32_t now);

/** CONNECT: the host (NUL-terminated), port and scheme to connect to. */
const char *provkit_engine_host(const provkit_engine_t *e, uint16_t *port, bool *tls);

/** CONNECT: the connection is open (PROVKIT_OK) or could not be opened (the
 * port's negative status; CLOSE follows, for what the port may hold). */
void provkit_engine_connected(provkit_engine_t *e, int status);

/** SEND: the next request bytes, *len of them (> 0); the same bytes until
 * provkit_engine_sent() takes some. NULL (and *len 0) when the body
 * callback failed: the exchange is over. */
const uint8_t *provkit_engine_send_data(provkit_engine_t *e, size_t *len);

/** SEND: n bytes of provkit_engine_send_data() were taken (n > 0), none yet
 * (0), or the port's negative status. */
void provkit_engine_sent(provkit_engine_t *e, int32_t n);

/** PROBE and RECV: n bytes arrived in data (n > 0), nothing arrived (0), or
 * the port's negative status (PROVKIT_ERR_CLOSED: the peer closed). */
void provkit_engine_received(provkit_engine_t *e, const uint8_t *data, int32_t n);

/** The connection was closed (CLOSE done, or the caller closed it on its
 * own): the engine forgets it. Any state. */
void provkit_engine_closed(provkit_engine_t *e);

/** DONE: the exchange's result (e->status): PROVKIT_OK when a whole
 * response is in resp, whatever its HTTP status; else see the rules above
 * and e->cause. In any other state: PROVKIT_INCOMPLETE. */
int provkit_engine_status(const provkit_engine_t *e);

/** A connection is open and kept for the next exchange. */
bool provkit_engine_kept(const provkit_engine_t *e);

#ifdef __cplusplus
}
#endif

#endif /* PROVKIT_ENGINE_H */
