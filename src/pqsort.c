/* pqsort.c - partial quicksort (see pqsort.h). */
#include "pqsort.h"

#include <stdint.h>
#include <string.h>

typedef unsigned char byte;

static inline void swapBytes(byte *x, byte *y, size_t n) {
    while (n--) {
        byte t = *x;
        *x++ = *y;
        *y++ = t;
    }
}

/* Exchange the n-byte blocks at x and y (n may be 0). */
static inline void blockSwap(byte *x, byte *y, size_t n) {
    if (n > 0) swapBytes(x, y, n);
}

/* The median of the three elements at a, b, c. */
static byte *median3(byte *a, byte *b, byte *c, int (*cmp)(const void *, const void *)) {
    if (cmp(a, b) < 0) {
        if (cmp(b, c) < 0) return b;
        return cmp(a, c) < 0 ? c : a;
    }
    if (cmp(b, c) > 0) return b;
    return cmp(a, c) < 0 ? a : c;
}

static void insertionSort(byte *a, size_t n, size_t es, int (*cmp)(const void *, const void *)) {
    for (byte *m = a + es; m < a + n * es; m += es)
        for (byte *l = m; l > a && cmp(l - es, l) > 0; l -= es) swapBytes(l, l - es, es);
}

/* lo and hi are the first and last byte of the range to order; a partition
 * [first, last] is skipped when the whole range lies on one side of it. */
static void pqsortBytes(byte *a, size_t n, size_t es, int (*cmp)(const void *, const void *), byte *lo, byte *hi) {
    for (;;) {
        if (n < 7) {
            insertionSort(a, n, es, cmp);
            return;
        }
        /* Pivot: the middle element, the median of three for n > 7, and
         * the median of three medians for n > 40; moved to the front. */
        byte *pm = a + (n / 2) * es;
        if (n > 7) {
            byte *pl = a, *pn = a + (n - 1) * es;
            if (n > 40) {
                size_t d = (n / 8) * es;
                pl = median3(pl, pl + d, pl + 2 * d, cmp);
                pm = median3(pm - d, pm, pm + d, cmp);
                pn = median3(pn - 2 * d, pn - d, pn, cmp);
            }
            pm = median3(pl, pm, pn, cmp);
        }
        swapBytes(a, pm, es);

        /* Partition a[1..n-1] into: equal to the pivot [a+es, pa), less
         * [pa, pb), greater (pd, pn), equal [pd+es, pn) at the far end. */
        byte *pa = a + es, *pb = pa;
        byte *pc = a + (n - 1) * es, *pd = pc;
        int swapped = 0;
        for (;;) {
            int r;
            while (pb <= pc && (r = cmp(pb, a)) <= 0) {
                if (r == 0) {
                    swapped = 1;
                    swapBytes(pa, pb, es);
                    pa += es;
                }
                pb += es;
            }
            while (pb <= pc && (r = cmp(pc, a)) >= 0) {
                if (r == 0) {
                    swapped = 1;
                    swapBytes(pc, pd, es);
                    pd -= es;
                }
                pc -= es;
            }
            if (pb > pc) break;
            swapBytes(pb, pc, es);
            swapped = 1;
            pb += es;
            pc -= es;
        }
        /* Nothing moved: the input is probably nearly sorted. */
        if (!swapped) {
            insertionSort(a, n, es, cmp);
            return;
        }

        /* Bring the equal keys from both ends to the middle. */
        byte *pn = a + n * es;
        size_t r = (size_t)(pa - a) < (size_t)(pb - pa) ? (size_t)(pa - a) : (size_t)(pb - pa);
        blockSwap(a, pb - r, r);
        r = (size_t)(pd - pc) < (size_t)(pn - pd) - es ? (size_t)(pd - pc) : (size_t)(pn - pd) - es;
        blockSwap(pb, pn - r, r);

        /* Recurse into the "less" part, loop on the "greater" part; either
         * only when it overlaps the range to order. */
        if ((r = (size_t)(pb - pa)) > es) {
            byte *first = a, *last = a + r - 1;
            if (!((lo < first && hi < first) || (lo > last && hi > last))) pqsortBytes(a, r / es, es, cmp, lo, hi);
        }
        if ((r = (size_t)(pd - pc)) > es) {
            a = pn - r;
            n = r / es;
            byte *first = a, *last = a + r - 1;
            if (!((lo < first && hi < first) || (lo > last && hi > last))) continue;
        }
        return;
    }
}

void pqsort(void *a, size_t n, size_t es, int (*cmp)(const void *, const void *), size_t lrange, size_t rrange) {
    byte *base = a;
    pqsortBytes(base, n, es, cmp, base + lrange * es, base + (rrange + 1) * es - 1);
}
