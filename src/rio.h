/* rio.h - one stream interface over memory buffers, files and descriptors.
 *
 * The RDB code writes and reads through a `rio` and never cares where the
 * bytes go: an sds buffer (DUMP, RESTORE, DEBUG OBJECT's length), a stdio
 * FILE (SAVE, loading at start-up), or a raw file descriptor (a child
 * writing to a pipe or socket).  Every rio counts the bytes it moved
 * (processed_bytes) and can run a hook over them as they pass
 * (update_cksum): the RDB layer checksums with it, and while loading also
 * reports progress and serves clients from there.
 *
 * Reading and writing are all-or-nothing: rioRead/rioWrite return 1 when
 * the whole length went through, 0 otherwise, and a failure sticks in
 * r->flags (RIO_FLAG_READ_ERROR / RIO_FLAG_WRITE_ERROR) so that a caller
 * who skips a check still finds out at the end with rioGetReadError() /
 * rioGetWriteError().  A short read (end of data) is an error too: an RDB
 * stream always knows how much it expects.
 *
 * Large transfers are cut into chunks of at most max_processing_chunk bytes
 * (0: no limit) so that the hook runs often enough for progress reports.
 *
 * File targets can flush and sync every N bytes written (rioSetAutoSync),
 * the rdb-save-incremental-fsync option: the kernel then writes a big
 * snapshot out gradually instead of all at once at the final fsync.
 *
 * This module knows nothing of the server: it includes sds.h and crc64.h
 * only. */
#ifndef RIO_H
#define RIO_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "sds.h"

#define RIO_FLAG_READ_ERROR (1 << 0)
#define RIO_FLAG_WRITE_ERROR (1 << 1)

typedef struct rio rio;

struct rio {
    /* Target operations: return the bytes moved (read/write must move all
     * or report 0), the current offset, or 1/0 for flush. */
    size_t (*read)(rio *r, void *buf, size_t len);
    size_t (*write)(rio *r, const void *buf, size_t len);
    off_t (*tell)(rio *r);
    int (*flush)(rio *r);
    /* Called with every chunk moved, before it is written or after it is
     * read.  NULL: nothing to do. */
    void (*update_cksum)(rio *r, const void *buf, size_t len);
    uint64_t cksum;           /* kept by rioGenericUpdateChecksum */
    int flags;                /* RIO_FLAG_* */
    size_t processed_bytes;   /* bytes read or written so far */
    size_t max_processing_chunk;
    void *privdata;           /* for the owner's hook */
    union {
        struct {              /* sds buffer: writes append, reads go on from pos */
            sds ptr;
            off_t pos;
        } buffer;
        struct {              /* stdio file */
            FILE *fp;
            off_t buffered;   /* bytes written since the last sync */
            off_t autosync;   /* sync every this many bytes, 0: never */
        } file;
        struct {              /* file descriptor, written through a buffer */
            int fd;
            off_t pos;
            sds buf;
        } fd;
    } io;
};

/* ---- Targets ------------------------------------------------------------ */

/* Over an sds: reads consume it from the start; writes append to it (the
 * rio owns the sds it appends to: take it back from r->io.buffer.ptr). */
void rioInitWithBuffer(rio *r, sds s);
void rioInitWithFile(rio *r, FILE *fp);
/* Write-only: bytes are buffered and written with write(2) on flush or
 * when the buffer fills.  rioFreeFd releases the buffer. */
void rioInitWithFd(rio *r, int fd);
void rioFreeFd(rio *r);

/* Flush and sync a file target every `bytes` bytes written (0: never). */
void rioSetAutoSync(rio *r, off_t bytes);

/* A hook that keeps r->cksum as the CRC64 of every byte moved. */
void rioGenericUpdateChecksum(rio *r, const void *buf, size_t len);

/* ---- Reading and writing ------------------------------------------------ */

static inline size_t rioWrite(rio *r, const void *buf, size_t len) {
    if (r->flags & RIO_FLAG_WRITE_ERROR) return 0;
    const char *p = buf;
    while (len) {
        size_t chunk = (r->max_processing_chunk && r->max_processing_chunk < len) ? r->max_processing_chunk : len;
        if (r->update_cksum) r->update_cksum(r, p, chunk);
        if (r->write(r, p, chunk) != chunk) {
            r->flags |= RIO_FLAG_WRITE_ERROR;
            return 0;
        }
        p += chunk;
        len -= chunk;
        r->processed_bytes += chunk;
    }
    return 1;
}

static inline size_t rioRead(rio *r, void *buf, size_t len) {
    if (r->flags & RIO_FLAG_READ_ERROR) return 0;
    char *p = buf;
    while (len) {
        size_t chunk = (r->max_processing_chunk && r->max_processing_chunk < len) ? r->max_processing_chunk : len;
        if (r->read(r, p, chunk) != chunk) {
            r->flags |= RIO_FLAG_READ_ERROR;
            return 0;
        }
        if (r->update_cksum) r->update_cksum(r, p, chunk);
        p += chunk;
        len -= chunk;
        r->processed_bytes += chunk;
    }
    return 1;
}

static inline off_t rioTell(rio *r) { return r->tell(r); }
static inline int rioFlush(rio *r) { return r->flush(r); }
static inline int rioGetReadError(const rio *r) { return (r->flags & RIO_FLAG_READ_ERROR) != 0; }
static inline int rioGetWriteError(const rio *r) { return (r->flags & RIO_FLAG_WRITE_ERROR) != 0; }
static inline void rioClearErrors(rio *r) { r->flags &= ~(RIO_FLAG_READ_ERROR | RIO_FLAG_WRITE_ERROR); }

#endif
