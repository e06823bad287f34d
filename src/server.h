/* server.h - the core types shared by the server's modules: clients, databases,
 * the command table entry, and the server state.
 *
 * Base-library modules (sds, dict, ae, anet, adlist, util, zmalloc) never
 * include this file.  Each server module declares its own functions in the
 * section named after it below. */
#ifndef SERVER_H
#define SERVER_H

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "adlist.h"
#include "ae.h"
#include "anet.h"
#include "dict.h"
#include "monotonic.h"
#include "object.h"
#include "sds.h"
#include "util.h"
#include "zmalloc.h"

#define REDIS_VERSION "7.0.15"
#define REDIS_VERSION_NUM 0x0007000f

typedef long long mstime_t;

#define C_OK 0
#define C_ERR -1

/* ---------------------------------------------------------------------------
 * Limits and defaults
 * ------------------------------------------------------------------------ */
#define CONFIG_DEFAULT_HZ 10
#define CONFIG_MIN_HZ 1
#define CONFIG_MAX_HZ 500
#define CONFIG_BINDADDR_MAX 16
#define CONFIG_RUN_ID_SIZE 40
#define MAX_CLIENTS_PER_CLOCK_TICK 200
#define CONFIG_MIN_RESERVED_FDS 32
#define PROTO_IOBUF_LEN (1024 * 16)
#define PROTO_REPLY_CHUNK_BYTES (16 * 1024)
#define PROTO_INLINE_MAX_SIZE (1024 * 64)
#define PROTO_MBULK_BIG_ARG (1024 * 32)
#define PROTO_RESIZE_THRESHOLD (1024 * 32)
#define PROTO_SHARED_SELECT_CMDS 10
#define LONG_STR_SIZE 21
#define NET_IP_STR_LEN 46
#define NET_ADDR_STR_LEN (NET_IP_STR_LEN + 32)
#define NET_HOST_STR_LEN 256
#define NET_MAX_WRITES_PER_EVENT (1024 * 64)
#define OBJ_SHARED_BULKHDR_LEN 32
#define STRING_MAX_SIZE (512ll * 1024 * 1024)

#define ACTIVE_EXPIRE_CYCLE_SLOW 0
#define ACTIVE_EXPIRE_CYCLE_FAST 1

/* Log levels */
#define LL_DEBUG 0
#define LL_VERBOSE 1
#define LL_NOTICE 2
#define LL_WARNING 3
#define LL_RAW (1 << 10)
#define LOG_MAX_LEN 1024

/* ---------------------------------------------------------------------------
 * Clients
 * ------------------------------------------------------------------------ */
#define CLIENT_CLOSE_AFTER_REPLY (1 << 0)
#define CLIENT_CLOSE_ASAP (1 << 1)
#define CLIENT_PENDING_WRITE (1 << 2)
#define CLIENT_PROTECTED (1 << 3)
#define CLIENT_UNIX_SOCKET (1 << 4)
#define CLIENT_REPLY_OFF (1 << 5)
#define CLIENT_REPLY_SKIP_NEXT (1 << 6)
#define CLIENT_REPLY_SKIP (1 << 7)
#define CLIENT_CLOSE_AFTER_COMMAND (1 << 8)
#define CLIENT_EXECUTING_COMMAND (1 << 9)
#define CLIENT_FAKE (1 << 10)
#define CLIENT_NO_EVICT (1 << 11)
#define CLIENT_SHUTDOWN_REQUESTED (1 << 12)
#define CLIENT_BLOCKED (1 << 13)          /* waiting: see blocked.c */
#define CLIENT_UNBLOCKED (1 << 14)        /* queued for processUnblockedClients */
#define CLIENT_PENDING_COMMAND (1 << 15)  /* argv holds a command still to run */
#define CLIENT_MONITOR (1 << 16)          /* MONITOR: receives every command */
#define CLIENT_SLAVE (1 << 17)            /* a replica connected to us */
#define CLIENT_MASTER (1 << 18)           /* our link to the primary */
#define CLIENT_LUA (1 << 19)              /* the scripting engine's fake client */
#define CLIENT_DENY_BLOCKING (1 << 20)    /* in MULTI or a script: blocking commands must not block */
#define CLIENT_REPROCESSING_COMMAND (1 << 21) /* running a blocked command again (blocked.c) */
#define CLIENT_PUBSUB (1 << 22)          /* has channel, pattern or shard subscriptions (pubsub.c) */
#define CLIENT_PREVENT_PROP (1 << 26)    /* the running command propagated itself (alsoPropagate) */
#define CLIENT_LUA_DEBUG (1 << 27)       /* SCRIPT DEBUG YES/SYNC: the next EVAL is debugged (script_ldb.c) */
#define CLIENT_LUA_DEBUG_SYNC (1 << 28)  /* ...in SYNC mode (no fork) */

#define PROTO_REQ_INLINE 1
#define PROTO_REQ_MULTIBULK 2

#define CLIENT_TYPE_NORMAL 0
#define CLIENT_TYPE_SLAVE 1
#define CLIENT_TYPE_PUBSUB 2
#define CLIENT_TYPE_MASTER 3
#define CLIENT_TYPE_COUNT 4
#define CLIENT_TYPE_OBUF_COUNT 3

#include "blocked.h"
#include "multi.h" /* CLIENT_MULTI, CLIENT_DIRTY_CAS, CLIENT_DIRTY_EXEC: bits 23-25 */

typedef struct clientReplyBlock {
    struct clientReplyBlock *next;
    size_t size, used;
    char buf[];
} clientReplyBlock;

