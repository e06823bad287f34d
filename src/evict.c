/* evict.c - maxmemory: access clocks, and evicting keys to stay under the
 * limit.
 *
 * Access clocks.  Every object keeps 24 bits of access information.  Under
 * an LRU policy (or none) it is a clock in seconds, wrapping every 194 days,
 * from which OBJECT IDLETIME is computed.  Under an LFU policy the 24 bits
 * hold the minutes since the last decrement (16 bits) and a logarithmic
 * access counter (8 bits): each access increments the counter with a
 * probability that falls as the counter grows (lfu-log-factor), and the
 * counter decays by one every lfu-decay-time minutes.
 *
 * Eviction.  Before a command runs (server.c) and from a timer while a big
 * deficit is being paid off, performEvictions() compares the memory in use
 * (minus what does not count: the AOF buffer) with maxmemory and deletes keys
 * chosen by maxmemory-policy until enough bytes are freed:
 *
 *   - the random policies pick a random key, visiting the databases in turn;
 *   - the LRU, LFU and TTL policies approximate "the best key of all" with
 *     sampling: maxmemory-samples keys are drawn from each non-empty database
 *     and offered to a pool of the 16 best candidates seen so far, ordered by
 *     a score where higher means "evict sooner" (idle time; 255 minus the
 *     LFU counter; the negated expire time).  The pool lives across calls, so
 *     good candidates found earlier are not forgotten, and the best entry
 *     still present in the keyspace is evicted.  Pool entries copy the key
 *     name: an entry whose key was deleted meanwhile is simply skipped.
 *
 * Each call spends at most the time maxmemory-eviction-tenacity allows; if
 * memory is still over the limit then, a timer event keeps evicting on the
 * following event loop iterations, and commands keep running meanwhile.  A
 * call that can find nothing to evict (noeviction, or a volatile policy with
 * no key having a TTL) reports failure: denyoom commands then get -OOM. */
#include "server.h"
#include "evict.h"
#include "aof.h"
#include "lazyfree.h"
#include "latency.h"
#include "notify.h"

#include <math.h>

int evictPolicyIsLFU(void) { return (server.maxmemory_policy & MAXMEMORY_FLAG_LFU) != 0; }

int evictPolicyUsesObjectClock(void) {
    return server.maxmemory && (server.maxmemory_policy & MAXMEMORY_FLAG_NO_SHARED_INTEGERS);
}

static unsigned long LFUTimeInMinutes(void) { return (server.unixtime / 60) & 65535; }

unsigned int objectInitialLRU(void) {
    if (evictPolicyIsLFU()) return (LFUTimeInMinutes() << 8) | LFU_INIT_VAL;
    return LRU_CLOCK();
}

/* Milliseconds since the object was last accessed, by the LRU clock. */
unsigned long long estimateObjectIdleTime(robj *o) {
    unsigned long long now = LRU_CLOCK();
    if (now >= o->lru) return (now - o->lru) * LRU_CLOCK_RESOLUTION;
    return (now + (LRU_CLOCK_MAX - o->lru)) * LRU_CLOCK_RESOLUTION;
}

static unsigned long LFUElapsedMinutes(unsigned long ldt) {
    unsigned long now = LFUTimeInMinutes();
    if (now >= ldt) return now - ldt;
    return 65535 - ldt + now;
}

/* The counter after applying the decay due since the last access. */
unsigned long LFUDecrAndReturn(robj *o) {
    unsigned long ldt = o->lru >> 8;
    unsigned long counter = o->lru & 255;
    unsigned long periods = server.lfu_decay_time ? LFUElapsedMinutes(ldt) / server.lfu_decay_time : 0;
    if (periods) counter = periods > counter ? 0 : counter - periods;
    return counter;
}

static uint8_t LFULogIncr(uint8_t counter) {
    if (counter == 255) return 255;
    double r = (double)rand() / RAND_MAX;
    double baseval = counter > LFU_INIT_VAL ? counter - LFU_INIT_VAL : 0;
    double p = 1.0 / (baseval * server.lfu_log_factor + 1);
    if (r < p) counter++;
    return counter;
}

void updateObjectAccess(robj *o) {
    if (evictPolicyIsLFU()) {
        unsigned long counter = LFUDecrAndReturn(o);
        counter = LFULogIncr(counter);
        o->lru = (LFUTimeInMinutes() << 8) | counter;
    } else {
        o->lru = LRU_CLOCK();
    }
}

/* ===========================================================================
 * How much memory counts
 * ======================================================================== */

/* Memory maxmemory does not hold against the dataset: buffers that exist to
 * propagate writes (here the AOF buffer; Redis also counts the replicas'
 * share of the replication buffer).  Evicting keys to make room for them
 * would delete more keys, which propagates more DELs: a feedback loop. */
