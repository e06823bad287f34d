/* stream.h - the stream type: an append-only log of field/value entries.
 *
 * Layout (the one of Redis 7.0, so that RDB_TYPE_STREAM_LISTPACKS_2 dumps
 * these listpacks byte for byte):
 *
 *   stream.rax   radix tree, key = master ID of a node (ms, seq: two 64-bit
 *                big-endian words, 16 bytes, so that byte order is ID
 *                order), value = the node's listpack.
 *
 * A node's listpack starts with a master entry, then holds its entries:
 *
 *   master:  live-count | deleted-count | N | field-1 ... field-N | 0
 *   entry:   flags | ms-delta | seq-delta | value-1 ... value-N | lp-count
 *            (flags has STREAM_ITEM_FLAG_SAMEFIELDS: the entry's fields are
 *            exactly the master fields, in order), or
 *            flags | ms-delta | seq-delta | M | f-1 | v-1 ... f-M | v-M | lp-count
 *
 * Deltas are relative to the node's master ID.  lp-count is the number of
 * elements of the entry before lp-count (N+3, or 2M+4), so that an entry can
 * be found walking backwards from its end.  XDEL only sets the DELETED flag
 * and moves one unit from the live to the deleted count; a node whose live
 * count reaches zero leaves the tree.
 *
 * Consumer groups hang off stream.cgroups (a rax keyed by group name).  A
 * group has its PEL (pending entries list): a rax keyed by the 16-byte ID,
 * whose values are streamNACKs; each consumer keeps its own PEL rax pointing
 * at the same NACKs (the group's PEL owns them). */
#ifndef STREAM_H
#define STREAM_H

#include <stddef.h>
#include <stdint.h>
#include "rax.h"
#include "sds.h"

struct redisObject;
struct client;

typedef struct streamID {
    uint64_t ms;  /* unix time in milliseconds */
    uint64_t seq; /* sequence number within the same millisecond */
} streamID;

typedef struct stream {
    rax *rax;                      /* master ID -> listpack node */
    uint64_t length;               /* live entries */
    streamID last_id;              /* the greatest ID ever added (or XSETID) */
    streamID first_id;             /* the first live entry, 0-0 if empty */
    streamID max_deleted_entry_id; /* the greatest ID ever deleted */
    uint64_t entries_added;        /* entries ever added */
    rax *cgroups;                  /* group name -> streamCG, NULL if none yet */
} stream;

/* Flags of an entry. */
#define STREAM_ITEM_FLAG_NONE 0
#define STREAM_ITEM_FLAG_DELETED (1 << 0)
#define STREAM_ITEM_FLAG_SAMEFIELDS (1 << 1)

/* A group's entries_read when it is not known. */
#define SCG_INVALID_ENTRIES_READ -1

typedef struct streamCG {
    streamID last_id;      /* last ID delivered to a consumer (">") */
    long long entries_read; /* logical read counter of last_id, or invalid */
    rax *pel;              /* ID -> streamNACK, owns the NACKs */
    rax *consumers;        /* name -> streamConsumer */
} streamCG;

typedef struct streamConsumer {
    long long seen_time; /* ms: last time it read or claimed */
    sds name;
    rax *pel; /* ID -> streamNACK (shared with the group's PEL) */
} streamConsumer;

typedef struct streamNACK {
    long long delivery_time;  /* ms: last delivery */
    uint64_t delivery_count;  /* deliveries so far */
    streamConsumer *consumer; /* its owner */
} streamNACK;

/* Walking the entries of a range.  Usage:
 *
 *     streamIterator si;
 *     streamIteratorStart(&si, s, &start, &end, rev);   (NULL: open end)
 *     while (streamIteratorGetID(&si, &id, &numfields)) {
 *         while (numfields--) streamIteratorGetField(&si, &f, &v, &flen, &vlen);
 *     }
 *     streamIteratorStop(&si);
 *
 * The fields of the current entry must all be read (or skipped by the next
 * GetID) in order.  streamIteratorRemoveEntry() deletes the current entry.
 * Deleted entries are skipped unless si.skip_tombstones is cleared. */
