/* test_intset.c - unit tests for the integer set (intset.c).
 *
 * The byte layout is checked against DUMP payloads produced by Redis 7.0.15
 * (with rdbcompression off, so the intset appears verbatim): a payload is
 * the type byte 11 (RDB_TYPE_SET_INTSET), the intset as an RDB string (one
 * length byte here), the RDB version 10 as two bytes, and a CRC64. */
#include "intset.h"
#include "zmalloc.h"
#include "unit/test_help.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint32_t encodingOf(const intset *is) {
    const unsigned char *p = (const unsigned char *)is;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static size_t unhex(const char *hex, unsigned char *out, size_t cap) {
    size_t n = strlen(hex) / 2;
    if (n > cap) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned int b;
        sscanf(hex + 2 * i, "%2x", &b);
        out[i] = (unsigned char)b;
    }
    return n;
}

static intset *build(const int64_t *vals, size_t n) {
    intset *is = intsetNew();
    for (size_t i = 0; i < n; i++) is = intsetAdd(is, vals[i], NULL);
    return is;
}

/* Members read back through intsetGet are strictly ascending and the blob
 * passes deep validation. */
static int wellFormed(const intset *is) {
    int64_t prev = 0, cur;
    for (uint32_t i = 0; i < intsetLen(is); i++) {
        if (!intsetGet(is, i, &cur)) return 0;
        if (i > 0 && cur <= prev) return 0;
        prev = cur;
    }
    if (intsetGet(is, intsetLen(is), &cur)) return 0;
    if (intsetLen(is) == 0) return intsetBlobLen(is) == 8;
    return intsetValidateIntegrity((const unsigned char *)is, intsetBlobLen(is), 1);
}

/* ------------------------------------------------------------------------
 * Byte format, checked against Redis 7.0.15 DUMP output
 * --------------------------------------------------------------------- */

typedef struct oracleCase {
    const char *what;
    int64_t adds[6];   /* added in this order */
    int nadds;
    int64_t remove;    /* removed afterwards if remove_it */
    int remove_it;
    const char *dump;  /* DUMP payload, hex */
} oracleCase;

static const oracleCase oracle[] = {
    {"SADD s 1 2 3", {1, 2, 3}, 3, 0, 0,
     "0b0e02000000030000000100020003000a00a5025ce26d6e4d1b"},
    {"SADD s 1 2 3 70000", {1, 2, 3, 70000}, 4, 0, 0,
     "0b180400000004000000010000000200000003000000701101000a00ef2e6521e385a22a"},
    {"SADD s 1 2 3 70000 5000000000", {1, 2, 3, 70000, 5000000000LL}, 5, 0, 0,
     "0b300800000005000000010000000000000002000000000000000300000000000000"
     "701101000000000000f2052a010000000a00e45d875068bbf5c9"},
    {"SADD s -32768 32767", {-32768, 32767}, 2, 0, 0,
     "0b0c02000000020000000080ff7f0a002232de2c8ba9c18d"},
    {"SADD s -2147483648 2147483647 -1", {INT32_MIN, INT32_MAX, -1}, 3, 0, 0,
     "0b14040000000300000000000080ffffffffffffff7f0a0055cf92e008f4f4f4"},
    {"SADD s INT64_MIN INT64_MAX 0", {INT64_MIN, INT64_MAX, 0}, 3, 0, 0,
     "0b20080000000300000000000000000000800000000000000000ffffffffffffff7f"
     "0a007c7ba2a92a242c4f"},
    {"SADD s 5", {5}, 1, 0, 0, "0b0a020000000100000005000a00cbc5aba924a43251"},
    /* The encoding stays at 8 bytes after the wide member is removed. */
    {"SADD s 1 2; SADD s 5000000000; SREM s 5000000000", {1, 2, 5000000000LL}, 3,
     5000000000LL, 1,
     "0b180800000002000000010000000000000002000000000000000a00dce1c3793265a8f5"},
    /* A negative upgrade goes to the front. */
    {"SADD s 1 2; SADD s -70000", {1, 2, -70000}, 3, 0, 0,
     "0b14040000000300000090eefeff01000000020000000a005d9df7da2f43d06b"},
};

