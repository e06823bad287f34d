/* listpack.c - a compact, serialized list of strings and integers.
 *
 * THE BYTE FORMAT
 * ---------------
 * These bytes are stored unchanged in RDB files and DUMP payloads (hashes,
 * sorted sets, quicklist nodes, stream entries), so they follow Redis 7.0
 * exactly.  All multi-byte integers are little endian.
 *
 *   +-------------+-----------+---------+---------+-----+---------+------+
 *   | total bytes | num elems | entry 0 | entry 1 | ... | entry N | 0xFF |
 *   |   4 bytes   |  2 bytes  |         |         |     |         |      |
 *   +-------------+-----------+---------+---------+-----+---------+------+
 *
 * "total bytes" covers everything, terminator included.  "num elems" is the
 * element count, or 65535 when the count is too large to keep there: then
 * lpLength() counts by walking, and writes the count back if it has dropped
 * under 65535.
 *
 * Each entry is   <encoding + data> <backlen>
 *
 * The first byte of the encoding tells the type and, for the small types,
 * part of the value or length:
 *
 *   0xxxxxxx                       7-bit unsigned integer 0..127
 *   10xxxxxx  <data>               string of 0..63 bytes (length in x)
 *   110xxxxx yyyyyyyy              13-bit signed integer, x high bits, y low
 *                                  (two's complement, -4096..4095)
 *   1110xxxx yyyyyyyy <data>       string of 64..4095 bytes, x high, y low
 *   11110000 <4 bytes len> <data>  string of 4096 bytes and more
 *   11110001 <2 bytes>             16-bit signed integer
 *   11110010 <3 bytes>             24-bit signed integer
 *   11110011 <4 bytes>             32-bit signed integer
 *   11110100 <8 bytes>             64-bit signed integer
 *   11111111                       end of listpack (never an entry)
 *   11110101 .. 11111110           unused, invalid
 *
 * A string that is the canonical decimal form of a 64-bit integer (as
 * accepted by string2ll(): no '+', no leading zeros, no "-0", no spaces) is
 * always stored as an integer, in the smallest integer encoding that fits.
 * Reading it back gives the same decimal text, so the caller cannot tell.
 *
 * "backlen" is the length L of <encoding + data>, written so that it can be
 * read backwards from the byte before the next entry: 1 to 5 bytes, 7 bits
 * of L per byte, the most significant group in the first (lowest address)
 * byte.  Every byte but the first has its top bit set, so a reader going
 * right-to-left knows to continue while it sees that bit.  The byte count
 * is 1 for L <= 127, 2 for L < 16383, 3 for L < 2097151, 4 for L <
 * 268435455, else 5 (note the odd "<" bounds: an entry of exactly 16383
 * bytes takes a 3-byte backlen; this is what Redis writes).
 *
 * Example, RPUSH l a 300 gives:
 *   0d000000 0200 | 81 61 02 | c1 2c 02 | ff
 *   13 bytes, 2 entries; "a" = 6-bit string + backlen 2; 300 = 13-bit int
 *   0x12c + backlen 2; terminator.
 *
 * THE CODE
 * --------
 * Every change goes through lpInsertAt(): it computes the final size, grows
 * the allocation if needed, slides the tail with one memmove and writes the
 * new entry in place.  No temporary buffers are allocated: integers are
 * encoded into a small stack buffer, string bytes are copied straight from
 * the caller.  Because of that the string given to an insertion must not
 * point inside the listpack being modified.
 *
 * Readers assume a well-formed listpack.  Bytes from outside (RDB, RESTORE)
 * must first pass lpValidateIntegrity(), which checks every length against
 * the buffer size and never reads out of bounds. */
#include "listpack.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "zmalloc.h"

#define LP_HDR_SIZE 6
#define LP_HDR_NUMELE_UNKNOWN UINT16_MAX
#define LP_EOF 0xFF

/* ------------------------------------------------------------------------
 * Header access
 * ------------------------------------------------------------------------ */

static inline uint32_t lpHdrTotal(const unsigned char *lp) {
    return (uint32_t)lp[0] | (uint32_t)lp[1] << 8 | (uint32_t)lp[2] << 16 | (uint32_t)lp[3] << 24;
}

static inline void lpSetHdrTotal(unsigned char *lp, uint32_t v) {
    lp[0] = v & 0xff;
    lp[1] = (v >> 8) & 0xff;
    lp[2] = (v >> 16) & 0xff;
    lp[3] = (v >> 24) & 0xff;
}

