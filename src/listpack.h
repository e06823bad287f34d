/* listpack.h - a compact, serialized list of strings and integers.
 *
 * A listpack is one heap allocation holding a sequence of elements, each a
 * byte string or a 64-bit signed integer, laid out so that it can be walked
 * in both directions and written unchanged into RDB files.  The byte format
 * (the one of Redis 7.0) is described at the top of listpack.c.
 *
 * A listpack is handled as an `unsigned char *`.  Every function that may
 * change its size returns the (possibly moved) listpack, which the caller
 * must store in place of the old pointer.  An element is addressed by a
 * pointer to its first byte ("entry pointer", `p`); such pointers are valid
 * only until the next modification, unless a function hands back a fresh
 * one through a `newp` / `p` out argument.
 *
 * This module knows nothing of the server: it includes only zmalloc.h and
 * util.h. */
#ifndef LISTPACK_H
#define LISTPACK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where lpInsertString()/lpInsertInteger() put the new element relative to
 * the given entry. */
#define LP_BEFORE 0
#define LP_AFTER 1
#define LP_REPLACE 2

/* A buffer of this size holds any integer element written as a string
 * (sign, 19 digits, NUL). */
#define LP_INTBUF_SIZE 21

/* A listpack never grows past this many bytes through lpSafeToAdd()
 * checks done by its users (the format itself allows up to 4GB). */
#define LISTPACK_MAX_SAFETY_SIZE (1 << 30)

/* An element copied out of a listpack: a string (sval != NULL, slen bytes,
 * pointing into the listpack) or an integer (sval == NULL, lval). */
typedef struct {
    unsigned char *sval;
    uint32_t slen;
    long long lval;
} listpackEntry;

/* ---- Creation and size ------------------------------------------------ */

/* A new empty listpack; capacity is a hint for the initial allocation. */
unsigned char *lpNew(size_t capacity);
void lpFree(unsigned char *lp);
/* Release the allocator slack past the used bytes. */
unsigned char *lpShrinkToFit(unsigned char *lp);
/* Total bytes used, header and terminator included. */
size_t lpBytes(unsigned char *lp);
/* Number of elements.  When the header does not know it (65535 or more
 * elements) the listpack is walked, and the header fixed if it fits. */
unsigned long lpLength(unsigned char *lp);
/* 1 if growing lp by `add` bytes keeps it within LISTPACK_MAX_SAFETY_SIZE
 * (lp may be NULL). */
int lpSafeToAdd(unsigned char *lp, size_t add);

/* ---- Insertion, replacement, deletion --------------------------------- */

/* Insert s[0..slen) (stored as an integer when it is the canonical decimal
 * form of one) or the integer lval before/after the entry p, or replace p
 * (LP_REPLACE).  p may point at the terminator to append.  If newp is not
 * NULL it receives the address of the new element.  Returns the new lp, or
 * NULL if the result would exceed 4GB (lp is then left untouched).  The
 * bytes of s must not lie inside lp itself (lp may move before they are
 * copied). */
unsigned char *lpInsertString(unsigned char *lp, unsigned char *s, uint32_t slen,
                              unsigned char *p, int where, unsigned char **newp);
unsigned char *lpInsertInteger(unsigned char *lp, long long lval,
                               unsigned char *p, int where, unsigned char **newp);
unsigned char *lpAppend(unsigned char *lp, unsigned char *s, uint32_t slen);
unsigned char *lpAppendInteger(unsigned char *lp, long long lval);
unsigned char *lpPrepend(unsigned char *lp, unsigned char *s, uint32_t slen);
unsigned char *lpPrependInteger(unsigned char *lp, long long lval);
/* Replace the element at *p; *p is updated to the new element. */
unsigned char *lpReplace(unsigned char *lp, unsigned char **p, unsigned char *s, uint32_t slen);
unsigned char *lpReplaceInteger(unsigned char *lp, unsigned char **p, long long lval);
/* Delete the element at p; *newp (if not NULL) receives the element that
 * took its place, or NULL if p was the last one. */
unsigned char *lpDelete(unsigned char *lp, unsigned char *p, unsigned char **newp);
/* Delete up to num elements starting at *p.  *p then addresses the element
 * after the deleted ones, or is NULL if none is left there. */
unsigned char *lpDeleteRangeWithEntry(unsigned char *lp, unsigned char **p, unsigned long num);
/* Delete up to num elements starting at index (negative counts from the
 * tail, -1 being the last element).  Out of range index: nothing happens. */
unsigned char *lpDeleteRange(unsigned char *lp, long index, unsigned long num);
/* Delete the `count` elements whose entry pointers are given in ps, sorted
 * by address, without duplicates, in a single pass. */
