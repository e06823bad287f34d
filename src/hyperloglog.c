/* hyperloglog.c - HyperLogLog cardinality estimation: PFADD, PFCOUNT,
 * PFMERGE, PFSELFTEST and PFDEBUG.
 *
 * A HyperLogLog estimates how many distinct elements were added to it with a
 * standard error of about 0.81%, in at most 12 KB.  Each element is hashed
 * to 64 bits; the low 14 bits pick one of 16384 registers, and the register
 * keeps the largest "rank" seen: the position of the first 1 bit in the
 * other 50 bits, counting from 1 (a sentinel bit above them bounds it to
 * 51).  The cardinality is estimated from the histogram of register values
 * with Otmar Ertl's improved estimator ("New cardinality estimation
 * algorithms for HyperLogLog sketches", arXiv:1702.01284), which needs no
 * bias correction tables and no switch to linear counting.
 *
 * The value is a plain string, byte for byte the format Redis 7.0 uses, so
 * that GET from one server and SET into the other keeps working:
 *
 *   +------+---+-----+--------------------------+------------------------+
 *   | HYLL | E | 000 | cached cardinality (8)   | registers...           |
 *   +------+---+-----+--------------------------+------------------------+
 *    0      4   5     8                          16
 *
 *   E  encoding: 0 dense, 1 sparse (nothing else is valid).
 *   The cardinality is a little endian 64 bit number; the most significant
 *   bit of its last byte set means "stale, recompute".
 *
 * Dense: 16384 registers of 6 bits, 12288 bytes, register i occupying bits
 * 6i .. 6i+5 counting from the least significant bit of byte 0 (so a
 * register may straddle two bytes: its low bits at the top of the first).
 *
 * Sparse: a run-length coding of the registers, in three opcodes:
 *
 *   00xxxxxx            ZERO:  xxxxxx+1 (1..64) registers set to 0
 *   01xxxxxx yyyyyyyy   XZERO: the 14 bit number x..y +1 (1..16384) zeros
 *   1vvvvvxx            VAL:   xx+1 (1..4) registers set to vvvvv+1 (1..32)
 *
 * An empty HyperLogLog is one XZERO of 16384.  The runs must cover exactly
 * 16384 registers.  A sparse value becomes dense for good when a register
 * must hold more than 32, or when an update would make the string longer
 * than hll-sparse-max-bytes (the header included).  Sparse updates split
 * the run holding the register and merge equal neighbouring VAL runs in the
 * same way Redis does, so that both servers produce identical strings.
 *
 * Any string may be SET under a key and then handed to PF*: everything read
 * from a value is bounds-checked, and a value that does not parse is
 * answered with WRONGTYPE (bad header or dense length) or INVALIDOBJ (sparse
 * runs that do not add up). */
#include "server.h"
#include "notify.h"

#include <math.h>

#define HLL_P 14                       /* register index bits */
#define HLL_Q (64 - HLL_P)             /* bits left for the rank */
#define HLL_REGISTERS (1 << HLL_P)     /* 16384 */
#define HLL_P_MASK (HLL_REGISTERS - 1)
#define HLL_BITS 6
#define HLL_REGISTER_MAX ((1 << HLL_BITS) - 1)
#define HLL_HDR_SIZE 16
#define HLL_DENSE_SIZE (HLL_HDR_SIZE + (HLL_REGISTERS * HLL_BITS + 7) / 8)
#define HLL_DENSE 0
#define HLL_SPARSE 1
#define HLL_MAX_ENCODING 1
#define HLL_HASH_SEED 0xadc83b19ULL
#define HLL_ALPHA_INF 0.721347520444481703680 /* 1 / (2 ln 2) */

/* Header fields, as byte offsets into the string. */
#define HLL_ENCODING_OFFSET 4
#define HLL_CARD_OFFSET 8
#define HLL_CARD_STALE_BYTE 15

/* Sparse opcodes. */
#define HLL_ZERO_MAX_RUN 64
#define HLL_XZERO_MAX_RUN 16384
#define HLL_VAL_MAX_VALUE 32
#define HLL_VAL_MAX_RUN 4
#define HLL_OP_IS_XZERO(b) (((b) & 0xc0) == 0x40)
#define HLL_OP_IS_ZERO(b) (((b) & 0xc0) == 0x00)
#define HLL_OP_IS_VAL(b) (((b) & 0x80) != 0)
#define HLL_VAL_VALUE(b) ((((b) >> 2) & 0x1f) + 1)
#define HLL_VAL_RUN(b) (((b) & 0x3) + 1)
#define HLL_VAL_BYTE(value, run) ((uint8_t)(0x80 | (((value) - 1) << 2) | ((run) - 1)))

