/* test_skiplist.c - unit tests for the sorted set index (skiplist.c).
 *
 * Every operation is cross-checked against a plain sorted array, and a
 * structural checker (ordering, backward links, lanes, spans, level) runs
 * after each batch of changes.
 *
 * Environment:
 *   ZSL_TEST_N=n   members in the memory test (default 1000000; use a few
 *                  thousands under valgrind) */
#include "skiplist.h"
#include "dict.h"
#include "zmalloc.h"
#include "unit/test_help.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Helpers: random numbers, the reference array, the structure checker
 * --------------------------------------------------------------------- */

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

#define REF_MAX 4000
#define ELE_MAX 16

typedef struct refEntry {
    double score;
    size_t len;
    char ele[ELE_MAX];
} refEntry;

static refEntry ref[REF_MAX];
static size_t nref = 0;

/* What the allocator really spends on a request of n bytes. */
static size_t usable(size_t n) {
    void *p = zmalloc(n);
    size_t u = zmalloc_size(p);
    zfree(p);
    return u;
}

static int bytesCmp(const char *a, size_t alen, const char *b, size_t blen) {
    size_t m = alen < blen ? alen : blen;
    int c = m ? memcmp(a, b, m) : 0;
    if (c) return c;
    return (alen > blen) - (alen < blen);
}

static int refCmp(double s1, const char *e1, size_t l1, double s2, const char *e2, size_t l2) {
    if (s1 < s2) return -1;
    if (s1 > s2) return 1;
    return bytesCmp(e1, l1, e2, l2);
}

/* Index of the first entry not before (score, ele). */
static size_t refLowerBound(double score, const char *ele, size_t len) {
    size_t lo = 0, hi = nref;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (refCmp(ref[m].score, ref[m].ele, ref[m].len, score, ele, len) < 0)
            lo = m + 1;
        else
            hi = m;
    }
    return lo;
}

/* Index of the member ele (any score), or -1. */
static long refFindEle(const char *ele, size_t len) {
    for (size_t i = 0; i < nref; i++)
        if (bytesCmp(ref[i].ele, ref[i].len, ele, len) == 0) return (long)i;
    return -1;
}

static void refInsert(double score, const char *ele, size_t len) {
    size_t pos = refLowerBound(score, ele, len);
    memmove(ref + pos + 1, ref + pos, (nref - pos) * sizeof(refEntry));
    ref[pos].score = score;
    ref[pos].len = len;
    memcpy(ref[pos].ele, ele, len);
    nref++;
}

static void refRemoveAt(size_t pos) {
    memmove(ref + pos, ref + pos + 1, (nref - pos - 1) * sizeof(refEntry));
    nref--;
}

static const double score_pool[] = {-INFINITY, -2, -1, -0.5, 0, 0.5, 1, 2, 3, INFINITY};
#define POOL_SIZE (sizeof(score_pool) / sizeof(score_pool[0]))

static double randomScore(void) {
    if (rnd() % 3) return score_pool[rnd() % POOL_SIZE]; /* many ties */
    return ((double)(rnd() % 2000000) - 1000000.0) / 1000.0;
}

/* Short binary members over a tiny alphabet, so that prefixes, NUL bytes
 * and high bytes all meet. */
static size_t randomEle(char *buf) {
    static const char alphabet[] = {'a', 'b', '\0', '\xff'};
    size_t len = rnd() % 7;
    for (size_t i = 0; i < len; i++) buf[i] = alphabet[rnd() % 4];
    return len;
}

static int nodeIs(const zskiplistNode *n, double score, const char *ele, size_t len) {
    sds e = zslNodeElement(n);
    return n->score == score && sdslen(e) == len && bytesCmp(e, len, ele, len) == 0 &&
           e[len] == '\0';
}

