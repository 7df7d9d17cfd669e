/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * layout_real IMAGE ZIMAGE INITRD-1 INITRD-ODD INITRD-200M: layouts of the
 * real kernels (image_size from their headers) with real initrd sizes.
 */
#include <sys/stat.h>

#include "tests.h"

#define MiB (UINT64_C(1) << 20)

static uint64_t size_of(const char *path)
{
    struct stat st;

    if ( stat(path, &st) )
        CONFIG("cannot stat %s", path);
    return st.st_size;
}

int main(int argc, char **argv)
{
    struct xu_image_info k, z;
    struct xu_layout l;
    uint64_t i1, iodd, i200, end;
    size_t len;
    void *img;

    if ( argc != 6 )
        CONFIG("usage: layout_real IMAGE ZIMAGE INITRD-1 INITRD-ODD "
               "INITRD-200M");
    img = load_file(argv[1], &len);
    EXPECT_RC(xu_arm64_parse(img, len, &k), 0);
    free(img);
    img = load_file(argv[2], &len);
    EXPECT_RC(xu_zimage32_parse(img, len, &z), 0);
    free(img);
    i1 = size_of(argv[3]);
    iodd = size_of(argv[4]);
    i200 = size_of(argv[5]);
    EXPECT_EQ(i1, 1);
    EXPECT_EQ(iodd, 4097);
    EXPECT_EQ(i200, 200 * MiB);

    /* The reservation covers image_size, rounded to 2 MiB. */
    end = 0x40000000 + k.text_offset + k.mem_size;
    EXPECT_RC(xu_layout_compute(512 * MiB, &k, i1, 0x1234, &l), 0);
    EXPECT_EQ(l.kernel_base, 0x40000000 + k.text_offset);
    EXPECT_EQ(l.kernel_end, end);
    EXPECT_EQ(l.kernel_resv, (end + 2 * MiB - 1) & ~(2 * MiB - 1));
    EXPECT_EQ(l.initrd_base, 0x48000000);
    EXPECT_EQ(l.initrd_size, 0x1000);
    EXPECT_EQ(l.dtb_base, 0x48001000);
    EXPECT_EQ(l.dtb_size, 0x2000);

    EXPECT_RC(xu_layout_compute(512 * MiB, &k, iodd, 0x1234, &l), 0);
    EXPECT_EQ(l.initrd_base, 0x48000000);
    EXPECT_EQ(l.dtb_base, 0x48002000);

    /* 200 MiB initrd: fits at 128 MiB in 1 GiB ... */
    EXPECT_RC(xu_layout_compute(1024 * MiB, &k, i200, 0x1234, &l), 0);
    EXPECT_EQ(l.initrd_base, 0x48000000);
    EXPECT_EQ(l.dtb_base, 0x54800000);
    /* ... at the top of bank 0 in 256 MiB ... */
    EXPECT_RC(xu_layout_compute(256 * MiB, &k, i200, 0x1234, &l), 0);
    EXPECT_EQ(l.initrd_base, 0x50000000 - 200 * MiB - 0x2000);
    EXPECT_EQ(l.dtb_base, 0x50000000 - 0x2000);
    /* ... and nowhere in 128 MiB. */
    EXPECT_RC(xu_layout_compute(128 * MiB, &k, i200, 0x1234, &l),
              -XU_ERR_NOFIT);
    /* Kernel with BSS larger than RAM. */
    EXPECT_RC(xu_layout_compute(32 * MiB, &k, i1, 0x1234, &l),
              -XU_ERR_KERNELSIZE);

    /* arm32 zImage: rambase + 0x8000, entry there (start is 0). */
    EXPECT_RC(xu_layout_compute(256 * MiB, &z, i1, 0x1234, &l), 0);
    EXPECT_EQ(l.kernel_base, 0x40008000);
    EXPECT_EQ(l.entry, 0x40008000);
    EXPECT_EQ(l.kernel_end, 0x40008000 + z.mem_size);
    EXPECT_EQ(l.initrd_base, 0x48000000);
    /*
     * Small RAM: the modules go at the top of bank 0, above everything
     * the zImage will inflate into (not merely above its file), or, where
     * that does not fit, nowhere.
     */
    EXPECT_RC(xu_layout_compute(48 * MiB, &z, i1, 0x1234, &l), 0);
    if ( l.initrd_base < 0x40008000 + z.mem_size )
        FAIL("initrd at %#"PRIx64" inside the inflated zImage (to %#"PRIx64
             ")", l.initrd_base, 0x40008000 + z.mem_size);
    EXPECT_RC(xu_layout_compute(24 * MiB, &z, i1, 0x1234, &l),
              -XU_ERR_KERNELSIZE);
    PASS();
}
