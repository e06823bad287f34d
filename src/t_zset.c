/* t_zset.c - the sorted set type.
 *
 * A sorted set maps members (binary strings) to scores (doubles, never NaN)
 * and keeps them ordered by score, then by member bytes.  Two encodings:
 *
 *   LISTPACK  small sets: one listpack holding member, score, member,
 *             score... already in order.  Lookups are linear scans, which
 *             for zset-max-listpack-entries (128) short members is cheaper
 *             than hashing and uses a fraction of the memory.  A score is
 *             stored as an integer element when it is integral and within
 *             +/- LLONG_MAX/2 (so -0 is stored as 0, as Redis does), else as
 *             its "%.17g" text.
 *
 *   SKIPLIST  everything else: a `zset` holding a skiplist (ordered access:
 *             ranks, ranges, pops) and a dict (member -> node, for ZSCORE
 *             and for finding the node to update).  The skiplist node is the
 *             member's only allocation: it embeds the member bytes, and the
 *             dict stores the node pointers themselves as its elements
 *             (entryGetKey = zslNodeElement).  Neither structure owns the
 *             nodes separately: whoever removes a member unlinks it from the
 *             dict, then from the list, then frees the node.
 *
 * A set starts as a listpack (unless zset-max-listpack-entries is 0 or its
 * first member is too long) and becomes a skiplist when an insertion would
 * cross a limit.  It never goes back by itself; only the store commands
 * (ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE), which build their result as a
 * skiplist, convert it to a listpack at the end when it is small enough.
 *
 * The file is layered; each layer only uses the ones above it:
 *
 *   1. score and range parsing, helpers
 *   2. the listpack layer (zzl*): order-preserving insert, find, ranges
 *   3. the skiplist + dict layer (zs*)
 *   4. the sorted set API over both encodings (t_zset.h): create, convert,
 *      add, delete, score, rank, iterators, dup, digest, scan
 *   5. the commands, which only use layer 4 (and the reply API) */
#include "server.h"
#include "t_zset.h"
#include "t_set.h"
#include "debug.h"
#include "notify.h"

#include <math.h>

/* ===========================================================================
 * 1. Scores, ranges, helpers
 * ======================================================================== */

/* Redis's test for writing a score as an integer: integral and within
 * +/- LLONG_MAX/2, where the conversion is exact. */
static int zscoreToLongLong(double d, long long *out) {
    if (!(d >= (double)(-LLONG_MAX / 2) && d <= (double)(LLONG_MAX / 2))) return 0;
    long long ll = (long long)d;
    if ((double)ll != d) return 0;
    *out = ll;
    return 1;
}

/* Parse one bound of a score range: "1.5", "(1.5", "-inf", "+inf"...
 * Like Redis, anything strtod() takes entirely is accepted. */
static int parseScoreBound(robj *o, double *value, int *exclusive) {
    *exclusive = 0;
    if (o->encoding == OBJ_ENCODING_INT) {
        *value = (double)(long)(intptr_t)o->ptr;
        return C_OK;
    }
    const char *s = o->ptr;
    char *eptr;
    if (s[0] == '(') {
        s++;
        *exclusive = 1;
    }
    *value = strtod(s, &eptr);
    if (eptr[0] != '\0' || isnan(*value)) return C_ERR;
    return C_OK;
}

static int zslParseRange(robj *min, robj *max, zrangespec *spec) {
    if (parseScoreBound(min, &spec->min, &spec->minex) != C_OK) return C_ERR;
    if (parseScoreBound(max, &spec->max, &spec->maxex) != C_OK) return C_ERR;
    return C_OK;
}

static int zslParseLexRangeObj(robj *min, robj *max, zlexrangespec *spec) {
    robj *dmin = getDecodedObject(min), *dmax = getDecodedObject(max);
    int ok = zslParseLexRange(dmin->ptr, sdslen(dmin->ptr), dmax->ptr, sdslen(dmax->ptr), spec);
    decrRefCount(dmin);
    decrRefCount(dmax);
    return ok ? C_OK : C_ERR;
}

static int scoreRangeIsEmpty(const zrangespec *r) {
    return r->min > r->max || (r->min == r->max && (r->minex || r->maxex));
}

/* Order of two lex bounds, the sentinels "-" and "+" below and above all. */
static int lexBoundCmp(sds a, sds b) {
    if (a == b) return 0;
    if (a == zslLexMinusInf || b == zslLexPlusInf) return -1;
    if (a == zslLexPlusInf || b == zslLexMinusInf) return 1;
    return sdscmp(a, b);
}

static int lexRangeIsEmpty(const zlexrangespec *r) {
    int c = lexBoundCmp(r->min, r->max);
    return c > 0 || (c == 0 && (r->minex || r->maxex));
}

/* Bytes against a lex bound. */
static int lexBufCmpBound(const char *s, size_t len, sds bound) {
    if (bound == zslLexMinusInf) return 1;
    if (bound == zslLexPlusInf) return -1;
    size_t blen = sdslen(bound), min = len < blen ? len : blen;
    int c = min ? memcmp(s, bound, min) : 0;
    if (c) return c;
    return (len > blen) - (len < blen);
}

static int lexGteMin(const char *s, size_t len, const zlexrangespec *r) {
    int c = lexBufCmpBound(s, len, r->min);
    return r->minex ? c > 0 : c >= 0;
}

static int lexLteMax(const char *s, size_t len, const zlexrangespec *r) {
    int c = lexBufCmpBound(s, len, r->max);
    return r->maxex ? c < 0 : c <= 0;
}

/* Member bytes as an sds, for dict lookups: built in the caller's buffer
 * when short, so that looking a listpack member up in another set's dict
 * costs no allocation. */
typedef struct tmpSds {
    sds s;
    int heap;
    char buf[128];
} tmpSds;

static sds tmpSdsInit(tmpSds *t, const char *p, size_t len) {
    if (sdsEmbedSize(len) <= sizeof(t->buf)) {
        t->heap = 0;
        t->s = sdsEmbedInit(t->buf, p, len);
    } else {
        t->heap = 1;
        t->s = sdsnewlen(p, len);
    }
    return t->s;
}

static void tmpSdsFree(tmpSds *t) {
    if (t->heap) sdsfree(t->s);
}

/* ===========================================================================
 * 2. The listpack layer
 *
 * Elements alternate member, score.  `eptr` addresses a member, `sptr` the
 * score after it.
 * ======================================================================== */

static double zzlGetScore(unsigned char *sptr) {
    unsigned int slen;
    long long lval;
    unsigned char *vstr = lpGetValue(sptr, &slen, &lval);
    if (vstr == NULL) return (double)lval;
    char buf[128];
    size_t l = slen < sizeof(buf) - 1 ? slen : sizeof(buf) - 1;
    memcpy(buf, vstr, l);
    buf[l] = '\0';
    return strtod(buf, NULL);
}

/* The member at eptr as bytes; integers are written into intbuf. */
static const char *zzlGetMember(unsigned char *eptr, size_t *len, unsigned char *intbuf) {
    int64_t count;
    unsigned char *s = lpGet(eptr, &count, intbuf);
    *len = (size_t)count;
    return (const char *)s;
}

/* Member at eptr against ele[0..len): memcmp order, shorter first. */
static int zzlCompareMember(unsigned char *eptr, const char *ele, size_t len) {
    unsigned char buf[LP_INTBUF_SIZE];
    size_t elen;
    const char *e = zzlGetMember(eptr, &elen, buf);
    size_t min = elen < len ? elen : len;
    int c = min ? memcmp(e, ele, min) : 0;
    if (c) return c;
    return (elen > len) - (elen < len);
}

static unsigned long zzlLength(unsigned char *lp) { return lpLength(lp) / 2; }

/* The member before eptr, or NULL. */
static unsigned char *zzlPrevMember(unsigned char *lp, unsigned char *eptr) {
    unsigned char *sptr = lpPrev(lp, eptr);
    return sptr ? lpPrev(lp, sptr) : NULL;
}

/* Find a member; its score goes to *score (if not NULL) when found. */
static unsigned char *zzlFind(unsigned char *lp, const char *ele, size_t len, double *score) {
    unsigned char *eptr = lpFirst(lp);
    if (eptr == NULL) return NULL;
    eptr = lpFind(lp, eptr, (unsigned char *)ele, (uint32_t)len, 1);
    if (eptr && score) *score = zzlGetScore(lpNext(lp, eptr));
    return eptr;
}

/* Insert member and score before eptr (NULL: at the end). */
static unsigned char *zzlInsertAt(unsigned char *lp, unsigned char *eptr, const char *ele, size_t len,
                                  double score) {
    long long ll;
    char buf[MAX_D2STRING_CHARS];
    int blen = 0;
    int isint = zscoreToLongLong(score, &ll);
    if (!isint) blen = snprintf(buf, sizeof(buf), "%.17g", score);
    if (eptr == NULL) {
        lp = lpAppend(lp, (unsigned char *)ele, (uint32_t)len);
        lp = isint ? lpAppendInteger(lp, ll) : lpAppend(lp, (unsigned char *)buf, (uint32_t)blen);
    } else {
        /* The score goes in first, before eptr; then the member before it. */
        unsigned char *sptr;
        lp = isint ? lpInsertInteger(lp, ll, eptr, LP_BEFORE, &sptr)
                   : lpInsertString(lp, (unsigned char *)buf, (uint32_t)blen, eptr, LP_BEFORE, &sptr);
        lp = lpInsertString(lp, (unsigned char *)ele, (uint32_t)len, sptr, LP_BEFORE, NULL);
    }
    return lp;
}

/* Insert a member known to be absent at its place. */
static unsigned char *zzlInsert(unsigned char *lp, const char *ele, size_t len, double score) {
    unsigned char *eptr = lpFirst(lp);
    while (eptr) {
        unsigned char *sptr = lpNext(lp, eptr);
        double s = zzlGetScore(sptr);
        if (s > score || (s == score && zzlCompareMember(eptr, ele, len) > 0)) break;
        eptr = lpNext(lp, sptr);
    }
    return zzlInsertAt(lp, eptr, ele, len, score);
}

static unsigned char *zzlDelete(unsigned char *lp, unsigned char *eptr) {
    return lpDeleteRangeWithEntry(lp, &eptr, 2);
}

/* --- score ranges --- */

static int zzlIsInRange(unsigned char *lp, const zrangespec *range) {
    if (scoreRangeIsEmpty(range)) return 0;
    unsigned char *p = lpSeek(lp, -1);
    if (p == NULL || !zslValueGteMin(zzlGetScore(p), range)) return 0;
    p = lpSeek(lp, 1);
    return zslValueLteMax(zzlGetScore(p), range);
}

