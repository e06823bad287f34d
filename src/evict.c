/* evict.c - access clocks for eviction.
 *
 * Every object keeps 24 bits of access information.  Under an LRU policy (or
 * none) it is a clock in seconds, wrapping every 194 days, from which OBJECT
 * IDLETIME is computed.  Under an LFU policy the 24 bits hold the minutes
 * since the last decrement (16 bits) and a logarithmic access counter
 * (8 bits): each access increments the counter with a probability that falls
 * as the counter grows (lfu-log-factor), and the counter decays by one every
 * lfu-decay-time minutes. */
#include "server.h"
#include "evict.h"

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
