/* t_set.c - the set type: unordered collections of unique strings.
 *
 * The file has two layers, split by banners: the type API, which hides the
 * encoding (setTypeAdd, setTypeRemove, setTypeIsMember, iterators, random
 * members), then the commands, which only talk to that API.
 *
 * Encodings
 * ---------
 * A set whose members are all integers (in the strict sense of string2ll:
 * "12" is one, "+12", "012", " 12" and "1.0" are not) is an intset
 * (intset.h): a sorted array of fixed-width integers in one allocation,
 * with binary search for membership.  It becomes a hash table (dict.h),
 * and never goes back, when
 *   - a member that is not an integer is added, or
 *   - an insertion leaves it with more than set-max-intset-entries members.
 * A new set starts as an intset when its first member is an integer.  These
 * are Redis 7.0's rules (7.2 added a listpack encoding in between, 7.0 has
 * none), kept exactly so that OBJECT ENCODING answers the same, including
 * for the sets that SINTERSTORE, SUNIONSTORE, SDIFFSTORE, SMOVE and SPOP
 * build: they start empty as an intset and convert as members are added,
 * so their encoding depends on the order the algorithm adds them in.
 *
 * Hash table members
 * ------------------
 * dict.h stores elements that carry their own key.  A member is a single
 * allocation holding an embedded sds (sdsEmbedInit: a one byte header up to
 * 31 bytes), and the element pointer is the address of the sds flags byte,
 * s - 1:
 *
 *   +----------------+---------------------+----+
 *   | sds header     | member bytes        | \0 |
 *   +----------------+---------------------+----+
 *                  ^ element (s - 1)      entryGetKey returns element + 1
 *
 * The sds pointer itself is odd (headers are 1, 3, 5, 9 or 17 bytes long)
 * while dict.h wants elements with bit 0 clear; the flags byte sits at
 * offset 0, 2, 4, 8 or 16 of an aligned allocation, always even.  The
 * member is hashed and compared with the plain sds functions.  Compared
 * with Redis 7.0 (a 24 byte dictEntry plus the member sds) a member costs
 * its sds alone plus the table slot: about 20 bytes less per member.
 *
 * Members are never modified in place, so the read-only embedded sds is
 * all they need; freeing one is freeing its allocation (sdsAllocPtr). */
#include "t_set.h"
#include "intset.h"
#include "notify.h"
#include "debug.h"

/* ===========================================================================
 * Hash table members
 * ======================================================================== */

static inline sds htMemberSds(const void *elem) { return (sds)elem + 1; }

static const void *htMemberGetKey(const void *elem) { return (const char *)elem + 1; }

/* A new member element holding a copy of p[0..len). */
static void *htMemberNew(const char *p, size_t len) {
    void *buf = zmalloc(sdsEmbedSize(len));
    return sdsEmbedInit(buf, p, len) - 1;
}

static void htMemberFree(void *elem) { zfree(sdsAllocPtr(htMemberSds(elem))); }

/* The table of a hash table encoded set: it owns its member elements. */
static dictType setDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = htMemberGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = htMemberFree,
    .resizeAllowed = NULL,
};

/* A scratch table holding elements that belong to another set's table (no
 * copies, nothing freed): SRANDMEMBER's sample. */
static dictType setBorrowDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = htMemberGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = NULL,
    .resizeAllowed = NULL,
};

/* Lookups in a table need the member as an sds.  Commands have one (their
 * arguments), but members that come from an intset or from a plain buffer
 * are turned into an sds here: on the stack when short, which is the
 * common case. */
typedef struct tmpMember {
    sds s;
    int onheap;
    char buf[48];
} tmpMember;

static sds tmpMemberFromBuf(tmpMember *t, const char *p, size_t len) {
    if (sdsEmbedSize(len) <= sizeof(t->buf)) {
        t->s = sdsEmbedInit(t->buf, p, len);
        t->onheap = 0;
    } else {
        t->s = sdsnewlen(p, len);
        t->onheap = 1;
    }
    return t->s;
}

static sds tmpMemberFromInt(tmpMember *t, long long v) {
    char num[LONG_STR_SIZE];
    int len = ll2string(num, sizeof(num), v);
    return tmpMemberFromBuf(t, num, (size_t)len);
}

static void tmpMemberRelease(tmpMember *t) {
    if (t->onheap) sdsfree(t->s);
}

/* ===========================================================================
 * Random numbers
 * ======================================================================== */

/* splitmix64 seeded once from the process's random bytes: intsetRandom()'s
 * source.  Uniform enough for sampling, and cheap. */
static uint64_t setRandomState;
static int setRandomSeeded = 0;

