/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for lwIP's lwip/opt.h as ESP-IDF 5 configures it (sockets,
 * select and poll, DNS, IPv6), for tests/rtos/compile.sh. Not lwIP. */
#ifndef STANDIN_LWIP_OPT_H
#define STANDIN_LWIP_OPT_H
#define LWIP_SOCKET 1
#define LWIP_SOCKET_SELECT 1
#define LWIP_SOCKET_POLL 1
#define LWIP_DNS 1
#define LWIP_IPV6 1
#endif