typedef struct redisDb redisDb;
struct redisCommand;

typedef struct client {
    uint64_t id;
    int fd;
    int flags;
    int resp;                /* 2 or 3 */
    int authenticated;
    redisDb *db;
    robj *name;
    sds querybuf;
    size_t qb_pos;           /* bytes of querybuf already parsed */
    size_t querybuf_peak;
    int argc;
    robj **argv;
    int argv_len;            /* allocated slots in argv */
    size_t argv_len_sum;     /* bytes held by argv strings */
    int reqtype;
    int multibulklen;
    long bulklen;
    struct redisCommand *cmd, *lastcmd, *realcmd;
    /* Reply: a fixed buffer first, then a chain of blocks. */
    char *buf;
    size_t buf_usable_size;
    size_t bufpos;
    size_t sentlen;          /* sent of the current buffer/block */
    clientReplyBlock *reply_head, *reply_tail;
    unsigned long reply_blocks;
    size_t reply_bytes;      /* bytes held in the block chain */
    size_t buf_peak;
    mstime_t buf_peak_last_reset_time;
    time_t ctime;
    long long last_interaction_ms; /* mstime of the last interaction */
    time_t obuf_soft_limit_reached_time;
    listNode *client_list_node;
    listNode *pending_write_node;
    char conn_info[NET_ADDR_STR_LEN];  /* peer address, cached */
    char laddr[NET_ADDR_STR_LEN];      /* local address, cached */
    long long net_input_bytes, net_output_bytes, commands_processed;
    int deferred_len_pending; /* open deferred-length replies */
    blockingState bstate;     /* see blocked.c */
    robj **original_argv;     /* the request as sent, when argv was rewritten or redacted */
    int original_argc;
    multiState mstate;        /* MULTI: the queued commands (multi.c) */
    list *watched_keys;       /* WATCH: this client's watches, NULL when none (multi.c) */
    struct clientPubsub *pubsub; /* subscriptions (pubsub.c); NULL until the first one */
} client;

/* ---------------------------------------------------------------------------
 * Keyspace
 * ------------------------------------------------------------------------ */
struct redisDb {
    dict *keys;     /* robj elements with embedded keys */
    dict *expires;  /* the same objects, for those that have a TTL */
    dict *blocking_keys; /* keys clients wait on (blocked.c) */
    dict *watched_keys;  /* keys clients WATCH (multi.c) */
    int id;
    long long avg_ttl;
    unsigned long expires_cursor;
};

/* ---------------------------------------------------------------------------
 * Commands (the table itself lives in commands.c)
 * ------------------------------------------------------------------------ */
typedef void redisCommandProc(client *c);

/* Command flags, as COMMAND INFO names them. */
#define CMD_WRITE (1ULL << 0)
#define CMD_READONLY (1ULL << 1)
#define CMD_DENYOOM (1ULL << 2)
#define CMD_MODULE (1ULL << 3)
#define CMD_ADMIN (1ULL << 4)
#define CMD_PUBSUB (1ULL << 5)
#define CMD_NOSCRIPT (1ULL << 6)
#define CMD_BLOCKING (1ULL << 8)
#define CMD_LOADING (1ULL << 9)
#define CMD_STALE (1ULL << 10)
#define CMD_SKIP_MONITOR (1ULL << 11)
#define CMD_SKIP_SLOWLOG (1ULL << 12)
#define CMD_ASKING (1ULL << 13)
#define CMD_FAST (1ULL << 14)
#define CMD_NO_AUTH (1ULL << 15)
#define CMD_MAY_REPLICATE (1ULL << 16)
#define CMD_SENTINEL (1ULL << 17)
#define CMD_ONLY_SENTINEL (1ULL << 18)
#define CMD_NO_MANDATORY_KEYS (1ULL << 19)
#define CMD_PROTECTED (1ULL << 20)
#define CMD_MODULE_GETKEYS (1ULL << 21)
#define CMD_MODULE_NO_CLUSTER (1ULL << 22)
#define CMD_NO_ASYNC_LOADING (1ULL << 23)
#define CMD_NO_MULTI (1ULL << 24)
#define CMD_MOVABLE_KEYS (1ULL << 25)
#define CMD_ALLOW_BUSY (1ULL << 26)
#define CMD_MODULE_GETCHANNELS (1ULL << 27)
#define CMD_TOUCHES_ARBITRARY_KEYS (1ULL << 28)

/* ACL categories. */
#define ACL_CATEGORY_KEYSPACE (1ULL << 0)
#define ACL_CATEGORY_READ (1ULL << 1)
#define ACL_CATEGORY_WRITE (1ULL << 2)
#define ACL_CATEGORY_SET (1ULL << 3)
#define ACL_CATEGORY_SORTEDSET (1ULL << 4)
#define ACL_CATEGORY_LIST (1ULL << 5)
#define ACL_CATEGORY_HASH (1ULL << 6)
#define ACL_CATEGORY_STRING (1ULL << 7)
#define ACL_CATEGORY_BITMAP (1ULL << 8)
#define ACL_CATEGORY_HYPERLOGLOG (1ULL << 9)
#define ACL_CATEGORY_GEO (1ULL << 10)
#define ACL_CATEGORY_STREAM (1ULL << 11)
#define ACL_CATEGORY_PUBSUB (1ULL << 12)
#define ACL_CATEGORY_ADMIN (1ULL << 13)
#define ACL_CATEGORY_FAST (1ULL << 14)
#define ACL_CATEGORY_SLOW (1ULL << 15)
#define ACL_CATEGORY_BLOCKING (1ULL << 16)
#define ACL_CATEGORY_DANGEROUS (1ULL << 17)
#define ACL_CATEGORY_CONNECTION (1ULL << 18)
#define ACL_CATEGORY_TRANSACTION (1ULL << 19)
#define ACL_CATEGORY_SCRIPTING (1ULL << 20)