/* Structural invariants.  Returns NULL if sound, else what is wrong. */
static const char *checkList(zskiplist *zsl) {
    unsigned long n = 0;
    int maxlevel = 1;
    zskiplistNode *prev = NULL;
    for (zskiplistNode *x = zsl->header->next; x; x = x->next) {
        n++;
        if (x->backward != prev) return "backward link";
        if (zslNodeLevel(x) < 1 || zslNodeLevel(x) > ZSL_MAXLEVEL) return "node level";
        if (((uintptr_t)x & 7) != 0) return "node alignment";
        sds e = zslNodeElement(x);
        if (e[sdslen(e)] != '\0') return "element terminator";
        if (prev) {
            sds pe = zslNodeElement(prev);
            if (refCmp(prev->score, pe, sdslen(pe), x->score, e, sdslen(e)) >= 0)
                return "order";
        }
        if (zslNodeLevel(x) > maxlevel) maxlevel = zslNodeLevel(x);
        prev = x;
    }
    if (zsl->tail != prev) return "tail";
    if (n != zsl->length) return "length";
    if (zsl->header->backward != NULL) return "header backward";
    if (zslNodeLevel(zsl->header) != ZSL_MAXLEVEL) return "header level";
    if (zsl->level != maxlevel) return "list level";

    /* Each lane must link exactly the nodes tall enough for it, and each
     * span must be the rank distance it jumps. */
    for (int i = 0; i < zsl->level; i++) {
        zskiplistNode *x = zsl->header;
        unsigned long rx = 0, rank = 0;
        for (zskiplistNode *y = zsl->header->next; y; y = y->next) {
            rank++;
            if (zslNodeLevel(y) <= i) continue;
            if (zslNodeForward(x, i) != y) return "lane skips a node";
            if (zslNodeSpan(x, i) != rank - rx) return "span";
            x = y;
            rx = rank;
        }
        if (zslNodeForward(x, i) != NULL) return "lane end";
        if (zslNodeSpan(x, i) != n - rx) return "span at lane end";
    }
    for (int i = zsl->level; i < ZSL_MAXLEVEL; i++)
        if (zslNodeForward(zsl->header, i) != NULL) return "unused header level";
    return NULL;
}

#define CHECK_LIST(zsl) do { \
    const char *why_ = checkList(zsl); \
    TEST_ASSERT_MSG(why_ == NULL, why_ ? why_ : ""); \
} while (0)

/* The list holds exactly the reference, and ranks agree both ways. */
static int sameAsRef(zskiplist *zsl) {
    if (zsl->length != nref) return 0;
    zskiplistNode *x = zsl->header->next;
    for (size_t i = 0; i < nref; i++, x = x->next) {
        if (x == NULL || !nodeIs(x, ref[i].score, ref[i].ele, ref[i].len)) return 0;
        if (zslGetRank(zsl, ref[i].score, ref[i].ele, ref[i].len) != i + 1) return 0;
        if (zslGetNodeRank(zsl, x) != i + 1) return 0;
        if (zslGetElementByRank(zsl, i + 1) != x) return 0;
    }
    if (x != NULL) return 0;
    if (zslGetElementByRank(zsl, 0) != NULL) return 0;
    if (zslGetElementByRank(zsl, nref + 1) != NULL) return 0;
    return 1;
}

/* Fill the list and the reference with n random distinct members. */
static zskiplist *randomList(size_t n, int same_score) {
    zskiplist *zsl = zslCreate();
    nref = 0;
    while (nref < n) {
        char ele[ELE_MAX];
        size_t len = randomEle(ele);
        if (rnd() % 2) len += (size_t)snprintf(ele + len, ELE_MAX - len, "%u",
                                               (unsigned)(rnd() % 100000));
        if (refFindEle(ele, len) >= 0) continue;
        double score = same_score ? 0 : randomScore();
        zslInsert(zsl, score, ele, len);
        refInsert(score, ele, len);
    }
    return zsl;
}

/* ------------------------------------------------------------------------
 * Layout and basics
 * --------------------------------------------------------------------- */

static void test_empty(void) {
    zskiplist *zsl = zslCreate();
    TEST_ASSERT(zsl->length == 0 && zsl->level == 1 && zsl->tail == NULL);
    CHECK_LIST(zsl);
    TEST_ASSERT(zslGetElementByRank(zsl, 1) == NULL);
    TEST_ASSERT(zslGetRank(zsl, 0, "a", 1) == 0);
    TEST_ASSERT(zslDelete(zsl, 0, "a", 1, NULL) == 0);
    zrangespec all = {-INFINITY, INFINITY, 0, 0};
    TEST_ASSERT(!zslIsInRange(zsl, &all));
    TEST_ASSERT(zslFirstInRange(zsl, &all) == NULL && zslLastInRange(zsl, &all) == NULL);
    zlexrangespec lex;
    TEST_ASSERT(zslParseLexRange("-", 1, "+", 1, &lex));
    TEST_ASSERT(!zslIsInLexRange(zsl, &lex) && zslFirstInLexRange(zsl, &lex) == NULL);
    TEST_ASSERT(zslDeleteRangeByScore(zsl, &all, NULL, NULL) == 0);
    TEST_ASSERT(zslDeleteRangeByLex(zsl, &lex, NULL, NULL) == 0);
    TEST_ASSERT(zslDeleteRangeByRank(zsl, 1, 10, NULL, NULL) == 0);
    zslFreeLexRange(&lex);
    CHECK_LIST(zsl);
    zslFree(zsl);
}

