/* sha1.h - SHA-1 message digest (FIPS 180-4).
 *
 * Part of the base library: no server headers, no global state.  Scripts
 * are named by the SHA-1 of their body (EVALSHA, SCRIPT LOAD) and Lua sees
 * the same function as redis.sha1hex, both through sha1hex().
 *
 * Streaming use:
 *     sha1Ctx ctx;
 *     sha1Init(&ctx);
 *     sha1Update(&ctx, part1, len1);
 *     sha1Update(&ctx, part2, len2);
 *     sha1Final(&ctx, digest);          // 20 raw bytes
 */
#ifndef SHA1_H
#define SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_DIGEST_LEN 20
#define SHA1_HEX_LEN 40

typedef struct sha1Ctx {
    uint32_t h[5];           /* chaining state */
    uint64_t length;         /* bytes hashed so far */
    unsigned char block[64]; /* pending partial block */
    size_t used;             /* bytes in block[] */
} sha1Ctx;

void sha1Init(sha1Ctx *ctx);
void sha1Update(sha1Ctx *ctx, const void *data, size_t len);
void sha1Final(sha1Ctx *ctx, unsigned char digest[SHA1_DIGEST_LEN]);

/* One-shot digest of data as 40 lowercase hex characters plus a NUL. */
void sha1hex(char out[SHA1_HEX_LEN + 1], const char *data, size_t len);

#endif