static const char *hll_invalid_err = "-INVALIDOBJ Corrupted HLL object detected";
static const char *hll_wrongtype_err = "-WRONGTYPE Key is not a valid HyperLogLog string value.";

/* ===========================================================================
 * Hashing: MurmurHash64A (Austin Appleby, public domain)
 * ======================================================================== */

/* The 64 bit MurmurHash2 variant, reading the input as little endian words
 * whatever the host, so that the registers do not depend on the machine. */
static uint64_t hllMurmurHash64A(const unsigned char *data, size_t len, uint64_t seed) {
    const uint64_t m = 0xc6a4a7935bd1e995ULL;
    const int r = 47;
    uint64_t h = seed ^ ((uint64_t)len * m);
    size_t blocks = len / 8;

    for (size_t i = 0; i < blocks; i++) {
        const unsigned char *b = data + i * 8;
        uint64_t k = 0;
        for (int j = 7; j >= 0; j--) k = (k << 8) | b[j];
        k *= m;
        k ^= k >> r;
        k *= m;
        h ^= k;
        h *= m;
    }
    const unsigned char *tail = data + blocks * 8;
    size_t rest = len & 7;
    if (rest) {
        for (size_t j = rest; j > 0; j--) h ^= (uint64_t)tail[j - 1] << (8 * (j - 1));
        h *= m;
    }
    h ^= h >> r;
    h *= m;
    h ^= h >> r;
    return h;
}

/* The register an element lands in and the rank it brings (1..51). */
static int hllHashElement(const unsigned char *ele, size_t len, long *index) {
    uint64_t hash = hllMurmurHash64A(ele, len, HLL_HASH_SEED);
    *index = (long)(hash & HLL_P_MASK);
    hash >>= HLL_P;
    hash |= 1ULL << HLL_Q; /* the sentinel: the rank is at most HLL_Q + 1 */
    int rank = 1;
    while ((hash & 1) == 0) {
        rank++;
        hash >>= 1;
    }
    return rank;
}

/* ===========================================================================
 * Header and dense registers
 * ======================================================================== */

static inline int hllEncoding(const uint8_t *s) { return s[HLL_ENCODING_OFFSET]; }
static inline int hllCacheIsValid(const uint8_t *s) { return (s[HLL_CARD_STALE_BYTE] & 0x80) == 0; }
static inline void hllInvalidateCache(uint8_t *s) { s[HLL_CARD_STALE_BYTE] |= 0x80; }

static uint64_t hllGetCachedCard(const uint8_t *s) {
    uint64_t card = 0;
    for (int j = 7; j >= 0; j--) card = (card << 8) | s[HLL_CARD_OFFSET + j];
    return card;
}

static void hllSetCachedCard(uint8_t *s, uint64_t card) {
    for (int j = 0; j < 8; j++) s[HLL_CARD_OFFSET + j] = (card >> (8 * j)) & 0xff;
}

/* Register i of a dense register array (12288 bytes).  The second byte is
 * touched only when the register really straddles it, so the last register
 * never reads past the array. */
static inline int hllDenseGet(const uint8_t *regs, long i) {
    unsigned long bit = (unsigned long)i * HLL_BITS;
    unsigned long byte = bit / 8, shift = bit & 7;
    unsigned v = regs[byte] >> shift;
    if (shift > 8 - HLL_BITS) v |= (unsigned)regs[byte + 1] << (8 - shift);
    return v & HLL_REGISTER_MAX;
}

static inline void hllDenseWrite(uint8_t *regs, long i, int val) {
    unsigned long bit = (unsigned long)i * HLL_BITS;
    unsigned long byte = bit / 8, shift = bit & 7;
    regs[byte] = (uint8_t)((regs[byte] & ~(HLL_REGISTER_MAX << shift)) | (val << shift));
    if (shift > 8 - HLL_BITS) {
        unsigned hi = 8 - shift; /* bits of the register in the first byte */
        regs[byte + 1] = (uint8_t)((regs[byte + 1] & ~(HLL_REGISTER_MAX >> hi)) | (val >> hi));
    }
}

