/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for lwIP's lwip/sockets.h (LWIP_COMPAT_SOCKETS off: the lwip_*
 * names), with lwIP's signatures and its own socket types, for
 * tests/rtos/compile.sh. Not lwIP. */
#ifndef STANDIN_LWIP_SOCKETS_H
#define STANDIN_LWIP_SOCKETS_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/time.h>

typedef uint8_t sa_family_t;
typedef uint32_t socklen_t;
struct in_addr { uint32_t s_addr; };
struct in6_addr { uint32_t un[4]; };
struct sockaddr { uint8_t sa_len; sa_family_t sa_family; char sa_data[14]; };
struct sockaddr_in {
    uint8_t sin_len; sa_family_t sin_family; uint16_t sin_port; struct in_addr sin_addr;
    char sin_zero[8];
};
struct sockaddr_in6 {
    uint8_t sin6_len; sa_family_t sin6_family; uint16_t sin6_port; uint32_t sin6_flowinfo;
    struct in6_addr sin6_addr; uint32_t sin6_scope_id;
};
struct sockaddr_storage { uint8_t s2_len; sa_family_t ss_family; char s2_data1[2];
    uint32_t s2_data2[3]; uint32_t s2_data3[3]; };
struct pollfd { int fd; short events; short revents; };
typedef struct fd_set { unsigned char fd_bits[8]; } fd_set;

#define AF_UNSPEC 0
#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define IPPROTO_TCP 6
#define SOL_SOCKET 0xfff
#define SO_ERROR 0x1007
#define TCP_NODELAY 0x01
#define F_SETFL 4
#define O_NONBLOCK 1
#define POLLIN 0x1
#define POLLOUT 0x2
#define MSG_DONTWAIT 0x08
#define FD_ZERO(s) ((void)(s))
#define FD_SET(n, s) ((void)(n), (void)(s))

int lwip_socket(int domain, int type, int protocol);
int lwip_close(int s);
int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen);
ssize_t lwip_send(int s, const void *dataptr, size_t size, int flags);
ssize_t lwip_recv(int s, void *mem, size_t len, int flags);
int lwip_fcntl(int s, int cmd, int val);
int lwip_poll(struct pollfd *fds, unsigned int nfds, int timeout);
int lwip_select(int maxfdp1, fd_set *readset, fd_set *writeset, fd_set *exceptset,
                struct timeval *timeout);
int lwip_getsockopt(int s, int level, int optname, void *optval, socklen_t *optlen);
int lwip_setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen);
#endif
