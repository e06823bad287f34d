/* object.h - the value object (robj) and its encodings.
 *
 * Every value in the keyspace is an robj: a 16-byte header (type, encoding,
 * LRU/LFU clock, refcount, flags, ptr) that may carry trailing data in the
 * same allocation:
 *
 *   +-----------+----------------+------------------------+-------------------+
 *   | header 16 | expire (8)     | key: hdrlen(1) + sds   | embedded value sds|
 *   |           | if hasexpire   | if haskey              | if embval         |
 *   +-----------+----------------+------------------------+-------------------+
 *
 * A keyspace entry is one such allocation: the hash table slot points at the
 * object, the object holds its own key, and a short string value lives inside
 * it too ("embstr").  Redis 7.0 spends a dictEntry, a separate key sds and the
 * object for every key; this layout spends one allocation, which is where
 * most of our memory saving per key comes from.
 *
 * Objects that are not in the keyspace (command arguments, shared replies,
 * list elements) have no key and no expire and are plain Redis-style robjs. */
#ifndef OBJECT_H
#define OBJECT_H

#include <stdint.h>
#include "sds.h"

/* Types, as OBJECT/TYPE report them and as RDB stores them. */
#define OBJ_STRING 0
#define OBJ_LIST 1
#define OBJ_SET 2
#define OBJ_ZSET 3
#define OBJ_HASH 4
#define OBJ_MODULE 5
#define OBJ_STREAM 6

/* Encodings, with Redis's numbering. */
#define OBJ_ENCODING_RAW 0
#define OBJ_ENCODING_INT 1
#define OBJ_ENCODING_HT 2
#define OBJ_ENCODING_ZIPMAP 3
#define OBJ_ENCODING_LINKEDLIST 4
#define OBJ_ENCODING_ZIPLIST 5
#define OBJ_ENCODING_INTSET 6
#define OBJ_ENCODING_SKIPLIST 7
#define OBJ_ENCODING_EMBSTR 8
#define OBJ_ENCODING_QUICKLIST 9
#define OBJ_ENCODING_STREAM 10
#define OBJ_ENCODING_LISTPACK 11

#define LRU_BITS 24
#define LRU_CLOCK_MAX ((1 << LRU_BITS) - 1)
#define LRU_CLOCK_RESOLUTION 1000 /* ms */

#define OBJ_REFCOUNT_BITS 29
#define OBJ_SHARED_REFCOUNT ((1u << OBJ_REFCOUNT_BITS) - 1)
#define OBJ_SHARED_INTEGERS 10000
/* Strings up to this length are stored inside the object (embstr). */
#define OBJ_ENCODING_EMBSTR_SIZE_LIMIT 44
#define OBJ_STATIC_REFCOUNT (OBJ_SHARED_REFCOUNT - 1)

typedef struct redisObject {
    unsigned type : 4;
    unsigned encoding : 4;
    unsigned lru : LRU_BITS;
    unsigned refcount : OBJ_REFCOUNT_BITS;
    unsigned hasexpire : 1; /* an expire field follows the header */
    unsigned haskey : 1;    /* an embedded key follows */
    unsigned embval : 1;    /* ptr points to an sds inside this allocation */
    void *ptr;
} robj;

/* Creating and releasing. */
robj *createObject(int type, void *ptr);
robj *createStringObject(const char *ptr, size_t len);
robj *createRawStringObject(const char *ptr, size_t len);
robj *createEmbeddedStringObject(const char *ptr, size_t len);
robj *createStringObjectFromLongLong(long long value);
robj *createStringObjectFromLongLongForValue(long long value);
robj *createStringObjectFromLongDouble(long double value, int humanfriendly);
robj *tryCreateRawStringObject(const char *ptr, size_t len);
robj *dupStringObject(const robj *o);
robj *makeObjectShared(robj *o);
void incrRefCount(robj *o);
void decrRefCount(robj *o);
void decrRefCountVoid(void *o);
robj *resetRefCount(robj *obj);

/* Keyspace entries: key and expire embedded in the value object. */
sds objectGetKey(const robj *o);
long long objectGetExpire(const robj *o);
robj *objectSetKeyAndExpire(robj *o, const sds key, long long expire);
robj *objectSetExpire(robj *o, long long expire);
int objectOverwriteStringInPlace(robj *o, robj *val, long long when);

/* Strings. */
robj *tryObjectEncoding(robj *o);
robj *getDecodedObject(robj *o);
size_t stringObjectLen(robj *o);
int getLongLongFromObject(robj *o, long long *target);
int getLongDoubleFromObject(robj *o, long double *target);
int getDoubleFromObject(const robj *o, double *target);
int compareStringObjects(robj *a, robj *b);
int equalStringObjects(robj *a, robj *b);
int isSdsRepresentableAsLongLong(sds s, long long *llval);
int isObjectRepresentableAsLongLong(robj *o, long long *llongval);
char *strEncoding(int encoding);
void trimStringObjectIfNeeded(robj *o);

/* A string object on the stack, wrapping an sds the caller owns. */
#define initStaticStringObject(_var, _ptr) \
    do { \
        (_var).refcount = OBJ_STATIC_REFCOUNT; \
        (_var).type = OBJ_STRING; \
        (_var).encoding = OBJ_ENCODING_RAW; \
        (_var).hasexpire = 0; \
        (_var).haskey = 0; \
        (_var).embval = 0; \
        (_var).ptr = (_ptr); \
    } while (0)

#define sdsEncodedObject(objptr) ((objptr)->encoding == OBJ_ENCODING_RAW || (objptr)->encoding == OBJ_ENCODING_EMBSTR)

#endif
