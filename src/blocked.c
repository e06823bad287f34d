/* blocked.c - clients that wait: blocking commands and paused clients.
 *
 * A blocked client keeps its connection and its parsed request (argv) but
 * executes nothing: processInputBuffer stops at CLIENT_BLOCKED, while reads
 * keep filling the query buffer.  Two things block a client:
 *
 *   - a command that waits for data (BLPOP, BZPOPMIN, XREAD BLOCK, WAIT):
 *     btype LIST, ZSET, STREAM or WAIT, with an optional timeout;
 *   - CLIENT PAUSE (or a pause the server itself starts): the request is
 *     held back before it runs, btype POSTPONE, until the pause ends.
 *
 * unblockClient() undoes the block and queues the client on the unblocked
 * list.  processUnblockedClients(), called before the event loop sleeps,
 * then runs the held request again if there is one (a postponed command has
 * not run yet) and goes on with the rest of the client's pipeline, so that
 * order is kept for pipelined requests.
 *
 * Waiting on keys (the re-execution model): a blocking command that finds
 * nothing to serve calls blockForKeys() and returns without a reply.  The
 * client is appended to the FIFO list of each key in db->blocking_keys.  A
 * command that creates or feeds such a key calls signalKeyAsReady(), which
 * queues the key once.  handleClientsBlockedOnKeys() then takes the waiting
 * clients of each ready key in arrival order and runs their commands again
 * (flag CLIENT_REPROCESSING_COMMAND): a command that now finds data serves
 * it; one that does not blocks again at the head of the queue, keeping its
 * place and its original timeout.  A client stays blocked while the key is
 * missing or of another type.  Timeouts sit in a skiplist ordered by
 * deadline, with one event-loop timer for the earliest.
 *
 * Pauses: each purpose (the CLIENT PAUSE command, shutdown waiting for
 * replicas, failover) has its own type and end time.  The strongest active
 * purpose applies: ALL holds back every command, WRITE holds back commands
 * that may write or replicate.  While any pause is active keys do not
 * expire (reads still see an expired key as missing) and nothing is
 * evicted, so that the dataset cannot change under a paused primary. */
#include "server.h"
#include "skiplist.h"
#include "script.h"

#include <math.h>

/* An element of db->blocking_keys: the clients waiting on one key, in
 * arrival order, and the key itself embedded after the struct. */
typedef struct blockingKeyEntry {
    list *clients;
    int ready;             /* queued in ready_keys */
    unsigned char hdrlen;  /* sds header bytes before the key */
    char key[];            /* embedded sds (sdsEmbedInit) */
} blockingKeyEntry;

static sds bkeyKey(const blockingKeyEntry *e) { return (sds)(e->key + e->hdrlen); }

static const void *bkeyGetKey(const void *elem) { return bkeyKey(elem); }

static void bkeyDestructor(void *elem) {
    blockingKeyEntry *e = elem;
    listRelease(e->clients);
    zfree(e);
}

static dictType blockingKeysDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = bkeyGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = bkeyDestructor,
};

/* A ready key: its db and a copy of the name (the entry may go away). */
typedef struct readyKey {
    redisDb *db;
    sds key;
} readyKey;

static list *ready_keys;          /* readyKey, in signalling order */
static zskiplist *timeouts;       /* blocked clients by deadline */
static long long timeout_timer_id = -1;
static long long timeout_timer_when = 0;

static list *unblocked_clients;  /* unblocked, waiting for processUnblockedClients */
static list *postponed_clients;  /* blocked by a pause, in arrival order */
static unsigned long blocked_total;
static unsigned long blocked_by_type[BLOCKED_NUM];
static unsigned long blocked_with_timeout;

static struct {
    pause_type type;
    long long end;
} pauses[NUM_PAUSE_PURPOSES];
static pause_type paused_type = CLIENT_PAUSE_OFF; /* strongest active pause */
static long long paused_end = 0;                  /* when it ends (ms) */
static long long pause_timer_id = -1;

static void addClientToTimeoutTable(client *c);
static void removeClientFromTimeoutTable(client *c);
static void unblockClientState(client *c);

