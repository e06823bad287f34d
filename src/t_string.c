/* t_string.c - the string commands.
 *
 * Strings are stored in one of three encodings: "int" (the value is a long
 * held in the object's pointer), "embstr" (up to 44 bytes stored inside the
 * keyspace entry) and "raw" (a separate sds, for longer strings and for
 * strings that were modified in place by APPEND or SETRANGE). */
#include "server.h"
#include "notify.h"

#include <math.h>

/* Every string operation is bounded by proto-max-bulk-len. */
int checkStringLength(client *c, long long size) {
    if (size > server.proto_max_bulk_len) {
        addReplyError(c, "string exceeds maximum allowed size (proto-max-bulk-len)");
        return C_ERR;
    }
    return C_OK;
}

/* The same check for a string of 'len' bytes written at 'offset', where the
 * sum itself could overflow (SETRANGE with a huge offset). */
static int checkStringLengthAt(client *c, long offset, size_t len) {
    if ((unsigned long long)offset > (unsigned long long)LLONG_MAX - len) {
        addReplyError(c, "string exceeds maximum allowed size (proto-max-bulk-len)");
        return C_ERR;
    }
    return checkStringLength(c, (long long)offset + (long long)len);
}

/* ===========================================================================
 * SET and its family
 * ======================================================================== */

#define OBJ_NO_FLAGS 0
#define OBJ_SET_NX (1 << 0)
#define OBJ_SET_XX (1 << 1)
#define OBJ_EX (1 << 2)
#define OBJ_PX (1 << 3)
#define OBJ_KEEPTTL (1 << 4)
#define OBJ_SET_GET (1 << 5)
#define OBJ_EXAT (1 << 6)
#define OBJ_PXAT (1 << 7)
#define OBJ_PERSIST (1 << 8)

#define COMMAND_GET 0
#define COMMAND_SET 1

#define UNIT_SECONDS 0
#define UNIT_MILLISECONDS 1

/* Turn an EX/PX/EXAT/PXAT argument into an absolute unix time in ms. */
static int getExpireMillisecondsOrReply(client *c, robj *expire, int flags, int unit, long long *milliseconds) {
    if (getLongLongFromObjectOrReply(c, expire, milliseconds, NULL) != C_OK) return C_ERR;
    if (*milliseconds <= 0 || (unit == UNIT_SECONDS && *milliseconds > LLONG_MAX / 1000)) {
        addReplyErrorExpireTime(c);
        return C_ERR;
    }
    if (unit == UNIT_SECONDS) *milliseconds *= 1000;
    if (flags & (OBJ_PX | OBJ_EX)) {
        if (*milliseconds > LLONG_MAX - server.mstime) {
            addReplyErrorExpireTime(c);
            return C_ERR;
        }
        *milliseconds += server.mstime;
    }
    return C_OK;
}

/* Parse SET / GETEX options from argv[3] (SET) or argv[2] (GETEX). */
static int parseExtendedStringArgumentsOrReply(client *c, int *flags, int *unit, robj **expire, int command_type) {
    int j = command_type == COMMAND_GET ? 2 : 3;
    for (; j < c->argc; j++) {
        char *opt = c->argv[j]->ptr;
        robj *next = (j == c->argc - 1) ? NULL : c->argv[j + 1];
        int f = *flags;
        if ((opt[0] == 'n' || opt[0] == 'N') && (opt[1] == 'x' || opt[1] == 'X') && opt[2] == '\0' &&
            !(f & OBJ_SET_XX) && command_type == COMMAND_SET) {
            *flags |= OBJ_SET_NX;
        } else if ((opt[0] == 'x' || opt[0] == 'X') && (opt[1] == 'x' || opt[1] == 'X') && opt[2] == '\0' &&
                   !(f & OBJ_SET_NX) && command_type == COMMAND_SET) {
            *flags |= OBJ_SET_XX;
        } else if (!strcasecmp(opt, "get") && command_type == COMMAND_SET) {
            *flags |= OBJ_SET_GET;
        } else if (!strcasecmp(opt, "keepttl") && !(f & OBJ_PERSIST) && !(f & (OBJ_EX | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) &&
                   command_type == COMMAND_SET) {
            *flags |= OBJ_KEEPTTL;
        } else if (!strcasecmp(opt, "persist") && command_type == COMMAND_GET &&
                   !(f & (OBJ_EX | OBJ_EXAT | OBJ_PX | OBJ_PXAT | OBJ_KEEPTTL))) {
            *flags |= OBJ_PERSIST;
        } else if (!strcasecmp(opt, "ex") && !(f & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) && next) {
            *flags |= OBJ_EX;
            *expire = next;
            j++;
        } else if (!strcasecmp(opt, "px") && !(f & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT)) && next) {
            *flags |= OBJ_PX;
            *unit = UNIT_MILLISECONDS;
            *expire = next;
            j++;
        } else if (!strcasecmp(opt, "exat") && !(f & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT)) && next) {
            *flags |= OBJ_EXAT;
            *expire = next;
            j++;
        } else if (!strcasecmp(opt, "pxat") && !(f & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX)) && next) {
            *flags |= OBJ_PXAT;
            *unit = UNIT_MILLISECONDS;
            *expire = next;
            j++;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return C_ERR;
        }
    }
    return C_OK;
}

