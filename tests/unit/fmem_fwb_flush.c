/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fmem_fwb_flush: mode fwb comes from what Xen reports to toolstacks
 * (physinfo's XEN_SYSCTL_PHYSCAP_ARM_S2FWB), and drops the flush after
 * unmap only where FWB makes it unneeded for every domain a toolstack
 * can build.  With FWB the guest's stage 2 is forced Write-Back, so it
 * reads through the caches what the cached writes left there; but Xen
 * gives no FWB to a domain that owns a device (passthrough), which needs
 * an IOMMU: with one in use (XEN_SYSCTL_PHYSCAP_directio) the library
 * cannot tell, and keeps the flush (docs/model.md,
 * fwb_system_device_guest).  core.c linked against the fake device
 * (fake_nc_device.c), a fake physinfo sysctl (fake_physinfo.c) and fake
 * xenforeignmemory_* / xc_domain_cacheflush; the report says which, and
 * why.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include <xentoollog.h>
#include <xenctrl.h>
#include <xenforeignmemory.h>

#include "fake_cacheflush.h"
#include "fake_nc_device.h"
#include "fake_physinfo.h"
#include "private.h"
#include "tests.h"

void *xenforeignmemory_map(xenforeignmemory_handle *f, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[])
{
    void *p;

    (void)f; (void)dom; (void)prot; (void)arr; (void)err;
    p = mmap(NULL, pages << XU_PAGE_SHIFT, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

int xenforeignmemory_unmap(xenforeignmemory_handle *f, void *addr,
                           size_t pages)
{
    (void)f;
    return munmap(addr, pages << XU_PAGE_SHIFT);
}

/*
 * One build of 5 frames, mode @req asked for, physinfo answering @caps /
 * @arch_caps (or failing with @err); the mode chosen is returned, the
 * report line goes to @line.
 */
static enum xu_write_mode build(enum xu_write_mode req, int err,
                                uint32_t caps, uint32_t arch_caps,
                                char *line, size_t len)
{
    uint64_t pfns[5] = { 10, 11, 12, 20, 21 };
    enum xu_write_mode mode;
    xu_fmem_handle *h;
    void *p;

    fake_nc = (struct fake_nc){ .s2_nc = true };
    fake_physinfo = (struct fake_physinfo){
        .err = err, .capabilities = caps, .arch_capabilities = arch_caps };
    fake_cacheflush = (struct fake_cacheflush){ 0 };
    h = xu_fmem_open(NULL, (xc_interface *)&fake_cacheflush, req);
    if ( !h )
        FAIL("open: %s", strerror(errno));
    EXPECT_EQ(fake_physinfo.calls, 1);
    mode = xu_fmem_mode(h);
    p = xu_fmem_map(h, 7, 5, pfns, NULL);
    if ( !p )
        FAIL("map: %s", strerror(errno));
    memset(p, 0x5a, 5 << XU_PAGE_SHIFT);
    EXPECT_RC(xu_fmem_unmap(h, p), 0);
    xu_fmem_report(h, 7, line, len);
    EXPECT_RC(xu_fmem_close(h), 0);
    return mode;
}

#define FWB XEN_SYSCTL_PHYSCAP_ARM_S2FWB
#define TYPES "(stage-1 Normal-WB, stage-2 forced WB (FWB), "

static void expect_line(const char *what, const char *line,
                        const char *want)
{
    if ( !strstr(line, want) )
        FAIL("%s: report lacks '%s': '%s'", what, want, line);
}

int main(void)
{
    char line[XU_FMEM_REPORT_MAX];

    unsetenv(XU_WRITE_MODE_ENV);

    /* FWB reported, no IOMMU: mode fwb, no flush after unmap. */
    EXPECT_EQ(build(XU_WRITE_AUTO, 0, XEN_SYSCTL_PHYSCAP_hvm, FWB |
                    XEN_SYSCTL_PHYSCAP_ARM_FOREIGN_NC, line, sizeof(line)),
              XU_WRITE_FWB_CACHED);
    if ( fake_cacheflush.pages != 0 )
        FAIL("FWB, no IOMMU: %" PRIu64 " pages flushed after unmap",
             fake_cacheflush.pages);
    expect_line("FWB, no IOMMU", line, ": mode fwb, ");
    expect_line("FWB, no IOMMU", line, TYPES "not flushed); flush dropped: "
                "FWB reported by Xen");

    /* An IOMMU in use: the domain may own a device, and have no FWB. */
    EXPECT_EQ(build(XU_WRITE_AUTO, 0, XEN_SYSCTL_PHYSCAP_directio, FWB,
                    line, sizeof(line)), XU_WRITE_FWB_CACHED);
    if ( fake_cacheflush.pages != 5 )
        FAIL("FWB with an IOMMU: %" PRIu64 " of 5 pages flushed",
             fake_cacheflush.pages);
    expect_line("FWB with an IOMMU", line,
                TYPES "flushed); flush kept: IOMMU in use");

    /*
     * The device's word is not FWB: physinfo without the bit (stock Xen,
     * or the toggle flush only) gives mode nc through the device.
     */
    EXPECT_EQ(build(XU_WRITE_AUTO, 0, 0,
                    XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP, line,
                    sizeof(line)), XU_WRITE_NC);

    /* Mode fwb asked for where Xen reports none: the stock path. */
    EXPECT_EQ(build(XU_WRITE_FWB_CACHED, 0, 0, 0, line, sizeof(line)),
              XU_WRITE_CACHED_FLUSH);
    if ( fake_cacheflush.pages != 5 || strstr(line, "flush dropped") )
        FAIL("fwb asked, none reported: %" PRIu64 " pages flushed, '%s'",
             fake_cacheflush.pages, line);

    /* The sysctl failing (XSM, an unprivileged caller): nothing known. */
    EXPECT_EQ(build(XU_WRITE_FWB_CACHED, EPERM, 0, FWB, line,
                    sizeof(line)), XU_WRITE_CACHED_FLUSH);
    if ( fake_cacheflush.pages != 5 )
        FAIL("physinfo failing: %" PRIu64 " of 5 pages flushed",
             fake_cacheflush.pages);

    PASS();
}
