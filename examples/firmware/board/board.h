/* SPDX-License-Identifier: Apache-2.0 */
/*
 * board.h - what the firmware needs of a board: a millisecond clock, a
 * serial link to the modem, a console, an exit, entropy and the stack's
 * bounds. board/qemu_mps2.c implements it for QEMU's MPS2 (TEST ONLY);
 * write your own for real hardware.
 */
#ifndef FW_BOARD_H
#define FW_BOARD_H

#include <stddef.h>
#include <stdint.h>

void board_init(void);
/* Monotonic milliseconds (provkit_clock_fn). */
uint32_t board_now_ms(void);
/* The serial link to the modem: 1 when the byte was taken / read, 0 when
 * the UART is busy / has nothing. */
int board_uart_put(uint8_t b);
int board_uart_get(uint8_t *b);
/* A line of text to whoever watches (a debug console). */
void board_print(const char *s);
/* Stop, with a status for whoever runs the board (0: success). */
void board_exit(int status);
/* Bytes of the stack never written since reset (the stack was painted at
 * reset), and the stack's size. */
size_t board_stack_unused(void);
size_t board_stack_size(void);

/* The entropy hook mbedTLS polls (MBEDTLS_ENTROPY_HARDWARE_ALT). Real
 * hardware: a TRNG. */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);

#endif /* FW_BOARD_H */
