/* redis-check-rdb.c - check an RDB file offline and say where it breaks.
 *
 *     redis-check-rdb <rdb-file-name>
 *
 * The file is walked record by record as rdb.c's loader walks it (the same
 * low-level readers and rdbLoadObject with deep validation), but nothing is
 * kept: each value is read, validated and freed.  Progress lines show the
 * offset after each AUX field and SELECTDB, then the checksum.  On the
 * first error the report says what was being done (the "state"), the key
 * and type being read, and the counts so far, and the exit status is 1.
 *
 * The output follows Redis 7.0's redis-check-rdb line for line for valid
 * files and for short or mis-checksummed ones; for a value whose content is
 * corrupt, the reason after the offset is ours (rdb.c's description).
 *
 * redis-check-aof uses redisCheckRdbStream() for the RDB base of an AOF. */
#include "server.h"
#include "rdb.h"
#include "rio.h"
#include "crc64.h"
#include "redis-check.h"

#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

/* What the walk is doing, named in the error report. */
typedef enum {
    CHECK_START,
    CHECK_READ_TYPE,
    CHECK_READ_EXPIRE,
    CHECK_READ_KEY,
    CHECK_READ_VALUE,
    CHECK_CHECKSUM,
    CHECK_READ_LEN,
    CHECK_READ_AUX,
    CHECK_READ_MODULE_AUX,
    CHECK_READ_FUNCTION,
} checkState;

static const char *checkStateName[] = {
    "start",    "read-type", "read-expire", "read-key",        "read-object-value",
    "check-sum", "read-len", "read-aux",    "read-module-aux", "read-function",
};

/* Names of the value types for "Reading type N (name)", by RDB type byte. */
static const char *rdbTypeName(int type) {
    static const char *names[] = {
        "string",       "list-linked",  "set-hashtable", "zset-v1",       "hash-hashtable",
        "zset-v2",      "module-pre-release", "module-value", "",         "hash-zipmap",
        "list-ziplist", "set-intset",   "zset-ziplist",  "hash-ziplist",  "quicklist",
        "stream",       "hash-listpack", "zset-listpack", "quicklist-v2",
    };
    /* Type 19 (stream-v2) is left "unknown": Redis 7.0's checker has no
     * name for it and prints that, and reports should read the same. */
    if (type < 0 || type >= (int)(sizeof(names) / sizeof(names[0]))) return "unknown";
    return names[type];
}

/* The state of one walk: counters for the [info] lines and what to name in
 * an error report. */
typedef struct {
    rio *rdb;
    checkState state;
    sds key;      /* the key being read, or NULL */
    int key_type; /* its type byte, -1 between keys (0 before the first, as Redis shows) */
    unsigned long keys, expires, already_expired;
} rdbCheck;

static void checkInfo(rdbCheck *ck) {
    printf("[info] %lu keys read\n", ck->keys);
    printf("[info] %lu expires\n", ck->expires);
    printf("[info] %lu already expired\n", ck->already_expired);
}

