/* skiplist.c - the ordered index of a sorted set.
 *
 * THE IDEA
 *
 * A skiplist is a sorted linked list with express lanes.  Every node is on
 * level 0; a node is also on level 1 with probability 1/4, on level 2 with
 * probability 1/16, and so on up to ZSL_MAXLEVEL.  A search starts on the
 * highest lane of the header and moves right while the next node is still
 * smaller, then drops one level: about log4(N) levels of a few steps each.
 * Each forward link also records its span, the number of level-0 steps it
 * jumps, so adding the spans met on the way gives the rank of a node, and
 * following spans finds the node of a given rank, both in O(log N).  Level 0
 * is also linked backwards for reverse iteration (ZREVRANGE).
 *
 * WHERE THE BYTES GO
 *
 * A sorted set with a million members pays its per-member cost a million
 * times, so the node is laid out to be one small allocation with nothing
 * else around it.  A node of level L with member m looks like this:
 *
 *   allocation start                     node pointer
 *   v                                    v
 *   +-----+-------+--------+-----+-------+-------+----------+------+-----+
 *   | pad | span  | span   | fwd | fwd   | score | backward | next | meta| sds(m)
 *   |     | [L-1] ...  [1] | [L-1] ... [1]       |          |      |     |
 *   +-----+-------+--------+-----+-------+-------+----------+------+-----+
 *           u32 each         pointer each  8        ptr       ptr    1
 *
 * - Level 0 is the plain `next` pointer inside the struct.  Its span is
 *   always 1 and is not stored.
 * - The levels above 0 grow downwards from the node pointer: forward i is
 *   the pointer just i slots before the node, and below the forwards come
 *   the 32-bit spans.  Level-1 nodes, three quarters of them, have none of
 *   this at all.  The padding keeps the node pointer 8-byte aligned.
 * - meta holds the level (5 bits) and the sds type of the member (3 bits),
 *   which together locate everything else.
 * - The member follows as an embedded sds (sdsEmbedInit): a 1-byte header
 *   for members up to 31 bytes, then the bytes and a NUL.
 *
 * The sorted set's dict stores these node pointers directly as elements and
 * finds the key with zslNodeElement(), so the dict entry, the separate sds
 * and the node of a classic layout collapse into this one allocation.
 *
 * For a 10-byte member a node asks for 8 + 8 + 8 + 1 + 12 = 37 bytes at
 * level 1, then 53 (12 per extra level, padded to 8), 61, 77, ...: 41.8 bytes
 * on average.  jemalloc as shipped by distributions spaces its small size
 * classes 16 bytes apart (8, 16, 32, 48, 64, 80, ...), so these become 48,
 * 64, 64, 80: 52.3 bytes on average, and members up to 21 bytes keep a
 * level-1 node in the 48-byte class.  Redis 7.0 spends for the same member a
 * dict entry (24 bytes, class 32), an sds (1 + 10 + 1, class 16) and a node
 * of 24 + 16 bytes per level (classes 48, 64, 80, 96...: 53.3 on average),
 * 101.3 bytes in all, or 81.3 with an allocator of 8-byte classes (against
 * our 41.8).  Both designs also pay the dict buckets; our dict's chain nodes
 * add about 6 bytes per member.  test_skiplist.c measures all of this.
 *
 * LIMITS
 *
 * Spans are 32-bit, so a list holds at most 2^32 - 1 members (asserted).
 * The header is a node of ZSL_MAXLEVEL levels with an empty member; its
 * spans at levels not in use are stale and never read.  At the end of a
 * lane (forward NULL) the span counts the nodes after the node, which keeps
 * insertion simple; at level 0 that is the implicit 0 of the tail. */

#include "skiplist.h"
#include "zmalloc.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <string.h>

/* The sentinels of lex ranges: valid one-byte sds strings ("-" and "+") so
 * that a slip that reads them does no harm, but compared by address. */
