/* quicklist.c - a doubly linked list of listpacks: the list type.
 *
 * LAYOUT
 * ------
 *
 *   quicklist: head, tail, count (elements), len (nodes), fill, compress
 *
 *      head                                                   tail
 *       |                                                       |
 *       v                                                       v
 *   +--------+     +--------+     +--------+     +--------+  +--------+
 *   | PACKED |<--->| PACKED |<--->| PLAIN  |<--->| PACKED |<>| PACKED |
 *   |  RAW   |     |  LZF   |     |  LZF   |     |  LZF   |  |  RAW   |
 *   | lp: 5  |     | lp: 9  |     | 1 elem |     | lp: 7  |  | lp: 2  |
 *   +--------+     +--------+     +--------+     +--------+  +--------+
 *
 * Each node holds either a listpack of up to 65535 elements (container
 * PACKED) or one single element of at least `packed_threshold` bytes stored
 * as bare bytes (container PLAIN, see quicklistSetPackedThreshold(); 1GB by
 * default, so in practice only tests lower it).  node->sz is the byte size
 * of the listpack or of the element, node->count its element count.
 *
 * HOW FULL A NODE GETS: the fill factor (list-max-listpack-size)
 * -------------------------------------------------------------
 *   fill -1..-5   a node's listpack may grow to 4k, 8k, 16k, 32k, 64k bytes
 *   fill > 0      at most `fill` elements per node, and in any case no more
 *                 than 8k bytes (a safety limit against huge nodes)
 * The size test is an estimate done before inserting: current node bytes +
 * element length + 8 bytes of overhead.  An element may go into an existing
 * node only if that estimate passes; otherwise it goes to a neighbour node
 * with room or to a new node.  An element larger than the bound still gets
 * a (packed) node of its own.  Replacing an element in place does not
 * check the fill (as in Redis 7.0), so a node may outgrow it that way.
 *
 * When an insertion in the middle of a full node has to split it, the node
 * is cut in two at the insertion point, and afterwards the nodes around the
 * split are merged back pairwise where the fill rule allows it (estimated
 * merged size = both sizes - 11 bytes, see LP_MERGE_SAVING).
 * Deletions never merge nodes; they only free nodes that became empty.
 *
 * COMPRESSION (list-compress-depth)
 * ---------------------------------
 * With depth N > 0, the N nodes at each end stay raw (they are where
 * pushes and pops happen) and every inner node is stored LZF-compressed,
 * provided that:
 *   - the node has at least 48 bytes (smaller ones are left raw), and
 *   - compression saves more than 8 bytes (otherwise it stays raw).
 * A compressed node's entry points to a quicklistLZF (compressed length +
 * bytes); node->sz remains the uncompressed size.  Whenever an operation
 * needs an inner node it decompresses it and sets `recompress`, and
 * compresses it again when done.  After any change of the node list (insert
 * or delete of a node) the depth rule is re-applied from both ends, which
 * also decompresses nodes that moved into the raw zone.  The head and tail
 * are never compressed.  PLAIN nodes follow the same rules.
 *
 * ITERATORS
 * ---------
 * An iterator holds the current node and the offset in it; the current
 * node is decompressed while the iterator is on it.  quicklistDelEntry()
 * keeps the iterator valid; an insertion or replacement through an
 * iterator ends its useful life (it can only be released). */
#include "quicklist.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <liblzf/lzf.h>

#include "listpack.h"
#include "util.h"
#include "zmalloc.h"

/* liblzf does not clear its hash table, by design (stale entries are
 * bounds-checked and only cost compression ratio), which valgrind reports
 * as reads of uninitialised memory.  When valgrind's headers are around,
 * silence reports for the duration of the call; outside valgrind the
 * client requests are a few no-op instructions. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define QL_LZF_QUIET_BEGIN() VALGRIND_DISABLE_ERROR_REPORTING
#define QL_LZF_QUIET_END() VALGRIND_ENABLE_ERROR_REPORTING
#endif
#endif
#ifndef QL_LZF_QUIET_BEGIN
#define QL_LZF_QUIET_BEGIN() ((void)0)
#define QL_LZF_QUIET_END() ((void)0)
#endif

/* Size bounds for negative fill values -1 .. -5. */
static const size_t fill_size_limit[] = {4096, 8192, 16384, 32768, 65536};
/* Positive fill never lets a node grow beyond this. */
#define SIZE_SAFETY_LIMIT 8192
/* Over-estimate of the bytes an element adds beyond its own length. */
#define SIZE_ESTIMATE_OVERHEAD 8
/* Estimated bytes saved when two listpacks become one.  The real saving
 * is 7 (a 6-byte header and a terminator); Redis 7.0 still subtracts 11
 * (the ziplist figure), which lets merges go up to 4 bytes past the size
 * bound.  Node layouts are visible in RDB files, so we do the same. */
#define LP_MERGE_SAVING 11

/* Nodes under this size are never compressed. */
#define MIN_COMPRESS_BYTES 48
/* Compression must save more than this many bytes to be kept. */
#define MIN_COMPRESS_IMPROVE 8

