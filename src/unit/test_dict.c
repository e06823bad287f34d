/* test_dict.c - unit tests for the element hash table (dict.c).
 *
 * Environment:
 *   DICT_TEST_N=n   size of the large tests (default 1000000; use a few
 *                   thousands under valgrind)
 *   DICT_BENCH=1    also print timings of add/find and the table overhead */
#include "dict.h"
#include "zmalloc.h"
#include "unit/test_help.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------
 * Test helpers
 * --------------------------------------------------------------------- */

static unsigned long test_n = 1000000;

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t mix64(uint64_t x) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dULL;
    x ^= x >> 33;
    return x;
}

/* String elements: the key lives inside the element. */
typedef struct strElem {
    long val;
    char key[];
} strElem;

static long destroyed = 0;

static strElem *newStr(const char *key, long val) {
    size_t len = strlen(key);
    strElem *e = zmalloc(sizeof(strElem) + len + 1);
    e->val = val;
    memcpy(e->key, key, len + 1);
    return e;
}

static strElem *newStrNum(long i, long val) {
    char buf[32];
    snprintf(buf, sizeof(buf), "key:%ld", i);
    return newStr(buf, val);
}

static const void *strGetKey(const void *elem) { return ((const strElem *)elem)->key; }
static uint64_t strHash(const void *key) {
    return dictGenHashFunction(key, strlen((const char *)key));
}
static int strCompare(const void *a, const void *b) {
    return strcmp((const char *)a, (const char *)b) == 0;
}
static void strDestroy(void *elem) {
    destroyed++;
    zfree(elem);
}
static uint64_t constHash(const void *key) { return 42; }

static dictType strType = {strHash, strGetKey, strCompare, strDestroy, NULL};
/* Every key collides: one long chain. */
static dictType badType = {constHash, strGetKey, strCompare, strDestroy, NULL};

/* Integer-like elements: the element is an even integer, its own key. */
static uint64_t intHash(const void *key) { return mix64((uint64_t)(uintptr_t)key); }
static dictType intType = {intHash, NULL, NULL, NULL, NULL};
static void *I(unsigned long i) { return (void *)(uintptr_t)((i + 1) << 1); }
static unsigned long unI(const void *p) { return ((unsigned long)(uintptr_t)p >> 1) - 1; }

static void finishRehash(dict *d) {
    while (dictIsRehashing(d)) dictRehash(d, 1000);
}

/* Chain nodes in use, read back from the memory accounting. */
static unsigned long nodesOf(dict *d) {
    return (dictMemUsage(d) - sizeof(dict) - dictBuckets(d) * sizeof(void *)) / 16;
}

/* ------------------------------------------------------------------------
 * Tests
 * --------------------------------------------------------------------- */

static void test_basic(void) {
    destroyed = 0;
    dict *d = dictCreate(&strType);
    TEST_ASSERT(dictSize(d) == 0);
    TEST_ASSERT(dictFind(d, "nope") == NULL);
    TEST_ASSERT(dictDelete(d, "nope") == DICT_ERR);
    TEST_ASSERT(dictUnlink(d, "nope") == NULL);
    TEST_ASSERT(dictFindRef(d, "nope") == NULL);

    strElem *a = newStr("alpha", 1), *b = newStr("beta", 2);
    TEST_ASSERT(dictAdd(d, a) == DICT_OK);
    TEST_ASSERT(dictAdd(d, b) == DICT_OK);
    TEST_ASSERT(dictSize(d) == 2);
    TEST_ASSERT(dictFind(d, "alpha") == a);
    TEST_ASSERT(dictFind(d, "beta") == b);
    TEST_ASSERT(dictFind(d, "gamma") == NULL);

    /* Duplicate keys are refused, the existing element is reported. */
    strElem *a2 = newStr("alpha", 10);
    TEST_ASSERT(dictAdd(d, a2) == DICT_ERR);
    void *existing = NULL;
    TEST_ASSERT(dictAddOrFind(d, a2, &existing) == DICT_ERR);
    TEST_ASSERT(existing == a);

    /* Replacement in place through dictFindRef. */
    void **ref = dictFindRef(d, "alpha");
    TEST_ASSERT(ref != NULL && *ref == a);
    *ref = a2;
    zfree(a);
    TEST_ASSERT(dictFind(d, "alpha") == a2);
    TEST_ASSERT(((strElem *)dictFind(d, "alpha"))->val == 10);
    TEST_ASSERT(dictSize(d) == 2);

    /* Two-phase insert. */
    void *pos = dictFindPositionForInsert(d, "gamma", &existing);
    TEST_ASSERT(pos != NULL);
    strElem *c = newStr("gamma", 3);
    dictInsertAtPosition(d, c, pos);
    TEST_ASSERT(dictFind(d, "gamma") == c);
    existing = NULL;
    TEST_ASSERT(dictFindPositionForInsert(d, "gamma", &existing) == NULL);
    TEST_ASSERT(existing == c);

    /* Unlink does not destroy, delete does. */
    TEST_ASSERT(dictUnlink(d, "beta") == b);
    TEST_ASSERT(destroyed == 0);
    TEST_ASSERT(dictFind(d, "beta") == NULL);
    zfree(b);
    TEST_ASSERT(dictDelete(d, "gamma") == DICT_OK);
    TEST_ASSERT(destroyed == 1);
    TEST_ASSERT(dictDelete(d, "gamma") == DICT_ERR);
    TEST_ASSERT(dictSize(d) == 1);

    TEST_ASSERT(dictGetHash(d, "alpha") == strHash("alpha"));
    dictRelease(d);
    TEST_ASSERT(destroyed == 2);
}

