/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fuzz_layout: xu_layout_compute() on arbitrary sizes and offsets (40
 * bytes: RAM, text_offset, mem_size, initrd, DTB).  A success must keep
 * everything inside bank 0, aligned and disjoint from the kernel, and
 * match the placement rule that applies (Xen 4.17 meminit()).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xenuncached.h"

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xu_image_info k;
    struct xu_layout l;
    uint64_t ram, end0, mods, r128 = 0x48000000;
    int rc;

    if ( size < 40 )
        return 0;
    memset(&k, 0, sizeof(k));
    k.kind = XU_IMAGE_ARM64;
    /* Bias towards plausible values so that successes are common. */
    ram = rd64(data) % (UINT64_C(4) << 30) & ~UINT64_C(0xfff);
    if ( data[39] & 1 )
        ram = rd64(data);
    k.text_offset = rd64(data + 8) % (UINT64_C(1) << 29);
    k.mem_size = rd64(data + 16) % (UINT64_C(1) << 30);
    k.file_size = k.mem_size / 2;
    if ( data[39] & 2 )
        k.text_offset = rd64(data + 8), k.mem_size = rd64(data + 16);

    rc = xu_layout_compute(ram, &k, rd64(data + 24) % (UINT64_C(1) << 31),
                           rd64(data + 32) % (UINT64_C(1) << 24), &l);
    if ( rc > 0 || rc < -XU_ERR_MAX )
        abort();
    if ( rc )
        return 0;

    end0 = l.bank_base[0] + l.bank_size[0];
    mods = l.initrd_size + l.dtb_size;
    if ( l.kernel_resv > end0 || l.modules_base + mods > end0 ||
         l.modules_base < l.bank_base[0] || l.modules_base % 4096 )
        abort();
    if ( mods && l.modules_base < l.kernel_resv &&
         l.modules_base + mods > l.kernel_base )
        abort();
    /* Rule order: 128 MiB whenever it is allowed. */
    if ( end0 >= r128 + mods && l.kernel_resv < r128 &&
         l.modules_base != r128 )
        abort();
    if ( l.bank_size[0] + l.bank_size[1] != ram )
        abort();
    return 0;
}