/* Raise register i to 'rank' if it is lower: 1 if it changed. */
static int hllDenseSet(uint8_t *regs, long i, int rank) {
    if (hllDenseGet(regs, i) >= rank) return 0;
    hllDenseWrite(regs, i, rank);
    return 1;
}

/* ===========================================================================
 * Sparse opcodes
 * ======================================================================== */

typedef struct hllOp {
    int size;  /* bytes: 1, or 2 for XZERO */
    long run;  /* registers covered */
    int value; /* their value (0 for the zero runs) */
    int whole; /* 0 for an XZERO cut off by the end of the string */
} hllOp;

/* Decode the opcode at p (p < end).  A truncated XZERO (a corrupted value)
 * takes its second byte from the sds terminator slot at end[0], as Redis
 * does: that byte is 0, unless a sparse update wrote over it (see the
 * truncated case of hllSparseSet), and reading it keeps us byte-identical
 * with Redis on such values.  The slot always exists, so this stays within
 * the allocation.  The opcode is flagged so writers know. */
static void hllDecodeOp(const uint8_t *p, const uint8_t *end, hllOp *op) {
    uint8_t b = p[0];
    op->whole = 1;
    if (HLL_OP_IS_ZERO(b)) {
        op->size = 1;
        op->run = (b & 0x3f) + 1;
        op->value = 0;
    } else if (HLL_OP_IS_XZERO(b)) {
        uint8_t lo = p[1];
        if (p + 1 >= end) op->whole = 0;
        op->size = 2;
        op->run = (((long)(b & 0x3f) << 8) | lo) + 1;
        op->value = 0;
    } else {
        op->size = 1;
        op->run = HLL_VAL_RUN(b);
        op->value = HLL_VAL_VALUE(b);
    }
}

/* Write the opcodes for a run of 'run' registers holding 'value' (0: ZERO
 * or XZERO, else one VAL: callers keep such runs within 4).  Returns the
 * bytes written. */
static int hllEncodeRun(uint8_t *p, int value, long run) {
    if (value) {
        p[0] = HLL_VAL_BYTE(value, run);
        return 1;
    }
    if (run <= HLL_ZERO_MAX_RUN) {
        p[0] = (uint8_t)(run - 1);
        return 1;
    }
    p[0] = (uint8_t)(0x40 | ((run - 1) >> 8));
    p[1] = (uint8_t)((run - 1) & 0xff);
    return 2;
}

/* ===========================================================================
 * The HyperLogLog value
 * ======================================================================== */

/* An empty HyperLogLog: sparse, one XZERO covering every register, with a
 * valid cached cardinality of 0. */
static robj *hllCreate(void) {
    size_t len = HLL_HDR_SIZE + 2 * ((HLL_REGISTERS + HLL_XZERO_MAX_RUN - 1) / HLL_XZERO_MAX_RUN);
    sds s = sdsnewlen(NULL, len);
    memcpy(s, "HYLL", 4);
    s[HLL_ENCODING_OFFSET] = HLL_SPARSE;
    uint8_t *p = (uint8_t *)s + HLL_HDR_SIZE;
    for (long left = HLL_REGISTERS; left > 0;) {
        long run = left < HLL_XZERO_MAX_RUN ? left : HLL_XZERO_MAX_RUN;
        p += hllEncodeRun(p, 0, run);
        left -= run;
    }
    return createObject(OBJ_STRING, s);
}

/* Check that o is a string that looks like a HyperLogLog (header and dense
 * length; sparse runs are checked as they are read).  Replies and returns
 * C_ERR if not. */
static int hllCheckObjectOrReply(client *c, robj *o) {
    if (checkType(c, o, OBJ_STRING)) return C_ERR;
    if (!sdsEncodedObject(o) || stringObjectLen(o) < HLL_HDR_SIZE) goto invalid;
    const uint8_t *s = o->ptr;
    if (memcmp(s, "HYLL", 4) != 0) goto invalid;
    if (hllEncoding(s) > HLL_MAX_ENCODING) goto invalid;
    if (hllEncoding(s) == HLL_DENSE && stringObjectLen(o) != HLL_DENSE_SIZE) goto invalid;
    return C_OK;

invalid:
    addReplyError(c, hll_wrongtype_err);
    return C_ERR;
}