static uint64_t setRandom(void) {
    if (!setRandomSeeded) {
        getRandomBytes((unsigned char *)&setRandomState, sizeof(setRandomState));
        setRandomSeeded = 1;
    }
    uint64_t z = (setRandomState += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ===========================================================================
 * Set type API
 * ======================================================================== */

robj *createSetObject(void) {
    robj *o = createObject(OBJ_SET, dictCreate(&setDictType));
    o->encoding = OBJ_ENCODING_HT;
    return o;
}

robj *createIntsetObject(void) {
    robj *o = createObject(OBJ_SET, intsetNew());
    o->encoding = OBJ_ENCODING_INTSET;
    return o;
}

void freeSetObject(robj *o) {
    switch (o->encoding) {
    case OBJ_ENCODING_HT: dictRelease(o->ptr); break;
    case OBJ_ENCODING_INTSET: zfree(o->ptr); break;
    default: serverPanic("Unknown set encoding");
    }
}

robj *setTypeCreate(const char *first, size_t len) {
    return string2ll(first, len, NULL) ? createIntsetObject() : createSetObject();
}

unsigned long setTypeSize(const robj *o) {
    if (o->encoding == OBJ_ENCODING_HT) return dictSize((const dict *)o->ptr);
    if (o->encoding == OBJ_ENCODING_INTSET) return intsetLen(o->ptr);
    serverPanic("Unknown set encoding");
}

/* Intset to hash table, sized for the members it has. */
void setTypeConvert(robj *o, int encoding) {
    serverAssert(o->type == OBJ_SET && o->encoding == OBJ_ENCODING_INTSET && encoding == OBJ_ENCODING_HT);
    intset *is = o->ptr;
    dict *d = dictCreate(&setDictType);
    dictExpand(d, intsetLen(is));
    int64_t v;
    for (uint32_t i = 0; intsetGet(is, i, &v); i++) {
        char num[LONG_STR_SIZE];
        int len = ll2string(num, sizeof(num), v);
        dictAdd(d, htMemberNew(num, (size_t)len));
    }
    zfree(is);
    o->ptr = d;
    o->encoding = OBJ_ENCODING_HT;
}

/* Add to an intset set, converting it once it holds too many members. */
static int intsetSetAdd(robj *o, long long v) {
    uint8_t added;
    o->ptr = intsetAdd(o->ptr, v, &added);
    if (added && intsetLen(o->ptr) > server.set_max_intset_entries) setTypeConvert(o, OBJ_ENCODING_HT);
    return added;
}

/* Add to a hash table: one hash of the member, one allocation if new. */
static int htSetAdd(dict *d, sds member) {
    void *pos = dictFindPositionForInsert(d, member, NULL);
    if (pos == NULL) return 0;
    dictInsertAtPosition(d, htMemberNew(member, sdslen(member)), pos);
    return 1;
}

static int htSetRemove(dict *d, sds member) {
    if (dictDelete(d, member) != DICT_OK) return 0;
    /* Give memory back once the table is mostly empty. */
    dictShrinkIfNeeded(d);
    return 1;
}

/* Add, remove and test with the member as an sds: 1 if the set changed
 * (add, remove) or holds the member (is member), else 0. */
int setTypeAdd(robj *o, sds member) {
    if (o->encoding == OBJ_ENCODING_INTSET) {
        long long v;
        if (string2ll(member, sdslen(member), &v)) return intsetSetAdd(o, v);
        setTypeConvert(o, OBJ_ENCODING_HT);
    }
    return htSetAdd(o->ptr, member);
}

int setTypeRemove(robj *o, sds member) {
    if (o->encoding == OBJ_ENCODING_INTSET) {
        long long v;
        int removed = 0;
        if (string2ll(member, sdslen(member), &v)) o->ptr = intsetRemove(o->ptr, v, &removed);
        return removed;
    }
    return htSetRemove(o->ptr, member);
}

int setTypeIsMember(robj *o, sds member) {
    if (o->encoding == OBJ_ENCODING_INTSET) {
        long long v;
        return string2ll(member, sdslen(member), &v) && intsetFind(o->ptr, v);
    }
    return dictFind(o->ptr, member) != NULL;
}

/* The same with an integer member. */
int setTypeAddInt(robj *o, long long v) {
    if (o->encoding == OBJ_ENCODING_INTSET) return intsetSetAdd(o, v);
    tmpMember t;
    int added = htSetAdd(o->ptr, tmpMemberFromInt(&t, v));
    tmpMemberRelease(&t);
    return added;
}

int setTypeRemoveInt(robj *o, long long v) {
    if (o->encoding == OBJ_ENCODING_INTSET) {
        int removed;
        o->ptr = intsetRemove(o->ptr, v, &removed);
        return removed;
    }
    tmpMember t;
    int removed = htSetRemove(o->ptr, tmpMemberFromInt(&t, v));
    tmpMemberRelease(&t);
    return removed;
}

int setTypeIsMemberInt(robj *o, long long v) {
    if (o->encoding == OBJ_ENCODING_INTSET) return intsetFind(o->ptr, v);
    tmpMember t;
    int found = dictFind(o->ptr, tmpMemberFromInt(&t, v)) != NULL;
    tmpMemberRelease(&t);
    return found;
}

/* And with a member given as a buffer. */
int setTypeAddBuf(robj *o, const char *str, size_t len) {
    tmpMember t;
    int added = setTypeAdd(o, tmpMemberFromBuf(&t, str, len));
    tmpMemberRelease(&t);
    return added;
}

int setTypeIsMemberBuf(robj *o, const char *str, size_t len) {
    if (o->encoding == OBJ_ENCODING_INTSET) {
        long long v;
        return string2ll(str, len, &v) && intsetFind(o->ptr, v);
    }
    tmpMember t;
    int found = dictFind(o->ptr, tmpMemberFromBuf(&t, str, len)) != NULL;
    tmpMemberRelease(&t);
    return found;
}

/* A member as iteration and random picks hand it out: an sds (hash table;
 * it belongs to the set) or, when s is NULL, an integer (intset). */
typedef struct setMember {
    sds s;
    int64_t v;
} setMember;

static int setTypeAddMember(robj *o, const setMember *m) {
    return m->s ? setTypeAdd(o, m->s) : setTypeAddInt(o, m->v);
}

static int setTypeRemoveMember(robj *o, const setMember *m) {
    return m->s ? setTypeRemove(o, m->s) : setTypeRemoveInt(o, m->v);
}

static int setTypeHasMember(robj *o, const setMember *m) {
    return m->s ? setTypeIsMember(o, m->s) : setTypeIsMemberInt(o, m->v);
}

static robj *setMemberToObject(const setMember *m) {
    return m->s ? createStringObject(m->s, sdslen(m->s)) : createStringObjectFromLongLong(m->v);
}

static void addReplySetMember(client *c, const setMember *m) {
    if (m->s) addReplyBulkCBuffer(c, m->s, sdslen(m->s));
    else addReplyBulkLongLong(c, m->v);
}

/* A uniformly chosen member of a non-empty set (as fair as
 * dictGetFairRandomElement for tables). */
static void setTypeRandomMember(robj *o, setMember *m) {
    if (o->encoding == OBJ_ENCODING_INTSET) {
        m->s = NULL;
        m->v = intsetRandom(o->ptr, setRandom);
    } else {
        m->s = htMemberSds(dictGetFairRandomElement(o->ptr));
    }
}

/* Iteration.  Tables are walked with a safe iterator, so that a caller may
 * look members up in the set it iterates (lookups would otherwise move
 * rehashing along under the iterator). */
struct setTypeIterator {
    robj *subject;
    uint32_t ii;    /* next intset position */
    dictIterator di;
};

static void setIterInit(setTypeIterator *si, robj *o) {
    si->subject = o;
    si->ii = 0;
    if (o->encoding == OBJ_ENCODING_HT) dictInitSafeIterator(&si->di, o->ptr);
}

static int setIterNext(setTypeIterator *si, setMember *m) {
    if (si->subject->encoding == OBJ_ENCODING_INTSET) {
        m->s = NULL;
        return intsetGet(si->subject->ptr, si->ii++, &m->v);
    }
    void *elem = dictNext(&si->di);
    if (elem == NULL) return 0;
    m->s = htMemberSds(elem);
    return 1;
}

static void setIterDone(setTypeIterator *si) {
    if (si->subject->encoding == OBJ_ENCODING_HT) dictResetIterator(&si->di);
}

setTypeIterator *setTypeInitIterator(robj *o) {
    setTypeIterator *si = zmalloc(sizeof(*si));
    setIterInit(si, o);
    return si;
}

int setTypeNext(setTypeIterator *si, char **str, size_t *len, int64_t *llval) {
    setMember m;
    if (!setIterNext(si, &m)) return 0;
    if (m.s) {
        *str = m.s;
        *len = sdslen(m.s);
    } else {
        *str = NULL;
        *llval = m.v;
    }
    return 1;
}

void setTypeReleaseIterator(setTypeIterator *si) {
    setIterDone(si);
    zfree(si);
}

/* COPY: a deep copy in the same encoding. */
robj *setTypeDup(robj *o) {
    serverAssert(o->type == OBJ_SET);
    if (o->encoding == OBJ_ENCODING_INTSET) {
        robj *copy = createObject(OBJ_SET, intsetDup(o->ptr));
        copy->encoding = OBJ_ENCODING_INTSET;
        return copy;
    }
    robj *copy = createSetObject();
    dict *src = o->ptr, *dst = copy->ptr;
    dictExpand(dst, dictSize(src));
    dictIterator di;
    dictInitIterator(&di, src);
    void *elem;
    while ((elem = dictNext(&di)) != NULL) {
        sds s = htMemberSds(elem);
        dictAdd(dst, htMemberNew(s, sdslen(s)));
    }
    dictResetIterator(&di);
    return copy;
}

/* DEBUG DIGEST: the order of members is not part of the value, so each
 * member is digested alone (integers by their decimal string, as a table
 * would hold them) and the digests are XORed; the sum is mixed once. */
void setTypeDigest(robj *o, unsigned char *digest) {
    unsigned char sum[DIGEST_LEN] = {0};
    setTypeIterator si;
    setMember m;
    setIterInit(&si, o);
    while (setIterNext(&si, &m)) {
        unsigned char one[DIGEST_LEN] = {0};
        if (m.s) {
            digestMix(one, m.s, sdslen(m.s));
        } else {
            digestMixLongLong(one, m.v);
        }
        digestXor(sum, one);
    }
    setIterDone(&si);
    digestMix(digest, sum, DIGEST_LEN);
}

static void setScanCallback(void *privdata, void *elem) {
    sds s = htMemberSds(elem);
    scanCollectorAdd(privdata, createStringObject(s, sdslen(s)));
}

/* SSCAN: an intset is small and is returned whole (cursor 0), as Redis
 * does; a table is walked with the dict scan cursor. */
unsigned long setTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc) {
    if (o->encoding == OBJ_ENCODING_INTSET) {
        int64_t v;
        for (uint32_t i = 0; intsetGet(o->ptr, i, &v); i++) scanCollectorAdd(sc, createStringObjectFromLongLong(v));
        return 0;
    }
    return scanDictSteps(o->ptr, cursor, count, 1, setScanCallback, sc);
}

/* ===========================================================================
 * Commands
 * ======================================================================== */

/* Command arguments are always sds strings. */
static inline sds argSds(robj *o) {
    serverAssert(sdsEncodedObject(o));
    return o->ptr;
}

/* The command names SPOP is propagated as (see the SPOP comment). */
static robj *sremCommandName(void) {
    static robj *name = NULL;
    if (name == NULL) name = makeObjectShared(createStringObject("SREM", 4));
    return name;
}

static robj *delCommandName(void) {
    static robj *name = NULL;
    if (name == NULL) name = makeObjectShared(createStringObject("DEL", 3));
    return name;
}

/* Delete the key of a set that has just become empty. */
static void setDeleteIfEmpty(client *c, robj *set, robj *key) {
    if (setTypeSize(set) != 0) return;
    dbDelete(c->db, key);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", key, c->db->id);
}

/* SADD key member [member ...] */
void saddCommand(client *c) {
    robj *set = lookupKeyWrite(c->db, c->argv[1]);
    if (checkType(c, set, OBJ_SET)) return;
    if (set == NULL) {
        sds first = argSds(c->argv[2]);
        set = dbAdd(c->db, c->argv[1], setTypeCreate(first, sdslen(first)));
    }
    long added = 0;
    for (int j = 2; j < c->argc; j++) added += setTypeAdd(set, argSds(c->argv[j]));
    if (added) {
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_SET, "sadd", c->argv[1], c->db->id);
    }
    server.dirty += added;
    addReplyLongLong(c, added);
}

