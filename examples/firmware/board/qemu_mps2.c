/* SPDX-License-Identifier: Apache-2.0 */
/*
 * qemu_mps2.c - the board for QEMU's MPS2 AN386 (Cortex-M4): startup, the
 * SysTick clock, the CMSDK UART0 as the modem link, semihosting as the
 * console and the exit.
 *
 * !!! TEST ONLY. NOT FOR ANY REAL DEVICE. !!!
 * QEMU's MPS2 has no random number generator. mbedtls_hardware_poll() below
 * returns bytes from a counter and the SysTick value, WHICH ARE NOT RANDOM:
 * every TLS key this board makes is predictable. It exists so that the TLS
 * handshake can run under emulation in the tests. A real board must feed
 * mbedTLS from a hardware TRNG.
 */
#include "board.h"

#include <string.h>

#if !defined(FW_BOARD_QEMU_TEST_ONLY)
#error "board/qemu_mps2.c is TEST ONLY (no entropy): build it with -DFW_BOARD_QEMU_TEST_ONLY"
#endif

#define REG(addr) (*(volatile uint32_t *)(addr))

/* ---- SysTick: 1 ms at the MPS2's 25 MHz system clock ---- */
#define SYST_CSR REG(0xE000E010u)
#define SYST_RVR REG(0xE000E014u)
#define SYST_CVR REG(0xE000E018u)
#define SYSCLK_HZ 25000000u

static volatile uint32_t ms;

void SysTick_Handler(void);
void SysTick_Handler(void) { ms++; }

uint32_t board_now_ms(void) { return ms; }

/* ---- CMSDK APB UART0: the modem link ---- */
#define UART0 0x40004000u
#define UART_DATA REG(UART0 + 0x00u)
#define UART_STATE REG(UART0 + 0x04u)
#define UART_CTRL REG(UART0 + 0x08u)
#define UART_BAUDDIV REG(UART0 + 0x10u)

int board_uart_put(uint8_t b)
{
    if (UART_STATE & 1u) { /* TX full */
        return 0;
    }
    UART_DATA = b;
    return 1;
}

int board_uart_get(uint8_t *b)
{
    if (!(UART_STATE & 2u)) { /* RX empty */
        return 0;
    }
    *b = (uint8_t)UART_DATA;
    return 1;
}

/* ---- semihosting: the console and the exit ---- */
static int semihost(int op, const void *arg)
{
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_print(const char *s)
{
    semihost(0x04, s); /* SYS_WRITE0 */
}

void board_exit(int status)
{
    /* SYS_EXIT: ADP_Stopped_ApplicationExit ends QEMU with 0, a run-time
     * error with 1 */
    semihost(0x18, (const void *)(uintptr_t)(status == 0 ? 0x20026u : 0x20023u));
    for (;;) {
    }
}

/* ---- entropy: TEST ONLY, NOT RANDOM (see the top of this file) ---- */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
    static uint32_t counter = 0x9E3779B9u;
    (void)data;
    for (size_t i = 0; i < len; i++) {
        counter = counter * 1664525u + 1013904223u + SYST_CVR + ms;
        output[i] = (unsigned char)(counter >> 24);
    }
    *olen = len;
    return 0;
}

/* ---- the stack: painted at reset, measured after ---- */
extern uint32_t __stack_limit[], __stack_top[];
#define PAINT 0xA5A5A5A5u

size_t board_stack_size(void)
{
    return (size_t)((char *)__stack_top - (char *)__stack_limit);
}

size_t board_stack_unused(void)
{
    const uint32_t *p = __stack_limit;
    while (p < __stack_top && *p == PAINT) {
        p++;
    }
    return (size_t)((const char *)p - (const char *)__stack_limit);
}

void board_init(void)
{
    UART_BAUDDIV = 16u;
    UART_CTRL = 3u; /* TX and RX on */
    SYST_RVR = SYSCLK_HZ / 1000u - 1u;
    SYST_CVR = 0u;
    SYST_CSR = 7u; /* processor clock, interrupt, on */
}

/* ---- startup ---- */
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
int main(void);
void Reset_Handler(void);
void Default_Handler(void);

void Default_Handler(void)
{
    board_print("fault: an exception the firmware does not handle\n");
    board_exit(1);
}

__attribute__((naked)) void Reset_Handler(void)
{
    __asm__ volatile(
        /* paint the stack below the current frame, word by word */
        "ldr r0, =__stack_limit\n"
        "ldr r1, =0xA5A5A5A5\n"
        "sub r2, sp, #64\n"
        "1: cmp r0, r2\n"
        "bhs 2f\n"
        "str r1, [r0], #4\n"
        "b 1b\n"
        "2: b reset_c\n");
}

void reset_c(void);
void reset_c(void)
{
    memcpy(__data_start, __data_load, (size_t)((char *)__data_end - (char *)__data_start));
    memset(__bss_start, 0, (size_t)((char *)__bss_end - (char *)__bss_start));
    board_exit(main());
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(uintptr_t)__stack_top, /* initial SP */
    Reset_Handler,
    Default_Handler, /* NMI */
    Default_Handler, /* HardFault */
    Default_Handler, /* MemManage */
    Default_Handler, /* BusFault */
    Default_Handler, /* UsageFault */
    0, 0, 0, 0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMon */
    0,
    Default_Handler, /* PendSV */
    SysTick_Handler,
};
