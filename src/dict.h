/* dict.h - a hash table of elements with incremental rehashing.
 *
 * The table stores opaque element pointers, not key/value pairs: every element
 * carries its own key and the dictType says how to reach it.  A bucket holding
 * one element costs a single pointer-sized slot; collisions are chained through
 * small two-pointer nodes.  See the comment at the top of dict.c for the layout.
 *
 * Elements must be non-NULL and at least 2-byte aligned (bit 0 clear): the
 * table uses that bit to tell an element from a chain node.  Anything returned
 * by zmalloc qualifies, and so do even integers cast to pointers.
 *
 * The table is single threaded; nothing here locks. */
#ifndef DICT_H
#define DICT_H

#include <stddef.h>
#include <stdint.h>

#define DICT_OK 0
#define DICT_ERR 1

typedef struct dictType {
    /* Hash of a key (as returned by entryGetKey). Required. */
    uint64_t (*hashFunction)(const void *key);
    /* The key stored inside an element. NULL: the element is its own key. */
    const void *(*entryGetKey)(const void *elem);
    /* Nonzero if the keys are equal. key1 is the key looked up, key2 the key
     * of a stored element. NULL: keys are equal only when the pointers are. */
    int (*keyCompare)(const void *key1, const void *key2);
    /* Called on an element removed by dictDelete, dictEmpty or dictRelease.
     * May be NULL. dictUnlink never calls it. */
    void (*entryDestructor)(void *elem);
    /* Optional veto on resizing: moreMem is the size in bytes of the bucket
     * array that would be allocated, usedRatio the elements per bucket now.
     * Return 0 to refuse. */
    int (*resizeAllowed)(size_t moreMem, double usedRatio);
} dictType;

/* The structure is public so that the size macros and stack-allocated
 * iterators work; treat the fields as read-only outside dict.c. */
typedef struct dict {
    dictType *type;
    void **table[2];          /* bucket arrays; table[1] only while rehashing */
    unsigned long used[2];    /* elements stored in each table */
    long rehashidx;           /* next table[0] bucket to move, -1 if idle */
    unsigned long nodes;      /* chain nodes allocated, both tables */
    int pauserehash;          /* >0: incremental rehashing is suspended */
    signed char exp[2];       /* log2 of each table's bucket count, -1: none */
} dict;

/* Iterator. A plain iterator forbids any change to the dict while it runs
 * (checked with a fingerprint when it is reset or released). A safe iterator
 * suspends rehashing and allows adding elements and deleting (dictDelete,
 * dictUnlink) the element most recently returned; elements added during the
 * iteration may or may not be returned. Deleting other elements is not
 * allowed during a safe iteration. */
typedef struct dictIterator {
    dict *d;
    long index;               /* bucket being walked, -1 before the first */
    int table;                /* table being walked */
    int safe;
    void *next;               /* slot value of the next element in the bucket */
    uint64_t fingerprint;     /* plain iterators: dict state when started */
} dictIterator;

typedef void dictScanFunction(void *privdata, void *elem);

/* Values for dictSetResizeEnabled. */
typedef enum {
    DICT_RESIZE_ENABLE,       /* grow at load 1, shrinkable below 1/8 */
    DICT_RESIZE_AVOID,        /* only resize/rehash when badly out of shape */
    DICT_RESIZE_FORBID        /* never resize or rehash */
} dictResizeEnable;

#define DICT_HT_INITIAL_EXP 2
#define DICT_HT_INITIAL_SIZE (1UL << DICT_HT_INITIAL_EXP)

#define dictTableSize(d, t) ((d)->exp[t] < 0 ? 0UL : 1UL << (d)->exp[t])
#define dictSize(d) ((d)->used[0] + (d)->used[1])
#define dictBuckets(d) (dictTableSize(d, 0) + dictTableSize(d, 1))
#define dictIsRehashing(d) ((d)->rehashidx != -1)
#define dictPauseRehashing(d) ((d)->pauserehash++)
#define dictResumeRehashing(d) ((d)->pauserehash--)

/* Lifecycle. */
dict *dictCreate(dictType *type);
void dictRelease(dict *d);
void dictEmpty(dict *d, void (callback)(dict *));

/* Sizing. dictExpand/dictTryExpand grow the table so that it has at least
 * size buckets (DICT_ERR if rehashing, if size is smaller than the element
 * count or not larger than the current table; dictTryExpand also on failed
 * allocation). dictResize shrinks to the smallest table holding the elements
 * at load <= 1; dictShrinkIfNeeded does so only when fill is below 1/8. */
int dictExpand(dict *d, unsigned long size);
int dictTryExpand(dict *d, unsigned long size);
int dictResize(dict *d);
int dictShrinkIfNeeded(dict *d);
int dictRehash(dict *d, int n);
int dictRehashMicroseconds(dict *d, uint64_t us);
void dictSetResizeEnabled(dictResizeEnable mode);

/* Insertion. */
int dictAdd(dict *d, void *elem);
int dictAddOrFind(dict *d, void *elem, void **existing);
/* Two-phase insert: look the key up once, then insert at the position found.
 * dictFindPositionForInsert returns NULL (and sets *existing if not NULL)
 * when the key is present, else an opaque position for dictInsertAtPosition,
 * which must be the very next call on this dict and must get an element whose
 * key is the one that was looked up. */
void *dictFindPositionForInsert(dict *d, const void *key, void **existing);
void dictInsertAtPosition(dict *d, void *elem, void *position);

/* Lookup. dictFindRef returns the address of the pointer to the element, so
 * that it can be overwritten with another element with the same key; the
 * address is valid only until the next call on this dict. */
void *dictFind(dict *d, const void *key);
void **dictFindRef(dict *d, const void *key);

/* Removal. */
int dictDelete(dict *d, const void *key);
void *dictUnlink(dict *d, const void *key);

/* Iteration. */
dictIterator *dictGetIterator(dict *d);
dictIterator *dictGetSafeIterator(dict *d);
void dictInitIterator(dictIterator *iter, dict *d);
void dictInitSafeIterator(dictIterator *iter, dict *d);
void dictResetIterator(dictIterator *iter);
void *dictNext(dictIterator *iter);
void dictReleaseIterator(dictIterator *iter);
/* Cursor scan: start with 0, call again with the returned cursor until it
 * returns 0. Every element present from start to end is reported at least
 * once, even if the table is resized between calls; some may be reported
 * more than once. fn may delete the element it is given, nothing else. */
unsigned long dictScan(dict *d, unsigned long cursor, dictScanFunction *fn,
                       void *privdata);

/* Sampling. */
void *dictGetRandomElement(dict *d);
void *dictGetFairRandomElement(dict *d);
unsigned int dictGetSomeElements(dict *d, void **des, unsigned int count);

/* Hashing. */
void dictSetHashFunctionSeed(uint8_t *seed);
uint8_t *dictGetHashFunctionSeed(void);
uint64_t dictGenHashFunction(const void *key, size_t len);
uint64_t dictGenCaseHashFunction(const unsigned char *buf, size_t len);
uint64_t dictGetHash(dict *d, const void *key);

/* Introspection. */
void dictGetStats(char *buf, size_t bufsize, dict *d);
size_t dictMemUsage(const dict *d);

#endif
