/* sds.h - Simple Dynamic Strings: binary-safe, growable C strings.
 *
 * An sds is a plain `char *` that points at the first byte of the string
 * content, so it can be handed to any function that wants a C string
 * (printf("%s"), strcmp(), ...).  The bookkeeping lives in a small header
 * placed immediately *before* that pointer:
 *
 *     +-----+-------+-------+--------------------------+----+------------+
 *     | len | alloc | flags | content (len bytes)      | \0 | free space |
 *     +-----+-------+-------+--------------------------+----+------------+
 *                           ^
 *                           sds pointer
 *
 *   len    bytes of content currently in use (the string may contain NULs;
 *          always use sdslen(), never strlen(), for binary data);
 *   alloc  bytes available for content, excluding the header and the final
 *          NUL, so sdsavail() == alloc - len;
 *   flags  one byte, always at s[-1]; its low 3 bits say which header layout
 *          precedes it.  The remaining bits are unused and kept at zero.
 *
 * There are four header layouts that differ only in the width of the len
 * and alloc fields (8, 16, 32 and 64 bits).  A string is created with the
 * narrowest one that can describe it and is moved to a wider one when it
 * grows past the limit, so a short string pays only 3 bytes of overhead.
 * The headers are packed: the field widths are exactly as declared, and the
 * flags byte is always adjacent to the content.
 *
 * The content is always followed by a NUL terminator that is not counted in
 * len, so an sds is a valid C string as long as it holds no NUL byte.
 *
 * Functions that may need to enlarge a string return the (possibly moved)
 * new pointer, which the caller must use from then on:
 *
 *     s = sdscat(s, "more");
 *
 * Buffers handed to the concatenation functions must not point inside the
 * destination string itself, since growing it may move it.
 *
 * The allocation is always made through zmalloc, and the recorded alloc is
 * the allocator's usable size (zmalloc_size()), capped to what the header
 * type can represent, so allocator slack is free space rather than waste.
 *
 * Embedded strings: sdsEmbedInit() writes an sds inside a buffer owned by
 * somebody else (for example a key stored right after an object header).
 * Such a string has alloc == len, and it must never be passed to sdsfree()
 * or to any function that may grow or shrink it (sdsMakeRoomFor, sdscat*,
 * sdscpy*, sdsResize, ...).  Read-only functions and in-place edits that do
 * not change the length (sdstolower(), sdsmapchars()) are fine.
 */
#ifndef SDS_H
#define SDS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Above this size sdsMakeRoomFor() stops doubling and grows linearly. */
#define SDS_MAX_PREALLOC (1024 * 1024)

/* Pass as the init argument of sdsnewlen() to skip initializing the
 * content: the caller will fill it. */
extern const char *SDS_NOINIT;

typedef char *sds;

/* The four header layouts.  __packed__ keeps the flags byte adjacent to
 * buf, and makes sizeof() the exact header size (3, 5, 9 and 17 bytes). */
struct __attribute__((__packed__)) sdshdr8 {
    uint8_t len;
    uint8_t alloc;
    unsigned char flags;
    char buf[];
};
struct __attribute__((__packed__)) sdshdr16 {
    uint16_t len;
    uint16_t alloc;
    unsigned char flags;
    char buf[];
};
struct __attribute__((__packed__)) sdshdr32 {
    uint32_t len;
    uint32_t alloc;
    unsigned char flags;
    char buf[];
};
struct __attribute__((__packed__)) sdshdr64 {
    uint64_t len;
    uint64_t alloc;
    unsigned char flags;
    char buf[];
};

/* Header type codes stored in the low bits of the flags byte.  Code 0 is
 * deliberately unused so that a zeroed byte is never mistaken for a valid
 * header. */
/* Type 5 is only used for embedded strings (see sdsEmbedInit): the flags
 * byte holds the length in its 5 high bits and there is no other header, so
 * such a string is always exactly full (alloc == len) and read-only. */
#define SDS_TYPE_5 0
#define SDS_TYPE_5_MAXLEN 31
#define SDS_TYPE_8 1
#define SDS_TYPE_16 2
#define SDS_TYPE_32 3
#define SDS_TYPE_64 4
#define SDS_TYPE_MASK 7
#define SDS_TYPE_BITS 3

/* Pointer to the header of type T for string s. */
#define SDS_HDR(T, s) ((struct sdshdr##T *)((s) - (sizeof(struct sdshdr##T))))

static inline size_t sdslen(const sds s) {
    switch (((unsigned char)s[-1]) & SDS_TYPE_MASK) {
    case SDS_TYPE_5: return ((unsigned char)s[-1]) >> SDS_TYPE_BITS;
    case SDS_TYPE_8: return SDS_HDR(8, s)->len;
    case SDS_TYPE_16: return SDS_HDR(16, s)->len;
    case SDS_TYPE_32: return SDS_HDR(32, s)->len;
    case SDS_TYPE_64: return SDS_HDR(64, s)->len;
    }
    return 0;
}

static inline size_t sdsalloc(const sds s) {
    switch (((unsigned char)s[-1]) & SDS_TYPE_MASK) {
    case SDS_TYPE_5: return ((unsigned char)s[-1]) >> SDS_TYPE_BITS;
    case SDS_TYPE_8: return SDS_HDR(8, s)->alloc;
    case SDS_TYPE_16: return SDS_HDR(16, s)->alloc;
    case SDS_TYPE_32: return SDS_HDR(32, s)->alloc;
    case SDS_TYPE_64: return SDS_HDR(64, s)->alloc;
    }
    return 0;
}

