/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * linux.c: Linux side of the backend: the uncached mapping device of
 * privcmd/ (/dev/xen/privcmd-nc, UAPI in privcmd/include/uapi/xen/).
 *
 * A mapping is one mmap() of the device followed by one
 * IOCTL_PRIVCMD_NC_MMAPBATCH_V2 covering all of it (the device, like
 * privcmd, wants the first batch to cover the whole VMA).  munmap() is
 * the whole unmap: the driver gives the frames back to Xen when the VMA
 * goes.  Without the device every entry point reports EOPNOTSUPP, and
 * core.c takes the stock path and says so once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/privcmd-nc.h>
/* IOCTL_PRIVCMD_NC_PTE: not in the installed UAPI, read back if offered. */
#include <xen/privcmd-nc-debug.h>

#include "private.h"

#define XU_NC_DEVICE "/dev/xen/privcmd-nc"

static int query_(int fd, struct privcmd_nc_query *q)
{
    memset(q, 0, sizeof(*q));
    return ioctl(fd, IOCTL_PRIVCMD_NC_QUERY, q);
}

int osdep_xu_open(xu_fmem_handle *h)
{
    struct privcmd_nc_query q;
    int fd, saved_errno;

    h->fd = -1;
    fd = open(XU_NC_DEVICE, O_RDWR | O_CLOEXEC);
    if ( fd < 0 )
    {
        /* No module loaded (or not Arm): the expected case, not an error. */
        if ( errno == ENOENT || errno == ENODEV || errno == ENXIO )
            errno = EOPNOTSUPP;
        return -1;
    }
    if ( query_(fd, &q) )
        goto err;
    /* A device that would give anything but Normal-NC is of no use. */
    if ( q.abi_version != PRIVCMD_NC_ABI_VERSION ||
         q.s1_memtype != PRIVCMD_NC_S1_NORMAL_NC )
    {
        LOG(h, XTL_WARN, XU_NC_DEVICE ": ABI %u, stage-1 type %u: not used",
            q.abi_version, q.s1_memtype);
        errno = EOPNOTSUPP;
        goto err;
    }
    h->fd = fd;
    h->nc_s2_nc = (q.flags & PRIVCMD_NC_QF_S2_NC_FOREIGN) != 0;
    h->nc_toggle_flush = (q.flags & PRIVCMD_NC_QF_GUEST_CACHE_TRAP) != 0;
    h->nc_alias = (q.flags & PRIVCMD_NC_QF_CACHEABLE_ALIAS) != 0;
    LOG(h, XTL_DETAIL, XU_NC_DEVICE ": ABI %u, Xen features %#x%s%s%s%s",
        q.abi_version, q.xen_features,
        (q.flags & PRIVCMD_NC_QF_S2_NC_FOREIGN) ? ", NC stage 2" : "",
        h->nc_toggle_flush ? ", toggle flush" : "",
        q.fwb ? ", FWB" : "",
        h->nc_alias ? ", frames at dom0 RAM pages (cacheable alias)" : "");
    return 0;

 err:
    saved_errno = errno;
    close(fd);
    errno = saved_errno;
    return -1;
}

void osdep_xu_close(xu_fmem_handle *h)
{
    if ( h->fd >= 0 )
        close(h->fd);
    h->fd = -1;
}

int osdep_xu_nc_pages(xu_fmem_handle *h, uint64_t *nc_pages,
                      uint64_t *wb_pages)
{
    struct privcmd_nc_query q;

    if ( h->fd < 0 )
    {
        errno = EOPNOTSUPP;
        return -1;
    }
    if ( query_(h->fd, &q) )
        return -1;
    *nc_pages = q.nc_pages;
    *wb_pages = q.wb_pages;
    return 0;
}

/*
 * The device says its mappings are Normal-NC (the query); read the PTE of
 * the page at @addr back from the page tables (IOCTL_PRIVCMD_NC_PTE; the
 * caller asks for a mapping's first and last page), so that the report's
 * "stage-1 Normal-NC (PTE read back)" rests on what the MMU will use and
 * not only on the driver's word.  It is a debug ioctl, off unless the
 * module was loaded with debug_pte=1 (ENOTTY), and a caller without
 * CAP_SYS_ADMIN or on a restricted fd (EPERM) cannot read it either; the
 * check is then skipped and the log says so once.  Anything but a
 * present Normal-NC entry fails the mapping (EPROTO).
 */
