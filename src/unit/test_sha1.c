/* test_sha1.c - unit tests for SHA-1 (sha1.c).
 *
 * The vectors are the FIPS 180 examples, plus lengths around the padding
 * boundaries (55/56 bytes: whether the length still fits in the last
 * block) checked against Python's hashlib, and the name Redis 7.0.15 gives
 * the script "return 1" (SCRIPT LOAD). */
#include "sha1.h"
#include "unit/test_help.h"

#include <stdlib.h>
#include <string.h>

static int hexIs(const char *data, size_t len, const char *want) {
    char out[SHA1_HEX_LEN + 1];
    memset(out, 'x', sizeof(out));
    sha1hex(out, data, len);
    return strcmp(out, want) == 0;
}

static void test_fips_vectors(void) {
    TEST_ASSERT(hexIs("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d"));
    TEST_ASSERT(hexIs("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    TEST_ASSERT(hexIs(two, strlen(two), "84983e441c3bd26ebaae4aa1f95129e5e54670f1"));
    const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                       "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    TEST_ASSERT(hexIs(four, strlen(four), "a49b2446a02c645bf419f995b67091253a04a259"));
}

static void test_million_a(void) {
    /* Fed 1000 bytes at a time through the streaming API. */
    char chunk[1000];
    memset(chunk, 'a', sizeof(chunk));
    sha1Ctx ctx;
    sha1Init(&ctx);
    for (int i = 0; i < 1000; i++) sha1Update(&ctx, chunk, sizeof(chunk));
    unsigned char d[SHA1_DIGEST_LEN];
    sha1Final(&ctx, d);
    static const unsigned char want[SHA1_DIGEST_LEN] = {0x34, 0xaa, 0x97, 0x3c, 0xd4, 0xc4, 0xda,
                                                        0xa4, 0xf6, 0x1e, 0xeb, 0x2b, 0xdb, 0xad,
                                                        0x27, 0x31, 0x65, 0x34, 0x01, 0x6f};
    TEST_ASSERT(memcmp(d, want, sizeof(want)) == 0);
}

static void test_padding_boundaries(void) {
    static const struct {
        size_t n;
        const char *hex;
    } cases[] = {
        {55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
        {56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
        {63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
        {64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
        {65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
        {119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"},
        {120, "f34c1488385346a55709ba056ddd08280dd4c6d6"},
        {128, "ad5b3fdbcb526778c2839d2f151ea753995e26a0"},
    };
    char a[128];
    memset(a, 'a', sizeof(a));
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        TEST_ASSERT_MSG(hexIs(a, cases[i].n, cases[i].hex), cases[i].hex);
}

static void test_split_anywhere(void) {
    /* Every byte value, 1024 bytes: the same digest however it is cut. */
    unsigned char buf[1024];
    for (size_t i = 0; i < sizeof(buf); i++) buf[i] = (unsigned char)i;
    char whole[SHA1_HEX_LEN + 1];
    sha1hex(whole, (const char *)buf, sizeof(buf));
    TEST_ASSERT(strcmp(whole, "5b00669c480d5cffbdfa8bdba99561160f2d1b77") == 0);
    unsigned char ref[SHA1_DIGEST_LEN];
    sha1Ctx ctx;
    sha1Init(&ctx);
    sha1Update(&ctx, buf, sizeof(buf));
    sha1Final(&ctx, ref);
    for (size_t step = 1; step <= 130; step++) {
        unsigned char d[SHA1_DIGEST_LEN];
        sha1Init(&ctx);
        for (size_t off = 0; off < sizeof(buf); off += step) {
            size_t n = sizeof(buf) - off < step ? sizeof(buf) - off : step;
            sha1Update(&ctx, buf + off, n);
        }
        sha1Update(&ctx, buf, 0); /* an empty update changes nothing */
        sha1Final(&ctx, d);
        TEST_ASSERT(memcmp(d, ref, sizeof(d)) == 0);
    }
}

static void test_script_name(void) {
    /* What Redis 7.0.15 answers to SCRIPT LOAD "return 1". */
    TEST_ASSERT(hexIs("return 1", 8, "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
    /* Binary safe: an embedded NUL is hashed, not a terminator. */
    char with_nul[SHA1_HEX_LEN + 1], without[SHA1_HEX_LEN + 1];
    sha1hex(with_nul, "ab\0c", 4);
    sha1hex(without, "ab", 2);
    TEST_ASSERT(strcmp(with_nul, without) != 0);
    TEST_ASSERT(strlen(with_nul) == SHA1_HEX_LEN);
}

int main(void) {
    RUN_TEST(test_fips_vectors);
    RUN_TEST(test_million_a);
    RUN_TEST(test_padding_boundaries);
    RUN_TEST(test_split_anywhere);
    RUN_TEST(test_script_name);
    return TEST_REPORT();
}
