/* memory.c - the MEMORY command: what a key costs, where the memory goes.
 *
 * MEMORY USAGE key [SAMPLES n] estimates the bytes a key and its value hold.
 * Our keyspace entries are not Redis's (the key and a short value live in
 * the value object itself, one pointer-sized slot in the table, see
 * object.h), so the figure counts what OUR allocations cost, measured with
 * the allocator's usable size, not what Redis would spend:
 *
 *   the entry object (header, expire, key, embedded value)
 *   + one table slot
 *   + the value's own allocations: a listpack or intset blob, a string's
 *     separate sds, a quicklist's nodes, a hash table's buckets and elements,
 *     a stream's radix tree, node listpacks and consumer groups.
 *
 * Big aggregates are sampled as Redis does: the first `samples` nodes or
 * elements (default 5, 0 = all) are measured and the average is multiplied
 * by the count.
 *
 * MEMORY STATS breaks used memory into overhead (start-up, clients, the
 * keyspace tables) and dataset, with the allocator's own figures; INFO's
 * Memory section and MEMORY STATS read the same getMemoryOverheadData(). */
#include "server.h"
#include "memory.h"
#include "eval.h"
#include "functions.h"
#include "quicklist.h"
#include "skiplist.h"
#include "stream.h"
#include "t_zset.h"

#ifdef USE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

#define MEMORY_DEFAULT_SAMPLES 5

/* ---- Sizing values ------------------------------------------------------ */

static size_t sdsMemory(sds s) { return zmalloc_size(sdsAllocPtr(s)); }

/* Average cost of the first `samples` elements of d, times its size.  cost
 * gives the bytes one element owns. */
static size_t dictElementsMemory(dict *d, size_t samples, size_t (*cost)(dict *d, void *elem)) {
    unsigned long n = dictSize(d);
    if (n == 0) return 0;
    size_t seen = 0, bytes = 0;
    dictIterator it;
    dictInitIterator(&it, d);
    void *elem;
    while ((elem = dictNext(&it)) != NULL && (samples == 0 || seen < samples)) {
        bytes += cost(d, elem);
        seen++;
    }
    dictResetIterator(&it);
    return seen ? (size_t)((double)bytes / seen * n) : 0;
}

/* A set element is the member's sds seen one byte early (t_set.c). */
static size_t setElementCost(dict *d, void *elem) { return sdsMemory((sds)d->type->entryGetKey(elem)); }

/* A hash element is one allocation holding field and value (t_hash.c). */
static size_t hashElementCost(dict *d, void *elem) {
    (void)d;
    return zmalloc_size(elem);
}

static size_t quicklistMemory(quicklist *ql, size_t samples) {
    size_t bytes = zmalloc_size(ql);
    size_t seen = 0, nodes_bytes = 0;
    for (quicklistNode *node = ql->head; node && (samples == 0 || seen < samples); node = node->next) {
        nodes_bytes += zmalloc_size(node) + zmalloc_size(node->entry);
        seen++;
    }
    if (seen) bytes += (size_t)((double)nodes_bytes / seen * ql->len);
    return bytes;
}

static size_t zsetSkiplistMemory(zset *zs, size_t samples) {
    size_t bytes = zmalloc_size(zs) + dictMemUsage(zs->dict) + zmalloc_size(zs->zsl) + zmalloc_size(zs->zsl->header);
    unsigned long n = zs->zsl->length;
    size_t seen = 0, nodes_bytes = 0;
    for (zskiplistNode *x = zs->zsl->header->next; x && (samples == 0 || seen < samples); x = x->next) {
        nodes_bytes += zmalloc_size(x);
        seen++;
    }
    if (seen) bytes += (size_t)((double)nodes_bytes / seen * n);
    return bytes;
}

/* A radix tree, estimated in constant time from its counts: every node is
 * a header with a few bytes of key run, padded (16 bytes once the
 * allocator rounds it), one pointer from its parent (the root's from the
 * rax itself), and one value pointer per key.  Walking the nodes would be
 * exact but linear, and a group's PEL can hold millions of them. */
