/* test_anet.c - unit tests of the socket helpers (anet), driven through
 * the event loop for the echo tests.
 *
 * Build by hand:
 *   gcc -std=gnu11 -I src -o /tmp/test_anet src/unit/test_anet.c src/ae.c \
 *       src/anet.c src/monotonic.c src/zmalloc.c */
#include "../ae.h"
#include "../anet.h"
#include "../zmalloc.h"
#include "test_help.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static char tmpdir[64];

/* ------------------------------------------------------------------------
 * Echo over the event loop: a server that echoes what it reads, and a
 * client that connects without blocking, sends a message once writable,
 * and stops the loop when the whole echo is back.
 * ------------------------------------------------------------------------ */

#define ECHO_MSG "hello, event loop"
#define ECHO_LEN ((int)sizeof(ECHO_MSG) - 1)

typedef struct echoTest {
    int unix_socket;   /* accept with anetUnixAccept */
    int listen_fd;
    int server_conn;   /* accepted connection, -1 until then */
    int client_fd;
    char got[64];
    int got_len;
    int sent;
    int connect_error;
    char peer_ip[64];  /* as anetTcpAccept reported it */
    int peer_port;
    int timed_out;
} echoTest;

static void echo_server_read(aeEventLoop *el, int fd, void *data, int mask) {
    (void)mask;
    char buf[64];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n > 0) {
        TEST_ASSERT(write(fd, buf, (size_t)n) == n);
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        aeDeleteFileEvent(el, fd, AE_READABLE);
    }
    (void)data;
}

static void echo_accept(aeEventLoop *el, int fd, void *data, int mask) {
    (void)mask;
    echoTest *t = data;
    char err[ANET_ERR_LEN];
    for (;;) {
        int conn;
        if (t->unix_socket)
            conn = anetUnixAccept(err, fd);
        else
            conn = anetTcpAccept(err, fd, t->peer_ip, sizeof(t->peer_ip), &t->peer_port);
        if (conn == ANET_ERR) {
            /* Drained: the listener is non-blocking. */
            TEST_ASSERT_MSG(errno == EAGAIN || errno == EWOULDBLOCK, err);
            return;
        }
        TEST_ASSERT(anetNonBlock(err, conn) == ANET_OK);
        t->server_conn = conn;
        TEST_ASSERT(aeCreateFileEvent(el, conn, AE_READABLE, echo_server_read, t) == AE_OK);
    }
}

static void echo_client_read(aeEventLoop *el, int fd, void *data, int mask) {
    (void)mask;
    echoTest *t = data;
    ssize_t n = read(fd, t->got + t->got_len, sizeof(t->got) - 1 - (size_t)t->got_len);
    if (n > 0) t->got_len += (int)n;
    if (n == 0 || t->got_len >= ECHO_LEN) aeStop(el);
}

static void echo_client_write(aeEventLoop *el, int fd, void *data, int mask) {
    (void)mask;
    echoTest *t = data;
    /* Writable after a non-blocking connect: the connect finished. */
    t->connect_error = anetGetError(fd);
    aeDeleteFileEvent(el, fd, AE_WRITABLE);
    if (t->connect_error) {
        aeStop(el);
        return;
    }
    TEST_ASSERT(write(fd, ECHO_MSG, ECHO_LEN) == ECHO_LEN);
    t->sent = 1;
    aeCreateFileEvent(el, fd, AE_READABLE, echo_client_read, t);
}

static int echo_timeout(aeEventLoop *el, long long id, void *data) {
    (void)id;
    echoTest *t = data;
    t->timed_out = 1;
    aeStop(el);
    return AE_NOMORE;
}

