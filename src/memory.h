/* memory.h - what keys cost and where memory goes (MEMORY, INFO memory).
 *
 * See memory.c. */
#ifndef MEMORY_H
#define MEMORY_H

#include <stddef.h>
#include <sys/types.h>

struct redisObject;

/* Bytes a keyspace entry holds: the entry object, its table slot and the
 * value's own allocations; aggregates sampled over `samples` nodes or
 * elements (0 = all). */
size_t objectComputeSize(struct redisObject *o, size_t samples);

#define MEMORY_MAX_DBS_REPORTED 1024

/* The breakdown MEMORY STATS and INFO memory report. */
typedef struct memOverhead {
    size_t peak_allocated;
    size_t total_allocated;
    size_t startup_allocated;
    size_t clients_normal;
    size_t overhead_total;
    size_t dataset;
    size_t keys_count;
    size_t bytes_per_key;
    float dataset_perc;
    float peak_perc;
    size_t allocator_allocated, allocator_active, allocator_resident, rss;
    float allocator_frag, allocator_rss, rss_extra, total_frag;
    ssize_t allocator_frag_bytes, allocator_rss_bytes, rss_extra_bytes, total_frag_bytes;
    size_t num_dbs; /* databases holding keys, listed in db[] */
    struct {
        int dbid;
        size_t overhead_ht_main;
        size_t overhead_ht_expires;
    } db[MEMORY_MAX_DBS_REPORTED];
} memOverhead;

void getMemoryOverheadData(memOverhead *mh);

#endif
