/* fuzz_client.c - see fuzz_client.h. */
#include "fuzz_client.h"
#include "functions.h"
#include "rdb.h"
#include "stream.h"

#include <stdarg.h>
#include <sys/socket.h>

/* src/server.c; not declared in server.h on purpose (test-only entry). */
void initServerForTests(void);

static client *fuzz_client;
static int fuzz_peer = -1;

void fuzzServerInit(char ***argv) {
    signal(SIGPIPE, SIG_IGN);
    srand(1);
    uint8_t hashseed[16] = "fuzz_persist.c!";
    dictSetHashFunctionSeed(hashseed);
    server.executable = (*argv)[0];
    initServerConfig();
    populateCommandTable();
    server.port = 0;
    server.maxclients = 64;
    initServerForTests();
    /* Rejections of bad input are expected by the thousand: not logged. */
    server.verbosity = LL_WARNING + 1;
    server.enable_debug_cmd = PROTECTED_ACTION_ALLOWED_YES;

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
        perror("socketpair");
        abort();
    }
    anetNonBlock(NULL, sv[1]);
    fuzz_client = createClient(sv[0]);
    if (fuzz_client == NULL) abort();
    fuzz_peer = sv[1];
}

static void readPeer(sds *out) {
    char buf[16 * 1024];
    ssize_t n;
    while ((n = read(fuzz_peer, buf, sizeof(buf))) > 0) *out = sdscatlen(*out, buf, n);
}

sds fuzzCall(int argc, const char **argv, const size_t *lens) {
    client *c = fuzz_client;
    sds req = sdscatprintf(sdsempty(), "*%d\r\n", argc);
    for (int j = 0; j < argc; j++) {
        size_t len = lens ? lens[j] : strlen(argv[j]);
        req = sdscatprintf(req, "$%zu\r\n", len);
        req = sdscatlen(req, argv[j], len);
        req = sdscatlen(req, "\r\n", 2);
    }
    c->querybuf = sdscatsds(c->querybuf, req);
    sdsfree(req);
    processInputBuffer(c);

    sds reply = sdsempty();
    handleClientsWithPendingWrites();
    readPeer(&reply);
    int stalled = 0;
    while (clientHasPendingReplies(c)) {
        size_t before = sdslen(reply);
        writeToClient(c, 1);
        readPeer(&reply);
        if (sdslen(reply) == before && ++stalled == 1000) {
            fprintf(stderr, "fuzz_client: the reply does not drain\n");
            abort();
        }
    }
    if (c->flags & CLIENT_CLOSE_ASAP) {
        fprintf(stderr, "fuzz_client: the client was closed by a command\n");
        abort();
    }
    return reply;
}

void fuzzRun(int argc, ...) {
    const char *argv[16];
    va_list ap;
    va_start(ap, argc);
    for (int j = 0; j < argc && j < 16; j++) argv[j] = va_arg(ap, const char *);
    va_end(ap);
    sdsfree(fuzzCall(argc, argv, NULL));
}

/* A command on the key: cmd, key, then the NULL-terminated arguments.
 * Returns the reply. */
static sds callKey(const char *key, size_t keylen, const char *cmd, ...) {
    const char *argv[16];
    size_t lens[16];
    int argc = 0;
    argv[argc] = cmd, lens[argc++] = strlen(cmd);
    argv[argc] = key, lens[argc++] = keylen;
    va_list ap;
    va_start(ap, cmd);
    const char *arg;
    while ((arg = va_arg(ap, const char *)) != NULL && argc < 16) argv[argc] = arg, lens[argc++] = strlen(arg);
    va_end(ap);
    return fuzzCall(argc, argv, lens);
}

#define RUN(...) sdsfree(callKey(key, keylen, __VA_ARGS__, NULL))

/* The bytes of a bulk reply, or NULL for anything else. */
static sds bulkPayload(sds reply) {
    if (sdslen(reply) < 4 || reply[0] != '$') return NULL;
    char *end;
    long long n = strtoll(reply + 1, &end, 10);
    if (n < 0 || end[0] != '\r' || (size_t)(end + 2 - reply) + (size_t)n + 2 != sdslen(reply)) return NULL;
    return sdsnewlen(end + 2, (size_t)n);
}

/* The value's content survives DUMP and RESTORE: same digest, and the
 * payload we wrote is accepted back. */