static char lex_minus_buf[3] = {(char)(1 << SDS_TYPE_BITS), '-', '\0'};
static char lex_plus_buf[3] = {(char)(1 << SDS_TYPE_BITS), '+', '\0'};
char *const zslLexMinusInf = lex_minus_buf + 1;
char *const zslLexPlusInf = lex_plus_buf + 1;

/* ------------------------------------------------------------------------
 * Node layout
 * --------------------------------------------------------------------- */

#define PTR_SIZE sizeof(zskiplistNode *)
#define SPAN_SIZE sizeof(uint32_t)
#define NODE_FIXED offsetof(zskiplistNode, ele)

/* Bytes before the node pointer for a node of the given level. */
static size_t upperBytes(int level) {
    size_t n = (size_t)(level - 1) * (PTR_SIZE + SPAN_SIZE);
    return (n + 7) & ~(size_t)7;
}

static zskiplistNode **fwdRef(zskiplistNode *n, int i) {
    if (i == 0) return &n->next;
    return (zskiplistNode **)((char *)n - PTR_SIZE * (size_t)i);
}

static zskiplistNode *fwd(const zskiplistNode *n, int i) {
    return zslNodeForward(n, i);
}

/* Span slot of level i >= 1. */
static uint32_t *spanRef(zskiplistNode *n, int i) {
    char *fwds = (char *)n - PTR_SIZE * (size_t)(zslNodeLevel(n) - 1);
    return (uint32_t *)(fwds - SPAN_SIZE * (size_t)i);
}

static void *allocStart(const zskiplistNode *n) {
    return (char *)n - upperBytes(zslNodeLevel(n));
}

static zskiplistNode *createNode(int level, double score, const char *ele, size_t len) {
    size_t upper = upperBytes(level);
    char *mem = zmalloc(upper + NODE_FIXED + sdsEmbedSize(len));
    memset(mem, 0, upper);
    zskiplistNode *n = (zskiplistNode *)(mem + upper);
    n->score = score;
    n->backward = NULL;
    n->next = NULL;
    sds s = sdsEmbedInit(n->ele, ele, len);
    n->meta = (unsigned char)((level - 1) | ((s[-1] & SDS_TYPE_MASK) << 5));
    assert(zslNodeElement(n) == s);
    return n;
}

void zslFreeNode(zskiplistNode *node) {
    zfree(allocStart(node));
}

size_t zslNodeAllocSize(const zskiplistNode *node) {
    return zmalloc_size(allocStart(node));
}

/* Level of a new node: 1 plus the number of all-zero bit pairs at the
 * bottom of a random word, so each extra level has probability 1/4.  The
 * forced top bit caps the result at ZSL_MAXLEVEL. */