static inline uint32_t lpHdrCount(const unsigned char *lp) {
    return (uint32_t)lp[4] | (uint32_t)lp[5] << 8;
}

static inline void lpSetHdrCount(unsigned char *lp, uint32_t v) {
    lp[4] = v & 0xff;
    lp[5] = (v >> 8) & 0xff;
}

/* ------------------------------------------------------------------------
 * Encoding helpers
 * ------------------------------------------------------------------------ */

/* Number of bytes of the back length for an entry of `l` bytes. */
static inline unsigned lpBacklenSize(uint64_t l) {
    if (l <= 127) return 1;
    if (l < 16383) return 2;
    if (l < 2097151) return 3;
    if (l < 268435455) return 4;
    return 5;
}

/* Write the `n`-byte back length of `l` at buf. */
static inline void lpWriteBacklen(unsigned char *buf, uint64_t l, unsigned n) {
    for (unsigned i = 0; i < n; i++) {
        unsigned char b = (l >> (7 * (n - 1 - i))) & 127;
        buf[i] = i ? (b | 128) : b;
    }
}

/* Read a back length whose last byte is at q (trusted data). */
static inline uint64_t lpReadBacklen(const unsigned char *q) {
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
        v |= (uint64_t)(q[0] & 127) << shift;
        if (!(q[0] & 128)) break;
        shift += 7;
        q--;
    }
    return v;
}

/* Bytes an entry's first byte says must be present to know its size:
 * 1, 2 (12-bit string), 5 (32-bit string), 0 for an invalid byte. */
static inline unsigned lpSizeFieldBytes(unsigned char b) {
    if (b < 0xE0) return 1;
    if (b < 0xF0) return 2;
    if (b == 0xF0) return 5;
    if (b <= 0xF4) return 1;
    return 0;
}

/* Size of <encoding + data> of the entry at p (trusted data); 0 for an
 * invalid first byte.  Needs lpSizeFieldBytes(p[0]) readable bytes. */
static inline uint64_t lpEncodedSize(const unsigned char *p) {
    unsigned char b = p[0];
    if (b < 0x80) return 1;
    if (b < 0xC0) return 1 + (b & 0x3F);
    if (b < 0xE0) return 2;
    if (b < 0xF0) return 2 + (((uint64_t)(b & 0x0F) << 8) | p[1]);
    switch (b) {
    case 0xF0:
        return 5 + ((uint64_t)p[1] | (uint64_t)p[2] << 8 | (uint64_t)p[3] << 16 | (uint64_t)p[4] << 24);
    case 0xF1: return 3;
    case 0xF2: return 4;
    case 0xF3: return 5;
    case 0xF4: return 9;
    }
    return 0;
}

/* Full size of the entry at p, back length included. */
static inline uint64_t lpEntrySize(const unsigned char *p) {
    uint64_t l = lpEncodedSize(p);
    return l + lpBacklenSize(l);
}

/* The byte following the entry at p. */
static inline unsigned char *lpSkip(unsigned char *p) {
    return p + lpEntrySize(p);
}

/* Encode an integer into buf (at most 9 bytes); returns the length. */
static unsigned lpEncodeInt(unsigned char *buf, int64_t v) {
    if (v >= 0 && v <= 127) {
        buf[0] = (unsigned char)v;
        return 1;
    }
    if (v >= -4096 && v <= 4095) {
        uint64_t u = (uint64_t)v & 0x1FFF;
        buf[0] = 0xC0 | (unsigned char)(u >> 8);
        buf[1] = u & 0xff;
        return 2;
    }
    unsigned n;
    if (v >= INT16_MIN && v <= INT16_MAX) {
        buf[0] = 0xF1;
        n = 2;
    } else if (v >= -8388608 && v <= 8388607) {
        buf[0] = 0xF2;
        n = 3;
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        buf[0] = 0xF3;
        n = 4;
    } else {
        buf[0] = 0xF4;
        n = 8;
    }
    uint64_t u = (uint64_t)v;
    for (unsigned i = 0; i < n; i++) buf[1 + i] = (u >> (8 * i)) & 0xff;
    return n + 1;
}

/* Encode a string header for a string of len bytes; returns its size. */
static unsigned lpEncodeStrHeader(unsigned char *buf, uint32_t len) {
    if (len < 64) {
        buf[0] = 0x80 | (unsigned char)len;
        return 1;
    }
    if (len < 4096) {
        buf[0] = 0xE0 | (unsigned char)(len >> 8);
        buf[1] = len & 0xff;
        return 2;
    }
    buf[0] = 0xF0;
    buf[1] = len & 0xff;
    buf[2] = (len >> 8) & 0xff;
    buf[3] = (len >> 16) & 0xff;
    buf[4] = (len >> 24) & 0xff;
    return 5;
}

