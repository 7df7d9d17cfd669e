/* SPDX-License-Identifier: MIT */
/*
 * xu-noflush.so: the toolstack's flush after unmap taken away, for the
 * cache oracle's cases that need a write mode without it where libxc
 * keeps it (tests/oracle/xen-cases: mode nc on a stock Xen, NC writes on
 * an FWB Xen; the model's `nc` rows, docs/model.md).
 *
 * Preloaded after the xl plugin (xu-xl puts the plugin first in
 * LD_PRELOAD), it stands in for libxenctrl's xc_domain_cacheflush() for
 * every caller in the process (libxc/'s backend, libxenguest): each call
 * is counted and answered with success, and nothing is flushed.  A
 * defect planted on purpose, as a test's negative side: never ship it.
 *
 * At exit it prints "xu-noflush: dropped N flushes (M pages)" on stderr,
 * so a case can tell that the flush it means to drop was asked for at
 * all (N = 0 means the case did not test what it says).
 *
 * No symbol version: the dynamic linker binds a versioned reference to
 * an unversioned definition, so one build serves every Xen release.
 */
#include <stdint.h>
#include <stdio.h>

#include <xenctrl.h>

static unsigned long calls_, pages_;

int xc_domain_cacheflush(xc_interface *xch, uint32_t domid,
                         xen_pfn_t first_pfn, xen_pfn_t nr_pfns)
{
    (void)xch;
    (void)domid;
    (void)first_pfn;
    calls_++;
    pages_ += nr_pfns;
    return 0;
}

static void __attribute__((destructor)) report_(void)
{
    fprintf(stderr, "xu-noflush: dropped %lu flushes (%lu pages)\n",
            calls_, pages_);
}
