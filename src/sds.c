/* sds.c - Simple Dynamic Strings.  See sds.h for the memory layout and the
 * rules callers must follow. */
#include "sds.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "zmalloc.h"

const char *SDS_NOINIT = "SDS_NOINIT";

/* ------------------------------------------------------------------------
 * Header helpers
 * ------------------------------------------------------------------------ */

size_t sdsHdrSize(char type) {
    switch (type & SDS_TYPE_MASK) {
    case SDS_TYPE_5: return 1;
    case SDS_TYPE_8: return sizeof(struct sdshdr8);
    case SDS_TYPE_16: return sizeof(struct sdshdr16);
    case SDS_TYPE_32: return sizeof(struct sdshdr32);
    case SDS_TYPE_64: return sizeof(struct sdshdr64);
    }
    return 0;
}

/* Narrowest header able to describe a string of `len` bytes whose alloc is
 * also `len` (the NUL terminator is outside alloc, so 255 still fits the
 * 8-bit header). */
char sdsReqType(size_t len) {
    if (len <= UINT8_MAX) return SDS_TYPE_8;
    if (len <= UINT16_MAX) return SDS_TYPE_16;
#if SIZE_MAX > UINT32_MAX
    if (len <= UINT32_MAX) return SDS_TYPE_32;
    return SDS_TYPE_64;
#else
    return SDS_TYPE_32;
#endif
}

/* Largest len/alloc value a header type can hold. */
static inline size_t sdsTypeMaxSize(char type) {
    switch (type) {
    case SDS_TYPE_8: return UINT8_MAX;
    case SDS_TYPE_16: return UINT16_MAX;
#if SIZE_MAX > UINT32_MAX
    case SDS_TYPE_32: return UINT32_MAX;
#endif
    }
    return SIZE_MAX;
}

/* Fill in a header of the given type at `sh` and return the sds pointer. */
static inline sds sdsWriteHeader(void *sh, char type, size_t len, size_t alloc) {
    switch (type) {
    case SDS_TYPE_8: {
        struct sdshdr8 *h = sh;
        h->len = (uint8_t)len;
        h->alloc = (uint8_t)alloc;
        h->flags = (unsigned char)type;
        return h->buf;
    }
    case SDS_TYPE_16: {
        struct sdshdr16 *h = sh;
        h->len = (uint16_t)len;
        h->alloc = (uint16_t)alloc;
        h->flags = (unsigned char)type;
        return h->buf;
    }
    case SDS_TYPE_32: {
        struct sdshdr32 *h = sh;
        h->len = (uint32_t)len;
        h->alloc = (uint32_t)alloc;
        h->flags = (unsigned char)type;
        return h->buf;
    }
    default: {
        struct sdshdr64 *h = sh;
        h->len = (uint64_t)len;
        h->alloc = (uint64_t)alloc;
        h->flags = (unsigned char)SDS_TYPE_64;
        return h->buf;
    }
    }
}

/* Content capacity of the allocation `sh` holding a header of `type`:
 * everything the allocator gave us minus header and terminator, capped to
 * what the alloc field can express. */
static inline size_t sdsUsableAlloc(void *sh, char type, size_t hdrlen) {
    size_t usable = zmalloc_size(sh) - hdrlen - 1;
    size_t max = sdsTypeMaxSize(type);
    return usable > max ? max : usable;
}

/* ------------------------------------------------------------------------
 * Creation and destruction
 * ------------------------------------------------------------------------ */

static sds sdsCreate(const void *init, size_t initlen, int trymalloc) {
    char type = sdsReqType(initlen);
    size_t hdrlen = sdsHdrSize(type);
    size_t total = hdrlen + initlen + 1;

    if (total <= initlen) { /* size_t overflow */
        if (trymalloc) return NULL;
        abort();
    }
    void *sh = trymalloc ? ztrymalloc(total) : zmalloc(total);
    if (sh == NULL) return NULL;

    sds s = sdsWriteHeader(sh, type, initlen, sdsUsableAlloc(sh, type, hdrlen));
    if (init == SDS_NOINIT) {
        /* caller fills the content */
    } else if (init == NULL) {
        memset(s, 0, initlen);
    } else if (initlen) {
        memcpy(s, init, initlen);
    }
    s[initlen] = '\0';
    return s;
}

