/* bitops.c - bitmaps: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
 * BITFIELD_RO.
 *
 * A bitmap is not a type of its own: it is a string value seen as an array
 * of bits.  Bit 0 is the most significant bit of byte 0, bit 7 its least
 * significant bit, bit 8 the most significant bit of byte 1, and so on, so
 * that "\x80" has bit 0 set and GETRANGE of a bitmap shows bytes in bit
 * order.  Multi-bit BITFIELD integers follow the same order: they are
 * big-endian, their most significant bit at the lowest offset.
 *
 * Readers see a string as if it went on forever with zero bytes: GETBIT or
 * BITFIELD GET past the end give 0, BITOP treats shorter (or missing)
 * operands as zero-padded.  Writers grow the string with zero bytes up to
 * the farthest bit they touch, after turning the value into a raw,
 * unshared sds (dbUnshareStringValue): an "int" or "embstr" value becomes
 * "raw", as in Redis.  Offsets are bounded by proto-max-bulk-len (512MB, so
 * bit 2^32-1, by default).
 *
 * The file has two layers: bit-level helpers on byte buffers (counting,
 * searching, word-at-a-time bitwise operations, integer fields with their
 * overflow rules), then the commands, which parse arguments, look keys up
 * and reply. */
#include "server.h"
#include "notify.h"

/* ===========================================================================
 * Bit-level helpers on byte buffers
 * ======================================================================== */

/* Unaligned 64-bit load and store: memcpy compiles to a single move. */
static inline uint64_t bitsLoadWord(const unsigned char *p) {
    uint64_t w;
    memcpy(&w, p, sizeof(w));
    return w;
}

static inline void bitsStoreWord(unsigned char *p, uint64_t w) { memcpy(p, &w, sizeof(w)); }

static inline int bitsGet(const unsigned char *p, uint64_t bit) { return (p[bit >> 3] >> (7 - (bit & 7))) & 1; }

/* Number of set bits in p[0..n), a word at a time.  Four independent
 * accumulators let the CPU overlap the popcounts of consecutive words. */
static uint64_t bitsPopcount(const unsigned char *p, size_t n) {
    uint64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        c0 += __builtin_popcountll(bitsLoadWord(p + i));
        c1 += __builtin_popcountll(bitsLoadWord(p + i + 8));
        c2 += __builtin_popcountll(bitsLoadWord(p + i + 16));
        c3 += __builtin_popcountll(bitsLoadWord(p + i + 24));
    }
    for (; i + 8 <= n; i += 8) c0 += __builtin_popcountll(bitsLoadWord(p + i));
    for (; i < n; i++) c0 += __builtin_popcount(p[i]);
    return c0 + c1 + c2 + c3;
}

/* Number of set bits among bits first..last (inclusive) of p. */
static uint64_t bitsCountRange(const unsigned char *p, uint64_t first, uint64_t last) {
    uint64_t count = 0;
    /* Loose bits up to a byte boundary, whole bytes, then the loose tail. */
    while (first <= last && (first & 7)) count += bitsGet(p, first++);
    if (first > last) return count;
    uint64_t nbytes = (last - first + 1) >> 3;
    count += bitsPopcount(p + (first >> 3), nbytes);
    for (first += nbytes << 3; first <= last; first++) count += bitsGet(p, first);
    return count;
}

/* Offset in bits of the first bit equal to 'bit' in p[0..n), or -1.  Whole
 * words that cannot hold it (all zeros when looking for a one, all ones
 * when looking for a zero) are skipped eight bytes at a time. */
static long long bitsFindInBytes(const unsigned char *p, size_t n, int bit) {
    const uint64_t skip = bit ? 0 : UINT64_MAX;
    size_t i = 0;
    while (i + 8 <= n && bitsLoadWord(p + i) == skip) i += 8;
    for (; i < n; i++) {
        /* Turn the bit we look for into a one and find the highest one. */
        unsigned int b = bit ? p[i] : (unsigned char)~p[i];
        if (b) return (long long)i * 8 + (__builtin_clz(b) - (int)(sizeof(unsigned int) * 8 - 8));
    }
    return -1;
}

