/* rax.c - radix tree of binary-safe keys.  The design (node kinds, layout,
 * how a compressed run is split on insert and merged back on removal, the
 * iterator contract) is explained at the top of rax.h; this file follows it.
 *
 * Node counts follow Redis 7.0's rax rule for rule (XINFO STREAM reports
 * them), so the shape-changing code below is deliberately exact about WHEN a
 * node is created, split, freed or merged.  The code is our own. */
#include "rax.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "zmalloc.h"

static char rax_not_found_marker;
void *raxNotFound = &rax_not_found_marker;

/* ------------------------------------------------------------------------
 * Allocation, with fault injection for the tests (see rax.h)
 * ------------------------------------------------------------------------ */

unsigned long raxFaultAfter = 0;

static int raxFaultNow(void) {
    return raxFaultAfter > 0 && --raxFaultAfter == 0;
}

static void *raxAlloc(size_t n) {
    return raxFaultNow() ? NULL : ztrymalloc(n);
}

static void *raxRealloc(void *p, size_t n) {
    return raxFaultNow() ? NULL : ztryrealloc(p, n);
}

/* ------------------------------------------------------------------------
 * Node layout helpers
 * ------------------------------------------------------------------------ */

#define PTRSZ sizeof(void *)
#define HDRSZ sizeof(raxNode)

/* Bytes of padding after `datalen` bytes of data so the pointers that follow
 * are aligned. */
static inline size_t nodePadding(size_t datalen) {
    return (PTRSZ - ((HDRSZ + datalen) % PTRSZ)) % PTRSZ;
}

static inline size_t nodeChildCount(const raxNode *n) {
    return n->iscompr ? 1 : n->size;
}

static inline int nodeHasValueSlot(const raxNode *n) {
    return n->iskey && !n->isnull;
}

/* Bytes needed by a node with the given data length, child count and value
 * slot. */
static inline size_t nodeBytes(size_t datalen, size_t nchildren, int hasval) {
    return HDRSZ + datalen + nodePadding(datalen) + (nchildren + (hasval ? 1 : 0)) * PTRSZ;
}

static inline size_t nodeCurrentBytes(const raxNode *n) {
    return nodeBytes(n->size, nodeChildCount(n), nodeHasValueSlot(n));
}

static inline raxNode **nodeChildren(raxNode *n) {
    return (raxNode **)(n->data + n->size + nodePadding(n->size));
}

static inline raxNode **nodeLastChildPtr(raxNode *n) {
    return nodeChildren(n) + nodeChildCount(n) - 1;
}

/* Where the value pointer lives (only meaningful with a value slot). */
static inline void **nodeValueSlot(raxNode *n) {
    return (void **)(nodeChildren(n) + nodeChildCount(n));
}

static inline void *nodeGetValue(raxNode *n) {
    return nodeHasValueSlot(n) ? *nodeValueSlot(n) : NULL;
}

/* A new node with room for datalen bytes, nchildren children and a value
 * slot if hasval.  Flags are zero; the caller fills the rest. */
static raxNode *nodeAlloc(size_t datalen, size_t nchildren, int hasval) {
    raxNode *n = raxAlloc(nodeBytes(datalen, nchildren, hasval));
    if (n == NULL) return NULL;
    n->iskey = 0;
    n->isnull = 0;
    n->iscompr = 0;
    n->size = (uint32_t)datalen;
    return n;
}

/* A new leaf: no key, no children. */
static raxNode *nodeNewLeaf(void) {
    return nodeAlloc(0, 0, 0);
}

/* Make n hold the key with value `data`.  A non-NULL value needs a value slot,
 * which may move the node: the (possibly new) address is returned, NULL on
 * out of memory (n is then unchanged). */
static raxNode *nodeSetKey(raxNode *n, void *data) {
    if (data == NULL) {
        /* The slot, if any, stays allocated but unused until the node is
         * next reallocated. */
        n->iskey = 1;
        n->isnull = 1;
        return n;
    }
    if (!nodeHasValueSlot(n)) {
        raxNode *nn = raxRealloc(n, nodeBytes(n->size, nodeChildCount(n), 1));
        if (nn == NULL) return NULL;
        n = nn;
    }
    n->iskey = 1;
    n->isnull = 0;
    *nodeValueSlot(n) = data;
    return n;
}

/* Shrink n's allocation to what its layout needs (after it lost its value).
 * Never fails: if the allocator cannot move it, the bigger block is kept. */
static raxNode *nodeShrink(raxNode *n) {
    raxNode *nn = raxRealloc(n, nodeCurrentBytes(n));
    return nn ? nn : n;
}

/* Add to the normal node n an edge `c` (which it must not have yet) leading
 * to a new leaf.  Edges stay sorted.  Returns the node's new address, with the
 * new leaf in *child and the address of the slot pointing to it in *slot; NULL
 * on out of memory, leaving n unchanged. */
