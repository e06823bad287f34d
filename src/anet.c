/* anet.c - socket helpers.  See anet.h for the contract of each function.
 *
 * Conventions kept throughout: an error message goes to `err` (when not
 * NULL) and errno is left as the failing call set it, even across the
 * close() that cleans up after it; every descriptor is created
 * close-on-exec, so a forked child that execs does not inherit listeners,
 * clients or pipes. */
#include "anet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

/* Flags of the generic connect. */
#define ANET_CONNECT_NONE 0
#define ANET_CONNECT_NONBLOCK (1 << 0)
#define ANET_CONNECT_BE_BINDING (1 << 1) /* connect unbound if the bind fails */

__attribute__((format(printf, 2, 3)))
static void anetSetError(char *err, const char *fmt, ...) {
    if (err == NULL) return;
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, ANET_ERR_LEN, fmt, ap);
    va_end(ap);
    errno = saved;
}

/* close() that keeps errno: cleanup must not hide why we failed. */
static void anetCloseKeepErrno(int fd) {
    int saved = errno;
    close(fd);
    errno = saved;
}

/* ------------------------------------------------------------------------
 * Descriptor and socket options
 * ------------------------------------------------------------------------ */

static int anetSetBlock(char *err, int fd, int nonblock) {
    int flags = fcntl(fd, F_GETFL);
    if (flags == -1) {
        anetSetError(err, "fcntl(F_GETFL): %s", strerror(errno));
        return ANET_ERR;
    }
    int want = nonblock ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    if (want != flags && fcntl(fd, F_SETFL, want) == -1) {
        anetSetError(err, "fcntl(F_SETFL,O_NONBLOCK): %s", strerror(errno));
        return ANET_ERR;
    }
    return ANET_OK;
}

int anetNonBlock(char *err, int fd) {
    return anetSetBlock(err, fd, 1);
}

int anetBlock(char *err, int fd) {
    return anetSetBlock(err, fd, 0);
}

int anetCloexec(int fd) {
    int flags;
    do {
        flags = fcntl(fd, F_GETFD);
    } while (flags == -1 && errno == EINTR);
    if (flags == -1) return ANET_ERR;
    if (flags & FD_CLOEXEC) return ANET_OK;

    int res;
    do {
        res = fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    } while (res == -1 && errno == EINTR);
    return res == -1 ? ANET_ERR : ANET_OK;
}

static int anetSetIntOpt(char *err, int fd, int level, int opt, int val, const char *name) {
    if (setsockopt(fd, level, opt, &val, sizeof(val)) == -1) {
        anetSetError(err, "setsockopt %s: %s", name, strerror(errno));
        return ANET_ERR;
    }
    return ANET_OK;
}

int anetEnableTcpNoDelay(char *err, int fd) {
    return anetSetIntOpt(err, fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
}

int anetDisableTcpNoDelay(char *err, int fd) {
    return anetSetIntOpt(err, fd, IPPROTO_TCP, TCP_NODELAY, 0, "TCP_NODELAY");
}

int anetKeepAlive(char *err, int fd, int interval) {
    if (anetSetIntOpt(err, fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE") == ANET_ERR)
        return ANET_ERR;
    if (interval <= 0) return ANET_OK; /* keep the system's timing */

    /* Idle time before the first probe; the option has another name on
     * macOS.  Systems with neither keep their defaults. */
#if defined(TCP_KEEPIDLE)
    if (anetSetIntOpt(err, fd, IPPROTO_TCP, TCP_KEEPIDLE, interval, "TCP_KEEPIDLE") == ANET_ERR)
        return ANET_ERR;
#elif defined(TCP_KEEPALIVE)
    if (anetSetIntOpt(err, fd, IPPROTO_TCP, TCP_KEEPALIVE, interval, "TCP_KEEPALIVE") == ANET_ERR)
        return ANET_ERR;
#endif
    /* Then a probe every interval/3 seconds, three unanswered ones ending
     * the connection: a dead peer is noticed about 2 * interval after the
     * last traffic. */
#if defined(TCP_KEEPINTVL)
    int probe_every = interval / 3;
    if (probe_every == 0) probe_every = 1;
    if (anetSetIntOpt(err, fd, IPPROTO_TCP, TCP_KEEPINTVL, probe_every, "TCP_KEEPINTVL") == ANET_ERR)
        return ANET_ERR;
#endif
#if defined(TCP_KEEPCNT)
    if (anetSetIntOpt(err, fd, IPPROTO_TCP, TCP_KEEPCNT, 3, "TCP_KEEPCNT") == ANET_ERR)
        return ANET_ERR;
#endif
    return ANET_OK;
}

static int anetSetTimeout(char *err, int fd, int opt, long long ms, const char *name) {
    struct timeval tv;
    if (ms < 0) ms = 0;
    tv.tv_sec = (time_t)(ms / 1000);
    tv.tv_usec = (suseconds_t)((ms % 1000) * 1000);
    if (setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof(tv)) == -1) {
        anetSetError(err, "setsockopt %s: %s", name, strerror(errno));
        return ANET_ERR;
    }
    return ANET_OK;
}

int anetSendTimeout(char *err, int fd, long long ms) {
    return anetSetTimeout(err, fd, SO_SNDTIMEO, ms, "SO_SNDTIMEO");
}

int anetRecvTimeout(char *err, int fd, long long ms) {
    return anetSetTimeout(err, fd, SO_RCVTIMEO, ms, "SO_RCVTIMEO");
}

int anetGetError(int fd) {
    int sockerr = 0;
    socklen_t len = sizeof(sockerr);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &sockerr, &len) == -1) return errno;
    return sockerr;
}

