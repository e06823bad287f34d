/* rio.c - the targets behind rio.h: sds buffers, stdio files, descriptors.
 *
 * Each target is a handful of small functions plugged into the struct; the
 * generic parts (chunking, the checksum hook, byte counts, sticky errors)
 * are the inline rioRead/rioWrite of rio.h. */
#include "rio.h"
#include "crc64.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* ===========================================================================
 * sds buffer
 * ======================================================================== */

static size_t rioBufferWrite(rio *r, const void *buf, size_t len) {
    r->io.buffer.ptr = sdscatlen(r->io.buffer.ptr, buf, len);
    r->io.buffer.pos += len;
    return len;
}

static size_t rioBufferRead(rio *r, void *buf, size_t len) {
    size_t avail = sdslen(r->io.buffer.ptr) - (size_t)r->io.buffer.pos;
    if (avail < len) return 0;
    memcpy(buf, r->io.buffer.ptr + r->io.buffer.pos, len);
    r->io.buffer.pos += len;
    return len;
}

static off_t rioBufferTell(rio *r) { return r->io.buffer.pos; }
static int rioBufferFlush(rio *r) { return 1; }

void rioInitWithBuffer(rio *r, sds s) {
    memset(r, 0, sizeof(*r));
    r->read = rioBufferRead;
    r->write = rioBufferWrite;
    r->tell = rioBufferTell;
    r->flush = rioBufferFlush;
    r->io.buffer.ptr = s;
    r->io.buffer.pos = 0;
}

/* ===========================================================================
 * stdio file
 * ======================================================================== */

/* Ask the kernel to write out what it holds for the file.  On Linux,
 * sync_file_range starts the writeback without waiting for it, which is
 * all an incremental sync needs: the point is to avoid one huge burst of
 * dirty pages at the end, not to be durable at every step. */
static int rioSyncFile(int fd) {
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    return fsync(fd);
#endif
}

static size_t rioFileWrite(rio *r, const void *buf, size_t len) {
    size_t n = fwrite(buf, 1, len, r->io.file.fp);
    if (n != len) return 0;
    r->io.file.buffered += len;
    if (r->io.file.autosync && r->io.file.buffered >= r->io.file.autosync) {
        if (fflush(r->io.file.fp) != 0) return 0;
        if (rioSyncFile(fileno(r->io.file.fp)) == -1) return 0;
        r->io.file.buffered = 0;
    }
    return len;
}

static size_t rioFileRead(rio *r, void *buf, size_t len) { return fread(buf, 1, len, r->io.file.fp); }
static off_t rioFileTell(rio *r) { return ftello(r->io.file.fp); }
static int rioFileFlush(rio *r) { return fflush(r->io.file.fp) == 0; }

void rioInitWithFile(rio *r, FILE *fp) {
    memset(r, 0, sizeof(*r));
    r->read = rioFileRead;
    r->write = rioFileWrite;
    r->tell = rioFileTell;
    r->flush = rioFileFlush;
    r->io.file.fp = fp;
}

void rioSetAutoSync(rio *r, off_t bytes) {
    if (r->write != rioFileWrite) return;
    r->io.file.autosync = bytes;
}

/* ===========================================================================
 * File descriptor (write only)
 * ======================================================================== */

#define RIO_FD_BUFFER (64 * 1024)

/* Write the whole buffer, retrying short writes and EINTR. */
static int rioFdDrain(rio *r) {
    size_t len = sdslen(r->io.fd.buf), done = 0;
    while (done < len) {
        ssize_t n = write(r->io.fd.fd, r->io.fd.buf + done, len - done);
        if (n == -1) {
            if (errno == EINTR) continue;
            return 0;
        }
        if (n == 0) return 0;
        done += (size_t)n;
    }
    sdsclear(r->io.fd.buf);
    return 1;
}

static size_t rioFdWrite(rio *r, const void *buf, size_t len) {
    r->io.fd.buf = sdscatlen(r->io.fd.buf, buf, len);
    if (sdslen(r->io.fd.buf) >= RIO_FD_BUFFER && !rioFdDrain(r)) return 0;
    r->io.fd.pos += len;
    return len;
}

static size_t rioFdRead(rio *r, void *buf, size_t len) {
    (void)r, (void)buf, (void)len;
    return 0;
}

static off_t rioFdTell(rio *r) { return r->io.fd.pos; }
static int rioFdFlush(rio *r) { return rioFdDrain(r); }

void rioInitWithFd(rio *r, int fd) {
    memset(r, 0, sizeof(*r));
    r->read = rioFdRead;
    r->write = rioFdWrite;
    r->tell = rioFdTell;
    r->flush = rioFdFlush;
    r->io.fd.fd = fd;
    r->io.fd.buf = sdsempty();
}

void rioFreeFd(rio *r) {
    sdsfree(r->io.fd.buf);
    r->io.fd.buf = NULL;
}

/* ===========================================================================
 * Checksum hook
 * ======================================================================== */

void rioGenericUpdateChecksum(rio *r, const void *buf, size_t len) {
    r->cksum = crc64(r->cksum, buf, len);
}
