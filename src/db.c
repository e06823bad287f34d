/* db.c - the keyspace: lookups with lazy expiry, adding, overwriting and
 * deleting keys, and the generic key commands (DEL, EXISTS, TYPE, RENAME,
 * MOVE, COPY, SWAPDB, KEYS, SCAN, RANDOMKEY, FLUSHDB, FLUSHALL, SELECT,
 * DBSIZE).
 *
 * Each database holds its keys in db->keys, a hash table of value objects
 * that carry their own key (see object.h), and the subset with a TTL in
 * db->expires (the same objects: that table owns nothing).  Replacing an
 * object therefore means storing the new pointer in both tables. */
#include "server.h"
#include "childinfo.h"
#include "evict.h"
#include "lazyfree.h"
#include "notify.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "t_zset.h"
#include "stream.h"

#include <ctype.h>

/* Reply with 'reply', or a null in the client's protocol when it is NULL. */
static void addReplyOrNull(client *c, robj *reply) {
    if (reply == NULL) addReplyNull(c);
    else if (((char *)reply->ptr)[0] == '-') addReplyErrorObject(c, reply);
    else addReply(c, reply);
}

/* ===========================================================================
 * Lookup
 * ======================================================================== */

robj *lookupKey(redisDb *db, robj *key, int flags) {
    robj *val = dictFind(db->keys, key->ptr);
    if (val && expireIfNeeded(db, key, val, flags)) val = NULL;
    if (val) {
        if (!(flags & LOOKUP_NOTOUCH)) updateObjectAccess(val);
        if (!(flags & (LOOKUP_NOSTATS | LOOKUP_WRITE))) server.stat_keyspace_hits++;
    } else {
        if (!(flags & (LOOKUP_NOSTATS | LOOKUP_WRITE))) server.stat_keyspace_misses++;
        if (!(flags & (LOOKUP_NONOTIFY | LOOKUP_WRITE))) notifyKeyspaceEvent(NOTIFY_KEY_MISS, "keymiss", key, db->id);
    }
    return val;
}

robj *lookupKeyReadWithFlags(redisDb *db, robj *key, int flags) { return lookupKey(db, key, flags); }
robj *lookupKeyRead(redisDb *db, robj *key) { return lookupKey(db, key, LOOKUP_NONE); }
robj *lookupKeyWriteWithFlags(redisDb *db, robj *key, int flags) { return lookupKey(db, key, flags | LOOKUP_WRITE); }
robj *lookupKeyWrite(redisDb *db, robj *key) { return lookupKey(db, key, LOOKUP_WRITE); }

robj *lookupKeyReadOrReply(client *c, robj *key, robj *reply) {
    robj *o = lookupKeyRead(c->db, key);
    if (!o) addReplyOrNull(c, reply);
    return o;
}

robj *lookupKeyWriteOrReply(client *c, robj *key, robj *reply) {
    robj *o = lookupKeyWrite(c->db, key);
    if (!o) addReplyOrNull(c, reply);
    return o;
}

int checkType(client *c, robj *o, int type) {
    if (o && o->type != type) {
        addReplyErrorObject(c, shared.wrongtypeerr);
        return 1;
    }
    return 0;
}

/* ===========================================================================
 * Adding, overwriting, deleting
 * ======================================================================== */

/* Add a key that must not exist.  Consumes the caller's reference to val and
 * returns the stored entry (which is a different object). */
robj *dbAdd(redisDb *db, robj *key, robj *val) { return dbAddWithExpire(db, key, val, -1); }

/* Same, with an absolute expire time (-1 for none) set in the same
 * allocation. */
robj *dbAddWithExpire(redisDb *db, robj *key, robj *val, long long when) {
    robj *entry = objectSetKeyAndExpire(val, key->ptr, when);
    int ret = dictAdd(db->keys, entry);
    serverAssert(ret == DICT_OK);
    if (when != -1) dictAdd(db->expires, entry);
    signalKeyAsReady(db, key, entry->type);
    notifyKeyspaceEvent(NOTIFY_NEW, "new", key, db->id);
    return entry;
}