static raxNode *nodeAddChild(raxNode *n, unsigned char c, raxNode **child, raxNode ***slot) {
    size_t k = n->size;
    int hv = nodeHasValueSlot(n);
    raxNode *leaf = nodeNewLeaf();
    if (leaf == NULL) return NULL;

    size_t pos = 0;
    while (pos < k && n->data[pos] < c) pos++;

    size_t oldoff = HDRSZ + k + nodePadding(k);         /* old children */
    size_t newoff = HDRSZ + k + 1 + nodePadding(k + 1); /* new children */
    raxNode *nn = raxRealloc(n, nodeBytes(k + 1, k + 1, hv));
    if (nn == NULL) {
        zfree(leaf);
        return NULL;
    }
    /* Everything after the data moves right (newoff >= oldoff), so move from
     * the end backwards: value, children after pos, children before pos,
     * then open the gap in the edge bytes. */
    unsigned char *b = (unsigned char *)nn;
    if (hv) memmove(b + newoff + (k + 1) * PTRSZ, b + oldoff + k * PTRSZ, PTRSZ);
    memmove(b + newoff + (pos + 1) * PTRSZ, b + oldoff + pos * PTRSZ, (k - pos) * PTRSZ);
    memmove(b + newoff, b + oldoff, pos * PTRSZ);
    memmove(nn->data + pos + 1, nn->data + pos, k - pos);
    nn->data[pos] = c;
    nn->size = (uint32_t)(k + 1);

    raxNode **s = nodeChildren(nn) + pos;
    *s = leaf;
    *child = leaf;
    *slot = s;
    return nn;
}

/* Cut the edge leading to `child` from n.  A compressed node loses its only
 * child and becomes a leaf.  Returns n's new address (never fails: shrinking
 * in place is the fallback). */
static raxNode *nodeRemoveChild(raxNode *n, raxNode *child) {
    void *val = nodeGetValue(n);
    int hv = nodeHasValueSlot(n);

    if (n->iscompr) {
        n->iscompr = 0;
        n->size = 0;
        if (hv) *nodeValueSlot(n) = val;
        return nodeShrink(n);
    }

    size_t k = n->size;
    raxNode **ch = nodeChildren(n);
    size_t pos = 0;
    while (pos < k && ch[pos] != child) pos++;
    if (pos == k) return n; /* not a child: nothing to do (cannot happen) */

    size_t oldoff = HDRSZ + k + nodePadding(k);
    size_t newoff = HDRSZ + k - 1 + nodePadding(k - 1);
    /* Everything moves left (newoff <= oldoff): edge bytes first, then the
     * children before pos, the children after it, the value. */
    unsigned char *b = (unsigned char *)n;
    memmove(n->data + pos, n->data + pos + 1, k - pos - 1);
    memmove(b + newoff, b + oldoff, pos * PTRSZ);
    memmove(b + newoff + pos * PTRSZ, b + oldoff + (pos + 1) * PTRSZ, (k - pos - 1) * PTRSZ);
    if (hv) memmove(b + newoff + (k - 1) * PTRSZ, b + oldoff + k * PTRSZ, PTRSZ);
    n->size = (uint32_t)(k - 1);
    return nodeShrink(n);
}

/* Turn the leaf n (no children, maybe a key) into a compressed node holding
 * s[0..len) (len >= 2) followed by a new leaf.  Same return convention as
 * nodeAddChild. */
static raxNode *nodeCompress(raxNode *n, const unsigned char *s, size_t len, raxNode **child,
                             raxNode ***slot) {
    int hv = nodeHasValueSlot(n);
    void *val = nodeGetValue(n);
    raxNode *leaf = nodeNewLeaf();
    if (leaf == NULL) return NULL;
    raxNode *nn = raxRealloc(n, nodeBytes(len, 1, hv));
    if (nn == NULL) {
        zfree(leaf);
        return NULL;
    }
    nn->iscompr = 1;
    nn->size = (uint32_t)len;
    memcpy(nn->data, s, len);
    raxNode **sl = nodeChildren(nn);
    *sl = leaf;
    if (hv) *nodeValueSlot(nn) = val;
    *child = leaf;
    *slot = sl;
    return nn;
}

/* A node holding the run s[0..len) with one child: compressed if len >= 2, a
 * normal node with one edge if len == 1.  Flags copied from key/isnull. */
static raxNode *nodeNewRun(const unsigned char *s, size_t len, raxNode *child, int iskey,
                           int isnull, void *val) {
    int hv = iskey && !isnull;
    raxNode *n = nodeAlloc(len, 1, hv);
    if (n == NULL) return NULL;
    n->iscompr = len > 1;
    n->iskey = iskey;
    n->isnull = isnull;
    memcpy(n->data, s, len);
    nodeChildren(n)[0] = child;
    if (hv) *nodeValueSlot(n) = val;
    return n;
}

