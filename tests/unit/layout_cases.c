/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * layout_cases: xu_layout_compute() on synthetic kernels, each case with
 * the exact addresses Xen 4.17's meminit() rules give (worked out by hand
 * in the comments), or the error.
 */
#include <string.h>

#include "tests.h"

#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

struct lcase {
    const char *name;
    uint64_t ram, text_offset, mem_size, initrd, dtb;
    int rc;
    uint64_t kernel_resv, initrd_base, dtb_base;
};

static const struct lcase cases[] = {
    /* 2 MiB kernel, tiny modules: at RAM base + 128 MiB. */
    { "at-128M", 512 * MiB, 0, 2 * MiB, 1, 4096, 0,
      0x40200000, 0x48000000, 0x48001000 },
    /* 64 MiB RAM: 128 MiB is beyond RAM, so top of bank 0. */
    { "small-ram", 64 * MiB, 0, 2 * MiB, 1, 0x1234, 0,
      0x40200000, 0x43ffd000, 0x43ffe000 },
    /* Kernel ends above 128 MiB: modules go to the top of bank 0. */
    { "kernel-above-128M", 512 * MiB, 0x80000, 128 * MiB, 1 * MiB, 4096, 0,
      0x48200000, 0x5feff000, 0x5ffff000 },
    /* Modules do not fit between 128 MiB and the end of RAM. */
    { "modules-above-128M", 256 * MiB, 0, 2 * MiB, 200 * MiB, 4096, 0,
      0x40200000, 0x437ff000, 0x4ffff000 },
    /* No room after the kernel: just below it (large text_offset). */
    { "below-kernel", 512 * MiB, 0x10000000, 250 * MiB, 16 * MiB, 4096, 0,
      0x5fa00000, 0x4efff000, 0x4ffff000 },
    /* Boundaries (upstream's strict/non-strict comparisons): */
    /* kernel ends exactly at 128 MiB: "< 128 MiB" fails, top of bank. */
    { "kernel-ends-at-128M", 512 * MiB, 0, 128 * MiB, 4096, 4096, 0,
      0x48000000, 0x5fffe000, 0x5ffff000 },
    /* modules end exactly at the end of bank 0: ">=" allows 128 MiB. */
    { "modules-fill-to-end", 128 * MiB + 0x2000, 0, 2 * MiB, 4096, 4096, 0,
      0x40200000, 0x48000000, 0x48001000 },
    /* top-of-bank would touch the kernel end: "> kernend" fails, so just
     * below the kernel. */
    { "modules-touch-kernel", 64 * MiB, 4 * MiB, 58 * MiB, 2 * MiB - 4096,
      4096, 0, 0x43e00000, 0x40200000, 0x403ff000 },
    /* same, but below the kernel is exactly modsize: "> modsize" fails. */
    { "modules-below-exact", 64 * MiB, 2 * MiB, 60 * MiB, 2 * MiB - 4096,
      4096, -XU_ERR_NOFIT, 0, 0, 0 },
    /* Fits nowhere: 200 MiB initrd in 128 MiB of RAM. */
    { "modules-nofit", 128 * MiB, 0, 2 * MiB, 200 * MiB, 4096,
      -XU_ERR_NOFIT, 0, 0, 0 },
    /* Modules larger than bank 0: upstream's bank0end - modsize wraps
     * and "places" them above 4 GiB; we refuse. */
    { "modules-wrap", 16 * MiB, 0, 1 * MiB, 1280 * MiB, 4096,
      -XU_ERR_NOFIT, 0, 0, 0 },
    /* Kernel (with BSS) larger than RAM. */
    { "kernel-gt-ram", 32 * MiB, 0, 33 * MiB, 1, 4096,
      -XU_ERR_KERNELSIZE, 0, 0, 0 },
    /* Kernel + modules beyond bank 0's 3 GiB maximum. */
    { "kernel+modules-gt-3G", 4 * GiB, 0, 2 * MiB, 3 * GiB, 4096,
      -XU_ERR_KERNELSIZE, 0, 0, 0 },
    /* text_offset beyond RAM bank 0. */
    { "text-offset-beyond-ram", 512 * MiB, 512 * MiB, 2 * MiB, 1, 1,
      -XU_ERR_TEXTOFFSET, 0, 0, 0 },
    { "text-offset-end-beyond-ram", 512 * MiB, 0x1ff00000, 2 * MiB, 1, 1,
      -XU_ERR_KERNELSIZE, 0, 0, 0 },
    { "text-offset-unaligned", 512 * MiB, 0x1a0005a, 2 * MiB, 1, 1,
      -XU_ERR_TEXTOFFSET, 0, 0, 0 },
    /* RAM size errors. */
    { "ram-zero", 0, 0, 2 * MiB, 1, 1, -XU_ERR_RAMSIZE, 0, 0, 0 },
    { "ram-unaligned", 512 * MiB + 1, 0, 2 * MiB, 1, 1,
      -XU_ERR_RAMSIZE, 0, 0, 0 },
    { "ram-too-large", UINT64_C(0xc0000000) + UINT64_C(0xfe00000000) + 4096,
      0, 2 * MiB, 1, 1, -XU_ERR_RAMSIZE, 0, 0, 0 },
    /* Overflowing module sizes. */
    { "initrd-overflow", 512 * MiB, 0, 2 * MiB, UINT64_MAX - 10, 1,
      -XU_ERR_OVERFLOW, 0, 0, 0 },
    { "dtb-overflow", 512 * MiB, 0, 2 * MiB, 4096, UINT64_MAX,
      -XU_ERR_OVERFLOW, 0, 0, 0 },
};

