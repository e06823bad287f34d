/* lazyfree.c - freeing big values and whole databases in the background.
 *
 * Deleting a key with a million-element set means a million free() calls:
 * long enough to stall every client.  Instead, the key is taken out of the
 * keyspace at once (it is gone for every later command) and the value is
 * handed to the BIO_LAZY_FREE thread (bio.c), which frees it while the main
 * thread goes on serving.  Whole databases go the same way (FLUSHALL ASYNC):
 * the database gets new empty tables, the old ones are freed behind.
 *
 * Freeing in another thread is safe because a value handed over is
 * unreachable from the main thread, and freeing touches nothing shared:
 *   - freeObjAsync only hands over objects with refcount 1 (no client,
 *     blocked command or shared object table holds them);
 *   - the type free functions (freeListObject, freeSetObject, freeHashObject,
 *     freeZsetObject, freeStreamObject, strings' sdsfree) only release the
 *     value's own allocations: quicklist nodes, listpacks, intsets, dict
 *     tables and their elements, a stream's radix trees, groups, consumers
 *     and NACKs (set members, hash entries, skiplist nodes are plain
 *     allocations, not robjs, so no refcount of a shared object is touched);
 *   - dictRelease reads only its own dict (its type is a static table);
 *   - zmalloc's used-memory counter is atomic, the allocator thread-safe.
 * The counters below are atomic: the thread updates them, INFO reads them. */
#include "server.h"
#include "bio.h"
#include "lazyfree.h"
#include "stream.h"
#include "t_list.h"
#include "t_hash.h"
#include "t_set.h"
#include "t_zset.h"

#include <stdatomic.h>

/* Objects handed to the thread and not yet freed, and those it has freed.
 * A database counts as its number of keys. */
static _Atomic size_t lazyfree_objects = 0;
static _Atomic size_t lazyfreed_objects = 0;

size_t lazyfreeGetPendingObjectsCount(void) { return atomic_load_explicit(&lazyfree_objects, memory_order_relaxed); }

size_t lazyfreeGetFreedObjectsCount(void) { return atomic_load_explicit(&lazyfreed_objects, memory_order_relaxed); }

void lazyfreeResetStats(void) { atomic_store_explicit(&lazyfreed_objects, 0, memory_order_relaxed); }

static void lazyfreeDone(size_t count) {
    atomic_fetch_sub_explicit(&lazyfree_objects, count, memory_order_relaxed);
    atomic_fetch_add_explicit(&lazyfreed_objects, count, memory_order_relaxed);
}

/* ===========================================================================
 * Free effort
 * ======================================================================== */

/* The number of allocations is what makes freeing slow, so that is what we
 * estimate, in constant time: compact encodings (strings, listpacks,
 * intsets) are one or two allocations; a quicklist is one per node; hash
 * tables one per element.  Unknown types count as 1 (freed at once). */
size_t lazyfreeGetFreeEffort(robj *key, robj *obj, int dbid) {
    (void)key;
    (void)dbid;
    switch (obj->type) {
    case OBJ_LIST:
        if (obj->encoding == OBJ_ENCODING_QUICKLIST) return ((quicklist *)obj->ptr)->len;
        break;
    case OBJ_SET:
        if (obj->encoding == OBJ_ENCODING_HT) return setTypeSize(obj);
        break;
    case OBJ_ZSET:
        if (obj->encoding == OBJ_ENCODING_SKIPLIST) return zsetLength(obj);
        break;
    case OBJ_HASH:
        if (obj->encoding == OBJ_ENCODING_HT) return hashTypeLength(obj);
        break;
    case OBJ_STREAM: return streamFreeEffort(obj);
    default: break;
    }
    return 1;
}

/* ===========================================================================
 * Handing over
 * ======================================================================== */

static void lazyfreeFreeObject(void *args[]) {
    decrRefCount(args[0]);
    lazyfreeDone(1);
}

void freeObjAsync(robj *key, robj *obj, int dbid) {
    /* A value someone else still references cannot leave this thread: the
     * other holder would race with the free.  Dropping our reference is
     * cheap, the last holder frees it. */
    if (obj->refcount == 1 && lazyfreeGetFreeEffort(key, obj, dbid) > LAZYFREE_THRESHOLD) {
        atomic_fetch_add_explicit(&lazyfree_objects, 1, memory_order_relaxed);
        bioCreateLazyFreeJob(lazyfreeFreeObject, 1, obj);
    } else {
        decrRefCount(obj);
    }
}

/* args: the keys table (which owns the entries) and the expires table
 * (which points to the same entries and owns nothing).  The expires table
 * goes first: it must not outlive the entries it points to. */
static void lazyfreeFreeDatabase(void *args[]) {
    dict *keys = args[0], *expires = args[1];
    size_t count = dictSize(keys);
    dictRelease(expires);
    dictRelease(keys);
    lazyfreeDone(count);
}

void emptyDbAsync(redisDb *db) {
    dict *keys = db->keys, *expires = db->expires;
    db->keys = dictCreate(&keyspaceDictType);
    db->expires = dictCreate(&expiresDictType);
    atomic_fetch_add_explicit(&lazyfree_objects, dictSize(keys), memory_order_relaxed);
    bioCreateLazyFreeJob(lazyfreeFreeDatabase, 2, keys, expires);
}
