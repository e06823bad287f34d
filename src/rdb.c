/* rdb.c - RDB snapshots: the encoding of values, saving and loading files,
 * SAVE, BGSAVE and save points.
 *
 * The byte format is Redis 7.0's (RDB version 10), so files and DUMP
 * payloads travel both ways between Redis and this server.  Its pieces:
 *
 * Lengths.  The two top bits of the first byte say how long the length is:
 *     00xxxxxx                  6 bits
 *     01xxxxxx yyyyyyyy         14 bits, big-endian
 *     10000000 + 4 bytes        32 bits, big-endian
 *     10000001 + 8 bytes        64 bits, big-endian
 *     11xxxxxx                  not a length: a special string encoding
 *                               (xxxxxx: 0 int8, 1 int16, 2 int32, 3 LZF)
 *
 * Strings.  A length then the bytes; or an integer written as a 1, 2 or 4
 * byte little-endian number when the string is exactly the decimal form of
 * one (so "12" takes 2 bytes and "012" stays a string); or LZF: the
 * compressed length, the original length, the compressed bytes.  Strings
 * over 20 bytes are compressed when rdbcompression is on and compression
 * saves at least 4 bytes (liblzf is given an output buffer 4 bytes shorter
 * than the input and fails when the result does not fit).
 *
 * Numbers.  Expire times are 8 (milliseconds) or 4 (seconds, old files)
 * byte little-endian integers.  Sorted set scores are binary IEEE doubles,
 * little-endian (ZSET_2), or in old files a length byte and the decimal
 * text, with 253/254/255 meaning nan/+inf/-inf.
 *
 * Values.  The compact encodings are written as single strings holding the
 * in-memory blob (listpack, intset), which loading adopts after checking
 * it.  The others are written element by element:
 *     list      QUICKLIST_2: the node count, then per node its container
 *               (1 plain, 2 packed) and its data (the element, or the
 *               listpack); a compressed node goes out as its LZF bytes.
 *     set       SET (member count, members) or SET_INTSET (the blob)
 *     zset      ZSET_2 (count, then member and binary score, from the
 *               highest score down) or ZSET_LISTPACK
 *     hash      HASH (count, field and value pairs) or HASH_LISTPACK
 *     stream    STREAM_LISTPACKS_2: the node count, per node its 16-byte
 *               master ID and its listpack (both as strings); the length,
 *               last ID, first ID, greatest deleted ID, entries_added;
 *               the groups: name, last ID, entries_read, the PEL (raw
 *               16-byte IDs with delivery time and count), the consumers
 *               (name, seen time, their PEL as raw IDs).
 * Older encodings (zipmap, ziplists, string scores, the first quicklist
 * format, STREAM_LISTPACKS without the 7.0 counters) are read and
 * converted; they are never written.
 *
 * Loading decides encodings as Redis 7.0 does, which is visible through
 * OBJECT ENCODING: a listpack or intset that is now over the configured
 * entry limits is converted; a hash table set, hash or sorted set that
 * would fit the compact encoding is loaded compact.
 *
 * Errors.  A loader that meets bad input records why (rdbLoadFail) and
 * returns NULL / C_ERR up the chain; it never asserts on input.  The file
 * loader then logs the reason with the offset and the server exits, as
 * Redis does; RESTORE answers "Bad data format".  sanitize-dump-payload
 * decides whether listpacks and intsets are validated element by element
 * (deep) or just by their headers.  For streams, deep validation also
 * checks each node's entry structure and that IDs rise through the whole
 * stream; what a wrong value would break at once (a pending entry with no
 * owner, or with two, a duplicate node or group) is refused always. */
#include "rdb.h"
#include "functions.h"
#include "crc64.h"
#include "debug.h"
#include "evict.h"
#include "intset.h"
#include "listpack.h"
#include "quicklist.h"
#include "stream.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "t_zset.h"
#include "childinfo.h"

#include <fcntl.h>
#include <liblzf/lzf.h>
#include <math.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* Special string encodings (the low 6 bits of an 11xxxxxx length byte). */
#define RDB_6BITLEN 0
#define RDB_14BITLEN 1
#define RDB_32BITLEN 0x80
#define RDB_64BITLEN 0x81
#define RDB_ENCVAL 3

#define RDB_ENC_INT8 0
#define RDB_ENC_INT16 1
#define RDB_ENC_INT32 2
#define RDB_ENC_LZF 3

/* What rdbGenericLoadString hands back. */
#define RDB_LOAD_OBJ 0   /* a string object (integers kept as int encoded) */
#define RDB_LOAD_SDS 1   /* an sds */
#define RDB_LOAD_PLAIN 2 /* a zmalloc'ed buffer */

#define RDB_AUTOSYNC_BYTES (4 * 1024 * 1024)
#define RDB_BGSAVE_RETRY_DELAY 5 /* seconds between attempts after a failure */

/* Lengths above this are checked against the bytes left in the input
 * before anything is allocated for them, so that a corrupt length fails
 * cleanly instead of asking the allocator for terabytes. */
#define RDB_CHECKED_ALLOC (64 * 1024)

/* ===========================================================================
 * Load errors
 * ======================================================================== */

/* Why the last load failed: a description and the rdb.c line that found it. */
static char rdb_load_error[256];
static int rdb_load_error_line;

static void rdbLoadFailAt(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rdbLoadFailAt(int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rdb_load_error, sizeof(rdb_load_error), fmt, ap);
    va_end(ap);
    rdb_load_error_line = line;
}
#define rdbLoadFail(...) rdbLoadFailAt(__LINE__, __VA_ARGS__)

static void rdbLoadErrorReset(void) {
    rdb_load_error[0] = '\0';
    rdb_load_error_line = 0;
}

const char *rdbLoadErrorReason(int *line) {
    if (line) *line = rdb_load_error_line;
    return rdb_load_error;
}

void rdbLoadErrorClear(void) { rdbLoadErrorReset(); }

/* Bytes of input left, or SIZE_MAX when unknown.  Whoever sets up a rio
 * for loading points rdb->privdata at the input's total size (an off_t):
 * the file size for files, the payload length for RESTORE. */
static size_t rdbBytesLeft(rio *rdb) {
    if (rdb->privdata == NULL) return SIZE_MAX;
    off_t total = *(off_t *)rdb->privdata;
    return total > (off_t)rdb->processed_bytes ? (size_t)(total - (off_t)rdb->processed_bytes) : 0;
}

/* ===========================================================================
 * Low level: writing
 * ======================================================================== */

static inline int rdbWriteRaw(rio *rdb, const void *p, size_t len) {
    return rioWrite(rdb, p, len) ? (int)len : -1;
}

static int rdbSaveType(rio *rdb, unsigned char type) { return rdbWriteRaw(rdb, &type, 1); }

/* A length in 1, 2, 5 or 9 bytes; returns the bytes written or -1. */
static int rdbEncodeLen(unsigned char *buf, uint64_t len) {
    if (len < (1 << 6)) {
        buf[0] = (unsigned char)((RDB_6BITLEN << 6) | len);
        return 1;
    }
    if (len < (1 << 14)) {
        buf[0] = (unsigned char)((RDB_14BITLEN << 6) | (len >> 8));
        buf[1] = (unsigned char)(len & 0xff);
        return 2;
    }
    if (len <= UINT32_MAX) {
        buf[0] = RDB_32BITLEN;
        for (int j = 0; j < 4; j++) buf[1 + j] = (unsigned char)(len >> (24 - 8 * j));
        return 5;
    }
    buf[0] = RDB_64BITLEN;
    for (int j = 0; j < 8; j++) buf[1 + j] = (unsigned char)(len >> (56 - 8 * j));
    return 9;
}

static int rdbSaveLen(rio *rdb, uint64_t len) {
    unsigned char buf[9];
    return rdbWriteRaw(rdb, buf, rdbEncodeLen(buf, len));
}

static int rdbSaveMillisecondTime(rio *rdb, long long t) {
    unsigned char buf[8];
    for (int j = 0; j < 8; j++) buf[j] = (unsigned char)((unsigned long long)t >> (8 * j));
    return rdbWriteRaw(rdb, buf, 8);
}

/* The special integer encoding of v, if it fits 32 bits: its size, else 0. */
static int rdbEncodeInteger(long long v, unsigned char *enc) {
    int bytes;
    if (v >= INT8_MIN && v <= INT8_MAX) {
        enc[0] = (3 << 6) | RDB_ENC_INT8;
        bytes = 1;
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
        enc[0] = (3 << 6) | RDB_ENC_INT16;
        bytes = 2;
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        enc[0] = (3 << 6) | RDB_ENC_INT32;
        bytes = 4;
    } else {
        return 0;
    }
    for (int j = 0; j < bytes; j++) enc[1 + j] = (unsigned char)((unsigned long long)v >> (8 * j));
    return 1 + bytes;
}

/* The integer encoding of s[0..len) when it is exactly the decimal form
 * of a 32-bit integer ("-0", "01", "+1" are not). */
static int rdbTryIntegerEncoding(const char *s, size_t len, unsigned char *enc) {
    long long v;
    if (len == 0 || len > 11 || !string2ll(s, len, &v)) return 0;
    char buf[LONG_STR_SIZE];
    int blen = ll2string(buf, sizeof(buf), v);
    if ((size_t)blen != len || memcmp(buf, s, len) != 0) return 0;
    return rdbEncodeInteger(v, enc);
}

/* An LZF string from already compressed bytes. */
static ssize_t rdbSaveLzfBlob(rio *rdb, const void *data, size_t compress_len, size_t original_len) {
    unsigned char byte = (3 << 6) | RDB_ENC_LZF;
    ssize_t n, nwritten = 0;
    if ((n = rdbWriteRaw(rdb, &byte, 1)) == -1) return -1;
    nwritten += n;
    if ((n = rdbSaveLen(rdb, compress_len)) == -1) return -1;
    nwritten += n;
    if ((n = rdbSaveLen(rdb, original_len)) == -1) return -1;
    nwritten += n;
    if ((n = rdbWriteRaw(rdb, data, compress_len)) == -1) return -1;
    return nwritten + n;
}

/* Compress and write; 0 when compression does not pay (nothing written). */
static ssize_t rdbSaveLzfString(rio *rdb, const unsigned char *s, size_t len) {
    if (len <= 4) return 0;
    size_t outlen = len - 4;
    unsigned char stackbuf[4096];
    unsigned char *out = outlen <= sizeof(stackbuf) ? stackbuf : zmalloc(outlen);
    unsigned int comprlen = lzf_compress(s, (unsigned int)len, out, (unsigned int)outlen);
    ssize_t n = comprlen ? rdbSaveLzfBlob(rdb, out, comprlen, len) : 0;
    if (out != stackbuf) zfree(out);
    return n;
}

/* A string: integer encoded, compressed or plain, whichever applies. */
static ssize_t rdbSaveRawString(rio *rdb, const unsigned char *s, size_t len) {
    if (len <= 11) {
        unsigned char enc[5];
        int enclen = rdbTryIntegerEncoding((const char *)s, len, enc);
        if (enclen > 0) return rdbWriteRaw(rdb, enc, enclen);
    }
    if (server.rdb_compression && len > 20) {
        ssize_t n = rdbSaveLzfString(rdb, s, len);
        if (n == -1) return -1;
        if (n > 0) return n;
    }
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveLen(rdb, len)) == -1) return -1;
    nwritten += n;
    if (len > 0) {
        if (rdbWriteRaw(rdb, s, len) == -1) return -1;
        nwritten += len;
    }
    return nwritten;
}

static ssize_t rdbSaveLongLongAsString(rio *rdb, long long v) {
    unsigned char enc[5];
    int enclen = rdbEncodeInteger(v, enc);
    if (enclen > 0) return rdbWriteRaw(rdb, enc, enclen);
    char buf[LONG_STR_SIZE];
    int len = ll2string(buf, sizeof(buf), v);
    ssize_t n = rdbSaveLen(rdb, len);
    if (n == -1 || rdbWriteRaw(rdb, buf, len) == -1) return -1;
    return n + len;
}

static ssize_t rdbSaveStringObject(rio *rdb, robj *o) {
    if (o->encoding == OBJ_ENCODING_INT) return rdbSaveLongLongAsString(rdb, (long)(intptr_t)o->ptr);
    return rdbSaveRawString(rdb, o->ptr, sdslen(o->ptr));
}

static int rdbSaveBinaryDouble(rio *rdb, double v) {
    unsigned char buf[8];
    uint64_t bits;
    memcpy(&bits, &v, 8);
    for (int j = 0; j < 8; j++) buf[j] = (unsigned char)(bits >> (8 * j));
    return rdbWriteRaw(rdb, buf, 8);
}