static void test_hash_functions(void) {
    uint8_t seed[16];
    for (int i = 0; i < 16; i++) seed[i] = (uint8_t)(i * 7 + 1);
    dictSetHashFunctionSeed(seed);
    TEST_ASSERT(memcmp(dictGetHashFunctionSeed(), seed, 16) == 0);
    TEST_ASSERT(dictGenHashFunction("hello", 5) == dictGenHashFunction("hello", 5));
    TEST_ASSERT(dictGenHashFunction("hello", 5) != dictGenHashFunction("hellp", 5));
    TEST_ASSERT(dictGenCaseHashFunction((const unsigned char *)"HeLLo", 5) ==
                dictGenCaseHashFunction((const unsigned char *)"hello", 5));
}

/* Integer-like keys stored as the elements themselves. */
static void test_int_keys(void) {
    dict *d = dictCreate(&intType);
    const unsigned long n = 10000;
    for (unsigned long i = 0; i < n; i++) TEST_ASSERT(dictAdd(d, I(i)) == DICT_OK);
    TEST_ASSERT(dictAdd(d, I(5)) == DICT_ERR);
    TEST_ASSERT(dictSize(d) == n);
    int ok = 1;
    for (unsigned long i = 0; i < n; i++) ok &= dictFind(d, I(i)) == I(i);
    TEST_ASSERT(ok);
    TEST_ASSERT(dictFind(d, I(n)) == NULL);
    for (unsigned long i = 0; i < n; i += 2) TEST_ASSERT(dictDelete(d, I(i)) == DICT_OK);
    ok = 1;
    for (unsigned long i = 0; i < n; i++) ok &= (dictFind(d, I(i)) != NULL) == (i % 2 == 1);
    TEST_ASSERT(ok);
    TEST_ASSERT(dictSize(d) == n / 2);
    dictRelease(d);
}

/* All keys collide: every chain shape and every deletion position. */
static int next_perm(int *a, int n) {
    int i = n - 2;
    while (i >= 0 && a[i] >= a[i + 1]) i--;
    if (i < 0) return 0;
    int j = n - 1;
    while (a[j] <= a[i]) j--;
    int t = a[i]; a[i] = a[j]; a[j] = t;
    for (int l = i + 1, r = n - 1; l < r; l++, r--) { t = a[l]; a[l] = a[r]; a[r] = t; }
    return 1;
}

static void test_chains_all_collide(void) {
    char key[16];
    long cases = 0;
    int bad = 0;
    destroyed = 0;
    for (int n = 1; n <= 6; n++) {
        int order[6];
        for (int i = 0; i < n; i++) order[i] = i;
        do {
            dict *d = dictCreate(&badType);
            strElem *els[6];
            for (int i = 0; i < n; i++) {
                snprintf(key, sizeof(key), "k%d", i);
                els[i] = newStr(key, i);
                if (dictAdd(d, els[i]) != DICT_OK) bad = 1;
            }
            finishRehash(d);
            if (nodesOf(d) != (unsigned long)(n - 1)) bad = 1;
            int gone[6] = {0};
            for (int k = 0; k < n; k++) {
                int victim = order[k];
                snprintf(key, sizeof(key), "k%d", victim);
                /* Alternate unlink and delete. */
                if (k & 1) {
                    if (dictUnlink(d, key) != els[victim]) bad = 1;
                    zfree(els[victim]);
                } else {
                    if (dictDelete(d, key) != DICT_OK) bad = 1;
                }
                gone[victim] = 1;
                if (dictFind(d, key) != NULL) bad = 1;
                if (dictDelete(d, key) != DICT_ERR) bad = 1;
                for (int i = 0; i < n; i++) {
                    snprintf(key, sizeof(key), "k%d", i);
                    void *f = dictFind(d, key);
                    if (gone[i] ? f != NULL : f != els[i]) bad = 1;
                }
                unsigned long left = (unsigned long)(n - k - 1);
                if (dictSize(d) != left) bad = 1;
                if (nodesOf(d) != (left ? left - 1 : 0)) bad = 1;
                /* Iterating the chain returns exactly the survivors. */
                dictIterator it;
                dictInitIterator(&it, d);
                unsigned long cnt = 0;
                strElem *e;
                while ((e = dictNext(&it)) != NULL) {
                    if (gone[e->val]) bad = 1;
                    cnt++;
                }
                dictResetIterator(&it);
                if (cnt != left) bad = 1;
            }
            dictRelease(d);
            cases++;
        } while (next_perm(order, n));
    }
    TEST_ASSERT_MSG(!bad, "chain deletion case failed");
    TEST_ASSERT(cases == 1 + 2 + 6 + 24 + 120 + 720);

    /* Replacement through FindRef at every chain position (node fields and
     * the plain tail), then growth with everything in one chain. */
    dict *d = dictCreate(&badType);
    const int m = 300;
    for (int i = 0; i < m; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        TEST_ASSERT(dictAdd(d, newStr(key, i)) == DICT_OK);
    }
    for (int i = 0; i < m; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        void **ref = dictFindRef(d, key);
        if (ref == NULL) { bad = 1; continue; }
        strElem *old = *ref;
        *ref = newStr(key, i + 1000);
        zfree(old);
    }
    finishRehash(d);
    TEST_ASSERT(nodesOf(d) == (unsigned long)m - 1);
    for (int i = 0; i < m; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        strElem *e = dictFind(d, key);
        if (e == NULL || e->val != i + 1000) bad = 1;
    }
    TEST_ASSERT_MSG(!bad, "replacement in chain failed");
    /* Shrink with a long chain, then delete everything from the middle out. */
    for (int i = 0; i < m; i += 2) {
        snprintf(key, sizeof(key), "k%d", i);
        TEST_ASSERT(dictDelete(d, key) == DICT_OK);
    }
    TEST_ASSERT(dictResize(d) == DICT_OK || dictBuckets(d) <= 256);
    finishRehash(d);
    TEST_ASSERT(nodesOf(d) == (unsigned long)m / 2 - 1);
    for (int i = 1; i < m; i += 2) {
        snprintf(key, sizeof(key), "k%d", i);
        TEST_ASSERT(dictDelete(d, key) == DICT_OK);
    }
    TEST_ASSERT(dictSize(d) == 0 && nodesOf(d) == 0);
    dictRelease(d);
}

