/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fmem_s2_report: in mode nc the build report's stage-2 type is what the
 * frames got, not what Xen offers.  privcmd/ asks Xen for NC stage 2 only
 * where Xen offers the map space and does not use FWB, and Xen may refuse
 * the space per frame: the device then maps them write-back and counts
 * them so (QUERY's nc_pages, wb_pages).  So on an FWB Xen with mode nc
 * forced (XU_WRITE_MODE=nc) the device advertises NC stage 2 while every
 * frame gets WB; the report used to say "stage-2 Normal-NC" there.
 * core.c linked against the fake device (fake_nc_device.c: s2_wb makes
 * its fake Xen give WB), counting the pages mapped for writing since the
 * previous report (not xu_fmem_verify()'s read-back); with none counted,
 * or the query failing, the report says what Xen offers, as before.
 */
#include <errno.h>
#include <string.h>

#include <xentoollog.h>
#include <xenctrl.h>

#include "fake_cacheflush.h"
#include "fake_nc_device.h"
#include "fake_physinfo.h"
#include "private.h"
#include "tests.h"

/* Map and unmap @pages frames, the fake Xen giving WB stage 2 if @wb. */
static void write_(xu_fmem_handle *h, size_t pages, bool wb)
{
    uint64_t pfns[8] = { 10, 11, 12, 13, 20, 21, 22, 23 };
    void *p;

    fake_nc.s2_wb = wb;
    p = xu_fmem_map(h, 7, pages, pfns, NULL);
    if ( !p )
        FAIL("map: %s", strerror(errno));
    memset(p, 0x5a, pages << XU_PAGE_SHIFT);
    EXPECT_RC(xu_fmem_unmap(h, p), 0);
}

/* The report of @h has "stage-2 @want," (@what: the case). */
static void expect_s2(xu_fmem_handle *h, const char *what, const char *want)
{
    char line[XU_FMEM_REPORT_MAX], s2[96];

    xu_fmem_report(h, 7, line, sizeof(line));
    snprintf(s2, sizeof(s2), "stage-2 %s, flushed)", want);
    if ( !strstr(line, ": mode nc, ") || !strstr(line, s2) )
        FAIL("%s: report does not say '%s': '%s'", what, s2, line);
}

static xu_fmem_handle *open_(bool s2_nc)
{
    xu_fmem_handle *h;

    fake_nc = (struct fake_nc){ .s2_nc = s2_nc };
    h = xu_fmem_open(NULL, (xc_interface *)&fake_cacheflush, XU_WRITE_AUTO);
    if ( !h )
        FAIL("open: %s", strerror(errno));
    EXPECT_EQ(xu_fmem_mode(h), XU_WRITE_NC);
    return h;
}

int main(void)
{
    xu_fmem_handle *h;

    /* An FWB Xen, mode nc forced: what the emulated run showed. */
    setenv(XU_WRITE_MODE_ENV, "nc", 1);
    fake_physinfo = (struct fake_physinfo){
        .arch_capabilities = XEN_SYSCTL_PHYSCAP_ARM_S2FWB |
                             XEN_SYSCTL_PHYSCAP_ARM_FOREIGN_NC };

    /* NC stage 2 offered, every frame mapped WB. */
    h = open_(true);
    write_(h, 5, true);
    EXPECT_EQ(fake_nc.wb_pages, 5);
    expect_s2(h, "NC offered, all WB", "Normal-WB");

    /*
     * Mixed: 3 frames NC, then 2 refused (WB); counts for both, of the
     * writes only (the fake maps zeros, which verify as 4 empty pages).
     */
    write_(h, 3, false);
    write_(h, 2, true);
    EXPECT_RC(xu_fmem_verify(h, 7, 10, 4, NULL, 0, "read-back"), 0);
    EXPECT_EQ(fake_nc.wb_pages, 5 + 2 + 4);
    expect_s2(h, "mixed", "Normal-NC for 3 pages, Normal-WB for 2");

    /* Only the pages since the previous report count: NC alone now. */
    write_(h, 4, false);
    expect_s2(h, "NC since the mixed report", "Normal-NC");

    /* Nothing mapped since: what Xen offers, as before. */
    expect_s2(h, "nothing mapped", "Normal-NC");

    /* The query failing: nothing counted (8 WB frames), the offer. */
    fake_nc.query_err = EIO;
    write_(h, 8, true);
    expect_s2(h, "query failing", "Normal-NC");
    EXPECT_RC(xu_fmem_close(h), 0);

    /* The device's flag clear, no NC offered: WB, counted and said. */
    h = open_(false);
    write_(h, 8, false);
    EXPECT_EQ(fake_nc.nc_pages, 0);
    expect_s2(h, "no NC offered", "Normal-WB");
    EXPECT_RC(xu_fmem_close(h), 0);

    PASS();
}