static unsigned char *zzlFirstInRange(unsigned char *lp, const zrangespec *range) {
    if (!zzlIsInRange(lp, range)) return NULL;
    for (unsigned char *eptr = lpFirst(lp); eptr;) {
        unsigned char *sptr = lpNext(lp, eptr);
        double score = zzlGetScore(sptr);
        if (zslValueGteMin(score, range)) return zslValueLteMax(score, range) ? eptr : NULL;
        eptr = lpNext(lp, sptr);
    }
    return NULL;
}

static unsigned char *zzlLastInRange(unsigned char *lp, const zrangespec *range) {
    if (!zzlIsInRange(lp, range)) return NULL;
    for (unsigned char *eptr = lpSeek(lp, -2); eptr; eptr = zzlPrevMember(lp, eptr)) {
        double score = zzlGetScore(lpNext(lp, eptr));
        if (zslValueLteMax(score, range)) return zslValueGteMin(score, range) ? eptr : NULL;
    }
    return NULL;
}

/* --- member ranges --- */

static int zzlLexGteMin(unsigned char *eptr, const zlexrangespec *r) {
    unsigned char buf[LP_INTBUF_SIZE];
    size_t len;
    const char *s = zzlGetMember(eptr, &len, buf);
    return lexGteMin(s, len, r);
}

static int zzlLexLteMax(unsigned char *eptr, const zlexrangespec *r) {
    unsigned char buf[LP_INTBUF_SIZE];
    size_t len;
    const char *s = zzlGetMember(eptr, &len, buf);
    return lexLteMax(s, len, r);
}

static int zzlIsInLexRange(unsigned char *lp, const zlexrangespec *range) {
    if (lexRangeIsEmpty(range)) return 0;
    unsigned char *p = lpSeek(lp, -2);
    if (p == NULL || !zzlLexGteMin(p, range)) return 0;
    return zzlLexLteMax(lpFirst(lp), range);
}

static unsigned char *zzlFirstInLexRange(unsigned char *lp, const zlexrangespec *range) {
    if (!zzlIsInLexRange(lp, range)) return NULL;
    for (unsigned char *eptr = lpFirst(lp); eptr; eptr = lpNext(lp, lpNext(lp, eptr))) {
        if (zzlLexGteMin(eptr, range)) return zzlLexLteMax(eptr, range) ? eptr : NULL;
    }
    return NULL;
}

static unsigned char *zzlLastInLexRange(unsigned char *lp, const zlexrangespec *range) {
    if (!zzlIsInLexRange(lp, range)) return NULL;
    for (unsigned char *eptr = lpSeek(lp, -2); eptr; eptr = zzlPrevMember(lp, eptr)) {
        if (zzlLexLteMax(eptr, range)) return zzlLexGteMin(eptr, range) ? eptr : NULL;
    }
    return NULL;
}

/* --- range deletion: one run of members, deleted in one call --- */

static unsigned char *zzlDeleteRangeByScore(unsigned char *lp, const zrangespec *range, unsigned long *deleted) {
    unsigned char *first = zzlFirstInRange(lp, range);
    *deleted = 0;
    if (first == NULL) return lp;
    unsigned long n = 0;
    for (unsigned char *eptr = first; eptr;) {
        unsigned char *sptr = lpNext(lp, eptr);
        if (!zslValueLteMax(zzlGetScore(sptr), range)) break;
        n++;
        eptr = lpNext(lp, sptr);
    }
    *deleted = n;
    return lpDeleteRangeWithEntry(lp, &first, n * 2);
}

static unsigned char *zzlDeleteRangeByLex(unsigned char *lp, const zlexrangespec *range, unsigned long *deleted) {
    unsigned char *first = zzlFirstInLexRange(lp, range);
    *deleted = 0;
    if (first == NULL) return lp;
    unsigned long n = 0;
    for (unsigned char *eptr = first; eptr; eptr = lpNext(lp, lpNext(lp, eptr))) {
        if (!zzlLexLteMax(eptr, range)) break;
        n++;
    }
    *deleted = n;
    return lpDeleteRangeWithEntry(lp, &first, n * 2);
}

/* Ranks are 0-based and inclusive here. */
static unsigned char *zzlDeleteRangeByRank(unsigned char *lp, unsigned long start, unsigned long end) {
    return lpDeleteRange(lp, (long)(2 * start), 2 * (end - start + 1));
}

/* ===========================================================================
 * 3. The skiplist + dict layer
 * ======================================================================== */

static const void *zsDictGetKey(const void *elem) { return zslNodeElement(elem); }

/* The dict's elements are the skiplist nodes; it frees nothing. */
static dictType zsetDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = zsDictGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = NULL,
};

static zset *zsCreate(unsigned long size_hint) {
    zset *zs = zmalloc(sizeof(*zs));
    zs->dict = dictCreate(&zsetDictType);
    zs->zsl = zslCreate();
    if (size_hint > DICT_HT_INITIAL_SIZE) dictExpand(zs->dict, size_hint);
    return zs;
}

static void zsFree(zset *zs) {
    dictRelease(zs->dict);
    zslFree(zs->zsl);
    zfree(zs);
}

/* Insert a member the caller knows to be absent. */
static zskiplistNode *zsInsert(zset *zs, double score, const char *ele, size_t len) {
    zskiplistNode *node = zslInsert(zs->zsl, score, ele, len);
    dictAdd(zs->dict, node);
    return node;
}

static zskiplistNode *zsFind(zset *zs, sds ele) { return dictFind(zs->dict, ele); }

static zskiplistNode *zsFindBuf(zset *zs, const char *ele, size_t len) {
    tmpSds t;
    zskiplistNode *node = dictFind(zs->dict, tmpSdsInit(&t, ele, len));
    tmpSdsFree(&t);
    return node;
}

static void zsDeleteNode(zset *zs, zskiplistNode *node) {
    dictUnlink(zs->dict, zslNodeElement(node));
    zslDeleteNode(zs->zsl, node);
    zslFreeNode(node);
}

/* Range deletions take each node out of the dict before it is freed. */
static void zsRangeDeleteCallback(void *privdata, zskiplistNode *node) {
    dictUnlink(privdata, zslNodeElement(node));
}

/* ===========================================================================
 * 4. The sorted set API (t_zset.h)
 * ======================================================================== */

robj *createZsetObject(void) {
    robj *o = createObject(OBJ_ZSET, zsCreate(0));
    o->encoding = OBJ_ENCODING_SKIPLIST;
    return o;
}

robj *createZsetListpackObject(void) {
    robj *o = createObject(OBJ_ZSET, lpNew(0));
    o->encoding = OBJ_ENCODING_LISTPACK;
    return o;
}

void freeZsetObject(robj *o) {
    switch (o->encoding) {
    case OBJ_ENCODING_LISTPACK: lpFree(o->ptr); break;
    case OBJ_ENCODING_SKIPLIST: zsFree(o->ptr); break;
    default: serverPanic("Unknown sorted set encoding");
    }
}

robj *zsetTypeCreate(size_t size_hint, size_t val_len_hint) {
    if (server.zset_max_listpack_entries > 0 && size_hint <= (size_t)server.zset_max_listpack_entries &&
        val_len_hint <= (size_t)server.zset_max_listpack_value)
        return createZsetListpackObject();
    robj *o = createObject(OBJ_ZSET, zsCreate(size_hint));
    o->encoding = OBJ_ENCODING_SKIPLIST;
    return o;
}

unsigned long zsetLength(const robj *zobj) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) return zzlLength(zobj->ptr);
    if (zobj->encoding == OBJ_ENCODING_SKIPLIST) return ((const zset *)zobj->ptr)->zsl->length;
    serverPanic("Unknown sorted set encoding");
}

void zsetConvert(robj *zobj, int encoding) {
    if (zobj->encoding == encoding) return;
    if (encoding == OBJ_ENCODING_SKIPLIST) {
        serverAssert(zobj->encoding == OBJ_ENCODING_LISTPACK);
        unsigned char *lp = zobj->ptr;
        zset *zs = zsCreate(zzlLength(lp));
        unsigned char buf[LP_INTBUF_SIZE];
        for (unsigned char *eptr = lpFirst(lp); eptr;) {
            unsigned char *sptr = lpNext(lp, eptr);
            size_t len;
            const char *ele = zzlGetMember(eptr, &len, buf);
            zsInsert(zs, zzlGetScore(sptr), ele, len);
            eptr = lpNext(lp, sptr);
        }
        lpFree(lp);
        zobj->ptr = zs;
        zobj->encoding = OBJ_ENCODING_SKIPLIST;
    } else if (encoding == OBJ_ENCODING_LISTPACK) {
        serverAssert(zobj->encoding == OBJ_ENCODING_SKIPLIST);
        zset *zs = zobj->ptr;
        unsigned char *lp = lpNew(0);
        for (zskiplistNode *n = zslNodeNext(zs->zsl->header); n; n = zslNodeNext(n)) {
            sds ele = zslNodeElement(n);
            lp = zzlInsertAt(lp, NULL, ele, sdslen(ele), zslNodeScore(n));
        }
        zsFree(zs);
        zobj->ptr = lp;
        zobj->encoding = OBJ_ENCODING_LISTPACK;
    } else {
        serverPanic("Unknown sorted set encoding");
    }
}

void zsetConvertToListpackIfNeeded(robj *zobj, size_t maxelelen, size_t totelelen) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) return;
    zset *zs = zobj->ptr;
    if (zs->zsl->length <= (unsigned long)server.zset_max_listpack_entries &&
        maxelelen <= (size_t)server.zset_max_listpack_value && lpSafeToAdd(NULL, totelelen))
        zsetConvert(zobj, OBJ_ENCODING_LISTPACK);
}

/* Score of a member given as bytes: 1 and *score if present. */
static int zsetScoreBuf(robj *zobj, const char *ele, size_t len, double *score) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) return zzlFind(zobj->ptr, ele, len, score) != NULL;
    zskiplistNode *n = zsFindBuf(zobj->ptr, ele, len);
    if (n == NULL) return 0;
    *score = zslNodeScore(n);
    return 1;
}

int zsetScore(robj *zobj, sds member, double *score) {
    if (zobj == NULL || member == NULL) return C_ERR;
    if (zobj->encoding == OBJ_ENCODING_LISTPACK)
        return zzlFind(zobj->ptr, member, sdslen(member), score) ? C_OK : C_ERR;
    zskiplistNode *n = zsFind(zobj->ptr, member);
    if (n == NULL) return C_ERR;
    *score = zslNodeScore(n);
    return C_OK;
}