/* New string holding a copy of init[0..initlen).  A NULL init gives
 * initlen zero bytes; SDS_NOINIT leaves the content uninitialized. */
sds sdsnewlen(const void *init, size_t initlen) {
    return sdsCreate(init, initlen, 0);
}

/* Like sdsnewlen() but returns NULL instead of aborting when out of
 * memory. */
sds sdstrynewlen(const void *init, size_t initlen) {
    return sdsCreate(init, initlen, 1);
}

sds sdsempty(void) {
    return sdsCreate("", 0, 0);
}

/* New string from a NUL-terminated C string (NULL gives an empty one). */
sds sdsnew(const char *init) {
    size_t initlen = (init == NULL) ? 0 : strlen(init);
    return sdsCreate(init, initlen, 0);
}

sds sdsdup(const sds s) {
    return sdsCreate(s, sdslen(s), 0);
}

/* Free a string; NULL is accepted.  Never call it on an embedded sds. */
void sdsfree(sds s) {
    if (s == NULL) return;
    zfree(s - sdsHdrSize(s[-1]));
}

/* Bytes needed to embed a string of `len` bytes with sdsEmbedInit(). */
size_t sdsEmbedSize(size_t len) {
    if (len <= SDS_TYPE_5_MAXLEN) return 1 + len + 1;
    return sdsHdrSize(sdsReqType(len)) + len + 1;
}

/* Write an sds holding init[0..len) (zeroes if init is NULL) into `buf`,
 * which must have room for exactly sdsEmbedSize(len) bytes.  The string
 * has no free space (alloc == len) and belongs to whoever owns buf: it must
 * not be freed, grown or resized with sds functions. */
sds sdsEmbedInit(void *buf, const void *init, size_t len) {
    sds s;
    if (len <= SDS_TYPE_5_MAXLEN) {
        /* One header byte: the length and type 5. */
        ((unsigned char *)buf)[0] = (unsigned char)((len << SDS_TYPE_BITS) | SDS_TYPE_5);
        s = (char *)buf + 1;
    } else {
        s = sdsWriteHeader(buf, sdsReqType(len), len, len);
    }
    if (init == NULL)
        memset(s, 0, len);
    else if (len && init != SDS_NOINIT)
        memcpy(s, init, len);
    s[len] = '\0';
    return s;
}

/* ------------------------------------------------------------------------
 * Capacity management
 * ------------------------------------------------------------------------ */

/* Make sure at least `addlen` bytes can be appended after the current
 * content.  The length is unchanged; only the capacity may grow.  When
 * greedy, extra space is reserved to make a series of appends amortized
 * O(1): the target size is doubled while under SDS_MAX_PREALLOC and grows
 * by SDS_MAX_PREALLOC above it. */
static sds sdsGrow(sds s, size_t addlen, int greedy) {
    size_t len = sdslen(s);
    char oldtype = s[-1] & SDS_TYPE_MASK;
    size_t oldhdrlen = sdsHdrSize(oldtype);
    size_t reqlen = len + addlen;

    assert(reqlen >= len); /* overflow */
    size_t newlen = reqlen;
    if (greedy) {
        if (newlen < SDS_MAX_PREALLOC)
            newlen *= 2;
        else if (newlen <= SIZE_MAX - SDS_MAX_PREALLOC)
            newlen += SDS_MAX_PREALLOC;
    }

    char type = sdsReqType(newlen);
    size_t hdrlen = sdsHdrSize(type);
    assert(hdrlen + newlen + 1 > newlen); /* overflow */

    void *sh;
    if (type == oldtype) {
        /* Same header: let realloc extend in place when it can. */
        sh = zrealloc(s - oldhdrlen, hdrlen + newlen + 1);
        s = (char *)sh + hdrlen;
    } else {
        /* The header grows, so the content has to shift anyway: a fresh
         * allocation costs a single copy. */
        sh = zmalloc(hdrlen + newlen + 1);
        sds ns = sdsWriteHeader(sh, type, len, 0);
        memcpy(ns, s, len + 1);
        zfree(s - oldhdrlen);
        s = ns;
    }
    sdssetalloc(s, sdsUsableAlloc(sh, type, hdrlen));
    return s;
}