static size_t raxMemory(rax *r) {
    return zmalloc_size(r) + r->numnodes * 16 + (r->numnodes + r->numele) * sizeof(void *);
}

/* The nodes' listpacks are sampled: the average of the first `samples`
 * stands for all but the last node, which is measured on its own (it is
 * usually the one still filling up, with room to spare). */
static size_t streamListpacksMemory(rax *nodes, size_t samples) {
    raxIterator ri;
    raxStart(&ri, nodes);
    raxSeek(&ri, "^", NULL, 0);
    size_t seen = 0, bytes = 0;
    while ((samples == 0 || seen < samples) && raxNext(&ri)) {
        bytes += zmalloc_size(ri.data);
        seen++;
    }
    if (seen < raxSize(nodes)) {
        bytes = (size_t)((double)bytes / seen * (raxSize(nodes) - 1));
        raxSeek(&ri, "$", NULL, 0);
        if (raxPrev(&ri)) bytes += zmalloc_size(ri.data);
    }
    raxStop(&ri);
    return bytes;
}

/* Groups are counted in full (there are few): the group, its PEL tree and
 * NACKs, and per consumer its struct, name and PEL tree (whose NACKs are
 * the group's). */
static size_t streamGroupsMemory(rax *cgroups) {
    size_t bytes = raxMemory(cgroups);
    raxIterator gi;
    raxStart(&gi, cgroups);
    raxSeek(&gi, "^", NULL, 0);
    while (raxNext(&gi)) {
        streamCG *cg = gi.data;
        bytes += zmalloc_size(cg) + raxMemory(cg->pel) + raxMemory(cg->consumers);
        raxIterator ci;
        raxStart(&ci, cg->pel);
        raxSeek(&ci, "^", NULL, 0);
        /* NACKs are all the same size: one measured stands for all. */
        if (raxNext(&ci)) bytes += raxSize(cg->pel) * zmalloc_size(ci.data);
        raxStop(&ci);
        raxStart(&ci, cg->consumers);
        raxSeek(&ci, "^", NULL, 0);
        while (raxNext(&ci)) {
            streamConsumer *consumer = ci.data;
            bytes += zmalloc_size(consumer) + sdsMemory(consumer->name) + raxMemory(consumer->pel);
        }
        raxStop(&ci);
    }
    raxStop(&gi);
    return bytes;
}

static size_t streamMemory(stream *s, size_t samples) {
    size_t bytes = zmalloc_size(s) + raxMemory(s->rax) + streamListpacksMemory(s->rax, samples);
    if (s->cgroups) bytes += streamGroupsMemory(s->cgroups);
    return bytes;
}

/* Bytes held by the value's own allocations, beyond the object itself. */
static size_t valueMemory(robj *o, size_t samples) {
    switch (o->encoding) {
    case OBJ_ENCODING_INT:
    case OBJ_ENCODING_EMBSTR: return 0;
    case OBJ_ENCODING_RAW: return o->embval ? 0 : sdsMemory(o->ptr);
    case OBJ_ENCODING_LISTPACK:
    case OBJ_ENCODING_INTSET: return zmalloc_size(o->ptr);
    case OBJ_ENCODING_QUICKLIST: return quicklistMemory(o->ptr, samples);
    case OBJ_ENCODING_HT: {
        dict *d = o->ptr;
        size_t (*cost)(dict *, void *) = o->type == OBJ_SET ? setElementCost : hashElementCost;
        return dictMemUsage(d) + dictElementsMemory(d, samples, cost);
    }
    case OBJ_ENCODING_SKIPLIST: return zsetSkiplistMemory(o->ptr, samples);
    case OBJ_ENCODING_STREAM: return streamMemory(o->ptr, samples);
    default: return 0;
    }
}

