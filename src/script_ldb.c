/* script_ldb.c - the Lua debugger: sessions, the line hook, the console.
 *
 * See script_ldb.h for what a session is.  How it works:
 *
 *  - One session at most runs in a process (the server runs one script at
 *    a time), so the state is one static struct.
 *  - While a session runs the client's socket is switched to blocking mode
 *    (with a send timeout) and the debugger reads and writes it directly:
 *    the event loop does not run (SYNC) or does not exist for us (the
 *    forked child).  Input bytes are accumulated in ldb.cbuf until a whole
 *    RESP array of arguments is there; the buffer is bounded, and arguments
 *    are limited in number and size, since nothing else protects us here.
 *  - What the debugger has to say is queued as log lines and sent as one
 *    array of status replies each time it stops and after each console
 *    command (CR and LF in a line become spaces: a status reply is a line).
 *  - The line hook stops before a line when the user is stepping, a
 *    breakpoint is set on the line, or redis.breakpoint() was called.  It
 *    is also a count hook: a script running free (no stop) for longer than
 *    busy-reply-threshold (5 s if 0) is stopped as if stepping, since the
 *    usual busy-script machinery (SCRIPT KILL) cannot reach a SYNC session.
 *    The time spent at the prompt does not count: the script's start time
 *    is reset after every stop.
 *  - If the client goes away, the script runs to its end without stopping
 *    (and a script stopped for a timeout is ended with an error, or it
 *    would never end). */
#include "script_ldb.h"
#include "childinfo.h"
#include "script.h"
#include "script_lua.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#define LDB_BREAKPOINTS_MAX 64
#define LDB_MAXLEN_DEFAULT 256       /* default trimming of replies and values */
#define LDB_MAXLEN_MIN 60            /* smaller non-zero maxlen values become this */
#define LDB_MAX_INPUT (1 << 20)      /* unparsed console input we accept */
#define LDB_MAX_ARGS 1024            /* per console command... */
#define LDB_MAX_ARG_LEN 1024         /* ...and per argument */
#define LDB_MAX_VALUE_DEPTH 10           /* nested tables printed, as 7.0 */
#define LDB_SEND_TIMEOUT_MS 5000

static struct {
    int fd;                  /* the debugged client's socket */
    int active;              /* a session runs in this process */
    int forked;              /* ...in a forked child */
    list *logs;              /* sds lines waiting to be sent */
    list *children;          /* parent: pids of forked sessions */
    sds *src;                /* the script's source, by line */
    int lines;
    int currentline;         /* the line the script is at (0: none yet) */
    int step;                /* stop at the next line */
    int luabp;               /* redis.breakpoint() was called */
    int bp[LDB_BREAKPOINTS_MAX];
    int bpcount;
    sds cbuf;                /* console input not parsed yet */
    size_t maxlen;           /* trim logged replies and values (0: never) */
    int maxlen_hint_sent;
} ldb = {.fd = -1};

static void ldbInitOnce(void) {
    if (ldb.logs) return;
    ldb.logs = listCreate();
    listSetFreeMethod(ldb.logs, (void (*)(void *))sdsfree);
    ldb.children = listCreate();
    ldb.cbuf = sdsempty();
    ldb.maxlen = LDB_MAXLEN_DEFAULT;
}

/* ===========================================================================
 * Debug mode and sessions
 * ======================================================================== */

void ldbEnable(client *c, int sync) {
    ldbInitOnce();
    c->flags |= CLIENT_LUA_DEBUG;
    if (sync) c->flags |= CLIENT_LUA_DEBUG_SYNC;
    else c->flags &= ~CLIENT_LUA_DEBUG_SYNC;
    listEmpty(ldb.logs);
    ldb.step = 1; /* stop at the first line */
    ldb.bpcount = 0;
    ldb.luabp = 0;
    sdsclear(ldb.cbuf);
    ldb.maxlen = LDB_MAXLEN_DEFAULT;
    ldb.maxlen_hint_sent = 0;
}

void ldbDisable(client *c) { c->flags &= ~(CLIENT_LUA_DEBUG | CLIENT_LUA_DEBUG_SYNC); }

int ldbIsActive(void) { return ldb.active; }

int ldbIsStepping(void) { return ldb.active && ldb.step; }