/* Position of the first bit equal to 'bit' among bits first..last of p, or
 * -1 when there is none. */
static long long bitsFindInRange(const unsigned char *p, uint64_t first, uint64_t last, int bit) {
    while (first <= last && (first & 7)) {
        if (bitsGet(p, first) == bit) return (long long)first;
        first++;
    }
    if (first > last) return -1;
    uint64_t nbytes = (last - first + 1) >> 3;
    long long pos = bitsFindInBytes(p + (first >> 3), nbytes, bit);
    if (pos != -1) return (long long)first + pos;
    for (first += nbytes << 3; first <= last; first++)
        if (bitsGet(p, first) == bit) return (long long)first;
    return -1;
}

/* The 'bits' wide unsigned field at bit 'offset' of p[0..len), reading
 * zeros past the end of the buffer. */
static uint64_t bitsGetField(const unsigned char *p, size_t len, uint64_t offset, int bits) {
    uint64_t value = 0;
    for (int j = 0; j < bits; j++, offset++) {
        uint64_t byte = offset >> 3;
        int b = byte < len ? (p[byte] >> (7 - (offset & 7))) & 1 : 0;
        value = (value << 1) | (uint64_t)b;
    }
    return value;
}

/* Store the low 'bits' bits of value at bit 'offset' of p, which must be
 * long enough. */
static void bitsSetField(unsigned char *p, uint64_t offset, int bits, uint64_t value) {
    for (int j = bits - 1; j >= 0; j--, offset++) {
        unsigned char mask = (unsigned char)(1 << (7 - (offset & 7)));
        if ((value >> j) & 1) p[offset >> 3] |= mask;
        else p[offset >> 3] &= (unsigned char)~mask;
    }
}

/* The low 'bits' bits of v, read as a two's complement number. */
static int64_t bitsSignExtend(uint64_t v, int bits) {
    if (bits < 64) {
        uint64_t sign = (uint64_t)1 << (bits - 1);
        v &= ((uint64_t)1 << bits) - 1;
        v = (v ^ sign) - sign;
    }
    return (int64_t)v;
}

/* ===========================================================================
 * BITFIELD integers and their overflow rules
 * ======================================================================== */

#define BFOVERFLOW_WRAP 0
#define BFOVERFLOW_SAT 1
#define BFOVERFLOW_FAIL 2

/* Result of value + incr stored in a signed field of 'bits' bits, the sum
 * taken exactly (not modulo 2^64).  Returns 0 if it fits, else 1 (too big)
 * or -1 (too small) and sets *result as the overflow policy says: wrapped
 * modulo 2^bits, or clamped to the type's limit.  Under FAIL *result is
 * left alone: nothing gets written. */
static int bitfieldSignedAdd(int64_t value, int64_t incr, int bits, int owtype, int64_t *result) {
    int64_t max = bits == 64 ? INT64_MAX : (int64_t)(((uint64_t)1 << (bits - 1)) - 1);
    int64_t min = -max - 1;
    int64_t sum;
    int dir = 0;
    if (__builtin_add_overflow(value, incr, &sum)) dir = incr > 0 ? 1 : -1;
    else if (sum > max) dir = 1;
    else if (sum < min) dir = -1;
    /* Redis 7.0 checks the upper limit first, computing max - value in 64
     * bits: for a SET value so negative that this wraps around, it reports
     * an overflow upwards (SAT stores the maximum).  Kept for compatibility;
     * a value already in range (INCRBY) never gets here. */
    if (bits < 64 && value < max - INT64_MAX) dir = 1;

    if (dir == 0) *result = sum;
    else if (owtype == BFOVERFLOW_WRAP) *result = bitsSignExtend((uint64_t)value + (uint64_t)incr, bits);
    else if (owtype == BFOVERFLOW_SAT) *result = dir > 0 ? max : min;
    return dir;
}

/* The same for an unsigned field (at most 63 bits, so the limit fits in a
 * reply integer).  'value' may exceed the field's range: a SET argument is
 * taken as a uint64_t, so SET u8 with -1 overflows upwards, as in Redis. */
