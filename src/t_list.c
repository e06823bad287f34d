/* t_list.c - the list type and its commands.
 *
 * A list is a quicklist (quicklist.h): a doubly linked list of listpacks,
 * with big elements in plain nodes of their own and inner nodes optionally
 * LZF-compressed.  Every list uses that one encoding, whatever its size,
 * as in Redis 7.0.
 *
 * The file has two layers.  The type API (listType*) is the only code that
 * knows the encoding; the commands below it go through it.  Two of its
 * functions write replies: popping one element and replying with a range
 * are the hot paths of the list benchmarks, and they reply with the bytes
 * of the listpack entries directly, without copying elements into objects.
 *
 * Empty lists do not exist: every path that removes elements deletes the key
 * when the list becomes empty ("del" event).  So a client blocked on a key
 * (BLPOP and friends) waits on a key that holds no list, and it is woken up
 * when a list appears there: dbAdd() signals new keys (as do RENAME, MOVE,
 * COPY and SWAPDB), and every push onto an existing list signals the key
 * too (signalKeyAsReady), so that no waiter is ever left behind on a list
 * that has elements, whatever kept it from being served before.
 *
 * Blocking follows blocked.c's re-execution model: a blocking command that
 * finds nothing calls blockForKeys() and returns without a reply; when a key
 * becomes ready, the command runs again from the start (flag
 * CLIENT_REPROCESSING_COMMAND) and either serves or blocks again, keeping its
 * place and deadline.  Redis 7.0 serves a woken client from the key that
 * became ready only, so a run again skips keys of another type instead of
 * failing with WRONGTYPE (a client waiting on a key that became a string
 * stays blocked).  Propagation of the blocking commands as their plain
 * forms (BLPOP as LPOP...) belongs with replication, which does not exist
 * yet. */
#include "server.h"
#include "t_list.h"
#include "listpack.h"
#include "notify.h"
#include "debug.h"

/* ===========================================================================
 * The list type API
 * ======================================================================== */

static inline int quicklistWhere(int where) { return where == LIST_HEAD ? QUICKLIST_HEAD : QUICKLIST_TAIL; }

robj *createQuicklistObject(void) {
    quicklist *ql = quicklistNew(server.list_max_listpack_size, server.list_compress_depth);
    robj *o = createObject(OBJ_LIST, ql);
    o->encoding = OBJ_ENCODING_QUICKLIST;
    return o;
}

void freeListObject(robj *o) {
    serverAssert(o->encoding == OBJ_ENCODING_QUICKLIST);
    quicklistRelease(o->ptr);
}

robj *listTypeDup(robj *o) {
    serverAssert(o->encoding == OBJ_ENCODING_QUICKLIST);
    robj *copy = createObject(OBJ_LIST, quicklistDup(o->ptr));
    copy->encoding = OBJ_ENCODING_QUICKLIST;
    return copy;
}

void listTypeDigest(robj *o, unsigned char *digest) {
    quicklistIter *it = quicklistGetIterator(o->ptr, AL_START_HEAD);
    quicklistEntry e;
    while (quicklistNext(it, &e)) {
        if (e.value) digestMix(digest, e.value, e.sz);
        else digestMixLongLong(digest, e.longval);
    }
    quicklistReleaseIterator(it);
}

unsigned long listTypeLength(const robj *o) { return quicklistCount(o->ptr); }

/* The bytes of a string object: its sds, or an integer written into buf
 * (LONG_STR_SIZE bytes).  Arguments are almost always sds. */
static inline unsigned char *listValueBytes(robj *value, char *buf, size_t *len) {
    if (sdsEncodedObject(value)) {
        *len = sdslen(value->ptr);
        return (unsigned char *)value->ptr;
    }
    *len = (size_t)ll2string(buf, LONG_STR_SIZE, (long)(intptr_t)value->ptr);
    return (unsigned char *)buf;
}