/* Reply with the string at argv[1]: C_ERR on a wrong type (reply sent). */
static int getGenericCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], NULL);
    if (o == NULL) return C_OK;
    if (checkType(c, o, OBJ_STRING)) return C_ERR;
    addReplyBulk(c, o);
    return C_OK;
}

static void setGenericCommand(client *c, int flags, robj *key, robj *val, robj *expire, int unit, robj *ok_reply,
                              robj *abort_reply) {
    long long milliseconds = -1;
    if (expire && getExpireMillisecondsOrReply(c, expire, flags, unit, &milliseconds) != C_OK) return;
    if (flags & OBJ_SET_GET) {
        if (getGenericCommand(c) == C_ERR) return;
    }
    robj *existing = lookupKeyWrite(c->db, key);
    int found = existing != NULL;
    if ((flags & OBJ_SET_NX && found) || (flags & OBJ_SET_XX && !found)) {
        if (!(flags & OBJ_SET_GET)) {
            if (abort_reply) addReply(c, abort_reply);
            else addReplyNull(c);
        }
        return;
    }
    int setkey_flags = (flags & OBJ_KEEPTTL ? SETKEY_KEEPTTL : 0) | (found ? SETKEY_ALREADY_EXIST : SETKEY_DOESNT_EXIST);
    setKeyWithExpire(c, c->db, key, existing, val, setkey_flags,
                     expire ? milliseconds : (flags & OBJ_KEEPTTL ? EXPIRE_KEEP : -1));
    server.dirty++;
    notifyKeyspaceEvent(NOTIFY_STRING, "set", key, c->db->id);
    if (expire) notifyKeyspaceEvent(NOTIFY_GENERIC, "expire", key, c->db->id);
    if (!(flags & OBJ_SET_GET)) addReply(c, ok_reply ? ok_reply : shared.ok);
    /* A TTL is propagated as the absolute time it became, as SET key value
     * PXAT ms (SETEX and PSETEX too; other options are dropped, as in
     * Redis 7.0). */
    if (expire) {
        robj *when = createStringObjectFromLongLong(milliseconds);
        rewriteClientCommandVector(c, 5, shared.set, key, val, shared.pxat, when);
        decrRefCount(when);
    }
}

/* SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ms-ts|KEEPTTL] */
void setCommand(client *c) {
    robj *expire = NULL;
    int unit = UNIT_SECONDS;
    int flags = OBJ_NO_FLAGS;
    if (parseExtendedStringArgumentsOrReply(c, &flags, &unit, &expire, COMMAND_SET) != C_OK) return;
    c->argv[2] = tryObjectEncoding(c->argv[2]);
    setGenericCommand(c, flags, c->argv[1], c->argv[2], expire, unit, NULL, NULL);
}

void setnxCommand(client *c) {
    c->argv[2] = tryObjectEncoding(c->argv[2]);
    setGenericCommand(c, OBJ_SET_NX, c->argv[1], c->argv[2], NULL, 0, shared.cone, shared.czero);
}

void setexCommand(client *c) {
    c->argv[3] = tryObjectEncoding(c->argv[3]);
    setGenericCommand(c, OBJ_EX, c->argv[1], c->argv[3], c->argv[2], UNIT_SECONDS, NULL, NULL);
}