long zsetRank(robj *zobj, sds member, int reverse) {
    unsigned long llen = zsetLength(zobj);
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *lp = zobj->ptr;
        unsigned long rank = 0;
        for (unsigned char *eptr = lpFirst(lp); eptr; eptr = lpNext(lp, lpNext(lp, eptr)), rank++) {
            if (lpCompare(eptr, (unsigned char *)member, (uint32_t)sdslen(member)))
                return reverse ? (long)(llen - 1 - rank) : (long)rank;
        }
        return -1;
    }
    zset *zs = zobj->ptr;
    zskiplistNode *n = zsFind(zs, member);
    if (n == NULL) return -1;
    unsigned long rank = zslGetNodeRank(zs->zsl, n);
    return reverse ? (long)(llen - rank) : (long)(rank - 1);
}

/* Can a listpack take this new member, or must it become a skiplist? */
static int zzlCanTake(unsigned char *lp, size_t len) {
    return zzlLength(lp) + 1 <= (unsigned long)server.zset_max_listpack_entries &&
           len <= (size_t)server.zset_max_listpack_value && lpSafeToAdd(lp, len);
}

/* The part of zsetAdd common to both encodings for a member that exists
 * with curscore: 1 if the score must change to *score, 0 if not (flags
 * set), -1 on NaN. */
static int zsetAddExisting(double curscore, double *score, int in_flags, int *out_flags, double *newscore) {
    if (in_flags & ZADD_IN_NX) {
        *out_flags |= ZADD_OUT_NOP;
        return 0;
    }
    if (in_flags & ZADD_IN_INCR) {
        *score += curscore;
        if (isnan(*score)) {
            *out_flags |= ZADD_OUT_NAN;
            return -1;
        }
    }
    if (((in_flags & ZADD_IN_LT) && *score >= curscore) || ((in_flags & ZADD_IN_GT) && *score <= curscore)) {
        *out_flags |= ZADD_OUT_NOP;
        return 0;
    }
    if (newscore) *newscore = *score;
    if (*score == curscore) return 0;
    *out_flags |= ZADD_OUT_UPDATED;
    return 1;
}

int zsetAdd(robj *zobj, double score, sds ele, int in_flags, int *out_flags, double *newscore) {
    size_t len = sdslen(ele);
    double curscore;
    *out_flags = 0;

    /* NaN cannot come in; only INCR can produce it (inf + -inf). */
    if (isnan(score)) {
        *out_flags = ZADD_OUT_NAN;
        return 0;
    }

    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *eptr = zzlFind(zobj->ptr, ele, len, &curscore);
        if (eptr != NULL) {
            int change = zsetAddExisting(curscore, &score, in_flags, out_flags, newscore);
            if (change < 0) return 0;
            if (change) {
                zobj->ptr = zzlDelete(zobj->ptr, eptr);
                zobj->ptr = zzlInsert(zobj->ptr, ele, len, score);
            }
            return 1;
        }
        if (in_flags & ZADD_IN_XX) {
            *out_flags |= ZADD_OUT_NOP;
            return 1;
        }
        if (zzlCanTake(zobj->ptr, len)) {
            zobj->ptr = zzlInsert(zobj->ptr, ele, len, score);
            if (newscore) *newscore = score;
            *out_flags |= ZADD_OUT_ADDED;
            return 1;
        }
        /* Too many or too long: continue as a skiplist. */
        zsetConvert(zobj, OBJ_ENCODING_SKIPLIST);
    }

    serverAssert(zobj->encoding == OBJ_ENCODING_SKIPLIST);
    zset *zs = zobj->ptr;
    void *existing = NULL;
    void *pos = dictFindPositionForInsert(zs->dict, ele, &existing);
    if (pos == NULL) {
        zskiplistNode *node = existing;
        int change = zsetAddExisting(zslNodeScore(node), &score, in_flags, out_flags, newscore);
        if (change < 0) return 0;
        if (change) zslUpdateScore(zs->zsl, node, score);
        return 1;
    }
    if (in_flags & ZADD_IN_XX) {
        *out_flags |= ZADD_OUT_NOP;
        return 1;
    }
    zskiplistNode *node = zslInsert(zs->zsl, score, ele, len);
    dictInsertAtPosition(zs->dict, node, pos);
    if (newscore) *newscore = score;
    *out_flags |= ZADD_OUT_ADDED;
    return 1;
}

int zsetDel(robj *zobj, sds ele) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *eptr = zzlFind(zobj->ptr, ele, sdslen(ele), NULL);
        if (eptr == NULL) return 0;
        zobj->ptr = zzlDelete(zobj->ptr, eptr);
        return 1;
    }
    zset *zs = zobj->ptr;
    zskiplistNode *node = zsFind(zs, ele);
    if (node == NULL) return 0;
    zsDeleteNode(zs, node);
    return 1;
}

/* Let the member table shrink after deletions. */
static void zsetShrinkAfterDelete(robj *zobj) {
    if (zobj->encoding == OBJ_ENCODING_SKIPLIST) dictShrinkIfNeeded(((zset *)zobj->ptr)->dict);
}

/* --- iterators --- */

static void zsetIterSetup(zsetIterator *it, robj *zobj, int reverse) {
    it->zobj = zobj;
    it->reverse = reverse;
    it->bound = ZSET_ITER_ALL;
    it->range = NULL;
    it->lexrange = NULL;
    it->eptr = NULL;
    it->node = NULL;
}

void zsetIterInit(zsetIterator *it, robj *zobj, unsigned long rank, int reverse) {
    zsetIterSetup(it, zobj, reverse);
    unsigned long llen = zsetLength(zobj);
    if (rank >= llen) return;
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        it->eptr = lpSeek(zobj->ptr, reverse ? -2 - 2 * (long)rank : 2 * (long)rank);
    } else {
        zskiplist *zsl = ((zset *)zobj->ptr)->zsl;
        if (rank == 0) it->node = reverse ? zsl->tail : zslNodeNext(zsl->header);
        else it->node = zslGetElementByRank(zsl, reverse ? llen - rank : rank + 1);
    }
}

void zsetIterInitByScore(zsetIterator *it, robj *zobj, const zrangespec *range, int reverse) {
    zsetIterSetup(it, zobj, reverse);
    it->bound = ZSET_ITER_SCORE;
    it->range = range;
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        it->eptr = reverse ? zzlLastInRange(zobj->ptr, range) : zzlFirstInRange(zobj->ptr, range);
    } else {
        zskiplist *zsl = ((zset *)zobj->ptr)->zsl;
        it->node = reverse ? zslLastInRange(zsl, range) : zslFirstInRange(zsl, range);
    }
}

void zsetIterInitByLex(zsetIterator *it, robj *zobj, const zlexrangespec *range, int reverse) {
    zsetIterSetup(it, zobj, reverse);
    it->bound = ZSET_ITER_LEX;
    it->lexrange = range;
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        it->eptr = reverse ? zzlLastInLexRange(zobj->ptr, range) : zzlFirstInLexRange(zobj->ptr, range);
    } else {
        zskiplist *zsl = ((zset *)zobj->ptr)->zsl;
        it->node = reverse ? zslLastInLexRange(zsl, range) : zslFirstInLexRange(zsl, range);
    }
}

/* Is the entry still inside the iterator's bound, on the side it walks to? */
static int zsetIterInBound(zsetIterator *it, zsetEntry *e) {
    switch (it->bound) {
    case ZSET_ITER_SCORE:
        return it->reverse ? zslValueGteMin(e->score, it->range) : zslValueLteMax(e->score, it->range);
    case ZSET_ITER_LEX:
        return it->reverse ? lexGteMin(e->ele, e->len, it->lexrange) : lexLteMax(e->ele, e->len, it->lexrange);
    default: return 1;
    }
}

int zsetIterNext(zsetIterator *it, zsetEntry *e) {
    if (it->zobj->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *lp = it->zobj->ptr;
        if (it->eptr == NULL) return 0;
        unsigned char *sptr = lpNext(lp, it->eptr);
        e->ele = zzlGetMember(it->eptr, &e->len, it->buf);
        e->score = zzlGetScore(sptr);
        if (!zsetIterInBound(it, e)) {
            it->eptr = NULL;
            return 0;
        }
        it->eptr = it->reverse ? zzlPrevMember(lp, it->eptr) : lpNext(lp, sptr);
        return 1;
    }
    zskiplistNode *n = it->node;
    if (n == NULL) return 0;
    sds ele = zslNodeElement(n);
    e->ele = ele;
    e->len = sdslen(ele);
    e->score = zslNodeScore(n);
    if (!zsetIterInBound(it, e)) {
        it->node = NULL;
        return 0;
    }
    it->node = it->reverse ? zslNodePrev(n) : zslNodeNext(n);
    return 1;
}

void zsetIterSkip(zsetIterator *it, unsigned long n) {
    if (it->zobj->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *lp = it->zobj->ptr;
        while (it->eptr && n--) it->eptr = it->reverse ? zzlPrevMember(lp, it->eptr) : lpNext(lp, lpNext(lp, it->eptr));
        return;
    }
    if (it->node == NULL || n == 0) return;
    if (n < 64) {
        while (it->node && n--) it->node = it->reverse ? zslNodePrev(it->node) : zslNodeNext(it->node);
        return;
    }
    /* Far: jump by rank, O(log N). */
    zskiplist *zsl = ((zset *)it->zobj->ptr)->zsl;
    unsigned long rank = zslGetNodeRank(zsl, it->node);
    if (it->reverse) it->node = rank > n ? zslGetElementByRank(zsl, rank - n) : NULL;
    else it->node = zslGetElementByRank(zsl, rank + n); /* NULL past the end */
}

/* --- COPY, DEBUG DIGEST, ZSCAN --- */

robj *zsetTypeDup(robj *o) {
    serverAssert(o->type == OBJ_ZSET);
    if (o->encoding == OBJ_ENCODING_LISTPACK) {
        size_t bytes = lpBytes(o->ptr);
        unsigned char *lp = zmalloc(bytes);
        memcpy(lp, o->ptr, bytes);
        robj *copy = createObject(OBJ_ZSET, lp);
        copy->encoding = OBJ_ENCODING_LISTPACK;
        return copy;
    }
    serverAssert(o->encoding == OBJ_ENCODING_SKIPLIST);
    zset *src = o->ptr;
    robj *copy = createObject(OBJ_ZSET, zsCreate(src->zsl->length));
    copy->encoding = OBJ_ENCODING_SKIPLIST;
    /* From the tail: each insertion then lands at the head of the new list. */
    for (zskiplistNode *n = src->zsl->tail; n; n = zslNodePrev(n)) {
        sds ele = zslNodeElement(n);
        zsInsert(copy->ptr, zslNodeScore(n), ele, sdslen(ele));
    }
    return copy;
}

