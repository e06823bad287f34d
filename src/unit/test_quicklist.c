/* Unit tests for quicklist.c. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <liblzf/lzf.h>

#include "listpack.h"
#include "quicklist.h"
#include "test_help.h"
#include "util.h"
#include "zmalloc.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static uint64_t rng_state = 0x1234567887654321ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void pushStr(quicklist *ql, const char *s, int where) {
    quicklistPush(ql, (void *)s, strlen(s), where);
}

/* Fill buf with n copies of c; returns buf. */
static char *rep(char *buf, char c, size_t n) {
    memset(buf, c, n);
    buf[n] = '\0';
    return buf;
}

/* The element of an entry as text (integers formatted). */
static size_t entryText(quicklistEntry *e, char *buf, const char **out) {
    if (e->value) {
        *out = (const char *)e->value;
        return e->sz;
    }
    *out = buf;
    return (size_t)ll2string(buf, LONG_STR_SIZE, e->longval);
}

/* Structural invariants: counts, sizes, links, raw ends, fill count. */
static int qlSane(quicklist *ql) {
    unsigned long count = 0, len = 0;
    quicklistNode *prev = NULL;
    for (quicklistNode *n = ql->head; n; prev = n, n = n->next) {
        if (n->prev != prev) return 0;
        if (n->count == 0) return 0;
        len++;
        count += n->count;
        if (n->recompress) return 0;
        if (QL_NODE_IS_PLAIN(n)) {
            if (n->count != 1) return 0;
        } else if (n->encoding == QUICKLIST_NODE_ENCODING_RAW) {
            if (lpBytes(n->entry) != n->sz || lpLength(n->entry) != n->count) return 0;
            if (!lpValidateIntegrity(n->entry, n->sz, 1, NULL, NULL)) return 0;
        }
        /* (Byte sizes are not checked: replacing an element in place may
         * grow a node past the fill size, as in Redis 7.0.) */
        if (ql->fill > 0 && n->count > (unsigned)ql->fill) return 0;
    }
    if (prev != ql->tail || count != ql->count || len != ql->len) return 0;
    /* The ends and the nodes within the depth stay raw. */
    if (ql->compress) {
        quicklistNode *f = ql->head, *b = ql->tail;
        for (unsigned d = 0; d < ql->compress && f; d++, f = f->next, b = b->prev)
            if (quicklistNodeIsCompressed(f) || quicklistNodeIsCompressed(b)) return 0;
    } else {
        for (quicklistNode *n = ql->head; n; n = n->next)
            if (quicklistNodeIsCompressed(n)) return 0;
    }
    return 1;
}

/* A reference list: an array of strings. */
#define MODEL_MAX 4000
typedef struct {
    char *s[MODEL_MAX];
    size_t len[MODEL_MAX];
    int n;
} model;

static void modelInsert(model *m, int idx, const char *s, size_t len) {
    memmove(&m->s[idx + 1], &m->s[idx], sizeof(char *) * (size_t)(m->n - idx));
    memmove(&m->len[idx + 1], &m->len[idx], sizeof(size_t) * (size_t)(m->n - idx));
    m->s[idx] = malloc(len + 1);
    memcpy(m->s[idx], s, len);
    m->len[idx] = len;
    m->n++;
}

static void modelDelete(model *m, int idx, int count) {
    for (int i = idx; i < idx + count; i++) free(m->s[i]);
    memmove(&m->s[idx], &m->s[idx + count], sizeof(char *) * (size_t)(m->n - idx - count));
    memmove(&m->len[idx], &m->len[idx + count], sizeof(size_t) * (size_t)(m->n - idx - count));
    m->n -= count;
}

static void modelSet(model *m, int idx, const char *s, size_t len) {
    free(m->s[idx]);
    m->s[idx] = malloc(len + 1);
    memcpy(m->s[idx], s, len);
    m->len[idx] = len;
}

static int modelIs(model *m, int idx, const char *s, size_t len) {
    return m->len[idx] == len && memcmp(m->s[idx], s, len) == 0;
}

/* Content equal to the model, read forwards and backwards. */
static int qlMatches(quicklist *ql, model *m) {
    if (ql->count != (unsigned long)m->n) return 0;
    char buf[LONG_STR_SIZE];
    const char *s;
    quicklistEntry e;
    int i = 0, ok = 1;
    quicklistIter *it = quicklistGetIterator(ql, AL_START_HEAD);
    while (quicklistNext(it, &e)) {
        size_t n = entryText(&e, buf, &s);
        if (i >= m->n || !modelIs(m, i, s, n)) ok = 0;
        i++;
    }
    quicklistReleaseIterator(it);
    if (i != m->n) ok = 0;
    it = quicklistGetIterator(ql, AL_START_TAIL);
    while (quicklistNext(it, &e)) {
        i--;
        size_t n = entryText(&e, buf, &s);
        if (i < 0 || !modelIs(m, i, s, n)) ok = 0;
    }
    quicklistReleaseIterator(it);
    return ok && i == 0 && qlSane(ql);
}

/* ------------------------------------------------------------------------
 * Basics
 * ------------------------------------------------------------------------ */

static void test_push_pop(void) {
    quicklist *ql = quicklistCreate();
    TEST_ASSERT(ql->fill == -2 && ql->compress == 0 && quicklistCount(ql) == 0);
    TEST_ASSERT(quicklistPushTail(ql, "b", 1) == 1); /* first node created */
    TEST_ASSERT(quicklistPushTail(ql, "123", 3) == 0);
    TEST_ASSERT(quicklistPushHead(ql, "a", 1) == 0);
    TEST_ASSERT(quicklistCount(ql) == 3 && ql->len == 1);

    unsigned char *data;
    size_t sz;
    long long v;
    TEST_ASSERT(quicklistPop(ql, QUICKLIST_HEAD, &data, &sz, &v) == 1);
    TEST_ASSERT(data && sz == 1 && data[0] == 'a');
    zfree(data);
    TEST_ASSERT(quicklistPop(ql, QUICKLIST_TAIL, &data, &sz, &v) == 1);
    TEST_ASSERT(data == NULL && v == 123);
    TEST_ASSERT(quicklistPop(ql, QUICKLIST_TAIL, &data, &sz, &v) == 1);
    TEST_ASSERT(data && sz == 1 && data[0] == 'b');
    zfree(data);
    TEST_ASSERT(quicklistCount(ql) == 0 && ql->len == 0 && ql->head == NULL && ql->tail == NULL);
    TEST_ASSERT(quicklistPop(ql, QUICKLIST_HEAD, &data, &sz, &v) == 0);
    quicklistRelease(ql);
}

static void test_options_clamped(void) {
    quicklist *ql = quicklistNew(100000, -3);
    TEST_ASSERT(ql->fill == FILL_MAX && ql->compress == 0);
    quicklistSetOptions(ql, -100, 70000);
    TEST_ASSERT(ql->fill == -5 && ql->compress == COMPRESS_MAX);
    quicklistSetFill(ql, 7);
    quicklistSetCompressDepth(ql, 2);
    TEST_ASSERT(ql->fill == 7 && ql->compress == 2);
    quicklistRelease(ql);
}