/* Decode the entry at p (trusted).  A string returns its bytes and length
 * in *slen; an integer returns NULL with the value in *ival.  The entry's
 * full size (back length included) goes to *size when size is not NULL. */
static inline unsigned char *lpDecode(unsigned char *p, int64_t *ival, uint32_t *slen, uint64_t *size) {
    unsigned char b = p[0];
    uint64_t enc;
    unsigned char *str = NULL;
    int64_t v = 0;

    if (b < 0x80) {
        v = b;
        enc = 1;
    } else if (b < 0xC0) {
        *slen = b & 0x3F;
        str = p + 1;
        enc = 1 + *slen;
    } else if (b < 0xE0) {
        uint32_t u = ((uint32_t)(b & 0x1F) << 8) | p[1];
        v = (u >= 4096) ? (int64_t)u - 8192 : (int64_t)u;
        enc = 2;
    } else if (b < 0xF0) {
        *slen = ((uint32_t)(b & 0x0F) << 8) | p[1];
        str = p + 2;
        enc = 2 + (uint64_t)*slen;
    } else {
        switch (b) {
        case 0xF0:
            *slen = (uint32_t)p[1] | (uint32_t)p[2] << 8 | (uint32_t)p[3] << 16 | (uint32_t)p[4] << 24;
            str = p + 5;
            enc = 5 + (uint64_t)*slen;
            break;
        case 0xF1:
            v = (int16_t)((uint16_t)p[1] | (uint16_t)p[2] << 8);
            enc = 3;
            break;
        case 0xF2: {
            uint32_t u = (uint32_t)p[1] | (uint32_t)p[2] << 8 | (uint32_t)p[3] << 16;
            v = (u & 0x800000) ? (int64_t)u - 0x1000000 : (int64_t)u;
            enc = 4;
            break;
        }
        case 0xF3:
            v = (int32_t)((uint32_t)p[1] | (uint32_t)p[2] << 8 | (uint32_t)p[3] << 16 | (uint32_t)p[4] << 24);
            enc = 5;
            break;
        case 0xF4: {
            uint64_t u = 0;
            for (int i = 8; i >= 1; i--) u = (u << 8) | p[i];
            v = (int64_t)u;
            enc = 9;
            break;
        }
        default:
            /* Only reached with corrupt data that skipped validation. */
            assert(0 && "invalid listpack encoding");
            return NULL;
        }
    }
    if (size) *size = enc + lpBacklenSize(enc);
    if (!str) *ival = v;
    return str;
}

/* ------------------------------------------------------------------------
 * Creation and size
 * ------------------------------------------------------------------------ */

unsigned char *lpNew(size_t capacity) {
    unsigned char *lp = zmalloc(capacity > LP_HDR_SIZE + 1 ? capacity : LP_HDR_SIZE + 1);
    lpSetHdrTotal(lp, LP_HDR_SIZE + 1);
    lpSetHdrCount(lp, 0);
    lp[LP_HDR_SIZE] = LP_EOF;
    return lp;
}

void lpFree(unsigned char *lp) {
    zfree(lp);
}

unsigned char *lpShrinkToFit(unsigned char *lp) {
    size_t used = lpHdrTotal(lp);
    if (zmalloc_size(lp) > used) lp = zrealloc(lp, used);
    return lp;
}

size_t lpBytes(unsigned char *lp) {
    return lpHdrTotal(lp);
}

unsigned long lpLength(unsigned char *lp) {
    uint32_t n = lpHdrCount(lp);
    if (n != LP_HDR_NUMELE_UNKNOWN) return n;

    unsigned long count = 0;
    unsigned char *p = lp + LP_HDR_SIZE;
    while (*p != LP_EOF) {
        count++;
        p = lpSkip(p);
    }
    if (count < LP_HDR_NUMELE_UNKNOWN) lpSetHdrCount(lp, (uint32_t)count);
    return count;
}

int lpSafeToAdd(unsigned char *lp, size_t add) {
    size_t len = lp ? lpHdrTotal(lp) : 0;
    return len + add <= LISTPACK_MAX_SAFETY_SIZE;
}

/* ------------------------------------------------------------------------
 * The one mutation primitive
 * ------------------------------------------------------------------------ */

/* A new element ready to be written: `hdr` holds the whole encoding of an
 * integer, or the header of a string whose bytes are at `str`. */