/* A large table of integer elements: growth, lookups and deletes while
 * rehashing, then shrinking while rehashing. */
static void test_large(void) {
    unsigned long n = test_n;
    dict *d = dictCreate(&intType);
    int bad = 0;
    unsigned long saw_rehash = 0;
    for (unsigned long i = 0; i < n; i++) {
        if (dictAdd(d, I(i)) != DICT_OK) bad = 1;
        if (dictIsRehashing(d)) saw_rehash++;
        /* Look up an older element and a missing one now and then. */
        if ((i & 7) == 0) {
            unsigned long j = rnd() % (i + 1);
            if (dictFind(d, I(j)) != I(j)) bad = 1;
            if (dictFind(d, I(n + i)) != NULL) bad = 1;
        }
    }
    TEST_ASSERT(!bad);
    TEST_ASSERT(saw_rehash > 0);
    TEST_ASSERT(dictSize(d) == n);
    TEST_ASSERT(dictBuckets(d) >= n || dictIsRehashing(d));
    for (unsigned long i = 0; i < n; i++)
        if (dictFind(d, I(i)) != I(i)) bad = 1;
    TEST_ASSERT_MSG(!bad, "lookup after growth");

    /* Delete 15/16 of the elements, shrinking as soon as allowed: deletes
     * then happen while the shrink rehash is in progress. */
    unsigned long shrinks = 0, deletes_while_rehashing = 0;
    for (unsigned long i = 0; i < n; i++) {
        if ((i & 15) == 0) continue;
        if (dictIsRehashing(d)) deletes_while_rehashing++;
        if (dictDelete(d, I(i)) != DICT_OK) bad = 1;
        if ((i & 1023) == 1 && dictShrinkIfNeeded(d) == DICT_OK) shrinks++;
    }
    TEST_ASSERT(!bad);
    if (n >= 100000) {
        TEST_ASSERT(shrinks > 0);
        TEST_ASSERT(deletes_while_rehashing > 0);
    }
    for (unsigned long i = 0; i < n; i++) {
        void *f = dictFind(d, I(i));
        if ((i & 15) == 0 ? f != I(i) : f != NULL) bad = 1;
    }
    TEST_ASSERT_MSG(!bad, "lookup after shrink");
    finishRehash(d);
    while (dictShrinkIfNeeded(d) == DICT_OK) finishRehash(d);
    TEST_ASSERT(dictSize(d) == (n + 15) / 16);
    TEST_ASSERT(dictBuckets(d) * 1 >= dictSize(d) / 5);
    TEST_ASSERT(dictBuckets(d) < dictSize(d) * 8 + 8);
    dictRelease(d);
}

/* ------------------------------------------------------------------------
 * Scan
 * --------------------------------------------------------------------- */

typedef struct scanState {
    unsigned char *seen;
    unsigned long limit;  /* elements below this index are the originals */
    unsigned long calls;
} scanState;

static void scanCollect(void *privdata, void *elem) {
    scanState *s = privdata;
    unsigned long i = unI(elem);
    if (i < s->limit) s->seen[i] = 1;
    s->calls++;
}

