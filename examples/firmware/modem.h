/* SPDX-License-Identifier: Apache-2.0 */
/*
 * modem.h - a provkit transport over a serial link to a modem: the firmware
 * talks to the network the way it would through a cellular or Wi-Fi modem
 * that opens TCP connections for it. The link carries frames:
 *
 *     type (1 byte) | length (2 bytes, big-endian) | payload (length bytes)
 *
 *   firmware -> modem   'C' "host:port"  open a TCP connection
 *                       'D' bytes        send them on it
 *                       'X' (empty)      close it
 *   modem -> firmware   'K' (empty)      connected
 *                       'E' (empty)      could not connect
 *                       'D' bytes        received on it
 *                       'X' (empty)      the peer closed it
 *
 * One connection at a time. Frames of an earlier connection that arrive
 * after a close are dropped until the next 'K' or 'E'. The byte functions
 * are the board's (board_uart_put/get); the clock bounds every wait.
 */
#ifndef FW_MODEM_H
#define FW_MODEM_H

#include <stdint.h>

#include "provkit/transport.h"

#define MODEM_FRAME_MAX 1024 /* payload bytes per 'D' frame the firmware sends */

typedef struct modem {
    provkit_clock_fn now_ms;
    uint8_t open;      /* 'K' seen, no 'X' since */
    uint8_t peer_gone; /* 'X' received */
    uint8_t hdr[3];    /* a frame header being read */
    uint8_t hdr_len;
    uint16_t left;     /* payload bytes of the current frame not yet read */
    uint8_t type;      /* the current frame's type */
} modem_t;

/* Set up m and point t at its functions. */
void modem_init(modem_t *m, provkit_clock_fn now_ms, provkit_transport_t *t);

#endif /* FW_MODEM_H */
