/* test_crc64.c - unit tests for the RDB checksum (crc64.c).
 *
 * Known vectors: the CRC-64/Jones check value of "123456789", the checksum
 * Redis 7.0.15 appends to a DUMP payload, and agreement between the sliced
 * implementation and a plain bit-by-bit reference on random data, whatever
 * the alignment and the way the input is split. */
#include "crc64.h"
#include "unit/test_help.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The definition, one bit at a time: nothing clever to get wrong. */
static uint64_t crc64Reference(uint64_t crc, const unsigned char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        crc ^= s[i];
        for (int k = 0; k < 8; k++) crc = (crc & 1) ? (crc >> 1) ^ 0x95ac9329ac4bc9b5ULL : crc >> 1;
    }
    return crc;
}

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void test_check_value(void) {
    const unsigned char *s = (const unsigned char *)"123456789";
    TEST_ASSERT(crc64(0, s, 9) == 0xe9c6d914c4b8d9caULL);
    TEST_ASSERT(crc64Reference(0, s, 9) == 0xe9c6d914c4b8d9caULL);
    TEST_ASSERT(crc64(0, s, 0) == 0);
}

/* DUMP of the string "bar" from Redis 7.0.15: type 0, "\x03bar", RDB
 * version 10 as 2 bytes LE, then the CRC64 of those 6 bytes, LE. */
static void test_dump_payload(void) {
    const unsigned char payload[] = {0x00, 0x03, 'b', 'a', 'r', 0x0a, 0x00,
                                     0xe6, 0xbe, 0x49, 0x60, 0xee, 0x66, 0xfd, 0x17};
    uint64_t crc = crc64(0, payload, 7);
    TEST_ASSERT(crc == crc64Load(payload + 7));
    unsigned char out[8];
    crc64Store(out, crc);
    TEST_ASSERT(memcmp(out, payload + 7, 8) == 0);
}

static void test_matches_reference(void) {
    static unsigned char buf[4096 + 16];
    for (size_t i = 0; i < sizeof(buf); i++) buf[i] = (unsigned char)rnd();
    for (int round = 0; round < 200; round++) {
        size_t off = rnd() % 16, len = rnd() % 4096;
        uint64_t want = crc64Reference(0, buf + off, len);
        TEST_ASSERT(crc64(0, buf + off, len) == want);
        /* Split anywhere: chaining gives the same value. */
        size_t cut = len ? rnd() % len : 0;
        uint64_t c = crc64(0, buf + off, cut);
        c = crc64(c, buf + off + cut, len - cut);
        TEST_ASSERT(c == want);
    }
}

static void test_store_load(void) {
    unsigned char b[8];
    crc64Store(b, 0x0102030405060708ULL);
    TEST_ASSERT(b[0] == 0x08 && b[7] == 0x01);
    TEST_ASSERT(crc64Load(b) == 0x0102030405060708ULL);
}

int main(void) {
    crc64Init();
    RUN_TEST(test_check_value);
    RUN_TEST(test_dump_payload);
    RUN_TEST(test_matches_reference);
    RUN_TEST(test_store_load);
    return TEST_REPORT();
}
