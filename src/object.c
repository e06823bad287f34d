/* object.c - value objects: creation, reference counting, string encodings,
 * and the keyspace-entry layout (key and expire embedded in the object).
 * See object.h for the layout. */
#include "server.h"
#include "evict.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "t_zset.h"
#include "stream.h"

#include <math.h>

/* ===========================================================================
 * Creation and reference counting
 * ======================================================================== */

robj *createObject(int type, void *ptr) {
    robj *o = zmalloc(sizeof(*o));
    o->type = type;
    o->encoding = OBJ_ENCODING_RAW;
    o->ptr = ptr;
    o->refcount = 1;
    o->hasexpire = 0;
    o->haskey = 0;
    o->embval = 0;
    o->lru = objectInitialLRU();
    return o;
}

robj *createRawStringObject(const char *ptr, size_t len) {
    return createObject(OBJ_STRING, sdsnewlen(ptr, len));
}

robj *tryCreateRawStringObject(const char *ptr, size_t len) {
    sds s = sdstrynewlen(ptr, len);
    return s ? createObject(OBJ_STRING, s) : NULL;
}

/* One allocation: the header followed by the string. */
robj *createEmbeddedStringObject(const char *ptr, size_t len) {
    robj *o = zmalloc(sizeof(*o) + sdsEmbedSize(len));
    o->type = OBJ_STRING;
    o->encoding = OBJ_ENCODING_EMBSTR;
    o->refcount = 1;
    o->hasexpire = 0;
    o->haskey = 0;
    o->embval = 1;
    o->lru = objectInitialLRU();
    o->ptr = sdsEmbedInit(o + 1, ptr, len);
    if (ptr == NULL) memset(o->ptr, 0, len);
    return o;
}

robj *createStringObject(const char *ptr, size_t len) {
    if (len <= OBJ_ENCODING_EMBSTR_SIZE_LIMIT) return createEmbeddedStringObject(ptr, len);
    return createRawStringObject(ptr, len);
}

static robj *createIntObject(long long value) {
    robj *o = createObject(OBJ_STRING, (void *)(intptr_t)value);
    o->encoding = OBJ_ENCODING_INT;
    return o;
}

/* Shared integers are used unless LRU/LFU eviction needs per-object clocks. */
robj *createStringObjectFromLongLong(long long value) {
    if (value >= 0 && value < OBJ_SHARED_INTEGERS && !evictPolicyUsesObjectClock()) {
        incrRefCount(shared.integers[value]);
        return shared.integers[value];
    }
    if (value >= LONG_MIN && value <= LONG_MAX) return createIntObject(value);
    return createObject(OBJ_STRING, sdsfromlonglong(value));
}

/* For values about to be stored in the keyspace: never shared, since a
 * keyspace entry carries its own key. */
robj *createStringObjectFromLongLongForValue(long long value) {
    if (value >= LONG_MIN && value <= LONG_MAX) return createIntObject(value);
    return createObject(OBJ_STRING, sdsfromlonglong(value));
}

robj *createStringObjectFromLongDouble(long double value, int humanfriendly) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    int len = ld2string(buf, sizeof(buf), value, humanfriendly ? LD_STR_HUMAN : LD_STR_AUTO);
    return createStringObject(buf, len);
}

robj *dupStringObject(const robj *o) {
    serverAssert(o->type == OBJ_STRING);
    switch (o->encoding) {
    case OBJ_ENCODING_RAW: return createRawStringObject(o->ptr, sdslen(o->ptr));
    case OBJ_ENCODING_EMBSTR: return createEmbeddedStringObject(o->ptr, sdslen(o->ptr));
    case OBJ_ENCODING_INT: return createIntObject((long)(intptr_t)o->ptr);
    default: serverPanic("Wrong encoding.");
    }
}

robj *makeObjectShared(robj *o) {
    serverAssert(o->refcount == 1);
    o->refcount = OBJ_SHARED_REFCOUNT;
    return o;
}