sds sdsMakeRoomFor(sds s, size_t addlen) {
    if (sdsavail(s) >= addlen) return s;
    return sdsGrow(s, addlen, 1);
}

/* Like sdsMakeRoomFor() but reserves only what was asked (plus whatever
 * slack the allocator gives). */
sds sdsMakeRoomForNonGreedy(sds s, size_t addlen) {
    if (sdsavail(s) >= addlen) return s;
    return sdsGrow(s, addlen, 0);
}

/* Reallocate so that the capacity is `size` bytes (plus allocator slack).
 * If size is smaller than the length, the content is truncated.
 *
 * Moving to a narrower header costs a full copy, so the current header is
 * kept when the string is expected to grow back (would_regrow) or when the
 * narrower header would not be the 8-bit one (the saving is a few bytes). */
sds sdsResize(sds s, size_t size, int would_regrow) {
    size_t len = sdslen(s);
    if (sdsalloc(s) == size) return s;
    if (size < len) len = size;

    char oldtype = s[-1] & SDS_TYPE_MASK;
    size_t oldhdrlen = sdsHdrSize(oldtype);
    char type = sdsReqType(size);
    if (type < oldtype && (would_regrow || type != SDS_TYPE_8)) type = oldtype;
    size_t hdrlen = sdsHdrSize(type);
    assert(hdrlen + size + 1 > size); /* overflow */

    void *sh;
    if (type == oldtype) {
        sh = zrealloc(s - oldhdrlen, hdrlen + size + 1);
        s = (char *)sh + hdrlen;
        sdssetlen(s, len);
    } else {
        sh = zmalloc(hdrlen + size + 1);
        sds ns = sdsWriteHeader(sh, type, len, 0);
        memcpy(ns, s, len);
        zfree(s - oldhdrlen);
        s = ns;
    }
    s[len] = '\0';
    sdssetalloc(s, sdsUsableAlloc(sh, type, hdrlen));
    return s;
}

/* Drop the free space at the end of the string (the allocator may still
 * round the block up; that slack remains visible as sdsavail()). */
sds sdsRemoveFreeSpace(sds s, int would_regrow) {
    return sdsResize(s, sdslen(s), would_regrow);
}

/* Total size of the allocation behind s: header, content, free space and
 * terminator. */
size_t sdsAllocSize(sds s) {
    return sdsHdrSize(s[-1]) + sdsalloc(s) + 1;
}

/* Start of the allocation (the header). */
void *sdsAllocPtr(sds s) {
    return (void *)(s - sdsHdrSize(s[-1]));
}

/* Adjust the length after writing directly into the free space (positive
 * incr) or to drop bytes from the end (negative incr), and re-terminate.
 *
 *     s = sdsMakeRoomFor(s, 64);
 *     n = read(fd, s + sdslen(s), 64);
 *     if (n > 0) sdsIncrLen(s, n);
 */
void sdsIncrLen(sds s, ssize_t incr) {
    size_t len = sdslen(s);
    if (incr >= 0)
        assert(sdsavail(s) >= (size_t)incr);
    else
        assert(len >= (size_t)(-(incr + 1)) + 1);
    len += (size_t)incr; /* modular arithmetic handles negative incr */
    sdssetlen(s, len);
    s[len] = '\0';
}

/* ------------------------------------------------------------------------
 * Appending and copying
 * ------------------------------------------------------------------------ */

/* Extend the string to `len` bytes, filling the new bytes with zeroes.
 * Does nothing if it is already at least that long. */
sds sdsgrowzero(sds s, size_t len) {
    size_t cur = sdslen(s);
    if (len <= cur) return s;
    s = sdsMakeRoomFor(s, len - cur);
    memset(s + cur, 0, len - cur + 1); /* includes the terminator */
    sdssetlen(s, len);
    return s;
}

/* Append len bytes from t (binary safe).
 *
 * This is the hottest sds function, so the header is decoded once: length
 * and capacity are read with a single dispatch on the type, and the new
 * length is stored the same way (the compiler cannot reuse an earlier read
 * of the flags byte across the memcpy). */