/* The slot of `parent` that points to `child`. */
static raxNode **nodeFindSlot(raxNode *parent, raxNode *child) {
    raxNode **ch = nodeChildren(parent);
    size_t k = nodeChildCount(parent);
    for (size_t i = 0; i < k; i++)
        if (ch[i] == child) return ch + i;
    return NULL;
}

/* ------------------------------------------------------------------------
 * Node stack
 * ------------------------------------------------------------------------ */

static void stackInit(raxStack *ts) {
    ts->stack = ts->static_items;
    ts->items = 0;
    ts->maxitems = RAX_STACK_STATIC_ITEMS;
    ts->oom = 0;
}

static int stackPush(raxStack *ts, void *p) {
    if (ts->items == ts->maxitems) {
        size_t nmax = ts->maxitems * 2;
        void **ns;
        if (ts->stack == ts->static_items) {
            ns = raxAlloc(sizeof(void *) * nmax);
            if (ns) memcpy(ns, ts->static_items, sizeof(void *) * ts->maxitems);
        } else {
            ns = raxRealloc(ts->stack, sizeof(void *) * nmax);
        }
        if (ns == NULL) {
            ts->oom = 1;
            errno = ENOMEM;
            return 0;
        }
        ts->stack = ns;
        ts->maxitems = nmax;
    }
    ts->stack[ts->items++] = p;
    return 1;
}

static void *stackPop(raxStack *ts) {
    return ts->items ? ts->stack[--ts->items] : NULL;
}

static void *stackPeek(raxStack *ts) {
    return ts->items ? ts->stack[ts->items - 1] : NULL;
}

static void stackFree(raxStack *ts) {
    if (ts->stack != ts->static_items) zfree(ts->stack);
    ts->stack = ts->static_items;
    ts->maxitems = RAX_STACK_STATIC_ITEMS;
    ts->items = 0;
}

/* ------------------------------------------------------------------------
 * Tree
 * ------------------------------------------------------------------------ */

rax *raxNew(void) {
    rax *r = raxAlloc(sizeof(*r));
    if (r == NULL) return NULL;
    r->head = nodeNewLeaf();
    if (r->head == NULL) {
        zfree(r);
        return NULL;
    }
    r->numele = 0;
    r->numnodes = 1;
    return r;
}

uint64_t raxSize(rax *r) {
    return r->numele;
}

uint64_t raxNodes(rax *r) {
    return r->numnodes;
}

/* Follow s[0..len) from the root as far as the tree has it.  Returns how many
 * bytes were consumed.  *stop is the node where the walk ended and *link the
 * pointer that points to it (inside its parent, or &r->head).  If *stop is a
 * compressed node, *splitpos is how many of its bytes matched before the walk
 * ended inside it (0: at its start).  With ts, the ancestors of *stop are
 * pushed on it, root first. */
static size_t walk(rax *r, const unsigned char *s, size_t len, raxNode **stop, raxNode ***link,
                   size_t *splitpos, raxStack *ts) {
    raxNode *h = r->head;
    raxNode **parentlink = &r->head;
    size_t i = 0, j = 0;

    while (h->size && i < len) {
        size_t idx;
        if (h->iscompr) {
            for (j = 0; j < h->size && i < len; j++, i++)
                if (h->data[j] != s[i]) break;
            if (j != h->size) break; /* ended inside the run */
            idx = 0;
        } else {
            const unsigned char *e = memchr(h->data, s[i], h->size);
            if (e == NULL) break;
            idx = (size_t)(e - h->data);
            i++;
        }
        if (ts) stackPush(ts, h);
        parentlink = nodeChildren(h) + idx;
        h = *parentlink;
        j = 0;
    }
    *stop = h;
    if (link) *link = parentlink;
    if (splitpos) *splitpos = h->iscompr ? j : 0;
    return i;
}

void *raxFind(rax *r, unsigned char *s, size_t len) {
    raxNode *h;
    size_t j;
    size_t i = walk(r, s, len, &h, NULL, &j, NULL);
    if (i != len || (h->iscompr && j != 0) || !h->iskey) return raxNotFound;
    return nodeGetValue(h);
}

/* The walk stopped inside the compressed node h (at *link) at byte j, where
 * the new key has the byte c instead.  Cut h into
 *
 *     [run before j] -> fork -> [run after j] -> h's child
 *                           \-> new leaf (edge c)
 *
 * where fork is a normal node with the two edges h->data[j] and c; the runs
 * are left out when empty, and h's key, if any, stays with the first piece.
 * Every node is allocated before the tree is touched.  Returns the new leaf
 * (at *leaflink), NULL on out of memory with the tree unchanged. */
