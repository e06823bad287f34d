/* util.c - string, number, pattern, time and path helpers.  See util.h. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "siphash.h"
#include "zmalloc.h"

/* ------------------------------------------------------------------------
 * Glob matching
 * ------------------------------------------------------------------------ */

/* ASCII-only case folding, independent of the C library locale. */
static inline int foldAscii(int c) {
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static inline int sameByte(char a, char b, int nocase) {
    if (a == b) return 1;
    return nocase && foldAscii(a) == foldAscii(b);
}

/* Try the pattern element starting at pattern[*pos] (anything but '*')
 * against the single byte c.  Every such element consumes exactly one byte
 * of the string, which is what lets stringmatchlen() backtrack on the last
 * star only.  On return *pos is just past the element. */
static int matchElement(const char *pattern, int len, int *pos, char c, int nocase) {
    int i = *pos;

    if (pattern[i] == '?') {
        *pos = i + 1;
        return 1;
    }
    if (pattern[i] == '\\' && i + 1 < len) {
        /* Escaped byte; a backslash ending the pattern is itself literal. */
        *pos = i + 2;
        return sameByte(pattern[i + 1], c, nocase);
    }
    if (pattern[i] != '[') {
        *pos = i + 1;
        return sameByte(pattern[i], c, nocase);
    }

    /* Bracket expression. */
    int negate = 0, found = 0;
    i++;
    if (i < len && pattern[i] == '^') {
        negate = 1;
        i++;
    }
    while (i < len) {
        if (pattern[i] == '\\' && i + 1 < len) {
            /* Escapes inside a set compare exactly, even with nocase. */
            if (pattern[i + 1] == c) found = 1;
            i += 2;
        } else if (pattern[i] == ']') {
            i++;
            break;
        } else if (i + 2 < len && pattern[i + 1] == '-') {
            /* Bytes compare as plain (platform signed) chars, so the
             * ordering of ranges with high bytes is that of `char`. */
            int lo = pattern[i], hi = pattern[i + 2], ch = c;
            if (lo > hi) {
                int tmp = lo;
                lo = hi;
                hi = tmp;
            }
            if (nocase) {
                /* Folding happens after ordering the bounds. */
                lo = foldAscii(lo);
                hi = foldAscii(hi);
                ch = foldAscii(ch);
            }
            if (ch >= lo && ch <= hi) found = 1;
            i += 3;
        } else {
            if (sameByte(pattern[i], c, nocase)) found = 1;
            i++;
        }
    }
    /* An unclosed '[' ends here too, having used up the whole pattern. */
    *pos = i;
    return found != negate;
}

/* Iterative matcher.  Since every element other than '*' consumes exactly
 * one byte, only the most recent star ever needs to be revisited: if the
 * text after it cannot be matched by letting that star absorb k bytes, an
 * earlier star absorbing more cannot help either (it would only leave
 * fewer bytes to the same tail).  So on a mismatch we let the last star
 * take one more byte and restart just after it.  That bounds the work to
 * O(patternLen * stringLen) steps with no recursion. */
int stringmatchlen(const char *pattern, int patternLen, const char *string,
                   int stringLen, int nocase) {
    if (patternLen < 0) patternLen = 0;
    if (stringLen <= 0) return patternLen == 0;

    int p = 0, s = 0;
    int starP = -1, starS = 0; /* resume point after the last star */

    while (s < stringLen) {
        if (p < patternLen && pattern[p] == '*') {
            while (p < patternLen && pattern[p] == '*') p++;
            if (p == patternLen) return 1; /* trailing star eats the rest */
            starP = p;
            starS = s;
            continue;
        }
        if (p < patternLen) {
            int next = p;
            if (matchElement(pattern, patternLen, &next, string[s], nocase)) {
                p = next;
                s++;
                continue;
            }
        }
        if (starP < 0) return 0;
        starS++;
        p = starP;
        s = starS;
    }
    /* String used up: only stars may remain. */
    while (p < patternLen && pattern[p] == '*') p++;
    return p == patternLen;
}

int stringmatch(const char *pattern, const char *string, int nocase) {
    return stringmatchlen(pattern, (int)strlen(pattern), string, (int)strlen(string), nocase);
}

/* ------------------------------------------------------------------------
 * Integers <-> strings
 * ------------------------------------------------------------------------ */

/* Powers of ten that fit in 64 bits. */
static const uint64_t pow10tab[20] = {
    1ULL,
    10ULL,
    100ULL,
    1000ULL,
    10000ULL,
    100000ULL,
    1000000ULL,
    10000000ULL,
    100000000ULL,
    1000000000ULL,
    10000000000ULL,
    100000000000ULL,
    1000000000000ULL,
    10000000000000ULL,
    100000000000000ULL,
    1000000000000000ULL,
    10000000000000000ULL,
    100000000000000000ULL,
    1000000000000000000ULL,
    10000000000000000000ULL,
};

/* Number of decimal digits of v.  log10(v) is estimated from the bit length
 * (1233 / 4096 is just below log10(2), which makes the estimate either
 * exact or one too small), then corrected with one table compare. */
uint32_t digits10(uint64_t v) {
    if (v < 10) return 1;
    uint32_t bits = 64 - (uint32_t)__builtin_clzll(v);
    uint32_t t = (bits * 1233) >> 12;
    return t + (v >= pow10tab[t]);
}

uint32_t sdigits10(int64_t v) {
    if (v < 0) return digits10((uint64_t)0 - (uint64_t)v) + 1;
    return digits10((uint64_t)v);
}

/* "00" "01" ... "99": two digits per lookup halves the divisions. */
static const char digitPairs[201] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

int ull2string(char *dst, size_t dstlen, unsigned long long value) {
    uint32_t n = digits10(value);
    if (n >= dstlen) {
        if (dstlen) dst[0] = '\0';
        return 0;
    }
    dst[n] = '\0';
    char *p = dst + n; /* fill backwards, p is one past the next slot */
    while (value >= 100) {
        unsigned idx = (unsigned)(value % 100) * 2;
        value /= 100;
        *--p = digitPairs[idx + 1];
        *--p = digitPairs[idx];
    }
    if (value >= 10) {
        unsigned idx = (unsigned)value * 2;
        *--p = digitPairs[idx + 1];
        *--p = digitPairs[idx];
    } else {
        *--p = (char)('0' + value);
    }
    return (int)n;
}

int ll2string(char *dst, size_t dstlen, long long svalue) {
    if (svalue >= 0) return ull2string(dst, dstlen, (unsigned long long)svalue);
    if (dstlen < 2) {
        if (dstlen) dst[0] = '\0';
        return 0;
    }
    /* Magnitude computed in unsigned arithmetic: fine for LLONG_MIN. */
    unsigned long long mag = (unsigned long long)0 - (unsigned long long)svalue;
    int n = ull2string(dst + 1, dstlen - 1, mag);
    if (n == 0) {
        dst[0] = '\0';
        return 0;
    }
    dst[0] = '-';
    return n + 1;
}

/* Strict decimal parser, on the hot path of every command that takes a
 * number.  Up to 19 digits cannot overflow an unsigned 64-bit accumulator,
 * so the loop needs no overflow checks; the range is checked once at the
 * end. */
int string2ll(const char *s, size_t slen, long long *value) {
    const unsigned char *p = (const unsigned char *)s;
    int negative = 0;

    if (slen == 1) {
        /* Single digit: the most common case by far. */
        if (p[0] < '0' || p[0] > '9') return 0;
        if (value) *value = p[0] - '0';
        return 1;
    }
    if (slen == 0 || slen > 20) return 0;
    if (p[0] == '-') {
        negative = 1;
        p++;
        slen--;
    }
    /* At least two characters were given, so what remains must be a
     * number with no leading zero (this also rejects "-0" and "-"). */
    if (slen == 0 || slen > 19 || p[0] < '1' || p[0] > '9') return 0;

    /* Two digits per step halves the multiply-add dependency chain. */
    unsigned long long v = p[0] - '0';
    size_t i = 1;
    for (; i + 1 < slen; i += 2) {
        unsigned d1 = (unsigned)p[i] - '0', d2 = (unsigned)p[i + 1] - '0';
        if ((d1 > 9) | (d2 > 9)) return 0;
        v = v * 100 + d1 * 10 + d2;
    }
    if (i < slen) {
        unsigned d = (unsigned)p[i] - '0';
        if (d > 9) return 0;
        v = v * 10 + d;
    }
    if (negative) {
        if (v > (unsigned long long)LLONG_MAX + 1) return 0;
        if (value) *value = (v == (unsigned long long)LLONG_MAX + 1) ? LLONG_MIN : -(long long)v;
    } else {
        if (v > (unsigned long long)LLONG_MAX) return 0;
        if (value) *value = (long long)v;
    }
    return 1;
}

int string2l(const char *s, size_t slen, long *lval) {
    long long ll;
    if (!string2ll(s, slen, &ll)) return 0;
    if (ll < LONG_MIN || ll > LONG_MAX) return 0;
    if (lval) *lval = (long)ll;
    return 1;
}

int string2ull(const char *s, unsigned long long *value) {
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);

    if (len == 0 || len > 20) return 0;
    if (len > 1 && p[0] == '0') return 0;
    unsigned long long v = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned)p[i] - '0';
        if (d > 9) return 0;
        if (v > (ULLONG_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    if (value) *value = v;
    return 1;
}

/* ------------------------------------------------------------------------
 * Floating point <-> strings
 * ------------------------------------------------------------------------ */

int string2ld(const char *s, size_t slen, long double *dp) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    char *end;

    if (slen == 0 || slen >= sizeof(buf)) return 0;
    if (isspace((unsigned char)s[0])) return 0;
    memcpy(buf, s, slen);
    buf[slen] = '\0';

    errno = 0;
    long double v = strtold(buf, &end);
    if (end != buf + slen) return 0; /* trailing junk or embedded NUL */
    if (errno == EINVAL) return 0;
    if (errno == ERANGE && (isinf(v) || v == 0)) return 0;
    if (isnan(v)) return 0;
    if (dp) *dp = v;
    return 1;
}