void listTypePush(robj *o, robj *value, int where) {
    char buf[LONG_STR_SIZE];
    size_t len;
    unsigned char *bytes = listValueBytes(value, buf, &len);
    quicklistPush(o->ptr, bytes, len, quicklistWhere(where));
}

static void *listPopSaver(unsigned char *data, size_t sz) { return createStringObject((char *)data, sz); }

robj *listTypePop(robj *o, int where) {
    robj *value = NULL;
    long long lval;
    if (!quicklistPopCustom(o->ptr, quicklistWhere(where), (unsigned char **)&value, NULL, &lval, listPopSaver))
        return NULL;
    return value ? value : createStringObjectFromLongLong(lval);
}

void listTypeDelRange(robj *o, long start, long count) { quicklistDelRange(o->ptr, start, count); }

/* An iterator is the quicklist's; the wrapper keeps the encoding out of
 * the header. */
struct listTypeIterator {
    quicklistIter *iter; /* NULL when the start index was out of range */
};

listTypeIterator *listTypeInitIterator(robj *o, long index, int direction) {
    listTypeIterator *li = zmalloc(sizeof(*li));
    /* Walking towards the tail starts from the head side, and back. */
    int qdir = direction == LIST_TAIL ? AL_START_HEAD : AL_START_TAIL;
    li->iter = quicklistGetIteratorAtIdx(o->ptr, qdir, index);
    return li;
}

int listTypeNext(listTypeIterator *li, listTypeEntry *entry) {
    entry->li = li;
    if (!li->iter || !quicklistNext(li->iter, &entry->qe)) return 0;
    entry->sval = entry->qe.value;
    entry->slen = entry->qe.sz;
    entry->lval = entry->qe.longval;
    return 1;
}

void listTypeReleaseIterator(listTypeIterator *li) {
    quicklistReleaseIterator(li->iter);
    zfree(li);
}

robj *listTypeGet(listTypeEntry *entry) {
    if (entry->sval) return createStringObject((char *)entry->sval, entry->slen);
    return createStringObjectFromLongLong(entry->lval);
}

int listTypeEqual(listTypeEntry *entry, robj *o) {
    char buf[LONG_STR_SIZE];
    size_t len;
    unsigned char *bytes = listValueBytes(o, buf, &len);
    return quicklistCompare(&entry->qe, bytes, len);
}

void listTypeDelete(listTypeIterator *li, listTypeEntry *entry) { quicklistDelEntry(li->iter, &entry->qe); }

/* Insert value next to the current element (where: LIST_HEAD before it,
 * LIST_TAIL after it).  The iterator can only be released afterwards. */
static void listTypeInsert(listTypeEntry *entry, robj *value, int where) {
    char buf[LONG_STR_SIZE];
    size_t len;
    unsigned char *bytes = listValueBytes(value, buf, &len);
    if (where == LIST_TAIL) quicklistInsertAfter(entry->li->iter, &entry->qe, bytes, len);
    else quicklistInsertBefore(entry->li->iter, &entry->qe, bytes, len);
}

/* Replace the element at index (negative: from the tail).  0 if out of
 * range. */
static int listTypeReplaceAt(robj *o, long index, robj *value) {
    char buf[LONG_STR_SIZE];
    size_t len;
    unsigned char *bytes = listValueBytes(value, buf, &len);
    return quicklistReplaceAtIndex(o->ptr, index, bytes, len);
}

/* Reply with one element read from an iterator entry. */
static inline void addReplyListEntry(client *c, unsigned char *sval, size_t slen, long long lval) {
    if (sval) addReplyBulkCBuffer(c, sval, slen);
    else addReplyBulkLongLong(c, lval);
}

/* Reply with the element at one end as a bulk string, then remove it.  The
 * end nodes of a quicklist are never compressed, so the reply is written
 * from the node's bytes as they are.  The list must not be empty. */
