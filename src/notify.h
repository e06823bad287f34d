/* notify.h - keyspace event notifications.
 *
 * Commands report what they did to a key with notifyKeyspaceEvent(), using
 * Redis's event names ("lpush", "hset", "zadd", "del", "expired"...) and
 * class flags.  When the class is enabled in notify-keyspace-events, the
 * event is published over pub/sub on two channels:
 *
 *   __keyspace@<db>__:<key>    with the event name as message   (flag K)
 *   __keyevent@<db>__:<event>  with the key name as message     (flag E)
 *
 * The configuration is a string of class letters; "A" stands for
 * "g$lshzxetd" (key-miss 'm' and new-key 'n' must be asked for by name). */
#ifndef NOTIFY_H
#define NOTIFY_H

#include "server.h"

#define NOTIFY_KEYSPACE (1 << 0) /* K */
#define NOTIFY_KEYEVENT (1 << 1) /* E */
#define NOTIFY_GENERIC (1 << 2)  /* g */
#define NOTIFY_STRING (1 << 3)   /* $ */
#define NOTIFY_LIST (1 << 4)     /* l */
#define NOTIFY_SET (1 << 5)      /* s */
#define NOTIFY_HASH (1 << 6)     /* h */
#define NOTIFY_ZSET (1 << 7)     /* z */
#define NOTIFY_EXPIRED (1 << 8)  /* x */
#define NOTIFY_EVICTED (1 << 9)  /* e */
#define NOTIFY_STREAM (1 << 10)  /* t */
#define NOTIFY_KEY_MISS (1 << 11) /* m */
#define NOTIFY_LOADED (1 << 12)  /* module only */
#define NOTIFY_MODULE (1 << 13)  /* d */
#define NOTIFY_NEW (1 << 14)     /* n */
/* What "A" stands for. */
#define NOTIFY_ALL                                                                                                 \
    (NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET | NOTIFY_EXPIRED |       \
     NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE)

void notifyKeyspaceEvent(int type, const char *event, robj *key, int dbid);

/* notify-keyspace-events: the flags in effect, and the conversions between
 * flags and the configuration string.  keyspaceEventsStringToFlags returns
 * -1 on a character that names no class. */
int notifyGetKeyspaceEvents(void);
void notifySetKeyspaceEvents(int flags);
int keyspaceEventsStringToFlags(const char *classes);
sds keyspaceEventsFlagsToString(int flags);

#endif
