/* t_stream.c - the stream type: an append-only log of field/value entries
 * with consumer groups.
 *
 * The file has two layers, split by a banner: the type API (IDs, appending,
 * iterating, deleting, trimming, consumer groups; see stream.h for the
 * storage layout, which is Redis 7.0's byte for byte), then the commands.
 *
 * Node sizing: a new node starts when the tail listpack would reach
 * stream-node-max-bytes with the new entry's field and value bytes, or
 * already holds stream-node-max-entries entries (live + deleted).  A new
 * node's listpack is allocated up front at min(4096, stream-node-max-bytes)
 * bytes so that the appends that follow seldom reallocate; when a node is
 * closed (the next one starts) its slack is given back.  These are the
 * points and sizes of Redis 7.0, so XINFO's radix-tree-keys and the memory
 * of a stream match.
 *
 * Blocking (XREAD / XREADGROUP BLOCK) follows the re-execution model of
 * blocked.c: a read that finds nothing blocks, and it is simply run again
 * when a key it waits on is fed.  XREAD's "$" is rewritten in argv into the
 * concrete last ID before blocking, so that the rerun reads only newer
 * entries; XREADGROUP's ">" needs nothing.  XREADGROUP also wakes up when
 * its key is deleted or overwritten, or its group destroyed, to answer with
 * the errors Redis 7.0 gives then. */
#include "server.h"
#include "stream.h"
#include "listpack.h"
#include "notify.h"
#include "debug.h"
#include "blocked.h"

#include <errno.h>
#include <limits.h>

/* A node's listpack never grows past this size, whatever the config says. */
#define STREAM_LISTPACK_MAX_SIZE (1 << 30)
/* Bytes allocated up front for a new node's listpack. */
#define STREAM_LISTPACK_MAX_PRE_ALLOCATE 4096

/* ===========================================================================
 * Listpack helpers
 * ======================================================================== */

/* The integer stored at p (stream nodes store their counters, flags and
 * deltas as listpack integers). */
static inline int64_t lpGetIntegerAt(unsigned char *p) {
    unsigned int slen;
    long long v;
    unsigned char *s = lpGetValue(p, &slen, &v);
    if (s && !string2ll((char *)s, slen, &v)) v = 0;
    return v;
}

/* Skip n elements forward. */
static inline unsigned char *lpSkip(unsigned char *lp, unsigned char *p, int64_t n) {
    while (n-- > 0 && p) p = lpNext(lp, p);
    return p;
}

/* ===========================================================================
 * IDs
 * ======================================================================== */

static inline void putBE64(unsigned char *p, uint64_t v) {
    for (int j = 7; j >= 0; j--) {
        p[j] = v & 0xff;
        v >>= 8;
    }
}

static inline uint64_t getBE64(const unsigned char *p) {
    uint64_t v = 0;
    for (int j = 0; j < 8; j++) v = (v << 8) | p[j];
    return v;
}

void streamEncodeID(void *buf, const streamID *id) {
    putBE64(buf, id->ms);
    putBE64((unsigned char *)buf + 8, id->seq);
}

void streamDecodeID(const void *buf, streamID *id) {
    id->ms = getBE64(buf);
    id->seq = getBE64((const unsigned char *)buf + 8);
}

int streamCompareID(const streamID *a, const streamID *b) {
    if (a->ms != b->ms) return a->ms > b->ms ? 1 : -1;
    if (a->seq != b->seq) return a->seq > b->seq ? 1 : -1;
    return 0;
}

static inline int streamIDEqZero(const streamID *id) { return id->ms == 0 && id->seq == 0; }

int streamIncrID(streamID *id) {
    if (id->seq == UINT64_MAX) {
        if (id->ms == UINT64_MAX) {
            id->ms = id->seq = 0; /* wraps: the caller reports the error */
            return C_ERR;
        }
        id->ms++;
        id->seq = 0;
    } else {
        id->seq++;
    }
    return C_OK;
}

int streamDecrID(streamID *id) {
    if (id->seq == 0) {
        if (id->ms == 0) {
            id->ms = id->seq = UINT64_MAX;
            return C_ERR;
        }
        id->ms--;
        id->seq = UINT64_MAX;
    } else {
        id->seq--;
    }
    return C_OK;
}

/* "ms-seq" into buf (at least 2 * LONG_STR_SIZE bytes); returns the length. */
static int streamIDToString(const streamID *id, char *buf) {
    int len = ull2string(buf, LONG_STR_SIZE, id->ms);
    buf[len++] = '-';
    len += ull2string(buf + len, LONG_STR_SIZE, id->seq);
    return len;
}

static robj *createObjectFromStreamID(const streamID *id) {
    char buf[2 * LONG_STR_SIZE];
    int len = streamIDToString(id, buf);
    return createStringObject(buf, len);
}

/* ===========================================================================
 * Streams: creation, freeing, copy, digest
 * ======================================================================== */

stream *streamNew(void) {
    stream *s = zmalloc(sizeof(*s));
    s->rax = raxNew();
    s->length = 0;
    s->first_id.ms = s->first_id.seq = 0;
    s->last_id.ms = s->last_id.seq = 0;
    s->max_deleted_entry_id.ms = s->max_deleted_entry_id.seq = 0;
    s->entries_added = 0;
    s->cgroups = NULL;
    return s;
}

static void freeNodeCallback(void *lp) { lpFree(lp); }

static void freeCGCallback(void *cg) { streamFreeCG(cg); }

void freeStream(stream *s) {
    raxFreeWithCallback(s->rax, freeNodeCallback);
    if (s->cgroups) raxFreeWithCallback(s->cgroups, freeCGCallback);
    zfree(s);
}

robj *createStreamObject(void) {
    robj *o = createObject(OBJ_STREAM, streamNew());
    o->encoding = OBJ_ENCODING_STREAM;
    return o;
}

void freeStreamObject(robj *o) { freeStream(o->ptr); }

unsigned long streamLength(const robj *o) { return ((stream *)o->ptr)->length; }

/* A copy of a consumer group: consumers, PEL and NACKs, with each copied
 * NACK pointing at the copied consumer. */
static streamCG *streamDupCG(stream *dst, streamCG *cg, unsigned char *name, size_t namelen) {
    streamCG *ncg = streamCreateCG(dst, (char *)name, namelen, &cg->last_id, cg->entries_read);
    raxIterator ri;
    raxStart(&ri, cg->consumers);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        streamConsumer *c = ri.data;
        streamConsumer *nc = zmalloc(sizeof(*nc));
        nc->name = sdsdup(c->name);
        nc->seen_time = c->seen_time;
        nc->pel = raxNew();
        raxInsert(ncg->consumers, ri.key, ri.key_len, nc, NULL);
        raxIterator pi;
        raxStart(&pi, c->pel);
        raxSeek(&pi, "^", NULL, 0);
        while (raxNext(&pi)) {
            streamNACK *na = pi.data;
            streamNACK *nna = zmalloc(sizeof(*nna));
            *nna = *na;
            nna->consumer = nc;
            raxInsert(ncg->pel, pi.key, pi.key_len, nna, NULL);
            raxInsert(nc->pel, pi.key, pi.key_len, nna, NULL);
        }
        raxStop(&pi);
    }
    raxStop(&ri);
    return ncg;
}

robj *streamTypeDup(robj *o) {
    stream *s = o->ptr;
    robj *no = createStreamObject();
    stream *ns = no->ptr;
    raxIterator ri;
    raxStart(&ri, s->rax);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        size_t bytes = lpBytes(ri.data);
        unsigned char *lp = zmalloc(bytes);
        memcpy(lp, ri.data, bytes);
        raxInsert(ns->rax, ri.key, ri.key_len, lp, NULL);
    }
    raxStop(&ri);
    ns->length = s->length;
    ns->first_id = s->first_id;
    ns->last_id = s->last_id;
    ns->max_deleted_entry_id = s->max_deleted_entry_id;
    ns->entries_added = s->entries_added;
    if (s->cgroups) {
        raxStart(&ri, s->cgroups);
        raxSeek(&ri, "^", NULL, 0);
        while (raxNext(&ri)) streamDupCG(ns, ri.data, ri.key, ri.key_len);
        raxStop(&ri);
    }
    return no;
}

/* The live entries in order: each ID as "ms.seq", then its fields and
 * values.  Groups are not part of the digest (as in Redis). */
void streamTypeDigest(robj *o, unsigned char *digest) {
    streamIterator si;
    streamID id;
    int64_t numfields;
    streamIteratorStart(&si, o->ptr, NULL, NULL, 0);
    while (streamIteratorGetID(&si, &id, &numfields)) {
        char buf[2 * LONG_STR_SIZE];
        int len = ull2string(buf, LONG_STR_SIZE, id.ms);
        buf[len++] = '.';
        len += ull2string(buf + len, LONG_STR_SIZE, id.seq);
        digestMix(digest, buf, len);
        while (numfields--) {
            unsigned char *f, *v;
            int64_t flen, vlen;
            streamIteratorGetField(&si, &f, &v, &flen, &vlen);
            digestMix(digest, f, flen);
            digestMix(digest, v, vlen);
        }
    }
    streamIteratorStop(&si);
}

/* ===========================================================================
 * Appending
 * ======================================================================== */

/* The next ID from the clock: now, or one past the last ID if the clock is
 * not ahead of it. */
static void streamNextID(const streamID *last, streamID *id) {
    uint64_t ms = mstime();
    if (ms > last->ms) {
        id->ms = ms;
        id->seq = 0;
    } else {
        *id = *last;
        streamIncrID(id);
    }
}

int streamAppendItem(stream *s, robj **argv, int64_t numfields, streamID *added_id, streamID *use_id,
                     int seq_given) {
    streamID id;
    if (use_id) {
        if (seq_given) {
            id = *use_id;
        } else if (s->last_id.ms == use_id->ms) {
            /* "ms-*" in the last ID's millisecond: the next sequence. */
            if (s->last_id.seq == UINT64_MAX) {
                errno = EDOM;
                return C_ERR;
            }
            id = s->last_id;
            id.seq++;
        } else {
            id = *use_id;
        }
    } else {
        streamNextID(&s->last_id, &id);
    }
    if (streamCompareID(&id, &s->last_id) <= 0) {
        errno = EDOM;
        return C_ERR;
    }

    /* Listpack strings are limited to 32 bits, and so is a node. */
    size_t totelelen = 0;
    for (int64_t i = 0; i < numfields * 2; i++) totelelen += sdslen(argv[i]->ptr);
    if (totelelen > STREAM_LISTPACK_MAX_SIZE) {
        errno = ERANGE;
        return C_ERR;
    }

    /* The tail node, unless it is full. */
    unsigned char *lp = NULL;
    unsigned char rax_key[16];
    streamID master_id;
    raxIterator ri;
    raxStart(&ri, s->rax);
    raxSeek(&ri, "$", NULL, 0);
    if (raxPrev(&ri)) {
        lp = ri.data;
        memcpy(rax_key, ri.key, sizeof(rax_key));
    }
    raxStop(&ri);
    unsigned char *lp_orig = lp;

    if (lp) {
        size_t node_max_bytes = server.stream_node_max_bytes;
        if (node_max_bytes == 0 || node_max_bytes > STREAM_LISTPACK_MAX_SIZE)
            node_max_bytes = STREAM_LISTPACK_MAX_SIZE;
        int full = 0;
        if (lpBytes(lp) + totelelen >= node_max_bytes) {
            full = 1;
        } else if (server.stream_node_max_entries) {
            unsigned char *p = lpFirst(lp);
            int64_t count = lpGetIntegerAt(p) + lpGetIntegerAt(lpNext(lp, p));
            if (count >= server.stream_node_max_entries) full = 1;
        }
        if (full) {
            /* Give the pre-allocated slack of the closed node back. */
            unsigned char *shrunk = lpShrinkToFit(lp);
            if (shrunk != lp) raxInsert(s->rax, rax_key, sizeof(rax_key), shrunk, NULL);
            lp = NULL;
        }
    }

    int flags = STREAM_ITEM_FLAG_NONE;
    if (lp == NULL) {
        /* A new node whose master entry takes this entry's fields. */
        master_id = id;
        streamEncodeID(rax_key, &id);
        size_t prealloc = STREAM_LISTPACK_MAX_PRE_ALLOCATE;
        if (server.stream_node_max_bytes > 0 && (size_t)server.stream_node_max_bytes < prealloc)
            prealloc = server.stream_node_max_bytes;
        lp = lpNew(prealloc);
        lp = lpAppendInteger(lp, 1); /* live entries */
        lp = lpAppendInteger(lp, 0); /* deleted entries */
        lp = lpAppendInteger(lp, numfields);
        for (int64_t i = 0; i < numfields; i++) {
            sds f = argv[i * 2]->ptr;
            lp = lpAppend(lp, (unsigned char *)f, sdslen(f));
        }
        lp = lpAppendInteger(lp, 0); /* master entry terminator */
        lp_orig = NULL;
        flags |= STREAM_ITEM_FLAG_SAMEFIELDS;
    } else {
        streamDecodeID(rax_key, &master_id);
        unsigned char *p = lpFirst(lp);
        lp = lpReplaceInteger(lp, &p, lpGetIntegerAt(p) + 1);
        p = lpNext(lp, p); /* deleted count */
        p = lpNext(lp, p); /* master field count */
        int64_t master_fields = lpGetIntegerAt(p);
        p = lpNext(lp, p);
        if (numfields == master_fields) {
            int64_t i;
            for (i = 0; i < master_fields; i++) {
                sds f = argv[i * 2]->ptr;
                if (!lpCompare(p, (unsigned char *)f, sdslen(f))) break;
                p = lpNext(lp, p);
            }
            if (i == master_fields) flags |= STREAM_ITEM_FLAG_SAMEFIELDS;
        }
    }

    int samefields = flags & STREAM_ITEM_FLAG_SAMEFIELDS;
    lp = lpAppendInteger(lp, flags);
    lp = lpAppendInteger(lp, (int64_t)(id.ms - master_id.ms));
    lp = lpAppendInteger(lp, (int64_t)(id.seq - master_id.seq));
    if (!samefields) lp = lpAppendInteger(lp, numfields);
    for (int64_t i = 0; i < numfields; i++) {
        sds f = argv[i * 2]->ptr, v = argv[i * 2 + 1]->ptr;
        if (!samefields) lp = lpAppend(lp, (unsigned char *)f, sdslen(f));
        lp = lpAppend(lp, (unsigned char *)v, sdslen(v));
    }
    /* lp-count: the elements before it, for walking backwards. */
    lp = lpAppendInteger(lp, samefields ? numfields + 3 : numfields * 2 + 4);

    if (lp != lp_orig) raxInsert(s->rax, rax_key, sizeof(rax_key), lp, NULL);
    s->length++;
    s->entries_added++;
    s->last_id = id;
    if (s->length == 1) s->first_id = id;
    if (added_id) *added_id = id;
    return C_OK;
}