static void test_node_layout(void) {
    zskiplist *zsl = zslCreate();
    size_t lens[] = {0, 1, 10, 13, 14, 21, 31, 32, 255, 256, 65535, 65536, 70000};
    char *buf = zmalloc(70000);
    for (size_t i = 0; i < 70000; i++) buf[i] = (char)('a' + i % 26);
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        buf[0] = (char)('A' + i); /* distinct members */
        zskiplistNode *n = zslInsert(zsl, (double)i, buf, lens[i]);
        sds e = zslNodeElement(n);
        TEST_ASSERT(sdslen(e) == lens[i] && sdsavail(e) == 0);
        TEST_ASSERT(memcmp(e, buf, lens[i]) == 0 && e[lens[i]] == '\0');
        TEST_ASSERT(zslNodeScore(n) == (double)i);
        TEST_ASSERT(((uintptr_t)n & 7) == 0);
        /* The node is one allocation that holds the whole member. */
        TEST_ASSERT(zslNodeAllocSize(n) >= 25 + lens[i] + 2);
    }
    CHECK_LIST(zsl);
    zskiplistNode *n = zsl->header->next;
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++, n = zslNodeNext(n))
        TEST_ASSERT(sdslen(zslNodeElement(n)) == lens[i]);
    TEST_ASSERT(n == NULL);
    TEST_ASSERT(zslNodePrev(zsl->header->next) == NULL);
    TEST_ASSERT(zslNodePrev(zsl->tail) != NULL);
    zfree(buf);
    zslFree(zsl);

    /* Allocation sizes of 10-byte members by level: the fixed part, the
     * member, and 12 bytes per extra level, rounded up to 8. */
    zsl = zslCreate();
    int seen[ZSL_MAXLEVEL + 1] = {0};
    for (int i = 0; i < 20000; i++) {
        char m[16];
        snprintf(m, sizeof(m), "m:%08d", i);
        zskiplistNode *x = zslInsert(zsl, i, m, 10);
        int l = zslNodeLevel(x);
        size_t need = 25 + 12 + (((size_t)(l - 1) * 12 + 7) & ~(size_t)7);
        TEST_ASSERT(zslNodeAllocSize(x) == usable(need));
        seen[l]++;
    }
    /* The level distribution is about 3/4, 3/16, 3/64. */
    TEST_ASSERT(seen[1] > 14000 && seen[1] < 16000);
    TEST_ASSERT(seen[2] > 3250 && seen[2] < 4250);
    TEST_ASSERT(seen[3] > 700 && seen[3] < 1200);
    CHECK_LIST(zsl);
    zslFree(zsl);
}

static void test_binary_order(void) {
    /* Expected order at equal score: memcmp, then the shorter first. */
    struct { const char *s; size_t len; } order[] = {
        {"", 0}, {"\0", 1}, {"\0\0", 2}, {"\0a", 2}, {"a", 1}, {"a\0", 2},
        {"a\0b", 3}, {"ab", 2}, {"b", 1}, {"\xff", 1}, {"\xff\0", 2},
    };
    size_t n = sizeof(order) / sizeof(order[0]);
    zskiplist *zsl = zslCreate();
    for (size_t k = 0; k < n; k++) {
        size_t i = (k * 7) % n; /* scrambled insertion order */
        zslInsert(zsl, 1.0, order[i].s, order[i].len);
    }
    zslInsert(zsl, 0.5, "zzz", 3); /* lower score goes first whatever the bytes */
    CHECK_LIST(zsl);
    zskiplistNode *x = zsl->header->next;
    TEST_ASSERT(nodeIs(x, 0.5, "zzz", 3));
    x = x->next;
    for (size_t i = 0; i < n; i++, x = x->next) {
        TEST_ASSERT(x && nodeIs(x, 1.0, order[i].s, order[i].len));
        TEST_ASSERT(zslGetRank(zsl, 1.0, order[i].s, order[i].len) == i + 2);
    }
    /* Same bytes, other score: not found. */
    TEST_ASSERT(zslGetRank(zsl, 2.0, "a", 1) == 0);
    TEST_ASSERT(zslDelete(zsl, 2.0, "a", 1, NULL) == 0);
    TEST_ASSERT(zslGetRank(zsl, 1.0, "a\0c", 3) == 0);
    zskiplistNode *out = NULL;
    TEST_ASSERT(zslDelete(zsl, 1.0, "a\0", 2, &out) == 1);
    TEST_ASSERT(out && nodeIs(out, 1.0, "a\0", 2));
    zslFreeNode(out);
    TEST_ASSERT(zslGetRank(zsl, 1.0, "a\0b", 3) == 7);
    CHECK_LIST(zsl);
    zslFree(zsl);
}

/* ------------------------------------------------------------------------
 * Random operations against the reference
 * --------------------------------------------------------------------- */

