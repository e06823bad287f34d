/* bench_histogram: latency histogram with a fixed relative precision.
 * The layout is explained at the top of bench_histogram.h. */
#include "bench_histogram.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Slot arithmetic
 * ------------------------------------------------------------------------ */

/* Which bucket holds value: the position of its highest bit, counted from
 * the top of bucket 0 (the mask makes every small value land in bucket 0). */
static int histBucketOf(const hist *h, int64_t value) {
    int top = 64 - __builtin_clzll((uint64_t)(value | h->sub_mask));
    return top - h->unit_magnitude - (h->half_magnitude + 1);
}

static int64_t histSubOf(const hist *h, int64_t value, int bucket) {
    return value >> (bucket + h->unit_magnitude);
}

static int histIndexOf(const hist *h, int64_t value) {
    int bucket = histBucketOf(h, value);
    int64_t sub = histSubOf(h, value, bucket);
    int64_t half = h->sub_count >> 1;
    return (int)(((int64_t)(bucket + 1) << h->half_magnitude) + (sub - half));
}

/* Lowest value counted in slot `index`. */
static int64_t histValueAt(const hist *h, int index) {
    int64_t half = h->sub_count >> 1;
    int bucket = (index >> h->half_magnitude) - 1;
    int64_t sub = (index & (half - 1)) + half;
    if (bucket < 0) { /* bucket 0 also owns the lower half of its slots */
        sub -= half;
        bucket = 0;
    }
    return sub << (bucket + h->unit_magnitude);
}

/* Width of the slot that holds value. */
static int64_t histSlotWidth(const hist *h, int64_t value) {
    int bucket = histBucketOf(h, value);
    int64_t sub = histSubOf(h, value, bucket);
    if (sub >= h->sub_count) bucket++;
    return (int64_t)1 << (h->unit_magnitude + bucket);
}

int64_t histLowestEquivalent(const hist *h, int64_t value) {
    int bucket = histBucketOf(h, value);
    return histSubOf(h, value, bucket) << (bucket + h->unit_magnitude);
}

int64_t histHighestEquivalent(const hist *h, int64_t value) {
    return histLowestEquivalent(h, value) + histSlotWidth(h, value) - 1;
}

static int64_t histMiddleEquivalent(const hist *h, int64_t value) {
    return histLowestEquivalent(h, value) + (histSlotWidth(h, value) >> 1);
}

/* ------------------------------------------------------------------------
 * Life cycle and recording
 * ------------------------------------------------------------------------ */

hist *histCreate(int64_t lowest, int64_t highest, int sigfigs) {
    if (lowest < 1 || highest < 2 * lowest || sigfigs < 1 || sigfigs > 5) return NULL;

    /* Slots per bucket: enough that two neighbours differ by less than one
     * unit of the last significant digit. */
    int64_t single_unit_top = 2;
    for (int i = 0; i < sigfigs; i++) single_unit_top *= 10;
    int sub_magnitude = (int)ceil(log2((double)single_unit_top));
    int unit_magnitude = (int)floor(log2((double)lowest));
    if (sub_magnitude + unit_magnitude > 62) return NULL;

    int64_t sub_count = (int64_t)1 << sub_magnitude;
    /* Buckets needed so that the last one reaches `highest`. */
    int buckets = 1;
    int64_t untrackable = sub_count << unit_magnitude;
    while (untrackable <= highest) {
        if (untrackable > INT64_MAX / 2) {
            buckets++;
            break;
        }
        untrackable <<= 1;
        buckets++;
    }
    int counts_len = (buckets + 1) * (int)(sub_count / 2);

    hist *h = calloc(1, sizeof(*h) + sizeof(int64_t) * (size_t)counts_len);
    if (h == NULL) return NULL;
    h->lowest = lowest;
    h->highest = highest;
    h->sigfigs = sigfigs;
    h->unit_magnitude = unit_magnitude;
    h->half_magnitude = sub_magnitude - 1;
    h->sub_count = sub_count;
    h->sub_mask = (sub_count - 1) << unit_magnitude;
    h->counts_len = counts_len;
    h->min_value = INT64_MAX;
    h->max_value = 0;
    return h;
}

void histFree(hist *h) {
    free(h);
}

void histReset(hist *h) {
    memset(h->counts, 0, sizeof(int64_t) * (size_t)h->counts_len);
    h->total = 0;
    h->min_value = INT64_MAX;
    h->max_value = 0;
}

static int histSlotFor(const hist *h, int64_t value) {
    if (value < 0) return -1;
    int idx = histIndexOf(h, value);
    if (idx < 0 || idx >= h->counts_len) return -1;
    return idx;
}

int histRecord(hist *h, int64_t value) {
    int idx = histSlotFor(h, value);
    if (idx < 0) return 0;
    h->counts[idx]++;
    h->total++;
    /* The minimum ignores zeros: histMin() finds them in slot 0. */
    if (value != 0 && value < h->min_value) h->min_value = value;
    if (value > h->max_value) h->max_value = value;
    return 1;
}