void incrRefCount(robj *o) {
    if (o->refcount < OBJ_STATIC_REFCOUNT) o->refcount++;
    else if (o->refcount == OBJ_STATIC_REFCOUNT) serverPanic("You tried to retain an object allocated in the stack");
}

/* Release what the value points to (not the object's own allocation). */
static void freeObjectValue(robj *o) {
    switch (o->type) {
    case OBJ_STRING:
        if (o->encoding == OBJ_ENCODING_RAW) sdsfree(o->ptr);
        break;
    case OBJ_LIST: freeListObject(o); break;
    case OBJ_SET: freeSetObject(o); break;
    case OBJ_ZSET: freeZsetObject(o); break;
    case OBJ_HASH: freeHashObject(o); break;
    case OBJ_STREAM: freeStreamObject(o); break;
    default:
        serverPanic("Unknown object type %d", o->type);
    }
}

void decrRefCount(robj *o) {
    if (o->refcount == 1) {
        freeObjectValue(o);
        zfree(o);
    } else {
        if (o->refcount <= 0) serverPanic("decrRefCount against refcount <= 0");
        if (o->refcount != OBJ_SHARED_REFCOUNT) o->refcount--;
    }
}

void decrRefCountVoid(void *o) { decrRefCount(o); }

robj *resetRefCount(robj *obj) {
    obj->refcount = 0;
    return obj;
}

/* ===========================================================================
 * Keyspace entries
 * ======================================================================== */

static inline size_t objectKeyOffset(const robj *o) {
    return sizeof(robj) + (o->hasexpire ? sizeof(long long) : 0);
}

sds objectGetKey(const robj *o) {
    if (!o->haskey) return NULL;
    const unsigned char *base = (const unsigned char *)o + objectKeyOffset(o);
    return (sds)(base + 1 + base[0]);
}

long long objectGetExpire(const robj *o) {
    if (!o->hasexpire) return -1;
    return *(const long long *)(o + 1);
}

/* Build a keyspace entry holding 'key', 'expire' (-1 for none) and the value
 * of 'val', in one allocation.  Consumes one reference of 'val': if it was
 * the last one, its value pointer moves into the new object; otherwise the
 * value is copied (only strings can be shared).  Short strings are stored
 * inside the entry (embstr); integers stay in the pointer. */
robj *objectSetKeyAndExpire(robj *val, const sds key, long long expire) {
    int withexpire = expire != -1;
    int embed = val->type == OBJ_STRING && val->encoding == OBJ_ENCODING_EMBSTR;
    size_t keylen = sdslen(key);
    size_t keysize = sdsEmbedSize(keylen);
    size_t vallen = embed ? sdslen(val->ptr) : 0;
    size_t size = sizeof(robj) + (withexpire ? sizeof(long long) : 0) + 1 + keysize +
                  (embed ? sdsEmbedSize(vallen) : 0);

    robj *o = zmalloc(size);
    o->type = val->type;
    o->encoding = val->encoding;
    o->lru = val->lru;
    o->refcount = 1;
    o->hasexpire = withexpire;
    o->haskey = 1;
    o->embval = embed;
    if (withexpire) *(long long *)(o + 1) = expire;
    unsigned char *p = (unsigned char *)o + objectKeyOffset(o);
    size_t hdr = sdsEmbedSize(keylen) - keylen - 1;
    p[0] = (unsigned char)hdr;
    sdsEmbedInit(p + 1, key, keylen);
    p += 1 + keysize;
    if (embed) {
        o->ptr = sdsEmbedInit(p, val->ptr, vallen);
        decrRefCount(val);
    } else if (val->refcount == 1) {
        o->ptr = val->ptr;
        zfree(val); /* the value moved: free only the old header */
    } else {
        serverAssert(val->type == OBJ_STRING);
        o->ptr = val->encoding == OBJ_ENCODING_RAW ? sdsdup(val->ptr) : val->ptr;
        decrRefCount(val);
    }
    return o;
}

