/* t_hash.c - the hash type: field/value maps stored under one key.
 *
 * The file has two layers, split by banners: the type API, which hides the
 * encoding (hashTypeGet, hashTypeSet, hashTypeDelete, iterators, random
 * sampling), then the commands, which only talk to that API.
 *
 * Encodings
 * ---------
 * A hash starts as a listpack (listpack.h): field, value, field, value...
 * in insertion order.  For a few hundred short entries a linear scan of one
 * contiguous allocation is as fast as hashing and far smaller.  The hash is
 * converted to a hash table (dict.h), and never back, when
 *   - a field or value longer than hash-max-listpack-value is written:
 *     HSET/HMSET/HSETNX check all the strings they are about to write
 *     before writing any (so a long value converts the hash even when the
 *     field already exists), HINCRBY/HINCRBYFLOAT check their result;
 *   - an insertion makes the hash hold more than hash-max-listpack-entries
 *     fields (the check follows each insertion, so replacing values of a
 *     full listpack does not convert it);
 *   - the listpack would grow past LISTPACK_MAX_SAFETY_SIZE.
 * These are Redis 7.0's conversion points, kept exactly so that OBJECT
 * ENCODING answers the same.
 *
 * Hash table elements
 * -------------------
 * dict.h stores elements that carry their own key, so a field/value pair
 * is a single allocation which is itself the element; there is no separate
 * entry structure, key string or value string:
 *
 *   +-----------------+-----------+----+------+-------------+
 *   | field sds hdr   | field     | \0 | vlen | value bytes |
 *   +-----------------+-----------+----+------+-------------+
 *                   ^ element pointer: the field's sds flags byte
 *
 * The field is an embedded sds (sdsEmbedInit: a 1 byte header up to 31
 * bytes), so the dict compares and hashes it with the plain sds functions;
 * entryGetKey returns element + 1.  The element points at the flags byte
 * rather than at the start of the allocation because the flags byte tells
 * the header size, which locates the start; its offset from the start is
 * 0, 2, 4, 8 or 16, always even, as dict.h requires.  The value follows the
 * field's terminator behind a length prefix: one byte for lengths up to
 * 254, else the byte 255 and an 8 byte length.  It is not NUL terminated;
 * everything that reads it takes a length.
 *
 * Changing a value rewrites it in place when the new pair still fits the
 * allocation (and does not leave more than half of it unused); otherwise a
 * new element is built and swapped into the table slot (dictFindRef).
 *
 * Compared with Redis 7.0 (dictEntry + field sds + value sds: three
 * allocations, about 56 bytes of overhead per pair) this layout costs the
 * headers only: two to ten bytes per pair, plus the table slot. */
#include "t_hash.h"
#include "listpack.h"
#include "notify.h"
#include "debug.h"

#include <math.h>

/* ===========================================================================
 * Hash table elements
 * ======================================================================== */

#define HE_VLEN_BIG 255 /* length prefix byte: an 8 byte length follows */

static inline sds heField(const void *e) { return (sds)e + 1; }

/* Start of the element's allocation. */
static inline unsigned char *heAlloc(const void *e) {
    return (unsigned char *)e - (sdsHdrSize(*(const char *)e) - 1);
}

/* Where the value's length prefix is. */
static inline unsigned char *heValuePrefix(const void *e) {
    sds f = heField(e);
    return (unsigned char *)f + sdslen(f) + 1;
}

static inline size_t heValuePrefixSize(size_t vlen) { return vlen < HE_VLEN_BIG ? 1 : 1 + sizeof(uint64_t); }

static inline const char *heValue(const void *e, size_t *len) {
    unsigned char *p = heValuePrefix(e);
    if (*p != HE_VLEN_BIG) {
        *len = *p;
        return (const char *)p + 1;
    }
    uint64_t l;
    memcpy(&l, p + 1, sizeof(l));
    *len = (size_t)l;
    return (const char *)p + 1 + sizeof(l);
}

/* Write a length prefix and the value at p. */
static void heWriteValue(unsigned char *p, const char *v, size_t vlen) {
    if (vlen < HE_VLEN_BIG) {
        *p++ = (unsigned char)vlen;
    } else {
        uint64_t l = vlen;
        *p++ = HE_VLEN_BIG;
        memcpy(p, &l, sizeof(l));
        p += sizeof(l);
    }
    if (vlen) memcpy(p, v, vlen);
}

/* Bytes of the allocation in use. */
static size_t heUsedSize(const void *e) {
    size_t vlen;
    const char *v = heValue(e, &vlen);
    return (size_t)((const unsigned char *)v + vlen - heAlloc(e));
}

