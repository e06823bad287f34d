/* config.c - configuration: the directive table, the config file and command
 * line parser, and CONFIG GET/SET/RESETSTAT/HELP.
 *
 * One table row per directive serves the config file, `--name value`
 * arguments, CONFIG GET and CONFIG SET alike.  A row names the directive and
 * its alias, its type (bool, integer, memory, enum, string, or special with
 * its own setter and getter), flags (immutable, protected, sensitive), its
 * bounds or enum values, its default, and where it lives in `server`.
 *
 * Redis 7.0 has about 180 directives.  Those whose subsystem is not built yet
 * are in the table as "pending" rows: they are accepted with a type check,
 * their value is kept and shown by CONFIG GET, and start-up logs that they
 * have no effect yet.  A subsystem that lands moves its rows up to typed
 * rows bound to its fields. */
#include "server.h"
#include "evict.h"

#include <ctype.h>
#include <fcntl.h>
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
#define CF_EMPTY_IS_NULL (1 << 5)

typedef struct configEnum {
    const char *name;
    int val;
} configEnum;

struct standardConfig;
typedef int (*specialSetFn)(struct standardConfig *cfg, sds *argv, int argc, const char **err);
typedef sds (*specialGetFn)(struct standardConfig *cfg);
typedef int (*applyFn)(const char **err);

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
} standardConfig;

static configEnum loglevel_enum[] = {
    {"debug", LL_DEBUG}, {"verbose", LL_VERBOSE}, {"notice", LL_NOTICE}, {"warning", LL_WARNING}, {NULL, 0}};

