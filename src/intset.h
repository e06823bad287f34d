/* intset.h - a sorted set of integers in one compact, portable blob.
 *
 * Small sets whose members are all integers are stored as an intset: a
 * header and a sorted array of fixed-width integers, all in one allocation.
 * Membership is a binary search; adding or removing shifts the tail.  The
 * blob is also the exact payload of RDB_TYPE_SET_INTSET in RDB files and
 * DUMP payloads, so its byte layout is fixed and is the same on every host:
 *
 *     +----------+----------+-------------------------------------+
 *     | encoding |  length  | length values, ascending, no dups   |
 *     | u32 LE   |  u32 LE  | each `encoding` bytes, signed, LE   |
 *     +----------+----------+-------------------------------------+
 *
 * encoding is the width of every value in bytes: 2, 4 or 8.  A new set
 * starts at 2; adding a value that does not fit widens every member at once
 * (an upgrade).  Removing values never narrows the encoding back.
 *
 * Functions that may resize the blob return the (possibly moved) pointer,
 * which the caller must use from then on:
 *
 *     is = intsetAdd(is, 42, &added);
 *
 * A blob received from outside (RDB, RESTORE) must be checked with
 * intsetValidateIntegrity() before any other function touches it. */
#ifndef INTSET_H
#define INTSET_H

#include <stddef.h>
#include <stdint.h>

/* Widths in bytes, as stored in the encoding field. */
#define INTSET_ENC_INT16 2
#define INTSET_ENC_INT32 4
#define INTSET_ENC_INT64 8

/* The fields are little-endian whatever the host: read them through the
 * functions below, never directly. */
typedef struct intset {
    uint32_t encoding;
    uint32_t length;
    int8_t contents[];
} intset;

/* A source of 64-bit random numbers for intsetRandom(). */
typedef uint64_t intsetRandomSource(void);

intset *intsetNew(void);
intset *intsetDup(const intset *is);
/* *success (may be NULL) is 1 if value was added, 0 if already present. */
intset *intsetAdd(intset *is, int64_t value, uint8_t *success);
/* *success (may be NULL) is 1 if value was removed, 0 if absent. */
intset *intsetRemove(intset *is, int64_t value, int *success);
uint8_t intsetFind(const intset *is, int64_t value);
/* Binary search: 1 and *pos = its index if value is present, else 0 and
 * *pos = the index where it would be inserted.  pos may be NULL. */
uint8_t intsetSearch(const intset *is, int64_t value, uint32_t *pos);
/* A uniformly chosen member; the set must not be empty. */
int64_t intsetRandom(const intset *is, intsetRandomSource *rnd);
/* Member at index pos (0 = smallest): 1 and *value, or 0 if out of range. */
uint8_t intsetGet(const intset *is, uint32_t pos, int64_t *value);
/* Smallest / largest member; the set must not be empty. */
int64_t intsetMin(const intset *is);
int64_t intsetMax(const intset *is);
uint32_t intsetLen(const intset *is);
/* Size of the blob in bytes (what goes into an RDB string). */
size_t intsetBlobLen(const intset *is);
/* Check size bytes at p: a known encoding, a non-zero length that matches
 * size exactly, and when deep, values strictly ascending.  Never reads
 * outside [p, p+size).  Returns 1 if valid, 0 otherwise. */
int intsetValidateIntegrity(const unsigned char *p, size_t size, int deep);

#endif /* INTSET_H */
