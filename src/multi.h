/* multi.h - transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 *
 * See multi.c for the design.  This header is included by server.h (the
 * client embeds a multiState), so it declares only what it needs. */
#ifndef MULTI_H
#define MULTI_H

#include <stddef.h>
#include <stdint.h>

struct client;
struct redisDb;
struct redisObject;
struct redisCommand;

/* One queued command: the request's argument vector, taken over from the
 * client as it was parsed, and the command it was looked up to. */
typedef struct multiCmd {
    struct redisObject **argv;
    int argc;
    int argv_len;                 /* allocated slots of argv */
    struct redisCommand *cmd;
} multiCmd;

/* A client's transaction (client->mstate).  Empty (count 0, commands NULL)
 * outside MULTI. */
typedef struct multiState {
    multiCmd *commands;
    int count;                    /* queued commands; CLIENT LIST multi= */
    int alloc;                    /* slots in commands */
    uint64_t cmd_flags;           /* OR of the queued commands' CMD_* flags */
    size_t argv_len_sums;         /* argument bytes and slots: CLIENT LIST multi-mem= */
} multiState;

/* Client flags owned by transactions (bits of client->flags). */
#define CLIENT_MULTI (1 << 23)      /* between MULTI and EXEC/DISCARD */
#define CLIENT_DIRTY_CAS (1 << 24)  /* a WATCHed key changed: EXEC will answer nil */
#define CLIENT_DIRTY_EXEC (1 << 25) /* a command was refused while queueing: EXECABORT */

/* Client life cycle (networking.c); a new client's zeroed state is an
 * empty transaction. */
void multiFreeClient(struct client *c); /* discard the transaction, forget the watched keys */
void multiInitDb(struct redisDb *db);    /* server.c, for each db at start-up */

/* The processCommand pipeline (server.c). */
void flagTransaction(struct client *c);    /* a refused command dirties an open transaction */
int multiShouldQueue(struct client *c);    /* in MULTI and not MULTI/EXEC/DISCARD/WATCH/QUIT/RESET */
void queueMultiCommand(struct client *c);  /* takes c->argv over and replies +QUEUED */
void execCommandAbort(struct client *c, const char *err); /* EXEC itself refused */
/* The flags that decide how a command is treated before it runs (pause,
 * OOM, read-only replica...): for EXEC, those of the commands it will run.
 * (Redis also refuses, when out of memory, every command that would be
 * queued, whatever its flags: a check that wants to match must test
 * multiShouldQueue() too.) */
uint64_t multiEffectiveCommandFlags(struct client *c);

/* Keyspace hooks (db.c): WATCH invalidation. */
void touchWatchedKey(struct redisDb *db, struct redisObject *key);
void touchAllWatchedKeysInDb(struct redisDb *emptied, struct redisDb *replaced_with);

/* Commands */
void multiCommand(struct client *c);
void execCommand(struct client *c);
void discardCommand(struct client *c);
void watchCommand(struct client *c);
void unwatchCommand(struct client *c);

#endif
