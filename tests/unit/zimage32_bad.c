/* SPDX-License-Identifier: LGPL-2.1-only */
/* zimage32_bad ZIMAGE: malformed zImages made from the real one. */
#include <string.h>

#include "tests.h"

#define HDR 0x30

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

int main(int argc, char **argv)
{
    struct xu_image_info info;
    uint8_t *real, *buf, *t;
    size_t len, n;

    if ( argc != 2 )
        CONFIG("usage: zimage32_bad ZIMAGE");
    real = load_file(argv[1], &len);
    buf = malloc(len);

    for ( n = 0; n < HDR; n++ )
    {
        t = malloc(n ? n : 1);
        memcpy(t, real, n);
        EXPECT_RC(xu_zimage32_parse(t, n, &info), -XU_ERR_TRUNCATED);
        free(t);
    }

    memcpy(buf, real, len);
    buf[0x24] ^= 1;
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_BADMAGIC);
    EXPECT_RC(xu_image_probe(buf, len), -XU_ERR_BADMAGIC);

    /* end < start. */
    memcpy(buf, real, len);
    put_le32(buf + 0x28, 0x10000);
    put_le32(buf + 0x2c, 0x8000);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_IMAGESIZE);

    /* end - start larger than the file (truncated zImage). */
    EXPECT_RC(xu_zimage32_parse(real, len - 1, &info), -XU_ERR_IMAGESIZE);
    memcpy(buf, real, len);
    put_le32(buf + 0x28, 0);
    put_le32(buf + 0x2c, UINT32_MAX);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_IMAGESIZE);

    /* Non-relocatable zImage: Xen 4.17 enters at its start address. */
    memcpy(buf, real, len);
    put_le32(buf + 0x28, 0x40008000);
    put_le32(buf + 0x2c, 0x40008000 + len);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), 0);
    EXPECT_EQ(info.entry, 0x40008000);

    EXPECT_RC(xu_zimage32_parse(NULL, len, &info), -XU_ERR_BADARG);
    free(buf);
    free(real);
    PASS();
}
