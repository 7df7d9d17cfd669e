/* SPDX-License-Identifier: LGPL-2.1-only */
/* zimage32_real ZIMAGE START END: parse Debian's armhf zImage. */
#include "tests.h"

int main(int argc, char **argv)
{
    struct xu_image_info info;
    size_t len;
    void *img;

    if ( argc != 4 )
        CONFIG("usage: zimage32_real ZIMAGE START END");
    img = load_file(argv[1], &len);

    EXPECT_RC(xu_image_probe(img, len), XU_IMAGE_ZIMAGE32);
    EXPECT_RC(xu_zimage32_parse(img, len, &info), 0);
    EXPECT_EQ(info.kind, XU_IMAGE_ZIMAGE32);
    EXPECT_EQ(info.text_offset, 0x8000);
    EXPECT_EQ(info.entry, strtoull(argv[2], NULL, 0));
    EXPECT_EQ(info.file_size, len);
    EXPECT_EQ(info.mem_size, len);
    if ( strtoull(argv[3], NULL, 0) - strtoull(argv[2], NULL, 0) > len )
        FAIL("fixture: end - start beyond file");
    EXPECT_RC(xu_arm64_parse(img, len, &info), -XU_ERR_BADMAGIC);
    free(img);
    PASS();
}
