/* childinfo.h - child processes: forking, the child's reports to its
 * parent, and reaping (see childinfo.c).
 *
 * The server forks to write a snapshot of its memory (RDB, AOF rewrite, a
 * module's fork) while it goes on serving.  At most one such child runs at
 * a time; the Lua debugger's forks (CHILD_TYPE_LDB) are not counted.
 *
 * A caller's life cycle, e.g. BGSAVE:
 *
 *     if (hasActiveChildProcess()) ...refuse...
 *     pid_t pid = redisFork(CHILD_TYPE_RDB);
 *     if (pid == 0) {                        // the child
 *         ...write, calling sendChildInfoGeneric(CHILD_INFO_TYPE_CURRENT_INFO,
 *            keys_done, -1, "RDB") now and then (every 1024 keys, at most
 *            once a second)...
 *         sendChildCowInfo(CHILD_INFO_TYPE_RDB_COW_SIZE, "RDB");
 *         exitFromChild(ok ? 0 : 1);
 *     } else if (pid == -1) { ...fork failed, errno says why... }
 *     else { ...started: server.child_pid / child_type are set... }
 *
 * The server cron then reads the child's reports into server.stat_current_*
 * and, when the child is gone, calls the purpose's done handler with the exit
 * code and the signal that killed it, if any: backgroundSaveDoneHandler (rdb.c)
 * for CHILD_TYPE_RDB, backgroundRewriteDoneHandler (aof.c) for CHILD_TYPE_AOF.
 * A child stopped with killRDBChild() (SIGUSR1) exits as if it had been
 * killed by SIGUSR1, which the done handlers treat as "not an error". */
#ifndef CHILDINFO_H
#define CHILDINFO_H

#include <stddef.h>
#include <sys/types.h>

/* What a child is for (server.child_type, server.in_fork_child). */
#define CHILD_TYPE_NONE 0
#define CHILD_TYPE_RDB 1
#define CHILD_TYPE_AOF 2
#define CHILD_TYPE_LDB 3
#define CHILD_TYPE_MODULE 4

/* Kinds of report a child sends. */
#define CHILD_INFO_TYPE_CURRENT_INFO 0     /* progress: keys done, copy-on-write so far */
#define CHILD_INFO_TYPE_AOF_COW_SIZE 1     /* final copy-on-write size, per purpose */
#define CHILD_INFO_TYPE_RDB_COW_SIZE 2
#define CHILD_INFO_TYPE_MODULE_COW_SIZE 3

/* The exit code of a child that the parent stopped on purpose (SIGUSR1). */
#define SERVER_CHILD_NOERROR_RETVAL 255

/* Set the "no child" state; once, at start-up. */
void childStateInit(void);

/* fork(): -1 on error (errno; EEXIST when a child already runs), 0 in the
 * child, the child's pid in the parent. */
int redisFork(int purpose);
/* End the child: _exit, so that no atexit handler runs and no stdio buffer
 * inherited from the parent is flushed twice. */
void exitFromChild(int retcode) __attribute__((noreturn));

/* In the child: report to the parent.  keys: keys processed so far;
 * progress: 0..1 for a module child, -1 when unknown.  pname names the
 * purpose in the log ("RDB", "AOF rewrite", "Module fork").  The copy-on-write
 * size is measured at most every so often for progress reports (it costs a
 * read of /proc), always for the final ones. */
void sendChildInfoGeneric(int info_type, size_t keys, double progress, const char *pname);
void sendChildCowInfo(int info_type, const char *pname);

/* In the parent. */
int hasActiveChildProcess(void);
void killRDBChild(void);
void killChildForShutdown(void);
void receiveChildInfo(void);
void checkChildrenDone(void);
/* Hash tables are not resized while a child shares our pages (see
 * childinfo.c); called whenever a child starts or ends. */
void updateDictResizePolicy(void);

#endif
