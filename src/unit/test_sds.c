/* Unit tests for sds.c. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sds.h"
#include "test_help.h"
#include "zmalloc.h"

#define SDS_IS(s, lit) (sdslen(s) == sizeof(lit) - 1 && memcmp((s), (lit), sizeof(lit) - 1) == 0)
#define SDS_TYPE(s) ((s)[-1] & SDS_TYPE_MASK)

/* Invariants every (heap) sds must satisfy. */
static int sdsSane(sds s) {
    size_t hdr = sdsHdrSize(s[-1]);
    if (hdr == 0) return 0;
    if (sdslen(s) > sdsalloc(s)) return 0;
    if (sdsavail(s) != sdsalloc(s) - sdslen(s)) return 0;
    if (s[sdslen(s)] != '\0') return 0;
    if ((char *)sdsAllocPtr(s) != s - hdr) return 0;
    if (sdsAllocSize(s) > zmalloc_size(sdsAllocPtr(s))) return 0;
    return 1;
}

static void test_create(void) {
    sds s = sdsnew("foo");
    TEST_ASSERT(SDS_IS(s, "foo"));
    TEST_ASSERT(sdsSane(s));
    TEST_ASSERT(SDS_TYPE(s) == SDS_TYPE_8);
    sdsfree(s);

    s = sdsnewlen("a\0b", 3);
    TEST_ASSERT(sdslen(s) == 3 && s[0] == 'a' && s[1] == '\0' && s[2] == 'b' && s[3] == '\0');
    sdsfree(s);

    s = sdsnewlen(NULL, 5);
    TEST_ASSERT(sdslen(s) == 5 && memcmp(s, "\0\0\0\0\0", 6) == 0);
    sdsfree(s);

    s = sdsnewlen(SDS_NOINIT, 4);
    TEST_ASSERT(sdslen(s) == 4 && s[4] == '\0');
    memcpy(s, "abcd", 4);
    TEST_ASSERT(SDS_IS(s, "abcd"));
    sdsfree(s);

    s = sdsempty();
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0' && sdsSane(s));
    sdsfree(s);

    s = sdsnew(NULL);
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0');
    sdsfree(s);

    s = sdsnew("");
    TEST_ASSERT(sdslen(s) == 0);
    sdsfree(s);

    s = sdstrynewlen("xyz", 3);
    TEST_ASSERT(s != NULL && SDS_IS(s, "xyz"));
    sds d = sdsdup(s);
    TEST_ASSERT(d != s && SDS_IS(d, "xyz") && sdsSane(d));
    sdsfree(s);
    sdsfree(d);

    /* A huge request that cannot be satisfied. */
    TEST_ASSERT(sdstrynewlen(NULL, SIZE_MAX - 8) == NULL); /* size overflow */

    sdsfree(NULL); /* must be a no-op */
}

static void test_types(void) {
    TEST_ASSERT(sdsReqType(0) == SDS_TYPE_8);
    TEST_ASSERT(sdsReqType(255) == SDS_TYPE_8);
    TEST_ASSERT(sdsReqType(256) == SDS_TYPE_16);
    TEST_ASSERT(sdsReqType(65535) == SDS_TYPE_16);
    TEST_ASSERT(sdsReqType(65536) == SDS_TYPE_32);
#if SIZE_MAX > UINT32_MAX
    TEST_ASSERT(sdsReqType(0xffffffffULL) == SDS_TYPE_32);
    TEST_ASSERT(sdsReqType(0x100000000ULL) == SDS_TYPE_64);
#endif
    TEST_ASSERT(sdsHdrSize(SDS_TYPE_8) == 3);
    TEST_ASSERT(sdsHdrSize(SDS_TYPE_16) == 5);
    TEST_ASSERT(sdsHdrSize(SDS_TYPE_32) == 9);
    TEST_ASSERT(sdsHdrSize(SDS_TYPE_64) == 17);

    sds s = sdsnewlen(NULL, 255);
    TEST_ASSERT(SDS_TYPE(s) == SDS_TYPE_8 && sdslen(s) == 255 && sdsSane(s));
    sdsfree(s);
    s = sdsnewlen(NULL, 256);
    TEST_ASSERT(SDS_TYPE(s) == SDS_TYPE_16 && sdslen(s) == 256 && sdsSane(s));
    sdsfree(s);
    s = sdsnewlen(NULL, 70000);
    TEST_ASSERT(SDS_TYPE(s) == SDS_TYPE_32 && sdslen(s) == 70000 && sdsSane(s));
    sdsfree(s);
}

/* The recorded capacity is what the allocator really gave (capped by the
 * header type). */
static void test_usable_alloc(void) {
    for (size_t len = 0; len < 600; len += 7) {
        sds s = sdsnewlen(NULL, len);
        size_t real = zmalloc_size(sdsAllocPtr(s));
        size_t hdr = sdsHdrSize(s[-1]);
        size_t max = SDS_TYPE(s) == SDS_TYPE_8 ? 255 : 65535;
        size_t expect = real - hdr - 1;
        if (expect > max) expect = max;
        TEST_ASSERT(sdsalloc(s) == expect);
        TEST_ASSERT(sdsalloc(s) >= len);
        TEST_ASSERT(sdsAllocSize(s) == hdr + expect + 1);
        sdsfree(s);
    }
}