/* An AUX field: opcode, key, value (integers go integer encoded). */
static ssize_t rdbSaveAuxField(rio *rdb, const char *key, const void *val, size_t vlen) {
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveType(rdb, RDB_OPCODE_AUX)) == -1) return -1;
    nwritten += n;
    if ((n = rdbSaveRawString(rdb, (const unsigned char *)key, strlen(key))) == -1) return -1;
    nwritten += n;
    if ((n = rdbSaveRawString(rdb, val, vlen)) == -1) return -1;
    return nwritten + n;
}

static ssize_t rdbSaveAuxFieldStrInt(rio *rdb, const char *key, long long v) {
    char buf[LONG_STR_SIZE];
    int len = ll2string(buf, sizeof(buf), v);
    return rdbSaveAuxField(rdb, key, buf, len);
}

/* ===========================================================================
 * Low level: reading
 * ======================================================================== */

int rdbLoadType(rio *rdb) {
    unsigned char type;
    if (!rioRead(rdb, &type, 1)) return -1;
    return type;
}

/* A length, or the special encoding when *isencoded is set.  C_ERR on a
 * short read. */
static int rdbLoadLenByRef(rio *rdb, int *isencoded, uint64_t *lenptr) {
    unsigned char buf[8];
    if (isencoded) *isencoded = 0;
    if (!rioRead(rdb, buf, 1)) return C_ERR;
    int type = (buf[0] & 0xc0) >> 6;
    if (type == RDB_ENCVAL) {
        if (isencoded) *isencoded = 1;
        *lenptr = buf[0] & 0x3f;
    } else if (type == RDB_6BITLEN) {
        *lenptr = buf[0] & 0x3f;
    } else if (type == RDB_14BITLEN) {
        unsigned char b0 = buf[0];
        if (!rioRead(rdb, buf, 1)) return C_ERR;
        *lenptr = ((uint64_t)(b0 & 0x3f) << 8) | buf[0];
    } else if (buf[0] == RDB_32BITLEN || buf[0] == RDB_64BITLEN) {
        int bytes = buf[0] == RDB_32BITLEN ? 4 : 8;
        if (!rioRead(rdb, buf, bytes)) return C_ERR;
        uint64_t v = 0;
        for (int j = 0; j < bytes; j++) v = (v << 8) | buf[j];
        *lenptr = v;
    } else {
        rdbLoadFail("Unknown length encoding %d in rdbLoadLen()", buf[0]);
        return C_ERR;
    }
    return C_OK;
}

uint64_t rdbLoadLen(rio *rdb, int *isencoded) {
    uint64_t len;
    if (rdbLoadLenByRef(rdb, isencoded, &len) == C_ERR) return RDB_LENERR;
    return len;
}

int rdbLoadMillisecondTime(rio *rdb, long long *t) {
    unsigned char buf[8];
    if (!rioRead(rdb, buf, 8)) return C_ERR;
    uint64_t v = 0;
    for (int j = 7; j >= 0; j--) v = (v << 8) | buf[j];
    *t = (long long)v;
    return C_OK;
}

int rdbLoadSecondsTime(rio *rdb, long long *t) {
    unsigned char buf[4];
    if (!rioRead(rdb, buf, 4)) return C_ERR;
    int32_t v = (int32_t)((uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24);
    *t = (long long)v * 1000;
    return C_OK;
}

static int rdbLoadBinaryDouble(rio *rdb, double *val) {
    unsigned char buf[8];
    if (!rioRead(rdb, buf, 8)) return C_ERR;
    uint64_t bits = 0;
    for (int j = 7; j >= 0; j--) bits = (bits << 8) | buf[j];
    memcpy(val, &bits, 8);
    return C_OK;
}

/* The old textual score: a length byte, or 253/254/255 for nan/+inf/-inf. */
static int rdbLoadDoubleValue(rio *rdb, double *val) {
    unsigned char len;
    char buf[256];
    if (!rioRead(rdb, &len, 1)) return C_ERR;
    switch (len) {
    case 255: *val = -INFINITY; return C_OK;
    case 254: *val = INFINITY; return C_OK;
    case 253: *val = NAN; return C_OK;
    default:
        if (!rioRead(rdb, buf, len)) return C_ERR;
        buf[len] = '\0';
        if (sscanf(buf, "%lg", val) != 1) {
            rdbLoadFail("Invalid double value");
            return C_ERR;
        }
        return C_OK;
    }
}

/* A new buffer of the requested form with `len` bytes from `src`. */
static void *rdbMakeString(int flags, const void *src, size_t len) {
    if (flags == RDB_LOAD_PLAIN) {
        void *p = zmalloc(len ? len : 1);
        if (len) memcpy(p, src, len);
        return p;
    }
    if (flags == RDB_LOAD_SDS) return sdsnewlen(src, len);
    return createStringObject(src, len);
}

/* Room for `len` bytes to be read into; NULL if the input cannot hold
 * that many. */
static void *rdbAllocString(rio *rdb, int flags, size_t len, char **dst) {
    if (len > RDB_CHECKED_ALLOC && len > rdbBytesLeft(rdb)) {
        rdbLoadFail("String length %zu exceeds the bytes left in the input", len);
        return NULL;
    }
    if (flags == RDB_LOAD_PLAIN) {
        *dst = zmalloc(len ? len : 1);
        return *dst;
    }
    sds s = sdsnewlen(SDS_NOINIT, len);
    *dst = s;
    if (flags == RDB_LOAD_SDS) return s;
    return createObject(OBJ_STRING, s);
}

static void rdbFreeString(int flags, void *p) {
    if (flags == RDB_LOAD_PLAIN) zfree(p);
    else if (flags == RDB_LOAD_SDS) sdsfree(p);
    else decrRefCount(p);
}

static void *rdbLoadIntegerString(rio *rdb, int enctype, int flags, size_t *lenptr) {
    unsigned char buf[4];
    long long v;
    if (enctype == RDB_ENC_INT8) {
        if (!rioRead(rdb, buf, 1)) return NULL;
        v = (int8_t)buf[0];
    } else if (enctype == RDB_ENC_INT16) {
        if (!rioRead(rdb, buf, 2)) return NULL;
        v = (int16_t)(buf[0] | buf[1] << 8);
    } else {
        if (!rioRead(rdb, buf, 4)) return NULL;
        v = (int32_t)((uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24);
    }
    if (flags == RDB_LOAD_OBJ) return createStringObjectFromLongLongForValue(v);
    char num[LONG_STR_SIZE];
    int len = ll2string(num, sizeof(num), v);
    if (lenptr) *lenptr = len;
    return rdbMakeString(flags, num, len);
}

static void *rdbLoadLzfString(rio *rdb, int flags, size_t *lenptr) {
    uint64_t clen, len;
    if ((clen = rdbLoadLen(rdb, NULL)) == RDB_LENERR) return NULL;
    if ((len = rdbLoadLen(rdb, NULL)) == RDB_LENERR) return NULL;
    if (clen > RDB_CHECKED_ALLOC && clen > rdbBytesLeft(rdb)) {
        rdbLoadFail("LZF length %llu exceeds the bytes left in the input", (unsigned long long)clen);
        return NULL;
    }
    /* Compression never grows data more than liblzf's bound allows: an
     * original length far beyond that is corrupt. */
    if (len > clen * 256 + 1024 || len > (uint64_t)SIZE_MAX / 2) {
        rdbLoadFail("Invalid LZF compressed string");
        return NULL;
    }
    unsigned char *c = zmalloc(clen ? clen : 1);
    if (!rioRead(rdb, c, clen)) {
        zfree(c);
        return NULL;
    }
    char *dst;
    void *val = rdbAllocString(rdb, flags, len, &dst);
    if (val == NULL) {
        zfree(c);
        return NULL;
    }
    if (len == 0 || lzf_decompress(c, (unsigned int)clen, dst, (unsigned int)len) != len) {
        rdbLoadFail("Invalid LZF compressed string");
        zfree(c);
        rdbFreeString(flags, val);
        return NULL;
    }
    zfree(c);
    if (lenptr) *lenptr = len;
    return val;
}

/* Read a string in any of its encodings, as an object, an sds or a plain
 * buffer (with its length in *lenptr).  NULL on error. */
static void *rdbGenericLoadString(rio *rdb, int flags, size_t *lenptr) {
    int isencoded;
    uint64_t len;
    if (rdbLoadLenByRef(rdb, &isencoded, &len) == C_ERR) return NULL;
    if (isencoded) {
        switch (len) {
        case RDB_ENC_INT8:
        case RDB_ENC_INT16:
        case RDB_ENC_INT32: return rdbLoadIntegerString(rdb, (int)len, flags, lenptr);
        case RDB_ENC_LZF: return rdbLoadLzfString(rdb, flags, lenptr);
        default: rdbLoadFail("Unknown RDB string encoding type %llu", (unsigned long long)len); return NULL;
        }
    }
    char *dst;
    void *val = rdbAllocString(rdb, flags, len, &dst);
    if (val == NULL) return NULL;
    if (len && !rioRead(rdb, dst, len)) {
        rdbFreeString(flags, val);
        return NULL;
    }
    if (lenptr) *lenptr = len;
    return val;
}

sds rdbLoadSds(rio *rdb) { return rdbGenericLoadString(rdb, RDB_LOAD_SDS, NULL); }

/* ===========================================================================
 * Saving values
 * ======================================================================== */

int rdbSaveObjectType(rio *rdb, robj *o) {
    int type = -1;
    switch (o->type) {
    case OBJ_STRING: type = RDB_TYPE_STRING; break;
    case OBJ_LIST:
        if (o->encoding == OBJ_ENCODING_QUICKLIST) type = RDB_TYPE_LIST_QUICKLIST_2;
        break;
    case OBJ_SET:
        if (o->encoding == OBJ_ENCODING_INTSET) type = RDB_TYPE_SET_INTSET;
        else if (o->encoding == OBJ_ENCODING_HT) type = RDB_TYPE_SET;
        break;
    case OBJ_ZSET:
        if (o->encoding == OBJ_ENCODING_LISTPACK) type = RDB_TYPE_ZSET_LISTPACK;
        else if (o->encoding == OBJ_ENCODING_SKIPLIST) type = RDB_TYPE_ZSET_2;
        break;
    case OBJ_HASH:
        if (o->encoding == OBJ_ENCODING_LISTPACK) type = RDB_TYPE_HASH_LISTPACK;
        else if (o->encoding == OBJ_ENCODING_HT) type = RDB_TYPE_HASH;
        break;
    case OBJ_STREAM: type = RDB_TYPE_STREAM_LISTPACKS_2; break;
    default: break;
    }
    if (type == -1) {
        /* Never write a file that silently lacks a key. */
        serverLog(LL_WARNING, "Can't save a value of type %d (encoding %d)", o->type, o->encoding);
        return -1;
    }
    return rdbSaveType(rdb, (unsigned char)type);
}

static ssize_t rdbSaveQuicklist(rio *rdb, quicklist *ql) {
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveLen(rdb, ql->len)) == -1) return -1;
    nwritten += n;
    for (quicklistNode *node = ql->head; node; node = node->next) {
        if ((n = rdbSaveLen(rdb, node->container)) == -1) return -1;
        nwritten += n;
        if (quicklistNodeIsCompressed(node)) {
            void *data;
            size_t clen = quicklistGetLzf(node, &data);
            n = rdbSaveLzfBlob(rdb, data, clen, node->sz);
        } else {
            n = rdbSaveRawString(rdb, node->entry, node->sz);
        }
        if (n == -1) return -1;
        nwritten += n;
    }
    return nwritten;
}

static ssize_t rdbSaveSetTable(rio *rdb, robj *o) {
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveLen(rdb, setTypeSize(o))) == -1) return -1;
    nwritten += n;
    setTypeIterator *si = setTypeInitIterator(o);
    char *str;
    size_t len;
    int64_t v;
    while (setTypeNext(si, &str, &len, &v)) {
        n = str ? rdbSaveRawString(rdb, (unsigned char *)str, len) : rdbSaveLongLongAsString(rdb, v);
        if (n == -1) {
            setTypeReleaseIterator(si);
            return -1;
        }
        nwritten += n;
    }
    setTypeReleaseIterator(si);
    return nwritten;
}

/* Members from the highest score down: loading then inserts each new
 * member at the head of the skiplist, its cheapest spot. */
static ssize_t rdbSaveZsetSkiplist(rio *rdb, robj *o) {
    zset *zs = o->ptr;
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveLen(rdb, zs->zsl->length)) == -1) return -1;
    nwritten += n;
    for (zskiplistNode *node = zs->zsl->tail; node; node = zslNodePrev(node)) {
        sds ele = zslNodeElement(node);
        if ((n = rdbSaveRawString(rdb, (unsigned char *)ele, sdslen(ele))) == -1) return -1;
        nwritten += n;
        if (rdbSaveBinaryDouble(rdb, zslNodeScore(node)) == -1) return -1;
        nwritten += 8;
    }
    return nwritten;
}

