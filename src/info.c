/* info.c - the INFO command: sections of "field:value" lines describing the
 * server, with the field names Redis 7.0 uses so that monitoring tools read
 * them unchanged.  Subsystems that are not built yet report their idle
 * values. */
#include "server.h"
#include "memory.h"
#include "pubsub.h"
#include "evict.h"
#include "childinfo.h"
#include "lazyfree.h"
#include "aof.h"
#include "eval.h"
#include "functions.h"

#include <sys/resource.h>
#include <sys/utsname.h>

void bytesToHuman(char *s, size_t size, unsigned long long n) {
    double d;
    if (n < 1024) {
        snprintf(s, size, "%lluB", n);
    } else if (n < (1024ULL * 1024)) {
        d = (double)n / 1024;
        snprintf(s, size, "%.2fK", d);
    } else if (n < (1024ULL * 1024 * 1024)) {
        d = (double)n / (1024 * 1024);
        snprintf(s, size, "%.2fM", d);
    } else if (n < (1024ULL * 1024 * 1024 * 1024)) {
        d = (double)n / (1024ULL * 1024 * 1024);
        snprintf(s, size, "%.2fG", d);
    } else if (n < (1024ULL * 1024 * 1024 * 1024 * 1024)) {
        d = (double)n / (1024ULL * 1024 * 1024 * 1024);
        snprintf(s, size, "%.2fT", d);
    } else {
        d = (double)n / (1024ULL * 1024 * 1024 * 1024 * 1024);
        snprintf(s, size, "%.2fP", d);
    }
}

static const char *default_sections[] = {"server", "clients", "memory", "persistence", "stats", "replication",
                                         "cpu", "module_list", "errorstats", "cluster", "keyspace", NULL};
static const char *all_only_sections[] = {"commandstats", "latencystats", NULL};

/* The sections asked for: a short list of lowercase names. */
typedef struct infoSections {
    sds names[64];
    int count;
} infoSections;

static int sectionWanted(infoSections *sections, const char *name) {
    for (int j = 0; j < sections->count; j++)
        if (!strcmp(sections->names[j], name)) return 1;
    return 0;
}

static void addSection(infoSections *sections, const char *name) {
    if (sections->count == 64 || sectionWanted(sections, name)) return;
    sds s = sdsnew(name);
    sdstolower(s);
    if (sectionWanted(sections, s)) {
        sdsfree(s);
        return;
    }
    sections->names[sections->count++] = s;
}

static sds infoServer(sds info) {
    static struct utsname name;
    static int got_name = 0;
    if (!got_name) {
        uname(&name);
        got_name = 1;
    }
    long long uptime = server.unixtime - server.stat_starttime;
    return sdscatprintf(info,
                        "# Server\r\n"
                        "redis_version:%s\r\n"
                        "redis_git_sha1:00000000\r\n"
                        "redis_git_dirty:0\r\n"
                        "redis_build_id:0\r\n"
                        "redis_mode:standalone\r\n"
                        "os:%s %s %s\r\n"
                        "arch_bits:%d\r\n"
                        "monotonic_clock:%s\r\n"
                        "multiplexing_api:%s\r\n"
                        "atomicvar_api:c11-builtin\r\n"
                        "gcc_version:%d.%d.%d\r\n"
                        "process_id:%lld\r\n"
                        "process_supervised:no\r\n"
                        "run_id:%s\r\n"
                        "tcp_port:%d\r\n"
                        "server_time_usec:%lld\r\n"
                        "uptime_in_seconds:%lld\r\n"
                        "uptime_in_days:%lld\r\n"
                        "hz:%d\r\n"
                        "configured_hz:%d\r\n"
                        "lru_clock:%u\r\n"
                        "executable:%s\r\n"
                        "config_file:%s\r\n"
                        "io_threads_active:0\r\n",
                        REDIS_VERSION, name.sysname, name.release, name.machine, server.arch_bits, monotonicInit(),
                        aeGetApiName(),
#ifdef __GNUC__
                        __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__,
#else
                        0, 0, 0,
#endif
                        (long long)getpid(), server.runid, server.port, (long long)server.ustime, uptime,
                        uptime / (3600 * 24), server.hz, server.config_hz, server.lruclock,
                        server.executable ? server.executable : "", server.configfile ? server.configfile : "");
}

