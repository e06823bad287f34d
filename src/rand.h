/* rand.h - the deterministic pseudo random generator of Lua scripts.
 *
 * Part of the base library: no server headers.  Scripts must produce the
 * same writes on the master, the replicas and the AOF, so math.random is
 * not libc's rand() but this generator, reseeded before every script: the
 * 48-bit linear congruential generator of the drand48 family,
 *
 *     x(n+1) = (0x5DEECE66D * x(n) + 0xB) mod 2^48
 *
 * seeded like srand48 (the high 32 bits of x are the seed, the low 16 bits
 * are 0x330E) and returning the top 31 bits of x like lrand48.  Having our
 * own copy keeps the sequence identical on every platform and keeps the
 * libc generator's state untouched. */
#ifndef RAND_H
#define RAND_H

#include <stdint.h>

#define RAND48_MAX INT32_MAX

void rand48Seed(int32_t seed);
/* Back to the state the generator has before any seeding (0x1234ABCD330E,
 * drand48's documented initial value), which is where Redis starts. */
void rand48Restart(void);
/* Next value in [0, RAND48_MAX]. */
int32_t rand48Next(void);

#endif
