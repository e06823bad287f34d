/* childinfo.c - child processes: fork, the child's reports, reaping.
 *
 * Forking.  redisFork() forks and sets up both sides.  The child stops
 * listening (the sockets are the parent's), takes the process title of its
 * purpose, the oom-score-adj of a background child, and default actions for
 * SIGTERM and SIGINT (a child told to stop dies of the signal, and its parent
 * sees that); SIGUSR1 is the parent's "stop, this is not an error" and makes
 * it exit with SERVER_CHILD_NOERROR_RETVAL.  The parent counts the fork
 * (INFO total_forks, latest_fork_usec, the "fork" latency event), records
 * the child and switches hash tables to "avoid resizing".
 *
 * Why avoid resizing: after fork() parent and child share every page until
 * one of them writes it (copy-on-write).  A rehash moves every element of a
 * table, so the parent would copy all of its pages while the child is still
 * reading them, doubling the memory in the worst case.  While a child runs,
 * tables grow only when badly overfull (DICT_FORCE_RESIZE_RATIO elements per
 * bucket) and shrink only when nearly empty; the child itself never resizes
 * (it only reads).
 *
 * Reports.  A pipe goes from the child to the parent, opened before each
 * fork.  The child writes fixed-size messages (below PIPE_BUF, so each write
 * is atomic): progress (keys written, copy-on-write bytes) while it works,
 * and the final copy-on-write size at the end.  Copy-on-write is the sum of
 * Private_Dirty in /proc/self/smaps(_rollup): pages this process has written
 * since the fork and so no longer shares.  The parent reads the pipe without
 * blocking from the cron (once a second) and once more when the child has
 * exited, into server.stat_current_* (INFO persistence's current_cow_*,
 * current_save_keys_*) and server.stat_{rdb,aof,module}_cow_bytes.
 *
 * Reaping.  The cron calls checkChildrenDone() while a child runs: waitpid
 * without blocking, then the done handler of the child's purpose, then the
 * "no child" state again.  Forked Lua debugging sessions (script_ldb.c)
 * are reaped by the same call, and only forgotten: they report nothing. */
#include "server.h"
#include "childinfo.h"
#include "latency.h"
#include "proc.h"
#include "script_ldb.h"

#include <fcntl.h>
#include <sys/wait.h>

/* The done handlers live with their purposes (rdb.c, aof.c, module.c).
 * Weak references keep this file linkable before those exist. */
__attribute__((weak)) void backgroundSaveDoneHandler(int exitcode, int bysignal);
__attribute__((weak)) void backgroundRewriteDoneHandler(int exitcode, int bysignal);
__attribute__((weak)) void ModuleForkDoneHandler(int exitcode, int bysignal);

/* A message on the child info pipe.  Both ends are the same binary. */
typedef struct {
    int type;             /* CHILD_INFO_TYPE_* */
    size_t keys;          /* keys processed so far */
    size_t cow;           /* copy-on-write bytes */
    monotime cow_updated; /* when cow was measured */
    double progress;      /* module children: 0..1; -1 unknown */
} childInfoMessage;

/* The parent's partial read of the next message. */
static childInfoMessage pending_msg;
static size_t pending_nread = 0;

static const char *childTypeName(int type) {
    switch (type) {
    case CHILD_TYPE_NONE: return "none";
    case CHILD_TYPE_RDB: return "RDB";
    case CHILD_TYPE_AOF: return "AOF";
    case CHILD_TYPE_LDB: return "LDB";
    case CHILD_TYPE_MODULE: return "MODULE";
    default: return "unknown";
    }
}

/* RDB, AOF and module children exclude each other (they all snapshot the
 * dataset, and INFO reports one at a time); debugger children do not. */
static int isExclusiveChildType(int type) {
    return type == CHILD_TYPE_RDB || type == CHILD_TYPE_AOF || type == CHILD_TYPE_MODULE;
}

void childStateInit(void) {
    server.child_pid = -1;
    server.child_type = CHILD_TYPE_NONE;
    server.in_fork_child = CHILD_TYPE_NONE;
    server.child_info_pipe[0] = server.child_info_pipe[1] = -1;
}

int hasActiveChildProcess(void) { return server.child_pid != -1; }

void updateDictResizePolicy(void) {
    if (server.in_fork_child != CHILD_TYPE_NONE) dictSetResizeEnabled(DICT_RESIZE_FORBID);
    else if (hasActiveChildProcess()) dictSetResizeEnabled(DICT_RESIZE_AVOID);
    else dictSetResizeEnabled(DICT_RESIZE_ENABLE);
}

/* ===========================================================================
 * The info pipe
 * ======================================================================== */

/* The parent's end does not block (the cron must never wait for the child);
 * the child's end does, so that a report is never half written. */