typedef struct {
    unsigned char hdr[9];
    unsigned hdrlen;
    const unsigned char *str;
    uint32_t slen;
} lpNewElem;

static void lpPrepareString(lpNewElem *e, const unsigned char *s, uint32_t slen) {
    long long v;
    if (slen <= 20 && string2ll((const char *)s, slen, &v)) {
        e->hdrlen = lpEncodeInt(e->hdr, v);
        e->str = NULL;
        e->slen = 0;
    } else {
        e->hdrlen = lpEncodeStrHeader(e->hdr, slen);
        e->str = s;
        e->slen = slen;
    }
}

static void lpPrepareInt(lpNewElem *e, long long v) {
    e->hdrlen = lpEncodeInt(e->hdr, v);
    e->str = NULL;
    e->slen = 0;
}

/* Insert e before/after p, or replace p with e (LP_REPLACE), or delete p
 * (e == NULL, LP_REPLACE).  See lpInsertString() for newp. */
static unsigned char *lpInsertAt(unsigned char *lp, const lpNewElem *e, unsigned char *p,
                                 int where, unsigned char **newp) {
    size_t oldbytes = lpHdrTotal(lp);

    if (where == LP_AFTER) {
        assert(*p != LP_EOF);
        p = lpSkip(p);
        where = LP_BEFORE;
    }
    size_t poff = (size_t)(p - lp);

    uint64_t enclen = e ? (uint64_t)e->hdrlen + e->slen : 0;
    unsigned blen = e ? lpBacklenSize(enclen) : 0;
    uint64_t newsz = enclen + blen;
    uint64_t oldsz = (where == LP_REPLACE) ? lpEntrySize(p) : 0;
    uint64_t newbytes = (uint64_t)oldbytes + newsz - oldsz;
    if (newbytes > UINT32_MAX) return NULL;

    /* Grow first (the tail moves right), or move first and shrink after. */
    if (newbytes > oldbytes && newbytes > zmalloc_size(lp)) lp = zrealloc(lp, newbytes);
    unsigned char *dst = lp + poff;
    if (newsz != oldsz) memmove(dst + newsz, dst + oldsz, oldbytes - poff - oldsz);
    if (newbytes < oldbytes) {
        lp = zrealloc(lp, newbytes);
        dst = lp + poff;
    }

    if (e) {
        memcpy(dst, e->hdr, e->hdrlen);
        if (e->str) memcpy(dst + e->hdrlen, e->str, e->slen);
        lpWriteBacklen(dst + enclen, enclen, blen);
    }

    lpSetHdrTotal(lp, (uint32_t)newbytes);
    uint32_t count = lpHdrCount(lp);
    if (count != LP_HDR_NUMELE_UNKNOWN) {
        if (!e) lpSetHdrCount(lp, count - 1);
        else if (where == LP_BEFORE) lpSetHdrCount(lp, count + 1);
    }

    if (newp) *newp = (!e && *dst == LP_EOF) ? NULL : dst;
    return lp;
}

/* ------------------------------------------------------------------------
 * Insertion, replacement, deletion
 * ------------------------------------------------------------------------ */

unsigned char *lpInsertString(unsigned char *lp, unsigned char *s, uint32_t slen,
                              unsigned char *p, int where, unsigned char **newp) {
    lpNewElem e;
    lpPrepareString(&e, s, slen);
    return lpInsertAt(lp, &e, p, where, newp);
}

unsigned char *lpInsertInteger(unsigned char *lp, long long lval,
                               unsigned char *p, int where, unsigned char **newp) {
    lpNewElem e;
    lpPrepareInt(&e, lval);
    return lpInsertAt(lp, &e, p, where, newp);
}

unsigned char *lpAppend(unsigned char *lp, unsigned char *s, uint32_t slen) {
    return lpInsertString(lp, s, slen, lp + lpHdrTotal(lp) - 1, LP_BEFORE, NULL);
}

unsigned char *lpAppendInteger(unsigned char *lp, long long lval) {
    return lpInsertInteger(lp, lval, lp + lpHdrTotal(lp) - 1, LP_BEFORE, NULL);
}

unsigned char *lpPrepend(unsigned char *lp, unsigned char *s, uint32_t slen) {
    return lpInsertString(lp, s, slen, lp + LP_HDR_SIZE, LP_BEFORE, NULL);
}

unsigned char *lpPrependInteger(unsigned char *lp, long long lval) {
    return lpInsertInteger(lp, lval, lp + LP_HDR_SIZE, LP_BEFORE, NULL);
}