size_t objectComputeSize(robj *o, size_t samples) {
    return zmalloc_size(o) + sizeof(void *) + valueMemory(o, samples);
}

/* ---- Overhead ----------------------------------------------------------- */

void getMemoryOverheadData(memOverhead *mh) {
    memset(mh, 0, sizeof(*mh));
    mh->total_allocated = zmalloc_used_memory();
    if (mh->total_allocated > server.stat_peak_memory) server.stat_peak_memory = mh->total_allocated;
    mh->startup_allocated = server.initial_memory_usage;
    mh->peak_allocated = server.stat_peak_memory;

    listIter li;
    listNode *ln;
    listRewind(server.clients, &li);
    while ((ln = listNext(&li)) != NULL) {
        client *c = listNodeValue(ln);
        mh->clients_normal += getClientOutputBufferMemoryUsage(c) + sdsAllocSize(c->querybuf) + sizeof(client) +
                              c->buf_usable_size;
    }
    size_t overhead = mh->startup_allocated + mh->clients_normal;

    for (int j = 0; j < server.dbnum; j++) {
        redisDb *db = server.db + j;
        size_t keys = dictSize(db->keys);
        mh->keys_count += keys;
        if (keys == 0) continue;
        size_t main_ht = dictMemUsage(db->keys), expires_ht = dictMemUsage(db->expires);
        overhead += main_ht + expires_ht;
        if (mh->num_dbs == MEMORY_MAX_DBS_REPORTED) continue;
        mh->db[mh->num_dbs].dbid = j;
        mh->db[mh->num_dbs].overhead_ht_main = main_ht;
        mh->db[mh->num_dbs].overhead_ht_expires = expires_ht;
        mh->num_dbs++;
    }
    mh->overhead_total = overhead;
    mh->dataset = mh->total_allocated > overhead ? mh->total_allocated - overhead : 0;
    size_t net = mh->total_allocated > mh->startup_allocated ? mh->total_allocated - mh->startup_allocated : 0;
    mh->dataset_perc = net ? (float)mh->dataset * 100 / net : 0;
    mh->peak_perc = mh->peak_allocated ? (float)mh->total_allocated * 100 / mh->peak_allocated : 0;
    mh->bytes_per_key = mh->keys_count ? net / mh->keys_count : 0;

    zmalloc_get_allocator_info(&mh->allocator_allocated, &mh->allocator_active, &mh->allocator_resident);
    mh->rss = zmalloc_get_rss();
    mh->allocator_frag = mh->allocator_allocated ? (float)mh->allocator_active / mh->allocator_allocated : 0;
    mh->allocator_frag_bytes = (ssize_t)(mh->allocator_active - mh->allocator_allocated);
    mh->allocator_rss = mh->allocator_active ? (float)mh->allocator_resident / mh->allocator_active : 0;
    mh->allocator_rss_bytes = (ssize_t)(mh->allocator_resident - mh->allocator_active);
    mh->rss_extra = mh->allocator_resident ? (float)mh->rss / mh->allocator_resident : 0;
    mh->rss_extra_bytes = (ssize_t)(mh->rss - mh->allocator_resident);
    mh->total_frag = mh->total_allocated ? (float)mh->rss / mh->total_allocated : 0;
    mh->total_frag_bytes = (ssize_t)(mh->rss - mh->total_allocated);
}

/* ---- MEMORY DOCTOR ------------------------------------------------------ */

/* A plain-language report of what looks wrong, in our own words.  The
 * thresholds are Redis's: a peak far above current use, high
 * fragmentation, big client buffers. */
