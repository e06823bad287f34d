/* anet.h - small socket helpers: listen, accept, connect, socket options.
 *
 * Functions that take `char *err` write a one line reason into it (at most
 * ANET_ERR_LEN bytes, NUL included) when they fail; err may be NULL.  They
 * return ANET_OK (or a descriptor) on success and ANET_ERR on failure, with
 * errno as the failing call left it.
 *
 * Every socket and pipe made here is close-on-exec.  Sockets are left in
 * blocking mode, except those of the *NonBlock* connects: making listeners
 * and accepted connections non-blocking is the caller's job (anetNonBlock). */
#ifndef ANET_H
#define ANET_H

#include <stddef.h>
#include <sys/types.h>

#define ANET_OK 0
#define ANET_ERR -1
#define ANET_ERR_LEN 256

/* anetResolve() flags. */
#define ANET_NONE 0
#define ANET_IP_ONLY (1 << 0)   /* accept only a numeric address, no DNS */

/* Listening sockets (SO_REUSEADDR set).  bindaddr NULL, "*" (IPv4) or
 * "::*" (IPv6) binds every address; port 0 lets the kernel choose (read it
 * back with anetFdToString(fd, ..., 0)).  anetTcp6Server sets IPV6_V6ONLY.
 * anetUnixServer chmods the socket file to perm unless perm is 0; it does
 * not remove a stale file at path first. */
int anetTcpServer(char *err, int port, char *bindaddr, int backlog);
int anetTcp6Server(char *err, int port, char *bindaddr, int backlog);
int anetUnixServer(char *err, char *path, mode_t perm, int backlog);

/* Accept one connection, retrying on EINTR.  With nothing pending on a
 * non-blocking listener they return ANET_ERR with errno EAGAIN or
 * EWOULDBLOCK.  ip (ip_len bytes) and port may be NULL. */
int anetTcpAccept(char *err, int serversock, char *ip, size_t ip_len, int *port);
int anetUnixAccept(char *err, int serversock);

/* Outgoing connections.  The non-blocking ones return as soon as the
 * connection is under way: wait for the fd to become writable, then check
 * anetGetError().  source_addr, when not NULL, is bound first; the
 * best-effort variant connects unbound if that bind fails. */
int anetTcpConnect(char *err, const char *addr, int port);
int anetTcpNonBlockConnect(char *err, const char *addr, int port);
int anetTcpNonBlockBindConnect(char *err, const char *addr, int port, const char *source_addr);
int anetTcpNonBlockBestEffortBindConnect(char *err, const char *addr, int port,
                                         const char *source_addr);
int anetUnixConnect(char *err, const char *path);
int anetUnixNonBlockConnect(char *err, const char *path);

/* Pending error of a socket (SO_ERROR), 0 if none: how a non-blocking
 * connect tells whether it succeeded. */
int anetGetError(int fd);

/* Descriptor and socket options. */
int anetNonBlock(char *err, int fd);
int anetBlock(char *err, int fd);
int anetCloexec(int fd);
int anetEnableTcpNoDelay(char *err, int fd);
int anetDisableTcpNoDelay(char *err, int fd);
/* SO_KEEPALIVE; where the system allows, first probe after `interval`
 * seconds idle, then every interval/3 seconds, giving up after 3. */
int anetKeepAlive(char *err, int fd, int interval);
/* SO_SNDTIMEO / SO_RCVTIMEO, in milliseconds (0 = no timeout). */
int anetSendTimeout(char *err, int fd, long long ms);
int anetRecvTimeout(char *err, int fd, long long ms);

/* Resolve host to a numeric address written into ipbuf.  With
 * ANET_IP_ONLY, host must already be a numeric address. */
int anetResolve(char *err, char *host, char *ipbuf, size_t ipbuf_len, int flags);

/* Address of a socket: remote=1 the peer, 0 the local end.  For a unix
 * socket ip gets the socket file's path (for the peer of an accepted
 * connection that is the server's path, since clients are unnamed; ""
 * when there is no path) and port 0.  On failure ip is "?", port 0, and
 * -1 is returned; 0 on success. */
int anetFdToString(int fd, char *ip, size_t ip_len, int *port, int remote);
/* "ip:port", or "[ip]:port" when ip holds a ':' (IPv6).  Returns what
 * snprintf returns. */
int anetFormatAddr(char *fmt, size_t fmt_len, char *ip, int port);

/* pipe() with per-end flags: O_NONBLOCK and O_CLOEXEC are understood (both
 * ends are close-on-exec regardless).  0 on success, -1 with errno. */
int anetPipe(int fds[2], int read_flags, int write_flags);
/* 1 if filepath names a FIFO, 0 otherwise (including when it is absent). */
int anetIsFifo(char *filepath);

#endif