static void *heCreate(const char *f, size_t flen, const char *v, size_t vlen) {
    size_t fsize = sdsEmbedSize(flen);
    unsigned char *buf = zmalloc(fsize + heValuePrefixSize(vlen) + vlen);
    sds field = sdsEmbedInit(buf, f, flen);
    heWriteValue(buf + fsize, v, vlen);
    return field - 1;
}

static void heFree(void *e) { zfree(heAlloc(e)); }

/* Give element e the value v.  Returns e itself if the value was rewritten
 * in place, else a new element (e is left untouched: the caller swaps the
 * new one into the table, then frees e). */
static void *heSetValue(void *e, const char *v, size_t vlen) {
    unsigned char *start = heAlloc(e), *prefix = heValuePrefix(e);
    size_t need = (size_t)(prefix - start) + heValuePrefixSize(vlen) + vlen;
    size_t have = zmalloc_size(start);
    if (need <= have && need * 2 > have) {
        heWriteValue(prefix, v, vlen);
        return e;
    }
    sds f = heField(e);
    return heCreate(f, sdslen(f), v, vlen);
}

static void *heDup(const void *e) {
    size_t size = heUsedSize(e);
    unsigned char *start = heAlloc(e);
    unsigned char *copy = zmalloc(size);
    memcpy(copy, start, size);
    return copy + ((const unsigned char *)e - start);
}

static const void *hashEntryGetKey(const void *e) { return heField(e); }

static dictType hashDictType = {
    .hashFunction = dictSdsHash,
    .entryGetKey = hashEntryGetKey,
    .keyCompare = dictSdsKeyCompare,
    .entryDestructor = heFree,
    .resizeAllowed = NULL,
};

/* ===========================================================================
 * Hash type API
 * ======================================================================== */

/* One field or value read out of a hash: a string (str, len), or a number
 * (str NULL, ll) when a listpack stored it as an integer.  Borrowed: valid
 * until the hash is modified. */
typedef struct {
    const char *str;
    size_t len;
    long long ll;
} hashItem;

struct hashTypeIterator {
    robj *o;
    unsigned char *fptr, *vptr; /* listpack: current field and value */
    dictIterator di;            /* hash table */
    void *elem;                 /* hash table: current element */
};

robj *createHashObject(void) {
    robj *o = createObject(OBJ_HASH, lpNew(0));
    o->encoding = OBJ_ENCODING_LISTPACK;
    return o;
}

void freeHashObject(robj *o) {
    switch (o->encoding) {
    case OBJ_ENCODING_LISTPACK: lpFree(o->ptr); break;
    case OBJ_ENCODING_HT: dictRelease(o->ptr); break;
    default: serverPanic("Unknown hash encoding");
    }
}

unsigned long hashTypeLength(const robj *o) {
    if (o->encoding == OBJ_ENCODING_LISTPACK) return lpLength(o->ptr) / 2;
    return dictSize((const dict *)o->ptr);
}

/* A listpack entry as a hashItem. */
static inline void lpItem(unsigned char *p, hashItem *it) {
    unsigned int len;
    it->str = (const char *)lpGetValue(p, &len, &it->ll);
    it->len = len;
}

static inline void heFieldItem(const void *e, hashItem *it) {
    it->str = heField(e);
    it->len = sdslen((sds)it->str);
}

static inline void heValueItem(const void *e, hashItem *it) { it->str = heValue(e, &it->len); }

/* The field entry of a listpack hash, or NULL. */
static unsigned char *lpHashFind(unsigned char *lp, const char *field, size_t len) {
    unsigned char *p = lpFirst(lp);
    if (p == NULL) return NULL;
    return lpFind(lp, p, (unsigned char *)field, (uint32_t)len, 1);
}

/* The value of a field: 1 and *value set if present, else 0. */
static int hashTypeGet(robj *o, sds field, hashItem *value) {
    if (o->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *lp = o->ptr;
        unsigned char *fp = lpHashFind(lp, field, sdslen(field));
        if (fp == NULL) return 0;
        lpItem(lpNext(lp, fp), value);
        return 1;
    }
    void *e = dictFind(o->ptr, field);
    if (e == NULL) return 0;
    heValueItem(e, value);
    return 1;
}

static int hashTypeExists(robj *o, sds field) {
    hashItem v;
    return hashTypeGet(o, field, &v);
}