static void check_case(const struct lcase *c)
{
    struct xu_image_info k;
    struct xu_layout l;
    int rc;

    memset(&k, 0, sizeof(k));
    k.kind = XU_IMAGE_ARM64;
    k.text_offset = c->text_offset;
    k.file_size = c->mem_size / 2;
    k.mem_size = c->mem_size;
    memset(&l, 0xa5, sizeof(l));
    rc = xu_layout_compute(c->ram, &k, c->initrd, c->dtb, &l);
    if ( rc != c->rc )
        FAIL("%s: rc %d (%s), want %d (%s)", c->name, rc, xu_strerror(rc),
             c->rc, xu_strerror(c->rc));
    if ( rc )
    {
        /* Output untouched on error. */
        if ( l.kernel_base != UINT64_C(0xa5a5a5a5a5a5a5a5) )
            FAIL("%s: output written on error", c->name);
        return;
    }
    if ( l.kernel_base != 0x40000000 + c->text_offset ||
         l.kernel_end != l.kernel_base + c->mem_size ||
         l.kernel_resv != c->kernel_resv ||
         l.initrd_base != c->initrd_base || l.dtb_base != c->dtb_base ||
         l.entry != l.kernel_base )
        FAIL("%s: kernel %#"PRIx64"-%#"PRIx64" resv %#"PRIx64
             " initrd %#"PRIx64" dtb %#"PRIx64", want resv %#"PRIx64
             " initrd %#"PRIx64" dtb %#"PRIx64, c->name, l.kernel_base,
             l.kernel_end, l.kernel_resv, l.initrd_base, l.dtb_base,
             c->kernel_resv, c->initrd_base, c->dtb_base);
}

int main(void)
{
    struct xu_image_info k;
    struct xu_layout l;
    unsigned int i;

    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
        check_case(&cases[i]);

    /* Banks: 4 GiB is 3 GiB at 1 GiB plus 1 GiB at 8 GiB. */
    memset(&k, 0, sizeof(k));
    k.kind = XU_IMAGE_ARM64;
    k.file_size = k.mem_size = 2 * MiB;
    EXPECT_RC(xu_layout_compute(4 * GiB, &k, 0, 0, &l), 0);
    EXPECT_EQ(l.bank_base[0], 0x40000000);
    EXPECT_EQ(l.bank_size[0], 3 * GiB);
    EXPECT_EQ(l.bank_base[1], 0x200000000);
    EXPECT_EQ(l.bank_size[1], 1 * GiB);
    /* No modules: bases stay 0, sizes 0. */
    EXPECT_EQ(l.initrd_base, 0);
    EXPECT_EQ(l.dtb_base, 0);
    EXPECT_EQ(l.initrd_size + l.dtb_size, 0);
    EXPECT_RC(xu_layout_compute(512 * MiB, &k, 0, 0, &l), 0);
    EXPECT_EQ(l.bank_size[1], 0);

    /* Sizes rounded to 4 KiB. */
    EXPECT_RC(xu_layout_compute(512 * MiB, &k, 4097, 1, &l), 0);
    EXPECT_EQ(l.initrd_size, 0x2000);
    EXPECT_EQ(l.dtb_size, 0x1000);
    EXPECT_EQ(l.dtb_base, 0x48002000);

    /* Bad arguments. */
    EXPECT_RC(xu_layout_compute(512 * MiB, NULL, 0, 0, &l), -XU_ERR_BADARG);
    EXPECT_RC(xu_layout_compute(512 * MiB, &k, 0, 0, NULL), -XU_ERR_BADARG);
    k.mem_size = k.file_size - 1;
    EXPECT_RC(xu_layout_compute(512 * MiB, &k, 0, 0, &l), -XU_ERR_BADARG);
    PASS();
}