#define PACKED_THRESHOLD_DEFAULT ((size_t)1 << 30)
static size_t packed_threshold = PACKED_THRESHOLD_DEFAULT;

static inline int isLargeElement(size_t sz) {
    return sz >= packed_threshold;
}

int quicklistSetPackedThreshold(size_t sz) {
    /* Element sizes are stored in 32 bits in places: keep clear of 4GB. */
    if (sz > ((size_t)1 << 32) - ((size_t)1 << 20)) return 0;
    packed_threshold = sz ? sz : PACKED_THRESHOLD_DEFAULT;
    return 1;
}

/* ------------------------------------------------------------------------
 * Creation and options
 * ------------------------------------------------------------------------ */

quicklist *quicklistCreate(void) {
    quicklist *ql = zmalloc(sizeof(*ql));
    ql->head = ql->tail = NULL;
    ql->count = 0;
    ql->len = 0;
    ql->fill = -2;
    ql->compress = 0;
    return ql;
}

void quicklistSetCompressDepth(quicklist *ql, int depth) {
    if (depth > COMPRESS_MAX) depth = COMPRESS_MAX;
    else if (depth < 0) depth = 0;
    ql->compress = (unsigned int)depth;
}

void quicklistSetFill(quicklist *ql, int fill) {
    if (fill > FILL_MAX) fill = FILL_MAX;
    else if (fill < -5) fill = -5;
    ql->fill = fill;
}

void quicklistSetOptions(quicklist *ql, int fill, int depth) {
    quicklistSetFill(ql, fill);
    quicklistSetCompressDepth(ql, depth);
}

quicklist *quicklistNew(int fill, int compress) {
    quicklist *ql = quicklistCreate();
    quicklistSetOptions(ql, fill, compress);
    return ql;
}

static quicklistNode *qlNodeCreate(void) {
    quicklistNode *node = zmalloc(sizeof(*node));
    node->prev = node->next = NULL;
    node->entry = NULL;
    node->sz = 0;
    node->count = 0;
    node->encoding = QUICKLIST_NODE_ENCODING_RAW;
    node->container = QUICKLIST_NODE_CONTAINER_PACKED;
    node->recompress = 0;
    node->dont_compress = 0;
    node->extra = 0;
    return node;
}

static quicklistNode *qlPlainNodeCreate(const void *value, size_t sz) {
    quicklistNode *node = qlNodeCreate();
    node->entry = zmalloc(sz);
    memcpy(node->entry, value, sz);
    node->sz = sz;
    node->count = 1;
    node->container = QUICKLIST_NODE_CONTAINER_PLAIN;
    return node;
}

static inline void qlNodeUpdateSz(quicklistNode *node) {
    node->sz = lpBytes(node->entry);
}

unsigned long quicklistCount(const quicklist *ql) {
    return ql->count;
}

void quicklistRelease(quicklist *ql) {
    quicklistNode *node = ql->head;
    while (node) {
        quicklistNode *next = node->next;
        zfree(node->entry);
        zfree(node);
        node = next;
    }
    zfree(ql);
}

/* ------------------------------------------------------------------------
 * Compression
 * ------------------------------------------------------------------------ */

/* Try to compress a raw inner node; 1 if it is now LZF. */
static int qlNodeCompress(quicklistNode *node) {
    if (!node || node->encoding != QUICKLIST_NODE_ENCODING_RAW) return 0;
    if (node->dont_compress) return 0;
    node->recompress = 0;
    /* The ends of the list always stay raw. */
    if (!node->prev || !node->next) return 0;
    if (node->sz < MIN_COMPRESS_BYTES) return 0;

    quicklistLZF *lzf = zmalloc(sizeof(*lzf) + node->sz);
    QL_LZF_QUIET_BEGIN();
    lzf->sz = lzf_compress(node->entry, (unsigned int)node->sz, lzf->compressed, (unsigned int)node->sz);
    QL_LZF_QUIET_END();
    if (lzf->sz == 0 || lzf->sz + MIN_COMPRESS_IMPROVE >= node->sz) {
        zfree(lzf);
        return 0;
    }
    lzf = zrealloc(lzf, sizeof(*lzf) + lzf->sz);
    zfree(node->entry);
    node->entry = (unsigned char *)lzf;
    node->encoding = QUICKLIST_NODE_ENCODING_LZF;
    return 1;
}

/* Decompress a node if it is compressed. */
static void qlNodeDecompress(quicklistNode *node) {
    if (!node || node->encoding != QUICKLIST_NODE_ENCODING_LZF) return;
    quicklistLZF *lzf = (quicklistLZF *)node->entry;
    unsigned char *raw = zmalloc(node->sz);
    unsigned int n = lzf_decompress(lzf->compressed, (unsigned int)lzf->sz, raw, (unsigned int)node->sz);
    assert(n == node->sz);
    zfree(lzf);
    node->entry = raw;
    node->encoding = QUICKLIST_NODE_ENCODING_RAW;
}

/* Decompress a node to work on it, remembering to compress it back. */
static void qlNodeDecompressForUse(quicklistNode *node) {
    if (node && node->encoding == QUICKLIST_NODE_ENCODING_LZF) {
        qlNodeDecompress(node);
        node->recompress = 1;
    }
}

