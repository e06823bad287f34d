/* siphash.c - SipHash-1-2, written from the published description of the
 * algorithm.  See siphash.h. */
#include "siphash.h"

#include <string.h>

#define ROTL64(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

/* One SipRound: add-rotate-xor mixing of the four state words. */
#define SIPROUND(v0, v1, v2, v3) \
    do {                         \
        v0 += v1;                \
        v1 = ROTL64(v1, 13);     \
        v1 ^= v0;                \
        v0 = ROTL64(v0, 32);     \
        v2 += v3;                \
        v3 = ROTL64(v3, 16);     \
        v3 ^= v2;                \
        v0 += v3;                \
        v3 = ROTL64(v3, 21);     \
        v3 ^= v0;                \
        v2 += v1;                \
        v1 = ROTL64(v1, 17);     \
        v1 ^= v2;                \
        v2 = ROTL64(v2, 32);     \
    } while (0)

/* Little-endian 64-bit load from any alignment. */
static inline uint64_t load64le(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* Eight bytes with ASCII upper case letters folded, done on the whole word:
 * for each byte b < 0x80, (b + 0x3f) has its top bit set iff b >= 'A' and
 * (b + 0x25) iff b > 'Z'; bytes >= 0x80 are excluded by ~x. */
static inline uint64_t fold64(uint64_t x) {
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    uint64_t t = x & low7;
    uint64_t ge_A = t + 0x3f3f3f3f3f3f3f3fULL;
    uint64_t gt_Z = t + 0x2525252525252525ULL;
    uint64_t upper = ge_A & ~gt_Z & ~x & 0x8080808080808080ULL;
    return x | (upper >> 2); /* set bit 0x20 of each upper case letter */
}

static inline uint8_t fold8(uint8_t c) {
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c | 0x20) : c;
}

static inline uint64_t siphashImpl(const uint8_t *in, size_t inlen, const uint8_t *k, int nocase) {
    uint64_t k0 = load64le(k), k1 = load64le(k + 8);
    /* Initialization constants: "somepseudorandomlygeneratedbytes". */
    uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
    uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
    uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
    uint64_t v3 = 0x7465646279746573ULL ^ k1;
    const uint8_t *end = in + (inlen & ~(size_t)7);

    for (; in != end; in += 8) {
        uint64_t m = load64le(in);
        if (nocase) m = fold64(m);
        v3 ^= m;
        SIPROUND(v0, v1, v2, v3); /* c = 1 */
        v0 ^= m;
    }

    /* Last word: the remaining 0..7 bytes, little endian, with the input
     * length (mod 256) in the top byte. */
    uint64_t b = (uint64_t)inlen << 56;
    switch (inlen & 7) {
    case 7: b |= (uint64_t)(nocase ? fold8(in[6]) : in[6]) << 48; /* fall through */
    case 6: b |= (uint64_t)(nocase ? fold8(in[5]) : in[5]) << 40; /* fall through */
    case 5: b |= (uint64_t)(nocase ? fold8(in[4]) : in[4]) << 32; /* fall through */
    case 4: b |= (uint64_t)(nocase ? fold8(in[3]) : in[3]) << 24; /* fall through */
    case 3: b |= (uint64_t)(nocase ? fold8(in[2]) : in[2]) << 16; /* fall through */
    case 2: b |= (uint64_t)(nocase ? fold8(in[1]) : in[1]) << 8;  /* fall through */
    case 1: b |= (uint64_t)(nocase ? fold8(in[0]) : in[0]); break;
    case 0: break;
    }
    v3 ^= b;
    SIPROUND(v0, v1, v2, v3);
    v0 ^= b;

    v2 ^= 0xff;
    SIPROUND(v0, v1, v2, v3); /* d = 2 */
    SIPROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t siphash(const uint8_t *in, const size_t inlen, const uint8_t *k) {
    return siphashImpl(in, inlen, k, 0);
}

uint64_t siphash_nocase(const uint8_t *in, const size_t inlen, const uint8_t *k) {
    return siphashImpl(in, inlen, k, 1);
}