/* One field or value from the hash iterator. */
static ssize_t rdbSaveHashItem(rio *rdb, const char *str, size_t len, long long ll) {
    return str ? rdbSaveRawString(rdb, (const unsigned char *)str, len) : rdbSaveLongLongAsString(rdb, ll);
}

static ssize_t rdbSaveHashTable(rio *rdb, robj *o) {
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveLen(rdb, hashTypeLength(o))) == -1) return -1;
    nwritten += n;
    hashTypeIterator *hi = hashTypeInitIterator(o);
    while (hashTypeNext(hi)) {
        const char *str;
        size_t len;
        long long ll;
        hashTypeCurrentField(hi, &str, &len, &ll);
        if ((n = rdbSaveHashItem(rdb, str, len, ll)) == -1) break;
        nwritten += n;
        hashTypeCurrentValue(hi, &str, &len, &ll);
        if ((n = rdbSaveHashItem(rdb, str, len, ll)) == -1) break;
        nwritten += n;
    }
    hashTypeReleaseIterator(hi);
    return n == -1 ? -1 : nwritten;
}

/* A stream's PEL: the count, then per entry the raw 16-byte ID (not a
 * string), and for a group's own PEL the NACK's delivery time and count.
 * Consumers' PELs only list IDs: their NACKs are the group's. */
static ssize_t rdbSaveStreamPEL(rio *rdb, rax *pel, int with_nacks) {
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveLen(rdb, raxSize(pel))) == -1) return -1;
    nwritten += n;
    raxIterator ri;
    raxStart(&ri, pel);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        if ((n = rdbWriteRaw(rdb, ri.key, sizeof(streamID))) == -1) break;
        nwritten += n;
        if (!with_nacks) continue;
        streamNACK *na = ri.data;
        if ((n = rdbSaveMillisecondTime(rdb, na->delivery_time)) == -1) break;
        nwritten += n;
        if ((n = rdbSaveLen(rdb, na->delivery_count)) == -1) break;
        nwritten += n;
    }
    raxStop(&ri);
    return n == -1 ? -1 : nwritten;
}

static ssize_t rdbSaveStreamConsumers(rio *rdb, streamCG *cg) {
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveLen(rdb, raxSize(cg->consumers))) == -1) return -1;
    nwritten += n;
    raxIterator ri;
    raxStart(&ri, cg->consumers);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        streamConsumer *consumer = ri.data;
        if ((n = rdbSaveRawString(rdb, ri.key, ri.key_len)) == -1) break;
        nwritten += n;
        if ((n = rdbSaveMillisecondTime(rdb, consumer->seen_time)) == -1) break;
        nwritten += n;
        if ((n = rdbSaveStreamPEL(rdb, consumer->pel, 0)) == -1) break;
        nwritten += n;
    }
    raxStop(&ri);
    return n == -1 ? -1 : nwritten;
}

/* Lengths in a row (the IDs and counters of the stream header). */
static ssize_t rdbSaveLens(rio *rdb, const uint64_t *v, int count) {
    ssize_t n, nwritten = 0;
    for (int j = 0; j < count; j++) {
        if ((n = rdbSaveLen(rdb, v[j])) == -1) return -1;
        nwritten += n;
    }
    return nwritten;
}

/* STREAM_LISTPACKS_2: the nodes (16-byte master ID as a string, then the
 * listpack as a string, which may be LZF compressed), the length, the
 * last, first and greatest deleted IDs, entries_added, then the groups:
 * name, last ID, entries_read (-1 goes out as a 64-bit 2^64-1), the PEL
 * with NACKs, and the consumers (name, seen time, PEL of IDs). */
static ssize_t rdbSaveStream(rio *rdb, stream *s) {
    ssize_t n, nwritten = 0;
    if ((n = rdbSaveLen(rdb, raxSize(s->rax))) == -1) return -1;
    nwritten += n;
    raxIterator ri;
    raxStart(&ri, s->rax);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        unsigned char *lp = ri.data;
        if ((n = rdbSaveRawString(rdb, ri.key, ri.key_len)) == -1) break;
        nwritten += n;
        if ((n = rdbSaveRawString(rdb, lp, lpBytes(lp))) == -1) break;
        nwritten += n;
    }
    raxStop(&ri);
    if (n == -1) return -1;

    uint64_t header[] = {s->length,
                         s->last_id.ms,
                         s->last_id.seq,
                         s->first_id.ms,
                         s->first_id.seq,
                         s->max_deleted_entry_id.ms,
                         s->max_deleted_entry_id.seq,
                         s->entries_added,
                         s->cgroups ? raxSize(s->cgroups) : 0};
    if ((n = rdbSaveLens(rdb, header, 9)) == -1) return -1;
    nwritten += n;
    if (s->cgroups == NULL) return nwritten;

    raxStart(&ri, s->cgroups);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        streamCG *cg = ri.data;
        uint64_t ids[] = {cg->last_id.ms, cg->last_id.seq, (uint64_t)cg->entries_read};
        if ((n = rdbSaveRawString(rdb, ri.key, ri.key_len)) == -1) break;
        nwritten += n;
        if ((n = rdbSaveLens(rdb, ids, 3)) == -1) break;
        nwritten += n;
        if ((n = rdbSaveStreamPEL(rdb, cg->pel, 1)) == -1) break;
        nwritten += n;
        if ((n = rdbSaveStreamConsumers(rdb, cg)) == -1) break;
        nwritten += n;
    }
    raxStop(&ri);
    return n == -1 ? -1 : nwritten;
}

/* The value only (not its type byte); bytes written or -1. */
ssize_t rdbSaveObject(rio *rdb, robj *o) {
    switch (o->type) {
    case OBJ_STRING: return rdbSaveStringObject(rdb, o);
    case OBJ_LIST: return rdbSaveQuicklist(rdb, o->ptr);
    case OBJ_SET:
        if (o->encoding == OBJ_ENCODING_INTSET) return rdbSaveRawString(rdb, o->ptr, intsetBlobLen(o->ptr));
        return rdbSaveSetTable(rdb, o);
    case OBJ_ZSET:
        if (o->encoding == OBJ_ENCODING_LISTPACK) return rdbSaveRawString(rdb, o->ptr, lpBytes(o->ptr));
        return rdbSaveZsetSkiplist(rdb, o);
    case OBJ_HASH:
        if (o->encoding == OBJ_ENCODING_LISTPACK) return rdbSaveRawString(rdb, o->ptr, lpBytes(o->ptr));
        return rdbSaveHashTable(rdb, o);
    case OBJ_STREAM: return rdbSaveStream(rdb, o->ptr);
    default: return -1;
    }
}

/* A rio that only counts, for rdbSavedObjectLen. */
static size_t rdbCountingWrite(rio *r, const void *buf, size_t len) {
    (void)r, (void)buf;
    return len;
}
static off_t rdbCountingTell(rio *r) { return (off_t)r->processed_bytes; }
static int rdbCountingFlush(rio *r) { return 1; }

size_t rdbSavedObjectLen(robj *o) {
    rio r;
    memset(&r, 0, sizeof(r));
    r.write = rdbCountingWrite;
    r.tell = rdbCountingTell;
    r.flush = rdbCountingFlush;
    ssize_t n = rdbSaveObject(&r, o);
    return n < 0 ? 0 : (size_t)n;
}

/* rdb-key-save-delay / key-load-delay: microseconds to wait per key; a
 * negative value -n waits 1 microsecond once every n keys on average, for
 * tests that need slow but not too slow. */
static void rdbDebugDelay(int usec) {
    if (usec > 0) {
        usleep((useconds_t)usec);
    } else if (usec < 0) {
        if (rand() % -usec == 0) usleep(1);
    }
}

static int rdbSaveKeyValuePair(rio *rdb, sds key, robj *val, long long expiretime) {
    if (expiretime != -1) {
        if (rdbSaveType(rdb, RDB_OPCODE_EXPIRETIME_MS) == -1) return -1;
        if (rdbSaveMillisecondTime(rdb, expiretime) == -1) return -1;
    }
    /* The access clock travels with the key when the eviction policy
     * uses it: idle seconds for LRU, the counter for LFU. */
    if (server.maxmemory_policy & MAXMEMORY_FLAG_LRU) {
        if (rdbSaveType(rdb, RDB_OPCODE_IDLE) == -1) return -1;
        if (rdbSaveLen(rdb, estimateObjectIdleTime(val) / 1000) == -1) return -1;
    } else if (server.maxmemory_policy & MAXMEMORY_FLAG_LFU) {
        unsigned char freq = (unsigned char)LFUDecrAndReturn(val);
        if (rdbSaveType(rdb, RDB_OPCODE_FREQ) == -1) return -1;
        if (rdbWriteRaw(rdb, &freq, 1) == -1) return -1;
    }
    if (rdbSaveObjectType(rdb, val) == -1) return -1;
    if (rdbSaveRawString(rdb, (unsigned char *)key, sdslen(key)) == -1) return -1;
    if (rdbSaveObject(rdb, val) == -1) return -1;
    if (server.rdb_key_save_delay) rdbDebugDelay(server.rdb_key_save_delay);
    return 1;
}

/* ===========================================================================
 * Old compact encodings: read-only decoders for ziplists and zipmaps
 * ======================================================================== */

/* A ziplist (Redis up to 6.2) is
 *     zlbytes u32 | zltail u32 | zllen u16 | entries... | 0xff
 * (little-endian), each entry being
 *     prevlen (1 byte, or 0xfe + 4 bytes) | encoding | data
 * where the encoding is a string length (00pppppp, 01pppppp qqqqqqqq,
 * 10000000 + 4 bytes big-endian) or an integer type (0xc0 int16, 0xd0
 * int32, 0xe0 int64, 0xf0 int24, 0xfe int8, 0xf1..0xfd the values 0..12
 * themselves).  The reader checks every field against the buffer's end. */
typedef struct {
    const unsigned char *p, *end; /* next entry; end points at the 0xff */
    unsigned long count;
} ziplistReader;

static int ziplistReaderInit(ziplistReader *r, const unsigned char *zl, size_t size) {
    if (size < 11) return 0;
    uint32_t zlbytes = (uint32_t)zl[0] | (uint32_t)zl[1] << 8 | (uint32_t)zl[2] << 16 | (uint32_t)zl[3] << 24;
    if (zlbytes != size || zl[size - 1] != 0xff) return 0;
    r->p = zl + 10;
    r->end = zl + size - 1;
    r->count = 0;
    return 1;
}

/* The next entry: 1 with a string (*str, *len) or an integer (*str NULL,
 * *ll); 0 at the end; -1 if the ziplist is malformed. */
static int ziplistReaderNext(ziplistReader *r, const unsigned char **str, unsigned int *len, long long *ll) {
    const unsigned char *p = r->p, *end = r->end;
    if (p == end) return 0;
    size_t avail = (size_t)(end - p);
    size_t h = p[0] < 254 ? 1 : 5;
    if (p[0] == 255 || avail < h + 1) return -1;
    unsigned char e = p[h];
    size_t hdr, datalen;
    *str = NULL;
    switch (e >> 6) {
    case 0: hdr = 1, datalen = e & 0x3f; break;
    case 1:
        if (avail < h + 2) return -1;
        hdr = 2, datalen = ((size_t)(e & 0x3f) << 8) | p[h + 1];
        break;
    case 2:
        if (e != 0x80 || avail < h + 5) return -1;
        hdr = 5;
        datalen = (size_t)p[h + 1] << 24 | (size_t)p[h + 2] << 16 | (size_t)p[h + 3] << 8 | p[h + 4];
        break;
    default:
        hdr = 1;
        if (e == 0xc0) datalen = 2;
        else if (e == 0xd0) datalen = 4;
        else if (e == 0xe0) datalen = 8;
        else if (e == 0xf0) datalen = 3;
        else if (e == 0xfe) datalen = 1;
        else if (e >= 0xf1 && e <= 0xfd) datalen = 0;
        else return -1;
        break;
    }
    if (avail - h - hdr < datalen) return -1;
    const unsigned char *d = p + h + hdr;
    if ((e >> 6) != 3) {
        *str = d;
        *len = (unsigned int)datalen;
    } else if (datalen == 0) {
        *ll = (e & 0x0f) - 1;
    } else {
        uint64_t v = 0;
        for (size_t j = datalen; j > 0; j--) v = (v << 8) | d[j - 1];
        /* Sign-extend from datalen bytes. */
        int shift = (int)(64 - 8 * datalen);
        *ll = shift ? (long long)(v << shift) >> shift : (long long)v;
    }
    r->p = d + datalen;
    r->count++;
    return 1;
}