/* Key specifications (COMMAND INFO's key-specs). */
#define CMD_KEY_RO (1ULL << 0)
#define CMD_KEY_RW (1ULL << 1)
#define CMD_KEY_OW (1ULL << 2)
#define CMD_KEY_RM (1ULL << 3)
#define CMD_KEY_ACCESS (1ULL << 4)
#define CMD_KEY_UPDATE (1ULL << 5)
#define CMD_KEY_INSERT (1ULL << 6)
#define CMD_KEY_DELETE (1ULL << 7)
#define CMD_KEY_NOT_KEY (1ULL << 8)
#define CMD_KEY_INCOMPLETE (1ULL << 9)
#define CMD_KEY_VARIABLE_FLAGS (1ULL << 10)

typedef enum { KSPEC_BS_INVALID = 0, KSPEC_BS_UNKNOWN, KSPEC_BS_INDEX, KSPEC_BS_KEYWORD } kspec_bs_type;
typedef enum { KSPEC_FK_INVALID = 0, KSPEC_FK_UNKNOWN, KSPEC_FK_RANGE, KSPEC_FK_KEYNUM } kspec_fk_type;

typedef struct {
    const char *notes;
    uint64_t flags;
    kspec_bs_type begin_search_type;
    union {
        struct { int pos; } index;
        struct { const char *keyword; int startfrom; } keyword;
    } bs;
    kspec_fk_type find_keys_type;
    union {
        struct { int lastkey; int keystep; int limit; } range;
        struct { int keynumidx; int firstkey; int keystep; } keynum;
    } fk;
} keySpec;

typedef enum {
    COMMAND_GROUP_GENERIC, COMMAND_GROUP_STRING, COMMAND_GROUP_LIST, COMMAND_GROUP_SET,
    COMMAND_GROUP_SORTED_SET, COMMAND_GROUP_HASH, COMMAND_GROUP_PUBSUB, COMMAND_GROUP_TRANSACTIONS,
    COMMAND_GROUP_CONNECTION, COMMAND_GROUP_SERVER, COMMAND_GROUP_SCRIPTING, COMMAND_GROUP_HYPERLOGLOG,
    COMMAND_GROUP_CLUSTER, COMMAND_GROUP_SENTINEL, COMMAND_GROUP_GEO, COMMAND_GROUP_STREAM,
    COMMAND_GROUP_BITMAP, COMMAND_GROUP_MODULE,
} redisCommandGroup;

/* Arguments, for COMMAND DOCS and the CLI's hints. */
typedef enum {
    ARG_TYPE_STRING, ARG_TYPE_INTEGER, ARG_TYPE_DOUBLE, ARG_TYPE_KEY, ARG_TYPE_PATTERN,
    ARG_TYPE_UNIX_TIME, ARG_TYPE_PURE_TOKEN, ARG_TYPE_ONEOF, ARG_TYPE_BLOCK,
} redisCommandArgType;

#define CMD_ARG_NONE 0
#define CMD_ARG_OPTIONAL (1 << 0)
#define CMD_ARG_MULTIPLE (1 << 1)
#define CMD_ARG_MULTIPLE_TOKEN (1 << 2)

typedef struct redisCommandArg {
    const char *name;
    redisCommandArgType type;
    int key_spec_index;
    const char *token;
    const char *summary;
    const char *since;
    int flags;
    const char *deprecated_since;
    struct redisCommandArg *subargs;
    const char *display_text;
    int num_args; /* computed */
} redisCommandArg;

typedef struct redisCommand {
    /* Declared in commands.c */
    const char *declared_name;
    const char *summary;
    const char *complexity;
    const char *since;
    int doc_flags;            /* CMD_DOC_DEPRECATED, CMD_DOC_SYSCMD */
    const char *replaced_by;
    const char *deprecated_since;
    redisCommandGroup group;
    const char **history;     /* pairs "version", "description", NULL-terminated */
    const char **tips;        /* NULL-terminated */
    redisCommandProc *proc;
    int arity;
    uint64_t flags;
    uint64_t acl_categories;
    keySpec *key_specs;
    int key_specs_num;
    int (*getkeys_proc)(struct redisCommand *cmd, robj **argv, int argc, int *keys, int maxkeys);
    struct redisCommand *subcommands;
    redisCommandArg *args;
    /* Filled in at start-up */
    sds fullname;
    sds table_name;           /* key in server.commands (rename-command); NULL: not served */
    struct redisCommand *parent;
    dict *subcommands_dict;
    int legacy_first, legacy_last, legacy_step;
    int num_args;
    int num_history, num_tips;
    int id;
    long long microseconds, calls, rejected_calls, failed_calls;
    struct latencyHistogram *latency_histogram; /* INFO latencystats; NULL until called */
} redisCommand;

#define CMD_DOC_NONE 0
#define CMD_DOC_DEPRECATED (1 << 0)
#define CMD_DOC_SYSCMD (1 << 1)

/* ---------------------------------------------------------------------------
 * Shared objects: preallocated replies.
 * ------------------------------------------------------------------------ */