/* SREM key member [member ...] */
void sremCommand(client *c) {
    robj *set = lookupKeyWriteOrReply(c, c->argv[1], shared.czero);
    if (set == NULL || checkType(c, set, OBJ_SET)) return;
    long removed = 0;
    int keyremoved = 0;
    for (int j = 2; j < c->argc; j++) {
        if (!setTypeRemove(set, argSds(c->argv[j]))) continue;
        removed++;
        if (setTypeSize(set) == 0) {
            dbDelete(c->db, c->argv[1]);
            keyremoved = 1;
            break;
        }
    }
    if (removed) {
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_SET, "srem", c->argv[1], c->db->id);
        if (keyremoved) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", c->argv[1], c->db->id);
        server.dirty += removed;
    }
    addReplyLongLong(c, removed);
}

/* SMOVE source destination member */
void smoveCommand(client *c) {
    robj *src = lookupKeyWrite(c->db, c->argv[1]);
    robj *dst = lookupKeyWrite(c->db, c->argv[2]);
    sds member = argSds(c->argv[3]);
    if (src == NULL) {
        addReply(c, shared.czero);
        return;
    }
    if (checkType(c, src, OBJ_SET) || checkType(c, dst, OBJ_SET)) return;
    /* Moving to the same set changes nothing. */
    if (src == dst) {
        addReply(c, setTypeIsMember(src, member) ? shared.cone : shared.czero);
        return;
    }
    if (!setTypeRemove(src, member)) {
        addReply(c, shared.czero);
        return;
    }
    notifyKeyspaceEvent(NOTIFY_SET, "srem", c->argv[1], c->db->id);
    setDeleteIfEmpty(c, src, c->argv[1]);
    if (dst == NULL) dst = dbAdd(c->db, c->argv[2], setTypeCreate(member, sdslen(member)));
    signalModifiedKey(c, c->db, c->argv[1]);
    server.dirty++;
    if (setTypeAdd(dst, member)) {
        server.dirty++;
        signalModifiedKey(c, c->db, c->argv[2]);
        notifyKeyspaceEvent(NOTIFY_SET, "sadd", c->argv[2], c->db->id);
    }
    addReply(c, shared.cone);
}