/* Set or clear the expire of a keyspace entry.  May reallocate the entry to
 * make room for the field: the caller must store the returned pointer where
 * the old one was. */
robj *objectSetExpire(robj *o, long long expire) {
    serverAssert(o->haskey);
    if (o->hasexpire) {
        *(long long *)(o + 1) = expire;
        return o;
    }
    if (expire == -1) return o;
    size_t oldsize = zmalloc_size(o);
    size_t embval_off = o->embval ? (size_t)((char *)o->ptr - (char *)o) : 0;
    /* Everything after the header moves up by 8 bytes. */
    size_t tail = oldsize - sizeof(robj);
    robj *n = zmalloc(oldsize + sizeof(long long));
    memcpy(n, o, sizeof(robj));
    memcpy((char *)(n + 1) + sizeof(long long), o + 1, tail);
    n->hasexpire = 1;
    *(long long *)(n + 1) = expire;
    if (n->embval) n->ptr = (char *)n + embval_off + sizeof(long long);
    zfree(o);
    return n;
}

/* Overwrite the string value of a keyspace entry in place, when the new
 * value fits the entry's allocation without wasting much of it: the common
 * SET of a value of about the same size then costs no allocation, no free
 * and no hash table update.  'when' is the new expire (-1 for none); it
 * needs the entry to have an expire field already.  Returns 1 if done (the
 * caller still owns its reference to val), 0 if the caller must build a new
 * entry. */
int objectOverwriteStringInPlace(robj *o, robj *val, long long when) {
    if (o->type != OBJ_STRING || val->type != OBJ_STRING || o->refcount != 1) return 0;
    if (when != -1 && !o->hasexpire) return 0;
    unsigned char *keyp = (unsigned char *)o + objectKeyOffset(o);
    size_t valoff = (keyp - (unsigned char *)o) + 1 + keyp[0] + sdslen(objectGetKey(o)) + 1;
    size_t usable = zmalloc_size(o);
    size_t needed = valoff;
    if (val->encoding == OBJ_ENCODING_EMBSTR) needed += sdsEmbedSize(sdslen(val->ptr));
    /* At most a quarter (plus a size class step) left unused. */
    if (needed > usable || usable > needed + needed / 4 + 16) return 0;

    if (o->encoding == OBJ_ENCODING_RAW) sdsfree(o->ptr);
    switch (val->encoding) {
    case OBJ_ENCODING_EMBSTR:
        o->ptr = sdsEmbedInit((char *)o + valoff, val->ptr, sdslen(val->ptr));
        o->embval = 1;
        break;
    case OBJ_ENCODING_INT:
        o->ptr = val->ptr;
        o->embval = 0;
        break;
    default:
        o->ptr = sdsdup(val->ptr);
        o->embval = 0;
    }
    o->encoding = val->encoding;
    if (o->hasexpire) *(long long *)(o + 1) = when;
    if (!evictPolicyIsLFU()) o->lru = val->lru;
    return 1;
}

/* ===========================================================================
 * Strings
 * ======================================================================== */

int isSdsRepresentableAsLongLong(sds s, long long *llval) {
    return string2ll(s, sdslen(s), llval) ? C_OK : C_ERR;
}

int isObjectRepresentableAsLongLong(robj *o, long long *llval) {
    serverAssert(o->type == OBJ_STRING);
    if (o->encoding == OBJ_ENCODING_INT) {
        if (llval) *llval = (long)(intptr_t)o->ptr;
        return C_OK;
    }
    return isSdsRepresentableAsLongLong(o->ptr, llval);
}

/* Give back the slack of a raw string that grew in a query buffer. */
void trimStringObjectIfNeeded(robj *o) {
    if (o->encoding == OBJ_ENCODING_RAW && sdsavail(o->ptr) > sdslen(o->ptr) / 10)
        o->ptr = sdsRemoveFreeSpace(o->ptr, 0);
}

