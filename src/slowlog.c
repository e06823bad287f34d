/* slowlog.c - the slow log and the SLOWLOG command.
 *
 * The slow log remembers the commands whose execution took at least
 * slowlog-log-slower-than microseconds.  "Execution" is the time call()
 * measures around the command's handler: it does not include reading the
 * request, queueing, or writing the reply, so a slow network never shows
 * here.  The log is a list, newest entry first, capped at slowlog-max-len
 * entries; the cap is applied when the next command is considered for the
 * log, so lowering slowlog-max-len shrinks the log one command later (this is
 * what Redis 7.0 does, and a slowlog-log-slower-than of -1 freezes the log,
 * cap included).
 *
 * An entry is a snapshot taken when the command completes:
 *
 *   id        a counter that never goes back, not even on SLOWLOG RESET;
 *             it advances for every entry created, including entries that
 *             slowlog-max-len 0 discards at once
 *   time      unix time in seconds
 *   duration  microseconds
 *   argv      the arguments as the client sent them, with two caps so that a
 *             huge MSET cannot make the log huge: at most 32 arguments (the
 *             32nd becomes "... (N more arguments)") and at most 128 bytes per
 *             string (followed by "... (N more bytes)")
 *   peer      "ip:port" of the client ("?:0" for a client without a socket)
 *   name      the client's name at completion, "" if none
 *
 * Secrets never reach the log: commands that take passwords (AUTH, HELLO
 * AUTH, CONFIG SET of a sensitive directive, MIGRATE AUTH) redact them in
 * their argv, and the redacted copy is what gets logged. */
#include "server.h"
#include "slowlog.h"

#define SLOWLOG_ENTRY_MAX_ARGC 32
#define SLOWLOG_ENTRY_MAX_STRING 128

long long slowlog_log_slower_than = 10000;
long long slowlog_max_len = 128;

typedef struct slowlogEntry {
    robj **argv;
    int argc;
    long long id;
    long long duration;
    time_t time;
    sds peerid;
    sds cname;
} slowlogEntry;

static list *slowlog;           /* newest first; created on first use */
static long long slowlog_next_id;

static void slowlogFreeEntry(void *ptr) {
    slowlogEntry *se = ptr;
    for (int j = 0; j < se->argc; j++) decrRefCount(se->argv[j]);
    zfree(se->argv);
    sdsfree(se->peerid);
    sdsfree(se->cname);
    zfree(se);
}

static list *slowlogList(void) {
    if (!slowlog) {
        slowlog = listCreate();
        listSetFreeMethod(slowlog, slowlogFreeEntry);
    }
    return slowlog;
}

/* "ip:port" of the client, as CLIENT LIST's addr= shows it. */
static sds slowlogPeerId(client *c) {
    if (c->conn_info[0]) return sdsnew(c->conn_info);
    if (c->flags & CLIENT_UNIX_SOCKET) return sdscatprintf(sdsempty(), "%s:0", server.unixsocket ? server.unixsocket : "");
    char ip[NET_IP_STR_LEN], addr[NET_ADDR_STR_LEN];
    int port;
    if (c->fd == -1 || anetFdToString(c->fd, ip, sizeof(ip), &port, 1) == -1) return sdsnew("?:0");
    anetFormatAddr(addr, sizeof(addr), ip, port);
    return sdsnew(addr);
}

/* One logged argument: the cap on the count and on the length applied.
 * Strings are copied, never shared with the caller: an argument object may
 * go on to live in the keyspace, and the log must not pin or alias it. */
static robj *slowlogArgument(robj **argv, int argc, int kept, int j) {
    if (kept != argc && j == kept - 1)
        return createObject(OBJ_STRING, sdscatprintf(sdsempty(), "... (%d more arguments)", argc - kept + 1));
    robj *a = argv[j];
    if (a->type == OBJ_STRING && sdsEncodedObject(a) && sdslen(a->ptr) > SLOWLOG_ENTRY_MAX_STRING) {
        sds s = sdsnewlen(a->ptr, SLOWLOG_ENTRY_MAX_STRING);
        s = sdscatprintf(s, "... (%lu more bytes)", (unsigned long)(sdslen(a->ptr) - SLOWLOG_ENTRY_MAX_STRING));
        return createObject(OBJ_STRING, s);
    }
    if (a->refcount == OBJ_SHARED_REFCOUNT) return a; /* immortal: safe to keep */
    return dupStringObject(a);
}