/* Run one echo exchange between listen_fd and client_fd. */
static void run_echo(echoTest *t) {
    aeEventLoop *el = aeCreateEventLoop(128);
    char err[ANET_ERR_LEN];
    t->server_conn = -1;
    TEST_ASSERT(anetNonBlock(err, t->listen_fd) == ANET_OK);
    TEST_ASSERT(aeCreateFileEvent(el, t->listen_fd, AE_READABLE, echo_accept, t) == AE_OK);
    TEST_ASSERT(aeCreateFileEvent(el, t->client_fd, AE_WRITABLE, echo_client_write, t) == AE_OK);
    long long guard = aeCreateTimeEvent(el, 5000, echo_timeout, t, NULL);
    aeMain(el);
    TEST_ASSERT_MSG(!t->timed_out, "echo timed out");
    TEST_ASSERT(t->connect_error == 0);
    TEST_ASSERT(t->sent);
    TEST_ASSERT(t->got_len == ECHO_LEN && memcmp(t->got, ECHO_MSG, ECHO_LEN) == 0);
    TEST_ASSERT(t->server_conn != -1);
    if (!t->timed_out) aeDeleteTimeEvent(el, guard);
    aeDeleteEventLoop(el);
}

static void echo_cleanup(echoTest *t) {
    if (t->server_conn != -1) close(t->server_conn);
    close(t->client_fd);
    close(t->listen_fd);
}

static void test_tcp_echo_ipv4(void) {
    char err[ANET_ERR_LEN] = "";
    echoTest t;
    memset(&t, 0, sizeof(t));
    t.listen_fd = anetTcpServer(err, 0, "127.0.0.1", 16);
    TEST_ASSERT_MSG(t.listen_fd != ANET_ERR, err);
    if (t.listen_fd == ANET_ERR) return;

    /* Port 0: the kernel chose one; read it back. */
    char ip[64];
    int port = -1;
    TEST_ASSERT(anetFdToString(t.listen_fd, ip, sizeof(ip), &port, 0) == 0);
    TEST_ASSERT(strcmp(ip, "127.0.0.1") == 0);
    TEST_ASSERT(port > 0 && port < 65536);

    /* SO_REUSEADDR is set on listeners. */
    int val = 0;
    socklen_t len = sizeof(val);
    TEST_ASSERT(getsockopt(t.listen_fd, SOL_SOCKET, SO_REUSEADDR, &val, &len) == 0 && val);
    /* And they are close-on-exec. */
    TEST_ASSERT(fcntl(t.listen_fd, F_GETFD) & FD_CLOEXEC);

    t.client_fd = anetTcpNonBlockConnect(err, "127.0.0.1", port);
    TEST_ASSERT_MSG(t.client_fd != ANET_ERR, err);
    if (t.client_fd == ANET_ERR) {
        close(t.listen_fd);
        return;
    }
    TEST_ASSERT(fcntl(t.client_fd, F_GETFL) & O_NONBLOCK);
    run_echo(&t);

    /* Both ends agree on the addresses. */
    char cip[64], sip[64], fmt[80], want[80];
    int cport = 0, sport = 0;
    TEST_ASSERT(anetFdToString(t.client_fd, cip, sizeof(cip), &cport, 0) == 0);
    TEST_ASSERT(strcmp(cip, "127.0.0.1") == 0);
    TEST_ASSERT(strcmp(t.peer_ip, "127.0.0.1") == 0 && t.peer_port == cport);
    TEST_ASSERT(anetFdToString(t.server_conn, sip, sizeof(sip), &sport, 1) == 0);
    TEST_ASSERT(strcmp(sip, "127.0.0.1") == 0 && sport == cport);
    TEST_ASSERT(anetFdToString(t.client_fd, sip, sizeof(sip), &sport, 1) == 0);
    TEST_ASSERT(sport == port);
    TEST_ASSERT(fcntl(t.server_conn, F_GETFD) & FD_CLOEXEC);
    anetFormatAddr(fmt, sizeof(fmt), cip, cport);
    snprintf(want, sizeof(want), "127.0.0.1:%d", cport);
    TEST_ASSERT(strcmp(fmt, want) == 0);
    echo_cleanup(&t);
}

