/* script.h - running scripts, independent of the language and of how the
 * script was named (EVAL in eval.c, FCALL in functions.c).
 *
 * One script runs at a time.  Its engine calls, in order:
 *
 *     scriptRunCtx rctx;
 *     if (scriptPrepareForRun(&rctx, engine_client, caller, name, flags, ro) != C_OK)
 *         return;                        // the caller already has the error
 *     ... run the code; every redis.call goes through scriptCall(&rctx, &err),
 *     ... and the engine's interrupt hook calls scriptInterrupt(&rctx) often
 *     scriptResetRun(&rctx);
 *
 * The run context ties together the CALLER (the client that sent EVAL or
 * FCALL; it gets the script's result) and the ENGINE CLIENT (a fake client,
 * flagged CLIENT_LUA, that runs the commands the script calls; its replies
 * are parsed back into the language's values).
 *
 * Script flags are declared by the script itself: the shebang line of an
 * EVAL body ("#!lua flags=no-writes,allow-oom") or FUNCTION's
 * register_function{flags=...}.  A body without a shebang runs in
 * compatibility mode (SCRIPT_FLAG_EVAL_COMPAT_MODE): writes allowed, OOM
 * checked at its first write, as before Redis 7.0.
 *
 * Busy scripts.  A script that runs longer than busy-reply-threshold is
 * "timed out": from the interrupt hook, scriptInterrupt() lets the event
 * loop serve clients (processEventsWhileBlocked).  Other clients then get
 * -BUSY for all but the commands flagged allow-busy (SCRIPT KILL, FUNCTION
 * KILL, SHUTDOWN NOSAVE, CLIENT..., see scriptBusyRejects()), and the caller
 * is protected from being freed.  SCRIPT KILL (is_eval) or FUNCTION KILL
 * stop the script at its next hook call, unless it has written: then
 * -UNKILLABLE, and only SHUTDOWN NOSAVE ends it. */
#ifndef SCRIPT_H
#define SCRIPT_H

#include "server.h"

/* Flags a script declares (shebang, register_function).  The same bit
 * values as Redis, since FUNCTION DUMP payloads carry them. */
#define SCRIPT_FLAG_NO_WRITES (1ULL << 0)
#define SCRIPT_FLAG_ALLOW_OOM (1ULL << 1)
#define SCRIPT_FLAG_ALLOW_STALE (1ULL << 2)
#define SCRIPT_FLAG_NO_CLUSTER (1ULL << 3)
#define SCRIPT_FLAG_EVAL_COMPAT_MODE (1ULL << 4) /* no shebang: not a user-visible name */
#define SCRIPT_FLAG_ALLOW_CROSS_SLOT (1ULL << 5)

/* The user-visible flag names, in the order FUNCTION LIST shows them;
 * the table ends with {0, NULL}. */
typedef struct scriptFlagName {
    uint64_t flag;
    const char *name;
} scriptFlagName;
extern const scriptFlagName scriptFlagNames[];

/* The flag called 'name' (case-sensitive, as Redis): C_OK and *flag set,
 * or C_ERR for an unknown name (the caller words the error: EVAL's shebang
 * and FUNCTION say it differently). */
int scriptFlagFromName(const char *name, size_t len, uint64_t *flag);

/* What the declared flags mean to processCommand: the command flags
 * EVAL/FCALL behave as (write, denyoom, stale...) before the script runs.
 * cmd_flags are the command's own (EVAL_RO's include readonly). */
uint64_t scriptFlagsToCmdFlags(uint64_t cmd_flags, uint64_t script_flags);

/* The flags processCommand judges c's command by: for EVAL* and FCALL*
 * those its script declares (evalGetCommandFlags, fcallGetCommandFlags),
 * for any other command cmd_flags unchanged. */
uint64_t scriptDeclaredCommandFlags(client *c, uint64_t cmd_flags);