/* Compress back a node decompressed by qlNodeDecompressForUse(). */
static void qlNodeRecompressOnly(quicklistNode *node) {
    if (node && node->recompress) qlNodeCompress(node);
}

/* Re-apply the depth rule: the `compress` nodes at each end raw, the node
 * just past them (on each side) compressed, and `node` (if given and not
 * inside the raw zone) compressed too.  Nodes farther inside are assumed to
 * be compressed already. */
static void qlApplyDepth(quicklist *ql, quicklistNode *node) {
    if (ql->len == 0 || ql->compress == 0) return;
    if (ql->len < (unsigned long)ql->compress * 2) return;

    quicklistNode *fwd = ql->head, *rev = ql->tail;
    int node_in_zone = 0;
    for (unsigned int d = 0; d < ql->compress; d++) {
        qlNodeDecompress(fwd);
        qlNodeDecompress(rev);
        if (fwd == node || rev == node) node_in_zone = 1;
        /* The raw zones met: nothing is left to compress. */
        if (fwd == rev || fwd->next == rev) return;
        fwd = fwd->next;
        rev = rev->prev;
    }
    if (!node_in_zone) qlNodeCompress(node);
    qlNodeCompress(fwd);
    qlNodeCompress(rev);
}

/* Compress `node` back after use, or re-apply the depth rule around it. */
static void qlCompress(quicklist *ql, quicklistNode *node) {
    if (node->recompress) qlNodeCompress(node);
    else qlApplyDepth(ql, node);
}

size_t quicklistGetLzf(const quicklistNode *node, void **data) {
    quicklistLZF *lzf = (quicklistLZF *)node->entry;
    *data = lzf->compressed;
    return lzf->sz;
}

/* ------------------------------------------------------------------------
 * Node list management
 * ------------------------------------------------------------------------ */

/* Link new_node after (or before) old_node; old_node NULL only when the
 * list is empty. */
static void qlInsertNode(quicklist *ql, quicklistNode *old_node, quicklistNode *new_node, int after) {
    if (after) {
        new_node->prev = old_node;
        if (old_node) {
            new_node->next = old_node->next;
            if (old_node->next) old_node->next->prev = new_node;
            old_node->next = new_node;
        }
        if (ql->tail == old_node) ql->tail = new_node;
    } else {
        new_node->next = old_node;
        if (old_node) {
            new_node->prev = old_node->prev;
            if (old_node->prev) old_node->prev->next = new_node;
            old_node->prev = new_node;
        }
        if (ql->head == old_node) ql->head = new_node;
    }
    if (ql->len == 0) ql->head = ql->tail = new_node;
    ql->len++;
    if (old_node) qlCompress(ql, old_node);
    qlCompress(ql, new_node);
}

/* Unlink and free a node, its elements leaving the count. */
static void qlDelNode(quicklist *ql, quicklistNode *node) {
    if (node->next) node->next->prev = node->prev;
    if (node->prev) node->prev->next = node->next;
    if (node == ql->tail) ql->tail = node->prev;
    if (node == ql->head) ql->head = node->next;
    ql->len--;
    ql->count -= node->count;
    /* Nodes may have entered the raw zone at the ends. */
    qlApplyDepth(ql, NULL);
    zfree(node->entry);
    zfree(node);
}

/* Delete the element at *p in node (decompressed).  *p then addresses the
 * following element of the node (or is NULL).  Returns 1 if the node was
 * freed. */
static int qlDelIndex(quicklist *ql, quicklistNode *node, unsigned char **p) {
    if (QL_NODE_IS_PLAIN(node)) {
        qlDelNode(ql, node);
        return 1;
    }
    node->entry = lpDelete(node->entry, *p, p);
    node->count--;
    ql->count--;
    if (node->count == 0) {
        qlDelNode(ql, node);
        return 1;
    }
    qlNodeUpdateSz(node);
    return 0;
}

/* ------------------------------------------------------------------------
 * Fill rules
 * ------------------------------------------------------------------------ */

/* 1 if a node of sz bytes is within the size bound of a negative fill. */
static inline int qlSizeWithinFill(size_t sz, int fill) {
    if (fill >= 0) return 0;
    size_t level = (size_t)(-fill) - 1;
    if (level >= sizeof(fill_size_limit) / sizeof(fill_size_limit[0])) return 0;
    return sz <= fill_size_limit[level];
}

/* May an element of sz bytes be added to node? */
static int qlNodeAllowInsert(const quicklistNode *node, int fill, size_t sz) {
    if (!node) return 0;
    if (QL_NODE_IS_PLAIN(node) || isLargeElement(sz)) return 0;
    size_t new_sz = node->sz + sz + SIZE_ESTIMATE_OVERHEAD;
    if (qlSizeWithinFill(new_sz, fill)) return 1;
    if (new_sz > SIZE_SAFETY_LIMIT) return 0;
    return (int)node->count < fill;
}

