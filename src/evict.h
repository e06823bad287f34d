/* evict.h - maxmemory policies, key eviction, and the per-object access
 * clocks (LRU or LFU) they rely on.  See evict.c. */
#ifndef EVICT_H
#define EVICT_H

#include "object.h"

#define MAXMEMORY_FLAG_LRU (1 << 0)
#define MAXMEMORY_FLAG_LFU (1 << 1)
#define MAXMEMORY_FLAG_ALLKEYS (1 << 2)
#define MAXMEMORY_FLAG_NO_SHARED_INTEGERS (MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_LFU)

#define MAXMEMORY_VOLATILE_LRU ((0 << 8) | MAXMEMORY_FLAG_LRU)
#define MAXMEMORY_VOLATILE_LFU ((1 << 8) | MAXMEMORY_FLAG_LFU)
#define MAXMEMORY_VOLATILE_TTL (2 << 8)
#define MAXMEMORY_VOLATILE_RANDOM (3 << 8)
#define MAXMEMORY_ALLKEYS_LRU ((4 << 8) | MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_ALLKEYS_LFU ((5 << 8) | MAXMEMORY_FLAG_LFU | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_ALLKEYS_RANDOM ((6 << 8) | MAXMEMORY_FLAG_ALLKEYS)
#define MAXMEMORY_NO_EVICTION (7 << 8)

#define LFU_INIT_VAL 5

int evictPolicyIsLFU(void);
int evictPolicyUsesObjectClock(void);
unsigned int objectInitialLRU(void);
unsigned long long estimateObjectIdleTime(robj *o);
unsigned long LFUDecrAndReturn(robj *o);
void updateObjectAccess(robj *o);

/* performEvictions() results. */
#define EVICT_OK 0      /* within maxmemory (or nothing to do now) */
#define EVICT_RUNNING 1 /* still over, a timer keeps evicting: commands may run */
#define EVICT_FAIL 2    /* over, and nothing can be evicted: refuse denyoom commands */

/* Evict keys as maxmemory-policy says until memory is under maxmemory,
 * within the time maxmemory-eviction-tenacity allows.  Called before every
 * command when maxmemory is set (server.c). */
int performEvictions(void);
/* Keep evicting from the event loop (CONFIG SET maxmemory, time limit hit). */
void evictStartTimer(void);
/* Bytes maxmemory does not count: INFO mem_not_counted_for_evict. */
size_t evictGetNotCountedMemory(void);
/* The apply hook of the maxmemory directive (config.c). */
int evictApplyMaxmemory(const char **err);
/* INFO total_eviction_exceeded_time / current_eviction_exceeded_time (ms),
 * and CONFIG RESETSTAT. */
long long evictTotalExceededTimeMs(void);
long long evictCurrentExceededTimeMs(void);
void evictResetStats(void);

#endif
