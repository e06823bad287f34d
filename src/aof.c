/* aof.c - the append only file: writing propagated commands, fsync policies,
 * loading at start-up, rewriting in a child, and the manifest.
 *
 * Writing.  Every write command that changed the dataset reaches
 * feedAppendOnlyFile() through the propagation of server.c (after its
 * determinism rewrite: relative TTLs become PEXPIREAT, SPOP becomes SREM...),
 * and is appended to server.aof_buf in RESP, with a SELECT first whenever
 * the db differs from the last one written.  The buffer goes to the current
 * incr file in beforeSleep, before any reply of this event loop cycle is
 * sent, so that a client is never told about a write the file does not
 * have.  appendfsync says when the kernel must put it on disk:
 *
 *   always    fsync right after the write, in the event loop;
 *   everysec  an fsync job for the bio thread at most once a second.  When
 *             the previous job is still running, the write itself waits (up
 *             to two seconds, then goes on and counts aof_delayed_fsync),
 *             because write(2) would block behind the fsync anyway;
 *   no        never: the kernel decides.
 *
 * Files.  See aof.h for the directory layout and the manifest.  The manifest
 * is the only truth: a file it does not name is not part of the AOF, so
 * every change (a new incr file, a new base) is made by writing a complete
 * temporary manifest and renaming it over the old one.
 *
 * Rewriting.  BGREWRITEAOF (and CONFIG SET appendonly yes, and the automatic
 * rewrite) first switches the parent to a new incr file, then forks: the
 * child writes the dataset as it was at the fork into a temporary file
 * (an RDB, or commands without aof-use-rdb-preamble).  The parent goes on
 * appending to the new incr file, so nothing written meanwhile needs to
 * reach the child.  When the child succeeds the temporary file becomes the
 * new base, the manifest now names the new base and the new incr file only,
 * and the older files are deleted (in the background: unlinking a big file
 * can take long).
 *
 * Loading.  The base, then each incr file, are replayed through a fake
 * client.  A file may end in the middle of a command (the server died while
 * writing): with aof-load-truncated the last file is cut back to its last
 * complete command and the server starts; otherwise it exits.  A transaction
 * (MULTI ... EXEC) cut by the end of the file is undone entirely. */
#include "aof.h"
#include "bio.h"
#include "childinfo.h"
#include "functions.h"
#include "latency.h"
#include "multi.h"
#include "rdb.h"
#include "rio.h"
#include "stream.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "t_zset.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>

#define AOF_FSYNC_MAX_POSTPONE 2 /* seconds a write may wait for a running fsync */
#define AOF_REWRITE_ITEMS_PER_CMD 64
#define AOF_AUTOSYNC_BYTES (1024 * 1024 * 4)

/* ===========================================================================
 * The manifest
 * ======================================================================== */

#define AOF_FILE_BASE 'b'
#define AOF_FILE_HISTORY 'h'
#define AOF_FILE_INCR 'i'

typedef struct aofInfo {
    sds name;
    long long seq;
    char type;
} aofInfo;

typedef struct aofManifest {
    aofInfo *base;     /* NULL: no base yet */
    list *incr;        /* aofInfo*, oldest first; the last one is being written */
    list *history;     /* aofInfo*: files no longer part of the AOF, to delete */
    long long base_seq;
    long long incr_seq;
} aofManifest;

static aofInfo *aofInfoCreate(sds name, long long seq, char type) {
    aofInfo *ai = zmalloc(sizeof(*ai));
    ai->name = name;
    ai->seq = seq;
    ai->type = type;
    return ai;
}

static void aofInfoFree(void *p) {
    aofInfo *ai = p;
    sdsfree(ai->name);
    zfree(ai);
}

static aofInfo *aofInfoDup(aofInfo *ai) { return aofInfoCreate(sdsdup(ai->name), ai->seq, ai->type); }

static aofManifest *aofManifestCreate(void) {
    aofManifest *am = zcalloc(sizeof(*am));
    am->incr = listCreate();
    am->history = listCreate();
    listSetFreeMethod(am->incr, aofInfoFree);
    listSetFreeMethod(am->history, aofInfoFree);
    return am;
}

static void aofManifestFree(aofManifest *am) {
    if (am->base) aofInfoFree(am->base);
    listRelease(am->incr);
    listRelease(am->history);
    zfree(am);
}

static aofManifest *aofManifestDup(aofManifest *am) {
    aofManifest *dup = aofManifestCreate();
    if (am->base) dup->base = aofInfoDup(am->base);
    listIter li;
    listNode *ln;
    listRewind(am->incr, &li);
    while ((ln = listNext(&li))) listAddNodeTail(dup->incr, aofInfoDup(listNodeValue(ln)));
    listRewind(am->history, &li);
    while ((ln = listNext(&li))) listAddNodeTail(dup->history, aofInfoDup(listNodeValue(ln)));
    dup->base_seq = am->base_seq;
    dup->incr_seq = am->incr_seq;
    return dup;
}

/* dir/name, as a new sds. */
static sds aofPath(const char *name) { return sdscatfmt(sdsempty(), "%s/%s", server.aof_dirname, name); }

static sds aofManifestName(void) { return sdscatfmt(sdsempty(), "%s.manifest", server.aof_filename); }

/* A file name is written as is, or quoted when it holds spaces, quotes or
 * unprintable bytes (sdssplitargs reads both back). */
static sds catFileName(sds buf, const char *name) {
    for (const char *p = name; *p; p++) {
        if (*p == ' ' || *p == '"' || *p == '\'' || *p == '\\' || !isprint((unsigned char)*p))
            return sdscatrepr(buf, name, strlen(name));
    }
    return sdscat(buf, name);
}

static sds catAofInfo(sds buf, aofInfo *ai) {
    buf = sdscat(buf, "file ");
    buf = catFileName(buf, ai->name);
    return sdscatprintf(buf, " seq %lld type %c\n", ai->seq, ai->type);
}

static sds aofManifestToString(aofManifest *am) {
    sds buf = sdsempty();
    listIter li;
    listNode *ln;
    if (am->base) buf = catAofInfo(buf, am->base);
    listRewind(am->history, &li);
    while ((ln = listNext(&li))) buf = catAofInfo(buf, listNodeValue(ln));
    listRewind(am->incr, &li);
    while ((ln = listNext(&li))) buf = catAofInfo(buf, listNodeValue(ln));
    return buf;
}

/* Make a rename durable. */
static void fsyncDir(const char *dir) {
    int fd = open(dir, O_RDONLY);
    if (fd == -1) return;
    fsync(fd);
    close(fd);
}

/* Write the manifest: a complete temporary file renamed over the old one. */
static int aofManifestPersist(aofManifest *am) {
    sds name = aofManifestName();
    sds tmpname = sdscatfmt(sdsempty(), "temp-%s", name);
    sds path = aofPath(name), tmppath = aofPath(tmpname);
    sds content = aofManifestToString(am);
    int ret = C_ERR;
    int fd = open(tmppath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd == -1) {
        serverLog(LL_WARNING, "Can't open the AOF manifest file %s: %s", tmpname, strerror(errno));
        goto done;
    }
    ssize_t n = write(fd, content, sdslen(content));
    if (n != (ssize_t)sdslen(content) || fsync(fd) == -1) {
        serverLog(LL_WARNING, "Error trying to write the temporary AOF manifest file %s: %s", tmpname,
                  n == -1 || n == (ssize_t)sdslen(content) ? strerror(errno) : "short write");
        close(fd);
        unlink(tmppath);
        goto done;
    }
    close(fd);
    if (rename(tmppath, path) == -1) {
        serverLog(LL_WARNING, "Error trying to rename the temporary AOF manifest file %s into %s: %s", tmpname, name,
                  strerror(errno));
        unlink(tmppath);
        goto done;
    }
    fsyncDir(server.aof_dirname);
    ret = C_OK;
done:
    sdsfree(name);
    sdsfree(tmpname);
    sdsfree(path);
    sdsfree(tmppath);
    sdsfree(content);
    return ret;
}

/* Read dir/<appendfilename>.manifest.  NULL when there is none; a malformed
 * manifest stops the server, as it would load a wrong dataset. */
