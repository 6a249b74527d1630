/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for Zephyr's <zephyr/net/socket.h> (with what it takes from
 * <zephyr/net/net_ip.h>): the zsock_* calls provkit's Zephyr port makes, with
 * Zephyr's signatures and constants (tests/rtos/compile.sh). Not Zephyr. */
#ifndef STANDIN_ZEPHYR_NET_SOCKET_H
#define STANDIN_ZEPHYR_NET_SOCKET_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef unsigned short int sa_family_t;
typedef size_t socklen_t;
struct in_addr { uint32_t s_addr; };
struct in6_addr { uint8_t s6_addr[16]; };
struct sockaddr { sa_family_t sa_family; char data[24]; };
struct sockaddr_in { sa_family_t sin_family; uint16_t sin_port; struct in_addr sin_addr; };
struct sockaddr_in6 {
    sa_family_t sin6_family; uint16_t sin6_port; struct in6_addr sin6_addr; uint8_t sin6_scope_id;
};
struct zsock_addrinfo {
    struct zsock_addrinfo *ai_next;
    int ai_flags, ai_family, ai_socktype, ai_protocol;
    socklen_t ai_addrlen;
    struct sockaddr *ai_addr;
    char *ai_canonname;
};
struct zsock_pollfd { int fd; short events; short revents; };

#define AF_INET 1
#define AF_INET6 2
#define AF_UNSPEC 0
#define SOCK_STREAM 1
#define IPPROTO_TCP 6
#define SOL_SOCKET 1
#define SO_ERROR 4
#define TCP_NODELAY 1
#define ZSOCK_POLLIN 1
#define ZSOCK_POLLOUT 4
#define htons(x) ((uint16_t)((((x) & 0xffu) << 8) | (((x) >> 8) & 0xffu)))

int zsock_socket(int family, int type, int proto);
int zsock_close(int sock);
int zsock_connect(int sock, const struct sockaddr *addr, socklen_t addrlen);
ssize_t zsock_send(int sock, const void *buf, size_t len, int flags);
ssize_t zsock_recv(int sock, void *buf, size_t max_len, int flags);
int zsock_fcntl(int sock, int cmd, int flags);
int zsock_poll(struct zsock_pollfd *fds, int nfds, int timeout);
int zsock_getsockopt(int sock, int level, int optname, void *optval, socklen_t *optlen);
int zsock_setsockopt(int sock, int level, int optname, const void *optval, socklen_t optlen);
int zsock_inet_pton(sa_family_t family, const char *src, void *dst);
int zsock_getaddrinfo(const char *host, const char *service, const struct zsock_addrinfo *hints,
                      struct zsock_addrinfo **res);
void zsock_freeaddrinfo(struct zsock_addrinfo *ai);
#endif
