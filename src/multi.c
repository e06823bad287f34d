/* multi.c - transactions: MULTI, EXEC, DISCARD, WATCH and UNWATCH.
 *
 * Queueing.  After MULTI, processCommand() still looks every request up and
 * runs all its checks (arity, authentication, no-multi, pause, ...), but
 * instead of executing it, queueMultiCommand() takes the parsed argument
 * vector over from the client and answers +QUEUED.  A command refused by any
 * check while the transaction is open marks it CLIENT_DIRTY_EXEC
 * (flagTransaction, called from every rejection path), and EXEC then answers
 * EXECABORT without running anything.  MULTI, EXEC, DISCARD, WATCH, QUIT and
 * RESET are never queued.
 *
 * Execution.  EXEC runs the queued commands one after the other through
 * call(), as if they had arrived back to back, and gathers their replies in
 * one array.  Errors at run time (WRONGTYPE, ...) are ordinary replies in
 * that array: the other commands stay applied, there is no rollback.  While
 * they run the client carries CLIENT_DENY_BLOCKING, so blocking commands
 * answer at once as on a timeout, and call() keeps the clock of the EXEC so
 * that no key expires half-way through.  Clients woken by keys the
 * transaction fed are served after EXEC as a whole (processCommand handles
 * ready keys after call() returns).
 *
 * WATCH (optimistic locking).  Each database has a table watched_keys whose
 * elements (watchedKeyEntry) carry the key name and the list of watches on
 * it; a client's watches (watchedKey) are also listed in c->watched_keys, so
 * that either side reaches the other in O(1):
 *
 *     db->watched_keys: "k" -> entry { watchers: [wk(c1), wk(c2)] }
 *     c1->watched_keys: [wk(c1,"k"), wk(c1,"j")]
 *
 * Every change to a key goes through signalModifiedKey(), which calls
 * touchWatchedKey(): the clients watching it get CLIENT_DIRTY_CAS and their
 * watches are dropped (a dirty transaction cannot be made clean again, so
 * there is nothing left to watch), and their EXEC answers a null array.
 * FLUSHDB, FLUSHALL and SWAPDB touch every watched key that exists in the
 * databases they replace (touchAllWatchedKeysInDb).
 *
 * Expiry.  A key that is live when watched and whose TTL passes before EXEC
 * dirties the transaction, even if nothing deleted it yet (EXEC checks).  A
 * key that was already logically expired when watched (still stored, not yet
 * reclaimed) is remembered as such: its later deletion by expiry, DEL or a
 * flush is no logical change and does not dirty the transaction; anything
 * that brings it back to life does. */
#include "server.h"

/* An element of db->watched_keys: the watches on one key, with the key's
 * name embedded after the struct. */
typedef struct watchedKeyEntry {
    list *watchers;        /* watchedKey, one per client */
    unsigned char hdrlen;  /* sds header bytes before the name */
    char key[];            /* embedded sds (sdsEmbedInit) */
} watchedKeyEntry;

/* One client's watch on one key. */
typedef struct watchedKey {
    watchedKeyEntry *entry;
    listNode *entry_node;  /* this watch in entry->watchers */
    redisDb *db;
    client *c;
    int expired;           /* the key was logically expired when watched */
} watchedKey;

static sds wkeyName(const watchedKeyEntry *e) { return (sds)(e->key + e->hdrlen); }

static const void *wkeyGetKey(const void *elem) { return wkeyName(elem); }

static void wkeyDestructor(void *elem) {
    watchedKeyEntry *e = elem;
    listRelease(e->watchers);
    zfree(e);
}

static dictType watchedKeysDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = wkeyGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = wkeyDestructor,
};

void multiInitDb(redisDb *db) { db->watched_keys = dictCreate(&watchedKeysDictType); }


/* ===========================================================================
 * WATCH bookkeeping
 * ======================================================================== */

/* Is the stored key logically expired?  Missing keys are not. */
static int storedKeyIsExpired(redisDb *db, sds key) {
    robj *o = dictFind(db->keys, key);
    return o && keyIsExpired(db, o);
}

