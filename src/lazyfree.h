/* lazyfree.h - freeing big values and whole databases in a background
 * thread (see lazyfree.c).
 *
 * Who frees lazily, as in Redis 7.0:
 *   UNLINK always; DEL with lazyfree-lazy-user-del;
 *   FLUSHALL/FLUSHDB ASYNC, and plain ones with lazyfree-lazy-user-flush;
 *   keys deleted or overwritten by the server itself (RENAME, SET on an
 *   existing key, ...) with lazyfree-lazy-server-del;
 *   expired keys with lazyfree-lazy-expire.
 * A value goes to the background only when freeing it costs more than
 * LAZYFREE_THRESHOLD allocations and nothing else references it; a small
 * one is cheaper to free at once than to hand over. */
#ifndef LAZYFREE_H
#define LAZYFREE_H

#include "server.h"

#define LAZYFREE_THRESHOLD 64

/* About how many allocations freeing the value takes. */
size_t lazyfreeGetFreeEffort(robj *key, robj *obj, int dbid);

/* Release the caller's reference to obj, which must no longer be reachable
 * from the keyspace: in the background when it is big, else right now. */
void freeObjAsync(robj *key, robj *obj, int dbid);

/* Give db new empty tables at once; the old ones are freed in the
 * background, whatever their size. */
void emptyDbAsync(redisDb *db);

/* INFO memory's lazyfree_pending_objects and lazyfreed_objects; CONFIG
 * RESETSTAT clears the latter. */
size_t lazyfreeGetPendingObjectsCount(void);
size_t lazyfreeGetFreedObjectsCount(void);
void lazyfreeResetStats(void);

#endif