static int bitfieldUnsignedAdd(uint64_t value, int64_t incr, int bits, int owtype, uint64_t *result) {
    uint64_t max = ((uint64_t)1 << bits) - 1;
    uint64_t sum = value + (uint64_t)incr;
    int dir = 0;
    if (incr >= 0) {
        if (sum < value || sum > max) dir = 1;
    } else if ((uint64_t)0 - (uint64_t)incr > value) {
        dir = -1;
    } else if (sum > max) {
        dir = 1; /* only when 'value' itself was out of range */
    }

    if (dir == 0) *result = sum;
    else if (owtype == BFOVERFLOW_WRAP) *result = sum & max;
    else if (owtype == BFOVERFLOW_SAT) *result = dir > 0 ? max : 0;
    return dir;
}

/* ===========================================================================
 * Argument parsing and key lookup shared by the commands
 * ======================================================================== */

/* A bit offset argument: a non negative integer whose byte lies within
 * proto-max-bulk-len.  With 'hash', BITFIELD's "#N" form means N fields of
 * 'bits' bits each.  Like Redis 7.0 the product wraps around on overflow
 * (and is usually rejected as negative then). */
static int getBitOffsetFromArgument(client *c, robj *arg, uint64_t *offset, int hash, int bits) {
    sds s = arg->ptr;
    size_t len = sdslen(s);
    int usehash = hash && len > 1 && s[0] == '#';
    long long v;
    if (string2ll(s + usehash, len - usehash, &v)) {
        if (usehash) v = (long long)((unsigned long long)v * (unsigned long long)bits);
        if (v >= 0 && (v >> 3) < server.proto_max_bulk_len) {
            *offset = (uint64_t)v;
            return C_OK;
        }
    }
    addReplyError(c, "bit offset is not an integer or out of range");
    return C_ERR;
}

/* A BITFIELD type: i1..i64 or u1..u63 (u64 values would not fit in a reply
 * integer), lower case only as in Redis. */
static int getBitfieldTypeFromArgument(client *c, robj *arg, int *sign, int *bits) {
    const char *p = arg->ptr;
    long long n;
    if ((p[0] == 'i' || p[0] == 'u') && string2ll(p + 1, strlen(p + 1), &n)) {
        *sign = p[0] == 'i';
        if (n >= 1 && n <= (*sign ? 64 : 63)) {
            *bits = (int)n;
            return C_OK;
        }
    }
    addReplyError(c, "Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
    return C_ERR;
}

/* The bytes of a string value for reading: its sds, or the decimal digits of
 * an integer-encoded value written into 'llbuf' (LONG_STR_SIZE bytes). */
static const unsigned char *bitsStringBytes(robj *o, size_t *len, char *llbuf) {
    if (o->encoding == OBJ_ENCODING_INT) {
        *len = (size_t)ll2string(llbuf, LONG_STR_SIZE, (long)(intptr_t)o->ptr);
        return (const unsigned char *)llbuf;
    }
    *len = sdslen(o->ptr);
    return (const unsigned char *)o->ptr;
}

/* The string at argv[1] made writable and at least long enough to hold bit
 * 'maxbit', creating it if missing.  *grown tells whether the key was
 * created or lengthened: such a command modified the key even when the bits
 * it wrote kept their values.  NULL (WRONGTYPE sent) if not a string. */
static robj *bitsLookupForWrite(client *c, uint64_t maxbit, int *grown) {
    size_t need = (size_t)(maxbit >> 3) + 1;
    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    if (checkType(c, o, OBJ_STRING)) return NULL;
    if (o == NULL) {
        *grown = 1;
        return dbAdd(c->db, c->argv[1], createObject(OBJ_STRING, sdsnewlen(NULL, need)));
    }
    o = dbUnshareStringValue(c->db, c->argv[1], o);
    size_t oldlen = sdslen(o->ptr);
    if (need > oldlen) o->ptr = sdsgrowzero(o->ptr, need);
    *grown = sdslen(o->ptr) != oldlen;
    return o;
}

/* BIT or BYTE unit argument: 1 for BIT, 0 for BYTE, -1 (syntax error sent)
 * otherwise. */
static int bitsParseUnit(client *c, robj *arg) {
    if (!strcasecmp(arg->ptr, "bit")) return 1;
    if (!strcasecmp(arg->ptr, "byte")) return 0;
    addReplyErrorObject(c, shared.syntaxerr);
    return -1;
}

/* Turn a start/end pair given in bytes or bits (negative counting from the
 * end) into the bit range first..last of a string of 'len' bytes: indexes
 * are clamped into the string.  Returns 0 when the range is empty. */
static int bitsRangeFromIndexes(long long start, long long end, int isbit, size_t len, uint64_t *first,
                                uint64_t *last) {
    long long total = isbit ? (long long)len * 8 : (long long)len;
    if (start < 0) start += total;
    if (end < 0) end += total;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (start > end) return 0;
    *first = isbit ? (uint64_t)start : (uint64_t)start * 8;
    *last = isbit ? (uint64_t)end : (uint64_t)end * 8 + 7;
    return 1;
}

/* ===========================================================================
 * SETBIT, GETBIT
 * ======================================================================== */

/* SETBIT key offset 0|1 - replies with the bit's previous value. */
void setbitCommand(client *c) {
    const char *err = "bit is not an integer or out of range";
    uint64_t offset;
    long on;
    int grown;
    if (getBitOffsetFromArgument(c, c->argv[2], &offset, 0, 0) != C_OK) return;
    if (getLongFromObjectOrReply(c, c->argv[3], &on, err) != C_OK) return;
    if (on & ~1L) {
        addReplyError(c, err);
        return;
    }
    robj *o = bitsLookupForWrite(c, offset, &grown);
    if (o == NULL) return;

    unsigned char *byte = (unsigned char *)o->ptr + (offset >> 3);
    unsigned char mask = (unsigned char)(1 << (7 - (offset & 7)));
    int old = (*byte & mask) != 0;
    if (on) *byte |= mask;
    else *byte &= (unsigned char)~mask;

    /* Setting a bit to the value it had is not a change, unless the string
     * had to be created or extended for it. */
    if (grown || old != on) {
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_STRING, "setbit", c->argv[1], c->db->id);
        server.dirty++;
    }
    addReply(c, old ? shared.cone : shared.czero);
}