static void test_tcp_echo_ipv6(void) {
    char err[ANET_ERR_LEN] = "";
    echoTest t;
    memset(&t, 0, sizeof(t));
    t.listen_fd = anetTcp6Server(err, 0, "::1", 16);
    if (t.listen_fd == ANET_ERR) {
        printf("  (IPv6 loopback unavailable, skipped: %s)\n", err);
        return;
    }
    int v6only = 0;
    socklen_t len = sizeof(v6only);
    TEST_ASSERT(getsockopt(t.listen_fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len) == 0 && v6only);

    char ip[64];
    int port = -1;
    TEST_ASSERT(anetFdToString(t.listen_fd, ip, sizeof(ip), &port, 0) == 0);
    TEST_ASSERT(strcmp(ip, "::1") == 0);
    TEST_ASSERT(port > 0);

    t.client_fd = anetTcpNonBlockConnect(err, "::1", port);
    TEST_ASSERT_MSG(t.client_fd != ANET_ERR, err);
    if (t.client_fd == ANET_ERR) {
        close(t.listen_fd);
        return;
    }
    run_echo(&t);
    TEST_ASSERT(strcmp(t.peer_ip, "::1") == 0);

    char fmt[80], want[80];
    anetFormatAddr(fmt, sizeof(fmt), t.peer_ip, t.peer_port);
    snprintf(want, sizeof(want), "[::1]:%d", t.peer_port);
    TEST_ASSERT(strcmp(fmt, want) == 0);
    echo_cleanup(&t);
}

static void test_unix_echo(void) {
    char err[ANET_ERR_LEN] = "";
    char path[128];
    snprintf(path, sizeof(path), "%s/echo.sock", tmpdir);
    echoTest t;
    memset(&t, 0, sizeof(t));
    t.unix_socket = 1;
    t.listen_fd = anetUnixServer(err, path, 0700, 16);
    TEST_ASSERT_MSG(t.listen_fd != ANET_ERR, err);
    if (t.listen_fd == ANET_ERR) return;

    struct stat st;
    TEST_ASSERT(stat(path, &st) == 0);
    TEST_ASSERT(S_ISSOCK(st.st_mode));
    TEST_ASSERT((st.st_mode & 0777) == 0700);

    /* The path is taken: a second server there fails. */
    int again = anetUnixServer(err, path, 0700, 16);
    TEST_ASSERT(again == ANET_ERR && errno == EADDRINUSE);
    TEST_ASSERT(strstr(err, "bind") != NULL);

    t.client_fd = anetUnixNonBlockConnect(err, path);
    TEST_ASSERT_MSG(t.client_fd != ANET_ERR, err);
    if (t.client_fd == ANET_ERR) {
        close(t.listen_fd);
        unlink(path);
        return;
    }
    run_echo(&t);

    /* Addresses of unix sockets: the path, port 0, from either end. */
    char ip[160];
    int port = -1;
    TEST_ASSERT(anetFdToString(t.listen_fd, ip, sizeof(ip), &port, 0) == 0);
    TEST_ASSERT(strcmp(ip, path) == 0 && port == 0);
    port = -1;
    TEST_ASSERT(anetFdToString(t.server_conn, ip, sizeof(ip), &port, 1) == 0);
    TEST_ASSERT(strcmp(ip, path) == 0 && port == 0);
    TEST_ASSERT(anetFdToString(t.server_conn, ip, sizeof(ip), &port, 0) == 0);
    TEST_ASSERT(strcmp(ip, path) == 0);
    TEST_ASSERT(anetFdToString(t.client_fd, ip, sizeof(ip), &port, 1) == 0);
    TEST_ASSERT(strcmp(ip, path) == 0);
    TEST_ASSERT(anetFdToString(t.client_fd, ip, sizeof(ip), &port, 0) == 0);
    TEST_ASSERT(strcmp(ip, "") == 0 && port == 0);
    echo_cleanup(&t);

    /* A blocking client, and perm 0 leaving the mode alone. */
    unlink(path);
    mode_t old = umask(022);
    int s = anetUnixServer(err, path, 0, 4);
    umask(old);
    TEST_ASSERT_MSG(s != ANET_ERR, err);
    TEST_ASSERT(stat(path, &st) == 0 && (st.st_mode & 0777) == 0755);
    int c = anetUnixConnect(err, path);
    TEST_ASSERT_MSG(c != ANET_ERR, err);
    TEST_ASSERT(!(fcntl(c, F_GETFL) & O_NONBLOCK));
    int a = anetUnixAccept(err, s);
    TEST_ASSERT_MSG(a != ANET_ERR, err);
    TEST_ASSERT(write(c, "u", 1) == 1);
    char ch = 0;
    TEST_ASSERT(read(a, &ch, 1) == 1 && ch == 'u');
    close(a);
    close(c);
    close(s);
    unlink(path);

    /* No server there any more. */
    TEST_ASSERT(anetUnixConnect(err, path) == ANET_ERR);
    TEST_ASSERT(strstr(err, "connect") != NULL);

    /* A path longer than sun_path. */
    char longpath[300];
    memset(longpath, 'x', sizeof(longpath) - 1);
    longpath[0] = '/';
    longpath[sizeof(longpath) - 1] = '\0';
    TEST_ASSERT(anetUnixServer(err, longpath, 0, 4) == ANET_ERR);
    TEST_ASSERT(anetUnixConnect(err, longpath) == ANET_ERR);
    TEST_ASSERT(errno == ENAMETOOLONG);
}

