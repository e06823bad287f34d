/* server.c - main(), initialisation, the cron, the before-sleep hook, command
 * dispatch (processCommand, call) and shutdown.
 *
 * The server is one thread around one event loop.  Every iteration:
 *   1. beforeSleep: a fast active-expire cycle, replies written to clients,
 *      closed clients freed;
 *   2. the loop waits for sockets or the next timer;
 *   3. readable clients are read and their complete requests executed;
 *   4. serverCron runs hz times a second: clocks, client timeouts, the slow
 *      active-expire cycle, hash table resizing, statistics, shutdown.
 *
 * processCommand is the request pipeline, one small step per check: lookup
 * and arity, authentication, then execution through call(). */
#include "server.h"
#include "redis-check.h"
#include "pubsub.h"
#include "bio.h"
#include "childinfo.h"
#include "debug.h"
#include "evict.h"
#include "proc.h"
#include "rdb.h"
#include "aof.h"
#include "latency.h"
#include "slowlog.h"
#include "eval.h"
#include "functions.h"
#include "script.h"
#include "script_ldb.h"

#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <syslog.h>

struct redisServer server;
struct sharedObjectsStruct shared;

/* ===========================================================================
 * Hash table types
 * ======================================================================== */

uint64_t dictSdsHash(const void *key) { return dictGenHashFunction((const unsigned char *)key, sdslen((sds)key)); }

uint64_t dictSdsCaseHash(const void *key) {
    return dictGenCaseHashFunction((const unsigned char *)key, sdslen((sds)key));
}

int dictSdsKeyCompare(const void *a, const void *b) {
    size_t l1 = sdslen((sds)a), l2 = sdslen((sds)b);
    return l1 == l2 && memcmp(a, b, l1) == 0;
}

int dictSdsKeyCaseCompare(const void *a, const void *b) { return strcasecmp(a, b) == 0; }

static const void *keyspaceEntryGetKey(const void *elem) { return objectGetKey(elem); }

static void keyspaceEntryDestructor(void *elem) { decrRefCount(elem); }

/* A type's veto on a resize of the keyspace tables.  The policy while a
 * child process shares our pages (copy-on-write) is not here but in the
 * dict's global mode, which also stops incremental rehashing and covers
 * every table: see updateDictResizePolicy() in childinfo.c. */
static int dictResizeAllowed(size_t moreMem, double usedRatio) {
    (void)moreMem;
    (void)usedRatio;
    return 1;
}

dictType keyspaceDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = keyspaceEntryGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = keyspaceEntryDestructor,
    .resizeAllowed = dictResizeAllowed,
};

/* The expires table holds the same objects as the keyspace; it owns none. */
dictType expiresDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = keyspaceEntryGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = NULL,
    .resizeAllowed = dictResizeAllowed,
};

/* Commands by name, case-insensitively; the element is the command. */
static const void *commandGetKey(const void *elem) { return ((const redisCommand *)elem)->table_name; }

static const void *subcommandGetKey(const void *elem) {
    const redisCommand *cmd = elem;
    return cmd->fullname + (strchr(cmd->fullname, '|') - cmd->fullname) + 1;
}

static int dictCStrCaseCompare(const void *a, const void *b) { return strcasecmp(a, b) == 0; }

static uint64_t dictCStrCaseHash(const void *key) {
    return dictGenCaseHashFunction((const unsigned char *)key, strlen(key));
}

dictType commandTableDictType = {
    .hashFunction = dictCStrCaseHash,
    .entryGetKey = commandGetKey,
    .keyCompare = dictCStrCaseCompare,
};

static dictType subcommandDictType = {
    .hashFunction = dictCStrCaseHash,
    .entryGetKey = subcommandGetKey,
    .keyCompare = dictCStrCaseCompare,
};

/* ===========================================================================
 * Logging
 * ======================================================================== */

void serverLogRaw(int level, const char *msg) {
    const int syslogLevelMap[] = {LOG_DEBUG, LOG_INFO, LOG_NOTICE, LOG_WARNING};
    const char *c = ".-*#";
    int rawmode = level & LL_RAW;
    int log_to_stdout = server.logfile == NULL || server.logfile[0] == '\0';
    FILE *fp;

    level &= 0xff;
    if (level < server.verbosity) return;
    fp = log_to_stdout ? stdout : fopen(server.logfile, "a");
    if (!fp) return;
    if (rawmode) {
        fprintf(fp, "%s", msg);
    } else {
        char buf[64];
        struct timeval tv;
        struct tm tm;
        gettimeofday(&tv, NULL);
        localtime_r(&tv.tv_sec, &tm);
        int off = strftime(buf, sizeof(buf), "%d %b %Y %H:%M:%S.", &tm);
        snprintf(buf + off, sizeof(buf) - off, "%03d", (int)tv.tv_usec / 1000);
        char role = server.sentinel_mode ? 'X' : (server.pid != getpid() ? 'C' : 'M');
        fprintf(fp, "%d:%c %s %c %s\n", (int)getpid(), role, buf, c[level], msg);
    }
    fflush(fp);
    if (!log_to_stdout) fclose(fp);
    if (server.syslog_enabled) syslog(syslogLevelMap[level], "%s", msg);
}

/* Logging from a signal handler: only write(2) and hand-made numbers, no
 * stdio, no locks, no allocation.  Redis's form: "pid:signal-handler (unix
 * time) message". */
static char *ulltoa(char *end, unsigned long long v) {
    *--end = '\0';
    do {
        *--end = '0' + v % 10;
        v /= 10;
    } while (v);
    return end;
}

void serverLogFromHandler(int level, const char *msg) {
    if ((level & 0xff) < server.verbosity) return;
    int log_to_stdout = server.logfile == NULL || server.logfile[0] == '\0';
    int fd = log_to_stdout ? STDOUT_FILENO : open(server.logfile, O_APPEND | O_CREAT | O_WRONLY, 0644);
    if (fd == -1) return;
    char num[32];
    const char *p = ulltoa(num + sizeof(num), (unsigned long long)getpid());
    if (write(fd, p, strlen(p)) == -1) goto done;
    if (write(fd, ":signal-handler (", 17) == -1) goto done;
    p = ulltoa(num + sizeof(num), (unsigned long long)time(NULL));
    if (write(fd, p, strlen(p)) == -1) goto done;
    if (write(fd, ") ", 2) == -1) goto done;
    if (write(fd, msg, strlen(msg)) == -1) goto done;
    if (write(fd, "\n", 1) == -1) goto done;
done:
    if (!log_to_stdout) close(fd);
}

void serverLog(int level, const char *fmt, ...) {
    va_list ap;
    char msg[LOG_MAX_LEN];
    if ((level & 0xff) < server.verbosity) return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    serverLogRaw(level, msg);
}

void _serverAssert(const char *estr, const char *file, int line) {
    bugReportStart();
    serverLog(LL_WARNING, "=== ASSERTION FAILED ===");
    serverLog(LL_WARNING, "==> %s:%d '%s' is not true", file, line, estr);
    printCrashReport();
    bugReportEnd(0, 0);
}

void _serverPanic(const char *file, int line, const char *msg, ...) {
    va_list ap;
    char buf[1024];
    va_start(ap, msg);
    vsnprintf(buf, sizeof(buf), msg, ap);
    va_end(ap);
    bugReportStart();
    serverLog(LL_WARNING, "------------------------------------------------");
    serverLog(LL_WARNING, "!!! Software Failure. Press left mouse button to continue");
    serverLog(LL_WARNING, "Guru Meditation: %s #%s:%d", buf, file, line);
    printCrashReport();
    bugReportEnd(0, 0);
}