void psetexCommand(client *c) {
    c->argv[3] = tryObjectEncoding(c->argv[3]);
    setGenericCommand(c, OBJ_PX, c->argv[1], c->argv[3], c->argv[2], UNIT_MILLISECONDS, NULL, NULL);
}

void getCommand(client *c) { getGenericCommand(c); }

/* GETEX key [EX s|PX ms|EXAT ts|PXAT ms-ts|PERSIST] */
void getexCommand(client *c) {
    robj *expire = NULL;
    int unit = UNIT_SECONDS;
    int flags = OBJ_NO_FLAGS;
    long long milliseconds = 0;
    if (parseExtendedStringArgumentsOrReply(c, &flags, &unit, &expire, COMMAND_GET) != C_OK) return;
    robj *o = lookupKeyReadOrReply(c, c->argv[1], NULL);
    if (o == NULL) return;
    if (checkType(c, o, OBJ_STRING)) return;
    if (expire && getExpireMillisecondsOrReply(c, expire, flags, unit, &milliseconds) != C_OK) return;
    addReplyBulk(c, o);
    /* Propagated as what it did: DEL (or UNLINK), PEXPIREAT, PERSIST. */
    if (expire && checkAlreadyExpired(milliseconds)) {
        dbDelete(c->db, c->argv[1]);
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", c->argv[1], c->db->id);
        server.dirty++;
        rewriteClientCommandVector(c, 2, server.lazyfree_lazy_expire ? shared.unlink : shared.del, c->argv[1]);
    } else if (expire) {
        setExpire(c, c->db, c->argv[1], milliseconds);
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "expire", c->argv[1], c->db->id);
        server.dirty++;
        robj *when = createStringObjectFromLongLong(milliseconds);
        rewriteClientCommandVector(c, 3, shared.pexpireat, c->argv[1], when);
        decrRefCount(when);
    } else if (flags & OBJ_PERSIST) {
        if (removeExpire(c->db, c->argv[1])) {
            signalModifiedKey(c, c->db, c->argv[1]);
            notifyKeyspaceEvent(NOTIFY_GENERIC, "persist", c->argv[1], c->db->id);
            server.dirty++;
            rewriteClientCommandVector(c, 2, shared.persist, c->argv[1]);
        }
    }
}

void getdelCommand(client *c) {
    if (getGenericCommand(c) == C_ERR) return;
    if (dbSyncDelete(c->db, c->argv[1])) {
        signalModifiedKey(c, c->db, c->argv[1]);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", c->argv[1], c->db->id);
        server.dirty++;
        rewriteClientCommandVector(c, 2, shared.del, c->argv[1]);
    }
}

void getsetCommand(client *c) {
    if (getGenericCommand(c) == C_ERR) return;
    c->argv[2] = tryObjectEncoding(c->argv[2]);
    setKey(c, c->db, c->argv[1], c->argv[2], 0);
    notifyKeyspaceEvent(NOTIFY_STRING, "set", c->argv[1], c->db->id);
    server.dirty++;
}

/* ===========================================================================
 * Multiple keys
 * ======================================================================== */

void mgetCommand(client *c) {
    addReplyArrayLen(c, c->argc - 1);
    for (int j = 1; j < c->argc; j++) {
        robj *o = lookupKeyRead(c->db, c->argv[j]);
        if (o == NULL || o->type != OBJ_STRING) addReplyNull(c);
        else addReplyBulk(c, o);
    }
}

static void msetGenericCommand(client *c, int nx) {
    if ((c->argc % 2) == 0) {
        addReplyErrorArity(c);
        return;
    }
    if (nx) {
        for (int j = 1; j < c->argc; j += 2) {
            if (lookupKeyWrite(c->db, c->argv[j]) != NULL) {
                addReply(c, shared.czero);
                return;
            }
        }
    }
    for (int j = 1; j < c->argc; j += 2) {
        c->argv[j + 1] = tryObjectEncoding(c->argv[j + 1]);
        setKey(c, c->db, c->argv[j], c->argv[j + 1], 0);
        notifyKeyspaceEvent(NOTIFY_STRING, "set", c->argv[j], c->db->id);
    }
    server.dirty += (c->argc - 1) / 2;
    addReply(c, nx ? shared.cone : shared.ok);
}

void msetCommand(client *c) { msetGenericCommand(c, 0); }
void msetnxCommand(client *c) { msetGenericCommand(c, 1); }