sds sdscatlen(sds s, const void *t, size_t len) {
    size_t cur, alloc;
    char type = s[-1] & SDS_TYPE_MASK;

    switch (type) {
    case SDS_TYPE_8: cur = SDS_HDR(8, s)->len; alloc = SDS_HDR(8, s)->alloc; break;
    case SDS_TYPE_16: cur = SDS_HDR(16, s)->len; alloc = SDS_HDR(16, s)->alloc; break;
    case SDS_TYPE_32: cur = SDS_HDR(32, s)->len; alloc = SDS_HDR(32, s)->alloc; break;
    default: cur = SDS_HDR(64, s)->len; alloc = SDS_HDR(64, s)->alloc; break;
    }
    if (alloc - cur < len) {
        s = sdsGrow(s, len, 1);
        type = s[-1] & SDS_TYPE_MASK;
    }
    memcpy(s + cur, t, len);
    size_t newlen = cur + len;
    s[newlen] = '\0';
    switch (type) {
    case SDS_TYPE_8: SDS_HDR(8, s)->len = (uint8_t)newlen; break;
    case SDS_TYPE_16: SDS_HDR(16, s)->len = (uint16_t)newlen; break;
    case SDS_TYPE_32: SDS_HDR(32, s)->len = (uint32_t)newlen; break;
    default: SDS_HDR(64, s)->len = (uint64_t)newlen; break;
    }
    return s;
}

sds sdscat(sds s, const char *t) {
    return sdscatlen(s, t, strlen(t));
}

sds sdscatsds(sds s, const sds t) {
    return sdscatlen(s, t, sdslen(t));
}

/* Replace the content with len bytes from t. */
sds sdscpylen(sds s, const char *t, size_t len) {
    if (sdsalloc(s) < len) s = sdsMakeRoomFor(s, len - sdslen(s));
    memmove(s, t, len);
    s[len] = '\0';
    sdssetlen(s, len);
    return s;
}

sds sdscpy(sds s, const char *t) {
    return sdscpylen(s, t, strlen(t));
}

/* printf-style append.  The text is formatted into a scratch buffer first,
 * so arguments may safely point into s itself. */
sds sdscatvprintf(sds s, const char *fmt, va_list ap) {
    char stackbuf[1024];
    va_list cpy;

    va_copy(cpy, ap);
    int n = vsnprintf(stackbuf, sizeof(stackbuf), fmt, cpy);
    va_end(cpy);
    if (n < 0) return s; /* encoding error: leave s untouched */
    if ((size_t)n < sizeof(stackbuf)) return sdscatlen(s, stackbuf, (size_t)n);

    char *buf = zmalloc((size_t)n + 1);
    va_copy(cpy, ap);
    int m = vsnprintf(buf, (size_t)n + 1, fmt, cpy);
    va_end(cpy);
    if (m >= 0) s = sdscatlen(s, buf, (size_t)m <= (size_t)n ? (size_t)m : (size_t)n);
    zfree(buf);
    return s;
}

sds sdscatprintf(sds s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    s = sdscatvprintf(s, fmt, ap);
    va_end(ap);
    return s;
}

/* A small, fast formatter that does not go through libc's printf:
 *
 *   %s  C string          %S  sds
 *   %i  int               %I  long long
 *   %u  unsigned int      %U  unsigned long long
 *   %%  a literal '%'
 *
 * Any other character after '%' is copied as is; a '%' ending the format is
 * copied too.  No widths, precisions or flags. */
