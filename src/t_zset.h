/* t_zset.h - the sorted set type.
 *
 * A sorted set value is an robj of type OBJ_ZSET, encoded as:
 *   OBJ_ENCODING_LISTPACK  ptr is a listpack of member, score, member,
 *                          score... in score order, while there are at most
 *                          zset-max-listpack-entries members of at most
 *                          zset-max-listpack-value bytes;
 *   OBJ_ENCODING_SKIPLIST  ptr is a zset: a skiplist (skiplist.h) for order
 *                          and a dict (dict.h) whose elements are the
 *                          skiplist nodes, for lookup by member. */
#ifndef T_ZSET_H
#define T_ZSET_H

#include "server.h"
#include "skiplist.h"

typedef struct zset {
    dict *dict;
    zskiplist *zsl;
} zset;

robj *createZsetObject(void);
robj *createZsetListpackObject(void);
void freeZsetObject(robj *o);
robj *zsetTypeDup(robj *o);
void zsetTypeDigest(robj *o, unsigned char *digest);
/* ZSCAN's walk: member, score pairs (see scanCollector in server.h). */
unsigned long zsetTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc);

#endif
