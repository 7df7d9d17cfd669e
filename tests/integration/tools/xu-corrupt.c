/* SPDX-License-Identifier: MIT */
/*
 * xu-corrupt.so: a fault for the verification option to find.
 *
 * Preloaded after the xl plugin (xu-xl puts the plugin first in
 * LD_PRELOAD), it sits between the plugin's xc_dom_boot_image() and
 * libxenguest's: the plugin calls the "next" one, which is this.  Once the
 * real one has written, unmapped and flushed everything, it flips one byte
 * of the guest's first module (the initrd) in guest RAM, through a stock
 * mapping that it unmaps and flushes, so the flipped byte is in memory as
 * a stale line written back at the wrong time would be.  Then the plugin's
 * image_verify check runs: the build must fail, name the module and the
 * page, and leave no domain behind
 * (tests/integration/jobs/xl-plugin-nc.job).
 *
 * XU_CORRUPT_OFFSET=N picks the byte (default: the module's middle).
 *
 * XU_CORRUPT_ACPI=1 flips a byte of the ACPI tables (acpi=1; the first
 * ACPI module) instead: the check must cover what xc_dom_load_acpi()
 * wrote through its own mapping too.
 *
 * XU_CORRUPT_HOLE=1 takes that page out of the guest instead (its frame
 * given back to Xen): the read-back cannot map it, and the build must
 * fail for that reason ("could not be read back"), not pass unchecked.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xenguest.h>

/* The version libxenguest defines xc_dom_boot_image under, read from the
 * target's library at build time (xl-plugin/gen-vers). */
#include "xu-vers.h"

/* Flip the byte @off bytes past guest frame @base. */
static int flip_(struct xc_dom_image *dom, xen_pfn_t base, size_t off)
{
    xen_pfn_t pfn = base + (off >> XC_PAGE_SHIFT);
    xenforeignmemory_handle *fmem = xenforeignmemory_open(NULL, 0);
    unsigned char *p;
    int rc = -1;

    if ( !fmem )
        return -1;
    p = xenforeignmemory_map(fmem, dom->guest_domid, PROT_READ | PROT_WRITE,
                             1, &pfn, NULL);
    if ( p )
    {
        p[off & (XC_PAGE_SIZE - 1)] ^= 0x10;
        rc = xenforeignmemory_unmap(fmem, p, 1);
        if ( rc == 0 )
            rc = xc_domain_cacheflush(dom->xch, dom->guest_domid, pfn, 1);
    }
    xenforeignmemory_close(fmem);
    return rc;
}

/* Give the frame behind module0+off back to Xen: a hole in guest RAM. */
static int hole_(struct xc_dom_image *dom, size_t off)
{
    xen_pfn_t pfn = dom->modules[0].seg.pfn + (off >> XC_PAGE_SHIFT);

    return xc_domain_decrease_reservation_exact(dom->xch, dom->guest_domid,
                                                1, 0, &pfn);
}

int xc_dom_boot_image(struct xc_dom_image *dom)
{
    int (*real)(struct xc_dom_image *) =
        dlvsym(RTLD_NEXT, "xc_dom_boot_image", XU_VERS_xc_dom_boot_image);
    const char *env = getenv("XU_CORRUPT_OFFSET");
    size_t off;
    int rc;

    if ( !real )
    {
        fprintf(stderr, "xu-corrupt: xc_dom_boot_image@%s: %s\n",
                XU_VERS_xc_dom_boot_image, dlerror());
        abort();
    }
    rc = real(dom);
    if ( rc )
        return rc;
    if ( getenv("XU_CORRUPT_ACPI") )
    {
        const struct xc_hvm_firmware_module *m = &dom->acpi_modules[0];

        off = env ? strtoul(env, NULL, 0) : m->length / 2;
        if ( !m->length || off >= m->length ||
             flip_(dom, m->guest_addr_out >> XC_PAGE_SHIFT,
                   (m->guest_addr_out & (XC_PAGE_SIZE - 1)) + off) )
        {
            fprintf(stderr, "xu-corrupt: cannot flip acpi0+%#zx\n", off);
            abort();
        }
        fprintf(stderr, "xu-corrupt: flipped the byte at acpi0+%#zx\n", off);
        return 0;
    }
    if ( dom->num_modules < 1 || !dom->modules[0].size )
    {
        fprintf(stderr, "xu-corrupt: no module to corrupt\n");
        abort();
    }
    off = env ? strtoul(env, NULL, 0) : dom->modules[0].size / 2;
    if ( off < dom->modules[0].size && getenv("XU_CORRUPT_HOLE") )
    {
        if ( hole_(dom, off) )
        {
            fprintf(stderr, "xu-corrupt: cannot remove module0+%#zx\n", off);
            abort();
        }
        fprintf(stderr, "xu-corrupt: removed the page at module0+%#zx\n",
                off);
        return 0;
    }
    if ( off >= dom->modules[0].size ||
         flip_(dom, dom->modules[0].seg.pfn, off) )
    {
        fprintf(stderr, "xu-corrupt: cannot flip module0+%#zx\n", off);
        abort();
    }
    fprintf(stderr, "xu-corrupt: flipped the byte at module0+%#zx\n", off);
    return 0;
}