/* ===========================================================================
 * Clocks
 * ======================================================================== */

unsigned int getLRUClock(void) { return (mstime() / LRU_CLOCK_RESOLUTION) & LRU_CLOCK_MAX; }

/* The cached clock when the cron refreshes it often enough. */
unsigned int LRU_CLOCK(void) {
    if (1000 / server.hz <= LRU_CLOCK_RESOLUTION) return server.lruclock;
    return getLRUClock();
}

void updateCachedTime(void) {
    server.ustime = ustime();
    server.mstime = server.ustime / 1000;
    server.unixtime = server.mstime / 1000;
}

/* ===========================================================================
 * Shared objects
 * ======================================================================== */

static robj *makeSharedString(const char *s) { return makeObjectShared(createRawStringObject(s, strlen(s))); }

static void createSharedObjects(void) {
    shared.crlf = makeSharedString("\r\n");
    shared.ok = makeSharedString("+OK\r\n");
    shared.emptybulk = makeSharedString("$0\r\n\r\n");
    shared.czero = makeSharedString(":0\r\n");
    shared.cone = makeSharedString(":1\r\n");
    shared.emptyarray = makeSharedString("*0\r\n");
    shared.pong = makeSharedString("+PONG\r\n");
    shared.queued = makeSharedString("+QUEUED\r\n");
    shared.space = makeSharedString(" ");
    shared.colon = makeSharedString(":");
    shared.plus = makeSharedString("+");
    shared.redacted = makeSharedString("(redacted)");
    const char *names[] = {"DEL", "UNLINK", "PEXPIREAT", "SET", "PXAT", "KEEPTTL", "PERSIST",
                           "LPOP", "RPOP", "LMOVE", "ZPOPMIN", "ZPOPMAX", "MULTI", "EXEC", "RPOPLPUSH"};
    robj **slots[] = {&shared.del, &shared.unlink, &shared.pexpireat, &shared.set, &shared.pxat,
                      &shared.keepttl, &shared.persist, &shared.lpop, &shared.rpop, &shared.lmove,
                      &shared.zpopmin, &shared.zpopmax, &shared.multi, &shared.exec, &shared.rpoplpush};
    for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) *slots[j] = makeSharedString(names[j]);
    shared.minus = makeSharedString("-");
    shared.wrongtypeerr =
        makeSharedString("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    shared.err = makeSharedString("-ERR\r\n");
    shared.nokeyerr = makeSharedString("-ERR no such key\r\n");
    shared.syntaxerr = makeSharedString("-ERR syntax error\r\n");
    shared.sameobjecterr = makeSharedString("-ERR source and destination objects are the same\r\n");
    shared.outofrangeerr = makeSharedString("-ERR index out of range\r\n");
    shared.noautherr = makeSharedString("-NOAUTH Authentication required.\r\n");
    shared.oomerr = makeSharedString("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
    shared.loadingerr = makeSharedString("-LOADING Redis is loading the dataset in memory\r\n");
    shared.execaborterr = makeSharedString("-EXECABORT Transaction discarded because of previous errors.\r\n");
    shared.noreplicaserr = makeSharedString("-NOREPLICAS Not enough good replicas to write.\r\n");
    shared.busykeyerr = makeSharedString("-BUSYKEY Target key name already exists.\r\n");
    shared.null[2] = makeSharedString("$-1\r\n");
    shared.null[3] = makeSharedString("_\r\n");
    shared.nullarray[2] = makeSharedString("*-1\r\n");
    shared.nullarray[3] = makeSharedString("_\r\n");
    shared.emptymap[2] = makeSharedString("*0\r\n");
    shared.emptymap[3] = makeSharedString("%0\r\n");
    shared.emptyset[2] = makeSharedString("*0\r\n");
    shared.emptyset[3] = makeSharedString("~0\r\n");
    for (int j = 0; j < OBJ_SHARED_INTEGERS; j++) {
        shared.integers[j] = makeObjectShared(createObject(OBJ_STRING, (void *)(intptr_t)j));
        shared.integers[j]->encoding = OBJ_ENCODING_INT;
    }
    for (int j = 0; j < OBJ_SHARED_BULKHDR_LEN; j++) {
        shared.mbulkhdr[j] = makeObjectShared(createObject(OBJ_STRING, sdscatprintf(sdsempty(), "*%d\r\n", j)));
        shared.bulkhdr[j] = makeObjectShared(createObject(OBJ_STRING, sdscatprintf(sdsempty(), "$%d\r\n", j)));
        shared.maphdr[j] = makeObjectShared(createObject(OBJ_STRING, sdscatprintf(sdsempty(), "%%%d\r\n", j)));
        shared.sethdr[j] = makeObjectShared(createObject(OBJ_STRING, sdscatprintf(sdsempty(), "~%d\r\n", j)));
    }
    shared.minstring = sdsnew("minstring");
    shared.maxstring = sdsnew("maxstring");
}

/* ===========================================================================
 * The command table
 * ======================================================================== */

/* Index the table: full names, parents, subcommand dictionaries.  Commands
 * whose handler is not linked in are not served. */
void populateCommandTable(void) {
    server.commands = dictCreate(&commandTableDictType);
    int id = 0;
    for (redisCommand *c = redisCommandTable; c->declared_name; c++) {
        if (!c->proc && !c->subcommands) continue;
        c->fullname = sdsnew(c->declared_name);
        c->id = id++;
        if (c->subcommands) {
            c->subcommands_dict = dictCreate(&subcommandDictType);
            int served = 0;
            for (redisCommand *sub = c->subcommands; sub->declared_name; sub++) {
                if (!sub->proc) continue;
                sub->fullname = sdscatfmt(sdsempty(), "%s|%s", c->declared_name, sub->declared_name);
                sub->parent = c;
                sub->id = id++;
                dictAdd(c->subcommands_dict, sub);
                served++;
            }
            if (!served) continue;
        }
        for (redisCommandArg *a = c->args; a && a->name; a++) c->num_args++;
        c->table_name = sdsdup(c->fullname);
        dictAdd(server.commands, c);
    }
}

/* Call fn on every served command and subcommand, in table order. */
void forEachCommand(void (*fn)(redisCommand *cmd, void *privdata), void *privdata) {
    for (redisCommand *c = redisCommandTable; c->declared_name; c++) {
        if (!c->fullname) continue;
        fn(c, privdata);
        for (redisCommand *sub = c->subcommands; sub && sub->declared_name; sub++)
            if (sub->fullname) fn(sub, privdata);
    }
}

static void resetCommandStats(redisCommand *c, void *privdata) {
    (void)privdata;
    c->microseconds = c->calls = c->rejected_calls = c->failed_calls = 0;
    freeCommandLatencyHistogram(c);
}

void resetCommandTableStats(void) { forEachCommand(resetCommandStats, NULL); }

static redisCommand *lookupCommandByName(const char *name) { return dictFind(server.commands, name); }

/* rename-command: serve oldname's command as newname, or not at all when
 * newname is empty.  COMMAND still reports the command's own name. */
int renameCommandInTable(const char *oldname, const char *newname, const char **err) {
    redisCommand *cmd = lookupCommandByName(oldname);
    if (!cmd) {
        *err = "No such command in rename-command";
        return 0;
    }
    if (*newname && lookupCommandByName(newname)) {
        *err = "Target command name already exists";
        return 0;
    }
    dictUnlink(server.commands, oldname);
    sdsfree(cmd->table_name);
    cmd->table_name = NULL;
    if (*newname) {
        cmd->table_name = sdsnew(newname);
        dictAdd(server.commands, cmd);
    }
    return 1;
}

/* The command and, for container commands, the subcommand argv names.
 * NULL when unknown (or a container with an unknown subcommand, which the
 * caller reports differently). */
redisCommand *lookupCommand(robj **argv, int argc) {
    redisCommand *base = lookupCommandByName(argv[0]->ptr);
    if (!base || !base->subcommands_dict || argc < 2) return base;
    if (argv[1]->encoding == OBJ_ENCODING_INT) return NULL;
    return dictFind(base->subcommands_dict, argv[1]->ptr);
}

redisCommand *lookupCommandBySds(sds s) {
    int argc;
    sds *parts = sdssplitlen(s, sdslen(s), "|", 1, &argc);
    redisCommand *cmd = NULL;
    if (parts && argc >= 1 && argc <= 2) {
        cmd = lookupCommandByName(parts[0]);
        if (argc == 2) cmd = cmd && cmd->subcommands_dict ? dictFind(cmd->subcommands_dict, parts[1]) : NULL;
    }
    sdsfreesplitres(parts, argc);
    return cmd;
}

redisCommand *lookupCommandOrOriginal(robj **argv, int argc) { return lookupCommand(argv, argc); }

/* ===========================================================================
 * Executing commands
 * ======================================================================== */

/* MONITOR shows the request as sent (passwords redacted), after it ran,
 * with the database it left the client in; admin commands stay hidden. */
static void feedMonitorsIfNeeded(client *c, redisCommand *cmd) {
    if (!listLength(server.monitors) || (cmd->flags & (CMD_SKIP_MONITOR | CMD_ADMIN))) return;
    if (c->original_argv) replicationFeedMonitors(c, c->db->id, c->original_argv, c->original_argc);
    else replicationFeedMonitors(c, c->db->id, c->argv, c->argc);
}

/* ===========================================================================
 * Propagation
 * ======================================================================== */

/* One operation to propagate: its own references to the arguments. */
typedef struct propagatedOp {
    robj **argv;
    int argc;
    int dbid;
} propagatedOp;

static struct {
    propagatedOp *ops;
    int count, cap;
} pending_ops;

void alsoPropagate(int dbid, robj **argv, int argc) {
    if (server.loading) return; /* replaying the AOF writes nothing back */
    /* Nobody to propagate to (the AOF is the only target until replication
     * exists): keep the write path free of this work. */
    if (server.aof_state == AOF_OFF) return;
    if (pending_ops.count == pending_ops.cap) {
        pending_ops.cap = pending_ops.cap ? pending_ops.cap * 2 : 16;
        pending_ops.ops = zrealloc(pending_ops.ops, sizeof(propagatedOp) * pending_ops.cap);
    }
    propagatedOp *op = &pending_ops.ops[pending_ops.count++];
    op->argv = zmalloc(sizeof(robj *) * argc);
    for (int j = 0; j < argc; j++) {
        robj *o = argv[j];
        /* A stack object, or a keyspace entry (an expired key's own name),
         * will not outlive this call: keep a copy. */
        if (o->refcount == OBJ_STATIC_REFCOUNT || o->haskey) {
            op->argv[j] = sdsEncodedObject(o) ? createStringObject(o->ptr, sdslen(o->ptr))
                                              : createStringObjectFromLongLong((long)o->ptr);
        } else {
            op->argv[j] = o;
            incrRefCount(o);
        }
    }
    op->argc = argc;
    op->dbid = dbid;
}

void preventCommandPropagation(client *c) { c->flags |= CLIENT_PREVENT_PROP; }

/* Hand what was collected to the AOF.  Several operations form one
 * transaction: whoever reads them back must see all or nothing.  MULTI goes
 * in the first operation's db, so that its SELECT comes before it. */
void propagatePendingCommands(void) {
    if (pending_ops.count == 0) return;
    int wrap = pending_ops.count > 1;
    if (wrap) feedAppendOnlyFile(pending_ops.ops[0].dbid, &shared.multi, 1);
    for (int j = 0; j < pending_ops.count; j++) {
        propagatedOp *op = &pending_ops.ops[j];
        feedAppendOnlyFile(op->dbid, op->argv, op->argc);
        for (int k = 0; k < op->argc; k++) decrRefCount(op->argv[k]);
        zfree(op->argv);
    }
    if (wrap) feedAppendOnlyFile(-1, &shared.exec, 1);
    pending_ops.count = 0;
}

/* Run the command and account for it.  A command that blocks is counted
 * (calls, time, slowlog) when it completes: when it is run again after a
 * wake-up (CLIENT_REPROCESSING_COMMAND) or answered on timeout; MONITOR and
 * the processed-commands counters see it once, the first time.  Calls nest
 * (EXEC runs its queued commands through call()): each nested command is
 * accounted for on its own, under the clock of the outermost one. */
void call(client *c) {
    redisCommand *real_cmd = c->cmd;
    /* Expiry is judged against one clock per command, or per transaction. */
    if (server.execution_nesting == 0) updateCachedTime();
    server.execution_nesting++;
    long long dirty = server.dirty;
    monotime start = getMonotonicUs();
    int was_executing = c->flags & CLIENT_EXECUTING_COMMAND;
    c->flags |= CLIENT_EXECUTING_COMMAND;
    c->cmd->proc(c);
    if (!was_executing) c->flags &= ~CLIENT_EXECUTING_COMMAND;
    /* A command that changed the dataset propagates what it left in argv
     * (its determinism rewrite, if any).  EXEC never propagates itself: its
     * commands did, and the outermost call wraps them. */
    if (server.dirty > dirty && c->cmd && c->cmd->proc != execCommand && !(c->flags & CLIENT_PREVENT_PROP))
        alsoPropagate(c->db->id, c->argv, c->argc);
    c->flags &= ~CLIENT_PREVENT_PROP;
    server.execution_nesting--;
    if (server.execution_nesting == 0) propagatePendingCommands();
    long long duration = getMonotonicUs() - start;
    int first_run = !(c->flags & CLIENT_REPROCESSING_COMMAND);
    if (!(c->flags & CLIENT_BLOCKED)) {
        real_cmd->microseconds += duration;
        real_cmd->calls++;
        if (server.latency_tracking_enabled) updateCommandLatencyHistogram(real_cmd, duration * 1000);
        latencyAddSampleIfNeeded(real_cmd->flags & CMD_FAST ? "fast-command" : "command", duration / 1000);
        slowlogPushCurrentCommand(c, real_cmd, duration);
    }
    if (first_run) {
        feedMonitorsIfNeeded(c, real_cmd);
        server.stat_numcommands++;
        c->commands_processed++;
    }
}

/* Every refusal of processCommand goes through these: a refused command
 * dooms the open transaction (EXECABORT), and a refused EXEC takes the
 * transaction with it. */
static void rejectCommand(client *c, robj *reply) {
    flagTransaction(c);
    if (c->cmd) c->cmd->rejected_calls++;
    if (c->cmd && c->cmd->proc == execCommand) execCommandAbort(c, reply->ptr);
    else addReplyErrorObject(c, reply);
}

static void rejectCommandSds(client *c, sds s) {
    flagTransaction(c);
    if (c->cmd) c->cmd->rejected_calls++;
    if (c->cmd && c->cmd->proc == execCommand) {
        execCommandAbort(c, s);
        sdsfree(s);
    } else {
        addReplyErrorSds(c, s);
    }
}

static void rejectCommandFormat(client *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sds s = sdscatvprintf(sdsempty(), fmt, ap);
    va_end(ap);
    rejectCommandSds(c, s);
}

/* Step 1: find the command and check its arity. */
static int processCommandLookup(client *c) {
    c->cmd = c->lastcmd = c->realcmd = lookupCommand(c->argv, c->argc);
    if (c->cmd) {
        if ((c->cmd->arity > 0 && c->cmd->arity != c->argc) || (c->argc < -c->cmd->arity)) {
            rejectCommandFormat(c, "wrong number of arguments for '%s' command", c->cmd->fullname);
            return C_ERR;
        }
        return C_OK;
    }
    /* Unknown: either a container with a bad subcommand or no command. */
    redisCommand *base = lookupCommandByName(c->argv[0]->ptr);
    if (base && base->subcommands_dict) {
        if (c->argc < 2) {
            c->cmd = base;
            rejectCommandFormat(c, "wrong number of arguments for '%s' command", base->fullname);
            return C_ERR;
        }
        sds cmd = sdsnew(base->fullname);
        sdstoupper(cmd);
        robj *sub = getDecodedObject(c->argv[1]);
        rejectCommandFormat(c, "unknown subcommand '%.128s'. Try %s HELP.", (char *)sub->ptr, cmd);
        decrRefCount(sub);
        sdsfree(cmd);
        return C_ERR;
    }
    sds args = sdsempty();
    for (int i = 1; i < c->argc && sdslen(args) < 128; i++) {
        robj *a = getDecodedObject(c->argv[i]);
        args = sdscatprintf(args, "'%.*s' ", 128 - (int)sdslen(args), (char *)a->ptr);
        decrRefCount(a);
    }
    robj *name = getDecodedObject(c->argv[0]);
    rejectCommandFormat(c, "unknown command '%.128s', with args beginning with: %s", (char *)name->ptr, args);
    decrRefCount(name);
    sdsfree(args);
    return C_ERR;
}

/* Step 2: authentication. */
static int processCommandAuth(client *c) {
    if (!c->authenticated && !(c->cmd->flags & CMD_NO_AUTH)) {
        rejectCommand(c, shared.noautherr);
        return C_ERR;
    }
    return C_OK;
}

/* Inside MULTI, commands flagged no-multi (SAVE, SHUTDOWN, SYNC...) are
 * refused at once, which also dooms the transaction. */
static int processCommandNoMulti(client *c) {
    if ((c->flags & CLIENT_MULTI) && (c->cmd->flags & CMD_NO_MULTI)) {
        rejectCommandFormat(c, "Command not allowed inside a transaction");
        return C_ERR;
    }
    return C_OK;
}

/* Step 2b: while a script runs past busy-reply-threshold (the server then
 * serves events from inside it), only commands flagged allow-busy run:
 * SCRIPT KILL, FUNCTION KILL, SHUTDOWN NOSAVE, MULTI... (script.c). */
static int processCommandBusyScript(client *c) {
    const char *err;
    if (!scriptBusyRejects(c, &err)) return C_OK;
    rejectCommandSds(c, sdsnew(err));
    return C_ERR;
}

/* Step 3: commands that must be enabled explicitly (DEBUG, MODULE). */
static int processCommandProtected(client *c) {
    if (!(c->cmd->flags & CMD_PROTECTED)) return C_OK;
    int setting = c->cmd->proc == debugCommand ? server.enable_debug_cmd : server.enable_module_cmd;
    if (setting == PROTECTED_ACTION_ALLOWED_YES || (setting == PROTECTED_ACTION_ALLOWED_LOCAL && clientIsLocal(c)))
        return C_OK;
    rejectCommandFormat(c, "%s command not allowed. If the %s option is set to \"local\", you can run it from a "
                           "local connection, otherwise you need to set this option in the configuration file, "
                           "and then restart the server.",
                        c->cmd->proc == debugCommand ? "DEBUG" : "MODULE",
                        c->cmd->proc == debugCommand ? "enable-debug-command" : "enable-module-command");
    return C_ERR;
}

/* Step 3b: maxmemory.  Before any command, evict what the policy allows
 * (evict.c).  If memory is still over the limit with nothing left to evict,
 * commands that may grow the dataset (denyoom; EXEC when it would run one)
 * get -OOM, and so does anything that would be queued in a transaction or
 * otherwise accepted inside MULTI: queueing grows memory too.  Only EXEC,
 * DISCARD, QUIT and RESET get through then. */
static int processCommandOutOfMemory(client *c) {
    if (!server.maxmemory) return C_OK;
    int out_of_memory = performEvictions() == EVICT_FAIL;
    if (!out_of_memory) return C_OK;
    /* A script with a shebang, or a function, is judged by the flags it
     * declares. */
    int reject = (scriptDeclaredCommandFlags(c, multiEffectiveCommandFlags(c)) & CMD_DENYOOM) != 0;
    if ((c->flags & CLIENT_MULTI) &&
        (multiShouldQueue(c) || c->cmd->proc == multiCommand || c->cmd->proc == watchCommand))
        reject = 1;
    if (!reject) return C_OK;
    rejectCommand(c, shared.oomerr);
    return C_ERR;
}

/* Step 4: a MONITOR client (flagged like a replica) may not touch keys. */
static int processCommandReplicaClient(client *c) {
    if ((c->flags & CLIENT_SLAVE) && !(c->flags & CLIENT_MASTER) &&
        (c->cmd->flags & (CMD_WRITE | CMD_READONLY | CMD_MAY_REPLICATE))) {
        rejectCommandFormat(c, "Replica can't interact with the keyspace");
        return C_ERR;
    }
    return C_OK;
}

/* Step 5: a RESP2 client in subscriber mode may only manage its
 * subscriptions, PING, QUIT or RESET (RESP3 mixes pushes and replies). */
static int processCommandSubscriberMode(client *c) {
    if (pubsubAllowedInSubscriberMode(c, c->cmd)) return C_OK;
    rejectCommandFormat(c, "Can't execute '%s': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                           "allowed in this context", c->cmd->fullname);
    return C_ERR;
}

/* Step 5b: -MISCONF: after a failed background save (with
 * stop-writes-on-bgsave-error), or while the AOF cannot be written or
 * fsync'ed, writes (and PING, so that monitoring notices) are refused until
 * the disk works again. */
static int processCommandDiskError(client *c) {
    int aof_errno = 0;
    int rdb_error = rdbWritesDeniedByBgsaveError();
    if (!rdb_error && (aof_errno = aofWritesDeniedByError()) == 0) return C_OK;
    if (!(scriptDeclaredCommandFlags(c, c->cmd->flags) & CMD_WRITE) && c->cmd->proc != pingCommand) return C_OK;
    if (!rdb_error) {
        rejectCommandSds(c, sdscatprintf(sdsempty(), "-MISCONF Errors writing to the AOF file: %s", strerror(aof_errno)));
        return C_ERR;
    }
    rejectCommandSds(c, sdsnew("-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
                               "persist to disk. Commands that may modify the data set are disabled, because this "
                               "instance is configured to report errors during writes if RDB snapshotting fails "
                               "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about "
                               "the RDB error."));
    return C_ERR;
}

/* Step 5c: while the dataset is loading, only commands flagged "loading"
 * run (INFO, PING...); the others get -LOADING. */
static int processCommandLoading(client *c) {
    if (!server.loading || (c->cmd->flags & CMD_LOADING)) return C_OK;
    rejectCommand(c, shared.loadingerr);
    return C_ERR;
}

/* Step 6: CLIENT PAUSE holds the request back until the pause ends; the
 * client is blocked with its argv kept (blocked.c runs it later). */
static int processCommandPause(client *c) {
    if (!clientPauseBlocksCommand(c)) return C_OK;
    blockPostponeClient(c);
    return C_ERR;
}

/* Last step: inside MULTI, a command that passed every check is queued for
 * EXEC instead of run (multi.c).  MULTI, EXEC, DISCARD, WATCH, QUIT and
 * RESET run at once. */
static int processCommandQueueInMulti(client *c) {
    if (!(c->flags & CLIENT_MULTI) || !multiShouldQueue(c)) return C_OK;
    queueMultiCommand(c);
    return C_ERR;
}

/* The pipeline a request goes through.  Each step replies (or blocks the
 * client) and returns C_ERR when the request stops there. */
int processCommand(client *c) {
    if (processCommandLookup(c) != C_OK) return C_OK;
    if (processCommandAuth(c) != C_OK) return C_OK;
    if (processCommandBusyScript(c) != C_OK) return C_OK;
    if (processCommandNoMulti(c) != C_OK) return C_OK;
    if (processCommandProtected(c) != C_OK) return C_OK;
    if (processCommandOutOfMemory(c) != C_OK) return C_OK;
    if (processCommandReplicaClient(c) != C_OK) return C_OK;
    if (processCommandSubscriberMode(c) != C_OK) return C_OK;
    if (processCommandDiskError(c) != C_OK) return C_OK;
    if (processCommandLoading(c) != C_OK) return C_OK;
    if (processCommandPause(c) != C_OK) return C_OK;
    if (processCommandQueueInMulti(c) != C_OK) return C_OK;
    call(c);
    /* Clients waiting on keys this command fed go before the next command,
     * but not in the middle of a busy script (they would see its partial
     * work): they are served when it ends. */
    if (blockedReadyKeysPending() && !scriptIsRunning()) handleClientsBlockedOnKeys();
    return C_OK;
}

/* ===========================================================================
 * Cron and before-sleep
 * ======================================================================== */

static void trackInstantaneousMetric(void) {
    long long now = server.mstime;
    long long t = now - server.stat_ops_last_time;
    long long ops = server.stat_numcommands - server.stat_numcommands_last;
    long long ops_sec = t > 0 ? ops * 1000 / t : 0;
    server.stat_ops_sec_samples[server.stat_ops_sec_idx] = ops_sec;
    server.stat_ops_sec_idx = (server.stat_ops_sec_idx + 1) % 16;
    server.stat_ops_last_time = now;
    server.stat_numcommands_last = server.stat_numcommands;
}

long long getInstantaneousMetric(void) {
    long long sum = 0;
    for (int j = 0; j < 16; j++) sum += server.stat_ops_sec_samples[j];
    return sum / 16;
}

/* Per database: shrink tables that became sparse, and advance rehashing. */
static void databasesCron(void) {
    if (server.active_expire_enabled) activeExpireCycle(ACTIVE_EXPIRE_CYCLE_SLOW);
    static unsigned int resize_db = 0;
    int dbs = server.dbnum < 16 ? server.dbnum : 16;
    for (int j = 0; j < dbs; j++) {
        redisDb *db = &server.db[resize_db % server.dbnum];
        dictShrinkIfNeeded(db->keys);
        dictShrinkIfNeeded(db->expires);
        if (dictIsRehashing(db->keys)) dictRehashMicroseconds(db->keys, 1000);
        if (dictIsRehashing(db->expires)) dictRehashMicroseconds(db->expires, 1000);
        resize_db++;
    }
}

#define run_with_period(_ms_) if (((_ms_) <= 1000 / server.hz) || !(server.cronloops % ((_ms_) / (1000 / server.hz))))

static int serverCron(struct aeEventLoop *eventLoop, long long id, void *clientData) {
    updateCachedTime();
    if (debugSettings.pause_cron) return 1000 / server.hz; /* DEBUG PAUSE-CRON */
    /* With dynamic-hz, more clients mean a faster cron so each visit covers
     * fewer of them. */
    server.hz = server.config_hz;
    if (server.dynamic_hz) {
        while (listLength(server.clients) / server.hz > MAX_CLIENTS_PER_CLOCK_TICK) {
            server.hz *= 2;
            if (server.hz > CONFIG_MAX_HZ) {
                server.hz = CONFIG_MAX_HZ;
                break;
            }
        }
    }
    server.lruclock = getLRUClock();
    run_with_period(100) trackInstantaneousMetric();
    size_t used = zmalloc_used_memory();
    if (used > server.stat_peak_memory) server.stat_peak_memory = used;

    if (server.shutdown_asap) {
        if (prepareForShutdown(0) == C_OK) exit(0);
        server.shutdown_asap = 0;
    }
    /* A running child: its progress reports (INFO shows them), and its end.
     * Forked Lua debugging sessions are reaped here too. */
    if (hasActiveChildProcess()) {
        run_with_period(1000) receiveChildInfo();
        checkChildrenDone();
    } else if (ldbPendingChildren()) {
        checkChildrenDone();
    }
    rdbCron(); /* save points and scheduled BGSAVEs */
    aofCron(); /* scheduled and automatic rewrites, delayed AOF writes */
    checkClientPauseTimeoutAndReturnIfPaused();
    clientsCron();
    databasesCron();
    freeClientsInAsyncFreeQueue();
    server.cronloops++;
    return 1000 / server.hz;
}

static void beforeSleep(struct aeEventLoop *eventLoop) {
    handleBlockedClientsTimeout();
    if (blockedReadyKeysPending()) handleClientsBlockedOnKeys();
    processUnblockedClients();
    if (server.active_expire_enabled) activeExpireCycle(ACTIVE_EXPIRE_CYCLE_FAST);
    /* The AOF gets this cycle's writes before any client hears of them. */
    flushAppendOnlyFile(0);
    handleClientsWithPendingWrites();
    freeClientsInAsyncFreeQueue();
}

static void afterSleep(struct aeEventLoop *eventLoop) { updateCachedTime(); }

/* ===========================================================================
 * Initialisation
 * ======================================================================== */

static int listenToPort(int port, int *fds, int *count) {
    *count = 0;
    for (int j = 0; j < server.bindaddr_count; j++) {
        char *addr = server.bindaddr[j];
        int optional = *addr == '-';
        if (optional) addr++;
        int fd;
        if (strchr(addr, ':')) {
            fd = anetTcp6Server(server.neterr, port, strcmp(addr, "*") ? addr : NULL, server.tcp_backlog);
        } else if (!strcmp(addr, "*")) {
            fd = anetTcpServer(server.neterr, port, NULL, server.tcp_backlog);
        } else {
            fd = anetTcpServer(server.neterr, port, addr, server.tcp_backlog);
        }
        if (fd == ANET_ERR) {
            int err = errno;
            serverLog(LL_WARNING, "Warning: Could not create server TCP listening socket %s:%d: %s",
                      addr, port, server.neterr);
            if (err == EADDRNOTAVAIL && optional) continue;
            if (err == ENOPROTOOPT || err == EPROTONOSUPPORT || err == ESOCKTNOSUPPORT || err == EPFNOSUPPORT ||
                err == EAFNOSUPPORT || err == EADDRNOTAVAIL) {
                if (optional) continue;
            }
            for (int k = 0; k < *count; k++) close(fds[k]);
            *count = 0;
            return C_ERR;
        }
        anetNonBlock(NULL, fd);
        anetCloexec(fd);
        fds[(*count)++] = fd;
    }
    return C_OK;
}

/* What the TCP listeners are bound to: the port and the addresses, as one
 * string, to tell whether a configuration change needs new sockets. */
static sds listening_on = NULL;

static sds listenSpec(void) {
    sds spec = sdsfromlonglong(server.port);
    for (int j = 0; j < server.bindaddr_count; j++) spec = sdscatfmt(spec, " %s", server.bindaddr[j]);
    return spec;
}

/* CONFIG SET port / bind: close the listeners and open the configured ones.
 * On failure nothing listens; CONFIG SET then restores the old settings and
 * calls this again, which opens the old listeners anew. */
int updateListeners(void) {
    int fds[CONFIG_BINDADDR_MAX], count = 0;
    if (server.el == NULL) return C_OK;
    sds spec = listenSpec();
    if (listening_on && !strcmp(spec, listening_on)) {
        sdsfree(spec);
        return C_OK;
    }
    for (int j = 0; j < server.ipfd_count; j++) {
        aeDeleteFileEvent(server.el, server.ipfd[j], AE_READABLE);
        close(server.ipfd[j]);
    }
    server.ipfd_count = 0;
    sdsfree(listening_on);
    listening_on = NULL;
    if (server.port != 0 && listenToPort(server.port, fds, &count) == C_ERR) {
        sdsfree(spec);
        return C_ERR;
    }
    for (int j = 0; j < count; j++) {
        server.ipfd[j] = fds[j];
        if (aeCreateFileEvent(server.el, fds[j], AE_READABLE, acceptTcpHandler, NULL) == AE_ERR)
            serverPanic("Unrecoverable error creating server.ipfd file event.");
    }
    server.ipfd_count = count;
    listening_on = spec;
    return C_OK;
}

static void adjustOpenFilesLimit(void) {
    rlim_t maxfiles = server.maxclients + CONFIG_MIN_RESERVED_FDS;
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == -1) return;
    if (limit.rlim_cur >= maxfiles) return;
    rlim_t best = maxfiles;
    while (best > limit.rlim_cur) {
        struct rlimit l = {best, best};
        if (setrlimit(RLIMIT_NOFILE, &l) == 0) break;
        best -= 16;
    }
    if (best < maxfiles) {
        unsigned int old = server.maxclients;
        server.maxclients = best > CONFIG_MIN_RESERVED_FDS ? best - CONFIG_MIN_RESERVED_FDS : 1;
        serverLog(LL_WARNING,
                  "You requested maxclients of %u requiring at least %llu max file descriptors.", old,
                  (unsigned long long)maxfiles);
        serverLog(LL_WARNING,
                  "Server can't set maximum open files to %llu because of OS error: %s.",
                  (unsigned long long)maxfiles, strerror(errno));
        serverLog(LL_WARNING,
                  "Current maximum open files is %llu. maxclients has been reduced to %u to compensate for "
                  "low ulimit. If you need higher maxclients increase 'ulimit -n'.",
                  (unsigned long long)best, server.maxclients);
    }
}

static void sigShutdownHandler(int sig) {
    if (server.shutdown_asap && sig == SIGINT) {
        serverLogFromHandler(LL_WARNING, "You insist... exiting now.");
        _exit(1);
    }
    serverLogFromHandler(LL_WARNING, sig == SIGINT ? "Received SIGINT scheduling shutdown..."
                                                   : "Received SIGTERM scheduling shutdown...");
    server.shutdown_asap = 1;
}

static void setupSignalHandlers(void) {
    struct sigaction act;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    act.sa_handler = sigShutdownHandler;
    sigaction(SIGTERM, &act, NULL);
    sigaction(SIGINT, &act, NULL);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    setupCrashHandlers();
}

/* The state every server needs, listening or not: client lists, shared
 * objects, the event loop, the databases and the clocks. */
static void initServerState(void) {
    server.pid = getpid();
    childStateInit();
    server.clients = listCreate();
    server.clients_to_close = listCreate();
    server.clients_pending_write = listCreate();
    server.monitors = listCreate();
    blockedInit();
    server.next_client_id = 1;
    server.ipfd_count = 0;
    server.sofd = -1;
    server.lruclock = getLRUClock(); /* shared objects are stamped with it */
    createSharedObjects();
    server.el = aeCreateEventLoop(server.maxclients + CONFIG_MIN_RESERVED_FDS + 96);
    if (server.el == NULL) {
        serverLog(LL_WARNING, "Failed creating the event loop. Error message: '%s'", strerror(errno));
        exit(1);
    }
    server.db = zmalloc(sizeof(redisDb) * server.dbnum);
    for (int j = 0; j < server.dbnum; j++) {
        server.db[j].keys = dictCreate(&keyspaceDictType);
        server.db[j].expires = dictCreate(&expiresDictType);
        server.db[j].id = j;
        server.db[j].avg_ttl = 0;
        server.db[j].expires_cursor = 0;
        blockedInitDb(&server.db[j]);
        multiInitDb(&server.db[j]);
    }
    /* The Lua states of EVAL and FUNCTION: in-process harnesses (the
     * fuzzers) load scripts and function libraries too. */
    evalInit();
    functionsInit();
    updateCachedTime();
    server.stat_starttime = server.unixtime;
    server.start_monotonic = getMonotonicUs();
    server.lastsave = server.unixtime;
    server.lastbgsave_status = C_OK;
    server.rdb_save_time_last = -1;
    server.rdb_save_time_start = -1;
    server.lruclock = getLRUClock();
    server.stat_ops_last_time = server.mstime;
}

static void initServer(void) {
    setupSignalHandlers();
    adjustOpenFilesLimit(); /* may lower maxclients, which sizes the event loop */
    initServerState();
    bioInit();
    aofInit();
    if (server.port != 0 && listenToPort(server.port, server.ipfd, &server.ipfd_count) == C_ERR) {
        serverLog(LL_WARNING, "Failed listening on port %u (tcp), aborting.", server.port);
        exit(1);
    }
    listening_on = listenSpec();
    if (server.unixsocket != NULL) {
        unlink(server.unixsocket);
        server.sofd = anetUnixServer(server.neterr, server.unixsocket, (mode_t)server.unixsocketperm,
                                     server.tcp_backlog);
        if (server.sofd == ANET_ERR) {
            serverLog(LL_WARNING, "Failed opening Unix socket: %s", server.neterr);
            exit(1);
        }
        anetNonBlock(NULL, server.sofd);
        anetCloexec(server.sofd);
    }
    if (server.ipfd_count == 0 && server.sofd < 0) {
        serverLog(LL_WARNING, "Configured to not listen anywhere, exiting.");
        exit(1);
    }
    if (aeCreateTimeEvent(server.el, 1, serverCron, NULL, NULL) == AE_ERR) {
        serverPanic("Can't create event loop timers.");
    }
    for (int j = 0; j < server.ipfd_count; j++) {
        if (aeCreateFileEvent(server.el, server.ipfd[j], AE_READABLE, acceptTcpHandler, NULL) == AE_ERR)
            serverPanic("Unrecoverable error creating server.ipfd file event.");
    }
    if (server.sofd != -1 && aeCreateFileEvent(server.el, server.sofd, AE_READABLE, acceptUnixHandler, NULL) == AE_ERR)
        serverPanic("Unrecoverable error creating server.sofd file event.");
    aeSetBeforeSleepProc(server.el, beforeSleep);
    aeSetAfterSleepProc(server.el, afterSleep);
}

/* ===========================================================================
 * Shutdown
 * ======================================================================== */

#define SHUTDOWN_NOFLAGS 0
#define SHUTDOWN_SAVE 1
#define SHUTDOWN_NOSAVE 2
#define SHUTDOWN_NOW 4
#define SHUTDOWN_FORCE 8

int prepareForShutdown(int flags) {
    serverLog(LL_WARNING, "User requested shutdown...");
    redisCommunicateSystemd("STOPPING=1\n");
    if (aofCheckShutdown((flags & SHUTDOWN_FORCE) != 0) != C_OK) {
        serverLog(LL_WARNING, "Errors trying to shut down the server. Check the logs for more information.");
        return C_ERR;
    }
    killChildForShutdown();
    ldbKillForkedSessions();
    aofFlushOnShutdown();
    if (rdbSaveOnShutdown((flags & SHUTDOWN_SAVE) != 0, (flags & SHUTDOWN_NOSAVE) != 0, (flags & SHUTDOWN_FORCE) != 0) !=
        C_OK) {
        serverLog(LL_WARNING, "Errors trying to shut down the server. Check the logs for more information.");
        return C_ERR;
    }
    if (server.pidfile) {
        serverLog(LL_NOTICE, "Removing the pid file.");
        unlink(server.pidfile);
    }
    for (int j = 0; j < server.ipfd_count; j++) close(server.ipfd[j]);
    if (server.sofd != -1) {
        close(server.sofd);
        serverLog(LL_NOTICE, "Removing the unix socket file.");
        unlink(server.unixsocket);
    }
    serverLog(LL_WARNING, "%s is now ready to exit, bye bye...", server.sentinel_mode ? "Sentinel" : "Redis");
    return C_OK;
}

void shutdownCommand(client *c) {
    int flags = SHUTDOWN_NOFLAGS;
    for (int j = 1; j < c->argc; j++) {
        char *opt = c->argv[j]->ptr;
        if (!strcasecmp(opt, "nosave")) flags |= SHUTDOWN_NOSAVE;
        else if (!strcasecmp(opt, "save")) flags |= SHUTDOWN_SAVE;
        else if (!strcasecmp(opt, "now")) flags |= SHUTDOWN_NOW;
        else if (!strcasecmp(opt, "force")) flags |= SHUTDOWN_FORCE;
        else if (!strcasecmp(opt, "abort")) {
            if (c->argc != 2) {
                addReplyErrorObject(c, shared.syntaxerr);
                return;
            }
            addReplyError(c, "No shutdown in progress.");
            return;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    if ((flags & SHUTDOWN_NOSAVE) && (flags & SHUTDOWN_SAVE)) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    if (prepareForShutdown(flags) == C_OK) exit(0);
    addReplyError(c, "Errors trying to SHUTDOWN. Check logs.");
}

/* ===========================================================================
 * Connection commands
 * ======================================================================== */

void pingCommand(client *c) {
    if (c->argc > 2) {
        addReplyErrorArity(c);
        return;
    }
    /* In RESP2 subscriber mode a reply must look like a message. */
    if ((c->flags & CLIENT_PUBSUB) && c->resp == 2) {
        addReplyArrayLen(c, 2);
        addReplyBulkCBuffer(c, "pong", 4);
        if (c->argc == 1) addReplyBulkCBuffer(c, "", 0);
        else addReplyBulk(c, c->argv[1]);
        return;
    }
    if (c->argc == 1) addReply(c, shared.pong);
    else addReplyBulk(c, c->argv[1]);
}

void echoCommand(client *c) { addReplyBulk(c, c->argv[1]); }

void quitCommand(client *c) {
    addReply(c, shared.ok);
    c->flags |= CLIENT_CLOSE_AFTER_REPLY;
}

void timeCommand(client *c) {
    long long now = ustime();
    addReplyArrayLen(c, 2);
    addReplyBulkLongLong(c, now / 1000000);
    addReplyBulkLongLong(c, now % 1000000);
}

void lastsaveCommand(client *c) { addReplyLongLong(c, server.lastsave); }

/* Constant-time comparison, so timing does not leak the password. */
static int timeIndependentEquals(const char *a, size_t alen, const char *b, size_t blen) {
    unsigned char diff = alen != blen;
    size_t n = alen > blen ? alen : blen;
    for (size_t j = 0; j < n; j++) {
        unsigned char x = j < alen ? a[j] : 0, y = j < blen ? b[j] : 0;
        diff |= x ^ y;
    }
    return diff == 0;
}

/* Check a username/password pair.  Only the default user exists until ACLs
 * land.  Replies with the error itself on failure. */
static int checkCredentials(client *c, robj *username, robj *password) {
    if (username && strcmp(username->ptr, "default") != 0) goto wrongpass;
    if (server.requirepass == NULL) {
        /* The default user is "nopass": any password is accepted. */
        c->authenticated = 1;
        return C_OK;
    }
    if (timeIndependentEquals(password->ptr, sdslen(password->ptr), server.requirepass, sdslen(server.requirepass))) {
        c->authenticated = 1;
        return C_OK;
    }
wrongpass:
    addReplyError(c, "-WRONGPASS invalid username-password pair or user is disabled.");
    return C_ERR;
}

void authCommand(client *c) {
    if (c->argc > 3) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    for (int j = 1; j < c->argc; j++) redactClientCommandArgument(c, j); /* hidden from MONITOR and SLOWLOG */
    if (c->argc == 2 && server.requirepass == NULL) {
        addReplyError(c, "AUTH <password> called without any password configured for the default user. "
                         "Are you sure your configuration is correct?");
        return;
    }
    robj *user = c->argc == 3 ? c->argv[1] : NULL;
    robj *pass = c->argc == 3 ? c->argv[2] : c->argv[1];
    if (checkCredentials(c, user, pass) == C_OK) addReply(c, shared.ok);
}

void helloCommand(client *c) {
    long long ver = 0;
    int next = 1;
    if (c->argc >= 2) {
        if (getLongLongFromObjectOrReply(c, c->argv[next++], &ver,
                                         "Protocol version is not an integer or out of range") != C_OK)
            return;
        if (ver < 2 || ver > 3) {
            addReplyError(c, "-NOPROTO unsupported protocol version");
            return;
        }
    }
    robj *user = NULL, *pass = NULL, *name = NULL;
    for (int j = next; j < c->argc; j++) {
        int moreargs = c->argc - 1 - j;
        const char *opt = c->argv[j]->ptr;
        if (!strcasecmp(opt, "AUTH") && moreargs >= 2) {
            redactClientCommandArgument(c, j + 1);
            redactClientCommandArgument(c, j + 2);
            user = c->argv[j + 1];
            pass = c->argv[j + 2];
            j += 2;
        } else if (!strcasecmp(opt, "SETNAME") && moreargs) {
            name = c->argv[j + 1];
            j++;
        } else {
            addReplyErrorFormat(c, "Syntax error in HELLO option '%s'", opt);
            return;
        }
    }
    if (user && checkCredentials(c, user, pass) != C_OK) return;
    if (!c->authenticated) {
        addReplyError(c, "-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                         "HELLO AUTH <user> <pass> option can be used to authenticate the client and "
                         "select the RESP protocol version at the same time");
        return;
    }
    if (name && clientSetName(c, name) != C_OK) return;
    if (ver) c->resp = ver;
    addReplyMapLen(c, 7);
    addReplyBulkCString(c, "server");
    addReplyBulkCString(c, "redis");
    addReplyBulkCString(c, "version");
    addReplyBulkCString(c, REDIS_VERSION);
    addReplyBulkCString(c, "proto");
    addReplyLongLong(c, c->resp);
    addReplyBulkCString(c, "id");
    addReplyLongLong(c, c->id);
    addReplyBulkCString(c, "mode");
    addReplyBulkCString(c, "standalone");
    addReplyBulkCString(c, "role");
    addReplyBulkCString(c, "master");
    addReplyBulkCString(c, "modules");
    addReplyArrayLen(c, 0);
}

/* ===========================================================================
 * main
 * ======================================================================== */

static void version(void) {
    printf("Redis server v=%s sha=00000000:0 malloc=%s bits=%d build=0\n", REDIS_VERSION, zmalloc_lib_name(),
           (int)(sizeof(long) * 8));
    exit(0);
}

static void usage(void) {
    fprintf(stderr, "Usage: ./redis-server [/path/to/redis.conf] [options] [-]\n");
    fprintf(stderr, "       ./redis-server - (read config from stdin)\n");
    fprintf(stderr, "       ./redis-server -v or --version\n");
    fprintf(stderr, "       ./redis-server -h or --help\n");
    fprintf(stderr, "       ./redis-server --test-memory <megabytes>\n\n");
    fprintf(stderr, "Examples:\n");
    fprintf(stderr, "       ./redis-server (run the server with default conf)\n");
    fprintf(stderr, "       ./redis-server /etc/redis/6379.conf\n");
    fprintf(stderr, "       ./redis-server --port 7777\n");
    fprintf(stderr, "       ./redis-server --port 7777 --replicaof 127.0.0.1 8888\n");
    fprintf(stderr, "       ./redis-server /etc/myredis.conf --loglevel verbose -\n");
    fprintf(stderr, "       ./redis-server /etc/myredis.conf --loglevel verbose\n\n");
    exit(1);
}

static void daemonize(void) {
    if (fork() != 0) exit(0);
    setsid();
    int fd = open("/dev/null", O_RDWR, 0);
    if (fd != -1) {
        dup2(fd, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        if (fd > STDERR_FILENO) close(fd);
    }
}

/* The start-up banner.  With always-show-logo, or when logging to a
 * terminal, a framed block with the version, mode, port and PID (tools
 * wait for its " PID: " line); otherwise one line. */
static void showStartupBanner(void) {
    int tty = (server.logfile == NULL || server.logfile[0] == '\0') && isatty(fileno(stdout));
    if (!server.always_show_logo && !tty) {
        serverLog(LL_NOTICE, "Running mode=%s, port=%d.", server.sentinel_mode ? "sentinel" : "standalone",
                  server.port);
        return;
    }
    char lines[5][64];
    snprintf(lines[0], sizeof(lines[0]), "Redis %s (00000000/0) %d bit", REDIS_VERSION, (int)(sizeof(long) * 8));
    snprintf(lines[1], sizeof(lines[1]), "Running in %s mode", server.sentinel_mode ? "sentinel" : "standalone");
    snprintf(lines[2], sizeof(lines[2]), "Port: %d", server.port);
    snprintf(lines[3], sizeof(lines[3]), "PID: %ld", (long)getpid());
    snprintf(lines[4], sizeof(lines[4]), "https://redis.io");
    sds banner = sdsnew("\n    +------------------------------------------------+\n");
    for (int j = 0; j < 5; j++) banner = sdscatprintf(banner, "    |  %-46s|\n", lines[j]);
    banner = sdscat(banner, "    +------------------------------------------------+\n\n");
    serverLogRaw(LL_NOTICE | LL_RAW, banner);
    sdsfree(banner);
}

static void createPidFile(void) {
    if (!server.pidfile) server.pidfile = zstrdup("/var/run/redis.pid");
    FILE *fp = fopen(server.pidfile, "w");
    if (fp) {
        fprintf(fp, "%d\n", (int)getpid());
        fclose(fp);
    } else {
        serverLog(LL_WARNING, "Failed to write PID file: %s", strerror(errno));
    }
}

int main(int argc, char **argv) {
    setlocale(LC_COLLATE, "");
    tzset();
    srand(time(NULL) ^ getpid());
    uint8_t hashseed[16];
    getRandomBytes(hashseed, sizeof(hashseed));
    dictSetHashFunctionSeed(hashseed);

    initServerConfig();
    populateCommandTable();
    /* Installed as redis-check-rdb / redis-check-aof (links to this
     * binary): be that program instead (redis-check.h). */
    const char *progname = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (strstr(progname, "redis-check-rdb") || strstr(progname, "redis-check-aof")) {
        createSharedObjects(); /* values read by rdb.c may use the shared integers */
        if (strstr(progname, "redis-check-rdb")) redisCheckRdbMain(argc, argv);
        redisCheckAofMain(argc, argv);
    }
    /* Like Redis, the path is argv[0] made absolute against the working
     * directory (not looked up in PATH). */
    server.executable = getAbsolutePath(argv[0]);
    procTitleInit(argc, argv); /* copies environ away; argv stays readable until the title is set */

    if (argc >= 2) {
        int j = 1;
        sds options = sdsempty();
        char *configfile = NULL;
        int config_from_stdin = 0;
        if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")) version();
        if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) usage();
        if (argv[1][0] != '-') {
            configfile = argv[1];
            server.configfile = getAbsolutePath(configfile);
            j = 2;
        }
        /* --name value [value ...] becomes "name value ..." config lines. */
        while (j < argc) {
            if (argv[j][0] == '-' && argv[j][1] == '\0' && (j == 1 || j == argc - 1)) {
                config_from_stdin = 1;
            } else if (argv[j][0] == '-' && argv[j][1] == '-' && argv[j][2]) {
                if (sdslen(options)) options = sdscat(options, "\n");
                options = sdscat(options, argv[j] + 2);
                options = sdscat(options, " ");
            } else {
                options = sdscatrepr(options, argv[j], strlen(argv[j]));
                options = sdscat(options, " ");
            }
            j++;
        }
        loadServerConfig(server.configfile, config_from_stdin, options);
        sdsfree(options);
    }
    if (server.syslog_enabled) openlog(server.syslog_ident, LOG_PID | LOG_NDELAY | LOG_NOWAIT, server.syslog_facility);
    supervisedInit(server.supervised);
    if (server.daemonize && supervisedMode() == SUPERVISED_NONE) daemonize();

    serverLog(LL_WARNING, "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
    serverLog(LL_WARNING, "Redis version=%s, bits=%d, commit=00000000, modified=0, pid=%d, just started",
              REDIS_VERSION, (int)(sizeof(long) * 8), (int)getpid());
    if (argc == 1) {
        serverLog(LL_WARNING, "Warning: no config file specified, using the default config. In order to "
                              "specify a config file use %s /path/to/redis.conf", argv[0]);
    } else {
        serverLog(LL_WARNING, "Configuration loaded");
    }
    initServer();
    server.initial_memory_usage = zmalloc_used_memory();
    /* After initServer: the bio threads keep their own bio_cpulist. */
    if (setCpuAffinity(server.server_cpulist) != 0)
        serverLog(LL_WARNING, "Could not set the CPU affinity to server_cpulist '%s'", server.server_cpulist);
    if (server.daemonize || server.pidfile) createPidFile();
    redisSetProcTitle(NULL);
    serverLog(LL_NOTICE, "monotonic clock: %s", monotonicInit());
    showStartupBanner();
    serverLog(LL_WARNING, "Server initialized");
    setOOMScoreAdj(-1);
    redisCommunicateSystemd("STATUS=Redis is loading...\n");
    if (server.aof_state == AOF_ON) aofLoadOnStartup();
    else loadDataFromDisk();
    serverLog(LL_NOTICE, "Ready to accept connections");
    if (server.sofd != -1) serverLog(LL_NOTICE, "The server is now ready to accept connections at %s", server.unixsocket);
    supervisedReady();
    aeMain(server.el);
    aeDeleteEventLoop(server.el);
    return 0;
}

/* ===========================================================================
 * In-process test harnesses
 * ======================================================================== */

/* For harnesses that drive clients inside their own process, such as the
 * request-parser fuzzer in tests/fuzz/: the state initServer() sets up
 * (client lists, shared objects, event loop, databases, clocks) without
 * signal handlers, the open-files limit, listening sockets or the cron timer.
 * Call it after initServerConfig() and populateCommandTable(); clients are
 * then made with createClient() on a socket the harness owns.  The server
 * itself never calls it. */
void initServerForTests(void) { initServerState(); }
