/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fuzz_image: probe, the three parsers, bounded gunzip and the layout of
 * whatever parsed.  Invariants beyond "no crash" (ASan/UBSan): every
 * error is a known code, a successful parse is self-consistent, and a
 * successful layout lies inside RAM bank 0 without overlaps.
 */
#include <stdint.h>
#include <stdlib.h>

#include "xenuncached.h"

#define OUT_MAX (1u << 20)

static uint8_t out[OUT_MAX];

static void check_rc(int rc)
{
    if ( rc < -XU_ERR_MAX || (rc < 0 && xu_strerror(rc)[0] == '<') )
        abort();
}

static void check_layout(const struct xu_image_info *k, uint64_t ram,
                         uint64_t initrd, uint64_t dtb)
{
    struct xu_layout l;
    uint64_t end0;
    int rc = xu_layout_compute(ram, k, initrd, dtb, &l);

    check_rc(rc);
    if ( rc )
        return;
    end0 = l.bank_base[0] + l.bank_size[0];
    if ( l.kernel_base < l.bank_base[0] || l.kernel_resv > end0 ||
         l.kernel_end > l.kernel_resv || l.kernel_resv % 0x200000 )
        abort();
    if ( l.initrd_size && (l.initrd_base % 4096 ||
         l.initrd_base < l.bank_base[0] ||
         l.initrd_base + l.initrd_size > end0 ||
         (l.initrd_base < l.kernel_resv &&
          l.initrd_base + l.initrd_size > l.kernel_base)) )
        abort();
    if ( l.dtb_size && (l.dtb_base % 4096 || l.dtb_base < l.bank_base[0] ||
         l.dtb_base + l.dtb_size > end0 ||
         (l.dtb_base < l.kernel_resv &&
          l.dtb_base + l.dtb_size > l.kernel_base)) )
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xu_image_info info;
    size_t outlen;
    uint32_t isize;
    int kind, rc;

    kind = xu_image_probe(data, size);
    check_rc(kind);

    rc = xu_arm64_parse(data, size, &info);
    check_rc(rc);
    /* Only libxenguest's 16 zero bytes past image_size may be left out. */
    if ( rc == 0 && (kind != XU_IMAGE_ARM64 || info.file_size > size ||
                     size - info.file_size > 16 ||
                     info.mem_size < info.file_size || (info.flags & 1)) )
        abort();
    if ( rc == 0 )
        check_layout(&info, (uint64_t)512 << 20, size, 4096);

    rc = xu_zimage32_parse(data, size, &info);
    check_rc(rc);
    if ( rc == 0 && (info.file_size != size || info.mem_size < size ||
                     info.text_offset % 4096) )
        abort();
    if ( rc == 0 )
        check_layout(&info, (uint64_t)64 << 20, 1, 1);

    check_rc(xu_gzip_isize(data, size, &isize));
    rc = xu_gunzip(data, size, out, OUT_MAX, &outlen);
    check_rc(rc);
    if ( rc == 0 )
    {
        if ( outlen > OUT_MAX )
            abort();
        check_rc(xu_image_probe(out, outlen));
        check_rc(xu_arm64_parse(out, outlen, &info));
    }
    return 0;
}