static sds infoClients(sds info) {
    size_t maxin = 0, maxout = 0;
    listIter li;
    listNode *ln;
    listRewind(server.clients, &li);
    while ((ln = listNext(&li)) != NULL) {
        client *c = listNodeValue(ln);
        size_t in = sdsAllocSize(c->querybuf), out = getClientOutputBufferMemoryUsage(c) + c->bufpos;
        if (in > maxin) maxin = in;
        if (out > maxout) maxout = out;
    }
    return sdscatprintf(info,
                        "# Clients\r\n"
                        "connected_clients:%lu\r\n"
                        "cluster_connections:0\r\n"
                        "maxclients:%u\r\n"
                        "client_recent_max_input_buffer:%zu\r\n"
                        "client_recent_max_output_buffer:%zu\r\n"
                        "blocked_clients:%lu\r\n"
                        "tracking_clients:0\r\n"
                        "clients_in_timeout_table:%lu\r\n",
                        listLength(server.clients), server.maxclients, maxin, maxout, blockedClientsCount(),
                        blockedClientsWithTimeout());
}

/* The scripting part of the memory section: the Lua VM of EVAL and its
 * script cache (eval.c); functions (FUNCTION) add theirs to the totals. */
static sds infoScriptsMemory(void) {
    char lua_hmem[64], vm_total_hmem[64], scripts_hmem[64];
    size_t vm_eval = evalMemoryLua(), scripts_eval = evalScriptsMemory();
    size_t vm_functions = functionsVmMemory(), functions = functionsMemoryOverhead();
    bytesToHuman(lua_hmem, sizeof(lua_hmem), vm_eval);
    bytesToHuman(vm_total_hmem, sizeof(vm_total_hmem), vm_eval + vm_functions);
    bytesToHuman(scripts_hmem, sizeof(scripts_hmem), scripts_eval + functions);
    return sdscatprintf(sdsempty(),
                        "used_memory_lua:%zu\r\n"
                        "used_memory_vm_eval:%zu\r\n"
                        "used_memory_lua_human:%s\r\n"
                        "used_memory_scripts_eval:%zu\r\n"
                        "number_of_cached_scripts:%lu\r\n"
                        "number_of_functions:%lu\r\n"
                        "number_of_libraries:%lu\r\n"
                        "used_memory_vm_functions:%zu\r\n"
                        "used_memory_vm_total:%zu\r\n"
                        "used_memory_vm_total_human:%s\r\n"
                        "used_memory_functions:%zu\r\n"
                        "used_memory_scripts:%zu\r\n"
                        "used_memory_scripts_human:%s\r\n",
                        vm_eval, vm_eval, lua_hmem, scripts_eval, evalScriptsCount(), functionsCount(), functionsLibCount(), vm_functions,
                        vm_eval + vm_functions, vm_total_hmem, functions, scripts_eval + functions, scripts_hmem);
}

