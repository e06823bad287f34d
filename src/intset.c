/* intset.c - a sorted set of integers in one compact, portable blob.
 *
 * See intset.h for the byte layout.  The points worth knowing here:
 *
 * ENDIANNESS.  The blob is written into RDB files as is, so the header and
 * the values are little-endian on every host.  All access goes through
 * loadLE/storeLE, which use memcpy (the blob may sit at any address when it
 * comes from a file) and swap bytes only on big-endian hosts.
 *
 * UPGRADES.  All values share one width.  When a value that does not fit
 * the current width is added, it is necessarily smaller than every member
 * (if negative) or larger than every member (if positive), so it goes at
 * one end of the array.  The blob is grown, the members are rewritten at
 * the new width walking from the last to the first (a wider slot never
 * overlaps a narrower member not yet moved), and the new value is put in
 * the free slot at the front or the back.  The width is never reduced.
 *
 * COST.  Adding and removing are O(N) because of the memmove of the tail
 * and the realloc; this is meant for sets of at most a few hundred
 * members, beyond which the server converts to a hash table. */

#include "intset.h"
#include "zmalloc.h"

#include <assert.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Little-endian access
 * --------------------------------------------------------------------- */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define INTSET_BIG_ENDIAN 1
#else
#define INTSET_BIG_ENDIAN 0
#endif

static uint32_t le32(uint32_t v) {
#if INTSET_BIG_ENDIAN
    return __builtin_bswap32(v);
#else
    return v;
#endif
}

/* Read the signed value of width enc stored at p. */
static int64_t loadLE(const void *p, uint32_t enc) {
    if (enc == INTSET_ENC_INT64) {
        uint64_t u;
        memcpy(&u, p, 8);
#if INTSET_BIG_ENDIAN
        u = __builtin_bswap64(u);
#endif
        return (int64_t)u;
    } else if (enc == INTSET_ENC_INT32) {
        uint32_t u;
        memcpy(&u, p, 4);
        return (int32_t)le32(u);
    } else {
        uint16_t u;
        memcpy(&u, p, 2);
#if INTSET_BIG_ENDIAN
        u = __builtin_bswap16(u);
#endif
        return (int16_t)u;
    }
}

/* Write v, which must fit width enc, at p. */
static void storeLE(void *p, uint32_t enc, int64_t v) {
    if (enc == INTSET_ENC_INT64) {
        uint64_t u = (uint64_t)v;
#if INTSET_BIG_ENDIAN
        u = __builtin_bswap64(u);
#endif
        memcpy(p, &u, 8);
    } else if (enc == INTSET_ENC_INT32) {
        uint32_t u = le32((uint32_t)(int32_t)v);
        memcpy(p, &u, 4);
    } else {
        uint16_t u = (uint16_t)(int16_t)v;
#if INTSET_BIG_ENDIAN
        u = __builtin_bswap16(u);
#endif
        memcpy(p, &u, 2);
    }
}

/* The header fields and the values are reached through byte offsets, never
 * through struct members: a blob read from a file may be at any address. */
#define ENC_OFFSET 0
#define LEN_OFFSET 4
#define CONTENTS_OFFSET 8
_Static_assert(sizeof(intset) == CONTENTS_OFFSET, "intset header is 8 bytes");

static uint32_t getField(const intset *is, size_t off) {
    uint32_t v;
    memcpy(&v, (const unsigned char *)is + off, 4);
    return le32(v);
}

static void setField(intset *is, size_t off, uint32_t val) {
    uint32_t v = le32(val);
    memcpy((unsigned char *)is + off, &v, 4);
}

static uint32_t getEncoding(const intset *is) { return getField(is, ENC_OFFSET); }
static uint32_t getLength(const intset *is) { return getField(is, LEN_OFFSET); }
static void setEncoding(intset *is, uint32_t enc) { setField(is, ENC_OFFSET, enc); }
static void setLength(intset *is, uint32_t len) { setField(is, LEN_OFFSET, len); }

/* Address of the value at index pos for width enc. */
static unsigned char *slot(const intset *is, uint32_t pos, uint32_t enc) {
    return (unsigned char *)is + CONTENTS_OFFSET + (size_t)pos * enc;
}

/* ------------------------------------------------------------------------
 * Internals
 * --------------------------------------------------------------------- */

/* Narrowest width able to hold v. */
static uint32_t encodingFor(int64_t v) {
    if (v < INT32_MIN || v > INT32_MAX) return INTSET_ENC_INT64;
    if (v < INT16_MIN || v > INT16_MAX) return INTSET_ENC_INT32;
    return INTSET_ENC_INT16;
}

static int64_t getAt(const intset *is, uint32_t pos, uint32_t enc) {
    return loadLE(slot(is, pos, enc), enc);
}

static void setAt(intset *is, uint32_t pos, uint32_t enc, int64_t v) {
    storeLE(slot(is, pos, enc), enc, v);
}

/* Reallocate for len values of width enc (header fields untouched). */
static intset *resize(intset *is, uint32_t len, uint32_t enc) {
    uint64_t bytes = (uint64_t)len * enc + CONTENTS_OFFSET;
    assert(bytes <= SIZE_MAX);
    return zrealloc(is, (size_t)bytes);
}