/* Replace the value of an existing key, keeping its TTL if asked.  Consumes
 * the caller's reference to val; returns the stored entry. */
robj *dbOverwrite(redisDb *db, robj *key, robj *val, int keepttl) {
    return dbOverwriteWithExpire(db, key, val, keepttl ? EXPIRE_KEEP : -1);
}

/* Replace the value of an existing key and set its expire: an absolute time,
 * -1 for none, or EXPIRE_KEEP for the key's current one.  Consumes the
 * caller's reference to val; returns the stored entry. */
robj *dbOverwriteWithExpire(redisDb *db, robj *key, robj *val, long long when) {
    return dbOverwriteEntry(db, key, dictFind(db->keys, key->ptr), val, when);
}

/* The same, for a caller that already holds the key's current entry 'old':
 * when the value can be rewritten in place, the table is not searched
 * again. */
robj *dbOverwriteEntry(redisDb *db, robj *key, robj *old, robj *val, long long when) {
    serverAssert(old != NULL);
    /* A stream replaced by another type: as if deleted, for XREADGROUP. */
    if (old->type == OBJ_STREAM && val->type != OBJ_STREAM) signalDeletedKeyAsReady(db, key, OBJ_STREAM);
    long long oldwhen = objectGetExpire(old);
    if (when == EXPIRE_KEEP) when = oldwhen;
    if (objectOverwriteStringInPlace(old, val, when)) {
        decrRefCount(val);
        if (oldwhen != -1 && when == -1) dictUnlink(db->expires, key->ptr);
        else if (oldwhen == -1 && when != -1) dictAdd(db->expires, old);
        return old;
    }
    void **ref = dictFindRef(db->keys, key->ptr);
    serverAssert(ref != NULL && *ref == old);
    robj *entry = objectSetKeyAndExpire(val, key->ptr, when);
    if (evictPolicyIsLFU()) entry->lru = old->lru;
    *ref = entry;
    /* The expires table holds the entry itself: point it at the new one. */
    if (oldwhen != -1 && when != -1) {
        void **eref = dictFindRef(db->expires, key->ptr);
        serverAssert(eref != NULL);
        *eref = entry;
    } else if (oldwhen != -1) {
        dictUnlink(db->expires, key->ptr);
    } else if (when != -1) {
        dictAdd(db->expires, entry);
    }
    /* An overwrite deletes the old value: lazily with lazyfree-lazy-server-del. */
    if (server.lazyfree_lazy_server_del) freeObjAsync(key, old, db->id);
    else decrRefCount(old);
    return entry;
}

/* Make the entry 'old' (stored under its own key) hold a new value, keeping
 * its TTL.  Returns the new entry. */
robj *dbReplaceValue(redisDb *db, robj *old, robj *val) {
    robj key;
    initStaticStringObject(key, objectGetKey(old));
    return dbOverwrite(db, &key, val, 1);
}

/* The high level SET: add or overwrite, optionally keeping the TTL.  The
 * caller keeps its reference to val. */
robj *setKey(client *c, redisDb *db, robj *key, robj *val, int flags) {
    return setKeyWithExpire(c, db, key, NULL, val, flags, (flags & SETKEY_KEEPTTL) ? EXPIRE_KEEP : -1);
}

/* SET with an expire decided by the caller (see dbOverwriteWithExpire): the
 * entry is built once with its expire field, instead of being reallocated
 * to add one afterwards.  'existing' is the key's current entry when the
 * caller has just looked it up (saves a second search), or NULL. */