static aofManifest *aofManifestLoad(void) {
    sds name = aofManifestName();
    sds path = aofPath(name);
    FILE *fp = fopen(path, "r");
    sdsfree(path);
    if (fp == NULL) {
        if (errno != ENOENT) {
            serverLog(LL_WARNING, "Fatal error: can't open the AOF manifest %s for reading: %s", name,
                      strerror(errno));
            exit(1);
        }
        sdsfree(name);
        return NULL;
    }
    aofManifest *am = aofManifestCreate();
    char line[1024 + 1];
    const char *err = NULL;
    long long maxseq_incr = 0;
    while (fgets(line, sizeof(line), fp) != NULL) {
        size_t len = strlen(line);
        if (len == 0 || line[0] == '#') continue;
        if (line[len - 1] != '\n' && !feof(fp)) {
            err = "The AOF manifest file contains too long line";
            break;
        }
        int argc;
        sds *argv = sdssplitargs(line, &argc);
        if (argv == NULL || argc < 6 || argc % 2) {
            if (argv) sdsfreesplitres(argv, argc);
            err = "Invalid AOF manifest file format";
            break;
        }
        sds fname = NULL;
        long long seq = 0;
        char type = 0;
        for (int j = 0; j < argc; j += 2) {
            if (!strcasecmp(argv[j], "file")) fname = sdsdup(argv[j + 1]);
            else if (!strcasecmp(argv[j], "seq")) seq = strtoll(argv[j + 1], NULL, 10);
            else if (!strcasecmp(argv[j], "type")) type = argv[j + 1][0];
            /* Unknown keys are for later versions: ignored. */
        }
        sdsfreesplitres(argv, argc);
        if (fname == NULL || seq == 0 || (type != AOF_FILE_BASE && type != AOF_FILE_HISTORY && type != AOF_FILE_INCR)) {
            sdsfree(fname);
            err = "Invalid AOF manifest file format";
            break;
        }
        aofInfo *ai = aofInfoCreate(fname, seq, type);
        if (type == AOF_FILE_BASE) {
            if (am->base) {
                aofInfoFree(ai);
                err = "Found duplicate base file information";
                break;
            }
            am->base = ai;
            am->base_seq = seq;
        } else if (type == AOF_FILE_HISTORY) {
            listAddNodeTail(am->history, ai);
        } else {
            if (seq <= maxseq_incr) {
                aofInfoFree(ai);
                err = "Found a non-monotonic sequence number";
                break;
            }
            listAddNodeTail(am->incr, ai);
            am->incr_seq = seq;
            maxseq_incr = seq;
        }
    }
    if (err == NULL && ferror(fp)) err = strerror(errno);
    fclose(fp);
    if (err == NULL && am->base == NULL && listLength(am->incr) == 0) err = "Found an empty AOF manifest";
    if (err) {
        serverLog(LL_WARNING, "%s", err);
        exit(1);
    }
    sdsfree(name);
    return am;
}

static sds aofBaseName(long long seq) {
    return sdscatprintf(sdsempty(), "%s.%lld.base.%s", server.aof_filename, seq,
                        server.aof_use_rdb_preamble ? "rdb" : "aof");
}

static sds aofIncrName(long long seq) {
    return sdscatprintf(sdsempty(), "%s.%lld.incr.aof", server.aof_filename, seq);
}

/* Delete a file without blocking on it: unlink now, and let a bio thread do
 * the close that frees its blocks. */
static void aofDeleteFileInBackground(const char *name) {
    sds path = aofPath(name);
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (unlink(path) == 0) serverLog(LL_NOTICE, "Removing the history file %s in the background", name);
    if (fd != -1) bioCreateCloseJob(fd, 0);
    sdsfree(path);
}

/* Delete the files of the manifest's history, and forget them. */
static void aofDeleteHistoryFiles(aofManifest *am) {
    if (listLength(am->history) == 0) return;
    listIter li;
    listNode *ln;
    listRewind(am->history, &li);
    while ((ln = listNext(&li))) aofDeleteFileInBackground(((aofInfo *)listNodeValue(ln))->name);
    listEmpty(am->history);
    aofManifestPersist(am);
}