/* ===========================================================================
 * Iterating
 * ======================================================================== */

void streamIteratorStart(streamIterator *si, stream *s, streamID *start, streamID *end, int rev) {
    streamID lo = {0, 0}, hi = {UINT64_MAX, UINT64_MAX};
    streamEncodeID(si->start_key, start ? start : &lo);
    streamEncodeID(si->end_key, end ? end : &hi);
    raxStart(&si->ri, s->rax);
    if (!rev) {
        /* The node holding start may begin before it: the greatest master
         * ID <= start, else the first node. */
        if (start && !streamIDEqZero(start)) {
            raxSeek(&si->ri, "<=", si->start_key, 16);
            if (raxEOF(&si->ri)) raxSeek(&si->ri, "^", NULL, 0);
        } else {
            raxSeek(&si->ri, "^", NULL, 0);
        }
    } else {
        /* The node holding end: the greatest master ID <= end, else the
         * last node.  A node's master ID is not always its smallest ID:
         * after XSETID lowers the last ID of a stream emptied by a trim
         * that left its last node in place, XADD appends smaller IDs to
         * that node, so the entries are compared one by one. */
        if (end && !streamIDEqZero(end)) {
            raxSeek(&si->ri, "<=", si->end_key, 16);
            if (raxEOF(&si->ri)) raxSeek(&si->ri, "$", NULL, 0);
        } else {
            raxSeek(&si->ri, "$", NULL, 0);
        }
    }
    si->stream = s;
    si->lp = NULL;
    si->lp_ele = NULL;
    si->lp_flags = NULL;
    si->rev = rev;
    si->skip_tombstones = 1;
    si->entry_flags = 0;
}


/* Enter the node the rax iterator is on: read its master entry and place
 * lp_ele on the first entry's flags (forward) or the last entry's lp-count
 * (backward). */
static void streamIteratorEnterNode(streamIterator *si) {
    si->lp = si->ri.data;
    streamDecodeID(si->ri.key, &si->master_id);
    unsigned char *p = lpFirst(si->lp); /* live count */
    p = lpNext(si->lp, p);              /* deleted count */
    p = lpNext(si->lp, p);              /* master field count */
    si->master_fields_count = lpGetIntegerAt(p);
    p = lpNext(si->lp, p);
    si->master_fields_start = p;
    p = lpSkip(si->lp, p, si->master_fields_count); /* on the terminator */
    if (!si->rev) {
        si->lp_ele = lpNext(si->lp, p);
        si->items_left = 0;
    } else {
        si->lp_ele = lpLast(si->lp);
    }
}

int streamIteratorGetID(streamIterator *si, streamID *id, int64_t *numfields) {
    while (1) {
        if (si->lp == NULL) {
            int found = si->rev ? raxPrev(&si->ri) : raxNext(&si->ri);
            if (!found) return 0;
            /* No shortcut on the master ID: it can exceed the node's entries
             * (see streamIteratorStart); the first entry past end stops. */
            streamIteratorEnterNode(si);
        } else if (!si->rev) {
            /* Past what the caller did not read of the previous entry, and
             * past its lp-count. */
            si->lp_ele = lpSkip(si->lp, si->lp_ele, si->items_left + 1);
        } else {
            si->lp_ele = lpPrev(si->lp, si->lp_flags);
        }

        unsigned char *p = si->lp_ele;
        if (!si->rev) {
            if (p == NULL) {
                si->lp = NULL;
                continue;
            }
        } else {
            /* At an lp-count, or at the master terminator (0). */
            int64_t lp_count = lpGetIntegerAt(p);
            if (lp_count == 0) {
                si->lp = NULL;
                continue;
            }
            while (lp_count--) p = lpPrev(si->lp, p);
        }

        /* p is on the entry's flags. */
        si->lp_flags = p;
        si->entry_flags = lpGetIntegerAt(p);
        p = lpNext(si->lp, p);
        id->ms = si->master_id.ms + (uint64_t)lpGetIntegerAt(p);
        p = lpNext(si->lp, p);
        id->seq = si->master_id.seq + (uint64_t)lpGetIntegerAt(p);
        p = lpNext(si->lp, p);
        if (si->entry_flags & STREAM_ITEM_FLAG_SAMEFIELDS) {
            *numfields = si->master_fields_count;
            si->items_left = *numfields;
        } else {
            *numfields = lpGetIntegerAt(p);
            p = lpNext(si->lp, p);
            si->items_left = *numfields * 2;
        }
        si->lp_ele = p;
        si->master_fields_ptr = si->master_fields_start;

        unsigned char buf[16];
        streamEncodeID(buf, id);
        int deleted = si->skip_tombstones && (si->entry_flags & STREAM_ITEM_FLAG_DELETED);
        if (!si->rev) {
            if (memcmp(buf, si->start_key, 16) < 0 || deleted) continue;
            if (memcmp(buf, si->end_key, 16) > 0) return 0;
            return 1;
        } else {
            if (memcmp(buf, si->end_key, 16) > 0 || deleted) continue;
            if (memcmp(buf, si->start_key, 16) < 0) return 0;
            return 1;
        }
    }
}

/* The next field and value of the current entry.  Integers are returned as
 * their decimal form in the iterator's buffers. */
void streamIteratorGetField(streamIterator *si, unsigned char **field, unsigned char **value, int64_t *fieldlen,
                            int64_t *valuelen) {
    if (si->entry_flags & STREAM_ITEM_FLAG_SAMEFIELDS) {
        *field = lpGet(si->master_fields_ptr, fieldlen, si->field_buf);
        si->master_fields_ptr = lpNext(si->lp, si->master_fields_ptr);
        si->items_left--;
    } else {
        *field = lpGet(si->lp_ele, fieldlen, si->field_buf);
        si->lp_ele = lpNext(si->lp, si->lp_ele);
        si->items_left -= 2;
    }
    *value = lpGet(si->lp_ele, valuelen, si->value_buf);
    si->lp_ele = lpNext(si->lp, si->lp_ele);
}

/* Delete the current entry (the one GetID just returned, with ID current),
 * then re-seek so that the walk goes on after it. */
void streamIteratorRemoveEntry(streamIterator *si, streamID *current) {
    unsigned char *lp = si->lp;
    unsigned char *p = si->lp_flags;
    lp = lpReplaceInteger(lp, &p, si->entry_flags | STREAM_ITEM_FLAG_DELETED);

    p = lpFirst(lp);
    int64_t live = lpGetIntegerAt(p);
    if (live == 1) {
        /* It was the node's last live entry: the node goes. */
        lpFree(lp);
        raxRemove(si->stream->rax, si->ri.key, si->ri.key_len, NULL);
    } else {
        lp = lpReplaceInteger(lp, &p, live - 1);
        p = lpNext(lp, p);
        lp = lpReplaceInteger(lp, &p, lpGetIntegerAt(p) + 1);
        if (lp != si->ri.data) raxInsert(si->stream->rax, si->ri.key, si->ri.key_len, lp, NULL);
    }
    si->stream->length--;

    streamID start, end;
    if (si->rev) {
        streamDecodeID(si->start_key, &start);
        end = *current;
    } else {
        start = *current;
        streamDecodeID(si->end_key, &end);
    }
    int skip = si->skip_tombstones;
    streamIteratorStop(si);
    streamIteratorStart(si, si->stream, &start, &end, si->rev);
    si->skip_tombstones = skip;
}

void streamIteratorStop(streamIterator *si) { raxStop(&si->ri); }

/* ===========================================================================
 * Reading edges, deleting, trimming
 * ======================================================================== */

int streamEntryExists(stream *s, streamID *id) {
    streamIterator si;
    streamID found;
    int64_t numfields;
    streamIteratorStart(&si, s, id, id, 0);
    int exists = streamIteratorGetID(&si, &found, &numfields);
    streamIteratorStop(&si);
    return exists;
}

int streamDeleteItem(stream *s, streamID *id) {
    streamIterator si;
    streamID found;
    int64_t numfields;
    int deleted = 0;
    streamIteratorStart(&si, s, id, id, 0);
    if (streamIteratorGetID(&si, &found, &numfields)) {
        streamIteratorRemoveEntry(&si, &found);
        deleted = 1;
    }
    streamIteratorStop(&si);
    return deleted;
}

void streamGetEdgeID(stream *s, int first, int skip_tombstones, streamID *edge_id) {
    streamIterator si;
    int64_t numfields;
    streamIteratorStart(&si, s, NULL, NULL, !first);
    si.skip_tombstones = skip_tombstones;
    if (!streamIteratorGetID(&si, edge_id, &numfields)) {
        if (first) edge_id->ms = edge_id->seq = UINT64_MAX;
        else edge_id->ms = edge_id->seq = 0;
    }
    streamIteratorStop(&si);
}

/* The ID of the last live entry (0-0 if none). */
static void streamLastValidID(stream *s, streamID *maxid) { streamGetEdgeID(s, 0, 1, maxid); }

/* The ID of the first (first = 1) or last entry of a node, deleted or not. */
static void lpGetEdgeStreamID(unsigned char *lp, int first, streamID *master_id, streamID *edge_id) {
    unsigned char *p;
    if (first) {
        p = lpFirst(lp);
        p = lpNext(lp, p);
        p = lpNext(lp, p);
        int64_t master_fields = lpGetIntegerAt(p);
        p = lpSkip(lp, lpNext(lp, p), master_fields); /* terminator */
        p = lpNext(lp, p);
    } else {
        p = lpLast(lp);
        int64_t lp_count = lpGetIntegerAt(p);
        while (lp_count--) p = lpPrev(lp, p);
    }
    p = lpNext(lp, p); /* past flags */
    edge_id->ms = master_id->ms + (uint64_t)lpGetIntegerAt(p);
    p = lpNext(lp, p);
    edge_id->seq = master_id->seq + (uint64_t)lpGetIntegerAt(p);
}

/* Trim by MAXLEN or MINID.  Whole nodes go first; with "~" trimming stops
 * at the first node that cannot go entirely, otherwise the entries of that
 * node below the threshold are marked deleted.  LIMIT caps the entries
 * removed (counted per whole node).  Returns the entries deleted. */