struct sharedObjectsStruct {
    robj *crlf, *ok, *err, *emptybulk, *czero, *cone, *pong, *space, *queued,
        *null[4], *nullarray[4], *emptymap[4], *emptyset[4], *emptyarray,
        *wrongtypeerr, *nokeyerr, *syntaxerr, *sameobjecterr, *outofrangeerr,
        *noautherr, *oomerr, *loadingerr, *execaborterr, *noreplicaserr,
        *busykeyerr, *colon, *minus, *plus, *redacted,
        /* Names that commands propagate as (determinism rewrites) */
        *del, *unlink, *pexpireat, *set, *pxat, *keepttl, *persist, *lpop, *rpop, *lmove, *zpopmin,
        *zpopmax, *multi, *exec, *rpoplpush,
        *integers[OBJ_SHARED_INTEGERS],
        *mbulkhdr[OBJ_SHARED_BULKHDR_LEN], /* "*<n>\r\n" */
        *bulkhdr[OBJ_SHARED_BULKHDR_LEN],  /* "$<n>\r\n" */
        *maphdr[OBJ_SHARED_BULKHDR_LEN],   /* "%<n>\r\n" */
        *sethdr[OBJ_SHARED_BULKHDR_LEN];   /* "~<n>\r\n" */
    sds minstring, maxstring;
};

extern struct sharedObjectsStruct shared;

/* ---------------------------------------------------------------------------
 * Server state
 * ------------------------------------------------------------------------ */
#define CLIENT_OBUF_LIMITS_DEFAULT 3
typedef struct clientBufferLimitsConfig {
    unsigned long long hard_limit_bytes;
    unsigned long long soft_limit_bytes;
    time_t soft_limit_seconds;
} clientBufferLimitsConfig;

#define PROTECTED_ACTION_ALLOWED_NO 0
#define PROTECTED_ACTION_ALLOWED_YES 1
#define PROTECTED_ACTION_ALLOWED_LOCAL 2