int histRecordAtomic(hist *h, int64_t value) {
    int idx = histSlotFor(h, value);
    if (idx < 0) return 0;
    __atomic_fetch_add(&h->counts[idx], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&h->total, 1, __ATOMIC_RELAXED);
    int64_t cur = __atomic_load_n(&h->min_value, __ATOMIC_RELAXED);
    while (value != 0 && value < cur &&
           !__atomic_compare_exchange_n(&h->min_value, &cur, value, 1, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
        ;
    cur = __atomic_load_n(&h->max_value, __ATOMIC_RELAXED);
    while (value > cur &&
           !__atomic_compare_exchange_n(&h->max_value, &cur, value, 1, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
        ;
    return 1;
}

/* ------------------------------------------------------------------------
 * Statistics
 * ------------------------------------------------------------------------ */

int64_t histMin(const hist *h) {
    if (h->counts[0] > 0) return 0;
    if (h->min_value == INT64_MAX) return INT64_MAX;
    return histLowestEquivalent(h, h->min_value);
}

int64_t histMax(const hist *h) {
    if (h->max_value == 0) return 0;
    return histHighestEquivalent(h, h->max_value);
}

double histMean(const hist *h) {
    int64_t sum = 0;
    for (int i = 0; i < h->counts_len; i++) {
        if (h->counts[i] == 0) continue;
        sum += h->counts[i] * histMiddleEquivalent(h, histValueAt(h, i));
    }
    return (double)sum / (double)h->total;
}

int64_t histValueAtPercentile(const hist *h, double percentile) {
    double p = percentile < 100.0 ? percentile : 100.0;
    int64_t wanted = (int64_t)((p / 100) * (double)h->total + 0.5);
    if (wanted < 1) wanted = 1;
    int64_t seen = 0, value = 0;
    for (int i = 0; i < h->counts_len; i++) {
        seen += h->counts[i];
        if (seen >= wanted) {
            value = histValueAt(h, i);
            break;
        }
    }
    if (percentile == 0.0) return histLowestEquivalent(h, value);
    return histHighestEquivalent(h, value);
}

/* ------------------------------------------------------------------------
 * Iterators
 * ------------------------------------------------------------------------ */

static void histIterInit(histIter *it, const hist *h, int mode) {
    memset(it, 0, sizeof(*it));
    it->h = h;
    it->mode = mode;
    it->index = -1;
}

void histIterPercentileInit(histIter *it, const hist *h, int ticks_per_half) {
    histIterInit(it, h, HIST_ITER_PERCENTILE);
    it->ticks = ticks_per_half;
}

void histIterLinearInit(histIter *it, const hist *h, int64_t units) {
    histIterInit(it, h, HIST_ITER_LINEAR);
    it->units = units;
    it->next_level = units;
    it->next_level_low = histLowestEquivalent(h, units);
}

void histIterLinearSetUnits(histIter *it, int64_t units) {
    it->units = units; /* takes effect after the stop already planned */
}

static int histIterHasMore(const histIter *it) {
    return it->cumulative < it->h->total;
}

/* Step to the next slot; 0 past the end of the counters. */
static int histIterMove(histIter *it) {
    const hist *h = it->h;
    it->index++;
    if (it->index >= h->counts_len) return 0;
    it->count = h->counts[it->index];
    it->cumulative += it->count;
    it->value = histValueAt(h, it->index);
    it->highest_equivalent = histHighestEquivalent(h, it->value);
    return 1;
}

/* The stop after p: each halving of the distance to 100% gets `ticks`
 * stops, so the ladder is 0, 50, 75, 87.5... for ticks = 1. */
static double histNextPercentile(double p, int ticks) {
    int64_t halvings = (int64_t)(log(100 / (100.0 - p)) / log(2)) + 1;
    int64_t stops = (int64_t)ticks * (int64_t)pow(2, (double)halvings);
    return p + 100.0 / (double)stops;
}

static int histIterNextPercentile(histIter *it) {
    if (!histIterHasMore(it)) {
        /* Everything seen: one last stop at exactly 100%. */
        if (it->done_last) return 0;
        it->done_last = 1;
        it->percentile = 100.0;
        return 1;
    }
    if (it->index == -1 && !histIterMove(it)) return 0;
    do {
        double reached = (100.0 * (double)it->cumulative) / (double)it->h->total;
        if (it->count != 0 && it->next_percentile <= reached) {
            it->percentile = it->next_percentile;
            it->next_percentile = histNextPercentile(it->next_percentile, it->ticks);
            return 1;
        }
    } while (histIterHasMore(it) && histIterMove(it));
    return 1;
}

static int histIterNextLinear(histIter *it) {
    /* Go on while values remain, or while the next slot is still below the
     * planned stop (the stop after the last value is still reported). */
    int more = histIterHasMore(it);
    if (!more && it->index < it->h->counts_len)
        more = histValueAt(it->h, it->index + 1) > it->next_level_low;
    if (!more) return 0;
    for (;;) {
        if (it->value >= it->next_level_low) {
            it->next_level += it->units;
            it->next_level_low = histLowestEquivalent(it->h, it->next_level);
            return 1;
        }
        if (!histIterMove(it)) return 1;
    }
}

int histIterNext(histIter *it) {
    if (it->mode == HIST_ITER_PERCENTILE) return histIterNextPercentile(it);
    return histIterNextLinear(it);
}