static void watchForKey(client *c, robj *key) {
    watchedKeyEntry *e = dictFind(c->db->watched_keys, key->ptr);
    if (e) {
        /* Watching a key twice is one watch.  Few clients watch the same
         * key, so the scan of its watchers is short. */
        listIter li;
        listNode *ln;
        listRewind(e->watchers, &li);
        while ((ln = listNext(&li)) != NULL) {
            if (((watchedKey *)listNodeValue(ln))->c == c) return;
        }
    } else {
        size_t klen = sdslen(key->ptr);
        e = zmalloc(sizeof(*e) + sdsEmbedSize(klen));
        e->watchers = listCreate();
        e->hdrlen = (unsigned char)(sdsEmbedInit(e->key, key->ptr, klen) - e->key);
        dictAdd(c->db->watched_keys, e);
    }
    watchedKey *wk = zmalloc(sizeof(*wk));
    wk->entry = e;
    wk->db = c->db;
    wk->c = c;
    wk->expired = storedKeyIsExpired(c->db, key->ptr);
    listAddNodeTail(e->watchers, wk);
    wk->entry_node = listLast(e->watchers);
    if (!c->watched_keys) c->watched_keys = listCreate();
    listAddNodeTail(c->watched_keys, wk);
}

/* Drop all of c's watches; a key nobody watches any more leaves its db's
 * table. */
static void unwatchAllKeys(client *c) {
    if (!c->watched_keys) return;
    listIter li;
    listNode *ln;
    listRewind(c->watched_keys, &li);
    while ((ln = listNext(&li)) != NULL) {
        watchedKey *wk = listNodeValue(ln);
        watchedKeyEntry *e = wk->entry;
        listDelNode(e->watchers, wk->entry_node);
        if (listLength(e->watchers) == 0) dictDelete(wk->db->watched_keys, wkeyName(e));
        zfree(wk);
    }
    listRelease(c->watched_keys);
    c->watched_keys = NULL;
}

/* A key of db changed (signalModifiedKey): the transactions watching it
 * can no longer succeed. */
void touchWatchedKey(redisDb *db, robj *key) {
    if (dictSize(db->watched_keys) == 0) return;
    watchedKeyEntry *e = dictFind(db->watched_keys, key->ptr);
    if (!e) return;
    listNode *ln = listFirst(e->watchers);
    while (ln) {
        /* unwatchAllKeys() below removes this node, and the entry with it
         * when it is the last watcher (then next is NULL); other clients'
         * nodes stay, so next remains valid. */
        listNode *next = listNextNode(ln);
        watchedKey *wk = listNodeValue(ln);
        if (wk->expired && !dictFind(db->keys, key->ptr)) {
            /* It was already expired when watched and is now gone:
             * logically nothing changed.  From now on it is a missing key. */
            wk->expired = 0;
        } else {
            wk->c->flags |= CLIENT_DIRTY_CAS;
            unwatchAllKeys(wk->c);
        }
        ln = next;
    }
}

/* Every key of 'emptied' is about to be replaced: by nothing (FLUSHDB,
 * FLUSHALL; replaced_with is NULL) or by the keys of replaced_with
 * (SWAPDB).  Called before the change.  A watched key is touched if it
 * exists on either side, except when the change is invisible: an expired
 * key that disappears or is replaced by another expired key, or a missing
 * key replaced by an expired one (which is then remembered as expired). */
