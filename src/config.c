/* config.c - configuration: the directive table, the config file and command
 * line parser, and CONFIG GET/SET/RESETSTAT/REWRITE/HELP.
 *
 * One table row per directive serves the config file, `--name value`
 * arguments, CONFIG GET, CONFIG SET and CONFIG REWRITE alike.  A row names
 * the directive and its alias, its type (bool, integer, memory, enum,
 * string, or special with its own setter and getter), flags (immutable,
 * protected, sensitive, hidden, and how CONFIG REWRITE writes it), its
 * bounds or enum values, its default, and where it lives in `server`.
 * How CONFIG REWRITE edits the file is explained above its code.
 *
 * Redis 7.0 has about 180 directives.  Those whose subsystem is not built yet
 * are in the table as "pending" rows: they are accepted with a type check,
 * their value is kept and shown by CONFIG GET, and start-up logs that they
 * have no effect yet.  A subsystem that lands moves its rows up to typed
 * rows bound to its fields. */
#include "server.h"
#include "evict.h"
#include "notify.h"
#include "lazyfree.h"
#include "proc.h"
#include "latency.h"
#include "slowlog.h"
#include "rdb.h"
#include "aof.h"

#include <ctype.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <sys/stat.h>

/* ===========================================================================
 * The table
 * ======================================================================== */

typedef enum { CT_BOOL, CT_INT, CT_UINT, CT_LL, CT_ULL_MEMORY, CT_LL_MEMORY, CT_ENUM, CT_STRING, CT_SPECIAL } configType;

#define CF_NONE 0
#define CF_IMMUTABLE (1 << 0)
#define CF_PROTECTED (1 << 1)
#define CF_SENSITIVE (1 << 2)
#define CF_MULTI_ARG (1 << 3)
#define CF_OCTAL (1 << 4)
#define CF_EMPTY_IS_NULL (1 << 5) /* empty means unset: CONFIG REWRITE drops the directive */
#define CF_HIDDEN (1 << 6)        /* CONFIG GET shows it only when asked by its exact name */
#define CF_RW_QUOTE (1 << 7)      /* CONFIG REWRITE writes the value as a quoted string */
#define CF_RW_MEMORY (1 << 8)     /* CONFIG REWRITE writes the value with a memory unit */
#define CF_RW_ALWAYS (1 << 9)     /* CONFIG REWRITE writes it even at its default value */

typedef struct configEnum {
    const char *name;
    int val;
} configEnum;

struct standardConfig;
typedef int (*specialSetFn)(struct standardConfig *cfg, sds *argv, int argc, const char **err);
typedef sds (*specialGetFn)(struct standardConfig *cfg);
typedef int (*applyFn)(const char **err);
struct rewriteState;
typedef void (*rewriteFn)(struct rewriteState *st, struct standardConfig *cfg);

typedef struct standardConfig {
    const char *name;
    const char *alias;
    configType type;
    int flags;
    void *field;
    long long min, max;
    configEnum *enums;
    const char *defval;
    specialSetFn set;
    specialGetFn get;
    applyFn apply;
    rewriteFn rewrite; /* directives CONFIG REWRITE writes in their own way */
} standardConfig;

static configEnum supervised_enum[] = {{"upstart", SUPERVISED_UPSTART},
                                       {"systemd", SUPERVISED_SYSTEMD},
                                       {"auto", SUPERVISED_AUTODETECT},
                                       {"no", SUPERVISED_NONE},
                                       {NULL, 0}};

/* "yes" is the old name of "relative"; CONFIG GET shows the first name. */
static configEnum oom_score_adj_enum[] = {{"no", OOM_SCORE_ADJ_NO},
                                          {"yes", OOM_SCORE_ADJ_RELATIVE},
                                          {"relative", OOM_SCORE_ADJ_RELATIVE},
                                          {"absolute", OOM_SCORE_ADJ_ABSOLUTE},
                                          {NULL, 0}};

static configEnum loglevel_enum[] = {
    {"debug", LL_DEBUG}, {"verbose", LL_VERBOSE}, {"notice", LL_NOTICE}, {"warning", LL_WARNING}, {NULL, 0}};

static configEnum maxmemory_policy_enum[] = {
    {"volatile-lru", MAXMEMORY_VOLATILE_LRU},   {"volatile-lfu", MAXMEMORY_VOLATILE_LFU},
    {"volatile-random", MAXMEMORY_VOLATILE_RANDOM}, {"volatile-ttl", MAXMEMORY_VOLATILE_TTL},
    {"allkeys-lru", MAXMEMORY_ALLKEYS_LRU},     {"allkeys-lfu", MAXMEMORY_ALLKEYS_LFU},
    {"allkeys-random", MAXMEMORY_ALLKEYS_RANDOM}, {"noeviction", MAXMEMORY_NO_EVICTION},
    {NULL, 0}};

static configEnum sanitize_dump_payload_enum[] = {
    {"no", SANITIZE_DUMP_NO}, {"yes", SANITIZE_DUMP_YES}, {"clients", SANITIZE_DUMP_CLIENTS}, {NULL, 0}};

static configEnum aof_fsync_enum[] = {
    {"everysec", AOF_FSYNC_EVERYSEC}, {"always", AOF_FSYNC_ALWAYS}, {"no", AOF_FSYNC_NO}, {NULL, 0}};

static configEnum protected_action_enum[] = {
    {"no", PROTECTED_ACTION_ALLOWED_NO}, {"yes", PROTECTED_ACTION_ALLOWED_YES},
    {"local", PROTECTED_ACTION_ALLOWED_LOCAL}, {NULL, 0}};

static configEnum syslog_facility_enum[] = {
    {"user", 1 << 3},    {"local0", 16 << 3}, {"local1", 17 << 3}, {"local2", 18 << 3}, {"local3", 19 << 3},
    {"local4", 20 << 3}, {"local5", 21 << 3}, {"local6", 22 << 3}, {"local7", 23 << 3}, {NULL, 0}};

