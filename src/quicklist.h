/* quicklist.h - a doubly linked list of listpacks: the list type.
 *
 * See quicklist.c for the node layout, the fill and compression rules.
 * Elements are byte strings; a listpack stores those that look like
 * integers as integers, so a read gives either a string (value, sz) or an
 * integer (value == NULL, longval).
 *
 * This module knows nothing of the server: it includes only listpack.h,
 * zmalloc.h and util.h, and liblzf for compression. */
#ifndef QUICKLIST_H
#define QUICKLIST_H

#include <stddef.h>

/* Node encodings and containers (the container numbers are the ones RDB
 * writes for each node of a QUICKLIST_2 list). */
#define QUICKLIST_NODE_ENCODING_RAW 1
#define QUICKLIST_NODE_ENCODING_LZF 2
#define QUICKLIST_NODE_CONTAINER_PLAIN 1
#define QUICKLIST_NODE_CONTAINER_PACKED 2

#define QL_NODE_IS_PLAIN(node) ((node)->container == QUICKLIST_NODE_CONTAINER_PLAIN)

/* One node: a listpack (PACKED) or a single large element (PLAIN), possibly
 * LZF-compressed.  sz is always the uncompressed size in bytes. */
typedef struct quicklistNode {
    struct quicklistNode *prev;
    struct quicklistNode *next;
    unsigned char *entry;           /* listpack, raw element, or quicklistLZF */
    size_t sz;                      /* uncompressed byte size of entry */
    unsigned int count : 16;        /* elements in this node */
    unsigned int encoding : 2;      /* RAW or LZF */
    unsigned int container : 2;     /* PLAIN or PACKED */
    unsigned int recompress : 1;    /* decompressed for a moment, compress back */
    unsigned int dont_compress : 1; /* keep raw while an operation uses it */
    unsigned int extra : 10;
} quicklistNode;

/* A compressed node's entry: the LZF bytes and their count. */
typedef struct quicklistLZF {
    size_t sz; /* compressed bytes */
    char compressed[];
} quicklistLZF;

typedef struct quicklist {
    quicklistNode *head;
    quicklistNode *tail;
    unsigned long count; /* total elements */
    unsigned long len;   /* number of nodes */
    signed int fill : 16;          /* list-max-listpack-size */
    unsigned int compress : 16;    /* list-compress-depth, 0 = off */
} quicklist;

typedef struct quicklistIter {
    quicklist *quicklist;
    quicklistNode *current;
    unsigned char *zi; /* current listpack entry, NULL before the first read */
    long offset;       /* index of zi inside the current node */
    int direction;
} quicklistIter;

/* One element as returned by quicklistNext() and friends. */
typedef struct quicklistEntry {
    const quicklist *quicklist;
    quicklistNode *node;
    unsigned char *zi;     /* its listpack entry (or the plain node's data) */
    unsigned char *value;  /* string bytes, NULL for an integer */
    long long longval;     /* the integer when value == NULL */
    size_t sz;             /* string length */
    int offset;            /* index inside the node */
} quicklistEntry;

#define QUICKLIST_HEAD 0
#define QUICKLIST_TAIL -1

/* Iteration directions. */
#define AL_START_HEAD 0
#define AL_START_TAIL 1

/* Limits of the configuration values. */
#define FILL_MAX ((1 << 15) - 1)
#define COMPRESS_MAX ((1 << 16) - 1)

#define quicklistNodeIsCompressed(node) ((node)->encoding == QUICKLIST_NODE_ENCODING_LZF)

/* ---- Creation, options, release ---------------------------------------- */

quicklist *quicklistCreate(void);           /* fill -2, no compression */
quicklist *quicklistNew(int fill, int compress);
void quicklistSetCompressDepth(quicklist *quicklist, int depth);
void quicklistSetFill(quicklist *quicklist, int fill);
void quicklistSetOptions(quicklist *quicklist, int fill, int depth);
void quicklistRelease(quicklist *quicklist);
quicklist *quicklistDup(quicklist *orig);

/* Elements of at least this many bytes go alone into PLAIN nodes (default
 * 1GB).  0 restores the default.  Returns 0 (and changes nothing) for a
 * value too close to 4GB. */