/* ------------------------------------------------------------------------
 * Blocking TCP, accept without pending connections, errors
 * ------------------------------------------------------------------------ */

static void test_tcp_blocking_and_errors(void) {
    char err[ANET_ERR_LEN] = "";
    int s = anetTcpServer(err, 0, NULL, 8); /* every address */
    TEST_ASSERT_MSG(s != ANET_ERR, err);
    if (s == ANET_ERR) return;
    char ip[64];
    int port;
    TEST_ASSERT(anetFdToString(s, ip, sizeof(ip), &port, 0) == 0);
    TEST_ASSERT(strcmp(ip, "0.0.0.0") == 0);

    /* Nothing pending on a non-blocking listener: EAGAIN comes back. */
    TEST_ASSERT(anetNonBlock(err, s) == ANET_OK);
    errno = 0;
    TEST_ASSERT(anetTcpAccept(err, s, ip, sizeof(ip), &port) == ANET_ERR);
    TEST_ASSERT(errno == EAGAIN || errno == EWOULDBLOCK);
    TEST_ASSERT(strstr(err, "accept") != NULL);
    TEST_ASSERT(anetBlock(err, s) == ANET_OK);
    TEST_ASSERT(!(fcntl(s, F_GETFL) & O_NONBLOCK));

    /* A blocking connect and accept; NULL ip and port are fine. */
    int c = anetTcpConnect(err, "127.0.0.1", port);
    TEST_ASSERT_MSG(c != ANET_ERR, err);
    TEST_ASSERT(!(fcntl(c, F_GETFL) & O_NONBLOCK));
    int a = anetTcpAccept(err, s, NULL, 0, NULL);
    TEST_ASSERT_MSG(a != ANET_ERR, err);

    /* Socket options. */
    int val = -1;
    socklen_t len = sizeof(val);
    TEST_ASSERT(anetEnableTcpNoDelay(err, c) == ANET_OK);
    TEST_ASSERT(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, &len) == 0 && val);
    TEST_ASSERT(anetDisableTcpNoDelay(err, c) == ANET_OK);
    len = sizeof(val);
    TEST_ASSERT(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, &len) == 0 && !val);

    TEST_ASSERT(anetKeepAlive(err, c, 300) == ANET_OK);
    len = sizeof(val);
    TEST_ASSERT(getsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &val, &len) == 0 && val);
