/* redis-check.h - the offline checkers, redis-check-rdb and redis-check-aof.
 *
 * They live in the redis-server executable, as in Redis: main() looks at the
 * name it was started under (argv[0] ending in "redis-check-rdb" or
 * "redis-check-aof", the installed links) and hands over to one of these.
 * Sharing the binary means the checkers read values with exactly the
 * loader the server uses (rdb.c), with no second copy of it to drift. */
#ifndef REDIS_CHECK_H
#define REDIS_CHECK_H

#include <stdio.h>

/* The programs: they print their report on stdout and exit (0: valid). */
void redisCheckRdbMain(int argc, char **argv);
void redisCheckAofMain(int argc, char **argv);

/* Check the RDB image starting at fp's position and ending with its
 * checksum, printing the progress lines under the name `shown`.  0 if it is
 * valid (fp is left just past it, where an AOF tail would begin), 1 if not
 * (the error report printed).  For the RDB base of an AOF. */
int redisCheckRdbStream(FILE *fp, const char *shown);

#endif
