/* pubsub.c - publish/subscribe (see pubsub.h for the model).
 *
 * Data layout
 * -----------
 * For each kind of subscription (channel, pattern, shard channel) the server
 * keeps a dict of *targets*: one pubsubTarget per name that has at least one
 * subscriber, holding the subscribers in a plain array.  PUBLISH walks that
 * array, which is the fastest thing to iterate when a channel has thousands
 * of subscribers.
 *
 * Each client keeps, per kind, a dict of pubsubSub records: the target it
 * subscribed to and its position in the target's array.  Knowing the
 * position makes unsubscribing O(1): the last subscriber of the array moves
 * into the hole, and its own record (found through its dict) learns its new
 * position.  Both dicts are keyed by the target's name, stored once.
 *
 * Delivery
 * --------
 * A message is formatted once, as the complete RESP2 array, and the same
 * bytes are appended to each subscriber's output.  A RESP3 push message
 * differs only in its first byte ('>' instead of '*'), so RESP3 subscribers
 * get ">" followed by the same bytes minus the first.  Like Redis, messages
 * and subscription confirmations ignore CLIENT REPLY OFF/SKIP: a client that
 * subscribed wants its messages. */
#include "pubsub.h"

enum { PS_CHANNEL, PS_PATTERN, PS_SHARD, PS_KINDS };

typedef struct pubsubTarget {
    sds name;
    client **subs;
    unsigned long count, cap;
} pubsubTarget;

typedef struct pubsubSub {
    pubsubTarget *target;
    unsigned long idx; /* where the client is in target->subs */
} pubsubSub;

typedef struct clientPubsub {
    dict *subs[PS_KINDS]; /* pubsubSub elements, NULL until first used */
} clientPubsub;

static const void *targetGetKey(const void *e) { return ((const pubsubTarget *)e)->name; }
static const void *subGetKey(const void *e) { return ((const pubsubSub *)e)->target->name; }

static dictType targetDictType = {
    .hashFunction = dictSdsHash, .entryGetKey = targetGetKey, .keyCompare = dictSdsKeyCompare};
static dictType subDictType = {.hashFunction = dictSdsHash, .entryGetKey = subGetKey, .keyCompare = dictSdsKeyCompare};

static dict *targets[PS_KINDS]; /* name -> pubsubTarget, per kind */

static const char *subscribe_verb[PS_KINDS] = {"subscribe", "psubscribe", "ssubscribe"};
static const char *unsubscribe_verb[PS_KINDS] = {"unsubscribe", "punsubscribe", "sunsubscribe"};

static dict *serverTargets(int kind) {
    if (!targets[kind]) targets[kind] = dictCreate(&targetDictType);
    return targets[kind];
}

static dict *clientSubs(client *c, int kind) { return c->pubsub ? c->pubsub->subs[kind] : NULL; }

static unsigned long clientCount(client *c, int kind) {
    dict *d = clientSubs(c, kind);
    return d ? dictSize(d) : 0;
}

/* The count a (un)subscribe confirmation carries: shard subscriptions are
 * counted apart from channels and patterns, which are counted together. */
static unsigned long confirmationCount(client *c, int kind) {
    if (kind == PS_SHARD) return clientCount(c, PS_SHARD);
    return clientCount(c, PS_CHANNEL) + clientCount(c, PS_PATTERN);
}

static unsigned long totalCount(client *c) {
    return clientCount(c, PS_CHANNEL) + clientCount(c, PS_PATTERN) + clientCount(c, PS_SHARD);
}

/* The bytes of a string object, whatever its encoding.  buf must hold
 * LONG_STR_SIZE bytes for integer-encoded objects. */
static const char *objBytes(robj *o, char *buf, size_t *len) {
    if (sdsEncodedObject(o)) {
        *len = sdslen(o->ptr);
        return o->ptr;
    }
    *len = ll2string(buf, LONG_STR_SIZE, (long)(intptr_t)o->ptr);
    return buf;
}

/* ===========================================================================
 * Writing to subscribers
 * ======================================================================== */

/* Append protocol to a subscriber's output even if it silenced its replies
 * with CLIENT REPLY OFF/SKIP: pub/sub traffic is not a reply. */
static inline void pushBytes(client *c, const char *buf, size_t len) {
    int quiet = c->flags & (CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP);
    c->flags &= ~quiet;
    if (c->resp >= 3) {
        addReplyProto(c, ">", 1);
        addReplyProto(c, buf + 1, len - 1);
    } else {
        addReplyProto(c, buf, len);
    }
    c->flags |= quiet;
}