unsigned char *lpReplace(unsigned char *lp, unsigned char **p, unsigned char *s, uint32_t slen) {
    return lpInsertString(lp, s, slen, *p, LP_REPLACE, p);
}

unsigned char *lpReplaceInteger(unsigned char *lp, unsigned char **p, long long lval) {
    return lpInsertInteger(lp, lval, *p, LP_REPLACE, p);
}

unsigned char *lpDelete(unsigned char *lp, unsigned char *p, unsigned char **newp) {
    return lpInsertAt(lp, NULL, p, LP_REPLACE, newp);
}

/* Remove the bytes [from, to) (whole entries, `n` of them) and shrink. */
static unsigned char *lpCutEntries(unsigned char *lp, unsigned char *from, unsigned char *to,
                                   unsigned long n) {
    size_t total = lpHdrTotal(lp);
    size_t cut = (size_t)(to - from);
    memmove(from, to, (size_t)(lp + total - to));
    lpSetHdrTotal(lp, (uint32_t)(total - cut));
    uint32_t count = lpHdrCount(lp);
    if (count != LP_HDR_NUMELE_UNKNOWN) lpSetHdrCount(lp, count - (uint32_t)n);
    return lpShrinkToFit(lp);
}

unsigned char *lpDeleteRangeWithEntry(unsigned char *lp, unsigned char **p, unsigned long num) {
    unsigned char *first = *p, *tail = first;
    unsigned long n = 0;

    if (num == 0 || *first == LP_EOF) return lp;
    while (n < num && *tail != LP_EOF) {
        tail = lpSkip(tail);
        n++;
    }
    size_t poff = (size_t)(first - lp);
    lp = lpCutEntries(lp, first, tail, n);
    *p = lp + poff;
    if (**p == LP_EOF) *p = NULL;
    return lp;
}

unsigned char *lpDeleteRange(unsigned char *lp, long index, unsigned long num) {
    if (num == 0) return lp;
    unsigned char *p = lpSeek(lp, index);
    if (!p) return lp;

    uint32_t count = lpHdrCount(lp);
    if (count != LP_HDR_NUMELE_UNKNOWN) {
        unsigned long idx = (unsigned long)(index < 0 ? (long)count + index : index);
        if (count - idx <= num) {
            /* Everything from p to the end goes: just move the terminator. */
            *p = LP_EOF;
            lpSetHdrTotal(lp, (uint32_t)(p - lp + 1));
            lpSetHdrCount(lp, (uint32_t)idx);
            return lpShrinkToFit(lp);
        }
    }
    return lpDeleteRangeWithEntry(lp, &p, num);
}

unsigned char *lpBatchDelete(unsigned char *lp, unsigned char **ps, unsigned long count) {
    if (count == 0) return lp;
    size_t total = lpHdrTotal(lp);
    unsigned char *end = lp + total; /* one past the terminator */
    unsigned char *dst = ps[0];

    /* Slide each run of kept bytes (between a deleted entry and the next
     * deleted one, or the end) down to dst. */
    for (unsigned long i = 0; i < count; i++) {
        unsigned char *keep = lpSkip(ps[i]);
        unsigned char *stop = (i + 1 < count) ? ps[i + 1] : end;
        assert(stop >= keep);
        size_t n = (size_t)(stop - keep);
        if (n) {
            memmove(dst, keep, n);
            dst += n;
        }
    }
    total -= (size_t)(end - dst);
    assert(lp[total - 1] == LP_EOF);
    lpSetHdrTotal(lp, (uint32_t)total);
    uint32_t n = lpHdrCount(lp);
    if (n != LP_HDR_NUMELE_UNKNOWN) lpSetHdrCount(lp, n - (uint32_t)count);
    return lpShrinkToFit(lp);
}