int string2d(const char *s, size_t slen, double *dp) {
    if (slen == 0 || isspace((unsigned char)s[0])) return 0;

    /* Plain integers short enough to be exact doubles skip strtod(). */
    long long ll;
    if (slen <= 16 && string2ll(s, slen, &ll)) {
        if (dp) *dp = (double)ll;
        return 1;
    }

    char stackbuf[128];
    char *buf = (slen < sizeof(stackbuf)) ? stackbuf : zmalloc(slen + 1);
    char *end;
    memcpy(buf, s, slen);
    buf[slen] = '\0';
    errno = 0;
    double v = strtod(buf, &end);
    int ok = (end == buf + slen) && !(errno == ERANGE && (isinf(v) || v == 0)) && !isnan(v);
    if (buf != stackbuf) zfree(buf);
    if (!ok) return 0;
    if (dp) *dp = v;
    return 1;
}

int ld2string(char *buf, size_t len, long double value, ld2string_mode mode) {
    int l;

    if (isinf(value)) {
        const char *txt = value > 0 ? "inf" : "-inf";
        size_t tl = strlen(txt);
        if (len <= tl) return 0;
        memcpy(buf, txt, tl + 1);
        return (int)tl;
    }
    switch (mode) {
    case LD_STR_AUTO: l = snprintf(buf, len, "%.17Lg", value); break;
    case LD_STR_HEX: l = snprintf(buf, len, "%La", value); break;
    case LD_STR_HUMAN:
        /* 17 fractional digits, then the trailing zeros are dropped so that
         * e.g. 3.0 prints as "3" and 1.5 as "1.5". */
        l = snprintf(buf, len, "%.17Lf", value);
        if (l < 0 || (size_t)l >= len) return 0;
        if (memchr(buf, '.', (size_t)l) != NULL) {
            while (buf[l - 1] == '0') l--;
            if (buf[l - 1] == '.') l--;
        }
        if (l == 2 && buf[0] == '-' && buf[1] == '0') {
            /* -0.0, or a tiny negative value that rounded away */
            buf[0] = '0';
            l = 1;
        }
        buf[l] = '\0';
        return l;
    default: return 0;
    }
    if (l < 0 || (size_t)l >= len) return 0;
    return l;
}