static raxNode *splitForMismatch(rax *r, raxNode *h, raxNode **link, size_t j, unsigned char c,
                                 raxNode ***leaflink) {
    size_t postlen = h->size - j - 1;
    raxNode *next = *nodeLastChildPtr(h);
    void *val = nodeGetValue(h);
    raxNode *pre = NULL, *post = NULL, *fork, *leaf;

    /* The fork inherits h's key when nothing comes before it. */
    fork = nodeAlloc(2, 2, j == 0 && nodeHasValueSlot(h));
    leaf = nodeNewLeaf();
    if (fork == NULL || leaf == NULL) goto oom;
    if (postlen) {
        post = nodeNewRun(h->data + j + 1, postlen, next, 0, 0, NULL);
        if (post == NULL) goto oom;
    }
    if (j) {
        pre = nodeNewRun(h->data, j, fork, h->iskey, h->isnull, val);
        if (pre == NULL) goto oom;
    }

    int leaf_first = c < h->data[j];
    fork->data[leaf_first ? 1 : 0] = h->data[j];
    fork->data[leaf_first ? 0 : 1] = c;
    raxNode **ch = nodeChildren(fork);
    ch[leaf_first ? 1 : 0] = post ? post : next;
    ch[leaf_first ? 0 : 1] = leaf;
    *leaflink = ch + (leaf_first ? 0 : 1);
    if (j == 0) {
        fork->iskey = h->iskey;
        fork->isnull = h->isnull;
        if (nodeHasValueSlot(fork)) *nodeValueSlot(fork) = val;
        *link = fork;
    } else {
        *link = pre;
    }
    zfree(h);
    /* h is replaced by fork, plus the leaf and the runs that exist. */
    r->numnodes += 1 + (pre != NULL) + (post != NULL);
    return leaf;

oom:
    zfree(fork);
    zfree(leaf);
    zfree(post);
    zfree(pre);
    errno = ENOMEM;
    return NULL;
}

/* The new key ends inside the compressed node h (at *link), after its first j
 * bytes (0 < j < size): cut it into [run before j] -> [run from j], the second
 * piece being the new key.  0 on out of memory with the tree unchanged. */
static int splitForKeyInside(rax *r, raxNode *h, raxNode **link, size_t j, void *data) {
    raxNode *next = *nodeLastChildPtr(h);
    raxNode *post = nodeNewRun(h->data + j, h->size - j, next, 1, data == NULL, data);
    if (post == NULL) return 0;
    raxNode *pre = nodeNewRun(h->data, j, post, h->iskey, h->isnull, nodeGetValue(h));
    if (pre == NULL) {
        zfree(post);
        return 0;
    }
    *link = pre;
    zfree(h);
    r->numnodes++;
    return 1;
}

static int insertGeneric(rax *r, unsigned char *s, size_t len, void *data, void **old,
                         int overwrite) {
    raxNode *h, **link;
    size_t j;
    size_t i = walk(r, s, len, &h, &link, &j, NULL);

    /* The key ends exactly at a node: set or update it there. */
    if (i == len && (!h->iscompr || j == 0)) {
        if (h->iskey) {
            if (old) *old = nodeGetValue(h);
            if (overwrite) {
                raxNode *nn = nodeSetKey(h, data);
                if (nn == NULL) {
                    errno = ENOMEM;
                    return 0;
                }
                *link = nn;
            }
            errno = 0;
            return 0;
        }
        raxNode *nn = nodeSetKey(h, data);
        if (nn == NULL) {
            errno = ENOMEM;
            return 0;
        }
        *link = nn;
        r->numele++;
        return 1;
    }

    if (h->iscompr) {
        if (i == len) {
            /* Ends inside a run: one split and we are done. */
            if (!splitForKeyInside(r, h, link, j, data)) {
                errno = ENOMEM;
                return 0;
            }
            r->numele++;
            return 1;
        }
        /* Mismatch inside a run: split it; the rest of the key hangs from
         * the new leaf below the fork. */
        h = splitForMismatch(r, h, link, j, s[i], &link);
        if (h == NULL) return 0;
        i++;
    }

    /* Add the bytes s[i..len) below h, which is a normal node (a leaf or a
     * node with edges): a new child per byte, except that a leaf receiving
     * 2+ bytes becomes a compressed node at once. */
    while (i < len) {
        raxNode *child, **slot, *nn;
        if (h->size == 0 && len - i > 1) {
            size_t run = len - i;
            if (run > RAX_NODE_MAX_SIZE) run = RAX_NODE_MAX_SIZE;
            nn = nodeCompress(h, s + i, run, &child, &slot);
            if (nn) i += run;
        } else {
            nn = nodeAddChild(h, s[i], &child, &slot);
            if (nn) i++;
        }
        if (nn == NULL) goto oom;
        *link = nn;
        r->numnodes++;
        h = child;
        link = slot;
    }
    raxNode *nn = nodeSetKey(h, data);
    if (nn == NULL) goto oom;
    *link = nn;
    r->numele++;
    return 1;

oom:
    /* If h is a leaf this call added (reached by s[0..i), not a key: existing
     * leaves are keys), make it a key with a NULL value, which needs no
     * memory, and remove it: the removal frees the nodes added above and
     * merges the tree back to its previous shape.  Otherwise nothing was
     * changed. */
    if (h->size == 0 && !h->iskey && h != r->head) {
        h->iskey = 1;
        h->isnull = 1;
        r->numele++;
        raxRemove(r, s, i, NULL);
    }
    errno = ENOMEM;
    return 0;
}