/* SISMEMBER key member */
void sismemberCommand(client *c) {
    robj *set = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (set == NULL || checkType(c, set, OBJ_SET)) return;
    addReply(c, setTypeIsMember(set, argSds(c->argv[2])) ? shared.cone : shared.czero);
}

/* SMISMEMBER key member [member ...] */
void smismemberCommand(client *c) {
    robj *set = lookupKeyRead(c->db, c->argv[1]);
    if (checkType(c, set, OBJ_SET)) return;
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++)
        addReply(c, set && setTypeIsMember(set, argSds(c->argv[j])) ? shared.cone : shared.czero);
}

/* SCARD key */
void scardCommand(client *c) {
    robj *set = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (set == NULL || checkType(c, set, OBJ_SET)) return;
    addReplyLongLong(c, (long long)setTypeSize(set));
}

/* Reply with every member of a set, as a RESP3 set. */
static void addReplySetMembers(client *c, robj *set) {
    addReplySetLen(c, (long)setTypeSize(set));
    setTypeIterator si;
    setMember m;
    setIterInit(&si, set);
    while (setIterNext(&si, &m)) addReplySetMember(c, &m);
    setIterDone(&si);
}

/* ---------------------------------------------------------------- SPOP */

/* SPOP key count: three strategies, as in Redis.
 *   1. count >= size: the whole set goes; reply with it and delete the key.
 *   2. the set keeps many members (more than count / 5): pick and remove
 *      count random members one by one.
 *   3. few members stay: picking the ones to pop gets slow as the set
 *      empties, so pick the ones that stay instead, move them to a new set
 *      that becomes the key's value, and reply with what is left in the old
 *      one.
 * For replication the command is rewritten as what it did: DEL key in
 * case 1, SREM key <popped members> otherwise. */
