/* test_pqsort.c - unit tests for the partial quicksort (pqsort.c). */
#include "pqsort.h"
#include "unit/test_help.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint32_t next32(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

typedef struct {
    int key;
    int id; /* original position: tells equal keys apart */
} item;

static int cmpItem(const void *a, const void *b) {
    int x = ((const item *)a)->key, y = ((const item *)b)->key;
    return x < y ? -1 : (x > y ? 1 : 0);
}

static int cmpInt(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : (x > y ? 1 : 0);
}

/* The range [lo, hi] holds the keys a full sort puts there, in order, and
 * the whole array is still a permutation of the input. */
static int checkPartial(item *in, item *out, size_t n, size_t lo, size_t hi) {
    int *sorted = malloc(n * sizeof(int)), *a = malloc(n * sizeof(int)), *b = malloc(n * sizeof(int));
    for (size_t i = 0; i < n; i++) {
        sorted[i] = in[i].key;
        a[i] = in[i].id;
        b[i] = out[i].id;
    }
    qsort(sorted, n, sizeof(int), cmpInt);
    qsort(a, n, sizeof(int), cmpInt);
    qsort(b, n, sizeof(int), cmpInt);
    int ok = memcmp(a, b, n * sizeof(int)) == 0;
    for (size_t i = lo; i <= hi && ok; i++) ok = out[i].key == sorted[i];
    free(sorted);
    free(a);
    free(b);
    return ok;
}

static void test_full_sort(void) {
    int ok = 1;
    for (int round = 0; round < 500 && ok; round++) {
        size_t n = 1 + next32() % 300;
        int span = 1 + (int)(next32() % 50); /* small spans: many ties */
        item *in = malloc(n * sizeof(item)), *out = malloc(n * sizeof(item));
        for (size_t i = 0; i < n; i++) in[i] = (item){(int)(next32() % span), (int)i};
        memcpy(out, in, n * sizeof(item));
        pqsort(out, n, sizeof(item), cmpItem, 0, n - 1);
        ok = checkPartial(in, out, n, 0, n - 1);
        free(in);
        free(out);
    }
    TEST_ASSERT(ok);
}

static void test_partial_ranges(void) {
    int ok = 1;
    for (int round = 0; round < 2000 && ok; round++) {
        size_t n = 1 + next32() % 500;
        size_t lo = next32() % n, hi = lo + next32() % (n - lo);
        if (next32() % 3 == 0) lo = 0; /* the geo case: the first k */
        int span = (next32() % 2) ? 1000000 : 1 + (int)(next32() % 20);
        item *in = malloc(n * sizeof(item)), *out = malloc(n * sizeof(item));
        for (size_t i = 0; i < n; i++) in[i] = (item){(int)(next32() % span), (int)i};
        memcpy(out, in, n * sizeof(item));
        pqsort(out, n, sizeof(item), cmpItem, lo, hi);
        ok = checkPartial(in, out, n, lo, hi);
        if (!ok) fprintf(stderr, "  n=%zu lo=%zu hi=%zu span=%d\n", n, lo, hi, span);
        free(in);
        free(out);
    }
    TEST_ASSERT(ok);
}

static void test_presorted_and_reversed(void) {
    enum { N = 1000 };
    item in[N], out[N];
    for (int i = 0; i < N; i++) in[i] = (item){i, i};
    memcpy(out, in, sizeof(in));
    pqsort(out, N, sizeof(item), cmpItem, 0, 9);
    TEST_ASSERT(checkPartial(in, out, N, 0, 9));
    for (int i = 0; i < N; i++) in[i] = (item){N - i, i};
    memcpy(out, in, sizeof(in));
    pqsort(out, N, sizeof(item), cmpItem, 0, 9);
    TEST_ASSERT(checkPartial(in, out, N, 0, 9));
    for (int i = 0; i < N; i++) in[i] = (item){7, i}; /* all equal */
    memcpy(out, in, sizeof(in));
    pqsort(out, N, sizeof(item), cmpItem, 0, N - 1);
    TEST_ASSERT(checkPartial(in, out, N, 0, N - 1));
}

/* Pin the exact output order of equal keys for one input: this order is
 * what Redis's geo replies show for distance ties (checked against Redis
 * 7.0.15 by tests/diff/randtypes.py --type geo), so a change to the
 * partitioning steps must show up here. */
static void test_tie_order_is_stable_across_builds(void) {
    item a[12];
    int keys[12] = {5, 1, 5, 3, 1, 5, 2, 1, 5, 3, 2, 1};
    for (int i = 0; i < 12; i++) a[i] = (item){keys[i], i};
    pqsort(a, 12, sizeof(item), cmpItem, 0, 4);
    int ids[5];
    for (int i = 0; i < 5; i++) ids[i] = a[i].id;
    /* Keys at 0..4 must be 1 1 1 1 2; the ids record the tie order. */
    TEST_ASSERT(a[0].key == 1 && a[1].key == 1 && a[2].key == 1 && a[3].key == 1 && a[4].key == 2);
    int want[5] = {4, 1, 11, 7, 6};
    TEST_ASSERT(memcmp(ids, want, sizeof(want)) == 0);
}

int main(void) {
    RUN_TEST(test_full_sort);
    RUN_TEST(test_partial_ranges);
    RUN_TEST(test_presorted_and_reversed);
    RUN_TEST(test_tie_order_is_stable_across_builds);
    return TEST_REPORT();
}