unsigned char *lpMerge(unsigned char **first, unsigned char **second) {
    if (!first || !*first || !second || !*second) return NULL;
    if (*first == *second) return NULL;

    size_t fbytes = lpHdrTotal(*first), sbytes = lpHdrTotal(*second);
    unsigned long len = lpLength(*first) + lpLength(*second);
    uint64_t bytes = (uint64_t)fbytes + sbytes - LP_HDR_SIZE - 1;
    assert(bytes <= UINT32_MAX);

    /* Grow the larger one: append to it, or prepend the smaller one. */
    int append = fbytes >= sbytes;
    unsigned char *target = append ? *first : *second;
    unsigned char *source = append ? *second : *first;
    size_t tbytes = append ? fbytes : sbytes;
    size_t srcbytes = append ? sbytes : fbytes;

    target = zrealloc(target, bytes);
    if (append) {
        /* Over the target's terminator: source entries and terminator. */
        memcpy(target + tbytes - 1, source + LP_HDR_SIZE, srcbytes - LP_HDR_SIZE);
    } else {
        memmove(target + srcbytes - 1, target + LP_HDR_SIZE, tbytes - LP_HDR_SIZE);
        memcpy(target + LP_HDR_SIZE, source + LP_HDR_SIZE, srcbytes - LP_HDR_SIZE - 1);
    }
    lpSetHdrTotal(target, (uint32_t)bytes);
    lpSetHdrCount(target, len < LP_HDR_NUMELE_UNKNOWN ? (uint32_t)len : LP_HDR_NUMELE_UNKNOWN);

    zfree(source);
    if (append) {
        *first = target;
        *second = NULL;
    } else {
        *first = NULL;
        *second = target;
    }
    return target;
}

/* ------------------------------------------------------------------------
 * Navigation
 * ------------------------------------------------------------------------ */

unsigned char *lpFirst(unsigned char *lp) {
    unsigned char *p = lp + LP_HDR_SIZE;
    return *p == LP_EOF ? NULL : p;
}

unsigned char *lpNext(unsigned char *lp, unsigned char *p) {
    (void)lp;
    assert(*p != LP_EOF);
    p = lpSkip(p);
    return *p == LP_EOF ? NULL : p;
}

unsigned char *lpPrev(unsigned char *lp, unsigned char *p) {
    if (p - lp == LP_HDR_SIZE) return NULL;
    uint64_t enc = lpReadBacklen(p - 1);
    return p - enc - lpBacklenSize(enc);
}

unsigned char *lpLast(unsigned char *lp) {
    return lpPrev(lp, lp + lpHdrTotal(lp) - 1);
}

unsigned char *lpSeek(unsigned char *lp, long index) {
    int forward = 1;
    uint32_t count = lpHdrCount(lp);

    if (count != LP_HDR_NUMELE_UNKNOWN) {
        if (index < 0) index += (long)count;
        if (index < 0 || index >= (long)count) return NULL;
        /* Walk from whichever end is closer. */
        if (index > (long)count / 2) {
            forward = 0;
            index -= (long)count;
        }
    } else if (index < 0) {
        forward = 0;
    }

    unsigned char *p;
    if (forward) {
        p = lpFirst(lp);
        while (p && index > 0) {
            p = lpNext(lp, p);
            index--;
        }
    } else {
        p = lpLast(lp);
        while (p && index < -1) {
            p = lpPrev(lp, p);
            index++;
        }
    }
    return p;
}

/* ------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------ */

unsigned char *lpGet(unsigned char *p, int64_t *count, unsigned char *intbuf) {
    int64_t v;
    uint32_t slen;
    unsigned char *s = lpDecode(p, &v, &slen, NULL);
    if (s) {
        *count = slen;
        return s;
    }
    if (intbuf) {
        *count = ll2string((char *)intbuf, LP_INTBUF_SIZE, v);
        return intbuf;
    }
    *count = v;
    return NULL;
}

unsigned char *lpGetValue(unsigned char *p, unsigned int *slen, long long *lval) {
    int64_t v;
    uint32_t len;
    unsigned char *s = lpDecode(p, &v, &len, NULL);
    if (s) {
        *slen = len;
        return s;
    }
    *lval = v;
    return NULL;
}

unsigned int lpCompare(unsigned char *p, unsigned char *s, uint32_t slen) {
    if (*p == LP_EOF) return 0;
    int64_t v;
    uint32_t len;
    unsigned char *str = lpDecode(p, &v, &len, NULL);
    if (str) return len == slen && memcmp(str, s, slen) == 0;
    char buf[LP_INTBUF_SIZE];
    int n = ll2string(buf, sizeof(buf), v);
    return (uint32_t)n == slen && memcmp(buf, s, slen) == 0;
}

unsigned char *lpFind(unsigned char *lp, unsigned char *p, unsigned char *s,
                      uint32_t slen, unsigned int skip) {
    /* The needle as an integer: parsed lazily on the first integer entry
     * met (0 = not yet, 1 = is an integer, -1 = is not). */
    int needle_is_int = 0;
    long long needle = 0;
    unsigned int skipcnt = 0;
    (void)lp;

    while (p && *p != LP_EOF) {
        uint64_t size;
        if (skipcnt == 0) {
            int64_t v;
            uint32_t len;
            unsigned char *str = lpDecode(p, &v, &len, &size);
            if (str) {
                if (len == slen && memcmp(str, s, slen) == 0) return p;
            } else {
                if (needle_is_int == 0)
                    needle_is_int = (slen <= 20 && string2ll((const char *)s, slen, &needle)) ? 1 : -1;
                if (needle_is_int == 1 && v == needle) return p;
            }
            skipcnt = skip;
        } else {
            size = lpEntrySize(p);
            skipcnt--;
        }
        p += size;
    }
    return NULL;
}