/* ------------------------------------------------------------------------
 * Fill rules
 * ------------------------------------------------------------------------ */

static void test_fill_positive(void) {
    for (int fill = 1; fill <= 5; fill++) {
        quicklist *ql = quicklistNew(fill, 0);
        for (int i = 0; i < 23; i++) quicklistPushTail(ql, "x", 1);
        unsigned long expect_len = (23 + (unsigned long)fill - 1) / (unsigned long)fill;
        TEST_ASSERT(ql->len == expect_len);
        for (quicklistNode *n = ql->head; n; n = n->next)
            TEST_ASSERT(n->count == (n == ql->tail ? 23 - (expect_len - 1) * (unsigned)fill : (unsigned)fill));
        quicklistRelease(ql);
    }

    /* Positive fill still stops a node at the 8k safety limit: 1000-byte
     * elements are 1005 bytes each, 8 of them fit in 8k, not 9. */
    quicklist *ql = quicklistNew(1000, 0);
    char big[1001];
    rep(big, 'q', 1000);
    for (int i = 0; i < 20; i++) pushStr(ql, big, QUICKLIST_TAIL);
    TEST_ASSERT(ql->head->count == 8 && ql->head->sz <= 8192);
    TEST_ASSERT(qlSane(ql));
    quicklistRelease(ql);
}

static void test_fill_negative(void) {
    /* Each 100-byte element takes 103 bytes; a node of k elements has
     * 7 + 103k bytes and accepts another while 7 + 103k + 100 + 8 <= limit. */
    for (int fill = -1; fill >= -5; fill--) {
        size_t limit = (size_t)4096 << (-fill - 1);
        unsigned expect = 1; /* the element that created the node */
        while (7 + 103 * (size_t)expect + 100 + 8 <= limit) expect++;
        quicklist *ql = quicklistNew(fill, 0);
        char v[101];
        rep(v, 'v', 100);
        for (unsigned i = 0; i < expect * 2 + 3; i++) pushStr(ql, v, QUICKLIST_TAIL);
        TEST_ASSERT_MSG(ql->head->count == expect, "node element count for fill");
        TEST_ASSERT(ql->head->next->count == expect);
        TEST_ASSERT(ql->len == 3 && ql->tail->count == 3);
        TEST_ASSERT(qlSane(ql));
        quicklistRelease(ql);
    }

    /* An element larger than the node limit still gets a node of its own. */
    quicklist *ql = quicklistNew(-1, 0);
    static char huge[10001];
    rep(huge, 'h', 10000);
    pushStr(ql, "a", QUICKLIST_TAIL);
    pushStr(ql, huge, QUICKLIST_TAIL);
    pushStr(ql, "b", QUICKLIST_TAIL);
    TEST_ASSERT(ql->len == 3 && ql->head->next->count == 1 && !QL_NODE_IS_PLAIN(ql->head->next));
    quicklistRelease(ql);
}

/* ------------------------------------------------------------------------
 * Compression
 * ------------------------------------------------------------------------ */

static void test_compression_depths(void) {
    char v[64];
    for (int depth = 1; depth <= 4; depth++) {
        quicklist *ql = quicklistNew(4, depth);
        model m = {0};
        /* 4 compressible 50-byte values per node, 12 nodes. */
        for (int i = 0; i < 48; i++) {
            snprintf(v, sizeof(v), "%02d%s", i, "..................................................");
            v[50] = '\0';
            pushStr(ql, v, QUICKLIST_TAIL);
            modelInsert(&m, m.n, v, 50);
        }
        TEST_ASSERT(ql->len == 12);
        int i = 0;
        for (quicklistNode *n = ql->head; n; n = n->next, i++) {
            int inner = i >= depth && i < 12 - depth;
            TEST_ASSERT_MSG(quicklistNodeIsCompressed(n) == inner, "node compression by depth");
        }
        TEST_ASSERT(qlMatches(ql, &m));

        /* Popping everything moves the raw zone inward; the ends never
         * get compressed. */
        while (ql->count) {
            unsigned char *d;
            size_t sz;
            long long lv;
            quicklistPop(ql, (ql->count & 1) ? QUICKLIST_HEAD : QUICKLIST_TAIL, &d, &sz, &lv);
            zfree(d);
            if (!qlSane(ql)) {
                TEST_ASSERT(0);
                break;
            }
        }
        modelDelete(&m, 0, m.n);
        quicklistRelease(ql);
    }
}

static void test_compression_roundtrip(void) {
    quicklist *ql = quicklistNew(3, 1);
    char v[200];
    for (int i = 0; i < 9; i++) {
        snprintf(v, sizeof(v), "value-%d-", i);
        size_t l = strlen(v);
        memset(v + l, 'z', 100);
        v[l + 100] = '\0';
        pushStr(ql, v, QUICKLIST_TAIL);
    }
    quicklistNode *mid = ql->head->next;
    TEST_ASSERT(quicklistNodeIsCompressed(mid));

    /* The LZF bytes decompress to the listpack the node would hold raw. */
    void *lzf;
    size_t clen = quicklistGetLzf(mid, &lzf);
    TEST_ASSERT(clen > 0 && clen + 8 < mid->sz);
    unsigned char *raw = zmalloc(mid->sz);
    TEST_ASSERT(lzf_decompress(lzf, (unsigned int)clen, raw, (unsigned int)mid->sz) == mid->sz);
    unsigned char *lp = lpNew(0);
    for (int i = 3; i < 6; i++) {
        snprintf(v, sizeof(v), "value-%d-", i);
        size_t l = strlen(v);
        memset(v + l, 'z', 100);
        lp = lpAppend(lp, (unsigned char *)v, (uint32_t)(l + 100));
    }
    TEST_ASSERT(lpBytes(lp) == mid->sz && memcmp(lp, raw, mid->sz) == 0);
    zfree(raw);
    lpFree(lp);

    /* Reading an inner node through an index leaves it compressed after. */
    quicklistEntry e;
    quicklistIter *it = quicklistGetIteratorEntryAtIdx(ql, 4, &e);
    TEST_ASSERT(it && e.node == mid && !quicklistNodeIsCompressed(mid) && mid->recompress);
    TEST_ASSERT(e.sz == 108 && memcmp(e.value, "value-4-zzz", 11) == 0);
    quicklistReleaseIterator(it);
    TEST_ASSERT(quicklistNodeIsCompressed(mid) && !mid->recompress);
    quicklistRelease(ql);
}