static configEnum maxmemory_policy_enum[] = {
    {"volatile-lru", MAXMEMORY_VOLATILE_LRU},   {"volatile-lfu", MAXMEMORY_VOLATILE_LFU},
    {"volatile-random", MAXMEMORY_VOLATILE_RANDOM}, {"volatile-ttl", MAXMEMORY_VOLATILE_TTL},
    {"allkeys-lru", MAXMEMORY_ALLKEYS_LRU},     {"allkeys-lfu", MAXMEMORY_ALLKEYS_LFU},
    {"allkeys-random", MAXMEMORY_ALLKEYS_RANDOM}, {"noeviction", MAXMEMORY_NO_EVICTION},
    {NULL, 0}};

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
static int setSpecialRequirepass(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialRequirepass(standardConfig *cfg);
static int setSpecialPercentiles(standardConfig *cfg, sds *argv, int argc, const char **err);
static sds getSpecialPercentiles(standardConfig *cfg);
static int applyHz(const char **err);
static int applyPort(const char **err);
static int applyBind(const char **err);

static sds save_params; /* kept as given until persistence lands */

#define BOOL(n, a, f, fld, def) {n, a, CT_BOOL, f, &server.fld, 0, 1, NULL, def, NULL, NULL, NULL}
#define INT(n, a, f, fld, lo, hi, def, ap) {n, a, CT_INT, f, &server.fld, lo, hi, NULL, def, NULL, NULL, ap}
#define UINT(n, a, f, fld, lo, hi, def) {n, a, CT_UINT, f, &server.fld, lo, hi, NULL, def, NULL, NULL, NULL}
#define LLMEM(n, a, f, fld, lo, hi, def) {n, a, CT_LL_MEMORY, f, &server.fld, lo, hi, NULL, def, NULL, NULL, NULL}
#define ULLMEM(n, a, f, fld, lo, hi, def) {n, a, CT_ULL_MEMORY, f, &server.fld, lo, hi, NULL, def, NULL, NULL, NULL}
#define ENUM(n, a, f, fld, en, def) {n, a, CT_ENUM, f, &server.fld, 0, 0, en, def, NULL, NULL, NULL}
#define STR(n, a, f, fld, def) {n, a, CT_STRING, f, &server.fld, 0, 0, NULL, def, NULL, NULL, NULL}
#define SPECIAL(n, a, f, setf, getf, def) {n, a, CT_SPECIAL, f, NULL, 0, 0, NULL, def, setf, getf, NULL}

static standardConfig configs[] = {
    INT("port", NULL, CF_NONE, port, 0, 65535, "6379", applyPort),
    {"bind", NULL, CT_SPECIAL, CF_MULTI_ARG, NULL, 0, 0, NULL, "* -::*", setSpecialBind, getSpecialBind, applyBind},
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
    SPECIAL("requirepass", NULL, CF_SENSITIVE, setSpecialRequirepass, getSpecialRequirepass, ""),
    LLMEM("proto-max-bulk-len", NULL, CF_NONE, proto_max_bulk_len, 1024 * 1024, LONG_MAX, "512mb"),
    ULLMEM("client-query-buffer-limit", NULL, CF_NONE, client_max_querybuf_len, 1024 * 1024, LONG_MAX, "1gb"),
    SPECIAL("client-output-buffer-limit", NULL, CF_MULTI_ARG, setSpecialObufLimit, getSpecialObufLimit,
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
    ULLMEM("maxmemory", NULL, CF_NONE, maxmemory, 0, ULLONG_MAX, "0"),
    ENUM("maxmemory-policy", NULL, CF_NONE, maxmemory_policy, maxmemory_policy_enum, "noeviction"),
    INT("maxmemory-samples", NULL, CF_NONE, maxmemory_samples, 1, INT_MAX, "5", NULL),
    INT("lfu-log-factor", NULL, CF_NONE, lfu_log_factor, 0, INT_MAX, "10", NULL),
    INT("lfu-decay-time", NULL, CF_NONE, lfu_decay_time, 0, INT_MAX, "1", NULL),
    INT("active-expire-effort", NULL, CF_NONE, active_expire_effort, 1, 10, "1", NULL),
    BOOL("lazyfree-lazy-user-del", NULL, CF_NONE, lazyfree_lazy_user_del, "no"),
    BOOL("lazyfree-lazy-user-flush", NULL, CF_NONE, lazyfree_lazy_user_flush, "no"),
    BOOL("lazyfree-lazy-expire", NULL, CF_NONE, lazyfree_lazy_expire, "no"),
    BOOL("lazyfree-lazy-server-del", NULL, CF_NONE, lazyfree_lazy_server_del, "no"),
    ENUM("enable-debug-command", NULL, CF_IMMUTABLE, enable_debug_cmd, protected_action_enum, "no"),
    ENUM("enable-protected-configs", NULL, CF_IMMUTABLE, enable_protected_configs, protected_action_enum, "no"),
    ENUM("enable-module-command", NULL, CF_IMMUTABLE, enable_module_cmd, protected_action_enum, "no"),
    SPECIAL("dir", NULL, CF_PROTECTED, setSpecialDir, getSpecialDir, NULL),
    STR("dbfilename", NULL, CF_PROTECTED, rdb_filename, "dump.rdb"),
    SPECIAL("save", NULL, CF_MULTI_ARG, setSpecialSave, getSpecialSave, "3600 1 300 100 60 10000"),
    BOOL("latency-tracking", NULL, CF_NONE, latency_tracking_enabled, "yes"),
    SPECIAL("latency-tracking-info-percentiles", NULL, CF_MULTI_ARG, setSpecialPercentiles, getSpecialPercentiles,
            "50 99 99.9"),
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
    int flags;           /* CF_IMMUTABLE, CF_MULTI_ARG */
    long long min, max;  /* bounds of numeric directives */
    const char *values;  /* PC_ENUM: the allowed values, '|' separated */
    pendingCheckFn check;
    sds value;
} pendingConfig;

static sds checkActiveDefrag(sds *argv, int argc, const char **err);
static sds checkHostname(sds *argv, int argc, const char **err);
static sds checkKeyspaceEvents(sds *argv, int argc, const char **err);
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
    PBOOL("always-show-logo", "no", CF_IMMUTABLE),
    PBOOL("aof-disable-auto-gc", "no", CF_NONE),
    PBOOL("aof-load-truncated", "yes", CF_NONE),
    PBOOL("aof-rewrite-incremental-fsync", "yes", CF_NONE),
    PBOOL("aof-timestamp-enabled", "no", CF_NONE),
    PBOOL("aof-use-rdb-preamble", "yes", CF_NONE),
    PSTR("aof_rewrite_cpulist", "", CF_IMMUTABLE),
    PSTR("appenddirname", "appendonlydir", CF_IMMUTABLE),
    PSTR("appendfilename", "appendonly.aof", CF_IMMUTABLE),
    PENUM("appendfsync", "everysec", CF_NONE, "everysec|always|no"),
    PBOOL("appendonly", "no", CF_NONE),
    PMEM("auto-aof-rewrite-min-size", "67108864", CF_NONE, 0, LLONG_MAX),
    PINT("auto-aof-rewrite-percentage", "100", CF_NONE, 0, INT_MAX),
    PSTR("bgsave_cpulist", "", CF_IMMUTABLE),
    PSTR("bind-source-addr", "", CF_NONE),
    PSTR("bio_cpulist", "", CF_IMMUTABLE),
    PINT("busy-reply-threshold", "5000", CF_NONE, 0, LLONG_MAX),
    PBOOL("cluster-allow-pubsubshard-when-down", "yes", CF_NONE),
    PBOOL("cluster-allow-reads-when-down", "no", CF_NONE),
    PBOOL("cluster-allow-replica-migration", "yes", CF_NONE),
    PINT("cluster-announce-bus-port", "0", CF_NONE, 0, 65535),
    PSPECIAL("cluster-announce-hostname", "", CF_NONE, checkHostname),
    PSTR("cluster-announce-ip", "", CF_NONE),
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
    PINT("hash-max-listpack-entries", "512", CF_NONE, 0, LLONG_MAX),
    PMEM("hash-max-listpack-value", "64", CF_NONE, 0, LLONG_MAX),
    PMEM("hll-sparse-max-bytes", "3000", CF_NONE, 0, LLONG_MAX),
    PSTR("ignore-warnings", "", CF_NONE),
    PINT("io-threads", "1", CF_IMMUTABLE, 1, 128),
    PBOOL("io-threads-do-reads", "no", CF_IMMUTABLE),
    PBOOL("jemalloc-bg-thread", "yes", CF_NONE),
    PINT("latency-monitor-threshold", "0", CF_NONE, 0, LLONG_MAX),
    PINT("list-compress-depth", "0", CF_NONE, 0, INT_MAX),
    PINT("list-max-listpack-size", "-2", CF_NONE, INT_MIN, INT_MAX),
    PINT("lua-time-limit", "5000", CF_NONE, 0, LLONG_MAX),
    PSTR("masterauth", "", CF_NONE),
    PSTR("masteruser", "", CF_NONE),
    PMEMPCT("maxmemory-clients", "0", CF_NONE, -100, LLONG_MAX),
    PINT("maxmemory-eviction-tenacity", "10", CF_NONE, 0, 100),
    PINT("min-replicas-max-lag", "10", CF_NONE, 0, INT_MAX),
    PINT("min-replicas-to-write", "0", CF_NONE, 0, INT_MAX),
    PBOOL("no-appendfsync-on-rewrite", "no", CF_NONE),
    PSPECIAL("notify-keyspace-events", "", CF_NONE, checkKeyspaceEvents),
    PENUM("oom-score-adj", "no", CF_NONE, "no|yes|relative|absolute"),
    PSPECIAL("oom-score-adj-values", "0 200 800", CF_MULTI_ARG, checkOomScoreAdjValues),
    PSPECIAL("proc-title-template", "{title} {listen-addr} {server-mode}", CF_NONE, checkProcTitleTemplate),
    PENUM("propagation-error-behavior", "ignore", CF_NONE, "ignore|panic|panic-on-replicas"),
    PBOOL("rdb-del-sync-files", "no", CF_NONE),
    PBOOL("rdb-save-incremental-fsync", "yes", CF_NONE),
    PBOOL("rdbchecksum", "yes", CF_IMMUTABLE),
    PBOOL("rdbcompression", "yes", CF_NONE),
    PSPECIAL("repl-backlog-size", "1048576", CF_NONE, checkReplBacklogSize),
    PINT("repl-backlog-ttl", "3600", CF_NONE, 0, LLONG_MAX),
    PBOOL("repl-disable-tcp-nodelay", "no", CF_NONE),
    PENUM("repl-diskless-load", "disabled", CF_NONE, "disabled|on-empty-db|swapdb"),
    PBOOL("repl-diskless-sync", "yes", CF_NONE),
    PINT("repl-diskless-sync-delay", "5", CF_NONE, 0, INT_MAX),
    PINT("repl-diskless-sync-max-replicas", "0", CF_NONE, 0, INT_MAX),
    PINT("repl-ping-replica-period", "10", CF_NONE, 1, INT_MAX),
    PINT("repl-timeout", "60", CF_NONE, 1, INT_MAX),
    PSTR("replica-announce-ip", "", CF_NONE),
    PINT("replica-announce-port", "0", CF_NONE, 0, 65535),
    PBOOL("replica-announced", "yes", CF_NONE),
    PBOOL("replica-ignore-disk-write-errors", "no", CF_NONE),
    PBOOL("replica-ignore-maxmemory", "yes", CF_NONE),
    PBOOL("replica-lazy-flush", "no", CF_NONE),
    PINT("replica-priority", "100", CF_NONE, 0, INT_MAX),
    PBOOL("replica-read-only", "yes", CF_NONE),
    PBOOL("replica-serve-stale-data", "yes", CF_NONE),
    PSPECIAL("replicaof", "", CF_IMMUTABLE, checkReplicaof),
    PENUM("sanitize-dump-payload", "no", CF_NONE, "no|yes|clients"),
    PSTR("server_cpulist", "", CF_IMMUTABLE),
    PINT("set-max-intset-entries", "512", CF_NONE, 0, LLONG_MAX),
    PBOOL("set-proc-title", "yes", CF_IMMUTABLE),
    PSPECIAL("shutdown-on-sigint", "default", CF_MULTI_ARG, checkShutdownFlags),
    PSPECIAL("shutdown-on-sigterm", "default", CF_MULTI_ARG, checkShutdownFlags),
    PINT("shutdown-timeout", "10", CF_NONE, 0, INT_MAX),
    PINT("slowlog-log-slower-than", "10000", CF_NONE, -1, LLONG_MAX),
    PINT("slowlog-max-len", "128", CF_NONE, 0, LLONG_MAX),
    PINT("socket-mark-id", "0", CF_IMMUTABLE, 0, UINT_MAX),
    PBOOL("stop-writes-on-bgsave-error", "yes", CF_NONE),
    PMEM("stream-node-max-bytes", "4096", CF_NONE, 0, LLONG_MAX),
    PINT("stream-node-max-entries", "100", CF_NONE, 0, LLONG_MAX),
    PENUM("supervised", "no", CF_IMMUTABLE, "upstart|systemd|auto|no"),
    PENUM("tls-auth-clients", "yes", CF_NONE, "no|yes|optional"),
    PSTR("tls-ca-cert-dir", "", CF_NONE),
    PSTR("tls-ca-cert-file", "", CF_NONE),
    PSTR("tls-cert-file", "", CF_NONE),
    PSTR("tls-ciphers", "", CF_NONE),
    PSTR("tls-ciphersuites", "", CF_NONE),
    PSTR("tls-client-cert-file", "", CF_NONE),
    PSTR("tls-client-key-file", "", CF_NONE),
    PSTR("tls-client-key-file-pass", "", CF_NONE),
    PBOOL("tls-cluster", "no", CF_NONE),
    PSTR("tls-dh-params-file", "", CF_NONE),
    PSTR("tls-key-file", "", CF_NONE),
    PSTR("tls-key-file-pass", "", CF_NONE),
    PINT("tls-port", "0", CF_NONE, 0, 65535),
    PBOOL("tls-prefer-server-ciphers", "no", CF_NONE),
    PSTR("tls-protocols", "", CF_NONE),
    PBOOL("tls-replication", "no", CF_NONE),
    PINT("tls-session-cache-size", "20480", CF_NONE, 0, INT_MAX),
    PINT("tls-session-cache-timeout", "300", CF_NONE, 0, INT_MAX),
    PBOOL("tls-session-caching", "yes", CF_NONE),
    PINT("tracking-table-max-keys", "1000000", CF_NONE, 0, LLONG_MAX),
    PINT("zset-max-listpack-entries", "128", CF_NONE, 0, LLONG_MAX),
    PMEM("zset-max-listpack-value", "64", CF_NONE, 0, LLONG_MAX),
    PBOOL("lazyfree-lazy-eviction", "no", CF_NONE),
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
    {"hash-max-ziplist-entries", "hash-max-listpack-entries"},
    {"hash-max-ziplist-value", "hash-max-listpack-value"},
    {"zset-max-ziplist-entries", "zset-max-listpack-entries"},
    {"zset-max-ziplist-value", "zset-max-listpack-value"},
    {"list-max-ziplist-size", "list-max-listpack-size"},
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
            *err = "argument couldn't be parsed into an integer";
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

/* notify-keyspace-events: classes of events as letters, shown in a fixed
 * order with "A" standing for all the classes of "g$lshzxetd". */
static sds checkKeyspaceEvents(sds *argv, int argc, const char **err) {
    static const char *classes = "g$lshzxetdnKEm";
    static const char *all = "g$lshzxetd";
    int on[14] = {0};
    if (argc != 1) {
        *err = "wrong number of arguments";
        return NULL;
    }
    for (const char *p = argv[0]; *p; p++) {
        if (*p == 'A') {
            for (int j = 0; all[j]; j++) on[strchr(classes, all[j]) - classes] = 1;
            continue;
        }
        const char *c = strchr(classes, *p);
        if (!c) {
            *err = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
            return NULL;
        }
        on[c - classes] = 1;
    }
    sds v = sdsempty();
    int every = 1;
    for (int j = 0; all[j]; j++)
        if (!on[strchr(classes, all[j]) - classes]) every = 0;
    if (every) {
        v = sdscat(v, "A");
    } else {
        for (int j = 0; j < 11; j++) /* g $ l s h z x e t d n */
            if (on[j]) v = sdscatlen(v, classes + j, 1);
    }
    for (int j = 11; j < 14; j++) /* K E m */
        if (on[j]) v = sdscatlen(v, classes + j, 1);
    return v;
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

static int setSpecialSave(standardConfig *cfg, sds *argv, int argc, const char **err) {
    /* "save <seconds> <changes> [<seconds> <changes> ...]" or "save ''".
     * Numbers are read like strtoll does (an empty one is 0); seconds must
     * be at least 1. */
    if (argc == 1 && argv[0][0] == '\0') argc = 0;
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
    sdsfree(save_params);
    save_params = params;
    return 1;
}

static sds getSpecialSave(standardConfig *cfg) { return sdsdup(save_params ? save_params : sdsempty()); }

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
        int argc;
        sds *argv = sdssplitargs(c->defval, &argc);
        if (argc == 0) {
            sds empty = sdsempty();
            const char *err = NULL;
            setConfigValue(c, &empty, 1, &err);
            sdsfree(empty);
        } else {
            const char *err = NULL;
            if (!setConfigValue(c, argv, argc, &err)) {
                fprintf(stderr, "Bad default for %s: %s\n", c->name, err);
                exit(1);
            }
        }
        sdsfreesplitres(argv, argc);
        if (c->apply) c->apply(NULL);
    }
    for (pendingConfig *p = pending_configs; p->name; p++) p->value = sdsnew(p->defval);
}

/* ===========================================================================
 * The config file
 * ======================================================================== */

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
            if (argc < 2 || (!(cfg->flags & CF_MULTI_ARG) && argc != 2)) {
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
        /* Directives that are not configs: accepted, with no effect yet. */
        if ((!strcmp(argv[0], "include") && argc == 2) || (!strcmp(argv[0], "rename-command") && argc == 3) ||
            (!strcmp(argv[0], "user") && argc >= 2) || (!strcmp(argv[0], "loadmodule") && argc >= 2) ||
            (!strcmp(argv[0], "sentinel") && argc >= 2)) {
            serverLog(LL_WARNING, "Directive '%s' is accepted but has no effect yet in this server.", argv[0]);
            sdsfreesplitres(argv, argc);
            continue;
        }
        sdsfreesplitres(argv, argc);
        err = "Bad directive or wrong number of arguments";
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
    sds config = sdsempty();
    char buf[1024];
    if (filename) {
        FILE *fp = fopen(filename, "r");
        if (fp == NULL) {
            serverLog(LL_WARNING, "Fatal error, can't open config file '%s': %s", filename, strerror(errno));
            exit(1);
        }
        while (fgets(buf, sizeof(buf), fp) != NULL) config = sdscat(config, buf);
        fclose(fp);
    }
    if (config_from_stdin) {
        while (fgets(buf, sizeof(buf), stdin) != NULL) config = sdscat(config, buf);
    }
    if (options) {
        config = sdscat(config, "\n");
        config = sdscat(config, options);
    }
    loadServerConfigFromString(config);
    sdsfree(config);
    for (pendingConfig *p = pending_configs; p->name; p++) {
        if (strcmp(p->value, p->defval) != 0)
            serverLog(LL_NOTICE, "Config '%s' is set to '%s' but has no effect yet in this server.", p->name,
                      p->value);
    }
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
    for (j = 0; j < applied; j++) {
        const char *ignored;
        if (!old[j]) continue;
        int argc;
        sds *argv = sdssplitargs(old[j], &argc);
        if (cfgs[j]) {
            if (cfgs[j]->flags & CF_MULTI_ARG || argc != 1) setConfigValue(cfgs[j], argv, argc, &ignored);
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
        NULL};
    addReplyHelp(c, help);
}
