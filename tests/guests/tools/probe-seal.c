/* SPDX-License-Identifier: MIT */
/*
 * probe-seal: post-link step for the probe image.  Checks the arm64 Image
 * or arm32 zImage header the linker produced, pads the file to the length
 * the guest will assume (objcopy drops trailing alignment), computes pwh64
 * over the file with the digest field zeroed and writes the digest in.
 * With --check it only verifies (used by tests to be sure a corrupted copy
 * really differs from the sealed one).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe-image.h"
#include "pwh64.h"

static uint64_t get_le(const unsigned char *p, int n)
{
    uint64_t v = 0;

    while ( n-- )
        v = (v << 8) | p[n];
    return v;
}

static uint64_t image_digest(unsigned char *img, uint64_t len)
{
    unsigned char saved[8];
    uint64_t d;

    memcpy(saved, img + PROBE_IMG_DIGEST_OFF, 8);
    memset(img + PROBE_IMG_DIGEST_OFF, 0, 8);
    d = pwh64(img, len);
    memcpy(img + PROBE_IMG_DIGEST_OFF, saved, 8);
    return d;
}

/*
 * The boot header in front of the probe block must agree with it:
 * arm64 Image: image_size (0x10) covers BSS too, so it is not below the
 * file; arm32 zImage: end - start = file length (start 0: position
 * independent; the start-address build states one), little-endian flag.
 */
static int header_check(const char *path, const unsigned char *img,
                        uint64_t flen)
{
    if ( get_le(img + ARM64_IMAGE_MAGIC_OFF, 4) == ARM64_IMAGE_MAGIC )
    {
        if ( get_le(img + 0x10, 8) >= flen )
            return 0;
        fprintf(stderr, "probe-seal: %s: image_size %" PRIu64 " below the "
                "file length %" PRIu64 "\n", path, get_le(img + 0x10, 8),
                flen);
        return 1;
    }
    if ( get_le(img + ZIMAGE_MAGIC_OFF, 4) == ZIMAGE_MAGIC )
    {
        uint64_t start = get_le(img + ZIMAGE_START_OFF, 4);

        if ( get_le(img + ZIMAGE_END_OFF, 4) - start == flen &&
             get_le(img + ZIMAGE_ENDIAN_OFF, 4) == ZIMAGE_ENDIAN_LE )
            return 0;
        fprintf(stderr, "probe-seal: %s: zImage start 0x%" PRIx64 ", end "
                "0x%" PRIx64 " (want end - start = the file length %" PRIu64 ")\n",
                path, get_le(img + ZIMAGE_START_OFF, 4),
                get_le(img + ZIMAGE_END_OFF, 4), flen);
        return 1;
    }
    fprintf(stderr, "probe-seal: %s: neither an arm64 Image nor an arm32 "
            "zImage\n", path);
    return 1;
}

int main(int argc, char **argv)
{
    int check = argc == 3 && !strcmp(argv[1], "--check");
    const char *path = argv[argc - 1];
    unsigned char *img;
    uint64_t flen, want, d;
    long sz;
    FILE *f;
    int i;

    if ( argc < 2 || !strcmp(argv[1], "--help") || (argc == 3 && !check) ||
         argc > 3 )
    {
        printf("Usage: probe-seal [--check] IMAGE\n"
               "Pad IMAGE to its declared length and write its pwh64 digest "
               "into the probe block at 0x%x.\n", PROBE_IMG_BLOCK_OFF);
        return argc < 2 ? 2 : 0;
    }
    f = fopen(path, "r+b");
    if ( !f || fseek(f, 0, SEEK_END) || (sz = ftell(f)) < PROBE_IMG_BLOCK_END )
    {
        fprintf(stderr, "probe-seal: %s: cannot read image\n", path);
        return 1;
    }
    want = 0;
    img = NULL;
    rewind(f);
    img = calloc(1, (size_t)sz + 4096);
    if ( !img || fread(img, 1, (size_t)sz, f) != (size_t)sz )
    {
        fprintf(stderr, "probe-seal: %s: read failed\n", path);
        return 1;
    }
    if ( memcmp(img + PROBE_IMG_BLOCK_OFF, PROBE_IMG_MAGIC, 8) )
    {
        fprintf(stderr, "probe-seal: %s: no probe block at 0x%x\n", path,
                PROBE_IMG_BLOCK_OFF);
        return 1;
    }
    flen = get_le(img + PROBE_IMG_LEN_OFF, 8);
    if ( flen < (uint64_t)sz || flen > (uint64_t)sz + 4096 || (flen & 7) )
    {
        fprintf(stderr, "probe-seal: %s: file %ld bytes, declared %" PRIu64
                "\n", path, sz, flen);
        return 1;
    }
    if ( header_check(path, img, flen) )
        return 1;
    d = image_digest(img, flen);
    if ( check )
    {
        want = get_le(img + PROBE_IMG_DIGEST_OFF, 8);
        if ( (uint64_t)sz != flen || d != want )
        {
            fprintf(stderr, "probe-seal: %s: digest mismatch\n", path);
            return 1;
        }
        return 0;
    }
    for ( i = 0; i < 8; i++ )
        img[PROBE_IMG_DIGEST_OFF + i] = (unsigned char)(d >> (8 * i));
    rewind(f);
    if ( fwrite(img, 1, (size_t)flen, f) != flen || fclose(f) )
    {
        fprintf(stderr, "probe-seal: %s: write failed\n", path);
        return 1;
    }
    free(img);
    return 0;
}