void blockedInit(void) {
    unblocked_clients = listCreate();
    postponed_clients = listCreate();
    ready_keys = listCreate();
    timeouts = zslCreate();
}

void blockedInitDb(redisDb *db) { db->blocking_keys = dictCreate(&blockingKeysDictType); }

unsigned long blockedClientsCount(void) { return blocked_total; }

unsigned long blockedClientsByType(int btype) { return blocked_by_type[btype]; }

unsigned long blockedClientsWithTimeout(void) { return blocked_with_timeout; }

/* ===========================================================================
 * Blocking and unblocking
 * ======================================================================== */

/* ===========================================================================
 * Timeouts
 * ======================================================================== */

static int timeoutTimerProc(struct aeEventLoop *el, long long id, void *data) {
    (void)el;
    (void)id;
    (void)data;
    timeout_timer_id = -1;
    handleBlockedClientsTimeout();
    return AE_NOMORE;
}

/* Keep one timer armed for the earliest deadline. */
static void rearmTimeoutTimer(void) {
    zskiplistNode *first = zslNodeNext(timeouts->header);
    long long when = first ? (long long)zslNodeScore(first) : 0;
    if (timeout_timer_id != -1 && first && when == timeout_timer_when) return;
    if (timeout_timer_id != -1) {
        aeDeleteTimeEvent(server.el, timeout_timer_id);
        timeout_timer_id = -1;
    }
    if (!first || !server.el) return;
    long long wait = when - mstime();
    timeout_timer_id = aeCreateTimeEvent(server.el, wait > 0 ? wait : 0, timeoutTimerProc, NULL, NULL);
    timeout_timer_when = when;
}

static void addClientToTimeoutTable(client *c) {
    /* Ordered by deadline; the client pointer makes the member unique. */
    c->bstate.timeout_node = zslInsert(timeouts, (double)c->bstate.timeout, (const char *)&c, sizeof(c));
    rearmTimeoutTimer();
}

static void removeClientFromTimeoutTable(client *c) {
    if (!c->bstate.timeout_node) return;
    zslDeleteNode(timeouts, c->bstate.timeout_node);
    zslFreeNode(c->bstate.timeout_node);
    c->bstate.timeout_node = NULL;
    rearmTimeoutTimer();
}

/* Answer the clients whose deadline has passed. */
void handleBlockedClientsTimeout(void) {
    long long now = mstime();
    zskiplistNode *n;
    while ((n = zslNodeNext(timeouts->header)) != NULL && (long long)zslNodeScore(n) <= now) {
        client *c;
        memcpy(&c, zslNodeElement(n), sizeof(c));
        unblockClientWithReply(c, 0); /* removes the node */
    }
    rearmTimeoutTimer();
}

/* Parse a timeout argument (seconds, fractions allowed; or milliseconds)
 * into an absolute unix time in ms, 0 meaning forever.  Errors as Redis. */
int getTimeoutFromObjectOrReply(client *c, robj *object, long long *timeout, int unit) {
    long long tval;
    if (unit == UNIT_SECONDS) {
        long double ftval;
        if (getLongDoubleFromObjectOrReply(c, object, &ftval, "timeout is not a float or out of range") != C_OK)
            return C_ERR;
        ftval *= 1000.0L;
        /* Out of the range of a long long reads as negative, as in Redis.
         * Rounded up as Redis does: 0.001 * 1000 is 0.99999... in long
         * double, and must not become 0 (wait forever). */
        tval = (ftval >= (long double)LLONG_MAX || ftval <= (long double)LLONG_MIN) ? LLONG_MIN : (long long)ceill(ftval);
    } else {
        if (getLongLongFromObjectOrReply(c, object, &tval, "timeout is not an integer or out of range") != C_OK)
            return C_ERR;
    }
    if (tval < 0) {
        addReplyError(c, "timeout is negative");
        return C_ERR;
    }
    if (tval > 0) {
        if (tval > LLONG_MAX - server.mstime) {
            addReplyError(c, "timeout is out of range");
            return C_ERR;
        }
        tval += server.mstime;
    }
    *timeout = tval;
    return C_OK;
}