static void test_cat(void) {
    sds s = sdsnew("foo");
    s = sdscat(s, "bar");
    TEST_ASSERT(SDS_IS(s, "foobar"));
    s = sdscatlen(s, "\0x\0", 3);
    TEST_ASSERT(sdslen(s) == 9 && memcmp(s, "foobar\0x\0", 10) == 0);
    s = sdscatlen(s, "ignored", 0);
    TEST_ASSERT(sdslen(s) == 9);
    sds t = sdsnewlen("A\0B", 3);
    s = sdscatsds(s, t);
    TEST_ASSERT(sdslen(s) == 12 && memcmp(s + 9, "A\0B", 4) == 0);
    s = sdscat(s, "");
    TEST_ASSERT(sdslen(s) == 12 && sdsSane(s));
    sdsfree(t);
    sdsfree(s);

    /* Appending to an empty string. */
    s = sdsempty();
    s = sdscat(s, "x");
    TEST_ASSERT(SDS_IS(s, "x"));
    sdsfree(s);
}

/* Grow one byte at a time through the 8 -> 16 -> 32 bit headers, checking
 * the content survives each relocation. */
static void test_growth_across_types(void) {
    sds s = sdsempty();
    int seen16 = 0, seen32 = 0, ok = 1;
    for (size_t i = 0; i < 70000; i++) {
        char c = (char)('a' + i % 26);
        s = sdscatlen(s, &c, 1);
        if (SDS_TYPE(s) == SDS_TYPE_16) seen16 = 1;
        if (SDS_TYPE(s) == SDS_TYPE_32) seen32 = 1;
        if (sdslen(s) != i + 1 || s[i + 1] != '\0') ok = 0;
    }
    TEST_ASSERT(ok);
    TEST_ASSERT(seen16 && seen32);
    TEST_ASSERT(SDS_TYPE(s) == SDS_TYPE_32);
    for (size_t i = 0; i < 70000; i++)
        if (s[i] != (char)('a' + i % 26)) ok = 0;
    TEST_ASSERT(ok);
    TEST_ASSERT(sdsSane(s));
    sdsfree(s);

    /* Same with bulk appends crossing several types at once. */
    s = sdsnew("hdr");
    char *big = malloc(100000);
    memset(big, 'z', 100000);
    s = sdscatlen(s, big, 100000);
    TEST_ASSERT(sdslen(s) == 100003 && SDS_TYPE(s) == SDS_TYPE_32);
    TEST_ASSERT(memcmp(s, "hdr", 3) == 0 && memcmp(s + 3, big, 100000) == 0 && sdsSane(s));
    free(big);
    sdsfree(s);
}

static void test_cpy(void) {
    sds s = sdsnew("hello world");
    s = sdscpy(s, "a");
    TEST_ASSERT(SDS_IS(s, "a") && sdsSane(s));
    s = sdscpy(s, "xyzxxxxxxxxxxyyyyyyyyyykkkkkkkkkk");
    TEST_ASSERT(SDS_IS(s, "xyzxxxxxxxxxxyyyyyyyyyykkkkkkkkkk") && sdsSane(s));
    s = sdscpylen(s, "a\0b", 3);
    TEST_ASSERT(sdslen(s) == 3 && memcmp(s, "a\0b", 4) == 0);
    s = sdscpylen(s, "", 0);
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0');
    char big[1000];
    memset(big, 'q', sizeof(big));
    s = sdscpylen(s, big, sizeof(big));
    TEST_ASSERT(sdslen(s) == 1000 && memcmp(s, big, 1000) == 0 && sdsSane(s));
    sdsfree(s);
}

static void test_growzero(void) {
    sds s = sdsnew("ab");
    s = sdsgrowzero(s, 10);
    TEST_ASSERT(sdslen(s) == 10 && memcmp(s, "ab\0\0\0\0\0\0\0\0\0", 11) == 0);
    s = sdsgrowzero(s, 5); /* shorter: no-op */
    TEST_ASSERT(sdslen(s) == 10);
    s = sdsgrowzero(s, 300);
    TEST_ASSERT(sdslen(s) == 300 && SDS_TYPE(s) == SDS_TYPE_16 && sdsSane(s));
    int zero = 1;
    for (int i = 2; i <= 300; i++)
        if (s[i]) zero = 0;
    TEST_ASSERT(zero && s[0] == 'a');
    sdsfree(s);
}

