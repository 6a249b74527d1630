/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for lwIP's lwip/inet.h. */
#ifndef STANDIN_LWIP_INET_H
#define STANDIN_LWIP_INET_H
int lwip_inet_pton(int af, const char *src, void *dst);
#endif
