/* dump.c - DUMP and RESTORE: one value serialized in the RDB format.
 *
 * A DUMP payload is
 *
 *     type byte | value, as RDB writes it | RDB version (2 bytes LE) | CRC64 (8 bytes LE)
 *
 * the checksum covering everything before it.  The layout and the checksum
 * are Redis 7.0's, so payloads move between this server and Redis in both
 * directions.  RESTORE refuses a payload whose version is newer than ours or
 * whose checksum is wrong (unless DEBUG SET-SKIP-CHECKSUM-VALIDATION), and
 * one that does not decode ("Bad data format"): the value is then never
 * stored.  How deeply the value is checked before it is accepted is
 * sanitize-dump-payload's choice (see rdbDeepSanitizeRestore). */
#include "server.h"
#include "crc64.h"
#include "debug.h"
#include "notify.h"
#include "rdb.h"

/* ===========================================================================
 * Payloads
 * ======================================================================== */

/* The payload of a value, as a new sds. */
static sds createDumpPayload(robj *o) {
    rio payload;
    rioInitWithBuffer(&payload, sdsempty());
    int ok = rdbSaveObjectType(&payload, o) != -1 && rdbSaveObject(&payload, o) != -1;
    sds s = payload.io.buffer.ptr;
    if (!ok) {
        sdsfree(s);
        return NULL;
    }
    return dumpPayloadAddFooter(s);
}

sds dumpPayloadAddFooter(sds s) {
    unsigned char footer[10];
    footer[0] = RDB_VERSION & 0xff;
    footer[1] = (RDB_VERSION >> 8) & 0xff;
    s = sdscatlen(s, footer, 2);
    crc64Store(footer + 2, crc64(0, (unsigned char *)s, sdslen(s)));
    return sdscatlen(s, footer + 2, 8);
}

int dumpPayloadVerify(const unsigned char *p, size_t len) {
    if (len < 10) return C_ERR;
    const unsigned char *footer = p + len - 10;
    unsigned int rdbver = footer[0] | footer[1] << 8;
    if (rdbver > RDB_VERSION) return C_ERR;
    if (debugSettings.skip_checksum_validation) return C_OK;
    return crc64(0, p, len - 8) == crc64Load(footer + 2) ? C_OK : C_ERR;
}

/* sanitize-dump-payload: "yes" always validates deeply, "clients" for
 * commands from clients but not from our master (whose data we trust). */
int rdbDeepSanitizeRestore(client *c) {
    if (server.sanitize_dump_payload == SANITIZE_DUMP_YES) return 1;
    if (server.sanitize_dump_payload == SANITIZE_DUMP_CLIENTS) return !(c && (c->flags & CLIENT_MASTER));
    return 0;
}

/* The value of a payload that dumpPayloadVerify accepted, or NULL. */
static robj *loadDumpPayload(client *c, sds payload) {
    rio r;
    rioInitWithBuffer(&r, payload);
    /* rdb.c checks big lengths against what is left of the input. */
    off_t total = (off_t)sdslen(payload) - 10;
    r.privdata = &total;
    unsigned char type;
    if (!rioRead(&r, &type, 1) || !rdbIsObjectType(type)) return NULL;
    int emptykey;
    /* Bytes left over between the value and the footer are ignored, as
     * Redis ignores them. */
    return rdbLoadObject(type, &r, rdbDeepSanitizeRestore(c), &emptykey);
}

/* ===========================================================================
 * Commands
 * ======================================================================== */

void dumpCommand(client *c) {
    robj *o = lookupKeyRead(c->db, c->argv[1]);
    if (o == NULL) {
        addReplyNull(c);
        return;
    }
    sds payload = createDumpPayload(o);
    if (payload == NULL) {
        addReplyError(c, "This value can't be dumped yet");
        return;
    }
    addReplyBulkSds(c, payload);
}

/* RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency] */
void restoreCommand(client *c) {
    long long ttl, lfu_freq = -1, lru_idle = -1;
    int replace = 0, absttl = 0;
    for (int j = 4; j < c->argc; j++) {
        const char *opt = c->argv[j]->ptr;
        int more = c->argc - j - 1;
        if (!strcasecmp(opt, "replace")) {
            replace = 1;
        } else if (!strcasecmp(opt, "absttl")) {
            absttl = 1;
        } else if (!strcasecmp(opt, "idletime") && more >= 1 && lfu_freq == -1) {
            if (getLongLongFromObjectOrReply(c, c->argv[j + 1], &lru_idle, NULL) != C_OK) return;
            if (lru_idle < 0) {
                addReplyError(c, "Invalid IDLETIME value, must be >= 0");
                return;
            }
            j++;
        } else if (!strcasecmp(opt, "freq") && more >= 1 && lru_idle == -1) {
            if (getLongLongFromObjectOrReply(c, c->argv[j + 1], &lfu_freq, NULL) != C_OK) return;
            if (lfu_freq < 0 || lfu_freq > 255) {
                addReplyError(c, "Invalid FREQ value, must be >= 0 and <= 255");
                return;
            }
            j++;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }

    robj *key = c->argv[1];
    if (!replace && lookupKeyWrite(c->db, key) != NULL) {
        addReplyErrorObject(c, shared.busykeyerr);
        return;
    }
    if (getLongLongFromObjectOrReply(c, c->argv[2], &ttl, NULL) != C_OK) return;
    if (ttl < 0) {
        addReplyError(c, "Invalid TTL value, must be >= 0");
        return;
    }
    sds payload = c->argv[3]->ptr;
    if (!sdsEncodedObject(c->argv[3]) || dumpPayloadVerify((unsigned char *)payload, sdslen(payload)) == C_ERR) {
        addReplyError(c, "DUMP payload version or checksum are wrong");
        return;
    }
    robj *obj = loadDumpPayload(c, payload);
    if (obj == NULL) {
        addReplyError(c, "Bad data format");
        return;
    }

    int deleted = replace ? dbDelete(c->db, key) : 0;
    if (ttl && !absttl) ttl += server.mstime;
    if (ttl && checkAlreadyExpired(ttl)) {
        /* Stored and expired at once: the net effect is a deletion. */
        if (deleted) {
            robj *del = createStringObject(server.lazyfree_lazy_server_del ? "UNLINK" : "DEL",
                                           server.lazyfree_lazy_server_del ? 6 : 3);
            rewriteClientCommandVector(c, 2, del, key);
            decrRefCount(del);
            signalModifiedKey(c, c->db, key);
            notifyKeyspaceEvent(NOTIFY_GENERIC, "del", key, c->db->id);
            server.dirty++;
        }
        decrRefCount(obj);
        addReply(c, shared.ok);
        return;
    }

    robj *entry = dbAddWithExpire(c->db, key, obj, ttl ? ttl : -1);
    rdbSetObjectLRUOrLFU(entry, lfu_freq, lru_idle);
    if (ttl && !absttl) {
        /* Replicas and the AOF get the TTL as an absolute time. */
        robj *when = createStringObjectFromLongLong(ttl);
        rewriteClientCommandArgument(c, 2, when);
        decrRefCount(when);
        robj *opt = createStringObject("ABSTTL", 6);
        rewriteClientCommandArgument(c, c->argc, opt);
        decrRefCount(opt);
    }
    signalModifiedKey(c, c->db, key);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "restore", key, c->db->id);
    addReply(c, shared.ok);
    server.dirty++;
}