static sds infoMemory(sds info) {
    char hmem[64], peak_hmem[64], total_system_hmem[64], maxmemory_hmem[64], rss_hmem[64];
    /* The same breakdown as MEMORY STATS (memory.c); it also raises the
     * recorded peak to the current use. */
    memOverhead mh;
    getMemoryOverheadData(&mh);
    size_t used = mh.total_allocated, rss = mh.rss;
    size_t total_system_mem = zmalloc_total_system_memory();
    bytesToHuman(hmem, sizeof(hmem), used);
    bytesToHuman(peak_hmem, sizeof(peak_hmem), server.stat_peak_memory);
    bytesToHuman(total_system_hmem, sizeof(total_system_hmem), total_system_mem);
    bytesToHuman(maxmemory_hmem, sizeof(maxmemory_hmem), server.maxmemory);
    bytesToHuman(rss_hmem, sizeof(rss_hmem), rss);
    const char *policy = "noeviction";
    switch (server.maxmemory_policy) {
    case MAXMEMORY_VOLATILE_LRU: policy = "volatile-lru"; break;
    case MAXMEMORY_VOLATILE_LFU: policy = "volatile-lfu"; break;
    case MAXMEMORY_VOLATILE_RANDOM: policy = "volatile-random"; break;
    case MAXMEMORY_VOLATILE_TTL: policy = "volatile-ttl"; break;
    case MAXMEMORY_ALLKEYS_LRU: policy = "allkeys-lru"; break;
    case MAXMEMORY_ALLKEYS_LFU: policy = "allkeys-lfu"; break;
    case MAXMEMORY_ALLKEYS_RANDOM: policy = "allkeys-random"; break;
    }
    sds scripts = infoScriptsMemory();
    info = sdscatprintf(
        info,
        "# Memory\r\n"
        "used_memory:%zu\r\n"
        "used_memory_human:%s\r\n"
        "used_memory_rss:%zu\r\n"
        "used_memory_rss_human:%s\r\n"
        "used_memory_peak:%zu\r\n"
        "used_memory_peak_human:%s\r\n"
        "used_memory_peak_perc:%.2f%%\r\n"
        "used_memory_overhead:%zu\r\n"
        "used_memory_startup:%zu\r\n"
        "used_memory_dataset:%zu\r\n"
        "used_memory_dataset_perc:%.2f%%\r\n"
        "allocator_allocated:%zu\r\n"
        "allocator_active:%zu\r\n"
        "allocator_resident:%zu\r\n"
        "total_system_memory:%zu\r\n"
        "total_system_memory_human:%s\r\n"
        "%s"
        "maxmemory:%llu\r\n"
        "maxmemory_human:%s\r\n"
        "maxmemory_policy:%s\r\n"
        "allocator_frag_ratio:%.2f\r\n"
        "allocator_frag_bytes:%zd\r\n"
        "allocator_rss_ratio:%.2f\r\n"
        "allocator_rss_bytes:%zd\r\n"
        "rss_overhead_ratio:%.2f\r\n"
        "rss_overhead_bytes:%zd\r\n"
        "mem_fragmentation_ratio:%.2f\r\n"
        "mem_fragmentation_bytes:%zd\r\n"
        "mem_not_counted_for_evict:%zu\r\n"
        "mem_replication_backlog:0\r\n"
        "mem_total_replication_buffers:0\r\n"
        "mem_clients_slaves:0\r\n"
        "mem_clients_normal:%zu\r\n"
        "mem_cluster_links:0\r\n"
        "mem_aof_buffer:%zu\r\n"
        "mem_allocator:%s\r\n"
        "active_defrag_running:0\r\n"
        "lazyfree_pending_objects:%zu\r\n"
        "lazyfreed_objects:%zu\r\n",
        used, hmem, rss, rss_hmem, mh.peak_allocated, peak_hmem, mh.peak_perc, mh.overhead_total,
        mh.startup_allocated, mh.dataset, mh.dataset_perc, mh.allocator_allocated, mh.allocator_active,
        mh.allocator_resident, total_system_mem, total_system_hmem, scripts, server.maxmemory, maxmemory_hmem, policy,
        mh.allocator_frag, mh.allocator_frag_bytes, mh.allocator_rss, mh.allocator_rss_bytes, mh.rss_extra,
        mh.rss_extra_bytes, mh.total_frag, mh.total_frag_bytes, evictGetNotCountedMemory(), mh.clients_normal, aofBufferSize(), zmalloc_lib_name(), lazyfreeGetPendingObjectsCount(),
        lazyfreeGetFreedObjectsCount());
    sdsfree(scripts);
    return info;
}

/* The loading_* fields, shown while a dataset is being loaded. */
static sds infoLoadingProgress(sds info) {
    double perc = 0;
    off_t remaining = 1;
    if (server.loading_total_bytes) {
        perc = (double)server.loading_loaded_bytes / server.loading_total_bytes * 100;
        remaining = server.loading_total_bytes - server.loading_loaded_bytes;
    }
    /* Without enough elapsed time there is no rate: a token second. */
    time_t elapsed = time(NULL) - server.loading_start_time;
    time_t eta = elapsed == 0 ? 1 : (time_t)(elapsed * remaining / (server.loading_loaded_bytes + 1));
    return sdscatprintf(info,
                        "loading_start_time:%jd\r\n"
                        "loading_total_bytes:%zu\r\n"
                        "loading_rdb_used_mem:%zu\r\n"
                        "loading_loaded_bytes:%zu\r\n"
                        "loading_loaded_perc:%.2f\r\n"
                        "loading_eta_seconds:%jd\r\n",
                        (intmax_t)server.loading_start_time, (size_t)server.loading_total_bytes,
                        server.loading_rdb_used_mem, (size_t)server.loading_loaded_bytes, perc, (intmax_t)eta);
}