/* Run-time state bits of a run context (scriptRunCtx.flags). */
#define SCRIPT_RUN_WRITE_DIRTY (1 << 0)  /* a write command ran: the script can no longer be killed */
#define SCRIPT_RUN_TIMEDOUT (1 << 1)     /* past busy-reply-threshold: events are being served */
#define SCRIPT_RUN_KILLED (1 << 2)       /* SCRIPT KILL / FUNCTION KILL asked it to stop */
#define SCRIPT_RUN_READ_ONLY (1 << 3)    /* *_RO command or no-writes flag */
#define SCRIPT_RUN_ALLOW_OOM (1 << 4)    /* allow-oom flag */
#define SCRIPT_RUN_EVAL_MODE (1 << 5)    /* started by EVAL (vs FCALL): which KILL applies */
#define SCRIPT_RUN_COMPAT_MODE (1 << 6)  /* no shebang */
#define SCRIPT_RUN_KILL_LOGGED (1 << 7)  /* the kill was logged (the engine raises it more than once) */

/* Where redis.set_repl lets the script's writes go. */
#define PROPAGATE_NONE 0
#define PROPAGATE_AOF 1
#define PROPAGATE_REPL 2

typedef struct scriptRunCtx {
    const char *funcname;     /* for errors: the SHA1 (EVAL) or the function name */
    client *caller;           /* the client that sent EVAL/FCALL */
    client *c;                /* the engine's fake client (CLIENT_LUA) */
    int flags;                /* SCRIPT_RUN_* */
    int repl_flags;           /* PROPAGATE_*: redis.set_repl */
    int oom_at_start;         /* used memory was over maxmemory when the script started */
    monotime start_time;      /* for busy-reply-threshold */
} scriptRunCtx;

/* Check that a script with these flags may run now (stale replica, MISCONF,
 * write flag used with a *_RO command, OOM without allow-oom...), replying
 * the error to the caller and returning C_ERR if not.  On C_OK the context
 * is the running one: the engine client gets the caller's database, RESP 2
 * and MULTI state; is_eval selects SCRIPT KILL vs FUNCTION KILL. */
int scriptPrepareForRun(scriptRunCtx *rctx, client *engine_client, client *caller, const char *funcname,
                        uint64_t script_flags, int ro, int is_eval);

/* The script ended (normally, with an error, or killed): the engine client's
 * database goes back to the caller; if the script was timed out, the caller
 * is unprotected and the -BUSY period ends (and is logged). */
void scriptResetRun(scriptRunCtx *rctx);

/* Run rctx->c->argv/argc (set by the engine) as a command of the script,
 * with every check a script call needs: unknown command, arity, noscript
 * commands, write commands in read-only scripts, OOM, MISCONF, ACL-free
 * key checks.  On refusal *err is the error as a RESP error text without
 * CRLF ("-ERR ...", "-OOM ...") for the engine to raise; otherwise the command ran
 * through call() and its reply is in rctx->c's reply buffer, *err NULL. */
void scriptCall(scriptRunCtx *rctx, sds *err);

/* Called by the engine's interrupt hook.  Past busy-reply-threshold it
 * marks the script timed out (once), protects the caller and serves events.
 * Returns SCRIPT_CONTINUE, or SCRIPT_KILL when a KILL asked the script to
 * stop: the engine then raises its "Script killed by user" error. */
#define SCRIPT_CONTINUE 0
#define SCRIPT_KILL 1
int scriptInterrupt(scriptRunCtx *rctx);

/* redis.set_repl: PROPAGATE_* bits; C_ERR for a value out of range. */
int scriptSetRepl(scriptRunCtx *rctx, int repl);
/* redis.setresp: 2 or 3; C_ERR otherwise. */
int scriptSetResp(scriptRunCtx *rctx, int resp);

/* The running script, if any. */
int scriptIsRunning(void);
int scriptIsTimedout(void);
int scriptIsEval(void);                /* started by EVAL* (else FCALL) */
client *scriptGetClient(void);         /* the engine client */
client *scriptGetCaller(void);
const char *scriptCurrFunction(void);
long long scriptRunDuration(void);     /* milliseconds */

/* SCRIPT KILL (is_eval) and FUNCTION KILL: replies to c (+OK, -NOTBUSY,
 * -UNKILLABLE, or the error for the wrong KILL). */
void scriptKill(client *c, int is_eval);

/* processCommand's -BUSY step: while a script is timed out, should this
 * command be refused?  If so, fills *err with the -BUSY text for the kind
 * of script running. */
int scriptBusyRejects(client *c, const char **err);

#endif