#define SPOP_MOVE_STRATEGY_MUL 5

static void spopWithCountCommand(client *c) {
    long l;
    if (getPositiveLongFromObjectOrReply(c, c->argv[2], &l, NULL) != C_OK) return;
    unsigned long count = (unsigned long)l;
    robj *set = lookupKeyWriteOrReply(c, c->argv[1], shared.emptyset[c->resp]);
    if (set == NULL || checkType(c, set, OBJ_SET)) return;
    if (count == 0) {
        addReply(c, shared.emptyset[c->resp]);
        return;
    }
    unsigned long size = setTypeSize(set);
    notifyKeyspaceEvent(NOTIFY_SET, "spop", c->argv[1], c->db->id);
    server.dirty += count >= size ? size : count;

    /* Case 1.  Redis serves it with its SUNION code, which reads the key
     * once more and so counts a keyspace hit: do the same. */
    if (count >= size) {
        lookupKeyRead(c->db, c->argv[1]);
        addReplySetMembers(c, set);
        dbDelete(c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", c->argv[1], c->db->id);
        rewriteClientCommandVector(c, 2, delCommandName(), c->argv[1]);
        signalModifiedKey(c, c->db, c->argv[1]);
        return;
    }

    /* The SREM this becomes: name, key, then the popped members. */
    robj **prop = zmalloc(sizeof(robj *) * (count + 2));
    int propc = 0;
    prop[propc++] = sremCommandName();
    prop[propc++] = c->argv[1];
    incrRefCount(c->argv[1]);

    addReplySetLen(c, (long)count);
    unsigned long remaining = size - count;
    setMember m;
    if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
        /* Case 2. */
        while (count--) {
            setTypeRandomMember(set, &m);
            robj *ele = setMemberToObject(&m);
            addReplyBulk(c, ele);
            prop[propc++] = ele;
            setTypeRemoveMember(set, &m);
        }
    } else {
        /* Case 3.  The new set is built as SADD would build it, so its
         * encoding follows its members; a table member moving to a new
         * table is moved as is, without a copy. */
        robj *newset = NULL;
        while (remaining--) {
            setTypeRandomMember(set, &m);
            if (newset == NULL) {
                newset = m.s ? setTypeCreate(m.s, sdslen(m.s)) : createIntsetObject();
            }
            if (m.s && newset->encoding == OBJ_ENCODING_HT) {
                void *elem = dictUnlink(set->ptr, m.s);
                dictAdd(newset->ptr, elem);
            } else {
                setTypeAddMember(newset, &m);
                setTypeRemoveMember(set, &m);
            }
        }
        setTypeIterator si;
        setIterInit(&si, set);
        while (setIterNext(&si, &m)) {
            robj *ele = setMemberToObject(&m);
            addReplyBulk(c, ele);
            prop[propc++] = ele;
        }
        setIterDone(&si);
        /* SPOP keeps the key's TTL. */
        dbOverwrite(c->db, c->argv[1], newset, 1);
    }
    /* Propagated as one SREM per member, as Redis 7.0 does: all but the
     * last go out through alsoPropagate, the last as the command itself
     * (call() then wraps them in MULTI/EXEC). */
    for (int j = 2; j < propc - 1; j++) {
        robj *srem[3] = {prop[0], prop[1], prop[j]};
        alsoPropagate(c->db->id, srem, 3);
    }
    rewriteClientCommandVector(c, 3, prop[0], prop[1], prop[propc - 1]);
    for (int j = 1; j < propc; j++) decrRefCount(prop[j]); /* prop[0] was not retained */
    zfree(prop);
    signalModifiedKey(c, c->db, c->argv[1]);
}