static void openChildInfoPipe(void) {
    if (anetPipe(server.child_info_pipe, O_NONBLOCK, 0) == -1) {
        /* Not fatal: INFO just shows no progress for this child. */
        serverLog(LL_WARNING, "Can't open the pipe to receive child process info: %s", strerror(errno));
        server.child_info_pipe[0] = server.child_info_pipe[1] = -1;
    }
    pending_nread = 0;
}

static void closeChildInfoPipe(void) {
    for (int j = 0; j < 2; j++) {
        if (server.child_info_pipe[j] != -1) close(server.child_info_pipe[j]);
        server.child_info_pipe[j] = -1;
    }
    pending_nread = 0;
}

/* Private_Dirty of every mapping of this process, in bytes; 0 if /proc
 * cannot tell.  smaps_rollup (Linux 4.14) has the sum in one line and costs
 * far less than walking smaps, whose size grows with the mappings. */
static size_t childPrivateDirtyBytes(void) {
#if defined(__linux__)
    const char *files[] = {"/proc/self/smaps_rollup", "/proc/self/smaps"};
    for (int f = 0; f < 2; f++) {
        FILE *fp = fopen(files[f], "r");
        if (!fp) continue;
        char line[1024];
        size_t kb = 0;
        while (fgets(line, sizeof(line), fp) != NULL) {
            if (strncmp(line, "Private_Dirty:", 14) == 0) kb += strtoull(line + 14, NULL, 10);
        }
        fclose(fp);
        return kb * 1024;
    }
#endif
    return 0;
}

/* Measuring copy-on-write reads /proc, which takes time proportional to the
 * mappings: progress reports measure again only once this many times the
 * last measurement's duration has gone by, keeping the cost near 1%. */
#define CHILD_COW_DUTY_CYCLE 100

void sendChildInfoGeneric(int info_type, size_t keys, double progress, const char *pname) {
    static monotime cow_updated = 0, cow_cost = 0;
    static size_t cow = 0, cow_peak = 0, cow_samples = 0;
    static unsigned long long cow_sum = 0;

    if (server.child_info_pipe[1] == -1) return;
    monotime now = getMonotonicUs();
    if (info_type != CHILD_INFO_TYPE_CURRENT_INFO || cow_updated == 0 ||
        now - cow_updated > cow_cost * CHILD_COW_DUTY_CYCLE) {
        cow = childPrivateDirtyBytes();
        cow_updated = getMonotonicUs();
        cow_cost = cow_updated - now;
        if (cow > cow_peak) cow_peak = cow;
        cow_sum += cow;
        cow_samples++;
        int final = info_type != CHILD_INFO_TYPE_CURRENT_INFO;
        if (cow || final) {
            serverLog(final ? LL_NOTICE : LL_VERBOSE, "Fork CoW for %s: current %zu MB, peak %zu MB, average %llu MB",
                      pname, cow >> 20, cow_peak >> 20, (cow_sum / cow_samples) >> 20);
        }
    }

    childInfoMessage msg;
    memset(&msg, 0, sizeof(msg)); /* no uninitialised padding on the wire */
    msg.type = info_type;
    msg.keys = keys;
    msg.cow = cow;
    msg.cow_updated = cow_updated;
    msg.progress = progress;
    ssize_t n;
    do {
        n = write(server.child_info_pipe[1], &msg, sizeof(msg));
    } while (n == -1 && errno == EINTR);
    if (n != (ssize_t)sizeof(msg)) {
        /* The parent is gone (or closed its end): nobody wants our work. */
        serverLog(LL_WARNING, "Child failed reporting info to parent, exiting. %s",
                  n == -1 ? strerror(errno) : "short write");
        exitFromChild(1);
    }
}

void sendChildCowInfo(int info_type, const char *pname) { sendChildInfoGeneric(info_type, 0, -1, pname); }

static void applyChildInfo(const childInfoMessage *msg) {
    switch (msg->type) {
    case CHILD_INFO_TYPE_CURRENT_INFO:
        if (msg->cow > server.stat_current_cow_peak) server.stat_current_cow_peak = msg->cow;
        server.stat_current_cow_bytes = msg->cow;
        server.stat_current_cow_updated = msg->cow_updated;
        server.stat_current_save_keys_processed = msg->keys;
        if (msg->progress != -1) server.stat_module_progress = msg->progress;
        break;
    case CHILD_INFO_TYPE_AOF_COW_SIZE: server.stat_aof_cow_bytes = msg->cow; break;
    case CHILD_INFO_TYPE_RDB_COW_SIZE: server.stat_rdb_cow_bytes = msg->cow; break;
    case CHILD_INFO_TYPE_MODULE_COW_SIZE: server.stat_module_cow_bytes = msg->cow; break;
    default: serverLog(LL_WARNING, "Unknown child info message type %d", msg->type); break;
    }
}