int double2ll(double d, long long *out) {
    /* The range test is written so that NaN fails it. */
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return 0;
    long long ll = (long long)d;
    if ((double)ll != d) return 0;
    if (out) *out = ll;
    return 1;
}

int d2string(char *buf, size_t len, double value) {
    const char *txt = NULL;
    int l;
    long long ll;

    if (isnan(value))
        txt = "nan";
    else if (isinf(value))
        txt = value > 0 ? "inf" : "-inf";
    else if (value == 0)
        txt = signbit(value) ? "-0" : "0";
    if (txt) {
        size_t tl = strlen(txt);
        if (len <= tl) return 0;
        memcpy(buf, txt, tl + 1);
        return (int)tl;
    }
    /* Integral values below 2^52 print the same with "%.17g" and with the
     * integer formatter; the latter is much faster. */
    if (value > -4503599627370496.0 && value < 4503599627370496.0 && double2ll(value, &ll))
        return ll2string(buf, len, ll);
    l = snprintf(buf, len, "%.17g", value);
    if (l < 0 || (size_t)l >= len) return 0;
    return l;
}

/* ------------------------------------------------------------------------
 * Memory units
 * ------------------------------------------------------------------------ */

unsigned long long memtoull(const char *p, int *err) {
    static const struct {
        const char *name;
        unsigned long long mul;
    } units[] = {
        {"", 1},
        {"b", 1},
        {"k", 1000ULL},
        {"kb", 1024ULL},
        {"m", 1000ULL * 1000},
        {"mb", 1024ULL * 1024},
        {"g", 1000ULL * 1000 * 1000},
        {"gb", 1024ULL * 1024 * 1024},
    };
    const char *u = p;
    unsigned long long val = 0, mul = 0;

    if (err) *err = 0;
    while (*u >= '0' && *u <= '9') {
        unsigned d = (unsigned)(*u - '0');
        if (val > (ULLONG_MAX - d) / 10) goto fail;
        val = val * 10 + d;
        u++;
    }
    if (u == p) goto fail; /* no digits (also rejects a '-' sign) */
    for (size_t j = 0; j < sizeof(units) / sizeof(units[0]); j++) {
        if (strcasecmp(u, units[j].name) == 0) {
            mul = units[j].mul;
            break;
        }
    }
    if (mul == 0 || val > ULLONG_MAX / mul) goto fail;
    return val * mul;

fail:
    if (err) *err = 1;
    return 0;
}