static uint64_t zsl_rand_state = 0x853c49e6748fea9bULL;
static int randomLevel(void) {
    uint64_t z = (zsl_rand_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    z |= 1ULL << (2 * (ZSL_MAXLEVEL - 1));
    return 1 + __builtin_ctzll(z) / 2;
}

/* ------------------------------------------------------------------------
 * Ordering
 * --------------------------------------------------------------------- */

/* Order of node n against (score, ele): negative if n comes first. */
static int nodeCmp(const zskiplistNode *n, double score, const char *ele, size_t len) {
    if (n->score < score) return -1;
    if (n->score > score) return 1;
    sds e = zslNodeElement(n);
    size_t elen = sdslen(e), min = elen < len ? elen : len;
    int c = min ? memcmp(e, ele, min) : 0;
    if (c) return c;
    return (elen > len) - (elen < len);
}

/* Fill update[i] with the last node of level i that comes before (score,
 * ele), for every level in use. */
static void findUpdate(zskiplist *zsl, double score, const char *ele, size_t len,
                       zskiplistNode **update) {
    zskiplistNode *x = zsl->header, *f;
    for (int i = zsl->level - 1; i >= 0; i--) {
        while ((f = fwd(x, i)) != NULL && nodeCmp(f, score, ele, len) < 0) x = f;
        update[i] = x;
    }
}

/* ------------------------------------------------------------------------
 * Linking and unlinking
 * --------------------------------------------------------------------- */

/* Put the unlinked node x at its place, with the level it was made with. */
static void linkNode(zskiplist *zsl, zskiplistNode *x) {
    zskiplistNode *update[ZSL_MAXLEVEL], *h = zsl->header, *f;
    unsigned long rank[ZSL_MAXLEVEL]; /* rank of update[i] */
    sds e = zslNodeElement(x);
    size_t len = sdslen(e);
    int lvl = zslNodeLevel(x);

    assert(zsl->length < ZSL_MAX_LENGTH);
    for (int i = zsl->level - 1; i >= 0; i--) {
        rank[i] = i == zsl->level - 1 ? 0 : rank[i + 1];
        while ((f = fwd(h, i)) != NULL && nodeCmp(f, x->score, e, len) < 0) {
            rank[i] += zslNodeSpan(h, i);
            h = f;
        }
        update[i] = h;
    }
    if (lvl > zsl->level) {
        for (int i = zsl->level; i < lvl; i++) {
            rank[i] = 0;
            update[i] = zsl->header;
            *spanRef(zsl->header, i) = (uint32_t)zsl->length;
        }
        zsl->level = lvl;
    }
    for (int i = 0; i < lvl; i++) {
        *fwdRef(x, i) = fwd(update[i], i);
        *fwdRef(update[i], i) = x;
        if (i > 0) {
            /* update[i] used to jump over the rank[0] - rank[i] nodes up to
             * update[0] and beyond; x now takes the part after it. */
            uint32_t before = (uint32_t)(rank[0] - rank[i]);
            *spanRef(x, i) = *spanRef(update[i], i) - before;
            *spanRef(update[i], i) = before + 1;
        }
    }
    /* Higher lanes now jump over one more node. */
    for (int i = lvl; i < zsl->level; i++) (*spanRef(update[i], i))++;

    x->backward = update[0] == zsl->header ? NULL : update[0];
    if (x->next)
        x->next->backward = x;
    else
        zsl->tail = x;
    zsl->length++;
}

/* Take x out; update[] as filled by findUpdate for x. */
static void unlinkNode(zskiplist *zsl, zskiplistNode *x, zskiplistNode **update) {
    for (int i = 0; i < zsl->level; i++) {
        if (fwd(update[i], i) == x) {
            if (i > 0) *spanRef(update[i], i) += *spanRef(x, i) - 1;
            *fwdRef(update[i], i) = fwd(x, i);
        } else if (i > 0) {
            (*spanRef(update[i], i))--;
        }
    }
    if (x->next)
        x->next->backward = x->backward;
    else
        zsl->tail = x->backward;
    while (zsl->level > 1 && fwd(zsl->header, zsl->level - 1) == NULL) zsl->level--;
    zsl->length--;
}

/* ------------------------------------------------------------------------
 * Creation, insertion, deletion
 * --------------------------------------------------------------------- */

zskiplist *zslCreate(void) {
    zskiplist *zsl = zmalloc(sizeof(*zsl));
    zsl->header = createNode(ZSL_MAXLEVEL, 0, NULL, 0);
    zsl->tail = NULL;
    zsl->length = 0;
    zsl->level = 1;
    return zsl;
}

void zslFree(zskiplist *zsl) {
    zskiplistNode *x = zsl->header->next, *next;
    zslFreeNode(zsl->header);
    while (x) {
        next = x->next;
        zslFreeNode(x);
        x = next;
    }
    zfree(zsl);
}

zskiplistNode *zslInsert(zskiplist *zsl, double score, const char *ele, size_t len) {
    assert(!isnan(score));
    zskiplistNode *x = createNode(randomLevel(), score, ele, len);
    linkNode(zsl, x);
    return x;
}

int zslDelete(zskiplist *zsl, double score, const char *ele, size_t len,
              zskiplistNode **node) {
    zskiplistNode *update[ZSL_MAXLEVEL];
    findUpdate(zsl, score, ele, len, update);
    zskiplistNode *x = update[0]->next;
    if (x == NULL || nodeCmp(x, score, ele, len) != 0) return 0;
    unlinkNode(zsl, x, update);
    if (node)
        *node = x;
    else
        zslFreeNode(x);
    return 1;
}

void zslDeleteNode(zskiplist *zsl, zskiplistNode *node) {
    zskiplistNode *update[ZSL_MAXLEVEL];
    sds e = zslNodeElement(node);
    findUpdate(zsl, node->score, e, sdslen(e), update);
    assert(update[0]->next == node);
    unlinkNode(zsl, node, update);
}

zskiplistNode *zslUpdateScore(zskiplist *zsl, zskiplistNode *node, double newscore) {
    assert(!isnan(newscore));
    sds e = zslNodeElement(node);
    size_t len = sdslen(e);

    /* Still between its neighbours: just overwrite the score. */
    if ((node->backward == NULL || nodeCmp(node->backward, newscore, e, len) < 0) &&
        (node->next == NULL || nodeCmp(node->next, newscore, e, len) > 0)) {
        node->score = newscore;
        return node;
    }
    zskiplistNode *update[ZSL_MAXLEVEL];
    findUpdate(zsl, node->score, e, len, update);
    assert(update[0]->next == node);
    unlinkNode(zsl, node, update);
    node->score = newscore;
    linkNode(zsl, node);
    return node;
}

/* ------------------------------------------------------------------------
 * Ranks
 * --------------------------------------------------------------------- */

unsigned long zslGetRank(zskiplist *zsl, double score, const char *ele, size_t len) {
    zskiplistNode *x = zsl->header, *f;
    unsigned long rank = 0;
    for (int i = zsl->level - 1; i >= 0; i--) {
        while ((f = fwd(x, i)) != NULL && nodeCmp(f, score, ele, len) <= 0) {
            rank += zslNodeSpan(x, i);
            x = f;
        }
        /* x is the last node <= the target: done if it is the target. */
        if (x != zsl->header && nodeCmp(x, score, ele, len) == 0) return rank;
    }
    return 0;
}

unsigned long zslGetNodeRank(zskiplist *zsl, const zskiplistNode *node) {
    sds e = zslNodeElement(node);
    return zslGetRank(zsl, node->score, e, sdslen(e));
}

zskiplistNode *zslGetElementByRankFromNode(zskiplistNode *start, int start_level,
                                           unsigned long rank) {
    zskiplistNode *x = start, *f;
    unsigned long traversed = 0;
    for (int i = start_level; i >= 0; i--) {
        while ((f = fwd(x, i)) != NULL && traversed + zslNodeSpan(x, i) <= rank) {
            traversed += zslNodeSpan(x, i);
            x = f;
        }
        if (traversed == rank) return x;
    }
    return NULL;
}

zskiplistNode *zslGetElementByRank(zskiplist *zsl, unsigned long rank) {
    if (rank == 0 || rank > zsl->length) return NULL;
    return zslGetElementByRankFromNode(zsl->header, zsl->level - 1, rank);
}

/* ------------------------------------------------------------------------
 * Score ranges
 * --------------------------------------------------------------------- */

int zslValueGteMin(double value, const zrangespec *spec) {
    return spec->minex ? value > spec->min : value >= spec->min;
}

int zslValueLteMax(double value, const zrangespec *spec) {
    return spec->maxex ? value < spec->max : value <= spec->max;
}

/* Nonzero if some node may be in range: the range is not empty and
 * overlaps [first score, last score]. */
int zslIsInRange(zskiplist *zsl, const zrangespec *range) {
    if (range->min > range->max || (range->min == range->max && (range->minex || range->maxex)))
        return 0;
    if (zsl->tail == NULL || !zslValueGteMin(zsl->tail->score, range)) return 0;
    return zslValueLteMax(zsl->header->next->score, range);
}

zskiplistNode *zslFirstInRange(zskiplist *zsl, const zrangespec *range) {
    if (!zslIsInRange(zsl, range)) return NULL;
    zskiplistNode *x = zsl->header, *f;
    for (int i = zsl->level - 1; i >= 0; i--)
        while ((f = fwd(x, i)) != NULL && !zslValueGteMin(f->score, range)) x = f;
    /* The tail is >= min, so there is a next node. */
    x = x->next;
    return zslValueLteMax(x->score, range) ? x : NULL;
}

zskiplistNode *zslLastInRange(zskiplist *zsl, const zrangespec *range) {
    if (!zslIsInRange(zsl, range)) return NULL;
    zskiplistNode *x = zsl->header, *f;
    for (int i = zsl->level - 1; i >= 0; i--)
        while ((f = fwd(x, i)) != NULL && zslValueLteMax(f->score, range)) x = f;
    /* The first node is <= max, so x is not the header. */
    return zslValueGteMin(x->score, range) ? x : NULL;
}

/* ------------------------------------------------------------------------
 * Member (lex) ranges
 * --------------------------------------------------------------------- */

static int parseLexItem(const char *c, size_t len, sds *dest, int *ex) {
    if (len == 0) return 0;
    switch (c[0]) {
    case '+':
        if (len != 1) return 0;
        *ex = 1;
        *dest = zslLexPlusInf;
        return 1;
    case '-':
        if (len != 1) return 0;
        *ex = 1;
        *dest = zslLexMinusInf;
        return 1;
    case '(':
    case '[':
        *ex = c[0] == '(';
        *dest = sdsnewlen(c + 1, len - 1);
        return 1;
    default:
        return 0;
    }
}

static void freeLexItem(sds s) {
    if (s && s != zslLexMinusInf && s != zslLexPlusInf) sdsfree(s);
}

int zslParseLexRange(const char *min, size_t minlen, const char *max, size_t maxlen,
                     zlexrangespec *spec) {
    spec->min = spec->max = NULL;
    if (!parseLexItem(min, minlen, &spec->min, &spec->minex)) return 0;
    if (!parseLexItem(max, maxlen, &spec->max, &spec->maxex)) {
        freeLexItem(spec->min);
        spec->min = NULL;
        return 0;
    }
    return 1;
}

void zslFreeLexRange(zlexrangespec *spec) {
    freeLexItem(spec->min);
    freeLexItem(spec->max);
    spec->min = spec->max = NULL;
}

/* sdscmp, with the sentinels below and above every string. */
static int lexCmp(sds a, sds b) {
    if (a == b) return 0;
    if (a == zslLexMinusInf || b == zslLexPlusInf) return -1;
    if (a == zslLexPlusInf || b == zslLexMinusInf) return 1;
    return sdscmp(a, b);
}

int zslLexValueGteMin(sds value, const zlexrangespec *spec) {
    int c = lexCmp(value, spec->min);
    return spec->minex ? c > 0 : c >= 0;
}

int zslLexValueLteMax(sds value, const zlexrangespec *spec) {
    int c = lexCmp(value, spec->max);
    return spec->maxex ? c < 0 : c <= 0;
}

int zslIsInLexRange(zskiplist *zsl, const zlexrangespec *range) {
    int c = lexCmp(range->min, range->max);
    if (c > 0 || (c == 0 && (range->minex || range->maxex))) return 0;
    if (zsl->tail == NULL || !zslLexValueGteMin(zslNodeElement(zsl->tail), range)) return 0;
    return zslLexValueLteMax(zslNodeElement(zsl->header->next), range);
}

zskiplistNode *zslFirstInLexRange(zskiplist *zsl, const zlexrangespec *range) {
    if (!zslIsInLexRange(zsl, range)) return NULL;
    zskiplistNode *x = zsl->header, *f;
    for (int i = zsl->level - 1; i >= 0; i--)
        while ((f = fwd(x, i)) != NULL && !zslLexValueGteMin(zslNodeElement(f), range)) x = f;
    x = x->next;
    return zslLexValueLteMax(zslNodeElement(x), range) ? x : NULL;
}

zskiplistNode *zslLastInLexRange(zskiplist *zsl, const zlexrangespec *range) {
    if (!zslIsInLexRange(zsl, range)) return NULL;
    zskiplistNode *x = zsl->header, *f;
    for (int i = zsl->level - 1; i >= 0; i--)
        while ((f = fwd(x, i)) != NULL && zslLexValueLteMax(zslNodeElement(f), range)) x = f;
    return zslLexValueGteMin(zslNodeElement(x), range) ? x : NULL;
}

/* ------------------------------------------------------------------------
 * Range deletion
 * --------------------------------------------------------------------- */

/* Remove nodes from x onwards, at most limit of them, while inRange (if
 * not NULL) accepts them.  update[] holds the predecessors of x, which stay
 * the predecessors of each next node as the ones in between go. */
static unsigned long deleteRun(zskiplist *zsl, zskiplistNode **update, zskiplistNode *x,
                               int (*inRange)(const zskiplistNode *, const void *),
                               const void *arg, unsigned long limit,
                               zslDeleteCallback *cb, void *privdata) {
    unsigned long removed = 0;
    while (x && removed < limit && (inRange == NULL || inRange(x, arg))) {
        zskiplistNode *next = x->next;
        unlinkNode(zsl, x, update);
        if (cb) cb(privdata, x);
        zslFreeNode(x);
        removed++;
        x = next;
    }
    return removed;
}

static int scoreLteMax(const zskiplistNode *n, const void *range) {
    return zslValueLteMax(n->score, range);
}

static int lexLteMax(const zskiplistNode *n, const void *range) {
    return zslLexValueLteMax(zslNodeElement(n), range);
}

unsigned long zslDeleteRangeByScore(zskiplist *zsl, const zrangespec *range,
                                    zslDeleteCallback *cb, void *privdata) {
    zskiplistNode *update[ZSL_MAXLEVEL], *x = zsl->header, *f;
    for (int i = zsl->level - 1; i >= 0; i--) {
        while ((f = fwd(x, i)) != NULL && !zslValueGteMin(f->score, range)) x = f;
        update[i] = x;
    }
    return deleteRun(zsl, update, x->next, scoreLteMax, range, ULONG_MAX, cb, privdata);
}

unsigned long zslDeleteRangeByLex(zskiplist *zsl, const zlexrangespec *range,
                                  zslDeleteCallback *cb, void *privdata) {
    zskiplistNode *update[ZSL_MAXLEVEL], *x = zsl->header, *f;
    for (int i = zsl->level - 1; i >= 0; i--) {
        while ((f = fwd(x, i)) != NULL && !zslLexValueGteMin(zslNodeElement(f), range)) x = f;
        update[i] = x;
    }
    return deleteRun(zsl, update, x->next, lexLteMax, range, ULONG_MAX, cb, privdata);
}

unsigned long zslDeleteRangeByRank(zskiplist *zsl, unsigned long start, unsigned long end,
                                   zslDeleteCallback *cb, void *privdata) {
    zskiplistNode *update[ZSL_MAXLEVEL], *x = zsl->header, *f;
    unsigned long traversed = 0;
    if (start == 0) start = 1;
    if (end < start) return 0;
    for (int i = zsl->level - 1; i >= 0; i--) {
        while ((f = fwd(x, i)) != NULL && traversed + zslNodeSpan(x, i) < start) {
            traversed += zslNodeSpan(x, i);
            x = f;
        }
        update[i] = x;
    }
    return deleteRun(zsl, update, x->next, NULL, NULL, end - start + 1, cb, privdata);
}