static void ldbSetBlocking(int fd, int blocking) {
    int flags = fcntl(fd, F_GETFL);
    if (flags == -1) return;
    flags = blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK);
    fcntl(fd, F_SETFL, flags);
    struct timeval tv = {0, 0};
    if (blocking) tv.tv_sec = LDB_SEND_TIMEOUT_MS / 1000;
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int ldbStartSession(client *c) {
    ldbInitOnce();
    ldb.forked = !(c->flags & CLIENT_LUA_DEBUG_SYNC);
    if (ldb.forked) {
        pid_t pid = redisFork(CHILD_TYPE_LDB);
        if (pid == -1) {
            addReplyErrorFormat(c, "Fork() failed: can't run EVAL in debugging mode: %s", strerror(errno));
            return 0;
        }
        if (pid > 0) {
            /* The parent: the child owns the conversation from now on. */
            listAddNodeTail(ldb.children, (void *)(long)pid);
            freeClientAsync(c);
            return 0;
        }
        /* The child serves nobody else: let the port go at once. */
        for (int j = 0; j < server.ipfd_count; j++) close(server.ipfd[j]);
        if (server.sofd != -1) close(server.sofd);
        serverLog(LL_WARNING, "Redis forked for debugging eval");
    } else {
        serverLog(LL_WARNING, "Redis synchronous debugging eval session started");
    }
    /* The socket of the client whose EVAL this is (7.0 keeps the one of
     * the last client that asked for debug mode). */
    ldb.fd = c->fd;
    ldbSetBlocking(ldb.fd, 1);
    ldb.active = 1;
    ldb.currentline = 0;
    /* The source by line, for listings: trailing newlines are not lines. */
    robj *body = getDecodedObject(c->argv[1]);
    size_t len = sdslen(body->ptr);
    const char *s = body->ptr;
    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r')) len--;
    ldb.src = sdssplitlen(s, len, "\n", 1, &ldb.lines);
    decrRefCount(body);
    return 1;
}

static void ldbLog(sds entry);
static void ldbSendLogs(void);

void ldbEndSession(client *c) {
    ldbLog(sdsnew("<endsession>"));
    ldbSendLogs();
    if (ldb.forked) {
        /* The EVAL's reply, then the child is done. */
        while (clientHasPendingReplies(c))
            if (writeToClient(c, 0) == C_ERR) break;
        serverLog(LL_WARNING, "Lua debugging session child exiting");
        exitFromChild(0);
    }
    serverLog(LL_WARNING, "Redis synchronous debugging eval session ended");
    ldbSetBlocking(ldb.fd, 0);
    /* Closing the connection after the EVAL's reply tells the client the
     * session is over. */
    c->flags |= CLIENT_CLOSE_AFTER_REPLY;
    sdsfreesplitres(ldb.src, ldb.lines);
    ldb.src = NULL;
    ldb.lines = 0;
    ldb.active = 0;
}

/* ===========================================================================
 * Forked sessions (the parent's side)
 * ======================================================================== */

int ldbRemoveChild(pid_t pid) {
    if (!ldb.children) return 0;
    listIter li;
    listNode *ln;
    listRewind(ldb.children, &li);
    while ((ln = listNext(&li))) {
        if ((pid_t)(long)listNodeValue(ln) == pid) {
            listDelNode(ldb.children, ln);
            return 1;
        }
    }
    return 0;
}

int ldbPendingChildren(void) { return ldb.children ? (int)listLength(ldb.children) : 0; }

void ldbKillForkedSessions(void) {
    if (!ldbPendingChildren()) return;
    serverLog(LL_WARNING, "There are %lu Lua debugger sessions, killing them", listLength(ldb.children));
    listIter li;
    listNode *ln;
    listRewind(ldb.children, &li);
    while ((ln = listNext(&li))) {
        pid_t pid = (pid_t)(long)listNodeValue(ln);
        if (kill(pid, SIGKILL) == -1) {
            serverLog(LL_WARNING, "Unable to kill Lua debugger session %ld", (long)pid);
            continue;
        }
        /* Reaped here: once we exit, nobody may (an init that does not
         * reap would keep the zombie forever). */
        while (waitpid(pid, NULL, 0) == -1 && errno == EINTR) {}
    }
    listEmpty(ldb.children);
}

/* ===========================================================================
 * The log
 * ======================================================================== */

static void ldbLog(sds entry) { listAddNodeTail(ldb.logs, entry); }

