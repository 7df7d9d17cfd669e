/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fmem_nc_flush: mode nc is never less safe than the stock path.  core.c
 * linked against the fake device (fake_nc_device.c: it always maps; here
 * with the toggle-flush capability on or off) and fake
 * xenforeignmemory_* / xc_domain_cacheflush.  Checks: uncached mappings
 * are flushed after their unmap (a clean line of the frames' old content,
 * filled through Xen's directmap before the writes, would otherwise
 * survive; docs/model.md, auto_stock_noflush) and the report says
 * "flushed", on a hypervisor without the toggle flush and on one that
 * reports it: the toggle flush is per domain (none for a domain whose
 * P2M the IOMMU shares, or that runs with FWB), the report is the
 * system's (docs/model.md, fwb_system_device_guest).
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

static unsigned int nflush;
static uint64_t flushed_pages;

void *xenforeignmemory_map(xenforeignmemory_handle *f, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[])
{
    (void)f; (void)dom; (void)prot; (void)pages; (void)arr; (void)err;
    FAIL("mode nc fell back to a cacheable mapping");
}

int xenforeignmemory_unmap(xenforeignmemory_handle *f, void *addr,
                           size_t pages)
{
    (void)f; (void)addr; (void)pages;
    FAIL("mode nc unmapped through xenforeignmemory");
}

int xc_domain_cacheflush(xc_interface *xch, uint32_t domid,
                         xen_pfn_t start, xen_pfn_t nr)
{
    (void)xch; (void)domid; (void)start;
    nflush++;
    flushed_pages += nr;
    return 0;
}

/* One build of 5 frames in mode nc; returns the report line in @line. */
static void build(bool toggle, char *line, size_t len)
{
    uint64_t pfns[5] = { 10, 11, 12, 20, 21 };
    xu_fmem_handle *h;
    void *p;

    fake_nc = (struct fake_nc){ .toggle_flush = toggle };
    nflush = 0;
    flushed_pages = 0;
    h = xu_fmem_open(NULL, (xc_interface *)&nflush, XU_WRITE_NC);
    if ( !h )
        FAIL("open: %s", strerror(errno));
    EXPECT_EQ(xu_fmem_mode(h), XU_WRITE_NC);
    p = xu_fmem_map(h, 7, 5, pfns, NULL);
    if ( !p )
        FAIL("map: %s", strerror(errno));
    memset(p, 0x5a, 5 << XU_PAGE_SHIFT);
    EXPECT_RC(xu_fmem_unmap(h, p), 0);
    EXPECT_EQ(fake_nc.unmaps, 1);
    xu_fmem_report(h, 7, line, len);
    EXPECT_RC(xu_fmem_close(h), 0);
}

int main(void)
{
    char line[XU_FMEM_REPORT_MAX];

    unsetenv(XU_WRITE_MODE_ENV);

    /* Stock hypervisor: nothing cleans guest RAM at the cache enable. */
    build(false, line, sizeof(line));
    if ( flushed_pages != 5 )
        FAIL("mode nc without the toggle flush: %" PRIu64 " of 5 pages "
             "flushed after unmap (%u calls)", flushed_pages, nflush);
    if ( !strstr(line, "mode nc, ") ||
         !strstr(line, "(stage-1 Normal-NC, stage-2 Normal-WB, flushed)") )
        FAIL("report does not say the nc writes were flushed: '%s'", line);

    /* The project's hypervisor reports the toggle flush: still flushed. */
    build(true, line, sizeof(line));
    if ( flushed_pages != 5 )
        FAIL("mode nc with the toggle flush reported: %" PRIu64 " of 5 "
             "pages flushed after unmap (%u calls)", flushed_pages, nflush);
    if ( !strstr(line, "(stage-1 Normal-NC, stage-2 Normal-WB, flushed)") )
        FAIL("report with the toggle flush: '%s'", line);

    PASS();
}