/* Turn a listpack hash into a hash table. */
static void hashTypeConvert(robj *o) {
    serverAssert(o->encoding == OBJ_ENCODING_LISTPACK);
    unsigned char *lp = o->ptr;
    dict *d = dictCreate(&hashDictType);
    unsigned long len = lpLength(lp) / 2;
    if (len) dictExpand(d, len);
    unsigned char fbuf[LP_INTBUF_SIZE], vbuf[LP_INTBUF_SIZE];
    for (unsigned char *p = lpFirst(lp); p; p = lpNext(lp, p)) {
        int64_t flen, vlen;
        unsigned char *f = lpGet(p, &flen, fbuf);
        p = lpNext(lp, p);
        serverAssert(p != NULL);
        unsigned char *v = lpGet(p, &vlen, vbuf);
        void *e = heCreate((char *)f, flen, (char *)v, vlen);
        if (dictAdd(d, e) != DICT_OK) {
            /* A listpack with a duplicate field can only come from corrupt
             * input that slipped past validation. */
            serverLog(LL_WARNING, "Listpack corruption detected: duplicate hash field");
            serverPanic("Listpack corruption detected");
        }
    }
    lpFree(lp);
    o->ptr = d;
    o->encoding = OBJ_ENCODING_HT;
}

/* Before HSET/HMSET/HSETNX write argv[start..end]: convert a listpack hash
 * if any of those strings is too long for it, or if the listpack would
 * grow past its safety limit. */
static void hashTypeTryConversion(robj *o, robj **argv, int start, int end) {
    if (o->encoding != OBJ_ENCODING_LISTPACK) return;
    size_t sum = 0;
    for (int i = start; i <= end; i++) {
        if (!sdsEncodedObject(argv[i])) continue;
        size_t len = sdslen(argv[i]->ptr);
        if (len > (unsigned long long)server.hash_max_listpack_value) {
            hashTypeConvert(o);
            return;
        }
        sum += len;
    }
    if (!lpSafeToAdd(o->ptr, sum)) hashTypeConvert(o);
}

/* Set field to v[0..vlen).  Returns 1 if the field existed, 0 if added. */
static int hashTypeSet(robj *o, sds field, const char *v, size_t vlen) {
    size_t flen = sdslen(field);
    if (o->encoding == OBJ_ENCODING_LISTPACK) {
        /* HINCRBY and HINCRBYFLOAT come here without hashTypeTryConversion:
         * their field and result are checked now. */
        if (flen > (unsigned long long)server.hash_max_listpack_value ||
            vlen > (unsigned long long)server.hash_max_listpack_value || !lpSafeToAdd(o->ptr, flen + vlen)) {
            hashTypeConvert(o);
        } else {
            unsigned char *lp = o->ptr;
            unsigned char *fp = lpHashFind(lp, field, flen);
            int existed = fp != NULL;
            if (existed) {
                unsigned char *vp = lpNext(lp, fp);
                o->ptr = lpReplace(lp, &vp, (unsigned char *)v, (uint32_t)vlen);
            } else {
                lp = lpAppend(lp, (unsigned char *)field, (uint32_t)flen);
                o->ptr = lpAppend(lp, (unsigned char *)v, (uint32_t)vlen);
            }
            /* Checked on every write, updates included, as Redis does: a
             * hash left over the limit by CONFIG SET converts on its next
             * write. */
            if (hashTypeLength(o) > (unsigned long long)server.hash_max_listpack_entries) hashTypeConvert(o);
            return existed;
        }
    }

    dict *d = o->ptr;
    void *existing = NULL;
    void *pos = dictFindPositionForInsert(d, field, &existing);
    if (pos != NULL) {
        dictInsertAtPosition(d, heCreate(field, flen, v, vlen), pos);
        return 0;
    }
    void *e = heSetValue(existing, v, vlen);
    if (e != existing) {
        void **ref = dictFindRef(d, field);
        serverAssert(ref != NULL && *ref == existing);
        *ref = e;
        heFree(existing);
    }
    return 1;
}

/* Remove a field: 1 if it was there. */
static int hashTypeDelete(robj *o, sds field) {
    if (o->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *lp = o->ptr;
        unsigned char *fp = lpHashFind(lp, field, sdslen(field));
        if (fp == NULL) return 0;
        o->ptr = lpDeleteRangeWithEntry(lp, &fp, 2);
        return 1;
    }
    dict *d = o->ptr;
    if (dictDelete(d, field) != DICT_OK) return 0;
    /* As Redis does: give memory back when the table becomes sparse. */
    dictShrinkIfNeeded(d);
    return 1;
}

/* ---- Iteration --------------------------------------------------------- */

static void hashIterInit(hashTypeIterator *hi, robj *o) {
    hi->o = o;
    hi->fptr = hi->vptr = NULL;
    hi->elem = NULL;
    if (o->encoding == OBJ_ENCODING_HT) dictInitIterator(&hi->di, o->ptr);
}

