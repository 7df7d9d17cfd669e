/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_nc_device.c: a fake uncached device behind the osdep_xu_* seam
 * (see fake_nc_device.h), shared by the tests that need one.
 */
#include <errno.h>
#include <sys/mman.h>

#include "private.h"
#include "fake_nc_device.h"

struct fake_nc fake_nc;

int osdep_xu_open(xu_fmem_handle *h)
{
    h->fd = 1000;               /* never used as a descriptor by core.c */
    h->nc_s2_nc = fake_nc.s2_nc;
    h->nc_alias = fake_nc.alias;
    h->nc_toggle_flush = fake_nc.toggle_flush;
    return 0;
}

void osdep_xu_close(xu_fmem_handle *h)
{
    h->fd = -1;
}

void *osdep_xu_map_nc(xu_fmem_handle *h, uint32_t domid, size_t pages,
                      const uint64_t arr[], int err[])
{
    void *p;

    (void)h; (void)domid; (void)arr; (void)err;
    p = mmap(NULL, pages << XU_PAGE_SHIFT, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if ( p == MAP_FAILED )
        return NULL;
    fake_nc.maps++;
    if ( fake_nc.s2_nc && !fake_nc.s2_wb )
        fake_nc.nc_pages += pages;
    else
        fake_nc.wb_pages += pages;
    return p;
}

int osdep_xu_nc_pages(xu_fmem_handle *h, uint64_t *nc_pages,
                      uint64_t *wb_pages)
{
    (void)h;
    if ( fake_nc.query_err )
    {
        errno = fake_nc.query_err;
        return -1;
    }
    *nc_pages = fake_nc.nc_pages;
    *wb_pages = fake_nc.wb_pages;
    return 0;
}

int osdep_xu_unmap_nc(xu_fmem_handle *h, void *addr, size_t pages)
{
    (void)h;
    fake_nc.unmaps++;
    return munmap(addr, pages << XU_PAGE_SHIFT);
}