static int check_pte_nc_(xu_fmem_handle *h, void *addr)
{
    struct privcmd_nc_pte p;

    memset(&p, 0, sizeof(p));
    p.addr = (uintptr_t)addr;
    if ( ioctl(h->fd, IOCTL_PRIVCMD_NC_PTE, &p) )
    {
        if ( errno != EPERM && errno != ENOTTY )
            return -1;
        if ( !h->nc_pte_logged )
            LOG(h, XTL_DETAIL, XU_NC_DEVICE ": PTEs not readable here "
                "(%s): stage-1 type as the device reports it",
                errno == ENOTTY ? "module without debug_pte=1" : "EPERM");
        h->nc_pte_logged = true;
        return 0;
    }
    if ( !(p.out_flags & PRIVCMD_NC_PTE_PRESENT) ||
         p.mair_attr != PRIVCMD_NC_MAIR_NORMAL_NC )
    {
        LOG(h, XTL_ERROR, XU_NC_DEVICE ": PTE %#llx at %p (AttrIndx %u, "
            "MAIR byte %#x%s): not Normal-NC, mapping not used",
            (unsigned long long)p.pte, addr, p.attr_index, p.mair_attr,
            (p.out_flags & PRIVCMD_NC_PTE_PRESENT) ? "" : ", not present");
        errno = EPROTO;
        return -1;
    }
    if ( !h->nc_pte_logged )
        LOG(h, XTL_DETAIL, XU_NC_DEVICE ": PTE %#llx read back: MAIR byte "
            "%#x, Normal-NC", (unsigned long long)p.pte, p.mair_attr);
    h->nc_pte_logged = h->nc_pte_read = true;
    return 0;
}

void *osdep_xu_map_nc(xu_fmem_handle *h, uint32_t domid, size_t pages,
                      const uint64_t arr[], int err[])
{
    struct privcmd_nc_mmapbatch_v2 batch;
    int *errs = err, saved_errno = 0;
    size_t len, i;
    void *addr;

    if ( h->fd < 0 )
    {
        errno = EOPNOTSUPP;
        return NULL;
    }
    if ( pages > UINT32_MAX || pages > SIZE_MAX >> XU_PAGE_SHIFT ||
         domid > UINT16_MAX )
    {
        errno = EINVAL;
        return NULL;
    }
    len = pages << XU_PAGE_SHIFT;
    if ( !errs && !(errs = calloc(pages, sizeof(*errs))) )
        return NULL;

    addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, h->fd, 0);
    if ( addr == MAP_FAILED )
    {
        addr = NULL;
        saved_errno = errno;
        goto out;
    }
    memset(&batch, 0, sizeof(batch));
    batch.num = pages;
    batch.dom = domid;
    batch.addr = (uintptr_t)addr;
    batch.arr = (uintptr_t)arr;
    batch.err = (uintptr_t)errs;
    if ( ioctl(h->fd, IOCTL_PRIVCMD_NC_MMAPBATCH_V2, &batch) )
        saved_errno = errno;
    else if ( !err )
    {
        /* No per-page report wanted: any failed page fails the map. */
        for ( i = 0; i < pages && !saved_errno; i++ )
            if ( errs[i] )
                saved_errno = -errs[i];
    }
    /* The first and the last page mapped: one PTE each, whatever the size. */
    if ( !saved_errno )
    {
        size_t first = 0, last = pages - 1;

        while ( first < pages && errs[first] )
            first++;
        while ( last > first && errs[last] )
            last--;
        if ( first < pages &&
             (check_pte_nc_(h, (char *)addr + (first << XU_PAGE_SHIFT)) ||
              (last > first &&
               check_pte_nc_(h, (char *)addr + (last << XU_PAGE_SHIFT)))) )
            saved_errno = errno;
    }
    if ( saved_errno )
    {
        munmap(addr, len);
        addr = NULL;
    }

 out:
    if ( errs != err )
        free(errs);
    errno = saved_errno;
    return addr;
}

int osdep_xu_unmap_nc(xu_fmem_handle *h, void *addr, size_t pages)
{
    (void)h;
    return munmap(addr, pages << XU_PAGE_SHIFT);
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
