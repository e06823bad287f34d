/* geo.c - the GEO commands.
 *
 * A geo set is an ordinary sorted set whose scores are 52-bit geohashes
 * (geohash.h): GEOADD is ZADD with the coordinates turned into a score, and
 * ZRANGE, ZREM, ZCARD... work on geo sets as they are.
 *
 * A search (GEOSEARCH, GEORADIUS and their variants) does not scan the set:
 * geohash.c turns the shape into at most 9 cells, each cell is one score
 * range of the sorted set, and only the members in those ranges are decoded
 * and filtered by their exact distance (or the box test).  The matches are
 * collected in a geoArray, sorted by distance if asked, then either replied
 * or stored in a new sorted set (scores: the geohash, or with STOREDIST the
 * distance in the requested unit).
 *
 * Replies follow Redis 7.0: distances with 4 decimals in a bulk string,
 * coordinates as long doubles with up to 17 decimals, trailing zeros
 * removed (a double in RESP3). */
#include "server.h"
#include "t_zset.h"
#include "notify.h"
#include "geohash.h"
#include "pqsort.h"

/* ------------------------------------------------------------------------
 * Arguments and replies
 * --------------------------------------------------------------------- */

/* Meters per unit, or -1 after replying with an error. */
static double geoUnitOrReply(client *c, robj *unit) {
    const char *u = unit->ptr;
    if (!strcasecmp(u, "m")) return 1;
    if (!strcasecmp(u, "km")) return 1000;
    if (!strcasecmp(u, "ft")) return 0.3048;
    if (!strcasecmp(u, "mi")) return 1609.34;
    addReplyError(c, "unsupported unit provided. please use M, KM, FT, MI");
    return -1;
}

/* argv[0], argv[1]: a longitude and a latitude within the limits of stored
 * points, into xy. */
static int geoLonLatOrReply(client *c, robj **argv, double *xy) {
    for (int i = 0; i < 2; i++)
        if (getDoubleFromObjectOrReply(c, argv[i], xy + i, NULL) != C_OK) return C_ERR;
    if (xy[0] < GEO_LONG_MIN || xy[0] > GEO_LONG_MAX || xy[1] < GEO_LAT_MIN || xy[1] > GEO_LAT_MAX) {
        addReplyErrorFormat(c, "invalid longitude,latitude pair %f,%f", xy[0], xy[1]);
        return C_ERR;
    }
    return C_OK;
}

/* argv[0], argv[1]: radius and unit. */
static int geoRadiusOrReply(client *c, robj **argv, geohashShape *shape) {
    double radius;
    if (getDoubleFromObjectOrReply(c, argv[0], &radius, "need numeric radius") != C_OK) return C_ERR;
    if (radius < 0) {
        addReplyError(c, "radius cannot be negative");
        return C_ERR;
    }
    double conversion = geoUnitOrReply(c, argv[1]);
    if (conversion < 0) return C_ERR;
    shape->type = GEO_SHAPE_CIRCLE;
    shape->radius = radius;
    shape->conversion = conversion;
    return C_OK;
}

/* argv[0..2]: width, height and unit. */
static int geoBoxOrReply(client *c, robj **argv, geohashShape *shape) {
    double width, height;
    if (getDoubleFromObjectOrReply(c, argv[0], &width, "need numeric width") != C_OK ||
        getDoubleFromObjectOrReply(c, argv[1], &height, "need numeric height") != C_OK)
        return C_ERR;
    if (width < 0 || height < 0) {
        addReplyError(c, "height or width cannot be negative");
        return C_ERR;
    }
    double conversion = geoUnitOrReply(c, argv[2]);
    if (conversion < 0) return C_ERR;
    shape->type = GEO_SHAPE_BOX;
    shape->width = width;
    shape->height = height;
    shape->conversion = conversion;
    return C_OK;
}

