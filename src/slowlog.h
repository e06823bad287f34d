/* slowlog.h - the slow log: the most recent commands that ran longer than
 * slowlog-log-slower-than.  See slowlog.c. */
#ifndef SLOWLOG_H
#define SLOWLOG_H

struct client;
struct redisCommand;
struct redisObject;

/* Bound to the config directives of the same names (config.c). */
extern long long slowlog_log_slower_than; /* microseconds; -1: off, 0: log all */
extern long long slowlog_max_len;         /* entries kept */

/* Log c's command if it took at least slowlog-log-slower-than microseconds.
 * call() uses this after a command ran; code that finishes a blocked
 * command later calls it then, with the command's total duration.  The
 * arguments logged are the ones the client sent (c->original_argv when the
 * command rewrote or redacted its argv), and commands flagged skip_slowlog
 * (EXEC) are never logged. */
void slowlogPushCurrentCommand(struct client *c, struct redisCommand *cmd, long long duration_us);

/* The same with an explicit argument vector. */
void slowlogPushEntryIfNeeded(struct client *c, struct redisObject **argv, int argc, long long duration_us);

unsigned long slowlogLength(void);
void slowlogReset(void);

#endif
