/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_cacheflush.c: the cacheflush domctl for the backend tests (see
 * fake_cacheflush.h); always succeeds.
 */
#include <xenctrl.h>

#include "fake_cacheflush.h"

struct fake_cacheflush fake_cacheflush;

int xc_domain_cacheflush(xc_interface *xch, uint32_t domid,
                         xen_pfn_t start, xen_pfn_t nr)
{
    (void)xch; (void)domid; (void)start;
    fake_cacheflush.calls++;
    fake_cacheflush.pages += nr;
    return 0;
}