int raxInsert(rax *r, unsigned char *s, size_t len, void *data, void **old) {
    return insertGeneric(r, s, len, data, old, 1);
}

int raxTryInsert(rax *r, unsigned char *s, size_t len, void *data, void **old) {
    return insertGeneric(r, s, len, data, old, 0);
}

/* Merge the chain of non-key one-child nodes around h (which is one of them)
 * into one compressed node.  ts holds h's ancestors.  The chain extends up
 * through ancestors that are not keys and have one child, and down from there
 * while the next node is not a key and has one child. */
static void mergeChain(rax *r, raxNode *h, raxStack *ts) {
    raxNode *parent;
    for (;;) {
        parent = stackPop(ts);
        if (parent == NULL || parent->iskey || (!parent->iscompr && parent->size != 1)) break;
        h = parent;
    }
    raxNode *start = h;

    size_t total = h->size;
    size_t nodes = 1;
    for (raxNode *cur = h; cur->size != 0;) {
        cur = *nodeLastChildPtr(cur);
        if (cur->iskey || (!cur->iscompr && cur->size != 1)) break;
        if (total + cur->size > RAX_NODE_MAX_SIZE) break;
        nodes++;
        total += cur->size;
    }
    if (nodes < 2) return;

    raxNode *merged = nodeAlloc(total, 1, 0);
    if (merged == NULL) return; /* the tree stays valid, only less compact */
    merged->iscompr = 1;

    size_t off = 0;
    raxNode *cur = start;
    for (size_t k = 0; k < nodes; k++) {
        memcpy(merged->data + off, cur->data, cur->size);
        off += cur->size;
        raxNode *next = *nodeLastChildPtr(cur);
        zfree(cur);
        cur = next;
    }
    nodeChildren(merged)[0] = cur;
    r->numnodes -= nodes - 1;

    if (parent) *nodeFindSlot(parent, start) = merged;
    else r->head = merged;
}

int raxRemove(rax *r, unsigned char *s, size_t len, void **old) {
    raxStack ts;
    raxNode *h, **link;
    size_t j;

    stackInit(&ts);
    size_t i = walk(r, s, len, &h, &link, &j, &ts);
    if (i != len || (h->iscompr && j != 0) || !h->iskey) {
        stackFree(&ts);
        return 0;
    }
    if (ts.oom) {
        /* Without the full path the tree cannot be repaired after the
         * removal: refuse it rather than leave a broken shape. */
        stackFree(&ts);
        errno = ENOMEM;
        return 0;
    }
    if (old) *old = nodeGetValue(h);
    h->iskey = 0;
    h->isnull = 0;
    r->numele--;

    int trymerge = 0;
    if (h->size == 0) {
        /* A leaf: free it along with the ancestors that only led to it, then
         * cut the edge from the first ancestor that stays. */
        raxNode *child = NULL;
        while (h != r->head) {
            zfree(child); /* the node below, already unreachable */
            child = h;
            r->numnodes--;
            h = stackPop(&ts);
            if (h->iskey || (!h->iscompr && h->size != 1)) break;
        }
        if (child) {
            raxNode *gp = stackPeek(&ts);
            raxNode **hl = gp ? nodeFindSlot(gp, h) : &r->head;
            h = nodeRemoveChild(h, child);
            zfree(child);
            *hl = h;
            if (h->size == 1 && !h->iskey) trymerge = 1;
        }
    } else {
        *link = h = nodeShrink(h); /* its value slot is gone */
        /* Only a normal node with one child starts a merge (a compressed
         * node keeps its shape, as in Redis). */
        if (h->size == 1) trymerge = 1;
    }
    if (trymerge) mergeChain(r, h, &ts);
    stackFree(&ts);
    return 1;
}

/* Free every node, calling cb on each non-NULL value.  Iterative with an
 * explicit stack, so deep trees cannot overflow the C stack; if the stack
 * cannot grow, the subtree is freed recursively instead. */