/* The reply of a blocking command that timed out. */
void replyToBlockedClientTimedOut(client *c) {
    if (c->bstate.btype == BLOCKED_WAIT) addReplyLongLong(c, 0); /* no replica acknowledged */
    else addReplyNullArray(c);
}

/* ===========================================================================
 * Blocking on keys
 * ======================================================================== */

/* Block the client on keys (LIST, ZSET, STREAM).  A command run again after
 * a wake-up that must wait once more keeps its place at the head of each
 * queue and its first deadline. */
void blockForKeys(client *c, int btype, robj **keys, int numkeys, long long timeout, int unblock_on_nokey) {
    int again = (c->flags & CLIENT_REPROCESSING_COMMAND) != 0;
    if (again && c->bstate.reprocess_timeout != -1) timeout = c->bstate.reprocess_timeout;
    c->bstate.keys = zmalloc(sizeof(blockedKey) * (numkeys ? numkeys : 1));
    c->bstate.numkeys = 0;
    c->bstate.dbid = c->db->id;
    c->bstate.unblock_on_nokey = unblock_on_nokey;
    for (int j = 0; j < numkeys; j++) {
        sds name = keys[j]->ptr;
        int dup = 0;
        for (int k = 0; k < c->bstate.numkeys; k++)
            if (sdscmp(bkeyKey(c->bstate.keys[k].entry), name) == 0) dup = 1;
        if (dup) continue; /* BLPOP k k: wait once */
        blockingKeyEntry *e = dictFind(c->db->blocking_keys, name);
        if (!e) {
            size_t klen = sdslen(name);
            e = zmalloc(sizeof(*e) + sdsEmbedSize(klen));
            e->clients = listCreate();
            e->ready = 0;
            e->hdrlen = (unsigned char)(sdsEmbedInit(e->key, name, klen) - e->key);
            dictAdd(c->db->blocking_keys, e);
        }
        if (again) listAddNodeHead(e->clients, c);
        else listAddNodeTail(e->clients, c);
        blockedKey *bk = &c->bstate.keys[c->bstate.numkeys++];
        bk->entry = e;
        bk->node = again ? listFirst(e->clients) : listLast(e->clients);
    }
    blockClient(c, btype, timeout);
}

/* Take the client off the queues of its keys. */
static void unblockClientFromKeys(client *c) {
    redisDb *db = &server.db[c->bstate.dbid];
    for (int j = 0; j < c->bstate.numkeys; j++) {
        blockingKeyEntry *e = c->bstate.keys[j].entry;
        listDelNode(e->clients, c->bstate.keys[j].node);
        if (listLength(e->clients) == 0) dictDelete(db->blocking_keys, bkeyKey(e));
    }
    zfree(c->bstate.keys);
    c->bstate.keys = NULL;
    c->bstate.numkeys = 0;
}

/* A key that clients may wait on was created or fed. */
void signalKeyAsReady(redisDb *db, robj *key, int type) {
    if (type != OBJ_LIST && type != OBJ_ZSET && type != OBJ_STREAM) return;
    if (dictSize(db->blocking_keys) == 0) return;
    blockingKeyEntry *e = dictFind(db->blocking_keys, key->ptr);
    if (!e || e->ready) return;
    e->ready = 1;
    readyKey *rk = zmalloc(sizeof(*rk));
    rk->db = db;
    rk->key = sdsdup(key->ptr);
    listAddNodeTail(ready_keys, rk);
}

/* A key was deleted: wakes the clients that asked to know (XREADGROUP). */
void signalDeletedKeyAsReady(redisDb *db, robj *key, int type) { signalKeyAsReady(db, key, type); }

/* After SWAPDB: every waited-on key that now exists may serve. */
void scanDatabaseForReadyKeys(redisDb *db) {
    dictIterator *di = dictGetSafeIterator(db->blocking_keys);
    blockingKeyEntry *e;
    while ((e = dictNext(di)) != NULL) {
        robj *o = dictFind(db->keys, bkeyKey(e));
        if (!o) continue;
        robj *k = createStringObject(bkeyKey(e), sdslen(bkeyKey(e)));
        signalKeyAsReady(db, k, o->type);
        decrRefCount(k);
    }
    dictReleaseIterator(di);
}