/* May nodes a and b become one? */
static int qlNodeAllowMerge(const quicklistNode *a, const quicklistNode *b, int fill) {
    if (!a || !b) return 0;
    if (QL_NODE_IS_PLAIN(a) || QL_NODE_IS_PLAIN(b)) return 0;
    size_t merge_sz = a->sz + b->sz - LP_MERGE_SAVING;
    if (qlSizeWithinFill(merge_sz, fill)) return 1;
    if (merge_sz > SIZE_SAFETY_LIMIT) return 0;
    return (int)(a->count + b->count) <= fill;
}

/* ------------------------------------------------------------------------
 * Pushing
 * ------------------------------------------------------------------------ */

static void qlInsertPlainNode(quicklist *ql, quicklistNode *old_node, void *value, size_t sz, int after) {
    qlInsertNode(ql, old_node, qlPlainNodeCreate(value, sz), after);
    ql->count++;
}

/* Push at one end; returns 1 if a node was created. */
static int qlPushEnd(quicklist *ql, void *value, size_t sz, int at_head) {
    quicklistNode *end = at_head ? ql->head : ql->tail;

    if (isLargeElement(sz)) {
        qlInsertPlainNode(ql, end, value, sz, !at_head);
        return 1;
    }
    int created = 0;
    if (qlNodeAllowInsert(end, ql->fill, sz)) {
        end->entry = at_head ? lpPrepend(end->entry, value, (uint32_t)sz)
                             : lpAppend(end->entry, value, (uint32_t)sz);
        qlNodeUpdateSz(end);
    } else {
        end = qlNodeCreate();
        end->entry = lpAppend(lpNew(0), value, (uint32_t)sz);
        qlNodeUpdateSz(end);
        qlInsertNode(ql, at_head ? ql->head : ql->tail, end, !at_head);
        created = 1;
    }
    end->count++;
    ql->count++;
    return created;
}

int quicklistPushHead(quicklist *ql, void *value, const size_t sz) {
    return qlPushEnd(ql, value, sz, 1);
}

int quicklistPushTail(quicklist *ql, void *value, const size_t sz) {
    return qlPushEnd(ql, value, sz, 0);
}

void quicklistPush(quicklist *ql, void *value, const size_t sz, int where) {
    if (where == QUICKLIST_HEAD) quicklistPushHead(ql, value, sz);
    else quicklistPushTail(ql, value, sz);
}

void quicklistAppendListpack(quicklist *ql, unsigned char *zl) {
    quicklistNode *node = qlNodeCreate();
    unsigned long n = lpLength(zl);
    assert(n <= UINT16_MAX);
    node->entry = zl;
    node->count = (unsigned int)n;
    node->sz = lpBytes(zl);
    qlInsertNode(ql, ql->tail, node, 1);
    ql->count += node->count;
}

void quicklistAppendPlainNode(quicklist *ql, unsigned char *data, size_t sz) {
    quicklistNode *node = qlNodeCreate();
    node->entry = data;
    node->sz = sz;
    node->count = 1;
    node->container = QUICKLIST_NODE_CONTAINER_PLAIN;
    qlInsertNode(ql, ql->tail, node, 1);
    ql->count++;
}

/* ------------------------------------------------------------------------
 * Splitting and merging
 * ------------------------------------------------------------------------ */

/* Split node (decompressed) at offset.  With after, node keeps elements
 * [0, offset] and the returned new node gets the rest; otherwise node keeps
 * [offset, end) and the new node gets [0, offset).  The new node is not
 * linked into the list. */
static quicklistNode *qlSplitNode(quicklistNode *node, long offset, int after) {
    quicklistNode *new_node = qlNodeCreate();
    new_node->entry = zmalloc(node->sz);
    memcpy(new_node->entry, node->entry, node->sz);

    if (offset < 0) offset += node->count;
    /* "-1" as a count means up to the end. */
    long orig_start = after ? offset + 1 : 0;
    unsigned long orig_extent = after ? (unsigned long)-1 : (unsigned long)offset;
    long new_start = after ? 0 : offset;
    unsigned long new_extent = after ? (unsigned long)offset + 1 : (unsigned long)-1;

    node->entry = lpDeleteRange(node->entry, orig_start, orig_extent);
    node->count = (unsigned int)lpLength(node->entry);
    qlNodeUpdateSz(node);
    new_node->entry = lpDeleteRange(new_node->entry, new_start, new_extent);
    new_node->count = (unsigned int)lpLength(new_node->entry);
    qlNodeUpdateSz(new_node);
    return new_node;
}

/* Merge b into a (or a into b: whichever listpack is larger is kept).
 * Returns the surviving node. */
static quicklistNode *qlMergePair(quicklist *ql, quicklistNode *a, quicklistNode *b) {
    qlNodeDecompress(a);
    qlNodeDecompress(b);
    if (!lpMerge(&a->entry, &b->entry)) return NULL;

    quicklistNode *keep = a->entry ? a : b;
    quicklistNode *gone = a->entry ? b : a;
    keep->count = (unsigned int)lpLength(keep->entry);
    qlNodeUpdateSz(keep);
    /* It may become an end node: do not compress it behind our back. */
    keep->recompress = 0;
    gone->count = 0;
    qlDelNode(ql, gone);
    qlCompress(ql, keep);
    return keep;
}