/* Log, trimmed to maxlen; the first trimming tells how to avoid it. */
static void ldbLogTrimmed(sds entry) {
    int trimmed = 0;
    if (ldb.maxlen && sdslen(entry) > ldb.maxlen) {
        sdsrange(entry, 0, ldb.maxlen - 1);
        entry = sdscatlen(entry, " ...", 4);
        trimmed = 1;
    }
    ldbLog(entry);
    if (trimmed && !ldb.maxlen_hint_sent) {
        ldb.maxlen_hint_sent = 1;
        ldbLog(sdsnew("<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming."));
    }
}

/* Send the queued lines as one array of status replies.  A failed write
 * is not handled here: the next read fails too and ends the dialogue. */
static void ldbSendLogs(void) {
    sds out = sdscatfmt(sdsempty(), "*%u\r\n", (unsigned)listLength(ldb.logs));
    while (listLength(ldb.logs)) {
        listNode *ln = listFirst(ldb.logs);
        sds line = listNodeValue(ln);
        sdsmapchars(line, "\r\n", "  ", 2);
        out = sdscatlen(out, "+", 1);
        out = sdscatsds(out, line);
        out = sdscatlen(out, "\r\n", 2);
        listDelNode(ldb.logs, ln);
    }
    size_t off = 0;
    while (off < sdslen(out)) {
        ssize_t n = write(ldb.fd, out + off, sdslen(out) - off);
        if (n <= 0) {
            if (n == -1 && errno == EINTR) continue;
            break;
        }
        off += n;
    }
    sdsfree(out);
}

void ldbLogError(const char *msg, size_t len) {
    ldbLog(sdscatlen(sdsnew("<error> "), msg, len));
}

/* "<redis> cmd arg ...": at most ten words, then how many more (counted
 * as 7.0 counts them: one short). */
void ldbLogRedisCommand(robj **argv, int argc) {
    sds line = sdsnew("<redis>");
    for (int j = 0; j < argc; j++) {
        if (j == 10) {
            line = sdscatprintf(line, " ... (%d more)", argc - j - 1);
            break;
        }
        robj *o = getDecodedObject(argv[j]);
        line = sdscatlen(line, " ", 1);
        line = sdscatsds(line, o->ptr);
        decrRefCount(o);
    }
    ldbLog(line);
}

/* ---------------------------------------------------------------------------
 * Replies, readable: integers as such, strings quoted and escaped, status
 * and error lines quoted with their +/- sign, arrays [a,b], maps {k => v},
 * sets ~(a,b), RESP2 nulls NULL and RESP3's (null), doubles "(double) x".
 * Each function appends one reply and returns what follows it.
 * ------------------------------------------------------------------------ */

static const char *ldbReplyToHuman(sds *out, const char *p);

static const char *ldbLineEnd(const char *p) {
    const char *e = strchr(p, '\r');
    return e ? e : p + strlen(p);
}

static const char *ldbAfterLine(const char *e) { return *e == '\r' ? e + 2 : e; }

static const char *ldbAggregateToHuman(sds *out, const char *p, const char *open, const char *close, int pairs) {
    const char *e = ldbLineEnd(p);
    long long n = strtoll(p + 1, NULL, 10);
    p = ldbAfterLine(e);
    if (n == -1) {
        *out = sdscat(*out, "NULL");
        return p;
    }
    *out = sdscat(*out, open);
    for (long long j = 0; j < n && *p; j++) {
        p = ldbReplyToHuman(out, p);
        if (pairs) {
            *out = sdscat(*out, " => ");
            p = ldbReplyToHuman(out, p);
        }
        if (j != n - 1) *out = sdscat(*out, ",");
    }
    *out = sdscat(*out, close);
    return p;
}

