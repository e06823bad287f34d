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
static int applyHz(const char **err);

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
    INT("port", NULL, CF_IMMUTABLE, port, 0, 65535, "6379", NULL),
    SPECIAL("bind", NULL, CF_IMMUTABLE | CF_MULTI_ARG, setSpecialBind, getSpecialBind, "* -::*"),
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
    INT("maxmemory-samples", NULL, CF_NONE, maxmemory_samples, 1, 255, "5", NULL),
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
    {NULL}};

/* Directives of subsystems not built yet: accepted, kept, shown. */
typedef enum { PC_BOOL, PC_NUMBER, PC_STRING } pendingType;
typedef struct {
    const char *name;
    const char *defval;
    pendingType type;
    sds value;
} pendingConfig;

static pendingConfig pending_configs[] = {
    {"acl-pubsub-default", "resetchannels", PC_STRING},
    {"aclfile", "", PC_STRING},
    {"acllog-max-len", "128", PC_NUMBER},
    {"active-defrag-cycle-max", "25", PC_NUMBER},
    {"active-defrag-cycle-min", "1", PC_NUMBER},
    {"active-defrag-ignore-bytes", "104857600", PC_NUMBER},
    {"active-defrag-max-scan-fields", "1000", PC_NUMBER},
    {"active-defrag-threshold-lower", "10", PC_NUMBER},
    {"active-defrag-threshold-upper", "100", PC_NUMBER},
    {"activedefrag", "no", PC_BOOL},
    {"activerehashing", "yes", PC_BOOL},
    {"always-show-logo", "no", PC_BOOL},
    {"aof-disable-auto-gc", "no", PC_BOOL},
    {"aof-load-truncated", "yes", PC_BOOL},
    {"aof-rewrite-incremental-fsync", "yes", PC_BOOL},
    {"aof-timestamp-enabled", "no", PC_BOOL},
    {"aof-use-rdb-preamble", "yes", PC_BOOL},
    {"aof_rewrite_cpulist", "", PC_STRING},
    {"appenddirname", "appendonlydir", PC_STRING},
    {"appendfilename", "appendonly.aof", PC_STRING},
    {"appendfsync", "everysec", PC_STRING},
    {"appendonly", "no", PC_BOOL},
    {"auto-aof-rewrite-min-size", "67108864", PC_NUMBER},
    {"auto-aof-rewrite-percentage", "100", PC_NUMBER},
    {"bgsave_cpulist", "", PC_STRING},
    {"bind-source-addr", "", PC_STRING},
    {"bio_cpulist", "", PC_STRING},
    {"busy-reply-threshold", "5000", PC_NUMBER},
    {"cluster-allow-pubsubshard-when-down", "yes", PC_BOOL},
    {"cluster-allow-reads-when-down", "no", PC_BOOL},
    {"cluster-allow-replica-migration", "yes", PC_BOOL},
    {"cluster-announce-bus-port", "0", PC_NUMBER},
    {"cluster-announce-hostname", "", PC_STRING},
    {"cluster-announce-ip", "", PC_STRING},
    {"cluster-announce-port", "0", PC_NUMBER},
    {"cluster-announce-tls-port", "0", PC_NUMBER},
    {"cluster-config-file", "nodes.conf", PC_STRING},
    {"cluster-enabled", "no", PC_BOOL},
    {"cluster-link-sendbuf-limit", "0", PC_NUMBER},
    {"cluster-migration-barrier", "1", PC_NUMBER},
    {"cluster-node-timeout", "15000", PC_NUMBER},
    {"cluster-port", "0", PC_NUMBER},
    {"cluster-preferred-endpoint-type", "ip", PC_STRING},
    {"cluster-replica-no-failover", "no", PC_BOOL},
    {"cluster-replica-validity-factor", "10", PC_NUMBER},
    {"cluster-require-full-coverage", "yes", PC_BOOL},
    {"cluster-slave-no-failover", "no", PC_BOOL},
    {"cluster-slave-validity-factor", "10", PC_NUMBER},
    {"crash-memcheck-enabled", "yes", PC_BOOL},
    {"disable-thp", "yes", PC_BOOL},
    {"hash-max-listpack-entries", "512", PC_NUMBER},
    {"hash-max-listpack-value", "64", PC_NUMBER},
    {"hll-sparse-max-bytes", "3000", PC_NUMBER},
    {"ignore-warnings", "", PC_STRING},
    {"io-threads", "1", PC_NUMBER},
    {"io-threads-do-reads", "no", PC_BOOL},
    {"jemalloc-bg-thread", "yes", PC_BOOL},
    {"latency-monitor-threshold", "0", PC_NUMBER},
    {"latency-tracking", "yes", PC_BOOL},
    {"latency-tracking-info-percentiles", "50 99 99.9", PC_STRING},
    {"list-compress-depth", "0", PC_NUMBER},
    {"list-max-listpack-size", "-2", PC_NUMBER},
    {"lua-time-limit", "5000", PC_NUMBER},
    {"masterauth", "", PC_STRING},
    {"masteruser", "", PC_STRING},
    {"maxmemory-clients", "0", PC_NUMBER},
    {"maxmemory-eviction-tenacity", "10", PC_NUMBER},
    {"min-replicas-max-lag", "10", PC_NUMBER},
    {"min-replicas-to-write", "0", PC_NUMBER},
    {"no-appendfsync-on-rewrite", "no", PC_BOOL},
    {"notify-keyspace-events", "", PC_STRING},
    {"oom-score-adj", "no", PC_BOOL},
    {"oom-score-adj-values", "0 200 800", PC_STRING},
    {"proc-title-template", "{title} {listen-addr} {server-mode}", PC_STRING},
    {"propagation-error-behavior", "ignore", PC_STRING},
    {"rdb-del-sync-files", "no", PC_BOOL},
    {"rdb-save-incremental-fsync", "yes", PC_BOOL},
    {"rdbchecksum", "yes", PC_BOOL},
    {"rdbcompression", "yes", PC_BOOL},
    {"repl-backlog-size", "1048576", PC_NUMBER},
    {"repl-backlog-ttl", "3600", PC_NUMBER},
    {"repl-disable-tcp-nodelay", "no", PC_BOOL},
    {"repl-diskless-load", "disabled", PC_STRING},
    {"repl-diskless-sync", "yes", PC_BOOL},
    {"repl-diskless-sync-delay", "5", PC_NUMBER},
    {"repl-diskless-sync-max-replicas", "0", PC_NUMBER},
    {"repl-ping-replica-period", "10", PC_NUMBER},
    {"repl-timeout", "60", PC_NUMBER},
    {"replica-announce-ip", "", PC_STRING},
    {"replica-announce-port", "0", PC_NUMBER},
    {"replica-announced", "yes", PC_BOOL},
    {"replica-ignore-disk-write-errors", "no", PC_BOOL},
    {"replica-ignore-maxmemory", "yes", PC_BOOL},
    {"replica-lazy-flush", "no", PC_BOOL},
    {"replica-priority", "100", PC_NUMBER},
    {"replica-read-only", "yes", PC_BOOL},
    {"replica-serve-stale-data", "yes", PC_BOOL},
    {"replicaof", "", PC_STRING},
    {"sanitize-dump-payload", "no", PC_BOOL},
    {"server_cpulist", "", PC_STRING},
    {"set-max-intset-entries", "512", PC_NUMBER},
    {"set-proc-title", "yes", PC_BOOL},
    {"shutdown-on-sigint", "default", PC_STRING},
    {"shutdown-on-sigterm", "default", PC_STRING},
    {"shutdown-timeout", "10", PC_NUMBER},
    {"slowlog-log-slower-than", "10000", PC_NUMBER},
    {"slowlog-max-len", "128", PC_NUMBER},
    {"socket-mark-id", "0", PC_NUMBER},
    {"stop-writes-on-bgsave-error", "yes", PC_BOOL},
    {"stream-node-max-bytes", "4096", PC_NUMBER},
    {"stream-node-max-entries", "100", PC_NUMBER},
    {"supervised", "no", PC_BOOL},
    {"tls-auth-clients", "yes", PC_BOOL},
    {"tls-ca-cert-dir", "", PC_STRING},
    {"tls-ca-cert-file", "", PC_STRING},
    {"tls-cert-file", "", PC_STRING},
    {"tls-ciphers", "", PC_STRING},
    {"tls-ciphersuites", "", PC_STRING},
    {"tls-client-cert-file", "", PC_STRING},
    {"tls-client-key-file", "", PC_STRING},
    {"tls-client-key-file-pass", "", PC_STRING},
    {"tls-cluster", "no", PC_BOOL},
    {"tls-dh-params-file", "", PC_STRING},
    {"tls-key-file", "", PC_STRING},
    {"tls-key-file-pass", "", PC_STRING},
    {"tls-port", "0", PC_NUMBER},
    {"tls-prefer-server-ciphers", "no", PC_BOOL},
    {"tls-protocols", "", PC_STRING},
    {"tls-replication", "no", PC_BOOL},
    {"tls-session-cache-size", "20480", PC_NUMBER},
    {"tls-session-cache-timeout", "300", PC_NUMBER},
    {"tls-session-caching", "yes", PC_BOOL},
    {"tracking-table-max-keys", "1000000", PC_NUMBER},
    {"zset-max-listpack-entries", "128", PC_NUMBER},
    {"zset-max-listpack-value", "64", PC_NUMBER},
    {"lazyfree-lazy-eviction", "no", PC_BOOL},
    {NULL, NULL, PC_STRING, NULL}};