/* The position of a member of zobj, into xy. */
static int geoMemberPosition(robj *zobj, robj *member, double *xy) {
    double score;
    if (zsetScore(zobj, member->ptr, &score) == C_ERR) return C_ERR;
    return geohashDecodeScore(score, xy) ? C_OK : C_ERR;
}

static void geoReplyDistance(client *c, double d) {
    char buf[128];
    int len = snprintf(buf, sizeof(buf), "%.4f", d);
    addReplyBulkCBuffer(c, buf, len);
}

static void geoReplyPosition(client *c, const double *xy) {
    addReplyArrayLen(c, 2);
    addReplyHumanLongDouble(c, xy[0]);
    addReplyHumanLongDouble(c, xy[1]);
}

/* ------------------------------------------------------------------------
 * GEOADD, GEOPOS, GEODIST, GEOHASH
 * --------------------------------------------------------------------- */

/* GEOADD key [NX|XX] [CH] longitude latitude member [...]
 *
 * Runs as the ZADD it is: the command vector is rewritten to ZADD with the
 * encoded scores, so that ZADD's options, replies and events apply as they
 * are, and the command propagates as a plain ZADD. */
void geoaddCommand(client *c) {
    int xx = 0, nx = 0, lonidx = 2;
    for (; lonidx < c->argc; lonidx++) {
        const char *opt = c->argv[lonidx]->ptr;
        if (!strcasecmp(opt, "nx")) nx = 1;
        else if (!strcasecmp(opt, "xx")) xx = 1;
        else if (!strcasecmp(opt, "ch")) continue;
        else break;
    }
    if ((c->argc - lonidx) % 3 || (xx && nx)) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }

    /* ZADD key [options] score member ... : the options are copied as they
     * are, each triplet becomes a pair. */
    int elements = (c->argc - lonidx) / 3;
    int argc = lonidx + elements * 2;
    robj **argv = zcalloc(sizeof(robj *) * argc);
    argv[0] = createStringObject("zadd", 4);
    for (int i = 1; i < lonidx; i++) {
        argv[i] = c->argv[i];
        incrRefCount(argv[i]);
    }
    for (int i = 0; i < elements; i++) {
        robj **triplet = c->argv + lonidx + i * 3;
        double xy[2];
        uint64_t score;
        if (geoLonLatOrReply(c, triplet, xy) == C_ERR) {
            for (int j = 0; j < argc; j++)
                if (argv[j]) decrRefCount(argv[j]);
            zfree(argv);
            return;
        }
        geohashEncodeScore(xy[0], xy[1], &score);
        argv[lonidx + i * 2] = createObject(OBJ_STRING, sdsfromlonglong((long long)score));
        argv[lonidx + i * 2 + 1] = triplet[2];
        incrRefCount(triplet[2]);
    }
    replaceClientCommandVector(c, argc, argv);
    zaddCommand(c);
}

/* GEOPOS key member [member ...] */
void geoposCommand(client *c) {
    robj *zobj = lookupKeyRead(c->db, c->argv[1]);
    if (checkType(c, zobj, OBJ_ZSET)) return;
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        double xy[2];
        if (zobj && geoMemberPosition(zobj, c->argv[j], xy) == C_OK) geoReplyPosition(c, xy);
        else addReplyNullArray(c);
    }
}

/* GEODIST key member1 member2 [unit] */
void geodistCommand(client *c) {
    double to_meters = 1;
    if (c->argc == 5) {
        to_meters = geoUnitOrReply(c, c->argv[4]);
        if (to_meters < 0) return;
    } else if (c->argc > 5) {
        addReplyErrorObject(c, shared.syntaxerr);
        return;
    }
    robj *zobj = lookupKeyReadOrReply(c, c->argv[1], shared.null[c->resp]);
    if (zobj == NULL || checkType(c, zobj, OBJ_ZSET)) return;

    double a[2], b[2];
    if (geoMemberPosition(zobj, c->argv[2], a) == C_ERR || geoMemberPosition(zobj, c->argv[3], b) == C_ERR) {
        addReplyNull(c);
        return;
    }
    geoReplyDistance(c, geohashDistance(a[0], a[1], b[0], b[1]) / to_meters);
}

