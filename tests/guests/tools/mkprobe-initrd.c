/* SPDX-License-Identifier: MIT */
/*
 * mkprobe-initrd: write (or check) a probe initrd (include/probe-initrd.h)
 * holding deterministic pseudo-random content, so two runs with the same
 * --size and --seed produce the same bytes and any corruption on the way
 * into a guest is caught by the probe.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe-initrd.h"
#include "pwh64.h"

#define CHUNK (1u << 20)

static void usage(FILE *f)
{
    fprintf(f,
"Usage: mkprobe-initrd --size SIZE [--seed N] -o FILE\n"
"       mkprobe-initrd --check FILE\n"
"\n"
"Write a probe initrd of exactly SIZE bytes (header + payload) whose\n"
"payload is a deterministic pseudo-random stream (splitmix64) from seed N,\n"
"with the payload digest (pwh64) and a header check in its 64-byte header.\n"
"SIZE takes an optional K, M or G suffix (powers of 1024), minimum 64.\n"
"\n"
"  -s, --size SIZE   total file size\n"
"  -S, --seed N      seed (default 1)\n"
"  -o, --output FILE file to write\n"
"  -c, --check FILE  verify header and payload digest of FILE, exit 0 if good\n"
"  -h, --help        this text\n");
}

static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    unsigned shift = 0;

    errno = 0;
    v = strtoull(s, &end, 0);
    if ( errno || end == s )
        return -1;
    switch ( *end )
    {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    }
    if ( *end != '\0' || (shift && v > (UINT64_MAX >> shift)) )
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
    int i;

    for ( i = 0; i < n; i++ )
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int n)
{
    uint64_t v = 0;

    while ( n-- )
        v = (v << 8) | p[n];
    return v;
}

static int write_initrd(const char *path, uint64_t size, uint64_t seed)
{
    unsigned char hdr[PROBE_INITRD_HDR_SIZE];
    unsigned char *buf;
    uint64_t payload = size - PROBE_INITRD_HDR_SIZE, left, state = seed;
    uint64_t h = PWH64_INIT;
    FILE *f;

    buf = malloc(CHUNK);
    f = fopen(path, "wb");
    if ( !buf || !f )
    {
        perror(path);
        return 1;
    }
    /* Header goes last, once the digest is known: reserve its place. */
    memset(hdr, 0, sizeof(hdr));
    if ( fwrite(hdr, 1, sizeof(hdr), f) != sizeof(hdr) )
        goto io_err;

    for ( left = payload; left; )
    {
        size_t n = left < CHUNK ? (size_t)left : CHUNK, i;

        /* CHUNK is a multiple of 8, so only the very last word is partial. */
        for ( i = 0; i < n; i += 8 )
        {
            unsigned char w[8];

            put_le(w, splitmix64(&state), 8);
            memcpy(buf + i, w, n - i < 8 ? n - i : 8);
        }
        h = pwh64_words(h, buf, n / 8);
        h = pwh64_tail(h, buf + (n & ~(size_t)7), n & 7);
        if ( fwrite(buf, 1, n, f) != n )
            goto io_err;
        left -= n;
    }

    memcpy(hdr, PROBE_INITRD_MAGIC, 8);
    put_le(hdr + 8, PROBE_INITRD_VERSION, 4);
    put_le(hdr + 12, PROBE_INITRD_HDR_SIZE, 4);
    put_le(hdr + 16, payload, 8);
    put_le(hdr + 24, PWH64_ALG, 4);
    put_le(hdr + 32, pwh64_final(h, payload), 8);
    put_le(hdr + 40, seed, 8);
    put_le(hdr + 56, pwh64(hdr, PROBE_INITRD_CHECK_LEN), 8);
    if ( fseek(f, 0, SEEK_SET) || fwrite(hdr, 1, sizeof(hdr), f) != sizeof(hdr) )
        goto io_err;
    if ( fclose(f) )
    {
        perror(path);
        return 1;
    }
    free(buf);
    return 0;

io_err:
    perror(path);
    fclose(f);
    free(buf);
    return 1;
}

static int check_initrd(const char *path)
{
    unsigned char hdr[PROBE_INITRD_HDR_SIZE], *buf;
    uint64_t payload, left, h = PWH64_INIT, total = 0;
    FILE *f = fopen(path, "rb");
    size_t n;

    if ( !f )
    {
        perror(path);
        return 1;
    }
    if ( fread(hdr, 1, sizeof(hdr), f) != sizeof(hdr) ||
         memcmp(hdr, PROBE_INITRD_MAGIC, 8) ||
         get_le(hdr + 8, 4) != PROBE_INITRD_VERSION ||
         get_le(hdr + 12, 4) != PROBE_INITRD_HDR_SIZE ||
         get_le(hdr + 24, 4) != PWH64_ALG ||
         get_le(hdr + 56, 8) != pwh64(hdr, PROBE_INITRD_CHECK_LEN) )
    {
        fprintf(stderr, "%s: bad probe initrd header\n", path);
        fclose(f);
        return 1;
    }
    payload = get_le(hdr + 16, 8);
    buf = malloc(CHUNK);
    if ( !buf )
        return 1;
    for ( left = payload; left; left -= n )
    {
        n = fread(buf, 1, left < CHUNK ? (size_t)left : CHUNK, f);
        if ( n == 0 )
            break;
        h = pwh64_words(h, buf, n / 8);
        h = pwh64_tail(h, buf + (n & ~(size_t)7), n & 7);
        total += n;
    }
    n = fread(buf, 1, 1, f);
    fclose(f);
    free(buf);
    if ( total != payload || n != 0 )
    {
        fprintf(stderr, "%s: payload is %s than the header says\n", path,
                total != payload ? "shorter" : "longer");
        return 1;
    }
    if ( pwh64_final(h, payload) != get_le(hdr + 32, 8) )
    {
        fprintf(stderr, "%s: payload digest mismatch\n", path);
        return 1;
    }
    printf("%s: ok, payload %" PRIu64 " bytes, digest %016" PRIx64 "\n",
           path, payload, get_le(hdr + 32, 8));
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "size",   required_argument, NULL, 's' },
        { "seed",   required_argument, NULL, 'S' },
        { "output", required_argument, NULL, 'o' },
        { "check",  required_argument, NULL, 'c' },
        { "help",   no_argument,       NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *out = NULL, *check = NULL;
    uint64_t size = 0, seed = 1;
    int have_size = 0, c;

    while ( (c = getopt_long(argc, argv, "s:S:o:c:h", opts, NULL)) != -1 )
    {
        switch ( c )
        {
        case 's':
            if ( parse_size(optarg, &size) )
            {
                fprintf(stderr, "mkprobe-initrd: bad size '%s'\n", optarg);
                return 2;
            }
            have_size = 1;
            break;
        case 'S':
            if ( parse_size(optarg, &seed) )
            {
                fprintf(stderr, "mkprobe-initrd: bad seed '%s'\n", optarg);
                return 2;
            }
            break;
        case 'o': out = optarg; break;
        case 'c': check = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if ( optind != argc )
    {
        usage(stderr);
        return 2;
    }
    if ( check )
        return check_initrd(check);
    if ( !out || !have_size )
    {
        usage(stderr);
        return 2;
    }
    if ( size < PROBE_INITRD_HDR_SIZE )
    {
        fprintf(stderr, "mkprobe-initrd: size must be at least %u\n",
                PROBE_INITRD_HDR_SIZE);
        return 2;
    }
    return write_initrd(out, size, seed);
}
