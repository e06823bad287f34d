/* test_histogram.c - unit tests for the benchmark's latency histogram
 * (bench_histogram.c).
 *
 * The slot boundaries are checked against values Redis 7.0's benchmark
 * prints for the same settings (10 us .. 3 s, 3 digits: 8 us slots up to
 * 16 ms, so 136..143 us is reported as 0.143 ms); the statistics against a
 * brute force computation; the two iterators against the ladders of the
 * report (0/50/75/87.5...% and 0.1 ms steps up to 2 ms, then 1 ms). */
#include "bench_histogram.h"
#include "unit/test_help.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static hist *newBenchHist(void) {
    return histCreate(10, 3000000, 3);
}

static void test_create_bad_arguments(void) {
    TEST_ASSERT(histCreate(0, 1000, 3) == NULL);
    TEST_ASSERT(histCreate(10, 15, 3) == NULL);
    TEST_ASSERT(histCreate(10, 1000, 0) == NULL);
    TEST_ASSERT(histCreate(10, 1000, 6) == NULL);
    hist *h = histCreate(1, 1000, 5);
    TEST_ASSERT(h != NULL);
    histFree(h);
}

static void test_slot_boundaries(void) {
    hist *h = newBenchHist();
    TEST_ASSERT(histLowestEquivalent(h, 143) == 136);
    TEST_ASSERT(histHighestEquivalent(h, 136) == 143);
    TEST_ASSERT(histHighestEquivalent(h, 100) == 103);
    TEST_ASSERT(histLowestEquivalent(h, 191) == 184);
    TEST_ASSERT(histHighestEquivalent(h, 0) == 7);
    TEST_ASSERT(histHighestEquivalent(h, 16383) == 16383);
    /* The next bucket has 16 us slots, then 32 us... */
    TEST_ASSERT(histLowestEquivalent(h, 16384) == 16384);
    TEST_ASSERT(histHighestEquivalent(h, 20000) == 20015);
    TEST_ASSERT(histHighestEquivalent(h, 40000) == 40031);
    /* Three significant digits everywhere. */
    for (int64_t v = 1000; v < 3000000; v += 997) {
        int64_t lo = histLowestEquivalent(h, v), hi = histHighestEquivalent(h, v);
        TEST_ASSERT(lo <= v && v <= hi);
        TEST_ASSERT((double)(hi - lo + 1) / (double)v < 0.01);
    }
    histFree(h);
}

static void test_record_range(void) {
    hist *h = newBenchHist();
    TEST_ASSERT(histRecord(h, -1) == 0);
    TEST_ASSERT(histRecord(h, 0) == 1);
    TEST_ASSERT(histRecord(h, 3000000) == 1);
    TEST_ASSERT(histRecord(h, 100000000) == 0);
    TEST_ASSERT(h->total == 2);
    TEST_ASSERT(histMin(h) == 0); /* a zero is in slot 0 */
    histReset(h);
    TEST_ASSERT(h->total == 0);
    TEST_ASSERT(histMin(h) == INT64_MAX);
    TEST_ASSERT(histMax(h) == 0);
    TEST_ASSERT(isnan(histMean(h)));
    histFree(h);
}

static void test_statistics(void) {
    hist *h = newBenchHist();
    /* 184..191 us: min reports the slot's low end, max the high end. */
    histRecord(h, 190);
    histRecord(h, 500);
    histRecord(h, 2420);
    TEST_ASSERT(histMin(h) == 184);
    TEST_ASSERT(histMax(h) == 2423);
    /* Mean of the slots' middles: 188, 500, 2420. */
    TEST_ASSERT(fabs(histMean(h) - (188.0 + 500.0 + 2420.0) / 3) < 1e-9);
    TEST_ASSERT(histValueAtPercentile(h, 0.0) == 184);
    TEST_ASSERT(histValueAtPercentile(h, 50.0) == 503);
    TEST_ASSERT(histValueAtPercentile(h, 99.0) == 2423);
    TEST_ASSERT(histValueAtPercentile(h, 150.0) == 2423);
    histFree(h);
}

/* Percentiles against sorting, on a skewed random sample. */
static int cmpLL(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void test_percentiles_brute_force(void) {
    hist *h = newBenchHist();
    enum { N = 20000 };
    static int64_t v[N];
    uint64_t s = 88172645463325252ULL;
    for (int i = 0; i < N; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        v[i] = 50 + (int64_t)(s % 1000) * (int64_t)(s % 1000) / 10; /* 50 us .. 100 ms */
        histRecord(h, v[i]);
    }
    qsort(v, N, sizeof(v[0]), cmpLL);
    double ps[] = {1, 25, 50, 90, 95, 99, 99.9};
    for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
        int64_t rank = (int64_t)(ps[i] / 100 * N + 0.5);
        int64_t exact = v[rank - 1];
        TEST_ASSERT(histValueAtPercentile(h, ps[i]) == histHighestEquivalent(h, exact));
    }
    TEST_ASSERT(histMax(h) == histHighestEquivalent(h, v[N - 1]));
    histFree(h);
}

