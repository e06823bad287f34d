/* debug.c - the DEBUG command (test hooks inside the server) and the crash
 * report.
 *
 * DEBUG
 * -----
 * DEBUG is refused unless enable-debug-command allows it (processCommand).
 * Its subcommands fall in four groups:
 *
 *   - introspection: OBJECT, SDSLEN, HTSTATS, HTSTATS-KEY, STRUCTSIZE,
 *     DIGEST, DIGEST-VALUE, LISTPACK, QUICKLIST, CLIENT-EVICTION, MALLCTL;
 *   - settings read by other modules (struct debugSettings in debug.h):
 *     PAUSE-CRON, REPLYBUFFER, SET-SKIP-CHECKSUM-VALIDATION,
 *     SET-DISABLE-DENY-SCRIPTS, QUICKLIST-PACKED-THRESHOLD, plus
 *     SET-ACTIVE-EXPIRE which flips the server's own setting;
 *   - helpers for client and server tests: PROTOCOL, ERROR, LOG, SLEEP,
 *     POPULATE, STRINGMATCH-TEST, LEAK, CONFIG-REWRITE-FORCE-ALL;
 *   - ways to die: SEGFAULT, PANIC, ASSERT, OOM, which exercise the report.
 *
 * The replies and error texts are Redis 7.0's, word for word, so that the
 * test suites and tools written against Redis work unchanged.
 *
 * The dataset digest
 * ------------------
 * DEBUG DIGEST condenses the whole dataset into 20 bytes (40 hex digits) so
 * that tests can tell whether two servers, or one server before and after a
 * reload, hold the same data.  Each key gets its own digest:
 *
 *      d = 0;  mix(d, db id);  mix(d, key);  <the value mixed in by type>;
 *      if the key has a TTL:  mix(d, "!!expire!!")
 *
 * where mix(d, bytes) = SHA1(d || bytes), and the dataset digest is the XOR
 * of all the key digests.  XOR makes it independent of the order in which
 * the hash tables happen to hold the keys; mixing (rather than XORing)
 * inside a key makes it depend on the order of a value's parts where that
 * order matters (list elements).  Only the presence of a TTL is mixed in,
 * not its time, as in Redis.  Values are digested through their logical
 * content, never their encoding: "123" stored as an integer and as a string
 * give the same digest.  An empty server gives 40 zeros.
 *
 * digestValue() switches on the type and calls the type's digest function
 * (t_list.c, t_set.c, t_zset.c, t_hash.c), which uses the helpers declared
 * in debug.h.  The digest is ours: equal datasets give equal digests, but
 * not the bytes Redis would print.
 *
 * The crash report
 * ----------------
 * On a fatal signal the handler writes, between the START and END markers:
 * the signal and where it hit, the stack trace (glibc's backtrace(), written
 * straight to the log file descriptor), the registers, INFO, CLIENT LIST and
 * the client whose command was running with its arguments.  Then it restores
 * the default action and raises the signal again, so the process dies of it
 * and a core dump can be written.  serverAssert and serverPanic (server.c)
 * write the same report around their own message and end with abort().
 * With crash-log-enabled no, signals are not reported at all and asserts
 * and panics log only their message between the markers, as in Redis.
 * crash-memcheck-enabled is accepted but there is no memory test.
 *
 * Only part of this is async-signal-safe: building INFO allocates memory.
 * A crash inside the report falls to the default action, because the
 * handlers are installed with SA_RESETHAND. */
#include "debug.h"
#include "evict.h"
#include "quicklist.h"
#include "listpack.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "t_zset.h"
#include "stream.h"
#include "rdb.h"
#include "aof.h"
#include "sha1.h"

#include <arpa/inet.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#if defined(USE_JEMALLOC)
#include <jemalloc/jemalloc.h>
#endif

struct debugSettings debugSettings = {
    .pause_cron = 0,
    .reply_buffer_peak_reset_time = DEBUG_REPLY_BUFFER_PEAK_RESET_DEFAULT,
    .reply_buffer_resizing = 1,
    .skip_checksum_validation = 0,
    .disable_deny_scripts = 0,
    .quicklist_packed_threshold = DEBUG_QUICKLIST_PACKED_THRESHOLD_DEFAULT,
};

/* info.c builds INFO; the section list type is private to it. */
struct infoSections;
sds genRedisInfoString(struct infoSections *sections, int all_sections, int everything);

/* ===========================================================================
 * DEBUG DIGEST and DIGEST-VALUE
 * ======================================================================== */

/* digest = SHA1(digest || data) */
void digestMix(unsigned char *digest, const void *data, size_t len) {
    sha1Ctx ctx;
    sha1Init(&ctx);
    sha1Update(&ctx, digest, DIGEST_LEN);
    sha1Update(&ctx, data, len);
    sha1Final(&ctx, digest);
}

void digestMixLongLong(unsigned char *digest, long long v) {
    char buf[LONG_STR_SIZE];
    int len = ll2string(buf, sizeof(buf), v);
    digestMix(digest, buf, len);
}

void digestXor(unsigned char *dst, const unsigned char *src) {
    for (int j = 0; j < DIGEST_LEN; j++) dst[j] ^= src[j];
}

/* A string object by its content, whatever its encoding. */
static void digestMixStringObject(unsigned char *digest, robj *o) {
    if (sdsEncodedObject(o)) {
        digestMix(digest, o->ptr, sdslen(o->ptr));
    } else {
        char buf[LONG_STR_SIZE];
        int len = ll2string(buf, sizeof(buf), (long)o->ptr);
        digestMix(digest, buf, len);
    }
}

