/* t_zset.h - the sorted set type.
 *
 * A sorted set value is an robj of type OBJ_ZSET, encoded as:
 *   OBJ_ENCODING_LISTPACK  ptr is a listpack of member, score, member,
 *                          score... in score order, while there are at most
 *                          zset-max-listpack-entries members of at most
 *                          zset-max-listpack-value bytes;
 *   OBJ_ENCODING_SKIPLIST  ptr is a zset: a skiplist (skiplist.h) for order
 *                          and a dict (dict.h) whose elements are the
 *                          skiplist nodes, for lookup by member.
 *
 * Order is by score, then by member bytes (memcmp, shorter first), in both
 * encodings.  Scores are never NaN.
 *
 * Other modules (SORT, GEO) use the sorted set through the API below and
 * never look at the encodings:
 *
 *   - reading: zsetLength(), zsetScore(), zsetRank(), and the iterator
 *     (zsetIterInit* / zsetIterNext), which walks members in rank order,
 *     forwards or backwards, optionally stopping at the end of a score or
 *     member range:
 *
 *         zsetIterator it;
 *         zsetEntry e;
 *         zsetIterInit(&it, zobj, 0, 0);          // from rank 0, forwards
 *         while (zsetIterNext(&it, &e)) use(e.ele, e.len, e.score);
 *
 *     An entry's bytes stay valid until the next zsetIterNext() call; the
 *     value must not be modified during the walk.
 *
 *   - writing: zsetTypeCreate() for a new value sized for what is coming,
 *     zsetAdd() to insert or update one member (it converts the encoding
 *     when the listpack limits are crossed), zsetDel(), and
 *     zsetConvertToListpackIfNeeded() for a value built as a skiplist that
 *     may turn out small (store commands). */
#ifndef T_ZSET_H
#define T_ZSET_H

#include "server.h"
#include "skiplist.h"
#include "listpack.h"

typedef struct zset {
    dict *dict;
    zskiplist *zsl;
} zset;

/* Hooks used by object.c, db.c (COPY, ZSCAN) and debug.c. */
robj *createZsetObject(void);
robj *createZsetListpackObject(void);
void freeZsetObject(robj *o);
robj *zsetTypeDup(robj *o);
void zsetTypeDigest(robj *o, unsigned char *digest);
/* ZSCAN's walk: member, score pairs (see scanCollector in server.h). */
unsigned long zsetTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc);

/* ------------------------------------------------------------------------
 * Reading
 * --------------------------------------------------------------------- */

unsigned long zsetLength(const robj *zobj);
/* C_OK and *score set if member is in the set, else C_ERR. */
int zsetScore(robj *zobj, sds member, double *score);
/* 0-based rank of member (from the highest score if reverse), -1 if
 * absent. */
long zsetRank(robj *zobj, sds member, int reverse);

/* One member seen by an iterator: ele[0..len) and its score. */
typedef struct zsetEntry {
    const char *ele;
    size_t len;
    double score;
} zsetEntry;

#define ZSET_ITER_ALL 0   /* no bound: to the end */
#define ZSET_ITER_SCORE 1 /* stop past the score range */
#define ZSET_ITER_LEX 2   /* stop past the member range */

typedef struct zsetIterator {
    robj *zobj;
    int reverse;
    int bound;                     /* ZSET_ITER_* */
    const zrangespec *range;       /* ZSET_ITER_SCORE */
    const zlexrangespec *lexrange; /* ZSET_ITER_LEX */
    unsigned char *eptr;           /* listpack: next member, NULL at the end */
    zskiplistNode *node;           /* skiplist: next node, NULL at the end */
    unsigned char buf[LP_INTBUF_SIZE]; /* integer members as text */
} zsetIterator;

/* Start at the member of 0-based rank `rank` counted from the lowest score,
 * or from the highest if reverse; then go towards the other end. */
void zsetIterInit(zsetIterator *it, robj *zobj, unsigned long rank, int reverse);
/* Start at the first member in the score range (the last one if reverse)
 * and stop when leaving it.  range must outlive the iterator. */
void zsetIterInitByScore(zsetIterator *it, robj *zobj, const zrangespec *range, int reverse);
/* The same for a member range (meaningful when all scores are equal). */
void zsetIterInitByLex(zsetIterator *it, robj *zobj, const zlexrangespec *range, int reverse);
/* Next member into *e: 1, or 0 at the end of the walk. */
int zsetIterNext(zsetIterator *it, zsetEntry *e);
/* Skip n members (bounds are checked when they are read). */
void zsetIterSkip(zsetIterator *it, unsigned long n);

/* ------------------------------------------------------------------------
 * Writing
 * --------------------------------------------------------------------- */

/* zsetAdd() input flags. */
#define ZADD_IN_NONE 0
#define ZADD_IN_INCR (1 << 0) /* add the score to the current one */
#define ZADD_IN_NX (1 << 1)   /* only add new members */
#define ZADD_IN_XX (1 << 2)   /* only update existing members */
#define ZADD_IN_GT (1 << 3)   /* only update to a greater score */
#define ZADD_IN_LT (1 << 4)   /* only update to a lower score */

/* zsetAdd() output flags. */
#define ZADD_OUT_NOP (1 << 0)     /* nothing done because of NX/XX/GT/LT */
#define ZADD_OUT_NAN (1 << 1)     /* INCR would give NaN: nothing done */
#define ZADD_OUT_ADDED (1 << 2)   /* the member was added */
#define ZADD_OUT_UPDATED (1 << 3) /* the member's score changed */

/* A new empty sorted set for about size_hint members whose longest member
 * is val_len_hint bytes: a listpack if that fits the listpack limits, else
 * a skiplist with its table presized. */
robj *zsetTypeCreate(size_t size_hint, size_t val_len_hint);
/* Add or update member ele with score (see the flags).  Returns 1 (with
 * *out_flags and, unless NULL, *newscore: the member's score afterwards),
 * or 0 if INCR would make the score NaN (ZADD_OUT_NAN, nothing changed).
 * ele is copied. */
int zsetAdd(robj *zobj, double score, sds ele, int in_flags, int *out_flags, double *newscore);
/* Remove member: 1 if it was there.  The caller deletes the key when the
 * set becomes empty. */
int zsetDel(robj *zobj, sds ele);
/* Change the encoding (OBJ_ENCODING_LISTPACK or OBJ_ENCODING_SKIPLIST). */
void zsetConvert(robj *zobj, int encoding);
/* A skiplist value with few and short enough members becomes a listpack:
 * maxelelen is the longest member, totelelen the sum of their lengths. */
void zsetConvertToListpackIfNeeded(robj *zobj, size_t maxelelen, size_t totelelen);

/* ------------------------------------------------------------------------
 * For commands of other modules that produce sorted sets (GEO)
 * --------------------------------------------------------------------- */

/* Store dstobj (consumed) under dstkey, replacing any value and its TTL,
 * waking clients blocked on a sorted set there.  The caller replies,
 * notifies its event and counts server.dirty. */
void zsetStoreResult(client *c, robj *dstkey, robj *dstobj);
/* An empty result of a store command: delete dstkey (with its "del"
 * event) and reply 0. */
void zsetStoreEmptyResult(client *c, robj *dstkey);
/* ZADD itself: GEOADD rewrites its arguments into a ZADD and runs it. */
void zaddCommand(client *c);

#endif
