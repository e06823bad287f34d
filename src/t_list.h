/* t_list.h - the list type: a quicklist of listpacks.
 *
 * A list value is an robj of type OBJ_LIST, encoding OBJ_ENCODING_QUICKLIST
 * (OBJECT ENCODING says "quicklist" for every list, as Redis 7.0 does),
 * whose ptr is a quicklist (quicklist.h) created with the server's
 * list-max-listpack-size and list-compress-depth at the time the list is
 * created.  Elements of at least the packed threshold (DEBUG
 * QUICKLIST-PACKED-THRESHOLD) sit alone in plain nodes; quicklist.c decides.
 *
 * A list is never empty: every command that removes elements deletes the
 * key when the last one goes.
 *
 * This header is the list API other modules use (SORT reads lists and
 * stores its result as one; db.c and debug.c use the hooks).  Everything
 * that knows the encoding is in the first half of t_list.c. */
#ifndef T_LIST_H
#define T_LIST_H

#include "server.h"
#include "quicklist.h"

/* Ends of a list, for push and pop. */
#define LIST_HEAD 0
#define LIST_TAIL 1

/* ---- Hooks used by object.c, db.c (COPY) and debug.c ------------------- */

/* A new empty list with the current list-* configuration. */
robj *createQuicklistObject(void);
/* Free o->ptr (called by decrRefCount). */
void freeListObject(robj *o);
/* A deep copy (COPY); the copy keeps the original's fill and depth. */
robj *listTypeDup(robj *o);
/* Mix the elements, in order, into a DEBUG DIGEST (debug.h).  Integers
 * and strings mix by their string form, so the digest does not depend on
 * how the listpack happens to store an element. */
void listTypeDigest(robj *o, unsigned char *digest);

/* ---- Reading and writing a list (for SORT and other users) ------------- */

unsigned long listTypeLength(const robj *o);

/* Push a copy of the string object value (any string encoding) at the
 * LIST_HEAD or LIST_TAIL end.  Does not signal anything: callers that
 * push onto a list stored in the keyspace call signalKeyAsReady() etc. */
void listTypePush(robj *o, robj *value, int where);
/* Remove the element at one end and return it as a new string object,
 * or NULL when the list is empty.  The caller deletes the key if the list
 * became empty. */
robj *listTypePop(robj *o, int where);
/* Delete count elements from index start (negative: from the tail). */
void listTypeDelRange(robj *o, long start, long count);

/* Iteration.
 *
 *   listTypeIterator *li = listTypeInitIterator(o, 0, LIST_TAIL);
 *   listTypeEntry e;
 *   while (listTypeNext(li, &e)) {
 *       if (e.sval) use(e.sval, e.slen); else use_integer(e.lval);
 *   }
 *   listTypeReleaseIterator(li);
 *
 * index is where to start (negative: from the tail; out of range: the
 * iteration is empty).  direction LIST_TAIL walks towards the tail (head
 * to tail), LIST_HEAD towards the head.  An element is handed out as
 * bytes (sval, slen; they point inside the list and stay valid only until
 * the next listTypeNext or a change of the list) or, when the list stores
 * it as an integer, as sval == NULL and lval.  listTypeGet() makes a string
 * object of the current element.  The list must not be changed while an
 * iterator is open, except through listTypeDelete(). */
typedef struct listTypeIterator listTypeIterator;

typedef struct listTypeEntry {
    unsigned char *sval; /* string bytes, or NULL for an integer */
    size_t slen;
    long long lval;      /* the integer when sval == NULL */
    /* Private to t_list.c. */
    listTypeIterator *li;
    quicklistEntry qe;
} listTypeEntry;

listTypeIterator *listTypeInitIterator(robj *o, long index, int direction);
int listTypeNext(listTypeIterator *li, listTypeEntry *entry);
void listTypeReleaseIterator(listTypeIterator *li);
/* The current element as a new string object. */
robj *listTypeGet(listTypeEntry *entry);
/* 1 if the current element equals the string object o. */
int listTypeEqual(listTypeEntry *entry, robj *o);
/* Delete the current element; the iteration goes on with the next one. */
void listTypeDelete(listTypeIterator *li, listTypeEntry *entry);

#endif
