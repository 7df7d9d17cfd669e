/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * layout.c: where kernel, initrd and DTB go in guest RAM.
 *
 * Follows meminit() of Xen 4.17 tools/libs/guest/xg_dom_arm.c step by
 * step, with two differences (docs/libxc.md):
 *  - the kernel reservation is text_offset + image_size (BSS included),
 *    where upstream reserves only the file;
 *  - every subtraction and addition is checked, and a kernel that does
 *    not fit in bank 0 is an error here rather than a later failure.
 */
#include <string.h>

#include "xenuncached.h"
#include "util.h"

#define GUEST_RAM_MAX (XU_GUEST_RAM0_SIZE + XU_GUEST_RAM1_SIZE)

int xu_layout_compute(uint64_t ram_size, const struct xu_image_info *kernel,
                      uint64_t initrd_size, uint64_t dtb_size,
                      struct xu_layout *out)
{
    const uint64_t bankbase0 = XU_GUEST_RAM0_BASE;
    const uint64_t ram128mb = XU_GUEST_RAM0_BASE + XU_SZ_128M;
    struct xu_layout l;
    uint64_t kernend, kernsize, modsize, bank0end, modbase, total;

    if ( !kernel || !out )
        return -XU_ERR_BADARG;
    if ( kernel->mem_size < kernel->file_size )
        return -XU_ERR_BADARG;

    /* Upstream counts RAM in pages, so a partial page cannot happen. */
    if ( ram_size == 0 || ram_size > GUEST_RAM_MAX ||
         (ram_size & (XU_SZ_4K - 1)) )
        return -XU_ERR_RAMSIZE;

    memset(&l, 0, sizeof(l));
    l.bank_base[0] = XU_GUEST_RAM0_BASE;
    l.bank_base[1] = XU_GUEST_RAM1_BASE;
    l.bank_size[0] = ram_size > XU_GUEST_RAM0_SIZE ? XU_GUEST_RAM0_SIZE
                                                   : ram_size;
    l.bank_size[1] = ram_size - l.bank_size[0];
    bank0end = bankbase0 + l.bank_size[0];

    /* xg_dom_armzimageloader.c: kernel at rambase + text_offset. */
    if ( kernel->text_offset >= l.bank_size[0] ||
         (kernel->text_offset & (XU_SZ_4K - 1)) )
        return -XU_ERR_TEXTOFFSET;
    l.kernel_base = bankbase0 + kernel->text_offset;
    if ( add_overflows_(l.kernel_base, kernel->mem_size, &l.kernel_end) ||
         roundup_overflows_(l.kernel_end, XU_SZ_2M, &kernend) )
        return -XU_ERR_OVERFLOW;
    l.kernel_resv = kernend;
    l.entry = kernel->entry ? kernel->entry : l.kernel_base;
    kernsize = kernend - l.kernel_base;

    /* Module sizes are rounded up to pages, as upstream. */
    if ( roundup_overflows_(initrd_size, XU_SZ_4K, &l.initrd_size) ||
         roundup_overflows_(dtb_size, XU_SZ_4K, &l.dtb_size) ||
         add_overflows_(l.initrd_size, l.dtb_size, &modsize) ||
         add_overflows_(modsize, kernsize, &total) )
        return -XU_ERR_OVERFLOW;

    /* Upstream's first check: against bank 0's maximum, not its size. */
    if ( total > XU_GUEST_RAM0_SIZE )
        return -XU_ERR_KERNELSIZE;
    /* Not upstream: it would fail later, mapping pages that do not exist. */
    if ( kernend > bank0end )
        return -XU_ERR_KERNELSIZE;

    /*
     * Upstream's three rules, same order and same strict/non-strict
     * comparisons: at 128 MiB if the modules fit there and the kernel ends
     * below it; else at the top of bank 0 if they end above the kernel;
     * else just below the kernel.  Rule 2 is guarded against the
     * wrap-around upstream has when the modules exceed bank 0.
     */
    if ( bank0end >= ram128mb + modsize && kernend < ram128mb )
        modbase = ram128mb;
    else if ( bank0end >= modsize && bank0end - modsize > kernend )
        modbase = bank0end - modsize;
    else if ( l.kernel_base - bankbase0 > modsize )
        modbase = l.kernel_base - modsize;
    else
        return -XU_ERR_NOFIT;

    /* Initrd first, then DTB: libxenguest maps segments in address order. */
    l.modules_base = modbase;
    if ( l.initrd_size )
    {
        l.initrd_base = modbase;
        modbase += l.initrd_size;
    }
    if ( l.dtb_size )
        l.dtb_base = modbase;

    *out = l;
    return 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */
