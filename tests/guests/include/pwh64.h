/* SPDX-License-Identifier: MIT */
/*
 * pwh64: the probe's 64-bit word hash, shared by the guest and host tools.
 *
 * Each 64-bit little-endian word w is folded in with
 *     h = rotl64(h ^ w, 27) * PWH64_MUL        (PWH64_MUL odd)
 * For a fixed h this is a bijection of w, and for a fixed w a bijection of
 * h: a change confined to any single aligned word therefore always changes
 * the final value (it is never merely "unlikely" to collide).  Any single
 * flipped byte lies in one word, so it is always caught.  Changes spread
 * over several words collide with probability about 2^-64.  The length is
 * mixed in at the end so that appending zero bytes is caught too.
 *
 * It costs one load, xor, rotate and multiply per 8 bytes: the fastest
 * thing QEMU TCG can run that still gives the guarantee above.
 */
#ifndef PROBE__PWH64_H
#define PROBE__PWH64_H

#include <stdint.h>
#include <stddef.h>

#define PWH64_ALG       1u                      /* digest_alg value */
#define PWH64_INIT      0x70726f6265763031ull   /* "probev01" */
#define PWH64_MUL       0x9e3779b97f4a7c15ull

static inline uint64_t pwh64_word(uint64_t h, uint64_t w)
{
    h ^= w;
    h = (h << 27) | (h >> 37);
    return h * PWH64_MUL;
}

/* Fold in n whole words; p may be unaligned (bytes are read one by one). */
uint64_t pwh64_words(uint64_t h, const void *p, size_t nwords);
/* Fold in the last 0..7 bytes, zero-padded to one word (nothing if 0). */
uint64_t pwh64_tail(uint64_t h, const void *p, size_t nbytes);
/* Mix in the total length and finish (murmur3 fmix64: also a bijection). */
uint64_t pwh64_final(uint64_t h, uint64_t total_len);
/* One-shot digest of a buffer. */
uint64_t pwh64(const void *p, size_t len);

#endif /* PROBE__PWH64_H */
