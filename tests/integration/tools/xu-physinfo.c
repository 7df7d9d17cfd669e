/* SPDX-License-Identifier: MIT */
/*
 * xu-physinfo: Xen's memory figures in pages, for the leak checks
 * (tests/integration/dom0/steplib.sh).  `xl info` rounds free_memory
 * down to whole MiB (256 pages), which hides a leak of a few pages a
 * round; the physinfo sysctl behind it counts pages.
 *
 * Prints, one a line, "free_pages: N", "total_pages: N",
 * "scrub_pages: N", "outstanding_pages: N" (claimed but not yet
 * allocated).  Exit status 1, with the reason on stderr, if Xen cannot
 * be asked.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <xenctrl.h>

int main(void)
{
    xc_interface *xch = xc_interface_open(NULL, NULL, 0);
    xc_physinfo_t info = { 0 };

    if ( !xch )
    {
        fprintf(stderr, "xu-physinfo: cannot open the Xen control interface: %s\n",
                strerror(errno));
        return 1;
    }
    if ( xc_physinfo(xch, &info) )
    {
        fprintf(stderr, "xu-physinfo: physinfo sysctl failed: %s\n",
                strerror(errno));
        xc_interface_close(xch);
        return 1;
    }
    printf("free_pages: %llu\ntotal_pages: %llu\nscrub_pages: %llu\n"
           "outstanding_pages: %llu\n",
           (unsigned long long)info.free_pages,
           (unsigned long long)info.total_pages,
           (unsigned long long)info.scrub_pages,
           (unsigned long long)info.outstanding_pages);
    xc_interface_close(xch);
    return 0;
}