static sds memoryDoctorReport(void) {
    memOverhead mh;
    getMemoryOverheadData(&mh);
    if (mh.total_allocated < (1024 * 1024 * 5)) {
        return sdsnew("This instance holds less than 5 MB, too little for a meaningful memory diagnosis. "
                      "Run MEMORY DOCTOR again once it holds real data.");
    }
    sds s = sdsempty();
    int issues = 0;
    if (mh.peak_allocated > mh.total_allocated && (double)mh.peak_allocated / mh.total_allocated > 1.5) {
        s = sdscatprintf(s,
                         " * Peak memory: memory use once reached %.2f times what it is now. Allocator "
                         "fragmentation figures may look high because freed pages are kept; MEMORY PURGE "
                         "may return some of them.\n\n",
                         (double)mh.peak_allocated / mh.total_allocated);
        issues++;
    }
    if (mh.allocator_frag > 1.1 && mh.allocator_frag_bytes > 10 << 20) {
        s = sdscatprintf(s,
                         " * Allocator fragmentation: %.2f (%zd bytes). Many small frees scattered over "
                         "pages leave them partly used.\n\n",
                         mh.allocator_frag, mh.allocator_frag_bytes);
        issues++;
    }
    if (mh.total_frag > 1.4 && mh.total_frag_bytes > 10 << 20) {
        s = sdscatprintf(s,
                         " * RSS to used memory ratio: %.2f (%zd bytes more resident than allocated).\n\n",
                         mh.total_frag, mh.total_frag_bytes);
        issues++;
    }
    if (listLength(server.clients) && mh.clients_normal / listLength(server.clients) > (1024 * 200)) {
        s = sdscatprintf(s,
                         " * Clients: on average each client holds %zu bytes of buffers; slow readers or "
                         "big replies may be piling up (see CLIENT LIST omem and qbuf).\n\n",
                         mh.clients_normal / listLength(server.clients));
        issues++;
    }
    if (issues == 0) {
        sdsfree(s);
        return sdsnew("No memory problems found: fragmentation, peak and client buffers look normal.");
    }
    sds report = sdscatprintf(sdsempty(), "Memory report: %d issue(s) found.\n\n", issues);
    report = sdscatsds(report, s);
    sdsfree(s);
    return report;
}

/* ---- The command --------------------------------------------------------- */

