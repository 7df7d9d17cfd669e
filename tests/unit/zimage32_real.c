/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * zimage32_real ZIMAGE START END INFLATED BSS TEXT_OFFSET MALLOC: parse
 * Debian's armhf zImage; the last four are the KLSZ entry of its extension
 * table, read by od in ./run.
 */
#include "tests.h"

int main(int argc, char **argv)
{
    struct xu_image_info info;
    uint64_t inflated, bss, text_offset, malloc_size, self, want;
    size_t len;
    void *img;

    if ( argc != 8 )
        CONFIG("usage: zimage32_real ZIMAGE START END INFLATED BSS "
               "TEXT_OFFSET MALLOC");
    img = load_file(argv[1], &len);

    EXPECT_RC(xu_image_probe(img, len), XU_IMAGE_ZIMAGE32);
    EXPECT_RC(xu_zimage32_parse(img, len, &info), 0);
    EXPECT_EQ(info.kind, XU_IMAGE_ZIMAGE32);
    EXPECT_EQ(info.text_offset, 0x8000);
    EXPECT_EQ(info.entry, strtoull(argv[2], NULL, 0));
    EXPECT_EQ(info.file_size, len);
    /*
     * Reserved from the load address (RAM base + 0x8000): up to the
     * decompression address (RAM base + TEXT_OFFSET), the inflated
     * kernel, then its BSS or the decompressor's copy of itself (file,
     * heap, 64 KiB for its BSS and stack), whichever is longer.
     */
    inflated = strtoull(argv[4], NULL, 0);
    bss = strtoull(argv[5], NULL, 0);
    text_offset = strtoull(argv[6], NULL, 0);
    malloc_size = strtoull(argv[7], NULL, 0);
    self = len + malloc_size + 0x10000;
    want = text_offset - 0x8000 + inflated + (bss > self ? bss : self);
    EXPECT_EQ(info.mem_size, want > len ? want : len);
    if ( info.mem_size <= len )
        FAIL("fixture: a Debian zImage inflates beyond its file");
    if ( strtoull(argv[3], NULL, 0) - strtoull(argv[2], NULL, 0) > len )
        FAIL("fixture: end - start beyond file");
    EXPECT_RC(xu_arm64_parse(img, len, &info), -XU_ERR_BADMAGIC);
    free(img);
    PASS();
}