int64_t streamTrim(stream *s, streamTrimArgs *args) {
    if (args->strategy == TRIM_STRATEGY_NONE) return 0;
    uint64_t maxlen = (uint64_t)args->maxlen;
    int64_t limit = args->limit;
    int64_t deleted = 0;

    raxIterator ri;
    raxStart(&ri, s->rax);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        if (args->strategy == TRIM_STRATEGY_MAXLEN && s->length <= maxlen) break;
        unsigned char *lp = ri.data, *p = lpFirst(lp);
        int64_t entries = lpGetIntegerAt(p);
        if (limit && deleted + entries > limit) break;

        streamID master_id = {0, 0};
        int remove_node;
        if (args->strategy == TRIM_STRATEGY_MAXLEN) {
            remove_node = s->length - entries >= maxlen;
        } else {
            streamDecodeID(ri.key, &master_id);
            streamID last_id;
            lpGetEdgeStreamID(lp, 0, &master_id, &last_id);
            remove_node = streamCompareID(&last_id, &args->minid) < 0;
        }
        if (remove_node) {
            lpFree(lp);
            raxRemove(s->rax, ri.key, ri.key_len, NULL);
            raxSeek(&ri, ">=", ri.key, ri.key_len);
            s->length -= entries;
            deleted += entries;
            continue;
        }
        if (args->approx) break;

        /* Mark the entries of this node below the threshold deleted. */
        int64_t deleted_here = 0;
        p = lpNext(lp, p); /* deleted count */
        p = lpNext(lp, p); /* master field count */
        int64_t master_fields = lpGetIntegerAt(p);
        p = lpSkip(lp, lpNext(lp, p), master_fields); /* terminator */
        p = lpNext(lp, p);
        while (p) {
            unsigned char *pflags = p;
            int64_t flags = lpGetIntegerAt(p);
            p = lpNext(lp, p);
            int64_t ms_delta = lpGetIntegerAt(p);
            p = lpNext(lp, p);
            int64_t seq_delta = lpGetIntegerAt(p);
            p = lpNext(lp, p);
            int stop;
            if (args->strategy == TRIM_STRATEGY_MAXLEN) {
                stop = s->length <= maxlen;
            } else {
                streamID cur = {master_id.ms + (uint64_t)ms_delta, master_id.seq + (uint64_t)seq_delta};
                stop = streamCompareID(&cur, &args->minid) >= 0;
            }
            if (stop) break;
            int64_t to_skip;
            if (flags & STREAM_ITEM_FLAG_SAMEFIELDS) {
                to_skip = master_fields;
            } else {
                to_skip = lpGetIntegerAt(p) * 2;
                p = lpNext(lp, p);
            }
            p = lpSkip(lp, p, to_skip + 1); /* values and lp-count */
            if (!(flags & STREAM_ITEM_FLAG_DELETED)) {
                size_t offset = p ? (size_t)(p - lp) : 0;
                lp = lpReplaceInteger(lp, &pflags, flags | STREAM_ITEM_FLAG_DELETED);
                if (p) p = lp + offset; /* same size: offsets hold */
                deleted_here++;
                s->length--;
            }
        }
        deleted += deleted_here;
        p = lpFirst(lp);
        lp = lpReplaceInteger(lp, &p, entries - deleted_here);
        p = lpNext(lp, p);
        lp = lpReplaceInteger(lp, &p, lpGetIntegerAt(p) + deleted_here);
        raxInsert(s->rax, ri.key, ri.key_len, lp, NULL);
        break;
    }
    raxStop(&ri);

    if (s->length == 0) s->first_id.ms = s->first_id.seq = 0;
    else streamGetEdgeID(s, 1, 1, &s->first_id);
    return deleted;
}

/* ===========================================================================
 * Consumer groups
 * ======================================================================== */

streamCG *streamCreateCG(stream *s, const char *name, size_t namelen, streamID *id, long long entries_read) {
    if (s->cgroups == NULL) s->cgroups = raxNew();
    if (raxFind(s->cgroups, (unsigned char *)name, namelen) != raxNotFound) return NULL;
    streamCG *cg = zmalloc(sizeof(*cg));
    cg->pel = raxNew();
    cg->consumers = raxNew();
    cg->last_id = *id;
    cg->entries_read = entries_read;
    raxInsert(s->cgroups, (unsigned char *)name, namelen, cg, NULL);
    return cg;
}

streamCG *streamLookupCG(stream *s, sds groupname) {
    if (s == NULL || s->cgroups == NULL) return NULL;
    void *cg = raxFind(s->cgroups, (unsigned char *)groupname, sdslen(groupname));
    return cg == raxNotFound ? NULL : cg;
}

streamNACK *streamCreateNACK(streamConsumer *consumer) {
    streamNACK *na = zmalloc(sizeof(*na));
    na->delivery_time = mstime();
    na->delivery_count = 1;
    na->consumer = consumer;
    return na;
}

void streamFreeNACK(streamNACK *na) { zfree(na); }

static void freeNACKCallback(void *na) { streamFreeNACK(na); }

static void streamFreeConsumer(streamConsumer *sc) {
    raxFree(sc->pel); /* the NACKs belong to the group's PEL */
    sdsfree(sc->name);
    zfree(sc);
}

static void freeConsumerCallback(void *sc) { streamFreeConsumer(sc); }

void streamFreeCG(streamCG *cg) {
    raxFreeWithCallback(cg->pel, freeNACKCallback);
    raxFreeWithCallback(cg->consumers, freeConsumerCallback);
    zfree(cg);
}

streamConsumer *streamCreateConsumer(streamCG *cg, sds name, robj *key, int dbid, int notify) {
    if (cg == NULL) return NULL;
    if (raxFind(cg->consumers, (unsigned char *)name, sdslen(name)) != raxNotFound) return NULL;
    streamConsumer *consumer = zmalloc(sizeof(*consumer));
    consumer->name = sdsdup(name);
    consumer->pel = raxNew();
    consumer->seen_time = mstime();
    raxInsert(cg->consumers, (unsigned char *)name, sdslen(name), consumer, NULL);
    if (notify) {
        server.dirty++;
        notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-createconsumer", key, dbid);
    }
    return consumer;
}

streamConsumer *streamLookupConsumer(streamCG *cg, sds name, int refresh) {
    if (cg == NULL) return NULL;
    streamConsumer *consumer = raxFind(cg->consumers, (unsigned char *)name, sdslen(name));
    if (consumer == raxNotFound) return NULL;
    if (refresh) consumer->seen_time = mstime();
    return consumer;
}

/* Remove a consumer and its pending entries (from the group's PEL too). */
void streamDelConsumer(streamCG *cg, streamConsumer *consumer) {
    raxIterator ri;
    raxStart(&ri, consumer->pel);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        streamNACK *na = ri.data;
        raxRemove(cg->pel, ri.key, ri.key_len, NULL);
        streamFreeNACK(na);
    }
    raxStop(&ri);
    raxRemove(cg->consumers, (unsigned char *)consumer->name, sdslen(consumer->name), NULL);
    streamFreeConsumer(consumer);
}

/* ===========================================================================
 * Lag: the logical read counter of an ID
 * ======================================================================== */

/* 1 if the range [start, end] (NULL: open) may hold a deleted entry, judged
 * by the greatest deleted ID. */
int streamRangeHasTombstones(stream *s, streamID *start, streamID *end) {
    if (!s->length || streamIDEqZero(&s->max_deleted_entry_id)) return 0;
    if (streamCompareID(&s->first_id, &s->max_deleted_entry_id) > 0) return 0;
    streamID lo = {0, 0}, hi = {UINT64_MAX, UINT64_MAX};
    if (start) lo = *start;
    if (end) hi = *end;
    return streamCompareID(&lo, &s->max_deleted_entry_id) <= 0 && streamCompareID(&s->max_deleted_entry_id, &hi) <= 0;
}

/* The number of entries from the first ever added up to id, when it can be
 * known: id is the last ID, or at / before the first entry with no
 * deletion past the first entry, or nothing was ever added. */
long long streamEstimateDistanceFromFirstEverEntry(stream *s, streamID *id) {
    if (!s->entries_added) return 0;
    if (!s->length && streamCompareID(id, &s->last_id) < 1) return s->entries_added;
    int cmp_last = streamCompareID(id, &s->last_id);
    if (cmp_last == 0) return s->entries_added;
    if (cmp_last > 0) return SCG_INVALID_ENTRIES_READ;
    int cmp_id_first = streamCompareID(id, &s->first_id);
    int cmp_xdel_first = streamCompareID(&s->max_deleted_entry_id, &s->first_id);
    if (streamIDEqZero(&s->max_deleted_entry_id) || cmp_xdel_first < 0) {
        if (cmp_id_first < 0) return s->entries_added - s->length;
        if (cmp_id_first == 0) return s->entries_added - s->length + 1;
    }
    return SCG_INVALID_ENTRIES_READ;
}

/* ===========================================================================
 * Commands
 * ======================================================================== */

/* Flags of streamReplyWithRange(). */
#define STREAM_RWR_NOACK (1 << 0)      /* do not create PEL entries */
#define STREAM_RWR_RAWENTRIES (1 << 1) /* no outer array: the caller counts */
#define STREAM_RWR_HISTORY (1 << 2)    /* serve the consumer's own PEL */

static void addReplyStreamID(client *c, const streamID *id) {
    char buf[2 * LONG_STR_SIZE];
    int len = streamIDToString(id, buf);
    addReplyBulkCBuffer(c, buf, len);
}

/* Redis's string2ull: a plain decimal, or what strtoull() accepts whole
 * (a leading '+' or blanks), but no negative number. */
static int streamParseU64(const char *s, uint64_t *value) {
    long long ll;
    if (string2ll(s, strlen(s), &ll)) {
        if (ll < 0) return 0;
        *value = (uint64_t)ll;
        return 1;
    }
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno == EINVAL || errno == ERANGE || !(*s != '\0' && *end == '\0')) return 0;
    *value = v;
    return 1;
}

/* Parse "ms-seq", "ms" (seq = missing_seq), "-" and "+" (unless strict).
 * With seq_given non NULL (XADD), "ms-*" is accepted and clears it.  c NULL:
 * no error reply. */
static int streamGenericParseIDOrReply(client *c, const robj *o, streamID *id, uint64_t missing_seq, int strict,
                                       int *seq_given) {
    char buf[128];
    size_t len = sdslen(o->ptr);
    if (len > sizeof(buf) - 1) goto invalid;
    memcpy(buf, o->ptr, len + 1);
    if (strict && (buf[0] == '-' || buf[0] == '+') && buf[1] == '\0') goto invalid;
    if (seq_given) *seq_given = 1;
    if (buf[0] == '-' && buf[1] == '\0') {
        id->ms = id->seq = 0;
        return C_OK;
    } else if (buf[0] == '+' && buf[1] == '\0') {
        id->ms = id->seq = UINT64_MAX;
        return C_OK;
    }
    char *dash = strchr(buf, '-');
    if (dash) *dash = '\0';
    uint64_t ms, seq;
    if (!streamParseU64(buf, &ms)) goto invalid;
    if (dash) {
        if (seq_given && dash[1] == '*' && dash[2] == '\0') {
            seq = 0;
            *seq_given = 0;
        } else if (!streamParseU64(dash + 1, &seq)) {
            goto invalid;
        }
    } else {
        seq = missing_seq;
    }
    id->ms = ms;
    id->seq = seq;
    return C_OK;

invalid:
    if (c) addReplyError(c, "Invalid stream ID specified as stream command argument");
    return C_ERR;
}

static int streamParseIDOrReply(client *c, const robj *o, streamID *id, uint64_t missing_seq) {
    return streamGenericParseIDOrReply(c, o, id, missing_seq, 0, NULL);
}

static int streamParseStrictIDOrReply(client *c, const robj *o, streamID *id, uint64_t missing_seq,
                                      int *seq_given) {
    return streamGenericParseIDOrReply(c, o, id, missing_seq, 1, seq_given);
}

/* A range bound: an ID, or "(ID" for an exclusive one. */
static int streamParseIntervalIDOrReply(client *c, robj *o, streamID *id, int *exclude, uint64_t missing_seq) {
    char *p = o->ptr;
    size_t len = sdslen(p);
    *exclude = len > 1 && p[0] == '(';
    if (*exclude) {
        robj *t = createStringObject(p + 1, len - 1);
        int ret = streamParseStrictIDOrReply(c, t, id, missing_seq, NULL);
        decrRefCount(t);
        return ret;
    }
    return streamParseIDOrReply(c, o, id, missing_seq);
}