/* A new socket, close-on-exec from the start where the system allows. */
static int anetSocket(char *err, int domain, int type, int protocol) {
    int s;
#if defined(SOCK_CLOEXEC)
    s = socket(domain, type | SOCK_CLOEXEC, protocol);
#else
    s = socket(domain, type, protocol);
    if (s != -1 && anetCloexec(s) == ANET_ERR) {
        anetSetError(err, "fcntl(F_SETFD,FD_CLOEXEC): %s", strerror(errno));
        anetCloseKeepErrno(s);
        return -1;
    }
#endif
    if (s == -1) anetSetError(err, "socket: %s", strerror(errno));
    return s;
}

/* ------------------------------------------------------------------------
 * Addresses
 * ------------------------------------------------------------------------ */

/* Write the path of a unix socket address (sa_len bytes of it are valid)
 * into ip; unnamed and abstract sockets give "". */
static void anetUnixPath(const struct sockaddr_un *sun, socklen_t sa_len, char *ip, size_t ip_len) {
    if (ip == NULL || ip_len == 0) return;
    size_t off = offsetof(struct sockaddr_un, sun_path);
    size_t max = sa_len > off ? (size_t)sa_len - off : 0;
    if (max > sizeof(sun->sun_path)) max = sizeof(sun->sun_path);
    size_t n = strnlen(sun->sun_path, max);
    if (n >= ip_len) n = ip_len - 1;
    memcpy(ip, sun->sun_path, n);
    ip[n] = '\0';
}

static int anetHasUnixPath(const struct sockaddr_storage *ss, socklen_t sa_len) {
    const struct sockaddr_un *sun = (const struct sockaddr_un *)ss;
    return ss->ss_family == AF_UNIX && sa_len > offsetof(struct sockaddr_un, sun_path) &&
           sun->sun_path[0] != '\0';
}

/* Numeric form of an address; -1 with errno if it cannot be written. */
static int anetAddrToString(const struct sockaddr_storage *ss, socklen_t sa_len, char *ip, size_t ip_len,
                            int *port) {
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
        if (ip && inet_ntop(AF_INET, &sin->sin_addr, ip, (socklen_t)ip_len) == NULL) return -1;
        if (port) *port = ntohs(sin->sin_port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
        if (ip && inet_ntop(AF_INET6, &sin6->sin6_addr, ip, (socklen_t)ip_len) == NULL) return -1;
        if (port) *port = ntohs(sin6->sin6_port);
    } else if (ss->ss_family == AF_UNIX) {
        anetUnixPath((const struct sockaddr_un *)ss, sa_len, ip, ip_len);
        if (port) *port = 0;
    } else {
        errno = EAFNOSUPPORT;
        return -1;
    }
    return 0;
}

int anetFdToString(int fd, char *ip, size_t ip_len, int *port, int remote) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    memset(&ss, 0, sizeof(ss));
    int res = remote ? getpeername(fd, (struct sockaddr *)&ss, &len)
                     : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (res == -1) goto error;

    /* Unix clients seldom bind, so the peer usually has no name.  Then the
     * only path this connection has is our own end's: on an accepted
     * connection, the path the server listens on. */
    if (remote && (ss.ss_family == AF_UNIX || ss.ss_family == AF_UNSPEC) && !anetHasUnixPath(&ss, len)) {
        struct sockaddr_storage local;
        socklen_t llen = sizeof(local);
        memset(&local, 0, sizeof(local));
        if (getsockname(fd, (struct sockaddr *)&local, &llen) == -1) goto error;
        if (local.ss_family == AF_UNIX) {
            ss = local;
            len = llen;
        }
    }
    if (anetAddrToString(&ss, len, ip, ip_len, port) == -1) goto error;
    return 0;