/* ------------------------------------------------------------------------
 * Validation
 * ------------------------------------------------------------------------ */

unsigned char *lpValidateFirst(unsigned char *lp) {
    unsigned char *p = lp + LP_HDR_SIZE;
    return *p == LP_EOF ? NULL : p;
}

int lpValidateNext(unsigned char *lp, unsigned char **pp, size_t lpbytes) {
    unsigned char *p = *pp;
    if (!p || lpbytes < LP_HDR_SIZE + 1) return 0;
    unsigned char *eof = lp + lpbytes - 1;
    if (p < lp + LP_HDR_SIZE || p > eof) return 0;
    if (*p == LP_EOF) {
        *pp = NULL;
        return 1;
    }

    /* Everything of the entry must lie before the terminator byte. */
    size_t avail = (size_t)(eof - p);
    unsigned need = lpSizeFieldBytes(p[0]);
    if (need == 0 || avail < need) return 0;
    uint64_t enc = lpEncodedSize(p);
    unsigned blen = lpBacklenSize(enc);
    if ((uint64_t)avail < enc + blen) return 0;

    /* The back length must be exactly what a writer would have put. */
    unsigned char expect[5];
    lpWriteBacklen(expect, enc, blen);
    if (memcmp(p + enc, expect, blen) != 0) return 0;

    *pp = p + enc + blen;
    return 1;
}

int lpValidateIntegrity(unsigned char *lp, size_t size, int deep,
                        listpackValidateEntryCB entry_cb, void *cb_userdata) {
    if (size < LP_HDR_SIZE + 1) return 0;
    if (lpHdrTotal(lp) != size) return 0;
    if (lp[size - 1] != LP_EOF) return 0;
    if (!deep) return 1;

    uint32_t header_count = lpHdrCount(lp);
    uint64_t count = 0;
    unsigned char *p = lp + LP_HDR_SIZE;
    while (*p != LP_EOF) {
        unsigned char *entry = p;
        if (!lpValidateNext(lp, &p, size)) return 0;
        if (entry_cb && !entry_cb(entry, header_count, cb_userdata)) return 0;
        count++;
    }
    if (p != lp + size - 1) return 0;
    if (header_count != LP_HDR_NUMELE_UNKNOWN && count != header_count) return 0;
    return 1;
}

/* ------------------------------------------------------------------------
 * Random sampling
 * ------------------------------------------------------------------------ */

#define LP_RAND_DEFAULT_SEED 0x9E3779B97F4A7C15ULL

static uint64_t lp_rand_state = LP_RAND_DEFAULT_SEED;
static uint64_t (*lp_rand_fn)(void) = NULL;

void lpRandomSeed(uint64_t seed) {
    lp_rand_state = seed ? seed : LP_RAND_DEFAULT_SEED;
}

void lpSetRandomFunction(uint64_t (*fn)(void)) {
    lp_rand_fn = fn;
}

