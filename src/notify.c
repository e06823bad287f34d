/* notify.c - keyspace event notifications (see notify.h). */
#include "notify.h"
#include "pubsub.h"

static int keyspace_events = 0; /* NOTIFY_* flags; 0: notifications off */

int notifyGetKeyspaceEvents(void) { return keyspace_events; }
void notifySetKeyspaceEvents(int flags) { keyspace_events = flags; }

/* The letters of the classes, in the order CONFIG GET shows them. */
static const struct {
    char letter;
    int flag;
} classes[] = {{'g', NOTIFY_GENERIC}, {'$', NOTIFY_STRING}, {'l', NOTIFY_LIST},     {'s', NOTIFY_SET},
               {'h', NOTIFY_HASH},    {'z', NOTIFY_ZSET},   {'x', NOTIFY_EXPIRED},  {'e', NOTIFY_EVICTED},
               {'t', NOTIFY_STREAM},  {'d', NOTIFY_MODULE}, {'n', NOTIFY_NEW},      {'K', NOTIFY_KEYSPACE},
               {'E', NOTIFY_KEYEVENT}, {'m', NOTIFY_KEY_MISS}};
#define NUM_CLASSES (sizeof(classes) / sizeof(classes[0]))

int keyspaceEventsStringToFlags(const char *s) {
    int flags = 0;
    for (; *s; s++) {
        if (*s == 'A') {
            flags |= NOTIFY_ALL;
            continue;
        }
        size_t j = 0;
        while (j < NUM_CLASSES && classes[j].letter != *s) j++;
        if (j == NUM_CLASSES) return -1;
        flags |= classes[j].flag;
    }
    return flags;
}

/* The normalised form: "A" when every class of A is on, else the letters of
 * the classes one by one, then K, E and m.  Note that with "A" the 'n' class
 * is not shown even when set: Redis 7.0 prints it only in the letter-by-letter
 * form, and CONFIG GET must answer the same. */
sds keyspaceEventsFlagsToString(int flags) {
    sds s = sdsempty();
    size_t j = 0;
    if ((flags & NOTIFY_ALL) == NOTIFY_ALL) {
        s = sdscatlen(s, "A", 1);
        while (classes[j].letter != 'K') j++;
    }
    for (; j < NUM_CLASSES; j++)
        if (flags & classes[j].flag) s = sdscatlen(s, &classes[j].letter, 1);
    return s;
}

/* "__keyspace@" / "__keyevent@" + db + "__:" + suffix */
static sds channelName(const char *prefix, int dbid, const char *suffix, size_t len) {
    char num[LONG_STR_SIZE];
    sds s = sdsnewlen(prefix, 11);
    s = sdscatlen(s, num, ll2string(num, sizeof(num), dbid));
    s = sdscatlen(s, "__:", 3);
    return sdscatlen(s, suffix, len);
}

void notifyKeyspaceEvent(int type, const char *event, robj *key, int dbid) {
    if (!(keyspace_events & type)) return;
    /* Formatting channel names is wasted work when nobody listens. */
    if (!pubsubHasListeners()) return;
    /* Keys are sds strings; the key object may live on the stack, so no
     * reference is taken. */
    char buf[LONG_STR_SIZE];
    const char *k = key->ptr;
    size_t klen, elen = strlen(event);
    if (sdsEncodedObject(key)) {
        klen = sdslen(key->ptr);
    } else {
        klen = ll2string(buf, sizeof(buf), (long)(intptr_t)key->ptr);
        k = buf;
    }
    if (keyspace_events & NOTIFY_KEYSPACE) {
        sds chan = channelName("__keyspace@", dbid, k, klen);
        pubsubPublishSds(chan, event, elen);
        sdsfree(chan);
    }
    if (keyspace_events & NOTIFY_KEYEVENT) {
        sds chan = channelName("__keyevent@", dbid, event, elen);
        pubsubPublishSds(chan, k, klen);
        sdsfree(chan);
    }
}