robj *setKeyWithExpire(client *c, redisDb *db, robj *key, robj *existing, robj *val, int flags, long long when) {
    if (existing == NULL && !(flags & SETKEY_DOESNT_EXIST)) {
        existing = (flags & SETKEY_ALREADY_EXIST) ? dictFind(db->keys, key->ptr) : lookupKeyWrite(db, key);
    }
    incrRefCount(val);
    robj *entry = existing ? dbOverwriteEntry(db, key, existing, val, when)
                           : dbAddWithExpire(db, key, val, when == EXPIRE_KEEP ? -1 : when);
    if (!(flags & SETKEY_NO_SIGNAL)) signalModifiedKey(c, db, key);
    return entry;
}

int dbExists(redisDb *db, robj *key) { return dictFind(db->keys, key->ptr) != NULL; }

/* Take the key out of both tables, then free its entry: now, or when
 * async, in the background if it is big (lazyfree.c).  Either way the key is
 * gone for every later command.  key->ptr may be the entry's own key: it is
 * not used once the entry is released. */
static int dbGenericDelete(redisDb *db, robj *key, int async) {
    robj *o = dictFind(db->keys, key->ptr);
    if (!o) return 0;
    /* XREADGROUP waiters answer that the stream is gone. */
    if (o->type == OBJ_STREAM) signalDeletedKeyAsReady(db, key, OBJ_STREAM);
    if (objectGetExpire(o) != -1) dictUnlink(db->expires, key->ptr);
    dictUnlink(db->keys, key->ptr);
    if (async) freeObjAsync(key, o, db->id);
    else decrRefCount(o);
    return 1;
}

int dbSyncDelete(redisDb *db, robj *key) { return dbGenericDelete(db, key, 0); }
int dbAsyncDelete(redisDb *db, robj *key) { return dbGenericDelete(db, key, 1); }

int dbDelete(redisDb *db, robj *key) {
    return server.lazyfree_lazy_server_del ? dbAsyncDelete(db, key) : dbSyncDelete(db, key);
}

/* A string value that the caller may modify in place: a raw, unshared one. */
robj *dbUnshareStringValue(redisDb *db, robj *key, robj *o) {
    serverAssert(o->type == OBJ_STRING);
    if (o->refcount != 1 || o->encoding != OBJ_ENCODING_RAW) {
        robj *decoded = getDecodedObject(o);
        robj *raw = createRawStringObject(decoded->ptr, sdslen(decoded->ptr));
        decrRefCount(decoded);
        o = dbOverwrite(db, key, raw, 1);
    }
    return o;
}

/* A random key that is not logically expired; NULL if the db is empty. */
robj *dbRandomKey(redisDb *db) {
    int maxtries = 100;
    int allvolatile = dictSize(db->keys) == dictSize(db->expires);
    while (dictSize(db->keys)) {
        robj *o = dictGetFairRandomElement(db->keys);
        robj *keyobj = createStringObject(objectGetKey(o), sdslen(objectGetKey(o)));
        if (objectGetExpire(o) != -1) {
            if (allvolatile && --maxtries == 0) return keyobj;
            if (expireIfNeeded(db, keyobj, o, 0)) {
                decrRefCount(keyobj);
                continue;
            }
        }
        return keyobj;
    }
    return NULL;
}

/* Empty one database (dbnum) or all of them (-1).  Returns the number of
 * keys removed.  Every caller (FLUSHDB, FLUSHALL, DEBUG RELOAD, ...) fails
 * the transactions watching keys that were there. */
long long emptyData(int dbnum, int flags, void(callback)(dict *)) {
    long long removed = 0;
    int start = dbnum == -1 ? 0 : dbnum;
    int end = dbnum == -1 ? server.dbnum - 1 : dbnum;
    signalFlushedDb(dbnum, flags & EMPTYDB_ASYNC); /* while the keys are still there */
    for (int j = start; j <= end; j++) {
        scanDatabaseForDeletedStreams(&server.db[j], NULL);
        removed += dictSize(server.db[j].keys);
        if (flags & EMPTYDB_ASYNC) {
            emptyDbAsync(&server.db[j]);
        } else {
            /* expires first: it points to the entries keys owns */
            dictEmpty(server.db[j].expires, callback);
            dictEmpty(server.db[j].keys, callback);
        }
        server.db[j].avg_ttl = 0;
        server.db[j].expires_cursor = 0;
    }
    return removed;
}

