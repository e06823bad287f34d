/* siphash.h - SipHash-1-2, a fast keyed hash for hash tables.
 *
 * SipHash (Aumasson and Bernstein, 2012) is a pseudo-random function keyed
 * with 128 bits: without the key an attacker cannot predict which inputs
 * collide, which protects hash tables from collision flooding.  This is
 * the 1-2 variant (one compression round per 8-byte word, two finalization
 * rounds), trading some of the cryptographic margin of SipHash-2-4 for
 * speed, as is common for in-memory tables.
 *
 * The 16-byte key k is read as two little-endian 64-bit words; the input is
 * consumed as little-endian words too, so results are the same on every
 * platform. */
#ifndef SIPHASH_H
#define SIPHASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t siphash(const uint8_t *in, const size_t inlen, const uint8_t *k);

/* Same hash of the input with ASCII letters folded to lower case, so that
 * strings differing only in letter case hash equally. */
uint64_t siphash_nocase(const uint8_t *in, const size_t inlen, const uint8_t *k);

#endif /* SIPHASH_H */
