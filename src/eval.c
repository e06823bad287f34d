/* eval.c - EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT.
 *
 * Every script body is compiled once, as a Lua function named by the SHA1
 * of the body, and kept in the script cache until SCRIPT FLUSH: EVAL adds
 * its body to the cache too, so EVALSHA can run it afterwards.  All scripts
 * share one sandboxed Lua state (script_lua.c) and one engine client; the
 * rules of a run (flags, busy scripts, KILL) are script.c's.
 *
 * A body may start with a shebang line declaring its engine and flags:
 *     #!lua flags=no-writes,allow-oom
 * The line stays part of the compiled chunk as a comment, so that line
 * numbers in errors match the body as sent.
 *
 * A client that sent SCRIPT DEBUG YES or SYNC has its next EVAL run in a
 * session of the Lua debugger (script_ldb.h). */
#include "eval.h"
#include "script.h"
#include "script_ldb.h"
#include "script_lua.h"
#include "sha1.h"

#include <ctype.h>

/* One cached script.  The element of the cache dict: its key is sha. */
typedef struct evalScript {
    char sha[SHA1_HEX_LEN + 1];
    uint64_t flags;   /* SCRIPT_FLAG_*: from the shebang, or EVAL_COMPAT_MODE */
    int ref;          /* the compiled function, in the Lua registry */
    sds body;
} evalScript;

static struct {
    lua_State *lua;
    client *c;             /* the engine client (CLIENT_LUA) */
    dict *scripts;         /* sha -> evalScript */
    size_t scripts_mem;    /* bytes held by the cache's entries and bodies */
    long calls_since_gc;
} lctx;

/* Every so many scripts, a step of incremental garbage collection: Lua
 * alone would let garbage grow between its own cycles. */
#define EVAL_GC_PERIOD 50

static uint64_t shaHash(const void *key) { return dictGenHashFunction(key, SHA1_HEX_LEN); }

static const void *scriptGetKey(const void *elem) { return ((const evalScript *)elem)->sha; }

static int shaCompare(const void *a, const void *b) { return memcmp(a, b, SHA1_HEX_LEN) == 0; }

static void scriptDestructor(void *elem) {
    evalScript *es = elem;
    sdsfree(es->body);
    zfree(es);
}

static dictType evalScriptsDictType = {
    .hashFunction = shaHash,
    .entryGetKey = scriptGetKey,
    .keyCompare = shaCompare,
    .entryDestructor = scriptDestructor,
};

/* ===========================================================================
 * The Lua state and the cache
 * ======================================================================== */

static void evalCreateState(void) {
    lua_State *L = lua_open();
    luaLoadLibraries(L);
    luaRegisterRedisAPI(L);
    luaSetSandbox(L);
    lctx.lua = L;
    lctx.scripts = dictCreate(&evalScriptsDictType);
    lctx.scripts_mem = 0;
    lctx.calls_since_gc = 0;
}

static void evalReleaseState(void) {
    lua_close(lctx.lua);
    dictRelease(lctx.scripts);
    lctx.lua = NULL;
    lctx.scripts = NULL;
}

void evalInit(void) {
    lctx.c = createClient(-1);
    lctx.c->flags |= CLIENT_LUA | CLIENT_DENY_BLOCKING;
    evalCreateState();
}

size_t evalMemoryLua(void) { return lctx.lua ? luaMemory(lctx.lua) : 0; }

size_t evalScriptsMemory(void) { return lctx.scripts_mem; }

unsigned long evalScriptsCount(void) { return lctx.scripts ? dictSize(lctx.scripts) : 0; }

/* Parse the shebang line [line, line+len) (without the newline) into
 * script flags.  Returns C_ERR with *err set (an sds) if invalid. */