static void checkDumpRoundTrip(const char *key, size_t keylen) {
    static const char copy[] = "fuzz:roundtrip";
    /* The digest has a TTL flag; the copy has no TTL. */
    RUN("PERSIST");
    const char *dargv[] = {"DEBUG", "DIGEST-VALUE", key};
    size_t dlens[] = {5, 12, keylen};
    sds digest = fuzzCall(3, dargv, dlens);
    sds dump = callKey(key, keylen, "DUMP", NULL);
    sds payload = bulkPayload(dump);
    if (payload == NULL) {
        fprintf(stderr, "fuzz_client: DUMP of a stored value failed: %s\n", dump);
        abort();
    }
    const char *rargv[] = {"RESTORE", copy, "0", payload, "REPLACE"};
    size_t rlens[] = {7, sizeof(copy) - 1, 1, sdslen(payload), 7};
    sds ok = fuzzCall(5, rargv, rlens);
    if (strcmp(ok, "+OK\r\n") != 0) {
        fprintf(stderr, "fuzz_client: RESTORE of our own DUMP refused: %s\n", ok);
        abort();
    }
    dargv[2] = copy;
    dlens[2] = sizeof(copy) - 1;
    sds digest2 = fuzzCall(3, dargv, dlens);
    if (sdscmp(digest, digest2) != 0) {
        fprintf(stderr, "fuzz_client: DUMP/RESTORE changed the value: %s vs %s\n", digest, digest2);
        abort();
    }
    fuzzRun(2, "DEL", copy);
    sdsfree(ok);
    sdsfree(digest);
    sdsfree(digest2);
    sdsfree(payload);
    sdsfree(dump);
}

static void exerciseString(const char *key, size_t keylen) {
    RUN("GET");
    RUN("STRLEN");
    RUN("GETRANGE", "0", "-1");
    RUN("GETRANGE", "-5", "-1");
    RUN("BITCOUNT");
    RUN("INCR");
    RUN("APPEND", "x");
    RUN("SETRANGE", "3", "yy");
}

static void exerciseList(const char *key, size_t keylen) {
    RUN("LLEN");
    RUN("LRANGE", "0", "-1");
    RUN("LRANGE", "-3", "-1");
    RUN("LINDEX", "0");
    RUN("LINDEX", "-1");
    RUN("LPOS", "a", "RANK", "-1");
    RUN("RPUSH", "tail", "12345");
    RUN("LPUSH", "head");
    RUN("LINSERT", "BEFORE", "head", "mid");
    RUN("LSET", "1", "set");
    RUN("LREM", "0", "mid");
    RUN("LTRIM", "0", "-2");
    RUN("LPOP");
    RUN("RPOP", "2");
    RUN("LRANGE", "0", "-1");
}

static void exerciseSet(const char *key, size_t keylen) {
    RUN("SCARD");
    RUN("SMEMBERS");
    RUN("SISMEMBER", "1");
    RUN("SMISMEMBER", "a", "1");
    RUN("SRANDMEMBER", "-5");
    RUN("SRANDMEMBER", "3");
    RUN("SSCAN", "0", "COUNT", "100");
    RUN("SADD", "12345", "newmember");
    RUN("SREM", "12345");
    RUN("SPOP");
    RUN("SMEMBERS");
}

static void exerciseZset(const char *key, size_t keylen) {
    RUN("ZCARD");
    RUN("ZRANGE", "0", "-1", "WITHSCORES");
    RUN("ZREVRANGE", "0", "-1", "WITHSCORES");
    RUN("ZRANGEBYSCORE", "-inf", "+inf", "WITHSCORES");
    RUN("ZRANGEBYLEX", "-", "+");
    RUN("ZCOUNT", "-inf", "+inf");
    RUN("ZLEXCOUNT", "-", "+");
    RUN("ZSCORE", "a");
    RUN("ZRANK", "a");
    RUN("ZRANDMEMBER", "-5", "WITHSCORES");
    RUN("ZSCAN", "0", "COUNT", "100");
    RUN("ZADD", "1.5", "newmember");
    RUN("ZINCRBY", "2", "newmember");
    RUN("ZREM", "newmember");
    RUN("ZPOPMIN");
    RUN("ZPOPMAX", "2");
    RUN("ZREMRANGEBYRANK", "0", "0");
    RUN("ZRANGE", "0", "-1", "WITHSCORES");
}

static void exerciseHash(const char *key, size_t keylen) {
    RUN("HLEN");
    RUN("HGETALL");
    RUN("HKEYS");
    RUN("HVALS");
    RUN("HGET", "f");
    RUN("HEXISTS", "f");
    RUN("HSTRLEN", "f");
    RUN("HRANDFIELD", "-5", "WITHVALUES");
    RUN("HSCAN", "0", "COUNT", "100");
    RUN("HSET", "newfield", "v");
    RUN("HINCRBY", "counter", "1");
    RUN("HDEL", "newfield", "counter");
    RUN("HGETALL");
}

/* The names of the stream's groups and of each group's first consumer, as
 * the C structures hold them (the commands need them as arguments). */