/* Turn a sparse value into a dense one, keeping the header bytes (magic,
 * the unused bytes, the cached cardinality) as they are.  C_ERR, with the
 * value unchanged, if the runs do not cover exactly 16384 registers. */
static int hllSparseToDense(robj *o) {
    const uint8_t *s = o->ptr;
    if (hllEncoding(s) == HLL_DENSE) return C_OK;
    const uint8_t *p = s + HLL_HDR_SIZE, *end = s + sdslen(o->ptr);
    sds dense = sdsnewlen(NULL, HLL_DENSE_SIZE);
    uint8_t *regs = (uint8_t *)dense + HLL_HDR_SIZE;
    long idx = 0;
    hllOp op;

    memcpy(dense, s, HLL_HDR_SIZE);
    dense[HLL_ENCODING_OFFSET] = HLL_DENSE;
    while (p < end) {
        hllDecodeOp(p, end, &op);
        if (idx + op.run > HLL_REGISTERS) goto invalid; /* runs past the last register */
        if (op.value)
            for (long j = 0; j < op.run; j++) hllDenseWrite(regs, idx + j, op.value);
        idx += op.run;
        p += op.size;
    }
    if (idx != HLL_REGISTERS) goto invalid;
    sdsfree(o->ptr);
    o->ptr = dense;
    return C_OK;

invalid:
    sdsfree(dense);
    return C_ERR;
}

/* Merge equal neighbouring VAL opcodes after an update at byte 'from' (the
 * opcode before the updated one, whose run may now join it).  Like Redis,
 * looks at five opcode positions at most, and after a merge tries the
 * merged opcode again with its new right neighbour. */
static void hllSparseMergeVals(robj *o, size_t from) {
    uint8_t *s = o->ptr;
    size_t len = sdslen(o->ptr), p = from;
    for (int budget = 5; p < len && budget > 0; budget--) {
        uint8_t b = s[p];
        if (HLL_OP_IS_XZERO(b)) {
            p += 2;
            continue;
        }
        if (HLL_OP_IS_ZERO(b)) {
            p++;
            continue;
        }
        if (p + 1 < len && HLL_OP_IS_VAL(s[p + 1]) && HLL_VAL_VALUE(b) == HLL_VAL_VALUE(s[p + 1])) {
            int run = HLL_VAL_RUN(b) + HLL_VAL_RUN(s[p + 1]);
            if (run <= HLL_VAL_MAX_RUN) {
                s[p] = HLL_VAL_BYTE(HLL_VAL_VALUE(b), run);
                memmove(s + p + 1, s + p + 2, len - (p + 2));
                sdsIncrLen(o->ptr, -1);
                len--;
                continue;
            }
        }
        p++;
    }
}

/* Promote to dense and raise the register there. */
static int hllPromoteAndSet(robj *o, long index, int rank) {
    if (hllSparseToDense(o) == C_ERR) return -1;
    return hllDenseSet((uint8_t *)o->ptr + HLL_HDR_SIZE, index, rank);
}

/* Raise register 'index' of a sparse value to 'rank'.  Returns 1 if the
 * value changed, 0 if the register already held as much, -1 if the value
 * is corrupted.  May promote the value to dense (o->ptr changes). */
