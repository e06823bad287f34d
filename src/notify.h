/* notify.h - keyspace event notifications.
 *
 * Commands report what they did to a key with notifyKeyspaceEvent(), using
 * Redis's event names ("lpush", "hset", "zadd", "del", "expired"...) and
 * class flags.  Delivery over pub/sub (__keyspace@<db>__:<key> and
 * __keyevent@<db>__:<event>, filtered by notify-keyspace-events) comes with
 * the pub/sub subsystem; until then events are reported here and go no
 * further. */
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

void notifyKeyspaceEvent(int type, const char *event, robj *key, int dbid);

#endif