static void freeSubtree(raxNode *n, void (*cb)(void *), rax *r) {
    raxStack ts;
    stackInit(&ts);
    stackPush(&ts, n);
    while ((n = stackPop(&ts)) != NULL) {
        raxNode **ch = nodeChildren(n);
        size_t k = nodeChildCount(n);
        for (size_t i = 0; i < k; i++) {
            if (!stackPush(&ts, ch[i])) {
                ts.oom = 0;
                freeSubtree(ch[i], cb, r); /* recursion only under OOM */
            }
        }
        if (cb && nodeHasValueSlot(n)) cb(*nodeValueSlot(n));
        zfree(n);
        r->numnodes--;
    }
    stackFree(&ts);
}

void raxFreeWithCallback(rax *r, void (*free_callback)(void *)) {
    freeSubtree(r->head, free_callback, r);
    zfree(r);
}

void raxFree(rax *r) {
    raxFreeWithCallback(r, NULL);
}

/* ------------------------------------------------------------------------
 * Iterator
 * ------------------------------------------------------------------------ */

void raxStart(raxIterator *it, rax *rt) {
    it->flags = RAX_ITER_EOF; /* not seeked: nothing to return */
    it->rt = rt;
    it->key = it->key_static_string;
    it->key_len = 0;
    it->key_max = RAX_ITER_STATIC_LEN;
    it->data = NULL;
    it->node = NULL;
    stackInit(&it->stack);
}

void raxStop(raxIterator *it) {
    if (it->key != it->key_static_string) zfree(it->key);
    it->key = it->key_static_string;
    it->key_max = RAX_ITER_STATIC_LEN;
    stackFree(&it->stack);
}

int raxEOF(raxIterator *it) {
    return (it->flags & RAX_ITER_EOF) != 0;
}

static int itKeyAppend(raxIterator *it, const unsigned char *s, size_t n) {
    if (it->key_len + n > it->key_max) {
        size_t nmax = (it->key_len + n) * 2;
        unsigned char *nk;
        if (it->key == it->key_static_string) {
            nk = raxAlloc(nmax);
            if (nk) memcpy(nk, it->key, it->key_len);
        } else {
            nk = raxRealloc(it->key, nmax);
        }
        if (nk == NULL) {
            errno = ENOMEM;
            return 0;
        }
        it->key = nk;
        it->key_max = nmax;
    }
    /* memmove: raxSeek(it, op, it->key, it->key_len) appends bytes onto
     * themselves. */
    memmove(it->key + it->key_len, s, n);
    it->key_len += n;
    return 1;
}

/* Step from it->node down to its child number idx. */
static int itDescend(raxIterator *it, size_t idx) {
    raxNode *n = it->node;
    if (!stackPush(&it->stack, n)) return 0;
    int ok = n->iscompr ? itKeyAppend(it, n->data, n->size) : itKeyAppend(it, n->data + idx, 1);
    if (!ok) {
        stackPop(&it->stack);
        return 0;
    }
    it->node = nodeChildren(n)[idx];
    return 1;
}

/* Step from it->node up to its parent; *edge gets the last byte of the key
 * before the step (the edge taken from a normal parent).  0 at the root. */
static int itAscend(raxIterator *it, int *edge) {
    raxNode *p = stackPop(&it->stack);
    if (p == NULL) return 0;
    *edge = it->key[it->key_len - 1];
    it->key_len -= p->iscompr ? p->size : 1;
    it->node = p;
    return 1;
}

/* The internal moves return 1 when positioned on a key, 0 when there is none
 * (end of iteration), -1 when out of memory. */

/* The smallest key in the subtree of it->node, the node itself included. */
static int itFirstInSubtree(raxIterator *it) {
    while (!it->node->iskey) {
        if (it->node->size == 0) return 0; /* an empty root */
        if (!itDescend(it, 0)) return -1;
    }
    return 1;
}

/* The greatest key in the subtree of it->node: always the last child down to
 * a leaf (leaves are keys, except an empty root). */
static int itLastInSubtree(raxIterator *it) {
    while (it->node->size > 0)
        if (!itDescend(it, nodeChildCount(it->node) - 1)) return -1;
    return it->node->iskey ? 1 : 0;
}

/* The next key after it->node in order: first its own subtree (unless
 * skip_subtree), then the subtrees of greater siblings going up. */
static int itForward(raxIterator *it, int skip_subtree) {
    if (!skip_subtree && it->node->size > 0) {
        if (!itDescend(it, 0)) return -1;
        return itFirstInSubtree(it);
    }
    for (;;) {
        int edge;
        if (!itAscend(it, &edge)) return 0;
        raxNode *p = it->node;
        if (p->iscompr) continue;
        for (size_t k = 0; k < p->size; k++) {
            if (p->data[k] > edge) {
                if (!itDescend(it, k)) return -1;
                return itFirstInSubtree(it);
            }
        }
    }
}

/* The previous key before it->node in order: the greatest key of the nearest
 * smaller sibling subtree, else the parent if it is a key, going up. */