/* Per member: digest(member, then the score as d2string text) from a
 * zeroed digest; the XOR of all of them is mixed once into the key's
 * digest.  The same content gives the same digest in either encoding. */
void zsetTypeDigest(robj *o, unsigned char *digest) {
    unsigned char acc[DIGEST_LEN];
    memset(acc, 0, sizeof(acc));
    zsetIterator it;
    zsetEntry e;
    zsetIterInit(&it, o, 0, 0);
    while (zsetIterNext(&it, &e)) {
        unsigned char eledigest[DIGEST_LEN];
        char buf[MAX_D2STRING_CHARS];
        memset(eledigest, 0, sizeof(eledigest));
        digestMix(eledigest, e.ele, e.len);
        int len = d2string(buf, sizeof(buf), e.score);
        digestMix(eledigest, buf, (size_t)len);
        digestXor(acc, eledigest);
    }
    digestMix(digest, acc, sizeof(acc));
}

static void zsetScanCallback(void *privdata, void *elem) {
    zskiplistNode *node = elem;
    sds ele = zslNodeElement(node);
    char buf[MAX_LONG_DOUBLE_CHARS];
    int len = ld2string(buf, sizeof(buf), (long double)zslNodeScore(node), LD_STR_AUTO);
    scanCollectorAdd(privdata, createStringObject(ele, sdslen(ele)));
    scanCollectorAdd(privdata, createStringObject(buf, (size_t)len));
}

/* A listpack is returned whole, scores as stored (as Redis does); a
 * skiplist is walked through its dict, scores as "%.17Lg". */
unsigned long zsetTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc) {
    if (o->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *lp = o->ptr;
        unsigned char buf[LP_INTBUF_SIZE];
        for (unsigned char *p = lpFirst(lp); p; p = lpNext(lp, p)) {
            int64_t len;
            unsigned char *s = lpGet(p, &len, buf);
            scanCollectorAdd(sc, createStringObject((char *)s, (size_t)len));
        }
        return 0;
    }
    serverAssert(o->encoding == OBJ_ENCODING_SKIPLIST);
    return scanDictSteps(((zset *)o->ptr)->dict, cursor, count, 2, zsetScanCallback, sc);
}

/* --- ranges: counting and removal --- */

static unsigned long zsetCountInRange(robj *zobj, const zrangespec *range) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        zsetIterator it;
        zsetEntry e;
        unsigned long count = 0;
        zsetIterInitByScore(&it, zobj, range, 0);
        while (zsetIterNext(&it, &e)) count++;
        return count;
    }
    zskiplist *zsl = ((zset *)zobj->ptr)->zsl;
    zskiplistNode *first = zslFirstInRange(zsl, range);
    if (first == NULL) return 0;
    zskiplistNode *last = zslLastInRange(zsl, range);
    return zslGetNodeRank(zsl, last) - zslGetNodeRank(zsl, first) + 1;
}

static unsigned long zsetCountInLexRange(robj *zobj, const zlexrangespec *range) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        zsetIterator it;
        zsetEntry e;
        unsigned long count = 0;
        zsetIterInitByLex(&it, zobj, range, 0);
        while (zsetIterNext(&it, &e)) count++;
        return count;
    }
    zskiplist *zsl = ((zset *)zobj->ptr)->zsl;
    zskiplistNode *first = zslFirstInLexRange(zsl, range);
    if (first == NULL) return 0;
    zskiplistNode *last = zslLastInLexRange(zsl, range);
    return zslGetNodeRank(zsl, last) - zslGetNodeRank(zsl, first) + 1;
}

/* Remove the members of 0-based ranks start..end (inclusive, in range). */
static unsigned long zsetRemoveRangeByRank(robj *zobj, unsigned long start, unsigned long end) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        zobj->ptr = zzlDeleteRangeByRank(zobj->ptr, start, end);
        return end - start + 1;
    }
    zset *zs = zobj->ptr;
    return zslDeleteRangeByRank(zs->zsl, start + 1, end + 1, zsRangeDeleteCallback, zs->dict);
}

static unsigned long zsetRemoveRangeByScore(robj *zobj, const zrangespec *range) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned long deleted;
        zobj->ptr = zzlDeleteRangeByScore(zobj->ptr, range, &deleted);
        return deleted;
    }
    zset *zs = zobj->ptr;
    if (scoreRangeIsEmpty(range)) return 0;
    return zslDeleteRangeByScore(zs->zsl, range, zsRangeDeleteCallback, zs->dict);
}

static unsigned long zsetRemoveRangeByLex(robj *zobj, const zlexrangespec *range) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned long deleted;
        zobj->ptr = zzlDeleteRangeByLex(zobj->ptr, range, &deleted);
        return deleted;
    }
    zset *zs = zobj->ptr;
    if (lexRangeIsEmpty(range)) return 0;
    return zslDeleteRangeByLex(zs->zsl, range, zsRangeDeleteCallback, zs->dict);
}

/* --- random members (ZRANDMEMBER) --- */

typedef void zsetVisitFn(void *ctx, const zsetEntry *e);

/* A listpackEntry pair as a zsetEntry (integers written into buf). */
static void zsetEntryFromListpack(zsetEntry *e, listpackEntry *key, listpackEntry *val, char *buf) {
    if (key->sval) {
        e->ele = (const char *)key->sval;
        e->len = key->slen;
    } else {
        e->len = (size_t)ll2string(buf, LONG_STR_SIZE, key->lval);
        e->ele = buf;
    }
    if (val->sval) {
        char tmp[128];
        size_t l = val->slen < sizeof(tmp) - 1 ? val->slen : sizeof(tmp) - 1;
        memcpy(tmp, val->sval, l);
        tmp[l] = '\0';
        e->score = strtod(tmp, NULL);
    } else {
        e->score = (double)val->lval;
    }
}

static void zsetNodeEntry(zsetEntry *e, zskiplistNode *n) {
    sds ele = zslNodeElement(n);
    e->ele = ele;
    e->len = sdslen(ele);
    e->score = zslNodeScore(n);
}

static void zsetRandomMember(robj *zobj, zsetEntry *e, char *buf) {
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        listpackEntry key, val;
        lpRandomPair(zobj->ptr, zzlLength(zobj->ptr), &key, &val);
        zsetEntryFromListpack(e, &key, &val, buf);
    } else {
        zsetNodeEntry(e, dictGetFairRandomElement(((zset *)zobj->ptr)->dict));
    }
}

#define ZRANDMEMBER_SAMPLE_BATCH 1000

/* count members picked at random, repetitions allowed, in random order. */
static void zsetRandomWithRepeats(robj *zobj, unsigned long count, zsetVisitFn *fn, void *ctx) {
    zsetEntry e;
    char buf[LONG_STR_SIZE];
    if (zobj->encoding == OBJ_ENCODING_SKIPLIST) {
        dict *d = ((zset *)zobj->ptr)->dict;
        while (count--) {
            zsetNodeEntry(&e, dictGetFairRandomElement(d));
            fn(ctx, &e);
        }
        return;
    }
    unsigned long batch = count < ZRANDMEMBER_SAMPLE_BATCH ? count : ZRANDMEMBER_SAMPLE_BATCH;
    listpackEntry *keys = zmalloc(sizeof(listpackEntry) * batch);
    listpackEntry *vals = zmalloc(sizeof(listpackEntry) * batch);
    while (count) {
        unsigned long n = count < batch ? count : batch;
        count -= n;
        lpRandomPairs(zobj->ptr, (unsigned int)n, keys, vals);
        for (unsigned long i = 0; i < n; i++) {
            zsetEntryFromListpack(&e, &keys[i], &vals[i], buf);
            fn(ctx, &e);
        }
    }
    zfree(keys);
    zfree(vals);
}

static uint64_t ptrHash(const void *key) {
    uintptr_t p = (uintptr_t)key;
    return dictGenHashFunction(&p, sizeof(p));
}

/* A set of skiplist nodes (the element is its own key). */
static dictType nodeSetDictType = {.hashFunction = ptrHash};

/* count distinct random members, count < length. */
static void zsetRandomUnique(robj *zobj, unsigned long count, zsetVisitFn *fn, void *ctx) {
    zsetEntry e;
    char buf[LONG_STR_SIZE];
    unsigned long size = zsetLength(zobj);
    if (zobj->encoding == OBJ_ENCODING_LISTPACK) {
        /* Listpacks are small: one pass picks them, in listpack order. */
        listpackEntry *keys = zmalloc(sizeof(listpackEntry) * count);
        listpackEntry *vals = zmalloc(sizeof(listpackEntry) * count);
        unsigned int n = lpRandomPairsUnique(zobj->ptr, (unsigned int)count, keys, vals);
        for (unsigned int i = 0; i < n; i++) {
            zsetEntryFromListpack(&e, &keys[i], &vals[i], buf);
            fn(ctx, &e);
        }
        zfree(keys);
        zfree(vals);
        return;
    }
    zset *zs = zobj->ptr;
    if (count * 3 > size) {
        /* A large share: one walk, taking each member with probability
         * needed / remaining (selection sampling), in rank order. */
        unsigned long needed = count, remaining = size;
        for (zskiplistNode *n = zslNodeNext(zs->zsl->header); n && needed; n = zslNodeNext(n), remaining--) {
            double u = (double)random() / ((double)RAND_MAX + 1.0);
            if ((double)remaining * u < (double)needed) {
                zsetNodeEntry(&e, n);
                fn(ctx, &e);
                needed--;
            }
        }
        return;
    }
    /* A small share: random picks, skipping repeats. */
    dict *seen = dictCreate(&nodeSetDictType);
    while (dictSize(seen) < count) {
        zskiplistNode *n = dictGetFairRandomElement(zs->dict);
        if (dictAdd(seen, n) != DICT_OK) continue;
        zsetNodeEntry(&e, n);
        fn(ctx, &e);
    }
    dictRelease(seen);
}

/* --- set algebra (ZUNION, ZINTER, ZDIFF and their STORE forms) ---
 *
 * Inputs are sorted sets or plain sets (members with score 1); a missing
 * key is an empty input.  Results are built as skiplists. */

typedef struct zsetOpSrc {
    robj *subject; /* NULL: missing key */
    double weight;
    zsetIterator zi;
    setTypeIterator *si;
    char numbuf[LONG_STR_SIZE];
} zsetOpSrc;

#define ZSET_AGGR_SUM 0
#define ZSET_AGGR_MIN 1
#define ZSET_AGGR_MAX 2

static unsigned long zsrcLength(const zsetOpSrc *s) {
    if (s->subject == NULL) return 0;
    return s->subject->type == OBJ_ZSET ? zsetLength(s->subject) : setTypeSize(s->subject);
}

