/* test_rand.c - unit tests for the scripts' 48-bit generator (rand.c).
 *
 * The generator is the drand48 family's, so the C library's srand48 and
 * lrand48 serve as the reference for seeded sequences.  The unseeded start
 * (drand48's documented initial state 0x1234ABCD330E, where Redis 7.0.15's
 * scripts begin after a restart) is checked against values computed
 * independently (Python, arbitrary precision) and against the first
 * math.random() a fresh 7.0.15 returns: 0.39646477363839 = 851401618 /
 * RAND48_MAX. */
#include "rand.h"
#include "unit/test_help.h"

#include <stdint.h>
#include <stdlib.h>

static void test_initial_state(void) {
    static const int32_t want[] = {851401618, 1804928587, 758783491, 959030623, 684387517};
    rand48Restart();
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) TEST_ASSERT(rand48Next() == want[i]);
    /* Restart really restarts. */
    rand48Restart();
    TEST_ASSERT(rand48Next() == want[0]);
}

static void test_matches_libc(void) {
    static const int32_t seeds[] = {0, 1, 42, -1, -5, INT32_MAX, INT32_MIN, 123456789};
    for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
        rand48Seed(seeds[s]);
        srand48(seeds[s]);
        int same = 1;
        for (int i = 0; i < 10000; i++)
            if (rand48Next() != (int32_t)lrand48()) same = 0;
        TEST_ASSERT_MSG(same, "sequence differs from lrand48");
    }
}

static void test_known_values(void) {
    /* Seed -1: the whole 32-bit seed goes in the high bits. */
    rand48Seed(-1);
    TEST_ASSERT(rand48Next() == 644300343);
    TEST_ASSERT(rand48Next() == 97305740);
    TEST_ASSERT(rand48Next() == 768640432);
    /* Seed 0 gives 366850414 first: math.randomseed(0) then math.random()
     * is 0.17082803611217 on 7.0.15. */
    rand48Seed(0);
    TEST_ASSERT(rand48Next() == 366850414);
}

static void test_range(void) {
    rand48Seed(7);
    int32_t lo = RAND48_MAX, hi = 0;
    for (int i = 0; i < 100000; i++) {
        int32_t v = rand48Next();
        TEST_ASSERT(v >= 0 && v <= RAND48_MAX);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
    }
    /* 31 significant bits: both ends of the range are reached closely. */
    TEST_ASSERT(lo < RAND48_MAX / 1000);
    TEST_ASSERT(hi > RAND48_MAX - RAND48_MAX / 1000);
}

int main(void) {
    RUN_TEST(test_initial_state);
    RUN_TEST(test_matches_libc);
    RUN_TEST(test_known_values);
    RUN_TEST(test_range);
    return TEST_REPORT();
}