static int hllSparseSet(robj *o, long index, int rank) {
    if (rank > HLL_VAL_MAX_VALUE) return hllPromoteAndSet(o, index, rank);

    /* Find the opcode covering the register, and the one before it. */
    uint8_t *s = o->ptr;
    size_t len = sdslen(o->ptr), pos = HLL_HDR_SIZE, prev = 0;
    long first = 0; /* first register of the opcode at pos */
    int found = 0;
    hllOp op;
    while (pos < len) {
        hllDecodeOp(s + pos, s + len, &op);
        if (index < first + op.run) {
            found = 1;
            break;
        }
        prev = pos;
        pos += op.size;
        first += op.run;
    }
    if (!found) return -1;

    if (op.value >= rank) return 0; /* only a VAL can: zero runs hold 0 and rank >= 1 */
    if (op.run == 1 && op.size == 1) {
        /* A single register (VAL or ZERO of one): rewrite the byte. */
        s[pos] = HLL_VAL_BYTE(rank, 1);
    } else {
        /* Split the run in up to three: before, the register, after. */
        uint8_t seq[5];
        int n = 0;
        long last = first + op.run - 1;
        if (index > first) n += hllEncodeRun(seq + n, op.value, index - first);
        seq[n++] = HLL_VAL_BYTE(rank, 1);
        if (index < last) n += hllEncodeRun(seq + n, op.value, last - index);
        int delta = n - op.size;
        if (delta > 0 && (long long)(len + delta) > server.hll_sparse_max_bytes)
            return hllPromoteAndSet(o, index, rank);
        if (delta > 0) {
            o->ptr = sdsMakeRoomFor(o->ptr, delta);
            s = o->ptr;
        }
        if (op.whole) {
            memmove(s + pos + n, s + pos + op.size, len - (pos + op.size));
            memcpy(s + pos, seq, n);
            sdsIncrLen(o->ptr, delta);
        } else {
            /* A corrupted value ending in half an XZERO.  Redis grows the
             * string by 'delta' only and then writes all n new bytes, so
             * the last one lands in the terminator slot, past the end: GET
             * does not show it, but the next read of a truncated XZERO
             * does (hllDecodeOp).  We leave the same bytes in the same
             * places; the slot is part of the allocation. */
            sdsIncrLen(o->ptr, delta);
            memcpy(s + pos, seq, n);
        }
    }
    hllSparseMergeVals(o, prev ? prev : HLL_HDR_SIZE);
    hllInvalidateCache(o->ptr);
    return 1;
}

/* Add one element: 1 if a register changed, 0 if not, -1 if corrupted. */
static int hllAdd(robj *o, const unsigned char *ele, size_t len) {
    long index;
    int rank = hllHashElement(ele, len, &index);
    uint8_t *s = o->ptr;
    switch (hllEncoding(s)) {
    case HLL_DENSE: return hllDenseSet(s + HLL_HDR_SIZE, index, rank);
    case HLL_SPARSE: return hllSparseSet(o, index, rank);
    default: return -1;
    }
}

/* Raise max[i] to the registers of o (checked with hllCheckObjectOrReply).
 * C_ERR if o is a sparse value whose runs do not cover 16384 registers. */
static int hllMergeInto(uint8_t *max, robj *o) {
    const uint8_t *s = o->ptr;
    if (hllEncoding(s) == HLL_DENSE) {
        for (long i = 0; i < HLL_REGISTERS; i++) {
            int v = hllDenseGet(s + HLL_HDR_SIZE, i);
            if (v > max[i]) max[i] = (uint8_t)v;
        }
        return C_OK;
    }
    const uint8_t *p = s + HLL_HDR_SIZE, *end = s + sdslen(o->ptr);
    long idx = 0;
    hllOp op;
    while (p < end) {
        hllDecodeOp(p, end, &op);
        if (idx + op.run > HLL_REGISTERS) return C_ERR; /* runs past the last register */
        if (op.value)
            for (long j = idx; j < idx + op.run; j++)
                if (op.value > max[j]) max[j] = (uint8_t)op.value;
        idx += op.run;
        p += op.size;
    }
    return idx == HLL_REGISTERS ? C_OK : C_ERR;
}

/* ===========================================================================
 * The estimator
 * ======================================================================== */

/* sigma(x) = x + sum_{k>=1} x^(2^k) 2^(k-1), summed until it stops moving. */
static double hllSigma(double x) {
    if (x == 1.0) return INFINITY;
    double y = 1.0, z = x, zprev;
    do {
        x *= x;
        zprev = z;
        z += x * y;
        y += y;
    } while (z != zprev);
    return z;
}

/* tau(x) = (1 - x - sum_{k>=1} (1 - x^(2^-k))^2 2^-k) / 3.  The square is
 * taken with pow(), as Redis does, so that the last bit agrees with it. */
static double hllTau(double x) {
    if (x == 0.0 || x == 1.0) return 0.0;
    double y = 1.0, z = 1 - x, zprev;
    do {
        x = sqrt(x);
        zprev = z;
        y *= 0.5;
        z -= pow(1 - x, 2) * y;
    } while (z != zprev);
    return z / 3;
}

/* The estimate from the histogram of register values (hist[v] = number of
 * registers holding v).  The floating point steps follow Redis's order so
 * the rounded result is the same. */
