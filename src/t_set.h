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

#endif
