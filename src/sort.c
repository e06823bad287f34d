/* sort.c - SORT and SORT_RO.
 *
 *   SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC]
 *        [ALPHA] [STORE destination]
 *
 * The elements of a list, set or sorted set are loaded into a vector of
 * sortItem, each with what it is compared by: its own value or the value a
 * BY pattern points to, as a number (the default) or as a string (ALPHA).
 * The vector is sorted, cut to the LIMIT window, and each element of the
 * window is replied (or stored) as itself or through its GET patterns.
 *
 * Patterns: the first '*' is replaced by the element; "->field" after the
 * '*' reads a hash field instead of a string key; "#" alone (GET only) is
 * the element itself.  A BY pattern without '*' means "do not sort": the
 * elements come in the order the value holds them (for a sorted set, score
 * order), which also lets LIMIT read only the window it needs.
 *
 * Ties: numeric comparisons that tie compare the elements themselves, so
 * the output does not depend on the sort algorithm; ALPHA comparisons by a
 * BY pattern do not, and keep the loading order (the C library's qsort is
 * stable for the sizes we sort), as Redis's output does. */
#include "server.h"
#include "notify.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "t_zset.h"

#include <math.h>

typedef struct sortItem {
    robj *obj; /* the element, a string object */
    union {
        double score;  /* numeric sort */
        robj *cmpobj;  /* ALPHA sort by pattern: the BY value, or NULL */
    } u;
} sortItem;

typedef struct sortOptions {
    int desc;
    int alpha;
    int bypattern; /* a BY pattern with '*' */
} sortOptions;

/* ===========================================================================
 * Patterns
 * ======================================================================== */

/* The value a pattern gives for an element: a new reference to a string
 * object, or NULL when the key (or hash field) is missing or of another
 * type.  "#" gives the element itself. */
static robj *lookupKeyByPattern(redisDb *db, robj *pattern, robj *subst) {
    sds p = pattern->ptr;
    if (p[0] == '#' && p[1] == '\0') {
        incrRefCount(subst);
        return subst;
    }
    char *star = strchr(p, '*');
    if (!star) return NULL;

    /* "->field" after the star reads a hash field, unless nothing follows
     * the arrow (then the arrow is part of the key name). */
    char *arrow = strstr(star + 1, "->");
    size_t fieldlen = 0;
    const char *field = NULL;
    if (arrow && arrow[2] != '\0') {
        field = arrow + 2;
        fieldlen = sdslen(p) - (size_t)(field - p);
    } else {
        arrow = NULL;
    }

    robj *sub = getDecodedObject(subst);
    size_t prefixlen = (size_t)(star - p);
    size_t postfixlen = arrow ? (size_t)(arrow - (star + 1)) : sdslen(p) - prefixlen - 1;
    sds keyname = sdsnewlen(SDS_NOINIT, prefixlen + sdslen(sub->ptr) + postfixlen);
    memcpy(keyname, p, prefixlen);
    memcpy(keyname + prefixlen, sub->ptr, sdslen(sub->ptr));
    memcpy(keyname + prefixlen + sdslen(sub->ptr), star + 1, postfixlen);
    decrRefCount(sub);

    robj keyobj;
    initStaticStringObject(keyobj, keyname);
    robj *o = lookupKeyRead(db, &keyobj);
    robj *result = NULL;
    if (o) {
        if (field) {
            if (o->type == OBJ_HASH) result = hashTypeGetValueObject(o, field, fieldlen);
        } else if (o->type == OBJ_STRING) {
            incrRefCount(o);
            result = o;
        }
    }
    sdsfree(keyname);
    return result;
}

/* ===========================================================================
 * Comparison
 * ======================================================================== */

static sortOptions *cmp_opts; /* qsort has no context argument */

/* ALPHA: by collation, as strings; numbers by their decimal form. */
static int compareAlpha(robj *a, robj *b) {
    robj *da = getDecodedObject(a), *db = getDecodedObject(b);
    int cmp = strcoll(da->ptr, db->ptr);
    decrRefCount(da);
    decrRefCount(db);
    return cmp;
}

static int sortCompare(const void *s1, const void *s2) {
    const sortItem *a = s1, *b = s2;
    int cmp;
    if (!cmp_opts->alpha) {
        if (a->u.score > b->u.score) cmp = 1;
        else if (a->u.score < b->u.score) cmp = -1;
        else cmp = compareStringObjects(a->obj, b->obj);
    } else if (cmp_opts->bypattern) {
        /* Missing BY values sort first. */
        if (!a->u.cmpobj || !b->u.cmpobj) cmp = a->u.cmpobj == b->u.cmpobj ? 0 : (a->u.cmpobj ? 1 : -1);
        else cmp = compareAlpha(a->u.cmpobj, b->u.cmpobj);
    } else {
        cmp = compareAlpha(a->obj, b->obj);
    }
    return cmp_opts->desc ? -cmp : cmp;
}

