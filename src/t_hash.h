/* t_hash.h - the hash type.
 *
 * A hash value is an robj of type OBJ_HASH, encoded as:
 *   OBJ_ENCODING_LISTPACK  ptr is a listpack of field, value, field, value...
 *                          while there are at most hash-max-listpack-entries
 *                          fields and none, nor any value, is longer than
 *                          hash-max-listpack-value bytes;
 *   OBJ_ENCODING_HT        ptr is a dict (dict.h) whose elements are
 *                          field/value pairs, each one allocation (the
 *                          layout is described at the top of t_hash.c).
 *
 * A hash starts as a listpack and is converted for good to a hash table
 * when it outgrows either limit; it never goes back.  A hash in the
 * keyspace is never empty: the commands delete the key with its last field.
 *
 * Besides the hooks the keyspace calls (free, COPY, DEBUG DIGEST, HSCAN),
 * this header offers a small reading and writing API for other modules
 * (SORT's "->field" patterns, persistence): it hides the encoding. */
#ifndef T_HASH_H
#define T_HASH_H

#include "server.h"

/* ---- Hooks used by object.c, db.c and debug.c -------------------------- */

/* An empty hash, listpack encoded (callers add fields before storing it). */
robj *createHashObject(void);
void freeHashObject(robj *o);
/* A deep copy with the same encoding (COPY). */
robj *hashTypeDup(robj *o);
/* Mix the content into a DEBUG DIGEST: per pair, a digest of field then
 * value from a zeroed digest; the pairs' digests XORed; the XOR mixed in
 * once.  The same content gives the same digest in either encoding. */
void hashTypeDigest(robj *o, unsigned char *digest);
/* HSCAN's walk: field, value pairs (see scanCollector in server.h). */
unsigned long hashTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc);

/* ---- Reading and writing from other modules ----------------------------- */

/* Number of fields. */
unsigned long hashTypeLength(const robj *o);
/* 1 if the field field[0..len) is in the hash. */
int hashTypeExistsBuf(robj *o, const char *field, size_t len);
/* The value of field[0..len) as a NEW string object (the caller owns the
 * reference and must decrRefCount it), or NULL if the field is missing.
 * This is what SORT's BY / GET "key->field" patterns need. */
robj *hashTypeGetValueObject(robj *o, const char *field, size_t len);
/* Set field to value, converting the encoding when a limit is passed.
 * Returns 1 if the field existed (its value was replaced), 0 if added. */
int hashTypeSetBuf(robj *o, const char *field, size_t flen, const char *value, size_t vlen);
/* Remove a field.  Returns 1 if it was there.  The caller deletes the key
 * if the hash became empty. */
int hashTypeDeleteBuf(robj *o, const char *field, size_t len);

/* Walking every pair, in the encoding's order:
 *
 *     hashTypeIterator *hi = hashTypeInitIterator(o);
 *     while (hashTypeNext(hi)) {
 *         hashTypeCurrentField(hi, &str, &len, &ll);
 *         hashTypeCurrentValue(hi, &str, &len, &ll);
 *     }
 *     hashTypeReleaseIterator(hi);
 *
 * The current item is either a string (str set, len bytes, valid until the
 * next call) or, for listpack integers, a number (str NULL, ll set).  The
 * hash must not be modified while an iterator is open. */
typedef struct hashTypeIterator hashTypeIterator;
hashTypeIterator *hashTypeInitIterator(robj *o);
int hashTypeNext(hashTypeIterator *hi); /* 1: a pair is current; 0: done */
void hashTypeCurrentField(hashTypeIterator *hi, const char **str, size_t *len, long long *ll);
void hashTypeCurrentValue(hashTypeIterator *hi, const char **str, size_t *len, long long *ll);
void hashTypeReleaseIterator(hashTypeIterator *hi);

#endif
