/* crc64.c - CRC-64/Jones, reflected, computed eight bytes at a time.
 *
 * A reflected CRC processes the input least significant bit first, so the
 * register shifts right and the polynomial is used bit-reversed
 * (0x95ac9329ac4bc9b5 for Jones's 0xad93d23594c935a9).  The byte-at-a-time
 * form is the classic table walk:
 *
 *     crc = table[0][(crc ^ byte) & 0xff] ^ (crc >> 8)
 *
 * "Slicing by 8" goes further: table[k][b] is the effect of byte b followed
 * by k zero bytes, so eight input bytes XORed into the register can be
 * pushed through with eight independent lookups, one per byte, combined by
 * XOR.  That is several times faster than one byte per step, and RDB saving
 * and loading checksum every byte they move.  The unaligned head and the
 * tail go byte by byte. */
#include "crc64.h"

#include <string.h>

#define CRC64_REFLECTED_POLY 0x95ac9329ac4bc9b5ULL

static uint64_t crc_table[8][256];
static int crc_table_ready = 0;

void crc64Init(void) {
    if (crc_table_ready) return;
    for (int n = 0; n < 256; n++) {
        uint64_t c = (uint64_t)n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ CRC64_REFLECTED_POLY : c >> 1;
        crc_table[0][n] = c;
    }
    for (int n = 0; n < 256; n++) {
        uint64_t c = crc_table[0][n];
        for (int k = 1; k < 8; k++) {
            c = crc_table[0][c & 0xff] ^ (c >> 8);
            crc_table[k][n] = c;
        }
    }
    crc_table_ready = 1;
}

/* Eight bytes as a little-endian integer, whatever the host order. */
static inline uint64_t load64le(const unsigned char *p) {
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

uint64_t crc64(uint64_t crc, const unsigned char *s, uint64_t len) {
    if (!crc_table_ready) crc64Init();
    /* Byte steps up to an 8-byte boundary, so the wide loads are aligned. */
    while (len && ((uintptr_t)s & 7)) {
        crc = crc_table[0][(crc ^ *s++) & 0xff] ^ (crc >> 8);
        len--;
    }
    while (len >= 8) {
        uint64_t x = crc ^ load64le(s);
        crc = crc_table[7][x & 0xff] ^ crc_table[6][(x >> 8) & 0xff] ^ crc_table[5][(x >> 16) & 0xff] ^
              crc_table[4][(x >> 24) & 0xff] ^ crc_table[3][(x >> 32) & 0xff] ^ crc_table[2][(x >> 40) & 0xff] ^
              crc_table[1][(x >> 48) & 0xff] ^ crc_table[0][x >> 56];
        s += 8;
        len -= 8;
    }
    while (len--) crc = crc_table[0][(crc ^ *s++) & 0xff] ^ (crc >> 8);
    return crc;
}

void crc64Store(unsigned char *dst, uint64_t crc) {
    for (int j = 0; j < 8; j++) dst[j] = (unsigned char)(crc >> (8 * j));
}

uint64_t crc64Load(const unsigned char *src) { return load64le(src); }