void touchAllWatchedKeysInDb(redisDb *emptied, redisDb *replaced_with) {
    if (dictSize(emptied->watched_keys) == 0) return;
    dictIterator *di = dictGetSafeIterator(emptied->watched_keys);
    watchedKeyEntry *e;
    while ((e = dictNext(di)) != NULL) {
        sds key = wkeyName(e);
        int in_emptied = dictFind(emptied->keys, key) != NULL;
        int in_replacement = replaced_with && dictFind(replaced_with->keys, key) != NULL;
        if (!in_emptied && !in_replacement) continue;
        int replacement_expired = in_replacement && storedKeyIsExpired(replaced_with, key);
        listIter li;
        listNode *ln;
        listRewind(e->watchers, &li);
        while ((ln = listNext(&li)) != NULL) {
            watchedKey *wk = listNodeValue(ln);
            if (wk->expired) {
                if (!in_replacement) {
                    wk->expired = 0; /* an expired key went away */
                    continue;
                }
                if (replacement_expired) continue; /* expired, and still expired */
            } else if (!in_emptied && replacement_expired) {
                wk->expired = 1; /* missing, and now an expired key */
                continue;
            }
            /* Only flagged: unwatching here could free entries of the table
             * being iterated.  EXEC or DISCARD will drop the watches. */
            wk->c->flags |= CLIENT_DIRTY_CAS;
        }
    }
    dictReleaseIterator(di);
}

/* Did a key watched while live expire since?  EXEC fails then, even if no
 * lookup has deleted the key yet. */
static int watchedKeyExpired(client *c) {
    if (!c->watched_keys) return 0;
    listIter li;
    listNode *ln;
    listRewind(c->watched_keys, &li);
    while ((ln = listNext(&li)) != NULL) {
        watchedKey *wk = listNodeValue(ln);
        if (!wk->expired && storedKeyIsExpired(wk->db, wkeyName(wk->entry))) return 1;
    }
    return 0;
}

/* ===========================================================================
 * The queue
 * ======================================================================== */

static void freeMultiState(client *c) {
    multiState *ms = &c->mstate;
    for (int j = 0; j < ms->count; j++) {
        multiCmd *mc = &ms->commands[j];
        for (int i = 0; i < mc->argc; i++) decrRefCount(mc->argv[i]);
        zfree(mc->argv);
    }
    zfree(ms->commands);
    memset(ms, 0, sizeof(*ms));
}

/* Leave the transaction (EXEC done or refused, DISCARD, RESET, a closing
 * connection) and forget the watched keys. */
static void discardTransaction(client *c) {
    freeMultiState(c);
    c->flags &= ~(CLIENT_MULTI | CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC);
    unwatchAllKeys(c);
}

void multiFreeClient(client *c) { discardTransaction(c); }

void flagTransaction(client *c) {
    if (c->flags & CLIENT_MULTI) c->flags |= CLIENT_DIRTY_EXEC;
}

int multiShouldQueue(client *c) {
    if (!(c->flags & CLIENT_MULTI)) return 0;
    redisCommandProc *p = c->cmd->proc;
    return p != execCommand && p != discardCommand && p != multiCommand && p != watchCommand && p != quitCommand &&
           p != resetCommand;
}

void queueMultiCommand(client *c) {
    multiState *ms = &c->mstate;
    /* A transaction that will not run keeps nothing. */
    if (!(c->flags & (CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC))) {
        if (ms->count == ms->alloc) {
            ms->alloc = ms->alloc ? ms->alloc * 2 : 4;
            ms->commands = zrealloc(ms->commands, sizeof(multiCmd) * ms->alloc);
        }
        multiCmd *mc = &ms->commands[ms->count++];
        mc->argv = c->argv;
        mc->argc = c->argc;
        mc->argv_len = c->argv_len;
        mc->cmd = c->cmd;
        ms->cmd_flags |= c->cmd->flags;
        ms->argv_len_sums += c->argv_len_sum + sizeof(robj *) * c->argc;
        /* The vector now belongs to the queue; the next request gets a new
         * one. */
        c->argv = NULL;
        c->argc = 0;
        c->argv_len = 0;
        c->argv_len_sum = 0;
    }
    addReply(c, shared.queued);
}

uint64_t multiEffectiveCommandFlags(client *c) {
    uint64_t flags = c->cmd->flags;
    if (c->cmd->proc == execCommand) flags |= c->mstate.cmd_flags;
    return flags;
}

/* EXEC itself was refused by a check of processCommand: the transaction
 * goes with it, and MONITOR still sees the EXEC. */