static void test_oracle_bytes(void) {
    for (size_t c = 0; c < sizeof(oracle) / sizeof(oracle[0]); c++) {
        const oracleCase *oc = &oracle[c];
        unsigned char dump[256];
        size_t n = unhex(oc->dump, dump, sizeof(dump));

        /* Take the payload apart. */
        TEST_ASSERT_MSG(n > 12 && dump[0] == 11, oc->what);
        TEST_ASSERT_MSG((dump[1] & 0xc0) == 0, oc->what); /* 6-bit length */
        size_t blen = dump[1];
        TEST_ASSERT_MSG(2 + blen + 2 + 8 == n, oc->what);
        TEST_ASSERT_MSG(dump[2 + blen] == 10 && dump[3 + blen] == 0, oc->what);
        const unsigned char *blob = dump + 2;

        intset *is = build(oc->adds, (size_t)oc->nadds);
        if (oc->remove_it) {
            int ok;
            is = intsetRemove(is, oc->remove, &ok);
            TEST_ASSERT_MSG(ok == 1, oc->what);
        }
        TEST_ASSERT_MSG(intsetBlobLen(is) == blen, oc->what);
        TEST_ASSERT_MSG(memcmp(is, blob, blen) == 0, oc->what);

        /* And the oracle's blob reads back as the same set. */
        TEST_ASSERT_MSG(intsetValidateIntegrity(blob, blen, 1), oc->what);
        intset *theirs = zmalloc(blen);
        memcpy(theirs, blob, blen);
        TEST_ASSERT_MSG(intsetLen(theirs) == intsetLen(is), oc->what);
        for (int i = 0; i < oc->nadds; i++) {
            int expect = !(oc->remove_it && oc->adds[i] == oc->remove);
            TEST_ASSERT_MSG(intsetFind(theirs, oc->adds[i]) == expect, oc->what);
        }
        zfree(theirs);
        zfree(is);
    }
}

/* ------------------------------------------------------------------------
 * Basic operations
 * --------------------------------------------------------------------- */

static void test_empty_and_basic(void) {
    intset *is = intsetNew();
    int64_t v;
    TEST_ASSERT(intsetLen(is) == 0);
    TEST_ASSERT(intsetBlobLen(is) == 8);
    TEST_ASSERT(encodingOf(is) == INTSET_ENC_INT16);
    TEST_ASSERT(!intsetFind(is, 0));
    TEST_ASSERT(!intsetGet(is, 0, &v));

    uint8_t added;
    int removed;
    is = intsetRemove(is, 7, &removed);
    TEST_ASSERT(removed == 0 && intsetLen(is) == 0);

    is = intsetAdd(is, 7, &added);
    TEST_ASSERT(added == 1 && intsetLen(is) == 1);
    is = intsetAdd(is, 7, &added);
    TEST_ASSERT(added == 0 && intsetLen(is) == 1);
    is = intsetAdd(is, -3, &added);
    is = intsetAdd(is, 100, &added);
    TEST_ASSERT(intsetLen(is) == 3 && intsetMin(is) == -3 && intsetMax(is) == 100);
    TEST_ASSERT(intsetGet(is, 1, &v) && v == 7);
    TEST_ASSERT(intsetFind(is, -3) && intsetFind(is, 7) && intsetFind(is, 100));
    TEST_ASSERT(!intsetFind(is, 8) && !intsetFind(is, -4) && !intsetFind(is, 101));
    /* A value wider than the encoding is absent and removing it is a no-op. */
    TEST_ASSERT(!intsetFind(is, 7 + 65536));
    TEST_ASSERT(!intsetFind(is, 5000000000LL));
    is = intsetRemove(is, 5000000000LL, &removed);
    TEST_ASSERT(removed == 0 && encodingOf(is) == INTSET_ENC_INT16);

    intset *copy = intsetDup(is);
    TEST_ASSERT(intsetBlobLen(copy) == intsetBlobLen(is));
    TEST_ASSERT(memcmp(copy, is, intsetBlobLen(is)) == 0);
    zfree(copy);

    is = intsetRemove(is, 7, &removed);
    TEST_ASSERT(removed == 1 && intsetLen(is) == 2 && !intsetFind(is, 7));
    TEST_ASSERT(intsetBlobLen(is) == 8 + 2 * 2);
    is = intsetRemove(is, -3, NULL);
    is = intsetRemove(is, 100, NULL);
    TEST_ASSERT(intsetLen(is) == 0 && intsetBlobLen(is) == 8);
    TEST_ASSERT(wellFormed(is));
    zfree(is);
}