/* Exclusive bounds become inclusive ones. */
static int streamParseRangeOrReply(client *c, robj *startarg, robj *endarg, streamID *start, streamID *end) {
    int startex, endex;
    if (streamParseIntervalIDOrReply(c, startarg, start, &startex, 0) != C_OK) return C_ERR;
    if (startex && streamIncrID(start) != C_OK) {
        addReplyError(c, "invalid start ID for the interval");
        return C_ERR;
    }
    if (streamParseIntervalIDOrReply(c, endarg, end, &endex, UINT64_MAX) != C_OK) return C_ERR;
    if (endex && streamDecrID(end) != C_OK) {
        addReplyError(c, "invalid end ID for the interval");
        return C_ERR;
    }
    return C_OK;
}

static size_t streamReplyWithRange(client *c, stream *s, streamID *start, streamID *end, size_t count, int rev,
                                   streamCG *group, streamConsumer *consumer, int flags);

/* XREADGROUP with an explicit ID: the consumer's own pending entries from
 * start on, each delivered again.  An entry deleted since is answered with
 * its ID and a null. */
static size_t streamReplyWithRangeFromConsumerPEL(client *c, stream *s, streamID *start, size_t count,
                                                  streamConsumer *consumer) {
    unsigned char startkey[16];
    streamEncodeID(startkey, start);
    size_t arraylen = 0;
    void *lenptr = addReplyDeferredLen(c);
    raxIterator ri;
    raxStart(&ri, consumer->pel);
    raxSeek(&ri, ">=", startkey, sizeof(startkey));
    while (raxNext(&ri) && (!count || arraylen < count)) {
        streamID id;
        streamDecodeID(ri.key, &id);
        if (streamReplyWithRange(c, s, &id, &id, 1, 0, NULL, NULL, STREAM_RWR_RAWENTRIES) == 0) {
            addReplyArrayLen(c, 2);
            addReplyStreamID(c, &id);
            addReplyNullArray(c);
        } else {
            streamNACK *na = ri.data;
            na->delivery_time = mstime();
            na->delivery_count++;
        }
        arraylen++;
    }
    raxStop(&ri);
    setDeferredArrayLen(c, lenptr, arraylen);
    return arraylen;
}

/* ---- Propagation of consumer group changes ------------------------------
 *
 * XREADGROUP, XCLAIM and XAUTOCLAIM depend on time and on who asked: they
 * are not propagated as sent but as the state changes they made, as Redis
 * 7.0 does.  Each pending entry a consumer got becomes
 *     XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n FORCE JUSTID LASTID id
 * and a group whose last ID moved without such an entry (NOACK, LASTID)
 *     XGROUP SETID key group id ENTRIESREAD n */

static void streamPropagateXCLAIM(client *c, robj *key, streamCG *group, robj *groupname, robj *consumer,
                                  const streamID *id, long long delivery_time, long long delivery_count) {
    robj *argv[14];
    argv[0] = createStringObject("XCLAIM", 6);
    argv[1] = key;
    argv[2] = groupname;
    argv[3] = consumer;
    argv[4] = createStringObjectFromLongLong(0);
    argv[5] = createObjectFromStreamID(id);
    argv[6] = createStringObject("TIME", 4);
    argv[7] = createStringObjectFromLongLong(delivery_time);
    argv[8] = createStringObject("RETRYCOUNT", 10);
    argv[9] = createStringObjectFromLongLong(delivery_count);
    argv[10] = createStringObject("FORCE", 5);
    argv[11] = createStringObject("JUSTID", 6);
    argv[12] = createStringObject("LASTID", 6);
    argv[13] = createObjectFromStreamID(&group->last_id);
    alsoPropagate(c->db->id, argv, 14);
    for (int j = 0; j < 14; j++)
        if (j < 1 || j > 3) decrRefCount(argv[j]);
}

static void streamPropagateGroupID(client *c, robj *key, streamCG *group, robj *groupname) {
    robj *argv[7];
    argv[0] = createStringObject("XGROUP", 6);
    argv[1] = createStringObject("SETID", 5);
    argv[2] = key;
    argv[3] = groupname;
    argv[4] = createObjectFromStreamID(&group->last_id);
    argv[5] = createStringObject("ENTRIESREAD", 11);
    argv[6] = createStringObjectFromLongLong(group->entries_read);
    alsoPropagate(c->db->id, argv, 7);
    for (int j = 0; j < 7; j++)
        if (j != 2 && j != 3) decrRefCount(argv[j]);
}

static void streamPropagateConsumerCreation(client *c, robj *key, robj *groupname, sds consumername) {
    robj *argv[5];
    argv[0] = createStringObject("XGROUP", 6);
    argv[1] = createStringObject("CREATECONSUMER", 14);
    argv[2] = key;
    argv[3] = groupname;
    argv[4] = createStringObject(consumername, sdslen(consumername));
    alsoPropagate(c->db->id, argv, 5);
    decrRefCount(argv[0]);
    decrRefCount(argv[1]);
    decrRefCount(argv[4]);
}

/* Set by XREADGROUP around streamReplyWithRange: the key and group names
 * its propagation needs (the other callers serve no group). */
static robj *rwr_prop_key = NULL, *rwr_prop_group = NULL;

/* Reply with the entries of [start, end] (count 0: all), each as [ID,
 * [field, value...]].  With a group (XREADGROUP ">"), the group's last ID
 * and read counter advance and, unless NOACK, each entry enters the PELs of
 * the group and of the consumer (taken from another consumer if it was
 * pending there).  Returns the number of entries emitted. */
static size_t streamReplyWithRange(client *c, stream *s, streamID *start, streamID *end, size_t count, int rev,
                                   streamCG *group, streamConsumer *consumer, int flags) {
    if (group && (flags & STREAM_RWR_HISTORY))
        return streamReplyWithRangeFromConsumerPEL(c, s, start, count, consumer);

    void *lenptr = NULL;
    size_t arraylen = 0;
    if (!(flags & STREAM_RWR_RAWENTRIES)) lenptr = addReplyDeferredLen(c);
    streamIterator si;
    streamID id;
    int64_t numfields;
    int propagate_last_id = 0;
    streamIteratorStart(&si, s, start, end, rev);
    while (streamIteratorGetID(&si, &id, &numfields)) {
        if (group && streamCompareID(&id, &group->last_id) > 0) {
            if (flags & STREAM_RWR_NOACK) propagate_last_id = 1;
            if (group->entries_read != SCG_INVALID_ENTRIES_READ && !streamRangeHasTombstones(s, &id, NULL)) {
                group->entries_read++;
            } else if (s->entries_added) {
                group->entries_read = streamEstimateDistanceFromFirstEverEntry(s, &id);
            }
            group->last_id = id;
        }

        addReplyArrayLen(c, 2);
        addReplyStreamID(c, &id);
        addReplyArrayLen(c, numfields * 2);
        while (numfields--) {
            unsigned char *f, *v;
            int64_t flen, vlen;
            streamIteratorGetField(&si, &f, &v, &flen, &vlen);
            addReplyBulkCBuffer(c, f, flen);
            addReplyBulkCBuffer(c, v, vlen);
        }

        if (group && !(flags & STREAM_RWR_NOACK)) {
            unsigned char key[16];
            streamEncodeID(key, &id);
            streamNACK *na = streamCreateNACK(consumer);
            if (raxTryInsert(group->pel, key, sizeof(key), na, NULL)) {
                raxInsert(consumer->pel, key, sizeof(key), na, NULL);
            } else {
                /* Already pending (XGROUP SETID moved the group back):
                 * the entry now belongs to this consumer, delivered once. */
                streamFreeNACK(na);
                na = raxFind(group->pel, key, sizeof(key));
                raxRemove(na->consumer->pel, key, sizeof(key), NULL);
                na->consumer = consumer;
                na->delivery_time = mstime();
                na->delivery_count = 1;
                raxInsert(consumer->pel, key, sizeof(key), na, NULL);
            }
            if (rwr_prop_key) {
                robj *cname = createStringObject(consumer->name, sdslen(consumer->name));
                streamPropagateXCLAIM(c, rwr_prop_key, group, rwr_prop_group, cname, &id, na->delivery_time,
                                      (long long)na->delivery_count);
                decrRefCount(cname);
            }
        }

        arraylen++;
        if (count && count == arraylen) break;
    }
    streamIteratorStop(&si);
    if (propagate_last_id && rwr_prop_key) streamPropagateGroupID(c, rwr_prop_key, group, rwr_prop_group);
    if (lenptr) setDeferredArrayLen(c, lenptr, arraylen);
    return arraylen;
}

/* ---- XADD / XTRIM ------------------------------------------------------- */

typedef struct streamAddTrimArgs {
    streamID id;      /* XADD: the ID given */
    int id_given;     /* XADD: not "*" */
    int seq_given;    /* XADD: not "ms-*" */
    int nomkstream;   /* XADD: NOMKSTREAM */
    int limit_given;
    int trim_arg_idx; /* argv index of the MAXLEN / MINID threshold */
    streamTrimArgs trim;
} streamAddTrimArgs;

/* Parse the options of XADD (xadd = 1) or XTRIM, starting after the key.
 * Returns the position of XADD's ID argument (XTRIM: anything >= 0), or -1
 * after replying with an error. */
static int streamParseAddOrTrimArgsOrReply(client *c, streamAddTrimArgs *args, int xadd) {
    memset(args, 0, sizeof(*args));
    int i = 2;
    for (; i < c->argc; i++) {
        int moreargs = c->argc - 1 - i;
        char *opt = c->argv[i]->ptr;
        if (xadd && opt[0] == '*' && opt[1] == '\0') {
            break; /* auto ID: the fields follow */
        } else if (!strcasecmp(opt, "maxlen") && moreargs) {
            if (args->trim.strategy != TRIM_STRATEGY_NONE) {
                addReplyError(c, "syntax error, MAXLEN and MINID options at the same time are not compatible");
                return -1;
            }
            char *next = c->argv[i + 1]->ptr;
            if (moreargs >= 2 && next[0] == '~' && next[1] == '\0') {
                args->trim.approx = 1;
                i++;
            } else if (moreargs >= 2 && next[0] == '=' && next[1] == '\0') {
                i++;
            }
            args->trim_arg_idx = i + 1;
            if (getLongLongFromObjectOrReply(c, c->argv[i + 1], &args->trim.maxlen, NULL) != C_OK) return -1;
            if (args->trim.maxlen < 0) {
                addReplyError(c, "The MAXLEN argument must be >= 0.");
                return -1;
            }
            i++;
            args->trim.strategy = TRIM_STRATEGY_MAXLEN;
        } else if (!strcasecmp(opt, "minid") && moreargs) {
            if (args->trim.strategy != TRIM_STRATEGY_NONE) {
                addReplyError(c, "syntax error, MAXLEN and MINID options at the same time are not compatible");
                return -1;
            }
            char *next = c->argv[i + 1]->ptr;
            if (moreargs >= 2 && next[0] == '~' && next[1] == '\0') {
                args->trim.approx = 1;
                i++;
            } else if (moreargs >= 2 && next[0] == '=' && next[1] == '\0') {
                i++;
            }
            args->trim_arg_idx = i + 1;
            if (streamParseStrictIDOrReply(c, c->argv[i + 1], &args->trim.minid, 0, NULL) != C_OK) return -1;
            i++;
            args->trim.strategy = TRIM_STRATEGY_MINID;
        } else if (!strcasecmp(opt, "limit") && moreargs) {
            if (getLongLongFromObjectOrReply(c, c->argv[i + 1], &args->trim.limit, NULL) != C_OK) return -1;
            if (args->trim.limit < 0) {
                addReplyError(c, "The LIMIT argument must be >= 0.");
                return -1;
            }
            args->limit_given = 1;
            i++;
        } else if (xadd && !strcasecmp(opt, "nomkstream")) {
            args->nomkstream = 1;
        } else if (xadd) {
            if (streamParseStrictIDOrReply(c, c->argv[i], &args->id, 0, &args->seq_given) != C_OK) return -1;
            args->id_given = 1;
            break;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return -1;
        }
    }

    if (args->trim.limit && args->trim.strategy == TRIM_STRATEGY_NONE) {
        addReplyError(c, "syntax error, LIMIT cannot be used without specifying a trimming strategy");
        return -1;
    }
    if (!xadd && args->trim.strategy == TRIM_STRATEGY_NONE) {
        addReplyError(c, "syntax error, XTRIM must be called with a trimming strategy");
        return -1;
    }
    if (args->limit_given) {
        if (!args->trim.approx) {
            /* The AOF holds exact trims that kept their LIMIT (see
             * streamRewriteApproxTrim): replayed without a limit. */
            if (!server.loading) {
                addReplyError(c, "syntax error, LIMIT cannot be used without the special ~ option");
                return -1;
            }
            args->trim.limit = 0;
        }
    } else if (args->trim.approx) {
        /* The default amount of work of "~": 100 nodes' worth. */
        args->trim.limit = server.stream_node_max_entries * 100;
        if (args->trim.limit <= 0 || args->trim.limit > 1000000) args->trim.limit = 10000;
    } else {
        args->trim.limit = 0;
    }
    return i;
}

