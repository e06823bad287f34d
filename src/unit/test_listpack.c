/* Unit tests for listpack.c.
 *
 * The byte-exact vectors below were taken from Redis 7.0.15: the listpack
 * blobs inside `DUMP key` payloads of lists, hashes and sorted sets built
 * with the commands quoted next to each vector. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "listpack.h"
#include "test_help.h"
#include "util.h"
#include "zmalloc.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static size_t hexDecode(const char *hex, unsigned char *out) {
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (unsigned char)v;
    }
    return n;
}

static unsigned char *appendStr(unsigned char *lp, const char *s) {
    return lpAppend(lp, (unsigned char *)s, (uint32_t)strlen(s));
}

/* 1 if lp holds exactly the bytes of `hex`. */
static int lpIsHex(unsigned char *lp, const char *hex) {
    unsigned char buf[1024];
    size_t n = hexDecode(hex, buf);
    return lpBytes(lp) == n && memcmp(lp, buf, n) == 0;
}

/* 1 if the element at p reads back as s[0..len). */
static int entryIs(unsigned char *p, const char *s, size_t len) {
    unsigned char buf[LP_INTBUF_SIZE];
    int64_t n;
    if (!p) return 0;
    unsigned char *v = lpGet(p, &n, buf);
    return (size_t)n == len && memcmp(v, s, len) == 0;
}

#define ENTRY_IS(p, lit) entryIs((p), (lit), strlen(lit))

/* A copy of lp in an allocation of exactly its size, so that a read past
 * the end is caught by valgrind / ASan. */
static unsigned char *exactCopy(const unsigned char *src, size_t n) {
    unsigned char *c = malloc(n ? n : 1);
    memcpy(c, src, n);
    return c;
}

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* ------------------------------------------------------------------------
 * Byte-exact format, checked against Redis 7.0 output
 * ------------------------------------------------------------------------ */

static void test_oracle_list_vector(void) {
    /* RPUSH l a 1 -1 300 hello 127 128 -4096 4095 4096 -4097 32767 32768
     *   -32768 -32769 8388607 8388608 -8388608 -8388609 2147483647
     *   2147483648 -2147483648 -2147483649 9223372036854775807
     *   -9223372036854775808 01 -0 +1 " 1" 9223372036854775808 */
    static const char *vals[] = {"a", "1", "-1", "300", "hello", "127", "128", "-4096", "4095",
        "4096", "-4097", "32767", "32768", "-32768", "-32769", "8388607", "8388608", "-8388608",
        "-8388609", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "-9223372036854775808", "01", "-0", "+1", " 1",
        "9223372036854775808"};
    const char *expect =
        "ad0000001e008161020101dfff02c12c028568656c6c6f067f01c08002d00002cfff02f1001003f1ffef03"
        "f1ff7f03f200800004f1008003f2ff7fff04f2ffff7f04f30000800005f200008004f3ffff7fff05f3ffff"
        "ff7f05f4000000800000000009f30000008005f4ffffff7fffffffff09f4ffffffffffffff7f09f4000000"
        "00000000800982303103822d3003822b310382203103933932323333373230333638353437373538303814ff";
    unsigned char *lp = lpNew(0);
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) lp = appendStr(lp, vals[i]);
    TEST_ASSERT(lpIsHex(lp, expect));
    TEST_ASSERT(lpLength(lp) == 30);
    /* Every value reads back as the same text. */
    unsigned char *p = lpFirst(lp);
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        TEST_ASSERT_MSG(ENTRY_IS(p, vals[i]), vals[i]);
        p = lpNext(lp, p);
    }
    TEST_ASSERT(p == NULL);
    lpFree(lp);

    /* Same list built from the integers directly where they are integers. */
    lp = lpNew(0);
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        long long v;
        if (string2ll(vals[i], strlen(vals[i]), &v)) lp = lpAppendInteger(lp, v);
        else lp = appendStr(lp, vals[i]);
    }
    TEST_ASSERT(lpIsHex(lp, expect));
    lpFree(lp);
}

static void test_oracle_hash_zset_vectors(void) {
    /* HSET h name redis ver 7 neg -12345 big 1234567890123 */
    unsigned char *lp = lpNew(0);
    const char *h[] = {"name", "redis", "ver", "7", "neg", "-12345", "big", "1234567890123"};
    for (int i = 0; i < 8; i++) lp = appendStr(lp, h[i]);
    TEST_ASSERT(lpIsHex(lp, "330000000800846e616d65058572656469730683766572040701836e656704f1c7cf03"
                            "8362696704f4cb04fb711f01000009ff"));
    lpFree(lp);

    /* ZADD z 1 a 2.5 b -3 c  (member, score pairs ordered by score) */
    lp = lpNew(0);
    lp = appendStr(lp, "c");
    lp = lpAppendInteger(lp, -3);
    lp = appendStr(lp, "a");
    lp = lpAppendInteger(lp, 1);
    lp = appendStr(lp, "b");
    lp = appendStr(lp, "2.5");
    TEST_ASSERT(lpIsHex(lp, "1a0000000600816302dffd02816102010181620283322e3504ff"));
    lpFree(lp);
}

/* RPUSH b <n times 'x'>: the header and trailer bytes around the payload. */
static void test_oracle_string_boundaries(void) {
    static const struct {
        uint32_t len;
        const char *head, *tail;
    } cases[] = {
        {0, "09000000010080", "01ff"},
        {63, "480000000100bf", "40ff"},
        {64, "4a0000000100e040", "42ff"},
        {125, "870000000100e07d", "7fff"},
        {126, "890000000100e07e", "0180ff"},
        {127, "8a0000000100e07f", "0181ff"},
        {4095, "0a1000000100efff", "2081ff"},
        {4096, "0e1000000100f000100000", "2085ff"},
        {16375, "054000000100f0f73f0000", "7ffcff"},
        {16377, "074000000100f0f93f0000", "7ffeff"},
        {16378, "094000000100f0fa3f0000", "00ffffff"},
        {16379, "0a4000000100f0fb3f0000", "018080ff"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t n = cases[i].len;
        unsigned char *s = malloc(n + 1);
        memset(s, 'x', n);
        unsigned char head[16], tail[8];
        size_t hl = hexDecode(cases[i].head, head), tl = hexDecode(cases[i].tail, tail);

        unsigned char *lp = lpAppend(lpNew(0), s, n);
        TEST_ASSERT(lpBytes(lp) == hl + n + tl);
        TEST_ASSERT(memcmp(lp, head, hl) == 0);
        TEST_ASSERT(memcmp(lp + hl, s, n) == 0);
        TEST_ASSERT(memcmp(lp + hl + n, tail, tl) == 0);
        TEST_ASSERT(entryIs(lpFirst(lp), (char *)s, n));
        TEST_ASSERT(lpLast(lp) == lpFirst(lp));
        TEST_ASSERT(lpValidateIntegrity(lp, lpBytes(lp), 1, NULL, NULL));
        lpFree(lp);
        free(s);
    }
}

/* ------------------------------------------------------------------------
 * Encodings and their boundaries
 * ------------------------------------------------------------------------ */

static void test_integer_boundaries(void) {
    static const struct {
        long long v;
        size_t entry; /* encoding + data + backlen */
    } cases[] = {
        {0, 2}, {127, 2}, {128, 3}, {-1, 3}, {4095, 3}, {-4096, 3}, {4096, 4}, {-4097, 4},
        {32767, 4}, {-32768, 4}, {32768, 5}, {-32769, 5}, {8388607, 5}, {-8388608, 5},
        {8388608, 6}, {-8388609, 6}, {INT32_MAX, 6}, {INT32_MIN, 6},
        {(long long)INT32_MAX + 1, 10}, {(long long)INT32_MIN - 1, 10},
        {LLONG_MAX, 10}, {LLONG_MIN, 10},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char txt[LONG_STR_SIZE];
        int tl = ll2string(txt, sizeof(txt), cases[i].v);

        unsigned char *a = lpAppendInteger(lpNew(0), cases[i].v);
        unsigned char *b = lpAppend(lpNew(0), (unsigned char *)txt, (uint32_t)tl);
        TEST_ASSERT_MSG(lpBytes(a) == 7 + cases[i].entry, txt);
        TEST_ASSERT(lpBytes(a) == lpBytes(b) && memcmp(a, b, lpBytes(a)) == 0);

        unsigned int slen;
        long long v = 0;
        TEST_ASSERT(lpGetValue(lpFirst(a), &slen, &v) == NULL && v == cases[i].v);
        int64_t cnt;
        TEST_ASSERT(lpGet(lpFirst(a), &cnt, NULL) == NULL && cnt == cases[i].v);
        TEST_ASSERT(entryIs(lpFirst(a), txt, (size_t)tl));
        TEST_ASSERT(lpCompare(lpFirst(a), (unsigned char *)txt, (uint32_t)tl));
        TEST_ASSERT(lpPrev(a, lpFirst(a)) == NULL);
        lpFree(a);
        lpFree(b);
    }
}

static void test_strings_that_are_not_integers(void) {
    const char *strs[] = {"", "-", "+1", "01", "-0", "00", " 1", "1 ", "1a", "0x10",
        "9223372036854775808", "-9223372036854775809", "123456789012345678901", "1.0"};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        uint32_t n = (uint32_t)strlen(strs[i]);
        unsigned char *lp = lpAppend(lpNew(0), (unsigned char *)strs[i], n);
        unsigned int slen;
        long long v;
        unsigned char *s = lpGetValue(lpFirst(lp), &slen, &v);
        TEST_ASSERT_MSG(s != NULL && slen == n && memcmp(s, strs[i], n) == 0, strs[i]);
        /* 6-bit string: one header byte, one backlen byte. */
        TEST_ASSERT(lpBytes(lp) == 7 + 1 + n + 1);
        lpFree(lp);
    }
}

/* ------------------------------------------------------------------------
 * Navigation, insertion, deletion
 * ------------------------------------------------------------------------ */

static unsigned char *build(const char **v, int n) {
    unsigned char *lp = lpNew(0);
    for (int i = 0; i < n; i++) lp = appendStr(lp, v[i]);
    return lp;
}

static void test_seek_and_walk(void) {
    const char *v[] = {"zero", "1", "two", "-3", "four", "5000000000"};
    unsigned char *lp = build(v, 6);

    TEST_ASSERT(lpLength(lp) == 6);
    for (long i = 0; i < 6; i++) {
        TEST_ASSERT(ENTRY_IS(lpSeek(lp, i), v[i]));
        TEST_ASSERT(ENTRY_IS(lpSeek(lp, i - 6), v[i]));
    }
    TEST_ASSERT(lpSeek(lp, 6) == NULL);
    TEST_ASSERT(lpSeek(lp, -7) == NULL);
    TEST_ASSERT(lpSeek(lp, LONG_MAX) == NULL && lpSeek(lp, LONG_MIN + 1) == NULL);

    /* Backwards from the end, and lpPrev() on the terminator. */
    unsigned char *p = lpLast(lp);
    for (int i = 5; i >= 0; i--) {
        TEST_ASSERT(ENTRY_IS(p, v[i]));
        p = lpPrev(lp, p);
    }
    TEST_ASSERT(p == NULL);
    TEST_ASSERT(lpPrev(lp, lp + lpBytes(lp) - 1) == lpLast(lp));
    lpFree(lp);

    lp = lpNew(0);
    TEST_ASSERT(lpFirst(lp) == NULL && lpLast(lp) == NULL && lpSeek(lp, 0) == NULL &&
                lpSeek(lp, -1) == NULL && lpLength(lp) == 0 && lpBytes(lp) == 7);
    TEST_ASSERT(lpIsHex(lp, "07000000" "0000" "ff"));
    lpFree(lp);
}

static int lpEquals(unsigned char *lp, const char **v, int n) {
    if (lpLength(lp) != (unsigned long)n) return 0;
    unsigned char *p = lpFirst(lp);
    for (int i = 0; i < n; i++, p = lpNext(lp, p))
        if (!ENTRY_IS(p, v[i])) return 0;
    return p == NULL && lpValidateIntegrity(lp, lpBytes(lp), 1, NULL, NULL);
}

static void test_insert_delete_middle(void) {
    const char *v[] = {"a", "b", "c"};
    unsigned char *lp = build(v, 3), *p, *np;

    p = lpSeek(lp, 1);
    lp = lpInsertString(lp, (unsigned char *)"X", 1, p, LP_BEFORE, &np);
    TEST_ASSERT(ENTRY_IS(np, "X"));
    const char *e1[] = {"a", "X", "b", "c"};
    TEST_ASSERT(lpEquals(lp, e1, 4));

    p = lpSeek(lp, 2);
    lp = lpInsertInteger(lp, 77, p, LP_AFTER, &np);
    TEST_ASSERT(ENTRY_IS(np, "77"));
    const char *e2[] = {"a", "X", "b", "77", "c"};
    TEST_ASSERT(lpEquals(lp, e2, 5));

    /* After the last element = append. */
    lp = lpInsertString(lp, (unsigned char *)"end", 3, lpLast(lp), LP_AFTER, &np);
    TEST_ASSERT(ENTRY_IS(np, "end") && lpNext(lp, np) == NULL);

    lp = lpPrepend(lp, (unsigned char *)"first", 5);
    lp = lpPrependInteger(lp, -5);
    const char *e3[] = {"-5", "first", "a", "X", "b", "77", "c", "end"};
    TEST_ASSERT(lpEquals(lp, e3, 8));

    /* Replace with bigger and smaller values. */
    p = lpSeek(lp, 3);
    lp = lpReplace(lp, &p, (unsigned char *)"a much longer string than before", 32);
    TEST_ASSERT(ENTRY_IS(p, "a much longer string than before"));
    p = lpSeek(lp, 3);
    lp = lpReplaceInteger(lp, &p, 1);
    TEST_ASSERT(ENTRY_IS(p, "1") && ENTRY_IS(lpNext(lp, p), "b"));
    const char *e4[] = {"-5", "first", "a", "1", "b", "77", "c", "end"};
    TEST_ASSERT(lpEquals(lp, e4, 8));

    /* Delete: newp is the next element, NULL after the last one. */
    p = lpSeek(lp, 1);
    lp = lpDelete(lp, p, &np);
    TEST_ASSERT(ENTRY_IS(np, "a"));
    lp = lpDelete(lp, lpLast(lp), &np);
    TEST_ASSERT(np == NULL);
    const char *e5[] = {"-5", "a", "1", "b", "77", "c"};
    TEST_ASSERT(lpEquals(lp, e5, 6));

    /* Ranges. */
    lp = lpDeleteRange(lp, 1, 2);
    const char *e6[] = {"-5", "b", "77", "c"};
    TEST_ASSERT(lpEquals(lp, e6, 4));
    lp = lpDeleteRange(lp, -2, 100);
    const char *e7[] = {"-5", "b"};
    TEST_ASSERT(lpEquals(lp, e7, 2));
    lp = lpDeleteRange(lp, 5, 1); /* out of range: no-op */
    lp = lpDeleteRange(lp, 0, 0);
    TEST_ASSERT(lpEquals(lp, e7, 2));
    p = lpFirst(lp);
    lp = lpDeleteRangeWithEntry(lp, &p, 1);
    TEST_ASSERT(ENTRY_IS(p, "b"));
    lp = lpDeleteRangeWithEntry(lp, &p, 10);
    TEST_ASSERT(p == NULL && lpLength(lp) == 0 && lpBytes(lp) == 7);
    lpFree(lp);
}