/* xorshift64*: small, fast, good enough for sampling. */
static uint64_t lpRand(void) {
    if (lp_rand_fn) return lp_rand_fn();
    uint64_t x = lp_rand_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    lp_rand_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static void lpSaveEntry(unsigned char *p, listpackEntry *dst) {
    dst->sval = lpGetValue(p, &dst->slen, &dst->lval);
}

void lpRandomPair(unsigned char *lp, unsigned long total_count,
                  listpackEntry *key, listpackEntry *val) {
    assert(total_count > 0);
    long idx = (long)(lpRand() % total_count) * 2;
    unsigned char *p = lpSeek(lp, idx);
    assert(p);
    lpSaveEntry(p, key);
    if (!val) return;
    p = lpNext(lp, p);
    assert(p);
    lpSaveEntry(p, val);
}

/* A random index and the output slot it belongs to. */
typedef struct {
    unsigned long index;
    unsigned int order;
} lpPick;

static int lpPickCompare(const void *a, const void *b) {
    const lpPick *x = a, *y = b;
    if (x->index != y->index) return x->index < y->index ? -1 : 1;
    return 0;
}

/* Fill out[] with `count` random elements among those at index i*stride
 * (i < slots), plus the following element into out2[] if given, walking
 * the listpack once in index order. */
static void lpRandomSample(unsigned char *lp, unsigned int count, unsigned long slots,
                           unsigned stride, listpackEntry *out, listpackEntry *out2) {
    if (count == 0) return;
    assert(slots > 0);
    lpPick *picks = zmalloc(sizeof(*picks) * count);
    for (unsigned int i = 0; i < count; i++) {
        picks[i].index = (unsigned long)(lpRand() % slots) * stride;
        picks[i].order = i;
    }
    qsort(picks, count, sizeof(*picks), lpPickCompare);

    unsigned long idx = picks[0].index;
    unsigned char *p = lpSeek(lp, (long)idx);
    unsigned int k = 0;
    while (p && k < count) {
        unsigned char *q = out2 ? lpNext(lp, p) : NULL;
        while (k < count && picks[k].index == idx) {
            lpSaveEntry(p, &out[picks[k].order]);
            if (out2) lpSaveEntry(q, &out2[picks[k].order]);
            k++;
        }
        /* Step to the next slot. */
        for (unsigned s = 0; s < stride && p; s++) p = lpNext(lp, p);
        idx += stride;
    }
    assert(k == count);
    zfree(picks);
}

void lpRandomPairs(unsigned char *lp, unsigned int count, listpackEntry *keys,
                   listpackEntry *vals) {
    unsigned long pairs = lpLength(lp) / 2;
    lpRandomSample(lp, count, pairs, 2, keys, vals);
}

void lpRandomEntries(unsigned char *lp, unsigned int count, listpackEntry *entries) {
    lpRandomSample(lp, count, lpLength(lp), 1, entries, NULL);
}

unsigned int lpRandomPairsUnique(unsigned char *lp, unsigned int count,
                                 listpackEntry *keys, listpackEntry *vals) {
    unsigned long pairs = lpLength(lp) / 2;
    if (count > pairs) count = (unsigned int)pairs;

    /* Selection sampling: visit pairs in order, take each one with
     * probability (still wanted) / (still unvisited). */
    unsigned int picked = 0;
    unsigned long seen = 0;
    unsigned char *p = lpFirst(lp);
    while (picked < count && p) {
        unsigned char *v = lpNext(lp, p);
        assert(v);
        if (lpRand() % (pairs - seen) < count - picked) {
            lpSaveEntry(p, &keys[picked]);
            if (vals) lpSaveEntry(v, &vals[picked]);
            picked++;
        }
        seen++;
        p = lpNext(lp, v);
    }
    return picked;
}

/* ------------------------------------------------------------------------
 * Debugging output (the layout printed by DEBUG LISTPACK)
 * ------------------------------------------------------------------------ */

void lpReprFile(FILE *fp, unsigned char *lp) {
    fprintf(fp, "{total bytes %zu} {num entries %lu}\n", lpBytes(lp), lpLength(lp));
    unsigned char *p = lpFirst(lp);
    int index = 0;
    while (p) {
        uint64_t enc = lpEncodedSize(p);
        unsigned blen = lpBacklenSize(enc);
        unsigned hdr = lpSizeFieldBytes(p[0]);
        fprintf(fp,
                "{\n"
                "\taddr: 0x%08lx,\n"
                "\tindex: %2d,\n"
                "\toffset: %1lu,\n"
                "\thdr+entrylen+backlen: %2lu,\n"
                "\thdrlen: %3u,\n"
                "\tbacklen: %2u,\n"
                "\tpayload: %1u\n",
                (unsigned long)(uintptr_t)p, index, (unsigned long)(p - lp),
                (unsigned long)(enc + blen), hdr, blen, (unsigned)(enc - hdr));
        fputs("\tbytes: ", fp);
        for (uint64_t i = 0; i < enc + blen; i++) fprintf(fp, "%02x|", p[i]);
        fputs("\n\t[str]", fp);

        unsigned char intbuf[LP_INTBUF_SIZE];
        int64_t len;
        unsigned char *s = lpGet(p, &len, intbuf);
        if (len > 40) {
            fwrite(s, 1, 40, fp);
            fputs("...", fp);
        } else {
            fwrite(s, 1, (size_t)len, fp);
        }
        fputs("\n}\n", fp);
        index++;
        p = lpNext(lp, p);
    }
    fputs("{end}\n\n", fp);
}

void lpRepr(unsigned char *lp) {
    lpReprFile(stdout, lp);
}
