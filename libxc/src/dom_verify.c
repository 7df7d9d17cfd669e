/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * dom_verify.c: check every segment a libxenguest build wrote (kernel,
 * modules, device tree, ACPI tables) against the blob it was copied from.
 *
 * What each segment should hold, on Arm with Xen 4.17:
 *  - kernel: kernel_blob (the zImage/Image loaders, ours and libxenguest's,
 *    copy the file as is; a gzip'd Image was inflated into the blob when it
 *    was read, with 16 zero bytes after it that ours may leave out), then
 *    zeros to the segment's end;
 *  - modules: the blob, raw.  libxenguest inflates a gzip module only when
 *    it places it itself, and the Arm meminit() always places them;
 *  - device tree: devicetree_blob as libxl left it;
 *  - ACPI tables (acpi=1): each acpi_modules[] data, at guest_addr_out,
 *    written by xc_dom_load_acpi() through its own mapping into pages it
 *    populated and never cleared: only the data is compared, not the rest
 *    of its last page (a release Xen hands pages out zeroed, a debug one
 *    filled with its scrub pattern 0xc2).
 * xc_dom_alloc_segment() zeroes each segment before the copy, which is
 * why the tail past the blob must read as zero.
 */
#include <errno.h>
#include <stdio.h>

#include "xenuncached.h"
#include "private.h"
#include "xg_compat.h"

/*
 * Check one segment, unless it is empty; keep the errno of the first
 * failure in *@first_errno (0 while all have passed).
 */
static void seg_(xu_fmem_handle *h, struct xc_dom_image *dom,
                 const struct xc_dom_seg *seg, const void *blob, size_t size,
                 const char *what, int *first_errno)
{
    if ( seg->pages &&
         xu_fmem_verify(h, dom->guest_domid, seg->pfn, seg->pages, blob,
                        size, what) &&
         !*first_errno )
        *first_errno = errno;
}

/*
 * How much of the kernel blob the kernel segment holds.  An Image that
 * libxenguest inflated is followed by 16 zero bytes (xc_dom_try_gunzip()),
 * which our arm64 loader does not copy when the segment (image_size) ends
 * before them: compare the segment with the Image alone then.  Anything
 * else past the segment is left for xu_fmem_verify() to refuse.
 */
static size_t kernel_len_(const struct xc_dom_image *dom)
{
    const unsigned char *blob = dom->kernel_blob;
    size_t seg = (size_t)dom->kernel_seg.pages << XC_PAGE_SHIFT, i;

    if ( !blob || dom->kernel_size <= seg || dom->kernel_size - seg > 16 )
        return dom->kernel_size;
    for ( i = seg; i < dom->kernel_size; i++ )
        if ( blob[i] )
            return dom->kernel_size;
    return seg;
}

/*
 * The ACPI modules.  libxl puts the one it writes at GUEST_ACPI_BASE, page
 * aligned; xu_fmem_verify() compares from the start of a page, so a module
 * that starts inside one cannot be checked, and says so.
 */
static void acpi_(xu_fmem_handle *h, struct xc_dom_image *dom,
                  int *first_errno)
{
    unsigned int i, offset;
    uint64_t pfn;
    size_t pages;
    char name[24];
    int rc;

    for ( i = 0; i < MAX_ACPI_MODULES; i++ )
    {
        snprintf(name, sizeof(name), "acpi%u", i);
        rc = xu_dom_acpi_range_(dom, i, &pfn, &pages, &offset);
        if ( rc == 0 )
            break;
        if ( rc > 0 && offset )
        {
            errno = EINVAL;
            LOG(h, XTL_ERROR, "verify d%u %s: starts at offset %#x of "
                "its page: cannot be checked", dom->guest_domid, name,
                offset);
            rc = -1;
        }
        else if ( rc > 0 )
            rc = xu_verify_(h, dom->guest_domid, pfn, pages,
                            dom->acpi_modules[i].data,
                            dom->acpi_modules[i].length, true, name);
        if ( rc < 0 && !*first_errno )
            *first_errno = errno;
    }
}

int xu_dom_verify(xu_fmem_handle *h, struct xc_dom_image *dom)
{
    int first_errno = 0;
    unsigned int mod;
    char name[24];

    if ( !h || !dom )
    {
        errno = EINVAL;
        return -1;
    }

    /* Every segment, even after a mismatch: the log then names them all. */
    seg_(h, dom, &dom->kernel_seg, dom->kernel_blob, kernel_len_(dom),
         "kernel", &first_errno);
    for ( mod = 0; mod < dom->num_modules; mod++ )
    {
        snprintf(name, sizeof(name), "module%u", mod);
        seg_(h, dom, &dom->modules[mod].seg, dom->modules[mod].blob,
             dom->modules[mod].size, name, &first_errno);
    }
    if ( dom->devicetree_blob )
        seg_(h, dom, &dom->devicetree_seg, dom->devicetree_blob,
             dom->devicetree_size, "devicetree", &first_errno);
    acpi_(h, dom, &first_errno);

    if ( first_errno )
    {
        errno = first_errno;
        return -1;
    }
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