static void checkError(rdbCheck *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void checkError(rdbCheck *ck, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printf("--- RDB ERROR DETECTED ---\n");
    printf("[offset %llu] %s\n", (unsigned long long)ck->rdb->processed_bytes, msg);
    printf("[additional info] While doing: %s\n", checkStateName[ck->state]);
    if (ck->key) printf("[additional info] Reading key '%s'\n", ck->key);
    if (ck->key_type != -1) printf("[additional info] Reading type %d (%s)\n", ck->key_type, rdbTypeName(ck->key_type));
    checkInfo(ck);
}

/* A read failed: a short file, or content rdb.c refused (its reason).
 * Corrupt content ends the program at once, with the log line the server
 * writes when it stops on such a file: Redis's checker runs the server's
 * error path there, and its callers (redis-check-aof) print nothing more. */
static void checkReadError(rdbCheck *ck) {
    int line;
    const char *reason = rdbLoadErrorReason(&line);
    if (rioGetReadError(ck->rdb) || reason[0] == '\0') {
        checkError(ck, "Unexpected EOF reading RDB file");
        return;
    }
    checkError(ck, "Internal error in RDB reading offset %llu, function at rdb.c:%d -> %s",
               (unsigned long long)ck->rdb->processed_bytes, line, reason);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    char date[64];
    strftime(date, sizeof(date), "%d %b %Y %H:%M:%S", localtime(&tv.tv_sec));
    printf("%d:C %s.%03d # Terminating server after rdb file reading failure.\n", (int)getpid(), date,
           (int)(tv.tv_usec / 1000));
    exit(1);
}

#define checkProgress(ck, ...)                                                                                         \
    do {                                                                                                               \
        printf("[offset %llu] ", (unsigned long long)(ck)->rdb->processed_bytes);                                      \
        printf(__VA_ARGS__);                                                                                           \
        printf("\n");                                                                                                  \
    } while (0)

/* Walk the whole image.  0: valid. */
static int checkWalk(rdbCheck *ck) {
    rio *rdb = ck->rdb;
    char buf[10];
    if (!rioRead(rdb, buf, 9)) {
        checkError(ck, "Unexpected EOF reading RDB file");
        return 1;
    }
    buf[9] = '\0';
    if (memcmp(buf, "REDIS", 5) != 0) {
        checkError(ck, "Wrong signature trying to load DB from file");
        return 1;
    }
    int rdbver = atoi(buf + 5);
    if (rdbver < 1 || rdbver > RDB_VERSION) {
        checkError(ck, "Can't handle RDB format version %d", rdbver);
        return 1;
    }

    long long now = mstime(), expiretime = -1;
    for (;;) {
        ck->state = CHECK_READ_TYPE;
        int type = rdbLoadType(rdb);
        if (type == -1) goto readerr;
        if (type == RDB_OPCODE_EXPIRETIME || type == RDB_OPCODE_EXPIRETIME_MS) {
            ck->state = CHECK_READ_EXPIRE;
            int ok = type == RDB_OPCODE_EXPIRETIME ? rdbLoadSecondsTime(rdb, &expiretime)
                                                    : rdbLoadMillisecondTime(rdb, &expiretime);
            if (ok == C_ERR) goto readerr;
            continue;
        } else if (type == RDB_OPCODE_FREQ) {
            unsigned char freq;
            ck->state = CHECK_READ_LEN;
            if (!rioRead(rdb, &freq, 1)) goto readerr;
            continue;
        } else if (type == RDB_OPCODE_IDLE) {
            ck->state = CHECK_READ_LEN;
            if (rdbLoadLen(rdb, NULL) == RDB_LENERR) goto readerr;
            continue;
        } else if (type == RDB_OPCODE_EOF) {
            break;
        } else if (type == RDB_OPCODE_SELECTDB) {
            ck->state = CHECK_READ_LEN;
            uint64_t dbid = rdbLoadLen(rdb, NULL);
            if (dbid == RDB_LENERR) goto readerr;
            checkProgress(ck, "Selecting DB ID %llu", (unsigned long long)dbid);
            continue;
        } else if (type == RDB_OPCODE_RESIZEDB) {
            ck->state = CHECK_READ_LEN;
            if (rdbLoadLen(rdb, NULL) == RDB_LENERR || rdbLoadLen(rdb, NULL) == RDB_LENERR) goto readerr;
            continue;
        } else if (type == RDB_OPCODE_AUX) {
            ck->state = CHECK_READ_AUX;
            sds auxkey = rdbLoadSds(rdb);
            if (auxkey == NULL) goto readerr;
            sds auxval = rdbLoadSds(rdb);
            if (auxval == NULL) {
                sdsfree(auxkey);
                goto readerr;
            }
            checkProgress(ck, "AUX FIELD %s = '%s'", auxkey, auxval);
            sdsfree(auxkey);
            sdsfree(auxval);
            continue;
        } else if (type == RDB_OPCODE_MODULE_AUX) {
            /* Module data can only be read by its module: none here. */
            ck->state = CHECK_READ_MODULE_AUX;
            checkError(ck, "The RDB file contains AUX module data I can't load: no matching module");
            return 1;
        } else if (type == RDB_OPCODE_FUNCTION_PRE_GA) {
            ck->state = CHECK_READ_FUNCTION;
            checkError(ck, "Pre-release function format not supported %d", rdbver);
            return 1;
        } else if (type == RDB_OPCODE_FUNCTION2) {
            ck->state = CHECK_READ_FUNCTION;
            sds code = rdbLoadSds(rdb);
            if (code == NULL) goto readerr;
            sdsfree(code);
            continue;
        }

        if (!rdbIsObjectType(type)) {
            checkError(ck, "Invalid object type: %d", type);
            return 1;
        }
        ck->key_type = type;
        ck->state = CHECK_READ_KEY;
        if ((ck->key = rdbLoadSds(rdb)) == NULL) goto readerr;
        /* As in Redis's report, a key counts once its name is read, its
         * expire once its value is. */
        ck->keys++;
        ck->state = CHECK_READ_VALUE;
        int emptykey = 0;
        robj *val = rdbLoadObject(type, rdb, 1, &emptykey);
        /* An empty value is dropped by the loader, not refused. */
        if (val == NULL && !emptykey) goto readerr;
        if (val) decrRefCount(val);
        if (expiretime != -1) {
            ck->expires++;
            if (expiretime < now) ck->already_expired++;
        }
        sdsfree(ck->key);
        ck->key = NULL;
        ck->key_type = -1;
        expiretime = -1;
    }

    if (rdbver >= 5) {
        uint64_t computed = rdb->cksum;
        unsigned char crc[8];
        ck->state = CHECK_CHECKSUM;
        if (!rioRead(rdb, crc, 8)) goto readerr;
        uint64_t stored = crc64Load(crc);
        if (stored == 0) {
            checkProgress(ck, "RDB file was saved with checksum disabled: no check performed.");
        } else if (stored != computed) {
            checkError(ck, "RDB CRC error");
            return 1;
        } else {
            checkProgress(ck, "Checksum OK");
        }
    }
    checkProgress(ck, "\\o/ RDB looks OK! \\o/");
    checkInfo(ck);
    return 0;

readerr:
    checkReadError(ck);
    return 1;
}

int redisCheckRdbStream(FILE *fp, const char *shown) {
    struct stat sb;
    off_t total = fstat(fileno(fp), &sb) == 0 ? sb.st_size - ftello(fp) : 0;
    rio rdb;
    rioInitWithFile(&rdb, fp);
    rdb.update_cksum = rioGenericUpdateChecksum;
    rdb.privdata = &total; /* rdb.c checks big lengths against what is left */
    rdbCheck ck = {.rdb = &rdb, .state = CHECK_START, .key = NULL, .key_type = 0};
    rdbLoadErrorClear();
    printf("[offset 0] Checking RDB file %s\n", shown);
    int ret = checkWalk(&ck);
    sdsfree(ck.key);
    return ret;
}

/* The checkers read files only: the server's log lines (rdb.c warns about
 * some values it refuses) must not mix into their report on stdout. */
static void checkSilenceServerLog(void) { server.verbosity = LL_WARNING + 1; }

void redisCheckRdbMain(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "Usage: %s <rdb-file-name>\n", argv[0]);
        exit(1);
    }
    checkSilenceServerLog();
    FILE *fp = fopen(argv[1], "r");
    if (fp == NULL) {
        /* Redis names the file, then stops without a report. */
        printf("[offset 0] Checking RDB file %s\n", argv[1]);
        exit(1);
    }
    int ret = redisCheckRdbStream(fp, argv[1]);
    fclose(fp);
    exit(ret);
}