/* Between scan calls: grow, shrink, rehash a little, add and remove extra
 * elements, all at random. The originals must all be reported. */
static void scanRound(unsigned long originals, int mode) {
    dict *d = dictCreate(&intType);
    for (unsigned long i = 0; i < originals; i++) dictAdd(d, I(i));
    scanState s = {zcalloc(originals), originals, 0};
    unsigned long extra_next = originals, extra_lo = originals;
    unsigned long cursor = 0, steps = 0, rehashing_calls = 0;
    do {
        if (dictIsRehashing(d)) rehashing_calls++;
        cursor = dictScan(d, cursor, scanCollect, &s);
        steps++;
        if (mode == 1) {
            /* Flip-flop: a different, fully rehashed size at every call. */
            if (steps & 1) dictExpand(d, dictSize(d) * (4UL << (rnd() % 3)));
            else if (dictShrinkIfNeeded(d) != DICT_OK) dictResize(d);
            finishRehash(d);
            continue;
        }
        switch ((int)(rnd() % 8)) {
        case 0:   /* grow, possibly a lot */
            if (!dictIsRehashing(d))
                dictExpand(d, dictSize(d) * (2UL << (rnd() % 4)));
            break;
        case 1:   /* shrink */
            if (!dictIsRehashing(d) && dictShrinkIfNeeded(d) != DICT_OK) dictResize(d);
            break;
        case 2:
            dictRehash(d, (int)(rnd() % 50) + 1);
            break;
        case 3:   /* extras in */
            for (int k = 0; k < 50; k++) dictAdd(d, I(extra_next++));
            break;
        case 4:   /* extras out */
            for (int k = 0; k < 50 && extra_lo < extra_next; k++) dictDelete(d, I(extra_lo++));
            break;
        case 5:
            dictFind(d, I(rnd() % originals));
            break;
        default:
            break;
        }
    } while (cursor != 0 && steps < 10000000);
    TEST_ASSERT(cursor == 0);
    /* The random schedule must have scanned mid-rehash for this to test
     * anything. */
    if (mode == 0 && originals >= 1000) TEST_ASSERT(rehashing_calls > 0);
    unsigned long missing = 0;
    for (unsigned long i = 0; i < originals; i++) missing += !s.seen[i];
    TEST_ASSERT_MSG(missing == 0, "scan missed elements");
    zfree(s.seen);
    dictRelease(d);
}

static void test_scan_guarantee(void) {
    unsigned long sizes[] = {1, 3, 100, 1000, 5000};
    for (int r = 0; r < 5; r++)
        for (unsigned int k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
            scanRound(sizes[k], 0);
    scanRound(3000, 1);

    /* A plain scan of a static table reports every element exactly once. */
    dict *d = dictCreate(&intType);
    const unsigned long n = 20000;
    for (unsigned long i = 0; i < n; i++) dictAdd(d, I(i));
    finishRehash(d);
    scanState s = {zcalloc(n), n, 0};
    unsigned long cursor = 0;
    do cursor = dictScan(d, cursor, scanCollect, &s); while (cursor);
    unsigned long missing = 0;
    for (unsigned long i = 0; i < n; i++) missing += !s.seen[i];
    TEST_ASSERT(missing == 0);
    TEST_ASSERT(s.calls == n);
    zfree(s.seen);

    /* Empty dict: cursor 0 immediately. */
    dict *e = dictCreate(&intType);
    TEST_ASSERT(dictScan(e, 0, scanCollect, &s) == 0);
    dictRelease(e);
    dictRelease(d);
}

typedef struct scanDel {
    dict *d;
    unsigned long deleted;
} scanDel;

static void scanDeleter(void *privdata, void *elem) {
    scanDel *s = privdata;
    if (unI(elem) % 3 == 0) {
        dictDelete(s->d, elem);
        s->deleted++;
    }
}

static void scanDeleterStr(void *privdata, void *elem) {
    scanDel *s = privdata;
    strElem *e = elem;
    if (e->val % 3 == 0) {
        if (dictDelete(s->d, e->key) == DICT_OK) s->deleted++;
    }
}

/* The scan callback may delete the element it is given (active expiry). */
static void test_scan_delete(void) {
    dict *d = dictCreate(&badType);   /* long chain: worst case */
    dict *di = dictCreate(&intType);
    char key[32];
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        dictAdd(d, newStr(key, i));
    }
    for (unsigned long i = 0; i < 30000; i++) dictAdd(di, I(i));
    dictExpand(di, 1 << 17);   /* may or may not be rehashing already */
    scanDel s = {di, 0};
    unsigned long cursor = 0;
    do cursor = dictScan(di, cursor, scanDeleter, &s); while (cursor);
    TEST_ASSERT(s.deleted == 10000);
    TEST_ASSERT(dictSize(di) == 20000);
    int bad = 0;
    for (unsigned long i = 0; i < 30000; i++)
        if ((dictFind(di, I(i)) != NULL) != (i % 3 != 0)) bad = 1;
    TEST_ASSERT(!bad);
    dictRelease(di);

    /* The same in one long chain: head, middle and tail deletions. */
    finishRehash(d);
    scanDel sd = {d, 0};
    cursor = 0;
    do cursor = dictScan(d, cursor, scanDeleterStr, &sd); while (cursor);
    TEST_ASSERT(sd.deleted == 67);
    TEST_ASSERT(dictSize(d) == 133);
    TEST_ASSERT(nodesOf(d) == 132);
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        if ((dictFind(d, key) != NULL) != (i % 3 != 0)) bad = 1;
    }
    TEST_ASSERT(!bad);
    dictRelease(d);
}