int selectDb(client *c, int id) {
    if (id < 0 || id >= server.dbnum) return C_ERR;
    c->db = &server.db[id];
    return C_OK;
}

long long dbTotalServerKeyCount(void) {
    long long total = 0;
    for (int j = 0; j < server.dbnum; j++) total += dictSize(server.db[j].keys);
    return total;
}

/* Every change to a key: transactions WATCHing it fail (multi.c).
 * Client-side caching will hook in here too. */
void signalModifiedKey(client *c, redisDb *db, robj *key) {
    (void)c;
    if (dictSize(db->watched_keys)) touchWatchedKey(db, key); /* the common case: one test per write */
}

/* Called before a database (dbid) or all of them (-1) are emptied: the
 * watched keys that exist there are touched. */
void signalFlushedDb(int dbid, int async) {
    (void)async;
    int start = dbid == -1 ? 0 : dbid;
    int end = dbid == -1 ? server.dbnum - 1 : dbid;
    for (int j = start; j <= end; j++) touchAllWatchedKeysInDb(&server.db[j], NULL);
}

/* ===========================================================================
 * Commands
 * ======================================================================== */

static void delGenericCommand(client *c, int lazy) {
    int numdel = 0;
    for (int j = 1; j < c->argc; j++) {
        expireIfNeeded(c->db, c->argv[j], NULL, 0);
        int deleted = lazy ? dbAsyncDelete(c->db, c->argv[j]) : dbSyncDelete(c->db, c->argv[j]);
        if (deleted) {
            signalModifiedKey(c, c->db, c->argv[j]);
            notifyKeyspaceEvent(NOTIFY_GENERIC, "del", c->argv[j], c->db->id);
            server.dirty++;
            numdel++;
        }
    }
    addReplyLongLong(c, numdel);
}

void delCommand(client *c) { delGenericCommand(c, server.lazyfree_lazy_user_del); }
void unlinkCommand(client *c) { delGenericCommand(c, 1); }

void existsCommand(client *c) {
    long long count = 0;
    for (int j = 1; j < c->argc; j++)
        if (lookupKeyReadWithFlags(c->db, c->argv[j], LOOKUP_NOTOUCH)) count++;
    addReplyLongLong(c, count);
}

void touchCommand(client *c) {
    int touched = 0;
    for (int j = 1; j < c->argc; j++)
        if (lookupKeyRead(c->db, c->argv[j]) != NULL) touched++;
    addReplyLongLong(c, touched);
}

void selectCommand(client *c) {
    int id;
    if (getIntFromObjectOrReply(c, c->argv[1], &id, NULL) != C_OK) return;
    if (selectDb(c, id) == C_ERR) addReplyError(c, "DB index is out of range");
    else addReply(c, shared.ok);
}

void dbsizeCommand(client *c) { addReplyLongLong(c, dictSize(c->db->keys)); }

static const char *typeName(robj *o) {
    if (!o) return "none";
    switch (o->type) {
    case OBJ_STRING: return "string";
    case OBJ_LIST: return "list";
    case OBJ_SET: return "set";
    case OBJ_ZSET: return "zset";
    case OBJ_HASH: return "hash";
    case OBJ_STREAM: return "stream";
    default: return "unknown";
    }
}

void typeCommand(client *c) {
    robj *o = lookupKeyReadWithFlags(c->db, c->argv[1], LOOKUP_NOTOUCH);
    addReplyStatus(c, typeName(o));
}

void randomkeyCommand(client *c) {
    robj *key = dbRandomKey(c->db);
    if (!key) {
        addReplyNull(c);
        return;
    }
    addReplyBulk(c, key);
    decrRefCount(key);
}