/* Add v, which does not fit the current width: widen everything first. */
static intset *upgradeAndAdd(intset *is, int64_t v) {
    uint32_t oldenc = getEncoding(is), newenc = encodingFor(v);
    uint32_t len = getLength(is);
    /* v is outside the range of every member, so it goes to an end. */
    uint32_t front = v < 0 ? 1 : 0;

    is = resize(is, len + 1, newenc);
    for (uint32_t i = len; i-- > 0;)
        setAt(is, i + front, newenc, getAt(is, i, oldenc));
    setAt(is, front ? 0 : len, newenc, v);
    setEncoding(is, newenc);
    setLength(is, len + 1);
    return is;
}

/* Move the values from index from to the end so that they start at to. */
static void moveTail(intset *is, uint32_t from, uint32_t to) {
    uint32_t enc = getEncoding(is), len = getLength(is);
    memmove(slot(is, to, enc), slot(is, from, enc), (size_t)(len - from) * enc);
}

/* ------------------------------------------------------------------------
 * Public API
 * --------------------------------------------------------------------- */

intset *intsetNew(void) {
    intset *is = zmalloc(CONTENTS_OFFSET);
    setEncoding(is, INTSET_ENC_INT16);
    setLength(is, 0);
    return is;
}

intset *intsetDup(const intset *is) {
    size_t n = intsetBlobLen(is);
    intset *copy = zmalloc(n);
    memcpy(copy, is, n);
    return copy;
}

uint32_t intsetLen(const intset *is) {
    return getLength(is);
}

size_t intsetBlobLen(const intset *is) {
    return CONTENTS_OFFSET + (size_t)getLength(is) * getEncoding(is);
}

uint8_t intsetSearch(const intset *is, int64_t value, uint32_t *pos) {
    uint32_t enc = getEncoding(is), len = getLength(is);
    uint32_t lo = 0, hi = len; /* the answer is in [lo, hi] */

    /* Values outside the range (common when appending in order) need no
     * search at all. */
    if (len == 0 || value > getAt(is, len - 1, enc)) {
        if (pos) *pos = len;
        return 0;
    }
    if (value < getAt(is, 0, enc)) {
        if (pos) *pos = 0;
        return 0;
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int64_t cur = getAt(is, mid, enc);
        if (cur == value) {
            if (pos) *pos = mid;
            return 1;
        }
        if (cur < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (pos) *pos = lo;
    return 0;
}

uint8_t intsetFind(const intset *is, int64_t value) {
    /* A value wider than the encoding cannot be a member. */
    if (encodingFor(value) > getEncoding(is)) return 0;
    return intsetSearch(is, value, NULL);
}

intset *intsetAdd(intset *is, int64_t value, uint8_t *success) {
    uint32_t enc = getEncoding(is), len = getLength(is), pos;

    if (success) *success = 1;
    if (encodingFor(value) > enc) return upgradeAndAdd(is, value);
    if (intsetSearch(is, value, &pos)) {
        if (success) *success = 0;
        return is;
    }
    assert(len < UINT32_MAX);
    is = resize(is, len + 1, enc);
    if (pos < len) moveTail(is, pos, pos + 1);
    setAt(is, pos, enc, value);
    setLength(is, len + 1);
    return is;
}

intset *intsetRemove(intset *is, int64_t value, int *success) {
    uint32_t enc = getEncoding(is), len = getLength(is), pos;

    if (success) *success = 0;
    if (encodingFor(value) > enc || !intsetSearch(is, value, &pos)) return is;
    if (success) *success = 1;
    if (pos < len - 1) moveTail(is, pos + 1, pos);
    is = resize(is, len - 1, enc);
    setLength(is, len - 1);
    return is;
}

int64_t intsetRandom(const intset *is, intsetRandomSource *rnd) {
    uint32_t len = getLength(is);
    assert(len > 0);
    return getAt(is, (uint32_t)(rnd() % len), getEncoding(is));
}

uint8_t intsetGet(const intset *is, uint32_t pos, int64_t *value) {
    if (pos >= getLength(is)) return 0;
    *value = getAt(is, pos, getEncoding(is));
    return 1;
}

int64_t intsetMin(const intset *is) {
    assert(getLength(is) > 0);
    return getAt(is, 0, getEncoding(is));
}

int64_t intsetMax(const intset *is) {
    uint32_t len = getLength(is);
    assert(len > 0);
    return getAt(is, len - 1, getEncoding(is));
}

int intsetValidateIntegrity(const unsigned char *p, size_t size, int deep) {
    const intset *is = (const intset *)p;
    if (size < CONTENTS_OFFSET) return 0;

    uint32_t enc = getEncoding(is);
    if (enc != INTSET_ENC_INT16 && enc != INTSET_ENC_INT32 && enc != INTSET_ENC_INT64)
        return 0;

    /* 64-bit arithmetic: count * 8 cannot overflow it. */
    uint32_t count = getLength(is);
    if ((uint64_t)count * enc + CONTENTS_OFFSET != (uint64_t)size) return 0;
    if (count == 0) return 0; /* an empty set is never stored */
    if (!deep) return 1;

    int64_t prev = getAt(is, 0, enc);
    for (uint32_t i = 1; i < count; i++) {
        int64_t cur = getAt(is, i, enc);
        if (cur <= prev) return 0;
        prev = cur;
    }
    return 1;
}