/* ------------------------------------------------------------------------
 * Iterators
 * --------------------------------------------------------------------- */

static void test_iterators(void) {
    dict *d = dictCreate(&intType);
    const unsigned long n = 50000;
    for (unsigned long i = 0; i < n; i++) dictAdd(d, I(i));
    unsigned char *seen = zcalloc(n);

    /* Plain iteration (possibly mid-rehash) sees each element once. */
    dictIterator *it = dictGetIterator(d);
    void *e;
    unsigned long cnt = 0, dup = 0;
    while ((e = dictNext(it)) != NULL) {
        unsigned long i = unI(e);
        if (seen[i]) dup++;
        seen[i] = 1;
        cnt++;
    }
    TEST_ASSERT(dictNext(it) == NULL);
    dictReleaseIterator(it);
    TEST_ASSERT(cnt == n && dup == 0);

    /* Safe iteration, starting in the middle of a rehash, deleting every
     * other element and adding new ones. */
    finishRehash(d);
    TEST_ASSERT(dictExpand(d, n * 4) == DICT_OK);
    dictRehash(d, 100);
    TEST_ASSERT(dictIsRehashing(d));
    memset(seen, 0, n);
    dictIterator sit;
    dictInitSafeIterator(&sit, d);
    cnt = 0; dup = 0;
    unsigned long deleted = 0, added = 0, other = 0;
    int bad = 0;
    while ((e = dictNext(&sit)) != NULL) {
        unsigned long i = unI(e);
        if (i >= n) { other++; continue; }
        if (seen[i]) dup++;
        seen[i] = 1;
        cnt++;
        if (i & 1) {
            if (dictDelete(d, e) != DICT_OK) bad = 1;
            deleted++;
        }
        if (i % 10 == 0) {
            dictAdd(d, I(n + i));
            added++;
        }
    }
    TEST_ASSERT(d->pauserehash == 1);
    dictResetIterator(&sit);
    TEST_ASSERT(d->pauserehash == 0);
    TEST_ASSERT(!bad);
    TEST_ASSERT(cnt == n && dup == 0);
    TEST_ASSERT(other <= added);
    TEST_ASSERT(dictSize(d) == n - deleted + added);
    for (unsigned long i = 0; i < n; i++)
        if ((dictFind(d, I(i)) != NULL) != !(i & 1)) bad = 1;
    TEST_ASSERT(!bad);

    /* Safe iteration deleting everything, heavy chains included. */
    dict *b = dictCreate(&badType);
    char key[32];
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        dictAdd(b, newStr(key, i));
    }
    destroyed = 0;
    dictIterator *bit = dictGetSafeIterator(b);
    strElem *se;
    while ((se = dictNext(bit)) != NULL) dictDelete(b, se->key);
    dictReleaseIterator(bit);
    TEST_ASSERT(destroyed == 100 && dictSize(b) == 0);
    dictRelease(b);

    /* Empty dict iterators. */
    dict *z = dictCreate(&intType);
    it = dictGetIterator(z);
    TEST_ASSERT(dictNext(it) == NULL);
    dictReleaseIterator(it);
    it = dictGetSafeIterator(z);
    TEST_ASSERT(dictNext(it) == NULL);
    dictReleaseIterator(it);
    TEST_ASSERT(z->pauserehash == 0);
    dictRelease(z);

    zfree(seen);
    dictRelease(d);
}

/* ------------------------------------------------------------------------
 * Sampling
 * --------------------------------------------------------------------- */

