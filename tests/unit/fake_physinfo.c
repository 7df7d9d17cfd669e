/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_physinfo.c: the physinfo sysctl for the backend tests (see
 * fake_physinfo.h).
 */
#include <errno.h>
#include <string.h>

#include <xenctrl.h>

#include "fake_physinfo.h"

struct fake_physinfo fake_physinfo;

int xc_physinfo(xc_interface *xch, xc_physinfo_t *info)
{
    (void)xch;
    fake_physinfo.calls++;
    if ( fake_physinfo.err )
    {
        errno = fake_physinfo.err;
        return -1;
    }
    memset(info, 0, sizeof(*info));
    info->capabilities = fake_physinfo.capabilities;
    info->arch_capabilities = fake_physinfo.arch_capabilities;
    return 0;
}