static sds infoPersistence(sds info) {
    int rdb_child = server.child_type == CHILD_TYPE_RDB;
    double fork_perc = 0;
    if ((rdb_child || server.child_type == CHILD_TYPE_AOF) && server.stat_current_save_keys_total)
        fork_perc = (double)server.stat_current_save_keys_processed / server.stat_current_save_keys_total * 100;
    unsigned long cow_age =
        server.stat_current_cow_updated ? (unsigned long)((getMonotonicUs() - server.stat_current_cow_updated) / 1000000) : 0;
    info = sdscatprintf(info,
                        "# Persistence\r\n"
                        "loading:%d\r\n"
                        "async_loading:0\r\n"
                        "current_cow_peak:%zu\r\n"
                        "current_cow_size:%zu\r\n"
                        "current_cow_size_age:%lu\r\n"
                        "current_fork_perc:%.2f\r\n"
                        "current_save_keys_processed:%zu\r\n"
                        "current_save_keys_total:%zu\r\n"
                        "rdb_changes_since_last_save:%lld\r\n"
                        "rdb_bgsave_in_progress:%d\r\n"
                        "rdb_last_save_time:%lld\r\n"
                        "rdb_last_bgsave_status:%s\r\n"
                        "rdb_last_bgsave_time_sec:%jd\r\n"
                        "rdb_current_bgsave_time_sec:%jd\r\n"
                        "rdb_saves:%lld\r\n"
                        "rdb_last_cow_size:%zu\r\n"
                        "rdb_last_load_keys_expired:%lld\r\n"
                        "rdb_last_load_keys_loaded:%lld\r\n",
                        server.loading, server.stat_current_cow_peak, server.stat_current_cow_bytes, cow_age,
                        fork_perc, server.stat_current_save_keys_processed, server.stat_current_save_keys_total,
                        server.dirty, rdb_child, (long long)server.lastsave,
                        server.lastbgsave_status == C_OK ? "ok" : "err", (intmax_t)server.rdb_save_time_last,
                        (intmax_t)(rdb_child ? time(NULL) - server.rdb_save_time_start : -1), server.stat_rdb_saves,
                        server.stat_rdb_cow_bytes, server.rdb_last_load_keys_expired, server.rdb_last_load_keys_loaded);
    info = aofInfoString(info);
    if (server.loading) info = infoLoadingProgress(info);
    return info;
}