static sds catBulk(sds s, const char *p, size_t len) {
    char hdr[LONG_STR_SIZE + 3];
    hdr[0] = '$';
    int n = 1 + ll2string(hdr + 1, LONG_STR_SIZE, (long long)len);
    hdr[n++] = '\r';
    hdr[n++] = '\n';
    s = sdscatlen(s, hdr, n);
    s = sdscatlen(s, p, len);
    return sdscatlen(s, "\r\n", 2);
}

/* A subscription confirmation: [verb, name, count], with a null name for an
 * unsubscribe-all that found nothing to unsubscribe from. */
static void confirm(client *c, const char *verb, const char *name, size_t namelen, long long count) {
    sds s = sdsnewlen("*3\r\n", 4);
    s = catBulk(s, verb, strlen(verb));
    if (name) s = catBulk(s, name, namelen);
    else if (c->resp >= 3) s = sdscatlen(s, "_\r\n", 3);
    else s = sdscatlen(s, "$-1\r\n", 5);
    char num[LONG_STR_SIZE];
    s = sdscatlen(s, ":", 1);
    s = sdscatlen(s, num, ll2string(num, sizeof(num), count));
    s = sdscatlen(s, "\r\n", 2);
    pushBytes(c, s, sdslen(s));
    sdsfree(s);
}

/* ===========================================================================
 * Subscribing and unsubscribing
 * ======================================================================== */

static pubsubTarget *targetCreate(sds name) {
    pubsubTarget *t = zmalloc(sizeof(*t));
    t->name = sdsdup(name);
    t->count = 0;
    t->cap = 4;
    t->subs = zmalloc(sizeof(client *) * t->cap);
    return t;
}

static void targetFree(pubsubTarget *t) {
    sdsfree(t->name);
    zfree(t->subs);
    zfree(t);
}

/* Remove the subscriber at idx, moving the last one into its place. */
static void targetRemoveAt(int kind, pubsubTarget *t, unsigned long idx) {
    t->count--;
    if (idx != t->count) {
        client *moved = t->subs[t->count];
        t->subs[idx] = moved;
        pubsubSub *ms = dictFind(moved->pubsub->subs[kind], t->name);
        serverAssert(ms != NULL && ms->target == t);
        ms->idx = idx;
    }
    if (t->cap > 16 && t->count < t->cap / 4) {
        t->cap /= 2;
        t->subs = zrealloc(t->subs, sizeof(client *) * t->cap);
    }
}

static void targetReleaseIfEmpty(int kind, pubsubTarget *t) {
    if (t->count) return;
    dictUnlink(targets[kind], t->name);
    targetFree(t);
}

/* Returns 1 if the client was not subscribed yet. */
static int subscribe(client *c, int kind, sds name) {
    if (!c->pubsub) c->pubsub = zcalloc(sizeof(clientPubsub));
    dict *mine = c->pubsub->subs[kind];
    if (!mine) mine = c->pubsub->subs[kind] = dictCreate(&subDictType);
    if (dictFind(mine, name)) return 0;
    dict *all = serverTargets(kind);
    pubsubTarget *t = dictFind(all, name);
    if (!t) {
        t = targetCreate(name);
        dictAdd(all, t);
    }
    if (t->count == t->cap) {
        t->cap *= 2;
        t->subs = zrealloc(t->subs, sizeof(client *) * t->cap);
    }
    pubsubSub *s = zmalloc(sizeof(*s));
    s->target = t;
    s->idx = t->count;
    t->subs[t->count++] = c;
    dictAdd(mine, s);
    return 1;
}

/* Unsubscribe from one name; confirm to the client when notify is set. */
static void unsubscribe(client *c, int kind, sds name, int notify) {
    dict *mine = clientSubs(c, kind);
    pubsubSub *s = mine ? dictUnlink(mine, name) : NULL;
    pubsubTarget *t = NULL;
    if (s) {
        t = s->target;
        targetRemoveAt(kind, t, s->idx);
        zfree(s);
    }
    /* The name may belong to the target: confirm before it can be freed. */
    if (notify) confirm(c, unsubscribe_verb[kind], name, sdslen(name), confirmationCount(c, kind));
    if (t) targetReleaseIfEmpty(kind, t);
}

/* Unsubscribe from every name of a kind.  With notify, each one is
 * confirmed, or a single confirmation with a null name if there was none. */
static void unsubscribeAll(client *c, int kind, int notify) {
    dict *mine = clientSubs(c, kind);
    if (!mine || dictSize(mine) == 0) {
        if (notify) confirm(c, unsubscribe_verb[kind], NULL, 0, confirmationCount(c, kind));
        return;
    }
    dictIterator *di = dictGetSafeIterator(mine);
    pubsubSub *s;
    while ((s = dictNext(di)) != NULL) unsubscribe(c, kind, s->target->name, notify);
    dictReleaseIterator(di);
}