static void zsrcIterInit(zsetOpSrc *s) {
    if (s->subject == NULL) return;
    if (s->subject->type == OBJ_ZSET) zsetIterInit(&s->zi, s->subject, 0, 0);
    else s->si = setTypeInitIterator(s->subject);
}

static int zsrcNext(zsetOpSrc *s, zsetEntry *e) {
    if (s->subject == NULL) return 0;
    if (s->subject->type == OBJ_ZSET) return zsetIterNext(&s->zi, e);
    char *str;
    size_t len;
    int64_t ll;
    if (!setTypeNext(s->si, &str, &len, &ll)) return 0;
    if (str == NULL) {
        len = (size_t)ll2string(s->numbuf, sizeof(s->numbuf), ll);
        str = s->numbuf;
    }
    e->ele = str;
    e->len = len;
    e->score = 1.0;
    return 1;
}

static void zsrcIterRelease(zsetOpSrc *s) {
    if (s->si) setTypeReleaseIterator(s->si);
    s->si = NULL;
}

static int zsrcFind(zsetOpSrc *s, const char *ele, size_t len, double *score) {
    if (s->subject == NULL) return 0;
    if (s->subject->type == OBJ_ZSET) return zsetScoreBuf(s->subject, ele, len, score);
    if (!setTypeIsMemberBuf(s->subject, ele, len)) return 0;
    *score = 1.0;
    return 1;
}

static void zsetAggregate(double *target, double val, int aggregate) {
    switch (aggregate) {
    case ZSET_AGGR_SUM:
        *target += val;
        /* inf + -inf is NaN: the convention is 0. */
        if (isnan(*target)) *target = 0.0;
        break;
    case ZSET_AGGR_MIN: *target = val < *target ? val : *target; break;
    case ZSET_AGGR_MAX: *target = val > *target ? val : *target; break;
    default: serverPanic("Unknown aggregate");
    }
}

/* What a result will need to become a listpack. */
typedef struct zsetOpStats {
    size_t maxelelen, totelelen;
} zsetOpStats;

static void zsetOpStatsAdd(zsetOpStats *st, size_t len) {
    st->totelelen += len;
    if (len > st->maxelelen) st->maxelelen = len;
}

static void zsetOpUnion(robj *dstobj, zsetOpSrc *src, long setnum, int aggregate, zsetOpStats *st) {
    zset *dst = dstobj->ptr;
    zsetEntry e;
    for (long i = 0; i < setnum; i++) {
        if (zsrcLength(&src[i]) == 0) continue;
        zsrcIterInit(&src[i]);
        while (zsrcNext(&src[i], &e)) {
            double score = src[i].weight * e.score;
            if (isnan(score)) score = 0;
            tmpSds t;
            void *existing = NULL;
            void *pos = dictFindPositionForInsert(dst->dict, tmpSdsInit(&t, e.ele, e.len), &existing);
            if (pos) {
                dictInsertAtPosition(dst->dict, zslInsert(dst->zsl, score, e.ele, e.len), pos);
                zsetOpStatsAdd(st, e.len);
            } else {
                zskiplistNode *n = existing;
                double cur = zslNodeScore(n);
                zsetAggregate(&cur, score, aggregate);
                zslUpdateScore(dst->zsl, n, cur);
            }
            tmpSdsFree(&t);
        }
        zsrcIterRelease(&src[i]);
    }
}

/* The intersection into dstobj, or only its size when dstobj is NULL (then
 * stopping at limit if not 0).  src is sorted by size, smallest first. */
static unsigned long zsetOpInter(robj *dstobj, zsetOpSrc *src, long setnum, int aggregate, unsigned long limit,
                                 zsetOpStats *st) {
    unsigned long card = 0;
    zsetEntry e;
    if (zsrcLength(&src[0]) == 0) return 0;
    zsrcIterInit(&src[0]);
    while (zsrcNext(&src[0], &e)) {
        double score = src[0].weight * e.score;
        if (isnan(score)) score = 0;
        long j;
        for (j = 1; j < setnum; j++) {
            double value;
            if (src[j].subject == src[0].subject) {
                /* The same key again: its own score, without a lookup. */
                value = e.score * src[j].weight;
            } else if (zsrcFind(&src[j], e.ele, e.len, &value)) {
                value *= src[j].weight;
            } else {
                break;
            }
            zsetAggregate(&score, value, aggregate);
        }
        if (j < setnum) continue;
        card++;
        if (dstobj == NULL) {
            if (limit && card >= limit) break;
        } else {
            zsInsert(dstobj->ptr, score, e.ele, e.len);
            zsetOpStatsAdd(st, e.len);
        }
    }
    zsrcIterRelease(&src[0]);
    return card;
}

/* The members of src[0] found in no other input, with their scores. */
static void zsetOpDiff(robj *dstobj, zsetOpSrc *src, long setnum, zsetOpStats *st) {
    zsetEntry e;
    if (zsrcLength(&src[0]) == 0) return;
    zsrcIterInit(&src[0]);
    while (zsrcNext(&src[0], &e)) {
        long j;
        for (j = 1; j < setnum; j++) {
            double value;
            if (src[j].subject == src[0].subject || zsrcFind(&src[j], e.ele, e.len, &value)) break;
        }
        if (j < setnum) continue;
        zsInsert(dstobj->ptr, e.score, e.ele, e.len);
        zsetOpStatsAdd(st, e.len);
    }
    zsrcIterRelease(&src[0]);
}

/* ===========================================================================
 * 5. Commands
 * ======================================================================== */

#define ZSET_MIN 0
#define ZSET_MAX 1

/* Store a result built by a command under dstkey, replacing any value and
 * its TTL.  Consumes dstobj. */
void zsetStoreResult(client *c, robj *dstkey, robj *dstobj) {
    robj *existing = lookupKeyWrite(c->db, dstkey);
    if (existing) {
        /* Clients only wait on a key that holds a sorted set (or nothing):
         * replacing another type does not wake them, as in Redis 7.0. */
        int was_zset = existing->type == OBJ_ZSET;
        dbOverwriteEntry(c->db, dstkey, existing, dstobj, -1);
        if (was_zset) signalKeyAsReady(c->db, dstkey, OBJ_ZSET);
    } else {
        dbAdd(c->db, dstkey, dstobj);
    }
    signalModifiedKey(c, c->db, dstkey);
}

/* An empty result of a store command deletes the destination. */
void zsetStoreEmptyResult(client *c, robj *dstkey) {
    addReply(c, shared.czero);
    if (dbDelete(c->db, dstkey)) {
        signalModifiedKey(c, c->db, dstkey);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", dstkey, c->db->id);
        server.dirty++;
    }
}

/* After members were removed from key: delete it if empty.  Returns 1 if
 * the key was deleted. */
static int zsetDeleteIfEmpty(client *c, robj *key, robj *zobj) {
    if (zsetLength(zobj) == 0) {
        dbDelete(c->db, key);
        return 1;
    }
    zsetShrinkAfterDelete(zobj);
    return 0;
}

/* --- ZADD, ZINCRBY --- */

/* ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
static void zaddGenericCommand(client *c, int flags) {
    robj *key = c->argv[1];
    int ch = 0;
    int scoreidx = 2;
    for (; scoreidx < c->argc; scoreidx++) {
        const char *opt = c->argv[scoreidx]->ptr;
        if (!strcasecmp(opt, "nx")) flags |= ZADD_IN_NX;
        else if (!strcasecmp(opt, "xx")) flags |= ZADD_IN_XX;
        else if (!strcasecmp(opt, "ch")) ch = 1;
        else if (!strcasecmp(opt, "incr")) flags |= ZADD_IN_INCR;
        else if (!strcasecmp(opt, "gt")) flags |= ZADD_IN_GT;
        else if (!strcasecmp(opt, "lt")) flags |= ZADD_IN_LT;
        else break;
    }
    int incr = (flags & ZADD_IN_INCR) != 0, nx = (flags & ZADD_IN_NX) != 0, xx = (flags & ZADD_IN_XX) != 0;
    int gt = (flags & ZADD_IN_GT) != 0, lt = (flags & ZADD_IN_LT) != 0;

    long elements = c->argc - scoreidx;
    if (elements % 2 || elements == 0) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    elements /= 2;
    if (nx && xx) {
        addReplyError(c, "XX and NX options at the same time are not compatible");
        return;
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
        addReplyError(c, "GT, LT, and/or NX options at the same time are not compatible");
        return;
    }
    if (incr && elements > 1) {
        addReplyError(c, "INCR option supports a single increment-element pair");
        return;
    }

    /* All scores are checked before anything changes. */
    double stackscores[16];
    double *scores = elements <= 16 ? stackscores : zmalloc(sizeof(double) * elements);
    long added = 0, updated = 0, processed = 0;
    int created = 0;
    double score = 0;
    for (long j = 0; j < elements; j++) {
        if (getDoubleFromObjectOrReply(c, c->argv[scoreidx + j * 2], &scores[j], NULL) != C_OK) goto cleanup;
    }

    robj *zobj = lookupKeyWrite(c->db, key);
    if (checkType(c, zobj, OBJ_ZSET)) goto cleanup;
    if (zobj == NULL) {
        if (xx) goto reply; /* nothing to update */
        zobj = zsetTypeCreate(1, sdslen(c->argv[scoreidx + 1]->ptr));
        zobj = dbAdd(c->db, key, zobj);
        created = 1;
    }

    for (long j = 0; j < elements; j++) {
        double newscore = 0;
        int retflags = 0;
        sds ele = c->argv[scoreidx + 1 + j * 2]->ptr;
        if (!zsetAdd(zobj, scores[j], ele, flags, &retflags, &newscore)) {
            addReplyError(c, "resulting score is not a number (NaN)");
            goto cleanup;
        }
        if (retflags & ZADD_OUT_ADDED) added++;
        if (retflags & ZADD_OUT_UPDATED) updated++;
        if (!(retflags & ZADD_OUT_NOP)) processed++;
        score = newscore;
    }
    server.dirty += added + updated;

reply:
    if (incr) {
        if (processed) addReplyDouble(c, score);
        else addReplyNull(c);
    } else {
        addReplyLongLong(c, ch ? added + updated : added);
    }

cleanup:
    if (scores != stackscores) zfree(scores);
    if (added || updated) {
        signalModifiedKey(c, c->db, key);
        notifyKeyspaceEvent(NOTIFY_ZSET, incr ? "zincr" : "zadd", key, c->db->id);
        /* A new key was signalled by dbAdd. */
        if (!created) signalKeyAsReady(c->db, key, OBJ_ZSET);
    }
}

void zaddCommand(client *c) { zaddGenericCommand(c, ZADD_IN_NONE); }

void zincrbyCommand(client *c) { zaddGenericCommand(c, ZADD_IN_INCR); }

