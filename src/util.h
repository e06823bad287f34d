/* util.h - string, number, pattern, time and path helpers shared by the
 * server and the tools.  Nothing here knows about server state. */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "sds.h"

/* Buffer size that holds any long long / unsigned long long in decimal,
 * sign and NUL terminator included. */
#define LONG_STR_SIZE 21

/* Buffer size for ld2string()/string2ld(): a long double written with
 * "%.17Lf" can be thousands of characters long. */
#define MAX_LONG_DOUBLE_CHARS (5 * 1024)

/* Buffer size for d2string() output ("%.17g" needs at most 24 + NUL). */
#define MAX_D2STRING_CHARS 128

/* Glob-style matching of string[0..stringLen) against
 * pattern[0..patternLen):
 *
 *   *        any sequence of bytes (consecutive stars count as one)
 *   ?        any single byte
 *   [abc]    one byte of the set; [^abc] one byte not in it
 *   [a-z]    a range; reversed ranges ([z-a]) work too
 *   \x       the byte x literally (inside brackets too)
 *
 * Matching details are those of Redis: "[]" and "[^]" close at once (the
 * set is empty), an unclosed "[" takes the rest of the pattern as its set,
 * "[a-]" is the range 'a'..']' left open, inside brackets a backslash
 * escape compares case-sensitively even with nocase, and an empty string
 * is matched only by an empty pattern (not even by "*").  nocase folds
 * ASCII letters.  The running time is bounded by O(patternLen * stringLen)
 * whatever the pattern.
 *
 * Returns 1 on match, 0 otherwise. */
int stringmatchlen(const char *pattern, int patternLen, const char *string,
                   int stringLen, int nocase);
int stringmatch(const char *pattern, const char *string, int nocase);

/* Strict integer parsing: an optional '-', then digits with no leading
 * zero (except "0" itself); no spaces, no '+', "-0" rejected, overflow
 * rejected.  Return 1 on success (value may be NULL to just validate),
 * 0 on error. */
int string2ll(const char *s, size_t slen, long long *value);
int string2l(const char *s, size_t slen, long *lval);
/* NUL-terminated input, same rules without '-', range 0..ULLONG_MAX. */
int string2ull(const char *s, unsigned long long *value);

/* Decimal formatting.  Write the number and a NUL terminator into dst and
 * return the length, or return 0 if dstlen is too small (LONG_STR_SIZE is
 * always enough). */
int ll2string(char *dst, size_t dstlen, long long svalue);
int ull2string(char *dst, size_t dstlen, unsigned long long value);
uint32_t digits10(uint64_t v);  /* decimal digits in v */
uint32_t sdigits10(int64_t v);  /* same, plus one for a '-' sign */

/* Floating point parsing: the whole input must be a number accepted by
 * strtold()/strtod() ("inf" included), with no leading space.  NaN,
 * overflow and underflow to zero are rejected.  Return 1 ok, 0 error.
 * dp may be NULL to just validate. */
int string2ld(const char *s, size_t slen, long double *dp);
int string2d(const char *s, size_t slen, double *dp);

typedef enum {
    LD_STR_AUTO,  /* "%.17Lg" */
    LD_STR_HUMAN, /* "%.17Lf" without trailing zeros (INCRBYFLOAT) */
    LD_STR_HEX    /* "%La", exact */
} ld2string_mode;

/* Format a long double; infinities become "inf" / "-inf".  Returns the
 * length written (NUL terminated), 0 if buf is too small. */
int ld2string(char *buf, size_t len, long double value, ld2string_mode mode);

/* Format a double for replies: "nan", "inf", "-inf", "0"/"-0", integral
 * values of magnitude below 2^52 without a decimal point, otherwise
 * "%.17g".  Returns the length, 0 if buf is too small. */
int d2string(char *buf, size_t len, double value);

/* If d is integral and exactly representable as a long long, store it and
 * return 1; otherwise return 0. */
int double2ll(double d, long long *out);

/* Parse a memory amount: digits optionally followed by a unit, case
 * insensitive: b (1), k (1000), kb (1024), m (10^6), mb (2^20), g (10^9),
 * gb (2^30).  On error (negative, junk, no digits, overflow) returns 0 and
 * sets *err to 1; *err is 0 on success.  err may be NULL. */
unsigned long long memtoull(const char *p, int *err);

/* Random bytes from a generator seeded once per process from /dev/urandom.
 * Fast and unpredictable enough for run ids and keys, not meant for
 * long-term cryptographic secrets. */
void getRandomBytes(unsigned char *p, size_t len);
/* Fill p with len random characters from [0-9a-f] (not NUL terminated). */
void getRandomHexChars(char *p, size_t len);

/* Wall clock time in microseconds / milliseconds since the epoch. */
long long ustime(void);
long long mstime(void);

/* 1 if path has no directory component ('/' or '\'). */
int pathIsBaseName(char *path);
/* 1 if dname exists and is a directory / if filename exists. */
int dirExists(char *dname);
int fileExist(char *filename);
/* Create dname (mode 0755) unless it is already a directory.  Returns 0 on
 * success, -1 with errno set otherwise (ENOTDIR if it exists but is not a
 * directory). */
int dirCreateIfMissing(char *dname);
/* Absolute form of filename (surrounding spaces trimmed; relative paths
 * resolved against the working directory, leading "../" components folded
 * into it).  Returns a new sds, or NULL if the working directory cannot be
 * read. */
sds getAbsolutePath(char *filename);

/* CPU affinity from a cpulist ("0,2-5,8-15:2": cpus, ranges, ranges with a
 * step) for the calling thread (the whole process when called from its only
 * thread).  Returns 0, or -1 for a malformed list or a failed system call
 * (nothing changes then).  NULL or "" does nothing. */
int setCpuAffinity(const char *cpulist);

#endif /* UTIL_H */
