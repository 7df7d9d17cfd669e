/* SPDX-License-Identifier: MIT */
/*
 * Freestanding string and number helpers.  Byte loops only: with the MMU
 * off every access is Device memory, where unaligned or DC ZVA-based
 * library tricks would fault.
 */
#include "probe.h"

void *memset(void *s, int c, size_t n)
{
    volatile u8 *p = s;         /* volatile: GCC must not turn this into memset */

    while ( n-- )
        *p++ = (u8)c;
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile u8 *dp = d;
    const u8 *sp = s;

    while ( n-- )
        *dp++ = *sp++;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while ( s[n] )
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while ( *a && *a == *b )
        a++, b++;
    return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        if ( *a != *b )
            return (u8)*a - (u8)*b;
        if ( !*a )
            break;
    }
    return 0;
}

int str_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Decimal or 0x-hex number in s[0..len), whole string, no overflow. */
int parse_u64(const char *s, size_t len, u64 *out)
{
    u64 v = 0, base = 10;
    size_t i = 0;

    if ( len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
        base = 16, i = 2;
    if ( i == len )
        return -1;
    for ( ; i < len; i++ )
    {
        char c = s[i];
        u64 d;

        if ( c >= '0' && c <= '9' )
            d = c - '0';
        else if ( base == 16 && c >= 'a' && c <= 'f' )
            d = c - 'a' + 10;
        else if ( base == 16 && c >= 'A' && c <= 'F' )
            d = c - 'A' + 10;
        else
            return -1;
        if ( v > (~0ull - d) / base )
            return -1;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

/* Number with optional K/M/G suffix (binary); a bare number is MiB. */
int parse_size(const char *s, size_t len, u64 *out)
{
    unsigned shift = 20;
    u64 v;

    if ( len && (s[len - 1] | 0x20) == 'k' )
        shift = 10, len--;
    else if ( len && (s[len - 1] | 0x20) == 'm' )
        shift = 20, len--;
    else if ( len && (s[len - 1] | 0x20) == 'g' )
        shift = 30, len--;
    if ( parse_u64(s, len, &v) || v > (~0ull >> shift) )
        return -1;
    *out = v << shift;
    return 0;
}

u32 be32(const void *p)
{
    const u8 *b = p;

    return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

u64 be64(const void *p)
{
    return ((u64)be32(p) << 32) | be32((const u8 *)p + 4);
}

u64 le64(const void *p)
{
    const u8 *b = p;
    u64 v = 0;
    int i;

    for ( i = 7; i >= 0; i-- )
        v = (v << 8) | b[i];
    return v;
}