/* GETBIT key offset */
void getbitCommand(client *c) {
    uint64_t offset;
    char llbuf[LONG_STR_SIZE];
    size_t len;
    if (getBitOffsetFromArgument(c, c->argv[2], &offset, 0, 0) != C_OK) return;
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_STRING)) return;
    const unsigned char *p = bitsStringBytes(o, &len, llbuf);
    int bit = (offset >> 3) < len ? bitsGet(p, offset) : 0;
    addReply(c, bit ? shared.cone : shared.czero);
}

/* ===========================================================================
 * BITCOUNT, BITPOS
 * ======================================================================== */

/* BITCOUNT key [start end [BYTE|BIT]]
 * As in Redis 7.0 the key is looked up first: a missing key replies 0
 * whatever the other arguments are. */
void bitcountCommand(client *c) {
    char llbuf[LONG_STR_SIZE];
    size_t len;
    long long start, end;
    uint64_t first, last;
    int isbit = 0;

    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_STRING)) return;
    const unsigned char *p = bitsStringBytes(o, &len, llbuf);

    if (c->argc == 2) {
        addReplyLongLong(c, (long long)bitsPopcount(p, len));
        return;
    }
    if (c->argc != 4 && c->argc != 5) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    if (getLongLongFromObjectOrReply(c, c->argv[2], &start, NULL) != C_OK) return;
    if (getLongLongFromObjectOrReply(c, c->argv[3], &end, NULL) != C_OK) return;
    /* Both indexes from the end with start after end: empty, before any
     * clamping could turn them into a valid range (and, as in Redis, before
     * the unit is even looked at). */
    if (start < 0 && end < 0 && start > end) {
        addReply(c, shared.czero);
        return;
    }
    if (c->argc == 5 && (isbit = bitsParseUnit(c, c->argv[4])) == -1) return;
    if (!bitsRangeFromIndexes(start, end, isbit, len, &first, &last)) {
        addReply(c, shared.czero);
        return;
    }
    addReplyLongLong(c, (long long)bitsCountRange(p, first, last));
}