/* Before the keys of 'emptied' are dropped (FLUSHALL) or swapped for those
 * of 'replaced_with' (SWAPDB): a waited-on stream that will not be a stream
 * any more is signalled, so that XREADGROUP waiters answer that it is gone. */
void scanDatabaseForDeletedStreams(redisDb *emptied, redisDb *replaced_with) {
    if (dictSize(emptied->blocking_keys) == 0) return;
    dictIterator *di = dictGetSafeIterator(emptied->blocking_keys);
    blockingKeyEntry *e;
    while ((e = dictNext(di)) != NULL) {
        robj *o = dictFind(emptied->keys, bkeyKey(e));
        if (!o || o->type != OBJ_STREAM) continue;
        robj *n = replaced_with ? dictFind(replaced_with->keys, bkeyKey(e)) : NULL;
        if (n && n->type == OBJ_STREAM) continue;
        robj *k = createStringObject(bkeyKey(e), sdslen(bkeyKey(e)));
        signalDeletedKeyAsReady(emptied, k, OBJ_STREAM);
        decrRefCount(k);
    }
    dictReleaseIterator(di);
}

int blockedReadyKeysPending(void) { return listLength(ready_keys) != 0; }

static int btypeServesType(int btype, int type) {
    return (btype == BLOCKED_LIST && type == OBJ_LIST) || (btype == BLOCKED_ZSET && type == OBJ_ZSET) ||
           (btype == BLOCKED_STREAM && type == OBJ_STREAM);
}

/* Serve the clients waiting on the keys signalled ready, in FIFO order per
 * key, until no key is ready (a served command may feed other keys). */
void handleClientsBlockedOnKeys(void) {
    while (listLength(ready_keys)) {
        listNode *ln = listFirst(ready_keys);
        readyKey *rk = listNodeValue(ln);
        listDelNode(ready_keys, ln);
        blockingKeyEntry *e = dictFind(rk->db->blocking_keys, rk->key);
        if (e) {
            e->ready = 0;
            /* At most the clients waiting now; each is served or re-queued
             * at the head, so bound the walk by the count. */
            unsigned long count = listLength(e->clients);
            while (count--) {
                e = dictFind(rk->db->blocking_keys, rk->key);
                if (!e || listLength(e->clients) == 0) break;
                robj *o = dictFind(rk->db->keys, rk->key);
                if (o && keyIsExpired(rk->db, o)) o = NULL;
                /* The first waiter the value can serve: as in Redis 7.0, a
                 * BLPOP queued behind a BZPOPMIN on the same key is served
                 * when a list appears there, the other one keeps waiting. */
                client *c = NULL;
                listIter li;
                listNode *ln;
                listRewind(e->clients, &li);
                while ((ln = listNext(&li)) != NULL) {
                    client *w = listNodeValue(ln);
                    /* unblock_on_nokey (XREADGROUP) also runs again when
                     * its key is gone or of another type, to answer so. */
                    if ((o && btypeServesType(w->bstate.btype, o->type)) || w->bstate.unblock_on_nokey) {
                        c = w;
                        break;
                    }
                }
                if (!c) break;
                /* Run the command again, with its first deadline kept. */
                c->bstate.reprocess_timeout = c->bstate.timeout;
                unblockClientState(c);
                c->flags |= CLIENT_REPROCESSING_COMMAND;
                processCommandAndResetClient(c);
                c->flags &= ~CLIENT_REPROCESSING_COMMAND;
                c->bstate.reprocess_timeout = -1;
                if (c->flags & CLIENT_BLOCKED) break; /* still nothing for it: it is first again */
                /* Served: the rest of its pipeline runs before we sleep. */
                if (!(c->flags & CLIENT_UNBLOCKED)) {
                    c->flags |= CLIENT_UNBLOCKED;
                    listAddNodeTail(unblocked_clients, c);
                }
            }
        }
        sdsfree(rk->key);
        zfree(rk);
    }
}

