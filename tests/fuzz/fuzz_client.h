/* fuzz_client.h - an in-process server and one client, for the persistence
 * fuzz targets (fuzz_restore.c, fuzz_rdbload.c).
 *
 * fuzzServerInit() sets the server up once (initServerForTests(): no
 * listening socket, no event loop running, logging silenced) with DEBUG
 * allowed, since the targets need DEBUG DIGEST-VALUE and DEBUG OBJECT and
 * the commands they send are fixed, not taken from the input.
 *
 * fuzzCall() runs one command the way a real client does: the request is
 * written in RESP into the client's query buffer, processInputBuffer()
 * dispatches it, and the reply is written to a socketpair and read back
 * from the other end, so the whole reply path runs too.
 *
 * fuzzExerciseKey() reads a stored value back completely and changes it,
 * with the commands of its type, and checks that it survives DUMP /
 * RESTORE with the same content digest: whatever a loader accepted must be
 * a value every command can use.  A violated check abort()s, which
 * libFuzzer reports as a crash. */
#ifndef FUZZ_CLIENT_H
#define FUZZ_CLIENT_H

#include "server.h"

void fuzzServerInit(char ***argv);

/* Run a command; the reply (raw RESP2 bytes) is returned as a new sds.
 * argv[j] holds lens[j] bytes; lens NULL: the arguments are C strings. */
sds fuzzCall(int argc, const char **argv, const size_t *lens);
/* fuzzCall with C string arguments, reply discarded. */
void fuzzRun(int argc, ...);

/* Read back and change the value at key (in the current database). */
void fuzzExerciseKey(const char *key, size_t keylen);

/* Empty every database and forget function libraries. */
void fuzzResetData(void);

#endif