static void test_compression_skipped(void) {
    /* Nodes under 48 bytes stay raw (checked on Redis 7.0.15): nodes of an
     * 18-byte and an 18, 19 or 20-byte value have 47, 48, 49 bytes. */
    char v[32];
    for (size_t total = 47; total <= 49; total++) {
        quicklist *ql = quicklistNew(2, 1);
        for (int i = 0; i < 4; i++) {
            quicklistPushTail(ql, rep(v, 'm', 18), 18);
            quicklistPushTail(ql, rep(v, 'm', total - 29), total - 29);
        }
        TEST_ASSERT(ql->len == 4 && ql->head->next->sz == total);
        for (quicklistNode *n = ql->head; n; n = n->next)
            TEST_ASSERT(quicklistNodeIsCompressed(n) == (total >= 48 && n != ql->head && n != ql->tail));
        quicklistRelease(ql);
    }

    /* Compression is kept only if it saves more than 8 bytes.  A node
     * holding these 80 bytes followed by a run of 'z' compresses (with
     * liblzf, as in Redis) to 98 bytes whatever the run length between 10
     * and 45: the node is 90 + run bytes.  Redis 7.0.15 keeps run 16 (saving
     * 8) raw and compresses run 17 (saving 9). */
    static const char *prefix_hex =
        "f5433baf6d1b7a91503973e9e3e6a9b8f282726078037ce8cdcc0170c16e4db6b288661fa3e0b1f4"
        "1924ddfc0a87b4fd09265d812ad969f7a56a6867d8b51d8a3e83aae1635bd57d7fb379893a2e8643";
    unsigned char buf[200];
    for (int i = 0; i < 80; i++) {
        unsigned x;
        sscanf(prefix_hex + 2 * i, "%2x", &x);
        buf[i] = (unsigned char)x;
    }
    for (size_t run = 10; run <= 45; run++) {
        memset(buf + 80, 'z', run);
        quicklist *q = quicklistNew(1, 1);
        quicklistPushTail(q, "head", 4);
        quicklistPushTail(q, buf, 80 + run);
        quicklistPushTail(q, "tail", 4);
        quicklistNode *mid = q->head->next;
        TEST_ASSERT(mid->sz == 90 + run);
        TEST_ASSERT_MSG(quicklistNodeIsCompressed(mid) == (run >= 17), "saving must exceed 8 bytes");
        if (quicklistNodeIsCompressed(mid)) {
            void *lzf;
            TEST_ASSERT(quicklistGetLzf(mid, &lzf) == 98);
        }
        quicklistRelease(q);
    }

    /* Incompressible nodes stay raw. */
    quicklist *ql;

    ql = quicklistNew(2, 1);
    unsigned char noise[300];
    for (int i = 0; i < 8; i++) {
        for (size_t j = 0; j < sizeof(noise); j++) noise[j] = (unsigned char)rnd();
        quicklistPushTail(ql, noise, sizeof(noise));
    }
    for (quicklistNode *n = ql->head; n; n = n->next) TEST_ASSERT(!quicklistNodeIsCompressed(n));
    TEST_ASSERT(qlSane(ql));
    quicklistRelease(ql);
}

/* ------------------------------------------------------------------------
 * Iteration and indexes
 * ------------------------------------------------------------------------ */

static void test_iterate_and_index(void) {
    quicklist *ql = quicklistNew(3, 1);
    char v[32];
    for (int i = 0; i < 100; i++) {
        snprintf(v, sizeof(v), "%d", i);
        pushStr(ql, v, QUICKLIST_TAIL);
    }
    /* Forward and backward. */
    quicklistEntry e;
    quicklistIter *it = quicklistGetIterator(ql, AL_START_HEAD);
    long long expect = 0;
    while (quicklistNext(it, &e)) TEST_ASSERT(e.value == NULL && e.longval == expect++);
    TEST_ASSERT(expect == 100);
    quicklistReleaseIterator(it);
    it = quicklistGetIterator(ql, AL_START_TAIL);
    while (quicklistNext(it, &e)) TEST_ASSERT(e.longval == --expect);
    TEST_ASSERT(expect == 0);
    quicklistReleaseIterator(it);

    /* Every index, positive and negative, both directions from there. */
    for (long long idx = -100; idx < 100; idx++) {
        long long pos = idx < 0 ? 100 + idx : idx;
        it = quicklistGetIteratorEntryAtIdx(ql, idx, &e);
        TEST_ASSERT(it && e.longval == pos);
        quicklistReleaseIterator(it);
        it = quicklistGetIteratorAtIdx(ql, AL_START_HEAD, idx);
        TEST_ASSERT(quicklistNext(it, &e) && e.longval == pos);
        if (pos < 99) TEST_ASSERT(quicklistNext(it, &e) && e.longval == pos + 1);
        quicklistReleaseIterator(it);
        it = quicklistGetIteratorAtIdx(ql, AL_START_TAIL, idx);
        TEST_ASSERT(quicklistNext(it, &e) && e.longval == pos);
        if (pos > 0) TEST_ASSERT(quicklistNext(it, &e) && e.longval == pos - 1);
        quicklistReleaseIterator(it);
    }
    TEST_ASSERT(quicklistGetIteratorAtIdx(ql, AL_START_HEAD, 100) == NULL);
    TEST_ASSERT(quicklistGetIteratorAtIdx(ql, AL_START_HEAD, -101) == NULL);
    TEST_ASSERT(quicklistGetIteratorEntryAtIdx(ql, LLONG_MIN, &e) == NULL);
    TEST_ASSERT(qlSane(ql));

    /* Empty list. */
    quicklist *empty = quicklistCreate();
    it = quicklistGetIterator(empty, AL_START_HEAD);
    TEST_ASSERT(!quicklistNext(it, &e));
    quicklistReleaseIterator(it);
    TEST_ASSERT(quicklistGetIteratorAtIdx(empty, AL_START_TAIL, 0) == NULL);
    quicklistRelease(empty);
    quicklistRelease(ql);
}

static void test_del_entry_while_iterating(void) {
    for (int dir = 0; dir < 2; dir++) {
        for (int depth = 0; depth < 2; depth++) {
            quicklist *ql = quicklistNew(4, depth);
            model m = {0};
            char v[64];
            for (int i = 0; i < 60; i++) {
                snprintf(v, sizeof(v), "element-%03d-padding-padding-padding-padding", i);
                pushStr(ql, v, QUICKLIST_TAIL);
                modelInsert(&m, m.n, v, strlen(v));
            }
            /* Delete elements whose number is a multiple of 3 or in 20..35
             * (whole nodes), in the iteration direction. */
            quicklistIter *it = quicklistGetIterator(ql, dir ? AL_START_TAIL : AL_START_HEAD);
            quicklistEntry e;
            int visited = 0;
            while (quicklistNext(it, &e)) {
                int num = atoi((char *)e.value + 8);
                visited++;
                if (num % 3 == 0 || (num >= 20 && num <= 35)) quicklistDelEntry(it, &e);
            }
            quicklistReleaseIterator(it);
            TEST_ASSERT(visited == 60);
            for (int i = m.n - 1; i >= 0; i--)
                if (i % 3 == 0 || (i >= 20 && i <= 35)) modelDelete(&m, i, 1);
            TEST_ASSERT(qlMatches(ql, &m));
            modelDelete(&m, 0, m.n);
            quicklistRelease(ql);
        }
    }
}

