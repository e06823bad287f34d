/* rdb.h - the RDB snapshot format: saving, loading, SAVE, BGSAVE, save points.
 *
 * An RDB file (format version 10, the one of Redis 7.0) is
 *
 *     "REDIS0010"
 *     AUX fields          redis-ver, redis-bits, ctime, used-mem, aof-base
 *     FUNCTION2 entries   function libraries, their code (functions.h)
 *     per non-empty db:   SELECTDB id, RESIZEDB keys expires,
 *                         then per key: [EXPIRETIME_MS t] [IDLE s | FREQ f]
 *                                       type key value
 *     EOF
 *     CRC64 of everything before it, 8 bytes little-endian (0: not computed)
 *
 * The encodings of lengths, strings, numbers and of each value type are
 * described at the top of rdb.c.  DUMP and RESTORE (dump.c) serialize one
 * value with the same functions.
 *
 * Errors while loading: every loader returns NULL / C_ERR and leaves a
 * description in the loading context; what happens next is the caller's
 * choice (the server exits on a corrupt file, RESTORE answers "Bad data
 * format").  A malformed input never crashes the server. */
#ifndef RDB_H
#define RDB_H

#include "server.h"
#include "rio.h"

#define RDB_VERSION 10

/* Value types, as the byte before each key. */
#define RDB_TYPE_STRING 0
#define RDB_TYPE_LIST 1
#define RDB_TYPE_SET 2
#define RDB_TYPE_ZSET 3
#define RDB_TYPE_HASH 4
#define RDB_TYPE_ZSET_2 5
#define RDB_TYPE_MODULE 6
#define RDB_TYPE_MODULE_2 7
#define RDB_TYPE_HASH_ZIPMAP 9
#define RDB_TYPE_LIST_ZIPLIST 10
#define RDB_TYPE_SET_INTSET 11
#define RDB_TYPE_ZSET_ZIPLIST 12
#define RDB_TYPE_HASH_ZIPLIST 13
#define RDB_TYPE_LIST_QUICKLIST 14
#define RDB_TYPE_STREAM_LISTPACKS 15
#define RDB_TYPE_HASH_LISTPACK 16
#define RDB_TYPE_ZSET_LISTPACK 17
#define RDB_TYPE_LIST_QUICKLIST_2 18
#define RDB_TYPE_STREAM_LISTPACKS_2 19

/* Opcodes: bytes that are not value types. */
#define RDB_OPCODE_FUNCTION2 245
#define RDB_OPCODE_FUNCTION_PRE_GA 246
#define RDB_OPCODE_MODULE_AUX 247
#define RDB_OPCODE_IDLE 248
#define RDB_OPCODE_FREQ 249
#define RDB_OPCODE_AUX 250
#define RDB_OPCODE_RESIZEDB 251
#define RDB_OPCODE_EXPIRETIME_MS 252
#define RDB_OPCODE_EXPIRETIME 253
#define RDB_OPCODE_SELECTDB 254
#define RDB_OPCODE_EOF 255

/* sanitize-dump-payload */
#define SANITIZE_DUMP_NO 0
#define SANITIZE_DUMP_YES 1
#define SANITIZE_DUMP_CLIENTS 2

/* rdbLoad flags. */
#define RDBFLAGS_NONE 0
#define RDBFLAGS_ALLOW_DUP (1 << 0)     /* a key already in the db is replaced (DEBUG RELOAD MERGE) */
#define RDBFLAGS_PROCESS_EVENTS (1 << 1) /* serve clients (-LOADING) while loading: start-up */

/* rdbLoad results. */
#define RDB_OK 0
#define RDB_NOT_EXIST 1 /* no such file */
#define RDB_FAILED 2    /* could not open or read it (errno set) */

/* ---- Files ---------------------------------------------------------------- */

/* Write the dataset to `filename` (through a temp file renamed over it).
 * C_OK or C_ERR (logged). */
int rdbSave(const char *filename);
/* Replace/merge the dataset from `filename` (flags RDBFLAGS_*).  A corrupt
 * file is logged and the server exits, as Redis does; RDB_NOT_EXIST and
 * RDB_FAILED come back to the caller. */
int rdbLoad(const char *filename, int flags);
/* Load an RDB image from memory into the dataset, as rdbLoad does from a
 * file but never exiting: RDB_OK, or RDB_FAILED (the reason logged) for a
 * truncated or corrupt image, one this server cannot hold (too many
 * databases, module data) or a bad signature.  Keys loaded before the
 * failure stay.  A duplicated key panics unless flags has
 * RDBFLAGS_ALLOW_DUP.  For the fuzzers and tests. */