static int setSpecialBind(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialBind(standardConfig *cfg);
static int setSpecialObufLimit(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialObufLimit(standardConfig *cfg);
static int setSpecialDir(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialDir(standardConfig *cfg);
static int setSpecialSave(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialSave(standardConfig *cfg);
static int setSpecialNotifyEvents(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialNotifyEvents(standardConfig *cfg);
static int setSpecialRequirepass(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialRequirepass(standardConfig *cfg);
static int setSpecialPercentiles(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialPercentiles(standardConfig *cfg);
static int applyHz(const char **err);
static int setSpecialOomValues(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialOomValues(standardConfig *cfg);
static int applyOomScoreAdj(const char **err);
static int setSpecialProcTitle(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialProcTitle(standardConfig *cfg);
static int applyProcTitle(const char **err);
static int applyPort(const char **err);
static int applyBind(const char **err);
static void rewriteBind(struct rewriteState *st, standardConfig *cfg);
static void rewriteObufLimit(struct rewriteState *st, standardConfig *cfg);
static void rewriteSave(struct rewriteState *st, standardConfig *cfg);
static void captureConfigDefaults(void);

static sds save_params; /* as CONFIG GET shows it; parsed into server.saveparams */

/* Set while the config file and the command line are read: "save" lines
 * then add to each other (the first one replaces the defaults), where
 * CONFIG SET save replaces the whole list. */
static int loading_config = 0;
static int save_lines_seen = 0;

#define BOOL(n, a, f, fld, def) {n, a, CT_BOOL, f, &server.fld, 0, 1, NULL, def, NULL, NULL, NULL}
#define INT(n, a, f, fld, lo, hi, def, ap) {n, a, CT_INT, f, &server.fld, lo, hi, NULL, def, NULL, NULL, ap}
#define UINT(n, a, f, fld, lo, hi, def) {n, a, CT_UINT, f, &server.fld, lo, hi, NULL, def, NULL, NULL, NULL}
#define LLMEM(n, a, f, fld, lo, hi, def) {n, a, CT_LL_MEMORY, f, &server.fld, lo, hi, NULL, def, NULL, NULL, NULL}
#define ULLMEM(n, a, f, fld, lo, hi, def) {n, a, CT_ULL_MEMORY, f, &server.fld, lo, hi, NULL, def, NULL, NULL, NULL}
#define ENUM(n, a, f, fld, en, def) {n, a, CT_ENUM, f, &server.fld, 0, 0, en, def, NULL, NULL, NULL}
#define STR(n, a, f, fld, def) {n, a, CT_STRING, f, &server.fld, 0, 0, NULL, def, NULL, NULL, NULL}
#define SPECIAL(n, a, f, setf, getf, def) {n, a, CT_SPECIAL, f, NULL, 0, 0, NULL, def, setf, getf, NULL}
#define SPECIALRW(n, a, f, setf, getf, def, rw) {n, a, CT_SPECIAL, f, NULL, 0, 0, NULL, def, setf, getf, NULL, rw}

static standardConfig configs[] = {
    INT("port", NULL, CF_NONE, port, 0, 65535, "6379", applyPort),
    {"bind", NULL, CT_SPECIAL, CF_MULTI_ARG, NULL, 0, 0, NULL, "* -::*", setSpecialBind, getSpecialBind, applyBind,
     rewriteBind},
    STR("unixsocket", NULL, CF_IMMUTABLE | CF_EMPTY_IS_NULL, unixsocket, ""),
    {"unixsocketperm", NULL, CT_UINT, CF_IMMUTABLE | CF_OCTAL, &server.unixsocketperm, 0, 0777, NULL, "0", NULL, NULL, NULL},
    INT("tcp-backlog", NULL, CF_IMMUTABLE, tcp_backlog, 0, INT_MAX, "511", NULL),
    INT("timeout", NULL, CF_NONE, maxidletime, 0, INT_MAX, "0", NULL),
    INT("tcp-keepalive", NULL, CF_NONE, tcpkeepalive, 0, INT_MAX, "300", NULL),
    BOOL("protected-mode", NULL, CF_NONE, protected_mode, "yes"),
    UINT("maxclients", NULL, CF_NONE, maxclients, 1, UINT_MAX, "10000"),
    INT("databases", NULL, CF_IMMUTABLE, dbnum, 1, INT_MAX, "16", NULL),
    INT("hz", NULL, CF_NONE, config_hz, 0, INT_MAX, "10", applyHz),
    BOOL("dynamic-hz", NULL, CF_NONE, dynamic_hz, "yes"),
    ENUM("loglevel", NULL, CF_NONE, verbosity, loglevel_enum, "notice"),
    STR("logfile", NULL, CF_IMMUTABLE, logfile, ""),
    BOOL("daemonize", NULL, CF_IMMUTABLE, daemonize, "no"),
    STR("pidfile", NULL, CF_IMMUTABLE | CF_EMPTY_IS_NULL, pidfile, ""),
    BOOL("syslog-enabled", NULL, CF_IMMUTABLE, syslog_enabled, "no"),
    STR("syslog-ident", NULL, CF_IMMUTABLE, syslog_ident, "redis"),
    ENUM("syslog-facility", NULL, CF_IMMUTABLE, syslog_facility, syslog_facility_enum, "local0"),
    BOOL("crash-log-enabled", NULL, CF_NONE, crashlog_enabled, "yes"),
    BOOL("always-show-logo", NULL, CF_IMMUTABLE, always_show_logo, "no"),
    ENUM("supervised", NULL, CF_IMMUTABLE, supervised, supervised_enum, "no"),
    BOOL("set-proc-title", NULL, CF_IMMUTABLE, set_proc_title, "yes"),
    {"proc-title-template", NULL, CT_SPECIAL, CF_RW_QUOTE, NULL, 0, 0, NULL, "{title} {listen-addr} {server-mode}",
     setSpecialProcTitle, getSpecialProcTitle, applyProcTitle},
    {"oom-score-adj", NULL, CT_ENUM, CF_NONE, &server.oom_score_adj, 0, 0, oom_score_adj_enum, "no", NULL, NULL,
     applyOomScoreAdj},
    {"oom-score-adj-values", NULL, CT_SPECIAL, CF_MULTI_ARG, NULL, 0, 0, NULL, "0 200 800", setSpecialOomValues,
     getSpecialOomValues, applyOomScoreAdj},
    SPECIAL("requirepass", NULL, CF_SENSITIVE | CF_EMPTY_IS_NULL | CF_RW_QUOTE, setSpecialRequirepass,
            getSpecialRequirepass, ""),
    LLMEM("proto-max-bulk-len", NULL, CF_NONE, proto_max_bulk_len, 1024 * 1024, LONG_MAX, "512mb"),
    ULLMEM("client-query-buffer-limit", NULL, CF_NONE, client_max_querybuf_len, 1024 * 1024, LONG_MAX, "1gb"),
    SPECIALRW("client-output-buffer-limit", NULL, CF_MULTI_ARG, setSpecialObufLimit, getSpecialObufLimit,
              "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", rewriteObufLimit),
    {"maxmemory", NULL, CT_ULL_MEMORY, CF_NONE, &server.maxmemory, 0, ULLONG_MAX, NULL, "0", NULL, NULL,
     evictApplyMaxmemory},
    ENUM("maxmemory-policy", NULL, CF_NONE, maxmemory_policy, maxmemory_policy_enum, "noeviction"),
    INT("maxmemory-samples", NULL, CF_NONE, maxmemory_samples, 1, INT_MAX, "5", NULL),
    INT("maxmemory-eviction-tenacity", NULL, CF_NONE, maxmemory_eviction_tenacity, 0, 100, "10", NULL),
    INT("lfu-log-factor", NULL, CF_NONE, lfu_log_factor, 0, INT_MAX, "10", NULL),
    INT("lfu-decay-time", NULL, CF_NONE, lfu_decay_time, 0, INT_MAX, "1", NULL),
    INT("active-expire-effort", NULL, CF_NONE, active_expire_effort, 1, 10, "1", NULL),
    BOOL("lazyfree-lazy-user-del", NULL, CF_NONE, lazyfree_lazy_user_del, "no"),
    BOOL("lazyfree-lazy-user-flush", NULL, CF_NONE, lazyfree_lazy_user_flush, "no"),
    BOOL("lazyfree-lazy-expire", NULL, CF_NONE, lazyfree_lazy_expire, "no"),
    BOOL("lazyfree-lazy-server-del", NULL, CF_NONE, lazyfree_lazy_server_del, "no"),
    BOOL("lazyfree-lazy-eviction", NULL, CF_NONE, lazyfree_lazy_eviction, "no"),
    ENUM("enable-debug-command", NULL, CF_IMMUTABLE, enable_debug_cmd, protected_action_enum, "no"),
    ENUM("enable-protected-configs", NULL, CF_IMMUTABLE, enable_protected_configs, protected_action_enum, "no"),
    ENUM("enable-module-command", NULL, CF_IMMUTABLE, enable_module_cmd, protected_action_enum, "no"),
    SPECIAL("dir", NULL, CF_PROTECTED | CF_RW_QUOTE | CF_RW_ALWAYS, setSpecialDir, getSpecialDir, NULL),
    STR("dbfilename", NULL, CF_PROTECTED, rdb_filename, "dump.rdb"),
    STR("server_cpulist", NULL, CF_IMMUTABLE | CF_EMPTY_IS_NULL, server_cpulist, ""),
    STR("bio_cpulist", NULL, CF_IMMUTABLE | CF_EMPTY_IS_NULL, bio_cpulist, ""),
    STR("aof_rewrite_cpulist", NULL, CF_IMMUTABLE | CF_EMPTY_IS_NULL, aof_rewrite_cpulist, ""),
    STR("bgsave_cpulist", NULL, CF_IMMUTABLE | CF_EMPTY_IS_NULL, bgsave_cpulist, ""),
    SPECIALRW("save", NULL, CF_MULTI_ARG, setSpecialSave, getSpecialSave, "3600 1 300 100 60 10000", rewriteSave),
    /* RDB (rdb.c, dump.c) */
    BOOL("rdbcompression", NULL, CF_NONE, rdb_compression, "yes"),
    BOOL("rdbchecksum", NULL, CF_IMMUTABLE, rdb_checksum, "yes"),
    ENUM("sanitize-dump-payload", NULL, CF_NONE, sanitize_dump_payload, sanitize_dump_payload_enum, "no"),
    BOOL("rdb-save-incremental-fsync", NULL, CF_NONE, rdb_save_incremental_fsync, "yes"),
    BOOL("stop-writes-on-bgsave-error", NULL, CF_NONE, stop_writes_on_bgsave_err, "yes"),
    BOOL("rdb-del-sync-files", NULL, CF_NONE, rdb_del_sync_files, "no"),
    INT("rdb-key-save-delay", NULL, CF_HIDDEN, rdb_key_save_delay, INT_MIN, INT_MAX, "0", NULL),
    INT("key-load-delay", NULL, CF_HIDDEN, key_load_delay, INT_MIN, INT_MAX, "0", NULL),
    INT("loading-process-events-interval-bytes", NULL, CF_HIDDEN, loading_process_events_interval_bytes, 1024,
        INT_MAX, "2097152", NULL),
    /* AOF (aof.c) */
    {"appendonly", NULL, CT_BOOL, CF_NONE, &server.aof_enabled, 0, 1, NULL, "no", NULL, NULL, aofApplyAppendOnlyConfig},
    ENUM("appendfsync", NULL, CF_NONE, aof_fsync, aof_fsync_enum, "everysec"),
    STR("appendfilename", NULL, CF_IMMUTABLE, aof_filename, "appendonly.aof"),
    STR("appenddirname", NULL, CF_IMMUTABLE, aof_dirname, "appendonlydir"),
    BOOL("no-appendfsync-on-rewrite", NULL, CF_NONE, aof_no_fsync_on_rewrite, "no"),
    INT("auto-aof-rewrite-percentage", NULL, CF_NONE, aof_rewrite_perc, 0, INT_MAX, "100", NULL),
    LLMEM("auto-aof-rewrite-min-size", NULL, CF_NONE, aof_rewrite_min_size, 0, LLONG_MAX, "64mb"),
    BOOL("aof-load-truncated", NULL, CF_NONE, aof_load_truncated, "yes"),
    BOOL("aof-use-rdb-preamble", NULL, CF_NONE, aof_use_rdb_preamble, "yes"),
    BOOL("aof-rewrite-incremental-fsync", NULL, CF_NONE, aof_rewrite_incremental_fsync, "yes"),
    BOOL("aof-timestamp-enabled", NULL, CF_NONE, aof_timestamp_enabled, "no"),
    BOOL("aof-disable-auto-gc", NULL, CF_NONE, aof_disable_auto_gc, "no"),
    BOOL("latency-tracking", NULL, CF_NONE, latency_tracking_enabled, "yes"),
    SPECIAL("latency-tracking-info-percentiles", NULL, CF_MULTI_ARG | CF_RW_ALWAYS, setSpecialPercentiles,
            getSpecialPercentiles, "50 99 99.9"),
    {"busy-reply-threshold", "lua-time-limit", CT_LL, CF_NONE, &server.busy_reply_threshold, 0, LLONG_MAX, NULL, "5000",
     NULL, NULL, NULL},
    {"hash-max-listpack-entries", "hash-max-ziplist-entries", CT_LL, CF_NONE, &server.hash_max_listpack_entries, 0, LONG_MAX, NULL, "512",
     NULL, NULL, NULL},
    LLMEM("hash-max-listpack-value", "hash-max-ziplist-value", CF_NONE, hash_max_listpack_value, 0, LONG_MAX, "64"),
    INT("list-max-listpack-size", "list-max-ziplist-size", CF_NONE, list_max_listpack_size, INT_MIN, INT_MAX, "-2", NULL),
    INT("list-compress-depth", NULL, CF_NONE, list_compress_depth, 0, INT_MAX, "0", NULL),
    {"set-max-intset-entries", NULL, CT_LL, CF_NONE, &server.set_max_intset_entries, 0, LONG_MAX, NULL, "512", NULL,
     NULL, NULL},
    {"zset-max-listpack-entries", "zset-max-ziplist-entries", CT_LL, CF_NONE, &server.zset_max_listpack_entries, 0, LONG_MAX, NULL, "128",
     NULL, NULL, NULL},
    LLMEM("zset-max-listpack-value", "zset-max-ziplist-value", CF_NONE, zset_max_listpack_value, 0, LONG_MAX, "64"),
    LLMEM("hll-sparse-max-bytes", NULL, CF_NONE, hll_sparse_max_bytes, 0, LONG_MAX, "3000"),
    LLMEM("stream-node-max-bytes", NULL, CF_NONE, stream_node_max_bytes, 0, LONG_MAX, "4096"),
    {"stream-node-max-entries", NULL, CT_LL, CF_NONE, &server.stream_node_max_entries, 0, LLONG_MAX, NULL, "100", NULL,
     NULL, NULL},
    {"slowlog-log-slower-than", NULL, CT_LL, CF_NONE, &slowlog_log_slower_than, -1, LLONG_MAX, NULL, "10000", NULL,
     NULL, NULL},
    {"slowlog-max-len", NULL, CT_LL, CF_NONE, &slowlog_max_len, 0, LONG_MAX, NULL, "128", NULL, NULL, NULL},
    {"latency-monitor-threshold", NULL, CT_LL, CF_NONE, &latency_monitor_threshold, 0, LLONG_MAX, NULL, "0", NULL,
     NULL, NULL},
    SPECIAL("notify-keyspace-events", NULL, CF_RW_QUOTE, setSpecialNotifyEvents, getSpecialNotifyEvents, ""),
    {NULL}};

/* Directives of subsystems not built yet: accepted with the checks Redis
 * makes (type, bounds, allowed values, immutability), kept in the form
 * CONFIG GET shows, and otherwise without effect. */
typedef enum {
    PC_BOOL,
    PC_INT,            /* signed integer */
    PC_MEMORY,         /* signed, memory units accepted */
    PC_UMEMORY,        /* unsigned, memory units accepted */
    PC_MEMORY_PERCENT, /* memory units or a percentage ("50%") */
    PC_ENUM,
    PC_STRING,
    PC_SPECIAL         /* checked (and normalised) by its own function */
} pendingType;

/* A check of a special directive: returns the value as CONFIG GET will show
 * it, or NULL with *err set. */
typedef sds (*pendingCheckFn)(sds *argv, int argc, const char **err);

typedef struct {
    const char *name;
    const char *defval;
    pendingType type;
    int flags;           /* CF_IMMUTABLE, CF_MULTI_ARG, CF_SENSITIVE, CF_HIDDEN, CF_EMPTY_IS_NULL, CF_RW_* */
    long long min, max;  /* bounds of numeric directives */
    const char *values;  /* PC_ENUM: the allowed values, '|' separated */
    pendingCheckFn check;
    sds value;
} pendingConfig;

static sds checkActiveDefrag(sds *argv, int argc, const char **err);
static sds checkHostname(sds *argv, int argc, const char **err);
static sds checkOomScoreAdjValues(sds *argv, int argc, const char **err);
static sds checkPercentiles(sds *argv, int argc, const char **err);
static sds checkProcTitleTemplate(sds *argv, int argc, const char **err);
static sds checkReplicaof(sds *argv, int argc, const char **err);
static sds checkReplBacklogSize(sds *argv, int argc, const char **err);
static sds checkShutdownFlags(sds *argv, int argc, const char **err);

#define PBOOL(n, def, f) {n, def, PC_BOOL, f, 0, 0, NULL, NULL, NULL}
#define PINT(n, def, f, lo, hi) {n, def, PC_INT, f, lo, hi, NULL, NULL, NULL}
#define PMEM(n, def, f, lo, hi) {n, def, PC_MEMORY, f, lo, hi, NULL, NULL, NULL}
#define PUMEM(n, def, f, lo, hi) {n, def, PC_UMEMORY, f, lo, (long long)(hi), NULL, NULL, NULL}
#define PMEMPCT(n, def, f, lo, hi) {n, def, PC_MEMORY_PERCENT, f, lo, hi, NULL, NULL, NULL}
#define PENUM(n, def, f, vals) {n, def, PC_ENUM, f, 0, 0, vals, NULL, NULL}
#define PSTR(n, def, f) {n, def, PC_STRING, f, 0, 0, NULL, NULL, NULL}
#define PSPECIAL(n, def, f, fn) {n, def, PC_SPECIAL, f, 0, 0, NULL, fn, NULL}

static pendingConfig pending_configs[] = {
    PENUM("acl-pubsub-default", "resetchannels", CF_NONE, "allchannels|resetchannels"),
    PSTR("aclfile", "", CF_IMMUTABLE),
    PINT("acllog-max-len", "128", CF_NONE, 0, LLONG_MAX),
    PINT("active-defrag-cycle-max", "25", CF_NONE, 1, 99),
    PINT("active-defrag-cycle-min", "1", CF_NONE, 1, 99),
    PMEM("active-defrag-ignore-bytes", "104857600", CF_NONE, 1, LLONG_MAX),
    PINT("active-defrag-max-scan-fields", "1000", CF_NONE, 1, LLONG_MAX),
    PINT("active-defrag-threshold-lower", "10", CF_NONE, 0, 1000),
    PINT("active-defrag-threshold-upper", "100", CF_NONE, 0, 1000),
    PSPECIAL("activedefrag", "no", CF_NONE, checkActiveDefrag),
    PBOOL("activerehashing", "yes", CF_NONE),
    PSTR("bind-source-addr", "", CF_EMPTY_IS_NULL),
    PBOOL("cluster-allow-pubsubshard-when-down", "yes", CF_NONE),
    PBOOL("cluster-allow-reads-when-down", "no", CF_NONE),
    PBOOL("cluster-allow-replica-migration", "yes", CF_NONE),
    PINT("cluster-announce-bus-port", "0", CF_NONE, 0, 65535),
    PSPECIAL("cluster-announce-hostname", "", CF_EMPTY_IS_NULL | CF_RW_QUOTE, checkHostname),
    PSTR("cluster-announce-ip", "", CF_EMPTY_IS_NULL),
    PINT("cluster-announce-port", "0", CF_NONE, 0, 65535),
    PINT("cluster-announce-tls-port", "0", CF_NONE, 0, 65535),
    PSTR("cluster-config-file", "nodes.conf", CF_IMMUTABLE),
    PBOOL("cluster-enabled", "no", CF_IMMUTABLE),
    PUMEM("cluster-link-sendbuf-limit", "0", CF_NONE, 0, ULLONG_MAX),
    PINT("cluster-migration-barrier", "1", CF_NONE, 0, INT_MAX),
    PINT("cluster-node-timeout", "15000", CF_NONE, 0, LLONG_MAX),
    PINT("cluster-port", "0", CF_IMMUTABLE, 0, 65535),
    PENUM("cluster-preferred-endpoint-type", "ip", CF_NONE, "ip|hostname|unknown-endpoint"),
    PBOOL("cluster-replica-no-failover", "no", CF_NONE),
    PINT("cluster-replica-validity-factor", "10", CF_NONE, 0, INT_MAX),
    PBOOL("cluster-require-full-coverage", "yes", CF_NONE),
    PBOOL("crash-memcheck-enabled", "yes", CF_NONE),
    PBOOL("disable-thp", "yes", CF_IMMUTABLE),
    PSTR("ignore-warnings", "", CF_NONE),
    PINT("io-threads", "1", CF_IMMUTABLE, 1, 128),
    PBOOL("io-threads-do-reads", "no", CF_IMMUTABLE),
    PBOOL("jemalloc-bg-thread", "yes", CF_NONE),
    PSTR("masterauth", "", CF_EMPTY_IS_NULL | CF_SENSITIVE),
    PSTR("masteruser", "", CF_EMPTY_IS_NULL | CF_SENSITIVE),
    PMEMPCT("maxmemory-clients", "0", CF_NONE, -100, LLONG_MAX),
    PINT("min-replicas-max-lag", "10", CF_NONE, 0, INT_MAX),
    PINT("min-replicas-to-write", "0", CF_NONE, 0, INT_MAX),
    PENUM("propagation-error-behavior", "ignore", CF_NONE, "ignore|panic|panic-on-replicas"),
    PSPECIAL("repl-backlog-size", "1048576", CF_RW_MEMORY, checkReplBacklogSize),
    PINT("repl-backlog-ttl", "3600", CF_NONE, 0, LLONG_MAX),
    PBOOL("repl-disable-tcp-nodelay", "no", CF_NONE),
    PENUM("repl-diskless-load", "disabled", CF_NONE, "disabled|on-empty-db|swapdb"),
    PBOOL("repl-diskless-sync", "yes", CF_NONE),
    PINT("repl-diskless-sync-delay", "5", CF_NONE, 0, INT_MAX),
    PINT("repl-diskless-sync-max-replicas", "0", CF_NONE, 0, INT_MAX),
    PINT("repl-ping-replica-period", "10", CF_NONE, 1, INT_MAX),
    PINT("repl-timeout", "60", CF_NONE, 1, INT_MAX),
    PSTR("replica-announce-ip", "", CF_EMPTY_IS_NULL),
    PINT("replica-announce-port", "0", CF_NONE, 0, 65535),
    PBOOL("replica-announced", "yes", CF_NONE),
    PBOOL("replica-ignore-disk-write-errors", "no", CF_NONE),
    PBOOL("replica-ignore-maxmemory", "yes", CF_NONE),
    PBOOL("replica-lazy-flush", "no", CF_NONE),
    PINT("replica-priority", "100", CF_NONE, 0, INT_MAX),
    PBOOL("replica-read-only", "yes", CF_NONE),
    PBOOL("replica-serve-stale-data", "yes", CF_NONE),
    PSPECIAL("replicaof", "", CF_IMMUTABLE | CF_EMPTY_IS_NULL, checkReplicaof),
    PSPECIAL("shutdown-on-sigint", "default", CF_MULTI_ARG, checkShutdownFlags),
    PSPECIAL("shutdown-on-sigterm", "default", CF_MULTI_ARG, checkShutdownFlags),
    PINT("shutdown-timeout", "10", CF_NONE, 0, INT_MAX),
    PINT("socket-mark-id", "0", CF_IMMUTABLE, 0, UINT_MAX),
    PENUM("tls-auth-clients", "yes", CF_NONE, "no|yes|optional"),
    PSTR("tls-ca-cert-dir", "", CF_EMPTY_IS_NULL),
    PSTR("tls-ca-cert-file", "", CF_EMPTY_IS_NULL),
    PSTR("tls-cert-file", "", CF_EMPTY_IS_NULL),
    PSTR("tls-ciphers", "", CF_EMPTY_IS_NULL),
    PSTR("tls-ciphersuites", "", CF_EMPTY_IS_NULL),
    PSTR("tls-client-cert-file", "", CF_EMPTY_IS_NULL),
    PSTR("tls-client-key-file", "", CF_EMPTY_IS_NULL),
    PSTR("tls-client-key-file-pass", "", CF_EMPTY_IS_NULL),
    PBOOL("tls-cluster", "no", CF_NONE),
    PSTR("tls-dh-params-file", "", CF_EMPTY_IS_NULL),
    PSTR("tls-key-file", "", CF_EMPTY_IS_NULL),
    PSTR("tls-key-file-pass", "", CF_EMPTY_IS_NULL),
    PINT("tls-port", "0", CF_NONE, 0, 65535),
    PBOOL("tls-prefer-server-ciphers", "no", CF_NONE),
    PSTR("tls-protocols", "", CF_EMPTY_IS_NULL),
    PBOOL("tls-replication", "no", CF_NONE),
    PINT("tls-session-cache-size", "20480", CF_NONE, 0, INT_MAX),
    PINT("tls-session-cache-timeout", "300", CF_NONE, 0, INT_MAX),
    PBOOL("tls-session-caching", "yes", CF_NONE),
    PINT("tracking-table-max-keys", "1000000", CF_NONE, 0, LLONG_MAX),
    /* Hidden: for tests and debugging, shown only when asked by name. */
    PBOOL("lua-enable-deprecated-api", "no", CF_HIDDEN | CF_IMMUTABLE),
    PBOOL("use-exit-on-panic", "no", CF_HIDDEN),
    PINT("watchdog-period", "0", CF_HIDDEN, 0, INT_MAX),
    {NULL, NULL, PC_STRING, 0, 0, 0, NULL, NULL, NULL}};

/* Old names still accepted, and shown by CONFIG GET as Redis does. */
static const char *config_aliases[][2] = {
    {"slaveof", "replicaof"},
    {"cluster-slave-no-failover", "cluster-replica-no-failover"},
    {"cluster-slave-validity-factor", "cluster-replica-validity-factor"},
    {"slave-announce-ip", "replica-announce-ip"},
    {"slave-announce-port", "replica-announce-port"},
    {"slave-priority", "replica-priority"},
    {"slave-ignore-maxmemory", "replica-ignore-maxmemory"},
    {"slave-lazy-flush", "replica-lazy-flush"},
    {"slave-read-only", "replica-read-only"},
    {"slave-serve-stale-data", "replica-serve-stale-data"},
    {"repl-ping-slave-period", "repl-ping-replica-period"},
    {"min-slaves-to-write", "min-replicas-to-write"},
    {"min-slaves-max-lag", "min-replicas-max-lag"},
    {NULL, NULL}};

static const char *resolveAlias(const char *name) {
    for (int j = 0; config_aliases[j][0]; j++)
        if (!strcasecmp(name, config_aliases[j][0])) return config_aliases[j][1];
    return name;
}

static standardConfig *lookupConfig(const char *name) {
    for (standardConfig *c = configs; c->name; c++)
        if (!strcasecmp(c->name, name) || (c->alias && !strcasecmp(c->alias, name))) return c;
    return NULL;
}

static pendingConfig *lookupPendingConfig(const char *name) {
    name = resolveAlias(name);
    for (pendingConfig *p = pending_configs; p->name; p++)
        if (!strcasecmp(p->name, name)) return p;
    return NULL;
}

/* ===========================================================================
 * Setting values (shared by the file parser and CONFIG SET)
 * ======================================================================== */

static int parseYesNo(const char *s) {
    if (!strcasecmp(s, "yes")) return 1;
    if (!strcasecmp(s, "no")) return 0;
    return -1;
}

static sds enumListString(configEnum *e) {
    sds s = sdsempty();
    for (; e->name; e++) {
        s = sdscat(s, e->name);
        if (e[1].name) s = sdscat(s, ", ");
    }
    return s;
}

/* Error messages point at a static buffer, as they are used right away. */
static char config_err_buf[256];

/* Memory values as CONFIG SET reads them: digits and an optional unit (b, k,
 * kb, m, mb, g, gb).  Like Redis, an empty number counts as 0 and a number
 * too big for 64 bits as the largest value, which then fails the bounds
 * check of the directive rather than the parse. */
static unsigned long long configMemToUll(const char *val, int *err) {
    static const char *units[] = {"", "b", "k", "kb", "m", "mb", "g", "gb"};
    static const unsigned long long muls[] = {1, 1, 1000ULL, 1024ULL, 1000ULL * 1000, 1024ULL * 1024,
                                              1000ULL * 1000 * 1000, 1024ULL * 1024 * 1024};
    const char *u = val;
    unsigned long long n = 0, mul = 0;
    int overflow = 0;
    *err = 0;
    while (*u >= '0' && *u <= '9') {
        unsigned d = (unsigned)(*u - '0');
        if (n > (ULLONG_MAX - d) / 10) overflow = 1;
        else n = n * 10 + d;
        u++;
    }
    for (size_t j = 0; j < sizeof(units) / sizeof(units[0]); j++) {
        if (!strcasecmp(u, units[j])) {
            mul = muls[j];
            break;
        }
    }
    if (mul == 0) {
        *err = 1;
        return 0;
    }
    if (overflow) n = ULLONG_MAX;
    return n * mul;
}

/* Parse and range-check a numeric directive.  Values are parsed as signed
 * 64 bit numbers (memory values as unsigned ones) and the bounds of unsigned
 * directives are checked on the unsigned reading, so that "-1" is reported
 * as out of range there, as Redis does. */
static int setNumeric(standardConfig *cfg, const char *val, const char **err) {
    long long ll = 0;
    int isunsigned = cfg->type == CT_ULL_MEMORY || cfg->type == CT_UINT;
    if (cfg->type == CT_ULL_MEMORY || cfg->type == CT_LL_MEMORY) {
        int memerr;
        ll = (long long)configMemToUll(val, &memerr);
        if (memerr) {
            *err = "argument must be a memory value";
            return 0;
        }
    } else if (cfg->flags & CF_OCTAL) {
        char *end;
        errno = 0;
        ll = strtoll(val, &end, 8);
        if (*val == '\0' || *end != '\0' || errno) {
            *err = "argument couldn't be parsed as an octal number";
            return 0;
        }
    } else if (!string2ll(val, strlen(val), &ll)) {
        *err = "argument couldn't be parsed into an integer";
        return 0;
    }
    unsigned long long ull = (unsigned long long)ll;
    if (isunsigned ? (ull < (unsigned long long)cfg->min || ull > (unsigned long long)cfg->max)
                   : (ll < cfg->min || ll > cfg->max)) {
        if (cfg->flags & CF_OCTAL)
            snprintf(config_err_buf, sizeof(config_err_buf), "argument must be between %llo and %llo inclusive",
                     (unsigned long long)cfg->min, (unsigned long long)cfg->max);
        else if (isunsigned)
            snprintf(config_err_buf, sizeof(config_err_buf), "argument must be between %llu and %llu inclusive",
                     (unsigned long long)cfg->min, (unsigned long long)cfg->max);
        else
            snprintf(config_err_buf, sizeof(config_err_buf), "argument must be between %lld and %lld inclusive",
                     cfg->min, cfg->max);
        *err = config_err_buf;
        return 0;
    }
    switch (cfg->type) {
    case CT_INT: *(int *)cfg->field = (int)ll; break;
    case CT_UINT: *(unsigned int *)cfg->field = (unsigned int)ull; break;
    case CT_LL:
    case CT_LL_MEMORY: *(long long *)cfg->field = ll; break;
    case CT_ULL_MEMORY: *(unsigned long long *)cfg->field = ull; break;
    default: break;
    }
    return 1;
}

static int setConfigValue(standardConfig *cfg, sds *argv, int argc, const char **err) {
    if (cfg->type == CT_SPECIAL) return cfg->set(cfg, argv, argc, err);
    if (argc != 1) {
        *err = "wrong number of arguments";
        return 0;
    }
    const char *val = argv[0];
    switch (cfg->type) {
    case CT_BOOL: {
        int b = parseYesNo(val);
        if (b == -1) {
            *err = "argument must be 'yes' or 'no'";
            return 0;
        }
        *(int *)cfg->field = b;
        break;
    }
    case CT_ENUM: {
        configEnum *e;
        for (e = cfg->enums; e->name; e++)
            if (!strcasecmp(e->name, val)) break;
        if (!e->name) {
            sds list = enumListString(cfg->enums);
            snprintf(config_err_buf, sizeof(config_err_buf), "argument(s) must be one of the following: %s", list);
            sdsfree(list);
            *err = config_err_buf;
            return 0;
        }
        *(int *)cfg->field = e->val;
        break;
    }
    case CT_STRING: {
        char **p = cfg->field;
        zfree(*p);
        *p = (cfg->flags & CF_EMPTY_IS_NULL) && val[0] == '\0' ? NULL : zstrdup(val);
        break;
    }
    default:
        if (!setNumeric(cfg, val, err)) return 0;
    }
    return 1;
}

static sds getConfigValue(standardConfig *cfg) {
    switch (cfg->type) {
    case CT_SPECIAL: return cfg->get(cfg);
    case CT_BOOL: return sdsnew(*(int *)cfg->field ? "yes" : "no");
    case CT_ENUM:
        for (configEnum *e = cfg->enums; e->name; e++)
            if (e->val == *(int *)cfg->field) return sdsnew(e->name);
        return sdsempty();
    case CT_STRING: {
        char *s = *(char **)cfg->field;
        return sdsnew(s ? s : "");
    }
    case CT_INT: return sdsfromlonglong(*(int *)cfg->field);
    case CT_UINT:
        if (cfg->flags & CF_OCTAL) return sdscatprintf(sdsempty(), "%o", *(unsigned int *)cfg->field);
        return sdscatprintf(sdsempty(), "%u", *(unsigned int *)cfg->field);
    case CT_LL:
    case CT_LL_MEMORY: return sdsfromlonglong(*(long long *)cfg->field);
    case CT_ULL_MEMORY: return sdscatprintf(sdsempty(), "%llu", *(unsigned long long *)cfg->field);
    }
    return sdsempty();
}

/* A number for a pending numeric directive, parsed and range-checked the way
 * the typed directives are, returned in the form CONFIG GET shows. */
static sds pendingNumber(pendingConfig *p, const char *val, const char **err) {
    long long ll;
    int memory = p->type != PC_INT;
    if (memory) {
        int memerr;
        ll = (long long)configMemToUll(val, &memerr);
        if (memerr) {
            size_t len = strlen(val);
            if (p->type == PC_MEMORY_PERCENT && len > 1 && val[len - 1] == '%' && string2ll(val, len - 1, &ll) &&
                ll >= 0) {
                ll = -ll; /* percentages are kept as negative numbers */
            } else {
                *err = p->type == PC_MEMORY_PERCENT ? "argument must be a memory or percent value"
                                                    : "argument must be a memory value";
                return NULL;
            }
        }
    } else if (!string2ll(val, strlen(val), &ll)) {
        *err = "argument couldn't be parsed into an integer";
        return NULL;
    }
    if (p->type == PC_UMEMORY) {
        unsigned long long ull = (unsigned long long)ll;
        if (ull < (unsigned long long)p->min || ull > (unsigned long long)p->max) {
            snprintf(config_err_buf, sizeof(config_err_buf), "argument must be between %llu and %llu inclusive",
                     (unsigned long long)p->min, (unsigned long long)p->max);
            *err = config_err_buf;
            return NULL;
        }
        return sdscatprintf(sdsempty(), "%llu", ull);
    }
    if (p->type == PC_MEMORY_PERCENT && ll < 0) {
        if (ll < p->min) {
            snprintf(config_err_buf, sizeof(config_err_buf), "percentage argument must be less or equal to %lld",
                     -p->min);
            *err = config_err_buf;
            return NULL;
        }
        return sdscatprintf(sdsempty(), "%lld%%", -ll);
    }
    if (ll < p->min || ll > p->max) {
        snprintf(config_err_buf, sizeof(config_err_buf), "argument must be between %lld and %lld inclusive", p->min,
                 p->max);
        *err = config_err_buf;
        return NULL;
    }
    return sdsfromlonglong(ll);
}

static int setPendingValue(pendingConfig *p, sds *argv, int argc, const char **err) {
    sds v = NULL;
    if (p->type == PC_SPECIAL) {
        v = p->check(argv, argc, err);
        if (!v) return 0;
    } else if (argc != 1) {
        *err = "wrong number of arguments";
        return 0;
    }
    switch (p->type) {
    case PC_SPECIAL: break;
    case PC_BOOL:
        if (parseYesNo(argv[0]) == -1) {
            *err = "argument must be 'yes' or 'no'";
            return 0;
        }
        v = sdsnew(parseYesNo(argv[0]) ? "yes" : "no");
        break;
    case PC_ENUM: {
        int count;
        sds *values = sdssplitlen(p->values, strlen(p->values), "|", 1, &count);
        for (int j = 0; j < count && !v; j++)
            if (!strcasecmp(values[j], argv[0])) v = sdsdup(values[j]);
        if (!v) {
            sds list = sdsjoinsds(values, count, ", ", 2);
            snprintf(config_err_buf, sizeof(config_err_buf), "argument(s) must be one of the following: %s", list);
            sdsfree(list);
            *err = config_err_buf;
        }
        sdsfreesplitres(values, count);
        if (!v) return 0;
        break;
    }
    case PC_STRING: v = sdsdup(argv[0]); break;
    default:
        v = pendingNumber(p, argv[0], err);
        if (!v) return 0;
    }
    sdsfree(p->value);
    p->value = v;
    return 1;
}

/* ---------------------------------------------------------------------------
 * Checks of the special pending directives
 * ------------------------------------------------------------------------ */

/* Multi-value directives may come as one string ("0 200 800"). */
static sds *splitValues(sds *argv, int *argc, int *allocated) {
    *allocated = 0;
    if (*argc != 1) return argv;
    sds *parts = sdssplitargs(argv[0], argc);
    if (!parts) {
        *argc = 0;
        return NULL;
    }
    *allocated = 1;
    return parts;
}

static sds checkActiveDefrag(sds *argv, int argc, const char **err) {
    if (argc != 1) {
        *err = "wrong number of arguments";
        return NULL;
    }
    int b = parseYesNo(argv[0]);
    if (b == -1) {
        *err = "argument must be 'yes' or 'no'";
        return NULL;
    }
    if (b) {
        /* Like a Redis built with the system's jemalloc. */
        *err = "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified "
               "Jemalloc like the one shipped by default with the Redis source distribution";
        return NULL;
    }
    return sdsnew("no");
}

static sds checkHostname(sds *argv, int argc, const char **err) {
    if (argc != 1) {
        *err = "wrong number of arguments";
        return NULL;
    }
    for (const char *p = argv[0]; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.') {
            *err = "Hostnames may only contain alphanumeric characters, hyphens or dots";
            return NULL;
        }
    }
    return sdsdup(argv[0]);
}

static sds checkOomScoreAdjValues(sds *argv, int argc, const char **err) {
    int allocated;
    sds *vals = splitValues(argv, &argc, &allocated);
    sds v = NULL;
    if (argc != 3) {
        *err = "wrong number of arguments";
        goto done;
    }
    long long n[3];
    for (int j = 0; j < 3; j++) {
        char *end;
        n[j] = strtoll(vals[j], &end, 10);
        if (*end != '\0' || n[j] < -2000 || n[j] > 2000) {
            *err = "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
            goto done;
        }
    }
    v = sdscatprintf(sdsempty(), "%lld %lld %lld", n[0], n[1], n[2]);
done:
    if (allocated) sdsfreesplitres(vals, argc);
    return v;
}

static sds checkPercentiles(sds *argv, int argc, const char **err) {
    int allocated;
    sds *vals = splitValues(argv, &argc, &allocated);
    sds v = sdsempty();
    for (int j = 0; j < argc; j++) {
        char *end;
        errno = 0;
        double d = strtod(vals[j], &end);
        if (vals[j][0] == '\0' || *end != '\0' || errno || isspace((unsigned char)vals[j][0])) {
            *err = "Invalid latency-tracking-info-percentiles parameters";
            goto fail;
        }
        if (d < 0.0 || d > 100.0) {
            *err = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            goto fail;
        }
        /* Six decimals at most, without trailing zeros. */
        char buf[64];
        int len = snprintf(buf, sizeof(buf), "%f", d);
        while (len > 0 && buf[len - 1] == '0') len--;
        if (len > 0 && buf[len - 1] == '.') len--;
        if (j) v = sdscatlen(v, " ", 1);
        v = sdscatlen(v, buf, len);
    }
    if (allocated) sdsfreesplitres(vals, argc);
    return v;
fail:
    sdsfree(v);
    if (allocated) sdsfreesplitres(vals, argc);
    return NULL;
}

/* proc-title-template: the variables must be known, braces balanced ("{{"
 * and "}}" stand for literal braces), and the title must not come out empty
 * with an empty {title}. */
static sds checkProcTitleTemplate(sds *argv, int argc, const char **err) {
    static const char *vars[] = {"title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket",
                                 "config-file", NULL};
    const char *invalid = "template format is invalid or contains unknown variables";
    if (argc != 1) {
        *err = "wrong number of arguments";
        return NULL;
    }
    int visible = 0;
    for (const char *p = argv[0]; *p; p++) {
        if ((*p == '{' && p[1] == '{') || (*p == '}' && p[1] == '}')) {
            visible = 1;
            p++;
        } else if (*p == '}') {
            *err = invalid;
            return NULL;
        } else if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close) {
                *err = invalid;
                return NULL;
            }
            int known = 0;
            for (int j = 0; vars[j]; j++) {
                if ((size_t)(close - p - 1) == strlen(vars[j]) && !strncmp(p + 1, vars[j], close - p - 1)) {
                    known = 1;
                    /* These never expand to an empty string. */
                    if (j == 1 || j == 3 || j == 4) visible = 1;
                    if (j == 5 && server.unixsocket) visible = 1;
                    if (j == 6 && server.configfile) visible = 1;
                }
            }
            if (!known) {
                *err = invalid;
                return NULL;
            }
            p = close;
        } else if (*p != ' ') {
            visible = 1;
        }
    }
    if (!visible) {
        *err = invalid;
        return NULL;
    }
    return sdsdup(argv[0]);
}

/* repl-backlog-size: a memory value of at least 1 byte, raised to 16kb. */
static sds checkReplBacklogSize(sds *argv, int argc, const char **err) {
    static pendingConfig spec = PMEM("repl-backlog-size", "1048576", CF_NONE, 1, LLONG_MAX);
    if (argc != 1) {
        *err = "wrong number of arguments";
        return NULL;
    }
    sds v = pendingNumber(&spec, argv[0], err);
    if (v && strtoll(v, NULL, 10) < 16384) {
        sdsfree(v);
        v = sdsnew("16384");
    }
    return v;
}

/* shutdown-on-sigint / shutdown-on-sigterm: "default" or a combination of
 * save, nosave, now and force, shown in that order. */
static sds checkShutdownFlags(sds *argv, int argc, const char **err) {
    static const char *names[] = {"default", "save", "nosave", "now", "force"};
    int allocated, flags = 0;
    sds *vals = splitValues(argv, &argc, &allocated);
    sds v = NULL;
    if (argc == 0) goto bad;
    for (int j = 0; j < argc; j++) {
        int k;
        for (k = 0; k < 5; k++)
            if (!strcasecmp(vals[j], names[k])) break;
        if (k == 5) goto bad;
        if (k) flags |= 1 << (k - 1);
    }
    if ((flags & 1) && (flags & 2)) {
        *err = "shutdown options SAVE and NOSAVE can't be used simultaneously";
        goto done;
    }
    v = sdsempty();
    for (int k = 1; k < 5; k++)
        if (flags & (1 << (k - 1))) v = sdscatfmt(v, "%s%s", sdslen(v) ? " " : "", names[k]);
    if (!flags) v = sdscat(v, "default");
    goto done;
bad:
    *err = "argument(s) must be one of the following: default, save, nosave, now, force";
done:
    if (allocated) sdsfreesplitres(vals, argc);
    return v;
}

static sds checkReplicaof(sds *argv, int argc, const char **err) {
    if (argc != 2) {
        *err = "wrong number of arguments";
        return NULL;
    }
    return sdscatprintf(sdsempty(), "%s %s", argv[0], argv[1]);
}

/* ---------------------------------------------------------------------------
 * Special directives
 * ------------------------------------------------------------------------ */

static int setSpecialBind(standardConfig *cfg, sds *argv, int argc, const char **err) {
    if (argc > CONFIG_BINDADDR_MAX) {
        *err = "Too many bind addresses specified.";
        return 0;
    }
    for (int j = 0; j < server.bindaddr_count; j++) zfree(server.bindaddr[j]);
    server.bindaddr_count = 0;
    /* bind "" means: no TCP listener at all. */
    if (argc == 1 && argv[0][0] == '\0') return 1;
    for (int j = 0; j < argc; j++) server.bindaddr[server.bindaddr_count++] = zstrdup(argv[j]);
    return 1;
}

static sds getSpecialBind(standardConfig *cfg) {
    sds s = sdsempty();
    for (int j = 0; j < server.bindaddr_count; j++) {
        if (j) s = sdscat(s, " ");
        s = sdscat(s, server.bindaddr[j]);
    }
    return s;
}

static int setSpecialObufLimit(standardConfig *cfg, sds *argv, int argc, const char **err) {
    if (argc % 4) {
        *err = "Wrong number of arguments in buffer limit configuration.";
        return 0;
    }
    clientBufferLimitsConfig values[CLIENT_TYPE_OBUF_COUNT];
    int classes[CLIENT_TYPE_OBUF_COUNT];
    int n = 0;
    for (int j = 0; j < argc; j += 4) {
        int class = getClientTypeByName(argv[j]);
        if (class == -1 || class == CLIENT_TYPE_MASTER) {
            *err = "Invalid client class specified in buffer limit configuration.";
            return 0;
        }
        int e1, e2;
        unsigned long long hard = memtoull(argv[j + 1], &e1);
        unsigned long long soft = memtoull(argv[j + 2], &e2);
        long long secs;
        if (e1 || e2 || !string2ll(argv[j + 3], sdslen(argv[j + 3]), &secs) || secs < 0) {
            *err = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            return 0;
        }
        classes[n] = class;
        values[n].hard_limit_bytes = hard;
        values[n].soft_limit_bytes = soft;
        values[n].soft_limit_seconds = secs;
        n++;
    }
    for (int j = 0; j < n; j++) server.client_obuf_limits[classes[j]] = values[j];
    return 1;
}

static sds getSpecialObufLimit(standardConfig *cfg) {
    sds s = sdsempty();
    for (int j = 0; j < CLIENT_TYPE_OBUF_COUNT; j++) {
        clientBufferLimitsConfig *l = &server.client_obuf_limits[j];
        s = sdscatprintf(s, "%s%s %llu %llu %ld", j ? " " : "", getClientTypeName(j), l->hard_limit_bytes,
                         l->soft_limit_bytes, (long)l->soft_limit_seconds);
    }
    return s;
}

static int setSpecialDir(standardConfig *cfg, sds *argv, int argc, const char **err) {
    if (argc != 1) {
        *err = "wrong number of arguments";
        return 0;
    }
    if (chdir(argv[0]) == -1) {
        snprintf(config_err_buf, sizeof(config_err_buf), "%s", strerror(errno));
        *err = config_err_buf;
        return 0;
    }
    return 1;
}

static sds getSpecialDir(standardConfig *cfg) {
    char buf[1024];
    if (getcwd(buf, sizeof(buf)) == NULL) buf[0] = '\0';
    return sdsnew(buf);
}

/* The save points rdb.c checks, from save_params ("s1 c1 s2 c2 ..."). */
static void applySaveParams(void) {
    int count = 0;
    sds *parts = sdssplitlen(save_params, sdslen(save_params), " ", 1, &count);
    int pairs = sdslen(save_params) ? count / 2 : 0;
    long long *vals = zmalloc(sizeof(long long) * (2 * pairs + 1));
    for (int j = 0; j < 2 * pairs; j++) vals[j] = strtoll(parts[j], NULL, 10);
    rdbSetSaveParams(vals, pairs);
    zfree(vals);
    sdsfreesplitres(parts, count);
}

static int setSpecialSave(standardConfig *cfg, sds *argv, int argc, const char **err) {
    /* "save <seconds> <changes> [<seconds> <changes> ...]" or "save ''".
     * Numbers are read like strtoll does (an empty one is 0); seconds must
     * be at least 1.  In the config file each line adds its pairs to those
     * of the lines before it; "save ''" empties the list. */
    int clear = argc == 1 && argv[0][0] == '\0';
    if (clear) argc = 0;
    if (argc % 2) {
        *err = "Invalid save parameters";
        return 0;
    }
    sds params = sdsempty();
    for (int j = 0; j < argc; j++) {
        char *end;
        long long v = strtoll(argv[j], &end, 10);
        if (*end != '\0' || (j % 2 == 0 && v < 1) || (j % 2 == 1 && v < 0)) {
            sdsfree(params);
            *err = "Invalid save parameters";
            return 0;
        }
        params = sdscatprintf(params, "%s%lld", j ? " " : "", v);
    }
    if (loading_config && save_lines_seen && !clear && save_params && sdslen(save_params)) {
        sds merged = sdsdup(save_params);
        if (sdslen(params)) merged = sdscatfmt(merged, " %S", params);
        sdsfree(params);
        params = merged;
    }
    if (loading_config) save_lines_seen = 1;
    sdsfree(save_params);
    save_params = params;
    applySaveParams();
    return 1;
}

static sds getSpecialSave(standardConfig *cfg) { return sdsdup(save_params ? save_params : sdsempty()); }

/* notify-keyspace-events: class letters (notify.c parses and normalises). */
static int setSpecialNotifyEvents(standardConfig *cfg, sds *argv, int argc, const char **err) {
    int flags = argc == 1 ? keyspaceEventsStringToFlags(argv[0]) : -1;
    if (argc != 1) {
        *err = "wrong number of arguments";
        return 0;
    }
    if (flags == -1) {
        *err = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
        return 0;
    }
    notifySetKeyspaceEvents(flags);
    return 1;
}

static sds getSpecialNotifyEvents(standardConfig *cfg) {
    return keyspaceEventsFlagsToString(notifyGetKeyspaceEvents());
}

static int setSpecialRequirepass(standardConfig *cfg, sds *argv, int argc, const char **err) {
    if (argc != 1) {
        *err = "wrong number of arguments";
        return 0;
    }
    sdsfree(server.requirepass);
    server.requirepass = sdslen(argv[0]) ? sdsdup(argv[0]) : NULL;
    return 1;
}

static sds getSpecialRequirepass(standardConfig *cfg) {
    return server.requirepass ? sdsdup(server.requirepass) : sdsempty();
}

/* latency-tracking-info-percentiles: checked and normalised like Redis does
 * (see checkPercentiles), kept as numbers for INFO latencystats. */
static int setSpecialPercentiles(standardConfig *cfg, sds *argv, int argc, const char **err) {
    sds v = checkPercentiles(argv, argc, err);
    if (!v) return 0;
    int count;
    sds *parts = sdssplitlen(v, sdslen(v), " ", 1, &count);
    double *values = count ? zmalloc(sizeof(double) * count) : NULL;
    for (int j = 0; j < count; j++) values[j] = strtod(parts[j], NULL);
    sdsfreesplitres(parts, count);
    sdsfree(v);
    zfree(server.latency_tracking_info_percentiles);
    server.latency_tracking_info_percentiles = values;
    server.latency_tracking_info_percentiles_len = count;
    return 1;
}

static sds getSpecialPercentiles(standardConfig *cfg) {
    sds s = sdsempty();
    for (int j = 0; j < server.latency_tracking_info_percentiles_len; j++) {
        char buf[64];
        int len = snprintf(buf, sizeof(buf), "%f", server.latency_tracking_info_percentiles[j]);
        while (len > 0 && buf[len - 1] == '0') len--;
        if (len > 0 && buf[len - 1] == '.') len--;
        if (j) s = sdscatlen(s, " ", 1);
        s = sdscatlen(s, buf, len);
    }
    return s;
}

static int applyPort(const char **err) {
    if (updateListeners() == C_OK) return 1;
    *err = "Unable to listen on this port. Check server logs.";
    return 0;
}

static int applyBind(const char **err) {
    if (updateListeners() == C_OK) return 1;
    serverLog(LL_WARNING, "Failed to bind");
    *err = "Failed to bind to specified addresses.";
    return 0;
}

/* oom-score-adj-values: three scores (primary, replica, child process). */
static int setSpecialOomValues(standardConfig *cfg, sds *argv, int argc, const char **err) {
    sds v = checkOomScoreAdjValues(argv, argc, err);
    if (!v) return 0;
    int count;
    sds *parts = sdssplitlen(v, sdslen(v), " ", 1, &count);
    for (int j = 0; j < count && j < CONFIG_OOM_COUNT; j++) server.oom_score_adj_values[j] = atoi(parts[j]);
    sdsfreesplitres(parts, count);
    sdsfree(v);
    return 1;
}

static sds getSpecialOomValues(standardConfig *cfg) {
    return sdscatprintf(sdsempty(), "%d %d %d", server.oom_score_adj_values[0], server.oom_score_adj_values[1],
                        server.oom_score_adj_values[2]);
}

static int applyOomScoreAdj(const char **err) {
    if (setOOMScoreAdj(-1) == C_OK) return 1;
    if (err) *err = "Failed to set current oom_score_adj. Check server logs.";
    return 0;
}

/* proc-title-template: checked like Redis does, applied at once. */
static int setSpecialProcTitle(standardConfig *cfg, sds *argv, int argc, const char **err) {
    sds v = checkProcTitleTemplate(argv, argc, err);
    if (!v) return 0;
    zfree(server.proc_title_template);
    server.proc_title_template = zstrdup(v);
    sdsfree(v);
    return 1;
}

static sds getSpecialProcTitle(standardConfig *cfg) {
    return sdsnew(server.proc_title_template ? server.proc_title_template : "");
}

static int applyProcTitle(const char **err) {
    if (redisSetProcTitle(NULL) == C_OK) return 1;
    if (err) *err = "failed to set process title";
    return 0;
}

static int applyHz(const char **err) {
    if (server.config_hz < CONFIG_MIN_HZ) server.config_hz = CONFIG_MIN_HZ;
    if (server.config_hz > CONFIG_MAX_HZ) server.config_hz = CONFIG_MAX_HZ;
    server.hz = server.config_hz;
    return 1;
}

/* ===========================================================================
 * Defaults
 * ======================================================================== */

void initServerConfig(void) {
    memset(&server, 0, sizeof(server));
    server.sofd = -1;
    server.arch_bits = sizeof(long) * 8;
    getRandomHexChars(server.runid, CONFIG_RUN_ID_SIZE);
    server.runid[CONFIG_RUN_ID_SIZE] = '\0';
    server.active_expire_enabled = 1;
    save_params = sdsnew("3600 1 300 100 60 10000");
    for (standardConfig *c = configs; c->name; c++) {
        if (c->type == CT_SPECIAL && c->set == setSpecialDir) continue;
        if (!c->defval) continue;
        /* A default is one value, or several for multi-value directives. */
        int argc = 1;
        sds one = sdsnew(c->defval);
        sds *argv = (c->flags & CF_MULTI_ARG) ? sdssplitargs(c->defval, &argc) : &one;
        const char *err = NULL;
        int ok = argc == 0 ? setConfigValue(c, &one, 1, &err) : setConfigValue(c, argv, argc, &err);
        if (!ok) {
            fprintf(stderr, "Bad default for %s: %s\n", c->name, err);
            exit(1);
        }
        if (argv != &one) sdsfreesplitres(argv, argc);
        sdsfree(one);
        if (c->apply) c->apply(NULL);
    }
    for (pendingConfig *p = pending_configs; p->name; p++) p->value = sdsnew(p->defval);
    captureConfigDefaults();
}

/* ===========================================================================
 * The config file
 * ======================================================================== */

#define CONFIG_MAX_INCLUDE_DEPTH 16
static int include_depth = 0;

static void loadServerConfigFromString(char *config);

/* The whole content of a config file; a file that cannot be read is fatal. */
static sds readConfigFileOrExit(const char *filename) {
    sds config = sdsempty();
    char buf[1024];
    FILE *fp = fopen(filename, "r");
    if (fp == NULL) {
        serverLog(LL_WARNING, "Fatal error, can't open config file '%s': %s", filename, strerror(errno));
        exit(1);
    }
    while (fgets(buf, sizeof(buf), fp) != NULL) config = sdscat(config, buf);
    fclose(fp);
    return config;
}

static void loadConfigFile(const char *filename) {
    sds config = readConfigFileOrExit(filename);
    loadServerConfigFromString(config);
    sdsfree(config);
}

/* include <path>: the file is read at this point, as if its lines were
 * here.  A path with wildcards includes every matching file in
 * alphabetical order, and none if nothing matches. */
static int loadConfigInclude(const char *path, const char **err) {
    if (include_depth >= CONFIG_MAX_INCLUDE_DEPTH) {
        *err = "Too many nested include directives";
        return 0;
    }
    include_depth++;
    if (!strpbrk(path, "*?[")) {
        loadConfigFile(path);
    } else {
        glob_t matches;
        if (glob(path, 0, NULL, &matches) == 0) {
            for (size_t j = 0; j < matches.gl_pathc; j++) loadConfigFile(matches.gl_pathv[j]);
            globfree(&matches);
        }
    }
    include_depth--;
    return 1;
}

/* Directives that are not configs.  Returns 1 if argv is one (handled, or
 * accepted without effect yet), 0 if not, -1 on error with *err set. */
static int loadOtherDirective(sds *argv, int argc, const char **err) {
    if (!strcmp(argv[0], "include") && argc == 2) return loadConfigInclude(argv[1], err) ? 1 : -1;
    if (!strcmp(argv[0], "sentinel")) {
        /* A lone "sentinel" only says which mode to run in (main() looks
         * at that); sentinel settings need sentinel mode. */
        if (argc == 1) return 1;
        if (!server.sentinel_mode) {
            *err = "sentinel directive while not in sentinel mode";
            return -1;
        }
    } else if (!strcmp(argv[0], "rename-command") && argc == 3) {
        return renameCommandInTable(argv[1], argv[2], err) ? 1 : -1;
    } else if (!((!strcmp(argv[0], "user") && argc >= 2) ||
                 (!strcmp(argv[0], "loadmodule") && argc >= 2))) {
        return 0;
    }
    serverLog(LL_WARNING, "Directive '%s' is accepted but has no effect yet in this server.", argv[0]);
    return 1;
}

static void loadServerConfigFromString(char *config) {
    const char *err = NULL;
    int linenum = 0, totlines, i;
    sds *lines = sdssplitlen(config, strlen(config), "\n", 1, &totlines);

    for (i = 0; i < totlines; i++) {
        sds *argv;
        int argc;
        linenum = i + 1;
        lines[i] = sdstrim(lines[i], " \t\r\n");
        if (lines[i][0] == '#' || lines[i][0] == '\0') continue;
        argv = sdssplitargs(lines[i], &argc);
        if (argv == NULL) {
            err = "Unbalanced quotes in configuration line";
            goto loaderr;
        }
        if (argc == 0) {
            sdsfreesplitres(argv, argc);
            continue;
        }
        sdstolower(argv[0]);
        standardConfig *cfg = lookupConfig(argv[0]);
        if (cfg) {
            /* Multi-value directives may also have no value at all. */
            if (!(cfg->flags & CF_MULTI_ARG) && argc != 2) {
                sdsfreesplitres(argv, argc);
                err = "wrong number of arguments";
                goto loaderr;
            }
            /* Multi-arg directives given as one quoted string are split. */
            int vargc = argc - 1;
            sds *vargv = argv + 1;
            sds *split = NULL;
            if ((cfg->flags & CF_MULTI_ARG) && argc == 2 && strchr(argv[1], ' ')) {
                split = sdssplitargs(argv[1], &vargc);
                vargv = split;
            }
            int ok = setConfigValue(cfg, vargv, vargc, &err);
            if (split) sdsfreesplitres(split, vargc);
            if (ok && cfg->apply) ok = cfg->apply(&err);
            sdsfreesplitres(argv, argc);
            if (!ok) goto loaderr;
            continue;
        }
        pendingConfig *p = lookupPendingConfig(argv[0]);
        if (p) {
            int ok = setPendingValue(p, argv + 1, argc - 1, &err);
            sdsfreesplitres(argv, argc);
            if (!ok) goto loaderr;
            continue;
        }
        int other = loadOtherDirective(argv, argc, &err);
        sdsfreesplitres(argv, argc);
        if (other == 1) continue;
        if (other == 0) err = "Bad directive or wrong number of arguments";
        goto loaderr;
    }
    sdsfreesplitres(lines, totlines);
    return;

loaderr:
    fprintf(stderr, "\n*** FATAL CONFIG FILE ERROR (Redis %s) ***\n", REDIS_VERSION);
    if (i < totlines) {
        fprintf(stderr, "Reading the configuration file, at line %d\n", linenum);
        fprintf(stderr, ">>> '%s'\n", lines[i]);
    }
    fprintf(stderr, "%s\n", err);
    exit(1);
}

void loadServerConfig(char *filename, char config_from_stdin, char *options) {
    sds config = filename ? readConfigFileOrExit(filename) : sdsempty();
    char buf[1024];
    if (config_from_stdin) {
        while (fgets(buf, sizeof(buf), stdin) != NULL) config = sdscat(config, buf);
    }
    if (options) {
        config = sdscat(config, "\n");
        config = sdscat(config, options);
    }
    loading_config = 1;
    loadServerConfigFromString(config);
    loading_config = 0;
    sdsfree(config);
    for (pendingConfig *p = pending_configs; p->name; p++) {
        if (strcmp(p->value, p->defval) != 0)
            serverLog(LL_NOTICE, "Config '%s' is set to '%s' but has no effect yet in this server.", p->name,
                      p->value);
    }
}

/* ===========================================================================
 * CONFIG REWRITE
 * ======================================================================== */

/* CONFIG REWRITE brings the config file the server was started with up to
 * date with the running configuration, and changes no more of it than that:
 *
 *  - The file is read again (it may have been edited since start-up) and
 *    kept line by line, comments and blank lines included.  Lines lose their
 *    leading and trailing blanks, and each run of blank lines becomes one.
 *  - A directive is written where it first appears, under its current name
 *    (a slave-read-only line becomes a replica-read-only line); its later
 *    lines are dropped.  Directives written as several lines (save,
 *    client-output-buffer-limit) fill the directive's lines in order and
 *    add the rest at the end.
 *  - A directive the file lacks is added at the end, below a
 *    "# Generated by CONFIG REWRITE" line, when its value is not the
 *    default; save, dir and latency-tracking-info-percentiles always are.
 *    A directive the file has keeps its line even at the default value,
 *    except unset strings (masterauth "", ...) and bind at its default,
 *    whose lines are dropped.
 *  - include, rename-command, user, loadmodule and sentinel lines stay as
 *    they are; a line that is no directive at all is commented out with a
 *    "# ??? " prefix.
 *  - The new content goes to a temporary file next to the old one, is
 *    flushed to disk, and is renamed over it: a crash leaves the old file
 *    or the new one, never a mix.
 *
 * Values are written so that the parser reads them back to the same value:
 * strings quoted, memory sizes in the largest unit that divides them
 * exactly (1gb, 64mb, 4kb, or bytes), the rest as CONFIG GET shows them.
 *
 * Finding the line of a directive is a scan of the file: a few hundred
 * directives times a few hundred lines, for a command run by hand. */

#define REWRITE_SIGNATURE "# Generated by CONFIG REWRITE"

typedef struct rewriteState {
    sds *lines;          /* the new file, line by line */
    const char **owner;  /* per line: the directive it holds, NULL for others */
    char *done;          /* per line: rewritten or dropped already */
    int numlines, cap;
    int has_signature;   /* the file has the signature line already */
    int force_all;       /* write every directive, defaults included */
} rewriteState;

static void rwAddLine(rewriteState *st, sds line, const char *owner) {
    if (st->numlines == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 64;
        st->lines = zrealloc(st->lines, sizeof(sds) * st->cap);
        st->owner = zrealloc(st->owner, sizeof(char *) * st->cap);
        st->done = zrealloc(st->done, st->cap);
    }
    st->lines[st->numlines] = line;
    st->owner[st->numlines] = owner;
    st->done[st->numlines] = owner == NULL;
    st->numlines++;
}

static void rwFree(rewriteState *st) {
    for (int j = 0; j < st->numlines; j++) sdsfree(st->lines[j]);
    zfree(st->lines);
    zfree(st->owner);
    zfree(st->done);
}

/* The name under which CONFIG REWRITE writes the directive a config line
 * starts with (argv[0], lower case), or NULL if the line is not one it
 * rewrites.  *other is set for directives that are kept as they are. */
static const char *rwDirectiveName(const char *word, int *other) {
    static const char *others[] = {"include", "rename-command", "user", "loadmodule", "sentinel", NULL};
    *other = 0;
    standardConfig *cfg = lookupConfig(word);
    if (cfg) return cfg->name;
    pendingConfig *p = lookupPendingConfig(word);
    if (p) return p->name;
    for (int j = 0; others[j]; j++)
        if (!strcmp(word, others[j])) *other = 1;
    return NULL;
}

/* Read the config file as it is now into st.  A missing file counts as an
 * empty one (it is created). */
static int rwLoadFile(rewriteState *st, const char *path) {
    sds content = sdsempty();
    FILE *fp = fopen(path, "r");
    if (fp) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) content = sdscatlen(content, buf, n);
        if (ferror(fp)) {
            int saved = errno;
            fclose(fp);
            sdsfree(content);
            errno = saved;
            return C_ERR;
        }
        fclose(fp);
    } else if (errno != ENOENT) {
        sdsfree(content);
        return C_ERR;
    }

    int count;
    sds *lines = sdssplitlen(content, sdslen(content), "\n", 1, &count);
    sdsfree(content);
    for (int j = 0; j < count; j++) {
        sds line = sdstrim(lines[j], " \t\r\n");
        lines[j] = NULL;
        if (line[0] == '\0' || line[0] == '#') {
            if (!strcmp(line, REWRITE_SIGNATURE)) st->has_signature = 1;
            rwAddLine(st, line, NULL);
            continue;
        }
        int argc, other = 0;
        const char *name = NULL;
        sds *argv = sdssplitargs(line, &argc);
        if (argv && argc > 0) {
            sdstolower(argv[0]);
            name = rwDirectiveName(argv[0], &other);
        }
        sdsfreesplitres(argv, argc);
        if (name || other) {
            rwAddLine(st, line, name);
        } else {
            rwAddLine(st, sdscatsds(sdsnew("# ??? "), line), NULL);
            sdsfree(line);
        }
    }
    zfree(lines);
    return C_OK;
}

/* One line of directive `name`: it replaces the next line of that directive
 * in the file; if there is none, it is appended when `force` is set and
 * dropped otherwise.  Takes ownership of `line`. */
static void rwLine(rewriteState *st, const char *name, sds line, int force) {
    for (int j = 0; j < st->numlines; j++) {
        if (st->done[j] || strcmp(st->owner[j], name)) continue;
        sdsfree(st->lines[j]);
        st->lines[j] = line;
        st->done[j] = 1;
        return;
    }
    if (!force) {
        sdsfree(line);
        return;
    }
    if (!st->has_signature) {
        rwAddLine(st, sdsnew(REWRITE_SIGNATURE), NULL);
        st->has_signature = 1;
    }
    rwAddLine(st, line, NULL);
}

/* Directive `name` is written: lines of it that were not reused go. */
static void rwDone(rewriteState *st, const char *name) {
    for (int j = 0; j < st->numlines; j++) {
        if (st->done[j] || strcmp(st->owner[j], name)) continue;
        sdsclear(st->lines[j]);
        st->done[j] = 1;
    }
}

/* A memory size in the largest unit that divides it exactly. */
static sds rwCatMemory(sds s, unsigned long long v) {
    static const struct {
        unsigned long long size;
        const char *unit;
    } units[] = {{1024ULL * 1024 * 1024, "gb"}, {1024ULL * 1024, "mb"}, {1024, "kb"}};
    for (size_t j = 0; v && j < sizeof(units) / sizeof(units[0]); j++)
        if (v % units[j].size == 0) return sdscatfmt(s, "%U%s", v / units[j].size, units[j].unit);
    return sdscatfmt(s, "%U", v);
}

/* "name value", the value quoted, as a memory size, or as it is. */
static sds rwFormat(const char *name, sds value, int quote, int memory) {
    sds line = sdscatfmt(sdsempty(), "%s ", name);
    if (quote) return sdscatrepr(line, value, sdslen(value));
    if (memory && value[0] >= '0' && value[0] <= '9' && value[sdslen(value) - 1] != '%') {
        unsigned long long v = strtoull(value, NULL, 10);
        return rwCatMemory(line, v);
    }
    return sdscatsds(line, value);
}

/* The defaults in the form CONFIG GET shows them, to tell which values
 * differ (taken by initServerConfig once the defaults are set). */
static sds config_defaults[sizeof(configs) / sizeof(configs[0])];
static clientBufferLimitsConfig obuf_defaults[CLIENT_TYPE_OBUF_COUNT];

static void captureConfigDefaults(void) {
    for (standardConfig *c = configs; c->name; c++)
        config_defaults[c - configs] = c->defval ? getConfigValue(c) : NULL;
    memcpy(obuf_defaults, server.client_obuf_limits, sizeof(obuf_defaults));
}

static void rewriteStandard(rewriteState *st, standardConfig *cfg) {
    if (cfg->rewrite) {
        cfg->rewrite(st, cfg);
        return;
    }
    sds value = getConfigValue(cfg);
    if ((cfg->flags & CF_EMPTY_IS_NULL) && sdslen(value) == 0) {
        sdsfree(value);
        rwDone(st, cfg->name);
        return;
    }
    sds def = config_defaults[cfg - configs];
    int force = st->force_all || (cfg->flags & CF_RW_ALWAYS) || !def || strcmp(value, def);
    int quote = cfg->type == CT_STRING || (cfg->flags & CF_RW_QUOTE);
    int memory = cfg->type == CT_LL_MEMORY || cfg->type == CT_ULL_MEMORY || (cfg->flags & CF_RW_MEMORY);
    rwLine(st, cfg->name, rwFormat(cfg->name, value, quote, memory), force);
    rwDone(st, cfg->name);
    sdsfree(value);
}

static void rewritePending(rewriteState *st, pendingConfig *p) {
    if ((p->flags & CF_EMPTY_IS_NULL) && sdslen(p->value) == 0) {
        rwDone(st, p->name);
        return;
    }
    int force = st->force_all || (p->flags & CF_RW_ALWAYS) || strcmp(p->value, p->defval);
    int quote = p->type == PC_STRING || (p->flags & CF_RW_QUOTE);
    int memory = p->type == PC_MEMORY || p->type == PC_UMEMORY || p->type == PC_MEMORY_PERCENT ||
                 (p->flags & CF_RW_MEMORY);
    rwLine(st, p->name, rwFormat(p->name, p->value, quote, memory), force);
    rwDone(st, p->name);
}

/* bind: no line at all at the default, even when every directive is
 * written. */
static void rewriteBind(rewriteState *st, standardConfig *cfg) {
    sds value = getConfigValue(cfg);
    if (strcmp(value, config_defaults[cfg - configs]) != 0)
        rwLine(st, cfg->name, rwFormat(cfg->name, value, 0, 0), 1);
    rwDone(st, cfg->name);
    sdsfree(value);
}

/* save: one line per <seconds> <changes> pair, or save "" for none; always
 * written, as a file without save lines means the defaults. */
static void rewriteSave(rewriteState *st, standardConfig *cfg) {
    int count = 0;
    sds *parts = save_params ? sdssplitlen(save_params, sdslen(save_params), " ", 1, &count) : NULL;
    if (count < 2) rwLine(st, cfg->name, sdsnew("save \"\""), 1);
    for (int j = 0; j + 1 < count; j += 2)
        rwLine(st, cfg->name, sdscatfmt(sdsempty(), "save %S %S", parts[j], parts[j + 1]), 1);
    sdsfreesplitres(parts, count);
    rwDone(st, cfg->name);
}

/* client-output-buffer-limit: one line per client class. */
static void rewriteObufLimit(rewriteState *st, standardConfig *cfg) {
    static const char *classes[CLIENT_TYPE_OBUF_COUNT] = {"normal", "replica", "pubsub"};
    for (int j = 0; j < CLIENT_TYPE_OBUF_COUNT; j++) {
        clientBufferLimitsConfig *l = &server.client_obuf_limits[j], *d = &obuf_defaults[j];
        int force = st->force_all || l->hard_limit_bytes != d->hard_limit_bytes ||
                    l->soft_limit_bytes != d->soft_limit_bytes || l->soft_limit_seconds != d->soft_limit_seconds;
        sds line = sdscatfmt(sdsempty(), "%s %s ", cfg->name, classes[j]);
        line = rwCatMemory(line, l->hard_limit_bytes);
        line = sdscat(line, " ");
        line = rwCatMemory(line, l->soft_limit_bytes);
        line = sdscatfmt(line, " %I", (long long)l->soft_limit_seconds);
        rwLine(st, cfg->name, line, force);
    }
    rwDone(st, cfg->name);
}

/* The new file: lines joined, runs of blank lines made one. */
static sds rwContent(rewriteState *st) {
    sds content = sdsempty();
    int blank = 0;
    for (int j = 0; j < st->numlines; j++) {
        if (sdslen(st->lines[j]) == 0) {
            if (blank) continue;
            blank = 1;
        } else {
            blank = 0;
        }
        content = sdscatsds(content, st->lines[j]);
        content = sdscatlen(content, "\n", 1);
    }
    return content;
}

/* Replace the file at `path` by `content`: a temporary file in the same
 * directory, written and synced, then renamed over it. */
static int rwWriteFile(const char *path, sds content) {
    sds tmp = sdscatfmt(sdsempty(), "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd == -1) {
        serverLog(LL_WARNING, "Could not create tmp config file (%s)", strerror(errno));
        sdsfree(tmp);
        return C_ERR;
    }
    size_t off = 0, len = sdslen(content);
    while (off < len) {
        ssize_t n = write(fd, content + off, len - off);
        if (n == -1) {
            if (errno == EINTR) continue;
            goto err;
        }
        off += (size_t)n;
    }
    /* mkstemp makes the file private: give it the mode a new file gets. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0644 & ~mask) == -1 || fsync(fd) == -1) goto err;
    if (close(fd) == -1) {
        fd = -1;
        goto err;
    }
    fd = -1;
    if (rename(tmp, path) == -1) goto err;
    /* Make the rename itself durable. */
    sds dir = sdsnew(path);
    int dfd = open(dirname(dir), O_RDONLY);
    if (dfd != -1) {
        fsync(dfd);
        close(dfd);
    }
    sdsfree(dir);
    sdsfree(tmp);
    return C_OK;

err: {
    int saved = errno;
    if (fd != -1) close(fd);
    unlink(tmp);
    sdsfree(tmp);
    errno = saved;
    return C_ERR;
}
}

/* Rewrite the config file at `path` with the running configuration; with
 * force_write every directive is written, default or not (DEBUG
 * CONFIG-REWRITE-FORCE-ALL).  C_ERR with errno set on failure. */
int rewriteConfig(const char *path, int force_write) {
    rewriteState st = {0};
    st.force_all = force_write;
    if (rwLoadFile(&st, path) == C_ERR) {
        int saved = errno;
        rwFree(&st);
        errno = saved;
        return C_ERR;
    }
    for (standardConfig *c = configs; c->name; c++) rewriteStandard(&st, c);
    for (pendingConfig *p = pending_configs; p->name; p++) rewritePending(&st, p);
    sds content = rwContent(&st);
    rwFree(&st);
    int rc = rwWriteFile(path, content);
    int saved = errno;
    sdsfree(content);
    errno = saved;
    return rc;
}

void configRewriteCommand(client *c) {
    if (server.configfile == NULL) {
        addReplyError(c, "The server is running without a config file");
        return;
    }
    if (rewriteConfig(server.configfile, 0) == C_ERR) {
        const char *why = strerror(errno);
        serverLog(LL_WARNING, "CONFIG REWRITE failed: %s", why);
        addReplyErrorFormat(c, "Rewriting config file: %s", why);
        return;
    }
    serverLog(LL_WARNING, "CONFIG REWRITE executed with success.");
    addReply(c, shared.ok);
}

/* ===========================================================================
 * CONFIG GET / SET / RESETSTAT / HELP
 * ======================================================================== */

/* The directive table has a few hundred names: a linear check is enough to
 * answer each name once when several patterns match it. */
static int pairListHas(sds *pairs, int npairs, const char *name) {
    for (int j = 0; j < npairs; j++)
        if (!strcasecmp(pairs[j * 2], name)) return 1;
    return 0;
}

void configGetCommand(client *c) {
    sds *pairs = NULL;
    int npairs = 0;
    for (int i = 2; i < c->argc; i++) {
        const char *pattern = c->argv[i]->ptr;
        int exact = !strpbrk(pattern, "*?[");
        for (standardConfig *cfg = configs; cfg->name; cfg++) {
            if ((cfg->flags & CF_HIDDEN) && !exact) continue;
            const char *names[2] = {cfg->name, cfg->alias};
            for (int n = 0; n < 2; n++) {
                if (!names[n]) continue;
                if (exact ? strcasecmp(pattern, names[n]) : !stringmatch(pattern, names[n], 1)) continue;
                if (pairListHas(pairs, npairs, names[n])) continue;
                pairs = zrealloc(pairs, sizeof(sds) * (npairs + 1) * 2);
                /* A name asked for without wildcards is answered as given. */
                pairs[npairs * 2] = sdsnew(exact ? pattern : names[n]);
                pairs[npairs * 2 + 1] = getConfigValue(cfg);
                npairs++;
            }
        }
        for (pendingConfig *p = pending_configs; p->name; p++) {
            if ((p->flags & CF_HIDDEN) && !exact) continue;
            const char *names[2] = {p->name, NULL};
            for (int a = 0; config_aliases[a][0]; a++)
                if (!strcmp(config_aliases[a][1], p->name)) names[1] = config_aliases[a][0];
            for (int n = 0; n < 2; n++) {
                if (!names[n]) continue;
                if (exact ? strcasecmp(pattern, names[n]) : !stringmatch(pattern, names[n], 1)) continue;
                if (pairListHas(pairs, npairs, names[n])) continue;
                pairs = zrealloc(pairs, sizeof(sds) * (npairs + 1) * 2);
                pairs[npairs * 2] = sdsnew(exact ? pattern : names[n]);
                pairs[npairs * 2 + 1] = sdsdup(p->value);
                npairs++;
            }
        }
    }
    addReplyMapLen(c, npairs);
    for (int j = 0; j < npairs * 2; j++) addReplyBulkSds(c, pairs[j]);
    zfree(pairs);
}

/* CONFIG SET name value [name value ...]: all or nothing. */
void configSetCommand(client *c) {
    const char *err = NULL;
    const char *errname = NULL;
    int n = (c->argc - 2) / 2;
    if ((c->argc - 2) % 2) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    standardConfig **cfgs = zcalloc(sizeof(*cfgs) * n);
    pendingConfig **pends = zcalloc(sizeof(*pends) * n);
    sds *old = zcalloc(sizeof(sds) * n);
    int j, applied = 0;

    /* Values of sensitive directives never reach MONITOR or SLOWLOG. */
    for (j = 0; j < n; j++) {
        standardConfig *cfg = lookupConfig(c->argv[2 + j * 2]->ptr);
        pendingConfig *p = cfg ? NULL : lookupPendingConfig(c->argv[2 + j * 2]->ptr);
        if ((cfg && (cfg->flags & CF_SENSITIVE)) || (p && (p->flags & CF_SENSITIVE)))
            redactClientCommandArgument(c, 3 + j * 2);
    }

    /* Validate names first: unknown, immutable, protected, duplicate. */
    for (j = 0; j < n; j++) {
        char *name = c->argv[2 + j * 2]->ptr;
        cfgs[j] = lookupConfig(name);
        if (!cfgs[j]) pends[j] = lookupPendingConfig(name);
        if (!cfgs[j] && !pends[j]) {
            addReplyErrorFormat(c, "Unknown option or number of arguments for CONFIG SET - '%s'", name);
            goto cleanup;
        }
        if ((cfgs[j] && (cfgs[j]->flags & CF_IMMUTABLE)) || (pends[j] && (pends[j]->flags & CF_IMMUTABLE))) {
            errname = name;
            err = "can't set immutable config";
            goto fail;
        }
        if (cfgs[j] && (cfgs[j]->flags & CF_PROTECTED) && server.enable_protected_configs != PROTECTED_ACTION_ALLOWED_YES &&
            !(server.enable_protected_configs == PROTECTED_ACTION_ALLOWED_LOCAL && clientIsLocal(c))) {
            errname = name;
            err = "can't set protected config";
            goto fail;
        }
        /* The same name twice, in any case; an old name (alias) and the
         * new name of one parameter do not count as the same. */
        for (int k = 0; k < j; k++) {
            if (!strcasecmp(name, c->argv[2 + k * 2]->ptr)) {
                errname = name;
                err = "duplicate parameter";
                goto fail;
            }
        }
    }
    /* Apply in order, remembering old values to roll back on failure. */
    for (j = 0; j < n; j++) {
        char *name = c->argv[2 + j * 2]->ptr;
        sds value = c->argv[3 + j * 2]->ptr;
        int argc = 1;
        sds *argv = &value, *split = NULL;
        if ((cfgs[j] && (cfgs[j]->flags & CF_MULTI_ARG)) || (pends[j] && (pends[j]->flags & CF_MULTI_ARG))) {
            /* Values are separated by single spaces, as in Redis: doubled,
             * leading or trailing spaces make empty values. */
            split = sdssplitlen(value, sdslen(value), " ", 1, &argc);
            argv = split;
        }
        old[j] = cfgs[j] ? getConfigValue(cfgs[j]) : sdsdup(pends[j]->value);
        int ok = cfgs[j] ? setConfigValue(cfgs[j], argv, argc, &err) : setPendingValue(pends[j], argv, argc, &err);
        if (split) sdsfreesplitres(split, argc);
        applied = j + 1;
        if (!ok) {
            errname = name;
            goto rollback;
        }
    }
    /* Every value is set: now act on them (e.g. listen on a new port). */
    for (j = 0; j < n; j++) {
        if (!cfgs[j] || !cfgs[j]->apply || cfgs[j]->apply(&err)) continue;
        errname = c->argv[2 + j * 2]->ptr;
        serverLog(LL_WARNING,
                  "Failed applying new configuration. Possibly related to new %s setting. Restoring previous "
                  "settings.",
                  cfgs[j]->name);
        goto rollback;
    }
    addReply(c, shared.ok);
    goto cleanup;

rollback:
    /* Newest first: an old name and the new name of one directive may both
     * have been set, and the value before the first of them must win. */
    for (j = applied - 1; j >= 0; j--) {
        const char *ignored;
        if (!old[j]) continue;
        int argc;
        sds *argv = sdssplitargs(old[j], &argc);
        if (cfgs[j]) {
            if (cfgs[j]->flags & CF_MULTI_ARG) setConfigValue(cfgs[j], argv, argc, &ignored);
            else setConfigValue(cfgs[j], &old[j], 1, &ignored);
            if (cfgs[j]->apply) cfgs[j]->apply(&ignored);
        } else {
            sdsfree(pends[j]->value);
            pends[j]->value = sdsdup(old[j]);
        }
        sdsfreesplitres(argv, argc);
    }
fail:
    addReplyErrorFormat(c, "CONFIG SET failed (possibly related to argument '%s') - %s", errname, err);
cleanup:
    for (j = 0; j < n; j++) sdsfree(old[j]);
    zfree(old);
    zfree(cfgs);
    zfree(pends);
}

void configResetstatCommand(client *c) {
    server.stat_numcommands = 0;
    server.stat_numconnections = 0;
    server.stat_expiredkeys = 0;
    server.stat_expired_stale_perc_x100 = 0;
    server.stat_expired_time_cap_reached_count = 0;
    server.stat_expire_cycle_time_used = 0;
    server.stat_evictedkeys = 0;
    server.stat_keyspace_hits = 0;
    server.stat_keyspace_misses = 0;
    server.stat_rejected_conn = 0;
    server.stat_net_input_bytes = 0;
    server.stat_net_output_bytes = 0;
    server.stat_total_error_replies = 0;
    server.stat_unexpected_error_replies = 0;
    server.stat_client_qbuf_limit_disconnections = 0;
    server.stat_client_outbuf_limit_disconnections = 0;
    server.stat_total_reads_processed = 0;
    server.stat_total_writes_processed = 0;
    server.stat_peak_memory = 0;
    server.stat_fork_time = 0;
    server.stat_fork_rate = 0;
    server.stat_total_forks = 0;
    lazyfreeResetStats();
    evictResetStats();
    resetCommandTableStats();
    resetErrorTableStats();
    addReply(c, shared.ok);
}

void configHelpCommand(client *c) {
    const char *help[] = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
        NULL};
    addReplyHelp(c, help);
}
