/* skiplist.h - the ordered index of a sorted set.
 *
 * A sorted set with many members is a hash table (member -> score) plus this
 * skiplist (members ordered by score), so that both ZSCORE and ZRANGE are
 * cheap.  To spend memory only once per member, a member lives in exactly one
 * allocation, the skiplist node, which holds the score, the links and the
 * member bytes as an embedded sds.  The sorted set's dict stores pointers to
 * these nodes as its elements (dictType.entryGetKey = zslNodeElement), so no
 * dict entry and no separate string exist.  See skiplist.c for the layout.
 *
 * Order: by score, then by the member bytes (memcmp, a shorter string first
 * when one is a prefix of the other).  Members must be unique and scores must
 * not be NaN; the caller (the dict) guarantees the former.
 *
 * Nodes never move while they are in the list: zslUpdateScore relinks the
 * same node, so a pointer held by the dict stays valid until the node is
 * deleted.
 *
 * Ranks are 1-based.  Spans are stored on 32 bits, so a skiplist holds at
 * most ZSL_MAX_LENGTH (2^32 - 1) members; zslInsert asserts it. */
#ifndef SKIPLIST_H
#define SKIPLIST_H

#include <stddef.h>
#include <stdint.h>

#include "sds.h"

#define ZSL_MAXLEVEL 32          /* enough for 4^32 members */
#define ZSL_MAX_LENGTH 0xffffffffUL

/* The fixed part of a node.  The levels above 0 are stored *before* the
 * struct in the same allocation and the element right after it; use the
 * accessors below, never sizeof(zskiplistNode). */
typedef struct zskiplistNode {
    double score;
    struct zskiplistNode *backward;  /* previous node, NULL for the first */
    struct zskiplistNode *next;      /* level 0 forward, NULL for the last */
    unsigned char meta;              /* bits 0-4: level - 1; 5-7: sds type */
    char ele[];                      /* embedded sds header, bytes, NUL */
} zskiplistNode;

typedef struct zskiplist {
    zskiplistNode *header;           /* a node of ZSL_MAXLEVEL levels, no member */
    zskiplistNode *tail;
    unsigned long length;
    int level;                       /* levels in use, at least 1 */
} zskiplist;

/* Score range: min/max with their exclusive flags ("(1.5" is exclusive). */
typedef struct {
    double min, max;
    int minex, maxex;
} zrangespec;

/* Member range for the BYLEX commands.  min and max are sds strings owned by
 * the spec, or one of the sentinels zslLexMinusInf ("-") and zslLexPlusInf
 * ("+"), compared by address. */
typedef struct {
    sds min, max;
    int minex, maxex;
} zlexrangespec;

extern char *const zslLexMinusInf;
extern char *const zslLexPlusInf;

/* Called for each node a range deletion removes, before the node is freed,
 * so that the caller can take it out of its dict. */
typedef void zslDeleteCallback(void *privdata, zskiplistNode *node);

/* ------------------------------------------------------------------------
 * Node accessors
 * --------------------------------------------------------------------- */

static inline double zslNodeScore(const zskiplistNode *n) { return n->score; }
static inline zskiplistNode *zslNodeNext(const zskiplistNode *n) { return n->next; }
static inline zskiplistNode *zslNodePrev(const zskiplistNode *n) { return n->backward; }
static inline int zslNodeLevel(const zskiplistNode *n) { return (n->meta & 31) + 1; }

/* The member, an sds embedded in the node: read-only, never free it. */
static inline sds zslNodeElement(const zskiplistNode *n) {
    /* Header size of each sds type (sds.h: 5, 8, 16, 32, 64). */
    static const unsigned char hdr[8] = {1, 3, 5, 9, 17, 0, 0, 0};
    return (sds)(n->ele + hdr[n->meta >> 5]);
}

/* Forward pointer at level i (0 <= i < zslNodeLevel(n)). */
static inline zskiplistNode *zslNodeForward(const zskiplistNode *n, int i) {
    if (i == 0) return n->next;
    return *(zskiplistNode *const *)((const char *)n - sizeof(zskiplistNode *) * (size_t)i);
}