static void test_printf(void) {
    sds s = sdscatprintf(sdsempty(), "%d", 123);
    TEST_ASSERT(SDS_IS(s, "123"));
    s = sdscatprintf(s, "-%s-%05.1f", "x", 2.25);
    TEST_ASSERT(SDS_IS(s, "123-x-002.2") || SDS_IS(s, "123-x-002.3"));
    sdsfree(s);

    /* Output longer than the internal stack buffer. */
    char big[3000];
    memset(big, 'k', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    s = sdscatprintf(sdsnew("<"), "%s>", big);
    TEST_ASSERT(sdslen(s) == 3001 && s[0] == '<' && s[3000] == '>' && s[1] == 'k' && sdsSane(s));
    sdsfree(s);

    /* Arguments may point into the destination. */
    s = sdsnew("abc");
    s = sdscatprintf(s, "%s", s);
    TEST_ASSERT(SDS_IS(s, "abcabc"));
    sdsfree(s);

    /* Embedded NUL via %c. */
    s = sdscatprintf(sdsempty(), "a%cb", 0);
    TEST_ASSERT(sdslen(s) == 3 && memcmp(s, "a\0b", 3) == 0);
    sdsfree(s);
}

static void test_catfmt(void) {
    sds x = sdsnew("SDS");
    sds s = sdscatfmt(sdsempty(), "%s|%S|%i|%I|%u|%U|%%", "str", x, -42, (long long)LLONG_MIN,
                      (unsigned)UINT_MAX, (unsigned long long)ULLONG_MAX);
    TEST_ASSERT(SDS_IS(s, "str|SDS|-42|-9223372036854775808|4294967295|18446744073709551615|%"));
    sdsfree(s);

    s = sdscatfmt(sdsnew("--"), "%i %i %I", INT_MIN, INT_MAX, (long long)LLONG_MAX);
    TEST_ASSERT(SDS_IS(s, "---2147483648 2147483647 9223372036854775807"));
    sdsfree(s);

    s = sdscatfmt(sdsempty(), "no verbs");
    TEST_ASSERT(SDS_IS(s, "no verbs"));
    sdsfree(s);

    s = sdscatfmt(sdsempty(), "");
    TEST_ASSERT(sdslen(s) == 0);
    sdsfree(s);

    /* Unknown verbs copy the character; a final '%' is kept. */
    s = sdscatfmt(sdsempty(), "%x%d 100%");
    TEST_ASSERT(SDS_IS(s, "xd 100%"));
    sdsfree(s);

    s = sdscatfmt(sdsempty(), "%u%U%i", 0u, 0ULL, 0);
    TEST_ASSERT(SDS_IS(s, "000"));
    sdsfree(s);

    /* Lots of output, forcing growth inside the formatter. */
    s = sdsempty();
    for (int i = 0; i < 1000; i++) s = sdscatfmt(s, "%i,", i);
    TEST_ASSERT(sdslen(s) == 10 * 2 + 90 * 3 + 900 * 4 && memcmp(s, "0,1,2,", 6) == 0);
    TEST_ASSERT(memcmp(s + sdslen(s) - 4, "999,", 4) == 0 && sdsSane(s));
    sdsfree(s);

    /* %S with binary content. */
    sds b = sdsnewlen("a\0b", 3);
    s = sdscatfmt(sdsempty(), "[%S]", b);
    TEST_ASSERT(sdslen(s) == 5 && memcmp(s, "[a\0b]", 5) == 0);
    sdsfree(s);
    sdsfree(b);
    sdsfree(x);
}

static void test_trim(void) {
    sds s = sdstrim(sdsnew("xxciaoyyy"), "xy");
    TEST_ASSERT(SDS_IS(s, "ciao"));
    sdsfree(s);
    s = sdstrim(sdsnew("AA...AA.a.aa.aHelloWorld     :::"), "Aa. :");
    TEST_ASSERT(SDS_IS(s, "HelloWorld"));
    sdsfree(s);
    s = sdstrim(sdsnew("xxyyxx"), "xy");
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0');
    sdsfree(s);
    s = sdstrim(sdsempty(), "xy");
    TEST_ASSERT(sdslen(s) == 0);
    sdsfree(s);
    s = sdstrim(sdsnew("  keep  "), "");
    TEST_ASSERT(SDS_IS(s, "  keep  "));
    sdsfree(s);
    s = sdstrim(sdsnew(" \t\r\nin side\n"), " \t\r\n");
    TEST_ASSERT(SDS_IS(s, "in side"));
    sdsfree(s);
    /* High bytes and embedded NULs are handled as data. */
    s = sdstrim(sdsnewlen("\xff\0a\0\xff", 5), "\xff");
    TEST_ASSERT(sdslen(s) == 3 && memcmp(s, "\0a\0", 3) == 0);
    sdsfree(s);
}

static void test_range(void) {
    static const struct {
        ssize_t start, end;
        const char *expect;
    } cases[] = {
        {1, 1, "i"},     {1, -1, "iao"},    {-2, -1, "ao"},    {2, 1, ""},       {1, 100, "iao"},
        {100, 100, ""},  {4, 6, ""},        {3, 6, "o"},       {-100, 100, "ciao"}, {0, -100, "c"},
        {-100, -100, "c"}, {-1, -1, "o"},   {0, 0, "c"},       {0, -1, "ciao"},  {-4, 3, "ciao"},
        {-5, -5, "c"},   {3, 3, "o"},       {2, -3, ""},       {1, -2, "ia"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sds s = sdsnew("ciao");
        sdsrange(s, cases[i].start, cases[i].end);
        int ok = sdslen(s) == strlen(cases[i].expect) && strcmp(s, cases[i].expect) == 0;
        TEST_ASSERT_MSG(ok, cases[i].expect);
        sdsfree(s);
    }
    sds s = sdsempty();
    sdsrange(s, 0, -1);
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0');
    sdsfree(s);

    s = sdsnewlen("a\0b\0c", 5);
    sdsrange(s, 1, 3);
    TEST_ASSERT(sdslen(s) == 3 && memcmp(s, "\0b\0", 4) == 0);
    sdsfree(s);
}

static void test_substr(void) {
    sds s = sdsnew("Hello World");
    sdssubstr(s, 6, 5);
    TEST_ASSERT(SDS_IS(s, "World"));
    sdssubstr(s, 1, 100);
    TEST_ASSERT(SDS_IS(s, "orld"));
    sdssubstr(s, 0, 2);
    TEST_ASSERT(SDS_IS(s, "or"));
    sdssubstr(s, 2, 1);
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0');
    sdsfree(s);
    s = sdsnew("abc");
    sdssubstr(s, 10, 10);
    TEST_ASSERT(sdslen(s) == 0);
    sdsfree(s);
    s = sdsnew("abc");
    sdssubstr(s, 1, 0);
    TEST_ASSERT(sdslen(s) == 0);
    sdsfree(s);
    s = sdsnew("abc");
    sdssubstr(s, 0, SIZE_MAX);
    TEST_ASSERT(SDS_IS(s, "abc"));
    sdsfree(s);
}

static void test_cmp(void) {
    sds a = sdsnew("foo"), b = sdsnew("foa");
    TEST_ASSERT(sdscmp(a, b) > 0 && sdscmp(b, a) < 0);
    sdsfree(a);
    sdsfree(b);
    a = sdsnew("bar");
    b = sdsnew("bar");
    TEST_ASSERT(sdscmp(a, b) == 0);
    sdsfree(a);
    sdsfree(b);
    a = sdsnew("aar");
    b = sdsnew("bar");
    TEST_ASSERT(sdscmp(a, b) < 0);
    sdsfree(a);
    sdsfree(b);
    a = sdsnew("ab");
    b = sdsnew("abc");
    TEST_ASSERT(sdscmp(a, b) < 0 && sdscmp(b, a) > 0);
    sdsfree(a);
    sdsfree(b);
    a = sdsempty();
    b = sdsempty();
    TEST_ASSERT(sdscmp(a, b) == 0);
    b = sdscat(b, "x");
    TEST_ASSERT(sdscmp(a, b) < 0 && sdscmp(b, a) > 0);
    sdsfree(a);
    sdsfree(b);
    a = sdsnewlen("a\0b", 3);
    b = sdsnewlen("a\0c", 3);
    TEST_ASSERT(sdscmp(a, b) < 0);
    sdsfree(a);
    sdsfree(b);
    /* Bytes compare unsigned. */
    a = sdsnew("\x80");
    b = sdsnew("\x7f");
    TEST_ASSERT(sdscmp(a, b) > 0);
    sdsfree(a);
    sdsfree(b);
}

static int tokensAre(sds *t, int n, const char **expect, int en) {
    if (n != en) return 0;
    for (int i = 0; i < n; i++)
        if (sdslen(t[i]) != strlen(expect[i]) || memcmp(t[i], expect[i], sdslen(t[i])) != 0) return 0;
    return 1;
}

static void test_splitlen(void) {
    int n;
    sds *t = sdssplitlen("a,b,,c", 6, ",", 1, &n);
    const char *e1[] = {"a", "b", "", "c"};
    TEST_ASSERT(tokensAre(t, n, e1, 4));
    sdsfreesplitres(t, n);

    t = sdssplitlen("a--b--", 6, "--", 2, &n);
    const char *e2[] = {"a", "b", ""};
    TEST_ASSERT(tokensAre(t, n, e2, 3));
    sdsfreesplitres(t, n);

    t = sdssplitlen(",", 1, ",", 1, &n);
    const char *e3[] = {"", ""};
    TEST_ASSERT(tokensAre(t, n, e3, 2));
    sdsfreesplitres(t, n);

    t = sdssplitlen("abc", 3, ",", 1, &n);
    const char *e4[] = {"abc"};
    TEST_ASSERT(tokensAre(t, n, e4, 1));
    sdsfreesplitres(t, n);

    t = sdssplitlen("ab", 2, "abc", 3, &n); /* separator longer than input */
    const char *e5[] = {"ab"};
    TEST_ASSERT(tokensAre(t, n, e5, 1));
    sdsfreesplitres(t, n);

    n = 99;
    t = sdssplitlen("", 0, ",", 1, &n);
    TEST_ASSERT(t == NULL && n == 0);
    n = 99;
    t = sdssplitlen("abc", 3, "", 0, &n);
    TEST_ASSERT(t == NULL && n == 0);
    t = sdssplitlen("abc", -1, ",", 1, &n);
    TEST_ASSERT(t == NULL && n == 0);
    sdsfreesplitres(NULL, 0);

    /* Binary separator and content. */
    t = sdssplitlen("x\0y\0\0z", 6, "\0", 1, &n);
    const char *e6[] = {"x", "y", "", "z"};
    TEST_ASSERT(tokensAre(t, n, e6, 4));
    sdsfreesplitres(t, n);

    /* Overlapping candidate separators: "aaa" split on "aa". */
    t = sdssplitlen("aaa", 3, "aa", 2, &n);
    const char *e7[] = {"", "a"};
    TEST_ASSERT(tokensAre(t, n, e7, 2));
    sdsfreesplitres(t, n);

    /* Many tokens (array growth). */
    sds big = sdsempty();
    for (int i = 0; i < 1000; i++) big = sdscatfmt(big, "%i ", i);
    t = sdssplitlen(big, (ssize_t)sdslen(big), " ", 1, &n);
    TEST_ASSERT(n == 1001 && strcmp(t[0], "0") == 0 && strcmp(t[999], "999") == 0 && sdslen(t[1000]) == 0);
    sdsfreesplitres(t, n);
    sdsfree(big);
}

static void test_splitargs(void) {
    int argc;
    sds *v = sdssplitargs("set foo bar", &argc);
    const char *e1[] = {"set", "foo", "bar"};
    TEST_ASSERT(v && tokensAre(v, argc, e1, 3));
    sdsfreesplitres(v, argc);

    v = sdssplitargs("  \t set   \"a b\"  'c d'\r\n", &argc);
    const char *e2[] = {"set", "a b", "c d"};
    TEST_ASSERT(v && tokensAre(v, argc, e2, 3));
    sdsfreesplitres(v, argc);

    v = sdssplitargs("\"\\x41\\x4a\\x4A\" \"\\n\\r\\t\\b\\a\\\\\\\"\\q\"", &argc);
    const char *e3[] = {"AJJ", "\n\r\t\b\a\\\"q"};
    TEST_ASSERT(v && tokensAre(v, argc, e3, 2));
    sdsfreesplitres(v, argc);

    /* \x needs two hex digits, otherwise it is a plain escaped 'x'. */
    v = sdssplitargs("\"\\xzz\" \"\\x4\"", &argc);
    const char *e4[] = {"xzz", "x4"};
    TEST_ASSERT(v && tokensAre(v, argc, e4, 2));
    sdsfreesplitres(v, argc);

    v = sdssplitargs("\"\\x00\"", &argc);
    TEST_ASSERT(v && argc == 1 && sdslen(v[0]) == 1 && v[0][0] == '\0');
    sdsfreesplitres(v, argc);

    v = sdssplitargs("'it\\'s' 'a\\nb' '\"'", &argc);
    const char *e5[] = {"it's", "a\\nb", "\""};
    TEST_ASSERT(v && tokensAre(v, argc, e5, 3));
    sdsfreesplitres(v, argc);

    v = sdssplitargs("\"\" ''", &argc);
    const char *e6[] = {"", ""};
    TEST_ASSERT(v && tokensAre(v, argc, e6, 2));
    sdsfreesplitres(v, argc);

    v = sdssplitargs("foo\"bar\" a'b c'", &argc);
    const char *e7[] = {"foobar", "ab c"};
    TEST_ASSERT(v && tokensAre(v, argc, e7, 2));
    sdsfreesplitres(v, argc);

    v = sdssplitargs("", &argc);
    TEST_ASSERT(v != NULL && argc == 0);
    sdsfreesplitres(v, argc);
    v = sdssplitargs("   \t\n ", &argc);
    TEST_ASSERT(v != NULL && argc == 0);
    sdsfreesplitres(v, argc);

    /* Errors: unterminated quotes, closing quote not followed by space. */
    const char *bad[] = {"\"foo", "'foo", "\"foo\"bar", "'a'b", "set \"k", "\"a\\\"", "\"\\", "'a\\'",
                         "a \"b\"\"c\"", "\"x\"'y'"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        argc = 42;
        v = sdssplitargs(bad[i], &argc);
        TEST_ASSERT_MSG(v == NULL && argc == 0, bad[i]);
    }

    /* A closing quote followed by any whitespace is fine. */
    v = sdssplitargs("\"a\"\t\"b\"\n", &argc);
    const char *e8[] = {"a", "b"};
    TEST_ASSERT(v && tokensAre(v, argc, e8, 2));
    sdsfreesplitres(v, argc);

    /* Many arguments. */
    sds line = sdsempty();
    for (int i = 0; i < 300; i++) line = sdscatfmt(line, "arg%i ", i);
    v = sdssplitargs(line, &argc);
    TEST_ASSERT(v && argc == 300 && strcmp(v[299], "arg299") == 0);
    sdsfreesplitres(v, argc);
    sdsfree(line);
}

static void test_repr(void) {
    sds s = sdscatrepr(sdsempty(), "\a\n\0foo\r", 7);
    TEST_ASSERT(SDS_IS(s, "\"\\a\\n\\x00foo\\r\""));
    sdsfree(s);
    s = sdscatrepr(sdsnew("x="), "\"\\\t\b\xff\x7f ~", 8);
    TEST_ASSERT(SDS_IS(s, "x=\"\\\"\\\\\\t\\b\\xff\\x7f ~\""));
    sdsfree(s);
    s = sdscatrepr(sdsempty(), "", 0);
    TEST_ASSERT(SDS_IS(s, "\"\""));
    sdsfree(s);
}

static void test_case_and_map(void) {
    sds s = sdsnew("Hello World 123 \xc9");
    sdstolower(s);
    TEST_ASSERT(SDS_IS(s, "hello world 123 \xc9"));
    sdstoupper(s);
    TEST_ASSERT(SDS_IS(s, "HELLO WORLD 123 \xc9"));
    sdsfree(s);

    s = sdsnew("hello");
    s = sdsmapchars(s, "ho", "01", 2);
    TEST_ASSERT(SDS_IS(s, "0ell1"));
    s = sdsmapchars(s, "ll", "xy", 2); /* first occurrence wins */
    TEST_ASSERT(SDS_IS(s, "0exx1"));
    s = sdsmapchars(s, "", "", 0);
    TEST_ASSERT(SDS_IS(s, "0exx1"));
    sdsfree(s);
    s = sdsnewlen("a\0a", 3);
    s = sdsmapchars(s, "\0", "-", 1);
    TEST_ASSERT(SDS_IS(s, "a-a"));
    sdsfree(s);
}

static void test_join(void) {
    char *argv[] = {"a", "bc", "", "d"};
    sds s = sdsjoin(argv, 4, ", ");
    TEST_ASSERT(SDS_IS(s, "a, bc, , d"));
    sdsfree(s);
    s = sdsjoin(argv, 1, ",");
    TEST_ASSERT(SDS_IS(s, "a"));
    sdsfree(s);
    s = sdsjoin(argv, 0, ",");
    TEST_ASSERT(sdslen(s) == 0);
    sdsfree(s);

    sds parts[3] = {sdsnew("x"), sdsnewlen("\0", 1), sdsnew("yz")};
    s = sdsjoinsds(parts, 3, "\0|", 2);
    TEST_ASSERT(sdslen(s) == 8 && memcmp(s, "x\0|\0\0|yz", 8) == 0);
    sdsfree(s);
    s = sdsjoinsds(parts, 3, "", 0);
    TEST_ASSERT(sdslen(s) == 4 && memcmp(s, "x\0yz", 4) == 0);
    sdsfree(s);
    for (int i = 0; i < 3; i++) sdsfree(parts[i]);
}

static void test_fromlonglong(void) {
    static const long long vals[] = {0, 1, -1, 9, 10, -10, 99, 100, 12345, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        char buf[64];
        snprintf(buf, sizeof(buf), "%lld", vals[i]);
        sds s = sdsfromlonglong(vals[i]);
        TEST_ASSERT_MSG(sdslen(s) == strlen(buf) && strcmp(s, buf) == 0, buf);
        sdsfree(s);
    }
}

static void test_makeroom(void) {
    /* Greedy: doubling below 1MB. */
    sds s = sdsnew("0123456789");
    s = sdsMakeRoomFor(s, 100);
    TEST_ASSERT(sdslen(s) == 10 && sdsavail(s) >= 100 && sdsalloc(s) >= 220);
    TEST_ASSERT(SDS_IS(s, "0123456789") && sdsSane(s));
    size_t alloc = sdsalloc(s);
    void *ptr = sdsAllocPtr(s);
    s = sdsMakeRoomFor(s, 5); /* already enough: unchanged */
    TEST_ASSERT(sdsalloc(s) == alloc && sdsAllocPtr(s) == ptr);
    s = sdsMakeRoomFor(s, 0);
    TEST_ASSERT(sdsalloc(s) == alloc);
    sdsfree(s);

    /* Greedy above 1MB: +1MB. */
    s = sdsnewlen(NULL, 2 * 1024 * 1024);
    size_t need = sdsavail(s) + 1; /* the allocator may have rounded up */
    s = sdsMakeRoomFor(s, need);
    TEST_ASSERT(sdsalloc(s) >= 3 * 1024 * 1024 + need);
    TEST_ASSERT(sdsalloc(s) < 4 * 1024 * 1024);
    TEST_ASSERT(sdslen(s) == 2 * 1024 * 1024 && sdsSane(s));
    sdsfree(s);

    /* Non greedy: just what was asked (plus allocator slack). */
    s = sdsnew("0123456789");
    s = sdsMakeRoomForNonGreedy(s, 100);
    TEST_ASSERT(sdsavail(s) >= 100 && sdsalloc(s) < 220 && SDS_IS(s, "0123456789"));
    sdsfree(s);

    /* Type promotion by MakeRoomFor keeps the content. */
    s = sdsnew("abc");
    s = sdsMakeRoomForNonGreedy(s, 300);
    TEST_ASSERT(SDS_TYPE(s) == SDS_TYPE_16 && SDS_IS(s, "abc") && sdsavail(s) >= 300);
    s = sdsMakeRoomForNonGreedy(s, 70000);
    TEST_ASSERT(SDS_TYPE(s) == SDS_TYPE_32 && SDS_IS(s, "abc") && sdsavail(s) >= 70000);
    sdsfree(s);

    /* An 8 bit header never records more than 255 even if the allocator
     * rounded up more. */
    s = sdsnewlen(NULL, 250);
    TEST_ASSERT(sdsalloc(s) <= 255);
    sdsfree(s);
}

static void test_incrlen(void) {
    sds s = sdsnew("0");
    s = sdsMakeRoomFor(s, 64);
    size_t avail = sdsavail(s);
    TEST_ASSERT(avail >= 64);
    memcpy(s + 1, "123456789", 9);
    sdsIncrLen(s, 9);
    TEST_ASSERT(SDS_IS(s, "0123456789") && sdsavail(s) == avail - 9);
    sdsIncrLen(s, -4);
    TEST_ASSERT(SDS_IS(s, "012345"));
    sdsIncrLen(s, 0);
    TEST_ASSERT(SDS_IS(s, "012345"));
    sdsIncrLen(s, -6);
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0');
    sdsfree(s);

    /* With larger headers too. */
    s = sdsnewlen(NULL, 70000);
    s = sdsMakeRoomFor(s, 10);
    memset(s + 70000, 'x', 10);
    sdsIncrLen(s, 10);
    TEST_ASSERT(sdslen(s) == 70010 && s[70009] == 'x' && s[70010] == '\0');
    sdsfree(s);
}

static void test_resize(void) {
    /* Shrink, keeping content. */
    sds s = sdsnewlen(NULL, 300);
    memset(s, 'r', 300);
    s = sdsMakeRoomFor(s, 5000);
    s = sdsRemoveFreeSpace(s, 1);
    /* Whatever is left is the allocator's rounding (size classes). */
    TEST_ASSERT(sdslen(s) == 300 && sdsavail(s) <= 300 / 4 + 64 && sdsSane(s));
    TEST_ASSERT(sdsAllocSize(s) == zmalloc_size(sdsAllocPtr(s)));
    TEST_ASSERT(s[0] == 'r' && s[299] == 'r');
    sdsfree(s);

    /* Truncating resize. */
    s = sdsnew("Hello World");
    s = sdsResize(s, 5, 0);
    TEST_ASSERT(SDS_IS(s, "Hello") && sdsalloc(s) >= 5 && sdsSane(s));
    s = sdsResize(s, 0, 0);
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0' && sdsSane(s));
    sdsfree(s);

    /* Growing resize, across a header type. */
    s = sdsnew("abc");
    s = sdsResize(s, 1000, 1);
    TEST_ASSERT(SDS_IS(s, "abc") && sdsalloc(s) >= 1000 && SDS_TYPE(s) == SDS_TYPE_16 && sdsSane(s));
    s = sdsResize(s, 100000, 1);
    TEST_ASSERT(SDS_IS(s, "abc") && sdsalloc(s) >= 100000 && SDS_TYPE(s) == SDS_TYPE_32);
    /* Shrinking to a size that fits 8 bits: header kept when regrowth is
     * expected, narrowed otherwise. */
    s = sdsResize(s, 100, 1);
    TEST_ASSERT(SDS_IS(s, "abc") && SDS_TYPE(s) == SDS_TYPE_32 && sdsalloc(s) >= 100 && sdsalloc(s) < 1000);
    s = sdsResize(s, 50, 0);
    TEST_ASSERT(SDS_IS(s, "abc") && SDS_TYPE(s) == SDS_TYPE_8 && sdsalloc(s) >= 50 && sdsalloc(s) <= 255);
    TEST_ASSERT(sdsSane(s));
    sdsfree(s);

    /* Non-8-bit narrower headers are not worth a copy. */
    s = sdsnewlen(NULL, 100000);
    s = sdsResize(s, 1000, 0);
    TEST_ASSERT(sdslen(s) == 1000 && SDS_TYPE(s) == SDS_TYPE_32 && sdsSane(s));
    sdsfree(s);

    /* Removing free space after big growth. */
    s = sdsempty();
    for (int i = 0; i < 1000; i++) s = sdscat(s, "0123456789");
    s = sdsRemoveFreeSpace(s, 0);
    TEST_ASSERT(sdslen(s) == 10000 && sdsavail(s) <= 10000 / 4 + 64 && SDS_TYPE(s) == SDS_TYPE_16);
    TEST_ASSERT(sdsAllocSize(s) == zmalloc_size(sdsAllocPtr(s)));
    TEST_ASSERT(memcmp(s + 9990, "0123456789", 10) == 0 && sdsSane(s));
    /* Same size: no-op. */
    void *p = sdsAllocPtr(s);
    s = sdsResize(s, sdsalloc(s), 0);
    TEST_ASSERT(sdsAllocPtr(s) == p);
    sdsfree(s);
}

static void test_updatelen_clear(void) {
    sds s = sdsnew("foobar");
    s[2] = '\0';
    sdsupdatelen(s);
    TEST_ASSERT(sdslen(s) == 2 && strcmp(s, "fo") == 0);
    size_t alloc = sdsalloc(s);
    sdsclear(s);
    TEST_ASSERT(sdslen(s) == 0 && s[0] == '\0' && sdsalloc(s) == alloc);
    s = sdscat(s, "again");
    TEST_ASSERT(SDS_IS(s, "again"));
    sdsfree(s);
}

static void test_inline_accessors(void) {
    sds s = sdsnewlen(NULL, 10);
    s = sdsMakeRoomForNonGreedy(s, 40);
    sdssetlen(s, 3);
    s[3] = '\0';
    TEST_ASSERT(sdslen(s) == 3 && sdsavail(s) == sdsalloc(s) - 3);
    sdsinclen(s, 2);
    TEST_ASSERT(sdslen(s) == 5);
    size_t a = sdsalloc(s);
    sdssetalloc(s, a - 1);
    TEST_ASSERT(sdsalloc(s) == a - 1 && sdsavail(s) == a - 6);
    sdssetalloc(s, a);
    sdsfree(s);

    s = sdsnewlen(NULL, 70000);
    sdssetlen(s, 69000);
    sdsinclen(s, 500);
    TEST_ASSERT(sdslen(s) == 69500 && sdsavail(s) == sdsalloc(s) - 69500);
    sdsfree(s);
}

/* Short embedded strings use the one-byte type 5 header. */
static void test_embed_type5(void) {
    char buf[64];
    TEST_ASSERT(sdsEmbedSize(0) == 2);
    TEST_ASSERT(sdsEmbedSize(31) == 33);
    TEST_ASSERT(sdsEmbedSize(32) == 32 + 1 + sdsHdrSize(SDS_TYPE_8));
    for (size_t len = 0; len <= 32; len++) {
        char src[40];
        for (size_t j = 0; j < len; j++) src[j] = (char)('a' + j % 26);
        memset(buf, 0x7f, sizeof(buf));
        sds s = sdsEmbedInit(buf, src, len);
        TEST_ASSERT(sdslen(s) == len);
        TEST_ASSERT(sdsalloc(s) == len);
        TEST_ASSERT(sdsavail(s) == 0);
        TEST_ASSERT(memcmp(s, src, len) == 0 && s[len] == '\0');
        TEST_ASSERT((size_t)(s - buf) + len + 1 == sdsEmbedSize(len));
        TEST_ASSERT(((s[-1] & SDS_TYPE_MASK) == SDS_TYPE_5) == (len <= SDS_TYPE_5_MAXLEN));
        sds copy = sdsdup(s); /* a normal, growable copy */
        TEST_ASSERT(sdslen(copy) == len && memcmp(copy, src, len) == 0);
        copy = sdscat(copy, "!");
        TEST_ASSERT(sdslen(copy) == len + 1);
        sdsfree(copy);
    }
}

static void test_embed(void) {
    static const size_t lens[] = {0, 1, 10, 255, 256, 65535, 65536, 70000};
    TEST_ASSERT(sdsEmbedSize(0) == 2); /* type 5: one header byte */
    TEST_ASSERT(sdsEmbedSize(255) == 3 + 255 + 1);
    TEST_ASSERT(sdsEmbedSize(256) == 5 + 256 + 1);
    TEST_ASSERT(sdsEmbedSize(65536) == 9 + 65536 + 1);
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        size_t len = lens[i];
        size_t sz = sdsEmbedSize(len);
        /* Exact-size allocation: ASan/valgrind flag any overrun. */
        char *buf = malloc(sz);
        char *src = malloc(len + 1);
        for (size_t j = 0; j < len; j++) src[j] = (char)(j * 7);
        sds s = sdsEmbedInit(buf, src, len);
        char type = len <= SDS_TYPE_5_MAXLEN ? SDS_TYPE_5 : sdsReqType(len);
        TEST_ASSERT(s == buf + sdsHdrSize(type));
        TEST_ASSERT(sdslen(s) == len && sdsalloc(s) == len && sdsavail(s) == 0);
        TEST_ASSERT(memcmp(s, src, len) == 0 && s[len] == '\0');
        TEST_ASSERT(SDS_TYPE(s) == type);
        TEST_ASSERT(sdsAllocPtr(s) == buf && sdsAllocSize(s) == sz);
        /* Read-only use and in-place edits are fine. */
        sds copy = sdsdup(s);
        TEST_ASSERT(sdscmp(copy, s) == 0);
        sdsfree(copy);
        sdstoupper(s);

        s = sdsEmbedInit(buf, NULL, len);
        int zero = 1;
        for (size_t j = 0; j < len; j++)
            if (s[j]) zero = 0;
        TEST_ASSERT(zero && s[len] == '\0');
        free(src);
        free(buf);
    }
}

/* Interleaved operations against a plain byte-array model. */
static void test_random_ops(void) {
    unsigned seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
    char *model = malloc(200000);
    size_t mlen = 0;
    sds s = sdsempty();
    int ok = 1;
    for (int iter = 0; iter < 5000 && ok; iter++) {
        int op = (int)(RND() % 6);
        if (op <= 2) {
            char chunk[600];
            size_t n = RND() % (op == 2 ? 600 : 20);
            for (size_t j = 0; j < n; j++) chunk[j] = (char)RND();
            if (mlen + n < 200000) {
                s = sdscatlen(s, chunk, n);
                memcpy(model + mlen, chunk, n);
                mlen += n;
            }
        } else if (op == 3 && mlen) {
            ssize_t a = (ssize_t)(RND() % (mlen + 10)) - 5, b = (ssize_t)(RND() % (mlen + 10)) - 5;
            sdsrange(s, a, b);
            ssize_t l = (ssize_t)mlen;
            if (a < 0) a = a + l < 0 ? 0 : a + l;
            if (b < 0) b = b + l < 0 ? 0 : b + l;
            size_t nl = a > b ? 0 : (size_t)(b - a) + 1;
            if ((size_t)a >= mlen) nl = 0;
            else if (nl > mlen - (size_t)a) nl = mlen - (size_t)a;
            memmove(model, model + (a < l ? a : 0), nl);
            mlen = nl;
        } else if (op == 4) {
            s = sdsRemoveFreeSpace(s, (int)(RND() & 1));
        } else {
            s = sdsMakeRoomFor(s, RND() % 1000);
        }
        if (sdslen(s) != mlen || memcmp(s, model, mlen) != 0 || !sdsSane(s)) ok = 0;
    }
    TEST_ASSERT(ok);
    sdsfree(s);
    free(model);
#undef RND
}

int main(void) {
    size_t used = zmalloc_used_memory();
    RUN_TEST(test_create);
    RUN_TEST(test_embed_type5);
    RUN_TEST(test_types);
    RUN_TEST(test_usable_alloc);
    RUN_TEST(test_cat);
    RUN_TEST(test_growth_across_types);
    RUN_TEST(test_cpy);
    RUN_TEST(test_growzero);
    RUN_TEST(test_printf);
    RUN_TEST(test_catfmt);
    RUN_TEST(test_trim);
    RUN_TEST(test_range);
    RUN_TEST(test_substr);
    RUN_TEST(test_cmp);
    RUN_TEST(test_splitlen);
    RUN_TEST(test_splitargs);
    RUN_TEST(test_repr);
    RUN_TEST(test_case_and_map);
    RUN_TEST(test_join);
    RUN_TEST(test_fromlonglong);
    RUN_TEST(test_makeroom);
    RUN_TEST(test_incrlen);
    RUN_TEST(test_resize);
    RUN_TEST(test_updatelen_clear);
    RUN_TEST(test_inline_accessors);
    RUN_TEST(test_embed);
    RUN_TEST(test_random_ops);
    /* Every zmalloc'ed byte was given back. */
    if (zmalloc_used_memory() != used) {
        fprintf(stderr, "leak: %zu bytes still allocated\n", zmalloc_used_memory() - used);
        test_failed_++;
    }
    return TEST_REPORT();
}
