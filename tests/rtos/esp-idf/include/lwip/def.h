/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for lwIP's lwip/def.h: byte order. */
#ifndef STANDIN_LWIP_DEF_H
#define STANDIN_LWIP_DEF_H
#include <stdint.h>
uint16_t lwip_htons(uint16_t x);
#endif