static long long fileSizeOrZero(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* Base plus incr files: the size auto-aof-rewrite-percentage compares. */
static long long aofManifestTotalSize(aofManifest *am) {
    long long size = 0;
    if (am->base) {
        sds p = aofPath(am->base->name);
        size += fileSizeOrZero(p);
        sdsfree(p);
    }
    listIter li;
    listNode *ln;
    listRewind(am->incr, &li);
    while ((ln = listNext(&li))) {
        sds p = aofPath(((aofInfo *)listNodeValue(ln))->name);
        size += fileSizeOrZero(p);
        sdsfree(p);
    }
    return size;
}

static int aofCreateDirIfMissing(void) {
    if (mkdir(server.aof_dirname, 0755) == -1 && errno != EEXIST) {
        serverLog(LL_WARNING, "Can't open or create append-only dir %s: %s", server.aof_dirname, strerror(errno));
        return C_ERR;
    }
    return C_OK;
}

/* ===========================================================================
 * Feeding the buffer
 * ======================================================================== */

static sds catCommand(sds buf, int argc, robj **argv) {
    char num[LONG_STR_SIZE + 3];
    num[0] = '*';
    int len = ll2string(num + 1, sizeof(num) - 3, argc);
    buf = sdscatlen(buf, num, len + 1);
    buf = sdscatlen(buf, "\r\n", 2);
    for (int j = 0; j < argc; j++) {
        robj *o = getDecodedObject(argv[j]);
        num[0] = '$';
        len = ll2string(num + 1, sizeof(num) - 3, sdslen(o->ptr));
        buf = sdscatlen(buf, num, len + 1);
        buf = sdscatlen(buf, "\r\n", 2);
        buf = sdscatlen(buf, o->ptr, sdslen(o->ptr));
        buf = sdscatlen(buf, "\r\n", 2);
        decrRefCount(o);
    }
    return buf;
}

void feedAppendOnlyFile(int dictid, robj **argv, int argc) {
    /* While the first rewrite of CONFIG SET appendonly yes runs, the new incr
     * file is already open: it collects what the base will not have. */
    if (server.aof_state == AOF_OFF) return;
    if (server.aof_state == AOF_WAIT_REWRITE && server.child_type != CHILD_TYPE_AOF) return;
    if (server.aof_timestamp_enabled) {
        /* An annotation the loader skips, at most once a second. */
        static time_t last = 0;
        time_t now = time(NULL);
        if (now != last) {
            server.aof_buf = sdscatprintf(server.aof_buf, "#TS:%lld\r\n", (long long)now);
            last = now;
        }
    }
    if (dictid != -1 && dictid != server.aof_selected_db) {
        char id[LONG_STR_SIZE];
        int len = ll2string(id, sizeof(id), dictid);
        server.aof_buf = sdscatprintf(server.aof_buf, "*2\r\n$6\r\nSELECT\r\n$%d\r\n%s\r\n", len, id);
        server.aof_selected_db = dictid;
    }
    server.aof_buf = catCommand(server.aof_buf, argc, argv);
}

size_t aofBufferSize(void) { return server.aof_buf ? sdsalloc(server.aof_buf) : 0; }

/* ===========================================================================
 * Writing and fsync
 * ======================================================================== */

static void aofFsync(int fd) {
#ifdef __linux__
    fdatasync(fd);
#else
    fsync(fd);
#endif
}

static int aofFsyncInProgress(void) { return bioPendingJobsOfType(BIO_AOF_FSYNC) != 0; }

/* everysec: hand an fsync to the bio thread unless one runs already. */
static void aofBackgroundFsyncIfDue(void) {
    if (server.aof_fd == -1 || server.aof_fsync_offset == server.aof_current_size) return;
    if (server.aof_no_fsync_on_rewrite && hasActiveChildProcess()) return;
    if (server.unixtime <= server.aof_last_fsync || aofFsyncInProgress()) return;
    bioCreateFsyncJob(server.aof_fd);
    server.aof_last_fsync = server.unixtime;
    server.aof_fsync_offset = server.aof_current_size;
}

static int flush_sleep_usec = 0;

void aofSetFlushSleep(int usec) { flush_sleep_usec = usec > 0 ? usec : 0; }

void flushAppendOnlyFile(int force) {
    if (server.aof_fd == -1) return;
    if (sdslen(server.aof_buf) == 0) {
        /* Nothing new, but what was written may still want its fsync. */
        if (server.aof_fsync == AOF_FSYNC_EVERYSEC) aofBackgroundFsyncIfDue();
        return;
    }
    if (server.aof_fsync == AOF_FSYNC_EVERYSEC && !force && aofFsyncInProgress()) {
        /* write(2) would block behind the running fsync: wait for it a
         * little, then write anyway. */
        if (server.aof_flush_postponed_start == 0) {
            server.aof_flush_postponed_start = server.unixtime;
            return;
        } else if (server.unixtime - server.aof_flush_postponed_start < AOF_FSYNC_MAX_POSTPONE) {
            return;
        }
        server.aof_delayed_fsync++;
        serverLog(LL_NOTICE, "Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer "
                             "without waiting for fsync to complete, this may slow down Redis.");
    }
    if (flush_sleep_usec && sdslen(server.aof_buf)) usleep(flush_sleep_usec);
    monotime start = getMonotonicUs();
    ssize_t nwritten = write(server.aof_fd, server.aof_buf, sdslen(server.aof_buf));
    latencyAddSampleIfNeeded("aof-write", (getMonotonicUs() - start) / 1000);
    server.aof_flush_postponed_start = 0;
    if (nwritten != (ssize_t)sdslen(server.aof_buf)) {
        int err = nwritten == -1 ? errno : ENOSPC;
        if (nwritten == -1) {
            serverLog(LL_WARNING, "Error writing to the AOF file: %s", strerror(err));
        } else {
            serverLog(LL_WARNING,
                      "Short write while writing to the AOF file: (nwritten=%lld, expected=%lld)",
                      (long long)nwritten, (long long)sdslen(server.aof_buf));
            /* Keep the file made of whole commands: cut the partial one. */
            if (ftruncate(server.aof_fd, server.aof_last_incr_size) == -1) {
                serverLog(LL_WARNING, "Could not remove short write from the append-only file.  Redis may refuse "
                                      "to load the AOF the next time it starts.  ftruncate: %s",
                          strerror(errno));
                server.aof_current_size += nwritten;
                server.aof_last_incr_size += nwritten;
                sdsrange(server.aof_buf, nwritten, -1);
            }
        }
        if (server.aof_fsync == AOF_FSYNC_ALWAYS) {
            /* The client would be told a write is safe when it is not. */
            serverLog(LL_WARNING, "Can't recover from AOF write error when the AOF fsync policy is 'always'. "
                                  "Exiting...");
            exit(1);
        }
        server.aof_last_write_status = C_ERR;
        server.aof_last_write_errno = err;
        return; /* retried by the cron */
    }
    if (server.aof_last_write_status == C_ERR) {
        serverLog(LL_NOTICE, "AOF write error looks solved, Redis can write again.");
        server.aof_last_write_status = C_OK;
    }
    server.aof_current_size += nwritten;
    server.aof_last_incr_size += nwritten;
    /* Reuse the buffer unless it grew big. */
    if (sdsalloc(server.aof_buf) < 4000) sdsclear(server.aof_buf);
    else {
        sdsfree(server.aof_buf);
        server.aof_buf = sdsempty();
    }
    if (server.aof_no_fsync_on_rewrite && hasActiveChildProcess()) return;
    if (server.aof_fsync == AOF_FSYNC_ALWAYS) {
        start = getMonotonicUs();
        aofFsync(server.aof_fd);
        latencyAddSampleIfNeeded("aof-fsync-always", (getMonotonicUs() - start) / 1000);
        server.aof_last_fsync = server.unixtime;
        server.aof_fsync_offset = server.aof_current_size;
    } else if (server.aof_fsync == AOF_FSYNC_EVERYSEC) {
        aofBackgroundFsyncIfDue();
    }
}

/* ===========================================================================
 * Incr files
 * ======================================================================== */

static int aofOpenForAppend(const char *name) {
    sds path = aofPath(name);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    int err = errno;
    sdsfree(path);
    errno = err;
    return fd;
}

/* Make fd the file new writes go to; the old one is closed in the
 * background after a last fsync. */
static void aofSwitchFd(int fd, long long size) {
    if (server.aof_fd != -1) bioCreateCloseJob(server.aof_fd, 1);
    server.aof_fd = fd;
    server.aof_last_incr_size = size;
    server.aof_selected_db = -1; /* a new file starts with a SELECT */
}

/* A rewrite starts: new writes go to a new incr file.  With AOF on, the
 * manifest names it at once (a crash during the rewrite loses nothing);
 * waiting for the first rewrite, there is no manifest to update yet. */
static sds aofTempIncrName(void) { return sdscatfmt(sdsempty(), "temp-%s.incr", server.aof_filename); }

static int aofOpenNewIncrForRewrite(void) {
    if (server.aof_state == AOF_OFF) return C_OK;
    if (server.aof_state == AOF_WAIT_REWRITE) {
        /* No AOF yet: a temporary file, named in the manifest only once the
         * base it follows exists. */
        sds name = aofTempIncrName();
        sds path = aofPath(name);
        int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0644);
        sdsfree(path);
        if (fd == -1) {
            serverLog(LL_WARNING, "Can't open the append-only file %s: %s", name, strerror(errno));
            sdsfree(name);
            return C_ERR;
        }
        serverLog(LL_NOTICE, "Creating AOF incr file %s on background rewrite", name);
        sdsfree(name);
        aofSwitchFd(fd, 0);
        return C_OK;
    }
    aofManifest *am = server.aof_manifest ? aofManifestDup(server.aof_manifest) : aofManifestCreate();
    sds name = aofIncrName(++am->incr_seq);
    int fd = aofOpenForAppend(name);
    if (fd == -1) {
        serverLog(LL_WARNING, "Can't open the append-only file %s: %s", name, strerror(errno));
        sdsfree(name);
        aofManifestFree(am);
        return C_ERR;
    }
    listAddNodeTail(am->incr, aofInfoCreate(sdsdup(name), am->incr_seq, AOF_FILE_INCR));
    /* The manifest names it at once: a crash during the rewrite loses
     * nothing. */
    if (aofManifestPersist(am) != C_OK) {
        close(fd);
        sds path = aofPath(name);
        unlink(path);
        sdsfree(path);
        sdsfree(name);
        aofManifestFree(am);
        return C_ERR;
    }
    serverLog(LL_NOTICE, "Creating AOF incr file %s on background rewrite", name);
    sdsfree(name);
    if (server.aof_manifest) aofManifestFree(server.aof_manifest);
    server.aof_manifest = am;
    aofSwitchFd(fd, 0);
    return C_OK;
}

/* ===========================================================================
 * Rewriting: what the child writes
 * ======================================================================== */

static int rioWriteBulkCount(rio *r, char prefix, long count) {
    char buf[LONG_STR_SIZE + 3];
    buf[0] = prefix;
    int len = ll2string(buf + 1, sizeof(buf) - 3, count);
    buf[len + 1] = '\r';
    buf[len + 2] = '\n';
    return rioWrite(r, buf, len + 3) ? 0 : -1;
}

static int rioWriteBulkString(rio *r, const char *s, size_t len) {
    if (rioWriteBulkCount(r, '$', (long)len) == -1) return -1;
    if (len && !rioWrite(r, s, len)) return -1;
    return rioWrite(r, "\r\n", 2) ? 0 : -1;
}

static int rioWriteBulkLongLong(rio *r, long long v) {
    char buf[LONG_STR_SIZE];
    int len = ll2string(buf, sizeof(buf), v);
    return rioWriteBulkString(r, buf, len);
}

static int rioWriteBulkDouble(rio *r, double d) {
    char buf[MAX_D2STRING_CHARS];
    int len = d2string(buf, sizeof(buf), d);
    return rioWriteBulkString(r, buf, len);
}

static int rioWriteBulkObject(rio *r, robj *o) {
    robj *d = getDecodedObject(o);
    int ret = rioWriteBulkString(r, d->ptr, sdslen(d->ptr));
    decrRefCount(d);
    return ret;
}

/* The header of a batch: "*<2+items> $<cmd> $<key>". */
static int rioWriteBatchHeader(rio *r, const char *cmd, sds key, long items) {
    if (rioWriteBulkCount(r, '*', 2 + items) == -1) return -1;
    if (rioWriteBulkString(r, cmd, strlen(cmd)) == -1) return -1;
    return rioWriteBulkString(r, key, sdslen(key));
}

/* Items left to write and what the next batch holds. */
static long batchSize(unsigned long left, int per_item) {
    long n = left > AOF_REWRITE_ITEMS_PER_CMD ? AOF_REWRITE_ITEMS_PER_CMD : (long)left;
    return n * per_item;
}

static int rewriteList(rio *r, sds key, robj *o) {
    unsigned long left = listTypeLength(o), in_batch = 0;
    listTypeIterator *li = listTypeInitIterator(o, 0, LIST_TAIL);
    listTypeEntry e;
    int ret = 0;
    while (ret == 0 && listTypeNext(li, &e)) {
        if (in_batch == 0) {
            in_batch = batchSize(left, 1);
            ret = rioWriteBatchHeader(r, "RPUSH", key, in_batch);
            if (ret) break;
        }
        ret = e.sval ? rioWriteBulkString(r, (char *)e.sval, e.slen) : rioWriteBulkLongLong(r, e.lval);
        in_batch--;
        left--;
    }
    listTypeReleaseIterator(li);
    return ret;
}

