/* pubsub.h - publish/subscribe: channels, patterns and shard channels.
 *
 * A client subscribes to channels (SUBSCRIBE), to glob patterns matched
 * against channel names (PSUBSCRIBE) and to shard channels (SSUBSCRIBE).
 * PUBLISH delivers to a channel's subscribers and to every pattern that
 * matches it; SPUBLISH delivers to a shard channel's subscribers only (there
 * is no cluster here, so a shard channel is simply a second namespace).
 *
 * Messages reach subscribers as RESP2 arrays or RESP3 push messages, even
 * when the subscriber has replies switched off with CLIENT REPLY, as in
 * Redis.  A RESP2 client with subscriptions is in "subscriber mode":
 * processCommand lets it run only the commands pubsubAllowedInSubscriberMode
 * accepts. */
#ifndef PUBSUB_H
#define PUBSUB_H

#include "server.h"

/* Deliver msg on channel: to its subscribers and to the matching patterns'
 * subscribers.  Returns the number of deliveries (a client subscribed to
 * the channel and to two matching patterns counts three times). */
long long pubsubPublishMessage(robj *channel, robj *msg);

/* The same with the channel as an sds and the message as a buffer
 * (keyspace notifications build their own). */
long long pubsubPublishSds(sds chan, const char *msg, size_t msglen);

/* Does anyone listen to plain channels or patterns?  Lets notify.c skip the
 * work of formatting events nobody will receive. */
int pubsubHasListeners(void);

/* Drop every subscription of a client without telling it (disconnection,
 * RESET), and leave subscriber mode. */
void pubsubUnsubscribeAll(client *c);

/* Counts for CLIENT LIST (sub=, psub=, ssub=) and INFO. */
unsigned long pubsubClientChannels(client *c);
unsigned long pubsubClientPatterns(client *c);
unsigned long pubsubClientShardChannels(client *c);
unsigned long pubsubServerChannels(void);
unsigned long pubsubServerPatterns(void);
unsigned long pubsubServerShardChannels(void);

/* Step of processCommand: a RESP2 client in subscriber mode may only run
 * (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET. */
int pubsubAllowedInSubscriberMode(client *c, redisCommand *cmd);

#endif
