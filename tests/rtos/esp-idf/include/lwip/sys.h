/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for lwIP's lwip/sys.h: the clock. */
#ifndef STANDIN_LWIP_SYS_H
#define STANDIN_LWIP_SYS_H
#include <stdint.h>
uint32_t sys_now(void);
#endif