/* A zipmap (hashes of Redis 2.4 and older) is
 *     zmlen u8 | (keylen key vallen free value pad[free])... | 0xff
 * lengths being one byte under 254, or 254 followed by 4 bytes LE. */
typedef struct {
    const unsigned char *p, *end;
} zipmapReader;

static int zipmapLen(zipmapReader *r, size_t *len) {
    if (r->p >= r->end) return 0;
    if (*r->p < 254) {
        *len = *r->p++;
        return 1;
    }
    if (*r->p == 255 || r->end - r->p < 5) return 0;
    *len = (size_t)r->p[1] | (size_t)r->p[2] << 8 | (size_t)r->p[3] << 16 | (size_t)r->p[4] << 24;
    r->p += 5;
    return 1;
}

/* The next pair: 1, 0 at the end, -1 if malformed. */
static int zipmapReaderNext(zipmapReader *r, const unsigned char **k, size_t *klen, const unsigned char **v,
                            size_t *vlen) {
    if (r->p >= r->end) return -1;
    if (*r->p == 255) return r->p + 1 == r->end ? 0 : -1;
    if (!zipmapLen(r, klen) || (size_t)(r->end - r->p) < *klen) return -1;
    *k = r->p;
    r->p += *klen;
    if (!zipmapLen(r, vlen) || r->p >= r->end) return -1;
    size_t free = *r->p++;
    if ((size_t)(r->end - r->p) < *vlen + free) return -1;
    *v = r->p;
    r->p += *vlen + free;
    return 1;
}

/* ===========================================================================
 * Loading values
 * ======================================================================== */

static int fieldCompare(const void *a, const void *b) {
    sds x = *(const sds *)a, y = *(const sds *)b;
    return sdscmp(x, y);
}

/* Deep check of a listpack of pairs (hash field/value, zset member/score):
 * well formed, an even count, no repeated field; for zsets every score a
 * number that is not NaN.  Integers compare by their decimal form, as
 * lookups do. */
static int lpValidatePairs(unsigned char *lp, size_t size, int zset) {
    if (!lpValidateIntegrity(lp, size, 1, NULL, NULL)) return 0;
    unsigned long count = lpLength(lp);
    if (count % 2) return 0;
    sds *fields = zmalloc(sizeof(sds) * (count / 2 + 1));
    unsigned long n = 0;
    int ok = 1;
    unsigned char buf[LP_INTBUF_SIZE];
    for (unsigned char *p = lpFirst(lp); p; p = lpNext(lp, p)) {
        int64_t len;
        unsigned char *s = lpGet(p, &len, buf);
        fields[n++] = sdsnewlen(s, (size_t)len);
        p = lpNext(lp, p);
        if (zset) {
            s = lpGet(p, &len, buf);
            char num[128];
            double score;
            if (len <= 0 || (size_t)len >= sizeof(num)) {
                ok = 0;
                break;
            }
            memcpy(num, s, (size_t)len);
            num[len] = '\0';
            char *eptr;
            score = strtod(num, &eptr);
            if (*eptr != '\0' || isnan(score)) {
                ok = 0;
                break;
            }
        }
    }
    if (ok && n > 1) {
        qsort(fields, n, sizeof(sds), fieldCompare);
        for (unsigned long j = 1; j < n && ok; j++)
            if (sdscmp(fields[j - 1], fields[j]) == 0) ok = 0;
    }
    for (unsigned long j = 0; j < n; j++) sdsfree(fields[j]);
    zfree(fields);
    return ok;
}

/* A hash table hash rebuilt from a listpack of pairs through the hash API,
 * which applies the configured limits (and so converts as Redis would). */
static robj *hashFromPairs(unsigned char *lp) {
    robj *o = createHashObject();
    unsigned char fbuf[LP_INTBUF_SIZE], vbuf[LP_INTBUF_SIZE];
    for (unsigned char *p = lpFirst(lp); p; p = lpNext(lp, p)) {
        int64_t flen, vlen;
        unsigned char *f = lpGet(p, &flen, fbuf);
        p = lpNext(lp, p);
        unsigned char *v = lpGet(p, &vlen, vbuf);
        if (hashTypeSetBuf(o, (char *)f, flen, (char *)v, vlen)) {
            decrRefCount(o);
            return NULL;
        }
    }
    return o;
}

/* Cap for presizing from a length read in the input: never more elements
 * than there are bytes left. */
static size_t rdbSizeHint(rio *rdb, uint64_t len) {
    size_t left = rdbBytesLeft(rdb);
    return len > left ? left : (size_t)len;
}

static robj *rdbLoadListQuicklist2(rio *rdb, uint64_t len, int deep) {
    robj *o = createQuicklistObject();
    quicklist *ql = o->ptr;
    while (len--) {
        uint64_t container = rdbLoadLen(rdb, NULL);
        if (container == RDB_LENERR) goto err;
        if (container != QUICKLIST_NODE_CONTAINER_PLAIN && container != QUICKLIST_NODE_CONTAINER_PACKED) {
            rdbLoadFail("Quicklist integrity check failed.");
            goto err;
        }
        size_t size;
        unsigned char *data = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &size);
        if (data == NULL) goto err;
        if (container == QUICKLIST_NODE_CONTAINER_PLAIN) {
            quicklistAppendPlainNode(ql, data, size);
            continue;
        }
        if (!lpValidateIntegrity(data, size, deep, NULL, NULL)) {
            rdbLoadFail("Listpack integrity check failed.");
            zfree(data);
            goto err;
        }
        unsigned long count = lpLength(data);
        if (count == 0) {
            /* An empty node is dropped; an empty list is refused below. */
            zfree(data);
            continue;
        }
        if (count > UINT16_MAX) {
            rdbLoadFail("Quicklist node with %lu elements", count);
            zfree(data);
            goto err;
        }
        quicklistAppendListpack(ql, data);
    }
    return o;
err:
    decrRefCount(o);
    return NULL;
}

/* The first quicklist format (RDB 7 to 9): nodes are ziplists. */
static robj *rdbLoadListQuicklist1(rio *rdb, uint64_t len) {
    robj *o = createQuicklistObject();
    while (len--) {
        size_t size;
        unsigned char *zl = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &size);
        if (zl == NULL) goto err;
        ziplistReader r;
        const unsigned char *str;
        unsigned int slen;
        long long ll;
        int ret = ziplistReaderInit(&r, zl, size) ? 1 : -1;
        while (ret == 1 && (ret = ziplistReaderNext(&r, &str, &slen, &ll)) == 1) {
            char num[LONG_STR_SIZE];
            if (str == NULL) slen = ll2string(num, sizeof(num), ll), str = (unsigned char *)num;
            quicklistPushTail(o->ptr, (void *)str, slen);
        }
        zfree(zl);
        if (ret == -1) {
            rdbLoadFail("Ziplist integrity check failed.");
            goto err;
        }
    }
    return o;
err:
    decrRefCount(o);
    return NULL;
}

static robj *rdbLoadSet(rio *rdb, uint64_t len) {
    robj *o = len <= (uint64_t)server.set_max_intset_entries ? createIntsetObject() : createSetObject();
    while (len--) {
        sds member = rdbLoadSds(rdb);
        if (member == NULL) goto err;
        int added = setTypeAdd(o, member);
        sdsfree(member);
        if (!added) {
            rdbLoadFail("Duplicate set members detected");
            goto err;
        }
    }
    return o;
err:
    decrRefCount(o);
    return NULL;
}

static robj *rdbLoadSetIntset(rio *rdb, int deep, int *emptykey) {
    size_t size;
    unsigned char *blob = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &size);
    if (blob == NULL) return NULL;
    if (!intsetValidateIntegrity(blob, size, deep)) {
        /* A well formed header counting no element is an empty set. */
        if (size == 8 && blob[4] == 0 && blob[5] == 0 && blob[6] == 0 && blob[7] == 0) *emptykey = 1;
        else rdbLoadFail("Intset integrity check failed.");
        zfree(blob);
        return NULL;
    }
    robj *o = createObject(OBJ_SET, blob);
    o->encoding = OBJ_ENCODING_INTSET;
    if (intsetLen((intset *)blob) > (uint64_t)server.set_max_intset_entries) setTypeConvert(o, OBJ_ENCODING_HT);
    return o;
}

/* ZSET (textual scores) and ZSET_2 (binary scores). */
static robj *rdbLoadZset(rio *rdb, int type, uint64_t len) {
    robj *o = zsetTypeCreate(rdbSizeHint(rdb, len), SIZE_MAX);
    size_t maxelelen = 0, totelelen = 0;
    while (len--) {
        sds ele = rdbLoadSds(rdb);
        if (ele == NULL) goto err;
        double score;
        int ok = type == RDB_TYPE_ZSET_2 ? rdbLoadBinaryDouble(rdb, &score) : rdbLoadDoubleValue(rdb, &score);
        if (ok == C_ERR) {
            sdsfree(ele);
            goto err;
        }
        if (isnan(score)) {
            rdbLoadFail("Zset with NAN score detected");
            sdsfree(ele);
            goto err;
        }
        int out = 0;
        zsetAdd(o, score, ele, ZADD_IN_NX, &out, NULL);
        size_t elelen = sdslen(ele);
        sdsfree(ele);
        if (!(out & ZADD_OUT_ADDED)) {
            rdbLoadFail("Duplicate zset fields detected");
            goto err;
        }
        if (elelen > maxelelen) maxelelen = elelen;
        totelelen += elelen;
    }
    /* Converted after loading: the input need not be in score order. */
    zsetConvertToListpackIfNeeded(o, maxelelen, totelelen);
    return o;
err:
    decrRefCount(o);
    return NULL;
}

/* A listpack of member/score pairs (ZSET_LISTPACK, or converted from a
 * ziplist), adopted as is or converted when over the entry limit. */
/* What a listpack of pairs (hash, sorted set) must pass before it is
 * adopted: integrity (deep: the pairs themselves, unique fields and, for a
 * sorted set, valid scores), some elements, an even count.  Returns the
 * element count; 0 when lp is rejected or empty (*emptykey set), and then
 * lp is freed. */
static unsigned long rdbCheckPairsListpack(unsigned char *lp, size_t size, int deep, int zset, int *emptykey) {
    const char *failed = zset ? "Zset listpack integrity check failed." : "Hash listpack integrity check failed.";
    unsigned long count = 0;
    if (deep ? !lpValidatePairs(lp, size, zset) : !lpValidateIntegrity(lp, size, 0, NULL, NULL)) {
        rdbLoadFail("%s", failed);
    } else if ((count = lpLength(lp)) == 0) {
        *emptykey = 1;
    } else if (count % 2) {
        rdbLoadFail("%s", failed);
        count = 0;
    }
    if (count == 0) lpFree(lp);
    return count;
}

static robj *rdbZsetFromListpack(unsigned char *lp, size_t size, int deep, int *emptykey) {
    unsigned long count = rdbCheckPairsListpack(lp, size, deep, 1, emptykey);
    if (count == 0) return NULL;
    robj *o = createObject(OBJ_ZSET, lp);
    o->encoding = OBJ_ENCODING_LISTPACK;
    if (count / 2 > (unsigned long)server.zset_max_listpack_entries) {
        /* The skiplist's invariants (unique members, no NaN) must hold
         * before converting, whatever sanitize-dump-payload says. */
        if (!deep && !lpValidatePairs(lp, size, 1)) {
            rdbLoadFail("Zset listpack integrity check failed.");
            decrRefCount(o);
            return NULL;
        }
        zsetConvert(o, OBJ_ENCODING_SKIPLIST);
    }
    return o;
}

static robj *rdbLoadHash(rio *rdb, uint64_t len) {
    robj *o = createHashObject();
    while (len--) {
        size_t flen, vlen;
        char *field = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &flen);
        if (field == NULL) goto err;
        char *value = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &vlen);
        if (value == NULL) {
            zfree(field);
            goto err;
        }
        int existed = hashTypeSetBuf(o, field, flen, value, vlen);
        zfree(field);
        zfree(value);
        if (existed) {
            rdbLoadFail("Duplicate hash fields detected");
            goto err;
        }
    }
    return o;
err:
    decrRefCount(o);
    return NULL;
}

static robj *rdbHashFromListpack(unsigned char *lp, size_t size, int deep, int *emptykey) {
    unsigned long count = rdbCheckPairsListpack(lp, size, deep, 0, emptykey);
    if (count == 0) return NULL;
    if (count / 2 > (unsigned long)server.hash_max_listpack_entries) {
        robj *o = (deep || lpValidatePairs(lp, size, 0)) ? hashFromPairs(lp) : NULL;
        lpFree(lp);
        if (o == NULL) rdbLoadFail("Duplicate hash fields detected");
        return o;
    }
    robj *o = createObject(OBJ_HASH, lp);
    o->encoding = OBJ_ENCODING_LISTPACK;
    return o;
}