/* After a split around `center`, merge neighbours pairwise where the fill
 * rule allows: (prev-prev, prev), (next, next-next), then center with its
 * previous node, then the result with its next node. */
static void qlMergeAround(quicklist *ql, quicklistNode *center) {
    int fill = ql->fill;
    quicklistNode *prev = center->prev, *next = center->next;
    quicklistNode *prev_prev = prev ? prev->prev : NULL;
    quicklistNode *next_next = next ? next->next : NULL;

    if (qlNodeAllowMerge(prev, prev_prev, fill)) qlMergePair(ql, prev_prev, prev);
    if (qlNodeAllowMerge(next, next_next, fill)) qlMergePair(ql, next, next_next);

    quicklistNode *target = center;
    if (qlNodeAllowMerge(center, center->prev, fill)) target = qlMergePair(ql, center->prev, center);
    if (qlNodeAllowMerge(target, target->next, fill)) qlMergePair(ql, target, target->next);
}

/* ------------------------------------------------------------------------
 * Iterators
 * ------------------------------------------------------------------------ */

static void qlEntryInit(quicklistEntry *entry) {
    entry->quicklist = NULL;
    entry->node = NULL;
    entry->zi = NULL;
    entry->value = NULL;
    entry->longval = -123456789;
    entry->sz = 0;
    entry->offset = 123456789;
}

/* Make an iterator useless after an insertion/replacement through it. */
static void qlIterReset(quicklistIter *iter) {
    iter->current = NULL;
    iter->zi = NULL;
}

quicklistIter *quicklistGetIterator(quicklist *ql, int direction) {
    quicklistIter *iter = zmalloc(sizeof(*iter));
    if (direction == AL_START_HEAD) {
        iter->current = ql->head;
        iter->offset = 0;
    } else {
        iter->current = ql->tail;
        iter->offset = -1;
    }
    iter->direction = direction;
    iter->quicklist = ql;
    iter->zi = NULL;
    return iter;
}

quicklistIter *quicklistGetIteratorAtIdx(quicklist *ql, int direction, const long long idx) {
    int forward = idx >= 0;
    unsigned long long index = forward ? (unsigned long long)idx : (unsigned long long)(-(idx + 1));
    if (index >= ql->count) return NULL;

    /* Walk from the end closer to the element. */
    int seek_forward = forward;
    unsigned long long seek_index = index;
    if (index > (ql->count - 1) / 2) {
        seek_forward = !forward;
        seek_index = ql->count - 1 - index;
    }
    quicklistNode *n = seek_forward ? ql->head : ql->tail;
    unsigned long long accum = 0;
    while (n) {
        if (accum + n->count > seek_index) break;
        accum += n->count;
        n = seek_forward ? n->next : n->prev;
    }
    if (!n) return NULL;
    /* accum: elements before n when walking in the `forward` direction. */
    if (seek_forward != forward) accum = ql->count - n->count - accum;

    quicklistIter *iter = quicklistGetIterator(ql, direction);
    iter->current = n;
    if (forward) iter->offset = (long)(index - accum);
    else iter->offset = (long)(-(long long)index - 1 + (long long)accum);
    return iter;
}

int quicklistNext(quicklistIter *iter, quicklistEntry *entry) {
    qlEntryInit(entry);
    if (!iter) return 0;
    entry->quicklist = iter->quicklist;

    for (;;) {
        entry->node = iter->current;
        if (!iter->current) return 0;
        quicklistNode *node = iter->current;
        int plain = QL_NODE_IS_PLAIN(node);

        if (!iter->zi) {
            /* First read in this node: position on the offset. */
            qlNodeDecompressForUse(node);
            iter->zi = plain ? node->entry : lpSeek(node->entry, iter->offset);
        } else if (plain) {
            iter->zi = NULL;
        } else if (iter->direction == AL_START_HEAD) {
            iter->zi = lpNext(node->entry, iter->zi);
            iter->offset++;
        } else {
            iter->zi = lpPrev(node->entry, iter->zi);
            iter->offset--;
        }

        entry->zi = iter->zi;
        entry->offset = (int)iter->offset;
        if (iter->zi) {
            if (plain) {
                entry->value = node->entry;
                entry->sz = node->sz;
            } else {
                unsigned int sz = 0;
                entry->value = lpGetValue(iter->zi, &sz, &entry->longval);
                entry->sz = sz;
            }
            return 1;
        }

        /* This node is done: move to the next one. */
        qlCompress(iter->quicklist, node);
        if (iter->direction == AL_START_HEAD) {
            iter->current = node->next;
            iter->offset = 0;
        } else {
            iter->current = node->prev;
            iter->offset = -1;
        }
        iter->zi = NULL;
    }
}

void quicklistSetDirection(quicklistIter *iter, int direction) {
    iter->direction = direction;
}

void quicklistReleaseIterator(quicklistIter *iter) {
    if (!iter) return;
    if (iter->current) qlCompress(iter->quicklist, iter->current);
    zfree(iter);
}