/* FLUSHDB/FLUSHALL [ASYNC|SYNC] */
static int getFlushCommandFlags(client *c, int *flags) {
    if (c->argc == 1) {
        *flags = server.lazyfree_lazy_user_flush ? EMPTYDB_ASYNC : EMPTYDB_NO_FLAGS;
        return C_OK;
    }
    if (c->argc == 2 && !strcasecmp(c->argv[1]->ptr, "sync")) *flags = EMPTYDB_NO_FLAGS;
    else if (c->argc == 2 && !strcasecmp(c->argv[1]->ptr, "async")) *flags = EMPTYDB_ASYNC;
    else {
        addReplyErrorObject(c, shared.syntaxerr);
        return C_ERR;
    }
    return C_OK;
}

void flushdbCommand(client *c) {
    int flags;
    if (getFlushCommandFlags(c, &flags) == C_ERR) return;
    server.dirty += emptyData(c->db->id, flags, NULL);
    addReply(c, shared.ok);
}

void flushallCommand(client *c) {
    int flags;
    if (getFlushCommandFlags(c, &flags) == C_ERR) return;
    server.dirty += emptyData(-1, flags, NULL);
    /* A snapshot being written is of data that no longer exists. */
    killRDBChild();
    server.dirty++;
    addReply(c, shared.ok);
}

void keysCommand(client *c) {
    sds pattern = c->argv[1]->ptr;
    int plen = sdslen(pattern), allkeys = pattern[0] == '*' && plen == 1;
    unsigned long numkeys = 0;
    void *replylen = addReplyDeferredLen(c);
    dictIterator di;
    dictInitSafeIterator(&di, c->db->keys);
    robj *o;
    while ((o = dictNext(&di)) != NULL) {
        sds key = objectGetKey(o);
        if (allkeys || stringmatchlen(pattern, plen, key, sdslen(key), 0)) {
            if (keyIsExpired(c->db, o)) continue;
            addReplyBulkCBuffer(c, key, sdslen(key));
            numkeys++;
        }
    }
    dictResetIterator(&di);
    setDeferredArrayLen(c, replylen, numkeys);
}

/* SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
int parseScanCursorOrReply(client *c, robj *o, unsigned long *cursor) {
    char *eptr;
    errno = 0;
    *cursor = strtoul(o->ptr, &eptr, 10);
    if (isspace(((char *)o->ptr)[0]) || eptr[0] != '\0' || errno == ERANGE) {
        addReplyError(c, "invalid cursor");
        return C_ERR;
    }
    return C_OK;
}

void scanCollectorAdd(scanCollector *sc, robj *item) {
    if (sc->count == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 16;
        sc->items = zrealloc(sc->items, sizeof(robj *) * sc->cap);
    }
    sc->items[sc->count++] = item;
}

unsigned long scanDictSteps(dict *d, unsigned long cursor, long count, int per_element, dictScanFunction *fn,
                            scanCollector *sc) {
    long maxiterations = count > LONG_MAX / 10 ? LONG_MAX : count * 10;
    do {
        cursor = dictScan(d, cursor, fn, sc);
    } while (cursor && maxiterations-- && sc->count / per_element < count);
    return cursor;
}

static void scanCallback(void *privdata, void *elem) {
    sds key = objectGetKey(elem);
    scanCollectorAdd(privdata, createStringObject(key, sdslen(key)));
}

/* SCAN, and through their commands HSCAN, SSCAN and ZSCAN (o is the value
 * then): option parsing, the type's walk, MATCH/TYPE filtering, the reply. */
