/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * abi_structs: the public structures of libxenuncached.so.2 keep their
 * layout (a change to a size or an offset is an ABI break: new soname,
 * not a silent edit), and the functions that fill them zero their
 * reserved fields, whatever the caller's memory held, so that a later
 * library can give those fields a meaning with 0 as "not given".
 */
#include <stddef.h>
#include <string.h>

#include "xenuncached.h"
#include "tests.h"

/* The same check for both structures: every reserved word is zero. */
#define EXPECT_RESERVED_ZERO(s) do {                                   \
        size_t i_;                                                     \
        for ( i_ = 0; i_ < sizeof((s).reserved) / 8; i_++ )            \
            if ( (s).reserved[i_] )                                    \
                FAIL(#s ".reserved[%zu] = %#llx, want 0", i_,          \
                     (unsigned long long)(s).reserved[i_]);            \
    } while ( 0 )

int main(void)
{
    /* An arm64 Image header: magic, text_offset 0, image_size 64 KiB. */
    unsigned char img[4096] = { 0 };
    struct xu_image_info info;
    struct xu_layout lay;

    EXPECT_EQ(sizeof(struct xu_image_info), 88);
    EXPECT_EQ(offsetof(struct xu_image_info, text_offset), 8);
    EXPECT_EQ(offsetof(struct xu_image_info, flags), 48);
    EXPECT_EQ(offsetof(struct xu_image_info, reserved), 56);
    EXPECT_EQ(sizeof(struct xu_layout), 152);
    EXPECT_EQ(offsetof(struct xu_layout, kernel_base), 32);
    EXPECT_EQ(offsetof(struct xu_layout, dtb_size), 96);
    EXPECT_EQ(offsetof(struct xu_layout, reserved), 104);

    img[16] = 0x00; img[17] = 0x00; img[18] = 0x01;    /* image_size */
    memcpy(img + 0x38, "ARMd", 4);
    memset(&info, 0xff, sizeof(info));
    EXPECT_RC(xu_arm64_parse(img, sizeof(img), &info), 0);
    EXPECT_RESERVED_ZERO(info);

    memset(&lay, 0xff, sizeof(lay));
    EXPECT_RC(xu_layout_compute(UINT64_C(256) << 20, &info, 4096, 4096,
                                &lay), 0);
    EXPECT_RESERVED_ZERO(lay);
    PASS();
}
