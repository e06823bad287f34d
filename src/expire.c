/* expire.c - key expiry: the TTL commands, lazy expiry on access and the
 * active expiry cycle.
 *
 * A key's absolute expire time (unix ms) is stored in its entry; entries with
 * a TTL are also in db->expires.  Keys are reclaimed two ways:
 *   - lazily: any lookup that finds an expired key deletes it first;
 *   - actively: activeExpireCycle samples db->expires incrementally (with a
 *     scan cursor per database) and deletes what has expired.  It runs in a
 *     "slow" mode from the cron, bounded to a share of CPU time, and in a
 *     "fast" mode before sleeping, bounded to about a millisecond, when the
 *     previous pass found many expired keys.  active-expire-effort (1-10)
 *     trades CPU for memory: more keys per pass, more time, fewer stale keys
 *     tolerated. */
#include "server.h"
#include "notify.h"
#include "latency.h"

/* ===========================================================================
 * Reading and setting expires
 * ======================================================================== */

long long getExpire(redisDb *db, robj *key) {
    robj *o = dictFind(db->keys, key->ptr);
    return o ? objectGetExpire(o) : -1;
}

/* Set the expire of an existing key; returns its (possibly moved) entry. */
robj *setExpire(client *c, redisDb *db, robj *key, long long when) {
    (void)c;
    void **ref = dictFindRef(db->keys, key->ptr);
    serverAssert(ref != NULL);
    robj *o = *ref;
    int wasvolatile = objectGetExpire(o) != -1;
    if (o->hasexpire) {
        objectSetExpire(o, when);
    } else {
        o = objectSetExpire(o, when);
        *ref = o;
    }
    if (!wasvolatile) dictAdd(db->expires, o);
    return o;
}

int removeExpire(redisDb *db, robj *key) {
    robj *o = dictFind(db->keys, key->ptr);
    if (!o || objectGetExpire(o) == -1) return 0;
    dictUnlink(db->expires, key->ptr);
    objectSetExpire(o, -1); /* keeps the field: no reallocation */
    return 1;
}

/* The time expiry is judged against: fixed for the duration of a command, so
 * a key cannot expire half-way through one. */
static long long expireNow(void) { return server.mstime; }

int keyIsExpired(redisDb *db, robj *o) {
    (void)db;
    long long when = objectGetExpire(o);
    if (when < 0) return 0;
    if (server.loading) return 0;
    return expireNow() > when;
}

int checkAlreadyExpired(long long when) { return when <= expireNow() && !server.loading; }

void deleteExpiredKeyAndPropagate(redisDb *db, robj *keyobj) {
    /* Notified and propagated first: keyobj may be the entry's own key,
     * freed with it.  The AOF and replicas get an explicit deletion: they
     * never expire keys on their own.  Outside a command (active expiry) it
     * goes out at once, on its own. */
    robj *argv[2] = {server.lazyfree_lazy_expire ? shared.unlink : shared.del, keyobj};
    alsoPropagate(db->id, argv, 2);
    if (server.execution_nesting == 0) propagatePendingCommands();
    notifyKeyspaceEvent(NOTIFY_EXPIRED, "expired", keyobj, db->id);
    if (server.lazyfree_lazy_expire) dbAsyncDelete(db, keyobj);
    else dbSyncDelete(db, keyobj);
    server.stat_expiredkeys++;
    signalModifiedKey(NULL, db, keyobj);
}

/* If the key is logically expired, delete it (unless told not to) and return
 * 1.  'o' may be NULL: the key is then looked up. */
int expireIfNeeded(redisDb *db, robj *key, robj *o, int flags) {
    if (o == NULL) o = dictFind(db->keys, key->ptr);
    if (o == NULL || !keyIsExpired(db, o)) return 0;
    if (flags & LOOKUP_NOEXPIRE) return 1;
    /* While clients are paused the dataset must not change: the key reads
     * as missing but stays until the pause ends. */
    if (checkClientPauseTimeoutAndReturnIfPaused()) return 1;
    deleteExpiredKeyAndPropagate(db, key);
    return 1;
}

/* ===========================================================================
 * Active expiry
 * ======================================================================== */

#define ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP 20
#define ACTIVE_EXPIRE_CYCLE_FAST_DURATION 1000 /* us */
#define ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC 25
#define ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE 10
#define CRON_DBS_PER_CALL 16
#define EXPIRE_BATCH 64

typedef struct {
    redisDb *db;
    long long now;
    long sampled;
    long long ttl_sum;
    long ttl_samples;
    int nexpired;
    sds expired[EXPIRE_BATCH]; /* keys to delete once the scan step returns */
} expireScanData;

static int keyIsExpiredAt(robj *o, long long now) {
    long long when = objectGetExpire(o);
    return when >= 0 && when < now;
}

static void expireScanCallback(void *privdata, void *elem) {
    expireScanData *d = privdata;
    robj *o = elem;
    long long when = objectGetExpire(o);
    d->sampled++;
    if (when < d->now) {
        if (d->nexpired < EXPIRE_BATCH) {
            sds key = objectGetKey(o);
            d->expired[d->nexpired++] = sdsnewlen(key, sdslen(key));
        }
    } else {
        d->ttl_sum += when - d->now;
        d->ttl_samples++;
    }
}

