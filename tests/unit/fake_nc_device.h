/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_nc_device.h: the backend's OS seam (osdep_xu_*) without a kernel,
 * for tests that link core.o but not linux.o.  The fake device always
 * maps (anonymous memory) and reports what fake_nc says, as QUERY would,
 * page counters included.
 */
#ifndef XU_FAKE_NC_DEVICE_H
#define XU_FAKE_NC_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

struct fake_nc {
    /* What the device reports (set before xu_fmem_open()). */
    bool s2_nc, alias, toggle_flush;
    /*
     * The stage 2 the fake Xen gives each map's frames, counted below in
     * nc_pages or wb_pages: NC if s2_nc offers it and not s2_wb (FWB, or
     * Xen refusing the NC space), else WB.  query_err: the counters'
     * query (osdep_xu_nc_pages) fails with this errno.
     */
    bool s2_wb;
    int query_err;
    /* What the backend did with it. */
    unsigned int maps, unmaps;
    uint64_t nc_pages, wb_pages;
};
extern struct fake_nc fake_nc;

#endif /* XU_FAKE_NC_DEVICE_H */
