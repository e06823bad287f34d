/* sha1.c - SHA-1 message digest, as specified by FIPS 180-4.
 *
 * The message is processed in 64-byte blocks.  Each block is expanded to a
 * schedule of 80 words and mixed into the five 32-bit chaining words by
 * four rounds of 20 steps, each round with its own boolean function and
 * constant.  The final block is padded with a single 1 bit, zeros, and the
 * message length in bits as a 64-bit big endian integer.  All words are
 * read and written big endian regardless of the host's byte order. */
#include "sha1.h"

#include <string.h>

#define ROTL32(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

static uint32_t loadBE32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void storeBE32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Mix one 64-byte block into the chaining state. */
static void sha1Block(uint32_t h[5], const unsigned char *block) {
    uint32_t w[80];
    for (int t = 0; t < 16; t++) w[t] = loadBE32(block + 4 * t);
    for (int t = 16; t < 80; t++) w[t] = ROTL32(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; t++) {
        uint32_t f, k;
        if (t < 20) {
            f = (b & c) | (~b & d); /* choose */
            k = 0x5A827999;
        } else if (t < 40) {
            f = b ^ c ^ d; /* parity */
            k = 0x6ED9EBA1;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d); /* majority */
            k = 0x8F1BBCDC;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6;
        }
        uint32_t tmp = ROTL32(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = ROTL32(b, 30);
        b = a;
        a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void sha1Init(sha1Ctx *ctx) {
    ctx->h[0] = 0x67452301;
    ctx->h[1] = 0xEFCDAB89;
    ctx->h[2] = 0x98BADCFE;
    ctx->h[3] = 0x10325476;
    ctx->h[4] = 0xC3D2E1F0;
    ctx->length = 0;
    ctx->used = 0;
}

void sha1Update(sha1Ctx *ctx, const void *data, size_t len) {
    const unsigned char *p = data;
    ctx->length += len;
    /* Complete a pending partial block first. */
    if (ctx->used > 0) {
        size_t take = sizeof(ctx->block) - ctx->used;
        if (take > len) take = len;
        memcpy(ctx->block + ctx->used, p, take);
        ctx->used += take;
        p += take;
        len -= take;
        if (ctx->used < sizeof(ctx->block)) return;
        sha1Block(ctx->h, ctx->block);
        ctx->used = 0;
    }
    /* Whole blocks straight from the input, without copying. */
    while (len >= sizeof(ctx->block)) {
        sha1Block(ctx->h, p);
        p += sizeof(ctx->block);
        len -= sizeof(ctx->block);
    }
    memcpy(ctx->block, p, len);
    ctx->used = len;
}

void sha1Final(sha1Ctx *ctx, unsigned char digest[SHA1_DIGEST_LEN]) {
    uint64_t bits = ctx->length * 8;
    ctx->block[ctx->used++] = 0x80;
    /* No room for the 8-byte length: pad this block out and use another. */
    if (ctx->used > sizeof(ctx->block) - 8) {
        memset(ctx->block + ctx->used, 0, sizeof(ctx->block) - ctx->used);
        sha1Block(ctx->h, ctx->block);
        ctx->used = 0;
    }
    memset(ctx->block + ctx->used, 0, sizeof(ctx->block) - 8 - ctx->used);
    storeBE32(ctx->block + 56, (uint32_t)(bits >> 32));
    storeBE32(ctx->block + 60, (uint32_t)bits);
    sha1Block(ctx->h, ctx->block);
    for (int i = 0; i < 5; i++) storeBE32(digest + 4 * i, ctx->h[i]);
    memset(ctx, 0, sizeof(*ctx));
}

void sha1hex(char out[SHA1_HEX_LEN + 1], const char *data, size_t len) {
    static const char hexdigits[] = "0123456789abcdef";
    unsigned char digest[SHA1_DIGEST_LEN];
    sha1Ctx ctx;
    sha1Init(&ctx);
    sha1Update(&ctx, data, len);
    sha1Final(&ctx, digest);
    for (int i = 0; i < SHA1_DIGEST_LEN; i++) {
        out[2 * i] = hexdigits[digest[i] >> 4];
        out[2 * i + 1] = hexdigits[digest[i] & 15];
    }
    out[SHA1_HEX_LEN] = '\0';
}
