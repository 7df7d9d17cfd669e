/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * arm64_bad IMAGE: malformed arm64 Images made from the real one's first
 * 64 KiB.  Each gives its own clear error (ASan/UBSan catch overreads).
 */
#include <string.h>

#include "tests.h"

#define HDR 64
#define LEN (64 * 1024)

static void put_le64(uint8_t *p, uint64_t v)
{
    int i;

    for ( i = 0; i < 8; i++ )
        p[i] = v >> (8 * i);
}

int main(int argc, char **argv)
{
    struct xu_image_info info;
    uint8_t *real, *buf, *t;
    size_t len, n;

    if ( argc != 2 )
        CONFIG("usage: arm64_bad IMAGE");
    real = load_file(argv[1], &len);
    if ( len < LEN )
        CONFIG("image too small");
    buf = malloc(LEN);

    /* Truncated header: every length below 64, in an exact-size buffer. */
    for ( n = 0; n < HDR; n++ )
    {
        t = malloc(n ? n : 1);
        memcpy(t, real, n);
        EXPECT_RC(xu_arm64_parse(t, n, &info), -XU_ERR_TRUNCATED);
        if ( xu_image_probe(t, n) == XU_IMAGE_ARM64 )
            FAIL("probe accepts a %zu-byte arm64 header", n);
        free(t);
    }

    /* Wrong magic (both the v1 magic and no v0 branch). */
    memcpy(buf, real, LEN);
    buf[0x38] = 'X';
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), -XU_ERR_BADMAGIC);
    EXPECT_RC(xu_image_probe(buf, LEN), -XU_ERR_BADMAGIC);

    /* Big-endian flag. */
    memcpy(buf, real, LEN);
    buf[0x18] |= 1;
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), -XU_ERR_BIGENDIAN);

    /* image_size smaller than the file. */
    memcpy(buf, real, LEN);
    put_le64(buf + 0x10, LEN - 1);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), -XU_ERR_IMAGESIZE);
    put_le64(buf + 0x10, LEN);          /* equal is fine */
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), 0);
    EXPECT_EQ(info.mem_size, LEN);

    /*
     * What libxenguest hands the loaders after gunzipping an Image: the
     * Image, then 16 zero bytes (xc_dom_check_gzip() returns ISIZE + 16).
     * Accepted, and only image_size bytes are to be copied; a longer or
     * non-zero tail is still refused.
     */
    memcpy(buf, real, LEN);
    memset(buf + LEN - 16, 0, 16);
    put_le64(buf + 0x10, LEN - 16);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), 0);
    EXPECT_EQ(info.file_size, LEN - 16);
    EXPECT_EQ(info.mem_size, LEN - 16);
    put_le64(buf + 0x10, LEN - 8);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), 0);
    EXPECT_EQ(info.file_size, LEN - 8);
    memset(buf + LEN - 17, 0, 17);
    put_le64(buf + 0x10, LEN - 17);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), -XU_ERR_IMAGESIZE);
    put_le64(buf + 0x10, LEN - 16);
    buf[LEN - 1] = 1;
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), -XU_ERR_IMAGESIZE);

    /* Overflowing sizes: text_offset + image_size wraps. */
    memcpy(buf, real, LEN);
    put_le64(buf + 0x08, UINT64_MAX & ~UINT64_C(0xfff));
    put_le64(buf + 0x10, 0x2000000);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), -XU_ERR_OVERFLOW);
    put_le64(buf + 0x08, 0);
    put_le64(buf + 0x10, UINT64_MAX);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), 0);  /* layout refuses it */
    {
        struct xu_layout l;

        EXPECT_RC(xu_layout_compute(512 << 20, &info, 0, 0, &l),
                  -XU_ERR_OVERFLOW);
    }

    /* Unaligned text_offset (found by the fuzzer: unaligned modules). */
    memcpy(buf, real, LEN);
    put_le64(buf + 0x08, 0x80001);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), -XU_ERR_TEXTOFFSET);

    /* image_size 0: pre-3.17 kernel, fixed text_offset, BE flag ignored. */
    memcpy(buf, real, LEN);
    put_le64(buf + 0x08, 0x12345);
    put_le64(buf + 0x10, 0);
    put_le64(buf + 0x18, 1);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), 0);
    EXPECT_EQ(info.text_offset, 0x80000);
    EXPECT_EQ(info.mem_size, LEN);
    EXPECT_EQ(info.flags, 0);
    EXPECT_EQ(info.page_size, 0);

    /* v0 magic only (branch at offset 0, no "ARM\x64"). */
    memcpy(buf, real, LEN);
    buf[0] = 0x08; buf[1] = 0x00; buf[2] = 0x00; buf[3] = 0x14;
    memset(buf + 0x38, 0, 4);
    EXPECT_RC(xu_image_probe(buf, LEN), XU_IMAGE_ARM64);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), 0);

    /* Page-size field: 16K and 64K are decoded. */
    memcpy(buf, real, LEN);
    buf[0x18] = (buf[0x18] & ~6) | (2 << 1);
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), 0);
    EXPECT_EQ(info.page_size, 16384);
    buf[0x18] |= 6;
    EXPECT_RC(xu_arm64_parse(buf, LEN, &info), 0);
    EXPECT_EQ(info.page_size, 65536);

    /* NULL arguments. */
    EXPECT_RC(xu_arm64_parse(NULL, LEN, &info), -XU_ERR_BADARG);
    EXPECT_RC(xu_arm64_parse(buf, LEN, NULL), -XU_ERR_BADARG);
    EXPECT_RC(xu_image_probe(NULL, LEN), -XU_ERR_BADARG);

    free(buf);
    free(real);
    PASS();
}