#if defined(__linux__)
    len = sizeof(val);
    TEST_ASSERT(getsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, &val, &len) == 0 && val == 300);
    len = sizeof(val);
    TEST_ASSERT(getsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, &val, &len) == 0 && val == 100);
    len = sizeof(val);
    TEST_ASSERT(getsockopt(c, IPPROTO_TCP, TCP_KEEPCNT, &val, &len) == 0 && val == 3);
    TEST_ASSERT(anetKeepAlive(err, c, 2) == ANET_OK);
    len = sizeof(val);
    TEST_ASSERT(getsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, &val, &len) == 0 && val == 1);
#endif

    struct timeval tv;
    len = sizeof(tv);
    TEST_ASSERT(anetSendTimeout(err, c, 1500) == ANET_OK);
    TEST_ASSERT(getsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, &len) == 0);
    TEST_ASSERT(tv.tv_sec == 1 && tv.tv_usec >= 490000 && tv.tv_usec <= 510000);
    TEST_ASSERT(anetRecvTimeout(err, a, 50) == ANET_OK);
    len = sizeof(tv);
    TEST_ASSERT(getsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, &len) == 0);
    TEST_ASSERT(tv.tv_sec == 0 && tv.tv_usec > 0 && tv.tv_usec <= 60000);
    /* The receive timeout works: a read with nothing sent gives up. */
    char buf[4];
    errno = 0;
    TEST_ASSERT(read(a, buf, sizeof(buf)) == -1);
    TEST_ASSERT(errno == EAGAIN || errno == EWOULDBLOCK);

    TEST_ASSERT(anetGetError(c) == 0);
    close(a);
    close(c);
    close(s);

    /* Nobody listens there now. */
    errno = 0;
    TEST_ASSERT(anetTcpConnect(err, "127.0.0.1", port) == ANET_ERR);
    TEST_ASSERT(errno == ECONNREFUSED);
    TEST_ASSERT(strstr(err, "connect") != NULL);

    /* Address in use. */
    int s1 = anetTcpServer(err, 0, "127.0.0.1", 8);
    TEST_ASSERT(s1 != ANET_ERR);
    TEST_ASSERT(anetFdToString(s1, ip, sizeof(ip), &port, 0) == 0);
    TEST_ASSERT(anetTcpServer(err, port, "127.0.0.1", 8) == ANET_ERR);
    TEST_ASSERT(errno == EADDRINUSE && strstr(err, "bind") != NULL);
    close(s1);

    /* Bad addresses. */
    TEST_ASSERT(anetTcpServer(err, 0, "not an address", 8) == ANET_ERR);
    TEST_ASSERT(strlen(err) > 0);
    TEST_ASSERT(anetTcp6Server(err, 0, "127.0.0.1", 8) == ANET_ERR);
    /* NULL err is allowed everywhere. */
    TEST_ASSERT(anetTcpServer(NULL, 0, "not an address", 8) == ANET_ERR);
    TEST_ASSERT(anetNonBlock(NULL, -1) == ANET_ERR);
    TEST_ASSERT(anetEnableTcpNoDelay(NULL, -1) == ANET_ERR);
    TEST_ASSERT(anetCloexec(-1) == ANET_ERR);
}

/* A non-blocking connect bound to a source address. */
static void test_tcp_bind_connect(void) {
    char err[ANET_ERR_LEN] = "";
    int s = anetTcpServer(err, 0, "127.0.0.1", 8);
    TEST_ASSERT_MSG(s != ANET_ERR, err);
    if (s == ANET_ERR) return;
    char ip[64];
    int port, cport;
    TEST_ASSERT(anetFdToString(s, ip, sizeof(ip), &port, 0) == 0);

    int c = anetTcpNonBlockBindConnect(err, "127.0.0.1", port, "127.0.0.1");
    TEST_ASSERT_MSG(c != ANET_ERR, err);
    TEST_ASSERT(aeWait(c, AE_WRITABLE, 2000) == AE_WRITABLE);
    TEST_ASSERT(anetGetError(c) == 0);
    int a = anetTcpAccept(err, s, ip, sizeof(ip), &cport);
    TEST_ASSERT_MSG(a != ANET_ERR, err);
    TEST_ASSERT(strcmp(ip, "127.0.0.1") == 0);
    close(a);
    close(c);

    /* A source address this host does not have: fails strictly, works
     * best effort. */
    c = anetTcpNonBlockBindConnect(err, "127.0.0.1", port, "192.0.2.1");
    TEST_ASSERT(c == ANET_ERR);
    TEST_ASSERT(strstr(err, "bind") != NULL);
    c = anetTcpNonBlockBestEffortBindConnect(err, "127.0.0.1", port, "192.0.2.1");
    TEST_ASSERT_MSG(c != ANET_ERR, err);
    TEST_ASSERT(aeWait(c, AE_WRITABLE, 2000) == AE_WRITABLE);
    TEST_ASSERT(anetGetError(c) == 0);
    a = anetTcpAccept(err, s, NULL, 0, NULL);
    TEST_ASSERT(a != ANET_ERR);
    close(a);
    close(c);
    close(s);
}