static const char *ldbReplyToHuman(sds *out, const char *p) {
    const char *e = ldbLineEnd(p);
    switch (*p) {
    case ':':
        *out = sdscatlen(*out, p + 1, e - p - 1);
        return ldbAfterLine(e);
    case '+':
    case '-':
        *out = sdscatrepr(*out, p, e - p);
        return ldbAfterLine(e);
    case '$':
    case '=': {
        long long len = strtoll(p + 1, NULL, 10);
        const char *data = ldbAfterLine(e);
        if (len < 0) {
            *out = sdscat(*out, "NULL");
            return data;
        }
        /* A verbatim string shows its text without the "txt:" format. */
        if (*p == '=' && len >= 4) *out = sdscatrepr(*out, data + 4, len - 4);
        else *out = sdscatrepr(*out, data, len);
        return data + len + 2;
    }
    case '*': return ldbAggregateToHuman(out, p, "[", "]", 0);
    case '>': return ldbAggregateToHuman(out, p, "[", "]", 0);
    case '~': return ldbAggregateToHuman(out, p, "~(", ")", 0);
    case '%': return ldbAggregateToHuman(out, p, "{", "}", 1);
    case '_': *out = sdscat(*out, "(null)"); return ldbAfterLine(e);
    case '#': *out = sdscat(*out, p[1] == 't' ? "#true" : "#false"); return ldbAfterLine(e);
    case ',':
        *out = sdscat(*out, "(double) ");
        *out = sdscatlen(*out, p + 1, e - p - 1);
        return ldbAfterLine(e);
    case '(':
        *out = sdscat(*out, "(big number) ");
        *out = sdscatlen(*out, p + 1, e - p - 1);
        return ldbAfterLine(e);
    case '|': {
        /* An attribute map precedes the reply it describes: show the reply. */
        sds ignored = sdsempty();
        p = ldbAggregateToHuman(&ignored, p, "", "", 1);
        sdsfree(ignored);
        return ldbReplyToHuman(out, p);
    }
    default: return p + strlen(p);
    }
}

void ldbLogRedisReply(const char *reply) {
    sds line = sdsnew("<reply> ");
    ldbReplyToHuman(&line, reply);
    ldbLogTrimmed(line);
}

/* ---------------------------------------------------------------------------
 * Lua values, readable: strings quoted and escaped, numbers with %g, tables
 * as {a; b} when they are arrays 1..n and {[k]=v; ...} otherwise, other
 * values as "type@address".
 * ------------------------------------------------------------------------ */

static sds ldbCatValue(sds s, lua_State *L, int idx, int depth) {
    if (depth == LDB_MAX_VALUE_DEPTH) return sdscat(s, "<max recursion level reached! Nested table?>");
    int t = lua_type(L, idx);
    switch (t) {
    case LUA_TSTRING: {
        size_t len;
        const char *str = lua_tolstring(L, idx, &len);
        return sdscatrepr(s, str, len);
    }
    case LUA_TBOOLEAN: return sdscat(s, lua_toboolean(L, idx) ? "true" : "false");
    case LUA_TNUMBER: return sdscatprintf(s, "%g", (double)lua_tonumber(L, idx));
    case LUA_TNIL: return sdscat(s, "nil");
    case LUA_TTABLE: {
        /* Both forms are built in one pass; the array form wins if every
         * key was the next integer from 1. */
        if (idx < 0) idx = lua_gettop(L) + idx + 1;
        if (!lua_checkstack(L, 3)) return sdscat(s, "<max recursion level reached! Nested table?>");
        sds as_array = sdsempty(), as_map = sdsempty();
        int is_array = 1;
        lua_Number expected = 1;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            if (lua_type(L, -2) != LUA_TNUMBER || lua_tonumber(L, -2) != expected) is_array = 0;
            expected++;
            as_array = ldbCatValue(as_array, L, -1, depth + 1);
            as_array = sdscatlen(as_array, "; ", 2);
            as_map = sdscatlen(as_map, "[", 1);
            as_map = ldbCatValue(as_map, L, -2, depth + 1);
            as_map = sdscatlen(as_map, "]=", 2);
            as_map = ldbCatValue(as_map, L, -1, depth + 1);
            as_map = sdscatlen(as_map, "; ", 2);
            lua_pop(L, 1);
        }
        if (sdslen(as_array)) sdsrange(as_array, 0, -3);
        if (sdslen(as_map)) sdsrange(as_map, 0, -3);
        s = sdscatlen(s, "{", 1);
        s = sdscatsds(s, is_array ? as_array : as_map);
        s = sdscatlen(s, "}", 1);
        sdsfree(as_array);
        sdsfree(as_map);
        return s;
    }
    case LUA_TFUNCTION:
    case LUA_TUSERDATA:
    case LUA_TTHREAD:
    case LUA_TLIGHTUSERDATA: {
        const char *name = t == LUA_TFUNCTION   ? "function"
                           : t == LUA_TUSERDATA ? "userdata"
                           : t == LUA_TTHREAD   ? "thread"
                                                : "light-userdata";
        return sdscatprintf(s, "\"%s@%p\"", name, lua_topointer(L, idx));
    }
    default: return sdscat(s, "\"<unknown-lua-type>\"");
    }
}

