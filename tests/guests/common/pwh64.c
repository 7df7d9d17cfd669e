/* SPDX-License-Identifier: MIT */
/*
 * pwh64 digest (see include/pwh64.h).  Built into the guest and into the
 * host tools, so both sides compute the same function from one source.
 *
 * The guest runs this with its MMU off, where every access is
 * Device-nGnRnE and an unaligned load faults: the word loop only uses
 * 8-byte loads when the pointer is 8-byte aligned and assembles bytes
 * otherwise.
 */
#include "pwh64.h"

static uint64_t load_le64_bytes(const unsigned char *b)
{
    uint64_t w = 0;
    int i;

    for ( i = 7; i >= 0; i-- )
        w = (w << 8) | b[i];
    return w;
}

uint64_t pwh64_words(uint64_t h, const void *p, size_t nwords)
{
    const unsigned char *b = p;

    if ( ((uintptr_t)p & 7) == 0 )
    {
        /* Little-endian host/guest assumed (x86-64, arm64 LE, arm LE). */
        const uint64_t *w = p;
        const uint64_t *end = w + nwords;

        while ( w < end )
            h = pwh64_word(h, *w++);
        return h;
    }

    while ( nwords-- )
    {
        h = pwh64_word(h, load_le64_bytes(b));
        b += 8;
    }
    return h;
}

uint64_t pwh64_tail(uint64_t h, const void *p, size_t nbytes)
{
    const unsigned char *b = p;
    uint64_t w = 0;
    size_t i;

    if ( nbytes == 0 )
        return h;
    for ( i = nbytes; i-- > 0; )
        w = (w << 8) | b[i];
    return pwh64_word(h, w);
}

uint64_t pwh64_final(uint64_t h, uint64_t total_len)
{
    h ^= total_len;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

uint64_t pwh64(const void *p, size_t len)
{
    uint64_t h = PWH64_INIT;

    h = pwh64_words(h, p, len / 8);
    h = pwh64_tail(h, (const unsigned char *)p + (len & ~(size_t)7), len & 7);
    return pwh64_final(h, len);
}