static int rewriteSet(rio *r, sds key, robj *o) {
    unsigned long left = setTypeSize(o), in_batch = 0;
    setTypeIterator *si = setTypeInitIterator(o);
    char *str;
    size_t len;
    int64_t ll;
    int ret = 0;
    while (ret == 0 && setTypeNext(si, &str, &len, &ll)) {
        if (in_batch == 0) {
            in_batch = batchSize(left, 1);
            ret = rioWriteBatchHeader(r, "SADD", key, in_batch);
            if (ret) break;
        }
        ret = str ? rioWriteBulkString(r, str, len) : rioWriteBulkLongLong(r, ll);
        in_batch--;
        left--;
    }
    setTypeReleaseIterator(si);
    return ret;
}

static int rewriteZset(rio *r, sds key, robj *o) {
    unsigned long left = zsetLength(o), in_batch = 0;
    zsetIterator it;
    zsetEntry e;
    zsetIterInit(&it, o, 0, 0);
    int ret = 0;
    while (ret == 0 && zsetIterNext(&it, &e)) {
        if (in_batch == 0) {
            in_batch = batchSize(left, 1);
            ret = rioWriteBatchHeader(r, "ZADD", key, in_batch * 2);
            if (ret) break;
        }
        ret = rioWriteBulkDouble(r, e.score);
        if (ret == 0) ret = rioWriteBulkString(r, e.ele, e.len);
        in_batch--;
        left--;
    }
    return ret;
}

static int rioWriteHashItem(rio *r, const char *str, size_t len, long long ll) {
    return str ? rioWriteBulkString(r, str, len) : rioWriteBulkLongLong(r, ll);
}

static int rewriteHash(rio *r, sds key, robj *o) {
    unsigned long left = hashTypeLength(o), in_batch = 0;
    hashTypeIterator *hi = hashTypeInitIterator(o);
    int ret = 0;
    while (ret == 0 && hashTypeNext(hi)) {
        if (in_batch == 0) {
            in_batch = batchSize(left, 1);
            ret = rioWriteBatchHeader(r, "HMSET", key, in_batch * 2);
            if (ret) break;
        }
        const char *str;
        size_t len;
        long long ll;
        hashTypeCurrentField(hi, &str, &len, &ll);
        ret = rioWriteHashItem(r, str, len, ll);
        hashTypeCurrentValue(hi, &str, &len, &ll);
        if (ret == 0) ret = rioWriteHashItem(r, str, len, ll);
        in_batch--;
        left--;
    }
    hashTypeReleaseIterator(hi);
    return ret;
}

static int rioWriteStreamID(rio *r, const streamID *id) {
    char buf[64];
    int len = snprintf(buf, sizeof(buf), "%llu-%llu", (unsigned long long)id->ms, (unsigned long long)id->seq);
    return rioWriteBulkString(r, buf, len);
}

/* Write "*<argc>" and then argc arguments: C strings, or "%I" for a
 * streamID, "%L" for a long long, "%S" for an sds.  0 or -1. */
static int rioWriteCommand(rio *r, const char *fmt, ...) {
    va_list ap;
    int argc = 0;
    for (const char *p = fmt; *p; p++)
        if (*p == ' ') argc++;
    if (rioWriteBulkCount(r, '*', argc + 1) == -1) return -1;
    va_start(ap, fmt);
    int ret = 0;
    const char *p = fmt;
    while (ret == 0 && *p) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 2 && p[0] == '%' && p[1] == 'I') {
            ret = rioWriteStreamID(r, va_arg(ap, streamID *));
        } else if (len == 2 && p[0] == '%' && p[1] == 'L') {
            ret = rioWriteBulkLongLong(r, va_arg(ap, long long));
        } else if (len == 2 && p[0] == '%' && p[1] == 'S') {
            sds str = va_arg(ap, sds);
            ret = rioWriteBulkString(r, str, sdslen(str));
        } else {
            ret = rioWriteBulkString(r, p, len);
        }
        p = end ? end + 1 : p + len;
    }
    va_end(ap);
    return ret;
}

/* A stream as Redis 7.0 writes it: XADD per entry (an empty stream is
 * created by an XADD trimmed to nothing), XSETID with the counters, then
 * per group XGROUP CREATE, an XCLAIM per pending entry, and XGROUP
 * CREATECONSUMER for consumers with nothing pending. */
static int rewriteStream(rio *r, sds key, robj *o) {
    stream *s = o->ptr;
    streamIterator si;
    streamID id;
    int64_t numfields;
    int ret = 0;
    if (s->length) {
        streamIteratorStart(&si, s, NULL, NULL, 0);
        while (ret == 0 && streamIteratorGetID(&si, &id, &numfields)) {
            ret = rioWriteBulkCount(r, '*', 3 + numfields * 2);
            if (ret == 0) ret = rioWriteBulkString(r, "XADD", 4);
            if (ret == 0) ret = rioWriteBulkString(r, key, sdslen(key));
            if (ret == 0) ret = rioWriteStreamID(r, &id);
            while (ret == 0 && numfields--) {
                unsigned char *f, *v;
                int64_t flen, vlen;
                streamIteratorGetField(&si, &f, &v, &flen, &vlen);
                ret = rioWriteBulkString(r, (char *)f, flen);
                if (ret == 0) ret = rioWriteBulkString(r, (char *)v, vlen);
            }
        }
        streamIteratorStop(&si);
        if (ret) return ret;
    } else {
        /* Any ID will do: XSETID below sets the real last ID. */
        ret = rioWriteCommand(r, "XADD %S MAXLEN 0 0-1 x y", key);
        if (ret) return ret;
    }
    ret = rioWriteCommand(r, "XSETID %S %I ENTRIESADDED %L MAXDELETEDID %I", key, &s->last_id,
                          (long long)s->entries_added, &s->max_deleted_entry_id);
    if (ret || s->cgroups == NULL) return ret;
    raxIterator gi;
    raxStart(&gi, s->cgroups);
    raxSeek(&gi, "^", NULL, 0);
    while (ret == 0 && raxNext(&gi)) {
        streamCG *group = gi.data;
        sds gname = sdsnewlen(gi.key, gi.key_len);
        ret = rioWriteCommand(r, "XGROUP CREATE %S %S %I ENTRIESREAD %L", key, gname, &group->last_id,
                              group->entries_read);
        raxIterator ci;
        raxStart(&ci, group->consumers);
        raxSeek(&ci, "^", NULL, 0);
        while (ret == 0 && raxNext(&ci)) {
            streamConsumer *consumer = ci.data;
            if (raxSize(consumer->pel) == 0) {
                ret = rioWriteCommand(r, "XGROUP CREATECONSUMER %S %S %S", key, gname, consumer->name);
                continue;
            }
            raxIterator pi;
            raxStart(&pi, consumer->pel);
            raxSeek(&pi, "^", NULL, 0);
            while (ret == 0 && raxNext(&pi)) {
                streamNACK *na = pi.data;
                streamID pid;
                streamDecodeID(pi.key, &pid);
                ret = rioWriteCommand(r, "XCLAIM %S %S %S 0 %I TIME %L RETRYCOUNT %L JUSTID FORCE", key, gname,
                                      consumer->name, &pid, na->delivery_time, (long long)na->delivery_count);
            }
            raxStop(&pi);
        }
        raxStop(&ci);
        sdsfree(gname);
    }
    raxStop(&gi);
    return ret;
}

/* A value as commands, without aof-use-rdb-preamble. */
static int rewriteValue(rio *r, sds key, robj *o) {
    switch (o->type) {
    case OBJ_STRING:
        if (rioWriteBulkCount(r, '*', 3) == -1 || rioWriteBulkString(r, "SET", 3) == -1 ||
            rioWriteBulkString(r, key, sdslen(key)) == -1)
            return -1;
        return rioWriteBulkObject(r, o);
    case OBJ_LIST: return rewriteList(r, key, o);
    case OBJ_SET: return rewriteSet(r, key, o);
    case OBJ_ZSET: return rewriteZset(r, key, o);
    case OBJ_HASH: return rewriteHash(r, key, o);
    case OBJ_STREAM: return rewriteStream(r, key, o);
    default:
        serverLog(LL_WARNING, "A key of type %d can't be rewritten without aof-use-rdb-preamble", o->type);
        errno = EINVAL;
        return -1;
    }
}

/* The libraries first, as Redis writes them: one FUNCTION LOAD each. */
static int rewriteFunctionCode(void *privdata, const char *code, size_t len) {
    rio *r = privdata;
    static const char load[] = "*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n";
    if (rioWrite(r, load, sizeof(load) - 1) == 0) return -1;
    return rioWriteBulkString(r, code, len) == -1 ? -1 : 0;
}