static void digestString(unsigned char *digest, robj *o) { digestMixStringObject(digest, o); }

/* Mix the value of o into digest.  C_ERR for a type with no digest yet.
 * New types add their case here: mix the elements in their logical order
 * (lists, streams), or, where the order is not part of the value (sets,
 * hashes, sorted sets), XOR per-element digests together and mix the
 * result, so that the digest does not depend on the encoding. */
static int digestValue(unsigned char *digest, robj *o) {
    switch (o->type) {
    case OBJ_STRING:
        digestString(digest, o);
        return C_OK;
    case OBJ_LIST: listTypeDigest(o, digest); return C_OK;
    case OBJ_SET: setTypeDigest(o, digest); return C_OK;
    case OBJ_ZSET: zsetTypeDigest(o, digest); return C_OK;
    case OBJ_HASH: hashTypeDigest(o, digest); return C_OK;
    case OBJ_STREAM: streamTypeDigest(o, digest); return C_OK;
    default:
        return C_ERR;
    }
}

/* The digest of one key's value and TTL flag, key not included. */
static int digestKeyValue(unsigned char *digest, robj *o) {
    if (digestValue(digest, o) != C_OK) return C_ERR;
    if (o->hasexpire && objectGetExpire(o) != -1) digestMix(digest, "!!expire!!", 10);
    return C_OK;
}

static void digestToHex(const unsigned char *digest, char *hex) {
    static const char digits[] = "0123456789abcdef";
    for (int j = 0; j < DIGEST_LEN; j++) {
        hex[2 * j] = digits[digest[j] >> 4];
        hex[2 * j + 1] = digits[digest[j] & 15];
    }
    hex[2 * DIGEST_LEN] = '\0';
}

static void digestTypeError(client *c, robj *o) {
    addReplyErrorFormat(c, "DEBUG DIGEST does not support values of type %d yet", o->type);
}

static void debugDigest(client *c) {
    unsigned char final[DIGEST_LEN] = {0};
    char hex[2 * DIGEST_LEN + 1];
    for (int j = 0; j < server.dbnum; j++) {
        if (dictSize(server.db[j].keys) == 0) continue;
        uint32_t dbid = htonl((uint32_t)j);
        dictIterator *di = dictGetIterator(server.db[j].keys);
        robj *o;
        while ((o = dictNext(di)) != NULL) {
            unsigned char d[DIGEST_LEN] = {0};
            sds key = objectGetKey(o);
            digestMix(d, &dbid, sizeof(dbid));
            digestMix(d, key, sdslen(key));
            if (digestKeyValue(d, o) != C_OK) {
                dictReleaseIterator(di);
                digestTypeError(c, o);
                return;
            }
            for (int k = 0; k < DIGEST_LEN; k++) final[k] ^= d[k];
        }
        dictReleaseIterator(di);
    }
    digestToHex(final, hex);
    addReplyStatus(c, hex);
}

static void debugDigestValue(client *c) {
    char hex[2 * DIGEST_LEN + 1];
    /* Check every value first: an error must come before the array. */
    for (int j = 2; j < c->argc; j++) {
        robj *o = lookupKeyReadWithFlags(c->db, c->argv[j], LOOKUP_NOTOUCH);
        unsigned char d[DIGEST_LEN] = {0};
        if (o && digestValue(d, o) != C_OK) {
            digestTypeError(c, o);
            return;
        }
    }
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        robj *o = lookupKeyReadWithFlags(c->db, c->argv[j], LOOKUP_NOTOUCH);
        unsigned char d[DIGEST_LEN] = {0};
        if (o) digestKeyValue(d, o);
        digestToHex(d, hex);
        addReplyStatus(c, hex);
    }
}

/* ===========================================================================
 * Introspection subcommands
 * ======================================================================== */

/* DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, flush, load back. */
static void debugReload(client *c) {
    int save = 1, flush = 1, merge = 0;
    for (int j = 2; j < c->argc; j++) {
        const char *opt = c->argv[j]->ptr;
        if (!strcasecmp(opt, "merge")) merge = 1;
        else if (!strcasecmp(opt, "noflush")) flush = 0;
        else if (!strcasecmp(opt, "nosave")) save = 0;
        else {
            addReplyError(c, "DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            return;
        }
    }
    int ret = rdbDebugReload(save, flush, merge);
    if (ret == RDB_RELOAD_SAVE_ERR) {
        addReplyErrorObject(c, shared.err);
    } else if (ret == RDB_RELOAD_LOAD_ERR) {
        addReplyError(c, "Error trying to load the RDB dump"); /* 7.0.15's words */
    } else {
        serverLog(LL_WARNING, "DB reloaded by DEBUG RELOAD");
        addReply(c, shared.ok);
    }
}

static void debugObject(client *c) {
    robj *o = objectCommandLookup(c, c->argv[2]);
    if (!o) {
        addReplyErrorObject(c, shared.nokeyerr);
        return;
    }
    size_t serlen = rdbSavedObjectLen(o);
    sds s = sdscatprintf(sdsempty(),
                         "Value at:%p refcount:%d encoding:%s serializedlength:%zu lru:%d lru_seconds_idle:%llu",
                         (void *)o, (int)o->refcount, strEncoding(o->encoding), serlen, o->lru,
                         estimateObjectIdleTime(o) / 1000);
    if (o->encoding == OBJ_ENCODING_QUICKLIST) {
        quicklist *ql = o->ptr;
        unsigned long sz = 0;
        for (quicklistNode *node = ql->head; node; node = node->next) sz += node->sz;
        s = sdscatprintf(s, " ql_nodes:%lu ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:%d ql_uncompressed_size:%lu",
                         ql->len, ql->len ? (double)ql->count / ql->len : 0.0, ql->fill, ql->compress != 0, sz);
    }
    addReplyStatus(c, s);
    sdsfree(s);
}

/* The footprint of an sds: its own allocation, or for a string embedded in
 * a keyspace entry (keys always are, short values too) the bytes it takes
 * inside the entry. */
static size_t sdsFootprint(sds s, int embedded) {
    return embedded ? sdsAllocSize(s) : zmalloc_size(sdsAllocPtr(s));
}

static void debugSdslen(client *c) {
    robj *o = objectCommandLookup(c, c->argv[2]);
    if (!o) {
        addReplyErrorObject(c, shared.nokeyerr);
        return;
    }
    if (o->type != OBJ_STRING || !sdsEncodedObject(o)) {
        addReplyError(c, "Not an sds encoded string.");
        return;
    }
    sds key = objectGetKey(o), val = o->ptr;
    sds s = sdscatprintf(sdsempty(),
                         "key_sds_len:%lld, key_sds_avail:%lld, key_zmalloc: %lld, "
                         "val_sds_len:%lld, val_sds_avail:%lld, val_zmalloc: %lld",
                         (long long)sdslen(key), (long long)sdsavail(key), (long long)sdsFootprint(key, 1),
                         (long long)sdslen(val), (long long)sdsavail(val),
                         (long long)sdsFootprint(val, o->embval));
    addReplyStatus(c, s);
    sdsfree(s);
}

/* One hash table's statistics in Redis's layout: an empty table still gets
 * its header, and the chain-node summary line of our dictGetStats() (a
 * figure of our table design that Redis's table lacks) is left out. */
static sds catHashTableStats(sds s, dict *d) {
    if (dictSize(d) == 0)
        return sdscat(s, "Hash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n");
    char buf[4096];
    dictGetStats(buf, sizeof(buf), d);
    for (char *line = buf, *next; *line; line = next) {
        char *nl = strchr(line, '\n');
        next = nl ? nl + 1 : line + strlen(line);
        if (!strncmp(line, " chain nodes:", 13)) continue;
        s = sdscatlen(s, line, next - line);
    }
    return s;
}

static void debugHtstats(client *c) {
    long dbid;
    if (getLongFromObjectOrReply(c, c->argv[2], &dbid, NULL) != C_OK) return;
    if (dbid < 0 || dbid >= server.dbnum) {
        addReplyError(c, "Out of range database");
        return;
    }
    sds s = sdsnew("[Dictionary HT]\n");
    s = catHashTableStats(s, server.db[dbid].keys);
    s = sdscat(s, "[Expires HT]\n");
    s = catHashTableStats(s, server.db[dbid].expires);
    addReplyVerbatim(c, s, sdslen(s), "txt");
    sdsfree(s);
}

/* The hash table inside a value, or NULL if the value has none.  Hash, set
 * and sorted set values with a hash table encoding return it here once those
 * types exist; strings never have one. */
static dict *valueHashTable(robj *o) {
    if ((o->type == OBJ_SET || o->type == OBJ_HASH) && o->encoding == OBJ_ENCODING_HT) return o->ptr;
    if (o->type == OBJ_ZSET && o->encoding == OBJ_ENCODING_SKIPLIST) return ((zset *)o->ptr)->dict;
    return NULL;
}

static void debugHtstatsKey(client *c) {
    robj *o = objectCommandLookup(c, c->argv[2]);
    if (!o) {
        addReplyErrorObject(c, shared.nokeyerr);
        return;
    }
    dict *d = valueHashTable(o);
    if (!d) {
        addReplyError(c, "The value stored at the specified key is not represented using an hash table");
        return;
    }
    sds s = catHashTableStats(sdsempty(), d);
    addReplyVerbatim(c, s, sdslen(s), "txt");
    sdsfree(s);
}

/* Sizes of the core structures.  Our tables have no dictEntry: a bucket
 * holds the element pointer itself (collisions chain through two-pointer
 * nodes), so "dictentry" is the cost of that pointer. */
static void debugStructsize(client *c) {
    sds s = sdscatprintf(sdsempty(), "bits:%d robj:%d dictentry:%d sdshdr5:%d sdshdr8:%d sdshdr16:%d sdshdr32:%d "
                                     "sdshdr64:%d ",
                         (int)(sizeof(void *) * 8), (int)sizeof(robj), (int)sizeof(void *), 1,
                         (int)sizeof(struct sdshdr8), (int)sizeof(struct sdshdr16), (int)sizeof(struct sdshdr32),
                         (int)sizeof(struct sdshdr64));
    addReplyBulkSds(c, s);
}

/* LISTPACK and QUICKLIST print a value's internal layout on stdout, where
 * a server started by hand (or with its output captured) shows it. */
static void debugListpack(client *c) {
    robj *o = objectCommandLookup(c, c->argv[2]);
    if (!o) {
        addReplyErrorObject(c, shared.nokeyerr);
        return;
    }
    if (o->encoding != OBJ_ENCODING_LISTPACK) {
        addReplyError(c, "Not a listpack encoded object.");
        return;
    }
    lpRepr(o->ptr);
    fflush(stdout);
    addReplyStatus(c, "Listpack structure printed on stdout");
}

static void debugQuicklist(client *c) {
    robj *o = objectCommandLookup(c, c->argv[2]);
    if (!o) {
        addReplyErrorObject(c, shared.nokeyerr);
        return;
    }
    if (o->encoding != OBJ_ENCODING_QUICKLIST) {
        addReplyError(c, "Not a quicklist encoded object.");
        return;
    }
    int full = 0;
    if (c->argc == 4) full = atoi(c->argv[3]->ptr);
    quicklistRepr(o->ptr, full);
    fflush(stdout);
    addReplyStatus(c, "Quicklist structure printed on stdout");
}

#if defined(USE_JEMALLOC)
/* MALLCTL <key> [<val>]: read an integer setting of jemalloc, writing val in
 * the same call if given; replies with the value before the write. */
static void debugMallctlInt(client *c) {
    const char *name = c->argv[2]->ptr;
    int64_t old = 0, val;
    size_t sz = sizeof(old);
    int ret;
    if (c->argc > 3) {
        long long v;
        if (getLongLongFromObjectOrReply(c, c->argv[3], &v, NULL) != C_OK) return;
        val = v;
        ret = mallctl(name, &old, &sz, &val, sizeof(val));
    } else {
        ret = mallctl(name, &old, &sz, NULL, 0);
    }
    if (ret) {
        addReplyError(c, strerror(ret));
        return;
    }
    addReplyLongLong(c, old);
}

/* MALLCTL-STR <key> [<val>]: the same for a string setting.  The value is
 * read first; a failed write is not reported (as in Redis), the reply is
 * always the value read. */
static void debugMallctlStr(client *c) {
    const char *name = c->argv[2]->ptr;
    const char *old = NULL;
    size_t sz = sizeof(old);
    int ret = mallctl(name, &old, &sz, NULL, 0);
    if (ret) {
        addReplyError(c, strerror(ret));
        return;
    }
    sds prev = sdsnew(old ? old : "");
    if (c->argc > 3) {
        const char *val = c->argv[3]->ptr;
        mallctl(name, NULL, NULL, &val, sizeof(val));
    }
    addReplyBulkSds(c, prev);
}
#endif

/* ===========================================================================
 * Settings subcommands
 * ======================================================================== */

/* REPLYBUFFER PEAK-RESET-TIME <never|reset|ms> | RESIZING <0|1> */
static void debugReplybuffer(client *c) {
    const char *what = c->argv[2]->ptr, *arg = c->argv[3]->ptr;
    if (!strcasecmp(what, "peak-reset-time")) {
        if (!strcasecmp(arg, "never")) {
            debugSettings.reply_buffer_peak_reset_time = -1;
        } else if (!strcasecmp(arg, "reset")) {
            debugSettings.reply_buffer_peak_reset_time = DEBUG_REPLY_BUFFER_PEAK_RESET_DEFAULT;
        } else {
            long long ms;
            if (getLongLongFromObjectOrReply(c, c->argv[3], &ms, NULL) != C_OK) return;
            debugSettings.reply_buffer_peak_reset_time = ms;
        }
    } else if (!strcasecmp(what, "resizing")) {
        debugSettings.reply_buffer_resizing = atoi(arg);
    } else {
        addReplySubcommandSyntaxError(c);
        return;
    }
    addReply(c, shared.ok);
}

/* QUICKLIST-PACKED-THRESHOLD <size>: a memory value up to 4GB - 1MB; 0
 * restores the default (1GB). */
static void debugQuicklistPackedThreshold(client *c) {
    int err = 0;
    unsigned long long sz = memtoull(c->argv[2]->ptr, &err);
    if (err || sz > (1ULL << 32) - (1ULL << 20)) {
        addReplyError(c, "argument must be a memory value bigger than 1 and smaller than 4gb");
        return;
    }
    if (!quicklistSetPackedThreshold(sz)) {
        addReplyError(c, "argument must be a memory value bigger than 1 and smaller than 4gb");
        return;
    }
    debugSettings.quicklist_packed_threshold = sz ? sz : DEBUG_QUICKLIST_PACKED_THRESHOLD_DEFAULT;
    addReply(c, shared.ok);
}

/* CONFIG-REWRITE-FORCE-ALL: CONFIG REWRITE writing every directive, default
 * values included.  Without a config file there is no path to write to;
 * Redis then fails with EFAULT, and so do we. */
static void debugConfigRewriteForceAll(client *c) {
    int rc;
    if (server.configfile == NULL) {
        errno = EFAULT;
        rc = C_ERR;
    } else {
        rc = rewriteConfig(server.configfile, 1);
    }
    if (rc == C_ERR) {
        addReplyErrorFormat(c, "CONFIG-REWRITE-FORCE-ALL failed: %s", strerror(errno));
        return;
    }
    addReply(c, shared.ok);
}

/* ===========================================================================
 * Test helpers
 * ======================================================================== */

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

static void debugPopulate(client *c) {
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
}

/* STRINGMATCH-TEST: throw random patterns and strings at stringmatchlen();
 * the test passes if the server is still alive (no crash, no endless
 * recursion) at the end.  Patterns are drawn mostly from the glob special
 * characters, sometimes from arbitrary bytes. */
static void debugStringmatchTest(client *c) {
    static const char alphabet[] = "ab*?[]^-\\!";
    char pattern[48], string[48];
    for (int i = 0; i < 300000; i++) {
        int plen = rand() % sizeof(pattern), slen = rand() % sizeof(string), anybyte = rand() % 4 == 0;
        for (int j = 0; j < plen; j++)
            pattern[j] = anybyte ? (char)(rand() & 0xff) : alphabet[rand() % (sizeof(alphabet) - 1)];
        for (int j = 0; j < slen; j++) string[j] = anybyte ? (char)(rand() & 0xff) : "ab-^]"[rand() % 5];
        stringmatchlen(pattern, plen, string, slen, rand() & 1);
    }
    addReplyStatus(c, "Apparently Redis did not crash: test passed");
}

/* ===========================================================================
 * Crashing on purpose
 * ======================================================================== */

/* A real invalid access, not raise(SIGSEGV): the report then shows the
 * faulting address and instruction, as a genuine bug would. */
static void debugSegfault(void) {
    volatile char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *p = 'x';
}

/* ===========================================================================
 * DEBUG
 * ======================================================================== */

static const char *debugHelp[] = {
    "AOF-FLUSH-SLEEP <microsec>",
    "    Server will sleep before flushing the AOF, this is used for testing.",
    "ASSERT",
    "    Crash by assertion failed.",
    "CHANGE-REPL-ID",
    "    Change the replication IDs of the instance.",
    "    Dangerous: should be used only for testing the replication subsystem.",
    "CONFIG-REWRITE-FORCE-ALL",
    "    Like CONFIG REWRITE but writes all configuration options, including",
    "    keywords not listed in original configuration file or default values.",
    "CRASH-AND-RECOVER [<milliseconds>]",
    "    Hard crash and restart after a <milliseconds> delay (default 0).",
    "DIGEST",
    "    Output a hex signature representing the current DB content.",
    "DIGEST-VALUE <key> [<key> ...]",
    "    Output a hex signature of the values of all the specified keys.",
    "ERROR <string>",
    "    Return a Redis protocol error with <string> as message. Useful for clients",
    "    unit tests to simulate Redis errors.",
    "LEAK <string>",
    "    Create a memory leak of the input string.",
    "LOG <message>",
    "    Write <message> to the server log.",
    "HTSTATS <dbid>",
    "    Return hash table statistics of the specified Redis database.",
    "HTSTATS-KEY <key>",
    "    Like HTSTATS but for the hash table stored at <key>'s value.",
    "LOADAOF",
    "    Flush the AOF buffers on disk and reload the AOF in memory.",
    "REPLICATE <string>",
    "    Replicates the provided string to replicas, allowing data divergence.",
    "MALLCTL <key> [<val>]",
    "    Get or set a malloc tuning integer.",
    "MALLCTL-STR <key> [<val>]",
    "    Get or set a malloc tuning string.",
    "OBJECT <key>",
    "    Show low level info about `key` and associated value.",
    "DROP-CLUSTER-PACKET-FILTER <packet-type>",
    "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
    "OOM",
    "    Crash the server simulating an out-of-memory error.",
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
    "RELOAD [option ...]",
    "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
    "    * MERGE: conflicting keys will be loaded from RDB.",
    "    * NOFLUSH: the existing database will not be removed before load, but",
    "      conflicting keys will generate an exception and kill the server.",
    "    * NOSAVE: the database will be loaded from an existing RDB file.",
    "    Examples:",
    "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
    "      the database.",
    "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
    "      existing RDB file.",
    "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
    "      file to the database.",
    "RESTART [<milliseconds>]",
    "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
    "SDSLEN <key>",
    "    Show low level SDS string info representing `key` and value.",
    "SEGFAULT",
    "    Crash the server with sigsegv.",
    "SET-ACTIVE-EXPIRE <0|1>",
    "    Setting it to 0 disables expiring keys in background when they are not",
    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
    "    default.",
    "QUICKLIST-PACKED-THRESHOLD <size>",
    "    Sets the threshold for elements to be inserted as plain vs packed nodes",
    "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
    "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
    "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
    "SLEEP <seconds>",
    "    Stop the server for <seconds>. Decimals allowed.",
    "STRINGMATCH-TEST",
    "    Run a fuzz tester against the stringmatchlen() function.",
    "STRUCTSIZE",
    "    Return the size of different Redis core C structures.",
    "LISTPACK <key>",
    "    Show low level info about the listpack encoding of <key>.",
    "QUICKLIST <key> [<0|1>]",
    "    Show low level info about the quicklist encoding of <key>.",
    "    The optional argument (0 by default) sets the level of detail",
    "CLIENT-EVICTION",
    "    Show low level client eviction pools info (maxmemory-clients).",
    "PAUSE-CRON <0|1>",
    "    Stop periodic cron job processing.",
    "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
    "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
    "    In case NEVER is provided the last observed peak will never be reset",
    "    In case RESET is provided the peak reset time will be restored to the default value",
    "REPLYBUFFER RESIZING <0|1>",
    "    Enable or disable the reply buffer resize cron job",
    "CLUSTERLINK KILL <to|from|all> <node-id>",
    "    Kills the link based on the direction to/from (both) with the provided node.",
    NULL};

/* Subcommands are matched by name and argument count; a name with the wrong
 * count gets the same error as an unknown name, as in Redis.  Not here yet,
 * waiting for their subsystems: REPLICATE,
 * CRASH-AND-RECOVER, RESTART, CLUSTERLINK and DROP-CLUSTER-PACKET-FILTER. */
void debugCommand(client *c) {
    const char *sub = c->argv[1]->ptr;
    int argc = c->argc;
#define IS(name) (!strcasecmp(sub, name))
    if (argc == 2 && IS("help")) {
        addReplyHelp(c, debugHelp);
    } else if (IS("segfault")) {
        debugSegfault();
    } else if (IS("panic")) {
        serverPanic("DEBUG PANIC called at Unix time %lld", (long long)time(NULL));
    } else if (IS("assert")) {
        serverAssertWithInfo(c, c->argv[0], 1 == 2);
    } else if (IS("oom")) {
        /* More than any allocator can give: zmalloc's OOM handler fires. */
        void *ptr = zmalloc(LLONG_MAX);
        zfree(ptr);
        addReply(c, shared.ok);
    } else if (IS("log") && argc == 3) {
        serverLog(LL_WARNING, "DEBUG LOG: %s", (char *)c->argv[2]->ptr);
        addReply(c, shared.ok);
    } else if (IS("leak") && argc == 3) {
        sdsdup(c->argv[2]->ptr); /* on purpose, for leak detectors */
        addReply(c, shared.ok);
    } else if (IS("error") && argc == 3) {
        /* The text goes out as is after the '-': a raw reply, so it is not
         * counted in the error statistics. */
        sds err = sdscatsds(sdsnewlen("-", 1), c->argv[2]->ptr);
        err = sdsmapchars(err, "\r\n", "  ", 2);
        err = sdscatlen(err, "\r\n", 2);
        addReplySds(c, err);
    } else if (IS("sleep") && argc == 3) {
        double dtime = strtod(c->argv[2]->ptr, NULL);
        long long utime = dtime * 1000000;
        struct timespec tv = {utime / 1000000, (utime % 1000000) * 1000};
        nanosleep(&tv, NULL);
        addReply(c, shared.ok);
    } else if (IS("set-active-expire") && argc == 3) {
        server.active_expire_enabled = atoi(c->argv[2]->ptr);
        addReply(c, shared.ok);
    } else if (IS("protocol") && argc == 3) {
        debugProtocol(c, c->argv[2]->ptr);
    } else if (IS("reload")) {
        debugReload(c);
    } else if (IS("loadaof") && argc == 2) {
        /* The dataset of the AOF files, as a restart would load it. */
        if (aofDebugReload() != C_OK) exit(1);
        addReply(c, shared.ok);
    } else if (IS("aof-flush-sleep") && argc == 3) {
        aofSetFlushSleep(atoi(c->argv[2]->ptr));
        addReply(c, shared.ok);
    } else if (IS("object") && argc == 3) {
        debugObject(c);
    } else if (IS("sdslen") && argc == 3) {
        debugSdslen(c);
    } else if (IS("htstats") && argc == 3) {
        debugHtstats(c);
    } else if (IS("htstats-key") && argc == 3) {
        debugHtstatsKey(c);
    } else if (IS("structsize") && argc == 2) {
        debugStructsize(c);
    } else if (IS("digest") && argc == 2) {
        debugDigest(c);
    } else if (IS("digest-value") && argc >= 2) {
        debugDigestValue(c);
    } else if (IS("populate") && argc >= 3 && argc <= 5) {
        debugPopulate(c);
    } else if (IS("listpack") && argc == 3) {
        debugListpack(c);
    } else if (IS("quicklist") && (argc == 3 || argc == 4)) {
        debugQuicklist(c);
    } else if (IS("quicklist-packed-threshold") && argc == 3) {
        debugQuicklistPackedThreshold(c);
    } else if (IS("client-eviction") && argc == 2) {
        /* There is no client eviction (maxmemory-clients) yet. */
        addReplyError(c, "maxmemory-clients is disabled.");
    } else if (IS("change-repl-id") && argc == 2) {
        /* Replication IDs do not exist yet (INFO shows the run id as
         * master_replid): replication.c regenerates them here when it lands. */
        serverLog(LL_WARNING, "Changing replication IDs after receiving DEBUG change-repl-id");
        addReply(c, shared.ok);
    } else if (IS("pause-cron") && argc == 3) {
        debugSettings.pause_cron = atoi(c->argv[2]->ptr);
        addReply(c, shared.ok);
    } else if (IS("replybuffer") && argc == 4) {
        debugReplybuffer(c);
    } else if (IS("set-skip-checksum-validation") && argc == 3) {
        debugSettings.skip_checksum_validation = atoi(c->argv[2]->ptr);
        addReply(c, shared.ok);
    } else if (IS("set-disable-deny-scripts") && argc == 3) {
        debugSettings.disable_deny_scripts = atoi(c->argv[2]->ptr);
        addReply(c, shared.ok);
    } else if (IS("config-rewrite-force-all") && argc == 2) {
        debugConfigRewriteForceAll(c);
    } else if (IS("stringmatch-test") && argc == 2) {
        debugStringmatchTest(c);
#if defined(USE_JEMALLOC)
    } else if (IS("mallctl") && argc >= 3) {
        debugMallctlInt(c);
    } else if (IS("mallctl-str") && argc >= 3) {
        debugMallctlStr(c);
#endif
    } else {
        addReplySubcommandSyntaxError(c);
    }
#undef IS
}

/* ===========================================================================
 * The crash report
 * ======================================================================== */

static volatile sig_atomic_t bug_report_started = 0;

/* Writes to the log file descriptor, for the parts written without stdio
 * (the backtrace).  Returns -1 if the log cannot be opened. */
static int crashLogOpen(void) {
    if (server.logfile == NULL || server.logfile[0] == '\0') return STDOUT_FILENO;
    return open(server.logfile, O_APPEND | O_CREAT | O_WRONLY, 0644);
}

static void crashLogClose(int fd) {
    if (fd != STDOUT_FILENO && fd != -1) close(fd);
}

static void crashLogRaw(const char *msg) { serverLogRaw(LL_WARNING | LL_RAW, msg); }

void bugReportStart(void) {
    if (bug_report_started) return;
    bug_report_started = 1;
    crashLogRaw("\n\n=== REDIS BUG REPORT START: Cut & paste starting from here ===\n");
}

/* The instruction the signal interrupted, from the saved context. */
static void *crashInstructionPointer(ucontext_t *uc) {
#if defined(__linux__) && defined(__x86_64__)
    return (void *)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__linux__) && defined(__i386__)
    return (void *)uc->uc_mcontext.gregs[REG_EIP];
#elif defined(__linux__) && defined(__aarch64__)
    return (void *)uc->uc_mcontext.pc;
#else
    (void)uc;
    return NULL;
#endif
}

