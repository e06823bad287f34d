/* aof.h - the append only file (see aof.c for the design).
 *
 * The AOF is a directory (appenddirname) of files named after appendfilename:
 *
 *     appendonly.aof.1.base.rdb    the dataset when the last rewrite started,
 *                                  as an RDB (aof-use-rdb-preamble yes) or as
 *                                  commands (.base.aof)
 *     appendonly.aof.1.incr.aof    the writes since, as RESP commands
 *     appendonly.aof.manifest      which files make the AOF, in order:
 *         file appendonly.aof.1.base.rdb seq 1 type b
 *         file appendonly.aof.1.incr.aof seq 1 type i
 *
 * Loading replays the base, then each incr file.  BGREWRITEAOF forks a child
 * that writes a new base while the parent appends to a new incr file; when
 * the child succeeds, the manifest is replaced in one rename and the files
 * it no longer names are deleted. */
#ifndef AOF_H
#define AOF_H

#include "server.h"

/* server.aof_state */
#define AOF_OFF 0
#define AOF_ON 1
#define AOF_WAIT_REWRITE 2 /* CONFIG SET appendonly yes: on once the first rewrite succeeds */

/* server.aof_fsync */
#define AOF_FSYNC_NO 0
#define AOF_FSYNC_ALWAYS 1
#define AOF_FSYNC_EVERYSEC 2

/* Start-up: state from the config, empty buffer (once, in initServer). */
void aofInit(void);
/* Start-up with appendonly yes: load the files the manifest names (or an
 * old single-file AOF, upgraded), then open (creating if needed) the incr
 * file that new writes go to.  Exits on an unreadable AOF. */
void aofLoadOnStartup(void);

/* Append one propagated command (in db dictid; -1: any db) to the buffer. */
void feedAppendOnlyFile(int dictid, robj **argv, int argc);
/* Write the buffer, and fsync as appendfsync says.  force: write even if an
 * everysec fsync is still running.  Called before replies are sent. */
void flushAppendOnlyFile(int force);
/* Once per cron tick: scheduled and automatic rewrites, delayed writes. */
void aofCron(void);

/* Shutdown: C_ERR when the initial AOF is still being written (unless
 * force); then, after children are gone, write and fsync what is left. */
int aofCheckShutdown(int force);
void aofFlushOnShutdown(void);

/* The AOF child's done handler (childinfo.c calls it). */
void backgroundRewriteDoneHandler(int exitcode, int bysignal);
int rewriteAppendOnlyFileBackground(void);

/* DEBUG LOADAOF: write the buffer, empty the dataset, load the AOF again.
 * C_OK or C_ERR. */
int aofDebugReload(void);
/* DEBUG AOF-FLUSH-SLEEP: sleep this long before each write of the buffer. */
void aofSetFlushSleep(int usec);

/* config.c: the apply hook of "appendonly" (CONFIG SET turns it on/off). */
int aofApplyAppendOnlyConfig(const char **err);

/* Writes must be refused (-MISCONF) while the AOF cannot be written or
 * fsync'ed: the errno of the failure, else 0. */
int aofWritesDeniedByError(void);

/* INFO persistence's aof_* fields. */
sds aofInfoString(sds info);
/* Bytes held by the AOF buffer (INFO memory, MEMORY STATS). */
size_t aofBufferSize(void);

void bgrewriteaofCommand(client *c);

#endif