sds sdscatfmt(sds s, char const *fmt, ...) {
    va_list ap;
    char num[LONG_STR_SIZE];
    const char *f = fmt;

    /* Most formats are short: one reservation avoids repeated growth. */
    s = sdsMakeRoomFor(s, strlen(fmt) * 2);
    va_start(ap, fmt);
    while (*f) {
        const char *pct = strchr(f, '%');
        if (pct == NULL) {
            s = sdscatlen(s, f, strlen(f));
            break;
        }
        if (pct != f) s = sdscatlen(s, f, (size_t)(pct - f));
        f = pct + 1;

        const char *str;
        size_t l;
        switch (*f) {
        case 's':
            str = va_arg(ap, const char *);
            s = sdscatlen(s, str, strlen(str));
            break;
        case 'S':
            str = va_arg(ap, sds);
            s = sdscatlen(s, str, sdslen((sds)str));
            break;
        case 'i':
            l = (size_t)ll2string(num, sizeof(num), va_arg(ap, int));
            s = sdscatlen(s, num, l);
            break;
        case 'I':
            l = (size_t)ll2string(num, sizeof(num), va_arg(ap, long long));
            s = sdscatlen(s, num, l);
            break;
        case 'u':
            l = (size_t)ull2string(num, sizeof(num), va_arg(ap, unsigned int));
            s = sdscatlen(s, num, l);
            break;
        case 'U':
            l = (size_t)ull2string(num, sizeof(num), va_arg(ap, unsigned long long));
            s = sdscatlen(s, num, l);
            break;
        case '\0':
            s = sdscatlen(s, "%", 1);
            continue; /* loop ends on the terminator */
        default: /* "%%" and unknown verbs: copy the character */
            s = sdscatlen(s, f, 1);
            break;
        }
        f++;
    }
    va_end(ap);
    return s;
}

/* Append a quoted, escaped representation of p[0..len), suitable for
 * logging binary data: "\n" "\r" "\t" "\a" "\b" "\\" "\"" escapes, other
 * non-printable bytes as \xHH. */
sds sdscatrepr(sds s, const char *p, size_t len) {
    static const char hex[] = "0123456789abcdef";
    s = sdsMakeRoomFor(s, len + 2);
    s = sdscatlen(s, "\"", 1);
    while (len--) {
        unsigned char c = (unsigned char)*p++;
        char esc[4];
        size_t n = 2;
        esc[0] = '\\';
        switch (c) {
        case '\\': esc[1] = '\\'; break;
        case '"': esc[1] = '"'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\a': esc[1] = 'a'; break;
        case '\b': esc[1] = 'b'; break;
        default:
            if (c >= 0x20 && c <= 0x7e) {
                esc[0] = (char)c;
                n = 1;
            } else {
                esc[1] = 'x';
                esc[2] = hex[c >> 4];
                esc[3] = hex[c & 15];
                n = 4;
            }
        }
        s = sdscatlen(s, esc, n);
    }
    return sdscatlen(s, "\"", 1);
}

sds sdsfromlonglong(long long value) {
    char buf[LONG_STR_SIZE];
    int len = ll2string(buf, sizeof(buf), value);
    return sdsnewlen(buf, (size_t)len);
}

/* ------------------------------------------------------------------------
 * In-place editing
 * ------------------------------------------------------------------------ */

/* Remove from both ends every byte found in the C string cset.
 *
 *     s = sdstrim(sdsnew("  -hello-  "), " -");   => "hello"
 */
sds sdstrim(sds s, const char *cset) {
    unsigned char set[32] = {0};
    for (const unsigned char *c = (const unsigned char *)cset; *c; c++)
        set[*c >> 3] |= (unsigned char)(1u << (*c & 7));
#define IN_SET(ch) (set[(unsigned char)(ch) >> 3] & (1u << ((unsigned char)(ch) & 7)))

    size_t len = sdslen(s);
    size_t start = 0, end = len;
    while (start < end && IN_SET(s[start])) start++;
    while (end > start && IN_SET(s[end - 1])) end--;
#undef IN_SET
    len = end - start;
    if (start) memmove(s, s + start, len);
    s[len] = '\0';
    sdssetlen(s, len);
    return s;
}

/* Keep only the len bytes starting at start (both clamped to the current
 * content). */
void sdssubstr(sds s, size_t start, size_t len) {
    size_t oldlen = sdslen(s);
    if (start >= oldlen) {
        start = 0;
        len = 0;
    } else if (len > oldlen - start) {
        len = oldlen - start;
    }
    if (start && len) memmove(s, s + start, len);
    s[len] = '\0';
    sdssetlen(s, len);
}