/* ---- Streams -------------------------------------------------------------- */

/* An integer element of a stream node (a count, flags, an ID delta): a
 * listpack integer, or a string holding the decimal form of one.  Returns
 * 0 when p is missing or not an integer. */
static int streamNodeInteger(unsigned char *p, int64_t *v) {
    if (p == NULL) return 0;
    unsigned int slen;
    long long ll;
    unsigned char *s = lpGetValue(p, &slen, &ll);
    if (s && !string2ll((char *)s, slen, &ll)) return 0;
    *v = ll;
    return 1;
}

/* Skip n elements; NULL if the listpack ends first. */
static unsigned char *streamNodeSkip(unsigned char *lp, unsigned char *p, int64_t n) {
    while (p && n-- > 0) p = lpNext(lp, p);
    return p;
}

/* What the walk over a stream's nodes has seen so far. */
typedef struct {
    int have_prev;   /* prev is set: an entry was seen */
    streamID prev;   /* the greatest entry ID so far (tombstones included) */
    uint64_t live;   /* live entries so far */
} streamCheck;

/* Deep check of one node whose elements are all well formed (deep
 * lpValidateIntegrity passed): the master entry (live count, deleted count,
 * the master fields, the 0 terminator), then exactly live + deleted
 * entries, each with known flags, an ID at or above the master ID and
 * above every ID before it in the stream, its values or field/value pairs,
 * and an lp-count matching its element count; live and deleted entries
 * must match the master's counts, and nothing may follow.  The stream
 * code walks nodes trusting all of this. */
static int rdbCheckStreamNode(unsigned char *lp, size_t size, const streamID *master, streamCheck *chk) {
    int64_t live, deleted, nfields, zero;
    unsigned char *p = lpFirst(lp);
    if (!streamNodeInteger(p, &live) || live < 0) return 0;
    p = lpNext(lp, p);
    if (!streamNodeInteger(p, &deleted) || deleted < 0) return 0;
    p = lpNext(lp, p);
    /* No count can exceed the bytes of the node: this bounds every loop
     * and keeps the arithmetic below from overflowing. */
    if (!streamNodeInteger(p, &nfields) || nfields < 0 || (uint64_t)nfields > size) return 0;
    if ((uint64_t)live > size || (uint64_t)deleted > size) return 0;
    p = streamNodeSkip(lp, lpNext(lp, p), nfields);
    if (!streamNodeInteger(p, &zero) || zero != 0) return 0;
    p = lpNext(lp, p);
    if (chk->have_prev && streamCompareID(master, &chk->prev) <= 0) return 0;

    int64_t seen_live = 0, seen_deleted = 0;
    for (int64_t j = 0; j < live + deleted; j++) {
        int64_t flags, ms_delta, seq_delta, count, lp_count;
        if (!streamNodeInteger(p, &flags)) return 0;
        if (flags & ~(int64_t)(STREAM_ITEM_FLAG_DELETED | STREAM_ITEM_FLAG_SAMEFIELDS)) return 0;
        p = lpNext(lp, p);
        if (!streamNodeInteger(p, &ms_delta)) return 0;
        p = lpNext(lp, p);
        if (!streamNodeInteger(p, &seq_delta)) return 0;
        p = lpNext(lp, p);
        streamID id = {master->ms + (uint64_t)ms_delta, master->seq + (uint64_t)seq_delta};
        if (streamCompareID(&id, master) < 0) return 0;
        if (chk->have_prev && streamCompareID(&id, &chk->prev) <= 0) return 0;
        chk->prev = id;
        chk->have_prev = 1;
        if (flags & STREAM_ITEM_FLAG_SAMEFIELDS) {
            p = streamNodeSkip(lp, p, nfields);
            count = nfields + 3;
        } else {
            int64_t pairs;
            if (!streamNodeInteger(p, &pairs) || pairs < 0 || (uint64_t)pairs > size) return 0;
            p = streamNodeSkip(lp, lpNext(lp, p), pairs * 2);
            count = pairs * 2 + 4;
        }
        if (!streamNodeInteger(p, &lp_count) || lp_count != count) return 0;
        p = lpNext(lp, p);
        if (flags & STREAM_ITEM_FLAG_DELETED) seen_deleted++;
        else seen_live++;
    }
    if (p != NULL || seen_live != live || seen_deleted != deleted) return 0;
    chk->live += (uint64_t)live;
    return 1;
}

/* The radix tree of nodes: count, then per node its 16-byte master ID and
 * its listpack.  deep: check every node fully (rdbCheckStreamNode) and
 * the stream-wide order of IDs; otherwise headers only, as Redis does. */
static int rdbLoadStreamNodes(rio *rdb, stream *s, int deep, streamCheck *chk) {
    uint64_t nodes;
    if (rdbLoadLenByRef(rdb, NULL, &nodes) == C_ERR) return C_ERR;
    while (nodes--) {
        size_t keylen, size;
        unsigned char *key = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &keylen);
        if (key == NULL) return C_ERR;
        if (keylen != sizeof(streamID)) {
            rdbLoadFail("Stream node key entry is not the size of a stream ID");
            zfree(key);
            return C_ERR;
        }
        unsigned char *lp = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &size);
        if (lp == NULL) {
            zfree(key);
            return C_ERR;
        }
        streamID master;
        streamDecodeID(key, &master);
        int ok = lpValidateIntegrity(lp, size, deep, NULL, NULL);
        if (ok && deep) ok = rdbCheckStreamNode(lp, size, &master, chk);
        if (!ok) {
            rdbLoadFail("Stream listpack integrity check failed.");
        } else if (lpFirst(lp) == NULL) {
            /* A node whose entries are all gone leaves the tree: an empty
             * one is never written. */
            rdbLoadFail("Empty listpack inside stream");
            ok = 0;
        } else if (!raxTryInsert(s->rax, key, sizeof(streamID), lp, NULL)) {
            rdbLoadFail("Listpack re-added with existing key");
            ok = 0;
        }
        zfree(key);
        if (!ok) {
            zfree(lp);
            return C_ERR;
        }
    }
    return C_OK;
}

/* A PEL of IDs: raw 16-byte IDs, each with its delivery time and count in
 * a group's PEL (owner: NULL until the consumers are read); in a
 * consumer's PEL, an ID of the group's PEL that no other consumer owns. */
static int rdbLoadStreamPEL(rio *rdb, streamCG *cg, streamConsumer *consumer) {
    uint64_t count;
    if (rdbLoadLenByRef(rdb, NULL, &count) == C_ERR) return C_ERR;
    while (count--) {
        unsigned char rawid[sizeof(streamID)];
        if (!rioRead(rdb, rawid, sizeof(rawid))) return C_ERR;
        if (consumer == NULL) {
            streamNACK *na = streamCreateNACK(NULL);
            uint64_t deliveries;
            if (rdbLoadMillisecondTime(rdb, &na->delivery_time) == C_ERR ||
                rdbLoadLenByRef(rdb, NULL, &deliveries) == C_ERR) {
                streamFreeNACK(na);
                return C_ERR;
            }
            na->delivery_count = deliveries;
            if (!raxTryInsert(cg->pel, rawid, sizeof(rawid), na, NULL)) {
                rdbLoadFail("Duplicated global PEL entry loading stream consumer group");
                streamFreeNACK(na);
                return C_ERR;
            }
            continue;
        }
        streamNACK *na = raxFind(cg->pel, rawid, sizeof(rawid));
        if (na == raxNotFound) {
            rdbLoadFail("Consumer entry not found in group global PEL");
            return C_ERR;
        }
        /* Two owners would leave a dangling pointer once either consumer
         * is deleted: refused whatever sanitize-dump-payload says. */
        if (na->consumer != NULL || !raxTryInsert(consumer->pel, rawid, sizeof(rawid), na, NULL)) {
            rdbLoadFail("Duplicated consumer PEL entry loading a stream consumer group");
            return C_ERR;
        }
        na->consumer = consumer;
    }
    return C_OK;
}

static int rdbLoadStreamConsumers(rio *rdb, streamCG *cg) {
    uint64_t count;
    if (rdbLoadLenByRef(rdb, NULL, &count) == C_ERR) return C_ERR;
    while (count--) {
        sds name = rdbLoadSds(rdb);
        if (name == NULL) return C_ERR;
        streamConsumer *consumer = streamCreateConsumer(cg, name, NULL, 0, 0);
        sdsfree(name);
        if (consumer == NULL) {
            rdbLoadFail("Duplicate stream consumer detected.");
            return C_ERR;
        }
        if (rdbLoadMillisecondTime(rdb, &consumer->seen_time) == C_ERR) return C_ERR;
        if (rdbLoadStreamPEL(rdb, cg, consumer) == C_ERR) return C_ERR;
    }
    /* A pending entry nobody owns would crash XPENDING and XCLAIM later:
     * refused always (Redis checks it only when sanitizing). */
    raxIterator ri;
    raxStart(&ri, cg->pel);
    raxSeek(&ri, "^", NULL, 0);
    int ok = 1;
    while (ok && raxNext(&ri)) ok = ((streamNACK *)ri.data)->consumer != NULL;
    raxStop(&ri);
    if (!ok) {
        rdbLoadFail("Stream CG PEL entry without consumer");
        return C_ERR;
    }
    return C_OK;
}

static int rdbLoadStreamGroups(rio *rdb, stream *s, int type) {
    uint64_t count;
    if (rdbLoadLenByRef(rdb, NULL, &count) == C_ERR) return C_ERR;
    while (count--) {
        sds name = rdbLoadSds(rdb);
        if (name == NULL) return C_ERR;
        streamID last_id;
        uint64_t entries_read;
        if (rdbLoadLenByRef(rdb, NULL, &last_id.ms) == C_ERR || rdbLoadLenByRef(rdb, NULL, &last_id.seq) == C_ERR) {
            sdsfree(name);
            return C_ERR;
        }
        if (type == RDB_TYPE_STREAM_LISTPACKS_2) {
            /* -1 (unknown) travels as 2^64-1, not a length error. */
            if (rdbLoadLenByRef(rdb, NULL, &entries_read) == C_ERR) {
                sdsfree(name);
                return C_ERR;
            }
        } else {
            entries_read = (uint64_t)streamEstimateDistanceFromFirstEverEntry(s, &last_id);
        }
        streamCG *cg = streamCreateCG(s, name, sdslen(name), &last_id, (long long)entries_read);
        if (cg == NULL) rdbLoadFail("Duplicated consumer group name %s", name);
        sdsfree(name);
        if (cg == NULL) return C_ERR;
        if (rdbLoadStreamPEL(rdb, cg, NULL) == C_ERR) return C_ERR;
        if (rdbLoadStreamConsumers(rdb, cg) == C_ERR) return C_ERR;
    }
    return C_OK;
}

/* STREAM_LISTPACKS_2 (7.0) and STREAM_LISTPACKS (5.0 to 6.2), which lacks
 * the first and greatest deleted IDs, entries_added and the groups'
 * entries_read: those are derived as Redis 7.0 derives them (entries_added
 * is the length, nothing counts as deleted, a group's entries_read is
 * estimated from its last ID).  The old format's nodes are always checked
 * deeply, since finding the first ID walks them. */
static robj *rdbLoadStream(rio *rdb, int type, int deep) {
    robj *o = createStreamObject();
    stream *s = o->ptr;
    streamCheck chk = {0, {0, 0}, 0};
    int check = deep || type == RDB_TYPE_STREAM_LISTPACKS;
    if (rdbLoadStreamNodes(rdb, s, check, &chk) == C_ERR) goto err;

    uint64_t header[7];
    int fields = type == RDB_TYPE_STREAM_LISTPACKS_2 ? 7 : 2;
    if (rdbLoadLenByRef(rdb, NULL, &s->length) == C_ERR) goto err;
    for (int j = 0; j < fields; j++)
        if (rdbLoadLenByRef(rdb, NULL, &header[j]) == C_ERR) goto err;
    s->last_id.ms = header[0];
    s->last_id.seq = header[1];
    if (type == RDB_TYPE_STREAM_LISTPACKS_2) {
        s->first_id.ms = header[2];
        s->first_id.seq = header[3];
        s->max_deleted_entry_id.ms = header[4];
        s->max_deleted_entry_id.seq = header[5];
        s->entries_added = header[6];
    } else {
        s->entries_added = s->length;
        streamGetEdgeID(s, 1, 1, &s->first_id);
    }
    if (s->length && raxSize(s->rax) == 0) {
        rdbLoadFail("Stream length inconsistent with rax entries");
        goto err;
    }
    /* Checked nodes also tell the true length, and the last ID must not be
     * below an entry (XADD * would then append out of order). */
    if (check && (chk.live != s->length || (chk.have_prev && streamCompareID(&s->last_id, &chk.prev) < 0))) {
        rdbLoadFail("Stream length or last ID inconsistent with its entries");
        goto err;
    }
    if (rdbLoadStreamGroups(rdb, s, type) == C_ERR) goto err;
    return o;
err:
    decrRefCount(o);
    return NULL;
}