/* An approximate trim ("~", maybe with LIMIT) depends on how the stream's
 * nodes are laid out: it is propagated as the exact trim it turned out to
 * be, "=" and the length (MAXLEN) or first ID (MINID) left. */
static void streamRewriteApproxTrim(client *c, stream *s, streamAddTrimArgs *args) {
    if (!args->trim.approx) return;
    robj *eq = createStringObject("=", 1);
    rewriteClientCommandArgument(c, args->trim_arg_idx - 1, eq);
    decrRefCount(eq);
    robj *arg;
    if (args->trim.strategy == TRIM_STRATEGY_MAXLEN) {
        arg = createStringObjectFromLongLong((long long)s->length);
    } else {
        streamID first;
        streamGetEdgeID(s, 1, 1, &first);
        arg = createObjectFromStreamID(&first);
    }
    rewriteClientCommandArgument(c, args->trim_arg_idx, arg);
    decrRefCount(arg);
}

void xaddCommand(client *c) {
    streamAddTrimArgs args;
    int idpos = streamParseAddOrTrimArgsOrReply(c, &args, 1);
    if (idpos < 0) return;
    int field_pos = idpos + 1;
    if ((c->argc - field_pos) < 2 || ((c->argc - field_pos) % 2) == 1) {
        addReplyErrorArity(c);
        return;
    }
    if (args.id_given && args.seq_given && args.id.ms == 0 && args.id.seq == 0) {
        addReplyError(c, "The ID specified in XADD must be greater than 0-0");
        return;
    }

    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    if (checkType(c, o, OBJ_STREAM)) return;
    if (o == NULL) {
        if (args.nomkstream) {
            addReplyNull(c);
            return;
        }
        o = dbAdd(c->db, c->argv[1], createStreamObject());
    }
    stream *s = o->ptr;
    if (s->last_id.ms == UINT64_MAX && s->last_id.seq == UINT64_MAX) {
        addReplyError(c, "The stream has exhausted the last possible ID, unable to add more items");
        return;
    }

    streamID id;
    if (streamAppendItem(s, c->argv + field_pos, (c->argc - field_pos) / 2, &id, args.id_given ? &args.id : NULL,
                         args.seq_given) == C_ERR) {
        if (errno == EDOM)
            addReplyError(c, "The ID specified in XADD is equal or smaller than the target stream top item");
        else
            addReplyError(c, "Elements are too large to be stored");
        return;
    }
    addReplyStreamID(c, &id);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_STREAM, "xadd", c->argv[1], c->db->id);
    server.dirty++;
    /* Propagated with the ID it got, not "*" or "ms-*". */
    if (!args.id_given || !args.seq_given) {
        robj *idobj = createObjectFromStreamID(&id);
        rewriteClientCommandArgument(c, idpos, idobj);
        decrRefCount(idobj);
    }
    if (args.trim.strategy != TRIM_STRATEGY_NONE) {
        if (streamTrim(s, &args.trim)) notifyKeyspaceEvent(NOTIFY_STREAM, "xtrim", c->argv[1], c->db->id);
        streamRewriteApproxTrim(c, s, &args);
    }
    signalKeyAsReady(c->db, c->argv[1], OBJ_STREAM);
}

void xtrimCommand(client *c) {
    streamAddTrimArgs args;
    if (streamParseAddOrTrimArgsOrReply(c, &args, 0) < 0) return;
    robj *o = lookupKeyWriteOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_STREAM)) return;
    int64_t deleted = streamTrim(o->ptr, &args.trim);
    if (deleted) {
        notifyKeyspaceEvent(NOTIFY_STREAM, "xtrim", c->argv[1], c->db->id);
        signalModifiedKey(c, c->db, c->argv[1]);
        server.dirty += deleted;
        streamRewriteApproxTrim(c, o->ptr, &args);
    }
    addReplyLongLong(c, deleted);
}

/* ---- XRANGE / XREVRANGE / XLEN / XDEL / XSETID ---------------------------- */

static void xrangeGenericCommand(client *c, int rev) {
    robj *startarg = rev ? c->argv[3] : c->argv[2];
    robj *endarg = rev ? c->argv[2] : c->argv[3];
    streamID start, end;
    long long count = -1;
    if (streamParseRangeOrReply(c, startarg, endarg, &start, &end) != C_OK) return;
    for (int j = 4; j < c->argc; j++) {
        int additional = c->argc - j - 1;
        if (!strcasecmp(c->argv[j]->ptr, "COUNT") && additional >= 1) {
            if (getLongLongFromObjectOrReply(c, c->argv[j + 1], &count, NULL) != C_OK) return;
            if (count < 0) count = 0;
            j++;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.emptyarray);
    if (o == NULL || checkType(c, o, OBJ_STREAM)) return;
    if (count == 0) {
        addReplyNullArray(c);
        return;
    }
    if (count == -1) count = 0;
    streamReplyWithRange(c, o->ptr, &start, &end, count, rev, NULL, NULL, 0);
}

void xrangeCommand(client *c) { xrangeGenericCommand(c, 0); }

void xrevrangeCommand(client *c) { xrangeGenericCommand(c, 1); }

void xlenCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_STREAM)) return;
    addReplyLongLong(c, ((stream *)o->ptr)->length);
}

void xdelCommand(client *c) {
    robj *o = lookupKeyWriteOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_STREAM)) return;
    stream *s = o->ptr;

    /* All IDs are checked before any is deleted. */
    int n = c->argc - 2;
    streamID *ids = zmalloc(sizeof(streamID) * n);
    for (int j = 0; j < n; j++) {
        if (streamParseStrictIDOrReply(c, c->argv[j + 2], &ids[j], 0, NULL) != C_OK) {
            zfree(ids);
            return;
        }
    }
    long long deleted = 0;
    int first_entry = 0;
    for (int j = 0; j < n; j++) {
        if (!streamDeleteItem(s, &ids[j])) continue;
        if (streamCompareID(&ids[j], &s->first_id) == 0) first_entry = 1;
        if (streamCompareID(&ids[j], &s->max_deleted_entry_id) > 0) s->max_deleted_entry_id = ids[j];
        deleted++;
    }
    zfree(ids);
    if (deleted) {
        if (s->length == 0) s->first_id.ms = s->first_id.seq = 0;
        else if (first_entry) streamGetEdgeID(s, 1, 1, &s->first_id);
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_STREAM, "xdel", c->argv[1], c->db->id);
        server.dirty += deleted;
    }
    addReplyLongLong(c, deleted);
}