static void test_random(void) {
    dict *d = dictCreate(&intType);
    TEST_ASSERT(dictGetRandomElement(d) == NULL);
    TEST_ASSERT(dictGetFairRandomElement(d) == NULL);
    void *des[64];
    TEST_ASSERT(dictGetSomeElements(d, des, 10) == 0);

    const unsigned long n = 100;
    for (unsigned long i = 0; i < n; i++) dictAdd(d, I(i));
    unsigned long hits[100] = {0};
    int bad = 0;
    for (int k = 0; k < 100000; k++) {
        void *e = dictGetRandomElement(d);
        if (e == NULL || unI(e) >= n) { bad = 1; continue; }
        hits[unI(e)]++;
    }
    TEST_ASSERT(!bad);
    unsigned long never = 0;
    for (unsigned long i = 0; i < n; i++) never += hits[i] == 0;
    TEST_ASSERT_MSG(never == 0, "some element never drawn");
    for (int k = 0; k < 10000; k++) {
        void *e = dictGetFairRandomElement(d);
        if (e == NULL || unI(e) >= n) bad = 1;
    }
    TEST_ASSERT(!bad);

    /* Sampling on a bigger table, while growing and while shrinking. */
    for (unsigned long i = n; i < 20000; i++) {
        dictAdd(d, I(i));
        if (i % 97 == 0) {
            unsigned int got = dictGetSomeElements(d, des, 16);
            if (got == 0 || got > 16) bad = 1;
            for (unsigned int j = 0; j < got; j++)
                if (dictFind(d, des[j]) != des[j]) bad = 1;
            void *e = dictGetRandomElement(d);
            if (dictFind(d, e) != e) bad = 1;
        }
    }
    TEST_ASSERT(!bad);
    finishRehash(d);
    for (unsigned long i = 0; i < 19900; i++) dictDelete(d, I(i));
    TEST_ASSERT(dictShrinkIfNeeded(d) == DICT_OK);
    TEST_ASSERT(dictIsRehashing(d));
    unsigned long total = 0;
    for (int k = 0; k < 200; k++) {
        /* A sparse table may yield nothing in the steps allowed. */
        unsigned int got = dictGetSomeElements(d, des, 64);
        total += got;
        if (got > 64) bad = 1;
        for (unsigned int j = 0; j < got; j++)
            if (unI(des[j]) < 19900) bad = 1;
        void *e = dictGetRandomElement(d);
        if (e == NULL || unI(e) < 19900) bad = 1;
        e = dictGetFairRandomElement(d);
        if (e == NULL || unI(e) < 19900) bad = 1;
    }
    TEST_ASSERT(!bad);
    TEST_ASSERT(total > 0);
    /* Asking for more than there is returns at most the size. */
    TEST_ASSERT(dictGetSomeElements(d, des, 64) <= 64);
    dictRelease(d);
}

/* ------------------------------------------------------------------------
 * Memory, sizing policy, stats
 * --------------------------------------------------------------------- */

static void test_memory(void) {
    size_t base = zmalloc_used_memory();
    dict *d = dictCreate(&strType);
    for (long i = 0; i < 50000; i++) dictAdd(d, newStrNum(i, i));
    for (long i = 0; i < 50000; i += 3) {
        char key[32];
        snprintf(key, sizeof(key), "key:%ld", i);
        dictDelete(d, key);
    }
    dictShrinkIfNeeded(d);
    TEST_ASSERT(dictMemUsage(d) > dictBuckets(d) * sizeof(void *));
    dictRelease(d);
    TEST_ASSERT(zmalloc_used_memory() == base);

    /* With integer elements the dict's own allocations are all there is:
     * the accounting must match what dictMemUsage claims, up to allocator
     * rounding of the 16-byte nodes. */
    base = zmalloc_used_memory();
    d = dictCreate(&intType);
    for (unsigned long i = 0; i < 100000; i++) dictAdd(d, I(i));
    finishRehash(d);
    size_t claimed = dictMemUsage(d), real = zmalloc_used_memory() - base;
    TEST_ASSERT(real >= claimed);
    TEST_ASSERT(real <= claimed + nodesOf(d) * 16 + 8192);
    dictEmpty(d, NULL);
    TEST_ASSERT(dictSize(d) == 0 && dictBuckets(d) == 0);
    TEST_ASSERT(dictAdd(d, I(1)) == DICT_OK);   /* usable after empty */
    dictRelease(d);
    TEST_ASSERT(zmalloc_used_memory() == base);
}

static int empty_callbacks = 0;
static void emptyCallback(dict *d) { empty_callbacks++; }

static int allow_resize = 1;
static size_t last_more_mem = 0;
static int resizeVeto(size_t moreMem, double usedRatio) {
    last_more_mem = moreMem;
    return allow_resize;
}

