/* rax: a radix tree mapping binary-safe byte strings to void* values.
 *
 * Streams keep their listpack nodes in a rax keyed by the 16-byte big-endian
 * ID of each node's first entry (ms then seq), consumer groups keep their
 * pending entries and consumers in raxes too.  The tree is prefix-compressed
 * and ordered, so it is small when many keys share long prefixes (stream IDs
 * do) and it can be walked in key order from any point.
 *
 * THE IDEA
 * --------
 * A plain trie spends one node per byte of every key.  Here a chain of nodes
 * that have a single child each and hold no key is folded into ONE
 * "compressed" node that carries the whole run of bytes.  Every node is
 * therefore one of:
 *
 *   normal node      0..256 one-byte edges, sorted by byte, each to a child;
 *                    a node with 0 edges is a leaf.
 *   compressed node  a run of 2 or more bytes leading to exactly one child.
 *
 * A key is the sequence of bytes read from the root down to a node; that node
 * is flagged "is key" and stores the key's value.  So a key "ends AT a node",
 * never inside a compressed run, and the value of a node belongs to the path
 * that reaches it, not to the bytes the node itself holds.  A key may hold the
 * value NULL (the "null key"): it is present but needs no value pointer.  The
 * root node always exists, also in an empty tree; the empty key is the root.
 *
 * Keys "abc", "abde" and "ab" (values 1, 2, 3); [*v] is a node where a key
 * ends, with its value:
 *
 *   root ("ab") --> ['c','d' *3] --'c'--> [*1]
 *                                --'d'--> ['e'] --'e'--> [*2]
 *
 * Five nodes: the root is a compressed node holding the run "ab"; below it
 * a normal node with the edges 'c' and 'd', where the key "ab" ends (value
 * 3); the leaf of "abc"; a normal node with the single edge 'e' (a one-byte
 * run is never a compressed node); the leaf of "abde".
 *
 * NODE LAYOUT (one allocation per node)
 * -------------------------------------
 *
 *   normal node with edges 'c','d', a key with a value:
 *   +--------+-----+-----+-----+---------+---------+---------+
 *   | header | 'c' | 'd' | pad | child c | child d | value   |
 *   +--------+-----+-----+-----+---------+---------+---------+
 *
 *   compressed node "xyz", not a key:
 *   +--------+-----+-----+-----+-----+---------+
 *   | header | 'x' | 'y' | 'z' | pad | child   |
 *   +--------+-----+-----+-----+-----+---------+
 *
 * The 32-bit header holds iskey, isnull (key whose value is NULL: no value
 * slot), iscompr, and the byte count `size` (edges of a normal node, length
 * of the run of a compressed one).  The padding aligns the pointers.  A leaf
 * holding a value costs 16 bytes; a 16-byte stream ID added next to its
 * neighbours costs one leaf plus one edge byte and one pointer in its parent.
 *
 * INSERTING INSIDE A COMPRESSED RUN (the split)
 * ---------------------------------------------
 * ("run") is a compressed node, ['a','b'] a normal node with those edges,
 * [*] a node where a key ends.  Insert "abXY" into a tree holding only
 * "abcde": the walk stops inside the root's run, at 'c' where the new key has
 * 'X'.  The run is cut in up to three pieces: the bytes before the mismatch,
 * a normal "fork" node whose edges are the old byte and the new one, and the
 * bytes after the mismatch, which keep the old child:
 *
 *   before:  ("abcde") -> [*]
 *
 *   after:   ("ab") -> ['X','c'] --'c'--> ("de") -> [*]          "abcde"
 *                                --'X'--> ['Y'] --'Y'--> [*]     "abXY"
 *
 * A piece of one byte is a normal node with one edge (see ['Y']); a piece of
 * no bytes is not created (a mismatch on the first byte puts the fork in the
 * run's place).  The rest of the new key hangs from the fork's new edge: one
 * node per byte, except that a new leaf receiving 2+ bytes turns into a
 * compressed node at once.  A key that ends inside a run ("abc" into "abcde")
 * cuts it in two, the second piece being where the new key ends:
 *
 *   ("abcde") -> [*]    becomes    ("abc") -> ("de" *) -> [*]
 *
 * REMOVING AND RE-MERGING
 * -----------------------
 * Removing a key clears its flag.  If its node is a leaf, the leaf is freed
 * together with every ancestor that only led to it (not a key, one child),
 * and the edge is cut from the first ancestor that stays.  Then, if a node
 * is left with one child and no key, the chain of one-child non-key nodes
 * around it (up and down) is merged back into one compressed node:
 *
 *   ("ab") -> ['X','c'] --'c'--> ("de") -> [*]      remove "abXY": free both
 *                       --'X'--> ['Y'] --> [*]      nodes below 'X', then
 *
 *   ("ab") -> ['c'] -> ("de") -> [*]                merge the three runs:
 *   ("abcde") -> [*]
 *
 * So the tree usually has the shape it would have had without the removed
 * key.  One exception is kept because Redis has it and node counts must
 * match: when the removed key ends at a compressed node (which keeps its
 * child), no merge is tried.
 *
 * Node counts (raxNodes, XINFO STREAM's radix-tree-nodes) follow the same
 * rules as Redis 7.0's rax, so they match for the same insert/remove history.
 *
 * ITERATORS
 * ---------
 *   raxIterator it;
 *   raxStart(&it, r);
 *   raxSeek(&it, ">=", key, len);
 *   while (raxNext(&it)) { use it.key, it.key_len, it.data }
 *   raxStop(&it);
 *
 * raxSeek positions the iterator; seek operators:
 *   "^"   the first (smallest) key          "$"   the last (greatest) key
 *   "="   exactly key                        ">"  ">=" "<" "<="  relative to key
 * The element found by a seek is returned by the FIRST raxNext() or raxPrev()
 * that follows it (whichever is called), which does not move; later calls move
 * forward (raxNext) or backward (raxPrev).  So after ">=" or "^" call raxNext
 * to get the smallest key >= k / the first key, after "<=", "<" or "$" call
 * raxPrev to get the greatest key <= k / the last key, then keep calling the
 * same function.  If no key satisfies the operator, raxSeek still returns 1
 * and the next raxNext/raxPrev returns 0 (raxEOF() is then 1).  raxSeek
 * returns 0 only for an unknown operator (errno EINVAL) or out of memory
 * (errno ENOMEM).  An iterator that was started but never seeked returns 0.
 *
 * Keys are ordered as memcmp() orders them, a prefix before its extensions.
 *
 * MODIFYING THE TREE WHILE ITERATING: the iterator holds pointers into the
 * tree, so after any raxInsert/raxTryInsert/raxRemove on the tree (including
 * removing the element just returned) the iterator must be re-seeked before
 * the next raxNext/raxPrev, typically with raxSeek(&it, ">", it.key,
 * it.key_len) to continue after the current key.  it.key stays valid (it is
 * the iterator's own copy) until the next call on the iterator.
 *
 * Allocation failures: raxInsert/raxTryInsert return 0 with errno ENOMEM and
 * leave the tree holding the same keys and values (its shape may be less
 * compact than usual); raxRemove may return 0 with errno ENOMEM for a tree
 * deeper than 32 nodes when its path stack cannot grow; raxNext/raxPrev/
 * raxSeek return 0 with errno ENOMEM.  A raxInsert that updates an existing
 * key sets errno to 0, so "0 and errno == 0" means "already there".
 */