static int evalParseShebang(const char *line, size_t len, uint64_t *flags, sds *err) {
    int nparts;
    sds *parts = sdssplitlen(line, len, " ", 1, &nparts);
    int ret = C_OK;
    *flags = 0;
    /* Runs of spaces make empty parts: skip them. */
    int first = 0;
    while (first < nparts && sdslen(parts[first]) == 0) first++;
    if (first == nparts || strcmp(parts[first], "#!lua")) {
        *err = sdscatfmt(sdsempty(), "Unexpected engine in script shebang: %s", first < nparts ? parts[first] : "");
        ret = C_ERR;
        goto done;
    }
    for (int j = first + 1; j < nparts; j++) {
        if (sdslen(parts[j]) == 0) continue;
        if (strncmp(parts[j], "flags=", 6)) {
            *err = sdscatfmt(sdsempty(), "Unknown lua shebang option: %s", parts[j]);
            ret = C_ERR;
            goto done;
        }
        int nflags;
        sds *names = sdssplitlen(parts[j] + 6, sdslen(parts[j]) - 6, ",", 1, &nflags);
        for (int k = 0; k < nflags; k++) {
            uint64_t f;
            if (scriptFlagFromName(names[k], sdslen(names[k]), &f) != C_OK) {
                *err = sdscatfmt(sdsempty(), "Unexpected flag in script shebang: %s", names[k]);
                sdsfreesplitres(names, nflags);
                ret = C_ERR;
                goto done;
            }
            *flags |= f;
        }
        sdsfreesplitres(names, nflags);
    }
done:
    sdsfreesplitres(parts, nparts);
    return ret;
}

/* The flags a body declares: EVAL_COMPAT_MODE without a shebang.  C_ERR
 * with *err set for an invalid shebang. */
static int evalBodyFlags(const char *body, size_t len, uint64_t *flags, sds *err) {
    *flags = SCRIPT_FLAG_EVAL_COMPAT_MODE;
    if (len < 2 || body[0] != '#' || body[1] != '!') return C_OK;
    const char *nl = memchr(body, '\n', len);
    if (!nl) {
        *err = sdsnew("Invalid script shebang");
        return C_ERR;
    }
    return evalParseShebang(body, nl - body, flags, err);
}

/* Compile a body into the cache under sha.  Returns the entry, or NULL
 * with the error replied to c. */
static evalScript *evalCreateScript(client *c, robj *body_obj, const char *sha) {
    robj *decoded = getDecodedObject(body_obj);
    sds body = decoded->ptr;
    size_t len = sdslen(body);
    uint64_t flags;
    sds code = sdsnewlen(body, len), err = NULL;
    if (evalBodyFlags(body, len, &flags, &err) != C_OK) {
        addReplyErrorSds(c, err);
        goto err;
    }
    if (!(flags & SCRIPT_FLAG_EVAL_COMPAT_MODE)) {
        /* Keep the shebang line (for line numbers) as a Lua comment. */
        code[0] = '-';
        code[1] = '-';
    }
    lua_State *L = lctx.lua;
    if (luaLoadBufferNoBytecode(L, code, sdslen(code), "@user_script") != 0) {
        addReplyErrorFormat(c, "Error compiling script (new function): %s", lua_tostring(L, -1));
        lua_pop(L, 1);
        goto err;
    }
    evalScript *es = zmalloc(sizeof(*es));
    memcpy(es->sha, sha, SHA1_HEX_LEN + 1);
    es->flags = flags;
    es->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    es->body = sdsnewlen(body, len);
    dictAdd(lctx.scripts, es);
    lctx.scripts_mem += zmalloc_size(es) + sdsAllocSize(es->body);
    sdsfree(code);
    decrRefCount(decoded);
    return es;
err:
    sdsfree(code);
    decrRefCount(decoded);
    return NULL;
}

static void evalShaOfBody(robj *body, char sha[SHA1_HEX_LEN + 1]) {
    robj *decoded = getDecodedObject(body);
    sha1hex(sha, decoded->ptr, sdslen(decoded->ptr));
    decrRefCount(decoded);
}