/* Keep the inclusive range [start, end].  Negative indexes count from the
 * end (-1 is the last byte).  Out-of-range indexes are clamped, and an
 * empty range empties the string.
 *
 *     s = "Hello World"; sdsrange(s, 1, -1);   => "ello World"
 */
void sdsrange(sds s, ssize_t start, ssize_t end) {
    size_t len = sdslen(s);
    if (len == 0) return;
    if (start < 0) {
        start += (ssize_t)len;
        if (start < 0) start = 0;
    }
    if (end < 0) {
        end += (ssize_t)len;
        if (end < 0) end = 0;
    }
    size_t newlen = (start > end) ? 0 : (size_t)(end - start) + 1;
    sdssubstr(s, (size_t)start, newlen);
}

/* Recompute the length with strlen(), after the content was edited by
 * hand (for example truncated by writing a NUL). */
void sdsupdatelen(sds s) {
    sdssetlen(s, strlen(s));
}

/* Make the string empty, keeping its capacity. */
void sdsclear(sds s) {
    sdssetlen(s, 0);
    s[0] = '\0';
}

void sdstolower(sds s) {
    size_t len = sdslen(s);
    for (size_t j = 0; j < len; j++)
        if (s[j] >= 'A' && s[j] <= 'Z') s[j] = (char)(s[j] + ('a' - 'A'));
}

void sdstoupper(sds s) {
    size_t len = sdslen(s);
    for (size_t j = 0; j < len; j++)
        if (s[j] >= 'a' && s[j] <= 'z') s[j] = (char)(s[j] - ('a' - 'A'));
}

/* Replace every occurrence of from[i] with to[i], for i < setlen.  When a
 * byte appears more than once in from, its first occurrence wins. */
sds sdsmapchars(sds s, const char *from, const char *to, size_t setlen) {
    size_t len = sdslen(s);
    for (size_t j = 0; j < len; j++) {
        for (size_t i = 0; i < setlen; i++) {
            if (s[j] == from[i]) {
                s[j] = to[i];
                break;
            }
        }
    }
    return s;
}

/* memcmp() order; a proper prefix sorts first.  Returns <0, 0 or >0. */
int sdscmp(const sds s1, const sds s2) {
    size_t l1 = sdslen(s1), l2 = sdslen(s2);
    size_t min = l1 < l2 ? l1 : l2;
    int cmp = min ? memcmp(s1, s2, min) : 0;
    if (cmp) return cmp;
    return (l1 > l2) - (l1 < l2);
}

/* ------------------------------------------------------------------------
 * Splitting and joining
 * ------------------------------------------------------------------------ */

/* Split s[0..len) on every occurrence of the (binary) separator sep.
 * Returns an array of *count new strings, to be released with
 * sdsfreesplitres().  Adjacent separators produce empty tokens.  An empty
 * input or an empty separator gives NULL with *count == 0.
 *
 *     sdssplitlen("a,b,,c", 6, ",", 1, &n)   => "a" "b" "" "c"
 */
sds *sdssplitlen(const char *s, ssize_t len, const char *sep, int seplen, int *count) {
    *count = 0;
    if (seplen < 1 || len <= 0) return NULL;

    int slots = 8, n = 0;
    sds *tokens = zmalloc(sizeof(sds) * (size_t)slots);
    size_t ulen = (size_t)len, usep = (size_t)seplen;
    size_t start = 0, j = 0;

    while (ulen >= usep && j <= ulen - usep) {
        if (s[j] == sep[0] && (usep == 1 || memcmp(s + j, sep, usep) == 0)) {
            if (n + 2 > slots) {
                slots *= 2;
                tokens = zrealloc(tokens, sizeof(sds) * (size_t)slots);
            }
            tokens[n++] = sdsnewlen(s + start, j - start);
            j += usep;
            start = j;
        } else {
            j++;
        }
    }
    /* The trailing token, always present (possibly empty). */
    tokens[n++] = sdsnewlen(s + start, ulen - start);
    *count = n;
    return tokens;
}

void sdsfreesplitres(sds *tokens, int count) {
    if (tokens == NULL) return;
    for (int j = 0; j < count; j++) sdsfree(tokens[j]);
    zfree(tokens);
}

