/* proc.c - the server as an operating-system process: supervision by
 * systemd or upstart, the process title, and the OOM killer score.
 *
 * Supervision.  Under systemd (Type=notify) the service manager passes the
 * path of a datagram socket in NOTIFY_SOCKET; we send it "STATUS=..." lines
 * while starting, "READY=1" once connections are accepted and "STOPPING=1"
 * when shutting down, so that `systemctl start` returns only when the server
 * really serves.  The protocol is a few bytes on a unix socket, written here
 * by hand rather than through libsystemd.  Under upstart (expect stop) the
 * process stops itself with SIGSTOP once ready.  `supervised auto` picks
 * whichever of the two the environment shows.
 *
 * Process title.  `ps` shows what `proc-title-template` expands to, e.g.
 * "redis-server *:6379".  Linux has no setproctitle(): the title lives in
 * the memory that held argv (and, after it, environ), so at start-up the
 * environment is copied elsewhere and that whole contiguous area becomes
 * the title buffer.
 *
 * OOM score.  With `oom-score-adj` on, /proc/self/oom_score_adj is set from
 * `oom-score-adj-values` for the process's role (primary, replica, child),
 * either as an absolute value or relative to the score the server started
 * with. */
#include "server.h"
#include "proc.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

extern char **environ;

/* ===========================================================================
 * Supervision
 * ======================================================================== */

static int supervised_mode = SUPERVISED_NONE;

/* Send one notification to systemd.  Returns the bytes sent, 0 if we are not
 * under systemd, -1 on error. */
int redisCommunicateSystemd(const char *msg) {
    if (supervised_mode != SUPERVISED_SYSTEMD) return 0;
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || !path[0]) {
        /* Supervision was asked for without a socket: each notification
         * fails, and says so, as Debian's 7.0 (built with libsystemd) does. */
        serverLog(LL_WARNING, "systemd supervision error: NOTIFY_SOCKET not found!");
        return -1;
    }
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    size_t len = strlen(path);
    if (len >= sizeof(sa.sun_path)) return -1;
    memcpy(sa.sun_path, path, len);
    if (sa.sun_path[0] == '@') sa.sun_path[0] = '\0'; /* abstract namespace */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        serverLog(LL_WARNING, "Can't connect to systemd socket %s", path);
        return -1;
    }
    ssize_t sent = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa,
                          offsetof(struct sockaddr_un, sun_path) + len);
    if (sent == -1) serverLog(LL_WARNING, "Can't send notification to systemd");
    close(fd);
    return (int)sent;
}

/* Decide the supervision mode from `supervised` and the environment; called
 * once at start-up, before daemonizing. */
void supervisedInit(int configured) {
    int mode = configured;
    if (mode == SUPERVISED_AUTODETECT) {
        if (getenv("UPSTART_JOB")) mode = SUPERVISED_UPSTART;
        else if (getenv("NOTIFY_SOCKET")) mode = SUPERVISED_SYSTEMD;
        else mode = SUPERVISED_NONE;
    }
    if (mode == SUPERVISED_UPSTART && !getenv("UPSTART_JOB")) {
        serverLog(LL_WARNING, "upstart supervision requested, but UPSTART_JOB not found!");
        mode = SUPERVISED_NONE;
    } else if (mode == SUPERVISED_SYSTEMD && !getenv("NOTIFY_SOCKET")) {
        /* The server still runs in the foreground, supervised; every
         * notification will log this again (redisCommunicateSystemd). */
        serverLog(LL_WARNING, "systemd supervision error: NOTIFY_SOCKET not found!");
        supervised_mode = mode;
        return;
    }
    if (mode == SUPERVISED_SYSTEMD) {
        serverLog(LL_NOTICE, "Supervised by systemd. Please make sure you set appropriate values for "
                             "TimeoutStartSec and TimeoutStopSec in your service unit.");
    } else if (mode == SUPERVISED_UPSTART) {
        serverLog(LL_NOTICE, "Supervised by upstart, will stop to signal readiness.");
    }
    supervised_mode = mode;
}

int supervisedMode(void) { return supervised_mode; }

/* The server accepts connections: tell the supervisor. */
void supervisedReady(void) {
    if (supervised_mode == SUPERVISED_SYSTEMD) {
        redisCommunicateSystemd("STATUS=Ready to accept connections\n");
        redisCommunicateSystemd("READY=1\n");
    } else if (supervised_mode == SUPERVISED_UPSTART) {
        unsetenv("UPSTART_JOB");
        raise(SIGSTOP);
    }
}

/* ===========================================================================
 * Process title
 * ======================================================================== */

static char *title_area;      /* argv[0] up to the end of the environment */
static size_t title_area_len; /* bytes usable for the title */
static char *title_argv0;     /* argv[0] as executed: the {title} variable */

