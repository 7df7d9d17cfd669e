/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * util.h: helpers shared by the pure parsers: explicit little-endian reads
 * (headers are little-endian whatever the host) and checked arithmetic.
 */
#ifndef XU_UTIL_H
#define XU_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline uint32_t get_le32_(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
           ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t get_le64_(const uint8_t *p)
{
    return (uint64_t)get_le32_(p) | ((uint64_t)get_le32_(p + 4) << 32);
}

/* *res = a + b; true if that wrapped. */
static inline bool add_overflows_(uint64_t a, uint64_t b, uint64_t *res)
{
    return __builtin_add_overflow(a, b, res);
}

/* Round up to a power-of-two alignment; true if that wrapped. */
static inline bool roundup_overflows_(uint64_t v, uint64_t align,
                                      uint64_t *res)
{
    uint64_t t;

    if ( add_overflows_(v, align - 1, &t) )
        return true;
    *res = t & ~(align - 1);
    return false;
}

#define XU_SZ_4K  UINT64_C(0x1000)
#define XU_SZ_2M  UINT64_C(0x200000)
#define XU_SZ_128M UINT64_C(0x8000000)

#endif /* XU_UTIL_H */