/* GEOHASH key member [member ...] */
void geohashCommand(client *c) {
    robj *zobj = lookupKeyRead(c->db, c->argv[1]);
    if (checkType(c, zobj, OBJ_ZSET)) return;
    addReplyArrayLen(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        double score;
        char buf[12];
        if (zobj && zsetScore(zobj, c->argv[j]->ptr, &score) == C_OK && geohashToString(score, buf))
            addReplyBulkCBuffer(c, buf, 11);
        else addReplyNull(c);
    }
}

/* ------------------------------------------------------------------------
 * Searching
 * --------------------------------------------------------------------- */

/* One match. */
typedef struct geoPoint {
    double lon, lat;
    double dist; /* from the center, meters */
    double score;
    sds member;
} geoPoint;

/* The matches of a search, in the order found. */
typedef struct geoArray {
    geoPoint *points;
    size_t used, size;
} geoArray;

static geoPoint *geoArrayAppend(geoArray *ga) {
    if (ga->used == ga->size) {
        ga->size = ga->size ? ga->size * 2 : 16;
        ga->points = zrealloc(ga->points, sizeof(geoPoint) * ga->size);
    }
    return &ga->points[ga->used++];
}

static void geoArrayFree(geoArray *ga) {
    for (size_t i = 0; i < ga->used; i++) sdsfree(ga->points[i].member);
    zfree(ga->points);
}

/* Add to ga the members of zobj inside cell that are inside the shape.
 * limit > 0 (COUNT ... ANY) stops once ga holds that many. */
static void geoSearchCell(robj *zobj, geohashCell cell, const geohashShape *shape, geoArray *ga,
                          unsigned long limit) {
    uint64_t min, max;
    geohashCellScoreRange(cell, &min, &max);
    zrangespec range = {.min = (double)min, .max = (double)max, .minex = 0, .maxex = 1};
    zsetIterator it;
    zsetEntry e;
    zsetIterInitByScore(&it, zobj, &range, 0);
    while (zsetIterNext(&it, &e)) {
        double xy[2], dist;
        if (!geohashDecodeScore(e.score, xy)) continue;
        if (!geohashShapeContains(shape, xy[0], xy[1], &dist)) continue;
        geoPoint *p = geoArrayAppend(ga);
        p->lon = xy[0];
        p->lat = xy[1];
        p->dist = dist;
        p->score = e.score;
        p->member = sdsnewlen(e.ele, e.len);
        if (limit && ga->used >= limit) break;
    }
}

/* The cells covering the shape, one score range each.  Neighbours equal to
 * the cell just searched (big radius: the neighbours wrap around) are
 * skipped so that no member is found twice. */
static void geoSearch(robj *zobj, const geohashShape *shape, geoArray *ga, unsigned long limit) {
    geohashSearchArea sa;
    geohashSearchAreaForShape(shape, &sa);
    int last = -1;
    for (int i = 0; i < GEO_SEARCH_CELLS; i++) {
        geohashCell cell = sa.cells[i];
        if (cell.bits == 0 && cell.step == 0) continue; /* not needed */
        if (last != -1 && cell.bits == sa.cells[last].bits && cell.step == sa.cells[last].step) continue;
        if (limit && ga->used >= limit) break;
        geoSearchCell(zobj, cell, shape, ga, limit);
        last = i;
    }
}

static int geoPointCmpAsc(const void *a, const void *b) {
    double da = ((const geoPoint *)a)->dist, db = ((const geoPoint *)b)->dist;
    return da < db ? -1 : (da > db ? 1 : 0);
}

static int geoPointCmpDesc(const void *a, const void *b) { return geoPointCmpAsc(b, a); }

