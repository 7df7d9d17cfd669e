/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fmem_fallback: the backend's fallback path against fake
 * xenforeignmemory_* and xc_domain_cacheflush (this file defines them, so
 * the static objects link to these instead of the real libraries).
 * Checks: the fallback is chosen and logged once, cacheflush runs come
 * *after* the unmap, split at non-contiguous frames and at 2^18 pages,
 * errors propagate, the report line has mode/bytes/pages/time.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include <xentoollog.h>
#include <xenctrl.h>
#include <xenforeignmemory.h>

#include "tests.h"

#define MAXCALLS 16

static int seq, unmap_seq, flush_fail;
static struct { uint64_t start, nr; int seq; } flushes[MAXCALLS];
static int nflush;

void *xenforeignmemory_map(xenforeignmemory_handle *f, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[])
{
    void *p;

    (void)f; (void)dom; (void)arr; (void)err;
    if ( prot != (PROT_READ | PROT_WRITE) )
        return NULL;
    p = mmap(NULL, pages << 12, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

int xenforeignmemory_unmap(xenforeignmemory_handle *f, void *addr,
                           size_t pages)
{
    (void)f;
    unmap_seq = ++seq;
    return munmap(addr, pages << 12);
}

int xc_domain_cacheflush(xc_interface *xch, uint32_t domid,
                         xen_pfn_t start, xen_pfn_t nr)
{
    (void)xch; (void)domid;
    if ( nflush < MAXCALLS )
    {
        flushes[nflush].start = start;
        flushes[nflush].nr = nr;
        flushes[nflush].seq = ++seq;
    }
    nflush++;
    if ( flush_fail )
    {
        errno = EFAULT;
        return -1;
    }
    return 0;
}

static unsigned int count(const char *hay, const char *needle)
{
    unsigned int n = 0;

    while ( (hay = strstr(hay, needle)) )
    {
        n++;
        hay++;
    }
    return n;
}

int main(void)
{
    xc_interface *xch = (xc_interface *)&nflush;
    xentoollog_logger_stdiostream *lg;
    xu_fmem_handle *h;
    char *log = NULL;
    char line[XU_FMEM_REPORT_MAX];
    size_t loglen = 0, big = (1u << 18) + 5, i;
    uint64_t pfns[5] = { 10, 11, 12, 20, 21 }, *bigpfns;
    FILE *f = open_memstream(&log, &loglen);
    void *p;

    lg = xtl_createlogger_stdiostream(f, XTL_DEBUG, 0);
    unsetenv(XU_WRITE_MODE_ENV);

    errno = 0;
    if ( xu_fmem_open(NULL, NULL, XU_WRITE_AUTO) || errno != EINVAL )
        FAIL("open without xch");

    h = xu_fmem_open((xentoollog_logger *)lg, xch, XU_WRITE_AUTO);
    if ( !h )
        FAIL("open: %s", strerror(errno));
    EXPECT_EQ(xu_fmem_mode(h), XU_WRITE_CACHED_FLUSH);

    /* Non-contiguous frames: two runs, both after the unmap. */
    p = xu_fmem_map(h, 7, 5, pfns, NULL);
    if ( !p )
        FAIL("map: %s", strerror(errno));
    memset(p, 0x5a, 5 << 12);
    EXPECT_RC(xu_fmem_unmap(h, p), 0);
    EXPECT_EQ(nflush, 2);
    EXPECT_EQ(flushes[0].start, 10);
    EXPECT_EQ(flushes[0].nr, 3);
    EXPECT_EQ(flushes[1].start, 20);
    EXPECT_EQ(flushes[1].nr, 2);
    if ( flushes[0].seq < unmap_seq )
        FAIL("cacheflush before munmap: the speculation race");

    /* 2^18 + 5 contiguous frames: split at the domctl's limit. */
    bigpfns = malloc(big * sizeof(*bigpfns));
    for ( i = 0; i < big; i++ )
        bigpfns[i] = 0x40000 + i;
    nflush = 0;
    p = xu_fmem_map(h, 7, big, bigpfns, NULL);
    if ( !p )
        FAIL("big map: %s", strerror(errno));
    EXPECT_RC(xu_fmem_unmap(h, p), 0);
    EXPECT_EQ(nflush, 2);
    EXPECT_EQ(flushes[0].nr, 1u << 18);
    EXPECT_EQ(flushes[1].start, 0x40000 + (1u << 18));
    EXPECT_EQ(flushes[1].nr, 5);
    free(bigpfns);

    /* Flush errors: reported, every run still attempted. */
    nflush = 0;
    flush_fail = 1;
    p = xu_fmem_map(h, 7, 5, pfns, NULL);
    errno = 0;
    if ( xu_fmem_unmap(h, p) != -1 || errno != EFAULT )
        FAIL("flush failure not reported (errno %d)", errno);
    EXPECT_EQ(nflush, 2);
    flush_fail = 0;

    /* Unknown address, bad arguments. */
    errno = 0;
    if ( xu_fmem_unmap(h, pfns) != -1 || errno != EINVAL )
        FAIL("unmap of a foreign pointer");
    if ( xu_fmem_map(h, 7, 0, pfns, NULL) || errno != EINVAL )
        FAIL("map of 0 pages");

    /* Report: one line, logged and handed back, then counters reset. */
    xu_fmem_report(h, 7, line, sizeof(line));
    fflush(f);
    if ( !strstr(log, line) || strncmp(line, "dom 7: mode cached+flush, ", 26) )
        FAIL("report line not handed back as logged: '%s'", line);
    if ( !strstr(log, "dom 7: mode cached+flush, ") ||
         !strstr(log, " bytes, ") || !strstr(log, " pages, ") ||
         !strstr(log, " ms") )
        FAIL("report line missing:\n%s", log);
    if ( !strstr(line, " ms (stage-1 Normal-WB, stage-2 Normal-WB, "
                 "flushed)") )
        FAIL("report lacks the memory types: '%s'", line);
    /* 5 + 2^18+5 + 5 pages mapped. */
    if ( !strstr(log, " 262159 pages, ") )
        FAIL("report page count wrong:\n%s", log);

    /* A mapping left at close is unmapped and flushed. */
    nflush = 0;
    p = xu_fmem_map(h, 7, 5, pfns, NULL);
    EXPECT_RC(xu_fmem_close(h), 0);
    EXPECT_EQ(nflush, 2);

    /* Fallback logged exactly once per handle. */
    fflush(f);
    if ( count(log, "falling back") != 1 )
        FAIL("fallback logged %u times:\n%s", count(log, "falling back"),
             log);

    /* Environment override: fwb cannot be honoured, nonsense refused. */
    setenv(XU_WRITE_MODE_ENV, "fwb", 1);
    h = xu_fmem_open((xentoollog_logger *)lg, xch, XU_WRITE_AUTO);
    if ( !h || xu_fmem_mode(h) != XU_WRITE_CACHED_FLUSH )
        FAIL("XU_WRITE_MODE=fwb");
    xu_fmem_close(h);
    setenv(XU_WRITE_MODE_ENV, "bogus", 1);
    errno = 0;
    if ( xu_fmem_open((xentoollog_logger *)lg, xch, XU_WRITE_AUTO) ||
         errno != EINVAL )
        FAIL("XU_WRITE_MODE=bogus accepted");
    unsetenv(XU_WRITE_MODE_ENV);

    xtl_logger_destroy((xentoollog_logger *)lg);
    fclose(f);
    free(log);
    PASS();
}