/* Log the value on top of the stack after prefix (trimmed to maxlen). */
static void ldbLogValue(lua_State *L, const char *prefix) {
    sds line = ldbCatValue(sdsnew(prefix), L, -1, 0);
    ldbLogTrimmed(line);
}

/* ===========================================================================
 * Source listings and breakpoints
 * ======================================================================== */

static const char *ldbSourceLine(int line) {
    if (line < 1 || line > ldb.lines) return "<out of range source code line>";
    return ldb.src[line - 1];
}

static int ldbIsBreakpoint(int line) {
    for (int j = 0; j < ldb.bpcount; j++)
        if (ldb.bp[j] == line) return 1;
    return 0;
}

static int ldbAddBreakpoint(int line) {
    if (line <= 0 || line > ldb.lines) return 0;
    if (ldbIsBreakpoint(line) || ldb.bpcount == LDB_BREAKPOINTS_MAX) return 0;
    ldb.bp[ldb.bpcount++] = line;
    return 1;
}

static int ldbDelBreakpoint(int line) {
    for (int j = 0; j < ldb.bpcount; j++) {
        if (ldb.bp[j] != line) continue;
        ldb.bp[j] = ldb.bp[--ldb.bpcount];
        return 1;
    }
    return 0;
}

/* "-> 12  code" for the current line, "  #12  code" for a breakpoint,
 * "->#12" for both. */
static void ldbLogSourceLine(int line) {
    int bp = ldbIsBreakpoint(line), cur = line == ldb.currentline;
    const char *mark = cur && bp ? "->#" : cur ? "-> " : bp ? "  #" : "   ";
    ldbLog(sdscatprintf(sdsempty(), "%s%-3d %s", mark, line, ldbSourceLine(line)));
}

/* The lines within ctx of 'around' (all of them if around is 0). */
static void ldbList(int around, int ctx) {
    for (int j = 1; j <= ldb.lines; j++) {
        if (around != 0 && abs(around - j) > ctx) continue;
        ldbLogSourceLine(j);
    }
}

/* ===========================================================================
 * Console commands
 * ======================================================================== */

static void ldbHelp(void) {
    static const char *help[] = {
        "Redis Lua debugger help:",
        "[h]elp               Show this help.",
        "[s]tep               Run current line and stop again.",
        "[n]ext               Alias for step.",
        "[c]ontinue           Run till next breakpoint.",
        "[l]ist               List source code around current line.",
        "[l]ist [line]        List source code around [line].",
        "                     line = 0 means: current position.",
        "[l]ist [line] [ctx]  In this form [ctx] specifies how many lines",
        "                     to show before/after [line].",
        "[w]hole              List all source code. Alias for 'list 1 1000000'.",
        "[p]rint              Show all the local variables.",
        "[p]rint <var>        Show the value of the specified variable.",
        "                     Can also show global vars KEYS and ARGV.",
        "[b]reak              Show all breakpoints.",
        "[b]reak <line>       Add a breakpoint to the specified line.",
        "[b]reak -<line>      Remove breakpoint from the specified line.",
        "[b]reak 0            Remove all breakpoints.",
        "[t]race              Show a backtrace.",
        "[e]val <code>        Execute some Lua code (in a different callframe).",
        "[r]edis <cmd>        Execute a Redis command.",
        "[m]axlen [len]       Trim logged Redis replies and Lua var dumps to len.",
        "                     Specifying zero as <len> means unlimited.",
        "[a]bort              Stop the execution of the script. In sync",
        "                     mode dataset changes will be retained.",
        "",
        "Debugger functions you can call from Lua scripts:",
        "redis.debug()        Produce logs in the debugger console.",
        "redis.breakpoint()   Stop execution like if there was a breakpoint in the",
        "                     next line of code.",
        NULL};
    for (int j = 0; help[j]; j++) ldbLog(sdsnew(help[j]));
}

/* print <var>: the innermost local of that name, in any active function;
 * KEYS and ARGV are globals worth showing too. */
static void ldbPrint(lua_State *L, const char *name) {
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        const char *local;
        for (int i = 1; (local = lua_getlocal(L, &ar, i)) != NULL; i++) {
            if (!strcmp(local, name)) {
                ldbLogValue(L, "<value> ");
                lua_pop(L, 1);
                return;
            }
            lua_pop(L, 1);
        }
    }
    if (!strcmp(name, "KEYS") || !strcmp(name, "ARGV")) {
        lua_getglobal(L, name);
        ldbLogValue(L, "<value> ");
        lua_pop(L, 1);
        return;
    }
    ldbLog(sdsnew("No such variable."));
}

