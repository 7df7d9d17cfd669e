/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fmem_nc_flush: mode nc is never less safe than the stock path, and
 * drops the flush after unmap only where Xen reports what makes it
 * unneeded.  core.c linked against the fake device (fake_nc_device.c: it
 * always maps; its QUERY flags set as each case says), a fake physinfo
 * sysctl (fake_physinfo.c), stock mappings that fail the test
 * (fake_fmem_none.c) and a counting xc_domain_cacheflush.  A clean line
 * of the frames' old content, filled through Xen's directmap before the
 * writes, survives uncached writes
 * (docs/model.md, nc_stock_noflush): the flush after unmap removes it,
 * or Xen's toggle flush at the guest's cache enable does (project,
 * s1nc_toggle).  So the flush is dropped only when physinfo reports
 * XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP and no IOMMU is in use (Xen
 * arms no trap for a domain whose P2M the IOMMU shares, and the library
 * cannot tell whether it builds one); never on the device's word alone,
 * and the report says which, and why.
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

/*
 * One build of 5 frames in mode nc, the device's QUERY saying @toggle and
 * physinfo answering @caps / @arch_caps (or failing with @err); the report
 * line in @line.
 */
static void build(bool toggle, int err, uint32_t caps, uint32_t arch_caps,
                  char *line, size_t len)
{
    uint64_t pfns[5] = { 10, 11, 12, 20, 21 };
    xu_fmem_handle *h;
    void *p;

    fake_nc = (struct fake_nc){ .toggle_flush = toggle, .s2_nc = true };
    fake_physinfo = (struct fake_physinfo){
        .err = err, .capabilities = caps, .arch_capabilities = arch_caps };
    fake_cacheflush = (struct fake_cacheflush){ 0 };
    h = xu_fmem_open(NULL, (xc_interface *)&fake_cacheflush, XU_WRITE_NC);
    if ( !h )
        FAIL("open: %s", strerror(errno));
    EXPECT_EQ(xu_fmem_mode(h), XU_WRITE_NC);
    EXPECT_EQ(fake_physinfo.calls, 1);
    p = xu_fmem_map(h, 7, 5, pfns, NULL);
    if ( !p )
        FAIL("map: %s", strerror(errno));
    memset(p, 0x5a, 5 << XU_PAGE_SHIFT);
    EXPECT_RC(xu_fmem_unmap(h, p), 0);
    EXPECT_EQ(fake_nc.unmaps, 1);
    xu_fmem_report(h, 7, line, len);
    EXPECT_RC(xu_fmem_close(h), 0);
}

#define TRAP XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP
#define KEPT "(stage-1 Normal-NC, stage-2 Normal-NC, flushed); flush kept: "

/* The flush ran on all 5 frames and the report says so, and why. */
static void expect_kept(const char *what, const char *line, const char *why)
{
    if ( fake_cacheflush.pages != 5 )
        FAIL("%s: %" PRIu64 " of 5 pages flushed after unmap (%u calls)",
             what, fake_cacheflush.pages, fake_cacheflush.calls);
    if ( !strstr(line, "mode nc, ") || !strstr(line, KEPT) ||
         !strstr(line, why) )
        FAIL("%s: report does not say the flush was kept (%s): '%s'", what,
             why, line);
}

int main(void)
{
    char line[XU_FMEM_REPORT_MAX];

    unsetenv(XU_WRITE_MODE_ENV);

    /* Stock hypervisor: nothing cleans guest RAM at the cache enable. */
    build(false, 0, 0, 0, line, sizeof(line));
    expect_kept("stock Xen", line, "no toggle flush reported");

    /* The device's word is not enough: QUERY says toggle, physinfo not. */
    build(true, 0, 0, 0, line, sizeof(line));
    expect_kept("toggle flush in QUERY only", line,
                "no toggle flush reported");

    /* Bits of other meanings (SVE vector length, FWB, NC space) only. */
    build(true, 0, 0, 0x1f | XEN_SYSCTL_PHYSCAP_ARM_S2FWB |
          XEN_SYSCTL_PHYSCAP_ARM_FOREIGN_NC, line, sizeof(line));
    expect_kept("no trap bit", line, "no toggle flush reported");

    /* The sysctl failing (an unprivileged caller, XSM) keeps it too. */
    build(true, EPERM, 0, TRAP, line, sizeof(line));
    expect_kept("physinfo failing", line, "physinfo failed");

    /* An IOMMU in use: the domain may share its P2M, and have no trap. */
    build(false, 0, XEN_SYSCTL_PHYSCAP_directio, TRAP, line, sizeof(line));
    expect_kept("IOMMU in use", line, "IOMMU in use");

    /* The project's hypervisor, no IOMMU: Xen's toggle flush does it. */
    build(false, 0, XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap,
          TRAP | XEN_SYSCTL_PHYSCAP_ARM_FOREIGN_NC, line, sizeof(line));
    if ( fake_cacheflush.pages != 0 )
        FAIL("toggle flush reported: %" PRIu64 " pages flushed after unmap "
             "(%u calls)", fake_cacheflush.pages, fake_cacheflush.calls);
    if ( !strstr(line, "(stage-1 Normal-NC, stage-2 Normal-NC, not "
                 "flushed); flush dropped: toggle flush reported by Xen") )
        FAIL("report does not say the flush was dropped, and why: '%s'",
             line);

    PASS();
}
