/* SPDX-License-Identifier: Apache-2.0 */
/* modem.c - the serial modem transport (see modem.h). */
#include "modem.h"

#include <string.h>

#include "board/board.h"

static int put_byte(modem_t *m, uint8_t b, uint32_t start, uint32_t timeout_ms)
{
    while (!board_uart_put(b)) {
        if (m->now_ms() - start >= timeout_ms) {
            return 0;
        }
    }
    return 1;
}

static int put_frame(modem_t *m, uint8_t type, const uint8_t *p, size_t n, uint32_t timeout_ms)
{
    uint32_t start = m->now_ms();
    uint8_t hdr[3] = {type, (uint8_t)(n >> 8), (uint8_t)n};
    for (size_t i = 0; i < 3; i++) {
        if (!put_byte(m, hdr[i], start, timeout_ms)) {
            return 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!put_byte(m, p[i], start, timeout_ms)) {
            return 0;
        }
    }
    return 1;
}

/* Read what the link has, until a frame header is complete or nothing is
 * left: 1 when m->type/left describe a frame. */
static int next_header(modem_t *m)
{
    uint8_t b;
    while (m->hdr_len < 3 && board_uart_get(&b)) {
        m->hdr[m->hdr_len++] = b;
    }
    if (m->hdr_len < 3) {
        return 0;
    }
    m->type = m->hdr[0];
    m->left = (uint16_t)(m->hdr[1] << 8 | m->hdr[2]);
    m->hdr_len = 0;
    return 1;
}

/* Skip the payload of a frame that is not data. */
static void skip_payload(modem_t *m)
{
    uint8_t b;
    while (m->left > 0 && board_uart_get(&b)) {
        m->left--;
    }
}

static int modem_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    modem_t *m = ctx;
    uint8_t req[280];
    size_t hl = strlen(host);
    if (hl > sizeof req - 8) {
        return PROVKIT_ERR_ARG;
    }
    memcpy(req, host, hl);
    size_t n = hl;
    req[n++] = ':';
    char digits[6];
    size_t d = 0;
    do {
        digits[d++] = (char)('0' + port % 10u);
        port = (uint16_t)(port / 10u);
    } while (port != 0u);
    while (d > 0) {
        req[n++] = (uint8_t)digits[--d];
    }
    m->open = 0;
    m->peer_gone = 0;
    uint32_t start = m->now_ms();
    if (!put_frame(m, 'C', req, n, timeout_ms)) {
        return PROVKIT_ERR_TIMEOUT;
    }
    for (;;) {
        if (m->left > 0) {
            skip_payload(m); /* an earlier connection's data */
        } else if (next_header(m)) {
            if (m->type == 'K') {
                m->open = 1;
                return PROVKIT_OK;
            }
            if (m->type == 'E') {
                return PROVKIT_ERR_NETWORK;
            }
            continue; /* 'D' or 'X' of an earlier connection */
        }
        if (m->now_ms() - start >= timeout_ms) {
            return PROVKIT_ERR_TIMEOUT;
        }
    }
}

static int32_t modem_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    modem_t *m = ctx;
    if (!m->open || m->peer_gone) {
        return PROVKIT_ERR_CLOSED;
    }
    size_t n = len > MODEM_FRAME_MAX ? MODEM_FRAME_MAX : len;
    if (n == 0) {
        return 0;
    }
    /* a frame goes whole or the link is broken: no partial frame to resume */
    if (!put_frame(m, 'D', buf, n, timeout_ms > 1000u ? timeout_ms : 1000u)) {
        m->open = 0;
        return PROVKIT_ERR_NETWORK;
    }
    return (int32_t)n;
}

static int32_t modem_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    modem_t *m = ctx;
    uint32_t start = m->now_ms();
    size_t got = 0;
    if (!m->open) {
        return PROVKIT_ERR_CLOSED;
    }
    for (;;) {
        if (m->left > 0 && m->type == 'D') {
            uint8_t b;
            while (got < len && m->left > 0 && board_uart_get(&b)) {
                buf[got++] = b;
                m->left--;
            }
            if (got > 0 && (got == len || m->left > 0)) {
                return (int32_t)got;
            }
        } else if (m->left > 0) {
            skip_payload(m);
        } else if (next_header(m)) {
            if (m->type == 'X') {
                m->peer_gone = 1;
            }
            continue;
        } else if (got > 0) {
            return (int32_t)got;
        } else if (m->peer_gone) {
            return PROVKIT_ERR_CLOSED;
        }
        if (m->now_ms() - start >= timeout_ms) {
            return (int32_t)got;
        }
    }
}

static void modem_close(void *ctx)
{
    modem_t *m = ctx;
    if (m->open) {
        (void)put_frame(m, 'X', NULL, 0, 1000u);
    }
    m->open = 0;
}

void modem_init(modem_t *m, provkit_clock_fn now_ms, provkit_transport_t *t)
{
    memset(m, 0, sizeof *m);
    m->now_ms = now_ms;
    t->connect = modem_connect;
    t->send = modem_send;
    t->recv = modem_recv;
    t->close = modem_close;
    t->ctx = m;
}