static void test_del_range(void) {
    /* Many (start, count) pairs across node boundaries, vs the model. */
    for (int t = 0; t < 400; t++) {
        int fill = (t % 2) ? 3 : -1;
        quicklist *ql = quicklistNew(fill, t % 3);
        model m = {0};
        char v[80];
        int n = 1 + (int)(rnd() % 40);
        for (int i = 0; i < n; i++) {
            int len = snprintf(v, sizeof(v), "%d-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", i);
            quicklistPushTail(ql, v, (size_t)len);
            modelInsert(&m, m.n, v, (size_t)len);
        }
        long start = (long)(rnd() % (unsigned)(2 * n + 2)) - n - 1;
        long count = (long)(rnd() % (unsigned)(n + 3)) - 1;
        int ret = quicklistDelRange(ql, start, count);
        long s = start < 0 ? n + start : start;
        int valid = count > 0 && s >= 0 && s < n;
        TEST_ASSERT(ret == valid);
        if (valid) {
            long c = count;
            if (s + c > n) c = n - s;
            modelDelete(&m, (int)s, (int)c);
        }
        TEST_ASSERT(qlMatches(ql, &m));
        modelDelete(&m, 0, m.n);
        quicklistRelease(ql);
    }
}

/* ------------------------------------------------------------------------
 * Insertion, splitting, merging
 * ------------------------------------------------------------------------ */

/* Insert value before/after the element at idx through an iterator. */
static void insertAt(quicklist *ql, long idx, const char *value, size_t len, int after) {
    quicklistEntry e;
    quicklistIter *it = quicklistGetIteratorAtIdx(ql, AL_START_HEAD, idx);
    if (!quicklistNext(it, &e)) abort();
    if (after) quicklistInsertAfter(it, &e, (void *)value, len);
    else quicklistInsertBefore(it, &e, (void *)value, len);
    /* An iterator used to insert is spent. */
    if (quicklistNext(it, &e)) abort();
    quicklistReleaseIterator(it);
}

static void test_insert_split_merge(void) {
    /* fill 4: [0 1 2 3] [4 5 6 7] [8 9 10 11] */
    quicklist *ql = quicklistNew(4, 0);
    char v[16];
    for (int i = 0; i < 12; i++) {
        snprintf(v, sizeof(v), "%d", i);
        pushStr(ql, v, QUICKLIST_TAIL);
    }
    TEST_ASSERT(ql->len == 3);

    /* Into the middle of a full node: split into [4 5] [X 6 7]; nothing
     * merges (every neighbour pair would exceed 4 elements).
     * [0 1 2 3] [4 5] [X 6 7] [8 9 10 11] */
    insertAt(ql, 5, "X", 1, 1);
    TEST_ASSERT(ql->len == 4 && ql->count == 13);
    quicklistNode *n = ql->head->next;
    TEST_ASSERT(n->count == 2 && n->next->count == 3);

    /* Room in the node: a plain listpack insertion.
     * [0 1 2 3] [4 5] [X 6 7 Y] [8 9 10 11] */
    insertAt(ql, 8, "Y", 1, 1);
    TEST_ASSERT(ql->len == 4 && ql->tail->prev->count == 4);

    /* After the last element of a full node whose next node is full: a new
     * node in between.  [0 1 2 3] [4 5] [X 6 7 Y] [V] [8 9 10 11] */
    insertAt(ql, 9, "V", 1, 1);
    TEST_ASSERT(ql->len == 5 && ql->tail->prev->count == 1);

    /* Before the first element of a full node, the previous node having
     * room: appended there.  [0 1 2 3] [4 5] [X 6 7 Y] [V Z] [8 9 10 11] */
    insertAt(ql, 11, "Z", 1, 0);
    TEST_ASSERT(ql->len == 5 && ql->tail->prev->count == 2);

    /* After the tail element of a full node whose next node has room:
     * prepended there.  [0 1 2 3] [W 4 5] ... */
    insertAt(ql, 3, "W", 1, 1);
    TEST_ASSERT(ql->len == 5 && ql->head->count == 4 && ql->head->next->count == 3);

    /* Before the very first element of a full head: a new head node. */
    insertAt(ql, 0, "H", 1, 0);
    TEST_ASSERT(ql->len == 6 && ql->head->count == 1);

    const char *expect[] = {"H", "0", "1", "2", "3", "W", "4", "5", "X", "6", "7", "Y", "V",
                            "Z", "8", "9", "10", "11"};
    model m = {0};
    for (int i = 0; i < 18; i++) modelInsert(&m, i, expect[i], strlen(expect[i]));
    TEST_ASSERT(qlMatches(ql, &m));
    modelDelete(&m, 0, m.n);
    quicklistRelease(ql);

    /* Splitting merges small neighbours: with fill 2, [a b] [c d] [e f],
     * inserting inside [c d] gives [c] [X d]: [c] then merges into... the
     * previous node is full, so the list becomes [a b] [c] [X d] [e f]. */
    ql = quicklistNew(2, 0);
    const char *six[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++) pushStr(ql, six[i], QUICKLIST_TAIL);
    insertAt(ql, 2, "X", 1, 1);
    TEST_ASSERT(ql->len == 4 && ql->head->next->count == 1 && ql->head->next->next->count == 2);
    quicklistRelease(ql);

    /* Merge after split: fill 3 with [a] [b c d] [e]: inserting inside the
     * full middle node splits it into [b] [X c d]; [a] and [b] merge. */
    ql = quicklistNew(3, 0);
    pushStr(ql, "b", QUICKLIST_TAIL);
    pushStr(ql, "c", QUICKLIST_TAIL);
    pushStr(ql, "d", QUICKLIST_TAIL);
    quicklistNode *mid = ql->head;
    pushStr(ql, "e", QUICKLIST_TAIL);
    pushStr(ql, "a", QUICKLIST_HEAD);
    TEST_ASSERT(ql->len == 3 && ql->head->count == 1 && ql->head->next == mid && ql->tail->count == 1);
    insertAt(ql, 1, "X", 1, 1);
    TEST_ASSERT(ql->len == 3 && ql->head->count == 2 && ql->head->next->count == 3);
    const char *e2[] = {"a", "b", "X", "c", "d", "e"};
    for (int i = 0; i < 6; i++) modelInsert(&m, i, e2[i], 1);
    TEST_ASSERT(qlMatches(ql, &m));
    modelDelete(&m, 0, m.n);
    quicklistRelease(ql);
}

/* Redis 7.0.15, list-max-listpack-size -1:
 *   RPUSH m <a*3000> <b*L> <c*3000> x x ... (400 times)
 *   LINSERT m AFTER <c*3000> y
 * The split of the third node tries to merge the first two: their estimated
 * merged size (sizes - 11) must not exceed 4096.  Node sizes from DUMP. */