/* Take over the argv/environ memory.  Call first thing in main(). */
void procTitleInit(int argc, char **argv) {
    title_argv0 = zstrdup(argv[0]);
    if (argc == 0 || !argv[0]) return;
    char *end = argv[0] + strlen(argv[0]) + 1;
    for (int j = 1; j < argc; j++) {
        if (argv[j] != end) break; /* not contiguous: use what we have */
        end = argv[j] + strlen(argv[j]) + 1;
    }
    int envc = 0;
    while (environ[envc]) envc++;
    if (envc && environ[0] == end) {
        for (int j = 0; j < envc && environ[j] == end; j++) end = environ[j] + strlen(environ[j]) + 1;
    }
    /* Move the environment out of the way. */
    char **newenv = malloc(sizeof(char *) * (envc + 1));
    if (!newenv) return;
    for (int j = 0; j < envc; j++) newenv[j] = strdup(environ[j]);
    newenv[envc] = NULL;
    environ = newenv;
    title_area = argv[0];
    title_area_len = end - argv[0];
}

static void setTitle(const char *title) {
    if (!title_area || title_area_len < 2) return;
    size_t len = strlen(title);
    if (len >= title_area_len) len = title_area_len - 1;
    memcpy(title_area, title, len);
    memset(title_area + len, 0, title_area_len - len);
}

/* The {listen-addr} variable: first bind address and port, or the unix
 * socket when there is no TCP port. */
static sds listenAddr(void) {
    if (server.port || !server.unixsocket) {
        const char *addr = server.bindaddr_count ? server.bindaddr[0] : "*";
        if (addr[0] == '-') addr++; /* an optional address keeps its name */
        return sdscatprintf(sdsempty(), "%s:%d", addr, server.port);
    }
    return sdsnew(server.unixsocket);
}

/* Expand a template.  NULL if it has an unknown variable or an unbalanced
 * brace.  `title` is the {title} value (the program name, or the kind of
 * child process). */
sds expandProcTitleTemplate(const char *template, const char *title) {
    sds out = sdsempty();
    const char *p = template;
    while (*p) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            out = sdscatlen(out, p, 1); /* an escaped brace */
            p += 2;
            continue;
        }
        if (*p == '}') goto bad;
        if (*p != '{') {
            out = sdscatlen(out, p, 1);
            p++;
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) goto bad;
        size_t n = close - p - 1;
        const char *name = p + 1;
        if (memchr(name, '{', n)) goto bad;
#define VAR(s) (n == strlen(s) && !memcmp(name, s, n))
        if (VAR("title")) {
            out = sdscat(out, title);
        } else if (VAR("listen-addr")) {
            sds a = listenAddr();
            out = sdscatsds(out, a);
            sdsfree(a);
        } else if (VAR("server-mode")) {
            if (server.sentinel_mode) out = sdscat(out, "[sentinel]");
        } else if (VAR("port")) {
            out = sdscatprintf(out, "%d", server.port);
        } else if (VAR("tls-port")) {
            out = sdscatprintf(out, "%d", 0);
        } else if (VAR("unixsocket")) {
            out = sdscat(out, server.unixsocket ? server.unixsocket : "");
        } else if (VAR("config-file")) {
            out = sdscat(out, server.configfile ? server.configfile : "");
        } else {
            goto bad;
        }
#undef VAR
        p = close + 1;
    }
    return sdstrim(out, " ");
bad:
    sdsfree(out);
    return NULL;
}

/* Set the title from the template; `title` NULL means the program name. */
int redisSetProcTitle(const char *title) {
    if (!server.set_proc_title || !title_area || !server.proc_title_template) return C_OK;
    sds t = expandProcTitleTemplate(server.proc_title_template, title ? title : title_argv0);
    if (!t) return C_ERR;
    setTitle(t);
    sdsfree(t);
    return C_OK;
}

/* ===========================================================================
 * OOM score
 * ======================================================================== */

static int oom_score_base = INT_MIN; /* the score we started with */

/* Apply oom-score-adj for a role (CONFIG_OOM_MASTER, _REPLICA, _BGCHILD).
 * -1 means the current role of the server.  Returns C_ERR on failure. */
int setOOMScoreAdj(int role) {
    if (role == -1) role = CONFIG_OOM_MASTER;
    if (server.oom_score_adj == OOM_SCORE_ADJ_NO && oom_score_base == INT_MIN) return C_OK;
    int fd = open("/proc/self/oom_score_adj", O_RDWR);
    if (fd == -1) {
        serverLog(LL_WARNING, "Unable to open /proc/self/oom_score_adj: %s", strerror(errno));
        return C_ERR;
    }
    char buf[64];
    if (oom_score_base == INT_MIN) {
        ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
        if (n <= 0) {
            close(fd);
            return C_ERR;
        }
        buf[n] = '\0';
        oom_score_base = atoi(buf);
    }
    int val;
    if (server.oom_score_adj == OOM_SCORE_ADJ_NO) {
        val = oom_score_base; /* switched off: back to where we started */
    } else {
        val = server.oom_score_adj_values[role];
        if (server.oom_score_adj == OOM_SCORE_ADJ_RELATIVE) val += oom_score_base;
        if (val > 1000) val = 1000;
        if (val < -1000) val = -1000;
    }
    int len = snprintf(buf, sizeof(buf), "%d\n", val);
    int ret = C_OK;
    if (pwrite(fd, buf, len, 0) != len) {
        serverLog(LL_WARNING, "Unable to write oom_score_adj: %s", strerror(errno));
        ret = C_ERR;
    }
    close(fd);
    return ret;
}