static void test_percentile_ladder(void) {
    hist *h = newBenchHist();
    for (int64_t v = 1; v <= 100000; v++) histRecord(h, v);
    histIter it;
    histIterPercentileInit(&it, h, 1);
    double expect[] = {0, 50, 75, 87.5, 93.75, 96.875};
    int n = 0;
    double last = -1;
    int64_t lastcum = 0;
    while (histIterNext(&it)) {
        if (n < 6) TEST_ASSERT(it.percentile == expect[n]);
        TEST_ASSERT(it.percentile > last || it.percentile == 100.0);
        TEST_ASSERT(it.cumulative >= lastcum);
        last = it.percentile;
        lastcum = it.cumulative;
        n++;
        TEST_ASSERT(n < 200);
    }
    /* The walk ends at 100% with everything counted, at the max's slot. */
    TEST_ASSERT(last == 100.0);
    TEST_ASSERT(lastcum == 100000);
    TEST_ASSERT(it.highest_equivalent == histMax(h));
    histFree(h);
}

static void test_percentile_ladder_single_slot(void) {
    hist *h = newBenchHist();
    for (int i = 0; i < 5; i++) histRecord(h, 140);
    histIter it;
    histIterPercentileInit(&it, h, 1);
    /* Entering the last slot gives one stop (0% here), then the closing
     * 100% stop, in the same slot. */
    TEST_ASSERT(histIterNext(&it) && it.percentile == 0.0 && it.cumulative == 5 &&
                it.highest_equivalent == 143);
    TEST_ASSERT(histIterNext(&it) && it.percentile == 100.0 && it.cumulative == 5 &&
                it.highest_equivalent == 143);
    TEST_ASSERT(!histIterNext(&it));
    histFree(h);
}

static void test_linear_ladder(void) {
    hist *h = newBenchHist();
    histRecord(h, 150);  /* 144..151 */
    histRecord(h, 450);
    histRecord(h, 2420); /* 2416..2423 */
    histIter it;
    histIterLinearInit(&it, h, 100);
    int64_t stops[64], cum[64];
    int n = 0;
    while (n < 64 && histIterNext(&it)) {
        stops[n] = it.highest_equivalent;
        cum[n] = it.cumulative;
        if (it.highest_equivalent > 2000) histIterLinearSetUnits(&it, 1000);
        n++;
    }
    /* 0.103, 0.207 ... 2.103 ms, then 3.103 ms, which covers the last value. */
    TEST_ASSERT(n == 22);
    TEST_ASSERT(stops[0] == 103 && cum[0] == 0);
    TEST_ASSERT(stops[1] == 207 && cum[1] == 1);
    TEST_ASSERT(stops[4] == 503 && cum[4] == 2);
    TEST_ASSERT(stops[9] == 1007);
    TEST_ASSERT(stops[19] == 2007);
    TEST_ASSERT(stops[20] == 2103 && cum[20] == 2);
    TEST_ASSERT(stops[21] == 3103 && cum[21] == 3);
    histFree(h);
}

static void test_linear_ladder_empty(void) {
    hist *h = newBenchHist();
    histIter it;
    histIterLinearInit(&it, h, 100);
    TEST_ASSERT(!histIterNext(&it));
    histFree(h);
}

static hist *shared;

static void *recorder(void *arg) {
    (void)arg;
    for (int i = 0; i < 100000; i++) histRecordAtomic(shared, 10 + i % 5000);
    return NULL;
}

static void test_atomic_record(void) {
    shared = newBenchHist();
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, recorder, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    TEST_ASSERT(shared->total == 400000);
    int64_t sum = 0;
    for (int i = 0; i < shared->counts_len; i++) sum += shared->counts[i];
    TEST_ASSERT(sum == 400000);
    TEST_ASSERT(histMin(shared) == histLowestEquivalent(shared, 10));
    TEST_ASSERT(histMax(shared) == histHighestEquivalent(shared, 5009));
    histFree(shared);
}

static void test_precision_one_digit(void) {
    hist *h = histCreate(10, 3000000, 1);
    /* 32 slots of 8 us in bucket 0, then widths double every bucket. */
    TEST_ASSERT(histHighestEquivalent(h, 100) == 103);
    TEST_ASSERT(histHighestEquivalent(h, 300) == 303);
    TEST_ASSERT(histHighestEquivalent(h, 1000) == 1023);
    histFree(h);
}

int main(void) {
    RUN_TEST(test_create_bad_arguments);
    RUN_TEST(test_slot_boundaries);
    RUN_TEST(test_record_range);
    RUN_TEST(test_statistics);
    RUN_TEST(test_percentiles_brute_force);
    RUN_TEST(test_percentile_ladder);
    RUN_TEST(test_percentile_ladder_single_slot);
    RUN_TEST(test_linear_ladder);
    RUN_TEST(test_linear_ladder_empty);
    RUN_TEST(test_atomic_record);
    RUN_TEST(test_precision_one_digit);
    return TEST_REPORT();
}