typedef struct streamIterator {
    stream *stream;
    streamID master_id;
    uint64_t master_fields_count;
    unsigned char *master_fields_start; /* first master field */
    unsigned char *master_fields_ptr;   /* next master field to emit */
    int entry_flags;
    int rev;
    int skip_tombstones;
    unsigned char start_key[16], end_key[16];
    raxIterator ri;
    unsigned char *lp;      /* current node, NULL before the first */
    unsigned char *lp_ele;  /* current element in lp */
    unsigned char *lp_flags; /* the current entry's flags element */
    int64_t items_left;     /* elements of the current entry not read yet */
    /* Buffers for integers read out of the listpack as strings. */
    unsigned char field_buf[21];
    unsigned char value_buf[21];
} streamIterator;

/* ---- IDs ------------------------------------------------------------- */

void streamEncodeID(void *buf, const streamID *id);
void streamDecodeID(const void *buf, streamID *id);
int streamCompareID(const streamID *a, const streamID *b);
/* The next / previous ID; C_ERR (and the ID wraps) at the ends. */
int streamIncrID(streamID *id);
int streamDecrID(streamID *id);

/* ---- Streams ---------------------------------------------------------- */

stream *streamNew(void);
void freeStream(stream *s);
struct redisObject *createStreamObject(void);
void freeStreamObject(struct redisObject *o);
/* A deep copy (COPY). */
struct redisObject *streamTypeDup(struct redisObject *o);
/* DEBUG DIGEST: entries in order (ID, fields and values). */
void streamTypeDigest(struct redisObject *o, unsigned char *digest);
unsigned long streamLength(const struct redisObject *o);
/* Allocations to free (lazyfree.c decides whether to free in background). */
size_t streamFreeEffort(struct redisObject *o);

/* Append an entry of numfields field/value pairs (argv: field, value, ...).
 * use_id NULL: the next ID from the clock; seq_given 0: use_id's ms with the
 * next sequence.  Returns C_ERR with errno EDOM (ID not greater than the
 * top) or ERANGE (too large). */
int streamAppendItem(stream *s, struct redisObject **argv, int64_t numfields, streamID *added_id,
                     streamID *use_id, int seq_given);
/* Delete one entry; 1 if it existed. */
int streamDeleteItem(stream *s, streamID *id);
int streamEntryExists(stream *s, streamID *id);
/* The first (first=1) or last live entry's ID; the maximum / 0-0 when none. */
void streamGetEdgeID(stream *s, int first, int skip_tombstones, streamID *edge_id);

/* Trimming (XADD / XTRIM).  Returns the number of entries deleted. */
#define TRIM_STRATEGY_NONE 0
#define TRIM_STRATEGY_MAXLEN 1
#define TRIM_STRATEGY_MINID 2
typedef struct streamTrimArgs {
    int strategy;
    int approx;       /* "~": whole nodes only */
    long long limit;  /* most entries to delete, 0: no limit */
    long long maxlen;
    streamID minid;
} streamTrimArgs;
int64_t streamTrim(stream *s, streamTrimArgs *args);

void streamIteratorStart(streamIterator *si, stream *s, streamID *start, streamID *end, int rev);
int streamIteratorGetID(streamIterator *si, streamID *id, int64_t *numfields);
void streamIteratorGetField(streamIterator *si, unsigned char **field, unsigned char **value, int64_t *fieldlen,
                            int64_t *valuelen);
void streamIteratorRemoveEntry(streamIterator *si, streamID *current);
void streamIteratorStop(streamIterator *si);

/* ---- Consumer groups --------------------------------------------------- */

streamCG *streamCreateCG(stream *s, const char *name, size_t namelen, streamID *id, long long entries_read);
streamCG *streamLookupCG(stream *s, sds groupname);
void streamFreeCG(streamCG *cg);
/* A new consumer, or NULL if the name exists.  notify: emit the
 * xgroup-createconsumer event for key in dbid and count a change. */
streamConsumer *streamCreateConsumer(streamCG *cg, sds name, struct redisObject *key, int dbid, int notify);
/* The consumer, or NULL; refresh updates its seen time. */
streamConsumer *streamLookupConsumer(streamCG *cg, sds name, int refresh);
void streamDelConsumer(streamCG *cg, streamConsumer *consumer);
streamNACK *streamCreateNACK(streamConsumer *consumer);
void streamFreeNACK(streamNACK *na);

/* Lag bookkeeping (XINFO GROUPS): the logical read counter of an ID, or
 * SCG_INVALID_ENTRIES_READ when it cannot be known. */
long long streamEstimateDistanceFromFirstEverEntry(stream *s, streamID *id);
int streamRangeHasTombstones(stream *s, streamID *start, streamID *end);

#endif