/* A ziplist (list, hash or zset of old files) as a listpack of the same
 * elements; NULL if malformed. */
static unsigned char *ziplistToListpack(const unsigned char *zl, size_t size) {
    ziplistReader r;
    if (!ziplistReaderInit(&r, zl, size)) return NULL;
    unsigned char *lp = lpNew(size);
    const unsigned char *str;
    unsigned int len;
    long long ll;
    int ret;
    while ((ret = ziplistReaderNext(&r, &str, &len, &ll)) == 1)
        lp = str ? lpAppend(lp, (unsigned char *)str, len) : lpAppendInteger(lp, ll);
    if (ret == -1) {
        lpFree(lp);
        return NULL;
    }
    return lp;
}

static robj *rdbLoadZipmap(unsigned char *zm, size_t size, int *emptykey) {
    zipmapReader r = {zm + 1, zm + size};
    robj *o = createHashObject();
    const unsigned char *k, *v;
    size_t klen, vlen;
    int ret;
    if (size < 2) ret = -1;
    else
        while ((ret = zipmapReaderNext(&r, &k, &klen, &v, &vlen)) == 1) {
            if (hashTypeSetBuf(o, (const char *)k, klen, (const char *)v, vlen)) {
                ret = -2;
                break;
            }
        }
    if (ret == 0 && hashTypeLength(o) == 0) {
        *emptykey = 1;
        ret = -3;
    } else if (ret == -1) {
        rdbLoadFail("Zipmap integrity check failed.");
    } else if (ret == -2) {
        rdbLoadFail("Duplicate hash fields detected");
    }
    if (ret != 0) {
        decrRefCount(o);
        return NULL;
    }
    return o;
}

/* Values in the compact encodings of old files: ziplists and zipmaps. */
static robj *rdbLoadLegacyBlob(rio *rdb, int type, int deep, int *emptykey) {
    size_t size;
    unsigned char *blob = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &size);
    if (blob == NULL) return NULL;
    robj *o = NULL;
    if (type == RDB_TYPE_HASH_ZIPMAP) {
        o = rdbLoadZipmap(blob, size, emptykey);
        zfree(blob);
        return o;
    }
    unsigned char *lp = ziplistToListpack(blob, size);
    zfree(blob);
    if (lp == NULL) {
        rdbLoadFail("Ziplist integrity check failed.");
        return NULL;
    }
    if (type == RDB_TYPE_LIST_ZIPLIST) {
        if (lpLength(lp) == 0) {
            *emptykey = 1;
            lpFree(lp);
            return NULL;
        }
        o = createQuicklistObject();
        unsigned char buf[LP_INTBUF_SIZE];
        for (unsigned char *p = lpFirst(lp); p; p = lpNext(lp, p)) {
            int64_t len;
            unsigned char *s = lpGet(p, &len, buf);
            quicklistPushTail(o->ptr, s, (size_t)len);
        }
        lpFree(lp);
        return o;
    }
    /* Pairs: duplicates are always looked for in these old formats. */
    size_t lpsize = lpBytes(lp);
    if (lpLength(lp) && !lpValidatePairs(lp, lpsize, type == RDB_TYPE_ZSET_ZIPLIST)) {
        rdbLoadFail("Ziplist integrity check failed.");
        lpFree(lp);
        return NULL;
    }
    (void)deep;
    if (type == RDB_TYPE_ZSET_ZIPLIST) return rdbZsetFromListpack(lp, lpsize, 0, emptykey);
    /* Hash ziplist: like a listpack, converted only when over the entry
     * limit (as Redis 7.0 does; a zipmap also looks at lengths). */
    return rdbHashFromListpack(lp, lpsize, 0, emptykey);
}

/* A module's 64-bit type id holds its 9-character name, 6 bits a
 * character, above a 10-bit encoding version. */
static void moduleTypeNameFromId(char *name, uint64_t id) {
    static const char charset[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    id >>= 10;
    for (int j = 8; j >= 0; j--) {
        name[j] = charset[id & 63];
        id >>= 6;
    }
    name[9] = '\0';
}

int rdbIsObjectType(int t) {
    return (t >= RDB_TYPE_STRING && t <= RDB_TYPE_ZSET_2) || t == RDB_TYPE_MODULE || t == RDB_TYPE_MODULE_2 ||
           (t >= RDB_TYPE_HASH_ZIPMAP && t <= RDB_TYPE_STREAM_LISTPACKS_2);
}

robj *rdbLoadObject(int type, rio *rdb, int deep, int *emptykey) {
    uint64_t len;
    *emptykey = 0;
    switch (type) {
    case RDB_TYPE_STRING: {
        robj *o = rdbGenericLoadString(rdb, RDB_LOAD_OBJ, NULL);
        return o ? tryObjectEncoding(o) : NULL;
    }
    case RDB_TYPE_LIST:
    case RDB_TYPE_SET:
    case RDB_TYPE_ZSET:
    case RDB_TYPE_ZSET_2:
    case RDB_TYPE_HASH:
    case RDB_TYPE_LIST_QUICKLIST:
    case RDB_TYPE_LIST_QUICKLIST_2: {
        if ((len = rdbLoadLen(rdb, NULL)) == RDB_LENERR) return NULL;
        if (len == 0) {
            *emptykey = 1;
            return NULL;
        }
        robj *o;
        if (type == RDB_TYPE_LIST) {
            o = createQuicklistObject();
            while (len--) {
                size_t slen;
                char *s = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &slen);
                if (s == NULL) {
                    decrRefCount(o);
                    return NULL;
                }
                quicklistPushTail(o->ptr, s, slen);
                zfree(s);
            }
            return o;
        }
        if (type == RDB_TYPE_SET) return rdbLoadSet(rdb, len);
        if (type == RDB_TYPE_ZSET || type == RDB_TYPE_ZSET_2) return rdbLoadZset(rdb, type, len);
        if (type == RDB_TYPE_HASH) return rdbLoadHash(rdb, len);
        o = type == RDB_TYPE_LIST_QUICKLIST ? rdbLoadListQuicklist1(rdb, len) : rdbLoadListQuicklist2(rdb, len, deep);
        if (o && quicklistCount(o->ptr) == 0) {
            decrRefCount(o);
            *emptykey = 1;
            return NULL;
        }
        return o;
    }
    case RDB_TYPE_SET_INTSET: return rdbLoadSetIntset(rdb, deep, emptykey);
    case RDB_TYPE_ZSET_LISTPACK:
    case RDB_TYPE_HASH_LISTPACK: {
        size_t size;
        unsigned char *lp = rdbGenericLoadString(rdb, RDB_LOAD_PLAIN, &size);
        if (lp == NULL) return NULL;
        if (type == RDB_TYPE_ZSET_LISTPACK) return rdbZsetFromListpack(lp, size, deep, emptykey);
        return rdbHashFromListpack(lp, size, deep, emptykey);
    }
    case RDB_TYPE_HASH_ZIPMAP:
    case RDB_TYPE_LIST_ZIPLIST:
    case RDB_TYPE_ZSET_ZIPLIST:
    case RDB_TYPE_HASH_ZIPLIST: return rdbLoadLegacyBlob(rdb, type, deep, emptykey);
    case RDB_TYPE_MODULE:
    case RDB_TYPE_MODULE_2: {
        char name[10];
        uint64_t id = rdbLoadLen(rdb, NULL);
        if (id == RDB_LENERR) return NULL;
        moduleTypeNameFromId(name, id);
        rdbLoadFail("The RDB file contains module data I can't load: no matching module type '%s'", name);
        return NULL;
    }
    case RDB_TYPE_STREAM_LISTPACKS:
    case RDB_TYPE_STREAM_LISTPACKS_2: return rdbLoadStream(rdb, type, deep);
    default: rdbLoadFail("Unknown RDB encoding type %d", type); return NULL;
    }
}

void rdbSetObjectLRUOrLFU(robj *o, long long freq, long long idle) {
    if (server.maxmemory_policy & MAXMEMORY_FLAG_LFU) {
        if (freq < 0) return;
        if (freq > 255) freq = 255;
        o->lru = (unsigned int)((((server.unixtime / 60) & 65535) << 8) | freq);
    } else if (idle >= 0) {
        unsigned long long ticks = (unsigned long long)idle * 1000 / LRU_CLOCK_RESOLUTION;
        unsigned long long now = LRU_CLOCK();
        if (ticks > LRU_CLOCK_MAX) ticks = LRU_CLOCK_MAX;
        /* The clock wraps: an object idle longer than "now" was last
         * touched before the previous wrap. */
        o->lru = (unsigned int)(ticks <= now ? now - ticks : LRU_CLOCK_MAX - (ticks - now));
    }
}

/* ===========================================================================
 * Function libraries
 * ======================================================================== */

/* Each library is saved as its code (FUNCTION2), and loaded by creating it
 * again (functions.c). */
static int rdbSaveFunctionCode(void *privdata, const char *code, size_t len) {
    rio *rdb = privdata;
    if (rdbSaveType(rdb, RDB_OPCODE_FUNCTION2) == -1) return -1;
    if (rdbSaveRawString(rdb, (const unsigned char *)code, len) == -1) return -1;
    return 0;
}

int rdbSaveFunctions(rio *rdb) { return functionsForEachLibraryCode(rdbSaveFunctionCode, rdb) ? -1 : 0; }

/* ===========================================================================
 * Whole files: saving
 * ======================================================================== */

/* Set while the AOF rewrite writes its base file (rdbSaveRioAsAofBase). */
static int saving_aof_base = 0;

static int rdbSaveInfoAuxFields(rio *rdb) {
    const char *ver = REDIS_VERSION;
    if (rdbSaveAuxField(rdb, "redis-ver", ver, strlen(ver)) == -1) return -1;
    if (rdbSaveAuxFieldStrInt(rdb, "redis-bits", server.arch_bits) == -1) return -1;
    if (rdbSaveAuxFieldStrInt(rdb, "ctime", time(NULL)) == -1) return -1;
    if (rdbSaveAuxFieldStrInt(rdb, "used-mem", zmalloc_used_memory()) == -1) return -1;
    if (rdbSaveAuxFieldStrInt(rdb, "aof-base", saving_aof_base) == -1) return -1;
    return 1;
}

/* How often a saving child tells its parent how far it got. */
#define RDB_PROGRESS_KEYS 1024

/* Write the whole dataset to rdb.  in_child: report progress to the
 * parent (BGSAVE).  C_OK, or C_ERR with errno set by the failed write. */
static int rdbSaveRio(rio *rdb, int in_child) {
    char magic[10];
    if (server.rdb_checksum) rdb->update_cksum = rioGenericUpdateChecksum;
    snprintf(magic, sizeof(magic), "REDIS%04d", RDB_VERSION);
    if (rdbWriteRaw(rdb, magic, 9) == -1) return C_ERR;
    if (rdbSaveInfoAuxFields(rdb) == -1) return C_ERR;
    if (rdbSaveFunctions(rdb) == -1) return C_ERR;
    size_t keys_done = 0;
    long long last_report = 0;
    for (int j = 0; j < server.dbnum; j++) {
        redisDb *db = server.db + j;
        if (dictSize(db->keys) == 0) continue;
        if (rdbSaveType(rdb, RDB_OPCODE_SELECTDB) == -1 || rdbSaveLen(rdb, j) == -1) return C_ERR;
        if (rdbSaveType(rdb, RDB_OPCODE_RESIZEDB) == -1 || rdbSaveLen(rdb, dictSize(db->keys)) == -1 ||
            rdbSaveLen(rdb, dictSize(db->expires)) == -1)
            return C_ERR;
        dictIterator di;
        dictInitIterator(&di, db->keys);
        robj *o;
        while ((o = dictNext(&di)) != NULL) {
            if (rdbSaveKeyValuePair(rdb, objectGetKey(o), o, objectGetExpire(o)) == -1) {
                dictResetIterator(&di);
                return C_ERR;
            }
            /* Progress for INFO's current_save_keys_processed, at most
             * once a second. */
            if (in_child && ++keys_done % RDB_PROGRESS_KEYS == 0) {
                long long now = mstime();
                if (now - last_report >= 1000) {
                    sendChildInfoGeneric(CHILD_INFO_TYPE_CURRENT_INFO, keys_done, -1, "RDB");
                    last_report = now;
                }
            }
        }
        dictResetIterator(&di);
    }
    if (rdbSaveType(rdb, RDB_OPCODE_EOF) == -1) return C_ERR;
    /* The checksum covers everything up to here; 0 means "not computed". */
    unsigned char crc[8];
    crc64Store(crc, server.rdb_checksum ? rdb->cksum : 0);
    if (rdbWriteRaw(rdb, crc, 8) == -1) return C_ERR;
    return C_OK;
}