/* print: the locals of the current function (Lua's temporaries aside). */
static void ldbPrintAll(lua_State *L) {
    lua_Debug ar;
    int shown = 0;
    if (lua_getstack(L, 0, &ar)) {
        const char *local;
        for (int i = 1; (local = lua_getlocal(L, &ar, i)) != NULL; i++) {
            if (!strstr(local, "(*temporary)")) {
                sds prefix = sdscatprintf(sdsempty(), "<value> %s = ", local);
                ldbLogValue(L, prefix);
                sdsfree(prefix);
                shown++;
            }
            lua_pop(L, 1);
        }
    }
    if (!shown) ldbLog(sdsnew("No local variables in the current context."));
}

static void ldbBreak(sds *argv, int argc) {
    if (argc == 1) {
        if (ldb.bpcount == 0) {
            ldbLog(sdsnew("No breakpoints set. Use 'b <line>' to add one."));
            return;
        }
        ldbLog(sdscatfmt(sdsempty(), "%i breakpoints set:", ldb.bpcount));
        for (int j = 0; j < ldb.bpcount; j++) ldbLogSourceLine(ldb.bp[j]);
        return;
    }
    for (int j = 1; j < argc; j++) {
        long line;
        if (!string2l(argv[j], sdslen(argv[j]), &line)) {
            ldbLog(sdscatfmt(sdsempty(), "Invalid argument:'%s'", argv[j]));
        } else if (line == 0) {
            ldb.bpcount = 0;
            ldbLog(sdsnew("All breakpoints removed."));
        } else if (line > 0) {
            if (ldb.bpcount == LDB_BREAKPOINTS_MAX) ldbLog(sdsnew("Too many breakpoints set."));
            else if (ldbAddBreakpoint(line)) ldbList(line, 1);
            else ldbLog(sdsnew("Wrong line number."));
        } else {
            if (ldbDelBreakpoint(-line)) ldbLog(sdsnew("Breakpoint removed."));
            else ldbLog(sdsnew("No breakpoint in the specified line."));
        }
    }
}

/* eval <code>: as an expression if it compiles as one, else as a chunk;
 * its first result is shown. */
static void ldbEval(lua_State *L, sds *argv, int argc) {
    sds code = sdsjoinsds(argv + 1, argc - 1, " ", 1);
    sds expr = sdscatsds(sdsnew("return "), code);
    int failed = luaLoadBufferNoBytecode(L, expr, sdslen(expr), "@ldb_eval");
    if (failed) {
        lua_pop(L, 1);
        failed = luaLoadBufferNoBytecode(L, code, sdslen(code), "@ldb_eval");
    }
    sdsfree(code);
    sdsfree(expr);
    if (!failed) failed = lua_pcall(L, 0, 1, 0);
    if (failed) {
        /* redis.call raises error tables: show their text. */
        const char *msg = NULL;
        if (lua_istable(L, -1)) {
            lua_getfield(L, -1, "err");
            msg = lua_tostring(L, -1);
            lua_pop(L, 1);
        } else {
            msg = lua_tostring(L, -1);
        }
        ldbLog(sdscatprintf(sdsempty(), "<error> %s", msg ? msg : "unknown error"));
        lua_pop(L, 1);
        return;
    }
    ldbLogValue(L, "<retval> ");
    lua_pop(L, 1);
}

/* redis <cmd> ...: through redis.call, logged as if stepping. */
static void ldbRedis(lua_State *L, sds *argv, int argc) {
    if (!lua_checkstack(L, argc + 1)) {
        ldbLogRedisReply("max lua stack reached");
        return;
    }
    lua_getglobal(L, "redis");
    lua_getfield(L, -1, "call");
    for (int j = 1; j < argc; j++) lua_pushlstring(L, argv[j], sdslen(argv[j]));
    ldb.step = 1;
    lua_pcall(L, argc - 1, 1, 0);
    ldb.step = 0;
    lua_pop(L, 2);
}