void xsetidCommand(client *c) {
    streamID id, max_xdel_id = {0, 0};
    long long entries_added = -1;
    if (streamParseStrictIDOrReply(c, c->argv[2], &id, 0, NULL) != C_OK) return;
    for (int i = 3; i < c->argc; i += 2) {
        int moreargs = c->argc - 1 - i;
        char *opt = c->argv[i]->ptr;
        if (!strcasecmp(opt, "ENTRIESADDED") && moreargs) {
            if (getLongLongFromObjectOrReply(c, c->argv[i + 1], &entries_added, NULL) != C_OK) return;
            if (entries_added < 0) {
                addReplyError(c, "entries_added must be positive");
                return;
            }
        } else if (!strcasecmp(opt, "MAXDELETEDID") && moreargs) {
            if (streamParseStrictIDOrReply(c, c->argv[i + 1], &max_xdel_id, 0, NULL) != C_OK) return;
            if (streamCompareID(&id, &max_xdel_id) < 0) {
                addReplyError(c, "The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                return;
            }
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }

    robj *o = lookupKeyWriteOrReply(c, c->argv[1], shared.nokeyerr);
    if (o == NULL || checkType(c, o, OBJ_STREAM)) return;
    stream *s = o->ptr;
    if (s->length > 0) {
        streamID maxid;
        streamLastValidID(s, &maxid);
        if (streamCompareID(&id, &maxid) < 0) {
            addReplyError(c, "The ID specified in XSETID is smaller than the target stream top item");
            return;
        }
        if (entries_added != -1 && s->length > (uint64_t)entries_added) {
            addReplyError(c, "The entries_added specified in XSETID is smaller than the target stream length");
            return;
        }
    }
    s->last_id = id;
    if (entries_added != -1) s->entries_added = entries_added;
    if (!streamIDEqZero(&max_xdel_id)) s->max_deleted_entry_id = max_xdel_id;
    addReply(c, shared.ok);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_STREAM, "xsetid", c->argv[1], c->db->id);
    server.dirty++;
}

/* ---- XREAD / XREADGROUP ------------------------------------------------- */

#define STREAMID_STATIC_VECTOR_LEN 8

static void xreadGenericCommand(client *c, int xreadgroup) {
    long long timeout = -1; /* no BLOCK */
    long long count = 0;
    int streams_count = 0, streams_arg = 0, noack = 0;
    robj *groupname = NULL, *consumername = NULL;
    int rerun = (c->flags & CLIENT_REPROCESSING_COMMAND) != 0;

    for (int i = 1; i < c->argc; i++) {
        int moreargs = c->argc - i - 1;
        char *o = c->argv[i]->ptr;
        if (!strcasecmp(o, "BLOCK") && moreargs) {
            /* Inside MULTI a BLOCK just does not block; a script may not
             * even ask (7.0 refuses it there, before reading the timeout). */
            if (c->flags & CLIENT_LUA) {
                addReplyErrorFormat(c, "%s command is not allowed with BLOCK option from scripts",
                                    xreadgroup ? "xreadgroup" : "xread");
                return;
            }
            i++;
            if (getTimeoutFromObjectOrReply(c, c->argv[i], &timeout, UNIT_MILLISECONDS) != C_OK) return;
        } else if (!strcasecmp(o, "COUNT") && moreargs) {
            i++;
            if (getLongLongFromObjectOrReply(c, c->argv[i], &count, NULL) != C_OK) return;
            if (count < 0) count = 0;
        } else if (!strcasecmp(o, "STREAMS") && moreargs) {
            streams_arg = i + 1;
            streams_count = c->argc - streams_arg;
            if ((streams_count % 2) != 0) {
                /* Word for word as Redis 7.0, XREADGROUP included. */
                addReplyError(c, "Unbalanced XREAD list of streams: for each stream key an ID or '$' must be "
                                 "specified.");
                return;
            }
            streams_count /= 2;
            break;
        } else if (!strcasecmp(o, "GROUP") && moreargs >= 2) {
            if (!xreadgroup) {
                addReplyError(c, "The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                return;
            }
            groupname = c->argv[i + 1];
            consumername = c->argv[i + 2];
            i += 2;
        } else if (!strcasecmp(o, "NOACK")) {
            if (!xreadgroup) {
                addReplyError(c, "The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                return;
            }
            noack = 1;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    if (streams_arg == 0) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    if (xreadgroup && groupname == NULL) {
        addReplyError(c, "Missing GROUP option for XREADGROUP");
        return;
    }

    streamID static_ids[STREAMID_STATIC_VECTOR_LEN];
    streamCG *static_groups[STREAMID_STATIC_VECTOR_LEN];
    streamID *ids = static_ids;
    streamCG **groups = NULL;
    if (streams_count > STREAMID_STATIC_VECTOR_LEN) ids = zmalloc(sizeof(streamID) * streams_count);
    if (groupname)
        groups = streams_count > STREAMID_STATIC_VECTOR_LEN ? zmalloc(sizeof(streamCG *) * streams_count)
                                                            : static_groups;

    for (int i = streams_arg + streams_count; i < c->argc; i++) {
        int idx = i - streams_arg - streams_count;
        robj *key = c->argv[i - streams_count];
        robj *o = lookupKeyRead(c->db, key);
        if (rerun && groupname && (o == NULL || o->type != OBJ_STREAM)) {
            /* Woken up because the key was deleted or overwritten. */
            addReplyError(c, "-UNBLOCKED the stream key no longer exists");
            goto cleanup;
        }
        if (checkType(c, o, OBJ_STREAM)) goto cleanup;
        if (groupname) {
            streamCG *group = o ? streamLookupCG(o->ptr, groupname->ptr) : NULL;
            if (group == NULL) {
                if (rerun)
                    addReplyError(c, "-NOGROUP the consumer group this client was blocked on no longer exists");
                else
                    addReplyErrorFormat(c,
                                        "-NOGROUP No such key '%s' or consumer group '%s' in XREADGROUP with "
                                        "GROUP option",
                                        (char *)key->ptr, (char *)groupname->ptr);
                goto cleanup;
            }
            groups[idx] = group;
        }
        char *arg = c->argv[i]->ptr;
        if (!strcmp(arg, "$")) {
            if (xreadgroup) {
                addReplyError(c, "The $ ID is meaningless in the context of XREADGROUP: you want to read the "
                                 "history of this consumer by specifying a proper ID, or use the > ID to get new "
                                 "messages. The $ ID would just return an empty result set.");
                goto cleanup;
            }
            if (o) ids[idx] = ((stream *)o->ptr)->last_id;
            else ids[idx].ms = ids[idx].seq = 0;
            continue;
        } else if (!strcmp(arg, ">")) {
            if (!xreadgroup) {
                addReplyError(c, "The > ID can be specified only when calling XREADGROUP using the GROUP "
                                 "<group> <consumer> option.");
                goto cleanup;
            }
            /* The maximum ID stands for ">": the group's last ID. */
            ids[idx].ms = ids[idx].seq = UINT64_MAX;
            continue;
        }
        if (streamParseStrictIDOrReply(c, c->argv[i], &ids[idx], 0, NULL) != C_OK) goto cleanup;
    }

    /* Serve what can be served now. */
    size_t arraylen = 0;
    void *lenptr = NULL;
    for (int i = 0; i < streams_count; i++) {
        robj *key = c->argv[streams_arg + i];
        robj *o = lookupKeyRead(c->db, key);
        if (o == NULL) continue;
        stream *s = o->ptr;
        streamID gt = ids[i]; /* entries greater than this */
        int serve = 0, history = 0;
        if (groups) {
            if (gt.ms != UINT64_MAX || gt.seq != UINT64_MAX) {
                serve = history = 1; /* the consumer's own history */
            } else if (s->length) {
                streamID maxid;
                streamLastValidID(s, &maxid);
                if (streamCompareID(&maxid, &groups[i]->last_id) > 0) {
                    serve = 1;
                    gt = groups[i]->last_id;
                }
            }
        } else if (s->length) {
            streamID maxid;
            streamLastValidID(s, &maxid);
            if (streamCompareID(&maxid, &gt) > 0) serve = 1;
        }
        if (!serve) continue;

        if (++arraylen == 1) lenptr = addReplyDeferredLen(c);
        /* Entries greater than gt: the range starts just past it. */
        streamID start = gt;
        streamIncrID(&start);
        /* RESP2: [key, entries] pairs; RESP3: a map key -> entries. */
        if (c->resp == 2) addReplyArrayLen(c, 2);
        addReplyBulk(c, key);
        streamConsumer *consumer = NULL;
        if (groups) {
            consumer = streamLookupConsumer(groups[i], consumername->ptr, 1);
            if (consumer == NULL) {
                consumer = streamCreateConsumer(groups[i], consumername->ptr, key, c->db->id, 1);
                /* Without NOACK the XCLAIMs create it where they replay. */
                if (noack) streamPropagateConsumerCreation(c, key, groupname, consumer->name);
            }
        }
        int flags = (noack ? STREAM_RWR_NOACK : 0) | (history ? STREAM_RWR_HISTORY : 0);
        rwr_prop_key = groups ? key : NULL;
        rwr_prop_group = groupname;
        streamReplyWithRange(c, s, &start, NULL, count, 0, groups ? groups[i] : NULL, consumer, flags);
        rwr_prop_key = rwr_prop_group = NULL;
        if (groups) {
            server.dirty++;
            preventCommandPropagation(c); /* propagated as XCLAIM / XGROUP above */
        }
    }
    if (arraylen) {
        if (c->resp == 2) setDeferredArrayLen(c, lenptr, arraylen);
        else setDeferredMapLen(c, lenptr, arraylen);
        goto cleanup;
    }

    if (timeout != -1) {
        if (c->flags & CLIENT_DENY_BLOCKING) {
            addReplyNullArray(c);
            goto cleanup;
        }
        /* "$" must mean the last ID at the time of the first block when the
         * command runs again. */
        if (!xreadgroup) {
            for (int i = 0; i < streams_count; i++) {
                if (strcmp(c->argv[streams_arg + streams_count + i]->ptr, "$")) continue;
                robj *idobj = createObjectFromStreamID(&ids[i]);
                rewriteClientCommandArgument(c, streams_arg + streams_count + i, idobj);
                decrRefCount(idobj);
            }
        }
        blockForKeys(c, BLOCKED_STREAM, c->argv + streams_arg, streams_count, timeout, xreadgroup);
        goto cleanup;
    }
    addReplyNullArray(c);

cleanup:
    if (ids != static_ids) zfree(ids);
    if (groups && groups != static_groups) zfree(groups);
}

void xreadCommand(client *c) { xreadGenericCommand(c, 0); }

void xreadgroupCommand(client *c) { xreadGenericCommand(c, 1); }

/* ---- XGROUP ------------------------------------------------------------- */

static const char *xgroupHelp[] = {
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
    NULL};

/* All XGROUP subcommands: the checks are shared and their order decides
 * which error a bad call gets, as in Redis. */
static void xgroupGenericCommand(client *c) {
    char *opt = c->argv[1]->ptr;
    stream *s = NULL;
    sds grpname = NULL;
    streamCG *cg = NULL;
    int mkstream = 0;
    long long entries_read = SCG_INVALID_ENTRIES_READ;
    robj *o;

    if (c->argc >= 4) {
        int create = !strcasecmp(opt, "CREATE");
        if (create || !strcasecmp(opt, "SETID")) {
            for (int i = 5; i < c->argc;) {
                if (create && !strcasecmp(c->argv[i]->ptr, "MKSTREAM")) {
                    mkstream = 1;
                    i++;
                } else if (!strcasecmp(c->argv[i]->ptr, "ENTRIESREAD") && i + 1 < c->argc) {
                    if (getLongLongFromObjectOrReply(c, c->argv[i + 1], &entries_read, NULL) != C_OK) return;
                    if (entries_read < 0 && entries_read != SCG_INVALID_ENTRIES_READ) {
                        addReplyError(c, "value for ENTRIESREAD must be positive or -1");
                        return;
                    }
                    i += 2;
                } else {
                    addReplySubcommandSyntaxError(c);
                    return;
                }
            }
        }
        o = lookupKeyWrite(c->db, c->argv[2]);
        if (o) {
            if (checkType(c, o, OBJ_STREAM)) return;
            s = o->ptr;
        }
        grpname = c->argv[3]->ptr;
        if (s == NULL && !mkstream) {
            addReplyError(c, "The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
                             "to use the MKSTREAM option to create an empty stream automatically.");
            return;
        }
        if ((cg = streamLookupCG(s, grpname)) == NULL &&
            (!strcasecmp(opt, "SETID") || !strcasecmp(opt, "CREATECONSUMER") || !strcasecmp(opt, "DELCONSUMER"))) {
            addReplyErrorFormat(c, "-NOGROUP No such consumer group '%s' for key name '%s'", (char *)grpname,
                                (char *)c->argv[2]->ptr);
            return;
        }
    }

    if (c->argc == 2 && !strcasecmp(opt, "HELP")) {
        addReplyHelp(c, xgroupHelp);
    } else if (!strcasecmp(opt, "CREATE") && c->argc >= 5 && c->argc <= 8) {
        streamID id;
        if (!strcmp(c->argv[4]->ptr, "$")) {
            if (s) id = s->last_id;
            else id.ms = id.seq = 0;
        } else if (streamParseStrictIDOrReply(c, c->argv[4], &id, 0, NULL) != C_OK) {
            return;
        }
        if (s == NULL) {
            o = dbAdd(c->db, c->argv[2], createStreamObject());
            s = o->ptr;
            signalModifiedKey(c, c->db, c->argv[2]);
        }
        if (streamCreateCG(s, grpname, sdslen(grpname), &id, entries_read)) {
            addReply(c, shared.ok);
            server.dirty++;
            notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-create", c->argv[2], c->db->id);
        } else {
            addReplyError(c, "-BUSYGROUP Consumer Group name already exists");
        }
    } else if (!strcasecmp(opt, "SETID") && (c->argc == 5 || c->argc == 7)) {
        streamID id;
        if (!strcmp(c->argv[4]->ptr, "$")) {
            id = s->last_id;
        } else if (streamParseIDOrReply(c, c->argv[4], &id, 0) != C_OK) {
            return;
        }
        cg->last_id = id;
        cg->entries_read = entries_read;
        addReply(c, shared.ok);
        server.dirty++;
        notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-setid", c->argv[2], c->db->id);
    } else if (!strcasecmp(opt, "DESTROY") && c->argc == 4) {
        if (cg) {
            raxRemove(s->cgroups, (unsigned char *)grpname, sdslen(grpname), NULL);
            streamFreeCG(cg);
            addReply(c, shared.cone);
            server.dirty++;
            notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-destroy", c->argv[2], c->db->id);
            /* Wakes its XREADGROUP waiters, who answer -NOGROUP. */
            signalDeletedKeyAsReady(c->db, c->argv[2], OBJ_STREAM);
        } else {
            addReply(c, shared.czero);
        }
    } else if (!strcasecmp(opt, "CREATECONSUMER") && c->argc == 5) {
        streamConsumer *created = streamCreateConsumer(cg, c->argv[4]->ptr, c->argv[2], c->db->id, 1);
        addReplyLongLong(c, created ? 1 : 0);
    } else if (!strcasecmp(opt, "DELCONSUMER") && c->argc == 5) {
        long long pending = 0;
        streamConsumer *consumer = streamLookupConsumer(cg, c->argv[4]->ptr, 0);
        if (consumer) {
            pending = raxSize(consumer->pel);
            streamDelConsumer(cg, consumer);
            server.dirty++;
            notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-delconsumer", c->argv[2], c->db->id);
        }
        addReplyLongLong(c, pending);
    } else {
        addReplySubcommandSyntaxError(c);
    }
}

void xgroupCreateCommand(client *c) { xgroupGenericCommand(c); }
void xgroupSetidCommand(client *c) { xgroupGenericCommand(c); }
void xgroupDestroyCommand(client *c) { xgroupGenericCommand(c); }
void xgroupCreateconsumerCommand(client *c) { xgroupGenericCommand(c); }
void xgroupDelconsumerCommand(client *c) { xgroupGenericCommand(c); }
void xgroupHelpCommand(client *c) { xgroupGenericCommand(c); }

/* ---- XACK / XPENDING ---------------------------------------------------- */

void xackCommand(client *c) {
    streamCG *group = NULL;
    robj *o = lookupKeyRead(c->db, c->argv[1]);
    if (o) {
        if (checkType(c, o, OBJ_STREAM)) return;
        group = streamLookupCG(o->ptr, c->argv[2]->ptr);
    }
    if (o == NULL || group == NULL) {
        addReply(c, shared.czero);
        return;
    }
    /* All IDs are checked first: the command acknowledges all or none. */
    int n = c->argc - 3;
    streamID *ids = zmalloc(sizeof(streamID) * n);
    for (int j = 0; j < n; j++) {
        if (streamParseStrictIDOrReply(c, c->argv[j + 3], &ids[j], 0, NULL) != C_OK) {
            zfree(ids);
            return;
        }
    }
    long long acknowledged = 0;
    for (int j = 0; j < n; j++) {
        unsigned char key[16];
        streamEncodeID(key, &ids[j]);
        streamNACK *na = raxFind(group->pel, key, sizeof(key));
        if (na == raxNotFound) continue;
        raxRemove(group->pel, key, sizeof(key), NULL);
        raxRemove(na->consumer->pel, key, sizeof(key), NULL);
        streamFreeNACK(na);
        acknowledged++;
        server.dirty++;
    }
    zfree(ids);
    addReplyLongLong(c, acknowledged);
}

void xpendingCommand(client *c) {
    int justinfo = c->argc == 3;
    robj *key = c->argv[1], *groupname = c->argv[2], *consumername = NULL;
    streamID start, end;
    long long count = 0, minidle = 0;

    if (c->argc != 3 && (c->argc < 6 || c->argc > 9)) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    if (c->argc >= 6) {
        int startidx = 3;
        if (!strcasecmp(c->argv[3]->ptr, "IDLE")) {
            if (getLongLongFromObjectOrReply(c, c->argv[4], &minidle, NULL) == C_ERR) return;
            if (c->argc < 8) {
                addReplyErrorObject(c, shared.syntaxerr);
                return;
            }
            startidx += 2;
        }
        if (getLongLongFromObjectOrReply(c, c->argv[startidx + 2], &count, NULL) == C_ERR) return;
        if (count < 0) count = 0;
        if (streamParseRangeOrReply(c, c->argv[startidx], c->argv[startidx + 1], &start, &end) != C_OK) return;
        if (startidx + 3 < c->argc) consumername = c->argv[startidx + 3];
    }

    robj *o = lookupKeyRead(c->db, key);
    if (checkType(c, o, OBJ_STREAM)) return;
    streamCG *group = o ? streamLookupCG(o->ptr, groupname->ptr) : NULL;
    if (group == NULL) {
        addReplyErrorFormat(c, "-NOGROUP No such key '%s' or consumer group '%s'", (char *)key->ptr,
                            (char *)groupname->ptr);
        return;
    }

    if (justinfo) {
        addReplyArrayLen(c, 4);
        addReplyLongLong(c, raxSize(group->pel));
        if (raxSize(group->pel) == 0) {
            addReplyNull(c);
            addReplyNull(c);
            addReplyNullArray(c);
            return;
        }
        raxIterator ri;
        streamID id;
        raxStart(&ri, group->pel);
        raxSeek(&ri, "^", NULL, 0);
        raxNext(&ri);
        streamDecodeID(ri.key, &id);
        addReplyStreamID(c, &id);
        raxSeek(&ri, "$", NULL, 0);
        raxPrev(&ri);
        streamDecodeID(ri.key, &id);
        addReplyStreamID(c, &id);
        raxStop(&ri);

        /* Consumers with pending entries, by name. */
        raxStart(&ri, group->consumers);
        raxSeek(&ri, "^", NULL, 0);
        void *lenptr = addReplyDeferredLen(c);
        long n = 0;
        while (raxNext(&ri)) {
            streamConsumer *consumer = ri.data;
            if (raxSize(consumer->pel) == 0) continue;
            addReplyArrayLen(c, 2);
            addReplyBulkCBuffer(c, ri.key, ri.key_len);
            addReplyBulkLongLong(c, raxSize(consumer->pel));
            n++;
        }
        setDeferredArrayLen(c, lenptr, n);
        raxStop(&ri);
        return;
    }

    streamConsumer *consumer = NULL;
    if (consumername) {
        consumer = streamLookupConsumer(group, consumername->ptr, 0);
        if (consumer == NULL) {
            addReplyArrayLen(c, 0);
            return;
        }
    }
    rax *pel = consumer ? consumer->pel : group->pel;
    unsigned char startkey[16], endkey[16];
    streamEncodeID(startkey, &start);
    streamEncodeID(endkey, &end);
    long long now = mstime();
    raxIterator ri;
    raxStart(&ri, pel);
    raxSeek(&ri, ">=", startkey, sizeof(startkey));
    void *lenptr = addReplyDeferredLen(c);
    long n = 0;
    while (count && raxNext(&ri) && memcmp(ri.key, endkey, ri.key_len) <= 0) {
        streamNACK *na = ri.data;
        long long idle = now - na->delivery_time;
        if (minidle && idle < minidle) continue;
        n++;
        count--;
        streamID id;
        streamDecodeID(ri.key, &id);
        addReplyArrayLen(c, 4);
        addReplyStreamID(c, &id);
        addReplyBulkCBuffer(c, na->consumer->name, sdslen(na->consumer->name));
        addReplyLongLong(c, idle < 0 ? 0 : idle);
        addReplyLongLong(c, na->delivery_count);
    }
    raxStop(&ri);
    setDeferredArrayLen(c, lenptr, n);
}

/* ---- XCLAIM / XAUTOCLAIM ------------------------------------------------ */

/* Give the pending entry na (ID key) to consumer, delivered at
 * delivery_time. */
static void streamClaimNACK(streamNACK *na, unsigned char *key, streamConsumer *consumer, long long delivery_time,
                            long long retrycount, int justid) {
    if (na->consumer != consumer && na->consumer) raxRemove(na->consumer->pel, key, 16, NULL);
    na->delivery_time = delivery_time;
    if (retrycount >= 0) na->delivery_count = retrycount;
    else if (!justid) na->delivery_count++;
    if (na->consumer != consumer) {
        raxInsert(consumer->pel, key, 16, na, NULL);
        na->consumer = consumer;
    }
}

/* Release a pending entry whose stream entry is gone. */
static void streamDropNACK(streamCG *group, streamNACK *na, unsigned char *key) {
    raxRemove(group->pel, key, 16, NULL);
    raxRemove(na->consumer->pel, key, 16, NULL);
    streamFreeNACK(na);
}

void xclaimCommand(client *c) {
    streamCG *group = NULL;
    robj *o = lookupKeyRead(c->db, c->argv[1]);
    long long minidle, retrycount = -1, deliverytime = -1;
    int force = 0, justid = 0;

    if (o) {
        if (checkType(c, o, OBJ_STREAM)) return;
        group = streamLookupCG(o->ptr, c->argv[2]->ptr);
    }
    if (o == NULL || group == NULL) {
        addReplyErrorFormat(c, "-NOGROUP No such key '%s' or consumer group '%s'", (char *)c->argv[1]->ptr,
                            (char *)c->argv[2]->ptr);
        return;
    }
    if (getLongLongFromObjectOrReply(c, c->argv[4], &minidle, "Invalid min-idle-time argument for XCLAIM") != C_OK)
        return;
    if (minidle < 0) minidle = 0;

    /* The IDs run up to the first argument that is not one; the options
     * follow. */
    int j;
    for (j = 5; j < c->argc; j++) {
        streamID id;
        if (streamParseStrictIDOrReply(NULL, c->argv[j], &id, 0, NULL) != C_OK) break;
    }
    int last_id_arg = j - 1;
    long long now = mstime();
    streamID last_id = {0, 0};
    for (; j < c->argc; j++) {
        int moreargs = c->argc - 1 - j;
        char *opt = c->argv[j]->ptr;
        if (!strcasecmp(opt, "FORCE")) {
            force = 1;
        } else if (!strcasecmp(opt, "JUSTID")) {
            justid = 1;
        } else if (!strcasecmp(opt, "IDLE") && moreargs) {
            j++;
            if (getLongLongFromObjectOrReply(c, c->argv[j], &deliverytime, "Invalid IDLE option argument for XCLAIM") !=
                C_OK)
                return;
            deliverytime = now - deliverytime;
        } else if (!strcasecmp(opt, "TIME") && moreargs) {
            j++;
            if (getLongLongFromObjectOrReply(c, c->argv[j], &deliverytime, "Invalid TIME option argument for XCLAIM") !=
                C_OK)
                return;
        } else if (!strcasecmp(opt, "RETRYCOUNT") && moreargs) {
            j++;
            if (getLongLongFromObjectOrReply(c, c->argv[j], &retrycount,
                                             "Invalid RETRYCOUNT option argument for XCLAIM") != C_OK)
                return;
        } else if (!strcasecmp(opt, "LASTID") && moreargs) {
            j++;
            if (streamParseStrictIDOrReply(c, c->argv[j], &last_id, 0, NULL) != C_OK) return;
        } else {
            addReplyErrorFormat(c, "Unrecognized XCLAIM option '%s'", opt);
            return;
        }
    }

    int propagate_last_id = 0;
    if (streamCompareID(&last_id, &group->last_id) > 0) {
        group->last_id = last_id;
        propagate_last_id = 1;
        server.dirty++;
    }
    /* A bogus delivery time (negative, or in the future) becomes now. */
    if (deliverytime == -1 || deliverytime < 0 || deliverytime > now) deliverytime = now;

    streamConsumer *consumer = NULL;
    void *lenptr = addReplyDeferredLen(c);
    long arraylen = 0;
    for (j = 5; j <= last_id_arg; j++) {
        streamID id = {0, 0};
        streamParseStrictIDOrReply(NULL, c->argv[j], &id, 0, NULL);
        unsigned char key[16];
        streamEncodeID(key, &id);
        streamNACK *na = raxFind(group->pel, key, sizeof(key));

        if (!streamEntryExists(o->ptr, &id)) {
            if (na != raxNotFound) {
                /* Replayed, the XCLAIM of a deleted entry drops it too. */
                streamPropagateXCLAIM(c, c->argv[1], group, c->argv[2], c->argv[3], &id, na->delivery_time,
                                      (long long)na->delivery_count);
                propagate_last_id = 0;
                streamDropNACK(group, na, key);
                server.dirty++;
            }
            continue;
        }
        if (force && na == raxNotFound) {
            na = streamCreateNACK(NULL);
            raxInsert(group->pel, key, sizeof(key), na, NULL);
        }
        if (na == raxNotFound) continue;
        /* A NACK just made by FORCE has no owner and no idle time. */
        if (na->consumer && minidle && now - na->delivery_time < minidle) continue;
        if (consumer == NULL && (consumer = streamLookupConsumer(group, c->argv[3]->ptr, 1)) == NULL)
            consumer = streamCreateConsumer(group, c->argv[3]->ptr, c->argv[1], c->db->id, 1);
        streamClaimNACK(na, key, consumer, deliverytime, retrycount, justid);
        streamPropagateXCLAIM(c, c->argv[1], group, c->argv[2], c->argv[3], &id, na->delivery_time,
                              (long long)na->delivery_count);
        propagate_last_id = 0; /* the XCLAIM carries LASTID */
        if (justid) addReplyStreamID(c, &id);
        else streamReplyWithRange(c, o->ptr, &id, &id, 1, 0, NULL, NULL, STREAM_RWR_RAWENTRIES);
        arraylen++;
        server.dirty++;
    }
    if (propagate_last_id) streamPropagateGroupID(c, c->argv[1], group, c->argv[2]);
    preventCommandPropagation(c);
    setDeferredArrayLen(c, lenptr, arraylen);
}

void xautoclaimCommand(client *c) {
    robj *o = lookupKeyRead(c->db, c->argv[1]);
    streamCG *group = NULL;
    long long minidle;
    long count = 100;
    const long attempts_factor = 10;
    streamID start;
    int startex, justid = 0;

    if (getLongLongFromObjectOrReply(c, c->argv[4], &minidle, "Invalid min-idle-time argument for XAUTOCLAIM") !=
        C_OK)
        return;
    if (minidle < 0) minidle = 0;
    if (streamParseIntervalIDOrReply(c, c->argv[5], &start, &startex, 0) != C_OK) return;
    if (startex && streamIncrID(&start) != C_OK) {
        addReplyError(c, "invalid start ID for the interval");
        return;
    }
    for (int j = 6; j < c->argc; j++) {
        int moreargs = c->argc - 1 - j;
        char *opt = c->argv[j]->ptr;
        if (!strcasecmp(opt, "COUNT") && moreargs) {
            /* Bounded so that count * attempts_factor and the ID buffer
             * cannot overflow. */
            long max_count = LONG_MAX / (long)(sizeof(streamID) > (size_t)attempts_factor ? sizeof(streamID)
                                                                                            : (size_t)attempts_factor);
            if (getRangeLongFromObjectOrReply(c, c->argv[j + 1], 1, max_count, &count, "COUNT must be > 0") != C_OK)
                return;
            j++;
        } else if (!strcasecmp(opt, "JUSTID")) {
            justid = 1;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return;
        }
    }
    if (o) {
        if (checkType(c, o, OBJ_STREAM)) return;
        group = streamLookupCG(o->ptr, c->argv[2]->ptr);
    }
    if (o == NULL || group == NULL) {
        addReplyErrorFormat(c, "-NOGROUP No such key '%s' or consumer group '%s'", (char *)c->argv[1]->ptr,
                            (char *)c->argv[2]->ptr);
        return;
    }

    /* First the work, then the reply: the cursor (first element of the
     * reply) is only known at the end. */
    long long attempts = (long long)count * attempts_factor;
    /* The deleted IDs take room for COUNT up front, as in Redis, whose
     * error for a COUNT too large to allocate we give; the claimed ones
     * grow as needed. */
    streamID *deleted = ztrymalloc(sizeof(streamID) * count);
    if (deleted == NULL) {
        addReplyError(c, "Insufficient memory, failed allocating transient memory, COUNT too high.");
        return;
    }
    streamID *claimed = NULL;
    long nclaimed = 0, ndeleted = 0, claimed_cap = 0;
    streamConsumer *consumer = NULL;
    long long now = mstime();
    unsigned char startkey[16];
    streamEncodeID(startkey, &start);
    raxIterator ri;
    raxStart(&ri, group->pel);
    raxSeek(&ri, ">=", startkey, sizeof(startkey));
    while (attempts-- && count && raxNext(&ri)) {
        streamNACK *na = ri.data;
        streamID id;
        streamDecodeID(ri.key, &id);
        if (!streamEntryExists(o->ptr, &id)) {
            streamPropagateXCLAIM(c, c->argv[1], group, c->argv[2], c->argv[3], &id, na->delivery_time,
                                  (long long)na->delivery_count);
            streamDropNACK(group, na, ri.key);
            server.dirty++;
            deleted[ndeleted++] = id;
            raxSeek(&ri, ">=", ri.key, ri.key_len);
            count--;
            continue;
        }
        if (minidle && now - na->delivery_time < minidle) continue;
        if (consumer == NULL && (consumer = streamLookupConsumer(group, c->argv[3]->ptr, 1)) == NULL)
            consumer = streamCreateConsumer(group, c->argv[3]->ptr, c->argv[1], c->db->id, 1);
        streamClaimNACK(na, ri.key, consumer, now, -1, justid);
        streamPropagateXCLAIM(c, c->argv[1], group, c->argv[2], c->argv[3], &id, na->delivery_time,
                              (long long)na->delivery_count);
        if (nclaimed == claimed_cap) {
            claimed_cap = claimed_cap ? claimed_cap * 2 : 16;
            claimed = zrealloc(claimed, sizeof(streamID) * claimed_cap);
        }
        claimed[nclaimed++] = id;
        count--;
        server.dirty++;
    }
    preventCommandPropagation(c);
    /* The cursor: the next pending entry, or 0-0 at the end. */
    streamID cursor = {0, 0};
    if (raxNext(&ri)) streamDecodeID(ri.key, &cursor);
    raxStop(&ri);

    addReplyArrayLen(c, 3);
    addReplyStreamID(c, &cursor);
    addReplyArrayLen(c, nclaimed);
    for (long j = 0; j < nclaimed; j++) {
        if (justid) addReplyStreamID(c, &claimed[j]);
        else streamReplyWithRange(c, o->ptr, &claimed[j], &claimed[j], 1, 0, NULL, NULL, STREAM_RWR_RAWENTRIES);
    }
    addReplyArrayLen(c, ndeleted);
    for (long j = 0; j < ndeleted; j++) addReplyStreamID(c, &deleted[j]);
    zfree(claimed);
    zfree(deleted);
}

/* ---- XINFO -------------------------------------------------------------- */

/* A group's lag: entries not delivered to it yet, or null if unknown. */
static void streamReplyWithCGLag(client *c, stream *s, streamCG *cg) {
    long long lag;
    if (!s->entries_added) {
        lag = 0;
    } else if (cg->entries_read != SCG_INVALID_ENTRIES_READ && !streamRangeHasTombstones(s, &cg->last_id, NULL)) {
        lag = (long long)s->entries_added - cg->entries_read;
    } else {
        long long entries_read = streamEstimateDistanceFromFirstEverEntry(s, &cg->last_id);
        if (entries_read == SCG_INVALID_ENTRIES_READ) {
            addReplyNull(c);
            return;
        }
        lag = (long long)s->entries_added - entries_read;
    }
    addReplyLongLong(c, lag);
}

static void addReplyEntriesRead(client *c, streamCG *cg) {
    if (cg->entries_read != SCG_INVALID_ENTRIES_READ) addReplyLongLong(c, cg->entries_read);
    else addReplyNull(c);
}

static const char *xinfoHelp[] = {
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
    NULL};

void xinfoHelpCommand(client *c) { addReplyHelp(c, xinfoHelp); }

static stream *xinfoLookupStream(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[2], shared.nokeyerr);
    if (o == NULL || checkType(c, o, OBJ_STREAM)) return NULL;
    return o->ptr;
}

void xinfoConsumersCommand(client *c) {
    stream *s = xinfoLookupStream(c);
    if (!s) return;
    streamCG *cg = streamLookupCG(s, c->argv[3]->ptr);
    if (cg == NULL) {
        addReplyErrorFormat(c, "-NOGROUP No such consumer group '%s' for key name '%s'", (char *)c->argv[3]->ptr,
                            (char *)c->argv[2]->ptr);
        return;
    }
    addReplyArrayLen(c, raxSize(cg->consumers));
    raxIterator ri;
    raxStart(&ri, cg->consumers);
    raxSeek(&ri, "^", NULL, 0);
    long long now = mstime();
    while (raxNext(&ri)) {
        streamConsumer *consumer = ri.data;
        long long idle = now - consumer->seen_time;
        addReplyMapLen(c, 3);
        addReplyBulkCString(c, "name");
        addReplyBulkCBuffer(c, consumer->name, sdslen(consumer->name));
        addReplyBulkCString(c, "pending");
        addReplyLongLong(c, raxSize(consumer->pel));
        addReplyBulkCString(c, "idle");
        addReplyLongLong(c, idle < 0 ? 0 : idle);
    }
    raxStop(&ri);
}

void xinfoGroupsCommand(client *c) {
    stream *s = xinfoLookupStream(c);
    if (!s) return;
    if (s->cgroups == NULL) {
        addReplyArrayLen(c, 0);
        return;
    }
    addReplyArrayLen(c, raxSize(s->cgroups));
    raxIterator ri;
    raxStart(&ri, s->cgroups);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        streamCG *cg = ri.data;
        addReplyMapLen(c, 6);
        addReplyBulkCString(c, "name");
        addReplyBulkCBuffer(c, ri.key, ri.key_len);
        addReplyBulkCString(c, "consumers");
        addReplyLongLong(c, raxSize(cg->consumers));
        addReplyBulkCString(c, "pending");
        addReplyLongLong(c, raxSize(cg->pel));
        addReplyBulkCString(c, "last-delivered-id");
        addReplyStreamID(c, &cg->last_id);
        addReplyBulkCString(c, "entries-read");
        addReplyEntriesRead(c, cg);
        addReplyBulkCString(c, "lag");
        streamReplyWithCGLag(c, s, cg);
    }
    raxStop(&ri);
}

/* XINFO STREAM FULL: the first `count` entries of a PEL (0: all), each as
 * [id, consumer, delivery time, delivery count] for the group's PEL, or
 * without the consumer for a consumer's own. */
static void xinfoReplyPel(client *c, rax *pel, long long count, int with_consumer) {
    raxIterator ri;
    long long n = 0;
    void *lenptr = addReplyDeferredLen(c);
    raxStart(&ri, pel);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri) && (!count || n < count)) {
        streamNACK *na = ri.data;
        streamID id;
        streamDecodeID(ri.key, &id);
        addReplyArrayLen(c, with_consumer ? 4 : 3);
        addReplyStreamID(c, &id);
        if (with_consumer) addReplyBulkCBuffer(c, na->consumer->name, sdslen(na->consumer->name));
        addReplyLongLong(c, na->delivery_time);
        addReplyLongLong(c, na->delivery_count);
        n++;
    }
    raxStop(&ri);
    setDeferredArrayLen(c, lenptr, n);
}

/* XINFO STREAM FULL: one group with its PEL and consumers (PELs capped at
 * count entries, 0: all). */
static void xinfoReplyWithGroupFull(client *c, stream *s, streamCG *cg, unsigned char *name, size_t namelen,
                                    long long count) {
    addReplyMapLen(c, 7);
    addReplyBulkCString(c, "name");
    addReplyBulkCBuffer(c, name, namelen);
    addReplyBulkCString(c, "last-delivered-id");
    addReplyStreamID(c, &cg->last_id);
    addReplyBulkCString(c, "entries-read");
    addReplyEntriesRead(c, cg);
    addReplyBulkCString(c, "lag");
    streamReplyWithCGLag(c, s, cg);
    addReplyBulkCString(c, "pel-count");
    addReplyLongLong(c, raxSize(cg->pel));

    addReplyBulkCString(c, "pending");
    xinfoReplyPel(c, cg->pel, count, 1);

    addReplyBulkCString(c, "consumers");
    addReplyArrayLen(c, raxSize(cg->consumers));
    raxIterator ri;
    raxStart(&ri, cg->consumers);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) {
        streamConsumer *consumer = ri.data;
        addReplyMapLen(c, 4);
        addReplyBulkCString(c, "name");
        addReplyBulkCBuffer(c, consumer->name, sdslen(consumer->name));
        addReplyBulkCString(c, "seen-time");
        addReplyLongLong(c, consumer->seen_time);
        addReplyBulkCString(c, "pel-count");
        addReplyLongLong(c, raxSize(consumer->pel));
        addReplyBulkCString(c, "pending");
        xinfoReplyPel(c, consumer->pel, count, 0);
    }
    raxStop(&ri);
}