/* ------------------------------------------------------------------------
 * Resolving and formatting
 * ------------------------------------------------------------------------ */

static void test_resolve(void) {
    char err[ANET_ERR_LEN] = "";
    char ip[64];
    TEST_ASSERT(anetResolve(err, "127.0.0.1", ip, sizeof(ip), ANET_IP_ONLY) == ANET_OK);
    TEST_ASSERT(strcmp(ip, "127.0.0.1") == 0);
    TEST_ASSERT(anetResolve(err, "::1", ip, sizeof(ip), ANET_IP_ONLY) == ANET_OK);
    TEST_ASSERT(strcmp(ip, "::1") == 0);
    TEST_ASSERT(anetResolve(err, "localhost", ip, sizeof(ip), ANET_IP_ONLY) == ANET_ERR);
    TEST_ASSERT(strlen(err) > 0);
    if (anetResolve(err, "localhost", ip, sizeof(ip), ANET_NONE) == ANET_OK)
        TEST_ASSERT(strcmp(ip, "127.0.0.1") == 0 || strcmp(ip, "::1") == 0);
    else
        printf("  (localhost does not resolve here: %s)\n", err);
    /* Too small a buffer is an error, not an overflow. */
    char tiny[4];
    TEST_ASSERT(anetResolve(err, "127.0.0.1", tiny, sizeof(tiny), ANET_IP_ONLY) == ANET_ERR);
}

static void test_format_addr(void) {
    char buf[64];
    TEST_ASSERT(anetFormatAddr(buf, sizeof(buf), "10.0.0.1", 6379) == 13);
    TEST_ASSERT(strcmp(buf, "10.0.0.1:6379") == 0);
    anetFormatAddr(buf, sizeof(buf), "fe80::1", 7000);
    TEST_ASSERT(strcmp(buf, "[fe80::1]:7000") == 0);
    anetFormatAddr(buf, sizeof(buf), "/tmp/redis.sock", 0);
    TEST_ASSERT(strcmp(buf, "/tmp/redis.sock:0") == 0);
    /* Truncates safely. */
    char small[6];
    anetFormatAddr(small, sizeof(small), "127.0.0.1", 1);
    TEST_ASSERT(strcmp(small, "127.0") == 0);
}

static void test_fd_to_string_errors(void) {
    char ip[64];
    int port = 99;
    int fds[2];
    TEST_ASSERT(anetFdToString(-1, ip, sizeof(ip), &port, 0) == -1);
    TEST_ASSERT(strcmp(ip, "?") == 0 && port == 0);
    /* Not a socket. */
    TEST_ASSERT(pipe(fds) == 0);
    port = 99;
    TEST_ASSERT(anetFdToString(fds[0], ip, sizeof(ip), &port, 1) == -1);
    TEST_ASSERT(strcmp(ip, "?") == 0 && port == 0);
    close(fds[0]);
    close(fds[1]);
    /* An unconnected socket has no peer. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    TEST_ASSERT(anetFdToString(s, ip, sizeof(ip), &port, 1) == -1);
    TEST_ASSERT(anetFdToString(s, NULL, 0, NULL, 0) == 0);
    close(s);
    /* Socketpair ends have no path. */
    int sv[2];
    TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    port = 99;
    TEST_ASSERT(anetFdToString(sv[0], ip, sizeof(ip), &port, 1) == 0);
    TEST_ASSERT(strcmp(ip, "") == 0 && port == 0);
    close(sv[0]);
    close(sv[1]);
}