static int rewriteAppendOnlyFileAsCommands(rio *r) {
    size_t keys_done = 0;
    long long last_report = 0;
    if (functionsForEachLibraryCode(rewriteFunctionCode, r) != 0) return C_ERR;
    for (int j = 0; j < server.dbnum; j++) {
        redisDb *db = server.db + j;
        if (dictSize(db->keys) == 0) continue;
        if (rioWrite(r, "*2\r\n$6\r\nSELECT\r\n", 16) == 0 || rioWriteBulkLongLong(r, j) == -1) return C_ERR;
        dictIterator di;
        dictInitIterator(&di, db->keys);
        robj *o;
        while ((o = dictNext(&di)) != NULL) {
            sds key = objectGetKey(o);
            long long expire = objectGetExpire(o);
            int ret = rewriteValue(r, key, o);
            if (ret == 0 && expire != -1) {
                if (rioWriteBulkCount(r, '*', 3) == -1 || rioWriteBulkString(r, "PEXPIREAT", 9) == -1 ||
                    rioWriteBulkString(r, key, sdslen(key)) == -1 || rioWriteBulkLongLong(r, expire) == -1)
                    ret = -1;
            }
            if (ret == -1) {
                dictResetIterator(&di);
                return C_ERR;
            }
            if (++keys_done % 1024 == 0) {
                long long now = mstime();
                if (now - last_report >= 1000) {
                    sendChildInfoGeneric(CHILD_INFO_TYPE_CURRENT_INFO, keys_done, -1, "AOF rewrite");
                    last_report = now;
                }
            }
        }
        dictResetIterator(&di);
    }
    return C_OK;
}

/* Write the dataset to `filename` (through a temp file renamed over it):
 * the base of a rewrite.  C_OK or C_ERR (logged). */
static int rewriteAppendOnlyFile(const char *filename) {
    char tmpfile[256];
    snprintf(tmpfile, sizeof(tmpfile), "temp-rewriteaof-%d.aof", (int)getpid());
    FILE *fp = fopen(tmpfile, "w");
    if (fp == NULL) {
        serverLog(LL_WARNING, "Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): %s",
                  strerror(errno));
        return C_ERR;
    }
    rio r;
    rioInitWithFile(&r, fp);
    if (server.aof_rewrite_incremental_fsync) rioSetAutoSync(&r, AOF_AUTOSYNC_BYTES);
    int ret = server.aof_use_rdb_preamble ? rdbSaveRioAsAofBase(&r) : rewriteAppendOnlyFileAsCommands(&r);
    if (ret == C_ERR || fflush(fp) != 0 || fsync(fileno(fp)) == -1) {
        serverLog(LL_WARNING, "Write error writing append only file on disk: %s", strerror(errno));
        fclose(fp);
        unlink(tmpfile);
        return C_ERR;
    }
    if (fclose(fp) != 0 || rename(tmpfile, filename) == -1) {
        serverLog(LL_WARNING, "Error moving temp append only file on the final destination: %s", strerror(errno));
        unlink(tmpfile);
        return C_ERR;
    }
    return C_OK;
}

/* ===========================================================================
 * Rewriting: the parent's side
 * ======================================================================== */

static pid_t rewrite_child_pid = -1;

static void rewriteTempFileName(char *buf, size_t len, pid_t pid) {
    snprintf(buf, len, "temp-rewriteaof-bg-%d.aof", (int)pid);
}

int rewriteAppendOnlyFileBackground(void) {
    if (hasActiveChildProcess()) return C_ERR;
    if (aofCreateDirIfMissing() != C_OK) {
        server.aof_lastbgrewrite_status = C_ERR;
        return C_ERR;
    }
    /* What is buffered belongs to the old incr file; waiting for the first
     * rewrite, it is in the dataset the child will write. */
    if (server.aof_state == AOF_WAIT_REWRITE) sdsclear(server.aof_buf);
    flushAppendOnlyFile(1);
    if (aofOpenNewIncrForRewrite() != C_OK) {
        server.aof_lastbgrewrite_status = C_ERR;
        return C_ERR;
    }
    server.stat_aof_rewrites++;
    pid_t pid = redisFork(CHILD_TYPE_AOF);
    if (pid == 0) {
        char tmpfile[256];
        rewriteTempFileName(tmpfile, sizeof(tmpfile), getpid());
        if (rewriteAppendOnlyFile(tmpfile) == C_OK) {
            serverLog(LL_NOTICE, "Successfully created the temporary AOF base file %s", tmpfile);
            sendChildCowInfo(CHILD_INFO_TYPE_AOF_COW_SIZE, "AOF rewrite");
            exitFromChild(0);
        }
        exitFromChild(1);
    }
    if (pid == -1) {
        server.aof_lastbgrewrite_status = C_ERR;
        serverLog(LL_WARNING, "Can't rewrite append only file in background: fork: %s", strerror(errno));
        return C_ERR;
    }
    serverLog(LL_NOTICE, "Background append only file rewriting started by pid %ld", (long)pid);
    rewrite_child_pid = pid;
    server.aof_rewrite_scheduled = 0;
    server.aof_rewrite_time_start = time(NULL);
    return C_OK;
}

static void removeRewriteTempFile(void) {
    if (rewrite_child_pid == -1) return;
    char tmpfile[256];
    rewriteTempFileName(tmpfile, sizeof(tmpfile), rewrite_child_pid);
    unlink(tmpfile);
    snprintf(tmpfile, sizeof(tmpfile), "temp-rewriteaof-%d.aof", (int)rewrite_child_pid);
    unlink(tmpfile);
}

/* The child wrote the new base: make it part of the AOF. */
static int aofInstallNewBase(void) {
    char tmpfile[256];
    rewriteTempFileName(tmpfile, sizeof(tmpfile), rewrite_child_pid);
    aofManifest *am = server.aof_manifest ? aofManifestDup(server.aof_manifest) : aofManifestCreate();
    sds name = aofBaseName(++am->base_seq);
    sds path = aofPath(name);
    if (rename(tmpfile, path) == -1) {
        serverLog(LL_WARNING, "Error trying to rename the temporary AOF base file %s into %s: %s", tmpfile, name,
                  strerror(errno));
        sdsfree(name);
        sdsfree(path);
        aofManifestFree(am);
        return C_ERR;
    }
    serverLog(LL_NOTICE, "Successfully renamed the temporary AOF base file %s into %s", tmpfile, name);
    /* The old base and every incr file but the one being written now are
     * history; with AOF off, no incr file is being written. */
    if (am->base) {
        am->base->type = AOF_FILE_HISTORY;
        listAddNodeTail(am->history, am->base);
    }
    am->base = aofInfoCreate(sdsdup(name), am->base_seq, AOF_FILE_BASE);
    /* The incr file being written is kept: with AOF on, the last one; the
     * temporary one of a first rewrite is renamed below; with AOF off there
     * is none. */
    long keep = server.aof_state == AOF_ON ? 1 : 0;
    while ((long)listLength(am->incr) > keep) {
        listNode *ln = listFirst(am->incr);
        aofInfo *ai = aofInfoDup(listNodeValue(ln));
        ai->type = AOF_FILE_HISTORY;
        listAddNodeTail(am->history, ai);
        listDelNode(am->incr, ln);
    }
    if (server.aof_state == AOF_WAIT_REWRITE) {
        sds tmpname = aofTempIncrName(), incrname = aofIncrName(++am->incr_seq);
        sds tmppath = aofPath(tmpname), incrpath = aofPath(incrname);
        int ok = rename(tmppath, incrpath) == 0;
        if (ok) {
            serverLog(LL_NOTICE, "Successfully renamed the temporary AOF incr file %s into %s", tmpname, incrname);
            listAddNodeTail(am->incr, aofInfoCreate(sdsdup(incrname), am->incr_seq, AOF_FILE_INCR));
        } else {
            serverLog(LL_WARNING, "Error trying to rename the temporary AOF incr file %s into %s: %s", tmpname,
                      incrname, strerror(errno));
        }
        sdsfree(tmpname);
        sdsfree(incrname);
        sdsfree(tmppath);
        sdsfree(incrpath);
        if (!ok) {
            unlink(path);
            sdsfree(name);
            sdsfree(path);
            aofManifestFree(am);
            return C_ERR;
        }
    }
    if (aofManifestPersist(am) != C_OK) {
        unlink(path);
        sdsfree(name);
        sdsfree(path);
        aofManifestFree(am);
        return C_ERR;
    }
    fsyncDir(server.aof_dirname);
    sdsfree(name);
    sdsfree(path);
    if (server.aof_manifest) aofManifestFree(server.aof_manifest);
    server.aof_manifest = am;
    server.aof_current_size = aofManifestTotalSize(am);
    server.aof_rewrite_base_size = server.aof_current_size;
    server.aof_fsync_offset = server.aof_current_size;
    if (!server.aof_disable_auto_gc) aofDeleteHistoryFiles(am);
    return C_OK;
}

