/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fmem_reserved_dom: mappings of DOMID_XEN and DOMID_IO (what xentrace
 * maps) go to stock privcmd even in mode nc, since the uncached device
 * refuses them (privcmd/ioctl.c) and Xen accesses such pages cacheably;
 * they get no XEN_DOMCTL_cacheflush, which is about a guest's RAM.  A
 * guest's frames, in the same handle, still go through the device.
 * core.c linked against the fake device (fake_nc_device.c) and fake
 * xenforeignmemory_* / xc_domain_cacheflush.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include <xentoollog.h>
#include <xenctrl.h>
#include <xenforeignmemory.h>

#include "fake_nc_device.h"
#include "private.h"
#include "tests.h"

static unsigned int stock_maps, stock_unmaps, nflush;
static uint32_t stock_dom;

void *xenforeignmemory_map(xenforeignmemory_handle *f, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[])
{
    void *p;

    (void)f; (void)prot; (void)arr; (void)err;
    p = mmap(NULL, pages << XU_PAGE_SHIFT, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ( p == MAP_FAILED )
        return NULL;
    stock_maps++;
    stock_dom = dom;
    return p;
}

int xenforeignmemory_unmap(xenforeignmemory_handle *f, void *addr,
                           size_t pages)
{
    (void)f;
    stock_unmaps++;
    return munmap(addr, pages << XU_PAGE_SHIFT);
}

int xc_domain_cacheflush(xc_interface *xch, uint32_t domid,
                         xen_pfn_t start, xen_pfn_t nr)
{
    (void)xch; (void)start; (void)nr;
    if ( domid >= DOMID_FIRST_RESERVED )
        FAIL("cacheflush asked for d%#x, a reserved domain", domid);
    nflush++;
    return 0;
}

static void one(xu_fmem_handle *h, uint32_t domid)
{
    uint64_t pfns[2] = { 0x100, 0x101 };
    void *p;

    stock_maps = stock_unmaps = nflush = 0;
    fake_nc.maps = fake_nc.unmaps = 0;
    p = xu_fmem_map(h, domid, 2, pfns, NULL);
    if ( !p )
        FAIL("map d%#x: %s", domid, strerror(errno));
    EXPECT_RC(xu_fmem_unmap(h, p), 0);
}

int main(void)
{
    static const uint32_t reserved[] = { DOMID_XEN, DOMID_IO };
    xu_fmem_handle *h;
    unsigned int i;

    unsetenv(XU_WRITE_MODE_ENV);
    fake_nc = (struct fake_nc){ 0 };
    h = xu_fmem_open(NULL, (xc_interface *)&nflush, XU_WRITE_NC);
    if ( !h )
        FAIL("open: %s", strerror(errno));
    EXPECT_EQ(xu_fmem_mode(h), XU_WRITE_NC);

    for ( i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++ )
    {
        one(h, reserved[i]);
        if ( fake_nc.maps || stock_maps != 1 || stock_dom != reserved[i] )
            FAIL("d%#x: %u device maps, %u stock maps (of d%#x): wanted "
                 "stock privcmd only", reserved[i], fake_nc.maps,
                 stock_maps, stock_dom);
        EXPECT_EQ(stock_unmaps, 1);
        EXPECT_EQ(nflush, 0);
        /* The reserved domain's mapping does not degrade the handle. */
        EXPECT_EQ(xu_fmem_mode(h), XU_WRITE_NC);
    }

    /* A guest's frames still go through the device, and are flushed. */
    one(h, 7);
    if ( fake_nc.maps != 1 || stock_maps )
        FAIL("d7: %u device maps, %u stock maps: wanted the device",
             fake_nc.maps, stock_maps);
    EXPECT_EQ(nflush, 1);

    EXPECT_RC(xu_fmem_close(h), 0);
    PASS();
}