/* The score of a numeric sort: C_ERR if the value is not a number. */
static int sortScore(robj *v, double *score) {
    if (v->encoding == OBJ_ENCODING_INT) {
        *score = (long)(intptr_t)v->ptr;
        return C_OK;
    }
    if (!sdsEncodedObject(v)) return C_ERR;
    char *eptr;
    errno = 0;
    *score = strtod(v->ptr, &eptr);
    if (eptr[0] != '\0' || errno == ERANGE || isnan(*score)) return C_ERR;
    return C_OK;
}

/* ===========================================================================
 * Loading the elements
 * ======================================================================== */

typedef struct sortVector {
    sortItem *items;
    long len, cap;
} sortVector;

static void vectorAdd(sortVector *v, robj *ele) {
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->items = zrealloc(v->items, sizeof(sortItem) * v->cap);
    }
    v->items[v->len].obj = ele;
    v->items[v->len].u.score = 0;
    v->items[v->len].u.cmpobj = NULL;
    v->len++;
}

static robj *objectFromBuffer(const char *s, size_t len, long long ll) {
    return s ? createStringObject(s, len) : createStringObjectFromLongLong(ll);
}

/* Elements start..end (inclusive, 0-based) in the value's own order, or
 * counted from the other end when desc; end -1 for all of them.  Sets have
 * no order: all their members, in iteration order. */
static void loadRange(sortVector *v, robj *o, long start, long end, int desc) {
    if (o->type == OBJ_LIST) {
        long n = end < 0 ? (long)listTypeLength(o) - start : end - start + 1;
        listTypeIterator *li = listTypeInitIterator(o, desc ? -start - 1 : start, desc ? LIST_HEAD : LIST_TAIL);
        listTypeEntry e;
        while (n-- > 0 && listTypeNext(li, &e)) vectorAdd(v, listTypeGet(&e));
        listTypeReleaseIterator(li);
    } else if (o->type == OBJ_SET) {
        setTypeIterator *si = setTypeInitIterator(o);
        char *str;
        size_t slen;
        int64_t ll;
        while (setTypeNext(si, &str, &slen, &ll)) vectorAdd(v, objectFromBuffer(str, slen, ll));
        setTypeReleaseIterator(si);
    } else if (o->type == OBJ_ZSET) {
        long n = end < 0 ? (long)zsetLength(o) - start : end - start + 1;
        zsetIterator it;
        zsetEntry e;
        zsetIterInit(&it, o, (unsigned long)start, desc);
        while (n-- > 0 && zsetIterNext(&it, &e)) vectorAdd(v, createStringObject(e.ele, e.len));
    }
}

static unsigned long valueLength(robj *o) {
    switch (o->type) {
    case OBJ_LIST: return listTypeLength(o);
    case OBJ_SET: return setTypeSize(o);
    case OBJ_ZSET: return zsetLength(o);
    default: return 0;
    }
}

/* ===========================================================================
 * The command
 * ======================================================================== */