static void hashIterReset(hashTypeIterator *hi) {
    if (hi->o->encoding == OBJ_ENCODING_HT) dictResetIterator(&hi->di);
}

/* Advance: 1 if a pair is now current, 0 at the end. */
static int hashIterNext(hashTypeIterator *hi) {
    if (hi->o->encoding == OBJ_ENCODING_LISTPACK) {
        unsigned char *lp = hi->o->ptr;
        hi->fptr = hi->vptr ? lpNext(lp, hi->vptr) : lpFirst(lp);
        if (hi->fptr == NULL) return 0;
        hi->vptr = lpNext(lp, hi->fptr);
        serverAssert(hi->vptr != NULL);
        return 1;
    }
    hi->elem = dictNext(&hi->di);
    return hi->elem != NULL;
}

static inline void hashIterField(hashTypeIterator *hi, hashItem *it) {
    if (hi->o->encoding == OBJ_ENCODING_LISTPACK) lpItem(hi->fptr, it);
    else heFieldItem(hi->elem, it);
}

static inline void hashIterValue(hashTypeIterator *hi, hashItem *it) {
    if (hi->o->encoding == OBJ_ENCODING_LISTPACK) lpItem(hi->vptr, it);
    else heValueItem(hi->elem, it);
}

/* ---- Random sampling (HRANDFIELD) -------------------------------------- */

/* Receives each sampled pair. */
typedef void hashPairFn(void *ctx, hashItem *field, hashItem *value);

static inline void listpackEntryItem(listpackEntry *le, hashItem *it) {
    it->str = (const char *)le->sval;
    it->len = le->slen;
    it->ll = le->lval;
}

static void hashTypeRandomPair(robj *o, hashItem *field, hashItem *value) {
    if (o->encoding == OBJ_ENCODING_LISTPACK) {
        listpackEntry f, v;
        lpRandomPair(o->ptr, hashTypeLength(o), &f, &v);
        listpackEntryItem(&f, field);
        listpackEntryItem(&v, value);
    } else {
        void *e = dictGetFairRandomElement(o->ptr);
        heFieldItem(e, field);
        heValueItem(e, value);
    }
}

#define HRANDFIELD_BATCH 1000 /* listpack pairs sampled per lpRandomPairs call */

/* count random pairs, repetitions allowed. */
static void hashTypeSampleWithRepeats(robj *o, unsigned long count, hashPairFn *fn, void *ctx) {
    hashItem f, v;
    if (o->encoding == OBJ_ENCODING_HT) {
        while (count--) {
            hashTypeRandomPair(o, &f, &v);
            fn(ctx, &f, &v);
        }
        return;
    }
    unsigned long batch = count < HRANDFIELD_BATCH ? count : HRANDFIELD_BATCH;
    listpackEntry *keys = zmalloc(sizeof(listpackEntry) * batch);
    listpackEntry *vals = zmalloc(sizeof(listpackEntry) * batch);
    while (count) {
        unsigned long n = count < batch ? count : batch;
        lpRandomPairs(o->ptr, (unsigned int)n, keys, vals);
        for (unsigned long i = 0; i < n; i++) {
            listpackEntryItem(&keys[i], &f);
            listpackEntryItem(&vals[i], &v);
            fn(ctx, &f, &v);
        }
        count -= n;
    }
    zfree(keys);
    zfree(vals);
}

/* The dict of element pointers used to pick distinct elements: an element
 * is its own key, compared by address. */