/* The cached script a SHA argument names (any case), or NULL. */
static evalScript *evalLookupSha(robj *arg) {
    if (!sdsEncodedObject(arg) || sdslen(arg->ptr) != SHA1_HEX_LEN) return NULL;
    char sha[SHA1_HEX_LEN + 1];
    const char *s = arg->ptr;
    for (int j = 0; j < SHA1_HEX_LEN; j++) sha[j] = tolower((unsigned char)s[j]);
    sha[SHA1_HEX_LEN] = '\0';
    return dictFind(lctx.scripts, sha);
}

/* What processCommand may know before the command runs: the flags of
 * the cached script EVALSHA names, or those EVAL's body declares (read
 * from its shebang, without compiling it).  An unknown SHA or an invalid
 * shebang leaves the command's own flags: the command reports those. */
uint64_t evalGetCommandFlags(client *c, uint64_t cmd_flags) {
    redisCommandProc *p = c->cmd->proc;
    uint64_t flags;
    if (p == evalshaCommand || p == evalshaRoCommand) {
        evalScript *es = evalLookupSha(c->argv[1]);
        if (!es) return cmd_flags;
        flags = es->flags;
    } else if (p == evalCommand || p == evalRoCommand) {
        robj *body = getDecodedObject(c->argv[1]);
        sds err = NULL;
        int ok = evalBodyFlags(body->ptr, sdslen(body->ptr), &flags, &err) == C_OK;
        sdsfree(err);
        decrRefCount(body);
        if (!ok) return cmd_flags;
    } else {
        return cmd_flags;
    }
    /* Without a shebang EVAL and EVALSHA may write anything: they count as
     * may-replicate (CLIENT PAUSE WRITE holds them); EVAL_RO cannot write. */
    if (flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) {
        if (p == evalCommand || p == evalshaCommand) cmd_flags |= CMD_MAY_REPLICATE;
        return cmd_flags;
    }
    return scriptFlagsToCmdFlags(cmd_flags, flags);
}

/* ===========================================================================
 * EVAL and EVALSHA
 * ======================================================================== */

static void evalGenericCommand(client *c, int evalsha, int ro) {
    long long numkeys;
    /* EVAL itself never reaches the AOF: the commands it runs do. */
    preventCommandPropagation(c);
    /* MONITOR shows the EVAL before the commands it runs (it is flagged
     * skip-monitor so that call() does not show it again after them). */
    replicationFeedMonitors(c, c->db->id, c->argv, c->argc);
    if (getLongLongFromObjectOrReply(c, c->argv[2], &numkeys, NULL) != C_OK) return;
    if (numkeys > c->argc - 3) {
        addReplyError(c, "Number of keys can't be greater than number of args");
        return;
    }
    if (numkeys < 0) {
        addReplyError(c, "Number of keys can't be negative");
        return;
    }
    evalScript *es;
    if (evalsha) {
        es = evalLookupSha(c->argv[1]);
        if (!es) {
            addReplyError(c, "-NOSCRIPT No matching script. Please use EVAL.");
            return;
        }
    } else {
        char sha[SHA1_HEX_LEN + 1];
        evalShaOfBody(c->argv[1], sha);
        es = dictFind(lctx.scripts, sha);
        if (!es && !(es = evalCreateScript(c, c->argv[1], sha))) return;
    }

    scriptRunCtx rctx;
    if (scriptPrepareForRun(&rctx, lctx.c, c, es->sha, es->flags, ro, 1) != C_OK) return;
    /* No reseeding of math.random here: since 7.0 (effects replication)
     * the sequence simply continues from one script to the next. */
    lua_State *L = lctx.lua;
    lua_rawgeti(L, LUA_REGISTRYINDEX, es->ref);
    luaCallFunction(&rctx, L, c->argv + 3, numkeys, c->argv + 3 + numkeys, c->argc - 3 - numkeys);
    scriptResetRun(&rctx);

    if (++lctx.calls_since_gc >= EVAL_GC_PERIOD) {
        lua_gc(L, LUA_GCSTEP, EVAL_GC_PERIOD);
        lctx.calls_since_gc = 0;
    }
}