void activeExpireCycle(int type) {
    static unsigned int current_db = 0;
    static int timelimit_exit = 0;
    static long long last_fast_cycle = 0;

    if (checkClientPauseTimeoutAndReturnIfPaused()) return; /* see expireIfNeeded */
    unsigned long effort = server.active_expire_effort - 1;
    unsigned long keys_per_loop = ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP + ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP / 4 * effort;
    unsigned long fast_duration = ACTIVE_EXPIRE_CYCLE_FAST_DURATION + ACTIVE_EXPIRE_CYCLE_FAST_DURATION / 4 * effort;
    unsigned long slow_perc = ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC + 2 * effort;
    unsigned long acceptable_stale = ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE - effort;

    long long start = ustime();
    int dbs_per_call = CRON_DBS_PER_CALL;

    if (type == ACTIVE_EXPIRE_CYCLE_FAST) {
        /* Only when the last cycle ran out of time or found many stale keys,
         * and not more often than every 2 fast durations. */
        if (!timelimit_exit && server.stat_expired_stale_perc_x100 < (long long)acceptable_stale * 100) return;
        if (start < last_fast_cycle + (long long)fast_duration * 2) return;
        last_fast_cycle = start;
    }
    if (dbs_per_call > server.dbnum || timelimit_exit) dbs_per_call = server.dbnum;

    long long timelimit = type == ACTIVE_EXPIRE_CYCLE_FAST ? (long long)fast_duration
                                                           : (long long)slow_perc * 1000000 / server.hz / 100;
    if (timelimit <= 0) timelimit = 1;
    timelimit_exit = 0;

    long total_sampled = 0, total_expired = 0;
    int iteration = 0;
    for (int j = 0; j < dbs_per_call && !timelimit_exit; j++) {
        redisDb *db = server.db + (current_db % server.dbnum);
        current_db++;
        long expired, sampled;
        do {
            unsigned long num = dictSize(db->expires);
            if (num == 0) {
                db->avg_ttl = 0;
                break;
            }
            expireScanData d = {.db = db, .now = mstime()};
            if (num > keys_per_loop) num = keys_per_loop;
            unsigned long max_buckets = num * 20, buckets = 0;
            while (d.sampled < (long)num && buckets < max_buckets && d.nexpired < EXPIRE_BATCH) {
                db->expires_cursor = dictScan(db->expires, db->expires_cursor, expireScanCallback, &d);
                buckets++;
                if (db->expires_cursor == 0) break;
            }
            for (int k = 0; k < d.nexpired; k++) {
                robj keyobj;
                initStaticStringObject(keyobj, d.expired[k]);
                robj *o = dictFind(db->keys, d.expired[k]);
                if (o && keyIsExpiredAt(o, d.now)) deleteExpiredKeyAndPropagate(db, &keyobj);
                sdsfree(d.expired[k]);
            }
            expired = d.nexpired;
            sampled = d.sampled;
            total_expired += expired;
            total_sampled += sampled;
            if (d.ttl_samples) {
                long long avg = d.ttl_sum / d.ttl_samples;
                db->avg_ttl = db->avg_ttl == 0 ? avg : (db->avg_ttl / 50) * 49 + (avg / 50);
            }
            if ((++iteration & 0xf) == 0 && ustime() - start > timelimit) {
                timelimit_exit = 1;
                server.stat_expired_time_cap_reached_count++;
                break;
            }
        } while (sampled == 0 || (expired * 100 / sampled) > (long)acceptable_stale);
    }
    long long elapsed = ustime() - start;
    server.stat_expire_cycle_time_used += elapsed;
    latencyAddSampleIfNeeded("expire-cycle", elapsed / 1000);
    double current_perc = total_sampled ? (double)total_expired / total_sampled : 0;
    server.stat_expired_stale_perc_x100 =
        (long long)((current_perc * 0.05 + (server.stat_expired_stale_perc_x100 / 100.0) * 0.95) * 100);
}

/* ===========================================================================
 * Commands
 * ======================================================================== */

#define EXPIRE_NX (1 << 0)
#define EXPIRE_XX (1 << 1)
#define EXPIRE_GT (1 << 2)
#define EXPIRE_LT (1 << 3)

static int parseExtendedExpireArgumentsOrReply(client *c, int *flags) {
    int nx = 0, xx = 0, gt = 0, lt = 0;
    for (int j = 3; j < c->argc; j++) {
        char *opt = c->argv[j]->ptr;
        if (!strcasecmp(opt, "nx")) nx = 1;
        else if (!strcasecmp(opt, "xx")) xx = 1;
        else if (!strcasecmp(opt, "gt")) gt = 1;
        else if (!strcasecmp(opt, "lt")) lt = 1;
        else {
            addReplyErrorFormat(c, "Unsupported option %s", opt);
            return C_ERR;
        }
    }
    if (nx && (xx || gt || lt)) {
        addReplyError(c, "NX and XX, GT or LT options at the same time are not compatible");
        return C_ERR;
    }
    if (gt && lt) {
        addReplyError(c, "GT and LT options at the same time are not compatible");
        return C_ERR;
    }
    *flags = (nx ? EXPIRE_NX : 0) | (xx ? EXPIRE_XX : 0) | (gt ? EXPIRE_GT : 0) | (lt ? EXPIRE_LT : 0);
    return C_OK;
}