error:
    if (ip && ip_len >= 2) {
        ip[0] = '?';
        ip[1] = '\0';
    } else if (ip && ip_len == 1) {
        ip[0] = '\0';
    }
    if (port) *port = 0;
    return -1;
}

int anetFormatAddr(char *fmt, size_t fmt_len, char *ip, int port) {
    if (strchr(ip, ':') != NULL)
        return snprintf(fmt, fmt_len, "[%s]:%d", ip, port);
    return snprintf(fmt, fmt_len, "%s:%d", ip, port);
}

int anetResolve(char *err, char *host, char *ipbuf, size_t ipbuf_len, int flags) {
    struct addrinfo hints, *info;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (flags & ANET_IP_ONLY) hints.ai_flags = AI_NUMERICHOST;

    int rv = getaddrinfo(host, NULL, &hints, &info);
    if (rv != 0) {
        anetSetError(err, "%s", gai_strerror(rv));
        return ANET_ERR;
    }
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    memcpy(&ss, info->ai_addr,
           info->ai_addrlen < sizeof(ss) ? (size_t)info->ai_addrlen : sizeof(ss));
    socklen_t len = info->ai_addrlen;
    freeaddrinfo(info);

    if (anetAddrToString(&ss, len, ipbuf, ipbuf_len, NULL) == -1) {
        anetSetError(err, "inet_ntop: %s", strerror(errno));
        return ANET_ERR;
    }
    return ANET_OK;
}

/* ------------------------------------------------------------------------
 * Listening
 * ------------------------------------------------------------------------ */

/* bind + (chmod for unix sockets) + listen.  On failure a socket file this
 * created is removed again; the caller closes s. */
static int anetListen(char *err, int s, struct sockaddr *sa, socklen_t len, int backlog,
                      const char *path, mode_t perm) {
    if (bind(s, sa, len) == -1) {
        anetSetError(err, "bind: %s", strerror(errno));
        return ANET_ERR;
    }
    /* Before listen(): until then nobody can connect, so there is no
     * window in which the file has the umask's looser mode and works. */
    if (path && perm && chmod(path, perm) == -1) {
        anetSetError(err, "chmod: %s", strerror(errno));
        int saved = errno;
        unlink(path);
        errno = saved;
        return ANET_ERR;
    }
    if (listen(s, backlog) == -1) {
        anetSetError(err, "listen: %s", strerror(errno));
        if (path) {
            int saved = errno;
            unlink(path);
            errno = saved;
        }
        return ANET_ERR;
    }
    return ANET_OK;
}