/* A client in debug mode (SCRIPT DEBUG YES/SYNC): EVAL runs in a debugging
 * session (script_ldb.h), unless this is the parent of a forked one.  The
 * mode lasts for one EVAL: the session ends the connection. */
static void evalWithDebugging(client *c, int ro) {
    if (ldbStartSession(c)) {
        evalGenericCommand(c, 0, ro);
        ldbEndSession(c);
    } else {
        ldbDisable(c);
    }
}

void evalCommand(client *c) {
    if (c->flags & CLIENT_LUA_DEBUG) evalWithDebugging(c, 0);
    else evalGenericCommand(c, 0, 0);
}

void evalRoCommand(client *c) {
    if (c->flags & CLIENT_LUA_DEBUG) evalWithDebugging(c, 1);
    else evalGenericCommand(c, 0, 1);
}

/* The debugger shows the source: it needs the body, not a SHA. */
static void evalshaGenericCommand(client *c, int ro) {
    if (c->flags & CLIENT_LUA_DEBUG) {
        addReplyError(c, "Please use EVAL instead of EVALSHA for debugging");
        return;
    }
    evalGenericCommand(c, 1, ro);
}

void evalshaCommand(client *c) { evalshaGenericCommand(c, 0); }

void evalshaRoCommand(client *c) { evalshaGenericCommand(c, 1); }

/* ===========================================================================
 * SCRIPT
 * ======================================================================== */

void scriptHelpCommand(client *c) {
    const char *help[] = {
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        NULL};
    addReplyHelp(c, help);
}

void scriptLoadCommand(client *c) {
    char sha[SHA1_HEX_LEN + 1];
    evalShaOfBody(c->argv[2], sha);
    if (!dictFind(lctx.scripts, sha) && !evalCreateScript(c, c->argv[2], sha)) return;
    addReplyBulkCBuffer(c, sha, SHA1_HEX_LEN);
}

void scriptExistsCommand(client *c) {
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) addReply(c, evalLookupSha(c->argv[j]) ? shared.cone : shared.czero);
}

/* The whole state goes: compiled functions, globals a script may have
 * left in tables, and the memory Lua held.  ASYNC and SYNC both free at
 * once: a Lua state is freed in one call either way. */
void scriptFlushCommand(client *c) {
    if (c->argc == 3 && strcasecmp(c->argv[2]->ptr, "sync") && strcasecmp(c->argv[2]->ptr, "async")) {
        addReplyError(c, "SCRIPT FLUSH only support SYNC|ASYNC option");
        return;
    }
    if (c->argc > 3) {
        addReplyError(c, "SCRIPT FLUSH only support SYNC|ASYNC option");
        return;
    }
    evalReleaseState();
    evalCreateState();
    addReply(c, shared.ok);
}

void scriptKillCommand(client *c) { scriptKill(c, 1); }

/* SCRIPT DEBUG YES (forked sessions), SYNC (blocking sessions) or NO: see
 * script_ldb.h. */
void scriptDebugCommand(client *c) {
    /* The session talks on the socket directly: replies still queued for
     * this client (a pipeline, a MULTI's EXEC) would be mixed with it. */
    if (clientHasPendingReplies(c)) {
        addReplyError(c, "SCRIPT DEBUG must be called outside a pipeline");
        return;
    }
    const char *mode = c->argv[2]->ptr;
    if (!strcasecmp(mode, "no")) {
        ldbDisable(c);
        addReply(c, shared.ok);
    } else if (!strcasecmp(mode, "yes")) {
        ldbEnable(c, 0);
        addReply(c, shared.ok);
    } else if (!strcasecmp(mode, "sync")) {
        ldbEnable(c, 1);
        addReply(c, shared.ok);
    } else {
        addReplyError(c, "Use SCRIPT DEBUG YES/SYNC/NO");
    }
}