void scanGenericCommand(client *c, robj *o, unsigned long cursor) {
    long count = 10;
    sds pat = NULL;
    sds typename = NULL;
    int j = o == NULL ? 2 : 3;
    for (; j < c->argc; j++) {
        int moreargs = c->argc - 1 - j;
        if (!strcasecmp(c->argv[j]->ptr, "count") && moreargs) {
            if (getLongFromObjectOrReply(c, c->argv[j + 1], &count, NULL) != C_OK) return;
            if (count < 1) {
                addReplyErrorObject(c, shared.syntaxerr);
                return;
            }
            j++;
        } else if (!strcasecmp(c->argv[j]->ptr, "match") && moreargs) {
            pat = c->argv[j + 1]->ptr;
            j++;
        } else if (!strcasecmp(c->argv[j]->ptr, "type") && o == NULL && moreargs) {
            typename = c->argv[j + 1]->ptr;
            j++;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    int patlen = pat ? sdslen(pat) : 0;
    int use_pattern = pat && !(patlen == 1 && pat[0] == '*');

    scanCollector sc = {NULL, 0, 0};
    int pairs = 0;
    if (o == NULL) {
        cursor = scanDictSteps(c->db->keys, cursor, count, 1, scanCallback, &sc);
    } else if (o->type == OBJ_SET) {
        cursor = setTypeScan(o, cursor, count, &sc);
    } else if (o->type == OBJ_HASH) {
        cursor = hashTypeScan(o, cursor, count, &sc);
        pairs = 1;
    } else if (o->type == OBJ_ZSET) {
        cursor = zsetTypeScan(o, cursor, count, &sc);
        pairs = 1;
    } else {
        serverPanic("Not handled encoding in SCAN.");
    }

    /* Filter, then reply.  For pairs the pattern applies to the first item
     * and both go or stay together. */
    addReplyArrayLen(c, 2);
    addReplyBulkLongLong(c, cursor);
    void *replylen = addReplyDeferredLen(c);
    long emitted = 0;
    int step = pairs ? 2 : 1;
    for (long i = 0; i < sc.count; i += step) {
        robj *item = sc.items[i];
        int keep = 1;
        if (use_pattern) {
            if (sdsEncodedObject(item)) {
                keep = stringmatchlen(pat, patlen, item->ptr, sdslen(item->ptr), 0);
            } else {
                char buf[LONG_STR_SIZE];
                int len = ll2string(buf, sizeof(buf), (long)(intptr_t)item->ptr);
                keep = stringmatchlen(pat, patlen, buf, len, 0);
            }
        }
        if (keep && o == NULL) {
            robj *val = dictFind(c->db->keys, item->ptr);
            if (!val || keyIsExpired(c->db, val)) {
                keep = 0;
                if (val) expireIfNeeded(c->db, item, val, 0);
            } else if (typename && strcasecmp(typename, typeName(val)) != 0) {
                keep = 0;
            }
        }
        if (keep) {
            for (int k = 0; k < step; k++) addReplyBulk(c, sc.items[i + k]);
            emitted += step;
        }
    }
    for (long i = 0; i < sc.count; i++) decrRefCount(sc.items[i]);
    zfree(sc.items);
    setDeferredArrayLen(c, replylen, emitted);
}

/* HSCAN, SSCAN, ZSCAN key cursor [MATCH pattern] [COUNT count]: a missing
 * key is an empty, finished scan, whatever the options say. */
void valueScanCommand(client *c, int type) {
    unsigned long cursor;
    if (parseScanCursorOrReply(c, c->argv[2], &cursor) == C_ERR) return;
    robj *o = lookupKeyRead(c->db, c->argv[1]);
    if (o == NULL) {
        addReplyArrayLen(c, 2);
        addReplyBulkCBuffer(c, "0", 1);
        addReply(c, shared.emptyarray);
        return;
    }
    if (checkType(c, o, type)) return;
    scanGenericCommand(c, o, cursor);
}

void scanCommand(client *c) {
    unsigned long cursor;
    if (parseScanCursorOrReply(c, c->argv[1], &cursor) == C_ERR) return;
    scanGenericCommand(c, NULL, cursor);
}

/* RENAME / RENAMENX */
static void renameGenericCommand(client *c, int nx) {
    robj *o;
    int samekey = sdslen(c->argv[1]->ptr) == sdslen(c->argv[2]->ptr) &&
                  memcmp(c->argv[1]->ptr, c->argv[2]->ptr, sdslen(c->argv[1]->ptr)) == 0;
    if ((o = lookupKeyWriteOrReply(c, c->argv[1], shared.nokeyerr)) == NULL) return;
    if (samekey) {
        addReply(c, nx ? shared.czero : shared.ok);
        return;
    }
    if (lookupKeyWrite(c->db, c->argv[2]) != NULL) {
        if (nx) {
            addReply(c, shared.czero);
            return;
        }
        dbDelete(c->db, c->argv[2]);
    }
    long long expire = objectGetExpire(o);
    /* The source name is gone, for XREADGROUP waiters as for a DEL. */
    if (o->type == OBJ_STREAM) signalDeletedKeyAsReady(c->db, c->argv[1], OBJ_STREAM);
    if (expire != -1) dictUnlink(c->db->expires, c->argv[1]->ptr);
    dictUnlink(c->db->keys, c->argv[1]->ptr);
    robj *entry = objectSetKeyAndExpire(o, c->argv[2]->ptr, expire);
    dictAdd(c->db->keys, entry);
    if (expire != -1) dictAdd(c->db->expires, entry);
    signalKeyAsReady(c->db, c->argv[2], entry->type);
    notifyKeyspaceEvent(NOTIFY_NEW, "new", c->argv[2], c->db->id);
    signalModifiedKey(c, c->db, c->argv[1]);
    signalModifiedKey(c, c->db, c->argv[2]);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "rename_from", c->argv[1], c->db->id);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "rename_to", c->argv[2], c->db->id);
    server.dirty++;
    addReply(c, nx ? shared.cone : shared.ok);
}

