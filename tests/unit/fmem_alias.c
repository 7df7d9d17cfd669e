/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fmem_alias: the backend with a fake uncached device (fake_nc_device.c,
 * linked instead of linux.o) that
 * reports its frames keep a cacheable dom0 alias (privcmd/ without
 * extended regions, QUERY flag PRIVCMD_NC_QF_CACHEABLE_ALIAS).  Such a
 * device gives no uncached mapping: the backend must not use it for NC
 * writes, must flush after unmap as the stock path does, and its build
 * report must make no NC claim.  The same device without the flag must
 * still give mode nc (the control).
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

static int stock_maps;

static void *anon_(size_t pages)
{
    void *p = mmap(NULL, pages << 12, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    return p == MAP_FAILED ? NULL : p;
}

void *xenforeignmemory_map(xenforeignmemory_handle *f, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[])
{
    (void)f; (void)dom; (void)prot; (void)arr; (void)err;
    stock_maps++;
    return anon_(pages);
}

int xenforeignmemory_unmap(xenforeignmemory_handle *f, void *addr,
                           size_t pages)
{
    (void)f;
    return munmap(addr, pages << 12);
}

/*
 * Open with the fake device in the given state, map and unmap 4 pages,
 * and return the report line in @line.  Returns the mode chosen.
 */
static enum xu_write_mode build_(xentoollog_logger *lg, int alias, int fwb,
                                 enum xu_write_mode req, char *line,
                                 size_t len)
{
    uint64_t pfns[4] = { 1, 2, 3, 4 };
    xu_fmem_handle *h;
    enum xu_write_mode mode;
    void *p;

    fake_nc = (struct fake_nc){ .alias = alias };
    /* FWB as Xen reports it to toolstacks (physinfo), not the device. */
    fake_physinfo = (struct fake_physinfo){
        .arch_capabilities = fwb ? XEN_SYSCTL_PHYSCAP_ARM_S2FWB : 0 };
    stock_maps = 0;
    fake_cacheflush = (struct fake_cacheflush){ 0 };
    h = xu_fmem_open(lg, (xc_interface *)&fake_cacheflush, req);
    if ( !h )
        FAIL("open: %s", strerror(errno));
    mode = xu_fmem_mode(h);
    p = xu_fmem_map(h, 7, 4, pfns, NULL);
    if ( !p )
        FAIL("map: %s", strerror(errno));
    memset(p, 0xa5, 4 << 12);
    EXPECT_RC(xu_fmem_unmap(h, p), 0);
    xu_fmem_report(h, 7, line, len);
    EXPECT_RC(xu_fmem_close(h), 0);
    return mode;
}

int main(void)
{
    xentoollog_logger_stdiostream *lg;
    char line[XU_FMEM_REPORT_MAX];
    char *log = NULL;
    size_t loglen = 0;
    FILE *f = open_memstream(&log, &loglen);
    enum xu_write_mode m;

    lg = xtl_createlogger_stdiostream(f, XTL_DEBUG, 0);
    unsetenv(XU_WRITE_MODE_ENV);

    /* Control: extended regions (no alias): NC through the device. */
    m = build_((xentoollog_logger *)lg, 0, 0, XU_WRITE_AUTO, line,
               sizeof(line));
    EXPECT_EQ(m, XU_WRITE_NC);
    EXPECT_EQ(fake_nc.maps, 1);
    if ( !strstr(line, ": mode nc, ") || !strstr(line, "Normal-NC") )
        FAIL("control report: '%s'", line);

    /*
     * Cacheable alias: cached writes, flushed, no NC claim anywhere (the
     * flush rule of mode nc itself is fmem_nc_flush's subject).
     */
    m = build_((xentoollog_logger *)lg, 1, 0, XU_WRITE_AUTO, line,
               sizeof(line));
    EXPECT_EQ(m, XU_WRITE_CACHED_FLUSH);
    EXPECT_EQ(fake_nc.maps, 0);
    EXPECT_EQ(stock_maps, 1);
    EXPECT_EQ(fake_cacheflush.calls, 1);
    if ( !strstr(line, ": mode cached+flush, ") || strstr(line, "-NC") )
        FAIL("alias report claims NC or wrong mode: '%s'", line);
    fflush(f);
    if ( !strstr(log, "uncached mapping unavailable (the device's frames "
                 "keep a cacheable dom0 alias)") )
        FAIL("fallback reason not logged:\n%s", log);

    /* Asking for NC explicitly does not get it either. */
    m = build_((xentoollog_logger *)lg, 1, 0, XU_WRITE_NC, line,
               sizeof(line));
    EXPECT_EQ(m, XU_WRITE_CACHED_FLUSH);
    EXPECT_EQ(fake_nc.maps, 0);
    EXPECT_EQ(fake_cacheflush.calls, 1);

    /* FWB still wins: cached writes are right there, alias or not. */
    m = build_((xentoollog_logger *)lg, 1, 1, XU_WRITE_AUTO, line,
               sizeof(line));
    EXPECT_EQ(m, XU_WRITE_FWB_CACHED);
    EXPECT_EQ(fake_nc.maps, 0);

    xtl_logger_destroy((xentoollog_logger *)lg);
    fclose(f);
    free(log);
    PASS();
}