/* Pick the most compact encoding for a string: int, then embstr.  May return
 * a different object (and release the one given). */
robj *tryObjectEncoding(robj *o) {
    long value;
    sds s = o->ptr;
    size_t len;

    if (!sdsEncodedObject(o) || o->refcount > 1) return o;
    len = sdslen(s);
    if (len <= 20 && string2l(s, len, &value)) {
        if (value >= 0 && value < OBJ_SHARED_INTEGERS && !evictPolicyUsesObjectClock()) {
            decrRefCount(o);
            incrRefCount(shared.integers[value]);
            return shared.integers[value];
        }
        if (o->encoding == OBJ_ENCODING_RAW) {
            sdsfree(o->ptr);
            o->encoding = OBJ_ENCODING_INT;
            o->ptr = (void *)(intptr_t)value;
            return o;
        }
        decrRefCount(o);
        return createIntObject(value);
    }
    if (len <= OBJ_ENCODING_EMBSTR_SIZE_LIMIT) {
        if (o->encoding == OBJ_ENCODING_EMBSTR) return o;
        robj *emb = createEmbeddedStringObject(s, len);
        decrRefCount(o);
        return emb;
    }
    trimStringObjectIfNeeded(o);
    return o;
}

/* A string-encoded view of an object (a new reference). */
robj *getDecodedObject(robj *o) {
    if (sdsEncodedObject(o)) {
        incrRefCount(o);
        return o;
    }
    if (o->type == OBJ_STRING && o->encoding == OBJ_ENCODING_INT) {
        char buf[LONG_STR_SIZE];
        int len = ll2string(buf, sizeof(buf), (long)(intptr_t)o->ptr);
        return createStringObject(buf, len);
    }
    serverPanic("Unknown encoding type");
}

size_t stringObjectLen(robj *o) {
    serverAssert(o->type == OBJ_STRING);
    if (sdsEncodedObject(o)) return sdslen(o->ptr);
    return sdigits10((long)(intptr_t)o->ptr);
}

/* Binary comparison of two string objects, whatever their encodings. */
int compareStringObjects(robj *a, robj *b) {
    char bufa[LONG_STR_SIZE], bufb[LONG_STR_SIZE];
    const char *pa, *pb;
    size_t la, lb;
    if (a == b) return 0;
    if (sdsEncodedObject(a)) {
        pa = a->ptr;
        la = sdslen(a->ptr);
    } else {
        la = ll2string(bufa, sizeof(bufa), (long)(intptr_t)a->ptr);
        pa = bufa;
    }
    if (sdsEncodedObject(b)) {
        pb = b->ptr;
        lb = sdslen(b->ptr);
    } else {
        lb = ll2string(bufb, sizeof(bufb), (long)(intptr_t)b->ptr);
        pb = bufb;
    }
    int cmp = memcmp(pa, pb, la < lb ? la : lb);
    if (cmp == 0) return la < lb ? -1 : (la > lb ? 1 : 0);
    return cmp;
}

int equalStringObjects(robj *a, robj *b) {
    if (a->encoding == OBJ_ENCODING_INT && b->encoding == OBJ_ENCODING_INT) return a->ptr == b->ptr;
    return compareStringObjects(a, b) == 0;
}

int getLongLongFromObject(robj *o, long long *target) {
    long long value;
    if (o == NULL) {
        value = 0;
    } else {
        serverAssert(o->type == OBJ_STRING);
        if (sdsEncodedObject(o)) {
            if (!string2ll(o->ptr, sdslen(o->ptr), &value)) return C_ERR;
        } else if (o->encoding == OBJ_ENCODING_INT) {
            value = (long)(intptr_t)o->ptr;
        } else {
            serverPanic("Unknown string encoding");
        }
    }
    if (target) *target = value;
    return C_OK;
}