/* Free bytes after the content (not counting the NUL terminator). */
static inline size_t sdsavail(const sds s) {
    switch (((unsigned char)s[-1]) & SDS_TYPE_MASK) {
    case SDS_TYPE_5: return 0;
    case SDS_TYPE_8: {
        struct sdshdr8 *h = SDS_HDR(8, s);
        return (size_t)(h->alloc - h->len);
    }
    case SDS_TYPE_16: {
        struct sdshdr16 *h = SDS_HDR(16, s);
        return (size_t)(h->alloc - h->len);
    }
    case SDS_TYPE_32: {
        struct sdshdr32 *h = SDS_HDR(32, s);
        return (size_t)(h->alloc - h->len);
    }
    case SDS_TYPE_64: {
        struct sdshdr64 *h = SDS_HDR(64, s);
        return (size_t)(h->alloc - h->len);
    }
    }
    return 0;
}

/* Set the length field only: the caller is responsible for the NUL
 * terminator and for newlen <= sdsalloc(s). */
static inline void sdssetlen(sds s, size_t newlen) {
    switch (((unsigned char)s[-1]) & SDS_TYPE_MASK) {
    case SDS_TYPE_8: SDS_HDR(8, s)->len = (uint8_t)newlen; break;
    case SDS_TYPE_16: SDS_HDR(16, s)->len = (uint16_t)newlen; break;
    case SDS_TYPE_32: SDS_HDR(32, s)->len = (uint32_t)newlen; break;
    case SDS_TYPE_64: SDS_HDR(64, s)->len = (uint64_t)newlen; break;
    }
}

static inline void sdsinclen(sds s, size_t inc) {
    switch (((unsigned char)s[-1]) & SDS_TYPE_MASK) {
    case SDS_TYPE_8: SDS_HDR(8, s)->len += (uint8_t)inc; break;
    case SDS_TYPE_16: SDS_HDR(16, s)->len += (uint16_t)inc; break;
    case SDS_TYPE_32: SDS_HDR(32, s)->len += (uint32_t)inc; break;
    case SDS_TYPE_64: SDS_HDR(64, s)->len += (uint64_t)inc; break;
    }
}

/* Set the alloc field only (the value must fit the header type). */
static inline void sdssetalloc(sds s, size_t newlen) {
    switch (((unsigned char)s[-1]) & SDS_TYPE_MASK) {
    case SDS_TYPE_8: SDS_HDR(8, s)->alloc = (uint8_t)newlen; break;
    case SDS_TYPE_16: SDS_HDR(16, s)->alloc = (uint16_t)newlen; break;
    case SDS_TYPE_32: SDS_HDR(32, s)->alloc = (uint32_t)newlen; break;
    case SDS_TYPE_64: SDS_HDR(64, s)->alloc = (uint64_t)newlen; break;
    }
}

/* Creation and destruction. */
sds sdsnewlen(const void *init, size_t initlen);
sds sdstrynewlen(const void *init, size_t initlen);
sds sdsnew(const char *init);
sds sdsempty(void);
sds sdsdup(const sds s);
void sdsfree(sds s);

/* Appending and copying.  All return the possibly relocated string. */
sds sdsgrowzero(sds s, size_t len);
sds sdscatlen(sds s, const void *t, size_t len);
sds sdscat(sds s, const char *t);
sds sdscatsds(sds s, const sds t);
sds sdscpylen(sds s, const char *t, size_t len);
sds sdscpy(sds s, const char *t);
sds sdscatvprintf(sds s, const char *fmt, va_list ap);
#ifdef __GNUC__
sds sdscatprintf(sds s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#else
sds sdscatprintf(sds s, const char *fmt, ...);
#endif
sds sdscatfmt(sds s, char const *fmt, ...);
sds sdscatrepr(sds s, const char *p, size_t len);
sds sdsfromlonglong(long long value);

/* In-place editing. */
sds sdstrim(sds s, const char *cset);
void sdssubstr(sds s, size_t start, size_t len);
void sdsrange(sds s, ssize_t start, ssize_t end);
void sdsupdatelen(sds s);
void sdsclear(sds s);
void sdstolower(sds s);
void sdstoupper(sds s);
sds sdsmapchars(sds s, const char *from, const char *to, size_t setlen);
int sdscmp(const sds s1, const sds s2);

/* Splitting and joining. */
sds *sdssplitlen(const char *s, ssize_t len, const char *sep, int seplen, int *count);
void sdsfreesplitres(sds *tokens, int count);
sds *sdssplitargs(const char *line, int *argc);
sds sdsjoin(char **argv, int argc, char *sep);
sds sdsjoinsds(sds *argv, int argc, const char *sep, size_t seplen);

/* Low level: capacity management. */
sds sdsMakeRoomFor(sds s, size_t addlen);
sds sdsMakeRoomForNonGreedy(sds s, size_t addlen);
void sdsIncrLen(sds s, ssize_t incr);
sds sdsRemoveFreeSpace(sds s, int would_regrow);
sds sdsResize(sds s, size_t size, int would_regrow);
size_t sdsAllocSize(sds s);
void *sdsAllocPtr(sds s);

/* Header helpers and embedding into foreign buffers. */
size_t sdsHdrSize(char type);
char sdsReqType(size_t len);
size_t sdsEmbedSize(size_t len);
sds sdsEmbedInit(void *buf, const void *init, size_t len);

#endif /* SDS_H */