/* SPOP key [count] */
void spopCommand(client *c) {
    if (c->argc == 3) {
        spopWithCountCommand(c);
        return;
    } else if (c->argc > 3) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    robj *set = lookupKeyWriteOrReply(c, c->argv[1], shared.null[c->resp]);
    if (set == NULL || checkType(c, set, OBJ_SET)) return;
    setMember m;
    setTypeRandomMember(set, &m);
    robj *ele = setMemberToObject(&m);
    setTypeRemoveMember(set, &m);
    notifyKeyspaceEvent(NOTIFY_SET, "spop", c->argv[1], c->db->id);
    /* Replicated as the SREM of the member it popped. */
    rewriteClientCommandVector(c, 3, sremCommandName(), c->argv[1], ele);
    addReplyBulk(c, ele);
    decrRefCount(ele);
    setDeleteIfEmpty(c, set, c->argv[1]);
    signalModifiedKey(c, c->db, c->argv[1]);
    server.dirty++;
}

/* --------------------------------------------------------- SRANDMEMBER */

/* SRANDMEMBER key count, as in Redis:
 *   1. negative count (repeats allowed), or 1: count independent picks;
 *   2. count >= size: the whole set;
 *   3. count close to size (count * 3 > size): start from the whole set
 *      and drop random members until count are left;
 *   4. otherwise: collect random members until count distinct ones are
 *      found.
 * Cases 3 and 4 sample into a scratch set: for a table, a table borrowing
 * the set's own member elements (no copies); for an intset, an intset. */
#define SRANDMEMBER_SUB_STRATEGY_MUL 3

static void srandmemberFromTable(client *c, robj *set, unsigned long count, unsigned long size) {
    dict *d = set->ptr;
    dict *sample = dictCreate(&setBorrowDictType);
    if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
        dictExpand(sample, size);
        dictIterator di;
        dictInitIterator(&di, d);
        void *elem;
        while ((elem = dictNext(&di)) != NULL) dictAdd(sample, elem);
        dictResetIterator(&di);
        while (dictSize(sample) > count) dictUnlink(sample, htMemberGetKey(dictGetFairRandomElement(sample)));
    } else {
        while (dictSize(sample) < count) dictAdd(sample, dictGetFairRandomElement(d));
    }
    addReplyArrayLen(c, (long)count);
    dictIterator di;
    dictInitIterator(&di, sample);
    void *elem;
    while ((elem = dictNext(&di)) != NULL) {
        sds s = htMemberSds(elem);
        addReplyBulkCBuffer(c, s, sdslen(s));
    }
    dictResetIterator(&di);
    dictRelease(sample);
}

static void srandmemberFromIntset(client *c, robj *set, unsigned long count, unsigned long size) {
    intset *sample;
    if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
        sample = intsetDup(set->ptr);
        while (intsetLen(sample) > count) sample = intsetRemove(sample, intsetRandom(sample, setRandom), NULL);
    } else {
        sample = intsetNew();
        while (intsetLen(sample) < count) sample = intsetAdd(sample, intsetRandom(set->ptr, setRandom), NULL);
    }
    addReplyArrayLen(c, (long)count);
    int64_t v;
    for (uint32_t i = 0; intsetGet(sample, i, &v); i++) addReplyBulkLongLong(c, v);
    zfree(sample);
}

static void srandmemberWithCountCommand(client *c) {
    long l;
    if (getRangeLongFromObjectOrReply(c, c->argv[2], -LONG_MAX, LONG_MAX, &l, NULL) != C_OK) return;
    int uniq = l >= 0;
    unsigned long count = uniq ? (unsigned long)l : (unsigned long)-l;
    robj *set = lookupKeyReadOrReply(c, c->argv[1], shared.emptyarray);
    if (set == NULL || checkType(c, set, OBJ_SET)) return;
    unsigned long size = setTypeSize(set);
    if (count == 0) {
        addReply(c, shared.emptyarray);
        return;
    }
    setMember m;
    if (!uniq || count == 1) {
        addReplyArrayLen(c, (long)count);
        while (count--) {
            setTypeRandomMember(set, &m);
            addReplySetMember(c, &m);
            /* A huge count stops once the client is being dropped for
             * exceeding its output buffer limit. */
            if (c->flags & CLIENT_CLOSE_ASAP) break;
        }
        return;
    }
    if (count >= size) {
        addReplyArrayLen(c, (long)size);
        setTypeIterator si;
        setIterInit(&si, set);
        while (setIterNext(&si, &m)) addReplySetMember(c, &m);
        setIterDone(&si);
        return;
    }
    if (set->encoding == OBJ_ENCODING_HT) srandmemberFromTable(c, set, count, size);
    else srandmemberFromIntset(c, set, count, size);
}

/* SRANDMEMBER key [count] */
void srandmemberCommand(client *c) {
    if (c->argc == 3) {
        srandmemberWithCountCommand(c);
        return;
    } else if (c->argc > 3) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    robj *set = lookupKeyReadOrReply(c, c->argv[1], shared.null[c->resp]);
    if (set == NULL || checkType(c, set, OBJ_SET)) return;
    setMember m;
    setTypeRandomMember(set, &m);
    addReplySetMember(c, &m);
}

/* ------------------------------------------------------ set algebra */