static void ldbTrace(lua_State *L) {
    lua_Debug ar;
    int level;
    for (level = 0; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Snl", &ar);
        if (!strstr(ar.short_src, "user_script")) continue;
        ldbLog(sdscatprintf(sdsempty(), "%s %s:", level == 0 ? "In" : "From", ar.name ? ar.name : "top level"));
        ldbLogSourceLine(ar.currentline);
    }
    if (level == 0) ldbLog(sdsnew("<error> Can't retrieve Lua stack."));
}

static void ldbMaxlen(sds *argv, int argc) {
    if (argc == 2) {
        int len = atoi(argv[1]);
        ldb.maxlen_hint_sent = 1; /* the user knows about trimming */
        if (len != 0 && len <= LDB_MAXLEN_MIN) len = LDB_MAXLEN_MIN; /* negative ones too */
        ldb.maxlen = (size_t)len;
    }
    if (ldb.maxlen) ldbLog(sdscatprintf(sdsempty(), "<value> replies are truncated at %d bytes.", (int)ldb.maxlen));
    else ldbLog(sdsnew("<value> replies are unlimited."));
}

/* ===========================================================================
 * The console loop
 * ======================================================================== */

/* Parse one command (a RESP array of bulk strings) from ldb.cbuf.  Returns
 * its arguments, or NULL: more input is needed, or *err says why the input
 * can never be a command.  Any bytes before the '*' are skipped. */
static sds *ldbParseCommand(int *argcp, const char **err) {
    const char *buf = ldb.cbuf, *end = buf + sdslen(ldb.cbuf);
    if (buf == end) return NULL;
    const char *p = memchr(buf, '*', end - buf);
    if (!p) {
        *err = "protocol error";
        return NULL;
    }
    const char *nl = memmem(p, end - p, "\r\n", 2);
    if (!nl) return NULL;
    int argc = atoi(p + 1);
    if (argc <= 0 || argc > LDB_MAX_ARGS) {
        *err = "protocol error";
        return NULL;
    }
    p = nl + 2;
    sds *argv = zmalloc(sizeof(sds) * argc);
    int n = 0;
    while (n < argc) {
        if (p >= end) goto more;
        if (*p != '$') goto bad;
        nl = memmem(p, end - p, "\r\n", 2);
        if (!nl) goto more;
        int len = atoi(p + 1);
        if (len <= 0 || len > LDB_MAX_ARG_LEN) goto bad;
        p = nl + 2;
        if (end - p < len + 2) goto more;
        if (p[len] != '\r' || p[len + 1] != '\n') goto bad;
        argv[n++] = sdsnewlen(p, len);
        p += len + 2;
    }
    *argcp = argc;
    return argv;
bad:
    *err = "protocol error";
more:
    for (int j = 0; j < n; j++) sdsfree(argv[j]);
    zfree(argv);
    return NULL;
}

/* Read the next command, blocking.  Returns NULL if the client is gone;
 * raises a Lua error for input that is not a command or grows too big. */
static sds *ldbReadCommand(lua_State *L, int *argc) {
    sds *argv;
    const char *err = NULL;
    while ((argv = ldbParseCommand(argc, &err)) == NULL) {
        if (err) {
            sdsclear(ldb.cbuf);
            luaPushError(L, err);
            luaRaiseError(L);
        }
        char buf[1024];
        ssize_t n = read(ldb.fd, buf, sizeof(buf));
        if (n == -1 && errno == EINTR) continue;
        if (n <= 0) return NULL;
        ldb.cbuf = sdscatlen(ldb.cbuf, buf, n);
        if (sdslen(ldb.cbuf) > LDB_MAX_INPUT) {
            sdsclear(ldb.cbuf);
            luaPushError(L, "max client buffer reached");
            luaRaiseError(L);
        }
    }
    /* One command at a time: whatever followed is dropped, as 7.0 does. */
    sdsclear(ldb.cbuf);
    return argv;
}

static int ldbIs(const char *arg, const char *abbrev, const char *name) {
    return !strcasecmp(arg, abbrev) || !strcasecmp(arg, name);
}

/* The prompt: serve console commands until one resumes the script.
 * C_ERR if the client went away (the script then runs to its end). */