quicklistIter *quicklistGetIteratorEntryAtIdx(quicklist *ql, const long long index,
                                              quicklistEntry *entry) {
    quicklistIter *iter = quicklistGetIteratorAtIdx(ql, AL_START_TAIL, index);
    if (!iter) return NULL;
    int found = quicklistNext(iter, entry);
    assert(found);
    (void)found;
    return iter;
}

/* ------------------------------------------------------------------------
 * Insertion next to an element
 * ------------------------------------------------------------------------ */

static void qlInsert(quicklistIter *iter, quicklistEntry *entry, void *value, const size_t sz, int after) {
    quicklist *ql = iter->quicklist;
    int fill = ql->fill;
    quicklistNode *node = entry->node;
    quicklistNode *new_node;

    if (!node) {
        /* No reference element: the list is empty. */
        if (isLargeElement(sz)) {
            qlInsertPlainNode(ql, ql->tail, value, sz, after);
        } else {
            new_node = qlNodeCreate();
            new_node->entry = lpPrepend(lpNew(0), value, (uint32_t)sz);
            new_node->count = 1;
            qlNodeUpdateSz(new_node);
            qlInsertNode(ql, NULL, new_node, after);
            ql->count++;
        }
        qlIterReset(iter);
        return;
    }

    int full = !qlNodeAllowInsert(node, fill, sz);
    int at_tail = 0, at_head = 0, avail_next = 0, avail_prev = 0;
    if (after && (entry->offset == (int)node->count - 1 || entry->offset == -1)) {
        at_tail = 1;
        avail_next = qlNodeAllowInsert(node->next, fill, sz);
    }
    if (!after && (entry->offset == 0 || entry->offset == -(int)node->count)) {
        at_head = 1;
        avail_prev = qlNodeAllowInsert(node->prev, fill, sz);
    }

    if (isLargeElement(sz)) {
        if (QL_NODE_IS_PLAIN(node) || (at_tail && after) || (at_head && !after)) {
            qlInsertPlainNode(ql, node, value, sz, after);
        } else {
            /* In the middle of a listpack: split it around a plain node. */
            qlNodeDecompressForUse(node);
            new_node = qlSplitNode(node, entry->offset, after);
            quicklistNode *plain = qlPlainNodeCreate(value, sz);
            qlInsertNode(ql, node, plain, after);
            qlInsertNode(ql, plain, new_node, after);
            ql->count++;
        }
        qlIterReset(iter);
        return;
    }

    if (!full) {
        qlNodeDecompressForUse(node);
        node->entry = lpInsertString(node->entry, value, (uint32_t)sz, entry->zi,
                                     after ? LP_AFTER : LP_BEFORE, NULL);
        node->count++;
        qlNodeUpdateSz(node);
        qlNodeRecompressOnly(node);
    } else if (at_tail && avail_next) {
        /* Full, but the next node has room: it goes at its head. */
        new_node = node->next;
        qlNodeDecompressForUse(new_node);
        new_node->entry = lpPrepend(new_node->entry, value, (uint32_t)sz);
        new_node->count++;
        qlNodeUpdateSz(new_node);
        qlNodeRecompressOnly(new_node);
        qlNodeRecompressOnly(node);
    } else if (at_head && avail_prev) {
        new_node = node->prev;
        qlNodeDecompressForUse(new_node);
        new_node->entry = lpAppend(new_node->entry, value, (uint32_t)sz);
        new_node->count++;
        qlNodeUpdateSz(new_node);
        qlNodeRecompressOnly(new_node);
        qlNodeRecompressOnly(node);
    } else if (at_tail || at_head) {
        /* Full, at the edge of the node, and the neighbour on that side is
         * full too (or missing): a new node between them. */
        new_node = qlNodeCreate();
        new_node->entry = lpPrepend(lpNew(0), value, (uint32_t)sz);
        new_node->count = 1;
        qlNodeUpdateSz(new_node);
        qlInsertNode(ql, node, new_node, after);
    } else {
        /* Inside a full node: split it, put the element at the cut, then
         * merge what can be. */
        qlNodeDecompressForUse(node);
        new_node = qlSplitNode(node, entry->offset, after);
        new_node->entry = after ? lpPrepend(new_node->entry, value, (uint32_t)sz)
                                : lpAppend(new_node->entry, value, (uint32_t)sz);
        new_node->count++;
        qlNodeUpdateSz(new_node);
        qlInsertNode(ql, node, new_node, after);
        qlMergeAround(ql, node);
    }
    ql->count++;
    qlIterReset(iter);
}

void quicklistInsertBefore(quicklistIter *iter, quicklistEntry *entry, void *value, const size_t sz) {
    qlInsert(iter, entry, value, sz, 0);
}

void quicklistInsertAfter(quicklistIter *iter, quicklistEntry *entry, void *value, const size_t sz) {
    qlInsert(iter, entry, value, sz, 1);
}

/* ------------------------------------------------------------------------
 * Replacement and deletion
 * ------------------------------------------------------------------------ */