static int anetTcpGenericServer(char *err, int port, char *bindaddr, int af, int backlog) {
    char portstr[16];
    struct addrinfo hints, *servinfo, *p;

    if (bindaddr && (strcmp(bindaddr, "*") == 0 || strcmp(bindaddr, "::*") == 0)) bindaddr = NULL;
    snprintf(portstr, sizeof(portstr), "%d", port);
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = af;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;

    int rv = getaddrinfo(bindaddr, portstr, &hints, &servinfo);
    if (rv != 0) {
        anetSetError(err, "%s", gai_strerror(rv));
        return ANET_ERR;
    }

    /* Use the first address that works; if none does, the error is the
     * last one met. */
    int s = -1, tried = 0;
    for (p = servinfo; p != NULL; p = p->ai_next) {
        tried = 1;
        s = anetSocket(err, p->ai_family, p->ai_socktype, p->ai_protocol);
        if (s == -1) continue;
        if ((p->ai_family != AF_INET6 ||
             anetSetIntOpt(err, s, IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY") == ANET_OK) &&
            anetSetIntOpt(err, s, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR") == ANET_OK &&
            anetListen(err, s, p->ai_addr, p->ai_addrlen, backlog, NULL, 0) == ANET_OK)
            break;
        anetCloseKeepErrno(s);
        s = -1;
    }
    int saved = errno;
    freeaddrinfo(servinfo);
    errno = saved;
    if (!tried) anetSetError(err, "no address to bind");
    return s == -1 ? ANET_ERR : s;
}

int anetTcpServer(char *err, int port, char *bindaddr, int backlog) {
    return anetTcpGenericServer(err, port, bindaddr, AF_INET, backlog);
}

int anetTcp6Server(char *err, int port, char *bindaddr, int backlog) {
    return anetTcpGenericServer(err, port, bindaddr, AF_INET6, backlog);
}

/* Fill a unix socket address; ANET_ERR if the path does not fit. */
static int anetUnixAddr(char *err, const char *path, struct sockaddr_un *sa) {
    size_t len = strlen(path);
    memset(sa, 0, sizeof(*sa));
    if (len >= sizeof(sa->sun_path)) {
        errno = ENAMETOOLONG;
        anetSetError(err, "unix socket path too long (%zu bytes, at most %zu)", len,
                     sizeof(sa->sun_path) - 1);
        return ANET_ERR;
    }
    sa->sun_family = AF_UNIX;
    memcpy(sa->sun_path, path, len + 1);
    return ANET_OK;
}

int anetUnixServer(char *err, char *path, mode_t perm, int backlog) {
    struct sockaddr_un sa;
    if (anetUnixAddr(err, path, &sa) == ANET_ERR) return ANET_ERR;
    int s = anetSocket(err, AF_UNIX, SOCK_STREAM, 0);
    if (s == -1) return ANET_ERR;
    if (anetSetIntOpt(err, s, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR") == ANET_ERR ||
        anetListen(err, s, (struct sockaddr *)&sa, sizeof(sa), backlog, path, perm) == ANET_ERR) {
        anetCloseKeepErrno(s);
        return ANET_ERR;
    }
    return s;
}

/* ------------------------------------------------------------------------
 * Accepting
 * ------------------------------------------------------------------------ */

static int anetGenericAccept(char *err, int s, struct sockaddr *sa, socklen_t *len) {
    int fd;
    socklen_t size = *len;
    do {
        *len = size;
#if defined(SOCK_CLOEXEC) && (defined(__linux__) || defined(__FreeBSD__))
        fd = accept4(s, sa, len, SOCK_CLOEXEC);
#else
        fd = accept(s, sa, len);
        if (fd != -1) anetCloexec(fd);
#endif
    } while (fd == -1 && errno == EINTR);
    if (fd == -1) {
        anetSetError(err, "accept: %s", strerror(errno));
        return ANET_ERR;
    }
    return fd;
}

int anetTcpAccept(char *err, int serversock, char *ip, size_t ip_len, int *port) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    memset(&ss, 0, sizeof(ss));
    int fd = anetGenericAccept(err, serversock, (struct sockaddr *)&ss, &len);
    if (fd == ANET_ERR) return ANET_ERR;
    if ((ip || port) && anetAddrToString(&ss, len, ip, ip_len, port) == -1) {
        anetSetError(err, "cannot format peer address: %s", strerror(errno));
        anetCloseKeepErrno(fd);
        return ANET_ERR;
    }
    return fd;
}

int anetUnixAccept(char *err, int serversock) {
    struct sockaddr_un sa;
    socklen_t len = sizeof(sa);
    return anetGenericAccept(err, serversock, (struct sockaddr *)&sa, &len);
}

/* ------------------------------------------------------------------------
 * Connecting
 * ------------------------------------------------------------------------ */

/* Bind s to source_addr (of family af).  ANET_ERR if no address of it
 * could be bound. */
static int anetBindSource(char *err, int s, const char *source_addr, int af) {
    struct addrinfo hints, *info, *p;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = af;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int rv = getaddrinfo(source_addr, NULL, &hints, &info);
    if (rv != 0) {
        anetSetError(err, "%s", gai_strerror(rv));
        errno = EADDRNOTAVAIL;
        return ANET_ERR;
    }
    int ok = 0;
    for (p = info; p != NULL; p = p->ai_next) {
        if (bind(s, p->ai_addr, p->ai_addrlen) == 0) {
            ok = 1;
            break;
        }
        anetSetError(err, "bind: %s", strerror(errno));
    }
    int saved = errno;
    freeaddrinfo(info);
    errno = saved;
    return ok ? ANET_OK : ANET_ERR;
}

static int anetTcpGenericConnect(char *err, const char *addr, int port, const char *source_addr, int flags) {
    char portstr[16];
    struct addrinfo hints, *servinfo, *p;

    snprintf(portstr, sizeof(portstr), "%d", port);
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rv = getaddrinfo(addr, portstr, &hints, &servinfo);
    if (rv != 0) {
        anetSetError(err, "%s", gai_strerror(rv));
        return ANET_ERR;
    }

    /* Try each address in turn; the error reported is the last one. */
    int s = -1, tried = 0;
    for (p = servinfo; p != NULL; p = p->ai_next) {
        tried = 1;
        s = anetSocket(err, p->ai_family, p->ai_socktype, p->ai_protocol);
        if (s == -1) continue;
        if ((flags & ANET_CONNECT_NONBLOCK) && anetNonBlock(err, s) == ANET_ERR) goto next;
        if (source_addr) {
            if (anetSetIntOpt(err, s, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR") == ANET_ERR) goto next;
            if (anetBindSource(err, s, source_addr, p->ai_family) == ANET_ERR &&
                !(flags & ANET_CONNECT_BE_BINDING))
                goto next;
        }
        if (connect(s, p->ai_addr, p->ai_addrlen) == 0) break;
        if (errno == EINPROGRESS && (flags & ANET_CONNECT_NONBLOCK)) break; /* under way */
        anetSetError(err, "connect: %s", strerror(errno));
    next:
        anetCloseKeepErrno(s);
        s = -1;
    }
    int saved = errno;
    freeaddrinfo(servinfo);
    errno = saved;
    if (!tried) anetSetError(err, "no address to connect to");
    return s == -1 ? ANET_ERR : s;
}

int anetTcpConnect(char *err, const char *addr, int port) {
    return anetTcpGenericConnect(err, addr, port, NULL, ANET_CONNECT_NONE);
}

int anetTcpNonBlockConnect(char *err, const char *addr, int port) {
    return anetTcpGenericConnect(err, addr, port, NULL, ANET_CONNECT_NONBLOCK);
}

int anetTcpNonBlockBindConnect(char *err, const char *addr, int port, const char *source_addr) {
    return anetTcpGenericConnect(err, addr, port, source_addr, ANET_CONNECT_NONBLOCK);
}

int anetTcpNonBlockBestEffortBindConnect(char *err, const char *addr, int port,
                                         const char *source_addr) {
    return anetTcpGenericConnect(err, addr, port, source_addr,
                                 ANET_CONNECT_NONBLOCK | ANET_CONNECT_BE_BINDING);
}

static int anetUnixGenericConnect(char *err, const char *path, int flags) {
    struct sockaddr_un sa;
    if (anetUnixAddr(err, path, &sa) == ANET_ERR) return ANET_ERR;
    int s = anetSocket(err, AF_UNIX, SOCK_STREAM, 0);
    if (s == -1) return ANET_ERR;
    if ((flags & ANET_CONNECT_NONBLOCK) && anetNonBlock(err, s) == ANET_ERR) {
        anetCloseKeepErrno(s);
        return ANET_ERR;
    }
    if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
        if (errno == EINPROGRESS && (flags & ANET_CONNECT_NONBLOCK)) return s;
        anetSetError(err, "connect: %s", strerror(errno));
        anetCloseKeepErrno(s);
        return ANET_ERR;
    }
    return s;
}

int anetUnixConnect(char *err, const char *path) {
    return anetUnixGenericConnect(err, path, ANET_CONNECT_NONE);
}

int anetUnixNonBlockConnect(char *err, const char *path) {
    return anetUnixGenericConnect(err, path, ANET_CONNECT_NONBLOCK);
}

/* ------------------------------------------------------------------------
 * Pipes and files
 * ------------------------------------------------------------------------ */

int anetPipe(int fds[2], int read_flags, int write_flags) {
    int done = 0; /* O_NONBLOCK already applied to both ends */
#if defined(__linux__)
    done = read_flags & write_flags & O_NONBLOCK;
    if (pipe2(fds, O_CLOEXEC | done) == -1) return -1;
#else
    if (pipe(fds) == -1) return -1;
    if (anetCloexec(fds[0]) == ANET_ERR || anetCloexec(fds[1]) == ANET_ERR) goto error;
#endif
    if ((read_flags & O_NONBLOCK) && !done && anetSetBlock(NULL, fds[0], 1) == ANET_ERR) goto error;
    if ((write_flags & O_NONBLOCK) && !done && anetSetBlock(NULL, fds[1], 1) == ANET_ERR) goto error;
    return 0;

error:
    anetCloseKeepErrno(fds[0]);
    anetCloseKeepErrno(fds[1]);
    fds[0] = fds[1] = -1;
    return -1;
}

int anetIsFifo(char *filepath) {
    struct stat st;
    if (stat(filepath, &st) == -1) return 0;
    return S_ISFIFO(st.st_mode) ? 1 : 0;
}