static void test_random_ops(void) {
    for (int round = 0; round < 6; round++) {
        zskiplist *zsl = zslCreate();
        nref = 0;
        size_t cap = round % 2 ? 300 : 2500;
        for (int batch = 0; batch < 25; batch++) {
            for (int op = 0; op < 200; op++) {
                char ele[ELE_MAX];
                size_t len = randomEle(ele);
                len += (size_t)snprintf(ele + len, ELE_MAX - len, "%u", (unsigned)(rnd() % 3000));
                long at = refFindEle(ele, len);
                int kind = (int)(rnd() % 10);

                if (at < 0 && kind < 5 && nref < cap) { /* insert */
                    double score = randomScore();
                    zskiplistNode *n = zslInsert(zsl, score, ele, len);
                    TEST_ASSERT(nodeIs(n, score, ele, len));
                    refInsert(score, ele, len);
                } else if (at >= 0 && kind < 7) { /* delete by value */
                    double score = ref[at].score;
                    if (score + 1 != score) /* right member, wrong score */
                        TEST_ASSERT(zslDelete(zsl, score + 1, ele, len, NULL) == 0);
                    TEST_ASSERT(zslDelete(zsl, score, ele, len, NULL) == 1);
                    refRemoveAt((size_t)at);
                } else if (at >= 0 && kind < 9) { /* new score */
                    zskiplistNode *n = zslGetElementByRank(zsl, (unsigned long)at + 1);
                    TEST_ASSERT(n && nodeIs(n, ref[at].score, ele, len));
                    int level = zslNodeLevel(n);
                    double score = (rnd() % 2) ? randomScore() : ref[at].score + 0.25;
                    zskiplistNode *m = zslUpdateScore(zsl, n, score);
                    TEST_ASSERT(m == n && zslNodeLevel(m) == level);
                    TEST_ASSERT(nodeIs(m, score, ele, len));
                    refRemoveAt((size_t)at);
                    refInsert(score, ele, len);
                } else if (nref > 0) { /* delete a node by pointer */
                    size_t pos = rnd() % nref;
                    zskiplistNode *n = zslGetElementByRank(zsl, pos + 1);
                    zslDeleteNode(zsl, n);
                    TEST_ASSERT(nodeIs(n, ref[pos].score, ref[pos].ele, ref[pos].len));
                    zslFreeNode(n);
                    refRemoveAt(pos);
                }
                /* Absent members have no rank. */
                if (refFindEle(ele, len) < 0)
                    TEST_ASSERT(zslGetRank(zsl, randomScore(), ele, len) == 0);
            }
            CHECK_LIST(zsl);
            TEST_ASSERT(sameAsRef(zsl));
        }
        zslFree(zsl);
    }
}

/* Moving scores across the whole list and back keeps the node. */
static void test_update_score(void) {
    zskiplist *zsl = randomList(500, 0);
    for (int i = 0; i < 3000; i++) {
        size_t pos = rnd() % nref;
        zskiplistNode *n = zslGetElementByRank(zsl, pos + 1);
        double score;
        switch (rnd() % 4) {
        case 0: score = n->score; break;                   /* unchanged */
        case 1: score = -INFINITY; break;
        case 2: score = INFINITY; break;
        default: score = randomScore(); break;
        }
        /* Stays in place when it still sorts between its neighbours. */
        zskiplistNode *prev = n->backward, *next = n->next;
        char ele[ELE_MAX];
        size_t len = ref[pos].len;
        memcpy(ele, ref[pos].ele, len);
        int fits = (prev == NULL || refCmp(prev->score, zslNodeElement(prev),
                                           sdslen(zslNodeElement(prev)), score, ele, len) < 0) &&
                   (next == NULL || refCmp(next->score, zslNodeElement(next),
                                           sdslen(zslNodeElement(next)), score, ele, len) > 0);
        TEST_ASSERT(zslUpdateScore(zsl, n, score) == n);
        if (fits) TEST_ASSERT(n->backward == prev && n->next == next);
        refRemoveAt(pos);
        refInsert(score, ele, len);
        if (i % 300 == 0) {
            CHECK_LIST(zsl);
            TEST_ASSERT(sameAsRef(zsl));
        }
    }
    CHECK_LIST(zsl);
    TEST_ASSERT(sameAsRef(zsl));
    zslFree(zsl);
}

static void test_rank_from_node(void) {
    zskiplist *zsl = randomList(1500, 0);
    static zskiplistNode *byrank[REF_MAX + 1];
    unsigned long r = 0;
    for (zskiplistNode *x = zsl->header->next; x; x = x->next) byrank[++r] = x;
    for (int i = 0; i < 5000; i++) {
        unsigned long start = rnd() % (nref + 1); /* 0: the header */
        zskiplistNode *s = start ? byrank[start] : zsl->header;
        int lvl = (int)(rnd() % (unsigned long)(start ? zslNodeLevel(s) : zsl->level));
        unsigned long k = rnd() % (nref - start + 2);
        zskiplistNode *expect = start + k <= nref ? (start + k ? byrank[start + k] : s) : NULL;
        TEST_ASSERT(zslGetElementByRankFromNode(s, lvl, k) == expect);
    }
    zslFree(zsl);
}