struct redisServer {
    /* General */
    pid_t pid;
    char *configfile;
    char *executable;
    char **exec_argv;
    int hz;
    int config_hz;
    int dynamic_hz;
    int dbnum;
    redisDb *db;
    dict *commands;          /* name -> redisCommand */
    aeEventLoop *el;
    _Atomic unsigned int lruclock;
    volatile sig_atomic_t shutdown_asap;
    int shutdown_flags;
    char runid[CONFIG_RUN_ID_SIZE + 1];
    int sentinel_mode;
    int cronloops;
    int daemonize;
    char *pidfile;
    int supervised;          /* SUPERVISED_* as configured (proc.h) */
    int always_show_logo;
    int set_proc_title;
    char *proc_title_template;
    int oom_score_adj;       /* OOM_SCORE_ADJ_* */
    int oom_score_adj_values[3];
    int arch_bits;
    long long stat_starttime;  /* unix time at start */
    monotime start_monotonic;
    /* Networking */
    int port;
    int tcp_backlog;
    char *bindaddr[CONFIG_BINDADDR_MAX];
    int bindaddr_count;
    char *unixsocket;
    unsigned int unixsocketperm;
    int ipfd[CONFIG_BINDADDR_MAX];
    int ipfd_count;
    int sofd;
    list *clients;
    list *clients_to_close;
    list *clients_pending_write;
    list *monitors;          /* clients in MONITOR mode */
    client *current_client;
    uint64_t next_client_id;
    unsigned int maxclients;
    int maxidletime;
    int tcpkeepalive;
    int protected_mode;
    long long proto_max_bulk_len;
    unsigned long long client_max_querybuf_len;
    clientBufferLimitsConfig client_obuf_limits[CLIENT_TYPE_OBUF_COUNT];
    char neterr[ANET_ERR_LEN];
    int enable_debug_cmd;
    int enable_protected_configs;
    int enable_module_cmd;
    /* Latency tracking (INFO latencystats) */
    int latency_tracking_enabled;
    double *latency_tracking_info_percentiles;
    int latency_tracking_info_percentiles_len;
    /* Security */
    sds requirepass;
    /* Limits */
    unsigned long long maxmemory;
    int maxmemory_policy;
    int maxmemory_samples;
    int maxmemory_eviction_tenacity; /* evict.c: time budget per eviction call, 0..100 */
    int lfu_log_factor;
    int lfu_decay_time;
    int active_expire_effort;
    int active_expire_enabled;
    int lazyfree_lazy_user_del;
    int lazyfree_lazy_user_flush;
    int lazyfree_lazy_expire;
    int lazyfree_lazy_server_del;
    int lazyfree_lazy_eviction;
    long long busy_reply_threshold;  /* ms a script may run before -BUSY (script.c) */
    /* Logging */
    char *logfile;
    int verbosity;
    int syslog_enabled;
    char *syslog_ident;
    int syslog_facility;
    int crashlog_enabled;
    /* Encodings of the aggregate types (t_hash.c, t_list.c, t_set.c, t_zset.c) */
    long long hash_max_listpack_entries;
    long long hash_max_listpack_value;
    int list_max_listpack_size;
    int list_compress_depth;
    long long set_max_intset_entries;
    long long zset_max_listpack_entries;
    long long zset_max_listpack_value;
    long long hll_sparse_max_bytes; /* hyperloglog.c: sparse size limit before promotion */
    long long stream_node_max_bytes;   /* t_stream.c: a stream node's listpack size limit */
    long long stream_node_max_entries; /* t_stream.c: entries per stream node, 0: no limit */
    /* AOF (aof.c owns these; config.c binds the directives to them) */
    int aof_enabled;                   /* appendonly: what the config says */
    int aof_state;                     /* AOF_OFF, AOF_ON, AOF_WAIT_REWRITE (aof.h) */
    int aof_fsync;                     /* appendfsync: AOF_FSYNC_* */
    char *aof_filename;                /* appendfilename: the prefix of every AOF file name */
    char *aof_dirname;                 /* appenddirname */
    int aof_no_fsync_on_rewrite;       /* no-appendfsync-on-rewrite */
    int aof_rewrite_perc;              /* auto-aof-rewrite-percentage */
    long long aof_rewrite_min_size;    /* auto-aof-rewrite-min-size */
    int aof_load_truncated;            /* aof-load-truncated */
    int aof_use_rdb_preamble;          /* aof-use-rdb-preamble */
    int aof_rewrite_incremental_fsync; /* aof-rewrite-incremental-fsync */
    int aof_timestamp_enabled;         /* aof-timestamp-enabled */
    int aof_disable_auto_gc;           /* aof-disable-auto-gc */
    sds aof_buf;                       /* propagated commands not yet written */
    int aof_fd;                        /* the current incr file, -1 when closed */
    int aof_selected_db;               /* db of the last SELECT written, -1: none yet */
    long long aof_current_size;        /* base + incr files, bytes */
    long long aof_last_incr_size;      /* the current incr file, bytes */
    long long aof_rewrite_base_size;   /* aof_current_size after the last rewrite or load */
    long long aof_fsync_offset;        /* aof_current_size at the last fsync */
    int aof_rewrite_scheduled;         /* BGREWRITEAOF waiting for the running child */
    time_t aof_flush_postponed_start;  /* everysec: a write waiting for a busy fsync since */
    time_t aof_last_fsync;             /* unix time of the last fsync (everysec) */
    time_t aof_rewrite_time_last;      /* seconds the last rewrite took, -1 */
    time_t aof_rewrite_time_start;     /* start of the running rewrite, -1 */
    int aof_lastbgrewrite_status;      /* C_OK or C_ERR */
    long long stat_aof_rewrites;       /* aof_rewrites */
    int stat_aof_rewrites_consecutive_failures;
    unsigned long aof_delayed_fsync;   /* writes done while an fsync was still running */
    int aof_last_write_status;         /* C_OK or C_ERR */
    int aof_last_write_errno;
    struct aofManifest *aof_manifest;  /* the files of the AOF (aof.c) */
    int execution_nesting;             /* call() depth: propagation waits for the outermost */
    /* Persistence placeholders (issue 6) */
    char *rdb_filename;
    char *dir;
    time_t lastsave;
    long long dirty;
    /* RDB (rdb.c owns these; config.c binds the directives to them) */
    int rdb_compression;               /* rdbcompression */
    int rdb_checksum;                  /* rdbchecksum */
    int sanitize_dump_payload;         /* SANITIZE_DUMP_* (rdb.h) */
    int rdb_key_save_delay;            /* rdb-key-save-delay, microseconds */
    int key_load_delay;                /* key-load-delay, microseconds */
    int rdb_save_incremental_fsync;    /* rdb-save-incremental-fsync */
    int loading_process_events_interval_bytes;
    int stop_writes_on_bgsave_err;     /* stop-writes-on-bgsave-error */
    int rdb_del_sync_files;            /* rdb-del-sync-files */
    struct saveparam { time_t seconds; int changes; } *saveparams; /* save points */
    int saveparamslen;
    long long dirty_before_bgsave;     /* dirty when the last BGSAVE started */
    time_t lastbgsave_try;             /* unix time of the last BGSAVE attempt */
    int lastbgsave_status;             /* C_OK or C_ERR */
    time_t rdb_save_time_last;         /* seconds the last BGSAVE took, -1 */
    time_t rdb_save_time_start;        /* start of the current BGSAVE, -1 */
    int rdb_bgsave_scheduled;          /* BGSAVE SCHEDULE waiting for a child to end */
    long long stat_rdb_saves;          /* rdb_saves */
    size_t stat_rdb_cow_bytes;         /* rdb_last_cow_size */
    long long rdb_last_load_keys_expired, rdb_last_load_keys_loaded;
    time_t loading_start_time;
    off_t loading_total_bytes, loading_loaded_bytes;
    size_t loading_rdb_used_mem;
    /* Stats */
    long long stat_numcommands;
    long long stat_numconnections;
    long long stat_rejected_conn;
    long long stat_expiredkeys;
    long long stat_expired_stale_perc_x100;
    long long stat_expired_time_cap_reached_count;
    long long stat_expire_cycle_time_used;
    long long stat_evictedkeys;
    long long stat_keyspace_hits;
    long long stat_keyspace_misses;
    long long stat_net_input_bytes;
    long long stat_net_output_bytes;
    long long stat_total_error_replies;
    long long stat_unexpected_error_replies;
    long long stat_client_qbuf_limit_disconnections;
    long long stat_client_outbuf_limit_disconnections;
    size_t stat_peak_memory;
    /* CPU affinity (cpulists, NULL: none) of the main thread, the bio
     * threads, and the AOF rewrite and BGSAVE children. */
    char *server_cpulist, *bio_cpulist, *aof_rewrite_cpulist, *bgsave_cpulist;
    size_t initial_memory_usage; /* used memory once initialized (MEMORY STATS startup.allocated) */
    long long stat_io_reads_processed, stat_io_writes_processed;
    long long stat_numcommands_last, stat_ops_sec_samples[16], stat_ops_sec_idx;
    long long stat_ops_last_time;
    long long stat_total_reads_processed, stat_total_writes_processed;
    /* Time caches, updated once per event loop cycle */
    time_t unixtime;
    long long mstime;
    long long ustime;
    /* Flags */
    int in_exec;
    int loading;
    int busy;
    int active_expire_running;
    char *initial_config_args;
    /* Child processes (childinfo.c; the fork API is in childinfo.h) */
    pid_t child_pid;                  /* the running RDB/AOF/module child, -1 if none */
    int child_type;                   /* CHILD_TYPE_* of that child */
    int in_fork_child;                /* in a child: its CHILD_TYPE_*, else CHILD_TYPE_NONE */
    int child_info_pipe[2];           /* child -> parent info messages, -1 when closed */
    long long stat_fork_time;         /* INFO latest_fork_usec: the last fork() call, usec */
    double stat_fork_rate;            /* GB of dataset forked per second, last fork */
    long long stat_total_forks;       /* INFO total_forks */
    size_t stat_current_cow_peak;     /* the running child's copy-on-write peak, bytes */
    size_t stat_current_cow_bytes;    /* its last reported copy-on-write size */
    monotime stat_current_cow_updated; /* when it measured that (getMonotonicUs), 0: never */
    size_t stat_current_save_keys_processed; /* keys it has written so far */
    size_t stat_current_save_keys_total;     /* keys when it was forked */
    double stat_module_progress;      /* a module child's progress, 0..1 */
    /* stat_rdb_cow_bytes (final copy-on-write size of the last RDB child) is
     * with the RDB fields above */
    size_t stat_aof_cow_bytes;        /* final copy-on-write size of the last AOF rewrite child */
    size_t stat_module_cow_bytes;     /* ... of the last module child */
    /* Background jobs (bio.c): the outcome of the last AOF fsync job */
    _Atomic int aof_bio_fsync_status; /* C_OK or C_ERR */
    _Atomic int aof_bio_fsync_errno;
};