unsigned char *lpBatchDelete(unsigned char *lp, unsigned char **ps, unsigned long count);
/* Concatenate *first and *second.  The larger of the two is grown in place
 * and returned; the other is freed and its pointer set to NULL.  Returns NULL
 * (nothing changed) if either is NULL or both are the same listpack. */
unsigned char *lpMerge(unsigned char **first, unsigned char **second);

/* ---- Navigation -------------------------------------------------------- */

unsigned char *lpFirst(unsigned char *lp);          /* NULL if empty */
unsigned char *lpLast(unsigned char *lp);           /* NULL if empty */
unsigned char *lpNext(unsigned char *lp, unsigned char *p);  /* NULL at the end */
/* The element before p (p may be the terminator); NULL before the first. */
unsigned char *lpPrev(unsigned char *lp, unsigned char *p);
/* The element at index (negative: from the tail), or NULL if out of range. */
unsigned char *lpSeek(unsigned char *lp, long index);

/* ---- Reading ----------------------------------------------------------- */

/* Read the element at p.  A string element returns a pointer to its bytes
 * and its length in *count.  An integer element is written in decimal into
 * intbuf (LP_INTBUF_SIZE bytes, NUL terminated) and intbuf is returned with
 * the length in *count; with intbuf NULL, the value itself goes to *count
 * and NULL is returned. */
unsigned char *lpGet(unsigned char *p, int64_t *count, unsigned char *intbuf);
/* Same, split by type: a string returns its bytes and length (*slen); an
 * integer returns NULL and sets *lval. */
unsigned char *lpGetValue(unsigned char *p, unsigned int *slen, long long *lval);
/* 1 if the element at p equals s[0..slen) as a string (integers compare by
 * their decimal form); 0 otherwise or if p is the terminator. */
unsigned int lpCompare(unsigned char *p, unsigned char *s, uint32_t slen);
/* Starting at p, look for an element equal to s[0..slen), comparing one
 * element then skipping `skip` (skip = 1 visits the keys of a key/value
 * listpack).  Returns the matching entry or NULL. */
unsigned char *lpFind(unsigned char *lp, unsigned char *p, unsigned char *s,
                      uint32_t slen, unsigned int skip);

/* ---- Validation of untrusted bytes (RDB, RESTORE) ---------------------- */

/* Called for each element during deep validation with the element count
 * from the header; return 0 to reject. */
typedef int (*listpackValidateEntryCB)(unsigned char *p, unsigned int head_count, void *userdata);
/* Check that lp[0..size) is a well-formed listpack.  Shallow: header size
 * and terminator only.  Deep: every element, its length fields, back
 * length and bounds, and the element count.  Never reads outside
 * lp[0..size).  Returns 1 if valid. */
int lpValidateIntegrity(unsigned char *lp, size_t size, int deep,
                        listpackValidateEntryCB entry_cb, void *cb_userdata);
/* Step-by-step validation for callers that walk a listpack whose header was
 * already checked: lpValidateFirst() returns the first element (NULL if
 * empty); lpValidateNext() checks the element at *pp and advances *pp to the
 * next one (NULL at the terminator).  Returns 0 on a malformed element. */
unsigned char *lpValidateFirst(unsigned char *lp);
int lpValidateNext(unsigned char *lp, unsigned char **pp, size_t lpbytes);

/* ---- Random sampling (HRANDFIELD, ZRANDMEMBER) ------------------------- */

/* The generator used for sampling: by default an internal xorshift PRNG
 * (reseeded by lpRandomSeed()); lpSetRandomFunction() installs another
 * source (NULL restores the internal one). */
void lpRandomSeed(uint64_t seed);
void lpSetRandomFunction(uint64_t (*fn)(void));
/* Pick a random key/value pair out of a listpack of total_count pairs.
 * val may be NULL. */
void lpRandomPair(unsigned char *lp, unsigned long total_count,
                  listpackEntry *key, listpackEntry *val);
/* count random pairs, repetitions allowed, into keys[] / vals[] (vals may
 * be NULL).  The listpack must hold at least one pair. */
void lpRandomPairs(unsigned char *lp, unsigned int count, listpackEntry *keys,
                   listpackEntry *vals);
/* Up to count distinct random pairs, in listpack order.  Returns how many
 * were picked (min(count, pairs)). */
unsigned int lpRandomPairsUnique(unsigned char *lp, unsigned int count,
                                 listpackEntry *keys, listpackEntry *vals);
/* count random single elements, repetitions allowed. */
void lpRandomEntries(unsigned char *lp, unsigned int count, listpackEntry *entries);

/* ---- Debugging --------------------------------------------------------- */

/* Print the layout of lp, element by element (DEBUG LISTPACK), to stdout
 * or to fp. */
void lpRepr(unsigned char *lp);
void lpReprFile(FILE *fp, unsigned char *lp);

#endif /* LISTPACK_H */