static void test_merge_size_bound(void) {
    static const struct {
        size_t l;
        size_t before[4];
        size_t after[4];
    } cases[] = {
        {1081, {3011, 1092, 4088, 130}, {4096, 3011, 1210, 0}},
        {1085, {3011, 1096, 4088, 130}, {4100, 3011, 1210, 0}},
        {1086, {3011, 1097, 4088, 130}, {3011, 1097, 3011, 1210}},
    };
    static char big[3001];
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        quicklist *ql = quicklistNew(-1, 0);
        pushStr(ql, rep(big, 'a', 3000), QUICKLIST_TAIL);
        pushStr(ql, rep(big, 'b', cases[c].l), QUICKLIST_TAIL);
        pushStr(ql, rep(big, 'c', 3000), QUICKLIST_TAIL);
        for (int i = 0; i < 400; i++) pushStr(ql, "x", QUICKLIST_TAIL);
        quicklistNode *n = ql->head;
        for (int i = 0; i < 4; i++, n = n ? n->next : NULL)
            TEST_ASSERT(n && n->sz == cases[c].before[i]);
        TEST_ASSERT(n == NULL);

        quicklistEntry e;
        quicklistIter *it = quicklistGetIteratorAtIdx(ql, AL_START_HEAD, 2);
        quicklistNext(it, &e);
        quicklistInsertAfter(it, &e, "y", 1);
        quicklistReleaseIterator(it);
        n = ql->head;
        for (int i = 0; i < 4 && cases[c].after[i]; i++, n = n ? n->next : NULL)
            TEST_ASSERT_MSG(n && n->sz == cases[c].after[i], "node size after the split");
        TEST_ASSERT(n == NULL && ql->count == 404 && qlSane(ql));
        quicklistRelease(ql);
    }
}

static void test_insert_empty(void) {
    quicklist *ql = quicklistCreate();
    quicklistIter *it = quicklistGetIterator(ql, AL_START_HEAD);
    quicklistEntry e;
    TEST_ASSERT(!quicklistNext(it, &e));
    quicklistInsertAfter(it, &e, "only", 4);
    quicklistReleaseIterator(it);
    TEST_ASSERT(ql->count == 1 && ql->len == 1);
    quicklistRelease(ql);
}

/* ------------------------------------------------------------------------
 * Replacement, rotation, duplication, plain nodes
 * ------------------------------------------------------------------------ */

static void test_replace(void) {
    quicklist *ql = quicklistNew(3, 1);
    model m = {0};
    char v[64];
    for (int i = 0; i < 20; i++) {
        int len = snprintf(v, sizeof(v), "item-%d-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", i);
        quicklistPushTail(ql, v, (size_t)len);
        modelInsert(&m, m.n, v, (size_t)len);
    }
    TEST_ASSERT(quicklistReplaceAtIndex(ql, 0, "first", 5));
    modelSet(&m, 0, "first", 5);
    TEST_ASSERT(quicklistReplaceAtIndex(ql, -1, "12345", 5));
    modelSet(&m, 19, "12345", 5);
    TEST_ASSERT(quicklistReplaceAtIndex(ql, 10, "middle-of-a-compressed-node", 27));
    modelSet(&m, 10, "middle-of-a-compressed-node", 27);
    TEST_ASSERT(!quicklistReplaceAtIndex(ql, 20, "x", 1));
    TEST_ASSERT(!quicklistReplaceAtIndex(ql, -21, "x", 1));
    TEST_ASSERT(qlMatches(ql, &m));
    modelDelete(&m, 0, m.n);
    quicklistRelease(ql);
}

static void test_plain_nodes(void) {
    TEST_ASSERT(!quicklistSetPackedThreshold((size_t)1 << 32));
    TEST_ASSERT(quicklistSetPackedThreshold(100));
    quicklist *ql = quicklistNew(4, 1);
    model m = {0};
    char big[400], small[32];

    for (int i = 0; i < 12; i++) {
        snprintf(small, sizeof(small), "s%d", i);
        pushStr(ql, small, QUICKLIST_TAIL);
        modelInsert(&m, m.n, small, strlen(small));
    }
    /* Exactly at the threshold: plain. One byte less: packed. */
    rep(big, 'P', 100);
    TEST_ASSERT(quicklistPushTail(ql, big, 100) == 1);
    TEST_ASSERT(QL_NODE_IS_PLAIN(ql->tail) && ql->tail->sz == 100);
    modelInsert(&m, m.n, big, 100);
    rep(big, 'p', 99);
    quicklistPushTail(ql, big, 99);
    TEST_ASSERT(!QL_NODE_IS_PLAIN(ql->tail));
    modelInsert(&m, m.n, big, 99);
    TEST_ASSERT(qlMatches(ql, &m));

    /* A plain element inserted in the middle of a packed node splits it. */
    rep(big, 'M', 300);
    insertAt(ql, 5, big, 300, 1);
    modelInsert(&m, 6, big, 300);
    TEST_ASSERT(qlMatches(ql, &m));
    int plains = 0, compressed_plain = 0;
    for (quicklistNode *n = ql->head; n; n = n->next) {
        plains += QL_NODE_IS_PLAIN(n);
        compressed_plain += QL_NODE_IS_PLAIN(n) && quicklistNodeIsCompressed(n);
    }
    TEST_ASSERT(plains == 2 && compressed_plain == 2); /* inner plain nodes compressed */

    /* Small element inserted next to a plain one; replacements in every
     * direction between plain and packed. */
    insertAt(ql, 6, "next-to-plain", 13, 0);
    modelInsert(&m, 6, "next-to-plain", 13);
    rep(big, 'R', 200);
    TEST_ASSERT(quicklistReplaceAtIndex(ql, 7, big, 200)); /* plain -> plain */
    modelSet(&m, 7, big, 200);
    TEST_ASSERT(quicklistReplaceAtIndex(ql, 7, "shrunk", 6)); /* plain -> packed */
    modelSet(&m, 7, "shrunk", 6);
    rep(big, 'G', 150);
    TEST_ASSERT(quicklistReplaceAtIndex(ql, 2, big, 150)); /* packed -> plain */
    modelSet(&m, 2, big, 150);
    TEST_ASSERT(quicklistReplaceAtIndex(ql, 0, big, 150)); /* head element */
    modelSet(&m, 0, big, 150);
    TEST_ASSERT(qlMatches(ql, &m));

    /* Iterate with delete over plain nodes, pop plain nodes. */
    quicklistIter *it = quicklistGetIterator(ql, AL_START_TAIL);
    quicklistEntry e;
    int idx = m.n;
    while (quicklistNext(it, &e)) {
        idx--;
        if (e.sz >= 100) {
            quicklistDelEntry(it, &e);
            modelDelete(&m, idx, 1);
        }
    }
    quicklistReleaseIterator(it);
    TEST_ASSERT(qlMatches(ql, &m));
    rep(big, 'T', 120);
    quicklistPushHead(ql, big, 120);
    unsigned char *d;
    size_t sz;
    long long lv;
    TEST_ASSERT(quicklistPop(ql, QUICKLIST_HEAD, &d, &sz, &lv) && sz == 120 && d[0] == 'T');
    zfree(d);
    TEST_ASSERT(qlMatches(ql, &m));

    modelDelete(&m, 0, m.n);
    quicklistRelease(ql);
    TEST_ASSERT(quicklistSetPackedThreshold(0));
}