void quicklistReplaceEntry(quicklistIter *iter, quicklistEntry *entry, void *data, size_t sz) {
    quicklist *ql = iter->quicklist;
    quicklistNode *node = entry->node;

    if (!QL_NODE_IS_PLAIN(node) && !isLargeElement(sz)) {
        /* The iterator left the node decompressed. */
        node->entry = lpReplace(node->entry, &entry->zi, data, (uint32_t)sz);
        qlNodeUpdateSz(node);
        qlCompress(ql, node);
    } else if (QL_NODE_IS_PLAIN(node)) {
        if (isLargeElement(sz)) {
            zfree(node->entry);
            node->entry = zmalloc(sz);
            memcpy(node->entry, data, sz);
            node->sz = sz;
            qlCompress(ql, node);
        } else {
            /* A small value replacing a plain one goes into a listpack. */
            quicklistInsertAfter(iter, entry, data, sz);
            qlDelNode(ql, node);
        }
    } else {
        /* A large value replacing a listpack element: insert it as a plain
         * node after the element, then drop the element (now the last one
         * of its node). */
        node->dont_compress = 1;
        quicklistInsertAfter(iter, entry, data, sz);
        if (node->count == 1) {
            qlDelNode(ql, node);
        } else {
            unsigned char *p = lpSeek(node->entry, -1);
            qlDelIndex(ql, node, &p);
            node->dont_compress = 0;
            qlCompress(ql, node);
            if (node->next) qlCompress(ql, node->next);
        }
    }
    qlIterReset(iter);
}

int quicklistReplaceAtIndex(quicklist *ql, long index, void *data, const size_t sz) {
    quicklistEntry entry;
    quicklistIter *iter = quicklistGetIteratorEntryAtIdx(ql, index, &entry);
    if (!iter) return 0;
    quicklistReplaceEntry(iter, &entry, data, sz);
    quicklistReleaseIterator(iter);
    return 1;
}

void quicklistDelEntry(quicklistIter *iter, quicklistEntry *entry) {
    quicklistNode *prev = entry->node->prev;
    quicklistNode *next = entry->node->next;
    int node_gone = qlDelIndex(iter->quicklist, entry->node, &entry->zi);

    /* Re-read at the same offset next time: it now holds the element that
     * followed the deleted one (or is past the end of the node). */
    iter->zi = NULL;
    if (node_gone) {
        if (iter->direction == AL_START_HEAD) {
            iter->current = next;
            iter->offset = 0;
        } else {
            iter->current = prev;
            iter->offset = -1;
        }
    }
    /* Otherwise the offset stays: going forward, the next element slid
     * into the deleted one's index; going backward, offsets count from the
     * tail, which did not move. */
}

int quicklistDelRange(quicklist *ql, const long start, const long count) {
    if (count <= 0) return 0;

    unsigned long extent = (unsigned long)count;
    if (start >= 0 && extent > ql->count - (unsigned long)start) extent = ql->count - (unsigned long)start;
    else if (start < 0 && extent > (unsigned long)(-start)) extent = (unsigned long)(-start);

    quicklistIter *iter = quicklistGetIteratorAtIdx(ql, AL_START_TAIL, start);
    if (!iter) return 0;
    quicklistNode *node = iter->current;
    long offset = iter->offset;
    zfree(iter); /* nothing was decompressed yet */

    while (extent) {
        quicklistNode *next = node->next;
        unsigned long del;
        int whole = 0;

        if (offset == 0 && extent >= node->count) {
            whole = 1;
            del = node->count;
        } else if (offset >= 0 && extent + (unsigned long)offset >= node->count) {
            del = node->count - (unsigned long)offset;
        } else if (offset < 0) {
            del = (unsigned long)(-offset);
            if (del > extent) del = extent;
        } else {
            del = extent;
        }

        if (whole || QL_NODE_IS_PLAIN(node)) {
            qlDelNode(ql, node);
        } else {
            qlNodeDecompressForUse(node);
            node->entry = lpDeleteRange(node->entry, offset, del);
            qlNodeUpdateSz(node);
            node->count -= del;
            ql->count -= del;
            if (node->count == 0) qlDelNode(ql, node);
            else qlNodeRecompressOnly(node);
        }
        extent -= del;
        node = next;
        offset = 0;
    }
    return 1;
}

/* ------------------------------------------------------------------------
 * Pop and rotate
 * ------------------------------------------------------------------------ */

static void *qlSaver(unsigned char *data, size_t sz) {
    unsigned char *copy = NULL;
    if (data) {
        copy = zmalloc(sz);
        memcpy(copy, data, sz);
    }
    return copy;
}

int quicklistPopCustom(quicklist *ql, int where, unsigned char **data, size_t *sz,
                       long long *sval, void *(*saver)(unsigned char *data, size_t sz)) {
    if (ql->count == 0) return 0;
    if (data) *data = NULL;
    if (sz) *sz = 0;
    if (sval) *sval = -123456789;

    quicklistNode *node = (where == QUICKLIST_HEAD) ? ql->head : ql->tail;
    if (!node) return 0;
    assert(node->encoding == QUICKLIST_NODE_ENCODING_RAW); /* ends stay raw */

    if (QL_NODE_IS_PLAIN(node)) {
        if (data) *data = saver(node->entry, node->sz);
        if (sz) *sz = node->sz;
        qlDelIndex(ql, node, NULL);
        return 1;
    }

    unsigned char *p = lpSeek(node->entry, where == QUICKLIST_HEAD ? 0 : -1);
    unsigned int vlen;
    long long vlong;
    unsigned char *vstr = lpGetValue(p, &vlen, &vlong);
    if (vstr) {
        if (data) *data = saver(vstr, vlen);
        if (sz) *sz = vlen;
    } else if (sval) {
        *sval = vlong;
    }
    qlDelIndex(ql, node, &p);
    return 1;
}

