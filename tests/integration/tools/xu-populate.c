/* SPDX-License-Identifier: MIT */
/*
 * xu-populate DOMID GFN COUNT: give domain DOMID COUNT more pages of RAM,
 * from Xen's heap, at guest frames GFN.. (XENMEM_populate_physmap through
 * privcmd, as a domain builder does).  The pages stay with the domain
 * until it is destroyed: a builder that populated one page too many a
 * build would leak them so.  The planted one-page-a-round leak the leak
 * check's trend must catch (tests/integration/dom0/leak-plants.sh).
 *
 * Prints "populated N pages of domain D at gfn 0xG"; exit status 1 with
 * the reason if Xen refuses.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

int main(int argc, char **argv)
{
    xc_interface *xch;
    xen_pfn_t *gfns;
    unsigned long dom, count, i;
    unsigned long long gfn;
    int rc;

    if ( argc != 4 )
    {
        fprintf(stderr, "usage: xu-populate DOMID GFN COUNT\n");
        return 2;
    }
    dom = strtoul(argv[1], NULL, 0);
    gfn = strtoull(argv[2], NULL, 0);
    count = strtoul(argv[3], NULL, 0);
    if ( !count || count > 4096 )
    {
        fprintf(stderr, "xu-populate: COUNT must be 1 to 4096\n");
        return 2;
    }
    gfns = calloc(count, sizeof(*gfns));
    xch = xc_interface_open(NULL, NULL, 0);
    if ( !gfns || !xch )
    {
        fprintf(stderr, "xu-populate: cannot open libxenctrl: %s\n",
                strerror(errno));
        return 1;
    }
    for ( i = 0; i < count; i++ )
        gfns[i] = gfn + i;
    rc = xc_domain_populate_physmap_exact(xch, dom, count, 0, 0, gfns);
    if ( rc )
    {
        fprintf(stderr, "xu-populate: domain %lu, %lu pages at gfn 0x%llx: %s\n",
                dom, count, gfn, strerror(errno));
        return 1;
    }
    printf("populated %lu pages of domain %lu at gfn 0x%llx\n", count, dom, gfn);
    xc_interface_close(xch);
    free(gfns);
    return 0;
}