/* The backtrace, written with backtrace_symbols_fd() which needs no heap.
 * Frames of the report machinery are left out: with a signal, everything
 * before the signal trampoline (the frame just above the interrupted one);
 * otherwise this function and `uplevel` callers. */
static __attribute__((noinline)) void crashLogStackTrace(void *eip, int uplevel) {
    void *trace[100];
    int fd = crashLogOpen();
    if (fd == -1) return;
    int n = backtrace(trace, 100);
    int from = uplevel + 1;
    if (eip) {
        static const char eiphdr[] = "EIP:\n";
        if (write(fd, eiphdr, sizeof(eiphdr) - 1) == -1) {} /* nothing to do about it */
        backtrace_symbols_fd(&eip, 1, fd);
        for (int j = 0; j < n; j++) {
            if (trace[j] == eip) {
                from = j > 0 ? j - 1 : 0;
                break;
            }
        }
    }
    static const char bthdr[] = "\nBacktrace:\n";
    if (write(fd, bthdr, sizeof(bthdr) - 1) == -1) {}
    if (from < n) backtrace_symbols_fd(trace + from, n - from, fd);
    crashLogClose(fd);
}

/* The general purpose registers at the time of the signal, two per line. */
static void crashLogRegisters(ucontext_t *uc) {
#if defined(__linux__) && defined(__x86_64__)
    static const struct {
        const char *name;
        int reg;
    } regs[] = {{"RAX", REG_RAX}, {"RBX", REG_RBX}, {"RCX", REG_RCX}, {"RDX", REG_RDX}, {"RDI", REG_RDI},
                {"RSI", REG_RSI}, {"RBP", REG_RBP}, {"RSP", REG_RSP}, {"R8 ", REG_R8},  {"R9 ", REG_R9},
                {"R10", REG_R10}, {"R11", REG_R11}, {"R12", REG_R12}, {"R13", REG_R13}, {"R14", REG_R14},
                {"R15", REG_R15}, {"RIP", REG_RIP}, {"EFL", REG_EFL}, {"CSGSFS", REG_CSGSFS}};
    int count = sizeof(regs) / sizeof(regs[0]);
    char line[128];
    crashLogRaw("\n------ REGISTERS ------\n");
    for (int j = 0; j < count; j += 2) {
        int len = snprintf(line, sizeof(line), "%s:%016llx", regs[j].name,
                           (unsigned long long)uc->uc_mcontext.gregs[regs[j].reg]);
        if (j + 1 < count)
            snprintf(line + len, sizeof(line) - len, " %s:%016llx", regs[j + 1].name,
                     (unsigned long long)uc->uc_mcontext.gregs[regs[j + 1].reg]);
        strcat(line, "\n");
        crashLogRaw(line);
    }
#elif defined(__linux__) && defined(__aarch64__)
    char line[128];
    crashLogRaw("\n------ REGISTERS ------\n");
    for (int j = 0; j < 31; j += 2) {
        int len = snprintf(line, sizeof(line), "X%-2d:%016llx", j, (unsigned long long)uc->uc_mcontext.regs[j]);
        if (j + 1 < 31)
            snprintf(line + len, sizeof(line) - len, " X%-2d:%016llx", j + 1,
                     (unsigned long long)uc->uc_mcontext.regs[j + 1]);
        strcat(line, "\n");
        crashLogRaw(line);
    }
    snprintf(line, sizeof(line), "SP :%016llx PC :%016llx\nPSTATE:%016llx\n", (unsigned long long)uc->uc_mcontext.sp,
             (unsigned long long)uc->uc_mcontext.pc, (unsigned long long)uc->uc_mcontext.pstate);
    crashLogRaw(line);
#else
    (void)uc;
#endif
}