/* BITPOS key 0|1 [start [end [BYTE|BIT]]]
 * A missing key is all zeros: 0 for a clear bit, -1 for a set bit.  When
 * looking for a clear bit in a string that has none, the string is taken as
 * zero-padded on the right, so the answer is the first bit past its end;
 * but not when the caller gave an explicit end: then the range is exactly
 * what was asked for and the answer is -1. */
void bitposCommand(client *c) {
    char llbuf[LONG_STR_SIZE];
    size_t len;
    long bit;
    long long start = 0, end = -1;
    uint64_t first, last;
    int isbit = 0, end_given = 0;

    if (getLongFromObjectOrReply(c, c->argv[2], &bit, NULL) != C_OK) return;
    if (bit != 0 && bit != 1) {
        addReplyError(c, "The bit argument must be 1 or 0.");
        return;
    }
    robj *o = lookupKeyRead(c->db, c->argv[1]);
    if (o == NULL) {
        addReplyLongLong(c, bit ? -1 : 0);
        return;
    }
    if (checkType(c, o, OBJ_STRING)) return;
    const unsigned char *p = bitsStringBytes(o, &len, llbuf);

    if (c->argc > 6) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    if (c->argc >= 4 && getLongLongFromObjectOrReply(c, c->argv[3], &start, NULL) != C_OK) return;
    if (c->argc == 6 && (isbit = bitsParseUnit(c, c->argv[5])) == -1) return;
    if (c->argc >= 5) {
        if (getLongLongFromObjectOrReply(c, c->argv[4], &end, NULL) != C_OK) return;
        end_given = 1;
    }
    if (!bitsRangeFromIndexes(start, end, isbit, len, &first, &last)) {
        addReplyLongLong(c, -1);
        return;
    }
    long long pos = bitsFindInRange(p, first, last, (int)bit);
    /* Without an explicit end the range always ends with the string. */
    if (pos == -1 && bit == 0 && !end_given) pos = (long long)last + 1;
    addReplyLongLong(c, pos);
}

/* ===========================================================================
 * BITOP
 * ======================================================================== */

#define BITOP_AND 0
#define BITOP_OR 1
#define BITOP_XOR 2
#define BITOP_NOT 3

/* Combine 'src' (n bytes) into 'dst' with op, a word at a time. */
static void bitopCombine(unsigned char *dst, const unsigned char *src, size_t n, int op) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t a = bitsLoadWord(dst + i), b = bitsLoadWord(src + i);
        bitsStoreWord(dst + i, op == BITOP_AND ? a & b : op == BITOP_OR ? a | b : a ^ b);
    }
    for (; i < n; i++) {
        if (op == BITOP_AND) dst[i] &= src[i];
        else if (op == BITOP_OR) dst[i] |= src[i];
        else dst[i] ^= src[i];
    }
}

/* BITOP AND|OR|XOR|NOT destkey srckey [srckey ...]
 * Missing keys count as empty strings, and every operand as zero-padded to
 * the longest one.  The result has the length of the longest operand; an
 * empty result deletes the destination.  Replies with that length. */
