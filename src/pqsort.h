/* pqsort.h - partial sort: order only the elements whose final positions
 * fall in a given range.
 *
 * Sorting n points to return the first k (GEOSEARCH ... COUNT k) does not
 * need the other n - k in order.  pqsort() is a quicksort that skips every
 * partition lying wholly outside [lrange, rrange]: those positions end up
 * holding the right elements, but not sorted.
 *
 * The algorithm is Bentley and McIlroy's "Engineering a Sort Function"
 * (Software: Practice and Experience, 1993), the one Redis's geo commands
 * use for the same job: equal elements (distance ties) come out in the same
 * order as in Redis only if the same partitioning steps are taken, so this
 * follows the paper's choices exactly (insertion sort below 7 elements,
 * median of three, ninther above 40, three-way partitioning with the equal
 * keys swapped to the ends, insertion sort when a pass swapped nothing). */
#ifndef PQSORT_H
#define PQSORT_H

#include <stddef.h>

/* Sort a[lrange..rrange] (element indexes, inclusive) of the n elements of
 * size es, as a full sort would place them. */
void pqsort(void *a, size_t n, size_t es, int (*cmp)(const void *, const void *), size_t lrange, size_t rrange);

#endif