void renameCommand(client *c) { renameGenericCommand(c, 0); }
void renamenxCommand(client *c) { renameGenericCommand(c, 1); }

/* Store an entry taken out of one db into another under 'key'. */
static void dbAddEntryWithExpire(redisDb *db, robj *key, robj *val, long long expire) {
    robj *entry = objectSetKeyAndExpire(val, key->ptr, expire);
    dictAdd(db->keys, entry);
    if (expire != -1) dictAdd(db->expires, entry);
    signalKeyAsReady(db, key, entry->type);
    notifyKeyspaceEvent(NOTIFY_NEW, "new", key, db->id);
}

void moveCommand(client *c) {
    int dbid;
    if (getIntFromObjectOrReply(c, c->argv[2], &dbid, NULL) != C_OK) return;
    if (dbid < 0 || dbid >= server.dbnum) {
        addReplyError(c, "DB index is out of range");
        return;
    }
    redisDb *src = c->db, *dst = &server.db[dbid];
    if (src == dst) {
        addReplyErrorObject(c, shared.sameobjecterr);
        return;
    }
    robj *o = lookupKeyWrite(src, c->argv[1]);
    if (!o) {
        addReply(c, shared.czero);
        return;
    }
    if (lookupKeyWrite(dst, c->argv[1]) != NULL) {
        addReply(c, shared.czero);
        return;
    }
    long long expire = objectGetExpire(o);
    if (o->type == OBJ_STREAM) signalDeletedKeyAsReady(src, c->argv[1], OBJ_STREAM);
    if (expire != -1) dictUnlink(src->expires, c->argv[1]->ptr);
    dictUnlink(src->keys, c->argv[1]->ptr);
    dbAddEntryWithExpire(dst, c->argv[1], o, expire);
    signalModifiedKey(c, src, c->argv[1]);
    signalModifiedKey(c, dst, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "move_from", c->argv[1], src->id);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "move_to", c->argv[1], dst->id);
    server.dirty++;
    addReply(c, shared.cone);
}