static uint64_t pointerHash(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static dictType pointerSetDictType = {
    .hashFunction = pointerHash,
    .entryGetKey = NULL,
    .keyCompare = NULL,
    .entryDestructor = NULL,
    .resizeAllowed = NULL,
};

/* count distinct random pairs, 0 < count < size, each passed to fn once. */
static void hashTypeSampleDistinct(robj *o, unsigned long count, hashPairFn *fn, void *ctx) {
    unsigned long size = hashTypeLength(o);
    hashItem f, v;
    if (o->encoding == OBJ_ENCODING_LISTPACK) {
        listpackEntry *keys = zmalloc(sizeof(listpackEntry) * count);
        listpackEntry *vals = zmalloc(sizeof(listpackEntry) * count);
        unsigned int n = lpRandomPairsUnique(o->ptr, (unsigned int)count, keys, vals);
        serverAssert(n == count);
        for (unsigned int i = 0; i < n; i++) {
            listpackEntryItem(&keys[i], &f);
            listpackEntryItem(&vals[i], &v);
            fn(ctx, &f, &v);
        }
        zfree(keys);
        zfree(vals);
        return;
    }

    dict *d = o->ptr;
    if (count * 3 > size) {
        /* A large share of the hash: take all the elements and shuffle the
         * first count positions (Fisher-Yates, stopped early). */
        void **all = zmalloc(sizeof(void *) * size);
        dictIterator di;
        dictInitIterator(&di, d);
        unsigned long n = 0;
        void *e;
        while ((e = dictNext(&di)) != NULL) all[n++] = e;
        dictResetIterator(&di);
        for (unsigned long i = 0; i < count; i++) {
            uint64_t rnd = ((uint64_t)random() << 31) ^ (uint64_t)random();
            unsigned long j = i + (unsigned long)(rnd % (size - i));
            void *tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
            heFieldItem(all[i], &f);
            heValueItem(all[i], &v);
            fn(ctx, &f, &v);
        }
        zfree(all);
        return;
    }

    /* A small share: draw at random until count distinct elements were
     * seen, remembering them by address. */
    dict *seen = dictCreate(&pointerSetDictType);
    dictExpand(seen, count);
    while (dictSize(seen) < count) {
        void *e = dictGetFairRandomElement(d);
        if (dictAdd(seen, e) != DICT_OK) continue;
        heFieldItem(e, &f);
        heValueItem(e, &v);
        fn(ctx, &f, &v);
    }
    dictRelease(seen);
}

/* ---- Hooks: COPY, DEBUG DIGEST, HSCAN ----------------------------------- */

robj *hashTypeDup(robj *o) {
    robj *copy;
    if (o->encoding == OBJ_ENCODING_LISTPACK) {
        size_t bytes = lpBytes(o->ptr);
        unsigned char *lp = zmalloc(bytes);
        memcpy(lp, o->ptr, bytes);
        copy = createObject(OBJ_HASH, lp);
        copy->encoding = OBJ_ENCODING_LISTPACK;
        return copy;
    }
    serverAssert(o->encoding == OBJ_ENCODING_HT);
    dict *src = o->ptr, *dst = dictCreate(&hashDictType);
    if (dictSize(src)) dictExpand(dst, dictSize(src));
    dictIterator di;
    dictInitIterator(&di, src);
    void *e;
    while ((e = dictNext(&di)) != NULL) dictAdd(dst, heDup(e));
    dictResetIterator(&di);
    copy = createObject(OBJ_HASH, dst);
    copy->encoding = OBJ_ENCODING_HT;
    return copy;
}

/* Mix an item by its string form (listpack integers by their decimal). */
static void digestMixItem(unsigned char *digest, hashItem *it) {
    if (it->str) {
        digestMix(digest, it->str, it->len);
    } else {
        digestMixLongLong(digest, it->ll);
    }
}

void hashTypeDigest(robj *o, unsigned char *digest) {
    unsigned char acc[DIGEST_LEN] = {0};
    hashTypeIterator hi;
    hashIterInit(&hi, o);
    while (hashIterNext(&hi)) {
        unsigned char pair[DIGEST_LEN] = {0};
        hashItem f, v;
        hashIterField(&hi, &f);
        hashIterValue(&hi, &v);
        digestMixItem(pair, &f);
        digestMixItem(pair, &v);
        digestXor(acc, pair);
    }
    hashIterReset(&hi);
    digestMix(digest, acc, DIGEST_LEN);
}

static robj *hashItemObject(hashItem *it) {
    if (it->str) return createStringObject(it->str, it->len);
    return createStringObjectFromLongLong(it->ll);
}

static void hashScanCallback(void *privdata, void *e) {
    scanCollector *sc = privdata;
    sds f = heField(e);
    size_t vlen;
    const char *v = heValue(e, &vlen);
    scanCollectorAdd(sc, createStringObject(f, sdslen(f)));
    scanCollectorAdd(sc, createStringObject(v, vlen));
}

unsigned long hashTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc) {
    if (o->encoding == OBJ_ENCODING_HT) {
        /* COUNT is in fields: each adds two items. */
        return scanDictSteps(o->ptr, cursor, count, 2, hashScanCallback, sc);
    }
    /* A listpack is small by construction: all of it in one call. */
    hashTypeIterator hi;
    hashIterInit(&hi, o);
    while (hashIterNext(&hi)) {
        hashItem f, v;
        hashIterField(&hi, &f);
        hashIterValue(&hi, &v);
        scanCollectorAdd(sc, hashItemObject(&f));
        scanCollectorAdd(sc, hashItemObject(&v));
    }
    hashIterReset(&hi);
    return 0;
}

/* ---- The public API for other modules (t_hash.h) ------------------------ */