size_t evictGetNotCountedMemory(void) {
    size_t overhead = 0;
    if (server.aof_state != AOF_OFF) overhead += aofBufferSize();
    return overhead;
}

/* C_OK when the memory that counts is within maxmemory (or there is no
 * limit); else C_ERR and *tofree says how many bytes are over. */
static int evictGetMaxmemoryState(size_t *tofree) {
    if (!server.maxmemory) return C_OK;
    size_t used = zmalloc_used_memory();
    /* Fast path: under the limit even before subtracting anything. */
    if (used <= server.maxmemory) return C_OK;
    size_t overhead = evictGetNotCountedMemory();
    used = used > overhead ? used - overhead : 0;
    if (used <= server.maxmemory) return C_OK;
    if (tofree) *tofree = used - server.maxmemory;
    return C_ERR;
}

/* ===========================================================================
 * The candidate pool (LRU, LFU and TTL policies)
 * ======================================================================== */

#define EVPOOL_SIZE 16
/* Key buffers up to this size are kept for reuse when an entry leaves the
 * pool; longer ones are freed, so one huge key name is not held forever. */
#define EVPOOL_KEEP_BUFFER 255

typedef struct evictionCandidate {
    unsigned long long score; /* higher: a better key to evict */
    sds key;                  /* NULL: the slot is empty */
    sds spare;                /* a buffer for the next key stored here */
    int dbid;
} evictionCandidate;

/* Sorted by ascending score; empty slots are all at the end (entries are
 * only ever taken from the high end, see evictPoolPopBest). */
static evictionCandidate evict_pool[EVPOOL_SIZE];

static unsigned long long evictScore(robj *o) {
    if (server.maxmemory_policy & MAXMEMORY_FLAG_LRU) return estimateObjectIdleTime(o);
    if (server.maxmemory_policy & MAXMEMORY_FLAG_LFU) return 255 - LFUDecrAndReturn(o);
    /* volatile-ttl: the sooner it expires, the higher the score. */
    return ULLONG_MAX - (unsigned long long)objectGetExpire(o);
}

/* A key buffer holding `key`, recycled from the slot when possible. */
static sds evictPoolKeyCopy(evictionCandidate *slot, sds key) {
    sds buf = slot->spare;
    slot->spare = NULL;
    if (buf) return sdscpylen(buf, key, sdslen(key));
    return sdsnewlen(key, sdslen(key));
}

/* The key of an entry leaving the pool: keep its buffer if small. */
static void evictPoolRecycle(evictionCandidate *slot, sds key) {
    if (slot->spare == NULL && sdsalloc(key) <= EVPOOL_KEEP_BUFFER) slot->spare = key;
    else sdsfree(key);
}

/* Offer one sampled entry to the pool. */
static void evictPoolOffer(int dbid, robj *o) {
    unsigned long long score = evictScore(o);
    int pos = 0; /* entries below pos score lower than the new one */
    while (pos < EVPOOL_SIZE && evict_pool[pos].key && evict_pool[pos].score < score) pos++;
    int full = evict_pool[EVPOOL_SIZE - 1].key != NULL;
    if (pos == 0 && full) return; /* worse than everything kept */
    evictionCandidate incoming;
    if (!full) {
        /* Open a slot at pos: shift the higher entries right (into the
         * first empty slot, which lends its spare buffer). */
        incoming = evict_pool[EVPOOL_SIZE - 1];
        memmove(evict_pool + pos + 1, evict_pool + pos, sizeof(evictionCandidate) * (EVPOOL_SIZE - 1 - pos));
    } else {
        /* Drop the lowest entry and shift the lower ones left. */
        pos--;
        incoming = evict_pool[0];
        evictPoolRecycle(&incoming, incoming.key);
        memmove(evict_pool, evict_pool + 1, sizeof(evictionCandidate) * pos);
    }
    incoming.key = evictPoolKeyCopy(&incoming, objectGetKey(o));
    incoming.score = score;
    incoming.dbid = dbid;
    evict_pool[pos] = incoming;
}

/* Sample each database's candidate table; returns the keys those tables
 * hold in all (0: nothing can be evicted). */