void backgroundRewriteDoneHandler(int exitcode, int bysignal) {
    if (!bysignal && exitcode == 0) {
        serverLog(LL_NOTICE, "Background AOF rewrite terminated with success");
        if (aofInstallNewBase() == C_OK) {
            if (server.aof_state == AOF_WAIT_REWRITE) server.aof_state = AOF_ON;
            serverLog(LL_NOTICE, "Background AOF rewrite finished successfully");
            server.aof_lastbgrewrite_status = C_OK;
            server.stat_aof_rewrites_consecutive_failures = 0;
        } else {
            server.aof_lastbgrewrite_status = C_ERR;
            server.stat_aof_rewrites_consecutive_failures++;
        }
    } else if (!bysignal && exitcode != 0) {
        server.aof_lastbgrewrite_status = C_ERR;
        server.stat_aof_rewrites_consecutive_failures++;
        serverLog(LL_WARNING, "Background AOF rewrite terminated with error");
    } else {
        /* Stopped on purpose (SIGUSR1) is not a failure. */
        if (bysignal != SIGUSR1) {
            server.aof_lastbgrewrite_status = C_ERR;
            server.stat_aof_rewrites_consecutive_failures++;
        }
        serverLog(LL_WARNING, "Background AOF rewrite terminated by signal %d", bysignal);
    }
    removeRewriteTempFile();
    rewrite_child_pid = -1;
    server.aof_rewrite_time_last = time(NULL) - server.aof_rewrite_time_start;
    server.aof_rewrite_time_start = -1;
    /* The first rewrite of CONFIG SET appendonly yes failed: try again. */
    if (server.aof_state == AOF_WAIT_REWRITE) server.aof_rewrite_scheduled = 1;
}

/* Stop a running rewrite; its done handler cleans up when it is reaped. */
static void killAppendOnlyChild(void) {
    if (server.child_type != CHILD_TYPE_AOF || server.child_pid == -1) return;
    serverLog(LL_NOTICE, "Killing running AOF rewrite child: %ld", (long)server.child_pid);
    kill(server.child_pid, SIGUSR1);
}

/* ===========================================================================
 * Turning the AOF on and off
 * ======================================================================== */

static int startAppendOnly(void) {
    server.aof_state = AOF_WAIT_REWRITE;
    if (hasActiveChildProcess() && server.child_type != CHILD_TYPE_AOF) {
        server.aof_rewrite_scheduled = 1;
        serverLog(LL_NOTICE, "AOF was enabled but there is already another background operation. An AOF "
                             "background was scheduled to start when possible.");
        return C_OK;
    }
    if (server.child_type == CHILD_TYPE_AOF) {
        /* A rewrite of an AOF that was off: its base will not be followed
         * by an incr file.  Start again once it is gone. */
        serverLog(LL_NOTICE, "AOF was enabled but there is already an AOF rewriting in background. Stopping "
                             "background AOF and starting a rewrite now.");
        killAppendOnlyChild();
        server.aof_rewrite_scheduled = 1;
        return C_OK;
    }
    if (rewriteAppendOnlyFileBackground() == C_ERR) {
        server.aof_state = AOF_OFF;
        serverLog(LL_WARNING, "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. "
                              "Check the above logs for more info about the error.");
        return C_ERR;
    }
    server.aof_last_fsync = server.unixtime;
    return C_OK;
}

static void stopAppendOnly(void) {
    flushAppendOnlyFile(1);
    if (server.aof_fd != -1) {
        aofFsync(server.aof_fd);
        close(server.aof_fd);
    }
    server.aof_fd = -1;
    server.aof_selected_db = -1;
    server.aof_state = AOF_OFF;
    server.aof_rewrite_scheduled = 0;
    killAppendOnlyChild();
    sdsclear(server.aof_buf);
}

static int aof_initialized = 0;

int aofApplyAppendOnlyConfig(const char **err) {
    if (!aof_initialized) return 1; /* the config file: aofInit reads it */
    if (server.aof_enabled && server.aof_state == AOF_OFF) {
        if (startAppendOnly() != C_OK) {
            server.aof_enabled = 0;
            if (err) *err = "Unable to turn on AOF. Check server logs.";
            return 0;
        }
    } else if (!server.aof_enabled && server.aof_state != AOF_OFF) {
        stopAppendOnly();
    }
    return 1;
}

void aofInit(void) {
    server.aof_state = server.aof_enabled ? AOF_ON : AOF_OFF;
    server.aof_fd = -1;
    server.aof_selected_db = -1;
    server.aof_buf = sdsempty();
    server.aof_rewrite_time_last = -1;
    server.aof_rewrite_time_start = -1;
    server.aof_lastbgrewrite_status = C_OK;
    server.aof_last_write_status = C_OK;
    server.aof_last_fsync = time(NULL);
    /* Read even with the AOF off: a rewrite then continues its numbering. */
    server.aof_manifest = aofManifestLoad();
    aof_initialized = 1;
}

/* ===========================================================================
 * Loading
 * ======================================================================== */

#define AOF_LOAD_OK 0
#define AOF_LOAD_EMPTY 1     /* the file is empty: nothing loaded */
#define AOF_LOAD_NOT_EXIST 2
#define AOF_LOAD_TRUNCATED 3 /* loaded up to a cut tail (aof-load-truncated) */
#define AOF_LOAD_FAILED 4    /* already logged */

static client *aofCreateFakeClient(void) {
    client *c = createClient(-1);
    /* Replies go nowhere; a blocking command in the file cannot block. */
    c->flags |= CLIENT_DENY_BLOCKING | CLIENT_CLOSE_ASAP;
    return c;
}

/* Read "<prefix><number>\r\n".  0 on success, -1 at the end of the file,
 * -2 on a malformed line. */
static int aofReadCount(FILE *fp, char prefix, long long *count) {
    char buf[128];
    if (fgets(buf, sizeof(buf), fp) == NULL) return -1;
    size_t len = strlen(buf);
    if (len == 0 || buf[len - 1] != '\n') return feof(fp) ? -1 : -2;
    if (buf[0] != prefix) return -2;
    char *end;
    *count = strtoll(buf + 1, &end, 10);
    if (end == buf + 1 || (*end != '\r' && *end != '\n')) return -2;
    return 0;
}

/* Replay the commands of fp from its current position.  *valid_up_to is
 * the offset after the last complete command (or transaction).  Returns
 * AOF_LOAD_OK, -1 when the file ends in the middle of a command, -2 on a
 * malformed command (logged by the caller). */
/* Start-up loading progress (see aofReplayCommands). */
static int aof_loading_at_startup = 0;
static unsigned long long aof_loaded_commands = 0;
static off_t aof_loaded_before = 0; /* bytes of the files loaded before this one */

static int aofReplayCommands(FILE *fp, const char *filename, off_t *valid_up_to) {
    client *fake = aofCreateFakeClient();
    off_t valid_before_multi = *valid_up_to;
    int ret = AOF_LOAD_OK;
    for (;;) {
        int ch = fgetc(fp);
        if (ch == EOF) break;
        if (ch == '#') {
            /* An annotation (aof-timestamp-enabled): skip the line. */
            char skip[256];
            while (fgets(skip, sizeof(skip), fp) && skip[strlen(skip) - 1] != '\n') {
            }
            *valid_up_to = ftello(fp);
            continue;
        }
        ungetc(ch, fp);
        long long argc;
        int r = aofReadCount(fp, '*', &argc);
        if (r != 0 || argc < 1) {
            ret = r == -1 ? -1 : -2;
            break;
        }
        robj **argv = zmalloc(sizeof(robj *) * argc);
        int got = 0;
        for (; got < argc; got++) {
            long long len;
            r = aofReadCount(fp, '$', &len);
            if (r != 0 || len < 0) {
                ret = r == -1 ? -1 : -2;
                break;
            }
            sds s = sdsnewlen(SDS_NOINIT, len);
            if (len && fread(s, len, 1, fp) != 1) {
                sdsfree(s);
                ret = -1;
                break;
            }
            char crlf[2];
            if (fread(crlf, 2, 1, fp) != 1) {
                sdsfree(s);
                ret = -1;
                break;
            }
            argv[got] = createObject(OBJ_STRING, s);
        }
        if (ret != AOF_LOAD_OK) {
            for (int j = 0; j < got; j++) decrRefCount(argv[j]);
            zfree(argv);
            break;
        }
        redisCommand *cmd = lookupCommand(argv, (int)argc);
        if (cmd == NULL) {
            serverLog(LL_WARNING, "Unknown command '%s' reading the append only file %s", (char *)argv[0]->ptr,
                      filename);
            exit(1);
        }
        /* A command with the wrong number of arguments would read past
         * its argv: the file is not one we wrote. */
        if ((cmd->arity > 0 && cmd->arity != argc) || argc < -cmd->arity) {
            serverLog(LL_WARNING, "Wrong number of arguments for command '%s' reading the append only file %s",
                      (char *)argv[0]->ptr, filename);
            exit(1);
        }
        if (cmd->proc == multiCommand) valid_before_multi = *valid_up_to;
        fake->argc = (int)argc;
        fake->argv = argv;
        fake->argv_len = (int)argc;
        fake->cmd = fake->lastcmd = fake->realcmd = cmd;
        if ((fake->flags & CLIENT_MULTI) && cmd->proc != execCommand) queueMultiCommand(fake);
        else cmd->proc(fake);
        freeClientArgv(fake);
        zfree(fake->argv); /* NULL when MULTI queued it */
        fake->argv = NULL;
        fake->argv_len = 0;
        /* A position inside a transaction is not a valid end. */
        if (!(fake->flags & CLIENT_MULTI)) *valid_up_to = ftello(fp);
        if (server.key_load_delay > 0) usleep(server.key_load_delay);
        /* At start-up, every 1024 commands: the progress INFO shows, and
         * a turn of the event loop so that clients get -LOADING rather
         * than silence (not under DEBUG LOADAOF, which runs inside a
         * client's command). */
        if (aof_loading_at_startup && ++aof_loaded_commands % 1024 == 0) {
            server.loading_loaded_bytes = aof_loaded_before + ftello(fp);
            loadingProcessEvents();
        }
    }
    if (ret == AOF_LOAD_OK && (fake->flags & CLIENT_MULTI)) {
        /* The file ends inside a transaction: as if cut there. */
        ret = -1;
    }
    if (ret == -1 && (fake->flags & CLIENT_MULTI)) {
        serverLog(LL_WARNING, "Revert incomplete MULTI/EXEC transaction in AOF file %s", filename);
        *valid_up_to = valid_before_multi;
    }
    freeClient(fake);
    return ret;
}

