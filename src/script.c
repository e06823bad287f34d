/* script.c - running scripts, whatever their language and however they were
 * named: the run context, the checks on every command a script calls, and
 * the busy-script machinery (serving events, -BUSY, SCRIPT/FUNCTION KILL).
 * See script.h for the overview. */
#include "script.h"
#include "eval.h"
#include "functions.h"
#include "aof.h"
#include "evict.h"
#include "multi.h"
#include "rdb.h"

/* The script running now, NULL when none: scripts never nest. */
static scriptRunCtx *curr_run_ctx = NULL;

const scriptFlagName scriptFlagNames[] = {
    {SCRIPT_FLAG_NO_WRITES, "no-writes"},
    {SCRIPT_FLAG_ALLOW_OOM, "allow-oom"},
    {SCRIPT_FLAG_ALLOW_STALE, "allow-stale"},
    {SCRIPT_FLAG_NO_CLUSTER, "no-cluster"},
    {SCRIPT_FLAG_ALLOW_CROSS_SLOT, "allow-cross-slot-keys"},
    {0, NULL},
};

int scriptFlagFromName(const char *name, size_t len, uint64_t *flag) {
    for (const scriptFlagName *f = scriptFlagNames; f->name; f++) {
        if (strlen(f->name) == len && !memcmp(f->name, name, len)) {
            *flag = f->flag;
            return C_OK;
        }
    }
    return C_ERR;
}

/* A script that declares its flags tells processCommand what it may do
 * before it runs: a script that may write is a write command (refused on
 * MISCONF, denied on OOM unless allow-oom).  Without a shebang, EVAL keeps
 * its own flags and the checks happen at each call inside the script. */
uint64_t scriptFlagsToCmdFlags(uint64_t cmd_flags, uint64_t script_flags) {
    if (script_flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) return cmd_flags;
    cmd_flags &= ~(CMD_STALE | CMD_DENYOOM | CMD_WRITE | CMD_MAY_REPLICATE);
    if (script_flags & SCRIPT_FLAG_ALLOW_STALE) cmd_flags |= CMD_STALE;
    if (!(script_flags & SCRIPT_FLAG_NO_WRITES)) {
        cmd_flags |= CMD_WRITE;
        if (!(script_flags & SCRIPT_FLAG_ALLOW_OOM)) cmd_flags |= CMD_DENYOOM;
    }
    return cmd_flags;
}

/* ===========================================================================
 * Starting and ending a run
 * ======================================================================== */

static const char *misconfRdbScriptErr =
    "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Writable "
    "scripts are blocked. Use 'no-writes' flag for read only scripts.";

int scriptPrepareForRun(scriptRunCtx *rctx, client *engine_client, client *caller, const char *funcname,
                        uint64_t script_flags, int ro, int is_eval) {
    serverAssert(curr_run_ctx == NULL);
    int compat = (script_flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) != 0;
    if (!compat && !(script_flags & SCRIPT_FLAG_NO_WRITES)) {
        /* A script that may write: refused now rather than half-way. */
        int aof_errno = 0;
        if (rdbWritesDeniedByBgsaveError()) {
            addReplyError(caller, misconfRdbScriptErr);
            return C_ERR;
        }
        if ((aof_errno = aofWritesDeniedByError()) != 0) {
            addReplyErrorFormat(caller, "-MISCONF Errors writing to the AOF file: %s", strerror(aof_errno));
            return C_ERR;
        }
        if (ro) {
            addReplyError(caller, "Can not execute a script with write flag using *_ro command.");
            return C_ERR;
        }
    }
    int oom = server.maxmemory && performEvictions() == EVICT_FAIL;
    /* no-writes implies allow-oom; checked after the write-flag errors so
     * that the message need not mention it. */
    if (!compat && oom && !(script_flags & (SCRIPT_FLAG_ALLOW_OOM | SCRIPT_FLAG_NO_WRITES))) {
        addReplyError(caller, "-OOM allow-oom flag is not set on the script, can not run it when used memory > "
                              "'maxmemory'");
        return C_ERR;
    }

    rctx->funcname = funcname;
    rctx->caller = caller;
    rctx->c = engine_client;
    rctx->flags = 0;
    rctx->repl_flags = PROPAGATE_AOF | PROPAGATE_REPL;
    rctx->oom_at_start = oom;
    rctx->start_time = getMonotonicUs();
    if (is_eval) rctx->flags |= SCRIPT_RUN_EVAL_MODE;
    if (compat) rctx->flags |= SCRIPT_RUN_COMPAT_MODE;
    if (ro || (!compat && (script_flags & SCRIPT_FLAG_NO_WRITES))) rctx->flags |= SCRIPT_RUN_READ_ONLY;
    if (!compat && (script_flags & SCRIPT_FLAG_ALLOW_OOM)) rctx->flags |= SCRIPT_RUN_ALLOW_OOM;

    /* The engine client starts as the caller stands: its database, RESP 2
     * (a script chooses RESP 3 with redis.setresp), and inside a
     * transaction if the caller is (commands then answer in place). */
    engine_client->db = caller->db;
    engine_client->resp = 2;
    engine_client->flags |= CLIENT_DENY_BLOCKING;
    if (caller->flags & CLIENT_MULTI) engine_client->flags |= CLIENT_MULTI;
    else engine_client->flags &= ~CLIENT_MULTI;
    curr_run_ctx = rctx;
    return C_OK;
}