static void test_rotate(void) {
    /* Single node, several nodes, integer tail, plain tail. */
    for (int fill = 1; fill <= 4; fill++) {
        quicklist *ql = quicklistNew(fill, 1);
        model m = {0};
        char v[64];
        for (int i = 0; i < 7; i++) {
            int len = snprintf(v, sizeof(v), (i % 2) ? "%d" : "str-%d-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", i);
            quicklistPushTail(ql, v, (size_t)len);
            modelInsert(&m, m.n, v, (size_t)len);
        }
        for (int r = 0; r < 10; r++) {
            quicklistRotate(ql);
            char *s = m.s[m.n - 1];
            size_t l = m.len[m.n - 1];
            m.n--;
            memmove(&m.s[1], &m.s[0], sizeof(char *) * (size_t)m.n);
            memmove(&m.len[1], &m.len[0], sizeof(size_t) * (size_t)m.n);
            m.s[0] = s;
            m.len[0] = l;
            m.n++;
            TEST_ASSERT(qlMatches(ql, &m));
        }
        modelDelete(&m, 0, m.n);
        quicklistRelease(ql);
    }
    quicklist *ql = quicklistNew(-2, 0);
    pushStr(ql, "only", QUICKLIST_TAIL);
    quicklistRotate(ql);
    TEST_ASSERT(ql->count == 1);
    pushStr(ql, "two", QUICKLIST_TAIL);
    quicklistRotate(ql); /* same listpack holds head and tail */
    quicklistEntry e;
    quicklistIter *it = quicklistGetIteratorEntryAtIdx(ql, 0, &e);
    TEST_ASSERT(e.sz == 3 && memcmp(e.value, "two", 3) == 0);
    quicklistReleaseIterator(it);
    quicklistRelease(ql);

    quicklistSetPackedThreshold(10);
    ql = quicklistNew(-2, 0);
    pushStr(ql, "a", QUICKLIST_TAIL);
    pushStr(ql, "b", QUICKLIST_TAIL);
    pushStr(ql, "plain-tail-element", QUICKLIST_TAIL);
    quicklistRotate(ql);
    TEST_ASSERT(QL_NODE_IS_PLAIN(ql->head) && ql->count == 3 && ql->len == 2 && qlSane(ql));
    it = quicklistGetIteratorEntryAtIdx(ql, -1, &e);
    TEST_ASSERT(e.sz == 1 && e.value[0] == 'b');
    quicklistReleaseIterator(it);
    quicklistRelease(ql);
    quicklistSetPackedThreshold(0);
}

static void test_dup_and_append(void) {
    quicklistSetPackedThreshold(200);
    quicklist *ql = quicklistNew(3, 1);
    model m = {0};
    char v[300];
    for (int i = 0; i < 30; i++) {
        size_t len = (i == 13) ? 250 : 60;
        memset(v, 'a' + i % 26, len);
        v[0] = (char)('0' + i % 10);
        quicklistPushTail(ql, v, len);
        modelInsert(&m, m.n, v, len);
    }
    quicklist *copy = quicklistDup(ql);
    TEST_ASSERT(copy->len == ql->len && copy->fill == 3 && copy->compress == 1);
    quicklistNode *a = ql->head, *b = copy->head;
    for (; a && b; a = a->next, b = b->next)
        TEST_ASSERT(a->encoding == b->encoding && a->container == b->container && a->sz == b->sz &&
                    a->count == b->count && a->entry != b->entry);
    TEST_ASSERT(qlMatches(copy, &m));
    /* Independent: changing the copy leaves the original alone. */
    quicklistDelRange(copy, 0, 10);
    TEST_ASSERT(qlMatches(ql, &m));
    quicklistRelease(copy);

    /* Rebuild a list from its nodes, as RDB loading does. */
    quicklist *loaded = quicklistNew(3, 1);
    for (quicklistNode *n = ql->head; n; n = n->next) {
        quicklistEntry e;
        (void)e;
        /* Read the raw node bytes, decompressing a copy if needed. */
        unsigned char *raw = zmalloc(n->sz);
        if (quicklistNodeIsCompressed(n)) {
            void *lzf;
            size_t clen = quicklistGetLzf(n, &lzf);
            TEST_ASSERT(lzf_decompress(lzf, (unsigned int)clen, raw, (unsigned int)n->sz) == n->sz);
        } else {
            memcpy(raw, n->entry, n->sz);
        }
        if (QL_NODE_IS_PLAIN(n)) quicklistAppendPlainNode(loaded, raw, n->sz);
        else quicklistAppendListpack(loaded, raw);
    }
    TEST_ASSERT(qlMatches(loaded, &m));
    TEST_ASSERT(loaded->len == ql->len);
    quicklistRelease(loaded);
    modelDelete(&m, 0, m.n);
    quicklistRelease(ql);
    quicklistSetPackedThreshold(0);
}

static void test_compare(void) {
    quicklist *ql = quicklistNew(-2, 0);
    pushStr(ql, "hello", QUICKLIST_TAIL);
    pushStr(ql, "42", QUICKLIST_TAIL);
    quicklistEntry e;
    quicklistIter *it = quicklistGetIteratorEntryAtIdx(ql, 0, &e);
    TEST_ASSERT(quicklistCompare(&e, (unsigned char *)"hello", 5));
    TEST_ASSERT(!quicklistCompare(&e, (unsigned char *)"hell", 4));
    quicklistReleaseIterator(it);
    it = quicklistGetIteratorEntryAtIdx(ql, 1, &e);
    TEST_ASSERT(quicklistCompare(&e, (unsigned char *)"42", 2));
    TEST_ASSERT(!quicklistCompare(&e, (unsigned char *)"042", 3));
    quicklistReleaseIterator(it);
    quicklistRelease(ql);
}

/* ------------------------------------------------------------------------
 * Random operations against the model, for fill/compress combinations
 * ------------------------------------------------------------------------ */

static size_t randomValue(char *buf) {
    switch (rnd() % 6) {
    case 0: return (size_t)ll2string(buf, 32, (long long)(rnd() % 2000) - 1000);
    case 1: return (size_t)ll2string(buf, 32, (long long)rnd());
    case 2: {
        size_t n = 1 + rnd() % 120;
        memset(buf, 'a' + (int)(rnd() % 3), n); /* compressible */
        return n;
    }
    case 3: {
        size_t n = 200 + rnd() % 900;
        memset(buf, 'k', n);
        return n;
    }
    default: {
        size_t n = rnd() % 40;
        for (size_t i = 0; i < n; i++) buf[i] = (char)rnd();
        return n;
    }
    }
}