/* ------------------------------------------------------------------------
 * Score ranges
 * --------------------------------------------------------------------- */

static zrangespec randomRange(void) {
    zrangespec r;
    r.min = randomScore();
    r.max = rnd() % 4 ? randomScore() : r.min;
    if (r.min > r.max && rnd() % 2) {
        double t = r.min; r.min = r.max; r.max = t;
    }
    r.minex = (int)(rnd() % 2);
    r.maxex = (int)(rnd() % 2);
    return r;
}

static int refInRange(double v, const zrangespec *r) {
    return (r->minex ? v > r->min : v >= r->min) && (r->maxex ? v < r->max : v <= r->max);
}

static void test_score_ranges(void) {
    for (int round = 0; round < 20; round++) {
        zskiplist *zsl = randomList(round == 0 ? 1 : 50 + rnd() % 800, 0);
        for (int q = 0; q < 500; q++) {
            zrangespec r = randomRange();
            long first = -1, last = -1;
            for (size_t i = 0; i < nref; i++) {
                if (refInRange(ref[i].score, &r)) {
                    if (first < 0) first = (long)i;
                    last = (long)i;
                }
            }
            zskiplistNode *f = zslFirstInRange(zsl, &r), *l = zslLastInRange(zsl, &r);
            if (first < 0) {
                TEST_ASSERT(f == NULL && l == NULL);
            } else {
                TEST_ASSERT(zslIsInRange(zsl, &r));
                TEST_ASSERT(f && nodeIs(f, ref[first].score, ref[first].ele, ref[first].len));
                TEST_ASSERT(l && nodeIs(l, ref[last].score, ref[last].ele, ref[last].len));
            }
            int empty = r.min > r.max || (r.min == r.max && (r.minex || r.maxex));
            if (empty) TEST_ASSERT(!zslIsInRange(zsl, &r));
            TEST_ASSERT(zslValueGteMin(r.min, &r) == !r.minex);
            TEST_ASSERT(zslValueLteMax(r.max, &r) == !r.maxex);
        }
        zslFree(zsl);
    }

    /* Infinite bounds include infinite scores unless exclusive. */
    zskiplist *zsl = zslCreate();
    zslInsert(zsl, -INFINITY, "lo", 2);
    zslInsert(zsl, 0, "mid", 3);
    zslInsert(zsl, INFINITY, "hi", 2);
    zrangespec all = {-INFINITY, INFINITY, 0, 0}, open = {-INFINITY, INFINITY, 1, 1};
    TEST_ASSERT(nodeIs(zslFirstInRange(zsl, &all), -INFINITY, "lo", 2));
    TEST_ASSERT(nodeIs(zslLastInRange(zsl, &all), INFINITY, "hi", 2));
    TEST_ASSERT(nodeIs(zslFirstInRange(zsl, &open), 0, "mid", 3));
    TEST_ASSERT(nodeIs(zslLastInRange(zsl, &open), 0, "mid", 3));
    zrangespec gap = {0, 0, 1, 0};
    TEST_ASSERT(!zslIsInRange(zsl, &gap) && zslFirstInRange(zsl, &gap) == NULL);
    zrangespec between = {0.25, 0.75, 0, 0}; /* overlaps, but holds nothing */
    TEST_ASSERT(zslIsInRange(zsl, &between));
    TEST_ASSERT(zslFirstInRange(zsl, &between) == NULL && zslLastInRange(zsl, &between) == NULL);
    zslFree(zsl);
}

/* ------------------------------------------------------------------------
 * Lex ranges
 * --------------------------------------------------------------------- */

typedef struct lexBound {
    int kind;          /* -1: "-", 1: "+", 0: a string */
    int ex;
    char s[ELE_MAX];
    size_t len;
} lexBound;

/* Build a bound as text, e.g. "(ab", and its expected meaning. */
static size_t randomLexItem(char *text, lexBound *b) {
    int k = (int)(rnd() % 6);
    if (k == 0) { b->kind = -1; b->ex = 1; text[0] = '-'; return 1; }
    if (k == 1) { b->kind = 1; b->ex = 1; text[0] = '+'; return 1; }
    b->kind = 0;
    b->ex = k % 2;
    text[0] = b->ex ? '(' : '[';
    if (nref && rnd() % 2) { /* often exactly a member */
        size_t i = rnd() % nref;
        b->len = ref[i].len;
        memcpy(b->s, ref[i].ele, b->len);
    } else {
        b->len = randomEle(b->s);
    }
    memcpy(text + 1, b->s, b->len);
    return 1 + b->len;
}

static int refLexGteMin(const char *e, size_t len, const lexBound *b) {
    if (b->kind) return b->kind < 0;
    int c = bytesCmp(e, len, b->s, b->len);
    return b->ex ? c > 0 : c >= 0;
}

