/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * gzip_corrupt IMAGE.GZ: corrupt and truncated gzip streams made from the
 * real one give -XU_ERR_GZIP (or TRUNCATED), never a crash.
 */
#include <string.h>

#include "tests.h"

int main(int argc, char **argv)
{
    size_t zlen, outlen, cap;
    uint32_t isize;
    uint8_t *z, *bad, *out;

    if ( argc != 2 )
        CONFIG("usage: gzip_corrupt IMAGE.GZ");
    z = load_file(argv[1], &zlen);
    EXPECT_RC(xu_gzip_isize(z, zlen, &isize), 0);
    cap = (size_t)isize + 4096;
    out = malloc(cap);
    bad = malloc(zlen);

    /* Garbage in the middle of the deflate data. */
    memcpy(bad, z, zlen);
    memset(bad + zlen / 2, 0xff, 64);
    EXPECT_RC(xu_gunzip(bad, zlen, out, cap, &outlen), -XU_ERR_GZIP);

    /* Bad CRC32 in the trailer: data decompresses but must be refused. */
    memcpy(bad, z, zlen);
    bad[zlen - 8] ^= 0x55;
    EXPECT_RC(xu_gunzip(bad, zlen, out, cap, &outlen), -XU_ERR_GZIP);

    /* Bad header method byte. */
    memcpy(bad, z, zlen);
    bad[2] = 0x07;
    EXPECT_RC(xu_gunzip(bad, zlen, out, cap, &outlen), -XU_ERR_GZIP);

    /* Truncated: half, trailer missing, header only. */
    EXPECT_RC(xu_gunzip(z, zlen / 2, out, cap, &outlen), -XU_ERR_GZIP);
    EXPECT_RC(xu_gunzip(z, zlen - 8, out, cap, &outlen), -XU_ERR_GZIP);
    EXPECT_RC(xu_gunzip(z, 10, out, cap, &outlen), -XU_ERR_GZIP);
    EXPECT_RC(xu_gunzip(z, 1, out, cap, &outlen), -XU_ERR_BADMAGIC);
    EXPECT_RC(xu_gzip_isize(z, 17, &isize), -XU_ERR_TRUNCATED);

    /* NULL arguments. */
    EXPECT_RC(xu_gunzip(NULL, zlen, out, cap, &outlen), -XU_ERR_BADARG);
    EXPECT_RC(xu_gunzip(z, zlen, NULL, cap, &outlen), -XU_ERR_BADARG);
    EXPECT_RC(xu_gunzip(z, zlen, out, cap, NULL), -XU_ERR_BADARG);

    free(bad);
    free(out);
    free(z);
    PASS();
}
