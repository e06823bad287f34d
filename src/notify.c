/* notify.c - keyspace event notifications (see notify.h). */
#include "notify.h"

void notifyKeyspaceEvent(int type, const char *event, robj *key, int dbid) {
    /* No subscriber can exist before pub/sub does. */
    (void)type;
    (void)event;
    (void)key;
    (void)dbid;
}