/* While the script is timed out the caller is not read (its next commands
 * wait for the script) and is kept alive: clients are only ever freed
 * asynchronously, and the async queue is not run while a script runs. */
static void scriptProtectCaller(client *c) {
    c->flags |= CLIENT_PROTECTED;
    if (c->fd != -1) aeDeleteFileEvent(server.el, c->fd, AE_READABLE);
}

static void scriptUnprotectCaller(client *c) {
    c->flags &= ~CLIENT_PROTECTED;
    if (c->fd != -1 && !(c->flags & CLIENT_CLOSE_ASAP))
        aeCreateFileEvent(server.el, c->fd, AE_READABLE, readQueryFromClient, c);
}

void scriptResetRun(scriptRunCtx *rctx) {
    serverAssert(curr_run_ctx == rctx);
    client *c = rctx->c;
    c->flags &= ~CLIENT_MULTI;
    c->db = &server.db[0];
    if (rctx->flags & SCRIPT_RUN_TIMEDOUT) scriptUnprotectCaller(rctx->caller);
    curr_run_ctx = NULL;
}

/* ===========================================================================
 * Commands called by a script
 * ======================================================================== */

static void scriptSetErr(sds *err, const char *msg) { *err = sdsnew(msg); }

/* The checks on a write command: read-only scripts, disk errors. */
static int scriptVerifyWrite(scriptRunCtx *rctx, redisCommand *cmd, sds *err) {
    if (!(cmd->flags & CMD_WRITE)) return C_OK;
    if (rctx->flags & SCRIPT_RUN_READ_ONLY) {
        scriptSetErr(err, "-ERR Write commands are not allowed from read-only scripts.");
        return C_ERR;
    }
    int aof_errno = 0;
    if (rdbWritesDeniedByBgsaveError()) {
        *err = sdsnew("-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to "
                      "disk. Commands that may modify the data set are disabled, because this instance is "
                      "configured to report errors during writes if RDB snapshotting fails "
                      "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB "
                      "error.");
        return C_ERR;
    }
    if ((aof_errno = aofWritesDeniedByError()) != 0) {
        *err = sdscatprintf(sdsempty(), "-MISCONF Errors writing to the AOF file: %s", strerror(aof_errno));
        return C_ERR;
    }
    return C_OK;
}

/* OOM: a script that has not written yet may not start growing memory
 * past maxmemory (once it wrote, it must be allowed to finish). */
static int scriptVerifyOOM(scriptRunCtx *rctx, redisCommand *cmd, sds *err) {
    if (rctx->flags & (SCRIPT_RUN_ALLOW_OOM | SCRIPT_RUN_WRITE_DIRTY)) return C_OK;
    if (server.maxmemory && rctx->oom_at_start && (cmd->flags & CMD_DENYOOM)) {
        *err = sdsnew("-OOM command not allowed when used memory > 'maxmemory'.");
        return C_ERR;
    }
    return C_OK;
}

/* A command refused from a script is counted like one refused from a
 * client: in the error statistics, and in its rejected calls. */
static void scriptCallRejected(redisCommand *cmd, sds err) {
    afterErrorReply(scriptGetClient(), err, sdslen(err));
    if (cmd) cmd->rejected_calls++;
}

void scriptCall(scriptRunCtx *rctx, sds *err) {
    client *c = rctx->c;
    *err = NULL;
    redisCommand *cmd = lookupCommand(c->argv, c->argc);
    if (!cmd || !cmd->proc) {
        scriptSetErr(err, "-ERR Unknown Redis command called from script");
        scriptCallRejected(NULL, *err);
        return;
    }
    if ((cmd->arity > 0 && cmd->arity != c->argc) || c->argc < -cmd->arity) {
        scriptSetErr(err, "-ERR Wrong number of args calling Redis command from script");
    } else if (cmd->flags & CMD_NOSCRIPT) {
        scriptSetErr(err, "-ERR This Redis command is not allowed from script");
    } else {
        scriptVerifyWrite(rctx, cmd, err);
        if (*err == NULL) scriptVerifyOOM(rctx, cmd, err);
    }
    if (*err) {
        scriptCallRejected(cmd, *err);
        return;
    }
    if (cmd->flags & CMD_WRITE) rctx->flags |= SCRIPT_RUN_WRITE_DIRTY;

    c->cmd = c->lastcmd = c->realcmd = cmd;
    /* redis.set_repl(REPL_NONE / REPL_REPLICA): nothing reaches the AOF. */
    if (!(rctx->repl_flags & PROPAGATE_AOF)) preventCommandPropagation(c);
    call(c);
}

