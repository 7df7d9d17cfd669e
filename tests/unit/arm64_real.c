/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * arm64_real IMAGE TEXT_OFFSET IMAGE_SIZE FLAGS: parse Debian's arm64
 * Image; expected fields come from od in the run script.
 */
#include "tests.h"

int main(int argc, char **argv)
{
    struct xu_image_info info;
    size_t len;
    void *img;

    if ( argc != 5 )
        CONFIG("usage: arm64_real IMAGE TEXT_OFFSET IMAGE_SIZE FLAGS");
    img = load_file(argv[1], &len);

    EXPECT_RC(xu_image_probe(img, len), XU_IMAGE_ARM64);
    EXPECT_RC(xu_arm64_parse(img, len, &info), 0);
    EXPECT_EQ(info.kind, XU_IMAGE_ARM64);
    EXPECT_EQ(info.text_offset, strtoull(argv[2], NULL, 0));
    EXPECT_EQ(info.mem_size, strtoull(argv[3], NULL, 0));
    EXPECT_EQ(info.flags, strtoull(argv[4], NULL, 0));
    EXPECT_EQ(info.file_size, len);
    if ( info.mem_size <= info.file_size )
        FAIL("a real kernel has BSS: image_size %#" PRIx64 " <= file %zu",
             info.mem_size, len);
    /* Debian's arm64 flavour uses 4 KiB pages. */
    EXPECT_EQ(info.page_size, 4096);
    EXPECT_EQ(info.entry, 0);
    /* Not the other formats. */
    EXPECT_RC(xu_zimage32_parse(img, len, &info), -XU_ERR_BADMAGIC);
    free(img);
    PASS();
}