static sds infoStats(sds info) {
    return sdscatprintf(info,
                        "# Stats\r\n"
                        "total_connections_received:%lld\r\n"
                        "total_commands_processed:%lld\r\n"
                        "instantaneous_ops_per_sec:%lld\r\n"
                        "total_net_input_bytes:%lld\r\n"
                        "total_net_output_bytes:%lld\r\n"
                        "total_net_repl_input_bytes:0\r\n"
                        "total_net_repl_output_bytes:0\r\n"
                        "instantaneous_input_kbps:0.00\r\n"
                        "instantaneous_output_kbps:0.00\r\n"
                        "instantaneous_input_repl_kbps:0.00\r\n"
                        "instantaneous_output_repl_kbps:0.00\r\n"
                        "rejected_connections:%lld\r\n"
                        "sync_full:0\r\n"
                        "sync_partial_ok:0\r\n"
                        "sync_partial_err:0\r\n"
                        "expired_keys:%lld\r\n"
                        "expired_stale_perc:%.2f\r\n"
                        "expired_time_cap_reached_count:%lld\r\n"
                        "expire_cycle_cpu_milliseconds:%lld\r\n"
                        "evicted_keys:%lld\r\n"
                        "evicted_clients:0\r\n"
                        "total_eviction_exceeded_time:%lld\r\n"
                        "current_eviction_exceeded_time:%lld\r\n"
                        "keyspace_hits:%lld\r\n"
                        "keyspace_misses:%lld\r\n"
                        "pubsub_channels:%lu\r\n"
                        "pubsub_patterns:%lu\r\n"
                        "pubsubshard_channels:%lu\r\n"
                        "latest_fork_usec:%lld\r\n"
                        "total_forks:%lld\r\n"
                        "migrate_cached_sockets:0\r\n"
                        "slave_expires_tracked_keys:0\r\n"
                        "active_defrag_hits:0\r\n"
                        "active_defrag_misses:0\r\n"
                        "active_defrag_key_hits:0\r\n"
                        "active_defrag_key_misses:0\r\n"
                        "total_active_defrag_time:0\r\n"
                        "current_active_defrag_time:0\r\n"
                        "tracking_total_keys:0\r\n"
                        "tracking_total_items:0\r\n"
                        "tracking_total_prefixes:0\r\n"
                        "unexpected_error_replies:%lld\r\n"
                        "total_error_replies:%lld\r\n"
                        "dump_payload_sanitizations:0\r\n"
                        "total_reads_processed:%lld\r\n"
                        "total_writes_processed:%lld\r\n"
                        "io_threaded_reads_processed:0\r\n"
                        "io_threaded_writes_processed:0\r\n"
                        "reply_buffer_shrinks:0\r\n"
                        "reply_buffer_expands:0\r\n",
                        server.stat_numconnections, server.stat_numcommands, getInstantaneousMetric(),
                        server.stat_net_input_bytes, server.stat_net_output_bytes, server.stat_rejected_conn,
                        server.stat_expiredkeys, (double)server.stat_expired_stale_perc_x100 / 100,
                        server.stat_expired_time_cap_reached_count, server.stat_expire_cycle_time_used / 1000,
                        server.stat_evictedkeys, evictTotalExceededTimeMs(), evictCurrentExceededTimeMs(),
                        server.stat_keyspace_hits, server.stat_keyspace_misses,
                        pubsubServerChannels(), pubsubServerPatterns(), pubsubServerShardChannels(),
                        server.stat_fork_time, server.stat_total_forks, server.stat_unexpected_error_replies, server.stat_total_error_replies,
                        server.stat_total_reads_processed, server.stat_total_writes_processed);
}

static sds infoReplication(sds info) {
    return sdscatprintf(info,
                        "# Replication\r\n"
                        "role:master\r\n"
                        "connected_slaves:0\r\n"
                        "master_failover_state:no-failover\r\n"
                        "master_replid:%s\r\n"
                        "master_replid2:0000000000000000000000000000000000000000\r\n"
                        "master_repl_offset:0\r\n"
                        "second_repl_offset:-1\r\n"
                        "repl_backlog_active:0\r\n"
                        "repl_backlog_size:1048576\r\n"
                        "repl_backlog_first_byte_offset:0\r\n"
                        "repl_backlog_histlen:0\r\n",
                        server.runid);
}

static sds infoCpu(sds info) {
    struct rusage self, c;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &c);
    return sdscatprintf(info,
                        "# CPU\r\n"
                        "used_cpu_sys:%ld.%06ld\r\n"
                        "used_cpu_user:%ld.%06ld\r\n"
                        "used_cpu_sys_children:%ld.%06ld\r\n"
                        "used_cpu_user_children:%ld.%06ld\r\n"
                        "used_cpu_sys_main_thread:%ld.%06ld\r\n"
                        "used_cpu_user_main_thread:%ld.%06ld\r\n",
                        (long)self.ru_stime.tv_sec, (long)self.ru_stime.tv_usec, (long)self.ru_utime.tv_sec,
                        (long)self.ru_utime.tv_usec, (long)c.ru_stime.tv_sec, (long)c.ru_stime.tv_usec,
                        (long)c.ru_utime.tv_sec, (long)c.ru_utime.tv_usec, (long)self.ru_stime.tv_sec,
                        (long)self.ru_stime.tv_usec, (long)self.ru_utime.tv_sec, (long)self.ru_utime.tv_usec);
}

static sds infoCommandStatsOne(sds info, redisCommand *c) {
    if (c->calls == 0 && c->failed_calls == 0 && c->rejected_calls == 0) return info;
    return sdscatprintf(info, "cmdstat_%s:calls=%lld,usec=%lld,usec_per_call=%.2f,rejected_calls=%lld,failed_calls=%lld\r\n",
                        c->fullname, c->calls, c->microseconds, c->calls ? (float)c->microseconds / c->calls : 0.0,
                        c->rejected_calls, c->failed_calls);
}

