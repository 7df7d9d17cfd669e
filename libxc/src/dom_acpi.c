/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * dom_acpi.c: the ACPI tables of an Arm guest built with acpi=1.
 *
 * libxenguest's xc_dom_load_acpi() (Xen 4.17 to 4.20 and upstream)
 * copies them to GUEST_ACPI_BASE through xc_map_foreign_range(), a
 * cacheable dom0 mapping, then unmaps it and never asks Xen for
 * XEN_DOMCTL_cacheflush, unlike every other segment of the build.  The
 * tables sit outside the guest's RAM banks, so a guest kernel maps them
 * Device or Normal-NC (Linux: acpi_os_ioremap() of memory that is not in
 * its memory map) and reads memory, not the cache: while the copy is
 * still in a dirty dom0 line, the guest sees the zeros Xen scrubbed the
 * pages to.  It does not call xc_dom_boot_domU_map(), so the backend of
 * this library never sees it; the builder calls xu_dom_acpi_flush() after
 * xc_dom_build_image() instead, in every write mode.
 */
#include <errno.h>

#include "xenuncached.h"
#include "private.h"
#include "xg_compat.h"

int xu_dom_acpi_range_(const struct xc_dom_image *dom, unsigned int i,
                       uint64_t *pfn, size_t *pages, unsigned int *offset)
{
    const struct xc_hvm_firmware_module *m = &dom->acpi_modules[i];
    uint64_t end;

    if ( i >= MAX_ACPI_MODULES || !m->length )
        return 0;
    /* As xc_dom_load_acpi() counts them: from the page of the first byte. */
    if ( __builtin_add_overflow(m->guest_addr_out, (uint64_t)m->length,
                                &end) || end > UINT64_MAX - XC_PAGE_SIZE )
    {
        errno = EINVAL;
        return -1;
    }
    *pfn = m->guest_addr_out >> XC_PAGE_SHIFT;
    *pages = ((end + XC_PAGE_SIZE - 1) >> XC_PAGE_SHIFT) - *pfn;
    *offset = m->guest_addr_out & (XC_PAGE_SIZE - 1);
    return 1;
}

int xu_dom_acpi_flush(struct xc_dom_image *dom, unsigned long *pages_out)
{
    unsigned long total = 0;
    unsigned int i, offset;
    uint64_t pfn;
    size_t pages;
    int rc;

    if ( !dom || !dom->xch )
    {
        errno = EINVAL;
        return -1;
    }
    /* libxenguest stops at the first empty module: so do we. */
    for ( i = 0; i < MAX_ACPI_MODULES; i++ )
    {
        rc = xu_dom_acpi_range_(dom, i, &pfn, &pages, &offset);
        if ( rc < 0 )
            return -1;
        if ( rc == 0 )
            break;
        if ( xc_domain_cacheflush(dom->xch, dom->guest_domid, pfn, pages) )
            return -1;
        total += pages;
    }
    if ( pages_out )
        *pages_out = total;
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