static void test_batch_delete(void) {
    const char *v[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    unsigned char *lp = build(v, 10);
    unsigned char *ps[5];
    int del[] = {0, 1, 4, 8, 9};
    for (int i = 0; i < 5; i++) ps[i] = lpSeek(lp, del[i]);
    lp = lpBatchDelete(lp, ps, 5);
    const char *e[] = {"2", "3", "5", "6", "7"};
    TEST_ASSERT(lpEquals(lp, e, 5));
    lp = lpBatchDelete(lp, ps, 0);
    TEST_ASSERT(lpEquals(lp, e, 5));
    lpFree(lp);
}

static void test_find_and_compare(void) {
    /* key/value pairs where keys and values collide, and integers. */
    const char *v[] = {"k1", "v1", "v1", "k1", "100", "-7", "-7", "x"};
    unsigned char *lp = build(v, 8);
    unsigned char *p;

    p = lpFind(lp, lpFirst(lp), (unsigned char *)"k1", 2, 1);
    TEST_ASSERT(p == lpSeek(lp, 0));
    /* Skipping values: "v1" is found as the key at index 2, not index 1. */
    p = lpFind(lp, lpFirst(lp), (unsigned char *)"v1", 2, 1);
    TEST_ASSERT(p == lpSeek(lp, 2));
    p = lpFind(lp, lpFirst(lp), (unsigned char *)"-7", 2, 1);
    TEST_ASSERT(p == lpSeek(lp, 6));
    p = lpFind(lp, lpFirst(lp), (unsigned char *)"100", 3, 1);
    TEST_ASSERT(p == lpSeek(lp, 4));
    TEST_ASSERT(lpFind(lp, lpFirst(lp), (unsigned char *)"x", 1, 1) == NULL);
    TEST_ASSERT(lpFind(lp, lpFirst(lp), (unsigned char *)"x", 1, 0) == lpSeek(lp, 7));
    TEST_ASSERT(lpFind(lp, lpFirst(lp), (unsigned char *)"0100", 4, 0) == NULL);
    TEST_ASSERT(lpFind(lp, lpSeek(lp, 1), (unsigned char *)"-7", 2, 1) == lpSeek(lp, 5));

    TEST_ASSERT(lpCompare(lpSeek(lp, 4), (unsigned char *)"100", 3));
    TEST_ASSERT(!lpCompare(lpSeek(lp, 4), (unsigned char *)"10", 2));
    TEST_ASSERT(lpCompare(lpSeek(lp, 0), (unsigned char *)"k1", 2));
    TEST_ASSERT(!lpCompare(lpSeek(lp, 0), (unsigned char *)"k2", 2));
    TEST_ASSERT(!lpCompare(lp + lpBytes(lp) - 1, (unsigned char *)"", 0));

    unsigned char buf[LP_INTBUF_SIZE];
    int64_t n;
    unsigned char *s = lpGet(lpSeek(lp, 5), &n, buf);
    TEST_ASSERT(s == buf && n == 2 && memcmp(buf, "-7", 3) == 0);
    lpFree(lp);
}

static void test_merge(void) {
    const char *a[] = {"a1", "a2", "a3"};
    const char *b[] = {"b1", "some longer value in b", "b3", "b4"};
    const char *ab[] = {"a1", "a2", "a3", "b1", "some longer value in b", "b3", "b4"};

    /* Second larger: the first is prepended into it. */
    unsigned char *x = build(a, 3), *y = build(b, 4);
    unsigned char *m = lpMerge(&x, &y);
    TEST_ASSERT(m != NULL && x == NULL && y == m);
    TEST_ASSERT(lpEquals(m, ab, 7));
    lpFree(m);

    /* First larger: the second is appended to it. */
    x = build(b, 4);
    y = build(a, 3);
    m = lpMerge(&x, &y);
    const char *ba[] = {"b1", "some longer value in b", "b3", "b4", "a1", "a2", "a3"};
    TEST_ASSERT(m != NULL && y == NULL && x == m);
    TEST_ASSERT(lpEquals(m, ba, 7));

    /* Empty + non empty, self merge, NULLs. */
    unsigned char *e = lpNew(0);
    m = lpMerge(&e, &x);
    TEST_ASSERT(m != NULL && lpEquals(m, ba, 7));
    TEST_ASSERT(lpMerge(&m, &m) == NULL);
    unsigned char *null = NULL;
    TEST_ASSERT(lpMerge(&m, &null) == NULL && lpMerge(NULL, &m) == NULL);
    lpFree(m);
}

static void test_large_count(void) {
    /* More than 65534 elements: the header count says "unknown". */
    unsigned char *lp = lpNew(0);
    for (int i = 0; i < 70000; i++) lp = lpAppendInteger(lp, i);
    TEST_ASSERT(lp[4] == 0xff && lp[5] == 0xff);
    TEST_ASSERT(lpLength(lp) == 70000);
    TEST_ASSERT(ENTRY_IS(lpSeek(lp, 69999), "69999"));
    TEST_ASSERT(ENTRY_IS(lpSeek(lp, -70000), "0"));
    TEST_ASSERT(lpSeek(lp, 70000) == NULL && lpSeek(lp, -70001) == NULL);
    TEST_ASSERT(lpValidateIntegrity(lp, lpBytes(lp), 1, NULL, NULL));

    /* Deleting down under the limit: lpLength() restores the count. */
    lp = lpDeleteRange(lp, 0, 10000);
    TEST_ASSERT(lp[4] == 0xff && lp[5] == 0xff);
    TEST_ASSERT(lpLength(lp) == 60000);
    TEST_ASSERT(lp[4] == (60000 & 0xff) && lp[5] == (60000 >> 8));
    TEST_ASSERT(ENTRY_IS(lpFirst(lp), "10000"));
    lpFree(lp);

    /* Exactly 65534 then 65535 elements (oracle: "feff" then "ffff"). */
    lp = lpNew(0);
    for (int i = 0; i < 65534; i++) lp = lpAppendInteger(lp, 1);
    TEST_ASSERT(lp[4] == 0xfe && lp[5] == 0xff);
    lp = lpAppendInteger(lp, 1);
    TEST_ASSERT(lp[4] == 0xff && lp[5] == 0xff && lpLength(lp) == 65535);
    unsigned char *p = lpFirst(lp);
    lp = lpDelete(lp, p, NULL);
    TEST_ASSERT(lpLength(lp) == 65534 && lp[4] == 0xfe);

    /* Merging two big ones saturates the count. */
    unsigned char *lp2 = lpNew(0);
    lp2 = lpAppendInteger(lp2, 2);
    lp2 = lpAppendInteger(lp2, 3);
    unsigned char *m = lpMerge(&lp, &lp2);
    TEST_ASSERT(m[4] == 0xff && m[5] == 0xff && lpLength(m) == 65536);
    TEST_ASSERT(ENTRY_IS(lpLast(m), "3"));
    lpFree(m);
}

static void test_safe_to_add(void) {
    unsigned char *lp = lpNew(0);
    TEST_ASSERT(lpSafeToAdd(NULL, LISTPACK_MAX_SAFETY_SIZE));
    TEST_ASSERT(!lpSafeToAdd(NULL, LISTPACK_MAX_SAFETY_SIZE + 1));
    TEST_ASSERT(lpSafeToAdd(lp, LISTPACK_MAX_SAFETY_SIZE - 7));
    TEST_ASSERT(!lpSafeToAdd(lp, LISTPACK_MAX_SAFETY_SIZE - 6));
    lpFree(lp);
}

/* ------------------------------------------------------------------------
 * Random operations against a reference model
 * ------------------------------------------------------------------------ */

#define MODEL_MAX 600

typedef struct {
    char *s[MODEL_MAX];
    size_t len[MODEL_MAX];
    int n;
} model;

/* A random value: small/large integers, integer-looking strings, short and
 * long strings crossing the 63/4095 boundaries. */
static size_t randomValue(char *buf) {
    switch (rnd() % 8) {
    case 0: return (size_t)ll2string(buf, 32, (long long)(rnd() % 300) - 150);
    case 1: return (size_t)ll2string(buf, 32, (long long)rnd());
    case 2: return (size_t)ll2string(buf, 32, (long long)(rnd() % 20000000) - 10000000);
    case 3: {
        size_t n = (size_t)ll2string(buf, 32, (long long)(rnd() % 1000));
        buf[n] = 'x'; /* "123x" */
        return n + 1;
    }
    case 4: {
        size_t n = 60 + rnd() % 8; /* around the 6-bit / 12-bit boundary */
        for (size_t i = 0; i < n; i++) buf[i] = 'a' + (char)(rnd() % 26);
        return n;
    }
    case 5: {
        size_t n = 4090 + rnd() % 12; /* around the 12-bit / 32-bit boundary */
        for (size_t i = 0; i < n; i++) buf[i] = (char)(rnd() & 0xff);
        return n;
    }
    default: {
        size_t n = rnd() % 20;
        for (size_t i = 0; i < n; i++) buf[i] = (char)(rnd() & 0xff);
        return n;
    }
    }
}

static void modelInsert(model *m, int idx, const char *s, size_t len) {
    memmove(&m->s[idx + 1], &m->s[idx], sizeof(char *) * (size_t)(m->n - idx));
    memmove(&m->len[idx + 1], &m->len[idx], sizeof(size_t) * (size_t)(m->n - idx));
    m->s[idx] = malloc(len + 1);
    memcpy(m->s[idx], s, len);
    m->len[idx] = len;
    m->n++;
}

static void modelDelete(model *m, int idx, int count) {
    for (int i = idx; i < idx + count; i++) free(m->s[i]);
    memmove(&m->s[idx], &m->s[idx + count], sizeof(char *) * (size_t)(m->n - idx - count));
    memmove(&m->len[idx], &m->len[idx + count], sizeof(size_t) * (size_t)(m->n - idx - count));
    m->n -= count;
}

static int modelCheck(unsigned char *lp, model *m) {
    if (lpLength(lp) != (unsigned long)m->n) return 0;
    unsigned char *p = lpFirst(lp);
    for (int i = 0; i < m->n; i++, p = lpNext(lp, p))
        if (!entryIs(p, m->s[i], m->len[i])) return 0;
    if (p) return 0;
    p = lpLast(lp);
    for (int i = m->n - 1; i >= 0; i--, p = lpPrev(lp, p))
        if (!entryIs(p, m->s[i], m->len[i])) return 0;
    return p == NULL && lpValidateIntegrity(lp, lpBytes(lp), 1, NULL, NULL);
}

static void test_random_ops_vs_model(void) {
    static model m;
    static char buf[5000];
    unsigned char *lp = lpNew(0);
    int ok = 1;

    for (int op = 0; op < 20000 && ok; op++) {
        int r = (int)(rnd() % 100);
        if (r < 40 && m.n < MODEL_MAX) {
            /* insert at a random place, as string or integer */
            size_t len = randomValue(buf);
            int idx = m.n ? (int)(rnd() % (unsigned)(m.n + 1)) : 0;
            long long v;
            int asint = (rnd() & 1) && string2ll(buf, len, &v);
            if (idx == m.n) {
                lp = asint ? lpAppendInteger(lp, v) : lpAppend(lp, (unsigned char *)buf, (uint32_t)len);
            } else if (idx == 0 && (rnd() & 1)) {
                lp = asint ? lpPrependInteger(lp, v) : lpPrepend(lp, (unsigned char *)buf, (uint32_t)len);
            } else {
                unsigned char *np;
                int after = idx > 0 && (rnd() & 1);
                unsigned char *p = lpSeek(lp, after ? idx - 1 : idx);
                int where = after ? LP_AFTER : LP_BEFORE;
                lp = asint ? lpInsertInteger(lp, v, p, where, &np)
                           : lpInsertString(lp, (unsigned char *)buf, (uint32_t)len, p, where, &np);
                if (!entryIs(np, buf, len)) ok = 0;
            }
            modelInsert(&m, idx, buf, len);
        } else if (r < 55 && m.n) {
            int idx = (int)(rnd() % (unsigned)m.n);
            unsigned char *p = lpSeek(lp, (rnd() & 1) ? idx : idx - m.n), *np;
            lp = lpDelete(lp, p, &np);
            modelDelete(&m, idx, 1);
            if (idx < m.n ? !entryIs(np, m.s[idx], m.len[idx]) : np != NULL) ok = 0;
        } else if (r < 70 && m.n) {
            int idx = (int)(rnd() % (unsigned)m.n);
            size_t len = randomValue(buf);
            unsigned char *p = lpSeek(lp, idx);
            lp = lpReplace(lp, &p, (unsigned char *)buf, (uint32_t)len);
            if (!entryIs(p, buf, len)) ok = 0;
            free(m.s[idx]);
            m.s[idx] = malloc(len + 1);
            memcpy(m.s[idx], buf, len);
            m.len[idx] = len;
        } else if (r < 78 && m.n) {
            int idx = (int)(rnd() % (unsigned)m.n);
            int cnt = (int)(rnd() % 10);
            if (rnd() & 1) {
                lp = lpDeleteRange(lp, (rnd() & 1) ? idx : idx - m.n, (unsigned long)cnt);
            } else {
                unsigned char *p = lpSeek(lp, idx);
                lp = lpDeleteRangeWithEntry(lp, &p, (unsigned long)cnt);
            }
            if (cnt > m.n - idx) cnt = m.n - idx;
            modelDelete(&m, idx, cnt);
        } else if (r < 84 && m.n) {
            /* batch delete a random subset */
            unsigned char *ps[MODEL_MAX];
            int idxs[MODEL_MAX], k = 0;
            unsigned char *p = lpFirst(lp);
            for (int i = 0; i < m.n; i++, p = lpNext(lp, p))
                if (rnd() % 4 == 0) {
                    ps[k] = p;
                    idxs[k++] = i;
                }
            lp = lpBatchDelete(lp, ps, (unsigned long)k);
            for (int i = k - 1; i >= 0; i--) modelDelete(&m, idxs[i], 1);
        } else if (r < 88 && m.n) {
            /* find an existing value from a random start */
            int idx = (int)(rnd() % (unsigned)m.n);
            unsigned char *p = lpFind(lp, lpFirst(lp), (unsigned char *)m.s[idx], (uint32_t)m.len[idx], 0);
            int first = 0;
            while (m.len[first] != m.len[idx] || memcmp(m.s[first], m.s[idx], m.len[idx])) first++;
            if (p != lpSeek(lp, first)) ok = 0;
        } else if (r < 90) {
            /* shrink to fit must not change content */
            lp = lpShrinkToFit(lp);
        }
        if (op % 50 == 0 && !modelCheck(lp, &m)) ok = 0;
    }
    TEST_ASSERT(ok);
    TEST_ASSERT(modelCheck(lp, &m));
    modelDelete(&m, 0, m.n);
    lpFree(lp);
}

/* ------------------------------------------------------------------------
 * Validation of untrusted bytes
 * ------------------------------------------------------------------------ */

static int cb_calls;
static int countCb(unsigned char *p, unsigned int head_count, void *ud) {
    (void)p;
    cb_calls++;
    return head_count == *(unsigned int *)ud;
}
static int rejectThird(unsigned char *p, unsigned int head_count, void *ud) {
    (void)p;
    (void)head_count;
    (void)ud;
    return ++cb_calls < 3;
}

/* Walk a listpack that passed validation every way a reader would. */
static void walkAll(unsigned char *lp) {
    unsigned char buf[LP_INTBUF_SIZE];
    int64_t n;
    unsigned long len = lpLength(lp), k = 0;
    for (unsigned char *p = lpFirst(lp); p; p = lpNext(lp, p), k++) lpGet(p, &n, buf);
    for (unsigned char *p = lpLast(lp); p; p = lpPrev(lp, p)) lpGet(p, &n, NULL);
    if (len) lpSeek(lp, (long)(rnd() % len));
    lpFind(lp, lpFirst(lp) ? lpFirst(lp) : lp + lpBytes(lp) - 1, (unsigned char *)"12", 2, 1);
    TEST_ASSERT(k == len);
}

static void test_validate(void) {
    const char *v[] = {"a", "1", "-1", "300", "hello", "70000", "5000000000"};
    unsigned char *lp = build(v, 7);
    size_t n = lpBytes(lp);
    unsigned char *c = exactCopy(lp, n);

    TEST_ASSERT(lpValidateIntegrity(c, n, 0, NULL, NULL));
    TEST_ASSERT(lpValidateIntegrity(c, n, 1, NULL, NULL));
    unsigned int seven = 7;
    cb_calls = 0;
    TEST_ASSERT(lpValidateIntegrity(c, n, 1, countCb, &seven) && cb_calls == 7);
    cb_calls = 0;
    TEST_ASSERT(!lpValidateIntegrity(c, n, 1, rejectThird, NULL) && cb_calls == 3);

    /* Size mismatch, tiny buffers, missing terminator. */
    TEST_ASSERT(!lpValidateIntegrity(c, n - 1, 0, NULL, NULL));
    TEST_ASSERT(!lpValidateIntegrity(c, 6, 1, NULL, NULL));
    TEST_ASSERT(!lpValidateIntegrity(c, 0, 1, NULL, NULL));
    c[n - 1] = 0;
    TEST_ASSERT(!lpValidateIntegrity(c, n, 0, NULL, NULL));
    c[n - 1] = 0xff;

    /* Wrong count (shallow passes, deep fails); unknown count is accepted. */
    c[4] = 6;
    TEST_ASSERT(lpValidateIntegrity(c, n, 0, NULL, NULL));
    TEST_ASSERT(!lpValidateIntegrity(c, n, 1, NULL, NULL));
    c[4] = 0xff;
    c[5] = 0xff;
    TEST_ASSERT(lpValidateIntegrity(c, n, 1, NULL, NULL));
    c[4] = 7;
    c[5] = 0;

    /* Bad back length; invalid encoding byte; string length past the end. */
    c[8] ^= 1; /* backlen of "a" */
    TEST_ASSERT(!lpValidateIntegrity(c, n, 1, NULL, NULL));
    c[8] ^= 1;
    c[6] = 0xF7;
    TEST_ASSERT(!lpValidateIntegrity(c, n, 1, NULL, NULL));
    c[6] = 0xBF; /* 63-byte string: runs past the end */
    TEST_ASSERT(!lpValidateIntegrity(c, n, 1, NULL, NULL));
    c[6] = 0xF0; /* 32-bit string length taken from the following bytes */
    TEST_ASSERT(!lpValidateIntegrity(c, n, 1, NULL, NULL));
    c[6] = 0xFF; /* terminator in the middle */
    TEST_ASSERT(!lpValidateIntegrity(c, n, 1, NULL, NULL));
    c[6] = 0x81;
    TEST_ASSERT(lpValidateIntegrity(c, n, 1, NULL, NULL));
    free(c);

    /* Truncations at every length, with the header patched to match. */
    for (size_t cut = 0; cut < n; cut++) {
        unsigned char *t = exactCopy(lp, cut);
        if (cut >= 4) {
            t[0] = cut & 0xff;
            t[1] = (cut >> 8) & 0xff;
            t[2] = t[3] = 0;
        }
        if (cut) t[cut - 1] = 0xff;
        int ok = lpValidateIntegrity(t, cut, 1, NULL, NULL);
        /* Only cutting nothing (cut == n) is valid. */
        TEST_ASSERT(!ok);
        free(t);
    }

    /* Step-by-step validation. */
    unsigned char *p = lpValidateFirst(lp);
    int steps = 0;
    while (p) {
        TEST_ASSERT(lpValidateNext(lp, &p, lpBytes(lp)));
        steps++;
    }
    TEST_ASSERT(steps == 8); /* 7 entries, then the terminator */
    unsigned char *e = lpNew(0);
    TEST_ASSERT(lpValidateFirst(e) == NULL);
    TEST_ASSERT(lpValidateIntegrity(e, lpBytes(e), 1, NULL, NULL));
    lpFree(e);
    lpFree(lp);
}

static void test_validate_fuzz(void) {
    /* Random mutations of valid listpacks must either be rejected or be
     * safe to read completely. */
    unsigned char *base[4];
    base[0] = build((const char *[]){"a", "1", "-1", "300", "hello", "70000", "5000000000"}, 7);
    base[1] = lpNew(0);
    for (int i = 0; i < 40; i++) {
        char buf[5000];
        size_t len = randomValue(buf);
        base[1] = lpAppend(base[1], (unsigned char *)buf, (uint32_t)len);
    }
    base[2] = lpNew(0);
    base[3] = build((const char *[]){"k", "v"}, 2);

    int accepted = 0, rejected = 0;
    for (int iter = 0; iter < 200000; iter++) {
        unsigned char *src = base[iter % 4];
        size_t n = lpBytes(src);
        /* Sometimes truncate or extend, then fix up the header so that the
         * shallow check passes and the deep walk is exercised. */
        size_t m = n;
        int shape = (int)(rnd() % 8);
        if (shape == 0 && n > 1) m = 1 + rnd() % (n - 1);
        if (shape == 1) m = n + 1 + rnd() % 8;
        unsigned char *c = malloc(m);
        memcpy(c, src, m < n ? m : n);
        for (size_t i = n; i < m; i++) c[i] = (unsigned char)rnd();
        int flips = 1 + (int)(rnd() % 4);
        for (int f = 0; f < flips && m; f++) {
            size_t pos = rnd() % m;
            if (rnd() & 1) c[pos] = (unsigned char)rnd();
            else c[pos] ^= (unsigned char)(1 << (rnd() % 8));
        }
        if (rnd() % 4 && m >= 7) {
            c[0] = m & 0xff;
            c[1] = (m >> 8) & 0xff;
            c[2] = (m >> 16) & 0xff;
            c[3] = (m >> 24) & 0xff;
            c[m - 1] = 0xff;
        }
        if (lpValidateIntegrity(c, m, 1, NULL, NULL)) {
            accepted++;
            walkAll(c);
        } else {
            rejected++;
        }
        free(c);
    }
    for (int i = 0; i < 4; i++) lpFree(base[i]);
    /* Both outcomes must have happened for the fuzzing to mean something. */
    printf("  fuzz: %d accepted, %d rejected\n", accepted, rejected);
    TEST_ASSERT(accepted > 1000 && rejected > 1000);
}

/* ------------------------------------------------------------------------
 * Random sampling
 * ------------------------------------------------------------------------ */

static void test_random_pairs(void) {
    unsigned char *lp = lpNew(0);
    char k[16];
    for (int i = 0; i < 10; i++) {
        int n = snprintf(k, sizeof(k), "key%d", i);
        lp = lpAppend(lp, (unsigned char *)k, (uint32_t)n);
        lp = lpAppendInteger(lp, i * 100);
    }
    lpRandomSeed(12345);

    /* Single pairs: the value always belongs to the key. */
    int hits[10] = {0};
    for (int i = 0; i < 2000; i++) {
        listpackEntry key, val;
        lpRandomPair(lp, 10, &key, &val);
        TEST_ASSERT(key.sval && !val.sval);
        int idx = atoi((char *)key.sval + 3);
        TEST_ASSERT(val.lval == idx * 100);
        hits[idx]++;
    }
    for (int i = 0; i < 10; i++) TEST_ASSERT(hits[i] > 100); /* expected 200 */

    /* With repetitions, keeps order of picks, keys match values. */
    listpackEntry keys[300], vals[300];
    lpRandomPairs(lp, 300, keys, vals);
    int seen[10] = {0};
    for (int i = 0; i < 300; i++) {
        int idx = atoi((char *)keys[i].sval + 3);
        TEST_ASSERT(vals[i].sval == NULL && vals[i].lval == idx * 100);
        seen[idx] = 1;
    }
    for (int i = 0; i < 10; i++) TEST_ASSERT(seen[i]);
    lpRandomPairs(lp, 5, keys, NULL);

    /* Unique: distinct, in listpack order, capped at the pair count. */
    for (unsigned cnt = 0; cnt <= 12; cnt++) {
        unsigned got = lpRandomPairsUnique(lp, cnt, keys, vals);
        TEST_ASSERT(got == (cnt < 10 ? cnt : 10));
        int last = -1;
        for (unsigned i = 0; i < got; i++) {
            int idx = atoi((char *)keys[i].sval + 3);
            TEST_ASSERT(idx > last && vals[i].lval == idx * 100);
            last = idx;
        }
    }

    /* Single entries. */
    lpRandomEntries(lp, 300, keys);
    int ints = 0;
    for (int i = 0; i < 300; i++) ints += keys[i].sval == NULL;
    TEST_ASSERT(ints > 50 && ints < 250);

    /* A custom source is used when installed. */
    lpSetRandomFunction(NULL);
    lpFree(lp);
}

static uint64_t zeroRandom(void) { return 0; }

static void test_random_custom_source(void) {
    unsigned char *lp = build((const char *[]){"a", "1", "b", "2"}, 4);
    lpSetRandomFunction(zeroRandom);
    for (int i = 0; i < 10; i++) {
        listpackEntry k, v;
        lpRandomPair(lp, 2, &k, &v);
        TEST_ASSERT(k.sval && k.slen == 1 && k.sval[0] == 'a' && v.lval == 1);
    }
    lpSetRandomFunction(NULL);
    lpFree(lp);
}

/* ------------------------------------------------------------------------
 * Repr (DEBUG LISTPACK), compared with Redis 7.0 output minus addresses
 * ------------------------------------------------------------------------ */

static void test_repr(void) {
    unsigned char *lp = build((const char *[]){"name", "redis", "ver", "7", "neg", "-12345"}, 6);
    char longv[60];
    memset(longv, 'b', sizeof(longv));
    lp = lpAppend(lp, (unsigned char *)longv, 41);
    FILE *fp = tmpfile();
    lpReprFile(fp, lp);
    rewind(fp);
    char out[8192] = {0}, line[512];
    while (fgets(line, sizeof(line), fp))
        if (!strstr(line, "\taddr: 0x")) strcat(out, line);
    fclose(fp);
    const char *expect =
        "{total bytes 79} {num entries 7}\n"
        "{\n\tindex:  0,\n\toffset: 6,\n\thdr+entrylen+backlen:  6,\n\thdrlen:   1,\n"
        "\tbacklen:  1,\n\tpayload: 4\n\tbytes: 84|6e|61|6d|65|05|\n\t[str]name\n}\n"
        "{\n\tindex:  1,\n\toffset: 12,\n\thdr+entrylen+backlen:  7,\n\thdrlen:   1,\n"
        "\tbacklen:  1,\n\tpayload: 5\n\tbytes: 85|72|65|64|69|73|06|\n\t[str]redis\n}\n"
        "{\n\tindex:  2,\n\toffset: 19,\n\thdr+entrylen+backlen:  5,\n\thdrlen:   1,\n"
        "\tbacklen:  1,\n\tpayload: 3\n\tbytes: 83|76|65|72|04|\n\t[str]ver\n}\n"
        "{\n\tindex:  3,\n\toffset: 24,\n\thdr+entrylen+backlen:  2,\n\thdrlen:   1,\n"
        "\tbacklen:  1,\n\tpayload: 0\n\tbytes: 07|01|\n\t[str]7\n}\n"
        "{\n\tindex:  4,\n\toffset: 26,\n\thdr+entrylen+backlen:  5,\n\thdrlen:   1,\n"
        "\tbacklen:  1,\n\tpayload: 3\n\tbytes: 83|6e|65|67|04|\n\t[str]neg\n}\n"
        "{\n\tindex:  5,\n\toffset: 31,\n\thdr+entrylen+backlen:  4,\n\thdrlen:   1,\n"
        "\tbacklen:  1,\n\tpayload: 2\n\tbytes: f1|c7|cf|03|\n\t[str]-12345\n}\n"
        "{\n\tindex:  6,\n\toffset: 35,\n\thdr+entrylen+backlen: 43,\n\thdrlen:   1,\n"
        "\tbacklen:  1,\n\tpayload: 41\n\tbytes: a9|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|"
        "62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|62|2a|\n"
        "\t[str]bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb...\n}\n"
        "{end}\n\n";
    TEST_ASSERT_MSG(strcmp(out, expect) == 0, out);
    lpFree(lp);
}

int main(void) {
    RUN_TEST(test_oracle_list_vector);
    RUN_TEST(test_oracle_hash_zset_vectors);
    RUN_TEST(test_oracle_string_boundaries);
    RUN_TEST(test_integer_boundaries);
    RUN_TEST(test_strings_that_are_not_integers);
    RUN_TEST(test_seek_and_walk);
    RUN_TEST(test_insert_delete_middle);
    RUN_TEST(test_batch_delete);
    RUN_TEST(test_find_and_compare);
    RUN_TEST(test_merge);
    RUN_TEST(test_large_count);
    RUN_TEST(test_safe_to_add);
    RUN_TEST(test_random_ops_vs_model);
    RUN_TEST(test_validate);
    RUN_TEST(test_validate_fuzz);
    RUN_TEST(test_random_pairs);
    RUN_TEST(test_random_custom_source);
    RUN_TEST(test_repr);
    return TEST_REPORT();
}