static unsigned long evictPoolPopulate(void) {
    unsigned long total = 0;
    unsigned long samples = (unsigned long)server.maxmemory_samples;
    robj *stack_buf[16];
    robj **sampled = stack_buf;
    unsigned long capacity = 16;
    for (int j = 0; j < server.dbnum; j++) {
        redisDb *db = server.db + j;
        dict *d = (server.maxmemory_policy & MAXMEMORY_FLAG_ALLKEYS) ? db->keys : db->expires;
        if (dictSize(d) == 0) continue;
        total += dictSize(d);
        /* A sample never exceeds the table: a huge maxmemory-samples costs
         * no more than sampling every key. */
        unsigned long want = samples < dictSize(d) ? samples : dictSize(d);
        if (want > capacity) {
            if (sampled != stack_buf) zfree(sampled);
            sampled = zmalloc(sizeof(robj *) * want);
            capacity = want;
        }
        unsigned int n = dictGetSomeElements(d, (void **)sampled, (unsigned int)want);
        for (unsigned int k = 0; k < n; k++) evictPoolOffer(j, sampled[k]);
    }
    if (sampled != stack_buf) zfree(sampled);
    return total;
}

/* Take the best candidate still present; its key name is returned (owned by
 * the caller) with its database, or NULL when the pool has none left. */
static sds evictPoolPopBest(int *dbid) {
    for (int k = EVPOOL_SIZE - 1; k >= 0; k--) {
        evictionCandidate *slot = &evict_pool[k];
        if (!slot->key) continue;
        sds key = slot->key;
        slot->key = NULL;
        redisDb *db = server.db + slot->dbid;
        dict *d = (server.maxmemory_policy & MAXMEMORY_FLAG_ALLKEYS) ? db->keys : db->expires;
        if (dictFind(d, key)) {
            *dbid = slot->dbid;
            return key;
        }
        evictPoolRecycle(slot, key); /* deleted, or lost its TTL, meanwhile */
    }
    return NULL;
}

/* The next key to evict under maxmemory-policy, or NULL if there is none. */
static sds evictSelectKey(int *dbid) {
    if (server.maxmemory_policy & (MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_LFU) ||
        server.maxmemory_policy == MAXMEMORY_VOLATILE_TTL) {
        /* Fresh samples for every key evicted: the pool keeps the best
         * of all the samples seen, which is what makes it a good
         * approximation.  An empty pass (every candidate gone) samples
         * again. */
        for (;;) {
            if (evictPoolPopulate() == 0) return NULL;
            sds key = evictPoolPopBest(dbid);
            if (key) return key;
        }
    }
    /* allkeys-random, volatile-random: the databases take turns. */
    static unsigned int next_db = 0;
    for (int j = 0; j < server.dbnum; j++) {
        redisDb *db = server.db + (++next_db % server.dbnum);
        dict *d = server.maxmemory_policy == MAXMEMORY_ALLKEYS_RANDOM ? db->keys : db->expires;
        if (dictSize(d) == 0) continue;
        robj *o = dictGetRandomElement(d);
        *dbid = db->id;
        sds key = objectGetKey(o);
        return sdsnewlen(key, sdslen(key));
    }
    return NULL;
}

/* ===========================================================================
 * Evicting
 * ======================================================================== */

/* Statistics: INFO's total_eviction_exceeded_time and
 * current_eviction_exceeded_time (time spent over the limit). */
static monotime exceeded_since;      /* 0: not over the limit */
static uint64_t exceeded_total_us;   /* finished periods */
static int eviction_timer_running = 0;

/* Microseconds one call may spend evicting, from maxmemory-eviction-tenacity:
 * 50us per step up to 10 (the default, 500us), then 15% more per step
 * (about two minutes at 99), and no limit at 100. */
static unsigned long long evictTimeLimitUs(void) {
    int tenacity = server.maxmemory_eviction_tenacity;
    if (tenacity <= 10) return 50ULL * tenacity;
    if (tenacity < 100) return (unsigned long long)(500.0 * pow(1.15, tenacity - 10.0));
    return ULLONG_MAX;
}

static int evictTimerProc(struct aeEventLoop *el, long long id, void *privdata) {
    (void)el;
    (void)id;
    (void)privdata;
    if (performEvictions() == EVICT_RUNNING) return 0; /* again on the next iteration */
    eviction_timer_running = 0;
    return AE_NOMORE;
}

/* Keep evicting from the event loop until memory is back under the limit. */
void evictStartTimer(void) {
    if (eviction_timer_running || server.el == NULL) return;
    eviction_timer_running = 1;
    aeCreateTimeEvent(server.el, 0, evictTimerProc, NULL, NULL);
}

/* Conditions under which the dataset must not change behind the clients'
 * backs: while loading, and while clients are paused. */
static int evictIsSafe(void) {
    if (server.loading) return 0;
    if (checkClientPauseTimeoutAndReturnIfPaused()) return 0;
    return 1;
}

/* Delete one key chosen by the policy, and tell everyone: the evicted
 * event, WATCH, and the AOF (DEL, or UNLINK with lazyfree-lazy-eviction).
 * Returns the bytes the deletion itself freed (negative in theory). */
