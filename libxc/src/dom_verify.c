/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * dom_verify.c: check every segment a libxenguest build wrote (kernel,
 * modules, device tree) against the blob it was copied from.
 *
 * What each segment should hold, on Arm with Xen 4.17:
 *  - kernel: kernel_blob (the zImage/Image loaders, ours and libxenguest's,
 *    copy the file as is; a gzip'd Image was inflated into the blob when it
 *    was read), then zeros to the segment's end;
 *  - modules: the blob, raw.  libxenguest inflates a gzip module only when
 *    it places it itself, and the Arm meminit() always places them;
 *  - device tree: devicetree_blob as libxl left it.
 * xc_dom_alloc_segment() zeroes each segment before the copy, which is
 * why the tail past the blob must read as zero.
 */
#include <errno.h>
#include <stdio.h>

#include "xenuncached.h"
#include "xg_compat.h"

static int seg_(xu_fmem_handle *h, uint32_t domid,
                const struct xc_dom_seg *seg, const void *blob, size_t size,
                const char *what)
{
    if ( !seg->pages )
        return 0;
    return xu_fmem_verify(h, domid, seg->pfn, seg->pages, blob, size, what);
}

int xu_dom_verify(xu_fmem_handle *h, struct xc_dom_image *dom)
{
    int rc = 0, first_errno = 0;
    unsigned int mod;
    char name[24];

    if ( !h || !dom )
    {
        errno = EINVAL;
        return -1;
    }

#define CHECK(_call)                                                    \
    do {                                                                \
        if ( (_call) && !first_errno )                                  \
        {                                                               \
            first_errno = errno;                                        \
            rc = -1;                                                    \
        }                                                               \
    } while ( 0 )

    /* Every segment, even after a mismatch: the log then names them all. */
    CHECK(seg_(h, dom->guest_domid, &dom->kernel_seg, dom->kernel_blob,
               dom->kernel_size, "kernel"));
    for ( mod = 0; mod < dom->num_modules; mod++ )
    {
        snprintf(name, sizeof(name), "module%u", mod);
        CHECK(seg_(h, dom->guest_domid, &dom->modules[mod].seg,
                   dom->modules[mod].blob, dom->modules[mod].size, name));
    }
    if ( dom->devicetree_blob )
        CHECK(seg_(h, dom->guest_domid, &dom->devicetree_seg,
                   dom->devicetree_blob, dom->devicetree_size,
                   "devicetree"));
#undef CHECK

    if ( rc )
        errno = first_errno;
    return rc;
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