#ifndef RAX_H
#define RAX_H

#include <stddef.h>
#include <stdint.h>

/* Largest run a compressed node can hold (the size field is 29 bits). */
#define RAX_NODE_MAX_SIZE ((1u << 29) - 1)

typedef struct raxNode {
    uint32_t iskey : 1;   /* a key ends at this node */
    uint32_t isnull : 1;  /* ... and its value is NULL (no value slot) */
    uint32_t iscompr : 1; /* compressed node: data is a run, one child */
    uint32_t size : 29;   /* edges (normal) or run length (compressed) */
    /* size bytes, padding to pointer alignment, the child pointers (size for a
     * normal node, 1 for a compressed one), then the value pointer if
     * iskey && !isnull. */
    unsigned char data[];
} raxNode;

typedef struct rax {
    raxNode *head;     /* the root, never NULL */
    uint64_t numele;   /* number of keys */
    uint64_t numnodes; /* number of nodes, the root included */
} rax;

/* The stack of nodes from the root down to (excluding) the current node,
 * used by iterators and by removal.  Small depths need no allocation. */
#define RAX_STACK_STATIC_ITEMS 32
typedef struct raxStack {
    void **stack;
    size_t items, maxitems;
    void *static_items[RAX_STACK_STATIC_ITEMS];
    int oom; /* a push failed for lack of memory */
} raxStack;