int rdbLoadFromBuffer(const void *buf, size_t len, int flags);
/* Start-up: load dir/dbfilename when there is one, with Redis's log lines. */
void loadDataFromDisk(void);
/* DEBUG RELOAD: save (unless !save), empty the dataset (unless !flush),
 * load (merge: keys of the file replace those in memory).  Returns
 * RDB_RELOAD_OK, or which step failed. */
#define RDB_RELOAD_OK 0
#define RDB_RELOAD_SAVE_ERR 1
#define RDB_RELOAD_LOAD_ERR 2
int rdbDebugReload(int save, int flush, int merge);

/* The AOF's RDB preamble (aof.c): C_OK or C_ERR (errno / logged). */
int rdbSaveRioAsAofBase(rio *rdb);
int rdbLoadRioFromAof(rio *rdb);

/* ---- Background saving and save points ------------------------------------ */

/* The server cron's part: start a save when a save point is reached or a
 * scheduled BGSAVE can run.  Called once per cron tick. */
void rdbCron(void);
/* Called by the child reaper when the RDB child ends. */
void backgroundSaveDoneHandler(int exitcode, int bysignal);
/* Fork a child writing `filename`: C_OK when started, C_ERR (logged). */
int rdbSaveBackground(const char *filename);
/* The -MISCONF refusal of write commands after a failed background save:
 * 1 if writes must be refused now. */
int rdbWritesDeniedByBgsaveError(void);
/* Parse a "save" directive's pairs into server.saveparams. */
void rdbSetSaveParams(const long long *pairs, int count);
/* SHUTDOWN: save if save points are configured and not NOSAVE, or SAVE was
 * given.  C_OK: go on exiting; C_ERR: the save failed (unless force). */
int rdbSaveOnShutdown(int save, int nosave, int force);
/* Remove the temp file of a saving child (killed, or that failed).
 * from_signal: called from a signal handler (no logging, no allocation). */
void rdbRemoveTempFile(pid_t childpid, int from_signal);

/* ---- Values (also for DUMP / RESTORE) ------------------------------------ */

/* The RDB type byte for a value, and the value itself. */
int rdbSaveObjectType(rio *rdb, robj *o);
ssize_t rdbSaveObject(rio *rdb, robj *o);
/* Bytes rdbSaveObject would write (DEBUG OBJECT serializedlength). */
size_t rdbSavedObjectLen(robj *o);
/* Read a value of the given type.  NULL on error; *emptykey is set when
 * the error is only that the value is empty (skipped when loading a file,
 * refused by RESTORE).  deep: validate listpacks / intsets fully. */
robj *rdbLoadObject(int type, rio *rdb, int deep, int *emptykey);
int rdbIsObjectType(int t);
/* DUMP payloads (dump.c; FUNCTION DUMP's too): the serialized body, then a
 * footer of the RDB version (2 bytes, little endian) and the CRC64 of all
 * that precedes it (8 bytes).  AddFooter appends it to s; Verify returns
 * C_OK if p's footer holds a version we can read and the right checksum. */
sds dumpPayloadAddFooter(sds s);
int dumpPayloadVerify(const unsigned char *p, size_t len);
/* Whether RESTORE must validate payloads deeply (sanitize-dump-payload). */
int rdbDeepSanitizeRestore(client *c);
/* Set an object's LRU/LFU clock from IDLE seconds or a FREQ counter
 * (-1: not given). */
void rdbSetObjectLRUOrLFU(robj *o, long long freq, long long idle);

/* ---- Low-level readers (redis-check-rdb walks a file with them) ---------- */

#define RDB_LENERR UINT64_MAX /* rdbLoadLen's error */
int rdbLoadType(rio *rdb);                     /* -1 on a short read */
uint64_t rdbLoadLen(rio *rdb, int *isencoded); /* RDB_LENERR on error */
int rdbLoadMillisecondTime(rio *rdb, long long *t);
int rdbLoadSecondsTime(rio *rdb, long long *t); /* *t in milliseconds */
sds rdbLoadSds(rio *rdb);                       /* NULL on error */
/* Why the last read failed ("" for a short read), and the rdb.c line that
 * found it (0: none); and forgetting it. */
const char *rdbLoadErrorReason(int *line);
void rdbLoadErrorClear(void);

/* ---- Function libraries ----------------------------------------------------- */

/* Write every library of the current context (functions.h) as a FUNCTION2
 * entry, its code as a string: -1 on a write error.  Also FUNCTION DUMP's
 * payload.  Loading creates each library again from its code. */
int rdbSaveFunctions(rio *rdb);

/* ---- Commands ---------------------------------------------------------------- */

void saveCommand(client *c);
void bgsaveCommand(client *c);

/* One turn of the event loop during a start-up load: clients are answered
 * (-LOADING, INFO) while the dataset loads. */
void loadingProcessEvents(void);

#endif
