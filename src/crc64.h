/* crc64.h - the 64-bit CRC that guards RDB files and DUMP payloads.
 *
 * The checksum is CRC-64 with the "Jones" polynomial 0xad93d23594c935a9,
 * bit-reflected (input and output), initial value 0 and no final XOR: the
 * variant Redis writes at the end of every RDB file and DUMP payload, so the
 * values must match bit for bit.  The check value of "123456789" is
 * 0xe9c6d914c4b8d9ca.
 *
 * The checksum of a stream is computed piecewise: feed the previous result
 * back in,
 *
 *     uint64_t crc = 0;
 *     crc = crc64(crc, part1, len1);
 *     crc = crc64(crc, part2, len2);
 *
 * gives the same value as one call over the concatenation.  On disk the
 * value is stored little-endian (see crc64Store / crc64Load).
 *
 * This module knows nothing of the server and has no dependencies.  Its
 * lookup tables are built on first use (or by crc64Init(), which is
 * cheap and safe to call more than once). */
#ifndef CRC64_H
#define CRC64_H

#include <stddef.h>
#include <stdint.h>

void crc64Init(void);
uint64_t crc64(uint64_t crc, const unsigned char *s, uint64_t len);

/* The 8 bytes as RDB and DUMP store a checksum: little-endian. */
void crc64Store(unsigned char *dst, uint64_t crc);
uint64_t crc64Load(const unsigned char *src);

#endif