static int refLexLteMax(const char *e, size_t len, const lexBound *b) {
    if (b->kind) return b->kind > 0;
    int c = bytesCmp(e, len, b->s, b->len);
    return b->ex ? c < 0 : c <= 0;
}

static void test_lex_parse(void) {
    zlexrangespec r;
    TEST_ASSERT(zslParseLexRange("[a", 2, "(b\0c", 4, &r));
    TEST_ASSERT(!r.minex && r.maxex);
    TEST_ASSERT(sdslen(r.min) == 1 && r.min[0] == 'a');
    TEST_ASSERT(sdslen(r.max) == 3 && memcmp(r.max, "b\0c", 3) == 0);
    zslFreeLexRange(&r);
    TEST_ASSERT(zslParseLexRange("-", 1, "+", 1, &r));
    TEST_ASSERT(r.min == zslLexMinusInf && r.max == zslLexPlusInf && r.minex && r.maxex);
    zslFreeLexRange(&r);
    TEST_ASSERT(zslParseLexRange("[", 1, "(", 1, &r)); /* empty strings */
    TEST_ASSERT(sdslen(r.min) == 0 && sdslen(r.max) == 0);
    zslFreeLexRange(&r);

    const char *bad[] = {"", "a", "+a", "-a", "++", "--", "]a", "{a"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        TEST_ASSERT(!zslParseLexRange(bad[i], strlen(bad[i]), "+", 1, &r));
        TEST_ASSERT(!zslParseLexRange("[a", 2, bad[i], strlen(bad[i]), &r)); /* no leak */
    }
}

static void test_lex_ranges(void) {
    for (int round = 0; round < 20; round++) {
        zskiplist *zsl = randomList(round == 0 ? 1 : 20 + rnd() % 600, 1);
        for (int q = 0; q < 500; q++) {
            char tmin[ELE_MAX + 1], tmax[ELE_MAX + 1];
            lexBound bmin, bmax;
            size_t lmin = randomLexItem(tmin, &bmin), lmax = randomLexItem(tmax, &bmax);
            zlexrangespec r;
            TEST_ASSERT(zslParseLexRange(tmin, lmin, tmax, lmax, &r));
            long first = -1, last = -1;
            for (size_t i = 0; i < nref; i++) {
                if (refLexGteMin(ref[i].ele, ref[i].len, &bmin) &&
                    refLexLteMax(ref[i].ele, ref[i].len, &bmax)) {
                    if (first < 0) first = (long)i;
                    last = (long)i;
                }
            }
            zskiplistNode *f = zslFirstInLexRange(zsl, &r), *l = zslLastInLexRange(zsl, &r);
            if (first < 0) {
                TEST_ASSERT(f == NULL && l == NULL);
            } else {
                TEST_ASSERT(zslIsInLexRange(zsl, &r));
                TEST_ASSERT(f && nodeIs(f, 0, ref[first].ele, ref[first].len));
                TEST_ASSERT(l && nodeIs(l, 0, ref[last].ele, ref[last].len));
            }
            for (size_t i = 0; i < nref && i < 50; i++) {
                zskiplistNode *n = zslGetElementByRank(zsl, i + 1);
                TEST_ASSERT(zslLexValueGteMin(zslNodeElement(n), &r) ==
                            refLexGteMin(ref[i].ele, ref[i].len, &bmin));
                TEST_ASSERT(zslLexValueLteMax(zslNodeElement(n), &r) ==
                            refLexLteMax(ref[i].ele, ref[i].len, &bmax));
            }
            zslFreeLexRange(&r);
        }
        zslFree(zsl);
    }

    /* Sentinels on the wrong side make an empty range. */
    zskiplist *zsl = zslCreate();
    zslInsert(zsl, 0, "a", 1);
    zlexrangespec r;
    TEST_ASSERT(zslParseLexRange("+", 1, "-", 1, &r));
    TEST_ASSERT(!zslIsInLexRange(zsl, &r));
    zslFreeLexRange(&r);
    TEST_ASSERT(zslParseLexRange("[a", 2, "(a", 2, &r));
    TEST_ASSERT(!zslIsInLexRange(zsl, &r));
    zslFreeLexRange(&r);
    TEST_ASSERT(zslParseLexRange("[a", 2, "[a", 2, &r));
    TEST_ASSERT(nodeIs(zslFirstInLexRange(zsl, &r), 0, "a", 1));
    zslFreeLexRange(&r);
    /* An empty range between two members is not "in range" although it
     * lies between the first and the last. */
    zslInsert(zsl, 0, "c", 1);
    const char *empty[][2] = {{"(b", "[b"}, {"[b", "(b"}, {"(b", "(b"}, {"[c", "[a"}};
    for (int i = 0; i < 4; i++) {
        TEST_ASSERT(zslParseLexRange(empty[i][0], 2, empty[i][1], 2, &r));
        TEST_ASSERT(!zslIsInLexRange(zsl, &r));
        zslFreeLexRange(&r);
    }
    TEST_ASSERT(zslParseLexRange("[b", 2, "[b", 2, &r));
    TEST_ASSERT(zslIsInLexRange(zsl, &r) && zslFirstInLexRange(zsl, &r) == NULL);
    zslFreeLexRange(&r);
    zslFree(zsl);
}