/* Store the result of a *STORE command: a non-empty set replaces whatever
 * the destination held (and its TTL); an empty result deletes it. */
static void setStoreResult(client *c, robj *dstkey, robj *dstset, const char *event) {
    unsigned long size = setTypeSize(dstset);
    if (size > 0) {
        if (lookupKeyWrite(c->db, dstkey) != NULL) dbOverwrite(c->db, dstkey, dstset, 0);
        else dbAdd(c->db, dstkey, dstset);
        signalModifiedKey(c, c->db, dstkey);
        addReplyLongLong(c, (long long)size);
        notifyKeyspaceEvent(NOTIFY_SET, event, dstkey, c->db->id);
        server.dirty++;
    } else {
        decrRefCount(dstset);
        addReply(c, shared.czero);
        if (dbDelete(c->db, dstkey)) {
            server.dirty++;
            signalModifiedKey(c, c->db, dstkey);
            notifyKeyspaceEvent(NOTIFY_GENERIC, "del", dstkey, c->db->id);
        }
    }
}

/* Look the source keys up: a missing key is an empty set (NULL), any
 * other type fails the whole command.  Returns NULL after replying with
 * WRONGTYPE. */
static robj **lookupSourceSets(client *c, robj **keys, long n) {
    robj **sets = zmalloc(sizeof(robj *) * (size_t)n);
    for (long j = 0; j < n; j++) {
        sets[j] = lookupKeyRead(c->db, keys[j]);
        if (checkType(c, sets[j], OBJ_SET)) {
            zfree(sets);
            return NULL;
        }
    }
    return sets;
}

static int compareSetsBySize(const void *a, const void *b) {
    unsigned long sa = setTypeSize(*(robj *const *)a), sb = setTypeSize(*(robj *const *)b);
    return sa < sb ? -1 : sa > sb;
}

static int compareSetsBySizeDesc(const void *a, const void *b) {
    robj *sa = *(robj *const *)a, *sb = *(robj *const *)b;
    /* Missing keys (NULL) go last. */
    if (sa == NULL || sb == NULL) return (sa == NULL) - (sb == NULL);
    return compareSetsBySize(b, a);
}

/* SINTER, SMEMBERS, SINTERSTORE and SINTERCARD.  The smallest set is
 * walked and each of its members looked up in the others.  With dstkey
 * the result is stored; with cardinality_only it is counted, stopping at
 * limit (0: no limit). */
static void sinterGenericCommand(client *c, robj **keys, long n, robj *dstkey, int cardinality_only,
                                 unsigned long limit) {
    robj **sets = lookupSourceSets(c, keys, n);
    if (sets == NULL) return;
    /* With an empty set in it the intersection is empty. */
    for (long j = 0; j < n; j++) {
        if (sets[j] != NULL) continue;
        zfree(sets);
        if (dstkey) {
            if (dbDelete(c->db, dstkey)) {
                signalModifiedKey(c, c->db, dstkey);
                notifyKeyspaceEvent(NOTIFY_GENERIC, "del", dstkey, c->db->id);
                server.dirty++;
            }
            addReply(c, shared.czero);
        } else if (cardinality_only) {
            addReply(c, shared.czero);
        } else {
            addReply(c, shared.emptyset[c->resp]);
        }
        return;
    }
    qsort(sets, (size_t)n, sizeof(robj *), compareSetsBySize);

    robj *dstset = NULL;
    void *replylen = NULL;
    if (dstkey) dstset = createIntsetObject();
    else if (!cardinality_only) replylen = addReplyDeferredLen(c);

    unsigned long cardinality = 0;
    setTypeIterator si;
    setMember m;
    setIterInit(&si, sets[0]);
    while (setIterNext(&si, &m)) {
        long j;
        for (j = 1; j < n; j++) {
            if (sets[j] == sets[0]) continue; /* the same key twice */
            if (!setTypeHasMember(sets[j], &m)) break;
        }
        if (j < n) continue;
        if (cardinality_only) {
            cardinality++;
            if (limit && cardinality >= limit) break;
        } else if (dstkey) {
            setTypeAddMember(dstset, &m);
        } else {
            addReplySetMember(c, &m);
            cardinality++;
        }
    }
    setIterDone(&si);
    zfree(sets);

    if (cardinality_only) addReplyLongLong(c, (long long)cardinality);
    else if (dstkey) setStoreResult(c, dstkey, dstset, "sinterstore");
    else setDeferredSetLen(c, replylen, (long)cardinality);
}

/* SINTER key [key ...] */
void sinterCommand(client *c) { sinterGenericCommand(c, c->argv + 1, c->argc - 1, NULL, 0, 0); }

/* SMEMBERS key: the intersection of one set. */
void smembersCommand(client *c) { sinterGenericCommand(c, c->argv + 1, 1, NULL, 0, 0); }

/* SINTERSTORE destination key [key ...] */
void sinterstoreCommand(client *c) { sinterGenericCommand(c, c->argv + 2, c->argc - 2, c->argv[1], 0, 0); }