static void infoCommandStatsCb(redisCommand *c, void *info) { *(sds *)info = infoCommandStatsOne(*(sds *)info, c); }

static sds infoCommandStats(sds info) {
    info = sdscat(info, "# Commandstats\r\n");
    forEachCommand(infoCommandStatsCb, &info);
    return info;
}

/* ---------------------------------------------------------------------------
 * Per-command latency histograms (INFO latencystats)
 *
 * Durations are kept in nanoseconds, between 1ns and 1s, in buckets with two
 * significant decimal digits of precision: values under 256 are exact, and
 * each further power of two is cut into 128 equal buckets.  A percentile is
 * reported as the highest value of the bucket it falls in, which gives the
 * numbers an HDR histogram of that precision gives.
 * ------------------------------------------------------------------------ */
#define LATENCY_HIST_MIN 1LL
#define LATENCY_HIST_MAX 1000000000LL
#define LATENCY_HIST_BUCKETS (256 + 22 * 128)

typedef struct latencyHistogram {
    long long total;
    long long counts[LATENCY_HIST_BUCKETS];
} latencyHistogram;

/* The power-of-two range of v above the exact part (0 for v < 256). */
static int latencyShift(long long v) {
    int bits = 63 - __builtin_clzll((unsigned long long)v);
    return bits > 7 ? bits - 7 : 0;
}

static int latencyBucket(long long v) {
    int shift = latencyShift(v);
    if (shift == 0) return (int)v;
    return 256 + (shift - 1) * 128 + (int)((v >> shift) - 128);
}

/* The lowest and the highest value that land in bucket b. */
static long long latencyBucketLow(int b) {
    if (b < 256) return b;
    return (long long)(128 + (b - 256) % 128) << ((b - 256) / 128 + 1);
}

static long long latencyBucketTop(int b) {
    if (b < 256) return b;
    return latencyBucketLow(b) + (1LL << ((b - 256) / 128 + 1)) - 1;
}

void updateCommandLatencyHistogram(redisCommand *cmd, long long duration_ns) {
    if (duration_ns < LATENCY_HIST_MIN) duration_ns = LATENCY_HIST_MIN;
    if (duration_ns > LATENCY_HIST_MAX) duration_ns = LATENCY_HIST_MAX;
    if (!cmd->latency_histogram) cmd->latency_histogram = zcalloc(sizeof(latencyHistogram));
    cmd->latency_histogram->counts[latencyBucket(duration_ns)]++;
    cmd->latency_histogram->total++;
}

void freeCommandLatencyHistogram(redisCommand *cmd) {
    zfree(cmd->latency_histogram);
    cmd->latency_histogram = NULL;
}

long long latencyHistogramTotal(struct latencyHistogram *h) { return h->total; }

/* The samples up to and including the bucket that holds ns (the last bucket
 * for ns past the range), and in *top the highest value of that bucket:
 * LATENCY HISTOGRAM (latency.c) reads the histogram this way. */
long long latencyHistogramCountUpTo(struct latencyHistogram *h, long long ns, long long *top) {
    int last = ns < LATENCY_HIST_MIN ? 0 : latencyBucket(ns);
    if (last >= LATENCY_HIST_BUCKETS) last = LATENCY_HIST_BUCKETS - 1;
    long long count = 0;
    for (int b = 0; b <= last; b++) count += h->counts[b];
    *top = latencyBucketTop(last);
    return count;
}

static long long latencyAtPercentile(latencyHistogram *h, double percentile) {
    if (percentile > 100.0) percentile = 100.0;
    long long wanted = (long long)(percentile / 100 * h->total + 0.5);
    if (wanted < 1) wanted = 1;
    long long seen = 0;
    for (int b = 0; b < LATENCY_HIST_BUCKETS; b++) {
        seen += h->counts[b];
        if (seen >= wanted) return percentile == 0.0 ? latencyBucketLow(b) : latencyBucketTop(b);
    }
    return 0;
}

