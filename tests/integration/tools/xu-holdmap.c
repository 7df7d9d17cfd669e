/* SPDX-License-Identifier: MIT */
/*
 * xu-holdmap DOMID PAGES FILE: map PAGES pages of domain DOMID's RAM
 * (from the start of bank 0) through stock privcmd and keep them mapped
 * until FILE exists.  A mapping held across `xl destroy` keeps the domain
 * dying: its name goes at once, its domid and pages stay.  The planted
 * defect the gone and leak checks must catch
 * (tests/integration/jobs/default.job, steps plant-*).
 *
 * Prints "holding N pages of domain D" once they are mapped; exit status
 * 1 with the reason if the map fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>

/* Guest RAM bank 0 starts at 1 GiB (xen/include/public/arch-arm.h). */
#define RAM0_PFN (0x40000000ULL >> XC_PAGE_SHIFT)

int main(int argc, char **argv)
{
    xenforeignmemory_handle *fmem;
    xen_pfn_t *pfns;
    int *errs;
    unsigned long dom, pages, i;
    void *p;

    if ( argc != 4 )
    {
        fprintf(stderr, "usage: xu-holdmap DOMID PAGES FILE\n");
        return 2;
    }
    dom = strtoul(argv[1], NULL, 0);
    pages = strtoul(argv[2], NULL, 0);
    pfns = calloc(pages, sizeof(*pfns));
    errs = calloc(pages, sizeof(*errs));
    fmem = xenforeignmemory_open(NULL, 0);
    if ( !pages || !pfns || !errs || !fmem )
    {
        fprintf(stderr, "xu-holdmap: cannot set up: %s\n", strerror(errno));
        return 1;
    }
    for ( i = 0; i < pages; i++ )
        pfns[i] = RAM0_PFN + i;
    p = xenforeignmemory_map(fmem, dom, PROT_READ, pages, pfns, errs);
    for ( i = 0; p && i < pages; i++ )
        if ( errs[i] )
        {
            fprintf(stderr, "xu-holdmap: page %lu: %s\n", i, strerror(-errs[i]));
            return 1;
        }
    if ( !p )
    {
        fprintf(stderr, "xu-holdmap: map of domain %lu failed: %s\n", dom,
                strerror(errno));
        return 1;
    }
    printf("holding %lu pages of domain %lu\n", pages, dom);
    fflush(stdout);
    while ( access(argv[3], F_OK) )
        usleep(100000);
    xenforeignmemory_unmap(fmem, p, pages);
    xenforeignmemory_close(fmem);
    return 0;
}