void pubsubUnsubscribeAll(client *c) {
    if (!c->pubsub) return;
    for (int kind = 0; kind < PS_KINDS; kind++) {
        unsubscribeAll(c, kind, 0);
        if (c->pubsub->subs[kind]) dictRelease(c->pubsub->subs[kind]);
    }
    zfree(c->pubsub);
    c->pubsub = NULL;
    c->flags &= ~CLIENT_PUBSUB;
}

/* ===========================================================================
 * Publishing
 * ======================================================================== */

static long long deliver(pubsubTarget *t, const char *buf, size_t len) {
    for (unsigned long j = 0; j < t->count; j++) pushBytes(t->subs[j], buf, len);
    return (long long)t->count;
}

/* [message|smessage, channel, msg] to the target's subscribers. */
static long long publishToTarget(int kind, sds chan, const char *msg, size_t msglen) {
    if (!targets[kind] || dictSize(targets[kind]) == 0) return 0;
    pubsubTarget *t = dictFind(targets[kind], chan);
    if (!t) return 0;
    sds s = sdsnewlen("*3\r\n", 4);
    s = kind == PS_SHARD ? catBulk(s, "smessage", 8) : catBulk(s, "message", 7);
    s = catBulk(s, chan, sdslen(chan));
    s = catBulk(s, msg, msglen);
    long long n = deliver(t, s, sdslen(s));
    sdsfree(s);
    return n;
}

/* [pmessage, pattern, channel, msg] to each matching pattern's subscribers. */
static long long publishToPatterns(sds chan, const char *msg, size_t msglen) {
    if (!targets[PS_PATTERN] || dictSize(targets[PS_PATTERN]) == 0) return 0;
    long long n = 0;
    dictIterator *di = dictGetSafeIterator(targets[PS_PATTERN]);
    pubsubTarget *t;
    while ((t = dictNext(di)) != NULL) {
        if (!stringmatchlen(t->name, sdslen(t->name), chan, sdslen(chan), 0)) continue;
        sds s = sdsnewlen("*4\r\n", 4);
        s = catBulk(s, "pmessage", 8);
        s = catBulk(s, t->name, sdslen(t->name));
        s = catBulk(s, chan, sdslen(chan));
        s = catBulk(s, msg, msglen);
        n += deliver(t, s, sdslen(s));
        sdsfree(s);
    }
    dictReleaseIterator(di);
    return n;
}

long long pubsubPublishSds(sds chan, const char *msg, size_t msglen) {
    return publishToTarget(PS_CHANNEL, chan, msg, msglen) + publishToPatterns(chan, msg, msglen);
}

/* Publish on the channel of kind PS_CHANNEL or PS_SHARD named by an object. */
static long long publishObject(int kind, robj *channel, robj *msg) {
    char mbuf[LONG_STR_SIZE];
    size_t mlen;
    const char *m = objBytes(msg, mbuf, &mlen);
    /* Channel names are sds strings unless someone made an integer of one. */
    sds chan = sdsEncodedObject(channel) ? channel->ptr : sdsfromlonglong((long)(intptr_t)channel->ptr);
    long long n = kind == PS_SHARD ? publishToTarget(PS_SHARD, chan, m, mlen) : pubsubPublishSds(chan, m, mlen);
    if (chan != channel->ptr) sdsfree(chan);
    return n;
}

long long pubsubPublishMessage(robj *channel, robj *msg) { return publishObject(PS_CHANNEL, channel, msg); }

int pubsubHasListeners(void) {
    return (targets[PS_CHANNEL] && dictSize(targets[PS_CHANNEL])) ||
           (targets[PS_PATTERN] && dictSize(targets[PS_PATTERN]));
}

/* ===========================================================================
 * Introspection
 * ======================================================================== */

unsigned long pubsubClientChannels(client *c) { return clientCount(c, PS_CHANNEL); }
unsigned long pubsubClientPatterns(client *c) { return clientCount(c, PS_PATTERN); }
unsigned long pubsubClientShardChannels(client *c) { return clientCount(c, PS_SHARD); }
static unsigned long serverCount(int kind) { return targets[kind] ? dictSize(targets[kind]) : 0; }
unsigned long pubsubServerChannels(void) { return serverCount(PS_CHANNEL); }
unsigned long pubsubServerPatterns(void) { return serverCount(PS_PATTERN); }
unsigned long pubsubServerShardChannels(void) { return serverCount(PS_SHARD); }

/* ===========================================================================
 * Commands
 * ======================================================================== */

/* SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE.  A client that must get exactly one
 * reply per command (a script, or inside MULTI for SSUBSCRIBE) cannot enter
 * subscriber mode; plain SUBSCRIBE and PSUBSCRIBE stay allowed in MULTI for
 * backward compatibility, as in Redis. */
