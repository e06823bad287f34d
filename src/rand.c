/* rand.c - the 48-bit linear congruential generator of Lua scripts.
 *
 * See rand.h.  The whole state is one 48-bit integer kept in a uint64_t;
 * the multiplication wraps modulo 2^64, and masking to 48 bits afterwards
 * gives the product modulo 2^48 because 2^48 divides 2^64. */
#include "rand.h"

#define RAND48_A 0x5DEECE66DULL
#define RAND48_C 0xBULL
#define RAND48_MASK ((1ULL << 48) - 1)
/* The low 16 bits srand48 puts under the seed. */
#define RAND48_SEED_LOW 0x330EULL
/* The state before any seeding: the one drand48 documents as its initial
 * value.  Redis never seeds its script generator at start-up, so the first
 * script after a restart sees the sequence that starts here. */
#define RAND48_INITIAL 0x1234ABCD330EULL

static uint64_t rand48State = RAND48_INITIAL;

void rand48Seed(int32_t seed) {
    rand48State = ((uint64_t)(uint32_t)seed << 16) | RAND48_SEED_LOW;
}

void rand48Restart(void) {
    rand48State = RAND48_INITIAL;
}

int32_t rand48Next(void) {
    rand48State = (RAND48_A * rand48State + RAND48_C) & RAND48_MASK;
    /* The top 31 of the 48 bits: always non negative. */
    return (int32_t)(rand48State >> 17);
}