/* Removing gives memory back. */
static void test_remove_shrinks(void) {
    size_t before = zmalloc_used_memory();
    intset *is = intsetNew();
    for (int64_t v = 0; v < 1000; v++) is = intsetAdd(is, v * 3, NULL);
    size_t full = zmalloc_used_memory() - before;
    TEST_ASSERT(full >= 8 + 1000 * 2);
    for (int64_t v = 0; v < 900; v++) is = intsetRemove(is, v * 3, NULL);
    size_t after = zmalloc_used_memory() - before;
    TEST_ASSERT(after >= intsetBlobLen(is) && after < 8 + 200 * 2);
    TEST_ASSERT(intsetLen(is) == 100 && intsetMin(is) == 2700 && wellFormed(is));
    zfree(is);
    TEST_ASSERT(zmalloc_used_memory() == before);
}

static void test_search_positions(void) {
    int64_t vals[] = {10, 20, 30, 40, 50};
    intset *is = build(vals, 5);
    uint32_t pos;
    TEST_ASSERT(intsetSearch(is, 10, &pos) && pos == 0);
    TEST_ASSERT(intsetSearch(is, 30, &pos) && pos == 2);
    TEST_ASSERT(intsetSearch(is, 50, &pos) && pos == 4);
    TEST_ASSERT(!intsetSearch(is, 5, &pos) && pos == 0);
    TEST_ASSERT(!intsetSearch(is, 15, &pos) && pos == 1);
    TEST_ASSERT(!intsetSearch(is, 45, &pos) && pos == 4);
    TEST_ASSERT(!intsetSearch(is, 55, &pos) && pos == 5);
    TEST_ASSERT(intsetSearch(is, 40, NULL));
    zfree(is);

    is = intsetNew();
    TEST_ASSERT(!intsetSearch(is, 1, &pos) && pos == 0);
    zfree(is);
}

/* ------------------------------------------------------------------------
 * Encodings: boundaries and upgrades
 * --------------------------------------------------------------------- */

static void test_boundaries(void) {
    struct { int64_t v; uint32_t enc; } b[] = {
        {0, 2}, {INT16_MAX, 2}, {INT16_MIN, 2},
        {(int64_t)INT16_MAX + 1, 4}, {(int64_t)INT16_MIN - 1, 4},
        {INT32_MAX, 4}, {INT32_MIN, 4},
        {(int64_t)INT32_MAX + 1, 8}, {(int64_t)INT32_MIN - 1, 8},
        {INT64_MAX, 8}, {INT64_MIN, 8},
    };
    for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
        /* Alone: the narrowest encoding that fits. */
        intset *is = intsetAdd(intsetNew(), b[i].v, NULL);
        TEST_ASSERT(encodingOf(is) == b[i].enc);
        TEST_ASSERT(intsetFind(is, b[i].v) && intsetMin(is) == b[i].v);
        zfree(is);
    }

    /* All together, added in this order: the width only grows, and every
     * value survives each upgrade. */
    intset *is = intsetNew();
    uint32_t maxenc = 2;
    for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
        is = intsetAdd(is, b[i].v, NULL);
        if (b[i].enc > maxenc) maxenc = b[i].enc;
        TEST_ASSERT(encodingOf(is) == maxenc);
        for (size_t j = 0; j <= i; j++) TEST_ASSERT(intsetFind(is, b[j].v));
        TEST_ASSERT(wellFormed(is));
    }
    TEST_ASSERT(intsetMin(is) == INT64_MIN && intsetMax(is) == INT64_MAX);
    TEST_ASSERT(!intsetFind(is, INT64_MAX - 1) && !intsetFind(is, INT64_MIN + 1));
    TEST_ASSERT(intsetLen(is) == sizeof(b) / sizeof(b[0]));
    zfree(is);
}