static uint64_t hllEstimate(const int *hist) {
    double m = HLL_REGISTERS;
    double z = m * hllTau((m - hist[HLL_Q + 1]) / m);
    for (int j = HLL_Q; j >= 1; j--) {
        z += hist[j];
        z *= 0.5;
    }
    z += m * hllSigma(hist[0] / m);
    return (uint64_t)llroundl(HLL_ALPHA_INF * m * m / z);
}

static void hllRawHistogram(const uint8_t *regs, int *hist) {
    for (long i = 0; i < HLL_REGISTERS; i++) hist[regs[i] & HLL_REGISTER_MAX]++;
}

/* The cardinality of a value (checked with hllCheckObjectOrReply).  For a
 * sparse value whose runs do not add up, *invalid is set to 1. */
static uint64_t hllCount(robj *o, int *invalid) {
    int hist[HLL_REGISTER_MAX + 1] = {0};
    const uint8_t *s = o->ptr;
    if (hllEncoding(s) == HLL_DENSE) {
        for (long i = 0; i < HLL_REGISTERS; i++) hist[hllDenseGet(s + HLL_HDR_SIZE, i)]++;
    } else {
        const uint8_t *p = s + HLL_HDR_SIZE, *end = s + sdslen(o->ptr);
        long idx = 0;
        hllOp op;
        while (p < end) {
            hllDecodeOp(p, end, &op);
            idx += op.run;
            if (idx > HLL_REGISTERS) break; /* invalid: stop before the counts overflow */
            hist[op.value] += (int)op.run;
            p += op.size;
        }
        if (idx != HLL_REGISTERS) *invalid = 1;
    }
    return hllEstimate(hist);
}

/* ===========================================================================
 * Commands
 * ======================================================================== */

/* PFADD key [element ...] */
void pfaddCommand(client *c) {
    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    int updated = 0;

    if (o == NULL) {
        o = dbAdd(c->db, c->argv[1], hllCreate());
        updated++; /* creating the key is a change, even with no element */
    } else {
        if (hllCheckObjectOrReply(c, o) != C_OK) return;
    }
    o = dbUnshareStringValue(c->db, c->argv[1], o);
    for (int j = 2; j < c->argc; j++) {
        robj *ele = getDecodedObject(c->argv[j]);
        int ret = hllAdd(o, (unsigned char *)ele->ptr, sdslen(ele->ptr));
        decrRefCount(ele);
        if (ret == -1) {
            addReplyError(c, hll_invalid_err);
            return;
        }
        updated += ret;
    }
    if (updated) {
        hllInvalidateCache(o->ptr);
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_STRING, "pfadd", c->argv[1], c->db->id);
        server.dirty += updated;
    }
    addReply(c, updated ? shared.cone : shared.czero);
}

/* PFCOUNT of several keys: the estimate of their union, leaving them as
 * they are. */
static void pfcountUnion(client *c) {
    uint8_t max[HLL_REGISTERS];
    memset(max, 0, sizeof(max));
    for (int j = 1; j < c->argc; j++) {
        robj *o = lookupKeyRead(c->db, c->argv[j]);
        if (o == NULL) continue; /* a missing key is an empty HyperLogLog */
        if (hllCheckObjectOrReply(c, o) != C_OK) return;
        if (hllMergeInto(max, o) != C_OK) {
            addReplyError(c, hll_invalid_err);
            return;
        }
    }
    int hist[HLL_REGISTER_MAX + 1] = {0};
    hllRawHistogram(max, hist);
    addReplyLongLong(c, (long long)hllEstimate(hist));
}

/* PFCOUNT key [key ...]
 * With one key the estimate is cached in the value's header.  Storing it
 * modifies the string, so (as in Redis) the key counts as modified then. */
void pfcountCommand(client *c) {
    if (c->argc > 2) {
        pfcountUnion(c);
        return;
    }
    robj *o = lookupKeyRead(c->db, c->argv[1]);
    if (o == NULL) {
        addReply(c, shared.czero);
        return;
    }
    if (hllCheckObjectOrReply(c, o) != C_OK) return;
    o = dbUnshareStringValue(c->db, c->argv[1], o);
    uint64_t card;
    if (hllCacheIsValid(o->ptr)) {
        card = hllGetCachedCard(o->ptr);
    } else {
        int invalid = 0;
        card = hllCount(o, &invalid);
        if (invalid) {
            addReplyError(c, hll_invalid_err);
            return;
        }
        hllSetCachedCard(o->ptr, card);
        signalModifiedKey(c, c->db, c->argv[1]);
        server.dirty++;
    }
    addReplyLongLong(c, (long long)card);
}