/* --- ZREM, ZREMRANGEBY* --- */

void zremCommand(client *c) {
    robj *key = c->argv[1];
    robj *zobj = lookupKeyWriteOrReply(c, key, shared.czero);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) return;
    long deleted = 0;
    int keyremoved = 0;
    for (int j = 2; j < c->argc; j++) {
        if (zsetDel(zobj, c->argv[j]->ptr)) deleted++;
        if (zsetLength(zobj) == 0) {
            dbDelete(c->db, key);
            keyremoved = 1;
            break;
        }
    }
    if (deleted) {
        if (!keyremoved) zsetShrinkAfterDelete(zobj);
        notifyKeyspaceEvent(NOTIFY_ZSET, "zrem", key, c->db->id);
        if (keyremoved) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", key, c->db->id);
        signalModifiedKey(c, c->db, key);
        server.dirty += deleted;
    }
    addReplyLongLong(c, deleted);
}

typedef enum { ZRANGE_AUTO = 0, ZRANGE_RANK, ZRANGE_SCORE, ZRANGE_LEX } zrangeType;

typedef enum { ZRANGE_DIR_AUTO = 0, ZRANGE_DIR_FORWARD, ZRANGE_DIR_REVERSE } zrangeDirection;

/* ZREMRANGEBYRANK key start stop / ZREMRANGEBYSCORE key min max /
 * ZREMRANGEBYLEX key min max */
static void zremrangeGenericCommand(client *c, zrangeType type) {
    static const char *events[] = {NULL, "zremrangebyrank", "zremrangebyscore", "zremrangebylex"};
    robj *key = c->argv[1];
    zrangespec range;
    zlexrangespec lexrange;
    long start = 0, end = 0;

    /* The range is checked before the key. */
    if (type == ZRANGE_RANK) {
        if (getLongFromObjectOrReply(c, c->argv[2], &start, NULL) != C_OK ||
            getLongFromObjectOrReply(c, c->argv[3], &end, NULL) != C_OK)
            return;
    } else if (type == ZRANGE_SCORE) {
        if (zslParseRange(c->argv[2], c->argv[3], &range) != C_OK) {
            addReplyError(c, "min or max is not a float");
            return;
        }
    } else {
        if (zslParseLexRangeObj(c->argv[2], c->argv[3], &lexrange) != C_OK) {
            addReplyError(c, "min or max not valid string range item");
            return;
        }
    }

    robj *zobj = lookupKeyWriteOrReply(c, key, shared.czero);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) goto cleanup;

    unsigned long deleted;
    if (type == ZRANGE_RANK) {
        long llen = (long)zsetLength(zobj);
        if (start < 0) start = llen + start;
        if (end < 0) end = llen + end;
        if (start < 0) start = 0;
        if (start > end || start >= llen) {
            addReply(c, shared.czero);
            goto cleanup;
        }
        if (end >= llen) end = llen - 1;
        deleted = zsetRemoveRangeByRank(zobj, (unsigned long)start, (unsigned long)end);
    } else if (type == ZRANGE_SCORE) {
        deleted = zsetRemoveRangeByScore(zobj, &range);
    } else {
        deleted = zsetRemoveRangeByLex(zobj, &lexrange);
    }

    if (deleted) {
        int keyremoved = zsetDeleteIfEmpty(c, key, zobj);
        signalModifiedKey(c, c->db, key);
        notifyKeyspaceEvent(NOTIFY_ZSET, events[type], key, c->db->id);
        if (keyremoved) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", key, c->db->id);
        server.dirty += deleted;
    }
    addReplyLongLong(c, (long long)deleted);

cleanup:
    if (type == ZRANGE_LEX) zslFreeLexRange(&lexrange);
}

void zremrangebyrankCommand(client *c) { zremrangeGenericCommand(c, ZRANGE_RANK); }
void zremrangebyscoreCommand(client *c) { zremrangeGenericCommand(c, ZRANGE_SCORE); }
void zremrangebylexCommand(client *c) { zremrangeGenericCommand(c, ZRANGE_LEX); }

/* --- ZCARD, ZSCORE, ZMSCORE, ZRANK, ZCOUNT, ZLEXCOUNT --- */

void zcardCommand(client *c) {
    robj *zobj = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) return;
    addReplyLongLong(c, (long long)zsetLength(zobj));
}

void zscoreCommand(client *c) {
    robj *zobj = lookupKeyReadOrReply(c, c->argv[1], shared.null[c->resp]);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) return;
    double score;
    if (zsetScore(zobj, c->argv[2]->ptr, &score) == C_OK) addReplyDouble(c, score);
    else addReplyNull(c);
}

void zmscoreCommand(client *c) {
    robj *zobj = lookupKeyRead(c->db, c->argv[1]);
    if (checkType(c, zobj, OBJ_ZSET)) return;
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        double score;
        if (zobj && zsetScore(zobj, c->argv[j]->ptr, &score) == C_OK) addReplyDouble(c, score);
        else addReplyNull(c);
    }
}

static void zrankGenericCommand(client *c, int reverse) {
    robj *zobj = lookupKeyReadOrReply(c, c->argv[1], shared.null[c->resp]);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) return;
    long rank = zsetRank(zobj, c->argv[2]->ptr, reverse);
    if (rank >= 0) addReplyLongLong(c, rank);
    else addReplyNull(c);
}

void zrankCommand(client *c) { zrankGenericCommand(c, 0); }
void zrevrankCommand(client *c) { zrankGenericCommand(c, 1); }

void zcountCommand(client *c) {
    zrangespec range;
    if (zslParseRange(c->argv[2], c->argv[3], &range) != C_OK) {
        addReplyError(c, "min or max is not a float");
        return;
    }
    robj *zobj = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) return;
    addReplyLongLong(c, (long long)zsetCountInRange(zobj, &range));
}

void zlexcountCommand(client *c) {
    zlexrangespec range;
    if (zslParseLexRangeObj(c->argv[2], c->argv[3], &range) != C_OK) {
        addReplyError(c, "min or max not valid string range item");
        return;
    }
    robj *zobj = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (zobj != NULL && !checkType(c, zobj, OBJ_ZSET))
        addReplyLongLong(c, (long long)zsetCountInLexRange(zobj, &range));
    zslFreeLexRange(&range);
}

/* --- The ZRANGE family ---
 *
 * One parser and three walks (by rank, score, member) feed a result that
 * either goes to the client or, for ZRANGESTORE, into a new sorted set. */

typedef struct zrangeResult {
    client *c;
    int withscores;
    robj *dstkey; /* ZRANGESTORE's destination, else NULL */
    robj *dstobj;
    void *lenptr; /* deferred reply length, NULL if sent upfront */
    long count;
} zrangeResult;

static void zrangeResultInit(zrangeResult *r, client *c, robj *dstkey) {
    r->c = c;
    r->withscores = 0;
    r->dstkey = dstkey;
    r->dstobj = NULL;
    r->lenptr = NULL;
    r->count = 0;
}

/* length: the number of members to come, or -1 when not known yet. */
static void zrangeResultBegin(zrangeResult *r, long length) {
    client *c = r->c;
    r->count = 0;
    if (r->dstkey) {
        r->dstobj = zsetTypeCreate(length > 0 ? (size_t)length : 0, 0);
    } else if (length >= 0) {
        /* WITHSCORES: flat pairs in RESP2, [member, score] arrays in RESP3. */
        addReplyArrayLen(c, (r->withscores && c->resp == 2) ? length * 2 : length);
        r->lenptr = NULL;
    } else {
        r->lenptr = addReplyDeferredLen(c);
    }
}

static void zrangeResultEmit(zrangeResult *r, const zsetEntry *e) {
    client *c = r->c;
    r->count++;
    if (r->dstkey) {
        tmpSds t;
        int flags;
        zsetAdd(r->dstobj, e->score, tmpSdsInit(&t, e->ele, e->len), ZADD_IN_NONE, &flags, NULL);
        tmpSdsFree(&t);
        return;
    }
    if (r->withscores && c->resp > 2) addReplyArrayLen(c, 2);
    addReplyBulkCBuffer(c, e->ele, e->len);
    if (r->withscores) addReplyDouble(c, e->score);
}

static void zrangeResultEnd(zrangeResult *r) {
    client *c = r->c;
    if (r->dstkey) {
        if (r->count) {
            zsetStoreResult(c, r->dstkey, r->dstobj);
            addReplyLongLong(c, r->count);
            notifyKeyspaceEvent(NOTIFY_ZSET, "zrangestore", r->dstkey, c->db->id);
            server.dirty++;
        } else {
            decrRefCount(r->dstobj);
            zsetStoreEmptyResult(c, r->dstkey);
        }
        r->dstobj = NULL;
        return;
    }
    if (r->lenptr) setDeferredArrayLen(c, r->lenptr, (r->withscores && c->resp == 2) ? r->count * 2 : r->count);
}

static void zrangeByRank(zrangeResult *r, robj *zobj, long start, long end, int reverse) {
    long llen = (long)zsetLength(zobj);
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
        zrangeResultBegin(r, 0);
        zrangeResultEnd(r);
        return;
    }
    if (end >= llen) end = llen - 1;
    long rangelen = end - start + 1;
    zrangeResultBegin(r, rangelen);
    zsetIterator it;
    zsetEntry e;
    zsetIterInit(&it, zobj, (unsigned long)start, reverse);
    while (rangelen-- && zsetIterNext(&it, &e)) zrangeResultEmit(r, &e);
    zrangeResultEnd(r);
}

/* A negative offset gives nothing and a negative limit means no limit, as
 * in Redis. */
static void zrangeByScoreOrLex(zrangeResult *r, robj *zobj, const zrangespec *range, const zlexrangespec *lexrange,
                               long offset, long limit, int reverse) {
    zrangeResultBegin(r, -1);
    if (offset >= 0 && limit != 0) {
        zsetIterator it;
        zsetEntry e;
        if (range) zsetIterInitByScore(&it, zobj, range, reverse);
        else zsetIterInitByLex(&it, zobj, lexrange, reverse);
        zsetIterSkip(&it, (unsigned long)offset);
        while ((limit < 0 || limit-- > 0) && zsetIterNext(&it, &e)) zrangeResultEmit(r, &e);
    }
    zrangeResultEnd(r);
}

/* ZRANGE key min max [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
 * and the older forms, which fix the range type and direction; for
 * ZRANGESTORE the arguments start one later (argc_start 2). */
