/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_nc_device.h: the backend's OS seam (osdep_xu_*) without a kernel,
 * for tests that link core.o but not linux.o.  The fake device always
 * maps (anonymous memory) and reports what fake_nc says, as QUERY would.
 */
#ifndef XU_FAKE_NC_DEVICE_H
#define XU_FAKE_NC_DEVICE_H

#include <stdbool.h>

struct fake_nc {
    /* What the device reports (set before xu_fmem_open()). */
    bool s2_nc, alias, toggle_flush;
    /* What the backend did with it. */
    unsigned int maps, unmaps;
};
extern struct fake_nc fake_nc;

#endif /* XU_FAKE_NC_DEVICE_H */
