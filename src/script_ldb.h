/* script_ldb.h - the Lua debugger (LDB): SCRIPT DEBUG YES|SYNC|NO.
 *
 * A client puts itself in debug mode with SCRIPT DEBUG YES (forked) or
 * SYNC (synchronous).  Its next EVAL starts a SESSION: the script runs
 * under a line hook that stops before a line whenever the user asked to
 * step, a breakpoint is set on it, or the script called redis.breakpoint().
 * At each stop the debugger talks to the client directly on its socket,
 * outside the event loop: it sends what it has to say as one array of
 * status replies ("log lines") and reads commands (RESP arrays: "s",
 * "print a", "break 5"...) until one resumes the script.  When the script
 * ends the last lines and "<endsession>" are sent, then the EVAL's own
 * reply, and the connection is closed.
 *
 *  - SYNC: the session runs in the server itself, which serves nobody else
 *    meanwhile; the script's changes to the dataset are kept.
 *  - YES: the server forks; the child runs the session on its copy of the
 *    dataset (so every change is rolled back) and exits at the end, while
 *    the parent forgets the client and goes on serving.  The parent keeps
 *    the children's pids to reap them (they are not BGSAVE/AOF children)
 *    and to kill them at shutdown.
 *
 * Hooks for script_lua.c: ldbLineHook replaces the instruction hook while
 * a session runs; redis.call logs its command and reply while the user is
 * stepping; errors pushed to Lua are logged; redis.debug and
 * redis.breakpoint act only inside a session. */
#ifndef SCRIPT_LDB_H
#define SCRIPT_LDB_H

#include <sys/types.h>

#include "server.h"

/* Lua's types, named without its headers: this header is also read by
 * files built without the Lua include path (server.c, childinfo.c). */
struct lua_State;
struct lua_Debug;

/* SCRIPT DEBUG YES (sync == 0) or SYNC; ldbDisable is SCRIPT DEBUG NO. */
void ldbEnable(client *c, int sync);
void ldbDisable(client *c);

/* Around the EVAL of a client in debug mode.  ldbStartSession returns 1 if
 * this process runs the session (SYNC, or the forked child): run the EVAL,
 * then call ldbEndSession (which does not return in a child).  It returns
 * 0 when the EVAL must not run here: the fork failed (the error was replied)
 * or this is the parent of a forked session (the client is being freed). */
int ldbStartSession(client *c);
void ldbEndSession(client *c);

/* A session is running (in this process). */
int ldbIsActive(void);
/* A session is running and the user is stepping: redis.call logs. */
int ldbIsStepping(void);

/* The line (and count) hook installed instead of the instruction hook while
 * a session runs. */
void ldbLineHook(struct lua_State *L, struct lua_Debug *ar);

/* Log lines, sent at the next stop or at the end of the session. */
void ldbLogError(const char *msg, size_t len);   /* "<error> msg" */
void ldbLogRedisCommand(robj **argv, int argc);  /* "<redis> cmd args..." */
void ldbLogRedisReply(const char *reply);        /* "<reply> " + the reply, readable */

/* redis.debug(...) and redis.breakpoint(): Lua C functions. */
int ldbRedisDebug(struct lua_State *L);
int ldbRedisBreakpoint(struct lua_State *L);

/* Forked sessions, in the parent: a child that waitpid returned is ours
 * (removed, returns 1) or not (0); how many run; kill them all (shutdown). */
int ldbRemoveChild(pid_t pid);
int ldbPendingChildren(void);
void ldbKillForkedSessions(void);

#endif