static void subscribeGeneric(client *c, int kind, const char *name) {
    if (c->flags & CLIENT_DENY_BLOCKING) {
        if (kind == PS_SHARD || !(c->flags & CLIENT_MULTI)) {
            addReplyErrorFormat(c, "%s isn't allowed for a DENY BLOCKING client", name);
            return;
        }
    }
    for (int j = 1; j < c->argc; j++) {
        robj *o = getDecodedObject(c->argv[j]);
        subscribe(c, kind, o->ptr);
        confirm(c, subscribe_verb[kind], o->ptr, sdslen(o->ptr), confirmationCount(c, kind));
        decrRefCount(o);
    }
    c->flags |= CLIENT_PUBSUB;
}

static void unsubscribeGeneric(client *c, int kind) {
    if (c->argc == 1) {
        unsubscribeAll(c, kind, 1);
    } else {
        for (int j = 1; j < c->argc; j++) {
            robj *o = getDecodedObject(c->argv[j]);
            unsubscribe(c, kind, o->ptr, 1);
            decrRefCount(o);
        }
    }
    if (totalCount(c) == 0) c->flags &= ~CLIENT_PUBSUB;
}

void subscribeCommand(client *c) { subscribeGeneric(c, PS_CHANNEL, "SUBSCRIBE"); }
void psubscribeCommand(client *c) { subscribeGeneric(c, PS_PATTERN, "PSUBSCRIBE"); }
void ssubscribeCommand(client *c) { subscribeGeneric(c, PS_SHARD, "SSUBSCRIBE"); }
void unsubscribeCommand(client *c) { unsubscribeGeneric(c, PS_CHANNEL); }
void punsubscribeCommand(client *c) { unsubscribeGeneric(c, PS_PATTERN); }
void sunsubscribeCommand(client *c) { unsubscribeGeneric(c, PS_SHARD); }

void publishCommand(client *c) { addReplyLongLong(c, pubsubPublishMessage(c->argv[1], c->argv[2])); }

void spublishCommand(client *c) { addReplyLongLong(c, publishObject(PS_SHARD, c->argv[1], c->argv[2])); }

int pubsubAllowedInSubscriberMode(client *c, redisCommand *cmd) {
    if (!(c->flags & CLIENT_PUBSUB) || c->resp != 2) return 1;
    redisCommandProc *p = cmd->proc;
    return p == pingCommand || p == quitCommand || p == resetCommand || p == subscribeCommand ||
           p == unsubscribeCommand || p == psubscribeCommand || p == punsubscribeCommand ||
           p == ssubscribeCommand || p == sunsubscribeCommand;
}

/* PUBSUB CHANNELS / SHARDCHANNELS [pattern]: the active names matching. */
static void channelsGeneric(client *c, int kind) {
    if (c->argc > 3) {
        addReplySubcommandSyntaxError(c);
        return;
    }
    sds pat = c->argc == 3 ? c->argv[2]->ptr : NULL;
    void *len = addReplyDeferredLen(c);
    long n = 0;
    if (targets[kind]) {
        dictIterator *di = dictGetIterator(targets[kind]);
        pubsubTarget *t;
        while ((t = dictNext(di)) != NULL) {
            if (pat && !stringmatchlen(pat, sdslen(pat), t->name, sdslen(t->name), 0)) continue;
            addReplyBulkCBuffer(c, t->name, sdslen(t->name));
            n++;
        }
        dictReleaseIterator(di);
    }
    setDeferredArrayLen(c, len, n);
}

/* PUBSUB NUMSUB / SHARDNUMSUB [name ...]: a flat array of name, count. */
static void numsubGeneric(client *c, int kind) {
    addReplyArrayLen(c, (c->argc - 2) * 2);
    for (int j = 2; j < c->argc; j++) {
        robj *o = getDecodedObject(c->argv[j]);
        pubsubTarget *t = targets[kind] ? dictFind(targets[kind], o->ptr) : NULL;
        addReplyBulk(c, c->argv[j]);
        addReplyLongLong(c, t ? (long long)t->count : 0);
        decrRefCount(o);
    }
}

void pubsubChannelsCommand(client *c) { channelsGeneric(c, PS_CHANNEL); }
void pubsubShardchannelsCommand(client *c) { channelsGeneric(c, PS_SHARD); }
void pubsubNumsubCommand(client *c) { numsubGeneric(c, PS_CHANNEL); }
void pubsubShardnumsubCommand(client *c) { numsubGeneric(c, PS_SHARD); }
void pubsubNumpatCommand(client *c) { addReplyLongLong(c, (long long)serverCount(PS_PATTERN)); }

void pubsubHelpCommand(client *c) {
    static const char *help[] = {
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        NULL};
    addReplyHelp(c, help);
}