/* Which command is parsing: the flags of geoSearchGenericCommand. */
#define GEO_FROM_COORDS (1 << 0) /* GEORADIUS: key lon lat radius unit */
#define GEO_FROM_MEMBER (1 << 1) /* GEORADIUSBYMEMBER: key member radius unit */
#define GEO_NO_STORE (1 << 2)    /* the _RO variants: no STORE/STOREDIST */
#define GEO_SEARCH (1 << 3)      /* GEOSEARCH syntax: FROM... BY... */
#define GEO_SEARCH_STORE (1 << 4) /* GEOSEARCHSTORE: destination first */

#define GEO_SORT_NONE 0
#define GEO_SORT_ASC 1
#define GEO_SORT_DESC 2

typedef struct geoSearchOptions {
    geohashShape shape;
    robj *storekey;
    int storedist;
    int withdist, withhash, withcoord;
    int frommember, fromlonlat, byradius, bybox;
    int sort; /* GEO_SORT_* */
    int any;
    long long count; /* 0: no limit */
} geoSearchOptions;

/* Parse the options from argv[first] on.  zobj is the source (NULL if
 * missing: FROMMEMBER is then accepted without a lookup). */
static int geoParseOptions(client *c, int first, int flags, robj *zobj, geoSearchOptions *o) {
    const int search = (flags & GEO_SEARCH) != 0;                        /* FROM.../BY... syntax */
    const int radius_store = !(flags & GEO_NO_STORE) && !search;          /* STORE key, STOREDIST key */
    for (int i = first; i < c->argc; i++) {
        const char *arg = c->argv[i]->ptr;
        int left = c->argc - i - 1; /* arguments after this one */
        if (!strcasecmp(arg, "withdist")) {
            o->withdist = 1;
        } else if (!strcasecmp(arg, "withhash")) {
            o->withhash = 1;
        } else if (!strcasecmp(arg, "withcoord")) {
            o->withcoord = 1;
        } else if (!strcasecmp(arg, "any")) {
            o->any = 1;
        } else if (!strcasecmp(arg, "asc")) {
            o->sort = GEO_SORT_ASC;
        } else if (!strcasecmp(arg, "desc")) {
            o->sort = GEO_SORT_DESC;
        } else if (!strcasecmp(arg, "count") && left >= 1) {
            if (getLongLongFromObjectOrReply(c, c->argv[i + 1], &o->count, NULL) != C_OK) return C_ERR;
            if (o->count <= 0) {
                addReplyError(c, "COUNT must be > 0");
                return C_ERR;
            }
            i++;
        } else if ((!strcasecmp(arg, "store") || !strcasecmp(arg, "storedist")) && left >= 1 && radius_store) {
            o->storekey = c->argv[i + 1];
            o->storedist = !strcasecmp(arg, "storedist");
            i++;
        } else if (!strcasecmp(arg, "storedist") && (flags & GEO_SEARCH_STORE)) {
            o->storedist = 1;
        } else if (!strcasecmp(arg, "frommember") && left >= 1 && search && !o->fromlonlat) {
            /* Without a source the member cannot be looked up: the reply
             * will be empty, but the rest is still checked. */
            if (zobj && geoMemberPosition(zobj, c->argv[i + 1], o->shape.xy) == C_ERR) {
                addReplyError(c, "could not decode requested zset member");
                return C_ERR;
            }
            o->frommember = 1;
            i++;
        } else if (!strcasecmp(arg, "fromlonlat") && left >= 2 && search && !o->frommember) {
            if (geoLonLatOrReply(c, c->argv + i + 1, o->shape.xy) == C_ERR) return C_ERR;
            o->fromlonlat = 1;
            i += 2;
        } else if (!strcasecmp(arg, "byradius") && left >= 2 && search && !o->bybox) {
            if (geoRadiusOrReply(c, c->argv + i + 1, &o->shape) == C_ERR) return C_ERR;
            o->byradius = 1;
            i += 2;
        } else if (!strcasecmp(arg, "bybox") && left >= 3 && search && !o->byradius) {
            if (geoBoxOrReply(c, c->argv + i + 1, &o->shape) == C_ERR) return C_ERR;
            o->bybox = 1;
            i += 3;
        } else {
            addReplyErrorObject(c, shared.syntaxerr);
            return C_ERR;
        }
    }

    /* Combinations, checked once everything was read. */
    if (o->storekey && (o->withdist || o->withhash || o->withcoord)) {
        addReplyErrorFormat(c, "%s is not compatible with WITHDIST, WITHHASH and WITHCOORD options",
                            (flags & GEO_SEARCH_STORE) ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS");
        return C_ERR;
    }
    if ((flags & GEO_SEARCH) && !(o->frommember || o->fromlonlat)) {
        addReplyErrorFormat(c, "exactly one of FROMMEMBER or FROMLONLAT can be specified for %s",
                            (char *)c->argv[0]->ptr);
        return C_ERR;
    }
    if ((flags & GEO_SEARCH) && !(o->byradius || o->bybox)) {
        addReplyErrorFormat(c, "exactly one of BYRADIUS and BYBOX can be specified for %s",
                            (char *)c->argv[0]->ptr);
        return C_ERR;
    }
    if (o->any && !o->count) {
        addReplyError(c, "the ANY argument requires COUNT argument");
        return C_ERR;
    }
    return C_OK;
}

/* Reply with the first n matches. */
static void geoReplyMatches(client *c, const geoSearchOptions *o, geoArray *ga, size_t n) {
    int extra = o->withdist + o->withhash + o->withcoord;
    addReplyArrayLen(c, n);
    for (size_t i = 0; i < n; i++) {
        geoPoint *p = &ga->points[i];
        /* Each match alone, or [member, dist?, hash?, [lon, lat]?]. */
        if (extra) addReplyArrayLen(c, extra + 1);
        addReplyBulkCBuffer(c, p->member, sdslen(p->member));
        if (o->withdist) geoReplyDistance(c, p->dist / o->shape.conversion);
        if (o->withhash) addReplyLongLong(c, (long long)p->score);
        if (o->withcoord) {
            double xy[2] = {p->lon, p->lat};
            geoReplyPosition(c, xy);
        }
    }
}

/* Store the first n matches under o->storekey (deleting it if n is 0) and
 * reply with n. */
static void geoStoreMatches(client *c, const geoSearchOptions *o, int flags, geoArray *ga, size_t n) {
    if (n == 0) {
        zsetStoreEmptyResult(c, o->storekey);
        return;
    }
    size_t maxlen = 0;
    for (size_t i = 0; i < n; i++)
        if (sdslen(ga->points[i].member) > maxlen) maxlen = sdslen(ga->points[i].member);
    robj *dst = zsetTypeCreate(n, maxlen);
    for (size_t i = 0; i < n; i++) {
        geoPoint *p = &ga->points[i];
        double score = o->storedist ? p->dist / o->shape.conversion : p->score;
        int out;
        zsetAdd(dst, score, p->member, ZADD_IN_NONE, &out, NULL);
    }
    zsetStoreResult(c, o->storekey, dst);
    notifyKeyspaceEvent(NOTIFY_ZSET, (flags & GEO_SEARCH) ? "geosearchstore" : "georadiusstore", o->storekey,
                        c->db->id);
    server.dirty += n;
    addReplyLongLong(c, (long long)n);
}

/* GEORADIUS key longitude latitude radius unit [options]
 * GEORADIUSBYMEMBER key member radius unit [options]
 *   options: WITHCOORD WITHDIST WITHHASH COUNT n [ANY] ASC|DESC
 *            STORE key | STOREDIST key (not in the _RO variants)
 * GEOSEARCH key FROMMEMBER member | FROMLONLAT lon lat
 *               BYRADIUS radius unit | BYBOX width height unit
 *               [ASC|DESC] [COUNT n [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]
 * GEOSEARCHSTORE dst key ... as GEOSEARCH ... [STOREDIST] (no WITH*)
 *
 * The errors come in the order Redis finds them: the fixed arguments, the
 * options from left to right, then the combinations. */
static void geoSearchGenericCommand(client *c, int srcidx, int flags) {
    robj *zobj = lookupKeyRead(c->db, c->argv[srcidx]);
    if (checkType(c, zobj, OBJ_ZSET)) return;

    geoSearchOptions o;
    memset(&o, 0, sizeof(o));
    int first; /* index of the first option */
    if (flags & GEO_FROM_COORDS) {
        first = 6;
        if (geoLonLatOrReply(c, c->argv + 2, o.shape.xy) == C_ERR) return;
        if (geoRadiusOrReply(c, c->argv + 4, &o.shape) == C_ERR) return;
    } else if (flags & GEO_FROM_MEMBER) {
        first = 5;
        /* A missing source gives an empty reply; the options are still
         * parsed, to tell which reply (STORE or not). */
        if (zobj) {
            if (geoMemberPosition(zobj, c->argv[2], o.shape.xy) == C_ERR) {
                addReplyError(c, "could not decode requested zset member");
                return;
            }
            if (geoRadiusOrReply(c, c->argv + 3, &o.shape) == C_ERR) return;
        }
    } else {
        first = srcidx + 1;
        if (flags & GEO_SEARCH_STORE) o.storekey = c->argv[1];
    }
    if (geoParseOptions(c, first, flags, zobj, &o) == C_ERR) return;

    if (zobj == NULL) {
        if (o.storekey) zsetStoreEmptyResult(c, o.storekey);
        else addReply(c, shared.emptyarray);
        return;
    }

    /* COUNT means "the n nearest" unless ANY says "any n". */
    if (o.count && o.sort == GEO_SORT_NONE && !o.any) o.sort = GEO_SORT_ASC;

    geoArray ga = {0};
    geoSearch(zobj, &o.shape, &ga, o.any ? (unsigned long)o.count : 0);

    if (ga.used == 0 && !o.storekey) {
        addReply(c, shared.emptyarray);
        geoArrayFree(&ga);
        return;
    }
    size_t n = ga.used;
    if (o.count && (unsigned long long)o.count < n) n = (size_t)o.count;
    /* Only the first n need ordering.  Redis makes the same choice (the
     * C library's qsort for all, the partial quicksort for fewer), and it
     * decides the order of points at equal distances. */
    if (o.sort != GEO_SORT_NONE && ga.used > 0) {
        int (*cmp)(const void *, const void *) = o.sort == GEO_SORT_ASC ? geoPointCmpAsc : geoPointCmpDesc;
        if (n == ga.used) qsort(ga.points, ga.used, sizeof(geoPoint), cmp);
        else pqsort(ga.points, ga.used, sizeof(geoPoint), cmp, 0, n - 1);
    }

    if (o.storekey) geoStoreMatches(c, &o, flags, &ga, n);
    else geoReplyMatches(c, &o, &ga, n);
    geoArrayFree(&ga);
}

void georadiusCommand(client *c) { geoSearchGenericCommand(c, 1, GEO_FROM_COORDS); }
void georadiusbymemberCommand(client *c) { geoSearchGenericCommand(c, 1, GEO_FROM_MEMBER); }
void georadiusRoCommand(client *c) { geoSearchGenericCommand(c, 1, GEO_FROM_COORDS | GEO_NO_STORE); }
void georadiusbymemberRoCommand(client *c) { geoSearchGenericCommand(c, 1, GEO_FROM_MEMBER | GEO_NO_STORE); }
void geosearchCommand(client *c) { geoSearchGenericCommand(c, 1, GEO_SEARCH); }
void geosearchstoreCommand(client *c) { geoSearchGenericCommand(c, 2, GEO_SEARCH | GEO_SEARCH_STORE); }