static int ldbRepl(lua_State *L) {
    for (;;) {
        int argc;
        sds *argv = ldbReadCommand(L, &argc);
        if (!argv) {
            ldb.step = 0;
            ldb.bpcount = 0;
            return C_ERR;
        }
        int resume = 0;
        const char *cmd = argv[0];
        if (ldbIs(cmd, "h", "help")) {
            ldbHelp();
        } else if (ldbIs(cmd, "s", "step") || ldbIs(cmd, "n", "next")) {
            ldb.step = 1;
            resume = 1;
        } else if (ldbIs(cmd, "c", "continue")) {
            resume = 1;
        } else if (ldbIs(cmd, "t", "trace")) {
            ldbTrace(L);
        } else if (ldbIs(cmd, "m", "maxlen")) {
            ldbMaxlen(argv, argc);
        } else if (ldbIs(cmd, "b", "break")) {
            ldbBreak(argv, argc);
        } else if (ldbIs(cmd, "e", "eval")) {
            ldbEval(L, argv, argc);
        } else if (ldbIs(cmd, "a", "abort")) {
            sdsfreesplitres(argv, argc);
            luaPushError(L, "script aborted for user request");
            luaRaiseError(L);
        } else if (argc > 1 && ldbIs(cmd, "r", "redis")) {
            ldbRedis(L, argv, argc);
        } else if (ldbIs(cmd, "p", "print")) {
            if (argc == 2) ldbPrint(L, argv[1]);
            else ldbPrintAll(L);
        } else if (ldbIs(cmd, "l", "list")) {
            int around = ldb.currentline, ctx = 5;
            if (argc > 1) {
                int line = atoi(argv[1]);
                if (line > 0) around = line;
            }
            if (argc > 2) ctx = atoi(argv[2]);
            ldbList(around, ctx);
        } else if (ldbIs(cmd, "w", "whole")) {
            ldbList(1, 1000000);
        } else {
            ldbLog(sdsnew("<error> Unknown Redis Lua debugger command or wrong number of arguments."));
        }
        sdsfreesplitres(argv, argc);
        if (resume) return C_OK;
        ldbSendLogs();
    }
}

/* ===========================================================================
 * The hook
 * ======================================================================== */

void ldbLineHook(lua_State *L, lua_Debug *ar) {
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_REGISTRY_RUN_CTX);
    scriptRunCtx *rctx = lua_touserdata(L, -1);
    lua_pop(L, 1);
    lua_getstack(L, 0, ar);
    lua_getinfo(L, "Sl", ar);
    ldb.currentline = ar->currentline;
    int bp = ldbIsBreakpoint(ldb.currentline) || ldb.luabp;
    int timeout = 0;

    /* Code of ours (ldb's eval, library wrappers) is not the script's. */
    if (!strstr(ar->short_src, "user_script")) return;

    if (ar->event == LUA_HOOKCOUNT && !ldb.step && !bp) {
        long long limit = server.busy_reply_threshold ? server.busy_reply_threshold : 5000;
        if (!rctx || (long long)((getMonotonicUs() - rctx->start_time) / 1000) < limit) return;
        timeout = 1;
        ldb.step = 1;
    }
    if (!ldb.step && !bp) return;

    const char *reason = "step over";
    if (bp) reason = ldb.luabp ? "redis.breakpoint() called" : "break point";
    else if (timeout) reason = "timeout reached, infinite loop?";
    ldb.step = 0;
    ldb.luabp = 0;
    ldbLog(sdscatprintf(sdsempty(), "* Stopped at %d, stop reason = %s", ldb.currentline, reason));
    ldbLogSourceLine(ldb.currentline);
    ldbSendLogs();
    if (ldbRepl(L) == C_ERR && timeout) {
        /* Nobody is left to stop this endless script. */
        luaPushError(L, "timeout during Lua debugging with client closing connection");
        luaRaiseError(L);
    }
    /* The time at the prompt is not the script's. */
    if (rctx) rctx->start_time = getMonotonicUs();
}

/* ===========================================================================
 * redis.debug and redis.breakpoint
 * ======================================================================== */

int ldbRedisDebug(lua_State *L) {
    if (!ldb.active) return 0;
    int argc = lua_gettop(L);
    sds line = sdscatprintf(sdsempty(), "<debug> line %d: ", ldb.currentline);
    for (int j = 1; j <= argc; j++) {
        line = ldbCatValue(line, L, j, 0);
        if (j != argc) line = sdscatlen(line, ", ", 2);
    }
    ldbLog(line);
    return 0;
}

int ldbRedisBreakpoint(lua_State *L) {
    if (ldb.active) ldb.luabp = 1;
    lua_pushboolean(L, ldb.active);
    return 1;
}