/* Mark the client blocked.  timeout is a unix time in ms, 0 for none. */
void blockClient(client *c, int btype, long long timeout) {
    serverAssert(!(c->flags & CLIENT_BLOCKED));
    c->flags |= CLIENT_BLOCKED;
    c->bstate.btype = btype;
    c->bstate.timeout = timeout;
    blocked_total++;
    blocked_by_type[btype]++;
    if (timeout) {
        blocked_with_timeout++;
        addClientToTimeoutTable(c);
    }
}

/* Type-specific cleanup of a blocked client; leaves it not blocked. */
static void unblockClientState(client *c) {
    serverAssert(c->flags & CLIENT_BLOCKED);
    if (c->bstate.btype == BLOCKED_POSTPONE) {
        listDelNode(postponed_clients, c->bstate.postponed_node);
        c->bstate.postponed_node = NULL;
    }
    if (c->bstate.numkeys || c->bstate.keys) unblockClientFromKeys(c);
    blocked_total--;
    blocked_by_type[c->bstate.btype]--;
    if (c->bstate.timeout) blocked_with_timeout--;
    removeClientFromTimeoutTable(c);
    c->flags &= ~CLIENT_BLOCKED;
    c->bstate.btype = BLOCKED_NONE;
    c->bstate.timeout = 0;
}

/* Unblock the client and queue it so that its held request (if any) and the
 * rest of its pipeline run before the event loop sleeps again. */
void unblockClient(client *c) {
    int had_command = c->bstate.btype == BLOCKED_POSTPONE;
    unblockClientState(c);
    if (had_command) c->flags |= CLIENT_PENDING_COMMAND;
    if (!(c->flags & CLIENT_UNBLOCKED)) {
        c->flags |= CLIENT_UNBLOCKED;
        listAddNodeTail(unblocked_clients, c);
    }
}

/* Answer a client blocked by a command without serving it: the timeout
 * reply, or the UNBLOCKED error (CLIENT UNBLOCK ... ERROR).  Its request is
 * dropped and the rest of its pipeline goes on. */
void unblockClientWithReply(client *c, int error) {
    if (error) addReplyError(c, "-UNBLOCKED client unblocked via CLIENT UNBLOCK");
    else replyToBlockedClientTimedOut(c);
    /* The command completes now: it is counted now (call() skipped it). */
    if (c->lastcmd) c->lastcmd->calls++;
    unblockClientState(c);
    resetClient(c);
    if (!(c->flags & CLIENT_UNBLOCKED)) {
        c->flags |= CLIENT_UNBLOCKED;
        listAddNodeTail(unblocked_clients, c);
    }
}

/* Can CLIENT UNBLOCK end this client's wait?  Only a blocking command's: a
 * client held back by a pause has not run its command yet. */
int clientIsUnblockable(client *c) {
    if (!(c->flags & CLIENT_BLOCKED)) return 0;
    int t = c->bstate.btype;
    return t == BLOCKED_LIST || t == BLOCKED_ZSET || t == BLOCKED_STREAM || t == BLOCKED_WAIT;
}

/* The client is going away: drop every reference this module holds. */
void blockedForgetClient(client *c) {
    if (c->flags & CLIENT_BLOCKED) unblockClientState(c);
    if (c->flags & CLIENT_UNBLOCKED) {
        listNode *ln = listSearchKey(unblocked_clients, c);
        if (ln) listDelNode(unblocked_clients, ln);
        c->flags &= ~CLIENT_UNBLOCKED;
    }
    c->flags &= ~CLIENT_PENDING_COMMAND;
}

void processUnblockedClients(void) {
    while (listLength(unblocked_clients)) {
        listNode *ln = listFirst(unblocked_clients);
        client *c = listNodeValue(ln);
        listDelNode(unblocked_clients, ln);
        c->flags &= ~CLIENT_UNBLOCKED;
        if (c->flags & CLIENT_BLOCKED) continue; /* blocked again meanwhile */
        if (c->flags & CLIENT_PENDING_COMMAND) {
            c->flags &= ~CLIENT_PENDING_COMMAND;
            if (processCommandAndResetClient(c) == C_ERR) continue; /* client freed */
        }
        if (!(c->flags & CLIENT_BLOCKED)) processInputBuffer(c);
    }
}