extern struct redisServer server;
extern dictType keyspaceDictType, expiresDictType, commandTableDictType;

/* ---------------------------------------------------------------------------
 * server.c
 * ------------------------------------------------------------------------ */
void serverLog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void serverLogRaw(int level, const char *msg);
void serverLogFromHandler(int level, const char *msg);
#define serverAssert(_e) ((_e) ? (void)0 : (_serverAssert(#_e, __FILE__, __LINE__), __builtin_unreachable()))
#define serverPanic(...) (_serverPanic(__FILE__, __LINE__, __VA_ARGS__), __builtin_unreachable())
void _serverAssert(const char *estr, const char *file, int line);
void _serverPanic(const char *file, int line, const char *msg, ...);
unsigned int getLRUClock(void);
unsigned int LRU_CLOCK(void);
void updateCachedTime(void);
int processCommand(client *c);
void call(client *c);
redisCommand *lookupCommand(robj **argv, int argc);
redisCommand *lookupCommandBySds(sds s);
redisCommand *lookupCommandOrOriginal(robj **argv, int argc);
int prepareForShutdown(int flags);
int updateListeners(void);
void populateCommandTable(void);
int renameCommandInTable(const char *oldname, const char *newname, const char **err);
void resetCommandTableStats(void);
void forEachCommand(void (*fn)(redisCommand *cmd, void *privdata), void *privdata);
uint64_t dictSdsHash(const void *key);
uint64_t dictSdsCaseHash(const void *key);
int dictSdsKeyCompare(const void *a, const void *b);
int dictSdsKeyCaseCompare(const void *a, const void *b);

long long getInstantaneousMetric(void);
/* Propagation to the AOF (and, later, replicas).  A write command that
 * changed the dataset propagates its argv as it is after it ran (commands
 * rewrite it for determinism); alsoPropagate adds more operations, in order.
 * Everything collected during one outermost call() (or one expiry outside
 * a command) goes out together, wrapped in MULTI/EXEC when more than one. */
void alsoPropagate(int dbid, robj **argv, int argc);
void propagatePendingCommands(void);
/* The running command's own argv is not propagated (it used alsoPropagate). */
void preventCommandPropagation(client *c);
void bytesToHuman(char *s, size_t size, unsigned long long n);

/* ---------------------------------------------------------------------------
 * info.c
 * ------------------------------------------------------------------------ */
void updateCommandLatencyHistogram(redisCommand *cmd, long long duration_ns);
void freeCommandLatencyHistogram(redisCommand *cmd);
long long latencyHistogramTotal(struct latencyHistogram *h);
long long latencyHistogramCountUpTo(struct latencyHistogram *h, long long ns, long long *top);

/* ---------------------------------------------------------------------------
 * commands.c: the command table
 * ------------------------------------------------------------------------ */
extern redisCommand redisCommandTable[];
const char *commandGroupName(redisCommandGroup g);

/* ---------------------------------------------------------------------------
 * networking.c
 * ------------------------------------------------------------------------ */
client *createClient(int fd);
void freeClient(client *c);
void freeClientAsync(client *c);
void freeClientsInAsyncFreeQueue(void);
void resetClient(client *c);
void freeClientArgv(client *c);
void freeClientOriginalArgv(client *c);
void acceptTcpHandler(aeEventLoop *el, int fd, void *privdata, int mask);
void acceptUnixHandler(aeEventLoop *el, int fd, void *privdata, int mask);
void readQueryFromClient(aeEventLoop *el, int fd, void *privdata, int mask);
int handleClientsWithPendingWrites(void);
void processInputBuffer(client *c);
int processCommandAndResetClient(client *c);
client *lookupClientByID(uint64_t id);
void clientStopMonitoring(client *c);
void redactClientCommandArgument(client *c, int argc);
void replicationFeedMonitors(client *c, int dictid, robj **argv, int argc);
int clientHasPendingReplies(client *c);
int writeToClient(client *c, int handler_installed);
void clientsCron(void);
int getClientType(client *c);
char *getClientTypeName(int class);
int getClientTypeByName(char *name);
size_t getClientOutputBufferMemoryUsage(client *c);
int checkClientOutputBufferLimits(client *c);
sds catClientInfoString(sds s, client *c);
int clientIsLocal(client *c);
void rewriteClientCommandVector(client *c, int argc, ...);
void replaceClientCommandVector(client *c, int argc, robj **argv);
void rewriteClientCommandArgument(client *c, int i, robj *newval);