static int streamNames(const char *key, size_t keylen, sds *names, int max) {
    robj *keyobj = createStringObject(key, keylen);
    robj *o = lookupKeyRead(fuzz_client->db, keyobj);
    decrRefCount(keyobj);
    if (o == NULL || o->type != OBJ_STREAM) return 0;
    stream *s = o->ptr;
    int n = 0;
    if (s->cgroups == NULL) return 0;
    raxIterator ri;
    raxStart(&ri, s->cgroups);
    raxSeek(&ri, "^", NULL, 0);
    while (n + 2 <= max && raxNext(&ri)) {
        streamCG *cg = ri.data;
        names[n++] = sdsnewlen(ri.key, ri.key_len);
        raxIterator ci;
        raxStart(&ci, cg->consumers);
        raxSeek(&ci, "^", NULL, 0);
        names[n++] = raxNext(&ci) ? sdsnewlen(ci.key, ci.key_len) : NULL;
        raxStop(&ci);
    }
    raxStop(&ri);
    return n;
}

static void exerciseStream(const char *key, size_t keylen) {
    RUN("XLEN");
    RUN("XRANGE", "-", "+");
    RUN("XREVRANGE", "+", "-", "COUNT", "3");
    RUN("XINFO", "STREAM");
    sdsfree(fuzzCall(4, (const char *[]){"XINFO", "STREAM", key, "FULL"}, (size_t[]){5, 6, keylen, 4}));
    sds names[8];
    int n = streamNames(key, keylen, names, 8);
    for (int j = 0; j < n; j += 2) {
        const char *g = names[j];
        sdsfree(fuzzCall(3, (const char *[]){"XINFO", "CONSUMERS", key, g},
                         (size_t[]){5, 9, keylen, sdslen(names[j])}));
        RUN("XPENDING", g);
        RUN("XPENDING", g, "-", "+", "100");
        RUN("XPENDING", g, "IDLE", "0", "-", "+", "10");
        sdsfree(fuzzCall(7, (const char *[]){"XREADGROUP", "GROUP", g, "fuzzer", "STREAMS", key, ">"},
                         (size_t[]){10, 5, sdslen(names[j]), 6, 7, keylen, 1}));
        sdsfree(fuzzCall(7, (const char *[]){"XREADGROUP", "GROUP", g, "fuzzer", "STREAMS", key, "0"},
                         (size_t[]){10, 5, sdslen(names[j]), 6, 7, keylen, 1}));
        RUN("XAUTOCLAIM", g, "claimer", "0", "0-0", "COUNT", "5");
        /* Deleting a consumer frees its pending entries through its PEL. */
        if (names[j + 1]) RUN("XGROUP", "DELCONSUMER", g, names[j + 1]);
        RUN("XGROUP", "SETID", g, "0");
    }
    for (int j = 0; j < n; j++) sdsfree(names[j]);
    RUN("XGROUP", "CREATE", "fuzzgroup", "0");
    sdsfree(fuzzCall(8, (const char *[]){"XREADGROUP", "GROUP", "fuzzgroup", "c", "COUNT", "10", "STREAMS", key},
                     (size_t[]){10, 5, 9, 1, 5, 2, 7, keylen}));
    RUN("XADD", "*", "f", "v");
    RUN("XADD", "MAXLEN", "~", "1", "*", "a", "b");
    RUN("XTRIM", "MAXLEN", "2");
    RUN("XDEL", "0-1");
    RUN("XRANGE", "-", "+");
}

void fuzzExerciseKey(const char *key, size_t keylen) {
    sds type = callKey(key, keylen, "TYPE", NULL);
    if (strcmp(type, "+none\r\n") == 0) {
        sdsfree(type);
        return;
    }
    RUN("OBJECT", "ENCODING");
    RUN("MEMORY", "USAGE");
    RUN("MEMORY", "USAGE", "SAMPLES", "0");
    sdsfree(fuzzCall(3, (const char *[]){"DEBUG", "OBJECT", key}, (size_t[]){5, 6, keylen}));
    checkDumpRoundTrip(key, keylen);
    sdsfree(fuzzCall(3, (const char *[]){"COPY", key, "fuzz:copy"}, (size_t[]){4, keylen, 9}));
    fuzzRun(2, "DEL", "fuzz:copy");

    if (!strcmp(type, "+string\r\n")) exerciseString(key, keylen);
    else if (!strcmp(type, "+list\r\n")) exerciseList(key, keylen);
    else if (!strcmp(type, "+set\r\n")) exerciseSet(key, keylen);
    else if (!strcmp(type, "+zset\r\n")) exerciseZset(key, keylen);
    else if (!strcmp(type, "+hash\r\n")) exerciseHash(key, keylen);
    else if (!strcmp(type, "+stream\r\n")) exerciseStream(key, keylen);
    sdsfree(type);

    /* Still consistent after the changes (if the key is still there). */
    sds after = callKey(key, keylen, "EXISTS", NULL);
    if (strcmp(after, ":1\r\n") == 0) checkDumpRoundTrip(key, keylen);
    sdsfree(after);
}

void fuzzResetData(void) {
    emptyData(-1, EMPTYDB_NO_FLAGS, NULL);
    functionsClearCurrent();
}
