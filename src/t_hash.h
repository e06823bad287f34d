/* t_hash.h - the hash type.
 *
 * A hash value is an robj of type OBJ_HASH, encoded as:
 *   OBJ_ENCODING_LISTPACK  ptr is a listpack of field, value, field, value...
 *                          while there are at most hash-max-listpack-entries
 *                          fields and none, nor any value, is longer than
 *                          hash-max-listpack-value bytes;
 *   OBJ_ENCODING_HT        ptr is a dict (dict.h) of field/value entries. */
#ifndef T_HASH_H
#define T_HASH_H

#include "server.h"

robj *createHashObject(void);
void freeHashObject(robj *o);
robj *hashTypeDup(robj *o);
void hashTypeDigest(robj *o, unsigned char *digest);
/* HSCAN's walk: field, value pairs (see scanCollector in server.h). */
unsigned long hashTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc);

#endif