/* Level-0 steps from n to its forward at level i; when there is none, the
 * number of nodes after n.  At level 0 it is implicit (1, or 0 at the end). */
static inline unsigned long zslNodeSpan(const zskiplistNode *n, int i) {
    if (i == 0) return n->next != NULL;
    const char *fwds = (const char *)n - sizeof(zskiplistNode *) * (size_t)(zslNodeLevel(n) - 1);
    return *(const uint32_t *)(fwds - sizeof(uint32_t) * (size_t)i);
}

/* ------------------------------------------------------------------------
 * API
 * --------------------------------------------------------------------- */

zskiplist *zslCreate(void);
void zslFree(zskiplist *zsl);
/* Insert a member known to be absent; returns its new node. */
zskiplistNode *zslInsert(zskiplist *zsl, double score, const char *ele, size_t len);
/* Remove the member with this score: 1 if found, else 0.  If node is NULL
 * the node is freed, otherwise it is returned there, unlinked, and the caller
 * frees it with zslFreeNode. */
int zslDelete(zskiplist *zsl, double score, const char *ele, size_t len,
              zskiplistNode **node);
/* Unlink a node of this list (not freed: see zslFreeNode). */
void zslDeleteNode(zskiplist *zsl, zskiplistNode *node);
void zslFreeNode(zskiplistNode *node);
/* Give node a new score.  The node stays where it is when the order allows
 * it, otherwise it is moved; either way the same node is returned. */
zskiplistNode *zslUpdateScore(zskiplist *zsl, zskiplistNode *node, double newscore);
/* Bytes the allocator spends on the node. */
size_t zslNodeAllocSize(const zskiplistNode *node);

/* Ranks. */
unsigned long zslGetRank(zskiplist *zsl, double score, const char *ele, size_t len);
unsigned long zslGetNodeRank(zskiplist *zsl, const zskiplistNode *node);
zskiplistNode *zslGetElementByRank(zskiplist *zsl, unsigned long rank);
/* The node rank steps after start, moving from start_level down
 * (start_level < zslNodeLevel(start)); NULL past the end. */
zskiplistNode *zslGetElementByRankFromNode(zskiplistNode *start, int start_level,
                                           unsigned long rank);

/* Score ranges. */
int zslValueGteMin(double value, const zrangespec *spec);
int zslValueLteMax(double value, const zrangespec *spec);
int zslIsInRange(zskiplist *zsl, const zrangespec *range);
zskiplistNode *zslFirstInRange(zskiplist *zsl, const zrangespec *range);
zskiplistNode *zslLastInRange(zskiplist *zsl, const zrangespec *range);

/* Member ranges (meaningful when all scores are equal). */
/* Parse "[x" / "(x" / "-" / "+" into spec: 1 on success, 0 on a syntax
 * error (nothing to free then).  Free a parsed spec with zslFreeLexRange. */
int zslParseLexRange(const char *min, size_t minlen, const char *max, size_t maxlen,
                     zlexrangespec *spec);
void zslFreeLexRange(zlexrangespec *spec);
int zslLexValueGteMin(sds value, const zlexrangespec *spec);
int zslLexValueLteMax(sds value, const zlexrangespec *spec);
int zslIsInLexRange(zskiplist *zsl, const zlexrangespec *range);
zskiplistNode *zslFirstInLexRange(zskiplist *zsl, const zlexrangespec *range);
zskiplistNode *zslLastInLexRange(zskiplist *zsl, const zlexrangespec *range);

/* Range deletion; each returns the number of nodes removed.  Ranks are
 * 1-based and inclusive. */
unsigned long zslDeleteRangeByScore(zskiplist *zsl, const zrangespec *range,
                                    zslDeleteCallback *cb, void *privdata);
unsigned long zslDeleteRangeByLex(zskiplist *zsl, const zlexrangespec *range,
                                  zslDeleteCallback *cb, void *privdata);
unsigned long zslDeleteRangeByRank(zskiplist *zsl, unsigned long start, unsigned long end,
                                   zslDeleteCallback *cb, void *privdata);

#endif /* SKIPLIST_H */