static int itBackward(raxIterator *it) {
    for (;;) {
        int edge;
        if (!itAscend(it, &edge)) return 0;
        raxNode *p = it->node;
        if (!p->iscompr) {
            for (size_t k = p->size; k-- > 0;) {
                if (p->data[k] < edge) {
                    if (!itDescend(it, k)) return -1;
                    return itLastInSubtree(it);
                }
            }
        }
        if (p->iskey) return 1;
    }
}

/* Turn an internal move's result into the public convention. */
static int itFinish(raxIterator *it, int rc) {
    if (rc < 0) {
        it->flags |= RAX_ITER_EOF;
        errno = ENOMEM;
        return 0;
    }
    if (rc == 0) {
        it->flags |= RAX_ITER_EOF;
        errno = 0;
        return 0;
    }
    it->data = nodeGetValue(it->node);
    return 1;
}

static int itStep(raxIterator *it, int forward) {
    if (it->flags & RAX_ITER_JUST_SEEKED) {
        it->flags &= ~RAX_ITER_JUST_SEEKED;
        if (it->flags & RAX_ITER_EOF) {
            errno = 0;
            return 0;
        }
        return 1;
    }
    if (it->flags & RAX_ITER_EOF) {
        errno = 0;
        return 0;
    }
    return itFinish(it, forward ? itForward(it, 0) : itBackward(it));
}

int raxNext(raxIterator *it) {
    return itStep(it, 1);
}

int raxPrev(raxIterator *it) {
    return itStep(it, 0);
}

/* Position on the key the operator selects (see rax.h).  The walk descends
 * with the iterator as far as the tree has ele; then, where it stopped:
 *
 *   all of ele consumed, at node h:  h itself for "=", ">=", "<=" if h is a
 *     key, else the next key after h (its subtree comes first: all of it
 *     extends ele) or the previous key before h.
 *   stopped at a normal node h with byte c = ele[i] unmatched:  the first
 *     subtree with an edge > c, or the last one with an edge < c; failing
 *     that, whatever follows h's subtree (">") or h itself / what precedes it
 *     ("<") - h's path is a proper prefix of ele, so h < ele.
 *   stopped inside the run of a compressed node h:  its child's subtree is
 *     entirely greater than ele if ele ran out inside the run or its next byte
 *     is smaller than the run's, else entirely smaller. */
int raxSeek(raxIterator *it, const char *op, unsigned char *ele, size_t len) {
    int eq = 0, gt = 0, lt = 0, first = 0, last = 0;

    if (op[0] == '^' && op[1] == '\0') first = 1;
    else if (op[0] == '$' && op[1] == '\0') last = 1;
    else if (op[0] == '=' && op[1] == '\0') eq = 1;
    else if ((op[0] == '>' || op[0] == '<') && (op[1] == '\0' || (op[1] == '=' && op[2] == '\0'))) {
        gt = op[0] == '>';
        lt = op[0] == '<';
        eq = op[1] == '=';
    } else {
        errno = EINVAL;
        return 0;
    }

    it->stack.items = 0;
    it->stack.oom = 0;
    it->key_len = 0;
    it->node = it->rt->head;
    it->data = NULL;
    it->flags = RAX_ITER_JUST_SEEKED;
    if (it->rt->numele == 0) {
        it->flags |= RAX_ITER_EOF;
        return 1;
    }

    int rc;
    if (first) {
        rc = itFirstInSubtree(it);
    } else if (last) {
        rc = itLastInSubtree(it);
    } else {
        size_t i = 0, j = 0;
        raxNode *h = it->node;
        rc = 2; /* not decided yet */
        while (h->size && i < len) {
            if (h->iscompr) {
                while (j < h->size && i + j < len && h->data[j] == ele[i + j]) j++;
                if (j != h->size) break;
                if (!itDescend(it, 0)) {
                    rc = -1;
                    break;
                }
                i += j;
                j = 0;
            } else {
                const unsigned char *e = memchr(h->data, ele[i], h->size);
                if (e == NULL) break;
                if (!itDescend(it, (size_t)(e - h->data))) {
                    rc = -1;
                    break;
                }
                i++;
            }
            h = it->node;
        }

        if (rc == -1) {
            /* out of memory while walking */
        } else if (i == len) {
            if (eq && h->iskey) rc = 1;
            else if (gt) rc = itForward(it, 0);
            else if (lt) rc = itBackward(it);
            else rc = 0;
        } else if (!gt && !lt) {
            rc = 0; /* "=" and the key is not there */
        } else if (h->iscompr) {
            int child_greater = i + j == len || ele[i + j] < h->data[j];
            if (child_greater == gt) {
                rc = itDescend(it, 0) ? (gt ? itFirstInSubtree(it) : itLastInSubtree(it)) : -1;
            } else if (gt) {
                rc = itForward(it, 1);
            } else {
                rc = h->iskey ? 1 : itBackward(it);
            }
        } else {
            unsigned char c = ele[i];
            size_t k, found = h->size;
            if (gt) {
                for (k = 0; k < h->size; k++)
                    if (h->data[k] > c) { found = k; break; }
            } else {
                for (k = h->size; k-- > 0;)
                    if (h->data[k] < c) { found = k; break; }
            }
            if (found != h->size) {
                rc = itDescend(it, found) ? (gt ? itFirstInSubtree(it) : itLastInSubtree(it)) : -1;
            } else if (gt) {
                rc = itForward(it, 1);
            } else {
                rc = h->iskey ? 1 : itBackward(it);
            }
        }
    }

    if (rc < 0) {
        it->flags |= RAX_ITER_EOF;
        errno = ENOMEM;
        return 0;
    }
    if (rc == 0) it->flags |= RAX_ITER_EOF;
    else it->data = nodeGetValue(it->node);
    return 1;
}