static void test_upgrade_paths(void) {
    struct { int64_t wide; uint32_t enc; } up[] = {
        {70000, 4}, {-70000, 4}, {5000000000LL, 8}, {-5000000000LL, 8},
        {INT64_MAX, 8}, {INT64_MIN, 8},
    };
    for (size_t u = 0; u < sizeof(up) / sizeof(up[0]); u++) {
        /* From int16 with members on both sides of zero. */
        intset *is = intsetNew();
        for (int64_t v = -50; v <= 50; v += 5) is = intsetAdd(is, v, NULL);
        uint32_t before = intsetLen(is);
        uint8_t added;
        is = intsetAdd(is, up[u].wide, &added);
        TEST_ASSERT(added == 1 && intsetLen(is) == before + 1);
        TEST_ASSERT(encodingOf(is) == up[u].enc);
        TEST_ASSERT(up[u].wide < 0 ? intsetMin(is) == up[u].wide : intsetMax(is) == up[u].wide);
        for (int64_t v = -50; v <= 50; v += 5) TEST_ASSERT(intsetFind(is, v));
        TEST_ASSERT(wellFormed(is));

        /* Removing the wide value keeps the width. */
        int removed;
        is = intsetRemove(is, up[u].wide, &removed);
        TEST_ASSERT(removed == 1 && encodingOf(is) == up[u].enc);
        TEST_ASSERT(intsetBlobLen(is) == 8 + (size_t)before * up[u].enc);
        /* Narrow values still go in at the wide encoding. */
        is = intsetAdd(is, 3, &added);
        TEST_ASSERT(added == 1 && encodingOf(is) == up[u].enc && intsetFind(is, 3));
        TEST_ASSERT(wellFormed(is));
        zfree(is);
    }

    /* int32 -> int64 on both sides. */
    int64_t mid[] = {-100000, 100000, 1};
    for (int side = 0; side < 2; side++) {
        intset *is = build(mid, 3);
        TEST_ASSERT(encodingOf(is) == 4);
        int64_t w = side ? (int64_t)INT32_MAX + 10 : (int64_t)INT32_MIN - 10;
        is = intsetAdd(is, w, NULL);
        TEST_ASSERT(encodingOf(is) == 8 && intsetLen(is) == 4);
        int64_t v;
        TEST_ASSERT(intsetGet(is, side ? 3 : 0, &v) && v == w);
        for (int i = 0; i < 3; i++) TEST_ASSERT(intsetFind(is, mid[i]));
        TEST_ASSERT(wellFormed(is));
        zfree(is);
    }
}

/* ------------------------------------------------------------------------
 * Random operations against a sorted reference array
 * --------------------------------------------------------------------- */

static int64_t randomValue(int widest) {
    uint64_t r = rnd();
    switch (widest) {
    case 0: return (int64_t)(int16_t)(r & 0xffff) / 64; /* dense, collisions */
    case 1: return (int64_t)(int16_t)(r & 0xffff);
    case 2: return (int64_t)(int32_t)(r & 0xffffffff);
    default: return (int64_t)r;
    }
}