int hashTypeExistsBuf(robj *o, const char *field, size_t len) {
    sds f = sdsnewlen(field, len);
    int found = hashTypeExists(o, f);
    sdsfree(f);
    return found;
}

robj *hashTypeGetValueObject(robj *o, const char *field, size_t len) {
    sds f = sdsnewlen(field, len);
    hashItem v;
    robj *value = hashTypeGet(o, f, &v) ? hashItemObject(&v) : NULL;
    sdsfree(f);
    return value;
}

int hashTypeSetBuf(robj *o, const char *field, size_t flen, const char *value, size_t vlen) {
    sds f = sdsnewlen(field, flen);
    int updated = hashTypeSet(o, f, value, vlen);
    sdsfree(f);
    return updated;
}

int hashTypeDeleteBuf(robj *o, const char *field, size_t len) {
    sds f = sdsnewlen(field, len);
    int deleted = hashTypeDelete(o, f);
    sdsfree(f);
    return deleted;
}

hashTypeIterator *hashTypeInitIterator(robj *o) {
    hashTypeIterator *hi = zmalloc(sizeof(*hi));
    hashIterInit(hi, o);
    return hi;
}

int hashTypeNext(hashTypeIterator *hi) { return hashIterNext(hi); }

void hashTypeCurrentField(hashTypeIterator *hi, const char **str, size_t *len, long long *ll) {
    hashItem it;
    hashIterField(hi, &it);
    *str = it.str;
    *len = it.len;
    *ll = it.ll;
}

void hashTypeCurrentValue(hashTypeIterator *hi, const char **str, size_t *len, long long *ll) {
    hashItem it;
    hashIterValue(hi, &it);
    *str = it.str;
    *len = it.len;
    *ll = it.ll;
}

void hashTypeReleaseIterator(hashTypeIterator *hi) {
    hashIterReset(hi);
    zfree(hi);
}

/* ===========================================================================
 * Commands
 * ======================================================================== */

static inline void addReplyHashItem(client *c, hashItem *it) {
    if (it->str) addReplyBulkCBuffer(c, it->str, it->len);
    else addReplyBulkLongLong(c, it->ll);
}

/* The hash at key for writing, created empty (and stored) if missing;
 * NULL with the WRONGTYPE error sent if key holds another type. */
static robj *hashTypeLookupWriteOrCreate(client *c, robj *key) {
    robj *o = lookupKeyWrite(c->db, key);
    if (checkType(c, o, OBJ_HASH)) return NULL;
    if (o == NULL) o = dbAdd(c->db, key, createHashObject());
    return o;
}

/* HSET key field value [field value ...] and the older HMSET, which
 * answers +OK instead of the number of fields added. */
static void hsetGenericCommand(client *c, int hmset) {
    if ((c->argc % 2) == 1) {
        addReplyErrorArity(c);
        return;
    }
    robj *o = hashTypeLookupWriteOrCreate(c, c->argv[1]);
    if (o == NULL) return;
    hashTypeTryConversion(o, c->argv, 2, c->argc - 1);
    long long created = 0;
    for (int i = 2; i < c->argc; i += 2) {
        sds v = c->argv[i + 1]->ptr;
        created += !hashTypeSet(o, c->argv[i]->ptr, v, sdslen(v));
    }
    if (hmset) addReply(c, shared.ok);
    else addReplyLongLong(c, created);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_HASH, "hset", c->argv[1], c->db->id);
    server.dirty += (c->argc - 2) / 2;
}

void hsetCommand(client *c) { hsetGenericCommand(c, 0); }
void hmsetCommand(client *c) { hsetGenericCommand(c, 1); }

void hsetnxCommand(client *c) {
    robj *o = hashTypeLookupWriteOrCreate(c, c->argv[1]);
    if (o == NULL) return;
    if (hashTypeExists(o, c->argv[2]->ptr)) {
        addReply(c, shared.czero);
        return;
    }
    hashTypeTryConversion(o, c->argv, 2, 3);
    sds v = c->argv[3]->ptr;
    hashTypeSet(o, c->argv[2]->ptr, v, sdslen(v));
    addReply(c, shared.cone);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_HASH, "hset", c->argv[1], c->db->id);
    server.dirty++;
}

void hgetCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], NULL);
    if (o == NULL || checkType(c, o, OBJ_HASH)) return;
    hashItem v;
    if (hashTypeGet(o, c->argv[2]->ptr, &v)) addReplyHashItem(c, &v);
    else addReplyNull(c);
}