/* PFMERGE destkey [sourcekey ...]
 * The destination's own registers take part in the union.  It becomes
 * dense if any input is dense, otherwise it stays sparse for as long as the
 * usual promotion rules allow. */
void pfmergeCommand(client *c) {
    uint8_t max[HLL_REGISTERS];
    int use_dense = 0;

    memset(max, 0, sizeof(max));
    for (int j = 1; j < c->argc; j++) {
        robj *o = lookupKeyRead(c->db, c->argv[j]);
        if (o == NULL) continue;
        if (hllCheckObjectOrReply(c, o) != C_OK) return;
        if (hllEncoding(o->ptr) == HLL_DENSE) use_dense = 1;
        if (hllMergeInto(max, o) != C_OK) {
            addReplyError(c, hll_invalid_err);
            return;
        }
    }

    /* The destination was checked above, being argv[1]. */
    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    if (o == NULL) o = dbAdd(c->db, c->argv[1], hllCreate());
    o = dbUnshareStringValue(c->db, c->argv[1], o);
    if (use_dense && hllSparseToDense(o) == C_ERR) {
        addReplyError(c, hll_invalid_err);
        return;
    }
    for (long i = 0; i < HLL_REGISTERS; i++) {
        if (max[i] == 0) continue;
        if (hllEncoding(o->ptr) == HLL_DENSE) hllDenseSet((uint8_t *)o->ptr + HLL_HDR_SIZE, i, max[i]);
        else hllSparseSet(o, i, max[i]);
    }
    hllInvalidateCache(o->ptr);
    signalModifiedKey(c, c->db, c->argv[1]);
    /* Redis reports a merge as a "pfadd": it is a bulk add of elements. */
    notifyKeyspaceEvent(NOTIFY_STRING, "pfadd", c->argv[1], c->db->id);
    server.dirty++;
    addReply(c, shared.ok);
}

/* ===========================================================================
 * PFSELFTEST and PFDEBUG
 * ======================================================================== */

/* Dense registers: write random values everywhere, read them back, and
 * check that writing one register leaves its neighbours alone. */
static int hllSelftestRegisters(client *c) {
    uint8_t *regs = zcalloc(HLL_DENSE_SIZE - HLL_HDR_SIZE);
    uint8_t *want = zmalloc(HLL_REGISTERS);
    int ok = 1;
    for (int round = 0; round < 100 && ok; round++) {
        getRandomBytes(want, HLL_REGISTERS);
        for (long i = 0; i < HLL_REGISTERS; i++) {
            want[i] &= HLL_REGISTER_MAX;
            hllDenseWrite(regs, i, want[i]);
        }
        for (long i = 0; i < HLL_REGISTERS && ok; i++) {
            if (hllDenseGet(regs, i) != want[i]) {
                addReplyErrorFormat(c, "TESTFAILED dense register %ld reads %d, %d was written", i,
                                    hllDenseGet(regs, i), want[i]);
                ok = 0;
            }
        }
    }
    zfree(regs);
    zfree(want);
    return ok;
}

/* Add the same elements to a sparse value (promoted along the way) and to a
 * dense register array; at each power of ten they must give the same
 * estimate, within six standard errors of the true count. */
