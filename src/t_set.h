/* t_set.h - the set type.
 *
 * A set value is an robj of type OBJ_SET, encoded as:
 *   OBJ_ENCODING_INTSET  ptr is an intset (intset.h), while every member is
 *                        an integer and there are at most
 *                        set-max-intset-entries of them;
 *   OBJ_ENCODING_HT      ptr is a dict (dict.h) of the members. */
#ifndef T_SET_H
#define T_SET_H

#include "server.h"

robj *createSetObject(void);
robj *createIntsetObject(void);
void freeSetObject(robj *o);
robj *setTypeDup(robj *o);
void setTypeDigest(robj *o, unsigned char *digest);
/* SSCAN's walk (see scanCollector in server.h). */
unsigned long setTypeScan(robj *o, unsigned long cursor, long count, scanCollector *sc);

/* Reading a set from other types' commands (ZUNIONSTORE and friends accept
 * sets, SORT sorts them). */
typedef struct setTypeIterator setTypeIterator;
unsigned long setTypeSize(const robj *o);
/* 1 if the member is in the set. */
int setTypeIsMemberBuf(robj *o, const char *str, size_t len);
setTypeIterator *setTypeInitIterator(robj *o);
/* The next member: 0 at the end.  Otherwise 1 with either *str and *len set
 * (a string member; valid until the next call) or *str NULL and *llval set
 * (an integer member). */
int setTypeNext(setTypeIterator *si, char **str, size_t *len, int64_t *llval);
void setTypeReleaseIterator(setTypeIterator *si);

/* Building and changing a set (also for loaders and other types' commands).
 * setTypeCreate makes the empty set that SADD would make for a first member
 * str: an intset if it is an integer, else a hash table.  The add, remove and
 * member functions take the member as an sds, an integer or a buffer; add
 * and remove return 1 if the set changed, and add converts the encoding as
 * needed (see the top of t_set.c).  A set emptied by setTypeRemove* stays
 * in place: deleting its key is the caller's job. */
robj *setTypeCreate(const char *first, size_t len);
int setTypeAdd(robj *o, sds member);
int setTypeAddInt(robj *o, long long v);
int setTypeAddBuf(robj *o, const char *str, size_t len);
int setTypeRemove(robj *o, sds member);
int setTypeRemoveInt(robj *o, long long v);
int setTypeIsMember(robj *o, sds member);
int setTypeIsMemberInt(robj *o, long long v);
/* Convert an intset set to OBJ_ENCODING_HT (the only conversion there is). */
void setTypeConvert(robj *o, int encoding);

#endif