int quicklistPop(quicklist *ql, int where, unsigned char **data, size_t *sz, long long *slong) {
    if (ql->count == 0) return 0;
    unsigned char *vstr = NULL;
    size_t vlen = 0;
    long long vlong = 0;
    int ret = quicklistPopCustom(ql, where, &vstr, &vlen, &vlong, qlSaver);
    if (data) *data = vstr;
    else zfree(vstr);
    if (sz) *sz = vlen;
    if (slong) *slong = vlong;
    return ret;
}

void quicklistRotate(quicklist *ql) {
    if (ql->count <= 1) return;
    quicklistNode *tail = ql->tail;

    if (QL_NODE_IS_PLAIN(tail)) {
        /* Move the whole node: same result as pop + push, no copy. */
        tail->prev->next = NULL;
        ql->tail = tail->prev;
        tail->prev = NULL;
        tail->next = ql->head;
        ql->head->prev = tail;
        ql->head = tail;
        qlApplyDepth(ql, NULL);
        return;
    }

    unsigned char *p = lpSeek(tail->entry, -1);
    unsigned int sz;
    long long lval;
    char numbuf[LONG_STR_SIZE];
    unsigned char *value = lpGetValue(p, &sz, &lval), *copy = NULL;
    if (!value) {
        sz = (unsigned int)ll2string(numbuf, sizeof(numbuf), lval);
        value = (unsigned char *)numbuf;
    } else if (ql->len == 1) {
        /* Pushing to the head would move the very listpack we read from. */
        copy = zmalloc(sz);
        memcpy(copy, value, sz);
        value = copy;
    }
    quicklistPushHead(ql, value, sz);
    /* The tail listpack may have moved if it is also the head. */
    p = lpSeek(ql->tail->entry, -1);
    qlDelIndex(ql, ql->tail, &p);
    zfree(copy);
}

/* ------------------------------------------------------------------------
 * Misc
 * ------------------------------------------------------------------------ */

int quicklistCompare(quicklistEntry *entry, unsigned char *p2, const size_t p2_len) {
    if (QL_NODE_IS_PLAIN(entry->node))
        return entry->sz == p2_len && memcmp(entry->value, p2, p2_len) == 0;
    return (int)lpCompare(entry->zi, p2, (uint32_t)p2_len);
}

quicklist *quicklistDup(quicklist *orig) {
    quicklist *copy = quicklistNew(orig->fill, (int)orig->compress);
    for (quicklistNode *cur = orig->head; cur; cur = cur->next) {
        quicklistNode *node = qlNodeCreate();
        size_t bytes = cur->sz;
        if (cur->encoding == QUICKLIST_NODE_ENCODING_LZF)
            bytes = sizeof(quicklistLZF) + ((quicklistLZF *)cur->entry)->sz;
        node->entry = zmalloc(bytes);
        memcpy(node->entry, cur->entry, bytes);
        node->count = cur->count;
        node->sz = cur->sz;
        node->encoding = cur->encoding;
        node->container = cur->container;
        copy->count += node->count;
        qlInsertNode(copy, copy->tail, node, 1);
    }
    return copy;
}

void quicklistRepr(unsigned char *ql_ptr, int full) {
    quicklist *ql = (quicklist *)ql_ptr;
    printf("{count : %ld}\n", (long)ql->count);
    printf("{len : %ld}\n", (long)ql->len);
    printf("{fill : %d}\n", ql->fill);
    printf("{compress : %d}\n", (int)ql->compress);
    printf("{bookmark_count : 0}\n");
    int i = 0;
    for (quicklistNode *node = ql->head; node; node = node->next, i++) {
        printf("{quicklist node(%d)\n", i);
        printf("{container : %s, encoding: %s, size: %zu, count: %d, recompress: %d, "
               "attempted_compress: 0}\n",
               QL_NODE_IS_PLAIN(node) ? "PLAIN" : "PACKED",
               node->encoding == QUICKLIST_NODE_ENCODING_RAW ? "RAW" : "LZF", node->sz,
               (int)node->count, (int)node->recompress);
        if (!full) continue;
        int was_compressed = node->encoding == QUICKLIST_NODE_ENCODING_LZF;
        qlNodeDecompress(node);
        if (QL_NODE_IS_PLAIN(node)) {
            printf("{ entry : %.*s }\n", (int)node->sz, (char *)node->entry);
        } else {
            printf("{ listpack:\n");
            fflush(stdout);
            lpRepr(node->entry);
            printf("}\n");
        }
        printf("}\n");
        if (was_compressed) qlNodeCompress(node);
    }
    fflush(stdout);
}