static slowlogEntry *slowlogCreateEntry(client *c, robj **argv, int argc, long long duration) {
    slowlogEntry *se = zmalloc(sizeof(*se));
    int kept = argc > SLOWLOG_ENTRY_MAX_ARGC ? SLOWLOG_ENTRY_MAX_ARGC : argc;
    se->argc = kept;
    se->argv = zmalloc(sizeof(robj *) * (kept ? kept : 1));
    for (int j = 0; j < kept; j++) se->argv[j] = slowlogArgument(argv, argc, kept, j);
    se->time = time(NULL);
    se->duration = duration;
    se->id = slowlog_next_id++;
    se->peerid = slowlogPeerId(c);
    se->cname = c->name ? sdsnew(c->name->ptr) : sdsempty();
    return se;
}

void slowlogPushEntryIfNeeded(client *c, robj **argv, int argc, long long duration_us) {
    if (slowlog_log_slower_than < 0) return;
    list *l = slowlogList();
    if (duration_us >= slowlog_log_slower_than) listAddNodeHead(l, slowlogCreateEntry(c, argv, argc, duration_us));
    while (listLength(l) > (unsigned long long)slowlog_max_len) listDelNode(l, listLast(l));
}

void slowlogPushCurrentCommand(client *c, redisCommand *cmd, long long duration_us) {
    if (cmd->flags & CMD_SKIP_SLOWLOG) return;
    if (c->original_argv)
        slowlogPushEntryIfNeeded(c, c->original_argv, c->original_argc, duration_us);
    else
        slowlogPushEntryIfNeeded(c, c->argv, c->argc, duration_us);
}

unsigned long slowlogLength(void) { return slowlog ? listLength(slowlog) : 0; }

void slowlogReset(void) {
    if (slowlog) listEmpty(slowlog);
}

/* ===========================================================================
 * SLOWLOG GET / LEN / RESET / HELP
 * ======================================================================== */

static void slowlogReplyEntry(client *c, slowlogEntry *se) {
    addReplyArrayLen(c, 6);
    addReplyLongLong(c, se->id);
    addReplyLongLong(c, (long long)se->time);
    addReplyLongLong(c, se->duration);
    addReplyArrayLen(c, se->argc);
    for (int j = 0; j < se->argc; j++) addReplyBulk(c, se->argv[j]);
    addReplyBulkCBuffer(c, se->peerid, sdslen(se->peerid));
    addReplyBulkCBuffer(c, se->cname, sdslen(se->cname));
}

/* SLOWLOG GET [count]: the newest count entries (10 by default, -1: all). */
void slowlogGetCommand(client *c) {
    long count = 10;
    if (c->argc > 3) {
        addReplySubcommandSyntaxError(c);
        return;
    }
    if (c->argc == 3 &&
        getRangeLongFromObjectOrReply(c, c->argv[2], -1, LONG_MAX, &count,
                                      "count should be greater than or equal to -1") != C_OK)
        return;
    unsigned long len = slowlogLength();
    if (count == -1 || (unsigned long)count > len) count = (long)len;
    addReplyArrayLen(c, count);
    if (!count) return;
    listIter li;
    listNode *ln;
    listRewind(slowlog, &li);
    while (count-- && (ln = listNext(&li))) slowlogReplyEntry(c, listNodeValue(ln));
}

void slowlogLenCommand(client *c) { addReplyLongLong(c, (long long)slowlogLength()); }

void slowlogResetCommand(client *c) {
    slowlogReset();
    addReply(c, shared.ok);
}

void slowlogHelpCommand(client *c) {
    const char *help[] = {
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
        NULL};
    addReplyHelp(c, help);
}
