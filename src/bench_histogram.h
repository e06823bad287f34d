/* bench_histogram: a latency histogram with a fixed relative precision.
 *
 * The idea is the one of HDR histograms: values (microseconds for the
 * benchmark) are counted in buckets whose width grows with the value, so
 * that every recorded value is known to `sigfigs` significant decimal digits
 * while the whole range [0, highest] fits in a few thousand counters.
 *
 * Layout.  Let S be the smallest power of two >= 2 * 10^sigfigs (2048 for
 * three digits) and u = floor(log2(lowest)).  Bucket 0 covers [0, S << u)
 * in S slots of width 2^u; bucket k > 0 covers [S << (u+k-1), S << (u+k))
 * in S/2 slots of width 2^(u+k) (its lower half would repeat bucket k-1).
 * So the counters form one array: S slots, then S/2 per further bucket.
 * A value's slot has a lowest and a highest "equivalent" value: every value
 * between the two is counted in the same slot and reported as one of them.
 *
 * The two iterators produce the benchmark's report ladders:
 *   - percentile: stops at 0%, 50%, 75%, 87.5%... (each step covers half of
 *     what remains to 100%, `ticks` stops per halving), then once at 100%;
 *   - linear: stops every `units` of value (the step may be changed while
 *     iterating), as long as recorded values remain above the last stop.
 *
 * A base module: it knows nothing of the benchmark; see unit/test_histogram.c. */
#ifndef BENCH_HISTOGRAM_H
#define BENCH_HISTOGRAM_H

#include <stdint.h>

typedef struct hist {
    int64_t lowest;             /* smallest value counted with full precision */
    int64_t highest;            /* largest value that can be recorded */
    int sigfigs;
    int unit_magnitude;         /* log2 of the width of bucket 0's slots */
    int half_magnitude;         /* log2(S/2) */
    int64_t sub_count;          /* S, slots of bucket 0 */
    int64_t sub_mask;           /* (S-1) << unit_magnitude */
    int counts_len;
    int64_t total;              /* values recorded */
    int64_t min_value;          /* smallest non-zero value recorded, or INT64_MAX */
    int64_t max_value;          /* largest value recorded, or 0 */
    int64_t counts[];
} hist;

/* NULL if the arguments are invalid (lowest < 1, highest < 2 * lowest,
 * sigfigs outside 1..5). */
hist *histCreate(int64_t lowest, int64_t highest, int sigfigs);
void histFree(hist *h);
void histReset(hist *h);

/* Count one value; 0 (and nothing counted) if it is negative or above the
 * range.  The atomic form may be called from several threads at once. */
int histRecord(hist *h, int64_t value);
int histRecordAtomic(hist *h, int64_t value);

int64_t histLowestEquivalent(const hist *h, int64_t value);
int64_t histHighestEquivalent(const hist *h, int64_t value);

/* 0 if the smallest slot holds a value, else the lowest equivalent of the
 * smallest recorded value (INT64_MAX when empty). */
int64_t histMin(const hist *h);
/* Highest equivalent of the largest recorded value, 0 when empty. */
int64_t histMax(const hist *h);
/* Mean of the slots' middle values (NaN when empty: 0/0). */
double histMean(const hist *h);
/* Highest equivalent value of the slot holding the value at `percentile`. */
int64_t histValueAtPercentile(const hist *h, double percentile);

typedef struct histIter {
    const hist *h;
    int mode;                   /* HIST_ITER_PERCENTILE or HIST_ITER_LINEAR */
    int index;                  /* current slot, -1 before the first */
    int64_t count;              /* values in the current slot */
    int64_t value;              /* lowest value of the current slot */
    int64_t cumulative;         /* values in all slots up to the current one */
    int64_t highest_equivalent; /* of the current slot */
    double percentile;          /* percentile mode: the stop just reported */
    /* percentile mode */
    double next_percentile;
    int ticks;
    int done_last;
    /* linear mode */
    int64_t units;
    int64_t next_level;
    int64_t next_level_low;
} histIter;

#define HIST_ITER_PERCENTILE 0
#define HIST_ITER_LINEAR 1

void histIterPercentileInit(histIter *it, const hist *h, int ticks_per_half);
void histIterLinearInit(histIter *it, const hist *h, int64_t units);
void histIterLinearSetUnits(histIter *it, int64_t units);
/* 1 with it->percentile / highest_equivalent / cumulative set, 0 at the end. */
int histIterNext(histIter *it);

#endif