#define UNIT_SECONDS 0
#define UNIT_MILLISECONDS 1

/* EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT */
static void expireGenericCommand(client *c, long long basetime, int unit) {
    robj *key = c->argv[1];
    long long when;
    int flags = 0;

    if (parseExtendedExpireArgumentsOrReply(c, &flags) != C_OK) return;
    if (getLongLongFromObjectOrReply(c, c->argv[2], &when, NULL) != C_OK) return;
    if (unit == UNIT_SECONDS) {
        if (when > LLONG_MAX / 1000 || when < LLONG_MIN / 1000) {
            addReplyErrorExpireTime(c);
            return;
        }
        when *= 1000;
    }
    if (when > LLONG_MAX - basetime) {
        addReplyErrorExpireTime(c);
        return;
    }
    when += basetime;

    if (lookupKeyWrite(c->db, key) == NULL) {
        addReply(c, shared.czero);
        return;
    }
    if (flags) {
        long long current = getExpire(c->db, key);
        if ((flags & EXPIRE_NX) && current != -1) goto notset;
        if ((flags & EXPIRE_XX) && current == -1) goto notset;
        if ((flags & EXPIRE_GT) && (current == -1 || when <= current)) goto notset;
        if ((flags & EXPIRE_LT) && current != -1 && when >= current) goto notset;
    }
    if (checkAlreadyExpired(when)) {
        /* An expiry, so lazyfree-lazy-expire decides, as for keys the
         * server expires itself. */
        if (server.lazyfree_lazy_expire) dbAsyncDelete(c->db, key);
        else dbSyncDelete(c->db, key);
        /* Propagated as the deletion it was. */
        rewriteClientCommandVector(c, 2, server.lazyfree_lazy_expire ? shared.unlink : shared.del, key);
        signalModifiedKey(c, c->db, key);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", key, c->db->id);
    } else {
        setExpire(c, c->db, key, when);
        /* Propagated with the absolute time, so that replaying it later
         * sets the same deadline; options (NX, GT...) are kept. */
        if (c->cmd->proc != pexpireatCommand || basetime != 0) {
            robj *whenobj = createStringObjectFromLongLong(when);
            rewriteClientCommandArgument(c, 0, shared.pexpireat);
            rewriteClientCommandArgument(c, 2, whenobj);
            decrRefCount(whenobj);
        }
        signalModifiedKey(c, c->db, key);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "expire", key, c->db->id);
    }
    server.dirty++;
    addReply(c, shared.cone);
    return;
notset:
    addReply(c, shared.czero);
}

void expireCommand(client *c) { expireGenericCommand(c, server.mstime, UNIT_SECONDS); }
void expireatCommand(client *c) { expireGenericCommand(c, 0, UNIT_SECONDS); }
void pexpireCommand(client *c) { expireGenericCommand(c, server.mstime, UNIT_MILLISECONDS); }
void pexpireatCommand(client *c) { expireGenericCommand(c, 0, UNIT_MILLISECONDS); }

/* TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 no key, -1 no expire. */
static void ttlGenericCommand(client *c, int output_ms, int output_abs) {
    if (lookupKeyReadWithFlags(c->db, c->argv[1], LOOKUP_NOTOUCH) == NULL) {
        addReplyLongLong(c, -2);
        return;
    }
    long long expire = getExpire(c->db, c->argv[1]);
    if (expire == -1) {
        addReplyLongLong(c, -1);
        return;
    }
    long long ttl = output_abs ? expire : expire - server.mstime;
    if (ttl < 0) ttl = 0;
    addReplyLongLong(c, output_ms ? ttl : (ttl + 500) / 1000);
}

void ttlCommand(client *c) { ttlGenericCommand(c, 0, 0); }
void pttlCommand(client *c) { ttlGenericCommand(c, 1, 0); }
void expiretimeCommand(client *c) { ttlGenericCommand(c, 0, 1); }
void pexpiretimeCommand(client *c) { ttlGenericCommand(c, 1, 1); }

void persistCommand(client *c) {
    if (lookupKeyWrite(c->db, c->argv[1])) {
        if (removeExpire(c->db, c->argv[1])) {
            signalModifiedKey(c, c->db, c->argv[1]);
            notifyKeyspaceEvent(NOTIFY_GENERIC, "persist", c->argv[1], c->db->id);
            server.dirty++;
            addReply(c, shared.cone);
        } else {
            addReply(c, shared.czero);
        }
    } else {
        addReply(c, shared.czero);
    }
}
