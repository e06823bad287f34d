/* debug.c - the DEBUG command: test hooks inside the server.  Gated by
 * enable-debug-command (see processCommand). */
#include "server.h"
#include "evict.h"

#include <signal.h>

static void debugProtocol(client *c, const char *name) {
    if (!strcasecmp(name, "string")) addReplyBulkCString(c, "Hello World");
    else if (!strcasecmp(name, "integer")) addReplyLongLong(c, 12345);
    else if (!strcasecmp(name, "double")) addReplyDouble(c, 3.141);
    else if (!strcasecmp(name, "bignum")) {
        if (c->resp >= 3) addReplyProto(c, "(1234567999999999999999999999999999999\r\n", 40);
        else addReplyBulkCString(c, "1234567999999999999999999999999999999");
    } else if (!strcasecmp(name, "null")) addReplyNull(c);
    else if (!strcasecmp(name, "array")) {
        addReplyArrayLen(c, 3);
        for (int j = 0; j < 3; j++) addReplyLongLong(c, j);
    } else if (!strcasecmp(name, "set")) {
        addReplySetLen(c, 3);
        for (int j = 0; j < 3; j++) addReplyLongLong(c, j);
    } else if (!strcasecmp(name, "map")) {
        addReplyMapLen(c, 3);
        for (int j = 0; j < 3; j++) {
            addReplyLongLong(c, j);
            addReplyBool(c, j == 1);
        }
    } else if (!strcasecmp(name, "attrib")) {
        if (c->resp >= 3) {
            addReplyProto(c, "|1\r\n", 4);
            addReplyBulkCString(c, "key-popularity");
            addReplyArrayLen(c, 2);
            addReplyBulkCString(c, "key:123");
            addReplyLongLong(c, 90);
        }
        addReplyBulkCString(c, "Some real reply following the attribute");
    } else if (!strcasecmp(name, "push")) {
        if (c->resp < 3) {
            addReplyError(c, "RESP2 is not supported by this command");
            return;
        }
        addReplyPushLen(c, 2);
        addReplyBulkCString(c, "server-cpu-usage");
        addReplyLongLong(c, 42);
        addReplyBulkCString(c, "Some real reply following the push reply");
    } else if (!strcasecmp(name, "true")) addReplyBool(c, 1);
    else if (!strcasecmp(name, "false")) addReplyBool(c, 0);
    else if (!strcasecmp(name, "verbatim")) addReplyVerbatim(c, "This is a verbatim\nstring", 25, "txt");
    else
        addReplyError(c, "Wrong protocol type name. Please use one of the following: string|integer|double|"
                         "bignum|null|array|set|map|attrib|push|verbatim|true|false");
}