static int loadSingleAppendOnlyFileAt(const char *filename, int is_last);

/* Load one file of the AOF and count its bytes in the loading progress.
 * is_last: a cut tail may be truncated away. */
static int loadSingleAppendOnlyFile(const char *filename, int is_last) {
    int ret = loadSingleAppendOnlyFileAt(filename, is_last);
    sds path = aofPath(filename);
    aof_loaded_before += (off_t)fileSizeOrZero(path);
    server.loading_loaded_bytes = aof_loaded_before;
    sdsfree(path);
    return ret;
}

static int loadSingleAppendOnlyFileAt(const char *filename, int is_last) {
    sds path = aofPath(filename);
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        int err = errno;
        sdsfree(path);
        if (err == ENOENT) return AOF_LOAD_NOT_EXIST;
        serverLog(LL_WARNING, "Fatal error: can't open the append log file %s for reading: %s", filename,
                  strerror(err));
        return AOF_LOAD_FAILED;
    }
    struct stat sb;
    if (fstat(fileno(fp), &sb) == -1 || sb.st_size == 0) {
        fclose(fp);
        sdsfree(path);
        return AOF_LOAD_EMPTY;
    }
    off_t valid_up_to = 0;
    char sig[5];
    if (fread(sig, 1, 5, fp) == 5 && memcmp(sig, "REDIS", 5) == 0) {
        /* An RDB preamble, then (maybe) commands. */
        rewind(fp);
        serverLog(LL_NOTICE, "Reading RDB base file on AOF loading...");
        rio r;
        rioInitWithFile(&r, fp);
        if (server.rdb_checksum) r.update_cksum = rioGenericUpdateChecksum;
        if (rdbLoadRioFromAof(&r) != C_OK) {
            serverLog(LL_WARNING, "Error reading the RDB base file %s, AOF loading aborted", filename);
            fclose(fp);
            sdsfree(path);
            return AOF_LOAD_FAILED;
        }
        valid_up_to = ftello(fp);
        int ch = fgetc(fp);
        if (ch != EOF) {
            ungetc(ch, fp);
            serverLog(LL_NOTICE, "Reading the remaining AOF tail...");
        }
    } else {
        rewind(fp);
    }
    int ret = aofReplayCommands(fp, filename, &valid_up_to);
    fclose(fp);
    if (ret == AOF_LOAD_OK) {
        sdsfree(path);
        return AOF_LOAD_OK;
    }
    if (ret == -2) {
        serverLog(LL_WARNING, "Bad file format reading the append only file %s: make a backup of your AOF file, "
                              "then use ./redis-check-aof --fix <filename.manifest>", filename);
        sdsfree(path);
        return AOF_LOAD_FAILED;
    }
    /* The file ends in the middle of a command. */
    if (!is_last || !server.aof_load_truncated) {
        serverLog(LL_WARNING, "Unexpected end of file reading the append only file %s. You can: 1) Make a backup of "
                              "your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) "
                              "Alternatively you can set the 'aof-load-truncated' configuration option to yes and "
                              "restart the server.", filename);
        sdsfree(path);
        return AOF_LOAD_FAILED;
    }
    serverLog(LL_WARNING, "!!! Warning: short read while loading the AOF file %s!!!", filename);
    serverLog(LL_WARNING, "!!! Truncating the AOF %s at offset %llu !!!", filename,
              (unsigned long long)valid_up_to);
    if (truncate(path, valid_up_to) == -1) {
        serverLog(LL_WARNING, "Error truncating the AOF file %s: %s", filename, strerror(errno));
        sdsfree(path);
        return AOF_LOAD_FAILED;
    }
    serverLog(LL_WARNING, "AOF %s loaded anyway because aof-load-truncated is enabled", filename);
    sdsfree(path);
    return AOF_LOAD_TRUNCATED;
}

/* Load every file of the manifest.  Returns AOF_LOAD_* for the whole. */
static int loadAppendOnlyFiles(aofManifest *am) {
    if (am == NULL || (am->base == NULL && listLength(am->incr) == 0)) return AOF_LOAD_NOT_EXIST;
    int total = (am->base ? 1 : 0) + (int)listLength(am->incr), done = 0, loaded_any = 0;
    long long start = ustime();
    int ret = AOF_LOAD_OK;
    server.loading = 1;
    server.loading_start_time = time(NULL);
    server.loading_total_bytes = (off_t)aofManifestTotalSize(am);
    server.loading_loaded_bytes = 0;
    aof_loaded_before = 0;
    if (am->base) {
        long long t = ustime();
        ret = loadSingleAppendOnlyFile(am->base->name, ++done == total);
        if (ret == AOF_LOAD_OK || ret == AOF_LOAD_TRUNCATED) {
            loaded_any = 1;
            serverLog(LL_NOTICE, "DB loaded from base file %s: %.3f seconds", am->base->name,
                      (float)(ustime() - t) / 1000000);
        }
        if (ret == AOF_LOAD_EMPTY || ret == AOF_LOAD_NOT_EXIST) ret = AOF_LOAD_OK;
    }
    listIter li;
    listNode *ln;
    listRewind(am->incr, &li);
    while (ret == AOF_LOAD_OK && (ln = listNext(&li))) {
        aofInfo *ai = listNodeValue(ln);
        long long t = ustime();
        ret = loadSingleAppendOnlyFile(ai->name, ++done == total);
        if (ret == AOF_LOAD_OK || ret == AOF_LOAD_TRUNCATED) {
            loaded_any = 1;
            serverLog(LL_NOTICE, "DB loaded from incr file %s: %.3f seconds", ai->name,
                      (float)(ustime() - t) / 1000000);
        }
        if (ret == AOF_LOAD_EMPTY || ret == AOF_LOAD_NOT_EXIST) ret = AOF_LOAD_OK;
    }
    server.loading = 0;
    if (ret == AOF_LOAD_FAILED) return ret;
    if (!loaded_any) return AOF_LOAD_EMPTY;
    serverLog(LL_NOTICE, "DB loaded from append only file: %.3f seconds", (float)(ustime() - start) / 1000000);
    server.aof_current_size = aofManifestTotalSize(am);
    server.aof_rewrite_base_size = server.aof_current_size;
    server.aof_fsync_offset = server.aof_current_size;
    return ret;
}

/* An appendonly.aof from before the AOF directory (Redis < 7.0) becomes the
 * base of a new manifest, moved into the directory. */
static aofManifest *aofUpgradeOldFile(void) {
    struct stat sb;
    if (stat(server.aof_filename, &sb) == -1 || !S_ISREG(sb.st_mode)) return NULL;
    if (aofCreateDirIfMissing() != C_OK) exit(1);
    aofManifest *am = aofManifestCreate();
    am->base = aofInfoCreate(sdsnew(server.aof_filename), 1, AOF_FILE_BASE);
    am->base_seq = 1;
    if (aofManifestPersist(am) != C_OK) exit(1);
    sds path = aofPath(server.aof_filename);
    if (rename(server.aof_filename, path) == -1) {
        serverLog(LL_WARNING, "Error trying to rename the old AOF file %s into dir %s: %s", server.aof_filename,
                  server.aof_dirname, strerror(errno));
        sdsfree(path);
        exit(1);
    }
    sdsfree(path);
    serverLog(LL_NOTICE, "Successfully migrated an old-style AOF into the AOF directory %s.", server.aof_dirname);
    return am;
}