/* ------------------------------------------------------------------------
 * Range deletion
 * --------------------------------------------------------------------- */

typedef struct removedLog {
    size_t n;
    refEntry e[REF_MAX];
} removedLog;

static removedLog removed_log;

static void logRemoved(void *privdata, zskiplistNode *node) {
    removedLog *log = privdata;
    sds e = zslNodeElement(node);
    log->e[log->n].score = node->score;
    log->e[log->n].len = sdslen(e);
    memcpy(log->e[log->n].ele, e, sdslen(e));
    log->n++;
}

/* The callback saw exactly ref[from..from+count) in order; drop them. */
static int checkRemoved(size_t from, size_t count, unsigned long returned) {
    if (returned != count || removed_log.n != count) return 0;
    for (size_t i = 0; i < count; i++) {
        const refEntry *a = &removed_log.e[i], *b = &ref[from + i];
        if (refCmp(a->score, a->ele, a->len, b->score, b->ele, b->len) != 0) return 0;
    }
    memmove(ref + from, ref + from + count, (nref - from - count) * sizeof(refEntry));
    nref -= count;
    return 1;
}

static void test_delete_ranges(void) {
    for (int round = 0; round < 30; round++) {
        int lex = round % 3 == 1;
        zskiplist *zsl = randomList(100 + rnd() % 900, lex);
        for (int q = 0; q < 15 && nref > 0; q++) {
            size_t from = 0, count = 0;
            unsigned long got;
            removed_log.n = 0;
            if (round % 3 == 0) {
                zrangespec r = randomRange();
                while (from < nref && !refInRange(ref[from].score, &r)) from++;
                while (from + count < nref && refInRange(ref[from + count].score, &r)) count++;
                got = zslDeleteRangeByScore(zsl, &r, logRemoved, &removed_log);
            } else if (lex) {
                char tmin[ELE_MAX + 1], tmax[ELE_MAX + 1];
                lexBound bmin, bmax;
                size_t lmin = randomLexItem(tmin, &bmin), lmax = randomLexItem(tmax, &bmax);
                zlexrangespec r;
                TEST_ASSERT(zslParseLexRange(tmin, lmin, tmax, lmax, &r));
                while (from < nref && !refLexGteMin(ref[from].ele, ref[from].len, &bmin)) from++;
                while (from + count < nref &&
                       refLexLteMax(ref[from + count].ele, ref[from + count].len, &bmax))
                    count++;
                got = zslDeleteRangeByLex(zsl, &r, logRemoved, &removed_log);
                zslFreeLexRange(&r);
            } else {
                unsigned long start = 1 + rnd() % (nref + 1);
                unsigned long end = start + rnd() % 50 - 5; /* sometimes end < start */
                if (rnd() % 10 == 0) end = nref + 10;
                if (start <= nref && end >= start) {
                    from = start - 1;
                    count = (end > nref ? nref : end) - start + 1;
                } else {
                    from = 0;
                }
                got = zslDeleteRangeByRank(zsl, start, end, logRemoved, &removed_log);
            }
            TEST_ASSERT(checkRemoved(from, count, got));
            CHECK_LIST(zsl);
            TEST_ASSERT(sameAsRef(zsl));
        }
        /* Rank 0 counts as 1. */
        if (nref >= 2) {
            removed_log.n = 0;
            TEST_ASSERT(checkRemoved(0, 2, zslDeleteRangeByRank(zsl, 0, 2, logRemoved,
                                                                &removed_log)));
        }
        /* Everything goes, with no callback. */
        TEST_ASSERT(zslDeleteRangeByRank(zsl, 1, nref, NULL, NULL) == nref);
        nref = 0;
        CHECK_LIST(zsl);
        TEST_ASSERT(zsl->length == 0 && zsl->level == 1);
        zslFree(zsl);
    }
}

/* ------------------------------------------------------------------------
 * Nodes as dict elements, and the memory they cost
 * --------------------------------------------------------------------- */

static uint64_t hashMember(const void *key) {
    return dictGenHashFunction(key, sdslen((sds)key));
}

static const void *memberOfNode(const void *elem) {
    return zslNodeElement(elem);
}

static int sameMember(const void *k1, const void *k2) {
    size_t l1 = sdslen((sds)k1);
    return l1 == sdslen((sds)k2) && memcmp(k1, k2, l1) == 0;
}

static dictType zsetDictType = {hashMember, memberOfNode, sameMember, NULL, NULL};