void hmgetCommand(client *c) {
    /* A missing key answers nulls, like missing fields. */
    robj *o = lookupKeyRead(c->db, c->argv[1]);
    if (checkType(c, o, OBJ_HASH)) return;
    addReplyArrayLen(c, c->argc - 2);
    for (int i = 2; i < c->argc; i++) {
        hashItem v;
        if (o && hashTypeGet(o, c->argv[i]->ptr, &v)) addReplyHashItem(c, &v);
        else addReplyNull(c);
    }
}

void hdelCommand(client *c) {
    robj *o = lookupKeyWriteOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_HASH)) return;
    long long deleted = 0;
    int keyremoved = 0;
    for (int i = 2; i < c->argc; i++) {
        if (!hashTypeDelete(o, c->argv[i]->ptr)) continue;
        deleted++;
        if (hashTypeLength(o) == 0) {
            dbDelete(c->db, c->argv[1]);
            keyremoved = 1;
            break;
        }
    }
    if (deleted) {
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_HASH, "hdel", c->argv[1], c->db->id);
        if (keyremoved) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", c->argv[1], c->db->id);
        server.dirty += deleted;
    }
    addReplyLongLong(c, deleted);
}

void hlenCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_HASH)) return;
    addReplyLongLong(c, hashTypeLength(o));
}

void hstrlenCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_HASH)) return;
    hashItem v;
    if (!hashTypeGet(o, c->argv[2]->ptr, &v)) addReplyLongLong(c, 0);
    else addReplyLongLong(c, v.str ? (long long)v.len : (long long)sdigits10(v.ll));
}

void hexistsCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_HASH)) return;
    addReply(c, hashTypeExists(o, c->argv[2]->ptr) ? shared.cone : shared.czero);
}

void hincrbyCommand(client *c) {
    long long incr, value = 0;
    if (getLongLongFromObjectOrReply(c, c->argv[3], &incr, NULL) != C_OK) return;
    robj *o = hashTypeLookupWriteOrCreate(c, c->argv[1]);
    if (o == NULL) return;
    hashItem cur;
    if (hashTypeGet(o, c->argv[2]->ptr, &cur)) {
        if (cur.str == NULL) {
            value = cur.ll;
        } else if (!string2ll(cur.str, cur.len, &value)) {
            addReplyError(c, "hash value is not an integer");
            return;
        }
    }
    if ((incr < 0 && value < 0 && incr < LLONG_MIN - value) || (incr > 0 && value > 0 && incr > LLONG_MAX - value)) {
        addReplyError(c, "increment or decrement would overflow");
        return;
    }
    value += incr;
    char buf[LONG_STR_SIZE];
    int len = ll2string(buf, sizeof(buf), value);
    hashTypeSet(o, c->argv[2]->ptr, buf, len);
    addReplyLongLong(c, value);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_HASH, "hincrby", c->argv[1], c->db->id);
    server.dirty++;
}

void hincrbyfloatCommand(client *c) {
    long double incr, value = 0;
    if (getLongDoubleFromObjectOrReply(c, c->argv[3], &incr, NULL) != C_OK) return;
    if (isnan(incr) || isinf(incr)) {
        addReplyError(c, "value is NaN or Infinity");
        return;
    }
    robj *o = hashTypeLookupWriteOrCreate(c, c->argv[1]);
    if (o == NULL) return;
    hashItem cur;
    if (hashTypeGet(o, c->argv[2]->ptr, &cur)) {
        if (cur.str == NULL) {
            value = (long double)cur.ll;
        } else if (!string2ld(cur.str, cur.len, &value)) {
            addReplyError(c, "hash value is not a float");
            return;
        }
    }
    value += incr;
    if (isnan(value) || isinf(value)) {
        addReplyError(c, "increment would produce NaN or Infinity");
        return;
    }
    char buf[MAX_LONG_DOUBLE_CHARS];
    int len = ld2string(buf, sizeof(buf), value, LD_STR_HUMAN);
    hashTypeSet(o, c->argv[2]->ptr, buf, len);
    addReplyBulkCBuffer(c, buf, len);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_HASH, "hincrbyfloat", c->argv[1], c->db->id);
    server.dirty++;

    /* Propagate as HSET of the final value, so that replicas and the AOF
     * never redo the float arithmetic (and its formatting) themselves. */
    static robj *hset_name = NULL;
    if (hset_name == NULL) hset_name = makeObjectShared(createStringObject("HSET", 4));
    robj *newval = createRawStringObject(buf, len);
    rewriteClientCommandArgument(c, 0, hset_name);
    rewriteClientCommandArgument(c, 3, newval);
    decrRefCount(newval);
}

#define HASH_FIELDS 1
#define HASH_VALUES 2