void debugCommand(client *c) {
    const char *sub = c->argv[1]->ptr;
    if (c->argc == 2 && !strcasecmp(sub, "help")) {
        const char *help[] = {
            "ASSERT",
            "    Crash by assertion failed.",
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
            "LOG <message>",
            "    Write <message> to the server log.",
            "HTSTATS <dbid>",
            "    Return hash table statistics of the specified Redis database.",
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
            "PANIC",
            "    Crash the server simulating a panic.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
            "SEGFAULT",
            "    Crash the server with sigsegv.",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
            NULL};
        addReplyHelp(c, help);
    } else if (!strcasecmp(sub, "segfault")) {
        raise(SIGSEGV);
    } else if (!strcasecmp(sub, "panic")) {
        serverPanic("DEBUG PANIC called at Unix time %lld", (long long)time(NULL));
    } else if (!strcasecmp(sub, "assert")) {
        serverAssert(1 == 2);
    } else if (!strcasecmp(sub, "log") && c->argc == 3) {
        serverLog(LL_WARNING, "DEBUG LOG: %s", (char *)c->argv[2]->ptr);
        addReply(c, shared.ok);
    } else if (!strcasecmp(sub, "error") && c->argc == 3) {
        /* The text goes out as is after the '-': a raw reply, so it is not
         * counted in the error statistics. */
        sds err = sdscatsds(sdsnewlen("-", 1), c->argv[2]->ptr);
        err = sdsmapchars(err, "\r\n", "  ", 2);
        err = sdscatlen(err, "\r\n", 2);
        addReplySds(c, err);
    } else if (!strcasecmp(sub, "sleep") && c->argc == 3) {
        double dtime = strtod(c->argv[2]->ptr, NULL);
        long long utime = dtime * 1000000;
        struct timespec tv = {utime / 1000000, (utime % 1000000) * 1000};
        nanosleep(&tv, NULL);
        addReply(c, shared.ok);
    } else if (!strcasecmp(sub, "set-active-expire") && c->argc == 3) {
        server.active_expire_enabled = atoi(c->argv[2]->ptr);
        addReply(c, shared.ok);
    } else if (!strcasecmp(sub, "protocol") && c->argc == 3) {
        debugProtocol(c, c->argv[2]->ptr);
    } else if (!strcasecmp(sub, "object") && c->argc == 3) {
        robj *o = dictFind(c->db->keys, c->argv[2]->ptr);
        if (!o) {
            addReplyErrorObject(c, shared.nokeyerr);
            return;
        }
        sds s = sdscatprintf(sdsempty(), "Value at:%p refcount:%d encoding:%s serializedlength:%zu lru:%d lru_seconds_idle:%llu",
                             (void *)o, (int)o->refcount, strEncoding(o->encoding),
                             o->type == OBJ_STRING ? stringObjectLen(o) : 0, o->lru,
                             estimateObjectIdleTime(o) / 1000);
        addReplyStatus(c, s);
        sdsfree(s);
    } else if (!strcasecmp(sub, "htstats") && c->argc == 3) {
        long dbid;
        if (getLongFromObjectOrReply(c, c->argv[2], &dbid, NULL) != C_OK) return;
        if (dbid < 0 || dbid >= server.dbnum) {
            addReplyError(c, "Out of range database");
            return;
        }
        char buf[4096];
        sds s = sdscatprintf(sdsempty(), "[Dictionary HT]\n");
        dictGetStats(buf, sizeof(buf), server.db[dbid].keys);
        s = sdscat(s, buf);
        s = sdscat(s, "[Expires HT]\n");
        dictGetStats(buf, sizeof(buf), server.db[dbid].expires);
        s = sdscat(s, buf);
        addReplyVerbatim(c, s, sdslen(s), "txt");
        sdsfree(s);
    } else if (!strcasecmp(sub, "populate") && c->argc >= 3 && c->argc <= 5) {
        long keys, valsize = 0;
        if (getPositiveLongFromObjectOrReply(c, c->argv[2], &keys, NULL) != C_OK) return;
        if (c->argc == 5 && getPositiveLongFromObjectOrReply(c, c->argv[4], &valsize, NULL) != C_OK) return;
        dictExpand(c->db->keys, dictSize(c->db->keys) + keys);
        const char *prefix = c->argc >= 4 ? c->argv[3]->ptr : "key";
        for (long j = 0; j < keys; j++) {
            char buf[128];
            sds key = sdscatprintf(sdsempty(), "%s:%lu", prefix, j);
            robj keyobj;
            initStaticStringObject(keyobj, key);
            if (lookupKeyWrite(c->db, &keyobj) != NULL) {
                sdsfree(key);
                continue;
            }
            robj *val;
            int len = snprintf(buf, sizeof(buf), "value:%lu", j);
            if (valsize == 0) {
                val = createStringObject(buf, len);
            } else {
                val = createStringObject(NULL, valsize);
                memcpy(val->ptr, buf, valsize <= len ? valsize : len);
            }
            dbAdd(c->db, &keyobj, val);
            sdsfree(key);
        }
        addReply(c, shared.ok);
    } else {
        addReplySubcommandSyntaxError(c);
    }
}