int getLongDoubleFromObject(robj *o, long double *target) {
    long double value;
    if (o == NULL) {
        value = 0;
    } else if (sdsEncodedObject(o)) {
        if (!string2ld(o->ptr, sdslen(o->ptr), &value)) return C_ERR;
    } else {
        value = (long)(intptr_t)o->ptr;
    }
    *target = value;
    return C_OK;
}

int getDoubleFromObject(const robj *o, double *target) {
    double value;
    if (o == NULL) {
        value = 0;
    } else if (sdsEncodedObject(o)) {
        if (!string2d(o->ptr, sdslen(o->ptr), &value)) return C_ERR;
    } else {
        value = (long)(intptr_t)o->ptr;
    }
    *target = value;
    return C_OK;
}

int getLongLongFromObjectOrReply(client *c, robj *o, long long *target, const char *msg) {
    long long value;
    if (getLongLongFromObject(o, &value) != C_OK) {
        addReplyError(c, msg ? msg : "value is not an integer or out of range");
        return C_ERR;
    }
    *target = value;
    return C_OK;
}

int getRangeLongFromObjectOrReply(client *c, robj *o, long min, long max, long *target, const char *msg) {
    long long value;
    if (getLongLongFromObjectOrReply(c, o, &value, msg) != C_OK) return C_ERR;
    if (value < min || value > max) {
        if (msg) addReplyError(c, msg);
        else addReplyErrorFormat(c, "value is out of range, value must between %ld and %ld", min, max);
        return C_ERR;
    }
    *target = value;
    return C_OK;
}

/* The tail of LMPOP, BLMPOP, ZMPOP and BZMPOP from numkeys on:
 *   numkeys key [key ...] <end0>|<end1> [COUNT count]
 * *end is 0 or 1 for the end named, *count 1 without COUNT.  Replies with
 * the error and returns C_ERR on bad arguments. */
int parseMpopArgsOrReply(client *c, int numkeys_idx, const char *end0, const char *end1, long *numkeys, int *end,
                         long *count) {
    if (getRangeLongFromObjectOrReply(c, c->argv[numkeys_idx], 1, LONG_MAX, numkeys,
                                      "numkeys should be greater than 0") != C_OK)
        return C_ERR;
    /* The keys and the end must all be there (compared without adding, so
     * a huge numkeys cannot overflow). */
    if (*numkeys > c->argc - numkeys_idx - 2) {
        addReplyErrorObject(c, shared.syntaxerr);
        return C_ERR;
    }
    int end_idx = numkeys_idx + (int)*numkeys + 1;
    const char *e = c->argv[end_idx]->ptr;
    if (!strcasecmp(e, end0)) {
        *end = 0;
    } else if (!strcasecmp(e, end1)) {
        *end = 1;
    } else {
        addReplyErrorObject(c, shared.syntaxerr);
        return C_ERR;
    }
    *count = -1;
    for (int j = end_idx + 1; j < c->argc; j++) {
        int moreargs = c->argc - 1 - j;
        if (*count == -1 && !strcasecmp(c->argv[j]->ptr, "count") && moreargs) {
            if (getRangeLongFromObjectOrReply(c, c->argv[++j], 1, LONG_MAX, count, "count should be greater than 0") !=
                C_OK)
                return C_ERR;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return C_ERR;
        }
    }
    if (*count == -1) *count = 1;
    return C_OK;
}

int getLongFromObjectOrReply(client *c, robj *o, long *target, const char *msg) {
    long long value;
    if (getLongLongFromObjectOrReply(c, o, &value, msg) != C_OK) return C_ERR;
    if (value < LONG_MIN || value > LONG_MAX) {
        addReplyError(c, msg ? msg : "value is out of range");
        return C_ERR;
    }
    *target = value;
    return C_OK;
}

int getPositiveLongFromObjectOrReply(client *c, robj *o, long *target, const char *msg) {
    return getRangeLongFromObjectOrReply(c, o, 0, LONG_MAX, target,
                                         msg ? msg : "value is out of range, must be positive");
}