/* Take every complete message the child has written so far. */
void receiveChildInfo(void) {
    if (server.child_info_pipe[0] == -1) return;
    for (;;) {
        ssize_t n = read(server.child_info_pipe[0], (char *)&pending_msg + pending_nread,
                         sizeof(pending_msg) - pending_nread);
        if (n == -1 && errno == EINTR) continue;
        if (n <= 0) return; /* EAGAIN: nothing more for now; 0: the child closed its end */
        pending_nread += n;
        if (pending_nread < sizeof(pending_msg)) continue;
        applyChildInfo(&pending_msg);
        pending_nread = 0;
    }
}

/* ===========================================================================
 * Forking
 * ======================================================================== */

static void childSigusr1Handler(int sig) {
    (void)sig;
    serverLogFromHandler(server.in_fork_child == CHILD_TYPE_MODULE ? LL_VERBOSE : LL_WARNING,
                         "Received SIGUSR1 in child, exiting now.");
    exitFromChild(SERVER_CHILD_NOERROR_RETVAL);
}

static void setupChildSignalHandlers(void) {
    struct sigaction act;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    act.sa_handler = childSigusr1Handler;
    sigaction(SIGUSR1, &act, NULL);
    /* The parent's handlers schedule a shutdown from the cron, which the
     * child does not run: it would ignore the signal. */
    act.sa_handler = SIG_DFL;
    sigaction(SIGTERM, &act, NULL);
    sigaction(SIGINT, &act, NULL);
}

/* Everything of the parent's that the child must not use or keep open. */
static void closeChildUnusedResources(void) {
    for (int j = 0; j < server.ipfd_count; j++) close(server.ipfd[j]);
    server.ipfd_count = 0;
    /* Close only: the socket file is the parent's, it must stay. */
    if (server.sofd != -1) close(server.sofd);
    server.sofd = -1;
    /* The pid file is the parent's too: a crashing child must not remove it
     * (the crash report removes the pid file of a daemon). */
    server.pidfile = NULL;
    if (server.child_info_pipe[0] != -1) close(server.child_info_pipe[0]);
    server.child_info_pipe[0] = -1;
}

static void childAfterFork(int purpose) {
    server.in_fork_child = purpose;
    setupChildSignalHandlers();
    setOOMScoreAdj(CONFIG_OOM_BGCHILD);
    closeChildUnusedResources();
    updateDictResizePolicy();
    if (purpose == CHILD_TYPE_RDB) redisSetProcTitle("redis-rdb-bgsave");
    else if (purpose == CHILD_TYPE_AOF) redisSetProcTitle("redis-aof-rewrite");
    const char *cpulist = purpose == CHILD_TYPE_RDB ? server.bgsave_cpulist
                          : purpose == CHILD_TYPE_AOF ? server.aof_rewrite_cpulist
                                                      : NULL;
    if (setCpuAffinity(cpulist) != 0) serverLog(LL_WARNING, "Could not set the child's CPU affinity to '%s'", cpulist);
}

static void parentAfterFork(int purpose, pid_t pid, monotime started) {
    server.stat_total_forks++;
    server.stat_fork_time = (long long)(getMonotonicUs() - started);
    /* GB per second: how fast this machine forks this much memory. */
    server.stat_fork_rate = server.stat_fork_time
                                ? (double)zmalloc_used_memory() * 1000000 / server.stat_fork_time / (1024 * 1024 * 1024)
                                : 0;
    latencyAddSampleIfNeeded("fork", server.stat_fork_time / 1000);
    if (isExclusiveChildType(purpose)) {
        server.child_pid = pid;
        server.child_type = purpose;
        server.stat_current_cow_peak = 0;
        server.stat_current_cow_bytes = 0;
        server.stat_current_cow_updated = 0;
        server.stat_current_save_keys_processed = 0;
        server.stat_module_progress = 0;
        server.stat_current_save_keys_total = dbTotalServerKeyCount();
        /* Only the child writes to the pipe. */
        if (server.child_info_pipe[1] != -1) close(server.child_info_pipe[1]);
        server.child_info_pipe[1] = -1;
    }
    updateDictResizePolicy();
}

int redisFork(int purpose) {
    int exclusive = isExclusiveChildType(purpose);
    if (exclusive) {
        if (hasActiveChildProcess()) {
            errno = EEXIST;
            return -1;
        }
        openChildInfoPipe();
    }
    monotime started = getMonotonicUs();
    pid_t pid = fork();
    if (pid == 0) {
        childAfterFork(purpose);
        return 0;
    }
    if (pid == -1) {
        int err = errno;
        if (exclusive) closeChildInfoPipe();
        errno = err;
        return -1;
    }
    parentAfterFork(purpose, pid, started);
    return pid;
}

void exitFromChild(int retcode) { _exit(retcode); }

/* ===========================================================================
 * Stopping and reaping
 * ======================================================================== */