void execCommandAbort(client *c, const char *err) {
    discardTransaction(c);
    if (err[0] == '-') err++;
    size_t len = strlen(err);
    while (len && (err[len - 1] == '\r' || err[len - 1] == '\n')) len--;
    addReplyErrorFormat(c, "-EXECABORT Transaction discarded because of: %.*s", (int)len, err);
    replicationFeedMonitors(c, c->db->id, c->argv, c->argc);
}

/* ===========================================================================
 * Commands
 * ======================================================================== */

void multiCommand(client *c) {
    if (c->flags & CLIENT_MULTI) {
        addReplyError(c, "MULTI calls can not be nested");
        return;
    }
    c->flags |= CLIENT_MULTI;
    addReply(c, shared.ok);
}

void discardCommand(client *c) {
    if (!(c->flags & CLIENT_MULTI)) {
        addReplyError(c, "DISCARD without MULTI");
        return;
    }
    discardTransaction(c);
    addReply(c, shared.ok);
}

/* Run the queued commands, each as the client's current command, and put
 * back into the queue what they left in argv (a command may rewrite its
 * arguments).  When transactions are propagated to the AOF and replicas,
 * the commands that write are to be wrapped in MULTI ... EXEC here. */
static void execQueuedCommands(client *c) {
    multiState *ms = &c->mstate;
    for (int j = 0; j < ms->count; j++) {
        multiCmd *mc = &ms->commands[j];
        c->argv = mc->argv;
        c->argc = mc->argc;
        c->argv_len = mc->argv_len;
        c->cmd = c->realcmd = mc->cmd;
        call(c);
        serverAssert(!(c->flags & CLIENT_BLOCKED));
        mc->argv = c->argv;
        mc->argc = c->argc;
        mc->argv_len = c->argv_len;
        /* MONITOR and SLOWLOG have seen the request as sent. */
        freeClientOriginalArgv(c);
    }
}

void execCommand(client *c) {
    if (!(c->flags & CLIENT_MULTI)) {
        addReplyError(c, "EXEC without MULTI");
        return;
    }
    if (watchedKeyExpired(c)) c->flags |= CLIENT_DIRTY_CAS;
    if (c->flags & (CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC)) {
        if (c->flags & CLIENT_DIRTY_EXEC) addReplyErrorObject(c, shared.execaborterr);
        else addReplyNullArray(c);
        discardTransaction(c);
        return;
    }
    /* Nothing can make the transaction fail any more; its own writes must
     * not dirty it either. */
    unwatchAllKeys(c);

    robj **argv = c->argv;
    int argc = c->argc, argv_len = c->argv_len;
    size_t argv_len_sum = c->argv_len_sum;
    redisCommand *cmd = c->cmd, *realcmd = c->realcmd;
    int could_block = !(c->flags & CLIENT_DENY_BLOCKING);

    c->flags |= CLIENT_DENY_BLOCKING;
    addReplyArrayLen(c, c->mstate.count);
    execQueuedCommands(c);
    if (could_block) c->flags &= ~CLIENT_DENY_BLOCKING;

    c->argv = argv;
    c->argc = argc;
    c->argv_len = argv_len;
    c->argv_len_sum = argv_len_sum;
    c->cmd = cmd;
    c->realcmd = realcmd;
    discardTransaction(c);
}

void watchCommand(client *c) {
    if (c->flags & CLIENT_MULTI) {
        addReplyError(c, "WATCH inside MULTI is not allowed");
        return;
    }
    /* Already doomed: watching more changes nothing. */
    if (c->flags & CLIENT_DIRTY_CAS) {
        addReply(c, shared.ok);
        return;
    }
    for (int j = 1; j < c->argc; j++) watchForKey(c, c->argv[j]);
    addReply(c, shared.ok);
}

void unwatchCommand(client *c) {
    unwatchAllKeys(c);
    c->flags &= ~CLIENT_DIRTY_CAS;
    addReply(c, shared.ok);
}