static void sortGenericCommand(client *c, int readonly) {
    sortOptions opts = {0, 0, 0};
    int dontsort = 0;
    long limit_start = 0, limit_count = -1;
    robj *sortby = NULL, *storekey = NULL;
    list *getops = listCreate();
    int syntax_error = 0;

    for (int j = 2; j < c->argc; j++) {
        int leftargs = c->argc - j - 1;
        const char *a = c->argv[j]->ptr;
        if (c->argv[j]->encoding == OBJ_ENCODING_INT) {
            syntax_error = 1;
            break;
        } else if (!strcasecmp(a, "asc")) {
            opts.desc = 0;
        } else if (!strcasecmp(a, "desc")) {
            opts.desc = 1;
        } else if (!strcasecmp(a, "alpha")) {
            opts.alpha = 1;
        } else if (!strcasecmp(a, "limit") && leftargs >= 2) {
            if (getLongFromObjectOrReply(c, c->argv[j + 1], &limit_start, NULL) != C_OK ||
                getLongFromObjectOrReply(c, c->argv[j + 2], &limit_count, NULL) != C_OK) {
                listRelease(getops);
                return;
            }
            j += 2;
        } else if (!readonly && !strcasecmp(a, "store") && leftargs >= 1) {
            storekey = c->argv[j + 1];
            j++;
        } else if (!strcasecmp(a, "by") && leftargs >= 1) {
            sortby = c->argv[j + 1];
            /* No '*': nothing to look up, keep the value's own order. */
            if (sortby->encoding == OBJ_ENCODING_INT || !strchr(sortby->ptr, '*')) dontsort = 1;
            j++;
        } else if (!strcasecmp(a, "get") && leftargs >= 1) {
            listAddNodeTail(getops, c->argv[j + 1]);
            j++;
        } else {
            syntax_error = 1;
            break;
        }
    }
    if (syntax_error) {
        listRelease(getops);
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }

    robj *sortval = lookupKeyRead(c->db, c->argv[1]);
    if (sortval && sortval->type != OBJ_SET && sortval->type != OBJ_LIST && sortval->type != OBJ_ZSET) {
        listRelease(getops);
        addReplyErrorObject(c, shared.wrongtypeerr);
        return;
    }

    /* Redis sorts sorted sets in their skiplist form and converts a
     * listpack one for good, even for SORT_RO; OBJECT ENCODING shows it. */
    if (sortval && sortval->type == OBJ_ZSET && sortval->encoding == OBJ_ENCODING_LISTPACK)
        zsetConvert(sortval, OBJ_ENCODING_SKIPLIST);

    /* A set has no order of its own: when the output is stored, sort it
     * anyway so that what is stored does not depend on hash table layout. */
    if (dontsort && sortval && sortval->type == OBJ_SET && storekey) {
        dontsort = 0;
        opts.alpha = 1;
        sortby = NULL;
    }
    opts.bypattern = sortby && !dontsort;

    /* The LIMIT window over the vector. */
    long vectorlen = sortval ? (long)valueLength(sortval) : 0;
    long start = limit_start < 0 ? 0 : limit_start;
    long end;
    if (start >= vectorlen) {
        start = vectorlen - 1;
        end = vectorlen - 2;
    } else {
        /* Compared before adding: LIMIT 5 9223372036854775807 must not
         * overflow. */
        end = (limit_count < 0 || limit_count > vectorlen - start) ? vectorlen - 1 : start + limit_count - 1;
    }

    /* Load: with dontsort on an ordered value only the window is read, in
     * the requested direction; otherwise everything. */
    sortVector v = {NULL, 0, 0};
    if (sortval) {
        if (dontsort && sortval->type != OBJ_SET && start <= end) {
            loadRange(&v, sortval, start, end, opts.desc);
            start = 0;
            end = v.len - 1;
        } else if (!(dontsort && sortval->type != OBJ_SET)) {
            loadRange(&v, sortval, 0, -1, 0);
        }
    }

    /* What each element is compared by. */
    if (!dontsort) {
        for (long i = 0; i < v.len; i++) {
            robj *byval = sortby ? lookupKeyByPattern(c->db, sortby, v.items[i].obj) : NULL;
            if (opts.alpha) {
                if (sortby) v.items[i].u.cmpobj = byval ? getDecodedObject(byval) : NULL;
            } else {
                robj *src = sortby ? byval : v.items[i].obj;
                double score = 0;
                if (src && sortScore(src, &score) != C_OK) {
                    if (byval) decrRefCount(byval);
                    for (long k = 0; k < v.len; k++) decrRefCount(v.items[k].obj);
                    zfree(v.items);
                    listRelease(getops);
                    addReplyError(c, "One or more scores can't be converted into double");
                    return;
                }
                v.items[i].u.score = score;
            }
            if (byval) decrRefCount(byval);
        }
        cmp_opts = &opts;
        if (v.len > 1) qsort(v.items, v.len, sizeof(sortItem), sortCompare);
    }

    long outputlen = end >= start ? end - start + 1 : 0;
    if (outputlen > v.len) outputlen = v.len;
    /* Each element of the window gives itself, or one value per GET (NULL
     * when missing): replied, or pushed onto the list to store. */
    robj *sobj = storekey ? createQuicklistObject() : NULL;
    long perelem = listLength(getops) ? (long)listLength(getops) : 1;
    if (!storekey) addReplyArrayLen(c, outputlen * perelem);
    for (long i = start; i < start + outputlen; i++) {
        listIter li;
        listNode *ln = NULL;
        listRewind(getops, &li);
        do {
            robj *val;
            if (!listLength(getops)) {
                val = v.items[i].obj;
                incrRefCount(val);
            } else {
                ln = listNext(&li);
                val = lookupKeyByPattern(c->db, listNodeValue(ln), v.items[i].obj);
            }
            if (sobj) {
                /* A missing value is stored as an empty string. */
                if (!val) val = createStringObject("", 0);
                listTypePush(sobj, val, LIST_TAIL);
            } else if (val) {
                addReplyBulk(c, val);
            } else {
                addReplyNull(c);
            }
            if (val) decrRefCount(val);
        } while (ln && ln != listLast(getops));
    }
    if (storekey) {
        long stored = (long)listTypeLength(sobj);
        if (stored) {
            /* Replace whatever the destination held, TTL included. */
            dbDelete(c->db, storekey);
            dbAdd(c->db, storekey, sobj);
            signalModifiedKey(c, c->db, storekey);
            notifyKeyspaceEvent(NOTIFY_LIST, "sortstore", storekey, c->db->id);
            server.dirty += stored;
        } else {
            decrRefCount(sobj);
            if (dbDelete(c->db, storekey)) {
                signalModifiedKey(c, c->db, storekey);
                notifyKeyspaceEvent(NOTIFY_GENERIC, "del", storekey, c->db->id);
                server.dirty++;
            }
        }
        addReplyLongLong(c, stored);
    }

    for (long i = 0; i < v.len; i++) {
        decrRefCount(v.items[i].obj);
        if (opts.alpha && opts.bypattern && v.items[i].u.cmpobj) decrRefCount(v.items[i].u.cmpobj);
    }
    zfree(v.items);
    listRelease(getops);
}

void sortCommand(client *c) { sortGenericCommand(c, 0); }

void sortRoCommand(client *c) { sortGenericCommand(c, 1); }