static int hexDigitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int isArgSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}

/* Split a command line into arguments the way a shell-like prompt would
 * (redis-cli, config files, inline commands):
 *
 *   - arguments are separated by whitespace;
 *   - "double quotes" allow the escapes \n \r \t \b \a, \xHH (two hex
 *     digits) and a backslash before any other character, which stands for
 *     that character;
 *   - 'single quotes' take everything literally except \' (a quote);
 *   - a quoted part may follow unquoted text in the same argument
 *     (foo"bar" is "foobar"), but a closing quote must be followed by
 *     whitespace or the end of the line.
 *
 * Returns an array of *argc strings (free with sdsfreesplitres()); an empty
 * or blank line gives a valid array with *argc == 0.  Returns NULL (and
 * *argc == 0) on an unterminated quote or a closing quote followed by
 * something else. */
sds *sdssplitargs(const char *line, int *argc) {
    const char *p = line;
    sds *vector = NULL;
    int n = 0;

    *argc = 0;
    for (;;) {
        while (*p && isArgSpace(*p)) p++;
        if (*p == '\0') break;

        sds cur = sdsempty();
        int quote = 0; /* 0, '"' or '\'' */
        int done = 0;
        while (!done) {
            char c = *p;
            if (quote == '"') {
                int h1, h2;
                if (c == '\0') goto err;
                if (c == '\\' && p[1] == 'x' && (h1 = hexDigitValue(p[2])) >= 0 &&
                    (h2 = hexDigitValue(p[3])) >= 0) {
                    char b = (char)(h1 * 16 + h2);
                    cur = sdscatlen(cur, &b, 1);
                    p += 4;
                    continue;
                }
                if (c == '\\' && p[1] != '\0') {
                    char b;
                    switch (p[1]) {
                    case 'n': b = '\n'; break;
                    case 'r': b = '\r'; break;
                    case 't': b = '\t'; break;
                    case 'b': b = '\b'; break;
                    case 'a': b = '\a'; break;
                    default: b = p[1]; break;
                    }
                    cur = sdscatlen(cur, &b, 1);
                    p += 2;
                    continue;
                }
                if (c == '"') {
                    if (p[1] != '\0' && !isArgSpace(p[1])) goto err;
                    done = 1;
                } else {
                    cur = sdscatlen(cur, p, 1);
                }
                p++;
            } else if (quote == '\'') {
                if (c == '\0') goto err;
                if (c == '\\' && p[1] == '\'') {
                    cur = sdscatlen(cur, "'", 1);
                    p += 2;
                    continue;
                }
                if (c == '\'') {
                    if (p[1] != '\0' && !isArgSpace(p[1])) goto err;
                    done = 1;
                } else {
                    cur = sdscatlen(cur, p, 1);
                }
                p++;
            } else {
                if (c == '\0' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    done = 1;
                    if (c) p++;
                } else {
                    if (c == '"' || c == '\'')
                        quote = c;
                    else
                        cur = sdscatlen(cur, p, 1);
                    p++;
                }
            }
        }
        vector = zrealloc(vector, sizeof(sds) * (size_t)(n + 1));
        vector[n++] = cur;
        continue;

    err:
        sdsfree(cur);
        sdsfreesplitres(vector, n);
        *argc = 0;
        return NULL;
    }
    if (vector == NULL) vector = zmalloc(sizeof(sds));
    *argc = n;
    return vector;
}

/* Join C strings with a C string separator. */
sds sdsjoin(char **argv, int argc, char *sep) {
    sds join = sdsempty();
    size_t seplen = strlen(sep);
    for (int j = 0; j < argc; j++) {
        join = sdscat(join, argv[j]);
        if (j != argc - 1) join = sdscatlen(join, sep, seplen);
    }
    return join;
}

/* Join sds strings with a binary separator. */
sds sdsjoinsds(sds *argv, int argc, const char *sep, size_t seplen) {
    sds join = sdsempty();
    for (int j = 0; j < argc; j++) {
        join = sdscatsds(join, argv[j]);
        if (j != argc - 1) join = sdscatlen(join, sep, seplen);
    }
    return join;
}