/* One client's CLIENT LIST line and its command's arguments. */
static void crashLogCurrentClient(void) {
    client *c = server.current_client;
    if (c == NULL) return;
    crashLogRaw("\n------ CURRENT CLIENT INFO ------\n");
    sds s = catClientInfoString(sdsempty(), c);
    s = sdscat(s, "\n");
    crashLogRaw(s);
    sdsfree(s);
    for (int j = 0; j < c->argc; j++) {
        robj *arg = getDecodedObject(c->argv[j]);
        size_t len = sdslen(arg->ptr);
        sds line = sdscatprintf(sdsempty(), "argv[%d]: '", j);
        line = sdscatrepr(line, arg->ptr, len < 128 ? len : 128);
        line = sdscat(line, "'\n");
        crashLogRaw(line);
        sdsfree(line);
        decrRefCount(arg);
    }
}

/* INFO, the clients, and the client being served. */
static __attribute__((noinline)) void crashLogServerState(void) {
    /* Dying during start-up, before the server state exists. */
    if (server.clients == NULL || server.db == NULL) return;
    crashLogRaw("\n------ INFO OUTPUT ------\n");
    sds info = genRedisInfoString(NULL, 1, 1);
    crashLogRaw(info);
    sdsfree(info);

    crashLogRaw("\n------ CLIENT LIST OUTPUT ------\n");
    listIter li;
    listNode *ln;
    listRewind(server.clients, &li);
    while ((ln = listNext(&li)) != NULL) {
        sds line = catClientInfoString(sdsempty(), listNodeValue(ln));
        line = sdscat(line, "\n");
        crashLogRaw(line);
        sdsfree(line);
    }
    crashLogCurrentClient();
}

