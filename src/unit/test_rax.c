/* Unit tests for rax.c.
 *
 * Most tests run the tree against a model: a sorted array of (key, value)
 * kept in memcmp order, a prefix before its extensions.  Every operation is
 * applied to both, and lookups, full iterations in both directions and every
 * seek operator are compared.  The structure itself is checked by
 * checkTree(): node kinds, sorted edges, counts.
 *
 * Random tests print their seed; set RAX_TEST_SEED to replay one.  RAX_TEST_N
 * sets the number of sequential stream keys of the memory test (default 1M,
 * a tenth under valgrind).  RAX_BENCH=1 times 2M keys instead of 200k. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rax.h"
#include "test_help.h"
#include "zmalloc.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t test_seed;

/* Size of the big tests: RAX_TEST_N if set, else `dflt`, or a tenth of it
 * under valgrind (its preload library is in LD_PRELOAD), where the full size
 * takes minutes. */
static size_t bigN(size_t dflt) {
    const char *env = getenv("RAX_TEST_N");
    if (env && atol(env) > 0) return (size_t)atol(env);
    const char *pre = getenv("LD_PRELOAD");
    if (pre && strstr(pre, "vgpreload")) return dflt / 10;
    return dflt;
}

static double nowSeconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#define S(lit) ((unsigned char *)(lit)), (sizeof(lit) - 1)

static void *V(uintptr_t n) {
    return (void *)(n * 16); /* a fake, non-NULL pointer value */
}

/* A stream ID as the 16-byte key streams use: ms then seq, big endian. */
static void streamKey(unsigned char *k, uint64_t ms, uint64_t seq) {
    for (int i = 0; i < 8; i++) {
        k[i] = (unsigned char)(ms >> (56 - 8 * i));
        k[8 + i] = (unsigned char)(seq >> (56 - 8 * i));
    }
}

/* Keys compare as memcmp over the common length, the shorter first on a tie. */
static int keyCmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl) {
    size_t m = al < bl ? al : bl;
    int c = m ? memcmp(a, b, m) : 0;
    if (c) return c;
    return al < bl ? -1 : (al > bl ? 1 : 0);
}

/* --- structure check, from the layout documented in rax.h --- */

static raxNode **childrenOf(raxNode *n) {
    size_t off = sizeof(raxNode) + n->size;
    off += (sizeof(void *) - off % sizeof(void *)) % sizeof(void *);
    return (raxNode **)((unsigned char *)n + off);
}

static size_t childCountOf(raxNode *n) {
    return n->iscompr ? 1 : n->size;
}

/* Walks the tree checking the node rules; counts nodes and keys.  Returns 0
 * on the first broken rule, with a message. */
static int checkNode(raxNode *n, int isroot, uint64_t *nodes, uint64_t *keys, const char **why) {
    (*nodes)++;
    if (n->iskey) (*keys)++;
    if (n->isnull && !n->iskey) { *why = "isnull without iskey"; return 0; }
    if (n->iscompr && n->size < 2) { *why = "compressed node of < 2 bytes"; return 0; }
    if (!n->iscompr && n->size > 256) { *why = "normal node with > 256 edges"; return 0; }
    if (!isroot && n->size == 0 && !n->iskey) { *why = "leaf that is not a key"; return 0; }
    if (!n->iscompr)
        for (size_t i = 1; i < n->size; i++)
            if (n->data[i - 1] >= n->data[i]) { *why = "edges not sorted"; return 0; }
    raxNode **ch = childrenOf(n);
    for (size_t i = 0; i < childCountOf(n); i++)
        if (!checkNode(ch[i], 0, nodes, keys, why)) return 0;
    return 1;
}

static int checkTree(rax *r) {
    uint64_t nodes = 0, keys = 0;
    const char *why = NULL;
    if (!checkNode(r->head, 1, &nodes, &keys, &why)) {
        fprintf(stderr, "  tree check: %s\n", why);
        return 0;
    }
    if (nodes != raxNodes(r)) {
        fprintf(stderr, "  tree check: %llu nodes, raxNodes says %llu\n",
                (unsigned long long)nodes, (unsigned long long)raxNodes(r));
        return 0;
    }
    if (keys != raxSize(r)) {
        fprintf(stderr, "  tree check: %llu keys, raxSize says %llu\n",
                (unsigned long long)keys, (unsigned long long)raxSize(r));
        return 0;
    }
    return 1;
}

/* 1 if no chain of non-key one-child nodes could be merged: true of a tree
 * that only ever had keys inserted, or of any tree after removals that did
 * not hit Redis's "key on a compressed node" exception. */
static int fullyCompressedNode(raxNode *n, int parent_mergeable) {
    int mergeable = !n->iskey && (n->iscompr || n->size == 1);
    if (parent_mergeable && mergeable) return 0;
    raxNode **ch = childrenOf(n);
    for (size_t i = 0; i < childCountOf(n); i++)
        if (!fullyCompressedNode(ch[i], mergeable)) return 0;
    return 1;
}

/* --- the model --- */

typedef struct {
    unsigned char *key;
    size_t len;
    void *val;
} mentry;

typedef struct {
    mentry *e;
    size_t n, cap;
} model;