/* HKEYS, HVALS, HGETALL. */
static void hgetallGenericCommand(client *c, int what) {
    int both = what == (HASH_FIELDS | HASH_VALUES);
    robj *empty = both ? shared.emptymap[c->resp] : shared.emptyarray;
    robj *o = lookupKeyReadOrReply(c, c->argv[1], empty);
    if (o == NULL || checkType(c, o, OBJ_HASH)) return;
    unsigned long len = hashTypeLength(o);
    if (both) addReplyMapLen(c, len);
    else addReplyArrayLen(c, len);
    hashTypeIterator hi;
    hashIterInit(&hi, o);
    while (hashIterNext(&hi)) {
        hashItem it;
        if (what & HASH_FIELDS) {
            hashIterField(&hi, &it);
            addReplyHashItem(c, &it);
        }
        if (what & HASH_VALUES) {
            hashIterValue(&hi, &it);
            addReplyHashItem(c, &it);
        }
    }
    hashIterReset(&hi);
}

void hkeysCommand(client *c) { hgetallGenericCommand(c, HASH_FIELDS); }
void hvalsCommand(client *c) { hgetallGenericCommand(c, HASH_VALUES); }
void hgetallCommand(client *c) { hgetallGenericCommand(c, HASH_FIELDS | HASH_VALUES); }

/* ---- HRANDFIELD --------------------------------------------------------- */

typedef struct {
    client *c;
    int withvalues;
} hrandfieldReply;

/* One pair of HRANDFIELD's reply: the field, or with WITHVALUES the field
 * and value, flat in RESP2 and as a two element array in RESP3. */
static void hrandfieldReplyPair(void *ctx, hashItem *field, hashItem *value) {
    hrandfieldReply *r = ctx;
    if (r->withvalues && r->c->resp > 2) addReplyArrayLen(r->c, 2);
    addReplyHashItem(r->c, field);
    if (r->withvalues) addReplyHashItem(r->c, value);
}

static void hrandfieldWithCountCommand(client *c, long count, int withvalues) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.emptyarray);
    if (o == NULL || checkType(c, o, OBJ_HASH)) return;
    if (count == 0) {
        addReply(c, shared.emptyarray);
        return;
    }
    hrandfieldReply r = {c, withvalues};
    int flat_pairs = withvalues && c->resp == 2;
    unsigned long size = hashTypeLength(o);

    /* A negative count: that many picks, the same field possibly more than
     * once. */
    if (count < 0) {
        unsigned long n = (unsigned long)-count;
        addReplyArrayLen(c, flat_pairs ? n * 2 : n);
        hashTypeSampleWithRepeats(o, n, hrandfieldReplyPair, &r);
        return;
    }

    /* Distinct fields: all of them if the count reaches the size. */
    unsigned long n = (unsigned long)count < size ? (unsigned long)count : size;
    addReplyArrayLen(c, flat_pairs ? n * 2 : n);
    if (n == size) {
        hashTypeIterator hi;
        hashIterInit(&hi, o);
        while (hashIterNext(&hi)) {
            hashItem f, v;
            hashIterField(&hi, &f);
            hashIterValue(&hi, &v);
            hrandfieldReplyPair(&r, &f, &v);
        }
        hashIterReset(&hi);
    } else {
        hashTypeSampleDistinct(o, n, hrandfieldReplyPair, &r);
    }
}

/* HRANDFIELD key [count [WITHVALUES]] */
void hrandfieldCommand(client *c) {
    if (c->argc >= 3) {
        long count;
        int withvalues = 0;
        if (getRangeLongFromObjectOrReply(c, c->argv[2], -LONG_MAX, LONG_MAX, &count, NULL) != C_OK) return;
        if (c->argc == 4 && !strcasecmp(c->argv[3]->ptr, "withvalues")) {
            withvalues = 1;
        } else if (c->argc >= 4) {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
        /* Pairs double the reply length: keep it representable. */
        if (withvalues && (count < -LONG_MAX / 2 || count > LONG_MAX / 2)) {
            addReplyError(c, "value is out of range");
            return;
        }
        hrandfieldWithCountCommand(c, count, withvalues);
        return;
    }

    robj *o = lookupKeyReadOrReply(c, c->argv[1], NULL);
    if (o == NULL || checkType(c, o, OBJ_HASH)) return;
    hashItem f, v;
    hashTypeRandomPair(o, &f, &v);
    addReplyHashItem(c, &f);
}

/* HSCAN key cursor [MATCH pattern] [COUNT count] */
void hscanCommand(client *c) { valueScanCommand(c, OBJ_HASH); }