/* Old names still accepted, and shown by CONFIG GET as Redis does. */
static const char *config_aliases[][2] = {
    {"slaveof", "replicaof"},
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

static int setNumeric(standardConfig *cfg, const char *val, const char **err) {
    long long ll = 0;
    unsigned long long ull = 0;
    int isull = cfg->type == CT_ULL_MEMORY || cfg->type == CT_UINT;
    if (cfg->type == CT_ULL_MEMORY || cfg->type == CT_LL_MEMORY) {
        int memerr;
        ull = memtoull(val, &memerr);
        if (memerr) {
            *err = "argument must be a memory value";
            return 0;
        }
        ll = (long long)ull;
    } else if (cfg->flags & CF_OCTAL) {
        char *end;
        errno = 0;
        ll = strtoll(val, &end, 8);
        if (*val == '\0' || *end != '\0' || errno) {
            *err = "argument couldn't be parsed into an integer";
            return 0;
        }
        ull = (unsigned long long)ll;
    } else if (isull) {
        if (!string2ull(val, &ull)) {
            *err = "argument couldn't be parsed into an integer";
            return 0;
        }
    } else {
        if (!string2ll(val, strlen(val), &ll)) {
            *err = "argument couldn't be parsed into an integer";
            return 0;
        }
    }
    if (isull ? (ull < (unsigned long long)cfg->min || (cfg->max >= 0 && ull > (unsigned long long)cfg->max &&
                                                       cfg->type != CT_ULL_MEMORY))
              : (ll < cfg->min || ll > cfg->max)) {
        if (cfg->type == CT_UINT && cfg->max == (long long)UINT_MAX)
            snprintf(config_err_buf, sizeof(config_err_buf), "argument must be between %lld and %u inclusive",
                     cfg->min, UINT_MAX);
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

static int setPendingValue(pendingConfig *p, sds *argv, int argc, const char **err) {
    sds v = sdsjoinsds(argv, argc, " ", 1);
    if (p->type == PC_BOOL && parseYesNo(v) == -1) {
        sdsfree(v);
        *err = "argument must be 'yes' or 'no'";
        return 0;
    }
    if (p->type == PC_NUMBER) {
        /* Integers, memory sizes (kept in bytes, as CONFIG GET shows them),
         * and percentages (maxmemory-clients). */
        long long ll;
        size_t len = sdslen(v);
        if (len > 1 && v[len - 1] == '%' && string2ll(v, len - 1, &ll) && ll >= 0) {
            /* kept as given */
        } else if (v[0] == '-') {
            if (!string2ll(v, len, &ll)) {
                sdsfree(v);
                *err = "argument couldn't be parsed into an integer";
                return 0;
            }
        } else {
            int memerr;
            unsigned long long bytes = memtoull(v, &memerr);
            if (memerr) {
                sdsfree(v);
                *err = "argument couldn't be parsed into an integer";
                return 0;
            }
            sdsfree(v);
            v = sdscatprintf(sdsempty(), "%llu", bytes);
        }
    }
    if (p->type == PC_BOOL) sdstolower(v);
    sdsfree(p->value);
    p->value = v;
    return 1;
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
    /* "bind *  -::*" is the default: treat it as not configured. */
    if (argc == 2 && !strcmp(argv[0], "*") && !strcmp(argv[1], "-::*")) return 1;
    for (int j = 0; j < argc; j++) server.bindaddr[server.bindaddr_count++] = zstrdup(argv[j]);
    return 1;
}

static sds getSpecialBind(standardConfig *cfg) {
    if (server.bindaddr_count == 0) return sdsnew("* -::*");
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
    /* "save <seconds> <changes> [<seconds> <changes> ...]" or "save ''". */
    if (argc == 1 && argv[0][0] == '\0') {
        sdsfree(save_params);
        save_params = sdsempty();
        return 1;
    }
    if (argc % 2) {
        *err = "Invalid save parameters";
        return 0;
    }
    for (int j = 0; j < argc; j++) {
        long long v;
        if (!string2ll(argv[j], sdslen(argv[j]), &v) || v < 0) {
            *err = "Invalid save parameters";
            return 0;
        }
    }
    sds joined = sdsjoinsds(argv, argc, " ", 1);
    sdsfree(save_params);
    save_params = joined;
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
        if (p && argc >= 2) {
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
                pairs[npairs * 2] = sdsnew(names[n]);
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
                pairs[npairs * 2] = sdsnew(names[n]);
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
        addReplyErrorArity(c);
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
        if (cfgs[j] && (cfgs[j]->flags & CF_IMMUTABLE)) {
            errname = name;
            err = "can't set immutable config";
            goto fail;
        }
        if (cfgs[j] && (cfgs[j]->flags & CF_PROTECTED) && server.enable_protected_configs != PROTECTED_ACTION_ALLOWED_YES &&
            !(server.enable_protected_configs == PROTECTED_ACTION_ALLOWED_LOCAL && (c->flags & CLIENT_UNIX_SOCKET))) {
            errname = name;
            err = "can't set protected config";
            goto fail;
        }
        for (int k = 0; k < j; k++) {
            if ((cfgs[j] && cfgs[j] == cfgs[k]) || (pends[j] && pends[j] == pends[k])) {
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
        if (cfgs[j] && (cfgs[j]->flags & CF_MULTI_ARG)) {
            split = sdssplitargs(value, &argc);
            if (!split) {
                errname = name;
                err = "Unbalanced quotes";
                goto rollback;
            }
            argv = split;
            if (argc == 0 && cfgs[j]->set == setSpecialSave) {
                sdsfreesplitres(split, argc);
                split = NULL;
                argc = 1;
                argv = &value;
            }
        }
        old[j] = cfgs[j] ? getConfigValue(cfgs[j]) : sdsdup(pends[j]->value);
        int ok = cfgs[j] ? setConfigValue(cfgs[j], argv, argc, &err) : setPendingValue(pends[j], argv, argc, &err);
        if (ok && cfgs[j] && cfgs[j]->apply) ok = cfgs[j]->apply(&err);
        if (split) sdsfreesplitres(split, argc);
        applied = j + 1;
        if (!ok) {
            errname = name;
            goto rollback;
        }
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