void xinfoStreamCommand(client *c) {
    stream *s = xinfoLookupStream(c);
    if (!s) return;
    int full = 0;
    long long count = 10; /* FULL shows 10 entries per list by default */
    int optc = c->argc - 3;
    if (optc) {
        if ((optc != 1 && optc != 3) || strcasecmp(c->argv[3]->ptr, "FULL") ||
            (optc == 3 && strcasecmp(c->argv[4]->ptr, "COUNT"))) {
            addReplySubcommandSyntaxError(c);
            return;
        }
        full = 1;
        if (optc == 3) {
            if (getLongLongFromObjectOrReply(c, c->argv[5], &count, NULL) == C_ERR) return;
            if (count < 0) count = 10;
        }
    }

    addReplyMapLen(c, full ? 9 : 10);
    addReplyBulkCString(c, "length");
    addReplyLongLong(c, s->length);
    addReplyBulkCString(c, "radix-tree-keys");
    addReplyLongLong(c, raxSize(s->rax));
    addReplyBulkCString(c, "radix-tree-nodes");
    addReplyLongLong(c, raxNodes(s->rax));
    addReplyBulkCString(c, "last-generated-id");
    addReplyStreamID(c, &s->last_id);
    addReplyBulkCString(c, "max-deleted-entry-id");
    addReplyStreamID(c, &s->max_deleted_entry_id);
    addReplyBulkCString(c, "entries-added");
    addReplyLongLong(c, s->entries_added);
    addReplyBulkCString(c, "recorded-first-entry-id");
    addReplyStreamID(c, &s->first_id);

    if (!full) {
        addReplyBulkCString(c, "groups");
        addReplyLongLong(c, s->cgroups ? raxSize(s->cgroups) : 0);
        addReplyBulkCString(c, "first-entry");
        if (!streamReplyWithRange(c, s, NULL, NULL, 1, 0, NULL, NULL, STREAM_RWR_RAWENTRIES)) addReplyNull(c);
        addReplyBulkCString(c, "last-entry");
        if (!streamReplyWithRange(c, s, NULL, NULL, 1, 1, NULL, NULL, STREAM_RWR_RAWENTRIES)) addReplyNull(c);
        return;
    }

    addReplyBulkCString(c, "entries");
    streamReplyWithRange(c, s, NULL, NULL, count, 0, NULL, NULL, 0);
    addReplyBulkCString(c, "groups");
    if (s->cgroups == NULL) {
        addReplyArrayLen(c, 0);
        return;
    }
    addReplyArrayLen(c, raxSize(s->cgroups));
    raxIterator ri;
    raxStart(&ri, s->cgroups);
    raxSeek(&ri, "^", NULL, 0);
    while (raxNext(&ri)) xinfoReplyWithGroupFull(c, s, ri.data, ri.key, ri.key_len, count);
    raxStop(&ri);
}

/* ===========================================================================
 * Lazy freeing estimate
 * ======================================================================== */

/* Allocations freeing the stream costs: its tree nodes (a node's listpack
 * is one more), and per group the group and its pending entries (the first
 * group's PEL stands for all). */
size_t streamFreeEffort(robj *o) {
    stream *s = o->ptr;
    size_t effort = raxNodes(s->rax);
    if (s->cgroups && raxSize(s->cgroups)) {
        raxIterator ri;
        raxStart(&ri, s->cgroups);
        raxSeek(&ri, "^", NULL, 0);
        raxNext(&ri);
        streamCG *cg = ri.data;
        effort += raxSize(s->cgroups) * (1 + raxSize(cg->pel));
        raxStop(&ri);
    }
    return effort;
}