static void test_random_vs_reference(void) {
    enum { MAXN = 2000 };
    static int64_t ref[MAXN];

    for (int round = 0; round < 40; round++) {
        intset *is = intsetNew();
        size_t n = 0;
        uint32_t expect_enc = 2;
        int widest = round % 4;

        for (int op = 0; op < 3000; op++) {
            /* Mostly narrow values, occasionally up to the round's width. */
            int64_t v = randomValue((rnd() % 50) ? (widest ? 1 : 0) : widest);
            if (n > 0 && rnd() % 3 == 0) v = ref[rnd() % n]; /* hit members */

            size_t lo = 0, hi = n; /* reference position */
            while (lo < hi) {
                size_t m = (lo + hi) / 2;
                if (ref[m] < v) lo = m + 1; else hi = m;
            }
            int present = lo < n && ref[lo] == v;
            TEST_ASSERT(intsetFind(is, v) == present);

            if (rnd() % 5 < 3) {
                if (n >= MAXN) continue;
                uint8_t added;
                is = intsetAdd(is, v, &added);
                TEST_ASSERT(added == !present);
                if (!present) {
                    memmove(ref + lo + 1, ref + lo, (n - lo) * sizeof(int64_t));
                    ref[lo] = v;
                    n++;
                }
                uint32_t need = (v < INT32_MIN || v > INT32_MAX) ? 8
                              : (v < INT16_MIN || v > INT16_MAX) ? 4 : 2;
                if (need > expect_enc) expect_enc = need;
            } else {
                int removed;
                is = intsetRemove(is, v, &removed);
                TEST_ASSERT(removed == present);
                if (present) {
                    memmove(ref + lo, ref + lo + 1, (n - lo - 1) * sizeof(int64_t));
                    n--;
                }
            }
            TEST_ASSERT(intsetLen(is) == n);
            TEST_ASSERT(encodingOf(is) == expect_enc);
            TEST_ASSERT(intsetBlobLen(is) == 8 + n * expect_enc);
        }

        /* Full comparison at the end of each round. */
        for (size_t i = 0; i < n; i++) {
            int64_t v;
            uint32_t pos;
            TEST_ASSERT(intsetGet(is, (uint32_t)i, &v) && v == ref[i]);
            TEST_ASSERT(intsetSearch(is, ref[i], &pos) && pos == i);
        }
        if (n > 0) {
            TEST_ASSERT(intsetMin(is) == ref[0] && intsetMax(is) == ref[n - 1]);
            int64_t r = intsetRandom(is, rnd);
            TEST_ASSERT(intsetFind(is, r));
        }
        TEST_ASSERT(wellFormed(is));
        zfree(is);
    }
}

static uint64_t counter_state;
static uint64_t counterSource(void) { return counter_state++; }

static void test_random_member(void) {
    int64_t vals[] = {-7, 3, 9, 70000};
    intset *is = build(vals, 4);
    int seen[4] = {0};
    /* A source counting 0,1,2,... walks every position in order. */
    counter_state = 0;
    for (int i = 0; i < 8; i++) {
        int64_t v = intsetRandom(is, counterSource);
        TEST_ASSERT(v == vals[i % 4]);
    }
    /* A real source reaches every member. */
    for (int i = 0; i < 1000; i++) {
        int64_t v = intsetRandom(is, rnd);
        for (int j = 0; j < 4; j++)
            if (v == vals[j]) seen[j]++;
    }
    for (int j = 0; j < 4; j++) TEST_ASSERT(seen[j] > 100);
    zfree(is);
}

/* ------------------------------------------------------------------------
 * Integrity validation of hostile blobs
 * --------------------------------------------------------------------- */

/* Validate a copy in a heap buffer of exactly size bytes, so that a read
 * past the end is caught by valgrind or ASan. */
static int validateExact(const unsigned char *p, size_t size, int deep) {
    unsigned char *buf = zmalloc(size ? size : 1);
    if (size) memcpy(buf, p, size);
    int ok = intsetValidateIntegrity(buf, size, deep);
    zfree(buf);
    return ok;
}

static void put32(unsigned char *p, uint32_t v) {
    p[0] = v & 0xff; p[1] = (v >> 8) & 0xff; p[2] = (v >> 16) & 0xff; p[3] = v >> 24;
}