static long long evictKey(redisDb *db, sds name) {
    robj *key = createStringObject(name, sdslen(name));
    long long latency, before = (long long)zmalloc_used_memory();
    latencyStartMonitor(latency);
    if (server.lazyfree_lazy_eviction) dbAsyncDelete(db, key);
    else dbSyncDelete(db, key);
    latencyEndMonitor(latency);
    latencyAddSampleIfNeeded("eviction-del", latency);
    long long freed = before - (long long)zmalloc_used_memory();
    server.stat_evictedkeys++;
    signalModifiedKey(NULL, db, key);
    notifyKeyspaceEvent(NOTIFY_EVICTED, "evicted", key, db->id);
    robj *argv[2] = {server.lazyfree_lazy_eviction ? shared.unlink : shared.del, key};
    alsoPropagate(db->id, argv, 2);
    /* Outside a command (before one runs, or from the timer) it goes out at
     * once, on its own. */
    if (server.execution_nesting == 0) propagatePendingCommands();
    decrRefCount(key);
    return freed;
}

static void evictUpdateExceededTime(int result) {
    if (result == EVICT_OK) {
        if (exceeded_since) {
            exceeded_total_us += elapsedUs(exceeded_since);
            exceeded_since = 0;
        }
    } else if (!exceeded_since) {
        elapsedStart(&exceeded_since);
    }
}

/* Evict until `tofree` bytes are freed, the time limit is reached (the
 * timer takes over: EVICT_RUNNING) or nothing is left to evict (EVICT_FAIL). */
static int evictFree(size_t tofree) {
    unsigned long long limit_us = evictTimeLimitUs();
    monotime start;
    elapsedStart(&start);
    long long latency, freed = 0;
    unsigned long keys_freed = 0;
    latencyStartMonitor(latency);
    int result = EVICT_OK;
    while (freed < (long long)tofree) {
        int dbid;
        sds name = evictSelectKey(&dbid);
        if (name == NULL) {
            result = EVICT_FAIL;
            break;
        }
        freed += evictKey(server.db + dbid, name);
        sdsfree(name);
        if (++keys_freed % 16) continue;
        /* Every 16 keys: with lazy freeing the background thread releases
         * memory that `freed` does not see, so look at the real figure;
         * and give up for now when the time budget is spent. */
        if (server.lazyfree_lazy_eviction && evictGetMaxmemoryState(NULL) == C_OK) break;
        if (elapsedUs(start) > limit_us) {
            evictStartTimer();
            break;
        }
    }
    if (result == EVICT_OK && eviction_timer_running) result = EVICT_RUNNING;
    /* Nothing left to evict, but values being freed in the background may
     * be enough: wait for them a little. */
    if (result == EVICT_FAIL && lazyfreeGetPendingObjectsCount()) {
        usleep(limit_us > 1000000 ? 1000000 : limit_us);
        if (evictGetMaxmemoryState(NULL) == C_OK) result = EVICT_OK;
    }
    latencyEndMonitor(latency);
    latencyAddSampleIfNeeded("eviction-cycle", latency);
    return result;
}

int performEvictions(void) {
    /* Not evicting here is not a failure: commands are not refused. */
    if (!evictIsSafe()) return EVICT_OK;
    size_t tofree = 0;
    int result = EVICT_FAIL;
    if (evictGetMaxmemoryState(&tofree) == C_OK) {
        result = EVICT_OK;
    } else if (server.maxmemory_policy != MAXMEMORY_NO_EVICTION) {
        result = evictFree(tofree);
    }
    evictUpdateExceededTime(result);
    return result;
}

/* The apply hook of CONFIG SET maxmemory: a limit below the memory in use
 * starts evicting right away (from the event loop). */
int evictApplyMaxmemory(const char **err) {
    (void)err;
    if (!server.maxmemory || server.el == NULL) return 1;
    size_t used = zmalloc_used_memory() - evictGetNotCountedMemory();
    if (server.maxmemory < used)
        serverLog(LL_WARNING,
                  "WARNING: the new maxmemory value set via CONFIG SET (%llu) is smaller than the current memory "
                  "usage (%zu). This will result in key eviction and/or the inability to accept new write commands "
                  "depending on the maxmemory-policy.",
                  server.maxmemory, used);
    evictStartTimer();
    return 1;
}

/* INFO stats, in milliseconds. */
long long evictTotalExceededTimeMs(void) {
    uint64_t us = exceeded_total_us + (exceeded_since ? elapsedUs(exceeded_since) : 0);
    return (long long)(us / 1000);
}

long long evictCurrentExceededTimeMs(void) {
    return exceeded_since ? (long long)(elapsedUs(exceeded_since) / 1000) : 0;
}

void evictResetStats(void) {
    exceeded_total_us = 0;
    exceeded_since = 0;
}