static void zrangeGenericCommand(zrangeResult *r, int argc_start, zrangeType rangetype, zrangeDirection direction) {
    client *c = r->c;
    int store = r->dstkey != NULL;
    robj *key = c->argv[argc_start];
    int minidx = argc_start + 1, maxidx = argc_start + 2;
    long opt_start = 0, opt_end = 0, opt_offset = 0, opt_limit = -1;
    int opt_withscores = 0;
    zrangespec range;
    zlexrangespec lexrange;

    for (int j = argc_start + 3; j < c->argc; j++) {
        int leftargs = c->argc - j - 1;
        const char *opt = c->argv[j]->ptr;
        if (!store && !strcasecmp(opt, "withscores")) {
            opt_withscores = 1;
        } else if (!strcasecmp(opt, "limit") && leftargs >= 2) {
            if (getLongFromObjectOrReply(c, c->argv[j + 1], &opt_offset, NULL) != C_OK ||
                getLongFromObjectOrReply(c, c->argv[j + 2], &opt_limit, NULL) != C_OK)
                return;
            j += 2;
        } else if (direction == ZRANGE_DIR_AUTO && !strcasecmp(opt, "rev")) {
            direction = ZRANGE_DIR_REVERSE;
        } else if (rangetype == ZRANGE_AUTO && !strcasecmp(opt, "bylex")) {
            rangetype = ZRANGE_LEX;
        } else if (rangetype == ZRANGE_AUTO && !strcasecmp(opt, "byscore")) {
            rangetype = ZRANGE_SCORE;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    if (direction == ZRANGE_DIR_AUTO) direction = ZRANGE_DIR_FORWARD;
    if (rangetype == ZRANGE_AUTO) rangetype = ZRANGE_RANK;
    int reverse = direction == ZRANGE_DIR_REVERSE;

    /* (LIMIT 0 -1 reads as no LIMIT here, as in Redis.) */
    if (opt_limit != -1 && rangetype == ZRANGE_RANK) {
        addReplyError(c, "syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        return;
    }
    if (opt_withscores && rangetype == ZRANGE_LEX) {
        addReplyError(c, "syntax error, WITHSCORES not supported in combination with BYLEX");
        return;
    }
    /* Reversed score and member ranges are given as max, min. */
    if (reverse && rangetype != ZRANGE_RANK) {
        int tmp = minidx;
        minidx = maxidx;
        maxidx = tmp;
    }

    switch (rangetype) {
    case ZRANGE_SCORE:
        if (zslParseRange(c->argv[minidx], c->argv[maxidx], &range) != C_OK) {
            addReplyError(c, "min or max is not a float");
            return;
        }
        break;
    case ZRANGE_LEX:
        if (zslParseLexRangeObj(c->argv[minidx], c->argv[maxidx], &lexrange) != C_OK) {
            addReplyError(c, "min or max not valid string range item");
            return;
        }
        break;
    default:
        if (getLongFromObjectOrReply(c, c->argv[minidx], &opt_start, NULL) != C_OK ||
            getLongFromObjectOrReply(c, c->argv[maxidx], &opt_end, NULL) != C_OK)
            return;
        break;
    }
    r->withscores = opt_withscores;

    /* A read lookup even for ZRANGESTORE, as Redis: a missing source is a keymiss event. */
    robj *zobj = lookupKeyRead(c->db, key);
    if (zobj == NULL) {
        if (store) {
            zrangeResultBegin(r, -1);
            zrangeResultEnd(r);
        } else {
            addReply(c, shared.emptyarray);
        }
    } else if (!checkType(c, zobj, OBJ_ZSET)) {
        switch (rangetype) {
        case ZRANGE_SCORE: zrangeByScoreOrLex(r, zobj, &range, NULL, opt_offset, opt_limit, reverse); break;
        case ZRANGE_LEX: zrangeByScoreOrLex(r, zobj, NULL, &lexrange, opt_offset, opt_limit, reverse); break;
        default: zrangeByRank(r, zobj, opt_start, opt_end, reverse); break;
        }
    }
    if (rangetype == ZRANGE_LEX) zslFreeLexRange(&lexrange);
}

static void zrangeCommandWith(client *c, robj *dstkey, int argc_start, zrangeType type, zrangeDirection dir) {
    zrangeResult r;
    zrangeResultInit(&r, c, dstkey);
    zrangeGenericCommand(&r, argc_start, type, dir);
}

void zrangeCommand(client *c) { zrangeCommandWith(c, NULL, 1, ZRANGE_AUTO, ZRANGE_DIR_AUTO); }
void zrevrangeCommand(client *c) { zrangeCommandWith(c, NULL, 1, ZRANGE_RANK, ZRANGE_DIR_REVERSE); }
void zrangebyscoreCommand(client *c) { zrangeCommandWith(c, NULL, 1, ZRANGE_SCORE, ZRANGE_DIR_FORWARD); }
void zrevrangebyscoreCommand(client *c) { zrangeCommandWith(c, NULL, 1, ZRANGE_SCORE, ZRANGE_DIR_REVERSE); }
void zrangebylexCommand(client *c) { zrangeCommandWith(c, NULL, 1, ZRANGE_LEX, ZRANGE_DIR_FORWARD); }
void zrevrangebylexCommand(client *c) { zrangeCommandWith(c, NULL, 1, ZRANGE_LEX, ZRANGE_DIR_REVERSE); }
void zrangestoreCommand(client *c) { zrangeCommandWith(c, c->argv[1], 2, ZRANGE_AUTO, ZRANGE_DIR_AUTO); }

/* --- Pops: ZPOPMIN, ZPOPMAX, ZMPOP and the blocking forms --- */

/* Pop up to count members (count -1: one, the plain form) from the first
 * of the keys that holds a sorted set.  Reply shapes:
 *   plain ZPOP / ZPOP with COUNT in RESP2: [member, score, ...]
 *   ZPOP with COUNT in RESP3:             [[member, score], ...]
 *   BZPOPMIN/BZPOPMAX:                    [key, member, score]
 *   ZMPOP/BZMPOP:                         [key, [[member, score], ...]]
 * Nothing to pop: a null array if reply_nil_when_empty, else []. */
static void genericZpopCommand(client *c, robj **keyv, int keyc, int where, int emitkey, long count,
                               int use_nested_array, int reply_nil_when_empty) {
    robj *key = NULL, *zobj = NULL;
    for (int idx = 0; idx < keyc; idx++) {
        key = keyv[idx];
        zobj = lookupKeyWrite(c->db, key);
        if (zobj == NULL) continue;
        if (checkType(c, zobj, OBJ_ZSET)) return;
        break;
    }
    if (zobj == NULL) {
        if (reply_nil_when_empty) addReplyNullArray(c);
        else addReply(c, shared.emptyarray);
        return;
    }
    if (count == 0) {
        addReply(c, shared.emptyarray);
        return;
    }
    int single = count == -1; /* BZPOPMIN/BZPOPMAX: one member, no count */
    if (count == -1) count = 1;

    long llen = (long)zsetLength(zobj);
    long rangelen = count > llen ? llen : count;
    if (!use_nested_array && !emitkey) {
        addReplyArrayLen(c, rangelen * 2);
    } else if (use_nested_array && !emitkey) {
        addReplyArrayLen(c, rangelen);
    } else if (!use_nested_array && emitkey) {
        addReplyArrayLen(c, rangelen * 2 + 1);
        addReplyBulk(c, key);
    } else {
        addReplyArrayLen(c, 2);
        addReplyBulk(c, key);
        addReplyArrayLen(c, rangelen);
    }

    zsetIterator it;
    zsetEntry e;
    zsetIterInit(&it, zobj, 0, where == ZSET_MAX);
    for (long i = 0; i < rangelen && zsetIterNext(&it, &e); i++) {
        if (use_nested_array) addReplyArrayLen(c, 2);
        addReplyBulkCBuffer(c, e.ele, e.len);
        addReplyDouble(c, e.score);
    }
    if (where == ZSET_MIN) zsetRemoveRangeByRank(zobj, 0, (unsigned long)rangelen - 1);
    else zsetRemoveRangeByRank(zobj, (unsigned long)(llen - rangelen), (unsigned long)llen - 1);

    server.dirty += rangelen;
    notifyKeyspaceEvent(NOTIFY_ZSET, where == ZSET_MIN ? "zpopmin" : "zpopmax", key, c->db->id);
    if (zsetDeleteIfEmpty(c, key, zobj)) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", key, c->db->id);
    signalModifiedKey(c, c->db, key);
    /* The key-emitting forms (BZPOPMIN/BZPOPMAX, [B]ZMPOP) are propagated
     * as ZPOPMIN/ZPOPMAX key [count popped]. */
    if (emitkey) {
        robj *name = where == ZSET_MIN ? shared.zpopmin : shared.zpopmax;
        incrRefCount(key);
        if (single) {
            rewriteClientCommandVector(c, 2, name, key);
        } else {
            robj *n = createStringObjectFromLongLong(rangelen);
            rewriteClientCommandVector(c, 3, name, key, n);
            decrRefCount(n);
        }
        decrRefCount(key);
    }
}

/* ZPOPMIN/ZPOPMAX key [count] */
static void zpopMinMaxCommand(client *c, int where) {
    if (c->argc > 3) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    long count = -1;
    if (c->argc == 3 && getPositiveLongFromObjectOrReply(c, c->argv[2], &count, NULL) != C_OK) return;
    /* RESP3 nests the pairs only when a count was given. */
    genericZpopCommand(c, &c->argv[1], 1, where, 0, count, c->resp > 2 && count != -1, 0);
}

void zpopminCommand(client *c) { zpopMinMaxCommand(c, ZSET_MIN); }
void zpopmaxCommand(client *c) { zpopMinMaxCommand(c, ZSET_MAX); }

/* Serve from the first non-empty key, or block on all of them.  Run again
 * by blocked.c when one of the keys is fed. */
static void blockingGenericZpopCommand(client *c, robj **keys, int numkeys, int where, int timeout_idx, long count,
                                       int use_nested_array, int reply_nil_when_empty) {
    long long timeout;
    if (getTimeoutFromObjectOrReply(c, c->argv[timeout_idx], &timeout, UNIT_SECONDS) != C_OK) return;
    for (int j = 0; j < numkeys; j++) {
        robj *o = lookupKeyWrite(c->db, keys[j]);
        if (o == NULL) continue;
        if (checkType(c, o, OBJ_ZSET)) return;
        if (zsetLength(o) == 0) continue;
        genericZpopCommand(c, &keys[j], 1, where, 1, count, use_nested_array, reply_nil_when_empty);
        return;
    }
    /* In MULTI or a script: answer as a timeout would. */
    if (c->flags & CLIENT_DENY_BLOCKING) {
        addReplyNullArray(c);
        return;
    }
    blockForKeys(c, BLOCKED_ZSET, keys, numkeys, timeout, 0);
}

/* BZPOPMIN/BZPOPMAX key [key ...] timeout */
void bzpopminCommand(client *c) {
    blockingGenericZpopCommand(c, &c->argv[1], c->argc - 2, ZSET_MIN, c->argc - 1, -1, 0, 0);
}

void bzpopmaxCommand(client *c) {
    blockingGenericZpopCommand(c, &c->argv[1], c->argc - 2, ZSET_MAX, c->argc - 1, -1, 0, 0);
}

/* ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
 * BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] */
static void zmpopGenericCommand(client *c, int numkeys_idx, int is_block) {
    long numkeys, count;
    int end;
    if (parseMpopArgsOrReply(c, numkeys_idx, "min", "max", &numkeys, &end, &count) != C_OK) return;
    int where = end == 0 ? ZSET_MIN : ZSET_MAX;
    robj **keys = c->argv + numkeys_idx + 1;
    if (is_block) blockingGenericZpopCommand(c, keys, (int)numkeys, where, 1, count, 1, 1);
    else genericZpopCommand(c, keys, (int)numkeys, where, 1, count, 1, 1);
}

void zmpopCommand(client *c) { zmpopGenericCommand(c, 1, 0); }
void bzmpopCommand(client *c) { zmpopGenericCommand(c, 2, 1); }

/* --- ZRANDMEMBER key [count [WITHSCORES]] --- */

typedef struct zrandReply {
    client *c;
    int withscores;
} zrandReply;

static void zrandReplyEntry(void *ctx, const zsetEntry *e) {
    zrandReply *zr = ctx;
    if (zr->withscores && zr->c->resp > 2) addReplyArrayLen(zr->c, 2);
    addReplyBulkCBuffer(zr->c, e->ele, e->len);
    if (zr->withscores) addReplyDouble(zr->c, e->score);
}

static void zrandmemberWithCountCommand(client *c, long l, int withscores) {
    robj *zobj = lookupKeyReadOrReply(c, c->argv[1], shared.emptyarray);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) return;
    unsigned long size = zsetLength(zobj);
    if (size == 0 || l == 0) {
        addReply(c, shared.emptyarray);
        return;
    }
    zrandReply zr = {c, withscores};
    /* Negative count: that many picks, repeats allowed, in random order. */
    unsigned long count = l < 0 ? (unsigned long)-l : (unsigned long)l;
    int uniq = l > 0;
    unsigned long replylen = (uniq && count > size) ? size : count;
    addReplyArrayLen(c, (withscores && c->resp == 2) ? (long)replylen * 2 : (long)replylen);
    if (!uniq || count == 1) {
        zsetRandomWithRepeats(zobj, count, zrandReplyEntry, &zr);
    } else if (count >= size) {
        /* All of them, from the highest score down as Redis 7.0 does. */
        zsetIterator it;
        zsetEntry e;
        zsetIterInit(&it, zobj, 0, 1);
        while (zsetIterNext(&it, &e)) zrandReplyEntry(&zr, &e);
    } else {
        zsetRandomUnique(zobj, count, zrandReplyEntry, &zr);
    }
}

void zrandmemberCommand(client *c) {
    if (c->argc >= 3) {
        long l;
        int withscores = 0;
        if (getRangeLongFromObjectOrReply(c, c->argv[2], -LONG_MAX, LONG_MAX, &l, NULL) != C_OK) return;
        if (c->argc > 4 || (c->argc == 4 && strcasecmp(c->argv[3]->ptr, "withscores"))) {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        } else if (c->argc == 4) {
            withscores = 1;
            /* The reply holds 2 * count items. */
            if (l < -LONG_MAX / 2 || l > LONG_MAX / 2) {
                addReplyError(c, "value is out of range");
                return;
            }
        }
        zrandmemberWithCountCommand(c, l, withscores);
        return;
    }
    robj *zobj = lookupKeyReadOrReply(c, c->argv[1], shared.null[c->resp]);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) return;
    zsetEntry e;
    char buf[LONG_STR_SIZE];
    zsetRandomMember(zobj, &e, buf);
    addReplyBulkCBuffer(c, e.ele, e.len);
}

/* --- ZSCAN key cursor [MATCH pattern] [COUNT count] --- */

void zscanCommand(client *c) { valueScanCommand(c, OBJ_ZSET); }

/* --- ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD --- */

#define ZSET_OP_UNION 0
#define ZSET_OP_INTER 1
#define ZSET_OP_DIFF 2

static int zsrcCompareByLength(const void *a, const void *b) {
    unsigned long la = zsrcLength(a), lb = zsrcLength(b);
    return (la > lb) - (la < lb);
}

/* ZUNIONSTORE dst numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX]
 * ZUNION numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...] [WITHSCORES]
 * (the same for ZINTER/ZINTERSTORE), ZDIFF numkeys key ... [WITHSCORES],
 * ZDIFFSTORE dst numkeys key ..., ZINTERCARD numkeys key ... [LIMIT n] */
static void zsetOpGenericCommand(client *c, robj *dstkey, int numkeys_idx, int op, int cardinality_only) {
    long setnum;
    int aggregate = ZSET_AGGR_SUM, withscores = 0;
    long limit = 0;

    if (getLongFromObjectOrReply(c, c->argv[numkeys_idx], &setnum, NULL) != C_OK) return;
    if (setnum < 1) {
        addReplyErrorFormat(c, "at least 1 input key is needed for '%s' command", c->cmd->fullname);
        return;
    }
    if (setnum > c->argc - (numkeys_idx + 1)) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }

    /* The keys first (a wrong type is reported before option errors). */
    zsetOpSrc *src = zcalloc(sizeof(zsetOpSrc) * setnum);
    int j = numkeys_idx + 1;
    for (long i = 0; i < setnum; i++, j++) {
        robj *obj = dstkey ? lookupKeyWrite(c->db, c->argv[j]) : lookupKeyRead(c->db, c->argv[j]);
        if (obj && obj->type != OBJ_ZSET && obj->type != OBJ_SET) {
            zfree(src);
            addReplyErrorObject(c, shared.wrongtypeerr);
            return;
        }
        src[i].subject = obj;
        src[i].weight = 1.0;
    }

    while (j < c->argc) {
        int remaining = c->argc - j;
        const char *opt = c->argv[j]->ptr;
        if (op != ZSET_OP_DIFF && !cardinality_only && remaining >= setnum + 1 && !strcasecmp(opt, "weights")) {
            j++;
            for (long i = 0; i < setnum; i++, j++) {
                if (getDoubleFromObjectOrReply(c, c->argv[j], &src[i].weight, "weight value is not a float") !=
                    C_OK) {
                    zfree(src);
                    return;
                }
            }
        } else if (op != ZSET_OP_DIFF && !cardinality_only && remaining >= 2 && !strcasecmp(opt, "aggregate")) {
            const char *agg = c->argv[j + 1]->ptr;
            if (!strcasecmp(agg, "sum")) aggregate = ZSET_AGGR_SUM;
            else if (!strcasecmp(agg, "min")) aggregate = ZSET_AGGR_MIN;
            else if (!strcasecmp(agg, "max")) aggregate = ZSET_AGGR_MAX;
            else {
                zfree(src);
                addReplyErrorObject(c, shared.syntaxerr);
                return;
            }
            j += 2;
        } else if (!dstkey && !cardinality_only && !strcasecmp(opt, "withscores")) {
            j++;
            withscores = 1;
        } else if (cardinality_only && remaining >= 2 && !strcasecmp(opt, "limit")) {
            if (getPositiveLongFromObjectOrReply(c, c->argv[j + 1], &limit, "LIMIT can't be negative") != C_OK) {
                zfree(src);
                return;
            }
            j += 2;
        } else {
            zfree(src);
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }

    /* Smallest first: the intersection walks src[0] and looks up the rest.
     * (qsort as Redis uses it, so that sums are made in the same order.) */
    if (op != ZSET_OP_DIFF) qsort(src, setnum, sizeof(zsetOpSrc), zsrcCompareByLength);

    if (cardinality_only) {
        addReplyLongLong(c, (long long)zsetOpInter(NULL, src, setnum, aggregate, (unsigned long)limit, NULL));
        zfree(src);
        return;
    }

    zsetOpStats st = {0, 0};
    robj *dstobj = createZsetObject();
    if (op == ZSET_OP_UNION) zsetOpUnion(dstobj, src, setnum, aggregate, &st);
    else if (op == ZSET_OP_INTER) zsetOpInter(dstobj, src, setnum, aggregate, 0, &st);
    else zsetOpDiff(dstobj, src, setnum, &st);
    zfree(src);

    unsigned long length = zsetLength(dstobj);
    if (dstkey) {
        if (length) {
            static const char *events[] = {"zunionstore", "zinterstore", "zdiffstore"};
            zsetConvertToListpackIfNeeded(dstobj, st.maxelelen, st.totelelen);
            zsetStoreResult(c, dstkey, dstobj);
            addReplyLongLong(c, (long long)length);
            notifyKeyspaceEvent(NOTIFY_ZSET, events[op], dstkey, c->db->id);
            server.dirty++;
        } else {
            decrRefCount(dstobj);
            zsetStoreEmptyResult(c, dstkey);
        }
        return;
    }

    /* WITHSCORES: flat pairs in RESP2, [member, score] arrays in RESP3. */
    addReplyArrayLen(c, (withscores && c->resp == 2) ? (long)length * 2 : (long)length);
    zsetIterator it;
    zsetEntry e;
    zsetIterInit(&it, dstobj, 0, 0);
    while (zsetIterNext(&it, &e)) {
        if (withscores && c->resp > 2) addReplyArrayLen(c, 2);
        addReplyBulkCBuffer(c, e.ele, e.len);
        if (withscores) addReplyDouble(c, e.score);
    }
    decrRefCount(dstobj);
}

void zunionstoreCommand(client *c) { zsetOpGenericCommand(c, c->argv[1], 2, ZSET_OP_UNION, 0); }
void zinterstoreCommand(client *c) { zsetOpGenericCommand(c, c->argv[1], 2, ZSET_OP_INTER, 0); }
void zdiffstoreCommand(client *c) { zsetOpGenericCommand(c, c->argv[1], 2, ZSET_OP_DIFF, 0); }
void zunionCommand(client *c) { zsetOpGenericCommand(c, NULL, 1, ZSET_OP_UNION, 0); }
void zinterCommand(client *c) { zsetOpGenericCommand(c, NULL, 1, ZSET_OP_INTER, 0); }
void zdiffCommand(client *c) { zsetOpGenericCommand(c, NULL, 1, ZSET_OP_DIFF, 0); }
void zintercardCommand(client *c) { zsetOpGenericCommand(c, NULL, 1, ZSET_OP_INTER, 1); }