/* ===========================================================================
 * Ranges and lengths
 * ======================================================================== */

void strlenCommand(client *c) {
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.czero);
    if (o == NULL || checkType(c, o, OBJ_STRING)) return;
    addReplyLongLong(c, stringObjectLen(o));
}

void appendCommand(client *c) {
    size_t totlen;
    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    robj *append = c->argv[2];
    if (o == NULL) {
        c->argv[2] = tryObjectEncoding(c->argv[2]);
        robj *entry = dbAdd(c->db, c->argv[1], (incrRefCount(c->argv[2]), c->argv[2]));
        totlen = stringObjectLen(entry);
    } else {
        if (checkType(c, o, OBJ_STRING)) return;
        if (checkStringLength(c, stringObjectLen(o) + sdslen(append->ptr)) != C_OK) return;
        o = dbUnshareStringValue(c->db, c->argv[1], o);
        o->ptr = sdscatlen(o->ptr, append->ptr, sdslen(append->ptr));
        totlen = sdslen(o->ptr);
    }
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_STRING, "append", c->argv[1], c->db->id);
    server.dirty++;
    addReplyLongLong(c, totlen);
}

void setrangeCommand(client *c) {
    long offset;
    sds value = c->argv[3]->ptr;
    if (getLongFromObjectOrReply(c, c->argv[2], &offset, NULL) != C_OK) return;
    if (offset < 0) {
        addReplyError(c, "offset is out of range");
        return;
    }
    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    if (o == NULL) {
        if (sdslen(value) == 0) {
            addReply(c, shared.czero);
            return;
        }
        if (checkStringLengthAt(c, offset, sdslen(value)) != C_OK) return;
        o = dbAdd(c->db, c->argv[1], createObject(OBJ_STRING, sdsnewlen(NULL, offset + sdslen(value))));
    } else {
        if (checkType(c, o, OBJ_STRING)) return;
        size_t olen = stringObjectLen(o);
        if (sdslen(value) == 0) {
            addReplyLongLong(c, olen);
            return;
        }
        if (checkStringLengthAt(c, offset, sdslen(value)) != C_OK) return;
        o = dbUnshareStringValue(c->db, c->argv[1], o);
    }
    o->ptr = sdsgrowzero(o->ptr, offset + sdslen(value));
    memcpy((char *)o->ptr + offset, value, sdslen(value));
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_STRING, "setrange", c->argv[1], c->db->id);
    server.dirty++;
    addReplyLongLong(c, sdslen(o->ptr));
}

void getrangeCommand(client *c) {
    long long start, end;
    char llbuf[32], *str;
    size_t strlen;
    if (getLongLongFromObjectOrReply(c, c->argv[2], &start, NULL) != C_OK) return;
    if (getLongLongFromObjectOrReply(c, c->argv[3], &end, NULL) != C_OK) return;
    robj *o = lookupKeyReadOrReply(c, c->argv[1], shared.emptybulk);
    if (o == NULL || checkType(c, o, OBJ_STRING)) return;
    if (o->encoding == OBJ_ENCODING_INT) {
        str = llbuf;
        strlen = ll2string(llbuf, sizeof(llbuf), (long)(intptr_t)o->ptr);
    } else {
        str = o->ptr;
        strlen = sdslen(str);
    }
    if (start < 0 && end < 0 && start > end) {
        addReply(c, shared.emptybulk);
        return;
    }
    if (start < 0) start = strlen + start;
    if (end < 0) end = strlen + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if ((unsigned long long)end >= strlen) end = strlen - 1;
    if (start > end || strlen == 0) addReply(c, shared.emptybulk);
    else addReplyBulkCBuffer(c, str + start, end - start + 1);
}

/* SUBSTR is the old name of GETRANGE. */
void substrCommand(client *c) { getrangeCommand(c); }

/* ===========================================================================
 * Counters
 * ======================================================================== */