/* SINTERCARD numkeys key [key ...] [LIMIT limit] */
void sintercardCommand(client *c) {
    long numkeys, limit = 0;
    if (getRangeLongFromObjectOrReply(c, c->argv[1], 1, LONG_MAX, &numkeys, "numkeys should be greater than 0") !=
        C_OK)
        return;
    if (numkeys > c->argc - 2) {
        addReplyError(c, "Number of keys can't be greater than number of args");
        return;
    }
    for (long j = 2 + numkeys; j < c->argc; j++) {
        int moreargs = c->argc - 1 - j > 0;
        if (!strcasecmp(c->argv[j]->ptr, "limit") && moreargs) {
            j++;
            if (getPositiveLongFromObjectOrReply(c, c->argv[j], &limit, "LIMIT can't be negative") != C_OK) return;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    sinterGenericCommand(c, c->argv + 2, numkeys, NULL, 1, (unsigned long)limit);
}

#define SET_OP_UNION 0
#define SET_OP_DIFF 1

/* SUNION, SDIFF and their STORE forms.  The result is built in a new set
 * that starts as an intset (so a stored result gets the encoding its
 * members call for), then replied with or stored.
 *
 * SDIFF has two algorithms, chosen by their estimated work as in Redis:
 *   1. for each member of the first set, look it up in the others: about
 *      size(first) * number of sets lookups;
 *   2. add the whole first set, then remove every member of the others:
 *      about the sum of all the sizes.
 * Algorithm 1 is given a 2x advantage for its better constants; it checks
 * the biggest sets first, which reject a member the soonest. */
static void sunionDiffGenericCommand(client *c, robj **keys, long n, robj *dstkey, int op) {
    robj **sets = lookupSourceSets(c, keys, n);
    if (sets == NULL) return;
    /* The first key given again: the difference is empty. */
    int sameset = 0;
    for (long j = 1; j < n; j++)
        if (sets[j] == sets[0]) sameset = 1;

    int diff_algo = 1;
    if (op == SET_OP_DIFF && sets[0] && !sameset) {
        unsigned long long work_one = 0, work_two = 0;
        for (long j = 0; j < n; j++) {
            if (sets[j] == NULL) continue;
            work_one += setTypeSize(sets[0]);
            work_two += setTypeSize(sets[j]);
        }
        work_one /= 2;
        diff_algo = work_one <= work_two ? 1 : 2;
        if (diff_algo == 1 && n > 1) qsort(sets + 1, (size_t)(n - 1), sizeof(robj *), compareSetsBySizeDesc);
    }

    robj *dstset = createIntsetObject();
    long cardinality = 0;
    setTypeIterator si;
    setMember m;
    if (op == SET_OP_UNION) {
        for (long j = 0; j < n; j++) {
            if (sets[j] == NULL) continue;
            setIterInit(&si, sets[j]);
            while (setIterNext(&si, &m)) cardinality += setTypeAddMember(dstset, &m);
            setIterDone(&si);
        }
    } else if (sameset || sets[0] == NULL) {
        /* Empty. */
    } else if (diff_algo == 1) {
        setIterInit(&si, sets[0]);
        while (setIterNext(&si, &m)) {
            long j;
            for (j = 1; j < n; j++) {
                if (sets[j] == NULL) continue;
                if (setTypeHasMember(sets[j], &m)) break;
            }
            if (j == n) cardinality += setTypeAddMember(dstset, &m);
        }
        setIterDone(&si);
    } else {
        for (long j = 0; j < n; j++) {
            if (sets[j] == NULL) continue;
            setIterInit(&si, sets[j]);
            while (setIterNext(&si, &m)) {
                if (j == 0) cardinality += setTypeAddMember(dstset, &m);
                else cardinality -= setTypeRemoveMember(dstset, &m);
            }
            setIterDone(&si);
            /* Nothing left to remove from. */
            if (cardinality == 0) break;
        }
    }
    zfree(sets);

    if (dstkey) {
        setStoreResult(c, dstkey, dstset, op == SET_OP_UNION ? "sunionstore" : "sdiffstore");
    } else {
        addReplySetMembers(c, dstset);
        decrRefCount(dstset);
    }
}

/* SUNION key [key ...] */
void sunionCommand(client *c) { sunionDiffGenericCommand(c, c->argv + 1, c->argc - 1, NULL, SET_OP_UNION); }

/* SUNIONSTORE destination key [key ...] */
void sunionstoreCommand(client *c) {
    sunionDiffGenericCommand(c, c->argv + 2, c->argc - 2, c->argv[1], SET_OP_UNION);
}

/* SDIFF key [key ...] */
void sdiffCommand(client *c) { sunionDiffGenericCommand(c, c->argv + 1, c->argc - 1, NULL, SET_OP_DIFF); }

/* SDIFFSTORE destination key [key ...] */
void sdiffstoreCommand(client *c) { sunionDiffGenericCommand(c, c->argv + 2, c->argc - 2, c->argv[1], SET_OP_DIFF); }

/* SSCAN key cursor [MATCH pattern] [COUNT count] */
void sscanCommand(client *c) { valueScanCommand(c, OBJ_SET); }