/* After loading: the base exists (created from the dataset if the AOF is
 * new), and the last incr file is open for appending. */
static void aofOpenOnServerStart(void) {
    if (aofCreateDirIfMissing() != C_OK) exit(1);
    aofManifest *am = server.aof_manifest;
    if (am == NULL) am = server.aof_manifest = aofManifestCreate();
    if (am->base == NULL && listLength(am->incr) == 0) {
        sds name = aofBaseName(++am->base_seq);
        sds path = aofPath(name);
        if (rewriteAppendOnlyFile(path) != C_OK) exit(1);
        am->base = aofInfoCreate(sdsdup(name), am->base_seq, AOF_FILE_BASE);
        serverLog(LL_NOTICE, "Creating AOF base file %s on server start", name);
        sdsfree(name);
        sdsfree(path);
    }
    int created = 0;
    if (listLength(am->incr) == 0) {
        sds name = aofIncrName(++am->incr_seq);
        listAddNodeTail(am->incr, aofInfoCreate(name, am->incr_seq, AOF_FILE_INCR));
        created = 1;
    }
    aofInfo *last = listNodeValue(listLast(am->incr));
    int fd = aofOpenForAppend(last->name);
    if (fd == -1) {
        serverLog(LL_WARNING, "Can't open the append-only file %s: %s", last->name, strerror(errno));
        exit(1);
    }
    if (created && aofManifestPersist(am) != C_OK) exit(1);
    serverLog(LL_NOTICE, "%s AOF incr file %s on server start", created ? "Creating" : "Opening", last->name);
    struct stat sb;
    aofSwitchFd(fd, fstat(fd, &sb) == 0 ? (long long)sb.st_size : 0);
    server.aof_current_size = aofManifestTotalSize(am);
    server.aof_rewrite_base_size = server.aof_current_size;
    server.aof_fsync_offset = server.aof_current_size;
}

void aofLoadOnStartup(void) {
    aofManifest *am = server.aof_manifest;
    if (am == NULL) am = server.aof_manifest = aofUpgradeOldFile();
    aof_loading_at_startup = 1;
    int ret = loadAppendOnlyFiles(am);
    aof_loading_at_startup = 0;
    if (ret == AOF_LOAD_FAILED) exit(1);
    /* A file cut back to its last whole command is fine to go on with. */
    aofOpenOnServerStart();
}

int aofDebugReload(void) {
    flushAppendOnlyFile(1);
    emptyData(-1, EMPTYDB_NO_FLAGS, NULL);
    functionsClearCurrent(); /* the AOF loads them again, as in Redis */
    int ret = loadAppendOnlyFiles(server.aof_manifest);
    if (ret != AOF_LOAD_OK && ret != AOF_LOAD_EMPTY) return C_ERR;
    server.dirty = 0;
    serverLog(LL_NOTICE, "Append Only File loaded by DEBUG LOADAOF");
    return C_OK;
}

/* ===========================================================================
 * Cron, shutdown, INFO, BGREWRITEAOF
 * ======================================================================== */

void aofCron(void) {
    /* A BGREWRITEAOF that had to wait for another child. */
    if (!hasActiveChildProcess() && server.aof_rewrite_scheduled) rewriteAppendOnlyFileBackground();
    /* Growth past auto-aof-rewrite-percentage of the size after the last
     * rewrite, once the AOF is at least auto-aof-rewrite-min-size. */
    if (server.aof_state == AOF_ON && !hasActiveChildProcess() && server.aof_rewrite_perc &&
        server.aof_current_size > server.aof_rewrite_min_size) {
        long long base = server.aof_rewrite_base_size ? server.aof_rewrite_base_size : 1;
        long long growth = (server.aof_current_size * 100 / base) - 100;
        if (growth >= server.aof_rewrite_perc) {
            serverLog(LL_NOTICE, "Starting automatic rewriting of AOF on %lld%% growth", growth);
            rewriteAppendOnlyFileBackground();
        }
    }
    /* A write postponed by a slow fsync, or one that failed. */
    if (server.aof_state == AOF_ON && server.aof_flush_postponed_start) flushAppendOnlyFile(0);
    static int loops = 0;
    if (++loops >= server.hz) {
        loops = 0;
        if (server.aof_state == AOF_ON && server.aof_last_write_status == C_ERR) flushAppendOnlyFile(0);
    }
}

int aofCheckShutdown(int force) {
    /* Exiting now would lose the dataset: the AOF that is to hold it does
     * not exist yet. */
    if (server.aof_state == AOF_WAIT_REWRITE && server.child_type == CHILD_TYPE_AOF) {
        if (!force) {
            serverLog(LL_WARNING, "Writing initial AOF, can't exit.");
            return C_ERR;
        }
        serverLog(LL_WARNING, "Writing initial AOF. Exit anyway.");
    }
    return C_OK;
}

void aofFlushOnShutdown(void) {
    removeRewriteTempFile();
    if (server.aof_state == AOF_OFF || server.aof_fd == -1) return;
    flushAppendOnlyFile(1);
    serverLog(LL_NOTICE, "Calling fsync() on the AOF file.");
    aofFsync(server.aof_fd);
}

int aofWritesDeniedByError(void) {
    if (server.aof_state == AOF_OFF) return 0;
    if (server.aof_last_write_status == C_ERR) return server.aof_last_write_errno ? server.aof_last_write_errno : EIO;
    if (atomic_load(&server.aof_bio_fsync_status) == C_ERR) {
        int err = atomic_load(&server.aof_bio_fsync_errno);
        return err ? err : EIO;
    }
    return 0;
}

sds aofInfoString(sds info) {
    int rewriting = server.child_type == CHILD_TYPE_AOF;
    info = sdscatprintf(info,
                        "aof_enabled:%d\r\n"
                        "aof_rewrite_in_progress:%d\r\n"
                        "aof_rewrite_scheduled:%d\r\n"
                        "aof_last_rewrite_time_sec:%jd\r\n"
                        "aof_current_rewrite_time_sec:%jd\r\n"
                        "aof_last_bgrewrite_status:%s\r\n"
                        "aof_rewrites:%lld\r\n"
                        "aof_rewrites_consecutive_failures:%d\r\n"
                        "aof_last_write_status:%s\r\n"
                        "aof_last_cow_size:%zu\r\n"
                        "module_fork_in_progress:%d\r\n"
                        "module_fork_last_cow_size:%zu\r\n",
                        server.aof_state != AOF_OFF, rewriting, server.aof_rewrite_scheduled,
                        (intmax_t)server.aof_rewrite_time_last,
                        (intmax_t)(rewriting ? time(NULL) - server.aof_rewrite_time_start : -1),
                        server.aof_lastbgrewrite_status == C_OK ? "ok" : "err", server.stat_aof_rewrites,
                        server.stat_aof_rewrites_consecutive_failures,
                        server.aof_last_write_status == C_OK && atomic_load(&server.aof_bio_fsync_status) == C_OK
                            ? "ok"
                            : "err",
                        server.stat_aof_cow_bytes, server.child_type == CHILD_TYPE_MODULE,
                        server.stat_module_cow_bytes);
    if (server.aof_enabled) {
        info = sdscatprintf(info,
                            "aof_current_size:%lld\r\n"
                            "aof_base_size:%lld\r\n"
                            "aof_pending_rewrite:%d\r\n"
                            "aof_buffer_length:%zu\r\n"
                            "aof_pending_bio_fsync:%lu\r\n"
                            "aof_delayed_fsync:%lu\r\n",
                            server.aof_current_size, server.aof_rewrite_base_size, server.aof_rewrite_scheduled,
                            sdslen(server.aof_buf), bioPendingJobsOfType(BIO_AOF_FSYNC), server.aof_delayed_fsync);
    }
    return info;
}

void bgrewriteaofCommand(client *c) {
    if (server.child_type == CHILD_TYPE_AOF) {
        addReplyError(c, "Background append only file rewriting already in progress");
    } else if (hasActiveChildProcess() || (c->flags & CLIENT_MULTI)) {
        server.aof_rewrite_scheduled = 1;
        addReplyStatus(c, "Background append only file rewriting scheduled");
    } else if (rewriteAppendOnlyFileBackground() == C_OK) {
        addReplyStatus(c, "Background append only file rewriting started");
    } else {
        addReplyError(c, "Can't execute an AOF background rewriting. Please check the server logs for more "
                         "information.");
    }
}