static void randomOps(int fill, int depth, size_t packed, int ops) {
    static model m;
    static char buf[2000];
    quicklistSetPackedThreshold(packed);
    quicklist *ql = quicklistNew(fill, depth);
    int ok = 1;
    for (int op = 0; op < ops && ok; op++) {
        int r = (int)(rnd() % 100);
        if ((r < 30 || m.n == 0) && m.n < MODEL_MAX - 2) {
            size_t len = randomValue(buf);
            int head = rnd() & 1;
            quicklistPush(ql, buf, len, head ? QUICKLIST_HEAD : QUICKLIST_TAIL);
            modelInsert(&m, head ? 0 : m.n, buf, len);
        } else if (r < 45 && m.n < MODEL_MAX - 2) {
            size_t len = randomValue(buf);
            int idx = (int)(rnd() % (unsigned)m.n), after = rnd() & 1;
            insertAt(ql, idx, buf, len, after);
            modelInsert(&m, idx + after, buf, len);
        } else if (r < 55) {
            size_t len = randomValue(buf);
            int idx = (int)(rnd() % (unsigned)m.n);
            quicklistReplaceAtIndex(ql, (rnd() & 1) ? idx : idx - m.n, buf, len);
            modelSet(&m, idx, buf, len);
        } else if (r < 65) {
            /* LREM-like: delete matches of a random existing element. */
            int idx = (int)(rnd() % (unsigned)m.n);
            char *target = malloc(m.len[idx] + 1);
            size_t tlen = m.len[idx];
            memcpy(target, m.s[idx], tlen);
            int back = rnd() & 1;
            quicklistIter *it = quicklistGetIterator(ql, back ? AL_START_TAIL : AL_START_HEAD);
            quicklistEntry e;
            int pos = back ? m.n : -1;
            while (quicklistNext(it, &e)) {
                pos += back ? -1 : 1;
                if (quicklistCompare(&e, (unsigned char *)target, tlen)) {
                    quicklistDelEntry(it, &e);
                    modelDelete(&m, pos, 1);
                    if (!back) pos--;
                }
            }
            quicklistReleaseIterator(it);
            free(target);
        } else if (r < 72) {
            long start = (long)(rnd() % (unsigned)m.n);
            long count = 1 + (long)(rnd() % 20);
            if (rnd() & 1) start -= m.n;
            quicklistDelRange(ql, start, count);
            long s = start < 0 ? m.n + start : start;
            if (s + count > m.n) count = m.n - s;
            modelDelete(&m, (int)s, (int)count);
        } else if (r < 90) {
            int head = rnd() & 1;
            unsigned char *d;
            size_t sz;
            long long lv;
            quicklistPop(ql, head ? QUICKLIST_HEAD : QUICKLIST_TAIL, &d, &sz, &lv);
            char num[LONG_STR_SIZE];
            const char *got = d ? (char *)d : num;
            if (!d) sz = (size_t)ll2string(num, sizeof(num), lv);
            if (!modelIs(&m, head ? 0 : m.n - 1, got, sz)) ok = 0;
            zfree(d);
            modelDelete(&m, head ? 0 : m.n - 1, 1);
        } else if (r < 95) {
            quicklistRotate(ql);
            if (m.n > 1) {
                char *s = m.s[m.n - 1];
                size_t l = m.len[m.n - 1];
                memmove(&m.s[1], &m.s[0], sizeof(char *) * (size_t)(m.n - 1));
                memmove(&m.len[1], &m.len[0], sizeof(size_t) * (size_t)(m.n - 1));
                m.s[0] = s;
                m.len[0] = l;
            }
        } else {
            /* Random index read. */
            int idx = (int)(rnd() % (unsigned)m.n);
            quicklistEntry e;
            quicklistIter *it = quicklistGetIteratorEntryAtIdx(ql, idx - m.n, &e);
            char num[LONG_STR_SIZE];
            const char *s;
            size_t n = entryText(&e, num, &s);
            if (!modelIs(&m, idx, s, n)) ok = 0;
            quicklistReleaseIterator(it);
        }
        if (op % 100 == 0 && !qlMatches(ql, &m)) ok = 0;
    }
    TEST_ASSERT_MSG(ok, "random operations diverged from the model");
    TEST_ASSERT(qlMatches(ql, &m));
    modelDelete(&m, 0, m.n);
    quicklistRelease(ql);
    quicklistSetPackedThreshold(0);
}

static void test_random_ops(void) {
    static const int fills[] = {1, 2, 3, 8, 128, -1, -2, -5};
    for (size_t f = 0; f < sizeof(fills) / sizeof(fills[0]); f++)
        for (int depth = 0; depth <= 3; depth++) randomOps(fills[f], depth, (f % 2) ? 0 : 500, 4000);
}

/* ------------------------------------------------------------------------
 * Byte-exact layout vs Redis 7.0.15
 * ------------------------------------------------------------------------ */

/* Redis 7.0.15 with list-max-listpack-size 2, list-compress-depth 1,
 * DEBUG QUICKLIST-PACKED-THRESHOLD 64, rdbcompression no:
 *   RPUSH k <a*50> <b*50> <c*50> <d*50> <e*50> <f*50> 1 2 3
 *   LPUSH k 100 -5 hello
 *   LINSERT k AFTER <c*50> <X*70>
 *   LINSERT k BEFORE <e*50> mid
 *   LSET k 4 <g*50>
 *   LSET k -1 <Z*80>
 *   LREM k 1 2
 *   LTRIM k 1 -1
 *   RPUSH k tail
 * then DUMP k: each node as container, then raw listpack or LZF bytes. */
static const struct {
    int container;
    int lzf;
    const char *hex; /* spaces ignored; "<n>*<hexbyte>" repeats a byte n times */
} oracle_nodes[] = {
    {2, 0, "0c 000000 02 00 df fb 02 64 01 ff"},
    {2, 1, "07 6f 000000 02 00 b2 61 e0 28 00 02 33 b2 67 e0 28 00 01 33 ff"},
    {2, 1, "07 3b 000000 01 00 b2 63 e0 28 00 01 33 ff"},
    {1, 1, "01 5858 e0 39 00 01 5858"},
    {2, 1, "07 40 000000 02 00 b2 64 e0 28 00 06 33 83 6d 69 64 04 ff"},
    {2, 1, "07 6f 000000 02 00 b2 65 e0 28 00 02 33 b2 66 e0 28 00 01 33 ff"},
    {2, 0, "09 000000 01 00 0101 ff"},
    {1, 1, "01 5a5a e0 43 00 01 5a5a"},
    {2, 0, "0d 000000 01 00 84 74 61 69 6c 05 ff"},
};

/* Expand "ab 50*61 ff" style descriptions into bytes.  A run count is
 * told from a hex byte by the '*' that follows it. */