static void listTypePopAndReply(client *c, robj *o, int where) {
    quicklist *ql = o->ptr;
    quicklistNode *node = where == LIST_HEAD ? ql->head : ql->tail;
    serverAssert(node && !quicklistNodeIsCompressed(node));
    if (QL_NODE_IS_PLAIN(node)) {
        addReplyBulkCBuffer(c, node->entry, node->sz);
    } else {
        unsigned char *p = where == LIST_HEAD ? lpFirst(node->entry) : lpLast(node->entry);
        unsigned int slen;
        long long lval;
        unsigned char *sval = lpGetValue(p, &slen, &lval);
        addReplyListEntry(c, sval, slen, lval);
    }
    /* No data pointer: the element is only removed. */
    quicklistPopCustom(ql, quicklistWhere(where), NULL, NULL, NULL, NULL);
}

/* Reply with the elements from index start to end (inclusive, both within
 * the list, start <= end) as an array; with reverse, from end down to
 * start. */
static void listTypeReplyRange(client *c, robj *o, long start, long end, int reverse) {
    long n = end - start + 1;
    addReplyArrayLen(c, n);
    quicklistIter *it = quicklistGetIteratorAtIdx(o->ptr, reverse ? AL_START_TAIL : AL_START_HEAD, reverse ? end : start);
    quicklistEntry e;
    while (n-- > 0) {
        int found = quicklistNext(it, &e);
        serverAssert(found);
        addReplyListEntry(c, e.value, e.sz, e.longval);
    }
    quicklistReleaseIterator(it);
}

/* ===========================================================================
 * Shared pieces of the commands
 * ======================================================================== */

/* LEFT / RIGHT (LMOVE, BLMOVE, LMPOP, BLMPOP). */
static int getListPositionFromObjectOrReply(client *c, robj *arg, int *where) {
    if (!strcasecmp(arg->ptr, "left")) {
        *where = LIST_HEAD;
    } else if (!strcasecmp(arg->ptr, "right")) {
        *where = LIST_TAIL;
    } else {
        addReplyErrorObject(c, shared.syntaxerr);
        return C_ERR;
    }
    return C_OK;
}

/* Convert LRANGE / LTRIM style indexes (negative: from the tail) into a
 * range inside a list of llen elements.  Returns 0 if the range is empty. */
static int listClipRange(long llen, long *start, long *end) {
    if (*start < 0) *start += llen;
    if (*end < 0) *end += llen;
    if (*start < 0) *start = 0;
    /* start >= 0 now, so a still negative end makes the range empty. */
    if (*start > *end || *start >= llen) return 0;
    if (*end >= llen) *end = llen - 1;
    return 1;
}

/* After count elements were popped from key's list o at end `where`: the
 * event, the deletion of an emptied list, the dirty counter. */
static void listElementsRemoved(client *c, robj *key, int where, robj *o, long count) {
    notifyKeyspaceEvent(NOTIFY_LIST, where == LIST_HEAD ? "lpop" : "rpop", key, c->db->id);
    if (listTypeLength(o) == 0) {
        dbDelete(c->db, key);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", key, c->db->id);
    }
    signalModifiedKey(c, c->db, key);
    server.dirty += count;
}

/* Pop up to count elements from one end and reply with them as an array
 * (from the tail they come in popping order: last element first). */
static void listPopRangeAndReply(client *c, robj *o, robj *key, int where, long count) {
    long llen = (long)listTypeLength(o);
    long n = count < llen ? count : llen;
    if (where == LIST_HEAD) {
        listTypeReplyRange(c, o, 0, n - 1, 0);
        listTypeDelRange(o, 0, n);
    } else {
        listTypeReplyRange(c, o, llen - n, llen - 1, 1);
        listTypeDelRange(o, -n, n);
    }
    listElementsRemoved(c, key, where, o, n);
}

/* ===========================================================================
 * Push commands
 * ======================================================================== */