static void test_validate_rejects_corruption(void) {
    int64_t vals[] = {-5, 1, 2, 70000, 123456};
    intset *is = build(vals, 5);
    size_t len = intsetBlobLen(is);
    unsigned char blob[64], bad[64];
    memcpy(blob, is, len);
    zfree(is);

    TEST_ASSERT(validateExact(blob, len, 0) && validateExact(blob, len, 1));
    /* Every truncation, and one byte too many. */
    for (size_t cut = 0; cut < len; cut++) {
        TEST_ASSERT(!validateExact(blob, cut, 0));
        TEST_ASSERT(!validateExact(blob, cut, 1));
    }
    memcpy(bad, blob, len);
    bad[len] = 0;
    TEST_ASSERT(!validateExact(bad, len + 1, 1));

    /* Unknown encodings. */
    uint32_t encs[] = {0, 1, 3, 5, 16, 0x02000000, 0xffffffff};
    for (size_t i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
        memcpy(bad, blob, len);
        put32(bad, encs[i]);
        TEST_ASSERT(!validateExact(bad, len, 0));
    }
    /* Another valid width with the same byte count is fine shallow: 5 int32
     * values are 20 bytes, which is 10 int16 values. */
    memcpy(bad, blob, len);
    put32(bad, 2);
    put32(bad + 4, 10);
    TEST_ASSERT(validateExact(bad, len, 0));

    /* Lengths that do not match the size, including ones whose byte count
     * would overflow 32 bits. */
    uint32_t lens[] = {0, 4, 6, 0x40000001, 0x40000005, 0x80000005, 0x80000000, 0xffffffff};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        memcpy(bad, blob, len);
        put32(bad + 4, lens[i]);
        TEST_ASSERT(!validateExact(bad, len, 0));
    }
    /* An empty set (header only) is never valid. */
    unsigned char empty[8];
    put32(empty, 2);
    put32(empty + 4, 0);
    TEST_ASSERT(!validateExact(empty, 8, 0));

    /* Order: swapped values and a duplicate pass the shallow check only. */
    memcpy(bad, blob, len);
    memcpy(bad + 8, blob + 12, 4);
    memcpy(bad + 12, blob + 8, 4);
    TEST_ASSERT(validateExact(bad, len, 0) && !validateExact(bad, len, 1));
    memcpy(bad, blob, len);
    memcpy(bad + 12, blob + 8, 4);
    TEST_ASSERT(validateExact(bad, len, 0) && !validateExact(bad, len, 1));
    /* The last pair out of order. */
    memcpy(bad, blob, len);
    memcpy(bad + 8 + 16, blob + 8 + 12, 4);
    TEST_ASSERT(!validateExact(bad, len, 1));

    /* Random garbage never crashes, and whatever passes the deep check is
     * a usable set. */
    for (int i = 0; i < 20000; i++) {
        unsigned char g[40];
        size_t size = rnd() % sizeof(g);
        for (size_t j = 0; j < size; j++) g[j] = (unsigned char)rnd();
        if (size >= 8 && rnd() % 2) {
            uint32_t e = (uint32_t)2 << (rnd() % 3);
            put32(g, e);
            put32(g + 4, (uint32_t)((size - 8) / e));
        }
        if (validateExact(g, size, 1)) {
            intset *ok = zmalloc(size);
            memcpy(ok, g, size);
            TEST_ASSERT(wellFormed(ok));
            int64_t v;
            for (uint32_t k = 0; k < intsetLen(ok); k++) {
                intsetGet(ok, k, &v);
                TEST_ASSERT(intsetFind(ok, v));
            }
            zfree(ok);
        }
    }
}

int main(void) {
    RUN_TEST(test_oracle_bytes);
    RUN_TEST(test_empty_and_basic);
    RUN_TEST(test_remove_shrinks);
    RUN_TEST(test_search_positions);
    RUN_TEST(test_boundaries);
    RUN_TEST(test_upgrade_paths);
    RUN_TEST(test_random_vs_reference);
    RUN_TEST(test_random_member);
    RUN_TEST(test_validate_rejects_corruption);
    return TEST_REPORT();
}