static void test_resize_policy(void) {
    dict *d = dictCreate(&intType);
    for (unsigned long i = 0; i < 64; i++) dictAdd(d, I(i));
    finishRehash(d);
    TEST_ASSERT(dictBuckets(d) == 64);

    /* Avoid: no growth until 5 elements per bucket. */
    dictSetResizeEnabled(DICT_RESIZE_AVOID);
    for (unsigned long i = 64; i < 64 * 5; i++) dictAdd(d, I(i));
    TEST_ASSERT(!dictIsRehashing(d) && dictBuckets(d) == 64);
    dictAdd(d, I(64 * 5));
    TEST_ASSERT(dictIsRehashing(d));   /* forced */
    finishRehash(d);
    TEST_ASSERT(dictBuckets(d) == 512);

    /* Forbid: never grows, nor rehashes. */
    dictSetResizeEnabled(DICT_RESIZE_FORBID);
    for (unsigned long i = 321; i < 512 * 6; i++) dictAdd(d, I(i));
    TEST_ASSERT(!dictIsRehashing(d) && dictBuckets(d) == 512);
    TEST_ASSERT(dictResize(d) == DICT_ERR);
    dictSetResizeEnabled(DICT_RESIZE_ENABLE);
    dictAdd(d, I(512 * 6));
    TEST_ASSERT(dictIsRehashing(d));
    /* An explicit expansion started under FORBID stays frozen. */
    finishRehash(d);
    unsigned long buckets = dictBuckets(d);
    dictSetResizeEnabled(DICT_RESIZE_FORBID);
    TEST_ASSERT(dictExpand(d, buckets * 4) == DICT_OK);
    TEST_ASSERT(dictRehash(d, 100) == 0 && dictIsRehashing(d));
    dictSetResizeEnabled(DICT_RESIZE_ENABLE);
    TEST_ASSERT(dictRehashMicroseconds(d, 1000000) > 0);
    TEST_ASSERT(!dictIsRehashing(d));
    int bad = 0;
    for (unsigned long i = 0; i <= 512 * 6; i++)
        if (dictFind(d, I(i)) != I(i)) bad = 1;
    TEST_ASSERT(!bad);
    dictRelease(d);

    /* dictType veto. */
    dictType vetoType = intType;
    vetoType.resizeAllowed = resizeVeto;
    d = dictCreate(&vetoType);
    for (unsigned long i = 0; i < 4; i++) dictAdd(d, I(i));
    allow_resize = 0;
    for (unsigned long i = 4; i < 100; i++) dictAdd(d, I(i));
    TEST_ASSERT(dictBuckets(d) == 4 && !dictIsRehashing(d));
    TEST_ASSERT(last_more_mem == 128 * sizeof(void *));
    allow_resize = 1;
    dictAdd(d, I(100));
    TEST_ASSERT(dictIsRehashing(d));
    finishRehash(d);
    TEST_ASSERT(dictBuckets(d) == 128);

    /* Expand argument checks. */
    TEST_ASSERT(dictExpand(d, 10) == DICT_ERR);          /* below size */
    TEST_ASSERT(dictExpand(d, 128) == DICT_ERR);         /* same size */
    TEST_ASSERT(dictTryExpand(d, 1000) == DICT_OK);
    TEST_ASSERT(dictExpand(d, 5000) == DICT_ERR);        /* rehashing */
    finishRehash(d);
    TEST_ASSERT(dictBuckets(d) == 1024);
#if !defined(__SANITIZE_ADDRESS__)
    TEST_ASSERT(dictTryExpand(d, 1UL << 56) == DICT_ERR); /* cannot allocate */
#endif
    TEST_ASSERT(!dictIsRehashing(d));
    dictRelease(d);

    /* Shrink thresholds. */
    d = dictCreate(&intType);
    TEST_ASSERT(dictShrinkIfNeeded(d) == DICT_ERR);
    TEST_ASSERT(dictExpand(d, 1024) == DICT_OK && dictBuckets(d) == 1024);
    for (unsigned long i = 0; i < 128; i++) dictAdd(d, I(i));
    TEST_ASSERT(dictShrinkIfNeeded(d) == DICT_ERR);      /* exactly 1/8 */
    dictDelete(d, I(0));
    TEST_ASSERT(dictShrinkIfNeeded(d) == DICT_OK);
    finishRehash(d);
    TEST_ASSERT(dictBuckets(d) == 128);

    /* dictEmpty callback on a big table. */
    TEST_ASSERT(dictExpand(d, 1 << 18) == DICT_OK);
    finishRehash(d);
    empty_callbacks = 0;
    dictEmpty(d, emptyCallback);
    TEST_ASSERT(empty_callbacks >= 1);
    dictRelease(d);
}

static void test_stats(void) {
    char buf[4096];
    dict *d = dictCreate(&intType);
    dictGetStats(buf, sizeof(buf), d);
    TEST_ASSERT(strstr(buf, "No stats") != NULL);
    for (unsigned long i = 0; i < 1000; i++) dictAdd(d, I(i));
    finishRehash(d);
    dictGetStats(buf, sizeof(buf), d);
    TEST_ASSERT(strstr(buf, "table size: 1024") != NULL);
    TEST_ASSERT(strstr(buf, "number of elements: 1000") != NULL);
    TEST_ASSERT(strstr(buf, "Chain length distribution") != NULL);
    dictExpand(d, 4096);
    dictRehash(d, 10);
    dictGetStats(buf, sizeof(buf), d);
    TEST_ASSERT(strstr(buf, "Hash table 1") != NULL);
    /* Truncation is safe. */
    char small[40];
    dictGetStats(small, sizeof(small), d);
    TEST_ASSERT(strlen(small) < sizeof(small));
    dictRelease(d);
}