void memoryUsageCommand(client *c) {
    long long samples = MEMORY_DEFAULT_SAMPLES;
    for (int j = 3; j < c->argc; j++) {
        if (!strcasecmp(c->argv[j]->ptr, "samples") && j + 1 < c->argc) {
            if (getLongLongFromObjectOrReply(c, c->argv[j + 1], &samples, NULL) != C_OK) return;
            if (samples < 0) {
                addReplyErrorObject(c, shared.syntaxerr);
                return;
            }
            j++;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    robj *o = lookupKeyReadWithFlags(c->db, c->argv[2], LOOKUP_NOTOUCH);
    if (o == NULL) {
        addReplyNull(c);
        return;
    }
    addReplyLongLong(c, (long long)objectComputeSize(o, (size_t)samples));
}

void memoryStatsCommand(client *c) {
    memOverhead mh;
    getMemoryOverheadData(&mh);
    addReplyMapLen(c, 27 + mh.num_dbs);
    addReplyBulkCString(c, "peak.allocated");
    addReplyLongLong(c, mh.peak_allocated);
    addReplyBulkCString(c, "total.allocated");
    addReplyLongLong(c, mh.total_allocated);
    addReplyBulkCString(c, "startup.allocated");
    addReplyLongLong(c, mh.startup_allocated);
    addReplyBulkCString(c, "replication.backlog");
    addReplyLongLong(c, 0);
    addReplyBulkCString(c, "clients.slaves");
    addReplyLongLong(c, 0);
    addReplyBulkCString(c, "clients.normal");
    addReplyLongLong(c, mh.clients_normal);
    addReplyBulkCString(c, "cluster.links");
    addReplyLongLong(c, 0);
    addReplyBulkCString(c, "aof.buffer");
    addReplyLongLong(c, 0);
    addReplyBulkCString(c, "lua.caches");
    addReplyLongLong(c, evalScriptsMemory());
    addReplyBulkCString(c, "functions.caches");
    addReplyLongLong(c, functionsMemoryOverhead());
    for (size_t j = 0; j < mh.num_dbs; j++) {
        char name[32];
        snprintf(name, sizeof(name), "db.%d", mh.db[j].dbid);
        addReplyBulkCString(c, name);
        addReplyMapLen(c, 3);
        addReplyBulkCString(c, "overhead.hashtable.main");
        addReplyLongLong(c, mh.db[j].overhead_ht_main);
        addReplyBulkCString(c, "overhead.hashtable.expires");
        addReplyLongLong(c, mh.db[j].overhead_ht_expires);
        addReplyBulkCString(c, "overhead.hashtable.slot-to-keys");
        addReplyLongLong(c, 0);
    }
    addReplyBulkCString(c, "overhead.total");
    addReplyLongLong(c, mh.overhead_total);
    addReplyBulkCString(c, "keys.count");
    addReplyLongLong(c, mh.keys_count);
    addReplyBulkCString(c, "keys.bytes-per-key");
    addReplyLongLong(c, mh.bytes_per_key);
    addReplyBulkCString(c, "dataset.bytes");
    addReplyLongLong(c, mh.dataset);
    addReplyBulkCString(c, "dataset.percentage");
    addReplyDouble(c, mh.dataset_perc);
    addReplyBulkCString(c, "peak.percentage");
    addReplyDouble(c, mh.peak_perc);
    addReplyBulkCString(c, "allocator.allocated");
    addReplyLongLong(c, mh.allocator_allocated);
    addReplyBulkCString(c, "allocator.active");
    addReplyLongLong(c, mh.allocator_active);
    addReplyBulkCString(c, "allocator.resident");
    addReplyLongLong(c, mh.allocator_resident);
    addReplyBulkCString(c, "allocator-fragmentation.ratio");
    addReplyDouble(c, mh.allocator_frag);
    addReplyBulkCString(c, "allocator-fragmentation.bytes");
    addReplyLongLong(c, mh.allocator_frag_bytes);
    addReplyBulkCString(c, "allocator-rss.ratio");
    addReplyDouble(c, mh.allocator_rss);
    addReplyBulkCString(c, "allocator-rss.bytes");
    addReplyLongLong(c, mh.allocator_rss_bytes);
    addReplyBulkCString(c, "rss-overhead.ratio");
    addReplyDouble(c, mh.rss_extra);
    addReplyBulkCString(c, "rss-overhead.bytes");
    addReplyLongLong(c, mh.rss_extra_bytes);
    addReplyBulkCString(c, "fragmentation");
    addReplyDouble(c, mh.total_frag);
    addReplyBulkCString(c, "fragmentation.bytes");
    addReplyLongLong(c, mh.total_frag_bytes);
}

void memoryDoctorCommand(client *c) {
    sds report = memoryDoctorReport();
    addReplyVerbatim(c, report, sdslen(report), "txt");
    sdsfree(report);
}

#ifdef USE_JEMALLOC
static void statsWrite(void *opaque, const char *text) {
    sds *out = opaque;
    *out = sdscat(*out, text);
}
#endif

void memoryMallocStatsCommand(client *c) {
#ifdef USE_JEMALLOC
    sds out = sdsempty();
    malloc_stats_print(statsWrite, &out, NULL);
    addReplyVerbatim(c, out, sdslen(out), "txt");
    sdsfree(out);
#else
    addReplyVerbatim(c, "Stats not supported for the current allocator", 45, "txt");
#endif
}

void memoryPurgeCommand(client *c) {
#ifdef USE_JEMALLOC
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "arena.%u.purge", (unsigned)MALLCTL_ARENAS_ALL);
    if (mallctl(cmd, NULL, NULL, NULL, 0) != 0) {
        addReplyError(c, "Error purging dirty pages");
        return;
    }
#endif
    addReply(c, shared.ok);
}

void memoryHelpCommand(client *c) {
    const char *help[] = {
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
        NULL};
    addReplyHelp(c, help);
}