static size_t expandHex(const char *h, unsigned char *out) {
    size_t n = 0;
    while (*h) {
        if (*h == ' ') {
            h++;
            continue;
        }
        char *end;
        unsigned long rep = strtoul(h, &end, 10);
        if (*end == '*') {
            unsigned v;
            sscanf(end + 1, "%2x", &v);
            for (unsigned long i = 0; i < rep; i++) out[n++] = (unsigned char)v;
            h = end + 3;
        } else {
            unsigned v;
            sscanf(h, "%2x", &v);
            out[n++] = (unsigned char)v;
            h += 2;
        }
    }
    return n;
}

static void test_oracle_layout(void) {
    char a[100];
    quicklistSetPackedThreshold(64);
    quicklist *ql = quicklistNew(2, 1);
    const char letters[] = "abcdef";
    for (int i = 0; i < 6; i++) pushStr(ql, rep(a, letters[i], 50), QUICKLIST_TAIL);
    pushStr(ql, "1", QUICKLIST_TAIL);
    pushStr(ql, "2", QUICKLIST_TAIL);
    pushStr(ql, "3", QUICKLIST_TAIL);
    pushStr(ql, "100", QUICKLIST_HEAD);
    pushStr(ql, "-5", QUICKLIST_HEAD);
    pushStr(ql, "hello", QUICKLIST_HEAD);

    /* LINSERT: first match from the head. */
    char pivot[64], value[100];
    for (int k = 0; k < 2; k++) {
        rep(pivot, k == 0 ? 'c' : 'e', 50);
        if (k == 0) rep(value, 'X', 70);
        else strcpy(value, "mid");
        quicklistIter *it = quicklistGetIterator(ql, AL_START_HEAD);
        quicklistEntry e;
        while (quicklistNext(it, &e)) {
            if (quicklistCompare(&e, (unsigned char *)pivot, 50)) {
                if (k == 0) quicklistInsertAfter(it, &e, value, strlen(value));
                else quicklistInsertBefore(it, &e, value, strlen(value));
                break;
            }
        }
        quicklistReleaseIterator(it);
    }
    TEST_ASSERT(quicklistReplaceAtIndex(ql, 4, rep(a, 'g', 50), 50));
    TEST_ASSERT(quicklistReplaceAtIndex(ql, -1, rep(a, 'Z', 80), 80));
    /* LREM k 1 2 */
    quicklistIter *it = quicklistGetIterator(ql, AL_START_HEAD);
    quicklistEntry e;
    while (quicklistNext(it, &e)) {
        if (quicklistCompare(&e, (unsigned char *)"2", 1)) {
            quicklistDelEntry(it, &e);
            break;
        }
    }
    quicklistReleaseIterator(it);
    /* LTRIM k 1 -1 */
    quicklistDelRange(ql, 0, 1);
    quicklistDelRange(ql, 0, 0);
    pushStr(ql, "tail", QUICKLIST_TAIL);

    size_t nodes = sizeof(oracle_nodes) / sizeof(oracle_nodes[0]);
    TEST_ASSERT(ql->len == nodes);
    quicklistNode *n = ql->head;
    static unsigned char expect[4096];
    for (size_t i = 0; i < nodes && n; i++, n = n->next) {
        size_t len = expandHex(oracle_nodes[i].hex, expect);
        TEST_ASSERT_MSG(n->container == oracle_nodes[i].container, "node container");
        TEST_ASSERT_MSG(quicklistNodeIsCompressed(n) == oracle_nodes[i].lzf, "node encoding");
        void *bytes = n->entry;
        size_t blen = n->sz;
        if (quicklistNodeIsCompressed(n)) blen = quicklistGetLzf(n, &bytes);
        TEST_ASSERT_MSG(blen == len && memcmp(bytes, expect, len) == 0, "node bytes");
    }
    quicklistRelease(ql);
    quicklistSetPackedThreshold(0);
}

/* ------------------------------------------------------------------------
 * Repr (DEBUG QUICKLIST)
 * ------------------------------------------------------------------------ */

static void test_repr(void) {
    quicklist *ql = quicklistNew(3, 1);
    const char *vals[] = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "ccccccccccccccccccccccccccccccccccccccc",
        "ddddddddddddddddddddddddddddddddddddddddddddddddddd", "ee", "ff", "gg", "hh", "ii",
        "1", "2", "3", "4"};
    for (int i = 0; i < 13; i++) pushStr(ql, vals[i], QUICKLIST_TAIL);

    fflush(stdout);
    int saved = dup(1);
    FILE *tmp = tmpfile();
    dup2(fileno(tmp), 1);
    quicklistRepr((unsigned char *)ql, 0);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    rewind(tmp);
    char out[4096] = {0};
    size_t n = fread(out, 1, sizeof(out) - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    /* Redis 7.0.15, DEBUG QUICKLIST q with the same list and settings. */
    const char *expect =
        "{count : 13}\n{len : 5}\n{fill : 3}\n{compress : 1}\n{bookmark_count : 0}\n"
        "{quicklist node(0)\n"
        "{container : PACKED, encoding: RAW, size: 169, count: 3, recompress: 0, attempted_compress: 0}\n"
        "{quicklist node(1)\n"
        "{container : PACKED, encoding: LZF, size: 68, count: 3, recompress: 0, attempted_compress: 0}\n"
        "{quicklist node(2)\n"
        "{container : PACKED, encoding: RAW, size: 19, count: 3, recompress: 0, attempted_compress: 0}\n"
        "{quicklist node(3)\n"
        "{container : PACKED, encoding: RAW, size: 13, count: 3, recompress: 0, attempted_compress: 0}\n"
        "{quicklist node(4)\n"
        "{container : PACKED, encoding: RAW, size: 9, count: 1, recompress: 0, attempted_compress: 0}\n";
    TEST_ASSERT_MSG(strcmp(out, expect) == 0, out);
    quicklistRelease(ql);
}

int main(void) {
    RUN_TEST(test_push_pop);
    RUN_TEST(test_options_clamped);
    RUN_TEST(test_fill_positive);
    RUN_TEST(test_fill_negative);
    RUN_TEST(test_compression_depths);
    RUN_TEST(test_compression_roundtrip);
    RUN_TEST(test_compression_skipped);
    RUN_TEST(test_iterate_and_index);
    RUN_TEST(test_del_entry_while_iterating);
    RUN_TEST(test_del_range);
    RUN_TEST(test_insert_split_merge);
    RUN_TEST(test_merge_size_bound);
    RUN_TEST(test_insert_empty);
    RUN_TEST(test_replace);
    RUN_TEST(test_plain_nodes);
    RUN_TEST(test_rotate);
    RUN_TEST(test_dup_and_append);
    RUN_TEST(test_compare);
    RUN_TEST(test_random_ops);
    RUN_TEST(test_oracle_layout);
    RUN_TEST(test_repr);
    return TEST_REPORT();
}
