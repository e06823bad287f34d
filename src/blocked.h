/* blocked.h - clients that wait: blocking commands and paused clients.
 *
 * See blocked.c for the design. */
#ifndef BLOCKED_H
#define BLOCKED_H

#include <stdint.h>

struct client;
struct redisDb;
struct redisObject;
struct blockingKeyEntry;
struct zskiplistNode;

/* Why a client is blocked (client->bstate.btype). */
#define BLOCKED_NONE 0
#define BLOCKED_LIST 1     /* BLPOP and friends */
#define BLOCKED_WAIT 2     /* WAIT for replicas */
#define BLOCKED_MODULE 3   /* (no modules; kept so the numbering matches) */
#define BLOCKED_STREAM 4   /* XREAD(GROUP) BLOCK */
#define BLOCKED_ZSET 5     /* BZPOPMIN and friends */
#define BLOCKED_POSTPONE 6 /* held back by CLIENT PAUSE */
#define BLOCKED_NUM 7

/* Units of a timeout argument (getTimeoutFromObjectOrReply). */
#define UNIT_SECONDS 0
#define UNIT_MILLISECONDS 1

/* One key a client waits on: the db's entry for the key and the client's
 * node in the entry's FIFO list of waiting clients. */
typedef struct blockedKey {
    struct blockingKeyEntry *entry;
    void *node;
} blockedKey;

typedef struct blockingState {
    int btype;            /* BLOCKED_* */
    long long timeout;    /* unix time in ms when the block times out, 0: never */
    struct zskiplistNode *timeout_node; /* in the timeout index, or NULL */
    void *postponed_node; /* node in the postponed list (BLOCKED_POSTPONE) */
    blockedKey *keys;     /* the keys waited on (LIST, ZSET, STREAM) */
    int numkeys;
    int dbid;             /* their database */
    int unblock_on_nokey; /* also wake up when a key is deleted (XREADGROUP) */
    long long reprocess_timeout; /* while run again: the first deadline, else -1 */
} blockingState;

/* Pause purposes: each keeps its own type and end time; the strongest
 * active one applies. */
typedef enum { PAUSE_BY_CLIENT_COMMAND = 0, PAUSE_DURING_SHUTDOWN, PAUSE_DURING_FAILOVER, NUM_PAUSE_PURPOSES } pause_purpose;

/* Pause types, weakest first. */
typedef enum { CLIENT_PAUSE_OFF = 0, CLIENT_PAUSE_WRITE, CLIENT_PAUSE_ALL } pause_type;

void blockedInit(void);
void blockedInitDb(struct redisDb *db);
void blockForKeys(struct client *c, int btype, struct redisObject **keys, int numkeys, long long timeout,
                  int unblock_on_nokey);
void signalKeyAsReady(struct redisDb *db, struct redisObject *key, int type);
void signalDeletedKeyAsReady(struct redisDb *db, struct redisObject *key, int type);
void scanDatabaseForReadyKeys(struct redisDb *db);
void scanDatabaseForDeletedStreams(struct redisDb *emptied, struct redisDb *replaced_with);
void handleClientsBlockedOnKeys(void);
int blockedReadyKeysPending(void);
void handleBlockedClientsTimeout(void);
int getTimeoutFromObjectOrReply(struct client *c, struct redisObject *object, long long *timeout, int unit);
void replyToBlockedClientTimedOut(struct client *c);
void blockClient(struct client *c, int btype, long long timeout);
void unblockClient(struct client *c);
void unblockClientWithReply(struct client *c, int error);
int clientIsUnblockable(struct client *c);
void processUnblockedClients(void);
void blockPostponeClient(struct client *c);
void blockedForgetClient(struct client *c);
unsigned long blockedClientsCount(void);
unsigned long blockedClientsByType(int btype);
unsigned long blockedClientsWithTimeout(void);

void pauseClients(pause_purpose purpose, long long end, pause_type type);
void unpauseClients(pause_purpose purpose);
int areClientsPaused(void);
pause_type clientPauseType(void);
int checkClientPauseTimeoutAndReturnIfPaused(void);
int clientPauseBlocksCommand(struct client *c);

#endif