/* LPUSH / RPUSH, and with xx LPUSHX / RPUSHX (only onto an existing list). */
static void pushGenericCommand(client *c, int where, int xx) {
    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    if (checkType(c, o, OBJ_LIST)) return;
    if (!o) {
        if (xx) {
            addReply(c, shared.czero);
            return;
        }
        o = dbAdd(c->db, c->argv[1], createQuicklistObject());
    } else {
        signalKeyAsReady(c->db, c->argv[1], OBJ_LIST);
    }
    for (int j = 2; j < c->argc; j++) listTypePush(o, c->argv[j], where);
    server.dirty += c->argc - 2;
    addReplyLongLong(c, (long long)listTypeLength(o));
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_LIST, where == LIST_HEAD ? "lpush" : "rpush", c->argv[1], c->db->id);
}

void lpushCommand(client *c) { pushGenericCommand(c, LIST_HEAD, 0); }
void rpushCommand(client *c) { pushGenericCommand(c, LIST_TAIL, 0); }
void lpushxCommand(client *c) { pushGenericCommand(c, LIST_HEAD, 1); }
void rpushxCommand(client *c) { pushGenericCommand(c, LIST_TAIL, 1); }

/* LINSERT key BEFORE|AFTER pivot element */
void linsertCommand(client *c) {
    int where;
    if (!strcasecmp(c->argv[2]->ptr, "after")) {
        where = LIST_TAIL;
    } else if (!strcasecmp(c->argv[2]->ptr, "before")) {
        where = LIST_HEAD;
    } else {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    robj *o = lookupKeyWriteOrReply(c, c->argv[1], shared.czero);
    if (!o || checkType(c, o, OBJ_LIST)) return;

    int inserted = 0;
    listTypeIterator *li = listTypeInitIterator(o, 0, LIST_TAIL);
    listTypeEntry e;
    while (listTypeNext(li, &e)) {
        if (listTypeEqual(&e, c->argv[3])) {
            listTypeInsert(&e, c->argv[4], where);
            inserted = 1;
            break;
        }
    }
    listTypeReleaseIterator(li);
    if (!inserted) {
        addReplyLongLong(c, -1); /* no pivot */
        return;
    }
    signalKeyAsReady(c->db, c->argv[1], OBJ_LIST);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_LIST, "linsert", c->argv[1], c->db->id);
    server.dirty++;
    addReplyLongLong(c, (long long)listTypeLength(o));
}

/* ===========================================================================
 * Reading commands
 * ======================================================================== */

void llenCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (!o || checkType(c, o, OBJ_LIST)) return;
    addReplyLongLong(c, (long long)listTypeLength(o));
}

/* LINDEX key index */
void lindexCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.null[c->resp]);
    if (!o || checkType(c, o, OBJ_LIST)) return;
    long index;
    if (getLongFromObjectOrReply(c, c->argv[2], &index, NULL) != C_OK) return;
    listTypeIterator *li = listTypeInitIterator(o, index, LIST_TAIL);
    listTypeEntry e;
    if (listTypeNext(li, &e)) addReplyListEntry(c, e.sval, e.slen, e.lval);
    else addReplyNull(c);
    listTypeReleaseIterator(li);
}

/* LRANGE key start stop */
void lrangeCommand(client *c) {
    long start, end;
    if (getLongFromObjectOrReply(c, c->argv[2], &start, NULL) != C_OK ||
        getLongFromObjectOrReply(c, c->argv[3], &end, NULL) != C_OK)
        return;
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.emptyarray);
    if (!o || checkType(c, o, OBJ_LIST)) return;
    if (!listClipRange((long)listTypeLength(o), &start, &end)) {
        addReply(c, shared.emptyarray);
        return;
    }
    listTypeReplyRange(c, o, start, end, 0);
}

/* LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
 *
 * RANK n: the n-th match counts first (negative: searching from the tail);
 * COUNT n: reply with an array of up to n positions (0: all of them);
 * MAXLEN n: compare at most n elements (0: all). */
