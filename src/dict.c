/* dict.c - a hash table of elements with incremental rehashing.
 *
 * WHAT IS STORED
 *
 * This table is what the keyspace lives in, so the bytes it spends per key
 * are paid millions of times.  A classic chained table allocates a separate
 * entry {key, value, next} for every key, plus the bucket pointer that leads
 * to it: 32 bytes or more per key before the key or value themselves.  Here
 * the caller's element already contains its key (the server embeds the key in
 * the value object), so the table only has to store one pointer per element
 * and learns the key through dictType->entryGetKey.
 *
 * LAYOUT
 *
 * A table is a power-of-two array of pointer-sized slots.  A slot holds one
 * of three things, told apart by bit 0:
 *
 *   NULL             the bucket is empty;
 *   elem   (bit 0=0) the bucket has exactly this one element;
 *   node|1 (bit 0=1) the bucket is a chain: node is a dictNode
 *                    {elem, next}, where next is again a slot value.
 *
 * A chain always ends with a plain element, never with NULL: a chain of n
 * elements uses exactly n-1 nodes.  For instance three colliding elements
 * a, b, c look like
 *
 *     slot -> [a | *]--> [b | *]--> c
 *            (node|1)   (node|1)   (plain)
 *
 * New elements go to the head of the chain.  Removing one unlinks its node,
 * or, when the plain tail goes, turns the node before it back into a plain
 * pointer, so the invariant survives deletes.  At load factor 1 about 37% of
 * the elements share a bucket with an earlier one, so the table costs 8 bytes
 * per bucket plus roughly 6 bytes per element in nodes, against the 32 of
 * an entry-per-key design.
 *
 * REHASHING
 *
 * Growing or shrinking a table with millions of buckets in one go would
 * stall the server for a long time.  Instead a second table is allocated and
 * the buckets of the old one are moved over a few at a time: one bucket on
 * each add, find or delete, plus whatever dictRehash / dictRehashMicroseconds
 * are asked to do by the periodic cron.  While this goes on, lookups check
 * both tables and additions go to the new one only, so the old table only
 * empties.  rehashidx is the first old bucket not yet moved; buckets after it
 * may also have been moved early (a lookup moves the bucket it touches, since
 * that bucket is already in cache).  The move is complete when the old table
 * holds no element; it is then freed and the new one takes its place.
 *
 * Rehashing is paused while a safe iterator or a scan callback runs, so that
 * elements don't change place under them, and it can be avoided or forbidden
 * process-wide (dictSetResizeEnabled) while a forked child shares our pages:
 * every bucket moved then would be a page copied.
 *
 * Growth is automatic on insertion, at load factor 1 (or 5 while resizing is
 * avoided).  Shrinking is left to the caller (dictShrinkIfNeeded from cron),
 * so deleting never reallocates the table behind the caller's back. */

#include "dict.h"
#include "zmalloc.h"
#include "siphash.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------
 * Tunables and global settings
 * --------------------------------------------------------------------- */

/* When resizing is only avoided, grow anyway once there are this many
 * elements per bucket, and shrink once fill drops this many times further
 * below the normal threshold. */
#define DICT_FORCE_RESIZE_RATIO 5
/* Shrink once fewer than 1 in this many buckets would be used. */
#define DICT_MIN_FILL 8
/* How many empty buckets dictRehash may skip per bucket it is asked for. */
#define DICT_EMPTY_VISITS_PER_STEP 10
/* Sample size used by dictGetFairRandomElement. */
#define DICT_FAIR_SAMPLE 15

static dictResizeEnable dict_resize_mode = DICT_RESIZE_ENABLE;
static uint8_t dict_hash_seed[16];

void dictSetResizeEnabled(dictResizeEnable mode) { dict_resize_mode = mode; }

/* ------------------------------------------------------------------------
 * Hash functions
 * --------------------------------------------------------------------- */

void dictSetHashFunctionSeed(uint8_t *seed) {
    memcpy(dict_hash_seed, seed, sizeof(dict_hash_seed));
}

uint8_t *dictGetHashFunctionSeed(void) { return dict_hash_seed; }

uint64_t dictGenHashFunction(const void *key, size_t len) {
    return siphash(key, len, dict_hash_seed);
}

uint64_t dictGenCaseHashFunction(const unsigned char *buf, size_t len) {
    return siphash_nocase(buf, len, dict_hash_seed);
}

/* ------------------------------------------------------------------------
 * Slots and chain nodes
 * --------------------------------------------------------------------- */

typedef struct dictNode {
    void *elem;               /* always a plain element */
    void *next;               /* slot value: plain element or tagged node */
} dictNode;