/* ------------------------------------------------------------------------
 * Pipes and FIFOs
 * ------------------------------------------------------------------------ */

static void test_pipe_and_fifo(void) {
    int fds[2];
    TEST_ASSERT(anetPipe(fds, O_NONBLOCK, 0) == 0);
    TEST_ASSERT(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
    TEST_ASSERT(!(fcntl(fds[1], F_GETFL) & O_NONBLOCK));
    TEST_ASSERT(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
    TEST_ASSERT(fcntl(fds[1], F_GETFD) & FD_CLOEXEC);
    TEST_ASSERT(write(fds[1], "p", 1) == 1);
    char c;
    TEST_ASSERT(read(fds[0], &c, 1) == 1 && c == 'p');
    TEST_ASSERT(read(fds[0], &c, 1) == -1 && errno == EAGAIN);
    close(fds[0]);
    close(fds[1]);

    TEST_ASSERT(anetPipe(fds, 0, O_NONBLOCK) == 0);
    TEST_ASSERT(!(fcntl(fds[0], F_GETFL) & O_NONBLOCK));
    TEST_ASSERT(fcntl(fds[1], F_GETFL) & O_NONBLOCK);
    close(fds[0]);
    close(fds[1]);

    TEST_ASSERT(anetPipe(fds, O_NONBLOCK | O_CLOEXEC, O_NONBLOCK | O_CLOEXEC) == 0);
    TEST_ASSERT(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
    TEST_ASSERT(fcntl(fds[1], F_GETFL) & O_NONBLOCK);
    close(fds[0]);
    close(fds[1]);

    char fifo[128], file[128];
    snprintf(fifo, sizeof(fifo), "%s/fifo", tmpdir);
    snprintf(file, sizeof(file), "%s/file", tmpdir);
    TEST_ASSERT(mkfifo(fifo, 0600) == 0);
    int fd = open(file, O_CREAT | O_WRONLY, 0600);
    TEST_ASSERT(fd != -1);
    close(fd);
    TEST_ASSERT(anetIsFifo(fifo) == 1);
    TEST_ASSERT(anetIsFifo(file) == 0);
    TEST_ASSERT(anetIsFifo(tmpdir) == 0);
    TEST_ASSERT(anetIsFifo("/nonexistent/path/x") == 0);
    unlink(fifo);
    unlink(file);
}

/* Cloexec on a plain descriptor. */
static void test_cloexec(void) {
    int fd = dup(1);
    TEST_ASSERT(fd != -1);
    TEST_ASSERT(!(fcntl(fd, F_GETFD) & FD_CLOEXEC));
    TEST_ASSERT(anetCloexec(fd) == ANET_OK);
    TEST_ASSERT(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    TEST_ASSERT(anetCloexec(fd) == ANET_OK);
    close(fd);
}

int main(void) {
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_anet.XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    size_t used_before = zmalloc_used_memory();
    RUN_TEST(test_tcp_echo_ipv4);
    RUN_TEST(test_tcp_echo_ipv6);
    RUN_TEST(test_unix_echo);
    RUN_TEST(test_tcp_blocking_and_errors);
    RUN_TEST(test_tcp_bind_connect);
    RUN_TEST(test_resolve);
    RUN_TEST(test_format_addr);
    RUN_TEST(test_fd_to_string_errors);
    RUN_TEST(test_pipe_and_fifo);
    RUN_TEST(test_cloexec);
    if (zmalloc_used_memory() != used_before) {
        fprintf(stderr, "leak: %zu bytes still allocated\n", zmalloc_used_memory() - used_before);
        test_failed_++;
    }
    rmdir(tmpdir);
    return TEST_REPORT();
}
