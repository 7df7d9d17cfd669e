/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * gzip_real IMAGE IMAGE.GZ: the gzip of the real arm64 Image decompresses
 * to the same bytes, within a bound, and parses.
 */
#include <string.h>

#include "tests.h"

int main(int argc, char **argv)
{
    struct xu_image_info info;
    size_t len, zlen, outlen = 0;
    uint32_t isize;
    void *img, *z, *out;

    if ( argc != 3 )
        CONFIG("usage: gzip_real IMAGE IMAGE.GZ");
    img = load_file(argv[1], &len);
    z = load_file(argv[2], &zlen);

    EXPECT_RC(xu_image_probe(z, zlen), XU_IMAGE_ARM64_GZIP);
    EXPECT_RC(xu_gzip_isize(z, zlen, &isize), 0);
    EXPECT_EQ(isize, len);

    /* Exact-size buffer: succeeds, same bytes. */
    out = malloc(len);
    EXPECT_RC(xu_gunzip(z, zlen, out, len, &outlen), 0);
    EXPECT_EQ(outlen, len);
    if ( memcmp(out, img, len) )
        FAIL("decompressed bytes differ from the Image");
    EXPECT_RC(xu_arm64_parse(out, outlen, &info), 0);
    free(out);

    /* One byte short: bounded, clear error, nothing written past it. */
    out = malloc(len - 1);
    EXPECT_RC(xu_gunzip(z, zlen, out, len - 1, &outlen), -XU_ERR_NOSPACE);
    free(out);

    /* A much smaller bound (1 MiB) fails the same way. */
    out = malloc(1 << 20);
    EXPECT_RC(xu_gunzip(z, zlen, out, 1 << 20, &outlen), -XU_ERR_NOSPACE);
    free(out);

    /* Not gzip. */
    EXPECT_RC(xu_gunzip(img, len, NULL, 0, &outlen), -XU_ERR_BADMAGIC);
    EXPECT_RC(xu_gzip_isize(img, len, &isize), -XU_ERR_BADMAGIC);
    free(img);
    free(z);
    PASS();
}