/* ------------------------------------------------------------------------
 * Random bytes
 *
 * A 128-bit key is read from /dev/urandom once per process (and again in a
 * forked child, so parent and child never share a stream).  Output block i
 * is SipHash(key, counter_i || nonce): a keyed pseudo-random function run
 * in counter mode.  The counter is atomic, so concurrent callers always
 * get distinct blocks.
 * ------------------------------------------------------------------------ */

static uint8_t rnd_key[16];
static uint64_t rnd_nonce;
static _Atomic uint64_t rnd_counter;
static pthread_once_t rnd_once = PTHREAD_ONCE_INIT;

static void rndSeed(void) {
    uint8_t seed[24];
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd != -1) {
        while (got < sizeof(seed)) {
            ssize_t n = read(fd, seed + got, sizeof(seed) - got);
            if (n > 0)
                got += (size_t)n;
            else if (n < 0 && errno == EINTR)
                continue;
            else
                break;
        }
        close(fd);
    }
    if (got < sizeof(seed)) {
        /* No urandom: mix whatever varies between runs. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t mix[3] = {(uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 32),
                           (uint64_t)ts.tv_nsec ^ (uint64_t)(uintptr_t)&ts,
                           (uint64_t)clock()};
        for (size_t j = 0; j < sizeof(seed); j++)
            seed[j] ^= ((const uint8_t *)mix)[j % sizeof(mix)];
    }
    memcpy(rnd_key, seed, 16);
    memcpy(&rnd_nonce, seed + 16, 8);
    atomic_store(&rnd_counter, 0);
}

static void rndInit(void) {
    rndSeed();
    pthread_atfork(NULL, NULL, rndSeed);
}

void getRandomBytes(unsigned char *p, size_t len) {
    pthread_once(&rnd_once, rndInit);
    size_t blocks = (len + 7) / 8;
    uint64_t ctr = atomic_fetch_add(&rnd_counter, (uint64_t)blocks);
    while (len) {
        uint64_t in[2] = {ctr++, rnd_nonce};
        uint64_t out = siphash((const uint8_t *)in, sizeof(in), rnd_key);
        size_t n = len < 8 ? len : 8;
        memcpy(p, &out, n);
        p += n;
        len -= n;
    }
}

void getRandomHexChars(char *p, size_t len) {
    static const char hex[] = "0123456789abcdef";
    getRandomBytes((unsigned char *)p, len);
    for (size_t j = 0; j < len; j++) p[j] = hex[(unsigned char)p[j] & 0x0F];
}

/* ------------------------------------------------------------------------
 * Time
 * ------------------------------------------------------------------------ */

long long ustime(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

long long mstime(void) {
    return ustime() / 1000;
}

/* ------------------------------------------------------------------------
 * Paths
 * ------------------------------------------------------------------------ */

int pathIsBaseName(char *path) {
    return strchr(path, '/') == NULL && strchr(path, '\\') == NULL;
}

int dirExists(char *dname) {
    struct stat st;
    return stat(dname, &st) == 0 && S_ISDIR(st.st_mode);
}

int fileExist(char *filename) {
    struct stat st;
    return stat(filename, &st) == 0 && S_ISREG(st.st_mode);
}

int dirCreateIfMissing(char *dname) {
    if (mkdir(dname, 0755) == 0) return 0;
    if (errno != EEXIST) return -1;
    if (!dirExists(dname)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

sds getAbsolutePath(char *filename) {
    sds rel = sdstrim(sdsnew(filename), " \r\n\t");
    if (rel[0] == '/') return rel;

    char *cwd = getcwd(NULL, 0);
    if (cwd == NULL) {
        sdsfree(rel);
        return NULL;
    }
    sds abs = sdsnew(cwd);
    free(cwd); /* allocated by libc, not zmalloc */
    if (sdslen(abs) == 0 || abs[sdslen(abs) - 1] != '/') abs = sdscatlen(abs, "/", 1);

    /* Fold leading "./" and "../" into the directory part; abs always ends
     * with '/'. */
    for (;;) {
        if (sdslen(rel) >= 2 && rel[0] == '.' && rel[1] == '/') {
            sdsrange(rel, 2, -1);
        } else if (sdslen(rel) >= 3 && rel[0] == '.' && rel[1] == '.' && rel[2] == '/') {
            sdsrange(rel, 3, -1);
            size_t l = sdslen(abs);
            if (l > 1) {
                /* Drop the last component: find the '/' before the
                 * trailing one. */
                size_t j = l - 1;
                while (j > 0 && abs[j - 1] != '/') j--;
                sdssubstr(abs, 0, j);
            }
        } else {
            break;
        }
    }
    abs = sdscatsds(abs, rel);
    sdsfree(rel);
    return abs;
}

/* ---- CPU affinity -------------------------------------------------------- */

#ifdef __linux__
#include <sched.h>
#endif

/* One unsigned number at *p; advances p.  -1 if there is none. */
static long cpulistNumber(const char **p) {
    if (**p < '0' || **p > '9') return -1;
    long n = 0;
    while (**p >= '0' && **p <= '9') {
        n = n * 10 + (**p - '0');
        if (n > 1 << 20) return -1;
        (*p)++;
    }
    return n;
}

int setCpuAffinity(const char *cpulist) {
    if (cpulist == NULL || *cpulist == '\0') return 0;
#ifdef __linux__
    cpu_set_t set;
    CPU_ZERO(&set);
    const char *p = cpulist;
    for (;;) {
        long lo = cpulistNumber(&p), hi = lo, step = 1;
        if (lo < 0) return -1;
        if (*p == '-') {
            p++;
            if ((hi = cpulistNumber(&p)) < lo) return -1;
            if (*p == ':') {
                p++;
                if ((step = cpulistNumber(&p)) <= 0) return -1;
            }
        }
        for (long cpu = lo; cpu <= hi && cpu < CPU_SETSIZE; cpu += step) CPU_SET(cpu, &set);
        if (*p == '\0') break;
        if (*p++ != ',') return -1;
    }
    return sched_setaffinity(0, sizeof(set), &set) == 0 ? 0 : -1;
#else
    return -1; /* no portable affinity call */
#endif
}