/* Index of the first entry >= key. */
static size_t modelLowerBound(model *m, const unsigned char *k, size_t len) {
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (keyCmp(m->e[mid].key, m->e[mid].len, k, len) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int modelFind(model *m, const unsigned char *k, size_t len, size_t *pos) {
    size_t p = modelLowerBound(m, k, len);
    *pos = p;
    return p < m->n && keyCmp(m->e[p].key, m->e[p].len, k, len) == 0;
}

/* 1 if inserted, 0 if updated. */
static int modelInsert(model *m, const unsigned char *k, size_t len, void *val) {
    size_t p;
    if (modelFind(m, k, len, &p)) {
        m->e[p].val = val;
        return 0;
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->e = realloc(m->e, m->cap * sizeof(mentry));
    }
    memmove(m->e + p + 1, m->e + p, (m->n - p) * sizeof(mentry));
    m->e[p].key = malloc(len ? len : 1);
    memcpy(m->e[p].key, k, len);
    m->e[p].len = len;
    m->e[p].val = val;
    m->n++;
    return 1;
}

static int modelRemove(model *m, const unsigned char *k, size_t len) {
    size_t p;
    if (!modelFind(m, k, len, &p)) return 0;
    free(m->e[p].key);
    memmove(m->e + p, m->e + p + 1, (m->n - p - 1) * sizeof(mentry));
    m->n--;
    return 1;
}

static void modelFree(model *m) {
    for (size_t i = 0; i < m->n; i++) free(m->e[i].key);
    free(m->e);
    memset(m, 0, sizeof(*m));
}

static int iterIs(raxIterator *it, mentry *e) {
    return keyCmp(it->key, it->key_len, e->key, e->len) == 0 && it->data == e->val;
}

/* Full forward and backward iterations equal the model. */
static int iterationMatches(rax *r, model *m) {
    raxIterator it;
    int ok = 1;
    raxStart(&it, r);
    raxSeek(&it, "^", NULL, 0);
    size_t i = 0;
    while (ok && raxNext(&it)) {
        if (i >= m->n || !iterIs(&it, &m->e[i])) ok = 0;
        i++;
    }
    if (i != m->n || !raxEOF(&it)) ok = 0;

    raxSeek(&it, "$", NULL, 0);
    i = m->n;
    while (ok && raxPrev(&it)) {
        if (i == 0 || !iterIs(&it, &m->e[i - 1])) ok = 0;
        i--;
    }
    if (i != 0) ok = 0;
    raxStop(&it);
    return ok;
}

/* Seek with op, then check that `steps` raxNext (or raxPrev) calls return
 * the model's elements from the expected one on.  expect is the index of the
 * element the seek must land on, or -1 for none. */
static int seekMatches(rax *r, model *m, const char *op, const unsigned char *k, size_t len,
                       long expect, int forward, int steps) {
    raxIterator it;
    int ok = 1;
    raxStart(&it, r);
    if (!raxSeek(&it, op, (unsigned char *)k, len)) ok = 0;
    for (int s = 0; ok && s < steps; s++) {
        int got = forward ? raxNext(&it) : raxPrev(&it);
        if (expect < 0 || (size_t)expect >= m->n) {
            if (got || !raxEOF(&it)) ok = 0;
            break;
        }
        if (!got || !iterIs(&it, &m->e[expect])) ok = 0;
        expect += forward ? 1 : -1;
    }
    raxStop(&it);
    return ok;
}

/* Every seek operator at key k against the model, moving both ways. */
static int allSeeksMatch(rax *r, model *m, const unsigned char *k, size_t len) {
    size_t p;
    int found = modelFind(m, k, len, &p);
    long ge = (long)p;                    /* first >= k */
    long gt = found ? (long)p + 1 : (long)p; /* first > k */
    long le = found ? (long)p : (long)p - 1; /* last <= k */
    long lt = (long)p - 1;                /* last < k */
    long n = (long)m->n;
    if (gt >= n) gt = -1;
    if (ge >= n) ge = -1;

    int ok = 1;
    ok &= seekMatches(r, m, ">=", k, len, ge, 1, 4);
    ok &= seekMatches(r, m, ">", k, len, gt, 1, 4);
    ok &= seekMatches(r, m, "<=", k, len, le, 0, 4);
    ok &= seekMatches(r, m, "<", k, len, lt, 0, 4);
    ok &= seekMatches(r, m, "=", k, len, found ? (long)p : -1, 1, 1);
    /* After a seek the first call of the OTHER direction also returns the
     * element found, then moves that way. */
    ok &= seekMatches(r, m, ">=", k, len, ge, 0, 3);
    ok &= seekMatches(r, m, "<=", k, len, le, 1, 3);
    if (found) ok &= seekMatches(r, m, "=", k, len, (long)p, 0, 3);
    return ok;
}

/* Random keys with many shared prefixes: short, from a small alphabet that
 * includes the bytes 0 and 255, sometimes long or fully random. */
static size_t randomKey(unsigned char *buf, size_t max) {
    static const unsigned char alpha[] = {0, 1, 'a', 'b', 'c', 127, 128, 254, 255};
    size_t len;
    uint64_t shape = rnd() % 10;
    if (shape < 6) len = rnd() % 6;
    else if (shape < 9) len = rnd() % 16;
    else len = rnd() % max;
    int wide = rnd() % 4 == 0;
    for (size_t i = 0; i < len; i++)
        buf[i] = wide ? (unsigned char)rnd() : alpha[rnd() % sizeof(alpha)];
    return len;
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void test_empty_tree(void) {
    rax *r = raxNew();
    TEST_ASSERT(raxSize(r) == 0);
    TEST_ASSERT(raxNodes(r) == 1);
    TEST_ASSERT(raxFind(r, S("a")) == raxNotFound);
    TEST_ASSERT(raxFind(r, NULL, 0) == raxNotFound);
    TEST_ASSERT(raxRemove(r, S("a"), NULL) == 0);
    TEST_ASSERT(raxRemove(r, NULL, 0, NULL) == 0);

    raxIterator it;
    raxStart(&it, r);
    TEST_ASSERT_MSG(raxNext(&it) == 0 && raxEOF(&it), "not seeked");
    const char *ops[] = {"^", "$", "=", ">", ">=", "<", "<="};
    for (size_t i = 0; i < sizeof(ops) / sizeof(*ops); i++) {
        TEST_ASSERT(raxSeek(&it, ops[i], S("x")) == 1);
        TEST_ASSERT(raxNext(&it) == 0);
        TEST_ASSERT(raxEOF(&it));
        TEST_ASSERT(raxSeek(&it, ops[i], S("x")) == 1);
        TEST_ASSERT(raxPrev(&it) == 0);
    }
    TEST_ASSERT(raxRandomWalk(&it, 0) == 0);
    raxStop(&it);
    TEST_ASSERT(checkTree(r));
    raxFree(r);
}

static void test_basic_ops(void) {
    rax *r = raxNew();
    void *old = V(99);

    TEST_ASSERT(raxInsert(r, S("hello"), V(1), &old) == 1);
    TEST_ASSERT_MSG(old == V(99), "old untouched on a new key");
    TEST_ASSERT(raxFind(r, S("hello")) == V(1));
    TEST_ASSERT(raxFind(r, S("hell")) == raxNotFound);
    TEST_ASSERT(raxFind(r, S("hello!")) == raxNotFound);
    TEST_ASSERT(raxFind(r, S("help")) == raxNotFound);
    TEST_ASSERT(raxSize(r) == 1);

    /* Overwrite. */
    errno = 12345;
    TEST_ASSERT(raxInsert(r, S("hello"), V(2), &old) == 0);
    TEST_ASSERT(errno == 0);
    TEST_ASSERT(old == V(1));
    TEST_ASSERT(raxFind(r, S("hello")) == V(2));
    TEST_ASSERT(raxInsert(r, S("hello"), V(3), NULL) == 0);
    TEST_ASSERT(raxFind(r, S("hello")) == V(3));
    TEST_ASSERT(raxSize(r) == 1);

    /* Try-insert leaves an existing value alone. */
    old = NULL;
    TEST_ASSERT(raxTryInsert(r, S("hello"), V(4), &old) == 0);
    TEST_ASSERT(old == V(3));
    TEST_ASSERT(raxFind(r, S("hello")) == V(3));
    TEST_ASSERT(raxTryInsert(r, S("world"), V(5), &old) == 1);
    TEST_ASSERT(raxFind(r, S("world")) == V(5));
    TEST_ASSERT(raxSize(r) == 2);

    /* Remove. */
    old = NULL;
    TEST_ASSERT(raxRemove(r, S("hello"), &old) == 1);
    TEST_ASSERT(old == V(3));
    TEST_ASSERT(raxRemove(r, S("hello"), &old) == 0);
    TEST_ASSERT(raxRemove(r, S("hell"), NULL) == 0);
    TEST_ASSERT(raxRemove(r, S("worldx"), NULL) == 0);
    TEST_ASSERT(raxFind(r, S("hello")) == raxNotFound);
    TEST_ASSERT(raxFind(r, S("world")) == V(5));
    TEST_ASSERT(raxSize(r) == 1);
    TEST_ASSERT(checkTree(r));
    /* One key left: the root compressed "world" and its leaf. */
    TEST_ASSERT(raxNodes(r) == 2);
    TEST_ASSERT(raxRemove(r, S("world"), NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 1);
    TEST_ASSERT(raxSize(r) == 0);
    raxFree(r);
}

static void test_null_values(void) {
    rax *r = raxNew();
    void *old = V(7);
    TEST_ASSERT(raxInsert(r, S("k"), NULL, NULL) == 1);
    TEST_ASSERT_MSG(raxFind(r, S("k")) == NULL, "NULL is a value, not absence");
    TEST_ASSERT(raxFind(r, S("kk")) == raxNotFound);
    TEST_ASSERT(raxInsert(r, S("k"), V(1), &old) == 0);
    TEST_ASSERT(old == NULL);
    TEST_ASSERT(raxFind(r, S("k")) == V(1));
    TEST_ASSERT(raxInsert(r, S("k"), NULL, &old) == 0);
    TEST_ASSERT(old == V(1));
    TEST_ASSERT(raxFind(r, S("k")) == NULL);
    TEST_ASSERT(raxTryInsert(r, S("k"), V(2), &old) == 0);
    TEST_ASSERT(old == NULL && raxFind(r, S("k")) == NULL);

    /* NULL keys inside compressed runs and at forks. */
    TEST_ASSERT(raxInsert(r, S("kabcdef"), NULL, NULL) == 1);
    TEST_ASSERT(raxInsert(r, S("kabc"), NULL, NULL) == 1);
    TEST_ASSERT(raxInsert(r, S("kabX"), V(3), NULL) == 1);
    TEST_ASSERT(raxFind(r, S("kabcdef")) == NULL);
    TEST_ASSERT(raxFind(r, S("kabc")) == NULL);
    TEST_ASSERT(raxFind(r, S("kabX")) == V(3));
    TEST_ASSERT(raxFind(r, S("kab")) == raxNotFound);
    TEST_ASSERT(checkTree(r));

    raxIterator it;
    raxStart(&it, r);
    raxSeek(&it, "^", NULL, 0);
    int n = 0;
    while (raxNext(&it)) n++;
    TEST_ASSERT(n == 4);
    raxStop(&it);

    old = V(9);
    TEST_ASSERT(raxRemove(r, S("kabc"), &old) == 1);
    TEST_ASSERT(old == NULL);
    TEST_ASSERT(raxSize(r) == 3);
    TEST_ASSERT(checkTree(r));
    raxFree(r);
}

static void test_empty_key(void) {
    rax *r = raxNew();
    TEST_ASSERT(raxInsert(r, NULL, 0, V(1), NULL) == 1);
    TEST_ASSERT(raxFind(r, NULL, 0) == V(1));
    TEST_ASSERT(raxNodes(r) == 1);
    TEST_ASSERT(raxInsert(r, S("a"), V(2), NULL) == 1);
    TEST_ASSERT(raxInsert(r, S(""), V(3), NULL) == 0);
    TEST_ASSERT(raxFind(r, S("")) == V(3));

    raxIterator it;
    raxStart(&it, r);
    raxSeek(&it, "^", NULL, 0);
    TEST_ASSERT(raxNext(&it) && it.key_len == 0 && it.data == V(3));
    TEST_ASSERT(raxNext(&it) && it.key_len == 1 && it.key[0] == 'a');
    TEST_ASSERT(!raxNext(&it));
    raxSeek(&it, "<", S("a"));
    TEST_ASSERT(raxPrev(&it) && it.key_len == 0);
    raxSeek(&it, ">", NULL, 0);
    TEST_ASSERT(raxNext(&it) && it.key_len == 1);
    raxSeek(&it, "<", NULL, 0);
    TEST_ASSERT(!raxPrev(&it) && raxEOF(&it));
    raxStop(&it);

    TEST_ASSERT(raxRemove(r, NULL, 0, NULL) == 1);
    TEST_ASSERT(raxFind(r, NULL, 0) == raxNotFound);
    TEST_ASSERT(raxFind(r, S("a")) == V(2));
    TEST_ASSERT(raxRemove(r, S("a"), NULL) == 1);
    TEST_ASSERT(raxSize(r) == 0 && raxNodes(r) == 1);
    TEST_ASSERT(checkTree(r));
    raxFree(r);
}

/* Keys that are prefixes of each other, with the node counts that follow
 * from the node rules (see rax.h). */
static void test_prefix_keys(void) {
    rax *r = raxNew();
    /* "abcd" alone: compressed root + leaf. */
    raxInsert(r, S("abcd"), V(1), NULL);
    TEST_ASSERT(raxNodes(r) == 2);
    /* "ab" ends inside the run: "ab" -> ("cd", key) -> leaf. */
    raxInsert(r, S("ab"), V(2), NULL);
    TEST_ASSERT(raxNodes(r) == 3);
    /* "abcdef" extends the leaf: it becomes a compressed "ef" + leaf. */
    raxInsert(r, S("abcdef"), V(3), NULL);
    TEST_ASSERT(raxNodes(r) == 4);
    /* "a": splits the root run "ab" into 'a' -> 'b'. */
    raxInsert(r, S("a"), V(4), NULL);
    TEST_ASSERT(raxNodes(r) == 5);
    TEST_ASSERT(checkTree(r));
    TEST_ASSERT(fullyCompressedNode(r->head, 0));
    TEST_ASSERT(raxFind(r, S("a")) == V(4));
    TEST_ASSERT(raxFind(r, S("ab")) == V(2));
    TEST_ASSERT(raxFind(r, S("abc")) == raxNotFound);
    TEST_ASSERT(raxFind(r, S("abcd")) == V(1));
    TEST_ASSERT(raxFind(r, S("abcde")) == raxNotFound);
    TEST_ASSERT(raxFind(r, S("abcdef")) == V(3));

    /* Removing "a" (a normal node with one child) merges 'a','b' back. */
    TEST_ASSERT(raxRemove(r, S("a"), NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 4);
    TEST_ASSERT(fullyCompressedNode(r->head, 0));
    /* Removing "abcd", a key on a compressed node ("ef") that keeps its
     * child: no merge is tried, as in Redis. */
    TEST_ASSERT(raxRemove(r, S("abcd"), NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 4);
    TEST_ASSERT(raxFind(r, S("abcdef")) == V(3));
    TEST_ASSERT(raxFind(r, S("ab")) == V(2));
    /* Removing the leaf "abcdef" frees it and the now useless "ef" node. */
    TEST_ASSERT(raxRemove(r, S("abcdef"), NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 2);
    TEST_ASSERT(raxRemove(r, S("ab"), NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 1);
    TEST_ASSERT(checkTree(r));

    /* A chain of nested keys, then a sibling at every level. */
    unsigned char k[64];
    memset(k, 'x', sizeof(k));
    for (size_t l = 1; l <= 40; l++) TEST_ASSERT(raxInsert(r, k, l, V(l), NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 41);
    for (size_t l = 1; l <= 40; l++) {
        k[l - 1] = 'y';
        TEST_ASSERT(raxInsert(r, k, l, V(100 + l), NULL) == 1);
        k[l - 1] = 'x';
    }
    TEST_ASSERT(checkTree(r));
    for (size_t l = 1; l <= 40; l++) {
        TEST_ASSERT(raxFind(r, k, l) == V(l));
        k[l - 1] = 'y';
        TEST_ASSERT(raxFind(r, k, l) == V(100 + l));
        k[l - 1] = 'x';
    }
    for (size_t l = 40; l >= 1; l--) {
        k[l - 1] = 'y';
        TEST_ASSERT(raxRemove(r, k, l, NULL) == 1);
        k[l - 1] = 'x';
    }
    TEST_ASSERT(raxNodes(r) == 41);
    for (size_t l = 1; l <= 40; l++) TEST_ASSERT(raxRemove(r, k, l, NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 1 && raxSize(r) == 0);
    raxFree(r);
}

/* Node counts of stream-like trees as Redis 7.0.15 reports them.  Obtained
 * from /usr/bin/redis-server with CONFIG SET stream-node-max-entries 1, so
 * that each XADD starts a listpack node whose first ID is a rax key, then
 * XADD s <ms>-<seq> f v for the IDs listed, XDEL for the removals, and
 * XINFO STREAM s -> radix-tree-keys / radix-tree-nodes. */
typedef struct {
    char op; /* 'A' XADD, 'D' XDEL */
    uint64_t ms, seq;
} streamOp;

static void runStreamOps(rax *r, const streamOp *ops, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char k[16];
        streamKey(k, ops[i].ms, ops[i].seq);
        if (ops[i].op == 'A') raxInsert(r, k, 16, V(i + 1), NULL);
        else raxRemove(r, k, 16, NULL);
    }
}

static void test_oracle_node_counts(void) {
    streamOp ops[1024];
    size_t n;
    rax *r;

    /* XADD 1-0 2-0: keys 2, nodes 6. */
    r = raxNew();
    n = 0;
    ops[n++] = (streamOp){'A', 1, 0};
    ops[n++] = (streamOp){'A', 2, 0};
    runStreamOps(r, ops, n);
    TEST_ASSERT(raxSize(r) == 2 && raxNodes(r) == 6);
    raxFree(r);

    /* XADD 1-0 .. 10-0: keys 10, nodes 22. */
    r = raxNew();
    n = 0;
    for (uint64_t ms = 1; ms <= 10; ms++) ops[n++] = (streamOp){'A', ms, 0};
    runStreamOps(r, ops, n);
    TEST_ASSERT(raxSize(r) == 10 && raxNodes(r) == 22);
    raxFree(r);

    /* XADD 1000-0 .. 1000-299: keys 300, nodes 304.  Then XDEL every third
     * (1000-0, 1000-3, ...), 1000-299 and 1000-1: keys 198, nodes 202. */
    r = raxNew();
    n = 0;
    for (uint64_t s = 0; s < 300; s++) ops[n++] = (streamOp){'A', 1000, s};
    runStreamOps(r, ops, n);
    TEST_ASSERT(raxSize(r) == 300 && raxNodes(r) == 304);
    TEST_ASSERT(checkTree(r));
    n = 0;
    for (uint64_t s = 0; s < 300; s += 3) ops[n++] = (streamOp){'D', 1000, s};
    ops[n++] = (streamOp){'D', 1000, 299};
    ops[n++] = (streamOp){'D', 1000, 1};
    runStreamOps(r, ops, n);
    TEST_ASSERT(raxSize(r) == 198 && raxNodes(r) == 202);
    TEST_ASSERT(checkTree(r));
    raxFree(r);

    /* XADD 1-1 1-2 256-0 65536-5 4294967296-0 4294967296-1 1700000000000-0
     * 1700000000001-0 1700000000001-7 18446744073709551615-0
     * 18446744073709551615-18446744073709551615: keys 11, nodes 33. */
    static const uint64_t mixed[][2] = {{1, 1}, {1, 2}, {256, 0}, {65536, 5}, {4294967296ULL, 0},
        {4294967296ULL, 1}, {1700000000000ULL, 0}, {1700000000001ULL, 0}, {1700000000001ULL, 7},
        {UINT64_MAX, 0}, {UINT64_MAX, UINT64_MAX}};
    r = raxNew();
    n = 0;
    for (size_t i = 0; i < sizeof(mixed) / sizeof(*mixed); i++)
        ops[n++] = (streamOp){'A', mixed[i][0], mixed[i][1]};
    runStreamOps(r, ops, n);
    TEST_ASSERT(raxSize(r) == 11 && raxNodes(r) == 33);
    raxFree(r);

    /* XADD 1-0 .. 20-0, XDEL 2-0 .. 20-0: keys 1, nodes 2. */
    r = raxNew();
    n = 0;
    for (uint64_t ms = 1; ms <= 20; ms++) ops[n++] = (streamOp){'A', ms, 0};
    for (uint64_t ms = 2; ms <= 20; ms++) ops[n++] = (streamOp){'D', ms, 0};
    runStreamOps(r, ops, n);
    TEST_ASSERT(raxSize(r) == 1 && raxNodes(r) == 2);
    raxFree(r);

    /* XADD 5-0 .. 5-9, XDEL all of them: keys 0, nodes 1. */
    r = raxNew();
    n = 0;
    for (uint64_t s = 0; s < 10; s++) ops[n++] = (streamOp){'A', 5, s};
    for (uint64_t s = 0; s < 10; s++) ops[n++] = (streamOp){'D', 5, s};
    runStreamOps(r, ops, n);
    TEST_ASSERT(raxSize(r) == 0 && raxNodes(r) == 1);
    raxFree(r);

    /* XADD 1-0 1-1 2-0, XDEL 1-1 2-0, XADD 3-0 257-0, XDEL 1-0, XADD 258-3:
     * keys 3, nodes 9. */
    static const streamOp mix2[] = {{'A', 1, 0}, {'A', 1, 1}, {'A', 2, 0}, {'D', 1, 1}, {'D', 2, 0},
        {'A', 3, 0}, {'A', 257, 0}, {'D', 1, 0}, {'A', 258, 3}};
    r = raxNew();
    runStreamOps(r, mix2, sizeof(mix2) / sizeof(*mix2));
    TEST_ASSERT(raxSize(r) == 3 && raxNodes(r) == 9);
    TEST_ASSERT(checkTree(r));
    raxFree(r);
}

/* Thousands of random inserts, overwrites and removals against the model,
 * checking lookups, iteration and seeks along the way. */
static void test_random_against_model(void) {
    rng_state = test_seed;
    for (int round = 0; round < 6; round++) {
        rax *r = raxNew();
        model m = {0};
        unsigned char k[80];
        int ok = 1;
        size_t nops = 3000 + (size_t)(rnd() % 3000);
        /* Rounds alternate between growing and shrinking phases. */
        for (size_t op = 0; op < nops && ok; op++) {
            size_t len = randomKey(k, sizeof(k));
            uint64_t what = rnd() % 100;
            int grow = (op / 500) % 2 == 0;
            if (what < (grow ? 55u : 25u)) {
                void *val = rnd() % 8 == 0 ? NULL : V(op + 1);
                int a = raxInsert(r, k, len, val, NULL);
                int b = modelInsert(&m, k, len, val);
                if (a != b) ok = 0;
            } else if (what < (grow ? 65u : 35u)) {
                void *val = V(op + 1), *old = V(0);
                size_t p;
                int present = modelFind(&m, k, len, &p);
                void *was = present ? m.e[p].val : NULL;
                int a = raxTryInsert(r, k, len, val, &old);
                if (!present) modelInsert(&m, k, len, val);
                if (a != !present || (present && old != was)) ok = 0;
            } else if (what < 90) {
                /* Remove a present key most of the time. */
                if (m.n && rnd() % 4) {
                    mentry *e = &m.e[rnd() % m.n];
                    len = e->len;
                    memcpy(k, e->key, len);
                }
                size_t p;
                int present = modelFind(&m, k, len, &p);
                void *was = present ? m.e[p].val : NULL, *old = V(0);
                int a = raxRemove(r, k, len, &old);
                modelRemove(&m, k, len);
                if (a != present || (present && old != was)) ok = 0;
            } else {
                size_t p;
                int present = modelFind(&m, k, len, &p);
                void *v = raxFind(r, k, len);
                if (present ? v != m.e[p].val : v != raxNotFound) ok = 0;
            }
            if (raxSize(r) != m.n) ok = 0;
            if (op % 250 == 0) {
                if (!checkTree(r) || !iterationMatches(r, &m)) ok = 0;
                for (int s = 0; s < 20 && ok; s++) {
                    size_t l2 = randomKey(k, sizeof(k));
                    if (!allSeeksMatch(r, &m, k, l2)) ok = 0;
                }
            }
        }
        if (!ok) fprintf(stderr, "  random round %d failed (seed %llu)\n", round,
                         (unsigned long long)test_seed);
        TEST_ASSERT_MSG(ok, "tree and model differ");
        TEST_ASSERT(checkTree(r));
        TEST_ASSERT(iterationMatches(r, &m));

        /* Every present key and its neighbours as seek targets. */
        int seeks_ok = 1;
        for (size_t i = 0; i < m.n && seeks_ok; i++) {
            mentry *e = &m.e[i];
            if (!allSeeksMatch(r, &m, e->key, e->len)) seeks_ok = 0;
            if (e->len) {
                if (!allSeeksMatch(r, &m, e->key, e->len - 1)) seeks_ok = 0;
                memcpy(k, e->key, e->len);
                k[e->len - 1] ^= 1;
                if (!allSeeksMatch(r, &m, k, e->len)) seeks_ok = 0;
            }
            if (e->len < sizeof(k) - 1) {
                memcpy(k, e->key, e->len);
                k[e->len] = (unsigned char)rnd();
                if (!allSeeksMatch(r, &m, k, e->len + 1)) seeks_ok = 0;
            }
        }
        TEST_ASSERT_MSG(seeks_ok, "seek differs from the model");

        /* Remove everything, in random order: back to the root alone. */
        while (m.n) {
            mentry *e = &m.e[rnd() % m.n];
            unsigned char kk[80];
            size_t l = e->len;
            memcpy(kk, e->key, l);
            if (raxRemove(r, kk, l, NULL) != 1) ok = 0;
            modelRemove(&m, kk, l);
        }
        TEST_ASSERT(ok);
        TEST_ASSERT_MSG(raxNodes(r) == 1 && raxSize(r) == 0, "not back to the root alone");
        TEST_ASSERT(checkTree(r));
        raxFree(r);
        modelFree(&m);
    }
}

/* Insert-only trees are always fully compressed, and removing every key
 * in any order brings the node count back to 1. */
static void test_compression(void) {
    rng_state = test_seed ^ 0x1234;
    rax *r = raxNew();
    model m = {0};
    unsigned char k[80];
    for (int i = 0; i < 5000; i++) {
        size_t len = randomKey(k, sizeof(k));
        raxInsert(r, k, len, V(i + 1), NULL);
        modelInsert(&m, k, len, V(i + 1));
    }
    TEST_ASSERT(checkTree(r));
    TEST_ASSERT_MSG(fullyCompressedNode(r->head, 0), "mergeable chain after inserts");
    uint64_t nodes_full = raxNodes(r);

    /* Remove in sorted order, a different path through the merge code. */
    for (size_t i = 0; i < m.n; i++) TEST_ASSERT(raxRemove(r, m.e[i].key, m.e[i].len, NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 1 && raxSize(r) == 0);

    /* Insert again, remove in reverse order. */
    for (size_t i = 0; i < m.n; i++) raxInsert(r, m.e[i].key, m.e[i].len, NULL, NULL);
    TEST_ASSERT(checkTree(r));
    for (size_t i = m.n; i-- > 0;) TEST_ASSERT(raxRemove(r, m.e[i].key, m.e[i].len, NULL) == 1);
    TEST_ASSERT(raxNodes(r) == 1 && raxSize(r) == 0);

    /* Removing only leaves (keys with no extension present) keeps the tree
     * fully compressed: the same shape as if they had never been there. */
    for (size_t i = 0; i < m.n; i++) raxInsert(r, m.e[i].key, m.e[i].len, NULL, NULL);
    TEST_ASSERT(raxNodes(r) == nodes_full);
    size_t removed = 0;
    for (size_t i = 0; i + 1 < m.n; i++) {
        int is_prefix = m.e[i].len <= m.e[i + 1].len &&
                        memcmp(m.e[i].key, m.e[i + 1].key, m.e[i].len) == 0;
        if (!is_prefix && rnd() % 2) {
            raxRemove(r, m.e[i].key, m.e[i].len, NULL);
            removed++;
        }
    }
    TEST_ASSERT(removed > 0);
    TEST_ASSERT(checkTree(r));
    TEST_ASSERT_MSG(fullyCompressedNode(r->head, 0), "mergeable chain after leaf removals");
    raxFree(r);
    modelFree(&m);
}

/* Iterators re-seeked after modifications, as streams do: delete while
 * walking, and insert while walking. */
static void test_modify_while_iterating(void) {
    rax *r = raxNew();
    unsigned char k[16];
    for (uint64_t i = 0; i < 1000; i++) {
        streamKey(k, 1000 + i / 7, i % 7);
        raxInsert(r, k, 16, V(i + 1), NULL);
    }
    raxIterator it;
    raxStart(&it, r);
    raxSeek(&it, "^", NULL, 0);
    size_t seen = 0, deleted = 0;
    while (raxNext(&it)) {
        seen++;
        if (seen % 2 == 0) {
            raxRemove(r, it.key, it.key_len, NULL);
            deleted++;
            raxSeek(&it, ">", it.key, it.key_len);
        }
    }
    TEST_ASSERT(seen == 1000);
    TEST_ASSERT(raxSize(r) == 1000 - deleted);

    /* Walk backwards inserting a new key after each one seen. */
    raxSeek(&it, "$", NULL, 0);
    size_t walked = 0;
    while (raxPrev(&it)) {
        unsigned char nk[17];
        memcpy(nk, it.key, 16);
        nk[16] = 'x';
        raxInsert(r, nk, 17, NULL, NULL);
        raxSeek(&it, "<", it.key, it.key_len);
        walked++;
    }
    TEST_ASSERT(walked == 1000 - deleted);
    TEST_ASSERT(raxSize(r) == 2 * (1000 - deleted));
    TEST_ASSERT(checkTree(r));
    raxStop(&it);
    raxFree(r);
}

/* Long keys go beyond the iterator's inline buffer and deep trees beyond
 * the stack's inline items. */
static void test_long_keys_and_deep_trees(void) {
    rax *r = raxNew();
    model m = {0};
    unsigned char k[1000];
    rng_state = test_seed ^ 0xabcdef;
    for (int i = 0; i < 300; i++) {
        size_t len = 200 + (size_t)(rnd() % 800);
        memset(k, 'p', len);
        for (int b = 0; b < 3; b++) k[rnd() % len] = (unsigned char)rnd();
        raxInsert(r, k, len, V(i + 1), NULL);
        modelInsert(&m, k, len, V(i + 1));
    }
    /* 200 nested keys: a path of 200 key nodes. */
    memset(k, 'q', sizeof(k));
    for (size_t l = 1; l <= 200; l++) {
        raxInsert(r, k, l, V(l), NULL);
        modelInsert(&m, k, l, V(l));
    }
    TEST_ASSERT(checkTree(r));
    TEST_ASSERT(iterationMatches(r, &m));
    int ok = 1;
    for (size_t i = 0; i < m.n; i += 7) ok &= allSeeksMatch(r, &m, m.e[i].key, m.e[i].len);
    TEST_ASSERT(ok);
    for (size_t l = 200; l >= 1; l--) TEST_ASSERT(raxRemove(r, k, l, NULL) == 1);
    for (size_t i = 0; i < m.n; i++) raxRemove(r, m.e[i].key, m.e[i].len, NULL);
    TEST_ASSERT(raxNodes(r) == 1 && raxSize(r) == 0);
    raxFree(r);
    modelFree(&m);
}

/* Seek and take one step; 1 if it lands on `want` (NULL: on nothing). */
static int seekIs(raxIterator *it, const char *op, const char *key, int fwd, const char *want) {
    raxSeek(it, op, (unsigned char *)key, strlen(key));
    int got = fwd ? raxNext(it) : raxPrev(it);
    if (want == NULL) return !got && raxEOF(it);
    return got && keyCmp(it->key, it->key_len, (const unsigned char *)want, strlen(want)) == 0;
}

static void test_seek_ops_and_compare(void) {
    rax *r = raxNew();
    const char *keys[] = {"alligator", "alien", "baloon", "chromodynamic", "romane", "romanus",
                          "romulus", "rubens", "ruber", "rubicon", "rubicundus", "all", "rub", "ba"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
        raxInsert(r, (unsigned char *)keys[i], strlen(keys[i]), V(i + 1), NULL);
    raxIterator it;
    raxStart(&it, r);

#define SEEK_IS(op, key, fwd, want) TEST_ASSERT_MSG(seekIs(&it, op, key, fwd, want), op " " key)

    SEEK_IS(">=", "rub", 1, "rub");
    SEEK_IS(">", "rub", 1, "rubens");
    SEEK_IS("<", "rub", 0, "romulus");
    SEEK_IS("<=", "rub", 0, "rub");
    SEEK_IS("=", "rub", 1, "rub");
    SEEK_IS("=", "ru", 1, NULL);
    SEEK_IS(">", "ru", 1, "rub");
    SEEK_IS("<", "ru", 0, "romulus");
    SEEK_IS(">=", "rubicp", 1, "rubicundus"); /* 'o' < 'p' < 'u' */
    SEEK_IS(">=", "rubicz", 1, NULL);
    SEEK_IS("<=", "rubicz", 0, "rubicundus");
    SEEK_IS(">", "rubicundusz", 1, NULL);
    SEEK_IS("<", "a", 0, NULL);
    SEEK_IS("<", "all", 0, "alien");
    SEEK_IS(">", "al", 1, "alien");
    SEEK_IS("<=", "allz", 0, "alligator");
    SEEK_IS("<", "b", 0, "alligator");
    SEEK_IS(">", "zzz", 1, NULL);
    SEEK_IS("<", "zzz", 0, "rubicundus");
    SEEK_IS("^", "", 1, "alien");
    SEEK_IS("$", "", 0, "rubicundus");
    SEEK_IS(">", "", 1, "alien");
    SEEK_IS(">=", "bal", 1, "baloon");
    SEEK_IS("<", "bal", 0, "ba");
    SEEK_IS("<", "chromodynamic", 0, "baloon");
    SEEK_IS(">", "chromo", 1, "chromodynamic");
    SEEK_IS("<", "chromo", 0, "baloon");
    SEEK_IS(">", "chromodynamicz", 1, "romane");
    SEEK_IS("<", "chromodynamicz", 0, "chromodynamic");

    /* Bad operators. */
    errno = 0;
    TEST_ASSERT(raxSeek(&it, "!", S("a")) == 0 && errno == EINVAL);
    TEST_ASSERT(raxSeek(&it, ">>", S("a")) == 0);
    TEST_ASSERT(raxSeek(&it, "=>", S("a")) == 0);
    TEST_ASSERT(raxSeek(&it, "", S("a")) == 0);

    /* raxCompare. */
    raxSeek(&it, "=", S("romane"));
    TEST_ASSERT(raxNext(&it));
    TEST_ASSERT(raxCompare(&it, "==", S("romane")));
    TEST_ASSERT(!raxCompare(&it, "==", S("roman")));
    TEST_ASSERT(raxCompare(&it, ">", S("roman")));
    TEST_ASSERT(raxCompare(&it, ">=", S("roman")));
    TEST_ASSERT(raxCompare(&it, ">=", S("romane")));
    TEST_ASSERT(!raxCompare(&it, ">", S("romane")));
    TEST_ASSERT(raxCompare(&it, "<", S("romanex")));
    TEST_ASSERT(raxCompare(&it, "<", S("romanf")));
    TEST_ASSERT(raxCompare(&it, "<=", S("romane")));
    TEST_ASSERT(!raxCompare(&it, "<", S("romand")));
    TEST_ASSERT(raxCompare(&it, ">", S("")));
    TEST_ASSERT(!raxCompare(&it, "=", S("romane")));
    TEST_ASSERT(!raxCompare(&it, "!=", S("romane")));
#undef SEEK_IS
    raxStop(&it);
    raxFree(r);
}

/* 16-byte stream IDs appended in increasing order: node count and memory.
 * Two shapes, measured with jemalloc for 1M keys (bytes include the value
 * pointer of every key; Redis 7.0's rax has the same nodes by construction,
 * of the same sizes):
 *
 *   one ms, consecutive seqs:   1,003,925 nodes   ~26 bytes/key
 *     consecutive IDs differ in the last byte: one leaf per key (16 bytes),
 *     one edge byte + pointer in a 256-edge parent (~10 bytes per key).
 *   consecutive ms, seq 0:      2,003,925 nodes   ~58 bytes/key
 *     the last byte of ms differs, then 8 zero bytes: per key a compressed
 *     node of 8 bytes (24, a 32-byte jemalloc class) and the leaf.
 *
 * (Oracle check: XADD 1-0 .. 10-0 gives 22 nodes for 10 keys, see
 * test_oracle_node_counts.) */
static void streamSequence(int by_ms) {
    size_t n = bigN(1000000);
    size_t before = zmalloc_used_memory();
    rax *r = raxNew();
    unsigned char k[16];
    const uint64_t base = 1700000000000ULL;
#define ID(i) streamKey(k, by_ms ? base + (i) : base, by_ms ? 0 : (i))

    double t0 = nowSeconds();
    for (size_t i = 0; i < n; i++) {
        ID(i);
        if (raxInsert(r, k, 16, V(i + 1), NULL) != 1) break;
    }
    double t1 = nowSeconds();
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        ID(i);
        if (raxFind(r, k, 16) == V(i + 1)) found++;
    }
    double t2 = nowSeconds();
    size_t used = zmalloc_used_memory() - before;

    TEST_ASSERT(raxSize(r) == n);
    TEST_ASSERT(found == n);
    TEST_ASSERT(checkTree(r));
    /* Per key: the leaf (and the 8-byte run when ms changes), plus one node
     * per 256 keys for the parents. */
    uint64_t per_key = by_ms ? 2 : 1;
    TEST_ASSERT(raxNodes(r) <= per_key * n + n / 200 + 40);
    /* glibc rounds the 16-byte leaf up to 24 bytes, jemalloc does not. */
    int je = strcmp(zmalloc_lib_name(), "jemalloc") == 0;
    size_t limit = by_ms ? (je ? 60 : 64) : (je ? 28 : 36);
    TEST_ASSERT_MSG(used <= limit * n, "bytes per key");
    printf("  %zu stream IDs, %s: %llu nodes, %.1f bytes/key; %.2f M inserts/s, %.2f M finds/s\n",
           n, by_ms ? "consecutive ms" : "consecutive seq", (unsigned long long)raxNodes(r),
           (double)used / n, n / (t1 - t0) / 1e6, n / (t2 - t1) / 1e6);

    raxIterator it;
    raxStart(&it, r);
    raxSeek(&it, "^", NULL, 0);
    size_t cnt = 0;
    int ordered = 1;
    while (raxNext(&it)) {
        ID(cnt);
        if (it.key_len != 16 || memcmp(it.key, k, 16) != 0 || it.data != V(cnt + 1)) ordered = 0;
        cnt++;
    }
    TEST_ASSERT(cnt == n && ordered);
    raxStop(&it);

    /* XTRIM-like removal from the head: back to the root alone. */
    for (size_t i = 0; i < n; i++) {
        ID(i);
        raxRemove(r, k, 16, NULL);
    }
#undef ID
    TEST_ASSERT(raxNodes(r) == 1 && raxSize(r) == 0);
    raxFree(r);
    TEST_ASSERT_MSG(zmalloc_used_memory() == before, "memory not returned");
}

static void test_stream_keys_sequential(void) {
    streamSequence(0);
    streamSequence(1);
}

/* Out of memory, by fault injection (raxFaultAfter): every operation is
 * retried with the 1st, 2nd, 3rd ... allocation failing until it succeeds.
 * A failed insert must report ENOMEM and leave exactly the same keys and
 * values; a failed merge during removal leaves a valid, less compact tree
 * that later operations must handle; nothing may leak. */
static void test_out_of_memory(void) {
    size_t before = zmalloc_used_memory();
    rax *r = raxNew();
    model m = {0};
    unsigned char k[300];
    int ok = 1, failures = 0;
    rng_state = test_seed ^ 0xfa17;

    for (int op = 0; op < 1500 && ok; op++) {
        int insert = m.n == 0 || rnd() % 3 != 0;
        size_t len;
        if (insert) {
            len = randomKey(k, 80);
            if (op % 50 == 0) { /* long keys: the iterator test below needs them */
                len = 150 + rnd() % 100;
                for (size_t b = 0; b < len; b++) k[b] = (unsigned char)('a' + rnd() % 3);
            }
        } else {
            mentry *e = &m.e[rnd() % m.n];
            len = e->len;
            memcpy(k, e->key, len);
        }
        void *val = rnd() % 6 == 0 ? NULL : V(op + 1);
        for (unsigned long f = 1; f < 40; f++) {
            raxFaultAfter = f;
            errno = 0;
            int rc = insert ? raxInsert(r, k, len, val, NULL) : raxRemove(r, k, len, NULL);
            int injected = raxFaultAfter == 0;
            raxFaultAfter = 0;
            if (!rc && errno == ENOMEM) {
                failures++;
                if (!injected || !checkTree(r) || !iterationMatches(r, &m)) ok = 0;
                continue; /* retry, failing one allocation later */
            }
            if (insert) {
                if (rc != modelInsert(&m, k, len, val)) ok = 0;
            } else {
                if (rc != modelRemove(&m, k, len)) ok = 0;
            }
            break;
        }
        if (op % 100 == 0 && (!checkTree(r) || !iterationMatches(r, &m))) ok = 0;
    }
    TEST_ASSERT_MSG(ok, "tree differs from the model after an allocation failure");
    TEST_ASSERT(failures > 100);
    TEST_ASSERT(checkTree(r));
    TEST_ASSERT(iterationMatches(r, &m));

    /* Removal at depth > 32 needs the path stack to grow: if it cannot, the
     * removal is refused with ENOMEM and the tree is unchanged. */
    memset(k, 'q', 60);
    for (size_t l = 1; l <= 60; l++) {
        raxInsert(r, k, l, V(l), NULL);
        modelInsert(&m, k, l, V(l));
    }
    raxFaultAfter = 1;
    errno = 0;
    TEST_ASSERT(raxRemove(r, k, 50, NULL) == 0 && errno == ENOMEM);
    raxFaultAfter = 0;
    TEST_ASSERT(raxFind(r, k, 50) == V(50));
    TEST_ASSERT(raxRemove(r, k, 50, NULL) == 1);
    modelRemove(&m, k, 50);

    /* Iterators: the key buffer grows past 128 bytes, the stack past 32. */
    raxIterator it;
    raxStart(&it, r);
    int it_ok = 1, it_failures = 0;
    for (unsigned long f = 1; f < 10; f++) {
        raxFaultAfter = f;
        errno = 0;
        int rc = raxSeek(&it, ">=", k, 60);
        raxFaultAfter = 0;
        if (!rc) {
            if (errno != ENOMEM) it_ok = 0;
            it_failures++;
            continue;
        }
        size_t p = modelLowerBound(&m, k, 60);
        if (!raxNext(&it) || !iterIs(&it, &m.e[p])) it_ok = 0;
        break;
    }
    raxStop(&it);
    raxStart(&it, r);
    raxSeek(&it, "^", NULL, 0);
    size_t i = 0;
    for (;;) {
        raxFaultAfter = 1;
        errno = 0;
        int rc = raxNext(&it);
        raxFaultAfter = 0;
        if (rc) {
            if (i >= m.n || !iterIs(&it, &m.e[i])) it_ok = 0;
            i++;
            continue;
        }
        /* Out of memory ends the iteration: ENOMEM, then EOF.  Otherwise it
         * is the true end. */
        if (errno == ENOMEM) {
            it_failures++;
            if (!raxEOF(&it)) it_ok = 0;
            /* Continue with a fresh seek after the last key returned. */
            raxSeek(&it, i ? ">" : "^", i ? m.e[i - 1].key : NULL, i ? m.e[i - 1].len : 0);
            continue;
        }
        break;
    }
    TEST_ASSERT_MSG(it_ok && i == m.n, "iteration under allocation failures");
    TEST_ASSERT(it_failures > 0);
    raxStop(&it);

    for (size_t e = 0; e < m.n; e++) TEST_ASSERT(raxRemove(r, m.e[e].key, m.e[e].len, NULL) == 1);
    TEST_ASSERT(raxSize(r) == 0 && raxNodes(r) == 1);
    raxFree(r);
    modelFree(&m);
    TEST_ASSERT_MSG(zmalloc_used_memory() == before, "leak after allocation failures");
}

static int freed_count;
static void countFree(void *p) {
    (void)p;
    freed_count++;
}

static void test_free_with_callback(void) {
    rax *r = raxNew();
    unsigned char k[80];
    int nonnull = 0;
    rng_state = test_seed ^ 0x5555;
    for (int i = 0; i < 3000; i++) {
        size_t len = randomKey(k, sizeof(k));
        void *v = i % 5 == 0 ? NULL : V(i + 1);
        void *old = NULL;
        int added = raxInsert(r, k, len, v, &old);
        if (v) nonnull++;
        if (!added && old) nonnull--;
    }
    freed_count = 0;
    raxFreeWithCallback(r, countFree);
    TEST_ASSERT_MSG(freed_count == nonnull, "callback once per non-NULL value");

    /* An empty tree and a tree holding only the empty key. */
    r = raxNew();
    freed_count = 0;
    raxFreeWithCallback(r, countFree);
    TEST_ASSERT(freed_count == 0);
    r = raxNew();
    raxInsert(r, NULL, 0, V(1), NULL);
    freed_count = 0;
    raxFreeWithCallback(r, countFree);
    TEST_ASSERT(freed_count == 1);
}

static void test_random_walk(void) {
    rax *r = raxNew();
    model m = {0};
    unsigned char k[80];
    rng_state = test_seed ^ 0x7777;
    for (int i = 0; i < 500; i++) {
        size_t len = randomKey(k, sizeof(k));
        raxInsert(r, k, len, V(i + 1), NULL);
        modelInsert(&m, k, len, V(i + 1));
    }
    raxIterator it;
    raxStart(&it, r);
    int ok = 1;
    size_t distinct = 0;
    unsigned char *hit = calloc(m.n, 1);
    for (int i = 0; i < 5000 && ok; i++) {
        if (i % 100 == 0) raxSeek(&it, "^", NULL, 0);
        if (!raxRandomWalk(&it, i % 3 == 0 ? 0 : 1 + i % 5)) ok = 0;
        size_t p;
        if (!modelFind(&m, it.key, it.key_len, &p) || m.e[p].val != it.data) ok = 0;
        else if (!hit[p]) hit[p] = 1, distinct++;
    }
    TEST_ASSERT_MSG(ok, "random walk on a non-key");
    TEST_ASSERT_MSG(distinct > m.n / 4, "random walk too narrow");
    /* After a walk, raxNext continues in order from there. */
    raxRandomWalk(&it, 3);
    size_t p;
    modelFind(&m, it.key, it.key_len, &p);
    if (p + 1 < m.n) TEST_ASSERT(raxNext(&it) && iterIs(&it, &m.e[p + 1]));
    raxStop(&it);
    free(hit);

    /* A single key, and the empty key alone. */
    rax *one = raxNew();
    raxInsert(one, S("solo"), V(5), NULL);
    raxStart(&it, one);
    TEST_ASSERT(raxRandomWalk(&it, 0) && it.data == V(5) && it.key_len == 4);
    raxStop(&it);
    raxFree(one);
    one = raxNew();
    raxInsert(one, NULL, 0, V(6), NULL);
    raxStart(&it, one);
    TEST_ASSERT(raxRandomWalk(&it, 5) && it.data == V(6) && it.key_len == 0);
    raxStop(&it);
    raxFree(one);

    raxFree(r);
    modelFree(&m);
}

/* Speed sanity figures, printed only: random 16-byte keys and short words. */
static void test_speed_report(void) {
    size_t n = getenv("RAX_BENCH") ? 2000000 : bigN(200000);
    rax *r = raxNew();
    unsigned char (*keys)[16] = malloc(n * 16);
    rng_state = test_seed ^ 0x99;
    for (size_t i = 0; i < n; i++) {
        uint64_t a = rnd(), b = rnd();
        memcpy(keys[i], &a, 8);
        memcpy(keys[i] + 8, &b, 8);
    }
    double t0 = nowSeconds();
    for (size_t i = 0; i < n; i++) raxInsert(r, keys[i], 16, V(i + 1), NULL);
    double t1 = nowSeconds();
    size_t found = 0;
    for (size_t i = 0; i < n; i++) found += raxFind(r, keys[i], 16) != raxNotFound;
    double t2 = nowSeconds();
    for (size_t i = 0; i < n; i++) raxRemove(r, keys[i], 16, NULL);
    double t3 = nowSeconds();
    TEST_ASSERT(found == n);
    TEST_ASSERT(raxSize(r) == 0 && raxNodes(r) == 1);
    printf("  %zu random 16-byte keys: %.2f M inserts/s, %.2f M finds/s, %.2f M removes/s\n", n,
           n / (t1 - t0) / 1e6, n / (t2 - t1) / 1e6, n / (t3 - t2) / 1e6);
    raxFree(r);
    free(keys);
}

int main(void) {
    const char *env = getenv("RAX_TEST_SEED");
    test_seed = env ? strtoull(env, NULL, 10) : (uint64_t)time(NULL) * 2654435761ULL + 1;
    if (test_seed == 0) test_seed = 1;
    printf("test_rax seed %llu (RAX_TEST_SEED to replay)\n", (unsigned long long)test_seed);

    RUN_TEST(test_empty_tree);
    RUN_TEST(test_basic_ops);
    RUN_TEST(test_null_values);
    RUN_TEST(test_empty_key);
    RUN_TEST(test_prefix_keys);
    RUN_TEST(test_oracle_node_counts);
    RUN_TEST(test_seek_ops_and_compare);
    RUN_TEST(test_random_against_model);
    RUN_TEST(test_compression);
    RUN_TEST(test_modify_while_iterating);
    RUN_TEST(test_long_keys_and_deep_trees);
    RUN_TEST(test_out_of_memory);
    RUN_TEST(test_free_with_callback);
    RUN_TEST(test_random_walk);
    RUN_TEST(test_stream_keys_sequential);
    RUN_TEST(test_speed_report);
    return TEST_REPORT();
}