/* Make a rename durable: fsync the directory holding the file. */
static void fsyncFileDir(const char *filename) {
    char *dup = zstrdup(filename);
    char *slash = strrchr(dup, '/');
    const char *dir = ".";
    if (slash) {
        *slash = '\0';
        dir = slash == dup ? "/" : dup;
    }
    int fd = open(dir, O_RDONLY);
    if (fd != -1) {
        fsync(fd);
        close(fd);
    }
    zfree(dup);
}

static void rdbTempFileName(char *buf, size_t len, pid_t pid) { snprintf(buf, len, "temp-%d.rdb", (int)pid); }

static int rdbSaveInternal(const char *filename, int in_child) {
    char tmpfile[256], cwd[1024];
    const char *cwdp = getcwd(cwd, sizeof(cwd)) ? cwd : "unknown";
    rdbTempFileName(tmpfile, sizeof(tmpfile), getpid());
    FILE *fp = fopen(tmpfile, "w");
    if (!fp) {
        serverLog(LL_WARNING, "Failed opening the temp RDB file %s (in server root dir %s) for saving: %s", tmpfile,
                  cwdp, strerror(errno));
        return C_ERR;
    }
    rio rdb;
    rioInitWithFile(&rdb, fp);
    if (server.rdb_save_incremental_fsync) rioSetAutoSync(&rdb, RDB_AUTOSYNC_BYTES);
    if (rdbSaveRio(&rdb, in_child) == C_ERR || fflush(fp) != 0 || fsync(fileno(fp)) == -1) {
        int err = errno;
        serverLog(LL_WARNING, "Write error saving DB on disk: %s", strerror(err));
        fclose(fp);
        unlink(tmpfile);
        errno = err;
        return C_ERR;
    }
    if (fclose(fp) != 0) {
        serverLog(LL_WARNING, "Write error saving DB on disk: %s", strerror(errno));
        unlink(tmpfile);
        return C_ERR;
    }
    if (rename(tmpfile, filename) == -1) {
        int err = errno;
        serverLog(LL_WARNING, "Error moving temp DB file %s on the final destination %s (in server root dir %s): %s",
                  tmpfile, filename, cwdp, strerror(err));
        unlink(tmpfile);
        errno = err;
        return C_ERR;
    }
    fsyncFileDir(filename);
    serverLog(LL_NOTICE, "DB saved on disk");
    server.dirty = 0;
    server.lastsave = time(NULL);
    server.lastbgsave_status = C_OK;
    return C_OK;
}

int rdbSave(const char *filename) { return rdbSaveInternal(filename, 0); }

void rdbRemoveTempFile(pid_t childpid, int from_signal) {
    char tmpfile[256];
    rdbTempFileName(tmpfile, sizeof(tmpfile), childpid);
    (void)from_signal; /* unlink is async-signal-safe, and nothing is logged */
    unlink(tmpfile);
}

/* ===========================================================================
 * Whole files: loading
 * ======================================================================== */

/* How a load ended (rdbLoadRio). */
#define RDB_LOAD_DONE 0
#define RDB_LOAD_EOF 1     /* the input ended early */
#define RDB_LOAD_CORRUPT 2 /* bad content: rdb_load_error says what */
#define RDB_LOAD_INVALID 3 /* not an RDB file we can read (errno EINVAL) */
#define RDB_LOAD_FATAL 4   /* this server cannot hold it (databases, modules): already logged */

static int loading_process_events = 0;

static void startLoading(off_t size) {
    server.loading = 1;
    server.loading_start_time = time(NULL);
    server.loading_loaded_bytes = 0;
    server.loading_total_bytes = size;
    server.loading_rdb_used_mem = 0;
}

static void stopLoading(void) {
    server.loading = 0;
    server.loading_loaded_bytes = 0;
    server.loading_total_bytes = 0;
    loading_process_events = 0;
}

/* Serve clients (they get -LOADING, or INFO) in the middle of a load (also
 * used by the AOF loader at start-up). */
void loadingProcessEvents(void) {
    updateCachedTime();
    aeProcessEvents(server.el, AE_FILE_EVENTS | AE_DONT_WAIT);
    handleClientsWithPendingWrites();
    freeClientsInAsyncFreeQueue();
}

/* The loading rio's hook: the checksum, and every
 * loading-process-events-interval-bytes the progress shown by INFO and a
 * turn of the event loop. */
static void rdbLoadProgressCallback(rio *r, const void *buf, size_t len) {
    if (server.rdb_checksum) rioGenericUpdateChecksum(r, buf, len);
    size_t interval = server.loading_process_events_interval_bytes;
    if (interval && (r->processed_bytes + len) / interval > r->processed_bytes / interval) {
        server.loading_loaded_bytes = (off_t)(r->processed_bytes + len);
        if (loading_process_events) loadingProcessEvents();
    }
}

static void rdbLoadAuxField(sds key, sds val) {
    if (!strcasecmp(key, "redis-ver")) {
        serverLog(LL_NOTICE, "Loading RDB produced by version %s", val);
    } else if (!strcasecmp(key, "ctime")) {
        time_t age = time(NULL) - strtol(val, NULL, 10);
        if (age < 0) age = 0;
        serverLog(LL_NOTICE, "RDB age %ld seconds", (long)age);
    } else if (!strcasecmp(key, "used-mem")) {
        long long usedmem = strtoll(val, NULL, 10);
        serverLog(LL_NOTICE, "RDB memory usage when created %.2f Mb", (double)usedmem / (1024 * 1024));
        server.loading_rdb_used_mem = (size_t)usedmem;
    } else if (!strcasecmp(key, "aof-preamble")) {
        if (strtol(val, NULL, 10)) serverLog(LL_NOTICE, "RDB has an AOF tail");
    } else if (!strcasecmp(key, "aof-base")) {
        if (strtol(val, NULL, 10)) serverLog(LL_NOTICE, "RDB is base AOF");
    } else if (!strcasecmp(key, "repl-stream-db") || !strcasecmp(key, "repl-id") ||
               !strcasecmp(key, "repl-offset") || !strcasecmp(key, "lua") || !strcasecmp(key, "redis-bits")) {
        /* Known; nothing to do here without replication or old scripting. */
    } else {
        serverLog(LL_DEBUG, "Unrecognized RDB AUX field: '%s'", key);
    }
}

/* Read a whole RDB stream into the keyspace.  Returns RDB_LOAD_*. */
static int rdbLoadRio(rio *rdb, int rdbflags) {
    char buf[10];
    int deep = server.sanitize_dump_payload == SANITIZE_DUMP_YES;
    rdbLoadErrorReset();
    if (!rioRead(rdb, buf, 9)) return RDB_LOAD_EOF;
    buf[9] = '\0';
    if (memcmp(buf, "REDIS", 5) != 0) {
        serverLog(LL_WARNING, "Wrong signature trying to load DB from file");
        errno = EINVAL;
        return RDB_LOAD_INVALID;
    }
    int rdbver = atoi(buf + 5);
    if (rdbver < 1 || rdbver > RDB_VERSION) {
        serverLog(LL_WARNING, "Can't handle RDB format version %d", rdbver);
        errno = EINVAL;
        return RDB_LOAD_INVALID;
    }

    redisDb *db = server.db;
    long long expiretime = -1, lfu_freq = -1, lru_idle = -1;
    long long now = mstime(), keys_loaded = 0, keys_expired = 0, empty_keys_skipped = 0;
    sds key = NULL;
    for (;;) {
        int type = rdbLoadType(rdb);
        if (type == -1) return RDB_LOAD_EOF;
        if (type == RDB_OPCODE_EXPIRETIME) {
            /* Old files: seconds, 4 bytes. */
            if (rdbLoadSecondsTime(rdb, &expiretime) == C_ERR) return RDB_LOAD_EOF;
            continue;
        } else if (type == RDB_OPCODE_EXPIRETIME_MS) {
            if (rdbLoadMillisecondTime(rdb, &expiretime) == C_ERR) return RDB_LOAD_EOF;
            continue;
        } else if (type == RDB_OPCODE_FREQ) {
            unsigned char byte;
            if (!rioRead(rdb, &byte, 1)) return RDB_LOAD_EOF;
            lfu_freq = byte;
            continue;
        } else if (type == RDB_OPCODE_IDLE) {
            uint64_t idle = rdbLoadLen(rdb, NULL);
            if (idle == RDB_LENERR) goto lenerr;
            lru_idle = (long long)(idle > LLONG_MAX ? LLONG_MAX : idle);
            continue;
        } else if (type == RDB_OPCODE_EOF) {
            break;
        } else if (type == RDB_OPCODE_SELECTDB) {
            uint64_t dbid = rdbLoadLen(rdb, NULL);
            if (dbid == RDB_LENERR) goto lenerr;
            if (dbid >= (uint64_t)server.dbnum) {
                serverLog(LL_WARNING,
                          "FATAL: Data file was created with a Redis server configured to handle more than %d "
                          "databases. Exiting\n",
                          server.dbnum);
                return RDB_LOAD_FATAL;
            }
            db = server.db + dbid;
            continue;
        } else if (type == RDB_OPCODE_RESIZEDB) {
            uint64_t db_size = rdbLoadLen(rdb, NULL), expires_size;
            if (db_size == RDB_LENERR) goto lenerr;
            if ((expires_size = rdbLoadLen(rdb, NULL)) == RDB_LENERR) goto lenerr;
            /* Sized once instead of growing step by step; a size that
             * cannot be true (more keys than bytes left) is ignored. */
            size_t left = rdbBytesLeft(rdb);
            if (db_size <= left && db_size > dictSize(db->keys)) dictExpand(db->keys, db_size);
            if (expires_size <= left && expires_size > dictSize(db->expires)) dictExpand(db->expires, expires_size);
            continue;
        } else if (type == RDB_OPCODE_AUX) {
            sds auxkey = rdbLoadSds(rdb), auxval;
            if (auxkey == NULL) goto lenerr;
            if ((auxval = rdbLoadSds(rdb)) == NULL) {
                sdsfree(auxkey);
                goto lenerr;
            }
            rdbLoadAuxField(auxkey, auxval);
            sdsfree(auxkey);
            sdsfree(auxval);
            continue;
        } else if (type == RDB_OPCODE_MODULE_AUX) {
            uint64_t moduleid = rdbLoadLen(rdb, NULL);
            if (moduleid == RDB_LENERR) goto lenerr;
            char name[10];
            moduleTypeNameFromId(name, moduleid);
            serverLog(LL_WARNING, "The RDB file contains AUX module data I can't load: no matching module '%s'", name);
            return RDB_LOAD_FATAL;
        } else if (type == RDB_OPCODE_FUNCTION_PRE_GA) {
            rdbLoadFail("Pre-release function format not supported.");
            return RDB_LOAD_CORRUPT;
        } else if (type == RDB_OPCODE_FUNCTION2) {
            sds code = rdbLoadSds(rdb);
            if (code == NULL) goto lenerr;
            /* A library of the same name is an error, as in Redis, except
             * when merging (DEBUG RELOAD MERGE): then the file's wins. */
            sds err = NULL;
            const char *name = functionsCreateWithLibraryCtx(code, sdslen(code), rdbflags & RDBFLAGS_ALLOW_DUP, &err,
                                                             functionsLibCtxGetCurrent(), 0);
            sdsfree(code);
            if (name == NULL) {
                /* Not a damaged file: a load that cannot be done here.  DEBUG
                 * RELOAD answers an error, start-up exits. */
                serverLog(LL_WARNING, "Failed loading library, %s", err);
                sdsfree(err);
                errno = EINVAL;
                return RDB_LOAD_INVALID;
            }
            continue;
        }

        /* A key and its value. */
        if (!rdbIsObjectType(type)) {
            rdbLoadFail("Unknown RDB encoding type %d", type);
            return RDB_LOAD_CORRUPT;
        }
        if ((key = rdbLoadSds(rdb)) == NULL) goto lenerr;
        int emptykey;
        robj *val = rdbLoadObject(type, rdb, deep, &emptykey);
        if (val == NULL) {
            if (!emptykey) {
                sdsfree(key);
                goto lenerr;
            }
            /* Empty values are dropped, as Redis does. */
            if (empty_keys_skipped++ < 10) serverLog(LL_NOTICE, "rdbLoadObject skipping empty key: %s", key);
        } else if (expiretime != -1 && expiretime < now) {
            /* Already expired: a master does not load it. */
            decrRefCount(val);
            keys_expired++;
        } else {
            robj keyobj;
            initStaticStringObject(keyobj, key);
            if (dictFind(db->keys, key) != NULL) {
                if (!(rdbflags & RDBFLAGS_ALLOW_DUP)) {
                    serverLog(LL_WARNING, "RDB has duplicated key '%s' in DB %d", key, db->id);
                    serverPanic("Duplicated key found in RDB file");
                }
                dbSyncDelete(db, &keyobj);
            }
            robj *entry = dbAddWithExpire(db, &keyobj, val, expiretime);
            rdbSetObjectLRUOrLFU(entry, lfu_freq, lru_idle);
            keys_loaded++;
        }
        sdsfree(key);
        key = NULL;
        if (server.key_load_delay) rdbDebugDelay(server.key_load_delay);
        expiretime = -1;
        lfu_freq = -1;
        lru_idle = -1;
    }

    /* The checksum of everything before the 8 bytes that hold it. */
    if (rdbver >= 5) {
        uint64_t computed = rdb->cksum;
        unsigned char crc[8];
        if (!rioRead(rdb, crc, 8)) return RDB_LOAD_EOF;
        uint64_t stored = crc64Load(crc);
        if (server.rdb_checksum && !debugSettings.skip_checksum_validation) {
            if (stored == 0) {
                serverLog(LL_WARNING, "RDB file was saved with checksum disabled: no check performed.");
            } else if (stored != computed) {
                serverLog(LL_WARNING, "Wrong RDB checksum expected: (%llx) but got (%llx). Aborting now.",
                          (unsigned long long)stored, (unsigned long long)computed);
                rdbLoadFail("RDB CRC error");
                return RDB_LOAD_CORRUPT;
            }
        }
    }
    if (empty_keys_skipped)
        serverLog(LL_NOTICE, "Done loading RDB, keys loaded: %lld, keys expired: %lld, empty keys skipped: %lld.",
                  keys_loaded, keys_expired, empty_keys_skipped);
    else
        serverLog(LL_NOTICE, "Done loading RDB, keys loaded: %lld, keys expired: %lld.", keys_loaded, keys_expired);
    server.rdb_last_load_keys_loaded = keys_loaded;
    server.rdb_last_load_keys_expired = keys_expired;
    return RDB_LOAD_DONE;

lenerr:
    /* A read that failed for lack of bytes is a short file; anything else
     * left a reason. */
    return rioGetReadError(rdb) ? RDB_LOAD_EOF : RDB_LOAD_CORRUPT;
}