/* Hold back the request in c->argv until the pause ends. */
void blockPostponeClient(client *c) {
    blockClient(c, BLOCKED_POSTPONE, 0);
    listAddNodeTail(postponed_clients, c);
    c->bstate.postponed_node = listLast(postponed_clients);
}

static void unblockPostponedClients(void) {
    while (listLength(postponed_clients)) unblockClient(listNodeValue(listFirst(postponed_clients)));
}

/* ===========================================================================
 * Pauses
 * ======================================================================== */

static int pauseTimerProc(struct aeEventLoop *el, long long id, void *data) {
    (void)el;
    (void)id;
    (void)data;
    pause_timer_id = -1;
    checkClientPauseTimeoutAndReturnIfPaused();
    return AE_NOMORE;
}

/* Recompute the effective pause from the purposes, and wake postponed
 * clients whose commands are no longer held back. */
static void updateClientPauseState(void) {
    pause_type old_type = paused_type;
    paused_type = CLIENT_PAUSE_OFF;
    paused_end = 0;
    for (int p = 0; p < NUM_PAUSE_PURPOSES; p++) {
        if (pauses[p].type == CLIENT_PAUSE_OFF) continue;
        if (pauses[p].type > paused_type) paused_type = pauses[p].type;
        if (pauses[p].end > paused_end) paused_end = pauses[p].end;
    }
    if (pause_timer_id != -1) {
        aeDeleteTimeEvent(server.el, pause_timer_id);
        pause_timer_id = -1;
    }
    if (paused_type != CLIENT_PAUSE_OFF) {
        long long wait = paused_end - mstime();
        pause_timer_id = aeCreateTimeEvent(server.el, wait > 0 ? wait : 0, pauseTimerProc, NULL, NULL);
    }
    /* Weaker or no pause: let everything held back try again; what is still
     * paused is postponed again when it is processed. */
    if (paused_type < old_type) unblockPostponedClients();
}

/* Pause for one purpose until `end` (unix ms).  For the same purpose a new
 * call sets the type and extends, never shortens, the end time. */
void pauseClients(pause_purpose purpose, long long end, pause_type type) {
    if (pauses[purpose].type == CLIENT_PAUSE_OFF || end > pauses[purpose].end) pauses[purpose].end = end;
    pauses[purpose].type = type;
    updateClientPauseState();
}

void unpauseClients(pause_purpose purpose) {
    pauses[purpose].type = CLIENT_PAUSE_OFF;
    pauses[purpose].end = 0;
    updateClientPauseState();
}

int areClientsPaused(void) { return paused_type != CLIENT_PAUSE_OFF; }

pause_type clientPauseType(void) { return paused_type; }

/* End the pauses whose time is up; nonzero if a pause is still active. */
int checkClientPauseTimeoutAndReturnIfPaused(void) {
    if (paused_type == CLIENT_PAUSE_OFF) return 0;
    long long now = mstime();
    int changed = 0;
    for (int p = 0; p < NUM_PAUSE_PURPOSES; p++) {
        if (pauses[p].type != CLIENT_PAUSE_OFF && pauses[p].end <= now) {
            pauses[p].type = CLIENT_PAUSE_OFF;
            pauses[p].end = 0;
            changed = 1;
        }
    }
    if (changed) updateClientPauseState();
    return paused_type != CLIENT_PAUSE_OFF;
}

/* Does the current pause hold back this client's command?  Replicas and
 * the primary link are never paused. */
int clientPauseBlocksCommand(client *c) {
    if (paused_type == CLIENT_PAUSE_OFF) return 0;
    if (c->flags & (CLIENT_SLAVE | CLIENT_MASTER)) return 0;
    if (paused_type == CLIENT_PAUSE_ALL) return 1;
    /* EXEC counts as a write when one of its queued commands is; EVAL and
     * FCALL as their script declares. */
    return (scriptDeclaredCommandFlags(c, multiEffectiveCommandFlags(c)) & (CMD_WRITE | CMD_MAY_REPLICATE)) != 0;
}