/* The parent's side of the child is forgotten: stats of the current child
 * go back to zero (INFO shows them only while one runs). */
static void resetChildState(void) {
    server.child_type = CHILD_TYPE_NONE;
    server.child_pid = -1;
    server.stat_current_cow_peak = 0;
    server.stat_current_cow_bytes = 0;
    server.stat_current_cow_updated = 0;
    server.stat_current_save_keys_processed = 0;
    server.stat_module_progress = 0;
    server.stat_current_save_keys_total = 0;
    closeChildInfoPipe();
    updateDictResizePolicy();
}

/* Stop the saving child.  Its exit is handled by checkChildrenDone like any
 * other, whose done handler also removes its temporary file. */
void killRDBChild(void) {
    if (server.child_type != CHILD_TYPE_RDB || server.child_pid == -1) return;
    kill(server.child_pid, SIGUSR1);
}

/* Call the done handler of the child's purpose. */
static void childDone(int type, int exitcode, int bysignal) {
    void (*handler)(int, int) = NULL;
    switch (type) {
    case CHILD_TYPE_RDB: handler = backgroundSaveDoneHandler; break;
    case CHILD_TYPE_AOF: handler = backgroundRewriteDoneHandler; break;
    case CHILD_TYPE_MODULE: handler = ModuleForkDoneHandler; break;
    default: serverPanic("Unknown child type %d for child pid %d", type, (int)server.child_pid);
    }
    if (handler) handler(exitcode, bysignal);
    else serverLog(LL_WARNING, "%s child %d exited: code %d, signal %d", childTypeName(type), (int)server.child_pid,
                   exitcode, bysignal);
}

/* Our child has ended with this wait status: take its last reports, tell
 * its purpose, forget it. */
static void childEnded(int status) {
    int exitcode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    int bysignal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    /* Stopped by us with SIGUSR1: the child's handler exited with this code
     * so that it never looks like a failure of its own. */
    if (exitcode == SERVER_CHILD_NOERROR_RETVAL) {
        bysignal = SIGUSR1;
        exitcode = 1;
    }
    /* The last reports (the final copy-on-write size) first, so that the
     * done handler sees the complete picture. */
    if (!bysignal && exitcode == 0) receiveChildInfo();
    childDone(server.child_type, exitcode, bysignal);
    resetChildState();
}

/* SHUTDOWN: a running child's work would be stale, or would race with the
 * final save.  It is stopped and waited for, and ends through its done
 * handler like any child (which removes an RDB child's temporary file), so
 * that nothing is left behind if the shutdown is then aborted.  A child that
 * does not stop within a second (stuck on a dying disk) is killed. */
#define CHILD_SHUTDOWN_WAIT_MS 1000

void killChildForShutdown(void) {
    if (!hasActiveChildProcess()) return;
    switch (server.child_type) {
    case CHILD_TYPE_RDB: serverLog(LL_WARNING, "There is a child saving an .rdb. Killing it!"); break;
    case CHILD_TYPE_AOF: serverLog(LL_WARNING, "There is a child rewriting the AOF. Killing it!"); break;
    case CHILD_TYPE_MODULE: serverLog(LL_WARNING, "There is a module fork child. Killing it!"); break;
    }
    pid_t pid = server.child_pid;
    int status = 0;
    pid_t got = 0;
    kill(pid, SIGUSR1);
    for (int waited = 0; waited < CHILD_SHUTDOWN_WAIT_MS; waited++) {
        got = waitpid(pid, &status, WNOHANG);
        if (got != 0 && !(got == -1 && errno == EINTR)) break;
        usleep(1000);
    }
    if (got == 0) {
        kill(pid, SIGKILL);
        do {
            got = waitpid(pid, &status, 0);
        } while (got == -1 && errno == EINTR);
    }
    if (got == pid) childEnded(status);
    else resetChildState(); /* already reaped elsewhere: nothing to report */
}

void checkChildrenDone(void) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid == 0) return;
    if (pid == -1) {
        if (errno == ECHILD && hasActiveChildProcess()) {
            /* Someone else reaped it: nothing to report, but the slot must
             * not stay taken forever. */
            serverLog(LL_WARNING, "waitpid() returned an error: %s. child_type: %s, child_pid = %d", strerror(errno),
                      childTypeName(server.child_type), (int)server.child_pid);
            resetChildState();
        } else if (errno != ECHILD) {
            serverLog(LL_WARNING, "waitpid() returned an error: %s. child_type: %s, child_pid = %d", strerror(errno),
                      childTypeName(server.child_type), (int)server.child_pid);
        }
        return;
    }
    if (pid == server.child_pid) childEnded(status);
    else if (!ldbRemoveChild(pid)) serverLog(LL_WARNING, "Warning, detected child with unmatched pid: %ld", (long)pid);
}
