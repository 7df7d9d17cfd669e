/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * linux.c: Linux side of the backend.
 *
 * TODO(privcmd/): the uncached mapping device is being written
 * separately.  Until its UAPI lands every entry point here reports
 * EOPNOTSUPP, which makes core.c use the fallback (stock
 * xenforeignmemory mappings + XEN_DOMCTL_cacheflush after unmap) and log
 * that once.
 */
#include <errno.h>
#include <stddef.h>

#include "private.h"

int osdep_xu_open(xu_fmem_handle *h)
{
    /* TODO: open the privcmd/ device, probe its UNIMPLEMENTED ioctl. */
    h->fd = -1;
    errno = EOPNOTSUPP;
    return -1;
}

void osdep_xu_close(xu_fmem_handle *h)
{
    h->fd = -1;
}

int osdep_xu_query_fwb(xu_fmem_handle *h)
{
    /* TODO: ask the hypervisor (hypervisor-patches/) whether stage 2
     * forces write-back.  Xen 4.17 has no FEAT_S2FWB support. */
    (void)h;
    return 0;
}

void *osdep_xu_map_nc(xu_fmem_handle *h, uint32_t domid, size_t pages,
                      const uint64_t arr[], int err[])
{
    (void)h; (void)domid; (void)pages; (void)arr; (void)err;
    errno = EOPNOTSUPP;
    return NULL;
}

int osdep_xu_unmap_nc(xu_fmem_handle *h, void *addr, size_t pages)
{
    (void)h; (void)addr; (void)pages;
    errno = EOPNOTSUPP;
    return -1;
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