/* For serverAssert and serverPanic: the stack trace from their caller on,
 * then the server state.  Nothing with crash-log-enabled no. */
__attribute__((noinline)) void printCrashReport(void) {
    if (!server.crashlog_enabled) return;
    crashLogRaw("\n------ STACK TRACE ------\n");
    crashLogStackTrace(NULL, 2); /* skip printCrashReport and the assert/panic function */
    crashLogServerState();
}

/* Close the report, then die: of `sig` when killViaSignal, else abort(). */
void bugReportEnd(int killViaSignal, int sig) {
    crashLogRaw("\n=== REDIS BUG REPORT END. Make sure to include from START to END. ===\n\n"
                "       Please report the crash to the maintainers of this server, with the\n"
                "       report above, from START to END.\n\n");
    if (server.daemonize && server.pidfile) unlink(server.pidfile);
    /* Die of the original signal with its default action, so that a core
     * dump is written where enabled. */
    struct sigaction act;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    act.sa_handler = SIG_DFL;
    if (killViaSignal) {
        sigaction(sig, &act, NULL);
        kill(getpid(), sig);
    }
    sigaction(SIGABRT, &act, NULL);
    abort();
}

static __attribute__((noinline)) void crashSignalHandler(int sig, siginfo_t *info, void *secret) {
    ucontext_t *uc = secret;
    if (!server.crashlog_enabled) {
        /* Not reporting: die of the signal right away.  SA_RESETHAND has
         * already restored the default action. */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    bugReportStart();
    serverLog(LL_WARNING, "Redis %s crashed by signal: %d, si_code: %d", REDIS_VERSION, sig, info->si_code);
    if (sig == SIGSEGV || sig == SIGBUS) serverLog(LL_WARNING, "Accessing address: %p", info->si_addr);
    if (info->si_code == SI_USER && info->si_pid != -1)
        serverLog(LL_WARNING, "Killed by PID: %ld, UID: %d", (long)info->si_pid, (int)info->si_uid);
    void *eip = crashInstructionPointer(uc);
    if (eip) serverLog(LL_WARNING, "Crashed running the instruction at: %p", eip);
    crashLogRaw("\n------ STACK TRACE ------\n");
    crashLogStackTrace(eip, 1);
    crashLogRegisters(uc);
    crashLogServerState();
    bugReportEnd(1, sig);
}

/* zmalloc could not allocate: log it and panic (which writes the report). */
static void crashOutOfMemory(size_t size) {
    serverLog(LL_WARNING, "Out Of Memory allocating %zu bytes!", size);
    serverPanic("Redis aborting for OUT OF MEMORY. Allocating %zu bytes!", size);
}

void setupCrashHandlers(void) {
    struct sigaction act;
    sigemptyset(&act.sa_mask);
    /* SA_NODEFER | SA_RESETHAND: a fault inside the handler kills the
     * process instead of recursing. */
    act.sa_flags = SA_NODEFER | SA_RESETHAND | SA_SIGINFO;
    act.sa_sigaction = crashSignalHandler;
    sigaction(SIGSEGV, &act, NULL);
    sigaction(SIGBUS, &act, NULL);
    sigaction(SIGFPE, &act, NULL);
    sigaction(SIGILL, &act, NULL);
    sigaction(SIGABRT, &act, NULL);
    zmalloc_set_oom_handler(crashOutOfMemory);
    /* The first backtrace() call loads libgcc, which allocates: do it now
     * rather than inside a signal handler. */
    void *frame;
    backtrace(&frame, 1);
}

/* serverAssertWithInfo: the client and object context, then what
 * serverAssert logs. */
void _serverAssertWithInfo(const client *c, const robj *o, const char *estr, const char *file, int line) {
    bugReportStart();
    if (c) {
        serverLog(LL_WARNING, "=== ASSERTION FAILED CLIENT CONTEXT ===");
        serverLog(LL_WARNING, "client->flags = %llu", (unsigned long long)c->flags);
        serverLog(LL_WARNING, "client->conn = fd=%d", c->fd);
        serverLog(LL_WARNING, "client->argc = %d", c->argc);
        for (int j = 0; j < c->argc; j++) {
            int refcount = c->argv[j]->refcount; /* before getDecodedObject adds one */
            robj *arg = getDecodedObject(c->argv[j]);
            serverLog(LL_WARNING, "client->argv[%d] = \"%.128s\" (refcount: %d)", j, (char *)arg->ptr, refcount);
            decrRefCount(arg);
        }
    }
    if (o) {
        serverLog(LL_WARNING, "=== ASSERTION FAILED OBJECT CONTEXT ===");
        serverLog(LL_WARNING, "Object type: %u", (unsigned)o->type);
        serverLog(LL_WARNING, "Object encoding: %u", (unsigned)o->encoding);
        serverLog(LL_WARNING, "Object refcount: %d", (int)o->refcount);
    }
    serverLog(LL_WARNING, "=== ASSERTION FAILED ===");
    serverLog(LL_WARNING, "==> %s:%d '%s' is not true", file, line, estr);
    printCrashReport();
    bugReportEnd(0, 0);
}