/* A deep copy of a value, for COPY. */
static robj *dupValue(robj *o) {
    switch (o->type) {
    case OBJ_STRING: {
        robj *dec = getDecodedObject(o);
        robj *copy = o->encoding == OBJ_ENCODING_INT ? createStringObjectFromLongLongForValue((long)(intptr_t)o->ptr)
                                                     : createStringObject(dec->ptr, sdslen(dec->ptr));
        if (o->encoding == OBJ_ENCODING_RAW && copy->encoding == OBJ_ENCODING_EMBSTR) {
            decrRefCount(copy);
            copy = createRawStringObject(dec->ptr, sdslen(dec->ptr));
        }
        decrRefCount(dec);
        return copy;
    }
    case OBJ_LIST: return listTypeDup(o);
    case OBJ_SET: return setTypeDup(o);
    case OBJ_ZSET: return zsetTypeDup(o);
    case OBJ_HASH: return hashTypeDup(o);
    case OBJ_STREAM: return streamTypeDup(o);
    default: serverPanic("Unknown object type");
    }
}

void copyCommand(client *c) {
    redisDb *src = c->db, *dst = c->db;
    int replace = 0;
    for (int j = 3; j < c->argc; j++) {
        int moreargs = c->argc - 1 - j;
        if (!strcasecmp(c->argv[j]->ptr, "replace")) {
            replace = 1;
        } else if (!strcasecmp(c->argv[j]->ptr, "db") && moreargs) {
            long dbid;
            if (getLongFromObjectOrReply(c, c->argv[j + 1], &dbid, NULL) != C_OK) return;
            if (dbid < 0 || dbid >= server.dbnum) {
                addReplyError(c, "DB index is out of range");
                return;
            }
            dst = &server.db[dbid];
            j++;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    if (src == dst && equalStringObjects(c->argv[1], c->argv[2])) {
        addReplyErrorObject(c, shared.sameobjecterr);
        return;
    }
    robj *o = lookupKeyRead(src, c->argv[1]);
    if (!o) {
        addReply(c, shared.czero);
        return;
    }
    long long expire = objectGetExpire(o);
    robj *copy = dupValue(o);
    if (lookupKeyWrite(dst, c->argv[2]) != NULL) {
        if (!replace) {
            decrRefCount(copy);
            addReply(c, shared.czero);
            return;
        }
        dbDelete(dst, c->argv[2]);
    }
    dbAddEntryWithExpire(dst, c->argv[2], copy, expire);
    signalModifiedKey(c, dst, c->argv[2]);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "copy_to", c->argv[2], dst->id);
    server.dirty++;
    addReply(c, shared.cone);
}

void swapdbCommand(client *c) {
    int id1, id2;
    if (getIntFromObjectOrReply(c, c->argv[1], &id1, "invalid first DB index") != C_OK) return;
    if (getIntFromObjectOrReply(c, c->argv[2], &id2, "invalid second DB index") != C_OK) return;
    if (id1 < 0 || id1 >= server.dbnum || id2 < 0 || id2 >= server.dbnum) {
        addReplyError(c, "DB index is out of range");
        return;
    }
    if (id1 != id2) {
        redisDb *a = &server.db[id1], *b = &server.db[id2];
        /* Clients stay in their db: its watched keys now see other data. */
        touchAllWatchedKeysInDb(a, b);
        touchAllWatchedKeysInDb(b, a);
        scanDatabaseForDeletedStreams(a, b);
        scanDatabaseForDeletedStreams(b, a);
        dict *keys = a->keys, *expires = a->expires;
        long long avg = a->avg_ttl;
        unsigned long cur = a->expires_cursor;
        a->keys = b->keys;
        a->expires = b->expires;
        a->avg_ttl = b->avg_ttl;
        a->expires_cursor = b->expires_cursor;
        b->keys = keys;
        b->expires = expires;
        b->avg_ttl = avg;
        b->expires_cursor = cur;
        /* Clients blocked on a key of either db may now find it there. */
        scanDatabaseForReadyKeys(a);
        scanDatabaseForReadyKeys(b);
        server.dirty++;
    }
    addReply(c, shared.ok);
}