static int hllSelftestCounts(client *c) {
    robj *o = hllCreate();
    uint8_t regs[HLL_REGISTERS];
    uint64_t seed;
    int ok = 1;
    const double stderr_rel = 1.04 / sqrt(HLL_REGISTERS);

    memset(regs, 0, sizeof(regs));
    getRandomBytes((unsigned char *)&seed, sizeof(seed));
    for (uint64_t n = 1, checkpoint = 1; n <= 1000000 && ok; n++) {
        uint64_t ele = n ^ seed;
        long index;
        int rank = hllHashElement((unsigned char *)&ele, sizeof(ele), &index);
        if (rank > regs[index]) regs[index] = (uint8_t)rank;
        if (hllAdd(o, (unsigned char *)&ele, sizeof(ele)) == -1) {
            addReplyError(c, "TESTFAILED the HyperLogLog became invalid");
            ok = 0;
            break;
        }
        if (n != checkpoint) continue;
        checkpoint *= 10;

        /* Each update grows a sparse value by 3 bytes at most. */
        if ((long long)(18 + 3 * n) <= server.hll_sparse_max_bytes && hllEncoding(o->ptr) != HLL_SPARSE) {
            addReplyErrorFormat(c, "TESTFAILED promoted to dense after %llu elements", (unsigned long long)n);
            ok = 0;
            break;
        }
        int invalid = 0, hist[HLL_REGISTER_MAX + 1] = {0};
        hllRawHistogram(regs, hist);
        uint64_t expect = hllEstimate(hist), got = hllCount(o, &invalid);
        if (invalid || got != expect) {
            addReplyErrorFormat(c, "TESTFAILED %llu elements: the value counts %llu, the registers %llu",
                                (unsigned long long)n, (unsigned long long)got, (unsigned long long)expect);
            ok = 0;
            break;
        }
        double err = fabs((double)got - (double)n);
        double bound = ceil(6 * stderr_rel * (double)n);
        if (bound < 1) bound = 1;
        if (err > bound) {
            addReplyErrorFormat(c, "TESTFAILED %llu elements estimated as %llu (allowed error %.0f)",
                                (unsigned long long)n, (unsigned long long)got, bound);
            ok = 0;
        }
    }
    decrRefCount(o);
    return ok;
}

/* PFSELFTEST */
void pfselftestCommand(client *c) {
    if (!hllSelftestRegisters(c)) return;
    if (!hllSelftestCounts(c)) return;
    addReply(c, shared.ok);
}

/* PFDEBUG <GETREG|DECODE|ENCODING|TODENSE> key */
void pfdebugCommand(client *c) {
    const char *sub = c->argv[1]->ptr;
    robj *o = lookupKeyWrite(c->db, c->argv[2]);
    if (o == NULL) {
        addReplyError(c, "The specified key does not exist");
        return;
    }
    if (hllCheckObjectOrReply(c, o) != C_OK) return;
    o = dbUnshareStringValue(c->db, c->argv[2], o);

    if (!strcasecmp(sub, "getreg")) {
        if (hllEncoding(o->ptr) == HLL_SPARSE) {
            if (hllSparseToDense(o) == C_ERR) {
                addReplyError(c, hll_invalid_err);
                return;
            }
            server.dirty++; /* the encoding changed */
        }
        const uint8_t *regs = (uint8_t *)o->ptr + HLL_HDR_SIZE;
        addReplyArrayLen(c, HLL_REGISTERS);
        for (long i = 0; i < HLL_REGISTERS; i++) addReplyLongLong(c, hllDenseGet(regs, i));
    } else if (!strcasecmp(sub, "decode")) {
        if (hllEncoding(o->ptr) != HLL_SPARSE) {
            addReplyError(c, "HLL encoding is not sparse");
            return;
        }
        const uint8_t *s = o->ptr, *p = s + HLL_HDR_SIZE, *end = s + sdslen(o->ptr);
        sds out = sdsempty();
        hllOp op;
        while (p < end) {
            hllDecodeOp(p, end, &op);
            if (op.value) out = sdscatprintf(out, "v:%d,%ld ", op.value, op.run);
            else out = sdscatprintf(out, "%c:%ld ", op.size == 2 ? 'Z' : 'z', op.run);
            p += op.size;
        }
        if (sdslen(out)) sdsIncrLen(out, -1); /* the trailing space */
        addReplyBulkSds(c, out);
    } else if (!strcasecmp(sub, "encoding")) {
        addReplyStatus(c, hllEncoding(o->ptr) == HLL_DENSE ? "dense" : "sparse");
    } else if (!strcasecmp(sub, "todense")) {
        int converted = 0;
        if (hllEncoding(o->ptr) == HLL_SPARSE) {
            if (hllSparseToDense(o) == C_ERR) {
                addReplyError(c, hll_invalid_err);
                return;
            }
            converted = 1;
            server.dirty++;
        }
        addReply(c, converted ? shared.cone : shared.czero);
    } else {
        addReplyErrorFormat(c, "Unknown PFDEBUG subcommand '%s'", sub);
    }
}