/* ===========================================================================
 * Busy scripts
 * ======================================================================== */

/* Serve clients without running timers or the before-sleep work (expiry,
 * blocked clients, freeing clients): only reading, -BUSY replies and the
 * few commands allowed meanwhile, and writing replies. */
static void scriptServeEvents(void) {
    for (int j = 0; j < 4; j++) {
        int processed = aeProcessEvents(server.el, AE_FILE_EVENTS | AE_DONT_WAIT);
        handleClientsWithPendingWrites();
        if (processed == 0) break;
    }
}

int scriptInterrupt(scriptRunCtx *rctx) {
    if (!(rctx->flags & SCRIPT_RUN_TIMEDOUT)) {
        long long elapsed = (getMonotonicUs() - rctx->start_time) / 1000;
        if (elapsed < (long long)server.busy_reply_threshold) return SCRIPT_CONTINUE;
        rctx->flags |= SCRIPT_RUN_TIMEDOUT;
        serverLog(LL_WARNING,
                  "Slow script detected: still in execution after %lld milliseconds. You can try killing the "
                  "script using the %s command. Script name is: %s.",
                  elapsed, (rctx->flags & SCRIPT_RUN_EVAL_MODE) ? "SCRIPT KILL" : "FUNCTION KILL", rctx->funcname);
        scriptProtectCaller(rctx->caller);
    }
    scriptServeEvents();
    return (rctx->flags & SCRIPT_RUN_KILLED) ? SCRIPT_KILL : SCRIPT_CONTINUE;
}

int scriptSetRepl(scriptRunCtx *rctx, int repl) {
    if (repl & ~(PROPAGATE_AOF | PROPAGATE_REPL)) return C_ERR;
    rctx->repl_flags = repl;
    return C_OK;
}

int scriptSetResp(scriptRunCtx *rctx, int resp) {
    if (resp != 2 && resp != 3) return C_ERR;
    rctx->c->resp = resp;
    return C_OK;
}

int scriptIsRunning(void) { return curr_run_ctx != NULL; }

int scriptIsTimedout(void) { return curr_run_ctx && (curr_run_ctx->flags & SCRIPT_RUN_TIMEDOUT); }

int scriptIsEval(void) { return curr_run_ctx && (curr_run_ctx->flags & SCRIPT_RUN_EVAL_MODE); }

client *scriptGetClient(void) { return curr_run_ctx ? curr_run_ctx->c : NULL; }

client *scriptGetCaller(void) { return curr_run_ctx ? curr_run_ctx->caller : NULL; }

const char *scriptCurrFunction(void) { return curr_run_ctx ? curr_run_ctx->funcname : NULL; }

long long scriptRunDuration(void) {
    return curr_run_ctx ? (long long)((getMonotonicUs() - curr_run_ctx->start_time) / 1000) : 0;
}

static const char *busyEvalErr = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN "
                                 "NOSAVE.";
static const char *busyFunctionErr = "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or "
                                     "SHUTDOWN NOSAVE.";

void scriptKill(client *c, int is_eval) {
    if (!curr_run_ctx) {
        addReplyError(c, "-NOTBUSY No scripts in execution right now.");
        return;
    }
    if (curr_run_ctx->flags & SCRIPT_RUN_WRITE_DIRTY) {
        addReplyError(c, "-UNKILLABLE Sorry the script already executed write commands against the dataset. You "
                         "can either wait the script termination or kill the server in a hard way using the "
                         "SHUTDOWN NOSAVE command.");
        return;
    }
    int running_eval = (curr_run_ctx->flags & SCRIPT_RUN_EVAL_MODE) != 0;
    if (is_eval != running_eval) {
        /* SCRIPT KILL for a function, or FUNCTION KILL for EVAL: the error
         * names the right one. */
        addReplyError(c, running_eval ? busyEvalErr : busyFunctionErr);
        return;
    }
    curr_run_ctx->flags |= SCRIPT_RUN_KILLED;
    addReply(c, shared.ok);
}

int scriptBusyRejects(client *c, const char **err) {
    if (!scriptIsTimedout()) return 0;
    /* The script's own calls, and the caller (its read handler is off, but
     * it may still have commands parsed): not from outside. */
    if (c == curr_run_ctx->c) return 0;
    int allowed = (c->cmd->flags & CMD_ALLOW_BUSY) != 0;
    /* SHUTDOWN is allowed only as SHUTDOWN NOSAVE: saving would write the
     * script's half-done work. */
    if (allowed && c->cmd->proc == shutdownCommand) {
        allowed = 0;
        for (int j = 1; j < c->argc; j++)
            if (!strcasecmp(c->argv[j]->ptr, "nosave")) allowed = 1;
    }
    if (allowed) return 0;
    *err = scriptIsEval() ? busyEvalErr : busyFunctionErr;
    return 1;
}

uint64_t scriptDeclaredCommandFlags(client *c, uint64_t cmd_flags) {
    return fcallGetCommandFlags(c, evalGetCommandFlags(c, cmd_flags));
}