void bitopCommand(client *c) {
    const char *opname = c->argv[1]->ptr;
    robj *target = c->argv[2];
    int op, numkeys = c->argc - 3;

    if (!strcasecmp(opname, "and")) op = BITOP_AND;
    else if (!strcasecmp(opname, "or")) op = BITOP_OR;
    else if (!strcasecmp(opname, "xor")) op = BITOP_XOR;
    else if (!strcasecmp(opname, "not")) op = BITOP_NOT;
    else {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    if (op == BITOP_NOT && numkeys != 1) {
        addReplyError(c, "BITOP NOT must be called with a single source key.");
        return;
    }

    /* Check every operand's type before computing anything. */
    robj **src = zmalloc(sizeof(robj *) * numkeys);
    size_t maxlen = 0, minlen = SIZE_MAX;
    for (int j = 0; j < numkeys; j++) {
        robj *o = lookupKeyRead(c->db, c->argv[j + 3]);
        if (checkType(c, o, OBJ_STRING)) {
            for (int k = 0; k < j; k++)
                if (src[k]) decrRefCount(src[k]);
            zfree(src);
            return;
        }
        src[j] = o ? getDecodedObject(o) : NULL;
        size_t len = o ? sdslen(src[j]->ptr) : 0;
        if (len > maxlen) maxlen = len;
        if (len < minlen) minlen = len;
    }

    sds res = NULL;
    if (maxlen) {
        /* Start from the first operand, zero-padded, and fold the others
         * in: bytes past an operand's end combine with zero, which changes
         * nothing for OR and XOR and clears the result for AND. */
        res = sdsnewlen(NULL, maxlen);
        if (src[0]) memcpy(res, src[0]->ptr, sdslen(src[0]->ptr));
        for (int j = 1; j < numkeys; j++)
            if (src[j]) bitopCombine((unsigned char *)res, src[j]->ptr, sdslen(src[j]->ptr), op);
        if (op == BITOP_AND && minlen < maxlen) memset(res + minlen, 0, maxlen - minlen);
        if (op == BITOP_NOT) {
            size_t i = 0;
            for (; i + 8 <= maxlen; i += 8) bitsStoreWord((unsigned char *)res + i, ~bitsLoadWord((unsigned char *)res + i));
            for (; i < maxlen; i++) res[i] = (char)~res[i];
        }
    }
    for (int j = 0; j < numkeys; j++)
        if (src[j]) decrRefCount(src[j]);
    zfree(src);

    if (res) {
        /* Like SET (the TTL goes), but the result is handed over as is:
         * replacing a key through setKey would copy it once more. */
        dbDelete(c->db, target);
        dbAdd(c->db, target, createObject(OBJ_STRING, res));
        signalModifiedKey(c, c->db, target);
        notifyKeyspaceEvent(NOTIFY_STRING, "set", target, c->db->id);
        server.dirty++;
    } else if (dbDelete(c->db, target)) {
        signalModifiedKey(c, c->db, target);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", target, c->db->id);
        server.dirty++;
    }
    addReplyLongLong(c, (long long)maxlen);
}

/* ===========================================================================
 * BITFIELD, BITFIELD_RO
 * ======================================================================== */

#define BITFIELDOP_GET 0
#define BITFIELDOP_SET 1
#define BITFIELDOP_INCRBY 2

typedef struct bitfieldOp {
    uint64_t offset; /* in bits */
    int64_t arg;     /* SET value or INCRBY increment */
    int opcode;
    int owtype; /* overflow policy in force for this op */
    int bits;
    int sign;
} bitfieldOp;

/* Run one SET or INCRBY on the string 'p' (already long enough) and reply
 * with its result: the old value for SET, the new one for INCRBY, a null
 * when the FAIL policy refused an overflow.  Returns -1 if refused, else 1
 * if the field's value changed and 0 if it did not. */
static int bitfieldWrite(client *c, unsigned char *p, size_t len, const bitfieldOp *op) {
    uint64_t raw = bitsGetField(p, len, op->offset, op->bits), stored;
    long long reply;
    int overflow;

    if (op->sign) {
        int64_t old = bitsSignExtend(raw, op->bits), val = 0;
        if (op->opcode == BITFIELDOP_INCRBY) overflow = bitfieldSignedAdd(old, op->arg, op->bits, op->owtype, &val);
        else overflow = bitfieldSignedAdd(op->arg, 0, op->bits, op->owtype, &val);
        reply = op->opcode == BITFIELDOP_INCRBY ? val : old;
        stored = (uint64_t)val;
    } else {
        uint64_t val = 0;
        if (op->opcode == BITFIELDOP_INCRBY) overflow = bitfieldUnsignedAdd(raw, op->arg, op->bits, op->owtype, &val);
        else overflow = bitfieldUnsignedAdd((uint64_t)op->arg, 0, op->bits, op->owtype, &val);
        reply = (long long)(op->opcode == BITFIELDOP_INCRBY ? val : raw);
        stored = val;
    }
    if (overflow && op->owtype == BFOVERFLOW_FAIL) {
        addReplyNull(c);
        return -1;
    }
    addReplyLongLong(c, reply);
    bitsSetField(p, op->offset, op->bits, stored);
    return bitsGetField(p, len, op->offset, op->bits) != raw;
}

/* Parse every operation first, so that a bad argument anywhere fails the
 * whole command before anything is written; then run them in order. */
static void bitfieldGeneric(client *c, int readonly_cmd) {
    int owtype = BFOVERFLOW_WRAP;
    int numops = 0, writes = 0;
    uint64_t maxbit = 0;
    bitfieldOp *ops = zmalloc(sizeof(bitfieldOp) * ((size_t)(c->argc - 2) / 3 + 1));

    for (int j = 2; j < c->argc; j++) {
        const char *name = c->argv[j]->ptr;
        int remaining = c->argc - j - 1;
        bitfieldOp *op = ops + numops;

        if (!strcasecmp(name, "get") && remaining >= 2) op->opcode = BITFIELDOP_GET;
        else if (!strcasecmp(name, "set") && remaining >= 3) op->opcode = BITFIELDOP_SET;
        else if (!strcasecmp(name, "incrby") && remaining >= 3) op->opcode = BITFIELDOP_INCRBY;
        else if (!strcasecmp(name, "overflow") && remaining >= 1) {
            /* Applies to the SET and INCRBY that follow it. */
            const char *policy = c->argv[++j]->ptr;
            if (!strcasecmp(policy, "wrap")) owtype = BFOVERFLOW_WRAP;
            else if (!strcasecmp(policy, "sat")) owtype = BFOVERFLOW_SAT;
            else if (!strcasecmp(policy, "fail")) owtype = BFOVERFLOW_FAIL;
            else {
                addReplyError(c, "Invalid OVERFLOW type specified");
                goto done;
            }
            continue;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            goto done;
        }

        if (getBitfieldTypeFromArgument(c, c->argv[j + 1], &op->sign, &op->bits) != C_OK) goto done;
        if (getBitOffsetFromArgument(c, c->argv[j + 2], &op->offset, 1, op->bits) != C_OK) goto done;
        op->owtype = owtype;
        op->arg = 0;
        if (op->opcode != BITFIELDOP_GET) {
            long long v;
            if (getLongLongFromObjectOrReply(c, c->argv[j + 3], &v, NULL) != C_OK) goto done;
            op->arg = v;
            writes++;
            if (op->offset + op->bits - 1 > maxbit) maxbit = op->offset + op->bits - 1;
        }
        numops++;
        j += op->opcode == BITFIELDOP_GET ? 2 : 3;
    }

    robj *o;
    int grown = 0;
    if (writes == 0) {
        /* Only reads: a missing key reads as zeros and is not created. */
        o = lookupKeyRead(c->db, c->argv[1]);
        if (checkType(c, o, OBJ_STRING)) goto done;
    } else if (readonly_cmd) {
        addReplyError(c, "BITFIELD_RO only supports the GET subcommand");
        goto done;
    } else if ((o = bitsLookupForWrite(c, maxbit, &grown)) == NULL) {
        goto done;
    }

    /* As with SETBIT, a write that leaves its field as it was is no change
     * unless the string was created or extended; one that FAIL refused is
     * none at all, even on a key it created. */
    long long changes = 0;
    addReplyArrayLen(c, numops);
    for (int j = 0; j < numops; j++) {
        const bitfieldOp *op = ops + j;
        if (op->opcode == BITFIELDOP_GET) {
            char llbuf[LONG_STR_SIZE];
            size_t len = 0;
            const unsigned char *p = o ? bitsStringBytes(o, &len, llbuf) : NULL;
            uint64_t raw = bitsGetField(p, len, op->offset, op->bits);
            addReplyLongLong(c, op->sign ? bitsSignExtend(raw, op->bits) : (long long)raw);
        } else {
            int written = bitfieldWrite(c, o->ptr, sdslen(o->ptr), op);
            if (written == 1 || (written == 0 && grown)) changes++;
        }
    }
    if (changes) {
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_STRING, "setbit", c->argv[1], c->db->id);
        server.dirty += changes;
    }

done:
    zfree(ops);
}

void bitfieldCommand(client *c) { bitfieldGeneric(c, 0); }
void bitfieldRoCommand(client *c) { bitfieldGeneric(c, 1); }
