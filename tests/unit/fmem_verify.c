/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fmem_verify: the verification option against a fake guest whose RAM is
 * a memfd, mapped page by page at each frame's offset, so that a write
 * through one mapping is what a later mapping reads (unlike
 * fmem_fallback's fakes).  This file defines xenforeignmemory_map/unmap and
 * xc_domain_cacheflush, so the static objects link to these.
 * Checks: a correct region passes and the report counts the read-back
 * apart from the writes; one flipped byte, a non-zero tail, a whole bad
 * chunk each fail with EIO and a log naming the offset; xu_dom_verify
 * checks kernel, modules, device tree and ACPI tables and names every bad
 * one; bad arguments are refused; a failing map leaves nothing mapped; in
 * cached+flush mode the read-back is flushed after its unmap;
 * xu_dom_acpi_flush() flushes exactly the ACPI modules' frames.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xentoollog.h>
#include <xenctrl.h>
#include <xenforeignmemory.h>

#include "tests.h"
#include "xg_compat.h"

#define RAM_PAGES 4096          /* 16 MiB of fake guest RAM */
#define RAM_BASE_PFN 0x40000

static int ram_fd = -1, nmapped, map_fail_at = -1, nflushed, flush_errno;
static unsigned int nmaps;
static xen_pfn_t flush_log[8][2];   /* start, count of the first 8 flushes */
static unsigned int nflushes;

void *xenforeignmemory_map(xenforeignmemory_handle *f, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[])
{
    char *base;
    size_t i;

    (void)f; (void)dom; (void)err;
    if ( (int)nmaps++ == map_fail_at )
    {
        errno = ENOMEM;
        return NULL;
    }
    base = mmap(NULL, pages << 12, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    if ( base == MAP_FAILED )
        return NULL;
    for ( i = 0; i < pages; i++ )
    {
        if ( arr[i] < RAM_BASE_PFN || arr[i] >= RAM_BASE_PFN + RAM_PAGES ||
             mmap(base + (i << 12), 4096, prot, MAP_SHARED | MAP_FIXED,
                  ram_fd, (off_t)(arr[i] - RAM_BASE_PFN) << 12) ==
             MAP_FAILED )
        {
            munmap(base, pages << 12);
            errno = EFAULT;
            return NULL;
        }
    }
    nmapped += pages;
    return base;
}

int xenforeignmemory_unmap(xenforeignmemory_handle *f, void *addr,
                           size_t pages)
{
    (void)f;
    nmapped -= pages;
    return munmap(addr, pages << 12);
}

int xc_domain_cacheflush(xc_interface *xch, uint32_t domid,
                         xen_pfn_t start, xen_pfn_t nr)
{
    (void)xch; (void)domid;
    if ( flush_errno )
    {
        errno = flush_errno;
        return -1;
    }
    if ( nflushes < 8 )
    {
        flush_log[nflushes][0] = start;
        flush_log[nflushes][1] = nr;
    }
    nflushes++;
    nflushed += nr;
    return 0;
}

/* Write @len bytes at guest frame @pfn through the backend, as a build. */
static void write_guest(xu_fmem_handle *h, uint64_t pfn, size_t pages,
                        const void *src, size_t len)
{
    uint64_t arr[64];
    unsigned char *p;
    size_t i;

    if ( pages > 64 )
        FAIL("write_guest: %zu pages", pages);
    for ( i = 0; i < pages; i++ )
        arr[i] = pfn + i;
    p = xu_fmem_map(h, 1, pages, arr, NULL);
    if ( !p )
        FAIL("map for writing: %s", strerror(errno));
    memset(p, 0, pages << 12);
    memcpy(p, src, len);
    if ( xu_fmem_unmap(h, p) )
        FAIL("unmap after writing: %s", strerror(errno));
}

/* Flip one byte of guest RAM behind the backend's back. */
static void poke(uint64_t pfn, size_t off)
{
    unsigned char b;
    off_t at = ((off_t)(pfn - RAM_BASE_PFN) << 12) + (off_t)off;

    if ( pread(ram_fd, &b, 1, at) != 1 )
        FAIL("pread");
    b ^= 0x40;
    if ( pwrite(ram_fd, &b, 1, at) != 1 )
        FAIL("pwrite");
}

static int logged(FILE *f, const char *log, const char *what)
{
    fflush(f);
    return strstr(log, what) != NULL;
}

int main(void)
{
    xc_interface *xch = (xc_interface *)&nmaps;
    xentoollog_logger_stdiostream *lg;
    static unsigned char kern[3 * 4096 + 100], initrd[10 * 4096 + 1],
                         dtb[700], kin[4 * 4096 + 16],
                         acpi0[2 * 4096 + 300], acpi1[10];
    unsigned long fpages = 0;
    static struct xc_dom_image dom;
    char *log = NULL, line[XU_FMEM_REPORT_MAX];
    size_t loglen = 0, i;
    FILE *f = open_memstream(&log, &loglen);
    xu_fmem_handle *h;

    ram_fd = memfd_create("guest-ram", 0);
    if ( ram_fd < 0 || ftruncate(ram_fd, (off_t)RAM_PAGES << 12) )
        CONFIG("memfd: %s", strerror(errno));
    for ( i = 0; i < sizeof(kern); i++ )
        kern[i] = (unsigned char)(i * 7 + 1);
    for ( i = 0; i < sizeof(initrd); i++ )
        initrd[i] = (unsigned char)(i * 13 + 5);
    for ( i = 0; i < sizeof(dtb); i++ )
        dtb[i] = (unsigned char)(i ^ 0xd0);

    lg = xtl_createlogger_stdiostream(f, XTL_DEBUG, 0);
    setenv(XU_WRITE_MODE_ENV, "cached+flush", 1);
    h = xu_fmem_open((xentoollog_logger *)lg, xch, XU_WRITE_AUTO);
    if ( !h )
        FAIL("open: %s", strerror(errno));

    /* A correct region, then the report: writes and read-back apart. */
    write_guest(h, RAM_BASE_PFN, 4, kern, sizeof(kern));
    nflushed = 0;
    EXPECT_RC(xu_fmem_verify(h, 1, RAM_BASE_PFN, 4, kern, sizeof(kern),
                             "kernel"), 0);
    EXPECT_EQ(nflushed, 4);     /* the read-back leaves no lines either */
    EXPECT_EQ(nmapped, 0);
    if ( !logged(f, log, "verify d1 kernel: 4 pages match, crc32 ") )
        FAIL("match not logged:\n%s", log);
    xu_fmem_report(h, 1, line, sizeof(line));
    if ( !strstr(line, ", 16384 bytes, 4 pages, ") ||
         !strstr(line, "; verified 16384 bytes in ") )
        FAIL("report: '%s'", line);

    /* One flipped byte in the middle page: EIO, offset named. */
    poke(RAM_BASE_PFN + 1, 0x123);
    errno = 0;
    if ( xu_fmem_verify(h, 1, RAM_BASE_PFN, 4, kern, sizeof(kern),
                        "kernel") != -1 || errno != EIO )
        FAIL("flipped byte not caught (errno %d)", errno);
    if ( !logged(f, log, "verify d1 kernel: 1 of 4 pages differ, the first "
                 "at offset 0x1000 (gpfn 0x40001)") )
        FAIL("mismatch not named:\n%s", log);
    EXPECT_EQ(nmapped, 0);
    poke(RAM_BASE_PFN + 1, 0x123);

    /* The tail past the blob must be zero: libxenguest cleared it. */
    poke(RAM_BASE_PFN + 3, 4000);
    errno = 0;
    if ( xu_fmem_verify(h, 1, RAM_BASE_PFN, 4, kern, sizeof(kern),
                        "kernel") != -1 || errno != EIO )
        FAIL("dirty tail not caught");
    poke(RAM_BASE_PFN + 3, 4000);
    EXPECT_RC(xu_fmem_verify(h, 1, RAM_BASE_PFN, 4, kern, sizeof(kern),
                             "kernel"), 0);

    /* Bad arguments. */
    errno = 0;
    if ( xu_fmem_verify(h, 1, RAM_BASE_PFN, 1, kern, sizeof(kern), "k") !=
         -1 || errno != EINVAL )
        FAIL("blob longer than the region accepted");
    if ( xu_fmem_verify(h, 1, RAM_BASE_PFN, 0, NULL, 0, "k") != -1 ||
         xu_fmem_verify(h, 1, RAM_BASE_PFN, 1, NULL, 5, "k") != -1 ||
         xu_fmem_verify(NULL, 1, RAM_BASE_PFN, 1, NULL, 0, "k") != -1 ||
         xu_fmem_verify(h, 1, RAM_BASE_PFN, 1, NULL, 0, NULL) != -1 ||
         xu_fmem_verify(h, 1, UINT64_MAX, 2, NULL, 0, "k") != -1 )
        FAIL("bad arguments accepted");

    /* A region of 2 chunks (1024 frames each), never written, so all
     * zero: its second map fails, then it passes, then one byte in the
     * second chunk is caught. */
    nmaps = 0;
    map_fail_at = 1;
    errno = 0;
    if ( xu_fmem_verify(h, 1, RAM_BASE_PFN + 2000, 2000, NULL, 0, "big") !=
         -1 || errno != ENOMEM )
        FAIL("failed map not reported (errno %d)", errno);
    map_fail_at = -1;
    EXPECT_EQ(nmapped, 0);
    EXPECT_RC(xu_fmem_verify(h, 1, RAM_BASE_PFN + 2000, 2000, NULL, 0,
                             "big"), 0);
    poke(RAM_BASE_PFN + 3900, 9);
    if ( xu_fmem_verify(h, 1, RAM_BASE_PFN + 2000, 2000, NULL, 0, "big") !=
         -1 ||
         !logged(f, log, "verify d1 big: 1 of 2000 pages differ, the first "
                 "at offset 0x76c000 (gpfn 0x40f3c)") )
        FAIL("mismatch in the second chunk not named:\n%s", log);
    poke(RAM_BASE_PFN + 3900, 9);

    /* xu_dom_verify: kernel, one module, the device tree. */
    dom.guest_domid = 1;
    dom.kernel_blob = kern;
    dom.kernel_size = sizeof(kern);
    dom.kernel_seg.pfn = RAM_BASE_PFN + 8;
    dom.kernel_seg.pages = 4;
    dom.num_modules = 1;
    dom.modules[0].blob = initrd;
    dom.modules[0].size = sizeof(initrd);
    dom.modules[0].seg.pfn = RAM_BASE_PFN + 16;
    dom.modules[0].seg.pages = 11;
    dom.devicetree_blob = dtb;
    dom.devicetree_size = sizeof(dtb);
    dom.devicetree_seg.pfn = RAM_BASE_PFN + 32;
    dom.devicetree_seg.pages = 1;
    write_guest(h, RAM_BASE_PFN + 8, 4, kern, sizeof(kern));
    write_guest(h, RAM_BASE_PFN + 16, 11, initrd, sizeof(initrd));
    write_guest(h, RAM_BASE_PFN + 32, 1, dtb, sizeof(dtb));
    EXPECT_RC(xu_dom_verify(h, &dom), 0);
    if ( !logged(f, log, "verify d1 module0: 11 pages match") ||
         !logged(f, log, "verify d1 devicetree: 1 pages match") )
        FAIL("segments not all checked:\n%s", log);

    /* The initrd's last byte and the DTB's first: both named, EIO. */
    poke(RAM_BASE_PFN + 26, 0);
    poke(RAM_BASE_PFN + 32, 0);
    errno = 0;
    if ( xu_dom_verify(h, &dom) != -1 || errno != EIO )
        FAIL("xu_dom_verify missed a corruption (errno %d)", errno);
    if ( !logged(f, log, "verify d1 module0: 1 of 11 pages differ, the "
                 "first at offset 0xa000") ||
         !logged(f, log, "verify d1 devicetree: 1 of 1 pages differ") )
        FAIL("not every bad segment named:\n%s", log);
    poke(RAM_BASE_PFN + 26, 0);
    poke(RAM_BASE_PFN + 32, 0);

    /*
     * A kernel inflated by libxenguest: its blob is the Image (here 4
     * pages, the whole segment) and 16 zero bytes, which the loader
     * did not copy.  A match; a non-zero byte there is not.
     */
    memcpy(kin, initrd, 4 * 4096);
    dom.kernel_blob = kin;
    dom.kernel_size = sizeof(kin);
    write_guest(h, RAM_BASE_PFN + 8, 4, kin, 4 * 4096);
    EXPECT_RC(xu_dom_verify(h, &dom), 0);
    kin[4 * 4096 + 15] = 1;
    if ( xu_dom_verify(h, &dom) != -1 || errno != EINVAL )
        FAIL("a non-zero byte past the kernel segment accepted");
    memcpy(kin, initrd, 4 * 4096);
    kin[4 * 4096 + 15] = 0;

    /*
     * ACPI tables (acpi=1): module 0 page aligned, 3 pages' worth, module
     * 1 of 10 bytes; then module 1 starts inside its page, which cannot
     * be checked.  A byte of module 0 flipped, and one of module 1's
     * data, are both named.  The rest of a module's last page is not
     * compared: libxenguest never clears it (a debug Xen's pages hold its
     * scrub pattern).
     */
    memset(acpi0, 0xa5, sizeof(acpi0));
    memset(acpi1, 0x5a, sizeof(acpi1));
    dom.acpi_modules[0].data = acpi0;
    dom.acpi_modules[0].length = sizeof(acpi0);
    dom.acpi_modules[0].guest_addr_out = (uint64_t)(RAM_BASE_PFN + 40) << 12;
    dom.acpi_modules[1].data = acpi1;
    dom.acpi_modules[1].length = sizeof(acpi1);
    dom.acpi_modules[1].guest_addr_out = (uint64_t)(RAM_BASE_PFN + 50) << 12;
    write_guest(h, RAM_BASE_PFN + 40, 3, acpi0, sizeof(acpi0));
    write_guest(h, RAM_BASE_PFN + 50, 1, acpi1, sizeof(acpi1));
    poke(RAM_BASE_PFN + 42, 300);       /* past module 0's data */
    poke(RAM_BASE_PFN + 50, 10);        /* past module 1's data */
    EXPECT_RC(xu_dom_verify(h, &dom), 0);
    if ( !logged(f, log, "verify d1 acpi0: 3 pages match") ||
         !logged(f, log, "verify d1 acpi1: 1 pages match") )
        FAIL("ACPI modules not checked:\n%s", log);
    poke(RAM_BASE_PFN + 41, 7);
    poke(RAM_BASE_PFN + 50, 9);
    errno = 0;
    if ( xu_dom_verify(h, &dom) != -1 || errno != EIO ||
         !logged(f, log, "verify d1 acpi0: 1 of 3 pages differ, the first "
                 "at offset 0x1000") ||
         !logged(f, log, "verify d1 acpi1: 1 of 1 pages differ") )
        FAIL("bad ACPI bytes not all named (errno %d):\n%s", errno, log);
    poke(RAM_BASE_PFN + 41, 7);
    poke(RAM_BASE_PFN + 50, 9);
    dom.acpi_modules[1].guest_addr_out += 8;
    errno = 0;
    if ( xu_dom_verify(h, &dom) != -1 || errno != EINVAL ||
         !logged(f, log, "verify d1 acpi1: starts at offset 0x8 of its "
                 "page: cannot be checked") )
        FAIL("unaligned ACPI module not refused (errno %d):\n%s", errno,
             log);

    /*
     * The flush: every frame of each module, as xc_dom_load_acpi() wrote
     * them (module 1 now ends 18 bytes into its page: still one frame),
     * through dom->xch; none for a build without ACPI; the domctl's
     * error is the caller's.
     */
    nflushes = 0;
    nflushed = 0;
    errno = 0;
    if ( xu_dom_acpi_flush(&dom, &fpages) != -1 || errno != EINVAL )
        FAIL("no xch accepted");
    dom.xch = xch;
    EXPECT_RC(xu_dom_acpi_flush(&dom, &fpages), 0);
    EXPECT_EQ(fpages, 4);
    EXPECT_EQ(nflushes, 2);
    EXPECT_EQ(flush_log[0][0], RAM_BASE_PFN + 40);
    EXPECT_EQ(flush_log[0][1], 3);
    EXPECT_EQ(flush_log[1][0], RAM_BASE_PFN + 50);
    EXPECT_EQ(flush_log[1][1], 1);
    dom.acpi_modules[1].guest_addr_out = (uint64_t)(RAM_BASE_PFN + 50) << 12;
    dom.acpi_modules[1].guest_addr_out += 4090;
    nflushes = 0;
    EXPECT_RC(xu_dom_acpi_flush(&dom, NULL), 0);
    EXPECT_EQ(flush_log[1][1], 2);     /* 10 bytes across a page end */
    dom.acpi_modules[1].guest_addr_out = UINT64_MAX - 4;
    if ( xu_dom_acpi_flush(&dom, NULL) != -1 || errno != EINVAL )
        FAIL("a wrapping ACPI module accepted");
    flush_errno = EPERM;
    dom.acpi_modules[1].length = 0;
    if ( xu_dom_acpi_flush(&dom, NULL) != -1 || errno != EPERM )
        FAIL("the domctl's error lost");
    flush_errno = 0;
    dom.acpi_modules[0].length = 0;
    nflushes = 0;
    fpages = 9;
    EXPECT_RC(xu_dom_acpi_flush(&dom, &fpages), 0);
    EXPECT_EQ(nflushes, 0);
    EXPECT_EQ(fpages, 0);
    EXPECT_RC(xu_dom_verify(h, &dom), 0);

    errno = 0;
    if ( xu_dom_verify(NULL, &dom) != -1 || errno != EINVAL ||
         xu_dom_verify(h, NULL) != -1 )
        FAIL("xu_dom_verify: NULL accepted");
    EXPECT_EQ(nmapped, 0);

    EXPECT_RC(xu_fmem_close(h), 0);
    xtl_logger_destroy((xentoollog_logger *)lg);
    fclose(f);
    free(log);
    close(ram_fd);
    PASS();
}