void lposCommand(client *c) {
    long rank = 1, count = -1, maxlen = 0; /* count -1: no COUNT, reply a single position */
    int unlimited = 0;
    for (int j = 3; j < c->argc; j++) {
        char *opt = c->argv[j]->ptr;
        int moreargs = c->argc - 1 - j;
        if (!strcasecmp(opt, "rank") && moreargs) {
            if (getLongFromObjectOrReply(c, c->argv[++j], &rank, NULL) != C_OK) return;
            if (rank == 0) {
                addReplyError(c, "RANK can't be zero: use 1 to start from the first match, 2 from the "
                                 "second ... or use negative to start from the end of the list");
                return;
            }
        } else if (!strcasecmp(opt, "count") && moreargs) {
            if (getPositiveLongFromObjectOrReply(c, c->argv[++j], &count, "COUNT can't be negative") != C_OK) return;
        } else if (!strcasecmp(opt, "maxlen") && moreargs) {
            if (getPositiveLongFromObjectOrReply(c, c->argv[++j], &maxlen, "MAXLEN can't be negative") != C_OK)
                return;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    /* Redis 7.0 negates the rank; LONG_MIN stays negative there, so every
     * match from the tail qualifies and no COUNT is ever reached.  We give
     * the same answers without the overflow. */
    int direction = LIST_TAIL;
    if (rank < 0) {
        direction = LIST_HEAD;
        if (rank == LONG_MIN) {
            rank = 1;
            unlimited = 1;
        } else {
            rank = -rank;
        }
    }

    robj *o = lookupKeyRead(c->db, c->argv[1]);
    if (!o) {
        if (count != -1) addReply(c, shared.emptyarray);
        else addReplyNull(c);
        return;
    }
    if (checkType(c, o, OBJ_LIST)) return;

    void *lenptr = count != -1 ? addReplyDeferredLen(c) : NULL;
    long llen = (long)listTypeLength(o);
    long index = 0, matches = 0, found = -1, emitted = 0;
    listTypeIterator *li = listTypeInitIterator(o, direction == LIST_HEAD ? -1 : 0, direction);
    listTypeEntry e;
    while ((maxlen == 0 || index < maxlen) && listTypeNext(li, &e)) {
        if (listTypeEqual(&e, c->argv[2]) && ++matches >= rank) {
            long pos = direction == LIST_TAIL ? index : llen - index - 1;
            if (!lenptr) {
                found = pos;
                break;
            }
            addReplyLongLong(c, pos);
            emitted++;
            if (count && !unlimited && emitted >= count) break;
        }
        index++;
    }
    listTypeReleaseIterator(li);
    if (lenptr) setDeferredArrayLen(c, lenptr, emitted);
    else if (found != -1) addReplyLongLong(c, found);
    else addReplyNull(c);
}

/* ===========================================================================
 * Changing commands
 * ======================================================================== */

/* LSET key index element */
void lsetCommand(client *c) {
    robj *o = lookupKeyWriteOrReply(c, c->argv[1], shared.nokeyerr);
    if (!o || checkType(c, o, OBJ_LIST)) return;
    long index;
    if (getLongFromObjectOrReply(c, c->argv[2], &index, NULL) != C_OK) return;
    if (!listTypeReplaceAt(o, index, c->argv[3])) {
        addReplyErrorObject(c, shared.outofrangeerr);
        return;
    }
    addReply(c, shared.ok);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_LIST, "lset", c->argv[1], c->db->id);
    server.dirty++;
}

/* LTRIM key start stop */
void ltrimCommand(client *c) {
    long start, end;
    if (getLongFromObjectOrReply(c, c->argv[2], &start, NULL) != C_OK ||
        getLongFromObjectOrReply(c, c->argv[3], &end, NULL) != C_OK)
        return;
    robj *o = lookupKeyWriteOrReply(c, c->argv[1], shared.ok);
    if (!o || checkType(c, o, OBJ_LIST)) return;
    long llen = (long)listTypeLength(o), ltrim, rtrim;
    if (listClipRange(llen, &start, &end)) {
        ltrim = start;
        rtrim = llen - end - 1;
    } else {
        ltrim = llen; /* everything goes */
        rtrim = 0;
    }
    listTypeDelRange(o, 0, ltrim);
    listTypeDelRange(o, -rtrim, rtrim);
    notifyKeyspaceEvent(NOTIFY_LIST, "ltrim", c->argv[1], c->db->id);
    if (listTypeLength(o) == 0) {
        dbDelete(c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", c->argv[1], c->db->id);
    }
    signalModifiedKey(c, c->db, c->argv[1]);
    server.dirty += ltrim + rtrim;
    addReply(c, shared.ok);
}

/* LREM key count element: count > 0 removes the first count matches from
 * the head, count < 0 the first -count from the tail, 0 all of them. */
void lremCommand(client *c) {
    long toremove;
    if (getLongFromObjectOrReply(c, c->argv[2], &toremove, NULL) != C_OK) return;
    robj *o = lookupKeyWriteOrReply(c, c->argv[1], shared.czero);
    if (!o || checkType(c, o, OBJ_LIST)) return;

    long removed = 0;
    listTypeIterator *li = toremove < 0 ? listTypeInitIterator(o, -1, LIST_HEAD) : listTypeInitIterator(o, 0, LIST_TAIL);
    /* How many to remove, 0 for all; written so that LONG_MIN does not
     * overflow. */
    unsigned long limit = toremove < 0 ? (unsigned long)(-(toremove + 1)) + 1 : (unsigned long)toremove;
    listTypeEntry e;
    while (listTypeNext(li, &e)) {
        if (listTypeEqual(&e, c->argv[3])) {
            listTypeDelete(li, &e);
            removed++;
            if (limit && (unsigned long)removed == limit) break;
        }
    }
    listTypeReleaseIterator(li);

    if (removed) {
        notifyKeyspaceEvent(NOTIFY_LIST, "lrem", c->argv[1], c->db->id);
        if (listTypeLength(o) == 0) {
            dbDelete(c->db, c->argv[1]);
            notifyKeyspaceEvent(NOTIFY_GENERIC, "del", c->argv[1], c->db->id);
        }
        signalModifiedKey(c, c->db, c->argv[1]);
        server.dirty += removed;
    }
    addReplyLongLong(c, removed);
}

/* ===========================================================================
 * Pop commands
 * ======================================================================== */

/* LPOP / RPOP key [count] */
static void popGenericCommand(client *c, int where) {
    long count = 0;
    int hascount = c->argc == 3;
    if (c->argc > 3) {
        addReplyErrorArity(c);
        return;
    }
    if (hascount && getPositiveLongFromObjectOrReply(c, c->argv[2], &count, NULL) != C_OK) return;

    /* A missing key: a null, or with a count a null array. */
    robj *o = lookupKeyWriteOrReply(c, c->argv[1], hascount ? shared.nullarray[c->resp] : shared.null[c->resp]);
    if (!o || checkType(c, o, OBJ_LIST)) return;
    if (!hascount) {
        listTypePopAndReply(c, o, where);
        listElementsRemoved(c, c->argv[1], where, o, 1);
    } else if (count == 0) {
        addReply(c, shared.emptyarray);
    } else {
        listPopRangeAndReply(c, o, c->argv[1], where, count);
    }
}

void lpopCommand(client *c) { popGenericCommand(c, LIST_HEAD); }
void rpopCommand(client *c) { popGenericCommand(c, LIST_TAIL); }

/* Pop from the first of keys holding a list.  With count -1 (BLPOP, BRPOP)
 * the reply is [key, element]; with count >= 1 (LMPOP, BLMPOP) it is
 * [key, [elements...]].  Returns 1 if a reply was sent (the pop, or
 * WRONGTYPE), 0 if no key holds a list. */
static int listPopFromFirstList(client *c, robj **keys, int numkeys, int where, long count) {
    int again = (c->flags & CLIENT_REPROCESSING_COMMAND) != 0;
    for (int j = 0; j < numkeys; j++) {
        robj *o = lookupKeyWrite(c->db, keys[j]);
        if (!o) continue;
        /* Woken up for another key: this one is not ours to judge. */
        if (o->type != OBJ_LIST && again) continue;
        if (checkType(c, o, OBJ_LIST)) return 1;
        long popped = count == -1 ? 1 : (count < (long)listTypeLength(o) ? count : (long)listTypeLength(o));
        robj *key = keys[j];
        incrRefCount(key);
        addReplyArrayLen(c, 2);
        addReplyBulk(c, key);
        if (count == -1) {
            listTypePopAndReply(c, o, where);
            listElementsRemoved(c, key, where, o, 1);
        } else {
            listPopRangeAndReply(c, o, key, where, count);
        }
        /* Propagated as the plain pop it was: [LR]POP key for BLPOP and
         * BRPOP, [LR]POP key count (what was popped) for [B]LMPOP. */
        robj *name = where == LIST_HEAD ? shared.lpop : shared.rpop;
        if (count == -1) {
            rewriteClientCommandVector(c, 2, name, key);
        } else {
            robj *n = createStringObjectFromLongLong(popped);
            rewriteClientCommandVector(c, 3, name, key, n);
            decrRefCount(n);
        }
        decrRefCount(key);
        return 1;
    }
    return 0;
}

/* The blocking pops: serve at once if a key holds a list, otherwise block
 * (or, where blocking is not allowed, answer as a timeout at once). */
static void blockingPopGenericCommand(client *c, robj **keys, int numkeys, int where, int timeout_idx, long count) {
    long long timeout;
    if (getTimeoutFromObjectOrReply(c, c->argv[timeout_idx], &timeout, UNIT_SECONDS) != C_OK) return;
    if (listPopFromFirstList(c, keys, numkeys, where, count)) return;
    if (c->flags & CLIENT_DENY_BLOCKING) {
        addReplyNullArray(c);
        return;
    }
    blockForKeys(c, BLOCKED_LIST, keys, numkeys, timeout, 0);
}

/* BLPOP / BRPOP key [key ...] timeout */
void blpopCommand(client *c) { blockingPopGenericCommand(c, c->argv + 1, c->argc - 2, LIST_HEAD, c->argc - 1, -1); }
void brpopCommand(client *c) { blockingPopGenericCommand(c, c->argv + 1, c->argc - 2, LIST_TAIL, c->argc - 1, -1); }

/* LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count], and BLMPOP with a
 * timeout before numkeys. */
static int parseListMpopArgsOrReply(client *c, int numkeys_idx, long *numkeys, int *where, long *count) {
    int end;
    if (parseMpopArgsOrReply(c, numkeys_idx, "left", "right", numkeys, &end, count) != C_OK) return C_ERR;
    *where = end == 0 ? LIST_HEAD : LIST_TAIL;
    return C_OK;
}

void lmpopCommand(client *c) {
    long numkeys, count;
    int where;
    if (parseListMpopArgsOrReply(c, 1, &numkeys, &where, &count) != C_OK) return;
    if (!listPopFromFirstList(c, c->argv + 2, (int)numkeys, where, count)) addReplyNullArray(c);
}

void blmpopCommand(client *c) {
    long numkeys, count;
    int where;
    if (parseListMpopArgsOrReply(c, 2, &numkeys, &where, &count) != C_OK) return;
    blockingPopGenericCommand(c, c->argv + 3, (int)numkeys, where, 1, count);
}

/* ===========================================================================
 * Moving between lists
 * ======================================================================== */

/* Move an element from the list src (argv[1], existing) to the list at
 * argv[2] and reply with it.  The destination is checked before anything
 * moves; with the same key on both sides the list is rotated. */
static void listMoveAndReply(client *c, robj *src, int wherefrom, int whereto) {
    robj *srckey = c->argv[1], *dstkey = c->argv[2];
    robj *dst = lookupKeyWrite(c->db, dstkey);
    if (checkType(c, dst, OBJ_LIST)) return;

    robj *value = listTypePop(src, wherefrom);
    serverAssert(value != NULL);
    if (!dst) {
        dst = dbAdd(c->db, dstkey, createQuicklistObject());
    } else {
        signalKeyAsReady(c->db, dstkey, OBJ_LIST);
    }
    listTypePush(dst, value, whereto);
    signalModifiedKey(c, c->db, dstkey);
    notifyKeyspaceEvent(NOTIFY_LIST, whereto == LIST_HEAD ? "lpush" : "rpush", dstkey, c->db->id);
    addReplyBulk(c, value);
    decrRefCount(value);

    /* The source goes away only now: with src == dst it never empties. */
    notifyKeyspaceEvent(NOTIFY_LIST, wherefrom == LIST_HEAD ? "lpop" : "rpop", srckey, c->db->id);
    if (listTypeLength(src) == 0) {
        dbDelete(c->db, srckey);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", srckey, c->db->id);
    }
    signalModifiedKey(c, c->db, srckey);
    server.dirty++;
}

static void lmoveGenericCommand(client *c, int wherefrom, int whereto) {
    robj *src = lookupKeyWriteOrReply(c, c->argv[1], shared.null[c->resp]);
    if (!src || checkType(c, src, OBJ_LIST)) return;
    listMoveAndReply(c, src, wherefrom, whereto);
}

/* LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
void lmoveCommand(client *c) {
    int wherefrom, whereto;
    if (getListPositionFromObjectOrReply(c, c->argv[3], &wherefrom) != C_OK ||
        getListPositionFromObjectOrReply(c, c->argv[4], &whereto) != C_OK)
        return;
    lmoveGenericCommand(c, wherefrom, whereto);
}

/* RPOPLPUSH source destination */
void rpoplpushCommand(client *c) { lmoveGenericCommand(c, LIST_TAIL, LIST_HEAD); }

static void blmoveGenericCommand(client *c, int wherefrom, int whereto, long long timeout) {
    robj *src = lookupKeyWrite(c->db, c->argv[1]);
    if (checkType(c, src, OBJ_LIST)) return;
    if (src) {
        listMoveAndReply(c, src, wherefrom, whereto);
        /* Propagated as the non-blocking form. */
        if (c->argc == 6) /* BLMOVE; BRPOPLPUSH has 4 */
            rewriteClientCommandVector(c, 5, shared.lmove, c->argv[1], c->argv[2], c->argv[3], c->argv[4]);
        else
            rewriteClientCommandVector(c, 3, shared.rpoplpush, c->argv[1], c->argv[2]);
        return;
    }
    if (c->flags & CLIENT_DENY_BLOCKING) {
        /* Redis 7.0 answers a bulk null here (a timeout is a null array). */
        addReplyNull(c);
        return;
    }
    blockForKeys(c, BLOCKED_LIST, c->argv + 1, 1, timeout, 0);
}

/* BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
void blmoveCommand(client *c) {
    int wherefrom, whereto;
    long long timeout;
    if (getListPositionFromObjectOrReply(c, c->argv[3], &wherefrom) != C_OK ||
        getListPositionFromObjectOrReply(c, c->argv[4], &whereto) != C_OK)
        return;
    if (getTimeoutFromObjectOrReply(c, c->argv[5], &timeout, UNIT_SECONDS) != C_OK) return;
    blmoveGenericCommand(c, wherefrom, whereto, timeout);
}

/* BRPOPLPUSH source destination timeout */
void brpoplpushCommand(client *c) {
    long long timeout;
    if (getTimeoutFromObjectOrReply(c, c->argv[3], &timeout, UNIT_SECONDS) != C_OK) return;
    blmoveGenericCommand(c, LIST_TAIL, LIST_HEAD, timeout);
}