static sds infoLatencyStatsOne(sds info, redisCommand *c) {
    if (!c->latency_histogram) return info;
    info = sdscatprintf(info, "latency_percentiles_usec_%s:", c->fullname);
    for (int j = 0; j < server.latency_tracking_info_percentiles_len; j++) {
        double p = server.latency_tracking_info_percentiles[j];
        char name[64];
        int len = snprintf(name, sizeof(name), "%f", p);
        while (len > 0 && name[len - 1] == '0') len--;
        if (len > 0 && name[len - 1] == '.') len--;
        name[len] = '\0';
        info = sdscatprintf(info, "%sp%s=%.3f", j ? "," : "", name,
                            (double)latencyAtPercentile(c->latency_histogram, p) / 1000.0);
    }
    return sdscat(info, "\r\n");
}

static void infoLatencyStatsCb(redisCommand *c, void *info) { *(sds *)info = infoLatencyStatsOne(*(sds *)info, c); }

static sds infoLatencyStats(sds info) {
    info = sdscat(info, "# Latencystats\r\n");
    if (!server.latency_tracking_enabled) return info;
    forEachCommand(infoLatencyStatsCb, &info);
    return info;
}

static sds infoErrorStats(sds info) {
    info = sdscat(info, "# Errorstats\r\n");
    return errorStatsCat(info);
}

static sds infoKeyspace(sds info) {
    info = sdscat(info, "# Keyspace\r\n");
    for (int j = 0; j < server.dbnum; j++) {
        long long keys = dictSize(server.db[j].keys), vkeys = dictSize(server.db[j].expires);
        if (keys || vkeys)
            info = sdscatprintf(info, "db%d:keys=%lld,expires=%lld,avg_ttl=%lld\r\n", j, keys, vkeys,
                                server.db[j].avg_ttl);
    }
    return info;
}

sds genRedisInfoString(infoSections *sections, int all_sections, int everything) {
    sds info = sdsempty();
    int sections_done = 0;
#define SECTION(name, fn)                                                  \
    if (all_sections || sectionWanted(sections, name)) {                   \
        if (sections_done++) info = sdscat(info, "\r\n");                  \
        info = fn(info);                                                   \
    }
    SECTION("server", infoServer);
    SECTION("clients", infoClients);
    SECTION("memory", infoMemory);
    SECTION("persistence", infoPersistence);
    SECTION("stats", infoStats);
    SECTION("replication", infoReplication);
    SECTION("cpu", infoCpu);
    if (all_sections || sectionWanted(sections, "module_list") || sectionWanted(sections, "modules")) {
        if (sections_done++) info = sdscat(info, "\r\n");
        info = sdscat(info, "# Modules\r\n");
    }
    if (everything || sectionWanted(sections, "commandstats")) {
        if (sections_done++) info = sdscat(info, "\r\n");
        info = infoCommandStats(info);
    }
    SECTION("errorstats", infoErrorStats);
    if (everything || sectionWanted(sections, "latencystats")) {
        if (sections_done++) info = sdscat(info, "\r\n");
        info = infoLatencyStats(info);
    }
    if (all_sections || sectionWanted(sections, "cluster")) {
        if (sections_done++) info = sdscat(info, "\r\n");
        info = sdscat(info, "# Cluster\r\ncluster_enabled:0\r\n");
    }
    SECTION("keyspace", infoKeyspace);
#undef SECTION
    return info;
}

/* INFO [section ...]: "all" is every section but the module-generated ones,
 * "everything" adds those, "default" (or nothing) the usual set. */
void infoCommand(client *c) {
    infoSections sec = {.count = 0}, *sections = &sec;
    int all = 0, everything = 0;
    if (c->argc == 1) {
        for (int j = 0; default_sections[j]; j++) addSection(sections, default_sections[j]);
    }
    for (int i = 1; i < c->argc; i++) {
        const char *s = c->argv[i]->ptr;
        if (!strcasecmp(s, "all")) {
            all = 1;
        } else if (!strcasecmp(s, "everything")) {
            all = everything = 1;
        } else if (!strcasecmp(s, "default")) {
            for (int j = 0; default_sections[j]; j++) addSection(sections, default_sections[j]);
        } else {
            addSection(sections, s);
        }
    }
    if (all) {
        for (int j = 0; all_only_sections[j]; j++) addSection(sections, all_only_sections[j]);
    }
    sds info = genRedisInfoString(sections, all, everything || all);
    addReplyVerbatim(c, info, sdslen(info), "txt");
    sdsfree(info);
    for (int j = 0; j < sec.count; j++) sdsfree(sec.names[j]);
}