/* Two-phase insertion and FindRef across a rehash. */
static void test_two_phase_rehashing(void) {
    dict *d = dictCreate(&strType);
    int bad = 0;
    for (long i = 0; i < 20000; i++) {
        char key[32];
        snprintf(key, sizeof(key), "key:%ld", i);
        void *existing = NULL;
        void *pos = dictFindPositionForInsert(d, key, &existing);
        if (pos == NULL) { bad = 1; continue; }
        dictInsertAtPosition(d, newStr(key, i), pos);
        /* Replace a random older one in place. */
        long j = (long)(rnd() % (unsigned long)(i + 1));
        snprintf(key, sizeof(key), "key:%ld", j);
        void **ref = dictFindRef(d, key);
        if (ref == NULL) { bad = 1; continue; }
        strElem *old = *ref;
        *ref = newStr(key, old->val + 1000000);
        zfree(old);
        if (dictFindPositionForInsert(d, key, &existing) != NULL) bad = 1;
        if (existing != dictFind(d, key)) bad = 1;
    }
    TEST_ASSERT(!bad);
    TEST_ASSERT(dictSize(d) == 20000);
    for (long i = 0; i < 20000; i++) {
        char key[32];
        snprintf(key, sizeof(key), "key:%ld", i);
        strElem *e = dictFind(d, key);
        if (e == NULL || e->val % 1000000 != i) bad = 1;
    }
    TEST_ASSERT(!bad);
    dictRelease(d);
}

/* ------------------------------------------------------------------------
 * Benchmark (DICT_BENCH=1)
 * --------------------------------------------------------------------- */

static double nowNs(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void bench(void) {
    unsigned long n = test_n;
    strElem **els = zmalloc(n * sizeof(*els));
    for (unsigned long i = 0; i < n; i++) els[i] = newStrNum((long)i, (long)i);
    dict *d = dictCreate(&strType);
    double t0 = nowNs();
    for (unsigned long i = 0; i < n; i++) dictAdd(d, els[i]);
    double t1 = nowNs();
    unsigned long found = 0;
    for (unsigned long i = 0; i < n; i++) found += dictFind(d, els[(i * 7919) % n]->key) != NULL;
    double t2 = nowNs();
    char miss[32];
    for (unsigned long i = 0; i < n; i++) {
        snprintf(miss, sizeof(miss), "nokey:%lu", i);
    }
    double t3 = nowNs();
    for (unsigned long i = 0; i < n; i++) {
        snprintf(miss, sizeof(miss), "nokey:%lu", i);
        found += dictFind(d, miss) != NULL;
    }
    double t4 = nowNs();
    finishRehash(d);
    printf("  bench: %lu string keys: add %.1f ns, find hit %.1f ns, find miss %.1f ns\n",
           n, (t1 - t0) / n, (t2 - t1) / n, ((t4 - t3) - (t3 - t2)) / n);
    printf("  bench: buckets %lu, nodes %lu, table overhead %.2f bytes/element (excl. dict struct)\n",
           dictBuckets(d), nodesOf(d), (double)(dictMemUsage(d) - sizeof(dict)) / n);
    double t5 = nowNs();
    for (unsigned long i = 0; i < n; i++) dictDelete(d, els[i]->key);
    double t6 = nowNs();
    printf("  bench: delete %.1f ns\n", (t6 - t5) / n);
    dictRelease(d);
    zfree(els);

    /* Small table, in cache: the CPU cost without memory misses. */
    const unsigned long small = 10000, rounds = 200;
    els = zmalloc(small * sizeof(*els));
    d = dictCreate(&strType);
    for (unsigned long i = 0; i < small; i++) {
        els[i] = newStrNum((long)i, (long)i);
        dictAdd(d, els[i]);
    }
    finishRehash(d);
    t0 = nowNs();
    for (unsigned long r = 0; r < rounds; r++)
        for (unsigned long i = 0; i < small; i++) found += dictFind(d, els[i]->key) != NULL;
    t1 = nowNs();
    printf("  bench: %lu string keys (in cache): find hit %.1f ns\n", small,
           (t1 - t0) / (double)(small * rounds));
    dictRelease(d);
    zfree(els);

    d = dictCreate(&intType);
    t0 = nowNs();
    for (unsigned long i = 0; i < n; i++) dictAdd(d, I(i));
    t1 = nowNs();
    for (unsigned long i = 0; i < n; i++) found += dictFind(d, I((i * 7919) % n)) != NULL;
    t2 = nowNs();
    printf("  bench: %lu int keys: add %.1f ns, find %.1f ns (found %lu)\n", n,
           (t1 - t0) / n, (t2 - t1) / n, found);
    dictRelease(d);
}

int main(int argc, char **argv) {
    const char *env = getenv("DICT_TEST_N");
    if (argc > 1) env = argv[1];
    if (env && atol(env) > 0) test_n = (unsigned long)atol(env);

    RUN_TEST(test_basic);
    RUN_TEST(test_hash_functions);
    RUN_TEST(test_int_keys);
    RUN_TEST(test_chains_all_collide);
    RUN_TEST(test_large);
    RUN_TEST(test_scan_guarantee);
    RUN_TEST(test_scan_delete);
    RUN_TEST(test_iterators);
    RUN_TEST(test_random);
    RUN_TEST(test_memory);
    RUN_TEST(test_resize_policy);
    RUN_TEST(test_stats);
    RUN_TEST(test_two_phase_rehashing);
    if (getenv("DICT_BENCH")) bench();
    return TEST_REPORT();
}
