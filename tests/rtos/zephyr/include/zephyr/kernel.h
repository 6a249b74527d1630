/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for Zephyr's <zephyr/kernel.h>: only what provkit's Zephyr port
 * and sample call, with Zephyr's signatures (tests/rtos/compile.sh). */
#ifndef STANDIN_ZEPHYR_KERNEL_H
#define STANDIN_ZEPHYR_KERNEL_H
#include <stdint.h>
uint32_t k_uptime_get_32(void);
#endif