static inline int slotIsNode(const void *v) { return ((uintptr_t)v & 1) != 0; }
static inline dictNode *slotNode(const void *v) {
    return (dictNode *)((uintptr_t)v - 1);
}
static inline void *nodeSlot(const dictNode *n) {
    return (void *)((uintptr_t)n + 1);
}

static inline dictNode *nodeAlloc(dict *d) {
    d->nodes++;
    return zmalloc(sizeof(dictNode));
}

static inline void nodeFree(dict *d, dictNode *n) {
    d->nodes--;
    zfree(n);
}

static inline unsigned long tableMask(const dict *d, int t) {
    return d->exp[t] < 0 ? 0 : (1UL << d->exp[t]) - 1;
}

static inline const void *elemKey(const dict *d, const void *elem) {
    return d->type->entryGetKey ? d->type->entryGetKey(elem) : elem;
}

static inline uint64_t elemHash(const dict *d, const void *elem) {
    return d->type->hashFunction(elemKey(d, elem));
}

static inline int keyMatches(const dict *d, const void *key, const void *elem) {
    const void *k = elemKey(d, elem);
    if (k == key) return 1;
    return d->type->keyCompare != NULL && d->type->keyCompare(key, k) != 0;
}

/* Put elem at the head of the bucket *slot. A node is taken from *spare (a
 * list linked through ->next, untagged) when there is one. */
static inline void slotPush(dict *d, void **slot, void *elem, dictNode **spare) {
    if (*slot == NULL) {
        *slot = elem;
        return;
    }
    dictNode *n;
    if (spare && *spare) {
        n = *spare;
        *spare = n->next;
    } else {
        n = nodeAlloc(d);
    }
    n->elem = elem;
    n->next = *slot;
    *slot = nodeSlot(n);
}

/* ------------------------------------------------------------------------
 * Small helpers: PRNG, clock
 * --------------------------------------------------------------------- */

/* splitmix64: cheap and good enough to pick buckets at random. */
static uint64_t dict_rand_state = 0x2545f4914f6cdd1dULL;