static void incrDecrCommand(client *c, long long incr) {
    long long value, oldvalue;
    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    if (checkType(c, o, OBJ_STRING)) return;
    if (getLongLongFromObjectOrReply(c, o, &value, NULL) != C_OK) return;
    oldvalue = value;
    if ((incr < 0 && oldvalue < 0 && incr < (LLONG_MIN - oldvalue)) ||
        (incr > 0 && oldvalue > 0 && incr > (LLONG_MAX - oldvalue))) {
        addReplyError(c, "increment or decrement would overflow");
        return;
    }
    value += incr;
    /* Keyspace entries are never shared, so an int value changes in place. */
    if (o && o->encoding == OBJ_ENCODING_INT && value >= LONG_MIN && value <= LONG_MAX) {
        o->ptr = (void *)(intptr_t)value;
    } else if (o) {
        dbReplaceValue(c->db, o, createStringObjectFromLongLongForValue(value));
    } else {
        dbAdd(c->db, c->argv[1], createStringObjectFromLongLongForValue(value));
    }
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_STRING, "incrby", c->argv[1], c->db->id);
    server.dirty++;
    addReplyLongLong(c, value);
}

void incrCommand(client *c) { incrDecrCommand(c, 1); }
void decrCommand(client *c) { incrDecrCommand(c, -1); }

void incrbyCommand(client *c) {
    long long incr;
    if (getLongLongFromObjectOrReply(c, c->argv[2], &incr, NULL) != C_OK) return;
    incrDecrCommand(c, incr);
}

void decrbyCommand(client *c) {
    long long incr;
    if (getLongLongFromObjectOrReply(c, c->argv[2], &incr, NULL) != C_OK) return;
    if (incr == LLONG_MIN) {
        addReplyError(c, "decrement would overflow");
        return;
    }
    incrDecrCommand(c, -incr);
}

void incrbyfloatCommand(client *c) {
    long double incr, value;
    robj *o = lookupKeyWrite(c->db, c->argv[1]);
    if (checkType(c, o, OBJ_STRING)) return;
    if (getLongDoubleFromObjectOrReply(c, o, &value, NULL) != C_OK ||
        getLongDoubleFromObjectOrReply(c, c->argv[2], &incr, NULL) != C_OK)
        return;
    value += incr;
    if (isnan(value) || isinf(value)) {
        addReplyError(c, "increment would produce NaN or Infinity");
        return;
    }
    robj *new = createStringObjectFromLongDouble(value, 1);
    robj *entry = o ? dbReplaceValue(c->db, o, new) : dbAdd(c->db, c->argv[1], new);
    signalModifiedKey(c, c->db, c->argv[1]);
    notifyKeyspaceEvent(NOTIFY_STRING, "incrbyfloat", c->argv[1], c->db->id);
    server.dirty++;
    addReplyBulk(c, entry);
    /* Propagated as the value it produced: float formatting must not be
     * redone elsewhere.  KEEPTTL: the increment kept the TTL. */
    robj *newval = sdsEncodedObject(entry) ? createStringObject(entry->ptr, sdslen(entry->ptr))
                                           : createStringObjectFromLongLong((long)entry->ptr);
    rewriteClientCommandVector(c, 4, shared.set, c->argv[1], newval, shared.keepttl);
    decrRefCount(newval);
}

/* ===========================================================================
 * LCS: longest common subsequence of two strings
 * ======================================================================== */

/* LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] */
void lcsCommand(client *c) {
    uint32_t i, j;
    long long minmatchlen = 0;
    sds a = NULL, b = NULL;
    int getlen = 0, getidx = 0, withmatchlen = 0;
    robj *obja = NULL, *objb = NULL;

    obja = lookupKeyRead(c->db, c->argv[1]);
    objb = lookupKeyRead(c->db, c->argv[2]);
    if ((obja && obja->type != OBJ_STRING) || (objb && objb->type != OBJ_STRING)) {
        addReplyError(c, "The specified keys must contain string values");
        obja = objb = NULL;
        goto cleanup;
    }
    obja = obja ? getDecodedObject(obja) : createStringObject("", 0);
    objb = objb ? getDecodedObject(objb) : createStringObject("", 0);
    a = obja->ptr;
    b = objb->ptr;

    for (j = 3; j < (uint32_t)c->argc; j++) {
        char *opt = c->argv[j]->ptr;
        int moreargs = (c->argc - 1) - j;
        if (!strcasecmp(opt, "IDX")) {
            getidx = 1;
        } else if (!strcasecmp(opt, "LEN")) {
            getlen = 1;
        } else if (!strcasecmp(opt, "WITHMATCHLEN")) {
            withmatchlen = 1;
        } else if (!strcasecmp(opt, "MINMATCHLEN") && moreargs) {
            if (getLongLongFromObjectOrReply(c, c->argv[j + 1], &minmatchlen, NULL) != C_OK) goto cleanup;
            if (minmatchlen < 0) minmatchlen = 0;
            j++;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            goto cleanup;
        }
    }
    if (getidx && getlen) {
        addReplyError(c, "If you want both the length and indexes, please just use IDX.");
        goto cleanup;
    }

    /* The dynamic programming table: (alen+1) x (blen+1) lengths, bounded so
     * a client cannot make us allocate without limit. */
    uint32_t alen = sdslen(a), blen = sdslen(b);
    unsigned long long cells = (unsigned long long)(alen + 1) * (blen + 1);
    if (cells > (unsigned long long)SIZE_MAX / sizeof(uint32_t) ||
        cells * sizeof(uint32_t) > (unsigned long long)server.proto_max_bulk_len) {
        addReplyError(c, "Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        goto cleanup;
    }
    uint32_t *dp = ztrymalloc(cells * sizeof(uint32_t));
    if (dp == NULL) {
        addReplyError(c, "Insufficient memory, failed allocating transient memory for LCS");
        goto cleanup;
    }
#define LCS(A, B) dp[(B) + ((A) * (blen + 1))]
    for (i = 0; i <= alen; i++) {
        for (j = 0; j <= blen; j++) {
            if (i == 0 || j == 0) LCS(i, j) = 0;
            else if (a[i - 1] == b[j - 1]) LCS(i, j) = LCS(i - 1, j - 1) + 1;
            else LCS(i, j) = LCS(i - 1, j) > LCS(i, j - 1) ? LCS(i - 1, j) : LCS(i, j - 1);
        }
    }

    uint32_t idx = LCS(alen, blen);
    sds result = NULL;
    void *arraylenptr = NULL;
    uint32_t arange_start = alen, arange_end = 0, brange_start = 0, brange_end = 0;
    int computelcs = getidx || !getlen;
    long arraylen = 0;

    if (computelcs && !getidx) result = sdsnewlen(SDS_NOINIT, idx);
    if (getidx) {
        addReplyMapLen(c, 2);
        addReplyBulkCString(c, "matches");
        arraylenptr = addReplyDeferredLen(c);
    }
    /* Walk back from the bottom-right corner, collecting matching runs. */
    i = alen;
    j = blen;
    while (computelcs && i > 0 && j > 0) {
        int emit_range = 0;
        if (a[i - 1] == b[j - 1]) {
            if (result) result[idx - 1] = a[i - 1];
            if (arange_start == alen) {
                arange_start = i - 1;
                arange_end = i - 1;
                brange_start = j - 1;
                brange_end = j - 1;
            } else if (arange_start == i && brange_start == j) {
                arange_start--;
                brange_start--;
            } else {
                emit_range = 1;
            }
            if (arange_start == 0 || brange_start == 0) emit_range = 1;
            idx--;
            i--;
            j--;
        } else {
            uint32_t lcs1 = LCS(i - 1, j), lcs2 = LCS(i, j - 1);
            if (lcs1 > lcs2) i--;
            else j--;
            if (arange_start != alen) emit_range = 1;
        }
        uint32_t match_len = arange_end - arange_start + 1;
        if (emit_range) {
            if (minmatchlen == 0 || match_len >= minmatchlen) {
                if (arraylenptr) {
                    addReplyArrayLen(c, 2 + withmatchlen);
                    addReplyArrayLen(c, 2);
                    addReplyLongLong(c, arange_start);
                    addReplyLongLong(c, arange_end);
                    addReplyArrayLen(c, 2);
                    addReplyLongLong(c, brange_start);
                    addReplyLongLong(c, brange_end);
                    if (withmatchlen) addReplyLongLong(c, match_len);
                    arraylen++;
                }
            }
            arange_start = alen;
        }
    }
#undef LCS
    if (getidx) {
        setDeferredArrayLen(c, arraylenptr, arraylen);
        addReplyBulkCString(c, "len");
        addReplyLongLong(c, dp[blen + alen * (blen + 1)]);
    } else if (getlen) {
        addReplyLongLong(c, dp[blen + alen * (blen + 1)]);
    } else {
        addReplyBulkSds(c, result);
        result = NULL;
    }
    sdsfree(result);
    zfree(dp);

cleanup:
    if (obja) decrRefCount(obja);
    if (objb) decrRefCount(objb);
}
