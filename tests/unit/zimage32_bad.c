/* SPDX-License-Identifier: LGPL-2.1-only */
/* zimage32_bad ZIMAGE: malformed zImages made from the real one. */
#include <string.h>

#include "tests.h"

#define HDR 0x30

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static uint32_t get_le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int main(int argc, char **argv)
{
    struct xu_image_info info;
    uint8_t *real, *buf, *t;
    size_t len, n, tab;

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

    /*
     * Non-relocatable zImage (start != 0): loaded where it is entered, as
     * Xen's own dom0 loader does, not at RAM base + 0x8000.
     */
    memcpy(buf, real, len);
    put_le32(buf + 0x28, 0x48000000);
    put_le32(buf + 0x2c, 0x48000000 + len);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), 0);
    EXPECT_EQ(info.entry, 0x48000000);
    EXPECT_EQ(info.text_offset, 0x08000000);
    put_le32(buf + 0x28, 0x40008000);
    put_le32(buf + 0x2c, 0x40008000 + len);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), 0);
    EXPECT_EQ(info.entry, 0x40008000);
    EXPECT_EQ(info.text_offset, 0x8000);
    /* Not page aligned, below RAM, beyond bank 0: nowhere to load it. */
    put_le32(buf + 0x28, 0x40008100);
    put_le32(buf + 0x2c, 0x40008100 + len);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_TEXTOFFSET);
    put_le32(buf + 0x28, 0x8000);
    put_le32(buf + 0x2c, 0x8000 + len);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_TEXTOFFSET);
    put_le32(buf + 0x28, 0xf0000000);           /* last 256 MiB: fine */
    put_le32(buf + 0x2c, 0xf0000000 + len);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), 0);
    EXPECT_EQ(info.text_offset, 0xb0000000);
    /* Decompressing below where it is loaded: not reservable. */
    put_le32(buf + 0x28, 0x40800000);
    put_le32(buf + 0x2c, 0x40800000 + len);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_TEXTOFFSET);

    /*
     * The extension table's KLSZ entry sets the reservation: a BSS of
     * 64 MiB (beyond the decompressor's copy of itself) is reserved past
     * the inflated kernel, counted from the decompression address.
     */
    tab = get_le32(real + 0x38);
    memcpy(buf, real, len);
    put_le32(buf + tab + 12, 64 << 20);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), 0);
    EXPECT_EQ(info.file_size, len);
    EXPECT_EQ(info.mem_size, get_le32(buf + tab + 16) - 0x8000 +
              get_le32(buf + get_le32(buf + tab + 8)) + (64 << 20));
    /* No table (before Linux 3.19): the file, as before. */
    buf[0x34] ^= 1;
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), 0);
    EXPECT_EQ(info.mem_size, len);
    buf[0x34] ^= 1;
    /* A table, or the inflated size it points to, outside the file. */
    put_le32(buf + 0x38, len);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_IMAGESIZE);
    put_le32(buf + 0x38, tab + 2);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_IMAGESIZE);
    put_le32(buf + 0x38, tab);
    put_le32(buf + tab + 8, len - 3);
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_IMAGESIZE);
    put_le32(buf + tab + 8, get_le32(real + tab + 8));
    put_le32(buf + tab, 0x40000000);            /* entry longer than file */
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_IMAGESIZE);
    put_le32(buf + tab, 1);                     /* shorter than its tag */
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_IMAGESIZE);
    put_le32(buf + tab, 5);                     /* KLSZ without MALLOC */
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), -XU_ERR_IMAGESIZE);
    put_le32(buf + tab, 0);                     /* empty table */
    EXPECT_RC(xu_zimage32_parse(buf, len, &info), 0);
    EXPECT_EQ(info.mem_size, len);

    EXPECT_RC(xu_zimage32_parse(NULL, len, &info), -XU_ERR_BADARG);
    free(buf);
    free(real);
    PASS();
}