int quicklistSetPackedThreshold(size_t sz);

/* ---- Adding ------------------------------------------------------------ */

/* Push a copy of value[0..sz).  PushHead/PushTail return 1 if a new node
 * was created. */
int quicklistPushHead(quicklist *quicklist, void *value, const size_t sz);
int quicklistPushTail(quicklist *quicklist, void *value, const size_t sz);
void quicklistPush(quicklist *quicklist, void *value, const size_t sz, int where);
/* Append a whole node (RDB loading); the quicklist takes ownership.  A
 * node counts at most 65535 elements: a loader must reject (or split) a
 * listpack with more before handing it over. */
void quicklistAppendListpack(quicklist *quicklist, unsigned char *zl);
void quicklistAppendPlainNode(quicklist *quicklist, unsigned char *data, size_t sz);
/* Insert next to the element `entry` found by the iterator.  The iterator
 * must not be used for anything but release afterwards. */
void quicklistInsertBefore(quicklistIter *iter, quicklistEntry *entry, void *value, const size_t sz);
void quicklistInsertAfter(quicklistIter *iter, quicklistEntry *entry, void *value, const size_t sz);

/* ---- Changing and removing --------------------------------------------- */

/* Replace the element `entry`; the iterator can only be released after. */
void quicklistReplaceEntry(quicklistIter *iter, quicklistEntry *entry, void *data, size_t sz);
/* Replace the element at index (negative: from the tail).  Returns 1 if
 * the index existed. */
int quicklistReplaceAtIndex(quicklist *quicklist, long index, void *data, const size_t sz);
/* Delete the element `entry` while iterating: the next quicklistNext()
 * returns the element after it (in the iteration direction). */
void quicklistDelEntry(quicklistIter *iter, quicklistEntry *entry);
/* Delete count elements from index start.  Returns 1 if anything could be
 * deleted. */
int quicklistDelRange(quicklist *quicklist, const long start, const long count);
/* Move the tail element to the head. */
void quicklistRotate(quicklist *quicklist);
/* Remove the head or tail element.  A string is handed to saver(), whose
 * result goes to *data (with *sz); an integer goes to *sval with *data set
 * to NULL.  Returns 0 if the list is empty. */
int quicklistPopCustom(quicklist *quicklist, int where, unsigned char **data, size_t *sz,
                       long long *sval, void *(*saver)(unsigned char *data, size_t sz));
/* quicklistPopCustom() with a saver that returns a zmalloc'ed copy. */
int quicklistPop(quicklist *quicklist, int where, unsigned char **data, size_t *sz, long long *slong);

/* ---- Reading ----------------------------------------------------------- */

quicklistIter *quicklistGetIterator(quicklist *quicklist, int direction);
/* An iterator whose first quicklistNext() returns the element at idx
 * (negative: from the tail); NULL if out of range. */
quicklistIter *quicklistGetIteratorAtIdx(quicklist *quicklist, int direction, const long long idx);
/* Fill *entry with the element at index and return the iterator positioned
 * on it (to be released by the caller), or NULL if out of range. */
quicklistIter *quicklistGetIteratorEntryAtIdx(quicklist *quicklist, const long long index,
                                              quicklistEntry *entry);
/* Next element in the iterator's direction; 0 when done. */
int quicklistNext(quicklistIter *iter, quicklistEntry *entry);
void quicklistSetDirection(quicklistIter *iter, int direction);
void quicklistReleaseIterator(quicklistIter *iter);

unsigned long quicklistCount(const quicklist *ql);
/* 1 if the element equals p2[0..p2_len). */
int quicklistCompare(quicklistEntry *entry, unsigned char *p2, const size_t p2_len);
/* The LZF bytes of a compressed node; returns their count. */
size_t quicklistGetLzf(const quicklistNode *node, void **data);

/* ---- Debugging --------------------------------------------------------- */

/* Print the node layout (DEBUG QUICKLIST key [full]) to stdout; with full,
 * each node's content too. */
void quicklistRepr(unsigned char *ql, int full);

#endif /* QUICKLIST_H */