static void unlinkFromDict(void *privdata, zskiplistNode *node) {
    dict *d = privdata;
    void *e = dictUnlink(d, zslNodeElement(node));
    TEST_ASSERT(e == node);
}

static void test_as_dict_elements(void) {
    zskiplist *zsl = zslCreate();
    dict *d = dictCreate(&zsetDictType);
    for (int i = 0; i < 20000; i++) {
        char m[16];
        int len = snprintf(m, sizeof(m), "m%d", i);
        TEST_ASSERT(dictAdd(d, zslInsert(zsl, i % 100, m, (size_t)len)) == DICT_OK);
    }
    /* Look a member up by its bytes, read its score, change it. */
    sds key = sdsnew("m12345");
    zskiplistNode *n = dictFind(d, key);
    TEST_ASSERT(n && n->score == 45);
    TEST_ASSERT(zslUpdateScore(zsl, n, 1000) == n && dictFind(d, key) == n);
    TEST_ASSERT(zslGetRank(zsl, 1000, key, sdslen(key)) == 20000);
    sdsfree(key);

    /* Range deletion keeps the dict in step through the callback. */
    zrangespec r = {10, 19, 0, 0};
    TEST_ASSERT(zslDeleteRangeByScore(zsl, &r, unlinkFromDict, d) == 2000);
    TEST_ASSERT(dictSize(d) == 18000 && zsl->length == 18000);
    TEST_ASSERT(zslDeleteRangeByRank(zsl, 1, 1000, unlinkFromDict, d) == 1000);
    TEST_ASSERT(dictSize(d) == 17000);
    n = zsl->header->next;
    TEST_ASSERT(dictFind(d, zslNodeElement(n)) == n);
    CHECK_LIST(zsl);
    dictRelease(d); /* no destructor: the skiplist owns the nodes */
    zslFree(zsl);
}

/* The per-member cost of a sorted set (skiplist + dict) against what the
 * classic layout of Redis 7.0 spends for the same members, computed with the
 * allocator's real size classes: a 24-byte dict entry, an sds of
 * 1 + len + 1 bytes, a node of 24 + 16 bytes per level, 8 bytes per bucket. */
static void test_memory_per_member(void) {
    unsigned long n = 1000000;
    const char *env = getenv("ZSL_TEST_N");
    if (env) n = strtoul(env, NULL, 10);
    if (n < 1000) n = 1000;

    size_t before = zmalloc_used_memory();
    zskiplist *zsl = zslCreate();
    dict *d = dictCreate(&zsetDictType);
    size_t nodes_bytes = 0;
    double classic = 0, classic_nodes = 0;
    size_t entry = usable(24), sds10 = usable(1 + 10 + 1);
    for (unsigned long i = 0; i < n; i++) {
        char m[16];
        snprintf(m, sizeof(m), "m:%08lu", i % 100000000);
        zskiplistNode *x = zslInsert(zsl, (double)(rnd() % 1000000) / 7, m, 10);
        dictAdd(d, x);
        nodes_bytes += zslNodeAllocSize(x);
        size_t cn = usable(24 + 16 * (size_t)zslNodeLevel(x));
        classic_nodes += (double)cn;
        classic += (double)(entry + sds10 + cn);
    }
    size_t total = zmalloc_used_memory() - before;
    unsigned long buckets = 1;
    while (buckets < n) buckets <<= 1;
    classic += 8.0 * (double)buckets;

    double ours_member = (double)total / (double)n;
    double classic_member = classic / (double)n;
    printf("  sorted set of %lu 10-byte members: %.1f bytes/member "
           "(node %.1f, dict %.1f); classic layout %.1f (node %.1f + entry %zu + sds %zu "
           "+ buckets %.1f): ratio %.2f\n",
           n, ours_member, (double)nodes_bytes / (double)n,
           (double)(total - nodes_bytes) / (double)n, classic_member,
           classic_nodes / (double)n, entry, sds10, 8.0 * (double)buckets / (double)n,
           ours_member / classic_member);
    TEST_ASSERT(ours_member <= 0.9 * classic_member);
    /* The node alone costs less than the classic node, which has no member. */
    TEST_ASSERT((double)nodes_bytes <= classic_nodes);

    dictRelease(d);
    zslFree(zsl);
    TEST_ASSERT(zmalloc_used_memory() == before);
}

int main(void) {
    RUN_TEST(test_empty);
    RUN_TEST(test_node_layout);
    RUN_TEST(test_binary_order);
    RUN_TEST(test_random_ops);
    RUN_TEST(test_update_score);
    RUN_TEST(test_rank_from_node);
    RUN_TEST(test_score_ranges);
    RUN_TEST(test_lex_parse);
    RUN_TEST(test_lex_ranges);
    RUN_TEST(test_delete_ranges);
    RUN_TEST(test_as_dict_elements);
    RUN_TEST(test_memory_per_member);
    return TEST_REPORT();
}