int getIntFromObjectOrReply(client *c, robj *o, int *target, const char *msg) {
    long value;
    if (getRangeLongFromObjectOrReply(c, o, INT_MIN, INT_MAX, &value, msg) != C_OK) return C_ERR;
    *target = value;
    return C_OK;
}

int getLongDoubleFromObjectOrReply(client *c, robj *o, long double *target, const char *msg) {
    long double value;
    if (getLongDoubleFromObject(o, &value) != C_OK) {
        addReplyError(c, msg ? msg : "value is not a valid float");
        return C_ERR;
    }
    *target = value;
    return C_OK;
}

int getDoubleFromObjectOrReply(client *c, robj *o, double *target, const char *msg) {
    double value;
    if (getDoubleFromObject(o, &value) != C_OK) {
        addReplyError(c, msg ? msg : "value is not a valid float");
        return C_ERR;
    }
    *target = value;
    return C_OK;
}

char *strEncoding(int encoding) {
    switch (encoding) {
    case OBJ_ENCODING_RAW: return "raw";
    case OBJ_ENCODING_INT: return "int";
    case OBJ_ENCODING_HT: return "hashtable";
    case OBJ_ENCODING_QUICKLIST: return "quicklist";
    case OBJ_ENCODING_LISTPACK: return "listpack";
    case OBJ_ENCODING_INTSET: return "intset";
    case OBJ_ENCODING_SKIPLIST: return "skiplist";
    case OBJ_ENCODING_EMBSTR: return "embstr";
    case OBJ_ENCODING_STREAM: return "stream";
    case OBJ_ENCODING_ZIPMAP: return "zipmap";
    case OBJ_ENCODING_LINKEDLIST: return "linkedlist";
    case OBJ_ENCODING_ZIPLIST: return "ziplist";
    default: return "unknown";
    }
}

/* ===========================================================================
 * OBJECT command
 * ======================================================================== */

/* Lookup for OBJECT: no expiry side effects on the access clock. */
robj *objectCommandLookup(client *c, robj *key) {
    return lookupKeyReadWithFlags(c->db, key, LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
}

static robj *objectCommandLookupOrReply(client *c, robj *key) {
    robj *o = objectCommandLookup(c, key);
    if (!o) addReplyNull(c);
    return o;
}

void objectEncodingCommand(client *c) {
    robj *o = objectCommandLookupOrReply(c, c->argv[2]);
    if (o) addReplyBulkCString(c, strEncoding(o->encoding));
}

/* A keyspace entry is never shared: it carries its own key. */
void objectRefcountCommand(client *c) {
    robj *o = objectCommandLookupOrReply(c, c->argv[2]);
    if (!o) return;
    addReplyLongLong(c, o->refcount == OBJ_SHARED_REFCOUNT ? INT_MAX : (long long)o->refcount);
}

void objectIdletimeCommand(client *c) {
    robj *o = objectCommandLookupOrReply(c, c->argv[2]);
    if (!o) return;
    if (evictPolicyIsLFU()) {
        addReplyError(c, "An LFU maxmemory policy is selected, idle time not tracked. Please note that "
                         "when switching between policies at runtime LRU and LFU data will take some "
                         "time to adjust.");
        return;
    }
    addReplyLongLong(c, estimateObjectIdleTime(o) / 1000);
}

void objectFreqCommand(client *c) {
    robj *o = objectCommandLookupOrReply(c, c->argv[2]);
    if (!o) return;
    if (!evictPolicyIsLFU()) {
        addReplyError(c, "An LFU maxmemory policy is not selected, access frequency not tracked. Please "
                         "note that when switching between policies at runtime LRU and LFU data will "
                         "take some time to adjust.");
        return;
    }
    addReplyLongLong(c, LFUDecrAndReturn(o));
}

void objectHelpCommand(client *c) {
    const char *help[] = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        NULL};
    addReplyHelp(c, help);
}
