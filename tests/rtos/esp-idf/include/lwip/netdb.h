/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for lwIP's lwip/netdb.h (LWIP_DNS). */
#ifndef STANDIN_LWIP_NETDB_H
#define STANDIN_LWIP_NETDB_H
#include "lwip/sockets.h"
struct addrinfo {
    int ai_flags, ai_family, ai_socktype, ai_protocol;
    socklen_t ai_addrlen;
    struct sockaddr *ai_addr;
    char *ai_canonname;
    struct addrinfo *ai_next;
};
int lwip_getaddrinfo(const char *nodename, const char *servname, const struct addrinfo *hints,
                     struct addrinfo **res);
void lwip_freeaddrinfo(struct addrinfo *ai);
#endif