#define RAX_ITER_STATIC_LEN 128
#define RAX_ITER_JUST_SEEKED (1 << 0) /* next call returns the current element */
#define RAX_ITER_EOF (1 << 1)         /* nothing more in this direction */

typedef struct raxIterator {
    int flags;
    rax *rt;             /* the tree being iterated */
    unsigned char *key;  /* current key (the iterator's own copy) */
    void *data;          /* value of the current key */
    size_t key_len;      /* length of the current key */
    size_t key_max;      /* allocated size of key */
    unsigned char key_static_string[RAX_ITER_STATIC_LEN];
    raxNode *node;       /* node of the current key */
    raxStack stack;      /* its ancestors, root first */
} raxIterator;

/* Returned by raxFind for an absent key (distinct from a stored NULL). */
extern void *raxNotFound;

rax *raxNew(void); /* NULL if out of memory */
/* Insert or overwrite.  1 if the key is new; 0 if it existed (its old value
 * goes to *old when old != NULL, errno 0) or on OOM (errno ENOMEM). */
int raxInsert(rax *r, unsigned char *s, size_t len, void *data, void **old);
/* Insert only if absent: like raxInsert but an existing key keeps its value
 * (returned through *old). */
int raxTryInsert(rax *r, unsigned char *s, size_t len, void *data, void **old);
/* 1 if the key was there and is removed (its value to *old), else 0. */
int raxRemove(rax *r, unsigned char *s, size_t len, void **old);
/* The key's value (possibly NULL) or raxNotFound. */
void *raxFind(rax *r, unsigned char *s, size_t len);
void raxFree(rax *r);
/* Like raxFree, calling free_callback on every non-NULL value first. */
void raxFreeWithCallback(rax *r, void (*free_callback)(void *));
uint64_t raxSize(rax *r);  /* number of keys */
uint64_t raxNodes(rax *r); /* number of nodes, root included */

void raxStart(raxIterator *it, rax *rt);
int raxSeek(raxIterator *it, const char *op, unsigned char *ele, size_t len);
int raxNext(raxIterator *it);
int raxPrev(raxIterator *it);
int raxEOF(raxIterator *it);
/* Compare the iterator's current key with key: op is "==", ">", ">=", "<"
 * or "<=".  1 if "current op key" holds, 0 otherwise (or for a bad op). */
int raxCompare(raxIterator *iter, const char *op, unsigned char *key, size_t key_len);
void raxStop(raxIterator *it);
/* Move to a pseudo-random key by a random walk of `steps` key nodes (0: a
 * number of steps that grows with the log of the size).  For sampling, not
 * uniform.  Starts from the current position (the root if not seeked).
 * 1 on success, 0 if the tree is empty or out of memory. */
int raxRandomWalk(raxIterator *it, size_t steps);

/* Debugging: print the tree's structure to stdout. */
void raxShow(rax *r);

/* Fault injection for the unit tests: when set to N > 0, the Nth allocation
 * the rax code makes from then on fails as if memory were exhausted (once;
 * it is 0 again afterwards).  0, the default, never fails.  Tests only: not
 * thread safe. */
extern unsigned long raxFaultAfter;

#endif
