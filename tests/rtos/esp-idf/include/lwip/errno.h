/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for lwIP's lwip/errno.h (the C library's errno, as ESP-IDF has it). */
#ifndef STANDIN_LWIP_ERRNO_H
#define STANDIN_LWIP_ERRNO_H
#include <errno.h>
#endif