static uint64_t dictRandom(void) {
    uint64_t z = (dict_rand_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t monotonicMicros(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* ------------------------------------------------------------------------
 * Creation and destruction
 * --------------------------------------------------------------------- */

static void tableReset(dict *d, int t) {
    d->table[t] = NULL;
    d->exp[t] = -1;
    d->used[t] = 0;
}

dict *dictCreate(dictType *type) {
    dict *d = zmalloc(sizeof(*d));
    d->type = type;
    tableReset(d, 0);
    tableReset(d, 1);
    d->rehashidx = -1;
    d->nodes = 0;
    d->pauserehash = 0;
    return d;
}

/* Free every node of table t and destroy its elements. */
static void tableClear(dict *d, int t, void (callback)(dict *)) {
    unsigned long size = dictTableSize(d, t);
    void (*destructor)(void *) = d->type->entryDestructor;
    for (unsigned long i = 0; i < size && d->used[t] > 0; i++) {
        if (callback && (i & 65535) == 0) callback(d);
        void *v = d->table[t][i];
        while (v) {
            void *elem;
            if (slotIsNode(v)) {
                dictNode *n = slotNode(v);
                elem = n->elem;
                v = n->next;
                nodeFree(d, n);
            } else {
                elem = v;
                v = NULL;
            }
            d->used[t]--;
            if (destructor) destructor(elem);
        }
    }
    zfree(d->table[t]);
    tableReset(d, t);
}

void dictEmpty(dict *d, void (callback)(dict *)) {
    tableClear(d, 0, callback);
    tableClear(d, 1, callback);
    d->rehashidx = -1;
}

void dictRelease(dict *d) {
    dictEmpty(d, NULL);
    zfree(d);
}

/* ------------------------------------------------------------------------
 * Resizing
 * --------------------------------------------------------------------- */

/* Exponent of the smallest power of two >= size, at least the initial one. */
static signed char nextExp(unsigned long size) {
    if (size <= DICT_HT_INITIAL_SIZE) return DICT_HT_INITIAL_EXP;
    if (size > (ULONG_MAX >> 1)) return (signed char)(sizeof(long) * CHAR_BIT - 1);
    return (signed char)(sizeof(long) * CHAR_BIT - __builtin_clzl(size - 1));
}

static int resizeAllowedByType(dict *d, unsigned long size) {
    if (d->type->resizeAllowed == NULL) return 1;
    signed char exp = nextExp(size);
    if (exp >= (signed char)(sizeof(long) * CHAR_BIT - 4)) return 1; /* fails later */
    unsigned long cur = dictTableSize(d, 0);
    double ratio = cur ? (double)d->used[0] / (double)cur : 0.0;
    return d->type->resizeAllowed((1UL << exp) * sizeof(void *), ratio);
}

/* Make a table of the smallest power-of-two size >= size (and >= used) the
 * target of a rehash, or table[0] itself if there is none yet. */
static int resizeTo(dict *d, unsigned long size, int try_only) {
    if (dictIsRehashing(d) || d->used[0] > size) return DICT_ERR;
    signed char exp = nextExp(size);
    if (exp >= (signed char)(sizeof(long) * CHAR_BIT - 4)) return DICT_ERR;
    unsigned long buckets = 1UL << exp;
    if (d->table[0] != NULL && exp == d->exp[0]) return DICT_ERR;

    size_t bytes = buckets * sizeof(void *);
    void **table;
    if (try_only) {
        table = ztrymalloc(bytes);
        if (table == NULL) return DICT_ERR;
        memset(table, 0, bytes);
    } else {
        table = zcalloc(bytes);
    }

    if (d->table[0] == NULL) {
        d->table[0] = table;
        d->exp[0] = exp;
        d->used[0] = 0;
        return DICT_OK;
    }
    d->table[1] = table;
    d->exp[1] = exp;
    d->used[1] = 0;
    d->rehashidx = 0;
    return DICT_OK;
}

static int expandGeneric(dict *d, unsigned long size, int try_only) {
    if (dictIsRehashing(d) || d->used[0] > size) return DICT_ERR;
    if (d->table[0] != NULL && dictTableSize(d, 0) >= size) return DICT_ERR;
    return resizeTo(d, size, try_only);
}

int dictExpand(dict *d, unsigned long size) { return expandGeneric(d, size, 0); }

int dictTryExpand(dict *d, unsigned long size) { return expandGeneric(d, size, 1); }

int dictResize(dict *d) {
    if (dict_resize_mode != DICT_RESIZE_ENABLE || dictIsRehashing(d)) return DICT_ERR;
    if (d->table[0] == NULL) return DICT_ERR;
    unsigned long minimal = d->used[0];
    if (minimal < DICT_HT_INITIAL_SIZE) minimal = DICT_HT_INITIAL_SIZE;
    return resizeTo(d, minimal, 0);
}

int dictShrinkIfNeeded(dict *d) {
    if (dictIsRehashing(d) || d->table[0] == NULL) return DICT_ERR;
    unsigned long size = dictTableSize(d, 0);
    if (size <= DICT_HT_INITIAL_SIZE) return DICT_ERR;
    unsigned long used = d->used[0];
    int sparse;
    switch (dict_resize_mode) {
    case DICT_RESIZE_ENABLE:
        sparse = used * DICT_MIN_FILL < size;
        break;
    case DICT_RESIZE_AVOID:
        sparse = used * DICT_MIN_FILL * DICT_FORCE_RESIZE_RATIO < size;
        break;
    default:
        sparse = 0;
        break;
    }
    if (!sparse || !resizeAllowedByType(d, used)) return DICT_ERR;
    return resizeTo(d, used < DICT_HT_INITIAL_SIZE ? DICT_HT_INITIAL_SIZE : used, 0);
}

/* Grow table[0] before an insertion if it is full. */
static void expandIfNeeded(dict *d) {
    if (dictIsRehashing(d)) return;
    if (d->table[0] == NULL) {
        resizeTo(d, DICT_HT_INITIAL_SIZE, 0);
        return;
    }
    unsigned long size = dictTableSize(d, 0), used = d->used[0];
    if (used < size) return;
    if (dict_resize_mode == DICT_RESIZE_ENABLE ||
        (dict_resize_mode == DICT_RESIZE_AVOID &&
         used >= size * DICT_FORCE_RESIZE_RATIO)) {
        if (resizeAllowedByType(d, used + 1)) resizeTo(d, used + 1, 0);
    }
}

/* ------------------------------------------------------------------------
 * Incremental rehashing
 * --------------------------------------------------------------------- */

/* May rehashing work be done right now? */
static int rehashPermitted(const dict *d) {
    if (d->pauserehash > 0) return 0;
    if (dict_resize_mode == DICT_RESIZE_ENABLE) return 1;
    if (dict_resize_mode == DICT_RESIZE_FORBID) return 0;
    /* Avoid: only go on when the tables are far apart in size, i.e. the
     * resize was forced. */
    unsigned long s0 = dictTableSize(d, 0), s1 = dictTableSize(d, 1);
    if (s1 > s0) return s1 >= s0 * DICT_FORCE_RESIZE_RATIO;
    return s0 >= s1 * DICT_MIN_FILL * DICT_FORCE_RESIZE_RATIO;
}

/* Move every element of table[0] bucket idx into table[1]. Nodes of the old
 * chain are reused for chains in the new table. */
static void rehashBucket(dict *d, unsigned long idx) {
    void *v = d->table[0][idx];
    d->table[0][idx] = NULL;
    void **dst = d->table[1];
    unsigned long mask1 = tableMask(d, 1);
    /* When shrinking, the new index is the old one with high bits dropped,
     * no need to hash again. */
    int shrinking = d->exp[1] < d->exp[0];
    dictNode *spare = NULL;
    unsigned long moved = 0;

    while (v) {
        void *elem;
        if (slotIsNode(v)) {
            dictNode *n = slotNode(v);
            elem = n->elem;
            v = n->next;
            n->next = spare;
            spare = n;
        } else {
            elem = v;
            v = NULL;
        }
        unsigned long j = shrinking ? (idx & mask1) : (elemHash(d, elem) & mask1);
        slotPush(d, &dst[j], elem, &spare);
        moved++;
    }
    while (spare) {
        dictNode *n = spare;
        spare = n->next;
        nodeFree(d, n);
    }
    d->used[0] -= moved;
    d->used[1] += moved;
}

/* If table[0] is empty, make table[1] the only table. Returns 1 if done. */
static int rehashFinishIfDone(dict *d) {
    if (d->used[0] != 0) return 0;
    zfree(d->table[0]);
    d->table[0] = d->table[1];
    d->exp[0] = d->exp[1];
    d->used[0] = d->used[1];
    tableReset(d, 1);
    d->rehashidx = -1;
    return 1;
}

static int rehashBuckets(dict *d, int n) {
    long empty_left = (long)n * DICT_EMPTY_VISITS_PER_STEP;
    void **t0 = d->table[0];
    while (n-- > 0 && d->used[0] != 0) {
        /* Elements left in table[0] are all at or after rehashidx. */
        while (t0[d->rehashidx] == NULL) {
            d->rehashidx++;
            if (--empty_left == 0) return 1;
        }
        rehashBucket(d, (unsigned long)d->rehashidx);
        d->rehashidx++;
    }
    return !rehashFinishIfDone(d);
}

/* Move up to n buckets. Returns 1 if buckets are left to move, 0 when the
 * rehash is complete or no work may be done now (paused, or forbidden by the
 * resize mode). */
int dictRehash(dict *d, int n) {
    if (!dictIsRehashing(d) || !rehashPermitted(d)) return 0;
    return rehashBuckets(d, n);
}

/* Rehash in batches of 100 buckets for about us microseconds. Returns the
 * number of buckets requested from dictRehash. */
int dictRehashMicroseconds(dict *d, uint64_t us) {
    if (!dictIsRehashing(d) || !rehashPermitted(d)) return 0;
    uint64_t start = monotonicMicros();
    int done = 0;
    while (dictRehash(d, 100)) {
        done += 100;
        if (monotonicMicros() - start >= us) break;
    }
    return done;
}

/* The rehash step done by operations that look up a key of hash h: move that
 * key's old bucket if it still has elements (it is about to be read anyway),
 * else the next bucket in order. */
static inline void rehashStepFor(dict *d, uint64_t h) {
    if (!rehashPermitted(d)) return;
    unsigned long idx = h & tableMask(d, 0);
    if ((long)idx >= d->rehashidx && d->table[0][idx] != NULL) {
        rehashBucket(d, idx);
        rehashFinishIfDone(d);
    } else {
        rehashBuckets(d, 1);
    }
}

/* One bucket's worth of rehashing, in order. */
static void rehashStep(dict *d) {
    if (rehashPermitted(d)) rehashBuckets(d, 1);
}

/* ------------------------------------------------------------------------
 * Lookup
 * --------------------------------------------------------------------- */

/* Address of the pointer to the element with this key, or NULL. */
static inline void **lookupRef(dict *d, const void *key, uint64_t h) {
    for (int t = 0; t <= 1; t++) {
        unsigned long idx = h & tableMask(d, t);
        /* Buckets of table[0] before rehashidx are empty. */
        if (t == 1 || (long)idx >= d->rehashidx) {
            void **ref = &d->table[t][idx];
            void *v;
            while ((v = *ref) != NULL) {
                if (slotIsNode(v)) {
                    dictNode *n = slotNode(v);
                    /* Start loading the next link while comparing. */
                    __builtin_prefetch((const void *)((uintptr_t)n->next & ~(uintptr_t)1));
                    if (keyMatches(d, key, n->elem)) return &n->elem;
                    ref = &n->next;
                } else {
                    if (keyMatches(d, key, v)) return ref;
                    break;
                }
            }
        }
        if (!dictIsRehashing(d)) break;
    }
    return NULL;
}

void **dictFindRef(dict *d, const void *key) {
    if (dictSize(d) == 0) return NULL;
    uint64_t h = d->type->hashFunction(key);
    if (dictIsRehashing(d)) rehashStepFor(d, h);
    return lookupRef(d, key, h);
}

void *dictFind(dict *d, const void *key) {
    void **ref = dictFindRef(d, key);
    return ref ? *ref : NULL;
}

uint64_t dictGetHash(dict *d, const void *key) { return d->type->hashFunction(key); }

/* ------------------------------------------------------------------------
 * Insertion
 * --------------------------------------------------------------------- */

void *dictFindPositionForInsert(dict *d, const void *key, void **existing) {
    uint64_t h = d->type->hashFunction(key);
    if (dictIsRehashing(d)) rehashStepFor(d, h);
    expandIfNeeded(d);
    if (dictSize(d) != 0) {
        void **ref = lookupRef(d, key, h);
        if (ref) {
            if (existing) *existing = *ref;
            return NULL;
        }
    }
    /* New elements go to the table being filled. */
    int t = dictIsRehashing(d) ? 1 : 0;
    return &d->table[t][h & tableMask(d, t)];
}

void dictInsertAtPosition(dict *d, void *elem, void *position) {
    assert(elem != NULL && !slotIsNode(elem));
    slotPush(d, (void **)position, elem, NULL);
    d->used[dictIsRehashing(d) ? 1 : 0]++;
}

int dictAddOrFind(dict *d, void *elem, void **existing) {
    void *pos = dictFindPositionForInsert(d, elemKey(d, elem), existing);
    if (pos == NULL) return DICT_ERR;
    dictInsertAtPosition(d, elem, pos);
    return DICT_OK;
}

int dictAdd(dict *d, void *elem) { return dictAddOrFind(d, elem, NULL); }

/* ------------------------------------------------------------------------
 * Removal
 * --------------------------------------------------------------------- */

void *dictUnlink(dict *d, const void *key) {
    if (dictSize(d) == 0) return NULL;
    uint64_t h = d->type->hashFunction(key);
    if (dictIsRehashing(d)) rehashStepFor(d, h);

    for (int t = 0; t <= 1; t++) {
        unsigned long idx = h & tableMask(d, t);
        if (t == 1 || (long)idx >= d->rehashidx) {
            void **prev = NULL;   /* the reference to the node owning ref */
            void **ref = &d->table[t][idx];
            void *v;
            while ((v = *ref) != NULL) {
                if (slotIsNode(v)) {
                    dictNode *n = slotNode(v);
                    if (keyMatches(d, key, n->elem)) {
                        void *elem = n->elem;
                        *ref = n->next;   /* never NULL: chain stays valid */
                        nodeFree(d, n);
                        d->used[t]--;
                        return elem;
                    }
                    prev = ref;
                    ref = &n->next;
                } else {
                    if (!keyMatches(d, key, v)) break;
                    if (prev == NULL) {
                        *ref = NULL;      /* the bucket's only element */
                    } else {
                        /* The plain tail goes: the node before it would end
                         * in NULL, so it becomes a plain pointer itself. */
                        dictNode *p = slotNode(*prev);
                        *prev = p->elem;
                        nodeFree(d, p);
                    }
                    d->used[t]--;
                    return v;
                }
            }
        }
        if (!dictIsRehashing(d)) break;
    }
    return NULL;
}

int dictDelete(dict *d, const void *key) {
    void *elem = dictUnlink(d, key);
    if (elem == NULL) return DICT_ERR;
    if (d->type->entryDestructor) d->type->entryDestructor(elem);
    return DICT_OK;
}

/* ------------------------------------------------------------------------
 * Iterators
 * --------------------------------------------------------------------- */

/* A digest of the dict's shape; any add, delete, resize or rehash step
 * changes it (barring an exact undo). */
static uint64_t dictFingerprint(const dict *d) {
    uint64_t parts[6] = {
        (uint64_t)(uintptr_t)d->table[0], (uint64_t)d->exp[0] & 0xff, d->used[0],
        (uint64_t)(uintptr_t)d->table[1], (uint64_t)d->exp[1] & 0xff, d->used[1],
    };
    uint64_t h = 0x84222325cbf29ce4ULL;
    for (int i = 0; i < 6; i++) {
        h ^= parts[i];
        h *= 0x9fb21c651e98df25ULL;
        h ^= h >> 29;
    }
    return h;
}

void dictInitIterator(dictIterator *iter, dict *d) {
    iter->d = d;
    iter->index = -1;
    iter->table = 0;
    iter->safe = 0;
    iter->next = NULL;
    iter->fingerprint = 0;
}

void dictInitSafeIterator(dictIterator *iter, dict *d) {
    dictInitIterator(iter, d);
    iter->safe = 1;
}

static int iterStarted(const dictIterator *iter) {
    return iter->index != -1 || iter->table != 0;
}

void dictResetIterator(dictIterator *iter) {
    if (iterStarted(iter)) {
        if (iter->safe)
            dictResumeRehashing(iter->d);
        else
            assert(iter->fingerprint == dictFingerprint(iter->d));
    }
    dictInitIterator(iter, iter->d);
}

dictIterator *dictGetIterator(dict *d) {
    dictIterator *iter = zmalloc(sizeof(*iter));
    dictInitIterator(iter, d);
    return iter;
}

dictIterator *dictGetSafeIterator(dict *d) {
    dictIterator *iter = dictGetIterator(d);
    iter->safe = 1;
    return iter;
}

void *dictNext(dictIterator *iter) {
    dict *d = iter->d;
    for (;;) {
        void *v = iter->next;
        if (v != NULL) {
            if (slotIsNode(v)) {
                dictNode *n = slotNode(v);
                iter->next = n->next;
                return n->elem;
            }
            iter->next = NULL;
            return v;
        }
        if (!iterStarted(iter)) {
            if (iter->safe)
                dictPauseRehashing(d);
            else
                iter->fingerprint = dictFingerprint(d);
        }
        iter->index++;
        if ((unsigned long)iter->index >= dictTableSize(d, iter->table)) {
            if (iter->table == 0 && dictIsRehashing(d)) {
                iter->table = 1;
                iter->index = 0;
            } else {
                /* Exhausted; stay so. */
                iter->index = (long)dictTableSize(d, iter->table);
                return NULL;
            }
        }
        iter->next = d->table[iter->table][iter->index];
    }
}

void dictReleaseIterator(dictIterator *iter) {
    dictResetIterator(iter);
    zfree(iter);
}

/* ------------------------------------------------------------------------
 * Scan
 *
 * The cursor is a bucket index, but it is advanced from the top bit down:
 * we reverse the bits of the cursor, add one, and reverse back.  With 8
 * buckets (mask 111) the visiting order is 000 100 010 110 001 101 011 111.
 *
 * Why this order: when a table of 2^n buckets becomes 2^m buckets, bucket i
 * of the old table maps to the buckets of the new one whose low n bits (for
 * growth) or whose low m bits (for shrinkage) equal those of i.  Counting
 * from the top bit means that the set of buckets already visited is always
 * "every index whose low bits, read backwards, are below the cursor's", a
 * property that depends only on the low bits and so is preserved when the
 * mask changes:
 *
 *  - After growth, the cursor's extra high bits are zero, so we resume at
 *    the first new bucket derived from the old bucket we stopped at; all new
 *    buckets derived from the old buckets already visited come before it in
 *    the order and hold only elements we have already seen.
 *  - After shrinkage, the cursor is simply masked; a small bucket gathers
 *    several big buckets, some of which we may have visited already, so
 *    elements can be reported twice, but none that stayed is skipped.
 *
 * Elements present the whole time are thus reported at least once; the
 * cursor returns to 0 once every bucket has been visited.
 *
 * While rehashing, elements may sit in either table.  We take the smaller
 * table, visit its bucket for the cursor, then every bucket of the larger
 * table that expands from it (same low bits, all values of the extra high
 * bits, in reverse-binary order), so that whatever table an element is in
 * at the time of the call, it is seen.  The cursor is then advanced with the
 * larger mask, which, once the high bits wrap, also advances the small one.
 * Rehashing is paused during a call so that nothing moves under us.
 * --------------------------------------------------------------------- */

static inline unsigned long reverseBits(unsigned long v) {
#if ULONG_MAX == 0xffffffffffffffffUL
    /* Swap neighbouring bits, then pairs, then nibbles; bytes by bswap. */
    v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1);
    v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2);
    v = ((v >> 4) & 0x0f0f0f0f0f0f0f0fUL) | ((v & 0x0f0f0f0f0f0f0f0fUL) << 4);
    return (unsigned long)__builtin_bswap64((uint64_t)v);
#else
    unsigned long r = 0;
    for (unsigned int i = 0; i < sizeof(v) * CHAR_BIT; i++) {
        r = (r << 1) | (v & 1);
        v >>= 1;
    }
    return r;
#endif
}

/* Increment v in reverse-binary order within mask. Bits outside the mask
 * are set first so that the carry runs through them and clears them. */
static inline unsigned long scanNextCursor(unsigned long v, unsigned long mask) {
    v |= ~mask;
    v = reverseBits(v);
    v++;
    return reverseBits(v);
}

static void scanBucket(void **slot, dictScanFunction *fn, void *privdata) {
    void *v = *slot;
    while (v) {
        /* Read the link before the callback: it may delete this element. */
        if (slotIsNode(v)) {
            dictNode *n = slotNode(v);
            void *elem = n->elem;
            v = n->next;
            fn(privdata, elem);
        } else {
            void *elem = v;
            v = NULL;
            fn(privdata, elem);
        }
    }
}

unsigned long dictScan(dict *d, unsigned long cursor, dictScanFunction *fn,
                       void *privdata) {
    if (dictSize(d) == 0) return 0;
    unsigned long v = cursor;
    dictPauseRehashing(d);

    if (!dictIsRehashing(d)) {
        unsigned long m0 = tableMask(d, 0);
        scanBucket(&d->table[0][v & m0], fn, privdata);
        v = scanNextCursor(v, m0);
    } else {
        int small = d->exp[0] <= d->exp[1] ? 0 : 1, large = 1 - small;
        void **ts = d->table[small], **tl = d->table[large];
        unsigned long ms = tableMask(d, small), ml = tableMask(d, large);
        scanBucket(&ts[v & ms], fn, privdata);
        /* Every large-table bucket whose low bits are v & ms. */
        do {
            scanBucket(&tl[v & ml], fn, privdata);
            v = scanNextCursor(v, ml);
        } while (v & (ms ^ ml));
    }

    dictResumeRehashing(d);
    return v;
}

/* ------------------------------------------------------------------------
 * Sampling
 * --------------------------------------------------------------------- */

static unsigned long chainLength(const void *v) {
    unsigned long len = 0;
    while (v) {
        len++;
        v = slotIsNode(v) ? slotNode(v)->next : NULL;
    }
    return len;
}

static void *chainAt(const void *v, unsigned long pos) {
    while (slotIsNode(v)) {
        dictNode *n = slotNode(v);
        if (pos == 0) return n->elem;
        pos--;
        v = n->next;
    }
    return (void *)v;
}

void *dictGetRandomElement(dict *d) {
    if (dictSize(d) == 0) return NULL;
    if (dictIsRehashing(d)) rehashStep(d);
    void *v;
    if (dictIsRehashing(d)) {
        /* Pick among the not yet moved part of table[0] and all of table[1]. */
        unsigned long s0 = dictTableSize(d, 0), s1 = dictTableSize(d, 1);
        unsigned long first = (unsigned long)d->rehashidx;
        do {
            unsigned long i = first + dictRandom() % (s0 + s1 - first);
            v = i >= s0 ? d->table[1][i - s0] : d->table[0][i];
        } while (v == NULL);
    } else {
        unsigned long m0 = tableMask(d, 0);
        do {
            v = d->table[0][dictRandom() & m0];
        } while (v == NULL);
    }
    if (!slotIsNode(v)) return v;
    return chainAt(v, dictRandom() % chainLength(v));
}

/* Collect up to count elements from a random run of consecutive buckets.
 * Fast but not uniform, and an element may be returned twice if a bucket is
 * visited twice; meant for eviction and expiry sampling. */
unsigned int dictGetSomeElements(dict *d, void **des, unsigned int count) {
    if (dictSize(d) < count) count = (unsigned int)dictSize(d);
    if (count == 0) return 0;

    /* Help the rehash along in proportion to the work asked of us. */
    for (unsigned int j = 0; j < count && dictIsRehashing(d); j++)
        rehashStep(d);

    int tables = dictIsRehashing(d) ? 2 : 1;
    unsigned long maxmask = tableMask(d, 0);
    if (tables == 2 && tableMask(d, 1) > maxmask) maxmask = tableMask(d, 1);

    unsigned long i = dictRandom() & maxmask;
    unsigned long steps = (unsigned long)count * 10;
    unsigned long empty_run = 0;
    unsigned int stored = 0;

    while (stored < count && steps-- > 0) {
        for (int t = 0; t < tables; t++) {
            if (t == 0 && tables == 2 && (long)i < d->rehashidx) {
                /* Already moved. If table[1] has no bucket i either, jump
                 * to the part of table[0] still in use. */
                if (i >= dictTableSize(d, 1)) i = (unsigned long)d->rehashidx;
                else continue;
            }
            if (i >= dictTableSize(d, t)) continue;
            void *v = d->table[t][i];
            if (v == NULL) {
                /* Long empty runs: try elsewhere. */
                if (++empty_run >= 5 && empty_run > count) {
                    i = dictRandom() & maxmask;
                    empty_run = 0;
                }
                continue;
            }
            empty_run = 0;
            while (v && stored < count) {
                if (slotIsNode(v)) {
                    dictNode *n = slotNode(v);
                    des[stored++] = n->elem;
                    v = n->next;
                } else {
                    des[stored++] = v;
                    v = NULL;
                }
            }
            if (stored == count) return stored;
        }
        i = (i + 1) & maxmask;
    }
    return stored;
}

/* Less biased than dictGetRandomElement towards elements in short chains:
 * draw a random sample of neighbouring buckets and pick one of it. */
void *dictGetFairRandomElement(dict *d) {
    void *sample[DICT_FAIR_SAMPLE];
    unsigned int n = dictGetSomeElements(d, sample, DICT_FAIR_SAMPLE);
    if (n == 0) return dictGetRandomElement(d);
    return sample[dictRandom() % n];
}

/* ------------------------------------------------------------------------
 * Statistics
 * --------------------------------------------------------------------- */

size_t dictMemUsage(const dict *d) {
    return sizeof(*d) + dictBuckets(d) * sizeof(void *) + d->nodes * sizeof(dictNode);
}

#define DICT_STATS_VECLEN 50

/* Append the statistics of table t to buf; returns the length written. */
static size_t tableStats(char *buf, size_t bufsize, const dict *d, int t) {
    unsigned long size = dictTableSize(d, t);
    unsigned long clvector[DICT_STATS_VECLEN] = {0};
    unsigned long slots = 0, maxchain = 0, totchain = 0;
    for (unsigned long i = 0; i < size && d->used[t] > 0; i++) {
        unsigned long len = chainLength(d->table[t][i]);
        clvector[len < DICT_STATS_VECLEN ? len : DICT_STATS_VECLEN - 1]++;
        if (len == 0) continue;
        slots++;
        if (len > maxchain) maxchain = len;
        totchain += len;
    }

    size_t l = 0;
#define STATS_APPEND(...) do { \
        if (l < bufsize) { \
            int w_ = snprintf(buf + l, bufsize - l, __VA_ARGS__); \
            if (w_ > 0) l += (size_t)w_; \
        } \
    } while (0)
    STATS_APPEND("Hash table %d stats (%s):\n", t,
                 t == 0 ? "main hash table" : "rehashing target");
    STATS_APPEND(" table size: %lu\n", size);
    STATS_APPEND(" number of elements: %lu\n", d->used[t]);
    if (d->used[t] > 0) {
        STATS_APPEND(" different slots: %lu\n", slots);
        STATS_APPEND(" max chain length: %lu\n", maxchain);
        STATS_APPEND(" avg chain length (counted): %.02f\n",
                     (double)totchain / (double)slots);
        STATS_APPEND(" avg chain length (computed): %.02f\n",
                     (double)d->used[t] / (double)slots);
        STATS_APPEND(" Chain length distribution:\n");
        for (unsigned long i = 0; i < DICT_STATS_VECLEN; i++) {
            if (clvector[i] == 0) continue;
            STATS_APPEND("   %s%lu: %lu (%.02f%%)\n",
                         i == DICT_STATS_VECLEN - 1 ? ">= " : "", i, clvector[i],
                         (double)clvector[i] * 100.0 / (double)size);
        }
    }
#undef STATS_APPEND
    return l >= bufsize ? bufsize - 1 : l;
}

void dictGetStats(char *buf, size_t bufsize, dict *d) {
    if (bufsize == 0) return;
    buf[0] = '\0';
    if (d->table[0] == NULL) {
        snprintf(buf, bufsize, "No stats available for empty dictionaries\n");
        return;
    }
    size_t l = tableStats(buf, bufsize, d, 0);
    if (dictIsRehashing(d) && l < bufsize - 1)
        l += tableStats(buf + l, bufsize - l, d, 1);
    if (l < bufsize - 1) {
        snprintf(buf + l, bufsize - l, " chain nodes: %lu, memory: %zu bytes\n",
                 d->nodes, dictMemUsage(d));
    }
    buf[bufsize - 1] = '\0';
}