int raxCompare(raxIterator *iter, const char *op, unsigned char *key, size_t key_len) {
    int eq = 0, gt = 0, lt = 0;
    if (op[0] == '=' && op[1] == '=' && op[2] == '\0') eq = 1;
    else if ((op[0] == '>' || op[0] == '<') && (op[1] == '\0' || (op[1] == '=' && op[2] == '\0'))) {
        gt = op[0] == '>';
        lt = op[0] == '<';
        eq = op[1] == '=';
    } else {
        return 0;
    }

    size_t minlen = iter->key_len < key_len ? iter->key_len : key_len;
    int cmp = minlen ? memcmp(iter->key, key, minlen) : 0;
    if (cmp == 0) cmp = iter->key_len < key_len ? -1 : (iter->key_len > key_len ? 1 : 0);

    if (cmp == 0) return eq;
    return cmp > 0 ? gt : lt;
}

/* A private xorshift generator: sampling needs no quality and must not
 * disturb the process's rand() sequence. */
static uint64_t rax_rand_state = 0x9e3779b97f4a7c15ULL;
static uint64_t raxRand(void) {
    uint64_t x = rax_rand_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rax_rand_state = x;
    return x;
}

int raxRandomWalk(raxIterator *it, size_t steps) {
    if (it->rt->numele == 0) {
        it->flags |= RAX_ITER_EOF;
        return 0;
    }
    /* A position from before a modification cannot be trusted; one from a
     * seek that found nothing has no node: start those from the root. */
    if (it->node == NULL || (it->flags & RAX_ITER_EOF)) {
        it->stack.items = 0;
        it->key_len = 0;
        it->node = it->rt->head;
    }
    if (steps == 0) {
        /* Up to twice the bit length of the size: deeper trees, longer walks. */
        size_t bits = 0;
        for (uint64_t n = it->rt->numele; n; n >>= 1) bits++;
        steps = 1 + (size_t)(raxRand() % (2 * bits));
    }

    /* Each move goes to a random neighbour: one of the children or, except at
     * the root, the parent.  A step is counted each time a key is reached;
     * the walk ends on a key once the steps are spent. */
    while (steps > 0 || !it->node->iskey) {
        raxNode *n = it->node;
        size_t nc = nodeChildCount(n);
        size_t choices = nc + (it->stack.items ? 1 : 0);
        if (choices == 0) break; /* only the root, which is the empty key */
        size_t pick = (size_t)(raxRand() % choices);
        if (pick == nc) {
            int edge;
            itAscend(it, &edge);
        } else if (!itDescend(it, pick)) {
            it->flags |= RAX_ITER_EOF;
            return 0;
        }
        if (it->node->iskey && steps > 0) steps--;
    }
    it->flags &= ~(RAX_ITER_EOF | RAX_ITER_JUST_SEEKED);
    it->data = nodeGetValue(it->node);
    return 1;
}

/* ------------------------------------------------------------------------
 * Debugging
 * ------------------------------------------------------------------------ */

static void showBytes(const unsigned char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 32 && s[i] < 127 && s[i] != '\\') putchar(s[i]);
        else printf("\\x%02x", s[i]);
    }
}

static void showNode(raxNode *n, int depth) {
    printf("%*s", depth * 2, "");
    if (n->iscompr) {
        putchar('"');
        showBytes(n->data, n->size);
        putchar('"');
    } else {
        putchar('[');
        showBytes(n->data, n->size);
        putchar(']');
    }
    if (n->iskey) printf(" key=%p", nodeGetValue(n));
    putchar('\n');
    for (size_t i = 0; i < nodeChildCount(n); i++) showNode(nodeChildren(n)[i], depth + 1);
}

void raxShow(rax *r) {
    showNode(r->head, 0);
}