/* The AOF's RDB preamble (aof.c): write the dataset as an AOF base, from
 * a rewrite child; read one back from the start of an AOF file. */
int rdbSaveRioAsAofBase(rio *rdb) {
    saving_aof_base = 1;
    int ret = rdbSaveRio(rdb, 1);
    saving_aof_base = 0;
    return ret;
}

int rdbLoadRioFromAof(rio *rdb) {
    int ret = rdbLoadRio(rdb, RDBFLAGS_NONE);
    if (ret == RDB_LOAD_DONE) return C_OK;
    if (ret == RDB_LOAD_EOF || ret == RDB_LOAD_CORRUPT)
        serverLog(LL_WARNING, "Internal error in RDB reading offset %llu, function at rdb.c:%d -> %s",
                  (unsigned long long)rdb->processed_bytes, rdb_load_error_line,
                  ret == RDB_LOAD_EOF ? "Unexpected EOF reading RDB file" : rdb_load_error);
    return C_ERR;
}

int rdbLoad(const char *filename, int flags) {
    FILE *fp = fopen(filename, "r");
    if (fp == NULL) return errno == ENOENT ? RDB_NOT_EXIST : RDB_FAILED;
    struct stat sb;
    off_t total = fstat(fileno(fp), &sb) == 0 ? sb.st_size : 0;
    /* Big reads: fewer system calls than stdio's default block size. */
    setvbuf(fp, NULL, _IOFBF, 256 * 1024);
    startLoading(total);
    loading_process_events = (flags & RDBFLAGS_PROCESS_EVENTS) != 0;
    rio rdb;
    rioInitWithFile(&rdb, fp);
    rdb.privdata = &total;
    rdb.update_cksum = rdbLoadProgressCallback;
    rdb.max_processing_chunk = (size_t)server.loading_process_events_interval_bytes;
    int ret = rdbLoadRio(&rdb, flags);
    int err = errno;
    fclose(fp);
    stopLoading();
    switch (ret) {
    case RDB_LOAD_DONE: return RDB_OK;
    case RDB_LOAD_INVALID: errno = err; return RDB_FAILED;
    case RDB_LOAD_FATAL: exit(1);
    case RDB_LOAD_EOF:
        serverLog(LL_WARNING, "Short read or OOM loading DB. Unrecoverable error, aborting now.");
        rdbLoadFail("Unexpected EOF reading RDB file");
        /* fall through */
    default:
        /* A file we cannot trust: stop rather than serve part of it. */
        serverLog(LL_WARNING, "Internal error in RDB reading offset %llu, function at rdb.c:%d -> %s",
                  (unsigned long long)rdb.processed_bytes, rdb_load_error_line, rdb_load_error);
        serverLog(LL_WARNING, "Terminating server after rdb file reading failure.");
        exit(1);
    }
}

int rdbLoadFromBuffer(const void *buf, size_t len, int flags) {
    off_t total = (off_t)len;
    rio rdb;
    rioInitWithBuffer(&rdb, sdsnewlen(buf, len));
    rdb.privdata = &total;
    rdb.update_cksum = rdbLoadProgressCallback;
    startLoading(total);
    int ret = rdbLoadRio(&rdb, flags & ~RDBFLAGS_PROCESS_EVENTS);
    stopLoading();
    sdsfree(rdb.io.buffer.ptr);
    if (ret == RDB_LOAD_DONE) return RDB_OK;
    if (ret == RDB_LOAD_EOF || ret == RDB_LOAD_CORRUPT)
        serverLog(LL_WARNING, "RDB image refused at offset %llu, function at rdb.c:%d -> %s",
                  (unsigned long long)rdb.processed_bytes, rdb_load_error_line,
                  ret == RDB_LOAD_EOF ? "Unexpected EOF" : rdb_load_error);
    return RDB_FAILED;
}

void loadDataFromDisk(void) {
    long long start = ustime();
    int ret = rdbLoad(server.rdb_filename, RDBFLAGS_PROCESS_EVENTS);
    if (ret == RDB_OK) {
        serverLog(LL_NOTICE, "DB loaded from disk: %.3f seconds", (float)(ustime() - start) / 1000000);
    } else if (ret != RDB_NOT_EXIST) {
        serverLog(LL_WARNING, "Fatal error loading the DB: %s. Exiting.", strerror(errno));
        exit(1);
    }
}

int rdbDebugReload(int save, int flush, int merge) {
    if (save && rdbSave(server.rdb_filename) != C_OK) return RDB_RELOAD_SAVE_ERR;
    if (flush) {
        emptyData(-1, EMPTYDB_NO_FLAGS, NULL);
        functionsClearCurrent();
    }
    int ret = rdbLoad(server.rdb_filename, merge ? RDBFLAGS_ALLOW_DUP : RDBFLAGS_NONE);
    return ret == RDB_OK ? RDB_RELOAD_OK : RDB_RELOAD_LOAD_ERR;
}

/* ===========================================================================
 * Background saving, save points, SAVE / BGSAVE
 * ======================================================================== */

int rdbSaveBackground(const char *filename) {
    if (hasActiveChildProcess()) return C_ERR;
    server.dirty_before_bgsave = server.dirty;
    server.lastbgsave_try = time(NULL);
    server.stat_rdb_saves++;
    pid_t pid = redisFork(CHILD_TYPE_RDB);
    if (pid == 0) {
        int ret = rdbSaveInternal(filename, 1);
        if (ret == C_OK) sendChildCowInfo(CHILD_INFO_TYPE_RDB_COW_SIZE, "RDB");
        exitFromChild(ret == C_OK ? 0 : 1);
    }
    if (pid == -1) {
        server.lastbgsave_status = C_ERR;
        serverLog(LL_WARNING, "Can't save in background: fork: %s", strerror(errno));
        return C_ERR;
    }
    serverLog(LL_NOTICE, "Background saving started by pid %ld", (long)pid);
    server.rdb_save_time_start = time(NULL);
    return C_OK;
}

void backgroundSaveDoneHandler(int exitcode, int bysignal) {
    if (!bysignal && exitcode == 0) {
        serverLog(LL_NOTICE, "Background saving terminated with success");
        /* Changes made while the child was writing are still unsaved. */
        server.dirty = server.dirty - server.dirty_before_bgsave;
        server.lastsave = time(NULL);
        server.lastbgsave_status = C_OK;
    } else if (!bysignal) {
        serverLog(LL_WARNING, "Background saving error");
        server.lastbgsave_status = C_ERR;
    } else {
        serverLog(LL_WARNING, "Background saving terminated by signal %d", bysignal);
        rdbRemoveTempFile(server.child_pid, 0);
        /* SIGUSR1 is how we stop a child on purpose: not a failure. */
        if (bysignal != SIGUSR1) server.lastbgsave_status = C_ERR;
    }
    server.rdb_save_time_last = time(NULL) - server.rdb_save_time_start;
    server.rdb_save_time_start = -1;
}

/* After a failed attempt, wait this long before trying again, so that a
 * full disk is not hammered once per cron tick. */
static int rdbRetryAllowed(void) {
    return server.lastbgsave_status == C_OK || server.unixtime - server.lastbgsave_try > RDB_BGSAVE_RETRY_DELAY;
}

void rdbCron(void) {
    if (hasActiveChildProcess()) return;
    for (int j = 0; j < server.saveparamslen; j++) {
        struct saveparam *sp = server.saveparams + j;
        if (server.dirty >= sp->changes && server.unixtime - server.lastsave > sp->seconds && rdbRetryAllowed()) {
            serverLog(LL_NOTICE, "%d changes in %d seconds. Saving...", sp->changes, (int)sp->seconds);
            rdbSaveBackground(server.rdb_filename);
            return;
        }
    }
    if (server.rdb_bgsave_scheduled && rdbRetryAllowed()) {
        if (rdbSaveBackground(server.rdb_filename) == C_OK) server.rdb_bgsave_scheduled = 0;
    }
}

int rdbWritesDeniedByBgsaveError(void) {
    return server.stop_writes_on_bgsave_err && server.saveparamslen > 0 && server.lastbgsave_status == C_ERR;
}

void rdbSetSaveParams(const long long *pairs, int count) {
    zfree(server.saveparams);
    server.saveparams = count ? zmalloc(sizeof(struct saveparam) * count) : NULL;
    for (int j = 0; j < count; j++) {
        server.saveparams[j].seconds = (time_t)pairs[2 * j];
        server.saveparams[j].changes = (int)pairs[2 * j + 1];
    }
    server.saveparamslen = count;
}

int rdbSaveOnShutdown(int save, int nosave, int force) {
    if (!((server.saveparamslen > 0 && !nosave) || save)) return C_OK;
    serverLog(LL_NOTICE, "Saving the final RDB snapshot before exiting.");
    if (rdbSave(server.rdb_filename) == C_OK) return C_OK;
    if (force) {
        serverLog(LL_WARNING, "Error trying to save the DB. Exit anyway.");
        return C_OK;
    }
    serverLog(LL_WARNING, "Error trying to save the DB, can't exit.");
    return C_ERR;
}

void saveCommand(client *c) {
    if (server.child_type == CHILD_TYPE_RDB) {
        addReplyError(c, "Background save already in progress");
        return;
    }
    server.stat_rdb_saves++;
    if (rdbSave(server.rdb_filename) == C_OK) addReply(c, shared.ok);
    else addReplyErrorObject(c, shared.err);
}

void bgsaveCommand(client *c) {
    int schedule = 0;
    if (c->argc > 1) {
        if (c->argc == 2 && !strcasecmp(c->argv[1]->ptr, "schedule")) {
            schedule = 1;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    if (server.child_type == CHILD_TYPE_RDB) {
        addReplyError(c, "Background save already in progress");
    } else if (hasActiveChildProcess() || server.in_exec) {
        if (schedule || server.in_exec) {
            server.rdb_bgsave_scheduled = 1;
            addReplyStatus(c, "Background saving scheduled");
        } else {
            addReplyError(c, "Another child process is active (AOF?): can't BGSAVE right now. "
                             "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
        }
    } else if (rdbSaveBackground(server.rdb_filename) == C_OK) {
        addReplyStatus(c, "Background saving started");
    } else {
        addReplyErrorObject(c, shared.err);
    }
}