void addReply(client *c, robj *obj);
void addReplySds(client *c, sds s);
void addReplyProto(client *c, const char *s, size_t len);
void addReplyBulk(client *c, robj *obj);
void addReplyBulkCString(client *c, const char *s);
void addReplyBulkCBuffer(client *c, const void *p, size_t len);
void addReplyBulkSds(client *c, sds s);
void addReplyBulkLongLong(client *c, long long ll);
void addReplyLongLong(client *c, long long ll);
void addReplyDouble(client *c, double d);
void addReplyHumanLongDouble(client *c, long double d);
void addReplyBool(client *c, int b);
void addReplyNull(client *c);
void addReplyNullArray(client *c);
void addReplyArrayLen(client *c, long length);
void addReplyMapLen(client *c, long length);
void addReplySetLen(client *c, long length);
void addReplyPushLen(client *c, long length);
void addReplyVerbatim(client *c, const char *s, size_t len, const char *ext);
void addReplyStatus(client *c, const char *status);
void addReplyStatusLength(client *c, const char *s, size_t len);
void addReplyError(client *c, const char *err);
void addReplyErrorSds(client *c, sds err);
void addReplyErrorObject(client *c, robj *err);
void addReplyErrorFormat(client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void addReplyErrorArity(client *c);
void addReplyErrorExpireTime(client *c);
void addReplyHelp(client *c, const char **help);
void addReplySubcommandSyntaxError(client *c);
void *addReplyDeferredLen(client *c);
void setDeferredArrayLen(client *c, void *node, long length);
void setDeferredMapLen(client *c, void *node, long length);
void setDeferredSetLen(client *c, void *node, long length);
void addReplyLongLongWithPrefix(client *c, long long ll, char prefix);
void afterErrorReply(client *c, const char *s, size_t len);
void incrementErrorCount(const char *code, size_t len);
void resetErrorTableStats(void);
sds errorStatsCat(sds info);
int clientSetName(client *c, robj *name);
int getKeysFromCommand(redisCommand *cmd, robj **argv, int argc, int *keys, int maxkeys);

/* ---------------------------------------------------------------------------
 * db.c
 * ------------------------------------------------------------------------ */
#define LOOKUP_NONE 0
#define LOOKUP_NOTOUCH (1 << 0)
#define LOOKUP_NONOTIFY (1 << 1)
#define LOOKUP_NOSTATS (1 << 2)
#define LOOKUP_WRITE (1 << 3)
#define LOOKUP_NOEXPIRE (1 << 4)

#define SETKEY_KEEPTTL 1
#define SETKEY_NO_SIGNAL 2
#define SETKEY_ALREADY_EXIST 4
#define SETKEY_DOESNT_EXIST 8

#define EMPTYDB_NO_FLAGS 0
#define EMPTYDB_ASYNC (1 << 0)

robj *lookupKey(redisDb *db, robj *key, int flags);
robj *lookupKeyRead(redisDb *db, robj *key);
robj *lookupKeyWrite(redisDb *db, robj *key);
robj *lookupKeyReadWithFlags(redisDb *db, robj *key, int flags);
robj *lookupKeyWriteWithFlags(redisDb *db, robj *key, int flags);
robj *lookupKeyReadOrReply(client *c, robj *key, robj *reply);
robj *lookupKeyWriteOrReply(client *c, robj *key, robj *reply);
robj *dbAdd(redisDb *db, robj *key, robj *val);
robj *dbOverwrite(redisDb *db, robj *key, robj *val, int keepttl);
#define EXPIRE_KEEP (-2) /* for the *WithExpire functions: keep the current TTL */
robj *dbAddWithExpire(redisDb *db, robj *key, robj *val, long long when);
robj *dbOverwriteWithExpire(redisDb *db, robj *key, robj *val, long long when);
robj *setKeyWithExpire(client *c, redisDb *db, robj *key, robj *existing, robj *val, int flags, long long when);
robj *dbOverwriteEntry(redisDb *db, robj *key, robj *old, robj *val, long long when);
robj *setKey(client *c, redisDb *db, robj *key, robj *val, int flags);
int dbExists(redisDb *db, robj *key);
int dbDelete(redisDb *db, robj *key);
int dbSyncDelete(redisDb *db, robj *key);
int dbAsyncDelete(redisDb *db, robj *key);
robj *dbUnshareStringValue(redisDb *db, robj *key, robj *o);
robj *dbRandomKey(redisDb *db);
long long emptyData(int dbnum, int flags, void(callback)(dict *));
int selectDb(client *c, int id);
void signalModifiedKey(client *c, redisDb *db, robj *key);
void signalFlushedDb(int dbid, int async);
int checkType(client *c, robj *o, int type);
long long dbTotalServerKeyCount(void);
robj *dbReplaceValue(redisDb *db, robj *old, robj *val);
/* What one SCAN call collects: keys, set members, or (HSCAN, ZSCAN) pairs
 * of field and value or member and score.  Items are string objects the
 * collector owns a reference to. */
typedef struct scanCollector {
    robj **items;
    long count, cap;
} scanCollector;
void scanCollectorAdd(scanCollector *sc, robj *item);
/* The walk of a hash table element type's SCAN: dictScan calls until
 * 'count' elements are collected (an element adds per_element items: 2 for
 * HSCAN and ZSCAN pairs) or 10*count buckets have been visited. */
unsigned long scanDictSteps(dict *d, unsigned long cursor, long count, int per_element, dictScanFunction *fn,
                            scanCollector *sc);
void scanGenericCommand(client *c, robj *o, unsigned long cursor);
void valueScanCommand(client *c, int type);
int parseScanCursorOrReply(client *c, robj *o, unsigned long *cursor);
robj *objectCommandLookup(client *c, robj *key);

/* ---------------------------------------------------------------------------
 * expire.c
 * ------------------------------------------------------------------------ */
long long getExpire(redisDb *db, robj *key);
robj *setExpire(client *c, redisDb *db, robj *key, long long when);
int removeExpire(redisDb *db, robj *key);
int keyIsExpired(redisDb *db, robj *o);
int expireIfNeeded(redisDb *db, robj *key, robj *o, int flags);
void activeExpireCycle(int type);
void deleteExpiredKeyAndPropagate(redisDb *db, robj *keyobj);
int checkAlreadyExpired(long long when);

/* ---------------------------------------------------------------------------
 * config.c
 * ------------------------------------------------------------------------ */
void initServerConfig(void);
void loadServerConfig(char *filename, char config_from_stdin, char *options);
void configGetCommand(client *c);
void configSetCommand(client *c);
void configHelpCommand(client *c);
void configResetStatCommand(client *c);
void configRewriteCommand(client *c);
int rewriteConfig(const char *path, int force_write); /* C_ERR with errno set */

/* ---------------------------------------------------------------------------
 * Command implementations
 * ------------------------------------------------------------------------ */
/* connection / server */
void pingCommand(client *c);
void echoCommand(client *c);
void quitCommand(client *c);
void selectCommand(client *c);
void authCommand(client *c);
void helloCommand(client *c);
void clientCommand(client *c);
void clientIdCommand(client *c);
void clientSetnameCommand(client *c);
void clientGetnameCommand(client *c);
void clientListCommand(client *c);
void clientInfoCommand(client *c);
void clientHelpCommand(client *c);
void infoCommand(client *c);
void commandCommand(client *c);
void commandCountCommand(client *c);
void commandInfoCommand(client *c);
void commandDocsCommand(client *c);
void commandListCommand(client *c);
void commandHelpCommand(client *c);
void commandGetKeysCommand(client *c);
void commandGetKeysAndFlagsCommand(client *c);
void timeCommand(client *c);
void shutdownCommand(client *c);
void dbsizeCommand(client *c);
void lastsaveCommand(client *c);
void debugCommand(client *c);
void resetCommand(client *c);
/* keyspace */
void delCommand(client *c);
void unlinkCommand(client *c);
void existsCommand(client *c);
void typeCommand(client *c);
void touchCommand(client *c);
void renameCommand(client *c);
void renamenxCommand(client *c);
void moveCommand(client *c);
void copyCommand(client *c);
void swapdbCommand(client *c);
void keysCommand(client *c);
void scanCommand(client *c);
void randomkeyCommand(client *c);
void flushdbCommand(client *c);
void flushallCommand(client *c);
void objectCommand(client *c);
void objectEncodingCommand(client *c);
void objectRefcountCommand(client *c);
void objectIdletimeCommand(client *c);
void objectFreqCommand(client *c);
void objectHelpCommand(client *c);
/* expire */
void expireCommand(client *c);
void pexpireCommand(client *c);
void expireatCommand(client *c);
void pexpireatCommand(client *c);
void ttlCommand(client *c);
void pttlCommand(client *c);
void expiretimeCommand(client *c);
void pexpiretimeCommand(client *c);
void persistCommand(client *c);
/* strings */
void setCommand(client *c);
void setnxCommand(client *c);
void setexCommand(client *c);
void psetexCommand(client *c);
void getCommand(client *c);
void getexCommand(client *c);
void getdelCommand(client *c);
void getsetCommand(client *c);
void msetCommand(client *c);
void msetnxCommand(client *c);
void mgetCommand(client *c);
void appendCommand(client *c);
void strlenCommand(client *c);
void getrangeCommand(client *c);
void setrangeCommand(client *c);
void incrCommand(client *c);
void decrCommand(client *c);
void incrbyCommand(client *c);
void decrbyCommand(client *c);
void incrbyfloatCommand(client *c);
void lcsCommand(client *c);

/* Helpers shared by commands */
int getLongLongFromObjectOrReply(client *c, robj *o, long long *target, const char *msg);
int getLongFromObjectOrReply(client *c, robj *o, long *target, const char *msg);
int getRangeLongFromObjectOrReply(client *c, robj *o, long min, long max, long *target, const char *msg);
int parseMpopArgsOrReply(client *c, int numkeys_idx, const char *end0, const char *end1, long *numkeys, int *end,
                         long *count);
int getPositiveLongFromObjectOrReply(client *c, robj *o, long *target, const char *msg);
int getIntFromObjectOrReply(client *c, robj *o, int *target, const char *msg);
int getLongDoubleFromObjectOrReply(client *c, robj *o, long double *target, const char *msg);
int getDoubleFromObjectOrReply(client *c, robj *o, double *target, const char *msg);
int checkStringLength(client *c, long long size);

#endif
